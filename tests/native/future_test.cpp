// Future<T>: asyncio.Future's states, errors and done-callback rules.
#include <memory>
#include <stdexcept>

#include "async/errors.hpp"
#include "async/future.hpp"
#include "runtime_fixture.hpp"

namespace coflags::async::testing {
namespace {

using FutureTest = RuntimeTest;

TEST_F(FutureTest, ResultBeforeDoneRaisesInvalidStateError) {
  Future<int> f;
  EXPECT_FALSE(f.done());
  EXPECT_THROW(f.result(), InvalidStateError);
  EXPECT_THROW(f.exception(), InvalidStateError);
}

TEST_F(FutureTest, SetResultMakesItDone) {
  Future<int> f;
  f.set_result(7);
  EXPECT_TRUE(f.done());
  EXPECT_FALSE(f.cancelled());
  EXPECT_EQ(f.result(), 7);
  EXPECT_EQ(f.exception(), nullptr);
}

TEST_F(FutureTest, SettingTwiceRaisesInvalidStateError) {
  Future<int> f;
  f.set_result(1);
  EXPECT_THROW(f.set_result(2), InvalidStateError);
  EXPECT_THROW(f.set_exception(std::make_exception_ptr(std::runtime_error("x"))), InvalidStateError);
  EXPECT_EQ(f.result(), 1);
}

TEST_F(FutureTest, ExceptionIsRethrownByResult) {
  Future<int> f;
  f.set_exception(std::make_exception_ptr(std::runtime_error("boom")));
  EXPECT_THROW(f.result(), std::runtime_error);
  EXPECT_NE(f.exception(), nullptr);
}

TEST_F(FutureTest, CancelledFutureRaisesCancelledError) {
  Future<void> f;
  EXPECT_TRUE(f.cancel());
  EXPECT_TRUE(f.cancelled());
  EXPECT_TRUE(f.done());
  EXPECT_FALSE(f.cancel()) << "cancelling a done future returns false";
  EXPECT_THROW(f.result(), CancelledError);
  EXPECT_THROW(f.exception(), CancelledError);
  EXPECT_THROW(f.set_result(), InvalidStateError);
}

TEST_F(FutureTest, DoneCallbacksRunThroughTheLoopNeverInline) {
  Future<int> f;
  int calls = 0;
  int seen = 0;
  f.add_done_callback([&](Future<int>& done) {
    ++calls;
    seen = done.result();
  });
  f.set_result(5);
  EXPECT_EQ(calls, 0) << "set_result must not run callbacks inline";
  loop_.run_once();
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(seen, 5);
  run_ready();
  EXPECT_EQ(calls, 1) << "a callback runs once";
}

TEST_F(FutureTest, CallbackOnDoneFutureIsStillDeferred) {
  Future<int> f;
  f.set_result(1);
  int calls = 0;
  f.add_done_callback([&] { ++calls; });
  EXPECT_EQ(calls, 0);
  loop_.run_once();
  EXPECT_EQ(calls, 1);
}

TEST_F(FutureTest, CallbacksRunInRegistrationOrder) {
  Future<void> f;
  std::string order;
  for (char c : std::string("abcd")) f.add_done_callback([&order, c] { order += c; });
  f.set_result();
  run_ready();
  EXPECT_EQ(order, "abcd");
}

TEST_F(FutureTest, RemovedCallbackNeverRuns) {
  Future<void> f;
  int a = 0, b = 0;
  CallbackId id = f.add_done_callback([&] { ++a; });
  f.add_done_callback([&] { ++b; });
  EXPECT_EQ(f.remove_done_callback(id), 1);
  EXPECT_EQ(f.remove_done_callback(id), 0);
  f.set_result();
  run_ready();
  EXPECT_EQ(a, 0);
  EXPECT_EQ(b, 1);
}

TEST_F(FutureTest, CallbackExceptionIsReportedAndTheLoopGoesOn) {
  Future<void> f;
  int after = 0;
  f.add_done_callback([] { throw std::runtime_error("callback failed"); });
  f.add_done_callback([&] { ++after; });
  f.set_result();
  run_ready();
  EXPECT_EQ(after, 1);
  ASSERT_EQ(errors_.size(), 1u);
  EXPECT_NE(errors_[0].find("callback failed"), std::string::npos);
}

TEST_F(FutureTest, PendingCallbackDoesNotKeepTheFutureAlive) {
  // The callback holds no reference: dropping the last handle frees the
  // future, and with it the callback and what the callback captured.
  int calls = 0;
  auto captured = std::make_shared<int>(0);
  std::weak_ptr<int> watch = captured;
  {
    Future<int> f;
    f.add_done_callback([&calls, captured = std::move(captured)] { ++calls; });
  }
  EXPECT_TRUE(watch.expired()) << "the future (or its callback) outlived its last handle";
  run_ready();
  EXPECT_EQ(calls, 0);
}

TEST_F(FutureTest, UnretrievedExceptionIsReported) {
  {
    Future<int> f;
    f.set_exception(std::make_exception_ptr(std::runtime_error("lost")));
  }
  ASSERT_EQ(errors_.size(), 1u);
  EXPECT_NE(errors_[0].find("never retrieved"), std::string::npos);
  EXPECT_NE(errors_[0].find("lost"), std::string::npos);
}

TEST_F(FutureTest, AwaitingAPendingFutureResumesWithItsValue) {
  Future<int> f;
  auto waiter = [](Future<int> fut) -> Task<int> { co_return co_await fut + 1; };
  Future<int> t = spawn(waiter(f));
  run_ready();
  EXPECT_FALSE(t.done());
  f.set_result(41);
  run_ready();
  EXPECT_EQ(t.result(), 42);
}

TEST_F(FutureTest, AwaitingAFailedFutureRethrows) {
  Future<int> f;
  f.set_exception(std::make_exception_ptr(std::out_of_range("range")));
  auto waiter = [](Future<int> fut) -> Task<int> { co_return co_await fut; };
  EXPECT_THROW(run(waiter(f)), std::out_of_range);
}

}  // namespace
}  // namespace coflags::async::testing

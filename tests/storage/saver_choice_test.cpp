#include "app/storage/saver_choice.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "async/sleep.hpp"
#include "runtime_fixture.hpp"

namespace coflags::app {
namespace {

using namespace std::chrono_literals;

// Keeps the names it saved; each save costs `ms_per_save` of "main thread" and waits `wait` of loop time.
class RecordingSaver final : public MeteredSaver {
 public:
  explicit RecordingSaver(double ms_per_save, async::Duration wait = {}) : ms_(ms_per_save), wait_(wait) {}
  async::Task<void> save(std::string file_name, flags::SharedBytes, std::optional<flags::CountryMetadata>) override {
    cost_.add_flag(ms_);
    if (file_name == fail_on) throw std::runtime_error("quota exceeded");
    if (wait_ > async::Duration{}) co_await async::sleep(wait_);
    names.push_back(std::move(file_name));
  }
  const MainThreadCost& main_thread_cost() const override { return cost_; }
  std::vector<std::string> names;
  std::string fail_on;

 private:
  double ms_;
  async::Duration wait_;
  MainThreadCost cost_;
};

flags::SharedBytes some_bytes() { return std::make_shared<const flags::Bytes>(flags::Bytes{1, 2, 3}); }

class SaverChoiceTest : public async::testing::RuntimeTest {
 protected:
  RecordingSaver worker_{0.1, 100ms};
  RecordingSaver on_loop_{2.0};
  SaverChoice choice_{worker_, on_loop_};
};

TEST_F(SaverChoiceTest, SavesInTheWorkerUntilTheLoopIsChosen) {
  EXPECT_EQ(choice_.chosen(), SaveWhere::worker);
  run(choice_.save("br.gif", some_bytes(), std::nullopt));
  choice_.choose(SaveWhere::loop);
  run(choice_.save("fr.gif", some_bytes(), std::nullopt));
  run(choice_.save("jp.gif", some_bytes(), std::nullopt));
  EXPECT_EQ(worker_.names, std::vector<std::string>{"br.gif"});
  EXPECT_EQ(on_loop_.names, (std::vector<std::string>{"fr.gif", "jp.gif"}));
  EXPECT_EQ(choice_.saves(SaveWhere::worker), 1);
  EXPECT_EQ(choice_.saves(SaveWhere::loop), 2);
  EXPECT_DOUBLE_EQ(choice_.main_thread_ms(SaveWhere::worker), 0.1);
  EXPECT_DOUBLE_EQ(choice_.main_thread_ms(SaveWhere::loop), 4.0);
  EXPECT_DOUBLE_EQ(choice_.main_thread_ms(), 4.1);
  EXPECT_DOUBLE_EQ(choice_.cost(SaveWhere::loop).median_flag_ms(), 2.0);
  EXPECT_EQ(save_where_name(choice_.chosen()), "loop");
}

TEST_F(SaverChoiceTest, ASaveInFlightFinishesWhereItStartedWhenTheChoiceChanges) {
  async::Future<void> in_worker = async::spawn(choice_.save("br.gif", some_bytes(), std::nullopt));
  run_ready();  // the worker's save is waiting for its commit
  choice_.choose(SaveWhere::loop);
  run(choice_.save("fr.gif", some_bytes(), std::nullopt));
  EXPECT_TRUE(on_loop_.names == std::vector<std::string>{"fr.gif"});
  EXPECT_FALSE(in_worker.done());
  run_until_complete(loop_, in_worker);
  EXPECT_EQ(worker_.names, std::vector<std::string>{"br.gif"});
  EXPECT_EQ(choice_.saves(SaveWhere::worker), 1);
}

TEST_F(SaverChoiceTest, AFailedSaveReachesTheCallerAndIsNotCounted) {
  choice_.choose(SaveWhere::loop);
  on_loop_.fail_on = "br.gif";
  EXPECT_THROW(run(choice_.save("br.gif", some_bytes(), std::nullopt)), std::runtime_error);
  EXPECT_EQ(choice_.saves(SaveWhere::loop), 0);
  EXPECT_DOUBLE_EQ(choice_.main_thread_ms(SaveWhere::loop), 2.0) << "the failed attempt still cost the loop";
}

}  // namespace
}  // namespace coflags::app

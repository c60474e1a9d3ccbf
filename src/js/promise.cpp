#include "js/promise.hpp"

#include <emscripten.h>

#include "js/handle_table.hpp"
#include "js/string.hpp"

namespace coflags::js {
namespace {

struct Waiter {
  async::Future<void> future;
  detail::MakeError make_error;
};

HandleTable<Waiter>& waiters() {
  static HandleTable<Waiter> table;
  return table;
}

}  // namespace

PendingPromise detail::expect_promise(MakeError make_error) {
  PendingPromise call;
  call.id = waiters().insert(Waiter{call.future, make_error});
  return call;
}

}  // namespace coflags::js

// Called by coflagsSettlePromise (bridge.js); `error` is malloc'ed by JS, or null.
extern "C" EMSCRIPTEN_KEEPALIVE void coflags_js_promise_settled(std::uint32_t id, char* error) {
  using namespace coflags::js;
  std::optional<std::string> message = adopt_string(error);
  auto waiter = waiters().take(id);
  if (!waiter || waiter->future.done()) return;  // done: its waiter was cancelled
  if (message) {
    waiter->future.set_exception(waiter->make_error(*message));
  } else {
    waiter->future.set_result();
  }
}

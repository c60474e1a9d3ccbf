// Task<T>: a lazy coroutine. Nothing runs until it is awaited (the child runs
// as part of the awaiting task) or spawned (it becomes a task of its own,
// scheduled on the loop, and spawn() returns a Future<T> for it).
//
//   Task<int> slow() { co_await sleep(3s); co_return 42; }
//   Task<void> supervisor() {
//     Future<void> spinner = spawn(spin("thinking!"));
//     int answer = co_await slow();   // values and exceptions propagate
//     spinner.cancel();               // CancelledError at spin's co_await
//   }
//
// Differences from asyncio: a coroutine is not a task until spawned (asyncio
// coroutines are also lazy); `co_await task_object` starts the child through
// the loop's ready queue rather than inline, because wasm without tail calls
// cannot resume one coroutine from inside another (see loop.hpp). The promise
// is the future's shared state, so spawn() allocates nothing beyond the frame.
#pragma once

#include <cassert>
#include <exception>
#include <type_traits>
#include <utility>

#include "async/errors.hpp"
#include "async/frame_pool.hpp"
#include "async/future.hpp"
#include "async/task_state.hpp"

namespace coflags::async {

template <class T>
class Task;

namespace detail {
// Coroutine frames alive now, for leak checks in tests.
inline long live_frame_count = 0;
}  // namespace detail

inline long live_frames() { return detail::live_frame_count; }

// return_value for Task<T>, return_void for Task<void>.
template <class Promise, class T>
class PromiseReturn {
 public:
  template <class U>
  requires std::is_convertible_v<U&&, T>
  void return_value(U&& value) { static_cast<Promise*>(this)->store_value(std::forward<U>(value)); }
};
template <class Promise>
class PromiseReturn<Promise, void> {
 public:
  void return_void() noexcept {}
};

template <class T>
class TaskPromise final : public ValueFuture<T>, public TaskState, public PromiseReturn<TaskPromise<T>, T> {
 public:
  using Handle = coro::coroutine_handle<TaskPromise>;

  TaskPromise() noexcept { ++detail::live_frame_count; }
  ~TaskPromise() override { --detail::live_frame_count; }

  // Frames come from the recycling pool (frame_pool.hpp).
  static void* operator new(std::size_t size) { return detail::allocate_frame(size); }
  static void operator delete(void* p, std::size_t size) noexcept { detail::free_frame(p, size); }

  Task<T> get_return_object() noexcept;
  coro::suspend_always initial_suspend() noexcept { return {}; }

  // Finishing happens in await_ready: when the task held the last reference
  // to itself, it returns true and the frame is freed by running off its
  // end. Calling destroy() from await_suspend instead would put an indirect
  // void(i8*) call right before a suspend, which LLVM 14 marks musttail and
  // wasm without tail calls cannot build.
  struct FinalAwaiter {
    TaskPromise* promise;
    bool await_ready() const noexcept { return promise->on_final(); }
    void await_suspend(Handle) const noexcept {}
    void await_resume() const noexcept {}
  };
  FinalAwaiter final_suspend() noexcept { return {this}; }

  template <class U>
  void store_value(U&& value) {
    this->value_.emplace(std::forward<U>(value));
  }
  void unhandled_exception() noexcept {
    this->error_ = std::current_exception();
    try {
      throw;
    } catch (const CancelledError&) {
      exited_cancelled_ = true;
    } catch (...) {}
  }

  TaskState* root_state() noexcept { return root_; }
  bool started() const noexcept { return started_; }

  bool cancel() override { return cancel_task(); }
  bool cancel_task() override {
    if (this->done() || !is_root_) return false;
    return request_cancel();
  }

  // spawn(): becomes a root task with a reference held until it finishes.
  void start_as_root() noexcept {
    assert(!started_);
    started_ = true;
    is_root_ = true;
    root_ = this;
    this->add_ref();
    current_loop().register_task(*this);
    current_loop().call_soon(&TaskPromise::first_step, this);
  }
  // co_await on a Task: runs as part of the awaiting task.
  void start_as_child(coro::coroutine_handle<> continuation, TaskState* root) noexcept {
    assert(!started_);
    started_ = true;
    continuation_address_ = continuation.address();
    root_ = root;
    current_loop().resume_soon(Handle::from_promise(*this));
  }

  // The child's outcome for the awaiter: value, exception, or CancelledError.
  T take_result() {
    if (this->cancelled()) throw_cancelled();
    if (this->error_) std::rethrow_exception(this->error_.take());
    if constexpr (!std::is_void_v<T>) return std::move(*this->value_);
  }

 protected:
  void destroy() noexcept override { coro::destroy_frame(Handle::from_promise(*this)); }
  void abandon() noexcept override {
    if (!this->done()) {
      this->error_ = nullptr;
      this->finish(FutureBase::Status::cancelled);
    }
    if (this->drop_ref()) coro::destroy_frame(Handle::from_promise(*this));
  }

 private:
  // A task cancelled before its first step never runs.
  static void first_step(void* self) {
    auto& promise = *static_cast<TaskPromise*>(self);
    if (promise.must_cancel_) {
      promise.must_cancel_ = false;
      promise.exited_cancelled_ = true;
      if (promise.on_final()) coro::destroy_frame(Handle::from_promise(promise));
      return;
    }
    Handle::from_promise(promise).resume();
  }

  // Sets the outcome and tells the waiters; true if the frame must now be freed.
  bool on_final() noexcept {
    // A cancel still pending when the coroutine ends turns a value into a
    // cancellation, but an exception is kept (asyncio's Task.__step).
    bool cancelled = exited_cancelled_ || (is_root_ && must_cancel_ && !this->error_);
    if (cancelled) this->error_ = nullptr;
    this->finish(cancelled ? FutureBase::Status::cancelled : FutureBase::Status::finished);
    if (!is_root_ && continuation_address_) {
      current_loop().resume_soon(coro::coroutine_handle<>::from_address(continuation_address_));
    }
    if (!is_root_) return false;
    current_loop().unregister_task(*this);
    return this->drop_ref();  // the reference held while running
  }

  TaskState* root_ = nullptr;
};

template <class T>
class TaskAwaiter {
 public:
  explicit TaskAwaiter(coro::coroutine_handle<TaskPromise<T>> child) : child_(child) {}
  bool await_ready() const noexcept { return false; }
  template <class Promise>
  void await_suspend(coro::coroutine_handle<Promise> parent) noexcept {
    child_.promise().start_as_child(parent, parent.promise().root_state());
  }
  T await_resume() { return child_.promise().take_result(); }

 private:
  coro::coroutine_handle<TaskPromise<T>> child_;
};

template <class T = void>
class [[nodiscard]] Task {
 public:
  using promise_type = TaskPromise<T>;
  using value_type = T;

  Task() = default;
  Task(Task&& other) noexcept : handle_(std::exchange(other.handle_, nullptr)) {}
  Task& operator=(Task&& other) noexcept {
    if (this != &other) {
      reset();
      handle_ = std::exchange(other.handle_, nullptr);
    }
    return *this;
  }
  ~Task() { reset(); }

  explicit operator bool() const { return static_cast<bool>(handle_); }

  TaskAwaiter<T> operator co_await() && {
    assert(handle_ && !handle_.promise().started());
    return TaskAwaiter<T>(handle_);
  }

 private:
  template <class U>
  friend class TaskPromise;
  template <class U>
  friend Future<U> spawn(Task<U> task) noexcept;

  explicit Task(coro::coroutine_handle<promise_type> handle) : handle_(handle) { handle_.promise().add_ref(); }
  void reset() {
    // Destroys an unstarted frame; a finished child's frame goes with the last reference.
    if (handle_) std::exchange(handle_, nullptr).promise().release();
  }

  coro::coroutine_handle<promise_type> handle_;
};

template <class T>
Task<T> TaskPromise<T>::get_return_object() noexcept {
  return Task<T>(Handle::from_promise(*this));
}

// asyncio's create_task: schedules the task's first step and returns its future.
template <class T>
Future<T> spawn(Task<T> task) noexcept {
  assert(task.handle_);
  TaskPromise<T>& promise = task.handle_.promise();
  promise.start_as_root();
  return Future<T>(&promise);
}

}  // namespace coflags::async

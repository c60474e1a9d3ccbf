// Open connections by listener family (HTTP/1.1, HTTP/2 over TLS): each family has its own
// cap, a full family makes room by closing its longest-idle connection, and shutdown tells
// every connection to finish.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>

namespace coflags::server {

enum class Family { http1 = 0, h2 = 1 };

class Connections {
 public:
  struct Entry {
    Family family;
    // "Take no new request, finish, close": an idle HTTP/1.1 connection cancels its read; an
    // HTTP/2 one sends GOAWAY. Called at shutdown for all, and to evict an idle one.
    std::function<void()> stop;
    bool idle = true;            // no request being answered
    Entry* idle_prev = nullptr;  // the family's idle list, longest idle first
    Entry* idle_next = nullptr;
    Entry* all_prev = nullptr;  // the family's list of all connections
    Entry* all_next = nullptr;
  };

  Connections() = default;
  Connections(const Connections&) = delete;
  Connections& operator=(const Connections&) = delete;

  std::size_t size() const { return count_[0] + count_[1]; }
  std::size_t size(Family f) const { return count_[at(f)]; }
  // Connections opened and closed since start (the server trims its heap after many).
  std::uint64_t churn() const { return opened_ + closed_; }

  // May a new connection of family `f` open? Below `cap`, yes. At the cap, the family's
  // longest-idle connection is told to stop, so clients that only hold connections (PING and
  // nothing else, half a request) cannot lock out new ones; when none is idle, no.
  bool admit(Family f, std::size_t cap) {
    if (count_[at(f)] < cap) return true;
    Entry* oldest = idle_head_[at(f)];
    if (!oldest) return false;
    unlink_idle(*oldest);
    oldest->idle = false;  // closing now: not evicted twice
    if (oldest->stop) oldest->stop();
    return true;
  }

  void stop_all() {
    for (Entry* head : all_head_) {
      for (Entry* e = head; e;) {
        Entry* next = e->all_next;  // stop() only schedules work, but be safe
        if (e->stop) e->stop();
        e = next;
      }
    }
  }

  // Registers a connection (idle) for the lifetime of the guard.
  class Guard {
   public:
    Guard(Connections& c, Family f, std::function<void()> stop) : owner_(c), entry_{f, std::move(stop)} {
      owner_.add(entry_);
    }
    Guard(const Guard&) = delete;
    Guard& operator=(const Guard&) = delete;
    ~Guard() { owner_.remove(entry_); }
    bool idle() const { return entry_.idle; }
    void set_idle(bool idle) { owner_.set_idle(entry_, idle); }

   private:
    Connections& owner_;
    Entry entry_;
  };

 private:
  static std::size_t at(Family f) { return static_cast<std::size_t>(f); }

  void add(Entry& e) {
    const auto f = at(e.family);
    ++count_[f];
    ++opened_;
    e.all_next = all_head_[f];
    if (e.all_next) e.all_next->all_prev = &e;
    all_head_[f] = &e;
    link_idle(e);
  }
  void remove(Entry& e) {
    const auto f = at(e.family);
    --count_[f];
    ++closed_;
    if (e.idle) unlink_idle(e);
    (e.all_prev ? e.all_prev->all_next : all_head_[f]) = e.all_next;
    if (e.all_next) e.all_next->all_prev = e.all_prev;
  }
  void set_idle(Entry& e, bool idle) {
    if (idle == e.idle) return;
    e.idle = idle;
    if (idle) link_idle(e);
    else unlink_idle(e);
  }
  void link_idle(Entry& e) {  // at the tail: the most recently idle
    const auto f = at(e.family);
    e.idle_prev = idle_tail_[f];
    e.idle_next = nullptr;
    (idle_tail_[f] ? idle_tail_[f]->idle_next : idle_head_[f]) = &e;
    idle_tail_[f] = &e;
  }
  void unlink_idle(Entry& e) {
    const auto f = at(e.family);
    (e.idle_prev ? e.idle_prev->idle_next : idle_head_[f]) = e.idle_next;
    (e.idle_next ? e.idle_next->idle_prev : idle_tail_[f]) = e.idle_prev;
    e.idle_prev = e.idle_next = nullptr;
  }

  std::array<std::size_t, 2> count_{};
  std::array<Entry*, 2> idle_head_{};
  std::array<Entry*, 2> idle_tail_{};
  std::array<Entry*, 2> all_head_{};
  std::uint64_t opened_ = 0;
  std::uint64_t closed_ = 0;
};

}  // namespace coflags::server

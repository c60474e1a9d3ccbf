// Open connections, so shutdown can close the idle ones and the accept loop can cap them.
#pragma once

#include <cstddef>
#include <unordered_set>

#include <boost/asio/ip/tcp.hpp>

namespace coflags::server {

class Connections {
 public:
  struct Entry {
    boost::asio::ip::tcp::socket* socket;
    bool idle = true;  // waiting for a request, not handling one
  };

  std::size_t size() const { return open_.size(); }

  // Cancels reads of connections that are between requests; busy ones
  // finish their response and then close because the server is stopping.
  void cancel_idle() {
    for (Entry* e : open_) {
      if (e->idle) {
        boost::system::error_code ignored;
        e->socket->cancel(ignored);
      }
    }
  }

  // Registers a connection for the lifetime of the guard.
  class Guard {
   public:
    Guard(Connections& c, boost::asio::ip::tcp::socket& s) : owner_(c), entry_{&s} { owner_.open_.insert(&entry_); }
    Guard(const Guard&) = delete;
    Guard& operator=(const Guard&) = delete;
    ~Guard() { owner_.open_.erase(&entry_); }
    void set_idle(bool idle) { entry_.idle = idle; }

   private:
    Connections& owner_;
    Entry entry_;
  };

 private:
  std::unordered_set<Entry*> open_;
};

}  // namespace coflags::server

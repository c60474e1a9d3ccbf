#include "h2/h2_session.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstring>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>

#include <nghttp2/nghttp2.h>

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include "h2/h2_reply.hpp"
#include "h2/page_allocator.hpp"
#include "h2/tls_socket.hpp"
#include "server.hpp"
#include "steady_seconds.hpp"

namespace coflags::server {
namespace net = boost::asio;
using net::ip::tcp;
using Clock = std::chrono::steady_clock;

namespace {

// Output gathered from nghttp2 before a TLS write; reading pauses while this much is waiting.
constexpr std::size_t output_chunk = 64 * 1024;
// Reads per turn before other connections get the thread.
constexpr int reads_per_turn = 8;
// nghttp2 (1.52) treats a stream over the acknowledged SETTINGS_MAX_CONCURRENT_STREAMS as a
// connection error, where RFC 9113 (5.1.2) asks for a stream error: it is told a limit this much
// higher, the client sees the real one (see patch_settings), and the extras are refused here.
// Reading pauses until nghttp2's queue is written out, so one read (16 KB, at most ~1,800 empty
// HEADERS frames) is all that can be waiting for its RST_STREAM.
constexpr std::uint32_t stream_slack = 4096;

const std::string no_authority = "(none)";

// One TLS read at a time on the one server thread, handed to nghttp2 before the next: shared.
std::array<std::uint8_t, 16 * 1024> read_buffer;

// One request/response exchange on the connection.
struct Stream {
  explicit Stream(const net::any_io_executor& ex) : timer(ex) {}
  std::string method, path, authority, origin, sec_fetch_site;
  std::size_t held = 0;  // bytes of the fields above, counted in the connection's buffer
  std::size_t header_bytes = 0;
  std::size_t body_bytes = 0;
  bool too_big_headers = false;
  bool dispatched = false;          // request complete, being answered
  bool responded = false;           // response submitted to nghttp2
  std::optional<InFlight> counted;  // set for requests that count (not /_stats)
  // One timer, three jobs in turn: the request's deadline, the chaos delay, the response's deadline.
  net::steady_timer timer;
  Answer answer;           // the body is shared with the file cache and other streams
  std::size_t offset = 0;  // body bytes handed to nghttp2
  Clock::time_point start = Clock::now();
};

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(tcp::socket socket, Server& server, Mode mode)
      : server_(server),
        opt_(server.options()),
        mode_(mode),
        tls_(std::move(socket), server.tls_context().native_handle()),
        wake_(tls_.socket().get_executor()) {}
  ~Connection() {
    // nghttp2_session_del runs no callbacks: streams still open are dropped here
    // (their InFlight counts them as client_gone).
    if (session_) nghttp2_session_del(session_);
    streams_.clear();
  }

  void start();

 private:
  // The connection is driven by callbacks, not a coroutine: an idle connection then holds one
  // socket wait and one timer, not a stack of coroutine frames and parallel groups.
  void step();       // do what can be done now, then wait for the socket or a deadline
  bool handshake();  // false: not done yet (a wait is set up) or failed (dead_)
  bool start_session();
  void serve();
  void pump_output();  // nghttp2 -> out_ -> TLS, until done or the socket is full
  bool read_once();    // one TLS read into nghttp2; false when there was nothing to read
  void await_io(bool readable, bool writable, Clock::time_point until);
  void notify();  // a stream timer or stop() changed what there is to do
  void stop();    // GOAWAY: finish the accepted streams, accept no more
  void check_deadlines(Clock::time_point now);
  Clock::time_point next_deadline() const;
  void set_busy(int delta);
  void dispatch(std::int32_t id, Stream& s);
  void respond(std::int32_t id, Stream& s, Answer answer);
  void arm(std::int32_t id, Stream& s, Clock::duration after, void (Connection::*then)(std::int32_t, Stream&));
  void request_expired(std::int32_t id, Stream& s);
  void delay_over(std::int32_t id, Stream& s);
  void response_expired(std::int32_t id, Stream& s);
  void reset(std::int32_t id, std::uint32_t code) { nghttp2_submit_rst_stream(session_, NGHTTP2_FLAG_NONE, id, code); }
  void patch_settings(std::uint8_t* frame, std::size_t n);
  void close();
  void count_host(const std::string& authority);

  bool idle() const { return busy_ == 0; }
  std::size_t pending_output() const { return out_.size() - out_pos_; }
  bool finished() const {
    return pending_output() == 0 && !nghttp2_session_want_read(session_) && !nghttp2_session_want_write(session_);
  }

  static Connection& self(void* user) { return *static_cast<Connection*>(user); }
  Stream* find(std::int32_t id) {
    auto it = streams_.find(id);
    return it == streams_.end() ? nullptr : it->second.get();
  }

  // nghttp2 callbacks (all run inside mem_recv/mem_send on the io_context thread).
  static int on_begin_headers(nghttp2_session*, const nghttp2_frame* frame, void* user);
  static int on_header(nghttp2_session*, const nghttp2_frame* frame, const std::uint8_t* name, std::size_t namelen,
                       const std::uint8_t* value, std::size_t valuelen, std::uint8_t flags, void* user);
  static int on_data_chunk(nghttp2_session*, std::uint8_t flags, std::int32_t id, const std::uint8_t* data,
                           std::size_t len, void* user);
  static int on_frame_recv(nghttp2_session*, const nghttp2_frame* frame, void* user);
  static int on_stream_close(nghttp2_session*, std::int32_t id, std::uint32_t error_code, void* user);
  static ssize_t read_body(nghttp2_session*, std::int32_t id, std::uint8_t* buf, std::size_t length,
                           std::uint32_t* flags, nghttp2_data_source* source, void* user);
  static int send_body(nghttp2_session*, nghttp2_frame* frame, const std::uint8_t* framehd, std::size_t length,
                       nghttp2_data_source* source, void* user);

  Server& server_;
  const Options& opt_;
  Mode mode_;
  TlsSocket tls_;
  SessionMemory memory_;    // outlives session_ (deleted in the destructor's body)
  net::steady_timer wake_;  // the nearest connection deadline
  Clock::time_point armed_ = Clock::time_point::max();
  Clock::time_point handshake_until_{};
  bool waiting_read_ = false, waiting_write_ = false, scheduled_ = false;
  nghttp2_session* session_ = nullptr;
  std::unordered_map<std::int32_t, std::unique_ptr<Stream>> streams_;  // accepted streams
  std::string first_host_;                                             // :authority of the first counted request
  bool shared_ = false;                                                // a later request named another :authority
  std::size_t busy_ = 0;                                               // dispatched streams not yet closed
  std::size_t held_ = 0;  // request fields held by open streams (bounded by --h2-max-buffer)
  // Output taken from nghttp2 and not yet by TLS; allocated while there is some.
  std::string out_;
  std::size_t out_pos_ = 0;
  bool settings_patched_ = false;
  bool read_blocked_ = false;   // the last TLS read wanted the socket readable
  bool write_blocked_ = false;  // the last TLS write wanted the socket writable
  bool read_wants_write_ = false;
  std::optional<Clock::time_point> stalled_since_;  // output waiting and the socket taking none
  Clock::time_point idle_deadline_{};               // with no stream being answered, the connection closes then
  bool goaway_ = false;                             // GOAWAY submitted: no new streams
  bool terminating_ = false;                        // closing once the GOAWAY is out
  bool dead_ = false;
  std::optional<Connections::Guard> registered_;
};

bool Connection::handshake() {
  const TlsSocket::Io io = tls_.handshake();
  if (io == TlsSocket::Io::done) return true;
  // A client that never finishes the handshake is a slowloris too.
  if (io == TlsSocket::Io::closed || Clock::now() >= handshake_until_) {
    dead_ = true;
    return false;
  }
  await_io(io == TlsSocket::Io::want_read, io == TlsSocket::Io::want_write, handshake_until_);
  return false;
}

bool Connection::start_session() {
  nghttp2_session_callbacks* cbs = nullptr;
  if (nghttp2_session_callbacks_new(&cbs) != 0) return false;
  nghttp2_session_callbacks_set_on_begin_headers_callback(cbs, on_begin_headers);
  nghttp2_session_callbacks_set_on_header_callback(cbs, on_header);
  nghttp2_session_callbacks_set_on_data_chunk_recv_callback(cbs, on_data_chunk);
  nghttp2_session_callbacks_set_on_frame_recv_callback(cbs, on_frame_recv);
  nghttp2_session_callbacks_set_on_stream_close_callback(cbs, on_stream_close);
  nghttp2_session_callbacks_set_send_data_callback(cbs, send_body);
  nghttp2_option* option = nullptr;
  if (nghttp2_option_new(&option) != 0) {
    nghttp2_session_callbacks_del(cbs);
    return false;
  }
  // Closed streams are kept only for RFC 7540's priority tree, which RFC 9113 deprecates.
  nghttp2_option_set_no_closed_streams(option, 1);
  const int rv = nghttp2_session_server_new3(&session_, cbs, this, option, memory_.mem());
  nghttp2_option_del(option);
  nghttp2_session_callbacks_del(cbs);
  if (rv != 0) return false;
  const nghttp2_settings_entry settings[] = {
      {NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS, static_cast<std::uint32_t>(opt_.h2_max_streams) + stream_slack},
      {NGHTTP2_SETTINGS_MAX_HEADER_LIST_SIZE, static_cast<std::uint32_t>(opt_.max_header_bytes)},
  };
  return nghttp2_submit_settings(session_, NGHTTP2_FLAG_NONE, settings, std::size(settings)) == 0;
}

// The first frame out of a server session is its SETTINGS: the client is told the real stream limit.
void Connection::patch_settings(std::uint8_t* f, std::size_t n) {
  settings_patched_ = true;
  if (n < 9 || f[3] != NGHTTP2_SETTINGS) return;
  for (std::size_t at = 9; at + 6 <= n; at += 6) {
    if (((f[at] << 8) | f[at + 1]) != NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS) continue;
    const auto v = static_cast<std::uint32_t>(opt_.h2_max_streams);
    f[at + 2] = static_cast<std::uint8_t>(v >> 24);
    f[at + 3] = static_cast<std::uint8_t>(v >> 16);
    f[at + 4] = static_cast<std::uint8_t>(v >> 8);
    f[at + 5] = static_cast<std::uint8_t>(v);
  }
}

void Connection::start() {
  registered_.emplace(server_.connections(), Family::h2, [this] { stop(); });
  server_.stats().connection_opened(mode_, true);
  handshake_until_ = Clock::now() + steady_seconds(opt_.handshake_timeout_s);
  step();
}

void Connection::step() {
  if (dead_) return;
  try {
    if (!session_) {
      if (goaway_ || !handshake()) {  // stopped (shutdown, or evicted to make room), or not done
        if (goaway_) dead_ = true;
        if (dead_) close();
        return;
      }
      if (goaway_ || !start_session()) {  // stopped during the handshake, or out of memory
        close();
        return;
      }
      idle_deadline_ = Clock::now() + steady_seconds(opt_.header_timeout_s);
    }
    serve();
  } catch (const std::exception& e) {
    std::cerr << "coflags-server: h2 connection: " << e.what() << '\n';
    close();
  }
}

void Connection::serve() {
  // Reads feed nghttp2, whose answers go out at once; reading pauses while output waits,
  // so a client that does not read cannot make the server queue without bound.
  int reads = 0;
  pump_output();
  while (!dead_ && !read_blocked_ && !read_wants_write_ && reads < reads_per_turn &&
         nghttp2_session_want_read(session_) && pending_output() < output_chunk) {
    if (!read_once()) break;
    ++reads;
    pump_output();
  }
  if (!dead_ && !finished()) check_deadlines(Clock::now());
  if (dead_ || finished()) {
    close();
    return;
  }
  if (reads == reads_per_turn && !read_blocked_) {
    notify();  // more to read: let other connections have the thread first
    return;
  }
  const bool want_read = nghttp2_session_want_read(session_) && pending_output() < output_chunk;
  await_io(read_blocked_ && want_read, write_blocked_ || read_wants_write_, next_deadline());
}

void Connection::notify() {
  if (scheduled_ || dead_) return;
  scheduled_ = true;
  net::post(wake_.get_executor(), [self = shared_from_this()] {
    self->scheduled_ = false;
    self->step();
  });
}

// Waits only for what the last call found not ready (the reactor is edge-triggered: a wait
// for a socket that is already readable could sleep forever), and for the nearest deadline.
void Connection::await_io(bool readable, bool writable, Clock::time_point until) {
  auto& sock = tls_.socket();
  if (readable && !waiting_read_) {
    waiting_read_ = true;
    sock.async_wait(tcp::socket::wait_read, [self = shared_from_this()](const boost::system::error_code&) {
      self->waiting_read_ = self->read_blocked_ = false;
      self->step();
    });
  }
  if (writable && !waiting_write_) {
    waiting_write_ = true;
    sock.async_wait(tcp::socket::wait_write, [self = shared_from_this()](const boost::system::error_code&) {
      self->waiting_write_ = self->write_blocked_ = self->read_wants_write_ = false;
      self->step();
    });
  }
  if (until == armed_) return;
  armed_ = until;
  if (until == Clock::time_point::max()) {
    wake_.cancel();
    return;
  }
  wake_.expires_at(until);
  wake_.async_wait([self = shared_from_this(), until](const boost::system::error_code& ec) {
    if (ec || self->armed_ != until) return;  // re-armed or cancelled
    self->armed_ = Clock::time_point::max();
    self->step();
  });
}

bool Connection::read_once() {
  const auto r = tls_.read(read_buffer.data(), read_buffer.size());
  switch (r.io) {
    case TlsSocket::Io::done:
      // Garbage, a bad preface or a protocol violation: nghttp2 refuses it (with GOAWAY); we close.
      if (nghttp2_session_mem_recv(session_, read_buffer.data(), r.n) < 0) dead_ = true;
      return true;
    case TlsSocket::Io::want_read: read_blocked_ = true; return false;
    case TlsSocket::Io::want_write: read_wants_write_ = true; return false;
    case TlsSocket::Io::closed: dead_ = true; return false;
  }
  return false;
}

void Connection::pump_output() {
  for (;;) {
    while (!dead_ && pending_output() < output_chunk) {
      const std::uint8_t* data = nullptr;
      const ssize_t n = nghttp2_session_mem_send(session_, &data);
      if (n < 0) {
        dead_ = true;
        return;
      }
      if (n == 0) break;
      const std::size_t at = out_.size();
      out_.append(reinterpret_cast<const char*>(data), static_cast<std::size_t>(n));
      if (!settings_patched_) patch_settings(reinterpret_cast<std::uint8_t*>(out_.data() + at), out_.size() - at);
    }
    if (dead_ || pending_output() == 0 || write_blocked_) break;
    const auto r = tls_.write(out_.data() + out_pos_, pending_output());
    if (r.io == TlsSocket::Io::closed) {
      dead_ = true;
      return;
    }
    if (r.io != TlsSocket::Io::done) {
      if (!stalled_since_) stalled_since_ = Clock::now();
      write_blocked_ = true;
      return;
    }
    stalled_since_.reset();
    out_pos_ += r.n;
    if (pending_output() == 0) {
      // All taken: keep a small buffer, give a big one back.
      out_pos_ = 0;
      if (out_.capacity() > 4096) std::string().swap(out_);
      else out_.clear();
    }
  }
}

Clock::time_point Connection::next_deadline() const {
  auto t = Clock::time_point::max();
  if (idle()) t = std::min(t, idle_deadline_);
  if (stalled_since_) t = std::min(t, *stalled_since_ + steady_seconds(opt_.write_timeout_s));
  return t;
}

void Connection::check_deadlines(Clock::time_point now) {
  // A socket that takes no output for --write-timeout: the client is gone or not reading.
  if (stalled_since_ && now - *stalled_since_ >= steady_seconds(opt_.write_timeout_s)) {
    dead_ = true;
    return;
  }
  // Nothing answered for --header-timeout. PING, SETTINGS, WINDOW_UPDATE and half-sent
  // requests (trickled DATA) do not move this deadline: only answering a request does.
  // GOAWAY, and the connection closes once it is out (or --write-timeout after).
  if (idle() && now >= idle_deadline_ && !terminating_) {
    terminating_ = goaway_ = true;
    nghttp2_session_terminate_session(session_, NGHTTP2_NO_ERROR);
    notify();
  }
}

void Connection::stop() {
  if (goaway_ || dead_) return;
  goaway_ = true;
  if (session_) {
    // The last stream id lets the client know which requests will be answered; those finish
    // (within the grace period at shutdown), new ones are refused.
    nghttp2_submit_goaway(session_, NGHTTP2_FLAG_NONE, nghttp2_session_get_last_proc_stream_id(session_),
                          NGHTTP2_NO_ERROR, nullptr, 0);
  }
  notify();  // in the handshake: step() sees goaway_ and closes
}

void Connection::close() {
  const bool was_open = registered_.has_value();
  dead_ = true;
  // Streams waiting out a delay are abandoned now: the client is gone.
  streams_.clear();
  busy_ = 0;
  wake_.cancel();
  tls_.close();  // ends the socket waits; their handlers hold the last references
  registered_.reset();
  if (was_open) server_.stats().connection_closed(mode_, true);
}

void Connection::set_busy(int delta) {
  const bool was_idle = idle();
  busy_ += delta;
  if (idle() && !was_idle) idle_deadline_ = Clock::now() + steady_seconds(opt_.header_timeout_s);
  if (idle() != was_idle && registered_) registered_->set_idle(idle());
}

void Connection::arm(std::int32_t id, Stream& s, Clock::duration after,
                     void (Connection::*then)(std::int32_t, Stream&)) {
  s.timer.expires_after(after);
  s.timer.async_wait([self = shared_from_this(), id, then](const boost::system::error_code& ec) {
    if (ec || self->dead_) return;  // re-armed, or the stream or connection is gone
    Stream* st = self->find(id);
    if (!st) return;
    ((*self).*then)(id, *st);
    self->notify();
  });
}

void Connection::request_expired(std::int32_t id, Stream& s) {
  if (!s.dispatched) reset(id, NGHTTP2_CANCEL);  // the request did not arrive in --header-timeout
}

void Connection::response_expired(std::int32_t id, Stream&) {
  // Not taken in --write-timeout (a zero flow-control window counts): the stream is given up.
  reset(id, NGHTTP2_CANCEL);
}

int Connection::on_begin_headers(nghttp2_session*, const nghttp2_frame* frame, void* user) {
  if (frame->hd.type != NGHTTP2_HEADERS || frame->headers.cat != NGHTTP2_HCAT_REQUEST) return 0;
  auto& c = self(user);
  const std::int32_t id = frame->hd.stream_id;
  // Over the advertised stream limit, or over this connection's buffer: refused, and the
  // streams already accepted go on (the client may retry a refused one).
  if (c.streams_.size() >= c.opt_.h2_max_streams || c.held_ + c.pending_output() >= c.opt_.h2_max_buffer || c.goaway_) {
    c.reset(id, NGHTTP2_REFUSED_STREAM);
    return 0;
  }
  auto& s = *c.streams_.emplace(id, std::make_unique<Stream>(c.tls_.socket().get_executor())).first->second;
  c.arm(id, s, steady_seconds(c.opt_.header_timeout_s), &Connection::request_expired);
  return 0;
}

int Connection::on_header(nghttp2_session*, const nghttp2_frame* frame, const std::uint8_t* name, std::size_t namelen,
                          const std::uint8_t* value, std::size_t valuelen, std::uint8_t, void* user) {
  if (frame->hd.type != NGHTTP2_HEADERS) return 0;
  auto& c = self(user);
  Stream* s = c.find(frame->hd.stream_id);
  if (!s || s->dispatched) return 0;  // refused, or trailers of a stream being answered
  // Same limit as HTTP/1.1's request line + headers; over it the stream gets 431.
  s->header_bytes += namelen + valuelen + 4;
  if (s->header_bytes > c.opt_.max_header_bytes) s->too_big_headers = true;
  if (s->too_big_headers) return 0;
  const std::string_view n(reinterpret_cast<const char*>(name), namelen);
  const std::string_view v(reinterpret_cast<const char*>(value), valuelen);
  std::string* dst = n == ":method"          ? &s->method
                     : n == ":path"          ? &s->path
                     : n == ":authority"     ? &s->authority
                     : n == "origin"         ? &s->origin
                     : n == "sec-fetch-site" ? &s->sec_fetch_site
                                             : nullptr;
  if (!dst) return 0;
  *dst = v;
  s->held += v.size();
  c.held_ += v.size();
  return 0;
}

int Connection::on_data_chunk(nghttp2_session*, std::uint8_t, std::int32_t id, const std::uint8_t*, std::size_t len,
                              void* user) {
  // Bodies are not used (GET/HEAD/OPTIONS, POST /_stats/reset): counted, never stored.
  auto& c = self(user);
  if (Stream* s = c.find(id)) s->body_bytes += len;
  return 0;
}

int Connection::on_frame_recv(nghttp2_session*, const nghttp2_frame* frame, void* user) {
  // A request is complete at END_STREAM, on its HEADERS or its last DATA frame.
  if ((frame->hd.type != NGHTTP2_HEADERS && frame->hd.type != NGHTTP2_DATA) ||
      !(frame->hd.flags & NGHTTP2_FLAG_END_STREAM))
    return 0;
  auto& c = self(user);
  if (Stream* s = c.find(frame->hd.stream_id); s && !s->dispatched) c.dispatch(frame->hd.stream_id, *s);
  return 0;
}

int Connection::on_stream_close(nghttp2_session*, std::int32_t id, std::uint32_t error_code, void* user) {
  auto& c = self(user);
  auto it = c.streams_.find(id);
  if (it == c.streams_.end()) return 0;  // refused
  Stream& s = *it->second;
  // Closed cleanly after our response: answered. Reset (by the client, or by a deadline) before: gone.
  if (s.counted && s.responded && error_code == NGHTTP2_NO_ERROR) s.counted->finish(s.answer.status);
  c.held_ -= s.held;
  const bool was_busy = s.dispatched;
  c.streams_.erase(it);  // cancels its timer; an unfinished InFlight counts as client_gone
  if (was_busy) c.set_busy(-1);
  return 0;
}

// DATA frames are written straight from the shared body into the output (no copy in nghttp2).
ssize_t Connection::read_body(nghttp2_session*, std::int32_t, std::uint8_t*, std::size_t length, std::uint32_t* flags,
                              nghttp2_data_source* source, void*) {
  const auto& s = *static_cast<Stream*>(source->ptr);
  const std::size_t left = s.answer.body_size() - s.offset;
  const std::size_t n = std::min(length, left);
  *flags |= NGHTTP2_DATA_FLAG_NO_COPY;
  if (n == left) *flags |= NGHTTP2_DATA_FLAG_EOF;
  return static_cast<ssize_t>(n);
}

int Connection::send_body(nghttp2_session*, nghttp2_frame* frame, const std::uint8_t* framehd, std::size_t length,
                          nghttp2_data_source* source, void* user) {
  auto& c = self(user);
  auto& s = *static_cast<Stream*>(source->ptr);
  c.out_.append(reinterpret_cast<const char*>(framehd), 9);
  if (frame->data.padlen > 0) c.out_.push_back(static_cast<char>(frame->data.padlen - 1));
  c.out_.append(s.answer.body->data() + s.offset, length);
  if (frame->data.padlen > 1) c.out_.append(frame->data.padlen - 1, '\0');
  s.offset += length;
  return 0;
}

void Connection::dispatch(std::int32_t id, Stream& s) {
  s.dispatched = true;
  set_busy(+1);
  s.timer.cancel();  // the request arrived in time
  if (s.too_big_headers || s.body_bytes > opt_.max_body_bytes) {
    s.counted.emplace(server_.stats(), mode_, true);
    respond(id, s, error_answer(s.too_big_headers ? 431 : 413));
    return;
  }
  const Request req = h2_request({s.method, s.path, s.authority, s.origin, s.sec_fetch_site});
  if (is_stats_request(req)) {
    respond(id, s, stats_answer(req, server_.stats(), "https"));
    return;
  }
  s.counted.emplace(server_.stats(), mode_, true);
  count_host(s.authority);
  // Preflights and the code list are answered as they are, as over HTTP/1.1.
  const bool exempt = s.method == "OPTIONS" || is_code_list_request(req);
  const Fate fate = exempt ? Fate{} : server_.chaos().decide(mode_);
  s.answer.status = fate.fail_status;  // remembered until the answer (0: serve)
  if (fate.delay.count() <= 0) {
    delay_over(id, s);
    return;
  }
  // Each stream has its own timer: hundreds of delayed streams wait side by side.
  arm(id, s, fate.delay, &Connection::delay_over);
}

void Connection::count_host(const std::string& authority) {
  const std::string& host = authority.empty() ? no_authority : authority;
  const bool first = first_host_.empty();
  if (first) first_host_ = host;
  const bool newly_shared = !first && !shared_ && host != first_host_;
  shared_ = shared_ || newly_shared;
  server_.stats().host_served(mode_, true, host, first, newly_shared);
}

void Connection::delay_over(std::int32_t id, Stream& s) {
  if (const unsigned fail = s.answer.status) return respond(id, s, error_answer(fail));
  const Request req = h2_request({s.method, s.path, s.authority, s.origin, s.sec_fetch_site});
  respond(id, s, file_answer(req, server_.flags(), server_.web(), server_.files()));
}

void Connection::respond(std::int32_t id, Stream& s, Answer answer) {
  s.responded = true;
  s.answer = std::move(answer);
  nghttp2_data_provider body{};
  body.source.ptr = &s;
  body.read_callback = read_body;
  // HEAD keeps the Content-Length of the body it does not get.
  const bool has_body = s.answer.body_size() > 0 && s.method != "HEAD";
  if (submit_h2_response(session_, id, s.answer, has_body ? &body : nullptr) != 0) reset(id, NGHTTP2_INTERNAL_ERROR);
  arm(id, s, steady_seconds(opt_.write_timeout_s), &Connection::response_expired);
  if (opt_.access_log) {
    const auto ms = std::chrono::duration<double, std::milli>(Clock::now() - s.start).count();
    std::clog << mode_name(mode_) << "-H2 " << s.method << ' ' << s.path << ' ' << s.answer.status << ' ' << ms
              << "ms\n";
  }
}

}  // namespace

void start_h2_session(tcp::socket socket, Server& server, Mode mode) {
  std::make_shared<Connection>(std::move(socket), server, mode)->start();
}

}  // namespace coflags::server

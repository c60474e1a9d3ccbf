#include "h2/h2_session.hpp"

#include <array>
#include <chrono>
#include <cstring>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include <nghttp2/nghttp2.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include "h2/h2_reply.hpp"
#include "server.hpp"
#include "steady_seconds.hpp"

namespace coflags::server {
namespace net = boost::asio;
namespace ssl = net::ssl;
using namespace net::experimental::awaitable_operators;
using net::ip::tcp;

namespace {

constexpr auto use_tuple = net::as_tuple(net::use_awaitable);
// Chromium opens at most 256 streams per connection; the issue asks for 1000+.
constexpr std::uint32_t max_concurrent_streams = 1000;

// One request/response exchange on the connection.
struct Stream {
  explicit Stream(const net::any_io_executor& ex) : timer(ex) {}
  std::string method, path, authority;
  std::size_t header_bytes = 0;
  std::size_t body_bytes = 0;
  bool too_big_headers = false;
  bool dispatched = false;          // request complete, being answered
  bool responded = false;           // response submitted to nghttp2
  std::optional<InFlight> counted;  // set for requests that count (not /_stats)
  net::steady_timer timer;          // this stream's chaos delay
  H2Response response;
  std::size_t sent = 0;  // body bytes handed to nghttp2
  std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
};

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(tcp::socket socket, Server& server, Mode mode)
      : server_(server), mode_(mode), stream_(std::move(socket), server.tls_context()) {}
  ~Connection() {
    // nghttp2_session_del runs no callbacks: streams still open are dropped here
    // (their InFlight counts them as client_gone).
    if (session_) nghttp2_session_del(session_);
    streams_.clear();
  }

  net::awaitable<void> run();

 private:
  bool start_session();
  net::awaitable<bool> handshake();
  void kick_writer();
  net::awaitable<void> write_loop();
  void dispatch(std::int32_t id, Stream& s);
  void respond(std::int32_t id, Stream& s, H2Response response);
  void close();
  // Idle: no request is being answered (half-sent requests do not keep a connection open).
  bool idle() const { return busy_ == 0; }

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

  Server& server_;
  Mode mode_;
  ssl::stream<tcp::socket> stream_;
  nghttp2_session* session_ = nullptr;
  std::unordered_map<std::int32_t, std::unique_ptr<Stream>> streams_;
  std::size_t busy_ = 0;  // dispatched streams not yet closed
  bool writing_ = false;
  bool dead_ = false;
  std::optional<Connections::Guard> registered_;
};

net::awaitable<bool> Connection::handshake() {
  // A client that never finishes the handshake is a slowloris too.
  net::steady_timer deadline(stream_.get_executor(), steady_seconds(server_.options().header_timeout_s));
  auto r = co_await (stream_.async_handshake(ssl::stream_base::server, use_tuple) || deadline.async_wait(use_tuple));
  if (r.index() != 0) co_return false;
  auto [ec] = std::get<0>(r);
  co_return !ec;
}

bool Connection::start_session() {
  nghttp2_session_callbacks* cbs = nullptr;
  if (nghttp2_session_callbacks_new(&cbs) != 0) return false;
  nghttp2_session_callbacks_set_on_begin_headers_callback(cbs, on_begin_headers);
  nghttp2_session_callbacks_set_on_header_callback(cbs, on_header);
  nghttp2_session_callbacks_set_on_data_chunk_recv_callback(cbs, on_data_chunk);
  nghttp2_session_callbacks_set_on_frame_recv_callback(cbs, on_frame_recv);
  nghttp2_session_callbacks_set_on_stream_close_callback(cbs, on_stream_close);
  const int rv = nghttp2_session_server_new(&session_, cbs, this);
  nghttp2_session_callbacks_del(cbs);
  if (rv != 0) return false;
  const nghttp2_settings_entry settings[] = {
      {NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS, max_concurrent_streams},
      {NGHTTP2_SETTINGS_MAX_HEADER_LIST_SIZE, static_cast<std::uint32_t>(server_.options().max_header_bytes)},
  };
  return nghttp2_submit_settings(session_, NGHTTP2_FLAG_NONE, settings, std::size(settings)) == 0;
}

net::awaitable<void> Connection::run() {
  auto keep = shared_from_this();
  Stats& stats = server_.stats();
  registered_.emplace(server_.connections(), stream_.next_layer());
  stats.connection_opened(mode_, true);
  struct Closed {
    Stats& s;
    Mode m;
    ~Closed() { s.connection_closed(m, true); }
  } closed{stats, mode_};

  if (!co_await handshake() || !start_session()) {
    close();
    co_return;
  }
  kick_writer();  // our SETTINGS
  const auto idle_timeout = steady_seconds(server_.options().header_timeout_s);
  net::steady_timer idle_timer(stream_.get_executor());
  std::array<std::uint8_t, 16 * 1024> buf;
  while (!dead_) {
    if (server_.stopping() && idle()) break;
    // With no stream open the connection is idle: closed after --header-timeout
    // (as keep-alive HTTP/1.1 is); with streams open it waits for them.
    registered_->set_idle(idle());
    std::size_t n = 0;
    if (idle()) {
      idle_timer.expires_after(idle_timeout);
      auto r = co_await (stream_.async_read_some(net::buffer(buf), use_tuple) || idle_timer.async_wait(use_tuple));
      if (r.index() != 0) break;
      auto [ec, got] = std::get<0>(r);
      if (ec) break;
      n = got;
    } else {
      auto [ec, got] = co_await stream_.async_read_some(net::buffer(buf), use_tuple);
      if (ec) break;
      n = got;
    }
    if (dead_) break;  // the writer failed while this read was completing
    // Garbage, a bad preface or a protocol violation: nghttp2 refuses it; we close.
    if (nghttp2_session_mem_recv(session_, buf.data(), n) < 0) break;
    kick_writer();
    if (!nghttp2_session_want_read(session_) && !nghttp2_session_want_write(session_)) break;
  }
  if (!dead_ && server_.stopping()) {
    // Orderly goodbye: tell the client no new streams will be served.
    nghttp2_session_terminate_session(session_, NGHTTP2_NO_ERROR);
    kick_writer();
    net::steady_timer pause(stream_.get_executor());
    for (int i = 0; i < 100 && writing_ && !dead_; ++i) {
      pause.expires_after(std::chrono::milliseconds(10));
      co_await pause.async_wait(use_tuple);
    }
  }
  close();
}

void Connection::close() {
  if (dead_) return;
  dead_ = true;
  // Streams waiting out a delay are abandoned now: the client is gone.
  for (auto& [id, s] : streams_) s->timer.cancel();
  streams_.clear();
  boost::system::error_code ignored;
  stream_.next_layer().shutdown(tcp::socket::shutdown_both, ignored);
  stream_.next_layer().close(ignored);
}

void Connection::kick_writer() {
  if (writing_ || dead_ || !session_ || !nghttp2_session_want_write(session_)) return;
  writing_ = true;
  net::co_spawn(
      stream_.get_executor(), [self = shared_from_this()] { return self->write_loop(); }, net::detached);
}

net::awaitable<void> Connection::write_loop() {
  std::string out;
  const auto timeout = steady_seconds(server_.options().write_timeout_s);
  net::steady_timer deadline(stream_.get_executor());
  while (!dead_ && nghttp2_session_want_write(session_)) {
    out.clear();
    // Gather frames into one TLS write; nghttp2's pointer is valid until the next call.
    while (out.size() < 64 * 1024) {
      const std::uint8_t* data = nullptr;
      const ssize_t n = nghttp2_session_mem_send(session_, &data);
      if (n < 0) {
        close();
        break;
      }
      if (n == 0) break;
      out.append(reinterpret_cast<const char*>(data), static_cast<std::size_t>(n));
    }
    if (dead_ || out.empty()) break;
    deadline.expires_after(timeout);
    auto r = co_await (net::async_write(stream_, net::buffer(out), use_tuple) || deadline.async_wait(use_tuple));
    if (r.index() != 0 || std::get<0>(std::get<0>(r))) {
      close();  // slow reader or gone
      break;
    }
  }
  writing_ = false;
  if (dead_) co_return;
  if (!nghttp2_session_want_read(session_) && !nghttp2_session_want_write(session_)) {
    close();
  } else if (server_.stopping() && idle()) {
    // Shutting down and the last answer is out: wake the reader so it says goodbye.
    boost::system::error_code ignored;
    stream_.next_layer().cancel(ignored);
  }
}

int Connection::on_begin_headers(nghttp2_session*, const nghttp2_frame* frame, void* user) {
  if (frame->hd.type != NGHTTP2_HEADERS || frame->headers.cat != NGHTTP2_HCAT_REQUEST) return 0;
  auto& c = self(user);
  c.streams_.emplace(frame->hd.stream_id, std::make_unique<Stream>(c.stream_.get_executor()));
  return 0;
}

int Connection::on_header(nghttp2_session*, const nghttp2_frame* frame, const std::uint8_t* name, std::size_t namelen,
                          const std::uint8_t* value, std::size_t valuelen, std::uint8_t, void* user) {
  if (frame->hd.type != NGHTTP2_HEADERS) return 0;
  auto& c = self(user);
  Stream* s = c.find(frame->hd.stream_id);
  if (!s) return 0;  // trailers of a stream we already answered
  // Same limit as HTTP/1.1's request line + headers; over it the stream gets 431.
  s->header_bytes += namelen + valuelen + 4;
  if (s->header_bytes > c.server_.options().max_header_bytes) s->too_big_headers = true;
  if (s->too_big_headers) return 0;
  const std::string_view n(reinterpret_cast<const char*>(name), namelen);
  const std::string_view v(reinterpret_cast<const char*>(value), valuelen);
  if (n == ":method") s->method = v;
  else if (n == ":path") s->path = v;
  else if (n == ":authority") s->authority = v;
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
  if (it == c.streams_.end()) return 0;
  Stream& s = *it->second;
  if (s.dispatched) --c.busy_;
  // Closed cleanly after our response: answered. Reset (RST_STREAM) before that: the client gave up.
  if (s.counted && s.responded && error_code == NGHTTP2_NO_ERROR) s.counted->finish(s.response.status);
  c.streams_.erase(it);  // cancels a pending delay; an unfinished InFlight counts as client_gone
  return 0;
}

ssize_t Connection::read_body(nghttp2_session*, std::int32_t, std::uint8_t* buf, std::size_t length,
                              std::uint32_t* flags, nghttp2_data_source* source, void*) {
  auto& s = *static_cast<Stream*>(source->ptr);
  const std::size_t n = std::min(length, s.response.body.size() - s.sent);
  std::memcpy(buf, s.response.body.data() + s.sent, n);
  s.sent += n;
  if (s.sent == s.response.body.size()) *flags |= NGHTTP2_DATA_FLAG_EOF;
  return static_cast<ssize_t>(n);
}

void Connection::dispatch(std::int32_t id, Stream& s) {
  s.dispatched = true;
  ++busy_;
  const auto& opt = server_.options();
  const bool head = s.method == "HEAD";
  if (s.too_big_headers || s.body_bytes > opt.max_body_bytes) {
    s.counted.emplace(server_.stats(), mode_, true);
    respond(id, s, to_h2(error_reply(s.too_big_headers ? 431 : 413, 11, head, true), head));
    return;
  }
  if (const Request req = h2_request(s.method, s.path, s.authority); is_stats_request(req)) {
    respond(id, s, to_h2(stats_reply(req, server_.stats(), true), head));
    return;
  }
  s.counted.emplace(server_.stats(), mode_, true);
  // Preflights are answered as they are, as over HTTP/1.1.
  const Fate fate = s.method == "OPTIONS" ? Fate{} : server_.chaos().decide(mode_);
  auto answer = [this, id, head, fail = fate.fail_status](Stream& st) {
    const Request r = h2_request(st.method, st.path, st.authority);
    respond(id, st,
            to_h2(fail ? error_reply(fail, 11, head, true)
                       : file_reply(r, server_.flags(), server_.web(), server_.files(), true),
                  head));
  };
  if (fate.delay.count() <= 0) {
    answer(s);
    return;
  }
  // Each stream has its own timer: hundreds of delayed streams wait side by side.
  s.timer.expires_after(fate.delay);
  s.timer.async_wait([self = shared_from_this(), id, answer](const boost::system::error_code& ec) mutable {
    if (ec || self->dead_) return;  // stream reset or connection gone: already counted as client_gone
    Stream* st = self->find(id);
    if (!st) return;
    answer(*st);
    self->kick_writer();
  });
}

void Connection::respond(std::int32_t id, Stream& s, H2Response response) {
  s.responded = true;
  s.response = std::move(response);
  const std::string status = std::to_string(s.response.status);
  std::vector<nghttp2_nv> nva;
  nva.reserve(s.response.headers.size() + 1);
  auto nv = [](const std::string& n, const std::string& v) {
    return nghttp2_nv{reinterpret_cast<std::uint8_t*>(const_cast<char*>(n.data())),
                      reinterpret_cast<std::uint8_t*>(const_cast<char*>(v.data())), n.size(), v.size(),
                      NGHTTP2_NV_FLAG_NONE};
  };
  static const std::string status_name = ":status";
  nva.push_back(nv(status_name, status));
  for (const auto& [n, v] : s.response.headers) nva.push_back(nv(n, v));
  nghttp2_data_provider body{};
  body.source.ptr = &s;
  body.read_callback = read_body;
  // nghttp2 copies the header block; the body is read from the Stream as frames go out.
  const bool has_body = !s.response.body.empty();
  if (nghttp2_submit_response(session_, id, nva.data(), nva.size(), has_body ? &body : nullptr) != 0)
    nghttp2_submit_rst_stream(session_, NGHTTP2_FLAG_NONE, id, NGHTTP2_INTERNAL_ERROR);
  if (server_.options().access_log) {
    const auto ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - s.start).count();
    std::clog << mode_name(mode_) << "-H2 " << s.method << ' ' << s.path << ' ' << s.response.status << ' ' << ms
              << "ms\n";
  }
}

}  // namespace

net::awaitable<void> run_h2_session(tcp::socket socket, Server& server, Mode mode) {
  auto connection = std::make_shared<Connection>(std::move(socket), server, mode);
  co_await connection->run();
}

}  // namespace coflags::server

// Downloader: the book's supervisor/downloader_coro. Runs download_one for
// every code with at most `concurrency` requests in flight, takes results in
// completion order (as_completed), counts ok / not found / error, and tells
// an Observer about every request and every code.
//
//   flags::Downloader d({.base_url = "http://localhost:8001/flags",
//                        .codes = flags::expand_country_codes({}, {}),
//                        .concurrency = 20},
//                       &saver, &observer);
//   async::Future<flags::Summary> run = async::spawn(d.run());
//   d.set_concurrency(5);        // later: applies to requests not yet started
//   run.cancel();                // aborts every request in flight
//
// Cancelling: cancel the future of run(). Every flag task is cancelled and
// its request aborted; codes that had not finished count as cancelled;
// on_run_finished gets the Summary (cancelled = true), then run() ends with
// CancelledError. Nothing is counted twice: a code counts once, when
// as_completed yields it.
//
// The Downloader must outlive its run (run() uses `this`), and one
// Downloader runs once. Platform-neutral: HTTP goes through net::Transport.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "async/semaphore.hpp"
#include "async/task.hpp"
#include "flags/download_one.hpp"
#include "flags/events.hpp"
#include "flags/limits.hpp"
#include "flags/request_tracker.hpp"
#include "flags/saver.hpp"
#include "net/transport.hpp"

namespace coflags::flags {

struct DownloadOptions {
  std::string base_url;                   // e.g. "http://localhost:8001/flags"
  std::vector<std::string> codes;         // already expanded (expand_country_codes); run in sorted order
  int concurrency = kDefaultConcurrency;  // 1..kMaxConcurrency
  bool metadata = false;                  // flags3: also GET metadata.json, name files after countries
  std::chrono::milliseconds timeout{0};   // per request; zero means none
  // Several base URLs serving the same tree (e.g. s0.localhost, s1.localhost:
  // a browser opens 6 HTTP/1.1 connections per origin). Code i goes to
  // mirrors[i % size], its flag and metadata alike; empty: base_url only.
  std::vector<std::string> mirrors = {};
};

class Downloader {
 public:
  // saver, observer, transport may be null (no saving, nobody listening, the default transport).
  // Throws std::invalid_argument for concurrency outside 1..kMaxConcurrency or an empty base_url.
  explicit Downloader(DownloadOptions options, Saver* saver = nullptr, Observer* observer = nullptr,
                      net::Transport* transport = nullptr);
  Downloader(const Downloader&) = delete;
  Downloader& operator=(const Downloader&) = delete;

  // The whole run. Spawn it and keep the future; cancel the future to cancel.
  async::Task<Summary> run();

  // Changes the limit during a run; requests already in flight finish.
  // Clamped to 1..kMaxConcurrency.
  void set_concurrency(int limit);
  int concurrency() const { return semaphore_.limit(); }

  int in_flight() const { return tracker_.in_flight(); }
  int peak_in_flight() const { return tracker_.peak_in_flight(); }
  const Counts& counts() const { return counts_; }
  const DownloadOptions& options() const { return options_; }

 private:
  DownloadOptions options_;
  Saver* saver_;
  Observer* observer_;
  net::Transport* transport_;
  async::Semaphore semaphore_;
  RequestTracker tracker_;
  Counts counts_;
  bool used_ = false;
};

}  // namespace coflags::flags

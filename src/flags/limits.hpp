// The run's limits, in one place: the concurrency range (flags2_asyncio's
// DEFAULT_CONCUR_REQ and MAX_CONCUR_REQ), the per-request timeout and the
// code limit. Front ends check input against these and clamp with them.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstddef>

namespace coflags::flags {

inline constexpr int kMinConcurrency = 1;
inline constexpr int kDefaultConcurrency = 5;
inline constexpr int kMaxConcurrency = 1000;

constexpr int clamp_concurrency(int n) { return std::clamp(n, kMinConcurrency, kMaxConcurrency); }
constexpr bool valid_concurrency(int n) { return n >= kMinConcurrency && n <= kMaxConcurrency; }

// Per-request timeout in seconds: more than 0, at most 10 minutes; a field clamps to
// 0.1 .. 600.
inline constexpr double kDefaultTimeoutS = 10.0;
inline constexpr double kMinTimeoutS = 0.1;
inline constexpr double kMaxTimeoutS = 600.0;
constexpr bool valid_timeout_s(double s) { return s > 0 && s <= kMaxTimeoutS; }
constexpr double clamp_timeout_s(double s) { return std::clamp(s, kMinTimeoutS, kMaxTimeoutS); }
inline std::chrono::milliseconds timeout_ms(double seconds) {
  return std::chrono::milliseconds(static_cast<long long>(seconds * 1000));
}

// "First N codes": 0 means no limit.
constexpr bool valid_code_limit(int n) { return n >= 0; }

}  // namespace coflags::flags

// core/time.h — instants in UTC, ISO 8601 text, and an injectable clock.
//
// Timestamp is microseconds since the Unix epoch (UTC). Text is ISO 8601 / RFC 3339 in UTC
// with millisecond precision: "2024-08-20T14:03:00.123Z". Code that needs "now" takes a Clock so
// that tests can fix time (FakeClock) instead of sleeping.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"

namespace istmo::core {

using Timestamp = std::chrono::sys_time<std::chrono::microseconds>;

// "2024-08-20T14:03:00.123Z" (always UTC, always milliseconds).
std::string FormatIso8601(Timestamp t);
// "2024-08-20" (UTC date).
std::string FormatDate(Timestamp t);
// Accepts "2024-08-20", "2024-08-20T14:03", "2024-08-20T14:03:00", fractions of a second, and
// "Z" or "+hh:mm"/"-hh:mm" offsets (a time without offset is UTC). kInvalidArgument otherwise.
Result<Timestamp> ParseIso8601(std::string_view text);

Timestamp FromUnixSeconds(std::int64_t seconds);
Timestamp FromUnixMillis(std::int64_t millis);
std::int64_t ToUnixMillis(Timestamp t);
std::int64_t ToUnixSeconds(Timestamp t);

class Clock {
 public:
  virtual ~Clock() = default;
  virtual Timestamp Now() const = 0;
};

// The system's real-time clock.
class SystemClock final : public Clock {
 public:
  Timestamp Now() const override;
  // A process-wide instance.
  static const SystemClock& Get();
};

// A clock that stands still until told to move. Thread-safe.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(Timestamp start) : now_(start.time_since_epoch().count()) {}
  Timestamp Now() const override { return Timestamp(std::chrono::microseconds(now_.load())); }
  void Advance(std::chrono::microseconds d) { now_ += d.count(); }
  void Set(Timestamp t) { now_ = t.time_since_epoch().count(); }

 private:
  std::atomic<std::int64_t> now_;
};

}  // namespace istmo::core

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

// A calendar date "YYYY-MM-DD" that exists (proleptic Gregorian, years 0000–9999): exactly ten
// characters, no sign, space, time or other text. For dates without a time of day (a birth
// date, a query bound); ParseIso8601 reads instants. kInvalidArgument otherwise, naming `field`
// (may be empty) and the text, shortened, with the expected form and the reason:
//   must be a date "YYYY-MM-DD", not '2023-02-29' (2023-02 has 28 days)
// A year_month_day converts implicitly to std::chrono::sys_days.
Result<std::chrono::year_month_day> ParseDate(std::string_view text, std::string_view field = {});
// A month "YYYY-MM" (months 01–12), e.g. a trend bucket; errors as ParseDate:
//   must be a month "YYYY-MM", not '2024-13' (there is no month 13)
Result<std::chrono::year_month> ParseYearMonth(std::string_view text, std::string_view field = {});

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

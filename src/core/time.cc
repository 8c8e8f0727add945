#include "core/time.h"

#include <charconv>
#include <cstdio>
#include <system_error>

namespace istmo::core {

namespace {
using std::chrono::days;
using std::chrono::microseconds;

// Exactly n decimal digits at s[pos]. from_chars of an unsigned takes no sign, space or "0x".
bool Digits(std::string_view s, std::size_t pos, std::size_t n, int* out) {
  if (pos > s.size() || n > s.size() - pos) return false;
  const char* first = s.data() + pos;
  unsigned v = 0;
  const auto [end, ec] = std::from_chars(first, first + n, v);
  if (ec != std::errc() || end != first + n) return false;
  *out = static_cast<int>(v);
  return true;
}

// What is wrong with the "YYYY-MM-DD" or "YYYY-MM" at the start of a text.
enum class DateProblem { kNone, kForm, kMonth, kDay };

DateProblem ReadYearMonth(std::string_view s, std::chrono::year_month* out) {
  int y, m;
  if (!Digits(s, 0, 4, &y) || s.size() < 7 || s[4] != '-' || !Digits(s, 5, 2, &m)) {
    return DateProblem::kForm;
  }
  *out = std::chrono::year(y) / std::chrono::month(static_cast<unsigned>(m));
  return out->ok() ? DateProblem::kNone : DateProblem::kMonth;
}

DateProblem ReadDate(std::string_view s, std::chrono::year_month_day* out) {
  std::chrono::year_month ym;
  const DateProblem problem = ReadYearMonth(s, &ym);
  int d;
  if (problem == DateProblem::kForm || s.size() < 10 || s[7] != '-' || !Digits(s, 8, 2, &d)) {
    return DateProblem::kForm;
  }
  if (problem != DateProblem::kNone) return problem;
  *out = ym / std::chrono::day(static_cast<unsigned>(d));
  return out->ok() ? DateProblem::kNone : DateProblem::kDay;
}

// must be a <what> "<form>", not '<text>'[ (<why>)]
Error BadCalendarText(std::string_view what, std::string_view form, std::string_view text,
                      std::string_view field, std::string why) {
  std::string message = "must be a " + std::string(what) + " \"" + std::string(form) + "\", not '" +
                        std::string(text.substr(0, 20)) + "'";
  if (!why.empty()) message += " (" + why + ")";
  return WithReason(InvalidArgument(std::move(message), std::string(field)), "invalid_date");
}

std::string NoMonth(std::string_view s) {
  return "there is no month " + std::string(s.substr(5, 2));
}

Error BadTime(std::string_view text, std::string_view why) {
  std::string shown(text.substr(0, 40));
  return WithReason(InvalidArgument("'" + shown + "' is not an ISO 8601 time (" + std::string(why) +
                                    "); expected e.g. 2024-08-20T14:03:00Z"),
                    "invalid_date");
}
}  // namespace

std::string FormatIso8601(Timestamp t) {
  auto day = std::chrono::floor<days>(t);
  std::chrono::year_month_day ymd(day);
  std::chrono::hh_mm_ss hms(std::chrono::floor<std::chrono::milliseconds>(t - day));
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ",
                static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()), static_cast<int>(hms.hours().count()),
                static_cast<int>(hms.minutes().count()), static_cast<int>(hms.seconds().count()),
                static_cast<int>(hms.subseconds().count()));
  return buf;
}

std::string FormatDate(Timestamp t) { return FormatIso8601(t).substr(0, 10); }

Result<Timestamp> ParseIso8601(std::string_view s) {
  std::chrono::year_month_day ymd;
  const DateProblem problem = ReadDate(s, &ymd);
  if (problem == DateProblem::kForm) return BadTime(s, "date must be YYYY-MM-DD");
  if (problem != DateProblem::kNone) return BadTime(s, "no such date");
  std::int64_t us = 0;
  std::int64_t offset_s = 0;
  std::size_t pos = 10;
  if (pos < s.size() && (s[pos] == 'T' || s[pos] == 't' || s[pos] == ' ')) {
    int h, mi, sec = 0;
    if (!Digits(s, pos + 1, 2, &h) || pos + 3 >= s.size() || s[pos + 3] != ':' ||
        !Digits(s, pos + 4, 2, &mi)) {
      return BadTime(s, "time must be hh:mm[:ss]");
    }
    pos += 6;
    if (pos < s.size() && s[pos] == ':') {
      if (!Digits(s, pos + 1, 2, &sec)) return BadTime(s, "seconds must be two digits");
      pos += 3;
      if (pos < s.size() && (s[pos] == '.' || s[pos] == ',')) {
        ++pos;
        std::int64_t frac = 0;
        int ndig = 0;
        while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
          if (ndig < 6) {
            frac = frac * 10 + (s[pos] - '0');
            ++ndig;
          }
          ++pos;
        }
        if (ndig == 0) return BadTime(s, "empty fraction of a second");
        while (ndig < 6) {
          frac *= 10;
          ++ndig;
        }
        us += frac;
      }
    }
    if (h > 23 || mi > 59 || sec > 60) return BadTime(s, "hour, minute or second out of range");
    us += (static_cast<std::int64_t>(h) * 3600 + mi * 60 + sec) * 1000000;
    if (pos < s.size()) {
      if (s[pos] == 'Z' || s[pos] == 'z') {
        ++pos;
      } else if (s[pos] == '+' || s[pos] == '-') {
        int oh, om;
        if (!Digits(s, pos + 1, 2, &oh) || pos + 3 >= s.size() || s[pos + 3] != ':' ||
            !Digits(s, pos + 4, 2, &om) || oh > 23 || om > 59) {
          return BadTime(s, "offset must be +hh:mm or -hh:mm");
        }
        offset_s = (oh * 3600 + om * 60) * (s[pos] == '+' ? 1 : -1);
        pos += 6;
      }
    }
  }
  if (pos != s.size()) return BadTime(s, "unexpected text after the time");
  auto day = std::chrono::sys_days(ymd);
  return Timestamp(std::chrono::duration_cast<microseconds>(day.time_since_epoch()) +
                   microseconds(us) - microseconds(offset_s * 1000000));
}

Result<std::chrono::year_month_day> ParseDate(std::string_view s, std::string_view field) {
  std::chrono::year_month_day ymd;
  const DateProblem problem = s.size() == 10 ? ReadDate(s, &ymd) : DateProblem::kForm;
  switch (problem) {
    case DateProblem::kNone:
      return ymd;
    case DateProblem::kForm:
      return BadCalendarText("date", "YYYY-MM-DD", s, field, "");
    case DateProblem::kMonth:
      return BadCalendarText("date", "YYYY-MM-DD", s, field, NoMonth(s));
    case DateProblem::kDay: {
      const std::chrono::day last = (ymd.year() / ymd.month() / std::chrono::last).day();
      return BadCalendarText("date", "YYYY-MM-DD", s, field,
                             std::string(s.substr(0, 7)) + " has " +
                                 std::to_string(static_cast<unsigned>(last)) + " days");
    }
  }
  return BadCalendarText("date", "YYYY-MM-DD", s, field, "");
}

Result<std::chrono::year_month> ParseYearMonth(std::string_view s, std::string_view field) {
  std::chrono::year_month ym;
  const DateProblem problem = s.size() == 7 ? ReadYearMonth(s, &ym) : DateProblem::kForm;
  if (problem == DateProblem::kNone) return ym;
  return BadCalendarText("month", "YYYY-MM", s, field,
                         problem == DateProblem::kMonth ? NoMonth(s) : "");
}

Timestamp FromUnixSeconds(std::int64_t seconds) {
  return Timestamp(std::chrono::microseconds(seconds * 1000000));
}
Timestamp FromUnixMillis(std::int64_t millis) {
  return Timestamp(std::chrono::microseconds(millis * 1000));
}
std::int64_t ToUnixMillis(Timestamp t) { return t.time_since_epoch().count() / 1000; }
std::int64_t ToUnixSeconds(Timestamp t) {
  return std::chrono::floor<std::chrono::seconds>(t).time_since_epoch().count();
}

Timestamp SystemClock::Now() const {
  return std::chrono::time_point_cast<std::chrono::microseconds>(std::chrono::system_clock::now());
}

const SystemClock& SystemClock::Get() {
  static const SystemClock clock;
  return clock;
}

}  // namespace istmo::core

#include "core/time.h"

#include <cstdio>

namespace istmo::core {

namespace {
using std::chrono::days;
using std::chrono::microseconds;

bool Digits(std::string_view s, std::size_t pos, std::size_t n, int* out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}

Error BadTime(std::string_view text, std::string_view why) {
  std::string shown(text.substr(0, 40));
  return InvalidArgument("'" + shown + "' is not an ISO 8601 time (" + std::string(why) +
                         "); expected e.g. 2024-08-20T14:03:00Z");
}
}  // namespace

std::string FormatIso8601(Timestamp t) {
  auto day = std::chrono::floor<days>(t);
  std::chrono::year_month_day ymd(day);
  std::chrono::hh_mm_ss hms(std::chrono::floor<std::chrono::milliseconds>(t - day));
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                static_cast<int>(hms.seconds().count()),
                static_cast<int>(hms.subseconds().count()));
  return buf;
}

std::string FormatDate(Timestamp t) { return FormatIso8601(t).substr(0, 10); }

Result<Timestamp> ParseIso8601(std::string_view s) {
  int y, mo, d;
  if (!Digits(s, 0, 4, &y) || s.size() < 10 || s[4] != '-' || !Digits(s, 5, 2, &mo) || s[7] != '-' ||
      !Digits(s, 8, 2, &d)) {
    return BadTime(s, "date must be YYYY-MM-DD");
  }
  std::chrono::year_month_day ymd{std::chrono::year(y), std::chrono::month(static_cast<unsigned>(mo)),
                                  std::chrono::day(static_cast<unsigned>(d))};
  if (!ymd.ok()) return BadTime(s, "no such date");
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

// migration/internal/util.h — small checks shared by the module's files.
#pragma once

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"
#include "core/time.h"

namespace istmo::migration::internal {

inline std::string Upper(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](char c) { return static_cast<char>(std::toupper(static_cast<unsigned char>(c))); });
  return s;
}

inline bool IsAlpha3(std::string_view s) {
  return s.size() == 3 && std::all_of(s.begin(), s.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

// Text from outside: 1..max_len bytes of valid UTF-8 without control characters.
inline core::Status CheckText(std::string_view s, std::string_view field, std::size_t max_len,
                              bool allow_empty = false) {
  if (s.empty()) {
    if (allow_empty) return core::Ok();
    return core::InvalidArgument("must not be empty", std::string(field));
  }
  if (s.size() > max_len) {
    return core::InvalidArgument("is longer than " + std::to_string(max_len) + " bytes",
                                 std::string(field));
  }
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    int extra = 0;
    if (c < 0x20 || c == 0x7f) {
      return core::InvalidArgument("contains a control character", std::string(field));
    }
    if (c < 0x80) extra = 0;
    else if ((c & 0xe0) == 0xc0 && c >= 0xc2) extra = 1;
    else if ((c & 0xf0) == 0xe0) extra = 2;
    else if ((c & 0xf8) == 0xf0 && c <= 0xf4) extra = 3;
    else return core::InvalidArgument("is not valid UTF-8", std::string(field));
    if (i + static_cast<std::size_t>(extra) >= s.size() && extra > 0) {
      return core::InvalidArgument("is not valid UTF-8", std::string(field));
    }
    for (int k = 1; k <= extra; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xc0) != 0x80) {
        return core::InvalidArgument("is not valid UTF-8", std::string(field));
      }
    }
    i += 1 + extra;
  }
  return core::Ok();
}

// A calendar date "YYYY-MM-DD" that exists; kInvalidArgument naming `field` otherwise.
inline core::Result<std::chrono::sys_days> ParseDate(std::string_view s, std::string_view field) {
  ISTMO_ASSIGN_OR_RETURN(const std::chrono::year_month_day d, core::ParseDate(s, field));
  return std::chrono::sys_days(d);
}

}  // namespace istmo::migration::internal

// migration/internal/util.h — small checks shared by the module's files.
#pragma once

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "api/json_body.h"
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

// Text from outside: 1..max_len bytes that pass api::CheckText (valid UTF-8; no control,
// bidirectional or invisible format character), the one rule for every text field.
// A station id that names no reception station (field "/station_id").
inline core::Error UnknownStation(std::string_view id) {
  const std::string shown(id.substr(0, 40));
  return core::WithReason(
      core::InvalidArgument("no reception station '" + shown + "'", "/station_id"),
      "unknown_station", {{"value", shown}});
}

inline core::Status CheckText(std::string_view s, std::string_view field, std::size_t max_len,
                              bool allow_empty = false) {
  if (s.empty()) {
    if (allow_empty) return core::Ok();
    return core::WithReason(core::InvalidArgument("must not be empty", std::string(field)),
                            "required");
  }
  if (s.size() > max_len) {
    return core::WithReason(
        core::InvalidArgument("is longer than " + std::to_string(max_len) + " bytes",
                              std::string(field)),
        "too_long", {{"max", std::to_string(max_len)}});
  }
  return api::CheckText(s, field);
}

// A calendar date "YYYY-MM-DD" that exists; kInvalidArgument naming `field` otherwise.
inline core::Result<std::chrono::sys_days> ParseDate(std::string_view s, std::string_view field) {
  ISTMO_ASSIGN_OR_RETURN(const std::chrono::year_month_day d, core::ParseDate(s, field));
  return std::chrono::sys_days(d);
}

}  // namespace istmo::migration::internal

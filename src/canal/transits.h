// canal/transits.h — transit schedules read from CSV or JSON, in the shape of the canal's booking
// data: one line per vessel and transit slot.
//
// CSV (RFC 4180, UTF-8, header in any order; docs/canal.md):
//   transit_date, slot, vessel_imo, vessel_name, direction, lock_set    (required)
//   mmsi, last_port, next_port                                        (optional)
// JSON: {"transits": [{"transit_date": "2024-08-20", "slot": "N07", "vessel_imo": "9811000",
//   "vessel_name": "...", "mmsi": "636019825", "direction": "northbound", "lock_set": "neopanamax",
//   "last_port": "PEPAI", "next_port": "USNYC"}, ...]}
// direction: northbound or southbound (N, NB, S, SB accepted); lock_set: panamax or neopanamax.
// Bad files are refused whole, bad lines rejected with line, field and reason (as manifest.h).
//
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "canal/manifest.h"
#include "core/result.h"

namespace istmo::canal {

struct TransitLine {
  std::string transit_date;  // YYYY-MM-DD
  std::string slot;          // booking slot: 1-12 letters, digits or '-', upper-cased
  std::string vessel_imo;    // 7 digits, check digit valid
  std::string vessel_name;
  std::string mmsi;       // 9 digits, or "" when not known
  std::string direction;  // "northbound" | "southbound"
  std::string lock_set;   // "panamax" | "neopanamax"
  std::string last_port;  // UN/LOCODE or ""
  std::string next_port;  // UN/LOCODE or ""
};

struct ParsedTransits {
  std::vector<TransitLine> lines;
  std::vector<std::int64_t> line_numbers;
  std::vector<Reject> rejects;
  std::int64_t total = 0;
};

inline constexpr std::int64_t kMaxTransitLines = 200'000;

core::Result<ParsedTransits> ParseTransitsCsv(std::string_view text);
core::Result<ParsedTransits> ParseTransitsJson(std::string_view text);
// JSON when the first non-blank byte is '{', CSV otherwise.
core::Result<ParsedTransits> ParseTransits(std::string_view text);

// Checks and normalizes the fields of a line; `prefix` goes before each field name in errors.
core::Status ValidateTransitLine(TransitLine& line, const std::string& prefix);

}  // namespace istmo::canal

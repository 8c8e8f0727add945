// tests/maritime/detection_log.h — a hand-made NMEA log in which the detectors find known
// events (an invalid MMSI, a gap, an encounter with loitering, an implied speed), for the tests
// of the ingest hook: replay, replay twice, kill -9 and the live feed must store the same events.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numbers>
#include <string>
#include <utility>
#include <vector>

#include "maritime/nmea_builder.h"

namespace istmo::maritime::testing {

// 2027-01-01T00:00:00Z, on an hour.
inline constexpr std::int64_t kDetectionLogStart = 1'798'761'600;

// The log's lines in time order (one sentence each, tag block c: seconds, LF separated).
inline std::string DetectionLog() {
  std::vector<std::pair<std::int64_t, std::string>> lines;  // (seconds, sentence)
  auto at = [&](std::int64_t minute, const Bits& bits) {
    const std::int64_t t = kDetectionLogStart + minute * 60;
    lines.emplace_back(t, Sentence(bits, t));
  };
  // A steady track: one report every `step` minutes in [from, to], positions following the speed.
  auto track = [&](std::uint32_t mmsi, std::int64_t from, std::int64_t to, std::int64_t step,
                   double lat, double lon, double sog_kn, double course_deg) {
    const double rad = course_deg * std::numbers::pi / 180;
    for (std::int64_t m = from; m <= to; m += step) {
      const double nm = sog_kn * static_cast<double>(m - from) / 60;
      at(m, PositionBits({.mmsi = mmsi,
                          .lat = lat + nm * std::cos(rad) / 60,
                          .lon = lon + nm * std::sin(rad) / (60 * std::cos(lat * std::numbers::pi / 180)),
                          .sog_kn = sog_kn,
                          .cog_deg = course_deg}));
    }
  };
  for (std::uint32_t mmsi : {100000001u, 351000001u, 351000002u, 351000003u, 351000004u}) {
    at(0, StaticBits({.mmsi = mmsi, .callsign = "HP" + std::to_string(mmsi % 100),
                      .name = "SHIP " + std::to_string(mmsi % 100), .ship_type = 70}));
  }
  // MID 100 is not allocated: an invalid MMSI.
  track(100000001, 1, 30, 3, 6.0, -80.0, 12, 0);
  // Heard for an hour, silent for seven, heard again: a gap.
  track(351000001, 1, 60, 2, 5.0, -82.0, 10, 90);
  track(351000001, 480, 540, 2, 5.05, -81.0, 10, 90);
  // Two ships 60 m apart, drifting at 0.5 kn for three hours far out at sea (an encounter; each
  // also loiters), then one leaves.
  track(351000002, 1, 240, 2, 5.5, -83.0, 0.5, 45);
  track(351000003, 1, 180, 2, 5.5005, -83.0, 0.5, 45);
  track(351000003, 182, 260, 2, 5.53, -82.97, 12, 45);
  // Ten knots, then 60 nm further two minutes later: an implied speed far beyond a cargo ship's.
  track(351000004, 1, 30, 2, 4.0, -81.0, 10, 0);
  track(351000004, 32, 60, 2, 5.0, -81.0, 10, 0);
  std::stable_sort(lines.begin(), lines.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::string log;
  for (const auto& [t, line] : lines) log += line + "\n";
  return log;
}

}  // namespace istmo::maritime::testing

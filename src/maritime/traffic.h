// maritime/traffic.h — simulated AIS traffic around Panama, written as NMEA through our own
// encoder (ais/encoder.h), for the demo (`make run`), `istmo maritime simulate` and the ingest
// benchmark.
//
// The region's traffic is modelled by role:
//   * canal: ships that approach on a lane, wait at the Pacific (Bay of Panama) or Atlantic
//     (Limón Bay outer) anchorage, transit the canal along its centreline in turn, slow in the
//     locks, and leave on a lane of the other ocean; transits start at
//     TrafficOptions::daily_transits a day, alternating sides;
//   * lane: ships on the Pacific and Caribbean lanes (to and from the canal ports, and through
//     traffic along the coasts);
//   * fishing: fleets working their grounds (Gulf of Panama, Darién, Coiba, Chiriquí, the
//     offshore tuna grounds, Bocas del Toro, Guna Yala, Veraguas);
//   * coastal: ferries, tugs and pilots at the canal entrances, small craft;
//   * fixed stations: AIS base stations (type 4), aids to navigation (type 21) and a SENAN
//     patrol aircraft (type 9), added to the vessel count.
// Identities are plausible: MMSIs with the MIDs of real flag states in proportion to their
// fleets, IMO numbers with a valid check digit, call signs with the flag's ITU prefix, names,
// ship types and dimensions by segment (29% of canal ships Neopanamax-sized, the FY2024 share of
// Neopanamax lock transits). Class A ships send types 1/2/3 and a type 5 every 6 minutes; class B
// send type 18 and a type 24 A+B (or a type 19) every 6 minutes; reporting intervals follow
// ITU-R M.1371-5 (class A 2–10 s under way, 3 min at anchor; class B 30 s, 3 min when slow).
// Geography is approximate (docs/maritime.md): not for navigation.
//
// Deterministic: the same options give the same bytes on every machine (own PRNG, no library
// distributions). Thread-safety: one generator per thread.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/result.h"

namespace istmo::maritime {

// ACP's usual daily transits before the 2023–24 drought restrictions (36 a day, source C2 of
// ../shared/data/canal/transits_fiscal_year.csv; 22 during the restrictions).
inline constexpr double kUsualDailyCanalTransits = 36;

enum class TrafficRole : std::uint8_t {
  kCanal,
  kLane,
  kFishing,
  kCoastal,
  kBaseStation,
  kAidToNavigation,
  kSarAircraft,
};

enum class CanalPhase : std::uint8_t { kNone, kInbound, kAnchored, kTransit, kOutbound };

struct TrafficOptions {
  // Ships and boats; the fixed stations (base stations, aids, one aircraft) come on top.
  std::size_t vessels = 1500;
  std::uint64_t seed = 1;
  // Unix time of the first report.
  std::int64_t start_unix = 1'798'761'600;  // 2027-01-01T00:00:00Z
  // Canal transits started a day (both directions together).
  double daily_transits = kUsualDailyCanalTransits;
  // Tag block s: of every sentence.
  std::string station = "istmo-sim";
};

// One simulated station as of its last report (tests, the CLI's summary).
struct SimulatedStation {
  std::uint32_t mmsi = 0;
  TrafficRole role = TrafficRole::kLane;
  CanalPhase phase = CanalPhase::kNone;
  bool class_b = false;
  double lat = 0, lon = 0;
  double sog_kn = 0, cog_deg = 0;
  std::string name;
  std::uint8_t shiptype = 0;
  double length_m = 0, beam_m = 0;
};

struct TrafficCounters {
  std::uint64_t messages = 0;
  std::uint64_t sentences = 0;
  std::array<std::uint64_t, 28> by_type{};  // a type 24 A+B counts twice
  std::uint64_t transits_started = 0;
  std::uint64_t transits_completed = 0;
};

class TrafficGenerator {
 public:
  // kInvalidArgument when vessels is 0 or above 1,000,000, or daily_transits is negative or
  // above 200.
  static core::Result<std::unique_ptr<TrafficGenerator>> Create(TrafficOptions options);
  ~TrafficGenerator();

  // Appends every report due in [now(), until_unix) to *out, in time order, one sentence a line
  // with a tag block (s: station, c: time), and advances now() to until_unix.
  void AdvanceTo(std::int64_t until_unix, std::string* out);

  std::int64_t now() const;
  const TrafficCounters& counters() const;
  std::vector<SimulatedStation> Stations() const;

 private:
  struct Impl;
  explicit TrafficGenerator(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

std::string_view TrafficRoleName(TrafficRole role);  // "canal", "lane", "fishing", ...

}  // namespace istmo::maritime

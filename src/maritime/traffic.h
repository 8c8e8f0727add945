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
// With TrafficOptions::scenarios, scripted vessels act out labelled events on top of that traffic
// (go-fast runs from Colombia's Pacific coast, a rendezvous and an encounter at sea, a 14 h dark
// gap, MMSI spoofing, loitering) and a few hard negatives that look like them but are not
// (Scenarios()); the labels say which detector (detect.h) should fire, for whom and when, so that
// ScoreDetections can measure precision and recall. Off by default: without it the log is
// byte for byte what it was.
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
#include "maritime/detect.h"

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
  // Adds the scripted, labelled scenarios (Scenarios()), all within kScenarioHours of
  // start_unix. Their vessels are silent before and after their scripts: a run longer than
  // kScenarioHours plus the detectors' horizon (48 h) sees them evicted with open gaps.
  bool scenarios = false;
};

// The scenarios all end within this many hours of the start.
inline constexpr double kScenarioHours = 30;

// One labelled event of a scenario: the detector of `kind` should report it (or, for a hard
// negative, must not), for `mmsi` (and `partner` for an encounter or rendezvous), overlapping
// [start_unix, end_unix].
struct ScenarioLabel {
  std::string scenario;  // e.g. "go_fast_darien"
  DetectionKind kind = DetectionKind::kGap;
  bool negative = false;  // a hard negative: nothing of `kind` (or anything else) is expected
  std::uint32_t mmsi = 0;
  std::uint32_t partner = 0;
  std::int64_t start_unix = 0, end_unix = 0;
  double lat = 0, lon = 0;  // where it happens (its middle, roughly)
  std::string place;        // e.g. "off Jaqué, Darién"
};

// Precision and recall of one detector against the labels.
//
// The background traffic is unlabelled: an event of a vessel that is in no scenario (a yacht
// drifting on a fishing ground, two fishing boats side by side) may be a false alert or a real
// instance of the behaviour that nobody scripted, so precision() is measured on the scenarios'
// vessels (the labelled events and the hard negatives) and precision_all() counts every
// background event as false.
struct DetectorScore {
  std::size_t labels = 0;             // positive labels of this kind
  std::size_t labels_found = 0;       // ... with at least one matching event
  std::size_t events = 0;             // events of this kind
  std::size_t true_events = 0;        // ... that match a positive label
  std::size_t background_events = 0;  // ... of vessels in no scenario
  std::size_t negatives_fired = 0;    // hard negatives of this kind with an event of this kind
  double recall() const {
    return labels == 0 ? 1 : static_cast<double>(labels_found) / static_cast<double>(labels);
  }
  double precision() const {
    const std::size_t judged = events - background_events;
    return judged == 0 ? 1 : static_cast<double>(true_events) / static_cast<double>(judged);
  }
  double precision_all() const {
    return events == 0 ? 1 : static_cast<double>(true_events) / static_cast<double>(events);
  }
};

// Whether `event` is the labelled event: same kind, a positive label, the event's MMSI or partner
// among the label's, and [start, end] overlapping the label's window widened by `slack_s` each
// side (events are judged from reports, which come seconds to minutes apart).
bool MatchesLabel(const DetectionEvent& event, const ScenarioLabel& label,
                  std::int64_t slack_s = 600);

// Scores every detector: an event that matches no positive label of its kind is a false alert
// (the background traffic's, or a hard negative's). Indexed by DetectionKind.
std::array<DetectorScore, kDetectionKinds> ScoreDetections(
    const std::vector<ScenarioLabel>& labels, const std::vector<DetectionEvent>& events);

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

// What EvaluateScenarios measured.
struct ScenarioRun {
  std::vector<ScenarioLabel> labels;
  std::vector<DetectionEvent> events;
  std::array<DetectorScore, kDetectionKinds> scores{};
  std::uint64_t messages = 0;
  std::uint64_t reports = 0;    // position reports given to the detectors
  std::uint64_t bad_lines = 0;  // the decoder's bad input (0 unless the encoder has a bug)
};

// Generates the scenarios' window (kScenarioHours and one hour more) with `options` and
// scenarios on, replays it through ais::Decoder, ReportBuilder and Detectors(config) with the
// built-in zones as Geography (ZoneGeography), an hour at a time through the batch call, without
// Finish (as a live feed: nothing ends the stream), and scores the events. kInvalidArgument as
// TrafficGenerator::Create. Cost: about
// 4 s of CPU for 300 background vessels.
core::Result<ScenarioRun> EvaluateScenarios(TrafficOptions options,
                                            const DetectorConfig& config = {});

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
  // The labels of the scenarios (empty without TrafficOptions::scenarios), in scenario order.
  const std::vector<ScenarioLabel>& Scenarios() const;

 private:
  struct Impl;
  explicit TrafficGenerator(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

std::string_view TrafficRoleName(TrafficRole role);  // "canal", "lane", "fishing", ...

}  // namespace istmo::maritime

// maritime/detect.cc — the behaviour detectors (detect.h). Sources of the defaults:
// docs/maritime.md "Behaviour detectors".
#include "maritime/detect.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <mutex>
#include <numbers>
#include <span>
#include <unordered_map>
#include <utility>

#include "core/geo.h"
#include "core/time.h"
#include "maritime/coast.h"
#include "maritime/internal/mmsi_table.h"
#include "maritime/internal/stored_reads.h"
#include "maritime/mid.h"
#include "maritime/zones.h"

namespace istmo::maritime {

namespace {

constexpr double kRawPerDegree = 600000.0;  // 1/10 000 minute
constexpr std::int64_t kUsPerMinute = 60'000'000;
constexpr std::int64_t kUsPerHour = 60 * kUsPerMinute;
constexpr std::int64_t kUsPerDay = 24 * kUsPerHour;
constexpr double kMetersPerDegreeLat = 111320.0;
// The encounter grid: cells of 0.005° (about 560 m north-south), searched as wide as the
// distance threshold needs at the cell's latitude. Halving the cell from 0.01° cut the
// candidates per report about fourfold on the generator's 60,000 vessels (bench_maritime_detect).
constexpr double kPairCellDegrees = 0.005;
constexpr std::int64_t kNoCell = std::numeric_limits<std::int64_t>::min();
// Hour buckets of the positions-before count for gaps: 12 h and the hour in progress.
constexpr std::size_t kHourBuckets = 13;

template <class Duration>
std::int64_t Us(Duration d) {
  return std::chrono::duration_cast<std::chrono::microseconds>(d).count();
}
double Hours(std::int64_t us) { return static_cast<double>(us) / kUsPerHour; }
double Knots(std::uint16_t sog) { return sog / 10.0; }
bool SpeedKnown(std::uint16_t sog) { return sog < ais::kSpeedFastMover; }

double FloorDiv(double a, double b) { return std::floor(a / b); }

// The cosine of a latitude from a 0.1° table, interpolated (within 4e-7 of std::cos): the
// distance between consecutive positions runs on every report, and std::cos was a visible part
// of the detectors' cost on the ingest path (docs/perf.md).
double CosLatitude(double deg) {
  static const std::array<double, 902> table = [] {
    std::array<double, 902> t{};
    for (std::size_t i = 0; i < t.size(); ++i) t[i] = std::cos(i / 10.0 * std::numbers::pi / 180);
    return t;
  }();
  const double x = std::abs(deg) * 10;
  if (!(x < 900)) return std::cos(deg * std::numbers::pi / 180);
  const auto i = static_cast<std::size_t>(x);
  return table[i] + (x - i) * (table[i + 1] - table[i]);
}

std::int64_t CellKey(double lat_deg, double lon_deg, double cell_deg) {
  const auto row = static_cast<std::int64_t>(FloorDiv(lat_deg, cell_deg));
  const auto col = static_cast<std::int64_t>(FloorDiv(lon_deg, cell_deg));
  return (row << 32) ^ (col & 0xffffffff);
}

// Stations that sail; base stations, aids to navigation and aircraft are judged by MMSI only.
bool Sails(StationKind kind) {
  return kind == StationKind::kClassA || kind == StationKind::kClassB ||
         kind == StationKind::kUnknown;
}

// A ship station's MMSI is nine digits MIDxxxxxx with an allocated MID (ITU-R M.585); a craft
// associated with a parent ship (98MIDxxxx) may send positions too.
bool ValidShipMmsi(std::uint32_t mmsi) {
  if (mmsi < 100'000'000 || mmsi > 999'999'999) return false;
  const MmsiForm form = MmsiFormOf(mmsi);
  if (form != MmsiForm::kShip && form != MmsiForm::kAssociatedCraft) return false;
  return MidTable::Default().FlagOf(mmsi) != nullptr;
}

bool FastByType(StationKind kind, std::uint8_t type) {
  if (kind == StationKind::kClassB) return true;
  return (type >= 20 && type <= 29) || (type >= 40 && type <= 49) || type == 35 || type == 37 ||
         type == 50 || type == 51 || type == 55;
}

// Evenly spread evidence of bounded size: every `stride`-th point is kept; when the list is
// full every other point goes and the stride doubles. The last point is added at the end.
struct Evidence {
  std::vector<EvidencePoint> points;
  std::uint32_t stride = 1;
  std::uint32_t seen = 0;
  EvidencePoint last;

  void Add(const EvidencePoint& p, std::size_t cap) {
    last = p;
    if (seen++ % stride != 0) return;
    if (points.size() >= cap && cap >= 2) {
      std::size_t w = 0;
      for (std::size_t r = 0; r < points.size(); r += 2) points[w++] = points[r];
      points.resize(w);
      stride *= 2;
      if ((seen - 1) % stride != 0) return;
    }
    points.push_back(p);
  }
  // The points with the last one, oldest first; leaves the evidence empty.
  std::vector<EvidencePoint> Take() {
    if (seen != 0 && (points.empty() || !(points.back() == last))) points.push_back(last);
    std::vector<EvidencePoint> out = std::move(points);
    *this = Evidence{};
    return out;
  }
};

// Two tracks' evidence in one list, oldest first. Each track is thinned on its own: thinning
// one list of alternating points would keep only one of the tracks.
std::vector<EvidencePoint> MergeEvidence(Evidence& a, Evidence& b) {
  std::vector<EvidencePoint> out = a.Take();
  std::vector<EvidencePoint> second = b.Take();
  const auto mid = static_cast<std::ptrdiff_t>(out.size());
  out.insert(out.end(), second.begin(), second.end());
  std::inplace_merge(
      out.begin(), out.begin() + mid, out.end(),
      [](const EvidencePoint& x, const EvidencePoint& y) { return x.t_us < y.t_us; });
  return out;
}

// A run of reports meeting a condition (go-fast, on land, sentinels, duplicate tracks).
struct Run {
  bool active = false;
  std::uint32_t reports = 0;
  std::int64_t start_us = 0, last_us = 0;
  double top = 0;
  const DetectorThresholds* th = nullptr;
  std::string_view zone;
};

struct CoverageCell {
  double messages = 0;
  double vessel_days = 0;
};

// The end of one of an MMSI's tracks (GFW's segmenter keeps several open segments per MMSI).
struct TrackEnd {
  bool valid = false;
  std::int64_t t_us = 0;
  std::int32_t lat = 0, lon = 0;
};

// A vessel as the detectors follow it, laid out by what a report touches. The record's first
// touch is most of the detectors' cost with 60,000 vessels (perf annotate on
// bench_maritime_ingest: the loads that miss are the record's), so the fields of every report
// fill the first kHotLines cache lines, and the batch call
// prefetches those lines only: prefetching all twelve lines of every record four reports ahead
// left the first lines still missing (too many prefetches in flight). Runs that are rarely open
// come last. Aligned to a line, so that the hot part spans no extra line.
struct alignas(64) Watched {
  // Line 0: identity, the last report and position, the thresholds.
  std::uint32_t mmsi = 0;
  StationKind kind = StationKind::kUnknown;
  std::uint8_t ship_type = 0;
  bool mmsi_judged = false;
  bool last_on_alt = false;
  bool main_moved_since_alt = false;
  std::uint16_t sog = ais::kSpeedNotAvailable;
  // One bit per DetectionKind whose Run is active: the runs lie far down the record, and
  // checking each run's own flag on every report cost a cache miss each (perf annotate).
  std::uint16_t runs_open = 0;
  std::int32_t switches = 0;
  std::int32_t lat = 0, lon = 0;  // the last plausible position of the main track
  double length_m = 0;
  std::int64_t last_us = 0;  // last report of any kind
  std::int64_t pos_us = 0;   // time of lat, lon
  const DetectorThresholds* th = nullptr;

  // Line 1: segments (the main track and one alternative: a jump, or a second vessel), and the
  // coverage: the (cell, day) this vessel was last counted in, and that cell's counts (the map's
  // elements do not move).
  TrackEnd main, alt;
  CoverageCell* coverage = nullptr;
  std::int64_t coverage_cell = kNoCell;

  // Line 2: the encounter grid's bookkeeping, read on every report (GridRemove).
  std::int64_t coverage_day = -1;
  std::int64_t pair_cell = kNoCell;
  std::uint32_t pair_slot = 0;
  std::vector<std::uint32_t> partners;  // of this vessel's open pairs
  std::int64_t last_fast_us = 0;        // last main-track report over the go-fast speed; 0: none
  // Loitering: the hour block in progress.
  std::int64_t block_hour = -1;

  // Lines 3-5.
  Place place;  // where lat, lon is
  double block_nm = 0, block_hours = 0, block_shore_sum = 0;
  std::uint32_t block_n = 0;
  EvidencePoint block_last;
  // Positions per hour over the last kHourBuckets hours (the gap's "positions before"); one
  // bucket per report.
  std::array<std::int32_t, kHourBuckets> hour_of{};  // hours since the epoch
  std::array<std::uint16_t, kHourBuckets> hour_count{};

  // Touched once an hour or less.
  EvidencePoint block_first;
  const DetectorThresholds* block_th = nullptr;
  std::string_view block_zone;

  Run go_fast, on_land, sentinel;

  // Rarely open: the run of slow hour blocks, the duplicate.
  Run loiter;
  std::int64_t loiter_last_hour = -1;
  double loiter_nm = 0, loiter_hours = 0, loiter_shore_sum = 0;
  std::uint32_t loiter_blocks = 0, loiter_n = 0;
  Run duplicate;
  std::int64_t last_jump_event_us = 0;  // 0: none yet
};
// The lines a report touches: 0 to 5, up to the hour buckets (bytes 304-381); block_first and
// what follows it are not.
constexpr std::size_t kHotLines = 6;

struct Pair {
  std::uint32_t lo = 0, hi = 0;
  std::int64_t start_us = 0, last_us = 0;
  std::uint32_t samples = 0, slow = 0;
  bool in_eez = false;
  bool fast_arrival = false;  // one of the pair was fast just before (rendezvous_fast_arrival)
  const DetectorThresholds* th = nullptr;
  std::string_view zone;
  Evidence lo_evidence, hi_evidence;
};

EvidencePoint PointOf(const Watched& v) {
  return {.mmsi = v.mmsi, .t_us = v.pos_us, .lat = v.lat, .lon = v.lon, .sog = v.sog};
}

}  // namespace

std::string_view DetectionKindName(DetectionKind kind) {
  switch (kind) {
    case DetectionKind::kGap:
      return "gap";
    case DetectionKind::kEncounter:
      return "encounter";
    case DetectionKind::kRendezvous:
      return "rendezvous";
    case DetectionKind::kLoitering:
      return "loitering";
    case DetectionKind::kGoFast:
      return "go_fast";
    case DetectionKind::kImpliedSpeed:
      return "implied_speed";
    case DetectionKind::kDuplicateMmsi:
      return "duplicate_mmsi";
    case DetectionKind::kInvalidMmsi:
      return "invalid_mmsi";
    case DetectionKind::kOnLand:
      return "on_land";
    case DetectionKind::kNotAvailable:
      return "not_available";
    case DetectionKind::kIdentityChange:
      return "identity_change";
  }
  return "unknown";
}

std::optional<DetectionKind> ParseDetectionKind(std::string_view name) {
  for (std::size_t k = 0; k < kDetectionKinds; ++k) {
    if (DetectionKindName(static_cast<DetectionKind>(k)) == name) {
      return static_cast<DetectionKind>(k);
    }
  }
  return std::nullopt;
}

struct Detectors::Impl {
  // Taken once per public call: the ingest path hands over a batch at a time, so the feeds
  // sharing one Detectors contend once per batch, not per report.
  mutable std::mutex mu;
  DetectorConfig config;
  Geography geography;
  std::vector<bool> loiter_exempt = std::vector<bool>(256, false);

  // Records never move while they live: the grid holds Watched pointers.
  internal::MmsiTable<Watched> vessels;
  std::unordered_map<std::int64_t, std::vector<Watched*>> pair_grid;
  std::unordered_map<std::uint64_t, Pair> pairs;
  std::unordered_map<std::int64_t, CoverageCell> coverage;

  std::int64_t now_us = std::numeric_limits<std::int64_t>::min();
  std::int64_t next_pair_sweep_us = std::numeric_limits<std::int64_t>::min();
  std::int64_t next_vessel_sweep_us = std::numeric_limits<std::int64_t>::min();
  std::int64_t coverage_day = -1;
  // A report too far ahead of now_us, waiting for the next one to confirm its time.
  bool suspect = false;
  std::int64_t suspect_us = 0;
  DetectorStats stats;
  // Evidence of the runs in progress, by (MMSI, slot): a vessel record stays small when, as
  // nearly always, it has no run in progress (this halved the detectors' cost per report on
  // bench_maritime_detect's 60,000 vessels).
  std::unordered_map<std::uint64_t, Evidence> evidence;
  static constexpr std::uint8_t kMainTrackSlot = 100, kAltTrackSlot = 101;

  static std::uint64_t EvidenceKey(std::uint32_t mmsi, std::uint8_t slot) {
    return (std::uint64_t{mmsi} << 8) | slot;
  }
  void AddEvidence(std::uint32_t mmsi, std::uint8_t slot, const EvidencePoint& p) {
    evidence[EvidenceKey(mmsi, slot)].Add(p, config.max_evidence_points);
  }
  std::vector<EvidencePoint> TakeEvidence(std::uint32_t mmsi, std::uint8_t slot) {
    auto it = evidence.find(EvidenceKey(mmsi, slot));
    if (it == evidence.end()) return {};
    std::vector<EvidencePoint> out = it->second.Take();
    evidence.erase(it);
    return out;
  }
  void DropEvidence(std::uint32_t mmsi, std::uint8_t slot) {
    evidence.erase(EvidenceKey(mmsi, slot));
  }
  std::vector<EvidencePoint> TakeTwoTracks(std::uint32_t mmsi) {
    Evidence a, b;
    if (auto it = evidence.find(EvidenceKey(mmsi, kMainTrackSlot)); it != evidence.end()) {
      a = std::move(it->second);
      evidence.erase(it);
    }
    if (auto it = evidence.find(EvidenceKey(mmsi, kAltTrackSlot)); it != evidence.end()) {
      b = std::move(it->second);
      evidence.erase(it);
    }
    return MergeEvidence(a, b);
  }

  const DetectorThresholds& ThresholdsAt(std::string_view zone) const {
    if (!zone.empty()) {
      if (auto it = config.by_zone.find(zone); it != config.by_zone.end()) return it->second;
    }
    return config.defaults;
  }

  bool SmallCraft(const Watched& v, const DetectorThresholds& th) const {
    return v.kind == StationKind::kClassB || v.ship_type == 30 || v.ship_type == 36 ||
           v.ship_type == 37 || (v.length_m > 0 && v.length_m < th.small_craft_max_length_m);
  }

  void Emit(DetectionEvent event, std::vector<DetectionEvent>& out) {
    ++stats.events[static_cast<std::size_t>(event.kind)];
    out.push_back(std::move(event));
  }

  // ---- Coverage mask ----

  void Decay(std::int64_t day) {
    if (coverage_day >= 0 && day > coverage_day) {
      const double f =
          std::pow(config.coverage_daily_decay, static_cast<double>(day - coverage_day));
      for (auto& [key, cell] : coverage) {
        cell.messages *= f;
        cell.vessel_days *= f;
      }
    }
    coverage_day = std::max(coverage_day, day);
  }

  void CountCoverage(Watched& v, double lat_deg, double lon_deg, std::int64_t t_us) {
    const std::int64_t key = CellKey(lat_deg, lon_deg, config.coverage_cell_deg);
    const std::int64_t day = t_us / kUsPerDay;
    if (key != v.coverage_cell) v.coverage = &coverage[key];
    v.coverage->messages += 1;
    if (key != v.coverage_cell || day != v.coverage_day) {
      v.coverage->vessel_days += 1;
      v.coverage_cell = key;
      v.coverage_day = day;
    }
  }

  double Reception(double lat_deg, double lon_deg) const {
    auto it = coverage.find(CellKey(lat_deg, lon_deg, config.coverage_cell_deg));
    if (it == coverage.end() || it->second.vessel_days < 0.5) return 0;
    return it->second.messages / it->second.vessel_days;
  }

  // ---- Gaps ----

  int PositionsBefore(const Watched& v, std::int64_t t_us) const {
    const std::int64_t hour = t_us / kUsPerHour;
    int n = 0;
    for (std::size_t i = 0; i < kHourBuckets; ++i) {
      if (v.hour_of[i] > hour - static_cast<std::int64_t>(kHourBuckets) && v.hour_of[i] <= hour) {
        n += v.hour_count[i];
      }
    }
    return n;
  }

  void CountPosition(Watched& v, std::int64_t t_us) {
    const std::int64_t hour = t_us / kUsPerHour;
    const std::size_t b = static_cast<std::size_t>(hour % kHourBuckets);
    if (v.hour_of[b] != hour) {
      v.hour_of[b] = static_cast<std::int32_t>(hour);
      v.hour_count[b] = 0;
    }
    if (v.hour_count[b] < 0xffff) ++v.hour_count[b];
  }

  // A gap from the vessel's last position to end_us (its next position, or its eviction).
  void JudgeGap(const Watched& v, std::int64_t end_us, bool open, const EvidencePoint* next,
                std::vector<DetectionEvent>& out) {
    const DetectorThresholds& th = *v.th;
    const std::int64_t dur = end_us - v.pos_us;
    if (dur < Us(th.small_craft_eez_gap) && dur < Us(th.gap)) return;  // the common case
    const bool small_eez = v.place.in_eez && SmallCraft(v, th);
    const std::int64_t gap_us = Us(small_eez ? th.small_craft_eez_gap : th.gap);
    if (dur < gap_us) return;
    const std::int64_t intentional_us =
        Us(small_eez ? th.small_craft_eez_intentional_gap : th.intentional_gap);
    const double min_shore =
        small_eez ? th.small_craft_eez_min_shore_nm : th.intentional_min_shore_nm;
    const double reception = Reception(v.lat / kRawPerDegree, v.lon / kRawPerDegree);
    const int before = PositionsBefore(v, v.pos_us);
    DetectionEvent e{.kind = DetectionKind::kGap,
                     .mmsi = v.mmsi,
                     .start_us = v.pos_us,
                     .end_us = end_us,
                     .intentional = dur >= intentional_us &&
                                    v.place.shore_distance_nm > min_shore &&
                                    reception > th.min_reception_per_vessel_day &&
                                    before >= th.min_positions_before,
                     .open = open,
                     .measured = Hours(dur),
                     .zone_id = std::string(v.place.zone_id)};
    e.thresholds = {{"gap_hours", Hours(gap_us)},
                    {"intentional_gap_hours", Hours(intentional_us)},
                    {"intentional_min_shore_nm", min_shore},
                    {"min_reception_per_vessel_day", th.min_reception_per_vessel_day},
                    {"min_positions_before", static_cast<double>(th.min_positions_before)},
                    {"start_shore_nm", v.place.shore_distance_nm},
                    {"start_reception_per_vessel_day", reception},
                    {"start_positions_before", static_cast<double>(before)}};
    e.evidence.push_back(PointOf(v));
    if (next != nullptr) e.evidence.push_back(*next);
    Emit(std::move(e), out);
  }

  // ---- Runs (go-fast, on land, sentinels) ----

  static std::uint16_t RunBit(DetectionKind kind) {
    return static_cast<std::uint16_t>(1u << static_cast<unsigned>(kind));
  }

  void CloseRun(Watched& v, Run& run, DetectionKind kind, std::vector<DetectionEvent>& out) {
    if ((v.runs_open & RunBit(kind)) != 0 && run.active) EndRun(v, run, kind, out);
  }

  void EndRun(Watched& v, Run& run, DetectionKind kind, std::vector<DetectionEvent>& out) {
    run.active = false;
    v.runs_open &= static_cast<std::uint16_t>(~RunBit(kind));
    DetectionEvent e{.kind = kind,
                     .mmsi = v.mmsi,
                     .start_us = run.start_us,
                     .end_us = run.last_us,
                     .measured = run.top,
                     .zone_id = std::string(run.zone)};
    const DetectorThresholds& th = run.th != nullptr ? *run.th : config.defaults;
    bool report = false;
    switch (kind) {
      case DetectionKind::kGoFast:
        report = run.last_us - run.start_us >= Us(th.go_fast_min_duration);
        e.thresholds = {
            {"min_speed_kn", th.go_fast_min_speed_kn},
            {"min_duration_minutes", static_cast<double>(th.go_fast_min_duration.count())},
            {"small_craft_max_length_m", th.small_craft_max_length_m},
            {"landing_coast_nm", th.go_fast_landing_coast_nm},
            {"landing_cone_deg", th.go_fast_landing_cone_deg}};
        break;
      case DetectionKind::kOnLand:
      case DetectionKind::kNotAvailable:
        report = run.reports >= config.min_reports_per_run;
        e.measured = run.reports;
        e.thresholds = {{"min_reports", static_cast<double>(config.min_reports_per_run)}};
        break;
      case DetectionKind::kDuplicateMmsi:
        report = true;
        e.partner = v.mmsi;
        e.measured = v.switches;
        e.thresholds = {{"min_switches", static_cast<double>(config.duplicate_min_switches)},
                        {"implied_speed_kn", th.implied_speed_kn}};
        break;
      default:
        break;
    }
    e.evidence = kind == DetectionKind::kDuplicateMmsi
                     ? TakeTwoTracks(v.mmsi)
                     : TakeEvidence(v.mmsi, static_cast<std::uint8_t>(kind));
    if (report) Emit(std::move(e), out);
  }

  void ExtendRun(Run& run, const EvidencePoint& p, std::int64_t max_gap_us,
                 const DetectorThresholds* th, std::string_view zone, double value, Watched& v,
                 DetectionKind kind, std::vector<DetectionEvent>& out) {
    if (run.active && p.t_us - run.last_us > max_gap_us) CloseRun(v, run, kind, out);
    if (!run.active) {
      run.active = true;
      v.runs_open |= RunBit(kind);
      run.start_us = p.t_us;
      run.reports = 0;
      run.top = 0;
      run.th = th;
      run.zone = zone;
    }
    run.last_us = p.t_us;
    ++run.reports;
    run.top = std::max(run.top, value);
    AddEvidence(v.mmsi, static_cast<std::uint8_t>(kind), p);
  }

  // Whether a coast lies ahead within go_fast_landing_coast_nm: on the course over ground or on
  // a line up to go_fast_landing_cone_deg either side of it (every 10°), since a boat making for
  // a landing beach steers for a point off it, and a straight line from there may graze past.
  static bool HeadsForCoast(const Place& place, const DetectorReport& r, double lat, double lon,
                            const DetectorThresholds& th) {
    if (place.coastline == nullptr || r.cog >= ais::kCourseNotAvailable) return false;
    const double course = r.cog / 10.0, max_nm = th.go_fast_landing_coast_nm;
    if (place.coastline->CoastAheadNm(lat, lon, course, max_nm) <= max_nm) return true;
    for (double off = 10; off <= th.go_fast_landing_cone_deg + 1e-9; off += 10) {
      if (place.coastline->CoastAheadNm(lat, lon, course - off, max_nm) <= max_nm ||
          place.coastline->CoastAheadNm(lat, lon, course + off, max_nm) <= max_nm) {
        return true;
      }
    }
    return false;
  }

  // ---- Loitering ----

  void CloseLoitering(Watched& v, std::vector<DetectionEvent>& out) {
    if (!v.loiter.active) return;
    v.loiter.active = false;
    const DetectorThresholds& th = *v.loiter.th;
    const double avg_kn = v.loiter_hours > 0 ? v.loiter_nm / v.loiter_hours : 0;
    const double avg_shore = v.loiter_shore_sum / std::max<std::uint32_t>(v.loiter_n, 1);
    const bool report =
        static_cast<std::int64_t>(v.loiter_blocks) * 60 >= th.loitering_min_duration.count() &&
        avg_shore >= th.loitering_min_shore_nm;
    DetectionEvent e{.kind = DetectionKind::kLoitering,
                     .mmsi = v.mmsi,
                     .start_us = v.loiter.start_us,
                     .end_us = v.loiter.last_us,
                     .measured = avg_kn,
                     .zone_id = std::string(v.loiter.zone)};
    e.thresholds = {{"max_speed_kn", th.loitering_max_speed_kn},
                    {"min_duration_hours", th.loitering_min_duration.count() / 60.0},
                    {"min_shore_nm", th.loitering_min_shore_nm},
                    {"avg_shore_nm", avg_shore},
                    {"hour_blocks", static_cast<double>(v.loiter_blocks)}};
    e.evidence = TakeEvidence(v.mmsi, static_cast<std::uint8_t>(DetectionKind::kLoitering));
    if (report) Emit(std::move(e), out);
  }

  // Ends the hour block in progress: a slow block extends the run (when it follows the run's
  // last block), anything else ends the run.
  void CloseBlock(Watched& v, std::vector<DetectionEvent>& out) {
    if (v.block_hour < 0) return;
    const DetectorThresholds& th = *v.block_th;
    const bool slow = v.block_hours > 0 && v.block_nm / v.block_hours < th.loitering_max_speed_kn;
    if (v.loiter.active && (!slow || v.block_hour != v.loiter_last_hour + 1)) {
      CloseLoitering(v, out);
    }
    if (slow) {
      if (!v.loiter.active) {
        v.loiter.active = true;
        v.loiter.start_us = v.block_first.t_us;
        v.loiter.th = v.block_th;
        v.loiter.zone = v.block_zone;
        v.loiter_nm = v.loiter_hours = v.loiter_shore_sum = 0;
        v.loiter_blocks = v.loiter_n = 0;
      }
      v.loiter.last_us = v.block_last.t_us;
      v.loiter_last_hour = v.block_hour;
      v.loiter_nm += v.block_nm;
      v.loiter_hours += v.block_hours;
      v.loiter_shore_sum += v.block_shore_sum;
      v.loiter_n += v.block_n;
      ++v.loiter_blocks;
      const auto slot = static_cast<std::uint8_t>(DetectionKind::kLoitering);
      AddEvidence(v.mmsi, slot, v.block_first);
      AddEvidence(v.mmsi, slot, v.block_last);
    }
    v.block_hour = -1;
  }

  void Loiter(Watched& v, const EvidencePoint& p, double segment_nm, double segment_hours,
              const DetectorThresholds& th, std::vector<DetectionEvent>& out) {
    const std::int64_t hour = p.t_us / kUsPerHour;
    if (hour != v.block_hour) {
      CloseBlock(v, out);
      v.block_hour = hour;
      v.block_nm = v.block_hours = v.block_shore_sum = 0;
      v.block_n = 0;
      v.block_first = p;
      v.block_th = &th;
      v.block_zone = v.place.zone_id;
    }
    // A segment longer than an hour says nothing of the speed within this hour.
    if (segment_hours > 0 && segment_hours <= 1) {
      v.block_nm += segment_nm;
      v.block_hours += segment_hours;
    }
    v.block_shore_sum += v.place.shore_distance_nm;
    ++v.block_n;
    v.block_last = p;
  }

  // ---- Encounters ----

  void GridRemove(Watched& v) {
    if (v.pair_cell == kNoCell) return;
    auto it = pair_grid.find(v.pair_cell);
    auto& slots = it->second;
    slots[v.pair_slot] = slots.back();
    slots[v.pair_slot]->pair_slot = v.pair_slot;
    slots.pop_back();
    if (slots.empty()) pair_grid.erase(it);
    v.pair_cell = kNoCell;
  }

  void GridPut(Watched& v, std::int64_t cell) {
    if (cell == v.pair_cell) return;
    GridRemove(v);
    auto& slots = pair_grid[cell];
    v.pair_cell = cell;
    v.pair_slot = static_cast<std::uint32_t>(slots.size());
    slots.push_back(&v);
  }

  void ClosePair(Pair& pair, std::vector<DetectionEvent>& out) {
    const DetectorThresholds& th = *pair.th;
    const std::int64_t dur = pair.last_us - pair.start_us;
    // The median speed is below the limit exactly when more than half the samples are.
    const bool slow = pair.samples > 0 && 2 * pair.slow > pair.samples;
    DetectionKind kind;
    if (slow && dur >= Us(th.encounter_min_duration)) {
      kind = DetectionKind::kEncounter;
    } else if (slow && pair.in_eez && dur >= Us(th.rendezvous_min_duration) &&
               (pair.fast_arrival || th.rendezvous_fast_arrival.count() == 0)) {
      kind = DetectionKind::kRendezvous;
    } else {
      return;
    }
    DetectionEvent e{.kind = kind,
                     .mmsi = pair.lo,
                     .partner = pair.hi,
                     .start_us = pair.start_us,
                     .end_us = pair.last_us,
                     .measured = static_cast<double>(pair.slow) / pair.samples,
                     .zone_id = std::string(pair.zone)};
    e.thresholds = {
        {"max_distance_m", th.encounter_max_distance_m},
        {"min_duration_minutes", static_cast<double>(kind == DetectionKind::kEncounter
                                                         ? th.encounter_min_duration.count()
                                                         : th.rendezvous_min_duration.count())},
        {"max_median_speed_kn", th.encounter_max_median_speed_kn},
        {"min_port_distance_km", th.encounter_min_port_distance_km},
        {"merge_gap_hours", Hours(Us(th.encounter_merge_gap))}};
    if (kind == DetectionKind::kRendezvous) {
      e.thresholds.push_back(
          {"fast_arrival_minutes", static_cast<double>(th.rendezvous_fast_arrival.count())});
    }
    e.evidence = MergeEvidence(pair.lo_evidence, pair.hi_evidence);
    Hold(Held{.event = std::move(e),
              .samples = pair.samples,
              .slow = pair.slow,
              .merge_gap_us = Us(th.encounter_merge_gap)},
         out);
  }

  // GFW merges encounters of one pair less than 4 h apart (encounters_pipeline,
  // merge_pipeline.py): an encounter or rendezvous is held until encounter_merge_gap has passed
  // without the pair meeting again; one of the same kind that starts within it extends it (from
  // the first start to the last end, the slow share over both). The time is the reports' own,
  // so live and replay merge alike.
  struct Held {
    DetectionEvent event;
    std::uint32_t samples = 0, slow = 0;
    std::int64_t merge_gap_us = 0;
  };
  std::map<std::uint64_t, Held> held;  // by pair key: released in key order

  void Hold(Held next, std::vector<DetectionEvent>& out) {
    const std::uint64_t key = PairKey(next.event.mmsi, next.event.partner);
    auto it = held.find(key);
    if (it == held.end()) {
      held.emplace(key, std::move(next));
      return;
    }
    Held& h = it->second;
    if (h.event.kind != next.event.kind || next.event.start_us - h.event.end_us >= h.merge_gap_us) {
      Emit(std::move(h.event), out);
      h = std::move(next);
      return;
    }
    h.event.end_us = std::max(h.event.end_us, next.event.end_us);
    h.samples += next.samples;
    h.slow += next.slow;
    h.event.measured = static_cast<double>(h.slow) / h.samples;
    auto& points = h.event.evidence;
    points.insert(points.end(), next.event.evidence.begin(), next.event.evidence.end());
    // Bounded as a pair's own evidence is: every other point goes when it grows past that.
    if (points.size() > 2 * (config.max_evidence_points + 1)) {
      std::size_t w = 0;
      for (std::size_t r = 0; r + 1 < points.size(); r += 2) points[w++] = points[r];
      points[w++] = points.back();
      points.resize(w);
    }
  }

  // Releases what can no longer merge: a pair meeting again starts no earlier than the stream's
  // time less the report age a pair's first sample may have. A pair that met again within the
  // gap and is still together is kept: it merges when that meeting ends.
  void ReleaseHeld(std::vector<DetectionEvent>& out, bool all) {
    const std::int64_t age = Us(config.encounter_max_report_age);
    for (auto it = held.begin(); it != held.end();) {
      if (all || (now_us - age - it->second.event.end_us >= it->second.merge_gap_us &&
                  !pairs.contains(it->first))) {
        Emit(std::move(it->second.event), out);
        it = held.erase(it);
      } else {
        ++it;
      }
    }
  }

  void SamplePair(Pair& pair, const Watched& v, double speed_kn, bool speed_known) {
    pair.last_us = v.pos_us;
    if (speed_known) {
      ++pair.samples;
      if (speed_kn < pair.th->encounter_max_median_speed_kn) ++pair.slow;
    }
    (v.mmsi == pair.lo ? pair.lo_evidence : pair.hi_evidence)
        .Add(PointOf(v), config.max_evidence_points);
  }

  static std::uint64_t PairKey(std::uint32_t a, std::uint32_t b) {
    return (std::uint64_t{std::min(a, b)} << 32) | std::max(a, b);
  }

  // Only slow vessels away from ports are in the grid and look for partners: an encounter needs
  // a median speed under the limit, and pairs of fast ships are most of the close pairs in busy
  // waters. A report that is not slow still counts, as a fast sample of the vessel's open pairs.
  void Encounter(Watched& v, double speed_kn, bool speed_known, const DetectorThresholds& th) {
    const bool slow = speed_known && speed_kn < th.encounter_max_median_speed_kn;
    if (!slow || v.place.port_distance_km < th.encounter_min_port_distance_km) {
      GridRemove(v);
      if (speed_known && !slow) {
        for (std::uint32_t partner : v.partners) {
          if (auto it = pairs.find(PairKey(v.mmsi, partner)); it != pairs.end()) {
            ++it->second.samples;
          }
        }
      }
      return;
    }
    const double lat = v.lat / kRawPerDegree, lon = v.lon / kRawPerDegree;
    GridPut(v, CellKey(lat, lon, kPairCellDegrees));
    const double max_m = th.encounter_max_distance_m;
    const double cell_m = kPairCellDegrees * kMetersPerDegreeLat;
    const double cos_lat = std::max(std::cos(lat * std::numbers::pi / 180), 0.01);
    const auto ny = static_cast<std::int64_t>(std::ceil(max_m / cell_m));
    const auto nx = static_cast<std::int64_t>(std::ceil(max_m / (cell_m * cos_lat)));
    const auto row = static_cast<std::int64_t>(FloorDiv(lat, kPairCellDegrees));
    const auto col = static_cast<std::int64_t>(FloorDiv(lon, kPairCellDegrees));
    const std::int64_t max_age = Us(config.encounter_max_report_age);
    // A planar bound in raw units first (1% margin), the great circle only for what passes.
    const double m_per_raw = kMetersPerDegreeLat / kRawPerDegree;
    const double bound = max_m * 1.01 / m_per_raw;
    const double bound2 = bound * bound;
    const core::LatLng here{lat, lon};
    for (std::int64_t r = row - ny; r <= row + ny; ++r) {
      for (std::int64_t c = col - nx; c <= col + nx; ++c) {
        auto it = pair_grid.find((r << 32) ^ (c & 0xffffffff));
        if (it == pair_grid.end()) continue;
        for (Watched* other : it->second) {
          if (other == &v || v.pos_us - other->pos_us > max_age) continue;
          const double dy = static_cast<double>(other->lat - v.lat);
          const double dx = static_cast<double>(other->lon - v.lon) * cos_lat;
          if (dx * dx + dy * dy > bound2) continue;
          const core::LatLng there{other->lat / kRawPerDegree, other->lon / kRawPerDegree};
          if (core::DistanceMeters(here, there) > max_m) continue;
          auto [pit, created] = pairs.try_emplace(PairKey(v.mmsi, other->mmsi));
          Pair& pair = pit->second;
          if (created) {
            pair.lo = std::min(v.mmsi, other->mmsi);
            pair.hi = std::max(v.mmsi, other->mmsi);
            pair.start_us = other->pos_us;
            pair.in_eez = v.place.in_eez;
            const std::int64_t fast_since = pair.start_us - Us(th.rendezvous_fast_arrival);
            pair.fast_arrival = (v.last_fast_us != 0 && v.last_fast_us >= fast_since) ||
                                (other->last_fast_us != 0 && other->last_fast_us >= fast_since);
            pair.th = &th;
            pair.zone = v.place.zone_id;
            v.partners.push_back(other->mmsi);
            other->partners.push_back(v.mmsi);
            SamplePair(pair, *other, Knots(other->sog), SpeedKnown(other->sog));
          }
          SamplePair(pair, v, speed_kn, speed_known);
        }
      }
    }
  }

  void Unpartner(std::uint32_t mmsi, std::uint32_t partner) {
    Watched* w = vessels.Find(mmsi);
    if (w == nullptr) return;
    auto& list = w->partners;
    if (auto p = std::find(list.begin(), list.end(), partner); p != list.end()) {
      *p = list.back();
      list.pop_back();
    }
  }

  void SweepPairs(std::vector<DetectionEvent>& out, bool all) {
    const std::int64_t max_gap = Us(config.encounter_max_gap);
    std::vector<std::uint64_t> ended;
    for (const auto& [key, pair] : pairs) {
      if (all || now_us - pair.last_us > max_gap) ended.push_back(key);
    }
    std::sort(ended.begin(), ended.end());
    for (std::uint64_t key : ended) {
      auto it = pairs.find(key);
      ClosePair(it->second, out);
      Unpartner(it->second.lo, it->second.hi);
      Unpartner(it->second.hi, it->second.lo);
      pairs.erase(it);
    }
    ReleaseHeld(out, all);
  }

  // ---- Segments: implied speed and duplicate MMSI ----

  double AllowedKn(const Watched& v, const DetectorThresholds& th) const {
    return FastByType(v.kind, v.ship_type) ? th.implied_speed_fast_types_kn : th.implied_speed_kn;
  }

  // Between consecutive positions of one vessel, mostly a few hundred metres apart: the local
  // plane (within 0.1% of the great circle under 1° apart) saves the trigonometry of
  // core::DistanceMeters on every report; farther apart it is the great circle.
  static double DistanceNm(std::int32_t lat1, std::int32_t lon1, std::int32_t lat2,
                           std::int32_t lon2) {
    const double dlat = (lat2 - lat1) / kRawPerDegree;
    const double dlon = (lon2 - lon1) / kRawPerDegree;
    if (std::abs(dlat) < 1 && std::abs(dlon) < 1) {
      const double mid = (lat1 + lat2) / (2 * kRawPerDegree);
      // 1 nm is one minute of latitude on the sphere of core/geo.h.
      const double nm_per_degree = 60 * (kEarthRadiusNm() * std::numbers::pi / 180 / 60);
      const double x = dlon * CosLatitude(mid), y = dlat;
      return std::sqrt(x * x + y * y) * nm_per_degree;
    }
    return core::DistanceNauticalMiles({lat1 / kRawPerDegree, lon1 / kRawPerDegree},
                                       {lat2 / kRawPerDegree, lon2 / kRawPerDegree});
  }
  static constexpr double kEarthRadiusNm() {
    return core::kEarthRadiusMeters / core::kMetersPerNauticalMile;
  }

  // Whether a position may follow a track end (gpsdio-segment: the distance allowed is
  // hypot(hours, padding) times the speed limit).
  // The main track's end the last report was measured from, and that distance: Add reuses it
  // for the segment from the vessel's last position, nearly always the same end.
  TrackEnd joined;
  double joined_nm = 0;

  bool Joins(const TrackEnd& end, const DetectorReport& r, double max_kn,
             const DetectorThresholds& th, double* implied_kn) {
    const double hours = Hours(r.t_us - end.t_us);
    const double nm = DistanceNm(end.lat, end.lon, r.lat, r.lon);
    if (implied_kn != nullptr) {
      *implied_kn = hours > 0 ? nm / hours : std::numeric_limits<double>::infinity();
      joined = {.valid = true, .lat = end.lat, .lon = end.lon};
      joined_nm = nm;
    }
    const double pad = th.implied_speed_padding_hours;
    return nm <= std::sqrt(hours * hours + pad * pad) * max_kn;
  }

  // Places the report on one of the MMSI's tracks. Returns true when it continues the main
  // track (the positions the movement detectors judge).
  void ForgetAlternative(Watched& v) {
    if (v.alt.valid || v.switches != 0) {
      DropEvidence(v.mmsi, kMainTrackSlot);
      DropEvidence(v.mmsi, kAltTrackSlot);
    }
    v.alt = {};
    v.switches = 0;
    v.last_on_alt = false;
  }

  bool Segment(Watched& v, const DetectorReport& r, const DetectorThresholds& th,
               std::vector<DetectionEvent>& out) {
    const TrackEnd here{.valid = true, .t_us = r.t_us, .lat = r.lat, .lon = r.lon};
    const EvidencePoint point{
        .mmsi = r.mmsi, .t_us = r.t_us, .lat = r.lat, .lon = r.lon, .sog = r.sog};
    joined.valid = false;
    if (!v.main.valid || r.t_us - v.main.t_us > Us(config.segment_max_gap)) {
      CloseRun(v, v.duplicate, DetectionKind::kDuplicateMmsi, out);
      v.main = here;
      ForgetAlternative(v);
      return true;
    }
    const double max_kn = AllowedKn(v, th);
    double implied_kn = 0;
    const bool on_main = Joins(v.main, r, max_kn, th, &implied_kn);
    const bool on_alt = !on_main && v.alt.valid && Joins(v.alt, r, max_kn, th, nullptr);
    if (on_main) {
      if (v.alt.valid) {
        if (v.last_on_alt) ++v.switches;
        v.main_moved_since_alt = true;
        AddEvidence(v.mmsi, kMainTrackSlot, point);
      }
      v.main = here;
      v.last_on_alt = false;
    } else if (on_alt) {
      if (!v.main_moved_since_alt && !v.duplicate.active) {
        // The track moved for good (its old end was the odd one out): a jump, not two ships.
        v.main = here;
        ForgetAlternative(v);
        return true;
      }
      if (!v.last_on_alt) ++v.switches;
      v.alt = here;
      v.last_on_alt = true;
      AddEvidence(v.mmsi, kAltTrackSlot, point);
    } else {
      // Neither track: a jump. Reported once per repeat interval.
      CloseRun(v, v.duplicate, DetectionKind::kDuplicateMmsi, out);
      const EvidencePoint from{
          .mmsi = v.mmsi, .t_us = v.main.t_us, .lat = v.main.lat, .lon = v.main.lon};
      if (v.last_jump_event_us == 0 ||
          r.t_us - v.last_jump_event_us >= Us(config.implied_speed_repeat)) {
        v.last_jump_event_us = r.t_us;
        DetectionEvent e{.kind = DetectionKind::kImpliedSpeed,
                         .mmsi = v.mmsi,
                         .start_us = v.main.t_us,
                         .end_us = r.t_us,
                         .measured = implied_kn,
                         .zone_id = std::string(v.place.zone_id)};
        e.thresholds = {{"max_speed_kn", max_kn},
                        {"padding_hours", th.implied_speed_padding_hours}};
        e.evidence = {from, point};
        Emit(std::move(e), out);
      }
      ForgetAlternative(v);
      v.alt = here;
      v.last_on_alt = true;
      v.main_moved_since_alt = false;
      AddEvidence(v.mmsi, kMainTrackSlot, from);
      AddEvidence(v.mmsi, kAltTrackSlot, point);
      return false;
    }
    if (v.switches >= config.duplicate_min_switches) {
      if (!v.duplicate.active) {
        v.duplicate.active = true;
        v.runs_open |= RunBit(DetectionKind::kDuplicateMmsi);
        const auto it = evidence.find(EvidenceKey(v.mmsi, kMainTrackSlot));
        v.duplicate.start_us = it == evidence.end() || it->second.points.empty()
                                   ? r.t_us
                                   : it->second.points.front().t_us;
        v.duplicate.th = &th;
        v.duplicate.zone = v.place.zone_id;
      }
      v.duplicate.last_us = r.t_us;
    }
    return on_main;
  }

  // ---- Vessels ----

  void CloseAll(Watched& v, std::vector<DetectionEvent>& out) {
    CloseRun(v, v.duplicate, DetectionKind::kDuplicateMmsi, out);
    CloseBlock(v, out);
    CloseLoitering(v, out);
    CloseRun(v, v.go_fast, DetectionKind::kGoFast, out);
    CloseRun(v, v.on_land, DetectionKind::kOnLand, out);
    CloseRun(v, v.sentinel, DetectionKind::kNotAvailable, out);
  }

  void SweepVessels(std::vector<DetectionEvent>& out) {
    const std::int64_t horizon = Us(config.horizon);
    const std::int64_t idle = Us(config.encounter_max_gap);
    std::vector<std::uint32_t> gone, split, quiet;
    vessels.ForEach([&](std::uint32_t mmsi, const Watched& v) {
      if (now_us - v.last_us > horizon) {
        gone.push_back(mmsi);
      } else if (v.duplicate.active && now_us - std::min(v.main.t_us, v.alt.t_us) > idle) {
        split.push_back(mmsi);  // one of the two tracks went quiet: the duplicate ended
      } else if (now_us - v.last_us > idle && (v.runs_open != 0 || v.block_hour >= 0 || v.loiter.active)) {
        quiet.push_back(mmsi);
      }
    });
    // A vessel silent for longer than `idle` ends its runs now, on the stream's time, rather than
    // when it is heard again or evicted (48 h): a go-fast that lands and switches off, or a
    // loitering boat that goes dark, is an event (and an alert) within minutes, live as in a
    // replay. Its gap, if it stays silent, is judged when it is heard again or evicted.
    std::sort(quiet.begin(), quiet.end());
    for (std::uint32_t mmsi : quiet) {
      Watched& v = *vessels.Find(mmsi);
      CloseBlock(v, out);
      CloseLoitering(v, out);
      CloseRun(v, v.go_fast, DetectionKind::kGoFast, out);
      CloseRun(v, v.on_land, DetectionKind::kOnLand, out);
      CloseRun(v, v.sentinel, DetectionKind::kNotAvailable, out);
    }
    std::sort(split.begin(), split.end());
    for (std::uint32_t mmsi : split) {
      Watched& v = *vessels.Find(mmsi);
      CloseRun(v, v.duplicate, DetectionKind::kDuplicateMmsi, out);
      if (v.alt.t_us > v.main.t_us) v.main = v.alt;  // the track still heard goes on
      ForgetAlternative(v);
    }
    std::sort(gone.begin(), gone.end());
    for (std::uint32_t mmsi : gone) {
      Watched& v = *vessels.Find(mmsi);
      if (v.pos_us != 0 && Sails(v.kind)) JudgeGap(v, now_us, /*open=*/true, nullptr, out);
      CloseAll(v, out);
      ForgetAlternative(v);
      GridRemove(v);
      vessels.Erase(mmsi);
      ++stats.evicted;
    }
  }

  void Advance(std::int64_t t_us, std::vector<DetectionEvent>& out) {
    if (t_us <= now_us) return;
    now_us = t_us;
    Decay(t_us / kUsPerDay);
    if (now_us >= next_pair_sweep_us) {
      SweepPairs(out, false);
      next_pair_sweep_us = (now_us / kUsPerMinute + 1) * kUsPerMinute;
    }
    if (now_us >= next_vessel_sweep_us) {
      SweepVessels(out);
      next_vessel_sweep_us = (now_us / (10 * kUsPerMinute) + 1) * 10 * kUsPerMinute;
    }
  }

  // Whether a report's time may move the stream's time (max_time_jump).
  bool MovesClock(std::int64_t t_us) {
    const std::int64_t jump = Us(config.max_time_jump);
    if (now_us == std::numeric_limits<std::int64_t>::min() || t_us - now_us <= jump) {
      suspect = false;  // the stream goes on at its time: a pending far report was a bad clock
      return true;
    }
    if (suspect && std::llabs(t_us - suspect_us) <= jump) {
      suspect = false;
      return true;  // two reports agree: the feed's time really moved on
    }
    suspect = true;
    suspect_us = t_us;
    return false;
  }

  void Add(const DetectorReport& r, std::vector<DetectionEvent>& out) {
    ++stats.reports;
    if (MovesClock(r.t_us)) {
      Advance(r.t_us, out);
    } else {
      ++stats.future;
    }
    auto [record, created] = vessels.FindOrInsert(r.mmsi, r.picture_slot);
    Watched& v = *record;
    if (created) v.mmsi = r.mmsi;
    if (r.kind != StationKind::kUnknown) v.kind = r.kind;
    if (r.ship_type != 0) v.ship_type = r.ship_type;
    if (r.length_m > 0) v.length_m = r.length_m;
    if (r.t_us < v.last_us) {
      ++stats.stale;
      return;
    }
    v.last_us = r.t_us;
    if (!Sails(v.kind)) return;
    if (!v.mmsi_judged && v.kind != StationKind::kUnknown) {
      v.mmsi_judged = true;
      if (!ValidShipMmsi(r.mmsi)) {
        DetectionEvent e{.kind = DetectionKind::kInvalidMmsi,
                         .mmsi = r.mmsi,
                         .start_us = r.t_us,
                         .end_us = r.t_us};
        e.evidence.push_back(
            {.mmsi = r.mmsi, .t_us = r.t_us, .lat = r.lat, .lon = r.lon, .sog = r.sog});
        Emit(std::move(e), out);
      }
    }

    const EvidencePoint point{
        .mmsi = r.mmsi, .t_us = r.t_us, .lat = r.lat, .lon = r.lon, .sog = r.sog};
    const bool sentinel = r.lat == ais::kLatNotAvailable || r.lon == ais::kLonNotAvailable ||
                          r.sog == ais::kSpeedNotAvailable;
    if (sentinel) {
      ExtendRun(v.sentinel, point, Us(config.horizon), &config.defaults, {}, 0, v,
                DetectionKind::kNotAvailable, out);
    } else {
      CloseRun(v, v.sentinel, DetectionKind::kNotAvailable, out);
    }
    const bool plausible = std::abs(r.lat) <= 90 * kRawPerDegree &&
                           std::abs(r.lon) <= 180 * kRawPerDegree && !(r.lat == 0 && r.lon == 0);
    if (!plausible) return;

    const double lat = r.lat / kRawPerDegree, lon = r.lon / kRawPerDegree;
    // A vessel at anchor repeats its position: the place is the same (as is the answer).
    const bool same_spot = v.pos_us != 0 && r.lat == v.lat && r.lon == v.lon;
    const Place place = same_spot ? v.place : geography ? geography(lat, lon) : Place{};
    const DetectorThresholds& th = ThresholdsAt(place.zone_id);
    CountCoverage(v, lat, lon, r.t_us);

    if (place.on_land) {
      ExtendRun(v.on_land, point, Us(config.horizon), &th, place.zone_id, 0, v,
                DetectionKind::kOnLand, out);
    } else {
      CloseRun(v, v.on_land, DetectionKind::kOnLand, out);
    }

    // The gap is judged with the vessel's state at its start, before this position replaces it.
    if (v.pos_us != 0) JudgeGap(v, r.t_us, /*open=*/false, &point, out);

    const bool on_main = Segment(v, r, th, out);
    // The segment from the previous main-track position, for the implied speed.
    double segment_nm = 0, segment_hours = 0;
    if (on_main && v.pos_us != 0) {
      segment_nm = joined.valid && joined.lat == v.lat && joined.lon == v.lon
                       ? joined_nm
                       : DistanceNm(v.lat, v.lon, r.lat, r.lon);
      segment_hours = Hours(r.t_us - v.pos_us);
    }
    CountPosition(v, r.t_us);
    if (!on_main) return;  // a position of the other track: judged as spoofing only

    v.pos_us = r.t_us;
    v.lat = r.lat;
    v.lon = r.lon;
    v.sog = r.sog;
    v.place = place;
    v.th = &th;

    // Go-fast: small craft over the speed limit inside the EEZ, or on a course that meets a
    // landing coast (Istmo's design choice, docs/maritime.md).
    const bool fast = SpeedKnown(r.sog) && Knots(r.sog) > th.go_fast_min_speed_kn;
    if (fast) v.last_fast_us = r.t_us;
    if (fast && SmallCraft(v, th) && (place.in_eez || HeadsForCoast(place, r, lat, lon, th))) {
      ExtendRun(v.go_fast, point, Us(config.go_fast_max_report_gap), &th, place.zone_id,
                Knots(r.sog), v, DetectionKind::kGoFast, out);
    } else {
      CloseRun(v, v.go_fast, DetectionKind::kGoFast, out);
    }

    if (!loiter_exempt[v.ship_type]) Loiter(v, point, segment_nm, segment_hours, th, out);

    const bool speed_known = SpeedKnown(r.sog) || segment_hours > 0;
    const double speed_kn = SpeedKnown(r.sog)   ? Knots(r.sog)
                            : segment_hours > 0 ? segment_nm / segment_hours
                                                : 0;
    Encounter(v, speed_kn, speed_known, th);
  }

  // A batch: the records of later reports are prefetched while earlier ones are judged.
  void AddBatch(std::span<const DetectorReport> reports, std::vector<DetectionEvent>& out) {
    constexpr std::size_t kKeyAhead = 8, kRecordAhead = 4;
    for (std::size_t i = 0; i < reports.size(); ++i) {
      if (i + kKeyAhead < reports.size()) {
        const DetectorReport& r = reports[i + kKeyAhead];
        if (r.picture_slot != DetectorReport::kNoSlot) {
          vessels.PrefetchHint(r.picture_slot);
        } else {
          vessels.PrefetchKey(r.mmsi);
        }
      }
      if (i + kRecordAhead < reports.size()) {
        const DetectorReport& r = reports[i + kRecordAhead];
        if (r.picture_slot != DetectorReport::kNoSlot) {
          vessels.PrefetchRecordAt(r.picture_slot, kHotLines);
        } else {
          vessels.PrefetchRecord(r.mmsi, kHotLines);
        }
      }
      Add(reports[i], out);
    }
  }

  void Finish(std::vector<DetectionEvent>& out) {
    SweepPairs(out, true);
    std::vector<std::uint32_t> order;
    order.reserve(vessels.size());
    vessels.ForEach([&](std::uint32_t mmsi, const Watched&) { order.push_back(mmsi); });
    std::sort(order.begin(), order.end());
    for (std::uint32_t mmsi : order) CloseAll(*vessels.Find(mmsi), out);
  }
};

Detectors::Detectors(DetectorConfig config, Geography geography) : impl_(std::make_unique<Impl>()) {
  impl_->config = std::move(config);
  impl_->geography = std::move(geography);
  for (std::uint8_t type : impl_->config.loitering_exempt_types) impl_->loiter_exempt[type] = true;
}

Detectors::~Detectors() = default;

void Detectors::Add(const DetectorReport& report, std::vector<DetectionEvent>& out) {
  std::lock_guard lock(impl_->mu);
  impl_->Add(report, out);
}

void Detectors::Add(std::span<const DetectorReport> reports, std::vector<DetectionEvent>& out) {
  std::lock_guard lock(impl_->mu);
  impl_->AddBatch(reports, out);
}

void Detectors::Finish(std::vector<DetectionEvent>& out) {
  std::lock_guard lock(impl_->mu);
  impl_->Finish(out);
}

double Detectors::ReceptionPerVesselDay(double lat_deg, double lon_deg) const {
  std::lock_guard lock(impl_->mu);
  return impl_->Reception(lat_deg, lon_deg);
}

DetectorStats Detectors::stats() const {
  std::lock_guard lock(impl_->mu);
  DetectorStats s = impl_->stats;
  s.vessels = impl_->vessels.size();
  s.open_pairs = impl_->pairs.size();
  s.coverage_cells = impl_->coverage.size();
  return s;
}

// ---- ZoneGeography ----

Geography ZoneGeography(std::shared_ptr<const ZoneIndex> index, const DetectorConfig& config) {
  struct Box {
    double west = 180, south = 90, east = -180, north = -90;
  };
  // What the zones say of a point: the same everywhere in a cell of the index that no zone
  // boundary crosses (ZoneIndex::Uniform), so it is asked of the index once per such cell.
  struct Zoned {
    bool known = false;
    bool in_eez = false;
    double belt_nm = Place::kFar;  // the belt's bound on the distance to shore
    // In the canal, a port or an anchorage: water the 1:10m land does not cut out (Gatún Lake,
    // the Culebra Cut, berths), so never "on land".
    bool waterway = false;
    std::string_view zone_id;
  };
  std::vector<Box> ports;
  const std::size_t n = index->zones().size();
  std::vector<bool> eez(n), territorial(n), contiguous(n), has_thresholds(n), waterway(n);
  for (std::size_t i = 0; i < n; ++i) {
    const Zone& z = index->zones()[i];
    eez[i] = z.kind == ZoneKind::kEez;
    territorial[i] = z.kind == ZoneKind::kTerritorialSea || z.kind == ZoneKind::kCanal ||
                     z.kind == ZoneKind::kPort || z.kind == ZoneKind::kAnchorage;
    contiguous[i] = z.kind == ZoneKind::kContiguousZone;
    has_thresholds[i] = config.by_zone.contains(z.id);
    if (z.kind == ZoneKind::kPort || z.kind == ZoneKind::kAnchorage || z.kind == ZoneKind::kCanal) {
      waterway[i] = true;
      Box b;
      for (const auto& polygon : z.polygons) {
        for (const LonLat& p : polygon.rings.front()) {
          b.west = std::min(b.west, p.lon), b.east = std::max(b.east, p.lon);
          b.south = std::min(b.south, p.lat), b.north = std::max(b.north, p.lat);
        }
      }
      ports.push_back(b);
    }
  }
  constexpr double kPortCellDeg = 0.02;
  // Within this distance of a canal, port or anchorage zone (its box) no position is on land:
  // Natural Earth's Land has no lakes (Gatún Lake, Miraflores) and at 1:10m closes the canal's
  // cuts and the harbours of Colón and Balboa, where ships and tugs work all day.
  constexpr double kWaterwayKm = 5;
  // The port distance only matters below the largest encounter_min_port_distance_km (and
  // kWaterwayKm): beyond it a lower bound says as much. A grid of kPortCellDeg cells over the
  // ports' box widened by that distance keeps each cell's lower bound to the nearest box, so most
  // reports skip the loop over the boxes (docs/perf.md).
  double port_cap_km = std::max(kWaterwayKm, config.defaults.encounter_min_port_distance_km);
  for (const auto& [id, th] : config.by_zone) {
    port_cap_km = std::max(port_cap_km, th.encounter_min_port_distance_km);
  }
  const double km_per_deg_lat = kMetersPerDegreeLat / 1000;
  const auto box_distance_km = [km_per_deg_lat](const Box& b, double lat, double lon) {
    const double km_per_deg_lon = km_per_deg_lat * std::cos(lat * std::numbers::pi / 180);
    const double dx = std::max({b.west - lon, 0.0, lon - b.east}) * km_per_deg_lon;
    const double dy = std::max({b.south - lat, 0.0, lat - b.north}) * km_per_deg_lat;
    return std::sqrt(dx * dx + dy * dy);
  };
  Box near;  // the ports' box widened by the cap (and a cell)
  for (const Box& b : ports) {
    near.west = std::min(near.west, b.west), near.east = std::max(near.east, b.east);
    near.south = std::min(near.south, b.south), near.north = std::max(near.north, b.north);
  }
  std::int32_t port_cols = 0, port_rows = 0;
  std::vector<float> port_floor;  // per cell: km to the nearest box from anywhere in the cell
  if (!ports.empty()) {
    // Widened so that every point outside is farther than the cap from every box: in longitude
    // by the degree of the widened box's latitude farthest from the equator (the narrowest).
    const double widen_lat = port_cap_km / km_per_deg_lat + kPortCellDeg;
    const double far_lat =
        std::min(89.0, std::max(std::abs(near.south), std::abs(near.north)) + widen_lat);
    const double widen_lon =
        port_cap_km / (km_per_deg_lat * std::cos(far_lat * std::numbers::pi / 180)) + kPortCellDeg;
    near.west -= widen_lon, near.east += widen_lon, near.south -= widen_lat,
        near.north += widen_lat;
    port_cols = static_cast<std::int32_t>(std::ceil((near.east - near.west) / kPortCellDeg));
    port_rows = static_cast<std::int32_t>(std::ceil((near.north - near.south) / kPortCellDeg));
    port_floor.assign(static_cast<std::size_t>(port_cols) * port_rows, 0);
    for (std::int32_t r = 0; r < port_rows; ++r) {
      for (std::int32_t c = 0; c < port_cols; ++c) {
        const Box cell{near.west + c * kPortCellDeg, near.south + r * kPortCellDeg,
                       near.west + (c + 1) * kPortCellDeg, near.south + (r + 1) * kPortCellDeg};
        // Box to box: the gap between them on each axis, at the cell's latitude nearest the
        // equator (the widest degree of longitude), a lower bound for every point of the cell.
        double best = std::numeric_limits<double>::infinity();
        const double lat = cell.south < 0 && cell.north > 0
                               ? 0
                               : std::min(std::abs(cell.south), std::abs(cell.north));
        for (const Box& b : ports) {
          const double km_per_deg_lon = km_per_deg_lat * std::cos(lat * std::numbers::pi / 180);
          const double dx =
              std::max({b.west - cell.east, 0.0, cell.west - b.east}) * km_per_deg_lon;
          const double dy =
              std::max({b.south - cell.north, 0.0, cell.south - b.north}) * km_per_deg_lat;
          best = std::min(best, std::sqrt(dx * dx + dy * dy));
        }
        port_floor[static_cast<std::size_t>(r) * port_cols + c] = static_cast<float>(best);
      }
    }
  }
  const Coastline* coast = &Coastline::Builtin();
  std::vector<Zoned> zoned(index->cells() + 1);
  return [index = std::move(index), ports = std::move(ports), eez = std::move(eez),
          territorial = std::move(territorial), contiguous = std::move(contiguous),
          has_thresholds = std::move(has_thresholds), waterway = std::move(waterway),
          zoned = std::move(zoned), port_floor = std::move(port_floor), near, port_cols, port_rows,
          port_cap_km, box_distance_km, coast,
          found = std::vector<std::uint32_t>()](double lat, double lon) mutable {
    Place place;
    bool waterway_here = false;
    const std::uint32_t cell = index->CellOf(lat, lon);
    Zoned* cached = index->Uniform(cell) ? &zoned[cell] : nullptr;
    if (cached == nullptr || !cached->known) {
      Zoned z{.known = true};
      found.clear();
      index->Find(lat, lon, found);
      for (std::uint32_t i : found) {
        z.in_eez = z.in_eez || eez[i];
        if (territorial[i]) z.belt_nm = std::min(z.belt_nm, 12.0);
        z.waterway = z.waterway || waterway[i];
        if (contiguous[i]) z.belt_nm = std::min(z.belt_nm, 24.0);
        if (z.zone_id.empty() && has_thresholds[i]) z.zone_id = index->zones()[i].id;
      }
      if (cached != nullptr) *cached = z;
      place.in_eez = z.in_eez, place.shore_distance_nm = z.belt_nm, place.zone_id = z.zone_id;
      waterway_here = z.waterway;
    } else {
      place.in_eez = cached->in_eez, place.shore_distance_nm = cached->belt_nm;
      place.zone_id = cached->zone_id;
      waterway_here = cached->waterway;
    }
    place.port_distance_km = [&] {
      if (port_floor.empty()) return Place::kFar;
      if (lon < near.west || lon >= near.east || lat < near.south || lat >= near.north) {
        return port_cap_km;  // a lower bound: every box is farther
      }
      const auto c =
          std::min(static_cast<std::int32_t>((lon - near.west) / kPortCellDeg), port_cols - 1);
      const auto r =
          std::min(static_cast<std::int32_t>((lat - near.south) / kPortCellDeg), port_rows - 1);
      const double floor_km = port_floor[static_cast<std::size_t>(r) * port_cols + c];
      if (floor_km >= port_cap_km) return floor_km;
      double nearest = std::numeric_limits<double>::infinity();
      for (const Box& b : ports) nearest = std::min(nearest, box_distance_km(b, lat, lon));
      return nearest;
    }();
    if (const Coastline::Answer a = coast->At(lat, lon); a.covered) {
      // The coastline's distance replaces the belts' bound where the region's land is known.
      // Near the canal, ports and anchorages the 1:10m land is not trusted (kWaterwayKm).
      place.shore_distance_nm = a.shore_nm;
      place.on_land = a.on_land && !waterway_here && place.port_distance_km >= kWaterwayKm;
      place.coastline = coast;
    }
    return place;
  };
}

// ---- ReportBuilder ----

namespace {

double LengthOf(std::uint16_t to_bow, std::uint16_t to_stern) {
  return static_cast<double>(to_bow) + static_cast<double>(to_stern);
}

}  // namespace

std::optional<DetectorReport> ReportBuilder::Add(const ais::Message& m, std::int64_t t_us) {
  Known& k = known_[m.mmsi];
  const StationKind kind = StationKindOf(m.type, m.mmsi);
  if (kind != StationKind::kUnknown) k.kind = kind;
  DetectorReport r{.mmsi = m.mmsi, .t_us = t_us};
  bool position = true;
  if (const auto* p = std::get_if<ais::PositionReport>(&m.body)) {
    r.lat = p->lat, r.lon = p->lon, r.sog = p->speed, r.cog = p->course, r.heading = p->heading;
  } else if (const auto* b = std::get_if<ais::ClassBPosition>(&m.body)) {
    r.lat = b->lat, r.lon = b->lon, r.sog = b->speed, r.cog = b->course, r.heading = b->heading;
  } else if (const auto* e = std::get_if<ais::ClassBExtended>(&m.body)) {
    r.lat = e->lat, r.lon = e->lon, r.sog = e->speed, r.cog = e->course, r.heading = e->heading;
    if (e->shiptype != 0) k.ship_type = e->shiptype;
    if (const double len = LengthOf(e->to_bow, e->to_stern); len > 0) k.length_m = len;
  } else if (const auto* lr = std::get_if<ais::LongRangePosition>(&m.body)) {
    // Type 27: 1/10 minute, whole knots (63 n/a), whole degrees (511 n/a).
    const bool no_pos =
        lr->lat == ais::kLatNotAvailableTenthMin || lr->lon == ais::kLonNotAvailableTenthMin;
    r.lat = no_pos ? ais::kLatNotAvailable : lr->lat * 1000;
    r.lon = no_pos ? ais::kLonNotAvailable : lr->lon * 1000;
    r.sog = lr->speed == 63 ? ais::kSpeedNotAvailable : static_cast<std::uint16_t>(lr->speed * 10);
    r.cog =
        lr->course == 511 ? ais::kCourseNotAvailable : static_cast<std::uint16_t>(lr->course * 10);
  } else if (const auto* bs = std::get_if<ais::BaseStationReport>(&m.body); bs && m.type == 4) {
    r.lat = bs->lat, r.lon = bs->lon;
  } else if (const auto* aton = std::get_if<ais::AidToNavigation>(&m.body)) {
    r.lat = aton->lat, r.lon = aton->lon;
  } else if (const auto* sar = std::get_if<ais::SarAircraft>(&m.body)) {
    r.lat = sar->lat, r.lon = sar->lon;
  } else {
    position = false;
    if (const auto* sv = std::get_if<ais::StaticVoyage>(&m.body)) {
      if (sv->shiptype != 0) k.ship_type = sv->shiptype;
      if (const double len = LengthOf(sv->to_bow, sv->to_stern); len > 0) k.length_m = len;
    } else if (const auto* sd = std::get_if<ais::StaticDataReport>(&m.body)) {
      if (sd->shiptype != 0) k.ship_type = sd->shiptype;
      if (sd->has_part_b && sd->mothership_mmsi == 0) {
        if (const double len = LengthOf(sd->to_bow, sd->to_stern); len > 0) k.length_m = len;
      }
    }
  }
  if (!position) return std::nullopt;
  r.kind = k.kind;
  r.ship_type = k.ship_type;
  r.length_m = k.length_m;
  return r;
}

// ---- Detection events in the store ----

store::Migration DetectionMigration() {
  // Times in µs since the epoch and the kind's name, as the events have them; thresholds and
  // evidence as JSON, so that each kind keeps its own without a column per threshold. No owner
  // or releasability: AIS is open broadcast data (docs/maritime.md).
  return {"maritime", 4, "behaviour detection events", R"sql(
CREATE TABLE maritime_detections (
  kind         TEXT NOT NULL,
  mmsi         INTEGER NOT NULL,
  start_t      INTEGER NOT NULL,
  partner      INTEGER NOT NULL DEFAULT 0,
  end_t        INTEGER NOT NULL,
  intentional  INTEGER NOT NULL DEFAULT 0,
  still_open   INTEGER NOT NULL DEFAULT 0,
  measured     REAL NOT NULL DEFAULT 0,
  zone_id      TEXT NOT NULL DEFAULT '',
  thresholds   TEXT NOT NULL DEFAULT '{}',
  evidence     TEXT NOT NULL DEFAULT '[]',
  PRIMARY KEY (kind, mmsi, start_t, partner)
);
CREATE INDEX maritime_detections_by_end ON maritime_detections (end_t);
CREATE INDEX maritime_detections_by_mmsi ON maritime_detections (mmsi, end_t);
CREATE INDEX maritime_detections_by_partner ON maritime_detections (partner, end_t);
)sql"};
}

store::Migration DetectionNoteMigration() {
  return {"maritime", 5, "a note on detection events (identity changes: before and after)",
          "ALTER TABLE maritime_detections ADD COLUMN note TEXT NOT NULL DEFAULT ''"};
}

namespace {

// Zone ids and threshold names are short identifiers, but a zone id comes from an uploaded file:
// quotes, backslashes and control characters are escaped.
void AppendJsonString(std::string& out, std::string_view text) {
  out += '"';
  for (const char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char esc[8];
      std::snprintf(esc, sizeof esc, "\\u%04x", static_cast<unsigned>(c));
      out += esc;
    } else {
      out += c;
    }
  }
  out += '"';
}

void AppendNumber(std::string& out, double value) {
  // JSON has no infinity (a distance to shore with no Geography is Place::kFar): null, as
  // nlohmann::json writes it, so that the stored text always parses.
  if (!std::isfinite(value)) {
    out += "null";
    return;
  }
  char text[32];
  std::snprintf(text, sizeof text, "%.10g", value);
  out += text;
}

std::string ThresholdsJson(const DetectionEvent& e) {
  std::string out = "{";
  for (const UsedThreshold& t : e.thresholds) {
    if (out.size() > 1) out += ',';
    AppendJsonString(out, t.name);
    out += ':';
    AppendNumber(out, t.value);
  }
  return out + "}";
}

std::string EvidenceJson(const DetectionEvent& e) {
  std::string out = "[";
  char text[96];
  for (const EvidencePoint& p : e.evidence) {
    if (out.size() > 1) out += ',';
    std::snprintf(text, sizeof text, "{\"mmsi\":%u,\"t\":", p.mmsi);
    out += text;
    AppendJsonString(out, core::FormatIso8601(core::Timestamp(std::chrono::microseconds(p.t_us))));
    std::snprintf(text, sizeof text,
                  ",\"lat\":%.6f,\"lon\":%.6f,\"sog_kn\":", p.lat / kRawPerDegree,
                  p.lon / kRawPerDegree);
    out += text;
    if (p.sog == ais::kSpeedNotAvailable) {
      out += "null}";
    } else {
      AppendNumber(out, p.sog / 10.0);
      out += '}';
    }
  }
  return out + "]";
}

}  // namespace

StoredDetection StoredFrom(const DetectionEvent& e) {
  return {.kind = e.kind,
          .mmsi = e.mmsi,
          .partner = e.partner,
          .start_us = e.start_us,
          .end_us = e.end_us,
          .intentional = e.intentional,
          .open = e.open,
          .measured = e.measured,
          .zone_id = e.zone_id,
          .thresholds_json = ThresholdsJson(e),
          .evidence_json = EvidenceJson(e),
          .note_json = e.note};
}

core::Status StoreDetections(store::Connection& tx, std::span<const DetectionEvent> events) {
  // One row per statement: the rows land on scattered leaves (ingest.cc,
  // kScatteredRowsPerStatement).
  static const std::string kSql =
      "INSERT INTO maritime_detections (kind, mmsi, start_t, partner, end_t, intentional, "
      "still_open, measured, zone_id, thresholds, evidence, note) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
      "ON CONFLICT (kind, mmsi, start_t, partner) DO UPDATE SET end_t = excluded.end_t, "
      "intentional = excluded.intentional, still_open = excluded.still_open, "
      "measured = excluded.measured, zone_id = excluded.zone_id, "
      "thresholds = excluded.thresholds, evidence = excluded.evidence, note = excluded.note "
      "WHERE excluded.end_t >= maritime_detections.end_t";
  store::Params params;
  for (const DetectionEvent& e : events) {
    StoredDetection d = StoredFrom(e);
    params = {std::string(DetectionKindName(d.kind)),
              std::int64_t{d.mmsi},
              d.start_us,
              std::int64_t{d.partner},
              d.end_us,
              std::int64_t{d.intentional ? 1 : 0},
              std::int64_t{d.open ? 1 : 0},
              d.measured,
              std::move(d.zone_id),
              std::move(d.thresholds_json),
              std::move(d.evidence_json),
              std::move(d.note_json)};
    ISTMO_RETURN_IF_ERROR(tx.Exec(kSql, params));
  }
  return core::Ok();
}

namespace internal {

core::Result<std::vector<StoredDetection>> QueryDetections(store::Connection& c,
                                                           const DetectionQuery& query) {
  std::string sql =
      "SELECT kind, mmsi, partner, start_t, end_t, intentional, still_open, measured, zone_id, "
      "thresholds, evidence, note FROM maritime_detections WHERE end_t >= ?";
  store::Params params = {query.since_us};
  if (query.kind) {
    sql += " AND kind = ?";
    params.emplace_back(std::string(DetectionKindName(*query.kind)));
  }
  if (query.mmsi != 0) {
    sql += " AND (mmsi = ? OR partner = ?)";
    params.emplace_back(std::int64_t{query.mmsi});
    params.emplace_back(std::int64_t{query.mmsi});
  }
  sql += " ORDER BY end_t DESC, kind, mmsi, start_t, partner LIMIT ?";
  params.emplace_back(static_cast<std::int64_t>(query.limit));
  ISTMO_ASSIGN_OR_RETURN(auto rows, c.Query(sql, params));
  std::vector<StoredDetection> out;
  out.reserve(rows.size());
  for (const store::Row& r : rows) {
    out.push_back({.kind = ParseDetectionKind(r.Text(0)).value_or(DetectionKind::kGap),
                   .mmsi = static_cast<std::uint32_t>(r.Int(1)),
                   .partner = static_cast<std::uint32_t>(r.Int(2)),
                   .start_us = r.Int(3),
                   .end_us = r.Int(4),
                   .intentional = r.Int(5) != 0,
                   .open = r.Int(6) != 0,
                   .measured = r.Real(7),
                   .zone_id = r.Text(8),
                   .thresholds_json = r.Text(9),
                   .evidence_json = r.Text(10),
                   .note_json = r.Text(11)});
  }
  return out;
}

}  // namespace internal

core::Result<std::vector<StoredDetection>> ReadDetections(store::Store& store,
                                                          const DetectionQuery& query) {
  return store.Read<std::vector<StoredDetection>>(
      [&](store::Connection& c) { return internal::QueryDetections(c, query); });
}

}  // namespace istmo::maritime

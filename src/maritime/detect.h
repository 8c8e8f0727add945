// maritime/detect.h — behaviour detectors over a stream of position reports: AIS gaps ("going
// dark"), encounters and short rendezvous, loitering, go-fast runs of small craft, and spoofing or
// identity anomalies (implied speed beyond the vessel's type, one MMSI in two places, invalid
// MMSI, a position on land, "not available" sentinels).
//
// The defaults follow published definitions (Global Fishing Watch's gap, encounter and loitering
// events and its track segmenter; docs/maritime.md "Behaviour detectors" names each source); the
// go-fast rule and the small-craft gap thresholds are Istmo's own design choices. Every threshold
// is in DetectorThresholds and may be overridden per zone id (DetectorConfig::by_zone).
//
// Reports are consumed in time order, one at a time or in batches (Detectors::Add); events come
// out when the behaviour ends (a gap when the vessel is heard again, an encounter when the pair
// separates, a run when it stops) or when the vessel's state is evicted. Time is the reports' own
// time only: no clock is read, so the same reports in the same order give the same events, in
// the same order, whether they come from a live feed or a replayed log.
//
// Where a position lies (inside the EEZ, distance to shore and to the nearest port or anchorage,
// on land, which zone's thresholds apply) is asked of a Geography callable, so that the zone
// index and a coastline can be plugged in without this file knowing them.
//
// Cost and memory: per report, one record lookup (by the picture's slot when the report has
// one, else by MMSI; prefetched ahead in the batch call), one or two distances and, for slow
// vessels away from ports only, a look at the vessels of the few cells of a ~500 m grid around
// it: never a scan of every vessel (docs/perf.md). State per vessel is a fixed record of 768
// bytes (in 2 MiB huge-page chunks) plus, while a run is open, evidence capped at
// DetectorConfig::max_evidence_points; a vessel silent for longer than DetectorConfig::horizon
// is evicted.
//
// Thread-safety: Detectors' methods take its lock, so one Detectors may be shared by the feeds of
// a process (each feed's Ingestor hands it a batch at a time: IngestOptions::detectors) and see
// every vessel once, whoever heard it. Reports then arrive in each feed's order, batch by batch.
// ReportBuilder is used by one thread.
//
// Storage: the Ingestor writes the events of a batch in that batch's transaction
// (StoreDetections); ReadDetections serves GET /api/v1/maritime/detections.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "ais/message.h"
#include "core/result.h"
#include "maritime/picture.h"
#include "store/store.h"

namespace istmo::maritime {

// One position report, in the standard's raw units (as VesselState), with what is known of the
// vessel's identity at the time.
struct DetectorReport {
  static constexpr std::uint32_t kNoSlot = 0xFFFFFFFF;
  std::uint32_t mmsi = 0;
  // The vessel's slot in the Picture the caller found it in (Picture::Update; the ingest path),
  // else kNoSlot. With a slot the detectors find their record by it, without hashing the MMSI
  // again. Any value is safe: a slot that names another vessel's record is checked and falls
  // back to the MMSI, as does one of 2^24 or more. (In the struct's padding: the report stays
  // 40 bytes.)
  std::uint32_t picture_slot = kNoSlot;
  std::int64_t t_us = 0;                        // µs since the epoch
  std::int32_t lat = ais::kLatNotAvailable;     // 1/10 000 minute; 91° = not available
  std::int32_t lon = ais::kLonNotAvailable;     // 181° = not available
  std::uint16_t sog = ais::kSpeedNotAvailable;  // 1/10 knot; 1023 = not available
  std::uint16_t cog = ais::kCourseNotAvailable;
  std::uint16_t heading = ais::kHeadingNotAvailable;
  StationKind kind = StationKind::kUnknown;
  std::uint8_t ship_type = 0;  // ITU-R M.1371 Table 53; 0 = not known
  double length_m = 0;         // 0 = not known
};

class Coastline;

// Where a position lies, as far as the detectors care.
struct Place {
  static constexpr double kFar = std::numeric_limits<double>::infinity();
  bool in_eez = false;
  bool on_land = false;
  double shore_distance_nm = kFar;  // to the nearest coast
  double port_distance_km = kFar;   // to the nearest port or coastal anchorage
  // The zone whose thresholds apply here (DetectorConfig::by_zone); empty for the defaults. The
  // characters must outlive the Detectors (a zone id held by the zone index, a literal).
  std::string_view zone_id;
  // The coastline around the position, asked for the coast ahead of a go-fast's course; null
  // where none is known (no go-fast outside the EEZ then).
  const Coastline* coastline = nullptr;
};
// Answers Place for a position in degrees. Called once per report with a plausible position.
// Without one every position is open sea: outside any EEZ, far from shore and ports, not on land.
using Geography = std::function<Place(double lat_deg, double lon_deg)>;

// Thresholds of every detector. Defaults are the published ones (docs/maritime.md).
struct DetectorThresholds {
  // AIS gap (GFW files/gaps.md; AIS-disabling-high-seas config.py).
  std::chrono::minutes gap{6 * 60};               // a gap is at least this long
  std::chrono::minutes intentional_gap{12 * 60};  // ... likely intentional when at least this,
  double intentional_min_shore_nm = 50;           // starting farther than this from shore,
  double min_reception_per_vessel_day = 10;       // where the feed hears more than this
  int min_positions_before = 14;  // and after this many positions in the 12 h before
  // Small craft inside the EEZ (Istmo's design choice: go-fasts and pangas run short and close in).
  std::chrono::minutes small_craft_eez_gap{2 * 60};
  std::chrono::minutes small_craft_eez_intentional_gap{4 * 60};
  double small_craft_eez_min_shore_nm = 12;  // beyond the territorial sea

  // Encounter (GFW files/encounters.md; Miller et al. 2018; encounters_pipeline).
  double encounter_max_distance_m = 500;
  std::chrono::minutes encounter_min_duration{120};
  double encounter_max_median_speed_kn = 2;
  double encounter_min_port_distance_km = 10;
  // Short rendezvous inside the EEZ away from ports (Istmo's: at-sea transfers are short).
  std::chrono::minutes rendezvous_min_duration{15};
  // ... with one of the pair faster than go_fast_min_speed_kn within this before the meeting
  // (Istmo's: the transfers meant are to go-fasts; two fishing boats side by side are not one).
  // Zero: any slow pair.
  std::chrono::minutes rendezvous_fast_arrival{60};
  // Encounters (or rendezvous) of one pair less than this apart are one (GFW merge_pipeline).
  std::chrono::minutes encounter_merge_gap{4 * 60};

  // Loitering (GFW files/loitering.md): hourly blocks of average implied speed below this...
  double loitering_max_speed_kn = 2;
  std::chrono::minutes loitering_min_duration{120};  // ... for at least this long,
  double loitering_min_shore_nm = 20;                // on average this far from shore.

  // Go-fast (Istmo's design choice, docs/maritime.md): a small craft above this speed...
  double go_fast_min_speed_kn = 25;
  std::chrono::minutes go_fast_min_duration{10};  // ... for at least this long, in the EEZ
  double go_fast_landing_coast_nm = 60;           // or on a course that meets a coast within this,
  double go_fast_landing_cone_deg = 20;           // the course give or take this (Istmo's choice)
  double small_craft_max_length_m = 20;           // shorter than this is small craft

  // Implied speed between consecutive positions (gpsdio-segment core.py: 25 kn with 0.25 h of
  // padding) for ordinary vessels, and for types that are fast by design (high-speed craft,
  // WIG, SAR, pilots, law enforcement, military, pleasure craft, class B small craft).
  double implied_speed_kn = 25;
  double implied_speed_fast_types_kn = 60;
  double implied_speed_padding_hours = 0.25;
};

struct DetectorConfig {
  DetectorThresholds defaults;
  // Thresholds for positions in a zone (Place::zone_id), e.g. a stricter EEZ sector.
  std::map<std::string, DetectorThresholds, std::less<>> by_zone;
  // Loitering does not apply to these ship types: it is their job (fishing, towing, dredging,
  // diving, military, sailing, pleasure, pilots, SAR, tugs, port tenders, anti-pollution, law
  // enforcement, medical).
  // Sailing and pleasure craft (36, 37) too: drifting offshore to fish or dive is their job, and
  // a go-fast waiting for a pick-up is caught by the rendezvous it waits for (docs/maritime.md).
  std::vector<std::uint8_t> loitering_exempt_types = {30, 31, 32, 33, 34, 35, 36, 37,
                                                      50, 51, 52, 53, 54, 55, 58};
  // A report this far ahead of the stream's time moves that time (which ends pairs and evicts
  // vessels) only when the next report confirms it (a feed back after an outage); a lone report
  // with a bad clock is judged on its own vessel's time and the stream's time stays.
  std::chrono::minutes max_time_jump{60};
  // A vessel silent this long is forgotten (a gap still open is then reported as open). Longer
  // than every gap threshold.
  std::chrono::hours horizon{48};
  // Two positions of different vessels are compared only when this close in time (GFW resamples
  // encounter tracks every 10 minutes).
  std::chrono::minutes encounter_max_report_age{10};
  // A pair not seen within encounter_max_distance_m for this long has ended.
  std::chrono::minutes encounter_max_gap{30};
  // A go-fast run ends when the next fast report is later than this.
  std::chrono::minutes go_fast_max_report_gap{3};
  // Two tracks of one MMSI, each alternating with the other this many times, are two vessels.
  int duplicate_min_switches = 4;
  // At most one implied-speed event per vessel in this interval.
  std::chrono::minutes implied_speed_repeat{60};
  // Positions segment of GFW's segmenter: after this long a position starts a new track.
  std::chrono::hours segment_max_gap{8};
  // Reception coverage mask: cell size and the daily decay of its counts (0.9: about a week's
  // half-life), so that the mask follows the receivers as they come and go.
  double coverage_cell_deg = 0.5;
  double coverage_daily_decay = 0.9;
  // Evidence points kept per vessel of an event: beyond it every other point is dropped and
  // only every second later point is kept, so the points stay evenly spread (the last stays).
  std::size_t max_evidence_points = 32;
  // On-land and "not available" runs shorter than this many reports are not events (one stray
  // report is noise, as GFW's segmenter treats it).
  std::uint32_t min_reports_per_run = 3;
};

// A Geography from the zone index (zones.h) and the region's coastline (coast.h):
//   * in_eez: inside a zone of kind eez;
//   * on_land and shore_distance_nm: from Coastline::Builtin() inside its region (86°W–75°W,
//     3°N–13°N); outside it on_land is false and the distance is an upper bound from the belts
//     measured from the baseline — 12 inside the territorial sea (and the canal, ports and
//     anchorages), 24 inside the contiguous zone — and Place::kFar elsewhere;
//   * coastline: the same Coastline inside its region, for the go-fast's course;
//   * port_distance_km: the distance to the bounding box of the nearest port, anchorage or canal
//     zone (0 inside it), never more than the distance to the zone itself; where every box is
//     farther than the largest encounter_min_port_distance_km of `config`, that distance (a
//     lower bound, all the detectors need);
//   * zone_id: the first zone (in index order) that has thresholds in `config.by_zone`.
// The index is kept alive by the returned callable. Cost: the zones' answer is kept per cell of
// the index that no zone boundary crosses, so ZoneIndex::Find runs near boundaries only; the
// coastline is a raster read; the port boxes are looped over only within the cap of a port.
class ZoneIndex;
Geography ZoneGeography(std::shared_ptr<const ZoneIndex> index, const DetectorConfig& config);

enum class DetectionKind : std::uint8_t {
  kGap,            // no position for at least the gap threshold
  kEncounter,      // two vessels together at sea, slow, for hours
  kRendezvous,     // the short variant, inside the EEZ away from ports
  kLoitering,      // slow at sea for hours
  kGoFast,         // a small craft sustaining a high speed in the EEZ
  kImpliedSpeed,   // a position reached faster than the vessel's type can sail
  kDuplicateMmsi,  // one MMSI in two places at once (two tracks alternating)
  kInvalidMmsi,    // not a ship MMSI of an allocated MID
  kOnLand,         // positions on land
  kNotAvailable,   // "not available" sentinels (lat 91, lon 181, SOG 102.3 kn) sent as a value
  // Name, call sign or flag changed within days of the previous change or first sighting. Judged
  // by the Ingestor where it records a changed identity (identity_changes.h), not by Detectors.
  kIdentityChange,
};
std::string_view DetectionKindName(DetectionKind kind);  // "gap", "encounter", ...
std::optional<DetectionKind> ParseDetectionKind(std::string_view name);
inline constexpr std::size_t kDetectionKinds = 11;

// A position of the evidence. `mmsi` tells the two vessels of an encounter apart.
struct EvidencePoint {
  std::uint32_t mmsi = 0;
  std::int64_t t_us = 0;
  std::int32_t lat = 0, lon = 0;
  std::uint16_t sog = ais::kSpeedNotAvailable;
  bool operator==(const EvidencePoint&) const = default;
};

// A threshold an event was judged by, with its value (units in the name).
struct UsedThreshold {
  std::string_view name;  // a literal, e.g. "gap_hours"
  double value = 0;
  bool operator==(const UsedThreshold&) const = default;
};

struct DetectionEvent {
  DetectionKind kind = DetectionKind::kGap;
  std::uint32_t mmsi = 0;
  std::uint32_t partner = 0;  // the other vessel of an encounter or rendezvous
  std::int64_t start_us = 0, end_us = 0;
  // Gap: likely intentional disabling (all of GFW's conditions met). Others: false.
  bool intentional = false;
  // Gap: still open when the vessel was evicted (end_us is the eviction time).
  bool open = false;
  // What was measured: gap hours, encounter median-speed share below the limit, loitering
  // average speed (kn), go-fast top speed (kn), implied speed (kn), count of reports.
  double measured = 0;
  std::string zone_id;  // the zone whose thresholds applied; empty for the defaults
  std::vector<UsedThreshold> thresholds;
  std::vector<EvidencePoint> evidence;  // oldest first; per vessel max_evidence_points + the last
  // What a number cannot say, as a JSON object text; "" for none. Identity change: the values
  // before and after (identity_changes.h).
  std::string note;
  bool operator==(const DetectionEvent&) const = default;
};

// Counts of what the detectors hold, for tests and docs/perf.md.
struct DetectorStats {
  std::uint64_t reports = 0;
  std::uint64_t stale = 0;   // older than the vessel's last report: skipped
  std::uint64_t future = 0;  // far ahead of the stream's time and not moving it (yet)
  std::size_t vessels = 0;   // held now
  std::size_t open_pairs = 0;
  std::size_t coverage_cells = 0;
  std::uint64_t evicted = 0;
  std::array<std::uint64_t, kDetectionKinds> events{};
};

class Detectors {
 public:
  explicit Detectors(DetectorConfig config = {}, Geography geography = nullptr);
  ~Detectors();
  Detectors(const Detectors&) = delete;
  Detectors& operator=(const Detectors&) = delete;

  // Consumes one report and appends the events it ends to `out`. A report older than the
  // vessel's last one is counted stale and changes nothing; stations that do not sail (base
  // stations, aids to navigation, SAR aircraft) are judged only by their MMSI.
  void Add(const DetectorReport& report, std::vector<DetectionEvent>& out);
  // The same for each report of a batch in order (the same events as one call per report),
  // faster: the vessel records of later reports are prefetched while earlier ones are judged.
  void Add(std::span<const DetectorReport> reports, std::vector<DetectionEvent>& out);
  // Ends the input: closes the runs still open (encounters, loitering, go-fast, duplicate
  // tracks, on-land and sentinel runs) as of their last report. Gaps still open are not events
  // (the end of a log says nothing of the vessel). A live stream never calls it.
  void Finish(std::vector<DetectionEvent>& out);

  // Positions per vessel-day heard in the cell of this position (the reception coverage mask),
  // 0 when the cell has too little traffic to say.
  double ReceptionPerVesselDay(double lat_deg, double lon_deg) const;
  DetectorStats stats() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Turns decoded AIS messages into DetectorReports for a replay: remembers each station's kind,
// ship type and length from its static reports (types 5, 19, 24) and maps types 1-3, 18, 19 and
// 27 (the ingest path's units). The ingest path has this identity in its Picture already.
class ReportBuilder {
 public:
  // A report for a position message, else nullopt (static reports only update the identity).
  std::optional<DetectorReport> Add(const ais::Message& message, std::int64_t t_us);

 private:
  struct Known {
    StationKind kind = StationKind::kUnknown;
    std::uint8_t ship_type = 0;
    double length_m = 0;
  };
  std::unordered_map<std::uint32_t, Known> known_;
};

// ---- Detection events in the store ----

// The detection events table (migration "maritime" 4; Migrations() in ingest.h lists it), and
// its note column (migration "maritime" 5).
store::Migration DetectionMigration();
store::Migration DetectionNoteMigration();

// Writes `events` inside the caller's write transaction. The key is (kind, mmsi, start, partner):
// the same event written again (a log replayed twice, or replayed after a kill -9) leaves one
// row. A row is updated (end, open, intentional, measured value, zone, thresholds, evidence) only
// by an event that ends at or after it, so a run reported while it goes on (an open gap at
// eviction) grows, and a shorter replay never shortens what a longer one stored.
core::Status StoreDetections(store::Connection& tx, std::span<const DetectionEvent> events);

// A stored event. Thresholds and evidence are the stored JSON: {"gap_hours": 6, ...} and
// [{"mmsi":..,"t":"ISO 8601","lat":deg,"lon":deg,"sog_kn":..|null}, ...].
struct StoredDetection {
  DetectionKind kind = DetectionKind::kGap;
  std::uint32_t mmsi = 0;
  std::uint32_t partner = 0;
  std::int64_t start_us = 0, end_us = 0;
  bool intentional = false;
  bool open = false;
  double measured = 0;
  std::string zone_id;
  std::string thresholds_json;
  std::string evidence_json;
  std::string note_json;  // DetectionEvent::note; "" for none
};

// The row StoreDetections writes for `event` (its key, thresholds, evidence and note as JSON),
// so that an event not yet read back shows as a stored one does.
StoredDetection StoredFrom(const DetectionEvent& event);

struct DetectionQuery {
  std::optional<DetectionKind> kind;  // any kind when empty
  std::uint32_t mmsi = 0;             // any vessel when 0 (the vessel or its partner otherwise)
  std::int64_t since_us = 0;          // events that ended at or after this
  std::size_t limit = 100;
};
// Events matching the query, latest end first (then kind, MMSI, start), at most `limit`. AIS is
// open broadcast data: events have no owner or releasability (docs/maritime.md), like vessels.
core::Result<std::vector<StoredDetection>> ReadDetections(store::Store& store,
                                                          const DetectionQuery& query);

}  // namespace istmo::maritime

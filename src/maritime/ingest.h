// maritime/ingest.h — one AIS feed into the maritime picture and the store.
//
// An Ingestor takes the lines of one feed (a replayed log or, later, a live connection):
//   line -> ais::Decoder (tag block c:/s:, timestamp prefix or USCG suffix; else arrival time
//   from Options::clock) -> latest state per MMSI in the Picture -> the vessel registry from
//   types 5, 19 and 24, with identity history -> thinned track points, zone entries and exits,
//   and the behaviour detectors' events (Options::detectors) -> the store, in batched write
//   transactions.
// A bad line is counted by kind (FeedCounters) and ingest goes on; only a store failure is an
// error of the call.
//
// Idempotence. Track points are keyed (mmsi, t) and history entries (mmsi, t, field); both are
// inserted with ON CONFLICT DO NOTHING. A batch's points go first to maritime_track_recent (key
// (t, mmsi)), which is folded into maritime_track_points with the same rule, and readers
// (ReadTrack, LoadPicture) see a point once even while it is in both. A report older than the
// station's state (or a static report older than its identity) is stale and changes nothing.
// Thinning and jump flags are judged against the station's last kept state only, which is exactly
// what the store holds (a moving station's last track point, a base station's or aid's row), so
// they resume where the last committed batch left them. Hence replaying a log twice, or killing the
// process mid-ingest and replaying the log from its start, leaves the same registry and tracks as
// one clean run — for logs that carry their own time; lines without time take the arrival time. A
// vessel row is written when the station is new or its identity changes (and, for a station without
// a track, when its kept state changes), not per report.
//
// Thread-safety: one Ingestor per feed, used by one thread. It writes to the shared Picture
// under the picture's lock and to the Store through Write transactions.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ais/decoder.h"
#include "core/result.h"
#include "core/time.h"
#include "maritime/alerts.h"
#include "maritime/detect.h"
#include "maritime/picture.h"
#include "maritime/watchlists.h"
#include "maritime/zones.h"
#include "store/store.h"

namespace istmo::maritime {

// The maritime module's tables (module "maritime"); app::AllMigrations() lists them.
std::vector<store::Migration> Migrations();

struct IngestOptions {
  // The feed's name: the source of messages without a tag block s: station.
  std::string feed = "replay";
  // Time for lines that carry none. nullptr: the system clock.
  const core::Clock* clock = nullptr;
  // A track point is stored when this long has passed since the station's last stored point...
  std::chrono::seconds track_interval{60};
  // ...or its course changed by more than this many degrees, or its speed by more than this.
  double course_change_deg = 10;
  double speed_change_kn = 2;
  // Messages per write transaction. Larger batches write faster (each scattered page, a vessel
  // row's or a zone event's, is written once per batch; 100,000 ran the 10M replay about 10 %
  // faster than 20,000, docs/perf.md); a crash loses at most one batch, which a replay
  // restores. A live feed also writes on a timer (FeedManager's flush interval), so there a
  // crash loses at most that interval.
  std::size_t batch_messages = 100000;
  // New track points go to a table in time order (cheap appends) and are folded into the
  // per-vessel table (maritime_track_points, key (mmsi, t)) once this Ingestor has added this
  // many, and at Finish(). Larger folds write fewer index pages per point; ReadTrack reads the
  // unfolded points by scanning their time range, so this also bounds that scan.
  std::size_t fold_points = 500000;
  // A position reached from the previous one faster than this is flagged kPositionJump.
  double max_plausible_speed_kn = 120;
  // Judge jumps between reports timed by the clock (no time in the line). True for a live feed;
  // false for a log replayed as fast as possible, whose arrival times say nothing of the ships.
  bool judge_jumps_on_arrival_time = true;
  // The zones to test each plausible position against, for entry and exit events (stored with
  // the batch). nullptr: no zone test. Shared by every feed of the process.
  Zones* zones = nullptr;
  // The behaviour detectors fed with every position report (types 1-4, 9, 18, 19, 21, 27, "not
  // available" positions included) as this Ingestor decoded it, with the ship type and length the
  // picture holds; their events are stored with the batch (StoreDetections). nullptr: none. The
  // reports of a batch go to them at its write, in arrival order, so a log gives the same events
  // however its lines are split into calls and batches (a replay equals the live feed). Runs
  // still open at Finish() stay open: the end of a log says nothing of the vessels. Shared by
  // every feed of the process (Detectors takes its own lock).
  Detectors* detectors = nullptr;
  // Alerts of the detectors' events, raised in the batch's transaction after the events are
  // stored (maritime/alerts.h). nullptr: none. Shared by every feed of the process.
  const DetectionAlerts* alerts = nullptr;
  // With detectors: a name, call sign or flag changing within this long of the vessel's
  // previous change or first sighting is a kIdentityChange event (identity_changes.h), judged
  // where the change is recorded. Zero: not judged.
  std::chrono::hours identity_change_window{7 * 24};
  // The vessel watchlists (watchlists.h): a listed vessel entering a zone raises an alert
  // (module maritime, kind watchlist_entry) in the batch's transaction, for the watchlist's
  // owner. nullptr: none. Shared by every feed of the process.
  const VesselWatch* watch = nullptr;
};

// What a feed did, by kind. Bad input kinds are the decoder's (ais::BadInput).
struct FeedCounters {
  std::uint64_t lines = 0;
  std::uint64_t other_lines = 0;  // blank, comments, other NMEA
  std::uint64_t messages = 0;
  std::array<std::uint64_t, 28> by_type{};  // messages out of the decoder (a merged type 24 once)
  std::array<std::uint64_t, ais::kBadInputKinds> bad{};
  std::uint64_t stale = 0;             // reports older than the station's state
  std::uint64_t no_position = 0;       // position reports with "not available" lat/lon
  std::uint64_t implausible = 0;       // positions kept with a PositionFlag
  std::uint64_t track_points = 0;      // track points queued for the store (thinned)
  std::uint64_t identity_changes = 0;  // history entries queued
  std::uint64_t new_stations = 0;
  std::uint64_t zone_events = 0;  // zone entries and exits queued
  std::uint64_t detections = 0;   // detection events queued (IngestOptions::detectors)
  std::uint64_t batches = 0;      // write transactions committed
  std::int64_t last_message_us = 0;

  std::uint64_t bad_total() const;
};

class Ingestor {
 public:
  Ingestor(store::Store& store, Picture& picture, IngestOptions options = {});
  ~Ingestor();
  Ingestor(const Ingestor&) = delete;
  Ingestor& operator=(const Ingestor&) = delete;

  // One line of the feed (with or without its line end). Writes a batch when one is full;
  // returns that write's error (the batch stays queued and is retried by the next call).
  core::Status AddLine(std::string_view line);
  // Every line of a buffer (LF or CR LF separated).
  core::Status AddBuffer(std::string_view buffer);
  // Writes what is queued now.
  core::Status Flush();
  // Ends the feed: counts fragments still open as orphans, flushes and folds the track points
  // it wrote into maritime_track_points.
  core::Status Finish();

  // The feed's counters so far, the decoder's (lines, messages, bad input) included.
  FeedCounters counters() const;

 private:
  struct Pending;
  // One write transaction with what is queued; `fold` also folds the recent track points.
  core::Status Write(bool fold);
  void Apply(const ais::Message& m, std::int64_t t_us, bool judge_jumps);
  void ApplyPosition(const ais::Message& m, std::int64_t t_us, bool judge_jumps, StationKind kind,
                     std::int32_t lat, std::int32_t lon, std::uint16_t sog, std::uint16_t cog,
                     std::uint16_t heading, std::uint8_t nav_status);
  void ApplyIdentity(const ais::Message& m, std::int64_t t_us, StationKind kind,
                     const VesselIdentity& reported);
  // Queues the watchlist hits of the zone entries queued from `first_event` on (picture lock
  // held: `v` is the vessel's entry).
  void WatchEntries(const Vessel& v, std::size_t first_event);
  // Raises the queued hits' alerts inside the batch's transaction.
  core::Status RaiseWatchAlerts(store::Connection& tx);
  std::string SourceOf(const ais::Message& m) const;

  store::Store& store_;
  Picture& picture_;
  IngestOptions options_;
  ais::Decoder decoder_;
  FeedCounters counters_;
  std::unique_ptr<Pending> pending_;
};

// Rebuilds a picture from the store (start-up, or a CLI command). kDataLoss never: an empty
// store gives an empty picture.
core::Status LoadPicture(store::Store& store, Picture& picture);

// One stored track point, raw units as in VesselState.
struct TrackPoint {
  std::int64_t t_us = 0;
  std::int32_t lat = 0, lon = 0;
  std::uint16_t sog = ais::kSpeedNotAvailable, cog = ais::kCourseNotAvailable;
  std::uint16_t heading = ais::kHeadingNotAvailable;
  std::uint8_t flags = 0;
  std::string source;
  bool operator==(const TrackPoint&) const = default;
};
// The station's stored points with from_us <= t <= to_us, oldest first, at most `limit`.
core::Result<std::vector<TrackPoint>> ReadTrack(store::Store& store, std::uint32_t mmsi,
                                                std::int64_t from_us, std::int64_t to_us,
                                                std::size_t limit);

// Track retention: deletes the stored points older than `before`, except each station's last
// point (its kept state, which LoadPicture reads back). One transaction with one audit entry
// "maritime.track_purge"; returns the number of points deleted.
core::Result<std::int64_t> PurgeTrackPoints(store::Store& store, core::Timestamp before,
                                            core::Timestamp now);

// One change of identity: `field` is "name", "callsign", "imo" or "mmsi" (the IMO number was
// last heard under another MMSI: a re-flag when `flag` differs too, also recorded as "flag").
struct IdentityChange {
  std::int64_t t_us = 0;
  std::string field;
  std::string old_value;  // empty when first reported
  std::string new_value;
  bool operator==(const IdentityChange&) const = default;
};
core::Result<std::vector<IdentityChange>> ReadIdentityHistory(store::Store& store,
                                                              std::uint32_t mmsi);

}  // namespace istmo::maritime

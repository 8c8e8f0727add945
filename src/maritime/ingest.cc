#include "maritime/ingest.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <unordered_map>
#include <unordered_set>

#include <nlohmann/json.hpp>

#include "core/geo.h"
#include "maritime/identity_changes.h"
#include "maritime/internal/stored_reads.h"
#include "maritime/mid.h"
#include "store/alerts.h"
#include "store/audit.h"

namespace istmo::maritime {

std::vector<store::Migration> Migrations() {
  // Raw AIS units (1/10 000 minute, 1/10 knot, 1/10 degree) and times in µs since the epoch:
  // exact integers, so that a replay compares equal. AIS is open broadcast data: these tables
  // have no owner organization or releasability (docs/maritime.md).
  return {{"maritime", 1, "vessel registry, identity history, thinned tracks", R"sql(
CREATE TABLE maritime_vessels (
  mmsi          INTEGER PRIMARY KEY,
  kind          TEXT NOT NULL,
  name          TEXT NOT NULL DEFAULT '',
  callsign      TEXT NOT NULL DEFAULT '',
  imo           INTEGER NOT NULL DEFAULT 0,
  ship_type     INTEGER NOT NULL DEFAULT 0,
  to_bow        INTEGER NOT NULL DEFAULT 0,
  to_stern      INTEGER NOT NULL DEFAULT 0,
  to_port       INTEGER NOT NULL DEFAULT 0,
  to_starboard  INTEGER NOT NULL DEFAULT 0,
  draught_dm    INTEGER NOT NULL DEFAULT 0,
  destination   TEXT NOT NULL DEFAULT '',
  eta           TEXT NOT NULL DEFAULT '',
  static_t      INTEGER NOT NULL DEFAULT 0,
  first_seen    INTEGER NOT NULL,
  source        TEXT NOT NULL DEFAULT '',
  t             INTEGER NOT NULL DEFAULT 0,
  lat           INTEGER NOT NULL,
  lon           INTEGER NOT NULL,
  sog           INTEGER NOT NULL,
  cog           INTEGER NOT NULL,
  heading       INTEGER NOT NULL,
  nav_status    INTEGER NOT NULL,
  flags         INTEGER NOT NULL DEFAULT 0,
  kept_t        INTEGER NOT NULL DEFAULT 0,
  kept_lat      INTEGER NOT NULL,
  kept_lon      INTEGER NOT NULL,
  kept_sog      INTEGER NOT NULL,
  kept_cog      INTEGER NOT NULL,
  kept_flags    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX maritime_vessels_by_imo ON maritime_vessels (imo);
CREATE TABLE maritime_identity_history (
  mmsi       INTEGER NOT NULL,
  t          INTEGER NOT NULL,
  field      TEXT NOT NULL,
  old_value  TEXT NOT NULL,
  new_value  TEXT NOT NULL,
  PRIMARY KEY (mmsi, t, field)
);
CREATE TABLE maritime_track_points (
  mmsi     INTEGER NOT NULL,
  t        INTEGER NOT NULL,
  lat      INTEGER NOT NULL,
  lon      INTEGER NOT NULL,
  sog      INTEGER NOT NULL,
  cog      INTEGER NOT NULL,
  heading  INTEGER NOT NULL,
  flags    INTEGER NOT NULL DEFAULT 0,
  source   TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (mmsi, t)
);
)sql"},
          ZoneMigrations()[0],
          // Ingest writes new points here, in time order, so that a batch appends to the ends of
          // this table's B-trees instead of touching a leaf of maritime_track_points per vessel;
          // FoldTrack moves them over in MMSI order, many points per leaf (docs/maritime.md).
          {"maritime", 3, "track points in time order before they are folded", R"sql(
CREATE TABLE maritime_track_recent (
  t        INTEGER NOT NULL,
  mmsi     INTEGER NOT NULL,
  lat      INTEGER NOT NULL,
  lon      INTEGER NOT NULL,
  sog      INTEGER NOT NULL,
  cog      INTEGER NOT NULL,
  heading  INTEGER NOT NULL,
  flags    INTEGER NOT NULL DEFAULT 0,
  source   TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (t, mmsi)
);
)sql"},
          DetectionMigration(), DetectionNoteMigration()};
}

namespace {

// Only things that move leave a track; base stations and aids to navigation keep a state.
bool Moves(StationKind kind) {
  return kind != StationKind::kBaseStation && kind != StationKind::kAidToNavigation;
}

std::uint8_t PlausibilityFlags(std::int32_t lat, std::int32_t lon) {
  std::uint8_t flags = 0;
  if (std::abs(lat) > 90 * 600000 || std::abs(lon) > 180 * 600000) flags |= kPositionOutOfRange;
  if (lat == 0 && lon == 0) flags |= kPositionNullIsland;
  return flags;
}

double AngleDiff(std::uint16_t a_tenth, std::uint16_t b_tenth) {
  double d = std::fabs(a_tenth - b_tenth) / 10.0;
  return d > 180 ? 360 - d : d;
}

std::string EtaText(std::uint8_t month, std::uint8_t day, std::uint8_t hour, std::uint8_t minute) {
  // ITU-R M.1371-5 Table 52: month 0, day 0, hour 24, minute 60 = not available.
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59) return {};
  char text[16];
  std::snprintf(text, sizeof text, "%02u-%02uT%02u:%02uZ", month, day, hour, minute);
  return text;
}

void SetDimensions(VesselIdentity& id, std::uint16_t bow, std::uint16_t stern, std::uint8_t port,
                   std::uint8_t starboard) {
  if (bow == 0 && stern == 0 && port == 0 && starboard == 0) return;  // not available
  id.to_bow = bow;
  id.to_stern = stern;
  id.to_port = port;
  id.to_starboard = starboard;
}

// Whether two identities say the same, apart from when and by whom they were last reported.
bool SameIdentity(const VesselIdentity& a, const VesselIdentity& b) {
  return a.name == b.name && a.callsign == b.callsign && a.imo == b.imo &&
         a.ship_type == b.ship_type && a.to_bow == b.to_bow && a.to_stern == b.to_stern &&
         a.to_port == b.to_port && a.to_starboard == b.to_starboard &&
         a.draught_dm == b.draught_dm && a.destination == b.destination && a.eta == b.eta &&
         a.first_seen_us == b.first_seen_us;
}

// The vessel row: identity as it is now, state as of the last kept state (`state`).
void AppendVesselParams(const VesselState& st, const VesselIdentity& id, store::Params& out) {
  out.insert(out.end(), {std::int64_t{st.mmsi},
                         std::string(StationKindName(st.kind)),
                         id.name,
                         id.callsign,
                         std::int64_t{id.imo},
                         std::int64_t{id.ship_type},
                         std::int64_t{id.to_bow},
                         std::int64_t{id.to_stern},
                         std::int64_t{id.to_port},
                         std::int64_t{id.to_starboard},
                         std::int64_t{id.draught_dm},
                         id.destination,
                         id.eta,
                         id.static_t_us,
                         id.first_seen_us,
                         id.source,
                         st.t_us,
                         std::int64_t{st.lat},
                         std::int64_t{st.lon},
                         std::int64_t{st.sog},
                         std::int64_t{st.cog},
                         std::int64_t{st.heading},
                         std::int64_t{st.nav_status},
                         std::int64_t{st.flags},
                         st.kept_t_us,
                         std::int64_t{st.kept_lat},
                         std::int64_t{st.kept_lon},
                         std::int64_t{st.kept_sog},
                         std::int64_t{st.kept_cog},
                         std::int64_t{st.kept_flags}});
}

constexpr int kVesselColumnCount = 30;
constexpr const char* kVesselColumns =
    "mmsi, kind, name, callsign, imo, ship_type, to_bow, to_stern, to_port, to_starboard, "
    "draught_dm, destination, eta, static_t, first_seen, source, t, lat, lon, sog, cog, heading, "
    "nav_status, flags, kept_t, kept_lat, kept_lon, kept_sog, kept_cog, kept_flags";
// Columns 1..15 (kind .. source) are the identity; the rest the state.
constexpr int kIdentityColumnsEnd = 16;

// Rows per multi-row INSERT: one statement (and one prepared-statement cache entry) per 64
// rows instead of per row, for rows that append to the ends of their B-trees. Rows that land
// on scattered leaves (vessel rows, identity history, zone events) go one per statement: SQLite
// gives a multi-row statement a statement journal, a copy of every page it changes, in case a
// later row fails (bench_maritime_ingest spent a third of its writes there; docs/perf.md).
constexpr std::size_t kRowsPerStatement = 64;
constexpr std::size_t kScatteredRowsPerStatement = 1;

std::string ValuesList(std::size_t rows, int columns) {
  std::string one = "(?";
  for (int i = 1; i < columns; ++i) one += ", ?";
  one += ")";
  std::string out;
  for (std::size_t r = 0; r < rows; ++r) out += (r == 0 ? "" : ", ") + one;
  return out;
}

// INSERT of `rows` vessel rows; on conflict every column (or only the identity's) is replaced.
std::string VesselUpsert(std::size_t rows, bool identity_only) {
  std::string sql = std::string("INSERT INTO maritime_vessels (") + kVesselColumns + ") VALUES " +
                    ValuesList(rows, kVesselColumnCount) + " ON CONFLICT (mmsi) DO UPDATE SET ";
  std::string_view cols = kVesselColumns;
  std::size_t pos = cols.find(',') + 2;  // after "mmsi, "
  for (int i = 1; pos < cols.size(); ++i) {
    std::size_t end = cols.find(',', pos);
    if (end == std::string_view::npos) end = cols.size();
    if (identity_only && i >= kIdentityColumnsEnd) break;
    std::string col(cols.substr(pos, end - pos));
    sql += (i == 1 ? "" : ", ") + col + " = excluded." + col;
    pos = end + 2;
  }
  return sql;
}

// Runs `sql_for(n)` over `items` in statements of `rows` rows (fewer for the last).
template <class Item, class SqlFor, class Append>
core::Status ExecInChunks(store::Connection& tx, const std::vector<Item>& items, std::size_t rows,
                          SqlFor&& sql_for, Append&& append) {
  if (items.empty()) return core::Ok();
  const std::string full = sql_for(rows);
  store::Params params;
  for (std::size_t i = 0; i < items.size(); i += rows) {
    const std::size_t n = std::min(rows, items.size() - i);
    params.clear();
    for (std::size_t k = i; k < i + n; ++k) append(items[k], params);
    ISTMO_RETURN_IF_ERROR(tx.Exec(n == rows ? full : sql_for(n), params));
  }
  return core::Ok();
}

// Moves every point of maritime_track_recent into maritime_track_points, sorted by its key so
// that each leaf of its (mmsi, t) index is written once for all the points it gains. A point
// already there (a log replayed after a crash) is dropped: the key is the idempotence key.
core::Status FoldTrack(store::Connection& tx) {
  // "WHERE true": SQLite reads an ON after a bare FROM as a join constraint (its upsert docs).
  ISTMO_RETURN_IF_ERROR(tx.Exec(
      "INSERT INTO maritime_track_points (mmsi, t, lat, lon, sog, cog, heading, flags, source) "
      "SELECT mmsi, t, lat, lon, sog, cog, heading, flags, source FROM maritime_track_recent "
      "WHERE true ORDER BY mmsi, t ON CONFLICT (mmsi, t) DO NOTHING"));
  ISTMO_RETURN_IF_ERROR(tx.Exec("DELETE FROM maritime_track_recent"));
  return core::Ok();
}

}  // namespace

struct Ingestor::Pending {
  std::vector<std::pair<std::uint32_t, TrackPoint>> track;
  std::vector<std::pair<std::uint32_t, IdentityChange>> history;
  std::vector<ZoneEvent> zone_events;
  // Zone entries of listed vessels (IngestOptions::watch): the entry, the watchlist's hit and the
  // vessel's name as the picture had it.
  struct WatchEntry {
    ZoneEvent event;
    WatchHit hit;
    std::string name;
  };
  std::vector<WatchEntry> watch_entries;
  // Position reports for the detectors since the last write, and the events they gave that are
  // not committed yet (kept across a failed write, which the next call retries).
  std::vector<DetectorReport> reports;
  std::vector<DetectionEvent> detections;
  // Stations whose kept state changed, with that state (the row's state columns)...
  std::unordered_map<std::uint32_t, VesselState> kept;
  // ...and stations whose identity changed (the row's identity columns).
  std::unordered_set<std::uint32_t> identity;
  std::size_t messages = 0;
  // Points this Ingestor put in maritime_track_recent since it last folded them (not cleared
  // with the batch).
  std::size_t unfolded = 0;

  void Clear() {
    track.clear();
    history.clear();
    zone_events.clear();
    watch_entries.clear();
    detections.clear();
    kept.clear();
    identity.clear();
    messages = 0;
  }
};

std::uint64_t FeedCounters::bad_total() const {
  std::uint64_t n = 0;
  for (auto b : bad) n += b;
  return n;
}

Ingestor::Ingestor(store::Store& store, Picture& picture, IngestOptions options)
    : store_(store),
      picture_(picture),
      options_(std::move(options)),
      decoder_(ais::DecoderOptions{.clock = options_.clock != nullptr ? options_.clock
                                                                      : &core::SystemClock::Get()}),
      pending_(std::make_unique<Pending>()) {
  if (options_.clock == nullptr) options_.clock = &core::SystemClock::Get();
}

Ingestor::~Ingestor() = default;

FeedCounters Ingestor::counters() const {
  FeedCounters c = counters_;
  const ais::DecodeStats& d = decoder_.stats();
  c.lines = d.lines;
  c.other_lines = d.other_lines;
  c.messages = d.messages;
  c.bad = d.bad;
  return c;
}

core::Status Ingestor::AddLine(std::string_view line) {
  if (decoder_.DecodeLine(line) == ais::LineOutcome::kMessage) {
    const ais::Message& m = decoder_.message();
    ++counters_.by_type[m.type];
    const core::Timestamp t = m.envelope.time ? *m.envelope.time : options_.clock->Now();
    Apply(m, t.time_since_epoch().count(),
          m.envelope.time.has_value() || options_.judge_jumps_on_arrival_time);
    if (++pending_->messages >= options_.batch_messages) return Flush();
  }
  return core::Ok();
}

core::Status Ingestor::AddBuffer(std::string_view buffer) {
  std::size_t pos = 0;
  while (pos < buffer.size()) {
    std::size_t end = buffer.find('\n', pos);
    if (end == std::string_view::npos) end = buffer.size();
    ISTMO_RETURN_IF_ERROR(AddLine(buffer.substr(pos, end - pos)));
    pos = end + 1;
  }
  return core::Ok();
}

core::Status Ingestor::Finish() {
  decoder_.Finish();
  return Write(/*fold=*/true);
}

core::Status Ingestor::Flush() { return Write(/*fold=*/false); }

std::string Ingestor::SourceOf(const ais::Message& m) const {
  return m.envelope.source.empty() ? options_.feed : std::string(m.envelope.source.view());
}

void Ingestor::Apply(const ais::Message& m, std::int64_t t_us, bool judge_jumps) {
  counters_.last_message_us = std::max(counters_.last_message_us, t_us);
  const StationKind kind = StationKindOf(m.type, m.mmsi);
  if (const auto* p = std::get_if<ais::PositionReport>(&m.body)) {
    ApplyPosition(m, t_us, judge_jumps, kind, p->lat, p->lon, p->speed, p->course, p->heading,
                  p->status);
  } else if (const auto* b = std::get_if<ais::ClassBPosition>(&m.body)) {
    ApplyPosition(m, t_us, judge_jumps, kind, b->lat, b->lon, b->speed, b->course, b->heading, 15);
  } else if (const auto* e = std::get_if<ais::ClassBExtended>(&m.body)) {
    ApplyPosition(m, t_us, judge_jumps, kind, e->lat, e->lon, e->speed, e->course, e->heading, 15);
    if (options_.detectors != nullptr) {
      // The report carries the identity this message gives too, as ReportBuilder's does: the
      // picture learns it only below.
      DetectorReport& r = pending_->reports.back();
      if (e->shiptype != 0) r.ship_type = e->shiptype;
      if (e->to_bow + e->to_stern > 0) r.length_m = e->to_bow + e->to_stern;
    }
    VesselIdentity id{.name = std::string(e->shipname.view()), .ship_type = e->shiptype};
    SetDimensions(id, e->to_bow, e->to_stern, e->to_port, e->to_starboard);
    ApplyIdentity(m, t_us, kind, id);
  } else if (const auto* sar = std::get_if<ais::SarAircraft>(&m.body)) {
    // Type 9 gives SOG in whole knots (1023 not available, 1022 = 1022 kn or more); in tenths
    // 102.3 kn would read as "not available", so it becomes 102.4.
    std::uint16_t sog = ais::kSpeedNotAvailable;
    if (sar->speed != ais::kSpeedNotAvailable) {
      sog = static_cast<std::uint16_t>(sar->speed * 10);
      if (sog == ais::kSpeedNotAvailable) ++sog;
    }
    ApplyPosition(m, t_us, judge_jumps, kind, sar->lat, sar->lon, sog, sar->course,
                  ais::kHeadingNotAvailable, 15);
  } else if (const auto* lr = std::get_if<ais::LongRangePosition>(&m.body)) {
    // Type 27: 1/10 minute, whole knots (63 n/a), whole degrees (511 n/a).
    const bool no_pos =
        lr->lat == ais::kLatNotAvailableTenthMin || lr->lon == ais::kLonNotAvailableTenthMin;
    ApplyPosition(m, t_us, judge_jumps, kind, no_pos ? ais::kLatNotAvailable : lr->lat * 1000,
                  no_pos ? ais::kLonNotAvailable : lr->lon * 1000,
                  lr->speed == 63 ? ais::kSpeedNotAvailable : lr->speed * 10,
                  lr->course == 511 ? ais::kCourseNotAvailable : lr->course * 10,
                  ais::kHeadingNotAvailable, lr->status);
  } else if (const auto* bs = std::get_if<ais::BaseStationReport>(&m.body)) {
    if (m.type == 4) {
      ApplyPosition(m, t_us, judge_jumps, kind, bs->lat, bs->lon, ais::kSpeedNotAvailable,
                    ais::kCourseNotAvailable, ais::kHeadingNotAvailable, 15);
    }
  } else if (const auto* aton = std::get_if<ais::AidToNavigation>(&m.body)) {
    ApplyPosition(m, t_us, judge_jumps, kind, aton->lat, aton->lon, ais::kSpeedNotAvailable,
                  ais::kCourseNotAvailable, ais::kHeadingNotAvailable, 15);
    VesselIdentity id{.name = std::string(aton->name.view())};
    SetDimensions(id, aton->to_bow, aton->to_stern, aton->to_port, aton->to_starboard);
    ApplyIdentity(m, t_us, kind, id);
  } else if (const auto* sv = std::get_if<ais::StaticVoyage>(&m.body)) {
    VesselIdentity id{.name = std::string(sv->shipname.view()),
                      .callsign = std::string(sv->callsign.view()),
                      .imo = sv->imo,
                      .ship_type = sv->shiptype,
                      .draught_dm = sv->draught,
                      .destination = std::string(sv->destination.view()),
                      .eta = EtaText(sv->month, sv->day, sv->hour, sv->minute)};
    SetDimensions(id, sv->to_bow, sv->to_stern, sv->to_port, sv->to_starboard);
    ApplyIdentity(m, t_us, kind, id);
  } else if (const auto* sd = std::get_if<ais::StaticDataReport>(&m.body)) {
    VesselIdentity id{.name = std::string(sd->shipname.view()),
                      .callsign = std::string(sd->callsign.view()),
                      .ship_type = sd->shiptype};
    if (sd->has_part_b && sd->mothership_mmsi == 0) {
      SetDimensions(id, sd->to_bow, sd->to_stern, sd->to_port, sd->to_starboard);
    }
    ApplyIdentity(m, t_us, kind, id);
  }
}

void Ingestor::ApplyPosition(const ais::Message& m, std::int64_t t_us, bool judge_jumps,
                             StationKind kind, std::int32_t lat, std::int32_t lon,
                             std::uint16_t sog, std::uint16_t cog, std::uint16_t heading,
                             std::uint8_t nav_status) {
  // What the detectors get: the values decoded above; the identity below, from the picture.
  DetectorReport report{.mmsi = m.mmsi,
                        .t_us = t_us,
                        .lat = lat,
                        .lon = lon,
                        .sog = sog,
                        .cog = cog,
                        .heading = heading,
                        .kind = kind};
  if (lat == ais::kLatNotAvailable || lon == ais::kLonNotAvailable) {
    ++counters_.no_position;
    // The sentinel detector's input. No picture lookup for it: the detectors keep the ship type
    // and length of the vessel's earlier reports, and a 0 leaves them as they are.
    if (options_.detectors != nullptr) pending_->reports.push_back(report);
    return;
  }
  bool stale = false;
  std::optional<TrackPoint> point;
  std::optional<VesselState> kept;
  std::optional<std::pair<std::int32_t, std::int32_t>> previous;  // last kept position
  std::uint8_t position_flags = 0;
  // The state update proper; stale: the report is older than the state and changes nothing.
  auto update_state = [&](Vessel& v) {
    VesselState& s = v.state;
    if (s.t_us > t_us) {
      stale = true;
      return;
    }
    if (s.kept_t_us != 0) previous.emplace(s.kept_lat, s.kept_lon);
    if (v.identity->first_seen_us == 0) v.identity.Mutable().first_seen_us = t_us;
    std::uint8_t flags = PlausibilityFlags(lat, lon);
    if (t_us == s.t_us && lat == s.lat && lon == s.lon) {
      // The report the state already holds (a replay): its flags were judged against the
      // position before it, which is gone now.
      flags = s.flags;
    } else if (judge_jumps && flags == 0 && s.kept_t_us != 0 && s.kept_flags == 0 &&
               t_us > s.kept_t_us) {
      const double hours = static_cast<double>(t_us - s.kept_t_us) / 3.6e9;
      // A minute of latitude is a nautical mile, and a minute of longitude at most one: the
      // plane distance in minutes bounds the great circle's, so most reports skip haversine.
      const double dlat_min = (lat - s.kept_lat) / 10000.0;
      const double dlon_min = (lon - s.kept_lon) / 10000.0;
      const double bound_nm = std::sqrt(dlat_min * dlat_min + dlon_min * dlon_min);
      if (bound_nm > 1 && bound_nm / hours > options_.max_plausible_speed_kn) {
        const double nm = core::DistanceNauticalMiles(
            {s.kept_lat / 600000.0, s.kept_lon / 600000.0}, {lat / 600000.0, lon / 600000.0});
        if (nm / hours > options_.max_plausible_speed_kn && nm > 1) flags |= kPositionJump;
      }
    }
    if (kind != StationKind::kUnknown) s.kind = kind;
    s.t_us = t_us;
    s.lat = lat;
    s.lon = lon;
    s.flags = flags;
    // "Not available" leaves the last known value (ITU-R M.1371-5 Table 46 sentinels).
    if (sog != ais::kSpeedNotAvailable) s.sog = sog;
    if (cog < ais::kCourseNotAvailable) s.cog = cog;
    if (heading != ais::kHeadingNotAvailable) s.heading = heading;
    if (nav_status != 15) s.nav_status = nav_status;
    if (flags != 0) ++counters_.implausible;
    position_flags = flags;
    const bool keep = s.kept_t_us == 0 ||
                      t_us - s.kept_t_us >= std::chrono::duration_cast<std::chrono::microseconds>(
                                                options_.track_interval)
                                                .count() ||
                      (s.cog < ais::kCourseNotAvailable && s.kept_cog < ais::kCourseNotAvailable &&
                       AngleDiff(s.cog, s.kept_cog) > options_.course_change_deg) ||
                      (s.sog < ais::kSpeedFastMover && s.kept_sog < ais::kSpeedFastMover &&
                       std::abs(s.sog - s.kept_sog) / 10.0 > options_.speed_change_kn);
    if (!keep || t_us == s.kept_t_us) return;
    s.kept_t_us = t_us;
    s.kept_lat = lat;
    s.kept_lon = lon;
    s.kept_sog = s.sog;
    s.kept_cog = s.cog;
    s.kept_flags = flags;
    kept = s;
    if (!Moves(s.kind)) return;  // base stations and aids to navigation keep no track
    point = TrackPoint{.t_us = t_us,
                       .lat = lat,
                       .lon = lon,
                       .sog = s.sog,
                       .cog = s.cog,
                       .heading = s.heading,
                       .flags = flags,
                       .source = SourceOf(m)};
  };
  const bool created = picture_.Update(m.mmsi, [&](Vessel& v, std::uint32_t slot) {
    update_state(v);
    // Under the same lookup: the identity the detectors need is in the vessel's entry, and its
    // slot spares the detectors a second MMSI lookup. Stale reports go too; the detectors count
    // them by their own rule.
    if (options_.detectors != nullptr) {
      report.picture_slot = slot;
      report.kind = v.state.kind;
      report.ship_type = v.identity->ship_type;
      report.length_m = static_cast<double>(v.identity->to_bow + v.identity->to_stern);
      pending_->reports.push_back(report);
    }
    // A doubtful position (out of range, null island, a jump) neither enters nor leaves a zone.
    // Under the picture's lock, so that the vessel's zone hint spares Zones its MMSI lookup.
    if (!stale && options_.zones != nullptr && position_flags == 0) {
      const std::size_t before = pending_->zone_events.size();
      options_.zones->Observe(m.mmsi, t_us, lat, lon, previous, pending_->zone_events,
                              &v.zone_hint);
      counters_.zone_events += pending_->zone_events.size() - before;
      // Only a zone entry asks the watchlists: a few hash lookups, not one per report.
      if (options_.watch != nullptr && pending_->zone_events.size() > before) {
        WatchEntries(v, before);
      }
    }
  });
  if (created) ++counters_.new_stations;
  if (stale) {
    ++counters_.stale;
    return;
  }
  if (point) {
    pending_->track.emplace_back(m.mmsi, std::move(*point));
    ++counters_.track_points;
  }
  // A moving station's kept state is its last track point, which LoadPicture reads back; its
  // row is written when it is new or its identity changes. A station without a track (base
  // station, aid to navigation) keeps its kept state in its row.
  if (created) {
    pending_->identity.insert(m.mmsi);
  } else if (kept && !Moves(kept->kind)) {
    pending_->kept[m.mmsi] = *kept;
  }
}

void Ingestor::WatchEntries(const Vessel& v, std::size_t first_event) {
  std::vector<WatchHit> hits;
  for (std::size_t i = first_event; i < pending_->zone_events.size(); ++i) {
    const ZoneEvent& e = pending_->zone_events[i];
    if (!e.enter) continue;
    if (hits.empty()) {
      options_.watch->Match({.mmsi = v.state.mmsi,
                             .imo = v.identity->imo,
                             .name = v.identity->name,
                             .callsign = v.identity->callsign},
                            hits);
      if (hits.empty()) return;
    }
    for (const WatchHit& h : hits) {
      pending_->watch_entries.push_back({.event = e, .hit = h, .name = v.identity->name});
    }
  }
}

void Ingestor::ApplyIdentity(const ais::Message& m, std::int64_t t_us, StationKind kind,
                             const VesselIdentity& reported) {
  std::optional<Vessel> before = picture_.Get(m.mmsi);
  const VesselIdentity current = before ? *before->identity : VesselIdentity{};
  std::optional<EvidencePoint> where;
  if (before && before->state.has_position()) {
    where = EvidencePoint{.mmsi = m.mmsi,
                          .t_us = before->state.t_us,
                          .lat = before->state.lat,
                          .lon = before->state.lon,
                          .sog = before->state.sog};
  }
  before.reset();  // its reference would make the update below copy the identity
  if (current.static_t_us > t_us) {
    ++counters_.stale;
    return;
  }
  std::vector<IdentityChange> changes;
  auto change = [&](const char* field, const std::string& old_value, const std::string& value) {
    changes.push_back({.t_us = t_us, .field = field, .old_value = old_value, .new_value = value});
  };
  if (!reported.name.empty() && reported.name != current.name) {
    change("name", current.name, reported.name);
  }
  if (!reported.callsign.empty() && reported.callsign != current.callsign) {
    change("callsign", current.callsign, reported.callsign);
  }
  if (reported.imo != 0 && reported.imo != current.imo) {
    change("imo", current.imo == 0 ? "" : std::to_string(current.imo),
           std::to_string(reported.imo));
    // The same hull heard under another MMSI before: a new MMSI, and a new flag when the MIDs'
    // administrations differ (ITU-R M.585: a re-flagged ship gets a new MMSI).
    const std::uint32_t previous = picture_.MmsiOfImo(reported.imo);
    if (previous != 0 && previous != m.mmsi) {
      change("mmsi", std::to_string(previous), std::to_string(m.mmsi));
      const FlagState* old_flag = MidTable::Default().FlagOf(previous);
      const FlagState* new_flag = MidTable::Default().FlagOf(m.mmsi);
      if (old_flag != new_flag) {
        change("flag", old_flag ? old_flag->iso2 : "", new_flag ? new_flag->iso2 : "");
      }
    }
  }
  // A name, call sign or flag changed soon after the last change (identity_changes.h). A flag
  // changes with the MMSI: the hull's record is the previous MMSI's.
  const bool judged = std::any_of(changes.begin(), changes.end(), IsJudgedIdentityChange);
  if (judged && options_.detectors != nullptr && Moves(kind)) {
    VesselIdentity since = current;
    auto field = [&](const char* name) {
      return std::find_if(changes.begin(), changes.end(),
                          [&](const IdentityChange& c) { return c.field == name; });
    };
    const auto flag = field("flag");
    const auto mmsi = field("mmsi");
    if (flag != changes.end() && IsJudgedIdentityChange(*flag) && mmsi != changes.end()) {
      // The old MMSI as recorded just above: its own digits.
      const auto previous = static_cast<std::uint32_t>(std::stoul(mmsi->old_value));
      if (auto old = picture_.Get(previous)) since = *old->identity;
    }
    const bool since_change = since.identity_change_us != 0;
    if (auto event = JudgeIdentityChange(
            m.mmsi, t_us, since_change ? since.identity_change_us : since.first_seen_us,
            since_change, changes, options_.identity_change_window, where)) {
      pending_->detections.push_back(std::move(*event));
      ++counters_.detections;
    }
  }
  bool changed = false;
  const bool created = picture_.Update(m.mmsi, [&](Vessel& v) {
    VesselIdentity& id = v.identity.Mutable();
    if (judged) id.identity_change_us = t_us;
    const StationKind old_kind = v.state.kind;
    if (id.first_seen_us == 0) id.first_seen_us = t_us;
    if (v.state.kind == StationKind::kUnknown ||
        (kind != StationKind::kUnknown && !v.state.has_position())) {
      v.state.kind = kind;
    }
    if (!reported.name.empty()) id.name = reported.name;
    if (!reported.callsign.empty()) id.callsign = reported.callsign;
    if (reported.imo != 0) id.imo = reported.imo;
    if (reported.ship_type != 0) id.ship_type = reported.ship_type;
    if (reported.to_bow || reported.to_stern || reported.to_port || reported.to_starboard) {
      SetDimensions(id, reported.to_bow, reported.to_stern, reported.to_port,
                    reported.to_starboard);
    }
    if (reported.draught_dm != 0) id.draught_dm = reported.draught_dm;
    if (!reported.destination.empty()) id.destination = reported.destination;
    if (!reported.eta.empty()) id.eta = reported.eta;
    changed = v.state.kind != old_kind || !SameIdentity(id, current);
    id.static_t_us = t_us;
    id.source = SourceOf(m);
  });
  if (created) ++counters_.new_stations;
  counters_.identity_changes += changes.size();
  for (auto& c : changes) pending_->history.emplace_back(m.mmsi, std::move(c));
  // Most static reports repeat what the row holds (class A sends one every 6 minutes): the row
  // is written when the identity changes, with that report's time and source. A replay makes
  // the same changes at the same reports, so it writes the same rows (docs/maritime.md).
  if (created || changed) pending_->identity.insert(m.mmsi);
}

core::Status Ingestor::Write(bool fold) {
  Pending& p = *pending_;
  if (!p.reports.empty()) {
    // The batch call prefetches the vessels' records ahead (detect.h); its events join this
    // batch's transaction.
    const std::size_t before = p.detections.size();
    options_.detectors->Add(std::span<const DetectorReport>(p.reports), p.detections);
    counters_.detections += p.detections.size() - before;
    p.reports.clear();
  }
  if (p.kept.empty() && p.identity.empty() && p.track.empty() && p.history.empty() &&
      p.zone_events.empty() && p.detections.empty() && (!fold || p.unfolded == 0)) {
    p.messages = 0;
    return core::Ok();
  }
  fold = fold || p.unfolded + p.track.size() >= options_.fold_points;
  // Time order: the batch appends to the ends of maritime_track_recent's B-trees.
  std::sort(p.track.begin(), p.track.end(), [](const auto& a, const auto& b) {
    return std::tie(a.second.t_us, a.first) < std::tie(b.second.t_us, b.first);
  });
  // Rows in MMSI order, so that a batch's statements are the same on every run.
  std::vector<std::pair<VesselState, VesselIdentity>> full;
  std::vector<std::pair<VesselState, VesselIdentity>> identity_only;
  std::vector<std::uint32_t> mmsis;
  for (const auto& [mmsi, st] : p.kept) mmsis.push_back(mmsi);
  for (std::uint32_t mmsi : p.identity) {
    if (!p.kept.count(mmsi)) mmsis.push_back(mmsi);
  }
  std::sort(mmsis.begin(), mmsis.end());
  for (std::uint32_t mmsi : mmsis) {
    auto v = picture_.Get(mmsi);
    if (!v) continue;
    auto it = p.kept.find(mmsi);
    if (it != p.kept.end()) {
      full.emplace_back(it->second, *v->identity);
    } else {
      // No kept state in this batch: the row's state columns stay as stored; a new row gets the
      // kept state as it is (none yet: a station heard only by its static reports).
      VesselState st = v->state;
      if (Moves(st.kind)) {
        // A moving station's state is its track's last point (LoadPicture); its row carries
        // none, so that the row does not depend on when it was written.
        st = VesselState{.mmsi = st.mmsi, .kind = st.kind};
      } else {
        st.t_us = st.kept_t_us;
        st.lat = st.kept_lat;
        st.lon = st.kept_lon;
        st.flags = st.kept_flags;
        st.sog = st.kept_sog;
        st.cog = st.kept_cog;
      }
      identity_only.emplace_back(st, *v->identity);
    }
  }
  const FeedCounters c = counters();
  core::Status s = store_.Write([&](store::Connection& tx) -> core::Status {
    ISTMO_RETURN_IF_ERROR(ExecInChunks(
        tx, p.track, kRowsPerStatement,
        [](std::size_t n) {
          return "INSERT INTO maritime_track_recent (mmsi, t, lat, lon, sog, cog, heading, flags, "
                 "source) VALUES " +
                 ValuesList(n, 9) + " ON CONFLICT (t, mmsi) DO NOTHING";
        },
        [](const std::pair<std::uint32_t, TrackPoint>& row, store::Params& out) {
          const TrackPoint& pt = row.second;
          out.insert(out.end(), {std::int64_t{row.first}, pt.t_us, std::int64_t{pt.lat},
                                 std::int64_t{pt.lon}, std::int64_t{pt.sog}, std::int64_t{pt.cog},
                                 std::int64_t{pt.heading}, std::int64_t{pt.flags}, pt.source});
        }));
    ISTMO_RETURN_IF_ERROR(ExecInChunks(
        tx, p.history, kScatteredRowsPerStatement,
        [](std::size_t n) {
          return "INSERT INTO maritime_identity_history (mmsi, t, field, old_value, new_value) "
                 "VALUES " +
                 ValuesList(n, 5) + " ON CONFLICT (mmsi, t, field) DO NOTHING";
        },
        [](const std::pair<std::uint32_t, IdentityChange>& row, store::Params& out) {
          const IdentityChange& h = row.second;
          out.insert(out.end(),
                     {std::int64_t{row.first}, h.t_us, h.field, h.old_value, h.new_value});
        }));
    // Before this batch's zone events are inserted: an entry already stored is a replay, whose
    // alert was raised the first time.
    ISTMO_RETURN_IF_ERROR(RaiseWatchAlerts(tx));
    ISTMO_RETURN_IF_ERROR(ExecInChunks(
        tx, p.zone_events, kScatteredRowsPerStatement,
        [](std::size_t n) {
          return "INSERT INTO maritime_zone_events (zone_id, mmsi, t, kind, lat, lon) VALUES " +
                 ValuesList(n, 6) + " ON CONFLICT (zone_id, mmsi, t, kind) DO NOTHING";
        },
        [](const ZoneEvent& e, store::Params& out) {
          out.insert(out.end(), {e.zone_id, std::int64_t{e.mmsi}, e.t_us,
                                 std::string(e.enter ? "enter" : "exit"), std::int64_t{e.lat},
                                 std::int64_t{e.lon}});
        }));
    ISTMO_RETURN_IF_ERROR(StoreDetections(tx, p.detections));
    if (options_.alerts != nullptr) {
      ISTMO_RETURN_IF_ERROR(options_.alerts->Raise(tx, p.detections, picture_));
    }
    auto append = [](const std::pair<VesselState, VesselIdentity>& row, store::Params& out) {
      AppendVesselParams(row.first, row.second, out);
    };
    ISTMO_RETURN_IF_ERROR(ExecInChunks(
        tx, full, kScatteredRowsPerStatement, [](std::size_t n) { return VesselUpsert(n, false); },
        append));
    ISTMO_RETURN_IF_ERROR(ExecInChunks(
        tx, identity_only, kScatteredRowsPerStatement,
        [](std::size_t n) { return VesselUpsert(n, true); }, append));
    if (fold) ISTMO_RETURN_IF_ERROR(FoldTrack(tx));
    // One audit entry per batch, not per report: the feed is open broadcast data and a batch
    // is the unit that commits (docs/maritime.md).
    char detail[160];
    std::snprintf(detail, sizeof detail,
                  "{\"messages\":%llu,\"vessels\":%zu,\"track_points\":%zu,\"history\":%zu}",
                  static_cast<unsigned long long>(c.messages), mmsis.size(), p.track.size(),
                  p.history.size());
    ISTMO_RETURN_IF_ERROR(store::AppendAudit(tx,
                                             store::AuditEntry{.actor = "system",
                                                               .action = "maritime.ingest",
                                                               .object_type = "feed",
                                                               .object_id = options_.feed,
                                                               .detail = detail},
                                             options_.clock->Now()));
    return core::Ok();
  });
  if (!s) return s;
  ++counters_.batches;
  p.unfolded = fold ? 0 : p.unfolded + p.track.size();
  p.Clear();
  return core::Ok();
}

core::Status Ingestor::RaiseWatchAlerts(store::Connection& tx) {
  if (pending_->watch_entries.empty()) return core::Ok();
  const std::shared_ptr<const ZoneIndex> index = options_.zones->index();
  const core::Timestamp now = options_.clock->Now();
  for (const Pending::WatchEntry& w : pending_->watch_entries) {
    const ZoneEvent& e = w.event;
    const auto zone = std::find_if(index->zones().begin(), index->zones().end(),
                                   [&](const Zone& z) { return z.id == e.zone_id; });
    if (zone == index->zones().end()) continue;  // deleted since
    // An area of interest is its owner's record: only its owner's watchlists watch it, so an
    // alert never names an area its owner did not release to the watchlist's owner.
    if (!zone->builtin() && zone->owner_org != w.hit.owner_org) continue;
    ISTMO_ASSIGN_OR_RETURN(auto stored,
                           tx.QueryOne("SELECT 1 FROM maritime_zone_events WHERE zone_id = ? AND "
                                       "mmsi = ? AND t = ? AND kind = 'enter'",
                                       {e.zone_id, std::int64_t{e.mmsi}, e.t_us}));
    if (stored) continue;
    const std::string mmsi = std::to_string(e.mmsi);
    const std::string name = w.name.empty() ? "MMSI " + mmsi : w.name;
    nlohmann::json detail = {
        {"code", "maritime_watchlist_entry"},
        {"mmsi", e.mmsi},
        {"name", w.name.empty() ? nlohmann::json(nullptr) : nlohmann::json(w.name)},
        {"watchlist_id", w.hit.watchlist_id},
        {"watchlist_name", w.hit.watchlist_name},
        {"entry_id", w.hit.entry_id},
        {"matched_by", VesselMatchName(w.hit.matched_by)},
        {"reason", w.hit.reason},
        {"zone_id", e.zone_id},
        {"zone_name", zone->name},
        {"t", core::FormatIso8601(core::Timestamp(std::chrono::microseconds(e.t_us)))},
        {"lat", e.lat / 600000.0},
        {"lon", e.lon / 600000.0}};
    store::Alert alert{.owner_org = w.hit.owner_org,
                       .releasability = w.hit.releasability,
                       .module = "maritime",
                       .kind = "watchlist_entry",
                       .severity = "critical",
                       .title = name + " (" + w.hit.watchlist_name + ") entered " + zone->name,
                       .detail = detail.dump(),
                       .dedupe_key = "watchlist_entry:" + w.hit.watchlist_id + ":" + mmsi,
                       .subject = "mmsi:" + mmsi};
    ISTMO_RETURN_IF_ERROR(store::RaiseAlert(tx, std::move(alert), now));
  }
  return core::Ok();
}

core::Status LoadPicture(store::Store& store, Picture& picture) {
  ISTMO_ASSIGN_OR_RETURN(auto rows, store.Read<std::vector<store::Row>>([](store::Connection& c) {
    return c.Query(std::string("SELECT ") + kVesselColumns + " FROM maritime_vessels");
  }));
  // The last change of name, call sign or flag per vessel (identity_changes.h).
  ISTMO_ASSIGN_OR_RETURN(auto changed, store.Read<std::vector<store::Row>>([](store::Connection& c) {
    return c.Query(
        "SELECT mmsi, max(t) FROM maritime_identity_history WHERE field IN ('name', "
        "'callsign', 'flag') AND old_value <> '' GROUP BY mmsi");
  }));
  std::unordered_map<std::uint32_t, std::int64_t> last_change;
  for (const store::Row& r : changed) last_change[static_cast<std::uint32_t>(r.Int(0))] = r.Int(1);
  for (const store::Row& r : rows) {
    Vessel v;
    VesselState& s = v.state;
    VesselIdentity& id = v.identity.Mutable();
    s.mmsi = static_cast<std::uint32_t>(r.Int(0));
    s.kind = ParseStationKind(r.Text(1)).value_or(StationKind::kUnknown);
    id.name = r.Text(2);
    id.callsign = r.Text(3);
    id.imo = static_cast<std::uint32_t>(r.Int(4));
    id.ship_type = static_cast<std::uint8_t>(r.Int(5));
    id.to_bow = static_cast<std::uint16_t>(r.Int(6));
    id.to_stern = static_cast<std::uint16_t>(r.Int(7));
    id.to_port = static_cast<std::uint8_t>(r.Int(8));
    id.to_starboard = static_cast<std::uint8_t>(r.Int(9));
    id.draught_dm = static_cast<std::uint8_t>(r.Int(10));
    id.destination = r.Text(11);
    id.eta = r.Text(12);
    id.static_t_us = r.Int(13);
    id.first_seen_us = r.Int(14);
    id.source = r.Text(15);
    s.t_us = r.Int(16);
    s.lat = static_cast<std::int32_t>(r.Int(17));
    s.lon = static_cast<std::int32_t>(r.Int(18));
    s.sog = static_cast<std::uint16_t>(r.Int(19));
    s.cog = static_cast<std::uint16_t>(r.Int(20));
    s.heading = static_cast<std::uint16_t>(r.Int(21));
    s.nav_status = static_cast<std::uint8_t>(r.Int(22));
    s.flags = static_cast<std::uint8_t>(r.Int(23));
    s.kept_t_us = r.Int(24);
    s.kept_lat = static_cast<std::int32_t>(r.Int(25));
    s.kept_lon = static_cast<std::int32_t>(r.Int(26));
    s.kept_sog = static_cast<std::uint16_t>(r.Int(27));
    s.kept_cog = static_cast<std::uint16_t>(r.Int(28));
    s.kept_flags = static_cast<std::uint8_t>(r.Int(29));
    if (auto it = last_change.find(s.mmsi); it != last_change.end()) {
      id.identity_change_us = it->second;
    }
    picture.Put(v);
  }
  // A moving station's state as of its last track point (its row has the state it was created
  // with): the same kept state the Ingestor had when it stored that point. Folded points first,
  // then the recent ones, which are later when a station has both.
  std::vector<store::Row> last;
  for (const char* table : {"maritime_track_points", "maritime_track_recent"}) {
    ISTMO_ASSIGN_OR_RETURN(
        auto last_of_table, store.Read<std::vector<store::Row>>([&](store::Connection& c) {
          const std::string t = table;
          return c.Query(
              "SELECT p.mmsi, p.t, p.lat, p.lon, p.sog, p.cog, p.heading, p.flags FROM " + t +
              " p JOIN (SELECT mmsi, max(t) AS t FROM " + t +
              " GROUP BY mmsi) l ON p.mmsi = l.mmsi AND p.t = l.t");
        }));
    last.insert(last.end(), std::make_move_iterator(last_of_table.begin()),
                std::make_move_iterator(last_of_table.end()));
  }
  for (const store::Row& r : last) {
    const std::int64_t t = r.Int(1);
    picture.Update(static_cast<std::uint32_t>(r.Int(0)), [&](Vessel& v) {
      VesselState& s = v.state;
      if (t < s.kept_t_us) return;
      s.t_us = s.kept_t_us = t;
      s.lat = s.kept_lat = static_cast<std::int32_t>(r.Int(2));
      s.lon = s.kept_lon = static_cast<std::int32_t>(r.Int(3));
      s.sog = s.kept_sog = static_cast<std::uint16_t>(r.Int(4));
      s.cog = s.kept_cog = static_cast<std::uint16_t>(r.Int(5));
      s.heading = static_cast<std::uint16_t>(r.Int(6));
      s.flags = s.kept_flags = static_cast<std::uint8_t>(r.Int(7));
    });
  }
  return core::Ok();
}

namespace internal {

core::Result<std::vector<TrackPoint>> QueryTrack(store::Connection& c, std::uint32_t mmsi,
                                                 std::int64_t from_us, std::int64_t to_us,
                                                 std::size_t limit) {
  // The unfolded points are found by their time range (their key is (t, mmsi)); one that is
  // in both tables (a replay before the fold) is read from maritime_track_points.
  ISTMO_ASSIGN_OR_RETURN(
      auto rows,
      c.Query("SELECT t, lat, lon, sog, cog, heading, flags, source FROM maritime_track_points "
              "WHERE mmsi = ? AND t >= ? AND t <= ? "
              "UNION ALL "
              "SELECT t, lat, lon, sog, cog, heading, flags, source FROM maritime_track_recent r "
              "WHERE r.t >= ? AND r.t <= ? AND r.mmsi = ? AND NOT EXISTS (SELECT 1 FROM "
              "maritime_track_points a WHERE a.mmsi = r.mmsi AND a.t = r.t) "
              "ORDER BY t LIMIT ?",
              {std::int64_t{mmsi}, from_us, to_us, from_us, to_us, std::int64_t{mmsi},
               static_cast<std::int64_t>(limit)}));
  std::vector<TrackPoint> out;
  out.reserve(rows.size());
  for (const auto& r : rows) {
    out.push_back({.t_us = r.Int(0),
                   .lat = static_cast<std::int32_t>(r.Int(1)),
                   .lon = static_cast<std::int32_t>(r.Int(2)),
                   .sog = static_cast<std::uint16_t>(r.Int(3)),
                   .cog = static_cast<std::uint16_t>(r.Int(4)),
                   .heading = static_cast<std::uint16_t>(r.Int(5)),
                   .flags = static_cast<std::uint8_t>(r.Int(6)),
                   .source = r.Text(7)});
  }
  return out;
}

}  // namespace internal

core::Result<std::vector<TrackPoint>> ReadTrack(store::Store& store, std::uint32_t mmsi,
                                                std::int64_t from_us, std::int64_t to_us,
                                                std::size_t limit) {
  return store.Read<std::vector<TrackPoint>>([&](store::Connection& c) {
    return internal::QueryTrack(c, mmsi, from_us, to_us, limit);
  });
}

core::Result<std::int64_t> PurgeTrackPoints(store::Store& store, core::Timestamp before,
                                            core::Timestamp now) {
  const std::int64_t t = before.time_since_epoch().count();
  return store.Write<std::int64_t>([&](store::Connection& tx) -> core::Result<std::int64_t> {
    // Every point in one table, so that "each station's last point" is one subquery.
    ISTMO_RETURN_IF_ERROR(FoldTrack(tx));
    ISTMO_ASSIGN_OR_RETURN(
        std::int64_t deleted,
        tx.Exec("DELETE FROM maritime_track_points WHERE t < ? AND t < (SELECT max(l.t) FROM "
                "maritime_track_points l WHERE l.mmsi = maritime_track_points.mmsi)",
                {t}));
    ISTMO_RETURN_IF_ERROR(store::AppendAudit(
        tx,
        store::AuditEntry{.actor = "system",
                          .action = "maritime.track_purge",
                          .object_type = "track_points",
                          .detail = "{\"before\":\"" + core::FormatIso8601(before) +
                                    "\",\"deleted\":" + std::to_string(deleted) + "}"},
        now));
    return deleted;
  });
}

core::Result<std::vector<IdentityChange>> ReadIdentityHistory(store::Store& store,
                                                              std::uint32_t mmsi) {
  ISTMO_ASSIGN_OR_RETURN(auto rows, store.Read<std::vector<store::Row>>([&](store::Connection& c) {
    return c.Query(
        "SELECT t, field, old_value, new_value FROM maritime_identity_history "
        "WHERE mmsi = ? ORDER BY t, field",
        {std::int64_t{mmsi}});
  }));
  std::vector<IdentityChange> out;
  for (const auto& r : rows) {
    out.push_back(
        {.t_us = r.Int(0), .field = r.Text(1), .old_value = r.Text(2), .new_value = r.Text(3)});
  }
  return out;
}

}  // namespace istmo::maritime

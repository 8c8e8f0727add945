#include "maritime/zones.h"

#include <algorithm>
#include <cmath>
#include <tuple>

#include <nlohmann/json.hpp>

#include "core/id.h"
#include "maritime/export.h"
#include "maritime/internal/geos.h"
#include "maritime/internal/zone_files.h"
#include "store/outbox.h"

namespace istmo::maritime {
namespace {

constexpr std::pair<ZoneKind, std::string_view> kKindNames[] = {
    {ZoneKind::kEez, "eez"},
    {ZoneKind::kTerritorialSea, "territorial_sea"},
    {ZoneKind::kContiguousZone, "contiguous_zone"},
    {ZoneKind::kCanal, "canal"},
    {ZoneKind::kAnchorage, "anchorage"},
    {ZoneKind::kPort, "port"},
    {ZoneKind::kAoi, "aoi"},
};

constexpr double kCellDegrees = 0.05;

// Grows the box to the zone's outer rings (holes lie inside them).
void Extend(const Zone& z, double& west, double& south, double& east, double& north) {
  for (const auto& p : z.polygons) {
    for (const LonLat& v : p.rings[0]) {
      west = std::min(west, v.lon);
      east = std::max(east, v.lon);
      south = std::min(south, v.lat);
      north = std::max(north, v.lat);
    }
  }
}
// About 260,000 cells: a zone the size of an ocean builds in well under a second.
constexpr double kMaxCells = 1 << 18;

}  // namespace

std::string_view ZoneKindName(ZoneKind kind) {
  for (auto [k, name] : kKindNames) {
    if (k == kind) return name;
  }
  return "aoi";
}

std::optional<ZoneKind> ParseZoneKind(std::string_view name) {
  for (auto [k, n] : kKindNames) {
    if (n == name) return k;
  }
  return std::nullopt;
}

const std::vector<Zone>& BuiltinZones() {
  static const std::vector<Zone> zones = [] {
    std::vector<Zone> out;
    // The shipped files are checked by the tests (ZoneData); limits do not apply to them.
    const ZoneFileLimits unlimited{.max_zones = 1 << 20, .max_vertices = 1 << 24};
    for (const auto& file : internal::BuiltinZoneFiles()) {
      auto parsed =
          internal::ParseGeoJsonZones(file.text, unlimited, internal::FeatureMode::kBuiltin);
      ISTMO_CHECK(parsed.has_value());
      for (auto& z : *parsed) out.push_back(std::move(z));
    }
    return out;
  }();
  return zones;
}

const std::vector<std::string>& ZoneAttributions() {
  static const std::vector<std::string> lines = {
      "EEZ: Flanders Marine Institute (2019), Maritime Boundaries Geodatabase v11, "
      "marineregions.org (CC BY 4.0), simplified",
      "Territorial sea: © OpenStreetMap contributors (ODbL 1.0); contiguous zone derived from it",
      "Canal, anchorages and ports: © 2023 Gabriel Fuentes, mtcclatamdashv2 (MIT)",
  };
  return lines;
}

// ---- ZoneIndex ----

ZoneIndex::~ZoneIndex() = default;

std::shared_ptr<const ZoneIndex> ZoneIndex::Build(std::vector<Zone> zones) {
  std::shared_ptr<ZoneIndex> index(new ZoneIndex());
  index->zones_ = std::move(zones);
  double west = 180, south = 90, east = -180, north = -90;
  for (const Zone& z : index->zones_) Extend(z, west, south, east, north);
  if (index->zones_.empty() || west > east) return index;
  double cell = kCellDegrees;
  const double area = (east - west) * (north - south);
  if (area / (cell * cell) > kMaxCells) cell = std::sqrt(area / kMaxCells);
  index->cell_deg_ = cell;
  index->west_ = std::floor(west / cell) * cell;
  index->south_ = std::floor(south / cell) * cell;
  index->cols_ = static_cast<std::int32_t>(std::floor((east - index->west_) / cell)) + 1;
  index->rows_ = static_cast<std::int32_t>(std::floor((north - index->south_) / cell)) + 1;

  std::vector<std::vector<std::uint32_t>> per_cell(static_cast<std::size_t>(index->cols_) *
                                                   index->rows_);
  index->edges_.resize(index->zones_.size());
  for (std::uint32_t zi = 0; zi < index->zones_.size(); ++zi) {
    const Zone& z = index->zones_[zi];
    double zw = 180, zs = 90, ze = -180, zn = -90;
    Extend(z, zw, zs, ze, zn);
    const auto col0 = static_cast<std::int32_t>(std::floor((zw - index->west_) / cell));
    const auto col1 = static_cast<std::int32_t>(std::floor((ze - index->west_) / cell));
    const auto row0 = static_cast<std::int32_t>(std::floor((zs - index->south_) / cell));
    const auto row1 = static_cast<std::int32_t>(std::floor((zn - index->south_) / cell));
    const std::int32_t cols = col1 - col0 + 1, rows = row1 - row0 + 1;
    const auto cover = internal::GeosClassifyCells(z, index->west_ + col0 * cell,
                                                   index->south_ + row0 * cell, cell, cols, rows);
    for (std::int32_t r = 0; r < rows; ++r) {
      for (std::int32_t c = 0; c < cols; ++c) {
        const std::uint8_t k = cover[static_cast<std::size_t>(r) * cols + c];
        if (k == internal::kCellOut) continue;
        per_cell[static_cast<std::size_t>(row0 + r) * index->cols_ + col0 + c].push_back(
            zi << 1 | (k == internal::kCellInside ? 1u : 0u));
      }
    }
    // Each edge goes to every grid row its latitude range touches.
    ZoneEdges& edges = index->edges_[zi];
    edges.row0 = row0;
    edges.rows.resize(rows);
    for (const auto& p : z.polygons) {
      for (const ZoneRing& ring : p.rings) {
        for (std::size_t i = 0; i + 1 < ring.size(); ++i) {
          const Edge e{ring[i].lon, ring[i].lat, ring[i + 1].lon, ring[i + 1].lat};
          auto r_lo =
              static_cast<std::int32_t>(std::floor((std::min(e.y1, e.y2) - index->south_) / cell));
          auto r_hi =
              static_cast<std::int32_t>(std::floor((std::max(e.y1, e.y2) - index->south_) / cell));
          r_lo = std::max(r_lo, row0);
          r_hi = std::min(r_hi, row1);
          for (std::int32_t r = r_lo; r <= r_hi; ++r) edges.rows[r - row0].push_back(e);
        }
      }
    }
  }
  index->cell_start_.reserve(per_cell.size() + 1);
  for (const auto& items : per_cell) {
    index->cell_start_.push_back(static_cast<std::uint32_t>(index->cell_items_.size()));
    index->cell_items_.insert(index->cell_items_.end(), items.begin(), items.end());
  }
  index->cell_start_.push_back(static_cast<std::uint32_t>(index->cell_items_.size()));
  return index;
}

bool ZoneIndex::InBoundaryCell(std::uint32_t zone, std::int32_t row, double lat, double lon) const {
  // Crossing number of a ray from the point towards +x, over the edges of the point's grid row:
  // every edge that crosses the ray's latitude lies in that row, so none is missed. Even-odd
  // over all rings gives holes and the parts of a MultiPolygon (valid: no overlaps) for free.
  const ZoneEdges& ze = edges_[zone];
  const std::int32_t r = row - ze.row0;
  if (r < 0 || r >= static_cast<std::int32_t>(ze.rows.size())) return false;
  bool inside = false;
  for (const Edge& e : ze.rows[r]) {
    if ((e.y1 > lat) != (e.y2 > lat)) {
      const double x = e.x1 + (lat - e.y1) * (e.x2 - e.x1) / (e.y2 - e.y1);
      if (lon < x) inside = !inside;
    }
  }
  return inside;
}

std::uint32_t ZoneIndex::CellOf(double lat, double lon) const {
  const auto outside = static_cast<std::uint32_t>(cells());
  if (cols_ == 0) return outside;
  const double fx = (lon - west_) / cell_deg_, fy = (lat - south_) / cell_deg_;
  if (!(fx >= 0 && fy >= 0 && fx < cols_ && fy < rows_)) return outside;
  return static_cast<std::uint32_t>(static_cast<std::int32_t>(fy) * cols_ +
                                    static_cast<std::int32_t>(fx));
}

bool ZoneIndex::Uniform(std::uint32_t cell) const {
  if (cell >= cells()) return true;
  for (std::uint32_t i = cell_start_[cell]; i < cell_start_[cell + 1]; ++i) {
    if ((cell_items_[i] & 1) == 0) return false;
  }
  return true;
}

void ZoneIndex::Find(double lat, double lon, std::vector<std::uint32_t>& out) const {
  if (cols_ == 0) return;
  const double fx = (lon - west_) / cell_deg_, fy = (lat - south_) / cell_deg_;
  if (!(fx >= 0 && fy >= 0 && fx < cols_ && fy < rows_)) return;
  const auto col = static_cast<std::int32_t>(fx), row = static_cast<std::int32_t>(fy);
  const std::size_t cell = static_cast<std::size_t>(row) * cols_ + col;
  for (std::uint32_t i = cell_start_[cell]; i < cell_start_[cell + 1]; ++i) {
    const std::uint32_t item = cell_items_[i];
    if ((item & 1) != 0 || InBoundaryCell(item >> 1, row, lat, lon)) out.push_back(item >> 1);
  }
}

// ---- Zones ----

Zones::Zones(std::vector<Zone> extra) : fixed_(BuiltinZones()) {
  for (auto& z : extra) fixed_.push_back(std::move(z));
  std::lock_guard lock(mutex_);
  index_ = ZoneIndex::Build(fixed_);
  for (const Zone& z : index_->zones()) serial_of_index_.push_back(SerialOf(z.id));
}

std::uint32_t Zones::SerialOf(const std::string& id) {
  auto [it, created] =
      serial_of_id_.try_emplace(id, static_cast<std::uint32_t>(serial_of_id_.size()));
  if (created) id_of_serial_[it->second] = id;
  return it->second;
}

core::Status Zones::Reload(store::Store& store) {
  ISTMO_ASSIGN_OR_RETURN(auto aois, VisibleAreasOfInterest(store, store::AccessScope::System()));
  std::vector<Zone> all = fixed_;
  for (auto& z : aois) all.push_back(std::move(z));
  auto index = ZoneIndex::Build(std::move(all));  // outside the lock: ingest goes on meanwhile
  std::lock_guard lock(mutex_);
  index_ = std::move(index);
  for (Membership& m : membership_) m.cell = kNoCell;  // cells of the old grid
  serial_of_index_.clear();
  for (const Zone& z : index_->zones()) serial_of_index_.push_back(SerialOf(z.id));
  return core::Ok();
}

std::shared_ptr<const ZoneIndex> Zones::index() const {
  std::lock_guard lock(mutex_);
  return index_;
}

void Zones::Observe(std::uint32_t mmsi, std::int64_t t_us, std::int32_t lat, std::int32_t lon,
                    std::optional<std::pair<std::int32_t, std::int32_t>> previous,
                    std::vector<ZoneEvent>& out, std::uint32_t* hint) {
  std::lock_guard lock(mutex_);
  // Into scratch vectors: the common case (no change) allocates nothing.
  auto serials_at = [&](std::int32_t la, std::int32_t lo, std::vector<std::uint32_t>& serials) {
    scratch_.clear();
    index_->Find(la / 600000.0, lo / 600000.0, scratch_);
    serials.clear();
    for (std::uint32_t i : scratch_) serials.push_back(serial_of_index_[i]);
    std::sort(serials.begin(), serials.end());
  };
  std::uint32_t at = hint != nullptr ? *hint : internal::MmsiMap::kNone;
  if (at >= membership_.size() || membership_[at].mmsi != mmsi) {
    bool created = false;
    std::tie(at, created) =
        membership_of_.TryEmplace(mmsi, static_cast<std::uint32_t>(membership_.size()));
    if (created) {
      membership_.push_back({.mmsi = mmsi});
      if (previous) serials_at(previous->first, previous->second, membership_.back().serials);
    }
    if (hint != nullptr) *hint = at;
  }
  Membership& member = membership_[at];
  const std::uint32_t cell = index_->CellOf(lat / 600000.0, lon / 600000.0);
  if (cell == member.cell && index_->Uniform(cell)) return;
  member.cell = cell;
  serials_at(lat, lon, now_);
  std::vector<std::uint32_t>& before = member.serials;
  if (before == now_) return;
  auto emit = [&](std::uint32_t serial, bool enter) {
    // A zone deleted since the vessel entered it leaves without an event.
    if (!enter && std::find(serial_of_index_.begin(), serial_of_index_.end(), serial) ==
                      serial_of_index_.end()) {
      return;
    }
    out.push_back(ZoneEvent{.zone_id = id_of_serial_[serial],
                            .mmsi = mmsi,
                            .t_us = t_us,
                            .enter = enter,
                            .lat = lat,
                            .lon = lon});
  };
  for (std::uint32_t s : before) {
    if (!std::binary_search(now_.begin(), now_.end(), s)) emit(s, false);
  }
  for (std::uint32_t s : now_) {
    if (!std::binary_search(before.begin(), before.end(), s)) emit(s, true);
  }
  before = now_;
}

std::vector<std::string> Zones::ZonesOf(std::uint32_t mmsi) const {
  std::lock_guard lock(mutex_);
  std::vector<std::string> out;
  const std::uint32_t at = membership_of_.Find(mmsi);
  if (at == internal::MmsiMap::kNone) return out;
  for (std::uint32_t s : membership_[at].serials) out.push_back(id_of_serial_.at(s));
  return out;
}

// ---- Areas of interest in the store ----

namespace {

Zone ZoneOfRow(const store::Row& row) {
  Zone z;
  z.id = row.Text(0);
  z.name = row.Text(1);
  z.kind = ZoneKind::kAoi;
  z.owner_org = row.Text(3);
  z.releasability = store::DecodeReleasability(row.Text(4));
  z.created_us = row.Int(5);
  z.created_by = row.Text(6);
  // The geometry was validated before it was stored; a row that no longer parses is a bug.
  auto parsed = internal::ParseGeoJsonZones(row.Text(2),
                                            ZoneFileLimits{.max_zones = 1, .max_vertices = 1 << 24},
                                            internal::FeatureMode::kUpload);
  ISTMO_CHECK(parsed.has_value() && parsed->size() == 1);
  z.polygons = std::move((*parsed)[0].polygons);
  return z;
}

constexpr const char* kZoneColumns =
    "z.id, z.name, z.geometry, z.owner_org, z.releasability, z.created_at, z.created_by";

core::Result<bool> ZoneVisible(store::Connection& c, const store::AccessScope& scope,
                               std::string_view zone_id) {
  for (const Zone& z : BuiltinZones()) {
    if (z.id == zone_id) return true;
  }
  store::VisibleSelect select{.columns = "z.id", .table = "maritime_zones", .alias = "z"};
  select.Where("z.id = ?", {std::string(zone_id)});
  ISTMO_ASSIGN_OR_RETURN(auto row, store::SelectVisibleOne(c, scope, select));
  return row.has_value();
}

std::vector<ZoneEvent> EventsOf(const std::vector<store::Row>& rows) {
  std::vector<ZoneEvent> out;
  out.reserve(rows.size());
  for (const auto& r : rows) {
    out.push_back(ZoneEvent{.zone_id = r.Text(0),
                            .mmsi = static_cast<std::uint32_t>(r.Int(1)),
                            .t_us = r.Int(2),
                            .enter = r.Text(3) == "enter",
                            .lat = static_cast<std::int32_t>(r.Int(4)),
                            .lon = static_cast<std::int32_t>(r.Int(5))});
  }
  return out;
}

}  // namespace

std::vector<store::Migration> ZoneMigrations() {
  return {{"maritime", 2, "areas of interest, zone entry and exit events", R"sql(
CREATE TABLE maritime_zones (
  id             TEXT PRIMARY KEY,
  name           TEXT NOT NULL,
  geometry       TEXT NOT NULL,
  owner_org      TEXT NOT NULL,
  releasability  TEXT NOT NULL DEFAULT ',',
  created_at     INTEGER NOT NULL,
  created_by     TEXT NOT NULL
);
CREATE TABLE maritime_zone_events (
  zone_id  TEXT NOT NULL,
  mmsi     INTEGER NOT NULL,
  t        INTEGER NOT NULL,
  kind     TEXT NOT NULL CHECK (kind IN ('enter', 'exit')),
  lat      INTEGER NOT NULL,
  lon      INTEGER NOT NULL,
  PRIMARY KEY (zone_id, mmsi, t, kind)
);
CREATE INDEX maritime_zone_events_by_vessel ON maritime_zone_events (mmsi, t);
CREATE INDEX maritime_zone_events_by_zone ON maritime_zone_events (zone_id, t);
)sql"}};
}

core::Result<std::vector<Zone>> CreateAreasOfInterest(store::Store& store,
                                                      const store::AccessScope& scope,
                                                      std::vector<Zone> zones,
                                                      const std::vector<std::string>& releasability,
                                                      core::Timestamp now) {
  ISTMO_ASSIGN_OR_RETURN(auto targets, store::NormalizeReleasability(releasability));
  const std::string column = store::EncodeReleasability(targets);
  const std::int64_t now_us = now.time_since_epoch().count();
  for (Zone& z : zones) {
    z.id = core::NewId();
    z.kind = ZoneKind::kAoi;
    z.owner_org = scope.org_id;
    z.releasability = targets;
    z.created_by = scope.username;
    z.created_us = now_us;
  }
  ISTMO_RETURN_IF_ERROR(store.Write([&](store::Connection& tx) -> core::Status {
    for (const Zone& z : zones) {
      const std::string geometry = nlohmann::json{
          {"type", "Feature"},
          {"properties", nlohmann::json::object()},
          {"geometry",
           ZoneGeometryJson(z)}}.dump();
      ISTMO_RETURN_IF_ERROR(tx.Exec(
          "INSERT INTO maritime_zones (id, name, geometry, owner_org, releasability, created_at, "
          "created_by) VALUES (?, ?, ?, ?, ?, ?, ?)",
          {z.id, z.name, geometry, z.owner_org, column, now_us, z.created_by}));
      const std::string detail = nlohmann::json{{"name", z.name}}.dump();
      const std::string body = nlohmann::json{
          {"id", z.id},
          {"name", z.name},
          {"owner_org", z.owner_org},
          {"releasability", targets},
          {"geometry",
           ZoneGeometryJson(z)}}.dump();
      ISTMO_RETURN_IF_ERROR(store::RecordChange(tx, scope,
                                                {.action = "maritime.zone.create",
                                                 .object_type = "maritime_zone",
                                                 .object_id = z.id,
                                                 .detail = detail,
                                                 .body = body},
                                                now));
    }
    return core::Ok();
  }));
  return zones;
}

core::Result<std::vector<Zone>> VisibleAreasOfInterest(store::Store& store,
                                                       const store::AccessScope& scope) {
  return store.Read<std::vector<Zone>>(
      [&](store::Connection& c) -> core::Result<std::vector<Zone>> {
        store::VisibleSelect select{.columns = kZoneColumns,
                                    .table = "maritime_zones",
                                    .alias = "z",
                                    .order_by = "z.created_at, z.id"};
        ISTMO_ASSIGN_OR_RETURN(auto rows, store::SelectVisible(c, scope, select));
        std::vector<Zone> out;
        for (const auto& r : rows) out.push_back(ZoneOfRow(r));
        return out;
      });
}

core::Status DeleteAreaOfInterest(store::Store& store, const store::AccessScope& scope,
                                  std::string_view id, core::Timestamp now) {
  return store.Write([&](store::Connection& tx) -> core::Status {
    store::VisibleSelect select{.columns = kZoneColumns, .table = "maritime_zones", .alias = "z"};
    select.Where("z.id = ?", {std::string(id)});
    ISTMO_ASSIGN_OR_RETURN(auto row, store::SelectVisibleOne(tx, scope, select));
    if (!row) return core::NotFound("no area of interest " + std::string(id.substr(0, 40)), "id");
    const Zone z = ZoneOfRow(*row);
    const bool allowed =
        scope.system || (scope.org_id == z.owner_org &&
                         (scope.Has(store::Role::kSupervisor) || scope.Has(store::Role::kAdmin)));
    if (!allowed) {
      return core::PermissionDenied(
          "only a supervisor or admin of the owning organization deletes an area of interest");
    }
    ISTMO_RETURN_IF_ERROR(tx.Exec("DELETE FROM maritime_zone_events WHERE zone_id = ?", {z.id}));
    ISTMO_RETURN_IF_ERROR(tx.Exec("DELETE FROM maritime_zones WHERE id = ?", {z.id}));
    const std::string detail = nlohmann::json{{"name", z.name}}.dump();
    ISTMO_RETURN_IF_ERROR(store::RecordChange(tx, scope,
                                              {.action = "maritime.zone.delete",
                                               .object_type = "maritime_zone",
                                               .object_id = z.id,
                                               .detail = detail,
                                               .body = nlohmann::json{{"id", z.id}}.dump()},
                                              now));
    return core::Ok();
  });
}

core::Result<std::vector<ZoneEvent>> ReadZoneEvents(store::Store& store,
                                                    const store::AccessScope& scope,
                                                    std::string_view zone_id, std::int64_t from_us,
                                                    std::int64_t to_us, std::size_t limit) {
  return store.Read<std::vector<ZoneEvent>>(
      [&](store::Connection& c) -> core::Result<std::vector<ZoneEvent>> {
        ISTMO_ASSIGN_OR_RETURN(bool visible, ZoneVisible(c, scope, zone_id));
        if (!visible) {
          return core::NotFound("no zone " + std::string(zone_id.substr(0, 40)), "id");
        }
        ISTMO_ASSIGN_OR_RETURN(
            auto rows,
            c.Query("SELECT zone_id, mmsi, t, kind, lat, lon FROM maritime_zone_events WHERE "
                    "zone_id = ? AND t >= ? AND t <= ? ORDER BY t, mmsi, kind DESC LIMIT ?",
                    {std::string(zone_id), from_us, to_us, static_cast<std::int64_t>(limit)}));
        return EventsOf(rows);
      });
}

core::Result<std::vector<ZoneEvent>> ReadVesselZoneEvents(store::Store& store,
                                                          const store::AccessScope& scope,
                                                          std::uint32_t mmsi, std::int64_t from_us,
                                                          std::int64_t to_us, std::size_t limit) {
  // Events of areas of interest the scope cannot see are left out: the filter is the store's
  // releasability query (VisibleAreasOfInterest), applied before the limit.
  ISTMO_ASSIGN_OR_RETURN(auto aois, VisibleAreasOfInterest(store, scope));
  std::vector<std::string> visible;
  for (const Zone& z : BuiltinZones()) visible.push_back(z.id);
  for (const Zone& z : aois) visible.push_back(z.id);
  std::string in = "?";
  store::Params params{std::int64_t{mmsi}, from_us, to_us};
  for (std::size_t i = 0; i < visible.size(); ++i) {
    if (i > 0) in += ", ?";
    params.push_back(visible[i]);
  }
  params.push_back(static_cast<std::int64_t>(limit));
  return store.Read<std::vector<ZoneEvent>>(
      [&](store::Connection& c) -> core::Result<std::vector<ZoneEvent>> {
        ISTMO_ASSIGN_OR_RETURN(
            auto rows,
            c.Query("SELECT zone_id, mmsi, t, kind, lat, lon FROM maritime_zone_events WHERE "
                    "mmsi = ? AND t >= ? AND t <= ? AND zone_id IN (" +
                        in + ") ORDER BY t, kind DESC, zone_id LIMIT ?",
                    params));
        return EventsOf(rows);
      });
}

}  // namespace istmo::maritime

// maritime/zones.h — maritime zones: the reference zones shipped in data/geo (EEZ, territorial
// sea, contiguous zone, canal, anchorages, ports) and the areas of interest users upload, a fast
// point-in-zone index, and each vessel's entry and exit events.
//
// A zone is one or more polygons (WGS 84 lon/lat, outer ring then holes) with an id, a name and
// a kind. Built-in zones are compiled in from data/geo (data/geo/SOURCES.md, whose attribution
// each carries in `source`); areas of interest (kind aoi) are records in the store with an
// owning organization and a releasability, like any record (docs/maritime.md).
//
// The index (ZoneIndex) is a grid over the zones' extent. At build time GEOS prepared geometries
// sort each cell, per zone, into "wholly inside", "on the boundary" or nothing; a point in an
// inside cell is in the zone at once, and a point in a boundary cell is tested by its crossing
// number against the zone's edges of that grid row only. A query is a few array reads for the
// ocean and a few dozen edge tests near a coast: never a scan of every zone or vertex.
//
// Entry and exit events: Zones::Observe compares a vessel's zones at each plausible position
// with those of its previous position. Events are keyed (zone, mmsi, t, kind) and stored with the
// Ingestor's batch, so a replayed log gives the same events. After a restart a vessel's zones
// resume from its last stored position (the state LoadPicture restores), which is where the
// batches committed before the restart left them.
//
// Thread-safety: ZoneIndex is immutable. Zones is thread-safe (one mutex); Reload swaps in a new
// index while ingest goes on.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/result.h"
#include "core/time.h"
#include "maritime/internal/mmsi_map.h"
#include "store/scope.h"
#include "store/store.h"

namespace istmo::maritime {

enum class ZoneKind : std::uint8_t {
  kEez,
  kTerritorialSea,
  kContiguousZone,
  kCanal,  // channels, locks and their moorings
  kAnchorage,
  kPort,
  kAoi,  // an area of interest, uploaded or drawn by a user
};
std::string_view ZoneKindName(ZoneKind kind);  // "eez", "territorial_sea", ...
std::optional<ZoneKind> ParseZoneKind(std::string_view name);

struct LonLat {
  double lon = 0, lat = 0;
  bool operator==(const LonLat&) const = default;
};
// A closed ring: first point == last point, at least four points.
using ZoneRing = std::vector<LonLat>;
// rings[0] is the outer ring, the others are holes.
struct ZonePolygon {
  std::vector<ZoneRing> rings;
  bool operator==(const ZonePolygon&) const = default;
};

struct Zone {
  std::string id;
  std::string name;
  ZoneKind kind = ZoneKind::kAoi;
  std::vector<ZonePolygon> polygons;
  std::string source;  // built-in: where it comes from and its attribution (data/geo/SOURCES.md)
  // Areas of interest only: the record's owner and releasability, who made it and when.
  std::string owner_org;
  std::vector<std::string> releasability;
  std::string created_by;
  std::int64_t created_us = 0;

  bool builtin() const { return kind != ZoneKind::kAoi; }
};

// Limits of an uploaded zone file; larger files are refused with kInvalidArgument naming the
// limit (the HTTP body itself is capped by the route, docs/api.md).
struct ZoneFileLimits {
  std::size_t max_zones = 200;
  std::size_t max_vertices = 100000;  // over every ring of every zone
  std::size_t max_name_bytes = 200;
};

// Parses an uploaded GeoJSON text (RFC 7946): a FeatureCollection, a Feature, or a bare Polygon
// or MultiPolygon. Each feature with a Polygon or MultiPolygon geometry is one zone of kind
// aoi, named by its "name" property (else "Area N"). Features of another geometry type are an
// error, not skipped: an upload is taken whole or not at all. Every zone is validated
// (ValidateZone). kInvalidArgument with a message naming the feature and the problem and `field`
// a JSON pointer ("/features/3/geometry/coordinates/0").
core::Result<std::vector<Zone>> ParseZonesGeoJson(std::string_view text,
                                                  const ZoneFileLimits& limits = {});
// Parses an uploaded KML 2.2 text: each Placemark with a Polygon (or a MultiGeometry of
// Polygons) is one zone, named by its <name>; the outerBoundaryIs and innerBoundaryIs
// LinearRings' <coordinates> ("lon,lat[,alt]" tuples) are its rings. Errors as above, `field`
// naming the Placemark ("Placemark 2") and `line` the line of the input.
core::Result<std::vector<Zone>> ParseZonesKml(std::string_view text,
                                              const ZoneFileLimits& limits = {});
// GeoJSON when the text starts with '{', KML when it starts with '<' (after blanks and a BOM);
// anything else is kInvalidArgument "not GeoJSON or KML".
core::Result<std::vector<Zone>> ParseZoneFile(std::string_view text,
                                              const ZoneFileLimits& limits = {});

// Checks a zone's geometry: finite coordinates within ±180°/±90°, closed rings of at least four
// points, and OGC validity as GEOS judges it (no self-intersection, holes inside their shell,
// ...). kInvalidArgument with GEOS's reason and the point where it is ("Self-intersection at
// (-79.5, 8.9)").
core::Status ValidateZone(const Zone& zone);

// The built-in zones from data/geo (compiled in), in file order.
const std::vector<Zone>& BuiltinZones();
// The attribution lines the map must show for the built-in zones (Marine Regions' CC BY 4.0
// notice, OpenStreetMap's ODbL notice, the canal polygons' MIT notice).
const std::vector<std::string>& ZoneAttributions();

// The zones a point lies in. Immutable once built.
class ZoneIndex {
 public:
  // `zones` must be valid (ValidateZone). The grid's cell is 0.05° (about 3 nm), coarser when
  // the zones' extent would need more than about 260,000 cells.
  static std::shared_ptr<const ZoneIndex> Build(std::vector<Zone> zones);
  ~ZoneIndex();

  const std::vector<Zone>& zones() const { return zones_; }
  // Appends to `out` the index (in zones()) of every zone containing the point, ascending.
  // A point on a boundary may go either way.
  void Find(double lat, double lon, std::vector<std::uint32_t>& out) const;
  // The grid cell of a point: a number below cells(), or cells() for every point outside the
  // grid (in no zone).
  std::uint32_t CellOf(double lat, double lon) const;
  // Whether every point of the cell lies in the same zones: no zone's boundary crosses it
  // (the cell outside the grid included). Such a cell answers Find without an edge test.
  bool Uniform(std::uint32_t cell) const;
  // Cells of the grid and (cell, zone) entries: the index's size, for docs/perf.md.
  std::size_t cells() const { return cell_start_.empty() ? 0 : cell_start_.size() - 1; }
  std::size_t entries() const { return cell_items_.size(); }

 private:
  struct Edge {
    double x1, y1, x2, y2;
  };
  struct ZoneEdges {
    std::int32_t row0 = 0;                // the grid row of rows[0]
    std::vector<std::vector<Edge>> rows;  // the zone's edges crossing each grid row
  };
  ZoneIndex() = default;
  bool InBoundaryCell(std::uint32_t zone, std::int32_t row, double lat, double lon) const;

  std::vector<Zone> zones_;
  std::vector<ZoneEdges> edges_;
  double west_ = 0, south_ = 0, cell_deg_ = 1;
  std::int32_t cols_ = 0, rows_ = 0;
  std::vector<std::uint32_t> cell_start_;  // CSR: cell -> [start, next start) in cell_items_
  std::vector<std::uint32_t> cell_items_;  // zone << 1 | 1 when the cell is wholly inside
};

// One entry into or exit from a zone.
struct ZoneEvent {
  std::string zone_id;
  std::uint32_t mmsi = 0;
  std::int64_t t_us = 0;
  bool enter = true;
  std::int32_t lat = 0, lon = 0;  // the position that decided it, 1/10 000 minute
  bool operator==(const ZoneEvent&) const = default;
};

// The process's zones: the built-in ones, the areas of interest in the store, their index and
// where each vessel is.
class Zones {
 public:
  // Built-in zones plus `extra` (tests; areas of interest come from Reload).
  explicit Zones(std::vector<Zone> extra = {});
  Zones(const Zones&) = delete;
  Zones& operator=(const Zones&) = delete;

  // Rebuilds the index from the built-in zones and every area of interest in the store.
  core::Status Reload(store::Store& store);
  std::shared_ptr<const ZoneIndex> index() const;

  // A vessel reported a plausible position (raw units) at t_us. `previous` is its last stored
  // position, used when this process has not seen the vessel yet (after a restart). Appends the
  // entries and exits to `out`, exits first, each in zone order. `hint`, when given, is where
  // the caller keeps a number Observe sets for this vessel (Vessel::zone_hint): with it the
  // vessel's zones are found without a lookup by MMSI (a cache miss a report). A stale or
  // foreign hint is detected and replaced.
  void Observe(std::uint32_t mmsi, std::int64_t t_us, std::int32_t lat, std::int32_t lon,
               std::optional<std::pair<std::int32_t, std::int32_t>> previous,
               std::vector<ZoneEvent>& out, std::uint32_t* hint = nullptr);
  // The ids of the zones the vessel is in now (as observed), for the vessel's card.
  std::vector<std::string> ZonesOf(std::uint32_t mmsi) const;

 private:
  std::uint32_t SerialOf(const std::string& id);  // lock held

  std::vector<Zone> fixed_;
  mutable std::mutex mutex_;
  std::shared_ptr<const ZoneIndex> index_;
  std::vector<std::uint32_t> serial_of_index_;  // index position -> stable serial
  std::unordered_map<std::string, std::uint32_t> serial_of_id_;
  std::unordered_map<std::uint32_t, std::string> id_of_serial_;
  // MMSI -> index in membership_: the serials of its zones, ascending; present (maybe empty)
  // once observed. Open addressing: this is a lookup per report (internal/mmsi_map.h).
  // `cell`: the index's grid cell of its last position (kNoCell after a Reload): a vessel
  // still in the same uniform cell is still in the same zones, with no Find (most reports).
  static constexpr std::uint32_t kNoCell = 0xFFFFFFFF;
  struct Membership {
    std::uint32_t mmsi = 0;
    std::uint32_t cell = kNoCell;
    std::vector<std::uint32_t> serials;
  };
  internal::MmsiMap membership_of_;
  std::vector<Membership> membership_;
  std::vector<std::uint32_t> scratch_, now_;
};

// ---- Areas of interest in the store ----

// Stores `zones` (parsed, kind aoi) as areas of interest owned by the scope's organization with
// `releasability` (store::NormalizeReleasability's targets), in one transaction with one audit
// entry and outbox event per zone ("maritime.zone.create"). All or nothing. Returns them with
// their new ids.
core::Result<std::vector<Zone>> CreateAreasOfInterest(store::Store& store,
                                                      const store::AccessScope& scope,
                                                      std::vector<Zone> zones,
                                                      const std::vector<std::string>& releasability,
                                                      core::Timestamp now);
// The areas of interest the scope may see, oldest first.
core::Result<std::vector<Zone>> VisibleAreasOfInterest(store::Store& store,
                                                       const store::AccessScope& scope);
// Deletes an area of interest and its events ("maritime.zone.delete"). kNotFound when the scope
// cannot see it (or it is a built-in zone: those are not deleted), kPermissionDenied unless the
// scope is a supervisor or admin of the owning organization (or the system).
core::Status DeleteAreaOfInterest(store::Store& store, const store::AccessScope& scope,
                                  std::string_view id, core::Timestamp now);

// The maritime module's zone tables (migration "maritime" 2); Migrations() (ingest.h) lists them.
std::vector<store::Migration> ZoneMigrations();

// Stored events with from_us <= t <= to_us, oldest first (an exit before an entry at the same
// time), at most `limit`. A zone's: kNotFound when the scope cannot see the zone. A vessel's:
// only events of zones the scope can see (built-in, or areas of interest released to it).
core::Result<std::vector<ZoneEvent>> ReadZoneEvents(store::Store& store,
                                                    const store::AccessScope& scope,
                                                    std::string_view zone_id, std::int64_t from_us,
                                                    std::int64_t to_us, std::size_t limit);
core::Result<std::vector<ZoneEvent>> ReadVesselZoneEvents(store::Store& store,
                                                          const store::AccessScope& scope,
                                                          std::uint32_t mmsi, std::int64_t from_us,
                                                          std::int64_t to_us, std::size_t limit);

}  // namespace istmo::maritime

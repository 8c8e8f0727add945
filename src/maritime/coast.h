// maritime/coast.h — the land and coastline of the region the product covers (Natural Earth
// 1:10m Land, 86°W–75°W × 3°N–13°N: Panama with the coasts of Colombia, Costa Rica and southern
// Nicaragua; data/geo/region_land.geojson, compiled in), answering "on land?", "how far from
// the coast?" and "how far ahead along this course is the coast?" for the detectors.
//
// The cost is paid once, at build: a raster of 0.01° cells (about 0.6 nm) over the region sorts
// each cell into sea, land or "crossed by an edge" (a scanline over the cells' centres), and a
// nearest-coast-edge field propagated over the raster (two raster passes, every cell taking the
// best edge of its neighbours) gives each cell the coast edge nearest its centre. A lookup is then
// O(1): a cell read and one point-to-segment distance, or, in the cells crossed by an edge and
// those within kExactBandNm of the coast, a crossing-number test from the cell's centre against
// that cell's edges only and the distance to the few edges that can be nearest anywhere in the
// cell. No lookup scans the coastline.
//
// Accuracy: on land and the distance are exact against the 1:10m coastline (itself generalised
// to about 1 km) within kExactBandNm of the coast (the distance to 1e-4 of itself: the degree of
// longitude is the cell row's); farther out the distance is to the edge
// nearest the cell's centre, at most one cell diagonal (0.85 nm) above the true distance, and
// exact whenever the point and the centre share their nearest edge (nearly always). Distances
// are planar on the local plane of the query point (x = lon·cos lat), within 1 % of the great
// circle over the region at 100 nm. Edges the clip drew along the region's box are not coast:
// near the box's edge the nearest coast may lie outside the region, and the distance is then to
// the nearest coast inside it.
//
// Thread-safety: immutable once built; Builtin() is built once, on first use (~0.2 s).
#pragma once

#include <cstdint>
#include <limits>
#include <memory>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace istmo::maritime {

class Coastline {
 public:
  static constexpr double kFar = std::numeric_limits<double>::infinity();
  // Within this distance of the coast a distance is exact (the cell keeps its candidate edges).
  static constexpr double kExactBandNm = 3;

  // From a GeoJSON Feature (or FeatureCollection of one) whose geometry is a (Multi)Polygon of
  // land and whose "bbox" property [west, south, east, north] is the box it was clipped to.
  static core::Result<std::unique_ptr<const Coastline>> Build(std::string_view geojson,
                                                              double cell_deg = 0.01);
  // data/geo/region_land.geojson, compiled in.
  static const Coastline& Builtin();
  ~Coastline();

  // Whether the point is inside the region's box (outside it nothing is known).
  bool Covers(double lat, double lon) const;
  // All three at once, for one lookup of the cell (what ZoneGeography asks per report).
  struct Answer {
    bool covered = false;
    bool on_land = false;
    double shore_nm = kFar;
  };
  Answer At(double lat, double lon) const;
  // Even-odd rule against the land polygons; false outside the region.
  bool OnLand(double lat, double lon) const;
  // Nautical miles to the nearest coast: 0 on land, kFar outside the region.
  double ShoreDistanceNm(double lat, double lon) const;
  // Nautical miles along the course (degrees clockwise from north, as a rhumb line on the
  // lon/lat plane) to the first coast it crosses, if one is within `max_nm`; kFar otherwise,
  // and outside the region. 0 on land.
  double CoastAheadNm(double lat, double lon, double course_deg, double max_nm) const;

  // Sizes, for tests and docs/perf.md.
  std::size_t edges() const { return edges_.size(); }
  std::size_t cells() const { return kind_.size(); }
  std::size_t exact_cells() const { return slot_start_.empty() ? 0 : slot_start_.size() - 1; }
  std::size_t candidates() const { return candidates_.size(); }

 private:
  struct Edge {
    double x1, y1, x2, y2;  // lon, lat
    bool coast;             // false for the clip's edges along the region's box
  };
  Coastline() = default;
  std::int64_t CellOf(double lat, double lon) const;
  bool OnLandIn(std::int64_t cell, double lat, double lon) const;
  double SeaDistanceIn(std::int64_t cell, double lat, double lon) const;

  std::vector<Edge> edges_;
  double west_ = 0, south_ = 0, east_ = 0, north_ = 0, cell_deg_ = 0.01;
  std::int32_t cols_ = 0, rows_ = 0;
  // Nautical miles per degree of longitude at each row's centre: within 3e-5 of the point's own
  // anywhere in the row, and no cosine per lookup.
  std::vector<double> kx_of_row_;
  // Per cell: bit 0 the centre is on land, bit 1 an edge crosses the cell, bit 2 the cell has a
  // slot (crossed or within kExactBandNm).
  std::vector<std::uint8_t> kind_;
  // Per cell: the slot when bit 2 is set, else the coast edge nearest the centre (kNone: none).
  std::vector<std::uint32_t> ref_;
  // Per slot: [slot_start_[s], slot_start_[s + 1]) in crossing_ and cand_start_ likewise in
  // candidates_.
  std::vector<std::uint32_t> slot_start_, crossing_, cand_start_, candidates_;
};

}  // namespace istmo::maritime

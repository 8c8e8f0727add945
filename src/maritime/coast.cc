// maritime/coast.cc — the land raster and coastline (coast.h).
#include "maritime/coast.h"

#include <algorithm>
#include <cstdlib>
#include <limits>
#include <cmath>
#include <numbers>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "maritime/internal/coast_data.h"

namespace istmo::maritime {

namespace {

using nlohmann::json;

constexpr std::uint32_t kNone = 0xffffffff;
constexpr std::uint8_t kCentreOnLand = 1, kCrossed = 2, kSlot = 4;
constexpr double kNmPerDegreeLat = 60;  // a minute of latitude is a nautical mile

double NmPerDegreeLon(double lat) { return kNmPerDegreeLat * std::cos(lat * std::numbers::pi / 180); }

// Distance from the origin to the segment (a, b), on a plane in nautical miles.
double SegmentDistance(double ax, double ay, double bx, double by) {
  const double dx = bx - ax, dy = by - ay;
  const double len2 = dx * dx + dy * dy;
  double t = len2 > 0 ? -(ax * dx + ay * dy) / len2 : 0;
  t = std::clamp(t, 0.0, 1.0);
  const double x = ax + t * dx, y = ay + t * dy;
  return std::sqrt(x * x + y * y);
}

double Orient(double ax, double ay, double bx, double by, double cx, double cy) {
  return (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
}

// Whether segments (p1, p2) and (p3, p4) cross, with a zero orientation taken as negative on
// both: a segment through a shared vertex then crosses one of its two edges when they lie on
// either side of it and none or both when they lie on one side, as the even-odd rule needs.
bool Crosses(double x1, double y1, double x2, double y2, double x3, double y3, double x4,
             double y4) {
  return (Orient(x3, y3, x4, y4, x1, y1) > 0) != (Orient(x3, y3, x4, y4, x2, y2) > 0) &&
         (Orient(x1, y1, x2, y2, x3, y3) > 0) != (Orient(x1, y1, x2, y2, x4, y4) > 0);
}

// Whether the segment touches the closed box (Liang–Barsky).
bool SegmentTouchesBox(double x1, double y1, double x2, double y2, double west, double south,
                       double east, double north) {
  double t0 = 0, t1 = 1;
  const double dx = x2 - x1, dy = y2 - y1;
  const double p[4] = {-dx, dx, -dy, dy};
  const double q[4] = {x1 - west, east - x1, y1 - south, north - y1};
  for (int i = 0; i < 4; ++i) {
    if (p[i] == 0) {
      if (q[i] < 0) return false;
      continue;
    }
    const double r = q[i] / p[i];
    if (p[i] < 0) {
      t0 = std::max(t0, r);
    } else {
      t1 = std::min(t1, r);
    }
    if (t0 > t1) return false;
  }
  return true;
}

}  // namespace

Coastline::~Coastline() = default;

std::int64_t Coastline::CellOf(double lat, double lon) const {
  if (!(lon >= west_ && lon <= east_ && lat >= south_ && lat <= north_)) return -1;
  const auto col = std::min(static_cast<std::int32_t>((lon - west_) / cell_deg_), cols_ - 1);
  const auto row = std::min(static_cast<std::int32_t>((lat - south_) / cell_deg_), rows_ - 1);
  return static_cast<std::int64_t>(row) * cols_ + col;
}

bool Coastline::Covers(double lat, double lon) const { return CellOf(lat, lon) >= 0; }

bool Coastline::OnLandIn(std::int64_t cell, double lat, double lon) const {
  const std::uint8_t kind = kind_[cell];
  bool land = (kind & kCentreOnLand) != 0;
  if ((kind & kCrossed) == 0) return land;
  // From the centre, whose side is known, to the point: each edge crossed flips the side.
  const auto row = static_cast<double>(cell / cols_), col = static_cast<double>(cell % cols_);
  const double cx = west_ + (col + 0.5) * cell_deg_, cy = south_ + (row + 0.5) * cell_deg_;
  const std::uint32_t slot = ref_[cell];
  for (std::uint32_t i = slot_start_[slot]; i < slot_start_[slot + 1]; ++i) {
    const Edge& e = edges_[crossing_[i]];
    if (Crosses(cx, cy, lon, lat, e.x1, e.y1, e.x2, e.y2)) land = !land;
  }
  return land;
}

double Coastline::SeaDistanceIn(std::int64_t cell, double lat, double lon) const {
  const double kx = kx_of_row_[cell / cols_];
  const auto distance = [&](const Edge& e) {
    return SegmentDistance((e.x1 - lon) * kx, (e.y1 - lat) * kNmPerDegreeLat, (e.x2 - lon) * kx,
                           (e.y2 - lat) * kNmPerDegreeLat);
  };
  const std::uint32_t ref = ref_[cell];
  if ((kind_[cell] & kSlot) == 0) return ref == kNone ? kFar : distance(edges_[ref]);
  double best = kFar;
  for (std::uint32_t i = cand_start_[ref]; i < cand_start_[ref + 1]; ++i) {
    best = std::min(best, distance(edges_[candidates_[i]]));
  }
  return best;
}

bool Coastline::OnLand(double lat, double lon) const {
  const std::int64_t cell = CellOf(lat, lon);
  return cell >= 0 && OnLandIn(cell, lat, lon);
}

double Coastline::ShoreDistanceNm(double lat, double lon) const {
  const std::int64_t cell = CellOf(lat, lon);
  if (cell < 0) return kFar;
  return OnLandIn(cell, lat, lon) ? 0 : SeaDistanceIn(cell, lat, lon);
}

Coastline::Answer Coastline::At(double lat, double lon) const {
  const std::int64_t cell = CellOf(lat, lon);
  if (cell < 0) return {};
  if (OnLandIn(cell, lat, lon)) return {.covered = true, .on_land = true, .shore_nm = 0};
  return {.covered = true, .on_land = false, .shore_nm = SeaDistanceIn(cell, lat, lon)};
}

double Coastline::CoastAheadNm(double lat, double lon, double course_deg, double max_nm) const {
  if (!Covers(lat, lon)) return kFar;
  if (OnLand(lat, lon)) return 0;
  const double theta = course_deg * std::numbers::pi / 180;
  const double end_lon = lon + max_nm * std::sin(theta) / NmPerDegreeLon(lat);
  const double end_lat = lat + max_nm * std::cos(theta) / kNmPerDegreeLat;
  // The cells the course passes, in order (Amanatides–Woo), in grid units.
  const double gx = (lon - west_) / cell_deg_, gy = (lat - south_) / cell_deg_;
  const double dx = (end_lon - lon) / cell_deg_, dy = (end_lat - lat) / cell_deg_;
  auto cx = std::min(static_cast<std::int32_t>(gx), cols_ - 1);
  auto cy = std::min(static_cast<std::int32_t>(gy), rows_ - 1);
  const int step_x = dx > 0 ? 1 : -1, step_y = dy > 0 ? 1 : -1;
  const double inf = std::numeric_limits<double>::infinity();
  const double delta_x = dx != 0 ? std::abs(1 / dx) : inf, delta_y = dy != 0 ? std::abs(1 / dy) : inf;
  double next_x = dx > 0 ? (cx + 1 - gx) * delta_x : dx < 0 ? (gx - cx) * delta_x : inf;
  double next_y = dy > 0 ? (cy + 1 - gy) * delta_y : dy < 0 ? (gy - cy) * delta_y : inf;
  double best = inf;  // fraction of the course line to the first crossing found
  double entered = 0;
  while (entered <= std::min(best, 1.0)) {
    const std::int64_t cell = static_cast<std::int64_t>(cy) * cols_ + cx;
    if ((kind_[cell] & kCrossed) != 0) {
      const std::uint32_t slot = ref_[cell];
      for (std::uint32_t i = slot_start_[slot]; i < slot_start_[slot + 1]; ++i) {
        const Edge& e = edges_[crossing_[i]];
        if (!e.coast || !Crosses(lon, lat, end_lon, end_lat, e.x1, e.y1, e.x2, e.y2)) continue;
        // Where the course meets the edge, as a fraction of the course line.
        const double ex = e.x2 - e.x1, ey = e.y2 - e.y1;
        const double den = (end_lon - lon) * ey - (end_lat - lat) * ex;
        if (den == 0) continue;
        best = std::min(best, ((e.x1 - lon) * ey - (e.y1 - lat) * ex) / den);
      }
    }
    if (next_x < next_y) {
      entered = next_x;
      next_x += delta_x;
      cx += step_x;
    } else {
      entered = next_y;
      next_y += delta_y;
      cy += step_y;
    }
    if (cx < 0 || cy < 0 || cx >= cols_ || cy >= rows_) break;
  }
  return best <= 1 ? std::max(best, 0.0) * max_nm : kFar;
}

core::Result<std::unique_ptr<const Coastline>> Coastline::Build(std::string_view text,
                                                                double cell_deg) {
  const json doc = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object()) return core::InvalidArgument("land: not JSON", "");
  const json* feature = &doc;
  if (doc.value("type", "") == "FeatureCollection") {
    if (!doc.contains("features") || doc["features"].size() != 1) {
      return core::InvalidArgument("land: one feature expected", "/features");
    }
    feature = &doc["features"][0];
  }
  const json* bbox = nullptr;
  if (feature->contains("properties") && (*feature)["properties"].contains("bbox")) {
    bbox = &(*feature)["properties"]["bbox"];
  }
  if (bbox == nullptr || !bbox->is_array() || bbox->size() != 4) {
    return core::InvalidArgument("land: properties.bbox [west, south, east, north] expected",
                                 "/properties/bbox");
  }
  const json& geometry = (*feature)["geometry"];
  const std::string type = geometry.value("type", "");
  if (type != "Polygon" && type != "MultiPolygon") {
    return core::InvalidArgument("land: a Polygon or MultiPolygon expected", "/geometry/type");
  }
  std::unique_ptr<Coastline> c(new Coastline());
  c->west_ = (*bbox)[0].get<double>(), c->south_ = (*bbox)[1].get<double>();
  c->east_ = (*bbox)[2].get<double>(), c->north_ = (*bbox)[3].get<double>();
  c->cell_deg_ = cell_deg;
  c->cols_ = static_cast<std::int32_t>(std::lround((c->east_ - c->west_) / cell_deg));
  c->rows_ = static_cast<std::int32_t>(std::lround((c->north_ - c->south_) / cell_deg));
  if (c->cols_ <= 0 || c->rows_ <= 0) return core::InvalidArgument("land: empty bbox", "/properties/bbox");
  const auto on_box = [&](double x1, double y1, double x2, double y2) {
    return (x1 == x2 && (x1 == c->west_ || x1 == c->east_)) ||
           (y1 == y2 && (y1 == c->south_ || y1 == c->north_));
  };
  const auto add_polygon = [&](const json& rings) {
    for (const json& ring : rings) {
      for (std::size_t i = 0; i + 1 < ring.size(); ++i) {
        const double x1 = ring[i][0].get<double>(), y1 = ring[i][1].get<double>();
        const double x2 = ring[i + 1][0].get<double>(), y2 = ring[i + 1][1].get<double>();
        if (x1 == x2 && y1 == y2) continue;
        c->edges_.push_back({x1, y1, x2, y2, !on_box(x1, y1, x2, y2)});
      }
    }
  };
  if (type == "Polygon") {
    add_polygon(geometry["coordinates"]);
  } else {
    for (const json& polygon : geometry["coordinates"]) add_polygon(polygon);
  }

  const std::int64_t ncells = static_cast<std::int64_t>(c->cols_) * c->rows_;
  c->kind_.assign(ncells, 0);
  c->ref_.assign(ncells, kNone);
  const double cd = cell_deg;
  const auto col_of = [&](double x) {
    return std::clamp(static_cast<std::int32_t>(std::floor((x - c->west_) / cd)), 0, c->cols_ - 1);
  };
  const auto row_of = [&](double y) {
    return std::clamp(static_cast<std::int32_t>(std::floor((y - c->south_) / cd)), 0, c->rows_ - 1);
  };

  // Cells crossed by each edge, and the edges crossing each row's centre line.
  std::vector<std::pair<std::int64_t, std::uint32_t>> crossed;
  std::vector<std::vector<double>> row_x(c->rows_);
  for (std::uint32_t i = 0; i < c->edges_.size(); ++i) {
    const Edge& e = c->edges_[i];
    const std::int32_t c0 = col_of(std::min(e.x1, e.x2)), c1 = col_of(std::max(e.x1, e.x2));
    const std::int32_t r0 = row_of(std::min(e.y1, e.y2)), r1 = row_of(std::max(e.y1, e.y2));
    for (std::int32_t r = r0; r <= r1; ++r) {
      const double south = c->south_ + r * cd;
      const double y = south + cd / 2;
      if ((e.y1 > y) != (e.y2 > y)) row_x[r].push_back(e.x1 + (y - e.y1) * (e.x2 - e.x1) / (e.y2 - e.y1));
      for (std::int32_t col = c0; col <= c1; ++col) {
        const double west = c->west_ + col * cd;
        if (SegmentTouchesBox(e.x1, e.y1, e.x2, e.y2, west, south, west + cd, south + cd)) {
          crossed.emplace_back(static_cast<std::int64_t>(r) * c->cols_ + col, i);
        }
      }
    }
  }
  // Which cells' centres are on land: a scanline per row (even-odd rule).
  for (std::int32_t r = 0; r < c->rows_; ++r) {
    std::vector<double>& xs = row_x[r];
    std::sort(xs.begin(), xs.end());
    std::size_t k = 0;
    for (std::int32_t col = 0; col < c->cols_; ++col) {
      const double x = c->west_ + (col + 0.5) * cd;
      while (k < xs.size() && xs[k] < x) ++k;
      if (k % 2 == 1) c->kind_[static_cast<std::int64_t>(r) * c->cols_ + col] |= kCentreOnLand;
    }
  }
  std::sort(crossed.begin(), crossed.end());

  // The coast edge nearest each cell's centre: seeded in the crossed cells, then propagated
  // (8SSEDT's two passes, each cell trying its neighbours' edges).
  std::vector<float> dist(ncells, std::numeric_limits<float>::infinity());
  std::vector<double> kx_of_row(c->rows_);
  for (std::int32_t r = 0; r < c->rows_; ++r) kx_of_row[r] = NmPerDegreeLon(c->south_ + (r + 0.5) * cd);
  c->kx_of_row_ = kx_of_row;
  const auto centre_distance = [&](std::int64_t cell, std::uint32_t edge) {
    const auto r = static_cast<std::int32_t>(cell / c->cols_);
    const double x = c->west_ + (cell % c->cols_ + 0.5) * cd, y = c->south_ + (r + 0.5) * cd;
    const Edge& e = c->edges_[edge];
    const double kx = kx_of_row[r];
    return SegmentDistance((e.x1 - x) * kx, (e.y1 - y) * kNmPerDegreeLat, (e.x2 - x) * kx,
                           (e.y2 - y) * kNmPerDegreeLat);
  };
  for (const auto& [cell, edge] : crossed) {
    if (!c->edges_[edge].coast) continue;
    const double d = centre_distance(cell, edge);
    if (d < dist[cell]) dist[cell] = static_cast<float>(d), c->ref_[cell] = edge;
  }
  const auto try_from = [&](std::int64_t cell, std::int32_t r, std::int32_t col) {
    if (r < 0 || col < 0 || r >= c->rows_ || col >= c->cols_) return;
    const std::uint32_t edge = c->ref_[static_cast<std::int64_t>(r) * c->cols_ + col];
    if (edge == kNone || edge == c->ref_[cell]) return;
    const double d = centre_distance(cell, edge);
    if (d < dist[cell]) dist[cell] = static_cast<float>(d), c->ref_[cell] = edge;
  };
  for (std::int32_t r = 0; r < c->rows_; ++r) {
    for (std::int32_t col = 0; col < c->cols_; ++col) {
      const std::int64_t cell = static_cast<std::int64_t>(r) * c->cols_ + col;
      try_from(cell, r - 1, col - 1), try_from(cell, r - 1, col), try_from(cell, r - 1, col + 1);
      try_from(cell, r, col - 1);
    }
    for (std::int32_t col = c->cols_ - 1; col >= 0; --col) {
      try_from(static_cast<std::int64_t>(r) * c->cols_ + col, r, col + 1);
    }
  }
  for (std::int32_t r = c->rows_ - 1; r >= 0; --r) {
    for (std::int32_t col = c->cols_ - 1; col >= 0; --col) {
      const std::int64_t cell = static_cast<std::int64_t>(r) * c->cols_ + col;
      try_from(cell, r + 1, col + 1), try_from(cell, r + 1, col), try_from(cell, r + 1, col - 1);
      try_from(cell, r, col + 1);
    }
    for (std::int32_t col = 0; col < c->cols_; ++col) {
      try_from(static_cast<std::int64_t>(r) * c->cols_ + col, r, col - 1);
    }
  }

  // Slots: the crossed cells (their edges, for the land test) and every cell within the exact
  // band (the edges that can be nearest to some point of the cell: within the centre's distance
  // plus two half-diagonals of the centre, since the distance moves no faster than the point).
  std::vector<std::uint32_t> crossed_start(ncells + 1, 0);
  for (const auto& [cell, edge] : crossed) ++crossed_start[cell + 1];
  for (std::int64_t i = 0; i < ncells; ++i) crossed_start[i + 1] += crossed_start[i];
  const double half_diagonal = cd * kNmPerDegreeLat * std::numbers::sqrt2 / 2;
  std::vector<std::uint32_t> seen(c->edges_.size(), kNone);
  c->slot_start_.push_back(0);
  c->cand_start_.push_back(0);
  for (std::int64_t cell = 0; cell < ncells; ++cell) {
    const bool is_crossed = crossed_start[cell + 1] > crossed_start[cell];
    const bool near = dist[cell] <= kExactBandNm;
    if (!is_crossed && !near) continue;
    const auto slot = static_cast<std::uint32_t>(c->slot_start_.size() - 1);
    for (std::uint32_t i = crossed_start[cell]; i < crossed_start[cell + 1]; ++i) {
      c->crossing_.push_back(crossed[i].second);
    }
    if (is_crossed) c->kind_[cell] |= kCrossed;
    if (near) {
      const double radius = dist[cell] + 2 * half_diagonal + 1e-9;
      const auto r = static_cast<std::int32_t>(cell / c->cols_);
      const auto col = static_cast<std::int32_t>(cell % c->cols_);
      const auto kr = static_cast<std::int32_t>(std::ceil(radius / (cd * kNmPerDegreeLat)));
      const auto kc = static_cast<std::int32_t>(std::ceil(radius / (cd * kx_of_row[r])));
      for (std::int32_t rr = std::max(0, r - kr); rr <= std::min(c->rows_ - 1, r + kr); ++rr) {
        for (std::int32_t cc = std::max(0, col - kc); cc <= std::min(c->cols_ - 1, col + kc); ++cc) {
          const std::int64_t other = static_cast<std::int64_t>(rr) * c->cols_ + cc;
          for (std::uint32_t i = crossed_start[other]; i < crossed_start[other + 1]; ++i) {
            const std::uint32_t edge = crossed[i].second;
            if (!c->edges_[edge].coast || seen[edge] == slot) continue;
            seen[edge] = slot;
            if (centre_distance(cell, edge) <= radius) c->candidates_.push_back(edge);
          }
        }
      }
    } else if (c->ref_[cell] != kNone) {
      c->candidates_.push_back(c->ref_[cell]);
    }
    c->kind_[cell] |= kSlot;
    c->ref_[cell] = slot;
    c->slot_start_.push_back(static_cast<std::uint32_t>(c->crossing_.size()));
    c->cand_start_.push_back(static_cast<std::uint32_t>(c->candidates_.size()));
  }
  return std::unique_ptr<const Coastline>(std::move(c));
}

const Coastline& Coastline::Builtin() {
  static const std::unique_ptr<const Coastline> builtin = [] {
    auto built = Build(internal::BuiltinLandGeoJson());
    // The compiled-in file is checked by the tests: failing here is a build defect.
    if (!built.has_value()) std::abort();
    return std::move(built).value();
  }();
  return *builtin;
}

}  // namespace istmo::maritime

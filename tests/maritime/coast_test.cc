// The region's land and coastline (maritime/coast.h): known places around Panama, and the
// raster's answers against brute force over every edge of the compiled-in land (even-odd rule,
// distance to every coast edge, every edge crossed by a course).
#include "maritime/coast.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <random>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "maritime/detect.h"
#include "maritime/internal/coast_data.h"
#include "maritime/zones.h"

namespace istmo::maritime {
namespace {

constexpr double kWest = -86, kSouth = 3, kEast = -75, kNorth = 13;

struct Segment {
  double x1, y1, x2, y2;
  bool coast;
};

std::vector<Segment> AllEdges() {
  const auto doc = nlohmann::json::parse(internal::BuiltinLandGeoJson());
  std::vector<Segment> out;
  for (const auto& polygon : doc["features"][0]["geometry"]["coordinates"]) {
    for (const auto& ring : polygon) {
      for (std::size_t i = 0; i + 1 < ring.size(); ++i) {
        const double x1 = ring[i][0], y1 = ring[i][1], x2 = ring[i + 1][0], y2 = ring[i + 1][1];
        const bool on_box = (x1 == x2 && (x1 == kWest || x1 == kEast)) ||
                            (y1 == y2 && (y1 == kSouth || y1 == kNorth));
        out.push_back({x1, y1, x2, y2, !on_box});
      }
    }
  }
  return out;
}

bool BruteOnLand(const std::vector<Segment>& edges, double lat, double lon) {
  bool in = false;
  for (const Segment& e : edges) {
    if ((e.y1 > lat) != (e.y2 > lat) &&
        lon < e.x1 + (lat - e.y1) * (e.x2 - e.x1) / (e.y2 - e.y1)) {
      in = !in;
    }
  }
  return in;
}

double BruteShoreNm(const std::vector<Segment>& edges, double lat, double lon) {
  const double kx = 60 * std::cos(lat * std::numbers::pi / 180), ky = 60;
  double best = std::numeric_limits<double>::infinity();
  for (const Segment& e : edges) {
    if (!e.coast) continue;
    const double ax = (e.x1 - lon) * kx, ay = (e.y1 - lat) * ky;
    const double dx = (e.x2 - e.x1) * kx, dy = (e.y2 - e.y1) * ky;
    const double len2 = dx * dx + dy * dy;
    const double t = len2 > 0 ? std::clamp(-(ax * dx + ay * dy) / len2, 0.0, 1.0) : 0;
    best = std::min(best, std::hypot(ax + t * dx, ay + t * dy));
  }
  return best;
}

TEST(Coastline, KnownPlacesAroundPanama) {
  const Coastline& coast = Coastline::Builtin();
  // Panama City and the middle of the Azuero peninsula are ashore.
  EXPECT_TRUE(coast.OnLand(8.98, -79.52));
  EXPECT_EQ(coast.ShoreDistanceNm(8.98, -79.52), 0);
  EXPECT_TRUE(coast.OnLand(7.75, -80.60));
  // Turbo, on the Colombian shore of the Gulf of Urabá, is land; the gulf's water is not, and
  // its shores are a few miles away.
  EXPECT_TRUE(coast.OnLand(8.09, -76.73));
  EXPECT_FALSE(coast.OnLand(8.30, -76.85));
  EXPECT_LT(coast.ShoreDistanceNm(8.30, -76.85), 6);
  // One nautical mile east of Isla del Rey's easternmost point (-78.835388, 8.397852).
  const double lon = -78.835388 + 1 / (60 * std::cos(8.397852 * std::numbers::pi / 180));
  EXPECT_FALSE(coast.OnLand(8.397852, lon));
  EXPECT_NEAR(coast.ShoreDistanceNm(8.397852, lon), 0.97, 0.04);
  // The open Pacific south of Azuero is far from every coast; outside the region nothing is known.
  EXPECT_GT(coast.ShoreDistanceNm(5.0, -80.5), 60);
  EXPECT_FALSE(coast.Covers(2.0, -80.0));
  EXPECT_EQ(coast.ShoreDistanceNm(2.0, -80.0), Coastline::kFar);
  EXPECT_FALSE(coast.OnLand(2.0, -80.0));
}

TEST(Coastline, AgreesWithBruteForceOverEveryEdge) {
  const Coastline& coast = Coastline::Builtin();
  const std::vector<Segment> edges = AllEdges();
  ASSERT_EQ(coast.edges(), edges.size());
  std::mt19937_64 rng(14);
  // Half the points anywhere in the region, half within a few miles of a coast vertex.
  std::uniform_real_distribution<double> lat_of(kSouth, kNorth), lon_of(kWest, kEast);
  std::uniform_real_distribution<double> jitter(-0.08, 0.08);
  std::uniform_int_distribution<std::size_t> edge_of(0, edges.size() - 1);
  int land = 0, exact = 0;
  for (int i = 0; i < 6000; ++i) {
    double lat = 0, lon = 0;
    if (i % 2 == 0) {
      lat = lat_of(rng), lon = lon_of(rng);
    } else {
      const Segment& e = edges[edge_of(rng)];
      lat = std::clamp(e.y1 + jitter(rng), kSouth, kNorth - 1e-9);
      lon = std::clamp(e.x1 + jitter(rng), kWest, kEast - 1e-9);
    }
    const bool on_land = BruteOnLand(edges, lat, lon);
    ASSERT_EQ(coast.OnLand(lat, lon), on_land) << lat << ", " << lon;
    const double got = coast.ShoreDistanceNm(lat, lon);
    if (on_land) {
      ++land;
      EXPECT_EQ(got, 0);
      continue;
    }
    const double want = BruteShoreNm(edges, lat, lon);
    if (want < Coastline::kExactBandNm - 0.5) {
      ++exact;
      // The row's degree of longitude, not the point's: within 3e-5 of the true one.
      EXPECT_NEAR(got, want, 1e-4 * std::max(1.0, want)) << lat << ", " << lon;
    } else {
      // At most a cell's diagonal (0.85 nm at 0.01°) above the true distance.
      EXPECT_GE(got, want * (1 - 1e-4)) << lat << ", " << lon;
      EXPECT_LE(got, want * (1 + 1e-4) + 0.85) << lat << ", " << lon;
    }
  }
  EXPECT_GT(land, 500);
  EXPECT_GT(exact, 1000);
}

TEST(Coastline, CoastAheadAgreesWithBruteForce) {
  const Coastline& coast = Coastline::Builtin();
  const std::vector<Segment> edges = AllEdges();
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> lat_of(6.0, 10.0), lon_of(-83.0, -77.0), course(0, 360);
  int hits = 0;
  for (int i = 0; i < 3000; ++i) {
    const double lat = lat_of(rng), lon = lon_of(rng), c = course(rng);
    if (BruteOnLand(edges, lat, lon)) continue;
    const double max_nm = 60;
    const double theta = c * std::numbers::pi / 180;
    const double ex = lon + max_nm * std::sin(theta) / (60 * std::cos(lat * std::numbers::pi / 180));
    const double ey = lat + max_nm * std::cos(theta) / 60;
    double best = std::numeric_limits<double>::infinity();
    for (const Segment& e : edges) {
      if (!e.coast) continue;
      const double rx = ex - lon, ry = ey - lat, sx = e.x2 - e.x1, sy = e.y2 - e.y1;
      const double den = rx * sy - ry * sx;
      if (den == 0) continue;
      const double t = ((e.x1 - lon) * sy - (e.y1 - lat) * sx) / den;
      const double u = ((e.x1 - lon) * ry - (e.y1 - lat) * rx) / den;
      if (t >= 0 && t <= 1 && u >= 0 && u <= 1) best = std::min(best, t * max_nm);
    }
    const double got = coast.CoastAheadNm(lat, lon, c, max_nm);
    if (std::isinf(best)) {
      EXPECT_EQ(got, Coastline::kFar) << lat << ", " << lon << " course " << c;
    } else {
      ++hits;
      EXPECT_NEAR(got, best, 1e-6) << lat << ", " << lon << " course " << c;
    }
  }
  EXPECT_GT(hits, 300);
}

TEST(Coastline, ZoneGeographyUsesTheCoastline) {
  Geography geo = ZoneGeography(ZoneIndex::Build(BuiltinZones()), DetectorConfig{});
  const Place azuero = geo(7.75, -80.60);
  EXPECT_TRUE(azuero.on_land);
  EXPECT_EQ(azuero.shore_distance_nm, 0);
  // The canal's waters near Gamboa are land at 1:10m (no lakes): within 5 km of the canal's
  // zones no position is on land.
  EXPECT_TRUE(Coastline::Builtin().OnLand(9.07, -79.67));
  EXPECT_FALSE(geo(9.07, -79.67).on_land);
  const Place gulf = geo(8.30, -76.85);
  EXPECT_FALSE(gulf.on_land);
  EXPECT_LT(gulf.shore_distance_nm, 6);
  EXPECT_EQ(gulf.coastline, &Coastline::Builtin());
  // West of the region the belts' bound stands and there is no coastline.
  const Place west = geo(7.0, -87.0);
  EXPECT_EQ(west.coastline, nullptr);
  EXPECT_FALSE(west.on_land);
}

}  // namespace
}  // namespace istmo::maritime

// Derives Panama's 24 nm contiguous zone (UNCLOS art. 33) from the shipped territorial sea and
// EEZ, with GEOS. One-off build tool; its output is committed as
// data/geo/panama_contiguous_zone.geojson (the command is in data/geo/SOURCES.md).
//
// Method: the territorial sea polygon (land + 12 nm from the baselines, OpenStreetMap) is
// buffered by a further 12 nm, which in the plane is the set of points within 24 nm of the
// baselines (a Minkowski sum of two discs is the disc of the summed radius). The buffer is taken
// in an equirectangular projection centred on 8.5°N (x = lon * cos 8.5°, y = lat, in degrees of
// latitude; 12 nm = 0.2°), whose scale error over Panama's waters (5°N to 12.5°N) is below 1%.
// The result is clipped to the EEZ (the contiguous zone never extends past it) and the territorial
// sea is subtracted: what remains is the band between 12 and 24 nm.
//
// Build and run (from the project root):
//   g++ -std=c++20 -O2 tools/geo/derive_contiguous_zone.cc -lgeos_c -o /tmp/derive_cz
//   /tmp/derive_cz data/geo/panama_territorial_sea.geojson data/geo/panama_eez.geojson \
//       > data/geo/panama_contiguous_zone.geojson
#include <geos_c.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

namespace {

constexpr double kLat0Deg = 8.5;
constexpr double kBufferDeg = 12.0 / 60.0;  // 12 nm in degrees of latitude
constexpr int kQuadrantSegments = 16;

std::string ReadFile(const char* path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Scales x by `factor` in place (to and from the equirectangular plane).
void ScaleX(GEOSContextHandle_t h, GEOSGeometry* g, double factor) {
  GEOSGeom_transformXY_r(
      h, g,
      [](double* x, double*, void* f) -> int {
        *x *= *static_cast<double*>(f);
        return 1;
      },
      &factor);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s TERRITORIAL_SEA.geojson EEZ.geojson > CONTIGUOUS.geojson\n",
                 argv[0]);
    return 64;
  }
  GEOSContextHandle_t h = GEOS_init_r();
  GEOSGeoJSONReader* reader = GEOSGeoJSONReader_create_r(h);
  GEOSGeometry* ts = GEOSGeoJSONReader_readGeometry_r(h, reader, ReadFile(argv[1]).c_str());
  GEOSGeometry* eez = GEOSGeoJSONReader_readGeometry_r(h, reader, ReadFile(argv[2]).c_str());
  if (ts == nullptr || eez == nullptr) {
    std::fprintf(stderr, "cannot read the inputs as GeoJSON\n");
    return 65;
  }
  const double k = std::cos(kLat0Deg * M_PI / 180.0);
  GEOSGeometry* ts_union = GEOSUnaryUnion_r(h, ts);
  GEOSGeometry* eez_union = GEOSUnaryUnion_r(h, eez);
  GEOSGeometry* plane = GEOSGeom_clone_r(h, ts_union);
  ScaleX(h, plane, k);
  GEOSGeometry* buffered = GEOSBuffer_r(h, plane, kBufferDeg, kQuadrantSegments);
  ScaleX(h, buffered, 1.0 / k);
  GEOSGeometry* clipped = GEOSIntersection_r(h, buffered, eez_union);
  GEOSGeometry* band = GEOSDifference_r(h, clipped, ts_union);
  GEOSGeometry* rounded = GEOSGeom_setPrecision_r(h, band, 1e-5, 0);
  // Snapped to 1e-5°, then to the nearest double of each 5-decimal value, so that the file
  // prints short numbers (GEOS's writer prints 17 digits).
  GEOSGeom_transformXY_r(
      h, rounded,
      [](double* x, double* y, void*) -> int {
        *x = std::round(*x * 1e5) / 1e5;
        *y = std::round(*y * 1e5) / 1e5;
        return 1;
      },
      nullptr);
  if (rounded == nullptr || !GEOSisValid_r(h, rounded)) {
    std::fprintf(stderr, "derived geometry is not valid\n");
    return 70;
  }
  GEOSGeoJSONWriter* writer = GEOSGeoJSONWriter_create_r(h);
  char* geometry = GEOSGeoJSONWriter_writeGeometry_r(h, writer, rounded, -1);
  std::printf(
      "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":"
      "{\"id\":\"PAN-CONTIGUOUS\",\"name\":\"Panamá: zona contigua (12–24 mn)\","
      "\"kind\":\"contiguous_zone\",\"source\":\"derived with GEOS "
      "(tools/geo/derive_contiguous_zone.cc) from panama_territorial_sea.geojson and "
      "panama_eez.geojson\",\"accuracy\":\"generalised\"},\"geometry\":%s}]}\n",
      nlohmann::json::parse(geometry).dump().c_str());
  GEOSFree_r(h, geometry);
  GEOS_finish_r(h);
  return 0;
}

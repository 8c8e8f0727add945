// Fuzzes the zone upload parsers (POST /api/v1/maritime/zones): any bytes as GeoJSON
// (fuzz_zone_geojson) or KML (fuzz_zone_kml), then GEOS validation. Checks the parsers' own
// promises: an accepted file holds 1..max_zones zones within the vertex limit, each valid by
// ValidateZone; a refusal is kInvalidArgument with a message. A small accepted zone is indexed
// and its first vertex's neighbourhood queried.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "maritime/zones.h"

#ifndef ISTMO_ZONE_FORMAT_KML
#define ISTMO_ZONE_FORMAT_KML 0
#endif

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace istmo::maritime;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const ZoneFileLimits limits{.max_zones = 20, .max_vertices = 5000};
  auto zones =
      ISTMO_ZONE_FORMAT_KML ? ParseZonesKml(text, limits) : ParseZonesGeoJson(text, limits);
  if (!zones) {
    ISTMO_CHECK(zones.error().code == istmo::core::ErrorCode::kInvalidArgument);
    ISTMO_CHECK(!zones.error().message.empty());
    return 0;
  }
  ISTMO_CHECK(!zones->empty() && zones->size() <= limits.max_zones);
  std::size_t vertices = 0;
  double west = 180, east = -180, south = 90, north = -90;
  for (const Zone& z : *zones) {
    ISTMO_CHECK(ValidateZone(z).has_value());
    ISTMO_CHECK(!z.name.empty() && z.name.size() <= limits.max_name_bytes);
    for (const auto& p : z.polygons) {
      for (const auto& r : p.rings) {
        vertices += r.size();
        for (const LonLat& v : r) {
          west = std::min(west, v.lon);
          east = std::max(east, v.lon);
          south = std::min(south, v.lat);
          north = std::max(north, v.lat);
        }
      }
    }
  }
  ISTMO_CHECK(vertices <= limits.max_vertices);
  // Indexing builds one GEOS test per grid cell: kept to small extents so that an input runs
  // in milliseconds.
  if ((east - west) * (north - south) < 4) {
    auto index = ZoneIndex::Build(*zones);
    std::vector<std::uint32_t> found;
    const LonLat first = (*zones)[0].polygons[0].rings[0][0];
    index->Find(first.lat + 1e-7, first.lon + 1e-7, found);
    for (auto i : found) ISTMO_CHECK(i < zones->size());
  }
  return 0;
}

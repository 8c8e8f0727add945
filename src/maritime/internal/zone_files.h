// maritime/internal/zone_files.h — the GeoJSON features parser shared by uploads and the
// built-in zones, and the built-in files compiled in from data/geo.
#pragma once

#include <string_view>
#include <vector>

#include "core/result.h"
#include "maritime/zones.h"

namespace istmo::maritime::internal {

struct BuiltinFile {
  std::string_view name;  // file name in data/geo
  std::string_view text;
};
const std::vector<BuiltinFile>& BuiltinZoneFiles();

// Built-in files: keeps the features whose "kind" property maps to a zone kind (their "id",
// "name" and "source" properties too) and skips points and other kinds. Uploads: every feature
// is an area of interest and must be a (Multi)Polygon.
enum class FeatureMode { kUpload, kBuiltin };
core::Result<std::vector<Zone>> ParseGeoJsonZones(std::string_view text,
                                                  const ZoneFileLimits& limits, FeatureMode mode);

}  // namespace istmo::maritime::internal

// maritime/internal/coast_data.h — the region's land (data/geo/region_land.geojson), compiled in
// by CMake (coast_data.cc.in), for Coastline::Builtin.
#pragma once

#include <string_view>

namespace istmo::maritime::internal {

std::string_view BuiltinLandGeoJson();

}  // namespace istmo::maritime::internal

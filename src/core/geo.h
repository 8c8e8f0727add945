// core/geo.h — geographic primitives on the WGS 84 sphere approximation.
//
// Units live in the names: degrees, metres, nautical miles, knots. Distances use the haversine
// formula on a sphere of radius 6,371,008.8 m (mean Earth radius), good to ~0.5 % — enough for
// detection thresholds and map work, not for survey.
#pragma once

#include <string>
#include <vector>

#include "core/result.h"

namespace istmo::core {

inline constexpr double kEarthRadiusMeters = 6371008.8;
inline constexpr double kMetersPerNauticalMile = 1852.0;

struct LatLng {
  double lat_deg = 0;  // [-90, 90], north positive
  double lng_deg = 0;  // [-180, 180], east positive
};

// kInvalidArgument when out of range or not finite; field names "lat" or "lng".
Status ValidateLatLng(const LatLng& p);

double DistanceMeters(const LatLng& a, const LatLng& b);
inline double DistanceNauticalMiles(const LatLng& a, const LatLng& b) {
  return DistanceMeters(a, b) / kMetersPerNauticalMile;
}
// Initial bearing from a to b, degrees clockwise from true north in [0, 360).
double BearingDegrees(const LatLng& a, const LatLng& b);

// A polygon ring as (lat, lng) vertices; the last vertex need not repeat the first.
using Ring = std::vector<LatLng>;
// Even-odd rule point-in-polygon on the lat/lng plane (fine for regional zones that do not
// cross the antimeridian). Holes are further rings.
bool Contains(const std::vector<Ring>& polygon, const LatLng& p);

}  // namespace istmo::core

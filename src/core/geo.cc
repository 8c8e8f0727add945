#include "core/geo.h"

#include <cmath>
#include <numbers>

namespace istmo::core {

namespace {
constexpr double kRad = std::numbers::pi / 180.0;
}

Status ValidateLatLng(const LatLng& p) {
  if (!std::isfinite(p.lat_deg) || p.lat_deg < -90 || p.lat_deg > 90) {
    return InvalidArgument("latitude must be between -90 and 90 degrees", "lat");
  }
  if (!std::isfinite(p.lng_deg) || p.lng_deg < -180 || p.lng_deg > 180) {
    return InvalidArgument("longitude must be between -180 and 180 degrees", "lng");
  }
  return Ok();
}

double DistanceMeters(const LatLng& a, const LatLng& b) {
  double dlat = (b.lat_deg - a.lat_deg) * kRad;
  double dlng = (b.lng_deg - a.lng_deg) * kRad;
  double h = std::sin(dlat / 2) * std::sin(dlat / 2) +
             std::cos(a.lat_deg * kRad) * std::cos(b.lat_deg * kRad) * std::sin(dlng / 2) *
                 std::sin(dlng / 2);
  return 2 * kEarthRadiusMeters * std::asin(std::min(1.0, std::sqrt(h)));
}

double BearingDegrees(const LatLng& a, const LatLng& b) {
  double phi1 = a.lat_deg * kRad, phi2 = b.lat_deg * kRad;
  double dl = (b.lng_deg - a.lng_deg) * kRad;
  double y = std::sin(dl) * std::cos(phi2);
  double x = std::cos(phi1) * std::sin(phi2) - std::sin(phi1) * std::cos(phi2) * std::cos(dl);
  double deg = std::atan2(y, x) / kRad;
  return std::fmod(deg + 360.0, 360.0);
}

bool Contains(const std::vector<Ring>& polygon, const LatLng& p) {
  bool inside = false;
  for (const Ring& ring : polygon) {
    std::size_t n = ring.size();
    for (std::size_t i = 0, j = n - 1; i < n; j = i++) {
      const LatLng& a = ring[i];
      const LatLng& b = ring[j];
      if ((a.lat_deg > p.lat_deg) != (b.lat_deg > p.lat_deg) &&
          p.lng_deg < (b.lng_deg - a.lng_deg) * (p.lat_deg - a.lat_deg) / (b.lat_deg - a.lat_deg) +
                          a.lng_deg) {
        inside = !inside;
      }
    }
  }
  return inside;
}

}  // namespace istmo::core

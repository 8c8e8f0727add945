#include "maritime/internal/geos.h"

#include <geos_c.h>

#include <cstdio>
#include <memory>
#include <string>

namespace istmo::maritime::internal {
namespace {

// A GEOS context for one call: GEOS's reentrant API needs one per thread, and zone building is
// rare (start-up, an upload), so a context per call is simplest and thread-safe.
class Context {
 public:
  Context() : h_(GEOS_init_r()) {
    GEOSContext_setErrorMessageHandler_r(h_, &Context::OnError, this);
    GEOSContext_setNoticeMessageHandler_r(h_, &Context::OnNotice, nullptr);
  }
  ~Context() { GEOS_finish_r(h_); }
  Context(const Context&) = delete;
  Context& operator=(const Context&) = delete;
  GEOSContextHandle_t get() const { return h_; }
  const std::string& last_error() const { return error_; }

 private:
  static void OnError(const char* message, void* self) {
    static_cast<Context*>(self)->error_ = message;
  }
  static void OnNotice(const char*, void*) {}
  GEOSContextHandle_t h_;
  std::string error_;
};

struct GeomDeleter {
  GEOSContextHandle_t h;
  void operator()(GEOSGeometry* g) const {
    if (g != nullptr) GEOSGeom_destroy_r(h, g);
  }
};
using Geom = std::unique_ptr<GEOSGeometry, GeomDeleter>;

GEOSGeometry* MakeRing(GEOSContextHandle_t h, const ZoneRing& ring) {
  GEOSCoordSequence* seq = GEOSCoordSeq_create_r(h, static_cast<unsigned>(ring.size()), 2);
  for (unsigned i = 0; i < ring.size(); ++i)
    GEOSCoordSeq_setXY_r(h, seq, i, ring[i].lon, ring[i].lat);
  return GEOSGeom_createLinearRing_r(h, seq);  // takes the sequence; nullptr when not a ring
}

// The zone as one GEOS (Multi)Polygon; nullptr when GEOS refuses a ring (too short, not closed).
Geom MakeGeometry(GEOSContextHandle_t h, const Zone& zone) {
  std::vector<GEOSGeometry*> polygons;
  for (const ZonePolygon& p : zone.polygons) {
    if (p.rings.empty()) return Geom(nullptr, {h});
    GEOSGeometry* shell = MakeRing(h, p.rings[0]);
    std::vector<GEOSGeometry*> holes;
    bool ok = shell != nullptr;
    for (std::size_t i = 1; i < p.rings.size() && ok; ++i) {
      GEOSGeometry* hole = MakeRing(h, p.rings[i]);
      if (hole == nullptr)
        ok = false;
      else
        holes.push_back(hole);
    }
    if (!ok) {
      if (shell != nullptr) GEOSGeom_destroy_r(h, shell);
      for (auto* g : holes) GEOSGeom_destroy_r(h, g);
      for (auto* g : polygons) GEOSGeom_destroy_r(h, g);
      return Geom(nullptr, {h});
    }
    polygons.push_back(
        GEOSGeom_createPolygon_r(h, shell, holes.data(), static_cast<unsigned>(holes.size())));
  }
  return Geom(GEOSGeom_createCollection_r(h, GEOS_MULTIPOLYGON, polygons.data(),
                                          static_cast<unsigned>(polygons.size())),
              {h});
}

}  // namespace

core::Status GeosValidate(const Zone& zone) {
  Context ctx;
  GEOSContextHandle_t h = ctx.get();
  Geom g = MakeGeometry(h, zone);
  if (!g) {
    return core::WithReason(core::InvalidArgument("geometry of '" + zone.name.substr(0, 60) +
                                                  "' is not a polygon: " + ctx.last_error()),
                            "zone_geometry_invalid", {{"name", zone.name.substr(0, 60)}});
  }
  char* reason = nullptr;
  GEOSGeometry* location = nullptr;
  const char valid = GEOSisValidDetail_r(h, g.get(), 0, &reason, &location);
  if (valid == 1) return core::Ok();
  std::string message = "geometry of '" + zone.name.substr(0, 60) + "' is not valid: ";
  message += reason != nullptr ? reason : (valid == 2 ? ctx.last_error() : "unknown reason");
  if (location != nullptr) {
    double x = 0, y = 0;
    if (GEOSGeomGetX_r(h, location, &x) == 1 && GEOSGeomGetY_r(h, location, &y) == 1) {
      char at[64];
      std::snprintf(at, sizeof at, " at (%.6g, %.6g)", x, y);
      message += at;
    }
    GEOSGeom_destroy_r(h, location);
  }
  if (reason != nullptr) GEOSFree_r(h, reason);
  // The web app names the zone in the reader's language; GEOS's reason stays in `message`.
  return core::WithReason(core::InvalidArgument(message), "zone_geometry_invalid",
                          {{"name", zone.name.substr(0, 60)}});
}

std::vector<std::uint8_t> GeosClassifyCells(const Zone& zone, double west, double south,
                                            double cell_deg, std::int32_t cols, std::int32_t rows) {
  std::vector<std::uint8_t> out(static_cast<std::size_t>(cols) * rows, kCellOut);
  Context ctx;
  GEOSContextHandle_t h = ctx.get();
  Geom g = MakeGeometry(h, zone);
  if (!g) return out;
  const GEOSPreparedGeometry* prepared = GEOSPrepare_r(h, g.get());
  for (std::int32_t r = 0; r < rows; ++r) {
    for (std::int32_t c = 0; c < cols; ++c) {
      const double x0 = west + c * cell_deg, y0 = south + r * cell_deg;
      Geom box(GEOSGeom_createRectangle_r(h, x0, y0, x0 + cell_deg, y0 + cell_deg), {h});
      std::uint8_t& cover = out[static_cast<std::size_t>(r) * cols + c];
      if (GEOSPreparedContains_r(h, prepared, box.get()) == 1) {
        cover = kCellInside;
      } else if (GEOSPreparedIntersects_r(h, prepared, box.get()) == 1) {
        cover = kCellBoundary;
      }
    }
  }
  GEOSPreparedGeom_destroy_r(h, prepared);
  return out;
}

}  // namespace istmo::maritime::internal

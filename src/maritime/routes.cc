#include "maritime/routes.h"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "api/json_body.h"
#include "core/log.h"
#include "maritime/detect.h"
#include "maritime/export.h"
#include "maritime/ingest.h"
#include "maritime/internal/route_params.h"
#include "maritime/json.h"

namespace istmo::maritime {
namespace {

using api::Request;
using api::Response;
using api::Route;
using internal::TimeParam;
using nlohmann::json;

core::Result<double> ParseNumber(std::string_view text, const std::string& field) {
  double v = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || ptr != text.data() + text.size() || !std::isfinite(v)) {
    return core::InvalidArgument("must be a number, not '" + std::string(text.substr(0, 40)) + "'",
                                 field);
  }
  return v;
}

std::vector<std::string_view> Split(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t pos = 0;
  while (true) {
    std::size_t end = s.find(',', pos);
    out.push_back(s.substr(pos, end == std::string_view::npos ? end : end - pos));
    if (end == std::string_view::npos) break;
    pos = end + 1;
  }
  return out;
}

core::Result<BoxQuery> ParseBoxQuery(const Request& r, core::Timestamp now) {
  BoxQuery q;
  if (auto bbox = r.QueryParam("bbox")) {
    auto parts = Split(*bbox);
    if (parts.size() != 4) {
      return core::InvalidArgument("must be west,south,east,north in degrees", "?bbox");
    }
    ISTMO_ASSIGN_OR_RETURN(q.west, ParseNumber(parts[0], "?bbox"));
    ISTMO_ASSIGN_OR_RETURN(q.south, ParseNumber(parts[1], "?bbox"));
    ISTMO_ASSIGN_OR_RETURN(q.east, ParseNumber(parts[2], "?bbox"));
    ISTMO_ASSIGN_OR_RETURN(q.north, ParseNumber(parts[3], "?bbox"));
    if (std::fabs(q.west) > 180 || std::fabs(q.east) > 180 || q.south < -90 || q.north > 90 ||
        q.south > q.north) {
      return core::InvalidArgument(
          "must be west,south,east,north with longitudes in [-180, 180], latitudes in [-90, 90] "
          "and south <= north",
          "?bbox");
    }
  }
  if (auto kinds = r.QueryParam("kind")) {
    for (auto name : Split(*kinds)) {
      auto kind = ParseStationKind(name);
      if (!kind) {
        return core::InvalidArgument(
            "must be class_a, class_b, base_station, aid_to_navigation, sar_aircraft or unknown",
            "?kind");
      }
      q.kinds.push_back(*kind);
    }
  }
  q.flag = r.QueryParam("flag").value_or("");
  if (!q.flag.empty() &&
      (q.flag.size() != 2 || !std::isupper(static_cast<unsigned char>(q.flag[0])) ||
       !std::isupper(static_cast<unsigned char>(q.flag[1])))) {
    return core::InvalidArgument("must be an ISO 3166-1 alpha-2 code such as PA", "?flag");
  }
  if (auto v = r.QueryParam("min_speed")) {
    ISTMO_ASSIGN_OR_RETURN(q.min_speed_kn, ParseNumber(*v, "?min_speed"));
  }
  if (auto v = r.QueryParam("max_speed")) {
    ISTMO_ASSIGN_OR_RETURN(q.max_speed_kn, ParseNumber(*v, "?max_speed"));
  }
  ISTMO_ASSIGN_OR_RETURN(auto max_age, r.QueryInt("max_age", 0, 0, 366LL * 86400));
  if (max_age > 0) q.min_t_us = (now - std::chrono::seconds(max_age)).time_since_epoch().count();
  ISTMO_ASSIGN_OR_RETURN(auto limit, r.QueryInt("limit", 100000, 1, 100000));
  q.limit = static_cast<std::size_t>(limit);
  return q;
}

core::Result<std::uint32_t> ParseMmsi(const std::string& text) {
  std::uint32_t mmsi = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), mmsi);
  if (ec != std::errc() || ptr != text.data() + text.size() || text.size() > 9 || mmsi == 0) {
    return core::InvalidArgument("an MMSI is a number of up to nine digits", "mmsi");
  }
  return mmsi;
}

const json kVesselSchema = {{"type", "object"},
                            {"required", {"mmsi", "kind"}},
                            {"properties",
                             {{"mmsi", {{"type", "integer"}}},
                              {"kind", {{"type", "string"}}},
                              {"flag", {{"type", "object"}}},
                              {"name", {{"type", "string"}}},
                              {"position", {{"type", "object"}}}}}};

json ItemsOf(const json& item) {
  return {{"type", "object"},
          {"properties",
           {{"items", {{"type", "array"}, {"items", item}}}, {"count", {{"type", "integer"}}}}}};
}

// ?format=geojson|kml|csv: std::nullopt when absent (the route's JSON).
core::Result<std::optional<ExportFormat>> FormatParam(const Request& r) {
  auto v = r.QueryParam("format");
  if (!v) return std::optional<ExportFormat>();
  auto f = ParseExportFormat(*v);
  if (!f) return core::InvalidArgument("must be geojson, kml or csv", "?format");
  return std::optional<ExportFormat>(*f);
}

Response FileResponse(std::string body, ExportFormat format, const std::string& name) {
  Response out;
  out.body = std::move(body);
  out.content_type = std::string(ExportContentType(format));
  out.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + name + "." +
                                                      std::string(ExportExtension(format)) + "\"");
  return out;
}

struct TimeRange {
  std::int64_t from = 0, to = 0;
  std::size_t limit = 0;
};
// ?from=&to= (ISO 8601; default: the last 24 h) and ?limit=.
core::Result<TimeRange> RangeParams(const Request& r, core::Timestamp now, std::int64_t max_limit,
                                    std::int64_t default_limit) {
  TimeRange range;
  ISTMO_ASSIGN_OR_RETURN(range.to, TimeParam(r, "to", now.time_since_epoch().count()));
  ISTMO_ASSIGN_OR_RETURN(range.from, TimeParam(r, "from", range.to - 86'400'000'000LL));
  if (range.from > range.to) return core::InvalidArgument("must not be after ?to", "?from");
  ISTMO_ASSIGN_OR_RETURN(auto limit, r.QueryInt("limit", default_limit, 1, max_limit));
  range.limit = static_cast<std::size_t>(limit);
  return range;
}

json EventsJson(const std::vector<ZoneEvent>& events) {
  json items = json::array();
  for (const auto& e : events) items.push_back(ZoneEventJson(e));
  const std::size_t count = items.size();
  return {{"items", std::move(items)}, {"count", count}};
}

// ?kind=&mmsi=&since=&limit= of GET /api/v1/maritime/detections; since defaults to 24 h ago.
core::Result<DetectionQuery> ParseDetectionQuery(const Request& r, core::Timestamp now) {
  DetectionQuery q;
  if (auto kind = r.QueryParam("kind")) {
    q.kind = ParseDetectionKind(*kind);
    if (!q.kind) {
      std::string names;
      for (std::size_t k = 0; k < kDetectionKinds; ++k) {
        names += (k == 0 ? "" : ", ") +
                 std::string(DetectionKindName(static_cast<DetectionKind>(k)));
      }
      return core::WithReason(core::InvalidArgument("must be one of " + names, "?kind"),
                              "invalid_value");
    }
  }
  if (auto mmsi = r.QueryParam("mmsi")) {
    auto parsed = ParseMmsi(std::string(*mmsi));
    if (!parsed) {
      return core::WithReason(core::InvalidArgument(parsed.error().message, "?mmsi"),
                              "invalid_value");
    }
    q.mmsi = *parsed;
  }
  auto since = TimeParam(r, "since", (now - std::chrono::hours(24)).time_since_epoch().count());
  if (!since) return core::WithReason(since.error(), "invalid_value");
  q.since_us = *since;
  ISTMO_ASSIGN_OR_RETURN(auto limit, r.QueryInt("limit", 100, 1, 10000));
  q.limit = static_cast<std::size_t>(limit);
  return q;
}

// The zones the scope may see: every built-in zone and the areas of interest released to it.
core::Result<std::vector<Zone>> VisibleZones(store::Store& store, const store::AccessScope& scope) {
  std::vector<Zone> zones = BuiltinZones();
  ISTMO_ASSIGN_OR_RETURN(auto aois, VisibleAreasOfInterest(store, scope));
  for (auto& z : aois) zones.push_back(std::move(z));
  return zones;
}

// The zones a vessel is in now that the reader may see: the built-in ones for everyone, an area
// of interest only when it is released to the reader, in VisibleZones' order. "Now" is the zones
// of its last position when that is plausible (so a vessel not heard since a restart still has
// them), else those of its last plausible position as ingest observed it (Zones::ZonesOf).
core::Result<json> VesselZonesJson(store::Store& store, const store::AccessScope& scope,
                                   const Zones& zones, const Vessel& v) {
  std::vector<std::string> ids;
  if (v.state.has_position() && v.state.flags == 0) {
    const auto index = zones.index();
    std::vector<std::uint32_t> found;
    index->Find(v.state.lat_deg(), v.state.lon_deg(), found);
    for (std::uint32_t i : found) ids.push_back(index->zones()[i].id);
  } else {
    ids = zones.ZonesOf(v.state.mmsi);
  }
  json out = json::array();
  if (ids.empty()) return out;
  ISTMO_ASSIGN_OR_RETURN(auto visible, VisibleZones(store, scope));
  for (const Zone& z : visible) {
    if (std::find(ids.begin(), ids.end(), z.id) == ids.end()) continue;
    out.push_back({{"id", z.id}, {"name", z.name}, {"kind", ZoneKindName(z.kind)}});
  }
  return out;
}

// A refusal the web app can show in the reader's language (docs/api.md, "Error reasons"): an
// error that carries no reason yet gets `reason` (the decoders and validators below the route
// speak English only). `params` go with it.
core::Error Reasoned(core::Error e, std::string reason,
                     std::vector<std::pair<std::string, std::string>> params = {}) {
  if (!e.reason.empty()) return e;
  return core::WithReason(std::move(e), std::move(reason), std::move(params));
}

// A zone file that cannot be taken: the geometry's own reason when GEOS gave one, else
// zone_file_invalid with the line of the input when known.
core::Error ZoneFileError(core::Error e) {
  if (e.code != core::ErrorCode::kInvalidArgument) return e;
  std::vector<std::pair<std::string, std::string>> params;
  if (e.line > 0) params.emplace_back("line", std::to_string(e.line));
  return Reasoned(std::move(e), "zone_file_invalid", std::move(params));
}

// The feed manager's refusals: a bad setting, a name taken, a feed that is not there.
core::Error FeedError(core::Error e) {
  switch (e.code) {
    case core::ErrorCode::kInvalidArgument:
      return Reasoned(std::move(e), "invalid_value");
    case core::ErrorCode::kConflict:
      return Reasoned(std::move(e), "duplicate", {{"field", "name"}});
    case core::ErrorCode::kNotFound:
      return Reasoned(std::move(e), "not_found", {{"object", "feed"}});
    default:
      return e;
  }
}

// ?view=layer: the map's compact form (live.h) instead of the full JSON; ?view=full is the default.
core::Result<bool> LayerView(const Request& r) {
  auto v = r.QueryParam("view");
  if (!v || *v == "full") return false;
  if (*v == "layer") return true;
  return core::InvalidArgument("must be full or layer", "?view");
}

// The stations of the box in the live stream's form, with the picture's sequence read before
// them: a client that subscribes with ?since=seq then misses no change (one made while the box
// was read comes twice, which applying a newer state makes harmless).
Response LayerResponse(const Picture& picture, const BoxQuery& q) {
  const std::uint64_t seq = picture.sequence();
  Response out;
  out.body = VesselsMessage(picture.InBox(q), seq);
  out.content_type = "application/json";
  return out;
}

// An upload's size cap: the route refuses larger bodies with 413 before reading them.
constexpr std::size_t kMaxZoneUploadBytes = 2 * 1024 * 1024;

}  // namespace

void AddRoutes(std::vector<api::Route>& routes, const RouteDeps& deps) {
  const RouteDeps s = deps;

  routes.push_back(Route{
      .method = "GET",
      .path = "/api/v1/maritime/vessels",
      .tag = "maritime",
      .summary = "Stations in a bounding box (bbox=w,s,e,n), filtered by kind, flag, speed and "
                 "age of the last report; from the in-memory picture; ?format=geojson|kml|csv "
                 "exports them; ?view=layer answers the map's compact form (the live stream's "
                 "vessels message, with the picture's seq for /live?since=)",
      .response_schema = ItemsOf(kVesselSchema),
      .handler = [s](Request& r) -> core::Result<Response> {
        ISTMO_ASSIGN_OR_RETURN(BoxQuery q, ParseBoxQuery(r, s.clock.Now()));
        ISTMO_ASSIGN_OR_RETURN(bool layer, LayerView(r));
        if (layer) return LayerResponse(s.picture, q);
        ISTMO_ASSIGN_OR_RETURN(auto format, FormatParam(r));
        if (format)
          return FileResponse(ExportVessels(s.picture.InBox(q), *format), *format, "vessels");
        json items = json::array();
        for (const Vessel& v : s.picture.InBox(q)) items.push_back(VesselJson(v));
        const std::size_t count = items.size();
        return Response::Json({{"items", std::move(items)}, {"count", count}});
      }});

  routes.push_back(
      Route{.method = "GET",
            .path = "/api/v1/maritime/vessels/search",
            .tag = "maritime",
            .summary = "Vessels by name or call sign (part of it), MMSI (its start) or IMO",
            .response_schema = ItemsOf(kVesselSchema),
            .handler = [s](Request& r) -> core::Result<Response> {
              const std::string q = r.QueryParam("q").value_or("");
              if (q.empty() || q.size() > 64) {
                return core::InvalidArgument("must be 1 to 64 characters", "?q");
              }
              ISTMO_ASSIGN_OR_RETURN(auto limit, r.QueryInt("limit", 50, 1, 1000));
              json items = json::array();
              for (const Vessel& v : s.picture.Search(q, static_cast<std::size_t>(limit))) {
                items.push_back(VesselJson(v));
              }
              const std::size_t count = items.size();
              return Response::Json({{"items", std::move(items)}, {"count", count}});
            }});

  routes.push_back(
      Route{.method = "GET",
            .path = "/api/v1/maritime/vessels/{mmsi}",
            .tag = "maritime",
            .summary = "One station: identity, flag, last state, identity history and the zones "
                       "it is in now (those the caller may see)",
            .response_schema = kVesselSchema,
            .handler = [s](Request& r) -> core::Result<Response> {
              ISTMO_ASSIGN_OR_RETURN(std::uint32_t mmsi, ParseMmsi(r.path_params["mmsi"]));
              auto v = s.picture.Get(mmsi);
              if (!v) return core::NotFound("no station with MMSI " + std::to_string(mmsi), "mmsi");
              ISTMO_ASSIGN_OR_RETURN(auto history, ReadIdentityHistory(s.store, mmsi));
              json j = VesselJson(*v);
              json h = json::array();
              for (const auto& c : history) h.push_back(IdentityChangeJson(c));
              j["history"] = std::move(h);
              ISTMO_ASSIGN_OR_RETURN(j["zones"], VesselZonesJson(s.store, r.Scope(), s.zones, *v));
              return Response::Json(j);
            }});

  routes.push_back(Route{
      .method = "GET",
      .path = "/api/v1/maritime/vessels/{mmsi}/track",
      .tag = "maritime",
      .summary = "A station's stored track (thinned) between from and to (default: the last "
                 "24 h), oldest first; ?format=geojson|kml|csv exports it",
      .response_schema = ItemsOf({{"type", "object"}}),
      .handler = [s](Request& r) -> core::Result<Response> {
        ISTMO_ASSIGN_OR_RETURN(std::uint32_t mmsi, ParseMmsi(r.path_params["mmsi"]));
        if (!s.picture.Get(mmsi)) {
          return core::NotFound("no station with MMSI " + std::to_string(mmsi), "mmsi");
        }
        const std::int64_t now = s.clock.Now().time_since_epoch().count();
        ISTMO_ASSIGN_OR_RETURN(auto to, TimeParam(r, "to", now));
        ISTMO_ASSIGN_OR_RETURN(auto from, TimeParam(r, "from", to - 86'400'000'000LL));
        if (from > to) return core::InvalidArgument("must not be after ?to", "?from");
        ISTMO_ASSIGN_OR_RETURN(auto limit, r.QueryInt("limit", 10000, 1, 100000));
        ISTMO_ASSIGN_OR_RETURN(auto format, FormatParam(r));
        ISTMO_ASSIGN_OR_RETURN(auto points,
                               ReadTrack(s.store, mmsi, from, to, static_cast<std::size_t>(limit)));
        if (format) {
          return FileResponse(ExportTrack(mmsi, points, *format), *format,
                              "track-" + std::to_string(mmsi));
        }
        json items = json::array();
        for (const auto& p : points) items.push_back(TrackPointJson(p));
        const std::size_t count = items.size();
        return Response::Json({{"mmsi", mmsi}, {"items", std::move(items)}, {"count", count}});
      }});

  routes.push_back(Route{
      .method = "GET",
      .path = "/api/v1/maritime/vessels/{mmsi}/events",
      .tag = "maritime",
      .summary = "A station's zone entries and exits between from and to (default: the last "
                 "24 h), oldest first; only zones the caller may see",
      .response_schema = ItemsOf({{"type", "object"}}),
      .handler = [s](Request& r) -> core::Result<Response> {
        ISTMO_ASSIGN_OR_RETURN(std::uint32_t mmsi, ParseMmsi(r.path_params["mmsi"]));
        if (!s.picture.Get(mmsi)) {
          return core::NotFound("no station with MMSI " + std::to_string(mmsi), "mmsi");
        }
        ISTMO_ASSIGN_OR_RETURN(auto range, RangeParams(r, s.clock.Now(), 100000, 10000));
        ISTMO_ASSIGN_OR_RETURN(
            auto events,
            ReadVesselZoneEvents(s.store, r.Scope(), mmsi, range.from, range.to, range.limit));
        json j = EventsJson(events);
        j["mmsi"] = mmsi;
        return Response::Json(j);
      }});

  routes.push_back(Route{
      .method = "GET",
      .path = "/api/v1/maritime/detections",
      .tag = "maritime",
      .summary = "Behaviour detection events (gaps, encounters, rendezvous, loitering, go-fast, "
                 "identity anomalies) that ended at or after since (default: 24 h ago), latest "
                 "first; ?kind= one kind, ?mmsi= a vessel or its partner, ?limit= (1-10000)",
      .response_schema = ItemsOf({{"type", "object"}}),
      .handler = [s](Request& r) -> core::Result<Response> {
        ISTMO_ASSIGN_OR_RETURN(DetectionQuery q, ParseDetectionQuery(r, s.clock.Now()));
        ISTMO_ASSIGN_OR_RETURN(auto found, ReadDetections(s.store, q));
        json items = json::array();
        for (const auto& d : found) items.push_back(DetectionJson(d));
        const std::size_t count = items.size();
        return Response::Json({{"items", std::move(items)}, {"count", count}});
      }});

  routes.push_back(Route{
      .method = "GET",
      .path = "/api/v1/maritime/zones",
      .tag = "maritime",
      .summary = "Zones as GeoJSON: the built-in ones (EEZ, territorial sea, contiguous zone, "
                 "canal, anchorages, ports, with their attribution) and the areas of interest "
                 "released to the caller; ?kind= filters, ?format=kml|csv exports",
      .response_schema = {{"type", "object"},
                          {"properties",
                           {{"type", {{"type", "string"}}},
                            {"attribution", {{"type", "array"}}},
                            {"features", {{"type", "array"}}}}}},
      .handler = [s](Request& r) -> core::Result<Response> {
        ISTMO_ASSIGN_OR_RETURN(auto format, FormatParam(r));
        std::optional<ZoneKind> kind;
        if (auto k = r.QueryParam("kind")) {
          kind = ParseZoneKind(*k);
          if (!kind) {
            return core::InvalidArgument(
                "must be eez, territorial_sea, contiguous_zone, canal, "
                "anchorage, port or aoi",
                "?kind");
          }
        }
        ISTMO_ASSIGN_OR_RETURN(auto zones, VisibleZones(s.store, r.Scope()));
        if (kind) {
          std::erase_if(zones, [&](const Zone& z) { return z.kind != *kind; });
        }
        const ExportFormat f = format.value_or(ExportFormat::kGeoJson);
        Response out = format ? FileResponse(ExportZones(zones, f, ZoneAttributions()), f, "zones")
                              : Response{.body = ExportZones(zones, f, ZoneAttributions())};
        if (!format) out.content_type = "application/geo+json";
        return out;
      }});

  routes.push_back(Route{
      .method = "POST",
      .path = "/api/v1/maritime/zones",
      .tag = "maritime",
      .summary = "Upload areas of interest: a GeoJSON (Polygon/MultiPolygon features) or KML "
                 "(Placemarks with Polygons) body of at most 2 MiB, ?releasability=PAN,USA; "
                 "all zones or none",
      .max_body = kMaxZoneUploadBytes,
      .success_status = 201,
      .response_schema = {{"type", "object"}, {"properties", {{"features", {{"type", "array"}}}}}},
      .handler = [s](Request& r) -> core::Result<Response> {
        std::vector<std::string> releasability;
        if (auto rel = r.QueryParam("releasability"); rel && !rel->empty()) {
          for (auto t : Split(*rel)) releasability.emplace_back(t);
        }
        if (r.body.empty()) {
          return core::InvalidArgument("the body must be a GeoJSON or KML file", "body");
        }
        auto parsed_or = ParseZoneFile(r.body);
        if (!parsed_or) return ZoneFileError(parsed_or.error());
        auto parsed = std::move(*parsed_or);
        if (auto name = r.QueryParam("name"); name && parsed.size() == 1) {
          if (name->empty()) {
            return core::WithReason(core::InvalidArgument("must not be empty", "?name"),
                                    "required");
          }
          if (name->size() > ZoneFileLimits{}.max_name_bytes) {
            return core::WithReason(core::InvalidArgument("must be 1 to 200 bytes", "?name"),
                                    "too_long", {{"max", "200"}});
          }
          parsed[0].name = *name;
        }
        ISTMO_ASSIGN_OR_RETURN(auto created,
                               CreateAreasOfInterest(s.store, r.Scope(), std::move(parsed),
                                                     releasability, s.clock.Now()));
        // The new zones join the index for the next positions; a failure to rebuild leaves the
        // stored zones in place and the old index in use, and is logged.
        if (auto reloaded = s.zones.Reload(s.store); !reloaded) {
          core::log::Error("maritime_zones_not_reloaded", {{"error", reloaded.error().message}});
        }
        json features = json::array();
        for (const Zone& z : created) features.push_back(ZoneFeatureJson(z));
        return Response::Json({{"type", "FeatureCollection"}, {"features", std::move(features)}},
                              201);
      }});

  routes.push_back(Route{
      .method = "DELETE",
      .path = "/api/v1/maritime/zones/{id}",
      .tag = "maritime",
      .summary = "Delete an area of interest and its events (supervisors and admins of the "
                 "owning organization)",
      .roles = api::Roles({store::Role::kSupervisor, store::Role::kAdmin}),
      .success_status = 204,
      .handler = [s](Request& r) -> core::Result<Response> {
        if (auto deleted =
                DeleteAreaOfInterest(s.store, r.Scope(), r.path_params["id"], s.clock.Now());
            !deleted) {
          if (deleted.error().code != core::ErrorCode::kNotFound) return deleted.error();
          return Reasoned(deleted.error(), "not_found", {{"object", "zone"}});
        }
        if (auto reloaded = s.zones.Reload(s.store); !reloaded) {
          core::log::Error("maritime_zones_not_reloaded", {{"error", reloaded.error().message}});
        }
        return Response::NoContent();
      }});

  routes.push_back(Route{
      .method = "GET",
      .path = "/api/v1/maritime/zones/{id}/events",
      .tag = "maritime",
      .summary = "Entries into and exits from a zone between from and to (default: the last "
                 "24 h), oldest first",
      .response_schema = ItemsOf({{"type", "object"}}),
      .handler = [s](Request& r) -> core::Result<Response> {
        const std::string id = r.path_params["id"];
        ISTMO_ASSIGN_OR_RETURN(auto range, RangeParams(r, s.clock.Now(), 100000, 10000));
        ISTMO_ASSIGN_OR_RETURN(
            auto events, ReadZoneEvents(s.store, r.Scope(), id, range.from, range.to, range.limit));
        json j = EventsJson(events);
        j["zone"] = id;
        return Response::Json(j);
      }});
  if (s.live != nullptr) {
    routes.push_back(Route{
        .method = "GET",
        .path = "/api/v1/maritime/live",
        .tag = "maritime",
        .summary = "WebSocket: the stations that changed since the last push, in the box, every "
                   "interval_ms (docs/maritime.md)",
        .websocket = [s](std::shared_ptr<api::WebSocket> ws) {
          const Request& r = ws->request();
          auto query = ParseBoxQuery(r, s.clock.Now());
          auto interval = r.QueryInt("interval_ms",
                                     s.live->options().default_interval.count(), 1, 3'600'000);
          auto since = r.QueryInt("since", 0, 0, INT64_MAX);
          if (!query || !interval || !since) {
            const core::Error& e = !query      ? query.error()
                                   : !interval ? interval.error()
                                               : since.error();
            ws->Send(json{{"type", "error"}, {"message", e.message}, {"field", e.field}}.dump());
            ws->Close();
            return;
          }
          s.live->Attach(std::move(ws), std::move(*query), std::chrono::milliseconds(*interval),
                         static_cast<std::uint64_t>(*since));
        }});
  }
  if (s.crew != nullptr && s.find_org) internal::AddCaseRoutes(routes, s);
  if (s.watch != nullptr) AddWatchlistRoutes(routes, s);
  if (s.feeds == nullptr) return;
  const std::uint8_t admins = api::Roles({store::Role::kAdmin});
  const json feed_schema = {{"type", "object"},
                            {"required", {"name", "kind", "host", "port"}},
                            {"properties",
                             {{"name", {{"type", "string"}}},
                              {"kind", {{"type", "string"}, {"enum", {"tcp", "udp"}}}},
                              {"host", {{"type", "string"}}},
                              {"port", {{"type", "integer"}}},
                              {"station", {{"type", "string"}}}}}};
  routes.push_back(Route{
      .method = "GET",
      .path = "/api/v1/maritime/feeds",
      .tag = "maritime",
      .summary = "Live feeds with their health: state, reconnects, messages/s, errors by kind",
      .roles = admins,
      .response_schema = ItemsOf(feed_schema),
      .handler = [s](Request&) -> core::Result<Response> {
        json items = json::array();
        for (const FeedHealth& h : s.feeds->Health()) items.push_back(FeedHealthJson(h));
        const std::size_t count = items.size();
        return Response::Json({{"items", std::move(items)}, {"count", count}});
      }});
  routes.push_back(Route{
      .method = "POST",
      .path = "/api/v1/maritime/feeds",
      .tag = "maritime",
      .summary = "Add a live feed (kept in the store) and start it",
      .roles = admins,
      .max_body = 4096,
      .json_body = true,
      .success_status = 201,
      .request_schema = feed_schema,
      .response_schema = feed_schema,
      .handler = [s](Request& r) -> core::Result<Response> {
        ISTMO_ASSIGN_OR_RETURN(auto j, api::JsonBody::Parse(r.body));
        ISTMO_RETURN_IF_ERROR(j.RejectUnknown({"name", "kind", "host", "port", "station"}));
        FeedSpec spec;
        ISTMO_ASSIGN_OR_RETURN(spec.name, j.String("name", 32));
        ISTMO_ASSIGN_OR_RETURN(auto kind, j.String("kind", 3));
        if (kind != "tcp" && kind != "udp") {
          return core::WithReason(core::InvalidArgument("must be tcp or udp", "kind"),
                                  "invalid_value");
        }
        spec.kind = kind == "tcp" ? FeedKind::kTcp : FeedKind::kUdp;
        ISTMO_ASSIGN_OR_RETURN(spec.host, j.String("host", 253));
        ISTMO_ASSIGN_OR_RETURN(auto port, j.OptInt("port", 1, 65535));
        if (!port) return core::WithReason(core::InvalidArgument("is required", "port"), "required");
        spec.port = static_cast<int>(*port);
        ISTMO_ASSIGN_OR_RETURN(auto station, j.OptString("station", 32, /*allow_empty=*/true));
        spec.station = station.value_or("");
        if (auto added = s.feeds->Add(spec, r.Scope(), s.clock.Now()); !added) {
          return FeedError(added.error());
        }
        for (const FeedHealth& h : s.feeds->Health()) {
          if (h.spec.name == spec.name) return Response::Json(FeedHealthJson(h), 201);
        }
        return core::Internal("the feed stopped as it started");
      }});
  routes.push_back(Route{
      .method = "DELETE",
      .path = "/api/v1/maritime/feeds/{name}",
      .tag = "maritime",
      .summary = "Stop and forget a feed added through the API",
      .roles = admins,
      .success_status = 204,
      .handler = [s](Request& r) -> core::Result<Response> {
        if (auto removed = s.feeds->Remove(r.path_params["name"], r.Scope(), s.clock.Now());
            !removed) {
          return FeedError(removed.error());
        }
        return Response::NoContent();
      }});
}

}  // namespace istmo::maritime

#include "maritime/routes.h"

#include <charconv>
#include <cmath>

#include "api/json_body.h"
#include "maritime/ingest.h"
#include "maritime/json.h"

namespace istmo::maritime {
namespace {

using api::Request;
using api::Response;
using api::Route;
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

core::Result<std::int64_t> TimeParam(const Request& r, const std::string& name,
                                     std::int64_t fallback) {
  auto v = r.QueryParam(name);
  if (!v) return fallback;
  auto t = core::ParseIso8601(*v);
  if (!t) return core::InvalidArgument("must be an ISO 8601 time", "?" + name);
  return t->time_since_epoch().count();
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

}  // namespace

void AddRoutes(std::vector<api::Route>& routes, const RouteDeps& deps) {
  const RouteDeps s = deps;

  routes.push_back(Route{
      .method = "GET",
      .path = "/api/v1/maritime/vessels",
      .tag = "maritime",
      .summary = "Stations in a bounding box (bbox=w,s,e,n), filtered by kind, flag, speed and "
                 "age of the last report; from the in-memory picture",
      .response_schema = ItemsOf(kVesselSchema),
      .handler = [s](Request& r) -> core::Result<Response> {
        ISTMO_ASSIGN_OR_RETURN(BoxQuery q, ParseBoxQuery(r, s.clock.Now()));
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
            .summary = "One station: identity, flag, last state and identity history",
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
              return Response::Json(j);
            }});

  routes.push_back(Route{
      .method = "GET",
      .path = "/api/v1/maritime/vessels/{mmsi}/track",
      .tag = "maritime",
      .summary = "A station's stored track (thinned) between from and to (default: the last "
                 "24 h), oldest first",
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
        ISTMO_ASSIGN_OR_RETURN(auto points,
                               ReadTrack(s.store, mmsi, from, to, static_cast<std::size_t>(limit)));
        json items = json::array();
        for (const auto& p : points) items.push_back(TrackPointJson(p));
        const std::size_t count = items.size();
        return Response::Json({{"mmsi", mmsi}, {"items", std::move(items)}, {"count", count}});
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
          if (!query || !interval) {
            const core::Error& e = !query ? query.error() : interval.error();
            ws->Send(json{{"type", "error"}, {"message", e.message}, {"field", e.field}}.dump());
            ws->Close();
            return;
          }
          s.live->Attach(std::move(ws), std::move(*query), std::chrono::milliseconds(*interval));
        }});
  }
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
        if (kind != "tcp" && kind != "udp") return core::InvalidArgument("must be tcp or udp", "kind");
        spec.kind = kind == "tcp" ? FeedKind::kTcp : FeedKind::kUdp;
        ISTMO_ASSIGN_OR_RETURN(spec.host, j.String("host", 253));
        ISTMO_ASSIGN_OR_RETURN(auto port, j.OptInt("port", 1, 65535));
        if (!port) return core::InvalidArgument("is required", "port");
        spec.port = static_cast<int>(*port);
        ISTMO_ASSIGN_OR_RETURN(auto station, j.OptString("station", 32, /*allow_empty=*/true));
        spec.station = station.value_or("");
        ISTMO_RETURN_IF_ERROR(s.feeds->Add(spec, r.Scope(), s.clock.Now()));
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
        ISTMO_RETURN_IF_ERROR(s.feeds->Remove(r.path_params["name"], r.Scope(), s.clock.Now()));
        return Response::NoContent();
      }});
}

}  // namespace istmo::maritime

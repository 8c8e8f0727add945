// The interdiction case routes (docs/api.md, "Interdiction cases"): bodies decoded here with
// errors that name the field; the rules (who may, which moves, what an outcome holds) live in
// cases.cc.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "api/json_body.h"
#include "maritime/cases.h"
#include "maritime/internal/route_params.h"

namespace istmo::maritime::internal {
namespace {

using api::JsonBody;
using api::Request;
using api::Response;
using api::Route;
using nlohmann::json;

const std::uint8_t kWorkers =
    api::Roles({store::Role::kOfficer, store::Role::kSupervisor, store::Role::kAdmin});

core::Error Invalid(std::string message, std::string field, std::string reason) {
  return core::WithReason(core::InvalidArgument(std::move(message), std::move(field)),
                          std::move(reason));
}

// An error of a nested object's accessor, named from the body's root ("/drugs/0" + "/kg").
core::Error Under(core::Error e, const std::string& prefix) {
  e.field = prefix + e.field;
  return e;
}

// An array of objects under `key` (absent or null: none), each handed over as its own body.
core::Result<std::vector<JsonBody>> ObjectArray(const JsonBody& j, const std::string& key,
                                                std::size_t max_items) {
  std::vector<JsonBody> out;
  if (!j.Has(key) || j.json()[key].is_null()) return out;
  const json& a = j.json()[key];
  if (!a.is_array()) return Invalid("must be an array of objects", "/" + key, "invalid_value");
  if (a.size() > max_items) {
    return core::WithReason(
        core::InvalidArgument("must have at most " + std::to_string(max_items) + " entries",
                              "/" + key),
        "too_many", {{"max", std::to_string(max_items)}});
  }
  for (std::size_t i = 0; i < a.size(); ++i) {
    const std::string at = "/" + key + "/" + std::to_string(i);
    if (!a[i].is_object()) return Invalid("must be an object", at, "invalid_value");
    auto item = JsonBody::Parse(a[i].dump());
    if (!item) return Under(item.error(), at);
    out.push_back(std::move(*item));
  }
  return out;
}

core::Result<bool> RequiredBool(const JsonBody& j, const std::string& key) {
  ISTMO_ASSIGN_OR_RETURN(auto v, j.OptBool(key));
  if (!v) return Invalid("is required (true or false)", "/" + key, "required");
  return *v;
}

core::Result<std::vector<std::uint32_t>> Mmsis(const JsonBody& j) {
  std::vector<std::uint32_t> out;
  if (!j.Has("mmsis") || j.json()["mmsis"].is_null()) return out;
  const json& a = j.json()["mmsis"];
  if (!a.is_array()) return Invalid("must be an array of MMSIs", "/mmsis", "invalid_value");
  if (a.size() > 50) return Invalid("must have at most 50 entries", "/mmsis", "too_many");
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (!a[i].is_number_integer() || a[i].get<std::int64_t>() < 1 ||
        a[i].get<std::int64_t>() > 999'999'999) {
      return Invalid("an MMSI is a number of up to nine digits", "/mmsis/" + std::to_string(i),
                     "invalid_value");
    }
    out.push_back(static_cast<std::uint32_t>(a[i].get<std::int64_t>()));
  }
  return out;
}

// ?org_id= or "org_id": the organization as auth knows it; an unknown one names the field.
core::Result<CaseOrg> FindOrg(const RouteDeps& s, const std::string& id, const std::string& field) {
  auto org = s.find_org(id);
  if (!org) {
    if (org.error().code != core::ErrorCode::kNotFound) return org.error();
    return Invalid("no organization " + id.substr(0, 40), field, "unknown_org");
  }
  return *org;
}

core::Result<CaseStatus> StatusValue(const std::string& text, const std::string& field) {
  auto status = ParseCaseStatus(text);
  if (!status)
    return Invalid("must be open, underway, interdicted or closed", field, "invalid_value");
  return *status;
}

core::Result<core::Timestamp> Instant(const std::string& text, const std::string& field) {
  auto t = core::ParseIso8601(text);
  if (!t) return Invalid("must be an ISO 8601 time", field, "invalid_value");
  return *t;
}

core::Result<CaseOutcome> ParseOutcome(const JsonBody& j) {
  ISTMO_RETURN_IF_ERROR(j.RejectUnknown(
      {"boarded", "seized", "at", "lat", "lon", "drugs", "arrests", "other_contraband"}));
  CaseOutcome o;
  ISTMO_ASSIGN_OR_RETURN(o.boarded, RequiredBool(j, "boarded"));
  ISTMO_ASSIGN_OR_RETURN(o.seized, RequiredBool(j, "seized"));
  ISTMO_ASSIGN_OR_RETURN(auto at, j.OptString("at", 40));
  if (at) {
    ISTMO_ASSIGN_OR_RETURN(o.at, Instant(*at, "/at"));
  }
  ISTMO_ASSIGN_OR_RETURN(o.lat, j.OptNumber("lat", -90, 90));
  ISTMO_ASSIGN_OR_RETURN(o.lon, j.OptNumber("lon", -180, 180));
  ISTMO_ASSIGN_OR_RETURN(auto drugs, ObjectArray(j, "drugs", 6));
  for (std::size_t i = 0; i < drugs.size(); ++i) {
    const std::string at_i = "/drugs/" + std::to_string(i);
    const JsonBody& d = drugs[i];
    if (auto s = d.RejectUnknown({"type", "kg"}); !s) return Under(s.error(), at_i);
    auto type = d.String("type", 32);
    if (!type) return Under(type.error(), at_i);
    auto kg = d.OptNumber("kg", 0, 100000);
    if (!kg) return Under(kg.error(), at_i);
    if (!*kg) return Invalid("is required (kg)", at_i + "/kg", "required");
    o.drugs.push_back({*type, **kg});
  }
  ISTMO_ASSIGN_OR_RETURN(auto arrests, ObjectArray(j, "arrests", 50));
  for (std::size_t i = 0; i < arrests.size(); ++i) {
    const std::string at_i = "/arrests/" + std::to_string(i);
    const JsonBody& a = arrests[i];
    if (auto s = a.RejectUnknown({"nationality", "count"}); !s) return Under(s.error(), at_i);
    auto nationality = a.String("nationality", 3);
    if (!nationality) return Under(nationality.error(), at_i);
    auto count = a.OptInt("count", 1, 1000);
    if (!count) return Under(count.error(), at_i);
    if (!*count) return Invalid("is required", at_i + "/count", "required");
    o.arrests.push_back({*nationality, static_cast<int>(**count)});
  }
  ISTMO_ASSIGN_OR_RETURN(auto other, ObjectArray(j, "other_contraband", 50));
  for (std::size_t i = 0; i < other.size(); ++i) {
    const std::string at_i = "/other_contraband/" + std::to_string(i);
    const JsonBody& x = other[i];
    if (auto s = x.RejectUnknown({"description", "quantity"}); !s) return Under(s.error(), at_i);
    auto description = x.String("description", 200);
    if (!description) return Under(description.error(), at_i);
    auto quantity = x.OptNumber("quantity", 0, 1e12);
    if (!quantity) return Under(quantity.error(), at_i);
    o.other_contraband.push_back({*description, *quantity});
  }
  return o;
}

// ?from=&to= of the statistics and the map: [from, to); without ?to no upper bound (a case
// opened this instant counts), without ?from the 366 days before now (or before ?to).
struct Range {
  core::Timestamp from, to;
};
core::Result<Range> RangeOf(const Request& r, core::Timestamp now) {
  ISTMO_ASSIGN_OR_RETURN(auto to, TimeParam(r, "to", INT64_MAX));
  const std::int64_t end = r.QueryParam("to") ? to : now.time_since_epoch().count();
  ISTMO_ASSIGN_OR_RETURN(auto from, TimeParam(r, "from", end - 366LL * 86'400'000'000LL));
  if (from > to) return Invalid("must not be after ?to", "?from", "invalid_value");
  return Range{core::Timestamp(std::chrono::microseconds(from)),
               core::Timestamp(std::chrono::microseconds(to))};
}

const json kCaseSchema = {
    {"type", "object"},
    {"required", {"id", "number", "title", "owner_org", "status"}},
    {"properties",
     {{"id", {{"type", "string"}}},
      {"number", {{"type", "string"}}},
      {"title", {{"type", "string"}}},
      {"summary", {{"type", "string"}}},
      {"owner_org", {{"type", "string"}}},
      {"owner_org_name", {{"type", "string"}}},
      {"releasability", {{"type", "array"}}},
      {"status", {{"type", "string"}, {"enum", {"open", "underway", "interdicted", "closed"}}}},
      {"opened_at", {{"type", "string"}}},
      {"opened_by", {{"type", "string"}}},
      {"updated_at", {{"type", "string"}}},
      {"alert_ids", {{"type", "array"}}},
      {"mmsis", {{"type", "array"}}},
      {"positions", {{"type", "array"}}},
      {"outcome", {{"type", "object"}, {"nullable", true}}},
      {"crew", {{"type", "array"}}},
      {"timeline", {{"type", "array"}}}}}};

}  // namespace

void AddCaseRoutes(std::vector<api::Route>& routes, const RouteDeps& deps) {
  const RouteDeps s = deps;
  // After a change, the case as the caller now sees it, in the same transaction.
  auto change =
      [s](Request& r,
          const std::function<core::Status(store::Connection&)>& apply) -> core::Result<Response> {
    ISTMO_ASSIGN_OR_RETURN(auto k,
                           s.store.Write<Case>([&](store::Connection& tx) -> core::Result<Case> {
                             ISTMO_RETURN_IF_ERROR(apply(tx));
                             return GetCase(tx, r.Scope(), r.path_params["id"], s.crew);
                           }));
    return Response::Json(CaseJson(k, true));
  };

  routes.push_back(Route{
      .method = "POST",
      .path = "/api/v1/maritime/cases",
      .tag = "maritime",
      .summary = "Open an interdiction case, for the caller's organization or (supervisors, "
                 "admins) another one; alert_ids are escalated to it in the same transaction",
      .roles = kWorkers,
      .max_body = 16 * 1024,
      .json_body = true,
      .success_status = 201,
      .request_schema = {{"type", "object"},
                         {"required", {"title"}},
                         {"properties",
                          {{"title", {{"type", "string"}}},
                           {"summary", {{"type", "string"}}},
                           {"org_id", {{"type", "string"}}},
                           {"releasability", {{"type", "array"}}},
                           {"alert_ids", {{"type", "array"}}},
                           {"mmsis", {{"type", "array"}}}}}},
      .response_schema = kCaseSchema,
      .handler = [s](Request& r) -> core::Result<Response> {
        ISTMO_ASSIGN_OR_RETURN(auto j, JsonBody::Parse(r.body));
        ISTMO_RETURN_IF_ERROR(
            j.RejectUnknown({"title", "summary", "org_id", "releasability", "alert_ids", "mmsis"}));
        NewCase in;
        ISTMO_ASSIGN_OR_RETURN(in.title, j.String("title", 200));
        ISTMO_ASSIGN_OR_RETURN(auto summary, j.OptString("summary", 4000, true));
        in.summary = summary.value_or("");
        ISTMO_ASSIGN_OR_RETURN(auto org_id, j.OptString("org_id", 64));
        if (org_id && *org_id != r.Scope().org_id) {
          ISTMO_ASSIGN_OR_RETURN(in.owner, FindOrg(s, *org_id, "/org_id"));
        }
        ISTMO_ASSIGN_OR_RETURN(auto rel, j.OptStringArray("releasability"));
        in.releasability = rel.value_or(std::vector<std::string>{});
        ISTMO_ASSIGN_OR_RETURN(auto alerts, j.OptStringArray("alert_ids", 50, 64));
        in.alert_ids = alerts.value_or(std::vector<std::string>{});
        ISTMO_ASSIGN_OR_RETURN(in.mmsis, Mmsis(j));
        ISTMO_ASSIGN_OR_RETURN(
            auto k, s.store.Write<Case>([&](store::Connection& tx) -> core::Result<Case> {
              ISTMO_ASSIGN_OR_RETURN(Case opened, OpenCase(tx, r.Scope(), in, s.clock.Now()));
              return GetCase(tx, r.Scope(), opened.id, s.crew);
            }));
        return Response::Json(CaseJson(k, true), 201);
      }});

  routes.push_back(Route{
      .method = "GET",
      .path = "/api/v1/maritime/cases",
      .tag = "maritime",
      .summary = "Interdiction cases the caller may see, latest updated first, without their "
                 "timelines; ?status=, ?org_id= (owner), ?since= (updated at or after), ?limit= "
                 "(1-500)",
      .response_schema = {{"type", "object"},
                          {"properties", {{"items", {{"type", "array"}, {"items", kCaseSchema}}}}}},
      .handler = [s](Request& r) -> core::Result<Response> {
        CaseQuery q;
        if (auto status = r.QueryParam("status")) {
          ISTMO_ASSIGN_OR_RETURN(q.status, StatusValue(*status, "?status"));
        }
        q.owner_org = r.QueryParam("org_id").value_or("");
        if (r.QueryParam("since")) {
          ISTMO_ASSIGN_OR_RETURN(auto since, TimeParam(r, "since", 0));
          q.since = core::Timestamp(std::chrono::microseconds(since));
        }
        ISTMO_ASSIGN_OR_RETURN(auto limit, r.QueryInt("limit", 100, 1, 500));
        q.limit = static_cast<int>(limit);
        ISTMO_ASSIGN_OR_RETURN(auto cases,
                               s.store.Read<std::vector<Case>>([&](store::Connection& c) {
                                 return ListCases(c, r.Scope(), q, s.crew);
                               }));
        json items = json::array();
        for (const Case& k : cases) items.push_back(CaseJson(k, false));
        return Response::Json({{"items", std::move(items)}});
      }});

  // Before /cases/{id}: the first route that matches wins.
  routes.push_back(Route{
      .method = "GET",
      .path = "/api/v1/maritime/cases/stats",
      .tag = "maritime",
      .summary = "Case statistics by Panama civil month, area, drug and arrested nationality, "
                 "over the cases the caller may see whose time (the outcome's, else the "
                 "opening) is in [from, to) (default: from 366 days ago, no end)",
      .response_schema = {{"type", "object"},
                          {"properties",
                           {{"months", {{"type", "array"}}},
                            {"areas", {{"type", "array"}}},
                            {"drugs", {{"type", "array"}}},
                            {"arrests", {{"type", "array"}}}}}},
      .pool = api::Pool::kReports,
      .handler = [s](Request& r) -> core::Result<Response> {
        ISTMO_ASSIGN_OR_RETURN(auto range, RangeOf(r, s.clock.Now()));
        ISTMO_ASSIGN_OR_RETURN(auto stats, s.store.Read<CaseStats>([&](store::Connection& c) {
          return ComputeCaseStats(c, r.Scope(), range.from, range.to);
        }));
        return Response::Json(CaseStatsJson(stats));
      }});

  routes.push_back(Route{
      .method = "GET",
      .path = "/api/v1/maritime/cases/map",
      .tag = "maritime",
      .summary = "The interdiction map: a GeoJSON FeatureCollection with one Point per visible "
                 "case with an outcome position in [from, to) (default: from 366 days ago, no end)",
      .response_schema = {{"type", "object"},
                          {"properties",
                           {{"type", {{"type", "string"}}}, {"features", {{"type", "array"}}}}}},
      .pool = api::Pool::kReports,
      .handler = [s](Request& r) -> core::Result<Response> {
        ISTMO_ASSIGN_OR_RETURN(auto range, RangeOf(r, s.clock.Now()));
        ISTMO_ASSIGN_OR_RETURN(auto cases,
                               s.store.Read<std::vector<Case>>([&](store::Connection& c) {
                                 return MappedCases(c, r.Scope(), range.from, range.to);
                               }));
        Response out = Response::Json(CaseMapJson(cases));
        out.content_type = "application/geo+json";
        return out;
      }});

  routes.push_back(
      Route{.method = "GET",
            .path = "/api/v1/maritime/cases/{id}",
            .tag = "maritime",
            .summary = "One interdiction case with its timeline (404 when hidden or absent)",
            .response_schema = kCaseSchema,
            .handler = [s](Request& r) -> core::Result<Response> {
              ISTMO_ASSIGN_OR_RETURN(auto k, s.store.Read<Case>([&](store::Connection& c) {
                return GetCase(c, r.Scope(), r.path_params["id"], s.crew);
              }));
              return Response::Json(CaseJson(k, true));
            }});

  routes.push_back(Route{
      .method = "PATCH",
      .path = "/api/v1/maritime/cases/{id}",
      .tag = "maritime",
      .summary = "Edit a case's title and summary, move its status (open, underway, "
                 "interdicted, closed; docs/maritime.md), or reassign it (org_id: supervisors "
                 "and admins of the owner)",
      .roles = kWorkers,
      .max_body = 16 * 1024,
      .json_body = true,
      .request_schema = {{"type", "object"},
                         {"properties",
                          {{"title", {{"type", "string"}}},
                           {"summary", {{"type", "string"}}},
                           {"status", kCaseSchema["properties"]["status"]},
                           {"org_id", {{"type", "string"}}}}}},
      .response_schema = kCaseSchema,
      .handler = [s, change](Request& r) -> core::Result<Response> {
        ISTMO_ASSIGN_OR_RETURN(auto j, JsonBody::Parse(r.body));
        ISTMO_RETURN_IF_ERROR(j.RejectUnknown({"title", "summary", "status", "org_id"}));
        CasePatch patch;
        ISTMO_ASSIGN_OR_RETURN(patch.title, j.OptString("title", 200));
        ISTMO_ASSIGN_OR_RETURN(patch.summary, j.OptString("summary", 4000, true));
        ISTMO_ASSIGN_OR_RETURN(auto status, j.OptString("status", 20));
        if (status) {
          ISTMO_ASSIGN_OR_RETURN(patch.status, StatusValue(*status, "/status"));
        }
        ISTMO_ASSIGN_OR_RETURN(auto org_id, j.OptString("org_id", 64));
        if (org_id) {
          ISTMO_ASSIGN_OR_RETURN(patch.owner, FindOrg(s, *org_id, "/org_id"));
        }
        return change(r, [&](store::Connection& tx) {
          return UpdateCase(tx, r.Scope(), r.path_params["id"], patch, s.clock.Now());
        });
      }});

  routes.push_back(Route{.method = "POST",
                         .path = "/api/v1/maritime/cases/{id}/positions",
                         .tag = "maritime",
                         .summary = "Add a position to a case (t, lat, lon, label?)",
                         .roles = kWorkers,
                         .max_body = 4096,
                         .json_body = true,
                         .request_schema = {{"type", "object"},
                                            {"required", {"t", "lat", "lon"}},
                                            {"properties",
                                             {{"t", {{"type", "string"}}},
                                              {"lat", {{"type", "number"}}},
                                              {"lon", {{"type", "number"}}},
                                              {"label", {{"type", "string"}}}}}},
                         .response_schema = kCaseSchema,
                         .handler = [s, change](Request& r) -> core::Result<Response> {
                           ISTMO_ASSIGN_OR_RETURN(auto j, JsonBody::Parse(r.body));
                           ISTMO_RETURN_IF_ERROR(j.RejectUnknown({"t", "lat", "lon", "label"}));
                           CasePosition p;
                           ISTMO_ASSIGN_OR_RETURN(auto t, j.String("t", 40));
                           ISTMO_ASSIGN_OR_RETURN(p.t, Instant(t, "/t"));
                           ISTMO_ASSIGN_OR_RETURN(auto lat, j.OptNumber("lat", -90, 90));
                           if (!lat) return Invalid("is required", "/lat", "required");
                           ISTMO_ASSIGN_OR_RETURN(auto lon, j.OptNumber("lon", -180, 180));
                           if (!lon) return Invalid("is required", "/lon", "required");
                           p.lat = *lat;
                           p.lon = *lon;
                           ISTMO_ASSIGN_OR_RETURN(auto label, j.OptString("label", 100, true));
                           p.label = label.value_or("");
                           return change(r, [&](store::Connection& tx) {
                             return AddCasePosition(tx, r.Scope(), r.path_params["id"], p,
                                                    s.clock.Now());
                           });
                         }});

  routes.push_back(
      Route{.method = "PUT",
            .path = "/api/v1/maritime/cases/{id}/outcome",
            .tag = "maritime",
            .summary = "Record (replace) a case's outcome: boarded, seized, at, lat, lon, drugs by "
                       "type and kg, arrests by nationality (ISO 3166 alpha-3), other contraband",
            .roles = kWorkers,
            .max_body = 32 * 1024,
            .json_body = true,
            .request_schema = {{"type", "object"},
                               {"required", {"boarded", "seized"}},
                               {"properties",
                                {{"boarded", {{"type", "boolean"}}},
                                 {"seized", {{"type", "boolean"}}},
                                 {"at", {{"type", "string"}}},
                                 {"lat", {{"type", "number"}}},
                                 {"lon", {{"type", "number"}}},
                                 {"drugs", {{"type", "array"}}},
                                 {"arrests", {{"type", "array"}}},
                                 {"other_contraband", {{"type", "array"}}}}}},
            .response_schema = kCaseSchema,
            .handler = [s, change](Request& r) -> core::Result<Response> {
              ISTMO_ASSIGN_OR_RETURN(auto j, JsonBody::Parse(r.body));
              ISTMO_ASSIGN_OR_RETURN(auto outcome, ParseOutcome(j));
              return change(r, [&](store::Connection& tx) {
                return SetCaseOutcome(tx, r.Scope(), r.path_params["id"], outcome, *s.crew,
                                      s.clock.Now());
              });
            }});

  routes.push_back(
      Route{.method = "POST",
            .path = "/api/v1/maritime/cases/{id}/crew",
            .tag = "maritime",
            .summary = "Link a crew member: the migration encounter of a person registered at a "
                       "station (one the caller may see)",
            .roles = kWorkers,
            .max_body = 4096,
            .json_body = true,
            .request_schema = {{"type", "object"},
                               {"required", {"encounter_id"}},
                               {"properties", {{"encounter_id", {{"type", "string"}}}}}},
            .response_schema = kCaseSchema,
            .handler = [s, change](Request& r) -> core::Result<Response> {
              ISTMO_ASSIGN_OR_RETURN(auto j, JsonBody::Parse(r.body));
              ISTMO_RETURN_IF_ERROR(j.RejectUnknown({"encounter_id"}));
              ISTMO_ASSIGN_OR_RETURN(auto encounter_id, j.String("encounter_id", 64));
              return change(r, [&](store::Connection& tx) {
                return AddCaseCrew(tx, r.Scope(), r.path_params["id"], encounter_id, *s.crew,
                                   s.clock.Now());
              });
            }});

  routes.push_back(Route{.method = "DELETE",
                         .path = "/api/v1/maritime/cases/{id}/crew/{encounter_id}",
                         .tag = "maritime",
                         .summary = "Unlink a crew member (404 when the encounter is not linked)",
                         .roles = kWorkers,
                         .response_schema = kCaseSchema,
                         .handler = [s, change](Request& r) -> core::Result<Response> {
                           const std::string encounter_id = r.path_params["encounter_id"];
                           return change(r, [&](store::Connection& tx) {
                             return RemoveCaseCrew(tx, r.Scope(), r.path_params["id"], encounter_id,
                                                   s.clock.Now());
                           });
                         }});

  routes.push_back(Route{.method = "POST",
                         .path = "/api/v1/maritime/cases/{id}/notes",
                         .tag = "maritime",
                         .summary = "Add a note to a case's timeline (closed cases too)",
                         .roles = kWorkers,
                         .max_body = 8192,
                         .json_body = true,
                         .request_schema = {{"type", "object"},
                                            {"required", {"body"}},
                                            {"properties", {{"body", {{"type", "string"}}}}}},
                         .response_schema = kCaseSchema,
                         .handler = [s, change](Request& r) -> core::Result<Response> {
                           ISTMO_ASSIGN_OR_RETURN(auto j, JsonBody::Parse(r.body));
                           ISTMO_RETURN_IF_ERROR(j.RejectUnknown({"body"}));
                           ISTMO_ASSIGN_OR_RETURN(auto body, j.String("body", 2000));
                           return change(r, [&](store::Connection& tx) {
                             return AddCaseNote(tx, r.Scope(), r.path_params["id"], body,
                                                s.clock.Now());
                           });
                         }});
}

}  // namespace istmo::maritime::internal

// The inspection routes (docs/api.md, "Canal inspections"; docs/canal.md, "Inspections and
// yield"): bodies and query parameters decoded here with errors that name the field; who may do
// what, the result's checks and the statistics live in inspections.cc.
#include "canal/internal/inspection_routes.h"

#include <optional>
#include <string>
#include <vector>

#include "api/json_body.h"
#include "canal/codes.h"
#include "canal/inspections.h"
#include "canal/internal/inspection_json.h"
#include "canal/internal/line_json.h"
#include "canal/internal/risk_json.h"
#include "core/id.h"

namespace istmo::canal::internal {
namespace {

using api::JsonBody;
using api::Request;
using api::Response;
using api::Route;
using nlohmann::json;
using store::Role;

core::Error Invalid(std::string message, std::string field, std::string reason) {
  return core::WithReason(core::InvalidArgument(std::move(message), std::move(field)),
                          std::move(reason));
}

json TimeOrNull(const std::optional<core::Timestamp>& t) {
  return t ? json(core::FormatIso8601(*t)) : json(nullptr);
}
json TextOrNull(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }
json NumberOrNull(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }

json UnitJson(const Unit& u) {
  return {{"id", u.id},         {"owner_org", u.owner_org},
          {"name", u.name},     {"terminal", TextOrNull(u.terminal)},
          {"active", u.active}, {"created_at", core::FormatIso8601(u.created_at)}};
}

json InspectionJson(const Inspection& x) {
  const InspectionResult none;
  const InspectionResult& res = x.result ? *x.result : none;
  return {{"id", x.id},
          {"owner_org", x.owner_org},
          {"releasability", x.releasability},
          {"line_id", x.line_id},
          {"container_number", x.container_number},
          {"bill_of_lading", x.bill_of_lading},
          {"hs_code", x.hs_code},
          {"port_of_loading", x.port_of_loading},
          {"lane", x.lane},
          {"selection", x.selection},
          {"score", x.score},
          {"reasons", ReasonsJson(x.reasons)},
          {"status", x.status},
          {"unit", x.unit ? json{{"id", x.unit->id}, {"name", x.unit->name}} : json(nullptr)},
          {"created_at", core::FormatIso8601(x.created_at)},
          {"created_by", TextOrNull(x.created_by)},
          {"note", TextOrNull(x.queue_note)},
          {"updated_at", core::FormatIso8601(x.updated_at)},
          {"assigned_at", TimeOrNull(x.assigned_at)},
          {"assigned_by", TextOrNull(x.assigned_by)},
          {"scan_result", TextOrNull(res.scan_result)},
          {"physical_exam", TextOrNull(res.physical_exam)},
          {"seal_check", TextOrNull(res.seal_check)},
          {"result", TextOrNull(res.result)},
          {"drugs", DrugsJson(res.drugs)},
          {"other_contraband", res.other_contraband},
          {"notes", res.notes},
          {"completed_at", TimeOrNull(x.completed_at)},
          {"completed_by", TextOrNull(x.completed_by)},
          {"cancel_reason", TextOrNull(x.cancel_reason)}};
}

// {inspected, positives, hit_rate, low, high}: nulls when nothing was inspected.
json ProportionJson(const Proportion& p) {
  const auto v = [&](double x) { return p.known ? json(x) : json(nullptr); };
  return {{"inspected", p.n},
          {"positives", p.positives},
          {"hit_rate", v(p.rate)},
          {"low", v(p.low)},
          {"high", v(p.high)}};
}

json RuleYieldJson(const RuleYield& y) {
  json j = ProportionJson(y.hits);
  j["rule_id"] = y.rule_id;
  j["name"] = y.name;
  j["version"] = y.version;
  j["status"] = y.status;
  j["fired"] = y.fired;
  j["lift"] = NumberOrNull(y.lift);
  j["beats_chance"] = y.beats_chance;
  return j;
}

json HistoryJson(const InspectionHistory& h) {
  json kg = json::object();
  for (const auto& [type, total] : h.kg_by_drug) kg[type] = total;
  json last = nullptr;
  if (h.last_positive) {
    const PositiveRef& p = *h.last_positive;
    last = {{"inspection_id", p.inspection_id},
            {"line_id", p.line_id},
            {"container_number", p.container_number},
            {"completed_at", core::FormatIso8601(p.completed_at)},
            {"drugs", DrugsJson(p.drugs)},
            {"other_contraband", p.other_contraband}};
  }
  return {{"lines", h.lines},
          {"inspections", h.inspections},
          {"positives", h.positives},
          {"kg_by_drug", kg},
          {"last_positive", last}};
}

core::Status Uuid(const std::string& value, const std::string& field, const char* what) {
  if (core::IsUuid(value)) return core::Ok();
  return Invalid(std::string("must be ") + what + " (UUID)", field, "invalid_value");
}

core::Result<std::string> UuidQuery(const Request& r, const std::string& name) {
  auto v = r.QueryParam(name);
  if (!v) return std::string();
  ISTMO_RETURN_IF_ERROR(Uuid(*v, "?" + name, "an id"));
  return *v;
}

core::Result<std::string> EnumQuery(const Request& r, const std::string& name,
                                    std::initializer_list<const char*> allowed) {
  auto v = r.QueryParam(name);
  if (!v) return std::string();
  std::string list;
  for (const char* a : allowed) {
    if (*v == a) return *v;
    list += (list.empty() ? "" : ", ") + std::string(a);
  }
  return Invalid("must be one of " + list, "?" + name, "invalid_value");
}

core::Result<InspectionQuery> ParseInspectionQuery(const Request& r) {
  InspectionQuery q;
  ISTMO_ASSIGN_OR_RETURN(q.status,
                         EnumQuery(r, "status", {"queued", "assigned", "done", "cancelled"}));
  ISTMO_ASSIGN_OR_RETURN(q.unit_id, UuidQuery(r, "unit_id"));
  ISTMO_ASSIGN_OR_RETURN(q.lane, EnumQuery(r, "lane", {"red", "yellow", "green"}));
  ISTMO_ASSIGN_OR_RETURN(q.selection, EnumQuery(r, "selection", {"rules", "random", "manual"}));
  ISTMO_ASSIGN_OR_RETURN(q.result, EnumQuery(r, "result", {"negative", "positive"}));
  ISTMO_ASSIGN_OR_RETURN(q.limit, r.QueryInt("limit", 100, 1, 1000));
  ISTMO_ASSIGN_OR_RETURN(q.after, UuidQuery(r, "after"));
  return q;
}

core::Result<std::optional<core::Timestamp>> TimeQuery(const Request& r, const std::string& name) {
  auto v = r.QueryParam(name);
  if (!v) return std::optional<core::Timestamp>();
  auto t = core::ParseIso8601(*v);
  if (!t) return Invalid("must be a date or an ISO 8601 time", "?" + name, "invalid_value");
  return std::optional<core::Timestamp>(*t);
}

core::Result<YieldQuery> ParseYieldQuery(const Request& r) {
  YieldQuery q;
  ISTMO_ASSIGN_OR_RETURN(q.from, TimeQuery(r, "from"));
  ISTMO_ASSIGN_OR_RETURN(q.to, TimeQuery(r, "to"));
  if (q.from && q.to && *q.from > *q.to) {
    return Invalid("must not be after ?to", "?from", "invalid_value");
  }
  ISTMO_ASSIGN_OR_RETURN(auto by, EnumQuery(r, "by", {"version", "rule"}));
  q.by_rule = by == "rule";
  return q;
}

const json kInspectionSchema = {
    {"type", "object"},
    {"required", {"id", "line_id", "lane", "selection", "score", "status"}},
    {"properties",
     {{"id", {{"type", "string"}}},
      {"line_id", {{"type", "string"}}},
      {"container_number", {{"type", "string"}}},
      {"lane", {{"type", "string"}, {"enum", {"red", "yellow", "green"}}}},
      {"selection", {{"type", "string"}, {"enum", {"rules", "random", "manual"}}}},
      {"score", {{"type", "number"}}},
      {"reasons", {{"type", "array"}}},
      {"status", {{"type", "string"}, {"enum", {"queued", "assigned", "done", "cancelled"}}}},
      {"unit", {{"type", "object"}, {"nullable", true}}},
      {"result", {{"type", "string"}, {"nullable", true}}},
      {"drugs", {{"type", "array"}}}}}};
const json kUnitSchema = {{"type", "object"},
                          {"properties",
                           {{"id", {{"type", "string"}}},
                            {"name", {{"type", "string"}}},
                            {"terminal", {{"type", "string"}, {"nullable", true}}},
                            {"active", {{"type", "boolean"}}}}}};

}  // namespace

void AddInspectionRoutes(std::vector<Route>& routes, const RouteDeps& deps) {
  const RouteDeps s = deps;
  const auto kReaders = api::Roles({Role::kOfficer, Role::kAnalyst, Role::kSupervisor});
  const auto kSupervisors = api::Roles({Role::kSupervisor});
  const auto kRecorders = api::Roles({Role::kOfficer, Role::kSupervisor});

  // A change to an inspection in one transaction, answered with the inspection as it now is.
  auto change = [s](const std::function<core::Result<Inspection>(store::Connection&)>& apply,
                    int status = 200) -> core::Result<Response> {
    ISTMO_ASSIGN_OR_RETURN(auto x, s.store.Write<Inspection>(apply));
    return Response::Json(InspectionJson(x), status);
  };

  routes.push_back(Route{.method = "GET",
                         .path = "/api/v1/canal/units",
                         .tag = "canal",
                         .summary = "The inspection units of the caller's organization, by name",
                         .roles = kReaders,
                         .handler = [s](Request& r) -> core::Result<Response> {
                           ISTMO_ASSIGN_OR_RETURN(auto units, s.store.Read<std::vector<Unit>>(
                                                                  [&](store::Connection& c) {
                                                                    return ListUnits(c, r.Scope());
                                                                  }));
                           json out = json::array();
                           for (const Unit& u : units) out.push_back(UnitJson(u));
                           return Response::Json({{"units", out}});
                         }});

  routes.push_back(Route{
      .method = "POST",
      .path = "/api/v1/canal/units",
      .tag = "canal",
      .summary = "Add an inspection unit to the caller's organization (supervisors)",
      .roles = kSupervisors,
      .json_body = true,
      .success_status = 201,
      .request_schema = {{"type", "object"},
                         {"required", {"name"}},
                         {"properties",
                          {{"name", {{"type", "string"}}}, {"terminal", {{"type", "string"}}}}}},
      .response_schema = kUnitSchema,
      .handler = [s](Request& r) -> core::Result<Response> {
        ISTMO_ASSIGN_OR_RETURN(auto j, JsonBody::Parse(r.body));
        ISTMO_RETURN_IF_ERROR(j.RejectUnknown({"name", "terminal"}));
        ISTMO_ASSIGN_OR_RETURN(auto name, j.String("name", 100));
        ISTMO_ASSIGN_OR_RETURN(auto terminal, j.OptString("terminal", 10, true));
        ISTMO_ASSIGN_OR_RETURN(auto u, s.store.Write<Unit>([&](store::Connection& tx) {
          return CreateUnit(tx, r.Scope(), name, terminal.value_or(""), s.clock.Now());
        }));
        return Response::Json(UnitJson(u), 201);
      }});

  routes.push_back(Route{
      .method = "PUT",
      .path = "/api/v1/canal/units/{id}",
      .tag = "canal",
      .summary = "Rename, move or (de)activate a unit of the caller's organization (supervisors)",
      .roles = kSupervisors,
      .json_body = true,
      .request_schema = {{"type", "object"},
                         {"properties",
                          {{"name", {{"type", "string"}}},
                           {"terminal", {{"type", "string"}}},
                           {"active", {{"type", "boolean"}}}}}},
      .response_schema = kUnitSchema,
      .handler = [s](Request& r) -> core::Result<Response> {
        const std::string id = r.path_params["id"];
        ISTMO_RETURN_IF_ERROR(Uuid(id, "id", "a unit id"));
        ISTMO_ASSIGN_OR_RETURN(auto j, JsonBody::Parse(r.body));
        ISTMO_RETURN_IF_ERROR(j.RejectUnknown({"name", "terminal", "active"}));
        UnitPatch patch;
        ISTMO_ASSIGN_OR_RETURN(patch.name, j.OptString("name", 100));
        ISTMO_ASSIGN_OR_RETURN(patch.terminal, j.OptString("terminal", 10, true));
        ISTMO_ASSIGN_OR_RETURN(patch.active, j.OptBool("active"));
        ISTMO_ASSIGN_OR_RETURN(auto u, s.store.Write<Unit>([&](store::Connection& tx) {
          return UpdateUnit(tx, r.Scope(), id, patch, s.clock.Now());
        }));
        return Response::Json(UnitJson(u));
      }});

  routes.push_back(Route{
      .method = "GET",
      .path = "/api/v1/canal/inspections",
      .tag = "canal",
      .summary = "Inspections the caller may see (?status, unit_id, lane, selection, result, "
                 "limit, after): the queue by score, highest first; done by completion, newest "
                 "first",
      .roles = kReaders,
      .handler = [s](Request& r) -> core::Result<Response> {
        ISTMO_ASSIGN_OR_RETURN(auto q, ParseInspectionQuery(r));
        ISTMO_ASSIGN_OR_RETURN(
            auto list, s.store.Read<std::vector<Inspection>>(
                           [&](store::Connection& c) { return ListInspections(c, r.Scope(), q); }));
        json items = json::array();
        for (const Inspection& x : list) items.push_back(InspectionJson(x));
        const bool more = static_cast<std::int64_t>(list.size()) == q.limit;
        return Response::Json(
            {{"inspections", items}, {"next_after", more ? json(list.back().id) : json(nullptr)}});
      }});

  routes.push_back(
      Route{.method = "POST",
            .path = "/api/v1/canal/inspections",
            .tag = "canal",
            .summary = "Queue a manifest line of the caller's organization for inspection by hand "
                       "(supervisors; selection 'manual')",
            .roles = kSupervisors,
            .json_body = true,
            .success_status = 201,
            .request_schema = {{"type", "object"},
                               {"required", {"line_id"}},
                               {"properties",
                                {{"line_id", {{"type", "string"}}},
                                 {"lane", {{"type", "string"}, {"enum", {"red", "yellow"}}}},
                                 {"note", {{"type", "string"}}}}}},
            .response_schema = kInspectionSchema,
            .handler = [s, change](Request& r) -> core::Result<Response> {
              ISTMO_ASSIGN_OR_RETURN(auto j, JsonBody::Parse(r.body));
              ISTMO_RETURN_IF_ERROR(j.RejectUnknown({"line_id", "lane", "note"}));
              NewInspection in;
              ISTMO_ASSIGN_OR_RETURN(in.line_id, j.String("line_id", 64));
              ISTMO_RETURN_IF_ERROR(Uuid(in.line_id, "/line_id", "a manifest line id"));
              ISTMO_ASSIGN_OR_RETURN(auto lane, j.OptString("lane", 10));
              in.lane = lane.value_or("red");
              ISTMO_ASSIGN_OR_RETURN(auto note, j.OptString("note", 1000, true));
              in.note = note.value_or("");
              return change(
                  [&](store::Connection& tx) {
                    return QueueInspection(tx, r.Scope(), in, s.clock.Now());
                  },
                  201);
            }});

  routes.push_back(Route{
      .method = "GET",
      .path = "/api/v1/canal/inspections/{id}",
      .tag = "canal",
      .summary = "An inspection with its manifest line and the line's current risk",
      .roles = kReaders,
      .handler = [s](Request& r) -> core::Result<Response> {
        const std::string id = r.path_params["id"];
        ISTMO_RETURN_IF_ERROR(Uuid(id, "id", "an inspection id"));
        return s.store.Read<Response>([&](store::Connection& c) -> core::Result<Response> {
          ISTMO_ASSIGN_OR_RETURN(auto x, GetInspection(c, r.Scope(), id));
          json out = InspectionJson(x);
          auto line = GetContainerLine(c, r.Scope(), x.line_id);
          out["line"] = line ? LineJson(*line) : json(nullptr);
          ISTMO_ASSIGN_OR_RETURN(auto risks, RisksOf(c, r.Scope(), {x.line_id}));
          const auto risk = risks.find(x.line_id);
          out["risk"] = risk == risks.end() ? json(nullptr) : LineRiskJson(risk->second.risk);
          return Response::Json(out);
        });
      }});

  routes.push_back(Route{
      .method = "POST",
      .path = "/api/v1/canal/inspections/{id}/assign",
      .tag = "canal",
      .summary = "Assign a queued (or reassign an assigned) inspection to an active unit of its "
                 "organization (supervisors of the owner)",
      .roles = kSupervisors,
      .json_body = true,
      .request_schema = {{"type", "object"},
                         {"required", {"unit_id"}},
                         {"properties", {{"unit_id", {{"type", "string"}}}}}},
      .response_schema = kInspectionSchema,
      .handler = [s, change](Request& r) -> core::Result<Response> {
        const std::string id = r.path_params["id"];
        ISTMO_RETURN_IF_ERROR(Uuid(id, "id", "an inspection id"));
        ISTMO_ASSIGN_OR_RETURN(auto j, JsonBody::Parse(r.body));
        ISTMO_RETURN_IF_ERROR(j.RejectUnknown({"unit_id"}));
        ISTMO_ASSIGN_OR_RETURN(auto unit_id, j.String("unit_id", 64));
        ISTMO_RETURN_IF_ERROR(Uuid(unit_id, "/unit_id", "a unit id"));
        return change([&](store::Connection& tx) {
          return AssignInspection(tx, r.Scope(), id, unit_id, s.clock.Now());
        });
      }});

  routes.push_back(Route{
      .method = "POST",
      .path = "/api/v1/canal/inspections/{id}/cancel",
      .tag = "canal",
      .summary = "Cancel a queued or assigned inspection, with a reason (supervisors of the owner)",
      .roles = kSupervisors,
      .json_body = true,
      .request_schema = {{"type", "object"},
                         {"required", {"reason"}},
                         {"properties", {{"reason", {{"type", "string"}}}}}},
      .response_schema = kInspectionSchema,
      .handler = [s, change](Request& r) -> core::Result<Response> {
        const std::string id = r.path_params["id"];
        ISTMO_RETURN_IF_ERROR(Uuid(id, "id", "an inspection id"));
        ISTMO_ASSIGN_OR_RETURN(auto j, JsonBody::Parse(r.body));
        ISTMO_RETURN_IF_ERROR(j.RejectUnknown({"reason"}));
        ISTMO_ASSIGN_OR_RETURN(auto reason, j.String("reason", 500));
        return change([&](store::Connection& tx) {
          return CancelInspection(tx, r.Scope(), id, reason, s.clock.Now());
        });
      }});

  routes.push_back(Route{
      .method = "POST",
      .path = "/api/v1/canal/inspections/{id}/result",
      .tag = "canal",
      .summary = "Record the result of an assigned inspection (officers of the owner, once); a "
                 "supervisor corrects a recorded one with correction_reason",
      .roles = kRecorders,
      .json_body = true,
      .request_schema = {{"type", "object"},
                         {"required", {"scan_result", "physical_exam", "seal_check", "result"}},
                         {"properties",
                          {{"scan_result", {{"type", "string"}}},
                           {"physical_exam", {{"type", "string"}}},
                           {"seal_check", {{"type", "string"}}},
                           {"result", {{"type", "string"}}},
                           {"drugs", {{"type", "array"}}},
                           {"other_contraband", {{"type", "string"}}},
                           {"notes", {{"type", "string"}}},
                           {"correction_reason", {{"type", "string"}}}}}},
      .response_schema = kInspectionSchema,
      .handler = [s, change](Request& r) -> core::Result<Response> {
        const std::string id = r.path_params["id"];
        ISTMO_RETURN_IF_ERROR(Uuid(id, "id", "an inspection id"));
        ISTMO_ASSIGN_OR_RETURN(auto result, ParseInspectionResult(r.body));
        return change([&](store::Connection& tx) {
          return RecordResult(tx, r.Scope(), id, result, s.clock.Now());
        });
      }});

  routes.push_back(
      Route{.method = "GET",
            .path = "/api/v1/canal/yield",
            .tag = "canal",
            .summary = "Yield of the risk rules over done inspections (?from, to: completion time; "
                       "?by=version|rule) against the random-selection baseline, with 95% Wilson "
                       "intervals",
            .roles = kReaders,
            .pool = api::Pool::kReports,
            .handler = [s](Request& r) -> core::Result<Response> {
              ISTMO_ASSIGN_OR_RETURN(auto q, ParseYieldQuery(r));
              ISTMO_ASSIGN_OR_RETURN(auto y, s.store.Read<Yield>([&](store::Connection& c) {
                return ComputeYield(c, r.Scope(), q);
              }));
              json rules = json::array();
              for (const RuleYield& x : y.rules) rules.push_back(RuleYieldJson(x));
              json overall = ProportionJson(y.rules_overall);
              overall["lift"] = NumberOrNull(y.overall_lift);
              return Response::Json({{"by", q.by_rule ? "rule" : "version"},
                                     {"baseline", ProportionJson(y.baseline)},
                                     {"rules", rules},
                                     {"rules_overall", overall}});
            }});

  routes.push_back(Route{
      .method = "GET",
      .path = "/api/v1/canal/history/parties/{party_id}",
      .tag = "canal",
      .summary = "A party's inspection history over the lines the caller may see: lines, "
                 "inspections, positives, kg by drug, last positive",
      .roles = kReaders,
      .handler = [s](Request& r) -> core::Result<Response> {
        const std::string id = r.path_params["party_id"];
        ISTMO_RETURN_IF_ERROR(Uuid(id, "party_id", "a party id"));
        ISTMO_ASSIGN_OR_RETURN(auto h, s.store.Read<InspectionHistory>([&](store::Connection& c) {
          return PartyInspectionHistory(c, r.Scope(), id);
        }));
        json out = HistoryJson(h);
        out["party_id"] = id;
        return Response::Json(out);
      }});

  routes.push_back(Route{
      .method = "GET",
      .path = "/api/v1/canal/history/ports/{locode}",
      .tag = "canal",
      .summary = "A port's inspection history (loading, discharge or transshipment) over the "
                 "lines the caller may see",
      .roles = kReaders,
      .handler = [s](Request& r) -> core::Result<Response> {
        ISTMO_ASSIGN_OR_RETURN(auto locode, NormalizeLocode(r.path_params["locode"], "locode"));
        ISTMO_ASSIGN_OR_RETURN(auto h, s.store.Read<InspectionHistory>([&](store::Connection& c) {
          return PortInspectionHistory(c, r.Scope(), locode);
        }));
        json out = HistoryJson(h);
        out["locode"] = locode;
        return Response::Json(out);
      }});

  routes.push_back(Route{
      .method = "GET",
      .path = "/api/v1/canal/dashboard",
      .tag = "canal",
      .summary = "Counts of the canal's week ahead and last 30 days that the caller may see",
      .roles = kReaders,
      .pool = api::Pool::kReports,
      .handler = [s](Request& r) -> core::Result<Response> {
        ISTMO_ASSIGN_OR_RETURN(auto d, s.store.Read<Dashboard>([&](store::Connection& c) {
          return ComputeDashboard(c, r.Scope(), s.clock.Now());
        }));
        json by_unit = json::array();
        for (const auto& u : d.by_unit) {
          by_unit.push_back({{"unit_id", u.unit_id}, {"name", u.name}, {"assigned", u.assigned}});
        }
        json seizures = json::array();
        for (const auto& [type, kg] : d.seizures_30d)
          seizures.push_back({{"type", type}, {"kg", kg}});
        json top = json::array();
        for (const RuleYield& y : d.top_rules) top.push_back(RuleYieldJson(y));
        const auto rate = [](const Proportion& p) {
          return p.known ? json(p.rate) : json(nullptr);
        };
        return Response::Json(
            {{"transits_next_7_days", d.transits_next_7_days},
             {"containers_scored_30d", d.containers_scored_30d},
             {"lanes_30d",
              {{"red", d.red}, {"yellow", d.yellow}, {"green", d.green}, {"random", d.random}}},
             {"queue", {{"queued", d.queued}, {"assigned", d.assigned}, {"by_unit", by_unit}}},
             {"inspections_30d",
              {{"done", d.done_30d},
               {"positives", d.positives_30d},
               {"hit_rate_rules", rate(d.rules_30d)},
               {"hit_rate_random", rate(d.random_30d)},
               {"lift", NumberOrNull(d.lift_30d)}}},
             {"seizures_30d", seizures},
             {"top_rules", top}});
      }});
}

}  // namespace istmo::canal::internal

// The HTTP routes of risk selection (docs/api.md, "Canal: rules, lanes and scores"): fields, lists,
// rules, lane settings, scoring runs and the ranked scores. Roles: analysts of the owner write
// lists and rules; supervisors set lanes; analysts and supervisors score; officers, analysts and
// supervisors read what is released to them.
#include <cmath>

#include "api/json_body.h"
#include "canal/internal/risk_json.h"
#include "canal/risk.h"
#include "canal/routes.h"
#include "core/id.h"

namespace istmo::canal {

namespace internal {

using nlohmann::json;

namespace {

json Threshold(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }

}  // namespace

json ReasonsJson(const std::vector<RiskReason>& reasons) {
  json out = json::array();
  for (const RiskReason& r : reasons) {
    const bool known = !r.name.empty();
    out.push_back({{"rule_id", r.rule_id},
                   {"version", r.version},
                   {"name", known ? json(r.name) : json(nullptr)},
                   {"weight", r.weight},
                   {"explanation", known ? json{{"es", r.explanation_es}, {"en", r.explanation_en}}
                                         : json(nullptr)}});
  }
  return out;
}

json InspectionRefJson(const std::optional<InspectionRef>& i) {
  if (!i) return nullptr;
  return {{"id", i->id},
          {"status", i->status},
          {"result", i->result.empty() ? json(nullptr) : json(i->result)}};
}

json ScoreSummaryJson(const ScoreSummary& s) {
  return {{"run_id", s.run_id},
          {"scored", s.scored},
          {"red", s.red},
          {"yellow", s.yellow},
          {"green", s.green},
          {"random", s.random},
          {"queued", s.queued},
          {"thresholds",
           {{"red", Threshold(s.red_threshold)}, {"yellow", Threshold(s.yellow_threshold)}}},
          {"skipped_rules", s.skipped_rules}};
}

json LineRiskJson(const LineRisk& r) {
  json facts = json::parse(r.facts, nullptr, false);
  if (!facts.is_object()) facts = json::object();
  return {{"score", r.score},
          {"lane", r.lane},
          {"selection", r.selection},
          {"scored_at", core::FormatIso8601(r.scored_at)},
          {"reasons", ReasonsJson(r.reasons)},
          {"facts", facts}};
}

}  // namespace internal

std::string ScoreSummaryJsonText(const ScoreSummary& summary) {
  return internal::ScoreSummaryJson(summary).dump();
}

namespace {

using api::JsonBody;
using api::Request;
using api::Response;
using api::Route;
using nlohmann::json;
using store::Role;

constexpr std::size_t kMaxListItems = 10000;
constexpr std::size_t kMaxListBody = 1024 * 1024;

json LanesJson(const LaneReport& l) {
  const LaneSettings& s = l.settings;
  return {{"red_rate", s.rates.red_rate},
          {"yellow_rate", s.rates.yellow_rate},
          {"random_rate", s.rates.random_rate},
          {"version", s.version},
          {"updated_at", s.updated_at ? json(core::FormatIso8601(*s.updated_at)) : json(nullptr)},
          {"updated_by", s.updated_by.empty() ? json(nullptr) : json(s.updated_by)},
          {"thresholds",
           {{"red", internal::Threshold(l.red_threshold)},
            {"yellow", internal::Threshold(l.yellow_threshold)}}},
          {"actual",
           {{"days", l.days},
            {"scored", l.scored},
            {"red", l.red},
            {"yellow", l.yellow},
            {"random", l.random}}}};
}

json ScoredJson(const ScoredLine& x) {
  return {{"line_id", x.line_id},
          {"owner_org", x.owner_org},
          {"releasability", x.releasability},
          {"container_number", x.container_number},
          {"bill_of_lading", x.bill_of_lading},
          {"hs_code", x.hs_code},
          {"port_of_loading", x.port_of_loading},
          {"port_of_discharge", x.port_of_discharge},
          {"shipper", {{"party_id", x.shipper.party_id}, {"name", x.shipper.name}}},
          {"consignee", {{"party_id", x.consignee.party_id}, {"name", x.consignee.name}}},
          {"vessel_imo", x.vessel_imo.empty() ? json(nullptr) : json(x.vessel_imo)},
          {"score", x.risk.score},
          {"lane", x.risk.lane},
          {"selection", x.risk.selection},
          {"scored_at", core::FormatIso8601(x.risk.scored_at)},
          {"reasons", internal::ReasonsJson(x.risk.reasons)},
          {"inspection", internal::InspectionRefJson(x.inspection)}};
}

core::Result<std::string> IdParam(const Request& r) {
  std::string id = r.path_params.at("id");
  if (!core::IsUuid(id)) return core::InvalidArgument("must be an id (UUID)", "id");
  return id;
}

core::Result<std::vector<std::string>> Items(const JsonBody& b) {
  ISTMO_ASSIGN_OR_RETURN(auto items, b.OptStringArray("items", kMaxListItems, 200));
  if (!items) return core::WithReason(core::InvalidArgument("is required", "/items"), "required");
  return std::move(*items);
}

// A rule's text spans lines (comments run to the end of a line), which JsonBody's strings refuse.
core::Result<std::optional<std::string>> OptExpression(const JsonBody& b) {
  const json& j = b.json();
  auto it = j.find("expression");
  if (it == j.end() || it->is_null()) return std::optional<std::string>();
  if (!it->is_string()) return core::InvalidArgument("must be a string", "/expression");
  std::string text = it->get<std::string>();
  if (text.empty() || text.size() > 4096) {
    return core::WithReason(core::InvalidArgument("must have 1 to 4096 bytes", "/expression"),
                            "too_long", {{"max", "4096"}});
  }
  ISTMO_RETURN_IF_ERROR(api::CheckText(text, "/expression", true));
  return std::optional<std::string>(std::move(text));
}

core::Result<std::string> Expression(const JsonBody& b) {
  ISTMO_ASSIGN_OR_RETURN(auto text, OptExpression(b));
  if (!text)
    return core::WithReason(core::InvalidArgument("is required", "/expression"), "required");
  return std::move(*text);
}

core::Result<std::vector<std::string>> ReleasabilityOf(const JsonBody& b) {
  ISTMO_ASSIGN_OR_RETURN(auto rel, b.OptStringArray("releasability", 64, 100));
  return rel.value_or(std::vector<std::string>{});
}

// {es, en}: both required when `required`, else each optional.
core::Status Explanation(const JsonBody& b, bool required, std::optional<std::string>& es,
                         std::optional<std::string>& en) {
  const json& j = b.json();
  auto it = j.find("explanation");
  if (it == j.end() || it->is_null()) {
    if (required) {
      return core::WithReason(core::InvalidArgument("is required", "/explanation"), "required");
    }
    return core::Ok();
  }
  if (!it->is_object()) return core::InvalidArgument("must be an object {es, en}", "/explanation");
  for (const auto& [key, value] : it->items()) {
    if (key != "es" && key != "en") {
      return core::InvalidArgument("unknown field; expected es or en", "/explanation/" + key);
    }
  }
  for (auto [key, out] : {std::pair{"es", &es}, std::pair{"en", &en}}) {
    auto v = it->find(key);
    if (v == it->end() || v->is_null()) {
      if (required) {
        return core::WithReason(
            core::InvalidArgument("is required", std::string("/explanation/") + key), "required");
      }
      continue;
    }
    if (!v->is_string()) {
      return core::InvalidArgument("must be a string", std::string("/explanation/") + key);
    }
    *out = v->get<std::string>();
  }
  return core::Ok();
}

core::Result<NewRule> ParseNewRule(const JsonBody& b) {
  ISTMO_RETURN_IF_ERROR(
      b.RejectUnknown({"name", "expression", "weight", "explanation", "releasability", "note"}));
  NewRule r;
  ISTMO_ASSIGN_OR_RETURN(r.name, b.String("name", 100));
  ISTMO_ASSIGN_OR_RETURN(r.expression, Expression(b));
  ISTMO_ASSIGN_OR_RETURN(auto weight, b.OptNumber("weight", 1, 100));
  if (!weight) return core::WithReason(core::InvalidArgument("is required", "/weight"), "required");
  r.weight = *weight;
  std::optional<std::string> es, en;
  ISTMO_RETURN_IF_ERROR(Explanation(b, true, es, en));
  r.explanation_es = *es;
  r.explanation_en = *en;
  ISTMO_ASSIGN_OR_RETURN(r.releasability, ReleasabilityOf(b));
  ISTMO_ASSIGN_OR_RETURN(auto note, b.OptString("note", 1000, true));
  r.note = note.value_or("");
  return r;
}

core::Result<RuleEdit> ParseRuleEdit(const JsonBody& b) {
  ISTMO_RETURN_IF_ERROR(b.RejectUnknown({"name", "expression", "weight", "explanation", "note"}));
  RuleEdit e;
  ISTMO_ASSIGN_OR_RETURN(e.name, b.OptString("name", 100));
  ISTMO_ASSIGN_OR_RETURN(e.expression, OptExpression(b));
  ISTMO_ASSIGN_OR_RETURN(e.weight, b.OptNumber("weight", 1, 100));
  ISTMO_RETURN_IF_ERROR(Explanation(b, false, e.explanation_es, e.explanation_en));
  ISTMO_ASSIGN_OR_RETURN(auto note, b.OptString("note", 1000, true));
  e.note = note.value_or("");
  return e;
}

core::Result<ScoreQuery> ParseScoreQuery(const Request& r) {
  ScoreQuery q;
  const auto one_of = [&r](const char* name, std::initializer_list<const char*> allowed,
                           std::string& out) -> core::Status {
    auto v = r.QueryParam(name);
    if (!v) return core::Ok();
    for (const char* a : allowed) {
      if (*v == a) {
        out = *v;
        return core::Ok();
      }
    }
    std::string list;
    for (const char* a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
    return core::WithReason(
        core::InvalidArgument("must be one of " + list, std::string("?") + name), "invalid_value");
  };
  ISTMO_RETURN_IF_ERROR(one_of("lane", {"red", "yellow", "green"}, q.lane));
  ISTMO_RETURN_IF_ERROR(one_of("selection", {"rules", "random", "none"}, q.selection));
  if (auto v = r.QueryParam("min_score")) {
    char* end = nullptr;
    const double x = std::strtod(v->c_str(), &end);
    if (v->empty() || end != v->c_str() + v->size() || !std::isfinite(x)) {
      return core::InvalidArgument("must be a number", "?min_score");
    }
    q.min_score = x;
  }
  for (auto [name, out] : {std::pair{"import_id", &q.import_id},
                           std::pair{"transit_id", &q.transit_id}, std::pair{"after", &q.after}}) {
    if (auto v = r.QueryParam(name)) {
      if (!core::IsUuid(*v)) {
        return core::InvalidArgument("must be an id (UUID)", std::string("?") + name);
      }
      *out = *v;
    }
  }
  ISTMO_ASSIGN_OR_RETURN(q.limit, r.QueryInt("limit", 100, 1, 1000));
  return q;
}

const char* FieldTypeName(FieldType t) {
  switch (t) {
    case FieldType::kText:
      return "text";
    case FieldType::kNumber:
      return "number";
    case FieldType::kTextList:
      return "list";
    case FieldType::kBool:
      return "bool";
  }
  return "text";
}

}  // namespace

void AddRiskRoutes(std::vector<Route>& routes, const RouteDeps& deps) {
  const RouteDeps s = deps;
  const auto kReaders = api::Roles({Role::kOfficer, Role::kAnalyst, Role::kSupervisor});
  const auto kAnalysts = api::Roles({Role::kAnalyst});
  const auto kScorers = api::Roles({Role::kAnalyst, Role::kSupervisor});
  const auto kSupervisors = api::Roles({Role::kSupervisor});
  const std::string base = "/api/v1/canal";

  routes.push_back(Route{
      .method = "GET",
      .path = base + "/fields",
      .tag = "canal",
      .summary = "The fields a risk rule may test, with their types and descriptions (es, en)",
      .roles = kReaders,
      .handler = [](Request&) -> core::Result<Response> {
        json fields = json::array();
        for (const FieldInfo& f : Fields()) {
          fields.push_back({{"name", f.name},
                            {"type", FieldTypeName(f.type)},
                            {"description", {{"es", f.description_es}, {"en", f.description_en}}}});
        }
        return Response::Json({{"fields", fields}});
      }});

  routes.push_back(Route{.method = "GET",
                         .path = base + "/lists",
                         .tag = "canal",
                         .summary = "Named lists (@name in rules) the caller may see, by name",
                         .roles = kReaders,
                         .handler = [s](Request& r) -> core::Result<Response> {
                           ISTMO_ASSIGN_OR_RETURN(auto lists, s.store.Read<std::vector<RiskList>>(
                                                                  [&](store::Connection& c) {
                                                                    return ListLists(c, r.Scope());
                                                                  }));
                           json items = json::array();
                           for (const auto& l : lists) items.push_back(internal::ListJson(l));
                           return Response::Json({{"lists", items}});
                         }});

  routes.push_back(Route{
      .method = "POST",
      .path = base + "/lists",
      .tag = "canal",
      .summary = "Create a named list {name, kind, items, releasability?, note?}; items are "
                 "normalized by kind",
      .roles = kAnalysts,
      .max_body = kMaxListBody,
      .json_body = true,
      .success_status = 201,
      .handler = [s](Request& r) -> core::Result<Response> {
        ISTMO_ASSIGN_OR_RETURN(auto b, JsonBody::Parse(r.body));
        ISTMO_RETURN_IF_ERROR(b.RejectUnknown({"name", "kind", "items", "releasability", "note"}));
        NewList in;
        ISTMO_ASSIGN_OR_RETURN(in.name, b.String("name", 64));
        ISTMO_ASSIGN_OR_RETURN(in.kind, b.String("kind", 20));
        ISTMO_ASSIGN_OR_RETURN(in.items, Items(b));
        ISTMO_ASSIGN_OR_RETURN(in.releasability, ReleasabilityOf(b));
        ISTMO_ASSIGN_OR_RETURN(auto note, b.OptString("note", 1000, true));
        in.note = note.value_or("");
        ISTMO_ASSIGN_OR_RETURN(auto l, CreateList(s.store, r.Scope(), in, s.clock.Now()));
        return Response::Json(internal::ListJson(l), 201);
      }});

  routes.push_back(
      Route{.method = "GET",
            .path = base + "/lists/{id}",
            .tag = "canal",
            .summary = "A named list with its versions",
            .roles = kReaders,
            .handler = [s](Request& r) -> core::Result<Response> {
              ISTMO_ASSIGN_OR_RETURN(auto id, IdParam(r));
              ISTMO_ASSIGN_OR_RETURN(auto d, s.store.Read<ListDetail>([&](store::Connection& c) {
                return GetList(c, r.Scope(), id);
              }));
              json out = internal::ListJson(d.list);
              out["versions"] = json::array();
              for (const auto& v : d.versions) {
                out["versions"].push_back({{"version", v.version},
                                           {"created_at", core::FormatIso8601(v.created_at)},
                                           {"created_by", v.created_by},
                                           {"items", v.items},
                                           {"note", v.note}});
              }
              return Response::Json(out);
            }});

  routes.push_back(Route{
      .method = "PUT",
      .path = base + "/lists/{id}",
      .tag = "canal",
      .summary = "A new version of a list {items, kind?, note?}; a list a rule uses keeps its kind",
      .roles = kAnalysts,
      .max_body = kMaxListBody,
      .json_body = true,
      .handler = [s](Request& r) -> core::Result<Response> {
        ISTMO_ASSIGN_OR_RETURN(auto id, IdParam(r));
        ISTMO_ASSIGN_OR_RETURN(auto b, JsonBody::Parse(r.body));
        ISTMO_RETURN_IF_ERROR(b.RejectUnknown({"items", "kind", "note"}));
        ListEdit e;
        ISTMO_ASSIGN_OR_RETURN(e.items, Items(b));
        ISTMO_ASSIGN_OR_RETURN(e.kind, b.OptString("kind", 20));
        ISTMO_ASSIGN_OR_RETURN(auto note, b.OptString("note", 1000, true));
        e.note = note.value_or("");
        ISTMO_ASSIGN_OR_RETURN(auto l, EditList(s.store, r.Scope(), id, e, s.clock.Now()));
        return Response::Json(internal::ListJson(l));
      }});

  routes.push_back(Route{
      .method = "POST",
      .path = base + "/rules/check",
      .tag = "canal",
      .summary = "Check a rule expression {expression}: {ok: true, lists} or {ok: false, error: "
                 "{message, line, column}} (the editor's live check)",
      .roles = kReaders,
      .json_body = true,
      .handler = [s](Request& r) -> core::Result<Response> {
        ISTMO_ASSIGN_OR_RETURN(auto b, JsonBody::Parse(r.body));
        ISTMO_RETURN_IF_ERROR(b.RejectUnknown({"expression"}));
        ISTMO_ASSIGN_OR_RETURN(auto expression, Expression(b));
        auto checked = s.store.Read<std::vector<std::string>>(
            [&](store::Connection& c) { return CheckRuleExpression(c, r.Scope(), expression); });
        if (checked) return Response::Json({{"ok", true}, {"lists", *checked}});
        const core::Error& e = checked.error();
        if (e.code != core::ErrorCode::kInvalidArgument) return e;
        json error = {{"message", e.message}, {"line", nullptr}, {"column", nullptr}};
        for (const auto& [k, v] : e.params) {
          if (k == "line" || k == "column") error[k] = std::strtoll(v.c_str(), nullptr, 10);
        }
        return Response::Json({{"ok", false}, {"error", error}});
      }});

  routes.push_back(Route{
      .method = "GET",
      .path = base + "/rules",
      .tag = "canal",
      .summary = "Risk rules the caller may see, by name (?status=active|retired)",
      .roles = kReaders,
      .handler = [s](Request& r) -> core::Result<Response> {
        std::string status;
        if (auto v = r.QueryParam("status")) {
          if (*v != "active" && *v != "retired") {
            return core::WithReason(core::InvalidArgument("must be active or retired", "?status"),
                                    "invalid_value");
          }
          status = *v;
        }
        ISTMO_ASSIGN_OR_RETURN(
            auto rules, s.store.Read<std::vector<RiskRule>>(
                            [&](store::Connection& c) { return ListRules(c, r.Scope(), status); }));
        json items = json::array();
        for (const auto& x : rules) items.push_back(internal::RuleJson(x));
        return Response::Json({{"rules", items}});
      }});

  routes.push_back(
      Route{.method = "POST",
            .path = base + "/rules",
            .tag = "canal",
            .summary = "Create a risk rule {name, expression, weight, explanation: {es, en}, "
                       "releasability?, note?}; a bad expression is 400 rule_syntax",
            .roles = kAnalysts,
            .json_body = true,
            .success_status = 201,
            .handler = [s](Request& r) -> core::Result<Response> {
              ISTMO_ASSIGN_OR_RETURN(auto b, JsonBody::Parse(r.body));
              ISTMO_ASSIGN_OR_RETURN(auto in, ParseNewRule(b));
              ISTMO_ASSIGN_OR_RETURN(auto x, CreateRule(s.store, r.Scope(), in, s.clock.Now()));
              return Response::Json(internal::RuleJson(x), 201);
            }});

  routes.push_back(
      Route{.method = "GET",
            .path = base + "/rules/{id}",
            .tag = "canal",
            .summary = "A risk rule with its versions",
            .roles = kReaders,
            .handler = [s](Request& r) -> core::Result<Response> {
              ISTMO_ASSIGN_OR_RETURN(auto id, IdParam(r));
              ISTMO_ASSIGN_OR_RETURN(auto d, s.store.Read<RuleDetail>([&](store::Connection& c) {
                return GetRule(c, r.Scope(), id);
              }));
              json out = internal::RuleJson(d.rule);
              out["versions"] = json::array();
              for (const auto& v : d.versions) {
                out["versions"].push_back(
                    {{"version", v.version},
                     {"created_at", core::FormatIso8601(v.created_at)},
                     {"created_by", v.created_by},
                     {"name", v.name},
                     {"expression", v.expression},
                     {"weight", v.weight},
                     {"explanation", {{"es", v.explanation_es}, {"en", v.explanation_en}}},
                     {"note", v.note}});
              }
              return Response::Json(out);
            }});

  routes.push_back(
      Route{.method = "PUT",
            .path = base + "/rules/{id}",
            .tag = "canal",
            .summary = "A new version of a rule {name?, expression?, weight?, explanation?, note?}",
            .roles = kAnalysts,
            .json_body = true,
            .handler = [s](Request& r) -> core::Result<Response> {
              ISTMO_ASSIGN_OR_RETURN(auto id, IdParam(r));
              ISTMO_ASSIGN_OR_RETURN(auto b, JsonBody::Parse(r.body));
              ISTMO_ASSIGN_OR_RETURN(auto e, ParseRuleEdit(b));
              ISTMO_ASSIGN_OR_RETURN(auto x, EditRule(s.store, r.Scope(), id, e, s.clock.Now()));
              return Response::Json(internal::RuleJson(x));
            }});

  routes.push_back(Route{.method = "POST",
                         .path = base + "/rules/{id}/retire",
                         .tag = "canal",
                         .summary = "Retire a rule {reason}: it no longer scores",
                         .roles = kAnalysts,
                         .json_body = true,
                         .handler = [s](Request& r) -> core::Result<Response> {
                           ISTMO_ASSIGN_OR_RETURN(auto id, IdParam(r));
                           ISTMO_ASSIGN_OR_RETURN(auto b, JsonBody::Parse(r.body));
                           ISTMO_RETURN_IF_ERROR(b.RejectUnknown({"reason"}));
                           ISTMO_ASSIGN_OR_RETURN(auto reason, b.String("reason", 500));
                           ISTMO_ASSIGN_OR_RETURN(
                               auto x, RetireRule(s.store, r.Scope(), id, reason, s.clock.Now()));
                           return Response::Json(internal::RuleJson(x));
                         }});

  routes.push_back(Route{.method = "POST",
                         .path = base + "/rules/{id}/reactivate",
                         .tag = "canal",
                         .summary = "Reactivate a retired rule",
                         .roles = kAnalysts,
                         .handler = [s](Request& r) -> core::Result<Response> {
                           ISTMO_ASSIGN_OR_RETURN(auto id, IdParam(r));
                           ISTMO_ASSIGN_OR_RETURN(
                               auto x, ReactivateRule(s.store, r.Scope(), id, s.clock.Now()));
                           return Response::Json(internal::RuleJson(x));
                         }});

  routes.push_back(Route{
      .method = "GET",
      .path = base + "/lanes",
      .tag = "canal",
      .summary = "The organization's lane rates, the last run's thresholds and the lanes of its "
                 "last 30 days",
      .roles = kReaders,
      .handler = [s](Request& r) -> core::Result<Response> {
        ISTMO_ASSIGN_OR_RETURN(auto l, s.store.Read<LaneReport>([&](store::Connection& c) {
          return GetLanes(c, r.Scope(), s.clock.Now());
        }));
        return Response::Json(LanesJson(l));
      }});

  routes.push_back(Route{
      .method = "PUT",
      .path = base + "/lanes",
      .tag = "canal",
      .summary = "Set the lane rates {red_rate, yellow_rate, random_rate}, each 0..1, sum <= 1",
      .roles = kSupervisors,
      .json_body = true,
      .handler = [s](Request& r) -> core::Result<Response> {
        ISTMO_ASSIGN_OR_RETURN(auto b, JsonBody::Parse(r.body));
        ISTMO_RETURN_IF_ERROR(b.RejectUnknown({"red_rate", "yellow_rate", "random_rate"}));
        LaneRates rates;
        for (auto [key, out] :
             {std::pair{"red_rate", &rates.red_rate}, std::pair{"yellow_rate", &rates.yellow_rate},
              std::pair{"random_rate", &rates.random_rate}}) {
          ISTMO_ASSIGN_OR_RETURN(auto v, b.OptNumber(key, 0, 1));
          if (!v) {
            return core::WithReason(core::InvalidArgument("is required", std::string("/") + key),
                                    "required");
          }
          *out = *v;
        }
        ISTMO_ASSIGN_OR_RETURN(auto l, SetLaneSettings(s.store, r.Scope(), rates, s.clock.Now()));
        return Response::Json(LanesJson(l));
      }});

  routes.push_back(Route{
      .method = "POST",
      .path = base + "/score",
      .tag = "canal",
      .summary = "Score {import_id?}: an import's lines, or every line of the organization with "
                 "no inspection done scored in the last 30 days or never",
      .roles = kScorers,
      .pool = api::Pool::kReports,
      .handler = [s](Request& r) -> core::Result<Response> {
        std::string import_id;
        if (!r.body.empty()) {
          ISTMO_ASSIGN_OR_RETURN(auto b, JsonBody::Parse(r.body));
          ISTMO_RETURN_IF_ERROR(b.RejectUnknown({"import_id"}));
          ISTMO_ASSIGN_OR_RETURN(auto id, b.OptString("import_id", 64));
          if (id) {
            if (!core::IsUuid(*id))
              return core::InvalidArgument("must be an id (UUID)", "/import_id");
            import_id = *id;
          }
        }
        ISTMO_ASSIGN_OR_RETURN(auto summary,
                               ScoreLines(s.store, r.Scope(), import_id, s.clock.Now()));
        return Response::Json(internal::ScoreSummaryJson(summary));
      }});

  routes.push_back(Route{
      .method = "GET",
      .path = base + "/scores",
      .tag = "canal",
      .summary = "Scored containers by score with their reasons (?lane, selection, min_score, "
                 "import_id, transit_id, limit, after)",
      .roles = kReaders,
      .handler = [s](Request& r) -> core::Result<Response> {
        ISTMO_ASSIGN_OR_RETURN(auto q, ParseScoreQuery(r));
        ISTMO_ASSIGN_OR_RETURN(
            auto lines, s.store.Read<std::vector<ScoredLine>>(
                            [&](store::Connection& c) { return ListScores(c, r.Scope(), q); }));
        json items = json::array();
        for (const auto& x : lines) items.push_back(ScoredJson(x));
        const bool more = static_cast<std::int64_t>(lines.size()) == q.limit;
        return Response::Json({{"containers", items},
                               {"next_after", more ? json(lines.back().line_id) : json(nullptr)}});
      }});
}

}  // namespace istmo::canal

// GET /api/v1/canal/rules/suggestions (docs/api.md, "Canal rules, lanes and scores"): the weight
// each of the caller's organization's active rules would get from its measured yield
// (canal/weights.h). Analysts apply one with PUT /rules/{id} {weight, note}, a new version.
#include <nlohmann/json.hpp>

#include "canal/routes.h"
#include "canal/weights.h"

namespace istmo::canal {

namespace {

using api::Request;
using api::Response;
using api::Route;
using nlohmann::json;
using store::Role;

json OrNull(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }

json SuggestionJson(const RuleSuggestion& r) {
  const WeightSuggestion& s = r.suggestion;
  const auto known = [&](double x) { return s.hits.known ? json(x) : json(nullptr); };
  return {{"rule_id", r.rule.id},
          {"name", r.rule.name},
          {"version", r.rule.version},
          {"versions", r.versions},
          {"weight", r.rule.weight},
          {"action", WeightActionName(s.action)},
          {"suggested_weight", OrNull(s.weight)},
          {"inspected", s.hits.n},
          {"positives", s.hits.positives},
          {"hit_rate", known(s.hits.rate)},
          {"low", known(s.hits.low)},
          {"high", known(s.hits.high)},
          {"shrunk_rate", OrNull(s.shrunk_rate)},
          {"lift", OrNull(s.lift)},
          {"log_odds_ratio", OrNull(s.log_odds_ratio)}};
}

}  // namespace

void AddWeightRoutes(std::vector<api::Route>& routes, const RouteDeps& deps) {
  const RouteDeps s = deps;
  routes.push_back(Route{
      .method = "GET",
      .path = "/api/v1/canal/rules/suggestions",
      .tag = "canal",
      .summary = "Weights suggested by the yield for the organization's active rules "
                 "(?min_inspected, default 30): log odds ratio of the shrunk hit rate against "
                 "the random baseline, or retire",
      .roles = api::Roles({Role::kAnalyst, Role::kSupervisor}),
      .pool = api::Pool::kReports,
      .handler = [s](Request& r) -> core::Result<Response> {
        ISTMO_ASSIGN_OR_RETURN(auto min, r.QueryInt("min_inspected", 30, 1, 100'000));
        ISTMO_ASSIGN_OR_RETURN(auto w, s.store.Read<WeightSuggestions>([&](store::Connection& c) {
          return SuggestRuleWeights(c, r.Scope(), {.min_inspected = min});
        }));
        const Proportion& b = w.baseline;
        const auto known = [&](double x) { return b.known ? json(x) : json(nullptr); };
        json rules = json::array();
        for (const RuleSuggestion& x : w.rules) rules.push_back(SuggestionJson(x));
        return Response::Json({{"min_inspected", w.min_inspected},
                               {"baseline",
                                {{"inspected", b.n},
                                 {"positives", b.positives},
                                 {"hit_rate", known(b.rate)},
                                 {"low", known(b.low)},
                                 {"high", known(b.high)},
                                 {"rate_used", OrNull(w.baseline_rate)}}},
                               {"rules", rules}});
      }});
}

}  // namespace istmo::canal

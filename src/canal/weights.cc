#include "canal/weights.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <utility>

namespace istmo::canal {

namespace {

constexpr std::int64_t kMaxMinInspected = 100'000;

double Logit(double p) { return std::log(p / (1 - p)); }

}  // namespace

std::string_view WeightActionName(WeightAction action) {
  switch (action) {
    case WeightAction::kInsufficient:
      return "insufficient";
    case WeightAction::kWeight:
      return "weight";
    case WeightAction::kRetire:
      return "retire";
  }
  return "insufficient";
}

std::optional<double> BaselineRate(const Proportion& baseline) {
  if (baseline.n <= 0) return std::nullopt;
  return (static_cast<double>(baseline.positives) + 0.5) / (static_cast<double>(baseline.n) + 1);
}

WeightSuggestion SuggestWeight(std::int64_t positives, std::int64_t inspected,
                               std::optional<double> baseline_rate, std::int64_t baseline_inspected,
                               const WeightOptions& options) {
  WeightSuggestion s{.hits = WilsonInterval(positives, inspected)};
  if (!baseline_rate || !(*baseline_rate > 0 && *baseline_rate < 1) ||
      baseline_inspected < options.min_inspected || inspected < options.min_inspected) {
    return s;
  }
  const double b = *baseline_rate;
  // Beta(a, a (1 − b) / b): mean b, worth a positives in a / b inspections.
  const double a = options.prior_positives;
  const double rate =
      (static_cast<double>(positives) + a) / (static_cast<double>(inspected) + a / b);
  s.shrunk_rate = rate;
  s.lift = rate / b;
  s.log_odds_ratio = Logit(rate) - Logit(b);
  if (s.hits.high < b) {
    s.action = WeightAction::kRetire;
    return s;
  }
  s.action = WeightAction::kWeight;
  s.weight = std::clamp(std::round(options.points_per_nat * *s.log_odds_ratio), 1.0, 100.0);
  return s;
}

core::Result<WeightSuggestions> SuggestRuleWeights(store::Connection& c,
                                                   const store::AccessScope& scope,
                                                   const SuggestionQuery& query) {
  if (!scope.Has(store::Role::kAnalyst) && !scope.Has(store::Role::kSupervisor)) {
    return core::PermissionDenied("weight suggestions are read by analysts and supervisors");
  }
  if (scope.org_id.empty()) {
    return core::PermissionDenied("weight suggestions are for the rules of an organization");
  }
  if (query.min_inspected < 1 || query.min_inspected > kMaxMinInspected) {
    return core::WithReason(core::InvalidArgument("must be from 1 to 100000", "?min_inspected"),
                            "invalid_value");
  }
  ISTMO_ASSIGN_OR_RETURN(Yield yield, ComputeYield(c, scope, {}));
  std::map<std::pair<std::string, std::int64_t>, Proportion> by_version;
  for (const RuleYield& y : yield.rules) by_version[{y.rule_id, y.version}] = y.hits;

  WeightSuggestions out{.baseline = yield.baseline,
                        .baseline_rate = BaselineRate(yield.baseline),
                        .min_inspected = query.min_inspected};
  const WeightOptions options{.min_inspected = query.min_inspected};
  ISTMO_ASSIGN_OR_RETURN(auto rules, ListRules(c, scope, "active"));
  for (RiskRule& rule : rules) {
    if (rule.owner_org != scope.org_id) continue;
    ISTMO_ASSIGN_OR_RETURN(RuleDetail detail, GetRule(c, scope, rule.id));
    RuleSuggestion r{.rule = std::move(rule)};
    std::int64_t inspected = 0, positives = 0;
    for (const RuleVersion& v : detail.versions) {
      if (v.expression != r.rule.expression) continue;
      r.versions.push_back(v.version);
      auto it = by_version.find({r.rule.id, v.version});
      if (it == by_version.end()) continue;
      inspected += it->second.n;
      positives += it->second.positives;
    }
    r.suggestion =
        SuggestWeight(positives, inspected, out.baseline_rate, yield.baseline.n, options);
    out.rules.push_back(std::move(r));
  }
  return out;
}

core::Result<std::vector<RiskRule>> ApplyWeightSuggestions(store::Store& store,
                                                           const store::AccessScope& scope,
                                                           const WeightSuggestions& suggestions,
                                                           core::Timestamp now) {
  std::vector<RiskRule> edited;
  const std::string note = "weight from yield " + core::FormatDate(now);
  for (const RuleSuggestion& r : suggestions.rules) {
    const WeightSuggestion& s = r.suggestion;
    if (s.action != WeightAction::kWeight || !s.weight || *s.weight == r.rule.weight) continue;
    ISTMO_ASSIGN_OR_RETURN(RiskRule after, EditRule(store, scope, r.rule.id,
                                                    {.weight = *s.weight, .note = note}, now));
    edited.push_back(std::move(after));
  }
  return edited;
}

}  // namespace istmo::canal

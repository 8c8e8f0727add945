// canal/weights.h — rule weights suggested by the measured yield (docs/canal.md, "Weights from
// yield"): inspections that teach the rules.
//
// A container's score is the sum of the weights of the rules that fire on it. Read as naive
// Bayes, each fired rule adds its log-likelihood ratio, log P(fires | positive) / P(fires |
// negative), to the container's log-odds of holding contraband; by Bayes' rule that ratio is
// logit(hit rate where it fires) − logit(baseline hit rate). So the suggested weight of a rule is
// that log odds ratio, in points of 0.1 natural-log unit (10 points multiply the odds by e), with
// the rule's hit rate shrunk towards the baseline by a Beta prior (3 hits in 5 inspections is not
// 60 %), rounded and kept in the store's 1..100. A rule whose Wilson upper bound is below the
// baseline rate is suggested for retirement instead. The evidence is the yield's
// (canal/inspections.h): done inspections where the rule fired, whatever selected them, and the
// random-selection inspections as the baseline.
//
// SuggestWeight is pure (the selection bench uses it on its own counts); SuggestRuleWeights reads
// the yield and the owner's active rules; ApplyWeightSuggestions writes the new weights as new
// rule versions (canal/risk.h EditRule, audited).
//
// Thread-safety: free functions; the store ones over a store::Connection / Store as store.h says.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "canal/inspections.h"
#include "canal/risk.h"
#include "core/result.h"
#include "core/time.h"
#include "store/scope.h"
#include "store/store.h"

namespace istmo::canal {

struct WeightOptions {
  // Done inspections a rule needs (where it fired) before a weight is suggested; the random
  // baseline needs as many.
  std::int64_t min_inspected = 30;
  // Strength of the Beta prior on a rule's hit rate, centred on the baseline rate: worth this
  // many positives (and 1/baseline times as many inspections).
  double prior_positives = 1;
  // Points of weight per natural-log unit of the odds ratio.
  double points_per_nat = 10;
};

// The baseline rate the suggestions use: the Jeffreys estimate (positives + ½) / (inspected + 1),
// so that a random lane with no positive yet does not make chance zero. Empty when nothing was
// inspected at random.
std::optional<double> BaselineRate(const Proportion& baseline);

enum class WeightAction : std::uint8_t {
  kInsufficient,  // fewer than min_inspected inspections (of the rule or of the baseline)
  kWeight,        // `weight` is the suggestion
  kRetire,        // the hit rate's Wilson upper bound is below the baseline rate
};
std::string_view WeightActionName(WeightAction action);  // "insufficient", "weight", "retire"

struct WeightSuggestion {
  WeightAction action = WeightAction::kInsufficient;
  Proportion hits;                    // the rule's inspections, with the Wilson interval
  std::optional<double> shrunk_rate;  // (positives + a) / (inspected + a / baseline)
  std::optional<double> lift;         // shrunk_rate / baseline
  std::optional<double> log_odds_ratio;
  std::optional<double> weight;  // 1..100, whole points; with action "weight"
};

// `baseline_rate` from BaselineRate (empty: "insufficient"); `baseline_inspected` is checked
// against min_inspected.
WeightSuggestion SuggestWeight(std::int64_t positives, std::int64_t inspected,
                               std::optional<double> baseline_rate, std::int64_t baseline_inspected,
                               const WeightOptions& options = {});

struct SuggestionQuery {
  std::int64_t min_inspected = 30;  // 1..100000
};
struct RuleSuggestion {
  RiskRule rule;  // the current version
  // The versions whose inspections count: those with the current version's expression (a
  // weight or a name changes nothing of what the rule selects; a new expression starts afresh).
  std::vector<std::int64_t> versions;
  WeightSuggestion suggestion;
};
struct WeightSuggestions {
  Proportion baseline;
  std::optional<double> baseline_rate;
  std::int64_t min_inspected = 0;
  std::vector<RuleSuggestion> rules;  // the caller's organization's active rules, by name
};
// kPermissionDenied unless an analyst or supervisor of an organization (the system scope acting
// for one may); kInvalidArgument "?min_inspected" outside 1..100000.
core::Result<WeightSuggestions> SuggestRuleWeights(store::Connection& c,
                                                   const store::AccessScope& scope,
                                                   const SuggestionQuery& query);

// Writes each "weight" suggestion that differs from the rule's weight as a new version with the
// note "weight from yield <YYYY-MM-DD of now>"; retirements are left to the analyst. Returns the
// rules edited. Roles as EditRule (analysts of the owner).
core::Result<std::vector<RiskRule>> ApplyWeightSuggestions(store::Store& store,
                                                           const store::AccessScope& scope,
                                                           const WeightSuggestions& suggestions,
                                                           core::Timestamp now);

}  // namespace istmo::canal

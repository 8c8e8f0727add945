// canal/internal/risk_json.h — the JSON forms of risk (risk_routes.cc) that the other canal routes
// also answer with: a scoring run's summary (in an import's answer) and a line's risk (in a
// container's lines).
#pragma once

#include <nlohmann/json.hpp>

#include "canal/risk.h"

namespace istmo::canal::internal {

// {id, name, kind, items, version, owner_org, releasability, created_at, updated_at}: the answer
// of the list routes and the body of a list's outbox events.
nlohmann::json ListJson(const RiskList& l);
// {id, name, status, status_reason, version, expression, weight, explanation: {es, en},
// owner_org, releasability, created_at, updated_at}: likewise for a rule.
nlohmann::json RuleJson(const RiskRule& r);
// {run_id, scored, red, yellow, green, random, queued, thresholds: {red, yellow}, skipped_rules}
nlohmann::json ScoreSummaryJson(const ScoreSummary& s);
// [{rule_id, version, name, weight, explanation: {es, en}}]; name and explanation null for a rule
// the reader may not see.
nlohmann::json ReasonsJson(const std::vector<RiskReason>& reasons);
// {id, status, result} of a line's inspection, null when it has none.
nlohmann::json InspectionRefJson(const std::optional<InspectionRef>& inspection);
// {score, lane, selection, scored_at, reasons: [...], facts: {...}}
nlohmann::json LineRiskJson(const LineRisk& r);

}  // namespace istmo::canal::internal

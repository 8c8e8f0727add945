// canal/risk.h — risk selection in the store: named lists and rules with their versions, the lane
// settings of an organization, scoring runs that put every container line in a lane and queue
// inspections, and the scores with their reasons (docs/canal.md, "Scores and lanes").
//
// Lists and rules are records like any other: owned by the caller's organization, releasable,
// read through the caller's scope (hidden records look absent). Every save of a list or rule
// writes a new version row; the record names its current version. Analysts of the owner write;
// officers, analysts and supervisors read. Every write is audited with the version before and
// after.
//
// A scoring run scores lines owned by the caller's organization with that organization's active
// rules (compiled once per run, against the lists it may see), and in one write transaction
// replaces their canal_scores rows and queues an inspection for every red or yellow line that has
// none. Rule lanes use score thresholds computed so that the expected shares of red and yellow
// match the organization's rates over the run's lines and its scores of the previous 30 days;
// a line of score 0 is never red or yellow by rules. Random selection picks every line with
// probability random_rate by a keyed hash of its id (the key is a server secret, created in the
// store on first use): deterministic for a line, not guessable from outside.
//
// Thread-safety: functions on a store::Store or a Connection, as store.h says.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "canal/records.h"
#include "canal/rules.h"
#include "core/result.h"
#include "core/time.h"
#include "store/scope.h"
#include "store/store.h"

namespace istmo::canal {

// ---- Named lists ----------------------------------------------------------------------------

struct RiskList {
  std::string id;
  core::Timestamp created_at;
  core::Timestamp updated_at;
  std::string owner_org;
  std::vector<std::string> releasability;
  std::string name;
  ListKind kind = ListKind::kText;
  std::int64_t version = 1;
  std::vector<std::string> items;  // normalized (NormalizeListItem)
};
struct ListVersion {
  std::int64_t version = 1;
  core::Timestamp created_at;
  std::string created_by;
  std::vector<std::string> items;
  std::string note;
};
struct ListDetail {
  RiskList list;
  std::vector<ListVersion> versions;  // oldest first
};

struct NewList {
  std::string name;  // 1-64 of a-z 0-9 _, lower-cased
  std::string kind;  // ListKindName()
  std::vector<std::string> items;
  std::vector<std::string> releasability;
  std::string note;
};
struct ListEdit {
  std::vector<std::string> items;
  std::optional<std::string> kind;  // a list that a rule of its owner uses keeps its kind
  std::string note;
};

// kPermissionDenied unless the caller is an analyst of an organization; kInvalidArgument naming
// "/name", "/kind", "/items/<i>" or "/releasability/<i>"; kConflict "/name" when the caller's
// organization has a list of that name.
core::Result<RiskList> CreateList(store::Store& store, const store::AccessScope& scope,
                                  const NewList& list, core::Timestamp now);
// A new version of the list. kNotFound when the caller does not see it, kPermissionDenied when
// another organization owns it, kConflict "/kind" when a rule uses it and the kind changes.
core::Result<RiskList> EditList(store::Store& store, const store::AccessScope& scope,
                                const std::string& id, const ListEdit& edit, core::Timestamp now);
// Visible lists by name.
core::Result<std::vector<RiskList>> ListLists(store::Connection& c,
                                              const store::AccessScope& scope);
core::Result<ListDetail> GetList(store::Connection& c, const store::AccessScope& scope,
                                 const std::string& id);

// The lists a scope may see, in the form rules refer to. When two visible lists share a name
// (organizations name theirs freely), the caller's own wins, then the oldest.
core::Result<std::vector<NamedList>> VisibleNamedLists(store::Connection& c,
                                                       const store::AccessScope& scope);

// ---- Rules ----------------------------------------------------------------------------------

struct RiskRule {
  std::string id;
  core::Timestamp created_at;
  core::Timestamp updated_at;
  std::string owner_org;
  std::vector<std::string> releasability;
  std::string status;         // "active" or "retired"
  std::string status_reason;  // why it was retired, "" when active
  std::int64_t version = 1;
  std::string name;
  std::string expression;
  double weight = 0;
  std::string explanation_es;
  std::string explanation_en;
};
struct RuleVersion {
  std::int64_t version = 1;
  core::Timestamp created_at;
  std::string created_by;
  std::string name;
  std::string expression;
  double weight = 0;
  std::string explanation_es;
  std::string explanation_en;
  std::string note;
};
struct RuleDetail {
  RiskRule rule;
  std::vector<RuleVersion> versions;  // oldest first
};

struct NewRule {
  std::string name;  // 1..100 bytes of text
  std::string expression;
  double weight = 0;  // 1..100
  std::string explanation_es;
  std::string explanation_en;
  std::vector<std::string> releasability;
  std::string note;
};
struct RuleEdit {
  std::optional<std::string> name;
  std::optional<std::string> expression;
  std::optional<double> weight;
  std::optional<std::string> explanation_es;
  std::optional<std::string> explanation_en;
  std::string note;
};

// Checks an expression against the lists the caller may see (CheckExpression); returns the lists
// it uses, or the syntax error naming "/expression", line and column (reason "rule_syntax").
core::Result<std::vector<std::string>> CheckRuleExpression(store::Connection& c,
                                                           const store::AccessScope& scope,
                                                           std::string_view expression);

// Roles and errors as for lists; a bad expression is kInvalidArgument "/expression" with reason
// "rule_syntax" and params line and column; a bad weight "/weight"; an explanation
// "/explanation/es" or "/explanation/en".
core::Result<RiskRule> CreateRule(store::Store& store, const store::AccessScope& scope,
                                  const NewRule& rule, core::Timestamp now);
core::Result<RiskRule> EditRule(store::Store& store, const store::AccessScope& scope,
                                const std::string& id, const RuleEdit& edit, core::Timestamp now);
// kInvalidArgument "/reason" when the reason is empty; a retired rule stays retired (no error).
core::Result<RiskRule> RetireRule(store::Store& store, const store::AccessScope& scope,
                                  const std::string& id, const std::string& reason,
                                  core::Timestamp now);
core::Result<RiskRule> ReactivateRule(store::Store& store, const store::AccessScope& scope,
                                      const std::string& id, core::Timestamp now);
// Visible rules by name; `status` "" for every rule, else "active" or "retired".
core::Result<std::vector<RiskRule>> ListRules(store::Connection& c, const store::AccessScope& scope,
                                              const std::string& status = {});
core::Result<RuleDetail> GetRule(store::Connection& c, const store::AccessScope& scope,
                                 const std::string& id);

// data/canal/rules.json: {"lists": [{name, kind, items, source?}], "rules": [{name, expression,
// weight, explanation: {es, en}, source?}]}, owned by the caller's organization. Idempotent by
// name: a list with the same items and a rule with the same text are unchanged, a changed one
// gets a new version (its note says "loaded from file"). kInvalidArgument naming the entry
// ("/rules/2/expression") leaves nothing written.
struct RuleFileReport {
  std::int64_t lists_created = 0, lists_updated = 0, lists_unchanged = 0;
  std::int64_t rules_created = 0, rules_updated = 0, rules_unchanged = 0;
};
core::Result<RuleFileReport> LoadRuleFile(store::Store& store, const store::AccessScope& scope,
                                          std::string_view text, core::Timestamp now);

// ---- Lanes ----------------------------------------------------------------------------------

struct LaneRates {
  double red_rate = 0.01;     // physical exam
  double yellow_rate = 0.03;  // scan
  double random_rate = 0.01;  // the minimum random selection
};
struct LaneSettings {
  LaneRates rates;
  std::int64_t version = 0;  // 0: the defaults, never set
  std::optional<core::Timestamp> updated_at;
  std::string updated_by;
};
struct LaneReport {
  LaneSettings settings;
  // Thresholds of the organization's last scoring run; nullopt when no line could be that lane.
  std::optional<double> red_threshold;
  std::optional<double> yellow_threshold;
  // The organization's scores of the last 30 days: lines scored, and lanes.
  std::int64_t days = 30, scored = 0, red = 0, yellow = 0, random = 0;
};

// Rates each in [0, 1] and their sum at most 1, else kInvalidArgument naming "/red_rate",
// "/yellow_rate" or "/random_rate".
core::Status CheckLaneRates(const LaneRates& rates);
// kPermissionDenied unless a supervisor of an organization.
core::Result<LaneReport> SetLaneSettings(store::Store& store, const store::AccessScope& scope,
                                         const LaneRates& rates, core::Timestamp now);
core::Result<LaneReport> GetLanes(store::Connection& c, const store::AccessScope& scope,
                                  core::Timestamp now);

// ---- Scoring runs ---------------------------------------------------------------------------

struct ScoreSummary {
  std::string run_id;
  std::int64_t scored = 0;
  std::int64_t red = 0;  // red lanes, by rules or at random
  std::int64_t yellow = 0;
  std::int64_t green = 0;
  std::int64_t random = 0;  // lines selected at random (all red)
  std::int64_t queued = 0;  // inspections queued by this run
  std::optional<double> red_threshold;
  std::optional<double> yellow_threshold;
  std::int64_t skipped_rules = 0;  // active rules that no longer compile (a list went away)
};

// The summary as the API answers it (docs/api.md), JSON object text.
std::string ScoreSummaryJsonText(const ScoreSummary& summary);

// Scores the lines owned by the caller's organization: those of `import_id`, or when it is empty
// every line with no inspection done that was scored in the last 30 days or never. Analysts and
// supervisors (and the system scope acting for an organization); kNotFound for an import the
// caller does not own.
core::Result<ScoreSummary> ScoreLines(store::Store& store, const store::AccessScope& scope,
                                      const std::string& import_id, core::Timestamp now);
// The scoring that follows a manifest import, for whoever may import (officers, analysts).
core::Result<ScoreSummary> ScoreImport(store::Store& store, const store::AccessScope& scope,
                                       const std::string& import_id, core::Timestamp now);

// A fired rule as shown to a reader. name and explanations are empty when the rule itself is not
// released to the reader (the score is).
struct RiskReason {
  std::string rule_id;
  std::int64_t version = 0;
  std::string name;
  double weight = 0;
  std::string explanation_es;
  std::string explanation_en;
};
struct LineRisk {
  std::string line_id;
  double score = 0;
  std::string lane;       // red, yellow, green
  std::string selection;  // rules, random, none
  core::Timestamp scored_at;
  std::vector<RiskReason> reasons;
  std::string facts;  // JSON object text: the history and vessel facts the rules saw
};
struct InspectionRef {
  std::string id;
  std::string status;
  std::string result;  // "" while none
};
// A scored line as the ranked list shows it.
struct ScoredLine {
  std::string line_id;
  std::string owner_org;
  std::vector<std::string> releasability;
  std::string container_number;
  std::string bill_of_lading;
  std::string hs_code;
  std::string port_of_loading;
  std::string port_of_discharge;
  PartyRef shipper;  // address not read
  PartyRef consignee;
  std::string vessel_imo;  // "" when the manifest did not name it
  LineRisk risk;
  std::optional<InspectionRef> inspection;
};
struct ScoreQuery {
  std::string lane;
  std::string selection;
  std::optional<double> min_score;
  std::string import_id;
  std::string transit_id;    // the transit's containers (canal/records.h)
  std::int64_t limit = 100;  // 1..1000
  std::string after;         // a line id of the previous page
};
// Visible scored lines by score (highest first), then line id. kNotFound for a transit the caller
// does not see; kInvalidArgument "?after" for an unknown cursor.
core::Result<std::vector<ScoredLine>> ListScores(store::Connection& c,
                                                 const store::AccessScope& scope,
                                                 const ScoreQuery& query);
// The risk (and inspection) of each visible scored line among `line_ids`, by line id.
core::Result<std::map<std::string, ScoredLine>> RisksOf(store::Connection& c,
                                                      const store::AccessScope& scope,
                                                      const std::vector<std::string>& line_ids);

}  // namespace istmo::canal

// canal/rules.h — the risk rule language: what an analyst writes, how it is checked, and how a
// set of rules scores containers with an explanation.
//
// A rule is a boolean expression over the facts of a container (ContainerFacts) with a weight
// and an explanation. A container's score is the sum of the weights of the rules that fire on it;
// its explanation is the list of those rules with their weights. docs/canal.md, "Risk rules",
// is the reference of the language; in short:
//
//   expr   := or
//   or     := and ("or" and)*
//   and    := not ("and" not)*
//   not    := "not" not | test
//   test   := "(" expr ")"
//           | field op value                 op: = != < <= > >=
//           | field ["not"] "in" set         set: @list_name | [value, value, ...]
//           | field "starts_with" string
//           | field "contains" value         (a text field: substring; a list field: element)
//           | field "is" ["not"] "missing"
//           | field                           (a boolean field)
//   value  := number | "string" | true | false
//
// Keywords and field names are case-insensitive; strings are in double quotes, with the escapes
// \" and \\ only. A value is put in the stored form of its field before comparing (a port as
// a UN/LOCODE, a party as its PartyKey, an HS code as digits, other text upper-cased), so
// `shipper = "Frutas del Sur S.A."` matches every spelling of that party. A list field
// (transshipment_ports, route_ports, route_countries) `in` a set is true when any of its elements
// is in the set. hs_code `in` a set (a list of kind "hs" or [..]) matches by prefix (an item
// "0803" matches hs_code "080390"). A test on a missing value (NaN number, empty text, empty
// list) is false, whatever the operator (=, !=, in, not in, ...): use `is missing` to test for
// it. Comments run from "#" to the end of the line. An expression has at most 4096 bytes and 32
// levels of parentheses and `not`.
//
// Example:
//   port_of_loading in @source_ports and hs_code in @cover_loads and shipper_lines < 3
//
// Errors name the position: core::Error{kInvalidArgument, "unknown field 'weigth_kg' (did you mean
// 'weight_kg'?)", field = the caller's field (e.g. "/expression"), line = 1-based line} and
// params {"line", "column"} (1-based, in bytes) with reason "rule_syntax".
//
// Thread-safety: a CompiledRuleSet is immutable after Compile and may be shared between threads;
// Score is const and reentrant.
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace istmo::canal {

// What a rule may test about a container. Text values are in their stored, normalized form
// (ports as UN/LOCODEs, parties as canal::PartyKey, HS codes as digits). Numbers that are not
// known are NaN ("missing").
struct ContainerFacts {
  static constexpr double kMissing = std::numeric_limits<double>::quiet_NaN();

  // The manifest line.
  std::string bill_of_lading;
  std::string container_number;
  std::string owner_code;  // the container's ISO 6346 owner code, "CSQ"
  std::string hs_code;     // 2, 4 or 6 digits
  std::string port_of_loading;
  std::string port_of_discharge;
  std::vector<std::string> transshipment_ports;
  std::string loading_country;    // the UN/LOCODE's country, "CO"
  std::string discharge_country;  // "US"
  std::string shipper;            // party keys (canal/parties.h)
  std::string consignee;
  std::string notify;  // "" when none
  std::string shipper_address;  // address keys (canal/parties.h), "" when none
  std::string consignee_address;
  double weight_kg = kMissing;
  double declared_value = kMissing;  // in the declared currency
  std::string currency;              // "" when no value was declared
  double value_per_kg = kMissing;    // declared_value / weight_kg
  double seal_count = 0;
  std::string vessel_imo;  // "" when the manifest did not name it

  // History: what the scoring organization knew before this line (earlier lines it may see and
  // the inspections it recorded).
  double shipper_lines = 0;      // earlier lines naming the shipper
  double consignee_lines = 0;    // earlier lines naming the consignee
  double shipper_age_days = kMissing;  // days since the shipper's first line; missing if new
  double shipper_positives = 0;  // positive inspections of lines naming the shipper
  double consignee_positives = 0;
  double route_positives = 0;  // positive inspections of lines from the same port of loading

  // The carrying vessel's behaviour at sea in the 30 days before scoring (maritime, through
  // canal/vessels.h). All missing when the vessel is not known to the registry.
  double vessel_gaps = kMissing;          // AIS gaps (dark periods)
  double vessel_dark_hours = kMissing;    // hours of those gaps
  double vessel_encounters = kMissing;    // encounters and rendezvous at sea
  double vessel_loitering = kMissing;     // loitering events
  double vessel_alerts = kMissing;        // maritime alerts on the vessel visible to the scorer
  double vessel_source_port_calls = kMissing;  // port calls in source countries

  // Derived by FillDerived: the loading, transshipment and discharge ports in route order, and
  // their countries; the number of transshipment ports.
  std::vector<std::string> route_ports;
  std::vector<std::string> route_countries;
  double transshipments = 0;
};

// Sets loading_country, discharge_country, value_per_kg, route_ports, route_countries and
// transshipments from the other fields.
void FillDerived(ContainerFacts& facts);

enum class FieldType : std::uint8_t { kText, kNumber, kTextList, kBool };

// The fields of the language, for the rule editor: name as written in rules, type, and a one-line
// description in Spanish and English.
struct FieldInfo {
  std::string_view name;
  FieldType type;
  std::string_view description_es;
  std::string_view description_en;
};
const std::vector<FieldInfo>& Fields();

// The kinds of named lists; items are normalized by kind when a list is saved (NormalizeListItem).
enum class ListKind : std::uint8_t {
  kPorts,        // UN/LOCODEs
  kCountries,    // ISO 3166-1 alpha-2
  kParties,      // party names, stored as party keys
  kCommodities,  // HS chapters, headings or subheadings; `in` matches by prefix
  kText,         // any text, compared as written (upper-cased)
};
std::string_view ListKindName(ListKind kind);  // "ports", "countries", "parties", "hs", "text"
core::Result<ListKind> ParseListKind(std::string_view name, const std::string& field);
// The item in its stored form, or kInvalidArgument naming `field`.
core::Result<std::string> NormalizeListItem(ListKind kind, std::string_view item,
                                            const std::string& field);

// A named list a rule refers to as @name (names: 1-64 of a-z 0-9 _, lower-cased).
struct NamedList {
  std::string name;
  ListKind kind = ListKind::kText;
  std::vector<std::string> items;  // normalized
};

// One rule as stored (canal_rule_versions).
struct RuleSource {
  std::string id;
  std::int64_t version = 1;
  std::string name;
  std::string expression;
  double weight = 0;  // 1..100
  std::string explanation_es;
  std::string explanation_en;
};

// Checks one expression against the fields and the lists. On error the Error names `field`
// and the position (see above). Returns the names of the lists it uses.
core::Result<std::vector<std::string>> CheckExpression(std::string_view expression,
                                                       const std::vector<NamedList>& lists,
                                                       const std::string& field = "/expression");

// A rule that fired on a container: index into the rule set's rules, and its weight.
struct FiredRule {
  std::uint32_t rule = 0;
  double weight = 0;
};

struct Score {
  double score = 0;  // sum of the fired rules' weights
  std::vector<FiredRule> fired;  // in rule order
};

// Rules compiled for scoring. Build once per scoring run, share, and score many containers.
class CompiledRuleSet {
 public:
  // kInvalidArgument naming "/rules/<i>/expression" and the position when a rule does not
  // compile (a stored rule always does: it was checked when saved).
  static core::Result<CompiledRuleSet> Compile(std::vector<RuleSource> rules,
                                               const std::vector<NamedList>& lists);
  CompiledRuleSet(CompiledRuleSet&&) noexcept;
  CompiledRuleSet& operator=(CompiledRuleSet&&) noexcept;
  ~CompiledRuleSet();

  const std::vector<RuleSource>& rules() const;
  // Scores one container; `out` is reused to avoid allocation in loops.
  void Score(const ContainerFacts& facts, canal::Score& out) const;
  canal::Score Score(const ContainerFacts& facts) const;

 private:
  struct Impl;
  explicit CompiledRuleSet(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace istmo::canal

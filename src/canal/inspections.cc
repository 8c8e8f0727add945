#include "canal/inspections.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <set>
#include <tuple>
#include <utility>

#include <nlohmann/json.hpp>

#include "api/json_body.h"
#include "canal/codes.h"
#include "canal/internal/inspection_json.h"
#include "core/id.h"
#include "store/outbox.h"

namespace istmo::canal {

namespace internal {

nlohmann::json DrugsJson(const std::vector<DrugFound>& drugs) {
  nlohmann::json out = nlohmann::json::array();
  for (const DrugFound& d : drugs) out.push_back({{"type", d.type}, {"kg", d.kg}});
  return out;
}

}  // namespace internal

namespace {

using internal::DrugsJson;

using nlohmann::json;
using store::Role;
using store::Row;

constexpr double kMaxKg = 100000;
constexpr std::size_t kMaxIds = 500;  // ids per IN (...) list
constexpr auto kDay = std::chrono::hours(24);

core::Error Invalid(std::string message, std::string field, std::string reason) {
  return core::WithReason(core::InvalidArgument(std::move(message), std::move(field)),
                          std::move(reason));
}

core::Error Missing(const std::string& object, const std::string& id) {
  return core::WithReason(core::NotFound("no " + object + " " + id.substr(0, 40)), "not_found",
                          {{"object", object}});
}

core::Error NotOpen(std::string message) {
  return core::WithReason(core::Conflict(std::move(message)), "not_open");
}

std::string Actor(const store::AccessScope& scope) {
  return scope.user_id.empty() ? std::string("system") : scope.user_id;
}

bool Reader(const store::AccessScope& s) {
  return s.Has(Role::kOfficer) || s.Has(Role::kAnalyst) || s.Has(Role::kSupervisor);
}

// A record of another organization looks absent to a write (the system scope writes anywhere).
bool OwnedBy(const store::AccessScope& scope, const std::string& owner_org) {
  return scope.system || (!scope.org_id.empty() && scope.org_id == owner_org);
}

core::Status CheckLength(const std::string& text, std::size_t min, std::size_t max,
                         const std::string& field, bool newlines = false) {
  if (text.size() < min) return Invalid("is required", field, "required");
  if (text.size() > max) {
    return core::WithReason(
        core::InvalidArgument("must be at most " + std::to_string(max) + " bytes", field),
        "too_long", {{"max", std::to_string(max)}});
  }
  return api::CheckText(text, field, newlines);
}

core::Status OneOf(const std::string& value, std::initializer_list<const char*> allowed,
                   const std::string& field) {
  std::string list;
  for (const char* a : allowed) {
    if (value == a) return core::Ok();
    list += (list.empty() ? "" : ", ") + std::string(a);
  }
  if (value.empty()) return Invalid("is required (" + list + ")", field, "required");
  return Invalid("must be one of " + list + ", not '" + value.substr(0, 40) + "'", field,
                 "invalid_value");
}

// "(?, ?, ?)" for n parameters.
std::string Placeholders(std::size_t n) {
  std::string out = "(";
  for (std::size_t i = 0; i < n; ++i) out += i == 0 ? "?" : ", ?";
  return out + ")";
}

std::string At(core::Timestamp t) { return core::FormatIso8601(t); }
std::optional<core::Timestamp> OptTime(const Row& r, std::size_t i) {
  if (r.IsNull(i)) return std::nullopt;
  auto t = core::ParseIso8601(r.Text(i));
  if (!t) return std::nullopt;
  return *t;
}
core::Timestamp Time(const Row& r, std::size_t i) {
  return OptTime(r, i).value_or(core::Timestamp{});
}

// The `fired` column: [{"rule_id", "version", "weight"}]. Entries of another shape are skipped
// (the column is written by the scoring runs; a bad entry must not hide the others).
std::vector<RiskReason> ParseFired(const std::string& text) {
  std::vector<RiskReason> out;
  const json j = json::parse(text, nullptr, false);
  if (!j.is_array()) return out;
  for (const json& f : j) {
    if (!f.is_object() || !f.contains("rule_id") || !f["rule_id"].is_string()) continue;
    RiskReason r{.rule_id = f["rule_id"].get<std::string>()};
    if (f.contains("version") && f["version"].is_number_integer())
      r.version = f["version"].get<std::int64_t>();
    if (f.contains("weight") && f["weight"].is_number()) r.weight = f["weight"].get<double>();
    out.push_back(std::move(r));
  }
  return out;
}

std::vector<DrugFound> ParseDrugs(const std::string& text) {
  std::vector<DrugFound> out;
  const json j = json::parse(text, nullptr, false);
  if (!j.is_array()) return out;
  for (const json& d : j) {
    if (!d.is_object() || !d.contains("type") || !d["type"].is_string() || !d.contains("kg") ||
        !d["kg"].is_number())
      continue;
    out.push_back({d["type"].get<std::string>(), d["kg"].get<double>()});
  }
  return out;
}

json ResultDetail(const InspectionResult& r) {
  return {{"scan_result", r.scan_result},
          {"physical_exam", r.physical_exam},
          {"seal_check", r.seal_check},
          {"result", r.result},
          {"drugs", DrugsJson(r.drugs)},
          {"other_contraband", r.other_contraband},
          {"notes", r.notes}};
}

// The rule texts of `fired` that the caller may see: (rule id, version) -> version row.
struct RuleText {
  std::string name, es, en;
};
core::Result<std::map<std::pair<std::string, std::int64_t>, RuleText>> RuleTexts(
    store::Connection& c, const store::AccessScope& scope, const std::set<std::string>& rule_ids) {
  std::map<std::pair<std::string, std::int64_t>, RuleText> out;
  std::vector<std::string> ids(rule_ids.begin(), rule_ids.end());
  for (std::size_t first = 0; first < ids.size(); first += kMaxIds) {
    const std::size_t n = std::min(kMaxIds, ids.size() - first);
    store::Params params(ids.begin() + first, ids.begin() + first + n);
    store::VisibleSelect rules{.columns = "r.id", .table = "canal_rules", .alias = "r"};
    rules.Where("r.id IN " + Placeholders(n), params);
    ISTMO_ASSIGN_OR_RETURN(auto visible, store::SelectVisible(c, scope, rules));
    if (visible.empty()) continue;
    store::Params vis;
    for (const Row& r : visible) vis.push_back(r.Text(0));
    ISTMO_ASSIGN_OR_RETURN(
        auto rows, c.Query("SELECT rule_id, version, name, explanation_es, explanation_en FROM "
                           "canal_rule_versions WHERE rule_id IN " +
                               Placeholders(vis.size()),
                           vis));
    for (const Row& r : rows) out[{r.Text(0), r.Int(1)}] = {r.Text(2), r.Text(3), r.Text(4)};
  }
  return out;
}

void NameRules(const std::map<std::pair<std::string, std::int64_t>, RuleText>& texts,
               std::vector<RiskReason>& fired) {
  for (RiskReason& f : fired) {
    auto it = texts.find({f.rule_id, f.version});
    if (it == texts.end()) continue;
    f.name = it->second.name;
    f.explanation_es = it->second.es;
    f.explanation_en = it->second.en;
  }
}

// ---- Inspections: the read ----

constexpr const char* kInspectionSelect =
    "SELECT i.id, i.owner_org, i.releasability, i.created_at, i.updated_at, i.created_by, "
    "i.queue_note, i.line_id, m.container_number, m.bill_of_lading, m.hs_code, "
    "m.port_of_loading, i.lane, i.selection, i.score, i.fired, i.status, i.unit_id, u.name, "
    "u.terminal, u.active, u.created_at, i.assigned_at, i.assigned_by, i.scan_result, "
    "i.physical_exam, i.seal_check, i.result, i.drugs, i.other_contraband, i.notes, "
    "i.completed_at, i.completed_by, i.cancel_reason "
    "FROM canal_inspections i JOIN canal_manifest_lines m ON m.id = i.line_id "
    "LEFT JOIN canal_units u ON u.id = i.unit_id WHERE ";

Inspection InspectionFromRow(const Row& r) {
  Inspection x;
  x.id = r.Text(0);
  x.owner_org = r.Text(1);
  x.releasability = store::DecodeReleasability(r.Text(2));
  x.created_at = Time(r, 3);
  x.updated_at = Time(r, 4);
  x.created_by = r.Text(5);
  x.queue_note = r.Text(6);
  x.line_id = r.Text(7);
  x.container_number = r.Text(8);
  x.bill_of_lading = r.Text(9);
  x.hs_code = r.Text(10);
  x.port_of_loading = r.Text(11);
  x.lane = r.Text(12);
  x.selection = r.Text(13);
  x.score = r.Real(14);
  x.reasons = ParseFired(r.Text(15));
  x.status = r.Text(16);
  if (!r.IsNull(17)) {
    x.unit = Unit{.id = r.Text(17),
                  .owner_org = x.owner_org,
                  .name = r.Text(18),
                  .terminal = r.Text(19),
                  .active = r.Int(20) != 0,
                  .created_at = Time(r, 21)};
  }
  x.assigned_at = OptTime(r, 22);
  x.assigned_by = r.Text(23);
  if (x.status == "done") {
    x.result = InspectionResult{.scan_result = r.Text(24),
                                .physical_exam = r.Text(25),
                                .seal_check = r.Text(26),
                                .result = r.Text(27),
                                .drugs = ParseDrugs(r.Text(28)),
                                .other_contraband = r.Text(29),
                                .notes = r.Text(30)};
  }
  x.completed_at = OptTime(r, 31);
  x.completed_by = r.Text(32);
  x.cancel_reason = r.Text(33);
  return x;
}

// Rows of kInspectionSelect under `where` (ANDed, with the releasability of `i`).
core::Result<std::vector<Inspection>> SelectInspections(
    store::Connection& c, const store::AccessScope& scope, const std::vector<std::string>& where,
    store::Params params, const std::string& order_by, std::int64_t limit) {
  const store::SqlFilter visible = store::ReleasableTo(scope, "i");
  std::string sql = kInspectionSelect;
  for (const std::string& w : where) sql += "(" + w + ") AND ";
  sql += visible.sql;
  params.insert(params.end(), visible.params.begin(), visible.params.end());
  if (!order_by.empty()) sql += " ORDER BY " + order_by;
  if (limit > 0) {
    sql += " LIMIT ?";
    params.emplace_back(limit);
  }
  ISTMO_ASSIGN_OR_RETURN(auto rows, c.Query(sql, params));
  std::vector<Inspection> out;
  out.reserve(rows.size());
  std::set<std::string> rule_ids;
  for (const Row& r : rows) {
    out.push_back(InspectionFromRow(r));
    for (const RiskReason& f : out.back().reasons) rule_ids.insert(f.rule_id);
  }
  ISTMO_ASSIGN_OR_RETURN(auto texts, RuleTexts(c, scope, rule_ids));
  for (Inspection& x : out) NameRules(texts, x.reasons);
  return out;
}

// The inspection for a write by `scope`: visible and of the caller's organization.
core::Result<Inspection> ForWrite(store::Connection& tx, const store::AccessScope& scope,
                                  const std::string& id) {
  auto x = GetInspection(tx, scope, id);
  if (!x) return x.error();
  if (!OwnedBy(scope, x->owner_org)) return Missing("inspection", id);
  return x;
}

json InspectionBody(const Inspection& x) {
  return {{"id", x.id},
          {"line_id", x.line_id},
          {"owner_org", x.owner_org},
          {"lane", x.lane},
          {"selection", x.selection},
          {"score", x.score},
          {"status", x.status},
          {"unit_id", x.unit ? json(x.unit->id) : json(nullptr)},
          {"result", x.result ? ResultDetail(*x.result) : json(nullptr)},
          {"cancel_reason", x.cancel_reason}};
}

core::Status Record(store::Connection& tx, const store::AccessScope& scope,
                    const std::string& action, const Inspection& after, json detail,
                    core::Timestamp now) {
  detail["line_id"] = after.line_id;
  detail["status"] = after.status;
  ISTMO_RETURN_IF_ERROR(store::RecordChange(tx, scope,
                                            {.action = "canal.inspection." + action,
                                             .object_type = "canal_inspection",
                                             .object_id = after.id,
                                             .detail = detail.dump(),
                                             .body = InspectionBody(after).dump()},
                                            now));
  return core::Ok();
}

// The checks of a result against the contract and the inspection's lane.
core::Status ValidateResult(InspectionResult& r, const std::string& lane) {
  ISTMO_RETURN_IF_ERROR(OneOf(r.scan_result, {"clear", "anomaly", "not_done"}, "/scan_result"));
  ISTMO_RETURN_IF_ERROR(OneOf(r.physical_exam, {"done", "not_done"}, "/physical_exam"));
  ISTMO_RETURN_IF_ERROR(
      OneOf(r.seal_check, {"intact", "broken", "mismatch", "not_checked"}, "/seal_check"));
  ISTMO_RETURN_IF_ERROR(OneOf(r.result, {"negative", "positive"}, "/result"));
  if (r.drugs.size() > std::size(kInspectionDrugTypes)) {
    return Invalid("one entry per drug type", "/drugs", "too_many");
  }
  std::set<std::string> seen;
  for (std::size_t i = 0; i < r.drugs.size(); ++i) {
    const std::string at = "/drugs/" + std::to_string(i);
    const DrugFound& d = r.drugs[i];
    if (std::find(std::begin(kInspectionDrugTypes), std::end(kInspectionDrugTypes), d.type) ==
        std::end(kInspectionDrugTypes)) {
      return Invalid(
          "must be cocaine, cannabis, heroin, methamphetamine, fentanyl, precursors or other",
          at + "/type", d.type.empty() ? "required" : "invalid_value");
    }
    if (!seen.insert(d.type).second) {
      return core::WithReason(
          core::InvalidArgument("drug type " + d.type + " is given twice", at + "/type"),
          "duplicate", {{"field", "type"}});
    }
    if (!std::isfinite(d.kg) || d.kg <= 0 || d.kg > kMaxKg) {
      return Invalid("must be a weight in kg above 0 and at most 100000", at + "/kg",
                     "invalid_value");
    }
  }
  ISTMO_RETURN_IF_ERROR(CheckLength(r.other_contraband, 0, 500, "/other_contraband"));
  ISTMO_RETURN_IF_ERROR(CheckLength(r.notes, 0, 4000, "/notes", /*newlines=*/true));
  if (r.result == "positive" && r.drugs.empty() && r.other_contraband.empty()) {
    return Invalid("a positive result names the drugs or the other contraband found", "/drugs",
                   "required");
  }
  if (r.result == "negative" && !r.drugs.empty()) {
    return Invalid("a negative result has no drugs; record it as positive", "/drugs",
                   "invalid_value");
  }
  if (r.result == "negative" && !r.other_contraband.empty()) {
    return Invalid("a negative result has no contraband; record it as positive",
                   "/other_contraband", "invalid_value");
  }
  // A red lane is a physical exam: without one there is no result to learn from, and the
  // inspection is cancelled with its reason instead.
  if (lane == "red" && r.physical_exam != "done") {
    return Invalid(
        "a red-lane inspection's result needs the physical exam done (or cancel the inspection "
        "with a reason)",
        "/physical_exam", "invalid_value");
  }
  return core::Ok();
}

// ---- Units ----

constexpr const char* kUnitColumns = "id, owner_org, name, terminal, active, created_at";

Unit UnitFromRow(const Row& r) {
  return {.id = r.Text(0),
          .owner_org = r.Text(1),
          .name = r.Text(2),
          .terminal = r.Text(3),
          .active = r.Int(4) != 0,
          .created_at = Time(r, 5)};
}

core::Result<std::optional<Unit>> FindUnit(store::Connection& c, const std::string& id) {
  ISTMO_ASSIGN_OR_RETURN(
      auto row,
      c.QueryOne(std::string("SELECT ") + kUnitColumns + " FROM canal_units WHERE id = ?", {id}));
  if (!row) return std::optional<Unit>();
  return std::optional<Unit>(UnitFromRow(*row));
}

core::Status RecordUnit(store::Connection& tx, const store::AccessScope& scope,
                        const std::string& action, const Unit& u, json detail,
                        core::Timestamp now) {
  const json body = {{"id", u.id},
                     {"owner_org", u.owner_org},
                     {"name", u.name},
                     {"terminal", u.terminal},
                     {"active", u.active}};
  ISTMO_RETURN_IF_ERROR(store::RecordChange(tx, scope,
                                            {.action = "canal.unit." + action,
                                             .object_type = "canal_unit",
                                             .object_id = u.id,
                                             .detail = detail.dump(),
                                             .body = body.dump()},
                                            now));
  return core::Ok();
}

core::Result<std::string> Terminal(const std::string& text) {
  if (text.empty()) return std::string();
  return NormalizeLocode(text, "/terminal");
}

// ---- Yield and history helpers ----

struct Tally {
  std::int64_t n = 0, positives = 0;
  void Add(bool positive) {
    ++n;
    if (positive) ++positives;
  }
};

std::optional<double> Lift(const Proportion& p, const Proportion& baseline) {
  if (!p.known || !baseline.known || baseline.rate <= 0) return std::nullopt;
  return p.rate / baseline.rate;
}

core::Result<InspectionHistory> History(store::Connection& c, const store::AccessScope& scope,
                                        const std::string& condition, const store::Params& params) {
  InspectionHistory out;
  const store::SqlFilter line_visible = store::ReleasableTo(scope, "m");
  store::Params p = params;
  p.insert(p.end(), line_visible.params.begin(), line_visible.params.end());
  ISTMO_ASSIGN_OR_RETURN(
      auto count, c.QueryOne("SELECT count(*) FROM canal_manifest_lines m WHERE (" + condition +
                                 ") AND " + line_visible.sql,
                             p));
  out.lines = count ? count->Int(0) : 0;
  if (out.lines == 0) return out;
  const store::SqlFilter inspection_visible = store::ReleasableTo(scope, "i");
  p.insert(p.end(), inspection_visible.params.begin(), inspection_visible.params.end());
  ISTMO_ASSIGN_OR_RETURN(
      auto rows,
      c.Query("SELECT i.id, i.line_id, m.container_number, i.result, i.drugs, i.other_contraband, "
              "i.completed_at FROM canal_inspections i JOIN canal_manifest_lines m ON "
              "m.id = i.line_id WHERE i.status = 'done' AND (" +
                  condition + ") AND " + line_visible.sql + " AND " + inspection_visible.sql +
                  " ORDER BY i.completed_at, i.id",
              p));
  for (const Row& r : rows) {
    ++out.inspections;
    if (r.Text(3) != "positive") continue;
    ++out.positives;
    PositiveRef ref{.inspection_id = r.Text(0),
                    .line_id = r.Text(1),
                    .container_number = r.Text(2),
                    .completed_at = Time(r, 6),
                    .drugs = ParseDrugs(r.Text(4)),
                    .other_contraband = r.Text(5)};
    for (const DrugFound& d : ref.drugs) out.kg_by_drug[d.type] += d.kg;
    out.last_positive = std::move(ref);  // rows are oldest first
  }
  return out;
}

}  // namespace

Proportion WilsonInterval(std::int64_t positives, std::int64_t n, double z) {
  Proportion p{.n = n, .positives = positives};
  if (n <= 0) return p;
  p.known = true;
  const double nn = static_cast<double>(n);
  const double rate = static_cast<double>(positives) / nn;
  const double z2 = z * z;
  const double denominator = 1 + z2 / nn;
  const double center = (rate + z2 / (2 * nn)) / denominator;
  const double half = z / denominator * std::sqrt(rate * (1 - rate) / nn + z2 / (4 * nn * nn));
  p.rate = rate;
  p.low = std::max(0.0, center - half);
  p.high = std::min(1.0, center + half);
  return p;
}

// ---- Units ----

core::Result<std::vector<Unit>> ListUnits(store::Connection& c, const store::AccessScope& scope) {
  if (!Reader(scope)) {
    return core::PermissionDenied("units are read by officers, analysts and supervisors");
  }
  std::vector<Row> rows;
  if (scope.system && scope.org_id.empty()) {
    ISTMO_ASSIGN_OR_RETURN(rows, c.Query(std::string("SELECT ") + kUnitColumns +
                                         " FROM canal_units ORDER BY owner_org, name, id"));
  } else {
    ISTMO_ASSIGN_OR_RETURN(rows, c.Query(std::string("SELECT ") + kUnitColumns +
                                             " FROM canal_units WHERE owner_org = ? ORDER BY "
                                             "name, id",
                                         {scope.org_id}));
  }
  std::vector<Unit> out;
  for (const Row& r : rows) out.push_back(UnitFromRow(r));
  return out;
}

core::Result<Unit> CreateUnit(store::Connection& tx, const store::AccessScope& scope,
                              std::string name, std::string terminal, core::Timestamp now) {
  if (!scope.Has(Role::kSupervisor) || scope.org_id.empty()) {
    return core::PermissionDenied("units are made by the supervisors of an organization");
  }
  ISTMO_RETURN_IF_ERROR(CheckLength(name, 1, 100, "/name"));
  ISTMO_ASSIGN_OR_RETURN(terminal, Terminal(terminal));
  Unit u{.id = core::NewId(),
         .owner_org = scope.org_id,
         .name = std::move(name),
         .terminal = std::move(terminal),
         .active = true,
         .created_at = now};
  auto written = tx.Exec(
      "INSERT INTO canal_units (id, created_at, owner_org, name, terminal, active) VALUES (?, ?, "
      "?, ?, ?, 1) ON CONFLICT (owner_org, name) DO NOTHING",
      {u.id, At(now), u.owner_org, u.name, u.terminal});
  if (!written) return written.error();
  if (*written == 0) {
    return core::WithReason(core::Conflict("the organization has a unit named " + u.name, "/name"),
                            "duplicate", {{"field", "name"}});
  }
  ISTMO_RETURN_IF_ERROR(RecordUnit(tx, scope, "create", u, {{"name", u.name}}, now));
  return u;
}

core::Result<Unit> UpdateUnit(store::Connection& tx, const store::AccessScope& scope,
                              const std::string& id, const UnitPatch& patch, core::Timestamp now) {
  if (!scope.Has(Role::kSupervisor)) {
    return core::PermissionDenied("units are changed by the supervisors of their organization");
  }
  ISTMO_ASSIGN_OR_RETURN(auto found, FindUnit(tx, id));
  if (!found || !OwnedBy(scope, found->owner_org)) return Missing("unit", id);
  Unit u = *found;
  json detail = json::object();
  if (patch.name && *patch.name != u.name) {
    ISTMO_RETURN_IF_ERROR(CheckLength(*patch.name, 1, 100, "/name"));
    detail["name"] = {{"before", u.name}, {"after", *patch.name}};
    u.name = *patch.name;
  }
  if (patch.terminal) {
    ISTMO_ASSIGN_OR_RETURN(auto terminal, Terminal(*patch.terminal));
    if (terminal != u.terminal) {
      detail["terminal"] = {{"before", u.terminal}, {"after", terminal}};
      u.terminal = terminal;
    }
  }
  if (patch.active && *patch.active != u.active) {
    detail["active"] = {{"before", u.active}, {"after", *patch.active}};
    u.active = *patch.active;
  }
  if (detail.empty()) return Invalid("the change changes nothing", "/", "no_change");
  auto written = tx.Exec("UPDATE canal_units SET name = ?, terminal = ?, active = ? WHERE id = ?",
                         {u.name, u.terminal, static_cast<std::int64_t>(u.active ? 1 : 0), u.id});
  if (!written) {
    if (written.error().code == core::ErrorCode::kConflict) {
      return core::WithReason(
          core::Conflict("the organization has a unit named " + u.name, "/name"), "duplicate",
          {{"field", "name"}});
    }
    return written.error();
  }
  ISTMO_RETURN_IF_ERROR(RecordUnit(tx, scope, "update", u, std::move(detail), now));
  return u;
}

// ---- Inspections ----

core::Result<InspectionResult> ParseInspectionResult(std::string_view json_text) {
  ISTMO_ASSIGN_OR_RETURN(auto body, api::JsonBody::Parse(json_text));
  ISTMO_RETURN_IF_ERROR(
      body.RejectUnknown({"scan_result", "physical_exam", "seal_check", "result", "drugs",
                          "other_contraband", "notes", "correction_reason"}));
  InspectionResult r;
  for (auto [key, out] :
       {std::pair{"scan_result", &r.scan_result}, std::pair{"physical_exam", &r.physical_exam},
        std::pair{"seal_check", &r.seal_check}, std::pair{"result", &r.result}}) {
    ISTMO_ASSIGN_OR_RETURN(*out, body.String(key, 40));
  }
  for (auto [key, out, max, newlines] :
       {std::tuple{"other_contraband", &r.other_contraband, std::size_t{500}, false},
        std::tuple{"notes", &r.notes, std::size_t{4000}, true},
        std::tuple{"correction_reason", &r.correction_reason, std::size_t{500}, false}}) {
    const json& j = body.json();
    if (!j.contains(key) || j[key].is_null()) continue;
    if (!j[key].is_string())
      return Invalid("must be text", std::string("/") + key, "invalid_value");
    *out = j[key].get<std::string>();
    ISTMO_RETURN_IF_ERROR(CheckLength(*out, 0, max, std::string("/") + key, newlines));
  }
  const json& j = body.json();
  if (j.contains("drugs") && !j["drugs"].is_null()) {
    const json& a = j["drugs"];
    if (!a.is_array()) return Invalid("must be an array of {type, kg}", "/drugs", "invalid_value");
    if (a.size() > std::size(kInspectionDrugTypes)) {
      return Invalid("one entry per drug type", "/drugs", "too_many");
    }
    for (std::size_t i = 0; i < a.size(); ++i) {
      const std::string at = "/drugs/" + std::to_string(i);
      if (!a[i].is_object()) return Invalid("must be an object {type, kg}", at, "invalid_value");
      for (const auto& [k, v] : a[i].items()) {
        if (k != "type" && k != "kg") {
          return Invalid("unknown field '" + k.substr(0, 40) + "'", at + "/" + k.substr(0, 40),
                         "invalid_value");
        }
      }
      if (!a[i].contains("type") || !a[i]["type"].is_string()) {
        return Invalid("is required (a drug type)", at + "/type", "required");
      }
      if (!a[i].contains("kg") || !a[i]["kg"].is_number()) {
        return Invalid("is required (a weight in kg)", at + "/kg", "required");
      }
      r.drugs.push_back({a[i]["type"].get<std::string>(), a[i]["kg"].get<double>()});
    }
  }
  return r;
}

core::Result<std::vector<Inspection>> ListInspections(store::Connection& c,
                                                      const store::AccessScope& scope,
                                                      const InspectionQuery& q) {
  if (!Reader(scope)) {
    return core::PermissionDenied("inspections are read by officers, analysts and supervisors");
  }
  std::vector<std::string> where;
  store::Params params;
  std::string order_by;
  enum class Mode { kQueue, kDone, kCancelled } mode = Mode::kQueue;
  if (q.status.empty()) {
    where.push_back("i.status IN ('queued', 'assigned')");
  } else {
    ISTMO_RETURN_IF_ERROR(OneOf(q.status, {"queued", "assigned", "done", "cancelled"}, "?status"));
    where.push_back("i.status = ?");
    params.push_back(q.status);
    if (q.status == "done") mode = Mode::kDone;
    if (q.status == "cancelled") mode = Mode::kCancelled;
  }
  if (!q.unit_id.empty()) {
    where.push_back("i.unit_id = ?");
    params.push_back(q.unit_id);
  }
  for (auto [column, value] : {std::pair{"i.lane", &q.lane}, std::pair{"i.selection", &q.selection},
                               std::pair{"i.result", &q.result}}) {
    if (value->empty()) continue;
    where.push_back(std::string(column) + " = ?");
    params.push_back(*value);
  }
  switch (mode) {
    case Mode::kQueue:
      order_by = "i.score DESC, i.created_at, i.id";
      break;
    case Mode::kDone:
      order_by = "i.completed_at DESC, i.id DESC";
      break;
    case Mode::kCancelled:
      order_by = "i.updated_at DESC, i.id DESC";
      break;
  }
  if (!q.after.empty()) {
    // Keyset paging: the row `after` must be in the same list, and the next page starts past it
    // in the list's order.
    std::vector<std::string> at = where;
    store::Params at_params = params;
    at.push_back("i.id = ?");
    at_params.push_back(q.after);
    ISTMO_ASSIGN_OR_RETURN(auto cursor, SelectInspections(c, scope, at, at_params, "", 1));
    if (cursor.empty()) return Invalid("is not a cursor of this list", "?after", "stale_cursor");
    const Inspection& k = cursor.front();
    switch (mode) {
      case Mode::kQueue:
        where.push_back(
            "i.score < ? OR (i.score = ? AND (i.created_at > ? OR (i.created_at = ? AND i.id > "
            "?)))");
        for (store::Value v :
             store::Params{k.score, k.score, At(k.created_at), At(k.created_at), k.id})
          params.push_back(std::move(v));
        break;
      case Mode::kDone: {
        const std::string t = k.completed_at ? At(*k.completed_at) : "";
        where.push_back("i.completed_at < ? OR (i.completed_at = ? AND i.id < ?)");
        for (store::Value v : store::Params{t, t, k.id}) params.push_back(std::move(v));
        break;
      }
      case Mode::kCancelled:
        where.push_back("i.updated_at < ? OR (i.updated_at = ? AND i.id < ?)");
        for (store::Value v : store::Params{At(k.updated_at), At(k.updated_at), k.id})
          params.push_back(std::move(v));
        break;
    }
  }
  return SelectInspections(c, scope, where, params, order_by,
                           std::clamp<std::int64_t>(q.limit, 1, 1000));
}

core::Result<Inspection> GetInspection(store::Connection& c, const store::AccessScope& scope,
                                       const std::string& id) {
  if (!Reader(scope)) {
    return core::PermissionDenied("inspections are read by officers, analysts and supervisors");
  }
  ISTMO_ASSIGN_OR_RETURN(auto found, SelectInspections(c, scope, {"i.id = ?"}, {id}, "", 1));
  if (found.empty()) return Missing("inspection", id);
  return std::move(found.front());
}

core::Result<Inspection> QueueInspection(store::Connection& tx, const store::AccessScope& scope,
                                         const NewInspection& in, core::Timestamp now) {
  if (!scope.Has(Role::kSupervisor)) {
    return core::PermissionDenied("inspections are queued by hand by supervisors");
  }
  ISTMO_RETURN_IF_ERROR(OneOf(in.lane, {"red", "yellow"}, "/lane"));
  ISTMO_RETURN_IF_ERROR(CheckLength(in.note, 0, 1000, "/note", /*newlines=*/true));
  ISTMO_ASSIGN_OR_RETURN(
      auto line,
      tx.QueryOne("SELECT owner_org, releasability FROM canal_manifest_lines WHERE id = ?",
                  {in.line_id}));
  if (!line || !OwnedBy(scope, line->Text(0))) {
    return Invalid("no manifest line " + in.line_id.substr(0, 40) + " of your organization",
                   "/line_id", "invalid_value");
  }
  // The line's current score and fired rules, when it was scored: yield then still counts the
  // rules that fired on a line chosen by hand.
  ISTMO_ASSIGN_OR_RETURN(
      auto score,
      tx.QueryOne("SELECT score, fired FROM canal_scores WHERE line_id = ?", {in.line_id}));
  const std::string id = core::NewId();
  auto written = tx.Exec(
      "INSERT INTO canal_inspections (id, created_at, updated_at, owner_org, releasability, "
      "line_id, lane, selection, score, fired, status, created_by, queue_note) VALUES (?, ?, ?, "
      "?, ?, ?, ?, 'manual', ?, ?, 'queued', ?, ?) ON CONFLICT (line_id) DO NOTHING",
      {id, At(now), At(now), line->Text(0), line->Text(1), in.line_id, in.lane,
       score ? score->Real(0) : 0.0, score ? score->Text(1) : std::string("[]"), Actor(scope),
       in.note});
  if (!written) return written.error();
  if (*written == 0) {
    return core::WithReason(core::Conflict("the line has an inspection already", "/line_id"),
                            "duplicate", {{"field", "line_id"}});
  }
  ISTMO_ASSIGN_OR_RETURN(auto x, GetInspection(tx, scope, id));
  ISTMO_RETURN_IF_ERROR(Record(tx, scope, "queue", x, {{"lane", in.lane}, {"note", in.note}}, now));
  return x;
}

core::Result<Inspection> AssignInspection(store::Connection& tx, const store::AccessScope& scope,
                                          const std::string& id, const std::string& unit_id,
                                          core::Timestamp now) {
  if (!scope.Has(Role::kSupervisor)) {
    return core::PermissionDenied("inspections are assigned by supervisors");
  }
  ISTMO_ASSIGN_OR_RETURN(auto x, ForWrite(tx, scope, id));
  if (x.status != "queued" && x.status != "assigned") {
    return NotOpen("the inspection is " + x.status + "; only a queued or assigned one is assigned");
  }
  ISTMO_ASSIGN_OR_RETURN(auto unit, FindUnit(tx, unit_id));
  if (!unit || unit->owner_org != x.owner_org || !unit->active) {
    return Invalid("no active unit " + unit_id.substr(0, 40) + " of the inspection's organization",
                   "/unit_id", "invalid_value");
  }
  const std::string before = x.unit ? x.unit->id : "";
  ISTMO_RETURN_IF_ERROR(
      tx.Exec("UPDATE canal_inspections SET status = 'assigned', unit_id = ?, assigned_at = ?, "
              "assigned_by = ?, updated_at = ? WHERE id = ?",
              {unit->id, At(now), Actor(scope), At(now), x.id}));
  ISTMO_ASSIGN_OR_RETURN(auto after, GetInspection(tx, scope, id));
  ISTMO_RETURN_IF_ERROR(Record(
      tx, scope, "assign", after,
      {{"unit_id", unit->id}, {"before_unit_id", before.empty() ? json(nullptr) : json(before)}},
      now));
  return after;
}

core::Result<Inspection> CancelInspection(store::Connection& tx, const store::AccessScope& scope,
                                          const std::string& id, const std::string& reason,
                                          core::Timestamp now) {
  if (!scope.Has(Role::kSupervisor)) {
    return core::PermissionDenied("inspections are cancelled by supervisors");
  }
  ISTMO_ASSIGN_OR_RETURN(auto x, ForWrite(tx, scope, id));
  if (x.status != "queued" && x.status != "assigned") {
    return NotOpen("the inspection is " + x.status +
                   "; only a queued or assigned one is cancelled");
  }
  ISTMO_RETURN_IF_ERROR(CheckLength(reason, 1, 500, "/reason"));
  ISTMO_RETURN_IF_ERROR(tx.Exec(
      "UPDATE canal_inspections SET status = 'cancelled', cancel_reason = ?, updated_at = ? WHERE "
      "id = ?",
      {reason, At(now), x.id}));
  ISTMO_ASSIGN_OR_RETURN(auto after, GetInspection(tx, scope, id));
  ISTMO_RETURN_IF_ERROR(
      Record(tx, scope, "cancel", after, {{"reason", reason}, {"from", x.status}}, now));
  return after;
}

core::Result<Inspection> RecordResult(store::Connection& tx, const store::AccessScope& scope,
                                      const std::string& id, InspectionResult result,
                                      core::Timestamp now) {
  if (!scope.Has(Role::kOfficer) && !scope.Has(Role::kSupervisor)) {
    return core::PermissionDenied(
        "results are recorded by officers (and corrected by supervisors)");
  }
  ISTMO_ASSIGN_OR_RETURN(auto x, ForWrite(tx, scope, id));
  const bool correction = x.status == "done";
  if (correction) {
    if (!scope.Has(Role::kSupervisor)) {
      return NotOpen("the result is recorded; a supervisor corrects it, with a reason");
    }
    if (result.correction_reason.empty()) {
      return Invalid("is required: say why the result is corrected", "/correction_reason",
                     "correction_reason_required");
    }
  } else {
    if (!scope.Has(Role::kOfficer)) {
      return core::PermissionDenied(
          "results are recorded by officers; supervisors correct a recorded one");
    }
    if (x.status != "assigned") {
      return NotOpen(x.status == "queued" ? "the inspection is queued: assign it to a unit first"
                                          : "the inspection is " + x.status);
    }
    if (!result.correction_reason.empty()) {
      return Invalid("only a correction of a recorded result takes a reason", "/correction_reason",
                     "invalid_value");
    }
  }
  ISTMO_RETURN_IF_ERROR(CheckLength(result.correction_reason, 0, 500, "/correction_reason"));
  ISTMO_RETURN_IF_ERROR(ValidateResult(result, x.lane));
  json detail = {{"after", ResultDetail(result)}};
  if (correction) {
    InspectionResult before = *x.result;
    before.correction_reason = result.correction_reason;
    if (before == result) return Invalid("the correction changes no field", "/", "no_change");
    detail["before"] = ResultDetail(*x.result);
    detail["reason"] = result.correction_reason;
  }
  // A correction keeps completed_at and completed_by: the yield of a period stays the period's.
  ISTMO_RETURN_IF_ERROR(tx.Exec(
      "UPDATE canal_inspections SET status = 'done', scan_result = ?, physical_exam = ?, "
      "seal_check = ?, result = ?, drugs = ?, other_contraband = ?, notes = ?, updated_at = ?, "
      "completed_at = coalesce(completed_at, ?), completed_by = coalesce(completed_by, ?) WHERE "
      "id = ?",
      {result.scan_result, result.physical_exam, result.seal_check, result.result,
       DrugsJson(result.drugs).dump(), result.other_contraband, result.notes, At(now), At(now),
       Actor(scope), x.id}));
  ISTMO_ASSIGN_OR_RETURN(auto after, GetInspection(tx, scope, id));
  ISTMO_RETURN_IF_ERROR(
      Record(tx, scope, correction ? "correct" : "result", after, std::move(detail), now));
  return after;
}

// ---- Yield ----

core::Result<Yield> ComputeYield(store::Connection& c, const store::AccessScope& scope,
                                 const YieldQuery& q) {
  if (!Reader(scope)) {
    return core::PermissionDenied("yield is read by officers, analysts and supervisors");
  }
  // Done inspections of the period: the baseline, the rules' selection, and each fired rule.
  std::string range;
  store::Params params;
  if (q.from) {
    range += " AND i.completed_at >= ?";
    params.push_back(At(*q.from));
  }
  if (q.to) {
    range += " AND i.completed_at < ?";
    params.push_back(At(*q.to));
  }
  const store::SqlFilter visible = store::ReleasableTo(scope, "i");
  params.insert(params.end(), visible.params.begin(), visible.params.end());
  ISTMO_ASSIGN_OR_RETURN(auto rows, c.Query("SELECT i.selection, i.result, i.fired FROM "
                                            "canal_inspections i WHERE i.status = 'done'" +
                                                range + " AND " + visible.sql,
                                            params));
  Tally random, rules;
  std::map<std::pair<std::string, std::int64_t>, Tally> by_version;
  for (const Row& r : rows) {
    const bool positive = r.Text(1) == "positive";
    if (r.Text(0) == "random") random.Add(positive);
    if (r.Text(0) == "rules") rules.Add(positive);
    std::set<std::pair<std::string, std::int64_t>> counted;
    for (const RiskReason& f : ParseFired(r.Text(2))) {
      if (counted.insert({f.rule_id, f.version}).second)
        by_version[{f.rule_id, f.version}].Add(positive);
    }
  }
  // How often each rule fired on the visible lines' current scores of the period.
  std::string scored_range;
  store::Params scored_params;
  if (q.from) {
    scored_range += " AND s.scored_at >= ?";
    scored_params.push_back(At(*q.from));
  }
  if (q.to) {
    scored_range += " AND s.scored_at < ?";
    scored_params.push_back(At(*q.to));
  }
  const store::SqlFilter score_visible = store::ReleasableTo(scope, "s");
  scored_params.insert(scored_params.end(), score_visible.params.begin(),
                       score_visible.params.end());
  ISTMO_ASSIGN_OR_RETURN(auto scores,
                         c.Query("SELECT s.fired FROM canal_scores s WHERE s.fired <> '[]'" +
                                     scored_range + " AND " + score_visible.sql,
                                 scored_params));
  std::map<std::pair<std::string, std::int64_t>, std::int64_t> fired;
  for (const Row& r : scores) {
    for (const RiskReason& f : ParseFired(r.Text(0))) ++fired[{f.rule_id, f.version}];
  }

  Yield out;
  out.baseline = WilsonInterval(random.positives, random.n);
  out.rules_overall = WilsonInterval(rules.positives, rules.n);
  out.overall_lift = Lift(out.rules_overall, out.baseline);

  // The visible rules and the names of their versions.
  store::VisibleSelect rule_select{
      .columns = "r.id, r.name, r.status, r.version", .table = "canal_rules", .alias = "r"};
  rule_select.order_by = "r.name, r.id";
  ISTMO_ASSIGN_OR_RETURN(auto rule_rows, store::SelectVisible(c, scope, rule_select));
  std::set<std::string> rule_ids;
  for (const Row& r : rule_rows) rule_ids.insert(r.Text(0));
  ISTMO_ASSIGN_OR_RETURN(auto texts, RuleTexts(c, scope, rule_ids));
  auto make = [&](const Row& rule, std::int64_t version, const std::string& name, Tally t,
                  std::int64_t fired_count) {
    RuleYield y{.rule_id = rule.Text(0),
                .name = name,
                .version = version,
                .status = rule.Text(2),
                .fired = fired_count,
                .hits = WilsonInterval(t.positives, t.n)};
    y.lift = Lift(y.hits, out.baseline);
    y.beats_chance = y.hits.known && out.baseline.known && y.hits.low > out.baseline.rate;
    return y;
  };
  for (const Row& rule : rule_rows) {
    const std::string id = rule.Text(0);
    const std::int64_t current = rule.Int(3);
    // The versions with inspections or scores, and the current one even without.
    std::set<std::int64_t> versions = {current};
    for (auto it = by_version.lower_bound({id, INT64_MIN});
         it != by_version.end() && it->first.first == id; ++it)
      versions.insert(it->first.second);
    for (auto it = fired.lower_bound({id, INT64_MIN}); it != fired.end() && it->first.first == id;
         ++it)
      versions.insert(it->first.second);
    if (q.by_rule) {
      Tally all;
      std::int64_t fired_all = 0;
      for (std::int64_t v : versions) {
        const Tally t = by_version.count({id, v}) ? by_version[{id, v}] : Tally{};
        all.n += t.n;
        all.positives += t.positives;
        fired_all += fired.count({id, v}) ? fired[{id, v}] : 0;
      }
      out.rules.push_back(make(rule, current, rule.Text(1), all, fired_all));
      continue;
    }
    for (std::int64_t v : versions) {
      auto text = texts.find({id, v});
      const std::string name = text != texts.end() ? text->second.name : rule.Text(1);
      out.rules.push_back(make(rule, v, name,
                               by_version.count({id, v}) ? by_version[{id, v}] : Tally{},
                               fired.count({id, v}) ? fired[{id, v}] : 0));
    }
  }
  std::stable_sort(out.rules.begin(), out.rules.end(), [](const RuleYield& a, const RuleYield& b) {
    if (a.hits.low != b.hits.low) return a.hits.low > b.hits.low;
    return a.hits.n > b.hits.n;
  });
  return out;
}

// ---- History ----

core::Result<InspectionHistory> PartyInspectionHistory(store::Connection& c,
                                                       const store::AccessScope& scope,
                                                       const std::string& party_id) {
  if (!Reader(scope)) {
    return core::PermissionDenied("histories are read by officers, analysts and supervisors");
  }
  ISTMO_ASSIGN_OR_RETURN(
      auto h, History(c, scope,
                      "m.shipper_party_id = ? OR m.consignee_party_id = ? OR m.notify_party_id = ?",
                      {party_id, party_id, party_id}));
  if (h.lines == 0) return Missing("party", party_id);
  return h;
}

core::Result<InspectionHistory> PortInspectionHistory(store::Connection& c,
                                                      const store::AccessScope& scope,
                                                      const std::string& locode) {
  if (!Reader(scope)) {
    return core::PermissionDenied("histories are read by officers, analysts and supervisors");
  }
  return History(c, scope,
                 "m.port_of_loading = ? OR m.port_of_discharge = ? OR instr(';' || "
                 "m.transshipment_ports || ';', ?) > 0",
                 {locode, locode, ";" + locode + ";"});
}

// ---- Dashboard ----

core::Result<Dashboard> ComputeDashboard(store::Connection& c, const store::AccessScope& scope,
                                         core::Timestamp now) {
  if (!Reader(scope)) {
    return core::PermissionDenied("the dashboard is read by officers, analysts and supervisors");
  }
  Dashboard d;
  const std::string since = At(now - 30 * kDay);
  const auto visible = [&](const char* alias, store::Params p) {
    const store::SqlFilter f = store::ReleasableTo(scope, alias);
    p.insert(p.end(), f.params.begin(), f.params.end());
    return std::pair{f.sql, p};
  };
  {
    auto [sql, p] = visible("t", {core::FormatDate(now), core::FormatDate(now + 7 * kDay)});
    ISTMO_ASSIGN_OR_RETURN(auto row, c.QueryOne("SELECT count(*) FROM canal_transits t WHERE "
                                                "t.transit_date >= ? AND t.transit_date < ? AND " +
                                                    sql,
                                                p));
    d.transits_next_7_days = row ? row->Int(0) : 0;
  }
  {
    auto [sql, p] = visible("s", {since});
    ISTMO_ASSIGN_OR_RETURN(auto rows,
                           c.Query("SELECT s.lane, s.selection, count(*) FROM canal_scores s "
                                   "WHERE s.scored_at >= ? AND " +
                                       sql + " GROUP BY s.lane, s.selection",
                                   p));
    for (const Row& r : rows) {
      const std::int64_t n = r.Int(2);
      d.containers_scored_30d += n;
      if (r.Text(0) == "red") d.red += n;
      if (r.Text(0) == "yellow") d.yellow += n;
      if (r.Text(0) == "green") d.green += n;
      if (r.Text(1) == "random") d.random += n;
    }
  }
  {
    auto [sql, p] = visible("i", {});
    ISTMO_ASSIGN_OR_RETURN(auto rows,
                           c.Query("SELECT i.status, count(*) FROM canal_inspections i WHERE "
                                   "i.status IN ('queued', 'assigned') AND " +
                                       sql + " GROUP BY i.status",
                                   p));
    for (const Row& r : rows) (r.Text(0) == "queued" ? d.queued : d.assigned) = r.Int(1);
    ISTMO_ASSIGN_OR_RETURN(
        auto units, c.Query("SELECT i.unit_id, u.name, count(*) FROM canal_inspections i JOIN "
                            "canal_units u ON u.id = i.unit_id WHERE i.status = 'assigned' AND " +
                                sql + " GROUP BY i.unit_id, u.name ORDER BY count(*) DESC, u.name",
                            p));
    for (const Row& r : units) d.by_unit.push_back({r.Text(0), r.Text(1), r.Int(2)});
  }
  {
    auto [sql, p] = visible("i", {since});
    ISTMO_ASSIGN_OR_RETURN(auto rows,
                           c.Query("SELECT i.selection, i.result, i.drugs FROM canal_inspections "
                                   "i WHERE i.status = 'done' AND i.completed_at >= ? AND " +
                                       sql,
                                   p));
    Tally rules, random;
    std::map<std::string, double> kg;
    for (const Row& r : rows) {
      const bool positive = r.Text(1) == "positive";
      ++d.done_30d;
      if (positive) ++d.positives_30d;
      if (r.Text(0) == "rules") rules.Add(positive);
      if (r.Text(0) == "random") random.Add(positive);
      if (positive) {
        for (const DrugFound& x : ParseDrugs(r.Text(2))) kg[x.type] += x.kg;
      }
    }
    d.rules_30d = WilsonInterval(rules.positives, rules.n);
    d.random_30d = WilsonInterval(random.positives, random.n);
    d.lift_30d = Lift(d.rules_30d, d.random_30d);
    d.seizures_30d.assign(kg.begin(), kg.end());
    std::stable_sort(d.seizures_30d.begin(), d.seizures_30d.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
  }
  ISTMO_ASSIGN_OR_RETURN(auto yield,
                         ComputeYield(c, scope, {.from = now - 30 * kDay, .by_rule = true}));
  for (const RuleYield& y : yield.rules) {
    if (y.hits.n > 0) d.top_rules.push_back(y);
  }
  std::stable_sort(
      d.top_rules.begin(), d.top_rules.end(),
      [](const RuleYield& a, const RuleYield& b) { return a.hits.positives > b.hits.positives; });
  if (d.top_rules.size() > 5) d.top_rules.resize(5);
  return d;
}

}  // namespace istmo::canal

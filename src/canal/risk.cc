// Lists, rules and lane settings in the store (canal/risk.h). Scoring runs are in risk_score.cc.
#include "canal/risk.h"

#include <algorithm>
#include <cmath>
#include <set>

#include <nlohmann/json.hpp>

#include "api/json_body.h"
#include "canal/internal/risk_json.h"
#include "core/id.h"
#include "store/outbox.h"

namespace istmo::canal {

namespace internal {

using nlohmann::json;

json ListJson(const RiskList& l) {
  return {{"id", l.id},
          {"name", l.name},
          {"kind", ListKindName(l.kind)},
          {"items", l.items},
          {"version", l.version},
          {"owner_org", l.owner_org},
          {"releasability", l.releasability},
          {"created_at", core::FormatIso8601(l.created_at)},
          {"updated_at", core::FormatIso8601(l.updated_at)}};
}

json RuleJson(const RiskRule& r) {
  return {{"id", r.id},
          {"name", r.name},
          {"status", r.status},
          {"status_reason", r.status_reason.empty() ? json(nullptr) : json(r.status_reason)},
          {"version", r.version},
          {"expression", r.expression},
          {"weight", r.weight},
          {"explanation", {{"es", r.explanation_es}, {"en", r.explanation_en}}},
          {"owner_org", r.owner_org},
          {"releasability", r.releasability},
          {"created_at", core::FormatIso8601(r.created_at)},
          {"updated_at", core::FormatIso8601(r.updated_at)}};
}

}  // namespace internal

namespace {

using nlohmann::json;
using store::Row;

std::string Dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

std::vector<std::string> ItemsFromText(const std::string& text) {
  std::vector<std::string> out;
  const json j = json::parse(text, nullptr, false);
  if (!j.is_array()) return out;
  for (const json& e : j) {
    if (e.is_string()) out.push_back(e.get<std::string>());
  }
  return out;
}

std::string ItemsText(const std::vector<std::string>& items) { return Dump(json(items)); }

core::Timestamp Time(const std::string& text) {
  return core::ParseIso8601(text).value_or(core::Timestamp{});
}

std::string Actor(const store::AccessScope& scope) {
  return scope.user_id.empty() ? std::string("system") : scope.user_id;
}

// Writers of lists and rules: analysts of an organization (the system scope acting for one).
core::Status NeedAnalyst(const store::AccessScope& scope, std::string_view what) {
  if (!scope.Has(store::Role::kAnalyst)) {
    return core::PermissionDenied(std::string(what) + " needs the analyst role");
  }
  if (scope.org_id.empty()) {
    return core::PermissionDenied(std::string(what) + " must be owned by an organization");
  }
  return core::Ok();
}

core::Result<std::string> Releasability(const std::vector<std::string>& targets) {
  ISTMO_ASSIGN_OR_RETURN(auto normalized, store::NormalizeReleasability(targets));
  return store::EncodeReleasability(normalized);
}

// ---- Lists

constexpr const char* kListColumns =
    "l.id, l.created_at, l.updated_at, l.owner_org, l.releasability, l.name, l.kind, l.version, "
    "l.items";

RiskList ListFromRow(const Row& r) {
  RiskList l;
  l.id = r.Text(0);
  l.created_at = Time(r.Text(1));
  l.updated_at = Time(r.Text(2));
  l.owner_org = r.Text(3);
  l.releasability = store::DecodeReleasability(r.Text(4));
  l.name = r.Text(5);
  l.kind = ParseListKind(r.Text(6), "kind").value_or(ListKind::kText);
  l.version = r.Int(7);
  l.items = ItemsFromText(r.Text(8));
  return l;
}

core::Result<std::string> ListName(std::string_view text) {
  std::string name;
  for (char ch : text) name += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  const bool ok =
      !name.empty() && name.size() <= 64 && std::all_of(name.begin(), name.end(), [](char ch) {
        return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_';
      });
  if (!ok) return core::InvalidArgument("must be 1 to 64 of a-z, 0-9 and _", "/name");
  return name;
}

// Items normalized by kind, duplicates removed, in the order first given.
core::Result<std::vector<std::string>> NormalizeItems(ListKind kind,
                                                      const std::vector<std::string>& items) {
  if (items.size() > 10000) return core::InvalidArgument("must have at most 10000 items", "/items");
  std::vector<std::string> out;
  std::set<std::string> seen;
  for (std::size_t i = 0; i < items.size(); ++i) {
    ISTMO_ASSIGN_OR_RETURN(auto item,
                           NormalizeListItem(kind, items[i], "/items/" + std::to_string(i)));
    if (seen.insert(item).second) out.push_back(std::move(item));
  }
  return out;
}

core::Result<std::optional<RiskList>> VisibleList(store::Connection& c,
                                                  const store::AccessScope& scope,
                                                  const std::string& id) {
  store::VisibleSelect s{.columns = kListColumns, .table = "canal_lists", .alias = "l"};
  s.Where("l.id = ?", {id});
  ISTMO_ASSIGN_OR_RETURN(auto row, store::SelectVisibleOne(c, scope, s));
  if (!row) return std::optional<RiskList>();
  return std::optional<RiskList>(ListFromRow(*row));
}

// The caller's own record of `kind`: kNotFound when hidden or absent, kPermissionDenied when
// another organization owns it.
core::Status CheckOwned(const store::AccessScope& scope, const std::string& owner_org,
                        std::string_view what) {
  if (owner_org != scope.org_id) {
    return core::PermissionDenied(std::string("another organization owns this ") +
                                  std::string(what));
  }
  return core::Ok();
}

core::Status InsertListVersion(store::Connection& tx, const std::string& id, std::int64_t version,
                               const std::string& at, const store::AccessScope& scope,
                               const std::vector<std::string>& items, const std::string& note) {
  ISTMO_RETURN_IF_ERROR(tx.Exec(
      "INSERT INTO canal_list_versions (list_id, version, created_at, created_by, items, note) "
      "VALUES (?, ?, ?, ?, ?, ?)",
      {id, version, at, Actor(scope), ItemsText(items), note.substr(0, 1000)}));
  return core::Ok();
}

// ---- Rules

constexpr const char* kRuleColumns =
    "r.id, r.created_at, r.updated_at, r.owner_org, r.releasability, r.status, r.status_reason, "
    "r.version, v.name, v.expression, v.weight, v.explanation_es, v.explanation_en";
constexpr const char* kRuleTable =
    "canal_rule_versions v JOIN canal_rules";  // alias r; joined by the condition below
constexpr const char* kRuleJoin = "v.rule_id = r.id AND v.version = r.version";

RiskRule RuleFromRow(const Row& r) {
  RiskRule x;
  x.id = r.Text(0);
  x.created_at = Time(r.Text(1));
  x.updated_at = Time(r.Text(2));
  x.owner_org = r.Text(3);
  x.releasability = store::DecodeReleasability(r.Text(4));
  x.status = r.Text(5);
  x.status_reason = r.Text(6);
  x.version = r.Int(7);
  x.name = r.Text(8);
  x.expression = r.Text(9);
  x.weight = r.Real(10);
  x.explanation_es = r.Text(11);
  x.explanation_en = r.Text(12);
  return x;
}

core::Result<std::optional<RiskRule>> VisibleRule(store::Connection& c,
                                                  const store::AccessScope& scope,
                                                  const std::string& id) {
  store::VisibleSelect s{.columns = kRuleColumns, .table = kRuleTable, .alias = "r"};
  s.Where(kRuleJoin).Where("r.id = ?", {id});
  ISTMO_ASSIGN_OR_RETURN(auto row, store::SelectVisibleOne(c, scope, s));
  if (!row) return std::optional<RiskRule>();
  return std::optional<RiskRule>(RuleFromRow(*row));
}

core::Status CheckField(const std::string& text, const std::string& field, std::size_t max,
                        bool newlines = false) {
  if (text.empty() || text.size() > max) {
    return core::InvalidArgument("must have 1 to " + std::to_string(max) + " bytes", field);
  }
  return api::CheckText(text, field, newlines);
}

core::Status CheckRuleText(store::Connection& c, const store::AccessScope& scope,
                           const RiskRule& r) {
  ISTMO_RETURN_IF_ERROR(CheckField(r.name, "/name", 100));
  ISTMO_RETURN_IF_ERROR(CheckField(r.expression, "/expression", 4096, true));
  if (!(r.weight >= 1 && r.weight <= 100)) {
    return core::InvalidArgument("must be a number from 1 to 100", "/weight");
  }
  ISTMO_RETURN_IF_ERROR(CheckField(r.explanation_es, "/explanation/es", 500));
  ISTMO_RETURN_IF_ERROR(CheckField(r.explanation_en, "/explanation/en", 500));
  ISTMO_RETURN_IF_ERROR(CheckRuleExpression(c, scope, r.expression));
  return core::Ok();
}

core::Status CheckRuleNameFree(store::Connection& c, const std::string& org,
                               const std::string& name, const std::string& id) {
  ISTMO_ASSIGN_OR_RETURN(auto row,
                         c.QueryOne("SELECT id FROM canal_rules WHERE owner_org = ? AND name = ? "
                                    "AND id <> ?",
                                    {org, name, id}));
  if (row) return core::Conflict("your organization has a rule named '" + name + "'", "/name");
  return core::Ok();
}

core::Status InsertRuleVersion(store::Connection& tx, const RiskRule& r, const std::string& at,
                               const store::AccessScope& scope, const std::string& note) {
  ISTMO_RETURN_IF_ERROR(
      tx.Exec("INSERT INTO canal_rule_versions (rule_id, version, created_at, created_by, name, "
              "expression, weight, explanation_es, explanation_en, note) "
              "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
              {r.id, r.version, at, Actor(scope), r.name, r.expression, r.weight, r.explanation_es,
               r.explanation_en, note.substr(0, 1000)}));
  return core::Ok();
}

core::Status AuditRule(store::Connection& tx, const store::AccessScope& scope,
                       const std::string& action, const RiskRule& r, std::int64_t before,
                       core::Timestamp now, json extra = json::object()) {
  json detail = {{"name", r.name},
                 {"before_version", before},
                 {"after_version", r.version},
                 {"status", r.status}};
  detail.update(extra);
  ISTMO_RETURN_IF_ERROR(store::RecordChange(tx, scope,
                                            {.action = action,
                                             .object_type = "canal_rule",
                                             .object_id = r.id,
                                             .detail = Dump(detail),
                                             .body = Dump(internal::RuleJson(r))},
                                            now));
  return core::Ok();
}

core::Status AuditList(store::Connection& tx, const store::AccessScope& scope,
                       const std::string& action, const RiskList& l, std::int64_t before,
                       core::Timestamp now) {
  const json detail = {{"name", l.name},
                       {"kind", ListKindName(l.kind)},
                       {"items", l.items.size()},
                       {"before_version", before},
                       {"after_version", l.version}};
  ISTMO_RETURN_IF_ERROR(store::RecordChange(tx, scope,
                                            {.action = action,
                                             .object_type = "canal_list",
                                             .object_id = l.id,
                                             .detail = Dump(detail),
                                             .body = Dump(internal::ListJson(l))},
                                            now));
  return core::Ok();
}

// The names of the lists that the owner's rules (their current versions) use.
core::Result<std::set<std::string>> ListsInUse(store::Connection& c,
                                               const store::AccessScope& scope) {
  ISTMO_ASSIGN_OR_RETURN(auto lists, VisibleNamedLists(c, scope));
  ISTMO_ASSIGN_OR_RETURN(
      auto rows, c.Query("SELECT v.expression FROM canal_rules r JOIN canal_rule_versions v ON "
                         "v.rule_id = r.id AND v.version = r.version WHERE r.owner_org = ?",
                         {scope.org_id}));
  std::set<std::string> used;
  for (const Row& row : rows) {
    auto names = CheckExpression(row.Text(0), lists);
    if (!names) continue;  // a rule broken by an earlier change uses nothing that checks
    used.insert(names->begin(), names->end());
  }
  return used;
}

// The body of the list creation and edit inside a write transaction (LoadRuleFile runs several
// in one).
core::Result<RiskList> CreateListIn(store::Connection& tx, const store::AccessScope& scope,
                                    const NewList& in, core::Timestamp now) {
  ISTMO_RETURN_IF_ERROR(NeedAnalyst(scope, "a list"));
  ISTMO_ASSIGN_OR_RETURN(const std::string name, ListName(in.name));
  ISTMO_ASSIGN_OR_RETURN(const ListKind kind, ParseListKind(in.kind, "/kind"));
  ISTMO_ASSIGN_OR_RETURN(auto items, NormalizeItems(kind, in.items));
  ISTMO_ASSIGN_OR_RETURN(const std::string rel, Releasability(in.releasability));
  const std::string at = core::FormatIso8601(now);
  RiskList l{.id = core::NewId(),
             .created_at = now,
             .updated_at = now,
             .owner_org = scope.org_id,
             .releasability = store::DecodeReleasability(rel),
             .name = name,
             .kind = kind,
             .version = 1,
             .items = std::move(items)};
  auto inserted = tx.Exec(
      "INSERT INTO canal_lists (id, created_at, updated_at, owner_org, releasability, name, kind, "
      "version, items) VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?)",
      {l.id, at, at, l.owner_org, rel, l.name, std::string(ListKindName(kind)),
       ItemsText(l.items)});
  if (!inserted) {
    if (inserted.error().code == core::ErrorCode::kConflict) {
      return core::Conflict("your organization has a list named '" + name + "'", "/name");
    }
    return inserted.error();
  }
  ISTMO_RETURN_IF_ERROR(InsertListVersion(tx, l.id, 1, at, scope, l.items, in.note));
  ISTMO_RETURN_IF_ERROR(AuditList(tx, scope, "canal.list.create", l, 0, now));
  return l;
}

core::Result<RiskList> EditListIn(store::Connection& tx, const store::AccessScope& scope,
                                  const std::string& id, const ListEdit& edit,
                                  core::Timestamp now) {
  ISTMO_RETURN_IF_ERROR(NeedAnalyst(scope, "a list"));
  ISTMO_ASSIGN_OR_RETURN(auto found, VisibleList(tx, scope, id));
  if (!found) return core::WithReason(core::NotFound("no list " + id.substr(0, 40)), "not_found",
                            {{"object", "list"}});
  RiskList l = std::move(*found);
  ISTMO_RETURN_IF_ERROR(CheckOwned(scope, l.owner_org, "list"));
  if (edit.kind) {
    ISTMO_ASSIGN_OR_RETURN(const ListKind kind, ParseListKind(*edit.kind, "/kind"));
    if (kind != l.kind) {
      ISTMO_ASSIGN_OR_RETURN(auto used, ListsInUse(tx, scope));
      if (used.contains(l.name)) {
        return core::Conflict(
            "a rule uses @" + l.name + ": its kind stays " + std::string(ListKindName(l.kind)),
            "/kind");
      }
      l.kind = kind;
    }
  }
  ISTMO_ASSIGN_OR_RETURN(l.items, NormalizeItems(l.kind, edit.items));
  const std::int64_t before = l.version;
  l.version = before + 1;
  l.updated_at = now;
  const std::string at = core::FormatIso8601(now);
  ISTMO_RETURN_IF_ERROR(tx.Exec(
      "UPDATE canal_lists SET updated_at = ?, kind = ?, version = ?, items = ? WHERE id = ?",
      {at, std::string(ListKindName(l.kind)), l.version, ItemsText(l.items), l.id}));
  ISTMO_RETURN_IF_ERROR(InsertListVersion(tx, l.id, l.version, at, scope, l.items, edit.note));
  ISTMO_RETURN_IF_ERROR(AuditList(tx, scope, "canal.list.edit", l, before, now));
  return l;
}

core::Result<RiskRule> CreateRuleIn(store::Connection& tx, const store::AccessScope& scope,
                                    const NewRule& in, core::Timestamp now) {
  ISTMO_RETURN_IF_ERROR(NeedAnalyst(scope, "a rule"));
  ISTMO_ASSIGN_OR_RETURN(const std::string rel, Releasability(in.releasability));
  RiskRule r{.id = core::NewId(),
             .created_at = now,
             .updated_at = now,
             .owner_org = scope.org_id,
             .releasability = store::DecodeReleasability(rel),
             .status = "active",
             .version = 1,
             .name = in.name,
             .expression = in.expression,
             .weight = in.weight,
             .explanation_es = in.explanation_es,
             .explanation_en = in.explanation_en};
  ISTMO_RETURN_IF_ERROR(CheckRuleText(tx, scope, r));
  ISTMO_RETURN_IF_ERROR(CheckRuleNameFree(tx, r.owner_org, r.name, r.id));
  const std::string at = core::FormatIso8601(now);
  ISTMO_RETURN_IF_ERROR(
      tx.Exec("INSERT INTO canal_rules (id, created_at, updated_at, owner_org, releasability, "
              "name, status, version, status_reason) VALUES (?, ?, ?, ?, ?, ?, 'active', 1, '')",
              {r.id, at, at, r.owner_org, rel, r.name}));
  ISTMO_RETURN_IF_ERROR(InsertRuleVersion(tx, r, at, scope, in.note));
  ISTMO_RETURN_IF_ERROR(AuditRule(tx, scope, "canal.rule.create", r, 0, now));
  return r;
}

core::Result<RiskRule> OwnedRule(store::Connection& tx, const store::AccessScope& scope,
                                 const std::string& id) {
  ISTMO_RETURN_IF_ERROR(NeedAnalyst(scope, "a rule"));
  ISTMO_ASSIGN_OR_RETURN(auto found, VisibleRule(tx, scope, id));
  if (!found) return core::WithReason(core::NotFound("no rule " + id.substr(0, 40)), "not_found",
                            {{"object", "rule"}});
  ISTMO_RETURN_IF_ERROR(CheckOwned(scope, found->owner_org, "rule"));
  return std::move(*found);
}

core::Result<RiskRule> EditRuleIn(store::Connection& tx, const store::AccessScope& scope,
                                  const std::string& id, const RuleEdit& edit,
                                  core::Timestamp now) {
  ISTMO_ASSIGN_OR_RETURN(RiskRule r, OwnedRule(tx, scope, id));
  if (edit.name) r.name = *edit.name;
  if (edit.expression) r.expression = *edit.expression;
  if (edit.weight) r.weight = *edit.weight;
  if (edit.explanation_es) r.explanation_es = *edit.explanation_es;
  if (edit.explanation_en) r.explanation_en = *edit.explanation_en;
  ISTMO_RETURN_IF_ERROR(CheckRuleText(tx, scope, r));
  ISTMO_RETURN_IF_ERROR(CheckRuleNameFree(tx, r.owner_org, r.name, r.id));
  const std::int64_t before = r.version;
  r.version = before + 1;
  r.updated_at = now;
  const std::string at = core::FormatIso8601(now);
  ISTMO_RETURN_IF_ERROR(
      tx.Exec("UPDATE canal_rules SET updated_at = ?, name = ?, version = ? WHERE id = ?",
              {at, r.name, r.version, r.id}));
  ISTMO_RETURN_IF_ERROR(InsertRuleVersion(tx, r, at, scope, edit.note));
  ISTMO_RETURN_IF_ERROR(AuditRule(tx, scope, "canal.rule.edit", r, before, now));
  return r;
}

}  // namespace

// ---- Lists

core::Result<RiskList> CreateList(store::Store& store, const store::AccessScope& scope,
                                  const NewList& list, core::Timestamp now) {
  return store.Write<RiskList>(
      [&](store::Connection& tx) { return CreateListIn(tx, scope, list, now); });
}

core::Result<RiskList> EditList(store::Store& store, const store::AccessScope& scope,
                                const std::string& id, const ListEdit& edit, core::Timestamp now) {
  return store.Write<RiskList>(
      [&](store::Connection& tx) { return EditListIn(tx, scope, id, edit, now); });
}

core::Result<std::vector<RiskList>> ListLists(store::Connection& c,
                                              const store::AccessScope& scope) {
  store::VisibleSelect s{.columns = kListColumns, .table = "canal_lists", .alias = "l"};
  s.order_by = "l.name, l.created_at, l.id";
  ISTMO_ASSIGN_OR_RETURN(auto rows, store::SelectVisible(c, scope, s));
  std::vector<RiskList> out;
  out.reserve(rows.size());
  for (const Row& r : rows) out.push_back(ListFromRow(r));
  return out;
}

core::Result<ListDetail> GetList(store::Connection& c, const store::AccessScope& scope,
                                 const std::string& id) {
  ISTMO_ASSIGN_OR_RETURN(auto found, VisibleList(c, scope, id));
  if (!found) return core::WithReason(core::NotFound("no list " + id.substr(0, 40)), "not_found",
                            {{"object", "list"}});
  ListDetail out{.list = std::move(*found)};
  ISTMO_ASSIGN_OR_RETURN(auto rows, c.Query("SELECT version, created_at, created_by, items, note "
                                            "FROM canal_list_versions WHERE list_id = ? "
                                            "ORDER BY version",
                                            {id}));
  for (const Row& r : rows) {
    out.versions.push_back({.version = r.Int(0),
                            .created_at = Time(r.Text(1)),
                            .created_by = r.Text(2),
                            .items = ItemsFromText(r.Text(3)),
                            .note = r.Text(4)});
  }
  return out;
}

core::Result<std::vector<NamedList>> VisibleNamedLists(store::Connection& c,
                                                       const store::AccessScope& scope) {
  ISTMO_ASSIGN_OR_RETURN(auto lists, ListLists(c, scope));
  // ListLists orders by name then creation: the first of a name is the oldest.
  std::vector<NamedList> out;
  std::map<std::string, std::size_t> by_name;
  for (RiskList& l : lists) {
    auto it = by_name.find(l.name);
    if (it != by_name.end()) {
      if (l.owner_org == scope.org_id) {
        out[it->second] = {.name = l.name, .kind = l.kind, .items = std::move(l.items)};
      }
      continue;
    }
    by_name.emplace(l.name, out.size());
    out.push_back({.name = l.name, .kind = l.kind, .items = std::move(l.items)});
  }
  return out;
}

// ---- Rules

core::Result<std::vector<std::string>> CheckRuleExpression(store::Connection& c,
                                                           const store::AccessScope& scope,
                                                           std::string_view expression) {
  ISTMO_ASSIGN_OR_RETURN(auto lists, VisibleNamedLists(c, scope));
  return CheckExpression(expression, lists, "/expression");
}

core::Result<RiskRule> CreateRule(store::Store& store, const store::AccessScope& scope,
                                  const NewRule& rule, core::Timestamp now) {
  return store.Write<RiskRule>(
      [&](store::Connection& tx) { return CreateRuleIn(tx, scope, rule, now); });
}

core::Result<RiskRule> EditRule(store::Store& store, const store::AccessScope& scope,
                                const std::string& id, const RuleEdit& edit, core::Timestamp now) {
  return store.Write<RiskRule>(
      [&](store::Connection& tx) { return EditRuleIn(tx, scope, id, edit, now); });
}

core::Result<RiskRule> RetireRule(store::Store& store, const store::AccessScope& scope,
                                  const std::string& id, const std::string& reason,
                                  core::Timestamp now) {
  ISTMO_RETURN_IF_ERROR(CheckField(reason, "/reason", 500));
  return store.Write<RiskRule>([&](store::Connection& tx) -> core::Result<RiskRule> {
    ISTMO_ASSIGN_OR_RETURN(RiskRule r, OwnedRule(tx, scope, id));
    if (r.status == "retired" && r.status_reason == reason) return r;
    r.status = "retired";
    r.status_reason = reason;
    r.updated_at = now;
    ISTMO_RETURN_IF_ERROR(tx.Exec(
        "UPDATE canal_rules SET status = 'retired', status_reason = ?, updated_at = ? WHERE id = ?",
        {reason, core::FormatIso8601(now), r.id}));
    ISTMO_RETURN_IF_ERROR(
        AuditRule(tx, scope, "canal.rule.retire", r, r.version, now, {{"reason", reason}}));
    return r;
  });
}

core::Result<RiskRule> ReactivateRule(store::Store& store, const store::AccessScope& scope,
                                      const std::string& id, core::Timestamp now) {
  return store.Write<RiskRule>([&](store::Connection& tx) -> core::Result<RiskRule> {
    ISTMO_ASSIGN_OR_RETURN(RiskRule r, OwnedRule(tx, scope, id));
    if (r.status == "active") return r;
    // A list it uses may have changed while it slept: it scores again only if it still checks.
    ISTMO_RETURN_IF_ERROR(CheckRuleExpression(tx, scope, r.expression));
    r.status = "active";
    r.status_reason.clear();
    r.updated_at = now;
    ISTMO_RETURN_IF_ERROR(tx.Exec(
        "UPDATE canal_rules SET status = 'active', status_reason = '', updated_at = ? WHERE id = ?",
        {core::FormatIso8601(now), r.id}));
    ISTMO_RETURN_IF_ERROR(AuditRule(tx, scope, "canal.rule.reactivate", r, r.version, now));
    return r;
  });
}

core::Result<std::vector<RiskRule>> ListRules(store::Connection& c, const store::AccessScope& scope,
                                              const std::string& status) {
  store::VisibleSelect s{.columns = kRuleColumns, .table = kRuleTable, .alias = "r"};
  s.Where(kRuleJoin);
  if (!status.empty()) s.Where("r.status = ?", {status});
  s.order_by = "r.name, r.created_at, r.id";
  ISTMO_ASSIGN_OR_RETURN(auto rows, store::SelectVisible(c, scope, s));
  std::vector<RiskRule> out;
  out.reserve(rows.size());
  for (const Row& r : rows) out.push_back(RuleFromRow(r));
  return out;
}

core::Result<RuleDetail> GetRule(store::Connection& c, const store::AccessScope& scope,
                                 const std::string& id) {
  ISTMO_ASSIGN_OR_RETURN(auto found, VisibleRule(c, scope, id));
  if (!found) return core::WithReason(core::NotFound("no rule " + id.substr(0, 40)), "not_found",
                            {{"object", "rule"}});
  RuleDetail out{.rule = std::move(*found)};
  ISTMO_ASSIGN_OR_RETURN(
      auto rows, c.Query("SELECT version, created_at, created_by, name, expression, weight, "
                         "explanation_es, explanation_en, note FROM canal_rule_versions "
                         "WHERE rule_id = ? ORDER BY version",
                         {id}));
  for (const Row& r : rows) {
    out.versions.push_back({.version = r.Int(0),
                            .created_at = Time(r.Text(1)),
                            .created_by = r.Text(2),
                            .name = r.Text(3),
                            .expression = r.Text(4),
                            .weight = r.Real(5),
                            .explanation_es = r.Text(6),
                            .explanation_en = r.Text(7),
                            .note = r.Text(8)});
  }
  return out;
}

// ---- The rule file

namespace {

core::Error AtEntry(core::Error e, const std::string& prefix) {
  e.field = prefix + e.field;
  return e;
}

core::Result<std::vector<std::string>> StringArray(const json& j, const std::string& field) {
  if (!j.is_array()) return core::InvalidArgument("must be an array of strings", field);
  std::vector<std::string> out;
  for (std::size_t i = 0; i < j.size(); ++i) {
    if (!j[i].is_string()) {
      return core::InvalidArgument("must be a string", field + "/" + std::to_string(i));
    }
    out.push_back(j[i].get<std::string>());
  }
  return out;
}

core::Result<std::string> StringAt(const json& j, const char* key, const std::string& field) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_string()) return core::InvalidArgument("must be a string", field);
  return it->get<std::string>();
}

std::string SourceNote(const json& entry) {
  auto it = entry.find("source");
  std::string note = "loaded from file";
  if (it != entry.end() && it->is_string()) note += ": " + it->get<std::string>();
  return note;
}

}  // namespace

core::Result<RuleFileReport> LoadRuleFile(store::Store& store, const store::AccessScope& scope,
                                          std::string_view text, core::Timestamp now) {
  ISTMO_RETURN_IF_ERROR(NeedAnalyst(scope, "loading rules"));
  ISTMO_ASSIGN_OR_RETURN(auto body, api::JsonBody::Parse(text));
  ISTMO_RETURN_IF_ERROR(body.RejectUnknown({"lists", "rules"}));
  const json& root = body.json();
  const json lists = root.value("lists", json::array());
  const json rules = root.value("rules", json::array());
  if (!lists.is_array()) return core::InvalidArgument("must be an array", "/lists");
  if (!rules.is_array()) return core::InvalidArgument("must be an array", "/rules");
  return store.Write<RuleFileReport>([&](store::Connection& tx) -> core::Result<RuleFileReport> {
    RuleFileReport report;
    for (std::size_t i = 0; i < lists.size(); ++i) {
      const std::string at = "/lists/" + std::to_string(i);
      const json& e = lists[i];
      if (!e.is_object()) return core::InvalidArgument("must be an object", at);
      ISTMO_ASSIGN_OR_RETURN(auto name_text, StringAt(e, "name", at + "/name"));
      auto name = ListName(name_text);
      if (!name) return AtEntry(name.error(), at);
      ISTMO_ASSIGN_OR_RETURN(auto kind, StringAt(e, "kind", at + "/kind"));
      ISTMO_ASSIGN_OR_RETURN(auto items, StringArray(e.value("items", json()), at + "/items"));
      ISTMO_ASSIGN_OR_RETURN(auto existing,
                             tx.QueryOne("SELECT id, kind, items FROM canal_lists WHERE "
                                         "owner_org = ? AND name = ?",
                                         {scope.org_id, *name}));
      if (!existing) {
        auto made = CreateListIn(
            tx, scope, {.name = *name, .kind = kind, .items = items, .note = SourceNote(e)}, now);
        if (!made) return AtEntry(made.error(), at);
        ++report.lists_created;
        continue;
      }
      auto parsed_kind = ParseListKind(kind, "/kind");
      if (!parsed_kind) return AtEntry(parsed_kind.error(), at);
      auto normalized = NormalizeItems(*parsed_kind, items);
      if (!normalized) return AtEntry(normalized.error(), at);
      if (existing->Text(1) == kind && ItemsFromText(existing->Text(2)) == *normalized) {
        ++report.lists_unchanged;
        continue;
      }
      auto edited = EditListIn(tx, scope, existing->Text(0),
                               {.items = items, .kind = kind, .note = SourceNote(e)}, now);
      if (!edited) return AtEntry(edited.error(), at);
      ++report.lists_updated;
    }
    for (std::size_t i = 0; i < rules.size(); ++i) {
      const std::string at = "/rules/" + std::to_string(i);
      const json& e = rules[i];
      if (!e.is_object()) return core::InvalidArgument("must be an object", at);
      const json explanation = e.value("explanation", json::object());
      if (!explanation.is_object())
        return core::InvalidArgument("must be an object", at + "/explanation");
      NewRule r;
      ISTMO_ASSIGN_OR_RETURN(r.name, StringAt(e, "name", at + "/name"));
      ISTMO_ASSIGN_OR_RETURN(r.expression, StringAt(e, "expression", at + "/expression"));
      auto weight = e.find("weight");
      if (weight == e.end() || !weight->is_number()) {
        return core::InvalidArgument("must be a number from 1 to 100", at + "/weight");
      }
      r.weight = weight->get<double>();
      ISTMO_ASSIGN_OR_RETURN(r.explanation_es, StringAt(explanation, "es", at + "/explanation/es"));
      ISTMO_ASSIGN_OR_RETURN(r.explanation_en, StringAt(explanation, "en", at + "/explanation/en"));
      r.note = SourceNote(e);
      ISTMO_ASSIGN_OR_RETURN(
          auto existing,
          tx.QueryOne("SELECT r.id, v.expression, v.weight, v.explanation_es, v.explanation_en "
                      "FROM canal_rules r JOIN canal_rule_versions v ON v.rule_id = r.id AND "
                      "v.version = r.version WHERE r.owner_org = ? AND r.name = ?",
                      {scope.org_id, r.name}));
      if (!existing) {
        auto made = CreateRuleIn(tx, scope, r, now);
        if (!made) return AtEntry(made.error(), at);
        ++report.rules_created;
        continue;
      }
      if (existing->Text(1) == r.expression && existing->Real(2) == r.weight &&
          existing->Text(3) == r.explanation_es && existing->Text(4) == r.explanation_en) {
        ++report.rules_unchanged;
        continue;
      }
      auto edited = EditRuleIn(tx, scope, existing->Text(0),
                               {.expression = r.expression,
                                .weight = r.weight,
                                .explanation_es = r.explanation_es,
                                .explanation_en = r.explanation_en,
                                .note = r.note},
                               now);
      if (!edited) return AtEntry(edited.error(), at);
      ++report.rules_updated;
    }
    return report;
  });
}

// ---- Lanes

core::Status CheckLaneRates(const LaneRates& rates) {
  for (auto [value, field] :
       {std::pair{rates.red_rate, "/red_rate"}, std::pair{rates.yellow_rate, "/yellow_rate"},
        std::pair{rates.random_rate, "/random_rate"}}) {
    if (!(value >= 0 && value <= 1)) return core::InvalidArgument("must be from 0 to 1", field);
  }
  if (rates.red_rate + rates.yellow_rate + rates.random_rate > 1 + 1e-9) {
    return core::InvalidArgument("red_rate + yellow_rate + random_rate must be at most 1",
                                 "/random_rate");
  }
  return core::Ok();
}

core::Result<LaneReport> SetLaneSettings(store::Store& store, const store::AccessScope& scope,
                                         const LaneRates& rates, core::Timestamp now) {
  if (!scope.Has(store::Role::kSupervisor) || scope.org_id.empty()) {
    return core::PermissionDenied("lane settings are set by a supervisor of the organization");
  }
  ISTMO_RETURN_IF_ERROR(CheckLaneRates(rates));
  return store.Write<LaneReport>([&](store::Connection& tx) -> core::Result<LaneReport> {
    ISTMO_ASSIGN_OR_RETURN(auto before, GetLanes(tx, scope, now));
    const std::string at = core::FormatIso8601(now);
    const std::int64_t version = before.settings.version + 1;
    ISTMO_RETURN_IF_ERROR(tx.Exec(
        "INSERT INTO canal_lane_settings (owner_org, updated_at, updated_by, version, red_rate, "
        "yellow_rate, random_rate) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (owner_org) DO UPDATE "
        "SET updated_at = excluded.updated_at, updated_by = excluded.updated_by, version = "
        "excluded.version, red_rate = excluded.red_rate, yellow_rate = excluded.yellow_rate, "
        "random_rate = excluded.random_rate",
        {scope.org_id, at, Actor(scope), version, rates.red_rate, rates.yellow_rate,
         rates.random_rate}));
    const auto& b = before.settings.rates;
    const json detail = {{"before_version", before.settings.version},
                         {"after_version", version},
                         {"before",
                          {{"red_rate", b.red_rate},
                           {"yellow_rate", b.yellow_rate},
                           {"random_rate", b.random_rate}}},
                         {"after",
                          {{"red_rate", rates.red_rate},
                           {"yellow_rate", rates.yellow_rate},
                           {"random_rate", rates.random_rate}}}};
    ISTMO_RETURN_IF_ERROR(store::RecordChange(tx, scope,
                                              {.action = "canal.lanes.set",
                                               .object_type = "canal_lane_settings",
                                               .object_id = scope.org_id,
                                               .detail = Dump(detail),
                                               .body = Dump(detail["after"])},
                                              now));
    return GetLanes(tx, scope, now);
  });
}

core::Result<LaneReport> GetLanes(store::Connection& c, const store::AccessScope& scope,
                                  core::Timestamp now) {
  LaneReport out;
  ISTMO_ASSIGN_OR_RETURN(
      auto row, c.QueryOne("SELECT red_rate, yellow_rate, random_rate, version, updated_at, "
                           "updated_by FROM canal_lane_settings WHERE owner_org = ?",
                           {scope.org_id}));
  if (row) {
    out.settings = {.rates = {.red_rate = row->Real(0),
                              .yellow_rate = row->Real(1),
                              .random_rate = row->Real(2)},
                    .version = row->Int(3),
                    .updated_at = Time(row->Text(4)),
                    .updated_by = row->Text(5)};
  }
  ISTMO_ASSIGN_OR_RETURN(
      auto run, c.QueryOne("SELECT red_threshold, yellow_threshold FROM canal_score_runs WHERE "
                           "owner_org = ? ORDER BY created_at DESC, id DESC LIMIT 1",
                           {scope.org_id}));
  if (run) {
    if (!run->IsNull(0)) out.red_threshold = run->Real(0);
    if (!run->IsNull(1)) out.yellow_threshold = run->Real(1);
  }
  const std::string since =
      core::FormatIso8601(now - std::chrono::hours(24 * static_cast<int>(out.days)));
  ISTMO_ASSIGN_OR_RETURN(
      auto counts,
      c.QueryOne("SELECT count(*), coalesce(sum(CASE WHEN lane = 'red' THEN 1 ELSE 0 END), 0), "
                 "coalesce(sum(CASE WHEN lane = 'yellow' THEN 1 ELSE 0 END), 0), "
                 "coalesce(sum(CASE WHEN selection = 'random' THEN 1 ELSE 0 END), 0) "
                 "FROM canal_scores WHERE owner_org = ? AND scored_at >= ?",
                 {scope.org_id, since}));
  if (counts) {
    out.scored = counts->Int(0);
    out.red = counts->Int(1);
    out.yellow = counts->Int(2);
    out.random = counts->Int(3);
  }
  return out;
}

}  // namespace istmo::canal

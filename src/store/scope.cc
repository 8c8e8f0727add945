#include "store/scope.h"

#include <algorithm>
#include <cctype>

#include "core/id.h"
#include "store/store.h"

namespace istmo::store {

std::string_view RoleName(Role role) {
  switch (role) {
    case Role::kOfficer: return "officer";
    case Role::kAnalyst: return "analyst";
    case Role::kSupervisor: return "supervisor";
    case Role::kAdmin: return "admin";
  }
  return "officer";
}

core::Result<Role> ParseRole(std::string_view name) {
  for (Role r : AllRoles()) {
    if (RoleName(r) == name) return r;
  }
  return core::InvalidArgument("role must be officer, analyst, supervisor or admin, not '" +
                               std::string(name.substr(0, 20)) + "'");
}

const std::vector<Role>& AllRoles() {
  static const std::vector<Role> roles = {Role::kOfficer, Role::kAnalyst, Role::kSupervisor,
                                          Role::kAdmin};
  return roles;
}

AccessScope AccessScope::System() {
  AccessScope s;
  s.username = "system";
  s.system = true;
  return s;
}

namespace {

// The column's entries as the rule looks for them: ",<target>,".
// Appended piece by piece: GCC 12 warns (-Wrestrict, a false positive) on "," + s + ",".
std::string Entry(std::string_view target) {
  std::string entry;
  entry.reserve(target.size() + 2);
  entry += ',';
  entry += target;
  entry += ',';
  return entry;
}

}  // namespace

SqlFilter ReleasableTo(const AccessScope& scope, std::string_view alias) {
  if (scope.system) return {"1=1", {}};
  const std::string a(alias);
  // instr(), not LIKE: an exact, case-sensitive substring test without wildcards, the same test
  // IsReleasableTo() makes (SQLite's LIKE ignores ASCII case and reads '_' as any character).
  // PostgreSQL spells it strpos().
  const std::string has = "instr(" + a + ".releasability, ?) > 0";
  SqlFilter f;
  f.sql = "(" + a + ".owner_org = ? OR " + has + " OR " + has + " OR " + has + ")";
  f.params = {scope.org_id, Entry("ALL"), Entry(scope.country), Entry("org:" + scope.org_id)};
  return f;
}

bool IsReleasableTo(const AccessScope& scope, std::string_view owner_org,
                    std::string_view releasability_column) {
  if (scope.system || owner_org == scope.org_id) return true;
  const auto has = [&](std::string_view target) {
    return releasability_column.find(Entry(target)) != std::string_view::npos;
  };
  return has("ALL") || has(scope.country) || has("org:" + scope.org_id);
}

VisibleSelect& VisibleSelect::Where(std::string condition, Params condition_params) {
  where.push_back(std::move(condition));
  params.insert(params.end(), std::make_move_iterator(condition_params.begin()),
                std::make_move_iterator(condition_params.end()));
  return *this;
}

core::Result<std::vector<Row>> SelectVisible(Connection& c, const AccessScope& scope,
                                             const VisibleSelect& select) {
  const SqlFilter visible = ReleasableTo(scope, select.alias);
  std::string sql =
      "SELECT " + select.columns + " FROM " + select.table + " " + select.alias + " WHERE ";
  for (const std::string& condition : select.where) sql += "(" + condition + ") AND ";
  sql += visible.sql;
  Params params = select.params;
  params.insert(params.end(), visible.params.begin(), visible.params.end());
  if (!select.order_by.empty()) sql += " ORDER BY " + select.order_by;
  if (select.limit > 0) {
    sql += " LIMIT ?";
    params.emplace_back(select.limit);
  }
  return c.Query(sql, params);
}

core::Result<std::optional<Row>> SelectVisibleOne(Connection& c, const AccessScope& scope,
                                                  const VisibleSelect& select) {
  VisibleSelect one = select;
  one.limit = 1;
  ISTMO_ASSIGN_OR_RETURN(auto rows, SelectVisible(c, scope, one));
  if (rows.empty()) return std::optional<Row>();
  return std::optional<Row>(std::move(rows.front()));
}

core::Result<std::vector<std::string>> NormalizeReleasability(
    const std::vector<std::string>& targets) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < targets.size(); ++i) {
    std::string t = targets[i];
    std::string field = "/releasability/" + std::to_string(i);
    if (t.size() == 3 && std::all_of(t.begin(), t.end(), [](char c) {
          return std::isalpha(static_cast<unsigned char>(c)) != 0;
        })) {
      std::transform(t.begin(), t.end(), t.begin(),
                     [](char c) { return static_cast<char>(std::toupper(static_cast<unsigned char>(c))); });
      out.push_back(t);  // "ALL" or an ISO 3166 alpha-3 code
    } else if (t.rfind("org:", 0) == 0 && core::IsUuid(t.substr(4))) {
      std::transform(t.begin(), t.end(), t.begin(),
                     [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); });
      out.push_back(t);
    } else {
      return core::WithReason(
          core::InvalidArgument("a releasability target is \"ALL\", a country code like \"PAN\" "
                                "or \"org:<id>\", not '" +
                                    t.substr(0, 40) + "'",
                                field),
          "invalid_value");
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::string EncodeReleasability(const std::vector<std::string>& normalized) {
  std::string out = ",";
  for (const auto& t : normalized) out += t + ",";
  return out;
}

std::vector<std::string> DecodeReleasability(std::string_view column) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < column.size()) {
    std::size_t comma = column.find(',', start);
    if (comma == std::string_view::npos) comma = column.size();
    if (comma > start) out.emplace_back(column.substr(start, comma - start));
    start = comma + 1;
  }
  return out;
}

}  // namespace istmo::store

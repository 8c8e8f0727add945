#include "store/scope.h"

#include <algorithm>
#include <cctype>

#include "core/id.h"

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

SqlFilter ReleasableTo(const AccessScope& scope, std::string_view alias) {
  if (scope.system) return {"1=1", {}};
  std::string a(alias);
  SqlFilter f;
  f.sql = "(" + a + ".owner_org = ? OR " + a + ".releasability LIKE '%,ALL,%' OR " + a +
          ".releasability LIKE ? OR " + a + ".releasability LIKE ?)";
  f.params = {scope.org_id, "%," + scope.country + ",%", "%,org:" + scope.org_id + ",%"};
  return f;
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
      return core::InvalidArgument(
          "a releasability target is \"ALL\", a country code like \"PAN\" or \"org:<id>\", not '" +
              t.substr(0, 40) + "'",
          field);
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

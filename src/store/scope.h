// store/scope.h — who is asking (AccessScope) and which records they may see (releasability).
//
// Every record carries owner_org (an organization id) and releasability: the targets it may be
// shown to besides its owner. A target is "ALL", an ISO 3166 alpha-3 country ("PAN", "USA":
// every organization of that country), or "org:<organization id>". The filter is applied in
// SQL by every query that reads records; hidden records look absent. Deny by default: an empty
// releasability means "owner only".
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "store/value.h"

namespace istmo::store {

enum class Role : std::uint8_t {
  kOfficer = 1 << 0,     // registers encounters, records interdictions at a station or unit
  kAnalyst = 1 << 1,     // reads trends and records across the organization, exports
  kSupervisor = 1 << 2,  // oversees a unit: acknowledges alerts, reviews the audit log
  kAdmin = 1 << 3,       // manages the organization's users
};

std::string_view RoleName(Role role);
core::Result<Role> ParseRole(std::string_view name);
// Every role, in order.
const std::vector<Role>& AllRoles();

struct AccessScope {
  std::string user_id;
  std::string username;
  std::string org_id;
  std::string org_name;
  std::string country;  // ISO 3166 alpha-3 of the user's organization
  std::uint8_t roles = 0;
  // The local operator (CLI on the server with file access): sees and may do everything.
  // Never produced from an API token.
  bool system = false;

  bool Has(Role role) const { return system || (roles & static_cast<std::uint8_t>(role)) != 0; }
  static AccessScope System();
};

// A SQL condition and its parameters, to AND into a WHERE clause.
struct SqlFilter {
  std::string sql;
  Params params;
};

// "(t.owner_org = ? OR t.releasability LIKE ? OR ...)" for the table alias `alias`; "1=1" for
// the system scope.
SqlFilter ReleasableTo(const AccessScope& scope, std::string_view alias);

// Checks and normalizes targets: uppercases country codes, sorts, removes duplicates.
// kInvalidArgument names the offending entry (field "/releasability/<i>").
core::Result<std::vector<std::string>> NormalizeReleasability(const std::vector<std::string>& targets);
// The column form ",PAN,USA," (and "," for owner only) and back.
std::string EncodeReleasability(const std::vector<std::string>& normalized);
std::vector<std::string> DecodeReleasability(std::string_view column);

}  // namespace istmo::store

// store/scope.h — who is asking (AccessScope) and which records they may see (releasability).
//
// Every record carries owner_org (an organization id) and releasability: the targets it may be
// shown to besides its owner. A target is "ALL", an ISO 3166 alpha-3 country ("PAN", "USA":
// every organization of that country), or "org:<organization id>". The filter is applied in
// SQL by every query that reads records; hidden records look absent. Deny by default: an empty
// releasability means "owner only".
#pragma once

#include <cstdint>
#include <optional>
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

// The releasability rule, in its two forms that must agree (tests/store/scope_test.cc runs both
// over every owner × releasability × scope): a record is visible to the system scope, to its
// owner, and to any scope its releasability column names — ",ALL,", the scope's country
// (",PAN,") or its organization (",org:<id>,"), matched exactly, case included.

// A SQL condition and its parameters, to AND into a WHERE clause.
struct SqlFilter {
  std::string sql;
  Params params;
};

// "(t.owner_org = ? OR instr(t.releasability, ?) > 0 OR ...)" for the table alias `alias`;
// "1=1" for the system scope. Prefer SelectVisible(), which applies it.
SqlFilter ReleasableTo(const AccessScope& scope, std::string_view alias);

// The same rule for a record held in memory (the face index's search filter), given its owner
// and its releasability column as stored (EncodeReleasability()).
bool IsReleasableTo(const AccessScope& scope, std::string_view owner_org,
                    std::string_view releasability_column);

class Connection;

// A read of the records of one table that a scope may see:
//   SELECT <columns> FROM <table> <alias> WHERE (<where>) AND ... AND <ReleasableTo(alias)>
//   [ORDER BY <order_by>] [LIMIT <limit>]
// The releasable condition is always there: a module cannot forget it, and the SQL dialect
// stays in the store.
struct VisibleSelect {
  std::string columns;             // "e.id, e.name": trusted text, qualified by the alias
  std::string table;               // "migration_encounters"
  std::string alias;               // "e"
  std::vector<std::string> where;  // conditions ANDed, with '?' placeholders
  Params params;                   // the conditions' parameters, in order
  std::string order_by;            // empty: none
  std::int64_t limit = 0;          // 0: none

  // Adds a condition and its parameters.
  VisibleSelect& Where(std::string condition, Params condition_params = {});
};
core::Result<std::vector<Row>> SelectVisible(Connection& c, const AccessScope& scope,
                                             const VisibleSelect& select);
// The first visible row, or std::nullopt when there is none (absent or hidden alike).
core::Result<std::optional<Row>> SelectVisibleOne(Connection& c, const AccessScope& scope,
                                                  const VisibleSelect& select);

// Checks and normalizes targets: uppercases country codes, sorts, removes duplicates.
// kInvalidArgument names the offending entry (field "/releasability/<i>").
core::Result<std::vector<std::string>> NormalizeReleasability(const std::vector<std::string>& targets);
// The column form ",PAN,USA," (and "," for owner only) and back.
std::string EncodeReleasability(const std::vector<std::string>& normalized);
std::vector<std::string> DecodeReleasability(std::string_view column);

}  // namespace istmo::store

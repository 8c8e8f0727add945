// tests/app/authorization_matrix.h — the authorization matrix: every route of the composition
// root's table × role × country × releasability of the target record, plus no token, a revoked
// token and a disabled user's token.
//
// The expected outcome comes from policy tables written from the docs (docs/api.md and each
// module's page), not from the routes' own `roles` fields: a route that declares the wrong roles,
// or a handler that forgets the releasability filter, fails. A route without a policy entry
// fails too, so a route added later cannot go unchecked.
//
// The platform's routes have their policies in authorization_matrix.cc. Each module contributes
// its own from tests/<module>/authorization_policies.cc: the records its routes act on (target
// kinds) and one policy per route, registered with RegisterMatrixModule() at static
// initialization; tests/<module>/CMakeLists.txt adds the file to the matrix binary
// (ISTMO_AUTHZ_POLICIES).
#pragma once

#include <functional>
#include <initializer_list>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "api/api_harness.h"
#include "auth/auth.h"
#include "store/scope.h"
#include "testing/temp_dir.h"

namespace istmo::app::testing {

using api::testing::ApiHarness;
using api::testing::Call;
using api::testing::HarnessOptions;
using api::testing::kPassword;
using api::testing::Reply;
using nlohmann::json;
using store::Role;

enum class Who { kUser, kNoToken, kRevoked, kDisabled };

struct Caller {
  std::string label;  // "PAN officer", "no token", ...
  Who who = Who::kUser;
  Role role = Role::kOfficer;
  std::string country;
  std::string org_id;
  std::string user_id;
  std::string username;
  std::string token;
};

// Target kinds of the platform; modules add their own (e.g. "encounter", "watchlist").
inline constexpr const char* kNoTarget = "none";        // the route has no parameter
inline constexpr const char* kSelfUser = "self_user";   // users/{id}: the caller
inline constexpr const char* kSameOrgUser = "same_org_user";    // another user of the caller's org
inline constexpr const char* kOtherOrgUser = "other_org_user";  // a user of the other country
inline constexpr const char* kOwnOrg = "own_org";      // orgs/{id}: the caller's organization
inline constexpr const char* kOtherOrg = "other_org";  // orgs/{id}: the other country's
inline constexpr const char* kAlert = "alert";          // one alert of every owner × releasability
inline constexpr const char* kSuppression = "suppression";  // an alert suppression of each owner
inline constexpr const char* kLayer = "layer";          // geo/{name}: a layer that exists
inline constexpr const char* kAbsent = "absent";        // an id that exists nowhere

// What the {param} of a route stands for in one request.
struct Target {
  std::string label;
  std::string kind = kNoTarget;
  std::string id;
  // Records: the owner and where the record is released.
  std::string owner_org_id;
  std::vector<std::string> releasability;
  std::string person_id;  // face templates: whose face
};

// An expected status and, for successes, a check of the body ("" when it holds).
struct Expect {
  int status = 0;
  std::function<std::string(const Reply&)> check;
};

struct Policy {
  std::vector<std::string> targets = {kNoTarget};
  std::function<Expect(const Caller&, const Target&)> expect;
  // The request body, when the route takes one.
  std::function<std::string(const Caller&, const Target&)> body;
  bool spends_token = false;    // the call revokes the token it uses (logout): log in afresh
  // The call changes the alert (ack) or deletes the suppression: a fresh one per call.
  bool mutates_target = false;
};
using Policies = std::map<std::string, Policy>;  // "METHOD /path" -> policy

bool IsAuthenticated(const Caller& c);
bool HasRole(const Caller& c, std::initializer_list<Role> roles);
// 401 without a usable token, 403 without one of `roles`; std::nullopt when the call may go on.
std::optional<Expect> Denied(const Caller& c, std::initializer_list<Role> roles);
// The expectation "one of `roles` gets `status`, with `check` on the body".
std::function<Expect(const Caller&, const Target&)> Allow(
    std::initializer_list<Role> roles, int status,
    std::function<std::string(const Caller&, const Reply&)> check = nullptr);
// A check for list answers: every item's owner_org/releasability is releasable to the caller.
std::string AllItemsReleasable(const Caller& c, const Reply& r);

class Matrix;

// A module's part of the matrix.
struct MatrixModule {
  std::string name;
  // Makes the module's records (once, after the organizations and users, before the first
  // request) and hands them to the matrix with Matrix::AddRecords.
  std::function<void(Matrix&)> populate;
  // The policies of the module's routes.
  std::function<void(Matrix&, Policies&)> policies;
};
// Called from a namespace-scope initializer in tests/<module>/authorization_policies.cc.
bool RegisterMatrixModule(MatrixModule module);

class Matrix {
 public:
  explicit Matrix(const HarnessOptions& options);

  bool ready() const { return api_.ready(); }
  ApiHarness& api() { return api_; }

  // Organizations, users, tokens, alerts, and every module's records.
  void Populate();
  // Runs every route of the table (or those `only` keeps) against every caller and target;
  // returns the failures.
  std::vector<std::string> Run(const std::function<bool(const api::Route&)>& only = nullptr);

  // The two organizations that own records (PAN and USA), and a third of Panama: records
  // released to it alone stay hidden from the first.
  const auth::Organization& pan() const { return pan_; }
  const auth::Organization& usa() const { return usa_; }
  const auth::Organization& third() const { return third_; }
  std::vector<const auth::Organization*> Owners() const { return {&pan_, &usa_}; }
  const auth::Organization& Other(const auth::Organization& o) const {
    return o.id == pan_.id ? usa_ : pan_;
  }
  // Releasabilities of the target records, by label; each a function of the owner.
  using Releasability =
      std::pair<std::string, std::function<std::vector<std::string>(const auth::Organization&)>>;
  std::vector<Releasability> Releasabilities() const;

  // A user of `org` with one role, as the store sees them (records made outside the API).
  static store::AccessScope ScopeOf(const auth::Organization& org, Role role);
  // The releasability rule of docs/api.md, restated here on purpose.
  static bool Releasable(const Target& record, const Caller& c);

  // A module's records of one kind (e.g. "encounter"): the targets of routes whose policy names
  // the kind, and what list expectations count. Records() is empty for an unknown kind.
  void AddRecords(const std::string& kind, std::vector<Target> records);
  const std::vector<Target>& Records(const std::string& kind) const;

  const std::vector<Caller>& callers() const { return callers_; }
  std::size_t route_count() const { return api_.routes().size(); }
  // Requests sent by Run() so far.
  std::size_t cells() const { return cells_; }

 private:
  static HarnessOptions WithData(HarnessOptions options, const istmo::testing::TempDir& data);
  Target InsertAlert(const std::string& owner, const std::vector<std::string>& rel);
  Target InsertSuppression(const std::string& owner);
  Policies AllPolicies();
  void AddPlatformPolicies(Policies& p);
  std::vector<Target> Targets(const std::string& kind, const Caller& c);

  istmo::testing::TempDir data_;
  ApiHarness api_;
  auth::Organization pan_, usa_, third_;
  std::vector<Caller> callers_;
  std::map<std::string, std::string> target_user_;             // org id -> its target user
  std::map<std::string, std::set<std::string>> users_by_org_;  // org id -> user ids
  std::vector<Target> alerts_;                                 // every alert inserted
  std::map<std::string, std::set<std::string>> suppressions_;  // org id -> suppression ids
  std::map<std::string, std::vector<Target>> records_;  // kind -> a module's records
  int created_ = 0;
  std::size_t cells_ = 0;
};

// "\n  failure" lines, for assertion messages.
std::string Report(const std::vector<std::string>& failures);

}  // namespace istmo::app::testing

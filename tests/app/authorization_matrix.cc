#include "app/authorization_matrix.h"

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "core/id.h"
#include "store/alerts.h"

namespace istmo::app::testing {

namespace {

std::vector<MatrixModule>& Modules() {
  static std::vector<MatrixModule> modules;
  return modules;
}

std::string Join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ",") + s;
  return out.empty() ? "owner only" : out;
}

std::string ErrorCodeFor(int status) {
  switch (status) {
    case 400:
    case 426:  // a plain GET of a WebSocket route
      return "invalid_argument";
    case 401:
      return "unauthenticated";
    case 403:
      return "permission_denied";
    case 404:
      return "not_found";
    case 409:
      return "conflict";
  }
  return "";
}

Target WithLabel(Target t, const std::string& label) {
  t.label = label;
  return t;
}

// Every {param} of the path becomes `id` (a route with two parameters is given an absent id
// for both).
std::string Substitute(std::string path, const std::string& id) {
  if (id.empty()) return path;
  for (std::size_t open; (open = path.find('{')) != std::string::npos;) {
    const std::size_t close = path.find('}', open);
    path = path.substr(0, open) + id + path.substr(close + 1);
  }
  return path;
}

}  // namespace

bool RegisterMatrixModule(MatrixModule module) {
  Modules().push_back(std::move(module));
  return true;
}

bool IsAuthenticated(const Caller& c) { return c.who == Who::kUser; }

bool HasRole(const Caller& c, std::initializer_list<Role> roles) {
  return IsAuthenticated(c) && std::find(roles.begin(), roles.end(), c.role) != roles.end();
}

std::optional<Expect> Denied(const Caller& c, std::initializer_list<Role> roles) {
  if (!IsAuthenticated(c)) return Expect{.status = 401};
  if (!HasRole(c, roles)) return Expect{.status = 403};
  return std::nullopt;
}

std::function<Expect(const Caller&, const Target&)> Allow(
    std::initializer_list<Role> roles, int status,
    std::function<std::string(const Caller&, const Reply&)> check) {
  std::vector<Role> allowed(roles);
  return [allowed, status, check](const Caller& c, const Target&) {
    if (!IsAuthenticated(c)) return Expect{.status = 401};
    if (std::find(allowed.begin(), allowed.end(), c.role) == allowed.end()) {
      return Expect{.status = 403};
    }
    return Expect{.status = status,
                  .check = [check, c](const Reply& r) { return check ? check(c, r) : ""; }};
  };
}

std::string AllItemsReleasable(const Caller& c, const Reply& r) {
  for (const auto& item : r.body_json["items"]) {
    Target t{.owner_org_id = item.value("owner_org", "")};
    for (const auto& x : item["releasability"]) t.releasability.push_back(x.get<std::string>());
    if (!Matrix::Releasable(t, c)) {
      return "lists record " + item.value("id", "") + " not releasable to the caller";
    }
  }
  return "";
}

std::string Report(const std::vector<std::string>& failures) {
  std::string out;
  for (const auto& f : failures) out += "\n  " + f;
  return out;
}

Matrix::Matrix(const HarnessOptions& options) : api_(WithData(options, data_)) {}

HarnessOptions Matrix::WithData(HarnessOptions options, const istmo::testing::TempDir& data) {
  std::filesystem::create_directories(data.path() / "geo");
  std::ofstream(data.path() / "geo" / "zones.geojson")
      << R"({"type":"FeatureCollection","features":[]})";
  options.data_dir = data.path().string();
  return options;
}

void Matrix::Populate() {
  pan_ = api_.AddOrg("SENAFRONT", "PAN");
  usa_ = api_.AddOrg("DHS", "USA", "homeland_security");
  // A third organization, of Panama: records released to it alone stay hidden from SENAFRONT.
  third_ = api_.AddOrg("SENAN", "PAN", "aeronaval");
  for (const auth::Organization* org : {&pan_, &usa_}) {
    std::string prefix = org->country == "PAN" ? "pan." : "usa.";
    for (Role role : store::AllRoles()) {
      std::string username = prefix + std::string(store::RoleName(role));
      auth::User u = api_.AddUser(org->id, username, role);
      users_by_org_[org->id].insert(u.id);
      callers_.push_back({.label = org->country + " " + std::string(store::RoleName(role)),
                          .who = Who::kUser,
                          .role = role,
                          .country = org->country,
                          .org_id = org->id,
                          .user_id = u.id,
                          .username = username,
                          .token = api_.Login(username)});
    }
    auth::User target = api_.AddUser(org->id, prefix + "target", Role::kOfficer);
    users_by_org_[org->id].insert(target.id);
    target_user_[org->id] = target.id;
  }
  users_by_org_[third_.id].insert(api_.AddUser(third_.id, "senan.officer", Role::kOfficer).id);

  callers_.push_back({.label = "no token", .who = Who::kNoToken});
  // A revoked token of an admin: the most powerful role, dead.
  auth::User revoked = api_.AddUser(pan_.id, "pan.revoked", Role::kAdmin);
  users_by_org_[pan_.id].insert(revoked.id);
  std::string revoked_token = api_.Login("pan.revoked");
  Reply out =
      api_.Send({.method = "POST", .path = "/api/v1/auth/logout", .token = revoked_token});
  EXPECT_EQ(out.status, 204) << out.Describe();
  callers_.push_back({.label = "revoked token",
                      .who = Who::kRevoked,
                      .role = Role::kAdmin,
                      .country = "PAN",
                      .org_id = pan_.id,
                      .user_id = revoked.id,
                      .username = "pan.revoked",
                      .token = revoked_token});
  // The token of a supervisor whose account was disabled afterwards.
  auth::User disabled = api_.AddUser(usa_.id, "usa.disabled", Role::kSupervisor);
  users_by_org_[usa_.id].insert(disabled.id);
  std::string disabled_token = api_.Login("usa.disabled");
  EXPECT_TRUE(
      api_.auth().UpdateUser(store::AccessScope::System(), disabled.id, {.disabled = true}));
  callers_.push_back({.label = "disabled user's token",
                      .who = Who::kDisabled,
                      .role = Role::kSupervisor,
                      .country = "USA",
                      .org_id = usa_.id,
                      .user_id = disabled.id,
                      .username = "usa.disabled",
                      .token = disabled_token});

  for (const auto& rel : Releasabilities()) {
    for (const auth::Organization* owner : Owners()) InsertAlert(owner->id, rel.second(*owner));
  }
  for (const auth::Organization* owner : Owners()) InsertSuppression(owner->id);
  for (const MatrixModule& module : Modules()) {
    if (module.populate) module.populate(*this);
  }
}


std::vector<Matrix::Releasability> Matrix::Releasabilities() const {
  return {
      {"owner only", [](const auth::Organization&) { return std::vector<std::string>{}; }},
      {"released to the other country",
       [this](const auth::Organization& o) { return std::vector<std::string>{Other(o).country}; }},
      {"released to ALL",
       [](const auth::Organization&) { return std::vector<std::string>{"ALL"}; }},
      {"released to org:<other>",
       [this](const auth::Organization& o) {
         return std::vector<std::string>{"org:" + Other(o).id};
       }},
      {"released to org:<third>",
       [this](const auth::Organization&) { return std::vector<std::string>{"org:" + third_.id}; }},
  };
}

Target Matrix::InsertAlert(const std::string& owner, const std::vector<std::string>& rel) {
  auto a = api_.store().Write<store::Alert>([&](store::Connection& tx) {
    return store::InsertAlert(tx,
                              {.owner_org = owner,
                               .releasability = rel,
                               .module = "maritime",
                               .kind = "rendezvous",
                               .severity = "critical",
                               .title = "Rendezvous in the EEZ"},
                              api_.clock().Now());
  });
  EXPECT_TRUE(a) << a.error().ToString();
  std::string country = owner == pan_.id ? "PAN" : "USA";
  Target t{.label = "alert of " + country + " " + Join(rel),
           .kind = kAlert,
           .id = a.value_or(store::Alert{}).id,
           .owner_org_id = owner,
           .releasability = rel};
  alerts_.push_back(t);
  return t;
}

Target Matrix::InsertSuppression(const std::string& owner) {
  const auth::Organization& org = owner == pan_.id ? pan_ : usa_;
  const std::string subject = "mmsi:" + std::to_string(538000000 + ++created_);
  auto x = api_.store().Write<store::AlertSuppression>([&](store::Connection& tx) {
    return store::CreateSuppression(
        tx, ScopeOf(org, Role::kSupervisor),
        {.module = "maritime", .subject = subject, .reason = "our own patrol boat"},
        api_.clock().Now());
  });
  EXPECT_TRUE(x) << x.error().ToString();
  const std::string id = x.value_or(store::AlertSuppression{}).id;
  suppressions_[owner].insert(id);
  return {.label = "suppression of " + org.country,
          .kind = kSuppression,
          .id = id,
          .owner_org_id = owner};
}

bool Matrix::Releasable(const Target& record, const Caller& c) {
  if (record.owner_org_id == c.org_id) return true;
  for (const auto& r : record.releasability) {
    if (r == "ALL" || r == c.country || r == "org:" + c.org_id) return true;
  }
  return false;
}

store::AccessScope Matrix::ScopeOf(const auth::Organization& org, Role role) {
  store::AccessScope scope;
  scope.org_id = org.id;
  scope.country = org.country;
  scope.username = "matrix";
  scope.roles = static_cast<std::uint8_t>(role);
  return scope;
}

void Matrix::AddRecords(const std::string& kind, std::vector<Target> records) {
  auto& all = records_[kind];
  all.insert(all.end(), records.begin(), records.end());
}

const std::vector<Target>& Matrix::Records(const std::string& kind) const {
  static const std::vector<Target> kNone;
  auto it = records_.find(kind);
  return it == records_.end() ? kNone : it->second;
}

Policies Matrix::AllPolicies() {
  Policies p;
  AddPlatformPolicies(p);
  for (const MatrixModule& module : Modules()) {
    if (module.policies) module.policies(*this, p);
  }
  return p;
}

// The policy table of the platform's routes: docs/api.md "Authorization".
void Matrix::AddPlatformPolicies(Policies& p) {
  auto public_ok = [](int status) {
    return [status](const Caller&, const Target&) { return Expect{.status = status}; };
  };
  auto any_user = [](std::function<std::string(const Caller&, const Reply&)> check,
                     int status = 200) {
    return [check, status](const Caller& c, const Target&) {
      if (!IsAuthenticated(c)) return Expect{.status = 401};
      return Expect{.status = status,
                    .check = [check, c](const Reply& r) { return check ? check(c, r) : ""; }};
    };
  };
  auto no_check = std::function<std::string(const Caller&, const Reply&)>();

  p["GET /healthz"] = {.expect = public_ok(200)};
  p["GET /readyz"] = {.expect = public_ok(200)};
  p["GET /metrics"] = {.expect = public_ok(200)};  // the tests call from loopback
  p["GET /api/openapi.json"] = {.expect = public_ok(200)};
  p["POST /api/v1/auth/login"] = {
      .expect =
          [](const Caller& c, const Target&) {
            std::string expected_user = c.who == Who::kUser ? c.username : "pan.officer";
            return Expect{.status = 200, .check = [expected_user](const Reply& r) {
                            return r.body_json["user"].value("username", "") == expected_user
                                       ? ""
                                       : "logged in as someone else";
                          }};
          },
      .body =
          [](const Caller& c, const Target&) {
            // Anyone may log in; callers without a usable token log in as a known user.
            std::string username = c.who == Who::kUser ? c.username : "pan.officer";
            return json{{"username", username}, {"password", kPassword}}.dump();
          }};
  p["POST /api/v1/auth/logout"] = {.expect = any_user(no_check, 204), .spends_token = true};
  p["GET /api/v1/auth/password-policy"] = {
      .expect = [](const Caller&, const Target&) {
        return Expect{.status = 200, .check = [](const Reply& r) {
                        return r.body_json.value("min_length", 0) == 10 ? "" : "no rule";
                      }};
      }};
  // An admin changes the settings of their own organization; other organizations are listed
  // to everyone (releasability targets), so changing one is refused, not hidden.
  p["PATCH /api/v1/orgs/{id}"] = {
      .targets = {kOwnOrg, kOtherOrg, kAbsent},
      .expect =
          [](const Caller& c, const Target& t) {
            if (!IsAuthenticated(c)) return Expect{.status = 401};
            if (!HasRole(c, {Role::kAdmin})) return Expect{.status = 403};
            if (t.kind == kAbsent) return Expect{.status = 404};
            if (t.kind != kOwnOrg) return Expect{.status = 403};
            return Expect{.status = 200, .check = [t](const Reply& r) {
                            return r.body_json.value("id", "") == t.id &&
                                           r.body_json["default_releasability"] ==
                                               json::array({"PAN"})
                                       ? ""
                                       : "not the organization, or its default not set";
                          }};
          },
      .body = [](const Caller&, const Target&) {
        return json{{"default_releasability", {"pan"}}}.dump();
      }};
  p["GET /api/v1/me"] = {.expect = any_user([](const Caller& c, const Reply& r) {
                           return r.body_json.value("id", "") == c.user_id ? ""
                                                                           : "not the caller";
                         })};
  p["GET /api/v1/orgs"] = {.expect = any_user([](const Caller&, const Reply& r) {
                             return r.body_json["items"].size() == 3
                                        ? ""
                                        : "expected the 3 organizations";
                           })};
  p["GET /api/v1/users"] = {.expect = [this](const Caller& c, const Target&) {
    if (!IsAuthenticated(c)) return Expect{.status = 401};
    if (!HasRole(c, {Role::kAdmin})) return Expect{.status = 403};
    return Expect{
        .status = 200, .check = [this, c](const Reply& r) -> std::string {
          std::set<std::string> got;
          for (const auto& u : r.body_json["items"]) {
            if (u.value("org_id", "") != c.org_id) return "lists a user of another organization";
            got.insert(u.value("id", ""));
          }
          return got == users_by_org_[c.org_id] ? "" : "not exactly the organization's users";
        }};
  }};
  p["POST /api/v1/users"] = {
      .expect =
          [this](const Caller& c, const Target&) {
            if (!IsAuthenticated(c)) return Expect{.status = 401};
            if (!HasRole(c, {Role::kAdmin})) return Expect{.status = 403};
            return Expect{.status = 201, .check = [this, c](const Reply& r) -> std::string {
                            if (r.body_json.value("org_id", "") != c.org_id)
                              return "created in another organization";
                            users_by_org_[c.org_id].insert(r.body_json.value("id", ""));
                            return "";
                          }};
          },
      .body =
          [this](const Caller&, const Target&) {
            return json{{"username", "created." + std::to_string(++created_)},
                        {"display_name", "Created"},
                        {"password", "a long password 1"},
                        {"roles", {"officer"}}}
                .dump();
          }};
  auto user_record = [](const Caller& c, const Target& t) {
    if (!IsAuthenticated(c)) return Expect{.status = 401};
    bool allowed = t.kind == kSelfUser ||
                   (t.kind == kSameOrgUser && HasRole(c, {Role::kAdmin}));
    if (!allowed) return Expect{.status = 404};  // other users look absent
    return Expect{.status = 200, .check = [t](const Reply& r) {
                    return r.body_json.value("id", "") == t.id ? "" : "another user returned";
                  }};
  };
  const std::vector<std::string> user_targets = {kSelfUser, kSameOrgUser, kOtherOrgUser};
  p["GET /api/v1/users/{id}"] = {.targets = user_targets, .expect = user_record};
  p["PATCH /api/v1/users/{id}"] = {
      .targets = user_targets, .expect = user_record, .body = [](const Caller&, const Target&) {
        return json{{"display_name", "Renamed"}}.dump();
      }};
  p["GET /api/v1/audit"] = {.expect = [](const Caller& c, const Target&) {
    if (!IsAuthenticated(c)) return Expect{.status = 401};
    if (!HasRole(c, {Role::kSupervisor, Role::kAdmin})) return Expect{.status = 403};
    return Expect{.status = 200, .check = [c](const Reply& r) -> std::string {
                    if (r.body_json["items"].empty()) return "no entries";
                    for (const auto& e : r.body_json["items"]) {
                      if (e.value("actor_org", "") != c.org_id)
                        return "entry of another organization";
                    }
                    return "";
                  }};
  }};
  p["GET /api/v1/audit/verify"] = {.expect = [](const Caller& c, const Target&) {
    if (!IsAuthenticated(c)) return Expect{.status = 401};
    if (!HasRole(c, {Role::kAdmin})) return Expect{.status = 403};
    return Expect{.status = 200, .check = [](const Reply& r) {
                    return r.body_json.value("ok", false) ? "" : "chain not ok";
                  }};
  }};
  p["GET /api/v1/alerts"] = {
      .expect = any_user([this](const Caller& c, const Reply& r) -> std::string {
        std::set<std::string> got, want;
        for (const auto& a : r.body_json["items"]) got.insert(a.value("id", ""));
        for (const Target& a : alerts_) {
          if (Releasable(a, c)) want.insert(a.id);
        }
        if (got == want) return "";
        for (const auto& id : got) {
          if (!want.count(id))
            return "shows alert " + id + " that is not releasable to the caller";
        }
        return "misses an alert releasable to the caller";
      })};
  p["POST /api/v1/alerts/{id}/ack"] = {
      .targets = {kAlert},
      .expect =
          [](const Caller& c, const Target& t) {
            if (!IsAuthenticated(c)) return Expect{.status = 401};
            if (!HasRole(c, {Role::kOfficer, Role::kSupervisor, Role::kAdmin}))
              return Expect{.status = 403};
            if (!Releasable(t, c)) return Expect{.status = 404};  // hidden looks absent
            if (t.owner_org_id != c.org_id) return Expect{.status = 403};
            return Expect{.status = 200, .check = [c](const Reply& r) {
                            return r.body_json.value("status", "") == "acknowledged" &&
                                           r.body_json.value("acknowledged_by", "") == c.username
                                       ? ""
                                       : "not acknowledged by the caller";
                          }};
          },
      .mutates_target = true};
  // Issue 12: assignment and comments follow the acknowledgement's rule (docs/api.md): the
  // owning organization's officers, supervisors and admins; a hidden alert looks absent.
  const auto owner_worker = [](int status,
                               std::function<std::string(const Caller&, const Reply&)> check) {
    return [status, check](const Caller& c, const Target& t) {
      if (!IsAuthenticated(c)) return Expect{.status = 401};
      if (!HasRole(c, {Role::kOfficer, Role::kSupervisor, Role::kAdmin}))
        return Expect{.status = 403};
      if (!Releasable(t, c)) return Expect{.status = 404};  // hidden looks absent
      if (t.owner_org_id != c.org_id) return Expect{.status = 403};
      return Expect{.status = status, .check = [c, check](const Reply& r) { return check(c, r); }};
    };
  };
  p["POST /api/v1/alerts/{id}/assign"] = {
      .targets = {kAlert},
      .expect = owner_worker(200,
                             [](const Caller&, const Reply& r) -> std::string {
                               return r.body_json["assigned_to"].is_object() ? "" : "not assigned";
                             }),
      .body =
          [this](const Caller&, const Target& t) {
            const auto it = target_user_.find(t.owner_org_id);
            return json{{"user_id", it == target_user_.end() ? "" : it->second}}.dump();
          },
      .mutates_target = true};  // alert targets are made per call (Matrix::Run)
  p["POST /api/v1/alerts/{id}/comments"] = {
      .targets = {kAlert},
      .expect = owner_worker(201,
                             [](const Caller& c, const Reply& r) -> std::string {
                               return r.body_json.value("author", "") == c.username
                                          ? ""
                                          : "not the caller's comment";
                             }),
      .body =
          [](const Caller&, const Target&) {
            return json{{"body", "Checked at the station"}}.dump();
          },
      .mutates_target = true};
  p["GET /api/v1/alerts/{id}/comments"] = {
      .targets = {kAlert},
      .expect =
          [](const Caller& c, const Target& t) {
            if (!IsAuthenticated(c)) return Expect{.status = 401};
            if (!Releasable(t, c)) return Expect{.status = 404};
            return Expect{.status = 200, .check = [](const Reply& r) {
                            return r.body_json["items"].is_array() ? "" : "no items";
                          }};
          },
      .mutates_target = true};  // alert targets are made per call (Matrix::Run)
  // Issue 14: one alert is read like the list (releasable or absent); dismissing and snoozing
  // follow the acknowledgement's rule.
  p["GET /api/v1/alerts/{id}"] = {
      .targets = {kAlert},
      .expect =
          [](const Caller& c, const Target& t) {
            if (!IsAuthenticated(c)) return Expect{.status = 401};
            if (!Releasable(t, c)) return Expect{.status = 404};
            return Expect{.status = 200, .check = [t](const Reply& r) {
                            return r.body_json.value("id", "") == t.id ? "" : "another alert";
                          }};
          },
      .mutates_target = true};  // alert targets are made per call (Matrix::Run)
  p["POST /api/v1/alerts/{id}/dismiss"] = {
      .targets = {kAlert},
      .expect = owner_worker(200,
                             [](const Caller& c, const Reply& r) -> std::string {
                               return r.body_json.value("resolution", "") == "dismissed" &&
                                              r.body_json.value("closed_by", "") == c.username
                                          ? ""
                                          : "not dismissed by the caller";
                             }),
      .body =
          [](const Caller&, const Target&) {
            return json{{"reason", "Fishing vessel known to us"}}.dump();
          },
      .mutates_target = true};
  p["POST /api/v1/alerts/{id}/snooze"] = {
      .targets = {kAlert},
      .expect = owner_worker(200,
                             [](const Caller&, const Reply& r) -> std::string {
                               return r.body_json["snoozed_until"].is_string() ? "" : "not snoozed";
                             }),
      .body =
          [](const Caller&, const Target&) {
            return json{{"minutes", 30}}.dump();
          },
      .mutates_target = true};
  p["DELETE /api/v1/alerts/{id}/snooze"] = {
      .targets = {kAlert},
      .expect = owner_worker(200,
                             [](const Caller&, const Reply& r) -> std::string {
                               return r.body_json["snoozed_until"].is_null() ? "" : "still snoozed";
                             }),
      .mutates_target = true};
  // Suppressions are the organization's own: read by its users, made and lifted by its
  // supervisors and admins; another organization's looks absent.
  p["GET /api/v1/alerts/suppressions"] = {
      .expect = any_user([this](const Caller& c, const Reply& r) -> std::string {
        std::set<std::string> got;
        for (const auto& x : r.body_json["items"]) {
          if (x.value("owner_org", "") != c.org_id) return "lists another organization's";
          got.insert(x.value("id", ""));
        }
        return got == suppressions_[c.org_id] ? "" : "not exactly the organization's";
      })};
  p["POST /api/v1/alerts/suppressions"] = {
      .expect = Allow({Role::kSupervisor, Role::kAdmin}, 201,
                      [](const Caller& c, const Reply& r) {
                        return r.body_json.value("owner_org", "") == c.org_id
                                   ? ""
                                   : "made for another organization";
                      }),
      .body = [this](const Caller&, const Target&) {
        return json{{"module", "maritime"},
                    {"subject", "mmsi:" + std::to_string(538500000 + ++created_)},
                    {"kind", "loitering"},
                    {"reason", "Research vessel on survey"},
                    {"days", 30}}
            .dump();
      }};
  p["DELETE /api/v1/alerts/suppressions/{id}"] = {
      .targets = {kSuppression, kAbsent},
      .expect =
          [](const Caller& c, const Target& t) {
            if (auto denied = Denied(c, {Role::kSupervisor, Role::kAdmin})) return *denied;
            if (t.kind == kAbsent || t.owner_org_id != c.org_id) return Expect{.status = 404};
            return Expect{.status = 204};
          },
      .mutates_target = true};  // a fresh suppression per call (Matrix::Run)
  p["GET /api/v1/geo/layers"] = {.expect = any_user([](const Caller&, const Reply& r) {
                                   return r.body_json["items"].size() == 1
                                              ? ""
                                              : "expected the one layer";
                                 })};
  p["GET /api/v1/geo/{name}"] = {.targets = {kLayer}, .expect = any_user(no_check)};
}


// Concrete targets of one kind, as seen by one caller.
std::vector<Target> Matrix::Targets(const std::string& kind, const Caller& c) {
  std::string own_org = c.org_id.empty() ? pan_.id : c.org_id;
  std::string own_user = c.user_id.empty() ? target_user_[pan_.id] : c.user_id;
  std::string other_org = own_org == pan_.id ? usa_.id : pan_.id;
  if (kind == kNoTarget) return {{.label = "-", .kind = kind}};
  if (kind == kSelfUser) return {{.label = "the caller", .kind = kind, .id = own_user}};
  if (kind == kSameOrgUser) {
    return {{.label = "a user of the same organization", .kind = kind, .id = target_user_[own_org]}};
  }
  if (kind == kOtherOrgUser) {
    return {{.label = "a user of the other country", .kind = kind, .id = target_user_[other_org]}};
  }
  if (kind == kAlert) {
    std::vector<Target> out;
    for (const auto& rel : Releasabilities()) {
      for (const auth::Organization* owner : Owners()) {
        out.push_back({.label = "alert of " + owner->country + " " + rel.first,
                       .kind = kind,
                       .owner_org_id = owner->id,
                       .releasability = rel.second(*owner)});
      }
    }
    return out;
  }
  if (kind == kSuppression) {
    std::vector<Target> out;
    for (const auth::Organization* owner : Owners()) {
      out.push_back(
          {.label = "suppression of " + owner->country, .kind = kind, .owner_org_id = owner->id});
    }
    return out;
  }
  if (kind == kOwnOrg) return {{.label = "the caller's organization", .kind = kind, .id = own_org}};
  if (kind == kOtherOrg) {
    return {{.label = "the other country's organization", .kind = kind, .id = other_org}};
  }
  if (kind == kLayer) return {{.label = "layer zones", .kind = kind, .id = "zones"}};
  if (kind == kAbsent) return {{.label = "an absent record", .kind = kind, .id = core::NewId()}};
  auto it = records_.find(kind);
  if (it != records_.end()) return it->second;
  ADD_FAILURE() << "no records of kind " << kind << " (a module adds them in its populate)";
  return {};
}

// Runs every route of the table against every caller and target; returns the failures.
std::vector<std::string> Matrix::Run(const std::function<bool(const api::Route&)>& only) {
  std::vector<std::string> failures;
  Policies policies = AllPolicies();
  std::set<std::string> seen;
  for (const api::Route& route : api_.routes()) {
    std::string key = route.method + " " + route.path;
    seen.insert(key);
    if (only && !only(route)) continue;
    auto it = policies.find(key);
    if (it == policies.end()) {
      failures.push_back("route " + key + " has no policy entry");
      continue;
    }
    const Policy& policy = it->second;
    for (const Caller& caller : callers_) {
      for (const std::string& kind : policy.targets) {
        for (Target target : Targets(kind, caller)) {
          if (policy.mutates_target && kind == kAlert) {
            target =
                WithLabel(InsertAlert(target.owner_org_id, target.releasability), target.label);
          }
          if (policy.mutates_target && kind == kSuppression) {
            target = WithLabel(InsertSuppression(target.owner_org_id), target.label);
          }
          Call call{.method = route.method,
                    .path = Substitute(route.path, target.id),
                    .token = caller.token};
          if (policy.spends_token && caller.who == Who::kUser)
            call.token = api_.Login(caller.username);
          if (policy.body) call.body = policy.body(caller, target);
          if (call.path.find('{') != std::string::npos) {
            failures.push_back("route " + key + ": no target for its parameter");
            continue;
          }
          Reply reply = api_.Send(call);
          ++cells_;
          Expect want = policy.expect(caller, target);
          std::string where =
              "route " + key + ", caller " + caller.label + ", target " + target.label + ": ";
          if (reply.status != want.status) {
            failures.push_back(where + "expected " + std::to_string(want.status) + ", got " +
                               reply.Describe());
            continue;
          }
          if (want.status >= 400) {
            std::string code = reply.body_json.is_object() && reply.body_json.contains("error")
                                   ? reply.body_json["error"].value("code", "")
                                   : "";
            if (code != ErrorCodeFor(want.status)) {
              failures.push_back(where + "error code " + code + " for " + reply.Describe());
            }
          } else if (want.check) {
            std::string problem = want.check(reply);
            if (!problem.empty()) failures.push_back(where + problem + ": " + reply.Describe());
          }
        }
      }
    }
  }
  for (const auto& [key, policy] : policies) {
    if (!seen.count(key)) failures.push_back("policy entry " + key + " matches no route");
  }
  return failures;
}

}  // namespace istmo::app::testing

// The authorization matrix: every route of api::AllRoutes × role × country × releasability of the
// target record, plus no token, a revoked token and a disabled user's token.
//
// The expected outcome comes from the policy table below, written from docs/api.md, and not from
// the routes' own `roles` fields: a route that declares the wrong roles, or a handler that
// forgets the releasability filter, fails here. A route without a policy entry fails too, so a
// route added later cannot go unchecked.
#include <sodium.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "api_harness.h"
#include "core/id.h"
#include "migration/encounters.h"
#include "store/alerts.h"

namespace istmo::api::testing {
namespace {

using store::Role;

// One face, for the identification route (../shared/data/faces/SOURCES.md).
constexpr const char* kFacePhoto = "face_recognition/examples/knn_examples/train/obama/obama.jpg";

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

// What the {param} of a route stands for.
enum class TargetKind {
  kNone,          // the route has no parameter
  kSelfUser,      // users/{id}: the caller
  kSameOrgUser,   // users/{id}: another user of the caller's organization
  kOtherOrgUser,  // users/{id}: a user of the other country's organization
  kAlert,         // alerts/{id}: one alert of every owner × releasability
  kLayer,         // geo/{name}: a layer that exists
  kEncounter,     // migration/encounters/{id}: one encounter of every owner × releasability
  kWatchlist,     // biometrics/watchlists/{id}: one watchlist of every owner × releasability
  kAbsent,        // a record id that exists nowhere (records the matrix does not make)
};

struct Target {
  std::string label;
  TargetKind kind = TargetKind::kNone;
  std::string id;
  // Alerts: the owner and where the record is released.
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
  std::vector<TargetKind> targets = {TargetKind::kNone};
  std::function<Expect(const Caller&, const Target&)> expect;
  // The request body, when the route takes one.
  std::function<std::string(const Caller&, const Target&)> body;
  bool spends_token = false;    // the call revokes the token it uses (logout): log in afresh
  bool mutates_target = false;  // the call changes the alert (ack): a fresh one per call
};

bool IsAuthenticated(const Caller& c) { return c.who == Who::kUser; }
bool HasRole(const Caller& c, std::initializer_list<Role> roles) {
  return IsAuthenticated(c) && std::find(roles.begin(), roles.end(), c.role) != roles.end();
}

std::string Join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ",") + s;
  return out.empty() ? "owner only" : out;
}

std::string ErrorCodeFor(int status) {
  switch (status) {
    case 400:
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

class AuthorizationMatrix {
 public:
  explicit AuthorizationMatrix(const HarnessOptions& options) : api_(WithData(options, data_)) {}

  static HarnessOptions WithData(HarnessOptions options, const istmo::testing::TempDir& data) {
    std::filesystem::create_directories(data.path() / "geo");
    std::ofstream(data.path() / "geo" / "zones.geojson")
        << R"({"type":"FeatureCollection","features":[]})";
    options.data_dir = data.path().string();
    return options;
  }

  bool ready() const { return api_.ready(); }

  // Organizations, users, tokens and alerts of every kind.
  void Populate() {
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

    for (const auto& rel : AlertReleasabilities()) {
      for (const auth::Organization* owner : {&pan_, &usa_})
        InsertAlert(owner->id, rel.second(*owner));
    }
  }

  // Releasabilities of the target records, by label; each a function of the owner.
  std::vector<
      std::pair<std::string, std::function<std::vector<std::string>(const auth::Organization&)>>>
  AlertReleasabilities() {
    return {
        {"owner only", [](const auth::Organization&) { return std::vector<std::string>{}; }},
        {"released to the other country",
         [this](const auth::Organization& o) {
           return std::vector<std::string>{Other(o).country};
         }},
        {"released to ALL",
         [](const auth::Organization&) { return std::vector<std::string>{"ALL"}; }},
        {"released to org:<other>",
         [this](const auth::Organization& o) {
           return std::vector<std::string>{"org:" + Other(o).id};
         }},
        {"released to org:<third>",
         [this](const auth::Organization&) {
           return std::vector<std::string>{"org:" + third_.id};
         }},
    };
  }

  const auth::Organization& Other(const auth::Organization& o) const {
    return o.id == pan_.id ? usa_ : pan_;
  }

  Target InsertAlert(const std::string& owner, const std::vector<std::string>& rel) {
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
             .kind = TargetKind::kAlert,
             .id = a.value_or(store::Alert{}).id,
             .owner_org_id = owner,
             .releasability = rel};
    alerts_.push_back(t);
    return t;
  }

  // The rule of docs/api.md "Releasability", restated here on purpose.
  static bool Releasable(const Target& alert, const Caller& c) {
    if (alert.owner_org_id == c.org_id) return true;
    for (const auto& r : alert.releasability) {
      if (r == "ALL" || r == c.country || r == "org:" + c.org_id) return true;
    }
    return false;
  }

  // The policy table: docs/api.md "Authorization", one entry per route.
  std::map<std::string, Policy> Policies() {
    std::map<std::string, Policy> p;
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
      bool allowed = t.kind == TargetKind::kSelfUser ||
                     (t.kind == TargetKind::kSameOrgUser && HasRole(c, {Role::kAdmin}));
      if (!allowed) return Expect{.status = 404};  // other users look absent
      return Expect{.status = 200, .check = [t](const Reply& r) {
                      return r.body_json.value("id", "") == t.id ? "" : "another user returned";
                    }};
    };
    const std::vector<TargetKind> user_targets = {TargetKind::kSelfUser, TargetKind::kSameOrgUser,
                                                  TargetKind::kOtherOrgUser};
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
        .targets = {TargetKind::kAlert},
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
    p["GET /api/v1/geo/layers"] = {.expect = any_user([](const Caller&, const Reply& r) {
                                     return r.body_json["items"].size() == 1
                                                ? ""
                                                : "expected the one layer";
                                   })};
    p["GET /api/v1/geo/{name}"] = {.targets = {TargetKind::kLayer}, .expect = any_user(no_check)};
    AddMigrationPolicies(p);
    AddBiometricsPolicies(p);
    return p;
  }

  // docs/biometrics.md: officers and analysts identify; analysts, supervisors and admins read
  // watchlists; supervisors and admins of the owning organization change them.
  void AddBiometricsPolicies(std::map<std::string, Policy>& p) {
    auto denied = [](const Caller& c, std::initializer_list<Role> roles) -> std::optional<Expect> {
      if (!IsAuthenticated(c)) return Expect{.status = 401};
      if (!HasRole(c, roles)) return Expect{.status = 403};
      return std::nullopt;
    };
    // One photo of a face enrolled as a template of every owner × releasability: the answer
    // lists exactly the templates releasable to the caller.
    p["POST /api/v1/biometrics/identify"] = {
        .expect = [this, denied](const Caller& c, const Target&) {
          if (auto d = denied(c, {Role::kOfficer, Role::kAnalyst})) return *d;
          std::set<std::string> want;
          for (const Target& t : FaceTemplates()) {
            if (Releasable(t, c)) want.insert(t.id);
          }
          return Expect{.status = 200, .check = [want](const Reply& r) -> std::string {
                          std::set<std::string> got;
                          for (const auto& k : r.body_json["candidates"]) {
                            got.insert(k.value("template_id", ""));
                          }
                          if (got == want) return "";
                          for (const auto& id : got) {
                            if (!want.count(id)) return "answers template " + id + " not releasable";
                          }
                          return "misses a template releasable to the caller";
                        }};
        },
        .body = [this](const Caller&, const Target&) {
          return json{{"photo", FacePhotoBase64()}, {"candidates", 50}}.dump();
        }};
    p["GET /api/v1/biometrics/watchlists"] = {
        .expect = [this, denied](const Caller& c, const Target&) {
          if (auto d = denied(c, {Role::kAnalyst, Role::kSupervisor, Role::kAdmin})) return *d;
          std::set<std::string> want;
          for (const Target& t : Watchlists()) {
            if (Releasable(t, c)) want.insert(t.id);
          }
          return Expect{.status = 200, .check = [want](const Reply& r) -> std::string {
                          for (const auto& w : r.body_json["items"]) {
                            if (!want.count(w.value("id", "")) && w.value("name", "") != "Matrix list")
                              return "lists watchlist " + w.value("id", "") + " not releasable";
                          }
                          std::set<std::string> got;
                          for (const auto& w : r.body_json["items"]) got.insert(w.value("id", ""));
                          for (const auto& id : want) {
                            if (!got.count(id)) return "misses a watchlist releasable to the caller";
                          }
                          return "";
                        }};
        }};
    p["POST /api/v1/biometrics/watchlists"] = {
        .expect = [denied](const Caller& c, const Target&) {
          if (auto d = denied(c, {Role::kSupervisor, Role::kAdmin})) return *d;
          return Expect{.status = 201, .check = [c](const Reply& r) {
                          return r.body_json.value("owner_org", "") == c.org_id
                                     ? "" : "owned by another organization";
                        }};
        },
        .body = [](const Caller&, const Target&) {
          return json{{"name", "Matrix list"}, {"releasability", {"PAN"}}}.dump();
        }};
    p["GET /api/v1/biometrics/watchlists/{id}"] = {
        .targets = {TargetKind::kWatchlist},
        .expect = [denied](const Caller& c, const Target& t) {
          if (auto d = denied(c, {Role::kAnalyst, Role::kSupervisor, Role::kAdmin})) return *d;
          if (!Releasable(t, c)) return Expect{.status = 404};  // hidden looks absent
          return Expect{.status = 200, .check = [t](const Reply& r) {
                          return r.body_json["watchlist"].value("id", "") == t.id
                                     ? "" : "another watchlist returned";
                        }};
        }};
    p["POST /api/v1/biometrics/watchlists/{id}/entries"] = {
        .targets = {TargetKind::kWatchlist},
        .expect = [this, denied](const Caller& c, const Target& t) {
          if (auto d = denied(c, {Role::kSupervisor, Role::kAdmin})) return *d;
          if (!Releasable(t, c)) return Expect{.status = 404};
          if (t.owner_org_id != c.org_id) return Expect{.status = 403};
          const std::string person = OwnFacePerson(c);
          return Expect{.status = 201, .check = [person](const Reply& r) {
                          return r.body_json.value("person_id", "") == person
                                     ? "" : "another person listed";
                        }};
        },
        // A person whose face the caller's organization owns (listing by id needs a face).
        .body = [this](const Caller& c, const Target&) {
          return json{{"person_id", OwnFacePerson(c)}, {"reason", "matrix"}}.dump();
        }};
    p["DELETE /api/v1/biometrics/watchlists/{id}/entries/{entry_id}"] = {
        .targets = {TargetKind::kAbsent}, .expect = [denied](const Caller& c, const Target&) {
          if (auto d = denied(c, {Role::kSupervisor, Role::kAdmin})) return *d;
          return Expect{.status = 404};
        }};
  }

  // The person of the owner-only face template of the caller's organization ("" for callers
  // without one).
  std::string OwnFacePerson(const Caller& c) {
    for (const Target& t : FaceTemplates()) {
      if (t.owner_org_id == c.org_id && t.releasability.empty()) return t.person_id;
    }
    return "";
  }

  // A photo of one face (../shared/data/faces), base64, read once.
  static const std::string& FacePhotoBase64() {
    static const std::string* photo = [] {
      std::ifstream in(istmo::testing::SharedData() / "faces" / kFacePhoto, std::ios::binary);
      const std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
      EXPECT_FALSE(bytes.empty()) << "missing " << kFacePhoto;
      std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
      sodium_bin2base64(out.data(), out.size(),
                        reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                        sodium_base64_VARIANT_ORIGINAL);
      out.resize(std::strlen(out.c_str()));
      return new std::string(std::move(out));
    }();
    return *photo;
  }

  // The face of FacePhotoBase64() enrolled once per owner × releasability, as their officers
  // would (the registry is the server's own, so the index sees them).
  const std::vector<Target>& FaceTemplates() {
    if (!templates_.empty()) return templates_;
    auto registry = api_.services().faces->Registry();
    EXPECT_TRUE(registry) << registry.error().ToString();
    if (!registry) return templates_;
    std::ifstream in(istmo::testing::SharedData() / "faces" / kFacePhoto, std::ios::binary);
    const std::vector<std::uint8_t> bytes{std::istreambuf_iterator<char>(in),
                                          std::istreambuf_iterator<char>()};
    auto face = api_.services().faces->Describe(bytes, "photo");
    EXPECT_TRUE(face) << face.error().ToString();
    if (!face) return templates_;
    for (const auto& rel : AlertReleasabilities()) {
      for (const auth::Organization* owner : {&pan_, &usa_}) {
        const store::AccessScope officer = ScopeOf(*owner, Role::kOfficer);
        const std::vector<std::string> released = rel.second(*owner);
        const std::string person = core::NewId();
        auto t = (*registry)->Enrol(officer,
                                    {.person_id = person, .releasability = released,
                                     .descriptor = face->descriptor},
                                    api_.clock().Now());
        EXPECT_TRUE(t) << t.error().ToString();
        templates_.push_back({.label = "template of " + owner->country + " " + rel.first,
                              .id = t ? t->template_id : "",
                              .owner_org_id = owner->id, .releasability = released,
                              .person_id = person});
      }
    }
    return templates_;
  }

  // Watchlists of every owner × releasability, created as their supervisors would.
  const std::vector<Target>& Watchlists() {
    if (!watchlists_.empty()) return watchlists_;
    auto registry = api_.services().faces->Registry();
    EXPECT_TRUE(registry) << registry.error().ToString();
    if (!registry) return watchlists_;
    for (const auto& rel : AlertReleasabilities()) {
      for (const auth::Organization* owner : {&pan_, &usa_}) {
        const store::AccessScope supervisor = ScopeOf(*owner, Role::kSupervisor);
        const std::vector<std::string> released = rel.second(*owner);
        auto w = (*registry)->CreateWatchlist(supervisor, "Watchlist of " + owner->country + " " +
                                                              rel.first,
                                              released, api_.clock().Now());
        EXPECT_TRUE(w) << w.error().ToString();
        watchlists_.push_back({.label = "watchlist of " + owner->country + " " + rel.first,
                               .kind = TargetKind::kWatchlist, .id = w ? w->id : "",
                               .owner_org_id = owner->id, .releasability = released});
      }
    }
    return watchlists_;
  }

  // docs/migration.md: officers register; officers, analysts and supervisors read; officers and
  // supervisors work cases and flights; admins see nothing of the module but its stations.
  void AddMigrationPolicies(std::map<std::string, Policy>& p) {
    auto allow = [](std::initializer_list<Role> roles, int status,
                    std::function<std::string(const Caller&, const Reply&)> check = nullptr) {
      std::vector<Role> allowed(roles);
      return [allowed, status, check](const Caller& c, const Target&) {
        if (!IsAuthenticated(c)) return Expect{.status = 401};
        if (std::find(allowed.begin(), allowed.end(), c.role) == allowed.end()) {
          return Expect{.status = 403};
        }
        return Expect{.status = status,
                      .check = [check, c](const Reply& r) { return check ? check(c, r) : ""; }};
      };
    };
    const auto kReaders = {Role::kOfficer, Role::kAnalyst, Role::kSupervisor};
    const auto kWorkers = {Role::kOfficer, Role::kSupervisor};
    // Every listed record must be releasable to the caller.
    auto all_releasable = [](const Caller& c, const Reply& r) -> std::string {
      for (const auto& item : r.body_json["items"]) {
        Target t{.owner_org_id = item.value("owner_org", "")};
        for (const auto& x : item["releasability"]) t.releasability.push_back(x.get<std::string>());
        if (!Releasable(t, c)) return "lists record " + item.value("id", "") + " not releasable to the caller";
      }
      return "";
    };
    p["GET /api/v1/migration/stations"] = {
        .expect = [](const Caller& c, const Target&) {
          if (!IsAuthenticated(c)) return Expect{.status = 401};
          return Expect{.status = 200, .check = [](const Reply& r) {
                          return r.body_json["items"].size() == 4 ? "" : "expected the 4 stations";
                        }};
        }};
    p["POST /api/v1/migration/encounters"] = {
        .expect = allow({Role::kOfficer}, 201,
                        [](const Caller& c, const Reply& r) {
                          return r.body_json["encounter"].value("owner_org", "") == c.org_id
                                     ? "" : "owned by another organization";
                        }),
        .body = [](const Caller&, const Target&) {
          return json{{"station_id", "ERM-LAJAS-BLANCAS"}, {"name", "Matrix Registration"},
                      {"birth_date", "1992-02-02"}, {"sex", "M"}, {"nationality", "COL"}}
              .dump();
        }};
    p["GET /api/v1/migration/encounters"] = {.expect = allow(kReaders, 200, all_releasable)};
    p["GET /api/v1/migration/encounters/{id}"] = {
        .targets = {TargetKind::kEncounter},
        .expect = [](const Caller& c, const Target& t) {
          if (!IsAuthenticated(c)) return Expect{.status = 401};
          if (!HasRole(c, {Role::kOfficer, Role::kAnalyst, Role::kSupervisor})) return Expect{.status = 403};
          if (!Releasable(t, c)) return Expect{.status = 404};  // hidden looks absent
          return Expect{.status = 200, .check = [t](const Reply& r) {
                          return r.body_json.value("id", "") == t.id ? "" : "another encounter returned";
                        }};
        }};
    // Without ?from and ?to the range is missing: a reader gets 400 naming it.
    p["GET /api/v1/migration/trends"] = {.expect = allow(kReaders, 400)};
    p["GET /api/v1/migration/trends.csv"] = {.expect = allow(kReaders, 400)};
    p["POST /api/v1/migration/cases"] = {
        .expect = allow(kWorkers, 404),  // the encounter named does not exist
        .body = [](const Caller&, const Target&) {
          return json{{"encounter_id", core::NewId()}, {"legal_basis", "none"}}.dump();
        }};
    p["GET /api/v1/migration/cases"] = {.expect = allow(kReaders, 200, all_releasable)};
    p["GET /api/v1/migration/cases/{id}"] = {.targets = {TargetKind::kAbsent},
                                             .expect = allow(kReaders, 404)};
    p["PATCH /api/v1/migration/cases/{id}"] = {
        .targets = {TargetKind::kAbsent}, .expect = allow(kWorkers, 404),
        .body = [](const Caller&, const Target&) { return json{{"note", "checked"}}.dump(); }};
    p["POST /api/v1/migration/flights"] = {
        .expect = allow(kWorkers, 201,
                        [](const Caller& c, const Reply& r) {
                          return r.body_json.value("owner_org", "") == c.org_id
                                     ? "" : "owned by another organization";
                        }),
        .body = [](const Caller&, const Target&) {
          return json{{"flight_date", "2024-08-20"}, {"destination_country", "COL"}, {"capacity", 29}}
              .dump();
        }};
    p["GET /api/v1/migration/flights"] = {.expect = allow(kReaders, 200, all_releasable)};
    p["GET /api/v1/migration/flights/{id}"] = {.targets = {TargetKind::kAbsent},
                                               .expect = allow(kReaders, 404)};
    p["PATCH /api/v1/migration/flights/{id}"] = {
        .targets = {TargetKind::kAbsent}, .expect = allow(kWorkers, 404),
        .body = [](const Caller&, const Target&) { return json{{"status", "departed"}}.dump(); }};
    p["POST /api/v1/migration/flights/{id}/manifest"] = {.targets = {TargetKind::kAbsent},
                                                         .expect = allow(kWorkers, 404)};
  }

  // A user of `org` with one role, as the store sees them (records made outside the API).
  static store::AccessScope ScopeOf(const auth::Organization& org, Role role) {
    store::AccessScope scope;
    scope.org_id = org.id;
    scope.country = org.country;
    scope.username = "matrix";
    scope.roles = static_cast<std::uint8_t>(role);
    return scope;
  }

  // Migration encounters of every owner × releasability, registered as their officers would.
  const std::vector<Target>& Encounters() {
    if (!encounters_.empty()) return encounters_;
    for (const auto& rel : AlertReleasabilities()) {
      for (const auth::Organization* owner : {&pan_, &usa_}) {
        const store::AccessScope officer = ScopeOf(*owner, Role::kOfficer);
        const std::vector<std::string> released = rel.second(*owner);
        auto e = api_.store().Write<migration::Encounter>([&](store::Connection& tx) {
          return migration::InsertEncounter(tx, officer,
                                            {.station_id = "ERM-SAN-VICENTE",
                                             .encountered_at = api_.clock().Now(),
                                             .name = "Matrix Person", .birth_date = "1990-01-01",
                                             .sex = "F", .nationality = "VEN",
                                             .releasability = released},
                                            "", api_.clock().Now());
        });
        EXPECT_TRUE(e) << e.error().ToString();
        encounters_.push_back({.label = "encounter of " + owner->country + " " + rel.first,
                               .kind = TargetKind::kEncounter, .id = e ? e->id : "",
                               .owner_org_id = owner->id, .releasability = released});
      }
    }
    return encounters_;
  }

  // Concrete targets of one kind, as seen by one caller.
  std::vector<Target> Targets(TargetKind kind, const Caller& c) {
    std::string own_org = c.org_id.empty() ? pan_.id : c.org_id;
    std::string own_user = c.user_id.empty() ? target_user_[pan_.id] : c.user_id;
    std::string other_org = own_org == pan_.id ? usa_.id : pan_.id;
    switch (kind) {
      case TargetKind::kNone:
        return {{.label = "-", .kind = kind}};
      case TargetKind::kSelfUser:
        return {{.label = "the caller", .kind = kind, .id = own_user}};
      case TargetKind::kSameOrgUser:
        return {{.label = "a user of the same organization",
                 .kind = kind,
                 .id = target_user_[own_org]}};
      case TargetKind::kOtherOrgUser:
        return {
            {.label = "a user of the other country", .kind = kind, .id = target_user_[other_org]}};
      case TargetKind::kAlert: {
        std::vector<Target> out;
        for (const auto& rel : AlertReleasabilities()) {
          for (const auth::Organization* owner : {&pan_, &usa_}) {
            out.push_back({.label = "alert of " + owner->country + " " + rel.first,
                           .kind = kind,
                           .owner_org_id = owner->id,
                           .releasability = rel.second(*owner)});
          }
        }
        return out;
      }
      case TargetKind::kLayer:
        return {{.label = "layer zones", .kind = kind, .id = "zones"}};
      case TargetKind::kEncounter: return Encounters();
      case TargetKind::kWatchlist: return Watchlists();
      case TargetKind::kAbsent:
        return {{.label = "an absent record", .kind = kind, .id = core::NewId()}};
    }
    return {};
  }

  // Runs every route of the table against every caller and target; returns the failures.
  std::vector<std::string> Run(const std::function<bool(const Route&)>& only = nullptr) {
    std::vector<std::string> failures;
    std::map<std::string, Policy> policies = Policies();
    // Records that expectations of list routes count must exist before the first call.
    FaceTemplates();
    Watchlists();
    std::set<std::string> seen;
    for (const Route& route : api_.routes()) {
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
        for (TargetKind kind : policy.targets) {
          for (Target target : Targets(kind, caller)) {
            if (policy.mutates_target && kind == TargetKind::kAlert) {
              target =
                  WithLabel(InsertAlert(target.owner_org_id, target.releasability), target.label);
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

  static Target WithLabel(Target t, const std::string& label) {
    t.label = label;
    return t;
  }

  // Every {param} of the path becomes `id` (a route with two parameters is given an absent id
  // for both).
  static std::string Substitute(std::string path, const std::string& id) {
    if (id.empty()) return path;
    for (std::size_t open; (open = path.find('{')) != std::string::npos;) {
      const std::size_t close = path.find('}', open);
      path = path.substr(0, open) + id + path.substr(close + 1);
    }
    return path;
  }

  const std::vector<Caller>& callers() const { return callers_; }
  std::size_t route_count() const { return api_.routes().size(); }
  // Requests sent by Run() so far.
  std::size_t cells() const { return cells_; }

 private:
  istmo::testing::TempDir data_;
  ApiHarness api_;
  auth::Organization pan_, usa_, third_;
  std::vector<Caller> callers_;
  std::map<std::string, std::string> target_user_;             // org id -> its target user
  std::map<std::string, std::set<std::string>> users_by_org_;  // org id -> user ids
  std::vector<Target> alerts_;                                 // every alert inserted
  std::vector<Target> encounters_;  // migration encounters, made on first use
  std::vector<Target> templates_;   // face templates, enrolled on first use
  std::vector<Target> watchlists_;  // watchlists, created on first use
  int created_ = 0;
  std::size_t cells_ = 0;
};

std::string Report(const std::vector<std::string>& failures) {
  std::string out;
  for (const auto& f : failures) out += "\n  " + f;
  return out;
}

TEST(AuthorizationMatrix, EveryRouteRoleCountryAndReleasability) {
  AuthorizationMatrix matrix({});
  ASSERT_TRUE(matrix.ready());
  matrix.Populate();
  ASSERT_EQ(matrix.callers().size(), 11u);  // 2 countries × 4 roles, no token, revoked, disabled
  std::vector<std::string> failures = matrix.Run();
  // Every route met every caller at least once (routes with {id} once per target).
  EXPECT_GT(matrix.cells(), matrix.route_count() * matrix.callers().size());
  EXPECT_TRUE(failures.empty()) << failures.size()
                                << " cells differ from the policy:" << Report(failures);
}

// The matrix itself must be able to fail: a route whose declared roles are wrong is caught...
TEST(AuthorizationMatrix, CatchesARouteThatDeclaresTheWrongRoles) {
  AuthorizationMatrix matrix({.edit_routes = [](std::vector<Route>& routes) {
    for (Route& r : routes) {
      if (r.path == "/api/v1/audit/verify") r.roles = 0;  // "any role": wrong
    }
  }});
  ASSERT_TRUE(matrix.ready());
  matrix.Populate();
  std::vector<std::string> failures =
      matrix.Run([](const Route& r) { return r.path == "/api/v1/audit/verify"; });
  bool analyst_caught = std::any_of(failures.begin(), failures.end(), [](const std::string& f) {
    return f.find("route GET /api/v1/audit/verify, caller PAN analyst") != std::string::npos &&
           f.find("expected 403, got 200") != std::string::npos;
  });
  EXPECT_TRUE(analyst_caught) << Report(failures);
}

// ...and so is a handler that forgets the caller's releasability (here: runs as the system).
TEST(AuthorizationMatrix, CatchesAHandlerThatIgnoresReleasability) {
  AuthorizationMatrix matrix({.edit_routes = [](std::vector<Route>& routes) {
    for (Route& r : routes) {
      if (r.path != "/api/v1/alerts" && r.path != "/api/v1/alerts/{id}/ack") continue;
      Handler original = r.handler;
      r.handler = [original](Request& req) {
        req.scope = store::AccessScope::System();
        return original(req);
      };
    }
  }});
  ASSERT_TRUE(matrix.ready());
  matrix.Populate();
  std::vector<std::string> failures =
      matrix.Run([](const Route& r) { return r.path.rfind("/api/v1/alerts", 0) == 0; });
  auto found = [&](const std::string& a, const std::string& b) {
    return std::any_of(failures.begin(), failures.end(), [&](const std::string& f) {
      return f.find(a) != std::string::npos && f.find(b) != std::string::npos;
    });
  };
  EXPECT_TRUE(found("route GET /api/v1/alerts, caller USA officer", "not releasable to the caller"))
      << Report(failures);
  EXPECT_TRUE(
      found("caller USA supervisor, target alert of PAN owner only", "expected 404, got 200"))
      << Report(failures);
}

// ...and so is a route added without a policy entry.
TEST(AuthorizationMatrix, CatchesARouteWithoutAPolicyEntry) {
  AuthorizationMatrix matrix({.edit_routes = [](std::vector<Route>& routes) {
    routes.push_back(Route{.method = "GET",
                           .path = "/api/v1/unreviewed",
                           .tag = "admin",
                           .summary = "A route nobody wrote a policy for",
                           .handler = [](Request&) -> core::Result<Response> {
                             return Response::Json(json::object());
                           }});
  }});
  ASSERT_TRUE(matrix.ready());
  matrix.Populate();
  std::vector<std::string> failures =
      matrix.Run([](const Route& r) { return r.path == "/api/v1/unreviewed"; });
  ASSERT_EQ(failures.size(), 1u) << Report(failures);
  EXPECT_EQ(failures[0], "route GET /api/v1/unreviewed has no policy entry");
}

}  // namespace
}  // namespace istmo::api::testing

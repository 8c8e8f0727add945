#include "auth/auth.h"
#include "auth/json.h"

#include <sodium.h>

#include <algorithm>
#include <cctype>
#include <mutex>

#include <nlohmann/json.hpp>

#include "api/json_body.h"
#include "core/id.h"
#include "store/audit.h"
#include "store/outbox.h"

namespace istmo::auth {

using store::AccessScope;
using store::Connection;
using store::Role;
using store::Row;

namespace {

constexpr const char* kUserColumns =
    "u.id, u.owner_org, u.username, u.display_name, u.roles, u.disabled, u.created_at,"
    " u.home_station";
constexpr std::size_t kUserColumnCount = 8;
constexpr const char* kOrgColumns =
    "o.id, o.name, o.full_name, o.country, o.kind, o.created_at, o.default_releasability";

core::Timestamp ParseTime(const std::string& s) {
  return core::ParseIso8601(s).value_or(core::Timestamp{});
}

User UserFromRow(const Row& r, std::size_t at = 0) {
  return User{.id = r.Text(at),
              .org_id = r.Text(at + 1),
              .username = r.Text(at + 2),
              .display_name = r.Text(at + 3),
              .roles = static_cast<std::uint8_t>(r.Int(at + 4)),
              .disabled = r.Int(at + 5) != 0,
              .created_at = ParseTime(r.Text(at + 6)),
              .home_station = r.Text(at + 7)};
}

Organization OrgFromRow(const Row& r, std::size_t at = 0) {
  return Organization{.id = r.Text(at),
                      .name = r.Text(at + 1),
                      .full_name = r.Text(at + 2),
                      .country = r.Text(at + 3),
                      .kind = r.Text(at + 4),
                      .created_at = ParseTime(r.Text(at + 5)),
                      .default_releasability = store::DecodeReleasability(r.Text(at + 6))};
}

core::Error NoUser(const std::string& id) {
  return core::WithReason(core::NotFound("no user " + id.substr(0, 40)), "not_found",
                          {{"object", "user"}});
}

core::Error NoOrganization(const std::string& id, std::string field) {
  return core::WithReason(core::NotFound("no organization '" + id.substr(0, 40) + "'",
                                         std::move(field)),
                          "not_found", {{"object", "organization"}});
}

core::Error NoRole() {
  return core::WithReason(core::InvalidArgument("a user needs at least one role", "/roles"),
                          "required");
}

// A station id as auth keeps it: opaque, checked against the stations by the composition root.
core::Status ValidateHomeStation(const std::string& station) {
  if (station.size() > 64) {
    return core::WithReason(core::InvalidArgument("must be at most 64 characters", "/home_station"),
                            "too_long", {{"max", "64"}});
  }
  return api::CheckText(station, "/home_station");
}

std::string Upper(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

std::string Lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string Sha256Hex(const std::string& text) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(text.data()), text.size());
  return core::HexEncode(digest, sizeof digest);
}

std::string NewToken() {
  unsigned char raw[32];
  core::RandomBytes(raw, sizeof raw);
  char b64[sodium_base64_ENCODED_LEN(32, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
  sodium_bin2base64(b64, sizeof b64, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return std::string("ist_") + b64;
}

core::Status ValidateUsername(const std::string& username) {
  if (username.size() < 3 || username.size() > 64) {
    return core::WithReason(core::InvalidArgument("a username has 3 to 64 characters", "/username"),
                            "username_invalid");
  }
  for (char c : username) {
    if (!(std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) ||
          c == '.' || c == '_' || c == '-')) {
      return core::WithReason(
          core::InvalidArgument("a username has lowercase letters, digits, '.', '_' and '-' only",
                                "/username"),
          "username_invalid");
    }
  }
  return core::Ok();
}

core::Status ValidateText(const std::string& value, const char* field, std::size_t max) {
  if (value.empty()) {
    return core::WithReason(core::InvalidArgument("must not be empty", field), "required");
  }
  if (value.size() > max) {
    return core::WithReason(
        core::InvalidArgument("must be at most " + std::to_string(max) + " characters", field),
        "too_long", {{"max", std::to_string(max)}});
  }
  return api::CheckText(value, field);  // the one rule for names and free text
}

// A fixed argon2id hash, verified against when the username is unknown so that a login for a
// missing user costs as much as one for an existing user.
const std::string& DummyHash() {
  static const std::string hash = [] {
    Options o;
    return HashPassword("not a real password", o).value_or("");
  }();
  return hash;
}

}  // namespace

nlohmann::json OrgJson(const Organization& o) {
  return {{"id", o.id},
          {"name", o.name},
          {"full_name", o.full_name},
          {"country", o.country},
          {"kind", o.kind},
          {"created_at", core::FormatIso8601(o.created_at)},
          {"default_releasability", o.default_releasability}};
}

nlohmann::json UserJson(const User& u) {
  return {{"id", u.id},
          {"org_id", u.org_id},
          {"username", u.username},
          {"display_name", u.display_name},
          {"roles", RoleNames(u.roles)},
          {"disabled", u.disabled},
          {"created_at", core::FormatIso8601(u.created_at)},
          {"home_station", u.home_station.empty() ? nlohmann::json(nullptr)
                                                  : nlohmann::json(u.home_station)}};
}

const std::vector<std::string>& OrganizationKinds() {
  static const std::vector<std::string> kinds = {
      "border", "aeronaval", "migration", "canal", "homeland_security", "law_enforcement",
      "military", "diplomatic", "other"};
  return kinds;
}

std::vector<std::string> RoleNames(std::uint8_t roles) {
  std::vector<std::string> out;
  for (Role r : store::AllRoles()) {
    if ((roles & static_cast<std::uint8_t>(r)) != 0) out.emplace_back(store::RoleName(r));
  }
  return out;
}

core::Result<std::uint8_t> ParseRoles(const std::vector<std::string>& names) {
  if (names.empty()) return NoRole();
  std::uint8_t roles = 0;
  for (std::size_t i = 0; i < names.size(); ++i) {
    auto r = store::ParseRole(names[i]);
    if (!r) {
      return core::WithReason(
          core::InvalidArgument(r.error().message, "/roles/" + std::to_string(i)),
          "invalid_value");
    }
    roles |= static_cast<std::uint8_t>(*r);
  }
  return roles;
}

AuthService::AuthService(store::Store& store, const core::Clock& clock, Options options)
    : store_(store), clock_(clock), options_(options) {}

core::Result<Organization> AuthService::CreateOrganization(const AccessScope& actor,
                                                           const NewOrganization& in) {
  if (!actor.system) {
    return core::PermissionDenied("organizations are created by the operator with `istmo org add`");
  }
  ISTMO_RETURN_IF_ERROR(ValidateText(in.name, "/name", 32));
  ISTMO_RETURN_IF_ERROR(ValidateText(in.full_name, "/full_name", 200));
  std::string country = Upper(in.country);
  if (country.size() != 3 || !std::all_of(country.begin(), country.end(), [](char c) {
        return c >= 'A' && c <= 'Z';
      }) || country == "ALL") {
    return core::InvalidArgument("country is an ISO 3166 alpha-3 code like PAN or USA", "/country");
  }
  const auto& kinds = OrganizationKinds();
  if (std::find(kinds.begin(), kinds.end(), in.kind) == kinds.end()) {
    std::string list;
    for (const auto& k : kinds) list += (list.empty() ? "" : ", ") + k;
    return core::InvalidArgument("kind must be one of: " + list, "/kind");
  }
  Organization org{.id = core::NewId(), .name = in.name, .full_name = in.full_name,
                   .country = country, .kind = in.kind,
                   .created_at = std::chrono::floor<std::chrono::milliseconds>(clock_.Now())};
  return store_.Write<Organization>([&](Connection& tx) -> core::Result<Organization> {
    auto ins = tx.Exec(
        "INSERT INTO organizations (id, created_at, owner_org, releasability, name, name_key,"
        " full_name, country, kind) VALUES (?, ?, ?, ',ALL,', ?, ?, ?, ?, ?)",
        {org.id, core::FormatIso8601(org.created_at), org.id, org.name, Upper(org.name),
         org.full_name, org.country, org.kind});
    if (!ins) {
      core::Error e = ins.error();
      if (e.code == core::ErrorCode::kConflict) {
        return core::Conflict("an organization named " + org.name + " exists", "/name");
      }
      return e;
    }
    ISTMO_RETURN_IF_ERROR(store::RecordChange(
        tx, actor,
        {.action = "organization.create",
         .object_type = "organization",
         .object_id = org.id,
         .detail = nlohmann::json{{"name", org.name}, {"country", org.country}, {"kind", org.kind}}
                       .dump(),
         .body = OrgJson(org).dump()},
        clock_.Now()));
    return org;
  });
}

core::Result<std::vector<Organization>> AuthService::ListOrganizations(const AccessScope& actor) {
  return store_.Read<std::vector<Organization>>(
      [&](Connection& c) -> core::Result<std::vector<Organization>> {
        ISTMO_ASSIGN_OR_RETURN(auto rows, store::SelectVisible(c, actor,
                                                               {.columns = kOrgColumns,
                                                                .table = "organizations",
                                                                .alias = "o",
                                                                .order_by = "o.country, o.name"}));
        std::vector<Organization> out;
        for (const Row& r : rows) out.push_back(OrgFromRow(r));
        return out;
      });
}

core::Result<Organization> AuthService::FindOrganization(const std::string& id_or_name) {
  return store_.Read<Organization>([&](Connection& c) -> core::Result<Organization> {
    ISTMO_ASSIGN_OR_RETURN(auto row, c.QueryOne(std::string("SELECT ") + kOrgColumns +
                                                    " FROM organizations o WHERE o.id = ? OR o.name_key = ?",
                                                {id_or_name, Upper(id_or_name)}));
    if (!row) return NoOrganization(id_or_name, "/org");
    return OrgFromRow(*row);
  });
}

core::Result<Organization> AuthService::UpdateOrganization(const AccessScope& actor,
                                                           const std::string& org_id,
                                                           const OrganizationPatch& patch) {
  std::optional<std::vector<std::string>> releasability;
  if (patch.default_releasability) {
    auto normalized = store::NormalizeReleasability(*patch.default_releasability);
    if (!normalized) {
      core::Error e = normalized.error();
      e.field = "/default_" + e.field.substr(1);  // "/releasability/1" -> "/default_releasability/1"
      return core::WithReason(std::move(e), "invalid_value");
    }
    releasability = std::move(*normalized);
  }
  return store_.Write<Organization>([&](Connection& tx) -> core::Result<Organization> {
    ISTMO_ASSIGN_OR_RETURN(auto row, tx.QueryOne(std::string("SELECT ") + kOrgColumns +
                                                     " FROM organizations o WHERE o.id = ?",
                                                 {org_id}));
    if (!row) return NoOrganization(org_id, "");
    Organization org = OrgFromRow(*row);
    if (!actor.system && !(actor.Has(Role::kAdmin) && actor.org_id == org.id)) {
      return core::PermissionDenied("only an admin of the organization changes its settings");
    }
    nlohmann::json changed = nlohmann::json::object();
    if (releasability) {
      org.default_releasability = *releasability;
      changed["default_releasability"] = org.default_releasability;
      ISTMO_RETURN_IF_ERROR(
          tx.Exec("UPDATE organizations SET default_releasability = ? WHERE id = ?",
                  {store::EncodeReleasability(org.default_releasability), org.id}));
    }
    ISTMO_RETURN_IF_ERROR(store::RecordChange(tx, actor,
                                              {.action = "organization.update",
                                               .object_type = "organization",
                                               .object_id = org.id,
                                               .detail = changed.dump(),
                                               .body = OrgJson(org).dump()},
                                              clock_.Now()));
    return org;
  });
}

core::Result<User> AuthService::CreateUser(const AccessScope& actor, const NewUser& in) {
  std::string org_id = in.org_id.empty() ? actor.org_id : in.org_id;
  if (!actor.system && !(actor.Has(Role::kAdmin) && org_id == actor.org_id)) {
    return core::PermissionDenied("only an admin of the organization creates its users");
  }
  ISTMO_RETURN_IF_ERROR(ValidateUsername(in.username));
  ISTMO_RETURN_IF_ERROR(ValidateText(in.display_name, "/display_name", 120));
  ISTMO_RETURN_IF_ERROR(CheckPasswordPolicy(in.password));
  ISTMO_RETURN_IF_ERROR(ValidateHomeStation(in.home_station));
  if (in.roles == 0 || in.roles >= 16) return NoRole();
  ISTMO_ASSIGN_OR_RETURN(std::string hash, HashPassword(in.password, options_));
  User user{.id = core::NewId(), .org_id = org_id, .username = in.username,
            .display_name = in.display_name, .roles = in.roles, .disabled = false,
            .created_at = std::chrono::floor<std::chrono::milliseconds>(clock_.Now()),
            .home_station = in.home_station};
  return store_.Write<User>([&](Connection& tx) -> core::Result<User> {
    ISTMO_ASSIGN_OR_RETURN(auto org, tx.QueryOne("SELECT id FROM organizations WHERE id = ?", {org_id}));
    if (!org) return NoOrganization(org_id, "/org_id");
    auto ins = tx.Exec(
        "INSERT INTO users (id, created_at, owner_org, username, display_name, password_hash,"
        " roles, disabled, home_station) VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?)",
        {user.id, core::FormatIso8601(user.created_at), user.org_id, user.username,
         user.display_name, hash, static_cast<std::int64_t>(user.roles), user.home_station});
    if (!ins) {
      if (ins.error().code == core::ErrorCode::kConflict) {
        return core::WithReason(
            core::Conflict("the username " + user.username + " is taken", "/username"),
            "duplicate", {{"field", "username"}});
      }
      return ins.error();
    }
    ISTMO_RETURN_IF_ERROR(store::RecordChange(
        tx, actor,
        {.action = "user.create",
         .object_type = "user",
         .object_id = user.id,
         .detail = nlohmann::json{{"username", user.username},
                                  {"org_id", user.org_id},
                                  {"roles", RoleNames(user.roles)}}
                       .dump(),
         .body = UserJson(user).dump()},
        clock_.Now()));
    return user;
  });
}

core::Result<User> AuthService::GetUser(const AccessScope& actor, const std::string& user_id) {
  return store_.Read<User>([&](Connection& c) -> core::Result<User> {
    ISTMO_ASSIGN_OR_RETURN(auto row, c.QueryOne(std::string("SELECT ") + kUserColumns +
                                                    " FROM users u WHERE u.id = ?",
                                                {user_id}));
    // Users are visible to themselves, to admins of their organization, and to the system.
    if (!row) return NoUser(user_id);
    User u = UserFromRow(*row);
    bool allowed = actor.system || actor.user_id == u.id ||
                   (actor.Has(Role::kAdmin) && actor.org_id == u.org_id);
    if (!allowed) return NoUser(user_id);
    return u;
  });
}

core::Result<std::vector<User>> AuthService::ListUsers(const AccessScope& actor) {
  if (!actor.system && !actor.Has(Role::kAdmin)) {
    return core::PermissionDenied("only an admin lists the users of the organization");
  }
  return store_.Read<std::vector<User>>([&](Connection& c) -> core::Result<std::vector<User>> {
    std::string sql = std::string("SELECT ") + kUserColumns + " FROM users u";
    store::Params params;
    if (!actor.system) {
      sql += " WHERE u.owner_org = ?";
      params.emplace_back(actor.org_id);
    }
    sql += " ORDER BY u.username";
    ISTMO_ASSIGN_OR_RETURN(auto rows, c.Query(sql, params));
    std::vector<User> out;
    for (const Row& r : rows) out.push_back(UserFromRow(r));
    return out;
  });
}

core::Result<User> AuthService::UpdateUser(const AccessScope& actor, const std::string& user_id,
                                           const UserPatch& patch) {
  if (patch.display_name) ISTMO_RETURN_IF_ERROR(ValidateText(*patch.display_name, "/display_name", 120));
  if (patch.roles && (*patch.roles == 0 || *patch.roles >= 16)) return NoRole();
  if (patch.home_station) ISTMO_RETURN_IF_ERROR(ValidateHomeStation(*patch.home_station));
  std::optional<std::string> new_hash;
  if (patch.password) {
    ISTMO_RETURN_IF_ERROR(CheckPasswordPolicy(*patch.password));
    ISTMO_ASSIGN_OR_RETURN(new_hash, HashPassword(*patch.password, options_));
  }
  return store_.Write<User>([&](Connection& tx) -> core::Result<User> {
    ISTMO_ASSIGN_OR_RETURN(auto row, tx.QueryOne(std::string("SELECT ") + kUserColumns +
                                                     " FROM users u WHERE u.id = ?",
                                                 {user_id}));
    if (!row) return NoUser(user_id);
    User u = UserFromRow(*row);
    bool self = actor.user_id == u.id;
    bool admin_of_org = actor.system || (actor.Has(Role::kAdmin) && actor.org_id == u.org_id);
    if (!admin_of_org && !self) return NoUser(user_id);
    // A user may change their own display name and password; roles and disabling need an admin.
    if (!admin_of_org && (patch.roles || patch.disabled)) {
      return core::PermissionDenied("only an admin of the organization changes roles or disables users");
    }
    if (self && !actor.system && patch.disabled.value_or(false)) {
      return core::WithReason(
          core::Conflict("an admin cannot disable their own account", "/disabled"),
          "self_disable");
    }
    if (self && !actor.system && patch.roles &&
        (*patch.roles & static_cast<std::uint8_t>(Role::kAdmin)) == 0) {
      return core::WithReason(
          core::Conflict("an admin cannot remove their own admin role", "/roles"),
          "self_admin_removal");
    }
    nlohmann::json changed = nlohmann::json::object();
    if (patch.display_name) {
      u.display_name = *patch.display_name;
      changed["display_name"] = u.display_name;
    }
    if (patch.roles) {
      u.roles = *patch.roles;
      changed["roles"] = RoleNames(u.roles);
    }
    if (patch.disabled) {
      u.disabled = *patch.disabled;
      changed["disabled"] = u.disabled;
    }
    if (patch.home_station) {
      u.home_station = *patch.home_station;
      changed["home_station"] = u.home_station;
    }
    ISTMO_RETURN_IF_ERROR(tx.Exec(
        "UPDATE users SET display_name = ?, roles = ?, disabled = ?, home_station = ? WHERE id = ?",
        {u.display_name, static_cast<std::int64_t>(u.roles), static_cast<std::int64_t>(u.disabled),
         u.home_station, u.id}));
    if (new_hash) {
      ISTMO_RETURN_IF_ERROR(tx.Exec("UPDATE users SET password_hash = ? WHERE id = ?", {*new_hash, u.id}));
      changed["password"] = "changed";
    }
    if (new_hash || u.disabled) {
      // A new password or a disabled account ends every session of the user.
      ISTMO_RETURN_IF_ERROR(tx.Exec(
          "UPDATE tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL",
          {core::FormatIso8601(clock_.Now()), u.id}));
    }
    ISTMO_RETURN_IF_ERROR(store::RecordChange(tx, actor,
                                              {.action = "user.update",
                                               .object_type = "user",
                                               .object_id = u.id,
                                               .detail = changed.dump(),
                                               .body = UserJson(u).dump()},
                                              clock_.Now()));
    return u;
  });
}

namespace {

// The keys of login_failures: one per (username, client address), one per client address.
std::string UserClientKey(const std::string& username, const std::string& client) {
  return "user+client:" + username.substr(0, 64) + " " + client.substr(0, 64);
}
std::string ClientKey(const std::string& client) { return "client:" + client.substr(0, 64); }

// The wait after `failures` failures, of which the first `free_failures` cost nothing:
// first_delay after the free ones, doubled by each failure after that, at most max_delay.
std::chrono::seconds Backoff(std::int64_t failures, int free_failures, const Options& o) {
  if (failures < free_failures) return std::chrono::seconds(0);
  const std::int64_t doublings = std::min<std::int64_t>(failures - free_failures, 30);
  return std::min(o.max_delay, o.first_delay * (std::int64_t{1} << doublings));
}

std::string InWords(std::chrono::seconds wait) {
  if (wait.count() < 120) return std::to_string(wait.count()) + " seconds";
  return std::to_string((wait.count() + 59) / 60) + " minutes";
}

// Which limit holds `client` back, and for how long (zero: none).
struct LoginThrottle {
  std::chrono::seconds wait{0};
  bool per_client = false;  // the per-address limit across usernames, not this username's
};

core::Result<LoginThrottle> CheckThrottle(store::Store& store, const Options& options,
                                          core::Timestamp now, const std::string& username,
                                          const std::string& client) {
  struct Count {
    std::int64_t failures = 0;
    core::Timestamp last;
  };
  auto count = [&](Connection& c, const std::string& key,
                   std::chrono::seconds window) -> core::Result<Count> {
    ISTMO_ASSIGN_OR_RETURN(
        auto r, c.QueryOne("SELECT count(*), max(at) FROM login_failures WHERE key = ? AND at >= ?",
                           {key, core::FormatIso8601(now - window)}));
    return Count{r->Int(0), r->Int(0) > 0 ? ParseTime(r->Text(1)) : core::Timestamp{}};
  };
  ISTMO_ASSIGN_OR_RETURN(
      auto counts, store.Read<std::pair<Count, Count>>(
                       [&](Connection& c) -> core::Result<std::pair<Count, Count>> {
                         ISTMO_ASSIGN_OR_RETURN(
                             Count pair, count(c, UserClientKey(username, client),
                                               options.user_client_window));
                         ISTMO_ASSIGN_OR_RETURN(Count per_client,
                                                count(c, ClientKey(client), options.client_window));
                         return std::make_pair(pair, per_client);
                       }));
  LoginThrottle out;
  auto consider = [&](const Count& c, int free_failures, bool per_client) {
    const auto until = c.last + Backoff(c.failures, free_failures, options);
    if (c.failures < free_failures || until <= now) return;
    const auto wait = std::chrono::ceil<std::chrono::seconds>(until - now);
    if (wait > out.wait) out = LoginThrottle{wait, per_client};
  };
  consider(counts.first, options.free_failures_per_user_client, false);
  consider(counts.second, options.free_failures_per_client, true);
  return out;
}

}  // namespace

core::Result<std::chrono::seconds> AuthService::LoginWait(const std::string& username,
                                                          const std::string& client) {
  ISTMO_ASSIGN_OR_RETURN(LoginThrottle t,
                         CheckThrottle(store_, options_, clock_.Now(), Lower(username), client));
  return t.wait;
}

core::Result<LoginResult> AuthService::Login(const std::string& username_in,
                                             const std::string& password,
                                             const std::string& client) {
  std::string username = Lower(username_in);
  core::Timestamp now = clock_.Now();
  const std::string pair_key = UserClientKey(username, client);
  const std::string client_key = ClientKey(client);

  // Check the throttle before spending an argon2 verification.
  ISTMO_ASSIGN_OR_RETURN(LoginThrottle throttle,
                         CheckThrottle(store_, options_, now, username, client));
  if (throttle.wait.count() > 0) {
    return core::ResourceExhausted(
        std::string(throttle.per_client ? "too many failed logins from this address"
                                        : "too many failed logins for this username from this "
                                          "address") +
        "; try again in " + InWords(throttle.wait));
  }

  ISTMO_ASSIGN_OR_RETURN(
      auto found, store_.Read<std::optional<Row>>([&](Connection& c) {
        return c.QueryOne(std::string("SELECT ") + kUserColumns + ", u.password_hash, " + kOrgColumns +
                              " FROM users u JOIN organizations o ON o.id = u.owner_org"
                              " WHERE u.username = ?",
                          {username});
      }));
  bool ok = false;
  if (found) {
    ok = VerifyPassword(found->Text(kUserColumnCount), password) && found->Int(5) == 0;
  } else {
    (void)VerifyPassword(DummyHash(), password);  // same cost as a real check
  }

  if (!ok) {
    ISTMO_RETURN_IF_ERROR(store_.Write([&](Connection& tx) -> core::Status {
      std::string at = core::FormatIso8601(now);
      ISTMO_RETURN_IF_ERROR(tx.Exec("INSERT INTO login_failures (key, at) VALUES (?, ?), (?, ?)",
                                    {pair_key, at, client_key, at}));
      // Forget failures that no window counts any more, so that the table stays small.
      const auto oldest = now - std::max(options_.user_client_window, options_.client_window);
      ISTMO_RETURN_IF_ERROR(tx.Exec("DELETE FROM login_failures WHERE at < ?",
                                    {core::FormatIso8601(oldest)}));
      // The claimed username is the actor: there is no authenticated user to name.
      AccessScope claimed{.username = username.substr(0, 64),
                          .org_id = found ? found->Text(1) : std::string()};
      ISTMO_RETURN_IF_ERROR(store::AppendAudit(
          tx,
          store::AuditBy(claimed, "auth.login_failed", "user",
                         found ? found->Text(0) : std::string(),
                         nlohmann::json{{"client", client.substr(0, 64)}}.dump()),
          now));
      return core::Ok();
    }));
    return core::Unauthenticated("wrong username or password, or the account is disabled");
  }

  LoginResult result;
  result.user = UserFromRow(*found);
  result.org = OrgFromRow(*found, kUserColumnCount + 1);
  result.token = NewToken();
  result.expires_at = std::chrono::floor<std::chrono::milliseconds>(now + options_.token_ttl);
  ISTMO_RETURN_IF_ERROR(store_.Write([&](Connection& tx) -> core::Status {
    ISTMO_RETURN_IF_ERROR(tx.Exec(
        "INSERT INTO tokens (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
        {Sha256Hex(result.token), result.user.id, core::FormatIso8601(now),
         core::FormatIso8601(result.expires_at)}));
    // This address's failures for this username are forgiven; its count across usernames is
    // not, or one known password would reset a spraying attacker's limit.
    ISTMO_RETURN_IF_ERROR(tx.Exec("DELETE FROM login_failures WHERE key = ?", {pair_key}));
    ISTMO_RETURN_IF_ERROR(tx.Exec("DELETE FROM tokens WHERE expires_at < ?",
                                  {core::FormatIso8601(now - std::chrono::hours(24 * 30))}));
    AccessScope actor{.user_id = result.user.id, .username = result.user.username,
                      .org_id = result.user.org_id};
    ISTMO_RETURN_IF_ERROR(store::AppendAudit(
        tx,
        store::AuditBy(actor, "auth.login", "user", result.user.id,
                       nlohmann::json{{"client", client.substr(0, 64)}}.dump()),
        now));
    return core::Ok();
  }));
  return result;
}

core::Status AuthService::Logout(const std::string& token) {
  ISTMO_ASSIGN_OR_RETURN(AccessScope scope, Authenticate(token));
  return store_.Write([&](Connection& tx) -> core::Status {
    ISTMO_RETURN_IF_ERROR(tx.Exec("UPDATE tokens SET revoked_at = ? WHERE token_hash = ?",
                                  {core::FormatIso8601(clock_.Now()), Sha256Hex(token)}));
    ISTMO_RETURN_IF_ERROR(store::AppendAudit(
        tx, store::AuditBy(scope, "auth.logout", "user", scope.user_id, "{}"), clock_.Now()));
    return core::Ok();
  });
}

core::Result<AccessScope> AuthService::Authenticate(const std::string& token) {
  if (token.size() < 8 || token.size() > 128) return core::Unauthenticated("invalid token");
  std::string now = core::FormatIso8601(clock_.Now());
  return store_.Read<AccessScope>([&](Connection& c) -> core::Result<AccessScope> {
    ISTMO_ASSIGN_OR_RETURN(
        auto row,
        c.QueryOne("SELECT u.id, u.username, u.roles, o.id, o.name, o.country"
                   " FROM tokens t JOIN users u ON u.id = t.user_id"
                   " JOIN organizations o ON o.id = u.owner_org"
                   " WHERE t.token_hash = ? AND t.revoked_at IS NULL AND t.expires_at > ?"
                   " AND u.disabled = 0",
                   {Sha256Hex(token), now}));
    if (!row) return core::Unauthenticated("the token is unknown, expired or revoked; log in again");
    return AccessScope{.user_id = row->Text(0),
                       .username = row->Text(1),
                       .org_id = row->Text(3),
                       .org_name = row->Text(4),
                       .country = row->Text(5),
                       .roles = static_cast<std::uint8_t>(row->Int(2))};
  });
}

}  // namespace istmo::auth

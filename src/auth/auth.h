// auth/auth.h — organizations, users, roles, passwords, tokens: who may do what.
//
// Passwords are hashed with argon2id (libargon2). A login returns an opaque bearer token of 32
// random bytes; only its SHA-256 is stored, with an expiry and a revocation time. Authenticate()
// turns a token into a store::AccessScope (user, organization, country, roles) that every other
// module's queries filter by. Failed logins are counted in the database (so the counts survive a
// restart) per username and client address, and per client address across usernames; past a
// limit each further attempt must wait, longer after every failure, and is refused with
// kResourceExhausted until then (Options, docs/api.md). A username is never locked for everyone:
// an officer at another address logs in as usual. Every change and every login is written to the
// audit log in the same transaction.
//
// Who may do what (deny by default):
//   - organizations: any authenticated user lists them; only the system scope (the local
//     operator's CLI) creates them.
//   - users: an admin lists, creates and updates the users of their own organization; the system
//     scope may do so for any organization.
// Thread-safe: all state is in the store.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "core/time.h"
#include "store/scope.h"
#include "store/store.h"

namespace istmo::auth {

struct Organization {
  std::string id;
  std::string name;       // short name, unique: "SENAFRONT"
  std::string full_name;  // "Servicio Nacional de Fronteras"
  std::string country;    // ISO 3166 alpha-3: "PAN", "USA"
  std::string kind;       // see OrganizationKinds()
  core::Timestamp created_at;
  // Releasability targets ("PAN", "USA", "org:<id>") the organization's officers usually
  // release their records to. Shown as a preset in forms; never applied by the server: a
  // record sent without releasability stays owner-only.
  std::vector<std::string> default_releasability;
};

// border, aeronaval, migration, canal, homeland_security, law_enforcement, military,
// diplomatic, other.
const std::vector<std::string>& OrganizationKinds();

struct User {
  std::string id;
  std::string org_id;
  std::string username;  // lowercase [a-z0-9._-], 3..64
  std::string display_name;
  std::uint8_t roles = 0;  // store::Role bits
  bool disabled = false;
  core::Timestamp created_at;
  // The station the user usually works at, preselected in forms; "" when none. An opaque id
  // here: the composition root checks that it names a station (auth knows no module).
  std::string home_station;
};

std::vector<std::string> RoleNames(std::uint8_t roles);
// kInvalidArgument naming "/roles/<i>" for an unknown role, or "/roles" when empty.
core::Result<std::uint8_t> ParseRoles(const std::vector<std::string>& names);

struct NewOrganization {
  std::string name;
  std::string full_name;
  std::string country;
  std::string kind;
};

struct NewUser {
  std::string org_id;
  std::string username;
  std::string display_name;
  std::string password;
  std::uint8_t roles = 0;
  std::string home_station;  // "" for none
};

struct UserPatch {
  std::optional<std::string> display_name;
  std::optional<std::uint8_t> roles;
  std::optional<bool> disabled;
  std::optional<std::string> password;
  std::optional<std::string> home_station;  // "" clears it
};

struct OrganizationPatch {
  std::optional<std::vector<std::string>> default_releasability;
};

struct LoginResult {
  std::string token;  // shown once; only its hash is stored
  core::Timestamp expires_at;
  User user;
  Organization org;
};

struct Options {
  std::chrono::seconds token_ttl = std::chrono::hours(12);
  // Login throttling. Per (username, client address): the first `free_failures_per_user_client`
  // failures within `user_client_window` cost nothing; after them each attempt waits
  // `first_delay` from the last failure, doubled by every further failure, up to `max_delay`
  // (5 failures: 1 s, then 2 s, 4 s, ... 15 min). A success from that address for that username
  // forgets its failures. Per client address across every username (password spraying), the
  // same waits after `free_failures_per_client` failures within `client_window`: looser, since
  // a station's officers may share one address.
  int free_failures_per_user_client = 5;
  std::chrono::seconds user_client_window = std::chrono::hours(24);
  int free_failures_per_client = 30;
  std::chrono::seconds client_window = std::chrono::hours(1);
  std::chrono::seconds first_delay = std::chrono::seconds(1);
  std::chrono::seconds max_delay = std::chrono::minutes(15);
  // argon2id cost. The defaults follow OWASP's minimum (19 MiB, 2 passes, 1 lane).
  std::uint32_t argon2_memory_kib = 19 * 1024;
  std::uint32_t argon2_passes = 2;
};

// The migrations of auth's tables, for store::Store::Open.
std::vector<store::Migration> Migrations();

// Hashes a password with argon2id and a random salt; returns the PHC string
// "$argon2id$v=19$m=...,t=...,p=1$salt$hash".
core::Result<std::string> HashPassword(const std::string& password, const Options& options);
// True when the password matches the PHC string.
bool VerifyPassword(const std::string& encoded, const std::string& password);
// The password rule (GET /api/v1/auth/password-policy shows it to the web app up front).
inline constexpr std::size_t kMinPasswordLength = 10;
inline constexpr std::size_t kMaxPasswordLength = 256;
// kInvalidArgument (field "/password") with reason "password_too_short" {min} or
// "password_too_long" {max} unless 10..256 bytes, or "password_common" when IsCommonPassword.
core::Status CheckPasswordPolicy(const std::string& password);
// True when the password is, or reduces to, a common word or password: compared lowercase with
// Spanish accents folded, as is, as its letters alone ("password1234", "a long password 1" is
// "alongpassword"), and with digits and symbols around it dropped and those inside read as the
// letters they imitate ("P4ssw0rd2024"); against the word lists of Debian's cracklib-runtime and
// wspanish, and by libcrack's FascistCheck. Lists that are not installed are skipped.
bool IsCommonPassword(const std::string& password);
// Whether a word list was found, i.e. whether IsCommonPassword can refuse anything.
bool RejectsCommonPasswords();

class AuthService {
 public:
  AuthService(store::Store& store, const core::Clock& clock, Options options = {});

  core::Result<Organization> CreateOrganization(const store::AccessScope& actor,
                                                const NewOrganization& org);
  core::Result<std::vector<Organization>> ListOrganizations(const store::AccessScope& actor);
  // kNotFound when there is none (name compared case-insensitively).
  core::Result<Organization> FindOrganization(const std::string& id_or_name);
  // Changes an organization's settings. kNotFound (reason "not_found" {object: organization})
  // when there is none; kPermissionDenied unless the caller is an admin of it (or the system);
  // kInvalidArgument naming "/default_releasability/<i>" for a bad target.
  core::Result<Organization> UpdateOrganization(const store::AccessScope& actor,
                                                const std::string& org_id,
                                                const OrganizationPatch& patch);

  core::Result<User> CreateUser(const store::AccessScope& actor, const NewUser& user);
  core::Result<User> UpdateUser(const store::AccessScope& actor, const std::string& user_id,
                                const UserPatch& patch);
  core::Result<User> GetUser(const store::AccessScope& actor, const std::string& user_id);
  core::Result<std::vector<User>> ListUsers(const store::AccessScope& actor);

  // kUnauthenticated for a wrong username or password or a disabled user (one message for all,
  // so that usernames cannot be probed); kResourceExhausted, before the password is checked,
  // while `client` must wait (LoginWait).
  core::Result<LoginResult> Login(const std::string& username, const std::string& password,
                                  const std::string& client);
  // How long `client` must wait before it may try `username` again (whole seconds, rounded
  // up); zero when it may try now. The HTTP route's Retry-After.
  core::Result<std::chrono::seconds> LoginWait(const std::string& username,
                                               const std::string& client);
  // Revokes the token. kUnauthenticated when it is not a live token.
  core::Status Logout(const std::string& token);
  // kUnauthenticated when the token is unknown, expired, revoked, or its user disabled.
  core::Result<store::AccessScope> Authenticate(const std::string& token);

  const Options& options() const { return options_; }

 private:
  store::Store& store_;
  const core::Clock& clock_;
  Options options_;
};

}  // namespace istmo::auth

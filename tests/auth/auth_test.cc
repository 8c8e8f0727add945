#include "auth/auth.h"

#include <gtest/gtest.h>

#include "store/audit.h"
#include "testing/temp_dir.h"

namespace istmo::auth {
namespace {

using store::AccessScope;
using store::Role;

constexpr std::uint8_t R(Role r) { return static_cast<std::uint8_t>(r); }

class AuthTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = std::move(store::Store::Open({.url = dir_.File("a.db")}, Migrations())).value();
    // Cheap argon2 parameters keep the suite fast; production uses the defaults.
    options_.argon2_memory_kib = 1024;
    options_.argon2_passes = 1;
    auth_ = std::make_unique<AuthService>(*store_, clock_, options_);
    senafront_ = *auth_->CreateOrganization(AccessScope::System(),
                                            {"SENAFRONT", "Servicio Nacional de Fronteras", "pan", "border"});
    dhs_ = *auth_->CreateOrganization(AccessScope::System(),
                                      {"DHS", "Department of Homeland Security", "USA", "homeland_security"});
    admin_ = *auth_->CreateUser(AccessScope::System(), {senafront_.id, "senafront.admin", "Admin",
                                                         "correct horse battery", R(Role::kAdmin)});
  }

  AccessScope Scope(const std::string& username, const std::string& password = "correct horse battery") {
    auto login = auth_->Login(username, password, "127.0.0.1");
    EXPECT_TRUE(login) << login.error().ToString();
    return *auth_->Authenticate(login->token);
  }

  testing::TempDir dir_;
  core::FakeClock clock_{core::FromUnixSeconds(1724162580)};
  Options options_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<AuthService> auth_;
  Organization senafront_, dhs_;
  User admin_;
};

TEST(Password, HashesWithArgon2idAndVerifies) {
  Options o;
  o.argon2_memory_kib = 1024;
  o.argon2_passes = 1;
  auto h = HashPassword("a long enough password", o);
  ASSERT_TRUE(h);
  EXPECT_EQ(h->rfind("$argon2id$v=19$", 0), 0u) << *h;
  EXPECT_TRUE(VerifyPassword(*h, "a long enough password"));
  EXPECT_FALSE(VerifyPassword(*h, "a long enough passworD"));
  EXPECT_NE(*h, *HashPassword("a long enough password", o));  // salted
  EXPECT_FALSE(CheckPasswordPolicy("short"));
}

// Common passwords (Debian's cracklib and Spanish word lists, and libcrack) are refused, also
// when digits, symbols or look-alike digits hide the word; passphrases and the project's own
// passwords (demo, tests) pass.
TEST(PasswordPolicy, RefusesCommonWordsUnderDigitsAndSymbolsButNotPassphrases) {
  ASSERT_TRUE(RejectsCommonPasswords()) << "install cracklib-runtime and wspanish (install-deps)";
  for (const char* weak : {"password1234", "Panama2024!!", "PANAMÁ-2024", "P4ssw0rd2024",
                           "!!dragon2024!!", "Contraseña2024", "bienvenido123", "qwertyuiop",
                           "1234567890", "Washington1!"}) {
    EXPECT_TRUE(IsCommonPassword(weak)) << weak;
    auto refused = CheckPasswordPolicy(weak);
    ASSERT_FALSE(refused) << weak;
    EXPECT_EQ(refused.error().reason, "password_common") << weak;
    EXPECT_EQ(refused.error().field, "/password");
  }
  for (const char* fine : {"a long password 1", "correct horse battery", "Istmo-Demo-2024",
                           "a brand new password", "reset by the admin", "Xk9#mQ2$vLp7",
                           "Web-Check-Pass-2024"}) {
    EXPECT_FALSE(IsCommonPassword(fine)) << fine;
    EXPECT_TRUE(CheckPasswordPolicy(fine)) << fine;
  }
  EXPECT_EQ(CheckPasswordPolicy("short").error().reason, "password_too_short");
  EXPECT_EQ(CheckPasswordPolicy("short").error().params,
            (std::vector<std::pair<std::string, std::string>>{{"min", "10"}}));
  EXPECT_EQ(CheckPasswordPolicy(std::string(257, 'k')).error().reason, "password_too_long");
}

TEST_F(AuthTest, OrganizationsAreValidatedAndUnique) {
  auto dup = auth_->CreateOrganization(AccessScope::System(), {"senafront", "x", "PAN", "border"});
  EXPECT_EQ(dup.error().code, core::ErrorCode::kConflict);
  EXPECT_EQ(auth_->CreateOrganization(AccessScope::System(), {"X", "x", "PANAMA", "border"}).error().field, "/country");
  EXPECT_EQ(auth_->CreateOrganization(AccessScope::System(), {"X", "x", "PAN", "navy"}).error().field, "/kind");
  AccessScope admin = Scope("senafront.admin");
  EXPECT_EQ(auth_->CreateOrganization(admin, {"X", "x", "PAN", "border"}).error().code,
            core::ErrorCode::kPermissionDenied);
  EXPECT_EQ(auth_->ListOrganizations(admin)->size(), 2u);
  EXPECT_EQ(auth_->FindOrganization("SenaFront")->id, senafront_.id);
  EXPECT_EQ(senafront_.country, "PAN");
}

TEST_F(AuthTest, LoginIssuesATokenThatAuthenticates) {
  auto login = auth_->Login("SENAFRONT.ADMIN", "correct horse battery", "10.0.0.1");
  ASSERT_TRUE(login) << login.error().ToString();
  EXPECT_EQ(login->token.rfind("ist_", 0), 0u);
  EXPECT_GE(login->token.size(), 40u);
  EXPECT_EQ(login->org.name, "SENAFRONT");
  auto scope = auth_->Authenticate(login->token);
  ASSERT_TRUE(scope);
  EXPECT_EQ(scope->org_id, senafront_.id);
  EXPECT_EQ(scope->country, "PAN");
  EXPECT_TRUE(scope->Has(Role::kAdmin));
  EXPECT_FALSE(scope->Has(Role::kOfficer));
  EXPECT_FALSE(scope->system);
}

TEST_F(AuthTest, TokensAreStoredHashed) {
  auto login = auth_->Login("senafront.admin", "correct horse battery", "c");
  ASSERT_TRUE(login);
  auto stored = store_->Read<std::int64_t>([&](store::Connection& c) -> core::Result<std::int64_t> {
    ISTMO_ASSIGN_OR_RETURN(auto r, c.QueryOne("SELECT count(*) FROM tokens WHERE token_hash = ?", {login->token}));
    return r->Int(0);
  });
  EXPECT_EQ(*stored, 0);
}

TEST_F(AuthTest, WrongPasswordAndUnknownUserGetTheSameAnswer) {
  auto wrong = auth_->Login("senafront.admin", "wrong password!", "c");
  auto unknown = auth_->Login("nobody", "wrong password!", "c");
  ASSERT_FALSE(wrong);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(wrong.error().code, core::ErrorCode::kUnauthenticated);
  EXPECT_EQ(wrong.error().message, unknown.error().message);
}

constexpr const char* kPassword = "correct horse battery";

TEST_F(AuthTest, FailuresFromOneAddressCostNothingThenEachWaitDoublesUpToFifteenMinutes) {
  const std::string attacker = "203.0.113.9";
  for (int i = 0; i < options_.free_failures_per_user_client; ++i) {
    EXPECT_EQ(*auth_->LoginWait("senafront.admin", attacker), std::chrono::seconds(0));
    EXPECT_EQ(auth_->Login("senafront.admin", "bad password", attacker).error().code,
              core::ErrorCode::kUnauthenticated);
  }
  std::vector<std::int64_t> waits;
  for (int i = 0; i < 13; ++i) {
    const auto wait = *auth_->LoginWait("senafront.admin", attacker);
    waits.push_back(wait.count());
    // Even the right password is refused, without being checked, while the wait holds.
    auto refused = auth_->Login("senafront.admin", kPassword, attacker);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, core::ErrorCode::kResourceExhausted);
    EXPECT_NE(refused.error().message.find("for this username from this address"),
              std::string::npos) << refused.error().message;
    clock_.Advance(wait - std::chrono::milliseconds(1));
    EXPECT_EQ(auth_->Login("senafront.admin", "bad password", attacker).error().code,
              core::ErrorCode::kResourceExhausted);
    clock_.Advance(std::chrono::milliseconds(1));
    EXPECT_EQ(auth_->Login("senafront.admin", "bad password", attacker).error().code,
              core::ErrorCode::kUnauthenticated);
  }
  EXPECT_EQ(waits,
            (std::vector<std::int64_t>{1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900, 900}));
}

TEST_F(AuthTest, AnAddressThatFailsCannotLockTheOfficerOutElsewhere) {
  for (int i = 0; i < options_.free_failures_per_user_client + 3; ++i) {
    (void)auth_->Login("senafront.admin", "bad password", "203.0.113.9");  // refused either way
  }
  EXPECT_EQ(auth_->Login("senafront.admin", kPassword, "203.0.113.9").error().code,
            core::ErrorCode::kResourceExhausted);
  // The officer at the station's own address logs in at once.
  EXPECT_EQ(*auth_->LoginWait("senafront.admin", "10.0.0.7"), std::chrono::seconds(0));
  auto login = auth_->Login("senafront.admin", kPassword, "10.0.0.7");
  EXPECT_TRUE(login) << login.error().ToString();
}

TEST_F(AuthTest, ASuccessForgetsTheFailuresOfThatUsernameAndAddress) {
  for (int i = 0; i < options_.free_failures_per_user_client; ++i) {
    (void)auth_->Login("senafront.admin", "mistyped password", "10.0.0.7");
  }
  clock_.Advance(options_.first_delay);
  ASSERT_TRUE(auth_->Login("senafront.admin", kPassword, "10.0.0.7"));
  // A new mistake starts again from the free allowance, not from the wait it had reached.
  EXPECT_EQ(auth_->Login("senafront.admin", "mistyped password", "10.0.0.7").error().code,
            core::ErrorCode::kUnauthenticated);
  EXPECT_EQ(*auth_->LoginWait("senafront.admin", "10.0.0.7"), std::chrono::seconds(0));
}

TEST_F(AuthTest, PasswordSprayingIsThrottledPerAddressAcrossUsernames) {
  const std::string sprayer = "198.51.100.4";
  for (int i = 0; i < options_.free_failures_per_client; ++i) {
    EXPECT_EQ(auth_->Login("user" + std::to_string(i), "Summer2024!", sprayer).error().code,
              core::ErrorCode::kUnauthenticated);
  }
  // A username this address never tried is held back too, and the message says why.
  auto refused = auth_->Login("senafront.admin", kPassword, sprayer);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, core::ErrorCode::kResourceExhausted);
  EXPECT_NE(refused.error().message.find("from this address"), std::string::npos);
  EXPECT_EQ(*auth_->LoginWait("senafront.admin", sprayer), options_.first_delay);
  // Other addresses are not affected.
  EXPECT_TRUE(auth_->Login("senafront.admin", kPassword, "10.0.0.7"));
  // Failures older than the per-address window no longer count.
  clock_.Advance(options_.client_window + std::chrono::seconds(1));
  EXPECT_TRUE(auth_->Login("senafront.admin", kPassword, sprayer));
}

TEST_F(AuthTest, TheThrottleSurvivesARestart) {
  for (int i = 0; i < options_.free_failures_per_user_client + 2; ++i) {
    (void)auth_->Login("senafront.admin", "bad password", "203.0.113.9");
  }
  const auto wait = *auth_->LoginWait("senafront.admin", "203.0.113.9");
  ASSERT_GT(wait.count(), 0);
  auth_.reset();
  store_.reset();
  store_ = std::move(store::Store::Open({.url = dir_.File("a.db")}, Migrations())).value();
  auth_ = std::make_unique<AuthService>(*store_, clock_, options_);
  EXPECT_EQ(*auth_->LoginWait("senafront.admin", "203.0.113.9"), wait);
  EXPECT_EQ(auth_->Login("senafront.admin", kPassword, "203.0.113.9").error().code,
            core::ErrorCode::kResourceExhausted);
}

TEST_F(AuthTest, TokensExpireAndAreRevokedByLogout) {
  auto login = *auth_->Login("senafront.admin", "correct horse battery", "c");
  clock_.Advance(options_.token_ttl - std::chrono::seconds(1));
  EXPECT_TRUE(auth_->Authenticate(login.token));
  clock_.Advance(std::chrono::seconds(2));
  EXPECT_EQ(auth_->Authenticate(login.token).error().code, core::ErrorCode::kUnauthenticated);

  auto second = *auth_->Login("senafront.admin", "correct horse battery", "c");
  ASSERT_TRUE(auth_->Logout(second.token));
  EXPECT_FALSE(auth_->Authenticate(second.token));
  EXPECT_FALSE(auth_->Logout(second.token));
  EXPECT_FALSE(auth_->Authenticate("ist_made_up_token_of_some_length"));
}

TEST_F(AuthTest, AdminsManageOnlyTheirOwnOrganization) {
  AccessScope admin = Scope("senafront.admin");
  auto officer = auth_->CreateUser(admin, {"", "senafront.officer", "Oficial", "another good pass",
                                           R(Role::kOfficer)});
  ASSERT_TRUE(officer) << officer.error().ToString();
  EXPECT_EQ(officer->org_id, senafront_.id);
  EXPECT_EQ(auth_->CreateUser(admin, {dhs_.id, "dhs.x", "X", "another good pass", R(Role::kOfficer)})
                .error().code,
            core::ErrorCode::kPermissionDenied);
  auto dup = auth_->CreateUser(admin, {"", "senafront.officer", "Again", "another good pass", R(Role::kOfficer)});
  EXPECT_EQ(dup.error().code, core::ErrorCode::kConflict);
  EXPECT_EQ(dup.error().field, "/username");
  EXPECT_EQ(auth_->CreateUser(admin, {"", "Bad Name", "x", "another good pass", 1}).error().field, "/username");

  ASSERT_TRUE(auth_->CreateUser(AccessScope::System(), {dhs_.id, "dhs.analyst", "Analyst",
                                                        "another good pass", R(Role::kAnalyst)}));
  auto users = auth_->ListUsers(admin);
  ASSERT_TRUE(users);
  EXPECT_EQ(users->size(), 2u);  // senafront.admin and senafront.officer, not dhs.analyst

  AccessScope officer_scope = Scope("senafront.officer", "another good pass");
  EXPECT_EQ(auth_->ListUsers(officer_scope).error().code, core::ErrorCode::kPermissionDenied);
  EXPECT_EQ(auth_->CreateUser(officer_scope, {"", "x.y", "x", "another good pass", 1}).error().code,
            core::ErrorCode::kPermissionDenied);
  // An officer may not promote themselves.
  EXPECT_EQ(auth_->UpdateUser(officer_scope, officer->id, {.roles = R(Role::kAdmin)}).error().code,
            core::ErrorCode::kPermissionDenied);
  // The DHS analyst cannot see SENAFRONT's users at all.
  AccessScope dhs_scope = Scope("dhs.analyst", "another good pass");
  EXPECT_EQ(auth_->GetUser(dhs_scope, officer->id).error().code, core::ErrorCode::kNotFound);
}

TEST_F(AuthTest, DisablingAUserEndsTheirSessions) {
  auto officer = *auth_->CreateUser(AccessScope::System(), {senafront_.id, "senafront.officer", "O",
                                                            "another good pass", R(Role::kOfficer)});
  auto login = *auth_->Login("senafront.officer", "another good pass", "c");
  AccessScope admin = Scope("senafront.admin");
  ASSERT_TRUE(auth_->UpdateUser(admin, officer.id, {.disabled = true}));
  EXPECT_FALSE(auth_->Authenticate(login.token));
  EXPECT_EQ(auth_->Login("senafront.officer", "another good pass", "c").error().code,
            core::ErrorCode::kUnauthenticated);
  EXPECT_EQ(auth_->UpdateUser(admin, admin.user_id, {.disabled = true}).error().code,
            core::ErrorCode::kConflict);
}

TEST_F(AuthTest, ChangesAndLoginsAreAudited) {
  (void)auth_->Login("senafront.admin", "bad password", "c");
  (void)Scope("senafront.admin");
  auto entries = store_->Read<std::vector<store::AuditRecord>>(
      [](store::Connection& c) { return store::ListAudit(c, AccessScope::System(), 100); });
  ASSERT_TRUE(entries);
  std::vector<std::string> actions;
  for (auto it = entries->rbegin(); it != entries->rend(); ++it) actions.push_back(it->entry.action);
  EXPECT_EQ(actions, (std::vector<std::string>{"organization.create", "organization.create",
                                               "user.create", "auth.login_failed", "auth.login"}));
  auto v = store_->Read<store::AuditVerification>([](store::Connection& c) { return store::VerifyAudit(c); });
  EXPECT_TRUE(v->ok);
}

TEST(Roles, ParseListsAndNames) {
  auto r = ParseRoles({"officer", "supervisor"});
  ASSERT_TRUE(r);
  EXPECT_EQ(RoleNames(*r), (std::vector<std::string>{"officer", "supervisor"}));
  EXPECT_EQ(ParseRoles({"officer", "king"}).error().field, "/roles/1");
  EXPECT_EQ(ParseRoles({}).error().field, "/roles");
}

}  // namespace
}  // namespace istmo::auth

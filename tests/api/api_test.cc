// The HTTP API over real HTTP on 127.0.0.1: login and its errors, request ids, logout, health,
// metrics, the OpenAPI document, users, audit, alerts, geo layers and the web app's fallback.
#include <ifaddrs.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <future>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <arpa/inet.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>

#include "api_harness.h"
#include "app/app.h"
#include "core/id.h"
#include "store/alerts.h"

namespace istmo::api::testing {
namespace {

using store::Role;
using ::testing::HasSubstr;
using ::testing::Not;

// For servers that are built only to fail before they serve.
Authenticator NoAuth() {
  return [](const std::string&) -> core::Result<store::AccessScope> {
    return core::Unauthenticated("no authentication in this test");
  };
}

void WriteFile(const std::filesystem::path& path, const std::string& text) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary);
  out << text;
  ASSERT_TRUE(out.good()) << path;
}

// The JSON error body of every failure: code, message, field and the response's request id.
void ExpectJsonError(const Reply& r, int status, const std::string& code,
                     const std::string& field = {}) {
  EXPECT_EQ(r.status, status) << r.Describe();
  EXPECT_THAT(r.content_type, HasSubstr("application/json")) << r.Describe();
  ASSERT_TRUE(r.body_json.is_object()) << r.Describe();
  ASSERT_TRUE(r.body_json.contains("error")) << r.Describe();
  const json& e = r.body_json["error"];
  EXPECT_EQ(e.value("code", ""), code) << r.Describe();
  EXPECT_FALSE(e.value("message", "").empty()) << r.Describe();
  ASSERT_TRUE(e.contains("field") && e["field"].is_string()) << r.Describe();
  EXPECT_EQ(e["field"].get<std::string>(), field) << r.Describe();
  EXPECT_FALSE(r.Header("X-Request-Id").empty()) << r.Describe();
  EXPECT_EQ(e.value("request_id", ""), r.Header("X-Request-Id")) << r.Describe();
}

class ApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(api_.ready());
    pan_ = api_.AddOrg("SENAFRONT", "PAN");
    usa_ = api_.AddOrg("DHS", "USA", "homeland_security");
    admin_ = api_.AddUser(pan_.id, "pan.admin", Role::kAdmin);
    supervisor_ = api_.AddUser(pan_.id, "pan.supervisor", Role::kSupervisor);
    officer_ = api_.AddUser(pan_.id, "pan.officer", Role::kOfficer);
    usa_admin_ = api_.AddUser(usa_.id, "usa.admin", Role::kAdmin);
  }

  ApiHarness api_;
  auth::Organization pan_, usa_;
  auth::User admin_, supervisor_, officer_, usa_admin_;
};

TEST_F(ApiTest, LoginReturnsATokenAndTheUser) {
  Reply r =
      api_.PostJson("/api/v1/auth/login", {{"username", "pan.officer"}, {"password", kPassword}});
  ASSERT_EQ(r.status, 200) << r.Describe();
  std::string token = r.body_json.value("token", "");
  EXPECT_EQ(token.rfind("ist_", 0), 0u) << token;
  EXPECT_EQ(r.body_json["user"]["id"], officer_.id);
  EXPECT_EQ(r.body_json["user"]["org"]["name"], "SENAFRONT");
  EXPECT_EQ(r.body_json["user"]["roles"], json::array({"officer"}));
  EXPECT_FALSE(r.body_json["user"].contains("password_hash"));
  // 12 hours after the fake clock's 2024-08-20T14:03:00Z.
  EXPECT_EQ(r.body_json["expires_at"], "2024-08-21T02:03:00.000Z");

  Reply me = api_.Get("/api/v1/me", token);
  ASSERT_EQ(me.status, 200) << me.Describe();
  EXPECT_EQ(me.body_json["username"], "pan.officer");
  EXPECT_EQ(me.body_json["org"]["country"], "PAN");
}

// The web app's session (docs/api.md "Sessions"): login sets the token in an HttpOnly cookie and
// a CSRF value beside it; the cookie alone reads, a change needs the CSRF value echoed, and
// logout clears both.
TEST_F(ApiTest, LoginSetsAnHttpOnlySessionCookieThatNeedsTheCsrfValueForChanges) {
  Reply login =
      api_.PostJson("/api/v1/auth/login", {{"username", "pan.admin"}, {"password", kPassword}});
  ASSERT_EQ(login.status, 200) << login.Describe();
  std::string session, csrf;
  for (const auto& [name, value] : login.headers) {
    if (name != "Set-Cookie" && name != "set-cookie") continue;
    const std::string pair = value.substr(0, value.find(';'));
    if (pair.rfind("istmo_session=", 0) == 0) {
      session = pair.substr(14);
      EXPECT_THAT(value, HasSubstr("HttpOnly"));
      EXPECT_THAT(value, HasSubstr("SameSite=Strict"));
    }
    if (pair.rfind("istmo_csrf=", 0) == 0) {
      csrf = pair.substr(11);
      EXPECT_THAT(value, Not(HasSubstr("HttpOnly")));  // the page reads it
    }
  }
  ASSERT_EQ(session, login.body_json.value("token", "")) << login.Describe();
  ASSERT_EQ(csrf.size(), 32u);
  const std::string cookie = "istmo_session=" + session + "; istmo_csrf=" + csrf;

  EXPECT_EQ(api_.Send({.path = "/api/v1/me", .headers = {{"Cookie", cookie}}}).status, 200);
  const std::string change = json{{"display_name", "Renamed"}}.dump();
  const std::string me_path = "/api/v1/users/" + admin_.id;
  Reply forged = api_.Send({.method = "PATCH", .path = me_path, .body = change,
                            .headers = {{"Cookie", cookie}}});
  EXPECT_EQ(forged.status, 403) << forged.Describe();
  // One character changed (a fixed "0" would be no change for one value in sixteen).
  const std::string other = (csrf[0] == '0' ? "1" : "0") + csrf.substr(1);
  Reply wrong = api_.Send({.method = "PATCH", .path = me_path, .body = change,
                           .headers = {{"Cookie", cookie}, {"X-CSRF-Token", other}}});
  EXPECT_EQ(wrong.status, 403) << wrong.Describe();
  Reply ok = api_.Send({.method = "PATCH", .path = me_path, .body = change,
                        .headers = {{"Cookie", cookie}, {"X-CSRF-Token", csrf}}});
  EXPECT_EQ(ok.status, 200) << ok.Describe();

  Reply out = api_.Send({.method = "POST", .path = "/api/v1/auth/logout",
                         .headers = {{"Cookie", cookie}, {"X-CSRF-Token", csrf}}});
  ASSERT_EQ(out.status, 204) << out.Describe();
  int cleared = 0;
  for (const auto& [name, value] : out.headers) {
    if ((name == "Set-Cookie" || name == "set-cookie") && value.find("Max-Age=0") != std::string::npos) ++cleared;
  }
  EXPECT_EQ(cleared, 2);
  EXPECT_EQ(api_.Send({.path = "/api/v1/me", .headers = {{"Cookie", cookie}}}).status, 401);
}

TEST_F(ApiTest, WrongPasswordIs401WithAJsonError) {
  Reply r = api_.PostJson("/api/v1/auth/login",
                          {{"username", "pan.officer"}, {"password", "not the password"}});
  ExpectJsonError(r, 401, "unauthenticated");
  EXPECT_EQ(r.Header("WWW-Authenticate"), "Bearer");
  // An unknown user gets the very same answer: usernames cannot be probed.
  Reply unknown = api_.PostJson("/api/v1/auth/login",
                                {{"username", "nobody.here"}, {"password", "not the password"}});
  ExpectJsonError(unknown, 401, "unauthenticated");
  EXPECT_EQ(unknown.body_json["error"]["message"], r.body_json["error"]["message"]);
}

TEST_F(ApiTest, LoginRefusesUnknownFieldsNamingThem) {
  Reply r =
      api_.PostJson("/api/v1/auth/login",
                    {{"username", "pan.officer"}, {"password", kPassword}, {"remember_me", true}});
  ExpectJsonError(r, 400, "invalid_argument", "/remember_me");
}

TEST_F(ApiTest, LoginNamesAMissingOrMistypedField) {
  ExpectJsonError(api_.PostJson("/api/v1/auth/login", {{"username", "pan.officer"}}), 400,
                  "invalid_argument", "/password");
  ExpectJsonError(api_.PostJson("/api/v1/auth/login", {{"username", 7}, {"password", kPassword}}),
                  400, "invalid_argument", "/username");
}

TEST_F(ApiTest, BodyThatIsNotJsonIs400) {
  Reply r =
      api_.Send({.method = "POST", .path = "/api/v1/auth/login", .body = "username=pan.officer"});
  ExpectJsonError(r, 400, "invalid_argument");
  EXPECT_THAT(r.body_json["error"]["message"].get<std::string>(), HasSubstr("not valid JSON"));
  ExpectJsonError(api_.Send({.method = "POST", .path = "/api/v1/auth/login", .body = "[1,2]"}), 400,
                  "invalid_argument");
  ExpectJsonError(api_.Send({.method = "POST", .path = "/api/v1/auth/login", .body = ""}), 400,
                  "invalid_argument");
}

TEST_F(ApiTest, WrongContentTypeIs415) {
  json body = {{"username", "pan.officer"}, {"password", kPassword}};
  Reply r = api_.Send({.method = "POST",
                       .path = "/api/v1/auth/login",
                       .body = body.dump(),
                       .content_type = "text/plain"});
  ExpectJsonError(r, 415, "invalid_argument");
  Reply form = api_.Send({.method = "POST",
                          .path = "/api/v1/auth/login",
                          .body = body.dump(),
                          .content_type = "application/x-www-form-urlencoded"});
  EXPECT_EQ(form.status, 415) << form.Describe();
  // Parameters after the media type are fine.
  Reply ok = api_.Send({.method = "POST",
                        .path = "/api/v1/auth/login",
                        .body = body.dump(),
                        .content_type = "application/json; charset=utf-8"});
  EXPECT_EQ(ok.status, 200) << ok.Describe();
}

TEST_F(ApiTest, BodyOverTheRouteLimitIs413) {
  const Route* login = nullptr;
  for (const Route& r : api_.routes()) {
    if (r.method == "POST" && r.path == "/api/v1/auth/login") login = &r;
  }
  ASSERT_NE(login, nullptr);
  json body = {{"username", "pan.officer"}, {"password", std::string(login->max_body, 'x')}};
  ExpectJsonError(api_.PostJson("/api/v1/auth/login", body), 413, "too_large");
  // Exactly at the limit is read (and then judged on its content).
  const std::string head = R"({"username":"pan.officer","password":")";
  const std::string tail = R"("})";
  std::string at_limit =
      head + std::string(login->max_body - head.size() - tail.size(), 'x') + tail;
  ASSERT_EQ(at_limit.size(), login->max_body);
  ExpectJsonError(api_.Send({.method = "POST", .path = "/api/v1/auth/login", .body = at_limit}),
                  400, "invalid_argument", "/password");
}

TEST_F(ApiTest, RepeatedFailedLoginsAreRateLimitedWith429AndRetryAfter) {
  const auth::Options& options = api_.auth().options();
  for (int i = 0; i < options.free_failures_per_user_client; ++i) {
    Reply r = api_.PostJson(
        "/api/v1/auth/login",
        {{"username", "pan.officer"}, {"password", "wrong password " + std::to_string(i)}});
    ASSERT_EQ(r.status, 401) << "attempt " << i << ": " << r.Describe();
  }
  // Past the free failures even the right password is refused until the wait has passed, and
  // the answer says how long that is.
  Reply limited =
      api_.PostJson("/api/v1/auth/login", {{"username", "pan.officer"}, {"password", kPassword}});
  ExpectJsonError(limited, 429, "resource_exhausted");
  EXPECT_EQ(limited.Header("Retry-After"), std::to_string(options.first_delay.count()));
  // Another user from the same address is not locked out by these failures.
  EXPECT_FALSE(api_.Login("pan.supervisor").empty());
  api_.clock().Advance(options.first_delay);
  EXPECT_FALSE(api_.Login("pan.officer").empty());
}

TEST_F(ApiTest, EveryResponseCarriesARequestIdAndKeepsASaneClientId) {
  Reply health = api_.Get("/healthz");
  std::string generated = health.Header("X-Request-Id");
  EXPECT_TRUE(core::IsUuid(generated)) << generated;
  EXPECT_NE(api_.Get("/healthz").Header("X-Request-Id"), generated);

  Reply sane = api_.Send({.path = "/healthz", .headers = {{"X-Request-Id", "trace-0042_abc"}}});
  EXPECT_EQ(sane.Header("X-Request-Id"), "trace-0042_abc");
  EXPECT_EQ(sane.headers.count("X-Request-Id"), 1u);
  // The same id appears in an error body.
  Reply err = api_.Send({.path = "/api/v1/me", .headers = {{"X-Request-Id", "trace-0043_abc"}}});
  ExpectJsonError(err, 401, "unauthenticated");
  EXPECT_EQ(err.body_json["error"]["request_id"], "trace-0043_abc");
  EXPECT_EQ(err.headers.count("X-Request-Id"), 1u);
  Reply missing =
      api_.Send({.path = "/api/v1/nope", .headers = {{"X-Request-Id", "trace-0044_abc"}}});
  ExpectJsonError(missing, 404, "not_found");
  EXPECT_EQ(missing.body_json["error"]["request_id"], "trace-0044_abc");

  // Ids that could forge log lines or are too short or long are replaced.
  for (std::string bad : {std::string("short"), std::string("has space 12345"),
                          std::string("semi;colon12345"), std::string(65, 'a')}) {
    Reply r = api_.Send({.path = "/healthz", .headers = {{"X-Request-Id", bad}}});
    EXPECT_TRUE(core::IsUuid(r.Header("X-Request-Id")))
        << bad << " -> " << r.Header("X-Request-Id");
  }
}

TEST_F(ApiTest, LogoutRevokesTheToken) {
  std::string token = api_.Login("pan.officer");
  ASSERT_EQ(api_.Get("/api/v1/me", token).status, 200);
  Reply out = api_.Send({.method = "POST", .path = "/api/v1/auth/logout", .token = token});
  EXPECT_EQ(out.status, 204) << out.Describe();
  EXPECT_TRUE(out.body.empty());
  Reply after = api_.Get("/api/v1/me", token);
  ExpectJsonError(after, 401, "unauthenticated");
  EXPECT_EQ(after.Header("WWW-Authenticate"), "Bearer");
  // A second logout with the dead token is refused too.
  EXPECT_EQ(api_.Send({.method = "POST", .path = "/api/v1/auth/logout", .token = token}).status,
            401);
  // Other sessions of the same user live on.
  std::string other = api_.Login("pan.officer");
  EXPECT_EQ(api_.Get("/api/v1/me", other).status, 200);
}

TEST_F(ApiTest, TokensExpireAfterTheirTimeToLive) {
  std::string token = api_.Login("pan.officer");
  api_.clock().Advance(api_.auth().options().token_ttl - std::chrono::seconds(1));
  EXPECT_EQ(api_.Get("/api/v1/me", token).status, 200);
  api_.clock().Advance(std::chrono::seconds(1));
  ExpectJsonError(api_.Get("/api/v1/me", token), 401, "unauthenticated");
  EXPECT_EQ(api_.Send({.method = "POST", .path = "/api/v1/auth/logout", .token = token}).status,
            401);
}

TEST_F(ApiTest, AnAdminResettingAPasswordEndsTheUsersSessions) {
  std::string admin = api_.Login("pan.admin");
  std::string officer = api_.Login("pan.officer");
  ASSERT_EQ(
      api_.PatchJson("/api/v1/users/" + officer_.id, {{"password", "reset by the admin"}}, admin)
          .status,
      200);
  ExpectJsonError(api_.Get("/api/v1/me", officer), 401, "unauthenticated");
  ExpectJsonError(
      api_.PostJson("/api/v1/auth/login", {{"username", "pan.officer"}, {"password", kPassword}}),
      401, "unauthenticated");
  EXPECT_FALSE(api_.Login("pan.officer", "reset by the admin").empty());
  // The admin's own session is untouched.
  EXPECT_EQ(api_.Get("/api/v1/me", admin).status, 200);
}

TEST_F(ApiTest, MalformedAuthorizationIs401) {
  for (const std::string& header :
       {std::string("Basic cGFuOnB3"), std::string("Bearer "), std::string("bearer ist_abc"),
        std::string("Bearer ist_unknown_token_value")}) {
    Reply r = api_.Send({.path = "/api/v1/me", .headers = {{"Authorization", header}}});
    ExpectJsonError(r, 401, "unauthenticated");
  }
}

TEST_F(ApiTest, HealthzAnswersOk) {
  Reply r = api_.Get("/healthz");
  ASSERT_EQ(r.status, 200) << r.Describe();
  EXPECT_EQ(r.body_json["status"], "ok");
  EXPECT_EQ(r.body_json["backend"], "sqlite");
  EXPECT_EQ(r.body_json["checks"], json({{"database_read", "ok"}, {"database_write", "ok"}}));
  EXPECT_EQ(r.Header("X-Content-Type-Options"), "nosniff");
  // The write probe really wrote.
  auto probed = api_.store().Read<std::optional<store::Row>>(
      [](store::Connection& c) { return c.QueryOne("SELECT at FROM health_probe WHERE id = 1"); });
  ASSERT_TRUE(probed);
  EXPECT_TRUE(probed->has_value());
}

// Another process holds the database's write lock: /healthz does not wait for it past its
// timeout, and says the database does not accept writes, until the lock goes.
TEST_F(ApiTest, HealthzIs503WhileTheDatabaseCannotBeWritten) {
  auto other = store::Store::Open({.url = api_.dir().File("api.db")}, app::AllMigrations());
  ASSERT_TRUE(other) << other.error().ToString();
  std::promise<void> release;
  std::promise<void> holding;
  std::thread writer([&] {
    (void)(*other)->Write([&](store::Connection&) -> core::Status {
      holding.set_value();
      release.get_future().wait();
      return core::Ok();
    });
  });
  holding.get_future().wait();
  api_.services().config.Set("health.write_timeout_ms", "200");
  Reply stuck = api_.Get("/healthz");
  EXPECT_EQ(stuck.status, 503) << stuck.Describe();
  EXPECT_EQ(stuck.body_json["status"], "unhealthy");
  EXPECT_EQ(stuck.body_json["checks"]["database_read"], "ok");
  EXPECT_EQ(stuck.body_json["checks"]["database_write"], "timeout");
  release.set_value();
  writer.join();
  api_.services().config.Set("health.write_timeout_ms", "10000");
  Reply recovered = api_.Get("/healthz");
  EXPECT_EQ(recovered.status, 200) << recovered.Describe();
  EXPECT_EQ(recovered.body_json["status"], "ok");
}

TEST_F(ApiTest, ReadyzWaitsForTheFaceIndexWhenFacesAreConfigured) {
  Reply unconfigured = api_.Get("/readyz");
  EXPECT_EQ(unconfigured.status, 200) << unconfigured.Describe();
  EXPECT_EQ(unconfigured.body_json, json({{"status", "ready"},
                                          {"checks", {{"database", "ok"},
                                                      {"faces", "not_configured"}}}}));
  // With a key configured, the index must have loaded (`istmo serve` loads it at start).
  api_.services().config.Set("biometrics.template_key", HarnessOptions().template_key_hex);
  Reply loading = api_.Get("/readyz");
  EXPECT_EQ(loading.status, 503) << loading.Describe();
  EXPECT_EQ(loading.body_json["status"], "not_ready");
  EXPECT_EQ(loading.body_json["checks"]["faces"], "not_loaded");
  ASSERT_TRUE(api_.services().faces->Registry());
  Reply ready = api_.Get("/readyz");
  EXPECT_EQ(ready.status, 200) << ready.Describe();
  EXPECT_EQ(ready.body_json["checks"]["faces"], "ok");
}

TEST_F(ApiTest, MetricsFromLoopbackCountRequests) {
  ASSERT_EQ(api_.Get("/healthz").status, 200);
  ASSERT_EQ(api_.Get("/api/v1/me").status, 401);
  Reply r = api_.Get("/metrics");
  ASSERT_EQ(r.status, 200) << r.Describe();
  EXPECT_THAT(r.content_type, HasSubstr("text/plain"));
  EXPECT_THAT(r.body, HasSubstr("# TYPE istmo_http_requests_total counter"));
  EXPECT_THAT(r.body, HasSubstr("istmo_http_requests_total{"));
  // Labelled by route pattern and status.
  EXPECT_THAT(r.body, HasSubstr("route=\"/healthz\""));
  EXPECT_THAT(r.body, HasSubstr("status=\"401\""));
}

// An IPv4 address of this machine that is not loopback, or "" when it has none.
std::string NonLoopbackAddress() {
  ifaddrs* list = nullptr;
  if (getifaddrs(&list) != 0) return {};
  std::string found;
  for (ifaddrs* i = list; i != nullptr && found.empty(); i = i->ifa_next) {
    if (i->ifa_addr == nullptr || i->ifa_addr->sa_family != AF_INET) continue;
    char text[INET_ADDRSTRLEN] = {};
    const auto* in = reinterpret_cast<const sockaddr_in*>(i->ifa_addr);
    if (inet_ntop(AF_INET, &in->sin_addr, text, sizeof text) == nullptr) continue;
    if (std::string(text).rfind("127.", 0) != 0) found = text;
  }
  freeifaddrs(list);
  return found;
}

TEST(ApiMetrics, AreRefusedToClientsOutsideTheMachine) {
  std::string address = NonLoopbackAddress();
  if (address.empty()) GTEST_SKIP() << "this machine has no non-loopback IPv4 address";
  ApiHarness api({.host = address});
  ASSERT_TRUE(api.ready());
  // The client connects from the machine's own non-loopback address: not loopback.
  ExpectJsonError(api.Get("/metrics"), 403, "permission_denied");
  auto org = api.AddOrg("SENAFRONT", "PAN");
  api.AddUser(org.id, "pan.admin", Role::kAdmin);
  // Not even for an admin's token: /metrics is loopback only (docs/api.md).
  ExpectJsonError(api.Get("/metrics", api.Login("pan.admin")), 403, "permission_denied");
  EXPECT_EQ(api.Get("/healthz").status, 200);
}

// A second server on a port in use fails to start (httplib's default SO_REUSEPORT would let it
// bind and silently take half of the first server's connections).
TEST_F(ApiTest, StartFailsWhenThePortIsTaken) {
  ServerOptions options;
  options.host = "127.0.0.1";
  options.port = api_.server().port();
  auto second = Server::Create(options, app::AllRoutes(api_.services(), "test"), NoAuth(),
                               api_.services().metrics);
  ASSERT_TRUE(second) << second.error().ToString();
  core::Status started = (*second)->Start();
  ASSERT_FALSE(started);
  EXPECT_EQ(started.error().code, core::ErrorCode::kUnavailable);
  EXPECT_EQ(api_.Get("/healthz").status, 200);
}

TEST_F(ApiTest, OpenApiListsEveryRouteOfTheTable) {
  Reply r = api_.Get("/api/openapi.json");
  ASSERT_EQ(r.status, 200) << r.Describe();
  const json& doc = r.body_json;
  ASSERT_TRUE(doc.is_object());
  EXPECT_EQ(doc["openapi"], "3.0.3");
  EXPECT_EQ(doc["info"]["version"], "test");
  std::set<std::string> in_table;
  for (const Route& route : api_.routes()) {
    std::string method = route.method;
    std::transform(method.begin(), method.end(), method.begin(), ::tolower);
    EXPECT_TRUE(in_table.insert(method + " " + route.path).second)
        << "route declared twice: " << route.method << " " << route.path;
    ASSERT_TRUE(doc["paths"].contains(route.path)) << "OpenAPI lacks " << route.path;
    ASSERT_TRUE(doc["paths"][route.path].contains(method))
        << "OpenAPI lacks " << route.method << " " << route.path;
    const json& op = doc["paths"][route.path][method];
    EXPECT_TRUE(op["responses"].contains(std::to_string(route.success_status)))
        << route.method << " " << route.path;
    EXPECT_EQ(op["security"].empty(), route.access == Access::kPublic)
        << route.method << " " << route.path;
    if (route.path.find('{') != std::string::npos) {
      EXPECT_TRUE(op.contains("parameters")) << route.path;
    }
  }
  std::set<std::string> in_doc;
  for (const auto& [path, ops] : doc["paths"].items()) {
    for (const auto& [method, op] : ops.items()) in_doc.insert(method + " " + path);
  }
  EXPECT_EQ(in_doc, in_table);
  // The table the server runs has the routes this test knows are essential.
  for (const char* must :
       {"post /api/v1/auth/login", "get /api/v1/users", "get /healthz", "get /api/openapi.json"}) {
    EXPECT_TRUE(in_table.count(must)) << must;
  }
}

TEST_F(ApiTest, UnknownApiPathIs404Json) {
  ExpectJsonError(api_.Get("/api/v1/nope"), 404, "not_found");
  ExpectJsonError(api_.Get("/api/nope"), 404, "not_found");
  std::string token = api_.Login("pan.admin");
  ExpectJsonError(api_.Get("/api/v1/users/x/y", token), 404, "not_found");
  ExpectJsonError(api_.PostJson("/api/v1/nope", json::object(), token), 404, "not_found");
  // Bytes that are not UTF-8 in the path still give a valid JSON error.
  ExpectJsonError(api_.Get("/api/v1/%FF%FE%C3", token), 404, "not_found");
  ExpectJsonError(api_.Get("/api/v1/users/%FF%FE", token), 404, "not_found");
  // A known path with a method it does not have is a JSON error too.
  Reply wrong_method = api_.Send({.method = "DELETE", .path = "/api/v1/users", .token = token});
  EXPECT_TRUE(wrong_method.status == 404 || wrong_method.status == 405) << wrong_method.Describe();
  EXPECT_TRUE(wrong_method.body_json.contains("error")) << wrong_method.Describe();
}

TEST_F(ApiTest, AdminCreatesPatchesAndDisablesUsers) {
  std::string admin = api_.Login("pan.admin");
  json new_user = {{"username", "jperez"},
                   {"display_name", "J. Pérez"},
                   {"password", "a long password 1"},
                   {"roles", {"officer", "analyst"}}};
  Reply created = api_.PostJson("/api/v1/users", new_user, admin);
  ASSERT_EQ(created.status, 201) << created.Describe();
  std::string id = created.body_json.value("id", "");
  EXPECT_TRUE(core::IsUuid(id)) << id;
  EXPECT_EQ(created.body_json["org_id"], pan_.id);
  EXPECT_EQ(created.body_json["display_name"], "J. Pérez");
  EXPECT_EQ(created.body_json["roles"], json::array({"officer", "analyst"}));
  EXPECT_EQ(created.body_json["disabled"], false);

  Reply duplicate = api_.PostJson("/api/v1/users", new_user, admin);
  ExpectJsonError(duplicate, 409, "conflict", "/username");
  // Usernames are unique across organizations too.
  std::string usa_admin = api_.Login("usa.admin");
  ExpectJsonError(api_.PostJson("/api/v1/users", new_user, usa_admin), 409, "conflict",
                  "/username");

  json bad_role = new_user;
  bad_role["username"] = "mgomez";
  bad_role["roles"] = {"officer", "general"};
  ExpectJsonError(api_.PostJson("/api/v1/users", bad_role, admin), 400, "invalid_argument",
                  "/roles/1");
  json short_password = new_user;
  short_password["username"] = "mgomez";
  short_password["password"] = "short";
  ExpectJsonError(api_.PostJson("/api/v1/users", short_password, admin), 400, "invalid_argument",
                  "/password");

  Reply listed = api_.Get("/api/v1/users", admin);
  ASSERT_EQ(listed.status, 200) << listed.Describe();
  std::vector<std::string> names;
  for (const auto& u : listed.body_json["items"]) names.push_back(u["username"]);
  EXPECT_EQ(names,
            (std::vector<std::string>{"jperez", "pan.admin", "pan.officer", "pan.supervisor"}));

  std::string user_token = api_.Login("jperez", "a long password 1");
  ASSERT_EQ(api_.Get("/api/v1/me", user_token).status, 200);

  Reply patched = api_.PatchJson(
      "/api/v1/users/" + id, {{"display_name", "Juan Pérez"}, {"roles", {"supervisor"}}}, admin);
  ASSERT_EQ(patched.status, 200) << patched.Describe();
  EXPECT_EQ(patched.body_json["display_name"], "Juan Pérez");
  EXPECT_EQ(patched.body_json["roles"], json::array({"supervisor"}));
  Reply fetched = api_.Get("/api/v1/users/" + id, admin);
  EXPECT_EQ(fetched.body_json["display_name"], "Juan Pérez");
  ExpectJsonError(api_.PatchJson("/api/v1/users/" + id, {{"nickname", "J"}}, admin), 400,
                  "invalid_argument", "/nickname");
  // The user's session keeps working after a name change...
  EXPECT_EQ(api_.Get("/api/v1/me", user_token).status, 200);

  Reply disabled = api_.PatchJson("/api/v1/users/" + id, {{"disabled", true}}, admin);
  ASSERT_EQ(disabled.status, 200) << disabled.Describe();
  EXPECT_EQ(disabled.body_json["disabled"], true);
  // ...but not after the account is disabled, and it cannot log in again.
  ExpectJsonError(api_.Get("/api/v1/me", user_token), 401, "unauthenticated");
  ExpectJsonError(api_.PostJson("/api/v1/auth/login",
                                {{"username", "jperez"}, {"password", "a long password 1"}}),
                  401, "unauthenticated");
  // Re-enabling lets them log in again; the old token stays dead.
  ASSERT_EQ(api_.PatchJson("/api/v1/users/" + id, {{"disabled", false}}, admin).status, 200);
  EXPECT_EQ(api_.Get("/api/v1/me", user_token).status, 401);
  EXPECT_FALSE(api_.Login("jperez", "a long password 1").empty());
}

// Issue 12: weak passwords are refused with a reason the web app translates, on creation, on
// a user's own change and on an admin's reset; the rule is public so that it shows up front.
TEST_F(ApiTest, WeakPasswordsAreRefusedWithAReasonEverywhereAPasswordIsSet) {
  Reply policy = api_.Get("/api/v1/auth/password-policy");
  ASSERT_EQ(policy.status, 200) << policy.Describe();
  EXPECT_EQ(policy.body_json,
            (json{{"min_length", 10}, {"max_length", 256}, {"rejects_common", true}}));

  std::string admin = api_.Login("pan.admin");
  struct Case {
    std::string password;
    std::string reason;
    json params;
  };
  const std::vector<Case> cases = {
      {"short", "password_too_short", {{"min", "10"}}},
      {std::string(300, 'x') + "7Yq", "password_too_long", {{"max", "256"}}},
      {"password1234", "password_common", json::object()},
      {"Panama2024!!", "password_common", json::object()},
      {"P4ssw0rd2024", "password_common", json::object()},
      {"Contraseña2024", "password_common", json::object()},
      {"qwertyuiop", "password_common", json::object()},
  };
  const auto expect_reason = [](const Reply& r, const Case& c, const std::string& where) {
    ExpectJsonError(r, 400, "invalid_argument", "/password");
    EXPECT_EQ(r.body_json["error"].value("reason", ""), c.reason) << where << " " << c.password;
    EXPECT_EQ(r.body_json["error"].value("params", json::object()), c.params) << where;
  };
  for (const Case& c : cases) {
    expect_reason(api_.PostJson("/api/v1/users",
                                {{"username", "weak.user"}, {"display_name", "W"},
                                 {"password", c.password}, {"roles", {"officer"}}},
                                admin),
                  c, "create");
    expect_reason(api_.PatchJson("/api/v1/users/" + officer_.id, {{"password", c.password}}, admin),
                  c, "admin reset");
  }
  std::string officer = api_.Login("pan.officer");
  expect_reason(
      api_.PatchJson("/api/v1/users/" + officer_.id, {{"password", "password1234"}}, officer),
      cases[2], "own change");
  // A passphrase passes.
  Reply ok = api_.PostJson("/api/v1/users",
                           {{"username", "strong.user"}, {"display_name", "S"},
                            {"password", "a long password 1"}, {"roles", {"officer"}}},
                           admin);
  EXPECT_EQ(ok.status, 201) << ok.Describe();
  // The English message stays for API clients.
  Reply common = api_.PatchJson("/api/v1/users/" + officer_.id, {{"password", "password1234"}},
                                officer);
  EXPECT_THAT(common.body_json["error"].value("message", ""), HasSubstr("too common"));
}

// Issue 12: a user's optional home station (preselected on the register form) is a station id,
// shown on every user answer and settable when the user is created or changed.
TEST_F(ApiTest, UsersHaveAnOptionalHomeStationThatMustBeAStation) {
  std::string admin = api_.Login("pan.admin");
  Reply created = api_.PostJson("/api/v1/users",
                                {{"username", "lajas.officer"}, {"display_name", "L"},
                                 {"password", "a long password 1"}, {"roles", {"officer"}},
                                 {"home_station", "ERM-LAJAS-BLANCAS"}},
                                admin);
  ASSERT_EQ(created.status, 201) << created.Describe();
  EXPECT_EQ(created.body_json["home_station"], "ERM-LAJAS-BLANCAS");
  const std::string id = created.body_json["id"];
  Reply login = api_.PostJson("/api/v1/auth/login",
                              {{"username", "lajas.officer"}, {"password", "a long password 1"}});
  ASSERT_EQ(login.status, 200) << login.Describe();
  EXPECT_EQ(login.body_json["user"]["home_station"], "ERM-LAJAS-BLANCAS");
  const std::string token = login.body_json["token"];
  EXPECT_EQ(api_.Get("/api/v1/me", token).body_json["home_station"], "ERM-LAJAS-BLANCAS");
  EXPECT_EQ(api_.Get("/api/v1/users/" + id, admin).body_json["home_station"], "ERM-LAJAS-BLANCAS");
  bool listed = false;
  const Reply users = api_.Get("/api/v1/users", admin);
  for (const auto& u : users.body_json["items"]) {
    if (u["id"] == id) listed = u["home_station"] == "ERM-LAJAS-BLANCAS";
  }
  EXPECT_TRUE(listed);
  // Users without one show null.
  EXPECT_TRUE(api_.Get("/api/v1/me", admin).body_json["home_station"].is_null());

  // Not a station: 400 naming the value.
  Reply bad = api_.PatchJson("/api/v1/users/" + id, {{"home_station", "ERM-NOWHERE"}}, admin);
  ExpectJsonError(bad, 400, "invalid_argument", "/home_station");
  EXPECT_EQ(bad.body_json["error"]["reason"], "unknown_station");
  EXPECT_EQ(bad.body_json["error"]["params"], (json{{"value", "ERM-NOWHERE"}}));
  // The user changes their own; null clears it; absent leaves it.
  Reply moved = api_.PatchJson("/api/v1/users/" + id, {{"home_station", "ERM-SAN-VICENTE"}}, token);
  ASSERT_EQ(moved.status, 200) << moved.Describe();
  EXPECT_EQ(moved.body_json["home_station"], "ERM-SAN-VICENTE");
  EXPECT_EQ(api_.PatchJson("/api/v1/users/" + id, {{"display_name", "L2"}}, admin)
                .body_json["home_station"],
            "ERM-SAN-VICENTE");
  Reply cleared = api_.PatchJson("/api/v1/users/" + id, {{"home_station", nullptr}}, admin);
  ASSERT_EQ(cleared.status, 200) << cleared.Describe();
  EXPECT_TRUE(cleared.body_json["home_station"].is_null());
}

// Issue 12: an organization's default releasability is a preset its admins set; the caller's
// /me carries it for the register form. The server never applies it (migration's tests).
TEST_F(ApiTest, AnAdminSetsTheOrganizationsDefaultReleasability) {
  std::string admin = api_.Login("pan.admin");
  EXPECT_EQ(api_.Get("/api/v1/me", admin).body_json["org_default_releasability"], json::array());
  Reply set = api_.PatchJson("/api/v1/orgs/" + pan_.id,
                             {{"default_releasability", {"usa", "PAN"}}}, admin);
  ASSERT_EQ(set.status, 200) << set.Describe();
  EXPECT_EQ(set.body_json["default_releasability"], json::array({"PAN", "USA"}));
  Reply me = api_.Get("/api/v1/me", api_.Login("pan.officer"));
  EXPECT_EQ(me.body_json["org_default_releasability"], json::array({"PAN", "USA"}));
  bool listed = false;
  const Reply orgs = api_.Get("/api/v1/orgs", admin);
  for (const auto& o : orgs.body_json["items"]) {
    if (o["id"] == pan_.id) listed = o["default_releasability"] == json::array({"PAN", "USA"});
  }
  EXPECT_TRUE(listed);

  Reply bad = api_.PatchJson("/api/v1/orgs/" + pan_.id, {{"default_releasability", {"Panama"}}},
                             admin);
  ExpectJsonError(bad, 400, "invalid_argument", "/default_releasability/0");
  EXPECT_EQ(bad.body_json["error"]["reason"], "invalid_value");
  ExpectJsonError(api_.PatchJson("/api/v1/orgs/" + pan_.id, {{"default_releasability", json::array()}},
                                 api_.Login("usa.admin")),
                  403, "permission_denied");
  ExpectJsonError(api_.PatchJson("/api/v1/orgs/" + pan_.id, {{"default_releasability", json::array()}},
                                 api_.Login("pan.supervisor")),
                  403, "permission_denied");
  Reply absent = api_.PatchJson("/api/v1/orgs/" + core::NewId(),
                                {{"default_releasability", json::array()}}, admin);
  ExpectJsonError(absent, 404, "not_found");
  EXPECT_EQ(absent.body_json["error"]["reason"], "not_found");
  EXPECT_EQ(absent.body_json["error"]["params"], (json{{"object", "organization"}}));
  // Cleared again.
  Reply cleared = api_.PatchJson("/api/v1/orgs/" + pan_.id,
                                 {{"default_releasability", json::array()}}, admin);
  EXPECT_EQ(cleared.body_json["default_releasability"], json::array());
}

// Absent and hidden records answer 404 with reason not_found and the kind of record.
TEST_F(ApiTest, NotFoundNamesTheKindOfRecord) {
  std::string admin = api_.Login("pan.admin");
  Reply user = api_.Get("/api/v1/users/" + usa_admin_.id, admin);  // another organization's
  ExpectJsonError(user, 404, "not_found");
  EXPECT_EQ(user.body_json["error"]["reason"], "not_found");
  EXPECT_EQ(user.body_json["error"]["params"], (json{{"object", "user"}}));
  Reply alert = api_.PostJson("/api/v1/alerts/" + core::NewId() + "/ack", json::object(), admin);
  EXPECT_EQ(alert.status, 404) << alert.Describe();
  EXPECT_EQ(alert.body_json["error"]["params"], (json{{"object", "alert"}}));
  // Field errors carry theirs too.
  Reply missing = api_.PostJson("/api/v1/users",
                                {{"username", "x.user"}, {"password", "a long password 1"},
                                 {"roles", {"officer"}}},
                                admin);
  ExpectJsonError(missing, 400, "invalid_argument", "/display_name");
  EXPECT_EQ(missing.body_json["error"]["reason"], "required");
  Reply long_name = api_.PostJson("/api/v1/users",
                                  {{"username", "x.user"}, {"display_name", std::string(121, 'a')},
                                   {"password", "a long password 1"}, {"roles", {"officer"}}},
                                  admin);
  EXPECT_EQ(long_name.body_json["error"]["reason"], "too_long");
  EXPECT_EQ(long_name.body_json["error"]["params"], (json{{"max", "120"}}));
}

TEST_F(ApiTest, ConcurrentWritesAreAllAcknowledgedAndTheAuditChainHolds) {
  std::string admin = api_.Login("pan.admin");
  constexpr int kThreads = 4;
  constexpr int kPerThread = 8;
  std::vector<std::vector<int>> statuses(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      // One client per thread: clients are not shared across threads.
      istmo::testing::HttpClient client("127.0.0.1", api_.server().port());
      for (int i = 0; i < kPerThread; ++i) {
        json body = {{"username", "par." + std::to_string(t) + "." + std::to_string(i)},
                     {"display_name", "Parallel"},
                     {"password", "a long password 1"},
                     {"roles", {"officer"}}};
        auto res = client.Post("/api/v1/users", body.dump(), {{"Authorization", "Bearer " + admin}});
        statuses[t].push_back(res.status);
      }
    });
  }
  for (auto& th : threads) th.join();
  for (int t = 0; t < kThreads; ++t) {
    EXPECT_EQ(statuses[t], std::vector<int>(kPerThread, 201)) << "thread " << t;
  }
  Reply listed = api_.Get("/api/v1/users", admin);
  ASSERT_EQ(listed.status, 200);
  // SENAFRONT's admin, supervisor and officer, and every user the threads created.
  EXPECT_EQ(listed.body_json["items"].size(), static_cast<std::size_t>(3 + kThreads * kPerThread));
  Reply verify = api_.Get("/api/v1/audit/verify", admin);
  EXPECT_EQ(verify.body_json["ok"], true) << verify.Describe();
  // Every creation left exactly one audit entry, in one unbroken sequence.
  Reply audit = api_.Get("/api/v1/audit?limit=1000", admin);
  int creations = 0;
  for (const auto& e : audit.body_json["items"]) creations += e["action"] == "user.create" ? 1 : 0;
  EXPECT_EQ(creations, kThreads * kPerThread);
}

TEST_F(ApiTest, AdminCannotLockThemselvesOut) {
  std::string admin = api_.Login("pan.admin");
  ExpectJsonError(api_.PatchJson("/api/v1/users/" + admin_.id, {{"disabled", true}}, admin), 409,
                  "conflict", "/disabled");
  ExpectJsonError(api_.PatchJson("/api/v1/users/" + admin_.id, {{"roles", {"officer"}}}, admin),
                  409, "conflict", "/roles");
  EXPECT_EQ(api_.Get("/api/v1/me", admin).status, 200);
}

TEST_F(ApiTest, UsersChangeTheirOwnNameAndPasswordButNotTheirRoles) {
  std::string officer = api_.Login("pan.officer");
  Reply renamed =
      api_.PatchJson("/api/v1/users/" + officer_.id, {{"display_name", "Oficial 1"}}, officer);
  ASSERT_EQ(renamed.status, 200) << renamed.Describe();
  ExpectJsonError(api_.PatchJson("/api/v1/users/" + officer_.id, {{"roles", {"admin"}}}, officer),
                  403, "permission_denied");
  Reply me = api_.Get("/api/v1/me", officer);
  EXPECT_EQ(me.body_json["roles"], json::array({"officer"}));
  // A new password ends the sessions that used the old one.
  ASSERT_EQ(api_.PatchJson("/api/v1/users/" + officer_.id, {{"password", "a brand new password"}},
                           officer)
                .status,
            200);
  EXPECT_EQ(api_.Get("/api/v1/me", officer).status, 401);
  EXPECT_FALSE(api_.Login("pan.officer", "a brand new password").empty());
}

TEST_F(ApiTest, AuditListIsNewestFirstAndOfTheOwnOrganization) {
  std::string admin = api_.Login("pan.admin");
  std::string usa_admin = api_.Login("usa.admin");
  ASSERT_EQ(api_.PostJson("/api/v1/users",
                          {{"username", "audited.one"},
                           {"display_name", "A"},
                           {"password", "a long password 1"},
                           {"roles", {"officer"}}},
                          admin)
                .status,
            201);
  ASSERT_EQ(api_.PostJson("/api/v1/users",
                          {{"username", "usa.other"},
                           {"display_name", "U"},
                           {"password", "a long password 1"},
                           {"roles", {"officer"}}},
                          usa_admin)
                .status,
            201);
  std::string supervisor = api_.Login("pan.supervisor");

  Reply r = api_.Get("/api/v1/audit", supervisor);
  ASSERT_EQ(r.status, 200) << r.Describe();
  const json& items = r.body_json["items"];
  ASSERT_GE(items.size(), 3u);
  std::int64_t previous = INT64_MAX;
  std::vector<std::string> actions;
  for (const auto& e : items) {
    EXPECT_LT(e["seq"].get<std::int64_t>(), previous) << "not newest first";
    previous = e["seq"];
    EXPECT_EQ(e["actor_org"], pan_.id) << e.dump();
    EXPECT_EQ(e["hash"].get<std::string>().size(), 64u);
    actions.push_back(e["action"]);
  }
  // Newest first: the supervisor's own login, then the admin's user.create before it.
  EXPECT_EQ(actions.front(), "auth.login");
  EXPECT_EQ(items[0]["actor"], "pan.supervisor");
  EXPECT_NE(std::find(actions.begin(), actions.end(), "user.create"), actions.end());

  // Paging with before_seq continues where the first page ended.
  Reply page1 = api_.Get("/api/v1/audit?limit=2", supervisor);
  ASSERT_EQ(page1.status, 200);
  ASSERT_EQ(page1.body_json["items"].size(), 2u);
  std::int64_t next = page1.body_json["next_before_seq"];
  EXPECT_EQ(next, page1.body_json["items"][1]["seq"].get<std::int64_t>());
  Reply page2 = api_.Get("/api/v1/audit?limit=2&before_seq=" + std::to_string(next), supervisor);
  ASSERT_EQ(page2.status, 200);
  ASSERT_FALSE(page2.body_json["items"].empty());
  EXPECT_EQ(page2.body_json["items"][0]["seq"], items[2]["seq"]);

  ExpectJsonError(api_.Get("/api/v1/audit?limit=0", supervisor), 400, "invalid_argument", "?limit");
  ExpectJsonError(api_.Get("/api/v1/audit?limit=ten", supervisor), 400, "invalid_argument",
                  "?limit");
  ExpectJsonError(api_.Get("/api/v1/audit", api_.Login("pan.officer")), 403, "permission_denied");
}

TEST_F(ApiTest, AuditVerifyIsOkForAnAdmin) {
  std::string admin = api_.Login("pan.admin");
  Reply r = api_.Get("/api/v1/audit/verify", admin);
  ASSERT_EQ(r.status, 200) << r.Describe();
  EXPECT_EQ(r.body_json["ok"], true);
  EXPECT_GE(r.body_json["entries"].get<std::int64_t>(), 7);  // 2 orgs, 4 users, 1 login
  EXPECT_TRUE(r.body_json["first_bad_seq"].is_null());
  EXPECT_EQ(r.body_json["reason"], "");
}

TEST_F(ApiTest, AlertsAreListedAndAcknowledgedByReleasability) {
  auto insert = [&](const std::string& owner, std::vector<std::string> rel,
                    const std::string& title) {
    auto a = api_.store().Write<store::Alert>([&](store::Connection& tx) {
      return store::InsertAlert(tx,
                                {.owner_org = owner,
                                 .releasability = rel,
                                 .module = "maritime",
                                 .kind = "dark_gap",
                                 .severity = "warning",
                                 .title = title,
                                 .detail = R"({"mmsi":"352001234"})"},
                                api_.clock().Now());
    });
    EXPECT_TRUE(a) << a.error().ToString();
    api_.clock().Advance(std::chrono::seconds(1));
    return a.value_or(store::Alert{});
  };
  store::Alert own = insert(pan_.id, {}, "own");
  store::Alert hidden = insert(usa_.id, {}, "usa only");
  store::Alert released = insert(usa_.id, {"PAN"}, "usa released to PAN");
  (void)hidden;

  std::string supervisor = api_.Login("pan.supervisor");
  Reply list = api_.Get("/api/v1/alerts", supervisor);
  ASSERT_EQ(list.status, 200) << list.Describe();
  std::vector<std::string> ids;
  for (const auto& a : list.body_json["items"]) ids.push_back(a["id"]);
  EXPECT_EQ(ids, (std::vector<std::string>{released.id, own.id}));  // newest first, no hidden
  EXPECT_EQ(list.body_json["items"][0]["detail"]["mmsi"], "352001234");
  EXPECT_EQ(list.body_json["items"][0]["releasability"], json::array({"PAN"}));

  Reply acked = api_.Send(
      {.method = "POST", .path = "/api/v1/alerts/" + own.id + "/ack", .token = supervisor});
  ASSERT_EQ(acked.status, 200) << acked.Describe();
  EXPECT_EQ(acked.body_json["status"], "acknowledged");
  EXPECT_EQ(acked.body_json["acknowledged_by"], "pan.supervisor");
  EXPECT_EQ(acked.body_json["acknowledged_at"], core::FormatIso8601(api_.clock().Now()));
  ExpectJsonError(
      api_.Send(
          {.method = "POST", .path = "/api/v1/alerts/" + own.id + "/ack", .token = supervisor}),
      409, "conflict", "/status");
  // Released to Panama but owned by the U.S. organization: visible, not Panama's to acknowledge.
  ExpectJsonError(api_.Send({.method = "POST",
                             .path = "/api/v1/alerts/" + released.id + "/ack",
                             .token = supervisor}),
                  403, "permission_denied");
  ExpectJsonError(
      api_.Send(
          {.method = "POST", .path = "/api/v1/alerts/" + hidden.id + "/ack", .token = supervisor}),
      404, "not_found");
  ExpectJsonError(api_.Send({.method = "POST",
                             .path = "/api/v1/alerts/" + core::NewId() + "/ack",
                             .token = supervisor}),
                  404, "not_found");

  Reply open = api_.Get("/api/v1/alerts?status=open", supervisor);
  ASSERT_EQ(open.status, 200);
  ASSERT_EQ(open.body_json["items"].size(), 1u);
  EXPECT_EQ(open.body_json["items"][0]["id"], released.id);
  ExpectJsonError(api_.Get("/api/v1/alerts?status=pending", supervisor), 400, "invalid_argument",
                  "?status");
  ExpectJsonError(api_.Get("/api/v1/alerts?limit=501", supervisor), 400, "invalid_argument",
                  "?limit");

  // The acknowledgement is in the audit log.
  Reply audit = api_.Get("/api/v1/audit?limit=5", supervisor);
  bool found = false;
  for (const auto& e : audit.body_json["items"]) {
    found = found || (e["action"] == "alert.acknowledge" && e["object_id"] == own.id);
  }
  EXPECT_TRUE(found) << audit.Describe();
}

// Issue 14's triage over HTTP: one alert, dismiss, snooze, filters and suppressions, each change
// audited; another organization's alert looks absent.
class AlertTriageTest : public ApiTest {
 protected:
  store::Alert Insert(const std::string& owner, std::vector<std::string> rel,
                      const std::string& kind, const std::string& severity,
                      const std::string& subject) {
    auto a = api_.store().Write<store::Raised>([&](store::Connection& tx) {
      return store::RaiseAlert(tx,
                               {.owner_org = owner,
                                .releasability = std::move(rel),
                                .module = "maritime",
                                .kind = kind,
                                .severity = severity,
                                .title = kind,
                                .detail = R"({"code":"maritime_)" + kind + R"("})",
                                .dedupe_key = kind + ":" + subject,
                                .subject = subject},
                               api_.clock().Now());
    });
    EXPECT_TRUE(a) << a.error().ToString();
    api_.clock().Advance(std::chrono::seconds(1));
    return a.value_or(store::Raised{}).alert;
  }
  Reply Post(const std::string& path, const json& body, const std::string& token) {
    return api_.PostJson(path, body, token);
  }
  Reply Delete(const std::string& path, const std::string& token) {
    return api_.Send({.method = "DELETE", .path = path, .token = token});
  }
  // The audit actions on `object_id`, newest first.
  std::vector<std::string> Audited(const std::string& object_id, const std::string& token) {
    std::vector<std::string> out;
    Reply audit = api_.Get("/api/v1/audit?limit=100", token);
    for (const auto& e : audit.body_json["items"]) {
      if (e["object_id"] == object_id) out.push_back(e["action"]);
    }
    return out;
  }
};

TEST_F(AlertTriageTest, OneAlertIsDismissedWithAReasonAndAudited) {
  store::Alert own = Insert(pan_.id, {}, "gap", "critical", "mmsi:538001234");
  store::Alert released = Insert(usa_.id, {"PAN"}, "loitering", "warning", "mmsi:538005555");
  store::Alert hidden = Insert(usa_.id, {}, "go_fast", "critical", "mmsi:538009999");
  const std::string officer = api_.Login("pan.officer");
  const std::string supervisor = api_.Login("pan.supervisor");

  Reply one = api_.Get("/api/v1/alerts/" + own.id, officer);
  ASSERT_EQ(one.status, 200) << one.Describe();
  EXPECT_EQ(one.body_json["subject"], "mmsi:538001234");
  EXPECT_EQ(one.body_json["occurrences"], 1);
  EXPECT_EQ(one.body_json["updated_at"], one.body_json["created_at"]);
  for (const char* field :
       {"resolution", "resolution_note", "case_id", "closed_by", "closed_at", "snoozed_until"}) {
    EXPECT_TRUE(one.body_json[field].is_null()) << field;
  }
  EXPECT_EQ(api_.Get("/api/v1/alerts/" + released.id, officer).status, 200);
  // Another organization's alert, not released: absent, whatever the action.
  ExpectJsonError(api_.Get("/api/v1/alerts/" + hidden.id, officer), 404, "not_found");
  ExpectJsonError(Post("/api/v1/alerts/" + hidden.id + "/dismiss", {{"reason", "x"}}, officer), 404,
                  "not_found");
  ExpectJsonError(Post("/api/v1/alerts/" + hidden.id + "/snooze", {{"minutes", 5}}, officer), 404,
                  "not_found");
  ExpectJsonError(Delete("/api/v1/alerts/" + hidden.id + "/snooze", officer), 404, "not_found");
  // Released to Panama, owned by the U.S.: seen, not Panama's to work.
  ExpectJsonError(Post("/api/v1/alerts/" + released.id + "/dismiss", {{"reason", "x"}}, officer),
                  403, "permission_denied");

  Reply dismissed =
      Post("/api/v1/alerts/" + own.id + "/dismiss", {{"reason", "SENAN patrol boat"}}, officer);
  ASSERT_EQ(dismissed.status, 200) << dismissed.Describe();
  EXPECT_EQ(dismissed.body_json["status"], "closed");
  EXPECT_EQ(dismissed.body_json["resolution"], "dismissed");
  EXPECT_EQ(dismissed.body_json["resolution_note"], "SENAN patrol boat");
  EXPECT_EQ(dismissed.body_json["closed_by"], "pan.officer");
  EXPECT_EQ(dismissed.body_json["closed_at"], core::FormatIso8601(api_.clock().Now()));
  Reply again = Post("/api/v1/alerts/" + own.id + "/dismiss", {{"reason", "again"}}, officer);
  ExpectJsonError(again, 409, "conflict", "/status");
  EXPECT_EQ(again.body_json["error"].value("reason", ""), "not_open");
  EXPECT_EQ(Audited(own.id, supervisor), std::vector<std::string>{"alert.dismiss"});
}

TEST_F(AlertTriageTest, SnoozedAlertsLeaveTheDefaultListAndFiltersNarrowIt) {
  store::Alert gap = Insert(pan_.id, {}, "gap", "critical", "mmsi:538001234");
  store::Alert loiter = Insert(pan_.id, {}, "loitering", "warning", "mmsi:538005555");
  store::Alert info = Insert(pan_.id, {}, "not_available", "info", "mmsi:538005555");
  const std::string officer = api_.Login("pan.officer");
  const std::string supervisor = api_.Login("pan.supervisor");
  const auto ids = [&](const std::string& query) {
    Reply r = api_.Get("/api/v1/alerts" + query, officer);
    EXPECT_EQ(r.status, 200) << r.Describe();
    std::vector<std::string> out;
    for (const auto& a : r.body_json["items"]) out.push_back(a["id"]);
    return out;
  };
  EXPECT_EQ(ids(""), (std::vector<std::string>{info.id, loiter.id, gap.id}));

  Reply snoozed = Post("/api/v1/alerts/" + gap.id + "/snooze", {{"minutes", 90}}, officer);
  ASSERT_EQ(snoozed.status, 200) << snoozed.Describe();
  EXPECT_EQ(snoozed.body_json["snoozed_until"],
            core::FormatIso8601(api_.clock().Now() + std::chrono::minutes(90)));
  EXPECT_EQ(ids(""), (std::vector<std::string>{info.id, loiter.id}));
  EXPECT_EQ(ids("?snoozed=exclude"), (std::vector<std::string>{info.id, loiter.id}));
  EXPECT_EQ(ids("?snoozed=only"), std::vector<std::string>{gap.id});
  EXPECT_EQ(ids("?snoozed=include&severity=critical"), std::vector<std::string>{gap.id});
  EXPECT_EQ(ids("?kind=loitering"), std::vector<std::string>{loiter.id});
  EXPECT_EQ(ids("?subject=mmsi:538005555&severity=info"), std::vector<std::string>{info.id});
  EXPECT_EQ(ids("?module=canal"), std::vector<std::string>{});

  Reply lifted = Delete("/api/v1/alerts/" + gap.id + "/snooze", officer);
  ASSERT_EQ(lifted.status, 200) << lifted.Describe();
  EXPECT_TRUE(lifted.body_json["snoozed_until"].is_null());
  EXPECT_EQ(ids("").size(), 3u);
  EXPECT_EQ(Audited(gap.id, supervisor),
            (std::vector<std::string>{"alert.unsnooze", "alert.snooze"}));
}

TEST_F(AlertTriageTest, SuppressionsAreMadeListedAndLiftedByTheOrganizationsSupervisors) {
  const std::string officer = api_.Login("pan.officer");
  const std::string supervisor = api_.Login("pan.supervisor");
  const std::string usa_admin = api_.Login("usa.admin");
  const json body = {{"module", "maritime"},
                     {"subject", "mmsi:538001234"},
                     {"kind", "loitering"},
                     {"reason", "Research vessel on survey"},
                     {"days", 30}};
  ExpectJsonError(Post("/api/v1/alerts/suppressions", body, officer), 403, "permission_denied");
  Reply made = Post("/api/v1/alerts/suppressions", body, supervisor);
  ASSERT_EQ(made.status, 201) << made.Describe();
  EXPECT_EQ(made.body_json["owner_org"], pan_.id);
  EXPECT_EQ(made.body_json["kind"], "loitering");
  EXPECT_EQ(made.body_json["created_by"], "pan.supervisor");
  EXPECT_EQ(made.body_json["until"],
            core::FormatIso8601(api_.clock().Now() + std::chrono::days(30)));
  Reply every_kind = Post(
      "/api/v1/alerts/suppressions",
      {{"module", "maritime"}, {"subject", "mmsi:538007777"}, {"reason", "Our own patrol boat"}},
      supervisor);
  ASSERT_EQ(every_kind.status, 201) << every_kind.Describe();
  EXPECT_TRUE(every_kind.body_json["kind"].is_null());
  EXPECT_TRUE(every_kind.body_json["until"].is_null());
  Reply twice = Post("/api/v1/alerts/suppressions", body, supervisor);
  ExpectJsonError(twice, 409, "conflict", "/subject");
  EXPECT_EQ(twice.body_json["error"].value("reason", ""), "duplicate");

  // Suppressed: the detector's next raise for the vessel writes nothing.
  auto raised = api_.store().Write<store::Raised>([&](store::Connection& tx) {
    return store::RaiseAlert(tx,
                             {.owner_org = pan_.id,
                              .module = "maritime",
                              .kind = "loitering",
                              .severity = "warning",
                              .title = "Loitering",
                              .dedupe_key = "loitering:538001234",
                              .subject = "mmsi:538001234"},
                             api_.clock().Now());
  });
  ASSERT_TRUE(raised);
  EXPECT_EQ(raised->outcome, store::RaiseOutcome::kSuppressed);

  Reply listed = api_.Get("/api/v1/alerts/suppressions?module=maritime", officer);
  ASSERT_EQ(listed.status, 200) << listed.Describe();
  EXPECT_EQ(listed.body_json["items"].size(), 2u);
  EXPECT_EQ(api_.Get("/api/v1/alerts/suppressions", usa_admin).body_json["items"].size(), 0u);

  const std::string id = made.body_json["id"];
  ExpectJsonError(Delete("/api/v1/alerts/suppressions/" + id, usa_admin), 404, "not_found");
  ExpectJsonError(Delete("/api/v1/alerts/suppressions/" + id, officer), 403, "permission_denied");
  EXPECT_EQ(Delete("/api/v1/alerts/suppressions/" + id, supervisor).status, 204);
  Reply gone = Delete("/api/v1/alerts/suppressions/" + id, supervisor);
  ExpectJsonError(gone, 404, "not_found");
  EXPECT_EQ(gone.body_json["error"]["params"].value("object", ""), "suppression");
  EXPECT_EQ(api_.Get("/api/v1/alerts/suppressions", officer).body_json["items"].size(), 1u);
  EXPECT_EQ(Audited(id, supervisor),
            (std::vector<std::string>{"alert.suppression.lift", "alert.suppression.create"}));
}

// Every new alert route answers bad input with a 400 that names the field.
TEST_F(AlertTriageTest, BadInputToEveryNewRouteNamesTheField) {
  store::Alert own = Insert(pan_.id, {}, "gap", "critical", "mmsi:538001234");
  const std::string supervisor = api_.Login("pan.supervisor");
  struct Bad {
    std::string method, path;
    json body;
    std::string field;
  };
  const std::string alert = "/api/v1/alerts/" + own.id;
  const json suppression = {{"module", "maritime"}, {"subject", "mmsi:1"}, {"reason", "r"}};
  const auto with = [&](const char* key, json value) {
    json b = suppression;
    b[key] = std::move(value);
    return b;
  };
  const auto without = [&](const char* key) {
    json b = suppression;
    b.erase(key);
    return b;
  };
  const std::vector<Bad> cases = {
      {"GET", "/api/v1/alerts?snoozed=sometimes", nullptr, "?snoozed"},
      {"GET", "/api/v1/alerts?severity=high", nullptr, "?severity"},
      {"GET", "/api/v1/alerts?module=weather", nullptr, "?module"},
      {"GET", "/api/v1/alerts?kind=" + std::string(65, 'k'), nullptr, "?kind"},
      {"GET", "/api/v1/alerts?subject=" + std::string(201, 's'), nullptr, "?subject"},
      {"GET", "/api/v1/alerts?status=new", nullptr, "?status"},
      {"GET", "/api/v1/alerts/suppressions?module=weather", nullptr, "?module"},
      {"POST", alert + "/dismiss", json::object(), "/reason"},
      {"POST", alert + "/dismiss", {{"reason", ""}}, "/reason"},
      {"POST", alert + "/dismiss", {{"reason", std::string(501, 'r')}}, "/reason"},
      {"POST", alert + "/dismiss", {{"reason", 5}}, "/reason"},
      {"POST", alert + "/dismiss", {{"reason", "ok"}, {"note", "x"}}, "/note"},
      {"POST", alert + "/snooze", json::object(), "/minutes"},
      {"POST", alert + "/snooze", {{"minutes", 0}}, "/minutes"},
      {"POST", alert + "/snooze", {{"minutes", 10081}}, "/minutes"},
      {"POST", alert + "/snooze", {{"minutes", "60"}}, "/minutes"},
      {"POST", "/api/v1/alerts/suppressions", without("module"), "/module"},
      {"POST", "/api/v1/alerts/suppressions", with("module", "weather"), "/module"},
      {"POST", "/api/v1/alerts/suppressions", without("subject"), "/subject"},
      {"POST", "/api/v1/alerts/suppressions", with("subject", std::string(201, 's')), "/subject"},
      {"POST", "/api/v1/alerts/suppressions", with("kind", "Gap!"), "/kind"},
      {"POST", "/api/v1/alerts/suppressions", without("reason"), "/reason"},
      {"POST", "/api/v1/alerts/suppressions", with("reason", std::string(501, 'r')), "/reason"},
      {"POST", "/api/v1/alerts/suppressions", with("days", 0), "/days"},
      {"POST", "/api/v1/alerts/suppressions", with("days", 366), "/days"},
      {"POST", "/api/v1/alerts/suppressions", with("days", 1.5), "/days"},
  };
  for (const Bad& b : cases) {
    SCOPED_TRACE(b.method + " " + b.path + " " + (b.body.is_null() ? "" : b.body.dump()));
    Reply r = api_.Send(
        {.method = b.method,
         .path = b.path,
         .token = supervisor,
         .body = b.body.is_null() ? std::nullopt : std::optional<std::string>(b.body.dump())});
    ExpectJsonError(r, 400, "invalid_argument", b.field);
  }
  // Nothing was changed by any of them.
  Reply after = api_.Get(alert, supervisor);
  EXPECT_EQ(after.body_json["status"], "open");
  EXPECT_TRUE(after.body_json["snoozed_until"].is_null());
  EXPECT_EQ(api_.Get("/api/v1/alerts/suppressions", supervisor).body_json["items"].size(), 0u);
}

// Who owns the maritime detectors' alerts: `make run` sets SENAN, released to PAN and USA.
TEST_F(ApiTest, MaritimeAlertsBelongToTheConfiguredOrganization) {
  const auto options = [&](std::vector<std::pair<std::string, std::string>> settings) {
    core::Config config;
    for (const auto& [key, value] : settings) config.Set(key, value);
    return app::MaritimeAlertOptions(config, api_.auth());
  };
  const auto on = options(
      {{"maritime.alerts_owner", "SENAFRONT"}, {"maritime.alerts_releasability", "usa, PAN"}});
  EXPECT_EQ(on.owner_org, pan_.id);
  EXPECT_EQ(on.releasability, (std::vector<std::string>{"PAN", "USA"}));
  EXPECT_EQ(options({{"maritime.alerts_owner", pan_.id}}).owner_org, pan_.id);  // or its id
  EXPECT_TRUE(options({{"maritime.alerts_owner", "SENAFRONT"}}).releasability.empty());
  // Off, each logged: no owner, an unknown one, a bad releasability.
  EXPECT_TRUE(options({}).owner_org.empty());
  EXPECT_TRUE(options({{"maritime.alerts_owner", "NAVY"}}).owner_org.empty());
  EXPECT_TRUE(
      options({{"maritime.alerts_owner", "SENAFRONT"}, {"maritime.alerts_releasability", "PANAMA"}})
          .owner_org.empty());
}

class GeoTest : public ::testing::Test {
 protected:
  static HarnessOptions Options(const istmo::testing::TempDir& data) {
    return {.data_dir = (data.path() / "data").string()};
  }
  void SetUp() override {
    ASSERT_TRUE(api_.ready());
    WriteFile(data_.path() / "data" / "geo" / "zones.geojson", kZones);
    WriteFile(data_.path() / "data" / "geo" / "stations.geojson", kStations);
    WriteFile(data_.path() / "data" / "geo" / "README.md", "not a layer");
    // Files beside and above geo/ that a crafted name must never reach.
    WriteFile(data_.path() / "data" / "secret.geojson", kSecret);
    WriteFile(data_.path() / "secret.geojson", kSecret);
    auto org = api_.AddOrg("SENAN", "PAN", "aeronaval");
    api_.AddUser(org.id, "senan.analyst", Role::kAnalyst);
    token_ = api_.Login("senan.analyst");
  }

  static constexpr const char* kZones =
      R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"EEZ"},)"
      R"("geometry":{"type":"Point","coordinates":[-79.5,8.9]}}]})";
  static constexpr const char* kStations = R"({"type":"FeatureCollection","features":[]})";
  static constexpr const char* kSecret = R"({"secret":"must not be served"})";

  istmo::testing::TempDir data_;
  ApiHarness api_{Options(data_)};
  std::string token_;
};

TEST_F(GeoTest, ListsAndServesTheShippedLayers) {
  Reply layers = api_.Get("/api/v1/geo/layers", token_);
  ASSERT_EQ(layers.status, 200) << layers.Describe();
  std::vector<std::string> names;
  for (const auto& l : layers.body_json["items"]) names.push_back(l["name"]);
  EXPECT_EQ(names, (std::vector<std::string>{"stations", "zones"}));

  Reply zones = api_.Get("/api/v1/geo/zones", token_);
  ASSERT_EQ(zones.status, 200) << zones.Describe();
  EXPECT_EQ(zones.body, kZones);
  EXPECT_THAT(zones.content_type, HasSubstr("application/geo+json"));
  ExpectJsonError(api_.Get("/api/v1/geo/rivers", token_), 404, "not_found");
  EXPECT_EQ(api_.Get("/api/v1/geo/zones").status, 401);
}

TEST_F(GeoTest, NamesThatClimbOutOfTheFolderAreRefused) {
  for (const std::string& path :
       {std::string("/api/v1/geo/..%2Fsecret"), std::string("/api/v1/geo/..%2F..%2Fsecret"),
        std::string("/api/v1/geo/../secret"), std::string("/api/v1/geo/..%2f..%2fsecret"),
        std::string("/api/v1/geo/%2E%2E%2Fsecret"), std::string("/api/v1/geo/.."),
        std::string("/api/v1/geo/..%5Csecret"), std::string("/api/v1/geo/%2Fetc%2Fpasswd"),
        std::string("/api/v1/geo/zones%00"), std::string("/api/v1/geo/ZONES"),
        std::string("/api/v1/geo/README.md")}) {
    Reply r = api_.Get(path, token_);
    EXPECT_TRUE(r.status == 400 || r.status == 404) << path << " -> " << r.Describe();
    EXPECT_EQ(r.body.find("must not be served"), std::string::npos) << path;
    EXPECT_TRUE(r.body_json.contains("error")) << path << " -> " << r.Describe();
  }
}

TEST(ApiGeo, NoDataFolderMeansNoLayers) {
  ApiHarness api({.data_dir = "/nonexistent/istmo-data"});
  ASSERT_TRUE(api.ready());
  auto org = api.AddOrg("SENAN", "PAN", "aeronaval");
  api.AddUser(org.id, "senan.analyst", Role::kAnalyst);
  std::string token = api.Login("senan.analyst");
  Reply r = api.Get("/api/v1/geo/layers", token);
  ASSERT_EQ(r.status, 200) << r.Describe();
  EXPECT_EQ(r.body_json["items"], json::array());
  EXPECT_EQ(api.Get("/api/v1/geo/zones", token).status, 404);
}

class WebAppTest : public ::testing::Test {
 protected:
  static HarnessOptions Options(const istmo::testing::TempDir& web) {
    WriteFile(web.path() / "index.html", kIndex);
    WriteFile(web.path() / "assets" / "app.js", "console.log('istmo');\n");
    return {.web_dir = web.path().string()};
  }
  static constexpr const char* kIndex = "<!doctype html><title>Istmo</title><div id=app></div>";

  istmo::testing::TempDir web_;
  ApiHarness api_{Options(web_)};
};

TEST_F(WebAppTest, AppPathsFallBackToIndexHtml) {
  ASSERT_TRUE(api_.ready());
  for (const char* path : {"/", "/some/page", "/alerts", "/admin/users"}) {
    Reply r = api_.Get(path);
    EXPECT_EQ(r.status, 200) << path << " -> " << r.Describe();
    EXPECT_EQ(r.body, kIndex) << path;
    EXPECT_THAT(r.content_type, HasSubstr("text/html")) << path;
  }
  Reply js = api_.Get("/assets/app.js");
  EXPECT_EQ(js.status, 200);
  EXPECT_EQ(js.body, "console.log('istmo');\n");
}

// server.h: every request gets a request id, the web app's files and fallback page included.
TEST_F(WebAppTest, WebFilesCarryARequestId) {
  ASSERT_TRUE(api_.ready());
  for (const char* path : {"/", "/some/page", "/assets/app.js"}) {
    Reply r = api_.Get(path);
    EXPECT_EQ(r.status, 200) << path;
    EXPECT_TRUE(core::IsUuid(r.Header("X-Request-Id")))
        << path << ": '" << r.Header("X-Request-Id") << "'";
    EXPECT_EQ(r.headers.count("X-Request-Id"), 1u) << path;
    Reply sane = api_.Send({.path = path, .headers = {{"X-Request-Id", "web-trace-0001"}}});
    EXPECT_EQ(sane.Header("X-Request-Id"), "web-trace-0001") << path;
  }
}

TEST_F(WebAppTest, ApiPathsStayJson404) {
  ASSERT_TRUE(api_.ready());
  for (const char* path : {"/api/nope", "/api/v1/nope", "/api"}) {
    Reply r = api_.Get(path);
    ExpectJsonError(r, 404, "not_found");
    EXPECT_EQ(r.body.find("<!doctype"), std::string::npos) << path;
  }
  // The API itself still answers beside the web app.
  EXPECT_EQ(api_.Get("/healthz").status, 200);
}

// Mounted files are served before routes: a web folder holding a file named like a route would
// answer in the API's place, so the server refuses it.
TEST(WebAppFolder, AFileNamedLikeARouteIsRefused) {
  for (const char* name : {"api/openapi.json", "healthz", "metrics"}) {
    istmo::testing::TempDir web;
    WriteFile(web.path() / "index.html", "<!doctype html>");
    WriteFile(web.path() / name, "shadow");
    auto store = store::Store::Open({.url = web.File("s.db")}, app::AllMigrations());
    ASSERT_TRUE(store) << store.error().ToString();
    core::FakeClock clock{core::FromUnixSeconds(1724162580)};
    auth::AuthService auth(**store, clock, {});
    app::Services services(**store, auth, clock, "");
    services.faces = std::make_shared<biometrics::FaceService>(**store, biometrics::FaceServiceOptions{});
    auto server = Server::Create({.host = "127.0.0.1", .port = 0, .web_dir = web.path().string()},
                                 app::AllRoutes(services, "test"), NoAuth(), services.metrics);
    ASSERT_FALSE(server) << name;
    EXPECT_EQ(server.error().field, "server.web_dir") << name;
    EXPECT_THAT(server.error().message, HasSubstr("shadow")) << name;
  }
}

}  // namespace
}  // namespace istmo::api::testing

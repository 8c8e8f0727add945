// The platform's routes: login/logout, the caller, organizations, users, audit, alerts, geo
// layers, health and metrics.
#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <future>
#include <mutex>
#include <optional>
#include <span>
#include <sstream>

#include "api/json_body.h"
#include "app/services.h"
#include "auth/json.h"
#include "core/id.h"
#include "core/log.h"
#include "migration/encounters.h"
#include "store/alerts.h"
#include "store/audit.h"
#include "store/outbox.h"

namespace istmo::app {

using api::Access;
using api::JsonBody;
using api::ParseLoginRequest;
using api::ParseNewUserRequest;
using api::ParseUserPatchRequest;
using api::Request;
using api::Response;
using api::Roles;
using api::Route;

namespace {

using nlohmann::json;
using store::Role;

// A user as auth keeps it, with its organization when the caller is that user (login, /me).
json UserJson(const auth::User& u, const std::optional<auth::Organization>& org) {
  json j = auth::UserJson(u);
  if (org) {
    j["org"] = {{"id", org->id}, {"name", org->name}, {"full_name", org->full_name},
                {"country", org->country}, {"kind", org->kind},
                {"default_releasability", org->default_releasability}};
    // The register form's preset (shown as the organization's default, never applied unseen).
    j["org_default_releasability"] = org->default_releasability;
  }
  return j;
}

// A user's home station names one of migration's stations. auth keeps it as an opaque id (it
// knows no module); the composition root, which knows both, checks it here. "" is none.
core::Status CheckHomeStation(store::Store& store, const std::optional<std::string>& station) {
  if (!station || station->empty()) return core::Ok();
  ISTMO_ASSIGN_OR_RETURN(auto stations, store.Read<std::vector<migration::Station>>(
                                            [](store::Connection& c) {
                                              return migration::ListStations(c);
                                            }));
  for (const auto& st : stations) {
    if (st.id == *station) return core::Ok();
  }
  return core::WithReason(
      core::InvalidArgument("no reception station '" + station->substr(0, 40) + "'",
                            "/home_station"),
      "unknown_station", {{"value", station->substr(0, 40)}});
}

json AlertJson(const store::Alert& a) {
  json detail = json::parse(a.detail, nullptr, false);
  if (detail.is_discarded()) detail = json::object();
  json j = {
      {"id", a.id},
      {"created_at", core::FormatIso8601(a.created_at)},
      {"owner_org", a.owner_org},
      {"releasability", a.releasability},
      {"module", a.module},
      {"kind", a.kind},
      {"severity", a.severity},
      {"title", a.title},
      {"detail", detail},
      {"status", a.status},
      {"acknowledged_by", a.acknowledged_by.empty() ? json(nullptr) : json(a.acknowledged_by)},
      {"acknowledged_at",
       a.acknowledged_at ? json(core::FormatIso8601(*a.acknowledged_at)) : json(nullptr)},
      {"assigned_to",
       a.assigned_to.empty()
           ? json(nullptr)
           : json{{"user_id", a.assigned_to},
                  {"username", a.assigned_username},
                  {"by", a.assigned_by},
                  {"at", a.assigned_at ? core::FormatIso8601(*a.assigned_at) : std::string()}}}};
  const auto text = [](const std::string& v) { return v.empty() ? json(nullptr) : json(v); };
  const auto time = [](const std::optional<core::Timestamp>& t) {
    return t ? json(core::FormatIso8601(*t)) : json(nullptr);
  };
  j["subject"] = text(a.subject);
  j["updated_at"] = core::FormatIso8601(a.updated_at);
  j["occurrences"] = a.occurrences;
  j["resolution"] = text(a.resolution);
  j["resolution_note"] = text(a.resolution_note);
  j["case_id"] = text(a.case_id);
  j["closed_by"] = text(a.closed_by);
  j["closed_at"] = time(a.closed_at);
  j["snoozed_until"] = time(a.snoozed_until);
  return j;
}

json SuppressionJson(const store::AlertSuppression& x) {
  return {{"id", x.id},
          {"owner_org", x.owner_org},
          {"module", x.module},
          {"subject", x.subject},
          {"kind", x.kind.empty() ? json(nullptr) : json(x.kind)},
          {"reason", x.reason},
          {"created_by", x.created_by},
          {"created_at", core::FormatIso8601(x.created_at)},
          {"until", x.until ? json(core::FormatIso8601(*x.until)) : json(nullptr)}};
}

// The modules that raise alerts (store/alerts.cc's list) and the severities, for ?module=.
constexpr std::array<std::string_view, 5> kAlertModules = {"migration", "maritime", "canal",
                                                           "cooperation", "biometrics"};

// One of `allowed` for the query parameter `name` ("" when absent), else 400 naming it.
core::Result<std::string> QueryChoice(const Request& r, const std::string& name,
                                      std::span<const std::string_view> allowed) {
  std::string value = r.QueryParam(name).value_or("");
  if (value.empty()) return value;
  std::string names;
  for (std::string_view a : allowed) {
    if (a == value) return value;
    names += (names.empty() ? "" : ", ") + std::string(a);
  }
  return core::WithReason(core::InvalidArgument("must be one of " + names, "?" + name),
                          "invalid_value");
}

// A short identifier of a query (?kind=, ?subject=): at most `max` bytes of text.
core::Result<std::string> QueryText(const Request& r, const std::string& name, std::size_t max) {
  std::string value = r.QueryParam(name).value_or("");
  if (value.size() > max) {
    return core::WithReason(
        core::InvalidArgument("must be at most " + std::to_string(max) + " bytes", "?" + name),
        "too_long", {{"max", std::to_string(max)}});
  }
  ISTMO_RETURN_IF_ERROR(api::CheckText(value, "?" + name));
  return value;
}

// An alert change by the caller, with its audit entry and outbox event in the same transaction
// (the acknowledgement's pattern): `change` does it in the store and returns the alert.
template <class F>
core::Result<store::Alert> ChangeAlert(Services& s, Request& r, const char* action,
                                       const std::function<json(const store::Alert&)>& detail,
                                       F change) {
  return s.store.Write<store::Alert>([&](store::Connection& tx) -> core::Result<store::Alert> {
    ISTMO_ASSIGN_OR_RETURN(store::Alert a, change(tx));
    ISTMO_RETURN_IF_ERROR(store::RecordChange(
        tx, r.Scope(),
        {.action = action,
         .object_type = "alert",
         .object_id = a.id,
         .detail = detail(a).dump(-1, ' ', false, json::error_handler_t::replace),
         .body = AlertJson(a).dump(-1, ' ', false, json::error_handler_t::replace)},
        s.clock.Now()));
    return a;
  });
}

json AlertCommentJson(const store::AlertComment& k) {
  return {{"id", k.id},
          {"alert_id", k.alert_id},
          {"created_at", core::FormatIso8601(k.created_at)},
          {"author", k.author},
          {"author_id", k.author_id},
          {"author_org", k.author_org},
          {"body", k.body}};
}

bool IsLoopback(const std::string& addr) {
  return addr.rfind("127.", 0) == 0 || addr == "::1" || addr == "::ffff:127.0.0.1";
}

const json kUserSchema = {
    {"type", "object"},
    {"properties",
     {{"id", {{"type", "string"}}},
      {"username", {{"type", "string"}}},
      {"display_name", {{"type", "string"}}},
      {"roles", {{"type", "array"}, {"items", {{"type", "string"}, {"enum", {"officer", "analyst", "supervisor", "admin"}}}}}},
      {"org_id", {{"type", "string"}}},
      {"org", {{"type", "object"}}},
      {"disabled", {{"type", "boolean"}}},
      {"created_at", {{"type", "string"}, {"format", "date-time"}}},
      {"home_station", {{"type", "string"}, {"nullable", true}}},
      {"org_default_releasability", {{"type", "array"}, {"items", {{"type", "string"}}}}}}}};

const json kOrgSchema = {
    {"type", "object"},
    {"properties",
     {{"id", {{"type", "string"}}},
      {"name", {{"type", "string"}}},
      {"full_name", {{"type", "string"}}},
      {"country", {{"type", "string"}}},
      {"kind", {{"type", "string"}}},
      {"created_at", {{"type", "string"}, {"format", "date-time"}}},
      {"default_releasability", {{"type", "array"}, {"items", {{"type", "string"}}}}}}}};

// The /healthz write probe: an UPSERT of the one row of health_probe, committed like any change,
// so that a read-only file, a full disk, a folder that lost its -wal, or a writer stuck behind a
// lock all show. It runs on its own thread and the request waits at most `timeout` for it; a
// result is reused for a second, so that a client polling /healthz costs at most one small
// commit a second. Destroying the probe waits for a running one (bounded by the busy timeout).
class WriteProbe {
 public:
  explicit WriteProbe(store::Store& store) : store_(store) {}
  WriteProbe(const WriteProbe&) = delete;
  WriteProbe& operator=(const WriteProbe&) = delete;

  // The probe's outcome, or std::nullopt when it did not finish within `timeout`.
  std::optional<core::Status> Check(std::chrono::milliseconds timeout) {
    using Clock = std::chrono::steady_clock;
    std::shared_future<core::Status> running;
    {
      std::lock_guard lock(mu_);
      if (!running_.valid() && has_last_ && Clock::now() - last_at_ < std::chrono::seconds(1)) {
        return last_;
      }
      if (!running_.valid()) {
        running_ = std::async(std::launch::async, [this] { return Write(); }).share();
      }
      running = running_;
    }
    if (running.wait_for(timeout) != std::future_status::ready) return std::nullopt;
    std::lock_guard lock(mu_);
    if (running_.valid() && running_.wait_for(std::chrono::seconds(0)) ==
                                std::future_status::ready) {
      last_ = running_.get();
      last_at_ = Clock::now();
      has_last_ = true;
      running_ = {};
    }
    return running.get();
  }

 private:
  core::Status Write() {
    return store_.Write([](store::Connection& tx) -> core::Status {
      ISTMO_RETURN_IF_ERROR(tx.Exec(
          "INSERT INTO health_probe (id, at) VALUES (1, ?)"
          " ON CONFLICT (id) DO UPDATE SET at = excluded.at",
          {core::FormatIso8601(core::SystemClock::Get().Now())}));
      return core::Ok();
    });
  }

  store::Store& store_;
  std::mutex mu_;
  std::shared_future<core::Status> running_;
  core::Status last_;
  bool has_last_ = false;
  std::chrono::steady_clock::time_point last_at_;
};

// The health endpoints' read check: the store answers a query.
core::Status ReadProbe(store::Store& store) {
  return store.Read([](store::Connection& c) -> core::Status {
    ISTMO_RETURN_IF_ERROR(c.Query("SELECT 1"));
    return core::Ok();
  });
}

// A check's result as the public health endpoints show it: "ok", "timeout", or "failed"
// without the details (paths, SQLite's words), which go to the log.
std::string CheckResult(const char* check, const std::optional<core::Status>& status) {
  if (!status) {
    core::log::Warn("health_check_failed", {{"check", check}, {"error", "timeout"}});
    return "timeout";
  }
  if (*status) return "ok";
  core::log::Warn("health_check_failed", {{"check", check}, {"error", status->error().ToString()}});
  return "failed";
}

json ListOf(const json& item) {
  return {{"type", "object"}, {"properties", {{"items", {{"type", "array"}, {"items", item}}}}}};
}

// The web app's session (docs/api.md "Sessions"): the token in an HttpOnly cookie that the
// page's scripts cannot read, and a random CSRF value in a readable cookie that the page sends
// back as X-CSRF-Token on every change (double submit; the transport checks it). Secure when
// the server speaks TLS. `max_age_seconds` 0 clears both (logout).
void AddSessionCookies(Response& out, const std::string& token, std::int64_t max_age_seconds,
                       bool secure) {
  std::string csrf;
  if (max_age_seconds > 0) {
    unsigned char raw[16];
    core::RandomBytes(raw, sizeof raw);
    csrf = core::HexEncode(raw, sizeof raw);
  }
  const std::string attributes = "; Path=/; SameSite=Strict; Max-Age=" +
                                 std::to_string(max_age_seconds) + (secure ? "; Secure" : "");
  out.headers.emplace_back("Set-Cookie", "istmo_session=" + token + attributes + "; HttpOnly");
  out.headers.emplace_back("Set-Cookie", "istmo_csrf=" + csrf + attributes);
}

}  // namespace

void AddPlatformRoutes(std::vector<Route>& routes, Services& s) {
  const std::uint8_t kAdmin = Roles({Role::kAdmin});

  // Liveness: can this process still do its job, i.e. read and write its database? 503 when it
  // cannot, so that a supervisor restarts it or an operator is paged. The success body keeps
  // {"status":"ok","backend":...} that scripts and the web app read.
  auto probe = std::make_shared<WriteProbe>(s.store);
  const json kChecks = {{"type", "object"}, {"additionalProperties", {{"type", "string"}}}};
  routes.push_back(Route{
      .method = "GET", .path = "/healthz", .tag = "operations",
      .summary = "Liveness: the database answers a read and accepts a write (503 when not)",
      .access = Access::kPublic,
      .response_schema =
          {{"type", "object"},
           {"properties", {{"status", {{"type", "string"}, {"enum", {"ok", "unhealthy"}}}},
                           {"backend", {{"type", "string"}}},
                           {"checks", kChecks}}}},
      .handler = [&s, probe](Request&) -> core::Result<Response> {
        const core::Status read = ReadProbe(s.store);
        auto timeout = s.config.GetInt("health.write_timeout_ms", 2000, 1, 60000);
        const std::optional<core::Status> write =
            probe->Check(std::chrono::milliseconds(timeout ? *timeout : 2000));
        const bool healthy = read && write && *write;
        const json checks = {{"database_read", CheckResult("database_read", read)},
                             {"database_write", CheckResult("database_write", write)}};
        return Response::Json({{"status", healthy ? "ok" : "unhealthy"},
                               {"backend", std::string(s.store.backend())},
                               {"checks", checks}},
                              healthy ? 200 : 503);
      }});

  // Readiness: may traffic be sent here? The store answers a read and, when face
  // identification is configured, its index has loaded (`istmo serve` loads it before it
  // listens; a load that failed leaves the process live but not ready).
  routes.push_back(Route{
      .method = "GET", .path = "/readyz", .tag = "operations",
      .summary = "Readiness: the store answers and the face index, if configured, has loaded",
      .access = Access::kPublic,
      .response_schema =
          {{"type", "object"},
           {"properties", {{"status", {{"type", "string"}, {"enum", {"ready", "not_ready"}}}},
                           {"checks", kChecks}}}},
      .handler = [&s](Request&) -> core::Result<Response> {
        const core::Status read = ReadProbe(s.store);
        std::string faces = "not_configured";
        if (!s.config.GetString("biometrics.template_key", "").empty()) {
          faces = s.faces != nullptr && s.faces->loaded() ? "ok" : "not_loaded";
        }
        const bool ready = read && (faces == "ok" || faces == "not_configured");
        return Response::Json({{"status", ready ? "ready" : "not_ready"},
                               {"checks", {{"database", CheckResult("database_read", read)},
                                           {"faces", faces}}}},
                              ready ? 200 : 503);
      }});

  routes.push_back(Route{
      .method = "GET", .path = "/metrics", .tag = "operations",
      .summary = "Prometheus metrics (to loopback clients only)",
      .access = Access::kPublic,
      .handler = [&s](Request& r) -> core::Result<Response> {
        if (!IsLoopback(r.client)) {
          return core::PermissionDenied("metrics are served to loopback clients only");
        }
        Response out;
        out.body = s.metrics.Render();
        out.content_type = "text/plain; version=0.0.4";
        return out;
      }});

  routes.push_back(Route{
      .method = "POST", .path = "/api/v1/auth/login", .tag = "auth",
      .summary = "Exchange a username and password for a bearer token", .access = Access::kPublic,
      .max_body = 4096, .json_body = true,
      .request_schema = {{"type", "object"},
                         {"required", {"username", "password"}},
                         {"properties", {{"username", {{"type", "string"}}}, {"password", {{"type", "string"}}}}}},
      .response_schema = {{"type", "object"},
                          {"properties", {{"token", {{"type", "string"}}},
                                          {"expires_at", {{"type", "string"}, {"format", "date-time"}}},
                                          {"user", kUserSchema}}}},
      .pool = api::Pool::kPassword,
      .handler = [&s](Request& r) -> core::Result<Response> {
        ISTMO_ASSIGN_OR_RETURN(auto in, ParseLoginRequest(r.body));
        auto login = s.auth.Login(in.username, in.password, r.client);
        if (!login) {
          if (login.error().code == core::ErrorCode::kUnauthenticated) {
            s.metrics.Increment("istmo_login_failures_total", "Failed logins.");
          }
          if (login.error().code == core::ErrorCode::kResourceExhausted) {
            // 429 with Retry-After (RFC 9110, 10.2.3), so that a client waits as long as asked.
            ISTMO_ASSIGN_OR_RETURN(auto wait, s.auth.LoginWait(in.username, r.client));
            Response refused = Response::Json(api::ErrorJson(login.error(), r.request_id),
                                              core::HttpStatus(login.error().code));
            refused.headers.emplace_back("Retry-After",
                                         std::to_string(std::max<std::int64_t>(1, wait.count())));
            return refused;
          }
          return login.error();
        }
        Response out = Response::Json({{"token", login->token},
                                       {"expires_at", core::FormatIso8601(login->expires_at)},
                                       {"user", UserJson(login->user, login->org)}});
        const auto ttl = std::chrono::duration_cast<std::chrono::seconds>(
            login->expires_at - s.clock.Now());
        AddSessionCookies(out, login->token, std::max<std::int64_t>(1, ttl.count()),
                          !s.config.GetString("server.tls_cert", "").empty());
        return out;
      }});

  routes.push_back(Route{
      .method = "POST", .path = "/api/v1/auth/logout", .tag = "auth",
      .summary = "Revoke the caller's token", .success_status = 204,
      .handler = [&s](Request& r) -> core::Result<Response> {
        ISTMO_RETURN_IF_ERROR(s.auth.Logout(r.token));
        Response out = Response::NoContent();
        AddSessionCookies(out, "", 0, !s.config.GetString("server.tls_cert", "").empty());
        return out;
      }});

  routes.push_back(Route{
      .method = "GET", .path = "/api/v1/auth/password-policy", .tag = "auth",
      .summary = "The password rule, to show before a password is chosen",
      .access = Access::kPublic,
      .response_schema = {{"type", "object"},
                          {"properties", {{"min_length", {{"type", "integer"}}},
                                          {"max_length", {{"type", "integer"}}},
                                          {"rejects_common", {{"type", "boolean"}}}}}},
      .handler = [](Request&) -> core::Result<Response> {
        return Response::Json({{"min_length", auth::kMinPasswordLength},
                               {"max_length", auth::kMaxPasswordLength},
                               {"rejects_common", auth::RejectsCommonPasswords()}});
      }});

  routes.push_back(Route{
      .method = "GET", .path = "/api/v1/me", .tag = "auth",
      .summary = "The caller's user and organization", .response_schema = kUserSchema,
      .handler = [&s](Request& r) -> core::Result<Response> {
        ISTMO_ASSIGN_OR_RETURN(auto user, s.auth.GetUser(r.Scope(), r.Scope().user_id));
        ISTMO_ASSIGN_OR_RETURN(auto org, s.auth.FindOrganization(user.org_id));
        return Response::Json(UserJson(user, org));
      }});

  routes.push_back(Route{
      .method = "GET", .path = "/api/v1/orgs", .tag = "admin",
      .summary = "Organizations taking part (releasability targets)",
      .response_schema = ListOf(kOrgSchema),
      .handler = [&s](Request& r) -> core::Result<Response> {
        ISTMO_ASSIGN_OR_RETURN(auto orgs, s.auth.ListOrganizations(r.Scope()));
        json items = json::array();
        for (const auto& o : orgs) items.push_back(auth::OrgJson(o));
        return Response::Json({{"items", items}});
      }});

  routes.push_back(Route{
      .method = "PATCH", .path = "/api/v1/orgs/{id}", .tag = "admin",
      .summary = "Change an organization's settings (its default releasability, a preset for "
                 "forms that the server never applies)",
      .roles = kAdmin, .max_body = 4096, .json_body = true,
      .request_schema = {{"type", "object"},
                         {"properties", {{"default_releasability",
                                          {{"type", "array"}, {"items", {{"type", "string"}}}}}}}},
      .response_schema = kOrgSchema,
      .handler = [&s](Request& r) -> core::Result<Response> {
        ISTMO_ASSIGN_OR_RETURN(auto j, JsonBody::Parse(r.body));
        ISTMO_RETURN_IF_ERROR(j.RejectUnknown({"default_releasability"}));
        auth::OrganizationPatch patch;
        ISTMO_ASSIGN_OR_RETURN(patch.default_releasability,
                               j.OptStringArray("default_releasability"));
        ISTMO_ASSIGN_OR_RETURN(auto org,
                               s.auth.UpdateOrganization(r.Scope(), r.path_params["id"], patch));
        return Response::Json(auth::OrgJson(org));
      }});

  routes.push_back(Route{
      .method = "GET", .path = "/api/v1/users", .tag = "admin",
      .summary = "Users of the caller's organization", .roles = kAdmin,
      .response_schema = ListOf(kUserSchema),
      .handler = [&s](Request& r) -> core::Result<Response> {
        ISTMO_ASSIGN_OR_RETURN(auto users, s.auth.ListUsers(r.Scope()));
        json items = json::array();
        for (const auto& u : users) items.push_back(UserJson(u, std::nullopt));
        return Response::Json({{"items", items}});
      }});

  routes.push_back(Route{
      .method = "POST", .path = "/api/v1/users", .tag = "admin",
      .summary = "Create a user in the caller's organization", .roles = kAdmin, .max_body = 4096,
      .json_body = true, .success_status = 201,
      .request_schema = {{"type", "object"},
                         {"required", {"username", "display_name", "password", "roles"}},
                         {"properties", {{"username", {{"type", "string"}}},
                                         {"display_name", {{"type", "string"}}},
                                         {"password", {{"type", "string"}, {"minLength", 10}}},
                                         {"roles", {{"type", "array"}, {"items", {{"type", "string"}}}}},
                                         {"home_station", {{"type", "string"}, {"nullable", true}}}}}},
      .response_schema = kUserSchema,
      .pool = api::Pool::kPassword,
      .handler = [&s](Request& r) -> core::Result<Response> {
        ISTMO_ASSIGN_OR_RETURN(auto in, ParseNewUserRequest(r.body));
        ISTMO_ASSIGN_OR_RETURN(auto roles, auth::ParseRoles(in.roles));
        ISTMO_RETURN_IF_ERROR(CheckHomeStation(s.store, in.home_station));
        ISTMO_ASSIGN_OR_RETURN(auto user, s.auth.CreateUser(r.Scope(), {.org_id = r.Scope().org_id,
                                                                         .username = in.username,
                                                                         .display_name = in.display_name,
                                                                         .password = in.password,
                                                                         .roles = roles,
                                                                         .home_station = in.home_station.value_or("")}));
        return Response::Json(UserJson(user, std::nullopt), 201);
      }});

  routes.push_back(Route{
      .method = "GET", .path = "/api/v1/users/{id}", .tag = "admin",
      .summary = "One user (themselves, or for an admin of their organization)",
      .response_schema = kUserSchema,
      .handler = [&s](Request& r) -> core::Result<Response> {
        ISTMO_ASSIGN_OR_RETURN(auto user, s.auth.GetUser(r.Scope(), r.path_params["id"]));
        return Response::Json(UserJson(user, std::nullopt));
      }});

  routes.push_back(Route{
      .method = "PATCH", .path = "/api/v1/users/{id}", .tag = "admin",
      .summary = "Change a user's name, roles, password, home station or disabled flag",
      .max_body = 4096,
      .json_body = true,
      .request_schema = {{"type", "object"},
                         {"properties", {{"display_name", {{"type", "string"}}},
                                         {"password", {{"type", "string"}}},
                                         {"disabled", {{"type", "boolean"}}},
                                         {"roles", {{"type", "array"}, {"items", {{"type", "string"}}}}},
                                         {"home_station", {{"type", "string"}, {"nullable", true}}}}}},
      .response_schema = kUserSchema,
      .pool = api::Pool::kPassword,
      .handler = [&s](Request& r) -> core::Result<Response> {
        ISTMO_ASSIGN_OR_RETURN(auto in, ParseUserPatchRequest(r.body));
        ISTMO_RETURN_IF_ERROR(CheckHomeStation(s.store, in.home_station));
        auth::UserPatch patch{.display_name = in.display_name, .disabled = in.disabled,
                              .password = in.password, .home_station = in.home_station};
        if (in.roles) {
          ISTMO_ASSIGN_OR_RETURN(auto roles, auth::ParseRoles(*in.roles));
          patch.roles = roles;
        }
        ISTMO_ASSIGN_OR_RETURN(auto user, s.auth.UpdateUser(r.Scope(), r.path_params["id"], patch));
        return Response::Json(UserJson(user, std::nullopt));
      }});

  routes.push_back(Route{
      .method = "GET", .path = "/api/v1/audit", .tag = "admin",
      .summary = "Audit log entries of the caller's organization, newest first",
      .roles = Roles({Role::kAdmin, Role::kSupervisor}),
      .handler = [&s](Request& r) -> core::Result<Response> {
        ISTMO_ASSIGN_OR_RETURN(auto limit, r.QueryInt("limit", 50, 1, 1000));
        ISTMO_ASSIGN_OR_RETURN(auto before, r.QueryInt("before_seq", 0, 0, INT64_MAX));
        ISTMO_ASSIGN_OR_RETURN(auto records, s.store.Read<std::vector<store::AuditRecord>>([&](store::Connection& c) {
          return store::ListAudit(c, r.Scope(), static_cast<int>(limit), before);
        }));
        json items = json::array();
        for (const auto& a : records) {
          json detail = json::parse(a.entry.detail, nullptr, false);
          if (detail.is_discarded() || a.entry.detail.empty()) detail = json::object();
          items.push_back({{"seq", a.seq},
                           {"at", core::FormatIso8601(a.at)},
                           {"actor", a.entry.actor},
                           {"actor_org", a.entry.actor_org},
                           {"action", a.entry.action},
                           {"object_type", a.entry.object_type},
                           {"object_id", a.entry.object_id},
                           {"detail", detail},
                           {"hash", a.hash}});
        }
        json next = records.size() == static_cast<std::size_t>(limit) && !records.empty()
                        ? json(records.back().seq)
                        : json(nullptr);
        return Response::Json({{"items", items}, {"next_before_seq", next}});
      }});

  routes.push_back(Route{
      .method = "GET", .path = "/api/v1/audit/verify", .tag = "admin",
      .summary = "Recompute the audit log's hash chains, one per origin (site)", .roles = kAdmin,
      .handler = [&s](Request&) -> core::Result<Response> {
        ISTMO_ASSIGN_OR_RETURN(auto v, s.store.Read<store::AuditVerification>(
                                           [](store::Connection& c) { return store::VerifyAudit(c); }));
        const auto seq = [](const std::optional<std::int64_t>& n) { return n ? json(*n) : json(nullptr); };
        json chains = json::array();
        for (const auto& ch : v.chains) {
          chains.push_back({{"origin", ch.origin}, {"local", ch.local}, {"ok", ch.ok},
                            {"entries", ch.entries}, {"first_bad_seq", seq(ch.first_bad_seq)},
                            {"reason", ch.reason}});
        }
        return Response::Json({{"ok", v.ok},
                               {"entries", v.entries},
                               {"first_bad_seq", seq(v.first_bad_seq)},
                               {"reason", v.reason},
                               {"chains", chains}});
      }});

  routes.push_back(Route{
      .method = "GET",
      .path = "/api/v1/alerts",
      .tag = "alerts",
      .summary = "Alerts releasable to the caller, latest change first; snoozed ones only on "
                 "request (?snoozed=include|only)",
      .handler = [&s](Request& r) -> core::Result<Response> {
        store::AlertQuery q;
        q.status = r.QueryParam("status").value_or("");
        if (!q.status.empty() && q.status != "open" && q.status != "acknowledged" && q.status != "closed") {
          return core::WithReason(
              core::InvalidArgument("status is open, acknowledged or closed", "?status"),
              "invalid_value");
        }
        ISTMO_ASSIGN_OR_RETURN(q.module, QueryChoice(r, "module", kAlertModules));
        constexpr std::array<std::string_view, 3> kSeverities = {"info", "warning", "critical"};
        ISTMO_ASSIGN_OR_RETURN(q.severity, QueryChoice(r, "severity", kSeverities));
        ISTMO_ASSIGN_OR_RETURN(q.kind, QueryText(r, "kind", 64));
        ISTMO_ASSIGN_OR_RETURN(q.subject, QueryText(r, "subject", 200));
        constexpr std::array<std::string_view, 3> kSnoozed = {"exclude", "include", "only"};
        ISTMO_ASSIGN_OR_RETURN(auto snoozed, QueryChoice(r, "snoozed", kSnoozed));
        q.snoozed = snoozed == "include" ? store::SnoozeFilter::kInclude
                    : snoozed == "only"  ? store::SnoozeFilter::kOnly
                                         : store::SnoozeFilter::kExclude;
        q.now = s.clock.Now();
        ISTMO_ASSIGN_OR_RETURN(auto limit, r.QueryInt("limit", 50, 1, 500));
        q.limit = static_cast<int>(limit);
        ISTMO_ASSIGN_OR_RETURN(auto alerts, s.store.Read<std::vector<store::Alert>>([&](store::Connection& c) {
          return store::ListAlerts(c, r.Scope(), q);
        }));
        json items = json::array();
        for (const auto& a : alerts) items.push_back(AlertJson(a));
        return Response::Json({{"items", items}});
      }});

  routes.push_back(Route{
      .method = "POST", .path = "/api/v1/alerts/{id}/ack", .tag = "alerts",
      .summary = "Acknowledge an alert of the caller's organization",
      .roles = Roles({Role::kOfficer, Role::kSupervisor, Role::kAdmin}),
      .handler = [&s](Request& r) -> core::Result<Response> {
        std::string id = r.path_params["id"];
        ISTMO_ASSIGN_OR_RETURN(auto alert, s.store.Write<store::Alert>([&](store::Connection& tx) -> core::Result<store::Alert> {
          ISTMO_ASSIGN_OR_RETURN(auto a, store::AcknowledgeAlert(tx, r.Scope(), id, s.clock.Now()));
          ISTMO_RETURN_IF_ERROR(store::RecordChange(
              tx, r.Scope(),
              {.action = "alert.acknowledge", .object_type = "alert", .object_id = a.id,
               .detail = "{}", .body = AlertJson(a).dump()},
              s.clock.Now()));
          return a;
        }));
        return Response::Json(AlertJson(alert));
      }});

  routes.push_back(Route{
      .method = "POST",
      .path = "/api/v1/alerts/{id}/assign",
      .tag = "alerts",
      .summary = "Assign an alert of the caller's organization to one of its users",
      .roles = Roles({Role::kOfficer, Role::kSupervisor, Role::kAdmin}),
      .max_body = 1024,
      .json_body = true,
      .request_schema = {{"type", "object"},
                         {"required", {"user_id"}},
                         {"properties", {{"user_id", {{"type", "string"}}}}}},
      .handler = [&s](Request& r) -> core::Result<Response> {
        ISTMO_ASSIGN_OR_RETURN(auto j, api::JsonBody::Parse(r.body));
        ISTMO_RETURN_IF_ERROR(j.RejectUnknown({"user_id"}));
        ISTMO_ASSIGN_OR_RETURN(auto user_id, j.String("user_id", 64));
        // Looked up as the system: the store then refuses anyone outside the alert's owner, with
        // one answer for absent and foreign users.
        store::AlertAssignee to;
        auto user = s.auth.GetUser(store::AccessScope::System(), user_id);
        if (user) {
          to = {user->id, user->username, user->org_id, user->disabled};
        } else if (user.error().code != core::ErrorCode::kNotFound) {
          return user.error();
        }
        const std::string id = r.path_params["id"];
        ISTMO_ASSIGN_OR_RETURN(
            auto alert,
            s.store.Write<store::Alert>([&](store::Connection& tx) -> core::Result<store::Alert> {
              ISTMO_ASSIGN_OR_RETURN(auto a,
                                     store::AssignAlert(tx, r.Scope(), id, to, s.clock.Now()));
              ISTMO_RETURN_IF_ERROR(store::RecordChange(
                  tx, r.Scope(),
                  {.action = "alert.assign",
                   .object_type = "alert",
                   .object_id = a.id,
                   .detail = json{{"assigned_to", a.assigned_to}, {"username", a.assigned_username}}
                                 .dump(),
                   .body = AlertJson(a).dump()},
                  s.clock.Now()));
              return a;
            }));
        return Response::Json(AlertJson(alert));
      }});

  routes.push_back(
      Route{.method = "GET",
            .path = "/api/v1/alerts/{id}/comments",
            .tag = "alerts",
            .summary = "The comments on an alert releasable to the caller, oldest first",
            .handler = [&s](Request& r) -> core::Result<Response> {
              ISTMO_ASSIGN_OR_RETURN(
                  auto comments,
                  s.store.Read<std::vector<store::AlertComment>>([&](store::Connection& c) {
                    return store::ListAlertComments(c, r.Scope(), r.path_params["id"]);
                  }));
              json items = json::array();
              for (const auto& k : comments) items.push_back(AlertCommentJson(k));
              return Response::Json({{"items", items}});
            }});

  routes.push_back(Route{
      .method = "POST",
      .path = "/api/v1/alerts/{id}/comments",
      .tag = "alerts",
      .summary = "Comment on an alert of the caller's organization",
      .roles = Roles({Role::kOfficer, Role::kSupervisor, Role::kAdmin}),
      .max_body = 8192,
      .json_body = true,
      .success_status = 201,
      .request_schema = {{"type", "object"},
                         {"required", {"body"}},
                         {"properties", {{"body", {{"type", "string"}, {"maxLength", 2000}}}}}},
      .handler = [&s](Request& r) -> core::Result<Response> {
        ISTMO_ASSIGN_OR_RETURN(auto j, api::JsonBody::Parse(r.body));
        ISTMO_RETURN_IF_ERROR(j.RejectUnknown({"body"}));
        ISTMO_ASSIGN_OR_RETURN(auto text, j.String("body", 2000));
        const std::string id = r.path_params["id"];
        ISTMO_ASSIGN_OR_RETURN(
            auto comment,
            s.store.Write<store::AlertComment>(
                [&](store::Connection& tx) -> core::Result<store::AlertComment> {
                  ISTMO_ASSIGN_OR_RETURN(
                      auto k, store::CommentOnAlert(tx, r.Scope(), id, text, s.clock.Now()));
                  ISTMO_RETURN_IF_ERROR(
                      store::RecordChange(tx, r.Scope(),
                                          {.action = "alert.comment",
                                           .object_type = "alert",
                                           .object_id = id,
                                           .detail = json{{"comment_id", k.id}}.dump(),
                                           .body = AlertCommentJson(k).dump(
                                               -1, ' ', false, json::error_handler_t::replace)},
                                          s.clock.Now()));
                  return k;
                }));
        return Response::Json(AlertCommentJson(comment), 201);
      }});

  // Suppressions before the routes of one alert: "suppressions" is not an alert id.
  routes.push_back(
      Route{.method = "GET",
            .path = "/api/v1/alerts/suppressions",
            .tag = "alerts",
            .summary = "The alert suppressions of the caller's organization still in force",
            .handler = [&s](Request& r) -> core::Result<Response> {
              ISTMO_ASSIGN_OR_RETURN(auto module, QueryChoice(r, "module", kAlertModules));
              ISTMO_ASSIGN_OR_RETURN(
                  auto found,
                  s.store.Read<std::vector<store::AlertSuppression>>([&](store::Connection& c) {
                    return store::ListSuppressions(c, r.Scope(), module, s.clock.Now());
                  }));
              json items = json::array();
              for (const auto& x : found) items.push_back(SuppressionJson(x));
              return Response::Json({{"items", items}});
            }});

  routes.push_back(Route{
      .method = "POST",
      .path = "/api/v1/alerts/suppressions",
      .tag = "alerts",
      .summary = "Stop alerts of the caller's organization on one subject (of one kind, or every "
                 "kind), for some days or until lifted",
      .roles = Roles({Role::kSupervisor, Role::kAdmin}),
      .max_body = 4096,
      .json_body = true,
      .success_status = 201,
      .request_schema = {{"type", "object"},
                         {"required", {"module", "subject", "reason"}},
                         {"properties",
                          {{"module", {{"type", "string"}}},
                           {"subject", {{"type", "string"}, {"maxLength", 200}}},
                           {"kind", {{"type", "string"}, {"maxLength", 64}}},
                           {"reason", {{"type", "string"}, {"maxLength", 500}}},
                           {"days", {{"type", "integer"}, {"minimum", 1}, {"maximum", 365}}}}}},
      .handler = [&s](Request& r) -> core::Result<Response> {
        ISTMO_ASSIGN_OR_RETURN(auto j, api::JsonBody::Parse(r.body));
        ISTMO_RETURN_IF_ERROR(j.RejectUnknown({"module", "subject", "kind", "reason", "days"}));
        store::NewSuppression in;
        ISTMO_ASSIGN_OR_RETURN(in.module, j.String("module", 32));
        ISTMO_ASSIGN_OR_RETURN(in.subject, j.String("subject", 200));
        ISTMO_ASSIGN_OR_RETURN(auto kind, j.OptString("kind", 64));
        in.kind = kind.value_or("");
        ISTMO_ASSIGN_OR_RETURN(in.reason, j.String("reason", 500));
        ISTMO_ASSIGN_OR_RETURN(auto days, j.OptInt("days", 1, store::kMaxSuppressionDays));
        if (days) in.days = static_cast<int>(*days);
        ISTMO_ASSIGN_OR_RETURN(
            auto made,
            s.store.Write<store::AlertSuppression>([&](store::Connection& tx)
                                                       -> core::Result<store::AlertSuppression> {
              ISTMO_ASSIGN_OR_RETURN(auto x,
                                     store::CreateSuppression(tx, r.Scope(), in, s.clock.Now()));
              ISTMO_RETURN_IF_ERROR(store::RecordChange(
                  tx, r.Scope(),
                  {.action = "alert.suppression.create",
                   .object_type = "alert_suppression",
                   .object_id = x.id,
                   .detail =
                       json{{"module", x.module}, {"subject", x.subject}, {"kind", x.kind}}.dump(
                           -1, ' ', false, json::error_handler_t::replace),
                   .body = SuppressionJson(x).dump(-1, ' ', false, json::error_handler_t::replace)},
                  s.clock.Now()));
              return x;
            }));
        return Response::Json(SuppressionJson(made), 201);
      }});

  routes.push_back(Route{
      .method = "DELETE",
      .path = "/api/v1/alerts/suppressions/{id}",
      .tag = "alerts",
      .summary = "Lift an alert suppression of the caller's organization",
      .roles = Roles({Role::kSupervisor, Role::kAdmin}),
      .success_status = 204,
      .handler = [&s](Request& r) -> core::Result<Response> {
        const std::string id = r.path_params["id"];
        ISTMO_RETURN_IF_ERROR(s.store.Write<store::AlertSuppression>(
            [&](store::Connection& tx) -> core::Result<store::AlertSuppression> {
              ISTMO_ASSIGN_OR_RETURN(auto x, store::LiftSuppression(tx, r.Scope(), id));
              ISTMO_RETURN_IF_ERROR(store::RecordChange(
                  tx, r.Scope(),
                  {.action = "alert.suppression.lift",
                   .object_type = "alert_suppression",
                   .object_id = x.id,
                   .detail =
                       json{{"module", x.module}, {"subject", x.subject}, {"kind", x.kind}}.dump(
                           -1, ' ', false, json::error_handler_t::replace),
                   .body = json{{"id", x.id}, {"lifted", true}}.dump()},
                  s.clock.Now()));
              return x;
            }));
        return Response::NoContent();
      }});

  routes.push_back(Route{.method = "GET",
                         .path = "/api/v1/alerts/{id}",
                         .tag = "alerts",
                         .summary = "One alert releasable to the caller",
                         .handler = [&s](Request& r) -> core::Result<Response> {
                           ISTMO_ASSIGN_OR_RETURN(
                               auto alert, s.store.Read<store::Alert>([&](store::Connection& c) {
                                 return store::GetAlert(c, r.Scope(), r.path_params["id"]);
                               }));
                           return Response::Json(AlertJson(alert));
                         }});

  routes.push_back(Route{
      .method = "POST",
      .path = "/api/v1/alerts/{id}/dismiss",
      .tag = "alerts",
      .summary = "Close an alert of the caller's organization as dismissed, with the reason",
      .roles = Roles({Role::kOfficer, Role::kSupervisor, Role::kAdmin}),
      .max_body = 4096,
      .json_body = true,
      .request_schema = {{"type", "object"},
                         {"required", {"reason"}},
                         {"properties", {{"reason", {{"type", "string"}, {"maxLength", 500}}}}}},
      .handler = [&s](Request& r) -> core::Result<Response> {
        ISTMO_ASSIGN_OR_RETURN(auto j, api::JsonBody::Parse(r.body));
        ISTMO_RETURN_IF_ERROR(j.RejectUnknown({"reason"}));
        ISTMO_ASSIGN_OR_RETURN(auto reason, j.String("reason", 500));
        const std::string id = r.path_params["id"];
        ISTMO_ASSIGN_OR_RETURN(auto alert, ChangeAlert(
                                               s, r, "alert.dismiss",
                                               [](const store::Alert& a) {
                                                 return json{{"reason", a.resolution_note}};
                                               },
                                               [&](store::Connection& tx) {
                                                 return store::DismissAlert(tx, r.Scope(), id,
                                                                            reason, s.clock.Now());
                                               }));
        return Response::Json(AlertJson(alert));
      }});

  routes.push_back(Route{
      .method = "POST",
      .path = "/api/v1/alerts/{id}/snooze",
      .tag = "alerts",
      .summary = "Hide an alert of the caller's organization from the default list for some "
                 "minutes",
      .roles = Roles({Role::kOfficer, Role::kSupervisor, Role::kAdmin}),
      .max_body = 1024,
      .json_body = true,
      .request_schema =
          {{"type", "object"},
           {"required", {"minutes"}},
           {"properties",
            {{"minutes",
              {{"type", "integer"}, {"minimum", 1}, {"maximum", store::kMaxSnooze.count()}}}}}},
      .handler = [&s](Request& r) -> core::Result<Response> {
        ISTMO_ASSIGN_OR_RETURN(auto j, api::JsonBody::Parse(r.body));
        ISTMO_RETURN_IF_ERROR(j.RejectUnknown({"minutes"}));
        ISTMO_ASSIGN_OR_RETURN(auto minutes, j.OptInt("minutes", 1, store::kMaxSnooze.count()));
        if (!minutes) {
          return core::WithReason(core::InvalidArgument("is required", "/minutes"), "required");
        }
        const std::string id = r.path_params["id"];
        ISTMO_ASSIGN_OR_RETURN(
            auto alert, ChangeAlert(
                            s, r, "alert.snooze",
                            [](const store::Alert& a) {
                              return json{{"snoozed_until", core::FormatIso8601(*a.snoozed_until)}};
                            },
                            [&](store::Connection& tx) {
                              return store::SnoozeAlert(
                                  tx, r.Scope(), id, std::chrono::minutes(*minutes), s.clock.Now());
                            }));
        return Response::Json(AlertJson(alert));
      }});

  routes.push_back(Route{
      .method = "DELETE",
      .path = "/api/v1/alerts/{id}/snooze",
      .tag = "alerts",
      .summary = "Lift the snooze of an alert of the caller's organization",
      .roles = Roles({Role::kOfficer, Role::kSupervisor, Role::kAdmin}),
      .handler = [&s](Request& r) -> core::Result<Response> {
        const std::string id = r.path_params["id"];
        ISTMO_ASSIGN_OR_RETURN(
            auto alert,
            ChangeAlert(
                s, r, "alert.unsnooze", [](const store::Alert&) { return json::object(); },
                [&](store::Connection& tx) { return store::UnsnoozeAlert(tx, r.Scope(), id); }));
        return Response::Json(AlertJson(alert));
      }});

  routes.push_back(Route{
      .method = "GET", .path = "/api/v1/geo/layers", .tag = "geo",
      .summary = "Reference map layers the product ships (zones, stations)",
      .handler = [&s](Request&) -> core::Result<Response> {
        json items = json::array();
        std::error_code ec;
        std::filesystem::path dir = std::filesystem::path(s.data_dir) / "geo";
        std::vector<std::string> names;
        for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
          std::string stem = e.path().stem().string();
          // Only names that GET /api/v1/geo/{name} accepts.
          if (e.path().extension() == ".geojson" && !stem.empty() && stem.size() <= 64 &&
              stem.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_-") == std::string::npos) {
            names.push_back(stem);
          }
        }
        std::sort(names.begin(), names.end());
        for (const auto& n : names) items.push_back({{"name", n}, {"title", n}});
        return Response::Json({{"items", items}});
      }});

  routes.push_back(Route{
      .method = "GET", .path = "/api/v1/geo/{name}", .tag = "geo",
      .summary = "One reference layer as a GeoJSON FeatureCollection",
      .handler = [&s](Request& r) -> core::Result<Response> {
        const std::string& name = r.path_params["name"];
        if (name.empty() || name.size() > 64 ||
            name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_-") != std::string::npos) {
          return core::InvalidArgument("a layer name has lowercase letters, digits, '_' and '-'", "name");
        }
        std::ifstream in(std::filesystem::path(s.data_dir) / "geo" / (name + ".geojson"));
        if (!in) return core::NotFound("no layer " + name);
        std::stringstream ss;
        ss << in.rdbuf();
        Response out;
        out.body = ss.str();
        out.content_type = "application/geo+json";
        return out;
      }});
}

}  // namespace istmo::app

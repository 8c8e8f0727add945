// tests/api/api_harness.h — the API server in process, on 127.0.0.1 with an OS-chosen port.
//
// ApiHarness opens a store on a temp SQLite file with every migration, an AuthService with cheap
// argon2 parameters and a FakeClock, the Services (faces with a fixed test key and the build's
// models) and the whole route table, and starts the server. Call() sends one request with
// httplib and returns status, headers and the parsed body.
#pragma once

#include <httplib.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "api/server.h"
#include "api/services.h"
#include "auth/auth.h"
#include "biometrics/faces.h"
#include "core/time.h"
#include "store/scope.h"
#include "store/store.h"
#include "testing/temp_dir.h"

namespace istmo::api::testing {

using nlohmann::json;

inline constexpr const char* kPassword = "correct horse battery";

// One HTTP exchange as the tests see it.
struct Reply {
  int status = 0;  // 0: no answer (connection failed)
  std::string body;
  std::string content_type;
  httplib::Headers headers;
  json body_json;  // discarded when the body is not JSON

  std::string Header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
  }
  // "409 {"error":...}", shortened, for failure messages.
  std::string Describe() const { return std::to_string(status) + " " + body.substr(0, 300); }
};

struct Call {
  std::string method = "GET";
  std::string path;
  std::string token;                // empty: no Authorization header
  std::optional<std::string> body;  // sent with content_type
  std::string content_type = "application/json";
  httplib::Headers headers;  // extra headers
};

struct HarnessOptions {
  std::string host = "127.0.0.1";  // ServerOptions::host; the client connects to it
  std::string web_dir;             // ServerOptions::web_dir
  std::string data_dir;            // Services::data_dir
  // The face templates' key (a fixed test key, never a production one); "" leaves faces
  // unconfigured.
  std::string template_key_hex =
      "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
  // Changes the route table before the server is built (tests that prove a check can fail).
  std::function<void(std::vector<api::Route>&)> edit_routes;
};

class ApiHarness {
 public:
  explicit ApiHarness(const HarnessOptions& opts = {}) {
    auto opened = store::Store::Open({.path = dir_.File("api.db")}, api::AllMigrations());
    if (!opened) {
      ADD_FAILURE() << opened.error().ToString();
      return;
    }
    store_ = std::move(opened).value();
    // Cheap argon2 parameters keep the suite fast; production uses the defaults.
    auth::Options options;
    options.argon2_memory_kib = 1024;
    options.argon2_passes = 1;
    auth_ = std::make_unique<auth::AuthService>(*store_, clock_, options);
    services_ = std::make_unique<api::Services>(*store_, *auth_, clock_, opts.data_dir);
    services_->faces = std::make_shared<biometrics::FaceService>(
        *store_, biometrics::FaceServiceOptions{.template_key_hex = opts.template_key_hex});
    routes_ = api::AllRoutes(*services_, "test");
    std::vector<api::Route> served = api::AllRoutes(*services_, "test");
    if (opts.edit_routes) {
      opts.edit_routes(routes_);
      opts.edit_routes(served);
    }
    api::ServerOptions server_options;
    server_options.host = opts.host;
    server_options.port = 0;
    server_options.web_dir = opts.web_dir;
    server_options.version = "test";
    auto server = api::Server::Create(server_options, std::move(served), *services_);
    if (!server) {
      ADD_FAILURE() << server.error().ToString();
      return;
    }
    server_ = std::move(server).value();
    core::Status started = server_->Start();
    if (!started) {
      ADD_FAILURE() << started.error().ToString();
      return;
    }
    client_ = std::make_unique<httplib::Client>(opts.host, server_->port());
    client_->set_connection_timeout(10, 0);
    client_->set_read_timeout(30, 0);
  }

  ~ApiHarness() {
    if (server_) server_->Stop();
  }

  bool ready() const { return server_ != nullptr && client_ != nullptr; }

  Reply Send(const Call& call) {
    Reply out;
    if (!client_) return out;
    httplib::Headers headers = call.headers;
    if (!call.token.empty()) headers.emplace("Authorization", "Bearer " + call.token);
    const std::string body = call.body.value_or("");
    auto send = [&]() -> httplib::Result {
      if (call.method == "GET") return client_->Get(call.path, headers);
      if (call.method == "POST") return client_->Post(call.path, headers, body, call.content_type);
      if (call.method == "PATCH")
        return client_->Patch(call.path, headers, body, call.content_type);
      if (call.method == "PUT") return client_->Put(call.path, headers, body, call.content_type);
      if (call.method == "DELETE")
        return client_->Delete(call.path, headers, body, call.content_type);
      ADD_FAILURE() << "unsupported method " << call.method;
      return httplib::Result(nullptr, httplib::Error::Unknown);
    };
    httplib::Result res = send();
    if (!res) return out;
    out.status = res->status;
    out.body = res->body;
    out.headers = res->headers;
    out.content_type = res->get_header_value("Content-Type");
    out.body_json = json::parse(out.body, nullptr, false);
    return out;
  }

  Reply Get(const std::string& path, const std::string& token = {}) {
    return Send({.method = "GET", .path = path, .token = token});
  }
  Reply PostJson(const std::string& path, const json& body, const std::string& token = {}) {
    return Send({.method = "POST", .path = path, .token = token, .body = body.dump()});
  }
  Reply PatchJson(const std::string& path, const json& body, const std::string& token = {}) {
    return Send({.method = "PATCH", .path = path, .token = token, .body = body.dump()});
  }

  // Creates an organization as the local operator would (`istmo org add`).
  auth::Organization AddOrg(const std::string& name, const std::string& country,
                            const std::string& kind = "border") {
    auto org = auth_->CreateOrganization(store::AccessScope::System(),
                                         {name, name + " (full name)", country, kind});
    EXPECT_TRUE(org) << org.error().ToString();
    return org.value_or(auth::Organization{});
  }
  // Creates a user as the local operator would (`istmo user add`), password kPassword.
  auth::User AddUser(const std::string& org_id, const std::string& username, store::Role role) {
    auto user =
        auth_->CreateUser(store::AccessScope::System(), {.org_id = org_id,
                                                         .username = username,
                                                         .display_name = "User " + username,
                                                         .password = kPassword,
                                                         .roles = static_cast<std::uint8_t>(role)});
    EXPECT_TRUE(user) << user.error().ToString();
    return user.value_or(auth::User{});
  }
  // Logs in through the API and returns the token ("" on failure, with a test failure).
  std::string Login(const std::string& username, const std::string& password = kPassword) {
    Reply r = PostJson("/api/v1/auth/login", {{"username", username}, {"password", password}});
    EXPECT_EQ(r.status, 200) << "login of " << username << ": " << r.Describe();
    if (r.status != 200 || !r.body_json.is_object()) return {};
    return r.body_json.value("token", std::string());
  }

  store::Store& store() { return *store_; }
  auth::AuthService& auth() { return *auth_; }
  core::FakeClock& clock() { return clock_; }
  api::Services& services() { return *services_; }
  // The route table the server was built from (a second copy from AllRoutes).
  const std::vector<api::Route>& routes() const { return routes_; }
  api::Server& server() { return *server_; }
  const istmo::testing::TempDir& dir() const { return dir_; }

 private:
  istmo::testing::TempDir dir_;
  core::FakeClock clock_{core::FromUnixSeconds(1724162580)};  // 2024-08-20T14:03:00Z
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<auth::AuthService> auth_;
  std::unique_ptr<api::Services> services_;
  std::vector<api::Route> routes_;
  std::unique_ptr<api::Server> server_;
  std::unique_ptr<httplib::Client> client_;
};

}  // namespace istmo::api::testing

// tests/api/api_harness.h — the API server in process, on 127.0.0.1 with an OS-chosen port.
//
// ApiHarness opens a store on a temp SQLite file with every migration, an AuthService with cheap
// argon2 parameters and a FakeClock, the composition root's Services (faces with a fixed test key
// and the build's models) and the whole route table, and starts the server. Send() sends one
// request through the tests' HTTP client and returns status, headers and the parsed body.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "api/server.h"
#include "app/app.h"
#include "auth/auth.h"
#include "biometrics/faces.h"
#include "core/time.h"
#include "store/scope.h"
#include "store/store.h"
#include "testing/http_client.h"
#include "testing/temp_dir.h"

namespace istmo::api::testing {

using nlohmann::json;

inline constexpr const char* kPassword = "correct horse battery";

// One HTTP exchange as the tests see it.
struct Reply : istmo::testing::HttpReply {
  json body_json;  // discarded when the body is not JSON
};

struct Call {
  std::string method = "GET";
  std::string path;
  std::string token;                // empty: no Authorization header
  std::optional<std::string> body;  // sent with content_type
  std::string content_type = "application/json";
  istmo::testing::HttpHeaders headers;  // extra headers
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
  // Changes the server's options (deadlines, caps, pool sizes) before it is built.
  std::function<void(api::ServerOptions&)> edit_server;
  // Changes the AuthService's options (e.g. production argon2 cost for load tests).
  std::function<void(auth::Options&)> edit_auth;
};

class ApiHarness {
 public:
  explicit ApiHarness(const HarnessOptions& opts = {});
  ~ApiHarness();

  bool ready() const { return server_ != nullptr && client_ != nullptr; }

  Reply Send(const Call& call);

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
                            const std::string& kind = "border");
  // Creates a user as the local operator would (`istmo user add`), password kPassword.
  auth::User AddUser(const std::string& org_id, const std::string& username, store::Role role);
  // Logs in through the API and returns the token ("" on failure, with a test failure).
  std::string Login(const std::string& username, const std::string& password = kPassword);

  store::Store& store() { return *store_; }
  auth::AuthService& auth() { return *auth_; }
  core::FakeClock& clock() { return clock_; }
  app::Services& services() { return *services_; }
  // The route table the server was built from (a second copy from AllRoutes).
  const std::vector<api::Route>& routes() const { return routes_; }
  api::Server& server() { return *server_; }
  const istmo::testing::TempDir& dir() const { return dir_; }

 private:
  istmo::testing::TempDir dir_;
  core::FakeClock clock_{core::FromUnixSeconds(1724162580)};  // 2024-08-20T14:03:00Z
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<auth::AuthService> auth_;
  std::unique_ptr<app::Services> services_;
  std::vector<api::Route> routes_;
  std::unique_ptr<api::Server> server_;
  std::unique_ptr<istmo::testing::HttpClient> client_;
};

}  // namespace istmo::api::testing

#include "api/api_harness.h"

namespace istmo::api::testing {

ApiHarness::ApiHarness(const HarnessOptions& opts) {
  auto opened = store::Store::Open({.url = dir_.File("api.db")}, app::AllMigrations());
  if (!opened) {
    ADD_FAILURE() << opened.error().ToString();
    return;
  }
  store_ = std::move(opened).value();
  // Cheap argon2 parameters keep the suite fast; production uses the defaults.
  auth::Options options;
  options.argon2_memory_kib = 1024;
  options.argon2_passes = 1;
  if (opts.edit_auth) opts.edit_auth(options);
  auth_ = std::make_unique<auth::AuthService>(*store_, clock_, options);
  services_ = std::make_unique<app::Services>(*store_, *auth_, clock_, opts.data_dir);
  services_->faces = std::make_shared<biometrics::FaceService>(
      *store_, biometrics::FaceServiceOptions{.template_key_hex = opts.template_key_hex});
  routes_ = app::AllRoutes(*services_, "test");
  std::vector<api::Route> served = app::AllRoutes(*services_, "test");
  if (opts.edit_routes) {
    opts.edit_routes(routes_);
    opts.edit_routes(served);
  }
  api::ServerOptions server_options;
  server_options.host = opts.host;
  server_options.port = 0;
  server_options.web_dir = opts.web_dir;
  server_options.version = "test";
  if (opts.edit_server) opts.edit_server(server_options);
  auth::AuthService* auth = auth_.get();
  auto server = api::Server::Create(
      server_options, std::move(served),
      [auth](const std::string& token) { return auth->Authenticate(token); },
      services_->metrics);
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
  client_ = std::make_unique<istmo::testing::HttpClient>(opts.host, server_->port());
}

ApiHarness::~ApiHarness() {
  if (server_) server_->Stop();
}

Reply ApiHarness::Send(const Call& call) {
  Reply out;
  if (!client_) return out;
  istmo::testing::HttpHeaders headers = call.headers;
  if (!call.token.empty()) headers.emplace("Authorization", "Bearer " + call.token);
  if (call.method != "GET" && call.method != "POST" && call.method != "PATCH" &&
      call.method != "PUT" && call.method != "DELETE") {
    ADD_FAILURE() << "unsupported method " << call.method;
    return out;
  }
  static_cast<istmo::testing::HttpReply&>(out) =
      client_->Send(call.method, call.path, headers, call.body.value_or(""), call.content_type);
  out.body_json = json::parse(out.body, nullptr, false);
  return out;
}

auth::Organization ApiHarness::AddOrg(const std::string& name, const std::string& country,
                                      const std::string& kind) {
  auto org = auth_->CreateOrganization(store::AccessScope::System(),
                                       {name, name + " (full name)", country, kind});
  EXPECT_TRUE(org) << org.error().ToString();
  return org.value_or(auth::Organization{});
}

auth::User ApiHarness::AddUser(const std::string& org_id, const std::string& username,
                               store::Role role) {
  auto user = auth_->CreateUser(store::AccessScope::System(),
                                {.org_id = org_id,
                                 .username = username,
                                 .display_name = "User " + username,
                                 .password = kPassword,
                                 .roles = static_cast<std::uint8_t>(role)});
  EXPECT_TRUE(user) << user.error().ToString();
  return user.value_or(auth::User{});
}

std::string ApiHarness::Login(const std::string& username, const std::string& password) {
  Reply r = PostJson("/api/v1/auth/login", {{"username", username}, {"password", password}});
  EXPECT_EQ(r.status, 200) << "login of " << username << ": " << r.Describe();
  if (r.status != 200 || !r.body_json.is_object()) return {};
  return r.body_json.value("token", std::string());
}

}  // namespace istmo::api::testing

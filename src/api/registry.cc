// The whole API: every module's migrations and routes, in one place (api and cli are the only
// modules that know every other module).
#include "api/services.h"
#include "biometrics/identify.h"
#include "biometrics/routes.h"
#include "migration/encounters.h"
#include "migration/routes.h"

extern char** environ;

namespace istmo::api {

std::vector<store::Migration> AllMigrations() {
  std::vector<store::Migration> all = auth::Migrations();
  for (auto& m : biometrics::Migrations()) all.push_back(std::move(m));
  for (auto& m : migration::Migrations()) all.push_back(std::move(m));
  return all;
}

namespace {

// The face service from the process's settings, with the environment on top (tests set it).
std::shared_ptr<biometrics::FaceService> FacesFromConfig(Services& services) {
  core::Config config = services.config;
  config.MergeEnvironment(environ);
  return std::make_shared<biometrics::FaceService>(
      services.store,
      biometrics::FaceServiceOptions{
          .model_dir = config.GetString("biometrics.model_dir", ""),
          .template_key_hex = config.GetString("biometrics.template_key", "")});
}

}  // namespace

std::vector<Route> AllRoutes(Services& services, const std::string& version) {
  if (!services.faces) services.faces = FacesFromConfig(services);
  std::vector<Route> routes;
  AddPlatformRoutes(routes, services);
  biometrics::AddBiometricsRoutes(routes, services);
  migration::AddMigrationRoutes(routes, services);
  // The OpenAPI document describes every route above, itself included.
  auto doc = std::make_shared<nlohmann::json>();
  routes.push_back(Route{
      .method = "GET", .path = "/api/openapi.json", .tag = "operations",
      .summary = "This OpenAPI 3.0 document", .access = Access::kPublic,
      .handler = [doc](Request&) -> core::Result<Response> { return Response::Json(*doc); }});
  *doc = OpenApiDocument(routes, version);
  return routes;
}

}  // namespace istmo::api

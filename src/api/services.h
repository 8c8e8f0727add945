// api/services.h — what route handlers reach: the store, auth, the clock, reference data, and
// the process's face identification. Built once by `istmo serve` (and by the API tests) and
// shared by every request thread.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "api/metrics.h"
#include "api/route.h"
#include "auth/auth.h"
#include "biometrics/faces.h"
#include "core/config.h"
#include "core/time.h"
#include "store/store.h"

namespace istmo::api {

class Services {
 public:
  Services(store::Store& store_in, auth::AuthService& auth_in, const core::Clock& clock_in,
           std::string data_dir_in)
      : store(store_in), auth(auth_in), clock(clock_in), data_dir(std::move(data_dir_in)) {}

  store::Store& store;
  auth::AuthService& auth;
  const core::Clock& clock;
  std::string data_dir;  // the product's reference data (data/: geo layers, stations)
  core::Config config;   // the process's settings (file < environment < flags) for modules
  Metrics metrics;
  // One per process, so that one index sees every enrolment. AllRoutes creates it from config
  // (biometrics.model_dir, biometrics.template_key) when the caller has not set one.
  std::shared_ptr<biometrics::FaceService> faces;
};

// Every migration of every module, in order, for store::Store::Open.
std::vector<store::Migration> AllMigrations();

// The route table of the whole API (platform routes and every module's).
std::vector<Route> AllRoutes(Services& services, const std::string& version);

// Platform routes: auth, me, organizations, users, audit, alerts, geo, health, metrics.
void AddPlatformRoutes(std::vector<Route>& routes, Services& services);

}  // namespace istmo::api

// app/services.h — what the platform's route handlers reach: the store, auth, the clock, the
// process's settings and metrics, reference data, and the process's face service. Built once by
// `istmo serve` (and by the API tests) and shared by every request thread.
//
// Only the composition root (src/app) sees this struct. A module's routes receive their own
// narrow deps struct (e.g. migration::RouteDeps), built from it in app.cc.
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
#include "maritime/alerts.h"
#include "maritime/detect.h"
#include "maritime/feeds.h"
#include "maritime/live.h"
#include "maritime/picture.h"
#include "maritime/detect.h"
#include "maritime/watchlists.h"
#include "maritime/zones.h"
#include "store/store.h"

namespace istmo::app {

class Services {
 public:
  Services(store::Store& store_in, auth::AuthService& auth_in, const core::Clock& clock_in,
           std::string data_dir_in)
      : store(store_in), auth(auth_in), clock(clock_in), data_dir(std::move(data_dir_in)) {}

  store::Store& store;
  auth::AuthService& auth;
  const core::Clock& clock;
  std::string data_dir;  // the product's reference data (data/: geo layers, stations)
  core::Config config;   // the process's settings, resolved once (file < environment < flags)
  api::Metrics metrics;
  // One per process, so that one index sees every enrolment. Required by AllRoutes.
  std::shared_ptr<biometrics::FaceService> faces;
  // The maritime picture (latest state, registry) of this process; AllRoutes loads it from the
  // store when unset.
  std::shared_ptr<maritime::Picture> maritime;
  // The live feeds and the live stream on that picture; AllRoutes creates them when unset
  // (with no feed running: `istmo serve` starts the configured and stored ones).
  std::shared_ptr<maritime::FeedManager> maritime_feeds;
  std::shared_ptr<maritime::LiveHub> maritime_live;
  // The zones (built-in + areas of interest) of this process, for the routes and every feed's
  // Ingestor (IngestOptions::zones); AllRoutes loads it from the store when unset.
  std::shared_ptr<maritime::Zones> zones;
  // The behaviour detectors of every feed and of the demo's simulator (IngestOptions::detectors),
  // on the zones' geography; AllRoutes creates them when unset.
  std::shared_ptr<maritime::Detectors> detectors;
  // The alerts of their events (IngestOptions::alerts), owned as config says
  // (MaritimeAlertOptions in app.h); AllRoutes creates them when unset.
  std::shared_ptr<maritime::DetectionAlerts> maritime_alerts;
  // The vessel watchlists' matcher for every feed (IngestOptions::watch) and their routes;
  // AllRoutes loads it from the store when unset.
  std::shared_ptr<maritime::VesselWatch> vessel_watch;
};

// Platform routes: auth, me, organizations, users, audit, alerts, geo, health, metrics.
void AddPlatformRoutes(std::vector<api::Route>& routes, Services& services);

}  // namespace istmo::app

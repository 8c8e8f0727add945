// app/app.h — the composition root: the only code that knows every module.
//
// Modules plug in downward (DuckDB's extension direction): each offers `Migrations()` and
// `AddRoutes(routes, const RouteDeps&)` with its own narrow deps struct, and never includes
// this folder or another module's internals. This file lists them, resolves the process's
// configuration once (file < ISTMO_* environment < flags), opens the store, auth and the face
// service, and wires `istmo serve`. See docs/architecture.md for how a new module plugs in.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "api/route.h"
#include "api/server.h"
#include "app/services.h"
#include "auth/auth.h"
#include "biometrics/faces.h"
#include "core/config.h"
#include "core/result.h"
#include "core/time.h"
#include "maritime/alerts.h"
#include "store/store.h"

namespace istmo::app {

// Every migration of every module, in order, for store::Store::Open.
std::vector<store::Migration> AllMigrations();

// The route table of the whole API: the platform's routes, every module's, and the OpenAPI
// document that describes them. services.faces must be set.
std::vector<api::Route> AllRoutes(Services& services, const std::string& version);

// The process's configuration: the file (when given) < ISTMO_* environment < `overrides`
// (command-line flags, as key/value). Also sets up logging from log.*.
core::Result<core::Config> LoadConfig(const std::string& file,
                                      const std::vector<std::pair<std::string, std::string>>& overrides);

// Who owns the maritime detectors' alerts (maritime/alerts.h): `maritime.alerts_owner` names an
// organization (name or id) and `maritime.alerts_releasability` where its alerts go besides it
// ("PAN,USA", "org:<id>", "ALL"; default: the owner alone). Without an owner, or with one that
// names no organization or a bad releasability, no alert is raised: the options have no owner and
// the reason is logged, once per call (a process calls it once). geography is left unset.
maritime::DetectionAlertOptions MaritimeAlertOptions(const core::Config& config,
                                                     auth::AuthService& auth);

// What a command that touches the database opens.
struct Runtime {
  core::Config config;
  std::string db;  // the database's location (the `db` setting)
  std::unique_ptr<store::Store> store;
  std::unique_ptr<auth::AuthService> auth;
  // Face identification on this database, opened on first use, from biometrics.model_dir and
  // biometrics.template_key (or the key file beside the database, created once, mode 0600, by
  // the commands that may enrol faces: RuntimeOptions).
  std::shared_ptr<biometrics::FaceService> faces;
};

struct RuntimeOptions {
  // Create the template key file when no key is configured and the file is missing. Only what
  // may enrol faces sets it (`istmo serve`, registration and watchlist commands, the demo); any
  // other command reads an existing file and otherwise runs without a key, creating nothing.
  bool create_template_key = false;
};

// Opens the database named by `db` (default var/istmo.db, whose folder is created), applying
// every module's migrations, and the services on it. Logs a warning when the template key file
// is open to group or others.
core::Result<Runtime> OpenRuntime(core::Config config, const RuntimeOptions& options = {});

// Default folders of a deployment: the built web app and the reference data.
struct Folders {
  std::string web_dir;   // server.web_dir when unset
  std::string data_dir;  // data_dir when unset
};

// Erases the face photos past their organization's retention (biometrics/photos.h) as the
// system, and logs what it erased. Used by `istmo serve` and `istmo biometrics photos purge`.
core::Result<std::int64_t> PurgeExpiredPhotos(store::Store& store, core::Timestamp now);

// A running `istmo serve`. Destroy it to stop (the server first, then what it uses).
class Serving {
 public:
  ~Serving();
  api::Server& server() { return *server_; }
  Services& services() { return *services_; }

  // Builds the services and route table on `runtime`, loads the face index (logging
  // faces_unavailable and serving the rest when it cannot), purges expired photos once, binds
  // and starts serving with the server.* settings, then purges expired photos every
  // biometrics.photo_purge_interval_minutes (default 60). kUnavailable when the address is
  // taken. Also starts the live AIS feeds (maritime.feeds.* and those the admin API stored)
  // and, when maritime.track_retention_days is set, purges older track points at start and on
  // the same interval as the photos. With maritime.simulate_vessels > 0 (the demo) it also
  // feeds that many simulated vessels around Panama into the maritime picture in real time
  // (maritime/traffic.h; seed maritime.simulate_seed).
  static core::Result<std::unique_ptr<Serving>> Start(Runtime& runtime, const Folders& defaults,
                                                      const std::string& version);

 private:
  Serving() = default;
  void Sweep(std::chrono::minutes interval);  // the photo (and track) purge thread's loop
  void PurgeTracks();                          // per maritime.track_retention_days
  // The demo traffic thread's loop (maritime.simulate_vessels > 0); stops with sweep_cv_.
  void Simulate(std::size_t vessels, std::uint64_t seed);

  std::unique_ptr<Services> services_;
  std::unique_ptr<api::Server> server_;
  std::mutex sweep_mu_;
  std::condition_variable sweep_cv_;
  bool stopping_ = false;
  int track_retention_days_ = 0;  // 0: tracks are kept
  std::thread sweeper_;
  std::thread simulator_;
};

}  // namespace istmo::app

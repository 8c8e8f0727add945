// The composition root: every module's migrations and routes, the process's configuration and
// the serve wiring, in one place.
#include "app/app.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>

#include "app/crew_directory.h"
#include "biometrics/identify.h"
#include "canal/records.h"
#include "canal/routes.h"
#include "biometrics/photos.h"
#include "biometrics/routes.h"
#include "core/id.h"
#include "core/log.h"
#include "maritime/cases.h"
#include "maritime/ingest.h"
#include "maritime/routes.h"
#include "maritime/traffic.h"
#include "migration/encounters.h"
#include "migration/people.h"
#include "migration/routes.h"

extern char** environ;

namespace istmo::app {

std::vector<store::Migration> AllMigrations() {
  std::vector<store::Migration> all = {
      // The one row /healthz rewrites to prove that the database accepts writes.
      {"app", 1, "health probe", R"sql(
CREATE TABLE health_probe (
  id  INTEGER PRIMARY KEY CHECK (id = 1),
  at  TEXT NOT NULL
);
)sql"},
  };
  for (auto& m : auth::Migrations()) all.push_back(std::move(m));
  for (auto& m : biometrics::Migrations()) all.push_back(std::move(m));
  for (auto& m : migration::Migrations()) all.push_back(std::move(m));
  for (auto& m : maritime::Migrations()) all.push_back(std::move(m));
  for (auto& m : maritime::FeedMigrations()) all.push_back(std::move(m));
  for (auto& m : maritime::CaseMigrations()) all.push_back(std::move(m));
  all.push_back(maritime::DetectionAlertMigration());
  for (auto& m : maritime::WatchlistMigrations()) all.push_back(std::move(m));
  for (auto& m : canal::Migrations()) all.push_back(std::move(m));
  return all;
}

std::vector<api::Route> AllRoutes(Services& services, const std::string& version) {
  ISTMO_CHECK(services.faces != nullptr);
  std::vector<api::Route> routes;
  AddPlatformRoutes(routes, services);
  // Candidates are named from migration's encounters: biometrics asks, migration answers.
  biometrics::AddRoutes(routes, {.store = services.store,
                                 .clock = services.clock,
                                 .faces = *services.faces,
                                 .people = &migration::EncounterPeople()});
  migration::AddRoutes(routes, {.store = services.store,
                                .clock = services.clock,
                                .faces = *services.faces});
  if (services.maritime == nullptr) {
    services.maritime = std::make_shared<maritime::Picture>();
    // An unreadable registry leaves the picture empty until feeds refill it; it is logged.
    if (auto loaded = maritime::LoadPicture(services.store, *services.maritime); !loaded) {
      core::log::Error("maritime_picture_not_loaded", {{"error", loaded.error().message}});
    }
  }
  if (services.zones == nullptr) {
    services.zones = std::make_shared<maritime::Zones>();
    // Without the stored areas of interest the built-in zones still work; it is logged.
    if (auto loaded = services.zones->Reload(services.store); !loaded) {
      core::log::Error("maritime_zones_not_loaded", {{"error", loaded.error().message}});
    }
  }
  if (services.detectors == nullptr) {
    // Built with the zone index of start-up: areas of interest added later get no thresholds
    // of their own until a restart (DetectorConfig::by_zone is empty by default anyway).
    const maritime::DetectorConfig config;
    services.detectors = std::make_shared<maritime::Detectors>(
        config, maritime::ZoneGeography(services.zones->index(), config));
  }
  if (services.maritime_alerts == nullptr) {
    maritime::DetectionAlertOptions options = MaritimeAlertOptions(services.config, services.auth);
    options.geography =
        maritime::ZoneGeography(services.zones->index(), maritime::DetectorConfig{});
    services.maritime_alerts = std::make_shared<maritime::DetectionAlerts>(std::move(options));
  }
  if (services.vessel_watch == nullptr) {
    services.vessel_watch = std::make_shared<maritime::VesselWatch>(services.store);
    // Unreadable watchlists raise no zone-entry alert until the next change reloads them; logged.
    if (auto loaded = services.vessel_watch->Load(); !loaded) {
      core::log::Error("maritime_watchlists_not_loaded", {{"error", loaded.error().message}});
    }
  }
  if (services.maritime_feeds == nullptr) {
    services.maritime_feeds = std::make_shared<maritime::FeedManager>(
        services.store, *services.maritime,
        maritime::FeedOptions{.zones = services.zones.get(),
                              .detectors = services.detectors.get(),
                              .alerts = services.maritime_alerts.get(),
                              .watch = services.vessel_watch.get()});
    services.metrics.AddCollector(
        [weak = std::weak_ptr<maritime::FeedManager>(services.maritime_feeds)] {
          auto feeds = weak.lock();
          return feeds == nullptr ? std::string() : feeds->RenderMetrics();
        });
  }
  if (services.maritime_live == nullptr) {
    services.maritime_live = std::make_shared<maritime::LiveHub>(*services.maritime);
  }
  maritime::AddRoutes(routes, {.store = services.store,
                               .clock = services.clock,
                               .picture = *services.maritime,
                               .zones = *services.zones,
                               .feeds = services.maritime_feeds.get(),
                               .live = services.maritime_live.get(),
                               // Case crews are migration's encounters and cases are assigned
                               // to auth's organizations: the root answers both questions.
                               .crew = &EncounterCrew(),
                               .find_org = [&auth = services.auth](const std::string& id)
                                   -> core::Result<maritime::CaseOrg> {
                                 ISTMO_ASSIGN_OR_RETURN(auto org, auth.FindOrganization(id));
                                 return maritime::CaseOrg{org.id, org.name};
                               },
                               .watch = services.vessel_watch.get()});
  canal::AddRoutes(routes, {.store = services.store, .clock = services.clock});
  // The OpenAPI document describes every route above, itself included.
  auto doc = std::make_shared<nlohmann::json>();
  routes.push_back(api::Route{
      .method = "GET", .path = "/api/openapi.json", .tag = "operations",
      .summary = "This OpenAPI 3.0 document", .access = api::Access::kPublic,
      .handler = [doc](api::Request&) -> core::Result<api::Response> {
        return api::Response::Json(*doc);
      }});
  *doc = api::OpenApiDocument(routes, version);
  return routes;
}

maritime::DetectionAlertOptions MaritimeAlertOptions(const core::Config& config,
                                                     auth::AuthService& auth) {
  maritime::DetectionAlertOptions out;
  const std::string owner = config.GetString("maritime.alerts_owner", "");
  if (owner.empty()) {
    core::log::Info("maritime_alerts_off",
                    {{"hint", "set maritime.alerts_owner to the organization that owns them"}});
    return out;
  }
  auto org = auth.FindOrganization(owner);
  if (!org) {
    core::log::Error("maritime_alerts_off", {{"owner", owner}, {"error", org.error().message}});
    return out;
  }
  std::vector<std::string> targets;
  const std::string list = config.GetString("maritime.alerts_releasability", "");
  for (std::size_t at = 0; at <= list.size();) {
    const std::size_t comma = std::min(list.find(',', at), list.size());
    std::string item = list.substr(at, comma - at);
    item.erase(0, item.find_first_not_of(' '));
    item.erase(item.find_last_not_of(' ') + 1);
    if (!item.empty()) targets.push_back(item);
    at = comma + 1;
  }
  auto releasability = store::NormalizeReleasability(targets);
  if (!releasability) {
    core::log::Error("maritime_alerts_off",
                     {{"releasability", list}, {"error", releasability.error().message}});
    return out;
  }
  out.owner_org = org->id;
  out.releasability = std::move(*releasability);
  core::log::Info("maritime_alerts_on", {{"owner", org->name}, {"releasability", list}});
  return out;
}

core::Result<core::Config> LoadConfig(
    const std::string& file, const std::vector<std::pair<std::string, std::string>>& overrides) {
  core::Config config;
  if (!file.empty()) {
    ISTMO_ASSIGN_OR_RETURN(config, core::Config::Load(file));
  }
  config.MergeEnvironment(environ);
  for (const auto& [key, value] : overrides) config.Set(key, value);

  core::log::Options log;
  ISTMO_ASSIGN_OR_RETURN(log.level, core::log::ParseLevel(config.GetString("log.level", "info")));
  ISTMO_ASSIGN_OR_RETURN(log.json, config.GetBool("log.json", false));
  log.file = config.GetString("log.file", "");
  ISTMO_RETURN_IF_ERROR(core::log::Init(log));
  return config;
}

namespace {

constexpr const char* kDefaultDb = "var/istmo.db";

// The key unseals every face template: anyone who can read the file (and the database) can
// read the biometric data. A key file open to group or others is served anyway, with a warning.
void WarnIfKeyFileShared(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) == 0 && (st.st_mode & 077) != 0) {
    char text[8];
    std::snprintf(text, sizeof text, "%04o", static_cast<unsigned>(st.st_mode & 07777));
    core::log::Warn("template_key_file_mode",
                    {{"file", path}, {"mode", text}, {"hint", "chmod 600 it"}});
  }
}

// Face templates are sealed with biometrics.template_key. When none is configured, the key is
// kept in a file beside the database (created once, mode 0600), so that a station's photos work
// out of the box; production sets the key from its secret store instead. Only a command that
// may enrol faces creates the file: a read-only command (audit verify, a listing) reads an
// existing one and otherwise leaves faces without a key, so that it changes nothing on disk.
core::Status EnsureTemplateKey(Runtime& rt, bool may_create) {
  if (!rt.config.GetString("biometrics.template_key", "").empty()) return core::Ok();
  std::string path = rt.config.GetString("biometrics.template_key_file", rt.db + ".key");
  std::string hex;
  std::error_code ec;
  if (std::filesystem::exists(path, ec)) {
    std::ifstream in(path);
    if (!in) {
      return core::Error{core::ErrorCode::kPermissionDenied,
                         "the template key file " + path + " is not readable by this user",
                         "biometrics.template_key_file", 0};
    }
    std::getline(in, hex);
    WarnIfKeyFileShared(path);
  } else if (!may_create) {
    return core::Ok();
  } else {
    unsigned char raw[32];
    core::RandomBytes(raw, sizeof raw);
    hex = core::HexEncode(raw, sizeof raw);
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
      return core::InvalidArgument("cannot create the template key file " + path + ": " +
                                       std::strerror(errno),
                                   "biometrics.template_key_file");
    }
    std::string line = hex + "\n";
    bool ok = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size()) &&
              ::fsync(fd) == 0;
    ::close(fd);
    if (!ok) return core::Internal("cannot write the template key file " + path);
    core::log::Info("template_key_created", {{"file", path}});
  }
  if (hex.size() != 64) {
    return core::InvalidArgument(path + " does not hold a 64-hex-digit key",
                                 "biometrics.template_key_file");
  }
  rt.config.Set("biometrics.template_key", hex);
  return core::Ok();
}

}  // namespace

core::Result<Runtime> OpenRuntime(core::Config config, const RuntimeOptions& runtime_options) {
  Runtime rt;
  rt.config = std::move(config);
  rt.db = rt.config.GetString("db", kDefaultDb);
  if (rt.db == kDefaultDb) {
    std::error_code ec;
    std::filesystem::create_directories(std::filesystem::path(rt.db).parent_path(), ec);
  }
  ISTMO_ASSIGN_OR_RETURN(
      rt.store, store::Store::Open({.url = rt.db, .site_id = rt.config.GetString("site.id", "")},
                                   AllMigrations()));
  ISTMO_RETURN_IF_ERROR(EnsureTemplateKey(rt, runtime_options.create_template_key));
  rt.faces = std::make_shared<biometrics::FaceService>(
      *rt.store, biometrics::FaceServiceOptions{
                     .model_dir = rt.config.GetString("biometrics.model_dir", ""),
                     .template_key_hex = rt.config.GetString("biometrics.template_key", "")});
  auth::Options options;
  ISTMO_ASSIGN_OR_RETURN(auto ttl_minutes,
                         rt.config.GetInt("auth.token_ttl_minutes", 12 * 60, 1, 60 * 24 * 30));
  options.token_ttl = std::chrono::minutes(ttl_minutes);
  rt.auth = std::make_unique<auth::AuthService>(*rt.store, core::SystemClock::Get(), options);
  return rt;
}

core::Result<std::int64_t> PurgeExpiredPhotos(store::Store& store, core::Timestamp now) {
  ISTMO_ASSIGN_OR_RETURN(auto purge,
                         store.Write<biometrics::PhotoPurge>([&](store::Connection& tx) {
                           return biometrics::PurgePhotos(tx, store::AccessScope::System(), now);
                         }));
  if (purge.erased > 0) {
    core::log::Info("photos_purged", {{"erased", std::to_string(purge.erased)},
                                      {"organizations", std::to_string(purge.by_org.size())}});
  }
  return purge.erased;
}

Serving::~Serving() {
  if (server_) server_->Stop();  // finishes running requests before the services go
  {
    std::lock_guard lock(sweep_mu_);
    stopping_ = true;
  }
  sweep_cv_.notify_all();
  if (sweeper_.joinable()) sweeper_.join();
  if (simulator_.joinable()) simulator_.join();
}

// The demo's live traffic: the Panama traffic generator (maritime/traffic.h) from six minutes
// ago, so that every ship already has its name, then in real time, through the path a live
// feed takes (NMEA lines -> Ingestor -> picture and store).
void Serving::Simulate(std::size_t vessels, std::uint64_t seed) {
  const std::int64_t start = core::ToUnixSeconds(services_->clock.Now()) - 360;
  auto generator = maritime::TrafficGenerator::Create(
      {.vessels = vessels, .seed = seed, .start_unix = start, .station = "istmo-sim"});
  if (!generator) {
    core::log::Error("maritime_simulator_not_started", {{"error", generator.error().message}});
    return;
  }
  maritime::Ingestor ingestor(services_->store, *services_->maritime,
                              {.feed = "istmo-sim",
                               .zones = services_->zones.get(),
                               .detectors = services_->detectors.get(),
                               .alerts = services_->maritime_alerts.get(),
                               .watch = services_->vessel_watch.get()});
  core::log::Info("maritime_simulator_started", {{"vessels", std::to_string(vessels)}});
  std::string chunk;
  std::unique_lock lock(sweep_mu_);
  for (int step = 1;; ++step) {
    lock.unlock();
    chunk.clear();
    (*generator)->AdvanceTo(core::ToUnixSeconds(services_->clock.Now()) + 1, &chunk);
    core::Status fed = ingestor.AddBuffer(chunk);
    // Track points reach the store every half minute, not only when a batch fills.
    if (fed && step % 15 == 0) fed = ingestor.Flush();
    if (!fed) core::log::Warn("maritime_simulator_store", {{"error", fed.error().message}});
    lock.lock();
    if (sweep_cv_.wait_for(lock, std::chrono::seconds(2), [this] { return stopping_; })) break;
  }
  lock.unlock();
  if (core::Status done = ingestor.Finish(); !done) {
    core::log::Warn("maritime_simulator_store", {{"error", done.error().message}});
  }
}

void Serving::Sweep(std::chrono::minutes interval) {
  std::unique_lock lock(sweep_mu_);
  while (!sweep_cv_.wait_for(lock, interval, [this] { return stopping_; })) {
    lock.unlock();
    if (auto purged = PurgeExpiredPhotos(services_->store, services_->clock.Now()); !purged) {
      core::log::Warn("photo_purge_failed", {{"error", purged.error().message}});
    }
    PurgeTracks();
    lock.lock();
  }
}

void Serving::PurgeTracks() {
  if (track_retention_days_ <= 0) return;
  const core::Timestamp now = services_->clock.Now();
  auto purged = maritime::PurgeTrackPoints(
      services_->store, now - std::chrono::hours(24) * track_retention_days_, now);
  if (!purged) {
    core::log::Warn("track_purge_failed", {{"error", purged.error().message}});
  } else if (*purged > 0) {
    core::log::Info("track_points_purged", {{"deleted", std::to_string(*purged)}});
  }
}

core::Result<std::unique_ptr<Serving>> Serving::Start(Runtime& rt, const Folders& defaults,
                                                      const std::string& version) {
  const core::Config& config = rt.config;
  api::ServerOptions options;
  options.version = version;
  options.host = config.GetString("server.host", "127.0.0.1");
  ISTMO_ASSIGN_OR_RETURN(auto port, config.GetInt("server.port", 8080, 0, 65535));
  options.port = static_cast<int>(port);
  options.web_dir = config.GetString("server.web_dir", defaults.web_dir);
  options.tls_cert = config.GetString("server.tls_cert", "");
  options.tls_key = config.GetString("server.tls_key", "");
  // Deadlines, caps and pools (docs/operations.md); the defaults suit 2 cores.
  auto setting = [&config](const char* key, int& value, std::int64_t min,
                           std::int64_t max) -> core::Status {
    ISTMO_ASSIGN_OR_RETURN(auto v, config.GetInt(key, value, min, max));
    value = static_cast<int>(v);
    return core::Ok();
  };
  ISTMO_RETURN_IF_ERROR(setting("server.header_timeout_seconds", options.header_timeout_seconds, 1, 600));
  ISTMO_RETURN_IF_ERROR(setting("server.read_timeout_seconds", options.read_timeout_seconds, 1, 3600));
  ISTMO_RETURN_IF_ERROR(setting("server.idle_timeout_seconds", options.idle_timeout_seconds, 1, 3600));
  ISTMO_RETURN_IF_ERROR(setting("server.max_connections_per_client",
                                options.max_connections_per_client, 1, 100000));
  ISTMO_RETURN_IF_ERROR(setting("server.io_threads", options.io_threads, 1, 64));
  for (auto [name, pool] : {std::pair{"default", &options.default_pool},
                            std::pair{"password", &options.password_pool},
                            std::pair{"faces", &options.faces_pool},
                            std::pair{"reports", &options.reports_pool}}) {
    const std::string prefix = std::string("server.pool.") + name;
    ISTMO_RETURN_IF_ERROR(setting((prefix + ".workers").c_str(), pool->workers, 1, 256));
    int queue = static_cast<int>(pool->queue);
    ISTMO_RETURN_IF_ERROR(setting((prefix + ".queue").c_str(), queue, 0, 100000));
    pool->queue = static_cast<std::size_t>(queue);
  }
  const std::string data_dir = config.GetString("data_dir", defaults.data_dir);
  if (options.web_dir.empty()) {
    core::log::Warn("no_web_app", {{"hint", "build it with `make web`; the API is served alone"}});
  }

  std::unique_ptr<Serving> serving(new Serving());
  serving->services_ =
      std::make_unique<Services>(*rt.store, *rt.auth, core::SystemClock::Get(), data_dir);
  Services& services = *serving->services_;
  services.config = config;
  services.faces = rt.faces;
  // The face index is loaded before the port opens, so that the first photo does not wait for
  // it; without faces (no models) everything else is still served.
  const auto faces_started = std::chrono::steady_clock::now();
  if (core::Status opened = services.faces->Open(); opened) {
    core::log::Info("faces_ready",
                    {{"templates", std::to_string(services.faces->size())},
                     {"ms", std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(
                                               std::chrono::steady_clock::now() - faces_started)
                                               .count())}});
  } else {
    core::log::Warn("faces_unavailable", {{"error", opened.error().message}});
  }
  // Photos past their organization's retention go before anyone can read them, then on every
  // interval.
  ISTMO_ASSIGN_OR_RETURN(
      auto purge_minutes,
      config.GetInt("biometrics.photo_purge_interval_minutes", 60, 1, 7 * 24 * 60));
  ISTMO_RETURN_IF_ERROR(PurgeExpiredPhotos(services.store, services.clock.Now()));
  ISTMO_ASSIGN_OR_RETURN(auto retention_days,
                         config.GetInt("maritime.track_retention_days", 0, 0, 100 * 366));
  serving->track_retention_days_ = static_cast<int>(retention_days);
  serving->PurgeTracks();
  ISTMO_ASSIGN_OR_RETURN(auto configured_feeds, maritime::FeedsFromConfig(config));
  auth::AuthService& auth = *rt.auth;
  ISTMO_ASSIGN_OR_RETURN(
      serving->server_,
      api::Server::Create(
          options, AllRoutes(services, version),
          [&auth](const std::string& token) { return auth.Authenticate(token); },
          services.metrics));
  ISTMO_RETURN_IF_ERROR(serving->server_->Start());
  // A feed that cannot start (a UDP port taken) is logged; the server and other feeds go on.
  for (const auto& feed : configured_feeds) {
    if (auto started = services.maritime_feeds->Start(feed); !started) {
      core::log::Error("maritime_feed_not_started",
                       {{"feed", feed.name}, {"error", started.error().message}});
    }
  }
  if (auto stored = services.maritime_feeds->StartStored(); !stored) {
    core::log::Error("maritime_feeds_not_read", {{"error", stored.error().message}});
  }
  serving->sweeper_ = std::thread([raw = serving.get(), minutes = purge_minutes] {
    raw->Sweep(std::chrono::minutes(minutes));
  });
  ISTMO_ASSIGN_OR_RETURN(auto simulate_vessels,
                         config.GetInt("maritime.simulate_vessels", 0, 0, 1'000'000));
  ISTMO_ASSIGN_OR_RETURN(
      auto simulate_seed,
      config.GetInt("maritime.simulate_seed", 1, 0, std::numeric_limits<std::int64_t>::max()));
  if (simulate_vessels > 0) {
    serving->simulator_ = std::thread([raw = serving.get(), simulate_vessels, simulate_seed] {
      raw->Simulate(static_cast<std::size_t>(simulate_vessels),
                    static_cast<std::uint64_t>(simulate_seed));
    });
  }
  core::log::Info("serving", {{"url", serving->server_->url()},
                              {"db", rt.db},
                              {"web_dir", options.web_dir},
                              {"data_dir", data_dir}});
  return serving;
}

}  // namespace istmo::app

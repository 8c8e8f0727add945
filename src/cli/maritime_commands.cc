// `istmo maritime ingest` (a receiver log replayed through the path a live feed takes),
// `istmo maritime simulate` (Panama traffic through our AIS encoder) and
// `istmo maritime vessels search`.
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

#include "app/app.h"
#include "app/crew_directory.h"
#include "cli/commands.h"
#include "cli/line_input.h"
#include "cli/runtime.h"
#include "core/time.h"
#include "maritime/alerts.h"
#include "maritime/case_demo.h"
#include "maritime/detect.h"
#include "maritime/ingest.h"
#include "maritime/json.h"
#include "maritime/traffic.h"
#include "maritime/watchlists.h"
#include "maritime/zones.h"
#include "migration/encounters.h"
#include "store/alerts.h"

namespace istmo::cli {
namespace {

struct IngestFlags {
  std::string file = "-";
  double speed = 0;  // 0: as fast as possible (--max)
  std::string feed;
  std::size_t batch = maritime::IngestOptions{}.batch_messages;
  bool json = false;
};

// Replay pacing: the log's own time (tag block, prefix, suffix) runs `speed` times faster than
// the wall clock. Lines without time are not paced.
class Pacer {
 public:
  explicit Pacer(double speed) : speed_(speed) {}
  void Wait(std::int64_t log_us) {
    if (speed_ <= 0 || log_us == 0) return;
    const auto now = std::chrono::steady_clock::now();
    if (first_log_us_ == 0) {
      first_log_us_ = log_us;
      start_ = now;
      return;
    }
    const auto due = start_ + std::chrono::microseconds(static_cast<std::int64_t>(
                                  static_cast<double>(log_us - first_log_us_) / speed_));
    if (due - now > std::chrono::milliseconds(5)) std::this_thread::sleep_until(due);
  }

 private:
  double speed_;
  std::int64_t first_log_us_ = 0;
  std::chrono::steady_clock::time_point start_;
};

void PrintCounters(const maritime::FeedCounters& c, double seconds) {
  std::printf("lines %llu, messages %llu, other lines %llu\n",
              static_cast<unsigned long long>(c.lines), static_cast<unsigned long long>(c.messages),
              static_cast<unsigned long long>(c.other_lines));
  std::printf("messages by type:");
  for (std::size_t t = 1; t < c.by_type.size(); ++t) {
    if (c.by_type[t] != 0)
      std::printf(" %zu:%llu", t, static_cast<unsigned long long>(c.by_type[t]));
  }
  std::printf("\nbad input:");
  for (std::size_t k = 0; k < c.bad.size(); ++k) {
    std::printf(" %s %llu", std::string(ais::BadInputName(static_cast<ais::BadInput>(k))).c_str(),
                static_cast<unsigned long long>(c.bad[k]));
  }
  std::printf(
      "\nstations new %llu; stale %llu; no position %llu; implausible %llu; track points %llu; "
      "identity changes %llu; detections %llu; batches %llu\n",
      static_cast<unsigned long long>(c.new_stations), static_cast<unsigned long long>(c.stale),
      static_cast<unsigned long long>(c.no_position),
      static_cast<unsigned long long>(c.implausible),
      static_cast<unsigned long long>(c.track_points),
      static_cast<unsigned long long>(c.identity_changes),
      static_cast<unsigned long long>(c.detections),
      static_cast<unsigned long long>(c.batches));
  std::printf("%.3f s, %.0f messages/s\n", seconds,
              seconds > 0 ? static_cast<double>(c.messages) / seconds : 0.0);
}

void Ingest(const IngestFlags& f) {
  File in = OrFail(OpenInput(f.file));
  Runtime rt = OrFail(OpenRuntime());
  maritime::Picture picture;
  OrFail(maritime::LoadPicture(*rt.store, picture));
  maritime::Zones zones;
  OrFail(zones.Reload(*rt.store));
  // The same detectors as `istmo serve`'s feeds, so that a replayed log stores the events the
  // live feed stored.
  const maritime::DetectorConfig detector_config;
  maritime::Detectors detectors(detector_config,
                                maritime::ZoneGeography(zones.index(), detector_config));
  // And the same alerts: a replayed log raises what the live feed raised.
  maritime::DetectionAlertOptions alert_options = app::MaritimeAlertOptions(rt.config, *rt.auth);
  alert_options.geography = maritime::ZoneGeography(zones.index(), detector_config);
  const maritime::DetectionAlerts alerts(std::move(alert_options));
  // ...and the same watchlists: a listed vessel entering a zone raises its alert.
  maritime::VesselWatch watch(*rt.store);
  OrFail(watch.Load());
  maritime::Ingestor ingestor(
      *rt.store, picture,
      {.feed = f.feed.empty() ? (f.file == "-" ? std::string("stdin") : f.file) : f.feed,
       .batch_messages = f.batch,
       .judge_jumps_on_arrival_time = f.speed > 0,
       .zones = &zones,
       .detectors = &detectors,
       .alerts = &alerts,
       .watch = &watch});
  Pacer pacer(f.speed);
  core::Status failed = core::Ok();
  const auto start = std::chrono::steady_clock::now();
  OrFail(ForEachLine(in.get(), f.file, [&](std::string_view line) {
    if (!failed) return;
    failed = ingestor.AddLine(line);
    pacer.Wait(ingestor.counters().last_message_us);
  }));
  OrFail(failed);
  OrFail(ingestor.Finish());
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (f.json) {
    std::printf("%s\n", maritime::FeedCountersJson(ingestor.counters()).dump().c_str());
  } else {
    PrintCounters(ingestor.counters(), seconds);
  }
}

struct SimulateFlags {
  std::size_t vessels = 1500;
  double hours = 1;
  std::uint64_t seed = 1;
  std::string start;  // ISO 8601; empty: now, to the minute
  std::string output = "-";
  double daily_transits = maritime::kUsualDailyCanalTransits;
  std::string station = "istmo-sim";
  bool scenarios = false;
  std::string labels;  // JSON file of the scenarios' labels; empty: none
};

// The scenarios' labels as a JSON array (docs/maritime.md "Labelled scenarios").
void WriteLabels(const std::vector<maritime::ScenarioLabel>& labels, const std::string& path) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& l : labels) {
    nlohmann::json j = {{"scenario", l.scenario},
                        {"kind", maritime::DetectionKindName(l.kind)},
                        {"negative", l.negative},
                        {"mmsi", l.mmsi},
                        {"start", core::FormatIso8601(core::FromUnixSeconds(l.start_unix))},
                        {"end", core::FormatIso8601(core::FromUnixSeconds(l.end_unix))},
                        {"lat", l.lat},
                        {"lon", l.lon},
                        {"place", l.place}};
    if (l.partner != 0) j["partner"] = l.partner;
    out.push_back(std::move(j));
  }
  File file(std::fopen(path.c_str(), "wb"));
  const std::string text = out.dump(2) + "\n";
  if (!file || std::fwrite(text.data(), 1, text.size(), file.get()) != text.size()) {
    OrFail(core::Status(
        core::InvalidArgument("cannot write " + path + ": " + std::strerror(errno), "--labels")));
  }
}

// Writes the generated NMEA a simulated minute at a time, so memory stays flat for long runs.
void Simulate(const SimulateFlags& f) {
  std::int64_t start = 0;
  if (f.start.empty()) {
    start = core::ToUnixSeconds(core::SystemClock::Get().Now()) / 60 * 60;
  } else {
    start = core::ToUnixSeconds(OrFail(core::ParseIso8601(f.start)));
  }
  auto generator = OrFail(maritime::TrafficGenerator::Create({.vessels = f.vessels,
                                                              .seed = f.seed,
                                                              .start_unix = start,
                                                              .daily_transits = f.daily_transits,
                                                              .station = f.station,
                                                              .scenarios = f.scenarios}));
  if (!f.labels.empty()) WriteLabels(generator->Scenarios(), f.labels);
  std::FILE* out = stdout;
  File file;
  if (f.output != "-") {
    file.reset(std::fopen(f.output.c_str(), "wb"));
    if (!file) {
      OrFail(core::Status(core::InvalidArgument(
          "cannot write " + f.output + ": " + std::strerror(errno), "--output")));
    }
    out = file.get();
  }
  const auto end = start + static_cast<std::int64_t>(f.hours * 3600);
  std::string chunk;
  for (std::int64_t t = start; t < end;) {
    t = std::min(end, t + 60);
    chunk.clear();
    generator->AdvanceTo(t, &chunk);
    if (std::fwrite(chunk.data(), 1, chunk.size(), out) != chunk.size()) {
      OrFail(core::Status(core::Internal("cannot write " + f.output)));
    }
  }
  if (std::fflush(out) != 0) OrFail(core::Status(core::Internal("cannot write " + f.output)));
  const auto& c = generator->counters();
  std::fprintf(stderr,
               "istmo maritime simulate: %zu stations, %lld s, %llu messages in %llu "
               "sentences; canal transits started %llu, completed %llu\nmessages by type:",
               generator->Stations().size(), static_cast<long long>(end - start),
               static_cast<unsigned long long>(c.messages),
               static_cast<unsigned long long>(c.sentences),
               static_cast<unsigned long long>(c.transits_started),
               static_cast<unsigned long long>(c.transits_completed));
  for (std::size_t t = 1; t < c.by_type.size(); ++t) {
    if (c.by_type[t] != 0) {
      std::fprintf(stderr, " %zu:%llu", t, static_cast<unsigned long long>(c.by_type[t]));
    }
  }
  std::fprintf(stderr, "\n");
}

void Search(const std::string& text, std::size_t limit) {
  Runtime rt = OrFail(OpenRuntime());
  maritime::Picture picture;
  OrFail(maritime::LoadPicture(*rt.store, picture));
  for (const auto& v : picture.Search(text, limit)) {
    std::printf("%s\n", maritime::VesselJson(v).dump().c_str());
  }
}

// Track retention: the days from --older-than, else the setting maritime.track_retention_days
// (default 365).
void Purge(int older_than_days) {
  Runtime rt = OrFail(OpenRuntime());
  const std::int64_t days =
      older_than_days > 0
          ? older_than_days
          : OrFail(rt.config.GetInt("maritime.track_retention_days", 365, 1, 100000));
  const core::Timestamp now = core::SystemClock::Get().Now();
  const std::int64_t deleted =
      OrFail(maritime::PurgeTrackPoints(*rt.store, now - std::chrono::hours(24) * days, now));
  std::printf("deleted %lld track points older than %lld days (each station's last kept)\n",
              static_cast<long long>(deleted), static_cast<long long>(days));
}

}  // namespace

// The demo's maritime alerts: the labelled scenarios (go-fasts from Colombia, a rendezvous at sea,
// a 14 h dark gap, MMSI spoofing, loitering, an identity change; maritime/traffic.h) among 100
// background vessels, over the 31 hours before now, through the path a live feed takes (NMEA
// lines -> Ingestor with zones, detectors and alerts). The alerts are SENAN's, released to PAN
// and USA, as `make run` configures the server for its live traffic. Skipped when maritime
// alerts exist already, so a second `istmo demo` adds nothing.
void LoadMaritimeDemoAlerts(Runtime& rt, const store::AccessScope& senan) {
  const auto existing = OrFail(rt.store->Read<std::vector<store::Alert>>(
      [](store::Connection& c) {
        return store::ListAlerts(c, store::AccessScope::System(),
                                 {.module = "maritime", .limit = 1});
      }));
  if (!existing.empty()) {
    std::fprintf(stderr, "istmo: maritime demo alerts already raised\n");
    return;
  }
  const std::int64_t now = core::ToUnixSeconds(core::SystemClock::Get().Now());
  auto generator = OrFail(maritime::TrafficGenerator::Create(
      {.vessels = 100, .seed = 7, .start_unix = now - 31 * 3600 - now % 60, .scenarios = true}));
  maritime::Picture picture;
  OrFail(maritime::LoadPicture(*rt.store, picture));
  maritime::Zones zones;
  OrFail(zones.Reload(*rt.store));
  const maritime::DetectorConfig config;
  maritime::Detectors detectors(config, maritime::ZoneGeography(zones.index(), config));
  const maritime::DetectionAlerts alerts({.owner_org = senan.org_id,
                                          .releasability = {"PAN", "USA"},
                                          .geography = maritime::ZoneGeography(zones.index(), config)});
  maritime::VesselWatch watch(*rt.store);
  OrFail(watch.Load());
  maritime::Ingestor ingestor(*rt.store, picture,
                              {.feed = "istmo-demo",
                               .zones = &zones,
                               .detectors = &detectors,
                               .alerts = &alerts,
                               .watch = &watch});
  std::string chunk;
  for (std::int64_t until = now - 30 * 3600; ; until += 3600) {
    chunk.clear();
    generator->AdvanceTo(std::min(until, now), &chunk);
    OrFail(ingestor.AddBuffer(chunk));
    if (until >= now) break;
  }
  OrFail(ingestor.Finish());
  const auto raised = OrFail(rt.store->Read<std::vector<store::Alert>>(
      [](store::Connection& c) {
        return store::ListAlerts(c, store::AccessScope::System(),
                                 {.module = "maritime", .limit = 500});
      }));
  std::fprintf(stderr,
               "istmo: maritime demo: %zu alerts of SENAN (released to PAN and USA) from the "
               "scripted scenarios of the last 31 h\n",
               raised.size());
}

void LoadMaritimeDemo(Runtime& rt) {
  const store::AccessScope senan = ActingFor(rt, "SENAN");
  LoadMaritimeDemoAlerts(rt, senan);
  const auto senafront = OrFail(rt.auth->FindOrganization("SENAFRONT"));
  maritime::DemoCaseOptions options{.senan = {senan.org_id, senan.org_name},
                                    .senafront = {senafront.id, senafront.name}};
  // Two Colombian encounters of the migration demo stand for the first case's crew.
  const auto crew = OrFail(rt.store->Read<std::vector<migration::Encounter>>(
      [](store::Connection& c) {
        return migration::ListEncounters(c, store::AccessScope::System(),
                                         {.nationality = "COL", .limit = 2});
      }));
  for (const auto& e : crew) options.crew_encounter_ids.push_back(e.id);
  const int written = OrFail(maritime::LoadDemoCases(*rt.store, senan, options,
                                                     app::EncounterCrew(),
                                                     core::SystemClock::Get().Now()));
  if (written == 0) {
    std::fprintf(stderr, "istmo: maritime demo cases already loaded\n");
    return;
  }
  std::fprintf(stderr,
               "istmo: maritime demo: %d interdiction cases (titles \"[DEMO] ...\", invented), "
               "released to PAN and USA\n",
               written);
}

void AddMaritimeCommands(CLI::App& app) {
  auto* maritime = app.add_subcommand("maritime", "AIS feeds, vessel registry and tracks");
  maritime->require_subcommand(1);

  auto f = std::make_shared<IngestFlags>();
  auto* ingest = maritime->add_subcommand(
      "ingest",
      "Replay an AIS log (NMEA, tag blocks, timestamp prefixes) into the registry and "
      "tracks, printing what it held by kind");
  ingest->add_option("FILE", f->file, "NMEA log, or - for standard input (default)");
  auto* speed =
      ingest->add_option("--speed", f->speed, "Replay N times faster than the log's own time")
          ->check(CLI::PositiveNumber);
  ingest
      ->add_flag_callback(
          "--max", [f] { f->speed = 0; }, "As fast as possible (default)")
      ->excludes(speed);
  ingest->add_option("--feed", f->feed, "Source name for messages without a tag block s:");
  ingest->add_option("--batch", f->batch, "Messages per write transaction")
      ->capture_default_str()
      ->check(CLI::Range(1, 10'000'000));
  ingest->add_flag("--json", f->json, "Counters as one JSON object");
  AddDbOption(ingest);
  ingest->callback([f] { Ingest(*f); });

  auto sim = std::make_shared<SimulateFlags>();
  auto* simulate = maritime->add_subcommand(
      "simulate",
      "Generate AIS traffic around Panama (canal, anchorages, lanes, fishing, coastal) as NMEA "
      "with tag blocks, through Istmo's own AIS encoder");
  simulate->add_option("--vessels", sim->vessels, "Ships and boats (default 1500)")
      ->check(CLI::Range(1, 1'000'000));
  simulate->add_option("--hours", sim->hours, "Hours of traffic (default 1)")
      ->check(CLI::Range(0.0, 24.0 * 366));
  simulate->add_option("--seed", sim->seed, "Seed: the same seed gives the same log (default 1)");
  simulate->add_option("--start", sim->start,
                       "Time of the first report, ISO 8601 (default: now, to the minute)");
  simulate
      ->add_option("--daily-transits", sim->daily_transits,
                   "Canal transits started a day (default 36, ACP's usual figure)")
      ->check(CLI::Range(0.0, 200.0));
  simulate->add_option("--station", sim->station, "Tag block s: (default istmo-sim)");
  simulate->add_option("-o,--output", sim->output, "NMEA file, or - for standard output");
  simulate->add_flag("--scenarios", sim->scenarios,
                     "Add the labelled scenarios (go-fast runs, rendezvous, dark gap, spoofing, "
                     "loitering, hard negatives) within 30 h of the start");
  simulate->add_option("--labels", sim->labels, "Write the scenarios' labels to this JSON file")
      ->needs("--scenarios");
  simulate->callback([sim] { Simulate(*sim); });

  auto days = std::make_shared<int>(0);
  auto* purge = maritime->add_subcommand(
      "purge", "Delete track points older than the retention (each station's last is kept)");
  purge
      ->add_option("--older-than", *days,
                   "Days to keep (default: setting maritime.track_retention_days, else 365)")
      ->check(CLI::Range(1, 100000));
  AddDbOption(purge);
  purge->callback([days] { Purge(*days); });

  auto* vessels = maritime->add_subcommand("vessels", "The vessel registry");
  vessels->require_subcommand(1);
  auto text = std::make_shared<std::string>();
  auto limit = std::make_shared<std::size_t>(20);
  auto* search = vessels->add_subcommand(
      "search",
      "Vessels by name or call sign (part of it), MMSI (its start) or IMO; one JSON "
      "object a line");
  search->add_option("TEXT", *text, "What to look for")->required();
  search->add_option("--limit", *limit, "At most this many (default 20)")
      ->check(CLI::Range(1, 10000));
  AddDbOption(search);
  search->callback([text, limit] { Search(*text, *limit); });
}

}  // namespace istmo::cli

// bench_maritime_ingest — issue 13's figures for the maritime picture, on one core:
//   1. end-to-end ingest of the shared real logs (../shared/data/ais), once;
//   2. end-to-end ingest of a 10M-message replay of simulated Panama traffic: 60,000 vessels
//      (canal queues and transits, lanes, fishing, coastal; class A and B, every report type
//      the demo sends) from maritime::TrafficGenerator through our AIS encoder, NMEA 4
//      tag-blocked, generated beforehand in chunks of 10 simulated seconds (only ingest is
//      timed, and the generator's working set is out of the caches' way), then ingested three
//      times: without the zone test, with it, and with it and the behaviour detectors
//      (IngestOptions::detectors, on the zones' Geography; issue 14: at most 25 % more per
//      message than the same ingest without them);
//   3. memory per tracked vessel (heap in use, before and after);
//   4. bounding-box queries over the 60,000 vessels.
// Rates are messages per second of this process's CPU time (user + system: the decoder, the
// picture and SQLite all run on this one thread). The database is a SQLite file in /tmp. The
// load average is printed with the figures: the machine is shared.
//
//   bench/bench_maritime_ingest [--messages N] [--vessels N] [--db PATH]
//   [--only plain|zones|detect] [--batch N]
// --only runs one of the replays (for a profile of one; detect runs zones too, its reference);
// the figures of the others are 0.
#include <malloc.h>
#include <stdlib.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "ais/decoder.h"
#include "maritime/cpu_time.h"
#include "maritime/detect.h"
#include "maritime/ingest.h"
#include "maritime/picture.h"
#include "maritime/traffic.h"
#include "store/store.h"

namespace {

using namespace istmo;
using istmo::bench::CpuSeconds;
namespace fs = std::filesystem;

// Bytes malloc has handed out: small blocks from its arenas and large ones it mapped on their
// own (a vector of 60,000 vessels is one of those, which uordblks alone leaves out).
std::size_t HeapBytes() {
  const struct mallinfo2 m = mallinfo2();
  return m.uordblks + m.hblkhd;
}

std::string ReadFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::unique_ptr<store::Store> FreshStore(const std::string& path) {
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path + suffix);
  auto s = store::Store::Open({.url = path}, maritime::Migrations());
  if (!s) {
    std::fprintf(stderr, "bench: %s\n", s.error().message.c_str());
    std::exit(70);
  }
  return std::move(s).value();
}

std::string LoadAverage() {
  double load[3] = {0, 0, 0};
  if (getloadavg(load, 3) != 3) return "unknown";
  char text[48];
  std::snprintf(text, sizeof text, "%.2f %.2f %.2f", load[0], load[1], load[2]);
  return text;
}

}  // namespace

int main(int argc, char** argv) {
  std::uint64_t target = 10'000'000;
  std::size_t vessels = 60'000;
  std::string db =
      (fs::temp_directory_path() / ("bench_maritime_" + std::to_string(getpid()) + ".db")).string();
  bool run_plain = true, run_zones = true, run_detect = true;
  std::size_t batch = maritime::IngestOptions{}.batch_messages;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--messages") == 0 && i + 1 < argc) {
      target = std::strtoull(argv[++i], nullptr, 10);
    } else if (std::strcmp(argv[i], "--vessels") == 0 && i + 1 < argc) {
      vessels = std::strtoull(argv[++i], nullptr, 10);
    } else if (std::strcmp(argv[i], "--db") == 0 && i + 1 < argc) {
      db = argv[++i];
    } else if (std::strcmp(argv[i], "--batch") == 0 && i + 1 < argc) {
      batch = std::strtoull(argv[++i], nullptr, 10);
    } else if (std::strcmp(argv[i], "--only") == 0 && i + 1 < argc) {
      const std::string only = argv[++i];
      run_plain = only == "plain";
      run_zones = only == "zones" || only == "detect";
      run_detect = only == "detect";
    } else {
      std::fprintf(
          stderr,
          "usage: %s [--messages N] [--vessels N] [--db PATH] [--only plain|zones|detect] "
          "[--batch N]\n",
          argv[0]);
      return 64;
    }
  }
  core::FakeClock clock(core::FromUnixSeconds(1'750'000'000));
  std::printf("load average at start: %s\n", LoadAverage().c_str());

  // 1. The shared real logs, once, end to end.
  {
    std::string logs;
    std::size_t files = 0;
    const fs::path root = fs::path(ISTMO_SHARED_DATA) / "ais";
    if (fs::exists(root)) {
      std::vector<fs::path> paths;
      for (const auto& e : fs::recursive_directory_iterator(root)) {
        const std::string name = e.path().filename().string();
        if (e.is_regular_file() && name != "SOURCES.md" &&
            name.find(".gpsd.") == std::string::npos) {
          paths.push_back(e.path());
        }
      }
      std::sort(paths.begin(), paths.end());
      for (const auto& p : paths) logs += ReadFile(p) + "\n", ++files;
    }
    auto store = FreshStore(db);
    maritime::Picture picture;
    maritime::Ingestor in(*store, picture, {.clock = &clock});
    const double t0 = CpuSeconds();
    if (!in.AddBuffer(logs) || !in.Finish()) return 70;
    const double cpu = CpuSeconds() - t0;
    const auto c = in.counters();
    std::printf("real logs: %zu files, %zu bytes, %llu messages, %zu stations, %llu track points\n",
                files, logs.size(), static_cast<unsigned long long>(c.messages), picture.size(),
                static_cast<unsigned long long>(c.track_points));
    std::printf("  ingest end to end: %.3f s CPU, %.0f messages/s\n\n", cpu,
                static_cast<double>(c.messages) / cpu);
  }

  // 2. The large synthetic replay: generated first, counted by a decoder of its own (as the
  // ingestor will count it), then ingested from memory.
  std::int64_t t = 1'750'000'000;
  auto made = maritime::TrafficGenerator::Create({.vessels = vessels, .seed = 13, .start_unix = t});
  if (!made) {
    std::fprintf(stderr, "bench: %s\n", made.error().message.c_str());
    return 64;
  }
  const std::unique_ptr<maritime::TrafficGenerator> generator = std::move(made).value();
  const std::size_t stations = generator->Stations().size();  // vessels and fixed stations
  std::vector<std::string> chunks;
  std::uint64_t bytes = 0;
  double generate = 0;
  {
    const double g0 = CpuSeconds();
    ais::Decoder counter(ais::DecoderOptions{.clock = &clock});
    while (counter.stats().messages < target) {
      chunks.emplace_back();
      generator->AdvanceTo(t += 10, &chunks.back());
      bytes += chunks.back().size();
      counter.DecodeBuffer(chunks.back(), [](const ais::Message&) {});
    }
    generate = CpuSeconds() - g0;
  }
  struct Run {
    maritime::FeedCounters counters;
    double cpu = 0;
  };
  auto replay = [&](store::Store& st, maritime::Picture& pic, maritime::Zones* zones,
                    maritime::Detectors* detectors = nullptr) {
    maritime::Ingestor in(st, pic,
                          {.clock = &clock,
                           .batch_messages = batch,
                           .zones = zones,
                           .detectors = detectors});
    Run run;
    for (const std::string& chunk : chunks) {
      const double t0 = CpuSeconds();
      if (!in.AddBuffer(chunk)) std::exit(70);
      run.cpu += CpuSeconds() - t0;
    }
    const double t0 = CpuSeconds();
    if (!in.Finish()) std::exit(70);
    run.cpu += CpuSeconds() - t0;
    run.counters = in.counters();
    return run;
  };

  auto store = FreshStore(db);
  maritime::Picture picture;
  const std::size_t heap_before = HeapBytes();
  Run plain;
  if (run_plain) {
    plain = replay(*store, picture, nullptr);
    std::printf("load average after the replay without zones: %s\n", LoadAverage().c_str());
  }
  const auto& c = plain.counters;
  const double cpu = plain.cpu;
  const double rate = static_cast<double>(c.messages) / cpu;
  // Check before reporting: every message decoded, every vessel in the picture, every track
  // point the ingestor queued in the store, and a picture reloaded from the store agrees.
  auto stored =
      store->Read<std::int64_t>([](store::Connection& conn) -> core::Result<std::int64_t> {
        ISTMO_ASSIGN_OR_RETURN(auto row,
                               conn.QueryOne("SELECT count(*) FROM maritime_track_points"));
        return row->Int(0);
      });
  // 3. Memory per vessel: the picture's heap (states, identities, grid, MMSI index) over the
  // stations it holds, taken before the reloaded copy below adds a second picture; the store's
  // pages are SQLite's and on disk.
  const std::size_t heap_after = HeapBytes();
  maritime::Picture reloaded;
  const bool loaded = static_cast<bool>(maritime::LoadPicture(*store, reloaded));
  const std::uint32_t probe_mmsi = generator->Stations().front().mmsi;  // a canal ship
  const auto probe = picture.Get(probe_mmsi);
  const auto probe_reloaded = reloaded.Get(probe_mmsi);
  if (run_plain && (c.bad_total() != 0 || picture.size() != stations || !stored ||
                    *stored != static_cast<std::int64_t>(c.track_points) || !loaded ||
                    reloaded.size() != stations || !probe || !probe_reloaded ||
                    probe->state.kept_t_us != probe_reloaded->state.kept_t_us ||
                    probe->identity->name != probe_reloaded->identity->name)) {
    std::fprintf(stderr, "bench: the replay's result does not check out\n");
    return 1;
  }
  std::printf("check: %zu vessels, %lld track points stored, reload agrees\n", picture.size(),
              static_cast<long long>(stored ? *stored : -1));
  std::printf(
      "simulated Panama replay: %zu stations, %lld s of traffic, %llu messages (%.1f MB of NMEA, "
      "generated beforehand in %.1f s CPU, not counted), %llu track points, %llu batches\n",
      picture.size(), static_cast<long long>(t - 1'750'000'000),
      static_cast<unsigned long long>(c.messages), bytes / 1e6, generate,
      static_cast<unsigned long long>(c.track_points), static_cast<unsigned long long>(c.batches));
  std::printf("  by type:");
  for (std::size_t type = 1; type < c.by_type.size(); ++type) {
    if (c.by_type[type] != 0) {
      std::printf(" %zu:%llu", type, static_cast<unsigned long long>(c.by_type[type]));
    }
  }
  std::printf("\n  bad input %llu, stale %llu, implausible %llu (the patrol aircraft's 140 kn)\n",
              static_cast<unsigned long long>(c.bad_total()),
              static_cast<unsigned long long>(c.stale),
              static_cast<unsigned long long>(c.implausible));
  std::printf("  ingest end to end: %.2f s CPU\n", cpu);

  // 3b. The track route's query and the purge on this store, with the last 500,000 points
  // moved back to maritime_track_recent: the most a fold_points of 500,000 leaves unfolded.
  double ms_track = 0, ms_track_unfolded = 0, ms_purge = 0;
  std::size_t track_points = 0;
  std::int64_t purged = 0;
  if (run_plain) {
    auto time_track = [&](std::size_t* n) {
      const auto t0 = std::chrono::steady_clock::now();
      auto track = maritime::ReadTrack(*store, probe_mmsi, 0, INT64_MAX, 100000);
      if (!track) std::exit(70);
      *n = track->size();
      return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0)
          .count();
    };
    ms_track = time_track(&track_points);
    const bool moved = static_cast<bool>(store->Write([](store::Connection& tx) -> core::Status {
      ISTMO_ASSIGN_OR_RETURN(
          auto from, tx.QueryOne("SELECT t FROM maritime_track_points ORDER BY t DESC LIMIT 1 "
                                 "OFFSET 499999"));
      const std::int64_t t_from = from ? from->Int(0) : 0;
      ISTMO_RETURN_IF_ERROR(
          tx.Exec("INSERT INTO maritime_track_recent (t, mmsi, lat, lon, sog, cog, heading, flags, "
                  "source) SELECT t, mmsi, lat, lon, sog, cog, heading, flags, source FROM "
                  "maritime_track_points WHERE t >= ?",
                  {t_from}));
      ISTMO_RETURN_IF_ERROR(tx.Exec("DELETE FROM maritime_track_points WHERE t >= ?", {t_from}));
      return core::Ok();
    }));
    std::size_t unfolded_points = 0;
    ms_track_unfolded = time_track(&unfolded_points);
    // Half the replay's time span: about half the points go.
    const auto t0 = std::chrono::steady_clock::now();
    auto p = maritime::PurgeTrackPoints(*store, core::FromUnixSeconds((1'750'000'000 + t) / 2),
                                        clock.Now());
    ms_purge =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    if (!moved || !p || unfolded_points != track_points) {
      std::fprintf(stderr, "bench: the track read from two tables does not check out\n");
      return 1;
    }
    purged = *p;
  }

  const double per_vessel = static_cast<double>(heap_after - heap_before) / picture.size();

  // 4. Bounding boxes over the whole picture: the Gulf of Panama approach (about 1/25 of the
  // region) and the whole region (every vessel).
  auto time_box = [&](const maritime::BoxQuery& q, std::size_t* found, bool states_only) {
    const int reps = 20;
    const auto t0 = std::chrono::steady_clock::now();
    for (int i = 0; i < reps; ++i) {
      *found = states_only ? picture.StatesInBox(q).size() : picture.InBox(q).size();
    }
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0)
               .count() /
           reps;
  };
  std::size_t found_small = 0, found_all = 0;
  const maritime::BoxQuery small{.west = -80, .south = 8, .east = -79, .north = 9};
  const maritime::BoxQuery all{.west = -90, .south = 0, .east = -70, .north = 15};
  const double ms_small = time_box(small, &found_small, false);
  const double ms_all = time_box(all, &found_all, false);
  const double ms_all_states = time_box(all, &found_all, true);

  // 5. The same replay with the zone test (built-in zones: EEZ, territorial sea, contiguous
  // zone, canal, anchorages, ports) and its entry/exit events, on a fresh store and picture.
  maritime::Zones zones;
  Run with_zones;
  if (run_zones) {
    auto zstore = FreshStore(db + ".zones");
    maritime::Picture zpicture;
    with_zones = replay(*zstore, zpicture, &zones);
    std::printf("load average after the replay with zones: %s\n", LoadAverage().c_str());
    const auto& cz = with_zones.counters;
    if ((run_plain && (cz.messages != c.messages || cz.track_points != c.track_points)) ||
        cz.zone_events == 0) {
      std::fprintf(stderr, "bench: the replay with zones does not match the one without\n");
      return 1;
    }
    std::printf("with zones: %llu zone entries and exits stored\n",
                static_cast<unsigned long long>(cz.zone_events));
  }
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(db + ".zones" + suffix);
  const double cpu_zones = with_zones.cpu;
  const auto& cz = with_zones.counters;
  const double rate_zones = static_cast<double>(cz.messages) / cpu_zones;

  // 6. The same with the behaviour detectors (the process's setup: one Detectors on the zones'
  // Geography), on a fresh store, picture and zones.
  Run with_detectors;
  std::int64_t stored_detections = 0;
  if (run_detect) {
    auto dstore = FreshStore(db + ".detect");
    maritime::Picture dpicture;
    maritime::Zones dzones;
    const maritime::DetectorConfig config;
    maritime::Detectors detectors(config, maritime::ZoneGeography(dzones.index(), config));
    with_detectors = replay(*dstore, dpicture, &dzones, &detectors);
    std::printf("load average after the replay with detectors: %s\n", LoadAverage().c_str());
    const auto& cd = with_detectors.counters;
    auto n = dstore->Read<std::int64_t>([](store::Connection& conn) -> core::Result<std::int64_t> {
      ISTMO_ASSIGN_OR_RETURN(auto row, conn.QueryOne("SELECT count(*) FROM maritime_detections"));
      return row->Int(0);
    });
    stored_detections = n ? *n : -1;
    const auto ds = detectors.stats();
    // Every position message reached the detectors, none was stale, and what they found is
    // stored (one row per event: the run's keys are distinct).
    if (cd.messages != cz.messages || cd.track_points != cz.track_points ||
        cd.zone_events != cz.zone_events || ds.stale != 0 || ds.vessels != stations ||
        stored_detections != static_cast<std::int64_t>(cd.detections)) {
      std::fprintf(stderr, "bench: the replay with detectors does not check out (%lld stored of "
                   "%llu events, %llu stale, %zu vessels held)\n",
                   static_cast<long long>(stored_detections),
                   static_cast<unsigned long long>(cd.detections),
                   static_cast<unsigned long long>(ds.stale), ds.vessels);
      return 1;
    }
    std::printf("with detectors: %llu reports judged, %lld events stored:",
                static_cast<unsigned long long>(ds.reports),
                static_cast<long long>(stored_detections));
    for (std::size_t k = 0; k < maritime::kDetectionKinds; ++k) {
      std::printf(" %s %llu",
                  std::string(maritime::DetectionKindName(static_cast<maritime::DetectionKind>(k)))
                      .c_str(),
                  static_cast<unsigned long long>(ds.events[k]));
    }
    std::printf("\n");
  }
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(db + ".detect" + suffix);
  const double ns_zones = cpu_zones * 1e9 / static_cast<double>(cz.messages);
  const double ns_detect =
      with_detectors.cpu * 1e9 / static_cast<double>(with_detectors.counters.messages);
  // The index alone: one Find per station position of the picture, repeated.
  double ns_per_find = 0;
  {
    auto index = zones.index();
    std::vector<std::pair<double, double>> positions;
    for (const maritime::VesselState& st : picture.StatesInBox(all)) {
      positions.emplace_back(st.lat / 600000.0, st.lon / 600000.0);  // 1/10 000 minute
    }
    std::vector<std::uint32_t> found;
    std::size_t hits = 0;
    const int reps = 20;
    const double t0 = CpuSeconds();
    for (int r = 0; r < reps; ++r) {
      for (const auto& [lat, lon] : positions) {
        found.clear();
        index->Find(lat, lon, found);
        hits += found.size();
      }
    }
    ns_per_find = (CpuSeconds() - t0) * 1e9 / (static_cast<double>(reps) * positions.size());
    std::printf("zone index: %zu zones, %zu cells, %zu entries; %zu hits\n", index->zones().size(),
                index->cells(), index->entries(), hits);
  }

  std::printf("\n%-52s %14s %12s %10s\n", "figure (one core)", "measured", "goal", "ratio");
  std::printf("%-52s %14.0f %12s %9.2fx\n", "ingest end to end, messages/s", rate, "1000000",
              rate / 1e6);
  std::printf("%-52s %14.0f %12s %9.2fx\n", "  same with zone test and events, messages/s",
              rate_zones, "1000000", rate_zones / 1e6);
  std::printf("%-52s %14.0f %12s\n", "  ingest with zones, ns/message", ns_zones, "-");
  std::printf("%-52s %14.0f %12s\n", "  same with the detectors, ns/message", ns_detect, "-");
  std::printf("%-52s %13.1f%% %11s%% %9.2fx\n", "  detectors' share added to ingest",
              100 * (ns_detect - ns_zones) / ns_zones, "<= 25",
              25 / (100 * (ns_detect - ns_zones) / ns_zones));
  std::printf("%-52s %14.1f %12s\n", "  zone test alone (ZoneIndex::Find), ns/position",
              ns_per_find, "-");
  std::printf("%-52s %14.0f %12s\n", "memory per vessel, bytes (picture heap)", per_vessel, "-");
  std::printf("%-52s %14zu %12s\n", "  of which VesselState, bytes", sizeof(maritime::VesselState),
              "-");
  char label[96];
  std::snprintf(label, sizeof label, "bbox 1x1 deg over %zu vessels (%zu found), ms",
                picture.size(), found_small);
  std::printf("%-52s %14.3f %12s %9.2fx\n", label, ms_small, "<= 10", 10 / ms_small);
  std::snprintf(label, sizeof label, "bbox whole region (%zu found), ms", found_all);
  std::printf("%-52s %14.3f %12s %9.2fx\n", label, ms_all, "<= 10", 10 / ms_all);
  std::printf("%-52s %14.3f %12s %9.2fx\n", "  same, states only (StatesInBox), ms", ms_all_states,
              "<= 10", 10 / ms_all_states);
  std::snprintf(label, sizeof label, "track of one vessel (%zu points), ms", track_points);
  std::printf("%-52s %14.3f %12s\n", label, ms_track, "-");
  std::printf("%-52s %14.3f %12s\n", "  same, 500,000 points of all vessels unfolded, ms",
              ms_track_unfolded, "-");
  std::snprintf(label, sizeof label, "purge of half the replay (%lld points), ms",
                static_cast<long long>(purged));
  std::printf("%-52s %14.1f %12s\n", label, ms_purge, "-");
  std::printf("(ratio = goal / measured for times, measured / goal for rates: >= 1 meets it)\n");
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(db + suffix);
  return 0;
}

// bench_canal_reads — the canal's read paths on a year of data (docs/perf.md, "Canal: reads").
//
// Builds, through the module's public functions, a SQLite file holding what a year of canal
// work leaves: ~27 transits a day (and the next 7 days'), a manifest a day naming the transits'
// vessels (~2,740 lines a day, ~1M in the year) imported and scored on its day with the shipped
// rules (data/canal/rules.json), ~2 % of the lines inspected (done), and the AIS of the 200
// vessels of the coming week: one position every --track-seconds for the last 30 days, sailing
// between Latin American seaports and stopping a day at each, through maritime's Ingestor.
// Then times each page as the routes read it (the store functions behind GET /transits?upcoming,
// /transits/{id}, POST /score of one day's import, /scores, /inspections, /yield over 90 and 365
// days, /dashboard), the median of --repeat runs, each beside a peer: plain SQL over the same
// tables returning the same rows or counts (what SQLite alone needs for the answer), as a ratio.
//
//   build/bench/bench_canal_reads [--db PATH] [--keep] [--days N] [--lines-per-day N]
//                                 [--track-seconds N] [--repeat N] [--no-score] [--rules FILE]
// --keep reuses an existing --db (built by an earlier run) instead of building it again;
// --no-score leaves out the timed scoring run, the one write.
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "ais/encoder.h"
#include "canal/codes.h"
#include "canal/inspections.h"
#include "canal/records.h"
#include "canal/risk.h"
#include "canal/vessels.h"
#include "maritime/ingest.h"
#include "maritime/picture.h"
#include "maritime/vessel_history.h"
#include "store/store.h"

namespace {

using namespace istmo;
namespace fs = std::filesystem;

constexpr std::int64_t kDay = 86'400;
// "Now" of the bench: the end of the year of data (2026-07-01T10:00Z).
constexpr std::int64_t kNow = 1'782'900'000;

double Seconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

std::string LoadAverage() {
  double load[3] = {0, 0, 0};
  if (getloadavg(load, 3) != 3) return "unknown";
  char text[48];
  std::snprintf(text, sizeof text, "%.2f %.2f %.2f", load[0], load[1], load[2]);
  return text;
}

template <typename T>
T Must(core::Result<T> r, const char* what) {
  if (!r) {
    std::fprintf(stderr, "bench: %s: %s\n", what, r.error().message.c_str());
    std::exit(70);
  }
  return std::move(r).value();
}
void Must(const core::Status& s, const char* what) {
  if (!s) {
    std::fprintf(stderr, "bench: %s: %s\n", what, s.error().message.c_str());
    std::exit(70);
  }
}

core::Timestamp At(std::int64_t unix_seconds) { return core::FromUnixSeconds(unix_seconds); }

store::AccessScope Scope(store::Role role) {
  store::AccessScope s;
  s.user_id = "user-bench";
  s.username = "bench";
  s.org_id = "org-ana";
  s.country = "PAN";
  s.roles = static_cast<std::uint8_t>(role);
  return s;
}

// An IMO number: six digits and the check digit (the sum of the first six weighted 7..2).
std::string Imo(int i) {
  std::string d = std::to_string(900000 + i);
  int sum = 0;
  for (int k = 0; k < 6; ++k) sum += (d[k] - '0') * (7 - k);
  return d + static_cast<char>('0' + sum % 10);
}
std::uint32_t Mmsi(int i) { return 352000000u + static_cast<std::uint32_t>(i); }

std::string ContainerNumber(std::int64_t serial) {
  char ten[11];
  std::snprintf(ten, sizeof ten, "MSCU%06lld", static_cast<long long>(serial % 1'000'000));
  return std::string(ten) + static_cast<char>('0' + *canal::Iso6346CheckDigit(ten));
}

struct Options {
  std::string db;
  bool keep = false;
  int days = 365;
  int lines_per_day = 2'740;
  int track_seconds = 120;
  int repeat = 5;
  bool score = true;  // --no-score: no write (to read a store another process is building)
  std::string rules = "data/canal/rules.json";
};

constexpr int kTransitsPerDay = 27;
constexpr int kTrackedVessels = 200;  // the vessels of the coming week's transits
constexpr int kFleet = 3'000;         // vessels seen in a year; the first 200 are tracked

// The vessel of transit `k` of day `d` (d = days .. days + 6 is the coming week).
int VesselOf(int d, int k, int days) {
  if (d >= days) return ((d - days) * kTransitsPerDay + k) % kTrackedVessels;
  return static_cast<int>((static_cast<std::uint64_t>(d) * 7919 + k * 104729) % kFleet);
}

// The Latin American seaports the tracked vessels sail between.
std::vector<const maritime::Seaport*> Ports() {
  std::vector<const maritime::Seaport*> out;
  for (const auto& p : maritime::KnownSeaports()) {
    if (p.lat > -40 && p.lat < 32 && p.lon > -120 && p.lon < -30) out.push_back(&p);
  }
  return out;
}

void IngestTracks(store::Store& store, const Options& o) {
  const auto ports = Ports();
  core::FakeClock clock(At(kNow));
  maritime::Picture picture;
  maritime::Ingestor in(store, picture, {.clock = &clock});
  ais::Encoder encoder;
  std::mt19937_64 rng(7);
  std::string log;
  std::int64_t messages = 0;
  const auto flush = [&] {
    Must(in.AddBuffer(log), "ingest");
    log.clear();
  };
  const std::int64_t start = kNow - 30 * kDay - kDay;
  for (int v = 0; v < kTrackedVessels; ++v) {
    ais::Message st{.type = 5, .mmsi = Mmsi(v)};
    ais::StaticVoyage sv;
    sv.imo = static_cast<std::uint32_t>(std::stoul(Imo(v)));
    const std::string name = "BENCH " + std::to_string(v);
    std::memcpy(sv.shipname.chars.data(), name.data(), name.size());
    sv.shipname.size = static_cast<std::uint8_t>(name.size());
    st.body = sv;
    Must(encoder.Encode(st, {.unix_seconds = start}, &log), "encode");
    // Legs: a day (12–36 h) stopped ~1 km off a port, then sailing at 14 kn to the next.
    const maritime::Seaport* here = ports[rng() % ports.size()];
    std::int64_t t = start + static_cast<std::int64_t>(rng() % kDay);
    while (t < kNow) {
      const std::int64_t stay = (12 + static_cast<std::int64_t>(rng() % 25)) * 3600;
      const maritime::Seaport* next = ports[rng() % ports.size()];
      const double km =
          std::hypot((next->lat - here->lat) * 111.2,
                     (next->lon - here->lon) * 111.2 * std::cos(here->lat * M_PI / 180));
      const std::int64_t sail = static_cast<std::int64_t>(km / (14 * 1.852) * 3600) + 3600;
      for (std::int64_t s = 0; s < stay + sail && t + s < kNow; s += o.track_seconds) {
        double lat, lon;
        std::uint16_t speed;
        if (s < stay) {
          lat = here->lat + 0.005, lon = here->lon + 0.005, speed = 1;
        } else {
          const double f = static_cast<double>(s - stay) / static_cast<double>(sail);
          lat = here->lat + (next->lat - here->lat) * f;
          lon = here->lon + (next->lon - here->lon) * f;
          speed = 140;
        }
        ais::Message m{.type = 1, .mmsi = Mmsi(v)};
        m.body = ais::PositionReport{.status = 0,
                                     .speed = speed,
                                     .lon = static_cast<std::int32_t>(lon * 600000),
                                     .lat = static_cast<std::int32_t>(lat * 600000),
                                     .course = 900,
                                     .heading = 90};
        Must(encoder.Encode(m, {.unix_seconds = t + s}, &log), "encode");
        if (++messages % 200'000 == 0) flush();
      }
      t += stay + sail;
      here = next;
    }
  }
  flush();
  Must(in.Finish(), "ingest finish");
  std::printf("  AIS: %lld messages for %d vessels\n", static_cast<long long>(messages),
              kTrackedVessels);
}

const char* kLoading[] = {"COBUN", "COCTG", "ECGYE", "PECLL", "CNSHA", "KRPUS",
                          "USLAX", "MXZLO", "CLSAI", "BRSSZ", "CNNGB", "JPYOK"};
const char* kDischarge[] = {"USNYC", "USHOU", "NLRTM", "BEANR", "ESALG", "USMIA", "USSAV"};
const char* kHs[] = {"080390", "080430", "030617", "090111", "200911", "310520",
                     "847130", "870323", "940360", "640399", "611020", "220421"};

void Build(store::Store& store, const Options& o) {
  const auto analyst = Scope(store::Role::kAnalyst);
  const auto officer = Scope(store::Role::kOfficer);
  const auto supervisor = Scope(store::Role::kSupervisor);
  const std::int64_t first_day = kNow - o.days * kDay;
  const double t0 = Seconds();
  IngestTracks(store, o);
  std::printf("  AIS ingest: %.1f s\n", Seconds() - t0);

  std::ifstream rules_in(o.rules);
  std::stringstream rules_text;
  rules_text << rules_in.rdbuf();
  Must(canal::LoadRuleFile(store, analyst, rules_text.str(), At(first_day - kDay)), "rules");
  const auto unit = Must(store.Write<canal::Unit>([&](store::Connection& tx) {
    return canal::CreateUnit(tx, supervisor, "Balboa exam", "PABLB", At(first_day - kDay));
  }),
                         "unit");

  // Transits: the whole year and the coming week, one import per month.
  canal::ParsedTransits transits;
  std::mt19937_64 rng(11);
  for (int d = 0; d < o.days + 7; ++d) {
    const std::string date = core::FormatDate(At(first_day + d * kDay));
    for (int k = 0; k < kTransitsPerDay; ++k) {
      const int v = VesselOf(d, k, o.days);
      transits.lines.push_back({.transit_date = date,
                                .slot = "S" + std::to_string(k + 1),
                                .vessel_imo = Imo(v),
                                .vessel_name = "BENCH " + std::to_string(v),
                                .mmsi = maritime::FormatMmsi(Mmsi(v)),
                                .direction = k % 2 ? "northbound" : "southbound",
                                .lock_set = k % 3 ? "panamax" : "neopanamax",
                                .last_port = kLoading[rng() % 12],
                                .next_port = kDischarge[rng() % 7]});
      transits.line_numbers.push_back(static_cast<std::int64_t>(transits.lines.size()));
    }
  }
  transits.total = static_cast<std::int64_t>(transits.lines.size());
  Must(canal::ImportTransits(store, officer, std::move(transits), {.source = "bench"},
                             At(first_day - kDay)),
       "transits");

  // A manifest a day naming the vessels of the transits of the next 1–14 days, scored at once.
  const double t1 = Seconds();
  std::int64_t serial = 0, lines = 0;
  for (int d = 0; d < o.days; ++d) {
    canal::ParsedManifest m;
    for (int i = 0; i < o.lines_per_day; ++i, ++serial) {
      const int ahead = 1 + static_cast<int>(rng() % 14);
      const int v = VesselOf(d + ahead, static_cast<int>(rng() % kTransitsPerDay), o.days);
      const int shipper = static_cast<int>(rng() % 5000),
                consignee = static_cast<int>(rng() % 8000);
      canal::ManifestLine l{
          .bill_of_lading = "BL" + std::to_string(d) + "X" + std::to_string(i / 4),
          .container_number = ContainerNumber(serial),
          .seals = {"SL" + std::to_string(serial)},
          .shipper = {"Exportadora " + std::to_string(shipper) + " S.A.", "Calle 1"},
          .consignee = {"Importer " + std::to_string(consignee) + " LLC", "Main St"},
          .hs_code = kHs[rng() % 12],
          .port_of_loading = kLoading[rng() % 12],
          .port_of_discharge = kDischarge[rng() % 7],
          .weight_kg = 1000 + static_cast<double>(rng() % 25000),
          .vessel_imo = Imo(v)};
      if (rng() % 4 == 0) l.transshipment_ports = {"PABLB"};
      if (rng() % 5 != 0) l.declared_value = 5000 + static_cast<double>(rng() % 90000);
      if (l.declared_value) l.currency = "USD";
      m.lines.push_back(std::move(l));
      m.line_numbers.push_back(i + 2);
    }
    m.total = o.lines_per_day;
    const auto when = At(first_day + d * kDay + 6 * 3600);
    auto report = Must(
        canal::ImportManifest(store, officer, std::move(m), {.source = "bench"}, when), "manifest");
    lines += report.imported;
    Must(canal::ScoreImport(store, officer, report.import_id, when), "score");
    if (d % 30 == 29) {
      std::printf("  day %d: %lld lines, %.0f s\n", d + 1, static_cast<long long>(lines),
                  Seconds() - t1);
      std::fflush(stdout);
    }
  }
  std::printf("  manifests and scoring: %lld lines, %.1f s\n", static_cast<long long>(lines),
              Seconds() - t1);

  // Inspections: about half of the queued ones (≈ 2 % of the lines) done two days after
  // queueing, 4 % of them positive; the last 3 days' still queued.
  const double t2 = Seconds();
  struct Queued {
    std::string id, created_at;
  };
  auto queued = Must(store.Read<std::vector<Queued>>(
                         [&](store::Connection& c) -> core::Result<std::vector<Queued>> {
                           ISTMO_ASSIGN_OR_RETURN(
                               auto rows, c.Query("SELECT id, created_at FROM canal_inspections "
                                                  "WHERE status = 'queued' ORDER BY id",
                                                  {}));
                           std::vector<Queued> out;
                           for (const auto& r : rows) out.push_back({r.Text(0), r.Text(1)});
                           return out;
                         }),
                     "queued");
  std::int64_t done = 0;
  for (std::size_t i = 0; i < queued.size(); i += 1000) {
    Must(store.Write<bool>([&](store::Connection& tx) -> core::Result<bool> {
      for (std::size_t k = i; k < std::min(queued.size(), i + 1000); ++k) {
        if (k % 2 != 0) continue;
        const auto created = *core::ParseIso8601(queued[k].created_at);
        if (created > At(kNow - 3 * kDay)) continue;
        const auto when = created + std::chrono::days(2);
        ISTMO_RETURN_IF_ERROR(canal::AssignInspection(tx, supervisor, queued[k].id, unit.id, when));
        canal::InspectionResult r{.scan_result = "clear",
                                  .physical_exam = "done",
                                  .seal_check = "intact",
                                  .result = "negative"};
        if (k % 50 == 0) {
          r.scan_result = "anomaly";
          r.result = "positive";
          r.drugs = {{.type = "cocaine", .kg = 120}};
        }
        ISTMO_RETURN_IF_ERROR(
            canal::RecordResult(tx, officer, queued[k].id, r, when + std::chrono::hours(3)));
        ++done;
      }
      return true;
    }),
         "inspections");
  }
  std::printf("  inspections: %zu queued, %lld done, %.1f s\n", queued.size(),
              static_cast<long long>(done), Seconds() - t2);
}

double CpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

// The median of `repeat` runs of f, in milliseconds of wall time, and of this process's CPU
// time (the machine is shared: the CPU time is the figure that does not depend on its load).
struct Timing {
  double wall = 0, cpu = 0;
};
Timing Median(int repeat, const std::function<void()>& f) {
  std::vector<double> wall, cpu;
  for (int i = 0; i < repeat; ++i) {
    const double t = Seconds(), u = CpuSeconds();
    f();
    wall.push_back((Seconds() - t) * 1000);
    cpu.push_back((CpuSeconds() - u) * 1000);
  }
  std::sort(wall.begin(), wall.end());
  std::sort(cpu.begin(), cpu.end());
  return {wall[wall.size() / 2], cpu[cpu.size() / 2]};
}

void Row(const char* what, Timing t, const char* peer, Timing p, const char* goal) {
  std::printf(
      "%-32s %8.1f ms (cpu %8.1f)  peer %-42s %7.1f ms (cpu %7.1f)  ratio %6.1fx  goal %s\n", what,
      t.wall, t.cpu, peer, p.wall, p.cpu, p.cpu > 0 ? t.cpu / p.cpu : 0.0, goal);
}

std::int64_t Count(store::Connection& c, const std::string& sql, store::Params params = {}) {
  auto rows = Must(c.Query(sql, params), sql.c_str());
  std::int64_t n = 0;
  for (const auto& r : rows) n += r.IsNull(0) ? 0 : 1;
  return n;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  o.db = (fs::temp_directory_path() / ("bench_canal_reads_" + std::to_string(getpid()) + ".db"))
             .string();
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const bool has = i + 1 < argc;
    if (a == "--db" && has) {
      o.db = argv[++i];
    } else if (a == "--keep") {
      o.keep = true;
    } else if (a == "--days" && has) {
      o.days = std::atoi(argv[++i]);
    } else if (a == "--lines-per-day" && has) {
      o.lines_per_day = std::atoi(argv[++i]);
    } else if (a == "--track-seconds" && has) {
      o.track_seconds = std::max(10, std::atoi(argv[++i]));
    } else if (a == "--repeat" && has) {
      o.repeat = std::max(1, std::atoi(argv[++i]));
    } else if (a == "--no-score") {
      o.score = false;
    } else if (a == "--rules" && has) {
      o.rules = argv[++i];
    } else {
      std::fprintf(stderr,
                   "usage: %s [--db PATH] [--keep] [--days N] [--lines-per-day N] "
                   "[--track-seconds N] [--repeat N] [--no-score] [--rules FILE]\n",
                   argv[0]);
      return 64;
    }
  }
  std::printf("load average at start: %s\n", LoadAverage().c_str());
  auto migrations = canal::Migrations();
  for (auto& m : maritime::Migrations()) migrations.push_back(std::move(m));
  const bool reuse = o.keep && fs::exists(o.db);
  if (!reuse) {
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(o.db + suffix);
  }
  auto store = Must(store::Store::Open({.url = o.db}, migrations), "open");
  if (!reuse) {
    std::printf("building %s (%d days, %d lines a day)\n", o.db.c_str(), o.days, o.lines_per_day);
    Build(*store, o);
  }
  const auto reader = Scope(store::Role::kAnalyst);
  const auto now = At(kNow);
  const std::string today = core::FormatDate(now);

  auto counts =
      Must(store->Read<std::vector<std::int64_t>>(
               [&](store::Connection& c) -> core::Result<std::vector<std::int64_t>> {
                 std::vector<std::int64_t> out;
                 for (const char* t :
                      {"canal_transits", "canal_manifest_lines", "canal_scores",
                       "canal_inspections", "maritime_track_points", "maritime_track_recent"}) {
                   ISTMO_ASSIGN_OR_RETURN(auto r,
                                          c.QueryOne(std::string("SELECT count(*) FROM ") + t, {}));
                   out.push_back((*r).Int(0));
                 }
                 ISTMO_ASSIGN_OR_RETURN(auto r, c.QueryOne("SELECT count(*) FROM canal_inspections "
                                                           "WHERE status = 'done'",
                                                           {}));
                 out.push_back((*r).Int(0));
                 return out;
               }),
           "counts");
  std::printf(
      "store: %lld transits, %lld lines, %lld scores, %lld inspections (%lld done), "
      "%lld + %lld track points\n\n",
      static_cast<long long>(counts[0]), static_cast<long long>(counts[1]),
      static_cast<long long>(counts[2]), static_cast<long long>(counts[3]),
      static_cast<long long>(counts[6]), static_cast<long long>(counts[4]),
      static_cast<long long>(counts[5]));

  const auto read = [&](auto f) {
    Must(store->Read<bool>([&](store::Connection& c) -> core::Result<bool> {
      f(c);
      return true;
    }),
         "read");
  };
  const int n = o.repeat;

  // GET /transits?upcoming=true: the first page (100) of the coming transits, each with its
  // vessel's behaviour and its containers' risk. Peer: the same transits and their containers'
  // risk counts by one SQL join (no behaviour): what the page costs without the vessels.
  std::size_t page = 0;
  const Timing upcoming = Median(n, [&] {
    read([&](store::Connection& c) {
      auto ts = Must(canal::ListTransits(c, reader, {.from = today, .limit = 100}), "list");
      for (const canal::Transit& tr : ts) {
        Must(canal::TransitVessel(c, reader, tr, now), "vessel");
        Must(canal::RiskOfTransit(c, reader, tr), "risk");
      }
      page = ts.size();
    });
  });
  const Timing upcoming_peer = Median(n, [&] {
    read([&](store::Connection& c) {
      Count(c,
            "SELECT t.id, count(m.id), count(s.line_id), max(s.score) FROM (SELECT * FROM "
            "canal_transits WHERE transit_date >= ? ORDER BY transit_date, slot LIMIT 100) t "
            "LEFT JOIN canal_manifest_lines m ON m.vessel_imo = t.vessel_imo AND m.created_at >= "
            "strftime('%Y-%m-%dT%H:%M:%fZ', t.transit_date, '-21 days') AND m.created_at < "
            "strftime('%Y-%m-%dT%H:%M:%fZ', t.transit_date, '+1 day') LEFT JOIN canal_scores s "
            "ON s.line_id = m.id GROUP BY t.id",
            {today});
    });
  });
  std::printf("(upcoming page: %zu items)\n", page);
  Row("GET /transits?upcoming (100)", upcoming, "SQL: transits + risk join, no behaviour",
      upcoming_peer, "<= 200 ms");

  // GET /transits/{id}: the first upcoming transit in full. Peer: the vessel's month of track
  // read by one SELECT (the data the behaviour stands on) and the top 100 containers.
  const auto first = Must(store->Read<std::vector<canal::Transit>>([&](store::Connection& c) {
    return canal::ListTransits(c, reader, {.from = today, .limit = 1});
  }),
                          "first");
  const canal::Transit& t = first.front();
  const Timing one = Median(n, [&] {
    read([&](store::Connection& c) {
      auto got = Must(canal::GetTransit(c, reader, t.id), "get");
      Must(canal::TransitVessel(c, reader, got, now), "vessel");
      Must(canal::RiskOfTransit(c, reader, got), "risk");
      Must(canal::TransitContainers(c, reader, got, 100), "containers");
    });
  });
  const Timing one_peer = Median(n, [&] {
    read([&](store::Connection& c) {
      Count(c, "SELECT t, lat, lon, sog FROM maritime_track_points WHERE mmsi = ? AND t >= ?",
            {std::stoll(t.fields.mmsi), (kNow - 30 * kDay) * 1'000'000});
      Count(c,
            "SELECT m.id, s.score FROM canal_manifest_lines m LEFT JOIN canal_scores s ON "
            "s.line_id = m.id WHERE m.vessel_imo = ? ORDER BY coalesce(s.score, -1) DESC LIMIT "
            "100",
            {t.fields.vessel_imo});
    });
  });
  Row("GET /transits/{id}", one, "SQL: the month of track + top 100 lines", one_peer, "<= 200 ms");

  // One vessel's month of behaviour (the part of the two pages above that reads maritime).
  // Peer: maritime::ReadTrack of the same month, the read the port calls stood on before.
  const std::uint32_t mmsi = static_cast<std::uint32_t>(std::stoul(t.fields.mmsi));
  const Timing behaviour = Median(n, [&] {
    read([&](store::Connection& c) {
      Must(maritime::ReadVesselBehaviour(c, reader, mmsi, now - canal::kVesselWindow, now),
           "behaviour");
    });
  });
  const Timing behaviour_peer = Median(n, [&] {
    Must(maritime::ReadTrack(*store, mmsi, (kNow - 30 * kDay) * 1'000'000, kNow * 1'000'000,
                             200'000),
         "track");
  });
  Row("one vessel's behaviour", behaviour, "maritime::ReadTrack of its month", behaviour_peer, "-");

  // POST /score of the last day's import (a rescore: the same lines, facts and writes). Peer:
  // reading those lines and their parties' line counts in SQL.
  const std::string last_import =
      Must(store->Read<std::string>([&](store::Connection& c) -> core::Result<std::string> {
        ISTMO_ASSIGN_OR_RETURN(
            auto r, c.QueryOne("SELECT id FROM canal_imports WHERE kind = 'manifest' ORDER "
                               "BY created_at DESC LIMIT 1",
                               {}));
        return (*r).Text(0);
      }),
           "import");
  const Timing score = Median(std::min(n, 3), [&] {
    if (o.score) Must(canal::ScoreLines(*store, reader, last_import, now), "score");
  });
  const Timing score_peer = Median(std::min(n, 3), [&] {
    read([&](store::Connection& c) {
      Count(c,
            "SELECT m.*, (SELECT count(*) FROM canal_manifest_lines h WHERE "
            "h.shipper_party_id = m.shipper_party_id AND h.created_at < m.created_at) FROM "
            "canal_manifest_lines m WHERE m.import_id = ?",
            {last_import});
    });
  });
  Row("POST /score (one day's import)", score, "SQL: the lines + shipper history", score_peer,
      "<= 1 s (not a page)");

  // GET /scores: the first page. Peer: the same 100 rows by one ORDER BY ... LIMIT.
  const Timing scores = Median(n, [&] {
    read([&](store::Connection& c) {
      Must(canal::ListScores(c, reader, {.limit = 100}), "scores");
    });
  });
  const Timing scores_peer = Median(n, [&] {
    read([&](store::Connection& c) {
      Count(c,
            "SELECT s.*, m.container_number, m.bill_of_lading FROM canal_scores s JOIN "
            "canal_manifest_lines m ON m.id = s.line_id WHERE s.owner_org = 'org-ana' ORDER BY "
            "s.score DESC, s.line_id LIMIT 100");
    });
  });
  Row("GET /scores (100)", scores, "SQL: the same page, ORDER BY LIMIT", scores_peer, "<= 200 ms");

  // GET /inspections: the queue's first page. Peer: the same rows by one ORDER BY ... LIMIT.
  const Timing queue = Median(n, [&] {
    read([&](store::Connection& c) {
      Must(canal::ListInspections(c, reader, {.limit = 100}), "queue");
    });
  });
  const Timing queue_peer = Median(n, [&] {
    read([&](store::Connection& c) {
      Count(c,
            "SELECT i.*, m.container_number FROM canal_inspections i JOIN canal_manifest_lines "
            "m ON m.id = i.line_id WHERE i.owner_org = 'org-ana' AND i.status IN ('queued', "
            "'assigned') ORDER BY i.score DESC, i.created_at LIMIT 100");
    });
  });
  Row("GET /inspections (queue, 100)", queue, "SQL: the same page, ORDER BY LIMIT", queue_peer,
      "<= 200 ms");

  // GET /yield: per rule version over 90 and 365 days. Peer: the same counts by SQLite
  // (json_each over the fired rules of the period's scores and done inspections, GROUP BY).
  for (int days : {90, 365}) {
    const auto from = now - std::chrono::days(days);
    const Timing y = Median(n, [&] {
      read([&](store::Connection& c) {
        Must(canal::ComputeYield(c, reader, {.from = from, .to = now}), "yield");
      });
    });
    const Timing y_peer = Median(n, [&] {
      read([&](store::Connection& c) {
        Count(c,
              "SELECT json_extract(f.value, '$.rule_id'), count(*) FROM canal_scores s, "
              "json_each(s.fired) f WHERE s.owner_org = 'org-ana' AND s.scored_at >= ? AND "
              "s.scored_at < ? GROUP BY 1",
              {core::FormatIso8601(from), core::FormatIso8601(now)});
        Count(c,
              "SELECT json_extract(f.value, '$.rule_id'), count(*), sum(i.result = 'positive') "
              "FROM canal_inspections i, json_each(i.fired) f WHERE i.owner_org = 'org-ana' AND "
              "i.status = 'done' AND i.completed_at >= ? AND i.completed_at < ? GROUP BY 1",
              {core::FormatIso8601(from), core::FormatIso8601(now)});
      });
    });
    const std::string what = "GET /yield (" + std::to_string(days) + " days)";
    Row(what.c_str(), y, "SQL: json_each GROUP BY, fired and done", y_peer, "<= 500 ms");
  }

  // GET /dashboard. Peer: its counts by plain SQL (lanes of 30 days, queue, done of 30 days).
  const Timing dash = Median(n, [&] {
    read([&](store::Connection& c) { Must(canal::ComputeDashboard(c, reader, now), "dash"); });
  });
  const Timing dash_peer = Median(n, [&] {
    read([&](store::Connection& c) {
      const std::string since = core::FormatIso8601(now - std::chrono::days(30));
      Count(c,
            "SELECT lane, selection, count(*) FROM canal_scores WHERE owner_org = 'org-ana' AND "
            "scored_at >= ? GROUP BY 1, 2",
            {since});
      Count(c,
            "SELECT status, count(*) FROM canal_inspections WHERE owner_org = 'org-ana' AND "
            "status IN ('queued', 'assigned') GROUP BY 1");
      Count(c,
            "SELECT selection, result, count(*) FROM canal_inspections WHERE owner_org = "
            "'org-ana' AND status = 'done' AND completed_at >= ? GROUP BY 1, 2",
            {since});
    });
  });
  Row("GET /dashboard", dash, "SQL: its counts, GROUP BY", dash_peer, "<= 500 ms");

  std::printf("\nload average at end: %s\n", LoadAverage().c_str());
  if (!o.keep) {
    store.reset();
    for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(o.db + suffix);
  }
  return 0;
}

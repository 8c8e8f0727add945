// bench_migration_trends — the migration trend queries on 10M encounters (goal ≤ 100 ms each).
//
//   build/bench/bench_migration_trends                      # 10M encounters in a temp file
//   build/bench/bench_migration_trends --n 1000000 --db /var/tmp/enc-1m.db --keep
//
// The encounters are generated (fixed seed) and inserted through migration::InsertEncounterBatch
// — the same path as imports and the demo, which maintains the summary tables — over 36 months
// (2022–2024), 13 nationalities, 4 stations, 3 releasability variants, 2% repeat crossers.
// Before anything is timed, each query's totals are checked against the same counts taken
// directly from the encounter rows; then each query runs --reps times (after one warm-up) and
// its median and worst time are printed beside the goal, and beside the same question answered
// from the encounter rows (the direct GROUP BY a store without summaries would run).
//
// Options: --n N (10000000), --db PATH (default: a temp file, removed at the end unless --keep;
// an existing file with N encounters is reused), --reps R (20), --seed S (20240820).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "core/id.h"
#include "migration/demo.h"
#include "migration/encounters.h"
#include "migration/trends.h"
#include "store/store.h"

namespace {

using namespace istmo;
using Clock = std::chrono::steady_clock;

struct Config {
  std::int64_t n = 10'000'000;
  std::string db;
  bool keep = false;
  int reps = 20;
  std::uint64_t seed = 20240820;
};

[[noreturn]] void Die(const std::string& what) {
  std::fprintf(stderr, "bench_migration_trends: %s\n", what.c_str());
  std::exit(1);
}

template <class T>
T Must(core::Result<T> r, const char* what) {
  if (!r) Die(std::string(what) + ": " + r.error().ToString());
  return std::move(r).value();
}

double Ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

std::int64_t CountRows(store::Store& s) {
  return Must(s.Read<std::int64_t>([](store::Connection& c) -> core::Result<std::int64_t> {
                ISTMO_ASSIGN_OR_RETURN(auto row, c.QueryOne("SELECT COUNT(*) FROM migration_encounters"));
                return row ? row->Int(0) : 0;
              }),
              "count");
}

void Generate(store::Store& s, const Config& cfg) {
  std::mt19937_64 rng(cfg.seed);
  const auto& shares = migration::DemoNationalityShares();
  const char* stations[] = {"ERM-LAJAS-BLANCAS", "ERM-SAN-VICENTE", "ERM-BAJO-CHIQUITO",
                            "ERM-CANAAN-MEMBRILLO"};
  const std::vector<std::vector<std::string>> releasability = {{"PAN", "USA"}, {"PAN"}, {}};
  std::uniform_real_distribution<double> unit(0, 1);
  std::vector<std::string> recent;  // persons a repeat is drawn from
  store::AccessScope scope = store::AccessScope::System();
  scope.org_id = core::NewId();
  scope.country = "PAN";
  const core::Timestamp now = core::SystemClock::Get().Now();
  const auto start_day = std::chrono::sys_days(std::chrono::year(2022) / 1 / 1);
  const std::int64_t span_s = 36LL * 30 * 86400;  // about 2022-01-01 … 2024-12-26
  constexpr std::size_t kBatch = 100'000;
  std::vector<migration::NewEncounter> batch;
  batch.reserve(kBatch);
  // A bulk load wants a larger page cache than the store's default (2 MB): the indexes of 10M
  // rows do not fit in it and every insert would re-read pages from the OS.
  Must(s.Write<std::int64_t>([](store::Connection& tx) { return tx.Exec("PRAGMA cache_size = -262144"); }),
       "cache_size");
  const auto t0 = Clock::now();
  std::int64_t done = 0;
  while (done < cfg.n) {
    const std::size_t take = static_cast<std::size_t>(std::min<std::int64_t>(kBatch, cfg.n - done));
    // Batches walk forward in time, as registrations do; times are random within the batch.
    const std::int64_t lo = span_s * done / cfg.n;
    const std::int64_t hi = span_s * (done + static_cast<std::int64_t>(take)) / cfg.n;
    for (std::size_t i = 0; i < take; ++i) {
      migration::NewEncounter e;
      e.encountered_at = core::Timestamp(start_day) +
                         std::chrono::seconds(std::uniform_int_distribution<std::int64_t>(lo, hi)(rng));
      e.station_id = stations[std::uniform_int_distribution<int>(0, 3)(rng)];
      double x = unit(rng);
      e.nationality = shares.back().key;
      for (const auto& sh : shares) {
        if (x < sh.share) {
          e.nationality = sh.key;
          break;
        }
        x -= sh.share;
      }
      e.sex = unit(rng) < 0.57 ? "M" : "F";
      e.birth_date = unit(rng) < 0.21 ? "2014-06-15" : "1990-03-10";
      e.name = "Synthetic Person";
      if (!recent.empty() && unit(rng) < 0.02) {
        e.person_id = recent[std::uniform_int_distribution<std::size_t>(0, recent.size() - 1)(rng)];
      } else if (recent.size() < 100'000) {
        e.person_id = core::NewId();
        recent.push_back(e.person_id);
      }
      e.releasability = releasability[std::uniform_int_distribution<int>(0, 2)(rng)];
      batch.push_back(std::move(e));
    }
    Must(s.Write<std::int64_t>([&](store::Connection& tx) {
           return migration::InsertEncounterBatch(tx, scope, batch, now);
         }),
         "insert");
    batch.clear();
    done += static_cast<std::int64_t>(take);
    if (done % 1'000'000 == 0 || done == cfg.n) {
      const double s_elapsed = Ms(Clock::now() - t0) / 1000;
      std::fprintf(stderr, "\rinserted %lld/%lld (%.0f encounters/s)", static_cast<long long>(done),
                   static_cast<long long>(cfg.n), static_cast<double>(done) / s_elapsed);
    }
  }
  const double secs = Ms(Clock::now() - t0) / 1000;
  std::printf("insert: %lld encounters in %.1f s (%.0f encounters/s, summaries maintained)\n",
              static_cast<long long>(cfg.n), secs, static_cast<double>(cfg.n) / secs);
}

// Local-time (UTC−5) bounds of a month range, as ISO text for the direct query.
std::string LocalStart(const std::string& month) { return month + "-01T05:00:00.000Z"; }

struct Case {
  std::string name;
  migration::TrendQuery query;
  store::AccessScope scope;
  // The direct answer from the encounter rows (total of the range).
  std::string direct_sql;
  store::Params direct_params;
};

}  // namespace

int main(int argc, char** argv) {
  Config cfg;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const auto next = [&]() -> std::string {
      if (i + 1 >= argc) Die("missing value after " + a);
      return argv[++i];
    };
    if (a == "--n") cfg.n = std::stoll(next());
    else if (a == "--db") cfg.db = next();
    else if (a == "--keep") cfg.keep = true;
    else if (a == "--reps") cfg.reps = std::stoi(next());
    else if (a == "--seed") cfg.seed = std::stoull(next());
    else Die("unknown option " + a);
  }
  const bool temp = cfg.db.empty();
  if (temp) {
    cfg.db = (std::filesystem::temp_directory_path() /
              ("istmo-bench-migration-" + std::to_string(cfg.n) + ".db"))
                 .string();
  }
  auto s = Must(store::Store::Open({.url = cfg.db}, migration::Migrations()), "open");
  const std::int64_t have = CountRows(*s);
  if (have == 0) {
    Generate(*s, cfg);
  } else if (have != cfg.n) {
    Die(cfg.db + " holds " + std::to_string(have) + " encounters, not " + std::to_string(cfg.n));
  } else {
    std::printf("reusing %s (%lld encounters)\n", cfg.db.c_str(), static_cast<long long>(have));
  }

  store::AccessScope us;
  us.org_id = core::NewId();
  us.country = "USA";
  us.roles = static_cast<std::uint8_t>(store::Role::kAnalyst);
  const store::AccessScope system = store::AccessScope::System();
  const std::string visible_us = "(releasability LIKE '%,USA,%')";

  std::vector<Case> cases;
  cases.push_back({"month 2023, all (system)", {.from = "2023-01", .to = "2023-12"}, system,
                   "SELECT COUNT(*) FROM migration_encounters WHERE encountered_at >= ? AND "
                   "encountered_at < ?",
                   {LocalStart("2023-01"), LocalStart("2024-01")}});
  cases.push_back({"month 2023, U.S. analyst (releasability)", {.from = "2023-01", .to = "2023-12"},
                   us,
                   "SELECT COUNT(*) FROM migration_encounters WHERE encountered_at >= ? AND "
                   "encountered_at < ? AND " + visible_us,
                   {LocalStart("2023-01"), LocalStart("2024-01")}});
  cases.push_back({"month Jan-Oct 2024, VEN minors", 
                   {.from = "2024-01", .to = "2024-10", .nationality = "VEN", .age_group = "minor"},
                   system,
                   "SELECT COUNT(*) FROM migration_encounters WHERE encountered_at >= ? AND "
                   "encountered_at < ? AND nationality = 'VEN' AND minor = 1",
                   {LocalStart("2024-01"), LocalStart("2024-11")}});
  cases.push_back({"week 2023-07-03..2023-12-25, one station",
                   {.granularity = migration::Granularity::kWeek,
                    .from = "2023-07-03",
                    .to = "2023-12-25",
                    .station_id = "ERM-SAN-VICENTE"},
                   system,
                   "SELECT COUNT(*) FROM migration_encounters WHERE encountered_at >= ? AND "
                   "encountered_at < ? AND station_id = 'ERM-SAN-VICENTE'",
                   {std::string("2023-07-03T05:00:00.000Z"), std::string("2024-01-01T05:00:00.000Z")}});

  std::printf("\n%-44s %10s %9s %9s %11s %8s\n", "query (goal <= 100 ms)", "encounters", "median",
              "worst", "direct", "ratio");
  bool all_ok = true;
  for (const Case& c : cases) {
    // Check first: the summary answer must equal the count from the rows.
    const auto direct_start = Clock::now();
    const std::int64_t direct = Must(
        s->Read<std::int64_t>([&](store::Connection& conn) -> core::Result<std::int64_t> {
          ISTMO_ASSIGN_OR_RETURN(auto row, conn.QueryOne(c.direct_sql, c.direct_params));
          return row ? row->Int(0) : 0;
        }),
        "direct count");
    const double direct_ms = Ms(Clock::now() - direct_start);
    auto run = [&] {
      return Must(s->Read<migration::Trends>([&](store::Connection& conn) {
                    return migration::ComputeTrends(conn, c.scope, c.query);
                  }),
                  "trends");
    };
    const migration::Trends warm = run();
    if (warm.total != direct) {
      Die(c.name + ": trends total " + std::to_string(warm.total) + " but the rows count " +
          std::to_string(direct));
    }
    std::vector<double> times;
    for (int r = 0; r < cfg.reps; ++r) {
      const auto t0 = Clock::now();
      const migration::Trends t = run();
      times.push_back(Ms(Clock::now() - t0));
      if (t.total != warm.total) Die("unstable answer");
    }
    std::sort(times.begin(), times.end());
    const double median = times[times.size() / 2];
    const double worst = times.back();
    all_ok = all_ok && worst <= 100.0;
    std::printf("%-44s %10lld %7.2f ms %7.2f ms %8.0f ms %7.0fx\n", c.name.c_str(),
                static_cast<long long>(warm.total), median, worst, direct_ms, direct_ms / median);
  }
  // The CSV export reads the same summaries.
  {
    const auto t0 = Clock::now();
    auto rows = Must(s->Read<std::vector<migration::TrendRow>>([&](store::Connection& conn) {
                       return migration::TrendRows(conn, system, {.from = "2023-01", .to = "2023-12"});
                     }),
                     "rows");
    const std::string csv = migration::TrendRowsCsv(rows);
    std::printf("%-44s %10zu %7.2f ms (%zu bytes)\n", "CSV export 2023 (rows)", rows.size(),
                Ms(Clock::now() - t0), csv.size());
  }
  std::printf("\ngoal: every trend query <= 100 ms on %lld encounters: %s\n",
              static_cast<long long>(cfg.n), all_ok ? "met" : "NOT MET");
  s.reset();
  if (temp && !cfg.keep) {
    std::error_code ec;
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(cfg.db + suffix, ec);
  }
  return all_ok ? 0 : 2;
}

// bench_canal_import — import a 1,000,000-line container manifest with per-line rejects
// (goal ≤ 10 s), beside a plain SQLite bulk insert of the same accepted rows.
//
//   build/bench/bench_canal_import                 # 1M lines, temp files
//   build/bench/bench_canal_import --n 200000 --reps 1
//
// The manifest is generated (fixed seed) as CSV: ~3 containers per bill of lading, 20,000
// shippers and 20,000 consignees each written three ways (case, accents, legal form), a notify
// party on 30% of lines, transshipment through a canal port on 60%, and 2% bad lines of five
// kinds (check digit, unknown country, unused HS chapter, zero weight, missing consignee).
// Timed: canal::ParseManifestCsv + canal::ImportManifest into a fresh SQLite file with the
// module's schema (parties resolved, indexes maintained, one transaction) — the path of
// `istmo canal import-manifest`. Checked before the figure is printed: the counts of imported
// lines, rejects and parties against what the generator made.
// The peer is the floor of the same work: the accepted rows' values, already parsed, inserted
// with one prepared sqlite3 statement into a table of the same columns without secondary
// indexes, in one transaction, synchronous=FULL and WAL like the store.
//
// Options: --n N (1000000), --reps R (3, the median is reported), --seed S (20240820).
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include <sqlite3.h>

#include "canal/codes.h"
#include "canal/manifest.h"
#include "canal/records.h"
#include "core/log.h"
#include "maritime/cpu_time.h"
#include "store/store.h"

namespace {

using namespace istmo;
using Clock = std::chrono::steady_clock;

constexpr double kGoalSeconds = 10.0;

struct Config {
  std::int64_t n = 1'000'000;
  int reps = 3;
  unsigned seed = 20240820;
  int warmup = 1;    // untimed runs before the timed ones
  bool json = true;  // also time the JSON form, once
};

[[noreturn]] void Die(const std::string& what) {
  std::fprintf(stderr, "bench_canal_import: %s\n", what.c_str());
  std::exit(1);
}

struct Generated {
  std::string csv;
  std::string json;  // the same lines as {"lines": [...]}
  std::int64_t bad = 0;
  std::int64_t parties = 0;  // distinct party keys the good lines name
};

// JSON text of a CSV cell's value (the generator writes no control character or backslash).
std::string JsonString(std::string_view cell) {
  if (cell.size() >= 2 && cell.front() == '"') cell = cell.substr(1, cell.size() - 2);
  return "\"" + std::string(cell) + "\"";
}

std::string Container(const std::string& owner, std::int64_t serial) {
  char ten[11];
  std::snprintf(ten, sizeof ten, "%sU%06lld", owner.c_str(), static_cast<long long>(serial));
  return std::string(ten) + static_cast<char>('0' + *canal::Iso6346CheckDigit(ten));
}

// Three spellings of company `i` of a kind: the same key (canal/parties.h).
std::string Spelling(const char* kind, int i, int variant) {
  const std::string base = std::string(kind) + " " + std::to_string(i);
  switch (variant) {
    case 0:
      return "\"Compañía " + base + ", S.A.\"";
    case 1:
      return "COMPANIA " + base + " SA";
    default:
      return "Cia. " + base + " S. A.";
  }
}

Generated Generate(const Config& cfg) {
  std::mt19937_64 rng(cfg.seed);
  const std::vector<std::string> owners = {"MSC", "MAE", "CMA", "HLX", "EVG", "COS", "ONE",
                                           "ZIM", "HMM", "YML", "OOL", "PIL", "WHL", "SIT",
                                           "TGH", "TCL", "GES", "FCI", "BMO", "SEG"};
  const std::vector<std::string> hs = {"0901.11", "0803.90", "1701.14", "2709.00", "8471.30",
                                       "8517.13", "3004.90", "6109.10", "0306.17", "4407.11"};
  const std::vector<std::string> loading = {"COBUN", "COCTG", "ECGYE", "PECLL", "CNSHA",
                                            "CNYTN", "KRPUS", "MXZLO", "CLSAI", "BRSSZ"};
  const std::vector<std::string> discharge = {"USMIA", "USNYC", "USLAX", "USHOU",
                                              "USSAV", "NLRTM", "ESALG", "JPYOK"};
  const std::vector<std::string> canal_ports = {"PABLB", "PAMIT", "PAROD", "PACTB", "PAONX"};
  constexpr int kCompanies = 20'000;
  Generated g;
  g.csv.reserve(static_cast<std::size_t>(cfg.n) * 260);
  g.json.reserve(static_cast<std::size_t>(cfg.n) * 480);
  g.json = "{\"lines\": [\n";
  g.csv +=
      "bill_of_lading,container_number,seal_numbers,shipper_name,shipper_address,consignee_name,"
      "consignee_address,notify_name,notify_address,hs_code,port_of_loading,port_of_discharge,"
      "transshipment_ports,weight_kg,declared_value,currency\n";
  std::vector<char> shipper_seen(kCompanies), consignee_seen(kCompanies), notify_seen(kCompanies);
  for (std::int64_t i = 0; i < cfg.n; ++i) {
    const int shipper = static_cast<int>(rng() % kCompanies);
    const int consignee = static_cast<int>(rng() % kCompanies);
    const bool notify = rng() % 10 < 3;
    const int notify_id = static_cast<int>(rng() % kCompanies);
    const int bad = rng() % 50 == 0 ? static_cast<int>(rng() % 5) + 1 : 0;
    std::string container =
        Container(owners[static_cast<std::size_t>(i) % owners.size()], i % 1'000'000);
    if (bad == 1) container.back() = static_cast<char>('0' + (container.back() - '0' + 1) % 10);
    const std::string bill = "BL" + std::to_string(i / 3);
    const std::string seal_a = "S" + std::to_string(i), seal_b = "T" + std::to_string(i);
    const std::string shipper_name = Spelling("Exportadora", shipper, static_cast<int>(rng() % 3));
    const std::string consignee_name =
        bad == 5 ? std::string() : Spelling("Importers", consignee, static_cast<int>(rng() % 3));
    const std::string notify_name =
        notify ? Spelling("Brokers", notify_id, static_cast<int>(rng() % 3)) : std::string();
    const std::string hs_code = bad == 3 ? std::string("7701") : hs[rng() % hs.size()];
    const std::string& from = loading[rng() % loading.size()];
    const std::string to = bad == 2 ? std::string("XXMIA") : discharge[rng() % discharge.size()];
    const std::string via =
        rng() % 10 < 6 ? canal_ports[rng() % canal_ports.size()] : std::string();
    const std::string weight =
        bad == 4 ? std::string("0") : std::to_string(1000 + rng() % 25000) + ".5";
    const std::string value = rng() % 2 ? std::to_string(rng() % 200000) : std::string();
    std::string line = bill + "," + container + "," + seal_a + ";" + seal_b + ",";
    line += shipper_name + ",\"Zona Libre, Colón\",";
    line += consignee_name + ",\"1 Main St, Miami\",";
    line += notify_name + ",,";
    line += hs_code + "," + from + "," + to + "," + via + "," + weight + ",";
    line += value.empty() ? ",\n" : value + ",USD\n";
    std::string item = (i == 0 ? "" : ",\n") + std::string("{\"bill_of_lading\":\"") + bill +
                       "\",\"container_number\":\"" + container + "\",\"seal_numbers\":[\"" +
                       seal_a + "\",\"" + seal_b +
                       "\"],\"shipper\":{\"name\":" + JsonString(shipper_name) +
                       ",\"address\":\"Zona Libre, Colón\"},\"consignee\":{\"name\":" +
                       JsonString(consignee_name) + ",\"address\":\"1 Main St, Miami\"}";
    if (notify) item += ",\"notify\":{\"name\":" + JsonString(notify_name) + "}";
    item += ",\"hs_code\":\"" + hs_code + "\",\"port_of_loading\":\"" + from +
            "\",\"port_of_discharge\":\"" + to + "\",\"transshipment_ports\":[" +
            (via.empty() ? "" : "\"" + via + "\"") + "],\"weight_kg\":" + weight;
    if (!value.empty())
      item += ",\"declared_value\":{\"amount\":" + value + ",\"currency\":\"USD\"}";
    g.json += item + "}";
    g.csv += line;
    if (bad != 0) {
      ++g.bad;
      continue;
    }
    shipper_seen[shipper] = 1;
    consignee_seen[consignee] = 1;
    if (notify) notify_seen[notify_id] = 1;
  }
  g.json += "\n]}\n";
  for (int k = 0; k < kCompanies; ++k) {
    g.parties += shipper_seen[k] + consignee_seen[k] + notify_seen[k];
  }
  return g;
}

std::unique_ptr<store::Store> FreshStore(const std::filesystem::path& path) {
  std::filesystem::remove(path);
  std::filesystem::remove(path.string() + "-wal");
  std::filesystem::remove(path.string() + "-shm");
  auto s = store::Store::Open({.url = path.string()}, canal::Migrations());
  if (!s) Die(s.error().ToString());
  return std::move(s).value();
}

std::int64_t Count(store::Store& s, const std::string& table) {
  auto r = s.Read<std::int64_t>([&](store::Connection& c) -> core::Result<std::int64_t> {
    ISTMO_ASSIGN_OR_RETURN(auto row, c.QueryOne("SELECT count(*) FROM " + table));
    return row->Int(0);
  });
  if (!r) Die(r.error().ToString());
  return *r;
}

void Exec(sqlite3* db, const char* sql) {
  char* err = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &err) != SQLITE_OK) Die(err ? err : "sqlite3_exec");
}

// The peer: the parsed rows into one plain table, one prepared statement, one transaction.
double PlainSqlite(const std::filesystem::path& path, const canal::ParsedManifest& parsed) {
  std::filesystem::remove(path);
  std::filesystem::remove(path.string() + "-wal");
  sqlite3* db = nullptr;
  if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) Die("cannot open " + path.string());
  Exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;");
  Exec(db,
       "CREATE TABLE lines (line INTEGER, bill_of_lading TEXT, container_number TEXT, seals TEXT, "
       "shipper_name TEXT, shipper_address TEXT, consignee_name TEXT, consignee_address TEXT, "
       "notify_name TEXT, notify_address TEXT, hs_code TEXT, port_of_loading TEXT, "
       "port_of_discharge TEXT, transshipment_ports TEXT, weight_kg REAL, declared_value REAL, "
       "currency TEXT)");
  const auto start = Clock::now();
  Exec(db, "BEGIN");
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db, "INSERT INTO lines VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", -1,
                         &st, nullptr) != SQLITE_OK) {
    Die("prepare");
  }
  const auto text = [&](int i, const std::string& s) {
    sqlite3_bind_text(st, i, s.data(), static_cast<int>(s.size()), SQLITE_STATIC);
  };
  const auto join = [](const std::vector<std::string>& v) {
    std::string out;
    for (const auto& s : v) out += (out.empty() ? "" : ";") + s;
    return out;
  };
  for (std::size_t i = 0; i < parsed.lines.size(); ++i) {
    const canal::ManifestLine& l = parsed.lines[i];
    const std::string seals = join(l.seals), ports = join(l.transshipment_ports);
    sqlite3_bind_int64(st, 1, parsed.line_numbers[i]);
    text(2, l.bill_of_lading);
    text(3, l.container_number);
    text(4, seals);
    text(5, l.shipper.name);
    text(6, l.shipper.address);
    text(7, l.consignee.name);
    text(8, l.consignee.address);
    if (l.notify) {
      text(9, l.notify->name);
      text(10, l.notify->address);
    } else {
      sqlite3_bind_null(st, 9);
      sqlite3_bind_null(st, 10);
    }
    text(11, l.hs_code);
    text(12, l.port_of_loading);
    text(13, l.port_of_discharge);
    text(14, ports);
    sqlite3_bind_double(st, 15, l.weight_kg);
    if (l.declared_value) {
      sqlite3_bind_double(st, 16, *l.declared_value);
    } else {
      sqlite3_bind_null(st, 16);
    }
    text(17, l.currency);
    if (sqlite3_step(st) != SQLITE_DONE) Die("insert");
    sqlite3_reset(st);
  }
  sqlite3_finalize(st);
  Exec(db, "COMMIT");
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  sqlite3_close(db);
  std::filesystem::remove(path);
  std::filesystem::remove(path.string() + "-wal");
  return seconds;
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  Config cfg;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const auto next = [&]() -> std::string {
      if (i + 1 >= argc) Die("missing value after " + a);
      return argv[++i];
    };
    if (a == "--n") {
      cfg.n = std::stoll(next());
    } else if (a == "--reps") {
      cfg.reps = std::max(1, std::stoi(next()));
    } else if (a == "--json") {
      cfg.json = std::stoi(next()) != 0;
    } else if (a == "--warmup") {
      cfg.warmup = std::max(0, std::stoi(next()));
    } else if (a == "--seed") {
      cfg.seed = static_cast<unsigned>(std::stoul(next()));
    } else {
      Die("unknown option " + a + " (--n N, --reps R, --seed S)");
    }
  }
  if (cfg.n < 1 || cfg.n > canal::kMaxManifestLines) Die("--n out of range");
  // No migration log lines among the figures.
  if (!core::log::Init({.level = core::log::Level::kWarn})) Die("cannot set up logging");
  const Generated g = Generate(cfg);
  std::printf("manifest: %lld lines, %zu bytes, %lld bad lines, %lld parties\n",
              static_cast<long long>(cfg.n), g.csv.size(), static_cast<long long>(g.bad),
              static_cast<long long>(g.parties));
  const auto dir =
      std::filesystem::temp_directory_path() / ("bench_canal_import_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const store::AccessScope scope = [] {
    store::AccessScope s = store::AccessScope::System();
    s.org_id = "bench-org";
    return s;
  }();
  const core::Timestamp now = core::FromUnixSeconds(1724162580);

  const auto seconds_since = [](Clock::time_point t) {
    return std::chrono::duration<double>(Clock::now() - t).count();
  };
  const auto check = [&](const char* what, const canal::ImportReport& r, std::int64_t imported,
                         std::int64_t unchanged, store::Store& s) {
    if (r.imported != imported || r.unchanged != unchanged ||
        static_cast<std::int64_t>(r.rejects.size()) != g.bad ||
        Count(s, "canal_manifest_lines") != cfg.n - g.bad ||
        Count(s, "canal_parties") != g.parties) {
      Die(std::string(what) + ": counts differ: imported " + std::to_string(r.imported) +
          ", unchanged " + std::to_string(r.unchanged) + ", rejects " +
          std::to_string(r.rejects.size()) + ", parties " +
          std::to_string(Count(s, "canal_parties")));
    }
  };
  // The import's own stage times (parties, rows, commit) are its log line canal_manifest_import.
  const auto log_level = [](core::log::Level level) {
    if (!core::log::Init({.level = level})) Die("cannot set up logging");
  };
  std::vector<double> total_s, parse_s, peer_s, cpu_s, again_s;
  for (int rep = 1 - cfg.warmup; rep <= cfg.reps; ++rep) {  // reps < 1 warm up, not counted
    auto store = FreshStore(dir / "canal.db");
    log_level(core::log::Level::kInfo);
    const double cpu_start = bench::CpuSeconds();
    auto start = Clock::now();
    auto parsed = canal::ParseManifestCsv(g.csv);
    if (!parsed) Die(parsed.error().ToString());
    const double parse = seconds_since(start);
    const double parse_cpu = bench::CpuSeconds() - cpu_start;
    // Kept for the re-import and the peer; copied outside the timed stages.
    const canal::ParsedManifest copy = *parsed;
    const double import_cpu_start = bench::CpuSeconds();
    start = Clock::now();
    auto report =
        canal::ImportManifest(*store, scope, std::move(*parsed), {.source = "bench"}, now);
    if (!report) Die(report.error().ToString());
    const double total = parse + seconds_since(start);
    const double cpu = parse_cpu + bench::CpuSeconds() - import_cpu_start;
    // Check before reporting: every good line imported, every bad one rejected, one party per key.
    check("import", *report, cfg.n - g.bad, 0, *store);
    // The same file again: every line unchanged, nothing written but the import's row.
    start = Clock::now();
    auto again = canal::ImportManifest(*store, scope, copy, {.source = "bench"}, now);
    if (!again) Die(again.error().ToString());
    const double again_total = seconds_since(start);
    check("re-import", *again, 0, cfg.n - g.bad, *store);
    log_level(core::log::Level::kWarn);
    store.reset();
    const double peer = PlainSqlite(dir / "plain.db", copy);
    if (rep < 1) continue;
    total_s.push_back(total);
    parse_s.push_back(parse);
    peer_s.push_back(peer);
    cpu_s.push_back(cpu);
    again_s.push_back(again_total);
    std::printf(
        "rep %d: parse + import %.2f s wall, %.2f s CPU (parse %.2f s); re-import of the same "
        "lines %.2f s (parsed); plain SQLite insert %.2f s\n",
        rep, total, cpu, parse, again_total, peer);
  }
  // The JSON form of the same manifest, once: parse + import into a fresh file.
  double json_parse = 0, json_total = 0;
  if (cfg.json) {
    auto store = FreshStore(dir / "json.db");
    auto start = Clock::now();
    auto parsed = canal::ParseManifestJson(g.json);
    if (!parsed) Die(parsed.error().ToString());
    json_parse = seconds_since(start);
    auto report =
        canal::ImportManifest(*store, scope, std::move(*parsed), {.source = "bench"}, now);
    if (!report) Die(report.error().ToString());
    json_total = seconds_since(start);
    check("json import", *report, cfg.n - g.bad, 0, *store);
  }
  std::filesystem::remove_all(dir);
  const double t = Median(total_s), p = Median(peer_s);
  std::printf(
      "\nimport of %lld lines (%lld rejected), median of %d: %.2f s (parse %.2f s, CPU %.2f s) "
      "= %.0f lines/s\n"
      "goal <= %.0f s: ratio %.2f (%s)\n"
      "re-import of the same lines: %.2f s\n"
      "JSON form (%zu bytes), once: %.2f s (parse %.2f s)\n"
      "plain SQLite bulk insert of the %lld accepted rows: %.2f s; import / plain = %.2fx\n",
      static_cast<long long>(cfg.n), static_cast<long long>(g.bad), cfg.reps, t, Median(parse_s),
      Median(cpu_s), static_cast<double>(cfg.n) / t, kGoalSeconds, t / kGoalSeconds,
      t <= kGoalSeconds ? "met" : "NOT met", Median(again_s), g.json.size(), json_total, json_parse,
      static_cast<long long>(cfg.n - g.bad), p, t / p);
  return 0;
}

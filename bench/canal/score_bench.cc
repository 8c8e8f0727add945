// bench_canal_score — score 1,000,000 containers with the shipped rules and their explanations
// (goal ≤ 1 s on one core), beside SQLite evaluating the same rules as SQL over the same facts.
//
//   build/bench/bench_canal_score                 # 1M containers, data/canal/rules.json
//   build/bench/bench_canal_score --n 200000 --reps 1
//
// The facts are generated (fixed seed) in the proportions of a canal manifest: a third loaded
// in the ports of the shipped source list, the rest in Asian, North American and European
// ports; 0–3 transshipments; HS codes of fruit, fish and coffee among manufactured goods;
// 60,000 shippers and consignees with a long-tailed history; some prior positives; the vessel's
// behaviour known for 60% of lines. Timed: CompiledRuleSet::Score of every container (score
// and fired rules, i.e. the explanation) on one thread. The peer: the same facts in an
// in-memory SQLite table (list fields as '|A|B|' text) and one SELECT whose columns are the
// CASE sum of the rules' weights and the concatenated indexes of the fired rules, translated
// from the same checked syntax tree (canal/internal/rule_ast.h). Checked before any figure:
// every container's score and fired rules are the same in both.
//
// Options: --n N (1000000), --reps R (3, the median is reported), --seed S (20240820),
//          --rules FILE (data/canal/rules.json).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include "canal/internal/rule_ast.h"
#include "canal/parties.h"
#include "canal/rules.h"
#include "maritime/cpu_time.h"

namespace {

using namespace istmo;
using Clock = std::chrono::steady_clock;
using canal::internal::CmpOp;
using canal::internal::Expr;

constexpr double kGoalSeconds = 1.0;

struct Config {
  std::int64_t n = 1'000'000;
  int reps = 3;
  unsigned seed = 20240820;
  std::string rules = "data/canal/rules.json";
};

[[noreturn]] void Die(const std::string& what) {
  std::fprintf(stderr, "bench_canal_score: %s\n", what.c_str());
  std::exit(1);
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

struct Shipped {
  std::vector<canal::NamedList> lists;
  std::vector<canal::RuleSource> rules;
};

Shipped LoadRules(const std::string& path) {
  std::ifstream in(path);
  if (!in) Die("cannot read " + path + " (run from the project root or pass --rules)");
  std::stringstream text;
  text << in.rdbuf();
  Shipped s;
  try {
    const auto doc = nlohmann::json::parse(text.str());
    for (const auto& l : doc.at("lists")) {
      canal::NamedList list{.name = l.at("name").get<std::string>()};
      auto kind = canal::ParseListKind(l.at("kind").get<std::string>(), "/kind");
      if (!kind) Die(kind.error().ToString());
      list.kind = *kind;
      for (const auto& item : l.at("items")) {
        auto v = canal::NormalizeListItem(list.kind, item.get<std::string>(), list.name);
        if (!v) Die(v.error().ToString());
        list.items.push_back(*v);
      }
      s.lists.push_back(std::move(list));
    }
    for (const auto& r : doc.at("rules")) {
      s.rules.push_back({.id = r.at("name").get<std::string>(),
                         .name = r.at("name").get<std::string>(),
                         .expression = r.at("expression").get<std::string>(),
                         .weight = r.at("weight").get<double>()});
    }
  } catch (const std::exception& e) {
    Die(path + ": " + e.what());
  }
  return s;
}

std::vector<canal::ContainerFacts> Generate(std::int64_t n, unsigned seed) {
  std::mt19937_64 rng(seed);
  auto pick = [&](const std::vector<std::string>& v) -> const std::string& {
    return v[rng() % v.size()];
  };
  auto chance = [&](double p) { return std::uniform_real_distribution<double>(0, 1)(rng) < p; };
  const std::vector<std::string> source = {"ECGYE", "ECPBO", "COBUN", "COCTG",
                                           "COSMR", "PECLL", "BRSSZ", "CRLIO"};
  const std::vector<std::string> other = {"CNSHA", "CNNGB", "KRPUS", "JPTYO", "TWKHH", "USLAX",
                                          "USNYC", "USSAV", "NLRTM", "DEHAM", "MXZLO", "CLSAI",
                                          "CLSAI", "SGSIN", "HKHKG", "USHOU"};
  const std::vector<std::string> discharge = {"USNYC", "USSAV", "USHOU", "USLAX", "USPEF",
                                              "NLRTM", "BEANR", "DEHAM", "ESALG", "CNSHA",
                                              "KRPUS", "JPTYO", "CLSAI", "PECLL", "PRSJU"};
  const std::vector<std::string> hubs = {"PAMIT", "PABLB", "PAROD", "JMKIN", "COCTG",
                                         "MXZLO", "ESALG", "BSFPO", "DOCAU"};
  const std::vector<std::string> cover = {"080390", "080430", "081090", "030617",
                                          "160414", "090111", "180100", "200949"};
  const std::vector<std::string> goods = {"847130", "870323", "610910", "940360", "220421",
                                          "392690", "730890", "850440", "640399", "401110"};
  std::vector<std::string> parties;
  for (int i = 0; i < 60000; ++i) {
    parties.push_back(canal::PartyKey("Comercial " + std::to_string(i) + " Andina S.A."));
  }
  std::geometric_distribution<int> history(0.02);
  std::vector<canal::ContainerFacts> out(static_cast<std::size_t>(n));
  for (std::int64_t i = 0; i < n; ++i) {
    canal::ContainerFacts& f = out[static_cast<std::size_t>(i)];
    f.bill_of_lading = "BL" + std::to_string(i / 3);
    f.container_number = "MSCU" + std::to_string(1000000 + i % 9000000);
    f.owner_code = "MSC";
    const bool from_source = chance(0.33);
    f.port_of_loading = from_source ? pick(source) : pick(other);
    f.port_of_discharge = pick(discharge);
    const int hops = chance(0.5) ? 0 : 1 + static_cast<int>(rng() % 3);
    for (int h = 0; h < hops; ++h) f.transshipment_ports.push_back(pick(hubs));
    f.hs_code = (from_source ? chance(0.6) : chance(0.1)) ? pick(cover) : pick(goods);
    f.shipper = parties[rng() % parties.size()];
    f.consignee = parties[rng() % parties.size()];
    if (chance(0.3)) f.notify = parties[rng() % parties.size()];
    f.weight_kg = 1000 + static_cast<double>(rng() % 27000);
    if (chance(0.95)) {
      f.declared_value = f.weight_kg * std::uniform_real_distribution<double>(0.05, 40)(rng);
      f.currency = chance(0.9) ? "USD" : "EUR";
    }
    f.seal_count = chance(0.03) ? 0 : chance(0.05) ? 3 : 1;
    f.vessel_imo = std::to_string(9000000 + rng() % 2000);
    f.shipper_lines = chance(0.08) ? 0 : history(rng) + 1;
    f.consignee_lines = chance(0.08) ? 0 : history(rng) + 1;
    if (f.shipper_lines > 0) f.shipper_age_days = static_cast<double>(rng() % 2000);
    f.shipper_positives = chance(0.005) ? 1 : 0;
    f.consignee_positives = chance(0.005) ? 1 : 0;
    f.route_positives = static_cast<double>(rng() % 6);
    if (chance(0.6)) {
      f.vessel_gaps = static_cast<double>(rng() % 4);
      f.vessel_dark_hours = f.vessel_gaps * 6;
      f.vessel_encounters = chance(0.05) ? 1 : 0;
      f.vessel_loitering = chance(0.05) ? 1 : 0;
      f.vessel_alerts = chance(0.03) ? 1 : 0;
      f.vessel_source_port_calls = chance(0.3) ? 1 : 0;
    }
    canal::FillDerived(f);
  }
  return out;
}

// ---- The peer: the rules as SQL over a table of the facts. ----

std::string Quote(std::string_view s) {
  std::string out = "'";
  for (char c : s) {
    out += c;
    if (c == '\'') out += '\'';
  }
  return out + "'";
}

std::string Number(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  return buf;
}

std::string_view SqlOp(CmpOp op) {
  switch (op) {
    case CmpOp::kEq:
      return "=";
    case CmpOp::kNe:
      return "<>";
    case CmpOp::kLt:
      return "<";
    case CmpOp::kLe:
      return "<=";
    case CmpOp::kGt:
      return ">";
    case CmpOp::kGe:
      return ">=";
  }
  return "=";
}

std::string BoolField(std::string_view name) {
  if (name == "transshipped") return "(transshipment_ports <> '')";
  if (name == "has_notify") return "(notify <> '')";
  if (name == "vessel_known") return "(vessel_gaps IS NOT NULL)";
  Die("no SQL for boolean field " + std::string(name));
}

// Every leaf is 0 or 1, never NULL, so that NOT keeps the language's meaning (a test on a
// missing value is false; its negation is true).
std::string ToSql(const Expr& e) {
  const std::string col = e.field != nullptr ? std::string(e.field->name) : "";
  const canal::FieldType type = e.field != nullptr ? e.field->type : canal::FieldType::kBool;
  auto join = [&](std::string_view sep) {
    std::string s = "(";
    for (std::size_t i = 0; i < e.children.size(); ++i) {
      if (i > 0) s += sep;
      s += ToSql(e.children[i]);
    }
    return s + ")";
  };
  auto text_set = [&]() {
    std::string s = "(";
    for (std::size_t i = 0; i < e.texts.size(); ++i) s += (i > 0 ? "," : "") + Quote(e.texts[i]);
    return s + ")";
  };
  switch (e.kind) {
    case Expr::Kind::kAnd:
      return join(" AND ");
    case Expr::Kind::kOr:
      return join(" OR ");
    case Expr::Kind::kNot:
      return "(NOT " + ToSql(e.children.front()) + ")";
    case Expr::Kind::kCompare:
      if (type == canal::FieldType::kNumber) {
        return "coalesce(" + col + " " + std::string(SqlOp(e.op)) + " " + Number(e.number) + ", 0)";
      }
      if (type == canal::FieldType::kBool) {
        return e.boolean == (e.op == CmpOp::kEq) ? BoolField(col) : "(NOT " + BoolField(col) + ")";
      }
      return "(" + col + " <> '' AND " + col + " " + std::string(SqlOp(e.op)) + " " +
             Quote(e.text) + ")";
    case Expr::Kind::kIn: {
      const std::string neg = e.negated ? "NOT " : "";
      if (type == canal::FieldType::kNumber) {
        std::string s = "(";
        for (std::size_t i = 0; i < e.numbers.size(); ++i) {
          s += (i > 0 ? "," : "") + Number(e.numbers[i]);
        }
        return "coalesce(" + col + " " + neg + "IN " + s + "), 0)";
      }
      if (type == canal::FieldType::kTextList) {
        std::string any = "(";
        for (std::size_t i = 0; i < e.texts.size(); ++i) {
          any += (i > 0 ? " OR " : "") + std::string("instr(") + col + ", " +
                 Quote("|" + e.texts[i] + "|") + ") > 0";
        }
        return "(" + col + " <> '' AND " + neg + any + "))";
      }
      if (e.prefix) {
        const std::string set = text_set();
        return "(" + col + " <> '' AND " + neg + "(substr(" + col + ", 1, 2) IN " + set +
               " OR substr(" + col + ", 1, 4) IN " + set + " OR substr(" + col + ", 1, 6) IN " +
               set + "))";
      }
      return "(" + col + " <> '' AND " + col + " " + neg + "IN " + text_set() + ")";
    }
    case Expr::Kind::kStartsWith:
      return "(" + col + " <> '' AND substr(" + col + ", 1, " + std::to_string(e.text.size()) +
             ") = " + Quote(e.text) + ")";
    case Expr::Kind::kContains:
      if (type == canal::FieldType::kTextList) {
        return "(instr(" + col + ", " + Quote("|" + e.text + "|") + ") > 0)";
      }
      return "(" + col + " <> '' AND instr(" + col + ", " + Quote(e.text) + ") > 0)";
    case Expr::Kind::kMissing:
      if (type == canal::FieldType::kNumber) {
        return "(" + col + (e.negated ? " IS NOT NULL)" : " IS NULL)");
      }
      return "(" + col + (e.negated ? " <> '')" : " = '')");
    case Expr::Kind::kBool:
      return BoolField(col);
  }
  return "0";
}

void Exec(sqlite3* db, const std::string& sql) {
  char* err = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    const std::string message = err != nullptr ? err : "?";
    sqlite3_free(err);
    Die("sqlite: " + message + " in " + sql.substr(0, 200));
  }
}

std::string Joined(const std::vector<std::string>& v) {
  if (v.empty()) return "";
  std::string s = "|";
  for (const auto& x : v) s += x + "|";
  return s;
}

// The facts as a table whose columns are the fields (Fields()), lists as '|A|B|', NaN as NULL.
void LoadTable(sqlite3* db, const std::vector<canal::ContainerFacts>& facts) {
  std::string create = "CREATE TABLE facts (id INTEGER PRIMARY KEY";
  std::string insert = "INSERT INTO facts VALUES (?";
  std::vector<const canal::internal::FieldDef*> columns;
  for (const auto& d : canal::internal::FieldDefs()) {
    if (d.type == canal::FieldType::kBool) continue;
    columns.push_back(&d);
    create +=
        ", " + std::string(d.name) + (d.type == canal::FieldType::kNumber ? " REAL" : " TEXT");
    insert += ", ?";
  }
  Exec(db, create + ")");
  Exec(db, "BEGIN");
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, (insert + ")").c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
    Die(sqlite3_errmsg(db));
  }
  std::string joined;
  for (std::size_t i = 0; i < facts.size(); ++i) {
    const canal::ContainerFacts& f = facts[i];
    sqlite3_bind_int64(stmt, 1, static_cast<sqlite3_int64>(i));
    int p = 2;
    for (const auto* d : columns) {
      if (d->type == canal::FieldType::kNumber) {
        const double v = f.*(d->number);
        if (std::isnan(v)) {
          sqlite3_bind_null(stmt, p);
        } else {
          sqlite3_bind_double(stmt, p, v);
        }
      } else if (d->type == canal::FieldType::kText) {
        const std::string& v = f.*(d->text);
        sqlite3_bind_text(stmt, p, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
      } else {
        joined = Joined(f.*(d->list));
        sqlite3_bind_text(stmt, p, joined.data(), static_cast<int>(joined.size()),
                          SQLITE_TRANSIENT);
      }
      ++p;
    }
    if (sqlite3_step(stmt) != SQLITE_DONE) Die(sqlite3_errmsg(db));
    sqlite3_reset(stmt);
  }
  sqlite3_finalize(stmt);
  Exec(db, "COMMIT");
}

std::string ScoreQuery(const Shipped& s) {
  std::string score = "0", fired = "''";
  for (std::size_t i = 0; i < s.rules.size(); ++i) {
    auto tree = canal::internal::ParseRule(s.rules[i].expression, s.lists, "/rules", nullptr);
    if (!tree) Die(tree.error().ToString());
    const std::string cond = ToSql(*tree);
    score += " + CASE WHEN " + cond + " THEN " + Number(s.rules[i].weight) + " ELSE 0 END";
    fired += " || CASE WHEN " + cond + " THEN '" + std::to_string(i) + ",' ELSE '' END";
  }
  return "SELECT id, " + score + ", " + fired + " FROM facts ORDER BY id";
}

std::string FiredText(const canal::Score& s) {
  std::string out;
  for (const auto& f : s.fired) out += std::to_string(f.rule) + ",";
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  Config cfg;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--n") {
      cfg.n = std::atoll(argv[i + 1]);
    } else if (flag == "--reps") {
      cfg.reps = std::atoi(argv[i + 1]);
    } else if (flag == "--seed") {
      cfg.seed = static_cast<unsigned>(std::atoll(argv[i + 1]));
    } else if (flag == "--rules") {
      cfg.rules = argv[i + 1];
    } else {
      Die("unknown option " + flag + " (--n, --reps, --seed, --rules)");
    }
  }
  if (cfg.n <= 0 || cfg.reps <= 0) Die("--n and --reps must be positive");

  const Shipped shipped = LoadRules(cfg.rules);
  auto set = canal::CompiledRuleSet::Compile(shipped.rules, shipped.lists);
  if (!set) Die(set.error().ToString());
  const auto facts = Generate(cfg.n, cfg.seed);
  std::printf("rules: %zu (%s), lists: %zu; containers: %lld (seed %u)\n", shipped.rules.size(),
              cfg.rules.c_str(), shipped.lists.size(), static_cast<long long>(cfg.n), cfg.seed);

  sqlite3* db = nullptr;
  if (sqlite3_open(":memory:", &db) != SQLITE_OK) Die("sqlite3_open");
  LoadTable(db, facts);
  const std::string query = ScoreQuery(shipped);
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, query.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
    Die(std::string("sqlite: ") + sqlite3_errmsg(db));
  }

  std::vector<canal::Score> scores(facts.size());
  std::vector<double> ours_s, ours_cpu_s, peer_s;
  std::int64_t fired_total = 0, nonzero = 0;
  for (int rep = 0; rep <= cfg.reps; ++rep) {  // rep 0 warms up, checks, and is not counted
    const auto start = Clock::now();
    const double cpu_start = bench::CpuSeconds();
    for (std::size_t i = 0; i < facts.size(); ++i) set->Score(facts[i], scores[i]);
    const double ours = std::chrono::duration<double>(Clock::now() - start).count();
    const double ours_cpu = bench::CpuSeconds() - cpu_start;

    const auto peer_start = Clock::now();
    std::int64_t rows = 0, mismatches = 0;
    while (sqlite3_step(stmt) == SQLITE_ROW) {
      const auto id = static_cast<std::size_t>(sqlite3_column_int64(stmt, 0));
      const double score = sqlite3_column_double(stmt, 1);
      const auto* fired = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 2));
      if (rep == 0 && (id >= scores.size() || score != scores[id].score ||
                       FiredText(scores[id]) != (fired != nullptr ? fired : ""))) {
        if (mismatches++ < 3) {
          std::fprintf(stderr, "container %zu: ours %g [%s], SQLite %g [%s]\n", id,
                       scores[id].score, FiredText(scores[id]).c_str(), score,
                       fired != nullptr ? fired : "");
        }
      }
      ++rows;
    }
    sqlite3_reset(stmt);
    const double peer = std::chrono::duration<double>(Clock::now() - peer_start).count();
    if (rows != cfg.n) Die("SQLite returned " + std::to_string(rows) + " rows");
    if (mismatches > 0) Die(std::to_string(mismatches) + " containers score differently");
    if (rep == 0) {
      for (const auto& s : scores) {
        fired_total += static_cast<std::int64_t>(s.fired.size());
        nonzero += s.score > 0 ? 1 : 0;
      }
      std::printf(
          "checked: every score and fired list equal in both; %.1f%% of containers "
          "fire a rule, %.2f rules fired on average\n",
          100.0 * static_cast<double>(nonzero) / static_cast<double>(cfg.n),
          static_cast<double>(fired_total) / static_cast<double>(cfg.n));
      continue;
    }
    ours_s.push_back(ours);
    ours_cpu_s.push_back(ours_cpu);
    peer_s.push_back(peer);
    std::printf("rep %d: rules %.3f s wall (%.3f s CPU), SQLite %.3f s\n", rep, ours, ours_cpu,
                peer);
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);

  const double per_million = Median(ours_s) * 1e6 / static_cast<double>(cfg.n);
  const double cpu_per_million = Median(ours_cpu_s) * 1e6 / static_cast<double>(cfg.n);
  const double peer_per_million = Median(peer_s) * 1e6 / static_cast<double>(cfg.n);
  std::printf(
      "\nscoring with explanations, median of %d: %.3f s per 1M containers (%.3f s CPU), "
      "%.0f containers/s\n"
      "goal <= %.1f s per 1M: ratio %.2f (%s)\n"
      "SQLite, the same rules as one SELECT over an in-memory table: %.3f s per 1M; "
      "SQLite / rules = %.1fx\n",
      cfg.reps, per_million, cpu_per_million, 1e6 / per_million, kGoalSeconds,
      per_million / kGoalSeconds, per_million <= kGoalSeconds ? "met" : "NOT met", peer_per_million,
      peer_per_million / per_million);
  return 0;
}

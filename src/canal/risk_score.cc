// Scoring runs and the scores they leave (canal/risk.h). A run reads everything it needs in a few
// set-wide queries (the lines, the history of their parties grouped by import time, the positive
// inspections), scores in memory with one compiled rule set, and writes scores and inspections in
// multi-row statements, all in one write transaction: 100k lines take seconds, not a query each.
#include <sodium.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include <nlohmann/json.hpp>

#include "canal/parties.h"
#include "canal/risk.h"
#include "canal/vessels.h"
#include "core/id.h"
#include "store/audit.h"

namespace istmo::canal {

namespace {

using nlohmann::json;
using store::Row;
using store::Value;

constexpr int kHistoryDays = 30;
constexpr std::size_t kIdsPerQuery = 500;
constexpr std::size_t kRowsPerInsert = 50;
constexpr const char* kKeySetting = "random_selection_key";

std::string Dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

std::vector<std::string> SplitList(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find(';', start);
    if (end == std::string::npos) end = text.size();
    if (end > start) out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

std::string Placeholders(std::size_t n) {
  std::string s;
  for (std::size_t i = 0; i < n; ++i) s += i == 0 ? "?" : ", ?";
  return s;
}

// Counts of events per key by time, answering "how many before t" and "the first before t" by
// binary search: the history of a party is read once per run, not once per line.
class EarlierCounts {
 public:
  void Add(const std::string& key, std::string at, std::int64_t n) {
    by_key_[key].push_back({std::move(at), n});
  }
  void Finish() {
    for (auto& [key, entries] : by_key_) {
      std::sort(entries.begin(), entries.end(),
                [](const Entry& a, const Entry& b) { return a.at < b.at; });
      std::int64_t sum = 0;
      for (Entry& e : entries) e.n = sum += e.n;
    }
  }
  std::int64_t Before(const std::string& key, const std::string& before) const {
    const auto* entries = Find(key);
    if (entries == nullptr) return 0;
    auto it = LowerBound(*entries, before);
    return it == entries->begin() ? 0 : std::prev(it)->n;
  }
  // The first time strictly before `before`, or nullptr.
  const std::string* FirstBefore(const std::string& key, const std::string& before) const {
    const auto* entries = Find(key);
    if (entries == nullptr || entries->empty() || !(entries->front().at < before)) return nullptr;
    return &entries->front().at;
  }

 private:
  struct Entry {
    std::string at;
    std::int64_t n;
  };
  const std::vector<Entry>* Find(const std::string& key) const {
    auto it = by_key_.find(key);
    return it == by_key_.end() ? nullptr : &it->second;
  }
  static std::vector<Entry>::const_iterator LowerBound(const std::vector<Entry>& v,
                                                       const std::string& at) {
    return std::lower_bound(v.begin(), v.end(), at,
                            [](const Entry& e, const std::string& t) { return e.at < t; });
  }
  std::unordered_map<std::string, std::vector<Entry>> by_key_;
};

struct RunLine {
  std::string id;
  std::string created_at;
  std::string releasability;
  std::string shipper_id;
  std::string consignee_id;
  ContainerFacts facts;
  Score score;
  std::string lane = "green";
  std::string selection = "none";
};

constexpr const char* kRunSelect =
    "SELECT m.id, m.created_at, m.releasability, m.bill_of_lading, m.container_number, m.seals, "
    "m.shipper_party_id, ps.party_key, m.shipper_address, m.consignee_party_id, pc.party_key, "
    "m.consignee_address, pn.party_key, m.hs_code, m.port_of_loading, m.port_of_discharge, "
    "m.transshipment_ports, m.weight_kg, m.declared_value, m.currency, m.vessel_imo "
    "FROM canal_manifest_lines m JOIN canal_parties ps ON ps.id = m.shipper_party_id "
    "JOIN canal_parties pc ON pc.id = m.consignee_party_id "
    "LEFT JOIN canal_parties pn ON pn.id = m.notify_party_id ";

RunLine RunLineFromRow(const Row& r) {
  RunLine l;
  l.id = r.Text(0);
  l.created_at = r.Text(1);
  l.releasability = r.Text(2);
  ContainerFacts& f = l.facts;
  f.bill_of_lading = r.Text(3);
  f.container_number = r.Text(4);
  f.owner_code = f.container_number.substr(0, 3);
  f.seal_count = static_cast<double>(SplitList(r.Text(5)).size());
  l.shipper_id = r.Text(6);
  f.shipper = r.Text(7);
  f.shipper_address = AddressKey(r.Text(8));
  l.consignee_id = r.Text(9);
  f.consignee = r.Text(10);
  f.consignee_address = AddressKey(r.Text(11));
  f.notify = r.Text(12);
  f.hs_code = r.Text(13);
  f.port_of_loading = r.Text(14);
  f.port_of_discharge = r.Text(15);
  f.transshipment_ports = SplitList(r.Text(16));
  f.weight_kg = r.Real(17);
  if (!r.IsNull(18)) f.declared_value = r.Real(18);
  f.currency = r.Text(19);
  f.vessel_imo = r.Text(20);
  return l;
}

// Lines of `ids` (party ids) named as `column`, grouped by time, over what the scope may see.
core::Status AddPartyHistory(store::Connection& tx, const store::AccessScope& scope,
                             const std::vector<std::string>& ids, const char* column,
                             EarlierCounts& out) {
  const store::SqlFilter visible = store::ReleasableTo(scope, "m");
  for (std::size_t first = 0; first < ids.size(); first += kIdsPerQuery) {
    const std::size_t n = std::min(kIdsPerQuery, ids.size() - first);
    store::Params params(ids.begin() + static_cast<std::ptrdiff_t>(first),
                         ids.begin() + static_cast<std::ptrdiff_t>(first + n));
    params.insert(params.end(), visible.params.begin(), visible.params.end());
    const std::string col = std::string("m.") + column;
    ISTMO_ASSIGN_OR_RETURN(auto rows,
                           tx.Query("SELECT " + col +
                                        ", m.created_at, count(*) FROM canal_manifest_lines "
                                        "m WHERE " +
                                        col + " IN (" + Placeholders(n) + ") AND " + visible.sql +
                                        " GROUP BY " + col + ", m.created_at",
                                    params));
    for (const Row& r : rows) out.Add(r.Text(0), r.Text(1), r.Int(2));
  }
  out.Finish();
  return core::Ok();
}

struct Positives {
  EarlierCounts shipper, consignee, route;
};

core::Result<Positives> ReadPositives(store::Connection& tx, const store::AccessScope& scope) {
  const store::SqlFilter visible = store::ReleasableTo(scope, "i");
  ISTMO_ASSIGN_OR_RETURN(
      auto rows, tx.Query("SELECT m.shipper_party_id, m.consignee_party_id, m.port_of_loading, "
                          "m.created_at FROM canal_inspections i JOIN canal_manifest_lines m ON "
                          "m.id = i.line_id WHERE i.result = 'positive' AND " +
                              visible.sql,
                          visible.params));
  Positives p;
  for (const Row& r : rows) {
    p.shipper.Add(r.Text(0), r.Text(3), 1);
    p.consignee.Add(r.Text(1), r.Text(3), 1);
    p.route.Add(r.Text(2), r.Text(3), 1);
  }
  p.shipper.Finish();
  p.consignee.Finish();
  p.route.Finish();
  return p;
}

double DaysBetween(const std::string& from, const std::string& to) {
  auto a = core::ParseIso8601(from);
  auto b = core::ParseIso8601(to);
  if (!a || !b) return ContainerFacts::kMissing;
  return std::chrono::duration<double>(*b - *a).count() / 86400.0;
}

json NumberOrNull(double v) { return std::isnan(v) ? json(nullptr) : json(v); }

json FactsJson(const ContainerFacts& f) {
  return {{"shipper_lines", f.shipper_lines},
          {"consignee_lines", f.consignee_lines},
          {"shipper_age_days", NumberOrNull(f.shipper_age_days)},
          {"shipper_positives", f.shipper_positives},
          {"consignee_positives", f.consignee_positives},
          {"route_positives", f.route_positives},
          {"vessel_gaps", NumberOrNull(f.vessel_gaps)},
          {"vessel_dark_hours", NumberOrNull(f.vessel_dark_hours)},
          {"vessel_encounters", NumberOrNull(f.vessel_encounters)},
          {"vessel_loitering", NumberOrNull(f.vessel_loitering)},
          {"vessel_alerts", NumberOrNull(f.vessel_alerts)},
          {"vessel_source_port_calls", NumberOrNull(f.vessel_source_port_calls)}};
}

// The owner's active rules compiled against the lists it may see. A rule that no longer compiles
// (a list it used went away) is left out and counted, so that one stale rule does not stop the
// run.
core::Result<std::pair<CompiledRuleSet, std::int64_t>> CompileOwnerRules(
    store::Connection& tx, const store::AccessScope& scope) {
  ISTMO_ASSIGN_OR_RETURN(
      auto rows, tx.Query("SELECT r.id, r.version, v.name, v.expression, v.weight, "
                          "v.explanation_es, v.explanation_en FROM canal_rules r JOIN "
                          "canal_rule_versions v ON v.rule_id = r.id AND v.version = r.version "
                          "WHERE r.owner_org = ? AND r.status = 'active' ORDER BY r.created_at, "
                          "r.id",
                          {scope.org_id}));
  std::vector<RuleSource> rules;
  for (const Row& r : rows) {
    rules.push_back({.id = r.Text(0),
                     .version = r.Int(1),
                     .name = r.Text(2),
                     .expression = r.Text(3),
                     .weight = r.Real(4),
                     .explanation_es = r.Text(5),
                     .explanation_en = r.Text(6)});
  }
  ISTMO_ASSIGN_OR_RETURN(auto lists, VisibleNamedLists(tx, scope));
  std::int64_t skipped = 0;
  for (;;) {
    auto compiled = CompiledRuleSet::Compile(rules, lists);
    if (compiled) return std::pair{std::move(*compiled), skipped};
    // "/rules/<i>/expression": drop rule i and try again.
    const std::string& field = compiled.error().field;
    std::size_t index = rules.size();
    if (field.rfind("/rules/", 0) == 0) {
      index = static_cast<std::size_t>(std::strtoull(field.c_str() + 7, nullptr, 10));
    }
    if (index >= rules.size()) return compiled.error();
    rules.erase(rules.begin() + static_cast<std::ptrdiff_t>(index));
    ++skipped;
  }
}

// Where a lane starts: every line scoring above `score`, and of the lines scoring exactly `score`
// the share `at_score` (picked by the keyed hash). Scores are sums of a few weights, so many
// lines tie; taking a share of the tied level makes the expected share of the lane the rate
// instead of whatever the level's size happens to be.
struct Cut {
  double score = 0;
  double at_score = 1;
};

// The cut that selects `share` of the pool (sorted highest first) in expectation, over positive
// scores only: none when the share is 0 or no score is positive; every positive score when they
// are fewer than the share.
std::optional<Cut> CutFor(const std::vector<double>& pool, double share) {
  const double target = share * static_cast<double>(pool.size());
  if (pool.empty() || target <= 0 || !(pool.front() > 0)) return std::nullopt;
  const auto positives = static_cast<std::size_t>(
      std::lower_bound(pool.begin(), pool.end(), 0.0, std::greater<>()) - pool.begin());
  const std::size_t index = static_cast<std::size_t>(std::ceil(target)) - 1;
  if (index >= positives) return Cut{.score = pool[positives - 1], .at_score = 1};
  const double v = pool[index];
  const auto [first, last] = std::equal_range(pool.begin(), pool.end(), v, std::greater<>());
  const auto above = static_cast<double>(first - pool.begin());
  const auto tied = static_cast<double>(last - first);
  return Cut{.score = v, .at_score = std::clamp((target - above) / tied, 0.0, 1.0)};
}

bool Within(const std::optional<Cut>& cut, double score, double u) {
  if (!cut || !(score > 0)) return false;
  return score > cut->score || (score == cut->score && u < cut->at_score);
}

// Two independent uniform draws in [0, 1) from the keyed hash of a line id: the first decides
// the random selection, the second the share of a tied score level. Deterministic per line and
// key, and unpredictable without the key.
std::pair<double, double> KeyedDraws(const std::string& line_id,
                                     const std::vector<unsigned char>& key) {
  unsigned char out[crypto_generichash_BYTES_MIN];
  crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(line_id.data()),
                     line_id.size(), key.data(), key.size());
  const auto draw = [&out](int first) {
    std::uint64_t x = 0;
    for (int b = first; b < first + 8; ++b) x = (x << 8) | out[b];
    return static_cast<double>(x >> 11) * 0x1.0p-53;
  };
  return {draw(0), draw(8)};
}

core::Result<std::vector<unsigned char>> RandomKey(store::Connection& tx, core::Timestamp now) {
  unsigned char fresh[32];
  core::RandomBytes(fresh, sizeof fresh);
  ISTMO_RETURN_IF_ERROR(tx.Exec(
      "INSERT INTO canal_settings (key, created_at, value) VALUES "
      "(?, ?, ?) ON CONFLICT (key) DO NOTHING",
      {std::string(kKeySetting), core::FormatIso8601(now), core::HexEncode(fresh, sizeof fresh)}));
  ISTMO_ASSIGN_OR_RETURN(auto row, tx.QueryOne("SELECT value FROM canal_settings WHERE key = ?",
                                               {std::string(kKeySetting)}));
  if (!row) return core::Internal("the random selection key was not stored");
  const std::string hex = row->Text(0);
  std::vector<unsigned char> key(hex.size() / 2);
  std::size_t len = 0;
  if (sodium_hex2bin(key.data(), key.size(), hex.data(), hex.size(), nullptr, &len, nullptr) != 0 ||
      len < 16) {
    return core::DataLoss("the random selection key in canal_settings is not hex");
  }
  key.resize(len);
  return key;
}

json FiredJson(const CompiledRuleSet& rules, const Score& score) {
  json out = json::array();
  for (const FiredRule& f : score.fired) {
    const RuleSource& r = rules.rules()[f.rule];
    out.push_back({{"rule_id", r.id}, {"version", r.version}, {"weight", f.weight}});
  }
  return out;
}

core::Status WriteScores(store::Connection& tx, const std::vector<RunLine>& lines,
                         const CompiledRuleSet& rules, const std::string& org,
                         const std::string& run_id, const std::string& at) {
  constexpr const char* kRow = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  for (std::size_t first = 0; first < lines.size(); first += kRowsPerInsert) {
    const std::size_t n = std::min(kRowsPerInsert, lines.size() - first);
    std::string sql =
        "INSERT INTO canal_scores (line_id, owner_org, releasability, run_id, scored_at, score, "
        "lane, selection, fired, facts) VALUES ";
    store::Params params;
    params.reserve(n * 10);
    for (std::size_t i = first; i < first + n; ++i) {
      const RunLine& l = lines[i];
      sql += (i == first ? "" : ", ") + std::string(kRow);
      for (Value& v :
           store::Params{l.id, org, l.releasability, run_id, at, l.score.score, l.lane, l.selection,
                         Dump(FiredJson(rules, l.score)), Dump(FactsJson(l.facts))}) {
        params.push_back(std::move(v));
      }
    }
    sql +=
        " ON CONFLICT (line_id) DO UPDATE SET owner_org = excluded.owner_org, releasability = "
        "excluded.releasability, run_id = excluded.run_id, scored_at = excluded.scored_at, score "
        "= excluded.score, lane = excluded.lane, selection = excluded.selection, fired = "
        "excluded.fired, facts = excluded.facts";
    ISTMO_RETURN_IF_ERROR(tx.Exec(sql, params));
  }
  return core::Ok();
}

// Queues an inspection for every red or yellow line that has none (of any status): a rescore
// never replaces nor deletes one. Returns how many were queued.
core::Result<std::int64_t> QueueInspections(store::Connection& tx,
                                            const std::vector<RunLine>& lines,
                                            const CompiledRuleSet& rules, const std::string& org,
                                            const std::string& at) {
  std::vector<const RunLine*> chosen;
  for (const RunLine& l : lines) {
    if (l.lane != "green") chosen.push_back(&l);
  }
  std::int64_t queued = 0;
  constexpr const char* kRow = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'queued')";
  for (std::size_t first = 0; first < chosen.size(); first += kRowsPerInsert) {
    const std::size_t n = std::min(kRowsPerInsert, chosen.size() - first);
    std::string sql =
        "INSERT INTO canal_inspections (id, created_at, updated_at, owner_org, releasability, "
        "line_id, lane, selection, score, fired, status) VALUES ";
    store::Params params;
    for (std::size_t i = first; i < first + n; ++i) {
      const RunLine& l = *chosen[i];
      sql += (i == first ? "" : ", ") + std::string(kRow);
      for (Value& v : store::Params{core::NewId(), at, at, org, l.releasability, l.id, l.lane,
                                    l.selection, l.score.score, Dump(FiredJson(rules, l.score))}) {
        params.push_back(std::move(v));
      }
    }
    sql += " ON CONFLICT (line_id) DO NOTHING";
    ISTMO_ASSIGN_OR_RETURN(auto written, tx.Exec(sql, params));
    queued += written;
  }
  return queued;
}

core::Result<ScoreSummary> Run(store::Store& store, const store::AccessScope& scope,
                               const std::string& import_id, core::Timestamp now) {
  if (scope.org_id.empty()) {
    return core::PermissionDenied("a scoring run is made for an organization");
  }
  return store.Write<ScoreSummary>([&](store::Connection& tx) -> core::Result<ScoreSummary> {
    const std::string at = core::FormatIso8601(now);
    const std::string since = core::FormatIso8601(now - std::chrono::hours(24 * kHistoryDays));
    // 1. The lines of the run.
    std::vector<Row> rows;
    if (!import_id.empty()) {
      ISTMO_ASSIGN_OR_RETURN(
          auto imp, tx.QueryOne("SELECT owner_org FROM canal_imports WHERE id = ? AND kind = "
                                "'manifest'",
                                {import_id}));
      if (!imp || imp->Text(0) != scope.org_id) {
        return core::NotFound(
            "no manifest import " + import_id.substr(0, 40) + " of your organization",
            "/import_id");
      }
      ISTMO_ASSIGN_OR_RETURN(
          rows, tx.Query(std::string(kRunSelect) + "WHERE m.import_id = ? AND m.owner_org = ? "
                                                   "ORDER BY m.id",
                         {import_id, scope.org_id}));
    } else {
      ISTMO_ASSIGN_OR_RETURN(
          rows, tx.Query(std::string(kRunSelect) +
                             "LEFT JOIN canal_scores s ON s.line_id = m.id WHERE m.owner_org = ? "
                             "AND (s.line_id IS NULL OR s.scored_at >= ?) AND NOT EXISTS (SELECT "
                             "1 FROM canal_inspections i WHERE i.line_id = m.id AND i.status = "
                             "'done') ORDER BY m.id",
                         {scope.org_id, since}));
    }
    std::vector<RunLine> lines;
    lines.reserve(rows.size());
    for (const Row& r : rows) lines.push_back(RunLineFromRow(r));
    rows.clear();
    rows.shrink_to_fit();

    // 2. History: one grouped query per batch of parties, and the positive inspections.
    std::unordered_set<std::string> shipper_set, consignee_set;
    for (const RunLine& l : lines) {
      shipper_set.insert(l.shipper_id);
      consignee_set.insert(l.consignee_id);
    }
    EarlierCounts shippers, consignees;
    ISTMO_RETURN_IF_ERROR(AddPartyHistory(tx, scope, {shipper_set.begin(), shipper_set.end()},
                                          "shipper_party_id", shippers));
    ISTMO_RETURN_IF_ERROR(AddPartyHistory(tx, scope, {consignee_set.begin(), consignee_set.end()},
                                          "consignee_party_id", consignees));
    ISTMO_ASSIGN_OR_RETURN(const Positives positives, ReadPositives(tx, scope));

    // The carrying vessels' behaviour at sea (canal/vessels.h), read once per vessel: a vessel
    // the registry does not know leaves its facts missing.
    std::unordered_map<std::string, VesselFacts> vessels;
    for (const RunLine& l : lines) {
      const std::string& imo = l.facts.vessel_imo;
      if (imo.empty() || vessels.contains(imo)) continue;
      ISTMO_ASSIGN_OR_RETURN(auto facts, VesselFactsFor(tx, scope, imo, now));
      vessels.emplace(imo, std::move(facts));
    }

    // 3. Facts and scores.
    ISTMO_ASSIGN_OR_RETURN(auto compiled, CompileOwnerRules(tx, scope));
    const CompiledRuleSet& rules = compiled.first;
    for (RunLine& l : lines) {
      ContainerFacts& f = l.facts;
      f.shipper_lines = static_cast<double>(shippers.Before(l.shipper_id, l.created_at));
      f.consignee_lines = static_cast<double>(consignees.Before(l.consignee_id, l.created_at));
      if (const std::string* first = shippers.FirstBefore(l.shipper_id, l.created_at)) {
        f.shipper_age_days = DaysBetween(*first, l.created_at);
      }
      f.shipper_positives =
          static_cast<double>(positives.shipper.Before(l.shipper_id, l.created_at));
      f.consignee_positives =
          static_cast<double>(positives.consignee.Before(l.consignee_id, l.created_at));
      f.route_positives =
          static_cast<double>(positives.route.Before(f.port_of_loading, l.created_at));
      if (auto v = vessels.find(f.vessel_imo); v != vessels.end() && v->second.known) {
        f.vessel_gaps = v->second.gaps;
        f.vessel_dark_hours = v->second.dark_hours;
        f.vessel_encounters = v->second.encounters;
        f.vessel_loitering = v->second.loitering;
        f.vessel_alerts = v->second.alerts;
        f.vessel_source_port_calls = v->second.source_port_calls;
      }
      FillDerived(f);
      rules.Score(f, l.score);
    }

    // 4. Lanes: thresholds over this run and the owner's other scores of the last 30 days.
    ISTMO_ASSIGN_OR_RETURN(auto settings, GetLanes(tx, scope, now));
    const LaneRates& rates = settings.settings.rates;
    std::unordered_set<std::string> in_run;
    in_run.reserve(lines.size());
    std::vector<double> pool;
    pool.reserve(lines.size());
    for (const RunLine& l : lines) {
      in_run.insert(l.id);
      pool.push_back(l.score.score);
    }
    ISTMO_ASSIGN_OR_RETURN(auto earlier,
                           tx.Query("SELECT line_id, score FROM canal_scores WHERE owner_org = ? "
                                    "AND scored_at >= ?",
                                    {scope.org_id, since}));
    for (const Row& r : earlier) {
      if (!in_run.contains(r.Text(0))) pool.push_back(r.Real(1));
    }
    std::sort(pool.begin(), pool.end(), std::greater<>());
    ScoreSummary out{.run_id = core::NewId(), .skipped_rules = compiled.second};
    const std::optional<Cut> red = CutFor(pool, rates.red_rate);
    const std::optional<Cut> yellow = CutFor(pool, rates.red_rate + rates.yellow_rate);
    if (red) out.red_threshold = red->score;
    if (yellow) out.yellow_threshold = yellow->score;
    ISTMO_ASSIGN_OR_RETURN(const auto key, RandomKey(tx, now));
    for (RunLine& l : lines) {
      const double s = l.score.score;
      const auto [random_draw, tie_draw] = KeyedDraws(l.id, key);
      if (random_draw < rates.random_rate) {
        l.lane = "red";
        l.selection = "random";
        ++out.random;
      } else if (Within(red, s, tie_draw)) {
        l.lane = "red";
        l.selection = "rules";
      } else if (Within(yellow, s, tie_draw)) {
        l.lane = "yellow";
        l.selection = "rules";
      }
      ++(l.lane == "red" ? out.red : l.lane == "yellow" ? out.yellow : out.green);
    }
    out.scored = static_cast<std::int64_t>(lines.size());

    // 5. Writes, and one audit entry for the run.
    ISTMO_RETURN_IF_ERROR(WriteScores(tx, lines, rules, scope.org_id, out.run_id, at));
    ISTMO_ASSIGN_OR_RETURN(out.queued, QueueInspections(tx, lines, rules, scope.org_id, at));
    const auto opt = [](const std::optional<double>& v) { return v ? Value(*v) : store::Null(); };
    ISTMO_RETURN_IF_ERROR(tx.Exec(
        "INSERT INTO canal_score_runs (id, created_at, owner_org, created_by, import_id, scored, "
        "red, yellow, green, random, queued, red_threshold, yellow_threshold) VALUES (?, ?, ?, "
        "?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        {out.run_id, at, scope.org_id,
         scope.user_id.empty() ? std::string("system") : scope.user_id,
         store::TextOrNull(import_id), out.scored, out.red, out.yellow, out.green, out.random,
         out.queued, opt(out.red_threshold), opt(out.yellow_threshold)}));
    const json detail = {{"import_id", import_id.empty() ? json(nullptr) : json(import_id)},
                         {"scored", out.scored},
                         {"red", out.red},
                         {"yellow", out.yellow},
                         {"green", out.green},
                         {"random", out.random},
                         {"queued", out.queued},
                         {"rules", rules.rules().size()},
                         {"skipped_rules", out.skipped_rules}};
    ISTMO_RETURN_IF_ERROR(store::AppendAudit(
        tx, store::AuditBy(scope, "canal.score.run", "canal_score_run", out.run_id, Dump(detail)),
        now));
    return out;
  });
}

// ---- Reading scores

constexpr const char* kScoreSelect =
    "SELECT m.id, m.container_number, m.bill_of_lading, m.hs_code, m.port_of_loading, "
    "m.port_of_discharge, m.shipper_party_id, m.shipper_name, m.consignee_party_id, "
    "m.consignee_name, m.vessel_imo, s.score, s.lane, s.selection, s.scored_at, s.fired, s.facts, "
    "i.id, i.status, i.result, s.owner_org, s.releasability FROM canal_scores s "
    "JOIN canal_manifest_lines m ON m.id = s.line_id "
    "LEFT JOIN canal_inspections i ON i.line_id = s.line_id AND ";

struct ScoreSql {
  std::string sql;
  store::Params params;
};

// The select with the visibility of the score and of its inspection; `where` is ANDed.
ScoreSql ScoreSelect(const store::AccessScope& scope) {
  const store::SqlFilter inspection = store::ReleasableTo(scope, "i");
  const store::SqlFilter score = store::ReleasableTo(scope, "s");
  ScoreSql out{.sql = std::string(kScoreSelect) + inspection.sql + " WHERE " + score.sql,
               .params = inspection.params};
  out.params.insert(out.params.end(), score.params.begin(), score.params.end());
  return out;
}

// The rules' names and explanations, for the (rule, version) pairs that fired, over the rules
// the reader may see.
using ReasonKey = std::pair<std::string, std::int64_t>;
core::Result<std::map<ReasonKey, RiskReason>> ReasonTexts(store::Connection& c,
                                                          const store::AccessScope& scope,
                                                          const std::set<std::string>& rule_ids) {
  std::map<ReasonKey, RiskReason> out;
  const std::vector<std::string> ids(rule_ids.begin(), rule_ids.end());
  const store::SqlFilter visible = store::ReleasableTo(scope, "r");
  for (std::size_t first = 0; first < ids.size(); first += kIdsPerQuery) {
    const std::size_t n = std::min(kIdsPerQuery, ids.size() - first);
    store::Params params(ids.begin() + static_cast<std::ptrdiff_t>(first),
                         ids.begin() + static_cast<std::ptrdiff_t>(first + n));
    params.insert(params.end(), visible.params.begin(), visible.params.end());
    ISTMO_ASSIGN_OR_RETURN(
        auto rows, c.Query("SELECT v.rule_id, v.version, v.name, v.explanation_es, "
                           "v.explanation_en FROM canal_rule_versions v JOIN canal_rules r ON "
                           "r.id = v.rule_id WHERE v.rule_id IN (" +
                               Placeholders(n) + ") AND " + visible.sql,
                           params));
    for (const Row& r : rows) {
      out[{r.Text(0), r.Int(1)}] = {.rule_id = r.Text(0),
                                    .version = r.Int(1),
                                    .name = r.Text(2),
                                    .explanation_es = r.Text(3),
                                    .explanation_en = r.Text(4)};
    }
  }
  return out;
}

core::Result<std::vector<ScoredLine>> ReadScored(store::Connection& c,
                                                 const store::AccessScope& scope,
                                                 const std::string& sql,
                                                 const store::Params& params) {
  ISTMO_ASSIGN_OR_RETURN(auto rows, c.Query(sql, params));
  std::vector<ScoredLine> out;
  std::vector<json> fired;
  std::set<std::string> rule_ids;
  for (const Row& r : rows) {
    ScoredLine x{.line_id = r.Text(0),
                 .container_number = r.Text(1),
                 .bill_of_lading = r.Text(2),
                 .hs_code = r.Text(3),
                 .port_of_loading = r.Text(4),
                 .port_of_discharge = r.Text(5),
                 .shipper = {r.Text(6), r.Text(7), ""},
                 .consignee = {r.Text(8), r.Text(9), ""},
                 .vessel_imo = r.Text(10)};
    x.owner_org = r.Text(20);
    x.releasability = store::DecodeReleasability(r.Text(21));
    x.risk = {.line_id = x.line_id,
              .score = r.Real(11),
              .lane = r.Text(12),
              .selection = r.Text(13),
              .scored_at = core::ParseIso8601(r.Text(14)).value_or(core::Timestamp{}),
              .facts = r.Text(16)};
    if (!r.IsNull(17)) x.inspection = InspectionRef{r.Text(17), r.Text(18), r.Text(19)};
    json f = json::parse(r.Text(15), nullptr, false);
    if (!f.is_array()) f = json::array();
    for (const json& e : f) rule_ids.insert(e.value("rule_id", ""));
    fired.push_back(std::move(f));
    out.push_back(std::move(x));
  }
  ISTMO_ASSIGN_OR_RETURN(auto texts, ReasonTexts(c, scope, rule_ids));
  for (std::size_t i = 0; i < out.size(); ++i) {
    for (const json& e : fired[i]) {
      RiskReason reason{.rule_id = e.value("rule_id", ""),
                        .version = e.value("version", std::int64_t{0}),
                        .weight = e.value("weight", 0.0)};
      auto it = texts.find({reason.rule_id, reason.version});
      if (it != texts.end()) {
        reason.name = it->second.name;
        reason.explanation_es = it->second.explanation_es;
        reason.explanation_en = it->second.explanation_en;
      }
      out[i].risk.reasons.push_back(std::move(reason));
    }
  }
  return out;
}

}  // namespace

core::Result<ScoreSummary> ScoreLines(store::Store& store, const store::AccessScope& scope,
                                      const std::string& import_id, core::Timestamp now) {
  if (!scope.Has(store::Role::kAnalyst) && !scope.Has(store::Role::kSupervisor)) {
    return core::PermissionDenied("scoring needs the analyst or supervisor role");
  }
  return Run(store, scope, import_id, now);
}

core::Result<ScoreSummary> ScoreImport(store::Store& store, const store::AccessScope& scope,
                                       const std::string& import_id, core::Timestamp now) {
  if (!scope.Has(store::Role::kOfficer) && !scope.Has(store::Role::kAnalyst)) {
    return core::PermissionDenied("scoring an import needs the officer or analyst role");
  }
  return Run(store, scope, import_id, now);
}

core::Result<std::vector<ScoredLine>> ListScores(store::Connection& c,
                                                 const store::AccessScope& scope,
                                                 const ScoreQuery& q) {
  ScoreSql s = ScoreSelect(scope);
  const auto where = [&s](const std::string& cond, store::Params p) {
    s.sql += " AND " + cond;
    s.params.insert(s.params.end(), p.begin(), p.end());
  };
  if (!q.lane.empty()) where("s.lane = ?", {q.lane});
  if (!q.selection.empty()) where("s.selection = ?", {q.selection});
  if (q.min_score) where("s.score >= ?", {*q.min_score});
  if (!q.import_id.empty()) where("m.import_id = ?", {q.import_id});
  if (!q.transit_id.empty()) {
    // The transit's containers as canal/vessels.h defines them (one definition of the link).
    auto transit = GetTransit(c, scope, q.transit_id);
    if (!transit) {
      core::Error e = transit.error();
      if (e.code == core::ErrorCode::kNotFound) e.field = "?transit_id";
      return e;
    }
    ISTMO_ASSIGN_OR_RETURN(auto containers, TransitContainers(c, scope, *transit, 0));
    if (containers.empty()) return std::vector<ScoredLine>();
    store::Params ids;
    ids.reserve(containers.size());
    for (const TransitContainer& x : containers) ids.push_back(x.line_id);
    where("s.line_id IN (" + Placeholders(ids.size()) + ")", std::move(ids));
  }
  if (!q.after.empty()) {
    ISTMO_ASSIGN_OR_RETURN(
        auto cursor, c.QueryOne("SELECT score FROM canal_scores WHERE line_id = ?", {q.after}));
    if (!cursor) return core::InvalidArgument("is not a scored line of a previous page", "?after");
    const double score = cursor->Real(0);
    where("(s.score < ? OR (s.score = ? AND s.line_id > ?))", {score, score, q.after});
  }
  s.sql += " ORDER BY s.score DESC, s.line_id LIMIT ?";
  s.params.push_back(std::clamp<std::int64_t>(q.limit, 1, 1000));
  return ReadScored(c, scope, s.sql, s.params);
}

core::Result<std::map<std::string, ScoredLine>> RisksOf(store::Connection& c,
                                                        const store::AccessScope& scope,
                                                        const std::vector<std::string>& line_ids) {
  std::map<std::string, ScoredLine> out;
  for (std::size_t first = 0; first < line_ids.size(); first += kIdsPerQuery) {
    const std::size_t n = std::min(kIdsPerQuery, line_ids.size() - first);
    ScoreSql s = ScoreSelect(scope);
    s.sql += " AND s.line_id IN (" + Placeholders(n) + ")";
    s.params.insert(s.params.end(), line_ids.begin() + static_cast<std::ptrdiff_t>(first),
                    line_ids.begin() + static_cast<std::ptrdiff_t>(first + n));
    ISTMO_ASSIGN_OR_RETURN(auto scored, ReadScored(c, scope, s.sql, s.params));
    for (ScoredLine& x : scored) out.emplace(x.line_id, std::move(x));
  }
  return out;
}

}  // namespace istmo::canal

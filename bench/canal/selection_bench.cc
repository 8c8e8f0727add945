// bench_canal_selection — does rule selection beat chance? The shipped rules
// (data/canal/rules.json) against a random selection of the same size, on the synthetic canal
// world (canal/synthetic.h), whose hidden labels say which containers hold drugs.
//
//   build/bench/bench_canal_selection                        # 200,000 containers, 5 seeds
//   build/bench/bench_canal_selection --containers 50000 --seeds 3 --rules data/canal/rules.json
//
// Per seed: the world is generated over a warm-up period (history only) and an evaluation period
// of about --containers containers. Each evaluated container's ContainerFacts are built as the
// scoring would see them: the manifest line; history from the earlier lines (lines per shipper and
// consignee, the shipper's age, and the positives that earlier inspections found: each earlier
// positive is known with probability --known, since only what was inspected is known); the
// carrying vessel's behaviour from its profile. The rules score every container; the top --rate
// (2 %) by score is the rules' selection (a line with score 0 is never selected by rules, ties at
// the threshold broken at random), and a random --rate of the same containers is the random lane.
// Printed: hit rates, lift (rules over random, and over the prevalence, which is what the random
// lane estimates), with a 95 % interval over seeds; the share of positives the rules never target
// (score 0) and, per pattern, the share selected — what the random lane is there to catch.
//
// --learn (docs/canal.md, "Learning the weights from the inspections"): the yield loop instead.
// Period A (--rounds × --learn-days after the history) is selected with the current weights plus
// a --random-rate random lane; only those containers' labels are read, as inspection results;
// after each round canal::SuggestWeight re-weights the rules from A's inspections so far. Period
// B, the following ~--containers, is selected with the shipped and with the learned weights:
//
//   build/bench/bench_canal_selection --learn [--rounds 3] [--min-inspected 30]
//
// The rules were written from published indicators without reading the generator, and the
// generator from published smuggling methods without reading the rules (docs/canal.md).
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <map>
#include <numeric>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "canal/inspections.h"
#include "canal/parties.h"
#include "canal/rules.h"
#include "canal/synthetic.h"
#include "canal/weights.h"

namespace {

using namespace istmo;

struct Config {
  std::size_t containers = 200'000;
  int seeds = 5;
  double rate = 0.02;
  double known = 0.3;
  int warmup_days = 60;
  std::string rules = "data/canal/rules.json";
  // --learn: the yield loop (period A inspected with the shipped rules and the random lane,
  // weights suggested from A's results only, period B selected with them).
  bool learn = false;
  int learn_days = 56;
  int rounds = 1;  // periods of --learn-days, each selected with the weights learnt before it
  double random_rate = 0.01;
  std::int64_t min_inspected = 30;
};

[[noreturn]] void Die(const std::string& what) {
  std::fprintf(stderr, "bench_canal_selection: %s\n", what.c_str());
  std::exit(1);
}

// The shipped rule file: {"lists": [{name, kind, items}], "rules": [{name, expression, weight,
// explanation: {es, en}}]}.
canal::CompiledRuleSet LoadRules(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) Die("cannot read " + path + " (run from the repository root or pass --rules)");
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(std::string(std::istreambuf_iterator<char>(in), {}));
  } catch (const std::exception& e) {
    Die(path + ": " + e.what());
  }
  std::vector<canal::NamedList> lists;
  for (const auto& l : j.value("lists", nlohmann::json::array())) {
    canal::NamedList list;
    list.name = l.at("name").get<std::string>();
    auto kind = canal::ParseListKind(l.at("kind").get<std::string>(), "/lists/kind");
    if (!kind) Die(path + ": " + kind.error().ToString());
    list.kind = *kind;
    for (const auto& item : l.at("items")) {
      auto normalized = canal::NormalizeListItem(list.kind, item.get<std::string>(), "/items");
      if (!normalized) Die(path + ": list " + list.name + ": " + normalized.error().ToString());
      list.items.push_back(*normalized);
    }
    lists.push_back(std::move(list));
  }
  std::vector<canal::RuleSource> rules;
  for (const auto& r : j.at("rules")) {
    canal::RuleSource rule;
    rule.id = std::to_string(rules.size() + 1);
    rule.name = r.at("name").get<std::string>();
    rule.expression = r.at("expression").get<std::string>();
    rule.weight = r.at("weight").get<double>();
    rules.push_back(std::move(rule));
  }
  auto compiled = canal::CompiledRuleSet::Compile(std::move(rules), lists);
  if (!compiled) Die(path + ": " + compiled.error().ToString());
  return std::move(compiled).value();
}

struct PartyHistory {
  double lines = 0;
  int first_day = 0;
  double known_positives = 0;
};

// Facts of every container in the world's order, history from the lines before it.
std::vector<canal::ContainerFacts> BuildFacts(const canal::SyntheticWorld& w, double known,
                                              std::uint64_t seed) {
  std::mt19937_64 rng(seed ^ 0x5eedULL);
  std::unordered_map<std::string, PartyHistory> shippers, consignees;
  std::unordered_map<std::string, double> route_positives;
  std::vector<canal::ContainerFacts> out;
  out.reserve(w.containers.size());
  for (const auto& c : w.containers) {
    const auto& l = c.line;
    canal::ContainerFacts f;
    f.bill_of_lading = l.bill_of_lading;
    f.container_number = l.container_number;
    f.owner_code = l.container_number.substr(0, 3);
    f.hs_code = l.hs_code;
    f.port_of_loading = l.port_of_loading;
    f.port_of_discharge = l.port_of_discharge;
    f.transshipment_ports = l.transshipment_ports;
    f.shipper = canal::PartyKey(l.shipper.name);
    f.consignee = canal::PartyKey(l.consignee.name);
    f.notify = l.notify ? canal::PartyKey(l.notify->name) : "";
    f.shipper_address = canal::AddressKey(l.shipper.address);
    f.consignee_address = canal::AddressKey(l.consignee.address);
    f.weight_kg = l.weight_kg;
    if (l.declared_value) {
      f.declared_value = *l.declared_value;
      f.currency = l.currency;
    }
    f.seal_count = static_cast<double>(l.seals.size());
    f.vessel_imo = l.vessel_imo;
    PartyHistory& s = shippers[f.shipper];
    PartyHistory& k = consignees[f.consignee];
    f.shipper_lines = s.lines;
    f.consignee_lines = k.lines;
    if (s.lines > 0) f.shipper_age_days = c.day - s.first_day;
    f.shipper_positives = s.known_positives;
    f.consignee_positives = k.known_positives;
    f.route_positives = route_positives[l.port_of_loading];
    const auto& v = w.vessels[w.transits[c.transit].vessel];
    f.vessel_gaps = v.behaviour.gaps;
    f.vessel_dark_hours = v.behaviour.dark_hours;
    f.vessel_encounters = v.behaviour.encounters;
    f.vessel_loitering = v.behaviour.loitering;
    f.vessel_alerts = v.behaviour.alerts;
    f.vessel_source_port_calls = v.behaviour.source_port_calls;
    canal::FillDerived(f);
    out.push_back(std::move(f));
    // What later lines know of this one.
    if (s.lines == 0) s.first_day = c.day;
    s.lines += 1;
    if (k.lines == 0) k.first_day = c.day;
    k.lines += 1;
    if (c.label.positive && std::uniform_real_distribution<double>(0, 1)(rng) < known) {
      s.known_positives += 1;
      k.known_positives += 1;
      route_positives[l.port_of_loading] += 1;
    }
  }
  return out;
}

struct SeedResult {
  std::size_t evaluated = 0, positives = 0, selected = 0, rule_hits = 0, random_selected = 0,
              random_hits = 0, never_targeted = 0;
  std::map<canal::SmugglingPattern, std::pair<int, int>> by_pattern;  // positives, selected
  std::vector<std::pair<std::size_t, std::size_t>> by_rule;           // fired, positives
};

SeedResult RunSeed(const Config& cfg, const canal::CompiledRuleSet& rules, std::uint64_t seed) {
  // Containers a day: transits a day × container-ship share × containers per transit.
  canal::SyntheticOptions options{.seed = seed, .first_day = "2024-01-01"};
  const double per_day =
      options.transits_per_day * (143 / 403.8) * options.containers_per_transit * (1 + 0.6 * 0.287);
  options.days = cfg.warmup_days + static_cast<int>(std::ceil(cfg.containers / per_day));
  auto world = canal::GenerateSyntheticWorld(options);
  if (!world) Die(world.error().ToString());
  const auto facts = BuildFacts(*world, cfg.known, seed);

  SeedResult r;
  r.by_rule.resize(rules.rules().size());
  std::vector<std::size_t> eval;
  for (std::size_t i = 0; i < world->containers.size(); ++i) {
    if (world->containers[i].day >= cfg.warmup_days) eval.push_back(i);
  }
  r.evaluated = eval.size();
  std::mt19937_64 rng(seed * 7919 + 1);
  std::vector<double> scores(eval.size()), tie(eval.size());
  canal::Score score;
  for (std::size_t k = 0; k < eval.size(); ++k) {
    const auto& c = world->containers[eval[k]];
    rules.Score(facts[eval[k]], score);
    scores[k] = score.score;
    tie[k] = std::uniform_real_distribution<double>(0, 1)(rng);
    for (const auto& fired : score.fired) {
      ++r.by_rule[fired.rule].first;
      r.by_rule[fired.rule].second += c.label.positive;
    }
    if (c.label.positive) {
      ++r.positives;
      ++r.by_pattern[c.label.pattern].first;
      r.never_targeted += score.score <= 0;
    }
  }
  const std::size_t budget = static_cast<std::size_t>(std::llround(cfg.rate * eval.size()));
  std::vector<std::size_t> order(eval.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return scores[a] != scores[b] ? scores[a] > scores[b] : tie[a] < tie[b];
  });
  for (std::size_t k = 0; k < budget && k < order.size() && scores[order[k]] > 0; ++k) {
    const auto& c = world->containers[eval[order[k]]];
    ++r.selected;
    if (c.label.positive) {
      ++r.rule_hits;
      ++r.by_pattern[c.label.pattern].second;
    }
  }
  std::shuffle(order.begin(), order.end(), rng);
  for (std::size_t k = 0; k < budget && k < order.size(); ++k) {
    ++r.random_selected;
    r.random_hits += world->containers[eval[order[k]]].label.positive;
  }
  return r;
}

// Mean and the half-width of a 95 % t interval over the seeds.
std::pair<double, double> MeanInterval(const std::vector<double>& v) {
  const double n = static_cast<double>(v.size());
  const double mean = std::accumulate(v.begin(), v.end(), 0.0) / n;
  if (v.size() < 2) return {mean, 0};
  double ss = 0;
  for (double x : v) ss += (x - mean) * (x - mean);
  static const double kT975[] = {0, 12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262};
  const double t = v.size() - 1 < 10 ? kT975[v.size() - 1] : 1.96;
  return {mean, t * std::sqrt(ss / (n - 1) / n)};
}

// ---- The learning loop (--learn) ----

struct LearnResult {
  std::size_t a_evaluated = 0, a_rule_inspected = 0, a_random_inspected = 0, a_random_positives = 0,
              a_positives_found = 0;
  std::size_t b_evaluated = 0, b_positives = 0, b_selected = 0;
  std::size_t shipped_hits = 0, learned_hits = 0, random_hits = 0;
  std::vector<double> learned_weights;
  std::vector<std::string> actions;
  std::map<canal::SmugglingPattern, std::array<int, 3>> by_pattern;  // positives, shipped, learned
};

// The `budget` highest of `score` over `idx` (score 0 never, ties at random by `tie`).
std::vector<std::size_t> TopByScore(const std::vector<std::size_t>& idx,
                                    const std::vector<double>& score,
                                    const std::vector<double>& tie, std::size_t budget) {
  std::vector<std::size_t> order;
  for (std::size_t i : idx) {
    if (score[i] > 0) order.push_back(i);
  }
  const std::size_t n = std::min(budget, order.size());
  std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(n), order.end(),
                    [&](std::size_t a, std::size_t b) {
                      return score[a] != score[b] ? score[a] > score[b] : tie[a] < tie[b];
                    });
  order.resize(n);
  return order;
}

LearnResult RunLearnSeed(const Config& cfg, const canal::CompiledRuleSet& rules,
                         std::uint64_t seed) {
  canal::SyntheticOptions options{.seed = seed, .first_day = "2024-01-01"};
  const double per_day =
      options.transits_per_day * (143 / 403.8) * options.containers_per_transit * (1 + 0.6 * 0.287);
  const int b_first = cfg.warmup_days + cfg.rounds * cfg.learn_days;
  options.days = b_first + static_cast<int>(std::ceil(cfg.containers / per_day));
  auto world = canal::GenerateSyntheticWorld(options);
  if (!world) Die(world.error().ToString());
  const auto facts = BuildFacts(*world, cfg.known, seed);
  const std::size_t n = world->containers.size();
  const std::size_t k_rules = rules.rules().size();

  // Which rules fire on each container: what a scoring run stores with the score.
  std::vector<std::vector<std::uint16_t>> fired(n);
  std::vector<double> shipped(n, 0), tie(n);
  std::vector<std::vector<std::size_t>> a_idx(static_cast<std::size_t>(cfg.rounds));
  std::vector<std::size_t> b_idx;
  std::mt19937_64 rng(seed * 7919 + 3);
  canal::Score score;
  for (std::size_t i = 0; i < n; ++i) {
    const int day = world->containers[i].day;
    if (day < cfg.warmup_days) continue;
    if (day < b_first) {
      a_idx[static_cast<std::size_t>((day - cfg.warmup_days) / cfg.learn_days)].push_back(i);
    } else {
      b_idx.push_back(i);
    }
    rules.Score(facts[i], score);
    shipped[i] = score.score;
    for (const auto& f : score.fired) fired[i].push_back(static_cast<std::uint16_t>(f.rule));
    tie[i] = std::uniform_real_distribution<double>(0, 1)(rng);
  }

  LearnResult r;
  // Period A, round by round: the random lane first (a randomly drawn line is the random lane's
  // whatever its score), then the rules' top --rate of the others by the current weights. Only
  // these lines' labels are read, as the inspection results. After each round the weights are
  // suggested from every inspection so far and applied as `istmo canal rules suggest --apply`
  // does (weights written, retirements left to the analyst, too little evidence unchanged).
  std::vector<std::pair<std::int64_t, std::int64_t>> evidence(k_rules);  // inspected, positives
  std::int64_t baseline_n = 0, baseline_positives = 0;
  auto inspect = [&](std::size_t i) {
    const bool positive = world->containers[i].label.positive;
    r.a_positives_found += positive;
    for (std::uint16_t k : fired[i]) {
      ++evidence[k].first;
      evidence[k].second += positive;
    }
    return positive;
  };
  std::vector<double> weights(k_rules);
  for (std::size_t k = 0; k < k_rules; ++k) weights[k] = rules.rules()[k].weight;
  const canal::WeightOptions wopt{.min_inspected = cfg.min_inspected};
  std::vector<double> current(n, 0);
  for (const auto& period : a_idx) {
    r.a_evaluated += period.size();
    std::vector<std::size_t> rest;
    for (std::size_t i : period) {
      if (std::uniform_real_distribution<double>(0, 1)(rng) < cfg.random_rate) {
        ++baseline_n;
        baseline_positives += inspect(i);
      } else {
        rest.push_back(i);
        for (std::uint16_t k : fired[i]) current[i] += weights[k];
      }
    }
    const auto budget = static_cast<std::size_t>(std::llround(cfg.rate * period.size()));
    for (std::size_t i : TopByScore(rest, current, tie, budget)) {
      ++r.a_rule_inspected;
      inspect(i);
    }
    const auto baseline_rate =
        canal::BaselineRate(canal::WilsonInterval(baseline_positives, baseline_n));
    r.actions.clear();
    for (std::size_t k = 0; k < k_rules; ++k) {
      const auto s = canal::SuggestWeight(evidence[k].second, evidence[k].first, baseline_rate,
                                          baseline_n, wopt);
      if (s.weight) weights[k] = *s.weight;
      r.actions.emplace_back(canal::WeightActionName(s.action));
    }
  }
  r.a_random_inspected = static_cast<std::size_t>(baseline_n);
  r.a_random_positives = static_cast<std::size_t>(baseline_positives);
  r.learned_weights = weights;

  // Period B: the same budget for the shipped and the learned weights, and a random sample.
  r.b_evaluated = b_idx.size();
  std::vector<double> learned(n, 0);
  for (std::size_t i : b_idx) {
    for (std::uint16_t k : fired[i]) learned[i] += weights[k];
    const auto& label = world->containers[i].label;
    if (label.positive) {
      ++r.b_positives;
      ++r.by_pattern[label.pattern][0];
    }
  }
  const auto budget_b = static_cast<std::size_t>(std::llround(cfg.rate * b_idx.size()));
  const auto top_shipped = TopByScore(b_idx, shipped, tie, budget_b);
  const auto top_learned = TopByScore(b_idx, learned, tie, budget_b);
  r.b_selected = budget_b;
  for (std::size_t i : top_shipped) {
    const auto& label = world->containers[i].label;
    r.shipped_hits += label.positive;
    if (label.positive) ++r.by_pattern[label.pattern][1];
  }
  for (std::size_t i : top_learned) {
    const auto& label = world->containers[i].label;
    r.learned_hits += label.positive;
    if (label.positive) ++r.by_pattern[label.pattern][2];
  }
  std::vector<std::size_t> sample = b_idx;
  std::shuffle(sample.begin(), sample.end(), rng);
  for (std::size_t k = 0; k < budget_b && k < sample.size(); ++k) {
    r.random_hits += world->containers[sample[k]].label.positive;
  }
  return r;
}

void RunLearning(const Config& cfg, const canal::CompiledRuleSet& rules) {
  std::printf(
      "learning loop: %d seeds; period A %d x %d days after %d days of history (rules' top %.1f "
      "%% + random lane %.1f %% inspected; labels read only as their results); weights "
      "suggested after each round from A's inspections so far (min %lld inspected); period B "
      "~%zu containers after A; inspection rate %.1f %%; earlier positives known with p = "
      "%.2f\n",
      cfg.seeds, cfg.rounds, cfg.learn_days, cfg.warmup_days, cfg.rate * 100, cfg.random_rate * 100,
      static_cast<long long>(cfg.min_inspected), cfg.containers, cfg.rate * 100, cfg.known);
  std::printf("%-5s %7s %6s %7s %7s | %8s %6s %8s %9s %8s %8s %8s\n", "seed", "A_rules", "A_rand",
              "A_pos", "A_base%", "B_eval", "prev%", "random%", "shipped%", "learned%", "lift_s",
              "lift_l");
  std::vector<double> lift_shipped, lift_learned, gain;
  std::int64_t selected = 0, shipped_hits = 0, learned_hits = 0, random_hits = 0;
  std::map<canal::SmugglingPattern, std::array<int, 3>> patterns;
  std::vector<std::vector<double>> weights(rules.rules().size());
  std::vector<std::map<std::string, int>> actions(rules.rules().size());
  for (int s = 1; s <= cfg.seeds; ++s) {
    const LearnResult r = RunLearnSeed(cfg, rules, static_cast<std::uint64_t>(s));
    const double prevalence = static_cast<double>(r.b_positives) / r.b_evaluated;
    const double hs = static_cast<double>(r.shipped_hits) / r.b_selected;
    const double hl = static_cast<double>(r.learned_hits) / r.b_selected;
    const double hr = static_cast<double>(r.random_hits) / r.b_selected;
    lift_shipped.push_back(hs / prevalence);
    lift_learned.push_back(hl / prevalence);
    gain.push_back(hl / hs);
    const double a_base =
        r.a_random_inspected ? 100.0 * r.a_random_positives / r.a_random_inspected : 0;
    std::printf("%-5d %7zu %6zu %7zu %7.2f | %8zu %6.2f %8.2f %9.2f %8.2f %8.2f %8.2f\n", s,
                r.a_rule_inspected, r.a_random_inspected, r.a_positives_found, a_base,
                r.b_evaluated, prevalence * 100, hr * 100, hs * 100, hl * 100, lift_shipped.back(),
                lift_learned.back());
    selected += static_cast<std::int64_t>(r.b_selected);
    shipped_hits += static_cast<std::int64_t>(r.shipped_hits);
    learned_hits += static_cast<std::int64_t>(r.learned_hits);
    random_hits += static_cast<std::int64_t>(r.random_hits);
    for (const auto& [p, v] : r.by_pattern) {
      for (int j = 0; j < 3; ++j) patterns[p][j] += v[j];
    }
    for (std::size_t k = 0; k < weights.size(); ++k) {
      weights[k].push_back(r.learned_weights[k]);
      ++actions[k][r.actions[k]];
    }
  }
  const canal::Proportion ps = canal::WilsonInterval(shipped_hits, selected);
  const canal::Proportion pl = canal::WilsonInterval(learned_hits, selected);
  const canal::Proportion pr = canal::WilsonInterval(random_hits, selected);
  std::printf(
      "\npooled over B: shipped weights hit rate %.2f %% [%.2f, %.2f]; learned weights %.2f %% "
      "[%.2f, %.2f]; random sample %.2f %% [%.2f, %.2f] (Wilson 95 %%, %lld selected each)\n",
      ps.rate * 100, ps.low * 100, ps.high * 100, pl.rate * 100, pl.low * 100, pl.high * 100,
      pr.rate * 100, pr.low * 100, pr.high * 100, static_cast<long long>(selected));
  const auto [ls, ls_half] = MeanInterval(lift_shipped);
  const auto [ll, ll_half] = MeanInterval(lift_learned);
  const auto [g, g_half] = MeanInterval(gain);
  std::printf(
      "lift over prevalence on B: shipped %.2fx ± %.2f; learned %.2fx ± %.2f; learned / "
      "shipped %.2f ± %.2f (95 %% t over %d seeds)\n",
      ls, ls_half, ll, ll_half, g, g_half, cfg.seeds);
  std::printf("goal: lift >= 5x at %.0f %% with the learned weights: %s\n", cfg.rate * 100,
              ll - ll_half >= 5 ? "met (lower bound)"
              : ll >= 5         ? "met on average only"
                                : "NOT met");
  std::printf("\nby pattern on B (all seeds): positives, selected by shipped, by learned\n");
  for (const auto& [p, v] : patterns) {
    std::printf("  %-18s %6d %6d %6d\n", std::string(canal::SmugglingPatternName(p)).c_str(), v[0],
                v[1], v[2]);
  }
  std::printf("\nweights: shipped -> learned per seed (suggestion actions over seeds)\n");
  for (std::size_t k = 0; k < weights.size(); ++k) {
    std::string per_seed, acts;
    for (double w : weights[k]) {
      per_seed += ' ';
      per_seed += std::to_string(static_cast<int>(w));
    }
    for (const auto& [a, c] : actions[k]) {
      acts += ' ';
      acts += a;
      acts += ':';
      acts += std::to_string(c);
    }
    std::printf("  %-40s %4g ->%s  (%s )\n", rules.rules()[k].name.c_str(), rules.rules()[k].weight,
                per_seed.c_str(), acts.c_str());
  }
}
}  // namespace

int main(int argc, char** argv) {
  Config cfg;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) Die("missing value after " + a);
      return argv[++i];
    };
    if (a == "--containers") {
      cfg.containers = std::stoul(next());
    } else if (a == "--seeds") {
      cfg.seeds = std::stoi(next());
    } else if (a == "--rate") {
      cfg.rate = std::stod(next());
    } else if (a == "--known") {
      cfg.known = std::stod(next());
    } else if (a == "--rules") {
      cfg.rules = next();
    } else if (a == "--learn") {
      cfg.learn = true;
    } else if (a == "--learn-days") {
      cfg.learn_days = std::stoi(next());
    } else if (a == "--rounds") {
      cfg.rounds = std::stoi(next());
    } else if (a == "--random-rate") {
      cfg.random_rate = std::stod(next());
    } else if (a == "--min-inspected") {
      cfg.min_inspected = std::stoll(next());
    } else {
      Die("unknown option " + a +
          " (--containers N, --seeds S, --rate R, --known K, --rules FILE, --learn, "
          "--learn-days D, --rounds N, --random-rate R, --min-inspected N)");
    }
  }
  if (cfg.seeds < 1 || cfg.containers < 1000 || !(cfg.rate > 0 && cfg.rate < 1)) {
    Die("need --seeds >= 1, --containers >= 1000, 0 < --rate < 1");
  }
  const canal::CompiledRuleSet rules = LoadRules(cfg.rules);
  if (cfg.learn) {
    if (cfg.learn_days < 7 || cfg.rounds < 1 || !(cfg.random_rate > 0 && cfg.random_rate < 1) ||
        cfg.min_inspected < 1) {
      Die("need --learn-days >= 7, --rounds >= 1, 0 < --random-rate < 1, --min-inspected >= 1");
    }
    RunLearning(cfg, rules);
    return 0;
  }
  std::printf(
      "rules: %zu from %s; %d seeds; ~%zu containers evaluated per seed after %d days of "
      "history; inspection rate %.1f %%; earlier positives known with p = %.2f\n",
      rules.rules().size(), cfg.rules.c_str(), cfg.seeds, cfg.containers, cfg.warmup_days,
      cfg.rate * 100, cfg.known);
  std::printf("%-5s %9s %6s %9s %8s %8s %8s %8s %8s %8s\n", "seed", "evaluated", "prev%",
              "selected", "rules%", "random%", "lift_r", "lift_p", "untarg%", "recall%");
  std::vector<double> lift_random, lift_prevalence, untargeted, recall;
  std::int64_t selected = 0, hits = 0, random_selected = 0, random_hits = 0;
  double evaluated = 0, positives = 0;
  std::map<canal::SmugglingPattern, std::pair<int, int>> patterns;
  std::vector<std::pair<std::size_t, std::size_t>> by_rule(rules.rules().size());
  for (int s = 1; s <= cfg.seeds; ++s) {
    const SeedResult r = RunSeed(cfg, rules, static_cast<std::uint64_t>(s));
    const double prevalence = static_cast<double>(r.positives) / r.evaluated;
    const double hit = r.selected ? static_cast<double>(r.rule_hits) / r.selected : 0;
    const double random_hit = static_cast<double>(r.random_hits) / r.random_selected;
    lift_random.push_back(random_hit > 0 ? hit / random_hit : NAN);
    lift_prevalence.push_back(hit / prevalence);
    untargeted.push_back(static_cast<double>(r.never_targeted) / r.positives);
    recall.push_back(static_cast<double>(r.rule_hits) / r.positives);
    std::printf("%-5d %9zu %6.2f %9zu %8.2f %8.2f %8.2f %8.2f %8.1f %8.1f\n", s, r.evaluated,
                prevalence * 100, r.selected, hit * 100, random_hit * 100, lift_random.back(),
                lift_prevalence.back(), untargeted.back() * 100, recall.back() * 100);
    selected += static_cast<std::int64_t>(r.selected);
    hits += static_cast<std::int64_t>(r.rule_hits);
    random_selected += static_cast<std::int64_t>(r.random_selected);
    random_hits += static_cast<std::int64_t>(r.random_hits);
    evaluated += static_cast<double>(r.evaluated);
    positives += static_cast<double>(r.positives);
    for (const auto& [p, v] : r.by_pattern) {
      patterns[p].first += v.first;
      patterns[p].second += v.second;
    }
    for (std::size_t k = 0; k < by_rule.size(); ++k) {
      by_rule[k].first += r.by_rule[k].first;
      by_rule[k].second += r.by_rule[k].second;
    }
  }
  const canal::Proportion rules_hit = canal::WilsonInterval(hits, selected);
  const canal::Proportion random_hit = canal::WilsonInterval(random_hits, random_selected);
  std::printf(
      "\npooled: prevalence %.3f %%; rules' selection %lld, hit rate %.2f %% [%.2f, %.2f]; "
      "random lane %lld, hit rate %.2f %% [%.2f, %.2f] (Wilson 95 %%)\n",
      positives / evaluated * 100, static_cast<long long>(selected), rules_hit.rate * 100,
      rules_hit.low * 100, rules_hit.high * 100, static_cast<long long>(random_selected),
      random_hit.rate * 100, random_hit.low * 100, random_hit.high * 100);
  const auto [lp, lp_half] = MeanInterval(lift_prevalence);
  std::printf(
      "lift over prevalence (the random lane's expectation): %.2fx ± %.2f (95 %% t over "
      "%d seeds)\n",
      lp, lp_half, cfg.seeds);
  bool all_defined = true;
  for (double x : lift_random) all_defined = all_defined && std::isfinite(x);
  if (all_defined) {
    const auto [lr, lr_half] = MeanInterval(lift_random);
    std::printf("lift over the sampled random lane: %.2fx ± %.2f\n", lr, lr_half);
  }
  const auto [u, u_half] = MeanInterval(untargeted);
  const auto [rc, rc_half] = MeanInterval(recall);
  std::printf(
      "positives the rules never target (score 0): %.1f %% ± %.1f; caught at %.0f %%: "
      "%.1f %% ± %.1f of positives\n",
      u * 100, u_half * 100, cfg.rate * 100, rc * 100, rc_half * 100);
  std::printf("goal: lift >= 5x at 2 %%: %s\n", lp - lp_half >= 5 ? "met (lower bound)"
                                                : lp >= 5         ? "met on average only"
                                                                  : "NOT met");
  std::printf("\nby pattern (all seeds): positives, selected by rules\n");
  for (const auto& [p, v] : patterns) {
    std::printf("  %-18s %6d %6d (%.1f %%)\n", std::string(canal::SmugglingPatternName(p)).c_str(),
                v.first, v.second, v.first ? 100.0 * v.second / v.first : 0.0);
  }
  std::printf(
      "\nby rule (all seeds): fired, positives among them, hit rate, lift over prevalence\n");
  const double prevalence = positives / evaluated;
  for (std::size_t k = 0; k < by_rule.size(); ++k) {
    const double fired = static_cast<double>(by_rule[k].first);
    const double hit = fired > 0 ? by_rule[k].second / fired : 0;
    std::printf("  %-40s %9zu %6zu %7.2f %% %6.2fx\n", rules.rules()[k].name.c_str(),
                by_rule[k].first, by_rule[k].second, hit * 100, hit / prevalence);
  }
  return 0;
}

// istmo canal import-manifest FILE · istmo canal import-transits FILE
// istmo canal inspections list · istmo canal inspections result ID --file JSON
// istmo canal rules list|add|check|retire|suggest · istmo canal lists load FILE
// istmo canal score
//
// The CLI is the local operator (system scope) acting for the organization named by --org,
// which owns what it imports. The file is CSV, or JSON when its first non-blank byte is '{'
// (docs/canal.md). Rejected lines are printed to stderr as FILE:LINE: FIELD: reason; the import
// goes on past them and writes the accepted lines in one transaction.
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <memory>
#include <optional>

#include <nlohmann/json.hpp>

#include "canal/inspections.h"
#include "canal/records.h"
#include "canal/risk.h"
#include "canal/weights.h"
#include "cli/commands.h"
#include "cli/runtime.h"

namespace istmo::cli {

namespace {

struct ImportFlags {
  std::string org, file;
  std::vector<std::string> release;
  bool json = false;
};

std::string ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) Fail(core::NotFound("cannot read " + path, "FILE"));
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

template <class Parsed>
Parsed ParseOrFail(core::Result<Parsed> parsed, const std::string& file) {
  if (!parsed) {
    core::Error err = parsed.error();
    err.message = file + (err.line > 0 ? ":" + std::to_string(err.line) : "") + ": " + err.message;
    Fail(err);
  }
  return std::move(parsed).value();
}

nlohmann::json SummaryJson(const canal::ScoreSummary& s) {
  return nlohmann::json::parse(canal::ScoreSummaryJsonText(s));
}

std::string SummaryText(const canal::ScoreSummary& s) {
  char text[256];
  std::snprintf(text, sizeof text,
                "scored %lld lines: %lld red (%lld at random), %lld yellow, %lld green; %lld "
                "inspections queued",
                static_cast<long long>(s.scored), static_cast<long long>(s.red),
                static_cast<long long>(s.random), static_cast<long long>(s.yellow),
                static_cast<long long>(s.green), static_cast<long long>(s.queued));
  return text;
}

void Report(const canal::ImportReport& report, const ImportFlags& f, const char* what,
            double seconds, const std::optional<core::Result<canal::ScoreSummary>>& score) {
  for (const auto& r : report.rejects) {
    std::fprintf(stderr, "%s:%lld: %s%s%s\n", f.file.c_str(), static_cast<long long>(r.line),
                 r.field.c_str(), r.field.empty() ? "" : ": ", r.message.c_str());
  }
  if (f.json) {
    const nlohmann::json j = {{"import_id", report.import_id},
                              {"lines", report.lines},
                              {"imported", report.imported},
                              {"unchanged", report.unchanged},
                              {"rejected", report.rejects.size()}};
    nlohmann::json out = j;
    if (score && *score) out["score"] = SummaryJson(**score);
    if (score && !*score) out["score"] = {{"error", (*score).error().message}};
    std::printf("%s\n", out.dump().c_str());
  } else {
    std::printf("import %s: %lld lines; imported %lld %s, %lld unchanged, rejected %zu (%.2f s)\n",
                report.import_id.c_str(), static_cast<long long>(report.lines),
                static_cast<long long>(report.imported), what,
                static_cast<long long>(report.unchanged), report.rejects.size(), seconds);
    if (score && *score) std::printf("%s\n", SummaryText(**score).c_str());
  }
  // The import stands whatever its scoring does; the failure is reported.
  if (score && !*score) {
    std::fprintf(stderr, "istmo: scoring import %s failed: %s\n", report.import_id.c_str(),
                 (*score).error().ToString().c_str());
  }
  if (report.imported == 0 && report.unchanged == 0 && !report.rejects.empty()) {
    Fail(core::InvalidArgument("no line of " + f.file + " was imported"));
  }
}

void AddImport(CLI::App* canal, const std::string& name, const std::string& help,
               const std::function<void(const ImportFlags&)>& run) {
  auto* cmd = canal->add_subcommand(name, help);
  AddDbOption(cmd);
  auto f = std::make_shared<ImportFlags>();
  cmd->add_option("--org", f->org, "Owning organization (name or id), e.g. ACP")->required();
  cmd->add_option("--release", f->release,
                  "Releasable to: ALL, a country (USA) or org:<id>; repeatable");
  cmd->add_flag("--json", f->json, "Print the counts as JSON");
  cmd->add_option("file", f->file, "CSV or JSON file")->required()->check(CLI::ExistingFile);
  cmd->callback([f, run] { run(*f); });
}

template <class ParseFn, class ImportFn>
void RunImport(const ImportFlags& f, ParseFn parse, ImportFn import, const char* what, bool score) {
  const std::string text = ReadWholeFile(f.file);
  Runtime rt = OrFail(OpenRuntime());
  const store::AccessScope scope = ActingFor(rt, f.org);
  const auto start = std::chrono::steady_clock::now();
  auto parsed = ParseOrFail(parse(text), f.file);
  std::fprintf(stderr, "istmo: %s: %zu lines valid, %zu rejected; importing...\n", f.file.c_str(),
               parsed.lines.size(), parsed.rejects.size());
  auto report = OrFail(import(*rt.store, scope, std::move(parsed),
                              canal::ImportOptions{.releasability = f.release, .source = f.file},
                              core::SystemClock::Get().Now()));
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::optional<core::Result<canal::ScoreSummary>> scored;
  if (score && report.imported > 0) {
    scored = canal::ScoreImport(*rt.store, scope, report.import_id, core::SystemClock::Get().Now());
  }
  Report(report, f, what, seconds, scored);
}

struct RiskFlags {
  std::string org, status, name, expression, es, en, reason, id, file, import_id;
  double weight = 0;
  std::vector<std::string> release;
  bool json = false;
};

// The options every risk command has: the database, --org and --json.
std::shared_ptr<RiskFlags> RiskCommand(CLI::App* cmd) {
  AddDbOption(cmd);
  auto f = std::make_shared<RiskFlags>();
  cmd->add_option("--org", f->org, "The organization (name or id) whose rules and lines, e.g. ACP")
      ->required();
  cmd->add_flag("--json", f->json, "Print the result as JSON");
  return f;
}

void PrintRule(const canal::RiskRule& r, bool json) {
  if (json) {
    std::printf("%s\n", nlohmann::json{{"id", r.id},
                                       {"name", r.name},
                                       {"status", r.status},
                                       {"version", r.version},
                                       {"expression", r.expression},
                                       {"weight", r.weight},
                                       {"explanation",
                                        {{"es", r.explanation_es}, {"en", r.explanation_en}}}}
                            .dump()
                            .c_str());
  } else {
    std::printf("%s  %-8s v%lld  w%-5g %s\n    %s\n", r.id.c_str(), r.status.c_str(),
                static_cast<long long>(r.version), r.weight, r.name.c_str(), r.expression.c_str());
  }
}

void AddRiskCommands(CLI::App* canal) {
  auto* rules =
      canal->add_subcommand("rules", "Risk rules: list, add, check, retire, suggest weights");
  rules->require_subcommand(1);

  auto* list = rules->add_subcommand("list", "The organization's visible rules, by name");
  auto lf = RiskCommand(list);
  list->add_option("--status", lf->status, "active or retired")
      ->check(CLI::IsMember({"active", "retired"}));
  list->callback([lf] {
    Runtime rt = OrFail(OpenRuntime());
    const store::AccessScope scope = ActingFor(rt, lf->org);
    auto found = OrFail(rt.store->Read<std::vector<canal::RiskRule>>(
        [&](store::Connection& c) { return canal::ListRules(c, scope, lf->status); }));
    for (const auto& r : found) PrintRule(r, lf->json);
  });

  auto* add = rules->add_subcommand("add", "Add a rule; its expression is checked first");
  auto af = RiskCommand(add);
  add->add_option("--name", af->name, "The rule's name, unique in the organization")->required();
  add->add_option("--expression", af->expression, "The rule (docs/canal.md, \"Risk rules\")")
      ->required();
  add->add_option("--weight", af->weight, "1 to 100")->required()->check(CLI::Range(1.0, 100.0));
  add->add_option("--es", af->es, "The explanation in Spanish")->required();
  add->add_option("--en", af->en, "The explanation in English")->required();
  add->add_option("--release", af->release,
                  "Releasable to: ALL, a country (USA) or org:<id>; repeatable");
  add->callback([af] {
    Runtime rt = OrFail(OpenRuntime());
    const store::AccessScope scope = ActingFor(rt, af->org);
    PrintRule(OrFail(canal::CreateRule(*rt.store, scope,
                                       {.name = af->name,
                                        .expression = af->expression,
                                        .weight = af->weight,
                                        .explanation_es = af->es,
                                        .explanation_en = af->en,
                                        .releasability = af->release},
                                       core::SystemClock::Get().Now())),
              af->json);
  });

  auto* check = rules->add_subcommand("check", "Check an expression against the visible lists");
  auto cf = RiskCommand(check);
  check->add_option("expression", cf->expression, "The expression")->required();
  check->callback([cf] {
    Runtime rt = OrFail(OpenRuntime());
    const store::AccessScope scope = ActingFor(rt, cf->org);
    auto lists = OrFail(rt.store->Read<std::vector<std::string>>([&](store::Connection& c) {
      return canal::CheckRuleExpression(c, scope, cf->expression);
    }));
    if (cf->json) {
      std::printf("%s\n", nlohmann::json{{"ok", true}, {"lists", lists}}.dump().c_str());
    } else {
      std::string names;
      for (const auto& n : lists) names += " @" + n;
      std::printf("ok%s%s\n", lists.empty() ? "" : "; lists:", names.c_str());
    }
  });

  auto* retire = rules->add_subcommand("retire", "Retire a rule: it no longer scores");
  auto rf = RiskCommand(retire);
  retire->add_option("id", rf->id, "The rule's id")->required();
  retire->add_option("--reason", rf->reason, "Why (kept with the rule and in the audit log)")
      ->required();
  retire->callback([rf] {
    Runtime rt = OrFail(OpenRuntime());
    const store::AccessScope scope = ActingFor(rt, rf->org);
    PrintRule(OrFail(canal::RetireRule(*rt.store, scope, rf->id, rf->reason,
                                       core::SystemClock::Get().Now())),
              rf->json);
  });

  auto* suggest = rules->add_subcommand(
      "suggest", "Weights suggested by the yield of the organization's active rules");
  auto wf = RiskCommand(suggest);
  auto min_inspected = std::make_shared<std::int64_t>(30);
  auto apply = std::make_shared<bool>(false);
  suggest
      ->add_option("--min-inspected", *min_inspected,
                   "Done inspections a rule (and the random baseline) needs; default 30")
      ->check(CLI::Range(1, 100000));
  suggest->add_flag("--apply", *apply,
                    "Write each suggested weight as a new version noted \"weight from yield "
                    "<date>\" (retirements stay the analyst's)");
  suggest->callback([wf, min_inspected, apply] {
    Runtime rt = OrFail(OpenRuntime());
    const store::AccessScope scope = ActingFor(rt, wf->org);
    const auto w = OrFail(rt.store->Read<canal::WeightSuggestions>([&](store::Connection& c) {
      return canal::SuggestRuleWeights(c, scope, {.min_inspected = *min_inspected});
    }));
    std::vector<canal::RiskRule> applied;
    if (*apply) {
      applied = OrFail(
          canal::ApplyWeightSuggestions(*rt.store, scope, w, core::SystemClock::Get().Now()));
    }
    const auto num = [](const std::optional<double>& v) {
      return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
    };
    if (wf->json) {
      nlohmann::json rows = nlohmann::json::array();
      for (const auto& r : w.rules) {
        const auto& s = r.suggestion;
        rows.push_back({{"rule_id", r.rule.id},
                        {"name", r.rule.name},
                        {"weight", r.rule.weight},
                        {"action", canal::WeightActionName(s.action)},
                        {"suggested_weight", num(s.weight)},
                        {"inspected", s.hits.n},
                        {"positives", s.hits.positives},
                        {"lift", num(s.lift)}});
      }
      std::printf("%s\n", nlohmann::json{{"baseline",
                                          {{"inspected", w.baseline.n},
                                           {"positives", w.baseline.positives},
                                           {"rate_used", num(w.baseline_rate)}}},
                                         {"rules", rows},
                                         {"applied", applied.size()}}
                              .dump()
                              .c_str());
      return;
    }
    std::printf("baseline: %lld positives in %lld random inspections (rate used %s)\n",
                static_cast<long long>(w.baseline.positives), static_cast<long long>(w.baseline.n),
                w.baseline_rate ? std::to_string(*w.baseline_rate).c_str() : "none");
    for (const auto& r : w.rules) {
      const auto& s = r.suggestion;
      const std::string to = s.action == canal::WeightAction::kWeight
                                 ? std::to_string(static_cast<int>(*s.weight))
                                 : std::string(canal::WeightActionName(s.action));
      std::printf("%s  w%-5g -> %-12s %lld/%lld inspected positive, lift %s  %s\n",
                  r.rule.id.c_str(), r.rule.weight, to.c_str(),
                  static_cast<long long>(s.hits.positives), static_cast<long long>(s.hits.n),
                  s.lift ? std::to_string(*s.lift).c_str() : "-", r.rule.name.c_str());
    }
    if (*apply) std::printf("applied: %zu rules given a new weight\n", applied.size());
  });

  auto* lists = canal->add_subcommand("lists", "Named lists and rules from a file");
  lists->require_subcommand(1);
  auto* load = lists->add_subcommand(
      "load", "Load lists and rules (data/canal/rules.json format); idempotent by name");
  auto ff = RiskCommand(load);
  load->add_option("file", ff->file, "The JSON file")->required()->check(CLI::ExistingFile);
  load->callback([ff] {
    const std::string text = ReadWholeFile(ff->file);
    Runtime rt = OrFail(OpenRuntime());
    const store::AccessScope scope = ActingFor(rt, ff->org);
    auto loaded = canal::LoadRuleFile(*rt.store, scope, text, core::SystemClock::Get().Now());
    if (!loaded) {
      core::Error e = loaded.error();
      e.message = ff->file + ": " + (e.field.empty() ? "" : e.field + ": ") + e.message;
      Fail(e);
    }
    const canal::RuleFileReport& r = *loaded;
    if (ff->json) {
      std::printf("%s\n", nlohmann::json{{"lists",
                                          {{"created", r.lists_created},
                                           {"updated", r.lists_updated},
                                           {"unchanged", r.lists_unchanged}}},
                                         {"rules",
                                          {{"created", r.rules_created},
                                           {"updated", r.rules_updated},
                                           {"unchanged", r.rules_unchanged}}}}
                              .dump()
                              .c_str());
    } else {
      std::printf(
          "lists: %lld created, %lld updated, %lld unchanged; rules: %lld created, %lld "
          "updated, %lld unchanged\n",
          static_cast<long long>(r.lists_created), static_cast<long long>(r.lists_updated),
          static_cast<long long>(r.lists_unchanged), static_cast<long long>(r.rules_created),
          static_cast<long long>(r.rules_updated), static_cast<long long>(r.rules_unchanged));
    }
  });

  auto* score = canal->add_subcommand(
      "score", "Score an import's lines, or every recent line with no inspection done");
  auto sf = RiskCommand(score);
  score->add_option("--import", sf->import_id, "The import's id");
  score->callback([sf] {
    Runtime rt = OrFail(OpenRuntime());
    const store::AccessScope scope = ActingFor(rt, sf->org);
    const auto start = std::chrono::steady_clock::now();
    auto s =
        OrFail(canal::ScoreLines(*rt.store, scope, sf->import_id, core::SystemClock::Get().Now()));
    if (sf->json) {
      std::printf("%s\n", SummaryJson(s).dump().c_str());
    } else {
      std::printf("run %s: %s (%.2f s)\n", s.run_id.c_str(), SummaryText(s).c_str(),
                  std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }
  });
}

struct InspectionFlags {
  std::string org, status, id, file;
  std::int64_t limit = 100;
  bool json = false;
};

// One line per inspection: what an operator needs to pick the next one.
void PrintInspections(const std::vector<canal::Inspection>& list, bool as_json) {
  if (as_json) {
    nlohmann::json items = nlohmann::json::array();
    for (const canal::Inspection& x : list) {
      items.push_back(
          {{"id", x.id},
           {"container_number", x.container_number},
           {"lane", x.lane},
           {"selection", x.selection},
           {"score", x.score},
           {"status", x.status},
           {"unit", x.unit ? nlohmann::json(x.unit->name) : nlohmann::json(nullptr)},
           {"result", x.result ? nlohmann::json(x.result->result) : nlohmann::json(nullptr)}});
    }
    std::printf("%s\n", nlohmann::json{{"inspections", items}}.dump().c_str());
    return;
  }
  std::printf("%-36s %-11s %-6s %-9s %7s %-9s %-20s %s\n", "ID", "CONTAINER", "LANE", "SELECTION",
              "SCORE", "STATUS", "UNIT", "RESULT");
  for (const canal::Inspection& x : list) {
    std::printf("%-36s %-11s %-6s %-9s %7.1f %-9s %-20s %s\n", x.id.c_str(),
                x.container_number.c_str(), x.lane.c_str(), x.selection.c_str(), x.score,
                x.status.c_str(), x.unit ? x.unit->name.substr(0, 20).c_str() : "-",
                x.result ? x.result->result.c_str() : "-");
  }
}

void AddInspectionCommands(CLI::App* canal) {
  auto* inspections =
      canal->add_subcommand("inspections", "Inspections: the queue and the results");
  inspections->require_subcommand(1);

  auto* list = inspections->add_subcommand(
      "list", "List inspections: the queue by score (default), or those of one --status");
  AddDbOption(list);
  auto lf = std::make_shared<InspectionFlags>();
  list->add_option("--org", lf->org, "Acting for this organization (name or id)");
  list->add_option("--status", lf->status, "queued, assigned, done or cancelled")
      ->check(CLI::IsMember({"queued", "assigned", "done", "cancelled"}));
  list->add_option("--limit", lf->limit, "At most this many (1-1000)")->check(CLI::Range(1, 1000));
  list->add_flag("--json", lf->json, "Print JSON");
  list->callback([lf] {
    Runtime rt = OrFail(OpenRuntime());
    const store::AccessScope scope = ActingFor(rt, lf->org);
    auto found = OrFail(rt.store->Read<std::vector<canal::Inspection>>([&](store::Connection& c) {
      return canal::ListInspections(c, scope, {.status = lf->status, .limit = lf->limit});
    }));
    PrintInspections(found, lf->json);
  });

  auto* result = inspections->add_subcommand(
      "result",
      "Record the result of an assigned inspection from a JSON file (the body of POST "
      "/api/v1/canal/inspections/{id}/result; a recorded one is corrected with "
      "correction_reason)");
  AddDbOption(result);
  auto rf = std::make_shared<InspectionFlags>();
  result->add_option("id", rf->id, "Inspection id")->required();
  result->add_option("--file", rf->file, "JSON file of the result")
      ->required()
      ->check(CLI::ExistingFile);
  result->add_option("--org", rf->org, "Acting for this organization (name or id)");
  result->add_flag("--json", rf->json, "Print JSON");
  result->callback([rf] {
    auto parsed = canal::ParseInspectionResult(ReadWholeFile(rf->file));
    if (!parsed) {
      core::Error e = parsed.error();
      e.message = rf->file + ": " + e.message;
      Fail(e);
    }
    Runtime rt = OrFail(OpenRuntime());
    const store::AccessScope scope = ActingFor(rt, rf->org);
    auto done = OrFail(rt.store->Write<canal::Inspection>([&](store::Connection& tx) {
      return canal::RecordResult(tx, scope, rf->id, *parsed, core::SystemClock::Get().Now());
    }));
    PrintInspections({done}, rf->json);
  });
}

}  // namespace

void AddCanalCommands(CLI::App& app) {
  auto* canal = app.add_subcommand(
      "canal", "Panama Canal: manifests, transit schedules, risk rules and scoring");
  canal->require_subcommand(1);
  AddImport(canal, "import-manifest",
            "Import a container manifest (CSV with a header, or JSON; docs/canal.md); bad lines "
            "are reported and skipped",
            [](const ImportFlags& f) {
              RunImport(f, canal::ParseManifest, canal::ImportManifest, "container lines", true);
            });
  AddImport(canal, "import-transits",
            "Import a transit schedule (CSV with a header, or JSON; docs/canal.md); bad lines "
            "are reported and skipped",
            [](const ImportFlags& f) {
              RunImport(f, canal::ParseTransits, canal::ImportTransits, "transits", false);
            });
  AddInspectionCommands(canal);
  AddRiskCommands(canal);
}

}  // namespace istmo::cli

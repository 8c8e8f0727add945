// istmo canal import-manifest FILE · istmo canal import-transits FILE
// istmo canal inspections list · istmo canal inspections result ID --file JSON
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

#include <nlohmann/json.hpp>

#include "canal/inspections.h"
#include "canal/records.h"
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

void Report(const canal::ImportReport& report, const ImportFlags& f, const char* what,
            double seconds) {
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
    std::printf("%s\n", j.dump().c_str());
  } else {
    std::printf("import %s: %lld lines; imported %lld %s, %lld unchanged, rejected %zu (%.2f s)\n",
                report.import_id.c_str(), static_cast<long long>(report.lines),
                static_cast<long long>(report.imported), what,
                static_cast<long long>(report.unchanged), report.rejects.size(), seconds);
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
void RunImport(const ImportFlags& f, ParseFn parse, ImportFn import, const char* what) {
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
  Report(report, f, what,
         std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
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
      items.push_back({{"id", x.id},
                       {"container_number", x.container_number},
                       {"lane", x.lane},
                       {"selection", x.selection},
                       {"score", x.score},
                       {"status", x.status},
                       {"unit", x.unit ? nlohmann::json(x.unit->name) : nlohmann::json(nullptr)},
                       {"result", x.result ? nlohmann::json(x.result->result)
                                           : nlohmann::json(nullptr)}});
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
  list->add_option("--limit", lf->limit, "At most this many (1-1000)")
      ->check(CLI::Range(1, 1000));
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
  auto* canal = app.add_subcommand("canal", "Panama Canal: manifests and transit schedules");
  canal->require_subcommand(1);
  AddImport(canal, "import-manifest",
            "Import a container manifest (CSV with a header, or JSON; docs/canal.md); bad lines "
            "are reported and skipped",
            [](const ImportFlags& f) {
              RunImport(f, canal::ParseManifest, canal::ImportManifest, "container lines");
            });
  AddImport(canal, "import-transits",
            "Import a transit schedule (CSV with a header, or JSON; docs/canal.md); bad lines "
            "are reported and skipped",
            [](const ImportFlags& f) {
              RunImport(f, canal::ParseTransits, canal::ImportTransits, "transits");
            });
  AddInspectionCommands(canal);
}

}  // namespace istmo::cli

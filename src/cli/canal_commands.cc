// istmo canal import-manifest FILE · istmo canal import-transits FILE
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
}

}  // namespace istmo::cli

// istmo migration encounter add|import|list · istmo migration trends · the migration part of `istmo demo`.
//
// The CLI is the local operator (system scope) acting for the organization named by --org,
// which owns what it registers.
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <memory>

#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/runtime.h"
#include "migration/csv_import.h"
#include "migration/demo.h"
#include "migration/encounters.h"
#include "migration/intake.h"
#include "migration/json.h"
#include "migration/trends.h"

namespace istmo::cli {

namespace {

using nlohmann::json;

void PrintEncounterLine(const migration::Encounter& e) {
  std::printf("%s  %-20s %-22s %-3s %s %-5s %s%s\n", core::FormatIso8601(e.encountered_at).c_str(),
              e.station_id.c_str(), e.name.c_str(), e.nationality.c_str(), e.sex.c_str(),
              e.minor ? "minor" : "adult", e.id.c_str(), e.repeat ? "  (repeat)" : "");
}

struct AddFlags {
  std::string org, station, at, name, birth_date, sex, nationality, document_type,
      document_number, photo;
  std::vector<std::string> release;
  bool json = false;
};

void AddEncounter(const AddFlags& f) {
  Runtime rt = OrFail(OpenRuntime({.create_template_key = true}));
  const store::AccessScope scope = ActingFor(rt, f.org);
  const core::Timestamp now = core::SystemClock::Get().Now();
  migration::NewEncounter e;
  e.station_id = f.station;
  e.encountered_at = f.at.empty() ? now : OrFail(core::ParseIso8601(f.at));
  e.name = f.name;
  e.birth_date = f.birth_date;
  e.sex = f.sex;
  e.nationality = f.nationality;
  e.document_type = f.document_type;
  e.document_number = f.document_number;
  e.releasability = f.release;
  std::vector<std::uint8_t> photo;
  if (!f.photo.empty()) {
    std::ifstream in(f.photo, std::ios::binary);
    if (!in) Fail(core::NotFound("cannot read photo " + f.photo));
    photo.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  migration::Intake intake(*rt.store, *rt.faces);
  auto reg = OrFail(intake.Register(scope, e, photo, now));
  if (f.json) {
    std::printf("%s\n", migration::RegistrationJson(reg).dump(2).c_str());
    return;
  }
  std::printf("%s\n", reg.encounter.id.c_str());
  if (reg.earlier.empty()) {
    std::fprintf(stderr, "istmo: no earlier encounter of this person\n");
  }
  for (const auto& m : reg.earlier) {
    std::fprintf(stderr, "istmo: seen before (by %s) at %s on %s\n", m.matched_by.c_str(),
                 m.encounter.station_id.c_str(), core::FormatIso8601(m.encounter.encountered_at).c_str());
  }
  for (const auto& h : reg.watchlist_hits) {
    std::fprintf(stderr, "istmo: WATCHLIST HIT: %s (%s), alert %s\n", h.watchlist_name.c_str(),
                 h.reason.c_str(), h.alert_id.c_str());
  }
}

std::string Percent(const std::optional<double>& v) {
  if (!v) return "–";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%+.1f%%", *v * 100);
  return buf;
}

}  // namespace

void LoadMigrationDemo(Runtime& rt) {
  const store::AccessScope scope = ActingFor(rt, "SNM");
  const core::Timestamp now = core::SystemClock::Get().Now();
  auto has = OrFail(rt.store->Read<std::optional<store::Row>>([](store::Connection& c) {
    return c.QueryOne("SELECT 1 FROM migration_counts_month LIMIT 1");
  }));
  if (has) {
    std::fprintf(stderr, "istmo: migration demo already loaded\n");
    return;
  }
  migration::DemoOptions options;
  const auto start = std::chrono::steady_clock::now();
  auto made = OrFail(migration::GenerateDemoEncounters(*rt.store, scope, options, now));
  auto flight = OrFail(migration::LoadDemoRepatriation(*rt.store, scope, now));
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::fprintf(stderr,
               "istmo: migration demo: %lld synthetic encounters Jan 2023 – Oct 2024 (%lld as full "
               "records for %s – %s, the rest as monthly and weekly counts), %lld repatriation "
               "cases, the 2024-08-20 flight to COL (%.1f s)\n",
               static_cast<long long>(made.encounters), static_cast<long long>(made.encounter_rows),
               options.detail_from.c_str(), options.detail_to.c_str(),
               static_cast<long long>(flight.cases), seconds);
}

void AddMigrationCommands(CLI::App& app) {
  auto* migration = app.add_subcommand("migration", "Darién encounters, trends, repatriation")
                        ->require_subcommand(1);
  auto* encounter = migration->add_subcommand("encounter", "Register and list encounters")
                        ->require_subcommand(1);
  {
    auto* add = encounter->add_subcommand(
        "add", "Register an encounter; with --photo, identify and enrol the face");
    AddDbOption(add);
    auto f = std::make_shared<AddFlags>();
    add->add_option("--org", f->org, "Owning organization (name or id), e.g. SNM")->required();
    add->add_option("--station", f->station, "Station id, e.g. ERM-LAJAS-BLANCAS")->required();
    add->add_option("--at", f->at, "When (ISO 8601; default now)");
    add->add_option("--name", f->name, "Name as in the document")->required();
    add->add_option("--birth-date", f->birth_date, "YYYY-MM-DD")->required();
    add->add_option("--sex", f->sex, "F, M or X")->required();
    add->add_option("--nationality", f->nationality, "ISO 3166-1 alpha-3, e.g. VEN")->required();
    add->add_option("--document-type", f->document_type, "passport, national_id or other");
    add->add_option("--document-number", f->document_number, "Document number");
    add->add_option("--photo", f->photo, "JPEG or PNG of the face");
    add->add_option("--release", f->release, "Releasable to: ALL, a country (USA) or org:<id>; repeatable");
    add->add_flag("--json", f->json, "Print the registration as JSON");
    add->callback([f] { AddEncounter(*f); });
  }
  {
    auto* import = encounter->add_subcommand(
        "import", "Import encounters from CSV (header: station_id,encountered_at,name,birth_date,"
                  "sex,nationality[,document_type,document_number]); bad lines are reported");
    AddDbOption(import);
    struct ImportFlags {
      std::string org, file;
      std::vector<std::string> release;
    };
    auto f = std::make_shared<ImportFlags>();
    import->add_option("--org", f->org, "Owning organization (name or id), e.g. SNM")->required();
    import->add_option("--release", f->release, "Releasable to: ALL, a country (USA) or org:<id>; repeatable");
    import->add_option("file", f->file, "CSV file")->required();
    import->callback([f] {
      std::ifstream in(f->file, std::ios::binary);
      if (!in) Fail(core::NotFound("cannot read " + f->file));
      const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
      Runtime rt = OrFail(OpenRuntime({.create_template_key = true}));
      const store::AccessScope scope = ActingFor(rt, f->org);
      const core::Timestamp now = core::SystemClock::Get().Now();
      auto parsed = migration::ParseEncounterCsv(text, now);
      if (!parsed) {
        core::Error err = parsed.error();
        err.message = f->file + ": " + err.message;
        Fail(err);
      }
      std::fprintf(stderr, "istmo: %s: %zu lines valid, %zu rejected; importing...\n",
                   f->file.c_str(), parsed->records.size(), parsed->rejects.size());
      auto report = OrFail(migration::ImportEncounters(*rt.store, scope, std::move(*parsed),
                                                        f->release, now));
      for (const auto& r : report.rejects) {
        std::fprintf(stderr, "%s:%lld: %s%s%s\n", f->file.c_str(), static_cast<long long>(r.line),
                     r.field.empty() ? "" : r.field.c_str(), r.field.empty() ? "" : ": ",
                     r.message.c_str());
      }
      std::printf("imported %lld encounters (%lld of persons registered before), rejected %zu lines\n",
                  static_cast<long long>(report.imported), static_cast<long long>(report.linked),
                  report.rejects.size());
      if (report.imported == 0 && !report.rejects.empty()) {
        Fail(core::InvalidArgument("no line of " + f->file + " was imported"));
      }
    });
  }
  {
    auto* list = encounter->add_subcommand("list", "List encounters, newest first");
    AddDbOption(list);
    auto q = std::make_shared<migration::EncounterQuery>();
    auto json_out = std::make_shared<bool>(false);
    list->add_option("--station", q->station_id, "Station id");
    list->add_option("--nationality", q->nationality, "ISO 3166-1 alpha-3");
    list->add_option("--person", q->person_id, "Person id");
    list->add_option("--limit", q->limit, "How many (1-1000)")->check(CLI::Range(1, 1000));
    list->add_flag("--json", *json_out, "Print JSON");
    list->callback([q, json_out] {
      Runtime rt = OrFail(OpenRuntime());
      auto items = OrFail(rt.store->Read<std::vector<migration::Encounter>>(
          [&](store::Connection& c) {
            return migration::ListEncounters(c, store::AccessScope::System(), *q);
          }));
      if (*json_out) {
        json out = json::array();
        for (const auto& e : items) out.push_back(migration::EncounterJson(e));
        std::printf("%s\n", out.dump(2).c_str());
        return;
      }
      for (const auto& e : items) PrintEncounterLine(e);
    });
  }
  {
    auto* trends = migration->add_subcommand("trends", "Encounter counts with the change against a year before");
    AddDbOption(trends);
    auto q = std::make_shared<migration::TrendQuery>();
    auto granularity = std::make_shared<std::string>("month");
    auto format = std::make_shared<std::string>("table");
    trends->add_option("--from", q->from, "First month YYYY-MM (or date for weeks)")->required();
    trends->add_option("--to", q->to, "Last month YYYY-MM (or date for weeks)")->required();
    trends->add_option("--granularity", *granularity, "month or week");
    trends->add_option("--station", q->station_id, "Station id");
    trends->add_option("--nationality", q->nationality, "ISO 3166-1 alpha-3");
    trends->add_option("--sex", q->sex, "F, M or X");
    trends->add_option("--age-group", q->age_group, "adult or minor");
    trends->add_option("--top", q->top, "Nationalities in the top list (1-50)");
    trends->add_option("--format", *format, "table, json or csv");
    trends->callback([q, granularity, format] {
      q->granularity = OrFail(migration::ParseGranularity(*granularity));
      Runtime rt = OrFail(OpenRuntime());
      const auto system = store::AccessScope::System();
      if (*format == "csv") {
        auto rows = OrFail(rt.store->Read<std::vector<migration::TrendRow>>(
            [&](store::Connection& c) { return migration::TrendRows(c, system, *q); }));
        std::fputs(migration::TrendRowsCsv(rows).c_str(), stdout);
        return;
      }
      auto t = OrFail(rt.store->Read<migration::Trends>(
          [&](store::Connection& c) { return migration::ComputeTrends(c, system, *q); }));
      if (*format == "json") {
        json series = json::array();
        for (const auto& p : t.series) {
          series.push_back({{"period", p.period}, {"encounters", p.encounters},
                            {"previous", p.previous}, {"repeats", p.repeats}});
        }
        json top = json::array();
        for (const auto& g : t.top_nationalities) {
          top.push_back({{"key", g.key}, {"encounters", g.encounters}, {"share", g.share}});
        }
        std::printf("%s\n", json{{"from", t.from}, {"to", t.to}, {"total", t.total},
                                 {"previous_total", t.previous_total},
                                 {"change", t.change ? json(*t.change) : json(nullptr)},
                                 {"repeats", t.repeats}, {"series", series},
                                 {"top_nationalities", top}}
                                .dump(2)
                                .c_str());
        return;
      }
      if (*format != "table") Fail(core::InvalidArgument("--format must be table, json or csv"));
      std::printf("%-10s %10s %10s %8s %8s\n", "PERIOD", "ENCOUNTERS", "YEAR AGO", "CHANGE", "REPEATS");
      for (const auto& p : t.series) {
        std::printf("%-10s %10lld %10lld %8s %8lld\n", p.period.c_str(),
                    static_cast<long long>(p.encounters), static_cast<long long>(p.previous),
                    Percent(p.change).c_str(), static_cast<long long>(p.repeats));
      }
      std::printf("%-10s %10lld %10lld %8s %8lld\n", "total", static_cast<long long>(t.total),
                  static_cast<long long>(t.previous_total), Percent(t.change).c_str(),
                  static_cast<long long>(t.repeats));
      std::printf("\ntop nationalities:");
      for (const auto& g : t.top_nationalities) {
        std::printf(" %s %.1f%%", g.key.c_str(), g.share * 100);
      }
      std::printf("\n");
    });
  }
}

}  // namespace istmo::cli

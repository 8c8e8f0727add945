// The canal demo (canal/demo.h): the synthetic world through ImportTransits and ImportManifest.
#include "canal/demo.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <utility>

#include "canal/inspections.h"
#include "canal/records.h"

namespace istmo::canal {

namespace {

std::string DayString(std::chrono::sys_days day) { return core::FormatDate(core::Timestamp(day)); }

// Gives `identity` to vessel `v` of the world: the vessel, its transits and its containers.
void Rename(SyntheticWorld& w, std::size_t v, const DemoOptions::VesselIdentity& identity) {
  const std::string old_imo = w.vessels[v].imo;
  w.vessels[v].imo = identity.imo;
  w.vessels[v].mmsi = identity.mmsi;
  w.vessels[v].name = identity.name;
  for (auto& t : w.transits) {
    if (t.vessel != v) continue;
    t.line.vessel_imo = identity.imo;
    t.line.mmsi = identity.mmsi;
    t.line.vessel_name = identity.name;
    for (std::size_t i = t.first_container; i < t.first_container + t.container_count; ++i) {
      w.containers[i].line.vessel_imo = identity.imo;
    }
  }
}

// The vessels that load at sea, those with a transit from `first_upcoming_day` on first.
std::vector<std::size_t> AtSeaVessels(const SyntheticWorld& w, int first_upcoming_day) {
  std::vector<std::size_t> upcoming, others;
  for (const auto& t : w.transits) {
    const std::size_t v = t.vessel;
    if (!w.vessels[v].loads_at_sea) continue;
    auto& list = t.day >= first_upcoming_day ? upcoming : others;
    if (std::find(upcoming.begin(), upcoming.end(), v) == upcoming.end() &&
        std::find(others.begin(), others.end(), v) == others.end()) {
      list.push_back(v);
    }
  }
  upcoming.insert(upcoming.end(), others.begin(), others.end());
  return upcoming;
}

// A scanner team and a physical-exam team at each container terminal.
core::Result<std::int64_t> CreateUnits(store::Store& store, const store::AccessScope& owner,
                                       core::Timestamp now) {
  return store.Write<std::int64_t>([&](store::Connection& tx) -> core::Result<std::int64_t> {
    std::int64_t made = 0;
    for (const auto& t : ContainerTerminals()) {
      for (const char* team : {"Escáner", "Revisión física"}) {
        ISTMO_RETURN_IF_ERROR(CreateUnit(tx, owner,
                                         std::string(team) + " " + std::string(t.short_name),
                                         std::string(t.locode), now));
        ++made;
      }
    }
    return made;
  });
}

// What the inspection of container `c` finds: its hidden label, as a result. A yellow lane is a
// scan, with a physical exam only when the scan shows an anomaly; a red lane is an exam.
InspectionResult ResultOf(const SyntheticContainer& c, const std::string& lane) {
  InspectionResult r;
  const bool positive = c.label.positive;
  r.scan_result = positive ? "anomaly" : "clear";
  r.physical_exam = positive || lane == "red" ? "done" : "not_done";
  r.seal_check = c.label.seal_tampered ? "mismatch" : "intact";
  r.result = "negative";
  if (positive) {
    r.result = "positive";
    r.drugs.push_back({.type = c.label.drug, .kg = c.label.kg});
  }
  return r;
}

// Assigns every queued inspection of a line of a past transit to the unit of its terminal (the
// exam team for red, the scanner for yellow) and records its result from the hidden label, the day
// after the transit. Inspections of the days to come stay in the queue.
core::Status InspectPast(store::Store& store, const store::AccessScope& owner,
                         const SyntheticWorld& w, std::chrono::sys_days first, int past_days,
                         core::Timestamp now, DemoLoad& out) {
  std::map<std::string, std::size_t> by_bill;
  for (std::size_t i = 0; i < w.containers.size(); ++i) {
    by_bill[w.containers[i].line.bill_of_lading] = i;
  }
  auto done = store.Write<bool>([&](store::Connection& tx) -> core::Result<bool> {
    ISTMO_ASSIGN_OR_RETURN(auto units, ListUnits(tx, owner));
    std::vector<Inspection> queue;
    for (std::string after;;) {
      ISTMO_ASSIGN_OR_RETURN(auto page,
                             ListInspections(tx, owner, {.limit = 1000, .after = after}));
      if (page.empty()) break;
      after = page.back().id;
      for (auto& i : page) queue.push_back(std::move(i));
    }
    out.queued = static_cast<std::int64_t>(queue.size());
    for (const auto& inspection : queue) {
      const auto found = by_bill.find(inspection.bill_of_lading);
      if (found == by_bill.end()) continue;
      const SyntheticContainer& c = w.containers[found->second];
      if (c.day >= past_days) continue;
      const std::string team = inspection.lane == "red" ? "Revisión física" : "Escáner";
      const auto unit = std::find_if(units.begin(), units.end(), [&](const Unit& u) {
        return u.terminal == c.terminal && u.name.rfind(team, 0) == 0;
      });
      if (unit == units.end()) continue;
      const core::Timestamp transit = core::Timestamp(first + std::chrono::days(c.day));
      const core::Timestamp assigned = std::min(now, transit + std::chrono::hours(8));
      const core::Timestamp completed = std::min(now, transit + std::chrono::hours(34));
      ISTMO_RETURN_IF_ERROR(AssignInspection(tx, owner, inspection.id, unit->id, assigned));
      ISTMO_RETURN_IF_ERROR(
          RecordResult(tx, owner, inspection.id, ResultOf(c, inspection.lane), completed));
      ++out.inspected;
      out.found += c.label.positive;
    }
    return true;
  });
  if (!done) return done.error();
  return {};
}

}  // namespace

core::Result<DemoLoad> LoadDemo(store::Store& store, const store::AccessScope& owner,
                                const DemoOptions& options, core::Timestamp now) {
  if (owner.org_id.empty()) return core::InvalidArgument("the demo needs an owning organization");
  if (options.past_days < 0 || options.next_days < 1) {
    return core::InvalidArgument("past_days must be >= 0 and next_days >= 1", "/days");
  }
  DemoLoad out;
  ISTMO_ASSIGN_OR_RETURN(auto existing,
                         store.Read<std::optional<store::Row>>([&](store::Connection& c) {
                           return c.QueryOne(
                               "SELECT 1 FROM canal_transits WHERE "
                               "owner_org = ? LIMIT 1",
                               {owner.org_id});
                         }));
  if (existing) return out;

  const auto today = std::chrono::floor<std::chrono::days>(now);
  const std::chrono::sys_days first = today - std::chrono::days(options.past_days);
  out.first_day = DayString(first);
  out.last_day = DayString(today + std::chrono::days(options.next_days - 1));
  ISTMO_ASSIGN_OR_RETURN(
      out.world,
      GenerateSyntheticWorld({.seed = options.seed,
                              .first_day = out.first_day,
                              .days = options.past_days + options.next_days,
                              .containers_per_transit = options.containers_per_transit}));
  // An identity already in the world (the generator's IMOs start with 9 too) is not given twice.
  const auto taken = [&](const DemoOptions::VesselIdentity& id) {
    return std::any_of(
        out.world.vessels.begin(), out.world.vessels.end(),
        [&](const SyntheticVessel& v) { return v.imo == id.imo || v.mmsi == id.mmsi; });
  };
  const auto at_sea = AtSeaVessels(out.world, options.past_days);
  for (const auto& identity : options.at_sea_vessels) {
    if (out.at_sea_vessels >= static_cast<std::int64_t>(at_sea.size())) break;
    if (taken(identity)) continue;
    Rename(out.world, at_sea[static_cast<std::size_t>(out.at_sea_vessels++)], identity);
  }
  const SyntheticWorld& w = out.world;

  // Units, rules and lanes exist before the first manifest arrives.
  const core::Timestamp setup = core::Timestamp(first - std::chrono::days(3));
  ISTMO_ASSIGN_OR_RETURN(out.units, CreateUnits(store, owner, setup));
  if (!options.rules_json.empty()) {
    ISTMO_ASSIGN_OR_RETURN(auto rules, LoadRuleFile(store, owner, options.rules_json, setup));
    out.rules = rules.rules_created + rules.rules_updated + rules.rules_unchanged;
    ISTMO_RETURN_IF_ERROR(SetLaneSettings(store, owner, options.lanes, setup));
  }

  ParsedTransits transits;
  for (const auto& t : w.transits) {
    transits.lines.push_back(t.line);
    transits.line_numbers.push_back(static_cast<std::int64_t>(transits.lines.size()) + 1);
  }
  transits.total = static_cast<std::int64_t>(transits.lines.size());
  ISTMO_ASSIGN_OR_RETURN(
      auto transit_report,
      ImportTransits(store, owner, std::move(transits),
                     {.releasability = options.releasability, .source = "demo-transits.csv"}, now));
  out.transits = transit_report.imported;

  // A week's manifests arrive two days before the week's first transits (at 14:00 UTC), or now
  // for the weeks whose arrival is still to come: each import is then scored, as a real one is.
  // Weekly rather than daily imports: a scoring run costs about 0.15 s whatever its size (its
  // thresholds read the last 30 days of scores), and 97 daily runs took 16 s of the demo.
  std::map<core::Timestamp, ParsedManifest> by_arrival;
  for (const auto& c : w.containers) {
    const core::Timestamp arrival =
        std::min(now, core::Timestamp(first + std::chrono::days(c.day / 7 * 7 - 2)) +
                          std::chrono::hours(14));
    ParsedManifest& m = by_arrival[arrival];
    m.lines.push_back(c.line);
    m.line_numbers.push_back(static_cast<std::int64_t>(m.lines.size()) + 1);
    m.total = static_cast<std::int64_t>(m.lines.size());
    out.positives += c.label.positive;
  }
  for (auto& [arrival, manifest] : by_arrival) {
    const std::string source = "demo-manifest-" + core::FormatDate(arrival) + ".csv";
    ISTMO_ASSIGN_OR_RETURN(
        auto report,
        ImportManifest(store, owner, std::move(manifest),
                       {.releasability = options.releasability, .source = source}, arrival));
    if (!report.rejects.empty()) {
      return core::Internal("the demo manifest " + source + " had a rejected line: " +
                            report.rejects.front().field + ": " + report.rejects.front().message);
    }
    out.containers += report.imported;
    if (out.rules > 0) {
      ISTMO_RETURN_IF_ERROR(ScoreImport(store, owner, report.import_id, arrival));
    }
  }
  if (out.rules > 0) {
    ISTMO_RETURN_IF_ERROR(InspectPast(store, owner, w, first, options.past_days, now, out));
  }
  out.loaded = true;
  return out;
}

}  // namespace istmo::canal

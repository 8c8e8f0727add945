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

  // A day's manifests arrive two days before its transits (at 14:00 UTC), or now for the days
  // whose arrival time is still to come.
  std::map<core::Timestamp, ParsedManifest> by_arrival;
  for (const auto& c : w.containers) {
    const core::Timestamp arrival = std::min(
        now, core::Timestamp(first + std::chrono::days(c.day - 2)) + std::chrono::hours(14));
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
  }
  ISTMO_ASSIGN_OR_RETURN(out.units, CreateUnits(store, owner, now));
  out.loaded = true;
  return out;
}

}  // namespace istmo::canal

// The canal demo (canal/demo.h): the synthetic world through ImportTransits and ImportManifest.
#include "canal/demo.h"

#include <chrono>
#include <map>
#include <utility>

#include "canal/records.h"

namespace istmo::canal {

namespace {

std::string DayString(std::chrono::sys_days day) { return core::FormatDate(core::Timestamp(day)); }

}  // namespace

core::Result<DemoLoad> LoadDemo(store::Store& store, const store::AccessScope& owner,
                                const DemoOptions& options, core::Timestamp now) {
  if (owner.org_id.empty()) return core::InvalidArgument("the demo needs an owning organization");
  if (options.past_days < 0 || options.next_days < 1) {
    return core::InvalidArgument("past_days must be >= 0 and next_days >= 1", "/days");
  }
  DemoLoad out;
  ISTMO_ASSIGN_OR_RETURN(auto existing, store.Read<std::optional<store::Row>>(
                                            [&](store::Connection& c) {
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
  ISTMO_ASSIGN_OR_RETURN(out.world,
                         GenerateSyntheticWorld({.seed = options.seed,
                                                 .first_day = out.first_day,
                                                 .days = options.past_days + options.next_days,
                                                 .containers_per_transit =
                                                     options.containers_per_transit}));
  const SyntheticWorld& w = out.world;

  ParsedTransits transits;
  for (const auto& t : w.transits) {
    transits.lines.push_back(t.line);
    transits.line_numbers.push_back(static_cast<std::int64_t>(transits.lines.size()) + 1);
  }
  transits.total = static_cast<std::int64_t>(transits.lines.size());
  ISTMO_ASSIGN_OR_RETURN(auto transit_report,
                         ImportTransits(store, owner, std::move(transits),
                                        {.releasability = options.releasability,
                                         .source = "demo-transits.csv"},
                                        now));
  out.transits = transit_report.imported;

  // A day's manifests arrive two days before its transits (at 14:00 UTC), or now for the days
  // whose arrival time is still to come.
  std::map<core::Timestamp, ParsedManifest> by_arrival;
  for (const auto& c : w.containers) {
    const core::Timestamp arrival =
        std::min(now, core::Timestamp(first + std::chrono::days(c.day - 2)) + std::chrono::hours(14));
    ParsedManifest& m = by_arrival[arrival];
    m.lines.push_back(c.line);
    m.line_numbers.push_back(static_cast<std::int64_t>(m.lines.size()) + 1);
    m.total = static_cast<std::int64_t>(m.lines.size());
    out.positives += c.label.positive;
  }
  for (auto& [arrival, manifest] : by_arrival) {
    const std::string source = "demo-manifest-" + core::FormatDate(arrival) + ".csv";
    ISTMO_ASSIGN_OR_RETURN(auto report,
                           ImportManifest(store, owner, std::move(manifest),
                                          {.releasability = options.releasability,
                                           .source = source},
                                          arrival));
    if (!report.rejects.empty()) {
      return core::Internal("the demo manifest " + source + " had a rejected line: " +
                            report.rejects.front().field + ": " + report.rejects.front().message);
    }
    out.containers += report.imported;
  }
  out.loaded = true;
  return out;
}

}  // namespace istmo::canal

// canal/demo.h — the canal part of `istmo demo`: a synthetic canal world (canal/synthetic.h)
// loaded through the module's public import functions, owned by the customs organization (ANA).
//
// Loaded: a scanner team and a physical-exam team at each container terminal (units); the shipped
// rules and the lane rates; the transits of the past `past_days` days and of the next `next_days`
// days (about 27 a day, FY2024), and the manifests of their container ships. Each week's manifests
// are imported two days before that week's first transits (or now, for the weeks to come), so that
// a transit finds its containers (a line belongs to a transit when it names the vessel and was
// imported at most 21 days before the transit, docs/canal.md), and scored at that time
// (canal/risk.h ScoreImport), which queues inspections. The inspections of the lines of past
// transits are assigned to the unit of the line's terminal and get the result their hidden label
// says (a positive is found with its drug and kg; a replaced seal shows), a day after the
// transit, so that yield and the random baseline are measured on the demo. The labels themselves
// are not stored; they stay in the returned world.
//
// Idempotent: when the organization already owns transits, nothing is written and `loaded` is
// false.
//
// Thread-safety: as the store's functions.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "canal/risk.h"
#include "canal/synthetic.h"
#include "core/result.h"
#include "core/time.h"
#include "store/scope.h"
#include "store/store.h"

namespace istmo::canal {

struct DemoOptions {
  std::uint64_t seed = 20241001;
  int past_days = 90;  // before today (UTC), today excluded
  int next_days = 7;   // today and the days after it
  // Where the demo's transits and manifests may be shown besides their owner.
  std::vector<std::string> releasability = {"PAN", "USA"};
  // Containers per container-ship transit handled in Panama (SyntheticOptions).
  double containers_per_transit = 25;
  // Vessels whose behaviour at sea (gaps, encounters, loitering) the maritime picture already
  // shows. Each takes the place of a generated vessel that loads at sea, preferably one that
  // transits in the days to come, so that the at-sea pattern meets real detections.
  struct VesselIdentity {
    std::string imo, mmsi, name;
  };
  std::vector<VesselIdentity> at_sea_vessels;
  // The shipped rules and lists (data/canal/rules.json's text), loaded for the organization
  // before the manifests so that each import is scored; "" loads no rules, and nothing is then
  // queued or inspected.
  std::string rules_json;
  // Red (exam) and yellow (scan) together 2 % of the lines, the evaluation rate, and 1 %
  // chosen at random: the baseline.
  LaneRates lanes{.red_rate = 0.01, .yellow_rate = 0.01, .random_rate = 0.01};
};

struct DemoLoad {
  bool loaded = false;              // false: the organization had transits already, nothing written
  std::string first_day, last_day;  // YYYY-MM-DD
  std::int64_t transits = 0;
  std::int64_t containers = 0;
  std::int64_t positives = 0;       // hidden
  std::int64_t units = 0;           // inspection units: a scanner and an exam team per terminal
  std::int64_t rules = 0;           // rules loaded from rules_json
  std::int64_t queued = 0;          // inspections queued by the scoring runs (rules and random)
  std::int64_t inspected = 0;       // of them, done with a result (lines of past transits)
  std::int64_t found = 0;           // positive results among them
  std::int64_t at_sea_vessels = 0;  // vessels that took an identity of DemoOptions::at_sea_vessels
  SyntheticWorld world;             // what was generated, labels included
};

// Loads the demo for the organization of `owner` (the system scope acting for it, or an officer
// or analyst of it). Errors of the imports are returned as they are.
core::Result<DemoLoad> LoadDemo(store::Store& store, const store::AccessScope& owner,
                                const DemoOptions& options, core::Timestamp now);

}  // namespace istmo::canal

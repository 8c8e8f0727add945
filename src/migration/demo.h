// migration/demo.h — synthetic encounters calibrated to published Darién figures, and the first
// repatriation flight, for `istmo demo` and the benchmark.
//
// Every person is synthetic (generated names, birth dates and document numbers; no photos).
// The monthly volumes are fixed numbers (DarienMonthlyTargets) derived from the published
// figures named in data/migration/SOURCES.md: 520,085 crossings in 2023, Venezuelans about 63%
// of 2023, and January–October 2024 37.5% below January–October 2023. Which month gets how
// many within a year, and the shares of the other nationalities, sex, age and station, are our
// stated assumptions, not published numbers (SOURCES.md says which is which).
//
// Deterministic for a seed, except record ids (UUIDv7, from the clock and getrandom).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/result.h"
#include "core/time.h"
#include "store/scope.h"
#include "store/store.h"

namespace istmo::migration {

struct MonthTarget {
  int year = 0;
  unsigned month = 0;        // 1..12
  std::int64_t encounters = 0;
};
// January 2023 … October 2024, in order (22 months).
const std::vector<MonthTarget>& DarienMonthlyTargets();

struct Share {
  std::string key;  // nationality code, "F"/"M", station id
  double share = 0;
};
// Nationality shares used by the generator (VEN 0.63 published; the rest assumed).
const std::vector<Share>& DemoNationalityShares();

struct DemoOptions {
  std::uint64_t seed = 20240820;
  // Share of encounters whose person had crossed before (repeat crossers; an assumption).
  double repeat_share = 0.02;
  std::vector<std::string> releasability = {"PAN", "USA"};
  // Encounters on these Panama civil dates (inclusive) are inserted as full encounter rows
  // (persons, documents, ages); every other day of January 2023 – October 2024 is loaded as
  // summary counts only (AddHistoryCounts), so that the demo loads in about a second. The
  // default window is the four weeks before the first repatriation flight.
  std::string detail_from = "2024-07-20";
  std::string detail_to = "2024-08-19";
  // Called after the counts and after the rows with (done, total).
  std::function<void(std::int64_t, std::int64_t)> progress;
};

struct DemoResult {
  std::int64_t encounters = 0;      // counted in the trends, rows and summaries together
  std::int64_t encounter_rows = 0;  // full encounter rows (the detail window)
  std::int64_t cases = 0;
  std::string flight_id;  // the 2024-08-20 flight, when loaded
};

// Loads the calibrated encounters as `scope` (an officer's or the system's, owning them): every
// month gets exactly its target, split over stations, nationalities, sex and age group by the
// assumed shares (largest remainder) and over its days at random. Refuses (kConflict) when the
// database already holds encounter counts.
core::Result<DemoResult> GenerateDemoEncounters(store::Store& store, const store::AccessScope& scope,
                                                const DemoOptions& options, core::Timestamp now);

// The first repatriation flight under the 2024 U.S.–Panama arrangement: 20 August 2024 to
// Colombia, with cases for Colombian persons encountered in the weeks before (legal basis
// "none"), its manifest built and the flight marked departed; plus a few open cases with other
// legal bases. Needs encounters (GenerateDemoEncounters first).
core::Result<DemoResult> LoadDemoRepatriation(store::Store& store, const store::AccessScope& scope,
                                              core::Timestamp now);

}  // namespace istmo::migration

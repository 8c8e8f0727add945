// migration/trends.h — encounter counts over time and by group, for analysts.
//
// Counts come from the summary tables kept on insert (migration/encounters.h), filtered by the
// caller's releasability in SQL like every read, so an analyst counts exactly the encounters
// they could list. Each query also counts the same periods one year before, for the change:
// by month, the same months of the previous year; by week, the weeks 52 weeks (364 days)
// earlier, which start on the same weekday.
//
// A "repeat" encounter is one of a person registered before (by face or document); its count
// is the repeat-crosser figure.
//
// Cost: proportional to the number of summary rows in the range (periods × stations ×
// nationalities × sex × age group × visibility), not to the number of encounters; see the
// Migration section of docs/perf.md.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "store/scope.h"
#include "store/store.h"

namespace istmo::migration {

enum class Granularity : std::uint8_t { kMonth, kWeek };

struct TrendQuery {
  Granularity granularity = Granularity::kMonth;
  // Inclusive. Months "YYYY-MM"; weeks any date "YYYY-MM-DD" (taken as its ISO week's Monday).
  // At most 120 months or 260 weeks. kInvalidArgument (field "?from" / "?to") otherwise.
  std::string from;
  std::string to;
  std::string station_id;   // filters; empty: all
  std::string nationality;
  std::string sex;          // F, M, X
  std::string age_group;    // adult, minor
  int top = 5;              // how many nationalities in top_nationalities (1..50)
};

struct TrendPoint {
  std::string period;          // "2023-08" or "2023-08-28"
  std::int64_t encounters = 0;
  std::int64_t previous = 0;   // the same period a year before
  std::int64_t repeats = 0;
  std::optional<double> change;  // (encounters − previous) / previous; none when previous = 0
};

struct TrendGroup {
  std::string key;             // "VEN", "F", "minor", "ERM-LAJAS-BLANCAS", "other"
  std::int64_t encounters = 0;
  std::int64_t previous = 0;
  double share = 0;            // of the total in the range
  std::optional<double> change;
};

// The months that hold encounters the reader may see, first and last ("YYYY-MM").
struct TrendCoverage {
  std::string first;
  std::string last;
};

struct Trends {
  Granularity granularity = Granularity::kMonth;
  std::string from, to;                    // normalized
  std::string previous_from, previous_to;  // the comparison range
  std::int64_t total = 0;
  std::int64_t previous_total = 0;
  std::optional<double> change;
  std::int64_t repeats = 0;                // repeat-crosser encounters in the range
  double repeat_share = 0;
  std::vector<TrendPoint> series;          // every period of the range, zeros included
  std::vector<TrendGroup> by_nationality;  // largest first
  std::vector<TrendGroup> by_sex;
  std::vector<TrendGroup> by_age_group;
  std::vector<TrendGroup> by_station;
  std::vector<TrendGroup> top_nationalities;  // the `top` largest, then "other" if any
  // What the reader may see at all (no filter but releasability); none when nothing.
  std::optional<TrendCoverage> coverage;
  // The range reaches beyond the coverage (or there is none): its totals are incomplete, and
  // likewise for the comparison year. A range inside the coverage may still hold empty months.
  bool partial = false;
  bool previous_partial = false;
};

// The first and last months with encounters the reader may see, whatever the filters; nullopt
// when there are none. The trends page opens on the latest months that have data.
// kPermissionDenied unless analyst, officer or supervisor (or system).
core::Result<std::optional<TrendCoverage>> ComputeCoverage(store::Connection& c,
                                                           const store::AccessScope& scope);

// kPermissionDenied unless analyst, officer or supervisor (or system).
core::Result<Trends> ComputeTrends(store::Connection& c, const store::AccessScope& scope,
                                   const TrendQuery& query);

// One summary row of the range: what the CSV export writes.
struct TrendRow {
  std::string period;
  std::string station_id;
  std::string nationality;
  std::string sex;
  std::string age_group;
  std::int64_t encounters = 0;
  std::int64_t repeats = 0;
};
// The range's counts by period, station, nationality, sex and age group (filters applied).
core::Result<std::vector<TrendRow>> TrendRows(store::Connection& c, const store::AccessScope& scope,
                                              const TrendQuery& query);
// "period,station_id,nationality,sex,age_group,encounters,repeats\r\n…" (RFC 4180).
std::string TrendRowsCsv(const std::vector<TrendRow>& rows);

std::string GranularityName(Granularity g);  // "month", "week"
core::Result<Granularity> ParseGranularity(const std::string& text);

}  // namespace istmo::migration

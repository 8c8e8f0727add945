#include "migration/trends.h"

#include <algorithm>
#include <chrono>
#include <map>

#include "migration/countries.h"
#include "migration/internal/util.h"

namespace istmo::migration {

namespace {

using namespace std::chrono;

std::string TwoDigits(unsigned v) {
  return std::string(1, static_cast<char>('0' + v / 10)) + static_cast<char>('0' + v % 10);
}

std::string MonthText(year_month ym) {
  return std::to_string(static_cast<int>(ym.year())) + "-" +
         TwoDigits(static_cast<unsigned>(ym.month()));
}

std::string DayText(sys_days d) {
  const year_month_day ymd(d);
  return MonthText(ymd.year() / ymd.month()) + "-" + TwoDigits(static_cast<unsigned>(ymd.day()));
}

sys_days Monday(sys_days d) { return d - days(weekday(d).iso_encoding() - 1); }

core::Error RangeTooLong(int max, const char* unit) {
  return core::WithReason(
      core::InvalidArgument("spans more than " + std::to_string(max) + " " + unit, "?to"),
      "range_too_long", {{"max", std::to_string(max)}, {"unit", unit}});
}

core::Error ToBeforeFrom() {
  return core::WithReason(core::InvalidArgument("is before ?from", "?to"), "invalid_date");
}

// The periods of a query and of its comparison year, as bucket text.
struct Ranges {
  std::vector<std::string> periods;
  std::vector<std::string> previous;  // previous[i] is periods[i] a year before
};

core::Result<Ranges> MakeRanges(const TrendQuery& q) {
  Ranges r;
  if (q.granularity == Granularity::kMonth) {
    ISTMO_ASSIGN_OR_RETURN(year_month from, core::ParseYearMonth(q.from, "?from"));
    ISTMO_ASSIGN_OR_RETURN(year_month to, core::ParseYearMonth(q.to, "?to"));
    if (to < from) return ToBeforeFrom();
    for (year_month m = from; m <= to; m += months(1)) {
      if (r.periods.size() >= 120) return RangeTooLong(120, "months");
      r.periods.push_back(MonthText(m));
      r.previous.push_back(MonthText(m - years(1)));
    }
  } else {
    ISTMO_ASSIGN_OR_RETURN(sys_days from, core::ParseDate(q.from, "?from"));
    ISTMO_ASSIGN_OR_RETURN(sys_days to, core::ParseDate(q.to, "?to"));
    from = Monday(from);
    to = Monday(to);
    if (to < from) return ToBeforeFrom();
    for (sys_days w = from; w <= to; w += days(7)) {
      if (r.periods.size() >= 260) return RangeTooLong(260, "weeks");
      r.periods.push_back(DayText(w));
      r.previous.push_back(DayText(w - days(364)));
    }
  }
  return r;
}

std::optional<double> Change(std::int64_t now, std::int64_t before) {
  if (before == 0) return std::nullopt;
  return static_cast<double>(now - before) / static_cast<double>(before);
}

struct Aggregate {
  std::string period, station, nationality, sex;
  int minor = 0;
  std::int64_t encounters = 0, repeats = 0;
};

// Summary rows of [first, last] periods, grouped over visibility, with the query's filters.
core::Result<std::vector<Aggregate>> Read(store::Connection& c, const store::AccessScope& scope,
                                          const TrendQuery& q, const std::string& first,
                                          const std::string& last) {
  const char* table = q.granularity == Granularity::kMonth ? "migration_counts_month"
                                                           : "migration_counts_week";
  const store::SqlFilter visible = store::ReleasableTo(scope, "s");
  std::string sql = std::string("SELECT s.period, s.station_id, s.nationality, s.sex, s.minor, "
                                "SUM(s.encounters), SUM(s.repeats) FROM ") +
                    table + " s WHERE s.period >= ? AND s.period <= ? AND " + visible.sql;
  store::Params params = {first, last};
  params.insert(params.end(), visible.params.begin(), visible.params.end());
  if (!q.station_id.empty()) {
    sql += " AND s.station_id = ?";
    params.emplace_back(q.station_id);
  }
  if (!q.nationality.empty()) {
    sql += " AND s.nationality = ?";
    params.emplace_back(internal::Upper(q.nationality));
  }
  if (!q.sex.empty()) {
    sql += " AND s.sex = ?";
    params.emplace_back(q.sex);
  }
  if (!q.age_group.empty()) {
    sql += " AND s.minor = ?";
    params.emplace_back(static_cast<std::int64_t>(q.age_group == "minor" ? 1 : 0));
  }
  sql += " GROUP BY s.period, s.station_id, s.nationality, s.sex, s.minor";
  ISTMO_ASSIGN_OR_RETURN(auto rows, c.Query(sql, params));
  std::vector<Aggregate> out;
  out.reserve(rows.size());
  for (const auto& r : rows) {
    out.push_back({r.Text(0), r.Text(1), r.Text(2), r.Text(3), static_cast<int>(r.Int(4)),
                   r.Int(5), r.Int(6)});
  }
  return out;
}

core::Status CheckReader(const store::AccessScope& scope) {
  if (!scope.Has(store::Role::kAnalyst) && !scope.Has(store::Role::kOfficer) &&
      !scope.Has(store::Role::kSupervisor)) {
    return core::PermissionDenied("trends need the analyst, officer or supervisor role");
  }
  return core::Ok();
}

// The month ("YYYY-MM") of a period: a month is itself; a week is the month of its Monday, or
// of its Sunday when `last_day`, so that a range's end week straddling the coverage's last
// month counts as beyond it.
std::string MonthOf(const std::string& period, Granularity g, bool last_day) {
  if (g == Granularity::kMonth) return period;
  const auto monday = core::ParseDate(period, "period");
  if (!monday) return period.substr(0, 7);
  const sys_days d = sys_days(*monday) + days(last_day ? 6 : 0);
  return DayText(d).substr(0, 7);
}

// Whether [from, to] (periods of granularity g) reaches beyond the coverage.
bool Beyond(const std::optional<TrendCoverage>& coverage, const std::string& from,
            const std::string& to, Granularity g) {
  if (!coverage) return true;
  return MonthOf(from, g, false) < coverage->first || MonthOf(to, g, true) > coverage->last;
}

core::Status CheckQuery(const store::AccessScope& scope, const TrendQuery& q) {
  ISTMO_RETURN_IF_ERROR(CheckReader(scope));
  if (!q.sex.empty() && q.sex != "F" && q.sex != "M" && q.sex != "X") {
    return core::WithReason(core::InvalidArgument("must be F, M or X", "?sex"), "invalid_value");
  }
  if (!q.age_group.empty() && q.age_group != "adult" && q.age_group != "minor") {
    return core::WithReason(core::InvalidArgument("must be adult or minor", "?age_group"),
                            "invalid_value");
  }
  if (!q.nationality.empty()) {
    ISTMO_RETURN_IF_ERROR(NormalizeNationality(q.nationality, "?nationality"));
  }
  if (q.top < 1 || q.top > 50) {
    return core::WithReason(core::InvalidArgument("must be 1..50", "?top"), "invalid_value");
  }
  return core::Ok();
}

std::vector<TrendGroup> Groups(const std::map<std::string, std::pair<std::int64_t, std::int64_t>>& m,
                               std::int64_t total) {
  std::vector<TrendGroup> out;
  for (const auto& [key, n] : m) {
    out.push_back({.key = key,
                   .encounters = n.first,
                   .previous = n.second,
                   .share = total > 0 ? static_cast<double>(n.first) / static_cast<double>(total) : 0,
                   .change = Change(n.first, n.second)});
  }
  std::stable_sort(out.begin(), out.end(), [](const TrendGroup& a, const TrendGroup& b) {
    return a.encounters > b.encounters;
  });
  return out;
}

}  // namespace

std::string GranularityName(Granularity g) { return g == Granularity::kMonth ? "month" : "week"; }

core::Result<Granularity> ParseGranularity(const std::string& text) {
  if (text == "month") return Granularity::kMonth;
  if (text == "week") return Granularity::kWeek;
  return core::WithReason(
      core::InvalidArgument("must be month or week, not '" + text.substr(0, 20) + "'",
                            "?granularity"),
      "invalid_value");
}

core::Result<std::optional<TrendCoverage>> ComputeCoverage(store::Connection& c,
                                                           const store::AccessScope& scope) {
  ISTMO_RETURN_IF_ERROR(CheckReader(scope));
  const store::SqlFilter visible = store::ReleasableTo(scope, "s");
  ISTMO_ASSIGN_OR_RETURN(auto row, c.QueryOne("SELECT MIN(s.period), MAX(s.period) FROM "
                                              "migration_counts_month s WHERE s.encounters > 0 AND " +
                                                  visible.sql,
                                              visible.params));
  if (!row || row->IsNull(0)) return std::optional<TrendCoverage>();
  return std::optional<TrendCoverage>(TrendCoverage{row->Text(0), row->Text(1)});
}

core::Result<Trends> ComputeTrends(store::Connection& c, const store::AccessScope& scope,
                                   const TrendQuery& q) {
  ISTMO_RETURN_IF_ERROR(CheckQuery(scope, q));
  ISTMO_ASSIGN_OR_RETURN(Ranges ranges, MakeRanges(q));
  Trends t;
  t.granularity = q.granularity;
  t.from = ranges.periods.front();
  t.to = ranges.periods.back();
  t.previous_from = ranges.previous.front();
  t.previous_to = ranges.previous.back();
  ISTMO_ASSIGN_OR_RETURN(t.coverage, ComputeCoverage(c, scope));
  t.partial = Beyond(t.coverage, t.from, t.to, q.granularity);
  t.previous_partial = Beyond(t.coverage, t.previous_from, t.previous_to, q.granularity);
  ISTMO_ASSIGN_OR_RETURN(auto current, Read(c, scope, q, t.from, t.to));
  ISTMO_ASSIGN_OR_RETURN(auto before, Read(c, scope, q, t.previous_from, t.previous_to));

  std::map<std::string, std::size_t> index;  // period -> position in series
  std::map<std::string, std::size_t> previous_index;
  for (std::size_t i = 0; i < ranges.periods.size(); ++i) {
    index[ranges.periods[i]] = i;
    previous_index[ranges.previous[i]] = i;
    t.series.push_back({.period = ranges.periods[i]});
  }
  using Pair = std::pair<std::int64_t, std::int64_t>;
  std::map<std::string, Pair> nationality, sex, age, station;
  for (const Aggregate& a : current) {
    const auto it = index.find(a.period);
    if (it == index.end()) continue;  // a week key of the month table cannot occur; be safe
    TrendPoint& p = t.series[it->second];
    p.encounters += a.encounters;
    p.repeats += a.repeats;
    t.total += a.encounters;
    t.repeats += a.repeats;
    nationality[a.nationality].first += a.encounters;
    sex[a.sex].first += a.encounters;
    age[a.minor != 0 ? "minor" : "adult"].first += a.encounters;
    station[a.station].first += a.encounters;
  }
  for (const Aggregate& a : before) {
    const auto it = previous_index.find(a.period);
    if (it == previous_index.end()) continue;
    t.series[it->second].previous += a.encounters;
    t.previous_total += a.encounters;
    nationality[a.nationality].second += a.encounters;
    sex[a.sex].second += a.encounters;
    age[a.minor != 0 ? "minor" : "adult"].second += a.encounters;
    station[a.station].second += a.encounters;
  }
  for (TrendPoint& p : t.series) p.change = Change(p.encounters, p.previous);
  t.change = Change(t.total, t.previous_total);
  t.repeat_share = t.total > 0 ? static_cast<double>(t.repeats) / static_cast<double>(t.total) : 0;
  t.by_nationality = Groups(nationality, t.total);
  t.by_sex = Groups(sex, t.total);
  t.by_age_group = Groups(age, t.total);
  t.by_station = Groups(station, t.total);

  TrendGroup other{.key = "other"};
  for (const TrendGroup& g : t.by_nationality) {
    if (g.encounters == 0) continue;  // seen only in the comparison year
    if (static_cast<int>(t.top_nationalities.size()) < q.top) {
      t.top_nationalities.push_back(g);
    } else {
      other.encounters += g.encounters;
      other.previous += g.previous;
    }
  }
  if (other.encounters > 0) {
    other.share = static_cast<double>(other.encounters) / static_cast<double>(t.total);
    other.change = Change(other.encounters, other.previous);
    t.top_nationalities.push_back(other);
  }
  return t;
}

core::Result<std::vector<TrendRow>> TrendRows(store::Connection& c, const store::AccessScope& scope,
                                              const TrendQuery& q) {
  ISTMO_RETURN_IF_ERROR(CheckQuery(scope, q));
  ISTMO_ASSIGN_OR_RETURN(Ranges ranges, MakeRanges(q));
  ISTMO_ASSIGN_OR_RETURN(auto rows, Read(c, scope, q, ranges.periods.front(), ranges.periods.back()));
  std::vector<TrendRow> out;
  out.reserve(rows.size());
  for (const Aggregate& a : rows) {
    out.push_back({a.period, a.station, a.nationality, a.sex, a.minor != 0 ? "minor" : "adult",
                   a.encounters, a.repeats});
  }
  return out;
}

std::string TrendRowsCsv(const std::vector<TrendRow>& rows) {
  // Every field is a code, a date or a number: nothing to quote.
  std::string out = "period,station_id,nationality,sex,age_group,encounters,repeats\r\n";
  for (const TrendRow& r : rows) {
    out += r.period + "," + r.station_id + "," + r.nationality + "," + r.sex + "," + r.age_group +
           "," + std::to_string(r.encounters) + "," + std::to_string(r.repeats) + "\r\n";
  }
  return out;
}

}  // namespace istmo::migration

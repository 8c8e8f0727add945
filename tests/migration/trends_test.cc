#include "migration/trends.h"

#include <gtest/gtest.h>

#include "migration_test_util.h"

namespace istmo::migration {
namespace {

using testing::At;
using testing::MigrationStore;

class Trends_ : public MigrationStore {
 protected:
  void Add(const char* at, const char* nationality, const char* sex, const char* birth,
           const char* station = "ERM-LAJAS-BLANCAS", std::vector<std::string> rel = {"PAN"},
           std::string person = "") {
    NewEncounter e = Person("P", at, nationality, sex, birth);
    e.station_id = station;
    e.releasability = std::move(rel);
    e.person_id = std::move(person);
    auto r = Insert(snm_officer_, e);
    ASSERT_TRUE(r) << r.error().ToString();
    last_person_ = r->person_id;
  }
  Trends Compute(const store::AccessScope& scope, TrendQuery q) {
    auto t = store_->Read<Trends>([&](store::Connection& c) { return ComputeTrends(c, scope, q); });
    EXPECT_TRUE(t) << t.error().ToString();
    return t.value_or(Trends{});
  }
  std::string last_person_;
};

const TrendGroup* Find(const std::vector<TrendGroup>& groups, const std::string& key) {
  for (const auto& g : groups) {
    if (g.key == key) return &g;
  }
  return nullptr;
}

TEST_F(Trends_, MonthlyCountsGroupsAndChangeAgainstTheYearBefore) {
  // 2022: four in March. 2023: two in March, one in April (a minor), one repeat in April.
  for (int i = 0; i < 4; ++i) Add("2022-03-10T12:00:00Z", "VEN", "M", "1990-01-01");
  Add("2023-03-10T12:00:00Z", "VEN", "F", "1990-01-01");
  Add("2023-03-11T12:00:00Z", "HTI", "M", "1980-01-01", "ERM-SAN-VICENTE");
  Add("2023-04-02T12:00:00Z", "VEN", "F", "2015-06-01");
  Add("2023-04-20T12:00:00Z", "HTI", "M", "1980-01-01", "ERM-SAN-VICENTE", {"PAN"}, last_person_);

  Trends t = Compute(snm_analyst_, {.from = "2023-03", .to = "2023-05"});
  EXPECT_EQ(t.from, "2023-03");
  EXPECT_EQ(t.previous_from, "2022-03");
  EXPECT_EQ(t.previous_to, "2022-05");
  EXPECT_EQ(t.total, 4);
  EXPECT_EQ(t.previous_total, 4);
  ASSERT_TRUE(t.change);
  EXPECT_DOUBLE_EQ(*t.change, 0.0);
  ASSERT_EQ(t.series.size(), 3u);
  EXPECT_EQ(t.series[0].period, "2023-03");
  EXPECT_EQ(t.series[0].encounters, 2);
  EXPECT_EQ(t.series[0].previous, 4);
  EXPECT_DOUBLE_EQ(*t.series[0].change, -0.5);
  EXPECT_EQ(t.series[1].encounters, 2);
  EXPECT_EQ(t.series[1].repeats, 1);
  EXPECT_FALSE(t.series[1].change);  // nothing in April 2022
  EXPECT_EQ(t.series[2].encounters, 0);
  EXPECT_EQ(t.repeats, 1);
  EXPECT_DOUBLE_EQ(t.repeat_share, 0.25);

  ASSERT_NE(Find(t.by_nationality, "VEN"), nullptr);
  EXPECT_EQ(Find(t.by_nationality, "VEN")->encounters, 2);
  EXPECT_EQ(Find(t.by_nationality, "VEN")->previous, 4);
  EXPECT_DOUBLE_EQ(Find(t.by_nationality, "VEN")->share, 0.5);
  EXPECT_EQ(Find(t.by_age_group, "minor")->encounters, 1);
  EXPECT_EQ(Find(t.by_age_group, "adult")->encounters, 3);
  EXPECT_EQ(Find(t.by_sex, "M")->encounters, 2);
  EXPECT_EQ(Find(t.by_sex, "M")->previous, 4);
  EXPECT_EQ(Find(t.by_station, "ERM-SAN-VICENTE")->encounters, 2);
}

TEST_F(Trends_, FiltersAndTopNationalitiesWithOther) {
  for (int i = 0; i < 5; ++i) Add("2023-08-10T12:00:00Z", "VEN", "M", "1990-01-01");
  for (int i = 0; i < 3; ++i) Add("2023-08-11T12:00:00Z", "ECU", "F", "1990-01-01");
  Add("2023-08-12T12:00:00Z", "HTI", "F", "2012-01-01");
  Add("2023-08-13T12:00:00Z", "CHN", "M", "1990-01-01");

  Trends t = Compute(snm_analyst_, {.from = "2023-08", .to = "2023-08", .top = 2});
  ASSERT_EQ(t.top_nationalities.size(), 3u);
  EXPECT_EQ(t.top_nationalities[0].key, "VEN");
  EXPECT_DOUBLE_EQ(t.top_nationalities[0].share, 0.5);
  EXPECT_EQ(t.top_nationalities[1].key, "ECU");
  EXPECT_EQ(t.top_nationalities[2].key, "other");
  EXPECT_EQ(t.top_nationalities[2].encounters, 2);

  EXPECT_EQ(Compute(snm_analyst_, {.from = "2023-08", .to = "2023-08", .sex = "F"}).total, 4);
  EXPECT_EQ(Compute(snm_analyst_, {.from = "2023-08", .to = "2023-08", .age_group = "minor"}).total, 1);
  EXPECT_EQ(Compute(snm_analyst_, {.from = "2023-08", .to = "2023-08", .nationality = "ecu"}).total, 3);
  EXPECT_EQ(Compute(snm_analyst_,
                    {.from = "2023-08", .to = "2023-08", .station_id = "ERM-SAN-VICENTE"})
                .total,
            0);
}

TEST_F(Trends_, WeeksCompareWithFiftyTwoWeeksBefore) {
  Add("2023-08-16T12:00:00Z", "VEN", "M", "1990-01-01");  // week of Mon 2023-08-14
  Add("2023-08-17T12:00:00Z", "VEN", "M", "1990-01-01");
  Add("2022-08-17T12:00:00Z", "VEN", "M", "1990-01-01");  // week of Mon 2022-08-15 (364 days)
  Trends t = Compute(snm_analyst_,
                     {.granularity = Granularity::kWeek, .from = "2023-08-16", .to = "2023-08-27"});
  EXPECT_EQ(t.from, "2023-08-14");
  EXPECT_EQ(t.to, "2023-08-21");
  EXPECT_EQ(t.previous_from, "2022-08-15");
  ASSERT_EQ(t.series.size(), 2u);
  EXPECT_EQ(t.series[0].encounters, 2);
  EXPECT_EQ(t.series[0].previous, 1);
  EXPECT_DOUBLE_EQ(*t.series[0].change, 1.0);
}

TEST_F(Trends_, CountOnlyWhatTheCallerMaySee) {
  Add("2023-08-10T12:00:00Z", "VEN", "M", "1990-01-01", "ERM-LAJAS-BLANCAS", {"PAN", "USA"});
  Add("2023-08-10T12:00:00Z", "VEN", "M", "1990-01-01", "ERM-LAJAS-BLANCAS", {"PAN"});
  Add("2023-08-10T12:00:00Z", "VEN", "M", "1990-01-01", "ERM-LAJAS-BLANCAS", {});
  EXPECT_EQ(Compute(snm_analyst_, {.from = "2023-08", .to = "2023-08"}).total, 3);
  EXPECT_EQ(Compute(senafront_analyst_, {.from = "2023-08", .to = "2023-08"}).total, 2);
  EXPECT_EQ(Compute(dhs_analyst_, {.from = "2023-08", .to = "2023-08"}).total, 1);
  auto rows = store_->Read<std::vector<TrendRow>>([&](store::Connection& c) {
    return TrendRows(c, dhs_analyst_, {.from = "2023-08", .to = "2023-08"});
  });
  ASSERT_TRUE(rows);
  EXPECT_EQ(TrendRowsCsv(*rows),
            "period,station_id,nationality,sex,age_group,encounters,repeats\r\n"
            "2023-08,ERM-LAJAS-BLANCAS,VEN,M,adult,1,0\r\n");
}

// The trends page opens on the months that hold data: coverage is what the reader may see, and
// a range (or its comparison year) that reaches beyond it is flagged partial.
TEST_F(Trends_, CoverageIsWhatTheReaderMaySeeAndFlagsPartialRanges) {
  Add("2023-01-10T12:00:00Z", "VEN", "M", "1990-01-01", "ERM-LAJAS-BLANCAS", {"PAN"});
  Add("2023-06-10T12:00:00Z", "VEN", "M", "1990-01-01", "ERM-LAJAS-BLANCAS", {"PAN", "USA"});
  Add("2024-10-10T12:00:00Z", "VEN", "M", "1990-01-01", "ERM-LAJAS-BLANCAS", {"PAN"});
  const auto coverage = [&](const store::AccessScope& scope) {
    auto c = store_->Read<std::optional<TrendCoverage>>(
        [&](store::Connection& conn) { return ComputeCoverage(conn, scope); });
    EXPECT_TRUE(c) << c.error().ToString();
    return c.value_or(std::nullopt);
  };
  auto pan = coverage(snm_analyst_);
  ASSERT_TRUE(pan);
  EXPECT_EQ(pan->first, "2023-01");
  EXPECT_EQ(pan->last, "2024-10");
  auto usa = coverage(dhs_analyst_);  // only the June encounter is released to the U.S.
  ASSERT_TRUE(usa);
  EXPECT_EQ(usa->first, "2023-06");
  EXPECT_EQ(usa->last, "2023-06");

  // The latest 12 months with data: complete, but the year before starts before the data.
  Trends t = Compute(snm_analyst_, {.from = "2023-11", .to = "2024-10"});
  ASSERT_TRUE(t.coverage);
  EXPECT_EQ(t.coverage->last, "2024-10");
  EXPECT_FALSE(t.partial);
  EXPECT_TRUE(t.previous_partial);
  // Up to the clock's month, past the data: partial.
  EXPECT_TRUE(Compute(snm_analyst_, {.from = "2024-01", .to = "2024-12"}).partial);
  // Fully inside, the comparison year too.
  Trends inside = Compute(snm_analyst_, {.from = "2024-01", .to = "2024-06"});
  EXPECT_FALSE(inside.partial);
  EXPECT_FALSE(inside.previous_partial);
  // Weeks: the week of Monday 2024-10-28 ends in November, beyond the coverage.
  EXPECT_TRUE(Compute(snm_analyst_, {.granularity = Granularity::kWeek, .from = "2024-10-21",
                                     .to = "2024-10-28"})
                  .partial);
  EXPECT_FALSE(Compute(snm_analyst_, {.granularity = Granularity::kWeek, .from = "2024-10-14",
                                      .to = "2024-10-21"})
                   .partial);
  // Nothing visible: no coverage, everything partial.
  const store::AccessScope nobody = testing::Scope(core::NewId(), "COL", store::Role::kAnalyst, "x");
  EXPECT_FALSE(coverage(nobody));
  Trends none = Compute(nobody, {.from = "2024-01", .to = "2024-06"});
  EXPECT_FALSE(none.coverage);
  EXPECT_TRUE(none.partial);
  EXPECT_TRUE(none.previous_partial);
  // Readers only.
  auto admin = store_->Read<std::optional<TrendCoverage>>([&](store::Connection& conn) {
    return ComputeCoverage(conn, testing::Scope(snm_, "PAN", store::Role::kAdmin, "snm.admin"));
  });
  ASSERT_FALSE(admin);
  EXPECT_EQ(admin.error().code, core::ErrorCode::kPermissionDenied);
}

TEST_F(Trends_, RefusesBadRangesAndRoles) {
  struct Bad {
    TrendQuery q;
    const char* field;
  };
  const std::vector<Bad> bad = {
      {{.from = "2023-13", .to = "2023-12"}, "?from"},
      {{.from = "2023-01", .to = "2022-12"}, "?to"},
      {{.from = "2014-01", .to = "2024-12"}, "?to"},
      {{.granularity = Granularity::kWeek, .from = "2023-01", .to = "2023-02-01"}, "?from"},
      {{.from = "2023-01", .to = "2023-02", .sex = "W"}, "?sex"},
      {{.from = "2023-01", .to = "2023-02", .age_group = "old"}, "?age_group"},
      {{.from = "2023-01", .to = "2023-02", .nationality = "VENE"}, "?nationality"},
  };
  for (const Bad& b : bad) {
    auto t = store_->Read<Trends>(
        [&](store::Connection& c) { return ComputeTrends(c, snm_analyst_, b.q); });
    ASSERT_FALSE(t) << b.field;
    EXPECT_EQ(t.error().field, b.field) << t.error().ToString();
  }
  store::AccessScope admin = snm_analyst_;
  admin.roles = static_cast<std::uint8_t>(store::Role::kAdmin);
  auto t = store_->Read<Trends>([&](store::Connection& c) {
    return ComputeTrends(c, admin, {.from = "2023-01", .to = "2023-02"});
  });
  ASSERT_FALSE(t);
  EXPECT_EQ(t.error().code, core::ErrorCode::kPermissionDenied);
}

}  // namespace
}  // namespace istmo::migration

#include "migration/demo.h"

#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "migration/repatriation.h"
#include "migration/trends.h"
#include "migration_test_util.h"
#include "testing/temp_dir.h"

namespace istmo::migration {
namespace {

using testing::MigrationStore;

std::int64_t Sum(int year, unsigned first, unsigned last) {
  std::int64_t n = 0;
  for (const auto& t : DarienMonthlyTargets()) {
    if (t.year == year && t.month >= first && t.month <= last) n += t.encounters;
  }
  return n;
}

TEST(DemoCalibration, MatchesThePublishedFigures) {
  ASSERT_EQ(DarienMonthlyTargets().size(), 22u);
  EXPECT_EQ(Sum(2023, 1, 12), 520'085);
  const double change = static_cast<double>(Sum(2024, 1, 10)) / static_cast<double>(Sum(2023, 1, 10)) - 1;
  EXPECT_NEAR(change, -0.375, 0.00001);
  double shares = 0;
  for (const auto& s : DemoNationalityShares()) shares += s.share;
  EXPECT_NEAR(shares, 1.0, 1e-9);
  EXPECT_EQ(DemoNationalityShares().front().key, "VEN");
  EXPECT_GT(DemoNationalityShares().front().share, 0.6);
}

// Every single-month total published for 2023 and Jan–Oct 2024 (../shared/data/migration) is
// the demo's month as published.
TEST(DemoCalibration, UsesThePublishedMonthlyTotals) {
  std::ifstream in(istmo::testing::SharedData() / "migration" / "darien_monthly.csv");
  ASSERT_TRUE(in) << "missing ../shared/data/migration/darien_monthly.csv";
  std::string line;
  std::getline(in, line);  // month,total,source,status
  int checked = 0;
  while (std::getline(in, line)) {
    const int year = std::stoi(line.substr(0, 4));
    const unsigned month = static_cast<unsigned>(std::stoi(line.substr(5, 2)));
    const std::int64_t total = std::stoll(line.substr(8, line.find(',', 8) - 8));
    if (year != 2023 && !(year == 2024 && month <= 10)) continue;
    EXPECT_EQ(Sum(year, month, month), total) << line;
    ++checked;
  }
  EXPECT_EQ(checked, 14);  // Jan–Jun and Oct–Dec 2023; Jan–Apr and Aug 2024
}

// The whole demo: the trend queries see the published figures.
TEST_F(MigrationStore, DemoTrendsShowTheCalibratedYears) {
  DemoOptions options;
  std::int64_t last_progress = 0;
  options.progress = [&](std::int64_t done, std::int64_t) { last_progress = done; };
  auto made = GenerateDemoEncounters(*store_, store::AccessScope::System(), options, now_);
  ASSERT_TRUE(made) << made.error().ToString();
  EXPECT_EQ(last_progress, made->encounters);
  EXPECT_EQ(made->encounters, Sum(2023, 1, 12) + Sum(2024, 1, 10));
  // The detail window holds full rows: four weeks of mid-2024 traffic.
  EXPECT_EQ(made->encounter_rows, Count("SELECT COUNT(*) FROM migration_encounters"));
  EXPECT_GT(made->encounter_rows, 10'000);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM migration_encounters WHERE encountered_at < "
                  "'2024-07-20T05:00:00.000Z' OR encountered_at >= '2024-08-20T05:00:00.000Z'"),
            0);

  auto y2023 = store_->Read<Trends>([&](store::Connection& c) {
    return ComputeTrends(c, dhs_analyst_, {.from = "2023-01", .to = "2023-12"});
  });
  ASSERT_TRUE(y2023) << y2023.error().ToString();
  EXPECT_EQ(y2023->total, 520'085);
  ASSERT_FALSE(y2023->top_nationalities.empty());
  EXPECT_EQ(y2023->top_nationalities[0].key, "VEN");
  EXPECT_GT(y2023->top_nationalities[0].share, 0.6);
  EXPECT_GT(y2023->repeats, 0);

  auto y2024 = store_->Read<Trends>([&](store::Connection& c) {
    return ComputeTrends(c, dhs_analyst_, {.from = "2024-01", .to = "2024-10"});
  });
  ASSERT_TRUE(y2024);
  ASSERT_TRUE(y2024->change);
  EXPECT_NEAR(*y2024->change, -0.375, 0.00001);
  // Weeks count the same encounters: 2023's ISO weeks from Monday 2 January to Sunday 31 December.
  auto weeks = store_->Read<Trends>([&](store::Connection& c) {
    return ComputeTrends(c, dhs_analyst_,
                         {.granularity = Granularity::kWeek, .from = "2023-01-02", .to = "2023-12-25"});
  });
  ASSERT_TRUE(weeks) << weeks.error().ToString();
  EXPECT_EQ(weeks->series.size(), 52u);
  EXPECT_EQ(weeks->total, 520'085 - Count("SELECT COALESCE(SUM(encounters), 0) FROM "
                                          "migration_counts_week WHERE period = '2022-12-26'"));
  // Owner-only callers of another organization see none of it.
  auto hidden = store_->Read<Trends>([&](store::Connection& c) {
    store::AccessScope other = senafront_analyst_;
    other.country = "COL";
    return ComputeTrends(c, other, {.from = "2023-01", .to = "2023-12"});
  });
  EXPECT_EQ(hidden->total, 0);

  // A second run refuses: the demo is loaded once.
  auto again = GenerateDemoEncounters(*store_, store::AccessScope::System(), options, now_);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, core::ErrorCode::kConflict);

  auto flight = LoadDemoRepatriation(*store_, store::AccessScope::System(), now_);
  ASSERT_TRUE(flight) << flight.error().ToString();
  auto f = store_->Read<Flight>([&](store::Connection& c) {
    return GetFlight(c, dhs_analyst_, flight->flight_id);
  });
  ASSERT_TRUE(f) << f.error().ToString();
  EXPECT_EQ(f->flight_date, "2024-08-20");
  EXPECT_EQ(f->destination_country, "COL");
  EXPECT_EQ(f->status, "departed");
  EXPECT_EQ(f->manifested, 29);
  EXPECT_EQ(flight->cases, 29 + 8);  // and eight open cases of other nationalities
  EXPECT_EQ(Count("SELECT COUNT(*) FROM migration_cases WHERE status = 'open'"), 8);
  for (const auto& k : f->manifest) {
    EXPECT_EQ(k.nationality, "COL");
    EXPECT_EQ(k.status, "repatriated");
  }
}

}  // namespace
}  // namespace istmo::migration

// The canal demo (canal/demo.h) on a small world: transits and manifests imported so that every
// line finds its transit, the shipped rules score them, past inspections carry the results the
// hidden labels say, and a second load writes nothing.
#include "canal/demo.h"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <map>

#include <gtest/gtest.h>

#include "canal/inspections.h"
#include "canal/records.h"
#include "maritime/ingest.h"
#include "store/store.h"
#include "testing/temp_dir.h"

namespace istmo::canal {
namespace {

const core::Timestamp kNow = core::FromUnixSeconds(1724162580);  // 2024-08-20T14:03:00Z

std::string ShippedRules() {
  std::ifstream in(std::string(ISTMO_TEST_SOURCE_DIR) + "/data/canal/rules.json");
  EXPECT_TRUE(in) << "data/canal/rules.json";
  return {std::istreambuf_iterator<char>(in), {}};
}

std::int64_t Count(store::Store& s, const std::string& sql) {
  auto row =
      s.Read<std::optional<store::Row>>([&](store::Connection& c) { return c.QueryOne(sql); });
  EXPECT_TRUE(row && *row) << sql;
  return row && *row ? (*row)->Int(0) : -1;
}

class CanalDemo : public ::testing::Test {
 protected:
  void SetUp() override {
    // Scoring reads the carrying vessels from maritime's registry (canal/vessels.h).
    auto migrations = Migrations();
    for (auto& m : maritime::Migrations()) migrations.push_back(std::move(m));
    auto s = store::Store::Open({.url = (dir_.path() / "demo.db").string()}, migrations);
    ASSERT_TRUE(s) << s.error().ToString();
    store_ = std::move(s).value();
    ana_ = store::AccessScope::System();
    ana_.org_id = "ANA";
    ana_.org_name = "ANA";
    ana_.country = "PAN";
    options_ = {.seed = 5, .past_days = 21, .next_days = 3, .containers_per_transit = 12};
    options_.rules_json = ShippedRules();
  }

  istmo::testing::TempDir dir_;
  std::unique_ptr<store::Store> store_;
  store::AccessScope ana_;
  DemoOptions options_;
};

TEST_F(CanalDemo, ImportsTheWorldSoThatEveryLineFindsItsTransit) {
  auto load = LoadDemo(*store_, ana_, options_, kNow);
  ASSERT_TRUE(load) << load.error().ToString();
  ASSERT_TRUE(load->loaded);
  EXPECT_EQ(load->first_day, "2024-07-30");
  EXPECT_EQ(load->last_day, "2024-08-22");
  EXPECT_EQ(load->transits, static_cast<std::int64_t>(load->world.transits.size()));
  EXPECT_EQ(load->containers, static_cast<std::int64_t>(load->world.containers.size()));
  EXPECT_EQ(load->units, 10);
  EXPECT_GT(load->rules, 0);
  // A line belongs to a transit of its vessel imported at most 21 days before (docs/canal.md).
  EXPECT_EQ(Count(*store_,
                  "SELECT count(*) FROM canal_manifest_lines l WHERE NOT EXISTS (SELECT 1 FROM "
                  "canal_transits t WHERE t.vessel_imo = l.vessel_imo AND t.transit_date >= "
                  "substr(l.created_at, 1, 10) AND julianday(t.transit_date) - "
                  "julianday(substr(l.created_at, 1, 10)) <= 21)"),
            0);
  EXPECT_EQ(Count(*store_,
                  "SELECT count(*) FROM canal_manifest_lines WHERE created_at > "
                  "'2024-08-20T14:03:00.000Z'"),
            0);
}

TEST_F(CanalDemo, PastInspectionsCarryTheResultsOfTheHiddenLabels) {
  auto load = LoadDemo(*store_, ana_, options_, kNow);
  ASSERT_TRUE(load) << load.error().ToString();
  EXPECT_GT(load->queued, 0);
  EXPECT_GT(load->inspected, 0);
  EXPECT_LE(load->inspected, load->queued);
  std::map<std::string, const SyntheticContainer*> by_bill;
  for (const auto& c : load->world.containers) by_bill[c.line.bill_of_lading] = &c;
  auto done = store_->Read<std::vector<Inspection>>([&](store::Connection& c) {
    return ListInspections(c, ana_, {.status = "done", .limit = 1000});
  });
  ASSERT_TRUE(done) << done.error().ToString();
  ASSERT_EQ(static_cast<std::int64_t>(done->size()), load->inspected);
  std::int64_t positives = 0;
  for (const auto& i : *done) {
    const SyntheticContainer* c = by_bill.at(i.bill_of_lading);
    ASSERT_TRUE(i.result);
    EXPECT_EQ(i.result->result == "positive", c->label.positive) << i.bill_of_lading;
    EXPECT_LT(c->day, options_.past_days) << "only past transits are inspected";
    ASSERT_TRUE(i.unit);
    EXPECT_EQ(i.unit->terminal, c->terminal);
    if (c->label.positive) {
      ++positives;
      ASSERT_EQ(i.result->drugs.size(), 1u);
      EXPECT_EQ(i.result->drugs[0].type, c->label.drug);
      EXPECT_EQ(i.result->drugs[0].kg, c->label.kg);
    }
  }
  EXPECT_EQ(positives, load->found);
}

TEST_F(CanalDemo, ASecondLoadWritesNothing) {
  ASSERT_TRUE(LoadDemo(*store_, ana_, options_, kNow));
  const auto lines = Count(*store_, "SELECT count(*) FROM canal_manifest_lines");
  auto again = LoadDemo(*store_, ana_, options_, kNow);
  ASSERT_TRUE(again) << again.error().ToString();
  EXPECT_FALSE(again->loaded);
  EXPECT_EQ(Count(*store_, "SELECT count(*) FROM canal_manifest_lines"), lines);
}

TEST_F(CanalDemo, TakesTheIdentitiesOfVesselsSeenAtSea) {
  options_.at_sea_vessels = {{"9262974", "538473011", "OCEAN PIONEER"}};
  auto load = LoadDemo(*store_, ana_, options_, kNow);
  ASSERT_TRUE(load) << load.error().ToString();
  ASSERT_EQ(load->at_sea_vessels, 1);
  const auto named = std::find_if(load->world.vessels.begin(), load->world.vessels.end(),
                                  [](const SyntheticVessel& v) { return v.imo == "9262974"; });
  ASSERT_NE(named, load->world.vessels.end());
  EXPECT_TRUE(named->loads_at_sea);
  EXPECT_EQ(named->mmsi, "538473011");
  EXPECT_GT(Count(*store_,
                  "SELECT count(*) FROM canal_transits WHERE vessel_imo = '9262974' AND "
                  "mmsi = '538473011' AND vessel_name = 'OCEAN PIONEER'"),
            0);
}

}  // namespace
}  // namespace istmo::canal

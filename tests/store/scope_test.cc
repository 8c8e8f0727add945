#include "store/scope.h"

#include <gtest/gtest.h>

#include <set>
#include <tuple>

#include "core/id.h"
#include "store/store.h"
#include "testing/temp_dir.h"

namespace istmo::store {
namespace {

TEST(Releasability, NormalizesAndValidates) {
  std::string org = core::NewId();
  auto n = NormalizeReleasability({"usa", "PAN", "org:" + org, "PAN"});
  ASSERT_TRUE(n) << n.error().ToString();
  EXPECT_EQ(*n, (std::vector<std::string>{"PAN", "USA", "org:" + org}));
  EXPECT_EQ(EncodeReleasability(*n), ",PAN,USA,org:" + org + ",");
  EXPECT_EQ(DecodeReleasability(EncodeReleasability(*n)), *n);
  EXPECT_TRUE(DecodeReleasability(",").empty());

  auto bad = NormalizeReleasability({"PAN", "PANAMA"});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "/releasability/1");
  EXPECT_FALSE(NormalizeReleasability({"org:not-a-uuid"}));
  EXPECT_FALSE(NormalizeReleasability({"P%N"}));
}

TEST(Roles, ParseAndName) {
  EXPECT_EQ(*ParseRole("supervisor"), Role::kSupervisor);
  EXPECT_FALSE(ParseRole("root"));
  EXPECT_EQ(RoleName(Role::kAdmin), "admin");
}

// The filter, run by SQLite over records of several owners and releasabilities.
TEST(ReleasableTo, FiltersInSql) {
  testing::TempDir dir;
  auto s = std::move(Store::Open({.url = dir.File("a.db")},
                                 {{"test", 1, "records",
                                   "CREATE TABLE records (id TEXT PRIMARY KEY, owner_org TEXT NOT NULL,"
                                   " releasability TEXT NOT NULL)"}}))
               .value();
  std::string senan = core::NewId(), senafront = core::NewId(), dhs = core::NewId();
  struct R {
    std::string id, owner, rel;
  };
  std::vector<R> records = {
      {"own", senan, ","},                            // owner only
      {"pan", senafront, ",PAN,"},                    // every Panamanian organization
      {"usa", dhs, ",USA,"},                          // U.S. only
      {"all", dhs, ",ALL,"},                          // everyone
      {"org", dhs, ",org:" + senan + ","},            // SENAN by name
      {"other_org", dhs, ",org:" + senafront + ","},  // another Panamanian org by name
  };
  ASSERT_TRUE(s->Write([&](Connection& c) -> core::Status {
    for (const auto& r : records) {
      ISTMO_RETURN_IF_ERROR(c.Exec("INSERT INTO records VALUES (?, ?, ?)", {r.id, r.owner, r.rel}));
    }
    return core::Ok();
  }));
  auto visible = [&](const AccessScope& scope) {
    SqlFilter f = ReleasableTo(scope, "t");
    auto ids = s->Read<std::vector<std::string>>([&](Connection& c) -> core::Result<std::vector<std::string>> {
      ISTMO_ASSIGN_OR_RETURN(auto rows, c.Query("SELECT id FROM records t WHERE " + f.sql + " ORDER BY id", f.params));
      std::vector<std::string> out;
      for (const auto& r : rows) out.push_back(r.Text(0));
      return out;
    });
    return *ids;
  };
  AccessScope senan_officer{.user_id = "u", .username = "senan.officer", .org_id = senan,
                            .org_name = "SENAN", .country = "PAN",
                            .roles = static_cast<std::uint8_t>(Role::kOfficer)};
  EXPECT_EQ(visible(senan_officer), (std::vector<std::string>{"all", "org", "own", "pan"}));
  AccessScope dhs_analyst{.user_id = "d", .username = "dhs.analyst", .org_id = dhs,
                          .org_name = "DHS", .country = "USA",
                          .roles = static_cast<std::uint8_t>(Role::kAnalyst)};
  EXPECT_EQ(visible(dhs_analyst),
            (std::vector<std::string>{"all", "org", "other_org", "usa"}));
  EXPECT_EQ(visible(AccessScope::System()).size(), records.size());
}

// The two forms of the rule, SQL (run by SQLite over a real table) and in memory, agree on every
// owner × releasability × scope.
TEST(Releasability, SqlFilterAndInMemoryCheckAgree) {
  testing::TempDir dir;
  auto s = std::move(Store::Open({.url = dir.File("a.db")},
                                 {{"test", 1, "records",
                                   "CREATE TABLE records (id INTEGER PRIMARY KEY, owner_org TEXT "
                                   "NOT NULL, releasability TEXT NOT NULL)"}}))
               .value();
  const std::string senan = core::NewId(), senafront = core::NewId(), dhs = core::NewId(),
                    colombia = core::NewId();
  const std::vector<std::string> owners = {senan, senafront, dhs};
  const std::vector<std::string> releasabilities = {
      ",",                                           // owner only
      ",ALL,",                                       // everyone
      ",PAN,",                                       // every Panamanian organization
      ",USA,",                                       // every U.S. organization
      ",COL,",                                       // a country no scope below belongs to
      ",org:" + senan + ",",                         // one organization by name
      ",org:" + dhs + ",",                           //
      ",PAN,USA,",                                   // two countries
      ",COL,org:" + senafront + ",",                 // a country and an organization
      ",ALL,PAN,org:" + dhs + ",",                   // everything at once
      ",pan,",                                       // not normalized: matched exactly, so no one
      ",org:" + senan.substr(0, 8) + ",",            // a prefix of an id is not the id
  };
  const auto scope = [](std::string org, std::string country) {
    return AccessScope{.user_id = "u", .username = "someone", .org_id = std::move(org),
                       .country = std::move(country),
                       .roles = static_cast<std::uint8_t>(Role::kAnalyst)};
  };
  struct Named {
    std::string name;
    AccessScope scope;
  };
  const std::vector<Named> scopes = {
      {"system", AccessScope::System()},
      {"SENAN (same org as one owner)", scope(senan, "PAN")},
      {"SENAFRONT (same country, other org)", scope(senafront, "PAN")},
      {"DHS (other country)", scope(dhs, "USA")},
      {"Colombian org (owns nothing, named by no org: target)", scope(colombia, "COL")},
      {"no country", scope(core::NewId(), "")},
  };
  struct Record {
    std::int64_t id;
    std::string owner, releasability;
  };
  std::vector<Record> records;
  for (const auto& owner : owners) {
    for (const auto& r : releasabilities) {
      records.push_back({static_cast<std::int64_t>(records.size()) + 1, owner, r});
    }
  }
  ASSERT_TRUE(s->Write([&](Connection& c) -> core::Status {
    for (const auto& r : records) {
      ISTMO_RETURN_IF_ERROR(
          c.Exec("INSERT INTO records VALUES (?, ?, ?)", {r.id, r.owner, r.releasability}));
    }
    return core::Ok();
  }));
  for (const Named& n : scopes) {
    const SqlFilter f = ReleasableTo(n.scope, "t");
    auto rows = s->Read<std::vector<Row>>([&](Connection& c) {
      return c.Query("SELECT id FROM records t WHERE " + f.sql, f.params);
    });
    ASSERT_TRUE(rows) << rows.error().ToString();
    std::set<std::int64_t> by_sql;
    for (const Row& r : *rows) by_sql.insert(r.Int(0));
    std::size_t visible = 0;
    for (const Record& r : records) {
      const bool in_memory = IsReleasableTo(n.scope, r.owner, r.releasability);
      EXPECT_EQ(by_sql.contains(r.id), in_memory)
          << "scope " << n.name << ", owner " << r.owner << ", releasability " << r.releasability;
      visible += in_memory ? 1 : 0;
    }
    // The table separates: every scope but the system sees some records and not others.
    if (!n.scope.system) {
      EXPECT_GT(visible, 0u) << n.name;
      EXPECT_LT(visible, records.size()) << n.name;
    } else {
      EXPECT_EQ(visible, records.size());
    }
  }
  // Spot checks of the rule itself, so that agreeing on a wrong rule fails too.
  const AccessScope pan = scope(senafront, "PAN");
  EXPECT_TRUE(IsReleasableTo(pan, senan, ",PAN,"));
  EXPECT_TRUE(IsReleasableTo(pan, dhs, ",ALL,"));
  EXPECT_TRUE(IsReleasableTo(pan, senafront, ","));
  EXPECT_TRUE(IsReleasableTo(pan, dhs, ",COL,org:" + senafront + ","));
  EXPECT_FALSE(IsReleasableTo(pan, dhs, ",USA,"));
  EXPECT_FALSE(IsReleasableTo(pan, dhs, ",org:" + senan + ","));
  EXPECT_FALSE(IsReleasableTo(pan, dhs, ",pan,"));
  EXPECT_FALSE(IsReleasableTo(pan, senan, ","));
}

class SelectVisibleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    s_ = std::move(Store::Open({.url = dir_.File("a.db")},
                               {{"test", 1, "cases",
                                 "CREATE TABLE cases (id TEXT PRIMARY KEY, owner_org TEXT NOT NULL,"
                                 " releasability TEXT NOT NULL, status TEXT NOT NULL,"
                                 " nationality TEXT NOT NULL)"}}))
             .value();
    ASSERT_TRUE(s_->Write([&](Connection& c) -> core::Status {
      for (const auto& [id, owner, rel, status, nat] :
           std::vector<std::tuple<std::string, std::string, std::string, std::string,
                                  std::string>>{{"c1", "snm", ",", "open", "VEN"},
                                                {"c2", "snm", ",USA,", "open", "COL"},
                                                {"c3", "snm", ",USA,", "closed", "VEN"},
                                                {"c4", "dhs", ",", "open", "VEN"},
                                                {"c5", "snm", ",ALL,", "open", "VEN"}}) {
        ISTMO_RETURN_IF_ERROR(
            c.Exec("INSERT INTO cases VALUES (?, ?, ?, ?, ?)", {id, owner, rel, status, nat}));
      }
      return core::Ok();
    }));
  }
  std::vector<std::string> Ids(const AccessScope& scope, const VisibleSelect& select) {
    auto rows = s_->Read<std::vector<Row>>([&](Connection& c) { return SelectVisible(c, scope, select); });
    EXPECT_TRUE(rows) << rows.error().ToString();
    std::vector<std::string> out;
    for (const Row& r : rows.value_or(std::vector<Row>{})) out.push_back(r.Text(0));
    return out;
  }

  testing::TempDir dir_;
  std::unique_ptr<Store> s_;
  AccessScope dhs_{.user_id = "d", .username = "dhs.analyst", .org_id = "dhs", .country = "USA",
                   .roles = static_cast<std::uint8_t>(Role::kAnalyst)};
};

TEST_F(SelectVisibleTest, ReturnsOnlyWhatTheScopeMaySee) {
  const VisibleSelect all{.columns = "k.id", .table = "cases", .alias = "k", .order_by = "k.id"};
  EXPECT_EQ(Ids(dhs_, all), (std::vector<std::string>{"c2", "c3", "c4", "c5"}));
  EXPECT_EQ(Ids(AccessScope::System(), all).size(), 5u);
}

TEST_F(SelectVisibleTest, AndsConditionsWithTheirParametersBeforeTheFilters) {
  VisibleSelect open{.columns = "k.id, k.status", .table = "cases", .alias = "k",
                     .order_by = "k.id DESC"};
  open.Where("k.status = ?", {"open"}).Where("k.nationality = ? OR k.nationality = ?", {"VEN", "PER"});
  // The OR stays inside its condition: c2 (COL) and the hidden c1 stay out.
  EXPECT_EQ(Ids(dhs_, open), (std::vector<std::string>{"c5", "c4"}));
  open.limit = 1;
  EXPECT_EQ(Ids(dhs_, open), (std::vector<std::string>{"c5"}));
}

TEST_F(SelectVisibleTest, OneRowIsAbsentWhenHidden) {
  const auto one = [&](const std::string& id) {
    return *s_->Read<std::optional<Row>>([&](Connection& c) {
      return SelectVisibleOne(c, dhs_,
                              {.columns = "k.id", .table = "cases", .alias = "k",
                               .where = {"k.id = ?"}, .params = {id}});
    });
  };
  ASSERT_TRUE(one("c2").has_value());
  EXPECT_EQ(one("c2")->Text(0), "c2");
  EXPECT_FALSE(one("c1").has_value());  // hidden looks absent
  EXPECT_FALSE(one("c9").has_value());
}

}  // namespace
}  // namespace istmo::store

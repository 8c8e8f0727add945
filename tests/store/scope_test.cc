#include "store/scope.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace istmo::store

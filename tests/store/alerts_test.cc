#include "store/alerts.h"

#include <gtest/gtest.h>

#include "testing/temp_dir.h"

namespace istmo::store {
namespace {

TEST(Alerts, InsertListAcknowledgeWithReleasability) {
  testing::TempDir dir;
  auto s = std::move(Store::Open({.url = dir.File("a.db")})).value();
  core::FakeClock clock(core::FromUnixSeconds(1724162580));
  auto inserted = s->Write<Alert>([&](Connection& c) {
    return InsertAlert(c,
                       {.owner_org = "snm", .releasability = {"usa"}, .module = "biometrics",
                        .kind = "watchlist_hit", .severity = "critical", .title = "Watchlist hit"},
                       clock.Now());
  });
  ASSERT_TRUE(inserted) << inserted.error().ToString();
  EXPECT_EQ(inserted->status, "open");
  EXPECT_EQ(inserted->releasability, std::vector<std::string>{"USA"});

  AccessScope snm_officer{.username = "snm.officer", .org_id = "snm", .country = "PAN",
                          .roles = static_cast<std::uint8_t>(Role::kOfficer)};
  AccessScope dhs{.username = "dhs.analyst", .org_id = "dhs", .country = "USA",
                  .roles = static_cast<std::uint8_t>(Role::kSupervisor)};
  AccessScope senan{.username = "senan.officer", .org_id = "senan", .country = "PAN",
                    .roles = static_cast<std::uint8_t>(Role::kOfficer)};
  auto count = [&](const AccessScope& scope) {
    return s->Read<std::vector<Alert>>([&](Connection& c) { return ListAlerts(c, scope, {}); })->size();
  };
  EXPECT_EQ(count(snm_officer), 1u);
  EXPECT_EQ(count(dhs), 1u);
  EXPECT_EQ(count(senan), 0u);  // Panamanian, but not released to PAN nor owner

  auto hidden = s->Write<Alert>([&](Connection& c) { return AcknowledgeAlert(c, senan, inserted->id, clock.Now()); });
  EXPECT_EQ(hidden.error().code, core::ErrorCode::kNotFound);
  auto foreign = s->Write<Alert>([&](Connection& c) { return AcknowledgeAlert(c, dhs, inserted->id, clock.Now()); });
  EXPECT_EQ(foreign.error().code, core::ErrorCode::kPermissionDenied);
  auto acked = s->Write<Alert>([&](Connection& c) { return AcknowledgeAlert(c, snm_officer, inserted->id, clock.Now()); });
  ASSERT_TRUE(acked);
  EXPECT_EQ(acked->status, "acknowledged");
  EXPECT_EQ(acked->acknowledged_by, "snm.officer");
  auto twice = s->Write<Alert>([&](Connection& c) { return AcknowledgeAlert(c, snm_officer, inserted->id, clock.Now()); });
  EXPECT_EQ(twice.error().code, core::ErrorCode::kConflict);
}

TEST(Alerts, RejectsBadFields) {
  testing::TempDir dir;
  auto s = std::move(Store::Open({.url = dir.File("a.db")})).value();
  auto bad = s->Write<Alert>([&](Connection& c) {
    return InsertAlert(c, {.owner_org = "x", .module = "weather", .severity = "info", .title = "t"},
                       core::SystemClock::Get().Now());
  });
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "/module");
}

}  // namespace
}  // namespace istmo::store

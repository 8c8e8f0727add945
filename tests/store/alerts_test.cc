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

TEST(Alerts, AssignedAndCommentedOnlyByTheOwnersWorkers) {
  testing::TempDir dir;
  auto s = std::move(Store::Open({.url = dir.File("a.db")})).value();
  core::FakeClock clock(core::FromUnixSeconds(1724162580));
  auto alert = s->Write<Alert>([&](Connection& c) {
    return InsertAlert(c,
                       {.owner_org = "snm",
                        .releasability = {"USA"},
                        .module = "biometrics",
                        .kind = "watchlist_hit",
                        .severity = "critical",
                        .title = "Watchlist hit"},
                       clock.Now());
  });
  ASSERT_TRUE(alert) << alert.error().ToString();
  AccessScope snm_supervisor{.user_id = "u1",
                             .username = "snm.supervisor",
                             .org_id = "snm",
                             .country = "PAN",
                             .roles = static_cast<std::uint8_t>(Role::kSupervisor)};
  AccessScope snm_analyst{.user_id = "u2",
                          .username = "snm.analyst",
                          .org_id = "snm",
                          .country = "PAN",
                          .roles = static_cast<std::uint8_t>(Role::kAnalyst)};
  AccessScope dhs{.user_id = "u3",
                  .username = "dhs.supervisor",
                  .org_id = "dhs",
                  .country = "USA",
                  .roles = static_cast<std::uint8_t>(Role::kSupervisor)};
  AccessScope senan{.user_id = "u4",
                    .username = "senan.officer",
                    .org_id = "senan",
                    .country = "PAN",
                    .roles = static_cast<std::uint8_t>(Role::kOfficer)};
  const AlertAssignee officer{.user_id = "u5", .username = "snm.officer", .org_id = "snm"};
  const auto assign = [&](const AccessScope& who, const AlertAssignee& to) {
    return s->Write<Alert>(
        [&](Connection& c) { return AssignAlert(c, who, alert->id, to, clock.Now()); });
  };
  EXPECT_EQ(assign(senan, officer).error().code, core::ErrorCode::kNotFound);
  EXPECT_EQ(assign(dhs, officer).error().code, core::ErrorCode::kPermissionDenied);
  EXPECT_EQ(assign(snm_analyst, officer).error().code, core::ErrorCode::kPermissionDenied);
  auto foreign = assign(snm_supervisor, {.user_id = "u3", .username = "dhs", .org_id = "dhs"});
  ASSERT_FALSE(foreign);
  EXPECT_EQ(foreign.error().field, "/user_id");
  EXPECT_EQ(foreign.error().reason, "assignee_not_in_org");
  EXPECT_FALSE(assign(snm_supervisor,
                      {.user_id = "u5", .username = "x", .org_id = "snm", .disabled = true}));
  auto assigned = assign(snm_supervisor, officer);
  ASSERT_TRUE(assigned) << assigned.error().ToString();
  EXPECT_EQ(assigned->assigned_to, "u5");
  EXPECT_EQ(assigned->assigned_username, "snm.officer");
  EXPECT_EQ(assigned->assigned_by, "snm.supervisor");
  EXPECT_EQ(assigned->status, "open");
  // The partner it is released to sees the assignment.
  auto seen = s->Read<std::vector<Alert>>([&](Connection& c) { return ListAlerts(c, dhs, {}); });
  ASSERT_EQ(seen->size(), 1u);
  EXPECT_EQ((*seen)[0].assigned_username, "snm.officer");

  const auto comment = [&](const AccessScope& who, const std::string& body) {
    return s->Write<AlertComment>(
        [&](Connection& c) { return CommentOnAlert(c, who, alert->id, body, clock.Now()); });
  };
  EXPECT_EQ(comment(dhs, "seen").error().code, core::ErrorCode::kPermissionDenied);
  EXPECT_EQ(comment(snm_supervisor, "").error().field, "/body");
  ASSERT_TRUE(comment(snm_supervisor, "Person held at Lajas Blancas"));
  ASSERT_TRUE(comment(snm_supervisor, "Handed to the DIJ"));
  auto comments = s->Read<std::vector<AlertComment>>(
      [&](Connection& c) { return ListAlertComments(c, dhs, alert->id); });
  ASSERT_TRUE(comments) << comments.error().ToString();
  ASSERT_EQ(comments->size(), 2u);
  EXPECT_EQ((*comments)[0].body, "Person held at Lajas Blancas");
  EXPECT_EQ((*comments)[0].author, "snm.supervisor");
  EXPECT_EQ((*comments)[0].author_org, "snm");
  auto hidden = s->Read<std::vector<AlertComment>>(
      [&](Connection& c) { return ListAlertComments(c, senan, alert->id); });
  EXPECT_EQ(hidden.error().code, core::ErrorCode::kNotFound);
}

TEST(Alerts, RaiseFoldsTheSameKeyIntoTheOpenAlertUntilItCloses) {
  testing::TempDir dir;
  auto s = std::move(Store::Open({.url = dir.File("a.db")})).value();
  core::FakeClock clock(core::FromUnixSeconds(1724162580));
  auto raise = [&](std::string severity, std::string title) {
    return s->Write<Raised>([&](Connection& c) {
      return RaiseAlert(c,
                        {.owner_org = "senan", .module = "maritime", .kind = "gap",
                         .severity = std::move(severity), .title = std::move(title),
                         .dedupe_key = "gap:538001234", .subject = "mmsi:538001234"},
                        clock.Now());
    });
  };
  auto first = raise("critical", "first");
  ASSERT_TRUE(first) << first.error().ToString();
  EXPECT_EQ(first->outcome, RaiseOutcome::kCreated);
  clock.Advance(std::chrono::minutes(5));
  auto second = raise("warning", "second");
  ASSERT_TRUE(second);
  EXPECT_EQ(second->outcome, RaiseOutcome::kUpdated);
  EXPECT_EQ(second->alert.id, first->alert.id);
  EXPECT_EQ(second->alert.severity, "critical");  // never lowered by a later raise
  EXPECT_EQ(second->alert.title, "second");
  EXPECT_EQ(second->alert.occurrences, 2);
  EXPECT_EQ(second->alert.updated_at, clock.Now());

  AccessScope officer{.username = "senan.officer", .org_id = "senan", .country = "PAN",
                      .roles = static_cast<std::uint8_t>(Role::kOfficer)};
  auto escalated = s->Write<std::vector<Alert>>([&](Connection& c) {
    return EscalateAlerts(c, officer, {first->alert.id}, "case-1", clock.Now());
  });
  ASSERT_TRUE(escalated) << escalated.error().ToString();
  EXPECT_EQ(escalated->at(0).status, "closed");
  EXPECT_EQ(escalated->at(0).resolution, "escalated");
  auto again = s->Write<std::vector<Alert>>([&](Connection& c) {
    return EscalateAlerts(c, officer, {first->alert.id}, "case-2", clock.Now());
  });
  EXPECT_EQ(again.error().code, core::ErrorCode::kConflict);
  auto listed = s->Read<std::vector<Alert>>([&](Connection& c) { return ListAlerts(c, officer, {}); });
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ(listed->at(0).case_id, "case-1");
  EXPECT_EQ(listed->at(0).closed_by, "senan.officer");

  // Closed: the next raise of the key is a new alert.
  auto third = raise("info", "third");
  ASSERT_TRUE(third);
  EXPECT_EQ(third->outcome, RaiseOutcome::kCreated);
  EXPECT_NE(third->alert.id, first->alert.id);
}

TEST(Alerts, RaiseWritesNothingForASuppressedSubject) {
  testing::TempDir dir;
  auto s = std::move(Store::Open({.url = dir.File("a.db")})).value();
  core::FakeClock clock(core::FromUnixSeconds(1724162580));
  ASSERT_TRUE(s->Write<bool>([&](Connection& c) -> core::Result<bool> {
    ISTMO_RETURN_IF_ERROR(c.Exec(
        "INSERT INTO alert_suppressions (id, owner_org, module, subject, kind, reason, "
        "created_by, created_at, until) VALUES ('s1', 'senan', 'maritime', 'mmsi:538001234', "
        "'loitering', 'research vessel', 'x', '2024-08-20T00:00:00Z', NULL)",
        {}));
    return true;
  }));
  auto raise = [&](std::string kind) {
    return s->Write<Raised>([&](Connection& c) {
      return RaiseAlert(c,
                        {.owner_org = "senan", .module = "maritime", .kind = kind,
                         .severity = "warning", .title = kind, .dedupe_key = kind + ":538001234",
                         .subject = "mmsi:538001234"},
                        clock.Now());
    });
  };
  EXPECT_EQ(raise("loitering")->outcome, RaiseOutcome::kSuppressed);
  EXPECT_EQ(raise("gap")->outcome, RaiseOutcome::kCreated);  // the suppression names one kind
  auto all = s->Read<std::vector<Alert>>(
      [&](Connection& c) { return ListAlerts(c, AccessScope::System(), {}); });
  ASSERT_EQ(all->size(), 1u);
  EXPECT_EQ(all->at(0).kind, "gap");
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

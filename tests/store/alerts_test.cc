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

// A store with one alert of SENAN (released to USA) and the scopes that meet it.
class AlertTriage : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = std::move(Store::Open({.url = dir_.File("a.db")})).value();
    alert_ = Raise("gap", "critical", "mmsi:538001234");
  }
  Alert Raise(const std::string& kind, const std::string& severity, const std::string& subject) {
    auto r = store_->Write<Raised>([&](Connection& c) {
      return RaiseAlert(c,
                        {.owner_org = "senan",
                         .releasability = {"USA"},
                         .module = "maritime",
                         .kind = kind,
                         .severity = severity,
                         .title = kind,
                         .dedupe_key = kind + ":" + subject,
                         .subject = subject},
                        clock_.Now());
    });
    EXPECT_TRUE(r) << r.error().ToString();
    clock_.Advance(std::chrono::minutes(1));
    return r.value_or(Raised{}).alert;
  }
  template <class T, class F>
  core::Result<T> Write(F f) {
    return store_->Write<T>([&](Connection& c) { return f(c); });
  }
  std::vector<std::string> Ids(const AccessScope& scope, AlertQuery q) {
    auto listed =
        store_->Read<std::vector<Alert>>([&](Connection& c) { return ListAlerts(c, scope, q); });
    EXPECT_TRUE(listed) << listed.error().ToString();
    std::vector<std::string> ids;
    for (const Alert& a : listed.value_or(std::vector<Alert>{})) ids.push_back(a.id);
    return ids;
  }

  testing::TempDir dir_;
  std::unique_ptr<Store> store_;
  core::FakeClock clock_{core::FromUnixSeconds(1724162580)};
  Alert alert_;
  AccessScope officer_{.username = "senan.officer",
                       .org_id = "senan",
                       .country = "PAN",
                       .roles = static_cast<std::uint8_t>(Role::kOfficer)};
  AccessScope supervisor_{.username = "senan.supervisor",
                          .org_id = "senan",
                          .country = "PAN",
                          .roles = static_cast<std::uint8_t>(Role::kSupervisor)};
  AccessScope analyst_{.username = "senan.analyst",
                       .org_id = "senan",
                       .country = "PAN",
                       .roles = static_cast<std::uint8_t>(Role::kAnalyst)};
  AccessScope dhs_{.username = "dhs.supervisor",
                   .org_id = "dhs",
                   .country = "USA",
                   .roles = static_cast<std::uint8_t>(Role::kSupervisor)};
  AccessScope snm_{.username = "snm.supervisor",
                   .org_id = "snm",
                   .country = "PAN",
                   .roles = static_cast<std::uint8_t>(Role::kSupervisor)};
};

TEST_F(AlertTriage, DismissClosesWithTheReasonOnceByTheOwnersWorkers) {
  auto dismiss = [&](const AccessScope& who, const std::string& reason) {
    return Write<Alert>(
        [&](Connection& c) { return DismissAlert(c, who, alert_.id, reason, clock_.Now()); });
  };
  EXPECT_EQ(dismiss(snm_, "x").error().code, core::ErrorCode::kNotFound);  // not released to it
  EXPECT_EQ(dismiss(dhs_, "x").error().code, core::ErrorCode::kPermissionDenied);
  EXPECT_EQ(dismiss(analyst_, "x").error().code, core::ErrorCode::kPermissionDenied);
  auto empty = dismiss(officer_, "");
  EXPECT_EQ(empty.error().field, "/reason");
  EXPECT_EQ(empty.error().reason, "required");
  EXPECT_EQ(dismiss(officer_, std::string(501, 'x')).error().reason, "too_long");
  EXPECT_TRUE(dismiss(officer_, std::string(500, 'x')));

  Alert other = Raise("loitering", "warning", "mmsi:538005555");
  auto done = Write<Alert>([&](Connection& c) {
    return DismissAlert(c, officer_, other.id, "research vessel on survey", clock_.Now());
  });
  ASSERT_TRUE(done) << done.error().ToString();
  EXPECT_EQ(done->status, "closed");
  EXPECT_EQ(done->resolution, "dismissed");
  EXPECT_EQ(done->resolution_note, "research vessel on survey");
  EXPECT_EQ(done->closed_by, "senan.officer");
  EXPECT_EQ(done->closed_at, clock_.Now());
  auto again = Write<Alert>(
      [&](Connection& c) { return DismissAlert(c, officer_, other.id, "again", clock_.Now()); });
  EXPECT_EQ(again.error().code, core::ErrorCode::kConflict);
  EXPECT_EQ(again.error().reason, "not_open");
  // As stored: the partner it is released to reads the resolution.
  auto seen = store_->Read<Alert>([&](Connection& c) { return GetAlert(c, dhs_, other.id); });
  ASSERT_TRUE(seen) << seen.error().ToString();
  EXPECT_EQ(seen->resolution_note, "research vessel on survey");
  auto hidden = store_->Read<Alert>([&](Connection& c) { return GetAlert(c, snm_, other.id); });
  EXPECT_EQ(hidden.error().code, core::ErrorCode::kNotFound);
  EXPECT_EQ(hidden.error().reason, "not_found");
}

TEST_F(AlertTriage, SnoozedAlertsLeaveTheDefaultListUntilTheTimeOrTheLift) {
  Alert other = Raise("loitering", "warning", "mmsi:538005555");
  auto snooze = [&](const AccessScope& who, std::chrono::minutes m) {
    return Write<Alert>(
        [&](Connection& c) { return SnoozeAlert(c, who, alert_.id, m, clock_.Now()); });
  };
  EXPECT_EQ(snooze(dhs_, std::chrono::minutes(60)).error().code,
            core::ErrorCode::kPermissionDenied);
  EXPECT_EQ(snooze(officer_, std::chrono::minutes(0)).error().field, "/minutes");
  EXPECT_EQ(snooze(officer_, kMaxSnooze + std::chrono::minutes(1)).error().field, "/minutes");
  auto snoozed = snooze(officer_, std::chrono::minutes(60));
  ASSERT_TRUE(snoozed) << snoozed.error().ToString();
  EXPECT_EQ(snoozed->snoozed_until, clock_.Now() + std::chrono::minutes(60));

  const auto ids = [&](SnoozeFilter f) {
    return Ids(officer_, {.snoozed = f, .now = clock_.Now()});
  };
  EXPECT_EQ(ids(SnoozeFilter::kExclude), std::vector<std::string>{other.id});
  EXPECT_EQ(ids(SnoozeFilter::kOnly), std::vector<std::string>{alert_.id});
  EXPECT_EQ(ids(SnoozeFilter::kInclude), (std::vector<std::string>{other.id, alert_.id}));

  // A raise while snoozed folds in and stays snoozed; the list is by latest update.
  Alert folded = Raise("gap", "critical", "mmsi:538001234");
  EXPECT_EQ(folded.id, alert_.id);
  EXPECT_EQ(folded.snoozed_until, snoozed->snoozed_until);
  EXPECT_EQ(ids(SnoozeFilter::kInclude), (std::vector<std::string>{alert_.id, other.id}));

  clock_.Advance(std::chrono::minutes(60));
  EXPECT_EQ(ids(SnoozeFilter::kExclude), (std::vector<std::string>{alert_.id, other.id}));

  ASSERT_TRUE(snooze(officer_, std::chrono::minutes(30)));
  auto lifted = Write<Alert>([&](Connection& c) { return UnsnoozeAlert(c, officer_, alert_.id); });
  ASSERT_TRUE(lifted) << lifted.error().ToString();
  EXPECT_FALSE(lifted->snoozed_until.has_value());
  EXPECT_EQ(ids(SnoozeFilter::kOnly), std::vector<std::string>{});

  ASSERT_TRUE(Write<Alert>(
      [&](Connection& c) { return DismissAlert(c, officer_, alert_.id, "ok", clock_.Now()); }));
  EXPECT_EQ(snooze(officer_, std::chrono::minutes(5)).error().reason, "not_open");
}

TEST_F(AlertTriage, ListFiltersByKindSeveritySubjectAndStatus) {
  Alert loiter = Raise("loitering", "warning", "mmsi:538005555");
  Alert info = Raise("not_available", "info", "mmsi:538005555");
  EXPECT_EQ(Ids(officer_, {.kind = "loitering"}), std::vector<std::string>{loiter.id});
  EXPECT_EQ(Ids(officer_, {.severity = "critical"}), std::vector<std::string>{alert_.id});
  EXPECT_EQ(Ids(officer_, {.subject = "mmsi:538005555"}),
            (std::vector<std::string>{info.id, loiter.id}));
  EXPECT_EQ(Ids(officer_, {.status = "open", .kind = "gap"}), std::vector<std::string>{alert_.id});
  EXPECT_EQ(Ids(officer_, {.module = "canal"}), std::vector<std::string>{});
  EXPECT_EQ(Ids(snm_, {}), std::vector<std::string>{});  // nothing released to it
  EXPECT_EQ(Ids(officer_, {.limit = 1}), std::vector<std::string>{info.id});
}

TEST_F(AlertTriage, SuppressionsAreTheOrganizationsAndStopLaterRaisesOnly) {
  auto create = [&](const AccessScope& who, NewSuppression in) {
    return Write<AlertSuppression>(
        [&](Connection& c) { return CreateSuppression(c, who, in, clock_.Now()); });
  };
  const NewSuppression vessel{
      .module = "maritime", .subject = "mmsi:538001234", .reason = "SENAN patrol boat", .days = 30};
  EXPECT_EQ(create(officer_, vessel).error().code, core::ErrorCode::kPermissionDenied);
  EXPECT_EQ(create(analyst_, vessel).error().code, core::ErrorCode::kPermissionDenied);
  struct Bad {
    NewSuppression in;
    std::string field;
  };
  for (const Bad& bad : std::vector<Bad>{
           {{.module = "weather", .subject = "x", .reason = "r"}, "/module"},
           {{.module = "maritime", .subject = "", .reason = "r"}, "/subject"},
           {{.module = "maritime", .subject = std::string(201, 's'), .reason = "r"}, "/subject"},
           {{.module = "maritime", .subject = "x", .kind = "Gap!", .reason = "r"}, "/kind"},
           {{.module = "maritime", .subject = "x", .reason = ""}, "/reason"},
           {{.module = "maritime", .subject = "x", .reason = "r", .days = 0}, "/days"},
           {{.module = "maritime", .subject = "x", .reason = "r", .days = 366}, "/days"}}) {
    auto r = create(supervisor_, bad.in);
    ASSERT_FALSE(r) << bad.field;
    EXPECT_EQ(r.error().code, core::ErrorCode::kInvalidArgument) << bad.field;
    EXPECT_EQ(r.error().field, bad.field);
  }
  auto made = create(supervisor_, vessel);
  ASSERT_TRUE(made) << made.error().ToString();
  EXPECT_EQ(made->owner_org, "senan");
  EXPECT_EQ(made->created_by, "senan.supervisor");
  EXPECT_EQ(made->until, clock_.Now() + std::chrono::days(30));
  auto twice = create(supervisor_, vessel);
  EXPECT_EQ(twice.error().code, core::ErrorCode::kConflict);
  EXPECT_EQ(twice.error().reason, "duplicate");

  // The alert already open stays as it is; the next raise writes nothing.
  auto raised = store_->Write<Raised>([&](Connection& c) {
    return RaiseAlert(c,
                      {.owner_org = "senan",
                       .module = "maritime",
                       .kind = "gap",
                       .severity = "critical",
                       .title = "again",
                       .dedupe_key = "gap:mmsi:538001234",
                       .subject = "mmsi:538001234"},
                      clock_.Now());
  });
  ASSERT_TRUE(raised);
  EXPECT_EQ(raised->outcome, RaiseOutcome::kSuppressed);
  auto still = store_->Read<Alert>([&](Connection& c) { return GetAlert(c, officer_, alert_.id); });
  EXPECT_EQ(still->status, "open");
  EXPECT_EQ(still->occurrences, 1);

  const auto list = [&](const AccessScope& who, const std::string& module) {
    return store_
        ->Read<std::vector<AlertSuppression>>(
            [&](Connection& c) { return ListSuppressions(c, who, module, clock_.Now()); })
        .value_or(std::vector<AlertSuppression>{});
  };
  EXPECT_EQ(list(officer_, "").size(), 1u);  // every user of the organization reads them
  EXPECT_EQ(list(officer_, "maritime").size(), 1u);
  EXPECT_EQ(list(officer_, "canal").size(), 0u);
  EXPECT_EQ(list(dhs_, "").size(), 0u);  // never another organization's

  auto lift = [&](const AccessScope& who) {
    return Write<AlertSuppression>(
        [&](Connection& c) { return LiftSuppression(c, who, made->id); });
  };
  auto foreign = lift(dhs_);
  EXPECT_EQ(foreign.error().code, core::ErrorCode::kNotFound);
  EXPECT_EQ(foreign.error().reason, "not_found");
  EXPECT_EQ(lift(officer_).error().code, core::ErrorCode::kPermissionDenied);
  ASSERT_TRUE(lift(supervisor_));
  EXPECT_EQ(lift(supervisor_).error().code, core::ErrorCode::kNotFound);
  EXPECT_EQ(list(officer_, "").size(), 0u);
}

TEST_F(AlertTriage, ASuppressionForSomeDaysEndsByItself) {
  auto made = Write<AlertSuppression>([&](Connection& c) {
    return CreateSuppression(c, supervisor_,
                             {.module = "maritime",
                              .subject = "mmsi:538009999",
                              .kind = "gap",
                              .reason = "known outage",
                              .days = 1},
                             clock_.Now());
  });
  ASSERT_TRUE(made) << made.error().ToString();
  EXPECT_EQ(Raise("gap", "critical", "mmsi:538009999").id, "");  // suppressed: nothing stored
  EXPECT_FALSE(Raise("loitering", "warning", "mmsi:538009999").id.empty());  // another kind
  clock_.Advance(std::chrono::hours(24));
  EXPECT_FALSE(Raise("gap", "critical", "mmsi:538009999").id.empty());
}

TEST_F(AlertTriage, ALateRaiseNeverMovesUpdatedAtBack) {
  const core::Timestamp latest = alert_.updated_at;
  auto late = store_->Write<Raised>([&](Connection& c) {
    return RaiseAlert(c,
                      {.owner_org = "senan",
                       .module = "maritime",
                       .kind = "gap",
                       .severity = "warning",
                       .title = "late",
                       .dedupe_key = "gap:mmsi:538001234",
                       .subject = "mmsi:538001234"},
                      latest - std::chrono::hours(1));
  });
  ASSERT_TRUE(late) << late.error().ToString();
  EXPECT_EQ(late->outcome, RaiseOutcome::kUpdated);
  EXPECT_EQ(late->alert.updated_at, latest);
  EXPECT_EQ(late->alert.occurrences, 2);
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

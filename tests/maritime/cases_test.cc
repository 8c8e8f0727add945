// Interdiction cases on a real SQLite store (maritime/cases.h): numbering, escalation of alerts
// in the case's transaction, the status diagram, reassignment, the append-only timeline and the
// audit, outcomes and their validation, areas, crew through the directory seam, statistics and
// the map.
#include "maritime/cases.h"

#include <set>

#include <gtest/gtest.h>

#include "core/id.h"
#include "maritime/case_demo.h"
#include "maritime/ingest.h"
#include "store/alerts.h"
#include "store/audit.h"
#include "testing/temp_dir.h"

namespace istmo::maritime {
namespace {

using store::AccessScope;
using store::Role;

// 2026-03-10T15:00:00Z
const core::Timestamp kNow = core::FromUnixSeconds(1773154800);

// Organization ids are UUIDs (releasability names them as "org:<id>").
const std::string kSenan = core::NewId(), kSenafront = core::NewId(), kDhs = core::NewId();

AccessScope ScopeOf(const std::string& org_id, const std::string& org_name,
                    const std::string& username, Role role, const std::string& country = "PAN") {
  AccessScope s;
  s.user_id = core::NewId();
  s.username = username;
  s.org_id = org_id;
  s.org_name = org_name;
  s.country = country;
  s.roles = static_cast<std::uint8_t>(role);
  return s;
}

// Encounters e1 (SENAFRONT's, released to PAN) and e2 (SNM's, owner only); a few nationalities.
class FakeCrew final : public CrewDirectory {
 public:
  core::Result<std::map<std::string, CrewMember>> Describe(
      store::Connection&, const AccessScope& scope,
      std::span<const std::string> ids) const override {
    ++calls;
    std::map<std::string, CrewMember> out;
    for (const auto& id : ids) {
      if (id == "e1" && (scope.system || scope.country == "PAN")) {
        out[id] = {.encounter_id = id,
                   .name = "Ana Pérez",
                   .nationality = "COL",
                   .station = "ERM-LAJAS-BLANCAS",
                   .registered_at = kNow - std::chrono::hours(48)};
      }
      if (id == "e2" && (scope.system || hide_e2 == false)) {
        out[id] = {.encounter_id = id,
                   .name = "Luis Gómez",
                   .nationality = "ECU",
                   .station = "ERM-SAN-VICENTE",
                   .registered_at = kNow - std::chrono::hours(1)};
      }
    }
    return out;
  }
  core::Result<std::string> NormalizeNationality(std::string_view code,
                                                 const std::string& field) const override {
    std::string up(code);
    for (char& ch : up) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    for (const char* known : {"COL", "VEN", "PAN", "ECU", "USA", "CRI"}) {
      if (up == known) return up;
    }
    return core::WithReason(core::InvalidArgument("not an ISO 3166 alpha-3 code", field),
                            "unknown_country");
  }
  mutable int calls = 0;
  bool hide_e2 = true;
};

class Cases : public ::testing::Test {
 protected:
  void SetUp() override {
    std::vector<store::Migration> all = Migrations();
    for (auto& m : CaseMigrations()) all.push_back(m);
    auto opened = store::Store::Open({.url = dir_.File("cases.db")}, all);
    ASSERT_TRUE(opened) << opened.error().ToString();
    store_ = std::move(*opened);
  }

  core::Result<Case> Open(const AccessScope& scope, NewCase in, core::Timestamp now = kNow) {
    return store_->Write<Case>([&](store::Connection& tx) { return OpenCase(tx, scope, in, now); });
  }
  core::Result<Case> Get(const AccessScope& scope, const std::string& id) {
    return store_->Read<Case>([&](store::Connection& c) { return GetCase(c, scope, id, &crew_); });
  }
  core::Status Patch(const AccessScope& scope, const std::string& id, const CasePatch& p) {
    return store_->Write([&](store::Connection& tx) { return UpdateCase(tx, scope, id, p, kNow); });
  }
  core::Status Outcome(const AccessScope& scope, const std::string& id, CaseOutcome o) {
    return store_->Write(
        [&](store::Connection& tx) { return SetCaseOutcome(tx, scope, id, o, crew_, kNow); });
  }
  std::string RaiseAlert(const std::string& owner) {
    auto a = store_->Write<store::Alert>([&](store::Connection& tx) {
      return store::InsertAlert(tx,
                                {.owner_org = owner,
                                 .module = "maritime",
                                 .kind = "gap",
                                 .severity = "warning",
                                 .title = "AIS gap",
                                 .detail = "{}"},
                                kNow);
    });
    EXPECT_TRUE(a) << a.error().ToString();
    return a ? a->id : "";
  }
  std::int64_t Count(const std::string& sql, const store::Params& params = {}) {
    auto row = store_->Read<std::optional<store::Row>>(
        [&](store::Connection& c) { return c.QueryOne(sql, params); });
    return row && *row ? (*row)->Int(0) : -1;
  }

  istmo::testing::TempDir dir_;
  std::unique_ptr<store::Store> store_;
  FakeCrew crew_;
  const AccessScope senan_officer_ = ScopeOf(kSenan, "SENAN", "senan.officer", Role::kOfficer);
  const AccessScope senan_supervisor_ =
      ScopeOf(kSenan, "SENAN", "senan.supervisor", Role::kSupervisor);
  const AccessScope senan_analyst_ = ScopeOf(kSenan, "SENAN", "senan.analyst", Role::kAnalyst);
  const AccessScope senafront_officer_ =
      ScopeOf(kSenafront, "SENAFRONT", "senafront.officer", Role::kOfficer);
  const AccessScope dhs_officer_ = ScopeOf(kDhs, "DHS", "dhs.officer", Role::kOfficer, "USA");
};

TEST_F(Cases, NumbersRunPerOrganizationAndPanamaCivilYear) {
  auto a = Open(senan_officer_, {.title = "Go-fast off Jaqué"});
  auto b = Open(senan_officer_, {.title = "Rendezvous south of Coiba"});
  auto c = Open(senafront_officer_, {.title = "Landing at Puerto Obaldía"});
  ASSERT_TRUE(a && b && c);
  EXPECT_EQ(a->number, "SENAN-2026-0001");
  EXPECT_EQ(b->number, "SENAN-2026-0002");
  EXPECT_EQ(c->number, "SENAFRONT-2026-0001");
  // 2027-01-01T03:00Z is still 31 December 2026 in Panama (UTC−05:00).
  auto d = Open(senan_officer_, {.title = "New Year's Eve"}, core::FromUnixSeconds(1798772400));
  auto e = Open(senan_officer_, {.title = "New Year"}, core::FromUnixSeconds(1798783200));
  ASSERT_TRUE(d && e);
  EXPECT_EQ(d->number, "SENAN-2026-0003");
  EXPECT_EQ(e->number, "SENAN-2027-0001");
  EXPECT_EQ(a->status, CaseStatus::kOpen);
  EXPECT_EQ(a->owner_org, kSenan);
  EXPECT_EQ(a->opened_by, "senan.officer");
  ASSERT_EQ(a->timeline.size(), 1u);
  EXPECT_EQ(a->timeline[0].action, "open");
}

TEST_F(Cases, AnalystsDoNotOpenCasesAndTheTitleIsRequired) {
  auto a = Open(senan_analyst_, {.title = "x"});
  ASSERT_FALSE(a);
  EXPECT_EQ(a.error().code, core::ErrorCode::kPermissionDenied);
  auto b = Open(senan_officer_, {.title = ""});
  ASSERT_FALSE(b);
  EXPECT_EQ(b.error().field, "/title");
  auto c = Open(senan_officer_, {.title = "x", .mmsis = {0}});
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().field, "/mmsis/0");
}

TEST_F(Cases, OpeningFromAlertsEscalatesEachInTheSameTransaction) {
  const std::string a1 = RaiseAlert(kSenan), a2 = RaiseAlert(kSenan);
  auto k = Open(senan_officer_, {.title = "Dark gap then go-fast",
                                 .alert_ids = {a1, a2, a1},
                                 .mmsis = {538001234, 538001234, 735000001}});
  ASSERT_TRUE(k) << k.error().ToString();
  EXPECT_EQ(std::set<std::string>(k->alert_ids.begin(), k->alert_ids.end()),
            (std::set<std::string>{a1, a2}));
  EXPECT_EQ(k->mmsis, (std::vector<std::uint32_t>{538001234, 735000001}));
  auto alerts = store_->Read<std::vector<store::Alert>>(
      [&](store::Connection& c) { return store::ListAlerts(c, AccessScope::System(), {}); });
  ASSERT_TRUE(alerts);
  for (const auto& a : *alerts) {
    EXPECT_EQ(a.status, "closed");
    EXPECT_EQ(a.resolution, "escalated");
    EXPECT_EQ(a.case_id, k->id);
    EXPECT_EQ(a.closed_by, "senan.officer");
  }
  // One alert already closed: nothing of the second case is written, the open alert stays open.
  const std::string a3 = RaiseAlert(kSenan);
  auto again = Open(senan_officer_, {.title = "Again", .alert_ids = {a3, a1}});
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, core::ErrorCode::kConflict);
  EXPECT_EQ(again.error().field, "/alert_ids/1");
  EXPECT_EQ(again.error().reason, "not_open");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM maritime_cases"), 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM alerts WHERE id = ? AND status = 'open'", {a3}), 1);
  EXPECT_EQ(Count("SELECT last FROM maritime_case_numbers WHERE org_id = ?", {kSenan}), 1);
}

TEST_F(Cases, AnAlertTheCallerCannotSeeOrWorkIsRefused) {
  const std::string hidden = RaiseAlert(kDhs);
  auto k = Open(senan_officer_, {.title = "x", .alert_ids = {hidden}});
  ASSERT_FALSE(k);
  EXPECT_EQ(k.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(k.error().field, "/alert_ids/0");
  EXPECT_EQ(k.error().reason, "unknown_alert");
  // Analysts may not work alerts, so they cannot escalate them either.
  const std::string own = RaiseAlert(kSenan);
  auto by_other_org = Open(senafront_officer_, {.title = "x", .alert_ids = {own}});
  ASSERT_FALSE(by_other_org);
  EXPECT_EQ(by_other_org.error().field, "/alert_ids/0");
}

TEST_F(Cases, StatusMovesFollowTheDiagram) {
  using S = CaseStatus;
  const std::set<std::pair<S, S>> allowed = {
      {S::kOpen, S::kUnderway}, {S::kOpen, S::kClosed},     {S::kUnderway, S::kInterdicted},
      {S::kUnderway, S::kOpen}, {S::kUnderway, S::kClosed}, {S::kInterdicted, S::kClosed},
      {S::kClosed, S::kOpen}};
  for (S from : {S::kOpen, S::kUnderway, S::kInterdicted, S::kClosed}) {
    for (S to : {S::kOpen, S::kUnderway, S::kInterdicted, S::kClosed}) {
      EXPECT_EQ(CaseMoveAllowed(from, to), allowed.count({from, to}) == 1)
          << CaseStatusName(from) << " -> " << CaseStatusName(to);
    }
  }
  auto k = Open(senan_officer_, {.title = "x"});
  ASSERT_TRUE(k);
  auto skip = Patch(senan_officer_, k->id, {.status = S::kInterdicted});
  ASSERT_FALSE(skip);
  EXPECT_EQ(skip.error().field, "/status");
  EXPECT_EQ(skip.error().reason, "invalid_transition");
  ASSERT_TRUE(Patch(senan_officer_, k->id, {.status = S::kUnderway}));
  ASSERT_TRUE(Patch(senan_officer_, k->id, {.status = S::kInterdicted}));
  ASSERT_TRUE(Patch(senan_officer_, k->id, {.status = S::kClosed}));
  // Closed: notes only, and only a supervisor reopens.
  auto pos = store_->Write([&](store::Connection& tx) {
    return AddCasePosition(tx, senan_officer_, k->id, {.t = kNow, .lat = 7.5, .lon = -78.2}, kNow);
  });
  ASSERT_FALSE(pos);
  EXPECT_EQ(pos.error().reason, "case_closed");
  EXPECT_TRUE(store_->Write([&](store::Connection& tx) {
    return AddCaseNote(tx, senan_officer_, k->id, "Evidence handed to the prosecutor", kNow);
  }));
  auto reopen = Patch(senan_officer_, k->id, {.status = S::kOpen});
  ASSERT_FALSE(reopen);
  EXPECT_EQ(reopen.error().code, core::ErrorCode::kPermissionDenied);
  EXPECT_TRUE(Patch(senan_supervisor_, k->id, {.status = S::kOpen}));
  auto none = Patch(senan_officer_, k->id, {.title = k->title});
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().reason, "no_change");
  auto got = Get(senan_officer_, k->id);
  ASSERT_TRUE(got);
  std::vector<std::string> notes;
  for (const auto& e : got->timeline) notes.push_back(e.action + ":" + e.note);
  EXPECT_EQ(notes, (std::vector<std::string>{
                       "open:x", "status:open → underway", "status:underway → interdicted",
                       "status:interdicted → closed", "note:Evidence handed to the prosecutor",
                       "status:closed → open"}));
  EXPECT_EQ(got->timeline.back().user, "senan.supervisor");
}

TEST_F(Cases, ReassignmentHandsTheCaseOverAndTheFormerOwnerKeepsReading) {
  auto k = Open(senan_officer_, {.title = "Go-fast to Guna Yala"});
  ASSERT_TRUE(k);
  EXPECT_FALSE(Get(senafront_officer_, k->id));  // owner only
  auto by_officer = Patch(senan_officer_, k->id, {.owner = CaseOrg{kSenafront, "SENAFRONT"}});
  ASSERT_FALSE(by_officer);
  EXPECT_EQ(by_officer.error().code, core::ErrorCode::kPermissionDenied);
  ASSERT_TRUE(Patch(senan_supervisor_, k->id, {.owner = CaseOrg{kSenafront, "SENAFRONT"}}));
  auto now_theirs = Get(senafront_officer_, k->id);
  ASSERT_TRUE(now_theirs);
  EXPECT_EQ(now_theirs->owner_org, kSenafront);
  EXPECT_EQ(now_theirs->owner_org_name, "SENAFRONT");
  EXPECT_EQ(now_theirs->number, "SENAN-2026-0001");  // a number never changes
  EXPECT_EQ(now_theirs->releasability, (std::vector<std::string>{"org:" + kSenan}));
  EXPECT_TRUE(Patch(senafront_officer_, k->id, {.status = CaseStatus::kUnderway}));
  // SENAN reads it still, but works on it no more; DHS never saw it.
  EXPECT_TRUE(Get(senan_officer_, k->id));
  auto old_owner = Patch(senan_supervisor_, k->id, {.title = "mine again"});
  ASSERT_FALSE(old_owner);
  EXPECT_EQ(old_owner.error().code, core::ErrorCode::kPermissionDenied);
  auto hidden = Get(dhs_officer_, k->id);
  ASSERT_FALSE(hidden);
  EXPECT_EQ(hidden.error().code, core::ErrorCode::kNotFound);
  EXPECT_EQ(now_theirs->timeline.back().action, "reassign");
  EXPECT_EQ(now_theirs->timeline.back().note, "SENAN → SENAFRONT");
}

TEST_F(Cases, OpeningForAnotherOrganizationNeedsASupervisorAndKeepsTheOpenerReading) {
  auto by_officer = Open(senan_officer_, {.title = "x", .owner = {kSenafront, "SENAFRONT"}});
  ASSERT_FALSE(by_officer);
  EXPECT_EQ(by_officer.error().code, core::ErrorCode::kPermissionDenied);
  auto k =
      Open(senan_supervisor_, {.title = "Landing in Darién", .owner = {kSenafront, "SENAFRONT"}});
  ASSERT_TRUE(k) << k.error().ToString();
  EXPECT_EQ(k->number, "SENAFRONT-2026-0001");  // the owner's register
  EXPECT_EQ(k->owner_org, kSenafront);
  EXPECT_TRUE(Get(senafront_officer_, k->id));
  EXPECT_TRUE(Get(senan_officer_, k->id));
}

TEST_F(Cases, TheTimelineIsAppendOnlyAndEveryChangeIsAudited) {
  auto k = Open(senan_officer_, {.title = "x"});
  ASSERT_TRUE(k);
  ASSERT_TRUE(Patch(senan_officer_, k->id, {.summary = "Radar contact at 02:10"}));
  EXPECT_FALSE(store_->Write([&](store::Connection& tx) -> core::Status {
    ISTMO_RETURN_IF_ERROR(tx.Exec("UPDATE maritime_case_timeline SET note = 'edited'"));
    return core::Ok();
  }));
  EXPECT_FALSE(store_->Write([&](store::Connection& tx) -> core::Status {
    ISTMO_RETURN_IF_ERROR(tx.Exec("DELETE FROM maritime_case_timeline"));
    return core::Ok();
  }));
  auto audit = store_->Read<std::vector<store::AuditRecord>>(
      [&](store::Connection& c) { return store::ListAudit(c, AccessScope::System(), 100); });
  ASSERT_TRUE(audit);
  std::vector<std::string> actions;
  for (const auto& r : *audit) {
    if (r.entry.object_id == k->id) actions.push_back(r.entry.action + " by " + r.entry.actor);
  }
  EXPECT_EQ(actions, (std::vector<std::string>{"maritime.case.edit by senan.officer",
                                               "maritime.case.open by senan.officer"}));
  EXPECT_EQ(Count("SELECT COUNT(*) FROM outbox WHERE type LIKE 'maritime.case.%'"), 2);
}

TEST_F(Cases, AnOutcomeIsStoredWithItsArea) {
  auto k = Open(senan_officer_, {.title = "x"});
  ASSERT_TRUE(k);
  ASSERT_TRUE(Outcome(senan_officer_, k->id,
                      {.boarded = true,
                       .seized = true,
                       .at = kNow - std::chrono::hours(3),
                       .lat = 7.3,
                       .lon = -78.3,
                       .drugs = {{"cocaine", 1250.5}, {"marijuana", 300}},
                       .arrests = {{"col", 3}, {"ECU", 1}},
                       .other_contraband = {{"rifles", 4.0}, {"satellite phone", std::nullopt}}}));
  auto got = Get(senan_analyst_, k->id);
  ASSERT_TRUE(got);
  ASSERT_TRUE(got->outcome);
  EXPECT_EQ(got->outcome->area, "darien_pacific");
  EXPECT_DOUBLE_EQ(got->outcome->TotalKg(), 1550.5);
  ASSERT_EQ(got->outcome->arrests.size(), 2u);
  EXPECT_EQ(got->outcome->arrests[0].nationality, "COL");
  EXPECT_FALSE(got->outcome->other_contraband[1].quantity);
  EXPECT_EQ(got->timeline.back().action, "outcome");
  EXPECT_EQ(got->timeline.back().note, "boarded, seized, 1550.500 kg, darien_pacific");
}

TEST_F(Cases, BadOutcomesNameTheField) {
  auto k = Open(senan_officer_, {.title = "x"});
  ASSERT_TRUE(k);
  struct Bad {
    CaseOutcome outcome;
    std::string field, reason;
  };
  const std::vector<Bad> bad = {
      {{.seized = true, .drugs = {{"cocain", 10}}}, "/drugs/0/type", "invalid_value"},
      {{.seized = true, .drugs = {{"cocaine", -5}}}, "/drugs/0/kg", "invalid_value"},
      {{.seized = true, .drugs = {{"cocaine", 0}}}, "/drugs/0/kg", "invalid_value"},
      {{.seized = true, .drugs = {{"heroin", 1}, {"heroin", 2}}}, "/drugs/1/type", "duplicate"},
      {{.arrests = {{"XXX", 2}}}, "/arrests/0/nationality", "unknown_country"},
      {{.arrests = {{"COL", 0}}}, "/arrests/0/count", "invalid_value"},
      {{.arrests = {{"COL", 1}, {"col", 1}}}, "/arrests/1/nationality", "duplicate"},
      {{.lat = 8.0}, "/lon", "required"},
      {{.lat = 95.0, .lon = -79.0}, "/lat", "invalid_value"},
      {{.at = kNow + std::chrono::hours(1)}, "/at", "invalid_value"},
      {{.drugs = {{"cocaine", 10}}}, "/seized", "invalid_value"},
      {{.seized = true, .other_contraband = {{"", 1.0}}},
       "/other_contraband/0/description",
       "required"},
      {{.seized = true, .other_contraband = {{"cash", -1.0}}},
       "/other_contraband/0/quantity",
       "invalid_value"},
  };
  for (const Bad& b : bad) {
    auto set = Outcome(senan_officer_, k->id, b.outcome);
    ASSERT_FALSE(set) << b.field;
    EXPECT_EQ(set.error().code, core::ErrorCode::kInvalidArgument) << b.field;
    EXPECT_EQ(set.error().field, b.field);
    EXPECT_EQ(set.error().reason, b.reason) << b.field;
  }
  EXPECT_EQ(Count("SELECT COUNT(*) FROM maritime_cases WHERE outcome IS NOT NULL"), 0);
}

TEST_F(Cases, AreasNameTheSectorsOfPanamasWaters) {
  struct Point {
    double lat, lon;
    std::string area;
  };
  for (const Point& p : std::vector<Point>{
           {9.60, -82.00, "bocas_del_toro"},  // off Bocas del Toro
           {9.60, -79.90, "colon"},           // off Colón
           {9.30, -81.00, "colon"},           // off Veraguas' Caribbean coast
           {9.80, -78.60, "guna_yala"},       // off the San Blas islands
           {9.10, -77.70, "guna_yala"},       // off Puerto Obaldía
           {7.70, -82.30, "chiriqui"},        // Gulf of Chiriquí
           {7.00, -80.50, "azuero"},          // south of the Azuero peninsula
           {8.50, -79.20, "gulf_of_panama"},  // between Panama City and the Pearl Islands
           {7.30, -78.30, "darien_pacific"},  // off Jaqué
           {7.20, -79.50, "darien_pacific"},  // south of the gulf's mouth
           {3.00, -80.00, "pacific_outside_eez"},
           {15.00, -78.00, "caribbean_outside_eez"},
       }) {
    EXPECT_EQ(CaseArea(p.lat, p.lon), p.area) << p.lat << ", " << p.lon;
  }
  for (const std::string& a : CaseAreas()) EXPECT_FALSE(a.empty());
}

TEST_F(Cases, CrewAreMigrationEncountersAsTheReaderMaySeeThem) {
  auto k = Open(senan_officer_, {.title = "x", .releasability = {"USA"}});
  ASSERT_TRUE(k);
  auto add = [&](const AccessScope& scope, const std::string& e) {
    return store_->Write(
        [&](store::Connection& tx) { return AddCaseCrew(tx, scope, k->id, e, crew_, kNow); });
  };
  ASSERT_TRUE(add(senan_officer_, "e1"));
  auto unknown = add(senan_officer_, "e2");  // SNM's, not released to SENAN
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().field, "/encounter_id");
  EXPECT_EQ(unknown.error().reason, "unknown_encounter");
  auto twice = add(senan_officer_, "e1");
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().code, core::ErrorCode::kConflict);
  auto mine = Get(senan_officer_, k->id);
  ASSERT_TRUE(mine);
  ASSERT_EQ(mine->crew.size(), 1u);
  ASSERT_TRUE(mine->crew[0].member);
  EXPECT_EQ(mine->crew[0].member->name, "Ana Pérez");
  // A partner the case is released to, who may not see the encounter: the link, no details.
  auto theirs = Get(dhs_officer_, k->id);
  ASSERT_TRUE(theirs);
  ASSERT_EQ(theirs->crew.size(), 1u);
  EXPECT_FALSE(theirs->crew[0].member);
  const auto j = CaseJson(*theirs, true);
  EXPECT_EQ(j["crew"][0], (nlohmann::json{{"encounter_id", "e1"}, {"visible", false}}));
  ASSERT_TRUE(store_->Write([&](store::Connection& tx) {
    return RemoveCaseCrew(tx, senan_officer_, k->id, "e1", kNow);
  }));
  auto gone = store_->Write(
      [&](store::Connection& tx) { return RemoveCaseCrew(tx, senan_officer_, k->id, "e1", kNow); });
  ASSERT_FALSE(gone);
  EXPECT_EQ(gone.error().code, core::ErrorCode::kNotFound);
}

TEST_F(Cases, StatisticsAndTheMapCountOnlyWhatTheReaderMaySee) {
  auto a = Open(senan_officer_, {.title = "a", .releasability = {"USA"}});
  auto b = Open(senan_officer_, {.title = "b"});
  auto c = Open(senan_officer_, {.title = "c", .releasability = {"USA"}});
  ASSERT_TRUE(a && b && c);
  // a: February (Panama time: 1 March 03:00Z is 28 February), Darién; b: March, Colón; c: none.
  ASSERT_TRUE(Outcome(senan_officer_, a->id,
                      {.boarded = true,
                       .seized = true,
                       .at = core::FromUnixSeconds(1772334000),
                       .lat = 7.3,
                       .lon = -78.3,
                       .drugs = {{"cocaine", 1000}},
                       .arrests = {{"COL", 2}, {"VEN", 3}}}));
  ASSERT_TRUE(Outcome(senan_officer_, b->id,
                      {.boarded = true,
                       .seized = true,
                       .at = kNow - std::chrono::hours(1),
                       .lat = 9.6,
                       .lon = -79.9,
                       .drugs = {{"cocaine", 500}, {"marijuana", 200}},
                       .arrests = {{"COL", 2}}}));
  auto stats = [&](const AccessScope& scope) {
    return store_->Read<CaseStats>([&](store::Connection& tx) {
      return ComputeCaseStats(tx, scope, kNow - std::chrono::hours(24 * 60),
                              kNow + std::chrono::hours(1));
    });
  };
  auto senan = stats(senan_analyst_);
  ASSERT_TRUE(senan);
  ASSERT_EQ(senan->months.size(), 2u);
  EXPECT_EQ(senan->months[0].month, "2026-02");
  EXPECT_EQ(senan->months[0].cases, 1);
  EXPECT_EQ(senan->months[1].month, "2026-03");
  EXPECT_EQ(senan->months[1].cases, 2);  // b and c (opened in March, no outcome time)
  EXPECT_EQ(senan->months[1].interdictions, 1);
  EXPECT_DOUBLE_EQ(senan->months[1].kg.at("marijuana"), 200);
  ASSERT_EQ(senan->areas.size(), 2u);
  EXPECT_EQ(senan->areas[0].area, "colon");  // CaseAreas() order
  EXPECT_EQ(senan->areas[1].area, "darien_pacific");
  ASSERT_EQ(senan->drugs.size(), 2u);
  EXPECT_EQ(senan->drugs[0].type, "cocaine");
  EXPECT_DOUBLE_EQ(senan->drugs[0].kg, 1500);
  EXPECT_EQ(senan->drugs[0].cases, 2);
  ASSERT_EQ(senan->arrests.size(), 2u);
  EXPECT_EQ(senan->arrests[0], (std::pair<std::string, std::int64_t>{"COL", 4}));
  auto dhs = stats(dhs_officer_);
  ASSERT_TRUE(dhs);
  std::int64_t cases = 0;
  for (const auto& m : dhs->months) cases += m.cases;
  EXPECT_EQ(cases, 2);  // a and c
  ASSERT_EQ(dhs->drugs.size(), 1u);
  EXPECT_DOUBLE_EQ(dhs->drugs[0].kg, 1000);
  auto mapped = store_->Read<std::vector<Case>>([&](store::Connection& tx) {
    return MappedCases(tx, dhs_officer_, kNow - std::chrono::hours(24 * 60), kNow);
  });
  ASSERT_TRUE(mapped);
  const auto geo = CaseMapJson(*mapped);
  ASSERT_EQ(geo["features"].size(), 1u);
  EXPECT_EQ(geo["features"][0]["properties"]["number"], a->number);
  EXPECT_EQ(geo["features"][0]["geometry"]["coordinates"], (nlohmann::json{-78.3, 7.3}));
  EXPECT_EQ(geo["features"][0]["properties"]["area"], "darien_pacific");
}

TEST_F(Cases, ListsFilterByStatusOwnerAndSinceAndDescribeCrewInOneCall) {
  auto a = Open(senan_officer_, {.title = "a"});
  auto b = Open(senan_officer_, {.title = "b"});
  ASSERT_TRUE(a && b);
  ASSERT_TRUE(Patch(senan_officer_, b->id, {.status = CaseStatus::kUnderway}));
  for (const auto& id : {a->id, b->id}) {
    ASSERT_TRUE(store_->Write([&](store::Connection& tx) {
      return AddCaseCrew(tx, senan_officer_, id, "e1", crew_, kNow);
    }));
  }
  auto list = [&](CaseQuery q) {
    return store_->Read<std::vector<Case>>(
        [&](store::Connection& c) { return ListCases(c, senan_officer_, q, &crew_); });
  };
  crew_.calls = 0;
  auto all = list({});
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ(crew_.calls, 1);
  EXPECT_TRUE(all->at(0).timeline.empty());
  EXPECT_TRUE(all->at(0).crew.at(0).member);
  auto underway = list({.status = CaseStatus::kUnderway});
  ASSERT_TRUE(underway);
  ASSERT_EQ(underway->size(), 1u);
  EXPECT_EQ(underway->at(0).id, b->id);
  auto other = list({.owner_org = kSenafront});
  ASSERT_TRUE(other);
  EXPECT_TRUE(other->empty());
  auto later = list({.since = kNow + std::chrono::seconds(1)});
  ASSERT_TRUE(later);
  EXPECT_TRUE(later->empty());
}

TEST_F(Cases, TheDemoCasesFillTheStatisticsOnceAndFollowTheRules) {
  AccessScope system = AccessScope::System();
  system.org_id = kSenan;
  system.org_name = "SENAN";
  const DemoCaseOptions options{.senan = {kSenan, "SENAN"},
                                .senafront = {kSenafront, "SENAFRONT"},
                                .crew_encounter_ids = {"e1"}};
  auto written = LoadDemoCases(*store_, system, options, crew_, kNow);
  ASSERT_TRUE(written) << written.error().ToString();
  EXPECT_EQ(*written, 9);
  auto again = LoadDemoCases(*store_, system, options, crew_, kNow);
  ASSERT_TRUE(again);
  EXPECT_EQ(*again, 0);
  // A partner analyst (released to USA) sees them all, with outcomes in several areas.
  auto stats = store_->Read<CaseStats>([&](store::Connection& c) {
    return ComputeCaseStats(c, dhs_officer_, kNow - std::chrono::hours(24 * 366), kNow);
  });
  ASSERT_TRUE(stats);
  std::int64_t cases = 0;
  for (const auto& m : stats->months) cases += m.cases;
  EXPECT_EQ(cases, 9);
  EXPECT_GE(stats->areas.size(), 6u);
  EXPECT_FALSE(stats->drugs.empty());
  auto list = store_->Read<std::vector<Case>>([&](store::Connection& c) {
    return ListCases(c, senan_officer_, {.limit = 500}, &crew_);
  });
  ASSERT_TRUE(list);
  ASSERT_EQ(list->size(), 9u);
  for (const Case& k : *list) {
    EXPECT_EQ(k.title.rfind("[DEMO] ", 0), 0u) << k.title;
    EXPECT_EQ(k.summary.rfind("Demo data.", 0), 0u) << k.summary;
  }
}

}  // namespace
}  // namespace istmo::maritime

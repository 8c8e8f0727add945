// Vessel watchlists (watchlists.h): who may read and change them, how entries match, the alert a
// listed vessel raises when it enters a zone (ingest.h), and the identity-change events
// (identity_changes.h) the Ingestor judges where it records a changed identity.
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/id.h"
#include "core/time.h"
#include "maritime/detect.h"
#include "maritime/identity_changes.h"
#include "maritime/ingest.h"
#include "maritime/nmea_builder.h"
#include "maritime/watchlists.h"
#include "maritime/zones.h"
#include "store/alerts.h"
#include "store/audit.h"
#include "store/store.h"
#include "testing/temp_dir.h"

namespace istmo::maritime {
namespace {

using testing::PositionBits;
using testing::Sentence;
using testing::StaticBits;

constexpr std::int64_t kT0 = 1'798'761'600;  // 2027-01-01T00:00:00Z
constexpr std::uint32_t kMmsi = 352001234;

store::AccessScope Scope(const std::string& org, const std::string& country,
                         std::initializer_list<store::Role> roles) {
  store::AccessScope s;
  s.user_id = core::NewId();
  s.username = "user-" + org;
  s.org_id = org;
  s.country = country;
  for (store::Role r : roles) s.roles |= static_cast<std::uint8_t>(r);
  return s;
}

// A small box 50 nm south of Azuero, inside the EEZ and no other built-in zone.
Zone Box() {
  return Zone{.id = "test-box",
              .name = "Test box",
              .kind = ZoneKind::kAnchorage,
              .polygons = {ZonePolygon{
                  .rings = {{{-80.6, 6.6}, {-80.4, 6.6}, {-80.4, 6.8}, {-80.6, 6.8}, {-80.6, 6.6}}}}}};
}

std::string At(double lat, double lon, std::int64_t t, std::uint32_t mmsi = kMmsi) {
  return Sentence(PositionBits({.mmsi = mmsi, .lat = lat, .lon = lon}), t);
}

std::string Named(const std::string& name, std::int64_t t, const std::string& callsign = "HO1234",
                  std::uint32_t mmsi = kMmsi) {
  return Sentence(StaticBits({.mmsi = mmsi, .imo = 9074729, .callsign = callsign, .name = name}), t);
}

class VesselWatchlistsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::vector<store::Migration> migrations = Migrations();
    for (auto& m : WatchlistMigrations()) migrations.push_back(std::move(m));
    auto s = store::Store::Open({.url = (dir_.path() / "istmo.db").string()}, migrations);
    ASSERT_TRUE(s.has_value()) << s.error().ToString();
    store_ = std::move(s).value();
    watch_ = std::make_unique<VesselWatch>(*store_);
    ASSERT_TRUE(watch_->Load());
  }

  std::string NewList(const store::AccessScope& by, std::vector<std::string> releasability = {}) {
    auto w = watch_->Create(by, {.name = "Go-fast suspects", .description = "Pacific coast",
                                 .releasability = std::move(releasability)},
                            Now());
    EXPECT_TRUE(w.has_value()) << w.error().ToString();
    return w ? w->id : "";
  }

  std::vector<store::Alert> Alerts(const store::AccessScope& scope) {
    auto alerts = store_->Read<std::vector<store::Alert>>([&](store::Connection& c) {
      return store::ListAlerts(c, scope, {.module = "maritime", .limit = 500});
    });
    EXPECT_TRUE(alerts.has_value());
    return alerts.value_or(std::vector<store::Alert>{});
  }

  core::Timestamp Now() const { return clock_.Now(); }

  istmo::testing::TempDir dir_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<VesselWatch> watch_;
  core::FakeClock clock_{core::FromUnixSeconds(kT0 + 30 * 86400)};
  const store::AccessScope senan_officer_ = Scope("org-senan", "PAN", {store::Role::kOfficer});
  const store::AccessScope senan_analyst_ = Scope("org-senan", "PAN", {store::Role::kAnalyst});
  const store::AccessScope uscg_officer_ = Scope("org-uscg", "USA", {store::Role::kOfficer});
  const store::AccessScope uscg_supervisor_ = Scope("org-uscg", "USA", {store::Role::kSupervisor});
};

TEST(VesselText, ComparesNamesWithoutCaseSpacesOrPunctuation) {
  EXPECT_EQ(NormalizeVesselText("Don Lucho-7"), "DONLUCHO7");
  EXPECT_EQ(NormalizeVesselText("  don.lucho 7 "), "DONLUCHO7");
  EXPECT_EQ(NormalizeVesselText("@@@"), "");
}

TEST_F(VesselWatchlistsTest, AWatchlistIsSeenOnlyWhereItIsReleased) {
  const std::string own = NewList(senan_officer_);
  const std::string shared = NewList(senan_officer_, {"USA"});
  auto mine = watch_->List(senan_analyst_);
  ASSERT_TRUE(mine.has_value());
  EXPECT_EQ(mine->size(), 2u);
  auto theirs = watch_->List(uscg_officer_);
  ASSERT_TRUE(theirs.has_value());
  ASSERT_EQ(theirs->size(), 1u);
  EXPECT_EQ((*theirs)[0].id, shared);
  EXPECT_EQ((*theirs)[0].owner_org, "org-senan");
  EXPECT_EQ(watch_->Get(uscg_officer_, own).error().code, core::ErrorCode::kNotFound);
  EXPECT_TRUE(watch_->Get(uscg_officer_, shared).has_value());
}

TEST_F(VesselWatchlistsTest, OnlyTheOwnersOfficersSupervisorsAndAdminsChangeIt) {
  EXPECT_EQ(watch_->Create(senan_analyst_, {.name = "x"}, Now()).error().code,
            core::ErrorCode::kPermissionDenied);
  // The local operator belongs to no organization: its watchlist's alerts would have no owner.
  EXPECT_EQ(watch_->Create(store::AccessScope::System(), {.name = "x"}, Now()).error().code,
            core::ErrorCode::kPermissionDenied);
  const std::string id = NewList(senan_officer_, {"USA"});
  const NewVesselWatchlistEntry entry{
      .match = VesselMatch::kMmsi, .value = "352001234", .reason = "known go-fast"};
  EXPECT_EQ(watch_->AddEntry(uscg_supervisor_, id, entry, Now()).error().code,
            core::ErrorCode::kPermissionDenied);
  EXPECT_EQ(watch_->AddEntry(senan_analyst_, id, entry, Now()).error().code,
            core::ErrorCode::kPermissionDenied);
  EXPECT_EQ(watch_->Delete(uscg_supervisor_, id, Now()).error().code,
            core::ErrorCode::kPermissionDenied);
  auto added = watch_->AddEntry(senan_officer_, id, entry, Now());
  ASSERT_TRUE(added.has_value()) << added.error().ToString();
  EXPECT_EQ(added->added_by, senan_officer_.username);
  auto renamed = watch_->Update(senan_officer_, id, {.name = "Renamed"}, Now());
  ASSERT_TRUE(renamed.has_value());
  EXPECT_EQ(renamed->name, "Renamed");
  // Released no more: the other organization sees nothing, as if it never existed.
  ASSERT_TRUE(watch_->Update(senan_officer_, id, {.releasability = std::vector<std::string>{}},
                             Now()));
  EXPECT_EQ(watch_->Get(uscg_officer_, id).error().code, core::ErrorCode::kNotFound);
  ASSERT_TRUE(watch_->Delete(senan_officer_, id, Now()));
  EXPECT_EQ(watch_->Get(senan_officer_, id).error().code, core::ErrorCode::kNotFound);
}

TEST_F(VesselWatchlistsTest, EveryChangeIsAudited) {
  const std::string id = NewList(senan_officer_);
  auto e = watch_->AddEntry(senan_officer_, id,
                            {.match = VesselMatch::kName, .value = "Don Lucho 7", .reason = "r"},
                            Now());
  ASSERT_TRUE(e.has_value());
  ASSERT_TRUE(watch_->RemoveEntry(senan_officer_, id, e->id, Now()));
  ASSERT_TRUE(watch_->Delete(senan_officer_, id, Now()));
  auto audit = store_->Read<std::vector<store::AuditRecord>>([](store::Connection& c) {
    return store::ListAudit(c, store::AccessScope::System(), 100);
  });
  ASSERT_TRUE(audit.has_value());
  std::vector<std::string> actions;
  for (const auto& a : *audit) actions.push_back(a.entry.action);
  EXPECT_EQ(actions, (std::vector<std::string>{
                         "maritime.watchlist.delete", "maritime.watchlist.entry_remove",
                         "maritime.watchlist.entry_add", "maritime.watchlist.create"}));
}

TEST_F(VesselWatchlistsTest, BadEntriesNameTheField) {
  const std::string id = NewList(senan_officer_);
  auto add = [&](VesselMatch by, std::string value, std::string reason = "r") {
    return watch_->AddEntry(senan_officer_, id,
                            {.match = by, .value = std::move(value), .reason = std::move(reason)},
                            Now());
  };
  EXPECT_EQ(add(VesselMatch::kMmsi, "35200123").error().field, "/value");
  EXPECT_EQ(add(VesselMatch::kMmsi, "35200123x").error().field, "/value");
  EXPECT_EQ(add(VesselMatch::kImo, "9074728").error().field, "/value");  // bad check digit
  EXPECT_EQ(add(VesselMatch::kName, " - ").error().field, "/value");
  EXPECT_EQ(add(VesselMatch::kMmsi, "352001234", "").error().field, "/reason");
  EXPECT_TRUE(add(VesselMatch::kImo, "9074729").has_value());
  ASSERT_TRUE(add(VesselMatch::kName, "Don Lucho 7").has_value());
  auto twice = add(VesselMatch::kName, "DON LUCHO-7");
  EXPECT_EQ(twice.error().code, core::ErrorCode::kConflict);
  EXPECT_EQ(watch_->Create(senan_officer_, {.name = ""}, Now()).error().field, "/name");
  EXPECT_EQ(watch_->Create(senan_officer_, {.name = "x", .releasability = {"nowhere!"}}, Now())
                .error()
                .field.rfind("/releasability", 0),
            0u);
}

TEST_F(VesselWatchlistsTest, EntriesMatchByEachIdentifierAndTheStrongestWins) {
  const std::string a = NewList(senan_officer_);
  const std::string b = NewList(uscg_officer_, {"PAN"});
  ASSERT_TRUE(watch_->AddEntry(senan_officer_, a,
                               {.match = VesselMatch::kName, .value = "don lucho-7", .reason = "n"},
                               Now()));
  ASSERT_TRUE(watch_->AddEntry(senan_officer_, a,
                               {.match = VesselMatch::kImo, .value = "9074729", .reason = "i"},
                               Now()));
  ASSERT_TRUE(watch_->AddEntry(uscg_officer_, b,
                               {.match = VesselMatch::kCallSign, .value = "ho-1234", .reason = "c"},
                               Now()));
  std::vector<WatchHit> hits;
  watch_->Match({.mmsi = 1, .imo = 9074729, .name = "DON LUCHO 7", .callsign = "HO1234"}, hits);
  ASSERT_EQ(hits.size(), 2u);
  for (const WatchHit& h : hits) {
    if (h.watchlist_id == a) {
      EXPECT_EQ(h.matched_by, VesselMatch::kImo);
      EXPECT_EQ(h.owner_org, "org-senan");
    } else {
      EXPECT_EQ(h.watchlist_id, b);
      EXPECT_EQ(h.matched_by, VesselMatch::kCallSign);
      EXPECT_EQ(h.releasability, std::vector<std::string>{"PAN"});
    }
  }
  hits.clear();
  watch_->Match({.mmsi = 1, .name = "DON LUCHO 8"}, hits);
  EXPECT_TRUE(hits.empty());
}

class ZoneEntryAlertTest : public VesselWatchlistsTest {
 protected:
  // Feeds `lines` through an Ingestor with the box, the watchlists and the detectors.
  void Ingest(const std::vector<std::string>& lines) {
    Ingestor in(*store_, picture_,
                {.clock = &clock_, .zones = &zones_, .detectors = &detectors_, .watch = watch_.get()});
    for (const auto& l : lines) ASSERT_TRUE(in.AddLine(l));
    ASSERT_TRUE(in.Finish());
  }

  Picture picture_;
  Zones zones_{{Box()}};
  Detectors detectors_;
};

TEST_F(ZoneEntryAlertTest, AListedVesselEnteringAZoneRaisesOneCriticalAlertForTheOwner) {
  // Heard outside the box before it is listed; listed by name as an officer would type it.
  Ingest({Named("DON LUCHO 7", kT0), At(6.5, -80.5, kT0 + 10)});
  const std::string id = NewList(senan_officer_, {"USA"});
  auto entry = watch_->AddEntry(
      senan_officer_, id, {.match = VesselMatch::kName, .value = "Don Lucho-7", .reason = "r"},
      Now());
  ASSERT_TRUE(entry.has_value());
  EXPECT_TRUE(Alerts(senan_officer_).empty());
  const std::vector<std::string> into = {At(6.7, -80.5, kT0 + 600)};
  Ingest(into);
  auto alerts = Alerts(senan_officer_);
  ASSERT_EQ(alerts.size(), 1u);
  const store::Alert& a = alerts[0];
  EXPECT_EQ(a.kind, "watchlist_entry");
  EXPECT_EQ(a.severity, "critical");
  EXPECT_EQ(a.owner_org, "org-senan");
  EXPECT_EQ(a.releasability, std::vector<std::string>{"USA"});
  EXPECT_EQ(a.subject, "mmsi:352001234");
  EXPECT_EQ(a.dedupe_key, "watchlist_entry:" + id + ":352001234");
  const auto detail = nlohmann::json::parse(a.detail);
  EXPECT_EQ(detail["code"], "maritime_watchlist_entry");
  EXPECT_EQ(detail["mmsi"], kMmsi);
  EXPECT_EQ(detail["name"], "DON LUCHO 7");
  EXPECT_EQ(detail["watchlist_id"], id);
  EXPECT_EQ(detail["watchlist_name"], "Go-fast suspects");
  EXPECT_EQ(detail["entry_id"], entry->id);
  EXPECT_EQ(detail["matched_by"], "name");
  EXPECT_EQ(detail["zone_id"], "test-box");
  EXPECT_EQ(detail["zone_name"], "Test box");
  EXPECT_EQ(detail["t"], core::FormatIso8601(core::FromUnixSeconds(kT0 + 600)));
  EXPECT_NEAR(detail["lat"].get<double>(), 6.7, 1e-4);
  EXPECT_NEAR(detail["lon"].get<double>(), -80.5, 1e-4);
  // Released to the USA; a third country sees nothing.
  EXPECT_EQ(Alerts(uscg_officer_).size(), 1u);
  EXPECT_TRUE(Alerts(Scope("org-col", "COL", {store::Role::kOfficer})).empty());

  // The log replayed into a process that knows nothing of it: its zone entries are stored
  // already, so their alerts are not raised again. A new entry folds into the open alert.
  {
    Picture fresh;
    Zones zones{{Box()}};
    Ingestor again(*store_, fresh, {.clock = &clock_, .zones = &zones, .watch = watch_.get()});
    for (const auto& l : {Named("DON LUCHO 7", kT0), At(6.5, -80.5, kT0 + 10), into[0]}) {
      ASSERT_TRUE(again.AddLine(l));
    }
    ASSERT_TRUE(again.Finish());
  }
  EXPECT_EQ(Alerts(senan_officer_)[0].occurrences, 1);
  Ingest({At(6.5, -80.5, kT0 + 1200), At(6.7, -80.5, kT0 + 1800)});
  alerts = Alerts(senan_officer_);
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0].occurrences, 2);

  // Off the list: the next entry raises nothing.
  ASSERT_TRUE(watch_->RemoveEntry(senan_officer_, id, entry->id, Now()));
  Ingest({At(6.5, -80.5, kT0 + 2400), At(6.7, -80.5, kT0 + 3000)});
  EXPECT_EQ(Alerts(senan_officer_)[0].occurrences, 2);
}

TEST_F(ZoneEntryAlertTest, AnUnlistedVesselRaisesNothing) {
  const std::string id = NewList(senan_officer_);
  ASSERT_TRUE(watch_->AddEntry(senan_officer_, id,
                               {.match = VesselMatch::kMmsi, .value = "352009999", .reason = "r"},
                               Now()));
  Ingest({Named("DON LUCHO 7", kT0), At(6.5, -80.5, kT0 + 10), At(6.7, -80.5, kT0 + 600)});
  EXPECT_TRUE(Alerts(senan_officer_).empty());
}

// Identity changes, judged where ingest records them.
class IdentityChangeTest : public ZoneEntryAlertTest {
 protected:
  std::vector<StoredDetection> Changes() {
    auto found = ReadDetections(*store_, {.kind = DetectionKind::kIdentityChange, .limit = 100});
    EXPECT_TRUE(found.has_value());
    return found.value_or(std::vector<StoredDetection>{});
  }
};

TEST_F(IdentityChangeTest, ARenameWithinTheWindowIsAnEventWithBeforeAndAfter) {
  Ingest({At(6.5, -80.5, kT0), Named("SEA BREEZE", kT0 + 60),
          Named("OCEAN BREEZE", kT0 + 2 * 86400, "HO9999")});
  auto found = Changes();
  ASSERT_EQ(found.size(), 1u);
  const StoredDetection& d = found[0];
  EXPECT_EQ(d.mmsi, kMmsi);
  EXPECT_EQ(d.start_us, core::FromUnixSeconds(kT0 + 2 * 86400).time_since_epoch().count());
  EXPECT_EQ(d.end_us, d.start_us);
  EXPECT_NEAR(d.measured, 2.0, 1e-6);  // days since the first sighting
  EXPECT_EQ(nlohmann::json::parse(d.thresholds_json)["window_days"], 7);
  const auto note = nlohmann::json::parse(d.note_json);
  EXPECT_EQ(note["since"], "first_seen");
  ASSERT_EQ(note["changes"].size(), 2u);
  EXPECT_EQ(note["changes"][0]["field"], "name");
  EXPECT_EQ(note["changes"][0]["old"], "SEA BREEZE");
  EXPECT_EQ(note["changes"][0]["new"], "OCEAN BREEZE");
  EXPECT_EQ(note["changes"][1]["field"], "callsign");
  EXPECT_EQ(nlohmann::json::parse(d.evidence_json).size(), 1u);
}

TEST_F(IdentityChangeTest, AChangeLaterThanTheWindowIsNone) {
  Ingest({At(6.5, -80.5, kT0), Named("SEA BREEZE", kT0 + 60),
          Named("OCEAN BREEZE", kT0 + 7 * 86400 + 61)});
  EXPECT_TRUE(Changes().empty());
}

TEST_F(IdentityChangeTest, SpacingPunctuationAndTheSameFlagAreNoChange) {
  Ingest({At(6.5, -80.5, kT0), Named("POLAR ENDEAVOUR", kT0 + 60),
          Named("POLAR  ENDEAVOUR", kT0 + 120), Named("POLAR-ENDEAVOUR", kT0 + 180)});
  EXPECT_TRUE(Changes().empty());
  EXPECT_FALSE(IsJudgedIdentityChange({.field = "flag", .old_value = "US", .new_value = "US"}));
  EXPECT_TRUE(IsJudgedIdentityChange({.field = "flag", .old_value = "US", .new_value = "PA"}));
  EXPECT_FALSE(IsJudgedIdentityChange({.field = "imo", .old_value = "1", .new_value = "2"}));
}

TEST_F(IdentityChangeTest, AReflaggedHullIsJudgedAgainstItsPreviousMmsi) {
  // IMO 9074729 under a Panamanian MMSI, then two days later under a Marshall Islands one.
  Ingest({At(6.5, -80.5, kT0), Named("SEA BREEZE", kT0 + 60),
          Named("SEA BREEZE", kT0 + 2 * 86400, "V7AB1", 538001234)});
  auto found = Changes();
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].mmsi, 538001234u);
  EXPECT_NEAR(found[0].measured, 2.0, 1e-3);  // since the Panamanian MMSI was first seen
  const auto note = nlohmann::json::parse(found[0].note_json);
  ASSERT_EQ(note["changes"].size(), 1u);
  EXPECT_EQ(note["changes"][0]["field"], "flag");
  EXPECT_EQ(note["changes"][0]["old"], "PA");
  EXPECT_EQ(note["changes"][0]["new"], "MH");
  EXPECT_EQ(note["since"], "first_seen");
}

TEST_F(IdentityChangeTest, TheWindowRunsFromThePreviousChangeAcrossARestart) {
  Ingest({At(6.5, -80.5, kT0), Named("SEA BREEZE", kT0 + 60),
          Named("OCEAN BREEZE", kT0 + 6 * 86400)});
  ASSERT_EQ(Changes().size(), 1u);
  // A new process: the picture comes back from the store, the last change with it.
  Picture restarted;
  ASSERT_TRUE(LoadPicture(*store_, restarted));
  EXPECT_EQ(restarted.Get(kMmsi)->identity->identity_change_us,
            core::FromUnixSeconds(kT0 + 6 * 86400).time_since_epoch().count());
  {
    Ingestor in(*store_, restarted, {.clock = &clock_, .detectors = &detectors_});
    ASSERT_TRUE(in.AddLine(Named("BRISA DEL MAR", kT0 + 9 * 86400)));
    ASSERT_TRUE(in.Finish());
  }
  auto found = Changes();
  ASSERT_EQ(found.size(), 2u);  // 9 days after the first sighting, 3 after the last change
  const auto note = nlohmann::json::parse(found[0].note_json);
  EXPECT_EQ(note["since"], "change");
  EXPECT_NEAR(found[0].measured, 3.0, 1e-6);
}

TEST_F(IdentityChangeTest, ReplayingTheLogAgainAddsNothingAndTheTrackerAgrees) {
  const std::vector<std::string> log = {At(6.5, -80.5, kT0), Named("SEA BREEZE", kT0 + 60),
                                        Named("OCEAN BREEZE", kT0 + 86400),
                                        Named("BRISA DEL MAR", kT0 + 3 * 86400)};
  Ingest(log);
  Ingest(log);
  auto stored = Changes();
  ASSERT_EQ(stored.size(), 2u);
  // A replay without a picture (EvaluateScenarios' path) gives the same events.
  ais::Decoder decoder;
  IdentityTracker tracker;
  std::vector<DetectionEvent> events;
  for (const auto& l : log) {
    if (decoder.DecodeLine(l) == ais::LineOutcome::kMessage) {
      const ais::Message& m = decoder.message();
      tracker.Add(m, m.envelope.time->time_since_epoch().count(), events);
    }
  }
  ASSERT_EQ(events.size(), 2u);
  // Stored latest first.
  EXPECT_EQ(events[1].start_us, stored[0].start_us);
  EXPECT_EQ(events[0].start_us, stored[1].start_us);
  EXPECT_EQ(events[1].note, stored[0].note_json);
  EXPECT_EQ(events[0].note, stored[1].note_json);
}

TEST_F(IdentityChangeTest, NoDetectorsNoEvents) {
  Ingestor in(*store_, picture_, {.clock = &clock_});
  ASSERT_TRUE(in.AddLine(Named("SEA BREEZE", kT0)));
  ASSERT_TRUE(in.AddLine(Named("OCEAN BREEZE", kT0 + 60)));
  ASSERT_TRUE(in.Finish());
  EXPECT_TRUE(Changes().empty());
}

}  // namespace
}  // namespace istmo::maritime

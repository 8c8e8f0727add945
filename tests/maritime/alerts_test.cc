// Detections turned into alerts on the ingest path (IngestOptions::alerts): one alert per vessel
// and kind (per pair for encounters), the severity rules, the detail, the vessel's name as it was
// at the event, and the same alerts from one call, from a live feed's small batches and from a
// second replay.
#include "maritime/alerts.h"

#include <map>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "maritime/detection_log.h"
#include "maritime/ingest.h"
#include "maritime/maritime_test_util.h"
#include "store/alerts.h"
#include "testing/temp_dir.h"

namespace istmo::maritime {
namespace {

using ::istmo::testing::TempDir;
using nlohmann::json;
using testing::DetectionLog;

std::unique_ptr<store::Store> OpenAlertStore(const std::string& path) {
  auto migrations = Migrations();
  migrations.push_back(DetectionAlertMigration());
  auto s = store::Store::Open({.url = path}, migrations);
  EXPECT_TRUE(s) << s.error().message;
  return s ? std::move(s).value() : nullptr;
}

const DetectionAlertOptions kSenan{.owner_org = "senan", .releasability = {"PAN", "USA"}};

// One ingest of `text` with detectors and alerts of its own (a process that starts), in calls of
// `chunk` bytes with a flush after each (0: one call).
void Ingest(store::Store& store, const std::string& text, const DetectionAlertOptions& options,
            std::size_t chunk = 0, std::size_t batch = 100000) {
  Picture picture;
  ASSERT_TRUE(LoadPicture(store, picture));
  core::FakeClock clock(core::FromUnixSeconds(testing::kDetectionLogStart + 86400 * 2));
  Detectors detectors;
  const DetectionAlerts alerts(options);
  Ingestor in(
      store, picture,
      {.clock = &clock, .batch_messages = batch, .detectors = &detectors, .alerts = &alerts});
  if (chunk == 0) {
    ASSERT_TRUE(in.AddBuffer(text));
  } else {
    ASSERT_TRUE(testing::AddInReads(in, text, chunk, /*flush_each=*/true));
  }
  ASSERT_TRUE(in.Finish());
}

std::vector<store::Alert> Alerts(store::Store& store) {
  auto all = store.Read<std::vector<store::Alert>>([](store::Connection& c) {
    return store::ListAlerts(c, store::AccessScope::System(), {.limit = 500});
  });
  EXPECT_TRUE(all) << all.error().message;
  return all.value_or(std::vector<store::Alert>{});
}

std::map<std::string, std::string> Dump(store::Store& store) { return testing::DumpAlerts(store); }

TEST(DetectionAlerts, EachEventOfTheLogRaisesItsVesselsAlert) {
  TempDir dir;
  auto store = OpenAlertStore(dir.File("m.db"));
  ASSERT_NE(store, nullptr);
  Ingest(*store, DetectionLog(), kSenan);
  std::map<std::string, store::Alert> by_key;
  for (const store::Alert& a : Alerts(*store)) by_key[a.dedupe_key] = a;
  std::set<std::string> keys;
  for (const auto& [key, a] : by_key) keys.insert(key);
  // 351000002 falls silent while it loiters: its run ends on the stream's time, an event.
  EXPECT_EQ(keys, (std::set<std::string>{"encounter:351000002:351000003", "gap:351000001",
                                         "implied_speed:351000004", "invalid_mmsi:100000001",
                                         "loitering:351000002", "loitering:351000003"}));

  const store::Alert& gap = by_key["gap:351000001"];
  EXPECT_EQ(gap.owner_org, "senan");
  EXPECT_EQ(gap.releasability, (std::vector<std::string>{"PAN", "USA"}));
  EXPECT_EQ(gap.module, "maritime");
  EXPECT_EQ(gap.kind, "gap");
  EXPECT_EQ(gap.subject, "mmsi:351000001");
  EXPECT_EQ(gap.severity, "info");  // 7 h: not the 12 h of a likely intentional gap
  EXPECT_EQ(gap.status, "open");
  const json detail = json::parse(gap.detail);
  EXPECT_EQ(detail["code"], "maritime_gap");
  EXPECT_EQ(detail["mmsi"], 351000001);
  EXPECT_EQ(detail["name"], "SHIP 1");
  EXPECT_EQ(detail["flag"], "PA");  // MID 351
  EXPECT_EQ(detail["ship_type"], 70);
  EXPECT_EQ(detail["detection"]["kind"], "gap");
  EXPECT_EQ(detail["detection"]["start"], "2027-01-01T00:59:00.000Z");  // last heard
  EXPECT_EQ(detail["detection"]["end"], "2027-01-01T08:00:00.000Z");
  EXPECT_TRUE(detail["detection"]["thresholds"].contains("gap_hours"));
  EXPECT_EQ(detail["detection"]["evidence"].size(), 2u);
  // Its times are the detection's, not a clock's.
  EXPECT_EQ(core::FormatIso8601(gap.created_at), "2027-01-01T08:00:00.000Z");

  const store::Alert& encounter = by_key["encounter:351000002:351000003"];
  EXPECT_EQ(encounter.severity, "warning");  // at sea, outside any EEZ (no geography)
  EXPECT_EQ(encounter.subject, "mmsi:351000002");
  const json pair = json::parse(encounter.detail);
  EXPECT_EQ(pair["partner"], 351000003);
  EXPECT_EQ(pair["partner_name"], "SHIP 3");
  EXPECT_EQ(encounter.title, "Encounter at sea: SHIP 2 (351000002) and SHIP 3 (351000003)");

  const json invalid = json::parse(by_key["invalid_mmsi:100000001"].detail);
  EXPECT_FALSE(invalid.contains("flag"));  // MID 100 is not allocated
  EXPECT_EQ(by_key["invalid_mmsi:100000001"].severity, "warning");
}

TEST(DetectionAlerts, LiveBatchesAndASecondReplayRaiseTheSameAlerts) {
  const std::string log = DetectionLog();
  TempDir dir;
  auto whole = OpenAlertStore(dir.File("whole.db"));
  auto live = OpenAlertStore(dir.File("live.db"));
  ASSERT_NE(whole, nullptr);
  ASSERT_NE(live, nullptr);
  Ingest(*whole, log, kSenan);
  const auto once = Dump(*whole);
  ASSERT_EQ(once.size(), 6u);
  Ingest(*live, log, kSenan, /*chunk=*/173, /*batch=*/7);
  EXPECT_EQ(Dump(*live), once);
  // Replayed again (or after a restart): each detection was raised already, nothing changes.
  Ingest(*whole, log, kSenan);
  EXPECT_EQ(Dump(*whole), once);
}

TEST(DetectionAlerts, TheNameIsTheVesselsAtTheEventNotAfter) {
  // The gap's vessel is renamed an hour after it is heard again, within the same batch.
  std::string log = DetectionLog();
  const std::int64_t renamed = testing::kDetectionLogStart + 545 * 60;
  log += testing::Sentence(
             testing::StaticBits(
                 {.mmsi = 351000001, .callsign = "HP01", .name = "NEW NAME", .ship_type = 70}),
             renamed) +
         "\n";
  TempDir dir;
  auto store = OpenAlertStore(dir.File("m.db"));
  ASSERT_NE(store, nullptr);
  Ingest(*store, log, kSenan);
  int gaps = 0;
  for (const store::Alert& a : Alerts(*store)) {
    if (a.dedupe_key != "gap:351000001") continue;
    ++gaps;
    EXPECT_EQ(json::parse(a.detail)["name"], "SHIP 1");
    EXPECT_EQ(a.title, "AIS gap of 7.0 h: SHIP 1 (351000001)");
  }
  EXPECT_EQ(gaps, 1);
}

TEST(DetectionAlerts, NoOwnerNoAlerts) {
  TempDir dir;
  auto store = OpenAlertStore(dir.File("m.db"));
  ASSERT_NE(store, nullptr);
  Ingest(*store, DetectionLog(), {});
  EXPECT_GT(testing::Count(*store, "maritime_detections"), 0);
  EXPECT_EQ(testing::Count(*store, "alerts"), 0);
}

TEST(DetectionAlerts, ASuppressedVesselRaisesNothingEvenAfterTheLift) {
  TempDir dir;
  auto store = OpenAlertStore(dir.File("m.db"));
  ASSERT_NE(store, nullptr);
  const store::AccessScope supervisor{.username = "senan.supervisor",
                                      .org_id = "senan",
                                      .country = "PAN",
                                      .roles = static_cast<std::uint8_t>(store::Role::kSupervisor)};
  auto made = store->Write<store::AlertSuppression>([&](store::Connection& c) {
    return store::CreateSuppression(c, supervisor,
                                    {.module = "maritime",
                                     .subject = "mmsi:351000001",
                                     .reason = "survey vessel, known outages"},
                                    core::FromUnixSeconds(testing::kDetectionLogStart));
  });
  ASSERT_TRUE(made) << made.error().message;
  Ingest(*store, DetectionLog(), kSenan);
  EXPECT_EQ(Dump(*store).count("gap:351000001"), 0u);
  EXPECT_EQ(Dump(*store).size(), 5u);
  ASSERT_TRUE(store->Write<store::AlertSuppression>(
      [&](store::Connection& c) { return store::LiftSuppression(c, supervisor, made->id); }));
  Ingest(*store, DetectionLog(), kSenan);  // the same log again: its gap was judged already
  EXPECT_EQ(Dump(*store).count("gap:351000001"), 0u);
}

TEST(DetectionSeverity, AsAWatchOfficerRanksThem) {
  const auto severity = [](DetectionKind kind, bool intentional = false, bool in_eez = false) {
    return std::string(DetectionSeverity({.kind = kind, .intentional = intentional}, in_eez));
  };
  EXPECT_EQ(severity(DetectionKind::kGap, true), "critical");
  EXPECT_EQ(severity(DetectionKind::kGap, false), "info");
  EXPECT_EQ(severity(DetectionKind::kGoFast), "critical");
  EXPECT_EQ(severity(DetectionKind::kRendezvous), "critical");
  EXPECT_EQ(severity(DetectionKind::kEncounter, false, true), "critical");
  EXPECT_EQ(severity(DetectionKind::kEncounter, false, false), "warning");
  EXPECT_EQ(severity(DetectionKind::kLoitering), "warning");
  EXPECT_EQ(severity(DetectionKind::kImpliedSpeed), "warning");
  EXPECT_EQ(severity(DetectionKind::kDuplicateMmsi), "warning");
  EXPECT_EQ(severity(DetectionKind::kInvalidMmsi), "warning");
  EXPECT_EQ(severity(DetectionKind::kOnLand), "warning");
  EXPECT_EQ(severity(DetectionKind::kNotAvailable), "info");
  // A kind this file does not know yet (added by another detector) is a warning.
  EXPECT_EQ(severity(static_cast<DetectionKind>(kDetectionKinds)), "warning");
}

TEST(DetectionAlerts, AnEncounterInsideTheEezIsCritical) {
  TempDir dir;
  auto store = OpenAlertStore(dir.File("m.db"));
  ASSERT_NE(store, nullptr);
  DetectionAlertOptions options = kSenan;
  options.geography = [](double, double) { return Place{.in_eez = true}; };
  Ingest(*store, DetectionLog(), options);
  int encounters = 0;
  for (const store::Alert& a : Alerts(*store)) {
    if (a.kind != "encounter") continue;
    ++encounters;
    EXPECT_EQ(a.severity, "critical");
  }
  EXPECT_EQ(encounters, 1);
}

}  // namespace
}  // namespace istmo::maritime

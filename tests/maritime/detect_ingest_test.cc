// The detectors on the ingest path (IngestOptions::detectors): the events of a log are those the
// detectors give on its reports, stored with the batches; a replay twice, a replay after kill -9
// and a log split into small calls store the same rows; an open event grows, never shrinks.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <set>
#include <span>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "ais/decoder.h"
#include "maritime/detect.h"
#include "maritime/detection_log.h"
#include "maritime/ingest.h"
#include "maritime/maritime_test_util.h"
#include "maritime/traffic.h"
#include "maritime/zones.h"
#include "testing/temp_dir.h"

namespace istmo::maritime {
namespace {

using ::istmo::testing::TempDir;
using testing::DetectionLog;
using testing::DumpDetections;

// One ingest of `text` in calls of `chunk` bytes (0: one call), a flush after each call when
// `flush_each`, with detectors of its own (a process that starts).
struct IngestRun {
  FeedCounters counters;
  std::vector<std::string> detections;
};
IngestRun Ingest(store::Store& store, const std::string& text, std::size_t chunk = 0,
           bool flush_each = false, std::size_t batch = 100000) {
  Picture picture;
  EXPECT_TRUE(LoadPicture(store, picture));
  core::FakeClock clock(core::FromUnixSeconds(testing::kDetectionLogStart + 86400 * 2));
  Detectors detectors;
  Ingestor in(store, picture, {.clock = &clock, .batch_messages = batch, .detectors = &detectors});
  if (chunk == 0) {
    EXPECT_TRUE(in.AddBuffer(text));
  } else {
    EXPECT_TRUE(testing::AddInReads(in, text, chunk, flush_each));
  }
  EXPECT_TRUE(in.Finish());
  return {in.counters(), DumpDetections(store)};
}

// The events of `text` from the detectors alone, on ReportBuilder's reports.
std::vector<DetectionEvent> Reference(const std::string& text) {
  ais::Decoder decoder;
  ReportBuilder builder;
  std::vector<DetectorReport> reports;
  decoder.DecodeBuffer(text, [&](const ais::Message& m) {
    if (auto r = builder.Add(m, m.envelope.time->time_since_epoch().count())) reports.push_back(*r);
  });
  Detectors detectors;
  std::vector<DetectionEvent> events;
  detectors.Add(std::span<const DetectorReport>(reports), events);
  return events;
}

TEST(IngestDetections, StoresWhatTheDetectorsFindOnTheSameReports) {
  const std::string log = DetectionLog();
  const std::vector<DetectionEvent> expected = Reference(log);
  std::set<std::string> kinds;
  for (const auto& e : expected) kinds.insert(std::string(DetectionKindName(e.kind)));
  EXPECT_EQ(kinds, (std::set<std::string>{"encounter", "gap", "implied_speed", "invalid_mmsi",
                                          "loitering"}));

  TempDir dir;
  auto store = testing::OpenStore(dir.File("m.db"));
  ASSERT_NE(store, nullptr);
  const IngestRun run = Ingest(*store, log);
  EXPECT_EQ(run.counters.detections, expected.size());
  auto stored = ReadDetections(*store, {.limit = 1000});
  ASSERT_TRUE(stored) << stored.error().message;
  ASSERT_EQ(stored->size(), expected.size());
  for (const DetectionEvent& e : expected) {
    SCOPED_TRACE(std::string(DetectionKindName(e.kind)) + " " + std::to_string(e.mmsi));
    auto it = std::find_if(stored->begin(), stored->end(), [&](const StoredDetection& s) {
      return s.kind == e.kind && s.mmsi == e.mmsi && s.start_us == e.start_us &&
             s.partner == e.partner;
    });
    ASSERT_NE(it, stored->end());
    EXPECT_EQ(it->end_us, e.end_us);
    EXPECT_EQ(it->intentional, e.intentional);
    EXPECT_DOUBLE_EQ(it->measured, e.measured);
    for (const UsedThreshold& t : e.thresholds) {
      EXPECT_NE(it->thresholds_json.find("\"" + std::string(t.name) + "\":"), std::string::npos)
          << it->thresholds_json;
    }
    EXPECT_EQ(it->evidence_json.front(), '[');
    EXPECT_NE(it->evidence_json.find("\"mmsi\":" + std::to_string(e.mmsi)), std::string::npos);
  }
}

TEST(IngestDetections, WithoutDetectorsNothingIsStored) {
  TempDir dir;
  auto store = testing::OpenStore(dir.File("m.db"));
  ASSERT_NE(store, nullptr);
  Picture picture;
  core::FakeClock clock(core::FromUnixSeconds(testing::kDetectionLogStart));
  Ingestor in(*store, picture, {.clock = &clock});
  ASSERT_TRUE(in.AddBuffer(DetectionLog()));
  ASSERT_TRUE(in.Finish());
  EXPECT_EQ(in.counters().detections, 0u);
  EXPECT_EQ(testing::Count(*store, "maritime_detections"), 0);
}

TEST(IngestDetections, SmallCallsAndBatchesStoreTheSameEventsAsOneCall) {
  const std::string log = DetectionLog();
  TempDir dir;
  auto whole = testing::OpenStore(dir.File("whole.db"));
  auto pieces = testing::OpenStore(dir.File("pieces.db"));
  ASSERT_NE(whole, nullptr);
  ASSERT_NE(pieces, nullptr);
  const IngestRun once = Ingest(*whole, log);
  ASSERT_FALSE(once.detections.empty());
  const IngestRun chunked = Ingest(*pieces, log, /*chunk=*/173, /*flush_each=*/true, /*batch=*/7);
  EXPECT_GT(chunked.counters.batches, 50u);
  EXPECT_EQ(chunked.detections, once.detections);
}

TEST(IngestDetections, ReplayingTheLogTwiceLeavesOneRowPerEvent) {
  const std::string log = DetectionLog();
  TempDir dir;
  auto store = testing::OpenStore(dir.File("m.db"));
  ASSERT_NE(store, nullptr);
  const IngestRun first = Ingest(*store, log);
  const IngestRun second = Ingest(*store, log);
  EXPECT_EQ(second.counters.detections, first.counters.detections);  // found again...
  EXPECT_EQ(second.detections, first.detections);                    // ...stored once
}

// A real kill -9 after half the log, with batches committed behind it and one lost, then a
// restart that replays the log from its start: the events equal one clean run's.
TEST(IngestDetections, Kill9ThenReplayStoresTheCleanRunsEvents) {
  const std::string log = DetectionLog();
  TempDir dir;
  const std::string db = dir.File("crash.db");
  ASSERT_NE(testing::OpenStore(db), nullptr);  // schema before forking
  const std::size_t kill_after = std::count(log.begin(), log.end(), '\n') * 3 / 4;
  const int status = testing::IngestThenKill9(db, log, kill_after, testing::kDetectionLogStart,
                                               /*batch_messages=*/13, /*detect=*/true);
  ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << "status " << status;
  auto crashed = testing::OpenStore(db);
  ASSERT_NE(crashed, nullptr);
  EXPECT_GT(testing::Count(*crashed, "maritime_detections"), 0);  // committed before the kill
  const IngestRun resumed = Ingest(*crashed, log);
  auto clean_store = testing::OpenStore(dir.File("clean.db"));
  ASSERT_NE(clean_store, nullptr);
  EXPECT_EQ(resumed.detections, Ingest(*clean_store, log).detections);
}

DetectionEvent OpenGap(std::int64_t end_us, double hours) {
  return {.kind = DetectionKind::kGap,
          .mmsi = 351000009,
          .start_us = 1'000'000,
          .end_us = end_us,
          .open = true,
          .measured = hours,
          .thresholds = {{"gap_hours", 6}},
          .evidence = {{.mmsi = 351000009, .t_us = 1'000'000, .lat = 3000000, .lon = -48000000}}};
}

TEST(StoreDetections, AnEventGrowsWithALaterEndAndNeverShrinks) {
  TempDir dir;
  auto store = testing::OpenStore(dir.File("m.db"));
  ASSERT_NE(store, nullptr);
  auto write = [&](const DetectionEvent& e) {
    return store->Write([&](store::Connection& tx) { return StoreDetections(tx, {&e, 1}); });
  };
  ASSERT_TRUE(write(OpenGap(7 * 3'600'000'000LL, 7)));
  DetectionEvent closed = OpenGap(9 * 3'600'000'000LL, 9);
  closed.open = false;
  ASSERT_TRUE(write(closed));
  ASSERT_TRUE(write(OpenGap(8 * 3'600'000'000LL, 8)));  // an older, shorter view of it
  auto stored = ReadDetections(*store, {});
  ASSERT_TRUE(stored);
  ASSERT_EQ(stored->size(), 1u);
  EXPECT_EQ((*stored)[0].end_us, 9 * 3'600'000'000LL);
  EXPECT_FALSE((*stored)[0].open);
  EXPECT_DOUBLE_EQ((*stored)[0].measured, 9);
  EXPECT_EQ((*stored)[0].thresholds_json, "{\"gap_hours\":6}");
  EXPECT_EQ((*stored)[0].evidence_json,
            "[{\"mmsi\":351000009,\"t\":\"1970-01-01T00:00:01.000Z\",\"lat\":5.000000,"
            "\"lon\":-80.000000,\"sog_kn\":null}]");
}

TEST(StoreDetections, QueryFiltersByKindVesselOrPartnerAndEnd) {
  TempDir dir;
  auto store = testing::OpenStore(dir.File("m.db"));
  ASSERT_NE(store, nullptr);
  const std::vector<DetectionEvent> events = {
      {.kind = DetectionKind::kEncounter, .mmsi = 1, .partner = 2, .start_us = 10, .end_us = 50},
      {.kind = DetectionKind::kGap, .mmsi = 2, .start_us = 20, .end_us = 30},
      {.kind = DetectionKind::kGoFast, .mmsi = 3, .start_us = 5, .end_us = 60}};
  ASSERT_TRUE(store->Write([&](store::Connection& tx) { return StoreDetections(tx, events); }));
  auto mmsis = [&](const DetectionQuery& q) {
    std::vector<std::uint32_t> out;
    auto r = ReadDetections(*store, q);
    EXPECT_TRUE(r);
    if (r) {
      for (const auto& d : *r) out.push_back(d.mmsi);
    }
    return out;
  };
  EXPECT_EQ(mmsis({}), (std::vector<std::uint32_t>{3, 1, 2}));  // latest end first
  EXPECT_EQ(mmsis({.mmsi = 2}), (std::vector<std::uint32_t>{1, 2}));
  EXPECT_EQ(mmsis({.kind = DetectionKind::kGap}), (std::vector<std::uint32_t>{2}));
  EXPECT_EQ(mmsis({.since_us = 50}), (std::vector<std::uint32_t>{3, 1}));
  EXPECT_EQ(mmsis({.limit = 1}), (std::vector<std::uint32_t>{3}));
}

// The product's path, as `istmo serve` runs it: the labelled scenarios through an Ingestor
// with the built-in zones and detectors, and never Detectors::Finish (a live feed does not end).
// Every labelled event must be stored: a go-fast that lands and falls silent, or a loitering
// boat that goes dark, ends on the stream's time, not 48 h later when it is evicted.
TEST(IngestDetections, ALiveFeedStoresEveryLabelledScenarioEvent) {
  TempDir dir;
  auto store = testing::OpenStore(dir.File("m.db"));
  const std::int64_t start = 1'798'761'600;
  auto generator = TrafficGenerator::Create(
      {.vessels = 50, .seed = 3, .start_unix = start, .scenarios = true});
  ASSERT_TRUE(generator) << generator.error().ToString();
  Picture picture;
  Zones zones;
  ASSERT_TRUE(zones.Reload(*store));
  const DetectorConfig config;
  Detectors detectors(config, ZoneGeography(zones.index(), config));
  core::FakeClock clock(core::FromUnixSeconds(start));
  Ingestor ingestor(*store, picture,
                    {.feed = "scenarios", .clock = &clock, .zones = &zones, .detectors = &detectors});
  std::string chunk;
  const std::int64_t end = start + static_cast<std::int64_t>(kScenarioHours * 3600) + 3600;
  for (std::int64_t t = start; t < end;) {
    t = std::min(end, t + 3600);
    chunk.clear();
    (*generator)->AdvanceTo(t, &chunk);
    ASSERT_TRUE(ingestor.AddBuffer(chunk));
  }
  ASSERT_TRUE(ingestor.Flush());

  auto stored = ReadDetections(*store, {.limit = 100000});
  ASSERT_TRUE(stored) << stored.error().ToString();
  std::vector<DetectionEvent> events;
  for (const StoredDetection& d : *stored) {
    events.push_back({.kind = d.kind, .mmsi = d.mmsi, .partner = d.partner,
                      .start_us = d.start_us, .end_us = d.end_us});
  }
  const auto labels = (*generator)->Scenarios();
  const auto scores = ScoreDetections(labels, events);
  for (std::size_t k = 0; k < kDetectionKinds; ++k) {
    const auto kind = static_cast<DetectionKind>(k);
    EXPECT_EQ(scores[k].labels_found, scores[k].labels) << DetectionKindName(kind);
    EXPECT_EQ(scores[k].negatives_fired, 0u) << DetectionKindName(kind);
  }
  EXPECT_GE(scores[static_cast<std::size_t>(DetectionKind::kGoFast)].labels, 5u);
}

}  // namespace
}  // namespace istmo::maritime

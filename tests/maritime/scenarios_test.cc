// The traffic generator's labelled scenarios (TrafficOptions::scenarios) and the detectors
// measured on them: the generated NMEA goes through ais::Decoder, ReportBuilder and Detectors
// with the built-in zones as Geography, the way a replay does, and each detector's events are
// matched to the labels by kind, MMSI and time (ScoreDetections). Issue 14's goal: recall
// >= 0.95 and precision >= 0.9 per detector. The table printed here is the one in
// docs/maritime.md ("Precision and recall on the scenarios").
#include <cstdio>
#include <limits>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "maritime/detect.h"
#include "maritime/traffic.h"
#include "maritime/zones.h"

namespace istmo::maritime {
namespace {

constexpr std::int64_t kStart = 1'798'761'600;  // 2027-01-01T00:00:00Z

std::unique_ptr<TrafficGenerator> Make(std::size_t vessels, bool scenarios, std::uint64_t seed) {
  auto g = TrafficGenerator::Create(
      {.vessels = vessels, .seed = seed, .start_unix = kStart, .scenarios = scenarios});
  EXPECT_TRUE(g.has_value());
  return g ? std::move(g).value() : nullptr;
}

Geography Zones(const DetectorConfig& config) {
  return ZoneGeography(ZoneIndex::Build(BuiltinZones()), config);
}

TEST(Scenarios, OffByDefaultAndTheSameBackgroundTrafficWhenOn) {
  auto plain = Make(200, false, 3);
  EXPECT_TRUE(plain->Scenarios().empty());
  std::string a;
  plain->AdvanceTo(kStart + 600, &a);
  // The background vessels are built first and keep their identities with scenarios on.
  auto with = Make(200, true, 3);
  EXPECT_FALSE(with->Scenarios().empty());
  const auto p = plain->Stations();
  const auto w = with->Stations();
  ASSERT_GT(w.size(), p.size());
  for (std::size_t i = 0; i < p.size(); ++i) {
    EXPECT_EQ(w[i].mmsi, p[i].mmsi);
    EXPECT_EQ(w[i].name, p[i].name);
  }
  // And the scenarios are deterministic too.
  std::string b, c;
  with->AdvanceTo(kStart + 12 * 3600, &b);
  Make(200, true, 3)->AdvanceTo(kStart + 12 * 3600, &c);
  EXPECT_EQ(b, c);
}

TEST(Scenarios, LabelsLieWhereTheirDetectorsLook) {
  auto g = Make(10, true, 1);
  DetectorConfig config;
  const Geography geo = Zones(config);
  std::set<std::string> scenarios;
  std::set<DetectionKind> kinds;
  for (const ScenarioLabel& l : g->Scenarios()) {
    scenarios.insert(l.scenario);
    if (!l.negative) kinds.insert(l.kind);
    EXPECT_LT(l.start_unix, l.end_unix + 1) << l.scenario;
    EXPECT_LE(l.end_unix, kStart + static_cast<std::int64_t>(kScenarioHours * 3600)) << l.scenario;
    const Place place = geo(l.lat, l.lon);
    SCOPED_TRACE(l.scenario + " at " + l.place);
    if (l.kind == DetectionKind::kGoFast && !l.negative) {
      EXPECT_TRUE(place.in_eez);
    }
    if (l.kind == DetectionKind::kRendezvous && !l.negative) {
      EXPECT_TRUE(place.in_eez);
      EXPECT_GE(place.port_distance_km, 10);
    }
    if (l.kind == DetectionKind::kGap) {
      EXPECT_GT(place.shore_distance_nm, 50);
    }
    if (l.kind == DetectionKind::kLoitering && !l.negative) {
      EXPECT_GE(place.shore_distance_nm, 20);
    }
    if (l.scenario == "tug_in_port") {
      EXPECT_LE(place.shore_distance_nm, 12);
    }
  }
  EXPECT_EQ(kinds,
            (std::set<DetectionKind>{DetectionKind::kGap, DetectionKind::kEncounter,
                                     DetectionKind::kRendezvous, DetectionKind::kLoitering,
                                     DetectionKind::kGoFast, DetectionKind::kImpliedSpeed,
                                     DetectionKind::kDuplicateMmsi, DetectionKind::kInvalidMmsi,
                                     DetectionKind::kIdentityChange}));
  EXPECT_TRUE(scenarios.count("tug_in_port") && scenarios.count("fast_ferry") &&
              scenarios.count("passing_close"));
}

TEST(Scenarios, ScoreCountsMatchesByKindMmsiAndTime) {
  const std::vector<ScenarioLabel> labels = {{.scenario = "a",
                                              .kind = DetectionKind::kGoFast,
                                              .mmsi = 1,
                                              .start_unix = 100,
                                              .end_unix = 200},
                                             {.scenario = "b",
                                              .kind = DetectionKind::kEncounter,
                                              .mmsi = 2,
                                              .partner = 3,
                                              .start_unix = 100,
                                              .end_unix = 200},
                                             {.scenario = "n",
                                              .kind = DetectionKind::kGoFast,
                                              .negative = true,
                                              .mmsi = 4,
                                              .start_unix = 100,
                                              .end_unix = 200}};
  auto event = [](DetectionKind k, std::uint32_t mmsi, std::uint32_t partner, std::int64_t from,
                  std::int64_t to) {
    return DetectionEvent{.kind = k,
                          .mmsi = mmsi,
                          .partner = partner,
                          .start_us = from * 1'000'000,
                          .end_us = to * 1'000'000};
  };
  const std::vector<DetectionEvent> events = {
      event(DetectionKind::kGoFast, 1, 0, 150, 160),       // the label
      event(DetectionKind::kGoFast, 1, 0, 790, 900),       // within the 600 s slack
      event(DetectionKind::kGoFast, 1, 0, 900, 1000),      // too late
      event(DetectionKind::kGoFast, 4, 0, 150, 160),       // the hard negative fired
      event(DetectionKind::kGoFast, 99, 0, 150, 160),      // a background vessel
      event(DetectionKind::kEncounter, 3, 2, 50, 120),     // partner order does not matter
      event(DetectionKind::kRendezvous, 2, 3, 100, 200)};  // the wrong kind
  const auto s = ScoreDetections(labels, events);
  const DetectorScore& fast = s[static_cast<std::size_t>(DetectionKind::kGoFast)];
  EXPECT_EQ(fast.labels, 1u);
  EXPECT_EQ(fast.labels_found, 1u);
  EXPECT_EQ(fast.events, 5u);
  EXPECT_EQ(fast.true_events, 2u);
  EXPECT_EQ(fast.background_events, 1u);
  EXPECT_EQ(fast.negatives_fired, 1u);
  EXPECT_DOUBLE_EQ(fast.precision(), 0.5);  // 2 of the 4 events of the scenarios' vessels
  EXPECT_DOUBLE_EQ(fast.precision_all(), 0.4);
  const DetectorScore& enc = s[static_cast<std::size_t>(DetectionKind::kEncounter)];
  EXPECT_EQ(enc.labels_found, 1u);
  EXPECT_DOUBLE_EQ(enc.precision(), 1);
  const DetectorScore& rdv = s[static_cast<std::size_t>(DetectionKind::kRendezvous)];
  EXPECT_EQ(rdv.labels, 0u);
  EXPECT_EQ(rdv.events, 1u);
  EXPECT_DOUBLE_EQ(rdv.precision(), 0);
}

TEST(Scenarios, EachDetectorFindsItsLabelledEventsWithIssue14sPrecisionAndRecall) {
  const auto evaluated = EvaluateScenarios({.vessels = 300, .seed = 1, .start_unix = kStart});
  ASSERT_TRUE(evaluated.has_value());
  const ScenarioRun& run = *evaluated;
  EXPECT_EQ(run.bad_lines, 0u);
  const auto& scores = run.scores;
  std::printf("scenarios: %zu labels, 300 background vessels, %.0f h, %llu reports, %zu events\n",
              run.labels.size(), kScenarioHours + 1, static_cast<unsigned long long>(run.reports),
              run.events.size());
  std::printf(
      "| detector | labels | found | recall | events | true | background | precision | "
      "precision, background counted false | hard negatives fired |\n");
  for (std::size_t k = 0; k < kDetectionKinds; ++k) {
    const DetectorScore& s = scores[k];
    const auto kind = static_cast<DetectionKind>(k);
    std::printf("| %s | %zu | %zu | %.2f | %zu | %zu | %zu | %.2f | %.2f | %zu |\n",
                std::string(DetectionKindName(kind)).c_str(), s.labels, s.labels_found, s.recall(),
                s.events, s.true_events, s.background_events, s.precision(), s.precision_all(),
                s.negatives_fired);
    EXPECT_GE(s.recall(), 0.95) << DetectionKindName(kind);
    EXPECT_GE(s.precision(), 0.9) << DetectionKindName(kind);
    EXPECT_EQ(s.negatives_fired, 0u) << DetectionKindName(kind);
  }
  // The go-fast runs start off Colombia, outside Panama's EEZ. The two to the Darién coast run
  // within 60 nm of it and are go-fasts from their first minutes, not only once in the EEZ; the
  // one to Azuero crosses the open Panama Bight first, with no coast ahead within 60 nm, and
  // counts from its EEZ entry (printed, docs/maritime.md).
  for (const ScenarioLabel& l : run.labels) {
    if (l.scenario.rfind("go_fast_", 0) != 0) continue;
    std::int64_t first_us = std::numeric_limits<std::int64_t>::max();
    for (const DetectionEvent& e : run.events) {
      if (e.kind == DetectionKind::kGoFast && e.mmsi == l.mmsi) first_us = std::min(first_us, e.start_us);
    }
    std::printf("%s: go-fast from %.0f min after the run's start\n", l.scenario.c_str(),
                (first_us / 1e6 - l.start_unix) / 60);
    if (l.scenario != "go_fast_azuero") {
      EXPECT_LE(first_us / 1'000'000, l.start_unix + 30 * 60) << l.scenario;
    }
  }
  // What a missed label or a false alert was, to read in the log.
  for (const ScenarioLabel& l : run.labels) {
    if (l.negative) continue;
    bool found = false;
    for (const DetectionEvent& e : run.events) found = found || MatchesLabel(e, l);
    if (!found) {
      std::printf("missed: %s %s mmsi %u\n", l.scenario.c_str(),
                  std::string(DetectionKindName(l.kind)).c_str(), l.mmsi);
    }
  }
  for (const DetectionEvent& e : run.events) {
    bool labelled = false;
    for (const ScenarioLabel& l : run.labels) labelled = labelled || MatchesLabel(e, l);
    if (!labelled) {
      std::printf("unlabelled: %s mmsi %u partner %u, %lld-%lld s, measured %.2f\n",
                  std::string(DetectionKindName(e.kind)).c_str(), e.mmsi, e.partner,
                  static_cast<long long>(e.start_us / 1'000'000 - kStart),
                  static_cast<long long>(e.end_us / 1'000'000 - kStart), e.measured);
    }
  }
  // The dark gap is judged likely intentional (far offshore, good reception, a full track
  // before it).
  for (const ScenarioLabel& l : run.labels) {
    if (l.kind != DetectionKind::kGap) continue;
    for (const DetectionEvent& e : run.events) {
      if (MatchesLabel(e, l)) {
        EXPECT_TRUE(e.intentional);
      }
    }
  }
}

}  // namespace
}  // namespace istmo::maritime

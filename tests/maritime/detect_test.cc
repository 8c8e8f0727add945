// The behaviour detectors (maritime/detect.h) on hand-made tracks at the edges of their
// thresholds, their determinism on the traffic generator's replay, their encounter grid against
// brute force, and a run over the real logs of ../shared/data/ais (events per 1,000
// vessel-hours, printed).
#include "maritime/detect.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <numbers>
#include <optional>
#include <set>
#include <span>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "ais/decoder.h"
#include "core/geo.h"
#include "maritime/internal/mmsi_table.h"
#include "maritime/traffic.h"
#include "maritime/zones.h"
#include "testing/temp_dir.h"

namespace istmo::maritime {
namespace {

namespace fs = std::filesystem;

constexpr std::int64_t kT0 = 1'798'761'600'000'000;  // 2027-01-01T00:00:00Z, on an hour

std::int32_t Raw(double deg) { return static_cast<std::int32_t>(std::lround(deg * 600000)); }

struct Craft {
  std::uint32_t mmsi = 351000001;  // Panama
  StationKind kind = StationKind::kClassA;
  std::uint8_t ship_type = 70;  // cargo
  double length_m = 0;
};

DetectorReport At(const Craft& c, double minutes, double lat, double lon, double sog_kn) {
  return {.mmsi = c.mmsi,
          .t_us = kT0 + static_cast<std::int64_t>(std::llround(minutes * 60e6)),
          .lat = Raw(lat),
          .lon = Raw(lon),
          .sog = static_cast<std::uint16_t>(std::lround(sog_kn * 10)),
          .kind = c.kind,
          .ship_type = c.ship_type,
          .length_m = c.length_m};
}

// A track at a steady speed and course from (lat, lon), one report every step_min minutes in
// [from_min, to_min]; positions follow the reported speed.
std::vector<DetectorReport> Track(const Craft& c, double from_min, double to_min, double step_min,
                                  double lat, double lon, double sog_kn, double course_deg = 90) {
  std::vector<DetectorReport> out;
  const double rad = course_deg * std::numbers::pi / 180;
  for (double m = from_min; m <= to_min + 1e-9; m += step_min) {
    const double nm = sog_kn * (m - from_min) / 60;
    const double la = lat + nm * std::cos(rad) / 60;
    const double lo = lon + nm * std::sin(rad) / (60 * std::cos(lat * std::numbers::pi / 180));
    out.push_back(At(c, m, la, lo, sog_kn));
  }
  return out;
}

std::vector<DetectorReport> Merge(std::vector<std::vector<DetectorReport>> tracks) {
  std::vector<DetectorReport> all;
  for (auto& t : tracks) all.insert(all.end(), t.begin(), t.end());
  std::stable_sort(all.begin(), all.end(),
                   [](const auto& a, const auto& b) { return a.t_us < b.t_us; });
  return all;
}

std::vector<DetectionEvent> RunAll(const std::vector<DetectorReport>& reports,
                                   DetectorConfig config = {}, Geography geography = nullptr) {
  Detectors d(std::move(config), std::move(geography));
  std::vector<DetectionEvent> out;
  for (const auto& r : reports) d.Add(r, out);
  d.Finish(out);
  return out;
}

std::vector<DetectionEvent> Of(const std::vector<DetectionEvent>& events, DetectionKind kind) {
  std::vector<DetectionEvent> out;
  for (const auto& e : events) {
    if (e.kind == kind) out.push_back(e);
  }
  return out;
}

double Threshold(const DetectionEvent& e, std::string_view name) {
  for (const auto& t : e.thresholds) {
    if (t.name == name) return t.value;
  }
  return std::nan("");
}

Geography Everywhere(Place place) {
  return [place](double, double) { return place; };
}

// ---- AIS gaps ----

// Steaming at 5 kn with a report a minute for `before_min`, silent for `gap_min`, then heard.
std::vector<DetectorReport> Dark(const Craft& c, double before_min, double gap_min) {
  auto reports = Track(c, 0, before_min, 1, 5.0, -82.0, 5);
  auto after = Track(c, before_min + gap_min, before_min + gap_min + 5, 1, 5.2, -81.9, 5);
  reports.insert(reports.end(), after.begin(), after.end());
  return reports;
}

TEST(DetectGap, SixHoursIsAGapAndJustUnderIsNot) {
  const Craft ship;
  EXPECT_TRUE(Of(RunAll(Dark(ship, 60, 359)), DetectionKind::kGap).empty());
  const auto gaps = Of(RunAll(Dark(ship, 60, 361)), DetectionKind::kGap);
  ASSERT_EQ(gaps.size(), 1u);
  EXPECT_EQ(gaps[0].mmsi, ship.mmsi);
  EXPECT_EQ(gaps[0].end_us - gaps[0].start_us, 361LL * 60'000'000);
  EXPECT_FALSE(gaps[0].intentional);  // under 12 h
  EXPECT_EQ(Threshold(gaps[0], "gap_hours"), 6);
  ASSERT_EQ(gaps[0].evidence.size(), 2u);  // both ends of the gap
  EXPECT_EQ(gaps[0].evidence[0].t_us, gaps[0].start_us);
  EXPECT_EQ(gaps[0].evidence[1].t_us, gaps[0].end_us);
}

TEST(DetectGap, TwelveHoursFarOffshoreWithGoodReceptionIsLikelyIntentional) {
  const Craft ship;
  const Place offshore{.shore_distance_nm = 51};
  auto just_under = Of(RunAll(Dark(ship, 780, 719), {}, Everywhere(offshore)), DetectionKind::kGap);
  ASSERT_EQ(just_under.size(), 1u);
  EXPECT_FALSE(just_under[0].intentional);
  auto dark = Of(RunAll(Dark(ship, 780, 721), {}, Everywhere(offshore)), DetectionKind::kGap);
  ASSERT_EQ(dark.size(), 1u);
  EXPECT_TRUE(dark[0].intentional);
  EXPECT_GE(Threshold(dark[0], "start_positions_before"), 14);
  EXPECT_GT(Threshold(dark[0], "start_reception_per_vessel_day"), 10);
  // Starting 49 nm from shore: a coverage transition as often as not (GFW), not intentional.
  const Place near{.shore_distance_nm = 49};
  auto close = Of(RunAll(Dark(ship, 780, 721), {}, Everywhere(near)), DetectionKind::kGap);
  ASSERT_EQ(close.size(), 1u);
  EXPECT_FALSE(close[0].intentional);
}

TEST(DetectGap, TooFewPositionsBeforeIsNotIntentional) {
  const Craft ship;
  // 13 positions (one an hour for 12 h) and then 13 h dark; then 14 (every 50 min).
  auto sparse = Track(ship, 0, 720, 60, 5.0, -82.0, 5);
  auto after = Track(ship, 720 + 780, 720 + 785, 1, 5.3, -81.8, 5);
  sparse.insert(sparse.end(), after.begin(), after.end());
  // The reception mask is good: many other vessels heard densely in the same cell.
  std::vector<std::vector<DetectorReport>> tracks = {sparse};
  for (std::uint32_t i = 0; i < 20; ++i) {
    tracks.push_back(Track({.mmsi = 351000100 + i}, 0, 60, 0.5, 5.01 + i * 0.01, -82.0, 0.5));
  }
  auto gaps = Of(RunAll(Merge(tracks)), DetectionKind::kGap);
  ASSERT_EQ(gaps.size(), 1u);
  EXPECT_EQ(Threshold(gaps[0], "start_positions_before"), 13);
  EXPECT_FALSE(gaps[0].intentional);
}

// The reception mask: a gap that starts where the feed hears little is not called dark.
TEST(DetectGap, GapWhereTheFeedHearsLittleIsNotIntentional) {
  const Craft ship;
  // Our ship reports every minute in cell (5.0..5.5, -82.5..-82.0) for 13 h, steps into the
  // cell to its east (-82.0..-81.5) for one report, and goes dark for 13 h.
  auto build = [&](int other_messages) {
    // 0.5 kn for 13 h is 0.1088° of longitude at 5.1° N: the track ends at -82.002.
    auto reports = Track(ship, 0, 780, 1, 5.1, -82.1108, 0.5);
    reports.push_back(At(ship, 781, 5.1, -81.999, 0.5));
    reports.push_back(At(ship, 781 + 780, 5.1, -81.998, 0.5));
    std::vector<std::vector<DetectorReport>> tracks = {reports};
    // 20 other vessels cross the eastern cell, each heard `other_messages` times.
    for (std::uint32_t i = 0; i < 20; ++i) {
      tracks.push_back(Track({.mmsi = 351000200 + i}, 10 * i, 10 * i + other_messages - 1, 1,
                             5.2 + i * 0.01, -81.9, 0.5));
    }
    return Merge(tracks);
  };
  auto poor = Of(RunAll(build(2)), DetectionKind::kGap);
  ASSERT_EQ(poor.size(), 1u);
  EXPECT_LE(Threshold(poor[0], "start_reception_per_vessel_day"), 10);
  EXPECT_FALSE(poor[0].intentional);
  auto good = Of(RunAll(build(30)), DetectionKind::kGap);
  ASSERT_EQ(good.size(), 1u);
  EXPECT_TRUE(good[0].intentional);
}

TEST(DetectGap, SmallCraftInsideTheEezHaveShorterThresholds) {
  const Craft panga{.mmsi = 351000002, .kind = StationKind::kClassB, .ship_type = 0};
  const Place eez{.in_eez = true, .shore_distance_nm = 13};
  EXPECT_TRUE(Of(RunAll(Dark(panga, 60, 119), {}, Everywhere(eez)), DetectionKind::kGap).empty());
  auto gaps = Of(RunAll(Dark(panga, 300, 121), {}, Everywhere(eez)), DetectionKind::kGap);
  ASSERT_EQ(gaps.size(), 1u);
  EXPECT_FALSE(gaps[0].intentional);  // under 4 h
  EXPECT_EQ(Threshold(gaps[0], "gap_hours"), 2);
  auto dark = Of(RunAll(Dark(panga, 300, 241), {}, Everywhere(eez)), DetectionKind::kGap);
  ASSERT_EQ(dark.size(), 1u);
  EXPECT_TRUE(dark[0].intentional);
  // The same craft outside the EEZ keeps the 6 h rule.
  EXPECT_TRUE(Of(RunAll(Dark(panga, 300, 241)), DetectionKind::kGap).empty());
}

TEST(DetectGap, ZoneOverrideAppliesItsThresholds) {
  const Craft ship;
  DetectorConfig config;
  config.by_zone["aoi-strict"].gap = std::chrono::minutes(60);
  const Place strict{.zone_id = "aoi-strict"};
  auto in_zone = Of(RunAll(Dark(ship, 60, 90), config, Everywhere(strict)), DetectionKind::kGap);
  ASSERT_EQ(in_zone.size(), 1u);
  EXPECT_EQ(in_zone[0].zone_id, "aoi-strict");
  EXPECT_EQ(Threshold(in_zone[0], "gap_hours"), 1);
  EXPECT_TRUE(Of(RunAll(Dark(ship, 60, 90), config), DetectionKind::kGap).empty());
}

TEST(DetectGap, VesselSilentPastTheHorizonIsForgottenWithAnOpenGap) {
  const Craft a, b{.mmsi = 351000003};
  Detectors d;
  std::vector<DetectionEvent> out;
  for (const auto& r : Track(a, 0, 30, 1, 5.0, -82.0, 5)) d.Add(r, out);
  for (const auto& r : Track(b, 49 * 60, 49 * 60 + 20, 1, 6.0, -82.0, 5)) d.Add(r, out);
  EXPECT_EQ(d.stats().vessels, 1u);
  EXPECT_EQ(d.stats().evicted, 1u);
  auto gaps = Of(out, DetectionKind::kGap);
  ASSERT_EQ(gaps.size(), 1u);
  EXPECT_EQ(gaps[0].mmsi, a.mmsi);
  EXPECT_TRUE(gaps[0].open);
}

TEST(DetectGap, OneReportWithABadClockDoesNotEndEveryVessel) {
  const Craft a, b{.mmsi = 351000004}, c{.mmsi = 351000005};
  Detectors d;
  std::vector<DetectionEvent> out;
  for (const auto& r :
       Merge({Track(a, 0, 30, 1, 5.0, -82.0, 5), Track(b, 0, 30, 1, 6.0, -82.0, 5)})) {
    d.Add(r, out);
  }
  d.Add(At(c, 72 * 60, 7.0, -82.0, 5), out);  // 3 days ahead: a bad clock
  for (const auto& r : Track(a, 31, 40, 1, 5.04, -82.0, 5)) d.Add(r, out);
  EXPECT_EQ(d.stats().future, 1u);
  EXPECT_EQ(d.stats().evicted, 0u);  // b is silent since minute 30, yet not evicted
  EXPECT_TRUE(out.empty());
  // After an outage the feed's reports agree on the new time: it is taken, and each vessel's
  // report is judged on its own time (a gap each).
  d.Add(At(a, 72 * 60, 5.1, -82.0, 5), out);
  d.Add(At(b, 72 * 60 + 1, 6.1, -82.0, 5), out);
  EXPECT_EQ(d.stats().future, 2u);  // the first of them waited for the second
  EXPECT_EQ(Of(out, DetectionKind::kGap).size(), 2u);
}

// ---- Encounters and rendezvous ----

// Two vessels side by side `apart_m` metres, drifting east at `sog_kn`, for `minutes`.
std::vector<DetectorReport> Together(double minutes, double apart_m, double sog_kn,
                                     const Craft& a = {.mmsi = 351000010},
                                     const Craft& b = {.mmsi = 351000011, .ship_type = 30}) {
  const double dlat = apart_m / 111195.0;
  return Merge({Track(a, 0, minutes, 1, 6.0, -81.0, sog_kn),
                Track(b, 0.5, minutes, 1, 6.0 + dlat, -81.0, sog_kn)});
}

TEST(DetectEncounter, TwoHoursWithin500MetresSlowIsAnEncounter) {
  auto events = Of(RunAll(Together(122, 450, 1)), DetectionKind::kEncounter);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].mmsi, 351000010u);
  EXPECT_EQ(events[0].partner, 351000011u);
  EXPECT_GE(events[0].end_us - events[0].start_us, 120LL * 60'000'000);
  EXPECT_EQ(Threshold(events[0], "max_distance_m"), 500);
  std::set<std::uint32_t> tracks;
  for (const auto& p : events[0].evidence) tracks.insert(p.mmsi);
  EXPECT_EQ(tracks.size(), 2u);  // both tracks
  EXPECT_TRUE(std::is_sorted(events[0].evidence.begin(), events[0].evidence.end(),
                             [](const auto& x, const auto& y) { return x.t_us < y.t_us; }));
}

TEST(DetectEncounter, JustUnderAnyThresholdIsNoEncounter) {
  EXPECT_TRUE(Of(RunAll(Together(118, 450, 1)), DetectionKind::kEncounter).empty());    // < 2 h
  EXPECT_TRUE(Of(RunAll(Together(122, 550, 1)), DetectionKind::kEncounter).empty());    // > 500 m
  EXPECT_TRUE(Of(RunAll(Together(122, 450, 2.1)), DetectionKind::kEncounter).empty());  // >= 2 kn
  // 9 km from a port or anchorage: ships wait there together all day.
  const Place anchorage{.port_distance_km = 9};
  EXPECT_TRUE(
      Of(RunAll(Together(122, 450, 1), {}, Everywhere(anchorage)), DetectionKind::kEncounter)
          .empty());
  const Place away{.port_distance_km = 11};
  EXPECT_EQ(
      Of(RunAll(Together(122, 450, 1), {}, Everywhere(away)), DetectionKind::kEncounter).size(),
      1u);
}

TEST(DetectEncounter, ShortRendezvousInsideTheEezAwayFromPorts) {
  const Place eez{.in_eez = true, .shore_distance_nm = 30, .port_distance_km = 40};
  DetectorConfig any_pair;  // the fast arrival is the next test's
  any_pair.defaults.rendezvous_fast_arrival = std::chrono::minutes(0);
  auto events = RunAll(Together(16, 300, 0.5), any_pair, Everywhere(eez));
  ASSERT_EQ(Of(events, DetectionKind::kRendezvous).size(), 1u);
  EXPECT_TRUE(Of(events, DetectionKind::kEncounter).empty());
  EXPECT_TRUE(
      Of(RunAll(Together(14, 300, 0.5), any_pair, Everywhere(eez)), DetectionKind::kRendezvous)
          .empty());
  EXPECT_TRUE(Of(RunAll(Together(16, 300, 0.5), any_pair), DetectionKind::kRendezvous)
                  .empty());  // high seas
}

TEST(DetectEncounter, RendezvousNeedsOneOfThePairFastJustBefore) {
  const Place eez{.in_eez = true, .shore_distance_nm = 30, .port_distance_km = 40};
  // Two fishing boats drifting side by side: no rendezvous by default.
  EXPECT_TRUE(
      Of(RunAll(Together(16, 300, 0.5), {}, Everywhere(eez)), DetectionKind::kRendezvous).empty());
  // A go-fast runs in at 35 kn for 20 min, stops 300 m from the fishing boat, lies there 20 min.
  const Craft boat{.mmsi = 351000030, .ship_type = 30};
  const Craft panga{.mmsi = 351000031, .kind = StationKind::kClassB, .ship_type = 37};
  const double run_nm = 35.0 * 20 / 60;
  const double meet_lat = 6.0 + 300 / 111195.0;
  auto in = Track(panga, 0, 20, 0.5, meet_lat - run_nm / 60, -81.0, 35, 0);
  auto alongside = Track(panga, 21, 41, 1, meet_lat, -81.0, 0);
  auto fishing = Track(boat, 0, 41, 1, 6.0, -81.0, 0);
  auto events = RunAll(Merge({in, alongside, fishing}), {}, Everywhere(eez));
  const auto rdv = Of(events, DetectionKind::kRendezvous);
  ASSERT_EQ(rdv.size(), 1u);
  EXPECT_EQ(Threshold(rdv[0], "fast_arrival_minutes"), 60);
}

// Two meetings of one pair drifting 300 m apart: `first` minutes together, the second vessel
// silent for `gap` minutes (the first goes on reporting), then `second` minutes together again.
std::vector<DetectorReport> MeetTwice(double first, double gap, double second) {
  const Craft a{.mmsi = 351000012}, b{.mmsi = 351000013, .ship_type = 30};
  const double dlat = 300 / 111195.0;
  const double end = first + gap + second;
  return Merge({Track(a, 0, end, 1, 6.0, -81.0, 0), Track(b, 0.5, first, 1, 6.0 + dlat, -81.0, 0),
                Track(b, first + gap, end, 1, 6.0 + dlat, -81.0, 0)});
}

TEST(DetectEncounter, SamePairLessThanFourHoursApartIsOneEncounter) {
  auto events = Of(RunAll(MeetTwice(130, 200, 125)), DetectionKind::kEncounter);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].start_us, kT0);
  EXPECT_GE(events[0].end_us, kT0 + (130 + 200 + 125 - 1) * 60'000'000LL);
  EXPECT_EQ(Threshold(events[0], "merge_gap_hours"), 4);
  // Four hours apart or more: two encounters.
  EXPECT_EQ(Of(RunAll(MeetTwice(130, 250, 125)), DetectionKind::kEncounter).size(), 2u);
}

TEST(DetectEncounter, MergedEncounterIsReleasedOnceTheGapHasPassedLiveAsInReplay) {
  // Live: no Finish; the encounter comes out once the stream's time is 4 h past its end.
  auto reports = MeetTwice(130, 200, 125);
  const Craft other{.mmsi = 351000014};
  auto later = Track(other, 130 + 200 + 125 + 30, 130 + 200 + 125 + 300, 10, 5.0, -82.0, 0);
  reports.insert(reports.end(), later.begin(), later.end());
  Detectors live;
  std::vector<DetectionEvent> out;
  for (const auto& r : reports) live.Add(r, out);
  EXPECT_EQ(Of(out, DetectionKind::kEncounter).size(), 1u);
}

TEST(DetectEncounter, PairFoundFarNorthWhereGridCellsAreNarrow) {
  // At 70° N a 0.01° column is 380 m wide: 450 m east-west spans two columns.
  const Craft a{.mmsi = 257000001}, b{.mmsi = 257000002};
  const double dlon = 450 / (111195.0 * std::cos(70 * std::numbers::pi / 180));
  auto reports = Merge(
      {Track(a, 0, 125, 1, 70.0, 20.0, 0.5, 0), Track(b, 0.5, 125, 1, 70.0, 20.0 + dlon, 0.5, 0)});
  EXPECT_EQ(Of(RunAll(reports), DetectionKind::kEncounter).size(), 1u);
}

// The grid finds exactly the pairs a brute-force comparison finds.
TEST(DetectEncounter, GridAgreesWithBruteForce) {
  std::vector<std::vector<DetectorReport>> tracks;
  std::uint64_t s = 42;
  auto next = [&s] {
    s = s * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<double>(s >> 11) / 9007199254740992.0;
  };
  std::vector<std::pair<double, double>> where;
  for (std::uint32_t i = 0; i < 300; ++i) {
    const double lat = 7.0 + next() * 0.05, lon = -80.0 + next() * 0.05;
    where.emplace_back(lat, lon);
    tracks.push_back(Track({.mmsi = 351100000 + i}, i * 0.001, 150, 5, lat, lon, 0));
  }
  std::set<std::pair<std::uint32_t, std::uint32_t>> expected;
  for (std::uint32_t i = 0; i < where.size(); ++i) {
    for (std::uint32_t j = i + 1; j < where.size(); ++j) {
      if (core::DistanceMeters({where[i].first, where[i].second},
                               {where[j].first, where[j].second}) <= 500) {
        expected.emplace(351100000 + i, 351100000 + j);
      }
    }
  }
  std::set<std::pair<std::uint32_t, std::uint32_t>> found;
  for (const auto& e : Of(RunAll(Merge(tracks)), DetectionKind::kEncounter)) {
    found.emplace(e.mmsi, e.partner);
  }
  EXPECT_GT(expected.size(), 10u);
  EXPECT_EQ(found, expected);
}

// ---- Loitering ----

TEST(DetectLoitering, TwoSlowHourBlocksFarOffshore) {
  const Place offshore{.shore_distance_nm = 21};
  const Craft carrier{.ship_type = 70};
  auto events = Of(RunAll(Track(carrier, 0, 119, 1, 5.0, -81.0, 1.5), {}, Everywhere(offshore)),
                   DetectionKind::kLoitering);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_NEAR(events[0].measured, 1.5, 0.05);
  EXPECT_EQ(Threshold(events[0], "hour_blocks"), 2);
  // One hour block is not enough; 2.1 kn is not slow; 19 nm is too close to shore; a fishing
  // vessel's job is to go slowly.
  EXPECT_TRUE(Of(RunAll(Track(carrier, 0, 59, 1, 5.0, -81.0, 1.5), {}, Everywhere(offshore)),
                 DetectionKind::kLoitering)
                  .empty());
  EXPECT_TRUE(Of(RunAll(Track(carrier, 0, 119, 1, 5.0, -81.0, 2.1), {}, Everywhere(offshore)),
                 DetectionKind::kLoitering)
                  .empty());
  const Place inshore{.shore_distance_nm = 19};
  EXPECT_TRUE(Of(RunAll(Track(carrier, 0, 119, 1, 5.0, -81.0, 1.5), {}, Everywhere(inshore)),
                 DetectionKind::kLoitering)
                  .empty());
  const Craft fishing{.ship_type = 30};
  EXPECT_TRUE(Of(RunAll(Track(fishing, 0, 119, 1, 5.0, -81.0, 1.5), {}, Everywhere(offshore)),
                 DetectionKind::kLoitering)
                  .empty());
}

TEST(DetectLoitering, FastHourEndsTheRun) {
  const Craft carrier{.ship_type = 80};
  auto reports = Track(carrier, 0, 119, 1, 5.0, -81.0, 1);
  auto fast = Track(carrier, 120, 179, 1, 5.0, -80.97, 12);
  auto slow = Track(carrier, 180, 239, 1, 5.0, -80.76, 1);
  reports.insert(reports.end(), fast.begin(), fast.end());
  reports.insert(reports.end(), slow.begin(), slow.end());
  auto events = Of(RunAll(reports), DetectionKind::kLoitering);
  ASSERT_EQ(events.size(), 1u);  // the first two hours; the last one alone is too short
  EXPECT_EQ(events[0].start_us, kT0);
}

// ---- Go-fast ----

TEST(DetectGoFast, SmallCraftOver25KnotsForTenMinutesInTheEez) {
  const Place eez{.in_eez = true, .shore_distance_nm = 15};
  const Craft panga{.mmsi = 351000020, .kind = StationKind::kClassB, .ship_type = 0};
  auto run = [&](const Craft& c, double minutes, double kn, const Place& p) {
    return Of(RunAll(Track(c, 0, minutes, 0.5, 7.0, -78.5, kn, 20), {}, Everywhere(p)),
              DetectionKind::kGoFast);
  };
  auto events = run(panga, 11, 26, eez);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_NEAR(events[0].measured, 26, 0.05);
  EXPECT_EQ(Threshold(events[0], "min_speed_kn"), 25);
  EXPECT_GT(events[0].evidence.size(), 10u);         // the speed profile
  EXPECT_TRUE(run(panga, 9, 26, eez).empty());       // under 10 min
  EXPECT_TRUE(run(panga, 11, 24.9, eez).empty());    // not over 25 kn
  EXPECT_TRUE(run(panga, 11, 26, Place{}).empty());  // outside the EEZ
  const Craft ferry{.mmsi = 351000021, .ship_type = 60, .length_m = 40};
  EXPECT_TRUE(run(ferry, 11, 26, eez).empty());                                  // not small craft
  EXPECT_EQ(run({.mmsi = 351000022, .ship_type = 37}, 11, 26, eez).size(), 1u);  // pleasure
  EXPECT_EQ(run({.mmsi = 351000023, .ship_type = 0, .length_m = 15}, 11, 26, eez).size(), 1u);
}

TEST(DetectGoFast, OutsideTheEezOnACourseToALandingCoast) {
  // Colombian waters west of Bahía Solano (outside Panama's EEZ), the real coastline around.
  Geography geo = ZoneGeography(ZoneIndex::Build(BuiltinZones()), DetectorConfig{});
  ASSERT_FALSE(geo(6.3, -77.75).in_eez);
  const Craft panga{.mmsi = 730000001, .kind = StationKind::kClassB};
  auto run = [&](double course, double limit_nm) {
    auto reports = Track(panga, 0, 12, 0.5, 6.3, -77.75, 35, course);
    for (auto& r : reports) r.cog = static_cast<std::uint16_t>(std::lround(course * 10));
    DetectorConfig config;
    config.defaults.go_fast_landing_coast_nm = limit_nm;
    return Of(RunAll(reports, config, geo), DetectionKind::kGoFast);
  };
  // East, to the Colombian coast about 17 nm away: a landing coast ahead.
  auto events = run(90, 60);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(Threshold(events[0], "landing_coast_nm"), 60);
  EXPECT_TRUE(run(90, 5).empty());    // the coast is farther than the limit
  EXPECT_TRUE(run(240, 60).empty());  // out to sea, south-west: no coast within 60 nm
  // Without a course over ground the heading is unknown: not a go-fast outside the EEZ.
  auto no_cog = Track(panga, 0, 12, 0.5, 6.3, -77.75, 35, 90);
  EXPECT_TRUE(Of(RunAll(no_cog, {}, geo), DetectionKind::kGoFast).empty());
}

TEST(DetectGoFast, SilenceLongerThanTheReportGapSplitsTheRun) {
  const Place eez{.in_eez = true};
  const Craft panga{.mmsi = 351000024, .kind = StationKind::kClassB};
  auto reports = Track(panga, 0, 6, 0.5, 7.0, -78.5, 30, 0);
  auto later = Track(panga, 10, 16, 0.5, 7.0 + 30.0 * 10 / 60 / 60, -78.5, 30, 0);
  reports.insert(reports.end(), later.begin(), later.end());
  EXPECT_TRUE(Of(RunAll(reports, {}, Everywhere(eez)), DetectionKind::kGoFast).empty());
}

// ---- Spoofing and identity ----

TEST(DetectSpoofing, ImpliedSpeedBeyondTheTypeWithGfwPadding) {
  const Craft ship;
  // In one minute the allowance is hypot(1/60 h, 0.25 h) x 25 kn = 6.26 nm.
  auto jump = [&](double nm) {
    auto reports = Track(ship, 0, 10, 1, 5.0, -82.0, 10, 0);
    const double lat = reports.back().lat / 600000.0;
    auto after = Track(ship, 11, 20, 1, lat + nm / 60, -82.0, 10, 0);
    reports.insert(reports.end(), after.begin(), after.end());
    return Of(RunAll(reports), DetectionKind::kImpliedSpeed);
  };
  EXPECT_TRUE(jump(6.1).empty());
  auto events = jump(6.5);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_NEAR(events[0].measured, 6.5 * 60, 15);
  EXPECT_EQ(Threshold(events[0], "max_speed_kn"), 25);
  // A high-speed craft (type 40) may cover it.
  const Craft hsc{.ship_type = 40};
  auto reports = Track(hsc, 0, 10, 1, 5.0, -82.0, 10, 0);
  auto after = Track(hsc, 11, 20, 1, reports.back().lat / 600000.0 + 6.5 / 60, -82.0, 10, 0);
  reports.insert(reports.end(), after.begin(), after.end());
  EXPECT_TRUE(Of(RunAll(reports), DetectionKind::kImpliedSpeed).empty());
}

TEST(DetectSpoofing, OneJumpThenSteadyIsNotTwoVessels) {
  const Craft ship;
  auto reports = Track(ship, 0, 10, 1, 5.0, -82.0, 10);
  auto after = Track(ship, 11, 60, 1, 6.0, -82.0, 10);
  reports.insert(reports.end(), after.begin(), after.end());
  auto events = RunAll(reports);
  EXPECT_EQ(Of(events, DetectionKind::kImpliedSpeed).size(), 1u);
  EXPECT_TRUE(Of(events, DetectionKind::kDuplicateMmsi).empty());
}

TEST(DetectSpoofing, SameMmsiInTwoPlacesAtOnce) {
  const Craft ship;
  auto two = [&](double minutes) {
    return Merge(
        {Track(ship, 0, minutes, 1, 5.0, -82.0, 10), Track(ship, 0.5, minutes, 1, 8.0, -79.0, 10)});
  };
  // Reports alternate A B A B ...: the first B is a jump, then each switch counts.
  auto events = RunAll(two(30));
  auto dup = Of(events, DetectionKind::kDuplicateMmsi);
  ASSERT_EQ(dup.size(), 1u);
  EXPECT_EQ(dup[0].mmsi, ship.mmsi);
  EXPECT_GE(dup[0].measured, 4);
  std::set<std::int32_t> lats;
  for (const auto& p : dup[0].evidence) lats.insert(p.lat / 600000);
  EXPECT_EQ(lats, (std::set<std::int32_t>{5, 8}));  // evidence from both places
  EXPECT_EQ(Of(events, DetectionKind::kImpliedSpeed).size(), 1u);
  // A B A B (three switches) is not yet enough.
  EXPECT_TRUE(Of(RunAll(two(1.5)), DetectionKind::kDuplicateMmsi).empty());
}

TEST(DetectSpoofing, InvalidMmsi) {
  auto events = [](std::uint32_t mmsi) {
    return Of(RunAll(Track({.mmsi = mmsi}, 0, 5, 1, 5.0, -82.0, 10)), DetectionKind::kInvalidMmsi);
  };
  EXPECT_TRUE(events(351000001).empty());   // Panama
  EXPECT_EQ(events(12345).size(), 1u);      // not nine digits
  EXPECT_EQ(events(100000001).size(), 1u);  // MID 100 is not allocated
  EXPECT_EQ(events(1193046).size(), 1u);    // "0001193046": no ship form
  EXPECT_EQ(events(999999999).size(), 1u);  // 99MID: an aid's form from a ship
}

TEST(DetectSpoofing, PositionsOnLand) {
  // Land north of 9° N in this made-up geography.
  Geography land = [](double lat, double) { return Place{.on_land = lat > 9.0}; };
  const Craft ship;
  auto at_sea = Track(ship, 0, 5, 1, 8.9, -80.0, 0);
  auto ashore = [&](int n) {
    auto reports = at_sea;
    auto on = Track(ship, 6, 6 + n - 1, 1, 9.1, -80.0, 0);
    reports.insert(reports.end(), on.begin(), on.end());
    auto back = Track(ship, 6 + n, 10 + n, 1, 8.9, -80.0, 0);
    reports.insert(reports.end(), back.begin(), back.end());
    return Of(RunAll(reports, {}, land), DetectionKind::kOnLand);
  };
  EXPECT_TRUE(ashore(2).empty());
  auto events = ashore(3);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].measured, 3);
  EXPECT_EQ(events[0].evidence.size(), 3u);
}

TEST(DetectSpoofing, NotAvailableSentinelsSentAsValues) {
  const Craft ship;
  auto with = [&](int n, auto&& spoil) {
    auto reports = Track(ship, 0, 10 + n, 1, 5.0, -82.0, 10);
    for (int i = 0; i < n; ++i) spoil(reports[5 + i]);
    return Of(RunAll(reports), DetectionKind::kNotAvailable);
  };
  auto no_speed = [](DetectorReport& r) { r.sog = ais::kSpeedNotAvailable; };
  auto no_lat = [](DetectorReport& r) { r.lat = ais::kLatNotAvailable; };
  auto no_lon = [](DetectorReport& r) { r.lon = ais::kLonNotAvailable; };
  EXPECT_TRUE(with(2, no_speed).empty());
  EXPECT_EQ(with(3, no_speed).size(), 1u);
  EXPECT_EQ(with(3, no_lat).size(), 1u);
  EXPECT_EQ(with(3, no_lon).size(), 1u);
  // A position that is not available is not a gap's end nor a jump.
  auto events = RunAll([&] {
    auto reports = Track(ship, 0, 30, 1, 5.0, -82.0, 10);
    for (int i = 5; i < 25; ++i) reports[i].lat = ais::kLatNotAvailable;
    return reports;
  }());
  EXPECT_TRUE(Of(events, DetectionKind::kImpliedSpeed).empty());
}

// ---- From AIS messages to reports ----

TEST(DetectReportBuilder, StationKindFromTheMmsiFormThenTheType) {
  EXPECT_EQ(StationKindOf(1, 351000001), StationKind::kClassA);
  EXPECT_EQ(StationKindOf(18, 351000001), StationKind::kClassB);
  EXPECT_EQ(StationKindOf(4, 3669987), StationKind::kBaseStation);        // 003669987
  EXPECT_EQ(StationKindOf(1, 993510001), StationKind::kAidToNavigation);  // 99MID form wins
  EXPECT_EQ(StationKindOf(9, 111351001), StationKind::kSarAircraft);
  EXPECT_EQ(StationKindOf(27, 351000001), StationKind::kUnknown);
}

// ---- The MMSI table under the detectors ----

TEST(DetectMmsiTable, AgreesWithAMapUnderInsertAndEraseChurn) {
  internal::MmsiTable<std::uint64_t> table;
  std::map<std::uint32_t, std::uint64_t> expected;
  std::uint64_t s = 7;
  for (int step = 0; step < 200000; ++step) {
    s = s * 6364136223846793005ULL + 1442695040888963407ULL;
    const auto mmsi = static_cast<std::uint32_t>((s >> 33) % 5000);  // MMSI 0 included
    if ((s >> 20) % 3 == 0) {
      table.Erase(mmsi);
      expected.erase(mmsi);
    } else {
      auto [value, created] = table.FindOrInsert(mmsi);
      EXPECT_EQ(created, !expected.contains(mmsi));
      *value += step;
      expected[mmsi] += step;
    }
  }
  EXPECT_EQ(table.size(), expected.size());
  std::map<std::uint32_t, std::uint64_t> got;
  table.ForEach([&](std::uint32_t mmsi, std::uint64_t v) { got[mmsi] = v; });
  EXPECT_EQ(got, expected);
  EXPECT_EQ(table.Find(5001), nullptr);
}

// A hint is a shortcut only: hints shared by several MMSIs, hints naming an erased record
// since reused by another MMSI, and calls without a hint all land on the MMSI's own record.
TEST(DetectMmsiTable, HintsNeverNameAnotherMmsisRecord) {
  internal::MmsiTable<std::uint64_t> table;
  std::map<std::uint32_t, std::uint64_t> expected;
  std::uint64_t s = 11;
  for (int step = 0; step < 200000; ++step) {
    s = s * 6364136223846793005ULL + 1442695040888963407ULL;
    const auto mmsi = static_cast<std::uint32_t>((s >> 33) % 5000);
    // Mostly the MMSI's own slot; one call in eight a slot another MMSI uses, one in eight none,
    // one in eight one too large to index.
    const std::uint32_t pick = (s >> 12) % 8;
    const std::uint32_t hint = pick == 0   ? internal::MmsiTable<std::uint64_t>::kNoHint
                               : pick == 1 ? (mmsi + 1) % 5000
                               : pick == 2 ? 0xFFFFFFF0u - mmsi
                                           : mmsi;
    if ((s >> 20) % 3 == 0) {
      table.Erase(mmsi);
      expected.erase(mmsi);
    } else {
      auto [value, created] = table.FindOrInsert(mmsi, hint);
      EXPECT_EQ(created, !expected.contains(mmsi));
      *value += step;
      expected[mmsi] += step;
    }
  }
  std::map<std::uint32_t, std::uint64_t> got;
  table.ForEach([&](std::uint32_t mmsi, std::uint64_t v) { got[mmsi] = v; });
  EXPECT_EQ(got, expected);
}

// ---- Geography from the zones ----

TEST(DetectZoneGeography, KnownPlacesAroundPanama) {
  DetectorConfig config;
  config.by_zone["PAN-CONTIGUOUS"].go_fast_min_speed_kn = 20;
  Geography geo = ZoneGeography(ZoneIndex::Build(BuiltinZones()), config);
  // The Pacific anchorage: in the EEZ, inside the territorial sea, at a port zone.
  const Place anchorage = geo(8.85, -79.45);
  EXPECT_TRUE(anchorage.in_eez);
  EXPECT_LE(anchorage.shore_distance_nm, 12);
  EXPECT_EQ(anchorage.port_distance_km, 0);
  EXPECT_TRUE(anchorage.zone_id.empty());
  // South of Azuero, 12 to 24 nm out: the contiguous zone, which has its own thresholds.
  const Place azuero = geo(7.0, -80.5);
  EXPECT_TRUE(azuero.in_eez);
  EXPECT_GT(azuero.shore_distance_nm, 12);  // the coastline's distance, within the belt's
  EXPECT_LT(azuero.shore_distance_nm, 24);
  EXPECT_EQ(azuero.zone_id, "PAN-CONTIGUOUS");
  EXPECT_GE(azuero.port_distance_km, 10);  // the cap: every port farther than the threshold
  // Open EEZ, far out.
  const Place open = geo(6.5, -80.5);
  EXPECT_TRUE(open.in_eez);
  EXPECT_GT(open.shore_distance_nm, 24);
  EXPECT_LT(open.shore_distance_nm, 60);
  // Outside Panama's EEZ (the open Pacific west of it).
  EXPECT_FALSE(geo(4.0, -88.0).in_eez);
}

// ---- Determinism: replay equals live ----

std::vector<DetectorReport> Decode(std::string_view nmea, ReportBuilder& builder) {
  ais::Decoder decoder;
  std::vector<DetectorReport> out;
  decoder.DecodeBuffer(nmea, [&](const ais::Message& m) {
    if (!m.envelope.time) return;
    if (auto r = builder.Add(m, m.envelope.time->time_since_epoch().count())) out.push_back(*r);
  });
  return out;
}

TEST(DetectDeterminism, ReplayOfTheTrafficGeneratorEqualsLiveSteps) {
  const std::int64_t start = 1'798'761'600;
  auto make = [&] {
    return std::move(TrafficGenerator::Create({.vessels = 400, .seed = 5, .start_unix = start}))
        .value();
  };
  const Place eez{.in_eez = true, .shore_distance_nm = 30, .port_distance_km = 20};
  // Replay: the whole log at once, through the batch call.
  auto gen = make();
  std::string log;
  gen->AdvanceTo(start + 3 * 3600, &log);
  ReportBuilder replay_builder;
  const auto reports = Decode(log, replay_builder);
  Detectors replay({}, Everywhere(eez));
  std::vector<DetectionEvent> replayed;
  replay.Add(std::span<const DetectorReport>(reports), replayed);
  // Live: the generator's 2 s steps, decoded and detected one report at a time as they come.
  auto live_gen = make();
  ReportBuilder live_builder;
  ais::Decoder decoder;
  Detectors live({}, Everywhere(eez));
  std::vector<DetectionEvent> lived;
  std::string chunk;
  for (std::int64_t t = start + 2; t <= start + 3 * 3600; t += 2) {
    chunk.clear();
    live_gen->AdvanceTo(t, &chunk);
    decoder.DecodeBuffer(chunk, [&](const ais::Message& m) {
      if (auto r = live_builder.Add(m, m.envelope.time->time_since_epoch().count()))
        live.Add(*r, lived);
    });
  }
  EXPECT_GT(reports.size(), 100000u);
  EXPECT_EQ(lived, replayed);
  // And a second replay gives the same again.
  Detectors again({}, Everywhere(eez));
  std::vector<DetectionEvent> second;
  for (const auto& r : reports) again.Add(r, second);
  EXPECT_EQ(second, replayed);
  // Picture slots change nothing, right or wrong: each MMSI's own (dense, as the ingest path
  // gives them), then slots shared by several MMSIs.
  for (const std::uint32_t modulo : {0u, 97u}) {
    std::map<std::uint32_t, std::uint32_t> slot_of;
    std::vector<DetectorReport> slotted = reports;
    for (DetectorReport& r : slotted) {
      const auto dense =
          static_cast<std::uint32_t>(slot_of.emplace(r.mmsi, slot_of.size()).first->second);
      r.picture_slot = modulo == 0 ? dense : r.mmsi % modulo;
    }
    Detectors with_slots({}, Everywhere(eez));
    std::vector<DetectionEvent> by_slot;
    with_slots.Add(std::span<const DetectorReport>(slotted), by_slot);
    EXPECT_EQ(by_slot, replayed) << "slots modulo " << modulo;
  }
  std::map<std::string_view, int> by_kind;
  for (const auto& e : replayed) ++by_kind[DetectionKindName(e.kind)];
  std::printf("generator replay, 400 vessels, 3 h, all in a made-up EEZ: %zu events\n",
              replayed.size());
  for (const auto& [kind, n] : by_kind) std::printf("  %s: %d\n", std::string(kind).c_str(), n);
}

// ---- Real logs: false alerts per 1,000 vessel-hours ----

// The UTC time a type 4 base station report carries, when it is a real one.
std::optional<std::int64_t> BaseStationTime(const ais::Message& m) {
  const auto* b = std::get_if<ais::BaseStationReport>(&m.body);
  if (m.type != 4 || b == nullptr || b->year < 2000 || b->year > 2100 || b->month < 1 ||
      b->month > 12 || b->day < 1 || b->day > 31 || b->hour > 23 || b->minute > 59 ||
      b->second > 59) {
    return std::nullopt;
  }
  using namespace std::chrono;
  const sys_days day = year{b->year} / month{b->month} / std::chrono::day{b->day};
  return duration_cast<microseconds>(day.time_since_epoch() + hours{b->hour} + minutes{b->minute} +
                                     seconds{b->second})
      .count();
}

// The UTC time of a $GPRMC sentence (hhmmss in field 1, ddmmyy in field 9), when valid.
std::optional<std::int64_t> RmcTime(std::string_view line) {
  if (line.substr(0, 6) != "$GPRMC") return std::nullopt;
  std::vector<std::string_view> f;
  for (std::size_t pos = 0; pos <= line.size();) {
    const std::size_t comma = std::min(line.find(',', pos), line.size());
    f.push_back(line.substr(pos, comma - pos));
    pos = comma + 1;
  }
  if (f.size() < 10 || f[1].size() < 6 || f[9].size() != 6) return std::nullopt;
  auto num = [](std::string_view t, std::size_t at) {
    return (t[at] - '0') * 10 + (t[at + 1] - '0');
  };
  for (std::size_t i = 0; i < 6; ++i) {
    if (f[1][i] < '0' || f[1][i] > '9' || f[9][i] < '0' || f[9][i] > '9') return std::nullopt;
  }
  using namespace std::chrono;
  const year_month_day ymd{year{2000 + num(f[9], 4)}, month(num(f[9], 2)), day(num(f[9], 0))};
  if (!ymd.ok()) return std::nullopt;
  return duration_cast<microseconds>(sys_days{ymd}.time_since_epoch() + hours{num(f[1], 0)} +
                                     minutes{num(f[1], 2)} + seconds{num(f[1], 4)})
      .count();
}

// Reports of a real log in time order. Most logs here carry no receive time per message. A
// message without one takes the last time the log gave before it: the own ship's GPS ($GPRMC)
// when the log has it, else a base station's UTC (type 4, every 10 s). A base station time more
// than an hour off the clock is ignored (a station with a wrong clock). Messages before any
// time are left out.
std::vector<DetectorReport> TimedReports(std::string_view nmea) {
  ais::Decoder decoder;
  ReportBuilder builder;
  std::vector<DetectorReport> out;
  std::optional<std::int64_t> clock;
  bool gps_clock = false;
  for (std::size_t pos = 0; pos < nmea.size();) {
    std::size_t end = std::min(nmea.find('\n', pos), nmea.size());
    const std::string_view line = nmea.substr(pos, end - pos);
    pos = end + 1;
    if (auto t = RmcTime(line)) {
      clock = *t;
      gps_clock = true;
      continue;
    }
    if (decoder.DecodeLine(line) != ais::LineOutcome::kMessage) continue;
    const ais::Message& m = decoder.message();
    if (auto t = BaseStationTime(m);
        t && !gps_clock && (!clock || std::llabs(*t - *clock) < 3'600'000'000LL)) {
      clock = std::max(clock.value_or(*t), *t);
    }
    std::optional<std::int64_t> t_us = clock;
    if (m.envelope.time) t_us = m.envelope.time->time_since_epoch().count();
    if (!t_us) continue;
    if (auto r = builder.Add(m, *t_us)) out.push_back(*r);
  }
  // Several receivers may be merged out of order: detectors take time order.
  std::stable_sort(out.begin(), out.end(),
                   [](const auto& a, const auto& b) { return a.t_us < b.t_us; });
  return out;
}

TEST(DetectRealLogs, EventsPerThousandVesselHours) {
  const fs::path root = testing::SharedData() / "ais";
  if (!fs::exists(root)) GTEST_SKIP() << "no " << root;
  std::vector<fs::path> paths;
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    const std::string name = e.path().filename().string();
    if (e.is_regular_file() && name != "SOURCES.md" && name.find(".gpsd.") == std::string::npos) {
      paths.push_back(e.path());
    }
  }
  std::sort(paths.begin(), paths.end());
  std::array<std::uint64_t, kDetectionKinds> events{};
  double vessel_hours = 0;
  std::uint64_t timed_reports = 0;
  for (const auto& path : paths) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    const auto reports = TimedReports(ss.str());
    if (reports.empty()) continue;
    timed_reports += reports.size();
    std::map<std::uint32_t, std::pair<std::int64_t, std::int64_t>> span;
    for (const auto& r : reports) {
      auto [it, created] = span.try_emplace(r.mmsi, r.t_us, r.t_us);
      it->second.second = r.t_us;
    }
    double hours = 0;
    for (const auto& [mmsi, s] : span) hours += (s.second - s.first) / 3.6e9;
    vessel_hours += hours;
    std::array<std::uint64_t, kDetectionKinds> here{};
    for (const auto& e : RunAll(reports)) ++here[static_cast<std::size_t>(e.kind)];
    std::printf("%s: %zu reports, %zu stations, %.1f vessel-hours;", path.filename().c_str(),
                reports.size(), span.size(), hours);
    for (std::size_t k = 0; k < kDetectionKinds; ++k) {
      if (here[k] != 0) {
        std::printf(" %s %llu",
                    std::string(DetectionKindName(static_cast<DetectionKind>(k))).c_str(),
                    static_cast<unsigned long long>(here[k]));
      }
      events[k] += here[k];
    }
    std::printf("\n");
  }
  std::printf("real logs with times: %llu reports, %.1f vessel-hours (first to last report)\n",
              static_cast<unsigned long long>(timed_reports), vessel_hours);
  for (std::size_t k = 0; k < kDetectionKinds; ++k) {
    std::printf("  %-15s %5llu events, %8.2f per 1,000 vessel-hours\n",
                std::string(DetectionKindName(static_cast<DetectionKind>(k))).c_str(),
                static_cast<unsigned long long>(events[k]),
                vessel_hours > 0 ? events[k] * 1000.0 / vessel_hours : 0.0);
  }
  EXPECT_GT(timed_reports, 1000u);
  EXPECT_GT(vessel_hours, 1.0);
}

}  // namespace
}  // namespace istmo::maritime

// The Panama traffic generator: deterministic by seed, every report type, positions inside the
// region, the published daily canal transits with ships at anchor and in the canal, plausible
// identities, and a log that the real ingest path takes without a bad line.
#include "maritime/traffic.h"

#include <map>
#include <set>
#include <string>

#include <gtest/gtest.h>

#include "ais/decoder.h"
#include "maritime/ingest.h"
#include "maritime/mid.h"
#include "maritime_test_util.h"

namespace istmo::maritime {
namespace {

constexpr std::int64_t kStart = 1'798'761'600;  // 2027-01-01T00:00:00Z

std::unique_ptr<TrafficGenerator> Make(std::size_t vessels, std::uint64_t seed = 7,
                                       double daily = kUsualDailyCanalTransits) {
  auto g = TrafficGenerator::Create(
      {.vessels = vessels, .seed = seed, .start_unix = kStart, .daily_transits = daily});
  EXPECT_TRUE(g.has_value());
  return g ? std::move(g).value() : nullptr;
}

std::string Generate(std::size_t vessels, std::int64_t seconds, std::uint64_t seed) {
  auto g = Make(vessels, seed);
  std::string out;
  g->AdvanceTo(kStart + seconds, &out);
  return out;
}

TEST(Traffic, SameSeedGivesTheSameLogAndAnotherSeedAnother) {
  const std::string a = Generate(300, 900, 7);
  EXPECT_EQ(a, Generate(300, 900, 7));
  EXPECT_NE(a, Generate(300, 900, 8));
  // Generating in steps gives the same bytes as in one call.
  auto g = Make(300, 7);
  std::string stepped;
  for (std::int64_t t = kStart; t < kStart + 900;) {
    t = std::min(t + 7, kStart + 900);
    g->AdvanceTo(t, &stepped);
  }
  EXPECT_EQ(stepped, a);
}

TEST(Traffic, AnHourHasEveryReportTypeAndDecodesWithoutABadLine) {
  auto g = Make(1000);
  std::string log;
  g->AdvanceTo(kStart + 3600, &log);
  ais::Decoder decoder;
  std::array<std::uint64_t, 28> by_type{};
  std::set<std::uint32_t> mmsis;
  std::int64_t last_t = 0;
  bool ordered = true;
  decoder.DecodeBuffer(log, [&](const ais::Message& m) {
    ++by_type[m.type];
    mmsis.insert(m.mmsi);
    const std::int64_t t = core::ToUnixSeconds(*m.envelope.time);
    ordered = ordered && t >= last_t && t >= kStart && t < kStart + 3600;
    last_t = t;
    EXPECT_EQ(m.envelope.source.view(), "istmo-sim");
  });
  decoder.Finish();
  EXPECT_EQ(decoder.stats().bad_total(), 0u);
  EXPECT_TRUE(ordered) << "tag block times go back or leave the hour";
  const TrafficCounters& c = g->counters();
  EXPECT_EQ(decoder.stats().messages, c.messages);
  for (int type : {1, 2, 3, 4, 5, 9, 18, 19, 21, 24}) {
    EXPECT_GT(by_type[type], 0u) << "type " << type;
    EXPECT_EQ(by_type[type], type == 24 ? c.by_type[24] / 2 : c.by_type[type]) << type;
  }
  // Every station reports within the hour: 1000 vessels, 4 base stations, 8 aids, 1 aircraft.
  EXPECT_EQ(mmsis.size(), 1013u);
  EXPECT_EQ(g->Stations().size(), 1013u);
  // Class A under way every 2-10 s, at anchor every 3 min, class B every 30 s or 3 min: about
  // 300 messages an hour per station on average in this mix.
  EXPECT_GT(c.messages, 200'000u);
  EXPECT_LT(c.messages, 450'000u);
}

TEST(Traffic, EveryPositionIsInsideTheRegion) {
  const std::string log = Generate(2000, 3 * 3600, 3);
  ais::Decoder decoder;
  std::size_t positions = 0;
  auto check = [&](std::int32_t lat, std::int32_t lon, const ais::Message& m) {
    const double la = lat / 600000.0;
    const double lo = lon / 600000.0;
    ++positions;
    EXPECT_TRUE(la > 3.0 && la < 14.0 && lo > -85.0 && lo < -75.0)
        << "MMSI " << m.mmsi << " type " << int{m.type} << " at " << la << ", " << lo;
  };
  decoder.DecodeBuffer(log, [&](const ais::Message& m) {
    if (auto* p = std::get_if<ais::PositionReport>(&m.body)) check(p->lat, p->lon, m);
    if (auto* p = std::get_if<ais::ClassBPosition>(&m.body)) check(p->lat, p->lon, m);
    if (auto* p = std::get_if<ais::ClassBExtended>(&m.body)) check(p->lat, p->lon, m);
    if (auto* p = std::get_if<ais::SarAircraft>(&m.body)) check(p->lat, p->lon, m);
    if (auto* p = std::get_if<ais::BaseStationReport>(&m.body)) check(p->lat, p->lon, m);
    if (auto* p = std::get_if<ais::AidToNavigation>(&m.body)) check(p->lat, p->lon, m);
  });
  EXPECT_GT(positions, 500'000u);
}

bool InBox(const SimulatedStation& s, double south, double north, double west, double east) {
  return s.lat >= south && s.lat <= north && s.lon >= west && s.lon <= east;
}

TEST(Traffic, ADayHasThePublishedTransitsWithShipsAtAnchorAndInTheCanal) {
  auto g = Make(600);
  std::string log;
  for (int hour = 1; hour <= 24; ++hour) {
    log.clear();
    g->AdvanceTo(kStart + hour * 3600, &log);
    int pacific_anchored = 0, atlantic_anchored = 0, in_canal = 0;
    for (const SimulatedStation& s : g->Stations()) {
      if (s.role != TrafficRole::kCanal) continue;
      if (s.phase == CanalPhase::kAnchored) {
        // Bay of Panama and the Limón Bay outer anchorage (../shared/data/geo).
        if (InBox(s, 8.687, 8.955, -79.662, -79.266)) {
          ++pacific_anchored;
        } else if (InBox(s, 9.322, 9.623, -80.102, -79.776)) {
          ++atlantic_anchored;
        } else {
          ADD_FAILURE() << "MMSI " << s.mmsi << " anchored at " << s.lat << ", " << s.lon;
        }
        EXPECT_LT(s.sog_kn, 0.5);
      }
      if (s.phase == CanalPhase::kTransit && InBox(s, 8.88, 9.41, -79.93, -79.51)) ++in_canal;
    }
    EXPECT_GT(pacific_anchored, 0) << "hour " << hour;
    EXPECT_GT(atlantic_anchored, 0) << "hour " << hour;
    EXPECT_GT(in_canal, 5) << "hour " << hour;
  }
  // 36 a day (ACP's usual figure, ../shared/data/canal), one every 40 minutes from 00:20.
  EXPECT_EQ(g->counters().transits_started, 36u);
  EXPECT_GT(g->counters().transits_completed, 30u);

  auto drought = Make(600, 7, 22);
  drought->AdvanceTo(kStart + 86400, &log);
  EXPECT_EQ(drought->counters().transits_started, 22u);
}

TEST(Traffic, IdentitiesHaveRealFlagsValidImoNumbersAndSizesByRole) {
  auto g = Make(3000);
  const auto stations = g->Stations();
  std::set<std::uint32_t> mmsis;
  std::map<std::string, int> flags;
  int canal = 0, neopanamax = 0, class_b = 0;
  for (const SimulatedStation& s : stations) {
    EXPECT_TRUE(mmsis.insert(s.mmsi).second) << "duplicate MMSI " << s.mmsi;
    const FlagState* flag = MidTable::Default().FlagOf(s.mmsi);
    ASSERT_NE(flag, nullptr) << s.mmsi;
    ++flags[flag->iso2];
    EXPECT_FALSE(s.name.empty());
    if (s.role == TrafficRole::kCanal) {
      ++canal;
      if (s.beam_m > 32.3) ++neopanamax;
      EXPECT_LE(s.beam_m, 51.25) << s.name;  // the Neopanamax limit (locks_and_limits.csv)
      EXPECT_LE(s.length_m, 370.33) << s.name;
    }
    if (s.role == TrafficRole::kFishing) {
      EXPECT_EQ(s.shiptype, 30);
    }
    class_b += s.class_b;
  }
  EXPECT_EQ(canal, 108);  // three days of transits at 36 a day
  // FY2024: 2,852 of 9,936 large transits through the Neopanamax locks (29%).
  EXPECT_GT(neopanamax, canal * 15 / 100);
  EXPECT_LT(neopanamax, canal * 45 / 100);
  EXPECT_GT(flags["PA"], flags["LR"]);
  EXPECT_GT(flags["LR"], 0);
  EXPECT_GT(flags["MH"], 0);
  EXPECT_GT(class_b, 500);
}

TEST(Traffic, RefusesImpossibleOptions) {
  EXPECT_FALSE(TrafficGenerator::Create({.vessels = 0}).has_value());
  EXPECT_FALSE(TrafficGenerator::Create({.vessels = 10, .daily_transits = -1}).has_value());
  EXPECT_FALSE(TrafficGenerator::Create({.vessels = 10, .station = "a,b"}).has_value());
}

TEST(Traffic, AnHourIngestsEndToEndIntoTheRegistry) {
  ::istmo::testing::TempDir dir;
  auto store = testing::OpenStore(dir.File("m.db"));
  ASSERT_NE(store, nullptr);
  Picture picture;
  core::FakeClock clock(core::FromUnixSeconds(kStart));
  Ingestor in(*store, picture, {.clock = &clock});
  auto g = Make(500);
  std::string chunk;
  for (std::int64_t t = kStart; t < kStart + 3600;) {
    chunk.clear();
    g->AdvanceTo(t += 60, &chunk);
    ASSERT_TRUE(in.AddBuffer(chunk));
  }
  ASSERT_TRUE(in.Finish());
  const FeedCounters c = in.counters();
  EXPECT_EQ(c.bad_total(), 0u);
  EXPECT_EQ(picture.size(), 513u);
  std::size_t named = 0;
  for (const SimulatedStation& s : g->Stations()) {
    const auto v = picture.Get(s.mmsi);
    ASSERT_TRUE(v.has_value()) << s.mmsi;
    if (v->identity->name == s.name) ++named;
    // The patrol aircraft flies at 140 kn, past the ingestor's 120 kn ship limit: its jumps
    // are flagged (kept, not dropped). No ship or boat jumps.
    if (s.role != TrafficRole::kSarAircraft) {
      EXPECT_EQ(v->state.flags | v->state.kept_flags, 0) << s.name << " " << s.mmsi;
    }
  }
  // Statics every 6 minutes name every station within the hour, but for the base stations and
  // the aircraft, whose reports (types 4 and 9) carry no name.
  EXPECT_EQ(named, 513u - 5);
}

}  // namespace
}  // namespace istmo::maritime

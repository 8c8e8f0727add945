#include "maritime/picture.h"

#include <map>
#include <random>

#include <gtest/gtest.h>

#include "maritime/internal/mmsi_map.h"

namespace istmo::maritime {
namespace {

Vessel At(std::uint32_t mmsi, double lat, double lon, double sog_kn = 10,
          StationKind kind = StationKind::kClassA, std::int64_t t_us = 1) {
  Vessel v;
  v.state.mmsi = mmsi;
  v.state.lat = static_cast<std::int32_t>(lat * 600000);
  v.state.lon = static_cast<std::int32_t>(lon * 600000);
  v.state.sog = static_cast<std::uint16_t>(sog_kn * 10);
  v.state.kind = kind;
  v.state.t_us = t_us;
  return v;
}

std::vector<std::uint32_t> Mmsis(const std::vector<Vessel>& vs) {
  std::vector<std::uint32_t> out;
  for (const auto& v : vs) out.push_back(v.state.mmsi);
  return out;
}

TEST(Picture, BoxReturnsOnlyStationsInsideWithFilters) {
  Picture p;
  p.Put(At(351000001, 8.9, -79.5));                                 // Panama, inside
  p.Put(At(366000001, 9.4, -79.9, 0.2));                            // US, inside, anchored
  p.Put(At(730000001, 10.4, -75.5));                                // Colombia, outside
  p.Put(At(3519999, 8.95, -79.55, 0, StationKind::kBaseStation));   // base, inside
  p.Put(At(351000002, 8.9, -79.5, 12, StationKind::kClassB, 500));  // newer
  BoxQuery box{.west = -80.5, .south = 7, .east = -77, .north = 10};
  EXPECT_EQ(Mmsis(p.InBox(box)),
            (std::vector<std::uint32_t>{3519999, 351000001, 351000002, 366000001}));
  box.kinds = {StationKind::kClassA, StationKind::kClassB};
  EXPECT_EQ(Mmsis(p.InBox(box)), (std::vector<std::uint32_t>{351000001, 351000002, 366000001}));
  box.flag = "PA";
  EXPECT_EQ(Mmsis(p.InBox(box)), (std::vector<std::uint32_t>{351000001, 351000002}));
  box.flag.clear();
  box.min_speed_kn = 1;
  EXPECT_EQ(Mmsis(p.InBox(box)), (std::vector<std::uint32_t>{351000001, 351000002}));
  box.min_t_us = 100;
  EXPECT_EQ(Mmsis(p.InBox(box)), (std::vector<std::uint32_t>{351000002}));
}

TEST(Picture, BoxAcrossTheAntimeridian) {
  Picture p;
  p.Put(At(512000001, -40, 179.5));
  p.Put(At(512000002, -40, -179.5));
  p.Put(At(512000003, -40, 170));
  EXPECT_EQ(Mmsis(p.InBox({.west = 179, .south = -41, .east = -179, .north = -39})),
            (std::vector<std::uint32_t>{512000001, 512000002}));
}

TEST(Picture, MovingStationLeavesItsOldCell) {
  Picture p;
  p.Put(At(351000001, 8.9, -79.5));
  p.Update(351000001, [](Vessel& v) { v.state.lat = 20 * 600000; });
  EXPECT_TRUE(p.InBox({.west = -80, .south = 8, .east = -79, .north = 9}).empty());
  EXPECT_EQ(p.InBox({.west = -80, .south = 19, .east = -79, .north = 21}).size(), 1u);
  EXPECT_EQ(p.size(), 1u);
}

TEST(Picture, AnIdentityReadOutDoesNotChangeWhenThePictureUpdatesIt) {
  Picture p;
  Vessel a = At(351000001, 9, -79);
  a.identity.Mutable().name = "PACIFIC STAR";
  p.Put(a);
  const std::vector<Vessel> read = p.InBox({});
  ASSERT_EQ(read.size(), 1u);
  p.Update(351000001, [](Vessel& v) { v.identity.Mutable().name = "PACIFIC DAWN"; });
  EXPECT_EQ(read[0].identity->name, "PACIFIC STAR");
  EXPECT_EQ(a.identity->name, "PACIFIC STAR");
  EXPECT_EQ(p.Get(351000001)->identity->name, "PACIFIC DAWN");
  // A vessel never named shares the empty identity; naming one names only it.
  Vessel b = At(366000001, 9, -79);
  Vessel c = At(366000002, 9, -79);
  b.identity.Mutable().name = "B";
  EXPECT_EQ(c.identity->name, "");
}

TEST(Picture, SearchByNameCallSignMmsiAndImo) {
  Picture p;
  Vessel a = At(351000001, 9, -79);
  a.identity.Mutable().name = "PACIFIC STAR";
  a.identity.Mutable().callsign = "HP1234";
  a.identity.Mutable().imo = 9123456;
  p.Put(a);
  Vessel b = At(366000001, 9, -79);
  b.identity.Mutable().name = "ATLANTIC";
  p.Put(b);
  EXPECT_EQ(Mmsis(p.Search("star", 10)), (std::vector<std::uint32_t>{351000001}));
  EXPECT_EQ(Mmsis(p.Search("hp12", 10)), (std::vector<std::uint32_t>{351000001}));
  EXPECT_EQ(Mmsis(p.Search("9123456", 10)), (std::vector<std::uint32_t>{351000001}));
  EXPECT_EQ(Mmsis(p.Search("366", 10)), (std::vector<std::uint32_t>{366000001}));
  EXPECT_EQ(Mmsis(p.Search("ic", 1)), (std::vector<std::uint32_t>{351000001}));
  EXPECT_TRUE(p.Search("", 10).empty());
  p.Put(At(3669987, 9, -79, 0, StationKind::kBaseStation));  // 003669987
  EXPECT_EQ(Mmsis(p.Search("00366", 10)), (std::vector<std::uint32_t>{3669987}));
  EXPECT_EQ(Mmsis(p.Search("366", 10)), (std::vector<std::uint32_t>{366000001}));
}

}  // namespace
}  // namespace istmo::maritime

namespace istmo::maritime {
namespace {

std::vector<std::uint32_t> MmsisOf(const std::vector<Vessel>& vessels) {
  std::vector<std::uint32_t> out;
  for (const auto& v : vessels) out.push_back(v.state.mmsi);
  return out;
}

TEST(Picture, ChangedSinceGivesEachChangedStationOnceWithItsLatestState) {
  Picture p;
  p.Put(At(351000001, 8.9, -79.5));
  p.Put(At(730000001, 10.4, -75.5));
  std::uint64_t seq = 0;
  BoxQuery panama{.west = -80.5, .south = 7, .east = -77, .north = 10};
  EXPECT_EQ(MmsisOf(p.ChangedSince(0, panama, &seq)), (std::vector<std::uint32_t>{351000001}));
  EXPECT_EQ(seq, p.sequence());
  EXPECT_TRUE(p.ChangedSince(seq, panama, &seq).empty());
  p.Put(At(351000001, 8.9, -79.4));
  p.Put(At(351000001, 8.9, -79.3));
  p.Put(At(730000001, 10.4, -75.4));  // outside the box
  auto changed = p.ChangedSince(seq, panama, &seq);
  ASSERT_EQ(changed.size(), 1u);
  EXPECT_NEAR(changed[0].state.lon_deg(), -79.3, 1e-6);
  EXPECT_EQ(MmsisOf(p.ChangedSince(0, {}, &seq)),
            (std::vector<std::uint32_t>{351000001, 730000001}));
}

// The open-addressing map against std::map over 200,000 random MMSIs (growth, collisions,
// MMSI 0 and the largest 30-bit one), with a fixed seed.
TEST(MmsiMap, AgreesWithStdMapThroughGrowth) {
  internal::MmsiMap map;
  std::map<std::uint32_t, std::uint32_t> expected;
  std::mt19937 rng(13);
  std::uniform_int_distribution<std::uint32_t> mmsi(0, (1u << 30) - 1);
  EXPECT_EQ(map.Find(366000001), internal::MmsiMap::kNone);
  for (std::uint32_t i = 0; i < 200000; ++i) {
    const std::uint32_t key = i == 0 ? 0 : i == 1 ? (1u << 30) - 1 : mmsi(rng);
    const auto [value, inserted] = map.TryEmplace(key, i);
    const auto [it, fresh] = expected.try_emplace(key, i);
    ASSERT_EQ(inserted, fresh) << key;
    ASSERT_EQ(value, it->second) << key;
  }
  EXPECT_EQ(map.size(), expected.size());
  for (const auto& [key, value] : expected) ASSERT_EQ(map.Find(key), value) << key;
  EXPECT_EQ(map.Find(366000001) == internal::MmsiMap::kNone, expected.count(366000001) == 0);
}

}  // namespace
}  // namespace istmo::maritime

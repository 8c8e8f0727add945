// The ingest rules on hand-made sentences: thinning, "not available", implausible positions,
// identity history, station kinds, bad lines.
#include "maritime/ingest.h"

#include <gtest/gtest.h>

#include "maritime/maritime_test_util.h"
#include "maritime/nmea_builder.h"

namespace istmo::maritime {
namespace {

using testing::Position;
using testing::PositionBits;
using testing::Sentence;
using testing::Static;
using testing::StaticBits;

constexpr std::int64_t kT0 = 1'700'000'000;  // 2023-11-14T22:13:20Z
constexpr std::int64_t kUs = 1'000'000;

class IngestTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = testing::OpenStore(dir_.File("m.db"));
    ASSERT_NE(store_, nullptr);
  }
  std::unique_ptr<Ingestor> MakeIngestor(IngestOptions options = {}) {
    options.clock = &clock_;
    return std::make_unique<Ingestor>(*store_, picture_, std::move(options));
  }
  std::vector<TrackPoint> Track(std::uint32_t mmsi) {
    auto t = ReadTrack(*store_, mmsi, 0, INT64_MAX, 10000);
    EXPECT_TRUE(t);
    return t ? *t : std::vector<TrackPoint>{};
  }

  ::istmo::testing::TempDir dir_;
  core::FakeClock clock_{core::FromUnixSeconds(kT0 + 86400)};
  std::unique_ptr<store::Store> store_;
  Picture picture_;
};

TEST_F(IngestTest, TrackKeepsOnePointAMinuteOnSteadyCourse) {
  auto in = MakeIngestor();
  for (int s = 0; s <= 300; s += 10) {
    ASSERT_TRUE(in->AddLine(
        Sentence(PositionBits({.mmsi = 351000001, .lat = 8.9 + s * 1e-5, .lon = -79.5}), kT0 + s)));
  }
  ASSERT_TRUE(in->Finish());
  auto track = Track(351000001);
  ASSERT_EQ(track.size(), 6u);  // 0, 60, ..., 300 s
  for (std::size_t i = 0; i < track.size(); ++i) {
    EXPECT_EQ(track[i].t_us, (kT0 + 60 * static_cast<std::int64_t>(i)) * kUs);
    EXPECT_EQ(track[i].source, "replay");
  }
  auto v = picture_.Get(351000001);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->state.t_us, (kT0 + 300) * kUs);  // the state is the latest report, not thinned
  EXPECT_EQ(v->state.kind, StationKind::kClassA);
  EXPECT_EQ(in->counters().track_points, 6u);
  EXPECT_EQ(in->counters().messages, 31u);
}

TEST_F(IngestTest, TrackKeepsCourseAndSpeedChangesBeyondThreshold) {
  auto in = MakeIngestor();
  auto at = [&](int s, double cog, double sog) {
    ASSERT_TRUE(in->AddLine(Sentence(
        PositionBits({.mmsi = 351000002, .lat = 9, .lon = -79, .sog_kn = sog, .cog_deg = cog}),
        kT0 + s)));
  };
  at(0, 90, 10);
  at(10, 95, 10);   // 5°: below the 10° threshold
  at(20, 110, 10);  // 20° from the last kept point: kept
  at(30, 112, 11);  // below both thresholds
  at(40, 112, 13);  // 3 kn faster than the last kept point: kept
  at(50, 355, 13);
  at(55, 5, 13);  // 10° across north: not beyond the threshold
  ASSERT_TRUE(in->Finish());
  std::vector<std::int64_t> times;
  for (const auto& p : Track(351000002)) times.push_back(p.t_us / kUs - kT0);
  EXPECT_EQ(times, (std::vector<std::int64_t>{0, 20, 40, 50}));
}

TEST_F(IngestTest, NotAvailableValuesAreIgnored) {
  auto in = MakeIngestor();
  ASSERT_TRUE(in->AddLine(Sentence(PositionBits({.mmsi = 351000003, .lat = 9, .lon = -79}), kT0)));
  // Latitude 91° and longitude 181° are "not available" (Table 46): no position, state kept.
  ASSERT_TRUE(in->AddLine(
      Sentence(PositionBits({.mmsi = 351000003, .raw_lat = 91 * 600000, .raw_lon = 181 * 600000}),
               kT0 + 10)));
  // SOG 102.3 kn (1023) is "not available": the last known speed stays.
  ASSERT_TRUE(in->AddLine(Sentence(
      PositionBits({.mmsi = 351000003, .lat = 9.001, .lon = -79, .sog_kn = 102.3}), kT0 + 20)));
  ASSERT_TRUE(in->Finish());
  auto v = picture_.Get(351000003);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->state.sog, 100);
  EXPECT_EQ(v->state.t_us, (kT0 + 20) * kUs);
  EXPECT_EQ(in->counters().no_position, 1u);
  EXPECT_EQ(v->state.flags, 0);
}

TEST_F(IngestTest, ImplausiblePositionsAreKeptAndFlagged) {
  auto in = MakeIngestor();
  ASSERT_TRUE(in->AddLine(Sentence(PositionBits({.mmsi = 351000004, .lat = 9, .lon = -79}), kT0)));
  // 1° of latitude (60 nm) in 60 s: 3600 kn.
  ASSERT_TRUE(
      in->AddLine(Sentence(PositionBits({.mmsi = 351000004, .lat = 10, .lon = -79}), kT0 + 60)));
  ASSERT_TRUE(in->AddLine(Sentence(
      PositionBits({.mmsi = 351000005, .raw_lat = 95 * 600000, .raw_lon = -79 * 600000}), kT0)));
  ASSERT_TRUE(
      in->AddLine(Sentence(PositionBits({.mmsi = 351000006, .raw_lat = 0, .raw_lon = 0}), kT0)));
  ASSERT_TRUE(in->Finish());
  auto jump = Track(351000004);
  ASSERT_EQ(jump.size(), 2u);
  EXPECT_EQ(jump[1].flags, kPositionJump);
  auto out_of_range = Track(351000005);
  ASSERT_EQ(out_of_range.size(), 1u);
  EXPECT_EQ(out_of_range[0].flags, kPositionOutOfRange);
  EXPECT_EQ(out_of_range[0].lat, 95 * 600000);
  EXPECT_EQ(picture_.Get(351000006)->state.flags, kPositionNullIsland);
  EXPECT_EQ(in->counters().implausible, 3u);
  // An out-of-range position is in the registry but in no bounding box.
  EXPECT_TRUE(picture_.InBox({.west = -80, .south = 80, .east = -78, .north = 90}).empty());
}

TEST_F(IngestTest, RegistryKeepsIdentityAndItsHistory) {
  auto in = MakeIngestor();
  Static s{.mmsi = 351000007,
           .imo = 9123456,
           .callsign = "HP1234",
           .name = "SEA STAR",
           .destination = "BALBOA"};
  ASSERT_TRUE(in->AddLine(Sentence(StaticBits(s), kT0, "senan-1")));
  ASSERT_TRUE(in->AddLine(Sentence(StaticBits(s), kT0 + 360)));  // same identity: no history
  s.name = "OCEAN STAR";
  s.callsign = "HP9999";
  ASSERT_TRUE(in->AddLine(Sentence(StaticBits(s), kT0 + 720)));
  ASSERT_TRUE(in->Finish());
  auto v = picture_.Get(351000007);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->identity->name, "OCEAN STAR");
  EXPECT_EQ(v->identity->callsign, "HP9999");
  EXPECT_EQ(v->identity->imo, 9123456u);
  EXPECT_EQ(v->identity->ship_type, 70);
  EXPECT_EQ(v->identity->to_bow, 100);
  EXPECT_EQ(v->identity->draught_dm, 85);
  EXPECT_EQ(v->identity->destination, "BALBOA");
  EXPECT_EQ(v->identity->eta, "05-15T14:00Z");
  EXPECT_EQ(v->identity->source, "replay");
  EXPECT_EQ(v->state.kind, StationKind::kClassA);
  auto history = ReadIdentityHistory(*store_, 351000007);
  ASSERT_TRUE(history);
  std::vector<IdentityChange> want = {
      {kT0 * kUs, "callsign", "", "HP1234"},
      {kT0 * kUs, "imo", "", "9123456"},
      {kT0 * kUs, "name", "", "SEA STAR"},
      {(kT0 + 720) * kUs, "callsign", "HP1234", "HP9999"},
      {(kT0 + 720) * kUs, "name", "SEA STAR", "OCEAN STAR"},
  };
  EXPECT_EQ(*history, want);
}

TEST_F(IngestTest, SameImoUnderAnotherMmsiRecordsTheReflag) {
  auto in = MakeIngestor();
  ASSERT_TRUE(in->AddLine(Sentence(
      StaticBits({.mmsi = 351000008, .imo = 9000001, .callsign = "HO1", .name = "RIO"}), kT0)));
  ASSERT_TRUE(in->AddLine(
      Sentence(StaticBits({.mmsi = 538000008, .imo = 9000001, .callsign = "V7AB", .name = "RIO"}),
               kT0 + 3600)));
  ASSERT_TRUE(in->Finish());
  auto history = ReadIdentityHistory(*store_, 538000008);
  ASSERT_TRUE(history);
  std::vector<std::pair<std::string, std::string>> got;
  for (const auto& h : *history) got.emplace_back(h.field, h.old_value + ">" + h.new_value);
  EXPECT_EQ(got, (std::vector<std::pair<std::string, std::string>>{{"callsign", ">V7AB"},
                                                                   {"flag", "PA>MH"},
                                                                   {"imo", ">9000001"},
                                                                   {"mmsi", "351000008>538000008"},
                                                                   {"name", ">RIO"}}));
  EXPECT_EQ(picture_.MmsiOfImo(9000001), 538000008u);
}

TEST_F(IngestTest, StaleReportsChangeNothing) {
  auto in = MakeIngestor();
  ASSERT_TRUE(
      in->AddLine(Sentence(PositionBits({.mmsi = 351000009, .lat = 9, .lon = -79}), kT0 + 100)));
  ASSERT_TRUE(in->AddLine(Sentence(PositionBits({.mmsi = 351000009, .lat = 8, .lon = -79}), kT0)));
  ASSERT_TRUE(in->Finish());
  EXPECT_EQ(picture_.Get(351000009)->state.lat, 9 * 600000);
  EXPECT_EQ(in->counters().stale, 1u);
  EXPECT_EQ(Track(351000009).size(), 1u);
}

TEST_F(IngestTest, StationKindsAreDistinguished) {
  auto in = MakeIngestor();
  ASSERT_TRUE(in->AddLine(Sentence(PositionBits({.mmsi = 351000010, .lat = 9, .lon = -79}), kT0)));
  ASSERT_TRUE(in->AddLine(
      Sentence(PositionBits({.mmsi = 351000011, .lat = 9, .lon = -79, .type = 18}), kT0)));
  testing::Bits base;  // type 4 (Table 48) from a coast station 00MIDxxxx
  base.U(4, 6).U(0, 2).U(3519999, 30).U(2023, 14).U(11, 4).U(14, 5).U(22, 5).U(13, 6).U(20, 6);
  base.U(0, 1).S(-79 * 600000, 28).S(9 * 600000, 27).U(1, 4).U(0, 10).U(0, 1).U(0, 19);
  ASSERT_TRUE(in->AddLine(Sentence(base, kT0)));
  testing::Bits sar;  // type 9 (Table 63) from 111MIDxxx
  sar.U(9, 6).U(0, 2).U(111351001, 30).U(300, 12).U(120, 10).U(0, 1).S(-79 * 600000, 28);
  sar.S(9 * 600000, 27).U(900, 12).U(0, 6).U(0, 8).U(0, 3).U(1, 1).U(0, 1).U(0, 1).U(0, 20);
  ASSERT_TRUE(in->AddLine(Sentence(sar, kT0)));
  testing::Bits aton;  // type 21 (Table 74) from 99MIDxxxx
  aton.U(21, 6).U(0, 2).U(993510001, 30).U(1, 5).Text("BALBOA BUOY 1", 20).U(0, 1);
  aton.S(-79 * 600000, 28).S(9 * 600000, 27).U(0, 9).U(0, 9).U(0, 6).U(0, 6).U(1, 4).U(0, 6);
  aton.U(0, 1).U(0, 8).U(0, 1).U(0, 1).U(0, 1).U(0, 1);
  ASSERT_TRUE(in->AddLine(Sentence(aton, kT0)));
  ASSERT_TRUE(in->Finish());
  EXPECT_EQ(picture_.Get(351000010)->state.kind, StationKind::kClassA);
  EXPECT_EQ(picture_.Get(351000011)->state.kind, StationKind::kClassB);
  EXPECT_EQ(picture_.Get(3519999)->state.kind, StationKind::kBaseStation);
  auto plane = picture_.Get(111351001);
  EXPECT_EQ(plane->state.kind, StationKind::kSarAircraft);
  EXPECT_EQ(plane->state.sog, 1200);  // 120 kn, whole knots in type 9
  auto buoy = picture_.Get(993510001);
  EXPECT_EQ(buoy->state.kind, StationKind::kAidToNavigation);
  EXPECT_EQ(buoy->identity->name, "BALBOA BUOY 1");
  // Base stations and aids to navigation keep a state, not a track.
  EXPECT_TRUE(Track(3519999).empty());
  EXPECT_TRUE(Track(993510001).empty());
  EXPECT_EQ(Track(111351001).size(), 1u);
}

TEST_F(IngestTest, BadLinesAreCountedByKindAndIngestGoesOn) {
  auto in = MakeIngestor();
  const std::string good = Sentence(PositionBits({.mmsi = 351000012, .lat = 9, .lon = -79}), kT0);
  ASSERT_TRUE(in->AddLine("!AIVDM,1,1,,A,15MgK45P3@G?fl0E`JbR0OwT0@MS,0*00"));  // checksum
  const std::string orphan = "AIVDM,2,2,3,A,888888888888880,2";
  ASSERT_TRUE(in->AddLine("!" + orphan + "*" + testing::Checksum(orphan)));  // orphan
  std::string armor = "AIVDM,1,1,,A,1!!!!!!!!!!!!!!!!!!!!!!!!!!!,0";
  ASSERT_TRUE(in->AddLine("!" + armor + "*" + testing::Checksum(armor)));  // bad payload
  ASSERT_TRUE(in->AddLine("garbage"));
  ASSERT_TRUE(in->AddLine(good));
  ASSERT_TRUE(in->Finish());
  FeedCounters c = in->counters();
  EXPECT_EQ(c.bad[static_cast<int>(ais::BadInput::kChecksum)], 1u);
  EXPECT_EQ(c.bad[static_cast<int>(ais::BadInput::kOrphanFragment)], 1u);
  EXPECT_EQ(c.bad[static_cast<int>(ais::BadInput::kArmor)], 1u);
  EXPECT_EQ(c.other_lines, 1u);
  EXPECT_EQ(c.messages, 1u);
  EXPECT_TRUE(picture_.Get(351000012));
}

TEST_F(IngestTest, PurgeKeepsEachStationsLastPoint) {
  auto in = MakeIngestor();
  for (int s = 0; s <= 600; s += 60) {
    ASSERT_TRUE(in->AddLine(
        Sentence(PositionBits({.mmsi = 351000014, .lat = 9 + s * 1e-4, .lon = -79}), kT0 + s)));
  }
  ASSERT_TRUE(
      in->AddLine(Sentence(PositionBits({.mmsi = 351000015, .lat = 9, .lon = -79}), kT0 + 100)));
  ASSERT_TRUE(in->Finish());
  auto deleted = PurgeTrackPoints(*store_, core::FromUnixSeconds(kT0 + 300), clock_.Now());
  ASSERT_TRUE(deleted) << deleted.error().message;
  EXPECT_EQ(*deleted, 5);  // 0..240 s; 351000015's only point (100 s) is its last: kept
  EXPECT_EQ(Track(351000014).size(), 6u);
  EXPECT_EQ(Track(351000015).size(), 1u);
  Picture reloaded;
  ASSERT_TRUE(LoadPicture(*store_, reloaded));
  EXPECT_EQ(reloaded.Get(351000014)->state.t_us, (kT0 + 600) * kUs);
}

TEST_F(IngestTest, RegistrySurvivesReopen) {
  {
    auto in = MakeIngestor();
    ASSERT_TRUE(in->AddLine(Sentence(
        StaticBits({.mmsi = 351000013, .imo = 9111111, .callsign = "HP1", .name = "CRISTOBAL"}),
        kT0)));
    ASSERT_TRUE(in->AddLine(Sentence(PositionBits({.mmsi = 351000013, .lat = 9.35, .lon = -79.9}),
                                     kT0 + 5, "senan-2")));
    ASSERT_TRUE(in->Finish());
  }
  auto before = picture_.Get(351000013);
  store_.reset();
  store_ = testing::OpenStore(dir_.File("m.db"));
  Picture reloaded;
  ASSERT_TRUE(LoadPicture(*store_, reloaded));
  auto after = reloaded.Get(351000013);
  ASSERT_TRUE(after);
  EXPECT_EQ(after->identity->name, "CRISTOBAL");
  EXPECT_EQ(after->identity->source, "replay");
  EXPECT_EQ(after->state.lat, before->state.lat);
  EXPECT_EQ(after->state.kept_t_us, before->state.kept_t_us);
  EXPECT_EQ(after->state.kind, StationKind::kClassA);
  EXPECT_EQ(Track(351000013)[0].source, "senan-2");
  EXPECT_EQ(reloaded.MmsiOfImo(9111111), 351000013u);
  EXPECT_EQ(reloaded.Search("crist", 10).size(), 1u);
}

// Before Finish() folds them, a batch's points are in maritime_track_recent: the track, the
// reloaded picture and the purge see them all the same.
TEST_F(IngestTest, UnfoldedPointsAreReadLoadedAndPurged) {
  auto in = MakeIngestor({.batch_messages = 2});
  for (int s = 0; s <= 240; s += 60) {
    ASSERT_TRUE(in->AddLine(
        Sentence(PositionBits({.mmsi = 351000016, .lat = 9 + s * 1e-4, .lon = -79}), kT0 + s)));
  }
  ASSERT_TRUE(in->Flush());
  EXPECT_EQ(testing::Count(*store_, "maritime_track_recent"), 5);
  EXPECT_EQ(testing::Count(*store_, "maritime_track_points"), 0);
  ASSERT_EQ(Track(351000016).size(), 5u);
  EXPECT_EQ(Track(351000016).back().t_us, (kT0 + 240) * kUs);
  Picture reloaded;
  ASSERT_TRUE(LoadPicture(*store_, reloaded));
  EXPECT_EQ(reloaded.Get(351000016)->state.kept_t_us, (kT0 + 240) * kUs);
  auto deleted = PurgeTrackPoints(*store_, core::FromUnixSeconds(kT0 + 100), clock_.Now());
  ASSERT_TRUE(deleted) << deleted.error().message;
  EXPECT_EQ(*deleted, 2);                                          // 0 and 60 s
  EXPECT_EQ(testing::Count(*store_, "maritime_track_recent"), 0);  // the purge folded them
  EXPECT_EQ(Track(351000016).size(), 3u);
}

// Points folded, then the same log replayed into a fresh picture (a restart that lost its
// state): the replayed points sit in both tables until the next fold, are read once, and the
// fold keeps one of each.
TEST_F(IngestTest, ReplayedPointsAreReadOnceAndFoldedOnce) {
  auto feed = [&](IngestOptions options) {
    Picture fresh;
    options.clock = &clock_;
    Ingestor in(*store_, fresh, options);
    for (int s = 0; s <= 180; s += 60) {
      ASSERT_TRUE(in.AddLine(
          Sentence(PositionBits({.mmsi = 351000017, .lat = 9 + s * 1e-4, .lon = -79}), kT0 + s)));
    }
    ASSERT_TRUE(in.Flush());
    if (options.fold_points == 1) {
      ASSERT_TRUE(in.Finish());
    }
  };
  feed({.fold_points = 1});
  EXPECT_EQ(testing::Count(*store_, "maritime_track_points"), 4);
  feed({});  // not folded: Flush only
  EXPECT_EQ(testing::Count(*store_, "maritime_track_recent"), 4);
  EXPECT_EQ(Track(351000017).size(), 4u);
  feed({.fold_points = 1});
  EXPECT_EQ(testing::Count(*store_, "maritime_track_recent"), 0);
  EXPECT_EQ(testing::Count(*store_, "maritime_track_points"), 4);
  EXPECT_EQ(Track(351000017).size(), 4u);
}

// fold_points bounds the unfolded table without waiting for Finish().
TEST_F(IngestTest, FoldsOnceFoldPointsAreWritten) {
  auto in = MakeIngestor({.batch_messages = 1, .fold_points = 3});
  for (int s = 0; s < 5 * 60; s += 60) {
    ASSERT_TRUE(in->AddLine(
        Sentence(PositionBits({.mmsi = 351000018, .lat = 9 + s * 1e-4, .lon = -79}), kT0 + s)));
  }
  EXPECT_EQ(testing::Count(*store_, "maritime_track_points"), 3);
  EXPECT_EQ(testing::Count(*store_, "maritime_track_recent"), 2);
  ASSERT_TRUE(in->Finish());
  EXPECT_EQ(testing::Count(*store_, "maritime_track_points"), 5);
}

// A repeated static report changes nothing in the row; a changed one writes it.
TEST_F(IngestTest, VesselRowIsWrittenWhenTheIdentityChanges) {
  auto in = MakeIngestor({.batch_messages = 1});
  auto static_report = [&](const char* destination, std::int64_t t) {
    ASSERT_TRUE(in->AddLine(Sentence(StaticBits({.mmsi = 351000019,
                                                 .imo = 9222222,
                                                 .callsign = "HP2",
                                                 .name = "GATUN",
                                                 .destination = destination}),
                                     t)));
  };
  auto stored_static_t = [&] {
    auto r = store_->Read<std::int64_t>([](store::Connection& c) -> core::Result<std::int64_t> {
      ISTMO_ASSIGN_OR_RETURN(
          auto row, c.QueryOne("SELECT static_t FROM maritime_vessels WHERE mmsi = 351000019"));
      return row ? row->Int(0) : -1;
    });
    return r ? *r : -2;
  };
  static_report("BALBOA", kT0);
  EXPECT_EQ(stored_static_t(), kT0 * kUs);
  static_report("BALBOA", kT0 + 360);
  EXPECT_EQ(stored_static_t(), kT0 * kUs);  // the same identity: not rewritten
  EXPECT_EQ(picture_.Get(351000019)->identity->static_t_us, (kT0 + 360) * kUs);
  static_report("CRISTOBAL", kT0 + 720);
  EXPECT_EQ(stored_static_t(), (kT0 + 720) * kUs);
  ASSERT_TRUE(in->Finish());
}

// A database made before migration 3 upgrades: its points stay where they are and new ones
// join them.
TEST(IngestMigration, DatabaseOfVersionTwoUpgrades) {
  ::istmo::testing::TempDir dir;
  const std::string path = dir.File("old.db");
  {
    auto old_migrations = Migrations();
    while (old_migrations.back().version > 2) old_migrations.pop_back();
    ASSERT_EQ(old_migrations.back().version, 2);
    auto old = store::Store::Open({.url = path}, old_migrations);
    ASSERT_TRUE(old) << old.error().message;
    ASSERT_TRUE((*old)->Write([](store::Connection& c) -> core::Status {
      ISTMO_RETURN_IF_ERROR(
          c.Exec("INSERT INTO maritime_track_points (mmsi, t, lat, lon, sog, cog, heading) "
                 "VALUES (351000020, ?, 5400000, -47400000, 100, 900, 90)",
                 {kT0 * kUs}));
      return core::Ok();
    }));
  }
  auto store = testing::OpenStore(path);
  ASSERT_NE(store, nullptr);
  core::FakeClock clock(core::FromUnixSeconds(kT0 + 86400));
  Picture picture;
  ASSERT_TRUE(LoadPicture(*store, picture));
  Ingestor in(*store, picture, {.clock = &clock});
  ASSERT_TRUE(
      in.AddLine(Sentence(PositionBits({.mmsi = 351000020, .lat = 9.01, .lon = -79}), kT0 + 60)));
  ASSERT_TRUE(in.Finish());
  auto track = ReadTrack(*store, 351000020, 0, INT64_MAX, 100);
  ASSERT_TRUE(track);
  ASSERT_EQ(track->size(), 2u);
  EXPECT_EQ((*track)[0].t_us, kT0 * kUs);
  EXPECT_EQ((*track)[1].t_us, (kT0 + 60) * kUs);
}

}  // namespace
}  // namespace istmo::maritime

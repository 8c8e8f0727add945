// Position reports: types 1, 2, 3, 9, 18, 19, 27. Expected values are those gpsd prints for the
// same sentences (tests/ais/testdata/gpsd_sample.gpsdecode.json), turned back into raw units.
#include <gtest/gtest.h>

#include "ais_test_util.h"

namespace istmo::ais {
namespace {

using testing::DecodeBody;
using testing::DecodeOne;

TEST(PositionReport, DecodesType1WithFastLeftTurn) {
  EXPECT_EQ(DecodeBody<PositionReport>({"!AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0*4A"}),
            (PositionReport{.status = 0,
                            .turn = kTurnFastLeft,
                            .speed = 123,
                            .accuracy = true,
                            .lon = -74037230,  // -123.395383°
                            .lat = 29028980,   // 48.381633°
                            .course = 2240,
                            .heading = 215,
                            .second = 33,
                            .maneuver = 0,
                            .raim = false,
                            .radio = 34017}));
}

TEST(PositionReport, KeepsNotAvailableValues) {
  const auto r = DecodeBody<PositionReport>({"!AIVDM,1,1,,A,16SteH0P00Jt63hHaa6SagvJ087r,0*42"});
  EXPECT_EQ(r.turn, kTurnNotAvailable);
  EXPECT_EQ(r.heading, kHeadingNotAvailable);
  EXPECT_EQ(r.speed, 0);
  EXPECT_EQ(r.course, 934);
}

TEST(PositionReport, DecodesTypes2And3) {
  const Message m2 = DecodeOne({"!AIVDM,1,1,,B,25Cjtd0Oj;Jp7ilG7=UkKBoB0<06,0*60"});
  EXPECT_EQ(m2.type, 2);
  EXPECT_EQ(m2.mmsi, 356302000u);
  EXPECT_EQ(std::get<PositionReport>(m2.body).turn, kTurnFastRight);
  const auto r3 = DecodeBody<PositionReport>({"!AIVDM,1,1,,A,38Id705000rRVJhE7cl9n;160000,0*40"});
  EXPECT_EQ(r3.status, 5);      // moored
  EXPECT_EQ(r3.lat, 22146000);  // 36.91°
  EXPECT_EQ(r3.heading, 352);
}

TEST(PositionReport, AcceptsA163BitReportAndKeepsItsShortRadioField) {
  // 163 bits (fill 5): gpsd reports radio 1076, the 14 bits present.
  const Message m = DecodeOne({"!AIVDM,1,1,,A,13aIkM@P00PJ@qPNL=e@0?wJ28JO,5*63"});
  EXPECT_EQ(m.bit_count, 163);
  EXPECT_EQ(std::get<PositionReport>(m.body).radio, 1076u);
}

TEST(PositionReport, RejectsATruncatedReport) {
  Decoder d;
  EXPECT_EQ(d.DecodeLine("!AIVDM,1,1,,A,13aIkM@P00PJ@qPNL=e@0?wJ2,0*5B"), LineOutcome::kBad);
  EXPECT_EQ(d.last_bad(), BadInput::kLength);
}

TEST(SarAircraft, DecodesType9) {
  EXPECT_EQ(DecodeBody<SarAircraft>({"!AIVDM,1,1,,B,91b55wi;hbOS@OdQAC062Ch2089h,0*30"}),
            (SarAircraft{.alt = 303,
                         .speed = 42,
                         .accuracy = false,
                         .lon = -3767306,  // -6.278843°
                         .lat = 34886400,  // 58.144°
                         .course = 1545,
                         .second = 15,
                         .regional = 0,
                         .dte = true,
                         .assigned = false,
                         .raim = false,
                         .radio = 33392}));
}

TEST(ClassBPosition, DecodesType18) {
  EXPECT_EQ(DecodeBody<ClassBPosition>({"!AIVDM,1,1,,B,B5O6hr00<veEKmUaMFdEow`UWP06,0*4F"}),
            (ClassBPosition{.reserved = 0,
                            .speed = 51,
                            .accuracy = true,
                            .lon = -43340309,  // -72.233848°
                            .lat = 23688555,   // 39.480925°
                            .course = 349,
                            .heading = kHeadingNotAvailable,
                            .second = 17,
                            .regional = 0,
                            .cs = true,
                            .display = false,
                            .dsc = true,
                            .band = true,
                            .msg22 = false,
                            .assigned = false,
                            .raim = true,
                            .radio = 917510}));
}

TEST(ClassBExtended, DecodesType19) {
  const auto r = DecodeBody<ClassBExtended>(
      {"!AIVDM,1,1,,B,C5N3SRgPEnJGEBT>NhWAwwo862PaLELTBJ:V00000000S0D:R220,0*0B"});
  EXPECT_EQ(r.reserved, 248);
  EXPECT_EQ(r.speed, 87);
  EXPECT_EQ(r.course, 3359);
  EXPECT_EQ(r.shipname.view(), "CAPT.J.RIMES");
  EXPECT_EQ(r.shiptype, 70);
  EXPECT_EQ(r.to_bow, 5);
  EXPECT_EQ(r.to_stern, 21);
  EXPECT_EQ(r.to_port, 4);
  EXPECT_EQ(r.to_starboard, 4);
  EXPECT_EQ(r.epfd, 1);
  EXPECT_FALSE(r.dte);
}

TEST(LongRangePosition, DecodesType27OfBothLengths) {
  const auto r96 = DecodeBody<LongRangePosition>({"!AIVDM,1,1,,A,KCQ9r=hrFUnH7P00,0*41"});
  EXPECT_EQ(r96.status, 3);
  EXPECT_NEAR(r96.lon / 600.0, -154.2, 0.05);
  EXPECT_NEAR(r96.lat / 600.0, 87.1, 0.05);
  EXPECT_FALSE(r96.gnss);
  const auto r168 =
      DecodeBody<LongRangePosition>({"!AIVDM,1,1,,B,KC5E2b@U19PFdLbMuc5=ROv62<7m,0*16"});
  EXPECT_EQ(r168.status, 2);
  EXPECT_EQ(r168.speed, 57);
  EXPECT_EQ(r168.course, 167);
  EXPECT_NEAR(r168.lon / 600.0, 137.0, 0.05);
}

}  // namespace
}  // namespace istmo::ais

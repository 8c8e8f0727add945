// Static and time reports: types 4, 5, 11, 24. Expected values from gpsd's decode of the same
// sentences (tests/ais/testdata/gpsd_sample.gpsdecode.json).
#include <gtest/gtest.h>

#include "ais_test_util.h"

namespace istmo::ais {
namespace {

using testing::DecodeBody;
using testing::DecodeOne;

TEST(BaseStationReport, DecodesType4) {
  EXPECT_EQ(DecodeBody<BaseStationReport>({"!AIVDM,1,1,,A,403OviQuMGCqWrRO9>E6fE700@GO,0*4D"}),
            (BaseStationReport{.year = 2007,
                               .month = 5,
                               .day = 14,
                               .hour = 19,
                               .minute = 57,
                               .second = 39,
                               .accuracy = true,
                               .lon = -45811417,  // -76.352362°
                               .lat = 22130260,   // 36.883767°
                               .epfd = 7,
                               .raim = false,
                               .radio = 67039}));
}

TEST(BaseStationReport, KeepsNotAvailableDateAndTime) {
  const auto r = DecodeBody<BaseStationReport>({"!AIVDM,1,1,,A,402Fha0000Htt<tSF0l4Q@000d20,0*65"});
  EXPECT_EQ(r.year, 0);
  EXPECT_EQ(r.hour, 24);
  EXPECT_EQ(r.minute, 60);
  EXPECT_EQ(r.second, 60);
  EXPECT_EQ(r.lon, kLonNotAvailable);
  EXPECT_EQ(r.lat, kLatNotAvailable);
}

TEST(BaseStationReport, DecodesType11) {
  const Message m =
      DecodeOne({"!AIVDM,1,1,,B,;4R33:1uUK2F`q?mOt@@GoQ00000,0*5D,s28089,d-103,"
                 "T39.44353985,x147521,r08TPHI1,1242958962"});
  EXPECT_EQ(m.type, 11);
  const auto& r = std::get<BaseStationReport>(m.body);
  EXPECT_EQ(r.year, 2009);
  EXPECT_EQ(r.day, 22);
  EXPECT_EQ(r.epfd, 1);
  ASSERT_TRUE(m.envelope.time.has_value());
  EXPECT_EQ(core::ToUnixSeconds(*m.envelope.time), 1242958962);
}

TEST(StaticVoyage, DecodesType5) {
  EXPECT_EQ(
      DecodeBody<StaticVoyage>(
          {"!AIVDM,2,1,1,A,55?MbV02;H;s<HtKR20EHE:0@T4@Dn2222222216L961O5Gf0NSQEp6ClRp8,0*1C",
           "!AIVDM,2,2,1,A,88888888880,2*25"}),
      (StaticVoyage{.ais_version = 0,
                    .imo = 9134270,
                    .callsign = {.chars = {'3', 'F', 'O', 'F', '8'}, .size = 5},
                    .shipname = {.chars = {'E', 'V', 'E', 'R', ' ', 'D', 'I', 'A', 'D', 'E', 'M'},
                                 .size = 11},
                    .shiptype = 70,
                    .to_bow = 225,
                    .to_stern = 70,
                    .to_port = 1,
                    .to_starboard = 31,
                    .epfd = 1,
                    .month = 5,
                    .day = 15,
                    .hour = 14,
                    .minute = 0,
                    .draught = 122,
                    .destination = {.chars = {'N', 'E', 'W', ' ', 'Y', 'O', 'R', 'K'}, .size = 8},
                    .dte = false}));
}

TEST(StaticVoyage, Accepts420BitType5AsRealTransmittersSendIt) {
  // gpsd's sample with the second fragment cut to 420 bits (no DTE, no spare).
  const std::string first =
      "!AIVDM,2,1,2,A,542M92h00001@<7;?G0PD4i@R0<tqA8tj37>220o0h:2240Ht500000000000000,0*3C";
  const std::string second = testing::WithChecksum("AIVDM,2,2,2,A,000000,0");
  const Message m = DecodeOne({first, second});
  EXPECT_EQ(m.bit_count, 420);
  const auto& r = std::get<StaticVoyage>(m.body);
  EXPECT_EQ(r.shipname.view(), "HEALTH CONTROL 13");
  EXPECT_EQ(r.callsign.view(), "TCA2350");
  EXPECT_EQ(r.destination.view(), "");
  EXPECT_EQ(r.draught, 20);
  EXPECT_FALSE(r.dte);  // bit 422 is missing and reads as zero
}

TEST(StaticVoyage, RejectsLengthsOutside420To424) {
  Decoder d;
  EXPECT_EQ(
      d.DecodeLine(
          "!AIVDM,2,1,2,A,542M92h00001@<7;?G0PD4i@R0<tqA8tj37>220o0h:2240Ht500000000000000,0*3C"),
      LineOutcome::kPending);
  EXPECT_EQ(d.DecodeLine(testing::WithChecksum("AIVDM,2,2,2,A,00000,0")), LineOutcome::kBad);
  EXPECT_EQ(d.last_bad(), BadInput::kLength);
}

TEST(StaticDataReport, DecodesPartBWithVendorModelAndSerial) {
  Decoder d(DecoderOptions{.merge_type24 = false});
  ASSERT_EQ(d.DecodeLine("!AIVDM,1,1,,A,H42O55lti4hhhilD3nink000?050,0*40"), LineOutcome::kMessage);
  const auto& r = std::get<StaticDataReport>(d.message().body);
  EXPECT_FALSE(r.has_part_a);
  EXPECT_TRUE(r.has_part_b);
  EXPECT_EQ(r.shiptype, 60);
  EXPECT_EQ(r.vendorid.view(), "1D00014");
  EXPECT_EQ(r.model, 12);
  EXPECT_EQ(r.serial, 199796u);
  EXPECT_EQ(r.callsign.view(), "TC6163");
  EXPECT_EQ(r.to_stern, 15);
  EXPECT_EQ(r.to_starboard, 5);
}

TEST(StaticDataReport, AMismatchedPartADoesNotLendItsName) {
  Decoder d;
  EXPECT_EQ(d.DecodeLine("!AIVDM,1,1,,A,H42O3qiA8U10Tp0000000000000,2*37"), LineOutcome::kPending);
  ASSERT_EQ(d.DecodeLine("!AIVDM,1,1,,A,H42Mh`lUi2hhljiI=mikk000B050,0*17"), LineOutcome::kMessage);
  const auto& r = std::get<StaticDataReport>(d.message().body);
  EXPECT_FALSE(r.has_part_a);
  EXPECT_TRUE(r.shipname.empty());
}

}  // namespace
}  // namespace istmo::ais

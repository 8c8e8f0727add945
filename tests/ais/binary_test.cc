// Binary messages and their applications: types 6, 7, 8, 13, 25, 26. Expected values from
// gpsd's decode of the same sentences (tests/ais/testdata/gpsd_sample.gpsdecode.json).
#include <gtest/gtest.h>

#include "ais_test_util.h"

namespace istmo::ais {
namespace {

using testing::DecodeBody;
using testing::DecodeOne;

BinaryData Bits(std::initializer_list<std::uint8_t> bytes, std::uint16_t bit_count) {
  BinaryData d;
  std::size_t i = 0;
  for (std::uint8_t b : bytes) d.bytes[i++] = b;
  d.bit_count = bit_count;
  return d;
}

TEST(AddressedBinary, KeepsAnUnknownApplicationAsData) {
  const Message m = DecodeOne({"!AIVDM,1,1,,B,6B?n;be:cbapalgc;i6?Ow4,2*4A"});
  EXPECT_EQ(m.repeat, 1);
  EXPECT_EQ(m.mmsi, 150834090u);
  EXPECT_EQ(std::get<AddressedBinary>(m.body),
            (AddressedBinary{.seqno = 3,
                             .dest_mmsi = 313240222,
                             .retransmit = false,
                             .dac = 669,
                             .fid = 11,
                             .data = Bits({0xeb, 0x2f, 0x11, 0x8f, 0x7f, 0xf1}, 48),
                             .app = std::monostate{}}));
}

TEST(AddressedBinary, DecodesAtonMonitoringOfTheGla) {
  const auto r = DecodeBody<AddressedBinary>({"!AIVDM,1,1,4,B,6>jR0600V:C0>da4P106P00,2*02"});
  EXPECT_EQ(r.dac, 235);
  EXPECT_EQ(r.fid, 10);
  EXPECT_EQ(std::get<AtonMonitoring>(r.app),
            (AtonMonitoring{.ana_int = 274,  // 13.70 V
                            .ana_ext1 = 1,
                            .ana_ext2 = 1,
                            .racon = 2,
                            .light = 2,
                            .alarm = false,
                            .stat_ext = 0,
                            .off_pos = false}));
}

TEST(AddressedBinary, DecodesImoDangerousCargoEvenWhenShort) {
  // gpsd's sample: "advertised as DAC 1, FID 12, but full of garbage"; like gpsd we decode the
  // fields present and read the missing ones as zero.
  const auto r = DecodeBody<AddressedBinary>({"!AIVDM,1,1,,A,63LBA4;WBevJ04k0=@E=B0td,0*17"});
  const auto& d = std::get<DangerousCargo>(r.app);
  EXPECT_EQ(d.lastport.view(), "0CTES");
  EXPECT_EQ(d.lmonth, 5);
  EXPECT_EQ(d.lday, 4);
  EXPECT_EQ(d.lminute, 60);
  EXPECT_EQ(d.nextport.view(), ",");
  EXPECT_EQ(d.unid, 0);
}

TEST(AddressedBinary, DecodesTidalWindowsOfBothCirculars) {
  const auto r236 =
      DecodeBody<AddressedBinary>({"!AIVDM,1,1,,A,6h2E:81>NmKC04p0J<000?vv20Ru,0*31"});
  const auto& w236 = std::get<TidalWindow>(r236.app);
  EXPECT_FALSE(w236.circ289);
  ASSERT_EQ(w236.count, 1);
  EXPECT_EQ(w236.windows[0], (TidalWindow::Window{.lon = 16760328,  // 279.3388 (garbage)
                                                  .lat = -24379392,
                                                  .from_hour = 1,
                                                  .from_min = 5,
                                                  .to_hour = 29,
                                                  .to_min = 0,
                                                  .cdir = 0,
                                                  .cspeed = 0}));
  const auto r289 =
      DecodeBody<AddressedBinary>({"!AIVDM,1,1,,A,6h2E3MHrg19P0600@00000000000,0*02"});
  const auto& w289 = std::get<TidalWindow>(r289.app);
  EXPECT_TRUE(w289.circ289);
  ASSERT_EQ(w289.count, 1);
  EXPECT_EQ(w289.windows[0].lon, -16777216);  // -279.6203
}

TEST(AddressedBinary, DecodesClearanceTimeAndTextDescription) {
  const auto c = DecodeBody<AddressedBinary>({"!AIVDM,1,1,,B,6h2E3MDrDRiB0580@00000000000,0*04"});
  EXPECT_EQ(std::get<ClearanceTime>(c.app).linkage, 1);
  EXPECT_TRUE(std::get<ClearanceTime>(c.app).portname.empty());
  const auto x = DecodeBody<AddressedBinary>({"!AIVDM,1,1,,B,6h2E3MPr<buN05p0J00000000000,0*0A"});
  EXPECT_EQ(std::get<TextDescription>(x.app).linkage, 1);
  EXPECT_EQ(std::get<TextDescription>(x.app).text.view(), "(");
}

TEST(Acknowledge, ReadsEveryDestinationLikeGpsd) {
  const auto one = DecodeBody<Acknowledge>({"!AIVDM,1,1,,A,702R5`hwCjq8,0*6B"});
  EXPECT_EQ(one.count, 1);
  EXPECT_EQ(one.mmsi[0], 265538450u);
  EXPECT_EQ(one.mmsi[1], 0u);
  // 128 bits: two full destinations and a third cut short by the sender.
  const auto three = DecodeBody<Acknowledge>({"!AIVDM,1,1,,A,7IiQ4T`UjA9lC;b:M<MWE@,4*01"});
  EXPECT_EQ(three.count, 3);
  EXPECT_EQ(three.mmsi[0], 158483613u);
  EXPECT_EQ(three.mmsi[1], 321823389u);
  EXPECT_EQ(three.mmsi[2], 836359488u);
}

TEST(Acknowledge, DecodesType13) {
  const Message m = DecodeOne({"!AIVDM,1,1,,A,=39UOj0jFs9R,0*65"});
  EXPECT_EQ(m.type, 13);
  EXPECT_EQ(std::get<Acknowledge>(m.body).mmsi[0], 211217560u);
}

TEST(BroadcastBinary, DecodesMetHydroOfCirc236) {
  const auto r = DecodeBody<BroadcastBinary>(
      {"!AIVDO,1,1,4,B,8>jR06@0Bk3:wOli;<`WPhh<1rqVBQf2V@Pdt0J82avIM2b<<Rv1t<ot=@1,2*54"});
  ASSERT_EQ(r.dac, 1);
  ASSERT_EQ(r.fid, 11);
  const auto& h = std::get<MetHydro>(r.app);
  // The Kanaton dump of this message: latitude 0x30CAFD, air temperature 0x2E6 (14.2 °C),
  // dew point 0x143, pressure 0xE0 (1024 hPa), water level 0x10 (-8.4 m).
  EXPECT_FALSE(h.circ289);
  EXPECT_EQ(h.lat, 0x30CAFD);
  EXPECT_EQ(h.airtemp, 0x2E6);
  EXPECT_EQ(h.dewpoint, 0x143);
  EXPECT_EQ(h.pressure, 0xE0);
  EXPECT_EQ(h.waterlevel, 0x10);
  EXPECT_EQ(h.wspeed, 3);
  EXPECT_EQ(h.wgust, 6);
  EXPECT_EQ(h.seastate, 3);
  EXPECT_EQ(h.salinity, 0x35);
}

TEST(BroadcastBinary, DecodesMetHydroOfCirc289WithSignedTemperatures) {
  const auto r = DecodeBody<BroadcastBinary>(
      {"!AIVDO,1,1,5,A,8>jR06@0Gwli:QQUP3en?wvlFR06EuOwgwl?wnSwe7wvlOwwsAwwnSGmwvh0,0*51   "});
  const auto& h = std::get<MetHydro>(r.app);
  EXPECT_TRUE(h.circ289);
  EXPECT_EQ(h.airtemp, -1024);  // -102.4 °C
  EXPECT_EQ(h.humidity, 101);
  EXPECT_EQ(h.waterlevel, 0xFA1);
  EXPECT_EQ(h.wdir, 360);
}

TEST(BroadcastBinary, DecodesInlandStaticOnlyAtItsLength) {
  const auto ok = DecodeBody<BroadcastBinary>({"!AIVDM,1,1,,B,83aDChPj2d<dL<uM=hhhI?a@6HP0,0*40"});
  const auto& v = std::get<InlandStatic>(ok.app);
  EXPECT_EQ(v.vin.view(), "02103547");
  EXPECT_EQ(v.length, 390);
  EXPECT_EQ(v.beam, 50);
  EXPECT_EQ(v.shiptype, 8010);
  EXPECT_EQ(v.draught, 204);
  EXPECT_EQ(v.loaded, 1);
  // The same header over 368 bits of garbage stays raw data, as gpsd leaves it.
  const auto bad = DecodeBody<BroadcastBinary>(
      {"!AIVDM,2,1,4,A,83aDChPj2d<dL<uM=hhhI?a@6HP0e9QvUEEEOPPrE4t880>p2JqA6wimt:Ow,0*22",
       "!AIVDM,2,2,4,A,UPP8k;JvOeD,2*7F"});
  EXPECT_TRUE(std::holds_alternative<std::monostate>(bad.app));
  EXPECT_EQ(bad.data.bit_count, 368);
}

TEST(SlotBinary, Type25ReadsDestinationWhenAddressedAndAppIdWhenStructured) {
  const auto addressed =
      DecodeBody<SlotBinary>({"!AIVDM,1,1,,A,I6SWo?8P00a3PKpEKEVj0?vNP<65,0*73"});
  EXPECT_TRUE(addressed.addressed);
  EXPECT_FALSE(addressed.structured);
  EXPECT_EQ(addressed.dest_mmsi, 134218384u);
  EXPECT_EQ(addressed.data.bit_count, 98);
  const auto structured =
      DecodeBody<SlotBinary>({"!AIVDM,1,1,,A,I8IRGB40QPPa0:<HP::V=gwv0l48,0*0E"});
  EXPECT_FALSE(structured.addressed);
  EXPECT_EQ(structured.app_id, 134);
  EXPECT_EQ(structured.data.bit_count, 112);
}

TEST(SlotBinary, Type26EndsWithItsRadioState) {
  const Message m = DecodeOne({"!AIVDM,1,1,,A,JB3R0GO7p>vQL8tjw0b5hqpd0706kh9d3lR2vbl0400,2*40"});
  EXPECT_EQ(m.type, 26);
  const auto& r = std::get<SlotBinary>(m.body);
  EXPECT_TRUE(r.addressed);
  EXPECT_TRUE(r.structured);
  EXPECT_EQ(r.dest_mmsi, 838351848u);
  EXPECT_EQ(r.app_id, 23587);
  EXPECT_EQ(r.data.bit_count, 150);  // 256 - 40 - 30 - 16 - 20
  EXPECT_EQ(r.radio, 4096u);
}

}  // namespace
}  // namespace istmo::ais

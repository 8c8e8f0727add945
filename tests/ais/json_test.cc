#include "ais/json.h"

#include <gtest/gtest.h>

#include "ais/csv.h"
#include "ais/summary.h"
#include "ais_test_util.h"

namespace istmo::ais {
namespace {

using testing::DecodeOne;

std::string Json(const Message& m, JsonOptions options = {}) {
  std::string out;
  AppendJson(m, options, &out);
  return out;
}

TEST(Json, WritesType1AsGpsdecodeDoes) {
  // Byte for byte the line `gpsdecode -j` prints, without its "device".
  EXPECT_EQ(Json(DecodeOne({"!AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0*4A"})),
            "{\"class\":\"AIS\",\"type\":1,\"repeat\":0,\"mmsi\":371798000,\"scaled\":true,"
            "\"status\":0,\"status_text\":\"Under way using engine\",\"turn\":\"fastleft\","
            "\"speed\":12.3,\"accuracy\":true,\"lon\":-123.395383,\"lat\":48.381633,"
            "\"course\":224.0,\"heading\":215,\"second\":33,\"maneuver\":0,\"raim\":false,"
            "\"radio\":34017}\n");
}

TEST(Json, WritesDeviceAndEnvelopeWhenAsked) {
  const Message m =
      DecodeOne({"\\s:rORBCOMM104,q:u,c:1418172113,T:2014-12-10 00.41.53*55\\"
                 "!AIVDM,1,1,,B,13F?Vv700<DJuLEtvep`iToV0<00,0*78"});
  const std::string out = Json(m, JsonOptions{.device = "stdin", .envelope = true});
  EXPECT_EQ(out.rfind("{\"class\":\"AIS\",\"device\":\"stdin\",\"type\":1,", 0), 0u) << out;
  EXPECT_NE(out.find(",\"line\":1,\"time\":\"2014-12-10T00:41:53.000Z\","
                     "\"source\":\"rORBCOMM104\"}"),
            std::string::npos)
      << out;
}

TEST(Json, SignedTurnAndNotAvailableSpeed) {
  Message m;
  m.type = 1;
  m.body = PositionReport{.turn = -43, .speed = kSpeedNotAvailable};
  std::string out = Json(m);
  EXPECT_NE(out.find("\"turn\":-83,\"speed\":\"nan\""), std::string::npos) << out;
  std::get<PositionReport>(m.body).speed = kSpeedFastMover;
  out = Json(m);
  EXPECT_NE(out.find("\"speed\":\"fast\""), std::string::npos) << out;
}

TEST(Json, NegativeCoordinatesNearZeroKeepTheirSign) {
  Message m;
  m.type = 1;
  m.body = PositionReport{.lon = -1, .lat = 1};
  const std::string out = Json(m);
  EXPECT_NE(out.find("\"lon\":-0.000002,\"lat\":0.000002"), std::string::npos) << out;
}

TEST(Json, EscapesQuotesAndBackslashesInText) {
  std::string out;
  AppendJsonString("A\"B\\C\x01", &out);
  EXPECT_EQ(out, "\"A\\\"B\\\\C\\u0001\"");
}

TEST(Json, WritesBinaryDataAsBitsAndHex) {
  const std::string out = Json(DecodeOne({"!AIVDM,1,1,,A,63u?;TP0`QJ<06P000,4*43"}));
  EXPECT_NE(out.find("\"dac\":1,\"fid\":40,\"data\":\"16:0000\"}"), std::string::npos) << out;
}

TEST(Csv, WritesAHeaderAndOneRowPerMessage) {
  std::string out(CsvHeader());
  AppendCsv(DecodeOne({"!AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0*4A"}), &out);
  AppendCsv(
      DecodeOne({"!AIVDM,2,1,1,A,55?MbV02;H;s<HtKR20EHE:0@T4@Dn2222222216L961O5Gf0NSQEp6ClRp8,0*1C",
                 "!AIVDM,2,2,1,A,88888888880,2*25"}),
      &out);
  EXPECT_EQ(out,
            "line,time,source,channel,type,repeat,mmsi,lat,lon,speed_kn,course_deg,heading_deg,"
            "status,shipname,callsign,imo,shiptype,to_bow,to_stern,to_port,to_starboard,"
            "draught_m,destination\n"
            "1,,,A,1,0,371798000,48.381633,-123.395383,12.3,224.0,215,0,,,,,,,,,,\n"
            "2,,,A,5,0,351759000,,,,,,,EVER DIADEM,3FOF8,9134270,70,225,70,1,31,12.2,NEW YORK\n");
}

TEST(Summary, CountsTypesTalkersChannelsAndMmsis) {
  Decoder d;
  Summary s;
  d.DecodeBuffer(testing::ReadTestData("gpsd_sample.aivdm"), [&](const Message& m) { s.Add(m); });
  EXPECT_EQ(s.messages(), d.stats().messages);
  EXPECT_EQ(s.by_type()[5], 3u);
  EXPECT_EQ(s.by_talker().at("AIVDO"), 3u);
  EXPECT_EQ(s.by_channel().at("B"), 32u);
  EXPECT_EQ(s.distinct_mmsi(), 86u);
  const std::string report = s.Format(d.stats());
  EXPECT_NE(report.find("orphan_fragment"), std::string::npos);
}

}  // namespace
}  // namespace istmo::ais

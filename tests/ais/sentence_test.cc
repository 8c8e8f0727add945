#include "ais/internal/sentence.h"

#include <gtest/gtest.h>

namespace istmo::ais::internal {
namespace {

TEST(Sentence, SplitsTheFieldsOfAVdm) {
  Sentence s;
  ASSERT_EQ(
      ParseSentence("!AIVDM,2,1,6,A,8>qc9wiKf>d=Cq5r0mdew:?DLq>1LmhHrsqmBCKnJ50,0*30\r\n", &s),
      ParseStatus::kOk);
  EXPECT_EQ(s.talker[0], 'A');
  EXPECT_EQ(s.talker[1], 'I');
  EXPECT_FALSE(s.own_ship);
  EXPECT_EQ(s.count, 2);
  EXPECT_EQ(s.number, 1);
  EXPECT_EQ(s.sequence, 6);
  EXPECT_EQ(s.channel, 'A');
  EXPECT_EQ(s.payload, "8>qc9wiKf>d=Cq5r0mdew:?DLq>1LmhHrsqmBCKnJ50");
  EXPECT_EQ(s.fill_bits, 0);
  EXPECT_FALSE(s.time_us.has_value());
}

TEST(Sentence, AcceptsAnyTalkerAndVdo) {
  Sentence s;
  ASSERT_EQ(
      ParseSentence(
          "!AIVDO,1,1,4,B,8>jR06@0Bk3:vOli;L`nwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwt1,2*0E", &s),
      ParseStatus::kOk);
  EXPECT_TRUE(s.own_ship);
  // Same payload from a base station talker, checksum recomputed for "BS".
  ASSERT_EQ(ParseSentence("!BSVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0*53", &s), ParseStatus::kOk);
  EXPECT_EQ(s.talker[0], 'B');
  EXPECT_EQ(s.sequence, -1);
}

TEST(Sentence, RejectsAWrongOrMissingChecksum) {
  Sentence s;
  EXPECT_EQ(ParseSentence("!AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0*4B", &s),
            ParseStatus::kChecksum);
  EXPECT_EQ(ParseSentence("!AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0", &s),
            ParseStatus::kChecksum);
  EXPECT_EQ(ParseSentence("!AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0*4", &s),
            ParseStatus::kChecksum);
}

TEST(Sentence, IgnoresLinesWithoutVdmOrVdo) {
  Sentence s;
  EXPECT_EQ(ParseSentence("", &s), ParseStatus::kNotSentence);
  EXPECT_EQ(ParseSentence("# comment", &s), ParseStatus::kNotSentence);
  EXPECT_EQ(ParseSentence("$GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,*47", &s),
            ParseStatus::kNotSentence);
  EXPECT_EQ(ParseSentence("AIVDM,2,2,1,B,00000000000,2*26", &s), ParseStatus::kNotSentence);
}

TEST(Sentence, RejectsMalformedFields) {
  Sentence s;
  // number 3 of 2, fill 6, two-character channel, missing field; checksums are valid.
  EXPECT_EQ(ParseSentence("!AIVDM,2,3,,A,0,0*17", &s), ParseStatus::kFormat);
  EXPECT_EQ(ParseSentence("!AIVDM,1,1,,A,0,6*10", &s), ParseStatus::kFormat);
  EXPECT_EQ(ParseSentence("!AIVDM,1,1,,AB,0,0*54", &s), ParseStatus::kFormat);
  EXPECT_EQ(ParseSentence("!AIVDM,1,1,,A,0*0A", &s), ParseStatus::kFormat);
}

TEST(Sentence, ReadsTheNmea4TagBlock) {
  Sentence s;
  ASSERT_EQ(ParseSentence("\\s:rORBCOMM104,q:u,c:1418172113,T:2014-12-10 00.41.53*55\\"
                          "!AIVDM,1,1,,B,13F?Vv700<DJuLEtvep`iToV0<00,0*78",
                          &s),
            ParseStatus::kOk);
  EXPECT_EQ(s.source, "rORBCOMM104");
  ASSERT_TRUE(s.time_us.has_value());
  EXPECT_EQ(*s.time_us, 1418172113LL * 1000000);
}

TEST(Sentence, RejectsATagBlockWithABadChecksum) {
  Sentence s;
  EXPECT_EQ(ParseSentence("\\s:rORBCOMM104,c:1418172113*00\\"
                          "!AIVDM,1,1,,B,13F?Vv700<DJuLEtvep`iToV0<00,0*78",
                          &s),
            ParseStatus::kChecksum);
}

TEST(Sentence, ReadsTimestampPrefixes) {
  Sentence s;
  ASSERT_EQ(
      ParseSentence("2014-12-10T00:41:53Z !AIVDM,1,1,,B,13F?Vv700<DJuLEtvep`iToV0<00,0*78", &s),
      ParseStatus::kOk);
  EXPECT_EQ(*s.time_us, 1418172113LL * 1000000);
  ASSERT_EQ(
      ParseSentence("[2014-12-10 00:41:53.5] !AIVDM,1,1,,B,13F?Vv700<DJuLEtvep`iToV0<00,0*78", &s),
      ParseStatus::kOk);
  EXPECT_EQ(*s.time_us, 1418172113LL * 1000000 + 500000);
  ASSERT_EQ(ParseSentence("1418172113.25 !AIVDM,1,1,,B,13F?Vv700<DJuLEtvep`iToV0<00,0*78", &s),
            ParseStatus::kOk);
  EXPECT_EQ(*s.time_us, 1418172113LL * 1000000 + 250000);
}

TEST(Sentence, ReadsTheUscgSuffixTime) {
  Sentence s;
  ASSERT_EQ(ParseSentence("!AIVDM,1,1,,B,;4R33:1uUK2F`q?mOt@@GoQ00000,0*5D,s28089,d-103,"
                          "T39.44353985,x147521,r08TPHI1,1242958962",
                          &s),
            ParseStatus::kOk);
  EXPECT_EQ(*s.time_us, 1242958962LL * 1000000);
}

TEST(Sentence, ToleratesTextAfterTheChecksum) {
  Sentence s;
  EXPECT_EQ(ParseSentence("!AIVDM,2,2,8,B,00,4*19\\x0d\\x0a", &s), ParseStatus::kOk);
  EXPECT_FALSE(s.time_us.has_value());
}

// fuzz_nmea: a tag block time of 19+ digits overflowed the microsecond conversion.
TEST(TimePrefix, RejectsNumbersTooLongForAnyTimeWithoutOverflow) {
  EXPECT_FALSE(ParseTimePrefix("1418172113000000000").has_value());
  EXPECT_FALSE(ParseTimePrefix("99999999999999999999.5").has_value());
  Sentence s;
  ASSERT_EQ(ParseSentence(
                "\\c:14181721130000000000\\!AIVDM,1,1,,B,13F?Vv700<DJuLEtvep`iToV0<00,0*78", &s),
            ParseStatus::kOk);
  EXPECT_FALSE(s.time_us.has_value());
  EXPECT_EQ(*ParseTimePrefix("999999999999999"), 999999999999999LL * 1000);  // 15 digits: ms
}

TEST(TimePrefix, RejectsTextThatIsNoTime) {
  EXPECT_FALSE(ParseTimePrefix("receiver-3").has_value());
  EXPECT_FALSE(ParseTimePrefix("2024-13-45T99:00Z").has_value());
  EXPECT_EQ(*ParseTimePrefix("1724162580123"), 1724162580123LL * 1000);  // milliseconds
}

}  // namespace
}  // namespace istmo::ais::internal

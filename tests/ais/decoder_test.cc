#include "ais/decoder.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "ais/encoder.h"
#include "ais_test_util.h"
#include "core/time.h"

namespace istmo::ais {
namespace {

using testing::DecodeOne;

// Type 5 in two fragments (gpsd sample, from Kurt Schwehr).
constexpr std::string_view kPart1 =
    "!AIVDM,2,1,1,A,55?MbV02;H;s<HtKR20EHE:0@T4@Dn2222222216L961O5Gf0NSQEp6ClRp8,0*1C";
constexpr std::string_view kPart2 = "!AIVDM,2,2,1,A,88888888880,2*25";
constexpr std::string_view kType1 = "!AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0*4A";

TEST(Decoder, DecodesASingleSentenceMessage) {
  Decoder d;
  ASSERT_EQ(d.DecodeLine(kType1), LineOutcome::kMessage);
  EXPECT_EQ(d.message().type, 1);
  EXPECT_EQ(d.message().mmsi, 371798000u);
  EXPECT_EQ(d.message().envelope.channel, 'A');
  EXPECT_EQ(d.message().envelope.line, 1);
  EXPECT_EQ(d.stats().messages, 1u);
  EXPECT_EQ(d.stats().by_type[1], 1u);
}

TEST(Decoder, ReassemblesFragmentsOfOneChannelAndSequence) {
  Decoder d;
  EXPECT_EQ(d.DecodeLine(kPart1), LineOutcome::kPending);
  ASSERT_EQ(d.DecodeLine(kPart2), LineOutcome::kMessage);
  EXPECT_EQ(d.message().type, 5);
  EXPECT_EQ(d.message().bit_count, 424);
  EXPECT_EQ(std::get<StaticVoyage>(d.message().body).shipname.view(), "EVER DIADEM");
}

TEST(Decoder, InterleavesMessagesOfBothChannels) {
  // gpsd's channel multiplexing sample: B/6 starts, A/2 starts and ends, B/6 ends.
  Decoder d;
  std::vector<std::uint32_t> lengths;
  for (std::string_view line :
       {"!AIVDM,2,1,6,B,542M92h00001@<7;?G0PD4i@R0<tqA8tj37>220o0h:2240Ht50000000000,0*3B",
        "!AIVDM,2,1,2,A,542M92h00001@<7;?G0PD4i@R0<tqA8tj37>220o0h:2240Ht500000000000000,0*3C",
        "!AIVDM,2,2,2,A,0000002,2*24", "!AIVDM,2,2,6,B,00000000000,2*21"}) {
    if (d.DecodeLine(line) == LineOutcome::kMessage) lengths.push_back(d.message().bit_count);
  }
  EXPECT_EQ(lengths, (std::vector<std::uint32_t>{424, 424}));
  EXPECT_EQ(d.stats().bad_total(), 0u);
}

TEST(NmeaReassembler, DropsFragmentFromOtherChannel) {
  Decoder d;
  EXPECT_EQ(d.DecodeLine(kPart1), LineOutcome::kPending);
  // The same second fragment heard on channel B has no first fragment there.
  EXPECT_EQ(d.DecodeLine("!AIVDM,2,2,1,B,88888888880,2*26"), LineOutcome::kBad);
  EXPECT_EQ(d.last_bad(), BadInput::kOrphanFragment);
  EXPECT_EQ(d.DecodeLine(kPart2), LineOutcome::kMessage);
}

TEST(NmeaReassembler, CountsASecondFragmentWithoutFirstAsOrphan) {
  Decoder d;
  EXPECT_EQ(d.DecodeLine(kPart2), LineOutcome::kBad);
  EXPECT_EQ(d.stats().bad_count(BadInput::kOrphanFragment), 1u);
}

TEST(NmeaReassembler, ARestartDropsThePartialMessage) {
  Decoder d;
  EXPECT_EQ(d.DecodeLine(kPart1), LineOutcome::kPending);
  EXPECT_EQ(d.DecodeLine(kPart1), LineOutcome::kPending);
  EXPECT_EQ(d.stats().bad_count(BadInput::kOrphanFragment), 1u);
  EXPECT_EQ(d.DecodeLine(kPart2), LineOutcome::kMessage);
}

TEST(NmeaReassembler, TimesOutOnTheInjectedClock) {
  core::FakeClock clock(core::FromUnixSeconds(1'700'000'000));
  Decoder d(DecoderOptions{.fragment_timeout = std::chrono::seconds(5), .clock = &clock});
  EXPECT_EQ(d.DecodeLine(kPart1), LineOutcome::kPending);
  clock.Advance(std::chrono::seconds(6));
  EXPECT_EQ(d.DecodeLine(kPart2), LineOutcome::kBad);
  EXPECT_EQ(d.last_bad(), BadInput::kOrphanFragment);
  EXPECT_EQ(d.stats().bad_count(BadInput::kOrphanFragment), 2u);  // both fragments lost

  EXPECT_EQ(d.DecodeLine(kPart1), LineOutcome::kPending);
  clock.Advance(std::chrono::seconds(4));
  EXPECT_EQ(d.DecodeLine(kPart2), LineOutcome::kMessage);
}

TEST(NmeaReassembler, TimesOutOnTheLogsOwnTimeBeforeTheClock) {
  core::FakeClock clock(core::FromUnixSeconds(1'700'000'000));  // stands still
  Decoder d(DecoderOptions{.fragment_timeout = std::chrono::seconds(5), .clock = &clock});
  EXPECT_EQ(d.DecodeLine(testing::Concat("1700000000 ", kPart1)), LineOutcome::kPending);
  EXPECT_EQ(d.DecodeLine(testing::Concat("1700000030 ", kPart2)), LineOutcome::kBad);
  EXPECT_EQ(d.last_bad(), BadInput::kOrphanFragment);
}

TEST(NmeaReassembler, DoesNotCompareTheLogsTimeWithTheClock) {
  // The first fragment carries a 2014 tag block time, the second none; the clock says 2023.
  core::FakeClock clock(core::FromUnixSeconds(1'700'000'000));
  Decoder d(DecoderOptions{.fragment_timeout = std::chrono::seconds(5), .clock = &clock});
  EXPECT_EQ(d.DecodeLine(testing::Concat("\\c:1418169601*5C\\", kPart1)), LineOutcome::kPending);
  ASSERT_EQ(d.DecodeLine(kPart2), LineOutcome::kMessage);
  ASSERT_TRUE(d.message().envelope.time.has_value());
  EXPECT_EQ(core::ToUnixSeconds(*d.message().envelope.time), 1418169601);
}

TEST(NmeaReassembler, WithoutAnyTimeAgesOutByLines) {
  Decoder d(DecoderOptions{.fragment_max_lines = 3});
  EXPECT_EQ(d.DecodeLine(kPart1), LineOutcome::kPending);
  for (int i = 0; i < 3; ++i) d.DecodeLine(kType1);
  EXPECT_EQ(d.DecodeLine(kPart2), LineOutcome::kBad);
}

TEST(NmeaReassembler, FinishCountsUnfinishedMessages) {
  Decoder d;
  EXPECT_EQ(d.DecodeLine(kPart1), LineOutcome::kPending);
  d.Finish();
  EXPECT_EQ(d.stats().bad_count(BadInput::kOrphanFragment), 1u);
}

TEST(NmeaReassembler, KeepsTheTagBlockTimeAndSourceOfTheFirstFragment) {
  // libais's tag block sample: fragment 1 of group 1604, another message, then fragment 2.
  Decoder d;
  std::vector<Message> messages;
  d.DecodeBuffer(testing::ReadTestData("libais_tagblock.nmea"),
                 [&](const Message& m) { messages.push_back(m); });
  ASSERT_EQ(messages.size(), 4u);
  EXPECT_EQ(messages[1].type, 5);
  EXPECT_EQ(messages[1].envelope.source.view(), "rORBCOMM008");
  ASSERT_TRUE(messages[1].envelope.time.has_value());
  EXPECT_EQ(core::ToUnixSeconds(*messages[1].envelope.time), 1418169601);
  EXPECT_EQ(messages[1].envelope.line, 3);
}

TEST(Decoder, CountsBadInputByKind) {
  Decoder d;
  EXPECT_EQ(d.DecodeLine("!AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0*4B"), LineOutcome::kBad);
  EXPECT_EQ(d.DecodeLine("!AIVDM,1,1,,A,0,6*10"), LineOutcome::kBad);
  // Valid checksums over a payload with ' ' (outside the armor), a short payload and type 0.
  EXPECT_EQ(d.DecodeLine("!AIVDM,1,1,,A,15RT t0PAso;90TKcjM8h6g208CQ,0*0D"), LineOutcome::kBad);
  EXPECT_EQ(d.DecodeLine("!AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h,0*33"), LineOutcome::kBad);
  EXPECT_EQ(d.DecodeLine("!AIVDM,1,1,,A,05RTgt0PAso;90TKcjM8h6g208CQ,0*4B"), LineOutcome::kBad);
  EXPECT_EQ(d.DecodeLine("# a comment"), LineOutcome::kIgnored);
  const DecodeStats& s = d.stats();
  EXPECT_EQ(s.bad_count(BadInput::kChecksum), 1u);
  EXPECT_EQ(s.bad_count(BadInput::kFormat), 1u);
  EXPECT_EQ(s.bad_count(BadInput::kArmor), 1u);
  EXPECT_EQ(s.bad_count(BadInput::kLength), 1u);
  EXPECT_EQ(s.bad_count(BadInput::kUnknownType), 1u);
  EXPECT_EQ(s.other_lines, 1u);
  EXPECT_EQ(s.lines, 6u);
  EXPECT_EQ(s.messages, 0u);
}

TEST(Decoder, DecodeBufferSplitsLinesWithOrWithoutCarriageReturns) {
  Decoder d;
  std::string buffer(kType1);
  buffer.append("\r\n").append(kPart1).append("\n").append(kPart2);  // no final line end
  std::vector<int> types;
  const auto n = d.DecodeBuffer(buffer, [&](const Message& m) { types.push_back(m.type); });
  EXPECT_EQ(n, 2u);
  EXPECT_EQ(types, (std::vector<int>{1, 5}));
}

TEST(Decoder, MergesType24PartsOfOneMmsi) {
  Decoder d;
  EXPECT_EQ(d.DecodeLine("!AIVDM,1,1,,A,H42O55i18tMET00000000000000,2*6D"), LineOutcome::kPending);
  ASSERT_EQ(d.DecodeLine("!AIVDM,1,1,,A,H42O55lti4hhhilD3nink000?050,0*40"), LineOutcome::kMessage);
  const auto& r = std::get<StaticDataReport>(d.message().body);
  EXPECT_TRUE(r.has_part_a);
  EXPECT_TRUE(r.has_part_b);
  EXPECT_EQ(r.shipname.view(), "PROGUY");
  EXPECT_EQ(r.callsign.view(), "TC6163");
  EXPECT_EQ(d.stats().type24_part_a_held, 1u);
}

// Regression (opencpn/Hakefjord.ais-only.log lines 3413-5335): eight other stations' part As
// came between GEIST M33's part A and its part B. Eight slots taken in turn dropped its name;
// gpsd, with eight per channel, merged it.
TEST(Decoder, MergesType24PartBAfterEightOtherStationsPartAs) {
  Decoder d;
  EXPECT_EQ(d.DecodeLine("!AIVDM,1,1,,A,H3uK<`PLDU=B20o?<0000000003,2*22"), LineOutcome::kPending);
  for (std::string_view other : {
           "!AIVDM,1,1,,A,H39I4gPpEHE:0tr1=Dp@5V22220,2*33",
           "!AIVDM,1,1,,A,H3@oDQhhD@40000000000000002,2*57",
           "!AIVDM,1,1,,B,H3u?vj0t<D4pp40000000000000,2*06",
           "!AIVDM,1,1,,B,H3v3280LO?:1A8U=@4p00000003,2*02",
           "!AIVDM,1,1,,A,H3uA7DP4ppDhT00000000000003,2*07",
           "!AIVDM,1,1,,A,H39dE`PEQ@5=T00000000000001,2*7E",
           "!AIVDO,1,1,,B,H3uBrjQ>uV0ltlt000000000001,2*0C",
           "!AIVDM,1,1,,A,H39JUq0iDIB2J0hTD8D00000001,2*53",
       }) {
    EXPECT_EQ(d.DecodeLine(other), LineOutcome::kPending) << other;
  }
  ASSERT_EQ(d.DecodeLine("!AIVDM,1,1,,A,H3uK<`TTD815=V8pCInomk0`5120,0*3F"), LineOutcome::kMessage);
  const auto& r = std::get<StaticDataReport>(d.message().body);
  EXPECT_EQ(d.message().mmsi, 265735330u);
  EXPECT_TRUE(r.has_part_a);
  EXPECT_EQ(r.shipname.view(), "GEIST  M33");
  EXPECT_EQ(r.callsign.view(), "8SY6753");
}

// Sixteen part As wait at most: the seventeenth station's pushes out one of them.
TEST(Decoder, HoldsAtMostSixteenType24PartAs) {
  Decoder d;
  Encoder encoder;
  std::string lines;
  for (const bool part_b : {false, true}) {
    for (std::uint32_t i = 0; i < 17; ++i) {
      Message m;
      m.type = 24;
      m.mmsi = 352000001 + i;
      m.body = StaticDataReport{.has_part_a = !part_b, .has_part_b = part_b};
      ASSERT_TRUE(encoder.Encode(m, {}, &lines));
    }
  }
  int merged = 0;
  d.DecodeBuffer(lines, [&](const Message& m) {
    merged += std::get<StaticDataReport>(m.body).has_part_a ? 1 : 0;
  });
  EXPECT_EQ(d.stats().type24_part_a_held, 17u);
  EXPECT_EQ(merged, 16);
}

TEST(Decoder, EmitsType24PartsSeparatelyWhenAsked) {
  Decoder d(DecoderOptions{.merge_type24 = false});
  ASSERT_EQ(d.DecodeLine("!AIVDM,1,1,,A,H42O55i18tMET00000000000000,2*6D"), LineOutcome::kMessage);
  const auto& r = std::get<StaticDataReport>(d.message().body);
  EXPECT_TRUE(r.has_part_a);
  EXPECT_FALSE(r.has_part_b);
}

TEST(Decoder, NeverAllocatesBeyondItsBuffersForLongGarbage) {
  Decoder d;
  const std::string junk =
      testing::WithChecksum(testing::Concat("AIVDM,1,1,,A,", std::string(5000, 'w') + ",0"));
  EXPECT_EQ(d.DecodeLine(junk), LineOutcome::kBad);
  EXPECT_EQ(d.last_bad(), BadInput::kLength);
  EXPECT_EQ(d.DecodeLine(kType1), LineOutcome::kMessage);
}

}  // namespace
}  // namespace istmo::ais

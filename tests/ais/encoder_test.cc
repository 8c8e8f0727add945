// The encoder: each type round-trips through our decoder; sentences are framed as real senders
// frame them (two-part type 5, fill bits, sequence ids, tag blocks); bad values are refused;
// and a seeded log of every encoded type decodes in gpsdecode (gpsd-clients) to the same JSON
// as in our decoder, field by field.
#include "ais/encoder.h"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "ais/decoder.h"
#include "ais/json.h"

namespace istmo::ais {
namespace {

using nlohmann::json;

template <std::size_t N>
FixedText<N> T(std::string_view s) {
  FixedText<N> t;
  for (char c : s) t.chars[t.size++] = c;
  return t;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// Encodes m and decodes it back (type 24 parts are not merged, so each part comes back alone).
std::vector<Message> RoundTrip(const Message& m, const TagBlock& tag = {}) {
  Encoder encoder;
  std::string out;
  auto n = encoder.Encode(m, tag, &out);
  EXPECT_TRUE(n.has_value()) << (n ? "" : n.error().message);
  Decoder decoder({.merge_type24 = false});
  std::vector<Message> got;
  for (const std::string& line : Lines(out)) {
    const LineOutcome o = decoder.DecodeLine(line);
    EXPECT_NE(o, LineOutcome::kBad) << line << ": " << BadInputName(decoder.last_bad());
    if (o == LineOutcome::kMessage) got.push_back(decoder.message());
  }
  return got;
}

Message Of(std::uint8_t type, std::uint32_t mmsi, MessageBody body) {
  Message m;
  m.type = type;
  m.mmsi = mmsi;
  m.body = std::move(body);
  return m;
}

void ExpectSameMessage(const Message& want, const Message& got) {
  EXPECT_EQ(got.type, want.type);
  EXPECT_EQ(got.repeat, want.repeat);
  EXPECT_EQ(got.mmsi, want.mmsi);
  EXPECT_TRUE(got.body == want.body) << "type " << int{want.type} << " MMSI " << want.mmsi;
}

TEST(Encoder, PositionReportRoundTrips) {
  const Message m = Of(1, 352001234,
                       PositionReport{.status = 1,
                                      .turn = -12,
                                      .speed = 123,
                                      .accuracy = true,
                                      .lon = static_cast<std::int32_t>(-79.5321 * 600000),
                                      .lat = static_cast<std::int32_t>(8.8812 * 600000),
                                      .course = 1795,
                                      .heading = 180,
                                      .second = 42,
                                      .maneuver = 1,
                                      .raim = true,
                                      .radio = 81923});
  const auto got = RoundTrip(m);
  ASSERT_EQ(got.size(), 1u);
  ExpectSameMessage(m, got[0]);
  EXPECT_EQ(got[0].bit_count, 168);
}

TEST(Encoder, EveryEncodedTypeRoundTrips) {
  std::vector<Message> messages = {
      Of(3, 636012345, PositionReport{.status = 5, .speed = 0}),
      Of(4, 3520001,
         BaseStationReport{.year = 2026,
                           .month = 11,
                           .day = 28,
                           .hour = 2,
                           .minute = 3,
                           .second = 4,
                           .lon = -47723400,
                           .lat = 5333000,
                           .epfd = 7,
                           .radio = 12}),
      Of(5, 538001122,
         StaticVoyage{.ais_version = 2,
                      .imo = 9811000,
                      .callsign = T<7>("V7AB3"),
                      .shipname = T<20>("MSC ISTMO EXPRESS"),
                      .shiptype = 71,
                      .to_bow = 250,
                      .to_stern = 49,
                      .to_port = 20,
                      .to_starboard = 21,
                      .epfd = 1,
                      .month = 12,
                      .day = 1,
                      .hour = 6,
                      .minute = 30,
                      .draught = 142,
                      .destination = T<20>("PABLB>USNYC"),
                      .dte = false}),
      Of(9, 111352001,
         SarAircraft{.alt = 300,
                     .speed = 140,
                     .lon = -47800000,
                     .lat = 5300000,
                     .course = 900,
                     .second = 10,
                     .radio = 393222}),
      Of(11, 3520001, BaseStationReport{.year = 2026, .month = 1, .day = 2}),
      Of(18, 352999001,
         ClassBPosition{.speed = 62,
                        .lon = -47600000,
                        .lat = 5400000,
                        .course = 2710,
                        .heading = 270,
                        .second = 12,
                        .cs = true,
                        .band = true,
                        .radio = 917510}),
      Of(19, 352999002,
         ClassBExtended{.speed = 80,
                        .lon = -47000000,
                        .lat = 5500000,
                        .course = 100,
                        .shipname = T<20>("DONA ROSA"),
                        .shiptype = 30,
                        .to_bow = 10,
                        .to_stern = 8,
                        .to_port = 3,
                        .to_starboard = 3,
                        .epfd = 1}),
      Of(21, 993526001,
         AidToNavigation{.aid_type = 19,
                         .name = T<34>("PANAMA CANAL BUOY NO 12"),
                         .lon = -47760000,
                         .lat = 5358000,
                         .to_bow = 1,
                         .to_stern = 1,
                         .to_port = 1,
                         .to_starboard = 1,
                         .epfd = 7,
                         .second = 61,
                         .virtual_aid = true}),
      Of(21, 993526002, AidToNavigation{.aid_type = 1, .name = T<34>("PUNTA MALA LIGHT")}),
      Of(27, 352001234,
         LongRangePosition{
             .status = 0, .lon = -47700, .lat = 5330, .speed = 12, .course = 45, .gnss = false}),
      Of(24, 352999003, StaticDataReport{.has_part_a = true, .shipname = T<20>("LA PALMA")}),
      Of(24, 352999003,
         StaticDataReport{.has_part_b = true,
                          .shiptype = 37,
                          .vendorid = T<7>("SRT"),
                          .callsign = T<7>("HP1234"),
                          .to_bow = 6,
                          .to_stern = 6,
                          .to_port = 2,
                          .to_starboard = 2}),
      Of(24, 983520001,
         StaticDataReport{.has_part_b = true,
                          .shiptype = 52,
                          .vendorid = T<7>("ABC"),
                          .callsign = T<7>("TENDER"),
                          .mothership_mmsi = 352001234}),
  };
  for (const Message& m : messages) {
    const auto got = RoundTrip(m);
    ASSERT_EQ(got.size(), 1u) << "type " << int{m.type};
    ExpectSameMessage(m, got[0]);
  }
}

TEST(Encoder, Type24WithBothPartsIsTwoMessagesThatTheDecoderMerges) {
  const Message m = Of(24, 352999004,
                       StaticDataReport{.has_part_a = true,
                                        .has_part_b = true,
                                        .shipname = T<20>("MARIA"),
                                        .shiptype = 36,
                                        .vendorid = T<7>("GRM"),
                                        .callsign = T<7>("HO2020"),
                                        .to_bow = 5,
                                        .to_stern = 5,
                                        .to_port = 2,
                                        .to_starboard = 1});
  Encoder encoder;
  std::string out;
  ASSERT_EQ(encoder.Encode(m, {}, &out).value(), 2);
  Decoder decoder;  // merges part B into the part A before it, as gpsd does
  std::vector<Message> got;
  decoder.DecodeBuffer(out, [&](const Message& x) { got.push_back(x); });
  ASSERT_EQ(got.size(), 1u);
  ExpectSameMessage(m, got[0]);
}

TEST(Encoder, Type24PartBVendorIsManufacturerModelAndSerial) {
  const Message m = Of(
      24, 352999005,
      StaticDataReport{.has_part_b = true, .vendorid = T<7>("SMT"), .model = 3, .serial = 712345});
  const auto got = RoundTrip(m);
  ASSERT_EQ(got.size(), 1u);
  const auto& r = std::get<StaticDataReport>(got[0].body);
  EXPECT_EQ(r.model, 3);
  EXPECT_EQ(r.serial, 712345u);
  EXPECT_EQ(r.vendorid.view().substr(0, 3), "SMT");  // the decoder reads all 42 bits as text
}

TEST(Encoder, Type5IsTwoSentencesWithFillBitsOnTheLastAndOneSequenceId) {
  Message m = Of(5, 538001122, StaticVoyage{.imo = 9811000, .shipname = T<20>("A")});
  m.envelope.channel = 'B';
  Encoder encoder;
  std::string out;
  ASSERT_EQ(encoder.Encode(m, {}, &out).value(), 2);
  ASSERT_EQ(encoder.Encode(m, {}, &out).value(), 2);
  const auto lines = Lines(out);
  ASSERT_EQ(lines.size(), 4u);
  // 424 bits = 71 characters (426 bits): 60 + 11, 2 fill bits; sequence ids 0 then 1.
  EXPECT_EQ(lines[0].substr(0, 15), "!AIVDM,2,1,0,B,");
  EXPECT_EQ(lines[0].size(), 15 + 60 + 5u);
  EXPECT_EQ(lines[0].substr(lines[0].size() - 5, 2), ",0");
  EXPECT_EQ(lines[1].substr(0, 15), "!AIVDM,2,2,0,B,");
  EXPECT_EQ(lines[1].substr(lines[1].size() - 5, 2), ",2");
  EXPECT_EQ(lines[2].substr(0, 15), "!AIVDM,2,1,1,B,");
}

TEST(Encoder, SingleSentenceHasEmptySequenceIdAndAKnownChecksum) {
  // The first sentence of gpsd's sample.aivdm, rebuilt from its decoded fields.
  Decoder decoder;
  const std::string line = "!AIVDM,1,1,,B,15M67FC000G?ufbE`FepT@3n00Sa,0*5C";
  ASSERT_EQ(decoder.DecodeLine(line), LineOutcome::kMessage);
  Message m = decoder.message();
  Encoder encoder;
  std::string out;
  ASSERT_TRUE(encoder.Encode(m, {}, &out).has_value());
  EXPECT_EQ(out, line + "\n");
}

TEST(Encoder, TagBlockCarriesTimeAndStationToTheDecoder) {
  const Message m = Of(18, 352999001, ClassBPosition{.speed = 10});
  Encoder encoder;
  std::string out;
  ASSERT_TRUE(encoder.Encode(m, {.unix_seconds = 1795000000, .station = "istmo-sim"}, &out));
  EXPECT_EQ(out.substr(0, 26), "\\s:istmo-sim,c:1795000000*");
  const auto got = RoundTrip(m, {.unix_seconds = 1795000000, .station = "istmo-sim"});
  ASSERT_EQ(got.size(), 1u);
  ASSERT_TRUE(got[0].envelope.time.has_value());
  EXPECT_EQ(core::ToUnixSeconds(*got[0].envelope.time), 1795000000);
  EXPECT_EQ(got[0].envelope.source.view(), "istmo-sim");
}

TEST(Encoder, RefusesAValueWiderThanItsFieldAndAppendsNothing) {
  Encoder encoder;
  std::string out = "kept\n";
  auto r = encoder.Encode(Of(1, 352001234, PositionReport{.speed = 1024}), {}, &out);
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().message.find("bit 50"), std::string::npos) << r.error().message;
  EXPECT_EQ(out, "kept\n");
  EXPECT_FALSE(encoder.Encode(Of(1, 1u << 30, PositionReport{}), {}, &out).has_value());
  EXPECT_FALSE(
      encoder.Encode(Of(5, 1, StaticVoyage{.shipname = T<20>("a~b")}), {}, &out).has_value());
}

TEST(Encoder, RefusesABodyOfAnotherTypeAndTypesItDoesNotEncode) {
  Encoder encoder;
  std::string out;
  EXPECT_FALSE(encoder.Encode(Of(1, 1, ClassBPosition{}), {}, &out).has_value());
  EXPECT_FALSE(encoder.Encode(Of(8, 1, BroadcastBinary{}), {}, &out).has_value());
  EXPECT_FALSE(encoder.Encode(Of(0, 1, {}), {}, &out).has_value());
  EXPECT_TRUE(out.empty());
}

// Random messages of every encoded type, with "not available" values among them.
class RandomMessages {
 public:
  explicit RandomMessages(std::uint32_t seed) : rng_(seed) {}

  Message Next() {
    static constexpr std::uint8_t kTypes[] = {1, 2, 3, 4, 5, 9, 11, 18, 19, 21, 24, 27};
    const std::uint8_t type = kTypes[U(std::size(kTypes) - 1)];
    Message m;
    m.type = type;
    m.repeat = static_cast<std::uint8_t>(U(3));
    m.mmsi = static_cast<std::uint32_t>(200000000 + U(575999999));
    const bool na = U(9) == 0;
    const std::int32_t lon = na ? kLonNotAvailable : S(108000000);
    const std::int32_t lat = na ? kLatNotAvailable : S(54000000);
    switch (type) {
      case 1:
      case 2:
      case 3:
        m.body = PositionReport{.status = u8(15),
                                .turn = static_cast<std::int8_t>(S(128) % 128),
                                .speed = u16(1023),
                                .accuracy = U(1) == 1,
                                .lon = lon,
                                .lat = lat,
                                .course = u16(3600),
                                .heading = u16(359),
                                .second = u8(60),
                                .maneuver = u8(2),
                                .raim = U(1) == 1,
                                .radio = U(524287)};
        break;
      case 4:
      case 11:
        m.body = BaseStationReport{.year = static_cast<std::uint16_t>(2000 + U(30)),
                                   .month = static_cast<std::uint8_t>(1 + U(11)),
                                   .day = static_cast<std::uint8_t>(1 + U(27)),
                                   .hour = u8(23),
                                   .minute = u8(59),
                                   .second = u8(59),
                                   .lon = lon,
                                   .lat = lat,
                                   .epfd = u8(8),
                                   .radio = U(524287)};
        break;
      case 5:
        m.body = StaticVoyage{.ais_version = u8(2),
                              .imo = U(9999999),
                              .callsign = Text<7>(7),
                              .shipname = Text<20>(20),
                              .shiptype = u8(99),
                              .to_bow = u16(511),
                              .to_stern = u16(511),
                              .to_port = u8(63),
                              .to_starboard = u8(63),
                              .epfd = u8(8),
                              .month = u8(12),
                              .day = u8(31),
                              .hour = u8(24),
                              .minute = u8(60),
                              .draught = u8(255),
                              .destination = Text<20>(20),
                              .dte = U(1) == 1};
        break;
      case 9:
        m.body = SarAircraft{.alt = u16(4095),
                             .speed = u16(1023),
                             .lon = lon,
                             .lat = lat,
                             .course = u16(3600),
                             .second = u8(60),
                             .dte = U(1) == 1,
                             .radio = U(1048575)};
        break;
      case 18:
        m.body = ClassBPosition{.speed = u16(1023),
                                .lon = lon,
                                .lat = lat,
                                .course = u16(3600),
                                .heading = u16(359),
                                .second = u8(60),
                                .cs = U(1) == 1,
                                .display = U(1) == 1,
                                .dsc = U(1) == 1,
                                .band = U(1) == 1,
                                .msg22 = U(1) == 1,
                                .raim = U(1) == 1,
                                .radio = U(1048575)};
        break;
      case 19:
        m.body = ClassBExtended{.speed = u16(1023),
                                .lon = lon,
                                .lat = lat,
                                .course = u16(3600),
                                .heading = u16(359),
                                .second = u8(60),
                                .shipname = Text<20>(20),
                                .shiptype = u8(99),
                                .to_bow = u16(511),
                                .to_stern = u16(511),
                                .to_port = u8(63),
                                .to_starboard = u8(63),
                                .epfd = u8(8),
                                .dte = U(1) == 1};
        break;
      case 21: {
        AidToNavigation a{.aid_type = u8(31),
                          .lon = lon,
                          .lat = lat,
                          .to_bow = u16(100),
                          .to_stern = u16(100),
                          .to_port = u8(63),
                          .to_starboard = u8(63),
                          .epfd = u8(8),
                          .second = u8(63),
                          .off_position = U(1) == 1,
                          .virtual_aid = U(1) == 1};
        // A name past 20 characters only when the first 20 are all there (the extension).
        const auto first = Text<20>(20);
        a.name = T<34>(first.view());
        if (first.size == 20) {
          const auto ext = Text<14>(14);
          for (char c : ext.view()) a.name.chars[a.name.size++] = c;
        }
        m.body = a;
        break;
      }
      case 24:
        m.body = StaticDataReport{.has_part_a = true,
                                  .has_part_b = true,
                                  .shipname = Text<20>(20),
                                  .shiptype = u8(99),
                                  .vendorid = Text<7>(3),
                                  .callsign = Text<7>(7),
                                  .to_bow = u16(511),
                                  .to_stern = u16(511),
                                  .to_port = u8(63),
                                  .to_starboard = u8(63)};
        break;
      case 27:
        m.body = LongRangePosition{.accuracy = U(1) == 1,
                                   .status = u8(15),
                                   .lon = na ? kLonNotAvailableTenthMin : S(108000),
                                   .lat = na ? kLatNotAvailableTenthMin : S(54000),
                                   .speed = u8(63),
                                   .course = u16(360),
                                   .gnss = U(1) == 1};
        break;
    }
    return m;
  }

 private:
  std::uint32_t U(std::uint32_t max) {
    return std::uniform_int_distribution<std::uint32_t>(0, max)(rng_);
  }
  std::int32_t S(std::int32_t bound) {
    return std::uniform_int_distribution<std::int32_t>(-bound, bound)(rng_);
  }
  std::uint8_t u8(std::uint32_t max) { return static_cast<std::uint8_t>(U(max)); }
  std::uint16_t u16(std::uint32_t max) { return static_cast<std::uint16_t>(U(max)); }
  // 1–max characters of 6-bit ASCII without '@', trimmed of trailing spaces as decoded text is.
  template <std::size_t N>
  FixedText<N> Text(std::size_t max) {
    static constexpr std::string_view kChars =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -.,/>()'&:;!#$%*+<=?[]^_\\\"";
    FixedText<N> t;
    const std::size_t n = 1 + U(static_cast<std::uint32_t>(max - 1));
    for (std::size_t i = 0; i < n; ++i) {
      t.chars[t.size++] = kChars[U(static_cast<std::uint32_t>(kChars.size() - 1))];
    }
    while (t.size > 0 && t.chars[t.size - 1] == ' ') --t.size;
    if (t.size == 0) t.chars[t.size++] = 'X';
    return t;
  }

  std::mt19937 rng_;
};

TEST(Encoder, SeededRandomMessagesOfEveryTypeRoundTrip) {
  RandomMessages gen(13);
  Encoder encoder;
  for (int i = 0; i < 5000; ++i) {
    const Message m = gen.Next();
    std::string out;
    ASSERT_TRUE(encoder.Encode(m, {.unix_seconds = 1795000000 + i}, &out).has_value());
    Decoder decoder;
    std::vector<Message> got;
    decoder.DecodeBuffer(out, [&](const Message& x) { got.push_back(x); });
    ASSERT_EQ(got.size(), 1u) << out;
    Message want = m;
    if (auto* r = std::get_if<StaticDataReport>(&want.body)) {
      // The decoder reads the 42-bit vendor field (3 characters, model, serial) as 7 characters.
      const auto& back = std::get<StaticDataReport>(got[0].body);
      EXPECT_EQ(back.vendorid.view().substr(0, r->vendorid.size), r->vendorid.view());
      r->vendorid = back.vendorid;
    }
    ExpectSameMessage(want, got[0]);
    if (HasFailure()) {
      ADD_FAILURE() << "input " << out;
      return;
    }
  }
}

// gpsdecode -j on a log the encoder wrote, against our decoder's JSON of the same log.
TEST(Encoder, SeededLogDecodesInGpsdecodeAsInOurDecoder) {
  if (std::system("command -v gpsdecode >/dev/null 2>&1") != 0) {
    GTEST_SKIP() << "gpsdecode (Debian gpsd-clients, scripts/install-deps) is not installed";
  }
  RandomMessages gen(2026);
  Encoder encoder;
  std::string log;
  for (int i = 0; i < 3000; ++i) {
    ASSERT_TRUE(encoder.Encode(gen.Next(), {.unix_seconds = 1795000000 + i / 10}, &log));
  }
  const auto path = std::filesystem::temp_directory_path() /
                    ("istmo_encoder_" + std::to_string(getpid()) + ".nmea");
  std::ofstream(path) << log;
  std::vector<json> theirs;
  {
    FILE* pipe = popen(("gpsdecode -j < '" + path.string() + "'").c_str(), "r");
    ASSERT_NE(pipe, nullptr);
    std::string text;
    char buf[65536];
    for (std::size_t n; (n = fread(buf, 1, sizeof buf, pipe)) > 0;) text.append(buf, n);
    pclose(pipe);
    for (const std::string& line : Lines(text)) {
      if (!line.empty()) theirs.push_back(json::parse(line));
    }
  }
  std::filesystem::remove(path);
  std::vector<json> ours;
  Decoder decoder;
  std::string text;
  decoder.DecodeBuffer(log, [&](const Message& m) {
    text.clear();
    AppendJson(m, JsonOptions{}, &text);
    ours.push_back(json::parse(text));
  });
  EXPECT_EQ(decoder.stats().bad_total(), 0u);
  ASSERT_EQ(ours.size(), 3000u);
  ASSERT_EQ(theirs.size(), ours.size());
  std::set<int> types;
  for (std::size_t i = 0; i < ours.size(); ++i) {
    const json& a = ours[i];
    const json& b = theirs[i];
    types.insert(a["type"].get<int>());
    std::set<std::string> fields;
    for (const auto& [k, v] : a.items()) fields.insert(k);
    for (const auto& [k, v] : b.items()) fields.insert(k);
    for (const std::string& f : fields) {
      if (f == "device") continue;  // gpsdecode names its input "stdin"
      const json got = a.contains(f) ? a[f] : json("<absent>");
      const json expected = b.contains(f) ? b[f] : json("<absent>");
      // gpsd drops the sign of a left turn (docs/ais.md, conformance).
      if (f == "turn" && got.is_number() && expected.is_number() &&
          std::abs(got.get<int>()) == std::abs(expected.get<int>())) {
        continue;
      }
      // gpsd 3.22 prints SOG 1022 of types 18 and 19, and 1023 of type 19, as numbers where
      // it prints "fast" and "nan" for types 1-3 (found by this test; docs/ais.md).
      if (f == "speed" && (a["type"] == 18 || a["type"] == 19) && got.is_string() &&
          expected.is_number() && expected.get<double>() >= 102.2) {
        continue;
      }
      EXPECT_EQ(got, expected) << "message " << i << " field " << f << "\n  ours: " << a.dump()
                               << "\n  gpsd: " << b.dump();
    }
    if (HasFailure()) return;
  }
  EXPECT_EQ(types, (std::set<int>{1, 2, 3, 4, 5, 9, 11, 18, 19, 21, 24, 27}));
}

}  // namespace
}  // namespace istmo::ais

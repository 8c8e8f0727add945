#include "ais/internal/bit_reader.h"

#include <gtest/gtest.h>

namespace istmo::ais::internal {
namespace {

TEST(BitReader, DearmorsBothRangesOfTheAlphabet) {
  BitReader b;
  // '0' = 0, 'W' = 39, '`' = 40, 'w' = 63 (ITU-R M.1371-5 §8.2.4 armor).
  ASSERT_TRUE(b.Load("0W`w", 0));
  EXPECT_EQ(b.size(), 24u);
  EXPECT_EQ(b.U(0, 6), 0u);
  EXPECT_EQ(b.U(6, 6), 39u);
  EXPECT_EQ(b.U(12, 6), 40u);
  EXPECT_EQ(b.U(18, 6), 63u);
}

TEST(BitReader, RejectsCharactersOutsideTheArmor) {
  BitReader b;
  EXPECT_FALSE(b.Load("15RT X", 0));
  EXPECT_FALSE(b.Load("15RT_", 0));  // '_' lies between 'W' and '`'
  EXPECT_FALSE(b.Load("x", 0));
}

TEST(BitReader, ReadsSignedFieldsInTwosComplement) {
  BitReader b;
  ASSERT_TRUE(b.Load("wwww", 0));  // all ones
  EXPECT_EQ(b.S(0, 8), -1);
  EXPECT_EQ(b.S(3, 1), -1);
  EXPECT_EQ(b.U(0, 24), 0xFFFFFFu);
  ASSERT_TRUE(b.Load("H0", 0));  // 011000 000000
  EXPECT_EQ(b.S(0, 6), 24);
  EXPECT_EQ(b.S(1, 5), -8);
}

TEST(BitReader, FillBitsAreDroppedAndReadAsZero) {
  BitReader b;
  ASSERT_TRUE(b.Load("ww", 4));
  EXPECT_EQ(b.size(), 8u);
  EXPECT_EQ(b.U(0, 12), 0xFF0u);
}

TEST(BitReader, BitsPastTheEndReadAsZeroEvenAfterALongerPayload) {
  BitReader b;
  ASSERT_TRUE(b.Load(std::string(100, 'w'), 0));
  ASSERT_TRUE(b.Load("w", 0));
  EXPECT_EQ(b.U(6, 32), 0u);
  EXPECT_EQ(b.U(300, 32), 0u);
  EXPECT_EQ(b.U(kMaxPayloadBits + 10, 32), 0u);
}

TEST(BitReader, RejectsPayloadsLongerThanTheBuffer) {
  BitReader b;
  EXPECT_FALSE(b.Load(std::string(kMaxPayloadChars + 1, '0'), 0));
  EXPECT_TRUE(b.Load(std::string(kMaxPayloadChars, 'w'), 0));
  EXPECT_EQ(b.U(kMaxPayloadBits - 8, 8), 0xFFu);
}

TEST(BitReader, TextStopsAtPaddingAndTrimsTrailingSpaces) {
  BitReader b;
  // "AB C  @Z": A=1 B=2 space=32 C=3 space space @=0 Z=26
  ASSERT_TRUE(b.Load("12P3PP0J", 0));
  FixedText<8> t;
  b.Text(0, 8, &t);
  EXPECT_EQ(t.view(), "AB C");
}

TEST(BitReader, CopiesBinaryDataAndZeroesTheTailOfTheLastByte) {
  BitReader b;
  ASSERT_TRUE(b.Load("wwww", 0));
  BinaryData d;
  b.Bits(4, 12, &d);
  EXPECT_EQ(d.bit_count, 12);
  EXPECT_EQ(d.bytes[0], 0xFF);
  EXPECT_EQ(d.bytes[1], 0xF0);
}

}  // namespace
}  // namespace istmo::ais::internal

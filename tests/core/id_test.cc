#include "core/id.h"

#include <gtest/gtest.h>

#include <chrono>
#include <set>

namespace istmo::core {
namespace {

TEST(Uuid, NewV7HasVersionVariantAndTime) {
  auto before = std::chrono::duration_cast<std::chrono::milliseconds>(
                    std::chrono::system_clock::now().time_since_epoch()).count();
  Uuid id = Uuid::NewV7();
  EXPECT_EQ(id.version(), 7);
  EXPECT_EQ(id.bytes()[8] & 0xc0, 0x80);
  EXPECT_GE(id.unix_ms(), before);
  EXPECT_LE(id.unix_ms(), before + 60000);
}

TEST(Uuid, IdsFromOneProcessAreStrictlyIncreasing) {
  Uuid prev = Uuid::NewV7();
  std::set<std::string> seen;
  for (int i = 0; i < 20000; ++i) {
    Uuid next = Uuid::NewV7();
    ASSERT_LT(prev, next);
    ASSERT_LT(prev.ToString(), next.ToString());
    seen.insert(next.ToString());
    prev = next;
  }
  EXPECT_EQ(seen.size(), 20000u);
}

TEST(Uuid, RoundTripsThroughText) {
  Uuid id = Uuid::NewV7();
  auto parsed = Uuid::Parse(id.ToString());
  ASSERT_TRUE(parsed);
  EXPECT_EQ(*parsed, id);
  auto upper = Uuid::Parse("0190F3E2-7C4B-7A41-9D3E-5B2F1C8A9E10");
  ASSERT_TRUE(upper);
  EXPECT_EQ(upper->ToString(), "0190f3e2-7c4b-7a41-9d3e-5b2f1c8a9e10");
}

TEST(Uuid, RejectsMalformedText) {
  EXPECT_FALSE(Uuid::Parse(""));
  EXPECT_FALSE(Uuid::Parse("0190f3e2-7c4b-7a41-9d3e-5b2f1c8a9e1"));
  EXPECT_FALSE(Uuid::Parse("0190f3e2x7c4b-7a41-9d3e-5b2f1c8a9e10"));
  EXPECT_FALSE(Uuid::Parse("0190f3e2-7c4b-7a41-9d3e-5b2f1c8a9eg0"));
  EXPECT_TRUE(IsUuid(NewId()));
}

TEST(HexEncode, LowercaseTwoDigitsPerByte) {
  const std::uint8_t bytes[] = {0x00, 0x0f, 0xa5, 0xff};
  EXPECT_EQ(HexEncode(bytes, sizeof bytes), "000fa5ff");
  EXPECT_EQ(HexEncode(bytes, 0), "");
}

}  // namespace
}  // namespace istmo::core

#include "core/time.h"

#include <gtest/gtest.h>

namespace istmo::core {
namespace {

TEST(Time, FormatsUtcWithMilliseconds) {
  EXPECT_EQ(FormatIso8601(FromUnixSeconds(0)), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(FormatIso8601(FromUnixMillis(1724162580123)), "2024-08-20T14:03:00.123Z");
  EXPECT_EQ(FormatDate(FromUnixMillis(1724162580123)), "2024-08-20");
}

TEST(Time, ParsesCommonIsoForms) {
  EXPECT_EQ(ToUnixMillis(*ParseIso8601("2024-08-20T14:03:00.123Z")), 1724162580123);
  EXPECT_EQ(ToUnixMillis(*ParseIso8601("2024-08-20T14:03:00Z")), 1724162580000);
  EXPECT_EQ(ToUnixMillis(*ParseIso8601("2024-08-20T14:03")), 1724162580000);
  EXPECT_EQ(ToUnixMillis(*ParseIso8601("2024-08-20")), 1724112000000);
  // Panama is UTC-5 all year.
  EXPECT_EQ(ToUnixMillis(*ParseIso8601("2024-08-20T09:03:00-05:00")), 1724162580000);
  EXPECT_EQ(ParseIso8601("2024-08-20T14:03:00.123456Z")->time_since_epoch().count() % 1000000,
            123456);
}

TEST(Time, RejectsBadDatesWithAClearMessage) {
  auto r = ParseIso8601("2024-02-30");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("no such date"), std::string::npos);
  EXPECT_FALSE(ParseIso8601("20-08-2024"));
  EXPECT_FALSE(ParseIso8601("2024-08-20T25:00Z"));
  EXPECT_FALSE(ParseIso8601("2024-08-20T14:03:00Zjunk"));
  EXPECT_FALSE(ParseIso8601("2024-08-20T14:03:00.Z"));
  EXPECT_FALSE(ParseIso8601(""));
}

TEST(FakeClock, MovesOnlyWhenTold) {
  FakeClock clock(FromUnixSeconds(100));
  EXPECT_EQ(ToUnixSeconds(clock.Now()), 100);
  clock.Advance(std::chrono::seconds(5));
  EXPECT_EQ(ToUnixSeconds(clock.Now()), 105);
}

}  // namespace
}  // namespace istmo::core

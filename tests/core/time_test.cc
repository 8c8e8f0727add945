#include "core/time.h"

#include <chrono>
#include <string>
#include <string_view>

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

TEST(ParseDate, ReadsAnExistingCalendarDate) {
  using namespace std::chrono;
  EXPECT_EQ(*ParseDate("2024-08-20"), year(2024) / August / day(20));
  EXPECT_EQ(*ParseDate("0001-01-01"), year(1) / January / day(1));
  EXPECT_EQ(*ParseDate("9999-12-31"), year(9999) / December / day(31));
  const sys_days converted = *ParseDate("1970-01-02");
  EXPECT_EQ(converted.time_since_epoch().count(), 1);
}

TEST(ParseDate, AcceptsFebruary29OnlyInLeapYears) {
  EXPECT_TRUE(ParseDate("2024-02-29"));
  EXPECT_TRUE(ParseDate("2000-02-29"));  // divisible by 400
  auto common = ParseDate("2023-02-29");
  ASSERT_FALSE(common);
  EXPECT_EQ(common.error().message,
            "must be a date \"YYYY-MM-DD\", not '2023-02-29' (2023-02 has 28 days)");
  EXPECT_FALSE(ParseDate("1900-02-29"));  // divisible by 100, not by 400
}

TEST(ParseDate, RejectsMonthOrDayOutOfRangeNamingWhy) {
  auto month = ParseDate("2024-13-01", "/birth_date");
  ASSERT_FALSE(month);
  EXPECT_EQ(month.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(month.error().field, "/birth_date");
  EXPECT_EQ(month.error().message,
            "must be a date \"YYYY-MM-DD\", not '2024-13-01' (there is no month 13)");
  EXPECT_FALSE(ParseDate("2024-00-10"));
  EXPECT_FALSE(ParseDate("2024-01-00"));
  EXPECT_FALSE(ParseDate("2024-01-32"));
  EXPECT_EQ(ParseDate("2024-04-31").error().message,
            "must be a date \"YYYY-MM-DD\", not '2024-04-31' (2024-04 has 30 days)");
}

TEST(ParseDate, RejectsOtherFormsNamingTheTextAndTheForm) {
  for (const char* text :
       {"", "2024", "2024-8-20", "20-08-2024", "2024/08/20", "24-08-20", "+024-08-20", "-024-08-20",
        " 2024-08-20", "2024-08-2a", "2024-0x-20", "２０２４-08-20"}) {
    auto r = ParseDate(text, "from");
    ASSERT_FALSE(r) << text;
    EXPECT_EQ(r.error().field, "from") << text;
    EXPECT_EQ(r.error().message, "must be a date \"YYYY-MM-DD\", not '" +
                                     std::string(std::string_view(text).substr(0, 20)) + "'")
        << text;
  }
}

TEST(ParseDate, RejectsTrailingText) {
  EXPECT_FALSE(ParseDate("2024-08-20T14:03:00Z"));
  EXPECT_FALSE(ParseDate("2024-08-20 "));
  EXPECT_FALSE(ParseDate(std::string_view("2024-08-20\0", 11)));
  // A long value is shortened in the message.
  EXPECT_EQ(ParseDate("2024-08-20 and a long tail").error().message,
            "must be a date \"YYYY-MM-DD\", not '2024-08-20 and a lon'");
}

TEST(ParseYearMonth, ReadsMonthsOneToTwelveOnly) {
  using namespace std::chrono;
  EXPECT_EQ(*ParseYearMonth("2024-01"), year(2024) / January);
  EXPECT_EQ(*ParseYearMonth("2023-12"), year(2023) / December);
  auto r = ParseYearMonth("2024-13", "?from");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "?from");
  EXPECT_EQ(r.error().message, "must be a month \"YYYY-MM\", not '2024-13' (there is no month 13)");
  EXPECT_FALSE(ParseYearMonth("2024-00"));
}

TEST(ParseYearMonth, RejectsOtherFormsAndTrailingText) {
  for (const char* text :
       {"", "2024", "2024-1", "2024-01-01", "2024-01 ", "24-01", "2024/01", "-024-01", "2024-+1"}) {
    auto r = ParseYearMonth(text);
    ASSERT_FALSE(r) << text;
    EXPECT_EQ(r.error().message, "must be a month \"YYYY-MM\", not '" + std::string(text) + "'")
        << text;
  }
}

TEST(FakeClock, MovesOnlyWhenTold) {
  FakeClock clock(FromUnixSeconds(100));
  EXPECT_EQ(ToUnixSeconds(clock.Now()), 100);
  clock.Advance(std::chrono::seconds(5));
  EXPECT_EQ(ToUnixSeconds(clock.Now()), 105);
}

}  // namespace
}  // namespace istmo::core

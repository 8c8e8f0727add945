#include "maritime/mid.h"

#include <gtest/gtest.h>

namespace istmo::maritime {
namespace {

std::string Iso(std::uint32_t mmsi) {
  const FlagState* f = MidTable::Default().FlagOf(mmsi);
  return f ? f->iso2 : "";
}

TEST(MidTable, PanamaHasElevenMids) {
  for (int mid : {351, 352, 353, 354, 355, 356, 357, 370, 371, 372, 373}) {
    const FlagState* f = MidTable::Default().ForMid(mid);
    ASSERT_NE(f, nullptr) << mid;
    EXPECT_EQ(f->iso2, "PA") << mid;
    EXPECT_EQ(f->name, "Panama") << mid;
  }
}

TEST(MidTable, SampleOfTheItuTable) {
  for (int mid : {338, 366, 367, 368, 369}) EXPECT_EQ(MidTable::Default().ForMid(mid)->iso2, "US");
  EXPECT_EQ(MidTable::Default().ForMid(730)->iso2, "CO");
  EXPECT_EQ(MidTable::Default().ForMid(735)->iso2, "EC");
  EXPECT_EQ(MidTable::Default().ForMid(321)->iso2, "CR");
  EXPECT_EQ(MidTable::Default().ForMid(538)->iso2, "MH");
  EXPECT_EQ(MidTable::Default().ForMid(636)->iso2, "LR");
  EXPECT_EQ(MidTable::Default().ForMid(257)->iso2, "NO");
  EXPECT_EQ(MidTable::Default().ForMid(265)->iso2, "SE");
  EXPECT_EQ(MidTable::Default().ForMid(217), nullptr);  // not allocated
  EXPECT_GE(MidTable::Default().size(), 280u);
}

TEST(MidTable, FlagOfEveryMmsiForm) {
  EXPECT_EQ(Iso(351234567), "PA");  // ship
  EXPECT_EQ(Iso(3669987), "US");    // 00MIDxxxx: a USCG base station (noaadata's r003669987)
  EXPECT_EQ(Iso(111232506), "GB");  // SAR aircraft
  EXPECT_EQ(Iso(993510001), "PA");  // aid to navigation 99MIDxxxx
  EXPECT_EQ(Iso(992351000), "GB");
  EXPECT_EQ(Iso(983511111), "PA");  // craft associated with a parent ship
  EXPECT_EQ(Iso(35100000), "PA");   // group call 0MIDxxxxx
  EXPECT_EQ(Iso(970123456), "");    // AIS-SART: no MID
  EXPECT_EQ(Iso(0), "");
  EXPECT_EQ(MmsiFormOf(3669987), MmsiForm::kCoastStation);
  EXPECT_EQ(MmsiFormOf(111232506), MmsiForm::kSarAircraft);
  EXPECT_EQ(MmsiFormOf(993510001), MmsiForm::kAidToNavigation);
  EXPECT_EQ(MmsiFormOf(970123456), MmsiForm::kOther);
}

TEST(MidTable, ParseRejectsRepeatedMidAndBadCodes) {
  auto dup = MidTable::Parse("mid,iso2,name\n351,PA,Panama\n351,PA,Panama\n");
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().line, 3);
  EXPECT_FALSE(MidTable::Parse("mid,iso2,name\n351,pa,Panama\n"));
  EXPECT_FALSE(MidTable::Parse("mid,iso2,name\n1000,PA,Panama\n"));
  EXPECT_FALSE(MidTable::Parse("mid,iso2,name\n351 PA Panama\n"));
  auto quoted = MidTable::Parse("mid,iso2,name\n440,KR,\"Korea, Republic of\"\n");
  ASSERT_TRUE(quoted);
  EXPECT_EQ(quoted->ForMid(440)->name, "Korea, Republic of");
}

}  // namespace
}  // namespace istmo::maritime

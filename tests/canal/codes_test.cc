// ISO 6346 container numbers, seals, HS codes, UN/LOCODEs, IMO numbers and MMSIs: the forms
// people write, the stored form, and what a refusal says.
#include "canal/codes.h"

#include <gtest/gtest.h>

namespace istmo::canal {
namespace {

// CSQU3054383 is the standard's worked example (ISO 6346, Annex A): the letters count
// C 13, S 30, Q 28, U 32; the weighted sum is 6185; 6185 mod 11 = 3.
TEST(Iso6346, ComputesTheCheckDigitOfTheStandardsExample) {
  EXPECT_EQ(Iso6346CheckDigit("CSQU305438"), 3);
  EXPECT_FALSE(Iso6346CheckDigit("CSQU30543"));
  EXPECT_FALSE(Iso6346CheckDigit("csqu305438"));
}

TEST(Iso6346, LetterValuesSkipMultiplesOfEleven) {
  // A = 10, B = 12 (11 skipped): AAAU and BAAU differ by 2 × 2^0 in the sum.
  const int a = *Iso6346CheckDigit("AAAU000000");
  const int b = *Iso6346CheckDigit("BAAU000000");
  EXPECT_EQ((a + 2) % 11 % 10, b);
  // V = 34 (33 skipped), Z = 38: ZZZU000000 sums 38 * (1 + 2 + 4) + 32 * 8 = 522; 522 % 11 = 5.
  EXPECT_EQ(Iso6346CheckDigit("ZZZU000000"), 5);
  // L = 23 (22 skipped): LLLU000000 sums 23 * 7 + 32 * 8 = 417; 417 % 11 = 10 -> 0.
  EXPECT_EQ(Iso6346CheckDigit("LLLU000000"), 0);
}

TEST(Iso6346, AcceptsSpacesHyphensAndLowerCase) {
  for (const char* written : {"CSQU3054383", "csqu 305438 3", "CSQU-305438-3", " CSQU3054383 "}) {
    auto n = ParseContainerNumber(written, "/container_number");
    ASSERT_TRUE(n) << written << ": " << n.error().ToString();
    EXPECT_EQ(n->ToString(), "CSQU3054383");
    EXPECT_EQ(n->owner_code, "CSQ");
    EXPECT_EQ(n->category, 'U');
    EXPECT_EQ(n->serial, "305438");
  }
}

TEST(Iso6346, WrongCheckDigitNamesTheExpectedOne) {
  auto n = ParseContainerNumber("CSQU3054384", "/container_number");
  ASSERT_FALSE(n);
  EXPECT_EQ(n.error().field, "/container_number");
  EXPECT_NE(n.error().message.find("ISO 6346 gives 3"), std::string::npos) << n.error().message;
  EXPECT_EQ(n.error().reason, "check_digit");
}

TEST(Iso6346, RefusesBadShapesAndCategories) {
  for (const char* bad :
       {"", "CSQU305438", "CSQX3054383", "CS1U3054383", "CSQU30543A3", "CSQU30543833"}) {
    EXPECT_FALSE(ParseContainerNumber(bad, "/c")) << bad;
  }
  // J and Z are categories too.
  auto j = ParseContainerNumber(
      std::string("CSQJ305438") + static_cast<char>('0' + *Iso6346CheckDigit("CSQJ305438")), "/c");
  EXPECT_TRUE(j);
}

TEST(Seals, NormalizesAndRefuses) {
  EXPECT_EQ(*NormalizeSeal(" ab-123 ", "/s"), "AB-123");
  EXPECT_FALSE(NormalizeSeal("", "/s"));
  EXPECT_FALSE(NormalizeSeal("A B", "/s"));
  EXPECT_FALSE(NormalizeSeal(std::string(21, '1'), "/s"));
}

TEST(HsCode, KeepsChapterHeadingAndSubheading) {
  EXPECT_EQ(*NormalizeHsCode("09", "/hs"), "09");
  EXPECT_EQ(*NormalizeHsCode("0901", "/hs"), "0901");
  EXPECT_EQ(*NormalizeHsCode("0901.11", "/hs"), "090111");
  EXPECT_EQ(*NormalizeHsCode("2939.71", "/hs"), "293971");
}

TEST(HsCode, RefusesOtherLengthsAndUnusedChapters) {
  for (const char* bad :
       {"9", "090", "09011", "0901111", "abcd", "00", "77", "7701", "98", "9901"}) {
    auto r = NormalizeHsCode(bad, "/hs_code");
    EXPECT_FALSE(r) << bad;
    if (!r) {
      EXPECT_EQ(r.error().field, "/hs_code");
    }
  }
  EXPECT_TRUE(NormalizeHsCode("97", "/hs"));
}

TEST(Locode, ChecksTheCountryAndTheLocation) {
  EXPECT_EQ(*NormalizeLocode("PABLB", "/p"), "PABLB");
  EXPECT_EQ(*NormalizeLocode("pa blb", "/p"), "PABLB");
  EXPECT_EQ(*NormalizeLocode("USNYC", "/p"), "USNYC");
  EXPECT_EQ(*NormalizeLocode("CNSH2", "/p"), "CNSH2");
  auto unknown = NormalizeLocode("XXBLB", "/port_of_loading");
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().reason, "unknown_country");
  EXPECT_EQ(unknown.error().field, "/port_of_loading");
  EXPECT_FALSE(NormalizeLocode("PAB1B", "/p"));  // 0 and 1 are not used in location codes
  EXPECT_FALSE(NormalizeLocode("PABL", "/p"));
  EXPECT_FALSE(NormalizeLocode("PABLBX", "/p"));
}

TEST(Locode, KnowsTheCanalPorts) {
  ASSERT_NE(FindPort("PABLB"), nullptr);
  EXPECT_EQ(FindPort("PABLB")->name, "Balboa");
  EXPECT_NE(FindPort("PAMIT"), nullptr);
  EXPECT_EQ(FindPort("USNYC"), nullptr);
  for (const Port& p : KnownPorts()) EXPECT_TRUE(NormalizeLocode(p.locode, "/p")) << p.locode;
}

TEST(Imo, ChecksTheCheckDigit) {
  // IMO 9074729 is the example of the IMO number scheme (SOLAS XI-1/3 guidance):
  // 9*7 + 0*6 + 7*5 + 4*4 + 7*3 + 2*2 = 139, last digit 9.
  EXPECT_EQ(*NormalizeImo("9074729", "/imo"), "9074729");
  EXPECT_EQ(*NormalizeImo("IMO 9074729", "/imo"), "9074729");
  auto bad = NormalizeImo("9074728", "/vessel_imo");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().reason, "check_digit");
  EXPECT_FALSE(NormalizeImo("907472", "/imo"));
}

TEST(Mmsi, IsNineDigits) {
  EXPECT_EQ(*NormalizeMmsi("352001234", "/mmsi"), "352001234");
  EXPECT_FALSE(NormalizeMmsi("35200123", "/mmsi"));
  EXPECT_FALSE(NormalizeMmsi("35200123X", "/mmsi"));
}

TEST(Currency, IsThreeLetters) {
  EXPECT_EQ(*NormalizeCurrency("usd", "/c"), "USD");
  EXPECT_FALSE(NormalizeCurrency("US", "/c"));
  EXPECT_FALSE(NormalizeCurrency("U5D", "/c"));
}

}  // namespace
}  // namespace istmo::canal

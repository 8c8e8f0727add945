// Safety related text: types 12 (addressed) and 14 (broadcast). Expected values from gpsd's
// decode of the same sentences.
#include <gtest/gtest.h>

#include "ais_test_util.h"

namespace istmo::ais {
namespace {

using testing::DecodeBody;
using testing::DecodeOne;

TEST(SafetyText, DecodesAddressedType12AcrossTwoFragments) {
  const auto r = DecodeBody<SafetyText>(
      {"!AIVDM,2,1,1,A,<39KdV8jIGtP7E4P@=PjEP>P81@9P>5GPI9BP?<P4P25CP6B=P1<P6E:19B1,0*02",
       "!AIVDM,2,2,1,A,80,4*1B"});
  EXPECT_EQ(r.seqno, 2);
  EXPECT_EQ(r.dest_mmsi, 211378120u);
  EXPECT_EQ(r.text.view(), "GUD PM 2U N HAPI NEW YIR OL D BES FRM AL FUJAIRAH");
}

TEST(SafetyText, DecodesBroadcastType14) {
  const Message m = DecodeOne({"!AIVDM,1,1,,A,>5?Per18=HB1U:1@E=B0m<L,2*51"});
  EXPECT_EQ(m.type, 14);
  EXPECT_EQ(std::get<SafetyText>(m.body).text.view(), "RCVD YR TEST MSG");
}

TEST(SafetyText, EndsAtTheFirstPaddingCharacter) {
  const auto r = DecodeBody<SafetyText>({"!AIVDM,1,1,,A,<5?SIj1;GbD07??4,0*38"});
  EXPECT_EQ(r.dest_mmsi, 316123456u);
  EXPECT_EQ(r.text.view(), "GOOD");
}

}  // namespace
}  // namespace istmo::ais

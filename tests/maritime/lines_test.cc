#include "maritime/lines.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace istmo::maritime {
namespace {

std::vector<std::string> Split(LineSplitter& s, std::string_view data) {
  std::vector<std::string> out;
  s.Add(data, [&](std::string_view line) { out.emplace_back(line); });
  return out;
}

TEST(LineSplitter, ALineCutAcrossReadsIsWholeOnceItsEndArrives) {
  LineSplitter s(100);
  EXPECT_EQ(Split(s, "!AIVDM,1,1,,A,1"), std::vector<std::string>{});
  EXPECT_EQ(Split(s, "3aG?,0*00\r\n!AI"), std::vector<std::string>{"!AIVDM,1,1,,A,13aG?,0*00\r"});
  EXPECT_EQ(s.pending(), 3u);
  s.Reset();  // the connection was lost: "!AI" goes
  EXPECT_EQ(Split(s, "x\n"), std::vector<std::string>{"x"});
}

TEST(LineSplitter, AnOverlongLineIsDroppedToItsEndAndCounted) {
  LineSplitter s(8);
  EXPECT_EQ(Split(s, "12345"), std::vector<std::string>{});
  EXPECT_EQ(Split(s, "6789abc"), std::vector<std::string>{});
  EXPECT_EQ(s.pending(), 0u);  // memory stays bounded
  EXPECT_EQ(Split(s, "def\nok\n"), std::vector<std::string>{"ok"});
  EXPECT_EQ(s.overlong(), 1u);
  EXPECT_EQ(Split(s, "12345678\n"), std::vector<std::string>{"12345678"});  // exactly the limit
}

TEST(LineSplitter, ADatagramsLastLineNeedsNoLineEnd) {
  LineSplitter s(100);
  std::vector<std::string> out;
  auto add = [&](std::string_view line) { out.emplace_back(line); };
  s.Add("a\nb", add);
  s.End(add);
  EXPECT_EQ(out, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(s.pending(), 0u);
}

}  // namespace
}  // namespace istmo::maritime

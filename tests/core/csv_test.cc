// core/csv.h: the RFC 4180 record reader every CSV import uses, field by field, with its errors,
// positions and line counts; the views a large import reads and the copies NextCsvRecord hands
// out.
#include "core/csv.h"

#include <gtest/gtest.h>

namespace istmo::core {
namespace {

struct Read {
  std::vector<std::string> fields;
  std::string error;
  std::size_t pos;
  std::int64_t lines;
};

Read First(std::string_view text) {
  std::size_t pos = 0;
  std::int64_t lines = 0;
  CsvRecord r = NextCsvRecord(text, pos, lines);
  return {r.fields, r.error, pos, lines};
}

TEST(Csv, ReadsFieldsQuotesAndLineEnds) {
  const Read plain = First("a,b,,c\nnext");
  EXPECT_EQ(plain.fields, (std::vector<std::string>{"a", "b", "", "c"}));
  EXPECT_EQ(plain.error, "");
  EXPECT_EQ(plain.pos, 7u);
  EXPECT_EQ(plain.lines, 1);

  const Read quoted = First("\"x, \"\"y\"\"\nz\",w\r\nnext");
  EXPECT_EQ(quoted.fields, (std::vector<std::string>{"x, \"y\"\nz", "w"}));
  EXPECT_EQ(quoted.pos, 16u);
  EXPECT_EQ(quoted.lines, 2) << "the quoted line break and the record's end";

  const Read last = First("a,b");
  EXPECT_EQ(last.fields, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(last.pos, 3u);
  EXPECT_EQ(last.lines, 1);

  EXPECT_EQ(First("\n").fields, (std::vector<std::string>{""}));
}

TEST(Csv, NamesBadQuotingAndKeepsReading) {
  const Read after = First("\"ab\"cd,e\n");
  EXPECT_EQ(after.error, "text after a closing quote");
  EXPECT_EQ(after.fields, (std::vector<std::string>{"abcd", "e"}));
  EXPECT_EQ(after.pos, 9u);

  const Read open = First("a,\"bc\nd");
  EXPECT_EQ(open.error, "unterminated quote");
  EXPECT_EQ(open.fields, (std::vector<std::string>{"a", "bc\nd"}));
  EXPECT_EQ(open.lines, 2);
}

TEST(Csv, ViewsPointIntoTheTextUnlessUnquotingChangedTheField) {
  const std::string text = "plain,\"quoted\",\"dou\"\"ble\"\nnext,row\n";
  CsvRecordViews views;
  std::size_t pos = 0;
  std::int64_t lines = 0;
  views.Next(text, pos, lines);
  ASSERT_EQ(views.fields().size(), 3u);
  EXPECT_EQ(views.fields()[0], "plain");
  EXPECT_EQ(views.fields()[0].data(), text.data());
  EXPECT_EQ(views.fields()[1], "quoted");
  EXPECT_EQ(views.fields()[1].data(), text.data() + 7);
  EXPECT_EQ(views.fields()[2], "dou\"ble");
  EXPECT_FALSE(views.fields()[2].data() >= text.data() &&
               views.fields()[2].data() < text.data() + text.size())
      << "a doubled quote is rebuilt in the reader's buffer";
  views.Next(text, pos, lines);
  EXPECT_EQ(views.fields(), (std::vector<std::string_view>{"next", "row"}));
  EXPECT_EQ(pos, text.size());
  EXPECT_EQ(lines, 2);
  EXPECT_FALSE(views.blank());
}

}  // namespace
}  // namespace istmo::core

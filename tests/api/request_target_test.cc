#include "api/request_target.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace istmo::api {
namespace {

using ::testing::ElementsAre;
using ::testing::Pair;

TEST(ParseTarget, DecodesThePathButKeepsItsPlusAndSplitsTheQueryAtTheFirstQuestionMark) {
  Target t = ParseTarget("/api/v1/x%2Fy+z?limit=5&q=a+b%20c&flag&&=v&next=?x");
  EXPECT_EQ(t.path, "/api/v1/x/y+z");
  EXPECT_THAT(t.query, ElementsAre(Pair("", "v"), Pair("flag", ""), Pair("limit", "5"),
                                   Pair("next", "?x"), Pair("q", "a b c")));
}

TEST(PercentDecode, LeavesAnIncompleteOrNonHexEscapeAsWritten) {
  EXPECT_EQ(PercentDecode("%41%4a%zz%4", false), "AJ%zz%4");
  EXPECT_EQ(PercentDecode("%00", false), std::string(1, '\0'));
  EXPECT_EQ(PercentDecode("a+b", true), "a b");
}

TEST(ParseQuery, KeepsEveryValueOfARepeatedName) {
  auto q = ParseQuery("id=1&id=2&id=3");
  EXPECT_EQ(q.count("id"), 3u);
  EXPECT_THAT(q, ElementsAre(Pair("id", "1"), Pair("id", "2"), Pair("id", "3")));
}

std::vector<Route> Table() {
  return {Route{.method = "GET", .path = "/api/v1/users"},
          Route{.method = "GET", .path = "/api/v1/users/{id}"},
          Route{.method = "PATCH", .path = "/api/v1/users/{id}"},
          Route{.method = "POST", .path = "/api/v1/cases/{case_id}/notes/{note_id}"},
          Route{.method = "GET", .path = "/api/v1/exports/{name}.csv"}};
}

TEST(RouteTable, MatchesByMethodAndWholePathAndNamesTheParameters) {
  const auto routes = Table();
  RouteTable table(routes);
  auto m = table.Find("POST", "/api/v1/cases/c 1/notes/n\n2");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->index, 3u);
  EXPECT_THAT(m->path_params, ElementsAre(Pair("case_id", "c 1"), Pair("note_id", "n\n2")));
  EXPECT_EQ(table.Find("GET", "/api/v1/users")->index, 0u);
  EXPECT_EQ(table.Find("PATCH", "/api/v1/users/7")->index, 2u);
  // The greedy parameter still leaves the literal suffix to the pattern.
  EXPECT_EQ(table.Find("GET", "/api/v1/exports/a.csv.csv")->path_params.at("name"), "a.csv");
}

TEST(RouteTable, RefusesAnEmptyParameterASlashInsideOneAndExtraSegments) {
  const auto routes = Table();
  RouteTable table(routes);
  EXPECT_FALSE(table.Find("GET", "/api/v1/users/"));
  EXPECT_FALSE(table.Find("GET", "/api/v1/users/1/2"));
  EXPECT_FALSE(table.Find("GET", "/api/v1/users/1/"));
  EXPECT_FALSE(table.Find("GET", "/api/v1/usersX"));
  EXPECT_FALSE(table.Find("DELETE", "/api/v1/users/1"));
  EXPECT_FALSE(table.Find("get", "/api/v1/users"));
  EXPECT_FALSE(table.Find("GET", "/api/v1/exports/.csv"));
}

}  // namespace
}  // namespace istmo::api

#include "core/log.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace istmo::core::log {
namespace {

TEST(Log, TextFormQuotesValuesWithSpaces) {
  std::string line = Format(false, Level::kInfo, "2024-08-20T14:03:00.000Z", "http_request",
                            {{"method", "GET"}, {"ua", "curl 8"}});
  EXPECT_EQ(line, "2024-08-20T14:03:00.000Z info http_request method=GET ua=\"curl 8\"");
}

TEST(Log, JsonFormIsOneValidObject) {
  std::string line = Format(true, Level::kWarn, "2024-08-20T14:03:00.000Z", "a \"quoted\"\nmsg",
                            {{"path", "/api"}});
  auto j = nlohmann::json::parse(line);
  EXPECT_EQ(j["level"], "warn");
  EXPECT_EQ(j["msg"], "a \"quoted\"\nmsg");
  EXPECT_EQ(j["path"], "/api");
  EXPECT_EQ(line.find('\n'), std::string::npos);
}

TEST(Log, ParseLevelKnowsTheLevelNamesAndRefusesOthers) {
  EXPECT_EQ(*ParseLevel("debug"), Level::kDebug);
  EXPECT_FALSE(ParseLevel("loud"));
}

}  // namespace
}  // namespace istmo::core::log

#include "core/config.h"

#include <gtest/gtest.h>

namespace istmo::core {
namespace {

TEST(Config, ParsesKeysSectionsCommentsAndQuotes) {
  auto c = Config::Parse(
      "# Istmo\n"
      "db = var/istmo.db\n"
      "[server]\n"
      "port = 8080   # the port\n"
      "banner = \"a # b\"\n");
  ASSERT_TRUE(c) << c.error().ToString();
  EXPECT_EQ(c->GetString("db", ""), "var/istmo.db");
  EXPECT_EQ(*c->GetInt("server.port", 0), 8080);
  EXPECT_EQ(c->GetString("server.banner", ""), "a # b");
  EXPECT_EQ(c->GetString("missing", "x"), "x");
}

TEST(Config, ErrorsNameTheLine) {
  auto c = Config::Parse("db = a\nthis is not a setting\n");
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().line, 2);
  EXPECT_FALSE(Config::Parse("[unclosed\n"));
  EXPECT_FALSE(Config::Parse("x = \"open\n"));
}

TEST(Config, EnvironmentOverridesFile) {
  auto c = Config::Parse("[server]\nport = 1\n");
  ASSERT_TRUE(c);
  char e1[] = "ISTMO_SERVER_PORT=9090";
  char e2[] = "ISTMO_SERVER_TLS__CERT=/etc/cert.pem";
  char e3[] = "PATH=/bin";
  char* env[] = {e1, e2, e3, nullptr};
  c->MergeEnvironment(env);
  EXPECT_EQ(*c->GetInt("server.port", 0), 9090);
  EXPECT_EQ(c->GetString("server.tls_cert", ""), "/etc/cert.pem");
  EXPECT_FALSE(c->Has("path"));
}

TEST(Config, TypedGettersRefuseBadTextAndOutOfRangeNumbers) {
  Config c;
  c.Set("n", "12x");
  c.Set("b", "maybe");
  c.Set("big", "70000");
  EXPECT_EQ(c.GetInt("n", 0).error().field, "n");
  EXPECT_FALSE(c.GetBool("b", false));
  EXPECT_FALSE(c.GetInt("big", 0, 1, 65535));
  c.Set("b", "Yes");
  EXPECT_TRUE(*c.GetBool("b", false));
}

}  // namespace
}  // namespace istmo::core

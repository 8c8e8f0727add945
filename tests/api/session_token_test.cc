#include "api/session_token.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace istmo::api {
namespace {

using ::testing::HasSubstr;

TEST(ExtractToken, TakesTheBearerHeaderFirst) {
  std::string header = "Bearer ist_header";
  auto token = ExtractToken({.method = "POST",
                             .authorization = &header,
                             .cookie = "istmo_session=ist_cookie"});
  ASSERT_TRUE(token) << token.error().ToString();
  EXPECT_EQ(*token, "ist_header");
}

TEST(ExtractToken, AMalformedAuthorizationHeaderIsUnauthenticatedEvenWithACookie) {
  for (std::string header : {"Basic cGFuOnB3", "Bearer ", "bearer ist_x", ""}) {
    auto token = ExtractToken({.method = "GET",
                               .authorization = &header,
                               .cookie = "istmo_session=ist_cookie"});
    ASSERT_FALSE(token) << header;
    EXPECT_EQ(token.error().code, core::ErrorCode::kUnauthenticated) << header;
  }
}

TEST(ExtractToken, NoHeaderAndNoCookieIsUnauthenticated) {
  auto token = ExtractToken({.method = "GET", .cookie = "theme=dark"});
  ASSERT_FALSE(token);
  EXPECT_EQ(token.error().code, core::ErrorCode::kUnauthenticated);
}

TEST(ExtractToken, ReadsTheSessionCookieOnGetAndHeadWithoutCsrf) {
  for (const char* method : {"GET", "HEAD"}) {
    auto token = ExtractToken({.method = method, .cookie = "theme=dark; istmo_session=ist_c; x=1"});
    ASSERT_TRUE(token) << method;
    EXPECT_EQ(*token, "ist_c");
  }
}

TEST(ExtractToken, ACookieTokenOnAWriteNeedsTheMatchingCsrfHeader) {
  const char* cookie = "istmo_session=ist_c; istmo_csrf=k3y";
  for (const char* method : {"POST", "PATCH", "PUT", "DELETE"}) {
    auto ok = ExtractToken({.method = method, .cookie = cookie, .csrf = "k3y"});
    ASSERT_TRUE(ok) << method;
    EXPECT_EQ(*ok, "ist_c");
    for (const char* csrf : {"", "k3", "k3yy", "K3Y"}) {
      auto refused = ExtractToken({.method = method, .cookie = cookie, .csrf = csrf});
      ASSERT_FALSE(refused) << method << " " << csrf;
      EXPECT_EQ(refused.error().code, core::ErrorCode::kPermissionDenied);
      EXPECT_THAT(refused.error().message, HasSubstr("CSRF"));
    }
  }
}

TEST(ExtractToken, AnEmptyCsrfCookieMatchesNothing) {
  auto refused = ExtractToken({.method = "POST", .cookie = "istmo_session=ist_c; istmo_csrf=", .csrf = ""});
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, core::ErrorCode::kPermissionDenied);
  auto absent = ExtractToken({.method = "POST", .cookie = "istmo_session=ist_c"});
  ASSERT_FALSE(absent);
  EXPECT_EQ(absent.error().code, core::ErrorCode::kPermissionDenied);
}

TEST(ExtractToken, ACookieTokenOnAWebSocketUpgradeNeedsOurOwnOrigin) {
  const char* cookie = "istmo_session=ist_c";
  for (const char* origin : {"http://127.0.0.1:8080", "https://127.0.0.1:8080"}) {
    auto ok = ExtractToken({.method = "GET", .cookie = cookie, .websocket = true,
                            .origin = origin, .host = "127.0.0.1:8080"});
    ASSERT_TRUE(ok) << origin;
    EXPECT_EQ(*ok, "ist_c");
  }
  for (const char* origin : {"", "https://evil.example", "http://127.0.0.1:8081", "null"}) {
    auto refused = ExtractToken({.method = "GET", .cookie = cookie, .websocket = true,
                                 .origin = origin, .host = "127.0.0.1:8080"});
    ASSERT_FALSE(refused) << origin;
    EXPECT_EQ(refused.error().code, core::ErrorCode::kPermissionDenied) << origin;
  }
  // A bearer header is not sent by browsers on their own: no Origin needed.
  std::string header = "Bearer ist_h";
  auto bearer = ExtractToken({.method = "GET", .authorization = &header, .websocket = true,
                              .origin = "https://evil.example", .host = "127.0.0.1:8080"});
  ASSERT_TRUE(bearer);
  EXPECT_EQ(*bearer, "ist_h");
}

TEST(CookieValue, FindsANameExactlyAndUnquotes) {
  EXPECT_EQ(CookieValue("a=1; istmo_session=x; b=2", "istmo_session"), "x");
  EXPECT_EQ(CookieValue("xistmo_session=no; istmo_session=\"yes\"", "istmo_session"), "yes");
  EXPECT_EQ(CookieValue("istmo_sessionx=no", "istmo_session"), "");
  EXPECT_EQ(CookieValue("", "istmo_session"), "");
  EXPECT_EQ(CookieValue("  istmo_csrf = k ;", "istmo_csrf"), "k");
}

}  // namespace
}  // namespace istmo::api

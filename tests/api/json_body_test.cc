// api::JsonBody: request bodies read with errors that name the field as a JSON pointer.
#include "api/json_body.h"

#include <string>

#include <gtest/gtest.h>

namespace istmo::api {
namespace {

TEST(JsonBody, RefusesWhatIsNotAJsonObject) {
  for (const char* text : {"", "[]", "\"x\"", "1", "{", "{\"a\":}", "nul"}) {
    auto b = JsonBody::Parse(text);
    ASSERT_FALSE(b) << text;
    EXPECT_EQ(b.error().code, core::ErrorCode::kInvalidArgument) << text;
  }
  EXPECT_TRUE(JsonBody::Parse("{}"));
}

TEST(JsonBody, LimitsNestingDepth) {
  std::string deep = "{\"a\":" + std::string(40, '[') + std::string(40, ']') + "}";
  EXPECT_FALSE(JsonBody::Parse(deep));
  EXPECT_TRUE(JsonBody::Parse(deep, 64));
  // Brackets inside strings do not count.
  EXPECT_TRUE(JsonBody::Parse("{\"a\":\"" + std::string(100, '[') + "\"}"));
}

TEST(JsonBody, AccessorsNameTheField) {
  auto b = JsonBody::Parse(
      R"({"name":"","n":1.5,"roles":["officer",2],"flag":"yes","text":"a\u0001b"})");
  ASSERT_TRUE(b);
  EXPECT_EQ(b->String("name").error().field, "/name");
  EXPECT_EQ(b->String("missing").error().field, "/missing");
  EXPECT_EQ(b->OptInt("n", 0, 10).error().field, "/n");
  EXPECT_EQ(b->OptStringArray("roles").error().field, "/roles/1");
  EXPECT_EQ(b->OptBool("flag").error().field, "/flag");
  EXPECT_EQ(b->String("text").error().field, "/text");
  EXPECT_FALSE(*b->OptString("absent"));
  EXPECT_EQ(**b->OptString("name", 10, /*allow_empty=*/true), "");
}

TEST(JsonBody, RejectsUnknownFieldsByName) {
  auto b = JsonBody::Parse(R"({"username":"a","remember_me":true})");
  ASSERT_TRUE(b);
  EXPECT_EQ(b->RejectUnknown({"username", "password"}).error().field, "/remember_me");
  EXPECT_TRUE(b->RejectUnknown({"username", "remember_me"}));
}

// Found by fuzz_json_body (fuzz/regressions/json_body/unknown_field_pointer_escape.json): the
// field of an unknown key with '/' or '~' was not a JSON pointer to it ("/a/b~c" names a nested
// field); RFC 6901 writes them "~1" and "~0".
TEST(JsonBody, UnknownFieldPointerEscapesSlashAndTilde) {
  auto b = JsonBody::Parse(R"({"a/b~c":1,"username":"x"})");
  ASSERT_TRUE(b);
  core::Status s = b->RejectUnknown({"username", "password"});
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().field, "/a~1b~0c");
  EXPECT_TRUE(b->json().contains(nlohmann::json::json_pointer(s.error().field)));
}

TEST(ParseRequests, DecodeThePlatformBodies) {
  auto login = ParseLoginRequest(R"({"username":"pan.admin","password":"correct horse battery"})");
  ASSERT_TRUE(login);
  EXPECT_EQ(login->username, "pan.admin");
  EXPECT_EQ(ParseLoginRequest(R"({"username":"pan.admin"})").error().field, "/password");
  auto user = ParseNewUserRequest(
      R"({"username":"jperez","display_name":"J. Pérez","password":"a long password","roles":["officer"]})");
  ASSERT_TRUE(user);
  EXPECT_EQ(user->roles, std::vector<std::string>{"officer"});
  EXPECT_EQ(ParseNewUserRequest(R"({"username":"j","display_name":"J","password":"p","roles":[]})")
                .error()
                .field,
            "/roles");
  auto patch = ParseUserPatchRequest(R"({"disabled":true})");
  ASSERT_TRUE(patch);
  EXPECT_EQ(patch->disabled, true);
  EXPECT_FALSE(patch->display_name);
  EXPECT_EQ(ParseUserPatchRequest(R"({"disabled":"yes"})").error().field, "/disabled");
}

}  // namespace
}  // namespace istmo::api

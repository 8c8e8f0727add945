// api::JsonBody: request bodies read with errors that name the field as a JSON pointer.
#include "api/json_body.h"

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace istmo::api {
namespace {

using ::testing::HasSubstr;
using namespace std::string_literals;

std::vector<std::uint8_t> Bytes(std::string_view s) { return {s.begin(), s.end()}; }

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

// UTF-8 of one code point.
std::string Utf8(std::uint32_t cp) {
  std::string out;
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
  return out;
}

std::string Hex(std::uint32_t cp) {
  char text[16];
  std::snprintf(text, sizeof text, "U+%04X", static_cast<unsigned>(cp));
  return text;
}

// "Trojan Source" in a name: "Ana <U+202E>zeréP" displays as "Ana Pérez", so what an officer
// reads is not what is stored and searched.
TEST(CheckText, RefusesEveryBidirectionalOverrideAndIsolateNamingFieldAndCodePoint) {
  std::vector<std::uint32_t> bidi;
  for (std::uint32_t cp = 0x202A; cp <= 0x202E; ++cp) bidi.push_back(cp);
  for (std::uint32_t cp = 0x2066; cp <= 0x2069; ++cp) bidi.push_back(cp);
  for (std::uint32_t cp : {0x200Eu, 0x200Fu, 0x061Cu}) bidi.push_back(cp);  // LRM, RLM, ALM
  for (std::uint32_t cp : bidi) {
    core::Status s = CheckText("Ana " + Utf8(cp) + "zeréP", "/name");
    ASSERT_FALSE(s) << Hex(cp);
    EXPECT_EQ(s.error().code, core::ErrorCode::kInvalidArgument);
    EXPECT_EQ(s.error().field, "/name");
    EXPECT_NE(s.error().message.find(Hex(cp)), std::string::npos) << s.error().message;
    EXPECT_NE(s.error().message.find("bidirectional"), std::string::npos) << s.error().message;
  }
}

TEST(CheckText, RefusesInvisibleFormatAndControlCharacters) {
  // Soft hyphen, zero width space, word joiner, invisible times, BOM, a tag letter, the
  // Mongolian vowel separator, a C1 control (NEL), DEL, a line separator, a noncharacter.
  for (std::uint32_t cp : {0x00ADu, 0x200Bu, 0x2060u, 0x2062u, 0xFEFFu, 0xE0041u, 0x180Eu, 0x85u,
                           0x7Fu, 0x2028u, 0xFFFEu}) {
    core::Status s = CheckText("Ana" + Utf8(cp) + "Ruiz", "/note", /*allow_newlines=*/true);
    ASSERT_FALSE(s) << Hex(cp);
    EXPECT_EQ(s.error().field, "/note");
    EXPECT_NE(s.error().message.find(Hex(cp) + " (byte 3)"), std::string::npos)
        << s.error().message;
  }
  EXPECT_NE(CheckText("a\tb", "/name").error().message.find("U+0009"), std::string::npos);
}

TEST(CheckText, KeepsTheTextPeopleWrite) {
  for (const std::string& text : {
           std::string("José Núñez"),
           std::string("محمد"),                     // Arabic: right to left by itself
           std::string("李小龙"),
           "مي" + Utf8(0x200C) + "خو",              // Persian, with ZWNJ
           Utf8(0x1F469) + Utf8(0x200D) + Utf8(0x1F467),                // emoji sequence, with ZWJ
       }) {
    EXPECT_TRUE(CheckText(text, "/name")) << text;
  }
  EXPECT_TRUE(CheckText("line one\nline two\ttab\r\n", "/note", /*allow_newlines=*/true));
}

TEST(JsonBody, EveryStringAccessorChecksTheText) {
  auto b = JsonBody::Parse(
      R"({"name":"Ana\u202Eessa","note":"x\u2066y","releasability":["PAN","US\u200BA"]})");
  ASSERT_TRUE(b);
  EXPECT_NE(b->String("name").error().message.find("U+202E"), std::string::npos);
  EXPECT_EQ(b->String("name").error().field, "/name");
  EXPECT_EQ(b->OptString("note", 100, true).error().field, "/note");
  EXPECT_NE(b->OptString("note", 100, true).error().message.find("U+2066"), std::string::npos);
  EXPECT_EQ(b->OptStringArray("releasability").error().field, "/releasability/1");
  EXPECT_NE(b->OptStringArray("releasability").error().message.find("U+200B"),
            std::string::npos);
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

// nlohmann's lexer reads a NUL byte as the end of input, so a body with a NUL after the object
// was accepted as the object alone.
TEST(JsonBody, RefusesARawNulByteAnywhere) {
  for (const std::string& text : {"{\"a\":1}\0{\"b\":2}"s, "{\"a\":1}\0"s, "{\"a\":1} \0 "s}) {
    auto b = JsonBody::Parse(text);
    ASSERT_FALSE(b) << text.size();
    EXPECT_EQ(b.error().code, core::ErrorCode::kInvalidArgument);
    EXPECT_THAT(b.error().message, HasSubstr("NUL"));
  }
  EXPECT_THAT(JsonBody::Parse("{\"a\":1}\0"s).error().message, HasSubstr("at byte 8"));
  // Escaped, it is a character of a string, which the text accessors refuse by name.
  auto b = JsonBody::Parse(R"({"a":"x\u0000"})");
  ASSERT_TRUE(b);
  EXPECT_EQ(b->String("a").error().field, "/a");
}

TEST(JsonBody, OptBase64DecodesBareDataUrlAndWrappedText) {
  auto b = JsonBody::Parse(
      R"({"bare":"QUJDRA==","unpadded":"QUJDRA","url":"data:image/jpeg;base64,QUJDRA==",)"
      R"("wrapped":"QU\r\nJD\nRA==\n","absent":null})");
  ASSERT_TRUE(b);
  for (const char* key : {"bare", "unpadded", "url", "wrapped"}) {
    auto v = b->OptBase64(key, 4);
    ASSERT_TRUE(v) << key << ": " << v.error().message;
    ASSERT_TRUE(*v) << key;
    EXPECT_EQ(**v, Bytes("ABCD")) << key;
  }
  EXPECT_FALSE(*b->OptBase64("absent", 4));
  EXPECT_FALSE(*b->OptBase64("missing", 4));
  EXPECT_THAT(b->OptBase64("bare", 3).error().message, HasSubstr("larger than 3 bytes"));
}

// Found by fuzz_json_body (fuzz/regressions/json_body/base64_nul_is_empty.json and
// base64_non_ascii_byte_as_digit.json): libsodium's `ignore` set is a C string, so a NUL was
// skipped like a line break and "\u0000" decoded to zero bytes — a present, empty photo; and its
// digit lookup reads a signed char, so any byte from 0x80 up decoded as a digit.
TEST(JsonBody, OptBase64RefusesNulAndNonAsciiWithTheirOffset) {
  auto b = JsonBody::Parse(
      R"({"nul":"\u0000","inside":"QUJD\u0000RA==","url":"data:image/png;base64,\u0000QUJD",)"
      R"("other":"QUJD RA==","accent":"QUJDé","bom":"\ufeffQUJD","breaks":"\r\n",)"
      R"("padding":"\n==\n"})");
  ASSERT_TRUE(b);
  const struct {
    const char* key;
    const char* message;
  } cases[] = {
      {"nul", "unexpected character at offset 0"},
      {"inside", "unexpected character at offset 4"},
      {"url", "unexpected character at offset 0"},
      {"other", "unexpected character at offset 4"},
      {"accent", "unexpected character at offset 4"},
      {"bom", "unexpected character at offset 0"},
      {"breaks", "is empty"},
      {"padding", "is empty"},
  };
  for (const auto& c : cases) {
    auto v = b->OptBase64(c.key, 48);
    ASSERT_FALSE(v) << c.key;
    EXPECT_EQ(v.error().code, core::ErrorCode::kInvalidArgument) << c.key;
    EXPECT_EQ(v.error().field, "/"s + c.key);
    EXPECT_THAT(v.error().message, HasSubstr(c.message)) << c.key;
  }
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

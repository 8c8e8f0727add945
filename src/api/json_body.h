// api/json_body.h — reading JSON request bodies with errors that name the field.
//
// Bodies are outside input: Parse() never throws, limits nesting depth, requires an object,
// and every accessor answers kInvalidArgument with a JSON pointer ("/roles/1") and what was
// expected, with a reason (docs/api.md, "Error reasons"): "required", "too_long" {max},
// "invalid_value", "invalid_text" (CheckText), and for base64 "image_unreadable" or
// "image_too_large" {max_bytes}. Unknown fields are refused (RejectUnknown) so that a typo is an error, not a no-op.
// No dependency on the HTTP server: the JSON fuzz target links this alone.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.h"

namespace istmo::api {

class JsonBody {
 public:
  // kInvalidArgument for empty input, bad JSON (with the byte offset), nesting deeper than
  // max_depth, or a top-level value that is not an object.
  static core::Result<JsonBody> Parse(std::string_view text, int max_depth = 32);

  // Required text of 1..max_len bytes that passes CheckText.
  core::Result<std::string> String(std::string_view key, std::size_t max_len = 1000) const;
  // Absent or null gives std::nullopt; present must be valid text (may be empty if allow_empty).
  core::Result<std::optional<std::string>> OptString(std::string_view key, std::size_t max_len = 1000,
                                                     bool allow_empty = false) const;
  core::Result<std::optional<bool>> OptBool(std::string_view key) const;
  core::Result<std::optional<std::int64_t>> OptInt(std::string_view key, std::int64_t min,
                                                   std::int64_t max) const;
  core::Result<std::optional<double>> OptNumber(std::string_view key, double min, double max) const;
  // An array of strings (each 1..max_len), at most max_items.
  core::Result<std::optional<std::vector<std::string>>> OptStringArray(std::string_view key,
                                                                       std::size_t max_items = 64,
                                                                       std::size_t max_len = 100) const;
  // Binary data as standard base64 (RFC 4648 §4; padding optional, line breaks ignored), bare or
  // as a data URL ("data:image/jpeg;base64,..."). Absent or null gives std::nullopt; present
  // must decode to 1..max_bytes bytes.
  core::Result<std::optional<std::vector<std::uint8_t>>> OptBase64(std::string_view key,
                                                                   std::size_t max_bytes) const;
  // kInvalidArgument naming the first key not in `allowed`.
  core::Status RejectUnknown(std::initializer_list<std::string_view> allowed) const;

  bool Has(std::string_view key) const;
  const nlohmann::json& json() const { return json_; }

 private:
  explicit JsonBody(nlohmann::json j) : json_(std::move(j)) {}
  nlohmann::json json_;
};

// Checks text read from outside: valid UTF-8, with no control character (C0, DEL, C1) except,
// when allowed, tab, CR and LF; no bidirectional control (U+202A–U+202E, U+2066–U+2069, LRM,
// RLM, ALM) nor other invisible format character (soft hyphen, zero width space, word joiner,
// BOM, tags, ...); no line or paragraph separator and no noncharacter. ZWNJ and ZWJ are allowed
// (Persian, Indic, emoji). kInvalidArgument naming `field`, the code point and its byte offset:
// "must not contain U+202E (byte 4), an invisible bidirectional control, ...". Every text field
// of every JSON body goes through it (JsonBody's string accessors), and so do the modules' own
// text checks (CSV imports, the CLI).
core::Status CheckText(std::string_view text, std::string_view field, bool allow_newlines = false);

// Request bodies of the platform routes, decoded and validated.
struct LoginRequest {
  std::string username;
  std::string password;
};
core::Result<LoginRequest> ParseLoginRequest(std::string_view body);

struct NewUserRequest {
  std::string username;
  std::string display_name;
  std::string password;
  std::vector<std::string> roles;
  std::optional<std::string> home_station;  // a station id; "" or null: none
};
core::Result<NewUserRequest> ParseNewUserRequest(std::string_view body);

struct UserPatchRequest {
  std::optional<std::string> display_name;
  std::optional<std::vector<std::string>> roles;
  std::optional<bool> disabled;
  std::optional<std::string> password;
  std::optional<std::string> home_station;  // "" clears it
};
core::Result<UserPatchRequest> ParseUserPatchRequest(std::string_view body);

}  // namespace istmo::api

#include "api/json_body.h"

#include <sodium.h>

#include <cmath>
#include <cstdio>

namespace istmo::api {

namespace {

// A bound as people write it: 100000, 0.5, 1e+12; not 100000.000000.
std::string FormatNumber(double v) {
  char text[32];
  std::snprintf(text, sizeof text, "%.15g", v);
  return text;
}

// The JSON pointer (RFC 6901) of a top-level key: '~' becomes "~0" and '/' becomes "~1", so that
// an unknown field named "a/b" is reported as "/a~1b" and not as the nested "/a/b".
std::string Pointer(std::string_view key) {
  std::string p(1, '/');
  for (char c : key) {
    if (c == '~') {
      p += "~0";
    } else if (c == '/') {
      p += "~1";
    } else {
      p += c;
    }
  }
  return p;
}

// Depth of nesting, stopping early past the limit (iterative: deep input must not blow the stack).
bool DepthWithin(std::string_view text, int max_depth) {
  int depth = 0;
  bool in_string = false;
  bool escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      if (++depth > max_depth) return false;
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return true;
}

// The standard base64 alphabet (RFC 4648 §4).
bool IsBase64Digit(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
         c == '/';
}

bool IsLineBreak(char c) { return c == '\r' || c == '\n'; }

// What a new password may be in a body: more than auth's limit (256), so that auth refuses a
// long one with its own reason rather than the body's generic too_long.
constexpr std::size_t kMaxPasswordBody = 1024;

}  // namespace

namespace {

// "U+202E".
std::string CodePoint(std::uint32_t cp) {
  char text[16];
  std::snprintf(text, sizeof text, "U+%04X", static_cast<unsigned>(cp));
  return text;
}

// What is wrong with code point `cp` in stored text, or nullptr when it may stay. Invisible
// characters that change how text displays let a name or note look like something else on an
// officer's screen than what is stored, searched and exported (CVE-2021-42574, "Trojan Source",
// for code; the same trick works on a watchlist name). ZERO WIDTH NON-JOINER and JOINER (U+200C,
// U+200D) stay allowed: Persian and Indic names and emoji sequences need them to spell right.
const char* Forbidden(std::uint32_t cp) {
  if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) return "a control character";
  if ((cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E ||
      cp == 0x200F || cp == 0x061C) {
    return "an invisible bidirectional control, which can show text in another order than it is "
           "stored";
  }
  if (cp == 0x00AD || cp == 0x180E || cp == 0x200B || (cp >= 0x2060 && cp <= 0x2064) ||
      (cp >= 0x206A && cp <= 0x206F) || cp == 0xFEFF || (cp >= 0xFFF9 && cp <= 0xFFFB) ||
      cp == 0xE0001 || (cp >= 0xE0020 && cp <= 0xE007F)) {
    return "an invisible format character";
  }
  if (cp == 0x2028 || cp == 0x2029) return "a line or paragraph separator";
  if ((cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE) return "a noncharacter";
  return nullptr;
}

core::Error BadText(std::string message, std::string_view field) {
  return core::WithReason(core::InvalidArgument(std::move(message), std::string(field)),
                          "invalid_text");
}

core::Error Required(std::string message, std::string field) {
  return core::WithReason(core::InvalidArgument(std::move(message), std::move(field)), "required");
}

core::Error TooLong(std::size_t max, const char* unit, std::string field) {
  return core::WithReason(
      core::InvalidArgument("must be at most " + std::to_string(max) + " " + unit, std::move(field)),
      "too_long", {{"max", std::to_string(max)}});
}

// A photo's base64 that cannot be decoded: for the person who sent it, the image is unreadable.
core::Error Unreadable(std::string message, std::string field) {
  return core::WithReason(core::InvalidArgument(std::move(message), std::move(field)),
                          "image_unreadable");
}

core::Error Invalid(std::string message, std::string field) {
  return core::WithReason(core::InvalidArgument(std::move(message), std::move(field)),
                          "invalid_value");
}

}  // namespace

core::Status CheckText(std::string_view s, std::string_view field, bool allow_newlines) {
  std::size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    std::uint32_t cp = c;
    int len = 1;
    if (c >= 0x80) {
      len = (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xe ? 3 : (c >> 3) == 0x1e ? 4 : 0;
      if (len == 0 || i + static_cast<std::size_t>(len) > s.size()) {
        return BadText("is not valid UTF-8", field);
      }
      cp = c & (0xff >> (len + 1));
      for (int k = 1; k < len; ++k) {
        auto cc = static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]);
        if ((cc & 0xc0) != 0x80) return BadText("is not valid UTF-8", field);
        cp = (cp << 6) | (cc & 0x3f);
      }
      if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
          cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
        return BadText("is not valid UTF-8", field);
      }
    }
    const bool newline = cp == '\n' || cp == '\t' || cp == '\r';
    if (const char* why = Forbidden(cp); why != nullptr && !(allow_newlines && newline)) {
      return core::WithReason(BadText("must not contain " + CodePoint(cp) + " (byte " +
                                          std::to_string(i) + "), " + why,
                                      field),
                              "invalid_text", {{"code_point", CodePoint(cp)}});
    }
    i += static_cast<std::size_t>(len);
  }
  return core::Ok();
}

core::Result<JsonBody> JsonBody::Parse(std::string_view text, int max_depth) {
  if (text.empty()) return core::InvalidArgument("the request body is empty; expected a JSON object");
  // nlohmann's lexer takes a NUL byte for the end of input (for C strings), so "{...}\0junk" would
  // pass as "{...}". JSON has no place for a raw NUL (inside strings it must be escaped), so any
  // is refused; the byte is counted from 1, as the parser counts.
  if (const auto nul = text.find('\0'); nul != std::string_view::npos) {
    return core::InvalidArgument("the body is not valid JSON (at byte " + std::to_string(nul + 1) +
                                 ": a NUL byte)");
  }
  if (!DepthWithin(text, max_depth)) {
    return core::InvalidArgument("JSON nested deeper than " + std::to_string(max_depth) + " levels");
  }
  nlohmann::json j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) {
    // Parse again with exceptions only to learn where it failed; the input is already bounded.
    try {
      nlohmann::json ignored = nlohmann::json::parse(text);
      (void)ignored;
    } catch (const nlohmann::json::parse_error& e) {
      return core::InvalidArgument("the body is not valid JSON (at byte " + std::to_string(e.byte) + ")");
    } catch (const std::exception&) {
    }
    return core::InvalidArgument("the body is not valid JSON");
  }
  if (!j.is_object()) return core::InvalidArgument("the body must be a JSON object");
  return JsonBody(std::move(j));
}

bool JsonBody::Has(std::string_view key) const {
  auto it = json_.find(key);
  return it != json_.end() && !it->is_null();
}

core::Result<std::optional<std::string>> JsonBody::OptString(std::string_view key,
                                                             std::size_t max_len,
                                                             bool allow_empty) const {
  auto it = json_.find(key);
  if (it == json_.end() || it->is_null()) return std::optional<std::string>();
  if (!it->is_string()) return Invalid("must be a string", Pointer(key));
  const auto& s = it->get_ref<const std::string&>();
  if (s.empty() && !allow_empty) return Required("must not be empty", Pointer(key));
  if (s.size() > max_len) return TooLong(max_len, "bytes", Pointer(key));
  ISTMO_RETURN_IF_ERROR(CheckText(s, Pointer(key)));
  return std::optional<std::string>(s);
}

core::Result<std::string> JsonBody::String(std::string_view key, std::size_t max_len) const {
  ISTMO_ASSIGN_OR_RETURN(auto v, OptString(key, max_len));
  if (!v) return Required("is required", Pointer(key));
  return *v;
}

core::Result<std::optional<bool>> JsonBody::OptBool(std::string_view key) const {
  auto it = json_.find(key);
  if (it == json_.end() || it->is_null()) return std::optional<bool>();
  if (!it->is_boolean()) return Invalid("must be true or false", Pointer(key));
  return std::optional<bool>(it->get<bool>());
}

core::Result<std::optional<std::int64_t>> JsonBody::OptInt(std::string_view key, std::int64_t min,
                                                           std::int64_t max) const {
  auto it = json_.find(key);
  if (it == json_.end() || it->is_null()) return std::optional<std::int64_t>();
  if (!it->is_number_integer()) return Invalid("must be a whole number", Pointer(key));
  std::int64_t v;
  if (it->is_number_unsigned()) {
    auto u = it->get<std::uint64_t>();
    if (u > static_cast<std::uint64_t>(INT64_MAX)) return Invalid("is too large", Pointer(key));
    v = static_cast<std::int64_t>(u);
  } else {
    v = it->get<std::int64_t>();
  }
  if (v < min || v > max) {
    return Invalid("must be between " + std::to_string(min) + " and " + std::to_string(max),
                   Pointer(key));
  }
  return std::optional<std::int64_t>(v);
}

core::Result<std::optional<double>> JsonBody::OptNumber(std::string_view key, double min,
                                                        double max) const {
  auto it = json_.find(key);
  if (it == json_.end() || it->is_null()) return std::optional<double>();
  if (!it->is_number()) return Invalid("must be a number", Pointer(key));
  double v = it->get<double>();
  if (!std::isfinite(v) || v < min || v > max) {
    return Invalid("must be a number between " + FormatNumber(min) + " and " + FormatNumber(max),
                   Pointer(key));
  }
  return std::optional<double>(v);
}

core::Result<std::optional<std::vector<std::string>>> JsonBody::OptStringArray(
    std::string_view key, std::size_t max_items, std::size_t max_len) const {
  auto it = json_.find(key);
  if (it == json_.end() || it->is_null()) return std::optional<std::vector<std::string>>();
  if (!it->is_array()) return Invalid("must be an array of strings", Pointer(key));
  if (it->size() > max_items) {
    return Invalid("must have at most " + std::to_string(max_items) + " items", Pointer(key));
  }
  std::vector<std::string> out;
  for (std::size_t i = 0; i < it->size(); ++i) {
    const auto& e = (*it)[i];
    std::string field = Pointer(key) + "/" + std::to_string(i);
    if (!e.is_string()) return Invalid("must be a string", field);
    const auto& s = e.get_ref<const std::string&>();
    if (s.empty() || s.size() > max_len) {
      return Invalid("must have 1 to " + std::to_string(max_len) + " bytes", field);
    }
    ISTMO_RETURN_IF_ERROR(CheckText(s, field));
    out.push_back(s);
  }
  return std::optional<std::vector<std::string>>(std::move(out));
}

core::Result<std::optional<std::vector<std::uint8_t>>> JsonBody::OptBase64(
    std::string_view key, std::size_t max_bytes) const {
  using Bytes = std::optional<std::vector<std::uint8_t>>;
  auto it = json_.find(key);
  if (it == json_.end() || it->is_null()) return Bytes();
  const std::string field = Pointer(key);
  if (!it->is_string()) return Unreadable("must be a base64 string", field);
  std::string_view text = it->get_ref<const std::string&>();
  if (text.rfind("data:", 0) == 0) {
    const auto comma = text.find(',');
    if (comma == std::string_view::npos ||
        text.substr(0, comma).find(";base64") == std::string_view::npos) {
      return Unreadable("a data URL must be base64 (\"data:image/jpeg;base64,...\")",
                                   field);
    }
    text.remove_prefix(comma + 1);
  }
  // Padding and line breaks may close the text in any order ("...==\n" is what base64(1) writes).
  while (!text.empty() && (text.back() == '=' || IsLineBreak(text.back()))) text.remove_suffix(1);
  // Every character is checked here, not left to libsodium (1.0.18, Debian 12), which lets two
  // kinds through: its `ignore` set is a C string, so strchr() finds a NUL in it (the terminator)
  // and "\u0000" was skipped like a line break ("\u0000" alone decoded to zero bytes, a present
  // and empty photo); and its digit lookup reads a signed char, so every byte from 0x80 up was
  // decoded as some digit (UTF-8 text passed as base64). Both found by fuzz_json_body.
  std::size_t digits = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (IsBase64Digit(text[i])) {
      ++digits;
    } else if (!IsLineBreak(text[i])) {
      return Unreadable(
          "is not base64: unexpected character at offset " + std::to_string(i), field);
    }
  }
  if (digits == 0) return Unreadable("is empty", field);
  // Checked before decoding so that an oversized upload costs no allocation of its size.
  if (digits / 4 * 3 + digits % 4 * 3 / 4 > max_bytes) {
    return core::WithReason(
        core::InvalidArgument("is larger than " + std::to_string(max_bytes) + " bytes", field),
        "image_too_large", {{"max_bytes", std::to_string(max_bytes)}});
  }
  std::vector<std::uint8_t> out(digits / 4 * 3 + 3);
  std::size_t length = 0;
  const char* end = nullptr;
  if (sodium_base642bin(out.data(), out.size(), text.data(), text.size(), "\r\n", &length, &end,
                        sodium_base64_VARIANT_ORIGINAL_NO_PADDING) != 0 ||
      end != text.data() + text.size()) {
    const std::size_t at = end ? static_cast<std::size_t>(end - text.data()) : 0;
    return Unreadable(
        at < text.size() ? "is not base64: unexpected character at offset " + std::to_string(at)
                         : std::string("is not base64: truncated"),
        field);
  }
  // Not reachable after the count above (d digits decode to 3d/4 bytes, and a lone digit is
  // refused as truncated); kept so that the contract does not rest on libsodium's arithmetic.
  if (length == 0 || length > max_bytes) {
    return Unreadable("must decode to 1 to " + std::to_string(max_bytes) + " bytes",
                                 field);
  }
  out.resize(length);
  return Bytes(std::move(out));
}

core::Status JsonBody::RejectUnknown(std::initializer_list<std::string_view> allowed) const {
  for (const auto& [key, value] : json_.items()) {
    bool ok = false;
    for (auto a : allowed) ok = ok || key == a;
    if (!ok) {
      std::string list;
      for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
      std::string shown = key.substr(0, 40);
      if (!CheckText(shown, "")) shown = "?";
      return core::InvalidArgument("unknown field; expected one of: " + list, Pointer(shown));
    }
  }
  return core::Ok();
}

core::Result<LoginRequest> ParseLoginRequest(std::string_view body) {
  ISTMO_ASSIGN_OR_RETURN(auto j, JsonBody::Parse(body));
  ISTMO_RETURN_IF_ERROR(j.RejectUnknown({"username", "password"}));
  LoginRequest r;
  ISTMO_ASSIGN_OR_RETURN(r.username, j.String("username", 64));
  ISTMO_ASSIGN_OR_RETURN(r.password, j.String("password", 256));
  return r;
}

core::Result<NewUserRequest> ParseNewUserRequest(std::string_view body) {
  ISTMO_ASSIGN_OR_RETURN(auto j, JsonBody::Parse(body));
  ISTMO_RETURN_IF_ERROR(
      j.RejectUnknown({"username", "display_name", "password", "roles", "home_station"}));
  NewUserRequest r;
  ISTMO_ASSIGN_OR_RETURN(r.username, j.String("username", 64));
  ISTMO_ASSIGN_OR_RETURN(r.display_name, j.String("display_name", 120));
  // Longer than the policy allows, so that the policy's own reason (password_too_long) answers.
  ISTMO_ASSIGN_OR_RETURN(r.password, j.String("password", kMaxPasswordBody));
  ISTMO_ASSIGN_OR_RETURN(r.home_station, j.OptString("home_station", 64, true));
  ISTMO_ASSIGN_OR_RETURN(auto roles, j.OptStringArray("roles", 4, 20));
  if (!roles || roles->empty()) return Required("at least one role is required", "/roles");
  r.roles = std::move(*roles);
  return r;
}

core::Result<UserPatchRequest> ParseUserPatchRequest(std::string_view body) {
  ISTMO_ASSIGN_OR_RETURN(auto j, JsonBody::Parse(body));
  ISTMO_RETURN_IF_ERROR(
      j.RejectUnknown({"display_name", "roles", "disabled", "password", "home_station"}));
  UserPatchRequest r;
  ISTMO_ASSIGN_OR_RETURN(r.display_name, j.OptString("display_name", 120));
  ISTMO_ASSIGN_OR_RETURN(r.roles, j.OptStringArray("roles", 4, 20));
  ISTMO_ASSIGN_OR_RETURN(r.disabled, j.OptBool("disabled"));
  ISTMO_ASSIGN_OR_RETURN(r.password, j.OptString("password", kMaxPasswordBody));
  ISTMO_ASSIGN_OR_RETURN(r.home_station, j.OptString("home_station", 64, true));
  // null clears the home station, like "": absent leaves it as it is.
  if (j.json().contains("home_station") && j.json()["home_station"].is_null()) r.home_station = "";
  return r;
}

}  // namespace istmo::api

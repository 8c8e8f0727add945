// Fuzzes the API's JSON body reader the way a request reaches it: the bytes go to
// api::JsonBody::Parse and to the platform's request decoders (login, new user, user patch), and
// every accessor is called on every key the body has and on the keys the routes read. Besides
// crashes and sanitizer reports, it checks the reader's contract: errors are kInvalidArgument,
// an accessor's error names a field, values it hands out are valid text within their limits,
// base64 decodes to exactly the bytes its digits encode, and no depth beyond the limit is accepted.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "api/json_body.h"
#include "core/result.h"

namespace {

using istmo::api::CheckText;
using istmo::api::JsonBody;
using istmo::core::ErrorCode;

// A value handed out by an accessor: valid text of at most max_len bytes.
void CheckValue(const std::string& s, std::size_t max_len, bool allow_empty) {
  ISTMO_CHECK(s.size() <= max_len);
  ISTMO_CHECK(allow_empty || !s.empty());
  ISTMO_CHECK(CheckText(s, "/v").has_value());
}

// Decoded base64 says exactly what its text said: the text's payload (after a data URL's comma)
// holds only base64 digits, line breaks and closing '=', and its digits are the standard encoding
// of the bytes. A character the decoder skipped silently (a NUL, once) breaks the equality.
void CheckBase64RoundTrip(std::string_view text, const std::vector<std::uint8_t>& bytes) {
  static constexpr char kDigits[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  if (text.rfind("data:", 0) == 0) text.remove_prefix(text.find(',') + 1);
  std::string digits;
  bool padding = false;
  for (char c : text) {
    if (c == '\r' || c == '\n') continue;
    if (c == '=') {
      padding = true;
      continue;
    }
    ISTMO_CHECK(!padding && std::string_view(kDigits).find(c) != std::string_view::npos);
    digits += c;
  }
  std::string encoded;
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    std::uint32_t group = static_cast<std::uint32_t>(bytes[i]) << 16;
    if (i + 1 < bytes.size()) group |= static_cast<std::uint32_t>(bytes[i + 1]) << 8;
    if (i + 2 < bytes.size()) group |= bytes[i + 2];
    const std::size_t chars = std::min<std::size_t>(bytes.size() - i, 3) + 1;
    for (std::size_t k = 0; k < chars; ++k) encoded += kDigits[(group >> (18 - 6 * k)) & 0x3f];
  }
  ISTMO_CHECK(encoded == digits);
}

// An accessor's error: bad input, naming the field it came from.
template <class T>
void CheckError(const istmo::core::Result<T>& r) {
  if (r) return;
  ISTMO_CHECK(r.error().code == ErrorCode::kInvalidArgument);
  ISTMO_CHECK(!r.error().message.empty());
  ISTMO_CHECK(!r.error().field.empty() && r.error().field[0] == '/');
}

void Exercise(const JsonBody& body, std::string_view key) {
  (void)body.Has(key);
  auto s = body.String(key, 64);
  CheckError(s);
  if (s) CheckValue(*s, 64, false);
  for (bool allow_empty : {false, true}) {
    auto o = body.OptString(key, 16, allow_empty);
    CheckError(o);
    if (o && *o) CheckValue(**o, 16, allow_empty);
  }
  CheckError(body.OptBool(key));
  auto i = body.OptInt(key, -1000, 1000);
  CheckError(i);
  if (i && *i) ISTMO_CHECK(**i >= -1000 && **i <= 1000);
  auto n = body.OptNumber(key, -90.0, 90.0);
  CheckError(n);
  if (n && *n) ISTMO_CHECK(**n >= -90.0 && **n <= 90.0);
  auto b = body.OptBase64(key, 48);
  CheckError(b);
  if (b && *b) {
    ISTMO_CHECK(!(*b)->empty() && (*b)->size() <= 48);
    CheckBase64RoundTrip(body.json().at(std::string(key)).get_ref<const std::string&>(), **b);
  }
  auto a = body.OptStringArray(key, 4, 20);
  CheckError(a);
  if (a && *a) {
    ISTMO_CHECK((*a)->size() <= 4);
    for (const auto& e : **a) CheckValue(e, 20, false);
  }
}

// RFC 6901: inside a JSON pointer, '~' is written "~0" and '/' is written "~1".
std::string PointerTo(std::string_view key) {
  std::string p = "/";
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

void CheckRequestError(const istmo::core::Error& e) {
  ISTMO_CHECK(e.code == ErrorCode::kInvalidArgument);
  ISTMO_CHECK(!e.message.empty());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);

  (void)CheckText(text, "/text", false);
  (void)CheckText(text, "/text", true);

  auto body = JsonBody::Parse(text);
  if (!body) {
    ISTMO_CHECK(body.error().code == ErrorCode::kInvalidArgument);
  } else {
    ISTMO_CHECK(body->json().is_object());
    // Accepted bodies nest no deeper than the limit: a shallower limit of 1 accepts only flat
    // objects of scalars.
    auto flat = JsonBody::Parse(text, 1);
    if (flat) {
      for (const auto& [key, value] : flat->json().items()) {
        ISTMO_CHECK(!value.is_object() && !value.is_array());
      }
    }
    for (std::string_view key : {"username", "password", "display_name", "roles", "disabled",
                                 "limit", "lat", "releasability", "photo", ""}) {
      Exercise(*body, key);
    }
    int keys = 0;
    for (const auto& [key, value] : body->json().items()) {
      if (++keys > 32) break;
      Exercise(*body, key);
    }
    auto unknown = body->RejectUnknown({"username", "password"});
    if (!unknown) {
      CheckRequestError(unknown.error());
      // The field is the JSON pointer of the first unknown key (keys come in sorted order),
      // shortened to 40 bytes and replaced by "?" when that is not valid text.
      std::string first;
      for (const auto& [key, value] : body->json().items()) {
        if (key != "username" && key != "password") {
          first = key;
          break;
        }
      }
      std::string shown = first.substr(0, 40);
      if (!CheckText(shown, "")) shown.assign(1, '?');  // not `= "?"`: GCC 12's -Wrestrict misfires
      ISTMO_CHECK(unknown.error().field == PointerTo(shown));
    } else {
      for (const auto& [key, value] : body->json().items()) {
        ISTMO_CHECK(key == "username" || key == "password");
      }
    }
  }

  auto login = istmo::api::ParseLoginRequest(text);
  if (login) {
    CheckValue(login->username, 64, false);
    CheckValue(login->password, 256, false);
  } else {
    CheckRequestError(login.error());
  }
  auto new_user = istmo::api::ParseNewUserRequest(text);
  if (new_user) {
    CheckValue(new_user->username, 64, false);
    CheckValue(new_user->display_name, 120, false);
    CheckValue(new_user->password, 256, false);
    ISTMO_CHECK(!new_user->roles.empty() && new_user->roles.size() <= 4);
    for (const auto& r : new_user->roles) CheckValue(r, 20, false);
  } else {
    CheckRequestError(new_user.error());
  }
  auto patch = istmo::api::ParseUserPatchRequest(text);
  if (patch) {
    if (patch->display_name) CheckValue(*patch->display_name, 120, false);
    if (patch->password) CheckValue(*patch->password, 256, false);
    if (patch->roles) {
      ISTMO_CHECK(patch->roles->size() <= 4);
      for (const auto& r : *patch->roles) CheckValue(r, 20, false);
    }
  } else {
    CheckRequestError(patch.error());
  }
  return 0;
}

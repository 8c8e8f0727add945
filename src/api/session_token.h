// api/session_token.h — where an authenticated request's token comes from.
//
// A token is taken from `Authorization: Bearer <token>` or, when that header is absent, from the
// cookie `istmo_session` (the web app's session). A browser sends cookies with any request a
// third-party page makes it send, so a cookie-borne token on a method that changes state (not
// GET/HEAD) also needs the double-submit proof: header `X-CSRF-Token` equal to the cookie
// `istmo_csrf`, which only a page of our own origin can read. A WebSocket upgrade is a GET that
// any page may start and then read from, so a cookie-borne token there needs an Origin header
// naming this server (scheme://Host).
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace istmo::api {

struct TokenHeaders {
  std::string_view method;         // GET, POST, ...
  const std::string* authorization = nullptr;  // the header's value, nullptr when absent
  std::string_view cookie;         // the Cookie header ("" when absent)
  std::string_view csrf;           // the X-CSRF-Token header ("" when absent)
  bool websocket = false;          // a WebSocket upgrade request
  std::string_view origin;         // the Origin header ("" when absent)
  std::string_view host;           // the Host header
};

// The token, or kUnauthenticated (no token, or a malformed Authorization header) or
// kPermissionDenied (a cookie token without a matching CSRF header on a state-changing method,
// or on a WebSocket upgrade from another origin).
core::Result<std::string> ExtractToken(const TokenHeaders& headers);

// The value of cookie `name` in a Cookie header, or "" when it is not there.
std::string CookieValue(std::string_view cookie_header, std::string_view name);

}  // namespace istmo::api

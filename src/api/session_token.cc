#include "api/session_token.h"

namespace istmo::api {

namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Compares in time independent of where the strings differ, so the CSRF check leaks nothing.
bool ConstantTimeEqual(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  }
  return diff == 0;
}

}  // namespace

std::string CookieValue(std::string_view cookie_header, std::string_view name) {
  while (!cookie_header.empty()) {
    std::size_t end = cookie_header.find(';');
    std::string_view pair = Trim(cookie_header.substr(0, end));
    cookie_header = end == std::string_view::npos ? std::string_view() : cookie_header.substr(end + 1);
    std::size_t eq = pair.find('=');
    if (eq == std::string_view::npos || Trim(pair.substr(0, eq)) != name) continue;
    std::string_view value = Trim(pair.substr(eq + 1));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
      value = value.substr(1, value.size() - 2);
    }
    return std::string(value);
  }
  return {};
}

core::Result<std::string> ExtractToken(const TokenHeaders& headers) {
  constexpr std::string_view kBearer = "Bearer ";
  if (headers.authorization != nullptr) {
    const std::string& h = *headers.authorization;
    if (h.size() <= kBearer.size() || h.compare(0, kBearer.size(), kBearer) != 0) {
      return core::Unauthenticated("missing `Authorization: Bearer <token>`; log in first");
    }
    return h.substr(kBearer.size());
  }
  std::string token = CookieValue(headers.cookie, "istmo_session");
  if (token.empty()) {
    return core::Unauthenticated("missing `Authorization: Bearer <token>`; log in first");
  }
  if (headers.websocket) {
    const std::string_view origin = headers.origin;
    const bool same = !headers.host.empty() &&
                      (origin == "http://" + std::string(headers.host) ||
                       origin == "https://" + std::string(headers.host));
    if (!same) {
      return core::PermissionDenied(
          "a WebSocket opened with the session cookie must come from this server's own pages "
          "(Origin must match Host)");
    }
  }
  if (headers.method != "GET" && headers.method != "HEAD") {
    std::string expected = CookieValue(headers.cookie, "istmo_csrf");
    if (expected.empty() || !ConstantTimeEqual(expected, headers.csrf)) {
      return core::PermissionDenied(
          "CSRF check failed: a session cookie on " + std::string(headers.method) +
          " needs header X-CSRF-Token equal to the istmo_csrf cookie");
    }
  }
  return token;
}

}  // namespace istmo::api

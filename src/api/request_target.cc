#include "api/request_target.h"

#include <utility>

namespace istmo::api {

namespace {

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// "/api/v1/users/{id}" -> "/api/v1/users/([^/]+)" and the parameter names.
std::pair<std::string, std::vector<std::string>> CompilePath(const std::string& path) {
  std::string pattern;
  std::vector<std::string> names;
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (path[i] == '{') {
      std::size_t end = path.find('}', i);
      names.push_back(path.substr(i + 1, end - i - 1));
      pattern += "([^/]+)";
      i = end;
    } else if (std::string_view(".+*?^$()[]|\\").find(path[i]) != std::string_view::npos) {
      pattern += '\\';
      pattern += path[i];
    } else {
      pattern += path[i];
    }
  }
  return {pattern, names};
}

}  // namespace

std::string PercentDecode(std::string_view s, bool plus_is_space) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      int hi = HexDigit(s[i + 1]);
      int lo = HexDigit(s[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
        continue;
      }
    }
    out += (plus_is_space && s[i] == '+') ? ' ' : s[i];
  }
  return out;
}

std::multimap<std::string, std::string> ParseQuery(std::string_view q) {
  std::multimap<std::string, std::string> out;
  while (!q.empty()) {
    std::size_t amp = q.find('&');
    std::string_view pair = q.substr(0, amp);
    q = amp == std::string_view::npos ? std::string_view() : q.substr(amp + 1);
    if (pair.empty()) continue;
    std::size_t eq = pair.find('=');
    if (eq == std::string_view::npos) {
      out.emplace(PercentDecode(pair, true), "");
    } else {
      out.emplace(PercentDecode(pair.substr(0, eq), true),
                  PercentDecode(pair.substr(eq + 1), true));
    }
  }
  return out;
}

Target ParseTarget(std::string_view target) {
  Target out;
  std::size_t q = target.find('?');
  out.path = PercentDecode(target.substr(0, q), false);
  if (q != std::string_view::npos) out.query = ParseQuery(target.substr(q + 1));
  return out;
}

RouteTable::RouteTable(const std::vector<Route>& routes) : routes_(&routes) {
  compiled_.reserve(routes.size());
  for (const Route& route : routes) {
    auto [pattern, names] = CompilePath(route.path);
    const std::size_t brace = route.path.find('{');
    compiled_.push_back({route.path.substr(0, brace), brace == std::string::npos,
                         std::regex(pattern), std::move(names)});
  }
}

std::optional<RouteTable::Match> RouteTable::Find(std::string_view method,
                                                  const std::string& path) const {
  for (std::size_t i = 0; i < compiled_.size(); ++i) {
    const Route& route = (*routes_)[i];
    const Compiled& compiled = compiled_[i];
    if (route.method != method || !StartsWith(path, compiled.literal)) continue;
    if (compiled.exact && path.size() != compiled.literal.size()) continue;
    std::smatch m;
    if (!compiled.exact && !std::regex_match(path, m, compiled.pattern)) continue;
    Match match;
    match.index = i;
    for (std::size_t n = 0; n < compiled.names.size() && n + 1 < m.size(); ++n) {
      match.path_params[compiled.names[n]] = m[n + 1].str();
    }
    return match;
  }
  return std::nullopt;
}

}  // namespace istmo::api

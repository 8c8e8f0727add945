// api/request_target.h — what an HTTP request target names: its path, its query, and the route
// of the table that serves it.
//
// The server (api/server.cc) reads every request's target through these functions, and so does
// fuzz/http_server_fuzz.cc, which checks them without a socket. They take bytes from the
// network as they come: nothing here fails, a malformed escape stays as it was written.
// Stateless, or read-only after construction: safe from any thread.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

#include "api/route.h"

namespace istmo::api {

// Decodes %XX escapes (either case); a '%' not followed by two hex digits stays as it is. With
// `plus_is_space` (query strings, application/x-www-form-urlencoded) '+' is a space.
std::string PercentDecode(std::string_view text, bool plus_is_space);

// "a=1&b=x%20y&c" -> {a: "1", b: "x y", c: ""}: pairs split at '&', then at the first '=',
// each side percent-decoded. Empty pairs are skipped; a repeated name keeps every value.
std::multimap<std::string, std::string> ParseQuery(std::string_view query);

struct Target {
  std::string path;  // percent-decoded ('+' stays '+'); may hold any byte, NUL included
  std::multimap<std::string, std::string> query;
};
// Splits at the first '?': the request target "/api/v1/x%2Fy?limit=5" is path "/api/v1/x/y"
// and query {limit: "5"}.
Target ParseTarget(std::string_view target);

// The route table's paths, compiled once: "/api/v1/users/{id}" matches "/api/v1/users/42" with
// id = "42". A parameter matches one or more characters other than '/'.
class RouteTable {
 public:
  // `routes` must outlive the table.
  explicit RouteTable(const std::vector<Route>& routes);

  struct Match {
    std::size_t index = 0;                           // into the routes given
    std::map<std::string, std::string> path_params;  // by the names between braces
  };
  // The first route, in table order, with this method whose path matches `path` whole, or
  // std::nullopt. `method` is compared exactly (HEAD is the caller's business).
  std::optional<Match> Find(std::string_view method, const std::string& path) const;

 private:
  struct Compiled {
    std::string literal;  // the path up to its first parameter: a cheap test before the regex
    bool exact = false;   // no parameters: the literal is the whole path
    std::regex pattern;
    std::vector<std::string> names;
  };
  const std::vector<Route>* routes_;
  std::vector<Compiled> compiled_;
};

}  // namespace istmo::api

// maritime/internal/route_params.h — what the maritime route files share: query parameters
// read the same way everywhere, and the case routes' entry point (case_routes.cc).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "api/route.h"
#include "core/result.h"
#include "core/time.h"
#include "maritime/routes.h"

namespace istmo::maritime::internal {

// ?name= as an ISO 8601 instant in µs since the epoch; `fallback` when absent;
// kInvalidArgument naming "?name" otherwise.
inline core::Result<std::int64_t> TimeParam(const api::Request& r, const std::string& name,
                                            std::int64_t fallback) {
  auto v = r.QueryParam(name);
  if (!v) return fallback;
  auto t = core::ParseIso8601(*v);
  if (!t) return core::InvalidArgument("must be an ISO 8601 time", "?" + name);
  return t->time_since_epoch().count();
}

// The interdiction case routes (cases.h), registered by AddRoutes when deps.crew and
// deps.find_org are set.
void AddCaseRoutes(std::vector<api::Route>& routes, const RouteDeps& deps);

}  // namespace istmo::maritime::internal

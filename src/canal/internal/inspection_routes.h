// canal/internal/inspection_routes.h — the routes of units, inspections, yield, histories and
// the dashboard (inspection_routes.cc), registered by canal::AddRoutes.
#pragma once

#include <vector>

#include "api/route.h"
#include "canal/routes.h"

namespace istmo::canal::internal {

void AddInspectionRoutes(std::vector<api::Route>& routes, const RouteDeps& deps);

}  // namespace istmo::canal::internal

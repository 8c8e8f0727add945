// migration/routes.h — the migration module's HTTP routes (registered by api/registry.cc).
//
//   GET   /api/v1/migration/stations                 the reception stations
//   POST  /api/v1/migration/encounters               register (JSON; photo as base64 "photo")
//   GET   /api/v1/migration/encounters[?station_id&nationality&person_id&from&to&limit]
//   GET   /api/v1/migration/encounters/{id}
//   GET   /api/v1/migration/trends?granularity&from&to[&station_id&nationality&sex&age_group&top]
//   GET   /api/v1/migration/trends.csv?…             the same range as CSV rows
//   POST  /api/v1/migration/cases · GET …/cases · GET/PATCH …/cases/{id}
//   POST  /api/v1/migration/flights · GET …/flights · GET/PATCH …/flights/{id}
//   POST  /api/v1/migration/flights/{id}/manifest    add eligible cases up to capacity
//
// Faces: the routes read biometrics.template_key and biometrics.model_dir from the process's
// configuration environment (ISTMO_BIOMETRICS_TEMPLATE_KEY, ISTMO_BIOMETRICS_MODEL_DIR) when
// the route table is built; see docs/migration.md.
#pragma once

#include <vector>

#include "api/route.h"
#include "api/services.h"

namespace istmo::migration {

void AddMigrationRoutes(std::vector<api::Route>& routes, api::Services& services);

}  // namespace istmo::migration

// migration/routes.h — the migration module's HTTP routes (registered by api/registry.cc).
//
//   GET   /api/v1/migration/stations                 the reception stations
//   POST  /api/v1/migration/encounters               register (JSON; photo as base64 "photo")
//   GET   /api/v1/migration/encounters[?station_id&nationality&person_id&from&to&limit]
//   GET   /api/v1/migration/encounters/{id}
//   GET   /api/v1/migration/trends?granularity&from&to[&station_id&nationality&sex&age_group&top]
//   GET   /api/v1/migration/trends.csv?…             the same range as CSV rows
//   POST  /api/v1/migration/cases · GET …/cases[?status&nationality&person_id&eligible&limit]
//   GET/PATCH …/cases/{id}
//   POST  /api/v1/migration/flights · GET …/flights · GET/PATCH …/flights/{id}
//   POST  /api/v1/migration/flights/{id}/manifest    add eligible cases up to capacity
//
// Faces: photos go through the process's face service, Services::faces (biometrics/faces.h);
// see docs/migration.md.
#pragma once

#include <vector>

#include <nlohmann/json.hpp>

#include "api/route.h"
#include "api/services.h"
#include "migration/encounters.h"
#include "migration/intake.h"

namespace istmo::migration {

// An encounter as the API answers it (also printed by `istmo migration encounter ... --json`).
nlohmann::json EncounterJson(const Encounter& e);
// A registration's answer: the encounter, earlier encounters (with how each matched), the
// watchlist hits the caller may see, and whether the face was enrolled.
nlohmann::json RegistrationJson(const Registration& registration);

void AddMigrationRoutes(std::vector<api::Route>& routes, api::Services& services);

}  // namespace istmo::migration

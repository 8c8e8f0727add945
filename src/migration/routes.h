// migration/routes.h — the migration module's HTTP routes (registered by the composition root,
// src/app).
//
//   GET   /api/v1/migration/stations                 the reception stations
//   POST  /api/v1/migration/encounters               register (JSON; photo as base64 "photo")
//   GET   /api/v1/migration/encounters[?name&document_number&birth_date&station_id&nationality
//                                       &person_id&from&to&limit&cursor]
//                                                    items, total, next_cursor
//   GET   /api/v1/migration/encounters/{id}
//   GET   /api/v1/migration/encounters/{id}/photo[?size=thumb]  its photo (audited)
//   PATCH /api/v1/migration/encounters/{id}          correct personal fields, with a reason
//   GET   /api/v1/migration/encounters/{id}/history  the corrections
//   GET   /api/v1/countries                          ISO 3166-1 list (any signed-in user)
//   GET   /api/v1/migration/trends?granularity&from&to[&station_id&nationality&sex&age_group&top]
//                                                    (with coverage, partial, previous_partial)
//   GET   /api/v1/migration/trends/coverage          first and last months the caller may see
//   GET   /api/v1/migration/trends.csv?…             the same range as CSV rows
//   POST  /api/v1/migration/cases · GET …/cases[?status&nationality&person_id&eligible&limit]
//   GET/PATCH …/cases/{id}
//   POST  /api/v1/migration/flights · GET …/flights · GET/PATCH …/flights/{id}
//   POST  /api/v1/migration/flights/{id}/manifest    add eligible cases up to capacity
//
// Faces: photos go through the process's face service, RouteDeps::faces (biometrics/faces.h);
// see docs/migration.md.
#pragma once

#include <vector>

#include "api/route.h"
#include "biometrics/faces.h"
#include "core/time.h"
#include "store/store.h"

namespace istmo::migration {

// What the migration routes use. The referenced objects outlive the route table; the struct
// itself may be a temporary (handlers copy it).
struct RouteDeps {
  store::Store& store;
  const core::Clock& clock;
  biometrics::FaceService& faces;  // the process's one face service
};

void AddRoutes(std::vector<api::Route>& routes, const RouteDeps& deps);

}  // namespace istmo::migration

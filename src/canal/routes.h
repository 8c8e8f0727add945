// canal/routes.h — the canal module's HTTP routes (registered by the composition root, src/app).
//
//   POST /api/v1/canal/manifests[?releasability=…]  a manifest as CSV (Content-Type: text/csv) or
//                                                   JSON; 201 with the counts and the rejects
//   GET  /api/v1/canal/containers[?container_number&bill_of_lading&party_id&hs_code&port
//                                 &import_id&limit&after]   manifest lines, oldest first
//   GET  /api/v1/canal/containers/{id}              a container number and its lines
//   POST /api/v1/canal/transits[?releasability=…]   a transit schedule as CSV or JSON
//   GET  /api/v1/canal/transits[?from&to&direction&vessel_imo&upcoming&limit]   with each
//                                                   transit's vessel and the risk of its containers
//   GET  /api/v1/canal/transits/{id}                a transit, its vessel's behaviour at sea in
//                                                   full and its containers by score
//   GET  /api/v1/canal/vessels/{imo}                a vessel's behaviour and transits
//   GET  /api/v1/canal/parties/{id}                 a party's spellings and containers
//
// Roles (docs/canal.md): officers and analysts import, owning what they import for their
// organization; officers, analysts and supervisors read what is released to them. Bad input is
// a 400 naming the field ("?port", "/lines/2/hs_code", "Content-Type").
#pragma once

#include <vector>

#include "api/route.h"
#include "core/time.h"
#include "store/store.h"

namespace istmo::canal {

// What the canal routes use. The referenced objects outlive the route table.
struct RouteDeps {
  store::Store& store;
  const core::Clock& clock;
};

void AddRoutes(std::vector<api::Route>& routes, const RouteDeps& deps);

// Risk selection (canal/risk.h): fields, lists, rules, lanes, scoring and scores; risk_routes.cc.
void AddRiskRoutes(std::vector<api::Route>& routes, const RouteDeps& deps);
// GET /transits (with each transit's vessel and risk), GET /transits/{id}, GET /vessels/{imo}
// (vessel_routes.cc; called by AddRoutes).
void AddVesselRoutes(std::vector<api::Route>& routes, const RouteDeps& deps);
// GET /rules/suggestions (weight_routes.cc); AddRoutes registers it before /rules/{id}.
void AddWeightRoutes(std::vector<api::Route>& routes, const RouteDeps& deps);

}  // namespace istmo::canal

// biometrics/routes.h — the biometrics module's HTTP routes (registered by api/registry.cc).
//
//   POST   /api/v1/biometrics/identify                          1:N search of one photo
//   GET    /api/v1/biometrics/watchlists                        the watchlists the caller may see
//   POST   /api/v1/biometrics/watchlists                        create one (supervisor, admin)
//   GET    /api/v1/biometrics/watchlists/{id}                   one, with its entries
//   POST   /api/v1/biometrics/watchlists/{id}/entries           list a person (by id or photo)
//   DELETE /api/v1/biometrics/watchlists/{id}/entries/{entry}   take an entry off
//
// Photos travel as base64 in JSON ("photo"), at most 6 MiB decoded, and go through the
// process's face service (Services::faces). Templates are never returned: answers carry
// template ids, person ids and distances.
#pragma once

#include <vector>

#include <nlohmann/json.hpp>

#include "api/route.h"
#include "api/services.h"
#include "biometrics/identify.h"

namespace istmo::biometrics {

// The largest photo accepted, decoded.
inline constexpr std::size_t kMaxPhotoBytes = 6 * 1024 * 1024;

// A 1:N candidate as the API answers it (also printed by `istmo biometrics identify --json`).
nlohmann::json CandidateJson(const Candidate& candidate);
// A watchlist hit as the API answers it (also used by the migration routes and the CLI).
nlohmann::json WatchlistHitJson(const WatchlistHit& hit);

void AddBiometricsRoutes(std::vector<api::Route>& routes, api::Services& services);

}  // namespace istmo::biometrics

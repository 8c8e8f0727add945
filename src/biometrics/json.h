// biometrics/json.h — the JSON shapes of biometrics records that the HTTP routes, the CLI and
// other modules' routes share (e.g. a watchlist hit in a migration registration's answer).
// No dependency on the HTTP layer.
#pragma once

#include <nlohmann/json.hpp>

#include "biometrics/identify.h"

namespace istmo::biometrics {

// A 1:N candidate as the API answers it (also printed by `istmo biometrics identify --json`).
nlohmann::json CandidateJson(const Candidate& candidate);
// A watchlist hit as the API answers it (also used by the migration routes and the CLI).
nlohmann::json WatchlistHitJson(const WatchlistHit& hit);

}  // namespace istmo::biometrics

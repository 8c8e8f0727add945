// migration/json.h — the JSON shapes of migration records shared by the HTTP routes and the
// CLI (`istmo migration encounter ... --json`). No dependency on the HTTP layer.
#pragma once

#include <nlohmann/json.hpp>

#include "migration/encounters.h"
#include "migration/intake.h"

namespace istmo::migration {

// An encounter as the API answers it.
nlohmann::json EncounterJson(const Encounter& e);
// A registration's answer: the encounter, earlier encounters (with how each matched), the
// watchlist hits the caller may see, and whether the face was enrolled.
nlohmann::json RegistrationJson(const Registration& registration);

}  // namespace istmo::migration

// migration/json.h — the JSON shapes of migration records shared by the HTTP routes and the
// CLI (`istmo migration encounter ... --json`). No dependency on the HTTP layer.
#pragma once

#include <nlohmann/json.hpp>

#include "migration/encounters.h"
#include "migration/intake.h"

namespace istmo::migration {

// "/api/v1/migration/encounters/{id}/photo": where an encounter's photo is read.
std::string EncounterPhotoUrl(const std::string& encounter_id);
// An encounter as the API answers it. photo_url is set when it was registered with a photo (a
// photo erased since by its organization's retention answers 404).
nlohmann::json EncounterJson(const Encounter& e);
// A registration's answer: the encounter, earlier encounters (with how each matched), the
// watchlist hits the caller may see, and whether the face was enrolled.
nlohmann::json RegistrationJson(const Registration& registration);

}  // namespace istmo::migration

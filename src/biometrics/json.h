// biometrics/json.h — the JSON shapes of biometrics records that the HTTP routes, the CLI and
// other modules' routes share (e.g. a watchlist hit in a migration registration's answer).
// No dependency on the HTTP layer.
#pragma once

#include <nlohmann/json.hpp>

#include <span>
#include <string>

#include "biometrics/identify.h"
#include "biometrics/people.h"

namespace istmo::biometrics {

// "/api/v1/biometrics/faces/{template_id}/photo": where a face's kept photo is read (append
// "?size=thumb" for the thumbnail).
std::string FacePhotoUrl(const std::string& template_id);

// {"name","nationality","birth_date","sex","encounter_id"}, unknown fields null; null without
// a person.
nlohmann::json PersonJson(const std::optional<PersonSummary>& person);

// A 1:N candidate as the API answers it (also printed by `istmo biometrics identify --json`):
// photo_url is null when no photo is kept; person as DescribePeople set it.
nlohmann::json CandidateJson(const Candidate& candidate);
// A watchlist hit as the API answers it (also used by the migration routes and the CLI).
nlohmann::json WatchlistHitJson(const WatchlistHit& hit);
// The identify answer's "people": one row per person, nearest first, with their candidates.
nlohmann::json PeopleJson(std::span<const PersonGroup> groups);

}  // namespace istmo::biometrics

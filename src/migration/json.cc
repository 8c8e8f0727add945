#include "migration/json.h"

#include "biometrics/json.h"
#include "core/time.h"

namespace istmo::migration {

std::string EncounterPhotoUrl(const std::string& encounter_id) {
  return "/api/v1/migration/encounters/" + encounter_id + "/photo";
}

nlohmann::json EncounterJson(const Encounter& e) {
  using nlohmann::json;
  return {{"id", e.id},
          {"created_at", core::FormatIso8601(e.created_at)},
          {"owner_org", e.owner_org},
          {"releasability", e.releasability},
          {"station_id", e.station_id},
          {"encountered_at", core::FormatIso8601(e.encountered_at)},
          {"person_id", e.person_id},
          {"name", e.name},
          {"birth_date", e.birth_date},
          {"sex", e.sex},
          {"nationality", e.nationality},
          {"document_type", e.document_type.empty() ? json(nullptr) : json(e.document_type)},
          {"document_number", e.document_number.empty() ? json(nullptr) : json(e.document_number)},
          {"age_years", e.age_years},
          {"age_group", e.minor ? "minor" : "adult"},
          {"repeat", e.repeat},
          {"has_photo", !e.template_id.empty()},
          {"photo_url", e.template_id.empty() ? json(nullptr) : json(EncounterPhotoUrl(e.id))},
          {"created_by", e.created_by}};
}

nlohmann::json RegistrationJson(const Registration& reg) {
  using nlohmann::json;
  json earlier = json::array();
  for (const auto& m : reg.earlier) {
    json e = EncounterJson(m.encounter);
    e["matched_by"] = m.matched_by;
    e["distance"] = m.distance ? json(*m.distance) : json(nullptr);
    e["person"] = biometrics::PersonJson(m.person);
    earlier.push_back(e);
  }
  json hits = json::array();
  for (const auto& h : reg.watchlist_hits) hits.push_back(biometrics::WatchlistHitJson(h));
  return {{"encounter", EncounterJson(reg.encounter)},
          {"earlier", earlier},
          {"watchlist_hits", hits},
          {"face_enrolled", reg.face_enrolled}};
}

}  // namespace istmo::migration

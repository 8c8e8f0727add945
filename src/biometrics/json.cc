#include "biometrics/json.h"

namespace istmo::biometrics {

using nlohmann::json;

namespace {

json TextOrNull(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }

json PhotoUrl(const std::string& template_id) {
  return template_id.empty() ? json(nullptr) : json(FacePhotoUrl(template_id));
}

}  // namespace

std::string FacePhotoUrl(const std::string& template_id) {
  return "/api/v1/biometrics/faces/" + template_id + "/photo";
}

json PersonJson(const std::optional<PersonSummary>& p) {
  if (!p) return nullptr;
  return {{"name", p->name},
          {"nationality", TextOrNull(p->nationality)},
          {"birth_date", TextOrNull(p->birth_date)},
          {"sex", TextOrNull(p->sex)},
          {"encounter_id", TextOrNull(p->encounter_id)}};
}

json CandidateJson(const Candidate& c) {
  return {{"template_id", c.template_id},
          {"person_id", c.person_id},
          {"owner_org", c.owner_org},
          {"enrolled_at", core::FormatIso8601(c.enrolled_at)},
          {"distance", c.distance},
          {"match", c.match},
          {"photo_url", PhotoUrl(c.has_photo ? c.template_id : "")},
          {"person", PersonJson(c.person)}};
}

json WatchlistHitJson(const WatchlistHit& h) {
  return {{"watchlist_id", h.watchlist_id},
          {"watchlist_name", h.watchlist_name},
          {"person_id", h.person_id},
          {"reason", h.reason},
          {"distance", h.distance},
          {"alert_id", h.alert_id},
          {"photo_url", PhotoUrl(h.photo_template_id)},
          {"person", PersonJson(h.person)}};
}

json PeopleJson(std::span<const PersonGroup> groups) {
  json out = json::array();
  for (const PersonGroup& g : groups) {
    json candidates = json::array();
    for (const Candidate& c : g.candidates) candidates.push_back(CandidateJson(c));
    out.push_back({{"person_id", g.person_id},
                   {"distance", g.distance},
                   {"person", PersonJson(g.person)},
                   {"photo_url", PhotoUrl(g.photo_template_id)},
                   {"candidates", candidates}});
  }
  return out;
}

}  // namespace istmo::biometrics

#include "biometrics/json.h"

namespace istmo::biometrics {

using nlohmann::json;

json CandidateJson(const Candidate& c) {
  return {{"template_id", c.template_id},
          {"person_id", c.person_id},
          {"owner_org", c.owner_org},
          {"enrolled_at", core::FormatIso8601(c.enrolled_at)},
          {"distance", c.distance},
          {"match", c.match}};
}

json WatchlistHitJson(const WatchlistHit& h) {
  return {{"watchlist_id", h.watchlist_id},
          {"watchlist_name", h.watchlist_name},
          {"person_id", h.person_id},
          {"reason", h.reason},
          {"distance", h.distance},
          {"alert_id", h.alert_id}};
}

}  // namespace istmo::biometrics

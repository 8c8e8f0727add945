#include "app/crew_directory.h"

#include <set>

#include "migration/countries.h"
#include "migration/encounters.h"

namespace istmo::app {
namespace {

class EncounterCrewDirectory final : public maritime::CrewDirectory {
 public:
  // One GetEncounter per distinct id: a crew is a handful of people, and migration's public
  // header reads encounters one by one with the reader's releasability applied in its SQL.
  core::Result<std::map<std::string, maritime::CrewMember>> Describe(
      store::Connection& c, const store::AccessScope& scope,
      std::span<const std::string> encounter_ids) const override {
    std::map<std::string, maritime::CrewMember> out;
    for (const std::string& id :
         std::set<std::string>(encounter_ids.begin(), encounter_ids.end())) {
      auto e = migration::GetEncounter(c, scope, id);
      if (!e) {
        if (e.error().code == core::ErrorCode::kNotFound) continue;  // hidden looks absent
        return e.error();
      }
      out.emplace(id, maritime::CrewMember{.encounter_id = e->id,
                                           .name = e->name,
                                           .nationality = e->nationality,
                                           .station = e->station_id,
                                           .registered_at = e->encountered_at});
    }
    return out;
  }

  core::Result<std::string> NormalizeNationality(std::string_view code,
                                                 const std::string& field) const override {
    return migration::NormalizeNationality(code, field);
  }
};

}  // namespace

const maritime::CrewDirectory& EncounterCrew() {
  static const EncounterCrewDirectory* directory = new EncounterCrewDirectory();
  return *directory;
}

}  // namespace istmo::app

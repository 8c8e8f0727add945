#include "migration/people.h"

#include <set>

namespace istmo::migration {

namespace {

class EncounterDirectory final : public biometrics::PersonDirectory {
 public:
  core::Result<std::map<std::string, biometrics::PersonSummary>> Describe(
      store::Connection& c, const store::AccessScope& scope,
      std::span<const std::string> person_ids) const override {
    std::map<std::string, biometrics::PersonSummary> out;
    const std::set<std::string> ids(person_ids.begin(), person_ids.end());
    if (ids.empty()) return out;
    std::string in = "e.person_id IN (";
    store::Params params;
    for (const std::string& id : ids) {
      in += params.empty() ? "?" : ",?";
      params.emplace_back(id);
    }
    in += ")";
    // Every visible encounter of these persons, each person's latest first (the same order as
    // the encounter list: time, then id): the first row of a person wins.
    ISTMO_ASSIGN_OR_RETURN(
        auto rows, store::SelectVisible(
                       c, scope,
                       {.columns = "e.person_id, e.id, e.name, e.nationality, e.birth_date, e.sex",
                        .table = "migration_encounters",
                        .alias = "e",
                        .where = {in},
                        .params = std::move(params),
                        .order_by = "e.person_id, e.encountered_at DESC, e.id DESC"}));
    for (const store::Row& r : rows) {
      out.try_emplace(r.Text(0), biometrics::PersonSummary{.name = r.Text(2),
                                                           .nationality = r.Text(3),
                                                           .birth_date = r.Text(4),
                                                           .sex = r.Text(5),
                                                           .encounter_id = r.Text(1)});
    }
    return out;
  }
};

}  // namespace

const biometrics::PersonDirectory& EncounterPeople() {
  static const EncounterDirectory* directory = new EncounterDirectory();
  return *directory;
}

}  // namespace istmo::migration

// biometrics/people.h — who the people behind face candidates are, for a given reader.
//
// A template knows only a person id. What a reader is shown of that person (name, nationality,
// birth date, sex) lives in other modules' records (migration's encounters), which biometrics
// must not include: DESIGN.md lets migration read biometrics, not the reverse. So biometrics
// declares the question, PersonDirectory, and the composition root (src/app) hands the routes
// the module that answers it (migration::EncounterPeople()). Without a directory, people are
// named from the watchlist entries the reader may see, or left unnamed.
//
//   ISTMO_RETURN_IF_ERROR(biometrics::DescribePeople(c, scope, directory, found.candidates,
//                                                    found.hits));
//   for (const auto& group : biometrics::GroupByPerson(found.candidates)) ...
//
// Thread-safety: free functions over a Connection; a PersonDirectory is called from many
// request threads at once and must be stateless or synchronized.
#pragma once

#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "biometrics/identify.h"
#include "core/result.h"
#include "store/scope.h"
#include "store/store.h"

namespace istmo::biometrics {

class PersonDirectory {
 public:
  virtual ~PersonDirectory() = default;
  // For each of `person_ids`, the latest record of that person that `scope` may see; persons
  // with none are left out of the map. One query for the whole batch (ids may repeat).
  virtual core::Result<std::map<std::string, PersonSummary>> Describe(
      store::Connection& c, const store::AccessScope& scope,
      std::span<const std::string> person_ids) const = 0;
};

// Sets `person` of each candidate and hit: the directory's answer (when `directory` is not
// null), else the subject's name on the latest watchlist entry of that person the reader may
// see, else none. Also sets each hit's subject_name (its watchlist's entry) and
// photo_template_id (the entry's face when its photo is kept, else the latest face of the
// person with a kept photo that the reader may see, else ""). A few queries per call,
// whatever the number of candidates.
core::Status DescribePeople(store::Connection& c, const store::AccessScope& scope,
                            const PersonDirectory* directory, std::span<Candidate> candidates,
                            std::span<WatchlistHit> hits);

// One person among the candidates: the nearest of their faces first.
struct PersonGroup {
  std::string person_id;
  float distance = 0;  // the nearest face's
  std::optional<PersonSummary> person;
  std::string photo_template_id;      // the nearest face with a kept photo, "" when none
  std::vector<Candidate> candidates;  // nearest first
};

// Candidates (nearest first) grouped by person, the person with the nearest face first.
std::vector<PersonGroup> GroupByPerson(std::span<const Candidate> candidates);

}  // namespace istmo::biometrics

// migration/people.h — migration's answer to biometrics' question "who is this person?"
// (biometrics/people.h): the latest encounter of each person that the reader may see.
//
// The composition root (src/app) hands EncounterPeople() to the biometrics routes, so that
// identification candidates and watchlist hits carry a name, nationality, birth date and sex
// without biometrics knowing this module.
//
// Thread-safety: the directory is stateless; call it from any thread.
#pragma once

#include "biometrics/people.h"

namespace istmo::migration {

// The process's one directory of encounters (static, never destroyed).
const biometrics::PersonDirectory& EncounterPeople();

}  // namespace istmo::migration

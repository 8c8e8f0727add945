// app/crew_directory.h — migration's answer to maritime's question "who are this case's crew?"
// (maritime/cases.h): the encounters a reader may see, and the nationality codes of migration's
// country list. It lives in the composition root because maritime must not include migration
// (DESIGN.md), and migration need not know maritime.
//
// Thread-safety: stateless; call it from any thread.
#pragma once

#include "maritime/cases.h"

namespace istmo::app {

// The process's one crew directory (static, never destroyed).
const maritime::CrewDirectory& EncounterCrew();

}  // namespace istmo::app

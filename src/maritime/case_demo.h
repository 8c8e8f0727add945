// maritime/case_demo.h — a handful of demonstration interdiction cases for `istmo demo`, so that
// the case list, the statistics and the interdiction map are not empty on a fresh install.
//
// Every case is invented: titles start with "[DEMO]", summaries say "Demo data", and the
// places, weights and nationalities are plausible for Panama's waters but describe no real
// operation (docs/maritime.md, "Demo cases"). Times are relative to `now` (the last six months).
//
// Thread-safety: one call writes in one transaction.
#pragma once

#include <span>
#include <string>

#include "core/result.h"
#include "core/time.h"
#include "maritime/cases.h"
#include "store/scope.h"
#include "store/store.h"

namespace istmo::maritime {

struct DemoCaseOptions {
  CaseOrg senan;      // owner of most cases
  CaseOrg senafront;  // one Caribbean landing is handed to it
  // Encounters to link as the crew of the first case (migration's demo); may be empty.
  std::vector<std::string> crew_encounter_ids;
};

// Writes the demo cases as the local operator (`scope` is the system scope), released to PAN
// and USA, following the status diagram and recording every step like any case. Does nothing
// and returns 0 when any case exists already; else the number of cases written.
core::Result<int> LoadDemoCases(store::Store& store, const store::AccessScope& scope,
                                const DemoCaseOptions& options, const CrewDirectory& crew,
                                core::Timestamp now);

}  // namespace istmo::maritime

// canal/internal/inspection_json.h — the JSON of drugs found, one form for the stored column,
// the audit entries (inspections.cc) and the answers (inspection_routes.cc).
#pragma once

#include <vector>

#include <nlohmann/json.hpp>

#include "canal/inspections.h"

namespace istmo::canal::internal {

// [{"type", "kg"}], as stored in canal_inspections.drugs.
nlohmann::json DrugsJson(const std::vector<DrugFound>& drugs);

}  // namespace istmo::canal::internal

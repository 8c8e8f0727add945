// canal/internal/line_json.h — the JSON form of a manifest line in answers (docs/api.md), shared
// by the container routes and the inspection routes so that a line reads the same in both.
#pragma once

#include <nlohmann/json.hpp>

#include "canal/records.h"

namespace istmo::canal::internal {

nlohmann::json LineJson(const ContainerLine& line);

}  // namespace istmo::canal::internal

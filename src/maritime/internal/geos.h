// maritime/internal/geos.h — the one place that calls GEOS (libgeos_c, the C API, reentrant
// functions with a context per call), so that no GEOS type reaches a public header.
#pragma once

#include <cstdint>
#include <vector>

#include "core/result.h"
#include "maritime/zones.h"

namespace istmo::maritime::internal {

// OGC validity of the zone's polygons as one geometry: kInvalidArgument with GEOS's reason and
// location when invalid (self-intersection, hole outside its shell, overlapping polygons...).
core::Status GeosValidate(const Zone& zone);

// How the zone covers each cell of a grid window: cols × rows cells of `cell_deg`, the first
// at (west, south), row-major from the south-west. 0: disjoint, 1: on the boundary, 2: inside.
enum CellCover : std::uint8_t { kCellOut = 0, kCellBoundary = 1, kCellInside = 2 };
std::vector<std::uint8_t> GeosClassifyCells(const Zone& zone, double west, double south,
                                            double cell_deg, std::int32_t cols, std::int32_t rows);

}  // namespace istmo::maritime::internal

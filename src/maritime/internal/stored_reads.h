// maritime/internal/stored_reads.h — the reads of stored tracks and detection events on a
// connection the caller holds, so that one read transaction (vessel_history.cc) can take them
// beside other tables. ReadTrack and ReadDetections (ingest.h, detect.h) are these in their own
// read transaction.
#pragma once

#include <cstdint>
#include <vector>

#include "core/result.h"
#include "maritime/detect.h"
#include "maritime/ingest.h"
#include "store/store.h"

namespace istmo::maritime::internal {

// As ReadTrack.
core::Result<std::vector<TrackPoint>> QueryTrack(store::Connection& c, std::uint32_t mmsi,
                                                 std::int64_t from_us, std::int64_t to_us,
                                                 std::size_t limit);
// As ReadDetections.
core::Result<std::vector<StoredDetection>> QueryDetections(store::Connection& c,
                                                           const DetectionQuery& query);

}  // namespace istmo::maritime::internal

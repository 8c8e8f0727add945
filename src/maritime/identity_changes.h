// maritime/identity_changes.h — the identity-change detector (DetectionKind::kIdentityChange):
// a vessel's name, call sign or flag changed within days of its previous change or of its first
// sighting. Renaming and re-flagging are how a hull sheds a record; one change in years is
// ordinary (a sale), two in a week is not.
//
// The Ingestor judges the changes where it records them in the identity history (ingest.h), from
// the picture's identity (VesselIdentity::identity_change_us, restored by LoadPicture from that
// history); replays without a picture (EvaluateScenarios) use IdentityTracker. Both call
// JudgeIdentityChange, and time is the reports' own: a log gives the same events live and
// replayed. "Flag" is the flag state the MID implies; an MMSI's MID never changes, so a flag
// changes only when the IMO number is heard under another MMSI of another administration (the
// "flag" entry of the identity history), and that change is judged against the previous MMSI's
// last change or first sighting.
//
// The event: start = end = the report that changed; measured = days since the previous change
// (or first sighting); thresholds {"window_days"}; evidence the vessel's last position when
// known; note {"changes":[{"field","old","new"}], "since":"change"|"first_seen", "since_t"}.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "ais/message.h"
#include "maritime/detect.h"
#include "maritime/ingest.h"

namespace istmo::maritime {

// Whether a change of the identity history counts: a name, call sign or flag that had a value
// before (a first report is no change), and differs other than in case, spacing or punctuation
// (NormalizeVesselText), or, for a flag, names another state.
bool IsJudgedIdentityChange(const IdentityChange& change);

// The event for one static report's `changes` at `t_us`, when one of them counts and
// t_us - since_us <= window. `since_us`: the previous change (`since_change`) or the first
// sighting; 0 (unknown) or a zero window gives nothing. `where` is the evidence position.
std::optional<DetectionEvent> JudgeIdentityChange(std::uint32_t mmsi, std::int64_t t_us,
                                                  std::int64_t since_us, bool since_change,
                                                  std::span<const IdentityChange> changes,
                                                  std::chrono::hours window,
                                                  const std::optional<EvidencePoint>& where);

// Names, call signs, first sightings and last changes of the stations of a replay, from the
// decoded messages (types 5, 19, 24 for identity; every message for the first sighting and the
// last position). One thread.
class IdentityTracker {
 public:
  explicit IdentityTracker(std::chrono::hours window = IngestOptions{}.identity_change_window) : window_(window) {}
  void Add(const ais::Message& message, std::int64_t t_us, std::vector<DetectionEvent>& out);

 private:
  struct Known {
    std::string name, callsign;
    std::int64_t first_seen_us = 0, last_change_us = 0;
    std::optional<EvidencePoint> last_position;
  };
  std::chrono::hours window_;
  std::unordered_map<std::uint32_t, Known> known_;
};

}  // namespace istmo::maritime

// canal/vessels.h — a transit's vessel in the maritime registry and its behaviour at sea, and the
// risk of the containers it carries. The only canal file that reads maritime, through
// maritime/vessel_history.h (docs/canal.md, "Vessels").
//
// The link: a transit (or a manifest line's vessel_imo) names an IMO number; the registry's
// vessel that last reported that IMO is the vessel (linked_by "imo"). A vessel that never sent
// its IMO (many do not fill it in type 5) is found by the transit's MMSI instead (linked_by
// "mmsi"). Neither: the vessel is not known, and its behaviour is empty.
//
// The window: the 30 days before a moment — for VesselFactsFor the scoring time, for a transit
// the end of its day or now, whichever is earlier (an upcoming transit's vessel is judged on the
// 30 days up to now).
//
// Source port calls: the AIS port calls in a source country (maritime::IsSourceCountry, or an
// outlet of one) in the window, plus the last port of the vessel's visible transits when that is
// in a source country and AIS saw no call there in the window (a schedule says where the vessel
// came from even when no receiver heard it there).
//
// Thread-safety: functions on a store::Connection, as store.h says.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "canal/records.h"
#include "core/result.h"
#include "core/time.h"
#include "maritime/vessel_history.h"
#include "store/scope.h"
#include "store/store.h"

namespace istmo::canal {

// How far back a vessel's behaviour is read.
inline constexpr std::chrono::days kVesselWindow{30};

// What the rules see of a container's carrying vessel (canal/rules.h ContainerFacts::vessel_*).
// When `known` is false the vessel is not in the registry by IMO nor by a transit's MMSI: the
// numbers are 0 and mean "missing", not "clean".
struct VesselFacts {
  bool known = false;
  std::string mmsi, name, flag, linked_by;  // linked_by "imo" | "mmsi" | "" (not known)
  double gaps = 0;                          // AIS gaps in the window
  double dark_hours = 0;                    // their hours inside the window
  double encounters = 0;                    // encounters and rendezvous
  double loitering = 0;                     // loitering events
  double alerts = 0;                        // alerts on the vessel visible to the caller
  double source_port_calls = 0;             // see the header comment
};

// The facts of the vessel with this IMO number over the 30 days before `at`. The MMSI fallback
// and the scheduled last ports come from the caller's visible transits of that IMO dated from
// 30 days before `at` to 21 days after it (a container's transit may still be ahead).
// kInvalidArgument (field "imo") for a malformed IMO. Cost: one track read of the vessel;
// a scoring run should ask once per distinct IMO.
core::Result<VesselFacts> VesselFactsFor(store::Connection& c, const store::AccessScope& scope,
                                         std::string_view imo, core::Timestamp at);

// A port call of the behaviour block: from AIS, or a transit's scheduled last port.
struct VesselPortCall {
  maritime::PortCall call;
  bool from_schedule = false;  // no times then
};

// A vessel, how it was linked and its behaviour in [from, to].
struct LinkedVessel {
  std::string mmsi, name, flag;
  std::string linked_by;  // "imo" | "mmsi" | "" (named by the transit, unknown to the registry)
  core::Timestamp from, to;
  maritime::VesselBehaviour behaviour;
  std::vector<VesselPortCall> port_calls;  // the AIS calls and the scheduled last ports
  std::int64_t SourcePortCalls() const;
};

// The vessel of a transit and its behaviour in the 30 days up to the end of the transit's day
// or `now`, whichever is earlier. std::nullopt when the IMO is unknown to the registry and the
// transit names no MMSI.
core::Result<std::optional<LinkedVessel>> TransitVessel(store::Connection& c,
                                                        const store::AccessScope& scope,
                                                        const Transit& transit,
                                                        core::Timestamp now);

// The vessel of an IMO over the 30 days before `now`, linked as VesselFactsFor links it; the
// scheduled last ports of the caller's visible transits of that IMO in the window count.
// kNotFound when neither the registry nor a visible transit knows the IMO.
struct VesselView {
  std::string imo;
  std::optional<LinkedVessel> vessel;  // nullopt: only transits name it, with no MMSI
  std::vector<Transit> transits;       // the visible transits of the IMO, latest first (≤ 100)
};
core::Result<VesselView> VesselByImo(store::Connection& c, const store::AccessScope& scope,
                                     std::string_view imo, core::Timestamp now);

// The containers of a transit: the visible manifest lines naming its vessel whose import is at
// most 21 days before the transit date and not after it, with their current score.
struct TransitContainer {
  std::string line_id, container_number;
  std::optional<double> score;  // none when not scored
  std::string lane;             // "red" | "yellow" | "green", "" when not scored
};
struct TransitRisk {
  std::int64_t containers = 0, scored = 0, red = 0, yellow = 0;
  std::optional<double> max_score;
};
// Ordered by score (unscored last), then line id. At most `limit`.
core::Result<std::vector<TransitContainer>> TransitContainers(store::Connection& c,
                                                              const store::AccessScope& scope,
                                                              const Transit& transit,
                                                              std::size_t limit);
core::Result<TransitRisk> RiskOfTransit(store::Connection& c, const store::AccessScope& scope,
                                        const Transit& transit);

// A transit the caller may see; kNotFound when hidden or absent.
core::Result<Transit> GetTransit(store::Connection& c, const store::AccessScope& scope,
                                 const std::string& id);

}  // namespace istmo::canal

// maritime/vessel_history.h — what another module may know of one vessel: who it is in the
// registry and how it behaved at sea between two times. The narrow header through which canal
// reads maritime (DESIGN.md); nothing else of maritime's internals crosses it.
//
//   * FindVesselByImo / FindVesselByMmsi: the registry's vessel (MMSI, IMO, name, flag by MID).
//   * ReadVesselBehaviour: its AIS gaps (hours, likely intentional), encounters and rendezvous
//     (with the partner), loitering, port calls (stops near a known seaport, with its UN/LOCODE
//     and country, and whether that is a source country of cocaine) and the platform alerts on
//     it that the caller may see (store/alerts.h, subject "mmsi:<mmsi>").
//   * KnownSeaports / IsSourceCountry: the shipped tables (data/ports, SOURCES.md there).
//
// AIS records (registry, tracks, detections) have no owner: every caller sees them
// (docs/maritime.md). Alerts are owned records, filtered by the caller's scope.
//
// Thread-safety: functions on a store::Connection, as store.h says; the tables are immutable.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/time.h"
#include "store/scope.h"
#include "store/store.h"

namespace istmo::maritime {

struct RegistryVessel {
  std::uint32_t mmsi = 0;
  std::string imo;   // 7 digits, "" when the vessel never sent one
  std::string name;  // as last reported, "" when never
  std::string flag;  // ISO 3166-1 alpha-2 of the MMSI's MID, "" when none (maritime/mid.h)
};

// The vessel that last reported the IMO number (7 digits): a ship keeps its IMO number for life
// but takes a new MMSI when re-flagged, so the MMSI whose static report with that IMO is the
// latest wins. std::nullopt when no station ever sent it. kInvalidArgument for a malformed IMO.
core::Result<std::optional<RegistryVessel>> FindVesselByImo(store::Connection& c,
                                                            std::string_view imo);
// The registry's row of the MMSI, std::nullopt when it was never heard.
core::Result<std::optional<RegistryVessel>> FindVesselByMmsi(store::Connection& c,
                                                             std::uint32_t mmsi);

// Nine digits, leading zeros kept ("003669987"), as MMSIs are written everywhere.
std::string FormatMmsi(std::uint32_t mmsi);

// A seaport of data/ports/ports.csv.
struct Seaport {
  std::string locode;       // "COBUN"
  std::string name;         // "Buenaventura"
  std::string country;      // ISO 3166-1 alpha-2 of the UN/LOCODE
  double lat = 0, lon = 0;  // degrees, WGS 84
  std::string outlet_of;    // a landlocked country whose sea trade leaves here, or ""
  bool source = false;      // in a source country, or an outlet of one
};
std::span<const Seaport> KnownSeaports();
const Seaport* FindSeaport(std::string_view locode);
// Whether the ISO 3166-1 alpha-2 country is a source country of cocaine
// (data/ports/source_countries.csv: Bolivia, Colombia, Ecuador, Peru, Venezuela).
bool IsSourceCountry(std::string_view iso2);

struct BehaviourOptions {
  // A port call: the vessel no faster than this...
  double stop_max_speed_kn = 1.0;
  // ... within this distance of a known seaport's point (its position can be an anchorage or a
  // town's centre: data/ports/SOURCES.md) ...
  double port_radius_km = 15.0;
  // ... for at least this long.
  std::chrono::minutes min_stop{6 * 60};
  // Track points read at most (a month of one point a minute is ~43,000).
  std::size_t max_track_points = 200'000;
};

struct GapEvent {
  core::Timestamp start, end;
  double hours = 0;
  bool intentional = false;  // all of the published conditions of likely disabling met
  double lat = 0, lon = 0;   // where it went dark (the last position before the gap)
};
struct EncounterEvent {
  core::Timestamp start, end;
  std::uint32_t partner_mmsi = 0;
  std::string partner_name;  // the registry's, "" when unknown
  bool rendezvous = false;   // the short variant inside the EEZ (docs/maritime.md)
  double lat = 0, lon = 0;   // the first position of the meeting
};
struct LoiteringEvent {
  core::Timestamp start, end;
  double hours = 0;
  double lat = 0, lon = 0;
};
struct PortCall {
  std::string locode, name, country;
  core::Timestamp arrived, departed;  // the first and last slow point near the port
  bool source_country = false;        // Seaport::source
};
struct VesselAlert {
  std::string id, kind, severity, title;
  core::Timestamp updated_at;
};

struct VesselBehaviour {
  std::vector<GapEvent> gaps;
  std::vector<EncounterEvent> encounters;  // encounters and rendezvous
  std::vector<LoiteringEvent> loitering;
  std::vector<PortCall> port_calls;
  std::vector<VesselAlert> alerts;
  // Hours of the gaps inside [from, to] (a gap crossing a bound counts its part inside).
  double dark_hours = 0;
  std::int64_t SourcePortCalls() const;
};

// The behaviour of the MMSI between `from` and `to`: every detection event (docs/maritime.md,
// "Behaviour detectors") that overlaps the interval, oldest first; port calls from its stored
// track in the interval; the alerts whose subject is the vessel, updated in the interval and
// visible to `scope`, latest first. Cost: one read of the track (up to max_track_points rows).
core::Result<VesselBehaviour> ReadVesselBehaviour(store::Connection& c,
                                                  const store::AccessScope& scope,
                                                  std::uint32_t mmsi, core::Timestamp from,
                                                  core::Timestamp to,
                                                  const BehaviourOptions& options = {});

}  // namespace istmo::maritime

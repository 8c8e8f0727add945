// maritime/picture.h — the maritime picture in memory: the latest state of every station heard
// and the vessel registry (identity from types 5, 19 and 24), with a grid index for
// bounding-box queries.
//
// The Ingestor (ingest.h) is the one writer; the routes and the CLI read. The picture is
// rebuilt from the store at start-up (LoadPicture in ingest.h): identities from the vessel
// rows, a moving station's state from its last track point (at most
// IngestOptions::track_interval old), a base station's or aid's from its row. Reports since
// then are in memory only; a restart gets them back from the feed or the replayed log.
//
// Positions stay in the standard's raw units (1/10 000 minute, SOG in 1/10 knot, COG in 1/10
// degree) so that a state is 56 bytes and comparisons are exact; accessors scale them.
//
// Thread-safety: every public method takes the picture's lock (shared for reads), so readers
// and the writer may run on different threads. Results are copies.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <vector>

#include "ais/message.h"
#include "maritime/internal/mmsi_map.h"

namespace istmo::maritime {

// What kind of AIS station a state belongs to, from its messages and its MMSI's form.
enum class StationKind : std::uint8_t {
  kUnknown,
  kClassA,           // types 1-3, 5
  kClassB,           // types 18, 19, 24
  kBaseStation,      // type 4, MMSI 00MIDxxxx
  kAidToNavigation,  // type 21, MMSI 99MIDxxxx
  kSarAircraft,      // type 9, MMSI 111MIDxxx
};
std::string_view StationKindName(StationKind kind);  // "class_a", "base_station", ...
std::optional<StationKind> ParseStationKind(std::string_view name);
// The kind of station a message of this type from this MMSI says (docs/maritime.md "Station
// kinds"): the MMSI's form first (base station, aid to navigation, SAR aircraft), else the type.
// kUnknown for types that say nothing (27 and the rest).
StationKind StationKindOf(std::uint8_t message_type, std::uint32_t mmsi);

// Why a position is doubtful. It is kept (state and track) with these bits, never dropped.
enum PositionFlag : std::uint8_t {
  kPositionOutOfRange = 1,  // latitude beyond ±90° or longitude beyond ±180°
  kPositionNullIsland = 2,  // exactly 0°, 0°: a receiver without a fix
  kPositionJump = 4,        // reached from the previous position faster than any ship sails
};

// The latest state of one station. 56 bytes (checked by a static_assert).
struct VesselState {
  std::int64_t t_us = 0;       // time of the last position (µs since the epoch); 0 = none yet
  std::int64_t kept_t_us = 0;  // time of the last kept state (a track point); 0 = none
  std::uint32_t mmsi = 0;
  std::int32_t lat = ais::kLatNotAvailable;  // 1/10 000 minute
  std::int32_t lon = ais::kLonNotAvailable;
  std::int32_t kept_lat = ais::kLatNotAvailable;  // at the last kept state: thinning and jumps
  std::int32_t kept_lon = ais::kLonNotAvailable;  // are judged against it, never against a
                                                  // report the store may not have
  std::int32_t cell = -1;                         // grid cell, -1 when not indexed
  std::uint16_t sog = ais::kSpeedNotAvailable;    // 1/10 knot
  std::uint16_t cog = ais::kCourseNotAvailable;   // 1/10 degree
  std::uint16_t heading = ais::kHeadingNotAvailable;
  std::uint16_t kept_sog = ais::kSpeedNotAvailable;  // at the last track point stored
  std::uint16_t kept_cog = ais::kCourseNotAvailable;
  StationKind kind = StationKind::kUnknown;
  std::uint8_t nav_status = 15;
  std::uint8_t flags = 0;       // PositionFlag bits of the current position
  std::uint8_t kept_flags = 0;  // ...and of the last kept state

  bool has_position() const { return t_us != 0; }
  double lat_deg() const { return lat / 600000.0; }
  double lon_deg() const { return lon / 600000.0; }
};

// What a station says about itself. Empty / zero fields were never reported.
struct VesselIdentity {
  std::string name;
  std::string callsign;
  std::uint32_t imo = 0;
  std::uint8_t ship_type = 0;
  std::uint16_t to_bow = 0, to_stern = 0;  // metres from the reference point
  std::uint8_t to_port = 0, to_starboard = 0;
  std::uint8_t draught_dm = 0;  // 1/10 metre
  std::string destination;
  std::string eta;               // "MM-DDTHH:MMZ" as transmitted (no year)
  std::int64_t static_t_us = 0;  // time of the last static report applied
  std::int64_t first_seen_us = 0;
  // The last change of name, call sign or flag (identity_changes.h); 0 = none. Restored by
  // LoadPicture from the identity history.
  std::int64_t identity_change_us = 0;
  std::string source;  // station (tag block s:) or feed that last reported it
};

// A vessel's identity, shared by the picture and every answer copied out of it: copying one is
// a reference count, not five strings (a box over the whole region copies 60,000; docs/perf.md).
// Reads through -> and *; writes through Mutable(), which first copies the identity when anyone
// else holds it (copy on write). The picture's writers call Mutable() under its lock, where only
// the picture can hand out new references, so a reader's copy never changes under it.
class IdentityRef {
 public:
  IdentityRef();
  const VesselIdentity& operator*() const { return *p_; }
  const VesselIdentity* operator->() const { return p_.get(); }
  VesselIdentity& Mutable();

 private:
  std::shared_ptr<VesselIdentity> p_;
};

struct Vessel {
  VesselState state;
  // Where Zones keeps this vessel's zones (Zones::Observe's hint); kept by Put.
  std::uint32_t zone_hint = 0xFFFFFFFF;
  IdentityRef identity;
};

// A bounding-box query with its filters. West > east crosses the antimeridian.
struct BoxQuery {
  double west = -180, south = -90, east = 180, north = 90;
  std::vector<StationKind> kinds;  // empty: every kind
  std::string flag;                // ISO alpha-2; empty: any flag
  std::optional<double> min_speed_kn, max_speed_kn;
  std::int64_t min_t_us = 0;   // last report at or after this (a "max age" resolved by the caller)
  std::size_t limit = 100000;  // at most this many, in MMSI order
};

class Picture {
 public:
  // The grid's cell size; 0.5° keeps a cell to a few hundred ships in the busiest straits.
  static constexpr double kCellDegrees = 0.5;

  Picture() = default;
  Picture(const Picture&) = delete;
  Picture& operator=(const Picture&) = delete;

  std::size_t size() const;
  std::optional<Vessel> Get(std::uint32_t mmsi) const;
  // Stations with a plausible position in the box that pass the filters, ordered by MMSI. The
  // grid visits only the cells the box covers, never every station.
  std::vector<Vessel> InBox(const BoxQuery& query) const;
  // The same, states only (no identity strings to copy): what a map layer needs.
  std::vector<VesselState> StatesInBox(const BoxQuery& query) const;
  // Stations whose name or call sign contains `text` (case-insensitive), whose MMSI starts with
  // it, or whose IMO equals it; name matches first, at most `limit`.
  std::vector<Vessel> Search(std::string_view text, std::size_t limit) const;
  // The MMSI last seen with this IMO number (0 when none), for re-flag detection.
  std::uint32_t MmsiOfImo(std::uint32_t imo) const;

  // Change tracking for the live stream. Every Put or Update stamps the station with the next
  // sequence number; ChangedSince returns the stations stamped after `since` that pass the
  // query (box and filters; limit ignored), by MMSI, and sets *now to the sequence it read up
  // to. A reader that keeps only that number coalesces any number of reports of a station into
  // its latest state. One scan of every station: cheap next to a push interval.
  std::uint64_t sequence() const;
  std::vector<Vessel> ChangedSince(std::uint64_t since, const BoxQuery& query,
                                   std::uint64_t* now) const;

  // Writer side (the Ingestor, LoadPicture). Replaces the station's state and identity.
  void Put(const Vessel& vessel);
  // Calls fn(Vessel&) with the station's entry, created empty when missing; moves it in the
  // grid if its position changed. Returns whether it was created. fn may take the entry's slot
  // too, fn(Vessel&, std::uint32_t slot): a station keeps its slot for the picture's lifetime
  // (stations are never removed), so a caller may key its own per-station data by it (the
  // detectors do: DetectorReport::picture_slot).
  template <class Fn>
  bool Update(std::uint32_t mmsi, Fn&& fn) {
    std::unique_lock lock(mutex_);
    const auto [slot, created] =
        slot_of_.TryEmplace(mmsi, static_cast<std::uint32_t>(vessels_.size()));
    if (created) {
      vessels_.emplace_back();
      vessels_.back().state.mmsi = mmsi;
    }
    Vessel& v = vessels_[slot];
    const std::uint32_t old_imo = v.identity->imo;
    if constexpr (std::is_invocable_v<Fn, Vessel&, std::uint32_t>) {
      fn(v, slot);
    } else {
      fn(v);
    }
    if (changed_.size() < vessels_.size()) changed_.resize(vessels_.size());
    changed_[slot] = ++sequence_;
    Reindex(slot);
    if (v.identity->imo != old_imo && v.identity->imo != 0) mmsi_of_imo_[v.identity->imo] = mmsi;
    return created;
  }

 private:
  void Reindex(std::uint32_t slot);                                // lock held
  std::vector<std::uint32_t> SlotsInBox(const BoxQuery& q) const;  // lock held
  static std::int32_t CellOf(const VesselState& s);

  mutable std::shared_mutex mutex_;
  internal::MmsiMap slot_of_;  // MMSI -> index in vessels_
  std::vector<Vessel> vessels_;
  std::unordered_map<std::int32_t, std::vector<std::uint32_t>> cells_;  // cell -> slots
  std::vector<std::uint32_t> pos_in_cell_;  // slot -> its index in its cell's vector
  std::unordered_map<std::uint32_t, std::uint32_t> mmsi_of_imo_;
  std::vector<std::uint64_t> changed_;  // slot -> sequence of its last change
  std::uint64_t sequence_ = 0;
};

}  // namespace istmo::maritime

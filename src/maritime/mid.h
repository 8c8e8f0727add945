// maritime/mid.h — flag state from an MMSI, through the ITU Maritime Identification Digits.
//
// An MMSI (ITU-R M.585) carries the MID of the administration that assigned it: the first three
// digits of a ship station (MIDxxxxxx), after one zero for a group (0MIDxxxxx), two for a coast or
// base station (00MIDxxxx), after 111 for a SAR aircraft (111MIDxxx), 99 for an aid to
// navigation (99MIDxxxx) and 98 for a craft associated with a parent ship (98MIDxxxx). MmsiKind()
// reads those forms; FlagOf() maps the MID to its administration with the table in data/mid.csv
// (source and licence in data/SOURCES.md), compiled into the library.
//
// Thread-safety: a MidTable is immutable after construction; share it freely.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace istmo::maritime {

// The form of an MMSI (ITU-R M.585-9 Annex 1), before any message says what the station is.
enum class MmsiForm : std::uint8_t {
  kShip,             // MIDxxxxxx
  kGroup,            // 0MIDxxxxx
  kCoastStation,     // 00MIDxxxx (AIS base stations)
  kSarAircraft,      // 111MIDxxx
  kAidToNavigation,  // 99MIDxxxx
  kAssociatedCraft,  // 98MIDxxxx
  kOther,            // 970xxxxxx (AIS-SART), 972 (MOB), 974 (EPIRB), 8xxxxxxxx, out of range
};
MmsiForm MmsiFormOf(std::uint32_t mmsi);
// The three MID digits of an MMSI of a form that has one, else std::nullopt.
std::optional<int> MidOf(std::uint32_t mmsi);

struct FlagState {
  std::string iso2;  // ISO 3166-1 alpha-2 of the administration ("PA")
  std::string name;  // English name as the table spells it ("Panama")
};

class MidTable {
 public:
  // The table shipped in data/mid.csv.
  static const MidTable& Default();
  // Parses "mid,iso2,name" lines after a header. kInvalidArgument names the line of a MID that
  // is not 201–775, repeated, or an ISO code that is not two capital letters.
  static core::Result<MidTable> Parse(std::string_view csv);

  // The administration of a MID (201–775), or nullptr when it is not allocated.
  const FlagState* ForMid(int mid) const;
  // The flag of an MMSI, or nullptr when its form has no MID or the MID is not allocated.
  const FlagState* FlagOf(std::uint32_t mmsi) const;
  std::size_t size() const { return flags_.size(); }

 private:
  std::vector<FlagState> flags_;
  std::array<std::int16_t, 1000> index_{};  // MID -> flags_ index + 1; 0 = not allocated
};

}  // namespace istmo::maritime

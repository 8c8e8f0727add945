// ais/message.h — decoded AIS messages, types 1–27 of ITU-R M.1371-5, as plain values.
//
// A Message is a fixed-size value: strings live in fixed arrays and binary payloads in a
// bounded bit buffer, so decoding never allocates. Every field keeps the raw integer of the
// standard (e.g. longitude in 1/10 000 minute, SOG in 1/10 knot) and with it the value that
// ITU-R M.1371-5 reserves for "not available" (the k*NotAvailable constants below); scaling to
// degrees and knots is done by the accessors in this header and by the JSON/CSV writers.
//
// Field names follow gpsd's AIVDM documentation (and thus its JSON), so that a reader of
// `gpsdecode -j` output finds the same names here.
//
// Thread-safety: values, no shared state.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>
#include <variant>

#include "core/time.h"

namespace istmo::ais {

// "Not available" values of ITU-R M.1371-5 (Annex 8 / Tables 45–) for the common fields.
inline constexpr std::int32_t kLonNotAvailable = 181 * 600000;       // 1/10 000 min
inline constexpr std::int32_t kLatNotAvailable = 91 * 600000;        // 1/10 000 min
inline constexpr std::int32_t kLonNotAvailableTenthMin = 181 * 600;  // types 17, 22, 23, 27
inline constexpr std::int32_t kLatNotAvailableTenthMin = 91 * 600;
inline constexpr std::uint16_t kSpeedNotAvailable = 1023;  // 1/10 kn; 1022 = 102.2 kn or more
inline constexpr std::uint16_t kSpeedFastMover = 1022;
inline constexpr std::uint16_t kCourseNotAvailable = 3600;  // 1/10 degree
inline constexpr std::uint16_t kHeadingNotAvailable = 511;  // degree
inline constexpr std::uint8_t kSecondNotAvailable = 60;
inline constexpr std::int8_t kTurnNotAvailable = -128;
inline constexpr std::int8_t kTurnFastLeft = -127;  // turning left at more than 5°/30 s
inline constexpr std::int8_t kTurnFastRight = 127;
inline constexpr std::uint16_t kAltitudeNotAvailable = 4095;  // type 9, metres

// A short text of the 6-bit ASCII alphabet, trimmed as gpsd trims it: it ends at the first
// '@' (the padding character) and trailing spaces are removed.
template <std::size_t N>
struct FixedText {
  std::array<char, N> chars{};
  std::uint8_t size = 0;

  std::string_view view() const { return {chars.data(), size}; }
  bool empty() const { return size == 0; }
  bool operator==(const FixedText& other) const { return view() == other.view(); }
};

// Bits of a binary payload (types 6, 8, 17, 25, 26), packed big-endian. Five slots hold 1008
// bits; the bound is the decoder's longest reassembled payload (384 characters).
struct BinaryData {
  static constexpr std::size_t kMaxBits = 2304;
  std::array<std::uint8_t, kMaxBits / 8> bytes{};
  std::uint16_t bit_count = 0;
  bool operator==(const BinaryData&) const = default;
};

// Applications carried by types 6 and 8 (International Application Identifiers, IMO
// SN.1/Circ.289, and regional ones) that are decoded field by field. Others stay as BinaryData.

// DAC 235/250 FID 10: AtoN monitoring data (GLA, UK and Ireland).
struct AtonMonitoring {
  std::uint16_t ana_int = 0;   // supply voltage, 0.05 V
  std::uint16_t ana_ext1 = 0;  // 0.05 V
  std::uint16_t ana_ext2 = 0;  // 0.05 V
  std::uint8_t racon = 0;      // 0 none, 1 not monitored, 2 operational, 3 error
  std::uint8_t light = 0;      // 0 none, 1 on, 2 off, 3 error
  bool alarm = false;
  std::uint8_t stat_ext = 0;
  bool off_pos = false;
  bool operator==(const AtonMonitoring&) const = default;
};

// DAC 1 FID 11 (IMO SN/Circ.236, superseded) and DAC 1 FID 31 (IMO SN.1/Circ.289):
// meteorological and hydrographic data. Raw values; the JSON writer scales them like gpsd.
struct MetHydro {
  bool circ289 = false;   // FID 31 layout when true, FID 11 otherwise
  std::int32_t lon = 0;   // FID 11: 1/1000 min (25 bits); FID 31: 1/1000 min (25 bits)
  std::int32_t lat = 0;   // 1/1000 min (24 bits)
  bool accuracy = false;  // FID 31 only
  std::uint8_t day = 0, hour = 0, minute = 0;
  std::uint8_t wspeed = 0, wgust = 0;    // knots
  std::uint16_t wdir = 0, wgustdir = 0;  // degrees
  std::int16_t airtemp = 0;              // FID 11: 0.1 °C offset -60; FID 31: signed 0.1 °C
  std::uint8_t humidity = 0;             // percent
  std::int16_t dewpoint = 0;             // see airtemp
  std::uint16_t pressure = 0;            // FID 11: hPa offset 800; FID 31: hPa offset 799
  std::uint8_t pressuretend = 0;
  bool visgreater = false;      // FID 31 only
  std::uint8_t visibility = 0;  // 0.1 NM
  std::int16_t waterlevel = 0;  // FID 11: 0.1 m offset -10; FID 31: signed 0.01 m
  std::uint8_t leveltrend = 0;
  std::uint8_t cspeed = 0;  // 0.1 kn
  std::uint16_t cdir = 0;
  std::uint8_t cspeed2 = 0;
  std::uint16_t cdir2 = 0;
  std::uint8_t cdepth2 = 0;
  std::uint8_t cspeed3 = 0;
  std::uint16_t cdir3 = 0;
  std::uint8_t cdepth3 = 0;
  std::uint8_t waveheight = 0;  // 0.1 m
  std::uint8_t waveperiod = 0;
  std::uint16_t wavedir = 0;
  std::uint8_t swellheight = 0;
  std::uint8_t swellperiod = 0;
  std::uint16_t swelldir = 0;
  std::uint8_t seastate = 0;   // Beaufort
  std::int16_t watertemp = 0;  // FID 11: 0.1 °C offset -10; FID 31: signed 0.1 °C
  std::uint8_t preciptype = 0;
  std::uint16_t salinity = 0;  // 0.1 ‰
  std::uint8_t ice = 0;
  bool operator==(const MetHydro&) const = default;
};

// DAC 200 FID 10: Inland ship static and voyage related data (CCNR Inland AIS).
struct InlandStatic {
  FixedText<8> vin;            // ENI
  std::uint16_t length = 0;    // 0.1 m
  std::uint16_t beam = 0;      // 0.1 m
  std::uint16_t shiptype = 0;  // ERI ship type
  std::uint8_t hazard = 0;     // blue cones
  std::uint16_t draught = 0;   // 0.01 m
  std::uint8_t loaded = 0;
  bool speed_q = false, course_q = false, heading_q = false;
  bool operator==(const InlandStatic&) const = default;
};

// DAC 1 FID 12: dangerous cargo indication (IMO SN/Circ.236, addressed).
struct DangerousCargo {
  FixedText<5> lastport;                                        // UN/LOCODE
  std::uint8_t lmonth = 0, lday = 0, lhour = 24, lminute = 60;  // departure
  FixedText<5> nextport;
  std::uint8_t nmonth = 0, nday = 0, nhour = 24, nminute = 60;  // ETA
  FixedText<20> dangerous;                                      // main dangerous good
  FixedText<4> imdcat;                                          // IMD category
  std::uint16_t unid = 0;                                       // UN number
  std::uint16_t amount = 0;
  std::uint8_t unit = 0;
  bool operator==(const DangerousCargo&) const = default;
};

// DAC 1 FID 14 (IMO SN/Circ.236) and FID 32 (IMO SN.1/Circ.289): tidal window, up to three
// windows of a position, a time span and the current.
struct TidalWindow {
  struct Window {
    std::int32_t lon = 0;  // 1/1000 min
    std::int32_t lat = 0;
    std::uint8_t from_hour = 0, from_min = 0, to_hour = 0, to_min = 0;
    std::uint16_t cdir = 0;   // degrees
    std::uint8_t cspeed = 0;  // 0.1 kn
    bool operator==(const Window&) const = default;
  };
  bool circ289 = false;  // FID 32 layout when true
  std::uint8_t month = 0, day = 0;
  std::array<Window, 3> windows{};
  std::uint8_t count = 0;
  bool operator==(const TidalWindow&) const = default;
};

// DAC 1 FID 18: clearance time to enter port (IMO SN.1/Circ.289, addressed).
struct ClearanceTime {
  std::uint16_t linkage = 0;
  std::uint8_t month = 0, day = 0, hour = 24, minute = 60;
  FixedText<20> portname;
  FixedText<5> destination;  // UN/LOCODE
  std::int32_t lon = 0;      // 1/1000 min
  std::int32_t lat = 0;
  bool operator==(const ClearanceTime&) const = default;
};

// DAC 1 FID 30: text description (IMO SN.1/Circ.289, addressed).
struct TextDescription {
  std::uint16_t linkage = 0;
  FixedText<161> text;
  bool operator==(const TextDescription&) const = default;
};

using BinaryApplication = std::variant<std::monostate, AtonMonitoring, MetHydro, InlandStatic,
                                       DangerousCargo, TidalWindow, ClearanceTime, TextDescription>;

// Types 1, 2, 3: Class A position report (ITU-R M.1371-5 Table 46).
struct PositionReport {
  std::uint8_t status = 15;              // navigational status; 15 = not defined
  std::int8_t turn = kTurnNotAvailable;  // ROT_AIS, ±126 encodes 4.733·sqrt(°/min)
  std::uint16_t speed = kSpeedNotAvailable;
  bool accuracy = false;
  std::int32_t lon = kLonNotAvailable;
  std::int32_t lat = kLatNotAvailable;
  std::uint16_t course = kCourseNotAvailable;
  std::uint16_t heading = kHeadingNotAvailable;
  std::uint8_t second = kSecondNotAvailable;
  std::uint8_t maneuver = 0;
  bool raim = false;
  std::uint32_t radio = 0;  // communication state, 19 bits
  bool operator==(const PositionReport&) const = default;
};

// Types 4 (base station report) and 11 (UTC/date response), Table 48.
struct BaseStationReport {
  std::uint16_t year = 0;  // 0 = not available
  std::uint8_t month = 0, day = 0;
  std::uint8_t hour = 24, minute = 60, second = 60;
  bool accuracy = false;
  std::int32_t lon = kLonNotAvailable;
  std::int32_t lat = kLatNotAvailable;
  std::uint8_t epfd = 0;
  bool raim = false;
  std::uint32_t radio = 0;
  bool operator==(const BaseStationReport&) const = default;
};

// Type 5: static and voyage related data, Table 52.
struct StaticVoyage {
  std::uint8_t ais_version = 0;
  std::uint32_t imo = 0;
  FixedText<7> callsign;
  FixedText<20> shipname;
  std::uint8_t shiptype = 0;
  std::uint16_t to_bow = 0;
  std::uint16_t to_stern = 0;
  std::uint8_t to_port = 0;
  std::uint8_t to_starboard = 0;
  std::uint8_t epfd = 0;
  std::uint8_t month = 0, day = 0, hour = 24, minute = 60;  // ETA
  std::uint8_t draught = 0;                                 // 0.1 m
  FixedText<20> destination;
  bool dte = true;  // true = not available
  bool operator==(const StaticVoyage&) const = default;
};

// Type 6: addressed binary message, Table 56.
struct AddressedBinary {
  std::uint8_t seqno = 0;
  std::uint32_t dest_mmsi = 0;
  bool retransmit = false;
  std::uint16_t dac = 0;
  std::uint8_t fid = 0;
  BinaryData data;  // application data after DAC/FID
  BinaryApplication app;
  bool operator==(const AddressedBinary&) const = default;
};

// Types 7 and 13: binary and safety acknowledge, Table 57.
struct Acknowledge {
  std::array<std::uint32_t, 4> mmsi{};  // destination MMSIs, 0 when absent
  std::array<std::uint8_t, 4> seqno{};
  std::uint8_t count = 0;
  bool operator==(const Acknowledge&) const = default;
};

// Type 8: binary broadcast message, Table 62.
struct BroadcastBinary {
  std::uint16_t dac = 0;
  std::uint8_t fid = 0;
  BinaryData data;
  BinaryApplication app;
  bool operator==(const BroadcastBinary&) const = default;
};

// Type 9: standard SAR aircraft position report, Table 63.
struct SarAircraft {
  std::uint16_t alt = kAltitudeNotAvailable;  // metres; 4094 = 4094 m or higher
  std::uint16_t speed = kSpeedNotAvailable;   // knots (not tenths)
  bool accuracy = false;
  std::int32_t lon = kLonNotAvailable;
  std::int32_t lat = kLatNotAvailable;
  std::uint16_t course = kCourseNotAvailable;
  std::uint8_t second = kSecondNotAvailable;
  std::uint8_t regional = 0;
  bool dte = true;
  bool assigned = false;
  bool raim = false;
  std::uint32_t radio = 0;  // 20 bits incl. selector
  bool operator==(const SarAircraft&) const = default;
};

// Type 10: UTC and date inquiry, Table 64.
struct UtcInquiry {
  std::uint32_t dest_mmsi = 0;
  bool operator==(const UtcInquiry&) const = default;
};

// Types 12 (addressed) and 14 (broadcast): safety related text, Tables 65 and 67.
struct SafetyText {
  std::uint8_t seqno = 0;       // type 12 only
  std::uint32_t dest_mmsi = 0;  // type 12 only
  bool retransmit = false;      // type 12 only
  FixedText<161> text;          // up to 936 bits of 6-bit text
  bool operator==(const SafetyText&) const = default;
};

// Type 15: interrogation, Table 68.
struct Interrogation {
  std::uint32_t mmsi1 = 0;
  std::uint8_t type1_1 = 0;
  std::uint16_t offset1_1 = 0;
  std::uint8_t type1_2 = 0;
  std::uint16_t offset1_2 = 0;
  std::uint32_t mmsi2 = 0;
  std::uint8_t type2_1 = 0;
  std::uint16_t offset2_1 = 0;
  bool operator==(const Interrogation&) const = default;
};

// Type 16: assigned mode command, Table 69.
struct AssignedModeCommand {
  std::uint32_t mmsi1 = 0;
  std::uint16_t offset1 = 0;
  std::uint16_t increment1 = 0;
  std::uint32_t mmsi2 = 0;
  std::uint16_t offset2 = 0;
  std::uint16_t increment2 = 0;
  bool operator==(const AssignedModeCommand&) const = default;
};

// Type 17: GNSS broadcast binary message, Table 70. Position in 1/10 minute.
struct GnssBroadcast {
  std::int32_t lon = kLonNotAvailableTenthMin;
  std::int32_t lat = kLatNotAvailableTenthMin;
  BinaryData data;
  bool operator==(const GnssBroadcast&) const = default;
};

// Type 18: standard Class B position report, Table 71.
struct ClassBPosition {
  std::uint8_t reserved = 0;
  std::uint16_t speed = kSpeedNotAvailable;
  bool accuracy = false;
  std::int32_t lon = kLonNotAvailable;
  std::int32_t lat = kLatNotAvailable;
  std::uint16_t course = kCourseNotAvailable;
  std::uint16_t heading = kHeadingNotAvailable;
  std::uint8_t second = kSecondNotAvailable;
  std::uint8_t regional = 0;
  bool cs = false, display = false, dsc = false, band = false, msg22 = false;
  bool assigned = false;
  bool raim = false;
  std::uint32_t radio = 0;  // 20 bits incl. selector
  bool operator==(const ClassBPosition&) const = default;
};

// Type 19: extended Class B position report, Table 72.
struct ClassBExtended {
  std::uint8_t reserved = 0;
  std::uint16_t speed = kSpeedNotAvailable;
  bool accuracy = false;
  std::int32_t lon = kLonNotAvailable;
  std::int32_t lat = kLatNotAvailable;
  std::uint16_t course = kCourseNotAvailable;
  std::uint16_t heading = kHeadingNotAvailable;
  std::uint8_t second = kSecondNotAvailable;
  std::uint8_t regional = 0;
  FixedText<20> shipname;
  std::uint8_t shiptype = 0;
  std::uint16_t to_bow = 0, to_stern = 0;
  std::uint8_t to_port = 0, to_starboard = 0;
  std::uint8_t epfd = 0;
  bool raim = false;
  bool dte = true;
  bool assigned = false;
  bool operator==(const ClassBExtended&) const = default;
};

// Type 20: data link management, Table 73. Up to four reservations.
struct DataLinkManagement {
  struct Reservation {
    std::uint16_t offset = 0;
    std::uint8_t number = 0;
    std::uint8_t timeout = 0;
    std::uint16_t increment = 0;
    bool operator==(const Reservation&) const = default;
  };
  std::array<Reservation, 4> reservations{};
  bool operator==(const DataLinkManagement&) const = default;
};

// Type 21: aids-to-navigation report, Table 74. Name includes the name extension.
struct AidToNavigation {
  std::uint8_t aid_type = 0;
  FixedText<34> name;
  bool accuracy = false;
  std::int32_t lon = kLonNotAvailable;
  std::int32_t lat = kLatNotAvailable;
  std::uint16_t to_bow = 0, to_stern = 0;
  std::uint8_t to_port = 0, to_starboard = 0;
  std::uint8_t epfd = 0;
  std::uint8_t second = kSecondNotAvailable;
  bool off_position = false;
  std::uint8_t regional = 0;
  bool raim = false;
  bool virtual_aid = false;
  bool assigned = false;
  bool operator==(const AidToNavigation&) const = default;
};

// Type 22: channel management, Table 75. Corners in 1/10 minute when broadcast.
struct ChannelManagement {
  std::uint16_t channel_a = 0, channel_b = 0;
  std::uint8_t txrx = 0;
  bool power = false;
  bool addressed = false;
  std::int32_t ne_lon = 0, ne_lat = 0, sw_lon = 0, sw_lat = 0;  // broadcast
  std::uint32_t dest1 = 0, dest2 = 0;                           // addressed
  bool band_a = false, band_b = false;
  std::uint8_t zonesize = 0;
  bool operator==(const ChannelManagement&) const = default;
};

// Type 23: group assignment command, Table 76. Corners in 1/10 minute.
struct GroupAssignment {
  std::int32_t ne_lon = 0, ne_lat = 0, sw_lon = 0, sw_lat = 0;
  std::uint8_t stationtype = 0;
  std::uint8_t shiptype = 0;
  std::uint8_t txrx = 0;
  std::uint8_t interval = 0;
  std::uint8_t quiet = 0;
  bool operator==(const GroupAssignment&) const = default;
};

// Type 24: static data report, Table 78 (part A) and Table 79 (part B). The decoder merges a
// part B with the part A of the same MMSI seen before it, as gpsd does; has_part_a/has_part_b
// say which fields are filled.
struct StaticDataReport {
  bool has_part_a = false;
  bool has_part_b = false;
  FixedText<20> shipname;  // part A
  std::uint8_t shiptype = 0;
  // The 42-bit vendor field read as 7 characters, as gpsd prints it; ITU-R M.1371-5 splits it
  // into a 3-character manufacturer id, a 4-bit unit model and a 20-bit serial (below).
  FixedText<7> vendorid;
  std::uint8_t model = 0;
  std::uint32_t serial = 0;
  FixedText<7> callsign;
  std::uint16_t to_bow = 0, to_stern = 0;
  std::uint8_t to_port = 0, to_starboard = 0;
  std::uint32_t mothership_mmsi = 0;  // auxiliary craft (MMSI 98XXXYYYY) instead of dimensions
  bool operator==(const StaticDataReport&) const = default;
};

// Types 25 (single slot) and 26 (multiple slot) binary messages, Tables 81 and 82.
struct SlotBinary {
  bool addressed = false;
  bool structured = false;
  std::uint32_t dest_mmsi = 0;
  std::uint16_t app_id = 0;
  BinaryData data;
  std::uint32_t radio = 0;  // type 26 only: 20 bits incl. selector
  bool operator==(const SlotBinary&) const = default;
};

// Type 27: long-range position report, Table 84. Position in 1/10 minute, SOG in knots.
struct LongRangePosition {
  bool accuracy = false;
  bool raim = false;
  std::uint8_t status = 15;
  std::int32_t lon = kLonNotAvailableTenthMin;
  std::int32_t lat = kLatNotAvailableTenthMin;
  std::uint8_t speed = 63;     // knots, 63 = not available
  std::uint16_t course = 511;  // degrees, 511 = not available
  bool gnss = true;            // false = current GNSS position
  bool operator==(const LongRangePosition&) const = default;
};

using MessageBody =
    std::variant<std::monostate, PositionReport, BaseStationReport, StaticVoyage, AddressedBinary,
                 Acknowledge, BroadcastBinary, SarAircraft, UtcInquiry, SafetyText, Interrogation,
                 AssignedModeCommand, GnssBroadcast, ClassBPosition, ClassBExtended,
                 DataLinkManagement, AidToNavigation, ChannelManagement, GroupAssignment,
                 StaticDataReport, SlotBinary, LongRangePosition>;

// Where a message came from: the NMEA envelope and the optional metadata of real logs.
struct Envelope {
  std::array<char, 2> talker{};  // "AI", "AB", "BS", ...
  bool own_ship = false;         // VDO rather than VDM
  char channel = 0;              // 'A', 'B', '1', '2' or 0 when empty
  std::int64_t line = 0;         // 1-based line of the last sentence of the message
  // Receive time from an NMEA 4 tag block (c:), a timestamp prefix, or the USCG suffix;
  // empty when the log carries none.
  std::optional<core::Timestamp> time;
  FixedText<15> source;  // tag block s: (station), when present
  bool operator==(const Envelope&) const = default;
};

struct Message {
  std::uint8_t type = 0;  // 1..27
  std::uint8_t repeat = 0;
  std::uint32_t mmsi = 0;
  std::uint16_t bit_count = 0;  // payload length after fill bits
  Envelope envelope;
  MessageBody body;
  bool operator==(const Message&) const = default;
};

// Scaled values for the common fields, NaN-free: nullopt when "not available".
std::optional<double> LongitudeDegrees(std::int32_t lon_ten_thousandth_min);
std::optional<double> LatitudeDegrees(std::int32_t lat_ten_thousandth_min);
std::optional<double> SpeedKnots(std::uint16_t speed_tenth_knot);
std::optional<double> CourseDegrees(std::uint16_t course_tenth_degree);

// Text of the navigational status (Table 46), EPFD type (Table 50), ship type (Table 53),
// aid type (Table 74) and station type (Table 76), spelled as gpsd spells them.
std::string_view NavigationStatusText(std::uint8_t status);
std::string_view EpfdText(std::uint8_t epfd);
std::string_view ShipTypeText(std::uint8_t shiptype);
std::string_view AidTypeText(std::uint8_t aid_type);
std::string_view StationTypeText(std::uint8_t station_type);

}  // namespace istmo::ais

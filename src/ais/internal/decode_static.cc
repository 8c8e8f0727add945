// Static data: types 4 and 11 (base station / UTC), 5 (static and voyage) and 24 (Class B
// static data report, parts A and B).
#include "ais/internal/decode.h"

namespace istmo::ais::internal {

// Table 48 (types 4 and 11 share the layout).
void DecodeBaseStation(const BitReader& b, Message* m) {
  BaseStationReport& r = m->body.emplace<BaseStationReport>();
  r.year = static_cast<std::uint16_t>(b.U(38, 14));
  r.month = static_cast<std::uint8_t>(b.U(52, 4));
  r.day = static_cast<std::uint8_t>(b.U(56, 5));
  r.hour = static_cast<std::uint8_t>(b.U(61, 5));
  r.minute = static_cast<std::uint8_t>(b.U(66, 6));
  r.second = static_cast<std::uint8_t>(b.U(72, 6));
  r.accuracy = b.B(78);
  r.lon = b.S(79, 28);
  r.lat = b.S(107, 27);
  r.epfd = static_cast<std::uint8_t>(b.U(134, 4));
  // 138–147 spare
  r.raim = b.B(148);
  r.radio = b.U(149, 19);
}

// Table 52. Real transmitters send 420 or 422 bits (no spare, or no DTE and spare); the
// missing bits read as zero, so DTE then reads "available" as gpsd reports it.
void DecodeStaticVoyage(const BitReader& b, Message* m) {
  StaticVoyage& r = m->body.emplace<StaticVoyage>();
  r.ais_version = static_cast<std::uint8_t>(b.U(38, 2));
  r.imo = b.U(40, 30);
  b.Text(70, 7, &r.callsign);
  b.Text(112, 20, &r.shipname);
  r.shiptype = static_cast<std::uint8_t>(b.U(232, 8));
  r.to_bow = static_cast<std::uint16_t>(b.U(240, 9));
  r.to_stern = static_cast<std::uint16_t>(b.U(249, 9));
  r.to_port = static_cast<std::uint8_t>(b.U(258, 6));
  r.to_starboard = static_cast<std::uint8_t>(b.U(264, 6));
  r.epfd = static_cast<std::uint8_t>(b.U(270, 4));
  r.month = static_cast<std::uint8_t>(b.U(274, 4));
  r.day = static_cast<std::uint8_t>(b.U(278, 5));
  r.hour = static_cast<std::uint8_t>(b.U(283, 5));
  r.minute = static_cast<std::uint8_t>(b.U(288, 6));
  r.draught = static_cast<std::uint8_t>(b.U(294, 8));
  b.Text(302, 20, &r.destination);
  r.dte = b.B(422);
}

// Tables 78 (part A) and 79 (part B).
bool DecodeStaticDataReport(const BitReader& b, Message* m) {
  StaticDataReport& r = m->body.emplace<StaticDataReport>();
  const std::uint32_t part = b.U(38, 2);
  if (part == 0) {
    r.has_part_a = true;
    b.Text(40, 20, &r.shipname);
    return true;
  }
  if (part != 1) return false;
  r.has_part_b = true;
  r.shiptype = static_cast<std::uint8_t>(b.U(40, 8));
  b.Text(48, 7, &r.vendorid);
  r.model = static_cast<std::uint8_t>(b.U(66, 4));
  r.serial = b.U(70, 20);
  b.Text(90, 7, &r.callsign);
  // Auxiliary craft (MMSI 98XXXYYYY, ITU-R M.585) carry the mother ship's MMSI instead of
  // their dimensions.
  if (m->mmsi / 10000000 == 98) {
    r.mothership_mmsi = b.U(132, 30);
  } else {
    r.to_bow = static_cast<std::uint16_t>(b.U(132, 9));
    r.to_stern = static_cast<std::uint16_t>(b.U(141, 9));
    r.to_port = static_cast<std::uint8_t>(b.U(150, 6));
    r.to_starboard = static_cast<std::uint8_t>(b.U(156, 6));
  }
  return true;
}

}  // namespace istmo::ais::internal

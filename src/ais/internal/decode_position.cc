// Position reports: types 1, 2, 3 (Class A), 9 (SAR aircraft), 18 and 19 (Class B) and
// 27 (long range). Bit offsets are those of the ITU-R M.1371-5 tables named on each function;
// the first 38 bits (type, repeat, MMSI) are read by the caller.
#include "ais/internal/decode.h"

namespace istmo::ais::internal {

// Table 46.
void DecodePositionReport(const BitReader& b, Message* m) {
  PositionReport& r = m->body.emplace<PositionReport>();
  r.status = static_cast<std::uint8_t>(b.U(38, 4));
  r.turn = static_cast<std::int8_t>(b.S(42, 8));
  r.speed = static_cast<std::uint16_t>(b.U(50, 10));
  r.accuracy = b.B(60);
  r.lon = b.S(61, 28);
  r.lat = b.S(89, 27);
  r.course = static_cast<std::uint16_t>(b.U(116, 12));
  r.heading = static_cast<std::uint16_t>(b.U(128, 9));
  r.second = static_cast<std::uint8_t>(b.U(137, 6));
  r.maneuver = static_cast<std::uint8_t>(b.U(143, 2));
  // 145–147 spare
  r.raim = b.B(148);
  // A message cut short (163 bits is common) keeps the radio bits it has, right-aligned, as
  // gpsd reads them; zero-extending them instead would invent a different slot state.
  const std::size_t radio_bits = b.size() >= 168 ? 19 : b.size() - 149;
  r.radio = b.U(149, static_cast<unsigned>(radio_bits));
}

// Table 63.
void DecodeSarAircraft(const BitReader& b, Message* m) {
  SarAircraft& r = m->body.emplace<SarAircraft>();
  r.alt = static_cast<std::uint16_t>(b.U(38, 12));
  r.speed = static_cast<std::uint16_t>(b.U(50, 10));
  r.accuracy = b.B(60);
  r.lon = b.S(61, 28);
  r.lat = b.S(89, 27);
  r.course = static_cast<std::uint16_t>(b.U(116, 12));
  r.second = static_cast<std::uint8_t>(b.U(128, 6));
  r.regional = static_cast<std::uint8_t>(b.U(134, 8));
  r.dte = b.B(142);
  // 143–145 spare
  r.assigned = b.B(146);
  r.raim = b.B(147);
  r.radio = b.U(148, 20);
}

// Table 71.
void DecodeClassBPosition(const BitReader& b, Message* m) {
  ClassBPosition& r = m->body.emplace<ClassBPosition>();
  r.reserved = static_cast<std::uint8_t>(b.U(38, 8));
  r.speed = static_cast<std::uint16_t>(b.U(46, 10));
  r.accuracy = b.B(56);
  r.lon = b.S(57, 28);
  r.lat = b.S(85, 27);
  r.course = static_cast<std::uint16_t>(b.U(112, 12));
  r.heading = static_cast<std::uint16_t>(b.U(124, 9));
  r.second = static_cast<std::uint8_t>(b.U(133, 6));
  r.regional = static_cast<std::uint8_t>(b.U(139, 2));
  r.cs = b.B(141);
  r.display = b.B(142);
  r.dsc = b.B(143);
  r.band = b.B(144);
  r.msg22 = b.B(145);
  r.assigned = b.B(146);
  r.raim = b.B(147);
  r.radio = b.U(148, 20);
}

// Table 72.
void DecodeClassBExtended(const BitReader& b, Message* m) {
  ClassBExtended& r = m->body.emplace<ClassBExtended>();
  r.reserved = static_cast<std::uint8_t>(b.U(38, 8));
  r.speed = static_cast<std::uint16_t>(b.U(46, 10));
  r.accuracy = b.B(56);
  r.lon = b.S(57, 28);
  r.lat = b.S(85, 27);
  r.course = static_cast<std::uint16_t>(b.U(112, 12));
  r.heading = static_cast<std::uint16_t>(b.U(124, 9));
  r.second = static_cast<std::uint8_t>(b.U(133, 6));
  r.regional = static_cast<std::uint8_t>(b.U(139, 4));
  b.Text(143, 20, &r.shipname);
  r.shiptype = static_cast<std::uint8_t>(b.U(263, 8));
  r.to_bow = static_cast<std::uint16_t>(b.U(271, 9));
  r.to_stern = static_cast<std::uint16_t>(b.U(280, 9));
  r.to_port = static_cast<std::uint8_t>(b.U(289, 6));
  r.to_starboard = static_cast<std::uint8_t>(b.U(295, 6));
  r.epfd = static_cast<std::uint8_t>(b.U(301, 4));
  r.raim = b.B(305);
  r.dte = b.B(306);
  r.assigned = b.B(307);
  // 308–311 spare
}

// Table 84. Position in 1/10 minute, SOG in knots, COG in degrees.
void DecodeLongRange(const BitReader& b, Message* m) {
  LongRangePosition& r = m->body.emplace<LongRangePosition>();
  r.accuracy = b.B(38);
  r.raim = b.B(39);
  r.status = static_cast<std::uint8_t>(b.U(40, 4));
  r.lon = b.S(44, 18);
  r.lat = b.S(62, 17);
  r.speed = static_cast<std::uint8_t>(b.U(79, 6));
  r.course = static_cast<std::uint16_t>(b.U(85, 9));
  r.gnss = b.B(94);
  // 95 spare
}

}  // namespace istmo::ais::internal

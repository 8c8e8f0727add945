// Link management and control: types 10, 15, 16, 17, 20, 22, 23, and 21 (aids to navigation).
#include "ais/internal/decode.h"

namespace istmo::ais::internal {

// Table 64.
void DecodeUtcInquiry(const BitReader& b, Message* m) {
  m->body.emplace<UtcInquiry>().dest_mmsi = b.U(40, 30);
}

// Table 68: one station with one or two requests, or two stations.
void DecodeInterrogation(const BitReader& b, Message* m) {
  Interrogation& r = m->body.emplace<Interrogation>();
  r.mmsi1 = b.U(40, 30);
  r.type1_1 = static_cast<std::uint8_t>(b.U(70, 6));
  r.offset1_1 = static_cast<std::uint16_t>(b.U(76, 12));
  // 88–89 spare
  r.type1_2 = static_cast<std::uint8_t>(b.U(90, 6));
  r.offset1_2 = static_cast<std::uint16_t>(b.U(96, 12));
  // 108–109 spare
  r.mmsi2 = b.U(110, 30);
  r.type2_1 = static_cast<std::uint8_t>(b.U(140, 6));
  r.offset2_1 = static_cast<std::uint16_t>(b.U(146, 12));
}

// Table 69.
void DecodeAssignedMode(const BitReader& b, Message* m) {
  AssignedModeCommand& r = m->body.emplace<AssignedModeCommand>();
  r.mmsi1 = b.U(40, 30);
  r.offset1 = static_cast<std::uint16_t>(b.U(70, 12));
  r.increment1 = static_cast<std::uint16_t>(b.U(82, 10));
  if (b.size() >= 144) {
    r.mmsi2 = b.U(92, 30);
    r.offset2 = static_cast<std::uint16_t>(b.U(122, 12));
    r.increment2 = static_cast<std::uint16_t>(b.U(134, 10));
  }
}

// Table 70: position in 1/10 minute, then DGNSS correction data (ITU-R M.823).
void DecodeGnssBroadcast(const BitReader& b, Message* m) {
  GnssBroadcast& r = m->body.emplace<GnssBroadcast>();
  r.lon = b.S(40, 18);
  r.lat = b.S(58, 17);
  // 75–79 spare
  b.Bits(80, b.size() - 80, &r.data);
}

// Table 73: one to four slot reservations of 30 bits from bit 40. A reservation cut short by
// the message end is read with zeros for its missing bits, as gpsd reads it.
void DecodeDataLinkManagement(const BitReader& b, Message* m) {
  DataLinkManagement& r = m->body.emplace<DataLinkManagement>();
  for (std::size_t i = 0; i < 4; ++i) {
    const std::size_t at = 40 + 30 * i;
    if (at >= b.size()) break;
    auto& res = r.reservations[i];
    res.offset = static_cast<std::uint16_t>(b.U(at, 12));
    res.number = static_cast<std::uint8_t>(b.U(at + 12, 4));
    res.timeout = static_cast<std::uint8_t>(b.U(at + 16, 3));
    res.increment = static_cast<std::uint16_t>(b.U(at + 19, 11));
  }
}

// Table 74. The name extension (272+) continues the 20-character name.
void DecodeAidToNavigation(const BitReader& b, Message* m) {
  AidToNavigation& r = m->body.emplace<AidToNavigation>();
  r.aid_type = static_cast<std::uint8_t>(b.U(38, 5));
  FixedText<20> name;
  b.Text(43, 20, &name);
  r.accuracy = b.B(163);
  r.lon = b.S(164, 28);
  r.lat = b.S(192, 27);
  r.to_bow = static_cast<std::uint16_t>(b.U(219, 9));
  r.to_stern = static_cast<std::uint16_t>(b.U(228, 9));
  r.to_port = static_cast<std::uint8_t>(b.U(237, 6));
  r.to_starboard = static_cast<std::uint8_t>(b.U(243, 6));
  r.epfd = static_cast<std::uint8_t>(b.U(249, 4));
  r.second = static_cast<std::uint8_t>(b.U(253, 6));
  r.off_position = b.B(259);
  r.regional = static_cast<std::uint8_t>(b.U(260, 8));
  r.raim = b.B(268);
  r.virtual_aid = b.B(269);
  r.assigned = b.B(270);
  // 271 spare
  std::size_t n = 0;
  for (; n < name.size; ++n) r.name.chars[n] = name.chars[n];
  // The extension is only read when the 20-character name is full (it continues the text).
  if (b.size() > 272 && name.size == 20) {
    FixedText<14> ext;
    b.Text(272, (b.size() - 272) / 6, &ext);
    for (std::size_t i = 0; i < ext.size && n < r.name.chars.size(); ++i) {
      r.name.chars[n++] = ext.chars[i];
    }
  }
  r.name.size = static_cast<std::uint8_t>(n);
}

// Table 75: a broadcast area in 1/10 minute, or two addressed stations (bit 139).
void DecodeChannelManagement(const BitReader& b, Message* m) {
  ChannelManagement& r = m->body.emplace<ChannelManagement>();
  r.channel_a = static_cast<std::uint16_t>(b.U(40, 12));
  r.channel_b = static_cast<std::uint16_t>(b.U(52, 12));
  r.txrx = static_cast<std::uint8_t>(b.U(64, 4));
  r.power = b.B(68);
  r.addressed = b.B(139);
  if (r.addressed) {
    r.dest1 = b.U(69, 30);
    r.dest2 = b.U(104, 30);
  } else {
    r.ne_lon = b.S(69, 18);
    r.ne_lat = b.S(87, 17);
    r.sw_lon = b.S(104, 18);
    r.sw_lat = b.S(122, 17);
  }
  r.band_a = b.B(140);
  r.band_b = b.B(141);
  r.zonesize = static_cast<std::uint8_t>(b.U(142, 3));
}

// Table 76.
void DecodeGroupAssignment(const BitReader& b, Message* m) {
  GroupAssignment& r = m->body.emplace<GroupAssignment>();
  r.ne_lon = b.S(40, 18);
  r.ne_lat = b.S(58, 17);
  r.sw_lon = b.S(75, 18);
  r.sw_lat = b.S(93, 17);
  r.stationtype = static_cast<std::uint8_t>(b.U(110, 4));
  r.shiptype = static_cast<std::uint8_t>(b.U(114, 8));
  // 122–143 spare
  r.txrx = static_cast<std::uint8_t>(b.U(144, 2));
  r.interval = static_cast<std::uint8_t>(b.U(146, 4));
  r.quiet = static_cast<std::uint8_t>(b.U(150, 4));
}

}  // namespace istmo::ais::internal

// The bit layouts below mirror the decoders in internal/decode_*.cc; each function names its
// ITU-R M.1371-5 table. Spare bits are sent as zero.
#include "ais/encoder.h"

#include <string>

#include "ais/internal/bit_writer.h"

namespace istmo::ais {
namespace {

using internal::BitWriter;

// Table 46 (types 1, 2, 3), 168 bits.
void WritePositionReport(const PositionReport& r, BitWriter& w) {
  w.U(r.status, 4);
  w.S(r.turn, 8);
  w.U(r.speed, 10);
  w.B(r.accuracy);
  w.S(r.lon, 28);
  w.S(r.lat, 27);
  w.U(r.course, 12);
  w.U(r.heading, 9);
  w.U(r.second, 6);
  w.U(r.maneuver, 2);
  w.U(0, 3);
  w.B(r.raim);
  w.U(r.radio, 19);
}

// Table 48 (types 4 and 11), 168 bits.
void WriteBaseStation(const BaseStationReport& r, BitWriter& w) {
  w.U(r.year, 14);
  w.U(r.month, 4);
  w.U(r.day, 5);
  w.U(r.hour, 5);
  w.U(r.minute, 6);
  w.U(r.second, 6);
  w.B(r.accuracy);
  w.S(r.lon, 28);
  w.S(r.lat, 27);
  w.U(r.epfd, 4);
  w.U(0, 10);
  w.B(r.raim);
  w.U(r.radio, 19);
}

// Table 52, 424 bits.
void WriteStaticVoyage(const StaticVoyage& r, BitWriter& w) {
  w.U(r.ais_version, 2);
  w.U(r.imo, 30);
  w.Text(r.callsign.view(), 7);
  w.Text(r.shipname.view(), 20);
  w.U(r.shiptype, 8);
  w.U(r.to_bow, 9);
  w.U(r.to_stern, 9);
  w.U(r.to_port, 6);
  w.U(r.to_starboard, 6);
  w.U(r.epfd, 4);
  w.U(r.month, 4);
  w.U(r.day, 5);
  w.U(r.hour, 5);
  w.U(r.minute, 6);
  w.U(r.draught, 8);
  w.Text(r.destination.view(), 20);
  w.B(r.dte);
  w.U(0, 1);
}

// Table 63, 168 bits. SOG in knots, not tenths.
void WriteSarAircraft(const SarAircraft& r, BitWriter& w) {
  w.U(r.alt, 12);
  w.U(r.speed, 10);
  w.B(r.accuracy);
  w.S(r.lon, 28);
  w.S(r.lat, 27);
  w.U(r.course, 12);
  w.U(r.second, 6);
  w.U(r.regional, 8);
  w.B(r.dte);
  w.U(0, 3);
  w.B(r.assigned);
  w.B(r.raim);
  w.U(r.radio, 20);
}

// The fields types 18 and 19 share, bits 38–138 of Tables 71 and 72.
template <class ClassB>
void WriteClassBHead(const ClassB& r, BitWriter& w) {
  w.U(r.reserved, 8);
  w.U(r.speed, 10);
  w.B(r.accuracy);
  w.S(r.lon, 28);
  w.S(r.lat, 27);
  w.U(r.course, 12);
  w.U(r.heading, 9);
  w.U(r.second, 6);
}

// Table 71, 168 bits.
void WriteClassBPosition(const ClassBPosition& r, BitWriter& w) {
  WriteClassBHead(r, w);
  w.U(r.regional, 2);
  w.B(r.cs);
  w.B(r.display);
  w.B(r.dsc);
  w.B(r.band);
  w.B(r.msg22);
  w.B(r.assigned);
  w.B(r.raim);
  w.U(r.radio, 20);
}

// Table 72, 312 bits.
void WriteClassBExtended(const ClassBExtended& r, BitWriter& w) {
  WriteClassBHead(r, w);
  w.U(r.regional, 4);
  w.Text(r.shipname.view(), 20);
  w.U(r.shiptype, 8);
  w.U(r.to_bow, 9);
  w.U(r.to_stern, 9);
  w.U(r.to_port, 6);
  w.U(r.to_starboard, 6);
  w.U(r.epfd, 4);
  w.B(r.raim);
  w.B(r.dte);
  w.B(r.assigned);
  w.U(0, 4);
}

// Table 74: 272 bits, then the characters of the name past 20 (the name extension, up to 14)
// and spare bits to a byte boundary.
void WriteAidToNavigation(const AidToNavigation& r, BitWriter& w) {
  const std::string_view name = r.name.view();
  w.U(r.aid_type, 5);
  w.Text(name.substr(0, 20), 20);
  w.B(r.accuracy);
  w.S(r.lon, 28);
  w.S(r.lat, 27);
  w.U(r.to_bow, 9);
  w.U(r.to_stern, 9);
  w.U(r.to_port, 6);
  w.U(r.to_starboard, 6);
  w.U(r.epfd, 4);
  w.U(r.second, 6);
  w.B(r.off_position);
  w.U(r.regional, 8);
  w.B(r.raim);
  w.B(r.virtual_aid);
  w.B(r.assigned);
  w.U(0, 1);
  if (name.size() > 20) {
    w.Text(name.substr(20), name.size() - 20);
    w.PadTo(8);
  }
}

// Table 78 (part A, 160 bits) and Table 79 (part B, 168 bits). Part B's vendor id is written
// as the standard splits it: 3 characters of manufacturer, the unit model (4 bits) and the
// serial number (20 bits).
void WriteStaticDataReport(const StaticDataReport& r, std::uint32_t mmsi, int part, BitWriter& w) {
  w.U(static_cast<std::uint32_t>(part), 2);
  if (part == 0) {
    w.Text(r.shipname.view(), 20);
    return;
  }
  w.U(r.shiptype, 8);
  w.Text(r.vendorid.view().substr(0, 3), 3);
  w.U(r.model, 4);
  w.U(r.serial, 20);
  w.Text(r.callsign.view(), 7);
  if (mmsi / 10000000 == 98) {  // auxiliary craft: the mother ship's MMSI (ITU-R M.585)
    w.U(r.mothership_mmsi, 30);
  } else {
    w.U(r.to_bow, 9);
    w.U(r.to_stern, 9);
    w.U(r.to_port, 6);
    w.U(r.to_starboard, 6);
  }
  w.U(0, 6);  // EPFD type (not kept by the decoder) and spare
}

// Table 84, 96 bits.
void WriteLongRange(const LongRangePosition& r, BitWriter& w) {
  w.B(r.accuracy);
  w.B(r.raim);
  w.U(r.status, 4);
  w.S(r.lon, 18);
  w.S(r.lat, 17);
  w.U(r.speed, 6);
  w.U(r.course, 9);
  w.B(r.gnss);
  w.U(0, 1);
}

// Writes the body when it is the one of m.type; false otherwise.
bool WriteBody(const Message& m, int type24_part, BitWriter& w) {
  switch (m.type) {
    case 1:
    case 2:
    case 3:
      if (auto* r = std::get_if<PositionReport>(&m.body)) return WritePositionReport(*r, w), true;
      return false;
    case 4:
    case 11:
      if (auto* r = std::get_if<BaseStationReport>(&m.body)) return WriteBaseStation(*r, w), true;
      return false;
    case 5:
      if (auto* r = std::get_if<StaticVoyage>(&m.body)) return WriteStaticVoyage(*r, w), true;
      return false;
    case 9:
      if (auto* r = std::get_if<SarAircraft>(&m.body)) return WriteSarAircraft(*r, w), true;
      return false;
    case 18:
      if (auto* r = std::get_if<ClassBPosition>(&m.body)) return WriteClassBPosition(*r, w), true;
      return false;
    case 19:
      if (auto* r = std::get_if<ClassBExtended>(&m.body)) return WriteClassBExtended(*r, w), true;
      return false;
    case 21:
      if (auto* r = std::get_if<AidToNavigation>(&m.body)) {
        return WriteAidToNavigation(*r, w), true;
      }
      return false;
    case 24:
      if (auto* r = std::get_if<StaticDataReport>(&m.body)) {
        return WriteStaticDataReport(*r, m.mmsi, type24_part, w), true;
      }
      return false;
    case 27:
      if (auto* r = std::get_if<LongRangePosition>(&m.body)) return WriteLongRange(*r, w), true;
      return false;
    default:
      return false;
  }
}

void AppendTagBlock(const TagBlock& tag, std::string* out) {
  if (!tag.unix_seconds && tag.station.empty()) return;
  out->push_back('\\');
  const std::size_t begin = out->size();
  if (!tag.station.empty()) {
    out->append("s:");
    out->append(tag.station);
  }
  if (tag.unix_seconds) {
    if (!tag.station.empty()) out->push_back(',');
    out->append("c:");
    out->append(std::to_string(*tag.unix_seconds));
  }
  // The sum is taken before the first character is appended, so the view stays valid.
  AppendNmeaChecksum(std::string_view(out->data() + begin, out->size() - begin), out);
  out->push_back('\\');
}

}  // namespace

void AppendNmeaChecksum(std::string_view text, std::string* out) {
  unsigned sum = 0;
  for (char c : text) sum ^= static_cast<unsigned char>(c);
  static constexpr char kHex[] = "0123456789ABCDEF";
  out->push_back('*');
  out->push_back(kHex[(sum >> 4) & 0xF]);
  out->push_back(kHex[sum & 0xF]);
}

core::Result<ArmoredPayload> EncodePayload(const Message& m, int type24_part) {
  BitWriter w;
  w.U(m.type, 6);
  w.U(m.repeat, 2);
  w.U(m.mmsi, 30);
  if (!WriteBody(m, type24_part, w)) {
    return core::InvalidArgument(
        "cannot encode message type " + std::to_string(m.type) +
            (m.type == 0 || m.type > 27 ? std::string(": not an AIS message type")
                                        : std::string(" with this body (types 1-5, 9, 11, "
                                                      "18, 19, 21, 24, 27 are encoded)")),
        "type");
  }
  if (w.overflow_at() >= 0) {
    return core::InvalidArgument("type " + std::to_string(m.type) + " MMSI " +
                                     std::to_string(m.mmsi) + ": the field at bit " +
                                     std::to_string(w.overflow_at()) + " does not fit value " +
                                     std::to_string(w.overflow_value()) +
                                     " (ITU-R M.1371-5 field width, or a character outside "
                                     "6-bit ASCII)",
                                 "bit " + std::to_string(w.overflow_at()));
  }
  ArmoredPayload p;
  p.bit_count = w.size();
  p.chars.reserve((w.size() + 5) / 6);
  p.fill_bits = w.Armor(&p.chars);
  return p;
}

core::Result<int> Encoder::Encode(const Message& m, const TagBlock& tag, std::string* out) {
  if (m.type == 24) {
    const auto* r = std::get_if<StaticDataReport>(&m.body);
    if (r != nullptr && r->has_part_a && r->has_part_b) {
      const std::size_t rollback = out->size();
      auto a = EncodeOne(m, 0, tag, out);
      if (!a) return a;
      auto b = EncodeOne(m, 1, tag, out);
      if (!b) {
        out->resize(rollback);
        return b;
      }
      return *a + *b;
    }
    return EncodeOne(m, r != nullptr && r->has_part_b ? 1 : 0, tag, out);
  }
  return EncodeOne(m, 0, tag, out);
}

core::Result<int> Encoder::EncodeOne(const Message& m, int type24_part, const TagBlock& tag,
                                     std::string* out) {
  ISTMO_ASSIGN_OR_RETURN(ArmoredPayload p, EncodePayload(m, type24_part));
  const std::size_t per = options_.max_payload_chars > 0 ? options_.max_payload_chars : 60;
  const std::size_t count = (p.chars.size() + per - 1) / per;
  if (count > 9) {
    return core::InvalidArgument(
        "payload of " + std::to_string(p.chars.size()) + " characters needs more than 9 sentences",
        "max_payload_chars");
  }
  const char channel = m.envelope.channel != 0 ? m.envelope.channel : 'A';
  char sequence = 0;
  if (count > 1) {
    sequence = static_cast<char>('0' + next_sequence_);
    next_sequence_ = (next_sequence_ + 1) % 10;
  }
  for (std::size_t i = 0; i < count; ++i) {
    AppendTagBlock(tag, out);
    out->push_back('!');
    const std::size_t body = out->size();
    out->push_back(options_.talker[0]);
    out->push_back(options_.talker[1]);
    out->append(m.envelope.own_ship ? "VDO," : "VDM,");
    out->push_back(static_cast<char>('0' + count));
    out->push_back(',');
    out->push_back(static_cast<char>('0' + i + 1));
    out->push_back(',');
    if (sequence != 0) out->push_back(sequence);
    out->push_back(',');
    out->push_back(channel);
    out->push_back(',');
    out->append(std::string_view(p.chars).substr(i * per, per));
    out->push_back(',');
    out->push_back(static_cast<char>('0' + (i + 1 == count ? p.fill_bits : 0)));
    AppendNmeaChecksum(std::string_view(out->data() + body, out->size() - body), out);
    out->append(options_.line_end);
  }
  return static_cast<int>(count);
}

}  // namespace istmo::ais

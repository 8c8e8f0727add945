// Binary messages: types 6 (addressed), 7 and 13 (acknowledge), 8 (broadcast), 25 and 26
// (single and multiple slot), and the applications of 6/8 that are decoded field by field.
#include "ais/internal/decode.h"

namespace istmo::ais::internal {
namespace {

// DAC 235/250 FID 10, AtoN monitoring (GLA): 48 bits after DAC/FID.
AtonMonitoring DecodeAtonMonitoring(const BitReader& b, std::size_t s) {
  AtonMonitoring a;
  a.ana_int = static_cast<std::uint16_t>(b.U(s, 10));
  a.ana_ext1 = static_cast<std::uint16_t>(b.U(s + 10, 10));
  a.ana_ext2 = static_cast<std::uint16_t>(b.U(s + 20, 10));
  a.racon = static_cast<std::uint8_t>(b.U(s + 30, 2));
  a.light = static_cast<std::uint8_t>(b.U(s + 32, 2));
  a.alarm = b.B(s + 34);
  a.stat_ext = static_cast<std::uint8_t>(b.U(s + 35, 8));
  a.off_pos = b.B(s + 43);
  return a;
}

// DAC 1 FID 11, meteorological and hydrological data of IMO SN/Circ.236 (296 bits).
MetHydro DecodeMetHydro236(const BitReader& b, std::size_t s) {
  MetHydro h;
  h.lat = b.S(s, 24);
  h.lon = b.S(s + 24, 25);
  h.day = static_cast<std::uint8_t>(b.U(s + 49, 5));
  h.hour = static_cast<std::uint8_t>(b.U(s + 54, 5));
  h.minute = static_cast<std::uint8_t>(b.U(s + 59, 6));
  h.wspeed = static_cast<std::uint8_t>(b.U(s + 65, 7));
  h.wgust = static_cast<std::uint8_t>(b.U(s + 72, 7));
  h.wdir = static_cast<std::uint16_t>(b.U(s + 79, 9));
  h.wgustdir = static_cast<std::uint16_t>(b.U(s + 88, 9));
  h.airtemp = static_cast<std::int16_t>(b.U(s + 97, 11));
  h.humidity = static_cast<std::uint8_t>(b.U(s + 108, 7));
  h.dewpoint = static_cast<std::int16_t>(b.U(s + 115, 10));
  h.pressure = static_cast<std::uint16_t>(b.U(s + 125, 9));
  h.pressuretend = static_cast<std::uint8_t>(b.U(s + 134, 2));
  h.visibility = static_cast<std::uint8_t>(b.U(s + 136, 8));
  h.waterlevel = static_cast<std::int16_t>(b.U(s + 144, 9));
  h.leveltrend = static_cast<std::uint8_t>(b.U(s + 153, 2));
  std::size_t p = s + 155;
  h.cspeed = static_cast<std::uint8_t>(b.U(p, 8));
  h.cdir = static_cast<std::uint16_t>(b.U(p + 8, 9));
  h.cspeed2 = static_cast<std::uint8_t>(b.U(p + 17, 8));
  h.cdir2 = static_cast<std::uint16_t>(b.U(p + 25, 9));
  h.cdepth2 = static_cast<std::uint8_t>(b.U(p + 34, 5));
  h.cspeed3 = static_cast<std::uint8_t>(b.U(p + 39, 8));
  h.cdir3 = static_cast<std::uint16_t>(b.U(p + 47, 9));
  h.cdepth3 = static_cast<std::uint8_t>(b.U(p + 56, 5));
  p += 61;  // s + 216
  h.waveheight = static_cast<std::uint8_t>(b.U(p, 8));
  h.waveperiod = static_cast<std::uint8_t>(b.U(p + 8, 6));
  h.wavedir = static_cast<std::uint16_t>(b.U(p + 14, 9));
  h.swellheight = static_cast<std::uint8_t>(b.U(p + 23, 8));
  h.swellperiod = static_cast<std::uint8_t>(b.U(p + 31, 6));
  h.swelldir = static_cast<std::uint16_t>(b.U(p + 37, 9));
  p += 46;  // s + 262
  h.seastate = static_cast<std::uint8_t>(b.U(p, 4));
  h.watertemp = static_cast<std::int16_t>(b.U(p + 4, 10));
  h.preciptype = static_cast<std::uint8_t>(b.U(p + 14, 3));
  h.salinity = static_cast<std::uint16_t>(b.U(p + 17, 9));
  h.ice = static_cast<std::uint8_t>(b.U(p + 26, 2));
  return h;
}

// DAC 1 FID 31, meteorological and hydrographic data of IMO SN.1/Circ.289 (304 bits):
// signed temperatures, 0.01 m water level, a "visibility greater than" flag.
MetHydro DecodeMetHydro289(const BitReader& b, std::size_t s) {
  MetHydro h;
  h.circ289 = true;
  h.lon = b.S(s, 25);
  h.lat = b.S(s + 25, 24);
  h.accuracy = b.B(s + 49);
  h.day = static_cast<std::uint8_t>(b.U(s + 50, 5));
  h.hour = static_cast<std::uint8_t>(b.U(s + 55, 5));
  h.minute = static_cast<std::uint8_t>(b.U(s + 60, 6));
  h.wspeed = static_cast<std::uint8_t>(b.U(s + 66, 7));
  h.wgust = static_cast<std::uint8_t>(b.U(s + 73, 7));
  h.wdir = static_cast<std::uint16_t>(b.U(s + 80, 9));
  h.wgustdir = static_cast<std::uint16_t>(b.U(s + 89, 9));
  h.airtemp = static_cast<std::int16_t>(b.S(s + 98, 11));
  h.humidity = static_cast<std::uint8_t>(b.U(s + 109, 7));
  h.dewpoint = static_cast<std::int16_t>(b.S(s + 116, 10));
  h.pressure = static_cast<std::uint16_t>(b.U(s + 126, 9));
  h.pressuretend = static_cast<std::uint8_t>(b.U(s + 135, 2));
  h.visgreater = b.B(s + 137);
  h.visibility = static_cast<std::uint8_t>(b.U(s + 138, 7));
  h.waterlevel = static_cast<std::int16_t>(b.U(s + 145, 12));
  h.leveltrend = static_cast<std::uint8_t>(b.U(s + 157, 2));
  std::size_t p = s + 159;
  h.cspeed = static_cast<std::uint8_t>(b.U(p, 8));
  h.cdir = static_cast<std::uint16_t>(b.U(p + 8, 9));
  h.cspeed2 = static_cast<std::uint8_t>(b.U(p + 17, 8));
  h.cdir2 = static_cast<std::uint16_t>(b.U(p + 25, 9));
  h.cdepth2 = static_cast<std::uint8_t>(b.U(p + 34, 5));
  h.cspeed3 = static_cast<std::uint8_t>(b.U(p + 39, 8));
  h.cdir3 = static_cast<std::uint16_t>(b.U(p + 47, 9));
  h.cdepth3 = static_cast<std::uint8_t>(b.U(p + 56, 5));
  p += 61;  // s + 220
  h.waveheight = static_cast<std::uint8_t>(b.U(p, 8));
  h.waveperiod = static_cast<std::uint8_t>(b.U(p + 8, 6));
  h.wavedir = static_cast<std::uint16_t>(b.U(p + 14, 9));
  h.swellheight = static_cast<std::uint8_t>(b.U(p + 23, 8));
  h.swellperiod = static_cast<std::uint8_t>(b.U(p + 31, 6));
  h.swelldir = static_cast<std::uint16_t>(b.U(p + 37, 9));
  p += 46;  // s + 266
  h.seastate = static_cast<std::uint8_t>(b.U(p, 4));
  h.watertemp = static_cast<std::int16_t>(b.S(p + 4, 10));
  h.preciptype = static_cast<std::uint8_t>(b.U(p + 14, 3));
  h.salinity = static_cast<std::uint16_t>(b.U(p + 17, 9));
  h.ice = static_cast<std::uint8_t>(b.U(p + 26, 2));
  return h;
}

// DAC 200 FID 10, Inland ship static and voyage data (CCNR), 112 bits.
InlandStatic DecodeInlandStatic(const BitReader& b, std::size_t s) {
  InlandStatic v;
  b.Text(s, 8, &v.vin);
  v.length = static_cast<std::uint16_t>(b.U(s + 48, 13));
  v.beam = static_cast<std::uint16_t>(b.U(s + 61, 10));
  v.shiptype = static_cast<std::uint16_t>(b.U(s + 71, 14));
  v.hazard = static_cast<std::uint8_t>(b.U(s + 85, 3));
  v.draught = static_cast<std::uint16_t>(b.U(s + 88, 11));
  v.loaded = static_cast<std::uint8_t>(b.U(s + 99, 2));
  v.speed_q = b.B(s + 101);
  v.course_q = b.B(s + 102);
  v.heading_q = b.B(s + 103);
  return v;
}

// DAC 1 FID 12, IMO SN/Circ.236 dangerous cargo indication (272 bits).
DangerousCargo DecodeDangerousCargo(const BitReader& b, std::size_t s) {
  DangerousCargo d;
  b.Text(s, 5, &d.lastport);
  d.lmonth = static_cast<std::uint8_t>(b.U(s + 30, 4));
  d.lday = static_cast<std::uint8_t>(b.U(s + 34, 5));
  d.lhour = static_cast<std::uint8_t>(b.U(s + 39, 5));
  d.lminute = static_cast<std::uint8_t>(b.U(s + 44, 6));
  b.Text(s + 50, 5, &d.nextport);
  d.nmonth = static_cast<std::uint8_t>(b.U(s + 80, 4));
  d.nday = static_cast<std::uint8_t>(b.U(s + 84, 5));
  d.nhour = static_cast<std::uint8_t>(b.U(s + 89, 5));
  d.nminute = static_cast<std::uint8_t>(b.U(s + 94, 6));
  b.Text(s + 100, 20, &d.dangerous);
  b.Text(s + 220, 4, &d.imdcat);
  d.unid = static_cast<std::uint16_t>(b.U(s + 244, 13));
  d.amount = static_cast<std::uint16_t>(b.U(s + 257, 10));
  d.unit = static_cast<std::uint8_t>(b.U(s + 267, 2));
  return d;
}

// DAC 1 FID 14 (Circ.236: latitude 27 then longitude 28 bits, current 7 bits; 93 bits a
// window) and FID 32 (Circ.289: longitude 25 then latitude 24, current 8 bits; 88 bits).
// A window cut short by the message end is read with zeros, as gpsd reads it.
TidalWindow DecodeTidalWindow(const BitReader& b, std::size_t s, bool circ289) {
  TidalWindow w;
  w.circ289 = circ289;
  w.month = static_cast<std::uint8_t>(b.U(s, 4));
  w.day = static_cast<std::uint8_t>(b.U(s + 4, 5));
  const std::size_t size = circ289 ? 88 : 93;
  const std::size_t first = s + 9;
  const std::size_t bits = b.size() > first ? b.size() - first : 0;
  const std::size_t n = (bits + size - 1) / size;
  w.count = static_cast<std::uint8_t>(n > 3 ? 3 : n);
  for (std::size_t i = 0; i < w.count; ++i) {
    TidalWindow::Window& t = w.windows[i];
    std::size_t p = first + size * i;
    if (circ289) {
      t.lon = b.S(p, 25);
      t.lat = b.S(p + 25, 24);
      p += 49;
    } else {
      t.lat = b.S(p, 27);
      t.lon = b.S(p + 27, 28);
      p += 55;
    }
    t.from_hour = static_cast<std::uint8_t>(b.U(p, 5));
    t.from_min = static_cast<std::uint8_t>(b.U(p + 5, 6));
    t.to_hour = static_cast<std::uint8_t>(b.U(p + 11, 5));
    t.to_min = static_cast<std::uint8_t>(b.U(p + 16, 6));
    t.cdir = static_cast<std::uint16_t>(b.U(p + 22, 9));
    t.cspeed = static_cast<std::uint8_t>(b.U(p + 31, circ289 ? 8 : 7));
  }
  return w;
}

// DAC 1 FID 18, IMO SN.1/Circ.289 clearance time to enter port (216 bits).
ClearanceTime DecodeClearanceTime(const BitReader& b, std::size_t s) {
  ClearanceTime c;
  c.linkage = static_cast<std::uint16_t>(b.U(s, 10));
  c.month = static_cast<std::uint8_t>(b.U(s + 10, 4));
  c.day = static_cast<std::uint8_t>(b.U(s + 14, 5));
  c.hour = static_cast<std::uint8_t>(b.U(s + 19, 5));
  c.minute = static_cast<std::uint8_t>(b.U(s + 24, 6));
  b.Text(s + 30, 20, &c.portname);
  b.Text(s + 150, 5, &c.destination);
  c.lon = b.S(s + 180, 25);
  c.lat = b.S(s + 205, 24);
  return c;
}

// DAC 1 FID 30, IMO SN.1/Circ.289 text description: a 10-bit linkage, then 6-bit text.
TextDescription DecodeTextDescription(const BitReader& b, std::size_t s) {
  TextDescription d;
  d.linkage = static_cast<std::uint16_t>(b.U(s, 10));
  const std::size_t bits = b.size() > s + 10 ? b.size() - s - 10 : 0;
  b.Text(s + 10, bits / 6, &d.text);
  return d;
}

}  // namespace

BinaryApplication DecodeApplication(const BitReader& b, std::size_t start, std::uint16_t dac,
                                    std::uint8_t fid) {
  const std::size_t bits = b.size() > start ? b.size() - start : 0;
  if ((dac == 235 || dac == 250) && fid == 10 && bits == 48) return DecodeAtonMonitoring(b, start);
  if (dac == 1 && fid == 11 && bits == 296) return DecodeMetHydro236(b, start);
  // FID 31 is 304 bits; real senders drop the spare (294) or pad to a sentence end (312).
  if (dac == 1 && fid == 31 && bits >= 294 && bits <= 312) return DecodeMetHydro289(b, start);
  if (dac == 200 && fid == 10 && bits == 112) return DecodeInlandStatic(b, start);
  return std::monostate{};
}

BinaryApplication DecodeAddressedApplication(const BitReader& b, std::size_t start,
                                             std::uint16_t dac, std::uint8_t fid) {
  // The IMO addressed applications are decoded whatever their length, missing bits read as
  // zero, as gpsd decodes them (its sample holds short ones).
  if (dac == 1) {
    switch (fid) {
      case 12:
        return DecodeDangerousCargo(b, start);
      case 14:
        return DecodeTidalWindow(b, start, false);
      case 18:
        return DecodeClearanceTime(b, start);
      case 30:
        return DecodeTextDescription(b, start);
      case 32:
        return DecodeTidalWindow(b, start, true);
      default:
        break;
    }
  }
  return DecodeApplication(b, start, dac, fid);
}

// Table 56.
void DecodeAddressedBinary(const BitReader& b, Message* m) {
  AddressedBinary& r = m->body.emplace<AddressedBinary>();
  r.seqno = static_cast<std::uint8_t>(b.U(38, 2));
  r.dest_mmsi = b.U(40, 30);
  r.retransmit = b.B(70);
  // 71 spare
  r.dac = static_cast<std::uint16_t>(b.U(72, 10));
  r.fid = static_cast<std::uint8_t>(b.U(82, 6));
  b.Bits(88, b.size() - 88, &r.data);
  r.app = DecodeAddressedApplication(b, 88, r.dac, r.fid);
}

// Table 57: up to four destinations of 32 bits (MMSI and sequence number). Real senders cut
// the last destination short (the fill bits eat its sequence number and more); like gpsd we
// read every slot, bits past the end being zero, and count the slots that have any bits.
void DecodeAcknowledge(const BitReader& b, Message* m) {
  Acknowledge& r = m->body.emplace<Acknowledge>();
  const std::size_t n = (b.size() - 40 + 31) / 32;
  r.count = static_cast<std::uint8_t>(n > 4 ? 4 : n);
  for (std::size_t i = 0; i < 4; ++i) {
    r.mmsi[i] = b.U(40 + 32 * i, 30);
    r.seqno[i] = static_cast<std::uint8_t>(b.U(70 + 32 * i, 2));
  }
}

// Table 62.
void DecodeBroadcastBinary(const BitReader& b, Message* m) {
  BroadcastBinary& r = m->body.emplace<BroadcastBinary>();
  r.dac = static_cast<std::uint16_t>(b.U(40, 10));
  r.fid = static_cast<std::uint8_t>(b.U(50, 6));
  b.Bits(56, b.size() - 56, &r.data);
  r.app = DecodeApplication(b, 56, r.dac, r.fid);
}

// Tables 81 (type 25) and 82 (type 26): a 30-bit destination when addressed, a 16-bit
// application id when structured; type 26 ends with a 20-bit communication state.
void DecodeSlotBinary(const BitReader& b, Message* m) {
  SlotBinary& r = m->body.emplace<SlotBinary>();
  r.addressed = b.B(38);
  r.structured = b.B(39);
  std::size_t pos = 40;
  if (r.addressed) {
    r.dest_mmsi = b.U(pos, 30);
    pos += 30;
  }
  if (r.structured) {
    r.app_id = static_cast<std::uint16_t>(b.U(pos, 16));
    pos += 16;
  }
  std::size_t end = b.size();
  if (m->type == 26) {
    end = end >= 20 ? end - 20 : 0;
    r.radio = b.U(end, 20);
  }
  b.Bits(pos, end > pos ? end - pos : 0, &r.data);
}

}  // namespace istmo::ais::internal

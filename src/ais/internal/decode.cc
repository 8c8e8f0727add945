#include "ais/internal/decode.h"

namespace istmo::ais::internal {
namespace {

struct LengthRange {
  std::uint16_t min_bits;
  std::uint16_t max_bits;
};

// Accepted payload lengths per type. The standard lengths come from the tables of
// ITU-R M.1371-5; the tolerances from real logs, as gpsd and libais accept them: type 1–3
// with 163 bits (a trailing sentence cut short, radio state read as zero), type 5 with 420 or
// 422 bits (transmitters that drop the spare bits), types 6/8/25/26 as long as five slots.
constexpr LengthRange kLengths[28] = {
    {0, 0},      // 0: not a type
    {163, 168},  // 1 Table 46
    {163, 168},  // 2
    {163, 168},  // 3
    {168, 168},  // 4 Table 48
    {420, 424},  // 5 Table 52
    {88, 1008},  // 6 Table 56
    {72, 168},   // 7 Table 57
    {56, 1008},  // 8 Table 62
    {168, 168},  // 9 Table 63
    {72, 72},    // 10 Table 64
    {168, 168},  // 11 Table 48
    {72, 1008},  // 12 Table 65
    {72, 168},   // 13 Table 57
    {40, 1008},  // 14 Table 67
    {88, 168},   // 15 Table 68 (160 plus a padding byte seen from AISHub)
    {96, 168},   // 16 Table 69
    {80, 816},   // 17 Table 70
    {168, 168},  // 18 Table 71
    {312, 312},  // 19 Table 72
    {72, 186},   // 20 Table 73 (168 plus the 18 extra bits some base stations send)
    {272, 368},  // 21 Table 74 (name extension up to 88 bits, AISHub sample of 368)
    {168, 168},  // 22 Table 75
    {160, 160},  // 23 Table 76
    {160, 168},  // 24 Tables 78, 79
    {40, 168},   // 25 Table 81
    {60, 1064},  // 26 Table 82
    {96, 168},   // 27 Table 84
};

}  // namespace

bool DecodeBody(const BitReader& b, Message* m) {
  const LengthRange range = kLengths[m->type];
  if (b.size() < range.min_bits || b.size() > range.max_bits) return false;
  switch (m->type) {
    case 1:
    case 2:
    case 3:
      DecodePositionReport(b, m);
      return true;
    case 4:
    case 11:
      DecodeBaseStation(b, m);
      return true;
    case 5:
      DecodeStaticVoyage(b, m);
      return true;
    case 6:
      DecodeAddressedBinary(b, m);
      return true;
    case 7:
    case 13:
      DecodeAcknowledge(b, m);
      return true;
    case 8:
      DecodeBroadcastBinary(b, m);
      return true;
    case 9:
      DecodeSarAircraft(b, m);
      return true;
    case 10:
      DecodeUtcInquiry(b, m);
      return true;
    case 12:
    case 14:
      DecodeSafetyText(b, m);
      return true;
    case 15:
      DecodeInterrogation(b, m);
      return true;
    case 16:
      DecodeAssignedMode(b, m);
      return true;
    case 17:
      DecodeGnssBroadcast(b, m);
      return true;
    case 18:
      DecodeClassBPosition(b, m);
      return true;
    case 19:
      DecodeClassBExtended(b, m);
      return true;
    case 20:
      DecodeDataLinkManagement(b, m);
      return true;
    case 21:
      DecodeAidToNavigation(b, m);
      return true;
    case 22:
      DecodeChannelManagement(b, m);
      return true;
    case 23:
      DecodeGroupAssignment(b, m);
      return true;
    case 24:
      return DecodeStaticDataReport(b, m);
    case 25:
    case 26:
      DecodeSlotBinary(b, m);
      return true;
    case 27:
      DecodeLongRange(b, m);
      return true;
    default:
      return false;
  }
}

}  // namespace istmo::ais::internal

// ais/internal/decode.h — one decoder per message type family. Each reads the fields of
// ITU-R M.1371-5 at the bit offsets of its table into the body of *m, whose type, repeat and
// MMSI are already set. The dispatcher (DecodeBody) has checked the payload length against
// the range the type allows.
#pragma once

#include "ais/internal/bit_reader.h"
#include "ais/message.h"

namespace istmo::ais::internal {

// Length check and dispatch. false when the payload length is outside what the type allows
// (the caller counts BadInput::kLength); the type must be 1–27.
bool DecodeBody(const BitReader& b, Message* m);

void DecodePositionReport(const BitReader& b, Message* m);  // 1, 2, 3
void DecodeSarAircraft(const BitReader& b, Message* m);     // 9
void DecodeClassBPosition(const BitReader& b, Message* m);  // 18
void DecodeClassBExtended(const BitReader& b, Message* m);  // 19
void DecodeLongRange(const BitReader& b, Message* m);       // 27
void DecodeBaseStation(const BitReader& b, Message* m);     // 4, 11
void DecodeStaticVoyage(const BitReader& b, Message* m);    // 5
// 24: false for a part number other than 0 (A) or 1 (B).
bool DecodeStaticDataReport(const BitReader& b, Message* m);
void DecodeAddressedBinary(const BitReader& b, Message* m);     // 6
void DecodeAcknowledge(const BitReader& b, Message* m);         // 7, 13
void DecodeBroadcastBinary(const BitReader& b, Message* m);     // 8
void DecodeSlotBinary(const BitReader& b, Message* m);          // 25, 26
void DecodeSafetyText(const BitReader& b, Message* m);          // 12, 14
void DecodeUtcInquiry(const BitReader& b, Message* m);          // 10
void DecodeInterrogation(const BitReader& b, Message* m);       // 15
void DecodeAssignedMode(const BitReader& b, Message* m);        // 16
void DecodeGnssBroadcast(const BitReader& b, Message* m);       // 17
void DecodeDataLinkManagement(const BitReader& b, Message* m);  // 20
void DecodeAidToNavigation(const BitReader& b, Message* m);     // 21
void DecodeChannelManagement(const BitReader& b, Message* m);   // 22
void DecodeGroupAssignment(const BitReader& b, Message* m);     // 23

// Decodes the application of a type 6/8 payload whose data starts at bit `start`, when its
// DAC/FID is one of those in ais/message.h and its length fits; else leaves std::monostate.
BinaryApplication DecodeApplication(const BitReader& b, std::size_t start, std::uint16_t dac,
                                    std::uint8_t fid);
// The same for type 6, which adds the addressed IMO applications (DAC 1 FID 12, 14, 18, 30, 32).
BinaryApplication DecodeAddressedApplication(const BitReader& b, std::size_t start,
                                             std::uint16_t dac, std::uint8_t fid);

}  // namespace istmo::ais::internal

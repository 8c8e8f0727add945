// ais/encoder.h — AIS messages out as NMEA 0183 !AIVDM sentences: the inverse of decoder.h.
//
// Encode() writes a Message (ais/message.h) as the bits of its ITU-R M.1371-5 table, armors
// them into 6-bit characters, splits the payload into sentences of at most
// EncoderOptions::max_payload_chars characters (a type 5 takes two), sets the fill bits of the
// last one, computes each checksum and, when asked, puts an NMEA 4 tag block (c: time, s:
// station) before every sentence. Types encoded: 1, 2, 3, 4, 5, 9, 11, 18, 19, 21, 24 (part A,
// part B, or both as two messages) and 27; the fields are the raw integers the decoder returns,
// so Decode(Encode(m)) gives m back (see docs/ais.md for the one exception, the type 24 vendor
// field).
//
// Errors: kInvalidArgument when the type is not one of the above, when the body does not match
// the type, or when a field does not fit its bits (named by its bit offset); nothing is
// appended then. No allocation besides the output string's growth.
// Thread-safety: an Encoder holds the next sequence id; use one per output stream.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "ais/message.h"
#include "core/result.h"

namespace istmo::ais {

struct EncoderOptions {
  std::array<char, 2> talker = {'A', 'I'};
  // Payload characters per sentence. 60 keeps a two-part sentence within NMEA 0183's 82
  // characters; a single-sentence message up to 62 characters (type 19: 52) stays whole.
  std::size_t max_payload_chars = 60;
  // Line end after each sentence.
  std::string_view line_end = "\n";
};

// NMEA 4 tag block put before each sentence of a message; empty fields are left out, and with
// neither there is no tag block.
struct TagBlock {
  std::optional<std::int64_t> unix_seconds;  // c:
  std::string_view station;                  // s:, e.g. a receiver's name
};

class Encoder {
 public:
  explicit Encoder(EncoderOptions options = {}) : options_(options) {}

  // Appends the sentence(s) of m (VDO when m.envelope.own_ship, channel m.envelope.channel or
  // 'A') to *out. Returns the number of sentences appended.
  core::Result<int> Encode(const Message& m, const TagBlock& tag, std::string* out);

 private:
  core::Result<int> EncodeOne(const Message& m, int type24_part, const TagBlock& tag,
                              std::string* out);

  EncoderOptions options_;
  int next_sequence_ = 0;  // sequential message id of multi-sentence messages, 0–9
};

// The armored payload of one message and its fill bits, for callers that frame sentences
// themselves (and for tests). type24_part chooses the part of a type 24 (0 = A, 1 = B).
struct ArmoredPayload {
  std::string chars;
  unsigned fill_bits = 0;
  std::size_t bit_count = 0;
};
core::Result<ArmoredPayload> EncodePayload(const Message& m, int type24_part = 0);

// "*hh": the NMEA checksum (XOR of every character) of text, appended to *out. text may
// point into *out: it is read before anything is appended.
void AppendNmeaChecksum(std::string_view text, std::string* out);

}  // namespace istmo::ais

// ais/internal/sentence.h — one line of a log split into its NMEA 0183 VDM/VDO sentence and
// the metadata real logs wrap around it (NMEA 4 tag block, timestamp prefix, trailing fields).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

#include "core/time.h"

namespace istmo::ais::internal {

struct Sentence {
  std::array<char, 2> talker{};
  bool own_ship = false;                // VDO
  std::uint8_t count = 0;               // fragments in the message, 1–9
  std::uint8_t number = 0;              // this fragment, 1–count
  std::int8_t sequence = -1;            // sequential message id 0–9, -1 when empty
  char channel = 0;                     // 0 when empty
  std::string_view payload;             // armored characters
  std::uint8_t fill_bits = 0;           // 0–5
  std::optional<std::int64_t> time_us;  // tag block c:, prefix, or USCG suffix (µs since epoch)
  std::string_view source;              // tag block s:
};

enum class ParseStatus : std::uint8_t { kOk, kNotSentence, kChecksum, kFormat };

// Splits line into *out. kNotSentence for lines without a VDM/VDO sentence (blank lines,
// comments, other NMEA sentences); kChecksum for a missing or wrong sentence or tag block
// checksum; kFormat for a VDM/VDO sentence whose fields are malformed. The views in *out point
// into line.
ParseStatus ParseSentence(std::string_view line, Sentence* out);

// The time written before a sentence: Unix seconds (optionally fractional; milliseconds when
// the number is beyond year 5000 in seconds), or ISO 8601 with 'T' or ' ' between date and time,
// optionally in [brackets]. nullopt when text is none of these.
std::optional<std::int64_t> ParseTimePrefix(std::string_view text);

}  // namespace istmo::ais::internal

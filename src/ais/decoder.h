// ais/decoder.h — NMEA 0183 !xxVDM / !xxVDO sentences in, AIS messages out.
//
// The decoder takes lines of a receiver log or feed, one at a time (DecodeLine) or a whole
// buffer at once (DecodeBuffer, the batch call for hot paths). For each line it
//   1. splits off what real logs put around a sentence: an NMEA 4 tag block
//      (\s:station,c:unixtime*hh\), a timestamp prefix ("2024-08-20T14:03:00Z !AIVDM…",
//      "1724162580.123 !AIVDM…", "[…]"), and trailing fields after the checksum (the USCG
//      ",s…,d…,T…,1272415370" suffix, stray text);
//   2. checks the NMEA checksum and the fields of any talker's VDM/VDO (AI, AB, BS, …);
//   3. reassembles multi-sentence messages keyed by channel and sequence id, dropping a
//      partial message when its next fragment comes later than Options::fragment_timeout
//      (measured on the log's own time when it has one, else on Options::clock);
//   4. de-armors the 6-bit payload and decodes types 1–27 (ais/message.h).
// Bad input is never an error of the call: it is counted by kind in stats() and the line is
// skipped, because a live feed carries corrupt sentences every second. So DecodeLine returns a
// small outcome code rather than core::Result (no allocation for a bad line, as simdjson's
// parser returns error codes for bad documents).
//
// Cost: no allocation per line or message. A Decoder owns its reassembly buffers (about
// 20 KiB); keep one per input stream.
// Thread-safety: a Decoder is not thread-safe; use one per thread.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string_view>

#include "ais/message.h"
#include "core/time.h"

namespace istmo::ais {

// Kinds of bad input, each counted in DecodeStats::bad.
enum class BadInput : std::uint8_t {
  kChecksum,        // NMEA checksum missing or wrong
  kFormat,          // not a well-formed VDM/VDO sentence (fields, counts, fill bits)
  kArmor,           // a payload character outside the 6-bit armor alphabet
  kLength,          // payload too short or too long for its message type
  kOrphanFragment,  // a fragment without its predecessors, out of order, or timed out
  kUnknownType,     // message type 0 or 28–63
};
inline constexpr std::size_t kBadInputKinds = 6;
std::string_view BadInputName(BadInput kind);  // "checksum", "format", "armor", …

struct DecodeStats {
  std::uint64_t lines = 0;               // lines seen, including blank and comment lines
  std::uint64_t sentences = 0;           // well-formed VDM/VDO sentences with a good checksum
  std::uint64_t other_lines = 0;         // lines without a VDM/VDO sentence (blank, comments, GPS)
  std::uint64_t messages = 0;            // messages decoded
  std::uint64_t type24_part_a_held = 0;  // part A held until its part B arrives (merge_type24)
  std::array<std::uint64_t, kBadInputKinds> bad{};
  std::array<std::uint64_t, 28> by_type{};  // index = message type

  std::uint64_t bad_total() const;
  std::uint64_t bad_count(BadInput kind) const { return bad[static_cast<std::size_t>(kind)]; }
};

// What happened to one line.
enum class LineOutcome : std::uint8_t {
  kMessage,  // a message was completed; see Decoder::message()
  kPending,  // a fragment was stored, or a type 24 part A held for its part B
  kIgnored,  // not a VDM/VDO sentence (blank, comment, other NMEA)
  kBad,      // bad input, counted in stats(); see Decoder::last_bad()
};

struct DecoderOptions {
  // A multi-sentence message whose next fragment arrives later than this is dropped and
  // counted as an orphan. AIS sends the fragments of one message back to back, so a few
  // seconds suffice; 10 s tolerates bursty network relays.
  std::chrono::microseconds fragment_timeout = std::chrono::seconds(10);
  // Time for lines that carry none (no tag block, prefix or suffix). nullptr: such lines
  // have no time and only the line-count limit below ages fragments out.
  const core::Clock* clock = nullptr;
  // Without any time, a partial message is dropped once this many further lines went by.
  std::uint32_t fragment_max_lines = 100;
  // Merge each type 24 part B with the preceding part A of the same MMSI into one message and
  // hold part A until then, as gpsd does. false: every part is its own message.
  bool merge_type24 = true;
};

class Decoder {
 public:
  explicit Decoder(DecoderOptions options = {});
  ~Decoder();
  Decoder(const Decoder&) = delete;
  Decoder& operator=(const Decoder&) = delete;

  // Decodes one line (with or without its line end). On kMessage, message() holds the result
  // until the next call. Lines are numbered from 1 in the order given.
  LineOutcome DecodeLine(std::string_view line);

  // Decodes every line of buffer (LF or CR LF separated; a last line without LF counts) and
  // calls sink(const Message&) for each message. Returns the number of messages.
  template <class Sink>
  std::uint64_t DecodeBuffer(std::string_view buffer, Sink&& sink) {
    std::uint64_t count = 0;
    std::size_t pos = 0;
    while (pos < buffer.size()) {
      std::size_t end = buffer.find('\n', pos);
      if (end == std::string_view::npos) end = buffer.size();
      if (DecodeLine(buffer.substr(pos, end - pos)) == LineOutcome::kMessage) {
        sink(message());
        ++count;
      }
      pos = end + 1;
    }
    return count;
  }

  // Ends the input: partial messages still waiting for fragments are counted as orphans.
  void Finish();

  const Message& message() const { return message_; }
  BadInput last_bad() const { return last_bad_; }
  const DecodeStats& stats() const { return stats_; }

 private:
  struct State;
  LineOutcome Bad(BadInput kind);

  DecoderOptions options_;
  std::unique_ptr<State> state_;  // reassembly slots, pending type 24 parts, bit buffer
  Message message_;
  DecodeStats stats_;
  BadInput last_bad_ = BadInput::kFormat;
};

}  // namespace istmo::ais

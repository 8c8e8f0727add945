// ais/internal/bit_writer.h — the inverse of bit_reader.h: fields written at the bit offsets of
// the ITU-R M.1371-5 message tables, then armored into 6-bit characters (§8.2.4, IEC 61162-1).
//
// A value that does not fit its field is not masked (that would send another ship's position):
// the writer remembers the first such field and the encoder turns it into an error.
#pragma once

#include <array>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "ais/internal/bit_reader.h"

namespace istmo::ais::internal {

class BitWriter {
 public:
  // Unsigned field of len bits (1–32).
  void U(std::uint32_t v, unsigned len) {
    if (len < 32 && (static_cast<std::uint64_t>(v) >> len) != 0) Overflow(v);
    Put(v, len);
  }

  // Two's complement signed field of len bits (1–32).
  void S(std::int32_t v, unsigned len) {
    const std::int64_t lo = -(std::int64_t{1} << (len - 1));
    const std::int64_t hi = (std::int64_t{1} << (len - 1)) - 1;
    if (v < lo || v > hi) Overflow(static_cast<std::uint32_t>(v));
    Put(static_cast<std::uint32_t>(v) & static_cast<std::uint32_t>((std::uint64_t{1} << len) - 1),
        len);
  }

  void B(bool v) { Put(v ? 1 : 0, 1); }

  // chars characters of 6-bit ASCII (Table 47), padded with '@' as the standard pads text.
  // Lower-case letters are sent upper-case; a character outside the alphabet is an overflow.
  void Text(std::string_view s, std::size_t chars) {
    for (std::size_t i = 0; i < chars; ++i) {
      if (i >= s.size()) {
        Put(0, 6);
        continue;
      }
      char c = s[i];
      if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
      if (c >= 64 && c < 96) {
        Put(static_cast<std::uint32_t>(c - 64), 6);
      } else if (c >= 32 && c < 64) {
        Put(static_cast<std::uint32_t>(c), 6);
      } else {
        Overflow(static_cast<unsigned char>(c));
        Put(0, 6);
      }
    }
    if (s.size() > chars) Overflow(static_cast<std::uint32_t>(s.size()));
  }

  // Zero bits up to the next multiple of `multiple` (byte-aligned spares).
  void PadTo(unsigned multiple) {
    while (bits_ % multiple != 0) Put(0, 1);
  }

  std::size_t size() const { return bits_; }
  // Bit offset of the first field that did not fit, or -1.
  std::int64_t overflow_at() const { return overflow_at_; }
  std::uint32_t overflow_value() const { return overflow_value_; }

  // The armored payload characters and the fill bits (0–5) that complete the last one.
  unsigned Armor(std::string* out) const {
    const std::size_t chars = (bits_ + 5) / 6;
    for (std::size_t i = 0; i < chars; ++i) {
      const std::size_t start = i * 6;
      const unsigned v = (static_cast<unsigned>(bytes_[start / 8]) << 8 |
                          static_cast<unsigned>(bytes_[start / 8 + 1])) >>
                             (10 - start % 8) &
                         0x3F;
      out->push_back(static_cast<char>(v < 40 ? v + 48 : v + 56));
    }
    return static_cast<unsigned>(chars * 6 - bits_);
  }

 private:
  void Overflow(std::uint32_t v) {
    if (overflow_at_ < 0) {
      overflow_at_ = static_cast<std::int64_t>(bits_);
      overflow_value_ = v;
    }
  }
  // One big-endian 64-bit OR per field (at most 7 + 32 bits from a byte boundary).
  void Put(std::uint32_t v, unsigned len) {
    if (bits_ + len > kMaxPayloadBits) {
      Overflow(v);
      return;
    }
    const std::uint64_t field = (static_cast<std::uint64_t>(v) << (64 - len)) >> (bits_ % 8);
    std::uint64_t word;
    std::memcpy(&word, bytes_.data() + bits_ / 8, sizeof word);
    word = __builtin_bswap64(__builtin_bswap64(word) | field);
    std::memcpy(bytes_.data() + bits_ / 8, &word, sizeof word);
    bits_ += len;
  }

  std::array<std::uint8_t, kMaxPayloadBits / 8 + 9> bytes_{};
  std::size_t bits_ = 0;
  std::int64_t overflow_at_ = -1;
  std::uint32_t overflow_value_ = 0;
};

}  // namespace istmo::ais::internal

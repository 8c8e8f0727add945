// ais/internal/bit_reader.h — the 6-bit payload armor of ITU-R M.1371-5 §8.2.4 (IEC 61162-1
// "6-bit ASCII" VDM encapsulation) turned into bits, and reads of unsigned, signed, text and
// binary fields at the bit offsets of the message tables.
//
// Bits past the end of the payload read as zero, so a short message (real logs carry type 5
// with 420 or 422 bits, type 1 with 163) decodes its present fields and the decoders decide
// which lengths they accept.
#pragma once

#include <array>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "ais/message.h"

namespace istmo::ais::internal {

// Payload characters of one reassembled message: five sentences of 60–62 characters, plus the
// longest real multi-sentence messages seen in logs.
inline constexpr std::size_t kMaxPayloadChars = 384;
inline constexpr std::size_t kMaxPayloadBits = kMaxPayloadChars * 6;

// 6-bit value of an armored character, or 0xFF outside the alphabet '0'..'W', '`'..'w'.
inline constexpr std::array<std::uint8_t, 256> kArmorTable = [] {
  std::array<std::uint8_t, 256> t{};
  for (auto& v : t) v = 0xFF;
  for (int c = '0'; c <= 'W'; ++c) t[c] = static_cast<std::uint8_t>(c - '0');
  for (int c = '`'; c <= 'w'; ++c) t[c] = static_cast<std::uint8_t>(c - '0' - 8);
  return t;
}();

// The 6-bit ASCII of ITU-R M.1371-5 Table 47.
inline constexpr char kSixbitAscii[65] =
    "@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_ !\"#$%&'()*+,-./0123456789:;<=>?";

class BitReader {
 public:
  // Dearmors the payload characters; fill_bits (0–5) are dropped from the end. Returns false
  // when a character is outside the armor alphabet or the payload is longer than
  // kMaxPayloadChars.
  bool Load(std::string_view armored, unsigned fill_bits) {
    if (armored.size() > kMaxPayloadChars) return false;
    std::uint64_t acc = 0;
    unsigned acc_bits = 0;
    std::size_t out = 0;
    std::uint8_t bad = 0;
    for (unsigned char c : armored) {
      const std::uint8_t v = kArmorTable[c];
      bad |= static_cast<std::uint8_t>(v & 0xC0);
      acc = (acc << 6) | (v & 0x3F);
      acc_bits += 6;
      if (acc_bits >= 8) {
        acc_bits -= 8;
        bytes_[out++] = static_cast<std::uint8_t>(acc >> acc_bits);
      }
    }
    if (bad) return false;
    if (acc_bits > 0) bytes_[out++] = static_cast<std::uint8_t>(acc << (8 - acc_bits));
    // Everything after the payload reads as zero, including what a longer message left.
    const std::size_t dirty_end = dirty_ > out + kPadBytes ? dirty_ : out + kPadBytes;
    std::memset(bytes_.data() + out, 0, dirty_end - out);
    dirty_ = out;
    const std::size_t total = armored.size() * 6;
    bits_ = total >= fill_bits ? total - fill_bits : 0;
    // Fill bits are not part of the message: clear them so binary dumps end in zeros.
    if (bits_ < total) {
      const std::size_t last = bits_ / 8;
      const unsigned keep = bits_ % 8;
      bytes_[last] = keep == 0 ? 0 : static_cast<std::uint8_t>(bytes_[last] & (0xFF00 >> keep));
      for (std::size_t i = last + 1; i < out; ++i) bytes_[i] = 0;
    }
    return true;
  }

  std::size_t size() const { return bits_; }

  // Unsigned field of len bits (0–32) at bit offset start (0 = first bit of the message).
  std::uint32_t U(std::size_t start, unsigned len) const {
    if (len == 0 || start >= kMaxPayloadBits) return 0;
    std::uint64_t word;
    std::memcpy(&word, bytes_.data() + start / 8, sizeof word);
    word = __builtin_bswap64(word);
    return static_cast<std::uint32_t>((word << (start % 8)) >> (64 - len));
  }

  // Two's complement signed field of len bits (1–32).
  std::int32_t S(std::size_t start, unsigned len) const {
    const std::uint32_t u = U(start, len);
    const std::uint32_t sign = 1u << (len - 1);
    return static_cast<std::int32_t>((u ^ sign) - sign);
  }

  bool B(std::size_t start) const { return U(start, 1) != 0; }

  // count 6-bit characters from start, ending at the first '@' and with trailing spaces
  // removed (gpsd's reading of AIS text fields). At most N characters are kept.
  template <std::size_t N>
  void Text(std::size_t start, std::size_t count, FixedText<N>* out) const {
    if (count > N) count = N;
    std::size_t n = 0;
    for (; n < count; ++n) {
      const char c = kSixbitAscii[U(start + 6 * n, 6)];
      if (c == '@') break;
      out->chars[n] = c;
    }
    while (n > 0 && out->chars[n - 1] == ' ') --n;
    out->size = static_cast<std::uint8_t>(n);
  }

  // Copies count bits from start into out (which is overwritten); bits after count are zero.
  void Bits(std::size_t start, std::size_t count, BinaryData* out) const {
    if (count > BinaryData::kMaxBits) count = BinaryData::kMaxBits;
    out->bit_count = static_cast<std::uint16_t>(count);
    const std::size_t bytes = (count + 7) / 8;
    if (start % 8 == 0 && start / 8 + bytes <= bytes_.size()) {
      // Types 6, 8 and 17 start their data on a byte boundary: one copy, then the last byte's
      // tail cleared (the buffer is zero past the payload already).
      std::memcpy(out->bytes.data(), bytes_.data() + start / 8, bytes);
      if (count % 8 != 0) out->bytes[bytes - 1] &= static_cast<std::uint8_t>(0xFF00 >> (count % 8));
      return;
    }
    for (std::size_t i = 0; i < bytes; ++i) {
      const std::size_t left = count - i * 8;
      const unsigned len = left >= 8 ? 8 : static_cast<unsigned>(left);
      out->bytes[i] = static_cast<std::uint8_t>(U(start + i * 8, len) << (8 - len));
    }
  }

 private:
  static constexpr std::size_t kPadBytes = 8;
  std::array<std::uint8_t, kMaxPayloadBits / 8 + kPadBytes + 1> bytes_{};
  std::size_t bits_ = 0;
  std::size_t dirty_ = 0;  // bytes [0, dirty_) may be non-zero
};

}  // namespace istmo::ais::internal

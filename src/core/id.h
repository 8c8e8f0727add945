// core/id.h — record identifiers: UUID version 7 (RFC 9562).
//
// A UUIDv7 starts with the Unix time in milliseconds, so ids sort by creation time and index
// well in B-trees; the rest is random (12 bits used as a per-process counter within a
// millisecond, so ids made by one process are strictly increasing). Text form is the usual
// lowercase 8-4-4-4-12. Thread-safe.
#pragma once

#include <array>
#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"

namespace istmo::core {

class Uuid {
 public:
  Uuid() = default;  // the nil UUID
  explicit Uuid(const std::array<std::uint8_t, 16>& bytes) : bytes_(bytes) {}

  // A new version-7 id. Never fails: the random part comes from getrandom(2).
  static Uuid NewV7();
  // Parses "0190f3e2-7c4b-7a41-9d3e-5b2f1c8a9e10" (case-insensitive). kInvalidArgument otherwise.
  static Result<Uuid> Parse(std::string_view text);

  std::string ToString() const;
  bool is_nil() const;
  int version() const { return bytes_[6] >> 4; }
  // Milliseconds since the Unix epoch, for version 7 ids.
  std::int64_t unix_ms() const;
  const std::array<std::uint8_t, 16>& bytes() const { return bytes_; }

  auto operator<=>(const Uuid&) const = default;

 private:
  std::array<std::uint8_t, 16> bytes_{};
};

// Shorthand for Uuid::NewV7().ToString(): the form stored in databases and sent in JSON.
std::string NewId();
// True when `text` is a well-formed UUID in text form.
bool IsUuid(std::string_view text);

// Fills `out` with cryptographically random bytes (getrandom(2)).
void RandomBytes(void* out, std::size_t size);

// Lowercase hexadecimal text of `size` bytes (two digits a byte).
std::string HexEncode(const void* data, std::size_t size);

}  // namespace istmo::core

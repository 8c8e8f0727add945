#include "core/id.h"

#include <sys/random.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <mutex>

namespace istmo::core {

void RandomBytes(void* out, std::size_t size) {
  auto* p = static_cast<std::uint8_t*>(out);
  while (size > 0) {
    ssize_t n = getrandom(p, size, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      CheckFailed("getrandom succeeds", __FILE__, __LINE__);
    }
    p += n;
    size -= static_cast<std::size_t>(n);
  }
}

Uuid Uuid::NewV7() {
  // RFC 9562 §6.2 method 1: rand_a (12 bits) is a counter that restarts at a random value
  // each millisecond, so ids from one process are strictly increasing.
  static std::mutex mu;
  static std::int64_t last_ms = 0;
  static std::uint16_t counter = 0;

  std::array<std::uint8_t, 16> b{};
  RandomBytes(b.data(), b.size());
  std::int64_t ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::system_clock::now().time_since_epoch())
                        .count();
  std::uint16_t seq;
  {
    std::lock_guard<std::mutex> lock(mu);
    if (ms <= last_ms) {
      ms = last_ms;
      if (++counter > 0x0fff) {  // counter overflow: borrow the next millisecond
        ++ms;
        last_ms = ms;
        counter = static_cast<std::uint16_t>(b[6] & 0x03);
      }
    } else {
      last_ms = ms;
      counter = static_cast<std::uint16_t>(((b[6] << 8) | b[7]) & 0x01ff);  // leave headroom
    }
    seq = counter;
  }
  for (int i = 0; i < 6; ++i) b[i] = static_cast<std::uint8_t>(ms >> (8 * (5 - i)));
  b[6] = static_cast<std::uint8_t>(0x70 | ((seq >> 8) & 0x0f));
  b[7] = static_cast<std::uint8_t>(seq & 0xff);
  b[8] = static_cast<std::uint8_t>(0x80 | (b[8] & 0x3f));  // variant 10
  return Uuid(b);
}

namespace {
int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}
}  // namespace

Result<Uuid> Uuid::Parse(std::string_view text) {
  if (text.size() != 36) {
    return InvalidArgument("expected a UUID of 36 characters like 0190f3e2-7c4b-7a41-9d3e-5b2f1c8a9e10");
  }
  std::array<std::uint8_t, 16> b{};
  std::size_t j = 0;
  for (std::size_t i = 0; i < 36; ++i) {
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (text[i] != '-') return InvalidArgument("expected '-' at position " + std::to_string(i + 1) + " of a UUID");
      continue;
    }
    int hi = HexValue(text[i]);
    int lo = HexValue(text[i + 1]);
    if (hi < 0 || lo < 0) return InvalidArgument("a UUID has only hexadecimal digits and '-'");
    b[j++] = static_cast<std::uint8_t>(hi << 4 | lo);
    ++i;
  }
  return Uuid(b);
}

std::string Uuid::ToString() const {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(36);
  for (std::size_t i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    out += kHex[bytes_[i] >> 4];
    out += kHex[bytes_[i] & 0x0f];
  }
  return out;
}

bool Uuid::is_nil() const {
  for (auto v : bytes_) {
    if (v != 0) return false;
  }
  return true;
}

std::int64_t Uuid::unix_ms() const {
  std::int64_t ms = 0;
  for (int i = 0; i < 6; ++i) ms = (ms << 8) | bytes_[i];
  return ms;
}

std::string HexEncode(const void* data, std::size_t size) {
  static constexpr char kHex[] = "0123456789abcdef";
  const auto* p = static_cast<const std::uint8_t*>(data);
  std::string out;
  out.reserve(size * 2);
  for (std::size_t i = 0; i < size; ++i) {
    out += kHex[p[i] >> 4];
    out += kHex[p[i] & 0x0f];
  }
  return out;
}

std::string NewId() { return Uuid::NewV7().ToString(); }

bool IsUuid(std::string_view text) { return Uuid::Parse(text).has_value(); }

}  // namespace istmo::core

// ais/internal/json_writer.h — the JSON writer of ais/json.h and the Fields() overloads that
// write each message body with gpsd's names, units and spellings.
//
// AppendJson (json.cc) writes the common head and then visits the body; each body type has one
// Fields() overload, defined in the json_<family>.cc file beside the decode_<family>.cc that
// fills it. A body type without an overload does not compile: the deleted template below is an
// exact match for any type, so it wins over every conversion and names the missing type.
#pragma once

#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string_view>
#include <variant>

#include "ais/message.h"

namespace istmo::ais::internal {

// Writes into a fixed buffer: the longest message (a five-slot binary payload in hex, or a
// met-hydro report) is under 2 KiB, and per-character std::string growth checks cost more than
// the decoding itself (bench_ais). Every member is inline so that the json_*.cc files keep the
// write pointer in a register as the single json.cc did.
class Writer {
 public:
  static constexpr std::size_t kCapacity = 8192;
  explicit Writer(char* buf) : begin_(buf), p_(buf) {}
  std::size_t size() const { return static_cast<std::size_t>(p_ - begin_); }

  void Raw(std::string_view s) {
    std::memcpy(p_, s.data(), s.size());
    p_ += s.size();
  }
  void Char(char c) { *p_++ = c; }
  // Keys are literals: a copy of known size compiles to a few moves instead of a memmove call.
  template <std::size_t N>
  void Key(const char (&key)[N]) {
    *p_++ = ',';
    *p_++ = '"';
    std::memcpy(p_, key, N - 1);
    p_ += N - 1;
    *p_++ = '"';
    *p_++ = ':';
  }
  template <std::size_t N>
  void Uint(const char (&key)[N], std::uint64_t v) {
    Key(key);
    UintValue(v);
  }
  void UintValue(std::uint64_t v) { p_ = std::to_chars(p_, p_ + 24, v).ptr; }
  template <std::size_t N>
  void Int(const char (&key)[N], std::int64_t v) {
    Key(key);
    p_ = std::to_chars(p_, p_ + 24, v).ptr;
  }
  template <std::size_t N>
  void Bool(const char (&key)[N], bool v) {
    Key(key);
    Raw(v ? std::string_view("true") : std::string_view("false"));
  }
  template <std::size_t N>
  void Str(const char (&key)[N], std::string_view v) {
    Key(key);
    StringValue(v);
  }
  void StringValue(std::string_view text) {
    *p_++ = '"';
    for (char c : text) {
      const auto u = static_cast<unsigned char>(c);
      if (c == '"' || c == '\\') {
        *p_++ = '\\';
        *p_++ = c;
      } else if (u < 0x20) {
        static constexpr char kHex[] = "0123456789abcdef";
        Raw("\\u00");
        *p_++ = kHex[u >> 4];
        *p_++ = kHex[u & 0xF];
      } else {
        *p_++ = c;
      }
    }
    *p_++ = '"';
  }
  // printf("%.<decimals>f") of a double, as gpsd prints it.
  template <std::size_t N>
  void Fixed(const char (&key)[N], double v, int decimals) {
    Key(key);
    FixedValue(v, decimals);
  }
  void FixedValue(double v, int decimals) { p_ += std::snprintf(p_, 48, "%.*f", decimals, v); }
  // num/den (den > 0) with `decimals` decimals, as printf("%.*f") prints the double `value`
  // (num/den computed the way gpsd computes it). Integer rounding gives printf's digits except
  // at an exact tie, where the double's binary error decides: only then printf is called.
  template <std::size_t N>
  void Ratio(const char (&key)[N], std::int64_t num, std::int64_t den, int decimals, double value) {
    Key(key);
    RatioValue(num, den, decimals, value);
  }
  void RatioValue(std::int64_t num, std::int64_t den, int decimals, double value) {
    static constexpr std::int64_t kPow10[] = {1, 10, 100, 1000, 10000, 100000, 1000000};
    const std::int64_t scaled = num * kPow10[decimals];
    const bool negative = scaled < 0;
    const std::int64_t magnitude = negative ? -scaled : scaled;
    std::int64_t q = magnitude / den;
    const std::int64_t r = magnitude % den;
    if (2 * r == den) {
      FixedValue(value, decimals);
      return;
    }
    if (2 * r > den) ++q;
    if (negative) *p_++ = '-';
    UintValue(static_cast<std::uint64_t>(q / kPow10[decimals]));
    if (decimals == 0) return;
    *p_++ = '.';
    std::int64_t f = q % kPow10[decimals];
    for (int i = decimals - 1; i >= 0; --i) {
      p_[i] = static_cast<char>('0' + f % 10);
      f /= 10;
    }
    p_ += decimals;
  }
  // A quoted "%.6f", as gpsd writes the corners of types 22 and 23.
  template <std::size_t N>
  void QuotedTenthMinutes(const char (&key)[N], std::int32_t raw) {
    Key(key);
    *p_++ = '"';
    RatioValue(raw, 600, 6, raw / 600.0);
    *p_++ = '"';
  }
  // raw / 10 with one decimal: exact in integers, so no printf on the hot path.
  template <std::size_t N>
  void Tenths(const char (&key)[N], std::int64_t raw) {
    Key(key);
    if (raw < 0) {
      *p_++ = '-';
      raw = -raw;
    }
    UintValue(static_cast<std::uint64_t>(raw / 10));
    *p_++ = '.';
    *p_++ = static_cast<char>('0' + raw % 10);
  }
  // A 1/10 000-minute coordinate in degrees with six decimals: raw·10/6 millionths. The
  // remainder of raw·10 by 6 is 0, 2 or 4, so rounding never meets a tie and integer
  // rounding gives the digits printf gives.
  template <std::size_t N>
  void Degrees6(const char (&key)[N], std::int32_t raw) {
    Key(key);
    std::int64_t v = static_cast<std::int64_t>(raw) * 10;
    const bool negative = v < 0;
    if (negative) v = -v;
    const std::int64_t micro = (v + 3) / 6;
    if (negative && micro != 0) *p_++ = '-';
    UintValue(static_cast<std::uint64_t>(micro / 1000000));
    *p_++ = '.';
    std::int64_t f = micro % 1000000;
    for (int i = 5; i >= 0; --i) {
      p_[i] = static_cast<char>('0' + f % 10);
      f /= 10;
    }
    p_ += 6;
  }
  // At least two digits, as printf("%02u").
  void TwoDigits(unsigned v) {
    if (v < 10) *p_++ = '0';
    UintValue(v);
  }
  void Data(const BinaryData& d) {
    Key("data");
    *p_++ = '"';
    UintValue(d.bit_count);
    *p_++ = ':';
    static constexpr char kHex[] = "0123456789abcdef";
    const std::size_t bytes = (d.bit_count + 7u) / 8u;
    for (std::size_t i = 0; i < bytes; ++i) {
      *p_++ = kHex[d.bytes[i] >> 4];
      *p_++ = kHex[d.bytes[i] & 0xF];
    }
    *p_++ = '"';
  }

 private:
  char* begin_;
  char* p_;
};

// Fields written the same way by several families.

// Class A/B SOG as gpsd writes it.
inline void Speed(Writer& w, std::uint16_t speed) {
  if (speed == kSpeedNotAvailable) {
    w.Str("speed", "nan");
  } else if (speed == kSpeedFastMover) {
    w.Str("speed", "fast");
  } else {
    w.Tenths("speed", speed);
  }
}

inline void Dimensions(Writer& w, unsigned bow, unsigned stern, unsigned port, unsigned starboard) {
  w.Uint("to_bow", bow);
  w.Uint("to_stern", stern);
  w.Uint("to_port", port);
  w.Uint("to_starboard", starboard);
}

inline void Epfd(Writer& w, std::uint8_t epfd) {
  w.Uint("epfd", epfd);
  w.Str("epfd_text", EpfdText(epfd));
}

inline void ShipType(Writer& w, std::uint8_t shiptype) {
  w.Uint("shiptype", shiptype);
  w.Str("shiptype_text", ShipTypeText(shiptype));
}

// "DDThh:mmZ" and the closing quote: the tail of the month-day times below and of type 8's
// met-hydro "timestamp" (gpsd's "%02uT%02u:%02uZ").
inline void DayTimeTail(Writer& w, unsigned day, unsigned hour, unsigned minute) {
  w.TwoDigits(day);
  w.Char('T');
  w.TwoDigits(hour);
  w.Char(':');
  w.TwoDigits(minute);
  w.Raw("Z\"");
}

// A quoted "MM-DDThh:mmZ" (gpsd's "%02u-%02uT%02u:%02uZ"), for the ETA of type 5 and the times
// of the binary applications. The caller writes the key.
inline void MonthDayTime(Writer& w, unsigned month, unsigned day, unsigned hour, unsigned minute) {
  w.Char('"');
  w.TwoDigits(month);
  w.Char('-');
  DayTimeTail(w, day, hour, minute);
}

// One overload per alternative of MessageBody. `m` carries the head (type, MMSI) for the
// bodies whose fields depend on it (types 12/14, 24, 25/26).
template <class Body>
void Fields(Writer& w, const Message& m, const Body& body) = delete;

void Fields(Writer& w, const Message& m, const std::monostate& body);  // json.cc

// json_position.cc: types 1–3, 9, 18, 19, 27.
void Fields(Writer& w, const Message& m, const PositionReport& r);
void Fields(Writer& w, const Message& m, const SarAircraft& r);
void Fields(Writer& w, const Message& m, const ClassBPosition& r);
void Fields(Writer& w, const Message& m, const ClassBExtended& r);
void Fields(Writer& w, const Message& m, const LongRangePosition& r);

// json_static.cc: types 4, 11, 5, 24.
void Fields(Writer& w, const Message& m, const BaseStationReport& r);
void Fields(Writer& w, const Message& m, const StaticVoyage& r);
void Fields(Writer& w, const Message& m, const StaticDataReport& r);

// json_binary.cc: types 6, 7, 13, 8, 25, 26, and each BinaryApplication of 6/8.
void Fields(Writer& w, const Message& m, const AddressedBinary& r);
void Fields(Writer& w, const Message& m, const Acknowledge& r);
void Fields(Writer& w, const Message& m, const BroadcastBinary& r);
void Fields(Writer& w, const Message& m, const SlotBinary& r);

// json_text.cc: types 12, 14.
void Fields(Writer& w, const Message& m, const SafetyText& r);

// json_control.cc: types 10, 15, 16, 17, 20, 21, 22, 23.
void Fields(Writer& w, const Message& m, const UtcInquiry& r);
void Fields(Writer& w, const Message& m, const Interrogation& r);
void Fields(Writer& w, const Message& m, const AssignedModeCommand& r);
void Fields(Writer& w, const Message& m, const GnssBroadcast& r);
void Fields(Writer& w, const Message& m, const DataLinkManagement& r);
void Fields(Writer& w, const Message& m, const AidToNavigation& r);
void Fields(Writer& w, const Message& m, const ChannelManagement& r);
void Fields(Writer& w, const Message& m, const GroupAssignment& r);

}  // namespace istmo::ais::internal

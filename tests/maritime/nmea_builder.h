// tests/maritime/nmea_builder.h — hand-made AIS sentences for the maritime tests: a bit packer,
// the 6-bit armor and the NMEA checksum, with an NMEA 4 tag block carrying the time. Only the
// types the tests need (1, 5, 9, 18, 21); the decoder's own tests cover decoding.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

namespace istmo::maritime::testing {

class Bits {
 public:
  Bits& U(std::uint64_t v, int n) {
    for (int i = n - 1; i >= 0; --i) bits_.push_back(((v >> i) & 1) ? '1' : '0');
    return *this;
  }
  Bits& S(std::int64_t v, int n) { return U(static_cast<std::uint64_t>(v) & ((1ull << n) - 1), n); }
  // 6-bit ASCII text (ITU-R M.1371-5 Table 47), padded with '@'.
  Bits& Text(std::string_view s, int chars) {
    for (int i = 0; i < chars; ++i) {
      char c = i < static_cast<int>(s.size()) ? s[i] : '@';
      U(c >= 64 ? c - 64 : c, 6);
    }
    return *this;
  }
  // The armored payload and its fill bits.
  std::pair<std::string, int> Armor() const {
    std::string b = bits_;
    int fill = (6 - static_cast<int>(b.size()) % 6) % 6;
    b.append(fill, '0');
    std::string out;
    for (std::size_t i = 0; i < b.size(); i += 6) {
      int v = std::stoi(b.substr(i, 6), nullptr, 2);
      out.push_back(static_cast<char>(v < 40 ? v + 48 : v + 56));
    }
    return {out, fill};
  }

 private:
  std::string bits_;
};

inline std::string Checksum(std::string_view body) {
  unsigned x = 0;
  for (char c : body) x ^= static_cast<unsigned char>(c);
  char hex[3];
  std::snprintf(hex, sizeof hex, "%02X", x);
  return hex;
}

// One sentence with a tag block c: (seconds) and, when given, s: station.
inline std::string Sentence(const Bits& bits, std::int64_t unix_seconds,
                            std::string_view station = {}) {
  auto [payload, fill] = bits.Armor();
  std::string body = "AIVDM,1,1,,A," + payload + "," + std::to_string(fill);
  std::string tag = station.empty() ? "" : "s:" + std::string(station) + ",";
  tag += "c:" + std::to_string(unix_seconds);
  return "\\" + tag + "*" + Checksum(tag) + "\\!" + body + "*" + Checksum(body);
}

struct Position {
  std::uint32_t mmsi = 0;
  double lat = 0, lon = 0;
  double sog_kn = 10, cog_deg = 90;
  int type = 1;
  std::int32_t raw_lat = 0, raw_lon = 0;  // when non-zero, used as is (1/10 000 min)
};

// Type 1-3 (Table 46) or 18 (Table 71) position report.
inline Bits PositionBits(const Position& p) {
  const std::int64_t lon = p.raw_lon != 0 ? p.raw_lon : static_cast<std::int64_t>(p.lon * 600000);
  const std::int64_t lat = p.raw_lat != 0 ? p.raw_lat : static_cast<std::int64_t>(p.lat * 600000);
  Bits b;
  b.U(p.type, 6).U(0, 2).U(p.mmsi, 30);
  if (p.type == 18) {
    b.U(0, 8).U(static_cast<int>(p.sog_kn * 10 + 0.5), 10).U(0, 1).S(lon, 28).S(lat, 27);
    b.U(static_cast<int>(p.cog_deg * 10 + 0.5), 12).U(511, 9).U(0, 6).U(0, 2).U(1, 1).U(0, 1);
    b.U(0, 1).U(0, 1).U(0, 1).U(0, 1).U(0, 1).U(0, 20);
  } else {
    b.U(0, 4).S(-128, 8).U(static_cast<int>(p.sog_kn * 10 + 0.5), 10).U(0, 1).S(lon, 28);
    b.S(lat, 27).U(static_cast<int>(p.cog_deg * 10 + 0.5), 12).U(511, 9).U(0, 6).U(0, 2);
    b.U(0, 3).U(0, 1).U(0, 19);
  }
  return b;
}

struct Static {
  std::uint32_t mmsi = 0;
  std::uint32_t imo = 0;
  std::string callsign, name, destination;
  int ship_type = 70;
  int to_bow = 100, to_stern = 20, to_port = 10, to_starboard = 10;
  int draught_dm = 85;
};

// Type 5 (Table 52), 424 bits, ETA 05-15T14:00Z.
inline Bits StaticBits(const Static& s) {
  Bits b;
  b.U(5, 6).U(0, 2).U(s.mmsi, 30).U(0, 2).U(s.imo, 30).Text(s.callsign, 7).Text(s.name, 20);
  b.U(s.ship_type, 8).U(s.to_bow, 9).U(s.to_stern, 9).U(s.to_port, 6).U(s.to_starboard, 6);
  b.U(1, 4).U(5, 4).U(15, 5).U(14, 5).U(0, 6).U(s.draught_dm, 8).Text(s.destination, 20);
  b.U(0, 1).U(0, 1);
  return b;
}

}  // namespace istmo::maritime::testing

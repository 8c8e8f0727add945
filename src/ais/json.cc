#include "ais/json.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <type_traits>

namespace istmo::ais {
namespace {

// Writes into a fixed buffer: the longest message (a five-slot binary payload in hex, or a
// met-hydro report) is under 2 KiB, and per-character std::string growth checks cost more than
// the decoding itself (bench_ais).
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

// Class A/B SOG as gpsd writes it.
void Speed(Writer& w, std::uint16_t speed) {
  if (speed == kSpeedNotAvailable) {
    w.Str("speed", "nan");
  } else if (speed == kSpeedFastMover) {
    w.Str("speed", "fast");
  } else {
    w.Tenths("speed", speed);
  }
}

// ROT_sensor = (ROT_AIS / 4.733)², with the sign of ROT_AIS (ITU-R M.1371-5 Table 46).
void Turn(Writer& w, std::int8_t turn) {
  if (turn == kTurnNotAvailable) {
    w.Str("turn", "nan");
  } else if (turn == kTurnFastLeft) {
    w.Str("turn", "fastleft");
  } else if (turn == kTurnFastRight) {
    w.Str("turn", "fastright");
  } else {
    const double rot = turn / 4.733;
    w.Int("turn", static_cast<std::int64_t>(std::lround(rot * rot)) * (turn < 0 ? -1 : 1));
  }
}

void Dimensions(Writer& w, unsigned bow, unsigned stern, unsigned port, unsigned starboard) {
  w.Uint("to_bow", bow);
  w.Uint("to_stern", stern);
  w.Uint("to_port", port);
  w.Uint("to_starboard", starboard);
}

void Epfd(Writer& w, std::uint8_t epfd) {
  w.Uint("epfd", epfd);
  w.Str("epfd_text", EpfdText(epfd));
}

void ShipType(Writer& w, std::uint8_t shiptype) {
  w.Uint("shiptype", shiptype);
  w.Str("shiptype_text", ShipTypeText(shiptype));
}

std::string_view Trend(std::uint8_t t) {
  static constexpr std::string_view kTrend[] = {"steady", "increasing", "decreasing", "N/A"};
  return kTrend[t & 3];
}

std::string_view Precipitation(std::uint8_t p) {
  static constexpr std::string_view kPrecip[] = {
      "reserved", "rain", "thunderstorm", "freezing rain", "mixed/ice", "snow", "reserved", "N/A"};
  return kPrecip[p & 7];
}

std::string_view Ice(std::uint8_t i) {
  static constexpr std::string_view kIce[] = {"no", "yes", "reserved", "N/A"};
  return kIce[i & 3];
}

void TimeOfMonth(Writer& w, unsigned day, unsigned hour, unsigned minute) {
  w.Key("timestamp");
  w.Char('"');
  w.TwoDigits(day);
  w.Char('T');
  w.TwoDigits(hour);
  w.Char(':');
  w.TwoDigits(minute);
  w.Raw("Z\"");
}

void MetHydroFields(Writer& w, const MetHydro& h) {
  w.Ratio("lat", h.lat, 60000, 4, h.lat / 60000.0);
  w.Ratio("lon", h.lon, 60000, 4, h.lon / 60000.0);
  if (h.circ289) w.Bool("accuracy", h.accuracy);
  TimeOfMonth(w, h.day, h.hour, h.minute);
  w.Uint("wspeed", h.wspeed);
  w.Uint("wgust", h.wgust);
  w.Uint("wdir", h.wdir);
  w.Uint("wgustdir", h.wgustdir);
  w.Uint("humidity", h.humidity);
  if (h.circ289) {
    w.Ratio("airtemp", h.airtemp, 10, 1, h.airtemp * 0.1);
    w.Ratio("dewpoint", h.dewpoint, 10, 1, h.dewpoint * 0.1);
    w.Uint("pressure", h.pressure + 799u);
    w.Str("pressuretend", Trend(h.pressuretend));
    w.Bool("visgreater", h.visgreater);
    w.Ratio("visibility", h.visibility, 10, 1, h.visibility * 0.1);
    w.Ratio("waterlevel", h.waterlevel - 1000, 100, 1, h.waterlevel * 0.01 - 10.0);
  } else {
    w.Ratio("airtemp", h.airtemp - 600, 10, 1, h.airtemp * 0.1 - 60.0);
    w.Ratio("dewpoint", h.dewpoint - 200, 10, 1, h.dewpoint * 0.1 - 20.0);
    w.Uint("pressure", h.pressure + 800u);
    w.Str("pressuretend", Trend(h.pressuretend));
    w.Ratio("visibility", h.visibility, 10, 1, h.visibility * 0.1);
    w.Ratio("waterlevel", h.waterlevel - 100, 10, 1, h.waterlevel * 0.1 - 10.0);
  }
  w.Str("leveltrend", Trend(h.leveltrend));
  w.Ratio("cspeed", h.cspeed, 10, 1, h.cspeed * 0.1);
  w.Uint("cdir", h.cdir);
  w.Ratio("cspeed2", h.cspeed2, 10, 1, h.cspeed2 * 0.1);
  w.Uint("cdir2", h.cdir2);
  w.Uint("cdepth2", h.cdepth2);
  w.Ratio("cspeed3", h.cspeed3, 10, 1, h.cspeed3 * 0.1);
  w.Uint("cdir3", h.cdir3);
  w.Uint("cdepth3", h.cdepth3);
  w.Ratio("waveheight", h.waveheight, 10, 1, h.waveheight * 0.1);
  w.Uint("waveperiod", h.waveperiod);
  w.Uint("wavedir", h.wavedir);
  w.Ratio("swellheight", h.swellheight, 10, 1, h.swellheight * 0.1);
  w.Uint("swellperiod", h.swellperiod);
  w.Uint("swelldir", h.swelldir);
  w.Uint("seastate", h.seastate);
  if (h.circ289) {
    w.Ratio("watertemp", h.watertemp, 10, 1, h.watertemp * 0.1);
    w.Str("preciptype", Precipitation(h.preciptype));
    w.Ratio("salinity", h.salinity, 10, 1, h.salinity * 0.1);
    w.Str("ice", Ice(h.ice));
  } else {
    w.Ratio("watertemp", h.watertemp - 100, 10, 1, h.watertemp * 0.1 - 10.0);
    w.Uint("preciptype", h.preciptype);
    w.Str("preciptype_text", Precipitation(h.preciptype));
    w.Ratio("salinity", h.salinity, 10, 1, h.salinity * 0.1);
    w.Uint("ice", h.ice);
    w.Str("ice_text", Ice(h.ice));
  }
}

// ERI ship and combination types (CCNR Inland AIS, Table 2.5) most seen on European rivers.
std::string_view EriShipType(std::uint16_t code) {
  switch (code) {
    case 8000:
      return "Vessel, type unknown";
    case 8010:
      return "Motor freighter";
    case 8020:
      return "Motor tanker";
    case 8021:
      return "Motor tanker, liquid cargo, type N";
    case 8022:
      return "Motor tanker, liquid cargo, type C";
    case 8023:
      return "Motor tanker, dry cargo as if liquid (e.g. cement)";
    case 8030:
      return "Container vessel";
    case 8040:
      return "Gas tanker";
    case 8050:
      return "Motor freighter, tug";
    case 8060:
      return "Motor tanker, tug";
    case 8160:
      return "Tanker barge";
    case 8400:
      return "Tug, single";
    case 8441:
      return "Passenger ship, ferry";
    case 8450:
      return "Service vessel, police patrol, port service";
    default:
      return "Unknown";
  }
}

void MonthDayTime(Writer& w, unsigned month, unsigned day, unsigned hour, unsigned minute) {
  w.Char('"');
  w.TwoDigits(month);
  w.Char('-');
  w.TwoDigits(day);
  w.Char('T');
  w.TwoDigits(hour);
  w.Char(':');
  w.TwoDigits(minute);
  w.Raw("Z\"");
}

void TidalWindowFields(Writer& w, const TidalWindow& tw) {
  w.Uint("month", tw.month);
  w.Uint("day", tw.day);
  w.Key("tidals");
  w.Char('[');
  for (std::size_t i = 0; i < tw.count; ++i) {
    const auto& t = tw.windows[i];
    if (i > 0) w.Char(',');
    w.Raw("{\"lon\":");
    w.RatioValue(t.lon, 60000, 4, t.lon / 60000.0);
    w.Ratio("lat", t.lat, 60000, 4, t.lat / 60000.0);
    w.Uint("from_hour", t.from_hour);
    w.Uint("from_min", t.from_min);
    w.Uint("to_hour", t.to_hour);
    w.Uint("to_min", t.to_min);
    w.Uint("cdir", t.cdir);
    w.Ratio("cspeed", t.cspeed, 10, 1, t.cspeed * 0.1);
    w.Char('}');
  }
  w.Char(']');
}

void ApplicationFields(Writer& w, const BinaryApplication& app, const BinaryData& data) {
  if (const auto* a = std::get_if<AtonMonitoring>(&app)) {
    static constexpr std::string_view kRacon[] = {"No RACON installed", "RACON not monitored",
                                                  "RACON operational", "RACON ERROR"};
    static constexpr std::string_view kLight[] = {"No light or no monitoring", "Light ON",
                                                  "Light OFF", "Light ERROR"};
    w.Bool("off_pos", a->off_pos);
    w.Bool("alarm", a->alarm);
    w.Uint("stat_ext", a->stat_ext);
    // gpsd prints a zero voltage as the integer 0, others in volts with two decimals.
    auto volts = [&](const auto& key, std::uint16_t raw) {
      if (raw == 0) {
        w.Uint(key, 0);
      } else {
        w.Ratio(key, raw * 5, 100, 2, raw * 0.05);
      }
    };
    volts("ana_int", a->ana_int);
    volts("ana_ext1", a->ana_ext1);
    volts("ana_ext2", a->ana_ext2);
    w.Uint("racon", a->racon);
    w.Str("racon_text", kRacon[a->racon & 3]);
    w.Uint("light", a->light);
    w.Str("light_text", kLight[a->light & 3]);
  } else if (const auto* h = std::get_if<MetHydro>(&app)) {
    MetHydroFields(w, *h);
  } else if (const auto* v = std::get_if<InlandStatic>(&app)) {
    static constexpr std::string_view kHazard[] = {"0 blue cones/lights",
                                                   "1 blue cone/light",
                                                   "2 blue cones/lights",
                                                   "3 blue cones/lights",
                                                   "4 B-Flag",
                                                   "Unknown",
                                                   "Unknown",
                                                   "Unknown"};
    static constexpr std::string_view kLoaded[] = {"N/A", "Unloaded", "Loaded", "Reserved"};
    w.Str("vin", v->vin.view());
    w.Uint("length", v->length);
    w.Uint("beam", v->beam);
    w.Uint("shiptype", v->shiptype);
    w.Str("shiptype_text", EriShipType(v->shiptype));
    w.Uint("hazard", v->hazard);
    w.Str("hazard_text", kHazard[v->hazard & 7]);
    w.Uint("draught", v->draught);
    w.Uint("loaded", v->loaded);
    w.Str("loaded_text", kLoaded[v->loaded & 3]);
    w.Bool("speed_q", v->speed_q);
    w.Bool("course_q", v->course_q);
    w.Bool("heading_q", v->heading_q);
  } else if (const auto* d = std::get_if<DangerousCargo>(&app)) {
    w.Str("lastport", d->lastport.view());
    w.Key("departure");
    MonthDayTime(w, d->lmonth, d->lday, d->lhour, d->lminute);
    w.Str("nextport", d->nextport.view());
    w.Key("eta");
    MonthDayTime(w, d->nmonth, d->nday, d->nhour, d->nminute);
    w.Str("dangerous", d->dangerous.view());
    w.Str("imdcat", d->imdcat.view());
    w.Uint("unid", d->unid);
    w.Uint("amount", d->amount);
    w.Uint("unit", d->unit);
  } else if (const auto* tw = std::get_if<TidalWindow>(&app)) {
    TidalWindowFields(w, *tw);
  } else if (const auto* c = std::get_if<ClearanceTime>(&app)) {
    w.Uint("linkage", c->linkage);
    w.Key("arrival");
    MonthDayTime(w, c->month, c->day, c->hour, c->minute);
    w.Str("portname", c->portname.view());
    w.Str("destination", c->destination.view());
    w.Ratio("lon", c->lon, 60000, 4, c->lon / 60000.0);
    w.Ratio("lat", c->lat, 60000, 4, c->lat / 60000.0);
  } else if (const auto* x = std::get_if<TextDescription>(&app)) {
    w.Uint("linkage", x->linkage);
    w.Str("text", x->text.view());
  } else {
    w.Data(data);
  }
}

void Body(Writer& w, const Message& m) {
  std::visit(
      [&](const auto& r) {
        using T = std::decay_t<decltype(r)>;
        if constexpr (std::is_same_v<T, PositionReport>) {
          w.Uint("status", r.status);
          w.Str("status_text", NavigationStatusText(r.status));
          Turn(w, r.turn);
          Speed(w, r.speed);
          w.Bool("accuracy", r.accuracy);
          w.Degrees6("lon", r.lon);
          w.Degrees6("lat", r.lat);
          w.Tenths("course", r.course);
          w.Uint("heading", r.heading);
          w.Uint("second", r.second);
          w.Uint("maneuver", r.maneuver);
          w.Bool("raim", r.raim);
          w.Uint("radio", r.radio);
        } else if constexpr (std::is_same_v<T, BaseStationReport>) {
          // "%04u-%02u-%02uT%02u:%02u:%02uZ": %u, not a 4-digit field, so that an out-of-range
          // year (10196 in gpsd's sample) prints whole.
          w.Key("timestamp");
          w.Char('"');
          if (r.year < 1000) w.Raw(r.year < 10 ? "000" : r.year < 100 ? "00" : "0");
          w.UintValue(r.year);
          w.Char('-');
          w.TwoDigits(r.month);
          w.Char('-');
          w.TwoDigits(r.day);
          w.Char('T');
          w.TwoDigits(r.hour);
          w.Char(':');
          w.TwoDigits(r.minute);
          w.Char(':');
          w.TwoDigits(r.second);
          w.Raw("Z\"");
          w.Bool("accuracy", r.accuracy);
          w.Degrees6("lon", r.lon);
          w.Degrees6("lat", r.lat);
          Epfd(w, r.epfd);
          w.Bool("raim", r.raim);
          w.Uint("radio", r.radio);
        } else if constexpr (std::is_same_v<T, StaticVoyage>) {
          w.Uint("imo", r.imo);
          w.Uint("ais_version", r.ais_version);
          w.Str("callsign", r.callsign.view());
          w.Str("shipname", r.shipname.view());
          ShipType(w, r.shiptype);
          Dimensions(w, r.to_bow, r.to_stern, r.to_port, r.to_starboard);
          Epfd(w, r.epfd);
          w.Key("eta");
          w.Char('"');
          w.TwoDigits(r.month);
          w.Char('-');
          w.TwoDigits(r.day);
          w.Char('T');
          w.TwoDigits(r.hour);
          w.Char(':');
          w.TwoDigits(r.minute);
          w.Raw("Z\"");
          w.Tenths("draught", r.draught);
          w.Str("destination", r.destination.view());
          w.Uint("dte", r.dte ? 1 : 0);
        } else if constexpr (std::is_same_v<T, AddressedBinary>) {
          w.Uint("seqno", r.seqno);
          w.Uint("dest_mmsi", r.dest_mmsi);
          w.Bool("retransmit", r.retransmit);
          w.Uint("dac", r.dac);
          w.Uint("fid", r.fid);
          ApplicationFields(w, r.app, r.data);
        } else if constexpr (std::is_same_v<T, Acknowledge>) {
          w.Uint("mmsi1", r.mmsi[0]);
          w.Uint("mmsi2", r.mmsi[1]);
          w.Uint("mmsi3", r.mmsi[2]);
          w.Uint("mmsi4", r.mmsi[3]);
        } else if constexpr (std::is_same_v<T, BroadcastBinary>) {
          w.Uint("dac", r.dac);
          w.Uint("fid", r.fid);
          ApplicationFields(w, r.app, r.data);
        } else if constexpr (std::is_same_v<T, SarAircraft>) {
          w.Uint("alt", r.alt);
          w.Uint("speed", r.speed);
          w.Bool("accuracy", r.accuracy);
          w.Degrees6("lon", r.lon);
          w.Degrees6("lat", r.lat);
          w.Tenths("course", r.course);
          w.Uint("second", r.second);
          w.Uint("regional", r.regional);
          w.Uint("dte", r.dte ? 1 : 0);
          w.Bool("raim", r.raim);
          w.Uint("radio", r.radio);
        } else if constexpr (std::is_same_v<T, UtcInquiry>) {
          w.Uint("dest_mmsi", r.dest_mmsi);
        } else if constexpr (std::is_same_v<T, SafetyText>) {
          if (m.type == 12) {
            w.Uint("seqno", r.seqno);
            w.Uint("dest_mmsi", r.dest_mmsi);
            w.Bool("retransmit", r.retransmit);
          }
          w.Str("text", r.text.view());
        } else if constexpr (std::is_same_v<T, Interrogation>) {
          w.Uint("mmsi1", r.mmsi1);
          w.Uint("type1_1", r.type1_1);
          w.Uint("offset1_1", r.offset1_1);
          w.Uint("type1_2", r.type1_2);
          w.Uint("offset1_2", r.offset1_2);
          w.Uint("mmsi2", r.mmsi2);
          w.Uint("type2_1", r.type2_1);
          w.Uint("offset2_1", r.offset2_1);
        } else if constexpr (std::is_same_v<T, AssignedModeCommand>) {
          w.Uint("mmsi1", r.mmsi1);
          w.Uint("offset1", r.offset1);
          w.Uint("increment1", r.increment1);
          w.Uint("mmsi2", r.mmsi2);
          w.Uint("offset2", r.offset2);
          w.Uint("increment2", r.increment2);
        } else if constexpr (std::is_same_v<T, GnssBroadcast>) {
          w.Ratio("lon", r.lon, 600, 1, r.lon / 600.0);
          w.Ratio("lat", r.lat, 600, 1, r.lat / 600.0);
          w.Data(r.data);
        } else if constexpr (std::is_same_v<T, ClassBPosition>) {
          w.Uint("reserved", r.reserved);
          Speed(w, r.speed);
          w.Bool("accuracy", r.accuracy);
          w.Degrees6("lon", r.lon);
          w.Degrees6("lat", r.lat);
          w.Tenths("course", r.course);
          w.Uint("heading", r.heading);
          w.Uint("second", r.second);
          w.Uint("regional", r.regional);
          w.Bool("cs", r.cs);
          w.Bool("display", r.display);
          w.Bool("dsc", r.dsc);
          w.Bool("band", r.band);
          w.Bool("msg22", r.msg22);
          w.Bool("raim", r.raim);
          w.Uint("radio", r.radio);
        } else if constexpr (std::is_same_v<T, ClassBExtended>) {
          w.Uint("reserved", r.reserved);
          Speed(w, r.speed);
          w.Bool("accuracy", r.accuracy);
          w.Degrees6("lon", r.lon);
          w.Degrees6("lat", r.lat);
          w.Tenths("course", r.course);
          w.Uint("heading", r.heading);
          w.Uint("second", r.second);
          w.Uint("regional", r.regional);
          w.Str("shipname", r.shipname.view());
          ShipType(w, r.shiptype);
          Dimensions(w, r.to_bow, r.to_stern, r.to_port, r.to_starboard);
          Epfd(w, r.epfd);
          w.Bool("raim", r.raim);
          w.Uint("dte", r.dte ? 1 : 0);
          w.Bool("assigned", r.assigned);
        } else if constexpr (std::is_same_v<T, DataLinkManagement>) {
          const auto& res = r.reservations;
          w.Uint("offset1", res[0].offset);
          w.Uint("number1", res[0].number);
          w.Uint("timeout1", res[0].timeout);
          w.Uint("increment1", res[0].increment);
          w.Uint("offset2", res[1].offset);
          w.Uint("number2", res[1].number);
          w.Uint("timeout2", res[1].timeout);
          w.Uint("increment2", res[1].increment);
          w.Uint("offset3", res[2].offset);
          w.Uint("number3", res[2].number);
          w.Uint("timeout3", res[2].timeout);
          w.Uint("increment3", res[2].increment);
          w.Uint("offset4", res[3].offset);
          w.Uint("number4", res[3].number);
          w.Uint("timeout4", res[3].timeout);
          w.Uint("increment4", res[3].increment);
        } else if constexpr (std::is_same_v<T, AidToNavigation>) {
          w.Uint("aid_type", r.aid_type);
          w.Str("aid_type_text", AidTypeText(r.aid_type));
          w.Str("name", r.name.view());
          w.Degrees6("lon", r.lon);
          w.Degrees6("lat", r.lat);
          w.Bool("accuracy", r.accuracy);
          Dimensions(w, r.to_bow, r.to_stern, r.to_port, r.to_starboard);
          Epfd(w, r.epfd);
          w.Uint("second", r.second);
          w.Uint("regional", r.regional);
          w.Bool("off_position", r.off_position);
          w.Bool("raim", r.raim);
          w.Bool("virtual_aid", r.virtual_aid);
        } else if constexpr (std::is_same_v<T, ChannelManagement>) {
          w.Uint("channel_a", r.channel_a);
          w.Uint("channel_b", r.channel_b);
          w.Uint("txrx", r.txrx);
          w.Bool("power", r.power);
          if (r.addressed) {
            w.Uint("dest1", r.dest1);
            w.Uint("dest2", r.dest2);
          } else {
            w.QuotedTenthMinutes("ne_lon", r.ne_lon);
            w.QuotedTenthMinutes("ne_lat", r.ne_lat);
            w.QuotedTenthMinutes("sw_lon", r.sw_lon);
            w.QuotedTenthMinutes("sw_lat", r.sw_lat);
          }
          w.Bool("addressed", r.addressed);
          w.Bool("band_a", r.band_a);
          w.Bool("band_b", r.band_b);
          w.Uint("zonesize", r.zonesize);
        } else if constexpr (std::is_same_v<T, GroupAssignment>) {
          w.QuotedTenthMinutes("ne_lon", r.ne_lon);
          w.QuotedTenthMinutes("ne_lat", r.ne_lat);
          w.QuotedTenthMinutes("sw_lon", r.sw_lon);
          w.QuotedTenthMinutes("sw_lat", r.sw_lat);
          w.Uint("stationtype", r.stationtype);
          w.Str("stationtype_text", StationTypeText(r.stationtype));
          ShipType(w, r.shiptype);
          w.Uint("interval", r.interval);
          w.Uint("quiet", r.quiet);
        } else if constexpr (std::is_same_v<T, StaticDataReport>) {
          if (r.has_part_a) w.Str("shipname", r.shipname.view());
          if (r.has_part_b) {
            ShipType(w, r.shiptype);
            w.Str("vendorid", r.vendorid.view());
            w.Uint("model", r.model);
            w.Uint("serial", r.serial);
            w.Str("callsign", r.callsign.view());
            if (m.mmsi / 10000000 == 98) {
              w.Uint("mothership_mmsi", r.mothership_mmsi);
            } else {
              Dimensions(w, r.to_bow, r.to_stern, r.to_port, r.to_starboard);
            }
          }
        } else if constexpr (std::is_same_v<T, SlotBinary>) {
          w.Bool("addressed", r.addressed);
          w.Bool("structured", r.structured);
          w.Uint("dest_mmsi", r.dest_mmsi);
          w.Uint("app_id", r.app_id);
          w.Data(r.data);
          if (m.type == 26) w.Uint("radio", r.radio);
        } else if constexpr (std::is_same_v<T, LongRangePosition>) {
          w.Str("status", NavigationStatusText(r.status));
          w.Bool("accuracy", r.accuracy);
          w.Ratio("lon", r.lon, 600, 1, r.lon / 600.0);
          w.Ratio("lat", r.lat, 600, 1, r.lat / 600.0);
          w.Uint("speed", r.speed);
          w.Uint("course", r.course);
          w.Bool("raim", r.raim);
          w.Bool("gnss", r.gnss);
        }
      },
      m.body);
}

}  // namespace

void AppendJsonString(std::string_view text, std::string* out) {
  char buf[Writer::kCapacity];
  if (text.size() > (Writer::kCapacity - 2) / 6) text = text.substr(0, (Writer::kCapacity - 2) / 6);
  Writer w(buf);
  w.StringValue(text);
  out->append(buf, w.size());
}

void AppendJson(const Message& m, const JsonOptions& options, std::string* out) {
  char buf[Writer::kCapacity];
  Writer w(buf);
  w.Raw("{\"class\":\"AIS\"");
  // The device name is the caller's: cut so that the buffer bound holds.
  if (!options.device.empty()) w.Str("device", options.device.substr(0, 256));
  w.Uint("type", m.type);
  w.Uint("repeat", m.repeat);
  w.Uint("mmsi", m.mmsi);
  w.Raw(",\"scaled\":true");
  Body(w, m);
  if (options.envelope) {
    w.Int("line", m.envelope.line);
    if (m.envelope.time) w.Str("time", core::FormatIso8601(*m.envelope.time));
    if (!m.envelope.source.empty()) w.Str("source", m.envelope.source.view());
  }
  w.Raw("}\n");
  out->append(buf, w.size());
}

}  // namespace istmo::ais

// JSON fields of the binary messages (decode_binary.cc): types 6, 7, 13, 8, 25 and 26, and the
// applications of 6/8 that are decoded field by field, with gpsd's names and spellings.
#include <string_view>
#include <variant>

#include "ais/internal/json_writer.h"

namespace istmo::ais::internal {
namespace {

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

// One overload per alternative of BinaryApplication, as Fields() per MessageBody: a new
// application without one does not compile. `data` is the payload after DAC/FID, written
// as bits and hex when the application is not one we decode.
template <class App>
void ApplicationFields(Writer& w, const BinaryData& data, const App& app) = delete;

void ApplicationFields(Writer& w, const BinaryData& data, const std::monostate&) { w.Data(data); }

void ApplicationFields(Writer& w, const BinaryData&, const AtonMonitoring& a) {
  static constexpr std::string_view kRacon[] = {"No RACON installed", "RACON not monitored",
                                                "RACON operational", "RACON ERROR"};
  static constexpr std::string_view kLight[] = {"No light or no monitoring", "Light ON",
                                                "Light OFF", "Light ERROR"};
  w.Bool("off_pos", a.off_pos);
  w.Bool("alarm", a.alarm);
  w.Uint("stat_ext", a.stat_ext);
  // gpsd prints a zero voltage as the integer 0, others in volts with two decimals.
  auto volts = [&](const auto& key, std::uint16_t raw) {
    if (raw == 0) {
      w.Uint(key, 0);
    } else {
      w.Ratio(key, raw * 5, 100, 2, raw * 0.05);
    }
  };
  volts("ana_int", a.ana_int);
  volts("ana_ext1", a.ana_ext1);
  volts("ana_ext2", a.ana_ext2);
  w.Uint("racon", a.racon);
  w.Str("racon_text", kRacon[a.racon & 3]);
  w.Uint("light", a.light);
  w.Str("light_text", kLight[a.light & 3]);
}

void ApplicationFields(Writer& w, const BinaryData&, const MetHydro& h) {
  w.Ratio("lat", h.lat, 60000, 4, h.lat / 60000.0);
  w.Ratio("lon", h.lon, 60000, 4, h.lon / 60000.0);
  if (h.circ289) w.Bool("accuracy", h.accuracy);
  w.Key("timestamp");
  w.Char('"');
  DayTimeTail(w, h.day, h.hour, h.minute);
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

void ApplicationFields(Writer& w, const BinaryData&, const InlandStatic& v) {
  static constexpr std::string_view kHazard[] = {"0 blue cones/lights",
                                                 "1 blue cone/light",
                                                 "2 blue cones/lights",
                                                 "3 blue cones/lights",
                                                 "4 B-Flag",
                                                 "Unknown",
                                                 "Unknown",
                                                 "Unknown"};
  static constexpr std::string_view kLoaded[] = {"N/A", "Unloaded", "Loaded", "Reserved"};
  w.Str("vin", v.vin.view());
  w.Uint("length", v.length);
  w.Uint("beam", v.beam);
  w.Uint("shiptype", v.shiptype);
  w.Str("shiptype_text", EriShipType(v.shiptype));
  w.Uint("hazard", v.hazard);
  w.Str("hazard_text", kHazard[v.hazard & 7]);
  w.Uint("draught", v.draught);
  w.Uint("loaded", v.loaded);
  w.Str("loaded_text", kLoaded[v.loaded & 3]);
  w.Bool("speed_q", v.speed_q);
  w.Bool("course_q", v.course_q);
  w.Bool("heading_q", v.heading_q);
}

void ApplicationFields(Writer& w, const BinaryData&, const DangerousCargo& d) {
  w.Str("lastport", d.lastport.view());
  w.Key("departure");
  MonthDayTime(w, d.lmonth, d.lday, d.lhour, d.lminute);
  w.Str("nextport", d.nextport.view());
  w.Key("eta");
  MonthDayTime(w, d.nmonth, d.nday, d.nhour, d.nminute);
  w.Str("dangerous", d.dangerous.view());
  w.Str("imdcat", d.imdcat.view());
  w.Uint("unid", d.unid);
  w.Uint("amount", d.amount);
  w.Uint("unit", d.unit);
}

void ApplicationFields(Writer& w, const BinaryData&, const TidalWindow& tw) {
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

void ApplicationFields(Writer& w, const BinaryData&, const ClearanceTime& c) {
  w.Uint("linkage", c.linkage);
  w.Key("arrival");
  MonthDayTime(w, c.month, c.day, c.hour, c.minute);
  w.Str("portname", c.portname.view());
  w.Str("destination", c.destination.view());
  w.Ratio("lon", c.lon, 60000, 4, c.lon / 60000.0);
  w.Ratio("lat", c.lat, 60000, 4, c.lat / 60000.0);
}

void ApplicationFields(Writer& w, const BinaryData&, const TextDescription& x) {
  w.Uint("linkage", x.linkage);
  w.Str("text", x.text.view());
}

void WriteApplication(Writer& w, const BinaryApplication& app, const BinaryData& data) {
  std::visit([&](const auto& a) { ApplicationFields(w, data, a); }, app);
}

}  // namespace

void Fields(Writer& w, const Message&, const AddressedBinary& r) {
  w.Uint("seqno", r.seqno);
  w.Uint("dest_mmsi", r.dest_mmsi);
  w.Bool("retransmit", r.retransmit);
  w.Uint("dac", r.dac);
  w.Uint("fid", r.fid);
  WriteApplication(w, r.app, r.data);
}

void Fields(Writer& w, const Message&, const Acknowledge& r) {
  w.Uint("mmsi1", r.mmsi[0]);
  w.Uint("mmsi2", r.mmsi[1]);
  w.Uint("mmsi3", r.mmsi[2]);
  w.Uint("mmsi4", r.mmsi[3]);
}

void Fields(Writer& w, const Message&, const BroadcastBinary& r) {
  w.Uint("dac", r.dac);
  w.Uint("fid", r.fid);
  WriteApplication(w, r.app, r.data);
}

void Fields(Writer& w, const Message& m, const SlotBinary& r) {
  w.Bool("addressed", r.addressed);
  w.Bool("structured", r.structured);
  w.Uint("dest_mmsi", r.dest_mmsi);
  w.Uint("app_id", r.app_id);
  w.Data(r.data);
  // Only type 26 carries a communication state (Table 82).
  if (m.type == 26) w.Uint("radio", r.radio);
}

}  // namespace istmo::ais::internal

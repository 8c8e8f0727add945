// JSON fields of the static and base station reports (decode_static.cc): types 4, 11, 5
// and 24, in gpsd's order.
#include "ais/internal/json_writer.h"

namespace istmo::ais::internal {

void Fields(Writer& w, const Message&, const BaseStationReport& r) {
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
}

void Fields(Writer& w, const Message&, const StaticVoyage& r) {
  w.Uint("imo", r.imo);
  w.Uint("ais_version", r.ais_version);
  w.Str("callsign", r.callsign.view());
  w.Str("shipname", r.shipname.view());
  ShipType(w, r.shiptype);
  Dimensions(w, r.to_bow, r.to_stern, r.to_port, r.to_starboard);
  Epfd(w, r.epfd);
  w.Key("eta");
  MonthDayTime(w, r.month, r.day, r.hour, r.minute);
  w.Tenths("draught", r.draught);
  w.Str("destination", r.destination.view());
  w.Uint("dte", r.dte ? 1 : 0);
}

void Fields(Writer& w, const Message& m, const StaticDataReport& r) {
  if (r.has_part_a) w.Str("shipname", r.shipname.view());
  if (r.has_part_b) {
    ShipType(w, r.shiptype);
    w.Str("vendorid", r.vendorid.view());
    w.Uint("model", r.model);
    w.Uint("serial", r.serial);
    w.Str("callsign", r.callsign.view());
    // An auxiliary craft (MMSI 98XXXYYYY) sends its mother ship's MMSI instead of dimensions
    // (ITU-R M.1371-5 Table 79).
    if (m.mmsi / 10000000 == 98) {
      w.Uint("mothership_mmsi", r.mothership_mmsi);
    } else {
      Dimensions(w, r.to_bow, r.to_stern, r.to_port, r.to_starboard);
    }
  }
}

}  // namespace istmo::ais::internal

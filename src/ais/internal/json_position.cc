// JSON fields of the position reports (decode_position.cc): types 1–3, 9, 18, 19 and 27, in
// gpsd's order and scaling.
#include <cmath>

#include "ais/internal/json_writer.h"

namespace istmo::ais::internal {
namespace {

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

// The fields that types 18 and 19 share, up to the regional bits (Tables 71 and 72).
template <class ClassB>
void ClassBHead(Writer& w, const ClassB& r) {
  w.Uint("reserved", r.reserved);
  Speed(w, r.speed);
  w.Bool("accuracy", r.accuracy);
  w.Degrees6("lon", r.lon);
  w.Degrees6("lat", r.lat);
  w.Tenths("course", r.course);
  w.Uint("heading", r.heading);
  w.Uint("second", r.second);
  w.Uint("regional", r.regional);
}

}  // namespace

void Fields(Writer& w, const Message&, const PositionReport& r) {
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
}

void Fields(Writer& w, const Message&, const SarAircraft& r) {
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
}

void Fields(Writer& w, const Message&, const ClassBPosition& r) {
  ClassBHead(w, r);
  w.Bool("cs", r.cs);
  w.Bool("display", r.display);
  w.Bool("dsc", r.dsc);
  w.Bool("band", r.band);
  w.Bool("msg22", r.msg22);
  w.Bool("raim", r.raim);
  w.Uint("radio", r.radio);
}

void Fields(Writer& w, const Message&, const ClassBExtended& r) {
  ClassBHead(w, r);
  w.Str("shipname", r.shipname.view());
  ShipType(w, r.shiptype);
  Dimensions(w, r.to_bow, r.to_stern, r.to_port, r.to_starboard);
  Epfd(w, r.epfd);
  w.Bool("raim", r.raim);
  w.Uint("dte", r.dte ? 1 : 0);
  w.Bool("assigned", r.assigned);
}

void Fields(Writer& w, const Message&, const LongRangePosition& r) {
  w.Str("status", NavigationStatusText(r.status));
  w.Bool("accuracy", r.accuracy);
  w.Ratio("lon", r.lon, 600, 1, r.lon / 600.0);
  w.Ratio("lat", r.lat, 600, 1, r.lat / 600.0);
  w.Uint("speed", r.speed);
  w.Uint("course", r.course);
  w.Bool("raim", r.raim);
  w.Bool("gnss", r.gnss);
}

}  // namespace istmo::ais::internal

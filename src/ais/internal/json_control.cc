// JSON fields of the link control and navigation messages (decode_control.cc): types 10, 15,
// 16, 17, 20, 21, 22 and 23, in gpsd's order.
#include "ais/internal/json_writer.h"

namespace istmo::ais::internal {

namespace {

// The rectangle a channel management (22) or group assignment (23) applies to: its north-east
// and south-west corners, in tenths of a minute as gpsd quotes them.
template <class Body>
void Area(Writer& w, const Body& r) {
  w.QuotedTenthMinutes("ne_lon", r.ne_lon);
  w.QuotedTenthMinutes("ne_lat", r.ne_lat);
  w.QuotedTenthMinutes("sw_lon", r.sw_lon);
  w.QuotedTenthMinutes("sw_lat", r.sw_lat);
}

}  // namespace

void Fields(Writer& w, const Message&, const UtcInquiry& r) { w.Uint("dest_mmsi", r.dest_mmsi); }

void Fields(Writer& w, const Message&, const Interrogation& r) {
  w.Uint("mmsi1", r.mmsi1);
  w.Uint("type1_1", r.type1_1);
  w.Uint("offset1_1", r.offset1_1);
  w.Uint("type1_2", r.type1_2);
  w.Uint("offset1_2", r.offset1_2);
  w.Uint("mmsi2", r.mmsi2);
  w.Uint("type2_1", r.type2_1);
  w.Uint("offset2_1", r.offset2_1);
}

void Fields(Writer& w, const Message&, const AssignedModeCommand& r) {
  w.Uint("mmsi1", r.mmsi1);
  w.Uint("offset1", r.offset1);
  w.Uint("increment1", r.increment1);
  w.Uint("mmsi2", r.mmsi2);
  w.Uint("offset2", r.offset2);
  w.Uint("increment2", r.increment2);
}

void Fields(Writer& w, const Message&, const GnssBroadcast& r) {
  w.Ratio("lon", r.lon, 600, 1, r.lon / 600.0);
  w.Ratio("lat", r.lat, 600, 1, r.lat / 600.0);
  w.Data(r.data);
}

void Fields(Writer& w, const Message&, const DataLinkManagement& r) {
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
}

void Fields(Writer& w, const Message&, const AidToNavigation& r) {
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
}

void Fields(Writer& w, const Message&, const ChannelManagement& r) {
  w.Uint("channel_a", r.channel_a);
  w.Uint("channel_b", r.channel_b);
  w.Uint("txrx", r.txrx);
  w.Bool("power", r.power);
  if (r.addressed) {
    w.Uint("dest1", r.dest1);
    w.Uint("dest2", r.dest2);
  } else {
    Area(w, r);
  }
  w.Bool("addressed", r.addressed);
  w.Bool("band_a", r.band_a);
  w.Bool("band_b", r.band_b);
  w.Uint("zonesize", r.zonesize);
}

void Fields(Writer& w, const Message&, const GroupAssignment& r) {
  Area(w, r);
  w.Uint("stationtype", r.stationtype);
  w.Str("stationtype_text", StationTypeText(r.stationtype));
  ShipType(w, r.shiptype);
  w.Uint("interval", r.interval);
  w.Uint("quiet", r.quiet);
}

}  // namespace istmo::ais::internal

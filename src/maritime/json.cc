#include "maritime/json.h"

#include <cmath>

#include "core/time.h"
#include "maritime/mid.h"

namespace istmo::maritime {
namespace {

std::string Time(std::int64_t t_us) {
  return core::FormatIso8601(core::Timestamp(std::chrono::microseconds(t_us)));
}

nlohmann::json FlagsJson(std::uint8_t flags) {
  nlohmann::json out = nlohmann::json::array();
  if (flags & kPositionOutOfRange) out.push_back("out_of_range");
  if (flags & kPositionNullIsland) out.push_back("null_island");
  if (flags & kPositionJump) out.push_back("jump");
  return out;
}

void Motion(nlohmann::json& j, std::uint16_t sog, std::uint16_t cog, std::uint16_t heading) {
  if (sog != ais::kSpeedNotAvailable) j["sog_kn"] = sog / 10.0;
  if (cog < ais::kCourseNotAvailable) j["cog_deg"] = cog / 10.0;
  if (heading < 360) j["heading_deg"] = heading;
}

}  // namespace

nlohmann::json VesselJson(const Vessel& vessel) {
  const VesselState& s = vessel.state;
  const VesselIdentity& id = *vessel.identity;
  nlohmann::json j = {{"mmsi", s.mmsi}, {"kind", StationKindName(s.kind)}};
  if (const FlagState* flag = MidTable::Default().FlagOf(s.mmsi)) {
    j["flag"] = {{"iso2", flag->iso2}, {"name", flag->name}};
  }
  if (!id.name.empty()) j["name"] = id.name;
  if (!id.callsign.empty()) j["callsign"] = id.callsign;
  if (id.imo != 0) j["imo"] = id.imo;
  if (id.ship_type != 0) {
    j["ship_type"] = id.ship_type;
    j["ship_type_text"] = ais::ShipTypeText(id.ship_type);
  }
  if (id.to_bow || id.to_stern || id.to_port || id.to_starboard) {
    j["dimensions"] = {{"to_bow", id.to_bow},
                       {"to_stern", id.to_stern},
                       {"to_port", id.to_port},
                       {"to_starboard", id.to_starboard},
                       {"length_m", id.to_bow + id.to_stern},
                       {"beam_m", id.to_port + id.to_starboard}};
  }
  if (id.draught_dm != 0) j["draught_m"] = id.draught_dm / 10.0;
  if (!id.destination.empty()) j["destination"] = id.destination;
  if (!id.eta.empty()) j["eta"] = id.eta;
  if (id.first_seen_us != 0) j["first_seen"] = Time(id.first_seen_us);
  if (id.static_t_us != 0) j["static_time"] = Time(id.static_t_us);
  if (!id.source.empty()) j["source"] = id.source;
  if (s.has_position()) {
    nlohmann::json p = {{"lat", s.lat_deg()}, {"lon", s.lon_deg()}, {"time", Time(s.t_us)}};
    Motion(p, s.sog, s.cog, s.heading);
    if (s.nav_status != 15) {
      p["nav_status"] = s.nav_status;
      p["nav_status_text"] = ais::NavigationStatusText(s.nav_status);
    }
    p["flags"] = FlagsJson(s.flags);
    j["position"] = std::move(p);
  }
  return j;
}

nlohmann::json TrackPointJson(const TrackPoint& point) {
  nlohmann::json j = {
      {"time", Time(point.t_us)}, {"lat", point.lat / 600000.0}, {"lon", point.lon / 600000.0}};
  Motion(j, point.sog, point.cog, point.heading);
  j["flags"] = FlagsJson(point.flags);
  j["source"] = point.source;
  return j;
}

nlohmann::json IdentityChangeJson(const IdentityChange& change) {
  return {{"time", Time(change.t_us)},
          {"field", change.field},
          {"old", change.old_value},
          {"new", change.new_value}};
}

nlohmann::json FeedCountersJson(const FeedCounters& c) {
  nlohmann::json by_type = nlohmann::json::object();
  for (std::size_t t = 1; t < c.by_type.size(); ++t) {
    if (c.by_type[t] != 0) by_type[std::to_string(t)] = c.by_type[t];
  }
  nlohmann::json bad = nlohmann::json::object();
  for (std::size_t k = 0; k < c.bad.size(); ++k) {
    bad[std::string(ais::BadInputName(static_cast<ais::BadInput>(k)))] = c.bad[k];
  }
  nlohmann::json j = {{"lines", c.lines},
                      {"other_lines", c.other_lines},
                      {"messages", c.messages},
                      {"by_type", by_type},
                      {"bad", bad},
                      {"bad_total", c.bad_total()},
                      {"stale", c.stale},
                      {"no_position", c.no_position},
                      {"implausible", c.implausible},
                      {"track_points", c.track_points},
                      {"identity_changes", c.identity_changes},
                      {"new_stations", c.new_stations},
                      {"detections", c.detections},
                      {"batches", c.batches}};
  if (c.last_message_us != 0) j["last_message"] = Time(c.last_message_us);
  return j;
}

nlohmann::json DetectionJson(const StoredDetection& d) {
  // Written by StoreDetections; a row that does not parse (edited by hand) shows null.
  const auto parsed = [](const std::string& text) {
    nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
    return j.is_discarded() ? nlohmann::json(nullptr) : j;
  };
  nlohmann::json j = {{"kind", DetectionKindName(d.kind)},
                      {"mmsi", d.mmsi},
                      {"start", Time(d.start_us)},
                      {"end", Time(d.end_us)},
                      {"intentional", d.intentional},
                      {"open", d.open},
                      {"measured", d.measured},
                      {"thresholds", parsed(d.thresholds_json)},
                      {"evidence", parsed(d.evidence_json)}};
  if (d.partner != 0) j["partner"] = d.partner;
  if (!d.zone_id.empty()) j["zone"] = d.zone_id;
  if (!d.note_json.empty()) j["note"] = parsed(d.note_json);
  return j;
}

nlohmann::json DetectionEventJson(const DetectionEvent& e) { return DetectionJson(StoredFrom(e)); }

}  // namespace istmo::maritime

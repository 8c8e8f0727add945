#include "maritime/identity_changes.h"

#include <nlohmann/json.hpp>

#include "maritime/watchlists.h"

namespace istmo::maritime {

bool IsJudgedIdentityChange(const IdentityChange& change) {
  if (change.old_value.empty()) return false;
  // Two MIDs of one administration (366 and 367 are both the United States) are no new flag.
  if (change.field == "flag") return change.old_value != change.new_value;
  // Spacing and punctuation are no new name: real logs have stations alternating "POLAR
  // ENDEAVOUR" with "POLAR  ENDEAVOUR".
  if (change.field == "name" || change.field == "callsign") {
    return NormalizeVesselText(change.old_value) != NormalizeVesselText(change.new_value);
  }
  return false;
}

std::optional<DetectionEvent> JudgeIdentityChange(std::uint32_t mmsi, std::int64_t t_us,
                                                  std::int64_t since_us, bool since_change,
                                                  std::span<const IdentityChange> changes,
                                                  std::chrono::hours window,
                                                  const std::optional<EvidencePoint>& where) {
  const std::int64_t window_us = std::chrono::duration_cast<std::chrono::microseconds>(window).count();
  if (window_us <= 0 || since_us == 0 || t_us < since_us || t_us - since_us > window_us) {
    return std::nullopt;
  }
  nlohmann::json list = nlohmann::json::array();
  for (const IdentityChange& c : changes) {
    if (!IsJudgedIdentityChange(c)) continue;
    list.push_back({{"field", c.field}, {"old", c.old_value}, {"new", c.new_value}});
  }
  if (list.empty()) return std::nullopt;
  DetectionEvent e{.kind = DetectionKind::kIdentityChange,
                   .mmsi = mmsi,
                   .start_us = t_us,
                   .end_us = t_us,
                   .measured = static_cast<double>(t_us - since_us) / 86400e6,
                   .thresholds = {{"window_days", static_cast<double>(window.count()) / 24}}};
  if (where) e.evidence.push_back(*where);
  const core::Timestamp since{std::chrono::microseconds(since_us)};
  e.note = nlohmann::json{{"changes", std::move(list)},
                          {"since", since_change ? "change" : "first_seen"},
                          {"since_t", core::FormatIso8601(since)}}
               .dump();
  return e;
}

void IdentityTracker::Add(const ais::Message& m, std::int64_t t_us,
                          std::vector<DetectionEvent>& out) {
  Known& k = known_[m.mmsi];
  if (k.first_seen_us == 0) k.first_seen_us = t_us;
  std::string name, callsign;
  if (const auto* p = std::get_if<ais::PositionReport>(&m.body)) {
    if (p->lat != ais::kLatNotAvailable && p->lon != ais::kLonNotAvailable) {
      k.last_position = EvidencePoint{
          .mmsi = m.mmsi, .t_us = t_us, .lat = p->lat, .lon = p->lon, .sog = p->speed};
    }
    return;
  } else if (const auto* b = std::get_if<ais::ClassBPosition>(&m.body)) {
    if (b->lat != ais::kLatNotAvailable && b->lon != ais::kLonNotAvailable) {
      k.last_position = EvidencePoint{
          .mmsi = m.mmsi, .t_us = t_us, .lat = b->lat, .lon = b->lon, .sog = b->speed};
    }
    return;
  } else if (const auto* sv = std::get_if<ais::StaticVoyage>(&m.body)) {
    name = std::string(sv->shipname.view());
    callsign = std::string(sv->callsign.view());
  } else if (const auto* sd = std::get_if<ais::StaticDataReport>(&m.body)) {
    name = std::string(sd->shipname.view());
    callsign = std::string(sd->callsign.view());
  } else if (const auto* e = std::get_if<ais::ClassBExtended>(&m.body)) {
    name = std::string(e->shipname.view());
  } else {
    return;
  }
  std::vector<IdentityChange> changes;
  if (!name.empty() && name != k.name) {
    changes.push_back({.t_us = t_us, .field = "name", .old_value = k.name, .new_value = name});
    k.name = name;
  }
  if (!callsign.empty() && callsign != k.callsign) {
    changes.push_back(
        {.t_us = t_us, .field = "callsign", .old_value = k.callsign, .new_value = callsign});
    k.callsign = callsign;
  }
  const bool since_change = k.last_change_us != 0;
  if (auto event = JudgeIdentityChange(m.mmsi, t_us, since_change ? k.last_change_us : k.first_seen_us,
                                       since_change, changes, window_, k.last_position)) {
    out.push_back(std::move(*event));
  }
  for (const IdentityChange& c : changes) {
    if (IsJudgedIdentityChange(c)) k.last_change_us = t_us;
  }
}

}  // namespace istmo::maritime

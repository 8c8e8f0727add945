#include "maritime/alerts.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <optional>

#include <nlohmann/json.hpp>

#include "maritime/json.h"
#include "maritime/mid.h"

namespace istmo::maritime {

namespace {

bool IsPair(DetectionKind kind) {
  return kind == DetectionKind::kEncounter || kind == DetectionKind::kRendezvous;
}

core::Timestamp AtUs(std::int64_t us) { return core::Timestamp(std::chrono::microseconds(us)); }

// What the alert says of a vessel, as it was at `t_us`.
struct Named {
  std::string name;
  std::uint8_t ship_type = 0;
};

// The picture holds the latest name; a change after `t_us` is in the identity history (written
// in this transaction or an earlier one), whose first such change kept the name of `t_us`.
core::Result<Named> NameAt(store::Connection& tx, const Picture& picture, std::uint32_t mmsi,
                           std::int64_t t_us) {
  Named out;
  if (auto v = picture.Get(mmsi)) {
    out.name = v->identity->name;
    out.ship_type = v->identity->ship_type;
  }
  ISTMO_ASSIGN_OR_RETURN(
      auto later, tx.QueryOne("SELECT old_value FROM maritime_identity_history WHERE mmsi = ? AND "
                              "field = 'name' AND t > ? ORDER BY t LIMIT 1",
                              {std::int64_t{mmsi}, t_us}));
  if (later) out.name = later->Text(0);
  return out;
}

std::string Label(std::uint32_t mmsi, const std::string& name) {
  return name.empty() ? std::to_string(mmsi) : name + " (" + std::to_string(mmsi) + ")";
}

std::string Number(double value, const char* format) {
  char text[32];
  std::snprintf(text, sizeof text, format, value);
  return text;
}

// English titles for API clients; the web app words its own from detail.code (docs/api.md).
std::string Title(const DetectionEvent& e, const std::string& vessel, const std::string& partner) {
  switch (e.kind) {
    case DetectionKind::kGap:
      return std::string(e.intentional ? "Likely intentional AIS gap" : "AIS gap") + " of " +
             Number(e.measured, "%.1f") + " h: " + vessel;
    case DetectionKind::kEncounter:
      return "Encounter at sea: " + vessel + " and " + partner;
    case DetectionKind::kRendezvous:
      return "Rendezvous in the EEZ: " + vessel + " and " + partner;
    case DetectionKind::kLoitering:
      return "Loitering: " + vessel;
    case DetectionKind::kGoFast:
      return "Go-fast run at " + Number(e.measured, "%.0f") + " kn: " + vessel;
    case DetectionKind::kImpliedSpeed:
      // Two positions at the same time, apart: no finite speed joins them.
      if (!std::isfinite(e.measured)) return "Two positions at the same time: " + vessel;
      return "Implied speed of " + Number(e.measured, "%.0f") + " kn: " + vessel;
    case DetectionKind::kDuplicateMmsi:
      return "One MMSI in two places: " + vessel;
    case DetectionKind::kInvalidMmsi:
      return "Invalid MMSI: " + vessel;
    case DetectionKind::kOnLand:
      return "Positions on land: " + vessel;
    case DetectionKind::kNotAvailable:
      return "\"Not available\" values sent as positions: " + vessel;
    default: {
      // Kinds added after this file: their name, in words.
      std::string words(DetectionKindName(e.kind));
      std::replace(words.begin(), words.end(), '_', ' ');
      if (!words.empty()) words[0] = static_cast<char>(std::toupper(words[0]));
      return words + ": " + vessel;
    }
  }
}

bool InEez(const DetectionAlertOptions& options, const DetectionEvent& e) {
  if (e.kind == DetectionKind::kRendezvous) return true;  // the short variant exists only there
  if (!options.geography || e.evidence.empty()) return false;
  const EvidencePoint& p = e.evidence.front();
  return options.geography(p.lat / 600000.0, p.lon / 600000.0).in_eez;
}

}  // namespace

std::string_view DetectionSeverity(const DetectionEvent& e, bool in_eez) {
  switch (e.kind) {
    // A likely intentional gap met every one of GFW's conditions (long, far out, where the feed
    // hears well): the behaviour the service looks for. Other gaps are mostly reception.
    case DetectionKind::kGap:
      return e.intentional ? "critical" : "info";
    // Speed toward a landing coast, and transfers at sea: interdiction windows of minutes.
    case DetectionKind::kGoFast:
    case DetectionKind::kRendezvous:
      return "critical";
    case DetectionKind::kEncounter:
      return in_eez ? "critical" : "warning";
    // Worth a look, rarely urgent: someone waits at sea, or hides who they are.
    case DetectionKind::kLoitering:
    case DetectionKind::kImpliedSpeed:
    case DetectionKind::kDuplicateMmsi:
    case DetectionKind::kInvalidMmsi:
    case DetectionKind::kOnLand:
      return "warning";
    // Mostly badly configured transponders.
    case DetectionKind::kNotAvailable:
      return "info";
    default:
      return "warning";
  }
}

DetectionAlerts::DetectionAlerts(DetectionAlertOptions options) : options_(std::move(options)) {}

core::Result<store::Alert> DetectionAlerts::AlertOf(store::Connection& tx, const DetectionEvent& e,
                                                    const Picture& picture) const {
  const std::string kind(DetectionKindName(e.kind));
  ISTMO_ASSIGN_OR_RETURN(Named vessel, NameAt(tx, picture, e.mmsi, e.end_us));
  nlohmann::json detail = {{"code", "maritime_" + kind}, {"mmsi", e.mmsi}};
  if (!vessel.name.empty()) detail["name"] = vessel.name;
  if (const FlagState* flag = MidTable::Default().FlagOf(e.mmsi)) detail["flag"] = flag->iso2;
  if (vessel.ship_type != 0) detail["ship_type"] = vessel.ship_type;
  std::string partner_label;
  // A duplicate MMSI names itself as its partner: there is no other vessel to name.
  if (e.partner != 0 && e.partner != e.mmsi) {
    ISTMO_ASSIGN_OR_RETURN(Named partner, NameAt(tx, picture, e.partner, e.end_us));
    detail["partner"] = e.partner;
    if (!partner.name.empty()) detail["partner_name"] = partner.name;
    partner_label = Label(e.partner, partner.name);
  }
  if (!e.zone_id.empty()) detail["zone"] = e.zone_id;
  detail["detection"] = DetectionEventJson(e);

  store::Alert a;
  a.owner_org = options_.owner_org;
  a.releasability = options_.releasability;
  a.module = "maritime";
  a.kind = kind;
  a.severity = std::string(DetectionSeverity(e, InEez(options_, e)));
  a.title = Title(e, Label(e.mmsi, vessel.name), partner_label);
  a.detail = detail.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  a.subject = "mmsi:" + std::to_string(e.mmsi);
  a.dedupe_key = kind + ":" + std::to_string(e.mmsi);
  if (IsPair(e.kind)) {
    const auto [lo, hi] = std::minmax(e.mmsi, e.partner);
    a.dedupe_key = kind + ":" + std::to_string(lo) + ":" + std::to_string(hi);
  }
  return a;
}

core::Status DetectionAlerts::Raise(store::Connection& tx, std::span<const DetectionEvent> events,
                                    const Picture& picture) const {
  if (!enabled()) return core::Ok();
  for (const DetectionEvent& e : events) {
    const store::Params key = {std::string(DetectionKindName(e.kind)), std::int64_t{e.mmsi},
                               e.start_us, std::int64_t{e.partner}};
    ISTMO_ASSIGN_OR_RETURN(
        auto raised,
        tx.QueryOne("SELECT end_t FROM maritime_alerted_detections WHERE kind = ? AND mmsi = ? "
                    "AND start_t = ? AND partner = ?",
                    key));
    // Raised already, as long or longer: a replay, or a resumed log.
    if (raised && raised->Int(0) >= e.end_us) continue;
    ISTMO_ASSIGN_OR_RETURN(store::Alert alert, AlertOf(tx, e, picture));
    ISTMO_RETURN_IF_ERROR(store::RaiseAlert(tx, std::move(alert), AtUs(e.end_us)));
    store::Params row = key;
    row.emplace_back(e.end_us);
    ISTMO_RETURN_IF_ERROR(
        tx.Exec("INSERT INTO maritime_alerted_detections (kind, mmsi, start_t, partner, end_t) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT (kind, mmsi, start_t, partner) DO UPDATE SET "
                "end_t = excluded.end_t",
                row));
  }
  return core::Ok();
}

store::Migration DetectionAlertMigration() {
  // The key of maritime_detections, and the end it was raised with: a suppressed raise counts
  // too, so that lifting a suppression does not bring back what was suppressed.
  return {"maritime_alerts", 1, "detections raised as alerts", R"sql(
CREATE TABLE maritime_alerted_detections (
  kind     TEXT NOT NULL,
  mmsi     INTEGER NOT NULL,
  start_t  INTEGER NOT NULL,
  partner  INTEGER NOT NULL DEFAULT 0,
  end_t    INTEGER NOT NULL,
  PRIMARY KEY (kind, mmsi, start_t, partner)
);
)sql"};
}

}  // namespace istmo::maritime

// maritime/alerts.h — behaviour detections turned into platform alerts (store/alerts.h), in the
// write transaction that stores them, so that an event and its alert commit or roll back together.
//
// One open alert per vessel and kind: the dedupe key is "<kind>:<mmsi>", and for the two-vessel
// kinds (encounter, rendezvous) "<kind>:<lower mmsi>:<higher mmsi>", so a vessel that keeps going
// dark, or a pair that keeps meeting, updates one alert (occurrences, latest detail) until an
// officer closes it. The subject is "mmsi:<mmsi>" (for a pair, the lower MMSI, which the detector
// reports as the event's vessel): a suppression of that vessel stops its alerts.
//
// Who owns them: AIS detections have no owner (open broadcast data), alerts do. The process's
// configuration names one organization (maritime.alerts_owner) and the releasability of its
// alerts (maritime.alerts_releasability); without an owner no alert is raised.
//
// Determinism: an alert's times are its detection's end time (never a clock), its text comes from
// the event and from the vessel's name as it was at that time, and each detection is raised once
// (a replayed or resumed log raises nothing twice: maritime_alerted_detections remembers what was
// raised, in the same transaction). A replay therefore leaves the alerts a live feed left, ids
// aside. The ship type is the picture's at the write (types rarely change; their changes are not
// in the identity history).
//
// Thread-safety: a DetectionAlerts is immutable after construction; share it between feeds.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "maritime/detect.h"
#include "maritime/picture.h"
#include "store/alerts.h"
#include "store/store.h"

namespace istmo::maritime {

struct DetectionAlertOptions {
  // The organization (id) that owns the alerts; empty: none are raised.
  std::string owner_org;
  // Where they are released besides the owner (store releasability: "PAN", "org:<id>", "ALL").
  std::vector<std::string> releasability;
  // Where a position lies, to tell an encounter inside the EEZ (critical) from one outside
  // (warning). nullptr: every encounter is outside.
  Geography geography;
};

// The severity of an event's alert, as a watch officer ranks it (docs/maritime.md, "Alerts and
// triage"): critical for an intentional gap, a go-fast run, a rendezvous, an encounter inside the
// EEZ; warning for loitering, an encounter outside, the identity and spoofing anomalies, and any
// kind added later; info for an unintentional gap and the "not available" sentinels.
std::string_view DetectionSeverity(const DetectionEvent& event, bool in_eez);

class DetectionAlerts {
 public:
  explicit DetectionAlerts(DetectionAlertOptions options);

  bool enabled() const { return !options_.owner_org.empty(); }
  const DetectionAlertOptions& options() const { return options_; }

  // The alert of one event, before it is raised: vessel names from `picture` (and `tx`'s
  // identity history, for the name at the event's end).
  core::Result<store::Alert> AlertOf(store::Connection& tx, const DetectionEvent& event,
                                     const Picture& picture) const;
  // Raises (store::RaiseAlert) the alert of each event not raised before, or raised with an
  // earlier end, inside the caller's write transaction. Nothing when not enabled. A store error
  // is returned (the caller's transaction then rolls back with its events).
  core::Status Raise(store::Connection& tx, std::span<const DetectionEvent> events,
                     const Picture& picture) const;

 private:
  DetectionAlertOptions options_;
};

// The table of raised detections (migration "maritime_alerts" 1), apart from Migrations(): only
// a process that raises alerts needs it. app::AllMigrations lists it.
store::Migration DetectionAlertMigration();

}  // namespace istmo::maritime

// store/alerts.h — alerts raised by any module (watchlist hit, dark gap, risky container).
//
// An alert is a record like any other (owner_org, releasability); the owning organization's
// users see it in their feed; its officers, supervisors and admins acknowledge it, assign it to
// one of the organization's users and comment on it. Every reader it is released to sees the
// assignment and the comments.
//
// Alerts raised by a module say what happened in `detail` (a JSON object) with a stable
// machine `code` and its parameters for clients that translate (docs/api.md, "Machine codes").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "core/time.h"
#include "store/scope.h"
#include "store/store.h"

namespace istmo::store {

struct Alert {
  std::string id;
  core::Timestamp created_at;
  std::string owner_org;
  std::vector<std::string> releasability;
  std::string module;    // migration, maritime, canal, cooperation, biometrics
  std::string kind;      // watchlist_hit, dark_gap, ...
  std::string severity;  // info, warning, critical
  std::string title;
  std::string detail;    // JSON object text
  std::string status;    // open, acknowledged, closed
  std::string acknowledged_by;
  std::optional<core::Timestamp> acknowledged_at;
  // Who works on it: a user of the owning organization (empty: nobody yet).
  std::string assigned_to;        // user id
  std::string assigned_username;  // their username, as at the assignment
  std::string assigned_by;        // username of who assigned it
  std::optional<core::Timestamp> assigned_at;
  // Triage (alerts migration 2). A module that raises the same thing again while it goes on
  // gives a dedupe_key ("gap:538001234"): RaiseAlert then updates the one open or acknowledged
  // alert of that owner, module and key instead of adding another.
  std::string dedupe_key;  // empty: every raise is a new alert
  std::string subject;     // what it is about ("mmsi:538001234"); suppressions match it
  core::Timestamp updated_at;  // the latest raise (created_at for a new alert)
  int occurrences = 1;         // raises folded into this alert
  // A closed alert says how: "dismissed" (resolution_note holds the reason), "escalated"
  // (case_id holds the case), "resolved". Empty while open or acknowledged.
  std::string resolution;
  std::string resolution_note;
  std::string case_id;
  std::string closed_by;  // username
  std::optional<core::Timestamp> closed_at;
  // Hidden from the default list until then; raises while snoozed still fold into it.
  std::optional<core::Timestamp> snoozed_until;
};

// Validates and inserts inside a Write() transaction; fills id, created_at and status "open".
core::Result<Alert> InsertAlert(Connection& tx, Alert alert, core::Timestamp now);

enum class RaiseOutcome : std::uint8_t {
  kCreated,     // a new alert
  kUpdated,     // folded into the open alert of the same dedupe key
  kSuppressed,  // the owner suppresses this subject (and kind): nothing was written
};
struct Raised {
  Alert alert;  // as stored (for kSuppressed: the alert as given, no id)
  RaiseOutcome outcome = RaiseOutcome::kCreated;
};
// Validates like InsertAlert, then, inside a Write() transaction:
//   * kSuppressed when `subject` is set and the owner has a suppression of this module and
//     subject, for this kind or every kind, not yet expired at `now`;
//   * kUpdated when `dedupe_key` is set and the owner has an open or acknowledged alert of this
//     module and key: its severity rises to the higher of the two, its title and detail become
//     the new ones, updated_at becomes `now`, occurrences grows by one (status, assignment and
//     snooze stay);
//   * kCreated otherwise (status "open", created_at = updated_at = now).
core::Result<Raised> RaiseAlert(Connection& tx, Alert alert, core::Timestamp now);

// Closes each alert as escalated to `case_id` (resolution "escalated", closed_by the caller).
// Each must be visible (kNotFound names it) and workable by the caller as AcknowledgeAlert;
// kConflict (reason "not_open") when one is already closed. All or nothing.
core::Result<std::vector<Alert>> EscalateAlerts(Connection& tx, const AccessScope& scope,
                                                const std::vector<std::string>& ids,
                                                const std::string& case_id, core::Timestamp now);

struct AlertQuery {
  std::string status;  // empty: any
  std::string module;  // empty: any
  int limit = 50;      // 1..500
};
core::Result<std::vector<Alert>> ListAlerts(Connection& c, const AccessScope& scope,
                                            const AlertQuery& query);
// kNotFound when hidden or absent; kPermissionDenied unless an officer, supervisor or admin of
// the owning organization; kConflict when not open.
core::Result<Alert> AcknowledgeAlert(Connection& tx, const AccessScope& scope, const std::string& id,
                                     core::Timestamp now);

// The user an alert is assigned to, as the caller found them (the store knows no users: the
// API looks the user up in auth and passes what it found).
struct AlertAssignee {
  std::string user_id;
  std::string username;
  std::string org_id;
  bool disabled = false;
};
// Assigns the alert to `to` (again: reassigns). kNotFound when hidden or absent;
// kPermissionDenied unless an officer, supervisor or admin of the owning organization;
// kInvalidArgument ("/user_id", reason "assignee_not_in_org") unless `to` is an enabled user
// of the owning organization; kConflict when closed.
core::Result<Alert> AssignAlert(Connection& tx, const AccessScope& scope, const std::string& id,
                                const AlertAssignee& to, core::Timestamp now);

struct AlertComment {
  std::string id;
  std::string alert_id;
  core::Timestamp created_at;
  std::string author_id;   // user id
  std::string author;      // username
  std::string author_org;  // organization id
  std::string body;        // 1..2000 bytes of text
};
// Adds a comment by the caller. Errors as AssignAlert (kInvalidArgument "/body" for bad text);
// a closed alert takes comments too.
core::Result<AlertComment> CommentOnAlert(Connection& tx, const AccessScope& scope,
                                          const std::string& id, const std::string& body,
                                          core::Timestamp now);
// The comments of an alert the caller may see, oldest first; kNotFound when hidden or absent.
core::Result<std::vector<AlertComment>> ListAlertComments(Connection& c, const AccessScope& scope,
                                                          const std::string& id);

}  // namespace istmo::store

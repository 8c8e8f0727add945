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

#include <chrono>
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
//     snooze stay; updated_at never moves back, for raises that arrive out of time order);
//   * kCreated otherwise (status "open", created_at = updated_at = now).
core::Result<Raised> RaiseAlert(Connection& tx, Alert alert, core::Timestamp now);

// Closes each alert as escalated to `case_id` (resolution "escalated", closed_by the caller).
// Each must be visible (kNotFound names it) and workable by the caller as AcknowledgeAlert;
// kConflict (reason "not_open") when one is already closed. All or nothing.
core::Result<std::vector<Alert>> EscalateAlerts(Connection& tx, const AccessScope& scope,
                                                const std::vector<std::string>& ids,
                                                const std::string& case_id, core::Timestamp now);

// Which alerts a list shows by their snooze (snoozed: snoozed_until later than AlertQuery::now).
enum class SnoozeFilter : std::uint8_t { kInclude, kExclude, kOnly };

struct AlertQuery {
  std::string status;    // empty: any
  std::string module;    // empty: any
  std::string kind;      // empty: any
  std::string severity;  // empty: any
  std::string subject;   // empty: any ("mmsi:538001234")
  SnoozeFilter snoozed = SnoozeFilter::kInclude;
  core::Timestamp now{};  // what "snoozed" is judged against (kExclude, kOnly)
  int limit = 50;         // 1..500
};
// The alerts the caller may see that match, latest updated_at first (then id).
core::Result<std::vector<Alert>> ListAlerts(Connection& c, const AccessScope& scope,
                                            const AlertQuery& query);
// One alert the caller may see; kNotFound (reason "not_found", object "alert") when hidden or
// absent.
core::Result<Alert> GetAlert(Connection& c, const AccessScope& scope, const std::string& id);
// kNotFound when hidden or absent; kPermissionDenied unless an officer, supervisor or admin of
// the owning organization; kConflict when not open.
core::Result<Alert> AcknowledgeAlert(Connection& tx, const AccessScope& scope, const std::string& id,
                                     core::Timestamp now);

// Closes the alert as dismissed: resolution "dismissed", resolution_note `reason`, closed_by the
// caller. Who and kNotFound as AcknowledgeAlert; kInvalidArgument "/reason" (reason "required" or
// "too_long" {max 500}) unless 1..500 bytes of text; kConflict (reason "not_open") when closed.
core::Result<Alert> DismissAlert(Connection& tx, const AccessScope& scope, const std::string& id,
                                 const std::string& reason, core::Timestamp now);

// Hides the alert from the default list until now + `duration` (1 minute .. 7 days, else
// kInvalidArgument "/minutes", reason "invalid_value"); snoozing again replaces the time. Raises
// while snoozed still fold into it. Who and kNotFound as AcknowledgeAlert; kConflict
// ("not_open") when closed.
inline constexpr std::chrono::minutes kMaxSnooze{7 * 24 * 60};
core::Result<Alert> SnoozeAlert(Connection& tx, const AccessScope& scope, const std::string& id,
                                std::chrono::minutes duration, core::Timestamp now);
// Lifts the snooze (a no-op when there is none). Errors as SnoozeAlert.
core::Result<Alert> UnsnoozeAlert(Connection& tx, const AccessScope& scope, const std::string& id);

// "Stop alerting on this vessel": RaiseAlert writes nothing for the owner's alerts of `module`
// and `subject` (of `kind`, or of every kind when `kind` is empty) until `until` (never, when
// absent) or until the suppression is lifted. A suppression does not touch alerts already
// raised: they stay for an officer to dismiss with a reason (docs/maritime.md, "Alerts and
// triage"); later raises of the subject are not folded into them either.
struct AlertSuppression {
  std::string id;
  std::string owner_org;
  std::string module;
  std::string subject;
  std::string kind;  // empty: every kind
  std::string reason;
  std::string created_by;  // username
  core::Timestamp created_at;
  std::optional<core::Timestamp> until;  // absent: until lifted
};
struct NewSuppression {
  std::string module;
  std::string subject;      // 1..200 bytes of text
  std::string kind;         // empty or a lowercase name (a-z, 0-9, '_'), at most 64 bytes
  std::string reason;       // 1..500 bytes of text
  std::optional<int> days;  // 1..365; absent: until lifted
};
inline constexpr int kMaxSuppressionDays = 365;
// Creates a suppression owned by the caller's organization. kPermissionDenied unless a
// supervisor or admin of an organization; kInvalidArgument naming the field ("/module",
// "/subject", "/kind", "/reason", "/days"); kConflict (reason "duplicate", field "/subject")
// when the organization already suppresses this module, subject and kind.
core::Result<AlertSuppression> CreateSuppression(Connection& tx, const AccessScope& scope,
                                                 const NewSuppression& in, core::Timestamp now);
// The caller's organization's suppressions still in force at `now` (of `module` unless empty),
// newest first.
core::Result<std::vector<AlertSuppression>> ListSuppressions(Connection& c,
                                                             const AccessScope& scope,
                                                             const std::string& module,
                                                             core::Timestamp now);
// Deletes a suppression of the caller's organization and returns it as it was. kNotFound
// (reason "not_found", object "suppression") when absent or another organization's;
// kPermissionDenied unless a supervisor or admin.
core::Result<AlertSuppression> LiftSuppression(Connection& tx, const AccessScope& scope,
                                               const std::string& id);

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

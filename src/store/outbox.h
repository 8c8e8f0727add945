// store/outbox.h — change capture for sync: every change to a record, as an ordered event.
//
// A station keeps working offline and later sends its changes to headquarters. So that none is
// lost or sent twice, each change writes an event to the outbox IN THE SAME TRANSACTION as the
// change and its audit entry: a rolled-back change leaves no event, a committed one always has
// one. Events are numbered 1, 2, ... per origin (the site that wrote them, audit.h's SiteId())
// in commit order, so a reader resumes after the last seq it has applied.
//
// Modules call RecordChange() for a change to a record: one call writes the audit entry and the
// event, so neither can be forgotten. The event type is the audit action — one name per kind of
// change, which the audit review and the sync both read. Audit entries that change no record
// (logins, identifications) use AppendAudit() alone; a change whose audit entry covers many
// records (a CSV import) appends one entry and Emit()s one event per record.
//
// The body is what a peer needs to apply the change: the record as it now is, as JSON object
// text. It never holds secrets (password hashes, tokens) nor biometric templates: an enrolment
// is sent as its metadata.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/time.h"
#include "store/audit.h"
#include "store/scope.h"
#include "store/store.h"

namespace istmo::store {

struct Event {
  std::string type;       // "migration.encounter.create", ...
  std::string object_id;  // the record changed
  std::string body;       // JSON object text
};

struct OutboxEntry {
  std::string origin;
  std::int64_t seq = 0;  // 1, 2, ... within the origin
  core::Timestamp at;
  Event event;
};

// Writes `event` to this site's outbox inside the caller's Write() transaction.
// kInternal (a bug of the caller) when the type or body is empty.
core::Result<OutboxEntry> Emit(Connection& tx, const Event& event, core::Timestamp at);

// Oldest first, at most `limit` (1..1000) events of `origin` (empty: this site) with
// seq > after_seq.
core::Result<std::vector<OutboxEntry>> ReadOutbox(Connection& c, std::string_view origin,
                                                  std::int64_t after_seq, int limit);

// A change to one record, as written to the audit log and the outbox together.
struct Change {
  std::string action;       // audit action and event type: "migration.case.open"
  std::string object_type;  // audit object type: "repatriation_case"
  std::string object_id;
  std::string detail;  // audit detail: a short JSON object naming what changed
  std::string body;    // event body: the record as it now is (see above)
};

// AppendAudit(AuditBy(actor, ...)) and Emit() in `tx`. Returns the audit record.
core::Result<AuditRecord> RecordChange(Connection& tx, const AccessScope& actor,
                                       const Change& change, core::Timestamp at);

}  // namespace istmo::store

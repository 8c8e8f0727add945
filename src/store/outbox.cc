#include "store/outbox.h"

#include <algorithm>

namespace istmo::store {

core::Result<OutboxEntry> Emit(Connection& tx, const Event& event, core::Timestamp at) {
  if (event.type.empty() || event.body.empty()) {
    return core::Internal("an outbox event needs a type and a body");
  }
  OutboxEntry out{.at = std::chrono::floor<std::chrono::milliseconds>(at), .event = event};
  ISTMO_ASSIGN_OR_RETURN(out.origin, SiteId(tx));
  ISTMO_ASSIGN_OR_RETURN(auto last,
                         tx.QueryOne("SELECT MAX(seq) FROM outbox WHERE origin = ?", {out.origin}));
  out.seq = (last ? last->Int(0) : 0) + 1;
  ISTMO_RETURN_IF_ERROR(tx.Exec(
      "INSERT INTO outbox (origin, seq, at, type, object_id, body) VALUES (?,?,?,?,?,?)",
      {out.origin, out.seq, core::FormatIso8601(out.at), event.type, event.object_id, event.body}));
  return out;
}

core::Result<std::vector<OutboxEntry>> ReadOutbox(Connection& c, std::string_view origin,
                                                  std::int64_t after_seq, int limit) {
  std::string chain(origin);
  if (chain.empty()) {
    ISTMO_ASSIGN_OR_RETURN(chain, SiteId(c));
  }
  ISTMO_ASSIGN_OR_RETURN(
      auto rows,
      c.Query("SELECT origin, seq, at, type, object_id, body FROM outbox "
              "WHERE origin = ? AND seq > ? ORDER BY seq LIMIT ?",
              {chain, after_seq, static_cast<std::int64_t>(std::clamp(limit, 1, 1000))}));
  std::vector<OutboxEntry> out;
  out.reserve(rows.size());
  for (const Row& r : rows) {
    out.push_back({.origin = r.Text(0),
                   .seq = r.Int(1),
                   .at = core::ParseIso8601(r.Text(2)).value_or(core::Timestamp{}),
                   .event = {.type = r.Text(3), .object_id = r.Text(4), .body = r.Text(5)}});
  }
  return out;
}

core::Result<AuditRecord> RecordChange(Connection& tx, const AccessScope& actor,
                                       const Change& change, core::Timestamp at) {
  ISTMO_ASSIGN_OR_RETURN(
      AuditRecord rec,
      AppendAudit(
          tx, AuditBy(actor, change.action, change.object_type, change.object_id, change.detail),
          at));
  ISTMO_RETURN_IF_ERROR(
      Emit(tx, {.type = change.action, .object_id = change.object_id, .body = change.body}, at));
  return rec;
}

}  // namespace istmo::store

#include "store/alerts.h"

#include <algorithm>

#include "core/id.h"

namespace istmo::store {

namespace {

constexpr const char* kColumns =
    "a.id, a.created_at, a.owner_org, a.releasability, a.module, a.kind, a.severity, a.title, "
    "a.detail, a.status, a.acknowledged_by, a.acknowledged_at, a.assigned_to, "
    "a.assigned_username, a.assigned_by, a.assigned_at, a.dedupe_key, a.subject, a.updated_at, "
    "a.occurrences, a.resolution, a.resolution_note, a.case_id, a.closed_by, a.closed_at, "
    "a.snoozed_until";

std::optional<core::Timestamp> OptTime(const Row& r, std::size_t i) {
  if (r.IsNull(i)) return std::nullopt;
  auto t = core::ParseIso8601(r.Text(i));
  if (!t) return std::nullopt;
  return *t;
}

int SeverityRank(std::string_view s) { return s == "critical" ? 2 : s == "warning" ? 1 : 0; }

Alert FromRow(const Row& r) {
  Alert a;
  a.id = r.Text(0);
  a.created_at = core::ParseIso8601(r.Text(1)).value_or(core::Timestamp{});
  a.owner_org = r.Text(2);
  a.releasability = DecodeReleasability(r.Text(3));
  a.module = r.Text(4);
  a.kind = r.Text(5);
  a.severity = r.Text(6);
  a.title = r.Text(7);
  a.detail = r.Text(8);
  a.status = r.Text(9);
  a.acknowledged_by = r.Text(10);
  if (!r.IsNull(11)) {
    auto t = core::ParseIso8601(r.Text(11));
    if (t) a.acknowledged_at = *t;
  }
  a.assigned_to = r.IsNull(12) ? "" : r.Text(12);
  a.assigned_username = r.IsNull(13) ? "" : r.Text(13);
  a.assigned_by = r.IsNull(14) ? "" : r.Text(14);
  if (!r.IsNull(15)) {
    auto t = core::ParseIso8601(r.Text(15));
    if (t) a.assigned_at = *t;
  }
  a.dedupe_key = r.Text(16);
  a.subject = r.Text(17);
  a.updated_at = OptTime(r, 18).value_or(a.created_at);
  a.occurrences = static_cast<int>(r.Int(19));
  a.resolution = r.Text(20);
  a.resolution_note = r.Text(21);
  a.case_id = r.Text(22);
  a.closed_by = r.Text(23);
  a.closed_at = OptTime(r, 24);
  a.snoozed_until = OptTime(r, 25);
  return a;
}

// The alert as the caller may see it; kNotFound when hidden or absent.
core::Result<Alert> Visible(Connection& c, const AccessScope& scope, const std::string& id) {
  SqlFilter f = ReleasableTo(scope, "a");
  Params params = f.params;
  params.insert(params.begin(), id);
  ISTMO_ASSIGN_OR_RETURN(auto row, c.QueryOne(std::string("SELECT ") + kColumns +
                                                  " FROM alerts a WHERE a.id = ? AND " + f.sql,
                                              params));
  if (!row) {
    return core::WithReason(core::NotFound("no alert " + id.substr(0, 40)), "not_found",
                            {{"object", "alert"}});
  }
  return FromRow(*row);
}

// The alert, if the caller may work on it: an officer, supervisor or admin of its owner.
core::Result<Alert> ForWork(Connection& c, const AccessScope& scope, const std::string& id,
                            const char* what) {
  ISTMO_ASSIGN_OR_RETURN(Alert a, Visible(c, scope, id));
  const bool owner = scope.system || scope.org_id == a.owner_org;
  if (!owner ||
      !(scope.Has(Role::kOfficer) || scope.Has(Role::kSupervisor) || scope.Has(Role::kAdmin))) {
    return core::PermissionDenied(std::string("only officers, supervisors and admins of the "
                                              "owning organization ") +
                                  what + " an alert");
  }
  return a;
}

}  // namespace

namespace {

core::Status ValidateNew(Alert& alert) {
  static const std::vector<std::string> kModules = {"migration", "maritime", "canal",
                                                    "cooperation", "biometrics"};
  if (std::find(kModules.begin(), kModules.end(), alert.module) == kModules.end()) {
    return core::InvalidArgument("unknown module '" + alert.module + "'", "/module");
  }
  if (alert.severity != "info" && alert.severity != "warning" && alert.severity != "critical") {
    return core::InvalidArgument("severity must be info, warning or critical", "/severity");
  }
  if (alert.title.empty()) return core::InvalidArgument("must not be empty", "/title");
  if (alert.owner_org.empty()) return core::InvalidArgument("must not be empty", "/owner_org");
  ISTMO_ASSIGN_OR_RETURN(alert.releasability, NormalizeReleasability(alert.releasability));
  if (alert.detail.empty()) alert.detail = "{}";
  return core::Ok();
}

core::Result<Alert> InsertValidated(Connection& tx, Alert alert, core::Timestamp now) {
  alert.id = core::NewId();
  alert.created_at = std::chrono::floor<std::chrono::milliseconds>(now);
  alert.updated_at = alert.created_at;
  alert.occurrences = 1;
  alert.status = "open";
  ISTMO_RETURN_IF_ERROR(tx.Exec(
      "INSERT INTO alerts (id, created_at, owner_org, releasability, module, kind, severity, "
      "title, detail, status, dedupe_key, subject, updated_at, occurrences, snoozed_until) "
      "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,1,?)",
      {alert.id, core::FormatIso8601(alert.created_at), alert.owner_org,
       EncodeReleasability(alert.releasability), alert.module, alert.kind, alert.severity,
       alert.title, alert.detail, alert.status, TextOrNull(alert.dedupe_key),
       TextOrNull(alert.subject), core::FormatIso8601(alert.updated_at),
       alert.snoozed_until ? Value(core::FormatIso8601(*alert.snoozed_until)) : Null()}));
  return alert;
}

}  // namespace

core::Result<Alert> InsertAlert(Connection& tx, Alert alert, core::Timestamp now) {
  ISTMO_RETURN_IF_ERROR(ValidateNew(alert));
  return InsertValidated(tx, std::move(alert), now);
}

core::Result<Raised> RaiseAlert(Connection& tx, Alert alert, core::Timestamp now) {
  ISTMO_RETURN_IF_ERROR(ValidateNew(alert));
  const std::string at = core::FormatIso8601(std::chrono::floor<std::chrono::milliseconds>(now));
  if (!alert.subject.empty()) {
    ISTMO_ASSIGN_OR_RETURN(
        auto suppressed,
        tx.QueryOne("SELECT 1 FROM alert_suppressions WHERE owner_org = ? AND module = ? AND "
                    "subject = ? AND (kind = '' OR kind = ?) AND (until IS NULL OR until > ?) "
                    "LIMIT 1",
                    {alert.owner_org, alert.module, alert.subject, alert.kind, at}));
    if (suppressed) return Raised{std::move(alert), RaiseOutcome::kSuppressed};
  }
  if (!alert.dedupe_key.empty()) {
    ISTMO_ASSIGN_OR_RETURN(
        auto row, tx.QueryOne(std::string("SELECT ") + kColumns +
                                  " FROM alerts a WHERE a.owner_org = ? AND a.module = ? AND "
                                  "a.dedupe_key = ? AND a.status IN ('open', 'acknowledged')",
                              {alert.owner_org, alert.module, alert.dedupe_key}));
    if (row) {
      Alert open = FromRow(*row);
      if (SeverityRank(alert.severity) > SeverityRank(open.severity)) {
        open.severity = alert.severity;
      }
      open.title = alert.title;
      open.detail = alert.detail;
      open.updated_at = std::chrono::floor<std::chrono::milliseconds>(now);
      open.occurrences += 1;
      ISTMO_RETURN_IF_ERROR(tx.Exec(
          "UPDATE alerts SET severity = ?, title = ?, detail = ?, updated_at = ?, "
          "occurrences = ? WHERE id = ?",
          {open.severity, open.title, open.detail, at,
           static_cast<std::int64_t>(open.occurrences), open.id}));
      return Raised{std::move(open), RaiseOutcome::kUpdated};
    }
  }
  ISTMO_ASSIGN_OR_RETURN(Alert created, InsertValidated(tx, std::move(alert), now));
  return Raised{std::move(created), RaiseOutcome::kCreated};
}

core::Result<std::vector<Alert>> EscalateAlerts(Connection& tx, const AccessScope& scope,
                                                const std::vector<std::string>& ids,
                                                const std::string& case_id,
                                                core::Timestamp now) {
  std::vector<Alert> out;
  out.reserve(ids.size());
  const auto at = std::chrono::floor<std::chrono::milliseconds>(now);
  for (const std::string& id : ids) {
    ISTMO_ASSIGN_OR_RETURN(Alert a, ForWork(tx, scope, id, "escalate"));
    if (a.status == "closed") {
      return core::WithReason(core::Conflict("alert " + a.id + " is already closed", "/status"),
                              "not_open");
    }
    a.status = "closed";
    a.resolution = "escalated";
    a.case_id = case_id;
    a.closed_by = scope.system ? "system" : scope.username;
    a.closed_at = at;
    ISTMO_RETURN_IF_ERROR(tx.Exec(
        "UPDATE alerts SET status = 'closed', resolution = 'escalated', case_id = ?, "
        "closed_by = ?, closed_at = ? WHERE id = ?",
        {a.case_id, a.closed_by, core::FormatIso8601(at), a.id}));
    out.push_back(std::move(a));
  }
  return out;
}

core::Result<std::vector<Alert>> ListAlerts(Connection& c, const AccessScope& scope,
                                            const AlertQuery& query) {
  SqlFilter f = ReleasableTo(scope, "a");
  std::string sql = std::string("SELECT ") + kColumns + " FROM alerts a WHERE " + f.sql;
  Params params = f.params;
  if (!query.status.empty()) {
    sql += " AND a.status = ?";
    params.emplace_back(query.status);
  }
  if (!query.module.empty()) {
    sql += " AND a.module = ?";
    params.emplace_back(query.module);
  }
  sql += " ORDER BY a.created_at DESC, a.id DESC LIMIT ?";
  params.emplace_back(static_cast<std::int64_t>(std::clamp(query.limit, 1, 500)));
  ISTMO_ASSIGN_OR_RETURN(auto rows, c.Query(sql, params));
  std::vector<Alert> out;
  out.reserve(rows.size());
  for (const Row& r : rows) out.push_back(FromRow(r));
  return out;
}

core::Result<Alert> AcknowledgeAlert(Connection& tx, const AccessScope& scope,
                                     const std::string& id, core::Timestamp now) {
  ISTMO_ASSIGN_OR_RETURN(Alert a, ForWork(tx, scope, id, "acknowledge"));
  if (a.status != "open") {
    return core::WithReason(core::Conflict("alert is already " + a.status, "/status"), "not_open");
  }
  a.status = "acknowledged";
  a.acknowledged_by = scope.username;
  a.acknowledged_at = std::chrono::floor<std::chrono::milliseconds>(now);
  ISTMO_RETURN_IF_ERROR(tx.Exec(
      "UPDATE alerts SET status = ?, acknowledged_by = ?, acknowledged_at = ? WHERE id = ?",
      {a.status, a.acknowledged_by, core::FormatIso8601(*a.acknowledged_at), a.id}));
  return a;
}

core::Result<Alert> AssignAlert(Connection& tx, const AccessScope& scope, const std::string& id,
                                const AlertAssignee& to, core::Timestamp now) {
  ISTMO_ASSIGN_OR_RETURN(Alert a, ForWork(tx, scope, id, "assign"));
  // One answer for "no such user" and "a user of another organization": the caller learns
  // nothing of other organizations' users.
  if (to.user_id.empty() || to.org_id != a.owner_org || to.disabled) {
    return core::WithReason(
        core::InvalidArgument("must be an active user of the organization that owns the alert",
                              "/user_id"),
        "assignee_not_in_org");
  }
  if (a.status == "closed") {
    return core::WithReason(core::Conflict("alert is closed", "/status"), "not_open");
  }
  a.assigned_to = to.user_id;
  a.assigned_username = to.username;
  a.assigned_by = scope.system ? "system" : scope.username;
  a.assigned_at = std::chrono::floor<std::chrono::milliseconds>(now);
  ISTMO_RETURN_IF_ERROR(
      tx.Exec("UPDATE alerts SET assigned_to = ?, assigned_username = ?, assigned_by = ?, "
              "assigned_at = ? WHERE id = ?",
              {a.assigned_to, a.assigned_username, a.assigned_by,
               core::FormatIso8601(*a.assigned_at), a.id}));
  return a;
}

core::Result<AlertComment> CommentOnAlert(Connection& tx, const AccessScope& scope,
                                          const std::string& id, const std::string& body,
                                          core::Timestamp now) {
  ISTMO_ASSIGN_OR_RETURN(Alert a, ForWork(tx, scope, id, "comment on"));
  if (body.empty()) {
    return core::WithReason(core::InvalidArgument("must be 1 to 2000 bytes of text", "/body"),
                            "required");
  }
  if (body.size() > 2000) {
    return core::WithReason(core::InvalidArgument("must be 1 to 2000 bytes of text", "/body"),
                            "too_long", {{"max", "2000"}});
  }
  AlertComment k{.id = core::NewId(),
                 .alert_id = a.id,
                 .created_at = std::chrono::floor<std::chrono::milliseconds>(now),
                 .author_id = scope.user_id,
                 .author = scope.system ? "system" : scope.username,
                 .author_org = scope.org_id,
                 .body = body};
  ISTMO_RETURN_IF_ERROR(tx.Exec(
      "INSERT INTO alert_comments (id, alert_id, created_at, author_id, author, author_org, body) "
      "VALUES (?,?,?,?,?,?,?)",
      {k.id, k.alert_id, core::FormatIso8601(k.created_at), k.author_id, k.author, k.author_org,
       k.body}));
  return k;
}

core::Result<std::vector<AlertComment>> ListAlertComments(Connection& c, const AccessScope& scope,
                                                          const std::string& id) {
  ISTMO_ASSIGN_OR_RETURN(Alert a, Visible(c, scope, id));
  ISTMO_ASSIGN_OR_RETURN(
      auto rows, c.Query("SELECT id, alert_id, created_at, author_id, author, author_org, body "
                         "FROM alert_comments WHERE alert_id = ? ORDER BY created_at, id",
                         {a.id}));
  std::vector<AlertComment> out;
  for (const Row& r : rows) {
    out.push_back({.id = r.Text(0),
                   .alert_id = r.Text(1),
                   .created_at = core::ParseIso8601(r.Text(2)).value_or(core::Timestamp{}),
                   .author_id = r.Text(3),
                   .author = r.Text(4),
                   .author_org = r.Text(5),
                   .body = r.Text(6)});
  }
  return out;
}

}  // namespace istmo::store

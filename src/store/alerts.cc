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

// kConflict (reason "not_open") for a closed alert: only open and acknowledged ones are worked.
core::Status RefuseClosed(const Alert& a) {
  if (a.status != "closed") return core::Ok();
  return core::WithReason(
      core::Conflict("alert is already closed (" + a.resolution + ")", "/status"), "not_open");
}

// Closes `a` as `resolution` (with the resolution_note or case_id already set on it), by the
// caller, at `now`: the one place an alert is closed.
core::Status CloseAs(Connection& tx, const AccessScope& scope, Alert& a, const char* resolution,
                     core::Timestamp now) {
  a.status = "closed";
  a.resolution = resolution;
  a.closed_by = scope.system ? "system" : scope.username;
  a.closed_at = std::chrono::floor<std::chrono::milliseconds>(now);
  ISTMO_RETURN_IF_ERROR(tx.Exec(
      "UPDATE alerts SET status = 'closed', resolution = ?, resolution_note = ?, case_id = ?, "
      "closed_by = ?, closed_at = ? WHERE id = ?",
      {a.resolution, TextOrNull(a.resolution_note), TextOrNull(a.case_id), a.closed_by,
       core::FormatIso8601(*a.closed_at), a.id}));
  return core::Ok();
}

// A person's text of 1..max bytes (a reason, a subject); the API has checked its characters.
core::Status CheckNote(const std::string& text, const char* field, std::size_t max) {
  if (text.empty()) {
    return core::WithReason(core::InvalidArgument("is required", field), "required");
  }
  if (text.size() > max) {
    return core::WithReason(
        core::InvalidArgument("must be at most " + std::to_string(max) + " bytes", field),
        "too_long", {{"max", std::to_string(max)}});
  }
  return core::Ok();
}

core::Status CheckModule(const std::string& module) {
  static const std::vector<std::string> kModules = {"migration", "maritime", "canal",
                                                    "cooperation", "biometrics"};
  if (std::find(kModules.begin(), kModules.end(), module) == kModules.end()) {
    return core::WithReason(
        core::InvalidArgument("unknown module '" + module.substr(0, 40) +
                                  "': migration, maritime, canal, cooperation or biometrics",
                              "/module"),
        "invalid_value");
  }
  return core::Ok();
}

// Suppressions are an organization's decision, taken by its supervisors and admins.
core::Status CheckSuppressor(const AccessScope& scope, const char* what) {
  if (scope.org_id.empty() || !(scope.Has(Role::kSupervisor) || scope.Has(Role::kAdmin))) {
    return core::PermissionDenied(std::string("only supervisors and admins of an organization ") +
                                  what + " its alert suppressions");
  }
  return core::Ok();
}

constexpr const char* kSuppressionColumns =
    "id, owner_org, module, subject, kind, reason, created_by, created_at, until";

AlertSuppression SuppressionFromRow(const Row& r) {
  return {.id = r.Text(0),
          .owner_org = r.Text(1),
          .module = r.Text(2),
          .subject = r.Text(3),
          .kind = r.Text(4),
          .reason = r.Text(5),
          .created_by = r.Text(6),
          .created_at = core::ParseIso8601(r.Text(7)).value_or(core::Timestamp{}),
          .until = OptTime(r, 8)};
}

}  // namespace

namespace {

core::Status ValidateNew(Alert& alert) {
  ISTMO_RETURN_IF_ERROR(CheckModule(alert.module));
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
      open.updated_at = std::max<core::Timestamp>(
          open.updated_at, std::chrono::floor<std::chrono::milliseconds>(now));
      open.occurrences += 1;
      ISTMO_RETURN_IF_ERROR(
          tx.Exec("UPDATE alerts SET severity = ?, title = ?, detail = ?, updated_at = ?, "
                  "occurrences = ? WHERE id = ?",
                  {open.severity, open.title, open.detail, core::FormatIso8601(open.updated_at),
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
  for (const std::string& id : ids) {
    ISTMO_ASSIGN_OR_RETURN(Alert a, ForWork(tx, scope, id, "escalate"));
    if (a.status == "closed") {
      return core::WithReason(core::Conflict("alert " + a.id + " is already closed", "/status"),
                              "not_open");
    }
    a.case_id = case_id;
    ISTMO_RETURN_IF_ERROR(CloseAs(tx, scope, a, "escalated", now));
    out.push_back(std::move(a));
  }
  return out;
}

core::Result<std::vector<Alert>> ListAlerts(Connection& c, const AccessScope& scope,
                                            const AlertQuery& query) {
  SqlFilter f = ReleasableTo(scope, "a");
  std::string sql = std::string("SELECT ") + kColumns + " FROM alerts a WHERE " + f.sql;
  Params params = f.params;
  const auto equal = [&](const char* column, const std::string& value) {
    if (value.empty()) return;
    sql += std::string(" AND a.") + column + " = ?";
    params.emplace_back(value);
  };
  equal("status", query.status);
  equal("module", query.module);
  equal("kind", query.kind);
  equal("severity", query.severity);
  equal("subject", query.subject);
  // Times are stored as fixed-width ISO 8601 text (FormatIso8601), so text order is time order.
  const std::string now = core::FormatIso8601(query.now);
  if (query.snoozed == SnoozeFilter::kExclude) {
    sql += " AND (a.snoozed_until IS NULL OR a.snoozed_until <= ?)";
    params.emplace_back(now);
  } else if (query.snoozed == SnoozeFilter::kOnly) {
    sql += " AND a.snoozed_until > ?";
    params.emplace_back(now);
  }
  // Rows of alerts migration 1 have no updated_at: their creation is their latest change.
  sql += " ORDER BY COALESCE(a.updated_at, a.created_at) DESC, a.id DESC LIMIT ?";
  params.emplace_back(static_cast<std::int64_t>(std::clamp(query.limit, 1, 500)));
  ISTMO_ASSIGN_OR_RETURN(auto rows, c.Query(sql, params));
  std::vector<Alert> out;
  out.reserve(rows.size());
  for (const Row& r : rows) out.push_back(FromRow(r));
  return out;
}

core::Result<Alert> GetAlert(Connection& c, const AccessScope& scope, const std::string& id) {
  return Visible(c, scope, id);
}

core::Result<Alert> DismissAlert(Connection& tx, const AccessScope& scope, const std::string& id,
                                 const std::string& reason, core::Timestamp now) {
  ISTMO_ASSIGN_OR_RETURN(Alert a, ForWork(tx, scope, id, "dismiss"));
  ISTMO_RETURN_IF_ERROR(CheckNote(reason, "/reason", 500));
  ISTMO_RETURN_IF_ERROR(RefuseClosed(a));
  a.resolution_note = reason;
  ISTMO_RETURN_IF_ERROR(CloseAs(tx, scope, a, "dismissed", now));
  return a;
}

core::Result<Alert> SnoozeAlert(Connection& tx, const AccessScope& scope, const std::string& id,
                                std::chrono::minutes duration, core::Timestamp now) {
  ISTMO_ASSIGN_OR_RETURN(Alert a, ForWork(tx, scope, id, "snooze"));
  if (duration < std::chrono::minutes(1) || duration > kMaxSnooze) {
    return core::WithReason(
        core::InvalidArgument("must be 1 to " + std::to_string(kMaxSnooze.count()) + " minutes",
                              "/minutes"),
        "invalid_value");
  }
  ISTMO_RETURN_IF_ERROR(RefuseClosed(a));
  a.snoozed_until = std::chrono::floor<std::chrono::milliseconds>(now) + duration;
  ISTMO_RETURN_IF_ERROR(tx.Exec("UPDATE alerts SET snoozed_until = ? WHERE id = ?",
                                {core::FormatIso8601(*a.snoozed_until), a.id}));
  return a;
}

core::Result<Alert> UnsnoozeAlert(Connection& tx, const AccessScope& scope, const std::string& id) {
  ISTMO_ASSIGN_OR_RETURN(Alert a, ForWork(tx, scope, id, "snooze"));
  ISTMO_RETURN_IF_ERROR(RefuseClosed(a));
  a.snoozed_until.reset();
  ISTMO_RETURN_IF_ERROR(tx.Exec("UPDATE alerts SET snoozed_until = NULL WHERE id = ?", {a.id}));
  return a;
}

core::Result<AlertSuppression> CreateSuppression(Connection& tx, const AccessScope& scope,
                                                 const NewSuppression& in, core::Timestamp now) {
  ISTMO_RETURN_IF_ERROR(CheckSuppressor(scope, "create"));
  ISTMO_RETURN_IF_ERROR(CheckModule(in.module));
  ISTMO_RETURN_IF_ERROR(CheckNote(in.subject, "/subject", 200));
  if (in.kind.size() > 64 ||
      in.kind.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_") != std::string::npos) {
    return core::WithReason(
        core::InvalidArgument("must be an alert kind: lowercase letters, digits and '_', at most "
                              "64",
                              "/kind"),
        "invalid_value");
  }
  ISTMO_RETURN_IF_ERROR(CheckNote(in.reason, "/reason", 500));
  if (in.days && (*in.days < 1 || *in.days > kMaxSuppressionDays)) {
    return core::WithReason(
        core::InvalidArgument("must be 1 to " + std::to_string(kMaxSuppressionDays) + " days",
                              "/days"),
        "invalid_value");
  }
  const auto at = std::chrono::floor<std::chrono::milliseconds>(now);
  const std::string at_text = core::FormatIso8601(at);
  ISTMO_ASSIGN_OR_RETURN(
      auto same,
      tx.QueryOne("SELECT 1 FROM alert_suppressions WHERE owner_org = ? AND module = ? AND "
                  "subject = ? AND kind = ? AND (until IS NULL OR until > ?) LIMIT 1",
                  {scope.org_id, in.module, in.subject, in.kind, at_text}));
  if (same) {
    return core::WithReason(
        core::Conflict("the organization already suppresses " + in.subject.substr(0, 60) +
                           (in.kind.empty() ? "" : " (" + in.kind + ")"),
                       "/subject"),
        "duplicate", {{"field", "subject"}});
  }
  AlertSuppression out{.id = core::NewId(),
                       .owner_org = scope.org_id,
                       .module = in.module,
                       .subject = in.subject,
                       .kind = in.kind,
                       .reason = in.reason,
                       .created_by = scope.username,
                       .created_at = at};
  if (in.days) out.until = at + std::chrono::days(*in.days);
  ISTMO_RETURN_IF_ERROR(tx.Exec(
      "INSERT INTO alert_suppressions (id, owner_org, module, subject, kind, reason, created_by, "
      "created_at, until) VALUES (?,?,?,?,?,?,?,?,?)",
      {out.id, out.owner_org, out.module, out.subject, out.kind, out.reason, out.created_by,
       at_text, out.until ? Value(core::FormatIso8601(*out.until)) : Null()}));
  return out;
}

core::Result<std::vector<AlertSuppression>> ListSuppressions(Connection& c,
                                                             const AccessScope& scope,
                                                             const std::string& module,
                                                             core::Timestamp now) {
  std::string sql = std::string("SELECT ") + kSuppressionColumns +
                    " FROM alert_suppressions WHERE owner_org = ? AND (until IS NULL OR until > ?)";
  Params params = {scope.org_id, core::FormatIso8601(now)};
  if (!module.empty()) {
    sql += " AND module = ?";
    params.emplace_back(module);
  }
  sql += " ORDER BY created_at DESC, id DESC";
  ISTMO_ASSIGN_OR_RETURN(auto rows, c.Query(sql, params));
  std::vector<AlertSuppression> out;
  out.reserve(rows.size());
  for (const Row& r : rows) out.push_back(SuppressionFromRow(r));
  return out;
}

core::Result<AlertSuppression> LiftSuppression(Connection& tx, const AccessScope& scope,
                                               const std::string& id) {
  ISTMO_ASSIGN_OR_RETURN(auto row,
                         tx.QueryOne(std::string("SELECT ") + kSuppressionColumns +
                                         " FROM alert_suppressions WHERE id = ? AND owner_org = ?",
                                     {id, scope.org_id}));
  // Another organization's suppression looks absent, whatever the caller's role.
  if (!row) {
    return core::WithReason(core::NotFound("no suppression " + id.substr(0, 40)), "not_found",
                            {{"object", "suppression"}});
  }
  ISTMO_RETURN_IF_ERROR(CheckSuppressor(scope, "lift"));
  ISTMO_RETURN_IF_ERROR(tx.Exec("DELETE FROM alert_suppressions WHERE id = ?", {id}));
  return SuppressionFromRow(*row);
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

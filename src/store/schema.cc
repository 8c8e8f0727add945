#include "store/internal/schema.h"

#include <algorithm>
#include <cctype>

#include "core/id.h"

namespace istmo::store::internal {

namespace {

core::Status CheckSiteId(std::string_view site_id) {
  const bool ok = site_id.size() <= 64 && std::all_of(site_id.begin(), site_id.end(), [](char c) {
                    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '.' ||
                           c == '_' || c == ':' || c == '-';
                  });
  if (ok) return core::Ok();
  return core::InvalidArgument("a site id has 1 to 64 letters, digits, '.', '_', ':' or '-', not '" +
                                   std::string(site_id.substr(0, 40)) + "'",
                               "site.id");
}

}  // namespace

core::Status UseSiteId(Connection& c, std::string_view site_id) {
  if (site_id.empty()) return core::Ok();
  ISTMO_RETURN_IF_ERROR(CheckSiteId(site_id));
  ISTMO_RETURN_IF_ERROR(c.Exec("UPDATE store_site SET site_id = ? WHERE id = 1 AND site_id <> ?",
                               {std::string(site_id), std::string(site_id)}));
  return core::Ok();
}

// Timestamps are ISO 8601 UTC text with milliseconds ("2024-08-20T14:03:00.123Z"): they sort
// as text and read the same in SQLite and PostgreSQL.
core::Result<std::vector<Migration>> StoreMigrations(std::string_view site_id) {
  ISTMO_RETURN_IF_ERROR(CheckSiteId(site_id));
  // Checked above to hold no quote: safe to write into the migration's text.
  const std::string site = site_id.empty() ? core::NewId() : std::string(site_id);
  return std::vector<Migration>{
      {"store", 1, "audit log and alerts", R"sql(
CREATE TABLE audit_log (
  seq           INTEGER PRIMARY KEY,
  at            TEXT NOT NULL,
  actor_user_id TEXT,
  actor         TEXT NOT NULL,
  actor_org     TEXT,
  action        TEXT NOT NULL,
  object_type   TEXT NOT NULL,
  object_id     TEXT,
  detail        TEXT,
  prev_hash     TEXT NOT NULL,
  hash          TEXT NOT NULL
);
CREATE INDEX audit_log_by_org ON audit_log (actor_org, seq);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

CREATE TABLE alerts (
  id              TEXT PRIMARY KEY,
  created_at      TEXT NOT NULL,
  owner_org       TEXT NOT NULL,
  releasability   TEXT NOT NULL DEFAULT ',',
  module          TEXT NOT NULL,
  kind            TEXT NOT NULL,
  severity        TEXT NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),
  title           TEXT NOT NULL,
  detail          TEXT NOT NULL DEFAULT '{}',
  status          TEXT NOT NULL CHECK (status IN ('open', 'acknowledged', 'closed')),
  acknowledged_by TEXT,
  acknowledged_at TEXT
);
CREATE INDEX alerts_by_org ON alerts (owner_org, created_at);
CREATE INDEX alerts_by_created ON alerts (created_at);
)sql"},
      // The single chain of version 1 becomes the chain of this site, its entries unchanged
      // (hash_version 1: their hash does not cover the origin). SQLite cannot change a primary
      // key in place, so the table is copied; DROP TABLE fires no DELETE trigger.
      {"store", 2, "per-origin audit chains, site id, outbox", R"sql(
CREATE TABLE store_site (
  id      INTEGER PRIMARY KEY CHECK (id = 1),
  site_id TEXT NOT NULL CHECK (site_id <> '')
);
INSERT INTO store_site (id, site_id) VALUES (1, ')sql" + site + R"sql(');

CREATE TABLE audit_log_by_origin (
  origin        TEXT NOT NULL,
  seq           INTEGER NOT NULL,
  hash_version  INTEGER NOT NULL CHECK (hash_version IN (1, 2)),
  at            TEXT NOT NULL,
  actor_user_id TEXT,
  actor         TEXT NOT NULL,
  actor_org     TEXT,
  action        TEXT NOT NULL,
  object_type   TEXT NOT NULL,
  object_id     TEXT,
  detail        TEXT,
  prev_hash     TEXT NOT NULL,
  hash          TEXT NOT NULL,
  PRIMARY KEY (origin, seq)
);
INSERT INTO audit_log_by_origin (origin, seq, hash_version, at, actor_user_id, actor, actor_org,
                                 action, object_type, object_id, detail, prev_hash, hash)
  SELECT (SELECT site_id FROM store_site), seq, 1, at, actor_user_id, actor, actor_org, action,
         object_type, object_id, detail, prev_hash, hash
  FROM audit_log ORDER BY seq;
DROP TABLE audit_log;
ALTER TABLE audit_log_by_origin RENAME TO audit_log;
CREATE INDEX audit_log_by_org ON audit_log (origin, actor_org, seq);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

CREATE TABLE outbox (
  origin    TEXT NOT NULL,
  seq       INTEGER NOT NULL,
  at        TEXT NOT NULL,
  type      TEXT NOT NULL,
  object_id TEXT NOT NULL,
  body      TEXT NOT NULL,
  PRIMARY KEY (origin, seq)
);
)sql"},
      // Issue 12: alerts are assigned and commented (store/alerts.h). A module name of its own,
      // so that it never takes a version number another change to the store's tables needs.
      {"alerts", 1, "alert assignment and comments", R"sql(
ALTER TABLE alerts ADD COLUMN assigned_to TEXT;
ALTER TABLE alerts ADD COLUMN assigned_username TEXT;
ALTER TABLE alerts ADD COLUMN assigned_by TEXT;
ALTER TABLE alerts ADD COLUMN assigned_at TEXT;
CREATE TABLE alert_comments (
  id         TEXT PRIMARY KEY,
  alert_id   TEXT NOT NULL REFERENCES alerts (id),
  created_at TEXT NOT NULL,
  author_id  TEXT NOT NULL,
  author     TEXT NOT NULL,
  author_org TEXT NOT NULL,
  body       TEXT NOT NULL
);
CREATE INDEX alert_comments_by_alert ON alert_comments (alert_id, created_at);
)sql"},
      // Triage (store/alerts.h): one open alert per module's dedupe key, updated while the
      // behaviour goes on; closing with a resolution (dismissed with a reason, escalated to a
      // case); snooze; per-subject suppression. The status CHECK of version 1 stays: "closed"
      // plus a resolution says how it closed, without rebuilding the table.
      {"alerts", 2, "alert triage: dedupe, resolution, snooze, suppression", R"sql(
ALTER TABLE alerts ADD COLUMN dedupe_key TEXT;
ALTER TABLE alerts ADD COLUMN subject TEXT;
ALTER TABLE alerts ADD COLUMN updated_at TEXT;
ALTER TABLE alerts ADD COLUMN occurrences INTEGER NOT NULL DEFAULT 1;
ALTER TABLE alerts ADD COLUMN resolution TEXT
  CHECK (resolution IS NULL OR resolution IN ('dismissed', 'escalated', 'resolved'));
ALTER TABLE alerts ADD COLUMN resolution_note TEXT;
ALTER TABLE alerts ADD COLUMN case_id TEXT;
ALTER TABLE alerts ADD COLUMN closed_by TEXT;
ALTER TABLE alerts ADD COLUMN closed_at TEXT;
ALTER TABLE alerts ADD COLUMN snoozed_until TEXT;
CREATE UNIQUE INDEX alerts_one_open ON alerts (owner_org, module, dedupe_key)
  WHERE dedupe_key IS NOT NULL AND status IN ('open', 'acknowledged');
CREATE INDEX alerts_by_subject ON alerts (subject, created_at) WHERE subject IS NOT NULL;
CREATE TABLE alert_suppressions (
  id         TEXT PRIMARY KEY,
  owner_org  TEXT NOT NULL,
  module     TEXT NOT NULL,
  subject    TEXT NOT NULL CHECK (subject <> ''),
  kind       TEXT NOT NULL DEFAULT '',
  reason     TEXT NOT NULL,
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  until      TEXT
);
CREATE INDEX alert_suppressions_by_subject ON alert_suppressions (owner_org, module, subject);
)sql"},
  };
}

}  // namespace istmo::store::internal

#include "store/internal/schema.h"

namespace istmo::store::internal {

// Timestamps are ISO 8601 UTC text with milliseconds ("2024-08-20T14:03:00.123Z"): they sort
// as text and read the same in SQLite and PostgreSQL.
std::vector<Migration> StoreMigrations() {
  return {
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
  };
}

}  // namespace istmo::store::internal

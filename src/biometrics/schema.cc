#include "biometrics/identify.h"

namespace istmo::biometrics {

// Templates keep their row when erased (a tombstone): a label is never given twice, so an index
// entry can never answer for another face.
std::vector<store::Migration> Migrations() {
  return {
      {"biometrics", 1, "face templates (sealed) and watchlists", R"sql(
CREATE TABLE face_templates (
  id            TEXT PRIMARY KEY,
  created_at    TEXT NOT NULL,
  owner_org     TEXT NOT NULL,
  releasability TEXT NOT NULL DEFAULT ',',
  label         INTEGER NOT NULL UNIQUE,
  person_id     TEXT NOT NULL,
  model         TEXT NOT NULL,
  nonce         BLOB NOT NULL,
  ciphertext    BLOB NOT NULL
);
CREATE INDEX face_templates_by_person ON face_templates (person_id);
CREATE TABLE watchlists (
  id            TEXT PRIMARY KEY,
  created_at    TEXT NOT NULL,
  owner_org     TEXT NOT NULL,
  releasability TEXT NOT NULL DEFAULT ',',
  name          TEXT NOT NULL CHECK (name <> '')
);
CREATE TABLE watchlist_entries (
  id            TEXT PRIMARY KEY,
  created_at    TEXT NOT NULL,
  owner_org     TEXT NOT NULL,
  releasability TEXT NOT NULL DEFAULT ',',
  watchlist_id  TEXT NOT NULL REFERENCES watchlists (id),
  person_id     TEXT NOT NULL,
  reason        TEXT NOT NULL
);
CREATE INDEX watchlist_entries_by_person ON watchlist_entries (person_id);
)sql"},
      {"biometrics", 2, "watchlist entries: the subject's name and the face enrolled with them",
       R"sql(
ALTER TABLE watchlist_entries ADD COLUMN name TEXT NOT NULL DEFAULT '';
ALTER TABLE watchlist_entries ADD COLUMN template_id TEXT NOT NULL DEFAULT '';
CREATE INDEX watchlist_entries_by_list ON watchlist_entries (watchlist_id);
)sql"},
      {"biometrics", 3, "face templates erased with their watchlist entry (kept as tombstones)",
       R"sql(
ALTER TABLE face_templates ADD COLUMN erased_at TEXT;
)sql"},
  };
}

}  // namespace istmo::biometrics

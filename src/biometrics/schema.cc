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
      // A photo is sealed like its template (same key, nonces of its own) and goes with it: it
      // is visible exactly when its template is. Erased (the row deleted) when its
      // organization's retention ends or its face is erased; the template stays.
      {"biometrics", 4,
       "face photos (sealed) with thumbnails, and photo retention per organization", R"sql(
CREATE TABLE face_photos (
  template_id      TEXT PRIMARY KEY REFERENCES face_templates (id),
  created_at       TEXT NOT NULL,
  owner_org        TEXT NOT NULL,
  content_type     TEXT NOT NULL,
  nonce            BLOB NOT NULL,
  ciphertext       BLOB NOT NULL,
  thumb_nonce      BLOB NOT NULL,
  thumb_ciphertext BLOB NOT NULL
);
CREATE INDEX face_photos_by_owner ON face_photos (owner_org, created_at);
CREATE TABLE photo_policies (
  org_id         TEXT PRIMARY KEY,
  retention_days INTEGER CHECK (retention_days IS NULL OR retention_days > 0),
  updated_at     TEXT NOT NULL,
  updated_by     TEXT NOT NULL
);
)sql"},
  };
}

}  // namespace istmo::biometrics

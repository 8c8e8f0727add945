#include "auth/auth.h"

namespace istmo::auth {

std::vector<store::Migration> Migrations() {
  return {
      {"auth", 1, "organizations, users, tokens, login failures", R"sql(
CREATE TABLE organizations (
  id            TEXT PRIMARY KEY,
  created_at    TEXT NOT NULL,
  owner_org     TEXT NOT NULL,
  releasability TEXT NOT NULL DEFAULT ',ALL,',
  name          TEXT NOT NULL,
  name_key      TEXT NOT NULL UNIQUE,
  full_name     TEXT NOT NULL,
  country       TEXT NOT NULL CHECK (length(country) = 3),
  kind          TEXT NOT NULL
);
CREATE TABLE users (
  id            TEXT PRIMARY KEY,
  created_at    TEXT NOT NULL,
  owner_org     TEXT NOT NULL REFERENCES organizations (id),
  releasability TEXT NOT NULL DEFAULT ',',
  username      TEXT NOT NULL UNIQUE,
  display_name  TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  roles         INTEGER NOT NULL CHECK (roles > 0 AND roles < 16),
  disabled      INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1))
);
CREATE INDEX users_by_org ON users (owner_org);
CREATE TABLE tokens (
  token_hash    TEXT PRIMARY KEY,
  user_id       TEXT NOT NULL REFERENCES users (id),
  created_at    TEXT NOT NULL,
  expires_at    TEXT NOT NULL,
  revoked_at    TEXT
);
CREATE INDEX tokens_by_user ON tokens (user_id);
CREATE TABLE login_failures (
  key           TEXT NOT NULL,
  at            TEXT NOT NULL
);
CREATE INDEX login_failures_by_key ON login_failures (key, at);
)sql"},
      // Throttling moved from per-username counts to (username, client) pairs: the old
      // per-username rows would lock nobody now, and the prune on every failure by time needs
      // its own index.
      {"auth", 2, "login failures per username and client, pruned by time", R"sql(
DELETE FROM login_failures WHERE key LIKE 'user:%';
CREATE INDEX login_failures_by_at ON login_failures (at);
)sql"},
      // Issue 12: a user's home station, preselected on the register form (an opaque station
      // id: the composition root checks it), and an organization's usual releasability, shown
      // as a preset and never applied by the server (",": none).
      {"auth", 3, "users' home station, organizations' default releasability", R"sql(
ALTER TABLE users ADD COLUMN home_station TEXT NOT NULL DEFAULT '';
ALTER TABLE organizations ADD COLUMN default_releasability TEXT NOT NULL DEFAULT ',';
)sql"},
  };
}

}  // namespace istmo::auth

// The canal module's tables. Timestamps are ISO 8601 UTC text with milliseconds, as in every
// module; every record has owner_org and releasability (store/scope.h).
#include "canal/records.h"

namespace istmo::canal {

std::vector<store::Migration> Migrations() {
  return {
      {"canal", 1, "imports, parties, manifest lines and transits", R"sql(
-- One row per import of a file: the records it wrote point to it.
CREATE TABLE canal_imports (
  id            TEXT PRIMARY KEY,
  created_at    TEXT NOT NULL,
  owner_org     TEXT NOT NULL,
  releasability TEXT NOT NULL DEFAULT ',',
  created_by    TEXT NOT NULL,
  kind          TEXT NOT NULL CHECK (kind IN ('manifest', 'transits')),
  source        TEXT NOT NULL,
  lines         INTEGER NOT NULL,
  imported      INTEGER NOT NULL,
  unchanged     INTEGER NOT NULL,
  rejected      INTEGER NOT NULL
);

-- A shipper, consignee or notify party, one per normalized name (canal/parties.h). Shared by
-- every organization; what one sees of a party is the lines released to it.
CREATE TABLE canal_parties (
  id         TEXT PRIMARY KEY,
  created_at TEXT NOT NULL,
  party_key  TEXT NOT NULL UNIQUE
);

-- One container of one bill of lading. Names and addresses as written; the parties' ids link
-- them across spellings. seals and transshipment_ports are ';'-separated lists.
CREATE TABLE canal_manifest_lines (
  id                  TEXT PRIMARY KEY,
  created_at          TEXT NOT NULL,
  owner_org           TEXT NOT NULL,
  releasability       TEXT NOT NULL DEFAULT ',',
  import_id           TEXT NOT NULL REFERENCES canal_imports (id),
  line                INTEGER NOT NULL,
  bill_of_lading      TEXT NOT NULL,
  container_number    TEXT NOT NULL CHECK (length(container_number) = 11),
  seals               TEXT NOT NULL,
  shipper_party_id    TEXT NOT NULL REFERENCES canal_parties (id),
  shipper_name        TEXT NOT NULL,
  shipper_address     TEXT NOT NULL,
  consignee_party_id  TEXT NOT NULL REFERENCES canal_parties (id),
  consignee_name      TEXT NOT NULL,
  consignee_address   TEXT NOT NULL,
  notify_party_id     TEXT REFERENCES canal_parties (id),
  notify_name         TEXT,
  notify_address      TEXT,
  hs_code             TEXT NOT NULL CHECK (length(hs_code) IN (2, 4, 6)),
  port_of_loading     TEXT NOT NULL CHECK (length(port_of_loading) = 5),
  port_of_discharge   TEXT NOT NULL CHECK (length(port_of_discharge) = 5),
  transshipment_ports TEXT NOT NULL,
  weight_kg           REAL NOT NULL CHECK (weight_kg > 0),
  declared_value      REAL,
  currency            TEXT,
  -- A hash of the normalized fields: a re-import of the same line is recognized by it.
  digest              TEXT NOT NULL,
  -- The re-import key, container first: it is also the index of a container's history.
  UNIQUE (container_number, owner_org, bill_of_lading)
);
CREATE INDEX canal_manifest_lines_by_shipper ON canal_manifest_lines (shipper_party_id);
CREATE INDEX canal_manifest_lines_by_consignee ON canal_manifest_lines (consignee_party_id);
CREATE INDEX canal_manifest_lines_by_notify
  ON canal_manifest_lines (notify_party_id) WHERE notify_party_id IS NOT NULL;

-- One vessel in one transit slot of the canal's booking schedule.
CREATE TABLE canal_transits (
  id            TEXT PRIMARY KEY,
  created_at    TEXT NOT NULL,
  owner_org     TEXT NOT NULL,
  releasability TEXT NOT NULL DEFAULT ',',
  import_id     TEXT NOT NULL REFERENCES canal_imports (id),
  line          INTEGER NOT NULL,
  transit_date  TEXT NOT NULL,
  slot          TEXT NOT NULL,
  vessel_imo    TEXT NOT NULL CHECK (length(vessel_imo) = 7),
  vessel_name   TEXT NOT NULL,
  mmsi          TEXT,
  direction     TEXT NOT NULL CHECK (direction IN ('northbound', 'southbound')),
  lock_set      TEXT NOT NULL CHECK (lock_set IN ('panamax', 'neopanamax')),
  last_port     TEXT,
  next_port     TEXT,
  digest        TEXT NOT NULL,
  UNIQUE (owner_org, transit_date, slot, vessel_imo)
);
CREATE INDEX canal_transits_by_date ON canal_transits (transit_date, slot);
CREATE INDEX canal_transits_by_vessel ON canal_transits (vessel_imo, transit_date);
)sql"},
      {"canal", 2, "the carrying vessel and voyage of a manifest line", R"sql(
ALTER TABLE canal_manifest_lines ADD COLUMN vessel_imo TEXT;
ALTER TABLE canal_manifest_lines ADD COLUMN voyage TEXT;
CREATE INDEX canal_manifest_lines_by_vessel
  ON canal_manifest_lines (vessel_imo) WHERE vessel_imo IS NOT NULL;
)sql"},
      {"canal", 3, "risk rules, named lists and their versions; lane settings", R"sql(
-- A named list (@name in rules): high-risk ports, countries, parties, commodities. Owned and
-- releasable; a rule uses the lists its owner may see. Every save is a new version.
CREATE TABLE canal_lists (
  id            TEXT PRIMARY KEY,
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  owner_org     TEXT NOT NULL,
  releasability TEXT NOT NULL DEFAULT ',',
  name          TEXT NOT NULL,
  kind          TEXT NOT NULL CHECK (kind IN ('ports', 'countries', 'parties', 'hs', 'text')),
  version       INTEGER NOT NULL,
  items         TEXT NOT NULL,  -- JSON array of normalized items
  UNIQUE (owner_org, name)
);
CREATE TABLE canal_list_versions (
  list_id    TEXT NOT NULL REFERENCES canal_lists (id),
  version    INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  items      TEXT NOT NULL,
  note       TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (list_id, version)
);
-- A risk rule. Its text lives in versions; the row says which version is current and whether the
-- rule is active. Only active rules score.
CREATE TABLE canal_rules (
  id            TEXT PRIMARY KEY,
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  owner_org     TEXT NOT NULL,
  releasability TEXT NOT NULL DEFAULT ',',
  name          TEXT NOT NULL,
  status        TEXT NOT NULL CHECK (status IN ('active', 'retired')),
  version       INTEGER NOT NULL,
  UNIQUE (owner_org, name)
);
CREATE TABLE canal_rule_versions (
  rule_id        TEXT NOT NULL REFERENCES canal_rules (id),
  version        INTEGER NOT NULL,
  created_at     TEXT NOT NULL,
  created_by     TEXT NOT NULL,
  name           TEXT NOT NULL,
  expression     TEXT NOT NULL,
  weight         REAL NOT NULL CHECK (weight > 0 AND weight <= 100),
  explanation_es TEXT NOT NULL,
  explanation_en TEXT NOT NULL,
  note           TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (rule_id, version)
);
-- Rates of each lane per organization, matched to its inspection capacity (shares of the
-- containers scored): red = physical exam, yellow = scan, and the minimum random selection.
CREATE TABLE canal_lane_settings (
  owner_org   TEXT PRIMARY KEY,
  updated_at  TEXT NOT NULL,
  updated_by  TEXT NOT NULL,
  version     INTEGER NOT NULL,
  red_rate    REAL NOT NULL CHECK (red_rate >= 0 AND red_rate <= 1),
  yellow_rate REAL NOT NULL CHECK (yellow_rate >= 0 AND yellow_rate <= 1),
  random_rate REAL NOT NULL CHECK (random_rate >= 0 AND random_rate <= 1)
);
)sql"},
      {"canal", 4, "scores with their explanation; inspections and their results", R"sql(
-- The current score of a manifest line for its owner, with the rules that fired. A rescore
-- replaces the row; the scoring run is kept in `run_id` and `scored_at`.
CREATE TABLE canal_scores (
  line_id        TEXT PRIMARY KEY REFERENCES canal_manifest_lines (id),
  owner_org      TEXT NOT NULL,
  releasability  TEXT NOT NULL DEFAULT ',',
  run_id         TEXT NOT NULL,
  scored_at      TEXT NOT NULL,
  score          REAL NOT NULL,
  lane           TEXT NOT NULL CHECK (lane IN ('red', 'yellow', 'green')),
  -- why the lane: 'rules' (the score), 'random' (the random selection), 'none' (green)
  selection      TEXT NOT NULL CHECK (selection IN ('rules', 'random', 'none')),
  -- JSON [{"rule_id", "version", "weight"}] of the rules that fired, in rule order
  fired          TEXT NOT NULL DEFAULT '[]',
  -- JSON of the facts the rules saw that are not on the line (history, vessel)
  facts          TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX canal_scores_by_rank ON canal_scores (owner_org, score DESC);
CREATE INDEX canal_scores_by_lane ON canal_scores (owner_org, lane, score DESC);
-- An inspection unit of an organization (a scanner team, a physical-exam team at a terminal).
CREATE TABLE canal_units (
  id         TEXT PRIMARY KEY,
  created_at TEXT NOT NULL,
  owner_org  TEXT NOT NULL,
  name       TEXT NOT NULL,
  terminal   TEXT NOT NULL DEFAULT '',  -- UN/LOCODE of its port, '' if mobile
  active     INTEGER NOT NULL DEFAULT 1,
  UNIQUE (owner_org, name)
);
-- One inspection of one manifest line: queued by its lane (or by hand), assigned to a unit, and
-- its result. The lane, selection and score are those at queueing, so that yield is measured on
-- what was chosen and why.
CREATE TABLE canal_inspections (
  id               TEXT PRIMARY KEY,
  created_at       TEXT NOT NULL,
  updated_at       TEXT NOT NULL,
  owner_org        TEXT NOT NULL,
  releasability    TEXT NOT NULL DEFAULT ',',
  line_id          TEXT NOT NULL UNIQUE REFERENCES canal_manifest_lines (id),
  lane             TEXT NOT NULL CHECK (lane IN ('red', 'yellow', 'green')),
  selection        TEXT NOT NULL CHECK (selection IN ('rules', 'random', 'manual')),
  score            REAL NOT NULL,
  fired            TEXT NOT NULL DEFAULT '[]',  -- as canal_scores.fired at queueing
  status           TEXT NOT NULL CHECK (status IN ('queued', 'assigned', 'done', 'cancelled')),
  unit_id          TEXT REFERENCES canal_units (id),
  assigned_at      TEXT,
  assigned_by      TEXT,
  scan_result      TEXT CHECK (scan_result IN ('clear', 'anomaly', 'not_done')),
  physical_exam    TEXT CHECK (physical_exam IN ('done', 'not_done')),
  seal_check       TEXT CHECK (seal_check IN ('intact', 'broken', 'mismatch', 'not_checked')),
  result           TEXT CHECK (result IN ('negative', 'positive')),
  drugs            TEXT NOT NULL DEFAULT '[]',  -- JSON [{"type", "kg"}]
  other_contraband TEXT NOT NULL DEFAULT '',
  notes            TEXT NOT NULL DEFAULT '',
  completed_at     TEXT,
  completed_by     TEXT,
  cancel_reason    TEXT
);
CREATE INDEX canal_inspections_queue ON canal_inspections (owner_org, status, score DESC);
CREATE INDEX canal_inspections_done ON canal_inspections (owner_org, completed_at)
  WHERE status = 'done';
)sql"},
      // Risk selection (canal/risk.h): the random selection key, scoring runs, retire reasons.
      {"canal", 6, "risk: settings (the random selection key), scoring runs, retire reasons",
       R"sql(
-- Server-side settings of the canal module, by key. 'random_selection_key': the secret (hex) of
-- the keyed hash that selects lines at random; created on first use, never shown.
CREATE TABLE canal_settings (
  key        TEXT PRIMARY KEY,
  created_at TEXT NOT NULL,
  value      TEXT NOT NULL
);
-- One scoring run: what it scored and the thresholds it used (GET /lanes shows the last).
CREATE TABLE canal_score_runs (
  id               TEXT PRIMARY KEY,
  created_at       TEXT NOT NULL,
  owner_org        TEXT NOT NULL,
  created_by       TEXT NOT NULL,
  import_id        TEXT,
  scored           INTEGER NOT NULL,
  red              INTEGER NOT NULL,
  yellow           INTEGER NOT NULL,
  green            INTEGER NOT NULL,
  random           INTEGER NOT NULL,
  queued           INTEGER NOT NULL,
  red_threshold    REAL,
  yellow_threshold REAL
);
CREATE INDEX canal_score_runs_by_org ON canal_score_runs (owner_org, created_at);
CREATE INDEX canal_scores_by_time ON canal_scores (owner_org, scored_at);
-- Why a rule was retired ('' while active).
ALTER TABLE canal_rules ADD COLUMN status_reason TEXT NOT NULL DEFAULT '';
)sql"},
      {"canal", 7, "who queued an inspection by hand and why; inspections by unit", R"sql(
-- A supervisor's manual queueing (canal/inspections.h): '' for the scoring runs' inspections.
ALTER TABLE canal_inspections ADD COLUMN created_by TEXT NOT NULL DEFAULT '';
ALTER TABLE canal_inspections ADD COLUMN queue_note TEXT NOT NULL DEFAULT '';
CREATE INDEX canal_inspections_by_unit ON canal_inspections (unit_id, status)
  WHERE unit_id IS NOT NULL;
)sql"},
      // The read paths (docs/perf.md "Canal: reads"): the reads filter by visibility with an OR
      // (owner, or releasability), which no index led by owner_org serves; these lead by what
      // the pages order and bound by.
      {"canal", 9, "scores by rank and by time, for the ranked page, yield and the dashboard",
       R"sql(
-- GET /scores walks this in order and stops at its page, instead of sorting every score.
CREATE INDEX canal_scores_by_score ON canal_scores (score DESC, line_id);
-- The dashboard's 30 days and yield's period read a range of it, not the whole table.
CREATE INDEX canal_scores_by_scored_at ON canal_scores (scored_at);
)sql"},
      {"canal", 10, "manifest lines without foreign keys on the import's hot path", R"sql(
-- The manifest lines' REFERENCES to canal_imports and canal_parties cost four index look-ups per
-- inserted line (bench_canal_import: rows of 300,000 lines 5.2-6.3 s with them, 3.1-4.4 s
-- without; docs/perf.md "Canal"). The import keeps that integrity itself: ImportManifest
-- (canal/records.cc) writes the canal_imports row and finds or creates every party in the same
-- transaction as the lines that point to them, and no code deletes imports or parties. The lines
-- table stays a parent: canal_scores and canal_inspections reference it by name, and keep their
-- REFERENCES.
--
-- SQLite cannot drop a constraint in place, so the table is rebuilt (sqlite.org/lang_altertable
-- "other kinds of table schema changes"), here inside the migration's transaction with foreign
-- keys on. Dropping a parent table deletes its rows first; with the checks deferred, each child
-- row (score, inspection) of a deleted line counts one pending violation, and putting the same
-- line back under its id counts it off, so the commit finds none. The rows go to a holding table
-- and come back under the table's own name: no rename, so no REFERENCES of another table is
-- rewritten. `SELECT *` fails loudly if an earlier migration added a column this definition lacks.
PRAGMA defer_foreign_keys = ON;
CREATE TABLE canal_manifest_lines_hold AS SELECT * FROM canal_manifest_lines;
DROP TABLE canal_manifest_lines;
CREATE TABLE canal_manifest_lines (
  id                  TEXT PRIMARY KEY,
  created_at          TEXT NOT NULL,
  owner_org           TEXT NOT NULL,
  releasability       TEXT NOT NULL DEFAULT ',',
  import_id           TEXT NOT NULL,  -- canal_imports (id), written by the same import
  line                INTEGER NOT NULL,
  bill_of_lading      TEXT NOT NULL,
  container_number    TEXT NOT NULL CHECK (length(container_number) = 11),
  seals               TEXT NOT NULL,
  shipper_party_id    TEXT NOT NULL,  -- canal_parties (id), found or created by the import
  shipper_name        TEXT NOT NULL,
  shipper_address     TEXT NOT NULL,
  consignee_party_id  TEXT NOT NULL,  -- canal_parties (id)
  consignee_name      TEXT NOT NULL,
  consignee_address   TEXT NOT NULL,
  notify_party_id     TEXT,           -- canal_parties (id)
  notify_name         TEXT,
  notify_address      TEXT,
  hs_code             TEXT NOT NULL CHECK (length(hs_code) IN (2, 4, 6)),
  port_of_loading     TEXT NOT NULL CHECK (length(port_of_loading) = 5),
  port_of_discharge   TEXT NOT NULL CHECK (length(port_of_discharge) = 5),
  transshipment_ports TEXT NOT NULL,
  weight_kg           REAL NOT NULL CHECK (weight_kg > 0),
  declared_value      REAL,
  currency            TEXT,
  -- A hash of the normalized fields: a re-import of the same line is recognized by it.
  digest              TEXT NOT NULL,
  vessel_imo          TEXT,
  voyage              TEXT,
  -- The re-import key, container first: it is also the index of a container's history.
  UNIQUE (container_number, owner_org, bill_of_lading)
);
INSERT INTO canal_manifest_lines SELECT * FROM canal_manifest_lines_hold;
DROP TABLE canal_manifest_lines_hold;
CREATE INDEX canal_manifest_lines_by_shipper ON canal_manifest_lines (shipper_party_id);
CREATE INDEX canal_manifest_lines_by_consignee ON canal_manifest_lines (consignee_party_id);
CREATE INDEX canal_manifest_lines_by_notify
  ON canal_manifest_lines (notify_party_id) WHERE notify_party_id IS NOT NULL;
CREATE INDEX canal_manifest_lines_by_vessel
  ON canal_manifest_lines (vessel_imo) WHERE vessel_imo IS NOT NULL;
)sql"},
  };
}

}  // namespace istmo::canal

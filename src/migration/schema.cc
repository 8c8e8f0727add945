// The migration module's tables. Timestamps are ISO 8601 UTC text with milliseconds, as in
// every module, so that they sort as text.
#include "migration/encounters.h"
#include "migration/internal/names.h"

namespace istmo::migration {

std::vector<store::Migration> Migrations() {
  return {
      {"migration", 1, "stations, encounters and their trend summaries", R"sql(
CREATE TABLE migration_stations (
  id   TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  lon  REAL NOT NULL,
  lat  REAL NOT NULL
);
-- The four Darién reception stations of data/geo/stations.geojson (same ids and positions).
INSERT INTO migration_stations (id, name, lon, lat) VALUES
  ('ERM-LAJAS-BLANCAS', 'Lajas Blancas', -77.83, 8.36),
  ('ERM-SAN-VICENTE', 'San Vicente', -77.96, 8.49),
  ('ERM-BAJO-CHIQUITO', 'Bajo Chiquito', -77.567, 8.324),
  ('ERM-CANAAN-MEMBRILLO', 'Canaán Membrillo', -77.72, 8.6);

CREATE TABLE migration_encounters (
  id              TEXT PRIMARY KEY,
  created_at      TEXT NOT NULL,
  owner_org       TEXT NOT NULL,
  releasability   TEXT NOT NULL DEFAULT ',',
  station_id      TEXT NOT NULL REFERENCES migration_stations (id),
  encountered_at  TEXT NOT NULL,
  person_id       TEXT NOT NULL,
  name            TEXT NOT NULL,
  birth_date      TEXT NOT NULL,
  sex             TEXT NOT NULL CHECK (sex IN ('F', 'M', 'X')),
  nationality     TEXT NOT NULL CHECK (length(nationality) = 3),
  document_type   TEXT,
  document_number TEXT,
  age_years       INTEGER NOT NULL,
  minor           INTEGER NOT NULL CHECK (minor IN (0, 1)),
  repeat          INTEGER NOT NULL CHECK (repeat IN (0, 1)),
  template_id     TEXT,
  created_by      TEXT NOT NULL
);
CREATE INDEX migration_encounters_by_time ON migration_encounters (encountered_at);
CREATE INDEX migration_encounters_by_person ON migration_encounters (person_id, encountered_at);
CREATE INDEX migration_encounters_by_document
  ON migration_encounters (document_number, nationality) WHERE document_number IS NOT NULL;

-- Trend summaries, one row per bucket and visibility: the trend queries read these, never the
-- encounters, so their cost does not grow with the number of encounters (docs/perf.md).
CREATE TABLE migration_counts_month (
  period        TEXT NOT NULL,
  station_id    TEXT NOT NULL,
  nationality   TEXT NOT NULL,
  sex           TEXT NOT NULL,
  minor         INTEGER NOT NULL,
  owner_org     TEXT NOT NULL,
  releasability TEXT NOT NULL,
  encounters    INTEGER NOT NULL,
  repeats       INTEGER NOT NULL,
  PRIMARY KEY (period, station_id, nationality, sex, minor, owner_org, releasability)
) WITHOUT ROWID;
CREATE TABLE migration_counts_week (
  period        TEXT NOT NULL,
  station_id    TEXT NOT NULL,
  nationality   TEXT NOT NULL,
  sex           TEXT NOT NULL,
  minor         INTEGER NOT NULL,
  owner_org     TEXT NOT NULL,
  releasability TEXT NOT NULL,
  encounters    INTEGER NOT NULL,
  repeats       INTEGER NOT NULL,
  PRIMARY KEY (period, station_id, nationality, sex, minor, owner_org, releasability)
) WITHOUT ROWID;
)sql"},
      {"migration", 2, "repatriation cases, flights and manifests", R"sql(
CREATE TABLE migration_cases (
  id            TEXT PRIMARY KEY,
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  owner_org     TEXT NOT NULL,
  releasability TEXT NOT NULL DEFAULT ',',
  person_id     TEXT NOT NULL UNIQUE,
  encounter_id  TEXT NOT NULL REFERENCES migration_encounters (id),
  name          TEXT NOT NULL,
  nationality   TEXT NOT NULL,
  legal_basis   TEXT NOT NULL
    CHECK (legal_basis IN ('none', 'asylum_pending', 'recognized', 'other_status')),
  status        TEXT NOT NULL CHECK (status IN ('open', 'manifested', 'repatriated', 'closed')),
  flight_id     TEXT,
  note          TEXT NOT NULL DEFAULT ''
);
CREATE INDEX migration_cases_by_status ON migration_cases (status, nationality, created_at);

CREATE TABLE migration_flights (
  id                  TEXT PRIMARY KEY,
  created_at          TEXT NOT NULL,
  owner_org           TEXT NOT NULL,
  releasability       TEXT NOT NULL DEFAULT ',',
  flight_date         TEXT NOT NULL,
  destination_country TEXT NOT NULL CHECK (length(destination_country) = 3),
  capacity            INTEGER NOT NULL CHECK (capacity BETWEEN 1 AND 500),
  status              TEXT NOT NULL CHECK (status IN ('scheduled', 'departed', 'cancelled'))
);
CREATE INDEX migration_flights_by_date ON migration_flights (flight_date);
CREATE INDEX migration_cases_by_flight ON migration_cases (flight_id) WHERE flight_id IS NOT NULL;
)sql"},
      // Issue 12, the desk: search by name without accents or case (name_key and its words,
      // backfilled with the key the code computes: internal/names.h), by birth date, and the
      // history of corrections.
      {"migration", 3, "name search keys, birth-date index, correction history",
       R"sql(
ALTER TABLE migration_encounters ADD COLUMN name_key TEXT NOT NULL DEFAULT '';
)sql" + internal::NameKeyBackfillSql("migration_encounters", "name", "name_key") +
           R"sql(
-- One row per word of name_key: "perez" finds "Ángel Pérez Ruiz" through the primary key.
CREATE TABLE migration_encounter_names (
  token        TEXT NOT NULL,
  encounter_id TEXT NOT NULL REFERENCES migration_encounters (id),
  PRIMARY KEY (token, encounter_id)
) WITHOUT ROWID;
WITH RECURSIVE words (encounter_id, rest, token) AS (
  SELECT id, name_key || ' ', '' FROM migration_encounters
  UNION ALL
  SELECT encounter_id, substr(rest, instr(rest, ' ') + 1), substr(rest, 1, instr(rest, ' ') - 1)
  FROM words WHERE rest <> ''
)
INSERT OR IGNORE INTO migration_encounter_names (token, encounter_id)
  SELECT token, encounter_id FROM words WHERE token <> '';
CREATE INDEX migration_encounters_by_birth_date ON migration_encounters (birth_date);

-- Corrections of an encounter's fields: one row per correction, the changed fields' values
-- before and after as JSON objects.
CREATE TABLE migration_encounter_history (
  id             TEXT PRIMARY KEY,
  encounter_id   TEXT NOT NULL REFERENCES migration_encounters (id),
  changed_at     TEXT NOT NULL,
  changed_by     TEXT NOT NULL,
  changed_by_org TEXT NOT NULL,
  reason         TEXT NOT NULL,
  old_values     TEXT NOT NULL,
  new_values     TEXT NOT NULL
);
CREATE INDEX migration_encounter_history_by_encounter
  ON migration_encounter_history (encounter_id, changed_at);
)sql"},
  };
}

}  // namespace istmo::migration

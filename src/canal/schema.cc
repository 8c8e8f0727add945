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
  };
}

}  // namespace istmo::canal

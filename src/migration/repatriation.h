// migration/repatriation.h — repatriation cases, flights and their manifests.
//
// A case is opened per person (from one of their encounters) and records the person's legal
// basis to remain in Panama: none, asylum pending, recognized (refugee or other protection) or
// another migration status. Only a case with legal basis "none" and status "open" is eligible
// for a flight. A flight has a date, a destination country and a capacity; building its
// manifest takes the eligible cases of that nationality the caller may see, oldest first, up to
// the seats left, and marks them "manifested". When the flight departs its cases become
// "repatriated"; when it is cancelled they return to "open".
//
//   case:   open ──(manifest)──► manifested ──(flight departed)──► repatriated
//             ▲                       │
//             └───(flight cancelled)──┘        open ──(closed by an officer)──► closed
//   flight: scheduled ──► departed | cancelled
//
// Every change appends to the audit log in the same transaction. Records are filtered by
// releasability like every other; only the owning organization changes a case or a flight.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "core/time.h"
#include "store/scope.h"
#include "store/store.h"

namespace istmo::migration {

struct NewCase {
  std::string encounter_id;              // an encounter the caller may see
  std::string legal_basis;               // none, asylum_pending, recognized, other_status
  std::string note;                      // free text, 0..2000
  std::vector<std::string> releasability;
};

struct RepatriationCase {
  std::string id;
  core::Timestamp created_at;
  core::Timestamp updated_at;
  std::string owner_org;
  std::vector<std::string> releasability;
  std::string person_id;
  std::string encounter_id;
  std::string name;
  std::string nationality;
  std::string legal_basis;
  std::string status;     // open, manifested, repatriated, closed
  std::string flight_id;  // while manifested or repatriated
  std::string note;
  bool eligible = false;  // legal_basis none and status open
};

struct CasePatch {
  std::optional<std::string> legal_basis;
  std::optional<std::string> status;  // only "open" <-> "closed" by hand
  std::optional<std::string> note;
};

struct NewFlight {
  std::string flight_date;          // "YYYY-MM-DD"
  std::string destination_country;  // ISO 3166-1 alpha-3
  int capacity = 0;                 // 1..500 seats
  std::vector<std::string> releasability;
};

struct Flight {
  std::string id;
  core::Timestamp created_at;
  std::string owner_org;
  std::vector<std::string> releasability;
  std::string flight_date;
  std::string destination_country;
  int capacity = 0;
  std::string status;  // scheduled, departed, cancelled
  int manifested = 0;  // cases on the manifest
  std::vector<RepatriationCase> manifest;  // filled by GetFlight and BuildManifest
};

// kPermissionDenied unless officer or supervisor; kNotFound for a hidden encounter;
// kConflict when the person already has a case (field "/encounter_id").
core::Result<RepatriationCase> OpenCase(store::Connection& tx, const store::AccessScope& scope,
                                        NewCase in, core::Timestamp now);
core::Result<RepatriationCase> UpdateCase(store::Connection& tx, const store::AccessScope& scope,
                                          const std::string& id, const CasePatch& patch,
                                          core::Timestamp now);
core::Result<RepatriationCase> GetCase(store::Connection& c, const store::AccessScope& scope,
                                       const std::string& id);
struct CaseQuery {
  std::string status;       // empty: any
  std::string nationality;  // empty: any
  std::string person_id;    // empty: any (a person has at most one case)
  bool eligible_only = false;
  int limit = 100;          // 1..1000
};
core::Result<std::vector<RepatriationCase>> ListCases(store::Connection& c,
                                                      const store::AccessScope& scope,
                                                      const CaseQuery& query);

core::Result<Flight> CreateFlight(store::Connection& tx, const store::AccessScope& scope,
                                  NewFlight in, core::Timestamp now);
core::Result<Flight> GetFlight(store::Connection& c, const store::AccessScope& scope,
                               const std::string& id);
core::Result<std::vector<Flight>> ListFlights(store::Connection& c, const store::AccessScope& scope);
// Adds eligible cases to a scheduled flight's manifest (see above). kConflict unless scheduled.
core::Result<Flight> BuildManifest(store::Connection& tx, const store::AccessScope& scope,
                                   const std::string& flight_id, core::Timestamp now);
// "departed" or "cancelled" from "scheduled"; kConflict otherwise.
core::Result<Flight> SetFlightStatus(store::Connection& tx, const store::AccessScope& scope,
                                     const std::string& flight_id, const std::string& status,
                                     core::Timestamp now);

}  // namespace istmo::migration

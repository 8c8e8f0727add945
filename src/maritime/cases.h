// maritime/cases.h — interdiction cases: from an alert (or by hand) to a boarding and its outcome.
//
// A case is a record like any other (owner_org, releasability): the organization it is assigned
// to owns it (SENAN, SENAFRONT, a partner). It carries a number in its first owner's register
// ("SENAN-2026-0001": per organization and Panama civil year, never reused nor changed), the
// alerts it came from, the vessels (MMSIs), positions, the outcome (boarded, seized, drugs by
// type and kg, arrests by nationality, other contraband, where and when: the area), the crew
// (migration encounter ids of the people later registered at a station) and a timeline that is
// only ever appended to (the table refuses UPDATE and DELETE).
//
//   status:  open ──► underway ──► interdicted ──► closed
//             │  ▲        │                          ▲ │
//             │  └────────┘ (stood down)              │ │ reopen (supervisors, admins)
//             └──────────────┴─────────────────────────┘ ▼ open
//
// Who does what (docs/maritime.md, "Interdiction cases"):
//   * anyone the case is released to reads it (hidden cases look absent: kNotFound);
//   * officers, supervisors and admins of the owning organization work on it (edit, status,
//     positions, outcome, crew, notes);
//   * supervisors and admins of the owning organization reassign it to another organization,
//     and reopen a closed case; opening a case for another organization is such a reassignment;
//   * the new owner sees it (it owns it), and the organization that handed it over keeps reading
//     it: its "org:<id>" joins the releasability.
// A closed case takes notes only (kConflict, reason "case_closed", for anything else).
// Every change appends to the timeline and records a "maritime.case.*" change (audit log and
// outbox) in the caller's Write() transaction.
//
// Crew are people of the migration module, which maritime must not include (DESIGN.md): this
// header declares the question (CrewDirectory) and the composition root answers it
// (src/app/crew_directory.cc).
//
// Thread-safety: free functions over a Connection; a CrewDirectory is called from many request
// threads at once and must be stateless or synchronized.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.h"
#include "core/time.h"
#include "store/scope.h"
#include "store/store.h"

namespace istmo::maritime {

// The case tables (module "maritime_cases"); app::AllMigrations() lists them.
std::vector<store::Migration> CaseMigrations();

// One crew member as a reader may see them: their encounter at a reception station.
struct CrewMember {
  std::string encounter_id;
  std::string name;
  std::string nationality;  // ISO 3166-1 alpha-3
  std::string station;      // the station id ("ERM-LAJAS-BLANCAS")
  core::Timestamp registered_at;
};

// Who the people behind encounter ids are, and which nationalities exist: migration's
// knowledge, asked through this seam.
class CrewDirectory {
 public:
  virtual ~CrewDirectory() = default;
  // The encounters among `encounter_ids` that `scope` may see; others are left out of the map.
  virtual core::Result<std::map<std::string, CrewMember>> Describe(
      store::Connection& c, const store::AccessScope& scope,
      std::span<const std::string> encounter_ids) const = 0;
  // A nationality as entered (any case) as its assigned ISO 3166-1 alpha-3 code;
  // kInvalidArgument naming `field`, reason "unknown_country" (or "country_alpha2").
  virtual core::Result<std::string> NormalizeNationality(std::string_view code,
                                                         const std::string& field) const = 0;
};

// An organization a case is assigned to, as the caller found it (maritime knows no
// organizations: the routes look it up in auth and pass what they found).
struct CaseOrg {
  std::string id;
  std::string name;
};

enum class CaseStatus : std::uint8_t { kOpen, kUnderway, kInterdicted, kClosed };
std::string_view CaseStatusName(CaseStatus status);
std::optional<CaseStatus> ParseCaseStatus(std::string_view name);
// Whether `from` -> `to` is a move of the diagram above (not to itself).
bool CaseMoveAllowed(CaseStatus from, CaseStatus to);

// Drug types of an outcome, as the contract spells them.
inline constexpr const char* kDrugTypes[] = {"cocaine",         "marijuana", "heroin",
                                             "methamphetamine", "fentanyl",  "other"};

struct CasePosition {
  core::Timestamp t;
  double lat = 0, lon = 0;
  std::string label;  // 0..100 bytes
};

struct DrugSeizure {
  std::string type;  // one of kDrugTypes
  double kg = 0;     // > 0, at most 100 000
};
struct Arrests {
  std::string nationality;  // alpha-3, normalized by the CrewDirectory
  int count = 0;            // 1..1000
};
struct Contraband {
  std::string description;         // 1..200 bytes
  std::optional<double> quantity;  // >= 0
};

struct CaseOutcome {
  bool boarded = false;
  bool seized = false;
  std::optional<core::Timestamp> at;  // when it happened
  std::optional<double> lat, lon;     // where (both or neither)
  std::string area;                   // CaseArea(lat, lon) when there is a position, else ""
  std::vector<DrugSeizure> drugs;     // one entry per type
  std::vector<Arrests> arrests;       // one entry per nationality
  std::vector<Contraband> other_contraband;

  double TotalKg() const;
};

struct TimelineEntry {
  core::Timestamp t;
  std::string user;    // username, "system" for the local operator
  std::string action;  // open, edit, status, reassign, position, outcome, crew_add, ...
  std::string note;    // what changed, or the note's text; may be empty
};

struct CrewLink {
  std::string encounter_id;
  std::optional<CrewMember> member;  // empty when the reader may not see the encounter
};

struct Case {
  std::string id;
  std::string number;
  std::string title;
  std::string summary;
  std::string owner_org;
  std::string owner_org_name;  // as at the assignment
  std::vector<std::string> releasability;
  CaseStatus status = CaseStatus::kOpen;
  core::Timestamp opened_at;
  std::string opened_by;  // username
  core::Timestamp updated_at;
  std::vector<std::string> alert_ids;
  std::vector<std::uint32_t> mmsis;
  std::vector<CasePosition> positions;  // oldest first
  std::optional<CaseOutcome> outcome;
  std::vector<CrewLink> crew;           // in the order they were added
  std::vector<TimelineEntry> timeline;  // oldest first; empty in lists
};

struct NewCase {
  std::string title;    // 1..200 bytes
  std::string summary;  // 0..4000 bytes
  // The organization it is assigned to; an empty id is the caller's own organization.
  CaseOrg owner;
  std::vector<std::string> releasability;  // store::NormalizeReleasability's targets
  std::vector<std::string> alert_ids;      // escalated to the case (store::EscalateAlerts)
  std::vector<std::uint32_t> mmsis;        // at most 50
};

// Opens a case in the caller's Write() transaction. kPermissionDenied unless an officer,
// supervisor or admin (a supervisor or admin when `owner` is another organization);
// kInvalidArgument naming the field ("/title", "/mmsis/2", "/alert_ids/0" with reason
// "unknown_alert" when the alert is hidden or absent); kConflict ("/alert_ids/0", reason
// "not_open") when an alert is already closed. Each alert must be workable by the caller
// (store::EscalateAlerts): all are escalated to the new case or none.
core::Result<Case> OpenCase(store::Connection& tx, const store::AccessScope& scope, NewCase in,
                            core::Timestamp now);

// The case with its children and timeline; crew described by `crew` (nullptr: every member
// shows as not visible). kNotFound (reason "not_found", {object: case}) when hidden or absent.
core::Result<Case> GetCase(store::Connection& c, const store::AccessScope& scope,
                           const std::string& id, const CrewDirectory* crew);

struct CaseQuery {
  std::optional<CaseStatus> status;
  std::string owner_org;                 // empty: any
  std::optional<core::Timestamp> since;  // updated_at >= since
  int limit = 100;                       // 1..500
};
// The visible cases, latest updated first, without their timelines.
core::Result<std::vector<Case>> ListCases(store::Connection& c, const store::AccessScope& scope,
                                          const CaseQuery& query, const CrewDirectory* crew);

struct CasePatch {
  std::optional<std::string> title;
  std::optional<std::string> summary;
  std::optional<CaseStatus> status;
  std::optional<CaseOrg> owner;  // reassignment
};
// Applies the patch (kInvalidArgument "/status" reason "invalid_transition" for a move not in
// the diagram; "/" reason "no_change" when nothing would change; kPermissionDenied as above).
core::Status UpdateCase(store::Connection& tx, const store::AccessScope& scope,
                        const std::string& id, const CasePatch& patch, core::Timestamp now);
// At most 500 positions per case ("/", reason "too_many"); t not after now + 5 min.
core::Status AddCasePosition(store::Connection& tx, const store::AccessScope& scope,
                             const std::string& id, CasePosition position, core::Timestamp now);
// Replaces the outcome. Validated by ValidateOutcome (nationalities through `directory`).
core::Status SetCaseOutcome(store::Connection& tx, const store::AccessScope& scope,
                            const std::string& id, CaseOutcome outcome,
                            const CrewDirectory& directory, core::Timestamp now);
// Links a crew member. kInvalidArgument ("/encounter_id", reason "unknown_encounter") unless
// the caller may see the encounter; kConflict ("/encounter_id", reason "duplicate") when linked.
core::Status AddCaseCrew(store::Connection& tx, const store::AccessScope& scope,
                         const std::string& id, const std::string& encounter_id,
                         const CrewDirectory& directory, core::Timestamp now);
// kNotFound (reason "not_found", {object: crew}) when the encounter is not linked.
core::Status RemoveCaseCrew(store::Connection& tx, const store::AccessScope& scope,
                            const std::string& id, const std::string& encounter_id,
                            core::Timestamp now);
// A note on the timeline (1..2000 bytes); closed cases take notes too.
core::Status AddCaseNote(store::Connection& tx, const store::AccessScope& scope,
                         const std::string& id, const std::string& body, core::Timestamp now);

// Checks and normalizes an outcome: drug types and kg, one entry per type and per nationality,
// counts, the position (both or neither, in range), `at` not after now + 5 min, and drugs or
// contraband only when `seized`. Sets `area`. kInvalidArgument naming the field
// ("/drugs/1/kg", "/arrests/0/nationality") with a reason.
core::Status ValidateOutcome(CaseOutcome& outcome, const CrewDirectory& directory,
                             core::Timestamp now);

// The named sector of Panama's waters a position lies in (docs/maritime.md, "Areas"):
// bocas_del_toro, colon, guna_yala (Caribbean), chiriqui, azuero, gulf_of_panama,
// darien_pacific (Pacific), or caribbean_outside_eez / pacific_outside_eez beyond the EEZ.
std::string CaseArea(double lat, double lon);
// Every area name, in the order above.
const std::vector<std::string>& CaseAreas();

// The statistics of the cases a scope may see whose time (the outcome's `at`, else the
// opening) lies in [from, to). Months are Panama civil months (UTC−05:00).
struct CaseStats {
  struct Month {
    std::string month;  // "2026-03"
    std::int64_t cases = 0;
    std::int64_t interdictions = 0;    // outcome boarded or seized
    std::int64_t seized = 0;           // outcome seized
    std::map<std::string, double> kg;  // by drug type
  };
  struct Area {
    std::string area;
    std::int64_t cases = 0;
    double kg = 0;
  };
  struct Drug {
    std::string type;
    double kg = 0;
    std::int64_t cases = 0;
  };
  std::vector<Month> months;  // ascending, months without cases left out
  std::vector<Area> areas;    // CaseAreas() order, areas without cases left out
  std::vector<Drug> drugs;    // kDrugTypes order, types never seized left out
  std::vector<std::pair<std::string, std::int64_t>> arrests;  // nationality, count; most first
};
core::Result<CaseStats> ComputeCaseStats(store::Connection& c, const store::AccessScope& scope,
                                         core::Timestamp from, core::Timestamp to);
// The visible cases with an outcome position whose time lies in [from, to), oldest first.
core::Result<std::vector<Case>> MappedCases(store::Connection& c, const store::AccessScope& scope,
                                            core::Timestamp from, core::Timestamp to);

// The Case JSON of docs/api.md ("timeline" only when `with_timeline`).
nlohmann::json CaseJson(const Case& k, bool with_timeline);
nlohmann::json CaseStatsJson(const CaseStats& stats);
// A GeoJSON FeatureCollection: one Point per case with an outcome position.
nlohmann::json CaseMapJson(const std::vector<Case>& cases);

}  // namespace istmo::maritime

// canal/inspections.h — inspection units, the inspection queue and results, the yield of the
// risk rules, and the histories and counts built on them (docs/canal.md, "Inspections and
// yield").
//
// An inspection (canal_inspections) is one manifest line chosen for a scan or a physical exam:
// queued by a scoring run (selection "rules" or "random", canal/risk.h) or by a supervisor
// ("manual"), assigned to a unit of the line's owner, then done (a result) or cancelled (a
// reason). It is owned and released as its line; hidden inspections look absent (kNotFound), and
// so does an inspection of another organization to a write.
//
//   queued ──assign──► assigned ──result──► done ──correction (supervisor, reason)──► done
//     │  ▲                 │ └──assign (another unit)──┘
//     └──┴──cancel─────────┴──► cancelled
//
// Who (docs/canal.md): supervisors of the owner write units, queue by hand, assign and cancel,
// and correct a result; officers of the owner record the result of an assigned inspection, once.
// Officers, analysts and supervisors read what is released to them. Every change is recorded
// (store::RecordChange) as "canal.unit.*" or "canal.inspection.*" in the caller's transaction; a
// correction's detail holds the result before and after.
//
// Yield: a rule's hit rate over the done inspections whose `fired` (the rules as they were when
// the line was chosen) lists it, with a 95% Wilson interval, against the baseline of the
// inspections chosen at random (the only unbiased estimate of chance).
//
// Thread-safety: free functions over a store::Connection, as store.h says.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "canal/records.h"
#include "canal/risk.h"
#include "core/result.h"
#include "core/time.h"
#include "store/scope.h"
#include "store/store.h"

namespace istmo::canal {

// ---- Statistics -------------------------------------------------------------------------------

// A share `positives / n` with its confidence interval. Empty (n == 0) has rate, low and high 0
// and `known` false: no inspection says nothing.
struct Proportion {
  std::int64_t n = 0;
  std::int64_t positives = 0;
  bool known = false;
  double rate = 0, low = 0, high = 0;
};
// The Wilson score interval of a binomial proportion (Wilson 1927; Brown, Cai and DasGupta 2001
// recommend it over the normal interval for small n and rates near 0, which is where hit rates
// of inspections live). z = 1.959964 gives 95%.
Proportion WilsonInterval(std::int64_t positives, std::int64_t n, double z = 1.959963984540054);

// ---- Units --------------------------------------------------------------------------------------

struct Unit {
  std::string id;
  std::string owner_org;
  std::string name;      // 1..100 bytes, unique in the organization
  std::string terminal;  // a UN/LOCODE, "" for a mobile unit
  bool active = true;
  core::Timestamp created_at;
};
struct UnitPatch {
  std::optional<std::string> name;
  std::optional<std::string> terminal;  // "" clears it
  std::optional<bool> active;
};

// The caller's organization's units (units are not released to others), by name.
// kPermissionDenied unless an officer, analyst or supervisor.
core::Result<std::vector<Unit>> ListUnits(store::Connection& c, const store::AccessScope& scope);
// kPermissionDenied unless a supervisor of an organization; kInvalidArgument naming "/name" or
// "/terminal"; kConflict ("/name", reason "duplicate") for a name the organization has.
core::Result<Unit> CreateUnit(store::Connection& tx, const store::AccessScope& scope,
                              std::string name, std::string terminal, core::Timestamp now);
// kNotFound (reason "not_found", {object: unit}) for a unit of another organization; "/" reason
// "no_change" when nothing would change.
core::Result<Unit> UpdateUnit(store::Connection& tx, const store::AccessScope& scope,
                              const std::string& id, const UnitPatch& patch, core::Timestamp now);

// ---- Inspections --------------------------------------------------------------------------------

// Drug types of a result, as the contract spells them.
inline constexpr const char* kInspectionDrugTypes[] = {
    "cocaine", "cannabis", "heroin", "methamphetamine", "fentanyl", "precursors", "other"};

struct DrugFound {
  std::string type;  // one of kInspectionDrugTypes
  double kg = 0;     // > 0, at most 100 000

  bool operator==(const DrugFound&) const = default;
};

struct InspectionResult {
  std::string scan_result;    // clear | anomaly | not_done
  std::string physical_exam;  // done | not_done
  std::string seal_check;     // intact | broken | mismatch | not_checked
  std::string result;         // negative | positive
  std::vector<DrugFound> drugs;
  std::string other_contraband;  // 0..500 bytes
  std::string notes;             // 0..4000 bytes
  // Required when a supervisor corrects a recorded result; never stored on the inspection (it
  // goes to the audit entry).
  std::string correction_reason;

  bool operator==(const InspectionResult&) const = default;
};

// Decodes a result body (JSON object; unknown members refused). kInvalidArgument naming the
// field ("/drugs/1/kg", "/result") with a reason (required, invalid_value, too_long, too_many,
// duplicate). The checks that need the inspection (a red lane's physical exam) are
// RecordResult's.
core::Result<InspectionResult> ParseInspectionResult(std::string_view json_text);

struct Inspection {
  std::string id;
  std::string owner_org;
  std::vector<std::string> releasability;
  core::Timestamp created_at, updated_at;
  std::string created_by;  // user id, "" when a scoring run queued it
  std::string queue_note;
  std::string line_id;
  std::string container_number, bill_of_lading, hs_code, port_of_loading;
  std::string lane;       // red | yellow | green
  std::string selection;  // rules | random | manual
  double score = 0;
  std::vector<RiskReason> reasons;
  std::string status;  // queued | assigned | done | cancelled
  std::optional<Unit> unit;
  std::optional<core::Timestamp> assigned_at;
  std::string assigned_by;
  std::optional<InspectionResult> result;  // when done
  std::optional<core::Timestamp> completed_at;
  std::string completed_by;
  std::string cancel_reason;
};

struct InspectionQuery {
  // queued | assigned | done | cancelled; empty: the queue (queued and assigned).
  std::string status;
  std::string unit_id;
  std::string lane;
  std::string selection;
  std::string result;
  std::int64_t limit = 100;  // 1..1000
  std::string after;         // the last id of the previous page
};
// Visible inspections. The queue (queued, assigned) by score, highest first, then oldest
// queued; done by completed_at, newest first; cancelled by updated_at, newest first.
// kInvalidArgument "?after" (reason "stale_cursor") when `after` is not in the list.
core::Result<std::vector<Inspection>> ListInspections(store::Connection& c,
                                                      const store::AccessScope& scope,
                                                      const InspectionQuery& query);
// kNotFound (reason "not_found", {object: inspection}) when hidden or absent.
core::Result<Inspection> GetInspection(store::Connection& c, const store::AccessScope& scope,
                                       const std::string& id);

struct NewInspection {
  std::string line_id;
  std::string lane = "red";  // red | yellow
  std::string note;          // 0..1000 bytes
};
// Queues a line by hand (selection "manual", the line's current score and fired rules if it has
// any). kPermissionDenied unless a supervisor; kInvalidArgument "/line_id" (reason
// "invalid_value") unless the line is one of the caller's organization; kConflict "/line_id"
// (reason "duplicate") when the line has an inspection.
core::Result<Inspection> QueueInspection(store::Connection& tx, const store::AccessScope& scope,
                                         const NewInspection& in, core::Timestamp now);
// To an active unit of the owner ("/unit_id", reason "invalid_value" otherwise); from queued or
// assigned (another unit). kConflict (reason "not_open") when done or cancelled.
core::Result<Inspection> AssignInspection(store::Connection& tx, const store::AccessScope& scope,
                                          const std::string& id, const std::string& unit_id,
                                          core::Timestamp now);
// From queued or assigned, with a reason of 1..500 bytes ("/reason").
core::Result<Inspection> CancelInspection(store::Connection& tx, const store::AccessScope& scope,
                                          const std::string& id, const std::string& reason,
                                          core::Timestamp now);
// An officer records the result of an assigned inspection (kConflict "not_open" when queued,
// cancelled or already done); a supervisor corrects a done one with `correction_reason`
// ("/correction_reason", reason "correction_reason_required"; "/" reason "no_change" when it
// changes nothing). Checks: a positive result has drugs or other contraband, a negative none
// ("/result"); a red lane's result needs physical_exam "done" ("/physical_exam").
core::Result<Inspection> RecordResult(store::Connection& tx, const store::AccessScope& scope,
                                      const std::string& id, InspectionResult result,
                                      core::Timestamp now);

// ---- Yield --------------------------------------------------------------------------------------

struct YieldQuery {
  std::optional<core::Timestamp> from, to;  // completed_at in [from, to); scored_at for `fired`
  bool by_rule = false;  // false: one row per rule version; true: per rule, all versions together
};
struct RuleYield {
  std::string rule_id;
  std::string name;            // of the version (by version) or the current one (by rule)
  std::int64_t version = 0;    // the version, or the current version (by rule)
  std::string status;          // active | retired
  std::int64_t fired = 0;      // visible scored lines (current scores) where it fired
  Proportion hits;             // done inspections where it fired
  std::optional<double> lift;  // hit rate / baseline hit rate; none without a baseline rate
  bool beats_chance = false;   // Wilson low bound above the baseline hit rate
};
struct Yield {
  Proportion baseline;           // selection random
  std::vector<RuleYield> rules;  // visible rules; by hit rate's low bound, best first
  Proportion rules_overall;      // selection rules
  std::optional<double> overall_lift;
};
core::Result<Yield> ComputeYield(store::Connection& c, const store::AccessScope& scope,
                                 const YieldQuery& query);

// ---- History ------------------------------------------------------------------------------------

struct PositiveRef {
  std::string inspection_id;
  std::string line_id;
  std::string container_number;
  core::Timestamp completed_at;
  std::vector<DrugFound> drugs;
  std::string other_contraband;
};
struct InspectionHistory {
  std::int64_t lines = 0;        // visible manifest lines
  std::int64_t inspections = 0;  // their done inspections
  std::int64_t positives = 0;
  std::map<std::string, double> kg_by_drug;
  std::optional<PositiveRef> last_positive;
};
// The history of a party in any role; kNotFound when no visible line names it.
core::Result<InspectionHistory> PartyInspectionHistory(store::Connection& c,
                                                       const store::AccessScope& scope,
                                                       const std::string& party_id);
// The history of a port as loading, discharge or transshipment port (zeros when none).
core::Result<InspectionHistory> PortInspectionHistory(store::Connection& c,
                                                      const store::AccessScope& scope,
                                                      const std::string& locode);

// ---- Dashboard ----------------------------------------------------------------------------------

struct Dashboard {
  std::int64_t transits_next_7_days = 0;  // transit_date in [today, today + 7 days)
  std::int64_t containers_scored_30d = 0;
  // Current scores of the last 30 days by lane; `random` counts the random selections (which
  // are also red).
  std::int64_t red = 0, yellow = 0, green = 0, random = 0;
  std::int64_t queued = 0, assigned = 0;
  struct UnitLoad {
    std::string unit_id, name;
    std::int64_t assigned = 0;
  };
  std::vector<UnitLoad> by_unit;  // units with assigned inspections, most first
  std::int64_t done_30d = 0, positives_30d = 0;
  Proportion rules_30d, random_30d;
  std::optional<double> lift_30d;
  std::vector<std::pair<std::string, double>> seizures_30d;  // kg by drug type, most first
  std::vector<RuleYield> top_rules;                          // at most 5, most positives first
};
core::Result<Dashboard> ComputeDashboard(store::Connection& c, const store::AccessScope& scope,
                                         core::Timestamp now);

}  // namespace istmo::canal

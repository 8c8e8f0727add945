#include "maritime/case_demo.h"

#include <optional>
#include <vector>

namespace istmo::maritime {
namespace {

using std::chrono::hours;

struct DemoCase {
  const char* title = "";
  const char* summary = "";
  bool senafront = false;  // assigned to SENAFRONT
  int days_ago = 0;
  CaseStatus status = CaseStatus::kOpen;
  std::vector<std::uint32_t> mmsis;
  double lat = 0, lon = 0;  // last known position, and the outcome's when there is one
  std::optional<CaseOutcome> outcome;
};

std::vector<DemoCase> Cases() {
  return {
      {.title = "[DEMO] Go-fast from Bahía Solano toward Jaqué",
       .summary = "Demo data. Go-fast alert at 34 kn heading for the Darién coast; intercepted by "
                  "a SENAN patrol boat 12 nm off Jaqué.",
       .days_ago = 150,
       .status = CaseStatus::kClosed,
       .mmsis = {735001001},
       .lat = 7.35,
       .lon = -78.35,
       .outcome = CaseOutcome{.boarded = true,
                              .seized = true,
                              .drugs = {{"cocaine", 1450}},
                              .arrests = {{"COL", 3}}}},
      {.title = "[DEMO] Fishing vessel rendezvous south of the Pearl Islands",
       .summary = "Demo data. Two-hour rendezvous between a longliner and a go-fast; the "
                  "longliner was boarded at first light.",
       .days_ago = 120,
       .status = CaseStatus::kInterdicted,
       .mmsis = {352001002, 735001003},
       .lat = 8.10,
       .lon = -79.00,
       .outcome = CaseOutcome{.boarded = true,
                              .seized = true,
                              .drugs = {{"cocaine", 2200}},
                              .arrests = {{"COL", 2}, {"ECU", 2}}}},
      {.title = "[DEMO] Semi-submersible south of Azuero",
       .summary = "Demo data. Low-profile vessel reported by a partner aircraft; scuttled on "
                  "approach, bales recovered from the water.",
       .days_ago = 95,
       .status = CaseStatus::kClosed,
       .lat = 6.90,
       .lon = -80.40,
       .outcome = CaseOutcome{.boarded = false,
                              .seized = true,
                              .drugs = {{"cocaine", 3100}},
                              .arrests = {{"COL", 2}, {"ECU", 1}}}},
      {.title = "[DEMO] Go-fast landing at Guna Yala",
       .summary = "Demo data. Go-fast beached near Playón Chico; handed to SENAFRONT for the "
                  "landing party.",
       .senafront = true,
       .days_ago = 70,
       .status = CaseStatus::kInterdicted,
       .lat = 9.50,
       .lon = -78.30,
       .outcome = CaseOutcome{.boarded = true,
                              .seized = true,
                              .drugs = {{"cocaine", 800}, {"marijuana", 450}},
                              .arrests = {{"PAN", 2}, {"COL", 1}}}},
      {.title = "[DEMO] Dark gap north of Colón",
       .summary = "Demo data. Cargo vessel dark for 14 h in good reception; boarded, nothing "
                  "found.",
       .days_ago = 50,
       .status = CaseStatus::kClosed,
       .mmsis = {352001004},
       .lat = 9.70,
       .lon = -79.80,
       .outcome = CaseOutcome{.boarded = true, .seized = false}},
      {.title = "[DEMO] Lobster boat with marijuana off Bocas del Toro",
       .summary = "Demo data. Loitering lobster boat; marijuana found under the catch.",
       .days_ago = 30,
       .status = CaseStatus::kClosed,
       .mmsis = {352001005},
       .lat = 9.50,
       .lon = -82.10,
       .outcome = CaseOutcome{.boarded = true,
                              .seized = true,
                              .drugs = {{"marijuana", 620}},
                              .arrests = {{"CRI", 1}, {"PAN", 2}}}},
      {.title = "[DEMO] Cash and rifles off Colón",
       .summary = "Demo data. Yacht stopped on a tip; cash, rifles and a small amount of cocaine.",
       .days_ago = 10,
       .status = CaseStatus::kInterdicted,
       .mmsis = {352001006},
       .lat = 9.75,
       .lon = -79.55,
       .outcome = CaseOutcome{.boarded = true,
                              .seized = true,
                              .drugs = {{"cocaine", 95}},
                              .arrests = {{"VEN", 1}, {"COL", 1}},
                              .other_contraband = {{"cash (USD)", 240000}, {"rifles", 6}}}},
      {.title = "[DEMO] Go-fast in the Gulf of Chiriquí",
       .summary = "Demo data. Patrol boat in pursuit.",
       .days_ago = 1,
       .status = CaseStatus::kUnderway,
       .mmsis = {735001007},
       .lat = 7.80,
       .lon = -82.20},
      {.title = "[DEMO] Loitering fishing vessel off Darién",
       .summary = "Demo data. Watching; no asset assigned.",
       .days_ago = 0,
       .status = CaseStatus::kOpen,
       .mmsis = {352001008},
       .lat = 7.40,
       .lon = -78.60},
  };
}

}  // namespace

core::Result<int> LoadDemoCases(store::Store& store, const store::AccessScope& scope,
                                const DemoCaseOptions& options, const CrewDirectory& crew,
                                core::Timestamp now) {
  return store.Write<int>([&](store::Connection& tx) -> core::Result<int> {
    ISTMO_ASSIGN_OR_RETURN(auto any, tx.QueryOne("SELECT 1 FROM maritime_cases LIMIT 1"));
    if (any) return 0;
    int written = 0;
    for (const DemoCase& d : Cases()) {
      core::Timestamp t = now - hours(24) * d.days_ago - hours(6);
      ISTMO_ASSIGN_OR_RETURN(Case k,
                             OpenCase(tx, scope,
                                      {.title = d.title,
                                       .summary = d.summary,
                                       .owner = d.senafront ? options.senafront : options.senan,
                                       .releasability = {"PAN", "USA"},
                                       .mmsis = d.mmsis},
                                      t));
      t += hours(1);
      ISTMO_RETURN_IF_ERROR(AddCasePosition(
          tx, scope, k.id, {.t = t, .lat = d.lat, .lon = d.lon, .label = "last contact"}, t));
      if (d.status == CaseStatus::kOpen) {
        ++written;
        continue;
      }
      ISTMO_RETURN_IF_ERROR(UpdateCase(tx, scope, k.id, {.status = CaseStatus::kUnderway}, t));
      if (written == 0) {
        for (const std::string& e : options.crew_encounter_ids) {
          t += hours(1);
          ISTMO_RETURN_IF_ERROR(AddCaseCrew(tx, scope, k.id, e, crew, t));
        }
      }
      if (d.outcome) {
        t += hours(2);
        CaseOutcome o = *d.outcome;
        o.at = t;
        o.lat = d.lat;
        o.lon = d.lon;
        ISTMO_RETURN_IF_ERROR(SetCaseOutcome(tx, scope, k.id, o, crew, t));
        ISTMO_RETURN_IF_ERROR(UpdateCase(tx, scope, k.id, {.status = CaseStatus::kInterdicted}, t));
      }
      if (d.status == CaseStatus::kClosed) {
        t += hours(48);
        ISTMO_RETURN_IF_ERROR(AddCaseNote(tx, scope, k.id, "Demo data: evidence handed over.", t));
        ISTMO_RETURN_IF_ERROR(UpdateCase(tx, scope, k.id, {.status = CaseStatus::kClosed}, t));
      }
      ++written;
    }
    return written;
  });
}

}  // namespace istmo::maritime

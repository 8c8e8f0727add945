#include "maritime/case_demo.h"

#include <optional>
#include <vector>

namespace istmo::maritime {
namespace {

using std::chrono::hours;

struct DemoCase {
  const char* title;
  const char* summary;
  bool senafront;  // assigned to SENAFRONT
  int days_ago;
  CaseStatus status;
  std::vector<std::uint32_t> mmsis;
  double lat, lon;  // last known position, and the outcome's when there is one
  std::optional<CaseOutcome> outcome;
};

std::vector<DemoCase> Cases() {
  return {
      {"[DEMO] Go-fast from Bahía Solano toward Jaqué",
       "Demo data. Go-fast alert at 34 kn heading for the Darién coast; intercepted by a SENAN "
       "patrol boat 12 nm off Jaqué.",
       false, 150, CaseStatus::kClosed, {735001001}, 7.35, -78.35,
       CaseOutcome{.boarded = true,
                   .seized = true,
                   .drugs = {{"cocaine", 1450}},
                   .arrests = {{"COL", 3}}}},
      {"[DEMO] Fishing vessel rendezvous south of the Pearl Islands",
       "Demo data. Two-hour rendezvous between a longliner and a go-fast; the longliner was "
       "boarded at first light.",
       false, 120, CaseStatus::kInterdicted, {352001002, 735001003}, 8.10, -79.00,
       CaseOutcome{.boarded = true,
                   .seized = true,
                   .drugs = {{"cocaine", 2200}},
                   .arrests = {{"COL", 2}, {"ECU", 2}}}},
      {"[DEMO] Semi-submersible south of Azuero",
       "Demo data. Low-profile vessel reported by a partner aircraft; scuttled on approach, "
       "bales recovered from the water.",
       false, 95, CaseStatus::kClosed, {}, 6.90, -80.40,
       CaseOutcome{.boarded = false,
                   .seized = true,
                   .drugs = {{"cocaine", 3100}},
                   .arrests = {{"COL", 2}, {"ECU", 1}}}},
      {"[DEMO] Go-fast landing at Guna Yala",
       "Demo data. Go-fast beached near Playón Chico; handed to SENAFRONT for the landing party.",
       true, 70, CaseStatus::kInterdicted, {}, 9.50, -78.30,
       CaseOutcome{.boarded = true,
                   .seized = true,
                   .drugs = {{"cocaine", 800}, {"marijuana", 450}},
                   .arrests = {{"PAN", 2}, {"COL", 1}}}},
      {"[DEMO] Dark gap north of Colón",
       "Demo data. Cargo vessel dark for 14 h in good reception; boarded, nothing found.",
       false, 50, CaseStatus::kClosed, {352001004}, 9.70, -79.80,
       CaseOutcome{.boarded = true, .seized = false}},
      {"[DEMO] Lobster boat with marijuana off Bocas del Toro",
       "Demo data. Loitering lobster boat; marijuana found under the catch.",
       false, 30, CaseStatus::kClosed, {352001005}, 9.50, -82.10,
       CaseOutcome{.boarded = true,
                   .seized = true,
                   .drugs = {{"marijuana", 620}},
                   .arrests = {{"CRI", 1}, {"PAN", 2}}}},
      {"[DEMO] Cash and rifles off Colón",
       "Demo data. Yacht stopped on a tip; cash, rifles and a small amount of cocaine.",
       false, 10, CaseStatus::kInterdicted, {352001006}, 9.75, -79.55,
       CaseOutcome{.boarded = true,
                   .seized = true,
                   .drugs = {{"cocaine", 95}},
                   .arrests = {{"VEN", 1}, {"COL", 1}},
                   .other_contraband = {{"cash (USD)", 240000}, {"rifles", 6}}}},
      {"[DEMO] Go-fast in the Gulf of Chiriquí", "Demo data. Patrol boat in pursuit.", false, 1,
       CaseStatus::kUnderway, {735001007}, 7.80, -82.20, std::nullopt},
      {"[DEMO] Loitering fishing vessel off Darién", "Demo data. Watching; no asset assigned.",
       false, 0, CaseStatus::kOpen, {352001008}, 7.40, -78.60, std::nullopt},
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
      ISTMO_ASSIGN_OR_RETURN(Case k, OpenCase(tx, scope,
                                              {.title = d.title,
                                               .summary = d.summary,
                                               .owner = d.senafront ? options.senafront
                                                                    : options.senan,
                                               .releasability = {"PAN", "USA"},
                                               .mmsis = d.mmsis},
                                              t));
      t += hours(1);
      ISTMO_RETURN_IF_ERROR(
          AddCasePosition(tx, scope, k.id, {.t = t, .lat = d.lat, .lon = d.lon,
                                            .label = "last contact"}, t));
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
        ISTMO_RETURN_IF_ERROR(
            UpdateCase(tx, scope, k.id, {.status = CaseStatus::kInterdicted}, t));
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

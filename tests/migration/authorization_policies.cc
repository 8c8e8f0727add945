// The migration routes' part of the authorization matrix (tests/app/authorization_matrix.h):
// encounters of every owner × releasability, and one policy per route from docs/migration.md.
#include <string>
#include <vector>

#include "app/authorization_matrix.h"
#include "core/id.h"
#include "migration/encounters.h"

namespace istmo::app::testing {
namespace {

constexpr const char* kEncounter = "encounter";  // migration/encounters/{id}

// Migration encounters of every owner × releasability, registered as their officers would.
void MakeEncounters(Matrix& m) {
  std::vector<Target> encounters;
  for (const auto& rel : m.Releasabilities()) {
    for (const auth::Organization* owner : m.Owners()) {
      const store::AccessScope officer = Matrix::ScopeOf(*owner, Role::kOfficer);
      const std::vector<std::string> released = rel.second(*owner);
      auto e = m.api().store().Write<migration::Encounter>([&](store::Connection& tx) {
        return migration::InsertEncounter(tx, officer,
                                          {.station_id = "ERM-SAN-VICENTE",
                                           .encountered_at = m.api().clock().Now(),
                                           .name = "Matrix Person", .birth_date = "1990-01-01",
                                           .sex = "F", .nationality = "VEN",
                                           .releasability = released},
                                          "", m.api().clock().Now());
      });
      EXPECT_TRUE(e) << e.error().ToString();
      encounters.push_back({.label = "encounter of " + owner->country + " " + rel.first,
                             .kind = kEncounter, .id = e ? e->id : "",
                             .owner_org_id = owner->id, .releasability = released});
    }
  }
  m.AddRecords(kEncounter, std::move(encounters));
}

// docs/migration.md: officers register; officers, analysts and supervisors read; officers and
// supervisors work cases and flights; admins see nothing of the module but its stations.
void AddPolicies(Matrix&, Policies& p) {
  const auto kReaders = {Role::kOfficer, Role::kAnalyst, Role::kSupervisor};
  const auto kWorkers = {Role::kOfficer, Role::kSupervisor};
  p["GET /api/v1/migration/stations"] = {
      .expect = [](const Caller& c, const Target&) {
        if (!IsAuthenticated(c)) return Expect{.status = 401};
        return Expect{.status = 200, .check = [](const Reply& r) {
                        return r.body_json["items"].size() == 4 ? "" : "expected the 4 stations";
                      }};
      }};
  p["POST /api/v1/migration/encounters"] = {
      .expect = Allow({Role::kOfficer}, 201,
                      [](const Caller& c, const Reply& r) {
                        return r.body_json["encounter"].value("owner_org", "") == c.org_id
                                   ? "" : "owned by another organization";
                      }),
      .body = [](const Caller&, const Target&) {
        return json{{"station_id", "ERM-LAJAS-BLANCAS"}, {"name", "Matrix Registration"},
                    {"birth_date", "1992-02-02"}, {"sex", "M"}, {"nationality", "COL"}}
            .dump();
      }};
  p["GET /api/v1/migration/encounters"] = {.expect = Allow(kReaders, 200, AllItemsReleasable)};
  p["GET /api/v1/migration/encounters/{id}"] = {
      .targets = {kEncounter},
      .expect = [](const Caller& c, const Target& t) {
        if (!IsAuthenticated(c)) return Expect{.status = 401};
        if (!HasRole(c, {Role::kOfficer, Role::kAnalyst, Role::kSupervisor})) return Expect{.status = 403};
        if (!Matrix::Releasable(t, c)) return Expect{.status = 404};  // hidden looks absent
        return Expect{.status = 200, .check = [t](const Reply& r) {
                        return r.body_json.value("id", "") == t.id ? "" : "another encounter returned";
                      }};
      }};
  // Corrections: officers and supervisors of the owning organization; a reader of another
  // organization that may see the encounter is refused, one that may not sees 404. Every call
  // gives a new name, so no call is a "no change".
  p["PATCH /api/v1/migration/encounters/{id}"] = {
      .targets = {kEncounter},
      .expect =
          [](const Caller& c, const Target& t) {
            if (!IsAuthenticated(c)) return Expect{.status = 401};
            if (!HasRole(c, {Role::kOfficer, Role::kSupervisor})) return Expect{.status = 403};
            if (!Matrix::Releasable(t, c)) return Expect{.status = 404};
            if (t.owner_org_id != c.org_id) return Expect{.status = 403};
            return Expect{
                .status = 200, .check = [t](const Reply& r) {
                  return r.body_json.value("id", "") == t.id ? "" : "another encounter changed";
                }};
          },
      .body =
          [](const Caller&, const Target&) {
            return json{{"name", "Matrix Person " + core::NewId().substr(28)},
                        {"reason", "spelling on the passport"}}
                .dump();
          }};
  p["GET /api/v1/migration/encounters/{id}/history"] = {
      .targets = {kEncounter}, .expect = [](const Caller& c, const Target& t) {
        if (!IsAuthenticated(c)) return Expect{.status = 401};
        if (!HasRole(c, {Role::kOfficer, Role::kAnalyst, Role::kSupervisor}))
          return Expect{.status = 403};
        if (!Matrix::Releasable(t, c)) return Expect{.status = 404};
        return Expect{.status = 200, .check = [](const Reply& r) {
                        return r.body_json["items"].is_array() ? "" : "no items";
                      }};
      }};
  // The country list: any signed-in user.
  p["GET /api/v1/countries"] = {.expect = [](const Caller& c, const Target&) {
    if (!IsAuthenticated(c)) return Expect{.status = 401};
    return Expect{.status = 200, .check = [](const Reply& r) {
                    return r.body_json["items"].size() == 249 ? "" : "expected 249 countries";
                  }};
  }};
  // Without ?from and ?to the range is missing: a reader gets 400 naming it.
  p["GET /api/v1/migration/trends"] = {.expect = Allow(kReaders, 400)};
  p["GET /api/v1/migration/trends.csv"] = {.expect = Allow(kReaders, 400)};
  // Every reader sees its own organization's encounters, all registered in the clock's month.
  p["GET /api/v1/migration/trends/coverage"] = {
      .expect = Allow(kReaders, 200, [](const Caller&, const Reply& r) -> std::string {
        if (!r.body_json["first"].is_string()) return "no coverage";
        return r.body_json["first"] == r.body_json["last"] ? "" : "coverage beyond one month";
      })};
  p["POST /api/v1/migration/cases"] = {
      .expect = Allow(kWorkers, 404),  // the encounter named does not exist
      .body = [](const Caller&, const Target&) {
        return json{{"encounter_id", core::NewId()}, {"legal_basis", "none"}}.dump();
      }};
  p["GET /api/v1/migration/cases"] = {.expect = Allow(kReaders, 200, AllItemsReleasable)};
  p["GET /api/v1/migration/cases/{id}"] = {.targets = {kAbsent},
                                           .expect = Allow(kReaders, 404)};
  p["PATCH /api/v1/migration/cases/{id}"] = {
      .targets = {kAbsent}, .expect = Allow(kWorkers, 404),
      .body = [](const Caller&, const Target&) { return json{{"note", "checked"}}.dump(); }};
  p["POST /api/v1/migration/flights"] = {
      .expect = Allow(kWorkers, 201,
                      [](const Caller& c, const Reply& r) {
                        return r.body_json.value("owner_org", "") == c.org_id
                                   ? "" : "owned by another organization";
                      }),
      .body = [](const Caller&, const Target&) {
        return json{{"flight_date", "2024-08-20"}, {"destination_country", "COL"}, {"capacity", 29}}
            .dump();
      }};
  p["GET /api/v1/migration/flights"] = {.expect = Allow(kReaders, 200, AllItemsReleasable)};
  p["GET /api/v1/migration/flights/{id}"] = {.targets = {kAbsent},
                                             .expect = Allow(kReaders, 404)};
  p["PATCH /api/v1/migration/flights/{id}"] = {
      .targets = {kAbsent}, .expect = Allow(kWorkers, 404),
      .body = [](const Caller&, const Target&) { return json{{"status", "departed"}}.dump(); }};
  p["POST /api/v1/migration/flights/{id}/manifest"] = {.targets = {kAbsent},
                                                       .expect = Allow(kWorkers, 404)};
}

[[maybe_unused]] const bool kRegistered = RegisterMatrixModule(
    {.name = "migration", .populate = MakeEncounters, .policies = AddPolicies});

}  // namespace
}  // namespace istmo::app::testing

// The migration routes' part of the authorization matrix (tests/app/authorization_matrix.h):
// encounters of every owner × releasability, and one policy per route from docs/migration.md.
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

#include "app/authorization_matrix.h"
#include "biometrics/faces.h"
#include "biometrics/identify.h"
#include "core/id.h"
#include "migration/encounters.h"

namespace istmo::app::testing {
namespace {

constexpr const char* kEncounter = "encounter";  // migration/encounters/{id}

// The faces enrolled with the encounters: identify answers them too (the biometrics policy
// counts them).
constexpr const char* kEncounterFace = "encounter_face";
// One face photo for every encounter (../shared/data/faces/SOURCES.md).
constexpr const char* kFacePhoto = "face_recognition/examples/knn_examples/train/biden/biden.jpg";

// Migration encounters of every owner × releasability, registered with a photo as their
// officers would: the face (and its sealed photo) and the encounter in one transaction.
void MakeEncounters(Matrix& m) {
  std::vector<Target> encounters, faces;
  biometrics::FaceService& service = *m.api().services().faces;
  auto registry = service.Registry();
  ASSERT_TRUE(registry) << registry.error().ToString();
  std::ifstream in(istmo::testing::SharedData() / "faces" / kFacePhoto, std::ios::binary);
  const std::vector<std::uint8_t> bytes{std::istreambuf_iterator<char>(in),
                                        std::istreambuf_iterator<char>()};
  auto kept = service.DescribeToKeep(bytes, "photo");
  ASSERT_TRUE(kept) << kept.error().ToString();
  for (const auto& rel : m.Releasabilities()) {
    for (const auth::Organization* owner : m.Owners()) {
      const store::AccessScope officer = Matrix::ScopeOf(*owner, Role::kOfficer);
      const std::vector<std::string> released = rel.second(*owner);
      const core::Timestamp now = m.api().clock().Now();
      std::optional<biometrics::PendingEnrolment> face;
      auto e = m.api().store().Write<migration::Encounter>(
          [&](store::Connection& tx) -> core::Result<migration::Encounter> {
            ISTMO_ASSIGN_OR_RETURN(
                face, (*registry)->EnrolIn(tx, officer,
                                           {.person_id = core::NewId(), .releasability = released,
                                            .descriptor = kept->face.descriptor,
                                            .photo = &kept->photo},
                                           now));
            return migration::InsertEncounter(tx, officer,
                                              {.station_id = "ERM-SAN-VICENTE",
                                               .encountered_at = now,
                                               .name = "Matrix Person", .birth_date = "1990-01-01",
                                               .sex = "F", .nationality = "VEN",
                                               .releasability = released,
                                               .person_id = face->person_id},
                                              face->enrolled.template_id, now);
          });
      EXPECT_TRUE(e) << e.error().ToString();
      if (face) {
        EXPECT_TRUE((*registry)->Publish(*face));
      }
      encounters.push_back({.label = "encounter of " + owner->country + " " + rel.first,
                             .kind = kEncounter, .id = e ? e->id : "",
                             .owner_org_id = owner->id, .releasability = released});
      faces.push_back({.label = "face of the encounter of " + owner->country + " " + rel.first,
                       .kind = kEncounterFace, .id = face ? face->enrolled.template_id : "",
                       .owner_org_id = owner->id, .releasability = released});
    }
  }
  m.AddRecords(kEncounter, std::move(encounters));
  m.AddRecords(kEncounterFace, std::move(faces));
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
  // An encounter's photo: its readers, exactly when the encounter is releasable to them.
  p["GET /api/v1/migration/encounters/{id}/photo"] = {
      .targets = {kEncounter},
      .expect = [](const Caller& c, const Target& t) {
        if (auto d = Denied(c, {Role::kOfficer, Role::kAnalyst, Role::kSupervisor})) return *d;
        if (!Matrix::Releasable(t, c)) return Expect{.status = 404};  // hidden looks absent
        return Expect{.status = 200, .check = [](const Reply& r) {
                        return r.content_type == "image/jpeg" && r.body.size() > 1000
                                   ? "" : "not the JPEG photo";
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

// The biometrics routes' part of the authorization matrix (tests/app/authorization_matrix.h):
// face templates and watchlists of every owner × releasability, and one policy per route from
// docs/biometrics.md.
#include <sodium.h>

#include <cstring>
#include <fstream>
#include <iterator>
#include <set>
#include <string>
#include <vector>

#include "app/authorization_matrix.h"
#include "core/id.h"

namespace istmo::app::testing {
namespace {

// One face, for the identification route (../shared/data/faces/SOURCES.md).
constexpr const char* kFacePhoto = "face_recognition/examples/knn_examples/train/obama/obama.jpg";
constexpr const char* kFaceTemplate = "face_template";  // what identify answers
// The faces of other modules' records that identify answers too (migration's encounters, with
// their photos: tests/migration/authorization_policies.cc).
constexpr const char* kEncounterFace = "encounter_face";
constexpr const char* kWatchlist = "watchlist";         // biometrics/watchlists/{id}

// The person of the owner-only face template of the caller's organization ("" for callers
// without one).
std::string OwnFacePerson(Matrix& m, const Caller& c) {
  for (const Target& t : m.Records(kFaceTemplate)) {
    if (t.owner_org_id == c.org_id && t.releasability.empty()) return t.person_id;
  }
  return "";
}

// A photo of one face (../shared/data/faces), base64, read once.
const std::string& FacePhotoBase64() {
  static const std::string* photo = [] {
    std::ifstream in(istmo::testing::SharedData() / "faces" / kFacePhoto, std::ios::binary);
    const std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    EXPECT_FALSE(bytes.empty()) << "missing " << kFacePhoto;
    std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
    sodium_bin2base64(out.data(), out.size(),
                      reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                      sodium_base64_VARIANT_ORIGINAL);
    out.resize(std::strlen(out.c_str()));
    return new std::string(std::move(out));
  }();
  return *photo;
}

// The face of FacePhotoBase64() enrolled once per owner × releasability, as their officers
// would (the registry is the server's own, so the index sees them).
void MakeFaces(Matrix& m) {
  std::vector<Target> templates;
  auto registry = m.api().services().faces->Registry();
  EXPECT_TRUE(registry) << registry.error().ToString();
  if (!registry) return;
  std::ifstream in(istmo::testing::SharedData() / "faces" / kFacePhoto, std::ios::binary);
  const std::vector<std::uint8_t> bytes{std::istreambuf_iterator<char>(in),
                                        std::istreambuf_iterator<char>()};
  auto face = m.api().services().faces->DescribeToKeep(bytes, "photo");
  EXPECT_TRUE(face) << face.error().ToString();
  if (!face) return;
  for (const auto& rel : m.Releasabilities()) {
    for (const auth::Organization* owner : m.Owners()) {
      const store::AccessScope officer = Matrix::ScopeOf(*owner, Role::kOfficer);
      const std::vector<std::string> released = rel.second(*owner);
      const std::string person = core::NewId();
      auto t = (*registry)->Enrol(officer,
                                  {.person_id = person, .releasability = released,
                                   .descriptor = face->face.descriptor, .photo = &face->photo},
                                  m.api().clock().Now());
      EXPECT_TRUE(t) << t.error().ToString();
      templates.push_back({.label = "template of " + owner->country + " " + rel.first,
                            .kind = kFaceTemplate,
                            .id = t ? t->template_id : "",
                            .owner_org_id = owner->id, .releasability = released,
                            .person_id = person});
    }
  }
  m.AddRecords(kFaceTemplate, std::move(templates));
}

// Watchlists of every owner × releasability, created as their supervisors would.
void MakeWatchlists(Matrix& m) {
  std::vector<Target> watchlists;
  auto registry = m.api().services().faces->Registry();
  EXPECT_TRUE(registry) << registry.error().ToString();
  if (!registry) return;
  for (const auto& rel : m.Releasabilities()) {
    for (const auth::Organization* owner : m.Owners()) {
      const store::AccessScope supervisor = Matrix::ScopeOf(*owner, Role::kSupervisor);
      const std::vector<std::string> released = rel.second(*owner);
      auto w = (*registry)->CreateWatchlist(supervisor, "Watchlist of " + owner->country + " " +
                                                            rel.first,
                                            released, m.api().clock().Now());
      EXPECT_TRUE(w) << w.error().ToString();
      watchlists.push_back({.label = "watchlist of " + owner->country + " " + rel.first,
                             .kind = kWatchlist, .id = w ? w->id : "",
                             .owner_org_id = owner->id, .releasability = released});
    }
  }
  m.AddRecords(kWatchlist, std::move(watchlists));
}

void MakeRecords(Matrix& m) {
  MakeFaces(m);
  MakeWatchlists(m);
}

// docs/biometrics.md: officers and analysts identify; analysts, supervisors and admins read
// watchlists; supervisors and admins of the owning organization change them.
void AddPolicies(Matrix& m, Policies& p) {
  // One photo of a face enrolled as a template of every owner × releasability: the answer
  // lists exactly the templates releasable to the caller.
  p["POST /api/v1/biometrics/identify"] = {
      .expect = [&m](const Caller& c, const Target&) {
        if (auto d = Denied(c, {Role::kOfficer, Role::kAnalyst})) return *d;
        std::set<std::string> want;
        for (const char* kind : {kFaceTemplate, kEncounterFace}) {
          for (const Target& t : m.Records(kind)) {
            if (Matrix::Releasable(t, c)) want.insert(t.id);
          }
        }
        return Expect{.status = 200, .check = [want](const Reply& r) -> std::string {
                        std::set<std::string> got;
                        for (const auto& k : r.body_json["candidates"]) {
                          got.insert(k.value("template_id", ""));
                        }
                        if (got == want) return "";
                        for (const auto& id : got) {
                          if (!want.count(id)) return "answers template " + id + " not releasable";
                        }
                        return "misses a template releasable to the caller";
                      }};
      },
      .body = [&m](const Caller&, const Target&) {
        return json{{"photo", FacePhotoBase64()}, {"candidates", 50}}.dump();
      }};
  p["GET /api/v1/biometrics/watchlists"] = {
      .expect = [&m](const Caller& c, const Target&) {
        if (auto d = Denied(c, {Role::kAnalyst, Role::kSupervisor, Role::kAdmin})) return *d;
        std::set<std::string> want;
        for (const Target& t : m.Records(kWatchlist)) {
          if (Matrix::Releasable(t, c)) want.insert(t.id);
        }
        return Expect{.status = 200, .check = [want](const Reply& r) -> std::string {
                        for (const auto& w : r.body_json["items"]) {
                          if (!want.count(w.value("id", "")) && w.value("name", "") != "Matrix list")
                            return "lists watchlist " + w.value("id", "") + " not releasable";
                        }
                        std::set<std::string> got;
                        for (const auto& w : r.body_json["items"]) got.insert(w.value("id", ""));
                        for (const auto& id : want) {
                          if (!got.count(id)) return "misses a watchlist releasable to the caller";
                        }
                        return "";
                      }};
      }};
  p["POST /api/v1/biometrics/watchlists"] = {
      .expect = [](const Caller& c, const Target&) {
        if (auto d = Denied(c, {Role::kSupervisor, Role::kAdmin})) return *d;
        return Expect{.status = 201, .check = [c](const Reply& r) {
                        return r.body_json.value("owner_org", "") == c.org_id
                                   ? "" : "owned by another organization";
                      }};
      },
      .body = [](const Caller&, const Target&) {
        return json{{"name", "Matrix list"}, {"releasability", {"PAN"}}}.dump();
      }};
  p["GET /api/v1/biometrics/watchlists/{id}"] = {
      .targets = {kWatchlist},
      .expect = [](const Caller& c, const Target& t) {
        if (auto d = Denied(c, {Role::kAnalyst, Role::kSupervisor, Role::kAdmin})) return *d;
        if (!Matrix::Releasable(t, c)) return Expect{.status = 404};  // hidden looks absent
        return Expect{.status = 200, .check = [t](const Reply& r) {
                        return r.body_json["watchlist"].value("id", "") == t.id
                                   ? "" : "another watchlist returned";
                      }};
      }};
  p["POST /api/v1/biometrics/watchlists/{id}/entries"] = {
      .targets = {kWatchlist},
      .expect = [&m](const Caller& c, const Target& t) {
        if (auto d = Denied(c, {Role::kSupervisor, Role::kAdmin})) return *d;
        if (!Matrix::Releasable(t, c)) return Expect{.status = 404};
        if (t.owner_org_id != c.org_id) return Expect{.status = 403};
        const std::string person = OwnFacePerson(m, c);
        return Expect{.status = 201, .check = [person](const Reply& r) {
                        return r.body_json.value("person_id", "") == person
                                   ? "" : "another person listed";
                      }};
      },
      // A person whose face the caller's organization owns (listing by id needs a face).
      .body = [&m](const Caller& c, const Target&) {
        return json{{"person_id", OwnFacePerson(m, c)}, {"reason", "matrix"}}.dump();
      }};
  // A face's photo: whoever is shown faces, exactly when the template is releasable to them.
  p["GET /api/v1/biometrics/faces/{template_id}/photo"] = {
      .targets = {kFaceTemplate},
      .expect = [](const Caller& c, const Target& t) {
        if (auto d = Denied(c, {Role::kOfficer, Role::kAnalyst, Role::kSupervisor, Role::kAdmin}))
          return *d;
        if (!Matrix::Releasable(t, c)) return Expect{.status = 404};  // hidden looks absent
        return Expect{.status = 200, .check = [](const Reply& r) {
                        return r.content_type == "image/jpeg" && r.body.size() > 1000
                                   ? "" : "not the JPEG photo";
                      }};
      }};
  // The retention of the caller's own organization: read by all its users, set by its admins.
  p["GET /api/v1/biometrics/photo-policy"] = {
      .expect = Allow({Role::kOfficer, Role::kAnalyst, Role::kSupervisor, Role::kAdmin}, 200,
                      [](const Caller& c, const Reply& r) {
                        return r.body_json.value("org_id", "") == c.org_id
                                   ? "" : "another organization's policy";
                      })};
  p["PUT /api/v1/biometrics/photo-policy"] = {
      .expect = Allow({Role::kAdmin}, 200,
                      [](const Caller& c, const Reply& r) {
                        return r.body_json.value("org_id", "") == c.org_id &&
                                       r.body_json["retention_days"].is_null()
                                   ? "" : "not the caller's organization's policy";
                      }),
      .body = [](const Caller&, const Target&) {
        return json{{"retention_days", nullptr}}.dump();
      }};
  p["DELETE /api/v1/biometrics/watchlists/{id}/entries/{entry_id}"] = {
      .targets = {kAbsent}, .expect = [](const Caller& c, const Target&) {
        if (auto d = Denied(c, {Role::kSupervisor, Role::kAdmin})) return *d;
        return Expect{.status = 404};
      }};
}

[[maybe_unused]] const bool kRegistered = RegisterMatrixModule(
    {.name = "biometrics", .populate = MakeRecords, .policies = AddPolicies});

}  // namespace
}  // namespace istmo::app::testing

// Kept face photos over real HTTP on 127.0.0.1 (tests/api/api_harness.h), with photos from
// ../shared/data/faces: sealed at rest, read back (and audited) by whoever may see the
// encounter or the face, thumbnails, retention per organization and its purge, and identify's
// candidates named and grouped per person under releasability.
#include <sodium.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "api/api_harness.h"
#include "app/app.h"
#include "biometrics/image.h"
#include "biometrics/photos.h"
#include "biometrics/test_data.h"
#include "core/config.h"
#include "core/id.h"
#include "testing/temp_dir.h"

namespace istmo::biometrics {
namespace {

using api::testing::ApiHarness;
using api::testing::Reply;
using nlohmann::json;

constexpr const char* kTrain = "face_recognition/examples/knn_examples/train/";

std::vector<std::uint8_t> Photo(const std::string& relative) {
  std::vector<std::uint8_t> bytes = testing::ReadBytes(testing::Faces() / kTrain / relative);
  EXPECT_FALSE(bytes.empty()) << "missing test photo " << relative;
  return bytes;
}

using testing::Base64;

std::vector<std::uint8_t> Bytes(const std::string& body) { return {body.begin(), body.end()}; }

class PhotosApi : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(api_.ready());
    snm_ = api_.AddOrg("SNM", "PAN").id;
    senafront_ = api_.AddOrg("SENAFRONT", "PAN").id;
    dhs_ = api_.AddOrg("DHS", "USA", "homeland_security").id;
    api_.AddUser(snm_, "snm.officer", store::Role::kOfficer);
    api_.AddUser(snm_, "snm.analyst", store::Role::kAnalyst);
    api_.AddUser(snm_, "snm.admin", store::Role::kAdmin);
    api_.AddUser(senafront_, "senafront.officer", store::Role::kOfficer);
    api_.AddUser(dhs_, "dhs.officer", store::Role::kOfficer);
    api_.AddUser(dhs_, "dhs.analyst", store::Role::kAnalyst);
    api_.AddUser(dhs_, "dhs.supervisor", store::Role::kSupervisor);
    snm_officer_ = api_.Login("snm.officer");
    snm_analyst_ = api_.Login("snm.analyst");
    snm_admin_ = api_.Login("snm.admin");
    senafront_officer_ = api_.Login("senafront.officer");
    dhs_officer_ = api_.Login("dhs.officer");
    dhs_analyst_ = api_.Login("dhs.analyst");
    dhs_supervisor_ = api_.Login("dhs.supervisor");
  }

  Reply Register(const std::string& token, const std::string& name, const std::string& photo,
                 const json& releasability, const std::string& at = "2024-08-20T10:00:00Z") {
    return api_.PostJson("/api/v1/migration/encounters",
                         {{"station_id", "ERM-LAJAS-BLANCAS"},
                          {"encountered_at", at},
                          {"name", name},
                          {"birth_date", "1990-03-04"},
                          {"sex", "F"},
                          {"nationality", "VEN"},
                          {"releasability", releasability},
                          {"photo", Base64(Photo(photo))}},
                         token);
  }

  Reply Identify(const std::string& photo, const std::string& token) {
    return api_.PostJson("/api/v1/biometrics/identify",
                         {{"photo", Base64(Photo(photo))}, {"candidates", 20}}, token);
  }

  std::int64_t Count(const std::string& sql) {
    auto row = api_.store().Read<std::optional<store::Row>>(
        [&](store::Connection& c) { return c.QueryOne(sql); });
    return row && *row ? (*row)->Int(0) : -1;
  }

  // Every file of the database (the main file and its WAL), as one string of bytes.
  std::string DatabaseBytes() {
    std::string all;
    for (const auto& f : std::filesystem::directory_iterator(api_.dir().path())) {
      if (f.path().filename().string().rfind("api.db", 0) != 0) continue;
      std::vector<std::uint8_t> b = testing::ReadBytes(f.path());
      all.append(b.begin(), b.end());
    }
    return all;
  }

  ApiHarness api_;
  std::string snm_, senafront_, dhs_;
  std::string snm_officer_, snm_analyst_, snm_admin_, senafront_officer_, dhs_officer_,
      dhs_analyst_, dhs_supervisor_;
};

void ExpectPhotoNotFound(const Reply& r, const std::string& what) {
  EXPECT_EQ(r.status, 404) << what << ": " << r.Describe();
  EXPECT_EQ(r.body_json["error"].value("reason", ""), "not_found") << what << ": " << r.body;
  EXPECT_EQ(r.body_json["error"]["params"].value("object", ""), "photo") << what << ": " << r.body;
}

TEST_F(PhotosApi, AnEncounterPhotoIsReadByWhoMaySeeTheEncounterAndEveryReadIsAudited) {
  const std::vector<std::uint8_t> original = Photo("obama/obama.jpg");
  // Released to the United States: DHS sees it, SENAFRONT (another Panamanian org) does not.
  Reply reg = Register(snm_officer_, "Ana Pérez", "obama/obama.jpg", {"USA"});
  ASSERT_EQ(reg.status, 201) << reg.Describe();
  const std::string id = reg.body_json["encounter"]["id"];
  const std::string url = "/api/v1/migration/encounters/" + id + "/photo";
  EXPECT_EQ(reg.body_json["encounter"]["photo_url"], url);
  EXPECT_EQ(api_.Get("/api/v1/migration/encounters/" + id, snm_analyst_).body_json["photo_url"],
            url);

  Reply own = api_.Get(url, snm_analyst_);
  ASSERT_EQ(own.status, 200) << own.Describe();
  EXPECT_EQ(Bytes(own.body), original);
  EXPECT_EQ(own.content_type, "image/jpeg");
  EXPECT_NE(own.Header("Cache-Control").find("no-store"), std::string::npos);
  EXPECT_NE(own.Header("Cache-Control").find("private"), std::string::npos);

  Reply partner = api_.Get(url + "?size=thumb", dhs_analyst_);
  ASSERT_EQ(partner.status, 200) << partner.Describe();
  EXPECT_EQ(partner.content_type, "image/jpeg");
  auto thumb = DecodeImage(Bytes(partner.body));
  ASSERT_TRUE(thumb) << thumb.error().ToString();
  auto full = DecodeImage(original);
  ASSERT_TRUE(full);
  // The longer side is 160 px, the aspect kept to within a pixel.
  EXPECT_EQ(std::max(thumb->width, thumb->height), kThumbnailSide);
  EXPECT_NEAR(static_cast<double>(thumb->width) / thumb->height,
              static_cast<double>(full->width) / full->height, 0.02);

  ExpectPhotoNotFound(api_.Get(url, senafront_officer_), "not released to SENAFRONT");
  ExpectPhotoNotFound(
      api_.Get("/api/v1/migration/encounters/" + std::string(36, '0') + "/photo", snm_analyst_),
      "no such encounter");
  EXPECT_EQ(api_.Get(url + "?size=huge", snm_analyst_).status, 400);

  // Two reads served, two audit entries: who, which, what size.
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'biometrics.photo_read'"), 2);
  auto rows = api_.store().Read<std::vector<store::Row>>([](store::Connection& c) {
    return c.Query(
        "SELECT actor, actor_org, detail FROM audit_log "
        "WHERE action = 'biometrics.photo_read' ORDER BY seq");
  });
  ASSERT_TRUE(rows && rows->size() == 2);
  EXPECT_EQ((*rows)[0].Text(0), "snm.analyst");
  EXPECT_EQ((*rows)[1].Text(1), dhs_);
  const json detail = json::parse((*rows)[1].Text(2));
  EXPECT_EQ(detail.value("size", ""), "thumb");
  EXPECT_EQ(detail.value("encounter_id", ""), id);

  // Sealed at rest: neither the photo nor its thumbnail is in the database's files.
  const std::string db = DatabaseBytes();
  ASSERT_FALSE(db.empty());
  const std::string photo_sample(original.begin() + original.size() / 2,
                                 original.begin() + original.size() / 2 + 64);
  const std::string thumb_sample = partner.body.substr(partner.body.size() / 2, 64);
  EXPECT_EQ(db.find(photo_sample), std::string::npos);
  EXPECT_EQ(db.find(thumb_sample), std::string::npos);
}

TEST_F(PhotosApi, AFacePhotoIsVisibleExactlyWhenItsTemplateIs) {
  ASSERT_EQ(Register(snm_officer_, "Ana Pérez", "obama/obama.jpg", {"USA"}).status, 201);
  Reply found = Identify("obama/obama2.jpg", snm_analyst_);
  ASSERT_EQ(found.status, 200) << found.Describe();
  ASSERT_EQ(found.body_json["candidates"].size(), 1u) << found.body;
  const std::string url = found.body_json["candidates"][0]["photo_url"];
  EXPECT_EQ(url, "/api/v1/biometrics/faces/" +
                     found.body_json["candidates"][0]["template_id"].get<std::string>() + "/photo");
  Reply own = api_.Get(url, snm_analyst_);
  ASSERT_EQ(own.status, 200) << own.Describe();
  EXPECT_EQ(Bytes(own.body), Photo("obama/obama.jpg"));
  EXPECT_EQ(api_.Get(url + "?size=thumb", dhs_supervisor_).status, 200);
  ExpectPhotoNotFound(api_.Get(url, senafront_officer_), "template not released to SENAFRONT");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'biometrics.photo_read' "
                  "AND object_type = 'face_photo'"),
            2);
}

TEST_F(PhotosApi, IdentifyNamesEachPersonFromTheLatestEncounterTheReaderMaySee) {
  // One woman registered twice by SNM: first released to the United States, then kept to SNM.
  Reply shared =
      Register(snm_officer_, "Ana Compartida", "obama/obama.jpg", {"USA"}, "2024-08-01T10:00:00Z");
  ASSERT_EQ(shared.status, 201) << shared.Describe();
  Reply kept = Register(snm_officer_, "Ana Reservada", "obama/obama2.jpg", json::array(),
                        "2024-08-10T10:00:00Z");
  ASSERT_EQ(kept.status, 201) << kept.Describe();
  ASSERT_EQ(kept.body_json["encounter"]["person_id"], shared.body_json["encounter"]["person_id"]);
  // The registration showed the earlier record beside the new one, as SNM knew it then.
  ASSERT_EQ(kept.body_json["earlier"].size(), 1u) << kept.body;
  EXPECT_EQ(kept.body_json["earlier"][0]["person"]["name"], "Ana Compartida");
  EXPECT_EQ(kept.body_json["earlier"][0]["photo_url"],
            "/api/v1/migration/encounters/" +
                shared.body_json["encounter"]["id"].get<std::string>() + "/photo");
  // Someone else, released to Panama.
  ASSERT_EQ(Register(snm_officer_, "Otra Persona", "biden/biden.jpg", {"PAN"}).status, 201);
  const std::string person = shared.body_json["encounter"]["person_id"];

  Reply snm = Identify("obama/obama2.jpg", snm_analyst_);
  ASSERT_EQ(snm.status, 200) << snm.Describe();
  const json& people = snm.body_json["people"];
  ASSERT_EQ(people.size(), 2u) << snm.body;
  EXPECT_EQ(people[0]["person_id"], person);
  EXPECT_EQ(people[0]["candidates"].size(), 2u);
  EXPECT_EQ(people[0]["person"]["name"], "Ana Reservada");
  EXPECT_EQ(people[0]["person"]["nationality"], "VEN");
  EXPECT_EQ(people[0]["person"]["birth_date"], "1990-03-04");
  EXPECT_EQ(people[0]["person"]["sex"], "F");
  EXPECT_EQ(people[0]["person"]["encounter_id"], kept.body_json["encounter"]["id"]);
  EXPECT_FALSE(people[0]["photo_url"].is_null());
  EXPECT_LE(people[0]["distance"].get<double>(), people[1]["distance"].get<double>());
  EXPECT_EQ(people[1]["person"]["name"], "Otra Persona");
  for (const auto& c : snm.body_json["candidates"]) {
    EXPECT_FALSE(c["photo_url"].is_null()) << c.dump();
    EXPECT_FALSE(c["person"].is_null()) << c.dump();
  }

  // DHS sees only the shared encounter and its face: the name it may know.
  Reply dhs = Identify("obama/obama2.jpg", dhs_analyst_);
  ASSERT_EQ(dhs.status, 200) << dhs.Describe();
  ASSERT_EQ(dhs.body_json["people"].size(), 1u) << dhs.body;
  EXPECT_EQ(dhs.body_json["people"][0]["person"]["name"], "Ana Compartida");
  EXPECT_EQ(dhs.body_json["people"][0]["candidates"].size(), 1u);
  EXPECT_EQ(dhs.body.find("Reservada"), std::string::npos);

  // SENAFRONT sees only the face released to Panama.
  Reply senafront = Identify("obama/obama2.jpg", senafront_officer_);
  ASSERT_EQ(senafront.status, 200) << senafront.Describe();
  ASSERT_EQ(senafront.body_json["people"].size(), 1u) << senafront.body;
  EXPECT_EQ(senafront.body_json["people"][0]["person"]["name"], "Otra Persona");
  EXPECT_EQ(senafront.body.find("Ana "), std::string::npos);
}

TEST_F(PhotosApi, AWatchlistHitShowsTheSubjectNameAndTheListedPhoto) {
  Reply list =
      api_.PostJson("/api/v1/biometrics/watchlists",
                    {{"name", "Red notices"}, {"releasability", {"PAN"}}}, dhs_supervisor_);
  ASSERT_EQ(list.status, 201) << list.Describe();
  Reply entry = api_.PostJson(
      "/api/v1/biometrics/watchlists/" + list.body_json["id"].get<std::string>() + "/entries",
      {{"name", "Subject B"},
       {"reason", "red notice"},
       {"photo", Base64(Photo("biden/biden.jpg"))}},
      dhs_supervisor_);
  ASSERT_EQ(entry.status, 201) << entry.Describe();
  ASSERT_FALSE(entry.body_json["photo_url"].is_null());

  Reply seen = Identify("biden/biden2.jpg", senafront_officer_);
  ASSERT_EQ(seen.status, 200) << seen.Describe();
  ASSERT_EQ(seen.body_json["watchlist_hits"].size(), 1u) << seen.body;
  const json& hit = seen.body_json["watchlist_hits"][0];
  EXPECT_EQ(hit["person"]["name"], "Subject B");
  EXPECT_TRUE(hit["person"]["encounter_id"].is_null());
  EXPECT_EQ(hit["photo_url"], entry.body_json["photo_url"]);
  // The listed face is released as the list is: its candidate is named from the entry too.
  EXPECT_EQ(seen.body_json["candidates"][0]["person"]["name"], "Subject B");
  Reply photo = api_.Get(hit["photo_url"].get<std::string>() + "?size=thumb", senafront_officer_);
  EXPECT_EQ(photo.status, 200) << photo.Describe();
}

TEST_F(PhotosApi, PhotosOlderThanTheOrganizationsRetentionArePurgedAndTheFaceStays) {
  EXPECT_EQ(api_.Send({.method = "PUT",
                       .path = "/api/v1/biometrics/photo-policy",
                       .token = snm_officer_,
                       .body = R"({"retention_days":30})"})
                .status,
            403);
  EXPECT_EQ(api_.Send({.method = "PUT",
                       .path = "/api/v1/biometrics/photo-policy",
                       .token = snm_admin_,
                       .body = R"({"retention_days":0})"})
                .status,
            400);
  Reply set = api_.Send({.method = "PUT",
                         .path = "/api/v1/biometrics/photo-policy",
                         .token = snm_admin_,
                         .body = R"({"retention_days":30})"});
  ASSERT_EQ(set.status, 200) << set.Describe();
  EXPECT_EQ(set.body_json["retention_days"], 30);
  EXPECT_EQ(api_.Get("/api/v1/biometrics/photo-policy", snm_officer_).body_json["retention_days"],
            30);
  EXPECT_TRUE(api_.Get("/api/v1/biometrics/photo-policy", dhs_analyst_)
                  .body_json["retention_days"]
                  .is_null());
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'biometrics.photo_policy'"), 1);

  Reply snm = Register(snm_officer_, "Ana Pérez", "obama/obama.jpg", {"USA"});
  Reply dhs = Register(dhs_officer_, "Rose L.", "rose_leslie/img1.jpg", {"PAN"});
  ASSERT_EQ(snm.status, 201) << snm.Describe();
  ASSERT_EQ(dhs.status, 201) << dhs.Describe();
  const std::string snm_url = snm.body_json["encounter"]["photo_url"];
  const std::string dhs_url = dhs.body_json["encounter"]["photo_url"];

  // 29 days on nothing is due; 31 days on SNM's photo is, DHS keeps its own.
  api_.clock().Advance(std::chrono::hours(24 * 29));
  auto none = app::PurgeExpiredPhotos(api_.store(), api_.clock().Now());
  ASSERT_TRUE(none) << none.error().ToString();
  EXPECT_EQ(*none, 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'biometrics.photo_purge'"), 0);
  api_.clock().Advance(std::chrono::hours(24 * 2));
  auto purged = app::PurgeExpiredPhotos(api_.store(), api_.clock().Now());
  ASSERT_TRUE(purged) << purged.error().ToString();
  EXPECT_EQ(*purged, 1);
  // A month on, the tokens of the morning have expired.
  snm_analyst_ = api_.Login("snm.analyst");
  dhs_analyst_ = api_.Login("dhs.analyst");

  ExpectPhotoNotFound(api_.Get(snm_url, snm_analyst_), "purged");
  ExpectPhotoNotFound(api_.Get(snm_url + "?size=thumb", snm_analyst_), "purged thumbnail");
  EXPECT_EQ(api_.Get(dhs_url, dhs_analyst_).status, 200);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM face_photos"), 1);
  // One audit entry for the run, with the count.
  auto detail = api_.store().Read<std::optional<store::Row>>([](store::Connection& c) {
    return c.QueryOne("SELECT detail FROM audit_log WHERE action = 'biometrics.photo_purge'");
  });
  ASSERT_TRUE(detail && *detail);
  EXPECT_EQ(json::parse((*detail)->Text(0)).value("erased", 0), 1);

  // The face stays: the person is still found, without a photo to show.
  Reply found = Identify("obama/obama2.jpg", snm_analyst_);
  ASSERT_EQ(found.status, 200) << found.Describe();
  ASSERT_FALSE(found.body_json["candidates"].empty());
  EXPECT_EQ(found.body_json["candidates"][0]["person_id"], snm.body_json["encounter"]["person_id"]);
  EXPECT_TRUE(found.body_json["candidates"][0]["photo_url"].is_null());
  EXPECT_EQ(found.body_json["candidates"][0]["person"]["name"], "Ana Pérez");
}

// `istmo serve` (app::Serving) erases what is past retention before it opens its port.
TEST(PhotoSweep, ServingErasesExpiredPhotosBeforeItOpensItsPort) {
  istmo::testing::TempDir dir;
  core::Config config;
  config.Set("db", dir.File("serve.db"));
  config.Set("server.port", "0");
  config.Set("biometrics.template_key",
             "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
  auto rt = app::OpenRuntime(config);
  ASSERT_TRUE(rt) << rt.error().ToString();
  auto registry = rt->faces->Registry();
  ASSERT_TRUE(registry) << registry.error().ToString();
  auto kept = rt->faces->DescribeToKeep(Photo("obama/obama.jpg"), "photo");
  ASSERT_TRUE(kept) << kept.error().ToString();

  store::AccessScope officer, admin;
  officer.org_id = admin.org_id = "org-snm";
  officer.username = "snm.officer";
  admin.username = "snm.admin";
  officer.roles = static_cast<std::uint8_t>(store::Role::kOfficer);
  admin.roles = static_cast<std::uint8_t>(store::Role::kAdmin);
  const core::Timestamp now = core::SystemClock::Get().Now();
  for (int days_ago : {40, 10}) {
    ASSERT_TRUE((*registry)->Enrol(
        officer,
        {.person_id = core::NewId(), .descriptor = kept->face.descriptor, .photo = &kept->photo},
        now - std::chrono::hours(24 * days_ago)));
  }
  ASSERT_TRUE(rt->store->Write<PhotoPolicy>(
      [&](store::Connection& tx) { return SetPhotoPolicy(tx, admin, 30, now); }));

  auto serving = app::Serving::Start(*rt, {}, "test");
  ASSERT_TRUE(serving) << serving.error().ToString();
  auto left = rt->store->Read<std::optional<store::Row>>(
      [](store::Connection& c) { return c.QueryOne("SELECT COUNT(*) FROM face_photos"); });
  ASSERT_TRUE(left && *left);
  EXPECT_EQ((*left)->Int(0), 1);
}

}  // namespace
}  // namespace istmo::biometrics

// The biometrics routes over real HTTP on 127.0.0.1 (tests/api/api_harness.h): watchlists
// managed through the API with photos from ../shared/data/faces, identification that raises
// the owner's alert, one face index shared with the migration desk, and bad photos that get a
// clear 400 and write nothing.
#include <sodium.h>

#include <chrono>
#include <cmath>
#include <cstring>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "api/api_harness.h"
#include "biometrics/blank_png.h"
#include "biometrics/test_data.h"
#include "testing/http_client.h"

namespace istmo::biometrics {
namespace {

using api::testing::ApiHarness;
using api::testing::Reply;
using nlohmann::json;

constexpr const char* kTrain = "face_recognition/examples/knn_examples/train/";

using testing::Base64;

std::string PhotoBase64(const std::string& relative) {
  const std::vector<std::uint8_t> bytes = testing::ReadBytes(testing::Faces() / relative);
  EXPECT_FALSE(bytes.empty()) << "missing test photo " << relative;
  return Base64(bytes);
}

class BiometricsApi : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(api_.ready());
    senafront_ = api_.AddOrg("SENAFRONT", "PAN").id;
    snm_ = api_.AddOrg("SNM", "PAN").id;
    dhs_ = api_.AddOrg("DHS", "USA", "homeland_security").id;
    api_.AddUser(senafront_, "senafront.officer", store::Role::kOfficer);
    api_.AddUser(snm_, "snm.officer", store::Role::kOfficer);
    api_.AddUser(snm_, "snm.analyst", store::Role::kAnalyst);
    api_.AddUser(dhs_, "dhs.supervisor", store::Role::kSupervisor);
    senafront_officer_ = api_.Login("senafront.officer");
    snm_officer_ = api_.Login("snm.officer");
    snm_analyst_ = api_.Login("snm.analyst");
    dhs_supervisor_ = api_.Login("dhs.supervisor");
  }

  std::int64_t Count(const std::string& table) {
    auto row = api_.store().Read<std::optional<store::Row>>(
        [&](store::Connection& c) { return c.QueryOne("SELECT COUNT(*) FROM " + table); });
    return row && *row ? (*row)->Int(0) : -1;
  }

  // A registration body at Lajas Blancas, released to Panama, with a base64 photo.
  static json Registration(const std::string& name, const std::string& photo_base64) {
    return {{"station_id", "ERM-LAJAS-BLANCAS"}, {"name", name}, {"birth_date", "1990-03-04"},
            {"sex", "F"}, {"nationality", "VEN"}, {"releasability", {"PAN"}},
            {"photo", photo_base64}};
  }

  // DHS's watchlist "Red notices", released to Panama, listing "Subject B" with biden.jpg: the
  // list's answer and the entry's (not sent when the list failed).
  std::pair<Reply, Reply> ListSubjectB() {
    Reply list = api_.PostJson("/api/v1/biometrics/watchlists",
                               {{"name", "Red notices"}, {"releasability", {"PAN"}}},
                               dhs_supervisor_);
    if (list.status != 201) return {list, Reply{}};
    Reply entry = api_.PostJson(
        "/api/v1/biometrics/watchlists/" + list.body_json["id"].get<std::string>() + "/entries",
        {{"name", "Subject B"},
         {"reason", "red notice 2024/123"},
         {"photo", PhotoBase64(std::string(kTrain) + "biden/biden.jpg")}},
        dhs_supervisor_);
    return {list, entry};
  }

  Reply Identify(const std::string& photo, const std::string& token) {
    return api_.PostJson("/api/v1/biometrics/identify", {{"photo", PhotoBase64(photo)}}, token);
  }

  ApiHarness api_;
  std::string senafront_, snm_, dhs_;
  std::string senafront_officer_, snm_officer_, snm_analyst_, dhs_supervisor_;
};

TEST_F(BiometricsApi, AWatchlistPhotoIsFoundByAnotherPhotoUntilTheEntryIsRemoved) {
  const auto [list, entry] = ListSubjectB();
  ASSERT_EQ(list.status, 201) << list.Describe();
  const std::string list_id = list.body_json["id"];
  EXPECT_EQ(list.body_json["owner_org"], dhs_);

  ASSERT_EQ(entry.status, 201) << entry.Describe();
  EXPECT_TRUE(entry.body_json["has_face"]);
  const std::string person = entry.body_json["person_id"];
  EXPECT_FALSE(person.empty());
  EXPECT_EQ(entry.body_json.dump().find("descriptor"), std::string::npos);

  // A SENAFRONT officer's other photo of the same man: a hit, and DHS is alerted.
  Reply seen = Identify(std::string(kTrain) + "biden/biden2.jpg", senafront_officer_);
  ASSERT_EQ(seen.status, 200) << seen.Describe();
  ASSERT_EQ(seen.body_json["watchlist_hits"].size(), 1u) << seen.body;
  EXPECT_EQ(seen.body_json["watchlist_hits"][0]["person_id"], person);
  EXPECT_EQ(seen.body_json["watchlist_hits"][0]["reason"], "red notice 2024/123");
  EXPECT_LT(seen.body_json["watchlist_hits"][0]["distance"].get<double>(), 0.6);
  // The face is releasable to Panama as the list is: it is also the nearest candidate.
  ASSERT_FALSE(seen.body_json["candidates"].empty());
  EXPECT_EQ(seen.body_json["candidates"][0]["person_id"], person);
  EXPECT_TRUE(seen.body_json["candidates"][0]["match"]);
  Reply alerts = api_.Get("/api/v1/alerts", dhs_supervisor_);
  ASSERT_EQ(alerts.status, 200);
  ASSERT_EQ(alerts.body_json["items"].size(), 1u) << alerts.body;
  EXPECT_EQ(alerts.body_json["items"][0]["kind"], "watchlist_hit");

  // Somebody else is no hit.
  Reply other = Identify(std::string(kTrain) + "obama/obama.jpg", senafront_officer_);
  ASSERT_EQ(other.status, 200) << other.Describe();
  EXPECT_TRUE(other.body_json["watchlist_hits"].empty());

  // Panama's analysts read the list; only DHS changes it.
  Reply shown = api_.Get("/api/v1/biometrics/watchlists/" + list_id, snm_analyst_);
  ASSERT_EQ(shown.status, 200) << shown.Describe();
  ASSERT_EQ(shown.body_json["entries"].size(), 1u);
  EXPECT_EQ(shown.body_json["entries"][0]["name"], "Subject B");
  const std::string entry_id = shown.body_json["entries"][0]["id"];
  const std::string entry_path = "/api/v1/biometrics/watchlists/" + list_id + "/entries/" + entry_id;
  EXPECT_EQ(api_.Send({.method = "DELETE", .path = entry_path, .token = snm_analyst_}).status, 403);
  Reply removed = api_.Send({.method = "DELETE", .path = entry_path, .token = dhs_supervisor_});
  ASSERT_EQ(removed.status, 204) << removed.Describe();
  Reply after = Identify(std::string(kTrain) + "biden/biden2.jpg", senafront_officer_);
  ASSERT_EQ(after.status, 200);
  EXPECT_TRUE(after.body_json["watchlist_hits"].empty()) << after.body;
}

TEST_F(BiometricsApi, TheEncounterDeskAndIdentificationShareOneIndex) {
  // An officer registers an encounter with a photo through the migration route...
  Reply encounter = api_.PostJson(
      "/api/v1/migration/encounters",
      Registration("Ana Pérez", PhotoBase64(std::string(kTrain) + "rose_leslie/img1.jpg")),
      snm_officer_);
  ASSERT_EQ(encounter.status, 201) << encounter.Describe();
  ASSERT_TRUE(encounter.body_json["face_enrolled"]);
  // ...and, without a restart, an analyst's search of another photo finds that person.
  Reply found = Identify(std::string(kTrain) + "rose_leslie/img2.jpg", snm_analyst_);
  ASSERT_EQ(found.status, 200) << found.Describe();
  ASSERT_FALSE(found.body_json["candidates"].empty());
  EXPECT_EQ(found.body_json["candidates"][0]["person_id"],
            encounter.body_json["encounter"]["person_id"]);
  EXPECT_TRUE(found.body_json["candidates"][0]["match"]);
}

TEST_F(BiometricsApi, BadPhotosGetAClear400AndWriteNothing) {
  const std::int64_t audit = Count("audit_log");
  const std::int64_t templates = Count("face_templates");
  struct Bad {
    std::string what;
    json body;
    std::string field;
  };
  const std::vector<Bad> cases = {
      {"no photo", json::object(), "/photo"},
      {"not base64", {{"photo", "%%%"}}, "/photo"},
      {"not an image", {{"photo", "aGVsbG8gd29ybGQ="}}, "/photo"},
      {"two faces", {{"photo", PhotoBase64("face_recognition/examples/two_people.jpg")}}, "/photo"},
      {"unknown field", {{"photo", "aGVsbG8="}, {"descriptor", json::array()}}, "/descriptor"},
      {"candidates out of range",
       {{"photo", PhotoBase64(std::string(kTrain) + "obama/obama.jpg")}, {"candidates", 0}},
       "/candidates"},
  };
  for (const Bad& bad : cases) {
    Reply r = api_.PostJson("/api/v1/biometrics/identify", bad.body, snm_analyst_);
    EXPECT_EQ(r.status, 400) << bad.what << ": " << r.Describe();
    EXPECT_EQ(r.body_json["error"].value("field", ""), bad.field) << bad.what << ": " << r.body;
    EXPECT_FALSE(r.body_json["error"].value("message", "").empty()) << bad.what;
  }
  Reply no_reason = api_.PostJson("/api/v1/biometrics/watchlists",
                                  {{"name", "L"}}, dhs_supervisor_);
  ASSERT_EQ(no_reason.status, 201);
  Reply bad_entry = api_.PostJson(
      "/api/v1/biometrics/watchlists/" + no_reason.body_json["id"].get<std::string>() + "/entries",
      {{"reason", "x"}, {"photo", PhotoBase64("face_recognition/examples/two_people.jpg")}},
      dhs_supervisor_);
  EXPECT_EQ(bad_entry.status, 400) << bad_entry.Describe();
  EXPECT_EQ(Count("face_templates"), templates);
  EXPECT_EQ(Count("watchlist_entries"), 0);
  // Only the watchlist's creation was audited.
  EXPECT_EQ(Count("audit_log"), audit + 1);
}

// Each face error carries a stable reason and its parameters, for the web app to say in the
// officer's language; the English message stays for API clients.
TEST_F(BiometricsApi, FaceErrorsCarryAReasonAndItsParameters) {
  struct Case {
    std::string what;
    std::string photo;  // base64
    int status;
    std::string reason;
    json params;
  };
  auto tiny = LoadImageFile((testing::Faces() / "faceapi-js/test/images/face1.png").string());
  ASSERT_TRUE(tiny.has_value()) << tiny.error().ToString();
  const std::vector<Case> cases = {
      {"two faces", PhotoBase64("face_recognition/examples/two_people.jpg"), 400, "several_faces",
       {{"count", "2"}}},
      {"no face", PhotoBase64("faceapi-js/test/images/white.png"), 400, "no_face",
       json::object()},
      // face1.png shrunk 4× to 37×37: a face is found, narrower than the 40 px needed.
      {"tiny face", Base64(testing::RgbPng(testing::Shrink(*tiny, 4))), 400, "face_too_small",
       {{"width", "37"}, {"min", "40"}}},
      {"not an image", "aGVsbG8gd29ybGQ=", 400, "image_unreadable", json::object()},
      {"huge", Base64(testing::BlankPng(6300, 6300)), 413, "image_too_large",
       {{"max_pixels", std::to_string(kMaxImagePixels)}}},
  };
  for (const Case& c : cases) {
    for (const char* path : {"/api/v1/biometrics/identify", "/api/v1/migration/encounters"}) {
      const bool desk = std::string(path) == "/api/v1/migration/encounters";
      const json body = desk ? Registration("Ana Pérez", c.photo) : json{{"photo", c.photo}};
      Reply r = api_.PostJson(path, body, desk ? snm_officer_ : snm_analyst_);
      EXPECT_EQ(r.status, c.status) << c.what << " " << path << ": " << r.Describe();
      EXPECT_EQ(r.body_json["error"].value("reason", ""), c.reason) << c.what << ": " << r.body;
      EXPECT_EQ(r.body_json["error"].value("params", json::object()), c.params) << c.what;
      EXPECT_EQ(r.body_json["error"].value("field", ""), "/photo") << c.what;
      EXPECT_FALSE(r.body_json["error"].value("message", "").empty()) << c.what;
    }
  }
  // The message stays the English text.
  Reply two = api_.PostJson("/api/v1/biometrics/identify",
                            {{"photo", PhotoBase64("face_recognition/examples/two_people.jpg")}},
                            snm_analyst_);
  EXPECT_EQ(two.body_json["error"]["message"], "2 faces found; expected exactly one");
}

// A hit raises the watchlist owner's alert with a machine code, its parameters and a link to
// the encounter being registered: a title without ids or long numbers, a distance rounded to
// two decimals, and the person named as the watchlist knows them.
TEST_F(BiometricsApi, AWatchlistHitAlertLinksTheEncounterAndNamesThePerson) {
  const auto [list, entry] = ListSubjectB();
  ASSERT_EQ(list.status, 201) << list.Describe();
  const std::string list_id = list.body_json["id"];
  ASSERT_EQ(entry.status, 201) << entry.Describe();
  const std::string person = entry.body_json["person_id"];

  Reply encounter = api_.PostJson(
      "/api/v1/migration/encounters",
      Registration("Juan Ruiz", PhotoBase64(std::string(kTrain) + "biden/biden2.jpg")),
      snm_officer_);
  ASSERT_EQ(encounter.status, 201) << encounter.Describe();
  const std::string encounter_id = encounter.body_json["encounter"]["id"];

  Reply alerts = api_.Get("/api/v1/alerts", dhs_supervisor_);
  ASSERT_EQ(alerts.status, 200) << alerts.Describe();
  ASSERT_EQ(alerts.body_json["items"].size(), 1u) << alerts.body;
  const json& a = alerts.body_json["items"][0];
  EXPECT_EQ(a["title"], "Watchlist hit: Red notices – Subject B");
  EXPECT_EQ(a["title"].get<std::string>().find(person), std::string::npos);
  const json& d = a["detail"];
  EXPECT_EQ(d["code"], "watchlist_hit");
  EXPECT_EQ(d["link"], (json{{"type", "encounter"}, {"id", encounter_id}}));
  const json& p = d["params"];
  EXPECT_EQ(p["watchlist_id"], list_id);
  EXPECT_EQ(p["watchlist_name"], "Red notices");
  EXPECT_EQ(p["person_id"], person);
  EXPECT_EQ(p["person_name"], "Subject B");
  EXPECT_EQ(p["encounter_id"], encounter_id);
  ASSERT_TRUE(p["distance"].is_number()) << d;
  const double distance = p["distance"];
  EXPECT_GT(distance, 0);
  EXPECT_LT(distance, 0.6);
  EXPECT_DOUBLE_EQ(distance, std::round(distance * 100) / 100) << "rounded to 2 decimals";
  EXPECT_LE(p["distance"].dump().size(), 4u) << p["distance"].dump();
  // The link leads to the encounter, which Panama's readers see.
  EXPECT_EQ(api_.Get("/api/v1/migration/encounters/" + encounter_id, snm_analyst_).status, 200);

  // Identifying alone registers nothing: the alert has no link.
  api_.clock().Advance(std::chrono::seconds(1));  // newest first
  Reply seen = Identify(std::string(kTrain) + "biden/biden2.jpg", snm_analyst_);
  ASSERT_EQ(seen.status, 200) << seen.Describe();
  Reply again = api_.Get("/api/v1/alerts", dhs_supervisor_);
  ASSERT_EQ(again.body_json["items"].size(), 2u) << again.body;
  EXPECT_TRUE(again.body_json["items"][0]["detail"]["link"].is_null()) << again.body;
  EXPECT_TRUE(again.body_json["items"][0]["detail"]["params"]["encounter_id"].is_null());
}

// A few kilobytes of PNG that would decode to 6300 × 6300 pixels: refused with 413 from its
// header, naming the limit and the photo's size, before anything is decoded or written.
TEST_F(BiometricsApi, APhotoOfMoreThan12MegapixelsGets413) {
  const std::int64_t audit = Count("audit_log");
  Reply r = api_.PostJson("/api/v1/biometrics/identify",
                          {{"photo", Base64(testing::BlankPng(6300, 6300))}}, snm_analyst_);
  EXPECT_EQ(r.status, 413) << r.Describe();
  EXPECT_EQ(r.body_json["error"].value("code", ""), "too_large") << r.body;
  EXPECT_EQ(r.body_json["error"].value("field", ""), "/photo") << r.body;
  const std::string message = r.body_json["error"].value("message", "");
  EXPECT_NE(message.find("6300x6300"), std::string::npos) << message;
  EXPECT_NE(message.find("at most 12.6 megapixels"), std::string::npos) << message;
  EXPECT_EQ(Count("audit_log"), audit);
}

// Eight such photos at once (the attack that took 71 s and 2.66 GB before the header check):
// every one is refused with 413, and the server keeps answering /healthz meanwhile. Bounded:
// each client waits at most 60 s; no timing is asserted.
TEST_F(BiometricsApi, EightHugePixelPhotosAtOnceAllGet413) {
  const std::string body = json{{"photo", Base64(testing::BlankPng(6300, 6300))}}.dump();
  std::vector<int> statuses(8, 0);
  std::vector<std::thread> clients;
  for (std::size_t i = 0; i < statuses.size(); ++i) {
    clients.emplace_back([&, i] {
      istmo::testing::HttpClient client("127.0.0.1", api_.server().port(),
                                        {.read_timeout_seconds = 60});
      statuses[i] = client.Post("/api/v1/biometrics/identify", body,
                                {{"Authorization", "Bearer " + snm_analyst_}}).status;
    });
  }
  EXPECT_EQ(api_.Get("/healthz").status, 200);
  for (auto& c : clients) c.join();
  EXPECT_EQ(statuses, std::vector<int>(8, 413));
}

}  // namespace
}  // namespace istmo::biometrics

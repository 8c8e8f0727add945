// The migration routes over real HTTP on 127.0.0.1: encounters with photos from
// ../shared/data/faces, earlier encounters and watchlist hits, releasability, bad input that
// writes nothing, trends and CSV, repatriation.
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "api/server.h"
#include "app/services.h"
#include "auth/auth.h"
#include "biometrics/faces.h"
#include "biometrics/identify.h"
#include "core/id.h"
#include "core/time.h"
#include "migration/encounters.h"
#include "migration/intake.h"
#include "migration/routes.h"
#include "store/alerts.h"
#include "store/store.h"
#include "testing/http_client.h"
#include "testing/temp_dir.h"

namespace istmo::migration {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

constexpr const char* kPassword = "correct horse battery";
// A fixed template key for the test database (never a production key).
constexpr const char* kKeyHex = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

fs::path Face(const std::string& relative) {
  return istmo::testing::SharedData() / "faces" / relative;
}

std::string Base64(const std::vector<unsigned char>& bytes) {
  static const char* k = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const unsigned v = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out += {k[v >> 18], k[(v >> 12) & 63], k[(v >> 6) & 63], k[v & 63]};
  }
  if (i + 1 == bytes.size()) {
    const unsigned v = bytes[i] << 16;
    out += {k[v >> 18], k[(v >> 12) & 63], '=', '='};
  } else if (i + 2 == bytes.size()) {
    const unsigned v = (bytes[i] << 16) | (bytes[i + 1] << 8);
    out += {k[v >> 18], k[(v >> 12) & 63], k[(v >> 6) & 63], '='};
  }
  return out;
}

std::string PhotoOf(const std::string& relative) {
  std::ifstream in(Face(relative), std::ios::binary);
  std::vector<unsigned char> bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  EXPECT_FALSE(bytes.empty()) << "missing test photo " << Face(relative);
  return Base64(bytes);
}

struct Reply {
  int status = 0;
  std::string body;
  std::string content_type;
  json j;
  std::string Describe() const { return std::to_string(status) + " " + body.substr(0, 400); }
};

// The platform and migration routes on 127.0.0.1 over a temp store with every table they need.
class MigrationApi : public ::testing::Test {
 protected:
  void SetUp() override {
    std::vector<store::Migration> migrations = auth::Migrations();
    for (auto& m : biometrics::Migrations()) migrations.push_back(std::move(m));
    for (auto& m : Migrations()) migrations.push_back(std::move(m));
    auto opened = store::Store::Open({.url = dir_.File("api.db")}, migrations);
    ASSERT_TRUE(opened) << opened.error().ToString();
    store_ = std::move(opened).value();
    auth::Options options;
    options.argon2_memory_kib = 1024;
    options.argon2_passes = 1;
    auth_ = std::make_unique<auth::AuthService>(*store_, clock_, options);
    services_ = std::make_unique<app::Services>(*store_, *auth_, clock_, "data");
    services_->faces = std::make_shared<biometrics::FaceService>(
        *store_, biometrics::FaceServiceOptions{.template_key_hex = kKeyHex});
    std::vector<api::Route> routes;
    app::AddPlatformRoutes(routes, *services_);
    AddRoutes(routes, {.store = *store_, .clock = clock_, .faces = *services_->faces});
    auth::AuthService* auth = auth_.get();
    auto server = api::Server::Create(
        {.host = "127.0.0.1", .port = 0, .version = "test"}, std::move(routes),
        [auth](const std::string& token) { return auth->Authenticate(token); },
        services_->metrics);
    ASSERT_TRUE(server) << server.error().ToString();
    server_ = std::move(server).value();
    ASSERT_TRUE(server_->Start());
    client_ = std::make_unique<istmo::testing::HttpClient>(
        "127.0.0.1", server_->port(), istmo::testing::HttpClientOptions{.read_timeout_seconds = 60});

    snm_ = AddOrg("SNM", "PAN");
    senafront_ = AddOrg("SENAFRONT", "PAN");
    dhs_ = AddOrg("DHS", "USA");
    AddUser(snm_, "snm.officer", store::Role::kOfficer);
    AddUser(snm_, "snm.analyst", store::Role::kAnalyst);
    AddUser(snm_, "snm.admin", store::Role::kAdmin);
    AddUser(senafront_, "senafront.officer", store::Role::kOfficer);
    AddUser(dhs_, "dhs.analyst", store::Role::kAnalyst);
    snm_officer_ = Login("snm.officer");
    snm_analyst_ = Login("snm.analyst");
    snm_admin_ = Login("snm.admin");
    senafront_officer_ = Login("senafront.officer");
    dhs_analyst_ = Login("dhs.analyst");
  }

  void TearDown() override {
    if (server_) server_->Stop();
  }

  std::string AddOrg(const std::string& name, const std::string& country) {
    auto org = auth_->CreateOrganization(store::AccessScope::System(),
                                         {name, name + " (full name)", country, "migration"});
    EXPECT_TRUE(org) << org.error().ToString();
    return org ? org->id : "";
  }
  void AddUser(const std::string& org, const std::string& username, store::Role role) {
    auto u = auth_->CreateUser(store::AccessScope::System(),
                               {.org_id = org, .username = username, .display_name = username,
                                .password = kPassword, .roles = static_cast<std::uint8_t>(role)});
    EXPECT_TRUE(u) << u.error().ToString();
  }
  std::string Login(const std::string& username) {
    Reply r = Send("POST", "/api/v1/auth/login", "", json{{"username", username}, {"password", kPassword}}.dump());
    EXPECT_EQ(r.status, 200) << r.Describe();
    return r.j.value("token", std::string());
  }

  Reply Send(const std::string& method, const std::string& path, const std::string& token,
             const std::string& body = "") {
    istmo::testing::HttpHeaders headers;
    if (!token.empty()) headers.emplace("Authorization", "Bearer " + token);
    istmo::testing::HttpReply res = client_->Send(method, path, headers, body);
    Reply out;
    if (!res) return out;
    out.status = res.status;
    out.body = res.body;
    out.content_type = res.content_type;
    out.j = json::parse(out.body, nullptr, false);
    return out;
  }
  Reply Post(const std::string& path, const std::string& token, const json& body) {
    return Send("POST", path, token, body.dump());
  }

  json Encounter(const std::string& name, const std::string& photo = {}) {
    json j = {{"station_id", "ERM-LAJAS-BLANCAS"},
              {"encountered_at", "2024-08-19T15:30:00Z"},
              {"name", name},
              {"birth_date", "1988-05-17"},
              {"sex", "M"},
              {"nationality", "VEN"},
              {"releasability", {"PAN"}}};
    if (!photo.empty()) j["photo"] = PhotoOf(photo);
    return j;
  }

  std::int64_t Count(const std::string& table) {
    return store_
        ->Read<std::int64_t>([&](store::Connection& c) -> core::Result<std::int64_t> {
          ISTMO_ASSIGN_OR_RETURN(auto row, c.QueryOne("SELECT COUNT(*) FROM " + table));
          return row ? row->Int(0) : 0;
        })
        .value();
  }

  istmo::testing::TempDir dir_;
  core::FakeClock clock_{core::ParseIso8601("2024-08-20T14:03:00Z").value()};
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<auth::AuthService> auth_;
  std::unique_ptr<app::Services> services_;
  std::unique_ptr<api::Server> server_;
  std::unique_ptr<istmo::testing::HttpClient> client_;
  std::string snm_, senafront_, dhs_;
  std::string snm_officer_, snm_analyst_, snm_admin_, senafront_officer_, dhs_analyst_;
};

constexpr const char* kObama1 = "face_recognition/examples/knn_examples/train/obama/obama.jpg";
constexpr const char* kObama2 = "face_recognition/examples/knn_examples/train/obama/obama2.jpg";
constexpr const char* kBiden1 = "face_recognition/examples/knn_examples/train/biden/biden.jpg";
constexpr const char* kBiden2 = "face_recognition/examples/knn_examples/train/biden/biden2.jpg";

TEST_F(MigrationApi, SecondPhotoOfTheSamePersonFindsTheFirstEncounter) {
  Reply first = Post("/api/v1/migration/encounters", snm_officer_, Encounter("Ángel Ruiz", kObama1));
  ASSERT_EQ(first.status, 201) << first.Describe();
  EXPECT_TRUE(first.j["face_enrolled"].get<bool>());
  EXPECT_TRUE(first.j["earlier"].empty());
  EXPECT_TRUE(first.j["encounter"]["has_photo"].get<bool>());
  EXPECT_FALSE(first.j["encounter"]["repeat"].get<bool>());
  const std::string first_id = first.j["encounter"]["id"];

  // Another name, another day, another photo: the face links them.
  json again = Encounter("Angel R.", kObama2);
  again["encountered_at"] = "2024-08-20T09:00:00Z";
  Reply second = Post("/api/v1/migration/encounters", snm_officer_, again);
  ASSERT_EQ(second.status, 201) << second.Describe();
  ASSERT_EQ(second.j["earlier"].size(), 1u) << second.body;
  EXPECT_EQ(second.j["earlier"][0]["id"], first_id);
  EXPECT_EQ(second.j["earlier"][0]["matched_by"], "face");
  EXPECT_LT(second.j["earlier"][0]["distance"].get<double>(), 0.6);
  EXPECT_EQ(second.j["encounter"]["person_id"], first.j["encounter"]["person_id"]);
  EXPECT_TRUE(second.j["encounter"]["repeat"].get<bool>());

  // Someone else matches nobody.
  Reply other = Post("/api/v1/migration/encounters", snm_officer_, Encounter("Otro", kBiden1));
  ASSERT_EQ(other.status, 201) << other.Describe();
  EXPECT_TRUE(other.j["earlier"].empty()) << other.body;
  EXPECT_NE(other.j["encounter"]["person_id"], first.j["encounter"]["person_id"]);

  Reply list = Send("GET", "/api/v1/migration/encounters?person_id=" +
                               first.j["encounter"]["person_id"].get<std::string>(),
                    snm_analyst_);
  ASSERT_EQ(list.status, 200) << list.Describe();
  EXPECT_EQ(list.j["items"].size(), 2u);
}

TEST_F(MigrationApi, EarlierEncountersAndHitsRespectReleasability) {
  // SNM keeps its encounter to itself: SENAFRONT's officer must not learn of it.
  json own = Encounter("Persona Reservada", kObama1);
  own["releasability"] = json::array();
  Reply first = Post("/api/v1/migration/encounters", snm_officer_, own);
  ASSERT_EQ(first.status, 201) << first.Describe();
  Reply seen = Post("/api/v1/migration/encounters", senafront_officer_, Encounter("X", kObama2));
  ASSERT_EQ(seen.status, 201) << seen.Describe();
  EXPECT_TRUE(seen.j["earlier"].empty()) << seen.body;
  EXPECT_NE(seen.j["encounter"]["person_id"], first.j["encounter"]["person_id"]);

  const std::string id = first.j["encounter"]["id"];
  EXPECT_EQ(Send("GET", "/api/v1/migration/encounters/" + id, dhs_analyst_).status, 404);
  EXPECT_EQ(Send("GET", "/api/v1/migration/encounters/" + id, snm_analyst_).status, 200);
  Reply dhs_list = Send("GET", "/api/v1/migration/encounters", dhs_analyst_);
  ASSERT_EQ(dhs_list.status, 200);
  EXPECT_TRUE(dhs_list.j["items"].empty());
}

TEST_F(MigrationApi, WatchlistHitsAreAnsweredOnlyWhenTheWatchlistIsReleasable) {
  // DHS keeps two watchlists on the same person: one shared with Panama, one not. The first
  // entry enrols the person's face from a photo; the second lists the same person by id.
  {
    auto registry = services_->faces->Registry();
    ASSERT_TRUE(registry) << registry.error().ToString();
    std::ifstream in(Face(kBiden1), std::ios::binary);
    const std::vector<std::uint8_t> photo{std::istreambuf_iterator<char>(in),
                                          std::istreambuf_iterator<char>()};
    auto face = services_->faces->Describe(photo, "photo");
    ASSERT_TRUE(face) << face.error().ToString();
    store::AccessScope dhs;
    dhs.org_id = dhs_;
    dhs.country = "USA";
    dhs.username = "dhs.supervisor";
    dhs.roles = static_cast<std::uint8_t>(store::Role::kSupervisor);
    const core::Timestamp now = clock_.Now();
    auto shared = (*registry)->CreateWatchlist(dhs, "Shared list", {"PAN"}, now);
    auto closed = (*registry)->CreateWatchlist(dhs, "DHS only", {}, now);
    ASSERT_TRUE(shared && closed);
    auto listed = (*registry)->AddToWatchlist(
        dhs, shared->id, {.reason = "wanted", .face = face->descriptor}, now);
    ASSERT_TRUE(listed) << listed.error().ToString();
    ASSERT_TRUE((*registry)->AddToWatchlist(
        dhs, closed->id, {.person_id = listed->person_id, .reason = "internal"}, now));
  }
  Reply r = Post("/api/v1/migration/encounters", snm_officer_, Encounter("Z", kBiden2));
  ASSERT_EQ(r.status, 201) << r.Describe();
  ASSERT_EQ(r.j["watchlist_hits"].size(), 1u) << r.body;
  EXPECT_EQ(r.j["watchlist_hits"][0]["watchlist_name"], "Shared list");
  EXPECT_EQ(r.j["watchlist_hits"][0]["reason"], "wanted");
  // Both watchlists' owner was alerted.
  EXPECT_EQ(Count("alerts"), 2);
  // The person has no encounter yet: nothing earlier to answer.
  EXPECT_TRUE(r.j["earlier"].empty());
}

TEST_F(MigrationApi, BadInputGetsAClear4xxAndWritesNothing) {
  const std::int64_t audit_before = Count("audit_log");
  struct Bad {
    std::string what;
    json body;
    int status;
    std::string field;
  };
  std::vector<Bad> cases;
  auto with = [&](const std::string& key, const json& value) {
    json j = Encounter("Ana");
    j[key] = value;
    return j;
  };
  json missing = Encounter("Ana");
  missing.erase("name");
  cases.push_back({"missing name", missing, 400, "/name"});
  cases.push_back({"unknown field", with("colour", "blue"), 400, "/colour"});
  cases.push_back({"bad sex", with("sex", "W"), 400, "/sex"});
  cases.push_back({"bad date", with("birth_date", "17/05/1988"), 400, "/birth_date"});
  cases.push_back({"bad time", with("encountered_at", "yesterday"), 400, "/encountered_at"});
  cases.push_back({"unknown station", with("station_id", "ERM-X"), 400, "/station_id"});
  cases.push_back({"bad nationality", with("nationality", "V3N"), 400, "/nationality"});
  cases.push_back({"bad releasability", with("releasability", json::array({"nowhere"})), 400,
                   "/releasability/0"});
  cases.push_back({"photo not base64", with("photo", "%%%"), 400, "/photo"});
  cases.push_back({"photo not an image", with("photo", Base64({'h', 'e', 'l', 'l', 'o', '!'})), 400,
                   "/photo"});
  cases.push_back({"photo without a face", with("photo", PhotoOf("faceapi-js/test/images/white.png")),
                   400, "/photo"});
  cases.push_back({"photo with two faces",
                   with("photo", PhotoOf("face_recognition/examples/two_people.jpg")), 400, "/photo"});
  for (const Bad& c : cases) {
    Reply r = Post("/api/v1/migration/encounters", snm_officer_, c.body);
    EXPECT_EQ(r.status, c.status) << c.what << ": " << r.Describe();
    ASSERT_TRUE(r.j.is_object()) << c.what << ": " << r.Describe();
    EXPECT_EQ(r.j["error"]["field"], c.field) << c.what << ": " << r.Describe();
    EXPECT_FALSE(r.j["error"]["message"].get<std::string>().empty()) << c.what;
  }
  Reply not_json = Send("POST", "/api/v1/migration/encounters", snm_officer_, "{\"name\":");
  EXPECT_EQ(not_json.status, 400) << not_json.Describe();
  // An analyst may not register: 403 before anything runs.
  EXPECT_EQ(Post("/api/v1/migration/encounters", snm_analyst_, Encounter("Ana")).status, 403);

  EXPECT_EQ(Count("migration_encounters"), 0);
  EXPECT_EQ(Count("migration_counts_month"), 0);
  EXPECT_EQ(Count("face_templates"), 0);
  EXPECT_EQ(Count("alerts"), 0);
  EXPECT_EQ(Count("audit_log"), audit_before);
}

TEST_F(MigrationApi, TrendsAndCsvExportCountWhatTheCallerMaySee) {
  json shared = Encounter("Uno");
  shared["releasability"] = {"PAN", "USA"};
  ASSERT_EQ(Post("/api/v1/migration/encounters", snm_officer_, shared).status, 201);
  json minor = Encounter("Dos");
  minor["birth_date"] = "2015-01-01";
  minor["encountered_at"] = "2024-07-02T12:00:00Z";
  ASSERT_EQ(Post("/api/v1/migration/encounters", snm_officer_, minor).status, 201);

  Reply t = Send("GET", "/api/v1/migration/trends?granularity=month&from=2024-07&to=2024-08",
                 snm_analyst_);
  ASSERT_EQ(t.status, 200) << t.Describe();
  EXPECT_EQ(t.j["total"], 2);
  EXPECT_EQ(t.j["series"].size(), 2u);
  EXPECT_EQ(t.j["previous_from"], "2023-07");
  EXPECT_EQ(t.j["top_nationalities"][0]["key"], "VEN");
  Reply us = Send("GET", "/api/v1/migration/trends?from=2024-07&to=2024-08", dhs_analyst_);
  ASSERT_EQ(us.status, 200) << us.Describe();
  EXPECT_EQ(us.j["total"], 1);

  Reply csv = Send("GET", "/api/v1/migration/trends.csv?from=2024-07&to=2024-08&age_group=minor",
                   snm_analyst_);
  ASSERT_EQ(csv.status, 200) << csv.Describe();
  EXPECT_EQ(csv.content_type.rfind("text/csv", 0), 0u) << csv.content_type;
  EXPECT_EQ(csv.body,
            "period,station_id,nationality,sex,age_group,encounters,repeats\r\n"
            "2024-07,ERM-LAJAS-BLANCAS,VEN,M,minor,1,0\r\n");

  Reply bad = Send("GET", "/api/v1/migration/trends?from=2024-13&to=2024-08", snm_analyst_);
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.j["error"]["field"], "?from");
  EXPECT_EQ(Send("GET", "/api/v1/migration/trends?from=2024-01&to=2024-02", "").status, 401);
  const std::string admin = Login("snm.admin");
  EXPECT_EQ(Send("GET", "/api/v1/migration/trends?from=2024-01&to=2024-02", admin).status, 403);
}

// Issue 12: trends say what months the reader's data covers, and flag a range (and its
// comparison year) that reaches beyond them; the coverage alone has its own route.
TEST_F(MigrationApi, TrendsSayTheirCoverageAndFlagPartialRanges) {
  json shared = Encounter("Uno");  // August 2024, released to the U.S.
  shared["releasability"] = {"PAN", "USA"};
  ASSERT_EQ(Post("/api/v1/migration/encounters", snm_officer_, shared).status, 201);
  json early = Encounter("Dos");  // March 2024, Panama only
  early["encountered_at"] = "2024-03-02T12:00:00Z";
  ASSERT_EQ(Post("/api/v1/migration/encounters", snm_officer_, early).status, 201);

  Reply c = Send("GET", "/api/v1/migration/trends/coverage", snm_analyst_);
  ASSERT_EQ(c.status, 200) << c.Describe();
  EXPECT_EQ(c.j, (json{{"first", "2024-03"}, {"last", "2024-08"}}));
  Reply us = Send("GET", "/api/v1/migration/trends/coverage", dhs_analyst_);
  EXPECT_EQ(us.j, (json{{"first", "2024-08"}, {"last", "2024-08"}}));

  Reply t = Send("GET", "/api/v1/migration/trends?from=2023-09&to=2024-08", snm_analyst_);
  ASSERT_EQ(t.status, 200) << t.Describe();
  EXPECT_EQ(t.j["coverage"], (json{{"first", "2024-03"}, {"last", "2024-08"}}));
  EXPECT_EQ(t.j["partial"], true);  // starts before March 2024
  EXPECT_EQ(t.j["previous_partial"], true);
  Reply inside = Send("GET", "/api/v1/migration/trends?from=2024-03&to=2024-08", snm_analyst_);
  EXPECT_EQ(inside.j["partial"], false);
  EXPECT_EQ(inside.j["previous_partial"], true);  // 2023 has no data
  Reply later = Send("GET", "/api/v1/migration/trends?from=2024-03&to=2024-12", dhs_analyst_);
  EXPECT_EQ(later.j["coverage"], (json{{"first", "2024-08"}, {"last", "2024-08"}}));
  EXPECT_EQ(later.j["partial"], true);

  // A partner that sees nothing: nulls.
  const std::string senafront_analyst = [&] {
    AddUser(senafront_, "senafront.analyst", store::Role::kAnalyst);
    return Login("senafront.analyst");
  }();
  json hidden = Encounter("Tres");
  hidden["releasability"] = json::array();
  ASSERT_EQ(Post("/api/v1/migration/encounters", senafront_officer_, hidden).status, 201);
  Reply none = Send("GET", "/api/v1/migration/trends/coverage", dhs_analyst_);
  EXPECT_EQ(none.j, (json{{"first", "2024-08"}, {"last", "2024-08"}}));  // unchanged for DHS
  Reply own = Send("GET", "/api/v1/migration/trends/coverage", senafront_analyst);
  EXPECT_EQ(own.j["first"], "2024-03");  // SNM's Panama releases, and its own
  EXPECT_EQ(Send("GET", "/api/v1/migration/trends/coverage", snm_admin_).status, 403);
  EXPECT_EQ(Send("GET", "/api/v1/migration/trends/coverage", "").status, 401);
}

// Issue 12: an organization's default releasability is only a preset of the form; a
// registration without releasability stays owner-only.
TEST_F(MigrationApi, AnOrganizationsDefaultReleasabilityIsNeverAppliedByTheServer) {
  Reply set = Send("PATCH", "/api/v1/orgs/" + snm_, snm_admin_,
                   json{{"default_releasability", {"PAN", "USA"}}}.dump());
  ASSERT_EQ(set.status, 200) << set.Describe();
  json quiet = Encounter("Sin difusión");
  quiet.erase("releasability");
  Reply e = Post("/api/v1/migration/encounters", snm_officer_, quiet);
  ASSERT_EQ(e.status, 201) << e.Describe();
  EXPECT_EQ(e.j["encounter"]["releasability"], json::array());
  const std::string id = e.j["encounter"]["id"];
  EXPECT_EQ(Send("GET", "/api/v1/migration/encounters/" + id, dhs_analyst_).status, 404);
  EXPECT_EQ(Send("GET", "/api/v1/migration/encounters/" + id, snm_analyst_).status, 200);
}

// Registration errors carry reasons the desk translates.
TEST_F(MigrationApi, RegistrationErrorsCarryReasons) {
  struct Case {
    std::string what;
    json patch;
    std::string field;
    std::string reason;
    json params;
  };
  const std::vector<Case> cases = {
      {"no name", {{"name", nullptr}}, "/name", "required", json::object()},
      {"long name", {{"name", std::string(201, 'a')}}, "/name", "too_long", {{"max", "200"}}},
      {"bad date", {{"birth_date", "1990-02-30"}}, "/birth_date", "invalid_date", json::object()},
      {"born later", {{"birth_date", "2030-01-01"}}, "/birth_date", "date_in_future",
       json::object()},
      {"future", {{"encountered_at", "2099-01-01T00:00:00Z"}}, "/encountered_at",
       "date_in_future", json::object()},
      {"XXX", {{"nationality", "XXX"}}, "/nationality", "unknown_country", {{"value", "XXX"}}},
      {"ve", {{"nationality", "ve"}}, "/nationality", "country_alpha2",
       {{"value", "VE"}, {"alpha3", "VEN"}}},
      {"station", {{"station_id", "ERM-NOWHERE"}}, "/station_id", "unknown_station",
       {{"value", "ERM-NOWHERE"}}},
      {"sex", {{"sex", "Q"}}, "/sex", "invalid_value", json::object()},
  };
  for (const Case& c : cases) {
    json body = Encounter("Ana");
    for (const auto& [k, v] : c.patch.items()) {
      if (v.is_null()) {
        body.erase(k);
      } else {
        body[k] = v;
      }
    }
    Reply r = Post("/api/v1/migration/encounters", snm_officer_, body);
    EXPECT_EQ(r.status, 400) << c.what << ": " << r.Describe();
    EXPECT_EQ(r.j["error"].value("field", ""), c.field) << c.what;
    EXPECT_EQ(r.j["error"].value("reason", ""), c.reason) << c.what << ": " << r.body;
    EXPECT_EQ(r.j["error"].value("params", json::object()), c.params) << c.what;
  }
  Reply absent_case = Send("GET", "/api/v1/migration/cases/" + core::NewId(), snm_analyst_);
  EXPECT_EQ(absent_case.j["error"]["params"], (json{{"object", "case"}}));
  Reply absent_flight = Send("GET", "/api/v1/migration/flights/" + core::NewId(), snm_analyst_);
  EXPECT_EQ(absent_flight.j["error"]["params"], (json{{"object", "flight"}}));
  Reply no_reason = Send("PATCH", "/api/v1/migration/encounters/" + core::NewId(), snm_officer_,
                         json{{"name", "X"}}.dump());
  EXPECT_EQ(no_reason.j["error"]["reason"], "correction_reason_required");
}

TEST_F(MigrationApi, AnEligibleCaseIsManifestedAndRepatriatedWhenItsFlightDeparts) {
  json col = Encounter("Carlos Mendoza");
  col["nationality"] = "COL";
  col["releasability"] = {"PAN", "USA"};
  Reply e = Post("/api/v1/migration/encounters", snm_officer_, col);
  ASSERT_EQ(e.status, 201) << e.Describe();
  Reply k = Post("/api/v1/migration/cases", snm_officer_,
                 {{"encounter_id", e.j["encounter"]["id"]}, {"legal_basis", "none"}});
  ASSERT_EQ(k.status, 201) << k.Describe();
  EXPECT_TRUE(k.j["eligible"].get<bool>());
  EXPECT_EQ(Post("/api/v1/migration/cases", snm_officer_,
                 {{"encounter_id", e.j["encounter"]["id"]}, {"legal_basis", "none"}})
                .status,
            409);
  EXPECT_EQ(Post("/api/v1/migration/cases", snm_officer_,
                 {{"encounter_id", e.j["encounter"]["id"]}, {"legal_basis", "maybe"}})
                .j["error"]["field"],
            "/legal_basis");
  // The person's case, found by person id (another person has none).
  const std::string person = e.j["encounter"]["person_id"];
  Reply mine = Send("GET", "/api/v1/migration/cases?person_id=" + person, snm_analyst_);
  ASSERT_EQ(mine.status, 200) << mine.Describe();
  ASSERT_EQ(mine.j["items"].size(), 1u);
  EXPECT_EQ(mine.j["items"][0]["id"], k.j["id"]);
  EXPECT_TRUE(Send("GET", "/api/v1/migration/cases?person_id=nobody", snm_analyst_).j["items"].empty());

  Reply f = Post("/api/v1/migration/flights", snm_officer_,
                 {{"flight_date", "2024-08-20"}, {"destination_country", "COL"}, {"capacity", 40},
                  {"releasability", {"PAN", "USA"}}});
  ASSERT_EQ(f.status, 201) << f.Describe();
  const std::string flight = f.j["id"];
  Reply m = Send("POST", "/api/v1/migration/flights/" + flight + "/manifest", snm_officer_);
  ASSERT_EQ(m.status, 200) << m.Describe();
  ASSERT_EQ(m.j["manifest"].size(), 1u);
  EXPECT_EQ(m.j["manifest"][0]["name"], "Carlos Mendoza");
  Reply d = Send("PATCH", "/api/v1/migration/flights/" + flight, snm_officer_,
                 json{{"status", "departed"}}.dump());
  ASSERT_EQ(d.status, 200) << d.Describe();
  EXPECT_EQ(d.j["manifest"][0]["status"], "repatriated");
  Reply us = Send("GET", "/api/v1/migration/flights/" + flight, dhs_analyst_);
  ASSERT_EQ(us.status, 200) << us.Describe();
  EXPECT_EQ(us.j["status"], "departed");
  EXPECT_EQ(Send("PATCH", "/api/v1/migration/flights/" + flight, snm_officer_,
                 json{{"status", "cancelled"}}.dump())
                .status,
            409);
}

TEST_F(MigrationApi, TheFaceAndTheEncounterCommitTogetherOrNotAtAll) {
  // The encounter's insert fails inside the transaction (as a full disk would): the face
  // enrolled before it in the same transaction must not stay, in the table or in the index.
  ASSERT_TRUE(store_->Write([](store::Connection& tx) -> core::Status {
    ISTMO_RETURN_IF_ERROR(tx.Exec("CREATE TRIGGER refuse_encounters BEFORE INSERT ON "
                                  "migration_encounters BEGIN SELECT RAISE(ABORT, 'the disk is "
                                  "full'); END"));
    return core::Ok();
  }));
  const std::int64_t audit_before = Count("audit_log");
  Reply failed = Post("/api/v1/migration/encounters", snm_officer_, Encounter("Uno", kObama1));
  EXPECT_GE(failed.status, 400) << failed.Describe();
  EXPECT_NE(failed.body.find("the disk is full"), std::string::npos) << failed.body;
  EXPECT_EQ(Count("face_templates"), 0);
  EXPECT_EQ(Count("migration_encounters"), 0);
  // Only the identification itself was audited (it ran, and may have raised alerts).
  EXPECT_EQ(Count("audit_log"), audit_before + 1);
  EXPECT_EQ(services_->faces->size(), 0u);

  ASSERT_TRUE(store_->Write([](store::Connection& tx) -> core::Status {
    ISTMO_RETURN_IF_ERROR(tx.Exec("DROP TRIGGER refuse_encounters"));
    return core::Ok();
  }));
  Reply first = Post("/api/v1/migration/encounters", snm_officer_, Encounter("Uno", kObama1));
  ASSERT_EQ(first.status, 201) << first.Describe();
  EXPECT_EQ(Count("face_templates"), 1);
  EXPECT_EQ(services_->faces->size(), 1u);
  // The rolled-back face left no trace to match: the second photo finds only the committed one.
  Reply second = Post("/api/v1/migration/encounters", snm_officer_, Encounter("Uno", kObama2));
  ASSERT_EQ(second.status, 201) << second.Describe();
  ASSERT_EQ(second.j["earlier"].size(), 1u) << second.body;
  EXPECT_EQ(second.j["earlier"][0]["id"], first.j["encounter"]["id"]);
}

TEST_F(MigrationApi, APhotoWithoutATemplateKeyIsUnavailableAndWritesNothing) {
  biometrics::FaceService no_key(*store_, {});  // no biometrics.template_key configured
  Intake intake(*store_, no_key);
  store::AccessScope officer;
  officer.org_id = snm_;
  officer.country = "PAN";
  officer.username = "snm.officer";
  officer.roles = static_cast<std::uint8_t>(store::Role::kOfficer);
  NewEncounter e;
  e.station_id = "ERM-SAN-VICENTE";
  e.encountered_at = clock_.Now();
  e.name = "Sin Llave";
  e.birth_date = "1990-01-01";
  e.sex = "F";
  e.nationality = "VEN";
  std::ifstream in(Face(kObama1), std::ios::binary);
  const std::vector<std::uint8_t> photo{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  ASSERT_FALSE(photo.empty());
  const std::int64_t audit_before = Count("audit_log");
  auto r = intake.Register(officer, e, photo, clock_.Now());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, core::ErrorCode::kUnavailable);
  EXPECT_NE(r.error().message.find("biometrics.template_key"), std::string::npos) << r.error().message;
  EXPECT_EQ(Count("migration_encounters"), 0);
  EXPECT_EQ(Count("audit_log"), audit_before);
  // Without a photo the same desk registers.
  auto plain = intake.Register(officer, e, {}, clock_.Now());
  ASSERT_TRUE(plain) << plain.error().ToString();
  EXPECT_FALSE(plain->face_enrolled);
  EXPECT_EQ(Count("migration_encounters"), 1);
}

// Issue 12, the desk: search by name, document and birth date, with a total and cursor pages.
TEST_F(MigrationApi, SearchFindsNamesWithoutAccentsOrCaseAndPagesByCursor) {
  const std::vector<std::pair<std::string, std::string>> people = {
      {"José Pérez", "2024-08-19T10:00:00Z"},
      {"JOSE PEREZ", "2024-08-19T11:00:00Z"},
      {"María perez Gómez", "2024-08-19T12:00:00Z"},
      {"Ana García-Pérez", "2024-08-19T12:00:00Z"},
      {"Pedro Páez", "2024-08-19T13:00:00Z"}};
  for (const auto& [name, at] : people) {
    json e = Encounter(name);
    e["encountered_at"] = at;
    ASSERT_EQ(Post("/api/v1/migration/encounters", snm_officer_, e).status, 201) << name;
  }
  json with_doc = Encounter("Luis Ruiz");
  with_doc["document_type"] = "passport";
  with_doc["document_number"] = "V123456";
  with_doc["birth_date"] = "1975-03-09";
  ASSERT_EQ(Post("/api/v1/migration/encounters", snm_officer_, with_doc).status, 201);

  const auto names = [](const Reply& r) {
    std::vector<std::string> out;
    for (const auto& i : r.j["items"]) out.push_back(i["name"]);
    return out;
  };
  // "Pérez", "perez", "PEREZ" find the same four, newest first; "páez" is not "pérez".
  for (const std::string q : {"P%C3%A9rez", "perez", "PEREZ", "p%C3%A9r"}) {
    Reply r = Send("GET", "/api/v1/migration/encounters?name=" + q, snm_analyst_);
    ASSERT_EQ(r.status, 200) << q << ": " << r.Describe();
    EXPECT_EQ(r.j["total"], 4) << q;
    EXPECT_EQ(r.j["items"].size(), 4u) << q;
    EXPECT_TRUE(r.j["next_cursor"].is_null()) << q;
  }
  Reply two_words =
      Send("GET", "/api/v1/migration/encounters?name=jos%C3%A9%20P%C3%89REZ", snm_analyst_);
  EXPECT_EQ(names(two_words), (std::vector<std::string>{"JOSE PEREZ", "José Pérez"}));

  Reply by_doc = Send("GET", "/api/v1/migration/encounters?document_number=v123456", snm_analyst_);
  EXPECT_EQ(names(by_doc), (std::vector<std::string>{"Luis Ruiz"}));
  Reply by_birth = Send("GET", "/api/v1/migration/encounters?birth_date=1975-03-09", snm_analyst_);
  EXPECT_EQ(names(by_birth), (std::vector<std::string>{"Luis Ruiz"}));
  Reply combined = Send("GET", "/api/v1/migration/encounters?name=perez&from=2024-08-19T11:30:00Z",
                        snm_analyst_);
  EXPECT_EQ(combined.j["total"], 2);

  // Pages of 2 by cursor: every match once, in the order encountered_at desc, id desc.
  std::vector<std::string> paged;
  std::string cursor;
  int pages = 0;
  do {
    Reply r = Send("GET",
                   "/api/v1/migration/encounters?name=perez&limit=2" +
                       (cursor.empty() ? "" : "&cursor=" + cursor),
                   snm_analyst_);
    ASSERT_EQ(r.status, 200) << r.Describe();
    EXPECT_EQ(r.j["total"], 4);
    for (const auto& n : names(r)) paged.push_back(n);
    cursor = r.j["next_cursor"].is_null() ? "" : r.j["next_cursor"].get<std::string>();
    ++pages;
  } while (!cursor.empty() && pages < 5);
  EXPECT_EQ(pages, 2);
  Reply all = Send("GET", "/api/v1/migration/encounters?name=perez", snm_analyst_);
  EXPECT_EQ(paged, names(all));

  // The total counts only what the caller may see: nothing of these is released to the USA.
  Reply dhs = Send("GET", "/api/v1/migration/encounters?name=perez", dhs_analyst_);
  ASSERT_EQ(dhs.status, 200) << dhs.Describe();
  EXPECT_EQ(dhs.j["total"], 0);
  EXPECT_TRUE(dhs.j["items"].empty());

  Reply bad_cursor = Send("GET", "/api/v1/migration/encounters?cursor=zz", snm_analyst_);
  EXPECT_EQ(bad_cursor.status, 400);
  EXPECT_EQ(bad_cursor.j["error"]["field"], "?cursor");
  EXPECT_EQ(bad_cursor.j["error"]["reason"], "stale_cursor");
  Reply bad_birth = Send("GET", "/api/v1/migration/encounters?birth_date=1975-13-01", snm_analyst_);
  EXPECT_EQ(bad_birth.status, 400);
  EXPECT_EQ(bad_birth.j["error"]["field"], "?birth_date");
  EXPECT_EQ(bad_birth.j["error"]["reason"], "invalid_date");
}

// "Repeat crosser: yes" must not tell a partner of an encounter it may not see.
TEST_F(MigrationApi, RepeatCrosserCountsOnlyEncountersTheReaderMaySee) {
  json first = Encounter("Carlos Mena");
  first["document_type"] = "passport";
  first["document_number"] = "P777";
  first["encountered_at"] = "2024-08-01T10:00:00Z";
  first["releasability"] = {"PAN"};  // Panama only
  Reply a = Post("/api/v1/migration/encounters", snm_officer_, first);
  ASSERT_EQ(a.status, 201) << a.Describe();
  json second = first;
  second["encountered_at"] = "2024-08-19T10:00:00Z";
  second["releasability"] = {"PAN", "USA"};
  Reply b = Post("/api/v1/migration/encounters", snm_officer_, second);
  ASSERT_EQ(b.status, 201) << b.Describe();
  ASSERT_EQ(b.j["encounter"]["person_id"], a.j["encounter"]["person_id"]);
  EXPECT_TRUE(b.j["encounter"]["repeat"].get<bool>()) << "SNM sees the first encounter";
  const std::string id = b.j["encounter"]["id"];

  Reply snm = Send("GET", "/api/v1/migration/encounters/" + id, snm_analyst_);
  EXPECT_TRUE(snm.j["repeat"].get<bool>()) << snm.Describe();
  Reply usa = Send("GET", "/api/v1/migration/encounters/" + id, dhs_analyst_);
  ASSERT_EQ(usa.status, 200) << usa.Describe();
  EXPECT_FALSE(usa.j["repeat"].get<bool>()) << "the PAN-only encounter shows through";
  Reply usa_list = Send("GET", "/api/v1/migration/encounters?document_number=P777", dhs_analyst_);
  ASSERT_EQ(usa_list.j["items"].size(), 1u) << usa_list.Describe();
  EXPECT_FALSE(usa_list.j["items"][0]["repeat"].get<bool>());
  Reply snm_list = Send("GET", "/api/v1/migration/encounters?document_number=P777", snm_analyst_);
  ASSERT_EQ(snm_list.j["items"].size(), 2u);
  EXPECT_TRUE(snm_list.j["items"][0]["repeat"].get<bool>());
  EXPECT_FALSE(snm_list.j["items"][1]["repeat"].get<bool>());

  // The registration answer follows the same rule. SNM also holds an older encounter of this
  // person that it keeps to itself; SENAFRONT registers the person on 15 July, before every
  // encounter it may see and after the hidden one: for SENAFRONT this is no repeat.
  json hidden = first;
  hidden["releasability"] = json::array();  // SNM only
  hidden["encountered_at"] = "2024-07-01T10:00:00Z";
  ASSERT_EQ(Post("/api/v1/migration/encounters", snm_officer_, hidden).status, 201);
  json third = first;
  third["encountered_at"] = "2024-07-15T10:00:00Z";
  Reply c = Post("/api/v1/migration/encounters", senafront_officer_, third);
  ASSERT_EQ(c.status, 201) << c.Describe();
  EXPECT_EQ(c.j["encounter"]["person_id"], a.j["encounter"]["person_id"]);
  EXPECT_FALSE(c.j["encounter"]["repeat"].get<bool>()) << "the SNM-only encounter shows through";
  for (const auto& e : c.j["earlier"]) EXPECT_NE(e["releasability"], json::array()) << c.body;
}

TEST_F(MigrationApi, ACorrectionKeepsItsHistoryAndIsAuditedTogether) {
  Reply made = Post("/api/v1/migration/encounters", snm_officer_, Encounter("Jose Perz"));
  ASSERT_EQ(made.status, 201) << made.Describe();
  const std::string id = made.j["encounter"]["id"];
  const std::string path = "/api/v1/migration/encounters/" + id;
  const std::int64_t audit_before = Count("audit_log");
  const std::int64_t outbox_before = Count("outbox");

  // Bad fields are named and write nothing.
  struct Bad {
    json body;
    std::string field;
  };
  for (const Bad& bad :
       std::vector<Bad>{{{{"name", "José Pérez"}}, "/reason"},
                        {{{"nationality", "XXX"}, {"reason", "typo"}}, "/nationality"},
                        {{{"birth_date", "1988-02-30"}, {"reason", "typo"}}, "/birth_date"},
                        {{{"sex", "W"}, {"reason", "typo"}}, "/sex"},
                        {{{"document_type", "passport"}, {"reason", "typo"}}, "/document_number"},
                        {{{"colour", "blue"}, {"reason", "typo"}}, "/colour"},
                        {{{"name", "Jose Perz"}, {"reason", "same"}}, "/"}}) {
    Reply r = Send("PATCH", path, snm_officer_, bad.body.dump());
    EXPECT_EQ(r.status, 400) << bad.body << ": " << r.Describe();
    EXPECT_EQ(r.j["error"]["field"], bad.field) << bad.body;
  }
  EXPECT_EQ(Count("audit_log"), audit_before);
  EXPECT_EQ(Count("migration_encounter_history"), 0);

  // Others may not correct it: an analyst (role), SENAFRONT (not the owner), DHS (hidden).
  const std::string fix = json{{"name", "José Pérez"}, {"reason", "passport spelling"}}.dump();
  EXPECT_EQ(Send("PATCH", path, snm_analyst_, fix).status, 403);
  EXPECT_EQ(Send("PATCH", path, senafront_officer_, fix).status, 403);
  EXPECT_EQ(Send("PATCH", path, dhs_analyst_, fix).status, 403);  // analysts never correct

  Reply fixed = Send("PATCH", path, snm_officer_,
                     json{{"name", "José Pérez"},
                          {"nationality", "col"},
                          {"birth_date", "2010-05-17"},
                          {"reason", "passport spelling"}}
                         .dump());
  ASSERT_EQ(fixed.status, 200) << fixed.Describe();
  EXPECT_EQ(fixed.j["name"], "José Pérez");
  EXPECT_EQ(fixed.j["nationality"], "COL");
  EXPECT_EQ(fixed.j["age_group"], "minor");
  EXPECT_EQ(Count("audit_log"), audit_before + 1);
  EXPECT_EQ(Count("outbox"), outbox_before + 1);

  // The new name is found, the old one no longer; trends moved it to its new bucket.
  EXPECT_EQ(Send("GET", "/api/v1/migration/encounters?name=perez", snm_analyst_).j["total"], 1);
  EXPECT_EQ(Send("GET", "/api/v1/migration/encounters?name=perz", snm_analyst_).j["total"], 0);
  Reply trends = Send("GET", "/api/v1/migration/trends?from=2024-08&to=2024-08", snm_analyst_);
  ASSERT_EQ(trends.status, 200) << trends.Describe();
  EXPECT_EQ(trends.j["total"], 1);
  ASSERT_EQ(trends.j["by_nationality"].size(), 1u) << trends.body;
  EXPECT_EQ(trends.j["by_nationality"][0]["key"], "COL");

  Reply history = Send("GET", path + "/history", snm_analyst_);
  ASSERT_EQ(history.status, 200) << history.Describe();
  ASSERT_EQ(history.j["items"].size(), 1u);
  const json& v = history.j["items"][0];
  EXPECT_EQ(v["changed_by"], "snm.officer");
  EXPECT_EQ(v["reason"], "passport spelling");
  EXPECT_EQ(v["changed_at"], "2024-08-20T14:03:00.000Z");
  ASSERT_EQ(v["changes"].size(), 3u) << history.body;
  EXPECT_EQ(v["changes"][0],
            (json{{"field", "name"}, {"old", "Jose Perz"}, {"new", "José Pérez"}}));
  EXPECT_EQ(v["changes"][1]["field"], "birth_date");
  EXPECT_EQ(v["changes"][2], (json{{"field", "nationality"}, {"old", "VEN"}, {"new", "COL"}}));
  EXPECT_EQ(Send("GET", path + "/history", dhs_analyst_).status, 404);
}

TEST_F(MigrationApi, CountriesAreListedAndNationalitiesChecked) {
  Reply list = Send("GET", "/api/v1/countries", snm_admin_);
  ASSERT_EQ(list.status, 200) << list.Describe();
  EXPECT_EQ(list.j["items"].size(), 249u);
  bool found = false;
  for (const auto& c : list.j["items"]) {
    if (c["alpha3"] != "PAN") continue;
    found = true;
    EXPECT_EQ(
        c,
        (json{{"alpha3", "PAN"}, {"alpha2", "PA"}, {"name_en", "Panama"}, {"name_es", "Panamá"}}));
  }
  EXPECT_TRUE(found);
  EXPECT_EQ(Send("GET", "/api/v1/countries", "").status, 401);

  json lower = Encounter("Rosa");
  lower["nationality"] = "ven";
  Reply ok = Post("/api/v1/migration/encounters", snm_officer_, lower);
  ASSERT_EQ(ok.status, 201) << ok.Describe();
  EXPECT_EQ(ok.j["encounter"]["nationality"], "VEN");

  json alpha2 = Encounter("Rosa");
  alpha2["nationality"] = "ve";
  Reply r2 = Post("/api/v1/migration/encounters", snm_officer_, alpha2);
  EXPECT_EQ(r2.status, 400);
  EXPECT_EQ(r2.j["error"]["field"], "/nationality");
  EXPECT_NE(r2.j["error"]["message"].get<std::string>().find("use VEN"), std::string::npos);
  EXPECT_EQ(r2.j["error"]["reason"], "country_alpha2");
  EXPECT_EQ(r2.j["error"]["params"], (json{{"value", "VE"}, {"alpha3", "VEN"}}));

  json unassigned = Encounter("Rosa");
  unassigned["nationality"] = "XXX";
  Reply r3 = Post("/api/v1/migration/encounters", snm_officer_, unassigned);
  EXPECT_EQ(r3.status, 400);
  EXPECT_EQ(r3.j["error"]["field"], "/nationality");
  EXPECT_EQ(r3.j["error"]["reason"], "unknown_country");

  Reply trends =
      Send("GET", "/api/v1/migration/trends?from=2024-08&to=2024-08&nationality=XXX", snm_analyst_);
  EXPECT_EQ(trends.status, 400);
  EXPECT_EQ(trends.j["error"]["field"], "?nationality");
  Reply list_bad = Send("GET", "/api/v1/migration/encounters?nationality=VE", snm_analyst_);
  EXPECT_EQ(list_bad.status, 400);
  EXPECT_EQ(list_bad.j["error"]["reason"], "country_alpha2");

  Reply absent = Send("GET", "/api/v1/migration/encounters/0190d0a0-0000-7000-8000-000000000000",
                      snm_analyst_);
  EXPECT_EQ(absent.status, 404);
  EXPECT_EQ(absent.j["error"]["reason"], "not_found");
  EXPECT_EQ(absent.j["error"]["params"]["object"], "encounter");
}

// Alerts are assigned and commented over HTTP, audited, and seen by the partners they are
// released to.
TEST_F(MigrationApi, AlertsAreAssignedAndCommentedByTheOwningOrganization) {
  auto alert = store_->Write<store::Alert>([&](store::Connection& tx) {
    return store::InsertAlert(tx,
                              {.owner_org = snm_,
                               .releasability = {"USA"},
                               .module = "migration",
                               .kind = "watchlist_hit",
                               .severity = "critical",
                               .title = "Watchlist hit"},
                              clock_.Now());
  });
  ASSERT_TRUE(alert) << alert.error().ToString();
  const auto user_id = [&](const std::string& username) {
    return store_
        ->Read<std::string>([&](store::Connection& c) -> core::Result<std::string> {
          ISTMO_ASSIGN_OR_RETURN(auto row,
                                 c.QueryOne("SELECT id FROM users WHERE username = ?", {username}));
          return row ? row->Text(0) : std::string();
        })
        .value();
  };
  const std::string base = "/api/v1/alerts/" + alert->id;
  const std::int64_t audit_before = Count("audit_log");

  Reply foreign = Post(base + "/assign", snm_officer_, {{"user_id", user_id("dhs.analyst")}});
  EXPECT_EQ(foreign.status, 400) << foreign.Describe();
  EXPECT_EQ(foreign.j["error"]["field"], "/user_id");
  EXPECT_EQ(foreign.j["error"]["reason"], "assignee_not_in_org");
  EXPECT_EQ(
      Post(base + "/assign", senafront_officer_, {{"user_id", user_id("snm.analyst")}}).status,
      404);
  Reply assigned = Post(base + "/assign", snm_officer_, {{"user_id", user_id("snm.analyst")}});
  ASSERT_EQ(assigned.status, 200) << assigned.Describe();
  EXPECT_EQ(assigned.j["assigned_to"]["username"], "snm.analyst");
  EXPECT_EQ(assigned.j["assigned_to"]["by"], "snm.officer");
  EXPECT_EQ(assigned.j["status"], "open");

  Reply comment = Post(base + "/comments", snm_officer_, {{"body", "Retenido en Lajas Blancas"}});
  ASSERT_EQ(comment.status, 201) << comment.Describe();
  EXPECT_EQ(comment.j["author"], "snm.officer");
  EXPECT_EQ(comment.j["created_at"], "2024-08-20T14:03:00.000Z");
  EXPECT_EQ(Post(base + "/comments", snm_analyst_, {{"body", "x"}}).status, 403);
  EXPECT_EQ(Post(base + "/comments", snm_officer_, {{"body", ""}}).status, 400);
  EXPECT_EQ(Count("audit_log"), audit_before + 2);

  Reply dhs = Send("GET", base + "/comments", dhs_analyst_);
  ASSERT_EQ(dhs.status, 200) << dhs.Describe();
  ASSERT_EQ(dhs.j["items"].size(), 1u);
  EXPECT_EQ(dhs.j["items"][0]["body"], "Retenido en Lajas Blancas");
  EXPECT_EQ(Send("GET", base + "/comments", senafront_officer_).status, 404);
  Reply list = Send("GET", "/api/v1/alerts", dhs_analyst_);
  ASSERT_EQ(list.j["items"].size(), 1u) << list.Describe();
  EXPECT_EQ(list.j["items"][0]["assigned_to"]["username"], "snm.analyst");
}

}  // namespace
}  // namespace istmo::migration

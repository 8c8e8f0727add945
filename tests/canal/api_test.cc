// The canal routes over real HTTP: imports in CSV and JSON with their rejects, releasability of
// what was imported, and a 400 naming the field for bad input on every route.
#include <gtest/gtest.h>

#include "api/api_harness.h"
#include "canal/canal_test_util.h"

namespace istmo::canal {
namespace {

using api::testing::ApiHarness;
using api::testing::Reply;
using nlohmann::json;

class CanalApi : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(api_.ready());
    acp_ = api_.AddOrg("ACP", "PAN", "canal").id;
    senan_ = api_.AddOrg("SENAN", "PAN").id;
    dhs_ = api_.AddOrg("DHS", "USA", "homeland_security").id;
    api_.AddUser(acp_, "acp.analyst", store::Role::kAnalyst);
    api_.AddUser(acp_, "acp.admin", store::Role::kAdmin);
    api_.AddUser(senan_, "senan.supervisor", store::Role::kSupervisor);
    api_.AddUser(dhs_, "dhs.analyst", store::Role::kAnalyst);
    analyst_ = api_.Login("acp.analyst");
    admin_ = api_.Login("acp.admin");
    senan_reader_ = api_.Login("senan.supervisor");
    dhs_reader_ = api_.Login("dhs.analyst");
  }
  Reply Post(const std::string& path, const std::string& body, const std::string& content_type,
             const std::string& token) {
    return api_.Send({.method = "POST",
                      .path = path,
                      .token = token,
                      .body = body,
                      .content_type = content_type});
  }

  ApiHarness api_;
  std::string acp_, senan_, dhs_, analyst_, admin_, senan_reader_, dhs_reader_;
};

TEST_F(CanalApi, ImportsACsvManifestWithRejectsAndReleasesItToTheNamedCountry) {
  auto r = Post("/api/v1/canal/manifests?releasability=USA", testing::kManifestCsv, "text/csv",
                analyst_);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.body_json["lines"], 5);
  EXPECT_EQ(r.body_json["imported"], 3);
  EXPECT_EQ(r.body_json["rejected"], 2);
  EXPECT_EQ(r.body_json["rejects"][0]["line"], 4);
  EXPECT_EQ(r.body_json["rejects"][0]["field"], "/container_number");

  auto again = Post("/api/v1/canal/manifests?releasability=USA", testing::kManifestCsv,
                    "text/csv; charset=utf-8", analyst_);
  ASSERT_EQ(again.status, 201) << again.body;
  EXPECT_EQ(again.body_json["imported"], 0);
  EXPECT_EQ(again.body_json["unchanged"], 3);

  auto dhs = api_.Get("/api/v1/canal/containers", dhs_reader_);
  ASSERT_EQ(dhs.status, 200) << dhs.body;
  ASSERT_EQ(dhs.body_json["items"].size(), 3u);
  EXPECT_EQ(dhs.body_json["items"][0]["owner_org"], acp_);
  EXPECT_EQ(dhs.body_json["items"][0]["releasability"], json::array({"USA"}));
  const std::string party = dhs.body_json["items"][0]["shipper"]["party_id"];

  // SENAN is Panamanian but the manifest was released to the USA only: nothing is visible.
  auto senan = api_.Get("/api/v1/canal/containers", senan_reader_);
  ASSERT_EQ(senan.status, 200);
  EXPECT_TRUE(senan.body_json["items"].empty());
  EXPECT_EQ(api_.Get("/api/v1/canal/containers/CSQU3054383", senan_reader_).status, 404);
  EXPECT_EQ(api_.Get("/api/v1/canal/parties/" + party, senan_reader_).status, 404);

  auto container = api_.Get("/api/v1/canal/containers/csqu-305438-3", dhs_reader_);
  ASSERT_EQ(container.status, 200) << container.body;
  EXPECT_EQ(container.body_json["owner_code"], "CSQ");
  EXPECT_EQ(container.body_json["lines"].size(), 3u);

  auto p = api_.Get("/api/v1/canal/parties/" + party, dhs_reader_);
  ASSERT_EQ(p.status, 200) << p.body;
  EXPECT_EQ(p.body_json["key"], "cafe exportadora");
  EXPECT_EQ(p.body_json["spellings"].size(), 2u);
  EXPECT_EQ(p.body_json["containers"], json::array({"CSQU3054383"}));
}

TEST_F(CanalApi, ImportsJsonManifestsAndTransits) {
  const json manifest = {{"lines",
                          {{{"bill_of_lading", "MEDU9"},
                            {"container_number", "CSQU3054383"},
                            {"shipper", {{"name", "Ocean Trading Co., Ltd."}}},
                            {"consignee", {{"name", "Y"}}},
                            {"hs_code", "8471"},
                            {"port_of_loading", "CNSHA"},
                            {"port_of_discharge", "USLAX"},
                            {"weight_kg", 900}},
                           {{"bill_of_lading", "MEDU10"}}}}};
  auto r = Post("/api/v1/canal/manifests", manifest.dump(), "application/json", analyst_);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.body_json["imported"], 1);
  EXPECT_EQ(r.body_json["rejects"][0]["field"], "/lines/1/container_number");

  auto t =
      Post("/api/v1/canal/transits?releasability=ALL", testing::kTransitsCsv, "text/csv", analyst_);
  ASSERT_EQ(t.status, 201) << t.body;
  EXPECT_EQ(t.body_json["imported"], 2);
  auto list = api_.Get("/api/v1/canal/transits?from=2024-08-20&to=2024-08-20", senan_reader_);
  ASSERT_EQ(list.status, 200) << list.body;
  ASSERT_EQ(list.body_json["items"].size(), 2u);
  EXPECT_EQ(list.body_json["items"][0]["slot"], "N07");
  EXPECT_EQ(list.body_json["items"][1]["mmsi"], nullptr);
}

TEST_F(CanalApi, AdminsAndReadersDoNotImport) {
  EXPECT_EQ(Post("/api/v1/canal/manifests", testing::kManifestCsv, "text/csv", admin_).status, 403);
  EXPECT_EQ(
      Post("/api/v1/canal/manifests", testing::kManifestCsv, "text/csv", senan_reader_).status,
      403);
  EXPECT_EQ(api_.Get("/api/v1/canal/containers", admin_).status, 403);
  EXPECT_EQ(api_.Get("/api/v1/canal/containers").status, 401);
}

// Every route answers bad input with 400 and the field it was about.
TEST_F(CanalApi, BadInputOnEveryRouteIsA400NamingTheField) {
  struct Case {
    std::string method, path, body, content_type, field;
  };
  const std::vector<Case> cases = {
      {"POST", "/api/v1/canal/manifests", "x", "text/plain", "Content-Type"},
      {"POST", "/api/v1/canal/manifests", "bill_of_lading,oops\n", "text/csv", "oops"},
      {"POST", "/api/v1/canal/manifests", "{\"lines\": 1}", "application/json", "/lines"},
      {"POST", "/api/v1/canal/manifests?releasability=NARNIA", testing::kManifestCsv, "text/csv",
       "?releasability"},
      {"POST", "/api/v1/canal/transits", "transit_date\n", "text/csv", "slot"},
      {"POST", "/api/v1/canal/transits", "{}", "application/json", "/transits"},
      {"POST", "/api/v1/canal/transits", "x", "application/xml", "Content-Type"},
      {"GET", "/api/v1/canal/containers?container_number=CSQU3054384", "", "", "?container_number"},
      {"GET", "/api/v1/canal/containers?hs_code=09x", "", "", "?hs_code"},
      {"GET", "/api/v1/canal/containers?port=XXBLB", "", "", "?port"},
      {"GET", "/api/v1/canal/containers?party_id=nope", "", "", "?party_id"},
      {"GET", "/api/v1/canal/containers?limit=0", "", "", "?limit"},
      {"GET", "/api/v1/canal/containers/CSQU3054384", "", "", "id"},
      {"GET", "/api/v1/canal/transits?from=2024-13-01", "", "", "?from"},
      {"GET", "/api/v1/canal/transits?direction=east", "", "", "?direction"},
      {"GET", "/api/v1/canal/transits?vessel_imo=9074728", "", "", "?vessel_imo"},
      {"GET", "/api/v1/canal/parties/not-an-id", "", "", "id"},
  };
  for (const Case& c : cases) {
    api::testing::Call call{.method = c.method, .path = c.path, .token = analyst_};
    if (c.method == "POST") {
      call.body = c.body;
      call.content_type = c.content_type;
    }
    auto r = api_.Send(call);
    EXPECT_EQ(r.status, 400) << c.method << " " << c.path << ": " << r.body;
    EXPECT_EQ(r.body_json["error"].value("field", ""), c.field) << c.method << " " << c.path;
  }
}

}  // namespace
}  // namespace istmo::canal

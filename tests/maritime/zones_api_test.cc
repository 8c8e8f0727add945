// The zone routes and the exports over real HTTP: upload (GeoJSON, KML), visibility per
// organization, refusals with their reason, the size cap, deletion, events, file formats.
#include <gtest/gtest.h>

#include "api/api_harness.h"
#include "maritime/ingest.h"
#include "maritime/maritime_test_util.h"
#include "maritime/nmea_builder.h"

namespace istmo::maritime {
namespace {

using api::testing::ApiHarness;
using nlohmann::json;

constexpr std::int64_t kT0 = 1724160000;  // 2024-08-20T13:20:00Z, before the harness's clock
const std::string kBox =
    R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"Bay box"},
    "geometry":{"type":"Polygon","coordinates":[[[-79.5,8.8],[-79.4,8.8],[-79.4,8.9],[-79.5,8.9],
    [-79.5,8.8]]]}}]})";

class ZonesApi : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(api_.ready());
    senan_ = api_.AddOrg("SENAN", "PAN").id;
    dhs_ = api_.AddOrg("DHS", "USA").id;
    api_.AddUser(senan_, "senan.officer", store::Role::kOfficer);
    api_.AddUser(senan_, "senan.supervisor", store::Role::kSupervisor);
    api_.AddUser(dhs_, "dhs.admin", store::Role::kAdmin);
    officer_ = api_.Login("senan.officer");
    supervisor_ = api_.Login("senan.supervisor");
    dhs_admin_ = api_.Login("dhs.admin");
  }
  api::testing::Reply Upload(const std::string& body, const std::string& query,
                             const std::string& token) {
    return api_.Send({.method = "POST",
                      .path = "/api/v1/maritime/zones" + query,
                      .token = token,
                      .body = body,
                      .content_type = "application/geo+json"});
  }
  void Sail() {
    Ingestor in(api_.store(), *api_.services().maritime,
                {.clock = &api_.clock(), .zones = api_.services().zones.get()});
    for (int s = 0; s <= 20; ++s) {  // north through the box at -79.45
      ASSERT_TRUE(in.AddLine(testing::Sentence(
          testing::PositionBits({.mmsi = 351000001, .lat = 8.7 + s * 0.02, .lon = -79.45}),
          kT0 + s * 60)));
    }
    ASSERT_TRUE(in.Finish());
  }
  std::vector<std::string> ZoneIds(const std::string& token) {
    auto r = api_.Get("/api/v1/maritime/zones", token);
    EXPECT_EQ(r.status, 200) << r.body;
    std::vector<std::string> ids;
    for (const auto& f : r.body_json["features"]) ids.push_back(f["id"]);
    return ids;
  }
  static bool Contains(const std::vector<std::string>& ids, const std::string& id) {
    return std::find(ids.begin(), ids.end(), id) != ids.end();
  }

  ApiHarness api_;
  std::string senan_, dhs_, officer_, supervisor_, dhs_admin_;
};

TEST_F(ZonesApi, ListsBuiltinZonesWithTheirAttribution) {
  auto r = api_.Get("/api/v1/maritime/zones", officer_);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body_json["attribution"][0].get<std::string>().find("marineregions.org (CC BY 4.0)"),
            std::string::npos);
  EXPECT_TRUE(Contains(ZoneIds(officer_), "PAN-EEZ"));
  EXPECT_TRUE(Contains(ZoneIds(officer_), "PAN-CONTIGUOUS"));
  r = api_.Get("/api/v1/maritime/zones?kind=anchorage", officer_);
  for (const auto& f : r.body_json["features"]) EXPECT_EQ(f["properties"]["kind"], "anchorage");
  EXPECT_EQ(api_.Get("/api/v1/maritime/zones?kind=reef", officer_).status, 400);
}

TEST_F(ZonesApi, UploadedAreaIsOwnedReleasableAndDeletedByTheOwnersSupervisor) {
  auto r = Upload(kBox, "", officer_);
  ASSERT_EQ(r.status, 201) << r.body;
  const std::string id = r.body_json["features"][0]["id"];
  EXPECT_EQ(r.body_json["features"][0]["properties"]["owner_org"], senan_);
  EXPECT_TRUE(Contains(ZoneIds(officer_), id));
  EXPECT_FALSE(Contains(ZoneIds(dhs_admin_), id));
  EXPECT_EQ(api_.Get("/api/v1/maritime/zones/" + id + "/events", dhs_admin_).status, 404);

  // The new area is in the index at once: a vessel sailing through it enters and leaves.
  Sail();
  r = api_.Get("/api/v1/maritime/zones/" + id + "/events?from=2024-08-20T00:00:00Z", officer_);
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_EQ(r.body_json["count"], 2);
  EXPECT_EQ(r.body_json["items"][0]["event"], "enter");
  EXPECT_EQ(r.body_json["items"][1]["event"], "exit");
  r = api_.Get("/api/v1/maritime/vessels/351000001/events?from=2024-08-20T00:00:00Z", dhs_admin_);
  ASSERT_EQ(r.status, 200) << r.body;
  for (const auto& e : r.body_json["items"]) EXPECT_NE(e["zone"], id);

  EXPECT_EQ(
      api_.Send({.method = "DELETE", .path = "/api/v1/maritime/zones/" + id, .token = officer_})
          .status,
      403);
  EXPECT_EQ(
      api_.Send({.method = "DELETE", .path = "/api/v1/maritime/zones/" + id, .token = dhs_admin_})
          .status,
      404);
  EXPECT_EQ(
      api_.Send(
              {.method = "DELETE", .path = "/api/v1/maritime/zones/PAN-EEZ", .token = supervisor_})
          .status,
      404);
  EXPECT_EQ(
      api_.Send({.method = "DELETE", .path = "/api/v1/maritime/zones/" + id, .token = supervisor_})
          .status,
      204);
  EXPECT_FALSE(Contains(ZoneIds(officer_), id));

  // Released to the United States, DHS sees it.
  r = Upload(kBox, "?releasability=USA", officer_);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_TRUE(Contains(ZoneIds(dhs_admin_), r.body_json["features"][0]["id"]));
}

TEST_F(ZonesApi, KmlUploadIsAccepted) {
  const std::string kml = R"(<?xml version="1.0"?><kml xmlns="http://www.opengis.net/kml/2.2">
<Placemark><name>Coiba &amp; Jicarón</name><Polygon><outerBoundaryIs><LinearRing><coordinates>
-81.9,7.3 -81.6,7.3 -81.6,7.6 -81.9,7.6 -81.9,7.3</coordinates></LinearRing></outerBoundaryIs>
</Polygon></Placemark></kml>)";
  auto r = api_.Send({.method = "POST",
                      .path = "/api/v1/maritime/zones",
                      .token = officer_,
                      .body = kml,
                      .content_type = "application/vnd.google-earth.kml+xml"});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.body_json["features"][0]["properties"]["name"], "Coiba & Jicarón");
}

TEST_F(ZonesApi, InvalidAndOversizedUploadsAreRefusedAndNothingIsWritten) {
  const auto before = testing::Count(api_.store(), "maritime_zones");
  // Two features, the second self-intersecting: neither is kept.
  const std::string bowtie =
      R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":
      {"type":"Polygon","coordinates":[[[-80,7],[-79,7],[-79,8],[-80,8],[-80,7]]]}},
      {"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":
      [[[-80,7],[-79,8],[-79,7],[-80,8],[-80,7]]]}}]})";
  auto r = Upload(bowtie, "", officer_);
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_NE(r.body_json["error"]["message"].get<std::string>().find("Self-intersection"),
            std::string::npos);
  EXPECT_EQ(r.body_json["error"]["field"], "/features/1/geometry");
  r = Upload("POLYGON((0 0, 1 0, 1 1, 0 0))", "", officer_);
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("not GeoJSON or KML"), std::string::npos);
  r = Upload(kBox, "?releasability=Atlantis", officer_);
  EXPECT_EQ(r.status, 400) << r.body;
  // Over the 2 MiB cap: refused before it is read.
  r = Upload(std::string(2 * 1024 * 1024 + 1, ' '), "", officer_);
  EXPECT_EQ(r.status, 413) << r.body;
  EXPECT_EQ(testing::Count(api_.store(), "maritime_zones"), before);
}

TEST_F(ZonesApi, RefusalsCarryTheReasonsTheWebAppTranslates) {
  const std::string bowtie =
      R"({"type":"Feature","properties":{"name":"Lazo"},"geometry":{"type":"Polygon",
      "coordinates":[[[-80,7],[-79,8],[-79,7],[-80,8],[-80,7]]]}})";
  auto r = Upload(bowtie, "", officer_);
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(r.body_json["error"]["reason"], "zone_geometry_invalid");
  EXPECT_EQ(r.body_json["error"]["params"]["name"], "Lazo");
  r = Upload("POLYGON((0 0, 1 0, 1 1, 0 0))", "", officer_);
  EXPECT_EQ(r.body_json["error"]["reason"], "zone_file_invalid") << r.body;
  r = api_.Send({.method = "POST",
                 .path = "/api/v1/maritime/zones",
                 .token = officer_,
                 .body = "<kml>\n<Placemark><name>x</name>\n",
                 .content_type = "application/vnd.google-earth.kml+xml"});
  EXPECT_EQ(r.body_json["error"]["reason"], "zone_file_invalid") << r.body;
  EXPECT_EQ(r.body_json["error"]["params"]["line"], "2") << r.body;
  r = Upload(kBox, "?name=" + std::string(201, 'x'), officer_);
  EXPECT_EQ(r.body_json["error"]["reason"], "too_long") << r.body;
  r = api_.Send(
      {.method = "DELETE", .path = "/api/v1/maritime/zones/no-such-zone", .token = supervisor_});
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.body_json["error"]["reason"], "not_found") << r.body;
  EXPECT_EQ(r.body_json["error"]["params"]["object"], "zone") << r.body;
}

// The card's zones: where the vessel is now, each zone named, another organization's area of
// interest withheld from a reader it is not released to.
TEST_F(ZonesApi, AVesselNamesTheZonesItIsInThatTheReaderMaySee) {
  auto up = Upload(kBox, "", officer_);
  ASSERT_EQ(up.status, 201) << up.body;
  const std::string box = up.body_json["features"][0]["id"];
  {
    Ingestor in(api_.store(), *api_.services().maritime,
                {.clock = &api_.clock(), .zones = api_.services().zones.get()});
    for (int s = 0; s <= 7; ++s) {  // north into the box, stopping at 8.84
      ASSERT_TRUE(in.AddLine(testing::Sentence(
          testing::PositionBits({.mmsi = 351000002, .lat = 8.70 + s * 0.02, .lon = -79.45}),
          kT0 + s * 60)));
    }
    ASSERT_TRUE(in.Finish());
  }
  auto zone_ids = [&](const std::string& token) {
    auto r = api_.Get("/api/v1/maritime/vessels/351000002", token);
    EXPECT_EQ(r.status, 200) << r.body;
    std::vector<std::string> ids;
    for (const auto& z : r.body_json["zones"]) {
      EXPECT_FALSE(z["name"].get<std::string>().empty()) << z;
      ids.push_back(z["id"]);
    }
    return ids;
  };
  const auto mine = zone_ids(officer_);
  EXPECT_TRUE(Contains(mine, box));
  EXPECT_TRUE(Contains(mine, "PAN-EEZ"));
  auto r = api_.Get("/api/v1/maritime/vessels/351000002", officer_);
  for (const auto& z : r.body_json["zones"]) {
    if (z["id"] == box) {
      EXPECT_EQ(z["name"], "Bay box");
      EXPECT_EQ(z["kind"], "aoi");
    }
  }
  const auto theirs = zone_ids(dhs_admin_);
  EXPECT_FALSE(Contains(theirs, box));
  EXPECT_TRUE(Contains(theirs, "PAN-EEZ"));

  // A vessel whose reports this process never observed (ingested before a restart) has the
  // zones of its last position all the same.
  {
    Ingestor in(api_.store(), *api_.services().maritime, {.clock = &api_.clock()});
    ASSERT_TRUE(in.AddLine(testing::Sentence(
        testing::PositionBits({.mmsi = 351000003, .lat = 8.85, .lon = -79.45}), kT0)));
    ASSERT_TRUE(in.Finish());
  }
  r = api_.Get("/api/v1/maritime/vessels/351000003", officer_);
  ASSERT_EQ(r.status, 200) << r.body;
  std::vector<std::string> restarted;
  for (const auto& z : r.body_json["zones"]) restarted.push_back(z["id"]);
  EXPECT_TRUE(Contains(restarted, box)) << r.body;
}

TEST_F(ZonesApi, VesselsTracksAndZonesExportAsGeoJsonKmlAndCsv) {
  Sail();
  auto r = api_.Get("/api/v1/maritime/vessels?format=geojson", officer_);
  ASSERT_EQ(r.status, 200) << r.body;
  auto j = json::parse(r.body);
  EXPECT_EQ(j["features"][0]["geometry"]["type"], "Point");
  EXPECT_NEAR(j["features"][0]["geometry"]["coordinates"][0].get<double>(), -79.45, 1e-5);
  r = api_.Get("/api/v1/maritime/vessels?format=csv", officer_);
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.body.substr(0, 10), "mmsi,name,");
  EXPECT_NE(r.body.find("\r\n351000001,"), std::string::npos);
  r = api_.Get("/api/v1/maritime/vessels?format=kml", officer_);
  EXPECT_NE(r.body.find("<coordinates>-79.450000,9.100000</coordinates>"), std::string::npos)
      << r.body;
  r = api_.Get("/api/v1/maritime/vessels/351000001/track?from=2024-08-20T00:00:00Z&format=geojson",
               officer_);
  ASSERT_EQ(r.status, 200) << r.body;
  j = json::parse(r.body);
  EXPECT_EQ(j["features"][0]["geometry"]["type"], "LineString");
  EXPECT_EQ(j["features"][0]["geometry"]["coordinates"].size(), 21u);
  r = api_.Get("/api/v1/maritime/vessels/351000001/track?from=2024-08-20T00:00:00Z&format=csv",
               officer_);
  EXPECT_EQ(std::count(r.body.begin(), r.body.end(), '\n'), 22);
  r = api_.Get("/api/v1/maritime/zones?kind=eez&format=kml", officer_);
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("<outerBoundaryIs>"), std::string::npos);
  // The KML export reads back through the upload parser.
  auto back = ParseZonesKml(r.body);
  ASSERT_TRUE(back) << back.error().message;
  r = api_.Get("/api/v1/maritime/zones?kind=port&format=csv", officer_);
  EXPECT_NE(r.body.find("MULTIPOLYGON((("), std::string::npos);
  EXPECT_EQ(api_.Get("/api/v1/maritime/vessels?format=shp", officer_).status, 400);
}

}  // namespace
}  // namespace istmo::maritime

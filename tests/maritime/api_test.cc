// The maritime routes over real HTTP (the API harness: the root's whole route table on
// 127.0.0.1), on a picture fed by the Ingestor as a live feed would.
#include <gtest/gtest.h>

#include "api/api_harness.h"
#include "maritime/detect.h"
#include "maritime/ingest.h"
#include "maritime/nmea_builder.h"

namespace istmo::maritime {
namespace {

using api::testing::ApiHarness;
using nlohmann::json;

constexpr std::int64_t kT0 = 1724160000;  // 2024-08-20T13:20:00Z, before the harness's clock

class MaritimeApi : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(api_.ready());
    const std::string org = api_.AddOrg("SENAN", "PAN").id;
    api_.AddUser(org, "senan.officer", store::Role::kOfficer);
    token_ = api_.Login("senan.officer");
    Ingestor in(api_.store(), *api_.services().maritime, {.clock = &api_.clock()});
    using testing::PositionBits;
    using testing::Sentence;
    for (int s = 0; s <= 600; s += 30) {  // Balboa approach, 10 kn east
      ASSERT_TRUE(in.AddLine(Sentence(
          PositionBits({.mmsi = 351000001, .lat = 8.80, .lon = -79.60 + s * 1e-4}), kT0 + s)));
    }
    ASSERT_TRUE(in.AddLine(Sentence(testing::StaticBits({.mmsi = 351000001,
                                                         .imo = 9123456,
                                                         .callsign = "HP1234",
                                                         .name = "PACIFIC STAR",
                                                         .destination = "BALBOA"}),
                                    kT0)));
    ASSERT_TRUE(in.AddLine(Sentence(
        PositionBits({.mmsi = 366000002, .lat = 9.38, .lon = -79.92, .sog_kn = 0.1, .type = 18}),
        kT0 + 100)));
    ASSERT_TRUE(in.AddLine(
        Sentence(PositionBits({.mmsi = 730000003, .lat = 10.4, .lon = -75.55}), kT0 + 200)));
    ASSERT_TRUE(in.Finish());
  }

  std::vector<std::uint32_t> Mmsis(const json& body) {
    std::vector<std::uint32_t> out;
    for (const auto& v : body["items"]) out.push_back(v["mmsi"].get<std::uint32_t>());
    return out;
  }

  ApiHarness api_;
  std::string token_;
};

TEST_F(MaritimeApi, BoundingBoxWithFilters) {
  auto r = api_.Get("/api/v1/maritime/vessels?bbox=-80.5,7,-77,10", token_);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Mmsis(r.body_json), (std::vector<std::uint32_t>{351000001, 366000002}));
  const json& star = r.body_json["items"][0];
  EXPECT_EQ(star["name"], "PACIFIC STAR");
  EXPECT_EQ(star["flag"]["iso2"], "PA");
  EXPECT_EQ(star["kind"], "class_a");
  EXPECT_NEAR(star["position"]["lon"].get<double>(), -79.54, 1e-5);  // 1/10 000 minute
  EXPECT_EQ(star["position"]["time"], "2024-08-20T13:30:00.000Z");
  r = api_.Get("/api/v1/maritime/vessels?bbox=-80.5,7,-77,10&kind=class_b", token_);
  EXPECT_EQ(Mmsis(r.body_json), (std::vector<std::uint32_t>{366000002}));
  r = api_.Get("/api/v1/maritime/vessels?flag=CO", token_);
  EXPECT_EQ(Mmsis(r.body_json), (std::vector<std::uint32_t>{730000003}));
  r = api_.Get("/api/v1/maritime/vessels?min_speed=5", token_);
  EXPECT_EQ(Mmsis(r.body_json), (std::vector<std::uint32_t>{351000001, 730000003}));
  // The harness's clock is 14:03:00; the Colombian report (13:23:20) is 2620 s old.
  r = api_.Get("/api/v1/maritime/vessels?max_age=2000", token_);
  EXPECT_EQ(Mmsis(r.body_json), (std::vector<std::uint32_t>{351000001}));
}

TEST_F(MaritimeApi, TheLayerViewIsTheLiveStreamsCompactFormWithTheFiltersAndTheSequence) {
  auto r = api_.Get("/api/v1/maritime/vessels?bbox=-80.5,7,-77,10&view=layer", token_);
  ASSERT_EQ(r.status, 200) << r.body;
  const json& m = r.body_json;
  EXPECT_EQ(m["type"], "vessels");
  EXPECT_EQ(m["seq"], api_.services().maritime->sequence());
  const json fields = {"mmsi", "lat",     "lon",  "sog_kn", "cog_deg",   "heading_deg",
                       "kind", "time_ms", "name", "flags",  "ship_type", "flag"};
  EXPECT_EQ(m["fields"], fields);
  ASSERT_EQ(m["items"].size(), 2u) << r.body;
  const json& star = m["items"][0];
  EXPECT_EQ(star[0], 351000001);
  EXPECT_NEAR(star[1].get<double>(), 8.8, 1e-5);
  EXPECT_NEAR(star[2].get<double>(), -79.54, 1e-5);
  EXPECT_EQ(star[3], 10.0);
  EXPECT_EQ(star[6], "class_a");
  EXPECT_EQ(star[7], 1724160600000);  // 13:30:00
  EXPECT_EQ(star[8], "PACIFIC STAR");
  EXPECT_TRUE(star[9].is_null());
  EXPECT_EQ(star[11], "PA");
  const json& boat = m["items"][1];
  EXPECT_EQ(boat[0], 366000002);
  EXPECT_EQ(boat[6], "class_b");
  EXPECT_TRUE(boat[8].is_null());
  EXPECT_EQ(boat[11], "US");
  // The same filters as the full view.
  r = api_.Get("/api/v1/maritime/vessels?flag=CO&view=layer", token_);
  ASSERT_EQ(r.body_json["items"].size(), 1u) << r.body;
  EXPECT_EQ(r.body_json["items"][0][0], 730000003);
  r = api_.Get("/api/v1/maritime/vessels?view=tiles", token_);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.body_json["error"]["field"], "?view");
  EXPECT_EQ(api_.Get("/api/v1/maritime/vessels?view=layer").status, 401);
}

TEST_F(MaritimeApi, BadQueriesAreRefusedWithTheField) {
  for (const char* q : {"bbox=1,2,3", "bbox=a,b,c,d", "bbox=-80,10,-77,7", "bbox=-200,7,-77,10",
                        "kind=tanker", "flag=Panama", "min_speed=fast", "max_age=-1"}) {
    auto r = api_.Get(std::string("/api/v1/maritime/vessels?") + q, token_);
    EXPECT_EQ(r.status, 400) << q << ": " << r.body;
    EXPECT_FALSE(r.body_json["error"].value("field", "").empty()) << q;
  }
}

TEST_F(MaritimeApi, VesselWithHistoryAndTrack) {
  auto r = api_.Get("/api/v1/maritime/vessels/351000001", token_);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.body_json["imo"], 9123456);
  EXPECT_EQ(r.body_json["callsign"], "HP1234");
  EXPECT_EQ(r.body_json["destination"], "BALBOA");
  ASSERT_EQ(r.body_json["history"].size(), 3u);
  EXPECT_EQ(r.body_json["history"][2]["field"], "name");
  EXPECT_EQ(r.body_json["history"][2]["new"], "PACIFIC STAR");

  r = api_.Get("/api/v1/maritime/vessels/351000001/track", token_);  // last 24 h
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.body_json["count"], 11);  // 600 s of reports every 30 s, one point a minute
  r = api_.Get(
      "/api/v1/maritime/vessels/351000001/track?from=2024-08-20T13:22:00Z&to=2024-08-20T13:24:00Z",
      token_);
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_EQ(r.body_json["count"], 3);
  EXPECT_EQ(r.body_json["items"][0]["time"], "2024-08-20T13:22:00.000Z");
  EXPECT_EQ(r.body_json["items"][0]["sog_kn"], 10.0);

  EXPECT_EQ(api_.Get("/api/v1/maritime/vessels/123456789", token_).status, 404);
  EXPECT_EQ(api_.Get("/api/v1/maritime/vessels/123456789/track", token_).status, 404);
  EXPECT_EQ(api_.Get("/api/v1/maritime/vessels/ship", token_).status, 400);
  EXPECT_EQ(api_.Get("/api/v1/maritime/vessels/351000001/track?from=yesterday", token_).status,
            400);
}

TEST_F(MaritimeApi, SearchByNameCallSignMmsiAndImo) {
  for (const char* q : {"pacific", "HP12", "351000", "9123456"}) {
    auto r = api_.Get(std::string("/api/v1/maritime/vessels/search?q=") + q, token_);
    ASSERT_EQ(r.status, 200) << q << ": " << r.body;
    EXPECT_EQ(Mmsis(r.body_json), (std::vector<std::uint32_t>{351000001})) << q;
  }
  EXPECT_EQ(api_.Get("/api/v1/maritime/vessels/search?q=", token_).status, 400);
}

TEST_F(MaritimeApi, EveryRouteNeedsAUser) {
  for (const char* path :
       {"/api/v1/maritime/vessels", "/api/v1/maritime/vessels/search?q=a",
        "/api/v1/maritime/vessels/351000001", "/api/v1/maritime/vessels/351000001/track"}) {
    EXPECT_EQ(api_.Get(path).status, 401) << path;
  }
}

TEST_F(MaritimeApi, DetectionsAreFilteredByKindVesselAndEndAndCarryTheirEvidence) {
  const std::int64_t now = core::ToUnixSeconds(api_.clock().Now());
  const std::vector<DetectionEvent> events = {
      {.kind = DetectionKind::kEncounter,
       .mmsi = 351000001,
       .partner = 366000002,
       .start_us = (now - 4 * 3600) * 1'000'000,
       .end_us = (now - 600) * 1'000'000,
       .measured = 1,
       .thresholds = {{"encounter_max_distance_m", 500}},
       .evidence = {{.mmsi = 351000001, .t_us = (now - 4 * 3600) * 1'000'000, .lat = 5280000,
                     .lon = -47760000, .sog = 5}}},
      {.kind = DetectionKind::kGap,
       .mmsi = 730000003,
       .start_us = (now - 40 * 3600) * 1'000'000,
       .end_us = (now - 30 * 3600) * 1'000'000,
       .intentional = true,
       .measured = 10}};
  ASSERT_TRUE(api_.store().Write(
      [&](store::Connection& tx) { return StoreDetections(tx, events); }));

  auto r = api_.Get("/api/v1/maritime/detections", token_);  // the last 24 h
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_EQ(r.body_json["count"], 1);
  const json& e = r.body_json["items"][0];
  EXPECT_EQ(e["kind"], "encounter");
  EXPECT_EQ(e["mmsi"], 351000001);
  EXPECT_EQ(e["partner"], 366000002);
  EXPECT_EQ(e["thresholds"]["encounter_max_distance_m"], 500);
  EXPECT_NEAR(e["evidence"][0]["lat"].get<double>(), 8.8, 1e-9);
  EXPECT_DOUBLE_EQ(e["evidence"][0]["sog_kn"].get<double>(), 0.5);
  // The partner finds it too; ?since= reaches the older gap; ?kind= keeps one kind.
  r = api_.Get("/api/v1/maritime/detections?mmsi=366000002", token_);
  EXPECT_EQ(r.body_json["count"], 1);
  r = api_.Get("/api/v1/maritime/detections?since=2000-01-01T00:00:00Z&kind=gap", token_);
  ASSERT_EQ(r.body_json["count"], 1) << r.body;
  EXPECT_EQ(r.body_json["items"][0]["intentional"], true);
  r = api_.Get("/api/v1/maritime/detections?since=2000-01-01T00:00:00Z&limit=1", token_);
  ASSERT_EQ(r.body_json["count"], 1);
  EXPECT_EQ(r.body_json["items"][0]["kind"], "encounter");  // latest end first
  EXPECT_EQ(api_.Get("/api/v1/maritime/detections", "").status, 401);
}

TEST_F(MaritimeApi, BadDetectionQueriesAreRefusedNamingTheField) {
  for (const auto& [query, field] : std::vector<std::pair<std::string, std::string>>{
           {"kind=dark", "?kind"},
           {"mmsi=ship", "?mmsi"},
           {"mmsi=1234567890", "?mmsi"},
           {"since=yesterday", "?since"},
           {"limit=0", "?limit"},
           {"limit=10001", "?limit"}}) {
    auto r = api_.Get("/api/v1/maritime/detections?" + query, token_);
    EXPECT_EQ(r.status, 400) << query << ": " << r.body;
    EXPECT_EQ(r.body_json["error"].value("field", ""), field) << query;
    EXPECT_EQ(r.body_json["error"].value("reason", ""), "invalid_value") << query;
  }
}

}  // namespace
}  // namespace istmo::maritime

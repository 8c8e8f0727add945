// The transit and vessel routes over real HTTP (docs/canal.md "Vessels"): each transit's vessel
// linked by IMO or MMSI with its behaviour counts and the risk of its containers, ?upcoming by
// the server's clock, a transit's full behaviour and containers, a vessel by IMO; a hidden
// transit is 404, bad input a 400 naming the parameter.
#include <gtest/gtest.h>

#include "api/api_harness.h"
#include "canal/risk.h"
#include "maritime/detect.h"
#include "maritime/ingest.h"
#include "maritime/nmea_builder.h"

namespace istmo::canal {
namespace {

namespace mt = maritime::testing;
using api::testing::ApiHarness;
using api::testing::Reply;
using nlohmann::json;

constexpr std::int64_t kNow = 1724162580;  // the harness's clock, 2024-08-20T14:03:00Z
constexpr std::int64_t kDay = 86400;

const std::string kTransits =
    "transit_date,slot,vessel_imo,vessel_name,mmsi,direction,lock_set,last_port,next_port\n"
    "2024-08-19,S02,9811000,PACIFIC STAR,352001234,southbound,panamax,USMIA,ECGYE\n"
    "2024-08-20,N01,9074729,EVER SAMPLE,,northbound,neopanamax,COBUN,USNYC\n"
    "2024-08-21,S05,9311713,NOBODY KNOWS,,southbound,panamax,,\n";

class VesselsApi : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(api_.ready());
    acp_ = api_.AddOrg("ACP", "PAN", "canal").id;
    dhs_ = api_.AddOrg("DHS", "USA", "homeland_security").id;
    api_.AddUser(acp_, "acp.analyst", store::Role::kAnalyst);
    api_.AddUser(acp_, "acp.officer", store::Role::kOfficer);
    api_.AddUser(acp_, "acp.admin", store::Role::kAdmin);
    api_.AddUser(dhs_, "dhs.analyst", store::Role::kAnalyst);
    analyst_ = api_.Login("acp.analyst");
    officer_ = api_.Login("acp.officer");
    admin_ = api_.Login("acp.admin");
    dhs_reader_ = api_.Login("dhs.analyst");

    // The registry: the IMO vessel reports its IMO; the MMSI vessel does not.
    std::string log;
    log += mt::Sentence(mt::StaticBits({.mmsi = 636019825, .imo = 9074729, .name = "EVER SAMPLE"}),
                        kNow - 5 * kDay) +
           "\n";
    log +=
        mt::Sentence(mt::StaticBits({.mmsi = 352001234, .name = "PACIFIC STAR"}), kNow - 5 * kDay) +
        "\n";
    maritime::Picture picture;
    maritime::Ingestor in(api_.store(), picture, {.clock = &api_.clock()});
    ASSERT_TRUE(in.AddBuffer(log));
    ASSERT_TRUE(in.Finish());
    // A 13-hour intentional gap of the IMO vessel 4 days ago.
    std::vector<maritime::DetectionEvent> gap = {
        {.kind = maritime::DetectionKind::kGap,
         .mmsi = 636019825,
         .start_us = (kNow - 4 * kDay) * 1'000'000,
         .end_us = (kNow - 4 * kDay + 13 * 3600) * 1'000'000,
         .intentional = true,
         .measured = 13}};
    ASSERT_TRUE(api_.store().Write(
        [&](store::Connection& tx) { return maritime::StoreDetections(tx, gap); }));

    // No random lane, so that a line with no rule firing is green in every run.
    store::AccessScope supervisor{.user_id = "acp.supervisor", .org_id = acp_, .country = "PAN"};
    supervisor.roles = static_cast<std::uint8_t>(store::Role::kSupervisor);
    ASSERT_TRUE(canal::SetLaneSettings(api_.store(), supervisor,
                                       {.red_rate = 0.01, .yellow_rate = 0.03, .random_rate = 0},
                                       api_.clock().Now()));

    auto r = api_.Send({.method = "POST",
                        .path = "/api/v1/canal/transits",
                        .token = analyst_,
                        .body = kTransits,
                        .content_type = "text/csv"});
    ASSERT_EQ(r.status, 201) << r.body;
    // One manifest line on the IMO vessel, imported for its transit.
    r = api_.Send({.method = "POST",
                   .path = "/api/v1/canal/manifests",
                   .token = analyst_,
                   .body = "bill_of_lading,container_number,shipper_name,consignee_name,hs_code,"
                           "port_of_loading,port_of_discharge,weight_kg,vessel_imo\n"
                           "B1,CSQU3054383,S,C,0901,COBUN,USNYC,100,9074729\n",
                   .content_type = "text/csv"});
    ASSERT_EQ(r.status, 201) << r.body;
  }

  json Transit(const std::string& date) {
    auto r = api_.Get("/api/v1/canal/transits", analyst_);
    EXPECT_EQ(r.status, 200) << r.body;
    for (const auto& t : r.body_json["items"]) {
      if (t["transit_date"] == date) return t;
    }
    ADD_FAILURE() << "no transit on " << date;
    return json::object();
  }

  ApiHarness api_;
  std::string acp_, dhs_, analyst_, officer_, admin_, dhs_reader_;
};

TEST_F(VesselsApi, ListedTransitsCarryTheirVesselAndRisk) {
  const json by_imo = Transit("2024-08-20");
  ASSERT_TRUE(by_imo["vessel"].is_object()) << by_imo.dump();
  EXPECT_EQ(by_imo["vessel"]["linked_by"], "imo");
  EXPECT_EQ(by_imo["vessel"]["mmsi"], "636019825");
  EXPECT_EQ(by_imo["vessel"]["flag"], "LR");
  EXPECT_EQ(by_imo["vessel"]["behaviour"]["gaps"], 1);
  EXPECT_NEAR(by_imo["vessel"]["behaviour"]["dark_hours"].get<double>(), 13, 1e-6);
  EXPECT_EQ(by_imo["vessel"]["behaviour"]["source_port_calls"], 1) << "last port Buenaventura";
  // The import scored its line; with no active rule it is green at 0.
  EXPECT_EQ(by_imo["risk"],
            (json{{"containers", 1}, {"scored", 1}, {"max_score", 0}, {"red", 0}, {"yellow", 0}}));

  const json by_mmsi = Transit("2024-08-19");
  EXPECT_EQ(by_mmsi["vessel"]["linked_by"], "mmsi");
  EXPECT_EQ(by_mmsi["vessel"]["name"], "PACIFIC STAR");
  EXPECT_EQ(by_mmsi["vessel"]["behaviour"]["source_port_calls"], 0) << "Miami is no source";
  EXPECT_EQ(by_mmsi["risk"]["containers"], 0);

  EXPECT_TRUE(Transit("2024-08-21")["vessel"].is_null()) << "no registry vessel and no MMSI";
}

TEST_F(VesselsApi, UpcomingTransitsStartTodayByTheServersClock) {
  auto r = api_.Get("/api/v1/canal/transits?upcoming=true", officer_);
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_EQ(r.body_json["items"].size(), 2u);
  EXPECT_EQ(r.body_json["items"][0]["transit_date"], "2024-08-20");
  EXPECT_EQ(r.body_json["items"][1]["transit_date"], "2024-08-21");
  EXPECT_EQ(api_.Get("/api/v1/canal/transits?upcoming=false", officer_).body_json["items"].size(),
            3u);
  // A later ?from narrows further.
  EXPECT_EQ(api_.Get("/api/v1/canal/transits?upcoming=true&from=2024-08-21", officer_)
                .body_json["items"]
                .size(),
            1u);
}

TEST_F(VesselsApi, ATransitShowsItsBehaviourInFullAndItsContainers) {
  const std::string id = Transit("2024-08-20")["id"];
  auto r = api_.Get("/api/v1/canal/transits/" + id, analyst_);
  ASSERT_EQ(r.status, 200) << r.body;
  const json& b = r.body_json["behaviour"];
  EXPECT_EQ(b["days"], 30);
  EXPECT_EQ(b["to"], "2024-08-20T14:03:00.000Z") << "now, before the end of the transit's day";
  ASSERT_EQ(b["gaps"].size(), 1u);
  EXPECT_EQ(b["gaps"][0]["intentional"], true);
  EXPECT_NEAR(b["gaps"][0]["hours"].get<double>(), 13, 1e-6);
  ASSERT_EQ(b["port_calls"].size(), 1u);
  EXPECT_EQ(b["port_calls"][0]["locode"], "COBUN");
  EXPECT_EQ(b["port_calls"][0]["from"], "schedule");
  EXPECT_EQ(b["port_calls"][0]["source_country"], true);
  EXPECT_TRUE(b["port_calls"][0]["arrived"].is_null());
  ASSERT_EQ(r.body_json["containers"].size(), 1u);
  EXPECT_EQ(r.body_json["containers"][0]["container_number"], "CSQU3054383");
  EXPECT_EQ(r.body_json["containers"][0]["score"], 0);
  EXPECT_EQ(r.body_json["containers"][0]["lane"], "green");

  // Released to no one else: another organization's analyst gets 404, as for an unknown id.
  EXPECT_EQ(api_.Get("/api/v1/canal/transits/" + id, dhs_reader_).status, 404);
  EXPECT_EQ(
      api_.Get("/api/v1/canal/transits/0190a000-0000-7000-8000-000000000000", analyst_).status,
      404);
  EXPECT_EQ(api_.Get("/api/v1/canal/transits/" + id, admin_).status, 403);
}

TEST_F(VesselsApi, AVesselByImoFromTheRegistryOrTheTransits) {
  auto r = api_.Get("/api/v1/canal/vessels/IMO%209074729", officer_);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.body_json["imo"], "9074729");
  EXPECT_EQ(r.body_json["vessel"]["linked_by"], "imo");
  EXPECT_EQ(r.body_json["behaviour"]["gaps"].size(), 1u);
  EXPECT_EQ(r.body_json["transits"].size(), 1u);

  // Known to a transit only, with no MMSI: the transits, no vessel.
  auto t = api_.Get("/api/v1/canal/vessels/9311713", officer_);
  ASSERT_EQ(t.status, 200) << t.body;
  EXPECT_TRUE(t.body_json["vessel"].is_null());
  EXPECT_EQ(t.body_json["transits"].size(), 1u);
  // Another organization sees neither that transit nor a registry vessel: 404.
  EXPECT_EQ(api_.Get("/api/v1/canal/vessels/9311713", dhs_reader_).status, 404);
  // The registry's vessel is AIS, open to every reader; the transits stay the owner's.
  auto dhs = api_.Get("/api/v1/canal/vessels/9074729", dhs_reader_);
  ASSERT_EQ(dhs.status, 200) << dhs.body;
  EXPECT_TRUE(dhs.body_json["transits"].empty());
  EXPECT_EQ(dhs.body_json["behaviour"]["gaps"].size(), 1u);
}

TEST_F(VesselsApi, BadInputIsA400NamingTheParameter) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"/api/v1/canal/transits?upcoming=yes", "?upcoming"},
      {"/api/v1/canal/transits/not-an-id", "id"},
      {"/api/v1/canal/vessels/9074728", "imo"},
      {"/api/v1/canal/vessels/12345", "imo"},
  };
  for (const auto& [path, field] : cases) {
    auto r = api_.Get(path, analyst_);
    EXPECT_EQ(r.status, 400) << path << ": " << r.body;
    EXPECT_EQ(r.body_json["error"].value("field", ""), field) << path;
  }
}

}  // namespace
}  // namespace istmo::canal

// The vessel watchlist routes over real HTTP: create, read, change and delete by the owner's
// officers, releasability (another organization's watchlist ids look absent), 400s that name
// the field, the audit trail, and the alert a listed vessel raises when it enters a zone.
#include <gtest/gtest.h>

#include "api/api_harness.h"
#include "maritime/ingest.h"
#include "maritime/nmea_builder.h"

namespace istmo::maritime {
namespace {

using api::testing::ApiHarness;
using nlohmann::json;

class WatchlistsApi : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(api_.ready());
    senan_ = api_.AddOrg("SENAN", "PAN").id;
    uscg_ = api_.AddOrg("USCG", "USA").id;
    api_.AddUser(senan_, "senan.officer", store::Role::kOfficer);
    api_.AddUser(senan_, "senan.analyst", store::Role::kAnalyst);
    api_.AddUser(uscg_, "uscg.officer", store::Role::kOfficer);
    officer_ = api_.Login("senan.officer");
    analyst_ = api_.Login("senan.analyst");
    uscg_officer_ = api_.Login("uscg.officer");
  }
  std::string Create(const json& body) {
    auto r = api_.PostJson("/api/v1/maritime/watchlists", body, officer_);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.body_json.value("id", "");
  }

  ApiHarness api_;
  std::string senan_, uscg_;
  std::string officer_, analyst_, uscg_officer_;
};

TEST_F(WatchlistsApi, TheOwnersOfficerKeepsAWatchlistAndOthersSeeItOnlyWhenReleased) {
  const std::string id = Create({{"name", "Go-fasts"}, {"description", "Pacific"}});
  auto added = api_.PostJson("/api/v1/maritime/watchlists/" + id + "/entries",
                             {{"match", "call_sign"}, {"value", "ho-1234"}, {"reason", "tip"}},
                             officer_);
  ASSERT_EQ(added.status, 201) << added.body;
  EXPECT_EQ(added.body_json["added_by"], "senan.officer");
  auto got = api_.Get("/api/v1/maritime/watchlists/" + id, analyst_);
  ASSERT_EQ(got.status, 200) << got.body;
  EXPECT_EQ(got.body_json["entry_count"], 1);
  EXPECT_EQ(got.body_json["entries"][0]["match"], "call_sign");
  // Not released: the other organization's officer gets 404, as for an id that never existed.
  EXPECT_EQ(api_.Get("/api/v1/maritime/watchlists/" + id, uscg_officer_).status, 404);
  EXPECT_EQ(api_.Get("/api/v1/maritime/watchlists", uscg_officer_).body_json["count"], 0);
  auto released = api_.PatchJson("/api/v1/maritime/watchlists/" + id,
                                 {{"releasability", {"USA"}}}, officer_);
  ASSERT_EQ(released.status, 200) << released.body;
  EXPECT_EQ(api_.Get("/api/v1/maritime/watchlists", uscg_officer_).body_json["count"], 1);
  // Seen, but another organization's: changing it is refused.
  EXPECT_EQ(api_.PatchJson("/api/v1/maritime/watchlists/" + id, {{"name", "x"}}, uscg_officer_).status,
            403);
  // Analysts read; they do not write.
  EXPECT_EQ(api_.PostJson("/api/v1/maritime/watchlists", {{"name", "x"}}, analyst_).status, 403);
  const std::string entry = added.body_json["id"];
  EXPECT_EQ(api_.Send({.method = "DELETE",
                       .path = "/api/v1/maritime/watchlists/" + id + "/entries/" + entry,
                       .token = officer_})
                .status,
            204);
  EXPECT_EQ(api_.Send({.method = "DELETE", .path = "/api/v1/maritime/watchlists/" + id,
                       .token = officer_})
                .status,
            204);
  EXPECT_EQ(api_.Get("/api/v1/maritime/watchlists/" + id, officer_).status, 404);
}

TEST_F(WatchlistsApi, BadInputGetsA400NamingTheField) {
  const std::string id = Create({{"name", "Go-fasts"}});
  auto field_of = [](const api::testing::Reply& r) {
    EXPECT_EQ(r.status, 400) << r.body;
    return r.body_json["error"].value("field", "");
  };
  EXPECT_EQ(field_of(api_.PostJson("/api/v1/maritime/watchlists", json::object(), officer_)),
            "/name");
  EXPECT_EQ(field_of(api_.PostJson("/api/v1/maritime/watchlists",
                                   {{"name", "x"}, {"releasability", "USA"}}, officer_)),
            "/releasability");
  EXPECT_EQ(field_of(api_.PostJson("/api/v1/maritime/watchlists", {{"name", "x"}, {"colour", 1}},
                                   officer_)),
            "/colour");
  EXPECT_EQ(field_of(api_.PatchJson("/api/v1/maritime/watchlists/" + id, {{"name", ""}}, officer_)),
            "/name");
  const std::string entries = "/api/v1/maritime/watchlists/" + id + "/entries";
  EXPECT_EQ(field_of(api_.PostJson(entries, {{"match", "hull"}, {"value", "1"}, {"reason", "r"}},
                                   officer_)),
            "/match");
  EXPECT_EQ(field_of(api_.PostJson(entries, {{"match", "mmsi"}, {"value", "12"}, {"reason", "r"}},
                                   officer_)),
            "/value");
  EXPECT_EQ(field_of(api_.PostJson(entries, {{"match", "imo"}, {"value", "9074728"},
                                             {"reason", "r"}},
                                   officer_)),
            "/value");
  EXPECT_EQ(field_of(api_.PostJson(entries, {{"match", "mmsi"}, {"value", "352001234"}}, officer_)),
            "/reason");
}

TEST_F(WatchlistsApi, AListedVesselEnteringAZoneRaisesAnAlertTheOwnerSees) {
  const std::string id = Create({{"name", "Go-fasts"}});
  ASSERT_EQ(api_.PostJson("/api/v1/maritime/watchlists/" + id + "/entries",
                          {{"match", "mmsi"}, {"value", "352001234"}, {"reason", "tip"}}, officer_)
                .status,
            201);
  const std::int64_t t0 = core::ToUnixSeconds(api_.clock().Now()) - 24 * 3600;
  {
    // From the high seas into Panama's EEZ (built-in), through the process's own watchlists.
    Ingestor in(api_.store(), *api_.services().maritime,
                {.clock = &api_.clock(),
                 .zones = api_.services().zones.get(),
                 .watch = api_.services().vessel_watch.get()});
    for (int s = 0; s <= 45; ++s) {  // north at 12 kn, 3° N to 7.5° N
      ASSERT_TRUE(in.AddLine(testing::Sentence(
          testing::PositionBits({.mmsi = 352001234, .lat = 3.0 + s * 0.1, .lon = -82.0}),
          t0 + s * 1800)));
    }
    ASSERT_TRUE(in.Finish());
  }
  auto alerts = api_.Get("/api/v1/alerts?module=maritime", officer_);
  ASSERT_EQ(alerts.status, 200) << alerts.body;
  ASSERT_GE(alerts.body_json["items"].size(), 1u) << alerts.body;
  const json& a = alerts.body_json["items"][0];
  EXPECT_EQ(a["kind"], "watchlist_entry");
  EXPECT_EQ(a["severity"], "critical");
  EXPECT_EQ(a["detail"]["watchlist_id"], id);
  EXPECT_EQ(a["detail"]["matched_by"], "mmsi");
  // Not released: the other organization is not told.
  auto theirs = api_.Get("/api/v1/alerts?module=maritime", uscg_officer_);
  EXPECT_EQ(theirs.body_json["items"].size(), 0u) << theirs.body;
}

}  // namespace
}  // namespace istmo::maritime

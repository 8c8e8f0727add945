// GET /api/v1/canal/rules/suggestions over real HTTP: it is not taken for /rules/{id}, answers the
// caller's organization's active rules with the default threshold, refuses officers, and names
// ?min_inspected when it is bad. The arithmetic is tests/canal/weights_test.cc's.
#include <gtest/gtest.h>

#include "api/api_harness.h"
#include "canal/canal_test_util.h"

namespace istmo::canal {
namespace {

using api::testing::ApiHarness;
using nlohmann::json;

TEST(WeightsApi, SuggestionsAreTheOrganizationsRulesForAnalystsAndSupervisors) {
  ApiHarness api;
  ASSERT_TRUE(api.ready());
  const std::string acp = api.AddOrg("ACP", "PAN", "canal").id;
  const std::string dhs = api.AddOrg("DHS", "USA", "homeland_security").id;
  api.AddUser(acp, "acp.analyst", store::Role::kAnalyst);
  api.AddUser(acp, "acp.supervisor", store::Role::kSupervisor);
  api.AddUser(acp, "acp.officer", store::Role::kOfficer);
  api.AddUser(dhs, "dhs.analyst", store::Role::kAnalyst);
  const std::string analyst = api.Login("acp.analyst");
  const std::string dhs_analyst = api.Login("dhs.analyst");
  const auto rule = [&](const std::string& token, const std::string& name) {
    auto r = api.Send({.method = "POST",
                       .path = "/api/v1/canal/rules",
                       .token = token,
                       .body = json{{"name", name},
                                    {"expression", "weight_kg > 100"},
                                    {"weight", 20},
                                    {"explanation", {{"es", "es"}, {"en", "en"}}},
                                    {"releasability", {"ALL"}}}
                                   .dump()});
    EXPECT_EQ(r.status, 201) << r.body;
  };
  rule(analyst, "heavy");
  rule(dhs_analyst, "theirs");  // released to ACP, but not ACP's to weigh

  auto r = api.Get("/api/v1/canal/rules/suggestions", analyst);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.body_json["min_inspected"], 30);
  EXPECT_EQ(r.body_json["baseline"]["inspected"], 0);
  EXPECT_TRUE(r.body_json["baseline"]["rate_used"].is_null());
  ASSERT_EQ(r.body_json["rules"].size(), 1u);
  const json& s = r.body_json["rules"][0];
  EXPECT_EQ(s["name"], "heavy");
  EXPECT_EQ(s["weight"], 20);
  EXPECT_EQ(s["action"], "insufficient");
  EXPECT_TRUE(s["suggested_weight"].is_null());
  EXPECT_EQ(s["inspected"], 0);
  EXPECT_EQ(s["versions"], json({1}));

  EXPECT_EQ(api.Get("/api/v1/canal/rules/suggestions?min_inspected=5", api.Login("acp.supervisor"))
                .status,
            200);
  EXPECT_EQ(api.Get("/api/v1/canal/rules/suggestions", api.Login("acp.officer")).status, 403);
  for (const char* bad : {"0", "100001", "ten", "-3"}) {
    auto b = api.Get(std::string("/api/v1/canal/rules/suggestions?min_inspected=") + bad, analyst);
    EXPECT_EQ(b.status, 400) << bad;
    EXPECT_EQ(b.body_json["error"]["field"], "?min_inspected") << b.body;
  }
}

}  // namespace
}  // namespace istmo::canal

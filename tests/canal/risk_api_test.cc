// The risk routes over real HTTP: lists and rules with their versions and roles, the editor's
// check, a bad expression as 400 rule_syntax with its position, lanes, an import scored at once,
// the ranked scores with reasons, a container's risk, another organization's ids as 404, and bad
// bodies as 400 naming the field.
#include <gtest/gtest.h>

#include "api/api_harness.h"
#include "canal/canal_test_util.h"

namespace istmo::canal {
namespace {

using api::testing::ApiHarness;
using api::testing::Reply;
using nlohmann::json;

class RiskApi : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(api_.ready());
    acp_ = api_.AddOrg("ACP", "PAN", "canal").id;
    dhs_ = api_.AddOrg("DHS", "USA", "homeland_security").id;
    api_.AddUser(acp_, "acp.analyst", store::Role::kAnalyst);
    api_.AddUser(acp_, "acp.officer", store::Role::kOfficer);
    api_.AddUser(acp_, "acp.supervisor", store::Role::kSupervisor);
    api_.AddUser(acp_, "acp.admin", store::Role::kAdmin);
    api_.AddUser(dhs_, "dhs.analyst", store::Role::kAnalyst);
    analyst_ = api_.Login("acp.analyst");
    officer_ = api_.Login("acp.officer");
    supervisor_ = api_.Login("acp.supervisor");
    admin_ = api_.Login("acp.admin");
    dhs_analyst_ = api_.Login("dhs.analyst");
  }
  Reply Send(const std::string& method, const std::string& path, const json& body,
             const std::string& token) {
    return api_.Send({.method = method, .path = path, .token = token, .body = body.dump()});
  }
  json Rule(const std::string& name, const std::string& expression, double weight) {
    return {{"name", name},
            {"expression", expression},
            {"weight", weight},
            {"explanation", {{"es", "es " + name}, {"en", "en " + name}}}};
  }
  std::string MakeRule(const json& body, const std::string& token) {
    auto r = Send("POST", "/api/v1/canal/rules", body, token);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.body_json.value("id", "");
  }

  const std::string base_ = "/api/v1/canal";
  ApiHarness api_;
  std::string acp_, dhs_, analyst_, officer_, supervisor_, admin_, dhs_analyst_;
};

TEST_F(RiskApi, ListsAndRulesAreVersionedAndReadByEveryCanalRole) {
  auto list =
      Send("POST", base_ + "/lists",
           {{"name", "source_ports"}, {"kind", "ports"}, {"items", {"cobun", "ECGYE"}}}, analyst_);
  ASSERT_EQ(list.status, 201) << list.body;
  EXPECT_EQ(list.body_json["items"], json({"COBUN", "ECGYE"}));
  const std::string list_id = list.body_json["id"];
  auto put =
      Send("PUT", base_ + "/lists/" + list_id, {{"items", {"COBUN"}}, {"note", "n"}}, analyst_);
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(put.body_json["version"], 2);
  auto got = api_.Get(base_ + "/lists/" + list_id, officer_);
  ASSERT_EQ(got.status, 200) << got.body;
  ASSERT_EQ(got.body_json["versions"].size(), 2u);
  EXPECT_EQ(got.body_json["versions"][1]["note"], "n");

  const std::string id =
      MakeRule(Rule("from source", "port_of_loading in @source_ports", 30), analyst_);
  auto edit = Send("PUT", base_ + "/rules/" + id,
                   {{"weight", 40}, {"explanation", {{"en", "from a source port"}}}}, analyst_);
  ASSERT_EQ(edit.status, 200) << edit.body;
  EXPECT_EQ(edit.body_json["version"], 2);
  EXPECT_EQ(edit.body_json["explanation"]["es"], "es from source");
  EXPECT_EQ(edit.body_json["explanation"]["en"], "from a source port");
  auto rule = api_.Get(base_ + "/rules/" + id, supervisor_);
  ASSERT_EQ(rule.status, 200) << rule.body;
  ASSERT_EQ(rule.body_json["versions"].size(), 2u);
  EXPECT_EQ(rule.body_json["versions"][0]["weight"], 30);

  auto retired =
      Send("POST", base_ + "/rules/" + id + "/retire", {{"reason", "no lift"}}, analyst_);
  ASSERT_EQ(retired.status, 200) << retired.body;
  EXPECT_EQ(retired.body_json["status"], "retired");
  EXPECT_EQ(retired.body_json["status_reason"], "no lift");
  EXPECT_EQ(api_.Get(base_ + "/rules?status=active", officer_).body_json["rules"].size(), 0u);
  EXPECT_EQ(api_.Get(base_ + "/rules?status=retired", officer_).body_json["rules"].size(), 1u);
  auto back = api_.Send(
      {.method = "POST", .path = base_ + "/rules/" + id + "/reactivate", .token = analyst_});
  ASSERT_EQ(back.status, 200) << back.body;
  EXPECT_EQ(back.body_json["status"], "active");

  auto fields = api_.Get(base_ + "/fields", officer_);
  ASSERT_EQ(fields.status, 200);
  EXPECT_FALSE(fields.body_json["fields"].empty());
  EXPECT_TRUE(fields.body_json["fields"][0]["description"].contains("es"));
}

TEST_F(RiskApi, TheEditorCheckAndABadRuleNameThePosition) {
  auto ok = Send("POST", base_ + "/rules/check", {{"expression", "weight_kg > 100"}}, analyst_);
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(ok.body_json["ok"], true);
  auto bad = Send("POST", base_ + "/rules/check",
                  {{"expression", "weight_kg > 1 and\n  weigth > 2"}}, analyst_);
  ASSERT_EQ(bad.status, 200) << bad.body;
  EXPECT_EQ(bad.body_json["ok"], false);
  EXPECT_EQ(bad.body_json["error"]["line"], 2);
  EXPECT_EQ(bad.body_json["error"]["column"], 3);

  auto made = Send("POST", base_ + "/rules", Rule("typo", "weigth > 2", 10), analyst_);
  ASSERT_EQ(made.status, 400) << made.body;
  EXPECT_EQ(made.body_json["error"]["field"], "/expression");
  EXPECT_EQ(made.body_json["error"]["reason"], "rule_syntax");
  EXPECT_EQ(made.body_json["error"]["params"]["line"], "1");
  EXPECT_EQ(made.body_json["error"]["params"]["column"], "1");

  MakeRule(Rule("dup", "weight_kg > 1", 10), analyst_);
  auto dup = Send("POST", base_ + "/rules", Rule("dup", "weight_kg > 1", 10), analyst_);
  EXPECT_EQ(dup.status, 409) << dup.body;
  EXPECT_EQ(dup.body_json["error"]["field"], "/name");
}

TEST_F(RiskApi, RolesDecideWhoWritesRulesListsLanesAndScores) {
  for (const std::string* token : {&officer_, &supervisor_, &admin_}) {
    EXPECT_EQ(Send("POST", base_ + "/rules", Rule("r", "weight_kg > 1", 1), *token).status, 403);
    EXPECT_EQ(Send("POST", base_ + "/lists",
                   {{"name", "l"}, {"kind", "text"}, {"items", json::array()}}, *token)
                  .status,
              403);
  }
  const json rates = {{"red_rate", 0.02}, {"yellow_rate", 0.05}, {"random_rate", 0.01}};
  EXPECT_EQ(Send("PUT", base_ + "/lanes", rates, analyst_).status, 403);
  EXPECT_EQ(Send("PUT", base_ + "/lanes", rates, officer_).status, 403);
  auto set = Send("PUT", base_ + "/lanes", rates, supervisor_);
  ASSERT_EQ(set.status, 200) << set.body;
  EXPECT_EQ(set.body_json["red_rate"], 0.02);
  EXPECT_EQ(set.body_json["version"], 1);
  auto lanes = api_.Get(base_ + "/lanes", officer_);
  ASSERT_EQ(lanes.status, 200);
  EXPECT_EQ(lanes.body_json["yellow_rate"], 0.05);
  EXPECT_EQ(lanes.body_json["actual"]["days"], 30);
  EXPECT_EQ(api_.Get(base_ + "/lanes", admin_).status, 403);
  EXPECT_EQ(Send("POST", base_ + "/score", json::object(), officer_).status, 403);
  EXPECT_EQ(Send("POST", base_ + "/score", json::object(), supervisor_).status, 200);
  EXPECT_EQ(api_.Get(base_ + "/rules").status, 401);
}

TEST_F(RiskApi, AnotherOrganizationsIdsAreNotFoundUnlessReleased) {
  const std::string hidden = MakeRule(Rule("hidden", "weight_kg > 1", 10), analyst_);
  json shared_body = Rule("shared", "weight_kg > 1", 10);
  shared_body["releasability"] = {"USA"};
  const std::string shared = MakeRule(shared_body, analyst_);
  auto list =
      Send("POST", base_ + "/lists", {{"name", "l"}, {"kind", "text"}, {"items", {"a"}}}, analyst_);
  ASSERT_EQ(list.status, 201);
  const std::string list_id = list.body_json["id"];

  EXPECT_EQ(api_.Get(base_ + "/rules/" + hidden, dhs_analyst_).status, 404);
  EXPECT_EQ(api_.Get(base_ + "/lists/" + list_id, dhs_analyst_).status, 404);
  EXPECT_EQ(Send("PUT", base_ + "/rules/" + hidden, {{"weight", 2}}, dhs_analyst_).status, 404);
  EXPECT_EQ(Send("PUT", base_ + "/lists/" + list_id, {{"items", {"b"}}}, dhs_analyst_).status, 404);
  EXPECT_EQ(
      Send("POST", base_ + "/rules/" + hidden + "/retire", {{"reason", "x"}}, dhs_analyst_).status,
      404);
  EXPECT_EQ(api_.Get(base_ + "/rules/" + shared, dhs_analyst_).status, 200);
  EXPECT_EQ(Send("PUT", base_ + "/rules/" + shared, {{"weight", 2}}, dhs_analyst_).status, 403);
  const auto listed = api_.Get(base_ + "/rules", dhs_analyst_).body_json["rules"];
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0]["id"], shared);
  EXPECT_TRUE(api_.Get(base_ + "/lists", dhs_analyst_).body_json["lists"].empty());
}

TEST_F(RiskApi, AnImportIsScoredAtOnceAndItsContainersCarryTheirRisk) {
  MakeRule(Rule("coffee", "hs_code in [\"0901\"]", 30), analyst_);
  auto imported = api_.Send({.method = "POST",
                             .path = base_ + "/manifests?releasability=USA",
                             .token = officer_,
                             .body = testing::kManifestCsv,
                             .content_type = "text/csv"});
  ASSERT_EQ(imported.status, 201) << imported.body;
  const json score = imported.body_json["score"];
  ASSERT_TRUE(score.is_object()) << imported.body;
  EXPECT_EQ(score["scored"], 3);
  EXPECT_EQ(score["red"].get<int>() + score["yellow"].get<int>() + score["green"].get<int>(), 3);

  auto ranked = api_.Get(base_ + "/scores", analyst_);
  ASSERT_EQ(ranked.status, 200) << ranked.body;
  const json containers = ranked.body_json["containers"];
  ASSERT_EQ(containers.size(), 3u);
  EXPECT_EQ(containers[0]["score"], 30);
  EXPECT_EQ(containers[0]["reasons"][0]["name"], "coffee");
  EXPECT_EQ(containers[0]["reasons"][0]["explanation"]["es"], "es coffee");
  EXPECT_EQ(containers[1]["score"], 30);  // 0901 and 090111 both start with 0901
  EXPECT_EQ(containers[2]["score"], 0);
  EXPECT_EQ(containers[0]["shipper"]["name"], "Café Exportadora, S.A.");

  auto page = api_.Get(base_ + "/scores?limit=1", analyst_);
  ASSERT_EQ(page.status, 200);
  const std::string after = page.body_json["next_after"];
  auto next = api_.Get(base_ + "/scores?limit=2&after=" + after, analyst_);
  ASSERT_EQ(next.status, 200) << next.body;
  EXPECT_EQ(next.body_json["containers"][0]["line_id"], containers[1]["line_id"]);
  EXPECT_EQ(api_.Get(base_ + "/scores?min_score=1", analyst_).body_json["containers"].size(), 2u);

  // DHS sees the released lines' scores, but not the unreleased rule's text.
  auto dhs = api_.Get(base_ + "/scores", dhs_analyst_);
  ASSERT_EQ(dhs.status, 200);
  ASSERT_EQ(dhs.body_json["containers"].size(), 3u);
  EXPECT_EQ(dhs.body_json["containers"][0]["score"], 30);
  EXPECT_TRUE(dhs.body_json["containers"][0]["reasons"][0]["name"].is_null());

  auto container = api_.Get(base_ + "/containers/CSQU3054383", analyst_);
  ASSERT_EQ(container.status, 200) << container.body;
  const json risk = container.body_json["lines"][0]["risk"];
  ASSERT_TRUE(risk.is_object()) << container.body;
  EXPECT_EQ(risk["score"], 30);
  EXPECT_TRUE(risk["facts"].contains("shipper_lines"));

  // A rescore by an analyst replaces the scores.
  auto rescore = Send("POST", base_ + "/score", json::object(), analyst_);
  ASSERT_EQ(rescore.status, 200) << rescore.body;
  EXPECT_EQ(rescore.body_json["scored"], 3);
  EXPECT_EQ(rescore.body_json["queued"], 0);
}

TEST_F(RiskApi, BadInputOnEveryRouteIsA400NamingTheField) {
  const std::string rule = MakeRule(Rule("r", "weight_kg > 1", 10), analyst_);
  auto list = Send("POST", base_ + "/lists",
                   {{"name", "l"}, {"kind", "ports"}, {"items", {"COBUN"}}}, analyst_);
  const std::string list_id = list.body_json.value("id", "");
  struct Case {
    std::string method, path;
    json body;
    std::string token, field;
  };
  const std::vector<Case> cases = {
      {"POST",
       "/lists",
       {{"name", "x"}, {"kind", "ports"}, {"items", {"COBUN", "nope"}}},
       analyst_,
       "/items/1"},
      {"POST",
       "/lists",
       {{"name", "x y"}, {"kind", "ports"}, {"items", json::array()}},
       analyst_,
       "/name"},
      {"POST",
       "/lists",
       {{"name", "x"}, {"kind", "stars"}, {"items", json::array()}},
       analyst_,
       "/kind"},
      {"POST", "/lists", {{"name", "x"}, {"kind", "ports"}}, analyst_, "/items"},
      {"POST",
       "/lists",
       {{"name", "x"}, {"kind", "ports"}, {"items", json::array()}, {"colour", 1}},
       analyst_,
       "/colour"},
      {"PUT", "/lists/" + list_id, {{"items", {"??"}}}, analyst_, "/items/0"},
      {"PUT", "/lists/nope", {{"items", json::array()}}, analyst_, "id"},
      {"POST", "/rules/check", json::object(), analyst_, "/expression"},
      {"POST",
       "/rules",
       {{"name", "n"},
        {"expression", "weight_kg > 1"},
        {"weight", 0},
        {"explanation", {{"es", "a"}, {"en", "b"}}}},
       analyst_,
       "/weight"},
      {"POST",
       "/rules",
       {{"name", "n"}, {"expression", "weight_kg > 1"}, {"weight", 5}},
       analyst_,
       "/explanation"},
      {"POST",
       "/rules",
       {{"name", "n"},
        {"expression", "weight_kg > 1"},
        {"weight", 5},
        {"explanation", {{"es", "a"}}}},
       analyst_,
       "/explanation/en"},
      {"POST",
       "/rules",
       {{"expression", "weight_kg > 1"},
        {"weight", 5},
        {"explanation", {{"es", "a"}, {"en", "b"}}}},
       analyst_,
       "/name"},
      {"PUT", "/rules/" + rule, {{"weight", 500}}, analyst_, "/weight"},
      {"PUT", "/rules/" + rule, {{"expression", "nope"}}, analyst_, "/expression"},
      {"POST", "/rules/" + rule + "/retire", json::object(), analyst_, "/reason"},
      {"PUT",
       "/lanes",
       {{"red_rate", 0.5}, {"yellow_rate", 0.5}, {"random_rate", 0.5}},
       supervisor_,
       "/random_rate"},
      {"PUT",
       "/lanes",
       {{"red_rate", 2}, {"yellow_rate", 0}, {"random_rate", 0}},
       supervisor_,
       "/red_rate"},
      {"PUT", "/lanes", {{"red_rate", 0.1}, {"random_rate", 0}}, supervisor_, "/yellow_rate"},
      {"POST", "/score", {{"import_id", "nope"}}, analyst_, "/import_id"},
      {"GET", "/rules?status=sleeping", nullptr, analyst_, "?status"},
      {"GET", "/rules/nope", nullptr, analyst_, "id"},
      {"GET", "/scores?lane=blue", nullptr, analyst_, "?lane"},
      {"GET", "/scores?selection=luck", nullptr, analyst_, "?selection"},
      {"GET", "/scores?min_score=high", nullptr, analyst_, "?min_score"},
      {"GET", "/scores?import_id=1", nullptr, analyst_, "?import_id"},
      {"GET", "/scores?after=01900000-0000-7000-8000-000000000000", nullptr, analyst_, "?after"},
      {"GET", "/scores?limit=0", nullptr, analyst_, "?limit"},
  };
  for (const Case& c : cases) {
    api::testing::Call call{.method = c.method, .path = base_ + c.path, .token = c.token};
    if (!c.body.is_null()) call.body = c.body.dump();
    auto r = api_.Send(call);
    EXPECT_EQ(r.status, 400) << c.method << " " << c.path << ": " << r.body;
    EXPECT_EQ(r.body_json["error"].value("field", ""), c.field) << c.method << " " << c.path;
  }
  // Scoring another organization's import: it does not exist for the caller.
  auto theirs = api_.Send({.method = "POST",
                           .path = base_ + "/manifests",
                           .token = dhs_analyst_,
                           .body = testing::kManifestCsv,
                           .content_type = "text/csv"});
  ASSERT_EQ(theirs.status, 201);
  EXPECT_EQ(Send("POST", base_ + "/score", {{"import_id", theirs.body_json["import_id"]}}, analyst_)
                .status,
            404);
}

}  // namespace
}  // namespace istmo::canal

// The inspection routes over real HTTP: a line queued by hand, assigned, inspected and corrected;
// who may do each step; another organization's inspection; and a 400 naming the field for bad
// input on every route.
#include <gtest/gtest.h>

#include "api/api_harness.h"

namespace istmo::canal {
namespace {

using api::testing::ApiHarness;
using api::testing::Reply;
using nlohmann::json;

constexpr const char* kManifest =
    "bill_of_lading,container_number,shipper_name,consignee_name,hs_code,port_of_loading,"
    "port_of_discharge,weight_kg\n"
    "MEDU1,CSQU3054383,Shady Exports,Global Imports,0803,ECGYE,NLRTM,18000\n"
    "MEDU2,CSQU3054383,Shady Exports,Global Imports,0803,ECGYE,NLRTM,18000\n";

class InspectionApi : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(api_.ready());
    const std::string acp = api_.AddOrg("ACP", "PAN", "canal").id;
    const std::string dhs = api_.AddOrg("DHS", "USA", "homeland_security").id;
    api_.AddUser(acp, "acp.analyst", store::Role::kAnalyst);
    api_.AddUser(acp, "acp.officer", store::Role::kOfficer);
    api_.AddUser(acp, "acp.supervisor", store::Role::kSupervisor);
    api_.AddUser(acp, "acp.admin", store::Role::kAdmin);
    api_.AddUser(dhs, "dhs.supervisor", store::Role::kSupervisor);
    analyst_ = api_.Login("acp.analyst");
    officer_ = api_.Login("acp.officer");
    supervisor_ = api_.Login("acp.supervisor");
    admin_ = api_.Login("acp.admin");
    dhs_ = api_.Login("dhs.supervisor");
    auto imported = api_.Send({.method = "POST",
                               .path = "/api/v1/canal/manifests?releasability=USA",
                               .token = analyst_,
                               .body = std::string(kManifest),
                               .content_type = "text/csv"});
    ASSERT_EQ(imported.status, 201) << imported.body;
    auto lines = api_.Get("/api/v1/canal/containers", analyst_);
    ASSERT_EQ(lines.body_json["items"].size(), 2u);
    line_ = lines.body_json["items"][0]["id"];
    other_line_ = lines.body_json["items"][1]["id"];
    party_ = lines.body_json["items"][0]["shipper"]["party_id"];
  }
  Reply Post(const std::string& path, const json& body, const std::string& token) {
    return api_.PostJson(path, body, token);
  }
  Reply Put(const std::string& path, const json& body, const std::string& token) {
    return api_.Send({.method = "PUT", .path = path, .token = token, .body = body.dump()});
  }

  ApiHarness api_;
  std::string analyst_, officer_, supervisor_, admin_, dhs_;
  std::string line_, other_line_, party_;
};

TEST_F(InspectionApi, AQueuedLineIsAssignedInspectedAndCorrected) {
  auto unit = Post("/api/v1/canal/units", {{"name", "Balboa exam team"}, {"terminal", "PABLB"}},
                   supervisor_);
  ASSERT_EQ(unit.status, 201) << unit.body;
  const std::string unit_id = unit.body_json["id"];
  auto units = api_.Get("/api/v1/canal/units", officer_);
  ASSERT_EQ(units.status, 200);
  ASSERT_EQ(units.body_json["units"].size(), 1u);
  EXPECT_EQ(units.body_json["units"][0]["terminal"], "PABLB");
  EXPECT_TRUE(api_.Get("/api/v1/canal/units", dhs_).body_json["units"].empty());

  auto queued =
      Post("/api/v1/canal/inspections", {{"line_id", line_}, {"note", "tip"}}, supervisor_);
  ASSERT_EQ(queued.status, 201) << queued.body;
  const std::string id = queued.body_json["id"];
  EXPECT_EQ(queued.body_json["selection"], "manual");
  EXPECT_EQ(queued.body_json["status"], "queued");
  EXPECT_EQ(queued.body_json["container_number"], "CSQU3054383");
  EXPECT_EQ(queued.body_json["unit"], nullptr);

  auto queue = api_.Get("/api/v1/canal/inspections", officer_);
  ASSERT_EQ(queue.status, 200) << queue.body;
  ASSERT_EQ(queue.body_json["inspections"].size(), 1u);
  EXPECT_EQ(queue.body_json["next_after"], nullptr);

  auto assigned =
      Post("/api/v1/canal/inspections/" + id + "/assign", {{"unit_id", unit_id}}, supervisor_);
  ASSERT_EQ(assigned.status, 200) << assigned.body;
  EXPECT_EQ(assigned.body_json["unit"]["name"], "Balboa exam team");
  // DHS sees it (released to the USA) but it is not DHS's to assign.
  EXPECT_EQ(api_.Get("/api/v1/canal/inspections/" + id, dhs_).status, 200);
  EXPECT_EQ(
      Post("/api/v1/canal/inspections/" + id + "/assign", {{"unit_id", unit_id}}, dhs_).status,
      404);

  const json result = {{"scan_result", "anomaly"},
                       {"physical_exam", "done"},
                       {"seal_check", "broken"},
                       {"result", "positive"},
                       {"drugs", {{{"type", "cocaine"}, {"kg", 240}}}},
                       {"notes", "false floor"}};
  EXPECT_EQ(Post("/api/v1/canal/inspections/" + id + "/result", result, analyst_).status, 403);
  auto done = Post("/api/v1/canal/inspections/" + id + "/result", result, officer_);
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(done.body_json["status"], "done");
  EXPECT_EQ(done.body_json["result"], "positive");
  auto twice = Post("/api/v1/canal/inspections/" + id + "/result", result, officer_);
  EXPECT_EQ(twice.status, 409);
  EXPECT_EQ(twice.body_json["error"]["reason"], "not_open");
  json corrected = result;
  corrected["drugs"][0]["kg"] = 238.5;
  auto no_reason = Post("/api/v1/canal/inspections/" + id + "/result", corrected, supervisor_);
  EXPECT_EQ(no_reason.status, 400);
  EXPECT_EQ(no_reason.body_json["error"]["field"], "/correction_reason");
  corrected["correction_reason"] = "lab weight";
  auto fixed = Post("/api/v1/canal/inspections/" + id + "/result", corrected, supervisor_);
  ASSERT_EQ(fixed.status, 200) << fixed.body;
  EXPECT_EQ(fixed.body_json["drugs"][0]["kg"], 238.5);

  auto one = api_.Get("/api/v1/canal/inspections/" + id, analyst_);
  ASSERT_EQ(one.status, 200) << one.body;
  EXPECT_EQ(one.body_json["line"]["id"], line_);
  // The import scored the line: no active rule, so green and no reasons.
  EXPECT_EQ(one.body_json["risk"]["lane"], "green");
  EXPECT_EQ(one.body_json["risk"]["reasons"], nlohmann::json::array());
  EXPECT_EQ(one.body_json["note"], "tip");

  auto history = api_.Get("/api/v1/canal/history/parties/" + party_, analyst_);
  ASSERT_EQ(history.status, 200) << history.body;
  EXPECT_EQ(history.body_json["lines"], 2);
  EXPECT_EQ(history.body_json["positives"], 1);
  EXPECT_EQ(history.body_json["kg_by_drug"]["cocaine"], 238.5);
  EXPECT_EQ(history.body_json["last_positive"]["inspection_id"], id);
  auto port = api_.Get("/api/v1/canal/history/ports/ecgye", analyst_);
  ASSERT_EQ(port.status, 200) << port.body;
  EXPECT_EQ(port.body_json["locode"], "ECGYE");
  EXPECT_EQ(port.body_json["inspections"], 1);
  auto party = api_.Get("/api/v1/canal/parties/" + party_, analyst_);
  ASSERT_EQ(party.status, 200);
  EXPECT_EQ(party.body_json["inspections"], json({{"done", 1}, {"positives", 1}}));

  auto yield = api_.Get("/api/v1/canal/yield", analyst_);
  ASSERT_EQ(yield.status, 200) << yield.body;
  EXPECT_EQ(yield.body_json["by"], "version");
  EXPECT_EQ(yield.body_json["baseline"]["inspected"], 0);
  EXPECT_EQ(yield.body_json["baseline"]["hit_rate"], nullptr);
  auto dashboard = api_.Get("/api/v1/canal/dashboard", analyst_);
  ASSERT_EQ(dashboard.status, 200) << dashboard.body;
  EXPECT_EQ(dashboard.body_json["inspections_30d"]["done"], 1);
  EXPECT_EQ(dashboard.body_json["seizures_30d"][0]["kg"], 238.5);
  EXPECT_EQ(api_.Get("/api/v1/canal/dashboard", dhs_).body_json["inspections_30d"]["done"], 1);

  auto cancel = Post("/api/v1/canal/inspections", {{"line_id", other_line_}, {"lane", "yellow"}},
                     supervisor_);
  ASSERT_EQ(cancel.status, 201) << cancel.body;
  auto cancelled =
      Post("/api/v1/canal/inspections/" + cancel.body_json["id"].get<std::string>() + "/cancel",
           {{"reason", "sailed"}}, supervisor_);
  ASSERT_EQ(cancelled.status, 200) << cancelled.body;
  EXPECT_EQ(cancelled.body_json["cancel_reason"], "sailed");
}

TEST_F(InspectionApi, EachRouteRefusesTheRolesItIsNotFor) {
  EXPECT_EQ(Post("/api/v1/canal/units", {{"name", "x"}}, analyst_).status, 403);
  EXPECT_EQ(Post("/api/v1/canal/units", {{"name", "x"}}, officer_).status, 403);
  EXPECT_EQ(Post("/api/v1/canal/inspections", {{"line_id", line_}}, officer_).status, 403);
  EXPECT_EQ(Post("/api/v1/canal/inspections", {{"line_id", line_}}, analyst_).status, 403);
  for (const char* path : {"/api/v1/canal/units", "/api/v1/canal/inspections",
                           "/api/v1/canal/yield", "/api/v1/canal/dashboard"}) {
    EXPECT_EQ(api_.Get(path, admin_).status, 403) << path;
    EXPECT_EQ(api_.Get(path).status, 401) << path;
  }
}

// Every route answers bad input with 400 and the field it was about.
TEST_F(InspectionApi, BadInputOnEveryRouteIsA400NamingTheField) {
  auto unit = Post("/api/v1/canal/units", {{"name", "Scanner"}}, supervisor_);
  ASSERT_EQ(unit.status, 201);
  const std::string unit_id = unit.body_json["id"];
  auto queued = Post("/api/v1/canal/inspections", {{"line_id", line_}}, supervisor_);
  ASSERT_EQ(queued.status, 201);
  const std::string id = queued.body_json["id"];
  const std::string absent = "01900000-0000-7000-8000-000000000000";
  struct Case {
    std::string method, path;
    json body;
    std::string field;
  };
  const std::vector<Case> cases = {
      {"POST", "/api/v1/canal/units", json::object(), "/name"},
      {"POST", "/api/v1/canal/units", {{"name", "X"}, {"terminal", "XXBLB"}}, "/terminal"},
      {"POST", "/api/v1/canal/units", {{"name", "X"}, {"where", "here"}}, "/where"},
      {"PUT", "/api/v1/canal/units/nope", {{"active", false}}, "id"},
      {"PUT", "/api/v1/canal/units/" + unit_id, {{"active", "no"}}, "/active"},
      {"PUT", "/api/v1/canal/units/" + unit_id, json::object(), "/"},
      {"GET", "/api/v1/canal/inspections?status=open", nullptr, "?status"},
      {"GET", "/api/v1/canal/inspections?unit_id=x", nullptr, "?unit_id"},
      {"GET", "/api/v1/canal/inspections?lane=blue", nullptr, "?lane"},
      {"GET", "/api/v1/canal/inspections?selection=hunch", nullptr, "?selection"},
      {"GET", "/api/v1/canal/inspections?result=maybe", nullptr, "?result"},
      {"GET", "/api/v1/canal/inspections?limit=0", nullptr, "?limit"},
      {"GET", "/api/v1/canal/inspections?after=" + absent, nullptr, "?after"},
      {"POST", "/api/v1/canal/inspections", {{"line_id", "x"}}, "/line_id"},
      {"POST", "/api/v1/canal/inspections", {{"line_id", absent}}, "/line_id"},
      {"POST", "/api/v1/canal/inspections", {{"line_id", other_line_}, {"lane", "green"}}, "/lane"},
      {"GET", "/api/v1/canal/inspections/x", nullptr, "id"},
      {"POST", "/api/v1/canal/inspections/x/assign", {{"unit_id", unit_id}}, "id"},
      {"POST", "/api/v1/canal/inspections/" + id + "/assign", {{"unit_id", "x"}}, "/unit_id"},
      {"POST", "/api/v1/canal/inspections/" + id + "/assign", {{"unit_id", absent}}, "/unit_id"},
      {"POST", "/api/v1/canal/inspections/" + id + "/cancel", json::object(), "/reason"},
      {"POST",
       "/api/v1/canal/inspections/" + id + "/result",
       {{"scan_result", "clear"}},
       "/physical_exam"},
      {"GET", "/api/v1/canal/yield?from=yesterday", nullptr, "?from"},
      {"GET", "/api/v1/canal/yield?from=2024-08-02&to=2024-08-01", nullptr, "?from"},
      {"GET", "/api/v1/canal/yield?by=month", nullptr, "?by"},
      {"GET", "/api/v1/canal/history/parties/x", nullptr, "party_id"},
      {"GET", "/api/v1/canal/history/ports/XXBLB", nullptr, "locode"},
  };
  for (const Case& c : cases) {
    api::testing::Call call{.method = c.method, .path = c.path, .token = supervisor_};
    if (!c.body.is_null()) call.body = c.body.dump();
    auto r = api_.Send(call);
    EXPECT_EQ(r.status, 400) << c.method << " " << c.path << ": " << r.body;
    EXPECT_EQ(r.body_json["error"].value("field", ""), c.field) << c.method << " " << c.path;
  }
}

}  // namespace
}  // namespace istmo::canal

// The interdiction case routes over real HTTP (the API harness: the root's whole route table,
// with the composition root's crew directory on migration's encounters and auth's
// organizations): the contract of docs/api.md, releasability, and a 400 naming the field for
// bad input to every route.
#include <gtest/gtest.h>

#include "api/api_harness.h"
#include "migration/encounters.h"
#include "store/alerts.h"

namespace istmo::maritime {
namespace {

using api::testing::ApiHarness;
using api::testing::Reply;
using nlohmann::json;

class CasesApi : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(api_.ready());
    senan_ = api_.AddOrg("SENAN", "PAN", "aeronaval");
    senafront_ = api_.AddOrg("SENAFRONT", "PAN");
    dhs_ = api_.AddOrg("DHS", "USA", "homeland_security");
    snm_ = api_.AddOrg("SNM", "PAN", "migration");
    api_.AddUser(senan_.id, "senan.officer", store::Role::kOfficer);
    api_.AddUser(senan_.id, "senan.supervisor", store::Role::kSupervisor);
    api_.AddUser(senan_.id, "senan.analyst", store::Role::kAnalyst);
    api_.AddUser(senafront_.id, "senafront.officer", store::Role::kOfficer);
    api_.AddUser(dhs_.id, "dhs.analyst", store::Role::kAnalyst);
    officer_ = api_.Login("senan.officer");
    supervisor_ = api_.Login("senan.supervisor");
    analyst_ = api_.Login("senan.analyst");
    senafront_officer_ = api_.Login("senafront.officer");
    dhs_analyst_ = api_.Login("dhs.analyst");
  }

  Reply Send(const std::string& method, const std::string& path, const json& body,
             const std::string& token) {
    return api_.Send({.method = method, .path = path, .token = token, .body = body.dump()});
  }
  json OpenCase(const json& body, const std::string& token) {
    auto r = api_.PostJson("/api/v1/maritime/cases", body, token);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.body_json;
  }
  // An encounter of SNM released to `releasability`.
  std::string Encounter(const std::string& name, const std::vector<std::string>& releasability) {
    store::AccessScope snm;
    snm.org_id = snm_.id;
    snm.username = "snm.officer";
    snm.country = "PAN";
    snm.roles = static_cast<std::uint8_t>(store::Role::kOfficer);
    auto e = api_.store().Write<migration::Encounter>([&](store::Connection& tx) {
      return migration::InsertEncounter(tx, snm,
                                        {.station_id = "ERM-LAJAS-BLANCAS",
                                         .encountered_at = api_.clock().Now(),
                                         .name = name,
                                         .birth_date = "1990-04-02",
                                         .sex = "M",
                                         .nationality = "COL",
                                         .releasability = releasability},
                                        "", api_.clock().Now());
    });
    EXPECT_TRUE(e) << e.error().ToString();
    return e ? e->id : "";
  }

  ApiHarness api_;
  auth::Organization senan_, senafront_, dhs_, snm_;
  std::string officer_, supervisor_, analyst_, senafront_officer_, dhs_analyst_;
};

TEST_F(CasesApi, OpenWorkAndReadACaseAsTheContractSays) {
  json k = OpenCase({{"title", "Go-fast off Jaqué"},
                     {"summary", "34 kn toward the coast"},
                     {"mmsis", {735001001}}},
                    officer_);
  EXPECT_EQ(k["number"], "SENAN-2024-0001");
  EXPECT_EQ(k["owner_org"], senan_.id);
  EXPECT_EQ(k["owner_org_name"], "SENAN");
  EXPECT_EQ(k["status"], "open");
  EXPECT_EQ(k["opened_by"], "senan.officer");
  EXPECT_EQ(k["mmsis"], json({735001001}));
  EXPECT_TRUE(k["outcome"].is_null());
  const std::string path = "/api/v1/maritime/cases/" + k["id"].get<std::string>();
  auto r = api_.PostJson(
      path + "/positions",
      {{"t", "2024-08-20T12:00:00Z"}, {"lat", 7.3}, {"lon", -78.3}, {"label", "radar contact"}},
      officer_);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.body_json["positions"][0]["label"], "radar contact");
  r = api_.PatchJson(path, {{"status", "underway"}}, officer_);
  ASSERT_EQ(r.status, 200) << r.body;
  r = Send("PUT", path + "/outcome",
           {{"boarded", true},
            {"seized", true},
            {"at", "2024-08-20T13:00:00Z"},
            {"lat", 7.3},
            {"lon", -78.3},
            {"drugs", {{{"type", "cocaine"}, {"kg", 1450}}}},
            {"arrests", {{{"nationality", "col"}, {"count", 3}}}},
            {"other_contraband", {{{"description", "satellite phone"}}}}},
           officer_);
  ASSERT_EQ(r.status, 200) << r.body;
  const json& o = r.body_json["outcome"];
  EXPECT_EQ(o["area"], "darien_pacific");
  EXPECT_EQ(o["arrests"][0]["nationality"], "COL");
  EXPECT_TRUE(o["other_contraband"][0]["quantity"].is_null());
  r = api_.PostJson(path + "/notes", {{"body", "Crew handed to SENAFRONT at Jaqué"}}, officer_);
  ASSERT_EQ(r.status, 200) << r.body;
  r = api_.Get(path, analyst_);
  ASSERT_EQ(r.status, 200) << r.body;
  std::vector<std::string> actions;
  for (const auto& e : r.body_json["timeline"]) actions.push_back(e["action"]);
  EXPECT_EQ(actions, (std::vector<std::string>{"open", "position", "status", "outcome", "note"}));
  EXPECT_EQ(r.body_json["timeline"][4]["user"], "senan.officer");
  r = api_.Get("/api/v1/maritime/cases?status=underway", analyst_);
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_EQ(r.body_json["items"].size(), 1u);
  EXPECT_FALSE(r.body_json["items"][0].contains("timeline"));
  // Analysts read, they do not work.
  EXPECT_EQ(api_.PostJson(path + "/notes", {{"body", "x"}}, analyst_).status, 403);
  EXPECT_EQ(api_.PostJson("/api/v1/maritime/cases", {{"title", "x"}}, analyst_).status, 403);
  r = api_.Get("/api/v1/maritime/cases/map?from=2024-08-01T00:00:00Z", analyst_);
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_EQ(r.body_json["features"].size(), 1u);
  EXPECT_EQ(r.body_json["features"][0]["properties"]["kg"], 1450.0);
  EXPECT_EQ(r.body_json["features"][0]["properties"]["area"], "darien_pacific");
}

TEST_F(CasesApi, OpeningFromAlertsEscalatesThemAndTheirCaseIdIsSet) {
  auto alert = api_.store().Write<store::Alert>([&](store::Connection& tx) {
    return store::InsertAlert(tx,
                              {.owner_org = senan_.id,
                               .module = "maritime",
                               .kind = "go_fast",
                               .severity = "warning",
                               .title = "Go-fast",
                               .detail = "{}"},
                              api_.clock().Now());
  });
  ASSERT_TRUE(alert);
  json k = OpenCase({{"title", "From the alert"}, {"alert_ids", {alert->id}}}, officer_);
  EXPECT_EQ(k["alert_ids"], json({alert->id}));
  auto stored = api_.store().Read<std::vector<store::Alert>>(
      [&](store::Connection& c) { return store::ListAlerts(c, store::AccessScope::System(), {}); });
  ASSERT_TRUE(stored);
  ASSERT_EQ(stored->size(), 1u);
  EXPECT_EQ(stored->at(0).status, "closed");
  EXPECT_EQ(stored->at(0).resolution, "escalated");
  EXPECT_EQ(stored->at(0).case_id, k["id"]);
  // Escalated once: a second case cannot take it.
  auto again = api_.PostJson("/api/v1/maritime/cases",
                             {{"title", "Again"}, {"alert_ids", {alert->id}}}, officer_);
  EXPECT_EQ(again.status, 409) << again.body;
  EXPECT_EQ(again.body_json["error"]["field"], "/alert_ids/0");
}

TEST_F(CasesApi, AnotherOrganizationsCaseLooksAbsentAndStatisticsCountOnlyVisibleCases) {
  json hidden = OpenCase({{"title", "Owner only"}}, officer_);
  json shared = OpenCase({{"title", "Released to the USA"}, {"releasability", {"USA"}}}, officer_);
  for (const json& k : {hidden, shared}) {
    auto r =
        Send("PUT", "/api/v1/maritime/cases/" + k["id"].get<std::string>() + "/outcome",
             {{"boarded", true}, {"seized", true}, {"drugs", {{{"type", "cocaine"}, {"kg", 100}}}}},
             officer_);
    ASSERT_EQ(r.status, 200) << r.body;
  }
  const std::string hidden_path = "/api/v1/maritime/cases/" + hidden["id"].get<std::string>();
  EXPECT_EQ(api_.Get(hidden_path, dhs_analyst_).status, 404);
  EXPECT_EQ(api_.Get(hidden_path, senafront_officer_).status, 404);
  EXPECT_EQ(api_.PostJson(hidden_path + "/notes", {{"body", "x"}}, senafront_officer_).status, 404);
  auto r = api_.Get("/api/v1/maritime/cases", dhs_analyst_);
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_EQ(r.body_json["items"].size(), 1u);
  EXPECT_EQ(r.body_json["items"][0]["id"], shared["id"]);
  r = api_.Get("/api/v1/maritime/cases/stats", dhs_analyst_);
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_EQ(r.body_json["months"].size(), 1u);
  EXPECT_EQ(r.body_json["months"][0]["month"], "2024-08");
  EXPECT_EQ(r.body_json["months"][0]["cases"], 1);
  EXPECT_EQ(r.body_json["drugs"][0], (json{{"type", "cocaine"}, {"kg", 100.0}, {"cases", 1}}));
  r = api_.Get("/api/v1/maritime/cases/stats", analyst_);
  EXPECT_EQ(r.body_json["months"][0]["cases"], 2);
  // A partner who reads a case does not work on it.
  EXPECT_EQ(api_.PostJson("/api/v1/maritime/cases/" + shared["id"].get<std::string>() + "/notes",
                          {{"body", "x"}}, dhs_analyst_)
                .status,
            403);
}

TEST_F(CasesApi, ReassignmentByASupervisorHandsTheCaseToTheNewOwner) {
  json k = OpenCase({{"title", "Landing at Guna Yala"}}, officer_);
  const std::string path = "/api/v1/maritime/cases/" + k["id"].get<std::string>();
  EXPECT_EQ(api_.Get(path, senafront_officer_).status, 404);
  EXPECT_EQ(api_.PatchJson(path, {{"org_id", senafront_.id}}, officer_).status, 403);
  auto r = api_.PatchJson(path, {{"org_id", senafront_.id}}, supervisor_);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.body_json["owner_org"], senafront_.id);
  EXPECT_EQ(r.body_json["owner_org_name"], "SENAFRONT");
  r = api_.PatchJson(path, {{"status", "underway"}}, senafront_officer_);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(api_.Get(path, officer_).status, 200);  // the former owner reads it
  EXPECT_EQ(api_.PatchJson(path, {{"status", "open"}}, officer_).status, 403);
  r = api_.Get("/api/v1/maritime/cases?org_id=" + senafront_.id, officer_);
  ASSERT_EQ(r.body_json["items"].size(), 1u);
}

TEST_F(CasesApi, CrewAreEncountersTheCallerMaySeeAndHiddenOnesShowNoDetails) {
  const std::string released = Encounter("Ana Pérez", {"PAN"});
  const std::string snm_only = Encounter("Luis Gómez", {});
  json k = OpenCase({{"title", "Crew of the go-fast"}, {"releasability", {"USA"}}}, officer_);
  const std::string path = "/api/v1/maritime/cases/" + k["id"].get<std::string>();
  auto r = api_.PostJson(path + "/crew", {{"encounter_id", released}}, officer_);
  ASSERT_EQ(r.status, 200) << r.body;
  const json& m = r.body_json["crew"][0];
  EXPECT_EQ(m["visible"], true);
  EXPECT_EQ(m["name"], "Ana Pérez");
  EXPECT_EQ(m["nationality"], "COL");
  EXPECT_EQ(m["station"], "ERM-LAJAS-BLANCAS");
  EXPECT_EQ(m["registered_at"], "2024-08-20T14:03:00.000Z");
  r = api_.PostJson(path + "/crew", {{"encounter_id", snm_only}}, officer_);
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(r.body_json["error"]["field"], "/encounter_id");
  EXPECT_EQ(r.body_json["error"]["reason"], "unknown_encounter");
  // The partner reads the case, not the encounter.
  r = api_.Get(path, dhs_analyst_);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.body_json["crew"][0], (json{{"encounter_id", released}, {"visible", false}}));
  // Released no more: SENAN sees the link without details.
  ASSERT_TRUE(api_.store().Write([&](store::Connection& tx) -> core::Status {
    ISTMO_RETURN_IF_ERROR(
        tx.Exec("UPDATE migration_encounters SET releasability = ',' WHERE id = ?", {released}));
    return core::Ok();
  }));
  r = api_.Get(path, officer_);
  EXPECT_EQ(r.body_json["crew"][0], (json{{"encounter_id", released}, {"visible", false}}));
  r = Send("DELETE", path + "/crew/" + released, json(nullptr), officer_);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(r.body_json["crew"].empty());
  EXPECT_EQ(Send("DELETE", path + "/crew/" + released, json(nullptr), officer_).status, 404);
}

TEST_F(CasesApi, BadInputToEveryRouteIsA400NamingTheField) {
  json k = OpenCase({{"title", "x"}}, officer_);
  const std::string path = "/api/v1/maritime/cases/" + k["id"].get<std::string>();
  struct Bad {
    std::string method, path;
    json body;
    std::string field, reason;
  };
  const json drug = {{"type", "cocaine"}, {"kg", 10}};
  const std::vector<Bad> bad = {
      {"POST", "/api/v1/maritime/cases", json::object(), "/title", "required"},
      {"POST",
       "/api/v1/maritime/cases",
       {{"title", "x"}, {"mmsis", {12, 0}}},
       "/mmsis/1",
       "invalid_value"},
      {"POST",
       "/api/v1/maritime/cases",
       {{"title", "x"}, {"org_id", "NOPE"}},
       "/org_id",
       "unknown_org"},
      {"POST",
       "/api/v1/maritime/cases",
       {{"title", "x"}, {"alert_ids", {"nope"}}},
       "/alert_ids/0",
       "unknown_alert"},
      {"POST",
       "/api/v1/maritime/cases",
       {{"title", "x"}, {"releasability", {"Panama"}}},
       "/releasability/0",
       "invalid_value"},
      {"POST", "/api/v1/maritime/cases", {{"title", "x"}, {"colour", "red"}}, "/colour", ""},
      {"GET", "/api/v1/maritime/cases?status=lost", nullptr, "?status", "invalid_value"},
      {"GET", "/api/v1/maritime/cases?since=yesterday", nullptr, "?since", ""},
      {"GET", "/api/v1/maritime/cases?limit=0", nullptr, "?limit", ""},
      {"GET", "/api/v1/maritime/cases/stats?from=2024-13-01", nullptr, "?from", ""},
      {"GET", "/api/v1/maritime/cases/stats?from=2024-08-02&to=2024-08-01", nullptr, "?from",
       "invalid_value"},
      {"GET", "/api/v1/maritime/cases/map?to=soon", nullptr, "?to", ""},
      {"PATCH", path, {{"status", "sunk"}}, "/status", "invalid_value"},
      {"PATCH", path, {{"status", "closed"}, {"title", ""}}, "/title", ""},
      {"PATCH", path, {{"status", "interdicted"}}, "/status", "invalid_transition"},
      {"PATCH", path, {{"org_id", "NOPE"}}, "/org_id", "unknown_org"},
      {"PATCH", path, {{"title", "x"}}, "/", "no_change"},
      {"POST", path + "/positions", {{"lat", 7}, {"lon", -78}}, "/t", "required"},
      {"POST",
       path + "/positions",
       {{"t", "noon"}, {"lat", 7}, {"lon", -78}},
       "/t",
       "invalid_value"},
      {"POST",
       path + "/positions",
       {{"t", "2024-08-20T12:00:00Z"}, {"lat", 91}, {"lon", -78}},
       "/lat",
       ""},
      {"POST",
       path + "/positions",
       {{"t", "2030-01-01T00:00:00Z"}, {"lat", 7}, {"lon", -78}},
       "/t",
       "invalid_value"},
      {"PUT", path + "/outcome", {{"seized", true}}, "/boarded", "required"},
      {"PUT",
       path + "/outcome",
       {{"boarded", true}, {"seized", true}, {"drugs", {{{"type", "crack"}, {"kg", 1}}}}},
       "/drugs/0/type",
       "invalid_value"},
      {"PUT",
       path + "/outcome",
       {{"boarded", true}, {"seized", true}, {"drugs", {{{"type", "cocaine"}, {"kg", -2}}}}},
       "/drugs/0/kg",
       ""},
      {"PUT",
       path + "/outcome",
       {{"boarded", true}, {"seized", true}, {"drugs", {drug, drug}}},
       "/drugs/1/type",
       "duplicate"},
      {"PUT",
       path + "/outcome",
       {{"boarded", true}, {"seized", true}, {"drugs", {{{"type", "cocaine"}}}}},
       "/drugs/0/kg",
       "required"},
      {"PUT",
       path + "/outcome",
       {{"boarded", true}, {"seized", false}, {"drugs", {drug}}},
       "/seized",
       "invalid_value"},
      {"PUT",
       path + "/outcome",
       {{"boarded", true},
        {"seized", false},
        {"arrests", {{{"nationality", "ZZZ"}, {"count", 1}}}}},
       "/arrests/0/nationality",
       "unknown_country"},
      {"PUT",
       path + "/outcome",
       {{"boarded", true},
        {"seized", false},
        {"arrests", {{{"nationality", "COL"}, {"count", 0}}}}},
       "/arrests/0/count",
       ""},
      {"PUT",
       path + "/outcome",
       {{"boarded", true}, {"seized", true}, {"other_contraband", {{{"quantity", 3}}}}},
       "/other_contraband/0/description",
       "required"},
      {"PUT",
       path + "/outcome",
       {{"boarded", true}, {"seized", false}, {"lat", 7.0}},
       "/lon",
       "required"},
      {"PUT",
       path + "/outcome",
       {{"boarded", true}, {"seized", false}, {"at", "2030-01-01"}},
       "/at",
       "invalid_value"},
      {"POST", path + "/crew", json::object(), "/encounter_id", "required"},
      {"POST", path + "/crew", {{"encounter_id", "nobody"}}, "/encounter_id", "unknown_encounter"},
      {"POST", path + "/notes", {{"body", ""}}, "/body", ""},
  };
  for (const Bad& b : bad) {
    Reply r = b.body.is_null() ? api_.Send({.method = b.method, .path = b.path, .token = officer_})
                               : Send(b.method, b.path, b.body, officer_);
    EXPECT_EQ(r.status, 400) << b.method << " " << b.path << " " << b.body.dump() << ": " << r.body;
    EXPECT_EQ(r.body_json["error"].value("field", ""), b.field)
        << b.method << " " << b.path << " " << b.body.dump() << ": " << r.body;
    if (!b.reason.empty()) {
      EXPECT_EQ(r.body_json["error"].value("reason", ""), b.reason)
          << b.method << " " << b.path << " " << b.body.dump() << ": " << r.body;
    }
  }
  // Nothing of the refused requests was written.
  auto r = api_.Get(path, officer_);
  EXPECT_EQ(r.body_json["timeline"].size(), 1u);
  EXPECT_EQ(r.body_json["status"], "open");
}

}  // namespace
}  // namespace istmo::maritime

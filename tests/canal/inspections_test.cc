// Inspections in the store: units, the queue's order and paging, the result's rules (once; a
// correction is a supervisor's, with a reason, audited before and after), visibility across
// organizations, the yield of rules on a constructed set against hand-computed Wilson bounds,
// histories and the dashboard. Scored lines and rules are inserted with SQL as the scoring runs
// (canal/risk.h) would write them.
#include "canal/inspections.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "canal/codes.h"
#include "canal/manifest.h"
#include "core/id.h"
#include "store/audit.h"
#include "store/store.h"
#include "testing/temp_dir.h"

namespace istmo::canal {
namespace {

using nlohmann::json;
using store::Role;

const core::Timestamp kNow = core::FromUnixSeconds(1724162580);  // 2024-08-20T14:03:00Z

store::AccessScope Scope(const std::string& org, const std::string& country, Role role) {
  store::AccessScope s;
  s.user_id = "user-of-" + org + "-" + std::string(store::RoleName(role));
  s.org_id = org;
  s.country = country;
  s.roles = static_cast<std::uint8_t>(role);
  return s;
}

std::string ContainerNumber(int serial) {
  char first_ten[16];
  std::snprintf(first_ten, sizeof first_ten, "TSTU%06d", serial);
  return std::string(first_ten) + static_cast<char>('0' + *Iso6346CheckDigit(first_ten));
}

InspectionResult Negative() {
  return {.scan_result = "clear",
          .physical_exam = "done",
          .seal_check = "intact",
          .result = "negative"};
}
InspectionResult Positive(double kg = 120) {
  InspectionResult r = Negative();
  r.scan_result = "anomaly";
  r.result = "positive";
  r.drugs = {{"cocaine", kg}};
  return r;
}

class Inspections : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = store::Store::Open({.url = dir_.File("canal.db")}, Migrations());
    ASSERT_TRUE(s) << s.error().ToString();
    store_ = std::move(s).value();
  }

  // `count` lines of `org`, shipper `shipper`, loading at `port`; their ids in file order.
  std::vector<std::string> Lines(const store::AccessScope& importer, int count,
                                 const std::string& shipper = "Acme Exports",
                                 const std::vector<std::string>& rel = {},
                                 const std::string& port = "COBUN") {
    std::string csv =
        "bill_of_lading,container_number,shipper_name,consignee_name,hs_code,port_of_loading,"
        "port_of_discharge,transshipment_ports,weight_kg\n";
    for (int i = 0; i < count; ++i) {
      const int serial = ++serial_;
      csv += "BL" + std::to_string(serial) + "," + ContainerNumber(serial) + "," + shipper +
             ",Consignee,0901," + port + ",USMIA,PABLB,1000\n";
    }
    auto parsed = ParseManifest(csv);
    EXPECT_TRUE(parsed) << parsed.error().ToString();
    auto report =
        ImportManifest(*store_, importer, std::move(*parsed), {.releasability = rel}, kNow);
    EXPECT_TRUE(report && report->imported == count);
    auto ids = store_->Read<std::vector<std::string>>(
        [&](store::Connection& c) -> core::Result<std::vector<std::string>> {
          ISTMO_ASSIGN_OR_RETURN(
              auto rows, c.Query("SELECT id FROM canal_manifest_lines WHERE import_id = ? ORDER BY "
                                 "line",
                                 {report->import_id}));
          std::vector<std::string> out;
          for (const auto& r : rows) out.push_back(r.Text(0));
          return out;
        });
    return *ids;
  }

  void Exec(const std::string& sql, const store::Params& params) {
    auto s = store_->Write([&](store::Connection& tx) -> core::Status {
      ISTMO_RETURN_IF_ERROR(tx.Exec(sql, params));
      return core::Ok();
    });
    ASSERT_TRUE(s) << s.error().ToString();
  }

  // An inspection as a scoring run queues it (owned and released as its line), optionally done.
  struct Row {
    std::string lane = "red";
    std::string selection = "rules";
    double score = 10;
    std::string fired = "[]";
    std::string status = "queued";
    std::string result;  // for done: negative | positive
    std::string created_at = "2024-08-19T10:00:00.000Z";
    std::string completed_at = "2024-08-20T10:00:00.000Z";
    std::string drugs = "[]";
  };
  std::string Insert(const std::string& line_id, const Row& r) {
    const std::string id = core::NewId();
    const bool done = r.status == "done";
    Exec(
        "INSERT INTO canal_inspections (id, created_at, updated_at, owner_org, releasability, "
        "line_id, lane, selection, score, fired, status, scan_result, physical_exam, seal_check, "
        "result, drugs, completed_at, completed_by) SELECT ?, ?, ?, owner_org, releasability, id, "
        "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? FROM canal_manifest_lines WHERE id = ?",
        {id, r.created_at, r.created_at, r.lane, r.selection, r.score, r.fired, r.status,
         done ? store::Value("clear") : store::Null(), done ? store::Value("done") : store::Null(),
         done ? store::Value("intact") : store::Null(),
         done ? store::Value(r.result) : store::Null(), r.drugs,
         done ? store::Value(r.completed_at) : store::Null(),
         done ? store::Value("officer") : store::Null(), line_id});
    return id;
  }

  void InsertRule(const std::string& id, const std::string& owner, const std::string& name,
                  int versions, const std::string& status = "active") {
    Exec(
        "INSERT INTO canal_rules (id, created_at, updated_at, owner_org, releasability, name, "
        "status, version) VALUES (?, '2024-01-01T00:00:00.000Z', '2024-01-01T00:00:00.000Z', ?, "
        "',', ?, ?, ?)",
        {id, owner, name, status, static_cast<std::int64_t>(versions)});
    for (int v = 1; v <= versions; ++v) {
      Exec(
          "INSERT INTO canal_rule_versions (rule_id, version, created_at, created_by, name, "
          "expression, weight, explanation_es, explanation_en) VALUES (?, ?, "
          "'2024-01-01T00:00:00.000Z', 'analyst', ?, 'hs_code starts_with \"09\"', 30, 'es', "
          "'en')",
          {id, static_cast<std::int64_t>(v), name + " v" + std::to_string(v)});
    }
  }

  template <class T>
  core::Result<T> Write(const std::function<core::Result<T>(store::Connection&)>& fn) {
    return store_->Write<T>(fn);
  }
  core::Result<Inspection> Get(const store::AccessScope& s, const std::string& id) {
    return store_->Read<Inspection>([&](store::Connection& c) { return GetInspection(c, s, id); });
  }
  std::vector<Inspection> List(const store::AccessScope& s, InspectionQuery q = {}) {
    auto r = store_->Read<std::vector<Inspection>>(
        [&](store::Connection& c) { return ListInspections(c, s, q); });
    EXPECT_TRUE(r) << r.error().ToString();
    return r ? *r : std::vector<Inspection>{};
  }
  Unit MakeUnit(const store::AccessScope& supervisor, const std::string& name) {
    auto u = Write<Unit>(
        [&](store::Connection& tx) { return CreateUnit(tx, supervisor, name, "PABLB", kNow); });
    EXPECT_TRUE(u) << u.error().ToString();
    return u ? *u : Unit{};
  }
  core::Result<Inspection> Assign(const store::AccessScope& s, const std::string& id,
                                  const std::string& unit) {
    return Write<Inspection>(
        [&](store::Connection& tx) { return AssignInspection(tx, s, id, unit, kNow); });
  }
  core::Result<Inspection> Result(const store::AccessScope& s, const std::string& id,
                                  InspectionResult r) {
    return Write<Inspection>(
        [&](store::Connection& tx) { return RecordResult(tx, s, id, r, kNow); });
  }

  istmo::testing::TempDir dir_;
  std::unique_ptr<store::Store> store_;
  int serial_ = 0;
  const store::AccessScope analyst_ = Scope("org-acp", "PAN", Role::kAnalyst);
  const store::AccessScope officer_ = Scope("org-acp", "PAN", Role::kOfficer);
  const store::AccessScope supervisor_ = Scope("org-acp", "PAN", Role::kSupervisor);
  const store::AccessScope dhs_analyst_ = Scope("org-dhs", "USA", Role::kAnalyst);
  const store::AccessScope dhs_supervisor_ = Scope("org-dhs", "USA", Role::kSupervisor);
};

TEST(WilsonInterval, MatchesHandComputedBounds) {
  // 5 of 20: p = 0.25, z² / n = 0.192073, centre 0.290281, half-width 0.178420.
  const Proportion a = WilsonInterval(5, 20);
  EXPECT_TRUE(a.known);
  EXPECT_DOUBLE_EQ(a.rate, 0.25);
  EXPECT_NEAR(a.low, 0.111862, 1e-5);
  EXPECT_NEAR(a.high, 0.468701, 1e-5);
  // 0 of 10 and 10 of 10: the bounds are z² / (n + z²) from the edge.
  EXPECT_NEAR(WilsonInterval(0, 10).low, 0, 1e-12);
  EXPECT_NEAR(WilsonInterval(0, 10).high, 3.841459 / 13.841459, 1e-6);
  EXPECT_NEAR(WilsonInterval(10, 10).low, 10 / 13.841459, 1e-6);
  EXPECT_NEAR(WilsonInterval(10, 10).high, 1, 1e-12);
  // Nothing inspected says nothing.
  const Proportion none = WilsonInterval(0, 0);
  EXPECT_FALSE(none.known);
  EXPECT_EQ(none.n, 0);
}

TEST_F(Inspections, UnitsAreTheSupervisorsOfTheirOrganizationAndAudited) {
  const Unit u = MakeUnit(supervisor_, "Balboa scanner");
  EXPECT_EQ(u.terminal, "PABLB");
  auto dup = Write<Unit>([&](store::Connection& tx) {
    return CreateUnit(tx, supervisor_, "Balboa scanner", "", kNow);
  });
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().code, core::ErrorCode::kConflict);
  EXPECT_EQ(dup.error().reason, "duplicate");
  auto by_officer = Write<Unit>(
      [&](store::Connection& tx) { return CreateUnit(tx, officer_, "Mine", "", kNow); });
  EXPECT_EQ(by_officer.error().code, core::ErrorCode::kPermissionDenied);
  auto bad_port = Write<Unit>(
      [&](store::Connection& tx) { return CreateUnit(tx, supervisor_, "X", "XXBLB", kNow); });
  EXPECT_EQ(bad_port.error().field, "/terminal");

  auto other_org = Write<Unit>([&](store::Connection& tx) {
    return UpdateUnit(tx, dhs_supervisor_, u.id, {.active = false}, kNow);
  });
  EXPECT_EQ(other_org.error().code, core::ErrorCode::kNotFound);
  auto same = Write<Unit>([&](store::Connection& tx) {
    return UpdateUnit(tx, supervisor_, u.id, {.name = "Balboa scanner"}, kNow);
  });
  EXPECT_EQ(same.error().reason, "no_change");
  auto off = Write<Unit>([&](store::Connection& tx) {
    return UpdateUnit(tx, supervisor_, u.id, {.active = false}, kNow);
  });
  ASSERT_TRUE(off) << off.error().ToString();
  EXPECT_FALSE(off->active);

  auto mine =
      store_->Read<std::vector<Unit>>([&](store::Connection& c) { return ListUnits(c, officer_); });
  ASSERT_TRUE(mine);
  EXPECT_EQ(mine->size(), 1u);
  auto theirs = store_->Read<std::vector<Unit>>(
      [&](store::Connection& c) { return ListUnits(c, dhs_analyst_); });
  EXPECT_TRUE(theirs->empty());

  auto audit = store_->Read<std::vector<store::AuditRecord>>(
      [&](store::Connection& c) { return store::ListAudit(c, store::AccessScope::System(), 100); });
  ASSERT_TRUE(audit);
  ASSERT_EQ(audit->size(), 2u);
  EXPECT_EQ((*audit)[0].entry.action, "canal.unit.update");
  EXPECT_EQ(json::parse((*audit)[0].entry.detail)["active"]["after"], false);
  EXPECT_EQ((*audit)[1].entry.action, "canal.unit.create");
}

TEST_F(Inspections, TheQueueIsOrderedByScoreThenAgeAndPagesByCursor) {
  const auto lines = Lines(analyst_, 4);
  const std::string low = Insert(lines[0], {.score = 10});
  const std::string high_late =
      Insert(lines[1], {.score = 50, .created_at = "2024-08-19T12:00:00.000Z"});
  const std::string high_early =
      Insert(lines[2], {.score = 50, .created_at = "2024-08-19T09:00:00.000Z"});
  Insert(lines[3], {.score = 99, .status = "done", .result = "negative"});
  auto queue = List(analyst_);
  ASSERT_EQ(queue.size(), 3u);
  EXPECT_EQ(queue[0].id, high_early);
  EXPECT_EQ(queue[1].id, high_late);
  EXPECT_EQ(queue[2].id, low);
  EXPECT_EQ(queue[0].container_number, ContainerNumber(3));

  auto page = List(analyst_, {.limit = 1, .after = high_early});
  ASSERT_EQ(page.size(), 1u);
  EXPECT_EQ(page[0].id, high_late);
  auto stale = store_->Read<std::vector<Inspection>>([&](store::Connection& c) {
    return ListInspections(c, analyst_, {.status = "done", .after = low});
  });
  EXPECT_EQ(stale.error().reason, "stale_cursor");
  EXPECT_EQ(stale.error().field, "?after");

  EXPECT_EQ(List(analyst_, {.status = "done"}).size(), 1u);
  EXPECT_EQ(List(analyst_, {.lane = "yellow"}).size(), 0u);
}

TEST_F(Inspections, DoneInspectionsListNewestCompletedFirst) {
  const auto lines = Lines(analyst_, 3);
  const std::string a =
      Insert(lines[0],
             {.status = "done", .result = "negative", .completed_at = "2024-08-18T10:00:00.000Z"});
  const std::string b =
      Insert(lines[1],
             {.status = "done", .result = "negative", .completed_at = "2024-08-20T10:00:00.000Z"});
  const std::string c =
      Insert(lines[2],
             {.status = "done", .result = "negative", .completed_at = "2024-08-19T10:00:00.000Z"});
  auto done = List(analyst_, {.status = "done"});
  ASSERT_EQ(done.size(), 3u);
  EXPECT_EQ(done[0].id, b);
  EXPECT_EQ(done[1].id, c);
  EXPECT_EQ(done[2].id, a);
  auto rest = List(analyst_, {.status = "done", .after = c});
  ASSERT_EQ(rest.size(), 1u);
  EXPECT_EQ(rest[0].id, a);
}

TEST_F(Inspections, ResultIsRecordedOnceByAnOfficerAndCorrectedByASupervisorWithAReason) {
  const auto lines = Lines(analyst_, 1);
  const std::string id = Insert(lines[0], {.lane = "red"});
  const Unit unit = MakeUnit(supervisor_, "Balboa exam team");

  auto early = Result(officer_, id, Negative());
  ASSERT_FALSE(early);
  EXPECT_EQ(early.error().code, core::ErrorCode::kConflict);
  EXPECT_EQ(early.error().reason, "not_open");

  EXPECT_EQ(Assign(officer_, id, unit.id).error().code, core::ErrorCode::kPermissionDenied);
  auto assigned = Assign(supervisor_, id, unit.id);
  ASSERT_TRUE(assigned) << assigned.error().ToString();
  EXPECT_EQ(assigned->status, "assigned");
  ASSERT_TRUE(assigned->unit);
  EXPECT_EQ(assigned->unit->name, "Balboa exam team");

  // A red lane is a physical exam: without one there is no result.
  InspectionResult no_exam = Negative();
  no_exam.physical_exam = "not_done";
  EXPECT_EQ(Result(officer_, id, no_exam).error().field, "/physical_exam");
  // A supervisor does not record a first result.
  EXPECT_EQ(Result(supervisor_, id, Positive()).error().code, core::ErrorCode::kPermissionDenied);

  auto done = Result(officer_, id, Positive(250));
  ASSERT_TRUE(done) << done.error().ToString();
  EXPECT_EQ(done->status, "done");
  ASSERT_TRUE(done->result);
  EXPECT_EQ(done->result->drugs, (std::vector<DrugFound>{{"cocaine", 250}}));
  EXPECT_EQ(done->completed_by, officer_.user_id);

  auto twice = Result(officer_, id, Negative());
  EXPECT_EQ(twice.error().code, core::ErrorCode::kConflict);
  EXPECT_EQ(twice.error().reason, "not_open");
  auto no_reason = Result(supervisor_, id, Positive(200));
  EXPECT_EQ(no_reason.error().reason, "correction_reason_required");
  EXPECT_EQ(no_reason.error().field, "/correction_reason");
  InspectionResult same = Positive(250);
  same.correction_reason = "re-weighed";
  EXPECT_EQ(Result(supervisor_, id, same).error().reason, "no_change");

  InspectionResult corrected = Positive(212.5);
  corrected.correction_reason = "re-weighed at the lab";
  auto fixed = Result(supervisor_, id, corrected);
  ASSERT_TRUE(fixed) << fixed.error().ToString();
  EXPECT_EQ(fixed->result->drugs[0].kg, 212.5);
  EXPECT_EQ(fixed->completed_by, officer_.user_id);  // the correction keeps who and when

  EXPECT_EQ(Assign(supervisor_, id, unit.id).error().reason, "not_open");

  auto audit = store_->Read<std::vector<store::AuditRecord>>(
      [&](store::Connection& c) { return store::ListAudit(c, store::AccessScope::System(), 100); });
  ASSERT_TRUE(audit);
  ASSERT_GE(audit->size(), 3u);
  const store::AuditEntry& correction = (*audit)[0].entry;
  EXPECT_EQ(correction.action, "canal.inspection.correct");
  EXPECT_EQ(correction.object_id, id);
  EXPECT_EQ(correction.actor_user_id, supervisor_.user_id);
  const json detail = json::parse(correction.detail);
  EXPECT_EQ(detail["before"]["drugs"][0]["kg"], 250);
  EXPECT_EQ(detail["after"]["drugs"][0]["kg"], 212.5);
  EXPECT_EQ(detail["reason"], "re-weighed at the lab");
  EXPECT_EQ((*audit)[1].entry.action, "canal.inspection.result");
  EXPECT_EQ((*audit)[2].entry.action, "canal.inspection.assign");
}

TEST_F(Inspections, ResultChecksNameTheField) {
  const auto lines = Lines(analyst_, 1);
  const std::string id = Insert(lines[0], {.lane = "yellow"});
  const Unit unit = MakeUnit(supervisor_, "Scanner");
  ASSERT_TRUE(Assign(supervisor_, id, unit.id));
  struct Case {
    std::function<void(InspectionResult&)> edit;
    std::string field, reason;
  };
  const std::vector<Case> cases = {
      {[](InspectionResult& r) { r.drugs.clear(); }, "/drugs", "required"},
      {[](InspectionResult& r) { r.drugs[0].kg = 0; }, "/drugs/0/kg", "invalid_value"},
      {[](InspectionResult& r) { r.drugs[0].kg = 100000.5; }, "/drugs/0/kg", "invalid_value"},
      {[](InspectionResult& r) { r.drugs[0].type = "marijuana"; }, "/drugs/0/type",
       "invalid_value"},
      {[](InspectionResult& r) {
         r.drugs.push_back({"cocaine", 1});
       },
       "/drugs/1/type", "duplicate"},
      {[](InspectionResult& r) { r.result = "negative"; }, "/drugs", "invalid_value"},
      {[](InspectionResult& r) {
         r.result = "negative";
         r.drugs.clear();
         r.other_contraband = "cash";
       },
       "/other_contraband", "invalid_value"},
      {[](InspectionResult& r) { r.scan_result = "maybe"; }, "/scan_result", "invalid_value"},
      {[](InspectionResult& r) { r.seal_check = ""; }, "/seal_check", "required"},
  };
  for (const Case& c : cases) {
    InspectionResult r = Positive();
    c.edit(r);
    auto out = Result(officer_, id, r);
    ASSERT_FALSE(out) << c.field;
    EXPECT_EQ(out.error().field, c.field);
    EXPECT_EQ(out.error().reason, c.reason) << c.field;
  }
  // A yellow lane is a scan: the physical exam may be not done; contraband alone is positive.
  InspectionResult scan_only = Positive();
  scan_only.physical_exam = "not_done";
  scan_only.drugs.clear();
  scan_only.other_contraband = "undeclared cash, USD 400,000";
  auto ok = Result(officer_, id, scan_only);
  ASSERT_TRUE(ok) << ok.error().ToString();
  EXPECT_EQ(ok->result->other_contraband, "undeclared cash, USD 400,000");
}

TEST_F(Inspections, ParsesAResultBodyNamingTheField) {
  auto r = ParseInspectionResult(
      R"({"scan_result":"anomaly","physical_exam":"done","seal_check":"broken",)"
      R"("result":"positive","drugs":[{"type":"cocaine","kg":12.5}],"notes":"in the\nfloor"})");
  ASSERT_TRUE(r) << r.error().ToString();
  EXPECT_EQ(r->drugs, (std::vector<DrugFound>{{"cocaine", 12.5}}));
  EXPECT_EQ(r->notes, "in the\nfloor");
  EXPECT_EQ(ParseInspectionResult(R"({"scan_result":"clear"})").error().field, "/physical_exam");
  EXPECT_EQ(ParseInspectionResult(R"({"seized":true})").error().field, "/seized");
  EXPECT_EQ(ParseInspectionResult(R"({"scan_result":"clear","physical_exam":"done",)"
                                  R"("seal_check":"intact","result":"positive","drugs":[{"type":)"
                                  R"("cocaine"}]})")
                .error()
                .field,
            "/drugs/0/kg");
}

TEST_F(Inspections, QueueingByHandCancellingAndTheOwnersSupervisorsOnly) {
  const auto lines = Lines(analyst_, 2, "Acme Exports", {"USA"});
  InsertRule("r1", "org-dhs", "DHS rule", 1);
  Exec(
      "INSERT INTO canal_scores (line_id, owner_org, releasability, run_id, scored_at, score, "
      "lane, selection, fired) SELECT id, owner_org, releasability, 'run-1', "
      "'2024-08-20T09:00:00.000Z', 42, 'yellow', 'rules', '[{\"rule_id\":\"r1\",\"version\":1,"
      "\"weight\":42}]' FROM canal_manifest_lines WHERE id = ?",
      {lines[0]});
  auto q = Write<Inspection>([&](store::Connection& tx) {
    return QueueInspection(tx, supervisor_, {.line_id = lines[0], .note = "tip from DEA"}, kNow);
  });
  ASSERT_TRUE(q) << q.error().ToString();
  EXPECT_EQ(q->selection, "manual");
  EXPECT_EQ(q->lane, "red");
  EXPECT_EQ(q->score, 42);
  ASSERT_EQ(q->reasons.size(), 1u);
  EXPECT_EQ(q->reasons[0].rule_id, "r1");
  EXPECT_EQ(q->reasons[0].name, "");  // r1 is DHS's, not released to ACP
  EXPECT_EQ(q->queue_note, "tip from DEA");
  EXPECT_EQ(q->releasability, (std::vector<std::string>{"USA"}));

  auto again = Write<Inspection>([&](store::Connection& tx) {
    return QueueInspection(tx, supervisor_, {.line_id = lines[0]}, kNow);
  });
  EXPECT_EQ(again.error().reason, "duplicate");
  EXPECT_EQ(again.error().field, "/line_id");
  // DHS sees the line (released to the USA) but does not queue another organization's line.
  auto theirs = Write<Inspection>([&](store::Connection& tx) {
    return QueueInspection(tx, dhs_supervisor_, {.line_id = lines[1]}, kNow);
  });
  EXPECT_EQ(theirs.error().field, "/line_id");
  auto green = Write<Inspection>([&](store::Connection& tx) {
    return QueueInspection(tx, supervisor_, {.line_id = lines[1], .lane = "green"}, kNow);
  });
  EXPECT_EQ(green.error().field, "/lane");

  // DHS reads it, with its own rule named, but its supervisors' writes find nothing of theirs.
  auto seen = Get(dhs_analyst_, q->id);
  ASSERT_TRUE(seen);
  EXPECT_EQ(seen->reasons[0].name, "DHS rule v1");
  EXPECT_EQ(seen->reasons[0].explanation_en, "en");
  auto cancel_theirs = Write<Inspection>([&](store::Connection& tx) {
    return CancelInspection(tx, dhs_supervisor_, q->id, "not ours", kNow);
  });
  EXPECT_EQ(cancel_theirs.error().code, core::ErrorCode::kNotFound);
  auto no_reason = Write<Inspection>(
      [&](store::Connection& tx) { return CancelInspection(tx, supervisor_, q->id, "", kNow); });
  EXPECT_EQ(no_reason.error().field, "/reason");
  auto cancelled = Write<Inspection>([&](store::Connection& tx) {
    return CancelInspection(tx, supervisor_, q->id, "container left on an earlier vessel", kNow);
  });
  ASSERT_TRUE(cancelled) << cancelled.error().ToString();
  EXPECT_EQ(cancelled->status, "cancelled");
  EXPECT_EQ(cancelled->cancel_reason, "container left on an earlier vessel");
  EXPECT_EQ(List(analyst_, {.status = "cancelled"}).size(), 1u);
}

TEST_F(Inspections, AnotherOrganizationsInspectionsAreHidden) {
  const auto own = Lines(analyst_, 1);
  const auto released = Lines(analyst_, 1, "Acme Exports", {"USA"});
  const std::string hidden = Insert(own[0], {});
  const std::string shown = Insert(released[0], {});
  auto got = Get(dhs_analyst_, hidden);
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().code, core::ErrorCode::kNotFound);
  EXPECT_EQ(got.error().reason, "not_found");
  auto listed = List(dhs_analyst_);
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].id, shown);
  const Unit dhs_unit = MakeUnit(dhs_supervisor_, "DHS team");
  // Not to another organization's unit, nor by another organization's supervisor.
  const Unit acp_unit = MakeUnit(supervisor_, "ACP team");
  EXPECT_EQ(Assign(supervisor_, shown, dhs_unit.id).error().field, "/unit_id");
  EXPECT_EQ(Assign(dhs_supervisor_, shown, dhs_unit.id).error().code, core::ErrorCode::kNotFound);
  EXPECT_TRUE(Assign(supervisor_, shown, acp_unit.id));
}

// A constructed set of done inspections with known hits: the baseline is the random selection
// only, each rule is counted on the version that fired, and the bounds are the Wilson ones.
TEST_F(Inspections, YieldCountsEachRuleVersionAgainstTheRandomBaseline) {
  InsertRule("rule-1", "org-acp", "Cover load from a source port", 2);
  InsertRule("rule-2", "org-acp", "New shipper", 1, "retired");
  InsertRule("rule-dhs", "org-dhs", "DHS rule", 1);  // hidden from ACP
  const auto lines = Lines(analyst_, 62);
  std::size_t next = 0;
  const auto add = [&](int count, int positives, const std::string& selection,
                       const std::string& fired) {
    for (int i = 0; i < count; ++i) {
      Insert(lines[next++], {.selection = selection,
                             .fired = fired,
                             .status = "done",
                             .result = i < positives ? "positive" : "negative",
                             .drugs = i < positives ? R"([{"type":"cocaine","kg":10}])" : "[]"});
    }
  };
  const std::string r1v1 = R"([{"rule_id":"rule-1","version":1,"weight":40}])";
  const std::string r1v2 = R"([{"rule_id":"rule-1","version":2,"weight":40}])";
  const std::string r2 = R"([{"rule_id":"rule-2","version":1,"weight":20}])";
  add(20, 1, "random", "[]");  // baseline 1 / 20
  add(10, 5, "rules", r1v1);   // 5 / 10
  add(5, 0, "rules", r1v2);    // 0 / 5
  add(15, 4, "rules", r2);     // rule 2: 4 / 15 by rules ...
  add(5, 1, "manual", r2);     // ... and 1 / 5 chosen by hand: 5 / 20
  // Neither queued nor cancelled inspections count.
  Insert(lines[next++], {.fired = r2});
  Insert(lines[next++], {.fired = r2, .status = "cancelled"});
  // Three current scores where version 2 of rule 1 fired.
  for (int i = 0; i < 3; ++i) {
    Exec(
        "INSERT INTO canal_scores (line_id, owner_org, releasability, run_id, scored_at, score, "
        "lane, selection, fired) SELECT id, owner_org, releasability, 'run', "
        "'2024-08-20T09:00:00.000Z', 40, 'red', 'rules', ? FROM canal_manifest_lines WHERE id = ?",
        {r1v2, lines[next++]});
  }
  // Another organization's positive random inspection is not in ACP's baseline.
  const auto dhs_line = Lines(Scope("org-dhs", "USA", Role::kAnalyst), 1);
  Insert(dhs_line[0], {.selection = "random",
                       .status = "done",
                       .result = "positive",
                       .drugs = R"([{"type":"cocaine","kg":10}])"});

  auto y = store_->Read<Yield>([&](store::Connection& c) { return ComputeYield(c, analyst_, {}); });
  ASSERT_TRUE(y) << y.error().ToString();
  EXPECT_EQ(y->baseline.n, 20);
  EXPECT_EQ(y->baseline.positives, 1);
  EXPECT_DOUBLE_EQ(y->baseline.rate, 0.05);
  EXPECT_EQ(y->rules_overall.n, 30);
  EXPECT_EQ(y->rules_overall.positives, 9);
  EXPECT_NEAR(*y->overall_lift, 0.3 / 0.05, 1e-9);

  ASSERT_EQ(y->rules.size(), 3u);       // rule 1 v1, v2; rule 2 v1; never the hidden DHS rule
  const RuleYield& best = y->rules[0];  // 5/10: the highest low bound
  EXPECT_EQ(best.rule_id, "rule-1");
  EXPECT_EQ(best.version, 1);
  EXPECT_EQ(best.name, "Cover load from a source port v1");
  EXPECT_EQ(best.hits.n, 10);
  EXPECT_EQ(best.hits.positives, 5);
  // 5 / 10: centre 0.5, half-width 1.959964 / 1.384146 × sqrt(0.025 + 0.0096037) = 0.263408.
  EXPECT_NEAR(best.hits.low, 0.236592, 1e-5);
  EXPECT_NEAR(best.hits.high, 0.763408, 1e-5);
  EXPECT_NEAR(*best.lift, 10, 1e-9);
  EXPECT_TRUE(best.beats_chance);
  const RuleYield& second = y->rules[1];
  EXPECT_EQ(second.rule_id, "rule-2");
  EXPECT_EQ(second.status, "retired");
  EXPECT_EQ(second.hits.n, 20);
  EXPECT_EQ(second.hits.positives, 5);
  EXPECT_NEAR(second.hits.low, 0.111862, 1e-5);
  EXPECT_NEAR(*second.lift, 5, 1e-9);
  EXPECT_TRUE(second.beats_chance);  // 0.1119 > 0.05
  const RuleYield& last = y->rules[2];
  EXPECT_EQ(last.version, 2);
  EXPECT_EQ(last.fired, 3);
  EXPECT_EQ(last.hits.n, 5);
  EXPECT_EQ(last.hits.positives, 0);
  EXPECT_NEAR(last.hits.high, 3.841459 / 8.841459, 1e-5);
  EXPECT_FALSE(last.beats_chance);
  EXPECT_NEAR(*last.lift, 0, 1e-12);

  auto by_rule = store_->Read<Yield>(
      [&](store::Connection& c) { return ComputeYield(c, analyst_, {.by_rule = true}); });
  ASSERT_TRUE(by_rule);
  ASSERT_EQ(by_rule->rules.size(), 2u);
  for (const RuleYield& r : by_rule->rules) {
    if (r.rule_id != "rule-1") continue;
    EXPECT_EQ(r.version, 2);  // the current one
    EXPECT_EQ(r.name, "Cover load from a source port");
    EXPECT_EQ(r.hits.n, 15);
    EXPECT_EQ(r.hits.positives, 5);
    EXPECT_EQ(r.fired, 3);
  }

  // A period before every completion holds nothing; no baseline means no lift.
  auto empty = store_->Read<Yield>([&](store::Connection& c) {
    return ComputeYield(c, analyst_, {.to = core::FromUnixSeconds(1700000000)});
  });
  ASSERT_TRUE(empty);
  EXPECT_FALSE(empty->baseline.known);
  EXPECT_FALSE(empty->rules[0].lift.has_value());
  EXPECT_FALSE(empty->rules[0].beats_chance);
}

TEST_F(Inspections, HistoriesCountVisibleLinesInspectionsPositivesAndKgByDrug) {
  const auto shady = Lines(analyst_, 3, "Shady Exports", {}, "ECGYE");
  Insert(shady[0], {.status = "done",
                    .result = "positive",
                    .completed_at = "2024-08-10T10:00:00.000Z",
                    .drugs = R"([{"type":"cocaine","kg":100},{"type":"cannabis","kg":5}])"});
  Insert(shady[1], {.status = "done",
                    .result = "positive",
                    .completed_at = "2024-08-15T10:00:00.000Z",
                    .drugs = R"([{"type":"cocaine","kg":20}])"});
  Insert(shady[2], {.status = "done", .result = "negative"});
  Lines(analyst_, 2, "Clean Coffee");
  auto party_id = store_->Read<std::string>([&](store::Connection& c) -> core::Result<std::string> {
    ISTMO_ASSIGN_OR_RETURN(auto row, c.QueryOne("SELECT shipper_party_id FROM "
                                                "canal_manifest_lines WHERE id = ?",
                                                {shady[0]}));
    return row->Text(0);
  });
  auto h = store_->Read<InspectionHistory>(
      [&](store::Connection& c) { return PartyInspectionHistory(c, analyst_, *party_id); });
  ASSERT_TRUE(h) << h.error().ToString();
  EXPECT_EQ(h->lines, 3);
  EXPECT_EQ(h->inspections, 3);
  EXPECT_EQ(h->positives, 2);
  EXPECT_EQ(h->kg_by_drug, (std::map<std::string, double>{{"cannabis", 5}, {"cocaine", 120}}));
  ASSERT_TRUE(h->last_positive);
  EXPECT_EQ(h->last_positive->line_id, shady[1]);
  auto hidden = store_->Read<InspectionHistory>(
      [&](store::Connection& c) { return PartyInspectionHistory(c, dhs_analyst_, *party_id); });
  EXPECT_EQ(hidden.error().code, core::ErrorCode::kNotFound);

  auto port = store_->Read<InspectionHistory>(
      [&](store::Connection& c) { return PortInspectionHistory(c, analyst_, "ECGYE"); });
  ASSERT_TRUE(port);
  EXPECT_EQ(port->lines, 3);
  EXPECT_EQ(port->positives, 2);
  auto via = store_->Read<InspectionHistory>(
      [&](store::Connection& c) { return PortInspectionHistory(c, analyst_, "PABLB"); });
  EXPECT_EQ(via->lines, 5);  // every line transships at Balboa
  auto unseen = store_->Read<InspectionHistory>(
      [&](store::Connection& c) { return PortInspectionHistory(c, dhs_analyst_, "ECGYE"); });
  ASSERT_TRUE(unseen);
  EXPECT_EQ(unseen->lines, 0);
  EXPECT_EQ(unseen->positives, 0);
}

TEST_F(Inspections, DashboardCountsOnlyWhatTheCallerMaySee) {
  const auto lines = Lines(analyst_, 6);
  const auto transits =
      "transit_date,slot,vessel_imo,vessel_name,direction,lock_set\n"
      "2024-08-20,N01,9074729,TODAY,northbound,panamax\n"
      "2024-08-26,N01,9074729,IN SIX DAYS,northbound,panamax\n"
      "2024-08-27,N01,9074729,IN SEVEN DAYS,northbound,panamax\n"
      "2024-08-19,N01,9074729,YESTERDAY,northbound,panamax\n";
  auto parsed = ParseTransits(transits);
  ASSERT_TRUE(parsed);
  ASSERT_TRUE(ImportTransits(*store_, analyst_, std::move(*parsed), {}, kNow));
  for (int i = 0; i < 3; ++i) {
    Exec(
        "INSERT INTO canal_scores (line_id, owner_org, releasability, run_id, scored_at, score, "
        "lane, selection) SELECT id, owner_org, releasability, 'run', "
        "'2024-08-20T09:00:00.000Z', ?, ?, ? FROM canal_manifest_lines WHERE id = ?",
        {i == 0 ? 0.0 : 50.0, i == 0 ? "green" : "red", i == 2 ? "random" : "rules", lines[i]});
  }
  InsertRule("rule-1", "org-acp", "Rule one", 1);
  const std::string fired = R"([{"rule_id":"rule-1","version":1,"weight":40}])";
  Insert(lines[0], {.selection = "rules",
                    .fired = fired,
                    .status = "done",
                    .result = "positive",
                    .drugs = R"([{"type":"cocaine","kg":300}])"});
  Insert(lines[1], {.selection = "random", .status = "done", .result = "negative"});
  Insert(lines[2], {.selection = "rules",
                    .status = "done",
                    .result = "negative",
                    .completed_at = "2024-06-01T00:00:00.000Z"});  // before the 30 days
  const std::string waiting = Insert(lines[3], {});
  const Unit unit = MakeUnit(supervisor_, "Balboa");
  ASSERT_TRUE(Assign(supervisor_, waiting, unit.id));
  Insert(lines[4], {});

  auto d = store_->Read<Dashboard>(
      [&](store::Connection& c) { return ComputeDashboard(c, analyst_, kNow); });
  ASSERT_TRUE(d) << d.error().ToString();
  EXPECT_EQ(d->transits_next_7_days, 2);
  EXPECT_EQ(d->containers_scored_30d, 3);
  EXPECT_EQ(d->red, 2);
  EXPECT_EQ(d->green, 1);
  EXPECT_EQ(d->random, 1);
  EXPECT_EQ(d->queued, 1);
  EXPECT_EQ(d->assigned, 1);
  ASSERT_EQ(d->by_unit.size(), 1u);
  EXPECT_EQ(d->by_unit[0].name, "Balboa");
  EXPECT_EQ(d->done_30d, 2);
  EXPECT_EQ(d->positives_30d, 1);
  EXPECT_DOUBLE_EQ(d->rules_30d.rate, 1.0);
  EXPECT_DOUBLE_EQ(d->random_30d.rate, 0.0);
  EXPECT_FALSE(d->lift_30d.has_value());  // no random hit yet: no lift
  ASSERT_EQ(d->seizures_30d.size(), 1u);
  EXPECT_EQ(d->seizures_30d[0], (std::pair<std::string, double>{"cocaine", 300}));
  ASSERT_EQ(d->top_rules.size(), 1u);
  EXPECT_EQ(d->top_rules[0].rule_id, "rule-1");

  auto other = store_->Read<Dashboard>(
      [&](store::Connection& c) { return ComputeDashboard(c, dhs_analyst_, kNow); });
  ASSERT_TRUE(other);
  EXPECT_EQ(other->transits_next_7_days, 0);
  EXPECT_EQ(other->containers_scored_30d, 0);
  EXPECT_EQ(other->queued + other->assigned + other->done_30d, 0);
  EXPECT_TRUE(other->top_rules.empty());
}

}  // namespace
}  // namespace istmo::canal

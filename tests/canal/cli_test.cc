// `istmo canal import-manifest` and `import-transits`, the binary run as an operator runs it:
// counts, rejects on stderr by file and line, a second run that changes nothing, and clear
// errors for wrong arguments.
#include <cstdio>
#include <fstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sys/wait.h>

#include "canal/canal_test_util.h"
#include "canal/inspections.h"
#include "store/store.h"
#include "testing/temp_dir.h"

namespace istmo::canal {
namespace {

using ::istmo::testing::TempDir;

struct Outcome {
  int code = -1;
  std::string out;  // stdout and stderr, the log off
};

Outcome Istmo(const std::string& args) {
  const char* dir = std::getenv("ISTMO_BINARY_DIR");
  const std::string command = std::string(dir != nullptr ? dir : ".") + "/istmo " + args +
                              " --log-level off 2>&1 </dev/null";
  Outcome run;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return run;
  char buf[4096];
  std::size_t n;
  while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) run.out.append(buf, n);
  const int status = pclose(pipe);
  run.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

class CanalCli : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = dir_.File("c.db");
    ASSERT_EQ(Istmo("org add ACP --full-name 'Autoridad del Canal' --country PAN --kind canal "
                    "--db '" +
                    db_ + "'")
                  .code,
              0);
  }
  std::string Write(const std::string& name, const std::string& text) {
    const std::string path = dir_.File(name);
    std::ofstream(path) << text;
    return path;
  }
  TempDir dir_;
  std::string db_;
};

TEST_F(CanalCli, ImportsAManifestReportsRejectsByLineAndReimportsNothing) {
  const std::string file = Write("m.csv", testing::kManifestCsv);
  Outcome r =
      Istmo("canal import-manifest '" + file + "' --org ACP --release USA --db '" + db_ + "'");
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("5 lines; imported 3 container lines, 0 unchanged, rejected 2"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find(file + ":4: /container_number: check digit is 4"), std::string::npos)
      << r.out;
  r = Istmo("canal import-manifest '" + file + "' --org ACP --release USA --db '" + db_ + "'");
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("imported 0 container lines, 3 unchanged"), std::string::npos) << r.out;
}

TEST_F(CanalCli, ImportsTransits) {
  const std::string file = Write("t.csv", testing::kTransitsCsv);
  Outcome r = Istmo("canal import-transits '" + file + "' --org ACP --json --db '" + db_ + "'");
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("\"imported\":2"), std::string::npos) << r.out;
}

TEST_F(CanalCli, WrongArgumentsGetClearErrors) {
  const std::string file = Write("m.csv", testing::kManifestCsv);
  Outcome r = Istmo("canal import-manifest '" + file + "' --db '" + db_ + "'");
  EXPECT_EQ(r.code, 64);
  EXPECT_NE(r.out.find("--org is required"), std::string::npos) << r.out;
  r = Istmo("canal import-manifest '" + dir_.File("absent.csv") + "' --org ACP --db '" + db_ + "'");
  EXPECT_EQ(r.code, 64);
  EXPECT_NE(r.out.find("File does not exist"), std::string::npos) << r.out;
  r = Istmo("canal import-manifest '" + file + "' --org NOBODY --db '" + db_ + "'");
  EXPECT_NE(r.code, 0);
  r = Istmo("canal import-manifest '" + Write("bad.csv", "bill_of_lading,oops\n") +
            "' --org ACP --db '" + db_ + "'");
  EXPECT_EQ(r.code, 65);
  EXPECT_NE(r.out.find("bad.csv:1: unknown column 'oops'"), std::string::npos) << r.out;
  r = Istmo("canal import-manifest '" + file + "' --org ACP --release NARNIA --db '" + db_ + "'");
  EXPECT_EQ(r.code, 65);
  r = Istmo("canal");
  EXPECT_EQ(r.code, 64);
}

// Risk commands (canal/risk.h): a rule file loaded once, rules listed, checked, added and
// retired, an import scored at once, a rescore.
TEST_F(CanalCli, LoadsRulesScoresImportsAndRetiresARule) {
  const std::string rules = Write("rules.json", R"({
    "lists": [{"name": "source_ports", "kind": "ports", "items": ["COBUN"]}],
    "rules": [{"name": "from a source port", "expression": "port_of_loading in @source_ports",
               "weight": 30, "explanation": {"es": "origen", "en": "source"}}]})");
  const std::string db = " --org ACP --db '" + db_ + "'";
  Outcome r = Istmo("canal lists load '" + rules + "'" + db);
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("lists: 1 created, 0 updated, 0 unchanged; rules: 1 created"),
            std::string::npos)
      << r.out;
  r = Istmo("canal lists load '" + rules + "' --json" + db);
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("\"rules\":{\"created\":0,\"unchanged\":1,\"updated\":0}"),
            std::string::npos)
      << r.out;

  r = Istmo("canal rules check 'weight_kg > 1 and port_of_loading in @source_ports'" + db);
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("ok; lists: @source_ports"), std::string::npos) << r.out;
  r = Istmo("canal rules check 'weigth_kg > 1'" + db);
  EXPECT_EQ(r.code, 65);
  EXPECT_NE(r.out.find("/expression"), std::string::npos) << r.out;

  r = Istmo(
      "canal rules add --name heavy --expression 'weight_kg > 15000' --weight 20 --es "
      "pesado --en heavy --json" +
      db);
  ASSERT_EQ(r.code, 0) << r.out;
  const std::string id = nlohmann::json::parse(r.out.substr(0, r.out.find('\n')))["id"];
  r = Istmo("canal rules add --name bad --expression 'nope' --weight 20 --es x --en x" + db);
  EXPECT_EQ(r.code, 65) << r.out;

  r = Istmo("canal import-manifest '" + Write("m.csv", testing::kManifestCsv) + "' --json" + db);
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("\"score\":{"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"scored\":3"), std::string::npos) << r.out;

  r = Istmo("canal rules retire " + id + " --reason 'no lift'" + db);
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("retired"), std::string::npos) << r.out;
  r = Istmo("canal rules list --status active --json" + db);
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_EQ(r.out.find("heavy"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("from a source port"), std::string::npos) << r.out;

  r = Istmo("canal score" + db);
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("scored 3 lines"), std::string::npos) << r.out;
}

TEST_F(CanalCli, RiskCommandsGetClearErrorsForWrongArguments) {
  Outcome r = Istmo("canal rules list --db '" + db_ + "'");
  EXPECT_EQ(r.code, 64);
  EXPECT_NE(r.out.find("--org is required"), std::string::npos) << r.out;
  r = Istmo("canal rules");
  EXPECT_EQ(r.code, 64);
  r = Istmo(
      "canal rules add --name x --expression 'weight_kg > 1' --weight 500 --es x --en x "
      "--org ACP --db '" +
      db_ + "'");
  EXPECT_EQ(r.code, 64);
  EXPECT_NE(r.out.find("--weight"), std::string::npos) << r.out;
  r = Istmo("canal lists load '" + Write("bad.json", "{\"rules\": [{\"name\": 1}]}") +
            "' --org ACP --db '" + db_ + "'");
  EXPECT_EQ(r.code, 65);
  EXPECT_NE(r.out.find("bad.json: /rules/0/name"), std::string::npos) << r.out;
  r = Istmo("canal score --import 01900000-0000-7000-8000-000000000000 --org ACP --db '" + db_ +
            "'");
  EXPECT_EQ(r.code, 66) << r.out;
  r = Istmo("canal rules retire 01900000-0000-7000-8000-000000000000 --org ACP --db '" + db_ + "'");
  EXPECT_EQ(r.code, 64);
  EXPECT_NE(r.out.find("--reason is required"), std::string::npos) << r.out;
}

// `istmo canal inspections list` and `result`: an assigned inspection gets its result from a
// file, once; a bad file names itself and the field.
TEST_F(CanalCli, ListsInspectionsAndRecordsAResultFromAFile) {
  const std::string manifest = Write("m.csv", testing::kManifestCsv);
  ASSERT_EQ(Istmo("canal import-manifest '" + manifest + "' --org ACP --db '" + db_ + "'").code, 0);
  std::string id;
  {
    auto opened = store::Store::Open({.url = db_}, Migrations());
    ASSERT_TRUE(opened) << opened.error().ToString();
    auto x = (*opened)->Write<Inspection>([&](store::Connection& tx) -> core::Result<Inspection> {
      ISTMO_ASSIGN_OR_RETURN(auto line, tx.QueryOne("SELECT id, owner_org FROM "
                                                    "canal_manifest_lines ORDER BY id LIMIT 1"));
      store::AccessScope acp = store::AccessScope::System();
      acp.org_id = line->Text(1);
      const core::Timestamp now = core::SystemClock::Get().Now();
      ISTMO_ASSIGN_OR_RETURN(auto unit, CreateUnit(tx, acp, "Balboa team", "PABLB", now));
      ISTMO_ASSIGN_OR_RETURN(auto queued, QueueInspection(tx, acp, {.line_id = line->Text(0)}, now));
      return AssignInspection(tx, acp, queued.id, unit.id, now);
    });
    ASSERT_TRUE(x) << x.error().ToString();
    id = x->id;
  }
  Outcome r = Istmo("canal inspections list --org ACP --db '" + db_ + "'");
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find(id), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("assigned"), std::string::npos) << r.out;

  const std::string bad = Write("bad.json", R"({"scan_result": "clear"})");
  r = Istmo("canal inspections result " + id + " --file '" + bad + "' --db '" + db_ + "'");
  EXPECT_EQ(r.code, 65);
  EXPECT_NE(r.out.find("bad.json: "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("/physical_exam"), std::string::npos) << r.out;

  const std::string good = Write(
      "r.json", R"({"scan_result": "anomaly", "physical_exam": "done", "seal_check": "broken",
                    "result": "positive", "drugs": [{"type": "cocaine", "kg": 31.5}]})");
  r = Istmo("canal inspections result " + id + " --file '" + good + "' --json --db '" + db_ + "'");
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("\"result\":\"positive\""), std::string::npos) << r.out;
  // Recorded: a second run is a correction, which needs a reason.
  r = Istmo("canal inspections result " + id + " --file '" + good + "' --db '" + db_ + "'");
  EXPECT_EQ(r.code, 65);
  EXPECT_NE(r.out.find("/correction_reason"), std::string::npos) << r.out;
  r = Istmo("canal inspections result 01900000-0000-7000-8000-000000000000 --file '" + good +
            "' --db '" + db_ + "'");
  EXPECT_EQ(r.code, 66) << r.out;
  r = Istmo("canal inspections list --status open --db '" + db_ + "'");
  EXPECT_NE(r.code, 0);
  r = Istmo("canal inspections list --status done --json --db '" + db_ + "'");
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find(id), std::string::npos) << r.out;
}

// The arithmetic and --apply's versions are tests/canal/weights_test.cc's; here the command's
// shape: a rule with no inspection is "insufficient", --apply then writes nothing, and a bad
// threshold is a usage error.
TEST_F(CanalCli, RulesSuggestPrintsEachActiveRulesSuggestion) {
  const std::string db = " --org ACP --db '" + db_ + "'";
  Outcome r = Istmo(
      "canal rules add --name heavy --expression 'weight_kg > 15000' --weight 20 --es pesado "
      "--en heavy" +
      db);
  ASSERT_EQ(r.code, 0) << r.out;
  r = Istmo("canal rules suggest" + db);
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("baseline: 0 positives in 0 random inspections (rate used none)"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("w20    -> insufficient 0/0 inspected positive, lift -  heavy"),
            std::string::npos)
      << r.out;
  r = Istmo("canal rules suggest --apply --json --min-inspected 5" + db);
  ASSERT_EQ(r.code, 0) << r.out;
  const auto j = nlohmann::json::parse(r.out.substr(0, r.out.find('\n')));
  EXPECT_EQ(j["applied"], 0);
  EXPECT_EQ(j["rules"][0]["action"], "insufficient");
  r = Istmo("canal rules suggest --min-inspected 0" + db);
  EXPECT_EQ(r.code, 64) << r.out;
}

}  // namespace
}  // namespace istmo::canal

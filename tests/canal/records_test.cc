// Manifests and transits in the store: one transaction per import, idempotent re-import,
// parties linked across spellings, releasability in every read, and an acknowledged import that
// survives kill -9.
#include "canal/records.h"

#include <signal.h>
#include <unistd.h>

#include <gtest/gtest.h>
#include <sys/wait.h>

#include "canal/canal_test_util.h"
#include "core/time.h"
#include "store/store.h"
#include "testing/temp_dir.h"

namespace istmo::canal {
namespace {

using testing::kManifestCsv;
using testing::kTransitsCsv;

const core::Timestamp kNow = core::FromUnixSeconds(1724162580);  // 2024-08-20T14:03:00Z

store::AccessScope Scope(const std::string& org, const std::string& country, store::Role role) {
  store::AccessScope s;
  s.user_id = "user-of-" + org;
  s.org_id = org;
  s.country = country;
  s.roles = static_cast<std::uint8_t>(role);
  return s;
}

class CanalStore : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = store::Store::Open({.url = (dir_.path() / "canal.db").string()}, Migrations());
    ASSERT_TRUE(s) << s.error().ToString();
    store_ = std::move(s).value();
  }
  ImportReport Import(const std::string& text, const store::AccessScope& scope,
                      std::vector<std::string> rel = {}) {
    auto parsed = ParseManifest(text);
    EXPECT_TRUE(parsed) << parsed.error().ToString();
    auto report = ImportManifest(*store_, scope, std::move(*parsed), {.releasability = rel}, kNow);
    EXPECT_TRUE(report) << report.error().ToString();
    return report ? *report : ImportReport{};
  }
  std::vector<ContainerLine> Lines(const store::AccessScope& scope, ContainerQuery q = {}) {
    auto r = store_->Read<std::vector<ContainerLine>>(
        [&](store::Connection& c) { return ListContainerLines(c, scope, q); });
    EXPECT_TRUE(r) << r.error().ToString();
    return r ? *r : std::vector<ContainerLine>{};
  }
  std::int64_t Count(const std::string& table) {
    auto r = store_->Read<std::int64_t>([&](store::Connection& c) -> core::Result<std::int64_t> {
      ISTMO_ASSIGN_OR_RETURN(auto row, c.QueryOne("SELECT count(*) FROM " + table));
      return row->Int(0);
    });
    return r ? *r : -1;
  }

  istmo::testing::TempDir dir_;
  std::unique_ptr<store::Store> store_;
  const store::AccessScope acp_ = Scope("org-acp", "PAN", store::Role::kAnalyst);
  const store::AccessScope senan_ = Scope("org-senan", "PAN", store::Role::kOfficer);
  const store::AccessScope dhs_ = Scope("org-dhs", "USA", store::Role::kAnalyst);
};

// A first import is larger than the (empty) table: its indexes are dropped and built again after
// the rows. They must all be back, as they were, and serve the party and vessel queries.
TEST_F(CanalStore, AFirstImportLeavesEveryIndexAsItWas) {
  const auto indexes = [&] {
    auto r = store_->Read<std::vector<std::string>>(
        [&](store::Connection& c) -> core::Result<std::vector<std::string>> {
          ISTMO_ASSIGN_OR_RETURN(auto rows,
                                 c.Query("SELECT name, sql FROM sqlite_schema WHERE type = 'index' "
                                         "AND tbl_name = 'canal_manifest_lines' ORDER BY name"));
          std::vector<std::string> out;
          for (const store::Row& row : rows) out.push_back(row.Text(0) + ": " + row.Text(1));
          return out;
        });
    EXPECT_TRUE(r) << r.error().ToString();
    return r ? *r : std::vector<std::string>{};
  };
  const std::vector<std::string> before = indexes();
  ASSERT_GE(before.size(), 4u);
  EXPECT_EQ(Import(kManifestCsv, acp_).imported, 3);
  EXPECT_EQ(indexes(), before);
  const auto lines = Lines(acp_);
  ASSERT_FALSE(lines.empty());
  const auto by_party = Lines(acp_, {.party_id = lines[0].shipper.party_id});
  ASSERT_FALSE(by_party.empty());
  EXPECT_EQ(by_party[0].id, lines[0].id);
}

// Migration canal 10 rebuilds the lines table without its REFERENCES to imports and parties, on a
// database that already holds lines with scores and inspections pointing to them: every line
// comes back under its id, the children still resolve, and the indexes are those of before.
TEST_F(CanalStore, DroppingTheLinesForeignKeysKeepsLinesAndWhatPointsToThem) {
  const auto schema = [&](const std::string& type) {
    auto r = store_->Read<std::vector<std::string>>(
        [&](store::Connection& c) -> core::Result<std::vector<std::string>> {
          ISTMO_ASSIGN_OR_RETURN(auto rows, c.Query("SELECT name, sql FROM sqlite_schema WHERE "
                                                    "type = ? AND tbl_name = "
                                                    "'canal_manifest_lines' ORDER BY name",
                                                    {type}));
          std::vector<std::string> out;
          for (const store::Row& row : rows) out.push_back(row.Text(0) + ": " + row.Text(1));
          return out;
        });
    EXPECT_TRUE(r) << r.error().ToString();
    return r ? *r : std::vector<std::string>{};
  };
  std::vector<store::Migration> before_10;
  for (store::Migration& m : Migrations()) {
    if (m.version < 10) before_10.push_back(std::move(m));
  }
  const std::string path = (dir_.path() / "before-10.db").string();
  store_.reset();
  auto old = store::Store::Open({.url = path}, before_10);
  ASSERT_TRUE(old) << old.error().ToString();
  store_ = std::move(old).value();
  const std::vector<std::string> indexes = schema("index");
  ASSERT_EQ(Import(kManifestCsv, acp_).imported, 3);
  const std::vector<ContainerLine> lines = Lines(acp_);
  ASSERT_EQ(lines.size(), 3u);
  ASSERT_TRUE(store_->Write([&](store::Connection& tx) -> core::Status {
    ISTMO_RETURN_IF_ERROR(tx.Exec(
        "INSERT INTO canal_scores (line_id, owner_org, run_id, scored_at, score, lane, selection) "
        "VALUES (?, 'org-acp', 'run', '2024-08-20T14:03:00.000Z', 12, 'red', 'rules')",
        {lines[0].id}));
    ISTMO_RETURN_IF_ERROR(tx.Exec(
        "INSERT INTO canal_inspections (id, created_at, updated_at, owner_org, line_id, lane, "
        "selection, score, status) VALUES ('insp', '2024-08-20T14:03:00.000Z', "
        "'2024-08-20T14:03:00.000Z', 'org-acp', ?, 'red', 'rules', 12, 'queued')",
        {lines[1].id}));
    return core::Ok();
  }));
  store_.reset();

  auto reopened = store::Store::Open({.url = path}, Migrations());
  ASSERT_TRUE(reopened) << reopened.error().ToString();
  store_ = std::move(reopened).value();
  const std::vector<std::string> table = schema("table");
  ASSERT_EQ(table.size(), 1u);
  EXPECT_EQ(table[0].find("REFERENCES"), std::string::npos) << table[0];
  EXPECT_EQ(schema("index"), indexes);
  const std::vector<ContainerLine> after = Lines(acp_);
  ASSERT_EQ(after.size(), lines.size());
  for (std::size_t i = 0; i < lines.size(); ++i) {
    EXPECT_EQ(after[i].id, lines[i].id);
    EXPECT_EQ(after[i].shipper.party_id, lines[i].shipper.party_id);
    EXPECT_EQ(after[i].container_number, lines[i].container_number);
    EXPECT_EQ(after[i].vessel_imo, lines[i].vessel_imo);
  }
  EXPECT_EQ(Count("canal_scores"), 1);
  EXPECT_EQ(Count("canal_inspections"), 1);
  EXPECT_EQ(Count("pragma_foreign_key_check"), 0);
  EXPECT_EQ(Count("sqlite_schema WHERE name = 'canal_manifest_lines_hold'"), 0);
  // The children keep their REFERENCES to the rebuilt table: a score of no line is refused.
  EXPECT_FALSE(store_->Write([&](store::Connection& tx) -> core::Status {
    ISTMO_RETURN_IF_ERROR(tx.Exec(
        "INSERT INTO canal_scores (line_id, owner_org, run_id, scored_at, score, lane, selection) "
        "VALUES ('no-such-line', 'org-acp', 'run', '2024-08-20T14:03:00.000Z', 1, 'green', "
        "'none')"));
    return core::Ok();
  }));
  // A re-import finds its lines in the rebuilt table.
  EXPECT_EQ(Import(kManifestCsv, acp_).unchanged, 3);
}

TEST_F(CanalStore, ImportsGoodLinesAndReportsBadOnesByLine) {
  const ImportReport r = Import(kManifestCsv, acp_);
  EXPECT_EQ(r.lines, 5);
  EXPECT_EQ(r.imported, 3);
  EXPECT_EQ(r.unchanged, 0);
  ASSERT_EQ(r.rejects.size(), 2u);
  EXPECT_EQ(r.rejects[0].line, 4);
  EXPECT_EQ(r.rejects[1].line, 5);
  const auto lines = Lines(acp_);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0].owner_org, "org-acp");
  EXPECT_EQ(lines[0].import_id, r.import_id);
  EXPECT_EQ(lines[0].line, 2);
  EXPECT_EQ(lines[0].seals, (std::vector<std::string>{"SL-1", "SL-2"}));
  EXPECT_EQ(lines[1].transshipment_ports, (std::vector<std::string>{"PABLB", "PAMIT"}));
  EXPECT_EQ(Count("canal_imports"), 1);
}

TEST_F(CanalStore, ReimportingTheSameFileChangesNothing) {
  const ImportReport first = Import(kManifestCsv, acp_);
  const ImportReport again = Import(kManifestCsv, acp_);
  EXPECT_EQ(again.imported, 0);
  EXPECT_EQ(again.unchanged, first.imported);
  EXPECT_EQ(again.rejects.size(), first.rejects.size());
  EXPECT_EQ(Count("canal_manifest_lines"), 3);
  // cafe exportadora, global imports, harbor brokers, ocean trading, y ('Y Co')
  EXPECT_EQ(Count("canal_parties"), 5);
}

TEST_F(CanalStore, KeepsTheCarryingVesselOfALine) {
  Import(
      "bill_of_lading,container_number,shipper_name,consignee_name,hs_code,port_of_loading,"
      "port_of_discharge,weight_kg,vessel_imo,voyage\n"
      "B1,CSQU3054383,S,C,0901,COBUN,USMIA,10,9074729,452N\n"
      "B2,CSQU3054383,S,C,0901,COBUN,USMIA,10,,\n",
      acp_);
  const auto lines = Lines(acp_);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].vessel_imo, "9074729");
  EXPECT_EQ(lines[0].voyage, "452N");
  EXPECT_EQ(lines[1].vessel_imo, "");
}

TEST_F(CanalStore, SameKeyWithOtherFieldsIsRejectedAndTheFirstVersionKept) {
  Import(kManifestCsv, acp_);
  std::string changed = kManifestCsv;
  changed.replace(changed.find("18200.5"), 7, "19000.0");
  const ImportReport r = Import(changed, acp_);
  EXPECT_EQ(r.imported, 0);
  EXPECT_EQ(r.unchanged, 2);
  ASSERT_EQ(r.rejects.size(), 3u);
  EXPECT_EQ(r.rejects[0].line, 2);
  EXPECT_EQ(r.rejects[0].field, "/container_number");
  EXPECT_NE(r.rejects[0].message.find("imported before"), std::string::npos);
  EXPECT_DOUBLE_EQ(Lines(acp_, {.bill_of_lading = "MEDU1234567"}).at(0).weight_kg, 18200.5);
}

TEST_F(CanalStore, AnotherOrganizationsImportOfTheSameLineIsItsOwn) {
  Import(kManifestCsv, acp_);
  const ImportReport r = Import(kManifestCsv, senan_);
  EXPECT_EQ(r.imported, 3);
  EXPECT_EQ(Count("canal_manifest_lines"), 6);
  EXPECT_EQ(Count("canal_parties"), 5);  // parties are shared
}

TEST_F(CanalStore, LinksAPartysSpellingsAndShowsOnlyWhatIsReleased) {
  Import(kManifestCsv, acp_, {"USA"});
  const auto lines = Lines(acp_);
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0].shipper.party_id, lines[1].shipper.party_id);
  EXPECT_EQ(lines[0].consignee.party_id, lines[1].consignee.party_id);
  EXPECT_NE(lines[0].shipper.party_id, lines[2].shipper.party_id);
  auto party = store_->Read<PartyHistory>(
      [&](store::Connection& c) { return GetParty(c, dhs_, lines[0].shipper.party_id); });
  ASSERT_TRUE(party) << party.error().ToString();
  EXPECT_EQ(party->key, "cafe exportadora");
  EXPECT_EQ(party->lines, 2);
  ASSERT_EQ(party->spellings.size(), 2u);
  EXPECT_EQ(party->containers, (std::vector<std::string>{"CSQU3054383"}));
  // SENAN (PAN, not named) sees neither the lines nor the party.
  EXPECT_TRUE(Lines(senan_).empty());
  auto hidden = store_->Read<PartyHistory>(
      [&](store::Connection& c) { return GetParty(c, senan_, lines[0].shipper.party_id); });
  ASSERT_FALSE(hidden);
  EXPECT_EQ(hidden.error().code, core::ErrorCode::kNotFound);
  auto container = store_->Read<Container>(
      [&](store::Connection& c) { return GetContainer(c, senan_, "CSQU3054383"); });
  ASSERT_FALSE(container);
  EXPECT_EQ(container.error().code, core::ErrorCode::kNotFound);
}

TEST_F(CanalStore, FiltersByPartyHsPrefixAndPort) {
  Import(kManifestCsv, acp_);
  const auto all = Lines(acp_);
  EXPECT_EQ(Lines(acp_, {.hs_code = "09"}).size(), 2u);
  EXPECT_EQ(Lines(acp_, {.hs_code = "8471"}).size(), 1u);
  EXPECT_EQ(Lines(acp_, {.port = "PAMIT"}).size(), 1u);
  EXPECT_EQ(Lines(acp_, {.port = "PABLB"}).size(), 3u);
  EXPECT_EQ(Lines(acp_, {.port = "USLAX"}).size(), 1u);
  EXPECT_EQ(Lines(acp_, {.party_id = all[0].consignee.party_id}).size(), 2u);
  const auto page = Lines(acp_, {.limit = 2});
  ASSERT_EQ(page.size(), 2u);
  EXPECT_EQ(Lines(acp_, {.after = page.back().id}).size(), 1u);
}

TEST_F(CanalStore, ImportNeedsAnOfficerOrAnalystOfAnOrganization) {
  auto parsed = ParseManifest(kManifestCsv);
  ASSERT_TRUE(parsed);
  auto denied =
      ImportManifest(*store_, Scope("org-acp", "PAN", store::Role::kSupervisor), *parsed, {}, kNow);
  ASSERT_FALSE(denied);
  EXPECT_EQ(denied.error().code, core::ErrorCode::kPermissionDenied);
  auto bad_rel = ImportManifest(*store_, acp_, *parsed, {.releasability = {"NARNIA"}}, kNow);
  ASSERT_FALSE(bad_rel);
  EXPECT_EQ(bad_rel.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(Count("canal_manifest_lines"), 0);
  EXPECT_EQ(Count("canal_imports"), 0);
}

TEST_F(CanalStore, TransitsImportOnceAndReadByDate) {
  auto parsed = ParseTransits(kTransitsCsv);
  ASSERT_TRUE(parsed);
  auto first = ImportTransits(*store_, acp_, *parsed, {.releasability = {"ALL"}}, kNow);
  ASSERT_TRUE(first) << first.error().ToString();
  EXPECT_EQ(first->imported, 2);
  EXPECT_EQ(first->rejects.size(), 2u);
  auto again = ImportTransits(*store_, acp_, *parsed, {}, kNow);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->imported, 0);
  EXPECT_EQ(again->unchanged, 2);
  auto seen = store_->Read<std::vector<Transit>>([&](store::Connection& c) {
    return ListTransits(c, dhs_,
                        {.from = "2024-08-20", .to = "2024-08-20", .direction = "northbound"});
  });
  ASSERT_TRUE(seen);
  ASSERT_EQ(seen->size(), 1u);
  EXPECT_EQ((*seen)[0].fields.slot, "N07");
  EXPECT_EQ((*seen)[0].fields.mmsi, "352001234");
  EXPECT_EQ((*seen)[0].releasability, (std::vector<std::string>{"ALL"}));
}

// The child imports, reports success on a pipe (the acknowledgement), then kills itself with
// SIGKILL: no destructor runs. Reopened, the store has every line of the acknowledged import.
TEST_F(CanalStore, AcknowledgedImportSurvivesKill9) {
  const std::string db = (dir_.path() / "crash.db").string();
  { ASSERT_TRUE(store::Store::Open({.url = db}, Migrations())); }
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    close(fds[0]);
    auto s = store::Store::Open({.url = db}, Migrations());
    if (!s) _exit(3);
    auto parsed = ParseManifest(kManifestCsv);
    if (!parsed) _exit(4);
    auto r = ImportManifest(**s, acp_, std::move(*parsed), {}, kNow);
    if (!r || r->imported != 3) _exit(5);
    const char ok = 'y';
    if (write(fds[1], &ok, 1) != 1) _exit(6);
    raise(SIGKILL);
    _exit(7);
  }
  close(fds[1]);
  char ack = 0;
  const bool acknowledged = read(fds[0], &ack, 1) == 1 && ack == 'y';
  close(fds[0]);
  int status = 0;
  waitpid(child, &status, 0);
  ASSERT_TRUE(acknowledged);
  ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
  auto reopened = store::Store::Open({.url = db}, Migrations());
  ASSERT_TRUE(reopened);
  auto lines = (*reopened)->Read<std::vector<ContainerLine>>(
      [&](store::Connection& c) { return ListContainerLines(c, acp_, {}); });
  ASSERT_TRUE(lines);
  EXPECT_EQ(lines->size(), 3u);
}

}  // namespace
}  // namespace istmo::canal

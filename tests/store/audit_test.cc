#include "store/audit.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include "core/id.h"
#include "testing/temp_dir.h"

namespace istmo::store {
namespace {

class AuditTest : public ::testing::Test {
 protected:
  void SetUp() override { Reopen(""); }
  // Closes the store and opens the same file as site `site_id` ("" keeps the stored id).
  void Reopen(const std::string& site_id, const std::string& file = "a.db") {
    store_.reset();
    auto s = Store::Open({.url = dir_.File(file), .site_id = site_id});
    ASSERT_TRUE(s) << s.error().ToString();
    store_ = std::move(s).value();
  }
  void Append(int n, const std::string& org) {
    for (int i = 0; i < n; ++i) {
      ASSERT_TRUE(store_->Write([&](Connection& c) -> core::Status {
        ISTMO_RETURN_IF_ERROR(AppendAudit(c,
                                          {.actor_user_id = "u1", .actor = "senafront.admin",
                                           .actor_org = org, .action = "user.create",
                                           .object_type = "user", .object_id = std::to_string(i),
                                           .detail = R"({"username":"x"})"},
                                          clock_.Now()));
        return core::Ok();
      }));
      clock_.Advance(std::chrono::seconds(1));
    }
  }
  // Edits the file behind the store's back, as an attacker with file access would.
  void RawExec(const std::string& sql, const std::string& file = "a.db") {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(dir_.File(file).c_str(), &db), SQLITE_OK);
    char* err = nullptr;
    int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
    EXPECT_EQ(rc, SQLITE_OK) << (err ? err : "");
    sqlite3_free(err);
    sqlite3_close(db);
  }
  AuditVerification Verify() {
    return *store_->Read<AuditVerification>([](Connection& c) { return VerifyAudit(c); });
  }
  std::string Site() {
    return *store_->Read<std::string>([](Connection& c) { return SiteId(c); });
  }
  // The chain of `origin` in a verification; fails the test when there is none.
  static ChainVerification Chain(const AuditVerification& v, const std::string& origin) {
    for (const auto& ch : v.chains) {
      if (ch.origin == origin) return ch;
    }
    ADD_FAILURE() << "no chain " << origin;
    return {};
  }

  testing::TempDir dir_;
  core::FakeClock clock_{core::FromUnixSeconds(1724162580)};
  std::unique_ptr<Store> store_;
};

TEST_F(AuditTest, ChainVerifies) {
  Append(5, "org-a");
  AuditVerification v = Verify();
  EXPECT_TRUE(v.ok) << v.reason;
  EXPECT_EQ(v.entries, 5);
  ASSERT_EQ(v.chains.size(), 1u);
  EXPECT_EQ(v.chains[0].origin, Site());
  EXPECT_TRUE(v.chains[0].local);
}

TEST_F(AuditTest, UnconfiguredSiteKeepsTheIdGeneratedWithTheDatabase) {
  const std::string generated = Site();
  EXPECT_TRUE(core::IsUuid(generated)) << generated;
  Reopen("");
  EXPECT_EQ(Site(), generated);
  Reopen("darien-lajas-blancas");
  EXPECT_EQ(Site(), "darien-lajas-blancas");
  Reopen("");  // a later run without the setting keeps the configured id
  EXPECT_EQ(Site(), "darien-lajas-blancas");
}

TEST_F(AuditTest, RefusesASiteIdThatIsNotAName) {
  store_.reset();
  auto s = Store::Open({.url = dir_.File("a.db"), .site_id = "hq'; DROP TABLE audit_log; --"});
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().field, "site.id");
}

TEST_F(AuditTest, EachOriginHasItsOwnChain) {
  Reopen("station-a");
  Append(3, "org-a");
  Reopen("station-b");
  Append(2, "org-a");
  AuditVerification v = Verify();
  EXPECT_TRUE(v.ok) << v.reason;
  EXPECT_EQ(v.entries, 5);
  ASSERT_EQ(v.chains.size(), 2u);
  EXPECT_EQ(Chain(v, "station-a").entries, 3);
  EXPECT_FALSE(Chain(v, "station-a").local);
  EXPECT_EQ(Chain(v, "station-b").entries, 2);
  EXPECT_TRUE(Chain(v, "station-b").local);
  // This site's list starts its own numbering.
  auto mine = store_->Read<std::vector<AuditRecord>>(
      [](Connection& c) { return ListAudit(c, AccessScope::System(), 10); });
  ASSERT_EQ(mine->size(), 2u);
  EXPECT_EQ((*mine)[0].origin, "station-b");
  EXPECT_EQ((*mine)[0].seq, 2);
  auto theirs = store_->Read<std::vector<AuditRecord>>(
      [](Connection& c) { return ListAudit(c, AccessScope::System(), 10, 0, "station-a"); });
  ASSERT_EQ(theirs->size(), 3u);
}

// Headquarters holds the chains of several stations side by side; each is verified on its own,
// and damage to one names that one.
TEST_F(AuditTest, MergedChainsOfSeveralStationsVerifyIndependently) {
  for (const std::string station : {"station-a", "station-b"}) {
    Reopen(station, station + ".db");
    Append(3, "org-" + station);
  }
  Reopen("hq", "hq.db");
  Append(2, "org-hq");
  store_.reset();
  RawExec("ATTACH '" + dir_.File("station-a.db") + "' AS a; ATTACH '" + dir_.File("station-b.db") +
              "' AS b; INSERT INTO audit_log SELECT * FROM a.audit_log;"
              " INSERT INTO audit_log SELECT * FROM b.audit_log;",
          "hq.db");
  Reopen("", "hq.db");
  AuditVerification v = Verify();
  EXPECT_TRUE(v.ok) << v.reason;
  EXPECT_EQ(v.chains.size(), 3u);
  EXPECT_EQ(v.entries, 8);

  RawExec("DROP TRIGGER audit_log_no_update;"
          " UPDATE audit_log SET detail = '{}' WHERE origin = 'station-b' AND seq = 2;",
          "hq.db");
  v = Verify();
  EXPECT_FALSE(v.ok);
  EXPECT_TRUE(Chain(v, "station-a").ok);
  EXPECT_TRUE(Chain(v, "hq").ok);
  ChainVerification b = Chain(v, "station-b");
  EXPECT_FALSE(b.ok);
  EXPECT_EQ(b.first_bad_seq, 2);
  EXPECT_EQ(b.entries, 3);
  EXPECT_EQ(v.first_bad_seq, 2);
  EXPECT_NE(v.reason.find("station-b"), std::string::npos) << v.reason;
}

TEST_F(AuditTest, DetectsAChainRelabelledAsAnotherOrigin) {
  Reopen("station-a");
  Append(2, "org-a");
  // Links and numbers stay whole; only the hash, which covers the origin, gives it away.
  RawExec("DROP TRIGGER audit_log_no_update;"
          " UPDATE audit_log SET origin = 'station-z' WHERE origin = 'station-a';");
  AuditVerification v = Verify();
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(Chain(v, "station-z").first_bad_seq, 1);
}

TEST_F(AuditTest, DatabaseRefusesUpdateAndDelete) {
  Append(2, "org-a");
  core::Status upd = store_->Write([](Connection& c) -> core::Status {
    ISTMO_RETURN_IF_ERROR(c.Exec("UPDATE audit_log SET actor = 'someone else' WHERE seq = 1"));
    return core::Ok();
  });
  ASSERT_FALSE(upd);
  EXPECT_NE(upd.error().message.find("append-only"), std::string::npos) << upd.error().message;
  core::Status del = store_->Write([](Connection& c) -> core::Status {
    ISTMO_RETURN_IF_ERROR(c.Exec("DELETE FROM audit_log"));
    return core::Ok();
  });
  ASSERT_FALSE(del);
  EXPECT_TRUE(Verify().ok);
}

TEST_F(AuditTest, DetectsAnEditedEntry) {
  Append(4, "org-a");
  RawExec("DROP TRIGGER audit_log_no_update; UPDATE audit_log SET detail = '{}' WHERE seq = 3;");
  AuditVerification v = Verify();
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.first_bad_seq, 3);
}

TEST_F(AuditTest, DetectsADeletedEntry) {
  Append(4, "org-a");
  RawExec("DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq = 2;");
  AuditVerification v = Verify();
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.first_bad_seq, 3);
  EXPECT_NE(v.reason.find("missing"), std::string::npos);
}

TEST_F(AuditTest, DetectsARewrittenTail) {
  Append(3, "org-a");
  // Recomputing one hash without the chain's earlier links still breaks the next link.
  RawExec("DROP TRIGGER audit_log_no_update; UPDATE audit_log SET hash = 'ff' WHERE seq = 2;");
  AuditVerification v = Verify();
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.first_bad_seq, 2);
}

TEST_F(AuditTest, ListIsNewestFirstAndScopedToTheOrganization) {
  Append(3, "org-a");
  Append(2, "org-b");
  AccessScope a{.org_id = "org-a"};
  auto list = store_->Read<std::vector<AuditRecord>>([&](Connection& c) { return ListAudit(c, a, 10); });
  ASSERT_TRUE(list);
  ASSERT_EQ(list->size(), 3u);
  EXPECT_EQ((*list)[0].seq, 3);
  auto page = store_->Read<std::vector<AuditRecord>>(
      [&](Connection& c) { return ListAudit(c, AccessScope::System(), 2, 4); });
  ASSERT_EQ(page->size(), 2u);
  EXPECT_EQ((*page)[0].seq, 3);
  EXPECT_EQ((*page)[1].seq, 2);
}

}  // namespace
}  // namespace istmo::store

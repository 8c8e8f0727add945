// Store migration 2 carries the single audit chain of a version-1 database over to the chain of
// this site. The database here is built as version 1 left it: its schema, and entries hashed
// the way version 1 hashed them (computed below, independently of store/audit.cc).
#include <sodium.h>

#include <gtest/gtest.h>
#include <sqlite3.h>

#include "core/id.h"
#include "store/audit.h"
#include "store/internal/schema.h"
#include "testing/temp_dir.h"

namespace istmo::store {
namespace {

// Version 1's entry hash: SHA-256 over the previous hash and the fields, separated by 0x1f.
std::string V1Hash(const std::string& prev, std::int64_t seq, const std::string& at,
                   const std::string& actor, const std::string& action, const std::string& id) {
  std::string canonical = prev;
  for (const std::string& part :
       {std::to_string(seq), at, std::string("u1"), actor, std::string("org-a"), action,
        std::string("user"), id, std::string(R"({"username":"x"})")}) {
    canonical += '\x1f';
    canonical += part;
  }
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(canonical.data()),
                     canonical.size());
  return core::HexEncode(digest, sizeof digest);
}

class AuditMigrationTest : public ::testing::Test {
 protected:
  // A database as version 1 of the store left it, with `n` chained entries.
  void BuildVersion1(int n) {
    Exec(
        "CREATE TABLE schema_migrations (module TEXT NOT NULL, version INTEGER NOT NULL,"
        " name TEXT NOT NULL, applied_at TEXT NOT NULL, PRIMARY KEY (module, version))");
    const Migration v1 = internal::StoreMigrations("").value().at(0);
    ASSERT_EQ(v1.version, 1);
    Exec(v1.sql);
    Exec(
        "INSERT INTO schema_migrations VALUES ('store', 1, 'audit log and alerts',"
        " '2024-08-20T14:00:00.000Z')");
    std::string prev(64, '0');
    for (int seq = 1; seq <= n; ++seq) {
      std::string at = "2024-08-20T14:03:0";  // appended, not concatenated: GCC 12 -O3 warns falsely
      at += std::to_string(seq);
      at += ".000Z";
      const std::string id = std::to_string(seq);
      const std::string hash = V1Hash(prev, seq, at, "senafront.admin", "user.create", id);
      Exec(
          "INSERT INTO audit_log (seq, at, actor_user_id, actor, actor_org, action, object_type,"
          " object_id, detail, prev_hash, hash) VALUES (" +
          id + ", '" + at + "', 'u1', 'senafront.admin', 'org-a', 'user.create', 'user', '" + id +
          "', '{\"username\":\"x\"}', '" + prev + "', '" + hash + "')");
      prev = hash;
    }
    last_v1_hash_ = prev;
  }
  void Exec(const std::string& sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(dir_.File("old.db").c_str(), &db), SQLITE_OK);
    char* err = nullptr;
    int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
    EXPECT_EQ(rc, SQLITE_OK) << (err ? err : "") << " in " << sql.substr(0, 80);
    sqlite3_free(err);
    sqlite3_close(db);
  }
  void Open(const std::string& site_id) {
    store_.reset();
    auto s = Store::Open({.url = dir_.File("old.db"), .site_id = site_id});
    ASSERT_TRUE(s) << s.error().ToString();
    store_ = std::move(s).value();
  }
  AuditVerification Verify() {
    return *store_->Read<AuditVerification>([](Connection& c) { return VerifyAudit(c); });
  }
  void Append(int n) {
    for (int i = 0; i < n; ++i) {
      ASSERT_TRUE(store_->Write([&](Connection& c) -> core::Status {
        ISTMO_RETURN_IF_ERROR(AppendAudit(
            c, {.actor = "senafront.admin", .action = "user.update", .object_type = "user"},
            core::FromUnixSeconds(1724170000 + i)));
        return core::Ok();
      }));
    }
  }

  testing::TempDir dir_;
  std::unique_ptr<Store> store_;
  std::string last_v1_hash_;
};

TEST_F(AuditMigrationTest, SingleChainBecomesThisSitesChainAndStillVerifies) {
  ASSERT_GE(sodium_init(), 0);
  BuildVersion1(4);
  Open("darien-1");
  AuditVerification v = Verify();
  EXPECT_TRUE(v.ok) << v.reason;
  ASSERT_EQ(v.chains.size(), 1u);
  EXPECT_EQ(v.chains[0].origin, "darien-1");
  EXPECT_TRUE(v.chains[0].local);
  EXPECT_EQ(v.chains[0].entries, 4);

  // The chain goes on where version 1 stopped, in the new form.
  Append(2);
  v = Verify();
  EXPECT_TRUE(v.ok) << v.reason;
  EXPECT_EQ(v.entries, 6);
  auto records = store_->Read<std::vector<AuditRecord>>(
      [](Connection& c) { return ListAudit(c, AccessScope::System(), 10); });
  ASSERT_EQ(records->size(), 6u);
  EXPECT_EQ((*records)[1].seq, 5);
  EXPECT_EQ((*records)[1].hash_version, 2);
  EXPECT_EQ((*records)[2].hash_version, 1);
  EXPECT_EQ((*records)[2].hash, last_v1_hash_);
  auto prev = store_->Read<std::optional<Row>>(
      [](Connection& c) { return c.QueryOne("SELECT prev_hash FROM audit_log WHERE seq = 5"); });
  EXPECT_EQ((*prev)->Text(0), last_v1_hash_);
}

TEST_F(AuditMigrationTest, UnconfiguredSiteGetsAGeneratedOrigin) {
  BuildVersion1(3);
  Open("");
  AuditVerification v = Verify();
  EXPECT_TRUE(v.ok) << v.reason;
  ASSERT_EQ(v.chains.size(), 1u);
  EXPECT_TRUE(core::IsUuid(v.chains[0].origin)) << v.chains[0].origin;
  EXPECT_EQ(v.chains[0].entries, 3);
}

TEST_F(AuditMigrationTest, TriggersStillRefuseUpdateAndDelete) {
  BuildVersion1(2);
  Open("darien-1");
  for (const char* sql :
       {"UPDATE audit_log SET actor = 'x' WHERE seq = 1", "DELETE FROM audit_log"}) {
    core::Status s = store_->Write([&](Connection& c) -> core::Status {
      ISTMO_RETURN_IF_ERROR(c.Exec(sql));
      return core::Ok();
    });
    ASSERT_FALSE(s) << sql;
    EXPECT_NE(s.error().message.find("append-only"), std::string::npos) << s.error().message;
  }
}

TEST_F(AuditMigrationTest, TamperingAfterTheMigrationIsDetected) {
  BuildVersion1(4);
  Open("darien-1");
  Append(2);
  store_.reset();
  Exec("DROP TRIGGER audit_log_no_update; UPDATE audit_log SET actor = 'someone' WHERE seq = 2;");
  Open("darien-1");
  AuditVerification v = Verify();
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.first_bad_seq, 2);
}

TEST_F(AuditMigrationTest, NewEntryPassedOffAsCarriedOverIsDetected) {
  BuildVersion1(2);
  Open("darien-1");
  Append(2);
  store_.reset();
  // Claiming the old form would keep the origin out of the hash; only a chain's start may.
  Exec("DROP TRIGGER audit_log_no_update; UPDATE audit_log SET hash_version = 1 WHERE seq = 4;");
  Open("darien-1");
  AuditVerification v = Verify();
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.first_bad_seq, 4);
}

}  // namespace
}  // namespace istmo::store

#include "store/audit.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include "testing/temp_dir.h"

namespace istmo::store {
namespace {

class AuditTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = std::move(Store::Open({.url = dir_.File("a.db")})).value();
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
  void RawExec(const std::string& sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(dir_.File("a.db").c_str(), &db), SQLITE_OK);
    char* err = nullptr;
    int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
    EXPECT_EQ(rc, SQLITE_OK) << (err ? err : "");
    sqlite3_free(err);
    sqlite3_close(db);
  }
  AuditVerification Verify() {
    return *store_->Read<AuditVerification>([](Connection& c) { return VerifyAudit(c); });
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

#include "store/outbox.h"

#include <gtest/gtest.h>

#include "testing/temp_dir.h"

namespace istmo::store {
namespace {

class OutboxTest : public ::testing::Test {
 protected:
  void SetUp() override { Reopen("station-a"); }
  void Reopen(const std::string& site_id) {
    store_.reset();
    auto s = Store::Open(
        {.url = dir_.File("o.db"), .site_id = site_id},
        {{"test", 1, "records", "CREATE TABLE records (id TEXT PRIMARY KEY, name TEXT NOT NULL)"}});
    ASSERT_TRUE(s) << s.error().ToString();
    store_ = std::move(s).value();
  }
  // Inserts a record and records the change, in one transaction that fails afterwards when
  // `then_fail`.
  core::Status Create(const std::string& id, bool then_fail = false) {
    return store_->Write([&](Connection& tx) -> core::Status {
      ISTMO_RETURN_IF_ERROR(tx.Exec("INSERT INTO records VALUES (?, 'x')", {id}));
      ISTMO_RETURN_IF_ERROR(RecordChange(tx, officer_,
                                         {.action = "test.record.create",
                                          .object_type = "record",
                                          .object_id = id,
                                          .detail = "{}",
                                          .body = R"({"id":")" + id + R"(","name":"x"})"},
                                         clock_.Now()));
      if (then_fail) return core::Conflict("a later step of the same change failed");
      return core::Ok();
    });
  }
  std::vector<OutboxEntry> Outbox(const std::string& origin = "", std::int64_t after = 0,
                                  int limit = 100) {
    return *store_->Read<std::vector<OutboxEntry>>(
        [&](Connection& c) { return ReadOutbox(c, origin, after, limit); });
  }
  std::int64_t Count(const std::string& table) {
    return (*store_->Read<std::optional<Row>>(
                [&](Connection& c) { return c.QueryOne("SELECT COUNT(*) FROM " + table); }))
        ->Int(0);
  }

  testing::TempDir dir_;
  core::FakeClock clock_{core::FromUnixSeconds(1724162580)};
  AccessScope officer_{.user_id = "u1",
                       .username = "snm.officer",
                       .org_id = "snm",
                       .country = "PAN",
                       .roles = static_cast<std::uint8_t>(Role::kOfficer)};
  std::unique_ptr<Store> store_;
};

TEST_F(OutboxTest, ChangeWritesItsAuditEntryAndItsEventTogether) {
  ASSERT_TRUE(Create("r1"));
  std::vector<OutboxEntry> events = Outbox();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].origin, "station-a");
  EXPECT_EQ(events[0].seq, 1);
  EXPECT_EQ(events[0].at, std::chrono::floor<std::chrono::milliseconds>(clock_.Now()));
  EXPECT_EQ(events[0].event.type, "test.record.create");
  EXPECT_EQ(events[0].event.object_id, "r1");
  EXPECT_EQ(events[0].event.body, R"({"id":"r1","name":"x"})");
  auto audit = store_->Read<std::vector<AuditRecord>>(
      [](Connection& c) { return ListAudit(c, AccessScope::System(), 10); });
  ASSERT_EQ(audit->size(), 1u);
  EXPECT_EQ((*audit)[0].entry.action, "test.record.create");
  EXPECT_EQ((*audit)[0].entry.actor, "snm.officer");
  EXPECT_EQ((*audit)[0].entry.actor_org, "snm");
  EXPECT_EQ((*audit)[0].entry.object_id, "r1");
}

TEST_F(OutboxTest, RolledBackChangeLeavesNoEventAndNoAuditEntry) {
  ASSERT_TRUE(Create("r1"));
  core::Status failed = Create("r2", /*then_fail=*/true);
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().code, core::ErrorCode::kConflict);
  EXPECT_EQ(Count("records"), 1);
  EXPECT_EQ(Count("audit_log"), 1);
  ASSERT_EQ(Outbox().size(), 1u);
  // Numbering has no gap where the failed change was.
  ASSERT_TRUE(Create("r3"));
  std::vector<OutboxEntry> events = Outbox();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[1].seq, 2);
  EXPECT_EQ(events[1].event.object_id, "r3");
}

TEST_F(OutboxTest, EventsAreNumberedPerOrigin) {
  ASSERT_TRUE(Create("a1"));
  ASSERT_TRUE(Create("a2"));
  Reopen("station-b");
  ASSERT_TRUE(Create("b1"));
  std::vector<OutboxEntry> mine = Outbox();
  ASSERT_EQ(mine.size(), 1u);
  EXPECT_EQ(mine[0].origin, "station-b");
  EXPECT_EQ(mine[0].seq, 1);
  std::vector<OutboxEntry> theirs = Outbox("station-a");
  ASSERT_EQ(theirs.size(), 2u);
  EXPECT_EQ(theirs[0].event.object_id, "a1");
  EXPECT_EQ(theirs[1].seq, 2);
}

TEST_F(OutboxTest, ReaderResumesAfterTheLastSeqItApplied) {
  for (const char* id : {"r1", "r2", "r3", "r4"}) ASSERT_TRUE(Create(id));
  std::vector<OutboxEntry> page = Outbox("", 1, 2);
  ASSERT_EQ(page.size(), 2u);
  EXPECT_EQ(page[0].seq, 2);
  EXPECT_EQ(page[1].seq, 3);
  EXPECT_TRUE(Outbox("", 4).empty());
}

TEST_F(OutboxTest, EmitAloneNeedsATypeAndABody) {
  core::Status s = store_->Write([&](Connection& tx) -> core::Status {
    ISTMO_RETURN_IF_ERROR(Emit(tx, {.type = "", .object_id = "x", .body = "{}"}, clock_.Now()));
    return core::Ok();
  });
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, core::ErrorCode::kInternal);
  EXPECT_TRUE(Outbox().empty());
}

}  // namespace
}  // namespace istmo::store

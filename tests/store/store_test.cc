#include "store/store.h"

#include <gtest/gtest.h>

#include <fstream>
#include <thread>

#include "testing/temp_dir.h"

namespace istmo::store {
namespace {

std::vector<Migration> TestMigrations() {
  return {{"test", 1, "things",
           "CREATE TABLE things (id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE,"
           " n INTEGER NOT NULL CHECK (n >= 0))"}};
}

TEST(Store, OpenAppliesMigrationsOnce) {
  testing::TempDir dir;
  {
    auto s = Store::Open({.path = dir.File("a.db")}, TestMigrations());
    ASSERT_TRUE(s) << s.error().ToString();
    auto applied = (*s)->AppliedMigrations();
    ASSERT_TRUE(applied);
    EXPECT_EQ(*applied, (std::vector<std::string>{"store/1", "store/2", "test/1"}));
  }
  auto again = Store::Open({.path = dir.File("a.db")}, TestMigrations());
  ASSERT_TRUE(again) << again.error().ToString();
  EXPECT_EQ((*again)->AppliedMigrations()->size(), 3u);
}

TEST(Store, FailedMigrationIsNamedAndLeavesNothing) {
  testing::TempDir dir;
  auto migrations = TestMigrations();
  migrations.push_back({"test", 2, "broken", "CREATE TABLE extra (x INTEGER); SELECT * FROM nope"});
  auto s = Store::Open({.path = dir.File("a.db")}, migrations);
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().message.find("test/2"), std::string::npos) << s.error().message;
  auto ok = Store::Open({.path = dir.File("a.db")}, TestMigrations());
  ASSERT_TRUE(ok);
  auto r = (*ok)->Read([](Connection& c) { return c.Query("SELECT * FROM extra").error(); });
  EXPECT_FALSE(r);  // the table of the failed migration does not exist
}

TEST(Store, RejectsNewerSchemaAndNonDatabases) {
  testing::TempDir dir;
  auto migrations = TestMigrations();
  migrations.push_back({"test", 2, "more", "CREATE TABLE more (x INTEGER)"});
  ASSERT_TRUE(Store::Open({.path = dir.File("a.db")}, migrations));
  auto old = Store::Open({.path = dir.File("a.db")}, TestMigrations());
  ASSERT_FALSE(old);
  EXPECT_NE(old.error().message.find("newer istmo"), std::string::npos);

  std::ofstream(dir.File("junk.db")) << "this is not a database, just text that is long enough";
  auto junk = Store::Open({.path = dir.File("junk.db")});
  ASSERT_FALSE(junk);
  EXPECT_EQ(junk.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_FALSE(Store::Open({.path = dir.File("no/such/folder/a.db")}));
}

TEST(Store, FailedWriteIsRolledBack) {
  testing::TempDir dir;
  auto s = std::move(Store::Open({.path = dir.File("a.db")}, TestMigrations())).value();
  core::Status st = s->Write([](Connection& c) -> core::Status {
    ISTMO_RETURN_IF_ERROR(c.Exec("INSERT INTO things VALUES (?, ?, ?)", {"1", "first", std::int64_t{1}}));
    return core::InvalidArgument("second half failed", "/n");
  });
  ASSERT_FALSE(st);
  auto count = s->Read<std::int64_t>([](Connection& c) -> core::Result<std::int64_t> {
    ISTMO_ASSIGN_OR_RETURN(auto row, c.QueryOne("SELECT count(*) FROM things"));
    return row->Int(0);
  });
  EXPECT_EQ(*count, 0);
}

TEST(Store, ConstraintViolationsMapToConflictAndInvalidArgument) {
  testing::TempDir dir;
  auto s = std::move(Store::Open({.path = dir.File("a.db")}, TestMigrations())).value();
  core::Status first = s->Write([](Connection& c) -> core::Status {
    ISTMO_RETURN_IF_ERROR(c.Exec("INSERT INTO things VALUES ('1', 'a', 1)"));
    return core::Ok();
  });
  ASSERT_TRUE(first);
  core::Status dup = s->Write([](Connection& c) -> core::Status {
    ISTMO_RETURN_IF_ERROR(c.Exec("INSERT INTO things VALUES ('2', 'a', 1)"));
    return core::Ok();
  });
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().code, core::ErrorCode::kConflict);
  EXPECT_EQ(dup.error().field, "name");
  core::Status neg = s->Write([](Connection& c) -> core::Status {
    ISTMO_RETURN_IF_ERROR(c.Exec("INSERT INTO things VALUES ('3', 'c', -1)"));
    return core::Ok();
  });
  ASSERT_FALSE(neg);
  EXPECT_EQ(neg.error().code, core::ErrorCode::kInvalidArgument);
}

TEST(Store, ValuesRoundTrip) {
  testing::TempDir dir;
  auto s = std::move(Store::Open({.path = dir.File("a.db")})).value();
  auto row = s->Read<Row>([](Connection& c) -> core::Result<Row> {
    ISTMO_ASSIGN_OR_RETURN(auto rows, c.Query("SELECT ?, ?, ?, ?, ?",
                                              {std::int64_t{-7}, 2.5, "texto ñ", Null(),
                                               Blob{{0, 1, 255}}}));
    if (rows.size() != 1) return core::Internal("expected one row");
    return std::move(rows.front());
  });
  ASSERT_TRUE(row);
  EXPECT_EQ(row->Int(0), -7);
  EXPECT_DOUBLE_EQ(row->Real(1), 2.5);
  EXPECT_EQ(row->Text(2), "texto ñ");
  EXPECT_TRUE(row->IsNull(3));
  EXPECT_EQ(row->Bytes(4), (std::vector<std::uint8_t>{0, 1, 255}));
}

TEST(Store, ReadersRunBesideAWriter) {
  testing::TempDir dir;
  auto s = std::move(Store::Open({.path = dir.File("a.db"), .readers = 2}, TestMigrations())).value();
  std::atomic<int> ok_reads{0};
  std::thread writer([&] {
    for (int i = 0; i < 200; ++i) {
      ASSERT_TRUE(s->Write([&](Connection& c) -> core::Status {
        ISTMO_RETURN_IF_ERROR(c.Exec("INSERT INTO things VALUES (?, ?, ?)",
                                     {std::to_string(i), std::to_string(i) + "n", std::int64_t{i}}));
        return core::Ok();
      }));
    }
  });
  std::vector<std::thread> readers;
  for (int t = 0; t < 3; ++t) {
    readers.emplace_back([&] {
      for (int i = 0; i < 100; ++i) {
        auto n = s->Read<std::int64_t>([](Connection& c) -> core::Result<std::int64_t> {
          ISTMO_ASSIGN_OR_RETURN(auto r, c.QueryOne("SELECT count(*) FROM things"));
          return r->Int(0);
        });
        if (n) ++ok_reads;
      }
    });
  }
  writer.join();
  for (auto& r : readers) r.join();
  EXPECT_EQ(ok_reads.load(), 300);
}

}  // namespace
}  // namespace istmo::store

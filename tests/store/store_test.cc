// The contract of store::Store, as one typed suite run on every backend (libbiomeval's habit):
// a backend only has to give the suite a fresh database to plug in. Today the backend is SQLite,
// opened by path and by file: URL; PostgreSQL adds its own Backend type to `Backends`. Tests of
// what only one backend has (a SQLite file that is not a database) follow the suite.
#include "store/store.h"

#include <sqlite3.h>
#include <sys/stat.h>

#include <gtest/gtest.h>

#include <atomic>
#include <cerrno>
#include <fstream>
#include <string>
#include <thread>
#include <type_traits>

#include "store/internal/sqlite_connection.h"
#include "testing/temp_dir.h"

namespace istmo::store {
namespace {

std::vector<Migration> TestMigrations() {
  return {{"test", 1, "things",
           "CREATE TABLE things (id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE,"
           " n INTEGER NOT NULL CHECK (n >= 0))"}};
}

// A backend as the suite sees it: the Options of a database named `name`, empty the first time
// it is opened, the same database after that.
struct SqlitePathBackend {
  Options Db(const std::string& name) { return {.url = dir.File(name)}; }
  testing::TempDir dir;
};
struct SqliteFileUrlBackend {
  Options Db(const std::string& name) { return {.url = "file:" + dir.File(name)}; }
  testing::TempDir dir;
};

template <class Backend>
class StoreContract : public ::testing::Test {
 protected:
  Options Db(const std::string& name = "a.db", int readers = 4) {
    Options o = backend_.Db(name);
    o.readers = readers;
    return o;
  }
  Backend backend_;
};

struct BackendNames {
  template <class T>
  static std::string GetName(int) {
    return std::is_same_v<T, SqlitePathBackend> ? "SqlitePath" : "SqliteFileUrl";
  }
};
using Backends = ::testing::Types<SqlitePathBackend, SqliteFileUrlBackend>;
TYPED_TEST_SUITE(StoreContract, Backends, BackendNames);

TYPED_TEST(StoreContract, OpenAppliesMigrationsOnce) {
  {
    auto s = Store::Open(this->Db("a.db"), TestMigrations());
    ASSERT_TRUE(s) << s.error().ToString();
    auto applied = (*s)->AppliedMigrations();
    ASSERT_TRUE(applied);
    EXPECT_EQ(*applied,
              (std::vector<std::string>{"store/1", "store/2", "alerts/1", "alerts/2", "test/1"}));
  }
  auto again = Store::Open(this->Db("a.db"), TestMigrations());
  ASSERT_TRUE(again) << again.error().ToString();
  EXPECT_EQ((*again)->AppliedMigrations()->size(), 5u);
}

TYPED_TEST(StoreContract, FailedMigrationIsNamedAndLeavesNothing) {
  auto migrations = TestMigrations();
  migrations.push_back({"test", 2, "broken", "CREATE TABLE extra (x INTEGER); SELECT * FROM nope"});
  auto s = Store::Open(this->Db("a.db"), migrations);
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().message.find("test/2"), std::string::npos) << s.error().message;
  auto ok = Store::Open(this->Db("a.db"), TestMigrations());
  ASSERT_TRUE(ok);
  auto r = (*ok)->Read([](Connection& c) { return c.Query("SELECT * FROM extra").error(); });
  EXPECT_FALSE(r);  // the table of the failed migration does not exist
}

TYPED_TEST(StoreContract, RejectsANewerSchema) {
  auto migrations = TestMigrations();
  migrations.push_back({"test", 2, "more", "CREATE TABLE more (x INTEGER)"});
  ASSERT_TRUE(Store::Open(this->Db("a.db"), migrations));
  auto old = Store::Open(this->Db("a.db"), TestMigrations());
  ASSERT_FALSE(old);
  EXPECT_NE(old.error().message.find("newer istmo"), std::string::npos);
}

TYPED_TEST(StoreContract, FailedWriteIsRolledBack) {
  std::unique_ptr<Store> s = std::move(Store::Open(this->Db("a.db"), TestMigrations())).value();
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

TYPED_TEST(StoreContract, ConstraintViolationsMapToConflictAndInvalidArgument) {
  std::unique_ptr<Store> s = std::move(Store::Open(this->Db("a.db"), TestMigrations())).value();
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
  // These messages reach HTTP clients: the column is named in `field`, and SQLite's own text
  // (table names, CHECK expressions) is not repeated.
  EXPECT_EQ(dup.error().message, "a record with this name already exists");
  for (const core::Status* e : {&dup, &neg}) {
    EXPECT_EQ(e->error().message.find("constraint"), std::string::npos) << e->error().message;
    EXPECT_EQ(e->error().message.find("things"), std::string::npos) << e->error().message;
  }
}

TYPED_TEST(StoreContract, ValuesRoundTrip) {
  std::unique_ptr<Store> s = std::move(Store::Open(this->Db("a.db"))).value();
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

TYPED_TEST(StoreContract, PreparedStatementRunsManyTimesWithTextViews) {
  std::unique_ptr<Store> s = std::move(Store::Open(this->Db("a.db"), TestMigrations())).value();
  core::Status st = s->Write([](Connection& c) -> core::Status {
    ISTMO_ASSIGN_OR_RETURN(auto insert,
                           c.Prepare("INSERT INTO things VALUES (?, ?, ?) ON CONFLICT DO NOTHING"));
    std::string id, name;  // the same buffers each time: bound as views, not copied
    for (std::int64_t i = 0; i < 3; ++i) {
      id = std::to_string(i);
      name = "thing " + id;
      const ValueRef row[] = {id, name, i};
      ISTMO_ASSIGN_OR_RETURN(auto changed, insert->Exec(row));
      if (changed != 1) return core::Internal("expected one row written");
    }
    const ValueRef again[] = {"0", "thing 0", std::int64_t{0}};
    ISTMO_ASSIGN_OR_RETURN(auto changed, insert->Exec(again));
    if (changed != 0) return core::Internal("a conflict wrote a row");
    return core::Ok();
  });
  ASSERT_TRUE(st) << st.error().ToString();
  auto rows = s->Read<std::vector<Row>>([](Connection& c) -> core::Result<std::vector<Row>> {
    ISTMO_ASSIGN_OR_RETURN(auto query,
                           c.Prepare("SELECT name, n FROM things WHERE n >= ? ORDER BY n"));
    const ValueRef from[] = {std::int64_t{1}};
    return query->Query(from);
  });
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0].Text(0), "thing 1");
  EXPECT_EQ((*rows)[1].Text(0), "thing 2");
  EXPECT_EQ((*rows)[1].Int(1), 2);
}

TYPED_TEST(StoreContract, PreparedStatementReportsErrorsAsExecDoes) {
  std::unique_ptr<Store> s = std::move(Store::Open(this->Db("a.db"), TestMigrations())).value();
  core::Status st = s->Write([](Connection& c) -> core::Status {
    EXPECT_FALSE(c.Prepare("INSERT INTO no_such_table VALUES (?)"));
    ISTMO_ASSIGN_OR_RETURN(auto insert, c.Prepare("INSERT INTO things VALUES (?, ?, ?)"));
    const ValueRef too_few[] = {"1", "a"};
    auto wrong = insert->Exec(too_few);
    EXPECT_FALSE(wrong);
    if (!wrong) {
      EXPECT_EQ(wrong.error().code, core::ErrorCode::kInternal);
    }
    const ValueRef negative[] = {"1", "a", std::int64_t{-1}};
    auto check = insert->Exec(negative);
    EXPECT_FALSE(check);
    if (!check) {
      EXPECT_EQ(check.error().code, core::ErrorCode::kInvalidArgument);
    }
    const ValueRef ok[] = {"1", "a", std::int64_t{1}};
    ISTMO_RETURN_IF_ERROR(insert->Exec(ok));
    const ValueRef dup[] = {"2", "a", std::int64_t{1}};
    auto conflict = insert->Exec(dup);
    EXPECT_FALSE(conflict);
    if (!conflict) {
      EXPECT_EQ(conflict.error().code, core::ErrorCode::kConflict);
    }
    return core::Ok();
  });
  EXPECT_TRUE(st) << st.error().ToString();
}

TYPED_TEST(StoreContract, ReadersRunBesideAWriter) {
  std::unique_ptr<Store> s = std::move(Store::Open(this->Db("a.db", 2), TestMigrations())).value();
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

TYPED_TEST(StoreContract, BackendAndUrlAreReported) {
  std::unique_ptr<Store> s = std::move(Store::Open(this->Db("a.db"))).value();
  EXPECT_EQ(s->backend(), "sqlite");
  EXPECT_EQ(s->url(), this->Db("a.db").url);
}

TEST(SqliteStore, RefusesAFileThatIsNotADatabase) {
  testing::TempDir dir;
  std::ofstream(dir.File("junk.db")) << "this is not a database, just text that is long enough";
  auto junk = Store::Open({.url = dir.File("junk.db")});
  ASSERT_FALSE(junk);
  EXPECT_EQ(junk.error().code, core::ErrorCode::kInvalidArgument);
}

TEST(SqliteStore, RefusesAMissingFolder) {
  testing::TempDir dir;
  auto missing = Store::Open({.url = dir.File("no/such/folder/a.db")});
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().field, "db");
}

unsigned ModeOf(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 ? static_cast<unsigned>(st.st_mode & 0777) : 07777;
}

// The file holds personal and biometric data: no other user of the machine reads it, nor the
// -wal and -shm files SQLite creates beside it (they get the database file's mode), whatever
// the process's umask.
TEST(SqliteStore, ANewDatabaseAndItsWalAndShmAreCreatedMode0600) {
  testing::TempDir dir;
  const mode_t old_umask = ::umask(022);
  auto s = Store::Open({.url = dir.File("a.db")}, TestMigrations());
  ::umask(old_umask);
  ASSERT_TRUE(s) << s.error().ToString();
  ASSERT_TRUE((*s)->Write([](Connection& c) -> core::Status {
    ISTMO_RETURN_IF_ERROR(c.Exec("INSERT INTO things VALUES ('1', 'a', 1)"));
    return core::Ok();
  }));
  for (const char* suffix : {"", "-wal", "-shm"}) {
    EXPECT_EQ(ModeOf(dir.File(std::string("a.db") + suffix)), 0600u) << "a.db" << suffix;
  }
}

TEST(SqliteStore, AFileThatIsNotADatabaseIsNamedAsSuch) {
  testing::TempDir dir;
  std::ofstream(dir.File("junk.db")) << "this is not a database, just text that is long enough";
  auto junk = Store::Open({.url = dir.File("junk.db")});
  ASSERT_FALSE(junk);
  EXPECT_NE(junk.error().message.find("is not a SQLite database file"), std::string::npos)
      << junk.error().message;
}

// The tests run as root, for whom file modes do not apply; sysfs refuses new files even to
// root, as a folder the service user cannot write would.
TEST(SqliteStore, AFolderItCannotWriteIsNamedNotCalledNotADatabase) {
  auto s = Store::Open({.url = "/sys/istmo-test.db"});
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, core::ErrorCode::kPermissionDenied) << s.error().ToString();
  EXPECT_EQ(s.error().field, "db");
  EXPECT_NE(s.error().message.find("folder /sys is not writable by this user"), std::string::npos)
      << s.error().message;
  EXPECT_EQ(s.error().message.find("not an Istmo database"), std::string::npos);
}

TEST(SqliteStore, AFolderGivenAsTheDatabaseIsNamed) {
  testing::TempDir dir;
  auto s = Store::Open({.url = dir.path().string()});
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_NE(s.error().message.find("is a folder"), std::string::npos) << s.error().message;

  std::ofstream(dir.File("plain")) << "x";
  auto under_file = Store::Open({.url = dir.File("plain/a.db")});
  ASSERT_FALSE(under_file);
  EXPECT_NE(under_file.error().message.find("is a file, not a folder"), std::string::npos)
      << under_file.error().message;
}

// What OpenError says for each cause SQLite and the system report; the permission cases
// cannot be produced for real as root.
TEST(SqliteOpenError, NamesTheRealCause) {
  struct Case {
    internal::OpenFailure failure;
    core::ErrorCode code;
    const char* says;
  };
  const std::vector<Case> cases = {
      {{.sqlite_rc = SQLITE_CANTOPEN, .sys_errno = EACCES, .file_exists = true,
        .file_usable = false, .message = "unable to open database file"},
       core::ErrorCode::kPermissionDenied,
       "database /srv/istmo/a.db is not readable and writable by this user"},
      {{.sqlite_rc = SQLITE_CANTOPEN, .sys_errno = EACCES, .file_exists = false,
        .file_usable = false, .message = {}},
       core::ErrorCode::kPermissionDenied,
       "cannot create database /srv/istmo/a.db: folder /srv/istmo is not writable"},
      // The file is fine but SQLite cannot create its -wal beside it.
      {{.sqlite_rc = SQLITE_CANTOPEN, .sys_errno = EACCES, .file_exists = true,
        .file_usable = true, .message = {}},
       core::ErrorCode::kPermissionDenied,
       "folder /srv/istmo is not writable by this user: SQLite must create /srv/istmo/a.db-wal"},
      {{.sqlite_rc = SQLITE_READONLY_CANTINIT, .sys_errno = 0, .file_exists = true,
        .file_usable = true, .message = {}},
       core::ErrorCode::kPermissionDenied, "folder /srv/istmo is not writable by this user"},
      {{.sqlite_rc = SQLITE_READONLY, .sys_errno = EACCES, .file_exists = true,
        .file_usable = false, .message = {}},
       core::ErrorCode::kPermissionDenied, "database /srv/istmo/a.db is not writable by this user"},
      {{.sqlite_rc = SQLITE_PERM, .sys_errno = 0, .file_exists = true, .file_usable = true,
        .message = "access permission denied"},
       core::ErrorCode::kPermissionDenied, "access to database /srv/istmo/a.db was denied"},
      {{.sqlite_rc = SQLITE_CANTOPEN, .sys_errno = EROFS, .file_exists = false,
        .file_usable = false, .message = {}},
       core::ErrorCode::kPermissionDenied, "is on a read-only file system"},
      {{.sqlite_rc = SQLITE_NOTADB, .sys_errno = 0, .file_exists = true, .file_usable = true,
        .message = "file is not a database"},
       core::ErrorCode::kInvalidArgument,
       "/srv/istmo/a.db is not an Istmo database: it is not a SQLite database file"},
      {{.sqlite_rc = SQLITE_BUSY, .sys_errno = 0, .file_exists = true, .file_usable = true,
        .message = "database is locked"},
       core::ErrorCode::kUnavailable, "is locked by another process"},
      {{.sqlite_rc = SQLITE_CORRUPT, .sys_errno = 0, .file_exists = true, .file_usable = true,
        .message = "database disk image is malformed"},
       core::ErrorCode::kDataLoss, "is damaged"},
  };
  for (const Case& c : cases) {
    const core::Error e = internal::OpenError("/srv/istmo/a.db", c.failure);
    EXPECT_EQ(e.code, c.code) << e.ToString();
    EXPECT_EQ(e.field, "db");
    EXPECT_NE(e.message.find(c.says), std::string::npos) << e.message << "\nexpected: " << c.says;
    if (c.code == core::ErrorCode::kPermissionDenied) {
      EXPECT_EQ(e.message.find("not an Istmo database"), std::string::npos) << e.message;
    }
  }
}

TEST(StoreOpen, AnEmptyUrlOrFileUrlIsRefused) {
  for (const char* url : {"", "file:", "file://"}) {
    auto s = Store::Open({.url = url});
    ASSERT_FALSE(s) << url;
    EXPECT_EQ(s.error().code, core::ErrorCode::kInvalidArgument) << url;
  }
}

TEST(StoreOpen, APostgresqlUrlIsUnavailableUntilThatBackendIsBuilt) {
  auto s = Store::Open({.url = "postgresql://istmo@127.0.0.1/istmo"});
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, core::ErrorCode::kUnavailable);
  EXPECT_NE(s.error().message.find("PostgreSQL"), std::string::npos) << s.error().message;
}

}  // namespace
}  // namespace istmo::store

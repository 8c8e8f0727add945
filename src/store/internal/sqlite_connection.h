// store/internal/sqlite_connection.h — a Connection over one sqlite3 handle. The only file
// besides sqlite_connection.cc that may know sqlite3 exists is none: sqlite3.h stays in the .cc.
#pragma once

#include <memory>
#include <string>

#include "store/store.h"

namespace istmo::store::internal {

// What is known about a failure to open or first use a database file.
struct OpenFailure {
  int sqlite_rc = 0;         // SQLite's extended result code (SQLITE_CANTOPEN, ...)
  int sys_errno = 0;         // errno of the failing system call; 0 when unknown
  bool file_exists = false;  // the database file itself exists
  bool file_usable = false;  // and this user may read it (and write it, unless read-only)
  std::string message;       // SQLite's own words, for the log and the operator
};

// The error for an open failure, naming the cause: the file is not readable or writable by this
// user; its folder is not writable (SQLite creates <db>-wal and <db>-shm there); the path is a
// folder; the file is not a SQLite database; the database is locked by another process.
// kPermissionDenied (exit 77) for permissions, kInvalidArgument for a wrong path or file,
// kUnavailable when locked, kDataLoss when damaged; field "db".
core::Error OpenError(const std::string& path, const OpenFailure& failure);

class SqliteConnection final : public Connection {
 public:
  ~SqliteConnection() override;
  // Opens the file with WAL, foreign keys, busy timeout and synchronous=FULL. A writer creates a
  // missing file with mode 0600, so that SQLite gives <db>-wal and <db>-shm the same mode (it
  // copies the database file's), and warns in the log when an existing file is open to group or
  // others. Failures are explained by OpenError.
  static core::Result<std::unique_ptr<SqliteConnection>> Open(const std::string& path,
                                                              int busy_timeout_ms, bool read_only);

  core::Result<std::int64_t> Exec(std::string_view sql, const Params& params = {}) override;
  core::Result<std::vector<Row>> Query(std::string_view sql, const Params& params = {}) override;
  core::Status ExecScript(std::string_view sql) override;
  core::Result<std::unique_ptr<Statement>> Prepare(std::string_view sql) override;

 private:
  struct Handle;
  explicit SqliteConnection(std::unique_ptr<Handle> handle);
  std::unique_ptr<Handle> h_;
};

}  // namespace istmo::store::internal

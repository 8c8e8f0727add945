// store/store.h — the database behind every module: the contract every backend keeps.
//
// A Store is opened once per process. Open() chooses the backend by the database's URL: a path
// or `file:` URL opens a SQLite file (the embedded default: WAL journal, foreign keys on, a busy
// timeout, synchronous=FULL so that an acknowledged write survives a crash); `postgresql://` is
// reserved for the PostgreSQL backend. Backends live in store/internal/ and are tested by one
// typed contract suite (tests/store/store_test.cc). Opening applies every numbered migration not
// yet applied, each in its own transaction. Modules own their tables and hand their migrations
// to Open(); the store itself knows no module.
//
// Work happens in callbacks that receive a Connection:
//   store.Read([&](Connection& c) -> Result<T> {...})    any number at once (pooled readers)
//   store.Write([&](Connection& c) -> Result<T> {...})   one at a time, inside BEGIN IMMEDIATE;
//                                                        committed when the callback returns a
//                                                        value, rolled back when it returns an
//                                                        error — nothing half-written.
// Every function that reads records of an organization takes a store::AccessScope (scope.h) and
// filters by releasability in its SQL.
//
// Thread-safety: Store is thread-safe; a Connection belongs to one callback and must not escape it.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "store/value.h"

namespace istmo::store {

// One statement prepared once and run many times, for bulk work such as an import's rows: its
// SQL is neither looked up nor parsed again, and text parameters are bound from views rather than
// copied into a Params. It belongs to the Connection that prepared it and must not outlive the
// callback that received that Connection.
class Statement {
 public:
  virtual ~Statement() = default;
  // Runs the statement with `params` (one per '?'); returns the number of rows changed. Errors
  // as Connection::Exec, and kInternal when the count of parameters is wrong.
  virtual core::Result<std::int64_t> Exec(std::span<const ValueRef> params) = 0;
  // Runs it as a query and returns every row.
  virtual core::Result<std::vector<Row>> Query(std::span<const ValueRef> params) = 0;
};

// SQL run against a backend. SQL uses '?' placeholders and the dialect common to SQLite and
// PostgreSQL (TEXT, INTEGER, REAL, BLOB, CHECK constraints, ON CONFLICT).
class Connection {
 public:
  virtual ~Connection() = default;
  // Runs one statement; returns the number of rows changed. kConflict on a UNIQUE or PRIMARY
  // KEY violation (field = the column when the backend says), kInvalidArgument on a CHECK or
  // FOREIGN KEY violation, kUnavailable when the database stays busy past the timeout.
  virtual core::Result<std::int64_t> Exec(std::string_view sql, const Params& params = {}) = 0;
  // Runs a query and returns every row.
  virtual core::Result<std::vector<Row>> Query(std::string_view sql, const Params& params = {}) = 0;
  // Runs a script of statements separated by ';' with no parameters (migrations).
  virtual core::Status ExecScript(std::string_view sql) = 0;
  // Prepares one statement for Statement::Exec / Query; kInternal when the SQL does not compile.
  // Exec and Query cache their statements too, but find them by their text on every call: use
  // Prepare when one statement runs thousands of times in a loop.
  virtual core::Result<std::unique_ptr<Statement>> Prepare(std::string_view sql) = 0;

  // The first row, or std::nullopt when there is none.
  core::Result<std::optional<Row>> QueryOne(std::string_view sql, const Params& params = {});
};

// One numbered schema change of one module. Applied once, in the order given to Open(), and
// recorded in schema_migrations as (module, version).
struct Migration {
  std::string module;  // "store", "auth", "migration", ...
  int version = 0;     // 1, 2, ... within the module; never renumbered once shipped
  std::string name;    // short description
  std::string sql;     // one or more statements
};

struct Options {
  // Where the database is: a SQLite file path or `file:` URL (its folder must exist; the file is
  // created when missing). A `postgresql://` URL answers kUnavailable until that backend is built.
  std::string url;
  // How long a statement waits for a lock before failing with kUnavailable.
  int busy_timeout_ms = 5000;
  // Read connections kept for concurrent readers (WAL lets them run beside the writer).
  int readers = 4;
  // Refuse to apply migrations; fail with kUnavailable if any is pending (read-only tools).
  bool read_only = false;
  // This site's id (config site.id): the origin of its audit chain and outbox events (audit.h).
  // Empty keeps the id stored in the database, generated once when it was created.
  std::string site_id;
};

class Store {
 public:
  virtual ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  // Opens or creates the database and applies pending migrations (the store's own first, then
  // `migrations` in order). kInvalidArgument when the URL is empty, the file is not a database or
  // a migration fails (the failing migration is named; nothing of it is kept); kUnavailable for
  // a backend this build does not have.
  static core::Result<std::unique_ptr<Store>> Open(const Options& options,
                                                   const std::vector<Migration>& migrations = {});

  template <class T>
  core::Result<T> Read(const std::function<core::Result<T>(Connection&)>& fn) {
    core::Result<T> out = core::Internal("read callback did not run");
    core::Status s = RunRead([&](Connection& c) -> core::Status {
      out = fn(c);
      if (!out) return out.error();
      return core::Ok();
    });
    if (!s) return s.error();
    return out;
  }
  template <class T>
  core::Result<T> Write(const std::function<core::Result<T>(Connection&)>& fn) {
    core::Result<T> out = core::Internal("write callback did not run");
    core::Status s = RunWrite([&](Connection& c) -> core::Status {
      out = fn(c);
      if (!out) return out.error();
      return core::Ok();
    });
    if (!s) return s.error();
    return out;
  }
  core::Status Read(const std::function<core::Status(Connection&)>& fn) { return RunRead(fn); }
  core::Status Write(const std::function<core::Status(Connection&)>& fn) { return RunWrite(fn); }

  // "sqlite" (later also "postgresql").
  virtual std::string_view backend() const = 0;
  // The database's location as given to Open(), for messages and logs.
  virtual const std::string& url() const = 0;
  // Migrations applied so far as "module/version", in the order they were applied.
  core::Result<std::vector<std::string>> AppliedMigrations();

 protected:
  Store() = default;
  // A read-only transaction around `fn`, on a pooled reader; any number at once.
  virtual core::Status RunRead(const std::function<core::Status(Connection&)>& fn) = 0;
  // A write transaction around `fn`, one at a time: committed when `fn` succeeds, rolled back
  // when it fails. kPermissionDenied when the store was opened read-only.
  virtual core::Status RunWrite(const std::function<core::Status(Connection&)>& fn) = 0;
};

}  // namespace istmo::store

#include "store/internal/sqlite_connection.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <span>
#include <unordered_map>

#include <sqlite3.h>
#include <sys/stat.h>

#include "core/log.h"

namespace istmo::store::internal {

namespace {

// Maps a SQLite result code to our vocabulary. Constraint failures are the caller's input
// (duplicate username: kConflict; bad reference or CHECK: kInvalidArgument) and reach the client,
// so their message is ours and names the column in `field`; SQLite's own text (table and column
// names, CHECK expressions) stays in the log. Other failures carry SQLite's text in kInternal or
// kDataLoss, which the HTTP layer does not show to clients.
core::Error SqliteError(sqlite3* db, int rc, std::string_view sql) {
  std::string msg = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  int primary = rc & 0xff;
  if (primary == SQLITE_CONSTRAINT) {
    int ext = db != nullptr ? sqlite3_extended_errcode(db) : rc;
    std::string field;
    // "UNIQUE constraint failed: users.username" -> field "username"
    auto colon = msg.rfind(": ");
    if (colon != std::string::npos) {
      field = msg.substr(colon + 2);
      auto dot = field.find('.');
      if (dot != std::string::npos) field = field.substr(dot + 1);
      if (field.find(',') != std::string::npos || field.find(' ') != std::string::npos) field.clear();
    }
    core::log::Debug("sqlite_constraint", {{"error", msg}, {"sql", std::string(sql.substr(0, 80))}});
    if (ext == SQLITE_CONSTRAINT_UNIQUE || ext == SQLITE_CONSTRAINT_PRIMARYKEY) {
      return core::Conflict(field.empty() ? "already exists"
                                          : "a record with this " + field + " already exists",
                            field);
    }
    if (ext == SQLITE_CONSTRAINT_NOTNULL) return core::InvalidArgument("is required", field);
    if (ext == SQLITE_CONSTRAINT_FOREIGNKEY) {
      return core::InvalidArgument("refers to a record that does not exist", field);
    }
    if (ext == SQLITE_CONSTRAINT_TRIGGER) {
      // RAISE(ABORT, '...') in our own schema (the append-only audit log): our words.
      return core::InvalidArgument(msg, field);
    }
    if (ext == SQLITE_CONSTRAINT_CHECK) {
      return core::InvalidArgument("is not an allowed value", field);
    }
    return core::InvalidArgument("was rejected by the database's rules", field);
  }
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) {
    return core::Unavailable("the database is busy; try again");
  }
  if (primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB) {
    return core::DataLoss("database file is damaged or not a database: " + msg);
  }
  std::string shown(sql.substr(0, 80));
  return core::Internal("sqlite: " + msg + " in: " + shown);
}

int BindOne(sqlite3_stmt* stmt, int idx, const Value& v) {
  if (std::holds_alternative<std::monostate>(v)) return sqlite3_bind_null(stmt, idx);
  if (const auto* n = std::get_if<std::int64_t>(&v)) return sqlite3_bind_int64(stmt, idx, *n);
  if (const auto* d = std::get_if<double>(&v)) return sqlite3_bind_double(stmt, idx, *d);
  if (const auto* s = std::get_if<std::string>(&v)) {
    return sqlite3_bind_text64(stmt, idx, s->data(), s->size(), SQLITE_STATIC, SQLITE_UTF8);
  }
  const auto& b = std::get<Blob>(v);
  return sqlite3_bind_blob64(stmt, idx, b.bytes.data(), b.bytes.size(), SQLITE_STATIC);
}

int BindOne(sqlite3_stmt* stmt, int idx, const ValueRef& v) {
  if (std::holds_alternative<std::monostate>(v)) return sqlite3_bind_null(stmt, idx);
  if (const auto* n = std::get_if<std::int64_t>(&v)) return sqlite3_bind_int64(stmt, idx, *n);
  if (const auto* d = std::get_if<double>(&v)) return sqlite3_bind_double(stmt, idx, *d);
  const auto s = std::get<std::string_view>(v);
  return sqlite3_bind_text64(stmt, idx, s.data(), s.size(), SQLITE_STATIC, SQLITE_UTF8);
}

// Binds every parameter (Params of Exec/Query, or ValueRefs of a Statement). SQLITE_STATIC: the
// values outlive the step that reads them, so SQLite need not copy them.
template <class V>
core::Status BindAll(sqlite3* db, sqlite3_stmt* stmt, std::span<const V> params,
                     std::string_view sql) {
  const int expected = sqlite3_bind_parameter_count(stmt);
  if (expected != static_cast<int>(params.size())) {
    return core::Internal("statement takes " + std::to_string(expected) + " parameters, got " +
                          std::to_string(params.size()) + ": " + std::string(sql.substr(0, 80)));
  }
  for (std::size_t i = 0; i < params.size(); ++i) {
    const int rc = BindOne(stmt, static_cast<int>(i) + 1, params[i]);
    if (rc != SQLITE_OK) return SqliteError(db, rc, sql);
  }
  return core::Ok();
}

// Steps a bound statement to its end; the number of rows changed.
core::Result<std::int64_t> StepAll(sqlite3* db, sqlite3_stmt* stmt, std::string_view sql) {
  int rc;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
  }
  sqlite3_reset(stmt);
  if (rc != SQLITE_DONE) return SqliteError(db, rc, sql);
  return static_cast<std::int64_t>(sqlite3_changes64(db));
}

// Steps a bound statement to its end, keeping every row.
core::Result<std::vector<Row>> ReadRows(sqlite3* db, sqlite3_stmt* stmt, std::string_view sql) {
  std::vector<Row> rows;
  const int ncol = sqlite3_column_count(stmt);
  int rc;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    std::vector<Value> values;
    values.reserve(static_cast<std::size_t>(ncol));
    for (int i = 0; i < ncol; ++i) {
      switch (sqlite3_column_type(stmt, i)) {
        case SQLITE_INTEGER:
          values.emplace_back(static_cast<std::int64_t>(sqlite3_column_int64(stmt, i)));
          break;
        case SQLITE_FLOAT:
          values.emplace_back(sqlite3_column_double(stmt, i));
          break;
        case SQLITE_TEXT: {
          const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt, i));
          values.emplace_back(
              std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt, i))));
          break;
        }
        case SQLITE_BLOB: {
          const auto* p = static_cast<const std::uint8_t*>(sqlite3_column_blob(stmt, i));
          int n = sqlite3_column_bytes(stmt, i);
          values.emplace_back(Blob{std::vector<std::uint8_t>(p, p + n)});
          break;
        }
        default:
          values.emplace_back(std::monostate{});
          break;
      }
    }
    rows.emplace_back(std::move(values));
  }
  sqlite3_reset(stmt);
  if (rc != SQLITE_DONE) return SqliteError(db, rc, sql);
  return rows;
}

// A statement of Connection::Prepare: owned here, not by the connection's cache, and finalized
// with this object.
class SqliteStatement final : public Statement {
 public:
  SqliteStatement(sqlite3* db, sqlite3_stmt* stmt, std::string sql)
      : db_(db), stmt_(stmt), sql_(std::move(sql)) {}
  ~SqliteStatement() override { sqlite3_finalize(stmt_); }
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;

  core::Result<std::int64_t> Exec(std::span<const ValueRef> params) override {
    ISTMO_RETURN_IF_ERROR(BindAll(db_, stmt_, params, sql_));
    return StepAll(db_, stmt_, sql_);
  }
  core::Result<std::vector<Row>> Query(std::span<const ValueRef> params) override {
    ISTMO_RETURN_IF_ERROR(BindAll(db_, stmt_, params, sql_));
    return ReadRows(db_, stmt_, sql_);
  }

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_;
  std::string sql_;  // for error messages
};

}  // namespace

struct SqliteConnection::Handle {
  sqlite3* db = nullptr;
  // Prepared statements by SQL text: the same few statements run over and over.
  std::unordered_map<std::string, sqlite3_stmt*> cache;
  ~Handle() {
    for (auto& [sql, stmt] : cache) sqlite3_finalize(stmt);
    if (db != nullptr) sqlite3_close_v2(db);
  }

  core::Result<sqlite3_stmt*> Prepare(std::string_view sql) {
    std::string key(sql);
    auto it = cache.find(key);
    if (it != cache.end()) {
      sqlite3_reset(it->second);
      sqlite3_clear_bindings(it->second);
      return it->second;
    }
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v3(db, key.c_str(), static_cast<int>(key.size()),
                                SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) return SqliteError(db, rc, sql);
    if (cache.size() > 256) {
      for (auto& [s, st] : cache) sqlite3_finalize(st);
      cache.clear();
    }
    cache.emplace(std::move(key), stmt);
    return stmt;
  }

  core::Status Bind(sqlite3_stmt* stmt, const Params& params, std::string_view sql) {
    return BindAll(db, stmt, std::span<const Value>(params), sql);
  }
};

SqliteConnection::SqliteConnection(std::unique_ptr<Handle> handle) : h_(std::move(handle)) {}
SqliteConnection::~SqliteConnection() = default;

namespace {

// The folder a database file lives in, as a person would name it.
std::string FolderOf(const std::string& path) {
  const std::filesystem::path parent = std::filesystem::path(path).parent_path();
  return parent.empty() ? std::string(".") : parent.string();
}

// The facts OpenError needs about `path` after SQLite failed with `rc`.
OpenFailure Facts(const std::string& path, sqlite3* db, int rc, bool read_only) {
  OpenFailure f;
  f.sqlite_rc = db != nullptr ? sqlite3_extended_errcode(db) : rc;
  if ((f.sqlite_rc & 0xff) != (rc & 0xff)) f.sqlite_rc = rc;
  f.sys_errno = db != nullptr ? sqlite3_system_errno(db) : 0;
  struct stat st;
  f.file_exists = ::stat(path.c_str(), &st) == 0;
  f.file_usable = f.file_exists && ::access(path.c_str(), read_only ? R_OK : R_OK | W_OK) == 0;
  f.message = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  return f;
}

// A writer creates the file itself, mode 0600: SQLite would create it 0644 (less the umask),
// and it gives the -wal and -shm files it creates later the database file's mode.
core::Status CreatePrivate(const std::string& path) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd >= 0) {
    ::close(fd);
    return core::Ok();
  }
  if (errno == EEXIST) return core::Ok();  // created meanwhile by another process
  return OpenError(path, {.sqlite_rc = SQLITE_CANTOPEN, .sys_errno = errno, .file_exists = false,
                          .file_usable = false, .message = std::strerror(errno)});
}

void WarnIfShared(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0 || (st.st_mode & 077) == 0) return;
  char mode[8];
  std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
  core::log::Warn("database_file_mode",
                  {{"file", path},
                   {"mode", mode},
                   {"hint", "the database holds personal and biometric data; chmod 600 it and "
                            "its -wal and -shm files"}});
}

}  // namespace

core::Error OpenError(const std::string& path, const OpenFailure& f) {
  const std::string folder = FolderOf(path);
  const std::string sqlite_says = f.message.empty() ? "" : " (SQLite: " + f.message + ")";
  auto error = [](core::ErrorCode code, std::string message) {
    return core::Error{code, std::move(message), "db", 0};
  };
  const auto denied = core::ErrorCode::kPermissionDenied;
  const int e = f.sys_errno;
  const bool permission = e == EACCES || e == EPERM;
  const std::string wal = "SQLite must create " + path + "-wal and " + path + "-shm there";
  switch (f.sqlite_rc & 0xff) {
    case SQLITE_NOTADB:
      return error(core::ErrorCode::kInvalidArgument,
                   path + " is not an Istmo database: it is not a SQLite database file" +
                       sqlite_says);
    case SQLITE_CORRUPT:
      return error(core::ErrorCode::kDataLoss, "database " + path + " is damaged" + sqlite_says);
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return error(core::ErrorCode::kUnavailable,
                   "database " + path + " is locked by another process; try again" + sqlite_says);
    case SQLITE_READONLY:
      if (f.sqlite_rc == SQLITE_READONLY_CANTINIT || f.sqlite_rc == SQLITE_READONLY_CANTLOCK ||
          f.sqlite_rc == SQLITE_READONLY_DIRECTORY || (f.file_exists && f.file_usable)) {
        return error(denied, "folder " + folder + " is not writable by this user: " + wal +
                                 sqlite_says);
      }
      return error(denied, "database " + path +
                               " is not writable by this user; Istmo needs to read and write it" +
                               sqlite_says);
    case SQLITE_PERM:
      return error(denied, "access to database " + path + " was denied" + sqlite_says);
    case SQLITE_CANTOPEN:
      if (e == EISDIR) {
        return error(core::ErrorCode::kInvalidArgument,
                     path + " is a folder; name the database file inside it");
      }
      if (e == ENOENT || e == ENOTDIR) {
        return error(core::ErrorCode::kInvalidArgument,
                     "folder " + folder + " does not exist or is not a folder");
      }
      if (e == EROFS) {
        return error(denied, "database " + path + " is on a read-only file system" + sqlite_says);
      }
      if (permission && f.file_exists && !f.file_usable) {
        return error(denied, "database " + path +
                                 " is not readable and writable by this user" + sqlite_says);
      }
      if (permission && !f.file_exists) {
        return error(denied, "cannot create database " + path + ": folder " + folder +
                                 " is not writable by this user" + sqlite_says);
      }
      if (permission) {
        return error(denied, "folder " + folder + " is not writable by this user: " + wal +
                                 sqlite_says);
      }
      break;
    default:
      break;
  }
  std::string cause = e != 0 ? std::string(std::strerror(e)) : f.message;
  return error(core::ErrorCode::kInternal, "cannot open database " + path + ": " + cause);
}

core::Result<std::unique_ptr<SqliteConnection>> SqliteConnection::Open(const std::string& path,
                                                                       int busy_timeout_ms,
                                                                       bool read_only) {
  if (!read_only) {
    ISTMO_RETURN_IF_ERROR(CreatePrivate(path));
    WarnIfShared(path);
  }
  auto h = std::make_unique<Handle>();
  int flags = SQLITE_OPEN_NOMUTEX | (read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE);
  int rc = sqlite3_open_v2(path.c_str(), &h->db, flags, nullptr);
  if (rc != SQLITE_OK) return OpenError(path, Facts(path, h->db, rc, read_only));
  sqlite3_extended_result_codes(h->db, 1);
  // SQLite quietly opens a file it may not write read-only; a writer must say why it cannot.
  if (!read_only && sqlite3_db_readonly(h->db, "main") == 1) {
    return OpenError(path, {.sqlite_rc = SQLITE_READONLY, .sys_errno = EACCES,
                            .file_exists = true, .file_usable = false, .message = {}});
  }
  sqlite3_busy_timeout(h->db, busy_timeout_ms);
  // WAL: readers do not block the writer. synchronous=FULL: a committed transaction is on disk
  // before COMMIT returns, so an acknowledged write survives kill -9 and power loss. The read of
  // the schema opens the -wal and -shm files now, so that a folder they cannot be created in is
  // reported here, by name, rather than by the first migration. The writer's page cache may grow
  // to 256 MiB (SQLite's default is 2 MiB): a large import's random index inserts otherwise spill
  // and re-read pages through the OS for every row (bench_canal_import: 200,000 manifest lines
  // 19.7 s -> 7.0 s). Pages are allocated as used, so a small write costs nothing more.
  const char* pragmas = read_only ? "PRAGMA foreign_keys=ON; PRAGMA query_only=ON;"
                                    " SELECT count(*) FROM sqlite_schema;"
                                  : "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
                                    " PRAGMA foreign_keys=ON; PRAGMA cache_size=-262144;"
                                    " SELECT count(*) FROM sqlite_schema;";
  rc = sqlite3_exec(h->db, pragmas, nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return OpenError(path, Facts(path, h->db, rc, read_only));
  return std::unique_ptr<SqliteConnection>(new SqliteConnection(std::move(h)));
}

core::Result<std::int64_t> SqliteConnection::Exec(std::string_view sql, const Params& params) {
  ISTMO_ASSIGN_OR_RETURN(sqlite3_stmt * stmt, h_->Prepare(sql));
  ISTMO_RETURN_IF_ERROR(h_->Bind(stmt, params, sql));
  return StepAll(h_->db, stmt, sql);
}

core::Result<std::vector<Row>> SqliteConnection::Query(std::string_view sql, const Params& params) {
  ISTMO_ASSIGN_OR_RETURN(sqlite3_stmt * stmt, h_->Prepare(sql));
  ISTMO_RETURN_IF_ERROR(h_->Bind(stmt, params, sql));
  return ReadRows(h_->db, stmt, sql);
}

core::Result<std::unique_ptr<Statement>> SqliteConnection::Prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  const int rc = sqlite3_prepare_v3(h_->db, sql.data(), static_cast<int>(sql.size()),
                                    SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) return SqliteError(h_->db, rc, sql);
  if (stmt == nullptr) return core::Internal("no statement in: " + std::string(sql.substr(0, 80)));
  return std::unique_ptr<Statement>(new SqliteStatement(h_->db, stmt, std::string(sql)));
}

core::Status SqliteConnection::ExecScript(std::string_view sql) {
  std::string text(sql);
  char* err = nullptr;
  int rc = sqlite3_exec(h_->db, text.c_str(), nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    core::Error e = SqliteError(h_->db, rc, sql);
    if (err != nullptr) sqlite3_free(err);
    return e;
  }
  return core::Ok();
}

}  // namespace istmo::store::internal

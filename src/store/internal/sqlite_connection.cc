#include "store/internal/sqlite_connection.h"

#include <sqlite3.h>

#include <unordered_map>

namespace istmo::store::internal {

namespace {

// Maps a SQLite result code to our vocabulary. Constraint failures are the caller's input
// (duplicate username: kConflict; bad reference or CHECK: kInvalidArgument).
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
    if (ext == SQLITE_CONSTRAINT_UNIQUE || ext == SQLITE_CONSTRAINT_PRIMARYKEY) {
      return core::Conflict("already exists (" + msg + ")", field);
    }
    return core::InvalidArgument("rejected by the database (" + msg + ")", field);
  }
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) {
    return core::Unavailable("database is busy: " + msg);
  }
  if (primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB) {
    return core::DataLoss("database file is damaged or not a database: " + msg);
  }
  std::string shown(sql.substr(0, 80));
  return core::Internal("sqlite: " + msg + " in: " + shown);
}

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
    int expected = sqlite3_bind_parameter_count(stmt);
    if (expected != static_cast<int>(params.size())) {
      return core::Internal("statement takes " + std::to_string(expected) + " parameters, got " +
                            std::to_string(params.size()) + ": " + std::string(sql.substr(0, 80)));
    }
    for (std::size_t i = 0; i < params.size(); ++i) {
      int idx = static_cast<int>(i) + 1;
      int rc = SQLITE_OK;
      const Value& v = params[i];
      if (std::holds_alternative<std::monostate>(v)) {
        rc = sqlite3_bind_null(stmt, idx);
      } else if (const auto* n = std::get_if<std::int64_t>(&v)) {
        rc = sqlite3_bind_int64(stmt, idx, *n);
      } else if (const auto* d = std::get_if<double>(&v)) {
        rc = sqlite3_bind_double(stmt, idx, *d);
      } else if (const auto* s = std::get_if<std::string>(&v)) {
        rc = sqlite3_bind_text64(stmt, idx, s->data(), s->size(), SQLITE_STATIC, SQLITE_UTF8);
      } else if (const auto* b = std::get_if<Blob>(&v)) {
        rc = sqlite3_bind_blob64(stmt, idx, b->bytes.data(), b->bytes.size(), SQLITE_STATIC);
      }
      if (rc != SQLITE_OK) return SqliteError(db, rc, sql);
    }
    return core::Ok();
  }
};

SqliteConnection::SqliteConnection(std::unique_ptr<Handle> handle) : h_(std::move(handle)) {}
SqliteConnection::~SqliteConnection() = default;

core::Result<std::unique_ptr<SqliteConnection>> SqliteConnection::Open(const std::string& path,
                                                                       int busy_timeout_ms,
                                                                       bool read_only) {
  auto h = std::make_unique<Handle>();
  int flags = SQLITE_OPEN_NOMUTEX | (read_only ? SQLITE_OPEN_READONLY
                                               : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  int rc = sqlite3_open_v2(path.c_str(), &h->db, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = h->db != nullptr ? sqlite3_errmsg(h->db) : sqlite3_errstr(rc);
    return core::InvalidArgument("cannot open database " + path + ": " + msg, "db");
  }
  sqlite3_extended_result_codes(h->db, 1);
  sqlite3_busy_timeout(h->db, busy_timeout_ms);
  auto conn = std::unique_ptr<SqliteConnection>(new SqliteConnection(std::move(h)));
  // WAL: readers do not block the writer. synchronous=FULL: a committed transaction is on disk
  // before COMMIT returns, so an acknowledged write survives kill -9 and power loss.
  const char* pragmas = read_only ? "PRAGMA foreign_keys=ON; PRAGMA query_only=ON;"
                                  : "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
                                    " PRAGMA foreign_keys=ON;";
  core::Status s = conn->ExecScript(pragmas);
  if (!s) {
    core::Error e = s.error();
    if (e.code == core::ErrorCode::kDataLoss || e.code == core::ErrorCode::kInternal) {
      e.code = core::ErrorCode::kInvalidArgument;
      e.message = path + " is not an Istmo database: " + e.message;
      e.field = "db";
    }
    return e;
  }
  return conn;
}

core::Result<std::int64_t> SqliteConnection::Exec(std::string_view sql, const Params& params) {
  ISTMO_ASSIGN_OR_RETURN(sqlite3_stmt * stmt, h_->Prepare(sql));
  ISTMO_RETURN_IF_ERROR(h_->Bind(stmt, params, sql));
  int rc;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
  }
  sqlite3_reset(stmt);
  if (rc != SQLITE_DONE) return SqliteError(h_->db, rc, sql);
  return static_cast<std::int64_t>(sqlite3_changes64(h_->db));
}

core::Result<std::vector<Row>> SqliteConnection::Query(std::string_view sql, const Params& params) {
  ISTMO_ASSIGN_OR_RETURN(sqlite3_stmt * stmt, h_->Prepare(sql));
  ISTMO_RETURN_IF_ERROR(h_->Bind(stmt, params, sql));
  std::vector<Row> rows;
  int ncol = sqlite3_column_count(stmt);
  int rc;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    std::vector<Value> values;
    values.reserve(static_cast<std::size_t>(ncol));
    for (int i = 0; i < ncol; ++i) {
      switch (sqlite3_column_type(stmt, i)) {
        case SQLITE_INTEGER: values.emplace_back(static_cast<std::int64_t>(sqlite3_column_int64(stmt, i))); break;
        case SQLITE_FLOAT: values.emplace_back(sqlite3_column_double(stmt, i)); break;
        case SQLITE_TEXT: {
          const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt, i));
          values.emplace_back(std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt, i))));
          break;
        }
        case SQLITE_BLOB: {
          const auto* p = static_cast<const std::uint8_t*>(sqlite3_column_blob(stmt, i));
          int n = sqlite3_column_bytes(stmt, i);
          values.emplace_back(Blob{std::vector<std::uint8_t>(p, p + n)});
          break;
        }
        default: values.emplace_back(std::monostate{}); break;
      }
    }
    rows.emplace_back(std::move(values));
  }
  sqlite3_reset(stmt);
  if (rc != SQLITE_DONE) return SqliteError(h_->db, rc, sql);
  return rows;
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

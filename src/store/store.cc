#include "store/store.h"

#include <condition_variable>
#include <filesystem>
#include <map>
#include <mutex>

#include "core/log.h"
#include "core/time.h"
#include "store/internal/schema.h"
#include "store/internal/sqlite_connection.h"

namespace istmo::store {

using internal::SqliteConnection;

core::Result<std::optional<Row>> Connection::QueryOne(std::string_view sql, const Params& params) {
  ISTMO_ASSIGN_OR_RETURN(auto rows, Query(sql, params));
  if (rows.empty()) return std::optional<Row>();
  return std::optional<Row>(std::move(rows.front()));
}

struct Store::Impl {
  Options options;
  std::mutex write_mu;
  std::unique_ptr<SqliteConnection> writer;

  std::mutex read_mu;
  std::condition_variable read_cv;
  std::vector<std::unique_ptr<SqliteConnection>> idle_readers;
  int open_readers = 0;

  core::Result<std::unique_ptr<SqliteConnection>> AcquireReader() {
    std::unique_lock<std::mutex> lock(read_mu);
    for (;;) {
      if (!idle_readers.empty()) {
        auto c = std::move(idle_readers.back());
        idle_readers.pop_back();
        return c;
      }
      if (open_readers < std::max(1, options.readers)) {
        ++open_readers;
        lock.unlock();
        auto c = SqliteConnection::Open(options.path, options.busy_timeout_ms, /*read_only=*/true);
        if (!c) {
          std::lock_guard<std::mutex> relock(read_mu);
          --open_readers;
          return c.error();
        }
        return std::move(c).value();
      }
      read_cv.wait(lock);
    }
  }

  void ReleaseReader(std::unique_ptr<SqliteConnection> c) {
    {
      std::lock_guard<std::mutex> lock(read_mu);
      idle_readers.push_back(std::move(c));
    }
    read_cv.notify_one();
  }
};

Store::Store(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Store::~Store() = default;

std::string_view Store::backend() const { return "sqlite"; }
const std::string& Store::path() const { return impl_->options.path; }

namespace {

core::Status ApplyMigrations(SqliteConnection& c, const std::vector<Migration>& migrations,
                             bool read_only) {
  if (!read_only) {
    ISTMO_RETURN_IF_ERROR(c.ExecScript(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " module TEXT NOT NULL, version INTEGER NOT NULL, name TEXT NOT NULL,"
        " applied_at TEXT NOT NULL, PRIMARY KEY (module, version))"));
  }
  ISTMO_ASSIGN_OR_RETURN(auto rows, c.Query("SELECT module, version FROM schema_migrations"));
  std::map<std::string, std::int64_t> applied_max;
  std::map<std::pair<std::string, std::int64_t>, bool> applied;
  for (const Row& r : rows) {
    applied[{r.Text(0), r.Int(1)}] = true;
    auto& m = applied_max[r.Text(0)];
    m = std::max(m, r.Int(1));
  }
  std::map<std::string, std::int64_t> known_max;
  for (const Migration& m : migrations) {
    auto& k = known_max[m.module];
    k = std::max<std::int64_t>(k, m.version);
  }
  for (const auto& [module, version] : applied_max) {
    auto it = known_max.find(module);
    if (it != known_max.end() && version > it->second) {
      return core::InvalidArgument("the database has " + module + " schema version " +
                                       std::to_string(version) + " but this istmo knows only " +
                                       std::to_string(it->second) + ": use a newer istmo",
                                   "db");
    }
  }
  for (const Migration& m : migrations) {
    if (applied.count({m.module, m.version}) != 0) continue;
    if (read_only) {
      return core::Unavailable("database needs migration " + m.module + "/" +
                               std::to_string(m.version) + "; open it read-write once");
    }
    ISTMO_RETURN_IF_ERROR(c.ExecScript("BEGIN IMMEDIATE"));
    core::Status s = c.ExecScript(m.sql);
    if (s) {
      auto ins = c.Exec(
          "INSERT INTO schema_migrations (module, version, name, applied_at) VALUES (?, ?, ?, ?)",
          {m.module, static_cast<std::int64_t>(m.version), m.name,
           core::FormatIso8601(core::SystemClock::Get().Now())});
      if (!ins) s = ins.error();
    }
    if (s) s = c.ExecScript("COMMIT");
    if (!s) {
      (void)c.ExecScript("ROLLBACK");  // best effort; the error below is what matters
      core::Error e = s.error();
      e.message = "migration " + m.module + "/" + std::to_string(m.version) + " (" + m.name +
                  ") failed: " + e.message;
      return e;
    }
    core::log::Info("migration_applied", {{"module", m.module},
                                          {"version", std::to_string(m.version)},
                                          {"name", m.name}});
  }
  return core::Ok();
}

}  // namespace

core::Result<std::unique_ptr<Store>> Store::Open(const Options& options,
                                                 const std::vector<Migration>& migrations) {
  if (options.path.empty()) return core::InvalidArgument("database path is empty", "db");
  std::error_code ec;
  std::filesystem::path p(options.path);
  if (p.has_parent_path() && !std::filesystem::is_directory(p.parent_path(), ec)) {
    return core::InvalidArgument("folder " + p.parent_path().string() + " does not exist", "db");
  }
  if (options.read_only && !std::filesystem::exists(p, ec)) {
    return core::NotFound("database " + options.path + " does not exist", "db");
  }
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  // Even read-only tools open a writer handle on the file only when allowed to write.
  ISTMO_ASSIGN_OR_RETURN(impl->writer, SqliteConnection::Open(options.path, options.busy_timeout_ms,
                                                              options.read_only));
  ISTMO_ASSIGN_OR_RETURN(std::vector<Migration> all, internal::StoreMigrations(options.site_id));
  all.insert(all.end(), migrations.begin(), migrations.end());
  ISTMO_RETURN_IF_ERROR(ApplyMigrations(*impl->writer, all, options.read_only));
  if (!options.read_only) ISTMO_RETURN_IF_ERROR(internal::UseSiteId(*impl->writer, options.site_id));
  return std::unique_ptr<Store>(new Store(std::move(impl)));
}

core::Status Store::RunRead(const std::function<core::Status(Connection&)>& fn) {
  ISTMO_ASSIGN_OR_RETURN(auto conn, impl_->AcquireReader());
  core::Status s = conn->ExecScript("BEGIN");
  if (s) {
    s = fn(*conn);
    core::Status end = conn->ExecScript(s ? "COMMIT" : "ROLLBACK");
    if (s && !end) s = end;
  }
  impl_->ReleaseReader(std::move(conn));
  return s;
}

core::Status Store::RunWrite(const std::function<core::Status(Connection&)>& fn) {
  if (impl_->options.read_only) return core::PermissionDenied("database was opened read-only");
  std::lock_guard<std::mutex> lock(impl_->write_mu);
  SqliteConnection& c = *impl_->writer;
  ISTMO_RETURN_IF_ERROR(c.ExecScript("BEGIN IMMEDIATE"));
  core::Status s = fn(c);
  if (s) s = c.ExecScript("COMMIT");
  if (!s) (void)c.ExecScript("ROLLBACK");  // nothing of a failed write is kept
  return s;
}

core::Result<std::vector<std::string>> Store::AppliedMigrations() {
  return Read<std::vector<std::string>>([](Connection& c) -> core::Result<std::vector<std::string>> {
    ISTMO_ASSIGN_OR_RETURN(auto rows,
                           c.Query("SELECT module, version FROM schema_migrations ORDER BY rowid"));
    std::vector<std::string> out;
    for (const Row& r : rows) out.push_back(r.Text(0) + "/" + r.Text(1));
    return out;
  });
}

}  // namespace istmo::store

#include "store/internal/sqlite_store.h"

#include <algorithm>
#include <condition_variable>
#include <filesystem>
#include <mutex>

#include "store/internal/migrate.h"
#include "store/internal/schema.h"
#include "store/internal/sqlite_connection.h"

namespace istmo::store::internal {

namespace {

// One writer connection serialized by a mutex (BEGIN IMMEDIATE), and a pool of read-only
// connections that WAL lets run beside it.
class SqliteStore final : public Store {
 public:
  SqliteStore(Options options, std::string path)
      : options_(std::move(options)), path_(std::move(path)) {}

  std::string_view backend() const override { return "sqlite"; }
  const std::string& url() const override { return options_.url; }

  core::Status Open(const std::vector<Migration>& migrations) {
    // Even read-only tools open a writer handle on the file only when allowed to write.
    ISTMO_ASSIGN_OR_RETURN(writer_, SqliteConnection::Open(path_, options_.busy_timeout_ms,
                                                           options_.read_only));
    ISTMO_ASSIGN_OR_RETURN(std::vector<Migration> all, StoreMigrations(options_.site_id));
    all.insert(all.end(), migrations.begin(), migrations.end());
    ISTMO_RETURN_IF_ERROR(ApplyMigrations(*writer_, all, options_.read_only, "BEGIN IMMEDIATE"));
    if (!options_.read_only) ISTMO_RETURN_IF_ERROR(UseSiteId(*writer_, options_.site_id));
    return core::Ok();
  }

 protected:
  core::Status RunRead(const std::function<core::Status(Connection&)>& fn) override {
    ISTMO_ASSIGN_OR_RETURN(auto conn, AcquireReader());
    core::Status s = conn->ExecScript("BEGIN");
    if (s) {
      s = fn(*conn);
      core::Status end = conn->ExecScript(s ? "COMMIT" : "ROLLBACK");
      if (s && !end) s = end;
    }
    ReleaseReader(std::move(conn));
    return s;
  }

  core::Status RunWrite(const std::function<core::Status(Connection&)>& fn) override {
    if (options_.read_only) return core::PermissionDenied("database was opened read-only");
    std::lock_guard<std::mutex> lock(write_mu_);
    SqliteConnection& c = *writer_;
    ISTMO_RETURN_IF_ERROR(c.ExecScript("BEGIN IMMEDIATE"));
    core::Status s = fn(c);
    if (s) s = c.ExecScript("COMMIT");
    if (!s) (void)c.ExecScript("ROLLBACK");  // nothing of a failed write is kept
    return s;
  }

 private:
  core::Result<std::unique_ptr<SqliteConnection>> AcquireReader() {
    std::unique_lock<std::mutex> lock(read_mu_);
    for (;;) {
      if (!idle_readers_.empty()) {
        auto c = std::move(idle_readers_.back());
        idle_readers_.pop_back();
        return c;
      }
      if (open_readers_ < std::max(1, options_.readers)) {
        ++open_readers_;
        lock.unlock();
        auto c = SqliteConnection::Open(path_, options_.busy_timeout_ms, /*read_only=*/true);
        if (!c) {
          std::lock_guard<std::mutex> relock(read_mu_);
          --open_readers_;
          // Busy stays busy (retry). Otherwise the file opened at start fails now: a fault of
          // the host, logged with the request id, not a path to tell an HTTP client about.
          if (c.error().code == core::ErrorCode::kUnavailable) return c.error();
          return core::Internal(c.error().message);
        }
        return std::move(c).value();
      }
      read_cv_.wait(lock);
    }
  }

  void ReleaseReader(std::unique_ptr<SqliteConnection> c) {
    {
      std::lock_guard<std::mutex> lock(read_mu_);
      idle_readers_.push_back(std::move(c));
    }
    read_cv_.notify_one();
  }

  const Options options_;
  const std::string path_;
  std::mutex write_mu_;
  std::unique_ptr<SqliteConnection> writer_;

  std::mutex read_mu_;
  std::condition_variable read_cv_;
  std::vector<std::unique_ptr<SqliteConnection>> idle_readers_;
  int open_readers_ = 0;
};

}  // namespace

core::Result<std::unique_ptr<Store>> OpenSqlite(const Options& options, const std::string& path,
                                                const std::vector<Migration>& migrations) {
  std::error_code ec;
  std::filesystem::path p(path);
  if (p.has_parent_path() && !std::filesystem::is_directory(p.parent_path(), ec)) {
    const bool is_file = std::filesystem::exists(p.parent_path(), ec);
    return core::InvalidArgument("folder " + p.parent_path().string() +
                                     (is_file ? " is a file, not a folder" : " does not exist"),
                                 "db");
  }
  if (options.read_only && !std::filesystem::exists(p, ec)) {
    return core::NotFound("database " + path + " does not exist", "db");
  }
  auto store = std::make_unique<SqliteStore>(options, path);
  ISTMO_RETURN_IF_ERROR(store->Open(migrations));
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace istmo::store::internal

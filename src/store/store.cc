#include "store/store.h"

#include <string_view>

#include "store/internal/sqlite_store.h"

namespace istmo::store {

core::Result<std::optional<Row>> Connection::QueryOne(std::string_view sql, const Params& params) {
  ISTMO_ASSIGN_OR_RETURN(auto rows, Query(sql, params));
  if (rows.empty()) return std::optional<Row>();
  return std::optional<Row>(std::move(rows.front()));
}

Store::~Store() = default;

core::Result<std::unique_ptr<Store>> Store::Open(const Options& options,
                                                 const std::vector<Migration>& migrations) {
  const std::string_view url = options.url;
  if (url.empty()) return core::InvalidArgument("the database URL or path is empty", "db");
  if (url.starts_with("postgresql://") || url.starts_with("postgres://")) {
    core::Error e = core::Unavailable(
        "this istmo has no PostgreSQL backend yet; use a SQLite file path or file: URL");
    e.field = "db";
    return e;
  }
  std::string path(url);
  if (url.starts_with("file://")) {
    path = std::string(url.substr(7));
  } else if (url.starts_with("file:")) {
    path = std::string(url.substr(5));
  }
  if (path.empty()) return core::InvalidArgument("the file: URL names no file", "db");
  return internal::OpenSqlite(options, path, migrations);
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

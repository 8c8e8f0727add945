// store/internal/sqlite_connection.h — a Connection over one sqlite3 handle. The only file
// besides sqlite_connection.cc that may know sqlite3 exists is none: sqlite3.h stays in the .cc.
#pragma once

#include <memory>
#include <string>

#include "store/store.h"

namespace istmo::store::internal {

class SqliteConnection final : public Connection {
 public:
  ~SqliteConnection() override;
  // Opens the file with WAL, foreign keys, busy timeout and synchronous=FULL.
  static core::Result<std::unique_ptr<SqliteConnection>> Open(const std::string& path,
                                                              int busy_timeout_ms, bool read_only);

  core::Result<std::int64_t> Exec(std::string_view sql, const Params& params = {}) override;
  core::Result<std::vector<Row>> Query(std::string_view sql, const Params& params = {}) override;
  core::Status ExecScript(std::string_view sql) override;

 private:
  struct Handle;
  explicit SqliteConnection(std::unique_ptr<Handle> handle);
  std::unique_ptr<Handle> h_;
};

}  // namespace istmo::store::internal

#include "store/internal/migrate.h"

#include <map>
#include <string>

#include "core/log.h"
#include "core/time.h"

namespace istmo::store::internal {

core::Status ApplyMigrations(Connection& c, const std::vector<Migration>& migrations,
                             bool read_only, std::string_view begin) {
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
    ISTMO_RETURN_IF_ERROR(c.ExecScript(begin));
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

}  // namespace istmo::store::internal

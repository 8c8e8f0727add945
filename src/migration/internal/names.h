// migration/internal/names.h — the search key of a person's name, in C++ and in SQL.
//
// A name is searched without accents or case ("Pérez" finds "PEREZ"): each encounter stores
// name_key, its name lowered and folded by core/name_key.h, and one row per word of it in
// migration_encounter_names (the name index). The schema migration that added the column
// backfills it with NameKeyBackfillSql(), built from the same table, so rows written before
// and after it have the same keys. SQLite's lower() folds ASCII only (without ICU); the table
// therefore lists upper- and lower-case letters, and NameKey() lowers ASCII alone, like SQLite.
#pragma once

#include <string>
#include <vector>

#include "core/name_key.h"

namespace istmo::migration::internal {

using core::kNameFolds;
using core::NameKey;

// SQL statements that set `key_column` of every row of `table` to the key of `name_column`:
// the same steps as NameKey(), ten folds per statement (SQLite's parser refuses deeper nesting
// of calls). Names are trusted identifiers.
inline std::string NameKeyBackfillSql(const std::string& table, const std::string& name_column,
                                      const std::string& key_column) {
  std::string sql = "UPDATE " + table + " SET " + key_column + " = lower(" + name_column + ");\n";
  for (std::size_t i = 0; i < kNameFolds.size(); i += 10) {
    std::string expr = key_column;
    for (std::size_t k = i; k < i + 10 && k < kNameFolds.size(); ++k) {
      const auto& [from, to] = kNameFolds[k];
      expr = "replace(" + expr + ", '" + std::string(from == "'" ? "''" : from) + "', '" +
             std::string(to) + "')";
    }
    sql += "UPDATE " + table + " SET " + key_column + " = " + expr + ";\n";
  }
  return sql;
}

// The words of a key, in order, without empty ones.
inline std::vector<std::string> NameTokens(std::string_view key) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < key.size()) {
    std::size_t end = key.find(' ', start);
    if (end == std::string_view::npos) end = key.size();
    if (end > start) out.emplace_back(key.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

}  // namespace istmo::migration::internal

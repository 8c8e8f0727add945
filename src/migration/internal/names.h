// migration/internal/names.h — the search key of a person's name, in C++ and in SQL.
//
// A name is searched without accents or case ("Pérez" finds "PEREZ"): each encounter stores
// name_key, its name lowered and folded by the table below, and one row per word of it in
// migration_encounter_names (the name index). The schema migration that added the column
// backfills it with NameKeyBackfillSql(), built from the same table, so rows written before
// and after it have the same keys. SQLite's lower() folds ASCII only (without ICU); the table
// therefore lists upper- and lower-case letters, and NameKey() lowers ASCII alone, like SQLite.
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace istmo::migration::internal {

// Latin letters of the names met at the stations (Spanish, Portuguese, French, Haitian Creole,
// and the pinyin and Turkic letters of Latin-script passports), and the punctuation that joins
// words ("García-Pérez", "D'Souza"): each folds to its ASCII form or to a space.
// clang-format off: one line per letter and case reads better than a packed table.
inline constexpr std::array<std::pair<std::string_view, std::string_view>, 70> kNameFolds = {{
    {"á", "a"}, {"à", "a"}, {"â", "a"}, {"ä", "a"}, {"ã", "a"}, {"å", "a"}, {"ā", "a"}, {"Á", "a"},
    {"À", "a"}, {"Â", "a"}, {"Ä", "a"}, {"Ã", "a"}, {"Å", "a"}, {"Ā", "a"}, {"é", "e"}, {"è", "e"},
    {"ê", "e"}, {"ë", "e"}, {"ē", "e"}, {"É", "e"}, {"È", "e"}, {"Ê", "e"}, {"Ë", "e"}, {"Ē", "e"},
    {"í", "i"}, {"ì", "i"}, {"î", "i"}, {"ï", "i"}, {"ī", "i"}, {"ı", "i"}, {"Í", "i"}, {"Ì", "i"},
    {"Î", "i"}, {"Ï", "i"}, {"Ī", "i"}, {"İ", "i"}, {"ó", "o"}, {"ò", "o"}, {"ô", "o"}, {"ö", "o"},
    {"õ", "o"}, {"ø", "o"}, {"ō", "o"}, {"Ó", "o"}, {"Ò", "o"}, {"Ô", "o"}, {"Ö", "o"}, {"Õ", "o"},
    {"Ø", "o"}, {"Ō", "o"}, {"ú", "u"}, {"ù", "u"}, {"û", "u"}, {"ü", "u"}, {"ū", "u"}, {"Ú", "u"},
    {"Ù", "u"}, {"Û", "u"}, {"Ü", "u"}, {"Ū", "u"}, {"ñ", "n"}, {"Ñ", "n"}, {"ç", "c"}, {"Ç", "c"},
    {"ş", "s"}, {"Ş", "s"}, {"-", " "}, {"'", " "}, {".", " "}, {",", " "},
}};
// clang-format on

// The key of a name: ASCII lowered, then every fold of kNameFolds applied in order.
inline std::string NameKey(std::string_view name) {
  std::string s(name);
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  for (const auto& [from, to] : kNameFolds) {
    for (std::size_t pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos)) {
      s.replace(pos, from.size(), to);
      pos += to.size();
    }
  }
  return s;
}

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

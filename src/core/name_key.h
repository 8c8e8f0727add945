// core/name_key.h — the search key of a name: ASCII lowered, Latin accents folded, the
// punctuation that joins words turned into spaces ("García-Pérez" -> "garcia perez").
//
// Used by migration (a person's name, also as SQL: migration/internal/names.h builds its
// backfill from the same table) and canal (party names). SQLite's lower() folds ASCII only
// (without ICU); the table therefore lists upper- and lower-case letters, and NameKey() lowers
// ASCII alone, like SQLite.
//
// Thread-safety: a constant table and a pure function.
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <utility>

namespace istmo::core {

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

}  // namespace istmo::core

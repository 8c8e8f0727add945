#include "canal/parties.h"

#include <array>
#include <utility>
#include <vector>

#include "core/name_key.h"

namespace istmo::canal {

namespace {

using Words = std::vector<std::string>;

Words Split(std::string_view name) {
  const std::string folded = core::NameKey(name);
  Words words;
  std::string word;
  const auto flush = [&] {
    if (!word.empty()) words.push_back(std::move(word));
    word.clear();
  };
  for (char c : folded) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      word += c;
    } else {
      flush();
      if (c == '&') words.emplace_back("and");
    }
  }
  flush();
  return words;
}

std::string Join(const Words& words, std::size_t count) {
  std::string out;
  for (std::size_t i = 0; i < count; ++i) {
    if (i > 0) out += ' ';
    out += words[i];
  }
  return out;
}

void Replace(Words& words, const std::pair<std::string_view, std::string_view>* begin,
             const std::pair<std::string_view, std::string_view>* end) {
  for (std::string& w : words) {
    for (auto it = begin; it != end; ++it) {
      if (w == it->first) w = it->second;
    }
  }
}

// Abbreviations of company names in the trade's English and Spanish.
constexpr std::array<std::pair<std::string_view, std::string_view>, 14> kNameAbbreviations = {{
    {"intl", "international"},
    {"int", "international"},
    {"natl", "national"},
    {"mfg", "manufacturing"},
    {"svcs", "services"},
    {"svc", "services"},
    {"cia", "compania"},
    {"hnos", "hermanos"},
    {"bros", "brothers"},
    {"dist", "distribution"},
    {"distr", "distribution"},
    {"exp", "export"},
    {"imp", "import"},
    {"assoc", "associates"},
}};

// Legal forms at the end of a name, as words after step 2 ("S.A. de C.V." is s a de c v).
// Longest first, so that "co ltd" goes as one suffix.
constexpr std::array<std::string_view, 30> kLegalForms = {
    "s a de c v",   "sa de cv", "s de r l",    "s r l", "s a s",   "s a",     "co ltd", "pte ltd",
    "pvt ltd",      "sa",       "sas",         "srl",   "ltda",    "ltd",     "llc",    "inc",
    "incorporated", "corp",     "corporation", "co",    "company", "limited", "gmbh",   "ag",
    "bv",           "nv",       "plc",         "spa",   "sl",      "lp",
};

// kLegalForms as words, split once: PartyKey runs for every new spelling of an import.
const std::vector<Words>& LegalFormWords() {
  static const std::vector<Words> forms = [] {
    std::vector<Words> out;
    for (std::string_view form : kLegalForms) {
      Words parts;
      std::size_t start = 0;
      while (start <= form.size()) {
        std::size_t end = form.find(' ', start);
        if (end == std::string_view::npos) end = form.size();
        parts.emplace_back(form.substr(start, end - start));
        start = end + 1;
      }
      out.push_back(std::move(parts));
    }
    return out;
  }();
  return forms;
}

bool EndsWithWords(const Words& words, std::size_t count, const Words& parts) {
  if (parts.size() >= count) return false;  // never the whole name
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (words[count - parts.size() + i] != parts[i]) return false;
  }
  return true;
}

}  // namespace

std::string PartyKey(std::string_view name) {
  Words words = Split(name);
  Replace(words, kNameAbbreviations.data(), kNameAbbreviations.data() + kNameAbbreviations.size());
  if (words.size() > 1 && words.front() == "the") words.erase(words.begin());
  std::size_t count = words.size();
  for (bool dropped = true; dropped;) {
    dropped = false;
    // "and" before a dropped form goes with it ("Smith & Co.").
    for (const Words& form : LegalFormWords()) {
      if (EndsWithWords(words, count, form)) {
        count -= form.size();
        if (count > 1 && words[count - 1] == "and") --count;
        dropped = true;
        break;
      }
    }
  }
  return Join(words, count);
}

std::string AddressKey(std::string_view address) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 10> kStreet = {{
      {"avenue", "av"},
      {"avenida", "av"},
      {"ave", "av"},
      {"building", "bldg"},
      {"edificio", "bldg"},
      {"edif", "bldg"},
      {"street", "st"},
      {"floor", "fl"},
      {"piso", "fl"},
      {"number", "no"},
  }};
  Words words = Split(address);
  Replace(words, kStreet.data(), kStreet.data() + kStreet.size());
  return Join(words, words.size());
}

}  // namespace istmo::canal

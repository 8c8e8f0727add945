#include "core/config.h"

#include <cctype>
#include <charconv>
#include <fstream>
#include <sstream>

namespace istmo::core {

namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

bool ValidKey(std::string_view key) {
  if (key.empty()) return false;
  for (char c : key) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-')) {
      return false;
    }
  }
  return true;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

Result<Config> Config::Parse(std::string_view text) {
  Config config;
  std::string section;
  std::int64_t line_no = 0;
  while (!text.empty()) {
    ++line_no;
    std::size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    line = Trim(line);
    if (line.empty() || line.front() == '#' || line.front() == ';') continue;
    if (line.front() == '[') {
      if (line.back() != ']') return InvalidArgument("expected [section]", {}, line_no);
      section = std::string(Trim(line.substr(1, line.size() - 2)));
      if (!ValidKey(section)) {
        return InvalidArgument("a section name has letters, digits, '_', '-' and '.' only", {},
                               line_no);
      }
      continue;
    }
    std::size_t eq = line.find('=');
    if (eq == std::string_view::npos) return InvalidArgument("expected key = value", {}, line_no);
    std::string_view key = Trim(line.substr(0, eq));
    std::string_view value = Trim(line.substr(eq + 1));
    if (!ValidKey(key)) {
      return InvalidArgument("a key has letters, digits, '_', '-' and '.' only", {}, line_no);
    }
    std::string parsed;
    if (!value.empty() && value.front() == '"') {
      std::size_t close = value.find('"', 1);
      if (close == std::string_view::npos) {
        return InvalidArgument("unterminated quoted value", std::string(key), line_no);
      }
      parsed = std::string(value.substr(1, close - 1));
      std::string_view rest = Trim(value.substr(close + 1));
      if (!rest.empty() && rest.front() != '#') {
        return InvalidArgument("unexpected text after quoted value", std::string(key), line_no);
      }
    } else {
      std::size_t hash = value.find(" #");
      if (hash != std::string_view::npos) value = Trim(value.substr(0, hash));
      parsed = std::string(value);
    }
    std::string full = section.empty() ? Lower(key) : Lower(section) + "." + Lower(key);
    config.values_[std::move(full)] = std::move(parsed);
  }
  return config;
}

Result<Config> Config::Load(const std::string& path) {
  std::ifstream in(path);
  if (!in) return NotFound("cannot read config file " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  auto parsed = Parse(ss.str());
  if (!parsed) {
    Error e = parsed.error();
    e.message = path + ": " + e.message;
    return e;
  }
  return parsed;
}

void Config::MergeEnvironment(char** envp) {
  if (envp == nullptr) return;
  constexpr std::string_view kPrefix = "ISTMO_";
  for (char** e = envp; *e != nullptr; ++e) {
    std::string_view entry(*e);
    if (entry.substr(0, kPrefix.size()) != kPrefix) continue;
    std::size_t eq = entry.find('=');
    if (eq == std::string_view::npos) continue;
    std::string_view name = entry.substr(kPrefix.size(), eq - kPrefix.size());
    std::string key;
    bool first_word_done = false;
    for (std::size_t i = 0; i < name.size(); ++i) {
      char c = name[i];
      if (c == '_') {
        if (i + 1 < name.size() && name[i + 1] == '_') {
          key += '_';
          ++i;
        } else if (!first_word_done) {
          key += '.';
          first_word_done = true;
        } else {
          key += '_';
        }
      } else {
        key += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      }
    }
    if (ValidKey(key)) values_[key] = std::string(entry.substr(eq + 1));
  }
}

void Config::Set(std::string key, std::string value) { values_[std::move(key)] = std::move(value); }

void Config::Merge(const Config& other) {
  for (const auto& [k, v] : other.values_) values_[k] = v;
}

bool Config::Has(std::string_view key) const { return values_.find(key) != values_.end(); }

std::optional<std::string> Config::Get(std::string_view key) const {
  auto it = values_.find(key);
  if (it == values_.end()) return std::nullopt;
  return it->second;
}

std::string Config::GetString(std::string_view key, std::string_view fallback) const {
  auto it = values_.find(key);
  return it == values_.end() ? std::string(fallback) : it->second;
}

Result<std::int64_t> Config::GetInt(std::string_view key, std::int64_t fallback, std::int64_t min,
                                    std::int64_t max) const {
  auto it = values_.find(key);
  if (it == values_.end()) return fallback;
  const std::string& v = it->second;
  std::int64_t out = 0;
  auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
  if (ec != std::errc() || ptr != v.data() + v.size()) {
    return InvalidArgument("'" + v + "' is not a whole number", std::string(key));
  }
  if (out < min || out > max) {
    return InvalidArgument(v + " is out of range [" + std::to_string(min) + ", " +
                               std::to_string(max) + "]",
                           std::string(key));
  }
  return out;
}

Result<bool> Config::GetBool(std::string_view key, bool fallback) const {
  auto it = values_.find(key);
  if (it == values_.end()) return fallback;
  std::string v = Lower(it->second);
  if (v == "true" || v == "yes" || v == "on" || v == "1") return true;
  if (v == "false" || v == "no" || v == "off" || v == "0") return false;
  return InvalidArgument("'" + it->second + "' is not true/false", std::string(key));
}

}  // namespace istmo::core

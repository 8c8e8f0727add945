// core/csv.h — one RFC 4180 record reader for every module's CSV inputs (migration's encounter
// import and compiled-in country list, canal's manifests and transit schedules).
//
// Thread-safety: a pure function over the caller's text.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace istmo::core {

// One record of RFC 4180 CSV starting at `pos`: its fields, and the position after it.
// `lines` counts the line breaks consumed (a quoted field may span lines).
struct CsvRecord {
  std::vector<std::string> fields;
  std::string error;  // "unterminated quote", "text after a closing quote"
};

inline CsvRecord NextCsvRecord(std::string_view text, std::size_t& pos, std::int64_t& lines) {
  CsvRecord r;
  std::string field;
  bool quoted = false;
  bool after_quote = false;
  while (pos < text.size()) {
    const char c = text[pos];
    if (quoted) {
      if (c == '"') {
        if (pos + 1 < text.size() && text[pos + 1] == '"') {
          field += '"';
          pos += 2;
          continue;
        }
        quoted = false;
        after_quote = true;
        ++pos;
        continue;
      }
      if (c == '\n') ++lines;
      field += c;
      ++pos;
      continue;
    }
    if (c == ',') {
      r.fields.push_back(std::move(field));
      field.clear();
      after_quote = false;
      ++pos;
      continue;
    }
    if (c == '\n' || c == '\r') {
      if (c == '\r' && pos + 1 < text.size() && text[pos + 1] == '\n') ++pos;
      ++pos;
      ++lines;
      r.fields.push_back(std::move(field));
      return r;
    }
    if (c == '"' && field.empty() && !after_quote) {
      quoted = true;
      ++pos;
      continue;
    }
    if (after_quote && r.error.empty()) r.error = "text after a closing quote";
    field += c;
    ++pos;
  }
  if (quoted && r.error.empty()) r.error = "unterminated quote";
  r.fields.push_back(std::move(field));
  ++lines;
  return r;
}

}  // namespace istmo::core

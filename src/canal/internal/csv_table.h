// canal/internal/csv_table.h — a CSV file with a header of named columns, read row by row for
// the manifest and transit imports: the header is matched to the known columns (any order), a
// row of the wrong width or bad quoting is a reject, blank lines are skipped.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "canal/codes.h"
#include "canal/manifest.h"
#include "core/csv.h"
#include "core/result.h"

namespace istmo::canal::internal {

// Calls `row(line, cells)` for each data row, cells[c] being the trimmed text of columns[c]
// ("" when the file has no such column). The first `required` columns must be in the header.
// kInvalidArgument (with its line) for an empty file, a bad header, or more than `max_lines`
// data lines; rows of the wrong shape go to `rejects`. `total` counts the data lines read.
inline core::Status ReadCsvTable(
    std::string_view text, std::span<const std::string_view> columns, std::size_t required,
    std::int64_t max_lines, std::vector<Reject>& rejects, std::int64_t& total,
    const std::function<void(std::int64_t line, const std::vector<std::string_view>& cells)>& row) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // a UTF-8 byte-order mark
  const auto blank = [](const core::CsvRecord& r) {
    return r.fields.size() == 1 && r.fields[0].empty();
  };
  std::size_t pos = 0;
  std::int64_t lines = 0;
  core::CsvRecord header;
  do {
    if (pos >= text.size())
      return core::InvalidArgument("empty file: expected a header line", "", 1);
    header = core::NextCsvRecord(text, pos, lines);
  } while (blank(header));
  const std::int64_t header_line = lines;
  if (!header.error.empty())
    return core::InvalidArgument("header: " + header.error, "", header_line);
  std::vector<int> index(columns.size(), -1);
  for (std::size_t i = 0; i < header.fields.size(); ++i) {
    const std::string_view name = Trim(header.fields[i]);
    std::size_t found = columns.size();
    for (std::size_t c = 0; c < columns.size(); ++c) {
      if (name == columns[c]) found = c;
    }
    const std::string shown(name.substr(0, 40));
    if (found == columns.size()) {
      std::string expected;
      for (std::string_view n : columns)
        expected += (expected.empty() ? "" : ", ") + std::string(n);
      return core::InvalidArgument("unknown column '" + shown + "'; expected " + expected, shown,
                                   header_line);
    }
    if (index[found] >= 0) return core::InvalidArgument("column repeated", shown, header_line);
    index[found] = static_cast<int>(i);
  }
  for (std::size_t c = 0; c < required; ++c) {
    if (index[c] < 0)
      return core::InvalidArgument("missing column", std::string(columns[c]), header_line);
  }
  std::vector<std::string_view> cells(columns.size());
  core::CsvRecordViews r;
  const std::size_t width = header.fields.size();
  while (pos < text.size()) {
    const std::int64_t line = lines + 1;
    r.Next(text, pos, lines);
    if (r.blank()) continue;
    if (++total > max_lines) {
      return core::InvalidArgument(
          "more than " + std::to_string(max_lines) + " lines; split the file", "", line);
    }
    if (!r.error().empty()) {
      rejects.push_back({.line = line, .field = "", .message = std::string(r.error())});
      continue;
    }
    const std::vector<std::string_view>& fields = r.fields();
    if (fields.size() != width) {
      rejects.push_back({.line = line,
                         .field = "",
                         .message = std::to_string(fields.size()) + " fields; the header has " +
                                    std::to_string(width)});
      continue;
    }
    for (std::size_t c = 0; c < columns.size(); ++c) {
      cells[c] = index[c] < 0 ? std::string_view() : Trim(fields[index[c]]);
    }
    row(line, cells);
  }
  return core::Ok();
}

// A checked line into a parse result (ParsedManifest, ParsedTransits): kept with its number,
// or rejected with its number, field and reason.
template <class Parsed, class Line>
void KeepOrReject(Parsed& out, std::int64_t number, const core::Status& valid, Line line) {
  if (!valid) {
    out.rejects.push_back(
        {.line = number, .field = valid.error().field, .message = valid.error().message});
    return;
  }
  out.lines.push_back(std::move(line));
  out.line_numbers.push_back(number);
}

// "a;b; c" -> {"a", "b", "c"}, empty parts dropped.
inline std::vector<std::string> SplitList(std::string_view text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find(';', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view part = Trim(text.substr(start, end - start));
    if (!part.empty()) out.emplace_back(part);
    start = end + 1;
  }
  return out;
}

}  // namespace istmo::canal::internal

#include "migration/csv_import.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "core/csv.h"
#include "core/id.h"

namespace istmo::migration {

namespace {

using core::CsvRecord;
using core::NextCsvRecord;

enum Column : int {
  kStation,
  kAt,
  kName,
  kBirth,
  kSex,
  kNationality,
  kDocType,
  kDocNumber,
  kColumns
};
constexpr const char* kColumnNames[kColumns] = {"station_id", "encountered_at", "name",
                                                "birth_date", "sex",            "nationality",
                                                "document_type", "document_number"};
constexpr int kRequired = 6;  // the first six

bool Blank(const CsvRecord& r) { return r.fields.size() == 1 && r.fields[0].empty(); }

}  // namespace

core::Result<ParsedCsv> ParseEncounterCsv(std::string_view text, core::Timestamp now) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // a UTF-8 byte-order mark
  std::size_t pos = 0;
  std::int64_t lines = 0;
  CsvRecord header;
  do {
    if (pos >= text.size()) return core::InvalidArgument("empty file: expected a header line", "", 1);
    header = NextCsvRecord(text, pos, lines);
  } while (Blank(header));
  const std::int64_t header_line = lines;
  if (!header.error.empty()) return core::InvalidArgument("header: " + header.error, "", header_line);

  int index[kColumns];
  std::fill(std::begin(index), std::end(index), -1);
  for (std::size_t i = 0; i < header.fields.size(); ++i) {
    std::string name = header.fields[i];
    name.erase(0, name.find_first_not_of(' '));
    name.erase(name.find_last_not_of(' ') + 1);
    int found = -1;
    for (int c = 0; c < kColumns; ++c) {
      if (name == kColumnNames[c]) found = c;
    }
    if (found < 0) {
      std::string expected;
      for (const char* n : kColumnNames) expected += (expected.empty() ? "" : ", ") + std::string(n);
      return core::InvalidArgument("unknown column '" + name.substr(0, 40) + "'; expected " + expected,
                                   name.substr(0, 40), header_line);
    }
    if (index[found] >= 0) {
      return core::InvalidArgument("column repeated", kColumnNames[found], header_line);
    }
    index[found] = static_cast<int>(i);
  }
  for (int c = 0; c < kRequired; ++c) {
    if (index[c] < 0) return core::InvalidArgument("missing column", kColumnNames[c], header_line);
  }

  ParsedCsv out;
  std::int64_t data_lines = 0;
  while (pos < text.size()) {
    const std::int64_t line = lines + 1;
    CsvRecord r = NextCsvRecord(text, pos, lines);
    if (Blank(r)) continue;
    if (++data_lines > kMaxCsvLines) {
      return core::InvalidArgument("more than " + std::to_string(kMaxCsvLines) +
                                       " lines; split the file",
                                   "", line);
    }
    const auto reject = [&](std::string field, std::string message) {
      out.rejects.push_back({.line = line, .field = std::move(field), .message = std::move(message)});
    };
    if (!r.error.empty()) {
      reject("", r.error);
      continue;
    }
    if (r.fields.size() != header.fields.size()) {
      reject("", std::to_string(r.fields.size()) + " fields; the header has " +
                     std::to_string(header.fields.size()));
      continue;
    }
    const auto get = [&](Column c) { return index[c] < 0 ? std::string() : r.fields[index[c]]; };
    NewEncounter e;
    e.station_id = get(kStation);
    auto at = core::ParseIso8601(get(kAt));
    if (!at) {
      reject("/encountered_at", "must be an ISO 8601 time like 2024-08-20T14:03:00Z");
      continue;
    }
    e.encountered_at = *at;
    e.name = get(kName);
    e.birth_date = get(kBirth);
    e.sex = get(kSex);
    e.nationality = get(kNationality);
    e.document_type = get(kDocType);
    e.document_number = get(kDocNumber);
    core::Status valid = ValidateEncounter(e, now);
    if (!valid) {
      reject(valid.error().field, valid.error().message);
      continue;
    }
    out.records.push_back(std::move(e));
    out.lines.push_back(line);
  }
  return out;
}

core::Result<ImportReport> ImportEncounters(store::Store& store, const store::AccessScope& scope,
                                            ParsedCsv parsed,
                                            const std::vector<std::string>& releasability,
                                            core::Timestamp now) {
  if (!scope.Has(store::Role::kOfficer)) {
    return core::PermissionDenied("importing encounters needs the officer role");
  }
  ISTMO_ASSIGN_OR_RETURN(auto rel, store::NormalizeReleasability(releasability));
  ImportReport report;
  report.rejects = std::move(parsed.rejects);
  ISTMO_RETURN_IF_ERROR(store.Write([&](store::Connection& tx) -> core::Status {
    ISTMO_ASSIGN_OR_RETURN(auto stations, ListStations(tx));
    std::set<std::string> known;
    for (const Station& s : stations) known.insert(s.id);
    std::map<std::pair<std::string, std::string>, std::string> persons;  // (nationality, doc)
    std::vector<NewEncounter> batch;
    std::int64_t linked = 0;
    for (std::size_t i = 0; i < parsed.records.size(); ++i) {
      NewEncounter& e = parsed.records[i];
      if (!known.contains(e.station_id)) {
        report.rejects.push_back({.line = parsed.lines[i], .field = "/station_id",
                                  .message = "no reception station '" + e.station_id.substr(0, 40) + "'"});
        continue;
      }
      e.releasability = rel;
      if (!e.document_number.empty()) {
        const auto key = std::make_pair(e.nationality, e.document_number);
        auto it = persons.find(key);
        if (it == persons.end()) {
          ISTMO_ASSIGN_OR_RETURN(auto earlier,
                                 EarlierEncounters(tx, scope, {}, e.nationality, e.document_number, ""));
          const std::string person = earlier.empty() ? core::NewId() : earlier.front().person_id;
          if (!earlier.empty()) ++linked;
          persons.emplace(key, person);
          e.person_id = person;
        } else {
          e.person_id = it->second;
          ++linked;
        }
      }
      batch.push_back(std::move(e));
    }
    ISTMO_ASSIGN_OR_RETURN(report.imported, InsertEncounterBatch(tx, scope, batch, now));
    report.linked = linked;
    return core::Ok();
  }));
  std::stable_sort(report.rejects.begin(), report.rejects.end(),
                   [](const CsvReject& a, const CsvReject& b) { return a.line < b.line; });
  return report;
}

}  // namespace istmo::migration

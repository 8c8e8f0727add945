// migration/csv_import.h — encounters from a CSV file (a station's offline register, another
// system's export), with per-line rejects.
//
// The file is RFC 4180 CSV in UTF-8 with a header line naming its columns, in any order:
//   station_id, encountered_at, name, birth_date, sex, nationality   (required)
//   document_type, document_number                                   (optional)
// A bad header (missing or unknown column, repeated column, no header) refuses the whole file;
// a bad line is rejected with its line number, field and reason, and the import goes on.
// Photos are not imported: an imported encounter is linked to earlier ones by its document.
//
//   ISTMO_ASSIGN_OR_RETURN(auto parsed, migration::ParseEncounterCsv(text, clock.Now()));
//   ISTMO_ASSIGN_OR_RETURN(auto report, migration::ImportEncounters(store, scope, parsed, rel, now));
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/time.h"
#include "migration/encounters.h"
#include "store/scope.h"
#include "store/store.h"

namespace istmo::migration {

struct CsvReject {
  std::int64_t line = 0;  // 1-based line of the file (the header is line 1)
  std::string field;      // "/sex", or "" for the line's shape
  std::string message;
};

struct ParsedCsv {
  std::vector<NewEncounter> records;
  std::vector<std::int64_t> lines;  // lines[i] is the file line of records[i]
  std::vector<CsvReject> rejects;
};

// At most this many data lines per file.
inline constexpr std::int64_t kMaxCsvLines = 1'000'000;

// Parses and validates every line (fields only; stations are checked on import). Never throws;
// kInvalidArgument (line 1) for an empty file or a bad header, or when the file has more than
// kMaxCsvLines lines.
core::Result<ParsedCsv> ParseEncounterCsv(std::string_view text, core::Timestamp now);

struct ImportReport {
  std::int64_t imported = 0;
  std::int64_t linked = 0;  // imported encounters of a person already registered (by document)
  std::vector<CsvReject> rejects;  // the parser's and the import's, by line
};

// Inserts the parsed records owned by the caller's organization with `releasability`, in
// batches (one transaction each). A record naming an unknown station is rejected. A record
// with a document is linked to the person of an earlier encounter the caller may see with the
// same nationality and document number, or of an earlier line of the same file.
core::Result<ImportReport> ImportEncounters(store::Store& store, const store::AccessScope& scope,
                                            ParsedCsv parsed,
                                            const std::vector<std::string>& releasability,
                                            core::Timestamp now);

}  // namespace istmo::migration

// Fuzzes the encounter CSV parser the way a file reaches it: any bytes, with a header line or
// not, quoted fields, line breaks inside quotes, and every field through the same validation as
// the API. Checks the parser's own promises: a record per accepted line, rejects in line order
// with a line inside the file.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/result.h"
#include "core/time.h"
#include "migration/csv_import.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace istmo;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const core::Timestamp now = core::FromUnixSeconds(1'724'162'580);  // 2024-08-20T14:03:00Z
  auto parsed = migration::ParseEncounterCsv(text, now);
  if (!parsed) {
    ISTMO_CHECK(parsed.error().code == core::ErrorCode::kInvalidArgument);
    return 0;
  }
  ISTMO_CHECK(parsed->records.size() == parsed->lines.size());
  std::int64_t last = 0;
  for (const auto& r : parsed->rejects) {
    ISTMO_CHECK(r.line > last);
    ISTMO_CHECK(!r.message.empty());
    last = r.line;
  }
  for (const auto& e : parsed->records) {
    ISTMO_CHECK(!e.name.empty());
    ISTMO_CHECK(e.nationality.size() == 3);
  }
  return 0;
}

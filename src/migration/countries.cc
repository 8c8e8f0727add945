#include "migration/countries.h"

#include <algorithm>

#include "core/csv.h"
#include "core/result.h"
#include "migration/internal/util.h"

namespace istmo::migration {

namespace internal {
extern const char kCountriesCsv[];  // countries_data.cc, generated from data/countries.csv
}  // namespace internal

namespace {

std::vector<Country> Parse() {
  const std::string_view text(internal::kCountriesCsv);
  std::size_t pos = 0;
  std::int64_t lines = 0;
  std::vector<Country> out;
  (void)core::NextCsvRecord(text, pos, lines);  // the header: alpha_3,alpha_2,name_en,name_es
  while (pos < text.size()) {
    core::CsvRecord r = core::NextCsvRecord(text, pos, lines);
    if (r.fields.size() == 1 && r.fields[0].empty()) continue;
    // The file is ours and checked by tests/migration/countries_test.cc: a bad line is a bug.
    ISTMO_CHECK(r.error.empty() && r.fields.size() == 4);
    out.push_back({r.fields[0], r.fields[1], r.fields[2], r.fields[3]});
  }
  std::sort(out.begin(), out.end(),
            [](const Country& a, const Country& b) { return a.alpha3 < b.alpha3; });
  return out;
}

}  // namespace

const std::vector<Country>& Countries() {
  static const std::vector<Country> countries = Parse();
  return countries;
}

const Country* FindCountry(std::string_view alpha3) {
  const auto& all = Countries();
  const auto it =
      std::lower_bound(all.begin(), all.end(), alpha3,
                       [](const Country& c, std::string_view v) { return c.alpha3 < v; });
  return it != all.end() && it->alpha3 == alpha3 ? &*it : nullptr;
}

core::Result<std::string> NormalizeNationality(std::string_view code, const std::string& field) {
  const std::string upper = internal::Upper(std::string(code.substr(0, 10)));
  if (upper.size() == 3 && FindCountry(upper) != nullptr) return upper;
  if (upper.size() == 2) {
    for (const Country& c : Countries()) {
      if (c.alpha2 != upper) continue;
      return core::WithReason(
          core::InvalidArgument("'" + upper + "' is an ISO 3166-1 alpha-2 code; use " + c.alpha3,
                                field),
          "country_alpha2", {{"value", upper}, {"alpha3", c.alpha3}});
    }
  }
  return core::WithReason(
      core::InvalidArgument(
          "must be an assigned ISO 3166-1 alpha-3 code like \"VEN\", not '" + upper + "'", field),
      "unknown_country", {{"value", upper}});
}

}  // namespace istmo::migration

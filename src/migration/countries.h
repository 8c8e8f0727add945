// migration/countries.h — the ISO 3166-1 country list that nationalities are checked against.
//
// The list is data/countries.csv (alpha-3, alpha-2, English and Spanish names, from Debian's
// iso-codes; see data/SOURCES.md), compiled into the library, so a station validates offline
// and the web app shows the same names (GET /api/v1/countries).
//
// Thread-safety: the list is built once, on first use, and read-only afterwards.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace istmo::migration {

struct Country {
  std::string alpha3;   // "VEN"
  std::string alpha2;   // "VE"
  std::string name_en;  // "Venezuela, Bolivarian Republic of"
  std::string name_es;  // "Venezuela, República Bolivariana de"
};

// Every officially assigned code, ordered by alpha-3.
const std::vector<Country>& Countries();

// The country of an assigned alpha-3 code (exact, upper case), or nullptr.
const Country* FindCountry(std::string_view alpha3);

// A nationality as entered: an assigned alpha-3 code in any case ("ven" -> "VEN").
// kInvalidArgument naming `field`, with a machine reason (core::Error::reason):
//   "country_alpha2" {value, alpha3}      — an alpha-2 code; the message names the alpha-3 form
//   "unknown_country" {value}             — anything else ("XXX", "", "V3N")
core::Result<std::string> NormalizeNationality(std::string_view code, const std::string& field);

}  // namespace istmo::migration

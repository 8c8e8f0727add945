// canal/codes.h — the identifiers a manifest and a transit schedule carry, checked and put in
// their one stored form: ISO 6346 container numbers, seal numbers, HS commodity codes,
// UN/LOCODEs, IMO ship numbers, MMSIs and currency codes.
//
// Each Normalize* function takes the text as written (spaces, hyphens, dots, lower case are
// tolerated where people write them) and returns the canonical form, or kInvalidArgument naming
// `field` with what was expected. Sources of the rules and tables: docs/canal.md.
//
// Thread-safety: pure functions; the tables are constant.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace istmo::canal {

// ISO 6346: owner code (3 letters), equipment category identifier (U freight container,
// J detachable freight-container-related equipment, Z trailer or chassis), serial number
// (6 digits) and check digit.
struct ContainerNumber {
  std::string owner_code;  // "CSQU" is owner "CSQ" + category 'U'; this holds "CSQ"
  char category = 'U';
  std::string serial;  // "305438"
  int check_digit = 0;

  // "CSQU3054383"
  std::string ToString() const;
};

// The check digit of the first ten characters of a container number (owner code, category,
// serial), or std::nullopt when they are not 4 letters and 6 digits. Letters count 10, 12, ...
// 38, skipping the multiples of 11; each of the ten values is weighted by 2^position; the sum
// modulo 11, then modulo 10 (a remainder of 10 gives 0).
std::optional<int> Iso6346CheckDigit(std::string_view first_ten);

// "CSQU3054383", "csqu 305438 3", "CSQU-305438-3". A wrong check digit is named with the
// expected one: "check digit is 4; ISO 6346 gives 3 for CSQU305438".
core::Result<ContainerNumber> ParseContainerNumber(std::string_view text, const std::string& field);

// A seal number: 1–20 letters, digits or hyphens after trimming, upper-cased.
core::Result<std::string> NormalizeSeal(std::string_view text, const std::string& field);
// At most this many seals on one container.
inline constexpr std::size_t kMaxSeals = 10;

// A Harmonized System code at chapter (2 digits), heading (4) or subheading (6) level, dots and
// spaces removed: "0901.11" -> "090111". The chapter must be one the HS nomenclature uses:
// 01–97 without 77 (reserved for future use); 98 and 99 are left to national use and refused.
core::Result<std::string> NormalizeHsCode(std::string_view text, const std::string& field);

// A UN/LOCODE: an assigned ISO 3166-1 alpha-2 country code and 3 characters of [A-Z2-9];
// one space between the parts is allowed ("PA BLB" -> "PABLB"), lower case is upper-cased.
core::Result<std::string> NormalizeLocode(std::string_view text, const std::string& field);
// True when `alpha2` (upper case) is an assigned ISO 3166-1 alpha-2 code (data/countries.csv).
bool IsAssignedAlpha2(std::string_view alpha2);

// A port the product knows by name: data/canal/ports.csv, compiled in (data/canal/SOURCES.md
// says where each code comes from and which are not verified against the UN/LOCODE list).
struct Port {
  std::string_view locode;
  std::string_view name;
  bool verified = false;  // checked against the published UN/LOCODE list
};
const std::vector<Port>& KnownPorts();
// The known port of a normalized code, or nullptr.
const Port* FindPort(std::string_view locode);

// An IMO ship identification number: 7 digits (an "IMO" prefix is allowed) whose last digit is
// the sum of the first six weighted 7, 6, 5, 4, 3, 2, modulo 10.
core::Result<std::string> NormalizeImo(std::string_view text, const std::string& field);
// An MMSI: 9 digits.
core::Result<std::string> NormalizeMmsi(std::string_view text, const std::string& field);
// An ISO 4217 alphabetic currency code, by shape only: 3 letters, upper-cased.
core::Result<std::string> NormalizeCurrency(std::string_view text, const std::string& field);

// Text with leading and trailing ASCII spaces and tabs removed.
std::string_view Trim(std::string_view text);

}  // namespace istmo::canal

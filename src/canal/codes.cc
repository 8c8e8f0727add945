#include "canal/codes.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace istmo::canal {

namespace internal {
extern const char kAlpha2Codes[];            // alpha2_data.cc, generated from data/countries.csv
extern const std::vector<Port> kKnownPorts;  // alpha2_data.cc, from data/canal/ports.csv
}  // namespace internal

namespace {

bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
char Upper(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; }

// The text upper-cased without the characters in `drop`.
std::string Compact(std::string_view text, std::string_view drop) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (drop.find(c) == std::string_view::npos) out += Upper(c);
  }
  return out;
}

std::string Shown(std::string_view text) {
  return "'" + std::string(text.substr(0, 40)) + (text.size() > 40 ? "...'" : "'");
}

core::Error Bad(const std::string& field, std::string message) {
  return core::InvalidArgument(std::move(message), field);
}

// ISO 6346 letter values: A = 10 and upward, skipping 11, 22 and 33 (the multiples of 11), so
// B = 12, L = 23, V = 34, Z = 38.
int LetterValue(char c) {
  int v = 10;
  for (char l = 'A'; l < c; ++l) {
    ++v;
    if (v % 11 == 0) ++v;
  }
  return v;
}

}  // namespace

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

std::string ContainerNumber::ToString() const {
  return owner_code + category + serial + static_cast<char>('0' + check_digit);
}

std::optional<int> Iso6346CheckDigit(std::string_view first_ten) {
  if (first_ten.size() != 10) return std::nullopt;
  int sum = 0;
  for (int i = 0; i < 10; ++i) {
    const char c = first_ten[static_cast<std::size_t>(i)];
    int value = 0;
    if (i < 4) {
      if (!IsUpper(c)) return std::nullopt;
      value = LetterValue(c);
    } else {
      if (!IsDigit(c)) return std::nullopt;
      value = c - '0';
    }
    sum += value << i;
  }
  return sum % 11 % 10;
}

core::Result<ContainerNumber> ParseContainerNumber(std::string_view text,
                                                   const std::string& field) {
  const std::string s = Compact(Trim(text), " -");
  const std::string expected =
      ": expected an ISO 6346 container number like CSQU3054383 (3-letter owner code, category "
      "U, J or Z, 6-digit serial, check digit)";
  if (s.size() != 11)
    return Bad(field, Shown(text) + " has " + std::to_string(s.size()) + " characters" + expected);
  for (int i = 0; i < 3; ++i) {
    if (!IsUpper(s[i]))
      return Bad(field, Shown(text) + ": owner code must be 3 letters" + expected);
  }
  if (s[3] != 'U' && s[3] != 'J' && s[3] != 'Z') {
    return Bad(field, Shown(text) + ": category '" + s[3] + "' is not U, J or Z" + expected);
  }
  for (int i = 4; i < 11; ++i) {
    if (!IsDigit(s[i]))
      return Bad(field, Shown(text) + ": serial and check digit must be 7 digits" + expected);
  }
  const int expected_digit = *Iso6346CheckDigit(std::string_view(s).substr(0, 10));
  const int digit = s[10] - '0';
  if (digit != expected_digit) {
    return core::WithReason(
        Bad(field, "check digit is " + std::to_string(digit) + "; ISO 6346 gives " +
                       std::to_string(expected_digit) + " for " + s.substr(0, 10)),
        "check_digit", {{"expected", std::to_string(expected_digit)}});
  }
  return ContainerNumber{.owner_code = s.substr(0, 3),
                         .category = s[3],
                         .serial = s.substr(4, 6),
                         .check_digit = digit};
}

core::Result<std::string> NormalizeSeal(std::string_view text, const std::string& field) {
  const std::string s = Compact(Trim(text), "");
  if (s.empty() || s.size() > 20) {
    return Bad(field, Shown(text) + ": a seal number has 1 to 20 characters");
  }
  for (char c : s) {
    if (!IsUpper(c) && !IsDigit(c) && c != '-') {
      return Bad(field, Shown(text) + ": a seal number has only letters, digits and hyphens");
    }
  }
  return s;
}

core::Result<std::string> NormalizeHsCode(std::string_view text, const std::string& field) {
  const std::string s = Compact(Trim(text), ". ");
  const bool digits = !s.empty() && std::all_of(s.begin(), s.end(), IsDigit);
  if (!digits || (s.size() != 2 && s.size() != 4 && s.size() != 6)) {
    return Bad(field, Shown(text) +
                          ": expected an HS code of 2, 4 or 6 digits (chapter, heading or "
                          "subheading), like 0901 or 0901.11");
  }
  const int chapter = (s[0] - '0') * 10 + (s[1] - '0');
  if (chapter < 1 || chapter > 97 || chapter == 77) {
    return Bad(field, Shown(text) + ": HS chapter " + s.substr(0, 2) +
                          " is not used (chapters are 01 to 97; 77 is reserved)");
  }
  return s;
}

bool IsAssignedAlpha2(std::string_view alpha2) {
  // A 26 × 26 table built once: every port of every manifest line asks.
  static const std::array<bool, 26 * 26> assigned = [] {
    std::array<bool, 26 * 26> table{};
    const std::string_view codes(internal::kAlpha2Codes);
    for (std::size_t i = 0; i + 1 < codes.size(); i += 2) {
      table[static_cast<std::size_t>((codes[i] - 'A') * 26 + (codes[i + 1] - 'A'))] = true;
    }
    return table;
  }();
  if (alpha2.size() != 2 || !IsUpper(alpha2[0]) || !IsUpper(alpha2[1])) return false;
  return assigned[static_cast<std::size_t>((alpha2[0] - 'A') * 26 + (alpha2[1] - 'A'))];
}

core::Result<std::string> NormalizeLocode(std::string_view text, const std::string& field) {
  std::string s = Compact(Trim(text), "");
  if (s.size() == 6 && s[2] == ' ') s.erase(2, 1);
  const std::string expected =
      ": expected a UN/LOCODE like PABLB (country code and 3 letters or digits 2-9)";
  if (s.size() != 5) return Bad(field, Shown(text) + expected);
  for (std::size_t i = 2; i < 5; ++i) {
    if (!IsUpper(s[i]) && !(s[i] >= '2' && s[i] <= '9')) return Bad(field, Shown(text) + expected);
  }
  if (!IsAssignedAlpha2(std::string_view(s).substr(0, 2))) {
    return core::WithReason(Bad(field, Shown(text) + ": '" + s.substr(0, 2) +
                                           "' is not an ISO 3166-1 alpha-2 country code"),
                            "unknown_country", {{"value", s.substr(0, 2)}});
  }
  return s;
}

const std::vector<Port>& KnownPorts() { return internal::kKnownPorts; }

const Port* FindPort(std::string_view locode) {
  for (const Port& p : KnownPorts()) {
    if (p.locode == locode) return &p;
  }
  return nullptr;
}

core::Result<std::string> NormalizeImo(std::string_view text, const std::string& field) {
  std::string s = Compact(Trim(text), " ");
  if (s.rfind("IMO", 0) == 0) s.erase(0, 3);
  if (s.size() != 7 || !std::all_of(s.begin(), s.end(), IsDigit)) {
    return Bad(field, Shown(text) + ": expected an IMO number of 7 digits, like 9811000");
  }
  int sum = 0;
  for (int i = 0; i < 6; ++i) sum += (s[i] - '0') * (7 - i);
  if (sum % 10 != s[6] - '0') {
    return core::WithReason(Bad(field, "IMO " + s + ": check digit is " + s.substr(6) +
                                           "; expected " + std::to_string(sum % 10)),
                            "check_digit", {{"expected", std::to_string(sum % 10)}});
  }
  return s;
}

core::Result<std::string> NormalizeMmsi(std::string_view text, const std::string& field) {
  const std::string s(Trim(text));
  if (s.size() != 9 || !std::all_of(s.begin(), s.end(), IsDigit)) {
    return Bad(field, Shown(text) + ": expected an MMSI of 9 digits");
  }
  return s;
}

core::Result<std::string> NormalizeCurrency(std::string_view text, const std::string& field) {
  const std::string s = Compact(Trim(text), "");
  if (s.size() != 3 || !std::all_of(s.begin(), s.end(), IsUpper)) {
    return Bad(field, Shown(text) + ": expected an ISO 4217 currency code like USD");
  }
  return s;
}

}  // namespace istmo::canal

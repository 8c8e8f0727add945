// canal/manifest.h — container manifests read from CSV or JSON, one line per container of a
// bill of lading, each field checked (canal/codes.h) and put in its stored form.
//
// CSV (RFC 4180, UTF-8, a header naming the columns in any order; docs/canal.md):
//   bill_of_lading, container_number, shipper_name, consignee_name, hs_code, port_of_loading,
//   port_of_discharge, weight_kg                                                 (required)
//   seal_numbers, shipper_address, consignee_address, notify_name, notify_address,
//   transshipment_ports, declared_value, currency, vessel_imo, voyage            (optional)
// Several seals or transshipment ports share one cell, separated by ';'.
// JSON: {"lines": [{"bill_of_lading": ..., "container_number": ..., "seal_numbers": [...],
//   "shipper": {"name", "address"}, "consignee": {...}, "notify": {...}, "hs_code": ...,
//   "port_of_loading": ..., "port_of_discharge": ..., "transshipment_ports": [...],
//   "weight_kg": 18200.5, "declared_value": {"amount": 41000, "currency": "USD"},
//   "vessel_imo": "9811000", "voyage": "452N"}, ...]}
// For JSON, a reject's line is the 1-based position in "lines" and its field a JSON pointer
// ("/lines/3/hs_code").
//
// A bad file (no header, unknown or repeated column, missing column, not JSON, no "lines" array,
// more than kMaxManifestLines lines) is refused whole; a bad line is rejected with its line, field
// and reason, and parsing goes on.
//
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace istmo::canal {

struct Reject {
  std::int64_t line = 0;  // 1-based line of the file (CSV: the header is line 1), or item
  std::string field;      // "/hs_code", "/lines/3/hs_code", or "" for the line's shape
  std::string message;
};

struct Party {
  std::string name;     // as written (trimmed)
  std::string address;  // as written (trimmed); may be empty
};

struct ManifestLine {
  std::string bill_of_lading;    // trimmed, upper-cased
  std::string container_number;  // ISO 6346, "CSQU3054383"
  std::vector<std::string> seals;
  Party shipper;
  Party consignee;
  std::optional<Party> notify;
  std::string hs_code;                           // 2, 4 or 6 digits
  std::string port_of_loading;                   // UN/LOCODE
  std::string port_of_discharge;                 // UN/LOCODE
  std::vector<std::string> transshipment_ports;  // UN/LOCODEs, in route order
  double weight_kg = 0;
  std::optional<double> declared_value;
  std::string currency;  // ISO 4217 when declared_value is set, else ""
  // The carrying vessel, as the manifest declares it: IMO number (7 digits, check digit valid)
  // and voyage (up to 17 of A-Z 0-9 - /), each "" when not given. The IMO links the container to
  // its transit and to the vessel's behaviour at sea.
  std::string vessel_imo;
  std::string voyage;
};

struct ParsedManifest {
  std::vector<ManifestLine> lines;
  std::vector<std::int64_t> line_numbers;  // line_numbers[i] is the file line of lines[i]
  std::vector<Reject> rejects;             // by line
  std::int64_t total = 0;                  // data lines read (blank lines not counted)
};

// At most this many data lines per file.
inline constexpr std::int64_t kMaxManifestLines = 2'000'000;
// Limits of a line's fields.
inline constexpr double kMaxWeightKg = 60'000;  // above any container's payload
inline constexpr std::size_t kMaxTextBytes = 300;

core::Result<ParsedManifest> ParseManifestCsv(std::string_view text);
core::Result<ParsedManifest> ParseManifestJson(std::string_view text);
// JSON when the text's first non-blank byte is '{', CSV otherwise.
core::Result<ParsedManifest> ParseManifest(std::string_view text);

// Checks the fields of a line given as values (trimmed text, numbers), as both parsers do.
// `prefix` goes before each field name in errors ("" for CSV, "/lines/3" for JSON).
core::Status ValidateManifestLine(ManifestLine& line, const std::string& prefix);

}  // namespace istmo::canal

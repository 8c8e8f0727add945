#include "canal/manifest.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>

#include <nlohmann/json.hpp>

#include "api/json_body.h"
#include "canal/codes.h"
#include "canal/internal/csv_table.h"
#include "canal/internal/json_line.h"

namespace istmo::canal {

namespace {

enum Column : int {
  kBill,
  kContainer,
  kShipper,
  kConsignee,
  kHs,
  kLoading,
  kDischarge,
  kWeight,
  kSeals,
  kShipperAddress,
  kConsigneeAddress,
  kNotify,
  kNotifyAddress,
  kTransshipment,
  kValue,
  kCurrency,
  kVesselImo,
  kVoyage,
  kColumns
};
constexpr std::array<std::string_view, kColumns> kColumnNames = {
    "bill_of_lading", "container_number",    "shipper_name",      "consignee_name",
    "hs_code",        "port_of_loading",     "port_of_discharge", "weight_kg",
    "seal_numbers",   "shipper_address",     "consignee_address", "notify_name",
    "notify_address", "transshipment_ports", "declared_value",    "currency",
    "vessel_imo",     "voyage"};
constexpr std::size_t kRequired = 8;  // bill_of_lading .. weight_kg

core::Status CheckPartyText(const std::string& text, const std::string& field, bool required) {
  if (required && text.empty()) return core::InvalidArgument("must not be empty", field);
  if (text.size() > kMaxTextBytes) {
    return core::InvalidArgument("longer than " + std::to_string(kMaxTextBytes) + " bytes", field);
  }
  return api::CheckText(text, field);
}

core::Status CheckParty(const Party& p, const std::string& name_field,
                        const std::string& address_field) {
  ISTMO_RETURN_IF_ERROR(CheckPartyText(p.name, name_field, true));
  return CheckPartyText(p.address, address_field, false);
}

// The names of a line's fields in errors ("/hs_code", "/lines/3/hs_code"), made once per
// prefix: the checks of codes.h take the name up front, and a CSV file of a million lines would
// otherwise build a dozen of them per line for the few lines that are wrong.
struct FieldNames {
  explicit FieldNames(const std::string& prefix)
      : bill_of_lading(prefix + "/bill_of_lading"),
        container_number(prefix + "/container_number"),
        seal_numbers(prefix + "/seal_numbers"),
        shipper_name(prefix + "/shipper_name"),
        shipper_address(prefix + "/shipper_address"),
        consignee_name(prefix + "/consignee_name"),
        consignee_address(prefix + "/consignee_address"),
        notify_name(prefix + "/notify_name"),
        notify_address(prefix + "/notify_address"),
        hs_code(prefix + "/hs_code"),
        port_of_loading(prefix + "/port_of_loading"),
        port_of_discharge(prefix + "/port_of_discharge"),
        transshipment_ports(prefix + "/transshipment_ports"),
        vessel_imo(prefix + "/vessel_imo"),
        voyage(prefix + "/voyage"),
        weight_kg(prefix + "/weight_kg"),
        declared_value(prefix + "/declared_value"),
        currency(prefix + "/currency") {}
  std::string bill_of_lading, container_number, seal_numbers, shipper_name, shipper_address,
      consignee_name, consignee_address, notify_name, notify_address, hs_code, port_of_loading,
      port_of_discharge, transshipment_ports, vessel_imo, voyage, weight_kg, declared_value,
      currency;
};

// A decimal number of a CSV cell: "18200.5"; no exponent, no thousands separator.
core::Result<double> Number(std::string_view text, const std::string& field) {
  double v = 0;
  const auto [end, ec] =
      std::from_chars(text.data(), text.data() + text.size(), v, std::chars_format::fixed);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || !std::isfinite(v)) {
    return core::InvalidArgument(
        "'" + std::string(text.substr(0, 40)) + "': expected a number like 18200.5", field);
  }
  return v;
}

// ValidateManifestLine names fields as CSV columns; in JSON the parties and the value are
// objects: "/lines/3/shipper_name" is "/lines/3/shipper/name".
core::Error JsonField(core::Error error, const std::string& prefix) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 8> kRenamed = {{
      {"/shipper_name", "/shipper/name"},
      {"/shipper_address", "/shipper/address"},
      {"/consignee_name", "/consignee/name"},
      {"/consignee_address", "/consignee/address"},
      {"/notify_name", "/notify/name"},
      {"/notify_address", "/notify/address"},
      {"/declared_value", "/declared_value/amount"},
      {"/currency", "/declared_value/currency"},
  }};
  for (const auto& [csv, json] : kRenamed) {
    if (error.field == prefix + std::string(csv)) error.field = prefix + std::string(json);
  }
  return error;
}

}  // namespace

namespace {

core::Status Validate(ManifestLine& line, const FieldNames& f) {
  {
    std::string bill;
    for (char c : Trim(line.bill_of_lading)) {
      bill += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
    }
    const bool shape =
        !bill.empty() && bill.size() <= 35 && std::all_of(bill.begin(), bill.end(), [](char c) {
          return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '/' ||
                 c == '.';
        });
    if (!shape) {
      return core::InvalidArgument(
          "expected a bill of lading number of 1 to 35 letters, digits, '-', '/' or '.'",
          f.bill_of_lading);
    }
    line.bill_of_lading = std::move(bill);
  }
  ISTMO_ASSIGN_OR_RETURN(auto container,
                         ParseContainerNumber(line.container_number, f.container_number));
  line.container_number = container.ToString();
  std::vector<std::string> seals;
  for (const std::string& s : line.seals) {
    ISTMO_ASSIGN_OR_RETURN(auto seal, NormalizeSeal(s, f.seal_numbers));
    if (std::find(seals.begin(), seals.end(), seal) == seals.end())
      seals.push_back(std::move(seal));
  }
  if (seals.size() > kMaxSeals) {
    return core::InvalidArgument("more than " + std::to_string(kMaxSeals) + " seal numbers",
                                 f.seal_numbers);
  }
  line.seals = std::move(seals);
  ISTMO_RETURN_IF_ERROR(CheckParty(line.shipper, f.shipper_name, f.shipper_address));
  ISTMO_RETURN_IF_ERROR(CheckParty(line.consignee, f.consignee_name, f.consignee_address));
  if (line.notify) {
    ISTMO_RETURN_IF_ERROR(CheckParty(*line.notify, f.notify_name, f.notify_address));
  }
  ISTMO_ASSIGN_OR_RETURN(line.hs_code, NormalizeHsCode(line.hs_code, f.hs_code));
  ISTMO_ASSIGN_OR_RETURN(line.port_of_loading,
                         NormalizeLocode(line.port_of_loading, f.port_of_loading));
  ISTMO_ASSIGN_OR_RETURN(line.port_of_discharge,
                         NormalizeLocode(line.port_of_discharge, f.port_of_discharge));
  if (line.transshipment_ports.size() > 10) {
    return core::InvalidArgument("more than 10 transshipment ports", f.transshipment_ports);
  }
  for (std::string& port : line.transshipment_ports) {
    ISTMO_ASSIGN_OR_RETURN(port, NormalizeLocode(port, f.transshipment_ports));
  }
  if (!line.vessel_imo.empty()) {
    ISTMO_ASSIGN_OR_RETURN(line.vessel_imo, NormalizeImo(line.vessel_imo, f.vessel_imo));
  }
  {
    std::string voyage;
    for (char c : Trim(line.voyage)) {
      voyage += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
    }
    const bool shape = voyage.size() <= 17 && std::all_of(voyage.begin(), voyage.end(), [](char c) {
      return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '/';
    });
    if (!shape) {
      return core::InvalidArgument("expected a voyage of up to 17 letters, digits, '-' or '/'",
                                   f.voyage);
    }
    line.voyage = std::move(voyage);
  }
  if (!(line.weight_kg > 0 && line.weight_kg <= kMaxWeightKg)) {
    return core::InvalidArgument("must be more than 0 and at most 60000 kg", f.weight_kg);
  }
  if (line.declared_value) {
    if (!(*line.declared_value >= 0 && *line.declared_value <= 1e12)) {
      return core::InvalidArgument("must be from 0 to 1e12", f.declared_value);
    }
    if (line.currency.empty()) {
      return core::InvalidArgument("is required with a declared value", f.currency);
    }
    ISTMO_ASSIGN_OR_RETURN(line.currency, NormalizeCurrency(line.currency, f.currency));
  } else if (!line.currency.empty()) {
    return core::InvalidArgument("given without a declared value", f.declared_value);
  }
  return core::Ok();
}

}  // namespace

core::Status ValidateManifestLine(ManifestLine& line, const std::string& prefix) {
  return Validate(line, FieldNames(prefix));
}

core::Result<ParsedManifest> ParseManifestCsv(std::string_view text) {
  ParsedManifest out;
  const FieldNames fields("");
  ISTMO_RETURN_IF_ERROR(internal::ReadCsvTable(
      text, kColumnNames, kRequired, kMaxManifestLines, out.rejects, out.total,
      [&](std::int64_t number, const std::vector<std::string_view>& cell) {
        ManifestLine line;
        line.bill_of_lading = cell[kBill];
        line.container_number = cell[kContainer];
        line.seals = internal::SplitList(cell[kSeals]);
        line.shipper = {std::string(cell[kShipper]), std::string(cell[kShipperAddress])};
        line.consignee = {std::string(cell[kConsignee]), std::string(cell[kConsigneeAddress])};
        if (!cell[kNotify].empty() || !cell[kNotifyAddress].empty()) {
          line.notify = Party{std::string(cell[kNotify]), std::string(cell[kNotifyAddress])};
        }
        line.hs_code = cell[kHs];
        line.port_of_loading = cell[kLoading];
        line.port_of_discharge = cell[kDischarge];
        line.transshipment_ports = internal::SplitList(cell[kTransshipment]);
        line.currency = cell[kCurrency];
        line.vessel_imo = cell[kVesselImo];
        line.voyage = cell[kVoyage];
        core::Status valid = [&]() -> core::Status {
          ISTMO_ASSIGN_OR_RETURN(line.weight_kg, Number(cell[kWeight], "/weight_kg"));
          if (!cell[kValue].empty()) {
            ISTMO_ASSIGN_OR_RETURN(line.declared_value, Number(cell[kValue], "/declared_value"));
          }
          return Validate(line, fields);
        }();
        internal::KeepOrReject(out, number, valid, std::move(line));
      }));
  return out;
}

core::Result<ParsedManifest> ParseManifestJson(std::string_view text) {
  ParsedManifest out;
  ISTMO_RETURN_IF_ERROR(internal::ForEachJsonLine(
      text, "lines", kMaxManifestLines, out.rejects, out.total,
      [&](const internal::JsonLine& j) -> core::Status {
        ISTMO_RETURN_IF_ERROR(j.RejectUnknown(
            {"bill_of_lading", "container_number", "seal_numbers", "shipper", "consignee", "notify",
             "hs_code", "port_of_loading", "port_of_discharge", "transshipment_ports", "weight_kg",
             "declared_value", "vessel_imo", "voyage"}));
        ManifestLine line;
        ISTMO_ASSIGN_OR_RETURN(line.bill_of_lading, j.String("bill_of_lading"));
        ISTMO_ASSIGN_OR_RETURN(line.container_number, j.String("container_number"));
        ISTMO_ASSIGN_OR_RETURN(line.seals, j.StringArray("seal_numbers"));
        const auto party = [&](std::string_view key,
                               bool required) -> core::Result<std::optional<Party>> {
          ISTMO_ASSIGN_OR_RETURN(auto obj, j.Object(key, required, {"name", "address"}));
          if (!obj) return std::optional<Party>();
          ISTMO_ASSIGN_OR_RETURN(auto name, obj->String("name"));
          ISTMO_ASSIGN_OR_RETURN(auto address, obj->OptString("address"));
          return std::optional<Party>(Party{std::move(name), std::move(address)});
        };
        ISTMO_ASSIGN_OR_RETURN(auto shipper, party("shipper", true));
        ISTMO_ASSIGN_OR_RETURN(auto consignee, party("consignee", true));
        ISTMO_ASSIGN_OR_RETURN(line.notify, party("notify", false));
        line.shipper = std::move(*shipper);
        line.consignee = std::move(*consignee);
        ISTMO_ASSIGN_OR_RETURN(line.hs_code, j.String("hs_code"));
        ISTMO_ASSIGN_OR_RETURN(line.port_of_loading, j.String("port_of_loading"));
        ISTMO_ASSIGN_OR_RETURN(line.port_of_discharge, j.String("port_of_discharge"));
        ISTMO_ASSIGN_OR_RETURN(line.transshipment_ports, j.StringArray("transshipment_ports"));
        ISTMO_ASSIGN_OR_RETURN(line.vessel_imo, j.OptString("vessel_imo"));
        ISTMO_ASSIGN_OR_RETURN(line.voyage, j.OptString("voyage"));
        ISTMO_ASSIGN_OR_RETURN(auto weight, j.Number("weight_kg", true));
        line.weight_kg = *weight;
        ISTMO_ASSIGN_OR_RETURN(auto value,
                               j.Object("declared_value", false, {"amount", "currency"}));
        if (value) {
          ISTMO_ASSIGN_OR_RETURN(line.declared_value, value->Number("amount", true));
          ISTMO_ASSIGN_OR_RETURN(line.currency, value->String("currency"));
        }
        // The party fields are named as in CSV ("/shipper_name"); in JSON they are
        // "/shipper/name": the error is renamed to the body's pointer.
        core::Status valid = ValidateManifestLine(line, j.pointer());
        if (!valid) return JsonField(valid.error(), j.pointer());
        out.lines.push_back(std::move(line));
        out.line_numbers.push_back(j.number());
        return core::Ok();
      }));
  return out;
}

core::Result<ParsedManifest> ParseManifest(std::string_view text) {
  const std::size_t first = text.find_first_not_of(" \t\r\n");
  if (first != std::string_view::npos && text[first] == '{') return ParseManifestJson(text);
  return ParseManifestCsv(text);
}

}  // namespace istmo::canal

#include "canal/transits.h"

#include <array>

#include "api/json_body.h"
#include "canal/codes.h"
#include "canal/internal/csv_table.h"
#include "canal/internal/json_line.h"
#include "core/time.h"

namespace istmo::canal {

namespace {

enum Column : int {
  kDate,
  kSlot,
  kImo,
  kName,
  kDirection,
  kLockSet,
  kMmsi,
  kLast,
  kNext,
  kColumns
};
constexpr std::array<std::string_view, kColumns> kColumnNames = {
    "transit_date", "slot", "vessel_imo", "vessel_name", "direction",
    "lock_set",     "mmsi", "last_port",  "next_port"};
constexpr std::size_t kRequired = 6;

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

}  // namespace

core::Status ValidateTransitLine(TransitLine& line, const std::string& prefix) {
  const auto f = [&](std::string_view name) { return prefix + "/" + std::string(name); };
  ISTMO_ASSIGN_OR_RETURN(auto date, core::ParseDate(Trim(line.transit_date), f("transit_date")));
  (void)date;  // checked only; the text form is kept
  line.transit_date = std::string(Trim(line.transit_date));
  {
    std::string slot;
    for (char c : Trim(line.slot))
      slot += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
    const bool shape =
        !slot.empty() && slot.size() <= 12 &&
        slot.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-") == std::string::npos;
    if (!shape) {
      return core::InvalidArgument("expected a booking slot of 1 to 12 letters, digits or '-'",
                                   f("slot"));
    }
    line.slot = std::move(slot);
  }
  ISTMO_ASSIGN_OR_RETURN(line.vessel_imo, NormalizeImo(line.vessel_imo, f("vessel_imo")));
  line.vessel_name = std::string(Trim(line.vessel_name));
  if (line.vessel_name.empty() || line.vessel_name.size() > 100) {
    return core::InvalidArgument("must have 1 to 100 bytes", f("vessel_name"));
  }
  ISTMO_RETURN_IF_ERROR(api::CheckText(line.vessel_name, f("vessel_name")));
  if (!Trim(line.mmsi).empty()) {
    ISTMO_ASSIGN_OR_RETURN(line.mmsi, NormalizeMmsi(line.mmsi, f("mmsi")));
  } else {
    line.mmsi.clear();
  }
  const std::string direction = Lower(Trim(line.direction));
  if (direction == "northbound" || direction == "n" || direction == "nb") {
    line.direction = "northbound";
  } else if (direction == "southbound" || direction == "s" || direction == "sb") {
    line.direction = "southbound";
  } else {
    return core::InvalidArgument("expected northbound or southbound", f("direction"));
  }
  const std::string locks = Lower(Trim(line.lock_set));
  if (locks != "panamax" && locks != "neopanamax") {
    return core::InvalidArgument("expected panamax or neopanamax", f("lock_set"));
  }
  line.lock_set = locks;
  for (auto [port, name] :
       {std::pair{&line.last_port, "last_port"}, std::pair{&line.next_port, "next_port"}}) {
    if (Trim(*port).empty()) {
      port->clear();
    } else {
      ISTMO_ASSIGN_OR_RETURN(*port, NormalizeLocode(*port, f(name)));
    }
  }
  return core::Ok();
}

core::Result<ParsedTransits> ParseTransitsCsv(std::string_view text) {
  ParsedTransits out;
  ISTMO_RETURN_IF_ERROR(internal::ReadCsvTable(
      text, kColumnNames, kRequired, kMaxTransitLines, out.rejects, out.total,
      [&](std::int64_t number, const std::vector<std::string_view>& cell) {
        TransitLine line{.transit_date = std::string(cell[kDate]),
                         .slot = std::string(cell[kSlot]),
                         .vessel_imo = std::string(cell[kImo]),
                         .vessel_name = std::string(cell[kName]),
                         .mmsi = std::string(cell[kMmsi]),
                         .direction = std::string(cell[kDirection]),
                         .lock_set = std::string(cell[kLockSet]),
                         .last_port = std::string(cell[kLast]),
                         .next_port = std::string(cell[kNext])};
        core::Status valid = ValidateTransitLine(line, "");
        internal::KeepOrReject(out, number, valid, std::move(line));
      }));
  return out;
}

core::Result<ParsedTransits> ParseTransitsJson(std::string_view text) {
  ParsedTransits out;
  ISTMO_RETURN_IF_ERROR(internal::ForEachJsonLine(
      text, "transits", kMaxTransitLines, out.rejects, out.total,
      [&](const internal::JsonLine& j) -> core::Status {
        ISTMO_RETURN_IF_ERROR(
            j.RejectUnknown({"transit_date", "slot", "vessel_imo", "vessel_name", "mmsi",
                             "direction", "lock_set", "last_port", "next_port"}));
        TransitLine line;
        ISTMO_ASSIGN_OR_RETURN(line.transit_date, j.String("transit_date"));
        ISTMO_ASSIGN_OR_RETURN(line.slot, j.String("slot"));
        ISTMO_ASSIGN_OR_RETURN(line.vessel_imo, j.String("vessel_imo"));
        ISTMO_ASSIGN_OR_RETURN(line.vessel_name, j.String("vessel_name"));
        ISTMO_ASSIGN_OR_RETURN(line.mmsi, j.OptString("mmsi"));
        ISTMO_ASSIGN_OR_RETURN(line.direction, j.String("direction"));
        ISTMO_ASSIGN_OR_RETURN(line.lock_set, j.String("lock_set"));
        ISTMO_ASSIGN_OR_RETURN(line.last_port, j.OptString("last_port"));
        ISTMO_ASSIGN_OR_RETURN(line.next_port, j.OptString("next_port"));
        ISTMO_RETURN_IF_ERROR(ValidateTransitLine(line, j.pointer()));
        out.lines.push_back(std::move(line));
        out.line_numbers.push_back(j.number());
        return core::Ok();
      }));
  return out;
}

core::Result<ParsedTransits> ParseTransits(std::string_view text) {
  const std::size_t first = text.find_first_not_of(" \t\r\n");
  if (first != std::string_view::npos && text[first] == '{') return ParseTransitsJson(text);
  return ParseTransitsCsv(text);
}

}  // namespace istmo::canal

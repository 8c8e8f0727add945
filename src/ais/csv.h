// ais/csv.h — messages as CSV rows: one fixed header of the fields analysts use (identity,
// position, motion, static data), empty cells where a message type has no such field.
// Units: degrees, knots, metres; "not available" values are empty cells.
//
// Thread-safety: stateless functions.
#pragma once

#include <string>
#include <string_view>

#include "ais/message.h"

namespace istmo::ais {

// "line,time,source,channel,type,repeat,mmsi,lat,lon,speed_kn,course_deg,heading_deg,status,
//  shipname,callsign,imo,shiptype,to_bow,to_stern,to_port,to_starboard,draught_m,destination"
std::string_view CsvHeader();

// Appends one row and a '\n' to *out. Text cells are quoted when they contain a comma, a quote
// or a line break (RFC 4180).
void AppendCsv(const Message& message, std::string* out);

}  // namespace istmo::ais

// ais/json.h — messages as JSON lines with gpsd's field names, units and "not available"
// spellings, so that output compares line by line with `gpsdecode -j` (gpsd 3.22, scaled).
//
//   {"class":"AIS","type":1,"repeat":0,"mmsi":371798000,"scaled":true,"status":0,...}
//
// Scaling as gpsd: positions in degrees (6 decimals; 1/10-minute fields with 1), speed in
// knots (1 decimal, "nan" when not available, "fast" for 102.2 kn or more), course in degrees
// (1 decimal), rate of turn as 4.733·sqrt(°/min) squared ("nan", "fastleft", "fastright"),
// binary payloads as "<bits>:<hex>". docs/ais.md lists where we differ from gpsd and why.
//
// Thread-safety: stateless functions.
#pragma once

#include <string>
#include <string_view>

#include "ais/message.h"

namespace istmo::ais {

struct JsonOptions {
  // Written as "device" after "class" when not empty (gpsdecode writes "stdin").
  std::string_view device;
  // Adds our own fields after gpsd's: "line", and "time" / "source" from tag blocks and
  // timestamps when the log carries them.
  bool envelope = false;
};

// Appends one JSON object and a '\n' to *out. Does not allocate beyond growing *out.
void AppendJson(const Message& message, const JsonOptions& options, std::string* out);

// Appends text as a JSON string literal (with quotes), escaping '"', '\\' and control bytes.
void AppendJsonString(std::string_view text, std::string* out);

}  // namespace istmo::ais

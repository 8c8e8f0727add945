#include "ais/json.h"

#include <variant>

#include "ais/internal/json_writer.h"

namespace istmo::ais {

namespace internal {
// No decodable body (a type the decoder does not fill): the head alone.
void Fields(Writer&, const Message&, const std::monostate&) {}
}  // namespace internal

using internal::Writer;

void AppendJsonString(std::string_view text, std::string* out) {
  char buf[Writer::kCapacity];
  if (text.size() > (Writer::kCapacity - 2) / 6) text = text.substr(0, (Writer::kCapacity - 2) / 6);
  Writer w(buf);
  w.StringValue(text);
  out->append(buf, w.size());
}

void AppendJson(const Message& m, const JsonOptions& options, std::string* out) {
  char buf[Writer::kCapacity];
  Writer w(buf);
  w.Raw("{\"class\":\"AIS\"");
  // The device name is the caller's: cut so that the buffer bound holds.
  if (!options.device.empty()) w.Str("device", options.device.substr(0, 256));
  w.Uint("type", m.type);
  w.Uint("repeat", m.repeat);
  w.Uint("mmsi", m.mmsi);
  w.Raw(",\"scaled\":true");
  // One Fields() overload per body type (ais/internal/json_writer.h); a missing one is a
  // compile error, not a silently empty body.
  std::visit([&](const auto& body) { internal::Fields(w, m, body); }, m.body);
  if (options.envelope) {
    w.Int("line", m.envelope.line);
    if (m.envelope.time) w.Str("time", core::FormatIso8601(*m.envelope.time));
    if (!m.envelope.source.empty()) w.Str("source", m.envelope.source.view());
  }
  w.Raw("}\n");
  out->append(buf, w.size());
}

}  // namespace istmo::ais

#include "ais/summary.h"

#include <cstdio>

namespace istmo::ais {

void Summary::Add(const Message& m) {
  ++messages_;
  if (m.type < by_type_.size()) ++by_type_[m.type];
  const auto& e = m.envelope;
  std::string talker{e.talker[0], e.talker[1]};
  talker += e.own_ship ? "VDO" : "VDM";
  ++by_talker_[talker];
  ++by_channel_[e.channel ? std::string(1, e.channel) : std::string("(none)")];
  mmsi_.insert(m.mmsi);
}

std::string Summary::Format(const DecodeStats& stats) const {
  std::string out;
  char buf[160];
  auto line = [&](std::string_view name, std::uint64_t n) {
    std::snprintf(buf, sizeof buf, "  %-20.*s %llu\n", static_cast<int>(name.size()), name.data(),
                  static_cast<unsigned long long>(n));
    out += buf;
  };
  out += "totals\n";
  line("lines", stats.lines);
  line("sentences", stats.sentences);
  line("other_lines", stats.other_lines);
  line("messages", messages_);
  line("distinct_mmsi", mmsi_.size());
  line("type24_part_a_held", stats.type24_part_a_held);
  out += "messages by type\n";
  for (std::size_t t = 1; t < by_type_.size(); ++t) {
    if (by_type_[t] == 0) continue;
    line(std::to_string(t), by_type_[t]);
  }
  out += "messages by talker\n";
  for (const auto& [name, n] : by_talker_) line(name, n);
  out += "messages by channel\n";
  for (const auto& [name, n] : by_channel_) line(name, n);
  out += "bad input by kind\n";
  for (std::size_t k = 0; k < kBadInputKinds; ++k) {
    line(BadInputName(static_cast<BadInput>(k)), stats.bad[k]);
  }
  return out;
}

}  // namespace istmo::ais

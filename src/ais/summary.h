// ais/summary.h — what a log holds: messages per type, per talker and per channel, distinct
// MMSIs, and (from the decoder's statistics) bad input by kind. Backs `istmo ais stats`.
//
// Thread-safety: not thread-safe; one Summary per log.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <unordered_set>

#include "ais/decoder.h"
#include "ais/message.h"

namespace istmo::ais {

class Summary {
 public:
  // Counts one decoded message. Allocates only for a new talker, channel or MMSI.
  void Add(const Message& message);

  std::uint64_t messages() const { return messages_; }
  const std::array<std::uint64_t, 28>& by_type() const { return by_type_; }
  const std::map<std::string, std::uint64_t>& by_talker() const { return by_talker_; }
  const std::map<std::string, std::uint64_t>& by_channel() const { return by_channel_; }
  std::size_t distinct_mmsi() const { return mmsi_.size(); }

  // A report for a person: totals, then one "name count" line per row of each table, bad
  // input by kind from stats.
  std::string Format(const DecodeStats& stats) const;

 private:
  std::uint64_t messages_ = 0;
  std::array<std::uint64_t, 28> by_type_{};
  std::map<std::string, std::uint64_t> by_talker_;
  std::map<std::string, std::uint64_t> by_channel_;
  std::unordered_set<std::uint32_t> mmsi_;
};

}  // namespace istmo::ais

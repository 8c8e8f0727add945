// maritime/internal/mmsi_table.h — records keyed by MMSI, with prefetch calls for batch loops.
//
// With tens of thousands of vessels every report's record lookup misses the cache twice (the
// key, then the record); std::unordered_map gives no handle to prefetch either. Here the keys
// are an MmsiMap (one flat array) naming a slot in a deque whose elements never move, so a batch
// loop can prefetch the key of report i + 8 and the record of report i + 4 while it works on
// report i (bench_maritime_detect, docs/maritime.md).
//
// Pointers to records stay valid until the record is erased. Not thread-safe.
#pragma once

#include <cstdint>
#include <deque>
#include <utility>
#include <vector>

#include "maritime/internal/mmsi_map.h"

namespace istmo::maritime::internal {

template <class T>
class MmsiTable {
 public:
  std::size_t size() const { return index_.size(); }

  T* Find(std::uint32_t mmsi) {
    const std::uint32_t slot = index_.Find(mmsi);
    return slot == MmsiMap::kNone ? nullptr : &records_[slot];
  }

  // The record of `mmsi`, created value-initialized when missing; second: whether it was.
  std::pair<T*, bool> FindOrInsert(std::uint32_t mmsi) {
    const auto next = static_cast<std::uint32_t>(free_.empty() ? records_.size() : free_.back());
    const auto [slot, created] = index_.TryEmplace(mmsi, next);
    if (created) {
      if (free_.empty()) {
        records_.emplace_back();
      } else {
        free_.pop_back();
      }
    }
    return {&records_[slot], created};
  }

  void Erase(std::uint32_t mmsi) {
    const std::uint32_t slot = index_.Erase(mmsi);
    if (slot == MmsiMap::kNone) return;
    records_[slot] = T{};
    free_.push_back(slot);
  }

  // Calls fn(mmsi, T&) for every record, in table order (not a sorted order).
  template <class Fn>
  void ForEach(Fn&& fn) {
    index_.ForEach([&](std::uint32_t mmsi, std::uint32_t slot) { fn(mmsi, records_[slot]); });
  }

  // Batch loops: first the key's cache line, a few iterations later the record's first lines.
  void PrefetchKey(std::uint32_t mmsi) const { index_.Prefetch(mmsi); }
  void PrefetchRecord(std::uint32_t mmsi) {
    const std::uint32_t slot = index_.Find(mmsi);
    if (slot == MmsiMap::kNone) return;
    // Every line of the record: a report touches fields all along it (Detectors' Watched: the
    // hour counts, the runs' flags, the encounter grid's cell), and the first four lines alone
    // left about four misses a report (docs/perf.md).
    const char* p = reinterpret_cast<const char*>(&records_[slot]);
    for (std::size_t line = 0; line <= sizeof(T) / 64; ++line) __builtin_prefetch(p + 64 * line);
  }

 private:
  MmsiMap index_;
  std::deque<T> records_;
  std::vector<std::uint32_t> free_;  // slots of erased records
};

}  // namespace istmo::maritime::internal

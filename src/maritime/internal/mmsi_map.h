// maritime/internal/mmsi_map.h — MMSI -> 32-bit value, open addressing with linear probing.
//
// Why not std::unordered_map: one node per entry, so a lookup is a bucket read and then a
// pointer chase to a node elsewhere in the heap — two cache misses per report at 60,000
// stations, the largest user-space entry of bench_maritime_ingest (docs/perf.md). Here an entry
// is 8 bytes in one flat array: one miss. boost::unordered_flat_map does this, but Debian 12
// ships Boost 1.74 and it came with 1.81.
//
// Erased keys leave a tombstone that a later insert on the same probe path reuses; the array
// is rebuilt when live keys and tombstones fill half of it. Not thread-safe: the owner locks.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

namespace istmo::maritime::internal {

class MmsiMap {
 public:
  // The value a missing key reads as.
  static constexpr std::uint32_t kNone = 0xFFFFFFFF;

  std::size_t size() const { return size_; }

  // The value of `mmsi`, or kNone.
  std::uint32_t Find(std::uint32_t mmsi) const {
    if (size_ == 0) return kNone;
    for (std::size_t i = Home(mmsi);; i = (i + 1) & mask_) {
      const Entry& e = entries_[i];
      if (e.key == mmsi) return e.value;
      if (e.key == kEmpty) return kNone;
    }
  }

  // The value of `mmsi`, inserted as `value` when missing; second says whether it was.
  std::pair<std::uint32_t, bool> TryEmplace(std::uint32_t mmsi, std::uint32_t value) {
    // At most half used (live and erased): probe runs stay a cache line or two long.
    if (2 * (used_ + 1) > entries_.size()) Rebuild();
    std::size_t reuse = entries_.size();
    for (std::size_t i = Home(mmsi);; i = (i + 1) & mask_) {
      Entry& e = entries_[i];
      if (e.key == mmsi) return {e.value, false};
      if (e.key == kErased && reuse == entries_.size()) reuse = i;
      if (e.key == kEmpty) {
        if (reuse != entries_.size()) {
          entries_[reuse] = {mmsi, value};
        } else {
          e = {mmsi, value};
          ++used_;
        }
        ++size_;
        return {value, true};
      }
    }
  }

  // Removes `mmsi`; returns its value, or kNone when it was not there.
  std::uint32_t Erase(std::uint32_t mmsi) {
    if (size_ == 0) return kNone;
    for (std::size_t i = Home(mmsi);; i = (i + 1) & mask_) {
      Entry& e = entries_[i];
      if (e.key == mmsi) {
        e.key = kErased;
        --size_;
        return e.value;
      }
      if (e.key == kEmpty) return kNone;
    }
  }

  // Calls fn(mmsi, value) for every key, in table order (not a sorted order).
  template <class Fn>
  void ForEach(Fn&& fn) const {
    for (const Entry& e : entries_) {
      if (e.key != kEmpty && e.key != kErased) fn(e.key, e.value);
    }
  }

  // For batch loops: the cache line where the lookup of `mmsi` starts.
  void Prefetch(std::uint32_t mmsi) const {
    if (!entries_.empty()) __builtin_prefetch(&entries_[Home(mmsi)]);
  }

 private:
  // An MMSI is 30 bits (ITU-R M.1371 message fields), so these keys are never one.
  static constexpr std::uint32_t kEmpty = 0xFFFFFFFF;
  static constexpr std::uint32_t kErased = 0xFFFFFFFE;
  struct Entry {
    std::uint32_t key = kEmpty;
    std::uint32_t value = 0;
  };

  std::size_t Home(std::uint32_t mmsi) const {
    // Fibonacci hashing: MMSIs share their leading MID digits, so the high bits of the
    // product, not the low bits of the key, pick the slot.
    return static_cast<std::size_t>((mmsi * 0x9E3779B97F4A7C15ull) >> shift_) & mask_;
  }

  // Doubles the array when live keys fill a quarter of it, else rebuilds it at the same size
  // to drop the tombstones.
  void Rebuild() {
    std::vector<Entry> old = std::move(entries_);
    const std::size_t capacity =
        old.empty() ? 64 : (4 * (size_ + 1) > old.size() ? old.size() * 2 : old.size());
    entries_.assign(capacity, Entry{});
    mask_ = capacity - 1;
    shift_ = 64 - static_cast<int>(__builtin_ctzll(capacity));
    size_ = 0;
    used_ = 0;
    for (const Entry& e : old) {
      if (e.key != kEmpty && e.key != kErased) TryEmplace(e.key, e.value);
    }
  }

  std::vector<Entry> entries_;
  std::size_t size_ = 0;  // live keys
  std::size_t used_ = 0;  // live keys and tombstones
  std::size_t mask_ = 0;
  int shift_ = 64;
};

}  // namespace istmo::maritime::internal

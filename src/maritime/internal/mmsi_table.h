// maritime/internal/mmsi_table.h — records keyed by MMSI in an open-addressing table, with
// prefetch calls for batch loops.
//
// With tens of thousands of vessels every report's record lookup misses the cache twice (the
// key, then the record); std::unordered_map gives no handle to prefetch either. Here the keys
// are one flat array (linear probing, Fibonacci hashing) and the records live in a deque whose
// elements never move, so a batch loop can prefetch the key of report i + 8 and the record of
// report i + 4 while it works on report i (bench_maritime_detect, docs/maritime.md).
//
// Pointers to records stay valid until the record is erased. Not thread-safe.
#pragma once

#include <cstdint>
#include <deque>
#include <vector>

namespace istmo::maritime::internal {

template <class T>
class MmsiTable {
 public:
  MmsiTable() { Rehash(1024); }

  std::size_t size() const { return size_; }

  T* Find(std::uint32_t mmsi) {
    const std::size_t i = Probe(mmsi);
    return entries_[i].key == Key(mmsi) ? &records_[entries_[i].slot] : nullptr;
  }

  // The record of `mmsi`, created value-initialized when missing; second: whether it was.
  std::pair<T*, bool> FindOrInsert(std::uint32_t mmsi) {
    std::size_t i = Probe(mmsi);
    if (entries_[i].key == Key(mmsi)) return {&records_[entries_[i].slot], false};
    if ((used_ + 1) * 2 > entries_.size()) {
      Rehash(size_ * 4 > entries_.size() ? entries_.size() * 2 : entries_.size());
      i = Probe(mmsi);
    }
    std::uint32_t slot;
    if (!free_.empty()) {
      slot = free_.back();
      free_.pop_back();
    } else {
      slot = static_cast<std::uint32_t>(records_.size());
      records_.emplace_back();
    }
    if (entries_[i].key == kEmpty) ++used_;
    entries_[i] = {Key(mmsi), slot};
    ++size_;
    return {&records_[slot], true};
  }

  void Erase(std::uint32_t mmsi) {
    const std::size_t i = Probe(mmsi);
    if (entries_[i].key != Key(mmsi)) return;
    records_[entries_[i].slot] = T{};
    free_.push_back(entries_[i].slot);
    entries_[i].key = kErased;
    --size_;
  }

  // Calls fn(mmsi, T&) for every record, in table order (not a sorted order).
  template <class Fn>
  void ForEach(Fn&& fn) {
    for (const Entry& e : entries_) {
      if (e.key != kEmpty && e.key != kErased) fn(e.key - 1, records_[e.slot]);
    }
  }

  // Batch loops: first the key's cache line, a few iterations later the record's first lines.
  void PrefetchKey(std::uint32_t mmsi) const { __builtin_prefetch(&entries_[Home(mmsi)]); }
  void PrefetchRecord(std::uint32_t mmsi) {
    const std::size_t i = Probe(mmsi);
    if (entries_[i].key != Key(mmsi)) return;
    const char* p = reinterpret_cast<const char*>(&records_[entries_[i].slot]);
    for (std::size_t line = 0; line < 4; ++line) __builtin_prefetch(p + 64 * line);
  }

 private:
  struct Entry {
    std::uint32_t key = 0;  // MMSI + 1; kEmpty, kErased
    std::uint32_t slot = 0;
  };
  static constexpr std::uint32_t kEmpty = 0, kErased = 0xffffffff;
  static std::uint32_t Key(std::uint32_t mmsi) { return mmsi + 1; }

  std::size_t Home(std::uint32_t mmsi) const {
    return static_cast<std::size_t>((std::uint64_t{mmsi} * 0x9E3779B97F4A7C15ULL) >> shift_);
  }
  // The entry holding `mmsi`, else the first free one on its probe path (an erased entry when
  // there is one, so that erased entries are reused).
  std::size_t Probe(std::uint32_t mmsi) const {
    const std::size_t mask = entries_.size() - 1;
    std::size_t reuse = entries_.size();
    for (std::size_t i = Home(mmsi);; i = (i + 1) & mask) {
      const std::uint32_t k = entries_[i].key;
      if (k == Key(mmsi)) return i;
      if (k == kEmpty) return reuse != entries_.size() ? reuse : i;
      if (k == kErased && reuse == entries_.size()) reuse = i;
    }
  }

  void Rehash(std::size_t capacity) {
    std::vector<Entry> old = std::move(entries_);
    entries_.assign(capacity, Entry{});
    shift_ = 64;
    for (std::size_t c = capacity; c > 1; c >>= 1) --shift_;
    used_ = 0;
    for (const Entry& e : old) {
      if (e.key == kEmpty || e.key == kErased) continue;
      std::size_t i = Home(e.key - 1);
      while (entries_[i].key != kEmpty) i = (i + 1) & (capacity - 1);
      entries_[i] = e;
      ++used_;
    }
  }

  std::vector<Entry> entries_;  // power-of-two size, at most half used (live and erased)
  std::deque<T> records_;
  std::vector<std::uint32_t> free_;  // slots of erased records
  std::size_t size_ = 0, used_ = 0;
  int shift_ = 54;
};

}  // namespace istmo::maritime::internal

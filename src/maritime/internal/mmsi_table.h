// maritime/internal/mmsi_table.h — records keyed by MMSI, with prefetch calls for batch loops
// and a second, dense index by a slot the caller already holds.
//
// With tens of thousands of vessels every report's record lookup misses the cache twice (the
// key, then the record); std::unordered_map gives no handle to prefetch either. Here the keys
// are an MmsiMap (one flat array) naming a record index, so a batch loop can prefetch the key of
// report i + 8 and the record of report i + 4 while it works on report i
// (bench_maritime_detect, docs/maritime.md).
//
// Records live in chunks of 2 MiB that never move, so a record's address is one read of a
// small table of chunks away from its index (a std::deque of records as large as Detectors'
// puts each in its own heap block behind a map of pointers: a dependent miss before the record's
// own, which stalled the prefetch itself). A chunk is aligned to 2 MiB and offered to the
// kernel as a huge page (madvise; transparent huge pages in "madvise" mode, Debian's default):
// 60,000 records of 768 bytes span 11,000 small pages, more than the TLB holds, so each report
// paid a page walk on top of the record's miss (docs/perf.md).
//
// The dense index: a caller that already looked the MMSI up elsewhere (the ingest path's
// Picture slot) passes that slot as a hint, and the record is found by two array reads, no hash
// and no probe. A hint is only a shortcut: the record's key is checked, so a hint that names
// another MMSI's record (an evicted record reused, two pictures) falls back to the hash.
//
// Pointers to records stay valid until the record is erased. Not thread-safe.
#pragma once

#include <algorithm>
#include <cstdint>
#include <memory>
#include <new>
#include <utility>
#include <vector>

#include <sys/mman.h>

#include "maritime/internal/mmsi_map.h"

namespace istmo::maritime::internal {

// __builtin_prefetch(p), kept. GCC 12 at -O3 deletes a prefetch whose address it computed from
// loaded values (an index read from an array, a chunk's base): every record prefetch of the
// detectors' batch call was missing from the binary (objdump of bench_maritime_ingest; the
// record's first line then missed on every report). The empty asm hides the address's origin.
inline void Prefetch(const void* p) {
  asm volatile("" : "+r"(p));
  __builtin_prefetch(p);
}

template <class T>
class MmsiTable {
 public:
  static constexpr std::uint32_t kNoHint = MmsiMap::kNone;
  // Hints are dense (a Picture's slots): one this large is ignored rather than sizing the dense
  // index for it (at most 64 MiB).
  static constexpr std::uint32_t kMaxHint = std::uint32_t{1} << 24;

  std::size_t size() const { return index_.size(); }

  T* Find(std::uint32_t mmsi) {
    const std::uint32_t slot = index_.Find(mmsi);
    return slot == MmsiMap::kNone ? nullptr : &At(slot);
  }

  // The record of `mmsi`, created value-initialized when missing; second: whether it was.
  std::pair<T*, bool> FindOrInsert(std::uint32_t mmsi) {
    const auto next = static_cast<std::uint32_t>(free_.empty() ? keys_.size() : free_.back());
    const auto [slot, created] = index_.TryEmplace(mmsi, next);
    if (created) {
      if (free_.empty()) {
        if (keys_.size() % kChunk == 0) chunks_.emplace_back();
        keys_.push_back(mmsi);
      } else {
        free_.pop_back();
        keys_[slot] = mmsi;
      }
    }
    return {&At(slot), created};
  }

  // The same, through the dense index at `hint` first (kNoHint, or kMaxHint and above: the hash
  // only). The hint then names this record for the next call with it.
  std::pair<T*, bool> FindOrInsert(std::uint32_t mmsi, std::uint32_t hint) {
    if (hint >= kMaxHint) return FindOrInsert(mmsi);
    if (hint < by_hint_.size()) {
      const std::uint32_t slot = by_hint_[hint];
      if (slot < keys_.size() && keys_[slot] == mmsi) return {&At(slot), false};
    } else {
      by_hint_.resize(std::max<std::size_t>(hint + 1, by_hint_.size() * 3 / 2), kNoHint);
    }
    const auto found = FindOrInsert(mmsi);
    by_hint_[hint] = index_.Find(mmsi);
    return found;
  }

  void Erase(std::uint32_t mmsi) {
    const std::uint32_t slot = index_.Erase(mmsi);
    if (slot == MmsiMap::kNone) return;
    At(slot) = T{};
    keys_[slot] = kNoKey;
    free_.push_back(slot);
  }

  // Calls fn(mmsi, T&) for every record, in table order (not a sorted order).
  template <class Fn>
  void ForEach(Fn&& fn) {
    index_.ForEach([&](std::uint32_t mmsi, std::uint32_t slot) { fn(mmsi, At(slot)); });
  }

  // Batch loops: first the key's cache line, a few iterations later the record's first
  // `lines` lines (the part a call touches).
  void PrefetchKey(std::uint32_t mmsi) const { index_.Prefetch(mmsi); }
  void PrefetchRecord(std::uint32_t mmsi, std::size_t lines = sizeof(T) / 64 + 1) {
    const std::uint32_t slot = index_.Find(mmsi);
    if (slot != MmsiMap::kNone) PrefetchLines(slot, lines);
  }
  // The same through the dense index: the hint's entry first...
  void PrefetchHint(std::uint32_t hint) const {
    if (hint < by_hint_.size()) Prefetch(&by_hint_[hint]);
  }
  // ...then the record's key and the record (nothing when the hint names none: the call will
  // hash).
  void PrefetchRecordAt(std::uint32_t hint, std::size_t lines = sizeof(T) / 64 + 1) {
    if (hint >= by_hint_.size()) return;
    const std::uint32_t slot = by_hint_[hint];
    if (slot >= keys_.size()) return;
    Prefetch(&keys_[slot]);
    PrefetchLines(slot, lines);
  }

 private:
  static constexpr std::size_t kChunkBytes = std::size_t{2} << 20;
  static constexpr std::size_t kChunk = kChunkBytes / sizeof(T);
  static_assert(kChunk > 0 && alignof(T) <= kChunkBytes);
  static constexpr std::uint32_t kNoKey = 0xFFFFFFFF;  // not an MMSI (30 bits)

  // kChunk value-initialized records in one 2 MiB-aligned block.
  class Chunk {
   public:
    Chunk() : p_(static_cast<T*>(::operator new (kChunkBytes, std::align_val_t{kChunkBytes}))) {
      // Only a hint: without huge pages the chunk works the same, slower.
      (void)madvise(p_, kChunkBytes, MADV_HUGEPAGE);
      std::uninitialized_value_construct_n(p_, kChunk);
    }
    ~Chunk() {
      if (p_ == nullptr) return;
      std::destroy_n(p_, kChunk);
      ::operator delete (p_, std::align_val_t{kChunkBytes});
    }
    Chunk(Chunk&& other) noexcept : p_(std::exchange(other.p_, nullptr)) {}
    Chunk(const Chunk&) = delete;
    Chunk& operator=(const Chunk&) = delete;
    Chunk& operator=(Chunk&&) = delete;
    T& operator[](std::size_t i) { return p_[i]; }

   private:
    T* p_;
  };

  T& At(std::uint32_t slot) { return chunks_[slot / kChunk][slot % kChunk]; }

  void PrefetchLines(std::uint32_t slot, std::size_t lines) {
    const char* p = reinterpret_cast<const char*>(&At(slot));
    for (std::size_t line = 0; line < lines; ++line) Prefetch(p + 64 * line);
  }

  MmsiMap index_;
  std::vector<Chunk> chunks_;
  std::vector<std::uint32_t> keys_;     // per record: its MMSI, kNoKey when erased
  std::vector<std::uint32_t> free_;     // records erased
  std::vector<std::uint32_t> by_hint_;  // hint -> record, kNoHint for none
};

}  // namespace istmo::maritime::internal

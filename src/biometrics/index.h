// biometrics/index.h — the 1:N face index: approximate nearest neighbours over descriptors.
//
// An HNSW graph (hnswlib, Debian libhnswlib-dev) of 128-d descriptors under Euclidean distance.
// Each entry carries a caller-chosen 64-bit label (a template's row number in the store). A search
// may take a LabelFilter, a predicate applied INSIDE the graph walk (an entry that fails it is
// walked through but never returned), so a search under a releasability scope returns the k
// nearest entries the caller may see rather than a top-k trimmed afterwards. Debian's hnswlib
// 0.6.2 has no filter hook of its own; the walk here is its searchBaseLayerST with the filter
// where that function tests for deleted entries (hnswlib 0.7 later added the same hook).
//
//   ISTMO_ASSIGN_OR_RETURN(auto index, biometrics::FaceIndex::Create({}));
//   ISTMO_RETURN_IF_ERROR(index->Add(42, descriptor));
//   std::vector<biometrics::Match> top = index->Search(probe, 5, [&](std::uint64_t label) {
//     return visible_labels.contains(label);  // e.g. what the caller's scope may read
//   });
//
// Thread-safety: Add, Remove, Search and SearchBatch may run concurrently from many threads;
// Save takes a consistent snapshot. The filter is called from the searching thread(s).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "core/result.h"

namespace istmo::biometrics {

struct IndexOptions {
  // Descriptor length; every added and searched vector must have it.
  int dims = 128;
  // Graph degree (hnswlib M): more links, better recall, more memory (M * 8 bytes per entry).
  int m = 16;
  // Candidate list while building; higher builds slower and better.
  int ef_construction = 200;
  // Candidate list while searching (at least k is used); the recall / latency knob.
  int ef_search = 64;
  // Entries allocated up front; the index grows by doubling when full.
  std::size_t initial_capacity = 1024;
  // Seed of the level generator: the same inserts in the same order give the same graph.
  std::uint64_t seed = 100;
};

struct Match {
  std::uint64_t label = 0;
  float distance = 0;  // Euclidean
};

// true when the caller may see the entry with this label. An empty function allows all.
using LabelFilter = std::function<bool(std::uint64_t label)>;

class FaceIndex {
 public:
  static core::Result<std::unique_ptr<FaceIndex>> Create(const IndexOptions& options);
  // Reads an index written by Save(). kNotFound when the file is missing, kDataLoss when it is
  // not an index of options.dims dimensions.
  static core::Result<std::unique_ptr<FaceIndex>> Load(const std::string& path,
                                                       const IndexOptions& options);
  ~FaceIndex();
  FaceIndex(const FaceIndex&) = delete;
  FaceIndex& operator=(const FaceIndex&) = delete;

  // Writes the index to `path` (via a temporary file renamed into place). kUnavailable when
  // the file cannot be written.
  core::Status Save(const std::string& path) const;

  // Adds an entry, or replaces the vector of an existing label. kInvalidArgument when the
  // vector's length is not dims or it holds a NaN or infinity.
  core::Status Add(std::uint64_t label, std::span<const float> vector);
  // Adds n = labels.size() entries; vectors holds n * dims floats, row after row. Uses up to
  // `threads` threads. Validates everything before adding anything.
  core::Status AddBatch(std::span<const std::uint64_t> labels, std::span<const float> vectors,
                        int threads = 1);
  // Hides an entry from every later search. kNotFound when the label is absent.
  core::Status Remove(std::uint64_t label);

  // The k nearest entries that pass `filter`, nearest first (fewer when fewer pass).
  // `query` must have dims floats (checked: a wrong length is a bug).
  std::vector<Match> Search(std::span<const float> query, std::size_t k,
                            const LabelFilter& filter = {}) const;
  // Search for n = queries.size() / dims queries, on up to `threads` threads; result i
  // belongs to query i.
  std::vector<std::vector<Match>> SearchBatch(std::span<const float> queries, std::size_t k,
                                              const LabelFilter& filter = {},
                                              int threads = 1) const;

  // Entries present (removed ones excluded).
  std::size_t size() const;
  int dims() const;
  void set_ef_search(int ef);

 private:
  struct Impl;
  explicit FaceIndex(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Exact k nearest neighbours by scanning every row of `vectors` (n * dims floats, label i =
// labels[i]): the reference that recall is measured against.
std::vector<Match> ExactSearch(std::span<const float> vectors,
                               std::span<const std::uint64_t> labels, int dims,
                               std::span<const float> query, std::size_t k,
                               const LabelFilter& filter = {});

}  // namespace istmo::biometrics

#include "biometrics/index.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <mutex>
#include <queue>
#include <shared_mutex>
#include <thread>
#include <utility>

#include <hnswlib/hnswlib.h>

#include "biometrics/internal/distance.h"

namespace istmo::biometrics {
namespace {

using Hnsw = hnswlib::HierarchicalNSW<float>;
using hnswlib::tableint;

// (distance, internal id); a max-heap on distance, as hnswlib's CompareByFirst orders it.
using Candidate = std::pair<float, tableint>;
using MaxHeap = std::priority_queue<Candidate, std::vector<Candidate>, Hnsw::CompareByFirst>;

// Asks for the `bytes` at `p` to be brought into the cache (a hint; no fault if unmapped).
void Prefetch(const char* p, std::size_t bytes) {
  for (std::size_t offset = 0; offset < bytes; offset += 64) __builtin_prefetch(p + offset);
}

// hnswlib's searchKnn with the caller's filter inside the walk. The upper layers are a greedy
// descent to the entry point of layer 0, as in hnswlib. On layer 0 this is
// searchBaseLayerST<has_deletions = true>: an entry that is deleted or fails the filter is still
// expanded (its links lead to allowed entries) but never enters the result heap, and the walk
// only stops early once the heap holds ef allowed entries.
std::vector<Match> FilteredSearch(const Hnsw& h, const float* query, std::size_t k,
                                  std::size_t ef, const LabelFilter& filter) {
  std::vector<Match> out;
  if (h.cur_element_count == 0 || k == 0) return out;
  const bool filtered = static_cast<bool>(filter) || h.num_deleted_ > 0;
  auto allowed = [&](tableint id) {
    if (h.isMarkedDeleted(id)) return false;
    return !filter || filter(h.getExternalLabel(id));
  };

  tableint current = h.enterpoint_node_;
  float current_dist = h.fstdistfunc_(query, h.getDataByInternalId(current), h.dist_func_param_);
  for (int level = h.maxlevel_; level > 0; --level) {
    bool changed = true;
    while (changed) {
      changed = false;
      auto* data = reinterpret_cast<hnswlib::linklistsizeint*>(h.get_linklist(current, level));
      const int size = h.getListCount(data);
      const auto* links = reinterpret_cast<const tableint*>(data + 1);
      for (int i = 0; i < size; ++i) {
        const float d = h.fstdistfunc_(query, h.getDataByInternalId(links[i]), h.dist_func_param_);
        if (d < current_dist) {
          current_dist = d;
          current = links[i];
          changed = true;
        }
      }
    }
  }

  ef = std::max(ef, k);
  hnswlib::VisitedList* visited = h.visited_list_pool_->getFreeVisitedList();
  hnswlib::vl_type* marks = visited->mass;
  const hnswlib::vl_type tag = visited->curV;
  const std::size_t vector_bytes = h.data_size_;
  std::vector<tableint> fresh(h.maxM0_);  // a layer-0 list holds at most maxM0_ links
  MaxHeap top;         // best allowed entries so far, worst on top
  MaxHeap candidates;  // frontier, stored with negated distance so the nearest is on top
  float lower_bound = std::numeric_limits<float>::max();
  if (allowed(current)) {
    top.emplace(current_dist, current);
    lower_bound = current_dist;
  }
  candidates.emplace(-current_dist, current);
  marks[current] = tag;

  while (!candidates.empty()) {
    const Candidate next = candidates.top();
    if (-next.first > lower_bound && (top.size() == ef || !filtered)) break;
    candidates.pop();
    auto* list = reinterpret_cast<hnswlib::linklistsizeint*>(h.get_linklist0(next.second));
    const std::size_t size = h.getListCount(list);
    const auto* links = reinterpret_cast<const tableint*>(list + 1);
    // The unvisited neighbours first, then every one of their vectors requested from memory at
    // once, then the distances: at millions of entries each vector is a cache miss, and this
    // overlaps them instead of waiting for one after another.
    std::size_t fresh_count = 0;
    for (std::size_t j = 0; j < size; ++j) {
      const tableint id = links[j];
      if (marks[id] == tag) continue;
      marks[id] = tag;
      fresh[fresh_count++] = id;
      Prefetch(h.getDataByInternalId(id), vector_bytes);
    }
    for (std::size_t j = 0; j < fresh_count; ++j) {
      const tableint id = fresh[j];
      const float d = h.fstdistfunc_(query, h.getDataByInternalId(id), h.dist_func_param_);
      if (top.size() < ef || lower_bound > d) {
        candidates.emplace(-d, id);
        if (allowed(id)) top.emplace(d, id);
        if (top.size() > ef) top.pop();
        if (!top.empty()) lower_bound = top.top().first;
      }
    }
  }
  h.visited_list_pool_->releaseVisitedList(visited);

  while (top.size() > k) top.pop();
  out.resize(top.size());
  for (std::size_t i = out.size(); i-- > 0;) {
    out[i] = {.label = h.getExternalLabel(top.top().second), .distance = std::sqrt(top.top().first)};
    top.pop();
  }
  return out;
}

// hnswlib's L2Space with the distance kernel chosen at run time (internal/distance.h): its own
// choice is fixed at compile time, and a baseline x86-64 build gets SSE. The graph and the saved
// file do not depend on the space (only the vector size does), so indexes saved before load
// unchanged.
class DescriptorSpace final : public hnswlib::SpaceInterface<float> {
 public:
  explicit DescriptorSpace(std::size_t dims)
      : dims_(dims), distance_(internal::BestSquaredL2(dims).fn) {}
  std::size_t get_data_size() override { return dims_ * sizeof(float); }
  hnswlib::DISTFUNC<float> get_dist_func() override { return distance_; }
  void* get_dist_func_param() override { return &dims_; }

 private:
  std::size_t dims_;
  hnswlib::DISTFUNC<float> distance_;
};

core::Status CheckVector(std::span<const float> v, int dims, const std::string& what) {
  if (static_cast<int>(v.size()) != dims) {
    return core::InvalidArgument(what + " has " + std::to_string(v.size()) + " values; expected " +
                                     std::to_string(dims),
                                 "descriptor");
  }
  for (float x : v) {
    if (!std::isfinite(x)) return core::InvalidArgument(what + " holds a NaN or infinity", "descriptor");
  }
  return core::Ok();
}

// Runs fn(i) for i in [0, n) on up to `threads` threads.
template <class Fn>
void ParallelFor(std::size_t n, int threads, Fn fn) {
  const auto workers = static_cast<std::size_t>(std::max(1, threads));
  if (workers == 1 || n < 2) {
    for (std::size_t i = 0; i < n; ++i) fn(i);
    return;
  }
  std::atomic<std::size_t> next{0};
  std::vector<std::thread> pool;
  for (std::size_t t = 0; t < std::min(workers, n); ++t) {
    pool.emplace_back([&] {
      for (std::size_t i = next++; i < n; i = next++) fn(i);
    });
  }
  for (auto& th : pool) th.join();
}

}  // namespace

struct FaceIndex::Impl {
  IndexOptions options;
  std::unique_ptr<DescriptorSpace> space;
  std::unique_ptr<Hnsw> hnsw;
  // Shared for adds and searches (hnswlib locks its own structures); exclusive to grow the
  // arrays, which hnswlib's resizeIndex reallocates.
  mutable std::shared_mutex mu;

  // Makes room for `extra` more entries; call without holding mu.
  void Reserve(std::size_t extra) {
    {
      std::shared_lock lock(mu);
      if (hnsw->cur_element_count + extra <= hnsw->max_elements_) return;
    }
    std::unique_lock lock(mu);
    std::size_t capacity = std::max<std::size_t>(hnsw->max_elements_, 1);
    while (hnsw->cur_element_count + extra > capacity) capacity *= 2;
    if (capacity > hnsw->max_elements_) hnsw->resizeIndex(capacity);
  }
};

FaceIndex::FaceIndex(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
FaceIndex::~FaceIndex() = default;

core::Result<std::unique_ptr<FaceIndex>> FaceIndex::Create(const IndexOptions& options) {
  if (options.dims <= 0 || options.m < 2 || options.ef_construction < 1 || options.ef_search < 1) {
    return core::InvalidArgument("index options: dims, m, ef_construction and ef_search must be positive");
  }
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  impl->space = std::make_unique<DescriptorSpace>(options.dims);
  try {
    impl->hnsw = std::make_unique<Hnsw>(impl->space.get(), std::max<std::size_t>(options.initial_capacity, 1),
                                        options.m, options.ef_construction, options.seed);
  } catch (const std::exception& e) {
    return core::Unavailable(std::string("cannot allocate the face index: ") + e.what());
  }
  impl->hnsw->setEf(options.ef_search);
  return std::unique_ptr<FaceIndex>(new FaceIndex(std::move(impl)));
}

core::Result<std::unique_ptr<FaceIndex>> FaceIndex::Load(const std::string& path,
                                                         const IndexOptions& options) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return core::NotFound("no face index at " + path);
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  impl->space = std::make_unique<DescriptorSpace>(options.dims);
  try {
    impl->hnsw = std::make_unique<Hnsw>(impl->space.get(), path);
  } catch (const std::exception& e) {
    return core::DataLoss("cannot load face index " + path + ": " + e.what());
  }
  // hnswlib takes the vector size from the space, not the file; the file's own size is the gap
  // between a row's links and its label.
  const Hnsw& h = *impl->hnsw;
  if (h.label_offset_ - h.offsetData_ != options.dims * sizeof(float)) {
    return core::DataLoss("face index " + path + " does not hold " + std::to_string(options.dims) +
                          "-d vectors");
  }
  impl->hnsw->setEf(options.ef_search);
  return std::unique_ptr<FaceIndex>(new FaceIndex(std::move(impl)));
}

core::Status FaceIndex::Save(const std::string& path) const {
  const std::string tmp = path + ".tmp";
  try {
    std::unique_lock lock(impl_->mu);  // no add may run while the arrays are written
    impl_->hnsw->saveIndex(tmp);
  } catch (const std::exception& e) {
    return core::Unavailable("cannot write face index " + tmp + ": " + e.what());
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) return core::Unavailable("cannot write face index " + path + ": " + ec.message());
  return core::Ok();
}

core::Status FaceIndex::Add(std::uint64_t label, std::span<const float> vector) {
  return AddBatch(std::span(&label, 1), vector, 1);
}

core::Status FaceIndex::AddBatch(std::span<const std::uint64_t> labels,
                                 std::span<const float> vectors, int threads) {
  const auto dims = static_cast<std::size_t>(impl_->options.dims);
  if (vectors.size() != labels.size() * dims) {
    return core::InvalidArgument(std::to_string(vectors.size()) + " values for " +
                                     std::to_string(labels.size()) + " descriptors of " +
                                     std::to_string(dims),
                                 "descriptor");
  }
  for (std::size_t i = 0; i < labels.size(); ++i) {
    ISTMO_RETURN_IF_ERROR(CheckVector(vectors.subspan(i * dims, dims), impl_->options.dims,
                                      "descriptor " + std::to_string(i)));
  }
  impl_->Reserve(labels.size());
  std::shared_lock lock(impl_->mu);
  ParallelFor(labels.size(), threads, [&](std::size_t i) {
    impl_->hnsw->addPoint(vectors.data() + i * dims, labels[i]);
  });
  return core::Ok();
}

core::Status FaceIndex::Remove(std::uint64_t label) {
  std::unique_lock lock(impl_->mu);
  auto& h = *impl_->hnsw;
  const auto it = h.label_lookup_.find(label);
  if (it == h.label_lookup_.end() || h.isMarkedDeleted(it->second)) {
    return core::NotFound("no face index entry " + std::to_string(label));
  }
  h.markDelete(label);
  return core::Ok();
}

std::vector<Match> FaceIndex::Search(std::span<const float> query, std::size_t k,
                                     const LabelFilter& filter) const {
  ISTMO_CHECK(static_cast<int>(query.size()) == impl_->options.dims);
  std::shared_lock lock(impl_->mu);
  return FilteredSearch(*impl_->hnsw, query.data(), k, impl_->hnsw->ef_, filter);
}

std::vector<std::vector<Match>> FaceIndex::SearchBatch(std::span<const float> queries,
                                                       std::size_t k, const LabelFilter& filter,
                                                       int threads) const {
  const auto dims = static_cast<std::size_t>(impl_->options.dims);
  ISTMO_CHECK(queries.size() % dims == 0);
  std::vector<std::vector<Match>> out(queries.size() / dims);
  std::shared_lock lock(impl_->mu);
  ParallelFor(out.size(), threads, [&](std::size_t i) {
    out[i] = FilteredSearch(*impl_->hnsw, queries.data() + i * dims, k, impl_->hnsw->ef_, filter);
  });
  return out;
}

std::size_t FaceIndex::size() const {
  std::shared_lock lock(impl_->mu);
  return impl_->hnsw->cur_element_count - impl_->hnsw->num_deleted_;
}

int FaceIndex::dims() const { return impl_->options.dims; }

void FaceIndex::set_ef_search(int ef) {
  std::unique_lock lock(impl_->mu);
  impl_->hnsw->setEf(static_cast<std::size_t>(std::max(ef, 1)));
}

std::vector<Match> ExactSearch(std::span<const float> vectors,
                               std::span<const std::uint64_t> labels, int dims,
                               std::span<const float> query, std::size_t k,
                               const LabelFilter& filter) {
  const auto d = static_cast<std::size_t>(dims);
  ISTMO_CHECK(query.size() == d && vectors.size() == labels.size() * d);
  std::priority_queue<std::pair<float, std::size_t>> best;  // worst on top
  for (std::size_t i = 0; i < labels.size(); ++i) {
    if (filter && !filter(labels[i])) continue;
    const float* row = vectors.data() + i * d;
    float sum = 0;
    for (std::size_t j = 0; j < d; ++j) {
      const float diff = row[j] - query[j];
      sum += diff * diff;
    }
    if (best.size() < k) {
      best.emplace(sum, i);
    } else if (k > 0 && sum < best.top().first) {
      best.pop();
      best.emplace(sum, i);
    }
  }
  std::vector<Match> out(best.size());
  for (std::size_t i = out.size(); i-- > 0;) {
    out[i] = {.label = labels[best.top().second], .distance = std::sqrt(best.top().first)};
    best.pop();
  }
  return out;
}

}  // namespace istmo::biometrics

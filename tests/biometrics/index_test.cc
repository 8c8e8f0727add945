#include "biometrics/index.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <random>
#include <vector>

#include "biometrics/internal/distance.h"
#include "biometrics/test_data.h"

namespace istmo::biometrics {
namespace {

constexpr int kDims = 128;

// Descriptors shaped like real ones: identities are random centres, each face a centre plus
// noise, so that genuine pairs sit near 0.45 and impostors near 1.0 as with dlib's ResNet.
struct Synthetic {
  std::vector<float> vectors;  // n × kDims
  std::vector<std::uint64_t> labels;
};

Synthetic MakeClustered(std::size_t n, std::size_t identities, std::uint32_t seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> normal(0.0f, 1.0f);
  std::vector<float> centres(identities * kDims);
  for (float& c : centres) c = normal(rng) * (0.9f / std::sqrt(2.0f * kDims));
  Synthetic s;
  s.vectors.resize(n * kDims);
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t id = rng() % identities;
    for (int j = 0; j < kDims; ++j) {
      s.vectors[i * kDims + j] = centres[id * kDims + j] + normal(rng) * (0.45f / std::sqrt(2.0f * kDims));
    }
    s.labels.push_back(1000 + i);
  }
  return s;
}

std::span<const float> Row(const std::vector<float>& v, std::size_t i) {
  return std::span(v).subspan(i * kDims, kDims);
}

std::unique_ptr<FaceIndex> Build(const Synthetic& data, IndexOptions options = {}) {
  options.initial_capacity = 16;  // grows by doubling while adding
  auto index = FaceIndex::Create(options);
  EXPECT_TRUE(index.has_value());
  EXPECT_TRUE(index.value()->AddBatch(data.labels, data.vectors).has_value());
  return std::move(index).value();
}

// Share of queries whose first result is the exact nearest neighbour.
double RecallAt1(const FaceIndex& index, const Synthetic& data, const Synthetic& queries,
                 const LabelFilter& filter = {}) {
  int hits = 0;
  const std::size_t n = queries.labels.size();
  for (std::size_t q = 0; q < n; ++q) {
    const auto exact = ExactSearch(data.vectors, data.labels, kDims, Row(queries.vectors, q), 1, filter);
    const auto approx = index.Search(Row(queries.vectors, q), 1, filter);
    hits += !exact.empty() && !approx.empty() && approx[0].label == exact[0].label;
  }
  return static_cast<double>(hits) / static_cast<double>(n);
}

TEST(FaceIndex, FindsTheExactNearestNeighbourForAtLeast98PercentOfQueries) {
  const Synthetic data = MakeClustered(10000, 2000, 1);
  const Synthetic queries = MakeClustered(300, 2000, 1);  // same centres, fresh noise
  auto index = Build(data);
  EXPECT_EQ(index->size(), 10000u);
  EXPECT_GE(RecallAt1(*index, data, queries), 0.98);
}

TEST(FaceIndex, ResultsSortedWithEuclideanDistances) {
  const Synthetic data = MakeClustered(2000, 400, 2);
  auto index = Build(data);
  const auto top = index->Search(Row(data.vectors, 7), 10);
  ASSERT_EQ(top.size(), 10u);
  EXPECT_EQ(top[0].label, data.labels[7]);
  EXPECT_FLOAT_EQ(top[0].distance, 0.0f);
  for (std::size_t i = 1; i < top.size(); ++i) EXPECT_LE(top[i - 1].distance, top[i].distance);
  const auto exact = ExactSearch(data.vectors, data.labels, kDims, Row(data.vectors, 7), 10);
  EXPECT_NEAR(top[5].distance, exact[5].distance, 1e-5);
}

TEST(FaceIndex, FilterAppliesInsideTheWalk) {
  const Synthetic data = MakeClustered(10000, 2000, 3);
  const Synthetic queries = MakeClustered(300, 2000, 3);
  auto index = Build(data);
  // One entry in three is visible: a top-k trimmed after the search would often come back short.
  const LabelFilter visible = [](std::uint64_t label) { return label % 3 == 0; };
  for (std::size_t q = 0; q < 50; ++q) {
    const auto top = index->Search(Row(queries.vectors, q), 10, visible);
    ASSERT_EQ(top.size(), 10u);
    for (const Match& m : top) EXPECT_EQ(m.label % 3, 0u);
  }
  EXPECT_GE(RecallAt1(*index, data, queries, visible), 0.97);
}

TEST(FaceIndex, VerySelectiveFilterStillFindsTheAllowedEntries) {
  const Synthetic data = MakeClustered(5000, 1000, 4);
  auto index = Build(data);
  // Only 5 entries visible out of 5000.
  const LabelFilter visible = [](std::uint64_t label) { return label % 1000 == 17; };
  const auto top = index->Search(Row(data.vectors, 0), 10, visible);
  const auto exact = ExactSearch(data.vectors, data.labels, kDims, Row(data.vectors, 0), 10, visible);
  ASSERT_EQ(exact.size(), 5u);
  ASSERT_EQ(top.size(), 5u);
  for (std::size_t i = 0; i < 5; ++i) EXPECT_EQ(top[i].label, exact[i].label);
  EXPECT_TRUE(index->Search(Row(data.vectors, 0), 10, [](std::uint64_t) { return false; }).empty());
}

TEST(FaceIndex, BatchSearchEqualsSingleSearches) {
  const Synthetic data = MakeClustered(5000, 1000, 5);
  const Synthetic queries = MakeClustered(64, 1000, 6);
  auto index = Build(data);
  const auto batch = index->SearchBatch(queries.vectors, 5, {}, 2);
  ASSERT_EQ(batch.size(), 64u);
  for (std::size_t q = 0; q < batch.size(); ++q) {
    const auto single = index->Search(Row(queries.vectors, q), 5);
    ASSERT_EQ(batch[q].size(), single.size());
    for (std::size_t i = 0; i < single.size(); ++i) EXPECT_EQ(batch[q][i].label, single[i].label);
  }
}

TEST(FaceIndex, SameSeedSameInsertsSameAnswers) {
  const Synthetic data = MakeClustered(3000, 600, 7);
  auto a = Build(data);
  auto b = Build(data);
  for (std::size_t q = 0; q < 20; ++q) {
    const auto ra = a->Search(Row(data.vectors, q * 13), 8);
    const auto rb = b->Search(Row(data.vectors, q * 13), 8);
    ASSERT_EQ(ra.size(), rb.size());
    for (std::size_t i = 0; i < ra.size(); ++i) EXPECT_EQ(ra[i].label, rb[i].label);
  }
}

TEST(FaceIndex, SaveAndLoadGiveTheSameAnswers) {
  const Synthetic data = MakeClustered(3000, 600, 8);
  auto index = Build(data);
  testing::TempDir dir;
  const std::string path = (dir.path() / "faces.hnsw").string();
  ASSERT_TRUE(index->Save(path).has_value());
  auto loaded = FaceIndex::Load(path, {});
  ASSERT_TRUE(loaded.has_value()) << loaded.error().ToString();
  EXPECT_EQ((*loaded)->size(), 3000u);
  for (std::size_t q = 0; q < 20; ++q) {
    const auto before = index->Search(Row(data.vectors, q * 7), 5);
    const auto after = (*loaded)->Search(Row(data.vectors, q * 7), 5);
    ASSERT_EQ(before.size(), after.size());
    for (std::size_t i = 0; i < before.size(); ++i) EXPECT_EQ(before[i].label, after[i].label);
  }
  // A loaded index takes further enrolments.
  std::vector<float> extra(kDims, 0.25f);
  ASSERT_TRUE((*loaded)->Add(99, extra).has_value());
  EXPECT_EQ((*loaded)->Search(extra, 1).at(0).label, 99u);
}

TEST(FaceIndex, LoadingAMissingFileIsNotFound) {
  testing::TempDir dir;
  auto missing = FaceIndex::Load((dir.path() / "absent.hnsw").string(), {});
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().code, core::ErrorCode::kNotFound);
}

TEST(FaceIndex, LoadingWithOtherDimensionsIsDataLoss) {
  testing::TempDir dir;
  const Synthetic data = MakeClustered(100, 20, 9);
  auto index = Build(data);
  const std::string path = (dir.path() / "faces.hnsw").string();
  ASSERT_TRUE(index->Save(path).has_value());
  auto wrong_dims = FaceIndex::Load(path, {.dims = 64});
  ASSERT_FALSE(wrong_dims.has_value());
  EXPECT_EQ(wrong_dims.error().code, core::ErrorCode::kDataLoss);
}

TEST(FaceIndex, RejectsBadVectors) {
  auto index = FaceIndex::Create({}).value();
  std::vector<float> short_vector(100, 0.0f);
  auto r = index->Add(1, short_vector);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, core::ErrorCode::kInvalidArgument);
  std::vector<float> nan(kDims, 0.0f);
  nan[5] = std::numeric_limits<float>::quiet_NaN();
  EXPECT_FALSE(index->Add(1, nan).has_value());
  EXPECT_EQ(index->size(), 0u);
}

TEST(FaceIndex, RemoveHidesAndReAddReplaces) {
  const Synthetic data = MakeClustered(1000, 200, 10);
  auto index = Build(data);
  const std::uint64_t label = data.labels[42];
  ASSERT_TRUE(index->Remove(label).has_value());
  EXPECT_EQ(index->size(), 999u);
  for (const Match& m : index->Search(Row(data.vectors, 42), 10)) EXPECT_NE(m.label, label);
  EXPECT_EQ(index->Remove(label).error().code, core::ErrorCode::kNotFound);
  EXPECT_EQ(index->Remove(123456789).error().code, core::ErrorCode::kNotFound);

  // Adding the label again brings it back with its new vector.
  std::vector<float> moved(kDims, -0.3f);
  ASSERT_TRUE(index->Add(label, moved).has_value());
  EXPECT_EQ(index->size(), 1000u);
  EXPECT_EQ(index->Search(moved, 1).at(0).label, label);
}

// Each distance kernel this CPU can run (AVX2, SSE, scalar) gives the scalar kernel's sum, on
// unaligned rows as hnswlib stores them, and the index uses the best one.
TEST(FaceIndex, DistanceKernelsAgree) {
  const Synthetic data = MakeClustered(65, 10, 11);
  std::vector<float> shifted(data.vectors.size() + 1);
  std::copy(data.vectors.begin(), data.vectors.end(), shifted.begin() + 1);  // misaligned by 4 bytes
  for (std::size_t dims : {std::size_t{128}, std::size_t{16}, std::size_t{48}, std::size_t{20}}) {
    const auto kernels = internal::AvailableSquaredL2(dims);
    ASSERT_FALSE(kernels.empty());
    EXPECT_STREQ(kernels.back().name, "scalar");
    EXPECT_STREQ(internal::BestSquaredL2(dims).name, kernels.front().name);
    if (dims % 16 != 0) {
      EXPECT_EQ(kernels.size(), 1u) << dims;
    }
    for (const auto& kernel : kernels) {
      for (std::size_t i = 0; i + 1 < 65; ++i) {
        const float* a = shifted.data() + 1 + i * kDims;
        const float* b = shifted.data() + 1 + (i + 1) * kDims;
        const float expected = kernels.back().fn(a, b, &dims);
        EXPECT_NEAR(kernel.fn(a, b, &dims), expected, 1e-5f * (1 + expected)) << kernel.name << " " << dims;
      }
    }
  }
#if defined(__x86_64__)
  EXPECT_STRNE(internal::BestSquaredL2(128).name, "scalar");  // x86-64 always has SSE
#endif
}

TEST(FaceIndex, EmptyIndexFindsNothing) {
  auto index = FaceIndex::Create({}).value();
  std::vector<float> q(kDims, 0.1f);
  EXPECT_TRUE(index->Search(q, 5).empty());
}

}  // namespace
}  // namespace istmo::biometrics

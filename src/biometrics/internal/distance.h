// biometrics/internal/distance.h — squared Euclidean distance between descriptors, with the
// widest SIMD the CPU running the binary has.
//
// hnswlib 0.6.2 picks its L2 kernel at COMPILE time from __SSE__/__AVX__/__AVX512F__; a build
// for the x86-64 baseline (ours: no -march, because the machines that run it are of unknown
// generation) therefore always gets the 4-wide SSE kernel, which spends most of an insert and a
// search in add/multiply pairs. Here each wider kernel is compiled for its instruction set with
// a function-level target attribute and the choice is made once, at run time, from the CPU's
// feature bits (__builtin_cpu_supports): AVX2 + FMA (x86-64 since 2013-2015), else SSE (always
// present on x86-64), else portable C++ on other architectures. No AVX-512 kernel: for 128
// floats the AVX2 one is already a handful of instructions next to the cache miss of fetching
// the vector, and AVX-512 can lower the clock of older Intel cores.
#pragma once

#include <cstddef>
#include <vector>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define ISTMO_BIOMETRICS_X86 1
#endif

namespace istmo::biometrics::internal {

// Sum over i < *dims of (a[i] - b[i])^2, a and b being float arrays; the signature is hnswlib's
// DISTFUNC<float> (dims is passed as a const std::size_t*).
using SquaredL2Fn = float (*)(const void* a, const void* b, const void* dims);

struct SquaredL2Kernel {
  const char* name;  // "avx2", "sse", "scalar"
  SquaredL2Fn fn;
};

// The fastest kernel this CPU runs for vectors of `dims` floats (the wide kernels need dims to be
// a multiple of 16; other lengths get the scalar one). Header-only: include it only where hnswlib
// spaces are made (index.cc) and in tests.
inline SquaredL2Kernel BestSquaredL2(std::size_t dims);

// Every kernel this CPU runs for `dims`, best first; the scalar one is always last (tests compare
// each with it).
inline std::vector<SquaredL2Kernel> AvailableSquaredL2(std::size_t dims);

namespace distance_detail {

inline float SquaredL2Scalar(const void* a, const void* b, const void* dims) {
  const auto* x = static_cast<const float*>(a);
  const auto* y = static_cast<const float*>(b);
  const std::size_t n = *static_cast<const std::size_t*>(dims);
  float sum = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const float d = x[i] - y[i];
    sum += d * d;
  }
  return sum;
}

#ifdef ISTMO_BIOMETRICS_X86
// Both kernels need n % 16 == 0 (BestSquaredL2 checks). Two or four independent
// accumulators hide the add/FMA latency; the vectors are read unaligned (hnswlib's rows sit at
// an offset of its link list, not on a 64-byte boundary).

inline float SquaredL2Sse(const void* a, const void* b, const void* dims) {
  const auto* x = static_cast<const float*>(a);
  const auto* y = static_cast<const float*>(b);
  const std::size_t n = *static_cast<const std::size_t*>(dims);
  __m128 s0 = _mm_setzero_ps(), s1 = _mm_setzero_ps(), s2 = _mm_setzero_ps(), s3 = _mm_setzero_ps();
  for (std::size_t i = 0; i < n; i += 16) {
    const __m128 d0 = _mm_sub_ps(_mm_loadu_ps(x + i), _mm_loadu_ps(y + i));
    const __m128 d1 = _mm_sub_ps(_mm_loadu_ps(x + i + 4), _mm_loadu_ps(y + i + 4));
    const __m128 d2 = _mm_sub_ps(_mm_loadu_ps(x + i + 8), _mm_loadu_ps(y + i + 8));
    const __m128 d3 = _mm_sub_ps(_mm_loadu_ps(x + i + 12), _mm_loadu_ps(y + i + 12));
    s0 = _mm_add_ps(s0, _mm_mul_ps(d0, d0));
    s1 = _mm_add_ps(s1, _mm_mul_ps(d1, d1));
    s2 = _mm_add_ps(s2, _mm_mul_ps(d2, d2));
    s3 = _mm_add_ps(s3, _mm_mul_ps(d3, d3));
  }
  const __m128 s = _mm_add_ps(_mm_add_ps(s0, s1), _mm_add_ps(s2, s3));
  const __m128 h = _mm_add_ps(s, _mm_movehl_ps(s, s));
  return _mm_cvtss_f32(_mm_add_ss(h, _mm_shuffle_ps(h, h, 1)));
}

__attribute__((target("avx2,fma"))) inline float SquaredL2Avx2(const void* a, const void* b,
                                                        const void* dims) {
  const auto* x = static_cast<const float*>(a);
  const auto* y = static_cast<const float*>(b);
  const std::size_t n = *static_cast<const std::size_t*>(dims);
  __m256 s0 = _mm256_setzero_ps(), s1 = _mm256_setzero_ps();
  for (std::size_t i = 0; i < n; i += 16) {
    const __m256 d0 = _mm256_sub_ps(_mm256_loadu_ps(x + i), _mm256_loadu_ps(y + i));
    const __m256 d1 = _mm256_sub_ps(_mm256_loadu_ps(x + i + 8), _mm256_loadu_ps(y + i + 8));
    s0 = _mm256_fmadd_ps(d0, d0, s0);
    s1 = _mm256_fmadd_ps(d1, d1, s1);
  }
  const __m256 s = _mm256_add_ps(s0, s1);
  __m128 q = _mm_add_ps(_mm256_castps256_ps128(s), _mm256_extractf128_ps(s, 1));
  q = _mm_add_ps(q, _mm_movehl_ps(q, q));
  return _mm_cvtss_f32(_mm_add_ss(q, _mm_shuffle_ps(q, q, 1)));
}
#endif

}  // namespace distance_detail

inline std::vector<SquaredL2Kernel> AvailableSquaredL2(std::size_t dims) {
  using namespace distance_detail;
  std::vector<SquaredL2Kernel> out;
#ifdef ISTMO_BIOMETRICS_X86
  if (dims > 0 && dims % 16 == 0) {
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) {
      out.push_back({"avx2", SquaredL2Avx2});
    }
    out.push_back({"sse", SquaredL2Sse});
  }
#endif
  out.push_back({"scalar", SquaredL2Scalar});
  return out;
}

inline SquaredL2Kernel BestSquaredL2(std::size_t dims) { return AvailableSquaredL2(dims).front(); }

}  // namespace istmo::biometrics::internal

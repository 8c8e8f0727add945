// bench_face_enrol — time to enrol one face from a real photo: read + decode, HOG detection
// (with enlargement when needed), 68 landmarks, 150×150 chip, ResNet descriptor, index add.
// Photos from ../shared/data/faces; the descriptor of each is checked (one face found) before
// timing.
//
//   build/bench/bench_face_enrol --benchmark_min_time=2
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "biometrics/face.h"
#include "biometrics/image.h"
#include "biometrics/index.h"

namespace {

using namespace istmo::biometrics;

std::filesystem::path Faces() {
  const char* env = std::getenv("ISTMO_SHARED_DATA");
  return (env != nullptr ? std::filesystem::path(env) : std::filesystem::path("../shared/data")) /
         "faces";
}

std::vector<std::uint8_t> ReadBytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

FaceEncoder& Encoder() {
  static std::unique_ptr<FaceEncoder> encoder = [] {
    auto e = FaceEncoder::Open({});
    if (!e) {
      std::fprintf(stderr, "%s\n", e.error().ToString().c_str());
      std::exit(1);
    }
    return std::move(e).value();
  }();
  return *encoder;
}

// Enrols one photo per iteration into a live index.
void BM_EnrolPhoto(benchmark::State& state, const std::string& relative) {
  const std::vector<std::uint8_t> bytes = ReadBytes(Faces() / relative);
  FaceEncoder& encoder = Encoder();
  {  // check before timing: exactly one face
    auto image = DecodeImage(bytes);
    if (!image || !encoder.Encode(*image)) {
      state.SkipWithError(("no single face in " + relative).c_str());
      return;
    }
    state.SetLabel(std::to_string(image->width) + "x" + std::to_string(image->height));
  }
  auto index = FaceIndex::Create({}).value();
  std::uint64_t label = 0;
  for (auto _ : state) {
    auto image = DecodeImage(bytes);
    auto t = encoder.Encode(*image);
    if (!index->Add(label++, t->descriptor)) state.SkipWithError("add failed");
  }
  state.SetItemsProcessed(state.iterations());
}

// The descriptor network alone, on an aligned chip.
void BM_DescriptorOnly(benchmark::State& state) {
  auto chip = LoadImageFile((Faces() / "dlib/examples/johns/John_Simm/000288_00470387.jpg").string());
  if (!chip) {
    state.SkipWithError(chip.error().message.c_str());
    return;
  }
  for (auto _ : state) benchmark::DoNotOptimize(Encoder().EncodeChip(*chip));
  state.SetItemsProcessed(state.iterations());
}

// Detection alone (no descriptor), on a 1280-pixel-wide single-face photo.
void BM_DetectOnly(benchmark::State& state, const std::string& relative) {
  auto image = LoadImageFile((Faces() / relative).string());
  if (!image) {
    state.SkipWithError(image.error().message.c_str());
    return;
  }
  for (auto _ : state) benchmark::DoNotOptimize(Encoder().Detect(*image));
  state.SetItemsProcessed(state.iterations());
}

BENCHMARK_CAPTURE(BM_EnrolPhoto, crop_150, std::string("faceapi-js/examples/images/amy/amy1.png"))
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_EnrolPhoto, photo_obama,
                  std::string("face_recognition/tests/test_images/obama.jpg"))
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_EnrolPhoto, photo_240p, std::string("face_recognition/examples/obama-240p.jpg"))
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_EnrolPhoto, photo_720p, std::string("face_recognition/examples/obama-720p.jpg"))
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_DescriptorOnly)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_DetectOnly, photo_720p, std::string("face_recognition/examples/obama-720p.jpg"))
    ->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();

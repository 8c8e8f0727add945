// bench_face_enrol — time to enrol one face from a real photo: read + decode, HOG detection
// (with enlargement when needed), 68 landmarks, 150×150 chip, ResNet descriptor, index add.
// Photos from ../shared/data/faces; the descriptor of each is checked (one face found) before
// timing.
//
//   OPENBLAS_NUM_THREADS=1 build/bench/bench_face_enrol --benchmark_min_time=2
//
// Each photo runs twice: with the HOG detector's pyramid levels on 2 threads (detect_threads = 2,
// the default) and on the calling thread alone (detect_threads = 1, as before). "Time" is wall
// time, "CPU" the CPU time of the whole process (all threads), both per face, and
// main_thread_cpu_ms the calling thread's share: on a loaded machine the wall time measures the
// load, and main_thread_cpu_ms is (just under: it leaves out waiting for the helper's last
// level) what it would be with 2 free cores. The goal (issue) is 40 ms per face on 2 cores.
#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <unistd.h>

#include "biometrics/face.h"
#include "biometrics/identify.h"
#include "biometrics/image.h"
#include "biometrics/index.h"
#include "core/time.h"
#include "store/store.h"

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

// One encoder per detect_threads value, loaded once.
FaceEncoder& Encoder(int detect_threads = 2) {
  static std::map<int, std::unique_ptr<FaceEncoder>> encoders;
  auto& encoder = encoders[detect_threads];
  if (!encoder) {
    auto e = FaceEncoder::Open({.detect_threads = detect_threads});
    if (!e) {
      std::fprintf(stderr, "%s\n", e.error().ToString().c_str());
      std::exit(1);
    }
    encoder = std::move(e).value();
  }
  return *encoder;
}

constexpr double kGoalMs = 40;  // per face, on 2 cores (issue)

double ThreadCpuMs() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
}

// Enrols one photo per iteration into a live index.
void BM_EnrolPhoto(benchmark::State& state, const std::string& relative) {
  const std::vector<std::uint8_t> bytes = ReadBytes(Faces() / relative);
  FaceEncoder& encoder = Encoder(static_cast<int>(state.range(0)));
  {  // check before timing: exactly one face
    auto image = DecodeImage(bytes);
    if (!image || !encoder.Encode(*image)) {
      state.SkipWithError(("no single face in " + relative).c_str());
      return;
    }
    state.SetLabel(std::to_string(image->width) + "x" + std::to_string(image->height) +
                   " detect_threads=" + std::to_string(state.range(0)) + " (goal " +
                   std::to_string(static_cast<int>(kGoalMs)) + " ms)");
  }
  auto index = FaceIndex::Create({}).value();
  std::uint64_t label = 0;
  double main_thread_ms = 0;
  for (auto _ : state) {
    const double t0 = ThreadCpuMs();
    auto image = DecodeImage(bytes);
    auto t = encoder.Encode(*image);
    if (!index->Add(label++, t->descriptor)) state.SkipWithError("add failed");
    main_thread_ms += ThreadCpuMs() - t0;
  }
  state.SetItemsProcessed(state.iterations());
  // The calling thread's own CPU time: about what the wall time comes down to when every thread
  // has a core of its own (the helper's levels run meanwhile), whatever the machine's other load.
  state.counters["main_thread_cpu_ms"] =
      benchmark::Counter(main_thread_ms, benchmark::Counter::kAvgIterations);
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
  FaceEncoder& encoder = Encoder(static_cast<int>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(encoder.Detect(*image));
  state.SetItemsProcessed(state.iterations());
}

// What keeping the photo adds to an enrolment (issue 12), part 1: its thumbnail, from the image
// the enrolment decoded anyway (shrunk to 160 px by a box filter, then JPEG at quality 80).
void BM_Thumbnail(benchmark::State& state, const std::string& relative) {
  auto image = DecodeImage(ReadBytes(Faces() / relative));
  if (!image) {
    state.SkipWithError(image.error().message.c_str());
    return;
  }
  state.SetLabel(std::to_string(image->width) + "x" + std::to_string(image->height));
  for (auto _ : state) {
    auto jpeg = EncodeJpeg(ShrinkToFit(*image, kThumbnailSide), 80);
    if (!jpeg) state.SkipWithError("encoding failed");
    benchmark::DoNotOptimize(jpeg);
  }
  state.SetItemsProcessed(state.iterations());
}

// Part 2: the registry's enrolment into a SQLite file (one transaction: the sealed template, its
// audit entry and event) with the photo and thumbnail sealed and written beside it (arg 1) or
// the template alone (arg 0). The difference is the cost of sealing and storing the photo.
void BM_RegistryEnrol(benchmark::State& state, const std::string& relative) {
  const std::vector<std::uint8_t> bytes = ReadBytes(Faces() / relative);
  auto image = DecodeImage(bytes);
  if (!image) {
    state.SkipWithError(image.error().message.c_str());
    return;
  }
  auto face = Encoder().Encode(*image);
  if (!face) {
    state.SkipWithError(("no single face in " + relative).c_str());
    return;
  }
  const FacePhoto photo{.bytes = bytes,
                        .content_type = "image/jpeg",
                        .thumbnail = EncodeJpeg(ShrinkToFit(*image, kThumbnailSide), 80).value()};
  char dir[] = "/tmp/istmo-bench-enrol-XXXXXX";
  if (mkdtemp(dir) == nullptr) {
    state.SkipWithError("no temp dir");
    return;
  }
  const std::string db = std::string(dir) + "/bench.db";
  {
    auto store = istmo::store::Store::Open({.url = db}, Migrations()).value();
    auto registry = FaceRegistry::Open(*store, {.key = TemplateKey::Generate()}).value();
    istmo::store::AccessScope officer;
    officer.org_id = "org-bench";
    officer.username = "bench";
    officer.roles = static_cast<std::uint8_t>(istmo::store::Role::kOfficer);
    const bool with_photo = state.range(0) != 0;
    state.SetLabel(with_photo ? "template + photo (" + std::to_string(bytes.size() / 1024) +
                                    " KiB) + thumbnail"
                              : "template alone");
    const istmo::core::Timestamp now =
        std::chrono::time_point_cast<std::chrono::microseconds>(std::chrono::system_clock::now());
    for (auto _ : state) {
      auto enrolled = registry->Enrol(officer,
                                      {.person_id = "person",
                                       .descriptor = face->descriptor,
                                       .photo = with_photo ? &photo : nullptr},
                                      now);
      if (!enrolled) state.SkipWithError(enrolled.error().message.c_str());
    }
  }
  std::filesystem::remove_all(dir);
  state.SetItemsProcessed(state.iterations());
}

// Wall time decides the iteration count, CPU time counts every thread of the process.
#define ENROL_PHOTO(name, file)                                                   \
  BENCHMARK_CAPTURE(BM_EnrolPhoto, name, std::string(file))                       \
      ->Arg(2)                                                                    \
      ->Arg(1)                                                                    \
      ->UseRealTime()                                                             \
      ->MeasureProcessCPUTime()                                                   \
      ->Unit(benchmark::kMillisecond)
ENROL_PHOTO(crop_150, "faceapi-js/examples/images/amy/amy1.png");
ENROL_PHOTO(photo_obama, "face_recognition/tests/test_images/obama.jpg");
ENROL_PHOTO(photo_240p, "face_recognition/examples/obama-240p.jpg");
ENROL_PHOTO(photo_720p, "face_recognition/examples/obama-720p.jpg");
BENCHMARK(BM_DescriptorOnly)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Thumbnail, photo_obama,
                  std::string("face_recognition/tests/test_images/obama.jpg"))
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Thumbnail, photo_720p, std::string("face_recognition/examples/obama-720p.jpg"))
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_RegistryEnrol, photo_obama,
                  std::string("face_recognition/tests/test_images/obama.jpg"))
    ->Arg(0)
    ->Arg(1)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_DetectOnly, photo_720p, std::string("face_recognition/examples/obama-720p.jpg"))
    ->Arg(2)
    ->Arg(1)
    ->UseRealTime()
    ->MeasureProcessCPUTime()
    ->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();

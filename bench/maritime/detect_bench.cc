// bench_maritime_detect — what the behaviour detectors (maritime/detect.h) cost per position
// report, next to what ingest costs per message, on the same replay of simulated Panama traffic
// (maritime::TrafficGenerator: 60,000 vessels by default, generated in chunks of 10 simulated
// seconds that are not timed). Issue 14's budget: all detectors on add at most 25% to the ingest
// cost per message.
//
// Per chunk, three timed steps, each on this process's CPU time (user + system):
//   1. ingest: Ingestor::AddBuffer into a SQLite file in /tmp (decode, picture, thinning, store);
//   2. decode for the detectors: ais::Decoder + ReportBuilder (the ingest path reuses ingest's
//      decode, so this is printed apart and not charged to the detectors; bench_maritime_ingest
//      measures the detectors on the ingest path itself);
//   3. detectors: Detectors::Add on the chunk's position reports (the batch call), with the
//      built-in zones as Geography.
// With --no-ingest step 1 is skipped, and the heap growth is then the detectors' and the report
// builder's alone (printed per vessel). Checked before printing: every position message became a
// report, none was stale, and every station is held.
//
//   bench/bench_maritime_detect [--messages N] [--vessels N] [--db PATH] [--no-ingest]
#include <malloc.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "ais/decoder.h"
#include "maritime/cpu_time.h"
#include "maritime/detect.h"
#include "maritime/ingest.h"
#include "maritime/picture.h"
#include "maritime/traffic.h"
#include "maritime/zones.h"
#include "store/store.h"

namespace {

using namespace istmo;
using istmo::bench::CpuSeconds;
namespace fs = std::filesystem;

bool IsPositionType(int type) {
  return type == 1 || type == 2 || type == 3 || type == 4 || type == 9 || type == 18 ||
         type == 19 || type == 21 || type == 27;
}

}  // namespace

int main(int argc, char** argv) {
  std::uint64_t target = 10'000'000;
  bool ingest = true;
  std::size_t vessels = 60'000;
  std::string db =
      (fs::temp_directory_path() / ("bench_detect_" + std::to_string(getpid()) + ".db")).string();
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--messages") == 0 && i + 1 < argc) {
      target = std::strtoull(argv[++i], nullptr, 10);
    } else if (std::strcmp(argv[i], "--vessels") == 0 && i + 1 < argc) {
      vessels = std::strtoull(argv[++i], nullptr, 10);
    } else if (std::strcmp(argv[i], "--no-ingest") == 0) {
      ingest = false;
    } else if (std::strcmp(argv[i], "--db") == 0 && i + 1 < argc) {
      db = argv[++i];
    } else {
      std::fprintf(stderr, "usage: %s [--messages N] [--vessels N] [--db PATH] [--no-ingest]\n",
                   argv[0]);
      return 64;
    }
  }
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(db + suffix);
  auto opened = store::Store::Open({.url = db}, maritime::Migrations());
  if (!opened) {
    std::fprintf(stderr, "bench: %s\n", opened.error().message.c_str());
    return 70;
  }
  const std::unique_ptr<store::Store> store = std::move(opened).value();
  core::FakeClock clock(core::FromUnixSeconds(1'750'000'000));

  std::int64_t t = 1'750'000'000;
  auto made = maritime::TrafficGenerator::Create({.vessels = vessels, .seed = 13, .start_unix = t});
  if (!made) {
    std::fprintf(stderr, "bench: %s\n", made.error().message.c_str());
    return 64;
  }
  const std::unique_ptr<maritime::TrafficGenerator> generator = std::move(made).value();
  const std::size_t stations = generator->Stations().size();

  maritime::Picture picture;
  maritime::Ingestor ingestor(*store, picture, {.clock = &clock});
  maritime::DetectorConfig config;
  const std::size_t heap_before = mallinfo2().uordblks;
  maritime::Detectors detectors(
      config,
      maritime::ZoneGeography(maritime::ZoneIndex::Build(maritime::BuiltinZones()), config));
  ais::Decoder decoder;
  maritime::ReportBuilder builder;

  double ingest_cpu = 0, decode_cpu = 0, detect_cpu = 0;
  std::uint64_t position_messages = 0;
  std::vector<maritime::DetectorReport> reports;
  std::vector<maritime::DetectionEvent> events;
  std::string chunk;
  while (decoder.stats().messages < target) {
    chunk.clear();
    generator->AdvanceTo(t += 10, &chunk);
    double t0 = CpuSeconds();
    if (ingest && !ingestor.AddBuffer(chunk)) return 70;
    ingest_cpu += CpuSeconds() - t0;

    t0 = CpuSeconds();
    reports.clear();
    decoder.DecodeBuffer(chunk, [&](const ais::Message& m) {
      if (IsPositionType(m.type)) ++position_messages;
      if (auto r = builder.Add(m, m.envelope.time->time_since_epoch().count())) {
        reports.push_back(*r);
      }
    });
    decode_cpu += CpuSeconds() - t0;

    t0 = CpuSeconds();
    detectors.Add(std::span<const maritime::DetectorReport>(reports), events);
    detect_cpu += CpuSeconds() - t0;
  }
  const std::size_t heap_after = mallinfo2().uordblks;
  if (ingest) {
    const double t0 = CpuSeconds();
    if (!ingestor.Finish()) return 70;
    ingest_cpu += CpuSeconds() - t0;
  }
  const auto c = ingestor.counters();
  const auto s = detectors.stats();
  const std::uint64_t messages = decoder.stats().messages;
  if (s.reports != position_messages || s.stale != 0 || s.vessels != stations ||
      decoder.stats().bad_total() != 0 || (ingest && c.messages != messages)) {
    std::fprintf(stderr,
                 "bench: the run does not check out (%llu reports for %llu position messages, "
                 "%llu stale, %zu vessels held of %zu stations)\n",
                 static_cast<unsigned long long>(s.reports),
                 static_cast<unsigned long long>(position_messages),
                 static_cast<unsigned long long>(s.stale), s.vessels, stations);
    return 1;
  }
  const double ingest_ns = ingest_cpu * 1e9 / static_cast<double>(messages);
  const double detect_ns_per_report = detect_cpu * 1e9 / static_cast<double>(s.reports);
  const double detect_ns_per_message = detect_cpu * 1e9 / static_cast<double>(messages);
  std::printf(
      "simulated Panama replay: %zu stations, %lld s of traffic, %llu messages, %llu "
      "position reports to the detectors\n",
      stations, static_cast<long long>(t - 1'750'000'000),
      static_cast<unsigned long long>(messages), static_cast<unsigned long long>(s.reports));
  if (ingest) {
    std::printf("  ingest end to end:        %8.0f ns per message (%.2f s CPU)\n", ingest_ns,
                ingest_cpu);
  }
  std::printf(
      "  decode for the detectors: %8.0f ns per message (%.2f s CPU; the ingest path reuses "
      "ingest's)\n",
      decode_cpu * 1e9 / static_cast<double>(messages), decode_cpu);
  std::printf("  all detectors:            %8.0f ns per report, %.0f ns per message (%.2f s CPU)\n",
              detect_ns_per_report, detect_ns_per_message, detect_cpu);
  if (ingest) {
    std::printf("  detectors / ingest:       %8.1f %% per message (issue 14: at most 25 %%)\n",
                100 * detect_ns_per_message / ingest_ns);
  }
  std::printf("  held: %zu vessels, %zu open pairs, %zu coverage cells\n", s.vessels, s.open_pairs,
              s.coverage_cells);
  if (!ingest) {
    std::printf("  heap: %.0f bytes per vessel (detectors and report builder)\n",
                static_cast<double>(heap_after - heap_before) / static_cast<double>(s.vessels));
  }
  std::printf("  events:");
  for (std::size_t k = 0; k < maritime::kDetectionKinds; ++k) {
    std::printf(
        " %s %llu",
        std::string(maritime::DetectionKindName(static_cast<maritime::DetectionKind>(k))).c_str(),
        static_cast<unsigned long long>(s.events[k]));
  }
  std::printf("\n");
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(db + suffix);
  return 0;
}

// bench_maritime_scenarios — precision and recall of every behaviour detector on the traffic
// generator's labelled scenarios (maritime::EvaluateScenarios): the scenarios' 31 h among N
// background vessels, replayed through the decoder, the report builder and the detectors with the
// built-in zones. Prints the table of docs/maritime.md ("Precision and recall on the
// scenarios"), the labels missed and the events no label explains. Not a timing: the CPU time is
// printed for scale only.
//
//   bench/bench_maritime_scenarios [--vessels N] [--seed S]
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "maritime/cpu_time.h"
#include "maritime/traffic.h"

namespace {

using namespace istmo;

std::string Name(maritime::DetectionKind kind) {
  return std::string(maritime::DetectionKindName(kind));
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t vessels = 1500;
  std::uint64_t seed = 1;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--vessels") == 0 && i + 1 < argc) {
      vessels = std::strtoull(argv[++i], nullptr, 10);
    } else if (std::strcmp(argv[i], "--seed") == 0 && i + 1 < argc) {
      seed = std::strtoull(argv[++i], nullptr, 10);
    } else {
      std::fprintf(stderr, "usage: %s [--vessels N] [--seed S]\n", argv[0]);
      return 64;
    }
  }
  const double t0 = bench::CpuSeconds();
  auto evaluated =
      maritime::EvaluateScenarios({.vessels = vessels, .seed = seed, .start_unix = 1'798'761'600});
  if (!evaluated) {
    std::fprintf(stderr, "bench: %s\n", evaluated.error().message.c_str());
    return 64;
  }
  const maritime::ScenarioRun& run = *evaluated;
  if (run.bad_lines != 0) {
    std::fprintf(stderr, "bench: %llu bad lines in the generated log\n",
                 static_cast<unsigned long long>(run.bad_lines));
    return 1;
  }
  std::printf(
      "scenarios: %zu labels among %zu background vessels (seed %llu), %.0f h, %llu messages, "
      "%llu position reports, %zu events, %.1f s CPU\n\n",
      run.labels.size(), vessels, static_cast<unsigned long long>(seed),
      maritime::kScenarioHours + 1, static_cast<unsigned long long>(run.messages),
      static_cast<unsigned long long>(run.reports), run.events.size(), bench::CpuSeconds() - t0);
  std::printf(
      "| detector | labels | found | recall | events | matching a label | background | "
      "precision | precision, background counted false | hard negatives fired |\n"
      "|---|---|---|---|---|---|---|---|---|---|\n");
  for (std::size_t k = 0; k < maritime::kDetectionKinds; ++k) {
    const maritime::DetectorScore& s = run.scores[k];
    std::printf("| %s | %zu | %zu | %.2f | %zu | %zu | %zu | %.2f | %.2f | %zu |\n",
                Name(static_cast<maritime::DetectionKind>(k)).c_str(), s.labels, s.labels_found,
                s.recall(), s.events, s.true_events, s.background_events, s.precision(),
                s.precision_all(), s.negatives_fired);
  }
  for (const maritime::ScenarioLabel& l : run.labels) {
    bool found = false;
    for (const maritime::DetectionEvent& e : run.events)
      found = found || maritime::MatchesLabel(e, l);
    if (!l.negative && !found) {
      std::printf("missed: %s (%s, MMSI %u, %s)\n", l.scenario.c_str(), Name(l.kind).c_str(),
                  l.mmsi, l.place.c_str());
    }
  }
  for (const maritime::DetectionEvent& e : run.events) {
    bool labelled = false;
    for (const maritime::ScenarioLabel& l : run.labels) {
      labelled = labelled || maritime::MatchesLabel(e, l);
    }
    if (!labelled) {
      std::printf("unlabelled: %s MMSI %u partner %u, hours %.2f-%.2f, measured %.2f\n",
                  Name(e.kind).c_str(), e.mmsi, e.partner,
                  static_cast<double>(e.start_us / 1'000'000 - 1'798'761'600) / 3600,
                  static_cast<double>(e.end_us / 1'000'000 - 1'798'761'600) / 3600, e.measured);
    }
  }
  return 0;
}

// bench_ais — messages per second of our AIS decoder, gpsdecode and libais on one core, on the
// same input, with the ratios, in one run:
//
//   bench_ais [--log FILE] [--copies N] [--peers=0] [benchmark flags]
//
// The input is the largest real log we have (tests/ais/testdata/gpsd_ais-18-27.log, a
// receiver's Class B traffic) replayed N times (default 1000) into one file; the three
// decoders read that same file. --log tests/ais/testdata/gpsd_sample.aivdm times the sample of
// every message type instead. Before any timing, our decode of it is checked against gpsdecode's:
// the same messages (type and MMSI) in the same order, allowing only the documented extras
// (docs/ais.md). Ours runs in-process through Google Benchmark (decode only, and decode plus
// gpsd-style JSON like `gpsdecode -j` writes); the peers run as subprocesses with output to
// /dev/null, best of three runs by CPU time (user + system):
//   gpsdecode -j < FILE                          (Debian gpsd-clients, C)
//   /usr/bin/python3 bench/peers/libais_decode.py [--direct] FILE  (Debian python3-ais: libais's
//       NmeaQueue reader, and --direct, a thin Python loop around its C++ ais.decode(); both run,
//       the faster is libais's figure)
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include "ais/decoder.h"
#include "ais/json.h"

namespace {

using istmo::ais::Decoder;
using istmo::ais::Message;

std::string g_input;                // the replayed log
std::uint64_t g_messages = 0;       // messages our decoder finds in it
std::uint64_t g_gpsd_messages = 0;  // messages gpsdecode prints for it

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void BM_Decode(benchmark::State& state) {
  std::uint64_t n = 0;
  for (auto _ : state) {
    Decoder decoder;
    n = decoder.DecodeBuffer(g_input, [](const Message& m) { benchmark::DoNotOptimize(&m); });
    decoder.Finish();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * n));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * g_input.size()));
}
BENCHMARK(BM_Decode)->Unit(benchmark::kMillisecond)->MinTime(2.0);

void BM_DecodeToJson(benchmark::State& state) {
  std::string out;
  out.reserve(1 << 20);
  std::uint64_t n = 0;
  for (auto _ : state) {
    Decoder decoder;
    n = decoder.DecodeBuffer(g_input, [&](const Message& m) {
      istmo::ais::AppendJson(m, istmo::ais::JsonOptions{}, &out);
      if (out.size() > (1 << 19)) out.clear();  // as a writer flushes to its output
    });
    decoder.Finish();
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * n));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * g_input.size()));
}
BENCHMARK(BM_DecodeToJson)->Unit(benchmark::kMillisecond)->MinTime(2.0);

// Keeps items_per_second of each benchmark for the ratio table.
class RateReporter : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override {
    for (const Run& run : runs) {
      auto it = run.counters.find("items_per_second");
      const std::string name = run.benchmark_name();
      if (it != run.counters.end()) rates[name.substr(0, name.find('/'))] = it->second.value;
    }
    ConsoleReporter::ReportRuns(runs);
  }
  std::map<std::string, double> rates;
};

double ChildCpuSeconds() {
  rusage u{};
  getrusage(RUSAGE_CHILDREN, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) * 1e-6;
}

// Runs command through the shell with stdout to /dev/null; the best of three CPU times (user
// plus system, of the shell and its children). CPU time, like Google Benchmark's rates for
// ours, so that other load on the machine does not count against the peers.
double BestSeconds(const std::string& command) {
  double best = 1e300;
  for (int i = 0; i < 3; ++i) {
    const double t0 = ChildCpuSeconds();
    if (std::system((command + " > /dev/null 2>&1").c_str()) != 0) {
      std::fprintf(stderr, "bench_ais: command failed: %s\n", command.c_str());
      return -1;
    }
    best = std::min(best, ChildCpuSeconds() - t0);
  }
  return best;
}

std::string Capture(const std::string& command) {
  std::string out;
  std::FILE* p = popen(command.c_str(), "r");
  if (p == nullptr) return out;
  char buf[1 << 16];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  pclose(p);
  return out;
}

// (type, mmsi) of each JSON line, read from the "type": and "mmsi": keys.
std::vector<std::pair<long, long>> Keys(const std::string& json_lines) {
  std::vector<std::pair<long, long>> keys;
  std::size_t pos = 0;
  while ((pos = json_lines.find("\"type\":", pos)) != std::string::npos) {
    const long type = std::strtol(json_lines.c_str() + pos + 7, nullptr, 10);
    const std::size_t m = json_lines.find("\"mmsi\":", pos);
    const long mmsi = std::strtol(json_lines.c_str() + m + 7, nullptr, 10);
    const std::size_t eol = json_lines.find('\n', pos);
    const std::string_view line(json_lines.data() + pos,
                                (eol == std::string::npos ? json_lines.size() : eol) - pos);
    // A type 24 part B without part A (no shipname) is ours alone (docs/ais.md).
    if (!(type == 24 && line.find("\"shipname\"") == std::string_view::npos)) {
      keys.emplace_back(type, mmsi);
    }
    pos = eol == std::string::npos ? json_lines.size() : eol;
  }
  return keys;
}

bool CheckAgreement(const std::string& path) {
  std::string ours;
  Decoder decoder;
  decoder.DecodeBuffer(g_input, [&](const Message& m) {
    istmo::ais::AppendJson(m, istmo::ais::JsonOptions{}, &ours);
  });
  g_messages = decoder.stats().messages;
  const auto a = Keys(ours);
  const auto b = Keys(Capture("gpsdecode -j < '" + path + "'"));
  g_gpsd_messages = b.size();
  if (a != b) {
    std::fprintf(stderr, "bench_ais: our decode disagrees with gpsdecode (%zu vs %zu messages)\n",
                 a.size(), b.size());
    return false;
  }
  std::printf("check: %zu messages agree with gpsdecode (type and MMSI, in order)\n", a.size());
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  std::string log = std::string(ISTMO_AIS_TESTDATA) + "/gpsd_ais-18-27.log";
  int copies = 1000;
  bool peers = true;
  std::vector<char*> rest = {argv[0]};
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--log") == 0 && i + 1 < argc) {
      log = argv[++i];
    } else if (std::strcmp(argv[i], "--copies") == 0 && i + 1 < argc) {
      copies = std::atoi(argv[++i]);
    } else if (std::strcmp(argv[i], "--peers=0") == 0) {
      peers = false;
    } else {
      rest.push_back(argv[i]);
    }
  }
  const std::string one = ReadFile(log);
  if (one.empty()) {
    std::fprintf(stderr, "bench_ais: cannot read %s\n", log.c_str());
    return 66;
  }
  for (int i = 0; i < copies; ++i) g_input += one;
  const std::filesystem::path path =
      std::filesystem::temp_directory_path() / ("bench_ais_" + std::to_string(getpid()) + ".nmea");
  std::ofstream(path, std::ios::binary) << g_input;
  std::printf("input: %s x %d = %zu bytes\n", log.c_str(), copies, g_input.size());
  if (!CheckAgreement(path)) {
    std::filesystem::remove(path);
    return 1;
  }

  int bargc = static_cast<int>(rest.size());
  benchmark::Initialize(&bargc, rest.data());
  RateReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);

  const double ours = reporter.rates["BM_DecodeToJson"];
  const double ours_decode = reporter.rates["BM_Decode"];
  std::printf("\n%-44s %14s %10s\n", "decoder (one core, same input)", "messages/s", "ours x");
  std::printf("%-44s %14.0f %10s\n", "istmo ais (decode only)", ours_decode, "");
  std::printf("%-44s %14.0f %10s   (%llu messages decoded)\n", "istmo ais (decode + gpsd JSON)",
              ours, "1.0", static_cast<unsigned long long>(g_messages));
  if (peers) {
    const double g = BestSeconds("gpsdecode -j < '" + path.string() + "'");
    if (g > 0) {
      const double rate = static_cast<double>(g_gpsd_messages) / g;
      std::printf("%-44s %14.0f %10.1f   (%llu messages decoded)\n", "gpsdecode -j (gpsd 3.22)",
                  rate, ours / rate, static_cast<unsigned long long>(g_gpsd_messages));
    }
    // libais two ways: its own log reader (NmeaQueue), and the thinnest Python around its C++
    // decoder (--direct); the ratio that matters is against the faster.
    for (const char* mode : {"", " --direct"}) {
      const std::string command = std::string("/usr/bin/python3 '" ISTMO_LIBAIS_PEER "'") + mode +
                                  " '" + path.string() + "'";
      const long libais_messages =
          std::strtol(Capture(command + " 2>/dev/null").c_str(), nullptr, 10);
      const double l = BestSeconds(command);
      if (l <= 0) continue;
      const double rate = static_cast<double>(libais_messages) / l;
      std::printf(
          "%-44s %14.0f %10.1f   (%ld messages decoded)\n",
          *mode ? "libais ais.decode, thin loop (python3-ais)" : "libais NmeaQueue (python3-ais)",
          rate, ours / rate, libais_messages);
    }
  }
  std::filesystem::remove(path);
  return 0;
}

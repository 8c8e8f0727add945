// Fuzzes the AIS decoder the way a feed reaches it: a buffer of lines through the batch call,
// every message written as JSON and CSV, then the end of input. The first byte picks options
// (type 24 merging, a clock, a short fragment timeout) so those paths are fuzzed too.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "ais/csv.h"
#include "ais/decoder.h"
#include "ais/json.h"
#include "ais/summary.h"
#include "core/time.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace istmo;
  if (size == 0) return 0;
  const std::uint8_t flags = data[0];
  core::FakeClock clock(core::FromUnixSeconds(1'700'000'000));
  ais::DecoderOptions options;
  options.merge_type24 = (flags & 1) == 0;
  options.clock = (flags & 2) ? &clock : nullptr;
  options.fragment_max_lines = (flags & 4) ? 1 : 100;
  options.fragment_timeout = std::chrono::seconds((flags & 8) ? 0 : 10);
  ais::Decoder decoder(options);
  ais::Summary summary;
  std::string out;
  const std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
  decoder.DecodeBuffer(input, [&](const ais::Message& m) {
    out.clear();
    ais::AppendJson(m, ais::JsonOptions{.device = "fuzz", .envelope = true}, &out);
    ais::AppendCsv(m, &out);
    summary.Add(m);
    clock.Advance(std::chrono::seconds(1));
  });
  decoder.Finish();
  const std::string report = summary.Format(decoder.stats());
  if (summary.messages() != decoder.stats().messages) __builtin_trap();
  return report.empty() ? 1 : 0;
}

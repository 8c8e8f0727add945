// bench_maritime_live — what the map's data costs the server (issue 13, docs/perf.md "Maritime
// map"), over a picture of 60,000 stations around Panama with names and ship types:
//   1. the layer answer (GET /api/v1/maritime/vessels?view=layer: InBox + VesselsMessage)
//      against the full JSON of the same stations (InBox + VesselJson), time and bytes;
//   2. one live push round (LiveHub's work per client: Picture::ChangedSince over its box, then
//      VesselsMessage) for 1, 10, 100 and 500 clients, after 1,000 stations changed — the
//      interval's worth of reports of a busy region.
// Timings are wall-clock medians of several runs on this machine; nothing passes or fails.
//
//   bench/bench_maritime_live [--vessels N] [--changes N]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "maritime/json.h"
#include "maritime/live.h"
#include "maritime/picture.h"

namespace {

using namespace istmo;
using Clock = std::chrono::steady_clock;

// A fixed-seed LCG: the same picture on every run.
struct Lcg {
  std::uint64_t s = 13;
  double Next() {
    s = s * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<double>(s >> 11) / 9007199254740992.0;
  }
};

constexpr int kMids[] = {352, 353, 354, 355, 370, 371, 372, 538, 636, 477, 563, 366, 730, 212};

maritime::Vessel RandomVessel(Lcg& r, std::uint32_t i) {
  maritime::Vessel v;
  maritime::VesselState& s = v.state;
  s.mmsi = static_cast<std::uint32_t>(kMids[i % std::size(kMids)]) * 1'000'000 + i;
  s.t_us = 1'798'761'600'000'000LL + static_cast<std::int64_t>(r.Next() * 6e8);
  s.lat = static_cast<std::int32_t>((6.9 + r.Next() * 3.1) * 600000);
  s.lon = static_cast<std::int32_t>((-83.2 + r.Next() * 6.1) * 600000);
  s.sog = static_cast<std::uint16_t>(r.Next() * 220);
  s.cog = static_cast<std::uint16_t>(r.Next() * 3599);
  s.heading = static_cast<std::uint16_t>(s.cog / 10);
  s.kind = i % 4 == 0 ? maritime::StationKind::kClassB : maritime::StationKind::kClassA;
  maritime::VesselIdentity& id = v.identity.Mutable();
  id.name = "PACIFIC STAR " + std::to_string(i);
  id.callsign = "HP" + std::to_string(1000 + i % 9000);
  id.imo = 9000000 + i;
  id.ship_type = static_cast<std::uint8_t>(70 + i % 20);
  id.destination = "BALBOA";
  return v;
}

template <class Fn>
double MedianMs(int runs, Fn&& fn) {
  std::vector<double> ms;
  for (int i = 0; i < runs; ++i) {
    const auto t0 = Clock::now();
    fn();
    ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
  }
  std::sort(ms.begin(), ms.end());
  return ms[ms.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t vessels = 60000, changes = 1000;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--vessels") == 0) vessels = std::strtoul(argv[i + 1], nullptr, 10);
    if (std::strcmp(argv[i], "--changes") == 0) changes = std::strtoul(argv[i + 1], nullptr, 10);
  }
  Lcg r;
  maritime::Picture picture;
  for (std::uint32_t i = 0; i < vessels; ++i) picture.Put(RandomVessel(r, i));
  maritime::BoxQuery box{.west = -83.5, .south = 6.5, .east = -76.5, .north = 10.5};

  std::size_t layer_bytes = 0, full_bytes = 0, count = 0;
  const double layer_ms = MedianMs(7, [&] {
    auto in_box = picture.InBox(box);
    count = in_box.size();
    layer_bytes = maritime::VesselsMessage(in_box, picture.sequence()).size();
  });
  const double full_ms = MedianMs(5, [&] {
    nlohmann::json items = nlohmann::json::array();
    for (const auto& v : picture.InBox(box)) items.push_back(maritime::VesselJson(v));
    full_bytes = nlohmann::json{{"items", std::move(items)}, {"count", count}}.dump().size();
  });
  std::printf("maritime live bench: %zu stations in the box\n", count);
  std::printf("  layer view (view=layer): %8.1f ms  %9zu bytes  %5.1f B/station\n", layer_ms,
              layer_bytes, static_cast<double>(layer_bytes) / count);
  std::printf("  full view  (JSON)      : %8.1f ms  %9zu bytes  %5.1f B/station\n", full_ms,
              full_bytes, static_cast<double>(full_bytes) / count);

  for (std::size_t clients : {1, 10, 100, 500}) {
    std::vector<std::uint64_t> sent(clients, picture.sequence());
    std::size_t bytes = 0;
    std::uint32_t next = 0;  // stations updated in turn
    const double ms = MedianMs(5, [&] {
      for (std::size_t k = 0; k < changes; ++k) {
        const std::uint32_t i = next++ % vessels;
        picture.Update(static_cast<std::uint32_t>(kMids[i % std::size(kMids)]) * 1'000'000 + i,
                       [&](maritime::Vessel& v) { v.state.t_us += 1000; });
      }
      bytes = 0;
      for (std::size_t c = 0; c < clients; ++c) {
        std::uint64_t seq = 0;
        auto changed = picture.ChangedSince(sent[c], box, &seq);
        bytes += maritime::VesselsMessage(changed, seq).size();
        sent[c] = seq;
      }
    });
    std::printf(
        "  live push, %3zu clients, %zu changes: %8.2f ms a round (%.3f ms a client), "
        "%zu bytes a client\n",
        clients, changes, ms, ms / static_cast<double>(clients), bytes / clients);
  }
  return 0;
}

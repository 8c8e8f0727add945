// The canal part of `istmo demo`: ANA's synthetic transits and manifests (canal/demo.h), the
// maritime demo's ships with alerts as the vessels that load at sea, and the identities of the
// other vessels that transit in the last 30 days or the next 7 in the maritime
// registry, through the path an AIS feed takes (an AIS type 5 and a position report at the canal
// approach per vessel, into maritime's Ingestor), so a transit links to its vessel by IMO and
// MMSI as it would with a live feed.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <set>
#include <string>

#include "ais/encoder.h"
#include "canal/demo.h"
#include "cli/commands.h"
#include "cli/runtime.h"
#include "core/time.h"
#include "maritime/ingest.h"
#include "maritime/picture.h"
#include "store/alerts.h"

namespace istmo::cli {

namespace {

template <std::size_t N>
ais::FixedText<N> Text(const std::string& s) {
  ais::FixedText<N> out;
  out.size = static_cast<std::uint8_t>(std::min(s.size(), N));
  std::copy_n(s.begin(), out.size, out.chars.begin());
  return out;
}

// ITU-R M.1371-5 Table 53: 70 cargo, 80 tanker.
std::uint8_t ShipType(const std::string& segment) { return segment == "tanker" ? 80 : 70; }

// Cargo ships (with an IMO number) that the maritime demo's alerts show going dark, meeting other
// vessels or loitering: the canal demo's vessels that load at sea take their identities.
std::vector<canal::DemoOptions::VesselIdentity> AtSeaIdentities(Runtime& rt,
                                                                const maritime::Picture& picture) {
  const auto alerts = OrFail(rt.store->Read<std::vector<store::Alert>>([](store::Connection& c) {
    return store::ListAlerts(c, store::AccessScope::System(), {.module = "maritime", .limit = 500});
  }));
  std::vector<canal::DemoOptions::VesselIdentity> out;
  for (const auto& a : alerts) {
    if (a.kind != "gap" && a.kind != "encounter" && a.kind != "loitering" &&
        a.kind != "rendezvous") {
      continue;
    }
    if (a.subject.rfind("mmsi:", 0) != 0) continue;
    const auto mmsi = static_cast<std::uint32_t>(std::stoul(a.subject.substr(5)));
    const auto vessel = picture.Get(mmsi);
    if (!vessel || vessel->identity->imo == 0) continue;
    const std::string imo = std::to_string(vessel->identity->imo);
    if (std::any_of(out.begin(), out.end(), [&](const auto& v) { return v.imo == imo; })) continue;
    out.push_back({imo, a.subject.substr(5), vessel->identity->name});
  }
  return out;
}

// Registers each vessel of a transit from 30 days ago on: its static report at the time of its
// last transit up to now, and a position at the approach it comes from (Pacific anchorage off
// Balboa for northbound transits, Atlantic anchorage off Colón for southbound).
std::size_t RegisterVessels(Runtime& rt, maritime::Picture& picture, const canal::SyntheticWorld& w,
                            core::Timestamp now) {
  const std::string cutoff = core::FormatDate(now - std::chrono::days(30));
  std::set<std::size_t> done;
  std::size_t added = 0;
  ais::Encoder encoder;
  std::string nmea;
  const std::int64_t now_s = core::ToUnixSeconds(now);
  for (auto t = w.transits.rbegin(); t != w.transits.rend(); ++t) {
    if (t->line.transit_date < cutoff) break;
    if (!done.insert(t->vessel).second) continue;
    const canal::SyntheticVessel& v = w.vessels[t->vessel];
    const std::uint32_t mmsi = static_cast<std::uint32_t>(std::stoul(v.mmsi));
    // A vessel the picture knows (the maritime demo's) keeps the identity it reports.
    if (picture.Get(mmsi)) continue;
    ++added;
    const std::int64_t at =
        std::min(now_s - 600,
                 core::ToUnixSeconds(OrFail(core::ParseIso8601(t->line.transit_date))) + 6 * 3600);
    const bool neo = v.lock_set == "neopanamax";
    ais::Message identity;
    identity.type = 5;
    identity.mmsi = mmsi;
    identity.envelope.channel = 'A';
    identity.body = ais::StaticVoyage{.ais_version = 2,
                                      .imo = static_cast<std::uint32_t>(std::stoul(v.imo)),
                                      .callsign = Text<7>("D" + v.mmsi.substr(5)),
                                      .shipname = Text<20>(v.name),
                                      .shiptype = ShipType(v.segment),
                                      .to_bow = static_cast<std::uint16_t>(neo ? 300 : 230),
                                      .to_stern = static_cast<std::uint16_t>(neo ? 66 : 64),
                                      .to_port = static_cast<std::uint8_t>(neo ? 24 : 16),
                                      .to_starboard = static_cast<std::uint8_t>(neo ? 25 : 16),
                                      .epfd = 1,
                                      .draught = static_cast<std::uint8_t>(neo ? 140 : 115),
                                      .destination = Text<20>("PA CANAL"),
                                      .dte = false};
    OrFail(encoder.Encode(identity, {.unix_seconds = at, .station = "istmo-demo"}, &nmea));
    const bool north = t->line.direction == "northbound";
    // Anchorages: off Balboa (8.88 N, 79.50 W) and off Colón (9.40 N, 79.92 W), spread a little.
    const double lat = (north ? 8.88 : 9.40) + 0.001 * static_cast<double>(mmsi % 40);
    const double lon = (north ? -79.50 : -79.92) - 0.001 * static_cast<double>(mmsi % 37);
    ais::Message position;
    position.type = 1;
    position.mmsi = mmsi;
    position.envelope.channel = 'B';
    position.body = ais::PositionReport{.status = 1,  // at anchor
                                        .speed = 1,
                                        .lon = static_cast<std::int32_t>(std::lround(lon * 600000)),
                                        .lat = static_cast<std::int32_t>(std::lround(lat * 600000)),
                                        .course = 0,
                                        .heading = 0,
                                        .second = 0};
    OrFail(encoder.Encode(position, {.unix_seconds = at + 5, .station = "istmo-demo"}, &nmea));
  }
  maritime::Ingestor ingestor(*rt.store, picture,
                              {.feed = "istmo-demo-canal", .judge_jumps_on_arrival_time = false});
  OrFail(ingestor.AddBuffer(nmea));
  OrFail(ingestor.Finish());
  return added;
}

}  // namespace

void LoadCanalDemo(Runtime& rt, const std::string& data_dir) {
  const store::AccessScope ana = ActingFor(rt, "ANA");
  const core::Timestamp now = core::SystemClock::Get().Now();
  const auto start = std::chrono::steady_clock::now();
  maritime::Picture picture;
  OrFail(maritime::LoadPicture(*rt.store, picture));
  canal::DemoOptions options;
  options.at_sea_vessels = AtSeaIdentities(rt, picture);
  const std::string rules_path = data_dir + "/canal/rules.json";
  std::ifstream rules(rules_path, std::ios::binary);
  if (rules) {
    options.rules_json.assign(std::istreambuf_iterator<char>(rules), {});
  } else {
    std::fprintf(stderr, "istmo: canal demo: no %s; loading without rules or inspections\n",
                 rules_path.c_str());
  }
  const canal::DemoLoad load = OrFail(canal::LoadDemo(*rt.store, ana, options, now));
  if (!load.loaded) {
    std::fprintf(stderr, "istmo: canal demo already loaded\n");
    return;
  }
  const std::size_t vessels = RegisterVessels(rt, picture, load.world, now);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::fprintf(stderr,
               "istmo: canal demo: %lld synthetic transits %s – %s and %lld container lines of "
               "ANA (released to PAN and USA), %lld units, %lld rules; %lld inspections queued, "
               "%lld done with results (%lld positive); %zu vessels added to the maritime "
               "registry, %lld that load at sea named after the maritime demo's ships with "
               "alerts (%.1f s)\n",
               static_cast<long long>(load.transits), load.first_day.c_str(), load.last_day.c_str(),
               static_cast<long long>(load.containers), static_cast<long long>(load.units),
               static_cast<long long>(load.rules), static_cast<long long>(load.queued),
               static_cast<long long>(load.inspected), static_cast<long long>(load.found), vessels,
               static_cast<long long>(load.at_sea_vessels), seconds);
}

}  // namespace istmo::cli

#include "maritime/vessel_history.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include <nlohmann/json.hpp>

#include "core/csv.h"
#include "core/geo.h"
#include "maritime/detect.h"
#include "maritime/ingest.h"
#include "maritime/internal/stored_reads.h"
#include "maritime/mid.h"
#include "store/alerts.h"

namespace istmo::maritime {
namespace internal {
extern const char kSeaportsCsv[];
extern const char kSourceCountriesCsv[];
}  // namespace internal

namespace {

constexpr double kRawPerDegree = 600000.0;  // AIS positions: 1/10 000 minute
constexpr double kKmPerDegreeLat = 111.2;

// The data lines of a compiled-in CSV (after its header), each as its fields.
std::vector<std::vector<std::string>> CsvLines(std::string_view text) {
  std::vector<std::vector<std::string>> out;
  std::size_t pos = 0;
  std::int64_t lines = 0;
  bool header = true;
  while (pos < text.size()) {
    core::CsvRecord r = core::NextCsvRecord(text, pos, lines);
    if (header) {
      header = false;
      continue;
    }
    if (r.fields.size() > 1) out.push_back(std::move(r.fields));
  }
  return out;
}

const std::vector<std::string>& SourceCountries() {
  static const auto* countries = [] {
    auto* out = new std::vector<std::string>();
    for (auto& f : CsvLines(internal::kSourceCountriesCsv)) out->push_back(f[0]);
    return out;
  }();
  return *countries;
}

const std::vector<Seaport>& Seaports() {
  // locode,name,country,lat,lon,outlet_of,position (data/ports/SOURCES.md); the tests check that
  // every line reads.
  static const auto* ports = [] {
    auto* out = new std::vector<Seaport>();
    for (auto& f : CsvLines(internal::kSeaportsCsv)) {
      ISTMO_CHECK(f.size() == 7);
      Seaport p{.locode = f[0],
                .name = f[1],
                .country = f[2],
                .lat = std::strtod(f[3].c_str(), nullptr),
                .lon = std::strtod(f[4].c_str(), nullptr),
                .outlet_of = f[5]};
      p.source =
          IsSourceCountry(p.country) || (!p.outlet_of.empty() && IsSourceCountry(p.outlet_of));
      out->push_back(std::move(p));
    }
    return out;
  }();
  return *ports;
}

// The nearest known seaport within `radius_km` of the position, or nullptr.
const Seaport* NearestSeaport(double lat, double lon, double radius_km) {
  const double max_dlat = radius_km / kKmPerDegreeLat;
  const Seaport* best = nullptr;
  double best_m = radius_km * 1000;
  for (const Seaport& p : Seaports()) {
    if (std::abs(p.lat - lat) > max_dlat) continue;
    const double m = core::DistanceMeters({lat, lon}, {p.lat, p.lon});
    if (m <= best_m) {
      best_m = m;
      best = &p;
    }
  }
  return best;
}

core::Timestamp FromMicros(std::int64_t us) {
  return core::Timestamp(std::chrono::microseconds(us));
}
std::int64_t Micros(core::Timestamp t) { return t.time_since_epoch().count(); }

// A position of a stored event's evidence ([{"mmsi", "t", "lat", "lon", "sog_kn"}], oldest
// first): the vessel's last point at or before `at_or_before` (its first when there is none);
// the first point of any vessel when `mmsi` has none.
std::pair<double, double> EvidencePosition(const std::string& evidence_json, std::uint32_t mmsi,
                                           core::Timestamp at_or_before) {
  nlohmann::json evidence = nlohmann::json::parse(evidence_json, nullptr, false);
  if (!evidence.is_array() || evidence.empty()) return {0, 0};
  const nlohmann::json* chosen = nullptr;
  for (const auto& p : evidence) {
    if (!p.is_object() || p.value("mmsi", 0u) != mmsi) continue;
    auto t = core::ParseIso8601(p.value("t", ""));
    if (chosen == nullptr || (t && *t <= at_or_before)) chosen = &p;
    if (t && *t > at_or_before) break;
  }
  if (chosen == nullptr) chosen = &evidence.front();
  const auto number = [&](const char* key) {
    const auto it = chosen->find(key);
    return it != chosen->end() && it->is_number() ? it->get<double>() : 0.0;
  };
  return {number("lat"), number("lon")};
}

double Hours(core::Timestamp from, core::Timestamp to) {
  return std::chrono::duration<double, std::ratio<3600>>(to - from).count();
}

core::Result<std::optional<RegistryVessel>> VesselFromRow(
    const core::Result<std::optional<store::Row>>& row) {
  if (!row) return row.error();
  if (!*row) return std::optional<RegistryVessel>();
  const store::Row& r = **row;
  RegistryVessel v{.mmsi = static_cast<std::uint32_t>(r.Int(0)), .name = r.Text(2)};
  if (const std::int64_t imo = r.Int(1); imo > 0) {
    v.imo = std::to_string(imo);
    if (v.imo.size() < 7) v.imo.insert(0, 7 - v.imo.size(), '0');
  }
  if (const FlagState* flag = MidTable::Default().FlagOf(v.mmsi)) v.flag = flag->iso2;
  return std::optional<RegistryVessel>(std::move(v));
}

// Stops of `min_stop` or longer, no faster than `stop_max_speed_kn`, each point within the call
// radius of the same seaport. Doubtful positions (flagged at ingest) neither start nor end a
// stop; a point under way, or near no port or another one, ends it.
std::vector<PortCall> PortCallsOf(const std::vector<TrackPoint>& track,
                                  const BehaviourOptions& options) {
  std::vector<PortCall> out;
  const Seaport* port = nullptr;
  std::int64_t first = 0, last = 0;
  const auto close = [&] {
    if (port != nullptr &&
        std::chrono::microseconds(last - first) >= std::chrono::microseconds(options.min_stop)) {
      out.push_back({.locode = port->locode,
                     .name = port->name,
                     .country = port->country,
                     .arrived = FromMicros(first),
                     .departed = FromMicros(last),
                     .source_country = port->source});
    }
    port = nullptr;
  };
  const double max_sog = options.stop_max_speed_kn * 10;  // 1/10 knot
  for (const TrackPoint& p : track) {
    if (p.flags != 0) continue;
    const bool slow = p.sog != ais::kSpeedNotAvailable && p.sog <= max_sog;
    const Seaport* here =
        slow ? NearestSeaport(p.lat / kRawPerDegree, p.lon / kRawPerDegree, options.port_radius_km)
             : nullptr;
    if (here != nullptr && here == port) {
      last = p.t_us;
      continue;
    }
    close();
    if (here != nullptr) {
      port = here;
      first = last = p.t_us;
    }
  }
  close();
  return out;
}

}  // namespace

std::string FormatMmsi(std::uint32_t mmsi) {
  std::string text = std::to_string(mmsi);
  if (text.size() < 9) text.insert(0, 9 - text.size(), '0');
  return text;
}

std::span<const Seaport> KnownSeaports() { return Seaports(); }

const Seaport* FindSeaport(std::string_view locode) {
  for (const Seaport& p : Seaports()) {
    if (p.locode == locode) return &p;
  }
  return nullptr;
}

bool IsSourceCountry(std::string_view iso2) {
  const auto& list = SourceCountries();
  return std::find(list.begin(), list.end(), iso2) != list.end();
}

std::int64_t VesselBehaviour::SourcePortCalls() const {
  return std::count_if(port_calls.begin(), port_calls.end(),
                       [](const PortCall& p) { return p.source_country; });
}

core::Result<std::optional<RegistryVessel>> FindVesselByImo(store::Connection& c,
                                                            std::string_view imo) {
  if (imo.size() != 7 ||
      !std::all_of(imo.begin(), imo.end(), [](char ch) { return ch >= '0' && ch <= '9'; })) {
    return core::InvalidArgument(
        "an IMO number is 7 digits, not '" + std::string(imo.substr(0, 20)) + "'", "imo");
  }
  const std::int64_t number = std::strtoll(std::string(imo).c_str(), nullptr, 10);
  if (number == 0) return std::optional<RegistryVessel>();
  return VesselFromRow(
      c.QueryOne("SELECT mmsi, imo, name FROM maritime_vessels WHERE imo = ? "
                 "ORDER BY static_t DESC, mmsi LIMIT 1",
                 {number}));
}

core::Result<std::optional<RegistryVessel>> FindVesselByMmsi(store::Connection& c,
                                                             std::uint32_t mmsi) {
  return VesselFromRow(c.QueryOne("SELECT mmsi, imo, name FROM maritime_vessels WHERE mmsi = ?",
                                  {std::int64_t{mmsi}}));
}

core::Result<VesselBehaviour> ReadVesselBehaviour(store::Connection& c,
                                                  const store::AccessScope& scope,
                                                  std::uint32_t mmsi, core::Timestamp from,
                                                  core::Timestamp to,
                                                  const BehaviourOptions& options) {
  VesselBehaviour out;
  if (to < from) return out;
  // Events that ended in the interval or after it and began before its end: every event that
  // overlaps it. A vessel's events over a month are a handful; the cap is a guard.
  ISTMO_ASSIGN_OR_RETURN(
      auto events,
      internal::QueryDetections(c, {.mmsi = mmsi, .since_us = Micros(from), .limit = 10'000}));
  std::reverse(events.begin(), events.end());  // oldest end first
  for (const StoredDetection& e : events) {
    const core::Timestamp start = FromMicros(e.start_us), end = FromMicros(e.end_us);
    if (start > to) continue;
    switch (e.kind) {
      case DetectionKind::kGap: {
        if (e.mmsi != mmsi) break;
        auto [lat, lon] = EvidencePosition(e.evidence_json, mmsi, start);
        out.gaps.push_back({.start = start,
                            .end = end,
                            .hours = Hours(start, end),
                            .intentional = e.intentional,
                            .lat = lat,
                            .lon = lon});
        out.dark_hours += Hours(std::max(start, from), std::min(end, to));
        break;
      }
      case DetectionKind::kEncounter:
      case DetectionKind::kRendezvous: {
        const std::uint32_t partner = e.mmsi == mmsi ? e.partner : e.mmsi;
        auto [lat, lon] = EvidencePosition(e.evidence_json, mmsi, start);
        EncounterEvent enc{.start = start,
                           .end = end,
                           .partner_mmsi = partner,
                           .rendezvous = e.kind == DetectionKind::kRendezvous,
                           .lat = lat,
                           .lon = lon};
        ISTMO_ASSIGN_OR_RETURN(auto other, FindVesselByMmsi(c, partner));
        if (other) enc.partner_name = other->name;
        out.encounters.push_back(std::move(enc));
        break;
      }
      case DetectionKind::kLoitering: {
        if (e.mmsi != mmsi) break;
        auto [lat, lon] = EvidencePosition(e.evidence_json, mmsi, start);
        out.loitering.push_back(
            {.start = start, .end = end, .hours = Hours(start, end), .lat = lat, .lon = lon});
        break;
      }
      default:
        break;
    }
  }
  const auto by_start = [](const auto& a, const auto& b) { return a.start < b.start; };
  std::stable_sort(out.gaps.begin(), out.gaps.end(), by_start);
  std::stable_sort(out.encounters.begin(), out.encounters.end(), by_start);
  std::stable_sort(out.loitering.begin(), out.loitering.end(), by_start);

  ISTMO_ASSIGN_OR_RETURN(auto track, internal::QueryTrack(c, mmsi, Micros(from), Micros(to),
                                                          options.max_track_points));
  out.port_calls = PortCallsOf(track, options);

  ISTMO_ASSIGN_OR_RETURN(
      auto alerts,
      store::ListAlerts(c, scope, {.subject = "mmsi:" + std::to_string(mmsi), .limit = 500}));
  for (const store::Alert& a : alerts) {
    if (a.updated_at < from || a.created_at > to) continue;
    out.alerts.push_back({.id = a.id,
                          .kind = a.kind,
                          .severity = a.severity,
                          .title = a.title,
                          .updated_at = a.updated_at});
  }
  return out;
}

}  // namespace istmo::maritime

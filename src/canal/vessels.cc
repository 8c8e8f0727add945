#include "canal/vessels.h"

#include <algorithm>
#include <charconv>

#include "canal/codes.h"
#include "maritime/mid.h"

namespace istmo::canal {

namespace {

// A transit's containers were imported at most this long before its date (docs/canal.md).
constexpr std::chrono::days kManifestLead{21};

core::Result<core::Timestamp> DayStart(const std::string& date) {
  ISTMO_ASSIGN_OR_RETURN(auto ymd, core::ParseDate(date, "transit_date"));
  return core::Timestamp(std::chrono::sys_days(ymd));
}

std::optional<std::uint32_t> ParseMmsi(std::string_view text) {
  std::uint32_t v = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || ptr != text.data() + text.size() || text.size() != 9) {
    return std::nullopt;
  }
  return v;
}

std::string FlagOf(std::string_view mmsi) {
  const auto number = ParseMmsi(mmsi);
  if (!number) return "";
  const maritime::FlagState* flag = maritime::MidTable::Default().FlagOf(*number);
  return flag != nullptr ? flag->iso2 : "";
}

// Whether a UN/LOCODE is in a source country, or an outlet of one.
bool IsSourcePort(const std::string& locode) {
  if (const maritime::Seaport* p = maritime::FindSeaport(locode)) return p->source;
  return locode.size() == 5 && maritime::IsSourceCountry(locode.substr(0, 2));
}

std::string PortName(const std::string& locode) {
  if (const maritime::Seaport* p = maritime::FindSeaport(locode)) return p->name;
  if (const Port* p = FindPort(locode)) return std::string(p->name);
  return "";
}

// The registry's vessel of the IMO, else of the first MMSI the transits name, with how.
struct Link {
  std::optional<maritime::RegistryVessel> vessel;
  std::string linked_by;
};
core::Result<Link> LinkVessel(store::Connection& c, const std::string& imo,
                              const std::vector<std::string>& mmsis) {
  ISTMO_ASSIGN_OR_RETURN(auto by_imo, maritime::FindVesselByImo(c, imo));
  if (by_imo) return Link{std::move(by_imo), "imo"};
  for (const std::string& text : mmsis) {
    const auto mmsi = ParseMmsi(text);
    if (!mmsi) continue;
    ISTMO_ASSIGN_OR_RETURN(auto by_mmsi, maritime::FindVesselByMmsi(c, *mmsi));
    if (by_mmsi) return Link{std::move(by_mmsi), "mmsi"};
  }
  return Link{};
}

// The AIS calls, then each distinct scheduled last port in a source country where AIS saw no
// call in the window.
std::vector<VesselPortCall> MergePortCalls(const std::vector<maritime::PortCall>& ais,
                                           const std::vector<std::string>& last_ports) {
  std::vector<VesselPortCall> out;
  for (const auto& call : ais) out.push_back({.call = call});
  for (const std::string& locode : last_ports) {
    if (locode.empty() || !IsSourcePort(locode)) continue;
    const bool seen = std::any_of(out.begin(), out.end(),
                                  [&](const VesselPortCall& p) { return p.call.locode == locode; });
    if (seen) continue;
    out.push_back({.call = {.locode = locode,
                            .name = PortName(locode),
                            .country = locode.substr(0, 2),
                            .source_country = true},
                   .from_schedule = true});
  }
  return out;
}

core::Result<LinkedVessel> Behaviour(store::Connection& c, const store::AccessScope& scope,
                                     const maritime::RegistryVessel& v, std::string linked_by,
                                     core::Timestamp from, core::Timestamp to,
                                     const std::vector<std::string>& last_ports) {
  LinkedVessel out{.mmsi = maritime::FormatMmsi(v.mmsi),
                   .name = v.name,
                   .flag = v.flag,
                   .linked_by = std::move(linked_by),
                   .from = from,
                   .to = to};
  ISTMO_ASSIGN_OR_RETURN(out.behaviour, maritime::ReadVesselBehaviour(c, scope, v.mmsi, from, to));
  out.port_calls = MergePortCalls(out.behaviour.port_calls, last_ports);
  return out;
}

// The visible transits of an IMO dated from `from`'s day to 21 days after `to`'s, oldest first.
core::Result<std::vector<Transit>> TransitsAround(store::Connection& c,
                                                  const store::AccessScope& scope,
                                                  const std::string& imo, core::Timestamp from,
                                                  core::Timestamp to) {
  return ListTransits(c, scope,
                      {.from = core::FormatDate(from),
                       .to = core::FormatDate(to + kManifestLead),
                       .vessel_imo = imo,
                       .limit = 1000});
}

std::vector<std::string> LastPorts(const std::vector<Transit>& transits) {
  std::vector<std::string> out;
  for (const Transit& t : transits) out.push_back(t.fields.last_port);
  return out;
}

std::vector<std::string> MmsisLatestFirst(const std::vector<Transit>& transits) {
  std::vector<std::string> out;
  for (auto it = transits.rbegin(); it != transits.rend(); ++it) {
    if (!it->fields.mmsi.empty()) out.push_back(it->fields.mmsi);
  }
  return out;
}

}  // namespace

std::int64_t LinkedVessel::SourcePortCalls() const {
  return std::count_if(port_calls.begin(), port_calls.end(),
                       [](const VesselPortCall& p) { return p.call.source_country; });
}

core::Result<VesselFacts> VesselFactsFor(store::Connection& c, const store::AccessScope& scope,
                                         std::string_view imo, core::Timestamp at) {
  ISTMO_ASSIGN_OR_RETURN(const std::string number, NormalizeImo(imo, "imo"));
  const core::Timestamp from = at - kVesselWindow;
  ISTMO_ASSIGN_OR_RETURN(auto transits, TransitsAround(c, scope, number, from, at));
  ISTMO_ASSIGN_OR_RETURN(auto link, LinkVessel(c, number, MmsisLatestFirst(transits)));
  VesselFacts facts;
  if (!link.vessel) return facts;
  ISTMO_ASSIGN_OR_RETURN(
      auto v, Behaviour(c, scope, *link.vessel, link.linked_by, from, at, LastPorts(transits)));
  facts.known = true;
  facts.mmsi = v.mmsi;
  facts.name = v.name;
  facts.flag = v.flag;
  facts.linked_by = v.linked_by;
  facts.gaps = static_cast<double>(v.behaviour.gaps.size());
  facts.dark_hours = v.behaviour.dark_hours;
  facts.encounters = static_cast<double>(v.behaviour.encounters.size());
  facts.loitering = static_cast<double>(v.behaviour.loitering.size());
  facts.alerts = static_cast<double>(v.behaviour.alerts.size());
  facts.source_port_calls = static_cast<double>(v.SourcePortCalls());
  return facts;
}

core::Result<std::optional<LinkedVessel>> TransitVessel(store::Connection& c,
                                                        const store::AccessScope& scope,
                                                        const Transit& transit,
                                                        core::Timestamp now) {
  ISTMO_ASSIGN_OR_RETURN(const core::Timestamp day, DayStart(transit.fields.transit_date));
  const core::Timestamp to = std::min(day + std::chrono::days(1), now);
  const core::Timestamp from = to - kVesselWindow;
  const std::vector<std::string> last_ports = {transit.fields.last_port};
  ISTMO_ASSIGN_OR_RETURN(auto link,
                         LinkVessel(c, transit.fields.vessel_imo, {transit.fields.mmsi}));
  if (link.vessel) {
    ISTMO_ASSIGN_OR_RETURN(auto v,
                           Behaviour(c, scope, *link.vessel, link.linked_by, from, to, last_ports));
    return std::optional<LinkedVessel>(std::move(v));
  }
  if (transit.fields.mmsi.empty()) return std::optional<LinkedVessel>();
  // Named by the schedule only: no AIS behaviour, but its scheduled last port still counts.
  LinkedVessel v{.mmsi = transit.fields.mmsi,
                 .name = transit.fields.vessel_name,
                 .flag = FlagOf(transit.fields.mmsi),
                 .from = from,
                 .to = to};
  v.port_calls = MergePortCalls({}, last_ports);
  return std::optional<LinkedVessel>(std::move(v));
}

core::Result<VesselView> VesselByImo(store::Connection& c, const store::AccessScope& scope,
                                     std::string_view imo, core::Timestamp now) {
  ISTMO_ASSIGN_OR_RETURN(const std::string number, NormalizeImo(imo, "imo"));
  VesselView out{.imo = number};
  ISTMO_ASSIGN_OR_RETURN(auto all, ListTransits(c, scope, {.vessel_imo = number, .limit = 1000}));
  const core::Timestamp from = now - kVesselWindow;
  ISTMO_ASSIGN_OR_RETURN(auto link, LinkVessel(c, number, MmsisLatestFirst(all)));
  if (!link.vessel && all.empty()) return core::NotFound("no vessel with IMO " + number);
  std::vector<std::string> last_ports;
  const std::string first_day = core::FormatDate(from), last_day = core::FormatDate(now);
  for (const Transit& t : all) {
    if (t.fields.transit_date >= first_day && t.fields.transit_date <= last_day) {
      last_ports.push_back(t.fields.last_port);
    }
  }
  if (link.vessel) {
    ISTMO_ASSIGN_OR_RETURN(
        auto v, Behaviour(c, scope, *link.vessel, link.linked_by, from, now, last_ports));
    out.vessel = std::move(v);
  }
  std::reverse(all.begin(), all.end());
  if (all.size() > 100) all.resize(100);
  out.transits = std::move(all);
  return out;
}

core::Result<std::vector<TransitContainer>> TransitContainers(store::Connection& c,
                                                              const store::AccessScope& scope,
                                                              const Transit& transit,
                                                              std::size_t limit) {
  ISTMO_ASSIGN_OR_RETURN(const core::Timestamp day, DayStart(transit.fields.transit_date));
  constexpr const char* kScore = "(SELECT s.score FROM canal_scores s WHERE s.line_id = m.id)";
  store::VisibleSelect s{.columns = std::string("m.id, m.container_number, ") + kScore +
                                    ", (SELECT s.lane FROM canal_scores s WHERE s.line_id = m.id)",
                         .table = "canal_manifest_lines",
                         .alias = "m"};
  s.Where("m.vessel_imo = ?", {transit.fields.vessel_imo});
  s.Where(
      "m.created_at >= ? AND m.created_at < ?",
      {core::FormatIso8601(day - kManifestLead), core::FormatIso8601(day + std::chrono::days(1))});
  // Unscored lines last on every backend (NULL sorts first in PostgreSQL's DESC).
  s.order_by = std::string("coalesce(") + kScore + ", -1) DESC, m.id";
  s.limit = static_cast<std::int64_t>(limit);
  ISTMO_ASSIGN_OR_RETURN(auto rows, store::SelectVisible(c, scope, s));
  std::vector<TransitContainer> out;
  out.reserve(rows.size());
  for (const store::Row& r : rows) {
    TransitContainer t{.line_id = r.Text(0), .container_number = r.Text(1)};
    if (!r.IsNull(2)) {
      t.score = r.Real(2);
      t.lane = r.Text(3);
    }
    out.push_back(std::move(t));
  }
  return out;
}

core::Result<TransitRisk> RiskOfTransit(store::Connection& c, const store::AccessScope& scope,
                                        const Transit& transit) {
  ISTMO_ASSIGN_OR_RETURN(auto lines, TransitContainers(c, scope, transit, 0));
  TransitRisk risk;
  for (const TransitContainer& l : lines) {
    ++risk.containers;
    if (!l.score) continue;
    ++risk.scored;
    risk.max_score = std::max(risk.max_score.value_or(*l.score), *l.score);
    if (l.lane == "red") ++risk.red;
    if (l.lane == "yellow") ++risk.yellow;
  }
  return risk;
}

core::Result<Transit> GetTransit(store::Connection& c, const store::AccessScope& scope,
                                 const std::string& id) {
  ISTMO_ASSIGN_OR_RETURN(auto found, ListTransits(c, scope, {.id = id, .limit = 1}));
  if (found.empty()) return core::NotFound("no transit " + id.substr(0, 40));
  return std::move(found.front());
}

}  // namespace istmo::canal

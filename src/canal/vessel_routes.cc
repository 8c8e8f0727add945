// The transit routes that show a vessel's behaviour at sea and the risk of its containers, and
// the vessel route (docs/canal.md "Vessels", docs/api.md). Roles as the other canal reads:
// officers, analysts and supervisors; a hidden transit looks absent.
#include <algorithm>

#include "canal/codes.h"
#include "canal/records.h"
#include "canal/routes.h"
#include "canal/vessels.h"
#include "core/id.h"

namespace istmo::canal {

namespace {

using api::Request;
using api::Response;
using api::Route;
using nlohmann::json;
using store::Role;

// Containers listed by GET /transits/{id}.
constexpr std::size_t kTopContainers = 100;

json Opt(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }
json Time(core::Timestamp t) { return core::FormatIso8601(t); }

json TransitJson(const Transit& t) {
  const TransitLine& f = t.fields;
  return {{"id", t.id},
          {"created_at", core::FormatIso8601(t.created_at)},
          {"owner_org", t.owner_org},
          {"releasability", t.releasability},
          {"import_id", t.import_id},
          {"transit_date", f.transit_date},
          {"slot", f.slot},
          {"vessel_imo", f.vessel_imo},
          {"vessel_name", f.vessel_name},
          {"mmsi", Opt(f.mmsi)},
          {"direction", f.direction},
          {"lock_set", f.lock_set},
          {"last_port", Opt(f.last_port)},
          {"next_port", Opt(f.next_port)}};
}

// The vessel of a transit with the counts of its behaviour (the list's form).
json VesselJson(const std::optional<LinkedVessel>& v) {
  if (!v) return nullptr;
  const maritime::VesselBehaviour& b = v->behaviour;
  return {{"mmsi", v->mmsi},
          {"name", v->name},
          {"flag", Opt(v->flag)},
          {"linked_by", Opt(v->linked_by)},
          {"behaviour",
           {{"gaps", b.gaps.size()},
            {"dark_hours", b.dark_hours},
            {"encounters", b.encounters.size()},
            {"loitering", b.loitering.size()},
            {"alerts", b.alerts.size()},
            {"source_port_calls", v->SourcePortCalls()}}}};
}

// The behaviour in full (GET /transits/{id}, GET /vessels/{imo}).
json BehaviourJson(const std::optional<LinkedVessel>& v) {
  if (!v) return nullptr;
  const maritime::VesselBehaviour& b = v->behaviour;
  json gaps = json::array(), encounters = json::array(), loitering = json::array(),
       alerts = json::array(), calls = json::array();
  for (const auto& g : b.gaps) {
    gaps.push_back({{"start", Time(g.start)},
                    {"end", Time(g.end)},
                    {"hours", g.hours},
                    {"intentional", g.intentional},
                    {"lat", g.lat},
                    {"lon", g.lon}});
  }
  for (const auto& e : b.encounters) {
    encounters.push_back({{"start", Time(e.start)},
                          {"end", Time(e.end)},
                          {"partner_mmsi", maritime::FormatMmsi(e.partner_mmsi)},
                          {"partner_name", Opt(e.partner_name)},
                          {"rendezvous", e.rendezvous},
                          {"lat", e.lat},
                          {"lon", e.lon}});
  }
  for (const auto& l : b.loitering) {
    loitering.push_back({{"start", Time(l.start)},
                         {"end", Time(l.end)},
                         {"hours", l.hours},
                         {"lat", l.lat},
                         {"lon", l.lon}});
  }
  for (const auto& a : b.alerts) {
    alerts.push_back({{"id", a.id},
                      {"kind", a.kind},
                      {"severity", a.severity},
                      {"title", a.title},
                      {"updated_at", Time(a.updated_at)}});
  }
  for (const auto& p : v->port_calls) {
    calls.push_back({{"locode", p.call.locode},
                     {"name", Opt(p.call.name)},
                     {"country", p.call.country},
                     {"arrived", p.from_schedule ? json(nullptr) : Time(p.call.arrived)},
                     {"departed", p.from_schedule ? json(nullptr) : Time(p.call.departed)},
                     {"source_country", p.call.source_country},
                     {"from", p.from_schedule ? "schedule" : "ais"}});
  }
  return {{"days", kVesselWindow.count()},
          {"from", Time(v->from)},
          {"to", Time(v->to)},
          {"gaps", gaps},
          {"dark_hours", b.dark_hours},
          {"encounters", encounters},
          {"loitering", loitering},
          {"alerts", alerts},
          {"port_calls", calls}};
}

json RiskJson(const TransitRisk& r) {
  return {{"containers", r.containers},
          {"scored", r.scored},
          {"max_score", r.max_score ? json(*r.max_score) : json(nullptr)},
          {"red", r.red},
          {"yellow", r.yellow}};
}

core::Result<TransitQuery> ParseTransitQuery(const Request& r, core::Timestamp now) {
  TransitQuery q;
  for (auto [name, out] : {std::pair{"from", &q.from}, std::pair{"to", &q.to}}) {
    if (auto v = r.QueryParam(name)) {
      ISTMO_RETURN_IF_ERROR(core::ParseDate(*v, std::string("?") + name));
      *out = *v;
    }
  }
  if (auto v = r.QueryParam("direction")) {
    if (*v != "northbound" && *v != "southbound") {
      return core::InvalidArgument("must be northbound or southbound", "?direction");
    }
    q.direction = *v;
  }
  if (auto v = r.QueryParam("vessel_imo")) {
    ISTMO_ASSIGN_OR_RETURN(q.vessel_imo, NormalizeImo(*v, "?vessel_imo"));
  }
  if (auto v = r.QueryParam("upcoming")) {
    if (*v != "true" && *v != "false") {
      return core::InvalidArgument("must be true or false", "?upcoming");
    }
    // Today by the server's clock (UTC): the transits of today and later, by date and slot.
    if (*v == "true") q.from = std::max(q.from, core::FormatDate(now));
  }
  ISTMO_ASSIGN_OR_RETURN(q.limit, r.QueryInt("limit", 100, 1, 1000));
  return q;
}

// A transit item of the list: the transit, its vessel and its risk.
core::Result<json> TransitItem(store::Connection& c, const store::AccessScope& scope,
                               const Transit& t, core::Timestamp now) {
  ISTMO_ASSIGN_OR_RETURN(auto vessel, TransitVessel(c, scope, t, now));
  ISTMO_ASSIGN_OR_RETURN(auto risk, RiskOfTransit(c, scope, t));
  json item = TransitJson(t);
  item["vessel"] = VesselJson(vessel);
  item["risk"] = RiskJson(risk);
  return item;
}

}  // namespace

void AddVesselRoutes(std::vector<Route>& routes, const RouteDeps& deps) {
  const RouteDeps s = deps;
  const auto kReaders = api::Roles({Role::kOfficer, Role::kAnalyst, Role::kSupervisor});

  routes.push_back(Route{
      .method = "GET",
      .path = "/api/v1/canal/transits",
      .tag = "canal",
      .summary = "Transits the caller may see, by date and slot, each with its vessel's behaviour "
                 "in the 30 days before and the risk of its containers (?from, to, direction, "
                 "vessel_imo, upcoming, limit)",
      .roles = kReaders,
      .handler = [s](Request& r) -> core::Result<Response> {
        const core::Timestamp now = s.clock.Now();
        ISTMO_ASSIGN_OR_RETURN(auto q, ParseTransitQuery(r, now));
        ISTMO_ASSIGN_OR_RETURN(
            auto items, s.store.Read<json>([&](store::Connection& c) -> core::Result<json> {
              ISTMO_ASSIGN_OR_RETURN(auto transits, ListTransits(c, r.Scope(), q));
              json out = json::array();
              for (const Transit& t : transits) {
                ISTMO_ASSIGN_OR_RETURN(auto item, TransitItem(c, r.Scope(), t, now));
                out.push_back(std::move(item));
              }
              return out;
            }));
        return Response::Json({{"items", items}});
      }});

  routes.push_back(
      Route{.method = "GET",
            .path = "/api/v1/canal/transits/{id}",
            .tag = "canal",
            .summary =
                "A transit with its vessel, the vessel's behaviour at sea in the 30 days before "
                "(gaps, encounters, loitering, alerts, port calls) and its top containers by score",
            .roles = kReaders,
            .handler = [s](Request& r) -> core::Result<Response> {
              const std::string id = r.path_params["id"];
              if (!core::IsUuid(id))
                return core::InvalidArgument("must be a transit id (UUID)", "id");
              const core::Timestamp now = s.clock.Now();
              ISTMO_ASSIGN_OR_RETURN(
                  auto body, s.store.Read<json>([&](store::Connection& c) -> core::Result<json> {
                    ISTMO_ASSIGN_OR_RETURN(auto t, GetTransit(c, r.Scope(), id));
                    ISTMO_ASSIGN_OR_RETURN(auto vessel, TransitVessel(c, r.Scope(), t, now));
                    ISTMO_ASSIGN_OR_RETURN(auto risk, RiskOfTransit(c, r.Scope(), t));
                    ISTMO_ASSIGN_OR_RETURN(auto lines,
                                           TransitContainers(c, r.Scope(), t, kTopContainers));
                    json containers = json::array();
                    for (const auto& l : lines) {
                      containers.push_back({{"line_id", l.line_id},
                                            {"container_number", l.container_number},
                                            {"score", l.score ? json(*l.score) : json(nullptr)},
                                            {"lane", Opt(l.lane)}});
                    }
                    json out = TransitJson(t);
                    out["vessel"] = VesselJson(vessel);
                    out["behaviour"] = BehaviourJson(vessel);
                    out["risk"] = RiskJson(risk);
                    out["containers"] = containers;
                    return out;
                  }));
              return Response::Json(body);
            }});

  routes.push_back(Route{
      .method = "GET",
      .path = "/api/v1/canal/vessels/{imo}",
      .tag = "canal",
      .summary = "A vessel by IMO number: the registry's vessel (or the one its transits name), "
                 "its behaviour at sea in the last 30 days and its visible transits",
      .roles = kReaders,
      .handler = [s](Request& r) -> core::Result<Response> {
        ISTMO_ASSIGN_OR_RETURN(const std::string imo, NormalizeImo(r.path_params["imo"], "imo"));
        ISTMO_ASSIGN_OR_RETURN(auto view, s.store.Read<VesselView>([&](store::Connection& c) {
          return VesselByImo(c, r.Scope(), imo, s.clock.Now());
        }));
        json transits = json::array();
        for (const Transit& t : view.transits) transits.push_back(TransitJson(t));
        return Response::Json({{"imo", view.imo},
                               {"vessel", VesselJson(view.vessel)},
                               {"behaviour", BehaviourJson(view.vessel)},
                               {"transits", transits}});
      }});
}

}  // namespace istmo::canal

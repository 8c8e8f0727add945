#include "canal/routes.h"

#include <algorithm>

#include "canal/codes.h"
#include "canal/inspections.h"
#include "canal/internal/inspection_routes.h"
#include "canal/internal/line_json.h"
#include "canal/internal/risk_json.h"
#include "canal/manifest.h"
#include "canal/records.h"
#include "canal/risk.h"
#include "canal/transits.h"
#include "core/id.h"

namespace istmo::canal {

namespace internal {

using nlohmann::json;

namespace {

json PartyJson(const PartyRef& p) {
  return {{"party_id", p.party_id}, {"name", p.name}, {"address", p.address}};
}

}  // namespace

json LineJson(const ContainerLine& l) {
  return {{"id", l.id},
          {"created_at", core::FormatIso8601(l.created_at)},
          {"owner_org", l.owner_org},
          {"releasability", l.releasability},
          {"import_id", l.import_id},
          {"line", l.line},
          {"bill_of_lading", l.bill_of_lading},
          {"container_number", l.container_number},
          {"seal_numbers", l.seals},
          {"shipper", PartyJson(l.shipper)},
          {"consignee", PartyJson(l.consignee)},
          {"notify", l.notify ? PartyJson(*l.notify) : json(nullptr)},
          {"hs_code", l.hs_code},
          {"port_of_loading", l.port_of_loading},
          {"port_of_discharge", l.port_of_discharge},
          {"transshipment_ports", l.transshipment_ports},
          {"weight_kg", l.weight_kg},
          {"declared_value", l.declared_value
                                 ? json{{"amount", *l.declared_value}, {"currency", l.currency}}
                                 : json(nullptr)},
          {"vessel_imo", l.vessel_imo.empty() ? json(nullptr) : json(l.vessel_imo)},
          {"voyage", l.voyage.empty() ? json(nullptr) : json(l.voyage)}};
}

// A line with its risk (canal/risk.h), null while it was never scored, and its inspection
// {id, status, result}, null while it has none.
json LineJson(const ContainerLine& l, const std::map<std::string, ScoredLine>& risks) {
  json out = LineJson(l);
  const auto risk = risks.find(l.id);
  out["risk"] = risk == risks.end() ? json(nullptr) : LineRiskJson(risk->second.risk);
  out["inspection"] = InspectionRefJson(risk == risks.end() ? std::nullopt : risk->second.inspection);
  return out;
}

core::Result<std::map<std::string, ScoredLine>> RisksOfLines(
    store::Connection& c, const store::AccessScope& scope,
    const std::vector<ContainerLine>& lines) {
  std::vector<std::string> ids;
  ids.reserve(lines.size());
  for (const ContainerLine& l : lines) ids.push_back(l.id);
  return RisksOf(c, scope, ids);
}

}  // namespace internal

namespace {

using api::Request;
using api::Response;
using api::Route;
using nlohmann::json;
using store::Role;

// Rejects listed in one answer; the counts always cover all of them.
constexpr std::size_t kMaxRejectsShown = 1000;
// The HTTP form is for files of a day's bookings or a ship's manifest; larger files go through
// `istmo canal import-manifest`.
constexpr std::size_t kMaxImportBody = 16 * 1024 * 1024;

json ReportJson(const ImportReport& r) {
  json rejects = json::array();
  for (std::size_t i = 0; i < r.rejects.size() && i < kMaxRejectsShown; ++i) {
    const Reject& x = r.rejects[i];
    rejects.push_back({{"line", x.line}, {"field", x.field}, {"message", x.message}});
  }
  return {{"import_id", r.import_id},
          {"lines", r.lines},
          {"imported", r.imported},
          {"unchanged", r.unchanged},
          {"rejected", r.rejects.size()},
          {"rejects", rejects},
          {"rejects_truncated", r.rejects.size() > kMaxRejectsShown}};
}

// "text/csv" or "application/json" (parameters ignored); anything else is refused.
core::Result<bool> IsJsonBody(const Request& r) {
  std::string ct = r.content_type.substr(0, r.content_type.find(';'));
  std::transform(ct.begin(), ct.end(), ct.begin(), [](unsigned char c) { return std::tolower(c); });
  if (ct == "application/json") return true;
  if (ct == "text/csv") return false;
  return core::InvalidArgument("send the file as Content-Type: text/csv or application/json",
                               "Content-Type");
}

// ?releasability=USA&releasability=org:… (or comma-separated in one parameter).
core::Result<ImportOptions> ImportParams(const Request& r) {
  ImportOptions options;
  auto [begin, end] = r.query.equal_range("releasability");
  for (auto it = begin; it != end; ++it) {
    std::size_t start = 0;
    const std::string& v = it->second;
    while (start <= v.size()) {
      std::size_t comma = v.find(',', start);
      if (comma == std::string::npos) comma = v.size();
      if (comma > start)
        options.releasability.push_back(std::string(Trim(v.substr(start, comma - start))));
      start = comma + 1;
    }
  }
  auto normalized = store::NormalizeReleasability(options.releasability);
  if (!normalized) {
    core::Error e = normalized.error();
    e.field = "?releasability";
    return e;
  }
  return options;
}

// The file-level error of a parser, with the body's line.
core::Error FileError(core::Error e) {
  if (e.line > 0) e.message = "line " + std::to_string(e.line) + ": " + e.message;
  return e;
}

core::Result<std::string> UuidParam(const Request& r, const std::string& name) {
  auto v = r.QueryParam(name);
  if (!v) return std::string();
  if (!core::IsUuid(*v)) return core::InvalidArgument("must be an id (UUID)", "?" + name);
  return *v;
}

core::Result<ContainerQuery> ParseContainerQuery(const Request& r) {
  ContainerQuery q;
  if (auto v = r.QueryParam("container_number")) {
    ISTMO_ASSIGN_OR_RETURN(auto n, ParseContainerNumber(*v, "?container_number"));
    q.container_number = n.ToString();
  }
  if (auto v = r.QueryParam("bill_of_lading")) {
    q.bill_of_lading = std::string(Trim(*v));
    std::transform(q.bill_of_lading.begin(), q.bill_of_lading.end(), q.bill_of_lading.begin(),
                   [](unsigned char c) { return std::toupper(c); });
    if (q.bill_of_lading.empty() || q.bill_of_lading.size() > 35) {
      return core::InvalidArgument("must have 1 to 35 characters", "?bill_of_lading");
    }
  }
  ISTMO_ASSIGN_OR_RETURN(q.party_id, UuidParam(r, "party_id"));
  ISTMO_ASSIGN_OR_RETURN(q.import_id, UuidParam(r, "import_id"));
  ISTMO_ASSIGN_OR_RETURN(q.after, UuidParam(r, "after"));
  if (auto v = r.QueryParam("hs_code")) {
    std::string digits;
    for (char c : *v) {
      if (c != '.') digits += c;
    }
    const bool ok =
        !digits.empty() && digits.size() <= 6 &&
        std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (!ok) return core::InvalidArgument("must be 1 to 6 digits of an HS code", "?hs_code");
    q.hs_code = digits;
  }
  if (auto v = r.QueryParam("port")) {
    ISTMO_ASSIGN_OR_RETURN(q.port, NormalizeLocode(*v, "?port"));
  }
  ISTMO_ASSIGN_OR_RETURN(q.limit, r.QueryInt("limit", 100, 1, 1000));
  return q;
}

const json kReportSchema = {{"type", "object"},
                            {"properties",
                             {{"import_id", {{"type", "string"}}},
                              {"lines", {{"type", "integer"}}},
                              {"imported", {{"type", "integer"}}},
                              {"unchanged", {{"type", "integer"}}},
                              {"rejected", {{"type", "integer"}}},
                              {"rejects",
                               {{"type", "array"},
                                {"items",
                                 {{"type", "object"},
                                  {"properties",
                                   {{"line", {{"type", "integer"}}},
                                    {"field", {{"type", "string"}}},
                                    {"message", {{"type", "string"}}}}}}}}},
                              {"rejects_truncated", {{"type", "boolean"}}}}}};

}  // namespace

void AddRoutes(std::vector<Route>& routes, const RouteDeps& deps) {
  const RouteDeps s = deps;
  const auto kWriters = api::Roles({Role::kOfficer, Role::kAnalyst});
  const auto kReaders = api::Roles({Role::kOfficer, Role::kAnalyst, Role::kSupervisor});

  routes.push_back(Route{
      .method = "POST",
      .path = "/api/v1/canal/manifests",
      .tag = "canal",
      .summary = "Import a container manifest (CSV or JSON, docs/canal.md); bad lines are "
                 "rejected with line, field and reason, the others imported in one transaction",
      .roles = kWriters,
      .max_body = kMaxImportBody,
      .success_status = 201,
      .response_schema = kReportSchema,
      .pool = api::Pool::kReports,
      .handler = [s](Request& r) -> core::Result<Response> {
        ISTMO_ASSIGN_OR_RETURN(const bool is_json, IsJsonBody(r));
        ISTMO_ASSIGN_OR_RETURN(auto options, ImportParams(r));
        auto parsed = is_json ? ParseManifestJson(r.body) : ParseManifestCsv(r.body);
        if (!parsed) return FileError(parsed.error());
        ISTMO_ASSIGN_OR_RETURN(auto report, ImportManifest(s.store, r.Scope(), std::move(*parsed),
                                                           options, s.clock.Now()));
        json out = ReportJson(report);
        // The new lines are scored at once. The import stands whatever its scoring does: a
        // failed run is reported beside it. Nothing new, nothing scored: null.
        out["score"] = nullptr;
        if (report.imported > 0) {
          auto scored = ScoreImport(s.store, r.Scope(), report.import_id, s.clock.Now());
          out["score"] = scored ? internal::ScoreSummaryJson(*scored)
                                : json{{"error",
                                        {{"code", core::ErrorCodeName(scored.error().code)},
                                         {"message", scored.error().message}}}};
        }
        return Response::Json(out, 201);
      }});

  routes.push_back(
      Route{.method = "GET",
            .path = "/api/v1/canal/containers",
            .tag = "canal",
            .summary = "Manifest lines the caller may see, oldest first (?container_number, "
                       "bill_of_lading, party_id, hs_code prefix, port, import_id, limit, after)",
            .roles = kReaders,
            .handler = [s](Request& r) -> core::Result<Response> {
              ISTMO_ASSIGN_OR_RETURN(auto q, ParseContainerQuery(r));
              std::map<std::string, ScoredLine> risks;
              ISTMO_ASSIGN_OR_RETURN(
                  auto lines,
                  s.store.Read<std::vector<ContainerLine>>(
                      [&](store::Connection& c) -> core::Result<std::vector<ContainerLine>> {
                        ISTMO_ASSIGN_OR_RETURN(auto found, ListContainerLines(c, r.Scope(), q));
                        ISTMO_ASSIGN_OR_RETURN(risks, internal::RisksOfLines(c, r.Scope(), found));
                        return found;
                      }));
              json items = json::array();
              for (const auto& l : lines) items.push_back(internal::LineJson(l, risks));
              const bool more = static_cast<std::int64_t>(lines.size()) == q.limit;
              return Response::Json(
                  {{"items", items}, {"next_after", more ? json(lines.back().id) : json(nullptr)}});
            }});

  routes.push_back(Route{
      .method = "GET",
      .path = "/api/v1/canal/containers/{id}",
      .tag = "canal",
      .summary = "A container by its ISO 6346 number, with every manifest line the caller may see",
      .roles = kReaders,
      .handler = [s](Request& r) -> core::Result<Response> {
        ISTMO_ASSIGN_OR_RETURN(auto number, ParseContainerNumber(r.path_params["id"], "id"));
        std::map<std::string, ScoredLine> risks;
        ISTMO_ASSIGN_OR_RETURN(
            auto k, s.store.Read<Container>([&](store::Connection& c) -> core::Result<Container> {
              ISTMO_ASSIGN_OR_RETURN(auto found, GetContainer(c, r.Scope(), number.ToString()));
              ISTMO_ASSIGN_OR_RETURN(risks, internal::RisksOfLines(c, r.Scope(), found.lines));
              return found;
            }));
        json lines = json::array();
        for (const auto& l : k.lines) lines.push_back(internal::LineJson(l, risks));
        return Response::Json({{"container_number", k.container_number},
                               {"owner_code", k.owner_code},
                               {"category", std::string(1, k.category)},
                               {"lines", lines}});
      }});

  routes.push_back(Route{
      .method = "POST",
      .path = "/api/v1/canal/transits",
      .tag = "canal",
      .summary = "Import a transit schedule (CSV or JSON, docs/canal.md), with per-line rejects",
      .roles = kWriters,
      .max_body = kMaxImportBody,
      .success_status = 201,
      .response_schema = kReportSchema,
      .pool = api::Pool::kReports,
      .handler = [s](Request& r) -> core::Result<Response> {
        ISTMO_ASSIGN_OR_RETURN(const bool is_json, IsJsonBody(r));
        ISTMO_ASSIGN_OR_RETURN(auto options, ImportParams(r));
        auto parsed = is_json ? ParseTransitsJson(r.body) : ParseTransitsCsv(r.body);
        if (!parsed) return FileError(parsed.error());
        ISTMO_ASSIGN_OR_RETURN(auto report, ImportTransits(s.store, r.Scope(), std::move(*parsed),
                                                           options, s.clock.Now()));
        return Response::Json(ReportJson(report), 201);
      }});

  routes.push_back(
      Route{.method = "GET",
            .path = "/api/v1/canal/parties/{id}",
            .tag = "canal",
            .summary = "A party: the spellings and containers of the lines the caller may see",
            .roles = kReaders,
            .handler = [s](Request& r) -> core::Result<Response> {
              const std::string id = r.path_params["id"];
              if (!core::IsUuid(id))
                return core::InvalidArgument("must be a party id (UUID)", "id");
              PartyHistory p;
              InspectionHistory inspected;
              ISTMO_RETURN_IF_ERROR(s.store.Read([&](store::Connection& c) -> core::Status {
                ISTMO_ASSIGN_OR_RETURN(p, GetParty(c, r.Scope(), id));
                ISTMO_ASSIGN_OR_RETURN(inspected, PartyInspectionHistory(c, r.Scope(), id));
                return core::Ok();
              }));
              json spellings = json::array();
              for (const auto& x : p.spellings) {
                spellings.push_back({{"name", x.name}, {"address", x.address}, {"lines", x.lines}});
              }
              return Response::Json({{"id", p.id},
                                     {"key", p.key},
                                     {"spellings", spellings},
                                     {"containers", p.containers},
                                     {"lines", p.lines},
                                     {"inspections",
                                      {{"done", inspected.inspections},
                                       {"positives", inspected.positives}}}});
            }});

  internal::AddInspectionRoutes(routes, deps);
  // Before the risk routes: the first matching route wins, and /rules/{id} would take
  // /rules/suggestions.
  AddWeightRoutes(routes, deps);
  AddRiskRoutes(routes, deps);
  // Transits with their vessel and risk, and vessels by IMO (vessel_routes.cc).
  AddVesselRoutes(routes, deps);
}

}  // namespace istmo::canal

// The vessel watchlist routes (routes.h lists them; docs/api.md, "Maritime").
#include "api/json_body.h"
#include "maritime/routes.h"

namespace istmo::maritime {
namespace {

using api::Request;
using api::Response;
using api::Route;
using nlohmann::json;

json EntryJson(const VesselWatchlistEntry& e) {
  return {{"id", e.id},
          {"created_at", core::FormatIso8601(e.created_at)},
          {"watchlist_id", e.watchlist_id},
          {"match", VesselMatchName(e.match)},
          {"value", e.value},
          {"reason", e.reason},
          {"added_by", e.added_by}};
}

// The watchlist; with its entries when `entries` (GET one, PATCH).
json WatchlistJson(const VesselWatchlist& w, bool entries) {
  json j = {{"id", w.id},
            {"name", w.name},
            {"description", w.description},
            {"owner_org", w.owner_org},
            {"releasability", w.releasability},
            {"created_at", core::FormatIso8601(w.created_at)},
            {"created_by", w.created_by},
            {"updated_at", core::FormatIso8601(w.updated_at)},
            {"entry_count", entries ? static_cast<std::int64_t>(w.entries.size()) : w.entry_count}};
  if (entries) {
    json items = json::array();
    for (const auto& e : w.entries) items.push_back(EntryJson(e));
    j["entries"] = std::move(items);
  }
  return j;
}

const json kEntrySchema = {{"type", "object"},
                           {"required", {"id", "match", "value", "reason"}},
                           {"properties",
                            {{"id", {{"type", "string"}}},
                             {"match", {{"type", "string"}, {"enum", {"mmsi", "imo", "name", "call_sign"}}}},
                             {"value", {{"type", "string"}}},
                             {"reason", {{"type", "string"}}},
                             {"added_by", {{"type", "string"}}}}}};

const json kWatchlistSchema = {{"type", "object"},
                               {"required", {"id", "name", "owner_org", "releasability"}},
                               {"properties",
                                {{"id", {{"type", "string"}}},
                                 {"name", {{"type", "string"}}},
                                 {"description", {{"type", "string"}}},
                                 {"owner_org", {{"type", "string"}}},
                                 {"releasability", {{"type", "array"}}},
                                 {"entry_count", {{"type", "integer"}}},
                                 {"entries", {{"type", "array"}, {"items", kEntrySchema}}}}}};

const json kWatchlistRequest = {{"type", "object"},
                                {"properties",
                                 {{"name", {{"type", "string"}, {"maxLength", 200}}},
                                  {"description", {{"type", "string"}, {"maxLength", 2000}}},
                                  {"releasability",
                                   {{"type", "array"}, {"items", {{"type", "string"}}}}}}}};

core::Result<VesselWatchlistPatch> ParsePatch(const std::string& body) {
  ISTMO_ASSIGN_OR_RETURN(auto j, api::JsonBody::Parse(body));
  ISTMO_RETURN_IF_ERROR(j.RejectUnknown({"name", "description", "releasability"}));
  VesselWatchlistPatch p;
  ISTMO_ASSIGN_OR_RETURN(p.name, j.OptString("name", 200));
  ISTMO_ASSIGN_OR_RETURN(p.description, j.OptString("description", 2000, /*allow_empty=*/true));
  ISTMO_ASSIGN_OR_RETURN(p.releasability, j.OptStringArray("releasability", 64, 80));
  return p;
}

}  // namespace

void AddWatchlistRoutes(std::vector<api::Route>& routes, const RouteDeps& deps) {
  VesselWatch* watch = deps.watch;
  const core::Clock* clock = &deps.clock;
  const std::uint8_t readers = api::Roles(
      {store::Role::kOfficer, store::Role::kAnalyst, store::Role::kSupervisor, store::Role::kAdmin});
  const std::uint8_t writers =
      api::Roles({store::Role::kOfficer, store::Role::kSupervisor, store::Role::kAdmin});

  routes.push_back(Route{
      .method = "GET",
      .path = "/api/v1/maritime/watchlists",
      .tag = "maritime",
      .summary = "The vessel watchlists the caller may see, by name, with their entry counts",
      .roles = readers,
      .response_schema = {{"type", "object"},
                          {"properties",
                           {{"items", {{"type", "array"}, {"items", kWatchlistSchema}}},
                            {"count", {{"type", "integer"}}}}}},
      .handler = [watch](Request& r) -> core::Result<Response> {
        ISTMO_ASSIGN_OR_RETURN(auto lists, watch->List(r.Scope()));
        json items = json::array();
        for (const auto& w : lists) items.push_back(WatchlistJson(w, false));
        const std::size_t count = items.size();
        return Response::Json({{"items", std::move(items)}, {"count", count}});
      }});

  routes.push_back(Route{
      .method = "POST",
      .path = "/api/v1/maritime/watchlists",
      .tag = "maritime",
      .summary = "Create a vessel watchlist owned by the caller's organization (officers, "
                 "supervisors and admins)",
      .roles = writers,
      .max_body = 16 * 1024,
      .json_body = true,
      .success_status = 201,
      .request_schema = kWatchlistRequest,
      .response_schema = kWatchlistSchema,
      .handler = [watch, clock](Request& r) -> core::Result<Response> {
        ISTMO_ASSIGN_OR_RETURN(auto j, api::JsonBody::Parse(r.body));
        ISTMO_RETURN_IF_ERROR(j.RejectUnknown({"name", "description", "releasability"}));
        NewVesselWatchlist in;
        ISTMO_ASSIGN_OR_RETURN(in.name, j.String("name", 200));
        ISTMO_ASSIGN_OR_RETURN(auto description,
                               j.OptString("description", 2000, /*allow_empty=*/true));
        in.description = description.value_or("");
        ISTMO_ASSIGN_OR_RETURN(auto rel, j.OptStringArray("releasability", 64, 80));
        in.releasability = rel.value_or(std::vector<std::string>{});
        ISTMO_ASSIGN_OR_RETURN(auto w, watch->Create(r.Scope(), std::move(in), clock->Now()));
        return Response::Json(WatchlistJson(w, true), 201);
      }});

  routes.push_back(Route{
      .method = "GET",
      .path = "/api/v1/maritime/watchlists/{id}",
      .tag = "maritime",
      .summary = "One vessel watchlist with its entries (404 when hidden)",
      .roles = readers,
      .response_schema = kWatchlistSchema,
      .handler = [watch](Request& r) -> core::Result<Response> {
        ISTMO_ASSIGN_OR_RETURN(auto w, watch->Get(r.Scope(), r.path_params["id"]));
        return Response::Json(WatchlistJson(w, true));
      }});

  routes.push_back(Route{
      .method = "PATCH",
      .path = "/api/v1/maritime/watchlists/{id}",
      .tag = "maritime",
      .summary = "Rename, describe or re-release a vessel watchlist of the caller's organization",
      .roles = writers,
      .max_body = 16 * 1024,
      .json_body = true,
      .request_schema = kWatchlistRequest,
      .response_schema = kWatchlistSchema,
      .handler = [watch, clock](Request& r) -> core::Result<Response> {
        ISTMO_ASSIGN_OR_RETURN(auto patch, ParsePatch(r.body));
        const std::string id = r.path_params["id"];
        ISTMO_RETURN_IF_ERROR(watch->Update(r.Scope(), id, std::move(patch), clock->Now()));
        ISTMO_ASSIGN_OR_RETURN(auto w, watch->Get(r.Scope(), id));
        return Response::Json(WatchlistJson(w, true));
      }});

  routes.push_back(Route{
      .method = "DELETE",
      .path = "/api/v1/maritime/watchlists/{id}",
      .tag = "maritime",
      .summary = "Delete a vessel watchlist of the caller's organization and its entries (the "
                 "alerts it raised stay)",
      .roles = writers,
      .success_status = 204,
      .handler = [watch, clock](Request& r) -> core::Result<Response> {
        ISTMO_RETURN_IF_ERROR(watch->Delete(r.Scope(), r.path_params["id"], clock->Now()));
        return Response::NoContent();
      }});

  routes.push_back(Route{
      .method = "POST",
      .path = "/api/v1/maritime/watchlists/{id}/entries",
      .tag = "maritime",
      .summary = "List a vessel: {match: mmsi|imo|name|call_sign, value, reason}; names and call "
                 "signs match normalized (case, spaces, punctuation)",
      .roles = writers,
      .max_body = 8192,
      .json_body = true,
      .success_status = 201,
      .request_schema = {{"type", "object"},
                         {"required", {"match", "value", "reason"}},
                         {"properties",
                          {{"match", {{"type", "string"}, {"enum", {"mmsi", "imo", "name", "call_sign"}}}},
                           {"value", {{"type", "string"}, {"maxLength", 120}}},
                           {"reason", {{"type", "string"}, {"maxLength", 500}}}}}},
      .response_schema = kEntrySchema,
      .handler = [watch, clock](Request& r) -> core::Result<Response> {
        ISTMO_ASSIGN_OR_RETURN(auto j, api::JsonBody::Parse(r.body));
        ISTMO_RETURN_IF_ERROR(j.RejectUnknown({"match", "value", "reason"}));
        NewVesselWatchlistEntry in;
        ISTMO_ASSIGN_OR_RETURN(auto match, j.String("match", 20));
        const auto by = ParseVesselMatch(match);
        if (!by) {
          return core::WithReason(
              core::InvalidArgument("must be mmsi, imo, name or call_sign", "/match"),
              "invalid_value");
        }
        in.match = *by;
        ISTMO_ASSIGN_OR_RETURN(in.value, j.String("value", 120));
        ISTMO_ASSIGN_OR_RETURN(in.reason, j.String("reason", 500));
        ISTMO_ASSIGN_OR_RETURN(auto e, watch->AddEntry(r.Scope(), r.path_params["id"],
                                                       std::move(in), clock->Now()));
        return Response::Json(EntryJson(e), 201);
      }});

  routes.push_back(Route{
      .method = "DELETE",
      .path = "/api/v1/maritime/watchlists/{id}/entries/{entry_id}",
      .tag = "maritime",
      .summary = "Take a vessel off a watchlist of the caller's organization",
      .roles = writers,
      .success_status = 204,
      .handler = [watch, clock](Request& r) -> core::Result<Response> {
        ISTMO_RETURN_IF_ERROR(watch->RemoveEntry(r.Scope(), r.path_params["id"],
                                                 r.path_params["entry_id"], clock->Now()));
        return Response::NoContent();
      }});
}

}  // namespace istmo::maritime

#include "biometrics/routes.h"

#include <memory>

#include "api/json_body.h"
#include "biometrics/faces.h"
#include "biometrics/json.h"
#include "biometrics/people.h"
#include "biometrics/photos.h"

namespace istmo::biometrics {

namespace {

using api::Request;
using api::Response;
using api::Route;
using nlohmann::json;
using store::Role;

json BoxJson(const FaceBox& b) {
  return {{"left", b.left}, {"top", b.top}, {"width", b.width}, {"height", b.height}};
}

json WatchlistJson(const Watchlist& w) {
  return {{"id", w.id},
          {"created_at", core::FormatIso8601(w.created_at)},
          {"owner_org", w.owner_org},
          {"releasability", w.releasability},
          {"name", w.name},
          {"entries", w.entries}};
}

json EntryJson(const WatchlistEntry& e) {
  return {{"id", e.id},
          {"created_at", core::FormatIso8601(e.created_at)},
          {"watchlist_id", e.watchlist_id},
          {"person_id", e.person_id},
          {"name", e.name},
          {"reason", e.reason},
          {"has_face", !e.template_id.empty()},
          {"photo_url", e.template_id.empty() ? json(nullptr) : json(FacePhotoUrl(e.template_id))}};
}

json PolicyJson(const PhotoPolicy& p) {
  return {{"org_id", p.org_id},
          {"retention_days", p.retention_days ? json(*p.retention_days) : json(nullptr)},
          {"updated_at", p.updated_at.empty() ? json(nullptr) : json(p.updated_at)},
          {"updated_by", p.updated_by.empty() ? json(nullptr) : json(p.updated_by)}};
}

core::Result<std::optional<std::int64_t>> ParsePolicy(std::string_view body) {
  ISTMO_ASSIGN_OR_RETURN(auto j, api::JsonBody::Parse(body));
  ISTMO_RETURN_IF_ERROR(j.RejectUnknown({"retention_days"}));
  ISTMO_ASSIGN_OR_RETURN(auto days, j.OptInt("retention_days", 1, kMaxPhotoRetentionDays));
  return days;
}

struct IdentifyRequest {
  std::vector<std::uint8_t> photo;
  std::size_t candidates = 10;
};

core::Result<IdentifyRequest> ParseIdentifyRequest(std::string_view body) {
  ISTMO_ASSIGN_OR_RETURN(auto j, api::JsonBody::Parse(body));
  ISTMO_RETURN_IF_ERROR(j.RejectUnknown({"photo", "candidates"}));
  IdentifyRequest out;
  ISTMO_ASSIGN_OR_RETURN(auto photo, j.OptBase64("photo", kMaxPhotoBytes));
  if (!photo) {
    return core::WithReason(
        core::InvalidArgument("is required: a JPEG or PNG photo, base64", "/photo"), "required");
  }
  out.photo = std::move(*photo);
  ISTMO_ASSIGN_OR_RETURN(auto k, j.OptInt("candidates", 1, 50));
  if (k) out.candidates = static_cast<std::size_t>(*k);
  return out;
}

struct NewWatchlistRequest {
  std::string name;
  std::vector<std::string> releasability;
};

core::Result<NewWatchlistRequest> ParseNewWatchlist(std::string_view body) {
  ISTMO_ASSIGN_OR_RETURN(auto j, api::JsonBody::Parse(body));
  ISTMO_RETURN_IF_ERROR(j.RejectUnknown({"name", "releasability"}));
  NewWatchlistRequest out;
  ISTMO_ASSIGN_OR_RETURN(out.name, j.String("name", 120));
  ISTMO_ASSIGN_OR_RETURN(auto rel, j.OptStringArray("releasability"));
  out.releasability = rel.value_or(std::vector<std::string>{});
  return out;
}

struct NewEntryRequest {
  std::string person_id;
  std::string name;
  std::string reason;
  std::vector<std::uint8_t> photo;
};

core::Result<NewEntryRequest> ParseNewEntry(std::string_view body) {
  ISTMO_ASSIGN_OR_RETURN(auto j, api::JsonBody::Parse(body));
  ISTMO_RETURN_IF_ERROR(j.RejectUnknown({"person_id", "name", "reason", "photo"}));
  NewEntryRequest out;
  ISTMO_ASSIGN_OR_RETURN(auto person, j.OptString("person_id", 64));
  ISTMO_ASSIGN_OR_RETURN(auto name, j.OptString("name", 200));
  ISTMO_ASSIGN_OR_RETURN(out.reason, j.String("reason", 500));
  // Unwrapped by hand: GCC 12 warns falsely (-Wmaybe-uninitialized) of the macro's moved-from
  // optional<vector> here.
  auto photo = j.OptBase64("photo", kMaxPhotoBytes);
  if (!photo) return photo.error();
  out.person_id = person.value_or("");
  out.name = name.value_or("");
  if (photo->has_value()) out.photo = std::move(**photo);
  if (out.person_id.empty() && out.photo.empty()) {
    return core::WithReason(
        core::InvalidArgument("give the person's id (from an encounter) or a photo", "/person_id"),
        "required");
  }
  return out;
}

const json kPersonSchema = {{"type", "object"},
                            {"nullable", true},
                            {"properties",
                             {{"name", {{"type", "string"}}},
                              {"nationality", {{"type", "string"}, {"nullable", true}}},
                              {"birth_date", {{"type", "string"}, {"nullable", true}}},
                              {"sex", {{"type", "string"}, {"nullable", true}}},
                              {"encounter_id", {{"type", "string"}, {"nullable", true}}}}}};
const json kWatchlistSchema = {{"type", "object"},
                               {"properties",
                                {{"id", {{"type", "string"}}},
                                 {"owner_org", {{"type", "string"}}},
                                 {"releasability", {{"type", "array"}, {"items", {{"type", "string"}}}}},
                                 {"name", {{"type", "string"}}},
                                 {"entries", {{"type", "integer"}}}}}};
const json kEntrySchema = {{"type", "object"},
                           {"properties",
                            {{"id", {{"type", "string"}}},
                             {"person_id", {{"type", "string"}}},
                             {"name", {{"type", "string"}}},
                             {"reason", {{"type", "string"}}},
                             {"has_face", {{"type", "boolean"}}}}}};
const json kHitSchema = {{"type", "object"},
                         {"properties",
                          {{"watchlist_id", {{"type", "string"}}},
                           {"watchlist_name", {{"type", "string"}}},
                           {"person_id", {{"type", "string"}}},
                           {"reason", {{"type", "string"}}},
                           {"distance", {{"type", "number"}}},
                           {"alert_id", {{"type", "string"}}},
                           {"photo_url", {{"type", "string"}, {"nullable", true}}},
                           {"person", kPersonSchema}}}};
const json kCandidateSchema = {{"type", "object"},
                               {"properties",
                                {{"template_id", {{"type", "string"}}},
                                 {"person_id", {{"type", "string"}}},
                                 {"distance", {{"type", "number"}}},
                                 {"match", {{"type", "boolean"}}},
                                 {"photo_url", {{"type", "string"}, {"nullable", true}}},
                                 {"person", kPersonSchema}}}};
const json kPolicySchema = {
    {"type", "object"},
    {"properties",
     {{"org_id", {{"type", "string"}}},
      {"retention_days", {{"type", "integer"}, {"nullable", true}, {"minimum", 1}}},
      {"updated_at", {{"type", "string"}, {"nullable", true}}},
      {"updated_by", {{"type", "string"}, {"nullable", true}}}}}};
const json kPhotoSchema = {
    {"type", "string"},
    {"format", "byte"},
    {"description", "JPEG or PNG, base64 (a data: URL is accepted), at most 6 MiB"}};

}  // namespace

void AddRoutes(std::vector<Route>& routes, const RouteDeps& s) {
  const std::uint8_t kIdentifiers = api::Roles({Role::kOfficer, Role::kAnalyst});
  const std::uint8_t kReaders = api::Roles({Role::kAnalyst, Role::kSupervisor, Role::kAdmin});
  const std::uint8_t kManagers = api::Roles({Role::kSupervisor, Role::kAdmin});
  // Whoever is shown faces: identification, encounters, watchlists.
  const std::uint8_t kPhotoReaders =
      api::Roles({Role::kOfficer, Role::kAnalyst, Role::kSupervisor, Role::kAdmin});
  FaceService* faces = &s.faces;

  routes.push_back(Route{
      .method = "POST", .path = "/api/v1/biometrics/identify", .tag = "biometrics",
      .summary = "Search one photo's face against every template and watchlist (1:N); a "
                 "watchlist hit raises an alert for the watchlist's owner",
      .roles = kIdentifiers, .max_body = 10 * 1024 * 1024, .json_body = true,
      .request_schema = {{"type", "object"},
                         {"required", {"photo"}},
                         {"properties",
                          {{"photo", kPhotoSchema},
                           {"candidates", {{"type", "integer"}, {"minimum", 1}, {"maximum", 50}}}}}},
      .response_schema = {{"type", "object"},
                          {"properties",
                           {{"face", {{"type", "object"}}},
                            {"candidates", {{"type", "array"}, {"items", kCandidateSchema}}},
                            {"people",
                             {{"type", "array"},
                              {"items",
                               {{"type", "object"},
                                {"properties",
                                 {{"person_id", {{"type", "string"}}},
                                  {"distance", {{"type", "number"}}},
                                  {"person", kPersonSchema},
                                  {"photo_url", {{"type", "string"}, {"nullable", true}}},
                                  {"candidates",
                                   {{"type", "array"}, {"items", kCandidateSchema}}}}}}}}},
                            {"watchlist_hits", {{"type", "array"}, {"items", kHitSchema}}}}}},
      .pool = api::Pool::kFaces,
      .handler = [s, faces](Request& r) -> core::Result<Response> {
        ISTMO_ASSIGN_OR_RETURN(auto in, ParseIdentifyRequest(r.body));
        ISTMO_ASSIGN_OR_RETURN(FaceTemplate face, faces->Describe(in.photo, "/photo"));
        ISTMO_ASSIGN_OR_RETURN(FaceRegistry * registry, faces->Registry());
        ISTMO_ASSIGN_OR_RETURN(auto found, registry->Identify(r.Scope(), face.descriptor,
                                                              in.candidates, s.clock.Now()));
        ISTMO_RETURN_IF_ERROR(s.store.Read<bool>([&](store::Connection& c) -> core::Result<bool> {
          ISTMO_RETURN_IF_ERROR(
              DescribePeople(c, r.Scope(), s.people, found.candidates, found.hits));
          return true;
        }));
        json candidates = json::array();
        for (const auto& c : found.candidates) candidates.push_back(CandidateJson(c));
        json hits = json::array();
        for (const auto& h : found.hits) hits.push_back(WatchlistHitJson(h));
        return Response::Json({{"face", {{"box", BoxJson(face.box)}}},
                               {"candidates", candidates},
                               {"people", PeopleJson(GroupByPerson(found.candidates))},
                               {"watchlist_hits", hits}});
      }});

  routes.push_back(Route{
      .method = "GET", .path = "/api/v1/biometrics/faces/{template_id}/photo",
      .tag = "biometrics",
      .summary = "The photo a face was enrolled from (?size=thumb: a JPEG of at most 160 px), "
                 "when the face is releasable to the caller; every read is audited",
      .roles = kPhotoReaders,
      .handler = [s, faces](Request& r) -> core::Result<Response> {
        ISTMO_ASSIGN_OR_RETURN(PhotoSize size, PhotoSizeParam(r));
        ISTMO_ASSIGN_OR_RETURN(FaceRegistry * registry, faces->Registry());
        ISTMO_ASSIGN_OR_RETURN(
            auto photo,
            registry->ReadPhoto(r.Scope(),
                                {.template_id = r.path_params["template_id"], .size = size},
                                s.clock.Now()));
        return PhotoResponse(std::move(photo));
      }});

  routes.push_back(Route{
      .method = "GET", .path = "/api/v1/biometrics/photo-policy", .tag = "biometrics",
      .summary = "How long the caller's organization keeps face photos (retention_days, null: "
                 "kept)",
      .response_schema = kPolicySchema,
      .handler = [s](Request& r) -> core::Result<Response> {
        ISTMO_ASSIGN_OR_RETURN(auto policy, s.store.Read<PhotoPolicy>([&](store::Connection& c) {
          return GetPhotoPolicy(c, r.Scope());
        }));
        return Response::Json(PolicyJson(policy));
      }});

  routes.push_back(Route{
      .method = "PUT", .path = "/api/v1/biometrics/photo-policy", .tag = "biometrics",
      .summary = "Set how long the organization keeps face photos; older ones are erased by the "
                 "next purge (the faces stay)",
      .roles = api::Roles({Role::kAdmin}), .max_body = 1024, .json_body = true,
      .request_schema = {{"type", "object"},
                         {"required", {"retention_days"}},
                         {"properties",
                          {{"retention_days",
                            {{"type", "integer"}, {"nullable", true}, {"minimum", 1},
                             {"maximum", kMaxPhotoRetentionDays}}}}}},
      .response_schema = kPolicySchema,
      .handler = [s](Request& r) -> core::Result<Response> {
        ISTMO_ASSIGN_OR_RETURN(auto days, ParsePolicy(r.body));
        ISTMO_ASSIGN_OR_RETURN(auto policy, s.store.Write<PhotoPolicy>([&](store::Connection& tx) {
          return SetPhotoPolicy(tx, r.Scope(), days, s.clock.Now());
        }));
        return Response::Json(PolicyJson(policy));
      }});

  routes.push_back(Route{
      .method = "GET", .path = "/api/v1/biometrics/watchlists", .tag = "biometrics",
      .summary = "The watchlists the caller may see, with their entry counts",
      .roles = kReaders,
      .response_schema = {{"type", "object"},
                          {"properties", {{"items", {{"type", "array"}, {"items", kWatchlistSchema}}}}}},
      .handler = [faces](Request& r) -> core::Result<Response> {
        ISTMO_ASSIGN_OR_RETURN(FaceRegistry * registry, faces->Registry());
        ISTMO_ASSIGN_OR_RETURN(auto lists, registry->ListWatchlists(r.Scope()));
        json items = json::array();
        for (const auto& w : lists) items.push_back(WatchlistJson(w));
        return Response::Json({{"items", items}});
      }});

  routes.push_back(Route{
      .method = "POST", .path = "/api/v1/biometrics/watchlists", .tag = "biometrics",
      .summary = "Create a watchlist owned by the caller's organization",
      .roles = kManagers, .max_body = 8192, .json_body = true, .success_status = 201,
      .request_schema = {{"type", "object"},
                         {"required", {"name"}},
                         {"properties",
                          {{"name", {{"type", "string"}, {"maxLength", 120}}},
                           {"releasability", {{"type", "array"}, {"items", {{"type", "string"}}}}}}}},
      .response_schema = kWatchlistSchema,
      .handler = [s, faces](Request& r) -> core::Result<Response> {
        ISTMO_ASSIGN_OR_RETURN(auto in, ParseNewWatchlist(r.body));
        ISTMO_ASSIGN_OR_RETURN(FaceRegistry * registry, faces->Registry());
        ISTMO_ASSIGN_OR_RETURN(auto w, registry->CreateWatchlist(r.Scope(), std::move(in.name),
                                                                 std::move(in.releasability),
                                                                 s.clock.Now()));
        return Response::Json(WatchlistJson(w), 201);
      }});

  routes.push_back(Route{
      .method = "GET", .path = "/api/v1/biometrics/watchlists/{id}", .tag = "biometrics",
      .summary = "One watchlist with its entries", .roles = kReaders,
      .response_schema = {{"type", "object"},
                          {"properties",
                           {{"watchlist", kWatchlistSchema},
                            {"entries", {{"type", "array"}, {"items", kEntrySchema}}}}}},
      .handler = [faces](Request& r) -> core::Result<Response> {
        ISTMO_ASSIGN_OR_RETURN(FaceRegistry * registry, faces->Registry());
        ISTMO_ASSIGN_OR_RETURN(auto d, registry->GetWatchlist(r.Scope(), r.path_params["id"]));
        json entries = json::array();
        for (const auto& e : d.entries) entries.push_back(EntryJson(e));
        return Response::Json({{"watchlist", WatchlistJson(d.watchlist)}, {"entries", entries}});
      }});

  routes.push_back(Route{
      .method = "POST", .path = "/api/v1/biometrics/watchlists/{id}/entries", .tag = "biometrics",
      .summary = "List a person on a watchlist: by person id (from an encounter) or by photo, "
                 "whose face is enrolled with the entry",
      .roles = kManagers, .max_body = 10 * 1024 * 1024, .json_body = true, .success_status = 201,
      .request_schema = {{"type", "object"},
                         {"required", {"reason"}},
                         {"properties",
                          {{"person_id", {{"type", "string"}}},
                           {"name", {{"type", "string"}, {"maxLength", 200}}},
                           {"reason", {{"type", "string"}, {"maxLength", 500}}},
                           {"photo", kPhotoSchema}}}},
      .response_schema = kEntrySchema,
      .pool = api::Pool::kFaces,
      .handler = [s, faces](Request& r) -> core::Result<Response> {
        ISTMO_ASSIGN_OR_RETURN(auto in, ParseNewEntry(r.body));
        NewWatchlistEntry entry{.person_id = std::move(in.person_id),
                                .name = std::move(in.name),
                                .reason = std::move(in.reason)};
        if (!in.photo.empty()) {
          ISTMO_ASSIGN_OR_RETURN(auto kept, faces->DescribeToKeep(in.photo, "/photo"));
          entry.face = kept.face.descriptor;
          entry.photo = std::move(kept.photo);
        }
        ISTMO_ASSIGN_OR_RETURN(FaceRegistry * registry, faces->Registry());
        ISTMO_ASSIGN_OR_RETURN(auto added, registry->AddToWatchlist(r.Scope(), r.path_params["id"],
                                                                    std::move(entry), s.clock.Now()));
        return Response::Json(EntryJson(added), 201);
      }});

  routes.push_back(Route{
      .method = "DELETE", .path = "/api/v1/biometrics/watchlists/{id}/entries/{entry_id}",
      .tag = "biometrics", .summary = "Take an entry off a watchlist", .roles = kManagers,
      .success_status = 204,
      .handler = [s, faces](Request& r) -> core::Result<Response> {
        ISTMO_ASSIGN_OR_RETURN(FaceRegistry * registry, faces->Registry());
        ISTMO_RETURN_IF_ERROR(registry->RemoveFromWatchlist(
            r.Scope(), r.path_params["id"], r.path_params["entry_id"], s.clock.Now()));
        return Response::NoContent();
      }});
}

core::Result<PhotoSize> PhotoSizeParam(const api::Request& request) {
  const std::string size = request.QueryParam("size").value_or("original");
  if (size == "original") return PhotoSize::kOriginal;
  if (size == "thumb") return PhotoSize::kThumbnail;
  return core::WithReason(
      core::InvalidArgument("must be \"thumb\" or absent, not '" + size.substr(0, 20) + "'",
                            "?size"),
      "invalid_value");
}

api::Response PhotoResponse(StoredPhoto photo) {
  Response out;
  out.body.assign(photo.bytes.begin(), photo.bytes.end());
  out.content_type = std::move(photo.content_type);
  // Biometric data: never stored by a shared cache, nor kept on the officer's device.
  out.headers.emplace_back("Cache-Control", "private, no-store");
  return out;
}

}  // namespace istmo::biometrics

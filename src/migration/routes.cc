#include "migration/routes.h"

#include <memory>

#include "api/json_body.h"
#include "biometrics/faces.h"
#include "biometrics/routes.h"
#include "migration/countries.h"
#include "migration/encounters.h"
#include "migration/intake.h"
#include "migration/json.h"
#include "migration/repatriation.h"
#include "migration/trends.h"

namespace istmo::migration {

namespace {

using api::Request;
using api::Response;
using api::Route;
using nlohmann::json;
using store::Role;


json Releasability(const std::vector<std::string>& r) { return r; }

json CaseJson(const RepatriationCase& k) {
  return {{"id", k.id},
          {"created_at", core::FormatIso8601(k.created_at)},
          {"updated_at", core::FormatIso8601(k.updated_at)},
          {"owner_org", k.owner_org},
          {"releasability", Releasability(k.releasability)},
          {"person_id", k.person_id},
          {"encounter_id", k.encounter_id},
          {"name", k.name},
          {"nationality", k.nationality},
          {"legal_basis", k.legal_basis},
          {"status", k.status},
          {"flight_id", k.flight_id.empty() ? json(nullptr) : json(k.flight_id)},
          {"note", k.note},
          {"eligible", k.eligible}};
}

json FlightJson(const Flight& f, bool with_manifest) {
  json j = {{"id", f.id},
            {"created_at", core::FormatIso8601(f.created_at)},
            {"owner_org", f.owner_org},
            {"releasability", Releasability(f.releasability)},
            {"flight_date", f.flight_date},
            {"destination_country", f.destination_country},
            {"capacity", f.capacity},
            {"status", f.status},
            {"manifested", f.manifested}};
  if (with_manifest) {
    json items = json::array();
    for (const auto& k : f.manifest) items.push_back(CaseJson(k));
    j["manifest"] = items;
  }
  return j;
}

json Number(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }

json GroupsJson(const std::vector<TrendGroup>& groups) {
  json out = json::array();
  for (const auto& g : groups) {
    out.push_back({{"key", g.key},
                   {"encounters", g.encounters},
                   {"previous", g.previous},
                   {"share", g.share},
                   {"change", Number(g.change)}});
  }
  return out;
}

json CoverageJson(const std::optional<TrendCoverage>& c) {
  return c ? json{{"first", c->first}, {"last", c->last}} : json(nullptr);
}

json TrendsJson(const Trends& t) {
  json series = json::array();
  for (const auto& p : t.series) {
    series.push_back({{"period", p.period},
                      {"encounters", p.encounters},
                      {"previous", p.previous},
                      {"repeats", p.repeats},
                      {"change", Number(p.change)}});
  }
  return {{"granularity", GranularityName(t.granularity)},
          {"from", t.from},
          {"to", t.to},
          {"previous_from", t.previous_from},
          {"previous_to", t.previous_to},
          {"total", t.total},
          {"previous_total", t.previous_total},
          {"change", Number(t.change)},
          {"repeats", t.repeats},
          {"repeat_share", t.repeat_share},
          {"series", series},
          {"by_nationality", GroupsJson(t.by_nationality)},
          {"by_sex", GroupsJson(t.by_sex)},
          {"by_age_group", GroupsJson(t.by_age_group)},
          {"by_station", GroupsJson(t.by_station)},
          {"top_nationalities", GroupsJson(t.top_nationalities)},
          {"coverage", CoverageJson(t.coverage)},
          {"partial", t.partial},
          {"previous_partial", t.previous_partial}};
}

struct EncounterRequest {
  NewEncounter encounter;
  std::vector<std::uint8_t> photo;
};

core::Result<EncounterRequest> ParseEncounterRequest(std::string_view body, core::Timestamp now) {
  ISTMO_ASSIGN_OR_RETURN(auto j, api::JsonBody::Parse(body));
  ISTMO_RETURN_IF_ERROR(j.RejectUnknown({"station_id", "encountered_at", "name", "birth_date",
                                         "sex", "nationality", "document_type", "document_number",
                                         "releasability", "photo"}));
  EncounterRequest out;
  NewEncounter& e = out.encounter;
  ISTMO_ASSIGN_OR_RETURN(e.station_id, j.String("station_id", 64));
  ISTMO_ASSIGN_OR_RETURN(auto at, j.OptString("encountered_at", 40));
  if (at) {
    auto parsed = core::ParseIso8601(*at);
    if (!parsed) {
      return core::WithReason(
          core::InvalidArgument("must be an ISO 8601 time like \"2024-08-20T14:03:00Z\"",
                                "/encountered_at"),
          "invalid_date");
    }
    e.encountered_at = *parsed;
  } else {
    e.encountered_at = now;
  }
  ISTMO_ASSIGN_OR_RETURN(e.name, j.String("name", 200));
  ISTMO_ASSIGN_OR_RETURN(e.birth_date, j.String("birth_date", 10));
  ISTMO_ASSIGN_OR_RETURN(e.sex, j.String("sex", 1));
  ISTMO_ASSIGN_OR_RETURN(e.nationality, j.String("nationality", 3));
  ISTMO_ASSIGN_OR_RETURN(auto doc_type, j.OptString("document_type", 20));
  ISTMO_ASSIGN_OR_RETURN(auto doc_number, j.OptString("document_number", 40));
  e.document_type = doc_type.value_or("");
  e.document_number = doc_number.value_or("");
  ISTMO_ASSIGN_OR_RETURN(auto rel, j.OptStringArray("releasability"));
  e.releasability = rel.value_or(std::vector<std::string>{});
  ISTMO_ASSIGN_OR_RETURN(auto photo, j.OptBase64("photo", biometrics::kMaxPhotoBytes));
  if (photo) out.photo = std::move(*photo);
  // Fields checked here so that a bad field is named before the photo is processed.
  ISTMO_RETURN_IF_ERROR(ValidateEncounter(e, now));
  return out;
}

core::Result<TrendQuery> ParseTrendQuery(const Request& r) {
  TrendQuery q;
  ISTMO_ASSIGN_OR_RETURN(q.granularity, ParseGranularity(r.QueryParam("granularity").value_or("month")));
  auto from = r.QueryParam("from");
  auto to = r.QueryParam("to");
  if (!from) return core::WithReason(core::InvalidArgument("is required", "?from"), "required");
  if (!to) return core::WithReason(core::InvalidArgument("is required", "?to"), "required");
  q.from = *from;
  q.to = *to;
  q.station_id = r.QueryParam("station_id").value_or("");
  q.nationality = r.QueryParam("nationality").value_or("");
  q.sex = r.QueryParam("sex").value_or("");
  q.age_group = r.QueryParam("age_group").value_or("");
  ISTMO_ASSIGN_OR_RETURN(auto top, r.QueryInt("top", 5, 1, 50));
  q.top = static_cast<int>(top);
  return q;
}

core::Result<std::optional<core::Timestamp>> TimeParam(const Request& r, const std::string& name) {
  auto v = r.QueryParam(name);
  if (!v) return std::optional<core::Timestamp>();
  auto t = core::ParseIso8601(*v);
  if (!t) {
    return core::WithReason(core::InvalidArgument("must be an ISO 8601 date or time", "?" + name),
                            "invalid_date");
  }
  return std::optional<core::Timestamp>(*t);
}

const json kEncounterSchema = {
    {"type", "object"},
    {"properties",
     {{"id", {{"type", "string"}}},
      {"station_id", {{"type", "string"}}},
      {"encountered_at", {{"type", "string"}, {"format", "date-time"}}},
      {"person_id", {{"type", "string"}}},
      {"name", {{"type", "string"}}},
      {"birth_date", {{"type", "string"}, {"format", "date"}}},
      {"sex", {{"type", "string"}, {"enum", {"F", "M", "X"}}}},
      {"nationality", {{"type", "string"}}},
      {"document_type", {{"type", "string"}, {"nullable", true}}},
      {"document_number", {{"type", "string"}, {"nullable", true}}},
      {"age_group", {{"type", "string"}, {"enum", {"adult", "minor"}}}},
      {"repeat", {{"type", "boolean"}}},
      {"has_photo", {{"type", "boolean"}}},
      {"photo_url", {{"type", "string"}, {"nullable", true}}}}}};

const json kNewEncounterSchema = {
    {"type", "object"},
    {"required", {"station_id", "name", "birth_date", "sex", "nationality"}},
    {"properties",
     {{"station_id", {{"type", "string"}}},
      {"encountered_at", {{"type", "string"}, {"format", "date-time"}}},
      {"name", {{"type", "string"}, {"maxLength", 200}}},
      {"birth_date", {{"type", "string"}, {"format", "date"}}},
      {"sex", {{"type", "string"}, {"enum", {"F", "M", "X"}}}},
      {"nationality", {{"type", "string"}, {"pattern", "^[A-Za-z]{3}$"}}},
      {"document_type", {{"type", "string"}, {"enum", {"passport", "national_id", "other"}}}},
      {"document_number", {{"type", "string"}, {"maxLength", 40}}},
      {"releasability", {{"type", "array"}, {"items", {{"type", "string"}}}}},
      {"photo", {{"type", "string"}, {"format", "byte"},
                 {"description", "JPEG or PNG, base64 (a data: URL is accepted), at most 6 MiB"}}}}}};

const json kEncounterPageSchema = {{"type", "object"},
                                   {"properties",
                                    {{"items", {{"type", "array"}, {"items", kEncounterSchema}}},
                                     {"total", {{"type", "integer"}}},
                                     {"next_cursor", {{"type", "string"}, {"nullable", true}}}}}};

const json kCorrectionSchema = {
    {"type", "object"},
    {"required", {"reason"}},
    {"properties",
     {{"name", {{"type", "string"}, {"maxLength", 200}}},
      {"birth_date", {{"type", "string"}, {"format", "date"}}},
      {"sex", {{"type", "string"}, {"enum", {"F", "M", "X"}}}},
      {"nationality", {{"type", "string"}, {"pattern", "^[A-Za-z]{3}$"}}},
      {"document_type", {{"type", "string"}, {"enum", {"passport", "national_id", "other", ""}}}},
      {"document_number", {{"type", "string"}, {"maxLength", 40}}},
      {"reason", {{"type", "string"}, {"maxLength", 500}}}}}};

const json kRevisionSchema = {{"type", "object"},
                              {"properties",
                               {{"id", {{"type", "string"}}},
                                {"changed_at", {{"type", "string"}, {"format", "date-time"}}},
                                {"changed_by", {{"type", "string"}}},
                                {"changed_by_org", {{"type", "string"}}},
                                {"reason", {{"type", "string"}}},
                                {"changes",
                                 {{"type", "array"},
                                  {"items",
                                   {{"type", "object"},
                                    {"properties",
                                     {{"field", {{"type", "string"}}},
                                      {"old", {{"type", "string"}, {"nullable", true}}},
                                      {"new", {{"type", "string"}, {"nullable", true}}}}}}}}}}}};

const json kCountrySchema = {{"type", "object"},
                             {"properties",
                              {{"alpha3", {{"type", "string"}}},
                               {"alpha2", {{"type", "string"}}},
                               {"name_en", {{"type", "string"}}},
                               {"name_es", {{"type", "string"}}}}}};

core::Result<EncounterCorrection> ParseCorrection(std::string_view body) {
  ISTMO_ASSIGN_OR_RETURN(auto j, api::JsonBody::Parse(body));
  ISTMO_RETURN_IF_ERROR(j.RejectUnknown(
      {"name", "birth_date", "sex", "nationality", "document_type", "document_number", "reason"}));
  EncounterCorrection fix;
  ISTMO_ASSIGN_OR_RETURN(fix.name, j.OptString("name", 200));
  ISTMO_ASSIGN_OR_RETURN(fix.birth_date, j.OptString("birth_date", 10));
  ISTMO_ASSIGN_OR_RETURN(fix.sex, j.OptString("sex", 1));
  ISTMO_ASSIGN_OR_RETURN(fix.nationality, j.OptString("nationality", 3));
  ISTMO_ASSIGN_OR_RETURN(fix.document_type, j.OptString("document_type", 20, true));
  ISTMO_ASSIGN_OR_RETURN(fix.document_number, j.OptString("document_number", 40, true));
  ISTMO_ASSIGN_OR_RETURN(auto reason, j.OptString("reason", 500, /*allow_empty=*/true));
  if (!reason || reason->empty())
    return core::WithReason(
        core::InvalidArgument("is required: say why the record is corrected", "/reason"),
        "correction_reason_required");
  fix.reason = std::move(*reason);
  return fix;
}

json RevisionJson(const EncounterRevision& v) {
  json changes = json::array();
  for (const auto& c : v.changes) {
    changes.push_back({{"field", c.field},
                       {"old", c.old_value.empty() ? json(nullptr) : json(c.old_value)},
                       {"new", c.new_value.empty() ? json(nullptr) : json(c.new_value)}});
  }
  return {{"id", v.id},
          {"changed_at", core::FormatIso8601(v.changed_at)},
          {"changed_by", v.changed_by},
          {"changed_by_org", v.changed_by_org},
          {"reason", v.reason},
          {"changes", changes}};
}

json ListOf(const json& item) {
  return {{"type", "object"}, {"properties", {{"items", {{"type", "array"}, {"items", item}}}}}};
}

const json kCaseSchema = {{"type", "object"},
                          {"properties",
                           {{"id", {{"type", "string"}}},
                            {"legal_basis", {{"type", "string"},
                                             {"enum", {"none", "asylum_pending", "recognized",
                                                       "other_status"}}}},
                            {"status", {{"type", "string"},
                                        {"enum", {"open", "manifested", "repatriated", "closed"}}}},
                            {"eligible", {{"type", "boolean"}}}}}};
const json kFlightSchema = {{"type", "object"},
                            {"properties",
                             {{"id", {{"type", "string"}}},
                              {"flight_date", {{"type", "string"}, {"format", "date"}}},
                              {"destination_country", {{"type", "string"}}},
                              {"capacity", {{"type", "integer"}}},
                              {"status", {{"type", "string"},
                                          {"enum", {"scheduled", "departed", "cancelled"}}}},
                              {"manifest", {{"type", "array"}, {"items", kCaseSchema}}}}}};

}  // namespace

void AddRoutes(std::vector<Route>& routes, const RouteDeps& s) {
  const std::uint8_t kOfficer = api::Roles({Role::kOfficer});
  const std::uint8_t kReaders = api::Roles({Role::kOfficer, Role::kAnalyst, Role::kSupervisor});
  const std::uint8_t kCaseWorkers = api::Roles({Role::kOfficer, Role::kSupervisor});

  // The process's face service: one index for every module's enrolments. Handlers keep a copy
  // of the deps (references to objects that outlive the route table), never the argument itself.
  auto intake = std::make_shared<Intake>(s.store, s.faces);

  routes.push_back(Route{
      .method = "GET", .path = "/api/v1/migration/stations", .tag = "migration",
      .summary = "The Darién reception stations",
      .response_schema = ListOf({{"type", "object"}}),
      .handler = [s](Request&) -> core::Result<Response> {
        ISTMO_ASSIGN_OR_RETURN(auto stations, s.store.Read<std::vector<Station>>(
                                                  [](store::Connection& c) { return ListStations(c); }));
        json items = json::array();
        for (const auto& st : stations) {
          items.push_back({{"id", st.id}, {"name", st.name}, {"lon", st.lon}, {"lat", st.lat}});
        }
        return Response::Json({{"items", items}});
      }});

  routes.push_back(Route{
      .method = "POST", .path = "/api/v1/migration/encounters", .tag = "migration",
      .summary = "Register an encounter; with a photo, enrol the face and answer earlier "
                 "encounters and watchlist hits",
      .roles = kOfficer, .max_body = 10 * 1024 * 1024, .json_body = true, .success_status = 201,
      .request_schema = kNewEncounterSchema,
      .response_schema = {{"type", "object"},
                          {"properties",
                           {{"encounter", kEncounterSchema},
                            {"earlier", {{"type", "array"}, {"items", kEncounterSchema}}},
                            {"watchlist_hits", {{"type", "array"}, {"items", {{"type", "object"}}}}},
                            {"face_enrolled", {{"type", "boolean"}}}}}},
      .pool = api::Pool::kFaces,
      .handler = [s, intake](Request& r) -> core::Result<Response> {
        const core::Timestamp now = s.clock.Now();
        ISTMO_ASSIGN_OR_RETURN(auto in, ParseEncounterRequest(r.body, now));
        ISTMO_ASSIGN_OR_RETURN(auto reg,
                               intake->Register(r.Scope(), std::move(in.encounter), in.photo, now));
        return Response::Json(RegistrationJson(reg), 201);
      }});

  routes.push_back(Route{
      .method = "GET",
      .path = "/api/v1/migration/encounters",
      .tag = "migration",
      .summary = "Encounters, newest first: search by name (accents and case aside), document "
                 "number, birth date, station, nationality, person and time; a total and a "
                 "cursor for the next page",
      .roles = kReaders,
      .response_schema = kEncounterPageSchema,
      .handler = [s](Request& r) -> core::Result<Response> {
        EncounterQuery q;
        q.station_id = r.QueryParam("station_id").value_or("");
        q.nationality = r.QueryParam("nationality").value_or("");
        q.person_id = r.QueryParam("person_id").value_or("");
        q.name = r.QueryParam("name").value_or("");
        q.document_number = r.QueryParam("document_number").value_or("");
        q.birth_date = r.QueryParam("birth_date").value_or("");
        q.cursor = r.QueryParam("cursor").value_or("");
        ISTMO_ASSIGN_OR_RETURN(q.from, TimeParam(r, "from"));
        ISTMO_ASSIGN_OR_RETURN(q.to, TimeParam(r, "to"));
        ISTMO_ASSIGN_OR_RETURN(auto limit, r.QueryInt("limit", 50, 1, 1000));
        q.limit = static_cast<int>(limit);
        ISTMO_ASSIGN_OR_RETURN(auto page, s.store.Read<EncounterPage>([&](store::Connection& c) {
          return SearchEncounters(c, r.Scope(), q);
        }));
        json items = json::array();
        for (const auto& e : page.items) items.push_back(EncounterJson(e));
        return Response::Json(
            {{"items", items},
             {"total", page.total},
             {"next_cursor", page.next_cursor.empty() ? json(nullptr) : json(page.next_cursor)}});
      }});

  routes.push_back(Route{
      .method = "GET", .path = "/api/v1/migration/encounters/{id}", .tag = "migration",
      .summary = "One encounter", .roles = kReaders, .response_schema = kEncounterSchema,
      .handler = [s](Request& r) -> core::Result<Response> {
        ISTMO_ASSIGN_OR_RETURN(auto e, s.store.Read<Encounter>([&](store::Connection& c) {
          return GetEncounter(c, r.Scope(), r.path_params["id"]);
        }));
        return Response::Json(EncounterJson(e));
      }});

  routes.push_back(Route{
      .method = "GET",
      .path = "/api/v1/migration/encounters/{id}/photo",
      .tag = "migration",
      .summary = "The photo the encounter was registered with (?size=thumb: a JPEG of at most "
                 "160 px), visible exactly when the encounter is; every read is audited",
      .roles = kReaders,
      .handler = [s](Request& r) -> core::Result<Response> {
        ISTMO_ASSIGN_OR_RETURN(biometrics::PhotoSize size, biometrics::PhotoSizeParam(r));
        const std::string id = r.path_params["id"];
        const auto no_photo = [&id] {
          return core::WithReason(core::NotFound("no photo of encounter " + id.substr(0, 40)),
                                  "not_found", {{"object", "photo"}});
        };
        auto e = s.store.Read<Encounter>(
            [&](store::Connection& c) { return GetEncounter(c, r.Scope(), id); });
        if (!e) return e.error().code == core::ErrorCode::kNotFound ? no_photo() : e.error();
        if (e->template_id.empty()) return no_photo();
        ISTMO_ASSIGN_OR_RETURN(biometrics::FaceRegistry * registry, s.faces.Registry());
        auto photo = registry->ReadPhoto(
            r.Scope(), {.template_id = e->template_id, .size = size, .encounter_id = id},
            s.clock.Now());
        if (!photo) {
          return photo.error().code == core::ErrorCode::kNotFound ? no_photo() : photo.error();
        }
        return biometrics::PhotoResponse(std::move(*photo));
      }});

  routes.push_back(Route{
      .method = "PATCH",
      .path = "/api/v1/migration/encounters/{id}",
      .tag = "migration",
      .summary = "Correct an encounter's name, birth date, sex, nationality or document, with a "
                 "reason; the history keeps the values before",
      .roles = kCaseWorkers,
      .max_body = 8192,
      .json_body = true,
      .request_schema = kCorrectionSchema,
      .response_schema = kEncounterSchema,
      .handler = [s](Request& r) -> core::Result<Response> {
        ISTMO_ASSIGN_OR_RETURN(auto fix, ParseCorrection(r.body));
        ISTMO_ASSIGN_OR_RETURN(auto e, s.store.Write<Encounter>([&](store::Connection& tx) {
          return CorrectEncounter(tx, r.Scope(), r.path_params["id"], fix, s.clock.Now());
        }));
        return Response::Json(EncounterJson(e));
      }});

  routes.push_back(Route{
      .method = "GET",
      .path = "/api/v1/migration/encounters/{id}/history",
      .tag = "migration",
      .summary = "The corrections of an encounter, oldest first: who, when, why, values before "
                 "and after",
      .roles = kReaders,
      .response_schema = ListOf(kRevisionSchema),
      .handler = [s](Request& r) -> core::Result<Response> {
        ISTMO_ASSIGN_OR_RETURN(
            auto history, s.store.Read<std::vector<EncounterRevision>>([&](store::Connection& c) {
              return EncounterHistory(c, r.Scope(), r.path_params["id"]);
            }));
        json items = json::array();
        for (const auto& v : history) items.push_back(RevisionJson(v));
        return Response::Json({{"items", items}});
      }});

  routes.push_back(
      Route{.method = "GET",
            .path = "/api/v1/countries",
            .tag = "migration",
            .summary = "ISO 3166-1 countries: alpha-3, alpha-2, names in English and Spanish",
            .response_schema = ListOf(kCountrySchema),
            .handler = [](Request&) -> core::Result<Response> {
              json items = json::array();
              for (const Country& c : Countries()) {
                items.push_back({{"alpha3", c.alpha3},
                                 {"alpha2", c.alpha2},
                                 {"name_en", c.name_en},
                                 {"name_es", c.name_es}});
              }
              return Response::Json({{"items", items}});
            }});

  routes.push_back(Route{
      .method = "GET", .path = "/api/v1/migration/trends", .tag = "migration",
      .summary = "Encounter counts by period and group, with the change against a year before",
      .roles = kReaders, .response_schema = {{"type", "object"}},
      .pool = api::Pool::kReports,
      .handler = [s](Request& r) -> core::Result<Response> {
        ISTMO_ASSIGN_OR_RETURN(auto q, ParseTrendQuery(r));
        ISTMO_ASSIGN_OR_RETURN(auto t, s.store.Read<Trends>([&](store::Connection& c) {
          return ComputeTrends(c, r.Scope(), q);
        }));
        return Response::Json(TrendsJson(t));
      }});

  routes.push_back(Route{
      .method = "GET", .path = "/api/v1/migration/trends/coverage", .tag = "migration",
      .summary = "The first and last months with encounters the caller may see (null when none)",
      .roles = kReaders,
      .response_schema = {{"type", "object"},
                          {"properties", {{"first", {{"type", "string"}, {"nullable", true}}},
                                          {"last", {{"type", "string"}, {"nullable", true}}}}}},
      .pool = api::Pool::kReports,
      .handler = [s](Request& r) -> core::Result<Response> {
        ISTMO_ASSIGN_OR_RETURN(auto coverage,
                               s.store.Read<std::optional<TrendCoverage>>(
                                   [&](store::Connection& c) { return ComputeCoverage(c, r.Scope()); }));
        return Response::Json(coverage ? CoverageJson(coverage)
                                       : json{{"first", nullptr}, {"last", nullptr}});
      }});

  routes.push_back(Route{
      .method = "GET", .path = "/api/v1/migration/trends.csv", .tag = "migration",
      .summary = "The trend range as CSV: period, station, nationality, sex, age group, counts",
      .roles = kReaders,
      .pool = api::Pool::kReports,
      .handler = [s](Request& r) -> core::Result<Response> {
        ISTMO_ASSIGN_OR_RETURN(auto q, ParseTrendQuery(r));
        ISTMO_ASSIGN_OR_RETURN(auto rows, s.store.Read<std::vector<TrendRow>>(
                                              [&](store::Connection& c) {
                                                return TrendRows(c, r.Scope(), q);
                                              }));
        Response out;
        out.body = TrendRowsCsv(rows);
        out.content_type = "text/csv; charset=utf-8";
        out.headers.emplace_back("Content-Disposition",
                                 "attachment; filename=\"encounters-" + q.from + "-" + q.to + ".csv\"");
        return out;
      }});

  routes.push_back(Route{
      .method = "POST", .path = "/api/v1/migration/cases", .tag = "migration",
      .summary = "Open a repatriation case for the person of an encounter", .roles = kCaseWorkers,
      .max_body = 8192, .json_body = true, .success_status = 201,
      .request_schema = {{"type", "object"},
                         {"required", {"encounter_id", "legal_basis"}},
                         {"properties", {{"encounter_id", {{"type", "string"}}},
                                         {"legal_basis", kCaseSchema["properties"]["legal_basis"]},
                                         {"note", {{"type", "string"}}},
                                         {"releasability", {{"type", "array"}}}}}},
      .response_schema = kCaseSchema,
      .handler = [s](Request& r) -> core::Result<Response> {
        ISTMO_ASSIGN_OR_RETURN(auto j, api::JsonBody::Parse(r.body));
        ISTMO_RETURN_IF_ERROR(j.RejectUnknown({"encounter_id", "legal_basis", "note", "releasability"}));
        NewCase in;
        ISTMO_ASSIGN_OR_RETURN(in.encounter_id, j.String("encounter_id", 64));
        ISTMO_ASSIGN_OR_RETURN(in.legal_basis, j.String("legal_basis", 20));
        ISTMO_ASSIGN_OR_RETURN(auto note, j.OptString("note", 2000, true));
        in.note = note.value_or("");
        ISTMO_ASSIGN_OR_RETURN(auto rel, j.OptStringArray("releasability"));
        in.releasability = rel.value_or(std::vector<std::string>{});
        ISTMO_ASSIGN_OR_RETURN(auto k, s.store.Write<RepatriationCase>([&](store::Connection& tx) {
          return OpenCase(tx, r.Scope(), in, s.clock.Now());
        }));
        return Response::Json(CaseJson(k), 201);
      }});

  routes.push_back(Route{
      .method = "GET", .path = "/api/v1/migration/cases", .tag = "migration",
      .summary = "Repatriation cases, oldest first (?status, ?nationality, ?person_id, "
                 "?eligible=true)",
      .roles = kReaders, .response_schema = ListOf(kCaseSchema),
      .handler = [s](Request& r) -> core::Result<Response> {
        CaseQuery q;
        q.status = r.QueryParam("status").value_or("");
        q.nationality = r.QueryParam("nationality").value_or("");
        q.person_id = r.QueryParam("person_id").value_or("");
        const std::string eligible = r.QueryParam("eligible").value_or("false");
        if (eligible != "true" && eligible != "false") {
          return core::WithReason(core::InvalidArgument("must be true or false", "?eligible"),
                                  "invalid_value");
        }
        q.eligible_only = eligible == "true";
        ISTMO_ASSIGN_OR_RETURN(auto limit, r.QueryInt("limit", 100, 1, 1000));
        q.limit = static_cast<int>(limit);
        ISTMO_ASSIGN_OR_RETURN(auto list, s.store.Read<std::vector<RepatriationCase>>(
                                              [&](store::Connection& c) {
                                                return ListCases(c, r.Scope(), q);
                                              }));
        json items = json::array();
        for (const auto& k : list) items.push_back(CaseJson(k));
        return Response::Json({{"items", items}});
      }});

  routes.push_back(Route{
      .method = "GET", .path = "/api/v1/migration/cases/{id}", .tag = "migration",
      .summary = "One repatriation case", .roles = kReaders, .response_schema = kCaseSchema,
      .handler = [s](Request& r) -> core::Result<Response> {
        ISTMO_ASSIGN_OR_RETURN(auto k, s.store.Read<RepatriationCase>([&](store::Connection& c) {
          return GetCase(c, r.Scope(), r.path_params["id"]);
        }));
        return Response::Json(CaseJson(k));
      }});

  routes.push_back(Route{
      .method = "PATCH", .path = "/api/v1/migration/cases/{id}", .tag = "migration",
      .summary = "Change a case's legal basis, note, or open/closed status", .roles = kCaseWorkers,
      .max_body = 8192, .json_body = true,
      .request_schema = {{"type", "object"},
                         {"properties", {{"legal_basis", kCaseSchema["properties"]["legal_basis"]},
                                         {"status", {{"type", "string"}, {"enum", {"open", "closed"}}}},
                                         {"note", {{"type", "string"}}}}}},
      .response_schema = kCaseSchema,
      .handler = [s](Request& r) -> core::Result<Response> {
        ISTMO_ASSIGN_OR_RETURN(auto j, api::JsonBody::Parse(r.body));
        ISTMO_RETURN_IF_ERROR(j.RejectUnknown({"legal_basis", "status", "note"}));
        CasePatch patch;
        ISTMO_ASSIGN_OR_RETURN(patch.legal_basis, j.OptString("legal_basis", 20));
        ISTMO_ASSIGN_OR_RETURN(patch.status, j.OptString("status", 20));
        ISTMO_ASSIGN_OR_RETURN(patch.note, j.OptString("note", 2000, true));
        ISTMO_ASSIGN_OR_RETURN(auto k, s.store.Write<RepatriationCase>([&](store::Connection& tx) {
          return UpdateCase(tx, r.Scope(), r.path_params["id"], patch, s.clock.Now());
        }));
        return Response::Json(CaseJson(k));
      }});

  routes.push_back(Route{
      .method = "POST", .path = "/api/v1/migration/flights", .tag = "migration",
      .summary = "Schedule a repatriation flight", .roles = kCaseWorkers, .max_body = 4096,
      .json_body = true, .success_status = 201,
      .request_schema = {{"type", "object"},
                         {"required", {"flight_date", "destination_country", "capacity"}},
                         {"properties", {{"flight_date", {{"type", "string"}, {"format", "date"}}},
                                         {"destination_country", {{"type", "string"}}},
                                         {"capacity", {{"type", "integer"}, {"minimum", 1}, {"maximum", 500}}},
                                         {"releasability", {{"type", "array"}}}}}},
      .response_schema = kFlightSchema,
      .handler = [s](Request& r) -> core::Result<Response> {
        ISTMO_ASSIGN_OR_RETURN(auto j, api::JsonBody::Parse(r.body));
        ISTMO_RETURN_IF_ERROR(j.RejectUnknown({"flight_date", "destination_country", "capacity",
                                               "releasability"}));
        NewFlight in;
        ISTMO_ASSIGN_OR_RETURN(in.flight_date, j.String("flight_date", 10));
        ISTMO_ASSIGN_OR_RETURN(in.destination_country, j.String("destination_country", 3));
        ISTMO_ASSIGN_OR_RETURN(auto capacity, j.OptInt("capacity", 1, 500));
        if (!capacity) {
          return core::WithReason(core::InvalidArgument("is required", "/capacity"), "required");
        }
        in.capacity = static_cast<int>(*capacity);
        ISTMO_ASSIGN_OR_RETURN(auto rel, j.OptStringArray("releasability"));
        in.releasability = rel.value_or(std::vector<std::string>{});
        ISTMO_ASSIGN_OR_RETURN(auto f, s.store.Write<Flight>([&](store::Connection& tx) {
          return CreateFlight(tx, r.Scope(), in, s.clock.Now());
        }));
        return Response::Json(FlightJson(f, true), 201);
      }});

  routes.push_back(Route{
      .method = "GET", .path = "/api/v1/migration/flights", .tag = "migration",
      .summary = "Repatriation flights, latest date first", .roles = kReaders,
      .response_schema = ListOf(kFlightSchema),
      .handler = [s](Request& r) -> core::Result<Response> {
        ISTMO_ASSIGN_OR_RETURN(auto list, s.store.Read<std::vector<Flight>>(
                                              [&](store::Connection& c) {
                                                return ListFlights(c, r.Scope());
                                              }));
        json items = json::array();
        for (const auto& f : list) items.push_back(FlightJson(f, false));
        return Response::Json({{"items", items}});
      }});

  routes.push_back(Route{
      .method = "GET", .path = "/api/v1/migration/flights/{id}", .tag = "migration",
      .summary = "One flight with its manifest", .roles = kReaders, .response_schema = kFlightSchema,
      .handler = [s](Request& r) -> core::Result<Response> {
        ISTMO_ASSIGN_OR_RETURN(auto f, s.store.Read<Flight>([&](store::Connection& c) {
          return GetFlight(c, r.Scope(), r.path_params["id"]);
        }));
        return Response::Json(FlightJson(f, true));
      }});

  routes.push_back(Route{
      .method = "POST", .path = "/api/v1/migration/flights/{id}/manifest", .tag = "migration",
      .summary = "Add eligible cases of the destination's nationality up to the capacity",
      .roles = kCaseWorkers, .response_schema = kFlightSchema,
      .handler = [s](Request& r) -> core::Result<Response> {
        ISTMO_ASSIGN_OR_RETURN(auto f, s.store.Write<Flight>([&](store::Connection& tx) {
          return BuildManifest(tx, r.Scope(), r.path_params["id"], s.clock.Now());
        }));
        return Response::Json(FlightJson(f, true));
      }});

  routes.push_back(Route{
      .method = "PATCH", .path = "/api/v1/migration/flights/{id}", .tag = "migration",
      .summary = "Mark a scheduled flight departed (cases repatriated) or cancelled (cases reopen)",
      .roles = kCaseWorkers, .max_body = 1024, .json_body = true,
      .request_schema = {{"type", "object"},
                         {"required", {"status"}},
                         {"properties", {{"status", {{"type", "string"},
                                                     {"enum", {"departed", "cancelled"}}}}}}},
      .response_schema = kFlightSchema,
      .handler = [s](Request& r) -> core::Result<Response> {
        ISTMO_ASSIGN_OR_RETURN(auto j, api::JsonBody::Parse(r.body));
        ISTMO_RETURN_IF_ERROR(j.RejectUnknown({"status"}));
        ISTMO_ASSIGN_OR_RETURN(auto status, j.String("status", 20));
        ISTMO_ASSIGN_OR_RETURN(auto f, s.store.Write<Flight>([&](store::Connection& tx) {
          return SetFlightStatus(tx, r.Scope(), r.path_params["id"], status, s.clock.Now());
        }));
        return Response::Json(FlightJson(f, true));
      }});
}

}  // namespace istmo::migration

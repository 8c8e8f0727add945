#include "api/route.h"

#include <charconv>
#include <set>

namespace istmo::api {

std::optional<std::string> Request::QueryParam(const std::string& name) const {
  auto it = query.find(name);
  if (it == query.end()) return std::nullopt;
  return it->second;
}

core::Result<std::int64_t> Request::QueryInt(const std::string& name, std::int64_t fallback,
                                             std::int64_t min, std::int64_t max) const {
  auto v = QueryParam(name);
  if (!v) return fallback;
  std::int64_t out = 0;
  auto [ptr, ec] = std::from_chars(v->data(), v->data() + v->size(), out);
  if (ec != std::errc() || ptr != v->data() + v->size() || out < min || out > max) {
    return core::WithReason(
        core::InvalidArgument("must be a whole number between " + std::to_string(min) + " and " +
                                  std::to_string(max),
                              "?" + name),
        "invalid_value");
  }
  return out;
}

Response Response::Json(const nlohmann::json& j, int status) {
  Response r;
  r.status = status;
  r.body = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return r;
}

Response Response::NoContent() {
  Response r;
  r.status = 204;
  r.content_type.clear();
  return r;
}

nlohmann::json ErrorJson(const core::Error& error, const std::string& request_id) {
  nlohmann::json out = {{"error",
                         {{"code", core::ErrorCodeName(error.code)},
                          {"message", error.message},
                          {"field", error.field},
                          {"request_id", request_id}}}};
  if (!error.reason.empty()) {
    out["error"]["reason"] = error.reason;
    out["error"]["params"] = nlohmann::json::object();
    for (const auto& [k, v] : error.params) out["error"]["params"][k] = v;
  }
  return out;
}

nlohmann::json OpenApiDocument(const std::vector<Route>& routes, const std::string& version) {
  nlohmann::json doc;
  doc["openapi"] = "3.0.3";
  doc["info"] = {{"title", "Istmo API"},
                 {"version", version},
                 {"description",
                  "The HTTP JSON API of Istmo. Every route except login and health needs "
                  "`Authorization: Bearer <token>`; records are filtered by the caller's "
                  "organization and releasability."}};
  doc["components"]["securitySchemes"]["bearer"] = {{"type", "http"}, {"scheme", "bearer"}};
  doc["components"]["schemas"]["Error"] = {
      {"type", "object"},
      {"required", {"error"}},
      {"properties",
       {{"error",
         {{"type", "object"},
          {"required", {"code", "message", "field", "request_id"}},
          {"properties",
           {{"code", {{"type", "string"},
                      {"enum", {"invalid_argument", "unauthenticated", "permission_denied",
                                "not_found", "conflict", "unavailable", "resource_exhausted",
                                "too_large", "data_loss", "internal"}}}},
            {"message", {{"type", "string"}}},
            {"field", {{"type", "string"}, {"description", "JSON pointer of the offending field"}}},
            {"request_id", {{"type", "string"}}}}}}}}}};
  nlohmann::json error_ref = {{"$ref", "#/components/schemas/Error"}};
  auto error_response = [&](const char* text) {
    return nlohmann::json{{"description", text},
                          {"content", {{"application/json", {{"schema", error_ref}}}}}};
  };
  std::set<std::string> tags;
  for (const Route& r : routes) {
    std::string method = r.method;
    for (auto& c : method) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    nlohmann::json op;
    op["summary"] = r.summary;
    op["tags"] = {r.tag};
    tags.insert(r.tag);
    op["operationId"] = method + r.path;
    nlohmann::json params = nlohmann::json::array();
    std::size_t pos = 0;
    while ((pos = r.path.find('{', pos)) != std::string::npos) {
      std::size_t end = r.path.find('}', pos);
      params.push_back({{"name", r.path.substr(pos + 1, end - pos - 1)},
                        {"in", "path"},
                        {"required", true},
                        {"schema", {{"type", "string"}}}});
      pos = end;
    }
    if (!params.empty()) op["parameters"] = params;
    if (r.access == Access::kPublic) {
      op["security"] = nlohmann::json::array();
    } else {
      op["security"] = {{{"bearer", nlohmann::json::array()}}};
      if (r.roles != 0) {
        std::string who;
        for (auto role : store::AllRoles()) {
          if ((r.roles & static_cast<std::uint8_t>(role)) != 0) {
            who += (who.empty() ? "" : ", ") + std::string(store::RoleName(role));
          }
        }
        op["description"] = "Roles: " + who + ".";
      }
    }
    if (r.json_body) {
      op["requestBody"] = {
          {"required", true},
          {"content",
           {{"application/json",
             {{"schema", r.request_schema.is_null() ? nlohmann::json{{"type", "object"}}
                                                    : r.request_schema}}}}}};
    }
    nlohmann::json ok = {{"description", "Success"}};
    if (r.success_status != 204) {
      ok["content"]["application/json"]["schema"] =
          r.response_schema.is_null() ? nlohmann::json{{"type", "object"}} : r.response_schema;
    }
    op["responses"][std::to_string(r.success_status)] = ok;
    op["responses"]["400"] = error_response("Bad input; `field` names it");
    if (r.access != Access::kPublic) {
      op["responses"]["401"] = error_response("Missing, expired or revoked token");
      op["responses"]["403"] = error_response("The caller's role does not allow this");
    }
    op["responses"]["404"] = error_response("Absent, or not releasable to the caller");
    doc["paths"][r.path][method] = op;
  }
  for (const auto& t : tags) doc["tags"].push_back({{"name", t}});
  return doc;
}

}  // namespace istmo::api

// api/route.h — what an HTTP route is: method, path, who may call it, and its handler.
//
// Every route is declared once in a table; the server, the OpenAPI document and the
// authorization tests are all built from that table, so no route can exist undocumented or
// unchecked. Deny by default: a route is public only if it says so, and a route that names
// roles refuses every other role with 403 before its handler runs.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.h"
#include "store/scope.h"

namespace istmo::api {

struct Request {
  std::string method;
  std::string path;
  std::string request_id;
  std::string client;  // remote address
  std::map<std::string, std::string> path_params;
  std::multimap<std::string, std::string> query;
  std::string body;
  std::string content_type;
  std::string token;                       // the bearer token, for authenticated routes
  std::optional<store::AccessScope> scope; // set for authenticated routes

  // The query parameter, or std::nullopt.
  std::optional<std::string> QueryParam(const std::string& name) const;
  // kInvalidArgument (field "?name") unless a whole number in [min, max].
  core::Result<std::int64_t> QueryInt(const std::string& name, std::int64_t fallback,
                                      std::int64_t min, std::int64_t max) const;
  const store::AccessScope& Scope() const { return *scope; }
};

struct Response {
  int status = 200;
  std::string body;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;

  static Response Json(const nlohmann::json& j, int status = 200);
  static Response NoContent();
};

using Handler = std::function<core::Result<Response>(Request&)>;

// The bounded worker pool a route's handler runs in. Expensive work gets a pool of its own, so
// that a burst of it fills that pool's queue (and is refused with 503 + Retry-After) instead of
// delaying every other route. Sizes are ServerOptions'.
enum class Pool {
  kDefault,   // everything cheap: reads, lists, small writes, /healthz
  kPassword,  // argon2id hashing: login, user creation, password change
  kFaces,     // a photo to decode and template: identify, enrolment, encounters
  kReports,   // aggregate queries over many records: trends
};

// One WebSocket connection of a route whose `websocket` is set, as a handle: the route's code
// may keep the shared_ptr as long as it likes (it holds no connection or server resource), and
// Send returns false once the connection has ended. Send and Close are safe from any thread.
class WebSocket {
 public:
  virtual ~WebSocket() = default;
  // Queues a text message. False when the connection is closed, or when its bounded send queue
  // is full: a consumer that reads too slowly is disconnected rather than buffered without end.
  virtual bool Send(std::string text) = 0;
  // Starts a normal close; on_close follows.
  virtual void Close() = 0;
  virtual bool closed() const = 0;
  // Messages queued and not yet written to the peer: a producer that coalesces its updates
  // (the maritime live stream) waits while this is non-zero instead of queueing more.
  virtual std::size_t queued() const { return 0; }
  // The upgrade request: path parameters, query, and the caller's scope.
  virtual const Request& request() const = 0;

  // Set by the route's handler before it returns. Messages are delivered one at a time, in
  // order, on the default pool (never on an I/O thread); on_close runs once.
  std::function<void(const std::string& text)> on_message;
  std::function<void()> on_close;
};
using WebSocketHandler = std::function<void(std::shared_ptr<WebSocket>)>;

enum class Access {
  kPublic,         // no token needed (login, health)
  kAuthenticated,  // a valid token; and one of `roles` when roles != 0
};

struct Route {
  std::string method;   // GET, POST, PATCH, PUT, DELETE
  std::string path;     // "/api/v1/users/{id}"
  std::string tag;      // OpenAPI tag: "auth", "admin", "alerts", ...
  std::string summary;  // one line for the OpenAPI document
  Access access = Access::kAuthenticated;
  std::uint8_t roles = 0;              // any of these store::Role bits; 0 = any role
  std::size_t max_body = 64 * 1024;    // larger bodies get 413
  bool json_body = false;              // a JSON object body is expected
  int success_status = 200;
  nlohmann::json request_schema;       // JSON Schema of the body, for the OpenAPI document
  nlohmann::json response_schema;      // JSON Schema of the success body
  Pool pool = Pool::kDefault;          // where the handler runs
  Handler handler;
  // When set, the route (a GET) is a WebSocket endpoint: the token and roles are checked as for
  // any route, then the connection is upgraded and handed to this function (on the default
  // pool); `handler` is not used.
  WebSocketHandler websocket;
};

inline std::uint8_t Roles(std::initializer_list<store::Role> roles) {
  std::uint8_t bits = 0;
  for (auto r : roles) bits |= static_cast<std::uint8_t>(r);
  return bits;
}

// The JSON error body: {"error":{"code","message","field","request_id"}}.
nlohmann::json ErrorJson(const core::Error& error, const std::string& request_id);

// The OpenAPI 3.0 document of a route table.
nlohmann::json OpenApiDocument(const std::vector<Route>& routes, const std::string& version);

}  // namespace istmo::api

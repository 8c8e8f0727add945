// Fuzzes the HTTP server (api::Server, Boost.Beast) the way a client reaches it: the input is the
// byte stream of one connection — one request or several pipelined, a body plain or chunked, or
// a WebSocket upgrade followed by frames — written to a real server in this process over
// 127.0.0.1, half-closed, and read until the server closes. The routes are a small table shaped
// like the product's (path parameters, JSON bodies with their caps, roles, WebSocket routes).
//
// Besides crashes and sanitizer reports, it checks our promises:
// - over the socket: a handler never sees a body above its route's cap, nor a JSON route a body
//   of another content type; a role-restricted route never runs for another role; the path
//   parameters a handler gets, put back into the route's pattern, give the request's path; no
//   handler runs when the request head is over the header cap; WebSocket messages arrive one at
//   a time, within the message cap; the server closes the connection once the client has;
// - without the socket, on each request head Beast parses from the same bytes: the path and
//   query (api::ParseTarget) round-trip through an encoder; a route matched (api::RouteTable)
//   round-trips its parameters, and every route matches its own pattern filled with the path's
//   segments; api::ExtractToken returns a token only when the Authorization header, or the
//   session cookie with the CSRF double-submit (state-changing methods) or a same-origin
//   Origin (WebSocket), says so, and always returns one when they do.
#include <poll.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <netinet/in.h>
#include <sys/socket.h>

#include "api/metrics.h"
#include "api/request_target.h"
#include "api/route.h"
#include "api/server.h"
#include "api/session_token.h"
#include "core/log.h"
#include "core/result.h"
#include "store/scope.h"

namespace {

namespace api = istmo::api;
namespace core = istmo::core;
namespace http = boost::beast::http;
using istmo::store::Role;

// The server's own defaults, so that the caps fuzzed are the ones `istmo serve` has.
const api::ServerOptions kDefaults;
// Beast's message cap set by the server for WebSocket reads (api/server.cc, WsSession::Accept).
constexpr std::size_t kWebSocketMessageMax = 64 * 1024;

constexpr std::string_view kAnalystToken = "ist_analyst_token";
constexpr std::string_view kAdminToken = "ist_admin_token";

// "/api/v1/users/{id}" with {id: "7"} -> "/api/v1/users/7".
std::string Fill(const std::string& pattern, const std::map<std::string, std::string>& params) {
  std::string out;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] != '{') {
      out += pattern[i];
      continue;
    }
    const std::size_t end = pattern.find('}', i);
    auto it = params.find(pattern.substr(i + 1, end - i - 1));
    ISTMO_CHECK(it != params.end());
    out += it->second;
    i = end;
  }
  return out;
}

std::size_t ParamCount(const std::string& pattern) {
  std::size_t n = 0;
  for (char c : pattern) n += c == '{' ? 1 : 0;
  return n;
}

// What a handler may rely on for its route, whatever the client sent.
void CheckHandledRequest(const api::Route& route, const api::Request& r) {
  ISTMO_CHECK(r.method == route.method || (r.method == "HEAD" && route.method == "GET"));
  ISTMO_CHECK(r.body.size() <= route.max_body && r.body.size() <= kDefaults.max_body);
  if (route.json_body) {
    ISTMO_CHECK(r.content_type.substr(0, r.content_type.find(';')) == "application/json");
  }
  ISTMO_CHECK(r.path_params.size() == ParamCount(route.path));
  for (const auto& [name, value] : r.path_params) {
    ISTMO_CHECK(!value.empty() && value.find('/') == std::string::npos);
  }
  ISTMO_CHECK(Fill(route.path, r.path_params) == r.path);
  ISTMO_CHECK(r.request_id.size() >= 8 && r.request_id.size() <= 64);
  if (route.access == api::Access::kAuthenticated) {
    ISTMO_CHECK(r.scope.has_value());
    ISTMO_CHECK(r.token == kAnalystToken || r.token == kAdminToken);
    ISTMO_CHECK(route.roles == 0 || (r.scope->roles & route.roles) != 0);
  } else {
    ISTMO_CHECK(!r.scope.has_value());
  }
}

// The in-process server and what its handlers saw, shared by every input.
class Fixture {
 public:
  Fixture() {
    (void)core::log::Init({.level = core::log::Level::kError});
    auto route = [this](std::string method, std::string path, api::Access access,
                        std::uint8_t roles, std::size_t max_body, bool json) {
      api::Route r{.method = std::move(method),
                   .path = std::move(path),
                   .tag = "fuzz",
                   .summary = "fuzz",
                   .access = access,
                   .roles = roles,
                   .max_body = max_body,
                   .json_body = json};
      const std::size_t index = routes_.size();
      r.handler = [this, index](api::Request& req) -> core::Result<api::Response> {
        CheckHandledRequest(routes_[index], req);
        handled_.fetch_add(1);
        return api::Response::Json({{"route", index}, {"bytes", req.body.size()}});
      };
      routes_.push_back(std::move(r));
    };
    using api::Access;
    route("GET", "/api/v1/health", Access::kPublic, 0, 64 * 1024, false);
    route("POST", "/api/v1/auth/login", Access::kPublic, 0, 512, true);
    route("GET", "/api/v1/vessels/{mmsi}/track", Access::kAuthenticated, 0, 64 * 1024, false);
    route("PATCH", "/api/v1/users/{id}", Access::kAuthenticated, api::Roles({Role::kAdmin}), 1024,
          true);
    route("POST", "/api/v1/cases/{case_id}/notes/{note_id}", Access::kAuthenticated,
          api::Roles({Role::kOfficer, Role::kSupervisor}), 64, true);
    route("DELETE", "/api/v1/alerts/{id}", Access::kAuthenticated, 0, 64 * 1024, false);
    route("PUT", "/api/v1/encounters/{id}/photo", Access::kAuthenticated, 0, 8 * 1024, false);
    route("GET", "/api/v1/exports/{name}.csv", Access::kPublic, 0, 64 * 1024, false);
    WebSocketRoute("/api/v1/stream", Access::kAuthenticated);
    WebSocketRoute("/api/v1/public/stream", Access::kPublic);

    api::ServerOptions options;
    options.port = 0;
    options.io_threads = 1;
    options.default_pool = {2, 64};
    options.password_pool = {1, 8};
    options.faces_pool = {1, 8};
    options.reports_pool = {1, 8};
    auto server = api::Server::Create(options, routes_, Authenticate, metrics_);
    ISTMO_CHECK(server.has_value());
    server_ = std::move(*server);
    ISTMO_CHECK(server_->Start().has_value());
  }

  const std::vector<api::Route>& routes() const { return routes_; }
  int port() const { return server_->port(); }
  int handled() const { return handled_.load(); }

  // Waits until every WebSocket opened has run its on_close.
  void AwaitWebSocketsClosed() {
    std::unique_lock lock(mu_);
    ISTMO_CHECK(cv_.wait_for(lock, std::chrono::seconds(20), [this] { return open_ == closed_; }));
  }

 private:
  static core::Result<istmo::store::AccessScope> Authenticate(const std::string& token) {
    ISTMO_CHECK(!token.empty());
    istmo::store::AccessScope scope;
    scope.user_id = "u1";
    scope.username = "fuzz";
    scope.org_id = "o1";
    scope.country = "PAN";
    if (token == kAnalystToken) {
      scope.roles = static_cast<std::uint8_t>(Role::kAnalyst);
    } else if (token == kAdminToken) {
      scope.roles = static_cast<std::uint8_t>(Role::kAdmin);
    } else {
      return core::Unauthenticated("unknown token");
    }
    return scope;
  }

  // Echoes every message; checks that messages come one at a time and within the cap.
  void WebSocketRoute(std::string path, api::Access access) {
    const std::size_t index = routes_.size();
    api::Route r{.method = "GET", .path = std::move(path), .tag = "fuzz", .access = access};
    r.websocket = [this, index](std::shared_ptr<api::WebSocket> ws) {
      CheckHandledRequest(routes_[index], ws->request());
      {
        std::lock_guard lock(mu_);
        ++open_;
      }
      auto busy = std::make_shared<std::atomic<bool>>(false);
      std::weak_ptr<api::WebSocket> weak = ws;
      ws->on_message = [weak, busy](const std::string& text) {
        ISTMO_CHECK(!busy->exchange(true));
        ISTMO_CHECK(text.size() <= kWebSocketMessageMax);
        if (auto self = weak.lock()) (void)self->Send(text);
        busy->store(false);
      };
      ws->on_close = [this] {
        std::lock_guard lock(mu_);
        ++closed_;
        cv_.notify_all();
      };
    };
    routes_.push_back(std::move(r));
  }

  std::vector<api::Route> routes_;
  api::Metrics metrics_;
  std::unique_ptr<api::Server> server_;
  std::atomic<int> handled_{0};
  std::mutex mu_;
  std::condition_variable cv_;
  int open_ = 0;
  int closed_ = 0;
};

// ---- without a socket: the head Beast parses from the same bytes ----

std::string PercentEncode(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if ((u >= '0' && u <= '9') || (u >= 'A' && u <= 'Z') || (u >= 'a' && u <= 'z') || c == '-' ||
        c == '_' || c == '.' || c == '~') {
      out += c;
    } else {
      out += '%';
      out += kHex[u >> 4];
      out += kHex[u & 0xf];
    }
  }
  return out;
}

void CheckTarget(std::string_view target) {
  api::Target t = api::ParseTarget(target);
  const std::size_t q = target.find('?');
  ISTMO_CHECK(t.path == api::PercentDecode(target.substr(0, q), false));
  ISTMO_CHECK(t.path.size() <= q);
  if (q == std::string_view::npos) ISTMO_CHECK(t.query.empty());
  // The query, written back with every byte escaped, reads as the same pairs in the same order.
  std::string encoded;
  for (const auto& [k, v] : t.query) {
    encoded += (encoded.empty() ? "" : "&") + PercentEncode(k) + "=" + PercentEncode(v);
  }
  ISTMO_CHECK(api::ParseQuery(encoded) == t.query);
  ISTMO_CHECK(api::PercentDecode(PercentEncode(t.path), false) == t.path);
}

void CheckRoute(const api::RouteTable& table, const std::vector<api::Route>& routes,
                std::string_view method, const std::string& path) {
  if (auto m = table.Find(method, path)) {
    const api::Route& route = routes[m->index];
    ISTMO_CHECK(route.method == method);
    ISTMO_CHECK(m->path_params.size() == ParamCount(route.path));
    for (const auto& [name, value] : m->path_params) {
      ISTMO_CHECK(!value.empty() && value.find('/') == std::string::npos);
    }
    ISTMO_CHECK(Fill(route.path, m->path_params) == path);
  }
  // Every route matches its own pattern filled with the path's segments (any bytes but '/'),
  // and gives them back as its parameters. No route of the table shadows another.
  std::vector<std::string> segments;
  for (std::size_t start = 0; start <= path.size();) {
    std::size_t slash = path.find('/', start);
    if (slash == std::string::npos) slash = path.size();
    if (slash > start) segments.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  if (segments.empty()) return;
  for (std::size_t i = 0; i < routes.size(); ++i) {
    const api::Route& route = routes[i];
    std::map<std::string, std::string> params;
    std::size_t next = 0;
    for (std::size_t pos = route.path.find('{'); pos != std::string::npos;
         pos = route.path.find('{', pos + 1)) {
      const std::size_t end = route.path.find('}', pos);
      params[route.path.substr(pos + 1, end - pos - 1)] = segments[next++ % segments.size()];
    }
    const std::string filled = Fill(route.path, params);
    auto m = table.Find(route.method, filled);
    ISTMO_CHECK(m.has_value() && m->index == i && m->path_params == params);
  }
}

bool Contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

// ExtractToken against the rules of api/session_token.h, both ways: what it returns is allowed
// by them, and what they allow it returns.
void CheckToken(const http::request<http::string_body>& req) {
  const std::string method(req.method_string());
  std::optional<std::string> authorization;
  if (auto it = req.find(http::field::authorization); it != req.end()) {
    authorization = std::string(it->value());
  }
  const std::string cookie(req[http::field::cookie]);
  const std::string csrf(req["X-CSRF-Token"]);
  const std::string origin(req[http::field::origin]);
  const std::string host(req[http::field::host]);
  const bool websocket = boost::beast::websocket::is_upgrade(req);
  const auto token = api::ExtractToken({.method = method,
                                        .authorization = authorization ? &*authorization : nullptr,
                                        .cookie = cookie,
                                        .csrf = csrf,
                                        .websocket = websocket,
                                        .origin = origin,
                                        .host = host});
  constexpr std::string_view kBearer = "Bearer ";
  const std::string session = api::CookieValue(cookie, "istmo_session");
  const std::string csrf_cookie = api::CookieValue(cookie, "istmo_csrf");
  const bool safe_method = method == "GET" || method == "HEAD";
  const bool same_origin =
      !host.empty() && (origin == "http://" + host || origin == "https://" + host);

  bool allowed = false;
  std::string expected;
  if (authorization) {
    allowed = authorization->size() > kBearer.size() && authorization->rfind(kBearer, 0) == 0;
    if (allowed) expected = authorization->substr(kBearer.size());
  } else {
    allowed = !session.empty() && (!websocket || same_origin) &&
              (safe_method || (!csrf_cookie.empty() && csrf == csrf_cookie));
    expected = session;
  }
  ISTMO_CHECK(token.has_value() == allowed);
  if (token) {
    ISTMO_CHECK(*token == expected && !token->empty());
    if (!authorization) ISTMO_CHECK(Contains(cookie, *token));
  } else {
    ISTMO_CHECK(token.error().code == core::ErrorCode::kUnauthenticated ||
                token.error().code == core::ErrorCode::kPermissionDenied);
  }

  // A session cookie put first is the one read, whatever follows; put last, it is read unless
  // the header already names that cookie.
  const std::string added = "ist_" + std::to_string(cookie.size());
  ISTMO_CHECK(api::CookieValue("istmo_session=" + added + "; " + cookie, "istmo_session") == added);
  if (!Contains(cookie, "istmo_session")) {
    ISTMO_CHECK(api::CookieValue(cookie + "; istmo_session=" + added, "istmo_session") == added);
  }
}

// Every request head Beast reads from the bytes (as the server's parser does, keep-alive
// included), checked without the server.
void CheckHeads(const Fixture& fixture, const api::RouteTable& table, std::string_view bytes) {
  for (int request = 0; request < 16 && !bytes.empty(); ++request) {
    http::request_parser<http::string_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(kDefaults.max_header_bytes));
    parser.body_limit(kDefaults.max_body);
    parser.eager(true);
    boost::beast::error_code ec;
    std::size_t used = 0;
    while (!parser.is_done() && used < bytes.size()) {
      const std::size_t n =
          parser.put(boost::asio::buffer(bytes.data() + used, bytes.size() - used), ec);
      used += n;
      if (ec || n == 0) break;
    }
    if (!parser.is_header_done()) return;
    const auto& req = parser.get();
    const std::string_view target(req.target().data(), req.target().size());
    CheckTarget(target);
    const std::string method =
        req.method() == http::verb::head ? "GET" : std::string(req.method_string());
    CheckRoute(table, fixture.routes(), method, api::ParseTarget(target).path);
    CheckToken(req);
    if (ec || !parser.is_done() || !req.keep_alive() || used == 0) return;
    bytes.remove_prefix(used);
  }
}

// ---- over the socket ----

// Writes `bytes` to a new connection, half-closes it, and returns what the server answered
// until it closed its side. Reads while writing, so that answers to pipelined requests never
// stall the server's reading.
std::string Exchange(int port, std::string_view bytes) {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  ISTMO_CHECK(fd >= 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const int rc = connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr);
  ISTMO_CHECK(rc == 0 || errno == EINPROGRESS);
  std::string received;
  std::size_t sent = 0;
  bool write_open = true;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  char buffer[16384];
  for (;;) {
    if (write_open && sent == bytes.size()) {
      shutdown(fd, SHUT_WR);
      write_open = false;
    }
    pollfd p{fd, static_cast<short>(POLLIN | (write_open ? POLLOUT : 0)), 0};
    const int ready = poll(&p, 1, 1000);
    // The server closes every connection once its client has closed its side: a hang here is
    // a connection (and a client slot) the server would keep forever.
    ISTMO_CHECK(std::chrono::steady_clock::now() < deadline);
    if (ready <= 0) continue;
    if (write_open && (p.revents & (POLLOUT | POLLERR | POLLHUP)) != 0) {
      const ssize_t n = send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
      if (n > 0) {
        sent += static_cast<std::size_t>(n);
      } else if (n < 0 && errno != EAGAIN && errno != EINTR) {
        write_open = false;  // the server closed first (an error answer); read what it said
      }
    }
    if ((p.revents & (POLLIN | POLLERR | POLLHUP)) != 0) {
      const ssize_t n = recv(fd, buffer, sizeof buffer, 0);
      if (n > 0) {
        received.append(buffer, static_cast<std::size_t>(n));
      } else if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
        break;
      }
    }
  }
  close(fd);
  return received;
}

// The length of the first request head (through "\r\n\r\n"; "\n\n" counts too, to stay on the
// safe side of a lenient reading), or npos when it has no end.
std::size_t HeadLength(std::string_view bytes) {
  const std::size_t crlf = bytes.find("\r\n\r\n");
  const std::size_t lf = bytes.find("\n\n");
  return std::min(crlf == std::string_view::npos ? crlf : crlf + 4,
                  lf == std::string_view::npos ? lf : lf + 2);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static Fixture* fixture = new Fixture();  // one server for the whole run, never torn down
  static const api::RouteTable* table = new api::RouteTable(fixture->routes());
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);

  CheckHeads(*fixture, *table, bytes);

  const int handled_before = fixture->handled();
  const std::string answer = Exchange(fixture->port(), bytes);
  fixture->AwaitWebSocketsClosed();
  // Whatever the server said is HTTP/1.1, starting with a status line.
  ISTMO_CHECK(answer.empty() || answer.rfind("HTTP/1.1 ", 0) == 0);
  // A first head longer than the cap (request line included) is refused before any handler runs.
  if (HeadLength(bytes) > kDefaults.max_header_bytes) {
    ISTMO_CHECK(fixture->handled() == handled_before);
    ISTMO_CHECK(answer.rfind("HTTP/1.1 101", 0) != 0);
  }
  return 0;
}

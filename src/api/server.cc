#include "api/server.h"

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

#include "core/id.h"
#include "core/log.h"

namespace istmo::api {

namespace {

bool SaneRequestId(const std::string& id) {
  if (id.size() < 8 || id.size() > 64) return false;
  for (char c : id) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_')) return false;
  }
  return true;
}

void WriteError(httplib::Response& res, const core::Error& e, const std::string& request_id,
                int status_override = 0) {
  res.status = status_override != 0 ? status_override : core::HttpStatus(e.code);
  res.set_content(ErrorJson(e, request_id).dump(-1, ' ', false,
                                                nlohmann::json::error_handler_t::replace),
                  "application/json");
  if (res.status == 401) res.set_header("WWW-Authenticate", "Bearer");
}

// "/api/v1/users/{id}" -> "/api/v1/users/([^/]+)" and the parameter names.
std::pair<std::string, std::vector<std::string>> CompilePath(const std::string& path) {
  std::string pattern;
  std::vector<std::string> names;
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (path[i] == '{') {
      std::size_t end = path.find('}', i);
      names.push_back(path.substr(i + 1, end - i - 1));
      pattern += "([^/]+)";
      i = end;
    } else if (std::string_view(".+*?^$()[]|\\").find(path[i]) != std::string_view::npos) {
      pattern += '\\';
      pattern += path[i];
    } else {
      pattern += path[i];
    }
  }
  return {pattern, names};
}

}  // namespace

struct Server::Impl {
  ServerOptions options;
  std::vector<Route> routes;
  Authenticator authenticate;
  Metrics* metrics = nullptr;
  std::unique_ptr<httplib::Server> http;
  std::thread thread;
  int port = 0;
  std::string index_html;  // the web app's entry page, served for client-side routes
  std::atomic<bool> listening_done{false};

  // Access log and metrics for requests no route handled (web files, fallback page, 404s).
  void LogOther(const std::string& label, const httplib::Request& req, const httplib::Response& res) {
    metrics->ObserveRequest(label, req.method, res.status, 0);
    if (core::log::Enabled(core::log::Level::kInfo)) {
      core::log::Info("http_request", {{"request_id", res.get_header_value("X-Request-Id")},
                                       {"method", req.method},
                                       {"path", req.path.substr(0, 200)},
                                       {"status", std::to_string(res.status)},
                                       {"bytes", std::to_string(res.body.size())},
                                       {"client", req.remote_addr}});
    }
  }

  void Handle(const Route& route, const std::vector<std::string>& names,
              const httplib::Request& req, httplib::Response& res) {
    auto start = std::chrono::steady_clock::now();
    Request r;
    // Set by the pre-routing handler (Create), which every request passes.
    r.request_id = res.get_header_value("X-Request-Id");
    r.method = req.method;
    r.path = req.path;
    r.client = req.remote_addr;
    for (std::size_t i = 0; i < names.size() && i + 1 < req.matches.size(); ++i) {
      r.path_params[names[i]] = req.matches[i + 1].str();
    }
    for (const auto& [k, v] : req.params) r.query.emplace(k, v);
    r.content_type = req.get_header_value("Content-Type");

    core::Status outcome = Run(route, req, r, res);
    if (!outcome) {
      const core::Error& e = outcome.error();
      if (e.code == core::ErrorCode::kInternal || e.code == core::ErrorCode::kDataLoss) {
        core::log::Error("request_failed", {{"request_id", r.request_id},
                                            {"route", route.path},
                                            {"error", e.ToString()}});
      }
      WriteError(res, e, r.request_id);
    }
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    metrics->ObserveRequest(route.path, route.method, res.status, seconds);
    if (core::log::Enabled(core::log::Level::kInfo)) {
      core::log::Info("http_request",
                      {{"request_id", r.request_id},
                       {"method", r.method},
                       {"path", r.path},
                       {"status", std::to_string(res.status)},
                       {"ms", std::to_string(static_cast<int>(seconds * 1000.0 + 0.5))},
                       {"bytes", std::to_string(res.body.size())},
                       {"user", r.scope ? r.scope->username : std::string("-")},
                       {"client", r.client}});
    }
  }

  core::Status Run(const Route& route, const httplib::Request& req, Request& r,
                   httplib::Response& res) {
    if (route.access == Access::kAuthenticated) {
      std::string header = req.get_header_value("Authorization");
      constexpr std::string_view kBearer = "Bearer ";
      if (header.size() <= kBearer.size() || header.compare(0, kBearer.size(), kBearer) != 0) {
        return core::Unauthenticated("missing `Authorization: Bearer <token>`; log in first");
      }
      r.token = header.substr(kBearer.size());
      ISTMO_ASSIGN_OR_RETURN(store::AccessScope scope, authenticate(r.token));
      if (route.roles != 0 && (scope.roles & route.roles) == 0) {
        return core::PermissionDenied("your role does not allow " + route.method + " " + route.path);
      }
      r.scope = std::move(scope);
    }
    if (req.body.size() > route.max_body) {
      core::Error e = core::InvalidArgument("the body is larger than " +
                                            std::to_string(route.max_body) + " bytes");
      WriteError(res, e, r.request_id, 413);
      return core::Ok();
    }
    if (route.json_body) {
      std::string ct = r.content_type.substr(0, r.content_type.find(';'));
      if (ct != "application/json") {
        core::Error e = core::InvalidArgument("send the body as Content-Type: application/json");
        WriteError(res, e, r.request_id, 415);
        return core::Ok();
      }
    }
    r.body = req.body;
    core::Result<Response> out = core::Internal("handler did not run");
    try {
      out = route.handler(r);
    } catch (const std::exception& ex) {
      // Handlers do not throw; this is the last line against a bug in a dependency.
      return core::Internal(std::string("unexpected exception: ") + ex.what());
    }
    if (!out) return out.error();
    res.status = out->status;
    for (const auto& [k, v] : out->headers) res.set_header(k.c_str(), v);
    if (out->status != 204) res.set_content(out->body, out->content_type.c_str());
    return core::Ok();
  }
};

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Server::~Server() { Stop(); }

core::Result<std::unique_ptr<Server>> Server::Create(const ServerOptions& options,
                                                     std::vector<Route> routes,
                                                     Authenticator authenticate,
                                                     Metrics& metrics) {
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  impl->routes = std::move(routes);
  impl->authenticate = std::move(authenticate);
  impl->metrics = &metrics;
  std::error_code ec;
  if (!options.tls_cert.empty() || !options.tls_key.empty()) {
    if (options.tls_cert.empty() || options.tls_key.empty()) {
      return core::InvalidArgument("TLS needs both a certificate and a key", "server.tls_key");
    }
    for (const auto& f : {options.tls_cert, options.tls_key}) {
      if (!std::ifstream(f)) return core::InvalidArgument("cannot read " + f, "server.tls_cert");
    }
    auto ssl = std::make_unique<httplib::SSLServer>(options.tls_cert.c_str(), options.tls_key.c_str());
    if (!ssl->is_valid()) {
      return core::InvalidArgument("the TLS certificate or key is not valid PEM, or they do not match",
                                   "server.tls_cert");
    }
    impl->http = std::move(ssl);
  } else {
    impl->http = std::make_unique<httplib::Server>();
  }
  httplib::Server& http = *impl->http;
  // httplib's default socket options set SO_REUSEPORT, with which a second server binds the same
  // port and the kernel splits connections between the two; Start() must fail instead.
  // SO_REUSEADDR alone still allows a restart while old connections sit in TIME_WAIT.
  http.set_socket_options([](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  });
  http.set_payload_max_length(options.max_body);
  http.set_read_timeout(options.read_timeout_seconds, 0);
  http.set_default_headers({{"X-Content-Type-Options", "nosniff"},
                            {"X-Frame-Options", "DENY"},
                            {"Referrer-Policy", "no-referrer"}});

  if (!options.web_dir.empty()) {
    if (!std::filesystem::is_directory(options.web_dir, ec)) {
      return core::InvalidArgument("web folder " + options.web_dir + " does not exist", "server.web_dir");
    }
    // httplib serves a mounted folder's files before any route: a file or folder named like a
    // route's first segment would answer in its place. Refuse such a folder.
    for (const Route& route : impl->routes) {
      const std::string first = route.path.substr(1, route.path.find('/', 1) - 1);
      if (!first.empty() && std::filesystem::exists(std::filesystem::path(options.web_dir) / first, ec)) {
        return core::InvalidArgument("web folder " + options.web_dir + " holds '" + first +
                                         "', which would shadow the route " + route.path,
                                     "server.web_dir");
      }
    }
    std::ifstream index(std::filesystem::path(options.web_dir) / "index.html");
    if (index) {
      std::stringstream ss;
      ss << index.rdbuf();
      impl->index_html = ss.str();
    }
    http.set_mount_point("/", options.web_dir);
    // Files of the web app never reach Handle(): log and count them here.
    http.set_file_request_handler([self = impl.get()](const httplib::Request& req, httplib::Response& res) {
      self->LogOther("static", req, res);
    });
  }

  // The request id is given before routing, so that the web app's files and its fallback page
  // carry one too (they never reach Handle); a sane client-sent id is kept.
  http.set_pre_routing_handler([](const httplib::Request& req, httplib::Response& res) {
    std::string incoming = req.get_header_value("X-Request-Id");
    res.set_header("X-Request-Id", SaneRequestId(incoming) ? incoming : core::NewId());
    return httplib::Server::HandlerResponse::Unhandled;
  });

  Impl* self = impl.get();
  for (const Route& route : self->routes) {
    auto [pattern, names] = CompilePath(route.path);
    auto handler = [self, &route, names = names](const httplib::Request& req, httplib::Response& res) {
      self->Handle(route, names, req, res);
    };
    if (route.method == "GET") {
      http.Get(pattern, handler);
    } else if (route.method == "POST") {
      http.Post(pattern, handler);
    } else if (route.method == "PATCH") {
      http.Patch(pattern, handler);
    } else if (route.method == "PUT") {
      http.Put(pattern, handler);
    } else if (route.method == "DELETE") {
      http.Delete(pattern, handler);
    } else {
      return core::Internal("unsupported method " + route.method);
    }
  }

  // Anything unrouted: JSON errors under /api, the web app's index.html for its own routes.
  httplib::Server::HandlerWithResponse on_error = [self](const httplib::Request& req,
                                                         httplib::Response& res) {
    if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
    std::string request_id = res.get_header_value("X-Request-Id");
    if (request_id.empty()) {
      request_id = core::NewId();
      res.set_header("X-Request-Id", request_id);
    }
    bool api = req.path.rfind("/api/", 0) == 0 || req.path == "/api";
    if (!api && res.status == 404 && (req.method == "GET" || req.method == "HEAD") &&
        !self->index_html.empty()) {
      res.status = 200;
      res.set_content(self->index_html, "text/html; charset=utf-8");
      self->LogOther("web_app", req, res);
      return httplib::Server::HandlerResponse::Handled;
    }
    core::Error e = res.status == 404 ? core::NotFound("no route " + req.method + " " + req.path.substr(0, 100))
                  : res.status == 413 ? core::InvalidArgument("the body is too large")
                                      : core::InvalidArgument("bad request");
    if (res.status == 405) e = core::InvalidArgument("method not allowed");
    WriteError(res, e, request_id, res.status);
    self->LogOther("unrouted", req, res);
    return httplib::Server::HandlerResponse::Handled;
  };
  http.set_error_handler(on_error);
  http.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr ep) {
    std::string what = "unknown";
    try {
      std::rethrow_exception(ep);
    } catch (const std::exception& e) {
      what = e.what();
    } catch (...) {
    }
    std::string id = core::NewId();
    core::log::Error("request_exception", {{"request_id", id}, {"what", what}});
    WriteError(res, core::Internal("internal error; see the server log for request " + id), id);
  });
  return std::unique_ptr<Server>(new Server(std::move(impl)));
}

core::Status Server::Start() {
  httplib::Server& http = *impl_->http;
  int port = impl_->options.port;
  if (port == 0) {
    port = http.bind_to_any_port(impl_->options.host);
    if (port <= 0) return core::Unavailable("cannot bind " + impl_->options.host);
  } else if (!http.bind_to_port(impl_->options.host, port)) {
    return core::Unavailable("cannot listen on " + impl_->options.host + ":" + std::to_string(port) +
                             " (in use, or not allowed)");
  }
  impl_->port = port;
  impl_->listening_done = false;
  impl_->thread = std::thread([this] {
    impl_->http->listen_after_bind();
    impl_->listening_done = true;
  });
  // listen_after_bind() marks the server running almost at once; wait for it (bounded).
  for (int i = 0; i < 30000 && !http.is_running() && !impl_->listening_done; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  if (!http.is_running()) return core::Unavailable("the HTTP server did not start");
  return core::Ok();
}

int Server::port() const { return impl_->port; }

std::string Server::url() const {
  std::string scheme = impl_->options.tls_cert.empty() ? "http" : "https";
  std::string host = impl_->options.host == "0.0.0.0" ? "127.0.0.1" : impl_->options.host;
  return scheme + "://" + host + ":" + std::to_string(impl_->port);
}

void Server::Stop() {
  if (!impl_ || !impl_->http) return;
  // stop() does nothing until the listen loop runs; repeat it until that loop has ended, so a
  // Stop() that races a just-started server cannot leave it serving.
  while (impl_->thread.joinable() && !impl_->listening_done) {
    impl_->http->stop();
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  Wait();
}

void Server::Wait() {
  if (impl_ && impl_->thread.joinable()) impl_->thread.join();
}

}  // namespace istmo::api

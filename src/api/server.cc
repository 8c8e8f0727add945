#include "api/server.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <optional>
#include <sstream>
#include <thread>
#include <unordered_map>

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>

#include "api/internal/worker_pool.h"
#include "api/request_target.h"
#include "api/session_token.h"
#include "core/id.h"
#include "core/log.h"

namespace istmo::api {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;

namespace {

constexpr const char* kContentSecurityPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'";
// A response closed because the request could not be read is followed by reading (and
// dropping) what the client still sends, for at most this long, so that closing the socket
// with unread data does not reset the connection before the client has read the answer.
// Many clients (curl, HTTP libraries) write a whole body before they read: the byte bound covers
// a body over the largest route cap (10 MiB on the photo routes), so that such a client reads
// its 413 instead of a reset; the time bound keeps a drain cheap whatever is sent.
constexpr auto kDrainTime = std::chrono::seconds(2);
constexpr std::size_t kDrainBytes = 16 << 20;

bool SaneRequestId(std::string_view id) {
  if (id.size() < 8 || id.size() > 64) return false;
  for (char c : id) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_')) return false;
  }
  return true;
}

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// An answer on its way to the client. The transport adds the request id, the safety headers
// and the framing (Content-Length, Connection).
struct Outgoing {
  int status = 200;
  std::string content_type;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  bool close = false;       // close the connection after this answer
  bool upgrade_ok = false;  // a WebSocket route's checks passed: upgrade instead of answering

  bool HasHeader(std::string_view name) const {
    for (const auto& [k, v] : headers) {
      if (beast::iequals(k, beast::string_view(name.data(), name.size()))) return true;
    }
    return false;
  }
};

Outgoing ErrorOutgoing(const core::Error& e, const std::string& request_id, int status_override = 0) {
  Outgoing out;
  out.status = status_override != 0 ? status_override : core::HttpStatus(e.code);
  out.content_type = "application/json";
  out.body = ErrorJson(e, request_id).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  if (out.status == 401) out.headers.emplace_back("WWW-Authenticate", "Bearer");
  return out;
}

std::string MimeType(const std::filesystem::path& file) {
  static const std::map<std::string, std::string> kTypes = {
      {".html", "text/html; charset=utf-8"},   {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"}, {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},           {".geojson", "application/geo+json"},
      {".svg", "image/svg+xml"},               {".png", "image/png"},
      {".jpg", "image/jpeg"},                  {".jpeg", "image/jpeg"},
      {".gif", "image/gif"},                   {".ico", "image/x-icon"},
      {".webp", "image/webp"},                 {".woff", "font/woff"},
      {".woff2", "font/woff2"},                {".txt", "text/plain; charset=utf-8"},
      {".webmanifest", "application/manifest+json"}, {".wasm", "application/wasm"}};
  auto it = kTypes.find(file.extension().string());
  return it == kTypes.end() ? "application/octet-stream" : it->second;
}

// A strong validator of a file's bytes (FNV-1a, 64 bits, and the length).
std::string ETagOf(const std::string& bytes) {
  std::uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  char text[48];
  std::snprintf(text, sizeof text, "\"%016llx-%zx\"", static_cast<unsigned long long>(h),
                bytes.size());
  return text;
}

bool ETagMatches(std::string_view if_none_match, const std::string& etag) {
  if (if_none_match.empty()) return false;
  if (if_none_match.find('*') != std::string_view::npos) return true;
  return if_none_match.find(etag) != std::string_view::npos;
}

// A request whose head (and body) has been read, with what the handler side needs of it.
struct Incoming {
  Request r;
  int route = -1;  // index into the route table; -1: unrouted (web files, 404)
  bool head = false;
  bool websocket = false;
  std::optional<std::string> authorization;
  std::string cookie;
  std::string csrf;
  std::string origin;
  std::string host;
  std::string if_none_match;
  Clock::time_point start;
};

class SessionBase {
 public:
  virtual ~SessionBase() = default;
  // Server::Stop: close if no request is in flight; finish the one in flight otherwise.
  virtual void OnStop() = 0;
  // Server::Stop, last: nothing outside the server may reach this session any more.
  virtual void Detach() {}
};

}  // namespace

struct Server::Impl {
  ServerOptions options;
  std::vector<Route> routes;
  std::optional<RouteTable> route_table;  // over `routes`
  Authenticator authenticate;
  Metrics* metrics = nullptr;
  std::filesystem::path web_root;  // canonical; empty: no web app
  bool tls = false;
  int port = 0;

  // Live sessions (for Stop) and connections per client address (for the cap).
  std::mutex mu;
  std::condition_variable sessions_cv;
  std::unordered_map<SessionBase*, std::weak_ptr<SessionBase>> sessions;
  std::map<std::string, int> per_client;
  std::atomic<bool> stopping{false};

  std::array<std::unique_ptr<internal::WorkerPool>, 4> pools;

  std::unique_ptr<net::ssl::context> ssl;  // outlives the sessions, destroyed with ioc below
  net::io_context ioc;
  std::optional<net::executor_work_guard<net::io_context::executor_type>> work;
  tcp::acceptor acceptor{ioc};
  net::steady_timer accept_retry{ioc};
  std::vector<std::thread> io_threads;

  std::mutex stop_mu;
  std::condition_variable stopped_cv;
  bool started = false;
  bool stop_begun = false;
  bool stopped = false;

  internal::WorkerPool& PoolFor(Pool p) { return *pools[static_cast<std::size_t>(p)]; }

  void Register(const std::shared_ptr<SessionBase>& s) {
    std::lock_guard lock(mu);
    sessions.emplace(s.get(), s);
  }
  void Unregister(SessionBase* s) {
    std::lock_guard lock(mu);
    sessions.erase(s);
    if (sessions.empty()) sessions_cv.notify_all();
  }
  bool TakeClientSlot(const std::string& client) {
    std::lock_guard lock(mu);
    int& n = per_client[client];
    if (n >= options.max_connections_per_client) {
      if (n == 0) per_client.erase(client);
      return false;
    }
    ++n;
    return true;
  }
  void ReleaseClientSlot(const std::string& client) {
    std::lock_guard lock(mu);
    auto it = per_client.find(client);
    if (it != per_client.end() && --it->second <= 0) per_client.erase(it);
  }

  void DoAccept();
  void OnAccept(tcp::socket socket);

  void LogRequest(const std::string& label, const Incoming& in, const Outgoing& out,
                  double seconds, const std::string& user) {
    metrics->ObserveRequest(label, in.r.method, out.status, seconds);
    if (core::log::Enabled(core::log::Level::kInfo)) {
      core::log::Info("http_request",
                      {{"request_id", in.r.request_id},
                       {"method", in.r.method},
                       {"path", in.r.path.substr(0, 200)},
                       {"status", std::to_string(out.status)},
                       {"ms", std::to_string(static_cast<int>(seconds * 1000.0 + 0.5))},
                       {"bytes", std::to_string(out.body.size())},
                       {"user", user},
                       {"client", in.r.client}});
    }
  }

  // Runs on a worker pool: the whole of a request after it has been read.
  Outgoing Serve(Incoming& in) {
    Outgoing out = in.route >= 0 ? ServeRoute(routes[static_cast<std::size_t>(in.route)], in)
                                 : ServeUnrouted(in);
    return out;
  }

  // Authentication and authorization of an authenticated route.
  core::Status Authorize(const Route& route, Incoming& in) {
    if (route.access != Access::kAuthenticated) return core::Ok();
    ISTMO_ASSIGN_OR_RETURN(in.r.token, ExtractToken({.method = in.r.method,
                                                     .authorization = in.authorization
                                                                          ? &*in.authorization
                                                                          : nullptr,
                                                     .cookie = in.cookie,
                                                     .csrf = in.csrf,
                                                     .websocket = in.websocket,
                                                     .origin = in.origin,
                                                     .host = in.host}));
    ISTMO_ASSIGN_OR_RETURN(store::AccessScope scope, authenticate(in.r.token));
    if (route.roles != 0 && (scope.roles & route.roles) == 0) {
      return core::PermissionDenied("your role does not allow " + route.method + " " + route.path);
    }
    in.r.scope = std::move(scope);
    return core::Ok();
  }

  Outgoing ServeRoute(const Route& route, Incoming& in) {
    Request& r = in.r;
    Outgoing out;
    core::Status outcome = [&]() -> core::Status {
      ISTMO_RETURN_IF_ERROR(Authorize(route, in));
      if (in.websocket) {
        out.upgrade_ok = true;
        return core::Ok();
      }
      if (r.body.size() > route.max_body) {
        out = ErrorOutgoing(core::TooLarge("the body is larger than " +
                                           std::to_string(route.max_body) + " bytes"),
                            r.request_id, 413);
        return core::Ok();
      }
      if (route.json_body) {
        std::string ct = r.content_type.substr(0, r.content_type.find(';'));
        if (ct != "application/json") {
          out = ErrorOutgoing(core::InvalidArgument("send the body as Content-Type: application/json"),
                              r.request_id, 415);
          return core::Ok();
        }
      }
      core::Result<Response> result = core::Internal("handler did not run");
      try {
        result = route.handler(r);
      } catch (const std::exception& ex) {
        // Handlers do not throw; this is the last line against a bug in a dependency.
        return core::Internal(std::string("unexpected exception: ") + ex.what());
      }
      if (!result) return result.error();
      out.status = result->status;
      out.headers = std::move(result->headers);
      if (result->status != 204) {
        out.content_type = std::move(result->content_type);
        out.body = std::move(result->body);
      }
      return core::Ok();
    }();
    if (!outcome) {
      core::Error e = outcome.error();
      if (e.code == core::ErrorCode::kInternal || e.code == core::ErrorCode::kDataLoss) {
        // The text may hold SQL or file paths: it goes to the log, the client gets the id.
        core::log::Error("request_failed", {{"request_id", r.request_id},
                                            {"route", route.path},
                                            {"error", e.ToString()}});
        e.message = "internal error; see the server log for request " + r.request_id;
        e.field.clear();
      }
      out = ErrorOutgoing(e, r.request_id);
    }
    double seconds = std::chrono::duration<double>(Clock::now() - in.start).count();
    if (!out.upgrade_ok) {
      LogRequest(route.path, in, out, seconds, r.scope ? r.scope->username : std::string("-"));
    }
    return out;
  }

  // The web app's files, its index.html for its own client-side routes, and JSON 404s.
  Outgoing ServeUnrouted(Incoming& in) {
    const std::string& path = in.r.path;
    bool api = StartsWith(path, "/api/") || path == "/api";
    Outgoing out;
    std::string label = "unrouted";
    bool get = in.r.method == "GET" || in.r.method == "HEAD";
    if (!api && get && !web_root.empty() && !EndsWith(path, ".map")) {
      std::optional<std::filesystem::path> file = WebFile(path);
      label = "static";
      if (!file) {
        file = web_root / "index.html";
        label = "web_app";
      }
      std::ifstream f(*file, std::ios::binary);
      if (f) {
        std::stringstream ss;
        ss << f.rdbuf();
        out.body = ss.str();
        out.content_type = MimeType(*file);
        std::string etag = ETagOf(out.body);
        out.headers.emplace_back("ETag", etag);
        // Vite names the files under assets/ by their content: they never change.
        out.headers.emplace_back("Cache-Control", label == "static" && StartsWith(path, "/assets/")
                                                      ? "public, max-age=31536000, immutable"
                                                      : "no-cache");
        if (ETagMatches(in.if_none_match, etag)) {
          out.status = 304;
          out.body.clear();
        }
        LogRequest(label, in, out, std::chrono::duration<double>(Clock::now() - in.start).count(), "-");
        return out;
      }
      label = "unrouted";
    }
    out = ErrorOutgoing(core::NotFound("no route " + in.r.method + " " + path.substr(0, 100)),
                        in.r.request_id, 404);
    LogRequest(label, in, out, std::chrono::duration<double>(Clock::now() - in.start).count(), "-");
    return out;
  }

  // The file of the web folder a path names, or nullopt (absent, a folder, or outside it).
  std::optional<std::filesystem::path> WebFile(const std::string& path) const {
    if (path.find('\0') != std::string::npos || path.find('\\') != std::string::npos) return {};
    std::string rel = path.substr(1);
    if (rel.empty() || rel.back() == '/') rel += "index.html";
    for (std::string_view rest = rel; !rest.empty();) {
      std::size_t slash = rest.find('/');
      std::string_view segment = rest.substr(0, slash);
      if (segment == ".." || segment == ".") return {};
      rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
    }
    std::error_code ec;
    std::filesystem::path full = std::filesystem::weakly_canonical(web_root / rel, ec);
    if (ec) return {};
    auto [root_end, unused] = std::mismatch(web_root.begin(), web_root.end(), full.begin(), full.end());
    (void)unused;
    if (root_end != web_root.end()) return {};
    if (!std::filesystem::is_regular_file(full, ec)) return {};
    return full;
  }

  // The bytes of an answer: status line, headers, body in one buffer, written with one write.
  std::string Serialize(const Outgoing& out, const std::string& request_id, bool head,
                        bool keep_alive) const {
    std::string text = "HTTP/1.1 " + std::to_string(out.status) + " " +
                       std::string(http::obsolete_reason(static_cast<http::status>(out.status))) +
                       "\r\n";
    auto add = [&text](std::string_view k, std::string_view v) {
      text.append(k).append(": ").append(v).append("\r\n");
    };
    add("X-Request-Id", request_id);
    add("X-Content-Type-Options", "nosniff");
    add("X-Frame-Options", "DENY");
    add("Referrer-Policy", "no-referrer");
    if (tls) add("Strict-Transport-Security", "max-age=31536000");
    if (!out.HasHeader("Cache-Control")) add("Cache-Control", "no-store");
    for (const auto& [k, v] : out.headers) add(k, v);
    bool html = StartsWith(out.content_type, "text/html");
    if (html) add("Content-Security-Policy", kContentSecurityPolicy);
    bool no_body = out.status == 204 || out.status == 304 || (out.status >= 100 && out.status < 200);
    if (!no_body) {
      if (!out.content_type.empty()) add("Content-Type", out.content_type);
      add("Content-Length", std::to_string(out.body.size()));
    } else if (out.status == 304) {
      // A 304 has no body; saying so spares clients that would otherwise read until close.
      add("Content-Length", "0");
    }
    add("Connection", keep_alive ? "keep-alive" : "close");
    text += "\r\n";
    if (!no_body && !head) text += out.body;
    return text;
  }
};

namespace {

using Impl = Server::Impl;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;

template <class Stream>
constexpr bool kIsTls = std::is_same_v<Stream, TlsStream>;

// Holds one of a client address's connection slots for as long as the connection lives.
class ClientSlot {
 public:
  ClientSlot(Impl& impl, std::string client) : impl_(impl), client_(std::move(client)) {}
  ~ClientSlot() { impl_.ReleaseClientSlot(client_); }
  const std::string& client() const { return client_; }

 private:
  Impl& impl_;
  std::string client_;
};

// ---- WebSocket ----

// What a WebSocket session offers its handle; the handle calls it under the handle's lock.
class WsSessionLink {
 public:
  virtual ~WsSessionLink() = default;
  virtual bool Enqueue(std::string text) = 0;
  virtual void RequestClose() = 0;
  virtual std::size_t Queued() = 0;
};

// The api::WebSocket a route holds. It owns no Asio object and only a weak link to its
// session, so a route may keep it for as long as it likes, past the connection and past the
// server: once the session has ended (or the server stopped), Send returns false.
class WsHandle : public WebSocket {
 public:
  explicit WsHandle(Request request) : request_(std::move(request)) {}

  bool Send(std::string text) override {
    std::lock_guard lock(mu_);
    auto session = closed_ ? nullptr : session_.lock();
    return session != nullptr && session->Enqueue(std::move(text));
  }
  void Close() override {
    std::lock_guard lock(mu_);
    if (auto session = closed_ ? nullptr : session_.lock()) session->RequestClose();
  }
  bool closed() const override {
    std::lock_guard lock(mu_);
    return closed_ || session_.expired();
  }
  const Request& request() const override { return request_; }
  std::size_t queued() const override {
    std::lock_guard lock(mu_);
    auto session = closed_ ? nullptr : session_.lock();
    return session == nullptr ? 0 : session->Queued();
  }

  void Attach(std::weak_ptr<WsSessionLink> session) {
    std::lock_guard lock(mu_);
    session_ = std::move(session);
  }
  // After this returns no call reaches the session (nor the server's executor) again.
  void MarkClosed() {
    std::lock_guard lock(mu_);
    closed_ = true;
  }

 private:
  mutable std::mutex mu_;
  bool closed_ = false;
  std::weak_ptr<WsSessionLink> session_;
  Request request_;
};

template <class Stream>
class WsSession : public SessionBase,
                  public WsSessionLink,
                  public std::enable_shared_from_this<WsSession<Stream>> {
 public:
  WsSession(Impl& impl, Stream stream, std::unique_ptr<ClientSlot> slot, Request request,
            const Route& route)
      : impl_(impl), ws_(std::move(stream)), slot_(std::move(slot)),
        handle_(std::make_shared<WsHandle>(std::move(request))), route_(route) {}

  void Accept(http::request<http::string_body> req) {
    handle_->Attach(this->weak_from_this());
    beast::get_lowest_layer(ws_).expires_never();
    ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
    ws_.read_message_max(64 * 1024);
    ws_.async_accept(req, [self = this->shared_from_this()](beast::error_code ec) {
      if (ec) return self->Finish();
      // The route's code runs on the default pool; reading starts once it has set on_message.
      bool queued = self->impl_.PoolFor(Pool::kDefault).TrySubmit([self] {
        self->route_.websocket(self->handle_);
        net::post(self->ws_.get_executor(), [self] { self->Read(); });
      });
      if (!queued) self->StartClose(websocket::close_code::try_again_later);
    });
  }

  // Called by the handle, under its lock, from any thread.
  bool Enqueue(std::string text) override {
    std::lock_guard lock(mu_);
    if (closing_) return false;
    if (queue_.size() >= impl_.options.websocket_send_queue) {
      // A consumer this far behind is dropped, not buffered without end.
      closing_ = true;
      net::post(ws_.get_executor(), [self = this->shared_from_this()] { self->Finish(); });
      return false;
    }
    queue_.push_back(std::move(text));
    if (!writing_) {
      writing_ = true;
      net::post(ws_.get_executor(), [self = this->shared_from_this()] { self->WriteNext(); });
    }
    return true;
  }

  std::size_t Queued() override {
    std::lock_guard lock(mu_);
    return queue_.size() + (writing_ ? 1 : 0);
  }

  void RequestClose() override {
    net::post(ws_.get_executor(), [self = this->shared_from_this()] {
      self->StartClose(websocket::close_code::normal);
    });
  }

  void OnStop() override {
    net::post(ws_.get_executor(), [self = this->shared_from_this()] {
      self->StartClose(websocket::close_code::going_away);
    });
  }

  void Detach() override { handle_->MarkClosed(); }

 private:
  void Read() {
    ws_.async_read(in_, [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec) return self->Finish();
      std::string text = beast::buffers_to_string(self->in_.data());
      self->in_.consume(self->in_.size());
      // One message at a time, in order: the next read starts when this one is handled.
      bool queued = self->impl_.PoolFor(Pool::kDefault).TrySubmit([self, text = std::move(text)] {
        if (self->handle_->on_message) self->handle_->on_message(text);
        net::post(self->ws_.get_executor(), [self] { self->Read(); });
      });
      if (!queued) self->StartClose(websocket::close_code::try_again_later);
    });
  }

  void WriteNext() {
    {
      std::lock_guard lock(mu_);
      if (queue_.empty() || closing_) {
        writing_ = false;
        return;
      }
      current_ = std::move(queue_.front());
      queue_.pop_front();
    }
    ws_.text(true);
    ws_.async_write(net::buffer(current_),
                    [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                      if (ec) return self->Finish();
                      self->WriteNext();
                    });
  }

  void StartClose(websocket::close_code code) {
    {
      std::lock_guard lock(mu_);
      if (close_started_) return;
      close_started_ = true;
      closing_ = true;
    }
    if (!ws_.is_open()) return Finish();
    // A peer that does not answer the close is not waited for long.
    websocket::stream_base::timeout t{};
    t.handshake_timeout = std::chrono::seconds(2);
    t.idle_timeout = std::chrono::seconds(2);
    t.keep_alive_pings = false;
    ws_.set_option(t);
    ws_.async_close(code, [self = this->shared_from_this()](beast::error_code) { self->Finish(); });
  }

  // Ends the session once: the handle stops reaching it, on_close runs on the default pool
  // (never on an I/O thread), and Stop() stops waiting for it.
  void Finish() {
    {
      std::lock_guard lock(mu_);
      closing_ = true;
      if (finished_) return;
      finished_ = true;
    }
    handle_->MarkClosed();
    beast::error_code ec;
    beast::get_lowest_layer(ws_).socket().close(ec);
    slot_.reset();
    if (handle_->on_close) {
      auto handle = handle_;
      if (!impl_.PoolFor(Pool::kDefault).TrySubmit([handle] { handle->on_close(); })) {
        core::log::Warn("websocket_on_close_dropped", {{"path", handle_->request().path}});
      }
    }
    impl_.Unregister(this);
  }

  Impl& impl_;
  websocket::stream<Stream> ws_;
  std::unique_ptr<ClientSlot> slot_;
  std::shared_ptr<WsHandle> handle_;
  const Route& route_;
  beast::flat_buffer in_;
  std::mutex mu_;
  std::deque<std::string> queue_;
  std::string current_;
  bool writing_ = false;
  bool closing_ = false;
  bool close_started_ = false;
  bool finished_ = false;
};

// ---- HTTP ----

template <class Stream>
class HttpSession : public SessionBase, public std::enable_shared_from_this<HttpSession<Stream>> {
 public:
  HttpSession(Impl& impl, Stream stream, std::unique_ptr<ClientSlot> slot)
      : impl_(impl), stream_(std::move(stream)), slot_(std::move(slot)) {}
  ~HttpSession() override { impl_.Unregister(this); }

  void Run() {
    net::dispatch(stream_.get_executor(), [self = this->shared_from_this()] {
      if constexpr (kIsTls<Stream>) {
        self->state_ = State::kHandshake;
        self->Lowest().expires_after(std::chrono::seconds(self->impl_.options.header_timeout_seconds));
        self->stream_.async_handshake(net::ssl::stream_base::server,
                                      [self](beast::error_code ec) {
                                        if (ec) return self->CloseNow();
                                        self->ReadNext();
                                      });
      } else {
        self->ReadNext();
      }
    });
  }

  void OnStop() override {
    net::post(stream_.get_executor(), [self = this->shared_from_this()] {
      // Waiting for a request (or for the rest of its head): nothing is in flight.
      if (self->state_ == State::kHandshake || self->state_ == State::kHeader) self->CloseNow();
    });
  }

 private:
  enum class State { kHandshake, kHeader, kBody, kHandling, kWriting, kClosing };

  beast::tcp_stream& Lowest() { return beast::get_lowest_layer(stream_); }

  void ReadNext() {
    if (impl_.stopping) return CloseNow();
    state_ = State::kHeader;
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(impl_.options.max_header_bytes));
    parser_->body_limit(impl_.options.max_body);
    // The parser may refuse a body announced above the server's limit before the head is
    // handled (which narrows it to the route's): the error then names this limit.
    body_limit_ = impl_.options.max_body;
    header_started_ = false;
    head_bytes_ = 0;
    // An idle kept-alive connection waits for its next request up to the idle timeout; once a
    // request's first byte is here, its whole head must follow within the header timeout.
    Lowest().expires_after(std::chrono::seconds(impl_.options.idle_timeout_seconds));
    ReadHeaderSome();
  }

  // The head is read with plain reads and fed to the parser here, so that the first byte of a
  // request (not only its last header line) moves the connection to the header deadline.
  void ReadHeaderSome() {
    if (ParseHead()) return;
    stream_.async_read_some(buffer_.prepare(8192),
                            [self = this->shared_from_this()](beast::error_code ec, std::size_t n) {
                              self->buffer_.commit(n);
                              if (ec) return self->OnReadError(ec);
                              self->ReadHeaderSome();
                            });
  }

  // Parses what is buffered; true when it took over (the head is complete, or it failed).
  bool ParseHead() {
    if (buffer_.size() > 0) {
      beast::error_code ec;
      std::size_t used = parser_->put(buffer_.data(), ec);
      buffer_.consume(used);
      // Beast takes the request line as soon as it is complete and applies header_limit to the
      // fields alone (and to what is buffered), so a head of up to twice the cap got through.
      // The cap is on the whole head: every byte the parser took, and what waits in the buffer.
      // Found by fuzz_http_server
      // (fuzz/regressions/http_server/head_over_cap_request_line_not_counted).
      head_bytes_ += used;
      if (ec && ec != http::error::need_more) {
        OnReadError(ec);
        return true;
      }
      if (parser_->is_header_done()) {
        if (head_bytes_ > impl_.options.max_header_bytes) {
          OnReadError(http::error::header_limit);
          return true;
        }
        OnHeader();
        return true;
      }
      if (head_bytes_ + buffer_.size() > impl_.options.max_header_bytes) {
        OnReadError(http::error::header_limit);
        return true;
      }
      if (!header_started_) {
        header_started_ = true;
        Lowest().expires_after(std::chrono::seconds(impl_.options.header_timeout_seconds));
      }
    }
    return false;
  }

  void OnReadError(beast::error_code ec) {
    if (ec == http::error::header_limit) {
      return Fail(core::InvalidArgument("the request head is larger than " +
                                        std::to_string(impl_.options.max_header_bytes) + " bytes"),
                  431);
    }
    if (ec == http::error::body_limit) {
      return Fail(core::TooLarge("the body is larger than " + std::to_string(body_limit_) + " bytes"),
                  413);
    }
    if (ec.category() == http::make_error_code(http::error::bad_method).category() &&
        ec != http::error::end_of_stream && ec != http::error::partial_message &&
        ec != http::error::need_more) {
      return Fail(core::InvalidArgument("malformed request: " + ec.message()), 400);
    }
    // Closed by the client, a deadline, or Stop: nothing to answer.
    CloseNow();
  }

  void OnHeader() {
    auto& req = parser_->get();
    in_ = Incoming{};
    in_.start = Clock::now();
    std::string_view incoming_id(req["X-Request-Id"].data(), req["X-Request-Id"].size());
    in_.r.request_id = SaneRequestId(incoming_id) ? std::string(incoming_id) : core::NewId();
    in_.r.method = std::string(req.method_string());
    in_.r.client = slot_->client();
    Target target = ParseTarget(std::string_view(req.target().data(), req.target().size()));
    in_.r.path = std::move(target.path);
    in_.r.query = std::move(target.query);
    in_.head = req.method() == http::verb::head;
    if (auto it = req.find(http::field::authorization); it != req.end()) {
      in_.authorization = std::string(it->value());
    }
    in_.cookie = std::string(req[http::field::cookie]);
    in_.csrf = std::string(req["X-CSRF-Token"]);
    in_.origin = std::string(req[http::field::origin]);
    in_.host = std::string(req[http::field::host]);
    in_.if_none_match = std::string(req[http::field::if_none_match]);
    in_.r.content_type = std::string(req[http::field::content_type]);
    keep_alive_ = req.keep_alive();

    const std::string method = in_.head ? "GET" : in_.r.method;
    std::size_t limit = impl_.options.max_body;
    if (auto match = impl_.route_table->Find(method, in_.r.path)) {
      const Route& route = impl_.routes[match->index];
      in_.route = static_cast<int>(match->index);
      in_.r.path_params = std::move(match->path_params);
      limit = std::min(limit, route.max_body);
      if (route.websocket) {
        if (!websocket::is_upgrade(req)) {
          return Fail(core::InvalidArgument("this route is a WebSocket endpoint; send an upgrade"), 426);
        }
        in_.websocket = true;
      }
    }
    if (in_.route < 0) limit = std::min<std::size_t>(limit, 64 * 1024);
    body_limit_ = limit;
    // Refused before the body is read: a body announced too large never costs a read.
    if (auto length = parser_->content_length(); length && *length > limit) {
      return Fail(core::TooLarge("the body is larger than " + std::to_string(limit) + " bytes"), 413);
    }
    parser_->body_limit(limit);
    if (parser_->is_done()) return Dispatch();
    if (beast::iequals(req[http::field::expect], "100-continue")) {
      state_ = State::kWriting;
      Lowest().expires_after(std::chrono::seconds(impl_.options.read_timeout_seconds));
      static const std::string kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
      net::async_write(stream_, net::buffer(kContinue),
                       [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                         if (ec) return self->CloseNow();
                         self->ReadBody();
                       });
      return;
    }
    ReadBody();
  }

  void ReadBody() {
    state_ = State::kBody;
    Lowest().expires_after(std::chrono::seconds(impl_.options.read_timeout_seconds));
    http::async_read(stream_, buffer_, *parser_,
                     [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                       if (ec) return self->OnReadError(ec);
                       self->Dispatch();
                     });
  }

  // Hands the request to its pool; the I/O thread goes back to other connections.
  void Dispatch() {
    state_ = State::kHandling;
    Lowest().expires_never();
    in_.r.body = std::move(parser_->get().body());
    Pool pool = in_.route >= 0 && !in_.websocket
                    ? impl_.routes[static_cast<std::size_t>(in_.route)].pool
                    : Pool::kDefault;
    auto self = this->shared_from_this();
    bool queued = impl_.PoolFor(pool).TrySubmit([self] {
      auto out = std::make_shared<Outgoing>(self->impl_.Serve(self->in_));
      net::post(self->stream_.get_executor(), [self, out] { self->OnServed(std::move(*out)); });
    });
    if (!queued) {
      impl_.metrics->Increment("istmo_http_busy_total",
                               "Requests refused with 503 because their pool's queue was full.");
      Outgoing busy = ErrorOutgoing(core::Unavailable("the server is busy; retry in a moment"),
                                    in_.r.request_id, 503);
      busy.headers.emplace_back("Retry-After", "1");
      impl_.LogRequest(in_.route >= 0 ? impl_.routes[static_cast<std::size_t>(in_.route)].path
                                      : "unrouted",
                       in_, busy, 0, "-");
      Write(std::move(busy));
    }
  }

  void OnServed(Outgoing out) {
    if (out.upgrade_ok) return Upgrade();
    Write(std::move(out));
  }

  void Upgrade() {
    const Route& route = impl_.routes[static_cast<std::size_t>(in_.route)];
    auto ws = std::make_shared<WsSession<Stream>>(impl_, std::move(stream_), std::move(slot_),
                                                  std::move(in_.r), route);
    impl_.Register(ws);
    ws->Accept(parser_->release());
    state_ = State::kClosing;
  }

  // An error answer to a request that could not be read; the connection is closed after it.
  void Fail(const core::Error& e, int status) {
    if (in_.r.request_id.empty()) in_.r.request_id = core::NewId();
    if (in_.r.method.empty() && parser_ && parser_->is_header_done()) {
      in_.r.method = std::string(parser_->get().method_string());
    }
    if (in_.start == Clock::time_point{}) in_.start = Clock::now();
    Outgoing out = ErrorOutgoing(e, in_.r.request_id, status);
    out.close = true;
    in_.r.client = slot_->client();
    impl_.LogRequest("unrouted", in_, out, 0, "-");
    Write(std::move(out));
  }

  void Write(Outgoing out) {
    state_ = State::kWriting;
    bool keep = keep_alive_ && !out.close && !impl_.stopping;
    close_after_write_ = !keep;
    drain_after_write_ = out.close;
    text_ = impl_.Serialize(out, in_.r.request_id, in_.head, keep);
    Lowest().expires_after(std::chrono::seconds(impl_.options.read_timeout_seconds));
    net::async_write(stream_, net::buffer(text_),
                     [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                       if (ec) return self->CloseNow();
                       self->text_.clear();
                       if (self->close_after_write_) return self->GracefulClose();
                       self->in_ = Incoming{};
                       self->ReadNext();
                     });
  }

  void GracefulClose() {
    state_ = State::kClosing;
    if constexpr (kIsTls<Stream>) {
      Lowest().expires_after(kDrainTime);
      stream_.async_shutdown([self = this->shared_from_this()](beast::error_code) { self->CloseNow(); });
    } else {
      beast::error_code ec;
      Lowest().socket().shutdown(tcp::socket::shutdown_send, ec);
      if (!drain_after_write_) return CloseNow();
      Lowest().expires_after(kDrainTime);
      Drain();
    }
  }

  void Drain() {
    drain_buffer_.resize(16 * 1024);
    Lowest().async_read_some(net::buffer(drain_buffer_),
                             [self = this->shared_from_this()](beast::error_code ec, std::size_t n) {
                               self->drained_ += n;
                               if (ec || self->drained_ > kDrainBytes) return self->CloseNow();
                               self->Drain();
                             });
  }

  void CloseNow() {
    state_ = State::kClosing;
    beast::error_code ec;
    Lowest().socket().close(ec);
  }

  Impl& impl_;
  Stream stream_;
  std::unique_ptr<ClientSlot> slot_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  State state_ = State::kHeader;
  bool header_started_ = false;
  std::size_t head_bytes_ = 0;  // of the current request's head, taken by the parser so far
  bool keep_alive_ = true;
  bool close_after_write_ = false;
  bool drain_after_write_ = false;
  std::size_t body_limit_ = 0;
  std::size_t drained_ = 0;
  Incoming in_;
  std::string text_;
  std::vector<char> drain_buffer_;
};

}  // namespace

void Server::Impl::DoAccept() {
  acceptor.async_accept(net::make_strand(ioc), [this](beast::error_code ec, tcp::socket socket) {
    if (!acceptor.is_open() || stopping) return;
    if (ec) {
      // Out of file descriptors, most likely: wait a little instead of spinning.
      accept_retry.expires_after(std::chrono::milliseconds(50));
      accept_retry.async_wait([this](beast::error_code) { DoAccept(); });
      return;
    }
    OnAccept(std::move(socket));
    DoAccept();
  });
}

void Server::Impl::OnAccept(tcp::socket socket) {
  beast::error_code ec;
  // Answers go out at once; without this, Nagle's algorithm and the client's delayed ACK hold
  // a reused connection's answers for ~40 ms.
  socket.set_option(tcp::no_delay(true), ec);
  auto remote = socket.remote_endpoint(ec);
  if (ec) return;
  std::string client = remote.address().to_string();
  if (!TakeClientSlot(client)) {
    metrics->Increment("istmo_http_connections_refused_total",
                       "Connections closed at accept: the client address was at its cap.");
    socket.close(ec);
    return;
  }
  auto slot = std::make_unique<ClientSlot>(*this, client);
  if (ssl) {
    auto s = std::make_shared<HttpSession<TlsStream>>(*this, TlsStream(std::move(socket), *ssl),
                                                      std::move(slot));
    Register(s);
    s->Run();
  } else {
    auto s = std::make_shared<HttpSession<beast::tcp_stream>>(
        *this, beast::tcp_stream(std::move(socket)), std::move(slot));
    Register(s);
    s->Run();
  }
}

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
    auto ctx = std::make_unique<net::ssl::context>(net::ssl::context::tls_server);
    ctx->set_options(net::ssl::context::default_workarounds | net::ssl::context::no_sslv2 |
                     net::ssl::context::no_sslv3 | net::ssl::context::no_tlsv1 |
                     net::ssl::context::no_tlsv1_1 | net::ssl::context::single_dh_use);
    beast::error_code bec;
    ctx->use_certificate_chain_file(options.tls_cert, bec);
    if (!bec) ctx->use_private_key_file(options.tls_key, net::ssl::context::pem, bec);
    if (bec || SSL_CTX_check_private_key(ctx->native_handle()) != 1) {
      return core::InvalidArgument("the TLS certificate or key is not valid PEM, or they do not match",
                                   "server.tls_cert");
    }
    impl->ssl = std::move(ctx);
    impl->tls = true;
  }

  if (!options.web_dir.empty()) {
    if (!std::filesystem::is_directory(options.web_dir, ec)) {
      return core::InvalidArgument("web folder " + options.web_dir + " does not exist", "server.web_dir");
    }
    // A file or folder named like a route's first segment would make the two meanings of a
    // path depend on the order of lookup; refuse such a folder.
    for (const Route& route : impl->routes) {
      const std::string first = route.path.substr(1, route.path.find('/', 1) - 1);
      if (!first.empty() && std::filesystem::exists(std::filesystem::path(options.web_dir) / first, ec)) {
        return core::InvalidArgument("web folder " + options.web_dir + " holds '" + first +
                                         "', which would shadow the route " + route.path,
                                     "server.web_dir");
      }
    }
    impl->web_root = std::filesystem::canonical(options.web_dir, ec);
    if (ec) return core::InvalidArgument("web folder " + options.web_dir + ": " + ec.message(), "server.web_dir");
  }

  for (const Route& route : impl->routes) {
    if (route.method != "GET" && route.method != "POST" && route.method != "PATCH" &&
        route.method != "PUT" && route.method != "DELETE") {
      return core::Internal("unsupported method " + route.method);
    }
    if (route.websocket && route.method != "GET") {
      return core::Internal("a WebSocket route is a GET: " + route.path);
    }
  }
  impl->route_table.emplace(impl->routes);

  const std::array<std::pair<const char*, ServerOptions::PoolSize>, 4> pools = {{
      {"default", options.default_pool},
      {"password", options.password_pool},
      {"faces", options.faces_pool},
      {"reports", options.reports_pool},
  }};
  for (std::size_t i = 0; i < pools.size(); ++i) {
    impl->pools[i] = std::make_unique<internal::WorkerPool>(pools[i].first, pools[i].second.workers,
                                                            pools[i].second.queue);
  }
  return std::unique_ptr<Server>(new Server(std::move(impl)));
}

core::Status Server::Start() {
  Impl& impl = *impl_;
  beast::error_code ec;
  net::ip::address address = net::ip::make_address(impl.options.host, ec);
  if (ec) {
    tcp::resolver resolver(impl.ioc);
    auto results = resolver.resolve(impl.options.host, "", ec);
    if (ec || results.empty()) return core::Unavailable("cannot resolve " + impl.options.host);
    address = results.begin()->endpoint().address();
  }
  tcp::endpoint endpoint(address, static_cast<unsigned short>(impl.options.port));
  const std::string where = impl.options.host + ":" + std::to_string(impl.options.port);
  impl.acceptor.open(endpoint.protocol(), ec);
  if (ec) return core::Unavailable("cannot listen on " + where + ": " + ec.message());
  // SO_REUSEADDR lets a restart bind while old connections sit in TIME_WAIT. SO_REUSEPORT is
  // left off: with it a second server would bind the same port and take half the connections;
  // Start() must fail instead.
  impl.acceptor.set_option(net::socket_base::reuse_address(true), ec);
  impl.acceptor.bind(endpoint, ec);
  if (ec) {
    impl.acceptor.close(ec);
    return core::Unavailable("cannot listen on " + where + " (in use, or not allowed)");
  }
  impl.acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec) {
    impl.acceptor.close(ec);
    return core::Unavailable("cannot listen on " + where + ": " + ec.message());
  }
  impl.port = impl.acceptor.local_endpoint().port();
  impl.work.emplace(net::make_work_guard(impl.ioc));
  impl.DoAccept();
  for (int i = 0; i < std::max(impl.options.io_threads, 1); ++i) {
    impl.io_threads.emplace_back([&impl] { impl.ioc.run(); });
  }
  std::lock_guard lock(impl.stop_mu);
  impl.started = true;
  return core::Ok();
}

int Server::port() const { return impl_->port; }

std::string Server::url() const {
  std::string scheme = impl_->tls ? "https" : "http";
  std::string host = impl_->options.host == "0.0.0.0" ? "127.0.0.1" : impl_->options.host;
  return scheme + "://" + host + ":" + std::to_string(impl_->port);
}

void Server::Stop() {
  if (!impl_) return;
  Impl& impl = *impl_;
  {
    std::unique_lock lock(impl.stop_mu);
    if (impl.stop_begun) {
      impl.stopped_cv.wait(lock, [&impl] { return impl.stopped; });
      return;
    }
    impl.stop_begun = true;
    if (!impl.started) {
      impl.stopped = true;
      impl.stopped_cv.notify_all();
      return;
    }
  }
  impl.stopping = true;
  net::post(impl.ioc, [&impl] {
    beast::error_code ec;
    impl.acceptor.close(ec);
    impl.accept_retry.cancel();
  });
  std::vector<std::shared_ptr<SessionBase>> live;
  {
    std::lock_guard lock(impl.mu);
    for (auto& [ptr, weak] : impl.sessions) {
      if (auto s = weak.lock()) live.push_back(std::move(s));
    }
  }
  for (auto& s : live) s->OnStop();
  live.clear();
  // Requests in flight finish (their connections close after the answer); bounded by the
  // deadlines a request can still run into.
  auto bound = std::chrono::seconds(impl.options.header_timeout_seconds +
                                    2 * impl.options.read_timeout_seconds + 5);
  {
    std::unique_lock lock(impl.mu);
    impl.sessions_cv.wait_for(lock, bound, [&impl] { return impl.sessions.empty(); });
  }
  {
    std::lock_guard lock(impl.mu);
    for (auto& [ptr, weak] : impl.sessions) {
      if (auto s = weak.lock()) live.push_back(std::move(s));
    }
  }
  for (auto& s : live) s->Detach();
  live.clear();
  impl.work.reset();
  impl.ioc.stop();
  for (auto& t : impl.io_threads) t.join();
  impl.io_threads.clear();
  for (auto& p : impl.pools) p->Shutdown();
  std::lock_guard lock(impl.stop_mu);
  impl.stopped = true;
  impl.stopped_cv.notify_all();
}

void Server::Wait() {
  if (!impl_) return;
  std::unique_lock lock(impl_->stop_mu);
  if (!impl_->started) return;
  impl_->stopped_cv.wait(lock, [this] { return impl_->stopped; });
}

}  // namespace istmo::api

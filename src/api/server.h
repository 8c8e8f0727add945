// api/server.h — `istmo serve`: the HTTP server (Boost.Beast) behind the web app and the API.
//
// Every request gets a request id (X-Request-Id; a sane client-sent one is kept), an access-log
// line and a metrics sample. Authenticated routes turn the bearer token into an AccessScope
// before the handler runs; errors are JSON {"error":{code,message,field,request_id}} with the
// status of core::HttpStatus. Outside /api, GET serves the web app's files with a fallback to
// index.html. TLS is used when a certificate and key are configured. The token comes from
// `Authorization: Bearer` or the `istmo_session` cookie (api/session_token.h).
//
// Threading: a few I/O threads run every connection asynchronously (an idle or slow connection
// costs memory, not a thread) and never run a handler. Handlers run in bounded pools, one per
// api::Pool; a full pool answers 503 with Retry-After at once. Headers and bodies have
// deadlines; a client address has a connection cap. Start() binds and returns. Stop() is safe
// from any thread (the SIGTERM handler of `istmo serve`): it stops accepting, closes idle
// connections, lets running requests finish, and returns.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "api/metrics.h"
#include "api/route.h"
#include "core/result.h"
#include "store/scope.h"

namespace istmo::api {

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;                 // 0: the OS picks one; port() tells which
  std::string web_dir;             // built web app (index.html ...); empty: no web app
  std::string tls_cert;            // PEM files; both set: HTTPS
  std::string tls_key;
  std::size_t max_body = 16 * 1024 * 1024;  // hard ceiling; routes set their own lower limits
  int read_timeout_seconds = 30;    // deadline for a request's body, and for writing an answer
  std::string version = "dev";
  int header_timeout_seconds = 10;  // from a request's first byte (or the TLS handshake) to its
                                    // last header line: a slow-loris client is closed
  int idle_timeout_seconds = 60;    // a kept-alive connection with no request is closed
  std::size_t max_header_bytes = 16 * 1024;  // larger request heads get 431
  int max_connections_per_client = 64;       // per remote address; more are closed at accept
  int io_threads = 2;
  struct PoolSize {
    int workers;
    std::size_t queue;  // requests waiting beyond the busy workers; more get 503
  };
  PoolSize default_pool{8, 64};
  PoolSize password_pool{2, 64};
  PoolSize faces_pool{2, 64};
  PoolSize reports_pool{2, 64};
  std::size_t websocket_send_queue = 256;  // messages; a consumer further behind is dropped
};

// Turns a bearer token into the caller's scope: kUnauthenticated for an unknown, expired or
// revoked token. The composition root (src/app) passes auth::AuthService::Authenticate; the
// transport knows no module.
using Authenticator = std::function<core::Result<store::AccessScope>(const std::string& token)>;

class Server {
 public:
  ~Server();
  // Validates options (TLS files readable, web_dir a folder) and prepares the routes. `metrics`
  // must outlive the server.
  static core::Result<std::unique_ptr<Server>> Create(const ServerOptions& options,
                                                      std::vector<Route> routes,
                                                      Authenticator authenticate,
                                                      Metrics& metrics);
  // Binds and starts serving in the background. kUnavailable when the address is taken.
  core::Status Start();
  int port() const;
  // The URL a person opens, e.g. http://127.0.0.1:8080.
  std::string url() const;
  // Stops accepting, finishes running requests, returns. Idempotent.
  void Stop();
  // Blocks until the server has stopped.
  void Wait();

  struct Impl;

 private:
  explicit Server(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace istmo::api

// The transport's own rules over real sockets: bounded pools and 503, deadlines, the per-client
// cap, bad framing, cache and security headers, the session cookie, internal errors kept in the
// log, and WebSocket routes.
#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <future>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "api_harness.h"
#include "raw_http.h"

namespace istmo::api::testing {
namespace {

using store::Role;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr auto kPatience = std::chrono::seconds(5);

// A gate that holds handlers until the test opens it.
class Gate {
 public:
  void Wait() {
    std::unique_lock lock(mu_);
    ++waiting_;
    cv_.notify_all();
    cv_.wait(lock, [this] { return open_; });
  }
  void Open() {
    std::lock_guard lock(mu_);
    open_ = true;
    cv_.notify_all();
  }
  bool AwaitWaiting(int n) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, kPatience, [&] { return waiting_ >= n; });
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  int waiting_ = 0;
  bool open_ = false;
};

void WriteFile(const std::filesystem::path& path, const std::string& text) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

TEST(ServerPools, AFullPoolAnswers503WithRetryAfterAtOnceWhileOtherRoutesAnswer) {
  auto gate = std::make_shared<Gate>();
  ApiHarness api({.edit_routes =
                      [gate](std::vector<Route>& routes) {
                        routes.push_back(Route{.method = "GET",
                                               .path = "/api/v1/test/slow-report",
                                               .tag = "test",
                                               .access = Access::kPublic,
                                               .pool = Pool::kReports,
                                               .handler = [gate](Request&) -> core::Result<Response> {
                                                 gate->Wait();
                                                 return Response::Json({{"done", true}});
                                               }});
                      },
                  .edit_server = [](ServerOptions& o) { o.reports_pool = {1, 1}; }});
  ASSERT_TRUE(api.ready());
  const int port = api.server().port();
  // One runs, one waits in the queue; the third finds the queue full.
  auto first = std::async(std::launch::async, [port] {
    istmo::testing::HttpClient c("127.0.0.1", port);
    return c.Get("/api/v1/test/slow-report");
  });
  ASSERT_TRUE(gate->AwaitWaiting(1));
  // Of the next two, one waits in the queue and the other finds it full: that one is answered
  // at once, while the handler still holds the only worker.
  auto slow_report = [port] {
    istmo::testing::HttpClient c("127.0.0.1", port);
    return c.Get("/api/v1/test/slow-report");
  };
  auto second = std::async(std::launch::async, slow_report);
  auto third = std::async(std::launch::async, slow_report);
  auto deadline = RawClock::now() + kPatience;
  while (RawClock::now() < deadline &&
         second.wait_for(std::chrono::milliseconds(10)) != std::future_status::ready &&
         third.wait_for(std::chrono::milliseconds(10)) != std::future_status::ready) {
  }
  bool second_first = second.wait_for(std::chrono::seconds(0)) == std::future_status::ready;
  auto& refused_future = second_first ? second : third;
  auto& queued_future = second_first ? third : second;
  ASSERT_EQ(refused_future.wait_for(std::chrono::seconds(0)), std::future_status::ready)
      << "neither request was refused while the pool was full";
  istmo::testing::HttpReply refused = refused_future.get();
  EXPECT_EQ(refused.status, 503) << refused.Describe();
  EXPECT_THAT(refused.body, HasSubstr("\"code\":\"unavailable\""));
  EXPECT_FALSE(refused.Header("Retry-After").empty());
  // The default pool is untouched.
  EXPECT_EQ(api.Get("/healthz").status, 200);
  gate->Open();
  EXPECT_EQ(first.get().status, 200);
  EXPECT_EQ(queued_future.get().status, 200);
}

TEST(ServerPools, RoutesThatHashPasswordsReadPhotosOrAggregateHaveTheirPools) {
  ApiHarness api;
  ASSERT_TRUE(api.ready());
  auto pool_of = [&](const std::string& method, const std::string& path) {
    for (const Route& r : api.routes()) {
      if (r.method == method && r.path == path) return r.pool;
    }
    ADD_FAILURE() << "no route " << method << " " << path;
    return Pool::kDefault;
  };
  EXPECT_EQ(pool_of("POST", "/api/v1/auth/login"), Pool::kPassword);
  EXPECT_EQ(pool_of("POST", "/api/v1/users"), Pool::kPassword);
  EXPECT_EQ(pool_of("PATCH", "/api/v1/users/{id}"), Pool::kPassword);
  EXPECT_EQ(pool_of("POST", "/api/v1/biometrics/identify"), Pool::kFaces);
  EXPECT_EQ(pool_of("POST", "/api/v1/biometrics/watchlists/{id}/entries"), Pool::kFaces);
  EXPECT_EQ(pool_of("POST", "/api/v1/migration/encounters"), Pool::kFaces);
  EXPECT_EQ(pool_of("GET", "/api/v1/migration/trends"), Pool::kReports);
  EXPECT_EQ(pool_of("GET", "/api/v1/migration/trends.csv"), Pool::kReports);
  EXPECT_EQ(pool_of("GET", "/healthz"), Pool::kDefault);
}

TEST(ServerDeadlines, ASlowLorisIsClosedAfterTheHeaderDeadline) {
  ApiHarness api({.edit_server = [](ServerOptions& o) { o.header_timeout_seconds = 1; }});
  ASSERT_TRUE(api.ready());
  RawConnection slow(api.server().port());
  ASSERT_TRUE(slow.ok());
  ASSERT_TRUE(slow.Send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n"));
  std::this_thread::sleep_for(std::chrono::milliseconds(400));
  slow.Send("X-Slow: 1\r\n");
  EXPECT_TRUE(slow.ClosedByPeer(RawClock::now() + kPatience));
}

TEST(ServerDeadlines, AnIdleKeptAliveConnectionIsClosed) {
  ApiHarness api({.edit_server = [](ServerOptions& o) { o.idle_timeout_seconds = 1; }});
  ASSERT_TRUE(api.ready());
  RawConnection idle(api.server().port());
  ASSERT_TRUE(idle.Send(GetRequest("/healthz")));
  auto answer = idle.ReadAnswer(RawClock::now() + kPatience);
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->status, 200);
  EXPECT_TRUE(idle.ClosedByPeer(RawClock::now() + kPatience));
}

TEST(ServerCaps, ConnectionsOverTheClientCapAreClosedAndTheOthersServed) {
  ApiHarness api({.edit_server = [](ServerOptions& o) { o.max_connections_per_client = 4; }});
  ASSERT_TRUE(api.ready());
  std::vector<std::unique_ptr<RawConnection>> held;
  for (int i = 0; i < 4; ++i) {
    held.push_back(std::make_unique<RawConnection>(api.server().port()));
    ASSERT_TRUE(held.back()->Send(GetRequest("/healthz")));
    auto a = held.back()->ReadAnswer(RawClock::now() + kPatience);
    ASSERT_TRUE(a) << i;
  }
  RawConnection over(api.server().port());
  ASSERT_TRUE(over.ok());
  over.Send(GetRequest("/healthz"));
  EXPECT_TRUE(over.ClosedByPeer(RawClock::now() + kPatience));
  // A slot frees when a connection ends.
  held.pop_back();
  bool served = false;
  for (int attempt = 0; attempt < 50 && !served; ++attempt) {
    RawConnection again(api.server().port());
    again.Send(GetRequest("/healthz"));
    auto a = again.ReadAnswer(RawClock::now() + kPatience);
    served = a && a->status == 200;
    if (!served) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_TRUE(served);
}

TEST(ServerFraming, AnOversizedHeadIs431AndAnAnnouncedHugeBodyIs413BeforeItIsSent) {
  ApiHarness api({.edit_server = [](ServerOptions& o) { o.max_header_bytes = 2048; }});
  ASSERT_TRUE(api.ready());
  const int port = api.server().port();
  auto big_head =
      Exchange(port, GetRequest("/healthz", "X-Big: " + std::string(4096, 'a') + "\r\n"),
               RawClock::now() + kPatience);
  ASSERT_TRUE(big_head);
  EXPECT_EQ(big_head->status, 431);
  EXPECT_THAT(big_head->body, HasSubstr("invalid_argument"));

  auto big_body = Exchange(port,
                           "POST /api/v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                           "Content-Type: application/json\r\nContent-Length: 999999999\r\n\r\n",
                           RawClock::now() + kPatience);
  ASSERT_TRUE(big_body);
  EXPECT_EQ(big_body->status, 413);
  EXPECT_THAT(big_body->body, HasSubstr("too_large"));
}

// Found by fuzz_http_server
// (fuzz/regressions/http_server/head_over_cap_request_line_not_counted): Beast takes the request
// line first and applies its header limit to the fields alone, so a head of up to twice
// max_header_bytes was served when its request line and its fields each fit.
TEST(ServerFraming, TheHeaderCapCountsTheRequestLineWithTheFields) {
  ApiHarness api({.edit_server = [](ServerOptions& o) { o.max_header_bytes = 2048; }});
  ASSERT_TRUE(api.ready());
  const int port = api.server().port();
  const std::string line_half = "/healthz?pad=" + std::string(1500, 'a');
  const std::string fields_half = "X-Pad: " + std::string(1500, 'b') + "\r\n";
  auto both = Exchange(port, GetRequest(line_half, fields_half), RawClock::now() + kPatience);
  ASSERT_TRUE(both);
  EXPECT_EQ(both->status, 431);
  // Each half alone is under the cap and served.
  auto line = Exchange(port, GetRequest(line_half), RawClock::now() + kPatience);
  ASSERT_TRUE(line);
  EXPECT_EQ(line->status, 200);
  auto fields = Exchange(port, GetRequest("/healthz", fields_half), RawClock::now() + kPatience);
  ASSERT_TRUE(fields);
  EXPECT_EQ(fields->status, 200);
}

TEST(ServerFraming, AnExpectContinueOverTheLimitIsRefusedWithoutAContinue) {
  ApiHarness api;
  ASSERT_TRUE(api.ready());
  auto a = Exchange(api.server().port(),
                    "POST /api/v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    "Content-Type: application/json\r\nContent-Length: 100000\r\n"
                    "Expect: 100-continue\r\n\r\n",
                    RawClock::now() + kPatience);
  ASSERT_TRUE(a);
  EXPECT_EQ(a->status, 413);
}

class ServerHeadersTest : public ::testing::Test {
 protected:
  static HarnessOptions Options(const istmo::testing::TempDir& web) {
    WriteFile(web.path() / "index.html", "<!doctype html><title>Istmo</title>");
    WriteFile(web.path() / "assets" / "index-4f2a9c1e.js", "console.log('istmo');\n");
    WriteFile(web.path() / "assets" / "index-4f2a9c1e.js.map", "{\"sources\":[\"secret.ts\"]}");
    WriteFile(web.path() / "favicon.svg", "<svg/>");
    return {.web_dir = web.path().string()};
  }
  istmo::testing::TempDir web_;
  ApiHarness api_{Options(web_)};
};

TEST_F(ServerHeadersTest, ApiAnswersAreNeverCached) {
  ASSERT_TRUE(api_.ready());
  for (const char* path : {"/healthz", "/metrics", "/api/v1/me", "/api/openapi.json", "/api/nope"}) {
    Reply r = api_.Get(path);
    EXPECT_EQ(r.Header("Cache-Control"), "no-store") << path;
    EXPECT_EQ(r.Header("X-Content-Type-Options"), "nosniff") << path;
    EXPECT_EQ(r.Header("X-Frame-Options"), "DENY") << path;
    EXPECT_EQ(r.Header("Referrer-Policy"), "no-referrer") << path;
    EXPECT_EQ(r.Header("Strict-Transport-Security"), "") << path << ": plain HTTP";
  }
}

TEST_F(ServerHeadersTest, HashedAssetsAreImmutableAndPagesRevalidateWithAnETag) {
  ASSERT_TRUE(api_.ready());
  Reply js = api_.Get("/assets/index-4f2a9c1e.js");
  ASSERT_EQ(js.status, 200);
  EXPECT_EQ(js.Header("Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_FALSE(js.Header("ETag").empty());
  EXPECT_THAT(js.content_type, HasSubstr("javascript"));

  for (const char* path : {"/", "/alerts/123", "/favicon.svg"}) {
    Reply page = api_.Get(path);
    ASSERT_EQ(page.status, 200) << path;
    EXPECT_EQ(page.Header("Cache-Control"), "no-cache") << path;
    std::string etag = page.Header("ETag");
    ASSERT_FALSE(etag.empty()) << path;
    Reply again = api_.Send({.path = path, .headers = {{"If-None-Match", etag}}});
    EXPECT_EQ(again.status, 304) << path;
    EXPECT_EQ(again.body, "") << path;
    Reply other = api_.Send({.path = path, .headers = {{"If-None-Match", "\"other\""}}});
    EXPECT_EQ(other.status, 200) << path;
  }
}

TEST_F(ServerHeadersTest, HtmlCarriesTheContentSecurityPolicy) {
  ASSERT_TRUE(api_.ready());
  Reply page = api_.Get("/");
  std::string csp = page.Header("Content-Security-Policy");
  EXPECT_THAT(csp, HasSubstr("default-src 'self'"));
  EXPECT_THAT(csp, HasSubstr("script-src 'self'"));
  EXPECT_THAT(csp, HasSubstr("object-src 'none'"));
  EXPECT_THAT(csp, HasSubstr("frame-ancestors 'none'"));
  EXPECT_EQ(page.Header("X-Frame-Options"), "DENY");
}

TEST_F(ServerHeadersTest, SourceMapsAreNeverServed) {
  ASSERT_TRUE(api_.ready());
  Reply map = api_.Get("/assets/index-4f2a9c1e.js.map");
  EXPECT_EQ(map.status, 404);
  EXPECT_THAT(map.body, Not(HasSubstr("secret.ts")));
}

TEST_F(ServerHeadersTest, PathsThatClimbOutOfTheWebFolderGetThePageNotAFile) {
  ASSERT_TRUE(api_.ready());
  for (const char* path : {"/assets/../../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd"}) {
    auto a = Exchange(api_.server().port(), GetRequest(path), RawClock::now() + kPatience);
    ASSERT_TRUE(a) << path;
    EXPECT_THAT(a->body, Not(HasSubstr("root:"))) << path;
  }
}

class ServerCookieTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(api_.ready());
    auto org = api_.AddOrg("SENAFRONT", "PAN");
    api_.AddUser(org.id, "pan.officer", Role::kOfficer);
    token_ = api_.Login("pan.officer");
  }
  ApiHarness api_;
  std::string token_;
};

TEST_F(ServerCookieTest, TheSessionCookieAuthenticatesReads) {
  Reply me = api_.Send({.path = "/api/v1/me", .headers = {{"Cookie", "istmo_session=" + token_}}});
  EXPECT_EQ(me.status, 200) << me.Describe();
  Reply wrong = api_.Send({.path = "/api/v1/me", .headers = {{"Cookie", "istmo_session=ist_nope"}}});
  EXPECT_EQ(wrong.status, 401);
}

TEST_F(ServerCookieTest, AWriteWithTheCookieNeedsTheCsrfHeader) {
  Reply refused = api_.Send({.method = "POST",
                             .path = "/api/v1/auth/logout",
                             .headers = {{"Cookie", "istmo_session=" + token_ + "; istmo_csrf=abc123"}}});
  EXPECT_EQ(refused.status, 403) << refused.Describe();
  EXPECT_EQ(refused.body_json["error"]["code"], "permission_denied");
  EXPECT_THAT(refused.body_json["error"]["message"].get<std::string>(), HasSubstr("CSRF"));
  // Still logged in: the refused write did nothing.
  EXPECT_EQ(api_.Get("/api/v1/me", token_).status, 200);
  Reply done = api_.Send({.method = "POST",
                          .path = "/api/v1/auth/logout",
                          .headers = {{"Cookie", "istmo_session=" + token_ + "; istmo_csrf=abc123"},
                                      {"X-CSRF-Token", "abc123"}}});
  EXPECT_EQ(done.status, 204) << done.Describe();
  EXPECT_EQ(api_.Get("/api/v1/me", token_).status, 401);
}

TEST(ServerErrors, InternalErrorTextGoesToTheLogNotTheClient) {
  ApiHarness api({.edit_routes = [](std::vector<Route>& routes) {
    routes.push_back(Route{.method = "GET",
                           .path = "/api/v1/test/broken",
                           .tag = "test",
                           .access = Access::kPublic,
                           .handler = [](Request&) -> core::Result<Response> {
                             return core::Internal("SQLITE_CORRUPT in /var/lib/istmo/istmo.db");
                           }});
  }});
  ASSERT_TRUE(api.ready());
  Reply r = api.Get("/api/v1/test/broken");
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(r.body_json["error"]["code"], "internal");
  std::string message = r.body_json["error"]["message"];
  EXPECT_THAT(message, Not(HasSubstr("SQLITE")));
  EXPECT_THAT(message, Not(HasSubstr("/var/lib")));
  EXPECT_THAT(message, HasSubstr(r.Header("X-Request-Id")));
}

// ---- WebSocket ----

namespace beast = boost::beast;
namespace net = boost::asio;
namespace websocket = beast::websocket;

struct WsEvents {
  std::mutex mu;
  std::condition_variable cv;
  std::vector<std::shared_ptr<WebSocket>> sockets;
  bool send_refused = false;
  int closed = 0;
};

HarnessOptions WebSocketHarness(const std::shared_ptr<WsEvents>& events, std::size_t send_queue = 256) {
  return {.edit_routes =
              [events](std::vector<Route>& routes) {
                routes.push_back(Route{
                    .method = "GET",
                    .path = "/api/v1/test/echo",
                    .tag = "test",
                    .websocket = [events](std::shared_ptr<WebSocket> ws) {
                      std::weak_ptr<WebSocket> weak = ws;
                      ws->on_message = [weak](const std::string& text) {
                        if (auto s = weak.lock()) s->Send("echo:" + text);
                      };
                      ws->on_close = [events] {
                        std::lock_guard lock(events->mu);
                        ++events->closed;
                        events->cv.notify_all();
                      };
                      ws->Send("hello " + ws->request().Scope().username);
                      std::lock_guard lock(events->mu);
                      events->sockets.push_back(std::move(ws));
                      events->cv.notify_all();
                    }});
              },
          .edit_server = [send_queue](ServerOptions& o) { o.websocket_send_queue = send_queue; }};
}

class WsClient {
 public:
  explicit WsClient(int port) : ws_(ioc_) {
    net::ip::tcp::resolver resolver(ioc_);
    net::connect(ws_.next_layer(), resolver.resolve("127.0.0.1", std::to_string(port)));
  }
  beast::error_code Handshake(const std::string& token, websocket::response_type& res) {
    ws_.set_option(websocket::stream_base::decorator([token](websocket::request_type& req) {
      if (!token.empty()) req.set(beast::http::field::authorization, "Bearer " + token);
    }));
    beast::error_code ec;
    ws_.handshake(res, "127.0.0.1", "/api/v1/test/echo", ec);
    return ec;
  }
  std::string Read() {
    beast::flat_buffer b;
    ws_.read(b);
    return beast::buffers_to_string(b.data());
  }
  void Write(const std::string& text) { ws_.write(net::buffer(text)); }
  websocket::stream<net::ip::tcp::socket>& ws() { return ws_; }

 private:
  net::io_context ioc_;
  websocket::stream<net::ip::tcp::socket> ws_;
};

// An analyst's token, for the WebSocket route (any role may use it).
std::string AnalystToken(ApiHarness& api) {
  auto org = api.AddOrg("SENAN", "PAN", "aeronaval");
  api.AddUser(org.id, "senan.analyst", Role::kAnalyst);
  return api.Login("senan.analyst");
}

TEST(ServerWebSocket, AnAuthenticatedRouteStreamsAndEchoesInOrder) {
  auto events = std::make_shared<WsEvents>();
  ApiHarness api(WebSocketHarness(events));
  ASSERT_TRUE(api.ready());
  WsClient client(api.server().port());
  websocket::response_type res;
  ASSERT_FALSE(client.Handshake(AnalystToken(api), res)) << res;
  EXPECT_EQ(client.Read(), "hello senan.analyst");
  // (std::string(...).append: GCC 12 warns falsely on "literal" + std::to_string.)
  for (int i = 0; i < 20; ++i) client.Write(std::string("m").append(std::to_string(i)));
  for (int i = 0; i < 20; ++i) {
    EXPECT_EQ(client.Read(), std::string("echo:m").append(std::to_string(i)));
  }
  client.ws().close(websocket::close_code::normal);
  std::unique_lock lock(events->mu);
  EXPECT_TRUE(events->cv.wait_for(lock, kPatience, [&] { return events->closed == 1; }));
}

TEST(ServerWebSocket, TheTokenIsCheckedBeforeTheUpgrade) {
  auto events = std::make_shared<WsEvents>();
  ApiHarness api(WebSocketHarness(events));
  ASSERT_TRUE(api.ready());
  WsClient client(api.server().port());
  websocket::response_type res;
  EXPECT_EQ(client.Handshake("ist_not_a_token", res), websocket::error::upgrade_declined);
  // The refusal is the usual JSON 401 (Beast's client does not hand it over: read it raw).
  RawConnection raw(api.server().port());
  ASSERT_TRUE(raw.Send(GetRequest("/api/v1/test/echo",
                                  "Connection: Upgrade\r\nUpgrade: websocket\r\n"
                                  "Sec-WebSocket-Version: 13\r\n"
                                  "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n")));
  auto refused = raw.ReadAnswer(RawClock::now() + kPatience);
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 401);
  EXPECT_THAT(refused->body, HasSubstr("unauthenticated"));
  // The session cookie opens it only from this server's own pages.
  const std::string token = AnalystToken(api);
  const std::string upgrade =
      "Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nCookie: istmo_session=" + token + "\r\n";
  RawConnection foreign(api.server().port());
  ASSERT_TRUE(foreign.Send(
      GetRequest("/api/v1/test/echo", upgrade + "Origin: https://evil.example\r\n")));
  auto cross = foreign.ReadAnswer(RawClock::now() + kPatience);
  ASSERT_TRUE(cross);
  EXPECT_EQ(cross->status, 403);
  RawConnection own(api.server().port());
  ASSERT_TRUE(own.Send(GetRequest("/api/v1/test/echo", upgrade + "Origin: http://127.0.0.1\r\n")));
  EXPECT_THAT(own.ReceiveUntil("\r\n\r\n", RawClock::now() + kPatience),
              HasSubstr("101 Switching Protocols"));
  // A plain GET of the route asks for the upgrade.
  EXPECT_EQ(api.Get("/api/v1/test/echo").status, 426);
  std::unique_lock lock(events->mu);
  EXPECT_TRUE(events->cv.wait_for(lock, kPatience, [&] { return events->sockets.size() == 1; }));
  EXPECT_EQ(events->sockets.size(), 1u);  // the same-origin one only
}

TEST(ServerWebSocket, AConsumerThatDoesNotReadIsDropped) {
  auto events = std::make_shared<WsEvents>();
  ApiHarness api(WebSocketHarness(events, /*send_queue=*/4));
  ASSERT_TRUE(api.ready());
  WsClient client(api.server().port());
  websocket::response_type res;
  ASSERT_FALSE(client.Handshake(AnalystToken(api), res)) << res;
  std::shared_ptr<WebSocket> server_side;
  {
    std::unique_lock lock(events->mu);
    ASSERT_TRUE(events->cv.wait_for(lock, kPatience, [&] { return !events->sockets.empty(); }));
    server_side = events->sockets.front();
  }
  // The client reads nothing: the socket buffers fill, then the bounded queue.
  const std::string chunk(64 * 1024, 'v');
  bool refused = false;
  for (int i = 0; i < 10000 && !refused; ++i) refused = !server_side->Send(chunk);
  EXPECT_TRUE(refused);
  std::unique_lock lock(events->mu);
  EXPECT_TRUE(events->cv.wait_for(lock, kPatience, [&] { return events->closed == 1; }));
  EXPECT_TRUE(server_side->closed());
}

TEST(ServerWebSocket, AHandleKeptPastTheServerRefusesToSend) {
  auto events = std::make_shared<WsEvents>();
  std::shared_ptr<WebSocket> kept;
  {
    ApiHarness api(WebSocketHarness(events));
    ASSERT_TRUE(api.ready());
    WsClient client(api.server().port());
    websocket::response_type res;
    ASSERT_FALSE(client.Handshake(AnalystToken(api), res)) << res;
    EXPECT_EQ(client.Read(), "hello senan.analyst");
    std::unique_lock lock(events->mu);
    ASSERT_TRUE(events->cv.wait_for(lock, kPatience, [&] { return !events->sockets.empty(); }));
    kept = events->sockets.front();
    EXPECT_FALSE(kept->closed());
  }  // the connection and the server end here
  EXPECT_TRUE(kept->closed());
  EXPECT_FALSE(kept->Send("too late"));
  kept->Close();  // harmless
}

}  // namespace
}  // namespace istmo::api::testing

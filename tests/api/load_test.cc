// Load and abuse, on loopback, bounded in count and time: slow clients, concurrent logins and
// trend queries, bad framing, pipelining and keep-alive. Bounds are generous ceilings ("answers
// within 5 s"), never timings to beat: the machine may be busy. ctest label `load`.
#include <atomic>
#include <future>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "api_harness.h"
#include "raw_http.h"

namespace istmo::api::testing {
namespace {

using store::Role;
using ::testing::HasSubstr;

constexpr auto kAnswersWithin = std::chrono::seconds(5);

TEST(Load, HealthzAnswersWhile200SlowClientsHoldConnections) {
  ApiHarness api({.edit_server = [](ServerOptions& o) { o.max_connections_per_client = 1000; }});
  ASSERT_TRUE(api.ready());
  const int port = api.server().port();
  std::vector<std::unique_ptr<RawConnection>> slow;
  for (int i = 0; i < 200; ++i) {
    slow.push_back(std::make_unique<RawConnection>(port));
    ASSERT_TRUE(slow.back()->ok()) << i;
    // Half a request head: each holds the server mid-request.
    ASSERT_TRUE(slow.back()->Send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")) << i;
  }
  for (int round = 0; round < 5; ++round) {
    auto started = RawClock::now();
    Reply r = api.Get("/healthz");
    EXPECT_EQ(r.status, 200) << r.Describe();
    EXPECT_LT(RawClock::now() - started, kAnswersWithin);
    for (int i = round * 40; i < round * 40 + 40; ++i) slow[static_cast<std::size_t>(i)]->Send("X-Slow: 1\r\n");
  }
}

TEST(Load, ConcurrentLoginsDoNotStopReads) {
  // Production argon2 cost: logins are really expensive here.
  ApiHarness api({.edit_auth = [](auth::Options& o) {
    o.argon2_memory_kib = auth::Options{}.argon2_memory_kib;
    o.argon2_passes = auth::Options{}.argon2_passes;
  }});
  ASSERT_TRUE(api.ready());
  auto org = api.AddOrg("SENAFRONT", "PAN");
  api.AddUser(org.id, "pan.admin", Role::kAdmin);
  for (int i = 0; i < 8; ++i) api.AddUser(org.id, "pan.officer" + std::to_string(i), Role::kOfficer);
  const std::string admin = api.Login("pan.admin");
  const int port = api.server().port();

  std::vector<std::future<int>> logins;
  for (int i = 0; i < 32; ++i) {
    logins.push_back(std::async(std::launch::async, [port, i] {
      istmo::testing::HttpClient c("127.0.0.1", port);
      json body = {{"username", "pan.officer" + std::to_string(i % 8)}, {"password", kPassword}};
      return c.Post("/api/v1/auth/login", body.dump()).status;
    }));
  }
  // While they hash, lists answer.
  int lists = 0;
  for (; lists < 5; ++lists) {
    auto started = RawClock::now();
    Reply r = api.Get("/api/v1/users", admin);
    EXPECT_EQ(r.status, 200) << r.Describe();
    EXPECT_LT(RawClock::now() - started, kAnswersWithin);
  }
  for (auto& f : logins) {
    int status = f.get();
    EXPECT_TRUE(status == 200 || status == 503) << status;
  }
  EXPECT_EQ(lists, 5);
}

TEST(Load, ConcurrentTrendQueriesAllCompleteOrAreRefusedWithRetryAfter) {
  // 128 clients from one address: the per-address cap is not what this test is about.
  ApiHarness api({.edit_server = [](ServerOptions& o) { o.max_connections_per_client = 1000; }});
  ASSERT_TRUE(api.ready());
  auto org = api.AddOrg("SNM", "PAN", "migration");
  api.AddUser(org.id, "snm.analyst", Role::kAnalyst);
  const std::string token = api.Login("snm.analyst");
  const int port = api.server().port();
  std::vector<std::future<istmo::testing::HttpReply>> queries;
  for (int i = 0; i < 128; ++i) {
    queries.push_back(std::async(std::launch::async, [port, token] {
      istmo::testing::HttpClient c("127.0.0.1", port, {.read_timeout_seconds = 60});
      return c.Get("/api/v1/migration/trends?from=2022-01&to=2024-12", {{"Authorization", "Bearer " + token}});
    }));
  }
  int ok = 0, busy = 0;
  for (auto& f : queries) {
    istmo::testing::HttpReply r = f.get();
    if (r.status == 200) {
      ++ok;
    } else {
      EXPECT_EQ(r.status, 503) << r.Describe();
      EXPECT_FALSE(r.Header("Retry-After").empty());
      ++busy;
    }
  }
  EXPECT_EQ(ok + busy, 128);
  EXPECT_GT(ok, 0);
  EXPECT_EQ(api.Get("/healthz").status, 200);
}

TEST(Load, ANegativeContentLengthIs400AtOnce) {
  ApiHarness api;
  ASSERT_TRUE(api.ready());
  RawConnection c(api.server().port());
  ASSERT_TRUE(c.Send("POST /api/v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                     "Content-Type: application/json\r\nContent-Length: -1\r\n\r\n"));
  auto a = c.ReadAnswer(RawClock::now() + kAnswersWithin);
  ASSERT_TRUE(a);
  EXPECT_EQ(a->status, 400);
  EXPECT_THAT(a->body, HasSubstr("\"code\":\"invalid_argument\""));
  EXPECT_FALSE(a->headers["x-request-id"].empty());
}

TEST(Load, TwoPipelinedRequestsGetTwoAnswersInOrder) {
  ApiHarness api;
  ASSERT_TRUE(api.ready());
  RawConnection c(api.server().port());
  ASSERT_TRUE(c.Send(GetRequest("/healthz", "X-Request-Id: first-request-01\r\n") +
                     GetRequest("/api/v1/me", "X-Request-Id: second-request-02\r\n") +
                     GetRequest("/healthz", "X-Request-Id: third-request-03\r\n")));
  auto deadline = RawClock::now() + kAnswersWithin;
  auto first = c.ReadAnswer(deadline);
  auto second = c.ReadAnswer(deadline);
  auto third = c.ReadAnswer(deadline);
  ASSERT_TRUE(first && second && third);
  EXPECT_EQ(first->status, 200);
  EXPECT_EQ(first->headers["x-request-id"], "first-request-01");
  EXPECT_EQ(second->status, 401);
  EXPECT_EQ(second->headers["x-request-id"], "second-request-02");
  EXPECT_EQ(third->status, 200);
  EXPECT_EQ(third->headers["x-request-id"], "third-request-03");
}

TEST(Load, AKeptAliveConnectionServesManyRequests) {
  ApiHarness api;
  ASSERT_TRUE(api.ready());
  RawConnection c(api.server().port());
  auto deadline = RawClock::now() + std::chrono::seconds(30);
  for (int i = 0; i < 200; ++i) {
    ASSERT_TRUE(c.Send(GetRequest("/healthz"))) << i;
    auto a = c.ReadAnswer(deadline);
    ASSERT_TRUE(a) << i;
    EXPECT_EQ(a->status, 200) << i;
    EXPECT_EQ(a->headers["connection"], "keep-alive") << i;
  }
  // HTTP/1.0 without keep-alive is closed after its answer.
  RawConnection old(api.server().port());
  ASSERT_TRUE(old.Send("GET /healthz HTTP/1.0\r\n\r\n"));
  auto a = old.ReadAnswer(RawClock::now() + kAnswersWithin);
  ASSERT_TRUE(a);
  EXPECT_EQ(a->status, 200);
  EXPECT_TRUE(old.ClosedByPeer(RawClock::now() + kAnswersWithin));
}

}  // namespace
}  // namespace istmo::api::testing

// Live feeds over real sockets on 127.0.0.1 (a receiver that is killed and restarted, UDP
// datagrams, bad lines, a silent receiver), their health in the admin route and /metrics, and
// the live WebSocket stream. Every test stops by itself within its deadlines.
#include "maritime/feeds.h"

#include <chrono>
#include <condition_variable>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <thread>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "api/api_harness.h"
#include "core/log.h"
#include "maritime/alerts.h"
#include "maritime/detect.h"
#include "maritime/detection_log.h"
#include "maritime/ingest.h"
#include "maritime/maritime_test_util.h"
#include "maritime/nmea_builder.h"
#include "testing/temp_dir.h"

namespace istmo::maritime {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = net::ip::tcp;
using api::testing::ApiHarness;
using nlohmann::json;
using ::testing::HasSubstr;

constexpr auto kPatience = std::chrono::seconds(15);

// Polls `done` until it holds or the patience runs out.
template <class Fn>
bool Eventually(Fn&& done) {
  const auto deadline = std::chrono::steady_clock::now() + kPatience;
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return true;
}

// A receiver on 127.0.0.1: accepts one client, sends it `text`, then keeps the connection open
// until destroyed (which is the receiver dying: the socket closes under the client).
class Receiver {
 public:
  Receiver(unsigned short port, std::string text) : acceptor_(ioc_), text_(std::move(text)) {
    tcp::endpoint at(net::ip::make_address("127.0.0.1"), port);
    acceptor_.open(at.protocol());
    acceptor_.set_option(net::socket_base::reuse_address(true));
    acceptor_.bind(at);
    acceptor_.listen();
    acceptor_.async_accept([this](boost::system::error_code ec, tcp::socket s) {
      if (ec) return;
      socket_ = std::make_unique<tcp::socket>(std::move(s));
      accepted_ = true;
      if (!text_.empty()) net::async_write(*socket_, net::buffer(text_), [](auto, auto) {});
    });
    thread_ = std::thread([this] { ioc_.run(); });
  }
  ~Receiver() {
    ioc_.stop();
    thread_.join();
  }
  unsigned short port() const { return acceptor_.local_endpoint().port(); }
  bool accepted() const { return accepted_; }

 private:
  net::io_context ioc_;
  tcp::acceptor acceptor_;
  std::unique_ptr<tcp::socket> socket_;
  std::string text_;
  std::atomic<bool> accepted_ = false;
  std::thread thread_;
};

std::string SharedLog() {
  std::ifstream in(istmo::testing::SharedData() / "ais/aisparser/seattle.log", std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// What one clean ingest of `text` counts: the reference for a feed's counters.
FeedCounters CountsOf(const std::string& text) {
  istmo::testing::TempDir dir;
  auto store = testing::OpenStore(dir.File("ref.db"));
  Picture picture;
  core::FakeClock clock(core::FromUnixSeconds(1'750'000'000));
  Ingestor in(*store, picture, {.clock = &clock});
  EXPECT_TRUE(in.AddBuffer(text));
  EXPECT_TRUE(in.Finish());
  return in.counters();
}

FeedHealth HealthOf(const FeedManager& feeds, const std::string& name) {
  for (const auto& h : feeds.Health()) {
    if (h.spec.name == name) return h;
  }
  ADD_FAILURE() << "no feed " << name;
  return {};
}

unsigned short FreeUdpPort() {
  net::io_context ioc;
  net::ip::udp::socket s(ioc, {net::ip::make_address("127.0.0.1"), 0});
  return s.local_endpoint().port();
}

class MaritimeFeeds : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(api_.ready());
    const std::string org = api_.AddOrg("SENAN", "PAN").id;
    api_.AddUser(org, "senan.admin", store::Role::kAdmin);
    api_.AddUser(org, "senan.officer", store::Role::kOfficer);
    admin_ = api_.Login("senan.admin");
    officer_ = api_.Login("senan.officer");
  }

  FeedOptions Fast() {
    return {.backoff_initial = std::chrono::milliseconds(50),
            .backoff_max = std::chrono::milliseconds(200),
            .read_timeout = std::chrono::milliseconds(3000),
            .flush_interval = std::chrono::milliseconds(100),
            .clock = &api_.clock()};
  }

  ApiHarness api_;
  std::string admin_, officer_;
};

TEST_F(MaritimeFeeds, ATcpFeedSurvivesTheReceiverRestartingAndCountsBothSessions) {
  const std::string log = SharedLog();
  if (log.empty()) GTEST_SKIP() << "no ../shared/data/ais";
  const FeedCounters once = CountsOf(log);
  ASSERT_GT(once.messages, 500u);
  Picture picture;
  FeedManager feeds(api_.store(), picture, Fast());
  auto receiver = std::make_unique<Receiver>(0, log);
  const unsigned short port = receiver->port();
  ASSERT_TRUE(feeds.Start({.name = "seattle", .kind = FeedKind::kTcp, .host = "127.0.0.1",
                           .port = port}));
  ASSERT_TRUE(Eventually([&] { return HealthOf(feeds, "seattle").counters.lines == once.lines; }))
      << HealthOf(feeds, "seattle").counters.lines << " of " << once.lines;
  EXPECT_EQ(HealthOf(feeds, "seattle").state, "connected");
  receiver.reset();  // the receiver dies
  ASSERT_TRUE(Eventually([&] { return HealthOf(feeds, "seattle").reconnects >= 2; }));
  EXPECT_EQ(HealthOf(feeds, "seattle").state, "backoff");
  receiver = std::make_unique<Receiver>(port, log);  // and comes back on its port
  ASSERT_TRUE(
      Eventually([&] { return HealthOf(feeds, "seattle").counters.lines == 2 * once.lines; }));
  const FeedHealth h = HealthOf(feeds, "seattle");
  EXPECT_EQ(h.state, "connected");
  EXPECT_EQ(h.connects, 2u);
  EXPECT_EQ(h.counters.messages, 2 * once.messages);
  EXPECT_EQ(h.counters.bad, [&] {
    auto twice = once.bad;
    for (auto& n : twice) n *= 2;
    return twice;
  }());
  EXPECT_GT(picture.size(), 10u);
  // The feed's name is the source of lines without s:.
  bool named = false;
  for (const Vessel& v : picture.InBox({})) named |= v.identity->source == "seattle";
  EXPECT_TRUE(named || picture.InBox({}).empty());
}

// Replay equals live: the detection log sent by a receiver in 61-byte writes (reads end
// mid-line, batches end on the flush timer) stores the events one replay of the log stores.
// And raises the same alerts (maritime/alerts.h).
TEST_F(MaritimeFeeds, ALiveFeedStoresTheEventsAReplayOfItsLogStores) {
  const std::string log = testing::DetectionLog();
  istmo::testing::TempDir dir;
  auto migrations = Migrations();
  migrations.push_back(DetectionAlertMigration());
  auto opened = store::Store::Open({.url = dir.File("replay.db")}, migrations);
  ASSERT_TRUE(opened) << opened.error().message;
  auto replay_store = std::move(opened).value();
  const DetectionAlerts alerts({.owner_org = "senan", .releasability = {"PAN", "USA"}});
  std::vector<std::string> replayed;
  std::map<std::string, std::string> raised;
  FeedCounters once;
  {
    Picture picture;
    Detectors detectors;
    Ingestor in(*replay_store, picture,
                {.clock = &api_.clock(), .detectors = &detectors, .alerts = &alerts});
    ASSERT_TRUE(in.AddBuffer(log));
    ASSERT_TRUE(in.Finish());
    once = in.counters();
    replayed = testing::DumpDetections(*replay_store);
    raised = testing::DumpAlerts(*replay_store);
  }
  ASSERT_FALSE(replayed.empty());
  ASSERT_EQ(raised.size(), 6u);

  net::io_context ioc;
  tcp::acceptor acceptor(ioc, {net::ip::make_address("127.0.0.1"), 0});
  std::thread sender([&] {
    tcp::socket s = acceptor.accept();
    s.set_option(tcp::no_delay(true));
    for (std::size_t pos = 0; pos < log.size(); pos += 61) {
      net::write(s, net::buffer(log.data() + pos, std::min<std::size_t>(61, log.size() - pos)));
    }
    // Keeps the connection open until the feed has read everything (the feed stops first).
    boost::system::error_code ec;
    char byte;
    s.read_some(net::buffer(&byte, 1), ec);
  });
  Picture picture;
  Detectors detectors;
  FeedOptions options = Fast();
  options.detectors = &detectors;
  options.alerts = &alerts;
  FeedManager feeds(api_.store(), picture, options);
  ASSERT_TRUE(feeds.Start({.name = "live", .kind = FeedKind::kTcp, .host = "127.0.0.1",
                           .port = acceptor.local_endpoint().port()}));
  ASSERT_TRUE(Eventually([&] { return HealthOf(feeds, "live").counters.lines == once.lines; }))
      << HealthOf(feeds, "live").counters.lines << " of " << once.lines;
  ASSERT_TRUE(feeds.Stop("live"));  // the Ingestor finishes and writes its last batch
  sender.join();
  EXPECT_EQ(testing::DumpDetections(api_.store()), replayed);
  EXPECT_EQ(testing::DumpAlerts(api_.store()), raised);
}

TEST_F(MaritimeFeeds, ASilentReceiverIsLeftAfterTheReadTimeout) {
  Picture picture;
  FeedOptions options = Fast();
  options.read_timeout = std::chrono::milliseconds(200);
  FeedManager feeds(api_.store(), picture, options);
  Receiver silent(0, "");
  ASSERT_TRUE(feeds.Start({.name = "quiet", .kind = FeedKind::kTcp, .host = "127.0.0.1",
                           .port = silent.port()}));
  ASSERT_TRUE(Eventually([&] { return HealthOf(feeds, "quiet").reconnects >= 1; }));
  EXPECT_EQ(HealthOf(feeds, "quiet").last_error, "read timeout");
}

// A DNS server that does not answer: every lookup blocks until Release(), then gives
// `addresses`. Its lookups run on the feed's helper threads, which may outlive the test's feeds.
class HungResolver {
 public:
  ~HungResolver() { Release({}); }
  ResolveFunction Function() const {
    return [state = state_](const std::string&) -> core::Result<std::vector<std::string>> {
      std::unique_lock lock(state->mu);
      ++state->calls;
      state->cv.wait(lock, [&] { return state->released; });
      return state->addresses;
    };
  }
  void Release(std::vector<std::string> addresses) {
    std::lock_guard lock(state_->mu);
    if (state_->released) return;
    state_->released = true;
    state_->addresses = std::move(addresses);
    state_->cv.notify_all();
  }
  int calls() const {
    std::lock_guard lock(state_->mu);
    return state_->calls;
  }

 private:
  struct State {
    std::mutex mu;
    std::condition_variable cv;
    bool released = false;
    int calls = 0;
    std::vector<std::string> addresses;
  };
  std::shared_ptr<State> state_ = std::make_shared<State>();
};

TEST_F(MaritimeFeeds, AHostThatDoesNotResolveIsCountedLoggedAndRetriedWithBackoff) {
  istmo::testing::TempDir dir;
  ASSERT_TRUE(core::log::Init({.file = dir.File("feeds.log")}));
  Picture picture;
  FeedManager feeds(api_.store(), picture, Fast());
  ASSERT_TRUE(feeds.Start({.name = "nowhere", .kind = FeedKind::kTcp,
                           .host = "receiver.invalid", .port = 10110}));
  ASSERT_TRUE(Eventually([&] { return HealthOf(feeds, "nowhere").resolve_errors >= 3; }));
  const FeedHealth h = HealthOf(feeds, "nowhere");
  EXPECT_THAT(h.last_error, ::testing::StartsWith("resolve: "));
  EXPECT_GE(h.reconnects, 3u);  // tried again, after a backoff each time
  EXPECT_EQ(h.connects, 0u);
  EXPECT_EQ(h.connect_errors, 0u);
  EXPECT_THAT(FeedHealthJson(h).dump(), HasSubstr("\"resolve_errors\":"));
  EXPECT_THAT(feeds.RenderMetrics(), HasSubstr("istmo_maritime_feed_connect_errors_total{"
                                               "feed=\"nowhere\",stage=\"resolve\"}"));
  ASSERT_TRUE(feeds.Stop("nowhere"));
  ASSERT_TRUE(core::log::Init({}));  // back to stderr; the file has its records
  std::ifstream in(dir.File("feeds.log"));
  std::stringstream log;
  log << in.rdbuf();
  EXPECT_THAT(log.str(), HasSubstr("maritime_feed_disconnected"));
  EXPECT_THAT(log.str(), HasSubstr("resolve: "));
  EXPECT_THAT(log.str(), HasSubstr("retry_ms"));
}

TEST_F(MaritimeFeeds, AResolverThatHangsIsLeftAtTheDeadlineAndAskedAgainOnceItAnswers) {
  Receiver receiver(0, "");
  HungResolver dns;
  Picture picture;
  FeedOptions options = Fast();
  options.read_timeout = std::chrono::milliseconds(200);
  options.resolve = dns.Function();
  FeedManager feeds(api_.store(), picture, options);
  ASSERT_TRUE(feeds.Start({.name = "harbor", .kind = FeedKind::kTcp,
                           .host = "receiver.harbor.example", .port = receiver.port()}));
  // The first attempt ends at the deadline; the next ones find that lookup still running and
  // back off again, without a second thread.
  ASSERT_TRUE(Eventually([&] { return HealthOf(feeds, "harbor").resolve_errors >= 3; }));
  EXPECT_EQ(dns.calls(), 1);
  EXPECT_EQ(HealthOf(feeds, "harbor").connects, 0u);
  EXPECT_THAT(HealthOf(feeds, "harbor").last_error, ::testing::StartsWith("resolve: "));
  // The late answer belongs to an attempt that is over; the next attempt asks again.
  dns.Release({"127.0.0.1"});
  ASSERT_TRUE(Eventually([&] { return HealthOf(feeds, "harbor").connects >= 1; }));
  EXPECT_EQ(dns.calls(), 2);
  EXPECT_TRUE(receiver.accepted());
}

TEST_F(MaritimeFeeds, StoppingAFeedDoesNotWaitForItsHungResolver) {
  HungResolver dns;
  Picture picture;
  FeedOptions options = Fast();
  options.resolve = dns.Function();
  FeedManager feeds(api_.store(), picture, options);
  ASSERT_TRUE(feeds.Start({.name = "stuck", .kind = FeedKind::kTcp,
                           .host = "receiver.stuck.example", .port = 10110}));
  ASSERT_TRUE(Eventually([&] { return dns.calls() == 1; }));
  EXPECT_TRUE(feeds.Stop("stuck"));  // returns with the lookup still blocked
  EXPECT_TRUE(feeds.Health().empty());
}

TEST_F(MaritimeFeeds, UdpDatagramsAreIngestedAndBadLinesCountedWithoutStopping) {
  const unsigned short port = FreeUdpPort();
  auto added = api_.PostJson("/api/v1/maritime/feeds",
                             {{"name", "udp-balboa"}, {"kind", "udp"}, {"host", "127.0.0.1"},
                              {"port", port}, {"station", "balboa"}},
                             admin_);
  ASSERT_EQ(added.status, 201) << added.body;
  EXPECT_EQ(added.body_json["state"], "listening");
  net::io_context ioc;
  net::ip::udp::socket out(ioc, net::ip::udp::v4());
  const net::ip::udp::endpoint to(net::ip::make_address("127.0.0.1"), port);
  const std::int64_t t = core::ToUnixSeconds(api_.clock().Now()) - 30;
  using testing::PositionBits;
  using testing::Sentence;
  out.send_to(net::buffer(Sentence(PositionBits({.mmsi = 351000001, .lat = 8.9, .lon = -79.5}), t) +
                          "\r\n!AIVDM,1,1,,A,garbage,0*00\r\n"),
              to);
  out.send_to(net::buffer(std::string("!AIVDM,2,2,7,B,00000000000,2*21\r\nnot nmea at all")), to);
  out.send_to(net::buffer(Sentence(PositionBits({.mmsi = 351000002, .lat = 9.0, .lon = -79.6}), t)),
              to);
  ASSERT_TRUE(Eventually([&] { return api_.services().maritime->Get(351000002).has_value(); }));
  // The configured station is the source kept with the (flushed) track point.
  ASSERT_TRUE(Eventually([&] {
    auto points = ReadTrack(api_.store(), 351000001, 0, INT64_MAX, 10);
    return points && !points->empty() && (*points)[0].source == "balboa";
  }));
  ASSERT_TRUE(Eventually([&] {
    auto r = api_.Get("/api/v1/maritime/feeds", admin_);
    return r.body_json["items"][0]["counters"]["messages"] == 2;
  }));
  auto r = api_.Get("/api/v1/maritime/feeds", admin_);
  ASSERT_EQ(r.status, 200) << r.body;
  const json& feed = r.body_json["items"][0];
  EXPECT_EQ(feed["name"], "udp-balboa");
  EXPECT_EQ(feed["origin"], "api");
  EXPECT_EQ(feed["counters"]["lines"], 5);
  EXPECT_GE(feed["counters"]["bad_total"].get<int>(), 2) << feed.dump();
  EXPECT_TRUE(feed.contains("last_message_at"));
  // The health is in /metrics too.
  auto metrics = api_.Get("/metrics");
  ASSERT_EQ(metrics.status, 200);
  EXPECT_THAT(metrics.body, HasSubstr("istmo_maritime_feed_messages_total{feed=\"udp-balboa\"} 2\n"));
  EXPECT_THAT(metrics.body, HasSubstr("istmo_maritime_feed_up{feed=\"udp-balboa\"} 1\n"));
  EXPECT_THAT(metrics.body, HasSubstr("istmo_maritime_feed_errors_total{feed=\"udp-balboa\",kind=\"checksum\"}"));
  // Removed, it stops and is forgotten; a second removal finds nothing.
  EXPECT_EQ(api_.Send({.method = "DELETE", .path = "/api/v1/maritime/feeds/udp-balboa",
                       .token = admin_}).status, 204);
  EXPECT_EQ(api_.Get("/api/v1/maritime/feeds", admin_).body_json["count"], 0);
  EXPECT_EQ(api_.Send({.method = "DELETE", .path = "/api/v1/maritime/feeds/udp-balboa",
                       .token = admin_}).status, 404);
}

TEST_F(MaritimeFeeds, TheFeedApiIsForAdminsAndChecksItsInput) {
  const json feed = {{"name", "ais-hub"}, {"kind", "tcp"}, {"host", "127.0.0.1"}, {"port", 1}};
  EXPECT_EQ(api_.PostJson("/api/v1/maritime/feeds", feed, officer_).status, 403);
  EXPECT_EQ(api_.Get("/api/v1/maritime/feeds", officer_).status, 403);
  EXPECT_EQ(api_.Get("/api/v1/maritime/feeds").status, 401);
  for (const auto& [key, value] : std::vector<std::pair<std::string, json>>{
           {"name", "Bad Name"}, {"kind", "serial"}, {"host", "a b"}, {"port", 70000}}) {
    json bad = feed;
    bad[key] = value;
    auto r = api_.PostJson("/api/v1/maritime/feeds", bad, admin_);
    EXPECT_EQ(r.status, 400) << key;
    EXPECT_THAT(r.body_json["error"]["field"].get<std::string>(), HasSubstr(key)) << r.body;
    // The web app shows the refusal in the reader's language from its reason.
    EXPECT_NE(r.body_json["error"].value("reason", ""), "") << r.body;
  }
  // A feed that cannot start is refused and not kept.
  net::io_context ioc;
  net::ip::udp::socket taken(ioc, {net::ip::make_address("127.0.0.1"), 0});
  auto refused = api_.PostJson("/api/v1/maritime/feeds",
                               {{"name", "taken"}, {"kind", "udp"}, {"host", "127.0.0.1"},
                                {"port", taken.local_endpoint().port()}},
                               admin_);
  EXPECT_EQ(refused.status, 503) << refused.body;
  EXPECT_EQ(api_.Get("/api/v1/maritime/feeds", admin_).body_json["count"], 0);
  ASSERT_EQ(api_.PostJson("/api/v1/maritime/feeds", feed, admin_).status, 201);
  auto taken_name = api_.PostJson("/api/v1/maritime/feeds", feed, admin_);
  EXPECT_EQ(taken_name.status, 409);
  EXPECT_EQ(taken_name.body_json["error"]["reason"], "duplicate") << taken_name.body;
  auto absent = api_.Send(
      {.method = "DELETE", .path = "/api/v1/maritime/feeds/no-such-feed", .token = admin_});
  EXPECT_EQ(absent.status, 404);
  EXPECT_EQ(absent.body_json["error"]["reason"], "not_found") << absent.body;
  EXPECT_EQ(absent.body_json["error"]["params"]["object"], "feed") << absent.body;
  // Kept in the store: a new manager (the next `istmo serve`) starts it again.
  Picture picture;
  FeedManager next(api_.store(), picture, Fast());
  ASSERT_TRUE(next.StartStored());
  EXPECT_EQ(next.Health().size(), 1u);
}

TEST(MaritimeFeedConfig, FeedsAreReadFromTheConfigFile) {
  auto config = core::Config::Parse(
      "[maritime.feeds.ais1]\nkind = tcp\nhost = 10.0.0.5\nport = 4001\nstation = colon\n"
      "[maritime.feeds.ais2]\nkind = udp\nhost = 0.0.0.0\nport = 10110\n");
  ASSERT_TRUE(config);
  auto feeds = FeedsFromConfig(*config);
  ASSERT_TRUE(feeds) << feeds.error().message;
  ASSERT_EQ(feeds->size(), 2u);
  EXPECT_EQ((*feeds)[0].name, "ais1");
  EXPECT_EQ((*feeds)[0].station, "colon");
  EXPECT_EQ((*feeds)[1].kind, FeedKind::kUdp);
  EXPECT_TRUE((*feeds)[1].from_config);
  auto bad = core::Config::Parse("[maritime.feeds.x]\nkind = tcp\nhost = h\nport = 0\n");
  ASSERT_TRUE(bad);
  EXPECT_FALSE(FeedsFromConfig(*bad));
  auto unknown = core::Config::Parse("[maritime.feeds.x]\nspeed = 3\n");
  ASSERT_TRUE(unknown);
  EXPECT_FALSE(FeedsFromConfig(*unknown));
}

// ---- the live stream ----

class LiveClient {
 public:
  explicit LiveClient(int port) : ws_(ioc_) {
    tcp::resolver resolver(ioc_);
    net::connect(ws_.next_layer(), resolver.resolve("127.0.0.1", std::to_string(port)));
  }
  beast::error_code Handshake(const std::string& token, const std::string& target) {
    ws_.set_option(websocket::stream_base::decorator([token](websocket::request_type& req) {
      if (!token.empty()) req.set(beast::http::field::authorization, "Bearer " + token);
    }));
    beast::error_code ec;
    ws_.handshake("127.0.0.1", target, ec);
    return ec;
  }
  json Read() {
    beast::flat_buffer b;
    ws_.read(b);
    return json::parse(beast::buffers_to_string(b.data()));
  }
  void Write(const std::string& text) { ws_.write(net::buffer(text)); }

 private:
  net::io_context ioc_;
  websocket::stream<tcp::socket> ws_;
};

TEST_F(MaritimeFeeds, TheLiveStreamSendsChangedVesselsInTheBox) {
  LiveClient client(api_.server().port());
  ASSERT_FALSE(client.Handshake(officer_, "/api/v1/maritime/live?bbox=-80.5,7,-77,10&interval_ms=250"));
  EXPECT_EQ(client.Read()["type"], "hello");
  Ingestor in(api_.store(), *api_.services().maritime, {.clock = &api_.clock()});
  const std::int64_t t = core::ToUnixSeconds(api_.clock().Now()) - 60;
  using testing::PositionBits;
  using testing::Sentence;
  ASSERT_TRUE(in.AddLine(Sentence(PositionBits({.mmsi = 351000001, .lat = 8.8, .lon = -79.6}), t)));
  ASSERT_TRUE(in.AddLine(Sentence(PositionBits({.mmsi = 730000003, .lat = 10.4, .lon = -75.5}), t)));
  json m = client.Read();
  ASSERT_EQ(m["type"], "vessels") << m.dump();
  ASSERT_EQ(m["items"].size(), 1u) << m.dump();  // the Colombian is outside the box
  EXPECT_EQ(m["items"][0][0], 351000001);
  EXPECT_NEAR(m["items"][0][1].get<double>(), 8.8, 1e-4);
  EXPECT_EQ(m["items"][0][6], "class_a");
  // Several reports between two pushes arrive as the latest one.
  for (int s = 1; s <= 5; ++s) {
    ASSERT_TRUE(in.AddLine(Sentence(
        PositionBits({.mmsi = 351000001, .lat = 8.8, .lon = -79.6 + s * 0.01}), t + s)));
  }
  m = client.Read();
  ASSERT_EQ(m["items"].size(), 1u) << m.dump();
  EXPECT_NEAR(m["items"][0][2].get<double>(), -79.55, 1e-4);
  // A new box resends its stations in full.
  client.Write(R"({"bbox":[-76,10,-75,11]})");
  m = client.Read();
  ASSERT_EQ(m["items"].size(), 1u) << m.dump();
  EXPECT_EQ(m["items"][0][0], 730000003);
  client.Write(R"({"bbox":[1,2]})");
  m = client.Read();
  EXPECT_EQ(m["type"], "error");
  EXPECT_EQ(m["field"], "bbox");
}

TEST_F(MaritimeFeeds, TheLiveStreamStartsAfterTheLayerAnswersSequence) {
  Ingestor in(api_.store(), *api_.services().maritime, {.clock = &api_.clock()});
  const std::int64_t t = core::ToUnixSeconds(api_.clock().Now()) - 60;
  using testing::PositionBits;
  using testing::Sentence;
  ASSERT_TRUE(in.AddLine(Sentence(PositionBits({.mmsi = 351000001, .lat = 8.8, .lon = -79.6}), t)));
  auto layer = api_.Get("/api/v1/maritime/vessels?bbox=-80.5,7,-77,10&view=layer", officer_);
  ASSERT_EQ(layer.body_json["items"].size(), 1u) << layer.body;
  const std::uint64_t seq = layer.body_json["seq"];
  LiveClient client(api_.server().port());
  const std::string target =
      "/api/v1/maritime/live?bbox=-80.5,7,-77,10&interval_ms=250&since=" + std::to_string(seq);
  ASSERT_FALSE(client.Handshake(officer_, target));
  EXPECT_EQ(client.Read()["type"], "hello");
  // The ship the client already holds is not sent again; the next one is.
  ASSERT_TRUE(in.AddLine(Sentence(PositionBits({.mmsi = 351000002, .lat = 8.9, .lon = -79.5}), t)));
  json m = client.Read();
  ASSERT_EQ(m["items"].size(), 1u) << m.dump();
  EXPECT_EQ(m["items"][0][0], 351000002);
  EXPECT_EQ(m["fields"].back(), "flag");
  EXPECT_EQ(m["items"][0][11], "PA");
  // A new box with the seq of its layer answer: only later changes.
  client.Write(R"({"bbox":[-80.5,7,-77,10],"since":)" + std::to_string(seq + 1) + "}");
  ASSERT_TRUE(
      in.AddLine(Sentence(PositionBits({.mmsi = 351000001, .lat = 8.7, .lon = -79.6}), t + 1)));
  m = client.Read();
  ASSERT_EQ(m["items"].size(), 1u) << m.dump();
  EXPECT_EQ(m["items"][0][0], 351000001);
  client.Write(R"({"bbox":null,"since":-1})");
  do m = client.Read();  // a push of the ship may still come before the answer
  while (m["type"] == "vessels");
  EXPECT_EQ(m["type"], "error");
  EXPECT_EQ(m["field"], "since");
}

TEST_F(MaritimeFeeds, TheLiveStreamRefusesAClientWithoutAToken) {
  LiveClient client(api_.server().port());
  EXPECT_EQ(client.Handshake("", "/api/v1/maritime/live"), websocket::error::upgrade_declined);
  LiveClient forged(api_.server().port());
  EXPECT_EQ(forged.Handshake("ist_not_a_token", "/api/v1/maritime/live"),
            websocket::error::upgrade_declined);
  EXPECT_EQ(api_.services().maritime_live->clients(), 0u);
}

}  // namespace
}  // namespace istmo::maritime

namespace istmo::maritime {
namespace {

// A WebSocket whose peer never reads: every message sent stays queued.
class StuckSocket : public api::WebSocket {
 public:
  bool Send(std::string text) override {
    std::lock_guard lock(mu_);
    if (closed_) return false;
    sent_.push_back(std::move(text));
    return true;
  }
  void Close() override {
    std::lock_guard lock(mu_);
    closed_ = true;
  }
  bool closed() const override {
    std::lock_guard lock(mu_);
    return closed_;
  }
  std::size_t queued() const override {
    std::lock_guard lock(mu_);
    return sent_.size();
  }
  const api::Request& request() const override { return request_; }
  std::size_t sent() const { return queued(); }

 private:
  mutable std::mutex mu_;
  bool closed_ = false;
  std::vector<std::string> sent_;
  api::Request request_{.scope = store::AccessScope{.username = "slow.reader"}};
};

TEST(MaritimeLive, AClientThatDoesNotReadGetsNoMoreQueuedAndIsClosedWhenTooFarBehind) {
  Picture picture;
  LiveHub hub(picture, {.tick = std::chrono::milliseconds(10),
                        .min_interval = std::chrono::milliseconds(10),
                        .max_behind = std::chrono::milliseconds(300)});
  auto ws = std::make_shared<StuckSocket>();
  hub.Attach(ws, {}, std::chrono::milliseconds(10));
  EXPECT_EQ(ws->sent(), 1u);  // the hello, never read
  const auto start = std::chrono::steady_clock::now();
  for (std::uint32_t i = 0; !ws->closed(); ++i) {
    Vessel v;
    v.state.mmsi = 351000000 + i % 1000;
    v.state.t_us = 1;
    v.state.lat = 8 * 600000 + static_cast<std::int32_t>(i % 600);
    v.state.lon = -79 * 600000;
    picture.Put(v);
    ASSERT_LT(std::chrono::steady_clock::now() - start, kPatience);
    if (i % 100 == 0) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  EXPECT_EQ(ws->sent(), 1u);  // thousands of changes, nothing more queued
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(300));
  EXPECT_TRUE(Eventually([&] { return hub.clients() == 0; }));
}

}  // namespace
}  // namespace istmo::maritime

#include "maritime/feeds.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <deque>
#include <random>
#include <thread>

#include <boost/asio.hpp>

#include "core/log.h"
#include "maritime/json.h"
#include "maritime/lines.h"
#include "store/audit.h"

namespace istmo::maritime {

namespace net = boost::asio;
using tcp = net::ip::tcp;
using udp = net::ip::udp;
using SteadyClock = std::chrono::steady_clock;

std::vector<store::Migration> FeedMigrations() {
  return {{"maritime_feeds", 1, "live feeds added through the admin API", R"sql(
CREATE TABLE maritime_feeds (
  name        TEXT PRIMARY KEY,
  kind        TEXT NOT NULL CHECK (kind IN ('tcp', 'udp')),
  host        TEXT NOT NULL,
  port        INTEGER NOT NULL,
  station     TEXT NOT NULL DEFAULT '',
  created_at  TEXT NOT NULL,
  created_by  TEXT NOT NULL
);
)sql"}};
}

namespace {

std::string_view KindName(FeedKind kind) { return kind == FeedKind::kTcp ? "tcp" : "udp"; }

bool NameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

// The system resolver through Asio's synchronous call (getaddrinfo on the calling thread).
core::Result<std::vector<std::string>> SystemResolve(const std::string& host) {
  net::io_context ioc;
  tcp::resolver resolver(ioc);
  boost::system::error_code ec;
  const auto results = resolver.resolve(host, "0", ec);
  if (ec) return core::Unavailable(ec.message());
  std::vector<std::string> out;
  for (const auto& r : results) out.push_back(r.endpoint().address().to_string());
  return out;
}

// What a feed and its resolver thread share. The thread outlives the feed when the resolver
// hangs: it then finds `ioc` null and drops its answer.
struct Lookup {
  std::mutex mu;
  net::io_context* ioc = nullptr;  // the feed's, until the feed goes away
  bool running = false;            // a resolver thread has not returned yet
};

// Prometheus label values are our feed names ([a-z0-9_-]) and kind names: nothing to escape.
std::string Series(const std::string& name, const std::string& labels, double value) {
  char num[32];
  std::snprintf(num, sizeof num, "%.15g", value);  // counters stay exact
  return name + "{" + labels + "} " + num + "\n";
}

}  // namespace

core::Status ValidateFeedSpec(const FeedSpec& spec) {
  if (spec.name.empty() || spec.name.size() > 32 ||
      !std::all_of(spec.name.begin(), spec.name.end(), NameChar)) {
    return core::InvalidArgument("must be 1 to 32 of a-z, 0-9, _ and -", "name");
  }
  if (spec.host.empty() || spec.host.size() > 253 ||
      !std::all_of(spec.host.begin(), spec.host.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == ':';
      })) {
    return core::InvalidArgument("must be a host name or an IP address", "host");
  }
  if (spec.port < 1 || spec.port > 65535) {
    return core::InvalidArgument("must be in [1, 65535]", "port");
  }
  if (spec.station.size() > 32 ||
      !std::all_of(spec.station.begin(), spec.station.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.';
      })) {
    return core::InvalidArgument("must be at most 32 of letters, digits, _, - and .", "station");
  }
  return core::Ok();
}

core::Result<std::vector<FeedSpec>> FeedsFromConfig(const core::Config& config) {
  constexpr std::string_view kPrefix = "maritime.feeds.";
  std::map<std::string, FeedSpec> by_name;
  for (const auto& [key, value] : config.values()) {
    if (!key.starts_with(kPrefix)) continue;
    const std::string rest = key.substr(kPrefix.size());
    const auto dot = rest.rfind('.');
    if (dot == std::string::npos) {
      return core::InvalidArgument("expected maritime.feeds.<name>.<setting>", key);
    }
    FeedSpec& spec = by_name[rest.substr(0, dot)];
    spec.name = rest.substr(0, dot);
    spec.from_config = true;
    const std::string field = rest.substr(dot + 1);
    if (field == "kind") {
      if (value != "tcp" && value != "udp") return core::InvalidArgument("must be tcp or udp", key);
      spec.kind = value == "tcp" ? FeedKind::kTcp : FeedKind::kUdp;
    } else if (field == "host") {
      spec.host = value;
    } else if (field == "port") {
      ISTMO_ASSIGN_OR_RETURN(auto port, config.GetInt(key, 0, 1, 65535));
      spec.port = static_cast<int>(port);
    } else if (field == "station") {
      spec.station = value;
    } else {
      return core::InvalidArgument("unknown feed setting (kind, host, port, station)", key);
    }
  }
  std::vector<FeedSpec> out;
  for (auto& [name, spec] : by_name) {
    if (auto valid = ValidateFeedSpec(spec); !valid) {
      core::Error e = valid.error();
      e.field = std::string(kPrefix) + name + "." + e.field;
      return e;
    }
    out.push_back(std::move(spec));
  }
  return out;
}

// One feed: its thread, io_context, socket and Ingestor. Everything but health_ is touched on
// the feed's thread only (after Start, before the join in the destructor).
class FeedManager::Feed {
 public:
  Feed(store::Store& store, Picture& picture, const FeedSpec& spec, const FeedOptions& options)
      : spec_(spec),
        options_(options),
        clock_(options.clock != nullptr ? *options.clock : core::SystemClock::Get()),
        ingestor_(store, picture,
                  {.feed = spec.station.empty() ? spec.name : spec.station,
                   .clock = options.clock,
                   .zones = options.zones,
                   .detectors = options.detectors,
                   .alerts = options.alerts,
                   .watch = options.watch}),
        tcp_(ioc_),
        udp_(ioc_),
        timer_(ioc_),
        flush_timer_(ioc_),
        rng_(std::random_device{}()),
        lookup_(std::make_shared<Lookup>()) {
    lookup_->ioc = &ioc_;
    health_.spec = spec;
    health_.state = spec.kind == FeedKind::kTcp ? "connecting" : "listening";
  }

  // The sockets close with their objects, after the thread has left the io_context.
  ~Feed() {
    {
      std::lock_guard lock(lookup_->mu);
      lookup_->ioc = nullptr;  // a resolver thread still running posts nothing from now on
    }
    ioc_.stop();
    if (thread_.joinable()) thread_.join();
    if (auto finished = ingestor_.Finish(); !finished) {
      core::log::Warn("maritime_feed_flush_failed",
                      {{"feed", spec_.name}, {"error", finished.error().message}});
    }
  }

  // Binds a UDP feed's socket here, so that a taken port is the caller's error.
  core::Status Start() {
    if (spec_.kind == FeedKind::kUdp) {
      boost::system::error_code ec;
      auto address = net::ip::make_address(spec_.host, ec);
      if (ec) return core::InvalidArgument("a UDP feed listens on an IP address", "host");
      udp::endpoint at(address, static_cast<unsigned short>(spec_.port));
      udp_.open(at.protocol(), ec);
      if (!ec) udp_.set_option(net::socket_base::reuse_address(true), ec);
      if (!ec) udp_.bind(at, ec);
      if (ec) {
        return core::Unavailable("cannot listen on udp " + spec_.host + ":" +
                                 std::to_string(spec_.port) + ": " + ec.message());
      }
      net::post(ioc_, [this] { ReceiveUdp(); });
    } else {
      net::post(ioc_, [this] { Connect(); });
    }
    net::post(ioc_, [this] { ScheduleFlush(); });
    thread_ = std::thread([this] {
      auto guard = net::make_work_guard(ioc_);
      ioc_.run();
    });
    return core::Ok();
  }

  FeedHealth health() const {
    std::lock_guard lock(mu_);
    FeedHealth h = health_;
    if (samples_.size() >= 2) {
      const double seconds =
          std::chrono::duration<double>(samples_.back().first - samples_.front().first).count();
      if (seconds > 0) {
        h.messages_per_second =
            static_cast<double>(samples_.back().second - samples_.front().second) / seconds;
      }
    }
    return h;
  }

 private:
  void SetState(const char* state, const std::string& error = {}) {
    std::lock_guard lock(mu_);
    health_.state = state;
    if (!error.empty()) health_.last_error = error;
  }

  // One attempt: resolve and connect within the deadline (read_timeout). The timer ends a
  // resolution by moving on without it (a late answer is dropped by its attempt number) and a
  // connection by closing the socket.
  void Connect() {
    SetState("connecting");
    const std::uint64_t attempt = ++attempt_;
    resolving_ = true;
    timer_.expires_after(options_.read_timeout);
    timer_.async_wait([this, attempt](boost::system::error_code ec) {
      if (ec || attempt != attempt_) return;
      if (resolving_) {
        resolving_ = false;
        return Failed(&FeedHealth::resolve_errors,
                      "resolve: no answer for " + spec_.host + " within " +
                          std::to_string(options_.read_timeout.count()) + " ms");
      }
      boost::system::error_code ignored;
      tcp_.close(ignored);  // the connect attempt fails with operation_aborted
    });
    boost::system::error_code not_ip;
    const auto address = net::ip::make_address(spec_.host, not_ip);
    if (!not_ip) {
      return Resolved(attempt, std::vector<std::string>{address.to_string()});
    }
    {
      std::lock_guard lock(lookup_->mu);
      if (lookup_->running) {
        resolving_ = false;
        return Failed(&FeedHealth::resolve_errors,
                      "resolve: the previous lookup of " + spec_.host + " has not returned");
      }
      lookup_->running = true;
    }
    // Detached: the feed never joins a resolver that hangs. It holds the shared Lookup, not the
    // feed, and posts its answer only while the feed's io_context is there.
    std::thread([lookup = lookup_, resolve = options_.resolve, host = spec_.host, attempt, this] {
      auto result = resolve ? resolve(host) : SystemResolve(host);
      std::lock_guard lock(lookup->mu);
      lookup->running = false;
      if (lookup->ioc == nullptr) return;
      net::post(*lookup->ioc,
                [this, attempt, result = std::move(result)] { Resolved(attempt, result); });
    }).detach();
  }

  void Resolved(std::uint64_t attempt, const core::Result<std::vector<std::string>>& addresses) {
    if (!resolving_ || attempt != attempt_) return;  // the deadline has passed: already retried
    resolving_ = false;
    if (!addresses) {
      return Failed(&FeedHealth::resolve_errors, "resolve: " + addresses.error().message);
    }
    std::vector<tcp::endpoint> endpoints;
    for (const std::string& a : *addresses) {
      boost::system::error_code ec;
      const auto ip = net::ip::make_address(a, ec);
      if (!ec) endpoints.emplace_back(ip, static_cast<unsigned short>(spec_.port));
    }
    if (endpoints.empty()) {
      return Failed(&FeedHealth::resolve_errors, "resolve: no address for " + spec_.host);
    }
    net::async_connect(tcp_, endpoints, [this](boost::system::error_code ec, const tcp::endpoint&) {
      if (ec == net::error::operation_aborted) {  // closed by the deadline
        return Failed(&FeedHealth::connect_errors,
                      "connect: no connection within " +
                          std::to_string(options_.read_timeout.count()) + " ms");
      }
      if (ec) {
        return Failed(&FeedHealth::connect_errors, "connect: " + ec.message());
      }
      boost::system::error_code ignored;
      tcp_.set_option(net::socket_base::keep_alive(true), ignored);
      tcp_.set_option(tcp::no_delay(true), ignored);
      {
        std::lock_guard lock(mu_);
        ++health_.connects;
      }
      SetState("connected");
      ReadTcp();
    });
  }

  // An attempt that ended before a connection, counted by stage, then the usual backoff.
  void Failed(std::uint64_t FeedHealth::*counter, const std::string& why) {
    {
      std::lock_guard lock(mu_);
      ++(health_.*counter);
    }
    Disconnected(why);
  }

  void ReadTcp() {
    timer_.expires_after(options_.read_timeout);
    timer_.async_wait([this](boost::system::error_code ec) {
      if (!ec) {
        read_timed_out_ = true;
        boost::system::error_code ignored;
        tcp_.close(ignored);
      }
    });
    tcp_.async_read_some(net::buffer(buf_), [this](boost::system::error_code ec, std::size_t n) {
      if (ec) {
        return Disconnected(read_timed_out_ ? std::string("read timeout")
                                            : "read: " + ec.message());
      }
      attempts_ = 0;  // a connection that delivers resets the backoff
      Consume(std::string_view(buf_.data(), n), /*datagram=*/false);
      ReadTcp();
    });
  }

  void Disconnected(const std::string& why) {
    timer_.cancel();
    boost::system::error_code ignored;
    tcp_.close(ignored);
    read_timed_out_ = false;
    lines_.Reset();
    const double factor = std::uniform_real_distribution<double>(0.5, 1.0)(rng_);
    const double base = static_cast<double>(options_.backoff_initial.count()) *
                        std::pow(2.0, std::min(attempts_, 16));
    const auto delay = std::chrono::milliseconds(static_cast<std::int64_t>(
        std::min(base, static_cast<double>(options_.backoff_max.count())) * factor));
    ++attempts_;
    {
      std::lock_guard lock(mu_);
      ++health_.reconnects;
    }
    SetState("backoff", why);
    core::log::Warn(
        "maritime_feed_disconnected",
        {{"feed", spec_.name}, {"error", why}, {"retry_ms", std::to_string(delay.count())}});
    timer_.expires_after(delay);
    timer_.async_wait([this](boost::system::error_code ec) {
      if (!ec) Connect();
    });
  }

  void ReceiveUdp() {
    udp_.async_receive_from(net::buffer(buf_), sender_,
                            [this](boost::system::error_code ec, std::size_t n) {
                              if (ec == net::error::operation_aborted) return;
                              if (ec) {
                                SetState("listening", "receive: " + ec.message());
                              } else {
                                Consume(std::string_view(buf_.data(), n), /*datagram=*/true);
                              }
                              ReceiveUdp();
                            });
  }

  // Complete lines go to the Ingestor; a TCP read's last partial line waits for the next read.
  void Consume(std::string_view data, bool datagram) {
    auto add = [this](std::string_view line) { AddLine(line); };
    lines_.Add(data, add);
    if (datagram) lines_.End(add);
    const FeedCounters c = ingestor_.counters();
    const std::int64_t now_us = clock_.Now().time_since_epoch().count();
    std::lock_guard lock(mu_);
    health_.bytes += data.size();
    health_.overlong = lines_.overlong();
    if (c.messages != health_.counters.messages) health_.last_arrival_us = now_us;
    health_.counters = c;
  }

  void AddLine(std::string_view line) {
    if (auto added = ingestor_.AddLine(line); !added && !store_failed_) {
      store_failed_ = true;  // logged once per outage; the Ingestor retries the batch
      core::log::Error("maritime_feed_store_failed",
                       {{"feed", spec_.name}, {"error", added.error().message}});
    } else if (added) {
      store_failed_ = false;
    }
  }

  void ScheduleFlush() {
    flush_timer_.expires_after(options_.flush_interval);
    flush_timer_.async_wait([this](boost::system::error_code ec) {
      if (ec) return;
      if (auto flushed = ingestor_.Flush(); !flushed) {
        core::log::Warn("maritime_feed_flush_failed",
                        {{"feed", spec_.name}, {"error", flushed.error().message}});
      }
      {
        std::lock_guard lock(mu_);
        health_.counters = ingestor_.counters();
        samples_.emplace_back(SteadyClock::now(), health_.counters.messages);
        while (samples_.size() > 11) samples_.pop_front();  // ~10 s at the default interval
      }
      ScheduleFlush();
    });
  }

  const FeedSpec spec_;
  const FeedOptions options_;
  const core::Clock& clock_;
  Ingestor ingestor_;
  net::io_context ioc_;
  tcp::socket tcp_;
  udp::socket udp_;
  udp::endpoint sender_;
  net::steady_timer timer_;
  net::steady_timer flush_timer_;
  std::array<char, 64 * 1024> buf_{};
  LineSplitter lines_{kMaxLine};
  bool read_timed_out_ = false;
  bool store_failed_ = false;
  int attempts_ = 0;
  std::uint64_t attempt_ = 0;  // number of the current connection attempt
  bool resolving_ = false;     // the current attempt waits for its host's addresses
  std::mt19937 rng_;
  std::shared_ptr<Lookup> lookup_;
  std::thread thread_;

  mutable std::mutex mu_;
  FeedHealth health_;
  std::deque<std::pair<SteadyClock::time_point, std::uint64_t>> samples_;
};

FeedManager::FeedManager(store::Store& store, Picture& picture, FeedOptions options)
    : store_(store), picture_(picture), options_(options) {}

FeedManager::~FeedManager() {
  std::lock_guard lock(mu_);
  feeds_.clear();
}

core::Status FeedManager::Start(const FeedSpec& spec) {
  ISTMO_RETURN_IF_ERROR(ValidateFeedSpec(spec));
  std::lock_guard lock(mu_);
  if (feeds_.contains(spec.name)) {
    return core::Conflict("a feed named " + spec.name + " exists", "name");
  }
  auto feed = std::make_unique<Feed>(store_, picture_, spec, options_);
  ISTMO_RETURN_IF_ERROR(feed->Start());
  feeds_.emplace(spec.name, std::move(feed));
  core::log::Info("maritime_feed_started", {{"feed", spec.name},
                                            {"kind", std::string(KindName(spec.kind))},
                                            {"host", spec.host},
                                            {"port", std::to_string(spec.port)}});
  return core::Ok();
}

core::Status FeedManager::Stop(const std::string& name) {
  std::unique_ptr<Feed> feed;
  {
    std::lock_guard lock(mu_);
    auto it = feeds_.find(name);
    if (it == feeds_.end()) return core::NotFound("no feed named " + name);
    feed = std::move(it->second);
    feeds_.erase(it);
  }
  feed.reset();  // joins the feed's thread outside the lock
  return core::Ok();
}

namespace {

core::Result<std::vector<FeedSpec>> StoredFeeds(store::Store& store) {
  ISTMO_ASSIGN_OR_RETURN(auto rows, store.Read<std::vector<store::Row>>([](store::Connection& c) {
    return c.Query("SELECT name, kind, host, port, station FROM maritime_feeds ORDER BY name");
  }));
  std::vector<FeedSpec> out;
  for (const auto& r : rows) {
    out.push_back({.name = r.Text(0),
                   .kind = r.Text(1) == "udp" ? FeedKind::kUdp : FeedKind::kTcp,
                   .host = r.Text(2),
                   .port = static_cast<int>(r.Int(3)),
                   .station = r.Text(4)});
  }
  return out;
}

}  // namespace

core::Status FeedManager::StartStored() {
  ISTMO_ASSIGN_OR_RETURN(auto specs, StoredFeeds(store_));
  for (const auto& spec : specs) {
    if (auto started = Start(spec); !started) {
      core::log::Error("maritime_feed_not_started",
                       {{"feed", spec.name}, {"error", started.error().message}});
    }
  }
  return core::Ok();
}

core::Status FeedManager::Add(const FeedSpec& spec_in, const store::AccessScope& actor,
                              core::Timestamp now) {
  FeedSpec spec = spec_in;
  spec.from_config = false;
  // Started first, so that a feed that cannot start (a UDP port taken) is refused, not kept.
  ISTMO_RETURN_IF_ERROR(Start(spec));
  auto written = store_.Write<bool>([&](store::Connection& tx) -> core::Result<bool> {
    ISTMO_RETURN_IF_ERROR(tx.Exec(
        "INSERT INTO maritime_feeds (name, kind, host, port, station, created_at, created_by) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        {spec.name, std::string(KindName(spec.kind)), spec.host,
         static_cast<std::int64_t>(spec.port), spec.station, core::FormatIso8601(now),
         actor.user_id}));
    nlohmann::json detail = {{"kind", KindName(spec.kind)},
                             {"host", spec.host},
                             {"port", spec.port},
                             {"station", spec.station}};
    ISTMO_RETURN_IF_ERROR(store::AppendAudit(
        tx, store::AuditBy(actor, "maritime.feed_add", "maritime_feed", spec.name, detail.dump()),
        now));
    return true;
  });
  if (!written) {
    (void)Stop(spec.name);  // not kept: not running either
    return written.error();
  }
  return core::Ok();
}

core::Status FeedManager::Remove(const std::string& name, const store::AccessScope& actor,
                                 core::Timestamp now) {
  {
    std::lock_guard lock(mu_);
    auto it = feeds_.find(name);
    if (it != feeds_.end() && it->second->health().spec.from_config) {
      return core::Conflict("feed " + name + " is set in the config file; remove it there", "name");
    }
  }
  ISTMO_ASSIGN_OR_RETURN(
      std::int64_t deleted,
      store_.Write<std::int64_t>([&](store::Connection& tx) -> core::Result<std::int64_t> {
        ISTMO_ASSIGN_OR_RETURN(std::int64_t n,
                               tx.Exec("DELETE FROM maritime_feeds WHERE name = ?", {name}));
        if (n == 0) return n;
        ISTMO_RETURN_IF_ERROR(store::AppendAudit(
            tx, store::AuditBy(actor, "maritime.feed_remove", "maritime_feed", name, ""), now));
        return n;
      }));
  if (deleted == 0) return core::NotFound("no feed named " + name);
  if (auto stopped = Stop(name); !stopped && stopped.error().code != core::ErrorCode::kNotFound) {
    return stopped;
  }
  return core::Ok();
}

std::vector<FeedHealth> FeedManager::Health() const {
  std::lock_guard lock(mu_);
  std::vector<FeedHealth> out;
  for (const auto& [name, feed] : feeds_) out.push_back(feed->health());
  return out;
}

nlohmann::json FeedHealthJson(const FeedHealth& h) {
  nlohmann::json j = {{"name", h.spec.name},
                      {"kind", KindName(h.spec.kind)},
                      {"host", h.spec.host},
                      {"port", h.spec.port},
                      {"station", h.spec.station.empty() ? h.spec.name : h.spec.station},
                      {"origin", h.spec.from_config ? "config" : "api"},
                      {"state", h.state},
                      {"connects", h.connects},
                      {"reconnects", h.reconnects},
                      {"resolve_errors", h.resolve_errors},
                      {"connect_errors", h.connect_errors},
                      {"overlong_lines", h.overlong},
                      {"bytes", h.bytes},
                      {"messages_per_second", h.messages_per_second},
                      {"counters", FeedCountersJson(h.counters)}};
  if (!h.last_error.empty()) j["last_error"] = h.last_error;
  if (h.last_arrival_us != 0) {
    j["last_message_at"] =
        core::FormatIso8601(core::Timestamp(std::chrono::microseconds(h.last_arrival_us)));
  }
  return j;
}

std::string FeedManager::RenderMetrics() const {
  const auto feeds = Health();
  if (feeds.empty()) return {};
  struct Family {
    const char* name;
    const char* type;
    const char* help;
  };
  static constexpr Family kFamilies[] = {
      {"istmo_maritime_feed_up", "gauge", "1 when the feed is connected (TCP) or listening (UDP)."},
      {"istmo_maritime_feed_lines_total", "counter", "Lines received by the feed."},
      {"istmo_maritime_feed_messages_total", "counter", "AIS messages decoded from the feed."},
      {"istmo_maritime_feed_errors_total", "counter", "Bad lines of the feed, by kind."},
      {"istmo_maritime_feed_reconnects_total", "counter",
       "Connection attempts after a failure or a disconnect."},
      {"istmo_maritime_feed_connect_errors_total", "counter",
       "TCP attempts that failed before a connection, by stage (resolve, connect)."},
      {"istmo_maritime_feed_messages_per_second", "gauge",
       "Messages per second over the last ~10 s."},
      {"istmo_maritime_feed_last_message_timestamp_seconds", "gauge",
       "Unix time the feed's last message arrived."},
  };
  std::string out;
  for (const Family& f : kFamilies) {
    out +=
        std::string("# HELP ") + f.name + " " + f.help + "\n# TYPE " + f.name + " " + f.type + "\n";
    const std::string name = f.name;
    for (const FeedHealth& h : feeds) {
      const std::string feed = "feed=\"" + h.spec.name + "\"";
      const FeedCounters& c = h.counters;
      if (name == "istmo_maritime_feed_up") {
        out += Series(name, feed, h.state == "connected" || h.state == "listening" ? 1 : 0);
      } else if (name == "istmo_maritime_feed_lines_total") {
        out += Series(name, feed, static_cast<double>(c.lines));
      } else if (name == "istmo_maritime_feed_messages_total") {
        out += Series(name, feed, static_cast<double>(c.messages));
      } else if (name == "istmo_maritime_feed_errors_total") {
        for (std::size_t k = 0; k < c.bad.size(); ++k) {
          out += Series(name,
                        feed + ",kind=\"" +
                            std::string(ais::BadInputName(static_cast<ais::BadInput>(k))) + "\"",
                        static_cast<double>(c.bad[k]));
        }
        out += Series(name, feed + ",kind=\"overlong\"", static_cast<double>(h.overlong));
      } else if (name == "istmo_maritime_feed_reconnects_total") {
        out += Series(name, feed, static_cast<double>(h.reconnects));
      } else if (name == "istmo_maritime_feed_connect_errors_total") {
        if (h.spec.kind != FeedKind::kTcp) continue;
        out += Series(name, feed + ",stage=\"resolve\"", static_cast<double>(h.resolve_errors));
        out += Series(name, feed + ",stage=\"connect\"", static_cast<double>(h.connect_errors));
      } else if (name == "istmo_maritime_feed_messages_per_second") {
        out += Series(name, feed, h.messages_per_second);
      } else if (h.last_arrival_us != 0) {
        out += Series(name, feed, static_cast<double>(h.last_arrival_us) / 1e6);
      }
    }
  }
  return out;
}

}  // namespace istmo::maritime

// maritime/feeds.h — live AIS feeds of `istmo serve`: an NMEA client of a TCP receiver or
// aggregator, and a UDP listener, each feeding its own Ingestor on its own thread.
//
// A feed is named; the name is the source of every message without a tag block `s:` station
// (or `station` when configured). Feeds come from the config file
// (maritime.feeds.<name>.kind|host|port|station) and from the admin API, which keeps its feeds
// in the store (table maritime_feeds) so that they survive a restart.
//
// TCP: resolve the host and connect within one deadline (the read timeout), TCP keep-alive on,
// read lines; a name that does not resolve, no answer from the resolver or the peer within the
// deadline, no byte for the read timeout, a reset or the receiver going away closes the socket
// and reconnects after an exponential backoff with jitter (initial .. max, times a random
// factor in [0.5, 1]), reset once a connection delivers data. A host name is resolved on a
// helper thread that the feed never waits for: a resolver that hangs costs one thread per feed
// until it returns, never the feed or its stop. UDP: every datagram is one or more lines.
// A bad line is counted by kind (the Ingestor's FeedCounters) and the feed goes on; a line
// longer than kMaxLine is dropped and counted as "overlong". A store failure is logged and the
// batch retried by the next write (Ingestor).
//
// Health (per feed): connection state, reconnects, last error, lines/messages/errors by kind,
// the arrival time of the last message and messages per second over the last ~10 s; as JSON
// for GET /api/v1/maritime/feeds and as Prometheus series for /metrics.
//
// Thread-safety: FeedManager's methods are safe from any thread. Each feed's socket, timers and
// Ingestor live on that feed's thread only; health is copied out under a lock.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/config.h"
#include "core/result.h"
#include "core/time.h"
#include "maritime/ingest.h"
#include "maritime/picture.h"
#include "maritime/zones.h"
#include "store/scope.h"
#include "store/store.h"

namespace istmo::maritime {

// The feeds table (module "maritime_feeds"); app::AllMigrations() lists it.
std::vector<store::Migration> FeedMigrations();

enum class FeedKind : std::uint8_t { kTcp, kUdp };

struct FeedSpec {
  std::string name;  // [a-z0-9_-], 1..32
  FeedKind kind = FeedKind::kTcp;
  std::string host;  // TCP: the receiver; UDP: the address to listen on
  int port = 0;
  std::string station;  // source of lines without `s:`; empty: the feed's name
  bool from_config = false;
};

// kInvalidArgument naming the field ("name", "kind", "host", "port", "station").
core::Status ValidateFeedSpec(const FeedSpec& spec);
// The feeds of maritime.feeds.<name>.{kind,host,port,station}; kInvalidArgument naming the key.
core::Result<std::vector<FeedSpec>> FeedsFromConfig(const core::Config& config);

// Resolves a host name to IP addresses (as text), blocking. kUnavailable when it does not resolve.
using ResolveFunction = std::function<core::Result<std::vector<std::string>>(const std::string&)>;

struct FeedOptions {
  std::chrono::milliseconds backoff_initial{500};
  std::chrono::milliseconds backoff_max{30000};
  // TCP: no byte for this long reconnects; also the deadline to resolve the host and connect.
  std::chrono::milliseconds read_timeout{60000};
  std::chrono::milliseconds flush_interval{1000};  // queued track points are written this often
  const core::Clock* clock = nullptr;              // nullptr: the system clock
  Zones* zones = nullptr;  // entry and exit events of every feed's positions (none when null)
  // The behaviour detectors every feed's Ingestor feeds (IngestOptions::detectors; none when
  // null): one for the process, so that a vessel heard by two receivers is judged once.
  Detectors* detectors = nullptr;
  // The alerts of their events (IngestOptions::alerts; none when null).
  const DetectionAlerts* alerts = nullptr;
  // The vessel watchlists every feed's Ingestor asks on zone entries (IngestOptions::watch;
  // none when null).
  const VesselWatch* watch = nullptr;
  // TCP: how host names are resolved, on a helper thread; empty: the system resolver
  // (getaddrinfo). An IP address is used as it is.
  ResolveFunction resolve;
};

struct FeedHealth {
  FeedSpec spec;
  std::string state;             // "connecting", "connected", "backoff", "listening", "stopped"
  std::uint64_t connects = 0;    // TCP connections established
  std::uint64_t reconnects = 0;  // TCP: connection attempts after a failure or a disconnect
  // TCP: attempts that failed before a connection: the host did not resolve (an error or no
  // answer within the deadline), or the connection was refused or not made in time.
  std::uint64_t resolve_errors = 0;
  std::uint64_t connect_errors = 0;
  std::uint64_t overlong = 0;  // lines dropped for length
  std::uint64_t bytes = 0;
  std::string last_error;
  std::int64_t last_arrival_us = 0;  // when the last message arrived (the clock's time)
  double messages_per_second = 0;
  FeedCounters counters;
};
nlohmann::json FeedHealthJson(const FeedHealth& health);

class FeedManager {
 public:
  static constexpr std::size_t kMaxLine = 4096;

  FeedManager(store::Store& store, Picture& picture, FeedOptions options = {});
  ~FeedManager();  // stops every feed
  FeedManager(const FeedManager&) = delete;
  FeedManager& operator=(const FeedManager&) = delete;

  // Starts one feed now. kConflict when a feed of that name runs; kInvalidArgument.
  core::Status Start(const FeedSpec& spec);
  // Stops a feed (its Ingestor finishes and flushes). kNotFound.
  core::Status Stop(const std::string& name);
  // Starts every feed the store keeps (the admin API's), logging one that fails to start.
  core::Status StartStored();

  // The admin API: validates, keeps the feed in the store with an audit entry, starts it.
  // kConflict when the name is taken (by a running or config feed).
  core::Status Add(const FeedSpec& spec, const store::AccessScope& actor, core::Timestamp now);
  // Stops and forgets a stored feed. kNotFound; kConflict for a config feed.
  core::Status Remove(const std::string& name, const store::AccessScope& actor,
                      core::Timestamp now);

  std::vector<FeedHealth> Health() const;  // by name
  // Prometheus series istmo_maritime_feed_* (help and type lines included).
  std::string RenderMetrics() const;

  class Feed;

 private:
  store::Store& store_;
  Picture& picture_;
  FeedOptions options_;
  mutable std::mutex mu_;
  std::map<std::string, std::unique_ptr<Feed>> feeds_;
};

}  // namespace istmo::maritime

// api/metrics.h — counters and histograms exposed as Prometheus text at /metrics.
// Thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace istmo::api {

class Metrics {
 public:
  Metrics();
  // One HTTP request: its route pattern (not the raw path, to bound cardinality), method,
  // status and duration.
  void ObserveRequest(const std::string& route, const std::string& method, int status,
                      double seconds);
  void Increment(const std::string& name, const std::string& help);
  // Series a module renders itself (with its # HELP and # TYPE lines), appended to Render's
  // text: gauges and per-label counters that the counters above cannot hold (feed health).
  void AddCollector(std::function<std::string()> render);
  // The Prometheus text exposition format, version 0.0.4.
  std::string Render() const;

 private:
  static constexpr std::array<double, 10> kBuckets = {0.001, 0.0025, 0.005, 0.01, 0.025,
                                                      0.05,  0.1,    0.25,  0.5,  1.0};
  struct Histogram {
    std::array<std::uint64_t, kBuckets.size()> buckets{};
    std::uint64_t count = 0;
    double sum = 0;
  };
  mutable std::mutex mu_;
  double start_unix_seconds_;
  std::map<std::string, std::uint64_t> requests_;  // label set -> count
  std::map<std::string, Histogram> durations_;     // label set -> histogram
  std::map<std::string, std::pair<std::string, std::uint64_t>> counters_;  // name -> help, value
  std::vector<std::function<std::string()>> collectors_;
};

}  // namespace istmo::api

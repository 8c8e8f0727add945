#include "api/metrics.h"

#include <chrono>
#include <cstdio>

namespace istmo::api {

namespace {
std::string Escape(const std::string& v) {
  std::string out;
  for (char c : v) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}
std::string Num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}
}  // namespace

Metrics::Metrics()
    : start_unix_seconds_(std::chrono::duration<double>(
                              std::chrono::system_clock::now().time_since_epoch())
                              .count()) {}

void Metrics::ObserveRequest(const std::string& route, const std::string& method, int status,
                             double seconds) {
  std::string base = "route=\"" + Escape(route) + "\",method=\"" + Escape(method) + "\"";
  std::string with_status = base + ",status=\"" + std::to_string(status) + "\"";
  std::lock_guard<std::mutex> lock(mu_);
  ++requests_[with_status];
  Histogram& h = durations_[base];
  for (std::size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) ++h.buckets[i];
  }
  ++h.count;
  h.sum += seconds;
}

void Metrics::Increment(const std::string& name, const std::string& help) {
  std::lock_guard<std::mutex> lock(mu_);
  auto& c = counters_[name];
  c.first = help;
  ++c.second;
}

void Metrics::AddCollector(std::function<std::string()> render) {
  std::lock_guard<std::mutex> lock(mu_);
  collectors_.push_back(std::move(render));
}

std::string Metrics::Render() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::string out;
  out += "# HELP istmo_start_time_seconds Unix time the server started.\n";
  out += "# TYPE istmo_start_time_seconds gauge\n";
  out += "istmo_start_time_seconds " + Num(start_unix_seconds_) + "\n";
  out += "# HELP istmo_http_requests_total HTTP requests by route, method and status.\n";
  out += "# TYPE istmo_http_requests_total counter\n";
  for (const auto& [labels, n] : requests_) {
    out += "istmo_http_requests_total{" + labels + "} " + std::to_string(n) + "\n";
  }
  out += "# HELP istmo_http_request_duration_seconds Time to answer an HTTP request.\n";
  out += "# TYPE istmo_http_request_duration_seconds histogram\n";
  for (const auto& [labels, h] : durations_) {
    for (std::size_t i = 0; i < kBuckets.size(); ++i) {
      out += "istmo_http_request_duration_seconds_bucket{" + labels + ",le=\"" + Num(kBuckets[i]) +
             "\"} " + std::to_string(h.buckets[i]) + "\n";
    }
    out += "istmo_http_request_duration_seconds_bucket{" + labels + ",le=\"+Inf\"} " +
           std::to_string(h.count) + "\n";
    out += "istmo_http_request_duration_seconds_sum{" + labels + "} " + Num(h.sum) + "\n";
    out += "istmo_http_request_duration_seconds_count{" + labels + "} " + std::to_string(h.count) + "\n";
  }
  for (const auto& [name, c] : counters_) {
    out += "# HELP " + name + " " + c.first + "\n# TYPE " + name + " counter\n";
    out += name + " " + std::to_string(c.second) + "\n";
  }
  // A collector takes its own locks and never calls back into Metrics.
  for (const auto& render : collectors_) out += render();
  return out;
}

}  // namespace istmo::api

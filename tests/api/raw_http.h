// tests/api/raw_http.h — HTTP over a bare socket, for what a well-behaved client never sends:
// half a request head, a bad Content-Length, two requests in one write.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace istmo::api::testing {

using RawClock = std::chrono::steady_clock;

class RawConnection {
 public:
  // Connects to 127.0.0.1:port; ok() tells whether it did.
  explicit RawConnection(int port);
  ~RawConnection();
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  bool ok() const { return fd_ >= 0; }
  bool Send(const std::string& data);
  // Reads until `until` is in what was received, the peer closes, or the deadline passes.
  std::string ReceiveUntil(const std::string& until, RawClock::time_point deadline);
  // True when the peer closed (or reset) the connection before the deadline.
  bool ClosedByPeer(RawClock::time_point deadline);

  struct Answer {
    int status = 0;
    std::map<std::string, std::string> headers;  // names lower-cased
    std::string body;
  };
  // The next complete answer (status line, headers, Content-Length body), or nullopt.
  std::optional<Answer> ReadAnswer(RawClock::time_point deadline);

 private:
  int fd_ = -1;
  std::string pending_;  // received but not yet returned by ReadAnswer
};

// One request on a new connection and its answer (nullopt: none before the deadline).
std::optional<RawConnection::Answer> Exchange(int port, const std::string& request,
                                              RawClock::time_point deadline);

// A GET request head with Host and the given extra header lines ("Name: value\r\n"...).
std::string GetRequest(const std::string& path, const std::string& extra = {});

}  // namespace istmo::api::testing

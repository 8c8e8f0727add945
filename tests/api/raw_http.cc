#include "raw_http.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdint>

namespace istmo::api::testing {

namespace {

int MillisLeft(RawClock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - RawClock::now());
  return static_cast<int>(std::max<std::int64_t>(0, left.count()));
}

}  // namespace

RawConnection::RawConnection(int port) {
  fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd_ < 0) return;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    close(fd_);
    fd_ = -1;
  }
}

RawConnection::~RawConnection() {
  if (fd_ >= 0) close(fd_);
}

bool RawConnection::Send(const std::string& data) {
  std::size_t sent = 0;
  while (sent < data.size()) {
    ssize_t n = send(fd_, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) return false;
    sent += static_cast<std::size_t>(n);
  }
  return true;
}

std::string RawConnection::ReceiveUntil(const std::string& until, RawClock::time_point deadline) {
  std::string got;
  while (got.find(until) == std::string::npos) {
    pollfd p{.fd = fd_, .events = POLLIN, .revents = 0};
    if (poll(&p, 1, MillisLeft(deadline)) <= 0) break;
    char chunk[4096];
    ssize_t n = recv(fd_, chunk, sizeof chunk, 0);
    if (n <= 0) break;
    got.append(chunk, static_cast<std::size_t>(n));
  }
  return got;
}

bool RawConnection::ClosedByPeer(RawClock::time_point deadline) {
  for (;;) {
    pollfd p{.fd = fd_, .events = POLLIN, .revents = 0};
    if (poll(&p, 1, MillisLeft(deadline)) <= 0) return false;
    char chunk[4096];
    ssize_t n = recv(fd_, chunk, sizeof chunk, 0);
    if (n <= 0) return true;
  }
}

std::optional<RawConnection::Answer> RawConnection::ReadAnswer(RawClock::time_point deadline) {
  auto fill = [&]() {
    pollfd p{.fd = fd_, .events = POLLIN, .revents = 0};
    if (poll(&p, 1, MillisLeft(deadline)) <= 0) return false;
    char chunk[4096];
    ssize_t n = recv(fd_, chunk, sizeof chunk, 0);
    if (n <= 0) return false;
    pending_.append(chunk, static_cast<std::size_t>(n));
    return true;
  };
  std::size_t head_end;
  while ((head_end = pending_.find("\r\n\r\n")) == std::string::npos) {
    if (!fill()) return std::nullopt;
  }
  Answer a;
  std::string head = pending_.substr(0, head_end);
  std::size_t line_end = head.find("\r\n");
  std::string status_line = head.substr(0, line_end);
  if (status_line.size() < 12) return std::nullopt;
  a.status = std::atoi(status_line.substr(9, 3).c_str());
  std::size_t pos = line_end == std::string::npos ? head.size() : line_end + 2;
  while (pos < head.size()) {
    std::size_t end = head.find("\r\n", pos);
    if (end == std::string::npos) end = head.size();
    std::string line = head.substr(pos, end - pos);
    std::size_t colon = line.find(':');
    if (colon != std::string::npos) {
      std::string name = line.substr(0, colon);
      std::transform(name.begin(), name.end(), name.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      std::string value = line.substr(colon + 1);
      value.erase(0, value.find_first_not_of(' '));
      a.headers[name] = value;
    }
    pos = end + 2;
  }
  std::size_t length = 0;
  if (auto it = a.headers.find("content-length"); it != a.headers.end()) {
    length = static_cast<std::size_t>(std::stoull(it->second));
  }
  std::size_t body_start = head_end + 4;
  while (pending_.size() < body_start + length) {
    if (!fill()) return std::nullopt;
  }
  a.body = pending_.substr(body_start, length);
  pending_.erase(0, body_start + length);
  return a;
}

std::optional<RawConnection::Answer> Exchange(int port, const std::string& request,
                                              RawClock::time_point deadline) {
  RawConnection c(port);
  if (!c.ok() || !c.Send(request)) return std::nullopt;
  return c.ReadAnswer(deadline);
}

std::string GetRequest(const std::string& path, const std::string& extra) {
  return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extra + "\r\n";
}

}  // namespace istmo::api::testing

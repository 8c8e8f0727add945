// bench_serve — `istmo serve` under load and attack, measured from outside over loopback.
//
//   build/bench/bench_serve                          # the build's own istmo
//   build/bench/bench_serve --istmo /tmp/old/build/istmo --label before
//
// It makes a temp database with `istmo demo --db`, starts `istmo serve --port 0` as a child
// process (its log to /dev/null), and prints one row of figures:
//   healthz_p99_slow   /healthz p99 (a new connection each) while 200 slow clients each dribble
//                      one header line a second, from 200 loopback addresses (goal < 50 ms)
//   keepalive_p50      GET /healthz p50 on one reused connection (goal < 2 ms)
//   list_p99_logins    GET /api/v1/users p99 while 32 clients log in without pause (goal < 100 ms)
//   trends_qps_1       trend queries per second, one client on one connection
//   trends_qps_128     trend queries per second answered 200 by 128 concurrent clients, each from
//                      its own 127.0.2.x address (503s are counted apart)
//   trends_p99_128     p99 time of every answer (200 or 503) to those 128 clients
// A request that gets no answer within --timeout seconds (default 5) counts as that long and is
// counted in the `timeouts` column, so a server that stalls ends the run in bounded time.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

struct Config {
  std::string istmo = ISTMO_BENCH_BINARY_DIR "/istmo";
  std::string label = "after";
  int timeout_seconds = 5;
  int seconds = 5;  // length of each timed phase
};

int g_timeouts = 0;
std::atomic<int> g_atomic_timeouts{0};

int MillisLeft(Clock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  return static_cast<int>(std::max<long long>(0, left.count()));
}

// A blocking loopback connection, optionally from a given 127.x source address.
class Conn {
 public:
  explicit Conn(int port, std::string source = {}) : source_(std::move(source)) { Connect(port); }
  ~Conn() { Close(); }
  Conn(const Conn&) = delete;
  Conn& operator=(const Conn&) = delete;

  void Reconnect(int port) {
    Close();
    buf_.clear();
    Connect(port);
  }
  bool ok() const { return fd_ >= 0; }
  void Close() {
    if (fd_ >= 0) close(fd_);
    fd_ = -1;
  }
  bool Send(const std::string& data) {
    std::size_t sent = 0;
    while (fd_ >= 0 && sent < data.size()) {
      ssize_t n = send(fd_, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) return false;
      sent += static_cast<std::size_t>(n);
    }
    return fd_ >= 0;
  }
  // One answer's status and body (Content-Length framing); 0 on timeout, -1 when the peer
  // closed before a whole answer.
  int Read(Clock::time_point deadline, std::string* body = nullptr) {
    std::size_t head_end;
    while ((head_end = buf_.find("\r\n\r\n")) == std::string::npos) {
      if (int f = Fill(deadline); f <= 0) return f;
    }
    int status = std::atoi(buf_.substr(9, 3).c_str());
    std::size_t length = 0;
    std::string head = buf_.substr(0, head_end);
    for (auto& c : head) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (auto p = head.find("content-length:"); p != std::string::npos) {
      length = std::strtoul(head.c_str() + p + 15, nullptr, 10);
    }
    while (buf_.size() < head_end + 4 + length) {
      if (int f = Fill(deadline); f <= 0) return f;
    }
    if (body != nullptr) *body = buf_.substr(head_end + 4, length);
    buf_.erase(0, head_end + 4 + length);
    return status;
  }

 private:
  void Connect(int port) {
    fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd_ < 0) return;
    int one = 1;
    setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (!source_.empty()) {
      sockaddr_in src{};
      src.sin_family = AF_INET;
      inet_pton(AF_INET, source_.c_str(), &src.sin_addr);
      bind(fd_, reinterpret_cast<sockaddr*>(&src), sizeof src);
    }
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) Close();
  }

  // 1: got bytes; 0: timeout; -1: closed.
  int Fill(Clock::time_point deadline) {
    if (fd_ < 0) return -1;
    pollfd p{.fd = fd_, .events = POLLIN, .revents = 0};
    if (poll(&p, 1, MillisLeft(deadline)) <= 0) return 0;
    char chunk[16384];
    ssize_t n = recv(fd_, chunk, sizeof chunk, 0);
    if (n <= 0) return -1;
    buf_.append(chunk, static_cast<std::size_t>(n));
    return 1;
  }
  std::string source_;  // a 127.x address to connect from, or "" for any
  int fd_ = -1;
  std::string buf_;
};

std::string Get(const std::string& path, const std::string& token = {}) {
  std::string r = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  if (!token.empty()) r += "Authorization: Bearer " + token + "\r\n";
  return r + "\r\n";
}

std::string Post(const std::string& path, const std::string& body) {
  return "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" +
         "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

double Percentile(std::vector<double> ms, double p) {
  if (ms.empty()) return 0;
  std::sort(ms.begin(), ms.end());
  std::size_t i = static_cast<std::size_t>(p * static_cast<double>(ms.size() - 1) + 0.5);
  return ms[std::min(i, ms.size() - 1)];
}

// One request on `c`; its time in ms, or the timeout. A connection the server closed between
// requests (cpp-httplib closes after 5 on one connection) is reopened once, inside the time.
double Timed(Conn& c, int port, const std::string& request, int timeout_seconds, int* status = nullptr) {
  auto start = Clock::now();
  auto deadline = start + std::chrono::seconds(timeout_seconds);
  int s = c.Send(request) ? c.Read(deadline) : -1;
  if (s < 0) {
    c.Reconnect(port);
    s = c.Send(request) ? c.Read(deadline) : -1;
  }
  s = std::max(s, 0);
  if (status != nullptr) *status = s;
  if (s == 0) {
    ++g_atomic_timeouts;
    return timeout_seconds * 1000.0;
  }
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

int Run(const std::vector<std::string>& argv) {
  pid_t pid = fork();
  if (pid == 0) {
    int devnull = open("/dev/null", O_WRONLY);
    dup2(devnull, 1);
    dup2(devnull, 2);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execv(args[0], args.data());
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// `istmo serve` as a child; the port from its "istmo: listening on URL" line.
struct ServeChild {
  pid_t pid = -1;
  int port = 0;

  bool Start(const std::string& istmo, const std::string& db, const std::string& data_dir) {
    int out[2];
    if (pipe(out) != 0) return false;
    pid = fork();
    if (pid == 0) {
      int devnull = open("/dev/null", O_WRONLY);
      dup2(out[1], 1);
      dup2(devnull, 2);
      close(out[0]);
      execl(istmo.c_str(), istmo.c_str(), "serve", "--db", db.c_str(), "--port", "0",
            "--data-dir", data_dir.c_str(), static_cast<char*>(nullptr));
      _exit(127);
    }
    close(out[1]);
    std::string seen;
    auto deadline = Clock::now() + std::chrono::seconds(60);
    const std::string prefix = "listening on http://127.0.0.1:";
    while (Clock::now() < deadline) {
      pollfd p{.fd = out[0], .events = POLLIN, .revents = 0};
      if (poll(&p, 1, MillisLeft(deadline)) <= 0) break;
      char chunk[512];
      ssize_t n = read(out[0], chunk, sizeof chunk);
      if (n <= 0) break;
      seen.append(chunk, static_cast<std::size_t>(n));
      if (auto at = seen.find(prefix); at != std::string::npos && seen.find('\n', at) != std::string::npos) {
        port = std::atoi(seen.c_str() + at + prefix.size());
        break;
      }
    }
    close(out[0]);
    return port > 0;
  }
  ~ServeChild() {
    if (pid > 0) {
      kill(pid, SIGTERM);
      int status = 0;
      waitpid(pid, &status, 0);
    }
  }
};

std::string TokenFrom(const std::string& body) {
  auto at = body.find("\"token\":\"");
  if (at == std::string::npos) return {};
  at += 9;
  return body.substr(at, body.find('"', at) - at);
}

std::string Login(int port, const std::string& user) {
  Conn c(port);
  std::string body;
  c.Send(Post("/api/v1/auth/login",
              "{\"username\":\"" + user + "\",\"password\":\"Istmo-Demo-2024\"}"));
  c.Read(Clock::now() + std::chrono::seconds(30), &body);
  return TokenFrom(body);
}

}  // namespace

int main(int argc, char** argv) {
  Config cfg;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string flag = argv[i];
    if (flag == "--istmo") cfg.istmo = argv[i + 1];
    else if (flag == "--label") cfg.label = argv[i + 1];
    else if (flag == "--timeout") cfg.timeout_seconds = std::atoi(argv[i + 1]);
    else if (flag == "--seconds") cfg.seconds = std::atoi(argv[i + 1]);
    else {
      std::fprintf(stderr, "usage: bench_serve [--istmo PATH] [--label NAME] [--timeout S] [--seconds S]\n");
      return 2;
    }
  }
  signal(SIGPIPE, SIG_IGN);
  auto dir = std::filesystem::temp_directory_path() / ("bench_serve_" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  const std::string db = (dir / "istmo.db").string();
  if (Run({cfg.istmo, "demo", "--db", db}) != 0) {
    std::fprintf(stderr, "bench_serve: `%s demo --db %s` failed\n", cfg.istmo.c_str(), db.c_str());
    return 1;
  }
  int rc = 0;
  {
    ServeChild server;
    if (!server.Start(cfg.istmo, db, dir.string())) {
      std::fprintf(stderr, "bench_serve: `%s serve` did not announce its port\n", cfg.istmo.c_str());
      return 1;
    }
    const int port = server.port;
    const std::string admin = Login(port, "senafront.admin");
    const std::string analyst = Login(port, "snm.analyst");
    if (admin.empty() || analyst.empty()) {
      std::fprintf(stderr, "bench_serve: demo logins failed\n");
      return 1;
    }
    const int t = cfg.timeout_seconds;

    // keep-alive p50
    std::vector<double> keepalive;
    {
      Conn c(port);
      for (int i = 0; i < 300; ++i) keepalive.push_back(Timed(c, port, Get("/healthz"), t));
    }

    // /healthz p99 under 200 slow clients.
    std::vector<double> healthz;
    {
      std::vector<std::unique_ptr<Conn>> slow;
      for (int i = 0; i < 200; ++i) {
        std::string source = "127.0.1." + std::to_string(i + 1);
        slow.push_back(std::make_unique<Conn>(port, source));
        slow.back()->Send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n");
      }
      std::atomic<bool> stop{false};
      std::thread dribble([&] {
        while (!stop) {
          for (auto& s : slow) s->Send("X-Slow: 1\r\n");
          for (int i = 0; i < 10 && !stop; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
      });
      std::this_thread::sleep_for(std::chrono::milliseconds(500));
      auto end = Clock::now() + std::chrono::seconds(cfg.seconds);
      int stalls = 0;
      while (Clock::now() < end && healthz.size() < 200 && stalls < 3) {
        Conn c(port);
        int status = 0;
        healthz.push_back(Timed(c, port, Get("/healthz"), t, &status));
        if (status == 0) ++stalls;
      }
      stop = true;
      dribble.join();
    }

    // list p99 under 32 clients logging in without pause.
    std::vector<double> lists;
    {
      std::atomic<bool> stop{false};
      std::vector<std::thread> loggers;
      for (int i = 0; i < 32; ++i) {
        loggers.emplace_back([&, port] {
          const std::string body = Post("/api/v1/auth/login",
                                        "{\"username\":\"senafront.officer\",\"password\":\"Istmo-Demo-2024\"}");
          Conn c(port);
          while (!stop) {
            if (!c.Send(body) || c.Read(Clock::now() + std::chrono::seconds(t)) <= 0) {
              c.Reconnect(port);
            }
          }
        });
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(500));
      Conn c(port);
      auto end = Clock::now() + std::chrono::seconds(cfg.seconds);
      int stalls = 0;
      while (Clock::now() < end && lists.size() < 200 && stalls < 3) {
        int status = 0;
        lists.push_back(Timed(c, port, Get("/api/v1/users", admin), t, &status));
        if (status == 0) {
          ++stalls;
          c.Reconnect(port);
        }
      }
      stop = true;
      for (auto& l : loggers) l.join();
    }

    // trend queries per second, 1 and 128 clients.
    const std::string trends = Get("/api/v1/migration/trends?from=2022-01&to=2024-12", analyst);
    double qps1 = 0;
    {
      Conn c(port);
      int n = 0;
      auto start = Clock::now();
      auto end = start + std::chrono::seconds(cfg.seconds);
      while (Clock::now() < end) {
        int status = 0;
        Timed(c, port, trends, t, &status);
        if (status != 200) break;
        ++n;
      }
      qps1 = n / std::chrono::duration<double>(Clock::now() - start).count();
    }
    double qps128 = 0;
    std::atomic<int> ok{0}, busy{0}, other{0};
    std::mutex times_mu;
    std::vector<double> times128;  // every answer's time, 200 or 503 (or the timeout)
    {
      std::atomic<bool> stop{false};
      std::vector<std::thread> clients;
      auto start = Clock::now();
      for (int i = 0; i < 128; ++i) {
        // Each client from an address of its own, as 128 officers would be: the server's cap
        // on connections per address is not what is measured here.
        clients.emplace_back([&, port, i] {
          Conn c(port, "127.0.2." + std::to_string(i + 1));
          while (!stop) {
            int status = 0;
            double ms = Timed(c, port, trends, t, &status);
            {
              std::lock_guard lock(times_mu);
              times128.push_back(ms);
            }
            if (status == 200) ++ok;
            else if (status == 503) ++busy;
            else ++other;
            if (status != 200) {
              c.Reconnect(port);
              std::this_thread::sleep_for(std::chrono::milliseconds(50));
            }
          }
        });
      }
      std::this_thread::sleep_for(std::chrono::seconds(cfg.seconds));
      stop = true;
      for (auto& c : clients) c.join();
      qps128 = ok / std::chrono::duration<double>(Clock::now() - start).count();
    }

    g_timeouts = g_atomic_timeouts;
    std::printf("%-8s %18s %14s %16s %12s %15s %15s %8s %8s\n", "label", "healthz_p99_slow",
                "keepalive_p50", "list_p99_logins", "trends_qps_1", "trends_qps_128",
                "trends_p99_128", "503s", "timeouts");
    std::printf("%-8s %15.1f ms %11.2f ms %13.1f ms %12.1f %15.1f %12.1f ms %8d %8d\n",
                cfg.label.c_str(), Percentile(healthz, 0.99), Percentile(keepalive, 0.5),
                Percentile(lists, 0.99), qps1, qps128, Percentile(times128, 0.99), busy.load(),
                g_timeouts);
    std::printf("(samples: healthz %zu, keep-alive %zu, lists %zu; 128-client answers: %d ok, %d "
                "busy, %d none)\n",
                healthz.size(), keepalive.size(), lists.size(), ok.load(), busy.load(), other.load());
  }
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
  return rc;
}

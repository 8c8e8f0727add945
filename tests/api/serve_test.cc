// `istmo serve` as a real child process: it announces its URL, stops cleanly on SIGTERM, keeps
// every acknowledged write through kill -9, and serves HTTPS with a certificate and key.
//
// The binary is $ISTMO_BINARY_DIR/istmo (set by istmo_test). Every wait is bounded by a deadline
// and done with poll(2) on a pipe or a pidfd, never by sleeping; children are killed and reaped
// when a test ends, whatever happened.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <nlohmann/json.hpp>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include "raw_http.h"
#include "testing/http_client.h"
#include "testing/temp_dir.h"

extern char** environ;

namespace istmo::api {
namespace {

using Clock = std::chrono::steady_clock;
using istmo::testing::HttpClient;
using nlohmann::json;

constexpr const char* kDemoAdmin = "senafront.admin";
constexpr const char* kDemoPassword = "Istmo-Demo-2024";
constexpr auto kStartDeadline = std::chrono::seconds(30);
constexpr auto kExitDeadline = std::chrono::seconds(30);

std::string IstmoBinary() {
  const char* dir = std::getenv("ISTMO_BINARY_DIR");
  if (dir != nullptr && *dir != '\0') return std::string(dir) + "/istmo";
  // The build folder this test was configured in, for runs outside ctest.
  return std::string(ISTMO_API_TEST_BINARY_DIR) + "/istmo";
}

int MillisLeft(Clock::time_point deadline) {
  auto left =
      std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
  return left > 0 ? static_cast<int>(left) : 0;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A child process with its stdout on a pipe and its stderr in a file. Killed and reaped on
// destruction if it still runs.
class Child {
 public:
  Child() = default;
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;
  ~Child() { Kill(); }

  // Starts argv[0] with argv; false (with a message in error()) when it cannot be started.
  // stderr goes to `stderr_path`, or to a pipe read by ReadLine(..., kStderr) when it is empty.
  bool Start(const std::vector<std::string>& argv, const std::string& stderr_path) {
    stderr_path_ = stderr_path;
    int fds[2];
    int err_fds[2] = {-1, -1};
    if (pipe2(fds, O_CLOEXEC) != 0) return Failed("pipe2");
    if (stderr_path.empty() && pipe2(err_fds, O_CLOEXEC) != 0) return Failed("pipe2");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
    if (stderr_path.empty()) {
      posix_spawn_file_actions_adddup2(&actions, err_fds[1], STDERR_FILENO);
    } else {
      posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, stderr_path.c_str(),
                                       O_WRONLY | O_CREAT | O_TRUNC, 0644);
    }
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    int rc = posix_spawn(&pid_, args[0], &actions, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    close(fds[1]);
    out_ = fds[0];
    if (err_fds[1] >= 0) close(err_fds[1]);
    err_ = err_fds[0];
    if (rc != 0) {
      pid_ = -1;
      errno = rc;
      return Failed("posix_spawn " + argv[0]);
    }
    // pidfd_open(2) through syscall(2): glibc 2.36 declares it without C linkage in C++.
    pidfd_ = static_cast<int>(syscall(SYS_pidfd_open, pid_, 0));
    if (pidfd_ < 0) return Failed("pidfd_open");
    return true;
  }

  enum Stream { kStdout, kStderr };

  // The next line of the child's stdout (or piped stderr), or nullopt at end of file or past
  // the deadline.
  std::optional<std::string> ReadLine(Clock::time_point deadline, Stream stream = kStdout) {
    int fd = stream == kStdout ? out_ : err_;
    std::string& buffer = stream == kStdout ? buffer_ : err_buffer_;
    while (true) {
      std::size_t nl = buffer.find('\n');
      if (nl != std::string::npos) {
        std::string line = buffer.substr(0, nl);
        buffer.erase(0, nl + 1);
        if (stream == kStderr) err_seen_ += line + "\n";
        return line;
      }
      if (fd < 0) return std::nullopt;
      pollfd p{.fd = fd, .events = POLLIN, .revents = 0};
      int ready = poll(&p, 1, MillisLeft(deadline));
      if (ready <= 0) return std::nullopt;
      char chunk[512];
      ssize_t n = read(fd, chunk, sizeof chunk);
      if (n <= 0) return std::nullopt;
      buffer.append(chunk, static_cast<std::size_t>(n));
    }
  }

  // Waits for the child to end; its wait status, or nullopt past the deadline.
  std::optional<int> Wait(Clock::time_point deadline) {
    if (pid_ <= 0) return exit_status_;
    pollfd p{.fd = pidfd_, .events = POLLIN, .revents = 0};
    if (poll(&p, 1, MillisLeft(deadline)) <= 0) return std::nullopt;
    int status = 0;
    if (waitpid(pid_, &status, 0) != pid_) return std::nullopt;
    Reaped(status);
    return status;
  }

  bool Signal(int sig) { return pid_ > 0 && kill(pid_, sig) == 0; }

  // SIGKILL and reap, if still running.
  void Kill() {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      int status = 0;
      waitpid(pid_, &status, 0);
      Reaped(status);
    }
    if (out_ >= 0) close(out_);
    out_ = -1;
    if (err_ >= 0) close(err_);
    err_ = -1;
  }

  std::string Stderr() const { return stderr_path_.empty() ? err_seen_ : ReadFile(stderr_path_); }
  const std::string& error() const { return error_; }

 private:
  bool Failed(const std::string& what) {
    error_ = what + ": " + std::strerror(errno);
    return false;
  }
  void Reaped(int status) {
    exit_status_ = status;
    pid_ = -1;
    if (pidfd_ >= 0) close(pidfd_);
    pidfd_ = -1;
  }

  pid_t pid_ = -1;
  int pidfd_ = -1;
  int out_ = -1;
  int err_ = -1;
  std::string buffer_;
  std::string err_buffer_;
  std::string err_seen_;
  std::string stderr_path_;
  std::string error_;
  std::optional<int> exit_status_;
};

std::string Describe(std::optional<int> status) {
  if (!status) return "still running past the deadline";
  if (WIFEXITED(*status)) return "exit " + std::to_string(WEXITSTATUS(*status));
  if (WIFSIGNALED(*status)) return "signal " + std::to_string(WTERMSIG(*status));
  return "status " + std::to_string(*status);
}

class ServeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    binary_ = IstmoBinary();
    ASSERT_FALSE(binary_.empty()) << "ISTMO_BINARY_DIR is not set; run the test through ctest";
    ASSERT_EQ(access(binary_.c_str(), X_OK), 0) << binary_ << " is not an executable";
    db_ = dir_.File("istmo.db");
    ASSERT_EQ(Run({binary_, "demo", "--db", db_}), 0);
  }

  // Runs a command to its end (bounded); its exit code, or -1.
  int Run(const std::vector<std::string>& argv) {
    Child child;
    std::string err = dir_.File("run-" + std::to_string(++runs_) + ".stderr");
    if (!child.Start(argv, err)) {
      ADD_FAILURE() << child.error();
      return -1;
    }
    auto status = child.Wait(Clock::now() + kExitDeadline);
    if (!status || !WIFEXITED(*status)) {
      ADD_FAILURE() << argv[1] << ": " << Describe(status) << "\n" << child.Stderr();
      return -1;
    }
    if (WEXITSTATUS(*status) != 0) ADD_FAILURE() << argv[1] << " failed:\n" << child.Stderr();
    return WEXITSTATUS(*status);
  }

  // Starts `istmo serve` and returns the port from its "istmo: listening on URL" line (0 on
  // failure, with a test failure).
  int Serve(Child& child, const std::vector<std::string>& extra = {},
            const std::string& scheme = "http", bool pipe_stderr = false) {
    std::vector<std::string> argv = {binary_,  "serve", "--db",       db_,
                                     "--port", "0",     "--data-dir", dir_.path().string()};
    argv.insert(argv.end(), extra.begin(), extra.end());
    std::string err =
        pipe_stderr ? std::string() : dir_.File("serve-" + std::to_string(++runs_) + ".stderr");
    if (!child.Start(argv, err)) {
      ADD_FAILURE() << child.error();
      return 0;
    }
    auto line = child.ReadLine(Clock::now() + kStartDeadline);
    if (!line) {
      ADD_FAILURE() << "no 'listening' line from istmo serve:\n" << child.Stderr();
      return 0;
    }
    std::string prefix = "istmo: listening on " + scheme + "://127.0.0.1:";
    if (line->rfind(prefix, 0) != 0) {
      ADD_FAILURE() << "unexpected first line: " << *line << "\n" << child.Stderr();
      return 0;
    }
    int port = std::atoi(line->c_str() + prefix.size());
    if (port <= 0 || port > 65535) ADD_FAILURE() << "bad port in: " << *line;
    return port;
  }

  static std::string Login(HttpClient& client) {
    json body = {{"username", kDemoAdmin}, {"password", kDemoPassword}};
    auto res = client.Post("/api/v1/auth/login", body.dump());
    if (res.status != 200) {
      ADD_FAILURE() << "login: " << res.Describe();
      return {};
    }
    return json::parse(res.body).value("token", "");
  }

  istmo::testing::TempDir dir_;
  std::string binary_;
  std::string db_;
  int runs_ = 0;
};

TEST_F(ServeTest, AnnouncesItsUrlAndExitsZeroOnSigterm) {
  Child server;
  int port = Serve(server);
  ASSERT_GT(port, 0);
  HttpClient client("127.0.0.1", port);
  auto health = client.Get("/healthz");
  ASSERT_TRUE(health) << health.Describe();
  EXPECT_EQ(health.status, 200);
  EXPECT_EQ(json::parse(health.body).value("status", ""), "ok");
  // A logged-in session is served before the stop signal.
  std::string token = Login(client);
  ASSERT_FALSE(token.empty());

  ASSERT_TRUE(server.Signal(SIGTERM));
  auto status = server.Wait(Clock::now() + kExitDeadline);
  ASSERT_TRUE(status && WIFEXITED(*status) && WEXITSTATUS(*status) == 0) << Describe(status) << "\n"
                                                                         << server.Stderr();
  EXPECT_NE(server.Stderr().find("stopped"), std::string::npos) << server.Stderr();
  // The login it served is in an intact audit chain.
  EXPECT_EQ(Run({binary_, "audit", "verify", "--db", db_}), 0);
}

// A request that is running when SIGTERM arrives is finished before the server exits. The
// request is held open deterministically: its headers ask for "100 Continue", so once that
// interim answer arrives the server is inside the request, waiting for the body; the body is
// sent only after the server has logged that it is stopping.
TEST_F(ServeTest, SigtermFinishesTheRequestInFlight) {
  Child server;
  int port = Serve(server, {}, "http", /*pipe_stderr=*/true);
  ASSERT_GT(port, 0);

  testing::RawConnection conn(port);
  ASSERT_TRUE(conn.ok()) << std::strerror(errno);

  const std::string body = json{{"username", kDemoAdmin}, {"password", kDemoPassword}}.dump();
  ASSERT_TRUE(conn.Send(
      "POST /api/v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\n"
      "Content-Type: application/json\r\nContent-Length: " +
      std::to_string(body.size()) + "\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n"));
  std::string interim = conn.ReceiveUntil("\r\n\r\n", Clock::now() + kStartDeadline);
  ASSERT_EQ(interim.rfind("HTTP/1.1 100", 0), 0u) << interim;

  ASSERT_TRUE(server.Signal(SIGTERM));
  bool stopping = false;
  auto deadline = Clock::now() + kExitDeadline;
  while (!stopping) {
    auto line = server.ReadLine(deadline, Child::kStderr);
    if (!line) break;
    stopping = line->find("stopping") != std::string::npos;
  }
  ASSERT_TRUE(stopping) << "no 'stopping' log line after SIGTERM:\n" << server.Stderr();

  ASSERT_TRUE(conn.Send(body));
  std::string reply = conn.ReceiveUntil("\"token\"", Clock::now() + kExitDeadline);
  EXPECT_EQ(reply.rfind("HTTP/1.1 200", 0), 0u) << reply.substr(0, 300);
  EXPECT_NE(reply.find("\"token\":\"ist_"), std::string::npos) << reply.substr(0, 300);

  auto status = server.Wait(Clock::now() + kExitDeadline);
  EXPECT_TRUE(status && WIFEXITED(*status) && WEXITSTATUS(*status) == 0) << Describe(status) << "\n"
                                                                         << server.Stderr();
}

TEST_F(ServeTest, AcknowledgedUsersSurviveKill9) {
  constexpr int kAcked = 12;
  std::set<std::string> acknowledged;
  {
    Child server;
    int port = Serve(server);
    ASSERT_GT(port, 0);
    HttpClient login_client("127.0.0.1", port);
    std::string token = Login(login_client);
    ASSERT_FALSE(token.empty());

    // A writer creates users one after another; the test kills the server under it once enough
    // creations were acknowledged, so the kill can land in the middle of a write.
    std::mutex mu;
    std::condition_variable cv;
    std::vector<std::string> acked;
    std::string writer_error;
    std::thread writer([&] {
      HttpClient client("127.0.0.1", port);
      for (int i = 0; i < 1000; ++i) {
        std::string username = "crash.user" + std::to_string(i);
        json body = {{"username", username},
                     {"display_name", "Crash " + std::to_string(i)},
                     {"password", "a long password 1"},
                     {"roles", {"officer"}}};
        auto res = client.Post("/api/v1/users", body.dump(), {{"Authorization", "Bearer " + token}});
        std::lock_guard<std::mutex> lock(mu);
        if (!res) break;  // the server is gone
        if (res.status != 201) {
          writer_error = username + ": " + res.Describe();
          break;
        }
        acked.push_back(username);
        cv.notify_all();
      }
      cv.notify_all();
    });
    {
      std::unique_lock<std::mutex> lock(mu);
      cv.wait_until(lock, Clock::now() + std::chrono::seconds(120),
                    [&] { return acked.size() >= kAcked || !writer_error.empty(); });
    }
    // Kill before any assertion: the writer thread must be joined on every path.
    bool killed = server.Signal(SIGKILL);
    auto status = server.Wait(Clock::now() + kExitDeadline);
    if (!status) server.Kill();
    writer.join();
    ASSERT_TRUE(killed);
    ASSERT_TRUE(writer_error.empty()) << writer_error;
    ASSERT_TRUE(status && WIFSIGNALED(*status) && WTERMSIG(*status) == SIGKILL) << Describe(status);
    acknowledged.insert(acked.begin(), acked.end());
    ASSERT_GE(acknowledged.size(), static_cast<std::size_t>(kAcked));
  }

  Child server;
  int port = Serve(server);
  ASSERT_GT(port, 0);
  HttpClient client("127.0.0.1", port);
  std::string token = Login(client);
  ASSERT_FALSE(token.empty());
  auto res = client.Get("/api/v1/users", {{"Authorization", "Bearer " + token}});
  ASSERT_EQ(res.status, 200) << res.Describe();
  std::set<std::string> present;
  const json listed = json::parse(res.body);
  for (const auto& u : listed["items"]) present.insert(u.value("username", ""));
  for (const auto& username : acknowledged) {
    EXPECT_TRUE(present.count(username)) << "acknowledged user " << username << " was lost; "
                                         << "the server lists: " << res.body.substr(0, 2000);
  }
  // A user created just before the kill can log in.
  json login = {{"username", *acknowledged.begin()}, {"password", "a long password 1"}};
  auto user_login = client.Post("/api/v1/auth/login", login.dump());
  ASSERT_TRUE(user_login) << user_login.Describe();
  EXPECT_EQ(user_login.status, 200) << user_login.body;

  ASSERT_TRUE(server.Signal(SIGTERM));
  auto status = server.Wait(Clock::now() + kExitDeadline);
  ASSERT_TRUE(status && WIFEXITED(*status) && WEXITSTATUS(*status) == 0) << Describe(status);
  // The audit chain is intact after the crash.
  EXPECT_EQ(Run({binary_, "audit", "verify", "--db", db_}), 0);
}

TEST_F(ServeTest, ServesHttpsWithACertificateAndKey) {
  std::string cert = dir_.File("cert.pem");
  std::string key = dir_.File("key.pem");
  ASSERT_EQ(Run({"/usr/bin/openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout",
                 key, "-out", cert, "-days", "2", "-subj", "/CN=127.0.0.1", "-addext",
                 "subjectAltName=IP:127.0.0.1"}),
            0);
  Child server;
  int port = Serve(server, {"--tls-cert", cert, "--tls-key", key}, "https");
  ASSERT_GT(port, 0);
  HttpClient client("127.0.0.1", port, {.tls = true});
  auto res = client.Get("/healthz");
  ASSERT_TRUE(res) << res.Describe();
  EXPECT_EQ(res.status, 200);
  EXPECT_EQ(json::parse(res.body).value("status", ""), "ok");
  EXPECT_EQ(res.Header("Strict-Transport-Security"), "max-age=31536000");
  // Verifying against the self-signed certificate itself works too.
  HttpClient verified("127.0.0.1", port, {.tls = true, .ca_file = cert});
  auto checked = verified.Get("/healthz");
  ASSERT_TRUE(checked) << checked.Describe();
  EXPECT_EQ(checked.status, 200);
  // Plain HTTP to the TLS port gets no answer.
  HttpClient plain("127.0.0.1", port, {.read_timeout_seconds = 5});
  auto refused = plain.Get("/healthz");
  EXPECT_NE(refused.status, 200);

  ASSERT_TRUE(server.Signal(SIGTERM));
  auto status = server.Wait(Clock::now() + kExitDeadline);
  EXPECT_TRUE(status && WIFEXITED(*status) && WEXITSTATUS(*status) == 0) << Describe(status);
}

// The maritime settings of the config file: a feed started with the server (and listed with
// its health), and track points past maritime.track_retention_days purged at start.
TEST_F(ServeTest, StartsTheConfiguredFeedsAndPurgesOldTrackPoints) {
  const auto log = istmo::testing::SharedData() / "ais/noaadata/test.ais";  // July 2006
  if (!std::filesystem::exists(log)) GTEST_SKIP() << "no ../shared/data/ais";
  ASSERT_EQ(Run({binary_, "maritime", "ingest", log.string(), "--db", db_}), 0);
  int probe = socket(AF_INET, SOCK_DGRAM, 0);
  sockaddr_in at{};
  at.sin_family = AF_INET;
  at.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof at;
  ASSERT_EQ(bind(probe, reinterpret_cast<sockaddr*>(&at), sizeof at), 0);
  ASSERT_EQ(getsockname(probe, reinterpret_cast<sockaddr*>(&at), &len), 0);
  close(probe);
  const std::string conf = dir_.File("istmo.conf");
  std::ofstream(conf) << "[maritime]\ntrack_retention_days = 1\n[maritime.feeds.harbour]\n"
                         "kind = udp\nhost = 127.0.0.1\nport = " << ntohs(at.sin_port) << "\n";
  Child server;
  int port = Serve(server, {"--config", conf});
  ASSERT_GT(port, 0);
  HttpClient client("127.0.0.1", port);
  const std::string token = Login(client);
  auto res = client.Get("/api/v1/maritime/feeds", {{"Authorization", "Bearer " + token}});
  ASSERT_EQ(res.status, 200) << res.Describe();
  json feeds = json::parse(res.body);
  ASSERT_EQ(feeds["count"], 1) << res.body;
  EXPECT_EQ(feeds["items"][0]["name"], "harbour");
  EXPECT_EQ(feeds["items"][0]["origin"], "config");
  EXPECT_EQ(feeds["items"][0]["state"], "listening");
  ASSERT_TRUE(server.Signal(SIGTERM));
  auto status = server.Wait(Clock::now() + kExitDeadline);
  ASSERT_TRUE(status && WIFEXITED(*status) && WEXITSTATUS(*status) == 0) << server.Stderr();
  EXPECT_NE(server.Stderr().find("track_points_purged"), std::string::npos) << server.Stderr();
}

TEST_F(ServeTest, ATakenPortExitsUnavailable) {
  Child first;
  int port = Serve(first);
  ASSERT_GT(port, 0);
  Child second;
  ASSERT_TRUE(second.Start({binary_, "serve", "--db", db_, "--port", std::to_string(port),
                            "--data-dir", dir_.path().string()},
                           dir_.File("taken.stderr")));
  auto status = second.Wait(Clock::now() + kExitDeadline);
  ASSERT_TRUE(status && WIFEXITED(*status)) << Describe(status) << "\n" << second.Stderr();
  EXPECT_EQ(WEXITSTATUS(*status), 69) << second.Stderr();  // EX_UNAVAILABLE
  EXPECT_NE(second.Stderr().find(std::to_string(port)), std::string::npos) << second.Stderr();
  // The first server is untouched.
  HttpClient client("127.0.0.1", port);
  auto health = client.Get("/healthz");
  ASSERT_TRUE(health) << health.Describe();
  EXPECT_EQ(health.status, 200);
}

TEST_F(ServeTest, RefusesAMismatchedKey) {
  std::string cert = dir_.File("cert.pem");
  std::string key = dir_.File("key.pem");
  ASSERT_EQ(Run({"/usr/bin/openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout",
                 key, "-out", cert, "-days", "2", "-subj", "/CN=127.0.0.1"}),
            0);
  std::ofstream(dir_.File("garbage.pem")) << "not a key\n";
  Child server;
  ASSERT_TRUE(server.Start({binary_, "serve", "--db", db_, "--port", "0", "--tls-cert", cert,
                            "--tls-key", dir_.File("garbage.pem")},
                           dir_.File("bad-tls.stderr")));
  auto status = server.Wait(Clock::now() + kExitDeadline);
  ASSERT_TRUE(status && WIFEXITED(*status)) << Describe(status);
  EXPECT_NE(WEXITSTATUS(*status), 0);
  EXPECT_NE(server.Stderr().find("tls"), std::string::npos) << server.Stderr();
}

}  // namespace
}  // namespace istmo::api

// tests/testing/http_client.h — an HTTP/1.1 client for tests, over 127.0.0.1.
//
// It wraps cpp-httplib in one translation unit (http_client.cc), so that the large header is
// parsed once for the whole test suite instead of in every test file. One client per thread;
// a client keeps its connection alive between requests.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>

namespace istmo::testing {

// Header names compare case-insensitively, as HTTP says.
struct CaseInsensitiveLess {
  bool operator()(std::string_view a, std::string_view b) const;
};
using HttpHeaders = std::multimap<std::string, std::string, CaseInsensitiveLess>;

struct HttpReply {
  int status = 0;     // 0: no answer; `error` says why
  std::string error;  // the client's reason when status is 0
  std::string body;
  std::string content_type;
  HttpHeaders headers;

  explicit operator bool() const { return status != 0; }
  // The first value of the header, or "".
  std::string Header(const std::string& name) const;
  // "409 {"error":...}" (or the client's error), shortened, for failure messages.
  std::string Describe() const;
};

struct HttpClientOptions {
  bool tls = false;
  // With tls: verify the server's certificate against this PEM file ("" = no verification).
  std::string ca_file;
  int connect_timeout_seconds = 10;
  int read_timeout_seconds = 30;
};

class HttpClient {
 public:
  HttpClient(const std::string& host, int port, const HttpClientOptions& options = {});
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // GET, POST, PATCH, PUT or DELETE; the body is sent with `content_type` (not for GET).
  HttpReply Send(std::string_view method, const std::string& path,
                 const HttpHeaders& headers = {}, const std::string& body = {},
                 const std::string& content_type = "application/json");
  HttpReply Get(const std::string& path, const HttpHeaders& headers = {}) {
    return Send("GET", path, headers);
  }
  HttpReply Post(const std::string& path, const std::string& body,
                 const HttpHeaders& headers = {},
                 const std::string& content_type = "application/json") {
    return Send("POST", path, headers, body, content_type);
  }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace istmo::testing

#include "testing/http_client.h"

#include <httplib.h>
#include <strings.h>

namespace istmo::testing {

bool CaseInsensitiveLess::operator()(std::string_view a, std::string_view b) const {
  const std::size_t n = std::min(a.size(), b.size());
  int c = ::strncasecmp(a.data(), b.data(), n);
  return c != 0 ? c < 0 : a.size() < b.size();
}

std::string HttpReply::Header(const std::string& name) const {
  auto it = headers.find(name);
  return it == headers.end() ? std::string() : it->second;
}

std::string HttpReply::Describe() const {
  if (status == 0) return "no answer: " + error;
  return std::to_string(status) + " " + body.substr(0, 400);
}

struct HttpClient::Impl {
  std::unique_ptr<httplib::ClientImpl> client;
};

HttpClient::HttpClient(const std::string& host, int port, const HttpClientOptions& options)
    : impl_(std::make_unique<Impl>()) {
  if (options.tls) {
    auto ssl = std::make_unique<httplib::SSLClient>(host, port);
    if (options.ca_file.empty()) {
      ssl->enable_server_certificate_verification(false);
    } else {
      ssl->set_ca_cert_path(options.ca_file.c_str());
      ssl->enable_server_certificate_verification(true);
    }
    impl_->client = std::move(ssl);
  } else {
    impl_->client = std::make_unique<httplib::ClientImpl>(host, port);
  }
  impl_->client->set_connection_timeout(options.connect_timeout_seconds, 0);
  impl_->client->set_read_timeout(options.read_timeout_seconds, 0);
  impl_->client->set_keep_alive(true);
}

HttpClient::~HttpClient() = default;

HttpReply HttpClient::Send(std::string_view method, const std::string& path,
                           const HttpHeaders& headers, const std::string& body,
                           const std::string& content_type) {
  httplib::Headers h;
  for (const auto& [k, v] : headers) h.emplace(k, v);
  httplib::ClientImpl& c = *impl_->client;
  httplib::Result res(nullptr, httplib::Error::Unknown);
  if (method == "GET") {
    res = c.Get(path, h);
  } else if (method == "POST") {
    res = c.Post(path, h, body, content_type);
  } else if (method == "PATCH") {
    res = c.Patch(path, h, body, content_type);
  } else if (method == "PUT") {
    res = c.Put(path, h, body, content_type);
  } else if (method == "DELETE") {
    res = c.Delete(path, h, body, content_type);
  } else {
    HttpReply out;
    out.error = "unsupported method " + std::string(method);
    return out;
  }
  HttpReply out;
  if (!res) {
    out.error = httplib::to_string(res.error());
    return out;
  }
  out.status = res->status;
  out.body = res->body;
  out.content_type = res->get_header_value("Content-Type");
  for (const auto& [k, v] : res->headers) out.headers.emplace(k, v);
  return out;
}

}  // namespace istmo::testing

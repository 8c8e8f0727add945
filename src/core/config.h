// core/config.h — settings from a file, the environment and command-line flags.
//
// A setting is a dotted key ("server.port") with a text value. Sources are layered; a later
// one wins: built-in defaults < config file < environment (ISTMO_SERVER_PORT for server.port)
// < flags. The file format is INI-like:
//
//   # comment
//   db = var/istmo.db
//   [server]
//   port = 8080          # becomes server.port
//
// Values may be quoted with "..." to keep '#' or leading spaces. Not thread-safe for writes;
// a loaded Config is read-only in practice.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace istmo::core {

class Config {
 public:
  // Parses config text. Errors name the line: kInvalidArgument "line 4: expected key = value".
  static Result<Config> Parse(std::string_view text);
  // Reads and parses a file; kNotFound when it does not exist.
  static Result<Config> Load(const std::string& path);

  // Adds every ISTMO_* environment variable: ISTMO_SERVER_PORT -> server.port. A single
  // underscore becomes a dot after the first word; use ISTMO_SERVER__TLS_CERT for server.tls_cert
  // (double underscore keeps one underscore).
  void MergeEnvironment(char** envp);
  // Sets or replaces one key.
  void Set(std::string key, std::string value);
  // Copies every key of `other` over this one.
  void Merge(const Config& other);

  bool Has(std::string_view key) const;
  std::optional<std::string> Get(std::string_view key) const;
  std::string GetString(std::string_view key, std::string_view fallback) const;
  // kInvalidArgument naming the key when the value is not an integer in [min, max].
  Result<std::int64_t> GetInt(std::string_view key, std::int64_t fallback,
                              std::int64_t min = INT64_MIN, std::int64_t max = INT64_MAX) const;
  // true/false, yes/no, on/off, 1/0.
  Result<bool> GetBool(std::string_view key, bool fallback) const;

  const std::map<std::string, std::string, std::less<>>& values() const { return values_; }

 private:
  std::map<std::string, std::string, std::less<>> values_;
};

}  // namespace istmo::core

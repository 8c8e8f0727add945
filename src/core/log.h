// core/log.h — structured logging (spdlog underneath, kept out of this header).
//
// A record is a level, a message and key/value fields. Text form:
//   2024-08-20T14:03:00.123Z info http_request method=GET path=/healthz status=200
// JSON-lines form (Options::json):
//   {"ts":"2024-08-20T14:03:00.123Z","level":"info","msg":"http_request","method":"GET",...}
// Output goes to stderr, or to Options::file. Thread-safe after Init().
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>

#include "core/result.h"

namespace istmo::core::log {

enum class Level { kDebug, kInfo, kWarn, kError, kOff };

struct Options {
  Level level = Level::kInfo;  // records below this level are dropped
  bool json = false;           // JSON lines instead of text
  std::string file;            // empty: stderr
};

// "debug", "info", "warn", "error", "off".
Result<Level> ParseLevel(std::string_view text);

// Replaces the process's logger. Fails (kInvalidArgument) when the file cannot be opened.
Status Init(const Options& options);

struct Field {
  std::string_view key;
  std::string value;
};

bool Enabled(Level level);
void Write(Level level, std::string_view message, std::initializer_list<Field> fields = {});

inline void Debug(std::string_view m, std::initializer_list<Field> f = {}) { Write(Level::kDebug, m, f); }
inline void Info(std::string_view m, std::initializer_list<Field> f = {}) { Write(Level::kInfo, m, f); }
inline void Warn(std::string_view m, std::initializer_list<Field> f = {}) { Write(Level::kWarn, m, f); }
inline void Error(std::string_view m, std::initializer_list<Field> f = {}) { Write(Level::kError, m, f); }

// Formats a record as the logger would, without writing it (used by tests).
std::string Format(bool json, Level level, std::string_view timestamp, std::string_view message,
                   std::initializer_list<Field> fields);

}  // namespace istmo::core::log

#include "core/log.h"

#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>

#include "core/time.h"

namespace istmo::core::log {

namespace {

struct State {
  std::mutex mu;
  std::shared_ptr<spdlog::logger> logger;
  std::atomic<int> level{static_cast<int>(Level::kInfo)};
  std::atomic<bool> json{false};
};

State& GetState() {
  static State* state = [] {
    auto* s = new State();
    s->logger = std::make_shared<spdlog::logger>(
        "istmo", std::make_shared<spdlog::sinks::stderr_sink_mt>());
    s->logger->set_pattern("%v");
    s->logger->set_level(spdlog::level::trace);
    return s;
  }();
  return *state;
}

std::string_view LevelName(Level level) {
  switch (level) {
    case Level::kDebug: return "debug";
    case Level::kInfo: return "info";
    case Level::kWarn: return "warn";
    case Level::kError: return "error";
    case Level::kOff: return "off";
  }
  return "info";
}

bool NeedsQuotes(std::string_view v) {
  if (v.empty()) return true;
  for (char c : v) {
    if (c == ' ' || c == '"' || c == '=' || static_cast<unsigned char>(c) < 0x20) return true;
  }
  return false;
}

}  // namespace

Result<Level> ParseLevel(std::string_view text) {
  if (text == "debug") return Level::kDebug;
  if (text == "info") return Level::kInfo;
  if (text == "warn" || text == "warning") return Level::kWarn;
  if (text == "error") return Level::kError;
  if (text == "off") return Level::kOff;
  return InvalidArgument("log level must be debug, info, warn, error or off, not '" +
                             std::string(text.substr(0, 20)) + "'",
                         "log.level");
}

Status Init(const Options& options) {
  State& s = GetState();
  std::shared_ptr<spdlog::logger> logger;
  if (options.file.empty()) {
    logger = std::make_shared<spdlog::logger>("istmo",
                                              std::make_shared<spdlog::sinks::stderr_sink_mt>());
  } else {
    try {
      logger = std::make_shared<spdlog::logger>(
          "istmo", std::make_shared<spdlog::sinks::basic_file_sink_mt>(options.file));
    } catch (const spdlog::spdlog_ex& e) {
      return InvalidArgument(std::string("cannot open log file: ") + e.what(), "log.file");
    }
  }
  logger->set_pattern("%v");
  logger->set_level(spdlog::level::trace);
  logger->flush_on(spdlog::level::warn);
  std::lock_guard<std::mutex> lock(s.mu);
  s.logger = std::move(logger);
  s.level = static_cast<int>(options.level);
  s.json = options.json;
  return Ok();
}

bool Enabled(Level level) {
  return level != Level::kOff && static_cast<int>(level) >= GetState().level.load();
}

std::string Format(bool json, Level level, std::string_view timestamp, std::string_view message,
                   std::initializer_list<Field> fields) {
  if (json) {
    nlohmann::ordered_json j;
    j["ts"] = timestamp;
    j["level"] = LevelName(level);
    j["msg"] = message;
    for (const auto& f : fields) j[std::string(f.key)] = f.value;
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  }
  std::string out;
  out.reserve(64 + message.size());
  out.append(timestamp).append(" ").append(LevelName(level)).append(" ").append(message);
  for (const auto& f : fields) {
    out.append(" ").append(f.key).append("=");
    if (NeedsQuotes(f.value)) {
      out += nlohmann::json(f.value).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    } else {
      out += f.value;
    }
  }
  return out;
}

void Write(Level level, std::string_view message, std::initializer_list<Field> fields) {
  if (!Enabled(level)) return;
  State& s = GetState();
  std::string line = Format(s.json.load(), level, FormatIso8601(SystemClock::Get().Now()),
                            message, fields);
  std::shared_ptr<spdlog::logger> logger;
  {
    std::lock_guard<std::mutex> lock(s.mu);
    logger = s.logger;
  }
  logger->log(level >= Level::kError ? spdlog::level::err : spdlog::level::info, "{}", line);
}

}  // namespace istmo::core::log

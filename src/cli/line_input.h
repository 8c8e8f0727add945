// cli/line_input.h — reading a log or a feed line by line, from a file or standard input ("-"),
// for the commands that take NMEA (`istmo ais`, `istmo maritime ingest`).
#pragma once

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace istmo::cli {

struct FileCloser {
  void operator()(std::FILE* f) const {
    if (f != nullptr && f != stdin) std::fclose(f);
  }
};
using File = std::unique_ptr<std::FILE, FileCloser>;

inline core::Result<File> OpenInput(const std::string& path) {
  if (path.empty() || path == "-") return File(stdin);
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) {
    return core::NotFound("cannot open " + path + ": " + std::strerror(errno), "FILE");
  }
  return File(f);
}

// Reads in blocks and hands whole lines to line(); the last line may lack its '\n'.
template <class LineFn>
core::Status ForEachLine(std::FILE* in, const std::string& name, LineFn&& line) {
  std::vector<char> buf(1 << 20);
  std::size_t kept = 0;
  while (true) {
    const std::size_t n = std::fread(buf.data() + kept, 1, buf.size() - kept, in);
    const std::size_t size = kept + n;
    std::string_view chunk(buf.data(), size);
    std::size_t pos = 0;
    while (true) {
      const std::size_t end = chunk.find('\n', pos);
      if (end == std::string_view::npos) break;
      line(chunk.substr(pos, end - pos));
      pos = end + 1;
    }
    kept = size - pos;
    if (n == 0) {
      if (kept > 0) line(chunk.substr(pos));
      break;
    }
    if (kept == buf.size()) {  // one line longer than the buffer: not NMEA, skip it
      line(chunk.substr(0, 0));
      kept = 0;
      continue;
    }
    std::memmove(buf.data(), buf.data() + pos, kept);
  }
  if (std::ferror(in)) return core::DataLoss("read error on " + name);
  return {};
}

}  // namespace istmo::cli

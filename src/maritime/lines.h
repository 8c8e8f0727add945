// maritime/lines.h — a feed's byte stream cut into lines, whatever the chunks it arrives in.
//
// A TCP read ends anywhere, mid-line included: the partial line waits for the next chunk. A
// line longer than max_line (a receiver gone mad, or not NMEA at all) is dropped whole, up to
// its line end, and counted; memory stays bounded by max_line. A datagram is complete: End()
// hands over its last line without a line end. Lines are given without '\n' ('\r' is left to
// the decoder, which takes both). Fuzzed by fuzz/maritime_lines_fuzz.cc.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace istmo::maritime {

class LineSplitter {
 public:
  explicit LineSplitter(std::size_t max_line) : max_line_(max_line) {}

  // Calls on_line(std::string_view) for every line `data` completes.
  template <class OnLine>
  void Add(std::string_view data, OnLine&& on_line) {
    while (!data.empty()) {
      const std::size_t end = data.find('\n');
      const std::string_view piece = data.substr(0, end);
      if (!skipping_) {
        if (partial_.size() + piece.size() > max_line_) {
          ++overlong_;
          partial_.clear();
          skipping_ = true;
        } else {
          partial_.append(piece);
        }
      }
      if (end == std::string_view::npos) return;
      if (!skipping_) on_line(std::string_view(partial_));
      partial_.clear();
      skipping_ = false;
      data.remove_prefix(end + 1);
    }
  }

  // The end of a datagram or of the stream: the last line, if any, needs no line end.
  template <class OnLine>
  void End(OnLine&& on_line) {
    if (!skipping_ && !partial_.empty()) on_line(std::string_view(partial_));
    Reset();
  }

  // The connection was lost: a partial line is dropped (its rest will not come).
  void Reset() {
    partial_.clear();
    skipping_ = false;
  }

  std::uint64_t overlong() const { return overlong_; }
  std::size_t pending() const { return partial_.size(); }

 private:
  std::size_t max_line_;
  std::string partial_;
  bool skipping_ = false;  // inside an overlong line, until its line end
  std::uint64_t overlong_ = 0;
};

}  // namespace istmo::maritime

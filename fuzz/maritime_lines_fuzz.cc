// Fuzzes the cutting of a feed's byte stream into lines (maritime/lines.h): any bytes, cut into
// reads of sizes taken from the input itself. Checks its promises: the lines do not depend on
// where the reads end, none holds a line end or exceeds the limit, and what stays pending is
// bounded by the limit.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "maritime/lines.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  const std::size_t limit = 1 + data[0] % 64;
  const std::size_t step = 1 + data[1] % 17;
  const std::string_view input(reinterpret_cast<const char*>(data) + 2, size - 2);

  istmo::maritime::LineSplitter whole(limit), cut(limit);
  std::vector<std::string> a, b;
  whole.Add(input, [&](std::string_view line) { a.emplace_back(line); });
  for (std::size_t pos = 0, n = step; pos < input.size(); pos += n, n = n % 31 + step) {
    cut.Add(input.substr(pos, n), [&](std::string_view line) { b.emplace_back(line); });
    ISTMO_CHECK(cut.pending() <= limit);
  }
  ISTMO_CHECK(a == b);
  ISTMO_CHECK(whole.overlong() == cut.overlong());
  for (const auto& line : a) {
    ISTMO_CHECK(line.size() <= limit);
    ISTMO_CHECK(line.find('\n') == std::string::npos);
  }
  return 0;
}

// Fuzzes the manifest parser the way a file or a POST body reaches it: any bytes, CSV with a
// header or a JSON {"lines": [...]} body (the first non-blank byte decides), then the transit
// schedule parser on the same bytes. Checks the parsers' promises: a line number per accepted
// line, rejects in line order with a message, every accepted field in its stored form.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "canal/codes.h"
#include "canal/manifest.h"
#include "canal/transits.h"
#include "core/result.h"

namespace {

template <class Parsed>
void CheckRejects(const Parsed& parsed) {
  ISTMO_CHECK(parsed.lines.size() == parsed.line_numbers.size());
  ISTMO_CHECK(static_cast<std::int64_t>(parsed.lines.size() + parsed.rejects.size()) ==
              parsed.total);
  std::int64_t last = 0;
  for (const auto& r : parsed.rejects) {
    ISTMO_CHECK(r.line >= last);
    ISTMO_CHECK(!r.message.empty());
    last = r.line;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace istmo;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto manifest = canal::ParseManifest(text);
  if (manifest) {
    CheckRejects(*manifest);
    for (const auto& l : manifest->lines) {
      ISTMO_CHECK(l.container_number.size() == 11);
      ISTMO_CHECK(canal::ParseContainerNumber(l.container_number, "/c").has_value());
      ISTMO_CHECK(l.hs_code.size() == 2 || l.hs_code.size() == 4 || l.hs_code.size() == 6);
      ISTMO_CHECK(l.port_of_loading.size() == 5 && l.port_of_discharge.size() == 5);
      ISTMO_CHECK(l.weight_kg > 0 && l.weight_kg <= canal::kMaxWeightKg);
      ISTMO_CHECK(!l.shipper.name.empty() && !l.consignee.name.empty());
      ISTMO_CHECK(l.declared_value.has_value() == !l.currency.empty());
    }
  } else {
    ISTMO_CHECK(manifest.error().code == core::ErrorCode::kInvalidArgument);
  }
  auto transits = canal::ParseTransits(text);
  if (transits) {
    CheckRejects(*transits);
    for (const auto& t : transits->lines) {
      ISTMO_CHECK(t.vessel_imo.size() == 7);
      ISTMO_CHECK(t.direction == "northbound" || t.direction == "southbound");
      ISTMO_CHECK(t.lock_set == "panamax" || t.lock_set == "neopanamax");
    }
  } else {
    ISTMO_CHECK(transits.error().code == core::ErrorCode::kInvalidArgument);
  }
  return 0;
}

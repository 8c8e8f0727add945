// Fuzz target: photo sniffing and decoding (biometrics/image.h), the entry point every uploaded
// or imported face photo goes through before detection.
#include <cstddef>
#include <cstdint>
#include <span>

#include "biometrics/image.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const std::uint8_t> bytes(data, size);
  (void)istmo::biometrics::SniffImageFormat(bytes);
  auto image = istmo::biometrics::DecodeImage(bytes);
  if (image) {
    // A decoded image always has the pixels its size promises.
    ISTMO_CHECK(image->width > 0 && image->height > 0);
    ISTMO_CHECK(image->rgb.size() == static_cast<std::size_t>(image->width) * image->height * 3);
  } else {
    ISTMO_CHECK(image.error().code == istmo::core::ErrorCode::kInvalidArgument ||
                image.error().code == istmo::core::ErrorCode::kTooLarge);
  }
  return 0;
}

// tests/biometrics/blank_png.h — a valid PNG of any size, built in memory: the photo a client
// sends to make the server decode hundreds of megabytes from a few kilobytes.
#pragma once

#include <png.h>

#include <cstdint>
#include <vector>

namespace istmo::biometrics::testing {

// A black width × height PNG, 1-bit greyscale: a 6300 × 6300 one is about 6 KB, and decodes to
// 119 MB of RGB. Empty on a libpng failure.
inline std::vector<std::uint8_t> BlankPng(std::uint32_t width, std::uint32_t height) {
  std::vector<std::uint8_t> out;
  std::vector<png_byte> row((width + 7) / 8, 0);  // before setjmp: a longjmp skips no destructor
  png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
  png_infop info = png != nullptr ? png_create_info_struct(png) : nullptr;
  if (png == nullptr || info == nullptr || setjmp(png_jmpbuf(png)) != 0) {
    png_destroy_write_struct(&png, &info);
    return {};
  }
  png_set_write_fn(
      png, &out,
      [](png_structp p, png_bytep data, png_size_t size) {
        auto* sink = static_cast<std::vector<std::uint8_t>*>(png_get_io_ptr(p));
        sink->insert(sink->end(), data, data + size);
      },
      nullptr);
  png_set_IHDR(png, info, width, height, 1, PNG_COLOR_TYPE_GRAY, PNG_INTERLACE_NONE,
               PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  png_write_info(png, info);
  for (std::uint32_t y = 0; y < height; ++y) png_write_row(png, row.data());
  png_write_end(png, nullptr);
  png_destroy_write_struct(&png, &info);
  return out;
}

}  // namespace istmo::biometrics::testing

// tests/biometrics/blank_png.h — PNGs built in memory: a blank one of any size (the photo a
// client sends to make the server decode hundreds of megabytes from a few kilobytes), and one of
// an image's pixels (a photo changed by the test, e.g. shrunk, sent over HTTP).
#pragma once

#include <png.h>

#include <cstdint>
#include <functional>
#include <vector>

#include "biometrics/image.h"

namespace istmo::biometrics::testing {

// A width × height PNG of `bit_depth` and `color_type` whose row y is `row(y)`. Empty on a
// libpng failure.
inline std::vector<std::uint8_t> WritePng(std::uint32_t width, std::uint32_t height, int bit_depth,
                                          int color_type,
                                          const std::function<const png_byte*(std::uint32_t)>& row) {
  std::vector<std::uint8_t> out;
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
  png_set_IHDR(png, info, width, height, bit_depth, color_type, PNG_INTERLACE_NONE,
               PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  png_write_info(png, info);
  for (std::uint32_t y = 0; y < height; ++y) png_write_row(png, row(y));
  png_write_end(png, nullptr);
  png_destroy_write_struct(&png, &info);
  return out;
}

// A black width × height PNG, 1-bit greyscale: a 6300 × 6300 one is about 6 KB, and decodes to
// 119 MB of RGB.
inline std::vector<std::uint8_t> BlankPng(std::uint32_t width, std::uint32_t height) {
  // Outside WritePng's setjmp: a longjmp skips no destructor of its own.
  const std::vector<png_byte> row((width + 7) / 8, 0);
  return WritePng(width, height, 1, PNG_COLOR_TYPE_GRAY,
                  [&](std::uint32_t) { return row.data(); });
}

// The image as an 8-bit RGB PNG.
inline std::vector<std::uint8_t> RgbPng(const Image& image) {
  return WritePng(static_cast<std::uint32_t>(image.width), static_cast<std::uint32_t>(image.height),
                  8, PNG_COLOR_TYPE_RGB, [&](std::uint32_t y) {
                    return image.rgb.data() + static_cast<std::size_t>(y) * image.width * 3;
                  });
}

}  // namespace istmo::biometrics::testing

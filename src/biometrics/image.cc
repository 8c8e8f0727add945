#include "biometrics/image.h"

#include <algorithm>
#include <cstring>
#include <exception>
#include <fstream>
#include <iterator>
#include <string>

#include <dlib/image_io.h>
#include <dlib/pixel.h>

namespace istmo::biometrics {
namespace {

bool StartsWith(std::span<const std::uint8_t> b, std::string_view magic, std::size_t at = 0) {
  if (b.size() < at + magic.size()) return false;
  return std::memcmp(b.data() + at, magic.data(), magic.size()) == 0;
}

std::uint32_t BigEndian32(const std::uint8_t* p) {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) |
         std::uint32_t{p[3]};
}

struct Size {
  std::int64_t width = 0;
  std::int64_t height = 0;
};

// PNG: the IHDR chunk must come first (PNG spec, 11.2.2); width and height are its first fields.
core::Result<Size> PngSize(std::span<const std::uint8_t> b) {
  if (b.size() < 24 || !StartsWith(b, "IHDR", 12)) {
    return core::InvalidArgument("corrupt PNG: no IHDR header", "image");
  }
  return Size{BigEndian32(b.data() + 16), BigEndian32(b.data() + 20)};
}

// JPEG: walk the marker segments up to the first SOFn frame header (ITU-T T.81, B.2.2), which
// holds the height and width. Markers C4 (DHT), C8 (JPG) and CC (DAC) share the range but are
// not frame headers.
core::Result<Size> JpegSize(std::span<const std::uint8_t> b) {
  std::size_t i = 2;
  while (i + 4 <= b.size()) {
    if (b[i] != 0xFF) return core::InvalidArgument("corrupt JPEG: bad marker", "image");
    const std::uint8_t marker = b[i + 1];
    if (marker == 0xFF) {  // fill byte
      ++i;
      continue;
    }
    if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {  // no length
      i += 2;
      continue;
    }
    const std::size_t length = (std::size_t{b[i + 2]} << 8) | b[i + 3];
    if (length < 2) return core::InvalidArgument("corrupt JPEG: bad segment length", "image");
    const bool is_sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 &&
                        marker != 0xCC;
    if (is_sof) {
      if (i + 9 > b.size()) break;
      return Size{(std::int64_t{b[i + 7]} << 8) | b[i + 8],
                  (std::int64_t{b[i + 5]} << 8) | b[i + 6]};
    }
    if (marker == 0xDA || marker == 0xD9) break;  // scan data or end before any frame header
    i += 2 + length;
  }
  return core::InvalidArgument("corrupt JPEG: no frame header", "image");
}

}  // namespace

std::string_view ImageFormatName(ImageFormat format) {
  switch (format) {
    case ImageFormat::kJpeg: return "JPEG";
    case ImageFormat::kPng: return "PNG";
    case ImageFormat::kWebp: return "WebP";
    case ImageFormat::kGif: return "GIF";
    case ImageFormat::kBmp: return "BMP";
    case ImageFormat::kTiff: return "TIFF";
    case ImageFormat::kHeif: return "HEIF/AVIF";
    case ImageFormat::kJpeg2000: return "JPEG 2000";
    case ImageFormat::kUnknown: break;
  }
  return "unknown";
}

ImageFormat SniffImageFormat(std::span<const std::uint8_t> b) {
  if (StartsWith(b, "\xFF\xD8\xFF")) return ImageFormat::kJpeg;
  if (StartsWith(b, "\x89PNG\r\n\x1A\n")) return ImageFormat::kPng;
  if (StartsWith(b, "RIFF") && StartsWith(b, "WEBP", 8)) return ImageFormat::kWebp;
  if (StartsWith(b, "GIF87a") || StartsWith(b, "GIF89a")) return ImageFormat::kGif;
  if (StartsWith(b, "BM") && b.size() >= 26) return ImageFormat::kBmp;
  if (StartsWith(b, std::string_view("II*\0", 4)) || StartsWith(b, std::string_view("MM\0*", 4))) {
    return ImageFormat::kTiff;
  }
  if (StartsWith(b, "ftyp", 4)) {
    for (std::string_view brand : {"heic", "heix", "hevc", "mif1", "msf1", "avif", "avis"}) {
      if (StartsWith(b, brand, 8)) return ImageFormat::kHeif;
    }
  }
  if (StartsWith(b, std::string_view("\0\0\0\x0CjP  \r\n\x87\n", 12)) ||
      StartsWith(b, "\xFF\x4F\xFF\x51")) {
    return ImageFormat::kJpeg2000;
  }
  return ImageFormat::kUnknown;
}

core::Result<Image> DecodeImage(std::span<const std::uint8_t> bytes) {
  if (bytes.empty()) return core::InvalidArgument("image is empty", "image");
  const ImageFormat format = SniffImageFormat(bytes);
  if (format == ImageFormat::kUnknown) {
    return core::InvalidArgument("not an image: expected a JPEG or PNG photo", "image");
  }
  if (format != ImageFormat::kJpeg && format != ImageFormat::kPng) {
    return core::InvalidArgument(std::string(ImageFormatName(format)) +
                                     " images are not supported; send JPEG or PNG",
                                 "image");
  }
  ISTMO_ASSIGN_OR_RETURN(const Size size,
                         format == ImageFormat::kPng ? PngSize(bytes) : JpegSize(bytes));
  if (size.width <= 0 || size.height <= 0) {
    return core::InvalidArgument("image has no pixels", "image");
  }
  // Each side is bounded first: PNG sides go up to 2^31 - 1 and their product would overflow.
  if (size.width > kMaxImagePixels || size.height > kMaxImagePixels ||
      size.width * size.height > kMaxImagePixels) {
    return core::InvalidArgument("image is " + std::to_string(size.width) + "x" +
                                     std::to_string(size.height) + " pixels; at most " +
                                     std::to_string(kMaxImagePixels) + " allowed",
                                 "image");
  }
  dlib::array2d<dlib::rgb_pixel> pixels;
  try {
    if (format == ImageFormat::kPng) {
      dlib::load_png(pixels, bytes.data(), bytes.size());
    } else {
      dlib::load_jpeg(pixels, bytes.data(), bytes.size());
    }
  } catch (const std::exception& e) {
    return core::InvalidArgument(
        "corrupt " + std::string(ImageFormatName(format)) + ": " + e.what(), "image");
  }
  Image image;
  image.width = static_cast<int>(pixels.nc());
  image.height = static_cast<int>(pixels.nr());
  if (image.width == 0 || image.height == 0) {
    return core::InvalidArgument("image has no pixels", "image");
  }
  image.rgb.resize(static_cast<std::size_t>(image.width) * image.height * 3);
  std::uint8_t* out = image.rgb.data();
  for (long r = 0; r < pixels.nr(); ++r) {
    for (long c = 0; c < pixels.nc(); ++c) {
      const dlib::rgb_pixel& p = pixels[r][c];
      *out++ = p.red;
      *out++ = p.green;
      *out++ = p.blue;
    }
  }
  return image;
}

core::Result<Image> LoadImageFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return core::NotFound("cannot read image file " + path, "image");
  const std::vector<std::uint8_t> bytes{std::istreambuf_iterator<char>(in),
                                        std::istreambuf_iterator<char>()};
  auto image = DecodeImage(bytes);
  if (!image) {
    core::Error e = std::move(image).error();
    e.message = path + ": " + e.message;
    return e;
  }
  return image;
}

}  // namespace istmo::biometrics

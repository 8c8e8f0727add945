#include "biometrics/image.h"

#include <algorithm>
#include <csetjmp>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <fstream>
#include <iterator>
#include <string>

#include <jpeglib.h>
#include <png.h>

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

// "39.7": width × height in millions, one decimal. The sides are below 2^32, so the product of
// their doubles is exact enough.
std::string Megapixels(std::int64_t width, std::int64_t height) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f",
                static_cast<double>(width) * static_cast<double>(height) / 1e6);
  return text;
}

struct Size {
  std::int64_t width = 0;
  std::int64_t height = 0;
};

// A photo that is not a readable JPEG or PNG: one reason for the person who sent it, whatever
// the decoder found ("image_unreadable"); the message keeps the detail.
core::Error Unreadable(std::string message, std::string field) {
  return core::WithReason(core::InvalidArgument(std::move(message), std::move(field)),
                          "image_unreadable");
}

// PNG: the IHDR chunk must come first (PNG spec, 11.2.2); width and height are its first fields.
core::Result<Size> PngSize(std::span<const std::uint8_t> b) {
  if (b.size() < 24 || !StartsWith(b, "IHDR", 12)) {
    return Unreadable("corrupt PNG: no IHDR header", "image");
  }
  return Size{BigEndian32(b.data() + 16), BigEndian32(b.data() + 20)};
}

// JPEG: walk the marker segments up to the first SOFn frame header (ITU-T T.81, B.2.2), which
// holds the height and width. Markers C4 (DHT), C8 (JPG) and CC (DAC) share the range but are
// not frame headers.
core::Result<Size> JpegSize(std::span<const std::uint8_t> b) {
  std::size_t i = 2;
  while (i + 4 <= b.size()) {
    if (b[i] != 0xFF) return Unreadable("corrupt JPEG: bad marker", "image");
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
    if (length < 2) return Unreadable("corrupt JPEG: bad segment length", "image");
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
  return Unreadable("corrupt JPEG: no frame header", "image");
}

// The EXIF Orientation tag (0x0112) of an APP1 segment's payload ("Exif\0\0" then a TIFF
// header and IFD0): 1..8, or 1 when absent or malformed. Phone cameras store the sensor's pixels
// and this tag; browsers show the photo turned upright, so the server must turn it too or the
// upright-face detector finds nothing.
int ExifOrientation(const std::uint8_t* data, std::size_t size) {
  if (size < 6 + 8 || std::memcmp(data, "Exif\0\0", 6) != 0) return 1;
  const std::uint8_t* t = data + 6;
  const std::size_t n = size - 6;
  bool little;
  if (t[0] == 'I' && t[1] == 'I') {
    little = true;
  } else if (t[0] == 'M' && t[1] == 'M') {
    little = false;
  } else {
    return 1;
  }
  auto u16 = [&](std::size_t at) -> std::uint32_t {
    return little ? (std::uint32_t{t[at]} | std::uint32_t{t[at + 1]} << 8)
                  : (std::uint32_t{t[at]} << 8 | std::uint32_t{t[at + 1]});
  };
  auto u32 = [&](std::size_t at) -> std::uint32_t {
    return little ? (u16(at) | u16(at + 2) << 16) : (u16(at) << 16 | u16(at + 2));
  };
  if (u16(2) != 42) return 1;
  const std::uint32_t ifd = u32(4);
  if (ifd > n || n - ifd < 2) return 1;
  const std::uint32_t count = u16(ifd);
  for (std::uint32_t i = 0; i < count; ++i) {
    const std::size_t entry = ifd + 2 + std::size_t{12} * i;
    if (entry > n || n - entry < 12) break;
    if (u16(entry) != 0x0112) continue;
    const std::uint32_t type = u16(entry + 2);  // 3: SHORT, the tag's one valid type
    const std::uint32_t value = u16(entry + 8);
    return type == 3 && value >= 1 && value <= 8 ? static_cast<int>(value) : 1;
  }
  return 1;
}

// The image turned upright as EXIF orientation `o` (2..8) asks: mirrored, rotated, or both.
Image Oriented(const Image& in, int o) {
  const int w = in.width;
  const int h = in.height;
  const bool swaps = o >= 5;  // 5..8 exchange width and height
  Image out;
  out.width = swaps ? h : w;
  out.height = swaps ? w : h;
  out.rgb.resize(in.rgb.size());
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) {
      int dx = x;
      int dy = y;
      switch (o) {
        case 2: dx = w - 1 - x; break;                      // mirrored left-right
        case 3: dx = w - 1 - x; dy = h - 1 - y; break;      // 180°
        case 4: dy = h - 1 - y; break;                      // mirrored top-bottom
        case 5: dx = y; dy = x; break;                      // transposed
        case 6: dx = h - 1 - y; dy = x; break;              // 90° clockwise
        case 7: dx = h - 1 - y; dy = w - 1 - x; break;      // transversed
        case 8: dx = y; dy = w - 1 - x; break;              // 90° counter-clockwise
        default: break;
      }
      const std::size_t from = (static_cast<std::size_t>(y) * w + x) * 3;
      const std::size_t to = (static_cast<std::size_t>(dy) * out.width + dx) * 3;
      std::memcpy(&out.rgb[to], &in.rgb[from], 3);
    }
  }
  return out;
}

// libjpeg reports fatal errors through error_exit, which must not return: it jumps back to
// DecodeJpeg. Warnings (a truncated scan is filled with grey) are not errors here.
struct JpegError {
  jpeg_error_mgr pub;
  std::jmp_buf jump;
  char message[JMSG_LENGTH_MAX];
};

extern "C" void JpegErrorExit(j_common_ptr cinfo) {
  auto* err = reinterpret_cast<JpegError*>(cinfo->err);
  (*cinfo->err->format_message)(cinfo, err->message);
  std::longjmp(err->jump, 1);
}

extern "C" void JpegIgnoreMessage(j_common_ptr /*cinfo*/, int /*level*/) {}

// Decodes with libjpeg directly rather than through dlib's jpeg_loader: dlib 19.24 leaks its
// row table when libjpeg fails mid-image (found by fuzz_image under LeakSanitizer), and a
// server must not leak on every corrupt upload. Nothing with a destructor lives in this frame
// between setjmp and a longjmp; the pixels go to `image`, owned by the caller.
bool DecodeJpeg(std::span<const std::uint8_t> bytes, Image& image, std::string& error,
                int& orientation) {
  jpeg_decompress_struct cinfo;
  JpegError err;
  cinfo.err = jpeg_std_error(&err.pub);
  err.pub.error_exit = JpegErrorExit;
  err.pub.emit_message = JpegIgnoreMessage;
  if (setjmp(err.jump) != 0) {
    jpeg_destroy_decompress(&cinfo);
    error = err.message;
    return false;
  }
  jpeg_create_decompress(&cinfo);
  jpeg_mem_src(&cinfo, const_cast<unsigned char*>(bytes.data()), bytes.size());
  jpeg_save_markers(&cinfo, JPEG_APP0 + 1, 0xFFFF);
  jpeg_read_header(&cinfo, TRUE);
  orientation = 1;
  for (jpeg_saved_marker_ptr m = cinfo.marker_list; m != nullptr; m = m->next) {
    if (m->marker == JPEG_APP0 + 1 && orientation == 1) {
      orientation = ExifOrientation(m->data, m->data_length);
    }
  }
  cinfo.out_color_space = JCS_RGB;  // grey and YCbCr become RGB; CMYK is refused by libjpeg
  jpeg_start_decompress(&cinfo);
  const std::size_t stride = static_cast<std::size_t>(cinfo.output_width) * 3;
  if (cinfo.output_components != 3 ||
      static_cast<std::int64_t>(cinfo.output_width) * cinfo.output_height > kMaxImagePixels) {
    jpeg_destroy_decompress(&cinfo);
    error = "unexpected output size";
    return false;
  }
  image.width = static_cast<int>(cinfo.output_width);
  image.height = static_cast<int>(cinfo.output_height);
  image.rgb.resize(stride * cinfo.output_height);
  while (cinfo.output_scanline < cinfo.output_height) {
    JSAMPROW row = image.rgb.data() + cinfo.output_scanline * stride;
    jpeg_read_scanlines(&cinfo, &row, 1);
  }
  jpeg_finish_decompress(&cinfo);
  jpeg_destroy_decompress(&cinfo);
  return true;
}

// libpng's simplified API: any bit depth, palette, grey or alpha becomes 8-bit RGB; alpha is
// composited on white.
bool DecodePng(std::span<const std::uint8_t> bytes, Image& image, std::string& error) {
  png_image png;
  std::memset(&png, 0, sizeof png);
  png.version = PNG_IMAGE_VERSION;
  if (png_image_begin_read_from_memory(&png, bytes.data(), bytes.size()) == 0) {
    error = png.message;
    png_image_free(&png);
    return false;
  }
  png.format = PNG_FORMAT_RGB;
  image.width = static_cast<int>(png.width);
  image.height = static_cast<int>(png.height);
  image.rgb.resize(PNG_IMAGE_SIZE(png));
  png_color white{255, 255, 255};
  if (png_image_finish_read(&png, &white, image.rgb.data(), 0, nullptr) == 0) {
    error = png.message;
    png_image_free(&png);
    return false;
  }
  png_image_free(&png);
  return true;
}

// libjpeg's compressor, writing to memory; the same error handling as DecodeJpeg. `out` and
// `size` are libjpeg's buffer (malloc'd), freed by the caller.
bool CompressJpeg(const Image& image, int quality, unsigned char*& out, unsigned long& size,
                  std::string& error) {
  jpeg_compress_struct cinfo;
  JpegError err;
  cinfo.err = jpeg_std_error(&err.pub);
  err.pub.error_exit = JpegErrorExit;
  err.pub.emit_message = JpegIgnoreMessage;
  if (setjmp(err.jump) != 0) {
    jpeg_destroy_compress(&cinfo);
    error = err.message;
    return false;
  }
  jpeg_create_compress(&cinfo);
  jpeg_mem_dest(&cinfo, &out, &size);
  cinfo.image_width = static_cast<JDIMENSION>(image.width);
  cinfo.image_height = static_cast<JDIMENSION>(image.height);
  cinfo.input_components = 3;
  cinfo.in_color_space = JCS_RGB;
  jpeg_set_defaults(&cinfo);
  jpeg_set_quality(&cinfo, quality, TRUE);
  jpeg_start_compress(&cinfo, TRUE);
  const std::size_t stride = static_cast<std::size_t>(image.width) * 3;
  while (cinfo.next_scanline < cinfo.image_height) {
    JSAMPROW row = const_cast<unsigned char*>(image.rgb.data()) + cinfo.next_scanline * stride;
    jpeg_write_scanlines(&cinfo, &row, 1);
  }
  jpeg_finish_compress(&cinfo);
  jpeg_destroy_compress(&cinfo);
  return true;
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
  if (bytes.empty()) return Unreadable("image is empty", "image");
  const ImageFormat format = SniffImageFormat(bytes);
  if (format == ImageFormat::kUnknown) {
    return Unreadable("not an image: expected a JPEG or PNG photo", "image");
  }
  if (format != ImageFormat::kJpeg && format != ImageFormat::kPng) {
    return Unreadable(std::string(ImageFormatName(format)) +
                                     " images are not supported; send JPEG or PNG",
                                 "image");
  }
  ISTMO_ASSIGN_OR_RETURN(const Size size,
                         format == ImageFormat::kPng ? PngSize(bytes) : JpegSize(bytes));
  if (size.width <= 0 || size.height <= 0) {
    return Unreadable("image has no pixels", "image");
  }
  // Each side is bounded first: PNG sides go up to 2^31 - 1 and their product would overflow.
  if (size.width > kMaxImagePixels || size.height > kMaxImagePixels ||
      size.width * size.height > kMaxImagePixels) {
    return core::WithReason(
        core::TooLarge("image is " + std::to_string(size.width) + "x" +
                           std::to_string(size.height) + " pixels (" +
                           Megapixels(size.width, size.height) + " megapixels); at most " +
                           Megapixels(kMaxImagePixels, 1) + " megapixels (4096x3072) allowed",
                       "image"),
        "image_too_large", {{"max_pixels", std::to_string(kMaxImagePixels)}});
  }
  Image image;
  std::string error;
  int orientation = 1;
  const bool ok = format == ImageFormat::kPng ? DecodePng(bytes, image, error)
                                              : DecodeJpeg(bytes, image, error, orientation);
  if (!ok) {
    return Unreadable("corrupt " + std::string(ImageFormatName(format)) + ": " + error,
                                 "image");
  }
  if (image.width <= 0 || image.height <= 0) {
    return Unreadable("image has no pixels", "image");
  }
  if (orientation != 1) return Oriented(image, orientation);
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

Image ShrinkToFit(const Image& in, int max_side) {
  const int longer = std::max(in.width, in.height);
  if (max_side <= 0 || longer <= max_side) return in;
  Image out;
  out.width =
      std::max(1, static_cast<int>(static_cast<std::int64_t>(in.width) * max_side / longer));
  out.height =
      std::max(1, static_cast<int>(static_cast<std::int64_t>(in.height) * max_side / longer));
  out.rgb.resize(static_cast<std::size_t>(out.width) * out.height * 3);
  // Output pixel (x, y) covers source columns [x*W/w, (x+1)*W/w) and the same for rows: every
  // source pixel counts in exactly one output pixel.
  for (int y = 0; y < out.height; ++y) {
    const int y0 = static_cast<int>(static_cast<std::int64_t>(y) * in.height / out.height);
    const int y1 = std::max(
        y0 + 1, static_cast<int>(static_cast<std::int64_t>(y + 1) * in.height / out.height));
    for (int x = 0; x < out.width; ++x) {
      const int x0 = static_cast<int>(static_cast<std::int64_t>(x) * in.width / out.width);
      const int x1 = std::max(
          x0 + 1, static_cast<int>(static_cast<std::int64_t>(x + 1) * in.width / out.width));
      std::uint64_t sum[3] = {0, 0, 0};
      for (int sy = y0; sy < y1; ++sy) {
        const std::uint8_t* p = in.rgb.data() + (static_cast<std::size_t>(sy) * in.width + x0) * 3;
        for (int sx = x0; sx < x1; ++sx, p += 3) {
          sum[0] += p[0];
          sum[1] += p[1];
          sum[2] += p[2];
        }
      }
      const std::uint64_t n = static_cast<std::uint64_t>(y1 - y0) * (x1 - x0);
      std::uint8_t* q = out.rgb.data() + (static_cast<std::size_t>(y) * out.width + x) * 3;
      for (int c = 0; c < 3; ++c) q[c] = static_cast<std::uint8_t>((sum[c] + n / 2) / n);
    }
  }
  return out;
}

core::Result<std::vector<std::uint8_t>> EncodeJpeg(const Image& image, int quality) {
  if (image.width <= 0 || image.height <= 0 ||
      image.rgb.size() != static_cast<std::size_t>(image.width) * image.height * 3) {
    return core::InvalidArgument("image has no pixels or a buffer of the wrong size", "image");
  }
  unsigned char* buffer = nullptr;
  unsigned long size = 0;
  std::string error;
  const bool ok = CompressJpeg(image, std::clamp(quality, 1, 100), buffer, size, error);
  // After a failure `buffer` may point to memory libjpeg already released (it is updated only
  // when the compression ends), so it is freed (malloc'd by jpeg_mem_dest) on success only.
  if (!ok) return core::Internal("JPEG encoding failed: " + error);
  std::vector<std::uint8_t> out(buffer, buffer + size);
  std::free(buffer);
  return out;
}

}  // namespace istmo::biometrics

// biometrics/image.h — what a face photo may be, and its decoding into RGB pixels.
//
// Photos come from station cameras, uploads and imports: outside input. DecodeImage() first
// sniffs the format from the leading bytes, so that a WebP, GIF, HEIC or a text file gets an
// error that says what it is, then decodes JPEG and PNG (the two formats accepted) with libjpeg
// and libpng. Grayscale, palette, 16-bit and RGBA images become 8-bit RGB; alpha is composited
// on white. A JPEG's EXIF orientation is applied, so a phone photo comes out upright as the
// browser showed it. Images larger than kMaxImagePixels are refused from their header, before any
// pixel is decoded: a few hundred kilobytes of PNG can claim 40 megapixels and cost seconds and
// hundreds of megabytes to decode.
//
//   ISTMO_ASSIGN_OR_RETURN(biometrics::Image img, biometrics::DecodeImage(bytes));
//
// Thread-safety: free functions over values; safe from any thread.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace istmo::biometrics {

enum class ImageFormat : std::uint8_t {
  kUnknown,  // not recognised as an image
  kJpeg,
  kPng,
  kWebp,
  kGif,
  kBmp,
  kTiff,
  kHeif,     // HEIC / AVIF (ISO base media "ftyp" box)
  kJpeg2000,
};

// "JPEG", "PNG", "WebP", ... ("unknown" for kUnknown).
std::string_view ImageFormatName(ImageFormat format);

// Recognises the format from the first bytes (magic numbers); never fails.
ImageFormat SniffImageFormat(std::span<const std::uint8_t> bytes);

// Refused above this many pixels: 4096 × 3072, 12 megapixels counted in binary. A face needs far
// less (the detector works on about 1 megapixel), but a phone's full-size photo must pass
// unscaled: 4032 × 3024 (12.2 million) and 4000 × 3000 are the common 12 MP sensors. At this
// size a photo decodes into 36 MiB of RGB.
inline constexpr std::int64_t kMaxImagePixels = 4096 * 3072;

// An 8-bit RGB raster, rows top to bottom, 3 bytes per pixel, no row padding.
struct Image {
  int width = 0;
  int height = 0;
  std::vector<std::uint8_t> rgb;  // width * height * 3 bytes
};

// Decodes a JPEG or PNG photo. Errors (field "image"), kInvalidArgument: empty input; "not an
//   image"; "WebP images are not supported; send JPEG or PNG" (and the same for GIF, BMP, TIFF,
//   HEIF, JPEG 2000); "corrupt JPEG: <decoder message>". kTooLarge (HTTP 413), from the header
//   alone: "image is 6300x6300 pixels (39.7 megapixels); at most 12.6 megapixels (4096x3072)
//   allowed".
core::Result<Image> DecodeImage(std::span<const std::uint8_t> bytes);

// Reads a file and decodes it; kNotFound when it cannot be read.
core::Result<Image> LoadImageFile(const std::string& path);

// The image shrunk so that its longer side is at most `max_side` pixels (aspect kept, each side
// at least 1), each output pixel the mean of the source pixels it covers (a box filter: no
// aliasing on the large reductions of a thumbnail). An image already small enough is returned
// as is; never enlarged. `max_side` must be positive.
Image ShrinkToFit(const Image& image, int max_side);

// Baseline JPEG of an RGB image (libjpeg, `quality` 1..100). kInvalidArgument for an image
// without pixels or whose buffer does not match its size; kInternal if libjpeg fails.
core::Result<std::vector<std::uint8_t>> EncodeJpeg(const Image& image, int quality = 85);

}  // namespace istmo::biometrics

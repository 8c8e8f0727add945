#include "biometrics/image.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <jpeglib.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <cstdlib>
#include <string>
#include <vector>

#include "biometrics/blank_png.h"
#include "biometrics/test_data.h"

namespace istmo::biometrics {
namespace {

using ::testing::HasSubstr;
using testing::BlankPng;
using testing::Faces;
using testing::ReadBytes;

using namespace std::string_view_literals;

std::vector<std::uint8_t> Bytes(std::string_view s) { return {s.begin(), s.end()}; }

// The error of a refused photo: `code` (kTooLarge for its size, HTTP 413), field "image".
std::string DecodeError(const std::vector<std::uint8_t>& bytes,
                        core::ErrorCode code = core::ErrorCode::kInvalidArgument) {
  auto r = DecodeImage(bytes);
  EXPECT_FALSE(r.has_value());
  if (r) return {};
  EXPECT_EQ(r.error().code, code);
  EXPECT_EQ(r.error().field, "image");
  return r.error().message;
}

std::string TooLargeError(const std::vector<std::uint8_t>& bytes) {
  return DecodeError(bytes, core::ErrorCode::kTooLarge);
}

// A JPEG of `image` at quality 95, with an EXIF APP1 segment holding Orientation = `orientation`
// (0: no EXIF at all), as a phone camera writes it. `big_endian` picks the TIFF byte order.
std::vector<std::uint8_t> JpegWithOrientation(const Image& image, int orientation,
                                              bool big_endian = false) {
  jpeg_compress_struct cinfo;
  jpeg_error_mgr err;
  cinfo.err = jpeg_std_error(&err);
  jpeg_create_compress(&cinfo);
  unsigned char* out = nullptr;
  unsigned long size = 0;
  jpeg_mem_dest(&cinfo, &out, &size);
  cinfo.image_width = static_cast<JDIMENSION>(image.width);
  cinfo.image_height = static_cast<JDIMENSION>(image.height);
  cinfo.input_components = 3;
  cinfo.in_color_space = JCS_RGB;
  jpeg_set_defaults(&cinfo);
  jpeg_set_quality(&cinfo, 95, TRUE);
  jpeg_start_compress(&cinfo, TRUE);
  if (orientation != 0) {
    // "Exif\0\0", TIFF header, IFD0 with one entry (0x0112, SHORT, 1, value), next IFD 0.
    std::vector<std::uint8_t> app1 = {'E', 'x', 'i', 'f', 0, 0};
    auto put16 = [&](unsigned v) {
      if (big_endian) {
        app1.push_back(static_cast<std::uint8_t>(v >> 8));
        app1.push_back(static_cast<std::uint8_t>(v));
      } else {
        app1.push_back(static_cast<std::uint8_t>(v));
        app1.push_back(static_cast<std::uint8_t>(v >> 8));
      }
    };
    auto put32 = [&](unsigned v) {
      if (big_endian) {
        put16(v >> 16);
        put16(v & 0xFFFF);
      } else {
        put16(v & 0xFFFF);
        put16(v >> 16);
      }
    };
    app1.push_back(big_endian ? 'M' : 'I');
    app1.push_back(big_endian ? 'M' : 'I');
    put16(42);
    put32(8);
    put16(2);  // two entries: another tag first, then Orientation
    put16(0x010F);  // Make, ASCII, 4 bytes inline
    put16(2);
    put32(4);
    app1.insert(app1.end(), {'I', 's', 't', 0});
    put16(0x0112);
    put16(3);
    put32(1);
    put16(static_cast<unsigned>(orientation));
    put16(0);
    put32(0);
    jpeg_write_marker(&cinfo, JPEG_APP0 + 1, app1.data(), static_cast<unsigned>(app1.size()));
  }
  while (cinfo.next_scanline < cinfo.image_height) {
    JSAMPROW row = const_cast<JSAMPROW>(image.rgb.data() +
                                        static_cast<std::size_t>(cinfo.next_scanline) * image.width * 3);
    jpeg_write_scanlines(&cinfo, &row, 1);
  }
  jpeg_finish_compress(&cinfo);
  jpeg_destroy_compress(&cinfo);
  std::vector<std::uint8_t> bytes(out, out + size);
  std::free(out);
  return bytes;
}

// The colour at (x, y).
std::vector<int> At(const Image& image, int x, int y) {
  const std::size_t i = (static_cast<std::size_t>(y) * image.width + x) * 3;
  return {image.rgb[i], image.rgb[i + 1], image.rgb[i + 2]};
}

bool Near(const std::vector<int>& got, std::vector<int> want) {
  for (int c = 0; c < 3; ++c) {
    if (std::abs(got[c] - want[c]) > 24) return false;
  }
  return true;
}

// The sensor's pixels: 32 x 16, red on the left half, blue on the right, a green 8x8 square in
// the top-left corner (so that every one of the 8 orientations looks different).
Image Sensor() {
  Image img{.width = 32, .height = 16, .rgb = {}};
  img.rgb.resize(32 * 16 * 3);
  for (int y = 0; y < 16; ++y) {
    for (int x = 0; x < 32; ++x) {
      std::uint8_t* p = &img.rgb[(static_cast<std::size_t>(y) * 32 + x) * 3];
      if (x < 8 && y < 8) {
        p[0] = 0, p[1] = 200, p[2] = 0;
      } else if (x < 16) {
        p[0] = 220, p[1] = 0, p[2] = 0;
      } else {
        p[0] = 0, p[1] = 0, p[2] = 220;
      }
    }
  }
  return img;
}

TEST(DecodeImage, AppliesTheExifOrientation) {
  const std::vector<int> green = {0, 200, 0}, red = {220, 0, 0}, blue = {0, 0, 220};
  struct Case {
    int orientation;
    int width, height;
    // Where the green corner, the red half and the blue half land once upright.
    std::pair<int, int> green_at, red_at, blue_at;
  };
  const Case cases[] = {
      {0, 32, 16, {2, 2}, {12, 12}, {28, 8}},   // no EXIF
      {1, 32, 16, {2, 2}, {12, 12}, {28, 8}},
      {2, 32, 16, {29, 2}, {19, 12}, {3, 8}},   // mirrored
      {3, 32, 16, {29, 13}, {19, 3}, {3, 8}},   // 180°
      {4, 32, 16, {2, 13}, {12, 3}, {28, 8}},   // mirrored top-bottom
      {5, 16, 32, {2, 2}, {12, 12}, {8, 28}},   // transposed
      {6, 16, 32, {13, 2}, {3, 12}, {8, 28}},   // 90° clockwise: the left half goes on top
      {7, 16, 32, {13, 29}, {3, 19}, {8, 3}},   // transversed
      {8, 16, 32, {2, 29}, {12, 19}, {8, 3}},   // 90° counter-clockwise: the left half at the bottom
  };
  for (bool big_endian : {false, true}) {
    for (const Case& c : cases) {
      auto img = DecodeImage(JpegWithOrientation(Sensor(), c.orientation, big_endian));
      ASSERT_TRUE(img.has_value()) << c.orientation << ": " << img.error().ToString();
      EXPECT_EQ(img->width, c.width) << "orientation " << c.orientation;
      EXPECT_EQ(img->height, c.height) << "orientation " << c.orientation;
      if (img->width != c.width) continue;
      EXPECT_TRUE(Near(At(*img, c.green_at.first, c.green_at.second), green)) << c.orientation;
      EXPECT_TRUE(Near(At(*img, c.red_at.first, c.red_at.second), red)) << c.orientation;
      EXPECT_TRUE(Near(At(*img, c.blue_at.first, c.blue_at.second), blue)) << c.orientation;
    }
  }
}

TEST(DecodeImage, APhonePhotoTurnedOnItsSideComesOutUpright) {
  // A real photo stored as a phone would: pixels turned 90° counter-clockwise, Orientation 6.
  auto upright = LoadImageFile((Faces() / "face_recognition/examples/obama-480p.jpg").string());
  ASSERT_TRUE(upright.has_value()) << upright.error().ToString();
  Image sideways{.width = upright->height, .height = upright->width, .rgb = {}};
  sideways.rgb.resize(upright->rgb.size());
  for (int y = 0; y < upright->height; ++y) {
    for (int x = 0; x < upright->width; ++x) {
      // Upright (x, y) is stored at (y, W-1-x) of the sensor image (90° counter-clockwise).
      const std::size_t from = (static_cast<std::size_t>(y) * upright->width + x) * 3;
      const std::size_t to =
          (static_cast<std::size_t>(upright->width - 1 - x) * sideways.width + y) * 3;
      std::memcpy(&sideways.rgb[to], &upright->rgb[from], 3);
    }
  }
  auto decoded = DecodeImage(JpegWithOrientation(sideways, 6));
  ASSERT_TRUE(decoded.has_value()) << decoded.error().ToString();
  ASSERT_EQ(decoded->width, upright->width);
  ASSERT_EQ(decoded->height, upright->height);
  double diff = 0;
  for (std::size_t i = 0; i < decoded->rgb.size(); ++i) {
    diff += std::abs(int{decoded->rgb[i]} - int{upright->rgb[i]});
  }
  EXPECT_LT(diff / static_cast<double>(decoded->rgb.size()), 4.0);  // JPEG's loss only
}

TEST(DecodeImage, MalformedExifIsIgnored) {
  // Orientation with a wrong type, an IFD offset past the end, a bad byte order: all upright.
  Image img = Sensor();
  std::vector<std::uint8_t> jpeg = JpegWithOrientation(img, 6);
  // Find the TIFF header ("II*\0") and break it three ways.
  const auto at = std::search(jpeg.begin(), jpeg.end(), std::begin("II*"), std::begin("II*") + 3);
  ASSERT_NE(at, jpeg.end());
  for (int damage = 0; damage < 3; ++damage) {
    std::vector<std::uint8_t> bad = jpeg;
    const auto pos = static_cast<std::size_t>(at - jpeg.begin());
    if (damage == 0) bad[pos] = 'X';             // byte order
    if (damage == 1) bad[pos + 4] = 0xF0;        // IFD offset far beyond the segment
    if (damage == 2) bad[pos + 8] = 0x7F;        // an absurd entry count: stops at the end
    auto r = DecodeImage(bad);
    ASSERT_TRUE(r.has_value()) << damage << ": " << r.error().ToString();
    EXPECT_EQ(r->width, damage == 2 ? 16 : 32) << "damage " << damage;
  }
}

TEST(SniffImageFormat, RecognisesMagicNumbers) {
  struct Case {
    std::string_view bytes;
    ImageFormat format;
  };
  const Case cases[] = {
      {.bytes = "\xFF\xD8\xFF\xE0\0\x10JFIF"sv, .format = ImageFormat::kJpeg},
      {.bytes = "\x89PNG\r\n\x1A\n\0\0\0\x0DIHDR"sv, .format = ImageFormat::kPng},
      {.bytes = "RIFF\x24\0\0\0WEBPVP8 "sv, .format = ImageFormat::kWebp},
      {.bytes = "GIF89a\x01\0\x01\0"sv, .format = ImageFormat::kGif},
      {.bytes = "II*\0\x08\0\0\0"sv, .format = ImageFormat::kTiff},
      {.bytes = "\0\0\0\x18" "ftypheic\0\0\0\0"sv, .format = ImageFormat::kHeif},
      {.bytes = "%PDF-1.7"sv, .format = ImageFormat::kUnknown},
      {.bytes = ""sv, .format = ImageFormat::kUnknown},
  };
  for (const Case& c : cases) {
    const std::vector<std::uint8_t> b(c.bytes.begin(), c.bytes.end());
    EXPECT_EQ(SniffImageFormat(b), c.format) << ImageFormatName(c.format);
  }
}

TEST(DecodeImage, GrayscalePngBecomesRgb) {
  auto image = DecodeImage(ReadBytes(Faces() / "faceapi-js/test/images/face1.png"));
  ASSERT_TRUE(image.has_value()) << image.error().ToString();
  EXPECT_EQ(image->width, 150);
  EXPECT_EQ(image->height, 150);
  ASSERT_EQ(image->rgb.size(), 150u * 150u * 3u);
  int differing = 0;
  for (std::size_t i = 0; i < image->rgb.size(); i += 3) {
    differing += image->rgb[i] != image->rgb[i + 1] || image->rgb[i] != image->rgb[i + 2];
  }
  EXPECT_EQ(differing, 0);
}

TEST(DecodeImage, RgbaPngDropsAlpha) {
  auto image = DecodeImage(ReadBytes(Faces() / "face_recognition/tests/test_images/32bit.png"));
  ASSERT_TRUE(image.has_value()) << image.error().ToString();
  EXPECT_GT(image->width, 0);
  EXPECT_EQ(image->rgb.size(), static_cast<std::size_t>(image->width) * image->height * 3);
}

TEST(DecodeImage, DecodesABaselineJpegAtItsOwnSize) {
  auto image = DecodeImage(ReadBytes(Faces() / "faceapi-js/test/images/faces.jpg"));
  ASSERT_TRUE(image.has_value()) << image.error().ToString();
  EXPECT_EQ(image->width, 710);
  EXPECT_EQ(image->height, 473);
}

TEST(DecodeImage, DecodesAProgressiveJpegAtItsOwnSize) {
  auto image = DecodeImage(ReadBytes(Faces() / "faceapi-js/test/images/angry.jpg"));
  ASSERT_TRUE(image.has_value()) << image.error().ToString();
  EXPECT_EQ(image->width, 300);
  EXPECT_EQ(image->height, 250);
}

TEST(DecodeImage, RejectsEmptyInput) { EXPECT_THAT(DecodeError({}), HasSubstr("empty")); }

TEST(DecodeImage, RejectsTextAsNotAnImage) {
  EXPECT_THAT(DecodeError(Bytes("file,identity\nface1.png,sheldon\n")), HasSubstr("not an image"));
  EXPECT_THAT(DecodeError(ReadBytes(Faces() / "SOURCES.md")), HasSubstr("not an image"));
}

TEST(DecodeImage, RejectsWebpByName) {
  EXPECT_THAT(DecodeError(Bytes(std::string("RIFF\x24\0\0\0WEBPVP8 \x18\0\0\0", 20))),
              HasSubstr("WebP images are not supported; send JPEG or PNG"));
}

TEST(DecodeImage, RejectsGifAndTiffByName) {
  EXPECT_THAT(DecodeError(Bytes("GIF89a\x01\0\x01\0\x80\0\0"sv)), HasSubstr("GIF images"));
  EXPECT_THAT(DecodeError(Bytes(std::string("MM\0*\0\0\0\x08", 8))), HasSubstr("TIFF images"));
}

TEST(DecodeImage, RejectsTruncatedPng) {
  std::vector<std::uint8_t> png = ReadBytes(Faces() / "faceapi-js/test/images/white.png");
  ASSERT_GT(png.size(), 40u);
  png.resize(40);  // signature, IHDR, nothing else
  EXPECT_THAT(DecodeError(png), HasSubstr("corrupt PNG"));
  png.resize(12);
  EXPECT_THAT(DecodeError(png), HasSubstr("corrupt PNG"));
}

TEST(DecodeImage, RejectsJpegWithoutFrame) {
  EXPECT_THAT(DecodeError(Bytes("\xFF\xD8\xFF\xD9")), HasSubstr("corrupt JPEG"));
}

TEST(DecodeImage, RejectsHugeDimensionsBeforeDecoding) {
  std::vector<std::uint8_t> png = ReadBytes(Faces() / "faceapi-js/test/images/white.png");
  ASSERT_GT(png.size(), 24u);
  // IHDR width and height (big-endian) at bytes 16..23: claim 100000 × 100000.
  const std::uint8_t huge[4] = {0x00, 0x01, 0x86, 0xA0};
  std::copy(huge, huge + 4, png.begin() + 16);
  std::copy(huge, huge + 4, png.begin() + 20);
  EXPECT_THAT(TooLargeError(png),
              HasSubstr("100000x100000 pixels (10000.0 megapixels); at most 12.6 megapixels "
                        "(4096x3072) allowed"));
}

// The attack: a valid PNG of a few kilobytes that decodes to 6300 × 6300 (119 MB of RGB,
// 9.8 s before the limit). It is refused from its header; a decode would have answered with an
// image, not this error.
TEST(DecodeImage, RefusesA40MegapixelPngFromItsHeader) {
  const std::vector<std::uint8_t> png = BlankPng(6300, 6300);
  ASSERT_FALSE(png.empty());
  ASSERT_LT(png.size(), 64u * 1024);
  EXPECT_THAT(TooLargeError(png), HasSubstr("image is 6300x6300 pixels (39.7 megapixels)"));
}

TEST(DecodeImage, RefusesA40MegapixelJpegFromItsHeader) {
  // A real 32 × 16 JPEG whose frame header (SOF0: FF C0, length, precision, height, width)
  // claims 6300 × 6300; libjpeg would decode it, filling the missing scan with grey.
  std::vector<std::uint8_t> jpeg = JpegWithOrientation(Sensor(), 0);
  const std::vector<std::uint8_t> sof0 = {0xFF, 0xC0};
  auto at = std::search(jpeg.begin(), jpeg.end(), sof0.begin(), sof0.end());
  ASSERT_NE(at, jpeg.end());
  const std::size_t i = static_cast<std::size_t>(at - jpeg.begin());
  ASSERT_LT(i + 9, jpeg.size());
  jpeg[i + 5] = 6300 >> 8;  // height
  jpeg[i + 6] = 6300 & 0xFF;
  jpeg[i + 7] = 6300 >> 8;  // width
  jpeg[i + 8] = 6300 & 0xFF;
  EXPECT_THAT(TooLargeError(jpeg), HasSubstr("image is 6300x6300 pixels (39.7 megapixels)"));
}

TEST(DecodeImage, OnePixelOverTheLimitIsRefused) {
  EXPECT_THAT(TooLargeError(BlankPng(4096, 3073)), HasSubstr("4096x3073"));
}

// The limit leaves a phone's full-size 12 MP photo (4032 × 3024 = 12.2 million pixels) alone.
TEST(DecodeImage, DecodesAFullSizePhonePhoto) {
  auto image = DecodeImage(BlankPng(4032, 3024));
  ASSERT_TRUE(image.has_value()) << image.error().ToString();
  EXPECT_EQ(image->width, 4032);
  EXPECT_EQ(image->height, 3024);
}

// Fuzz finding fuzz/regressions/image/png-dimension-overflow: a PNG header claiming
// 3570717908 × 3570717908 overflowed the pixel count (signed 64-bit) before the size check.
TEST(DecodeImage, Regression_PngDimensionOverflow) {
  std::vector<std::uint8_t> png = ReadBytes(Faces() / "faceapi-js/test/images/white.png");
  ASSERT_GT(png.size(), 24u);
  const std::uint8_t side[4] = {0xD4, 0xD4, 0xD4, 0xD4};  // 3570717908
  std::copy(side, side + 4, png.begin() + 16);
  std::copy(side, side + 4, png.begin() + 20);
  EXPECT_THAT(TooLargeError(png), HasSubstr("3570717908x3570717908 pixels"));
}

TEST(LoadImageFile, MissingFileIsNotFound) {
  auto r = LoadImageFile((Faces() / "no-such-photo.jpg").string());
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, core::ErrorCode::kNotFound);
}

TEST(LoadImageFile, ErrorNamesTheFile) {
  const std::string path = (Faces() / "dlib/identities.csv").string();
  auto r = LoadImageFile(path);
  ASSERT_FALSE(r.has_value());
  EXPECT_THAT(r.error().message, HasSubstr(path));
  EXPECT_THAT(r.error().message, HasSubstr("not an image"));
}

Image Solid(int width, int height, std::uint8_t r, std::uint8_t g, std::uint8_t b) {
  Image img{.width = width, .height = height};
  for (int i = 0; i < width * height; ++i) img.rgb.insert(img.rgb.end(), {r, g, b});
  return img;
}

TEST(ShrinkToFit, KeepsTheAspectWithTheLongerSideAtTheLimit) {
  const Image wide = ShrinkToFit(Solid(640, 480, 10, 20, 30), 160);
  EXPECT_EQ(wide.width, 160);
  EXPECT_EQ(wide.height, 120);
  EXPECT_EQ(wide.rgb.size(), 160u * 120 * 3);
  const Image tall = ShrinkToFit(Solid(3024, 4032, 10, 20, 30), 160);
  EXPECT_EQ(tall.width, 120);
  EXPECT_EQ(tall.height, 160);
  // A box filter keeps a flat colour exactly.
  EXPECT_EQ(tall.rgb[0], 10);
  EXPECT_EQ(tall.rgb[1], 20);
  EXPECT_EQ(tall.rgb[2], 30);
  // A thin strip keeps at least one pixel across.
  const Image strip = ShrinkToFit(Solid(4000, 3, 0, 0, 0), 160);
  EXPECT_EQ(strip.width, 160);
  EXPECT_EQ(strip.height, 1);
}

TEST(ShrinkToFit, NeverEnlarges) {
  const Image small = ShrinkToFit(Solid(100, 50, 1, 2, 3), 160);
  EXPECT_EQ(small.width, 100);
  EXPECT_EQ(small.height, 50);
}

TEST(EncodeJpeg, ARealPhotosThumbnailDecodesAtItsSize) {
  auto photo = DecodeImage(ReadBytes(Faces() / "face_recognition/examples/knn_examples/train/"
                                               "obama/obama.jpg"));
  ASSERT_TRUE(photo) << photo.error().ToString();
  const Image thumb = ShrinkToFit(*photo, 160);
  auto jpeg = EncodeJpeg(thumb, 80);
  ASSERT_TRUE(jpeg) << jpeg.error().ToString();
  EXPECT_EQ(SniffImageFormat(*jpeg), ImageFormat::kJpeg);
  auto back = DecodeImage(*jpeg);
  ASSERT_TRUE(back) << back.error().ToString();
  EXPECT_EQ(back->width, thumb.width);
  EXPECT_EQ(back->height, thumb.height);
  EXPECT_EQ(std::max(back->width, back->height), 160);
}

TEST(EncodeJpeg, RefusesAnImageWithoutPixels) {
  EXPECT_FALSE(EncodeJpeg(Image{}));
  EXPECT_FALSE(EncodeJpeg(Image{.width = 2, .height = 2, .rgb = {1, 2, 3}}));
}

}  // namespace
}  // namespace istmo::biometrics

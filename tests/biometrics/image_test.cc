#include "biometrics/image.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "biometrics/test_data.h"

namespace istmo::biometrics {
namespace {

using ::testing::HasSubstr;
using testing::Faces;
using testing::ReadBytes;

using namespace std::string_view_literals;

std::vector<std::uint8_t> Bytes(std::string_view s) { return {s.begin(), s.end()}; }

std::string DecodeError(const std::vector<std::uint8_t>& bytes) {
  auto r = DecodeImage(bytes);
  EXPECT_FALSE(r.has_value());
  if (r) return {};
  EXPECT_EQ(r.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(r.error().field, "image");
  return r.error().message;
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

TEST(DecodeImage, Jpeg) {
  auto image = DecodeImage(ReadBytes(Faces() / "faceapi-js/test/images/faces.jpg"));
  ASSERT_TRUE(image.has_value()) << image.error().ToString();
  EXPECT_EQ(image->width, 710);
  EXPECT_EQ(image->height, 473);
}

TEST(DecodeImage, ProgressiveJpeg) {
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
  EXPECT_THAT(DecodeError(png), HasSubstr("100000x100000 pixels; at most 40000000 allowed"));
}

// Fuzz finding fuzz/regressions/image/png-dimension-overflow: a PNG header claiming
// 3570717908 × 3570717908 overflowed the pixel count (signed 64-bit) before the size check.
TEST(DecodeImage, Regression_PngDimensionOverflow) {
  std::vector<std::uint8_t> png = ReadBytes(Faces() / "faceapi-js/test/images/white.png");
  ASSERT_GT(png.size(), 24u);
  const std::uint8_t side[4] = {0xD4, 0xD4, 0xD4, 0xD4};  // 3570717908
  std::copy(side, side + 4, png.begin() + 16);
  std::copy(side, side + 4, png.begin() + 20);
  EXPECT_THAT(DecodeError(png), HasSubstr("3570717908x3570717908 pixels"));
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

}  // namespace
}  // namespace istmo::biometrics

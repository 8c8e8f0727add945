#include "biometrics/evaluate.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <stdio.h>

#include <array>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "biometrics/test_data.h"

namespace istmo::biometrics {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using testing::Faces;

// Splits <root>/<identity>/<files> into gallery (the first `gallery_per_identity` files of each
// identity, by name) and probes (the rest), as symbolic links under `dir`.
void Split(const fs::path& root, std::size_t gallery_per_identity, const fs::path& dir) {
  for (const auto& person : fs::directory_iterator(root)) {
    if (!person.is_directory()) continue;
    std::vector<fs::path> files;
    for (const auto& f : fs::directory_iterator(person.path())) files.push_back(f.path());
    std::sort(files.begin(), files.end());
    for (std::size_t i = 0; i < files.size(); ++i) {
      const fs::path to = dir / (i < gallery_per_identity ? "gallery" : "probes") /
                          person.path().filename();
      fs::create_directories(to);
      fs::create_symlink(fs::absolute(files[i]), to / files[i].filename());
    }
  }
}

class EvaluateTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto encoder = FaceEncoder::Open({});
    ASSERT_TRUE(encoder.has_value()) << encoder.error().ToString();
    encoder_ = std::move(encoder).value().release();
  }
  static void TearDownTestSuite() {
    delete encoder_;
    encoder_ = nullptr;
  }
  static FaceEncoder* encoder_;
};
FaceEncoder* EvaluateTest::encoder_ = nullptr;

TEST_F(EvaluateTest, IdentifiesEveryFaceApiProbeAtRank1AndReportsProgress) {
  testing::TempDir dir;
  Split(Faces() / "faceapi-js/examples/images", 2, dir.path());
  std::size_t last_done = 0, last_total = 0;
  auto report = Evaluate(*encoder_, (dir.path() / "gallery").string(),
                         (dir.path() / "probes").string(), {},
                         [&](std::size_t done, std::size_t total) {
                           EXPECT_EQ(done, last_done + 1);
                           last_done = done;
                           last_total = total;
                         });
  ASSERT_TRUE(report.has_value()) << report.error().ToString();
  EXPECT_EQ(last_done, 40u);
  EXPECT_EQ(last_total, 40u);
  EXPECT_EQ(report->identities, 8);
  EXPECT_EQ(report->gallery_enrolled, 16);
  EXPECT_EQ(report->probe_templates, 24);
  EXPECT_TRUE(report->failures.empty());
  EXPECT_EQ(report->rank1_hits, 24);
  EXPECT_DOUBLE_EQ(report->rank1_rate, 1.0);
  EXPECT_EQ(report->genuine_pairs, 24 * 2);
  EXPECT_EQ(report->impostor_pairs, 24 * 14);
  EXPECT_EQ(report->false_matches, 0);
  // Two genuine pairs of stuart sit at 0.601–0.602, just past the threshold.
  EXPECT_LE(report->false_non_matches, 2);

  const std::string table = FormatEvaluationTable(*report);
  EXPECT_THAT(table, HasSubstr("rank-1 identification rate"));
  EXPECT_THAT(table, HasSubstr("100.00%"));
  EXPECT_THAT(table, HasSubstr("24 / 24"));
  EXPECT_THAT(table, HasSubstr("0 / 336"));
}

TEST_F(EvaluateTest, IdentifiesEveryJohnsChipAtRank1WithoutErrors) {
  testing::TempDir dir;
  Split(Faces() / "dlib/examples/johns", 3, dir.path());
  auto report = Evaluate(*encoder_, (dir.path() / "gallery").string(),
                         (dir.path() / "probes").string(), {.chips = true});
  ASSERT_TRUE(report.has_value()) << report.error().ToString();
  EXPECT_EQ(report->gallery_enrolled, 15);
  EXPECT_EQ(report->probe_templates, 40);
  EXPECT_EQ(report->rank1_hits, 40);
  EXPECT_EQ(report->false_matches, 0);
  EXPECT_EQ(report->false_non_matches, 0);
  EXPECT_EQ(report->genuine_pairs, 40 * 3);
}

TEST_F(EvaluateTest, PhotosWithoutOneFaceAreCountedNotFatal) {
  testing::TempDir dir;
  Split(Faces() / "faceapi-js/examples/images", 2, dir.path());
  const fs::path stranger = dir.path() / "probes" / "nobody";
  fs::create_directories(stranger);
  fs::create_symlink(Faces() / "faceapi-js/test/images/white.png", stranger / "white.png");
  fs::create_symlink(Faces() / "faceapi-js/test/images/faces.jpg", stranger / "faces.jpg");
  fs::create_symlink(Faces() / "SOURCES.md", stranger / "notes.jpg");
  auto report = Evaluate(*encoder_, (dir.path() / "gallery").string(),
                         (dir.path() / "probes").string(), {});
  ASSERT_TRUE(report.has_value()) << report.error().ToString();
  EXPECT_EQ(report->probe_images, 27);
  EXPECT_EQ(report->probe_templates, 24);
  ASSERT_EQ(report->failures.size(), 3u);
  EXPECT_THAT(report->failures[0], HasSubstr("faces.jpg: "));
  EXPECT_THAT(report->failures[0], HasSubstr("faces found; expected exactly one"));
  EXPECT_THAT(report->failures[1], HasSubstr("notes.jpg: not an image"));
  EXPECT_THAT(report->failures[2], HasSubstr("white.png: no face found"));
}

TEST_F(EvaluateTest, AMissingGalleryIsNotFound) {
  testing::TempDir dir;
  auto missing = Evaluate(*encoder_, (dir.path() / "nope").string(), dir.path().string(), {});
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().code, core::ErrorCode::kNotFound);
  EXPECT_EQ(missing.error().field, "gallery");
}

TEST_F(EvaluateTest, AnEmptyGalleryIsInvalidArgument) {
  testing::TempDir dir;
  auto empty = Evaluate(*encoder_, dir.path().string(), dir.path().string(), {});
  ASSERT_FALSE(empty.has_value());
  EXPECT_EQ(empty.error().code, core::ErrorCode::kInvalidArgument);
}

// The `istmo biometrics evaluate` command end to end: table on stdout, exit status 0.
TEST(EvaluateCommand, PrintsTheRatesTableAndExitsZero) {
  const char* binary_dir = std::getenv("ISTMO_BINARY_DIR");
  ASSERT_NE(binary_dir, nullptr);
  testing::TempDir dir;
  Split(Faces() / "dlib/examples/johns", 5, dir.path());
  const std::string command = std::string(binary_dir) + "/istmo biometrics evaluate --chips" +
                              " --gallery " + (dir.path() / "gallery").string() + " --probes " +
                              (dir.path() / "probes").string() + " 2>/dev/null";
  FILE* pipe = popen(command.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string out;
  std::array<char, 256> buf;
  while (fgets(buf.data(), buf.size(), pipe) != nullptr) out += buf.data();
  EXPECT_EQ(pclose(pipe), 0) << out;
  EXPECT_THAT(out, HasSubstr("rank-1 identification rate"));
  EXPECT_THAT(out, HasSubstr("30 / 30"));
  EXPECT_THAT(out, HasSubstr("false match rate (FMR)"));
}

}  // namespace
}  // namespace istmo::biometrics

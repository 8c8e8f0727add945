// tests/biometrics/test_data.h — paths to ../shared/data/faces and small helpers.
#pragma once

#include <sodium.h>
#include <stdlib.h>

#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "biometrics/image.h"

namespace istmo::biometrics::testing {

// ../shared/data/faces, as ctest sets it (ISTMO_SHARED_DATA), else relative to the project root.
inline std::filesystem::path Faces() {
  const char* env = std::getenv("ISTMO_SHARED_DATA");
  return (env != nullptr ? std::filesystem::path(env) : std::filesystem::path("../shared/data")) /
         "faces";
}

inline std::vector<std::uint8_t> ReadBytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Standard base64 (with padding), as the API takes photos in JSON bodies.
inline std::string Base64(const std::vector<std::uint8_t>& bytes) {
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), bytes.data(), bytes.size(),
                    sodium_base64_VARIANT_ORIGINAL);
  out.resize(std::strlen(out.c_str()));
  return out;
}

// A fresh folder, removed with everything in it when the object goes.
class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "istmo-bio-XXXXXX").string();
    if (mkdtemp(tmpl.data()) != nullptr) path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// Shrinks an image by an integer factor, averaging each factor × factor block.
inline Image Shrink(const Image& in, int factor) {
  Image out;
  out.width = in.width / factor;
  out.height = in.height / factor;
  out.rgb.resize(static_cast<std::size_t>(out.width) * out.height * 3);
  for (int y = 0; y < out.height; ++y) {
    for (int x = 0; x < out.width; ++x) {
      for (int c = 0; c < 3; ++c) {
        int sum = 0;
        for (int dy = 0; dy < factor; ++dy) {
          for (int dx = 0; dx < factor; ++dx) {
            sum += in.rgb[((static_cast<std::size_t>(y) * factor + dy) * in.width + x * factor + dx) * 3 + c];
          }
        }
        out.rgb[(static_cast<std::size_t>(y) * out.width + x) * 3 + c] =
            static_cast<std::uint8_t>(sum / (factor * factor));
      }
    }
  }
  return out;
}

}  // namespace istmo::biometrics::testing

// tests/testing/temp_dir.h — a fresh folder per test, removed afterwards.
#pragma once

#include <stdlib.h>

#include <filesystem>
#include <string>

namespace istmo::testing {

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "istmo-test-XXXXXX").string();
    char* made = mkdtemp(tmpl.data());
    path_ = made != nullptr ? std::filesystem::path(made) : std::filesystem::path();
  }
  ~TempDir() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::string File(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

// ../shared/data, as the tests see it (ISTMO_SHARED_DATA is set by ctest).
inline std::filesystem::path SharedData() {
  const char* env = std::getenv("ISTMO_SHARED_DATA");
  return env != nullptr ? std::filesystem::path(env) : std::filesystem::path("../shared/data");
}

}  // namespace istmo::testing

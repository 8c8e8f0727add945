// biometrics/faces.h — the process's face identification: one encoder and one registry, shared
// by every module that takes photos (migration encounters, watchlists, identify).
//
// A FaceService is built once per process (the composition root, src/app, holds it for the
// routes; a CLI command builds its own) so that one index sees every enrolment. Its parts open on first use, or at
// start with Open() (`istmo serve` does, so the first photo does not wait for the index to load):
// the models from biometrics.model_dir and the registry sealed with biometrics.template_key.
// Without a key every call answers kUnavailable naming the setting, so a deployment without
// faces keeps working for everything else.
//
//   biometrics::FaceService faces(store, {.model_dir = "", .template_key_hex = hex});
//   ISTMO_ASSIGN_OR_RETURN(FaceTemplate face, faces.Describe(photo_bytes, "/photo"));
//   ISTMO_ASSIGN_OR_RETURN(FaceRegistry* registry, faces.Registry());
//
// Thread-safety: every method may be called from many threads; photos are described one at a
// time per encoder (see FaceEncoder).
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>

#include "biometrics/face.h"
#include "biometrics/identify.h"
#include "core/result.h"
#include "store/store.h"

namespace istmo::biometrics {

// The largest photo accepted, decoded (the HTTP routes of every module that takes photos).
inline constexpr std::size_t kMaxPhotoBytes = 6 * 1024 * 1024;

struct FaceServiceOptions {
  // Folder of the face models; empty: DefaultModelDir().
  std::string model_dir;
  // 64 hex digits (biometrics.template_key); empty: faces are unavailable.
  std::string template_key_hex;
};

class FaceService {
 public:
  FaceService(store::Store& store, FaceServiceOptions options);
  ~FaceService();
  FaceService(const FaceService&) = delete;
  FaceService& operator=(const FaceService&) = delete;

  // Opens the registry and the encoder now if they are not open yet. kUnavailable without a
  // template key; the registry's or encoder's error otherwise (a later call tries again).
  core::Status Open();

  // The registry, opened on first use (needs the template key, not the models).
  core::Result<FaceRegistry*> Registry();

  // Decodes a JPEG or PNG photo and describes its one face. Errors carry `field` (the request's
  // name for the photo): not an image or an unsupported format, no face, several faces, a face
  // too small (kInvalidArgument); faces not configured (kUnavailable).
  core::Result<FaceTemplate> Describe(std::span<const std::uint8_t> photo, std::string_view field);

  // Describe, and the photo to keep with the face (EnrolRequest::photo): its bytes, content
  // type and a JPEG thumbnail of at most kThumbnailSide pixels, made from the decoded (upright)
  // image. Same errors as Describe.
  struct Kept {
    FaceTemplate face;
    FacePhoto photo;
  };
  core::Result<Kept> DescribeToKeep(std::span<const std::uint8_t> photo, std::string_view field);

  // Templates in the index; 0 until opened.
  std::size_t size() const;
  // True once the registry (the 1:N index) is open and loaded (/readyz).
  bool loaded() const;

 private:
  core::Status Encoder();  // opens encoder_ (needs the models, not the key)
  // Describe's work, on a photo decoded into `image`.
  core::Result<FaceTemplate> DescribeDecoded(std::span<const std::uint8_t> photo,
                                             std::string_view field, Image& image);

  store::Store& store_;
  FaceServiceOptions options_;
  mutable std::mutex open_mu_;
  std::unique_ptr<FaceEncoder> encoder_;
  std::unique_ptr<FaceRegistry> registry_;
};

}  // namespace istmo::biometrics

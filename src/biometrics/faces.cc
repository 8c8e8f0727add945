#include "biometrics/faces.h"

#include "biometrics/image.h"

namespace istmo::biometrics {

FaceService::FaceService(store::Store& store, FaceServiceOptions options)
    : store_(store), options_(std::move(options)) {}

FaceService::~FaceService() = default;

core::Status FaceService::Open() {
  ISTMO_RETURN_IF_ERROR(Registry());
  return Encoder();
}

core::Result<FaceRegistry*> FaceService::Registry() {
  std::lock_guard lock(open_mu_);
  if (registry_) return registry_.get();
  if (options_.template_key_hex.empty()) {
    return core::WithReason(
        core::Unavailable(
            "face identification is not configured: set biometrics.template_key (64 hex digits)"),
        "face_models_unavailable");
  }
  ISTMO_ASSIGN_OR_RETURN(auto key, TemplateKey::FromHex(options_.template_key_hex));
  ISTMO_ASSIGN_OR_RETURN(registry_, FaceRegistry::Open(store_, {.key = key}));
  return registry_.get();
}

core::Status FaceService::Encoder() {
  std::lock_guard lock(open_mu_);
  if (encoder_) return core::Ok();
  ISTMO_ASSIGN_OR_RETURN(encoder_, FaceEncoder::Open({.model_dir = options_.model_dir}));
  return core::Ok();
}

core::Result<FaceTemplate> FaceService::DescribeDecoded(std::span<const std::uint8_t> photo,
                                                        std::string_view field, Image& image) {
  // The photo is checked before anything is opened: a bad upload is the caller's error even on
  // a server without faces configured.
  auto decoded = DecodeImage(photo);
  if (!decoded) {
    core::Error err = decoded.error();
    err.field = std::string(field);  // the request's name, not the decoder's
    return err;
  }
  image = std::move(*decoded);
  // Without its models this server cannot read faces now (503), whatever the photo; the
  // message names the missing file for the operator.
  if (core::Status opened = Encoder(); !opened) {
    core::Error err = opened.error();
    err.code = core::ErrorCode::kUnavailable;
    return core::WithReason(std::move(err), "face_models_unavailable");
  }
  auto face = encoder_->Encode(image);
  if (!face) {
    core::Error err = face.error();
    if (err.field == "image") err.field = std::string(field);
    return err;
  }
  return face;
}

core::Result<FaceTemplate> FaceService::Describe(std::span<const std::uint8_t> photo,
                                                 std::string_view field) {
  Image image;
  return DescribeDecoded(photo, field, image);
}

core::Result<FaceService::Kept> FaceService::DescribeToKeep(std::span<const std::uint8_t> photo,
                                                            std::string_view field) {
  Image image;
  Kept out;
  ISTMO_ASSIGN_OR_RETURN(out.face, DescribeDecoded(photo, field, image));
  // From the decoded image, so that the thumbnail is upright (EXIF orientation applied) as the
  // face was searched.
  ISTMO_ASSIGN_OR_RETURN(out.photo.thumbnail, EncodeJpeg(ShrinkToFit(image, kThumbnailSide), 80));
  out.photo.bytes.assign(photo.begin(), photo.end());
  out.photo.content_type =
      SniffImageFormat(photo) == ImageFormat::kPng ? "image/png" : "image/jpeg";
  return out;
}

bool FaceService::loaded() const {
  std::lock_guard lock(open_mu_);
  return registry_ != nullptr;
}

std::size_t FaceService::size() const {
  std::lock_guard lock(open_mu_);
  return registry_ ? registry_->size() : 0;
}

}  // namespace istmo::biometrics

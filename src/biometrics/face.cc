// The only translation unit of the product that instantiates dlib's DNN templates (slow and
// memory-hungry to compile); see internal/face_net.h.
#include "biometrics/face.h"

#include <algorithm>
#include <cmath>
#include <exception>
#include <filesystem>
#include <mutex>
#include <string>
#include <utility>

#include <dlib/image_processing.h>
#include <dlib/image_processing/frontal_face_detector.h>
#include <dlib/image_transforms.h>

#include "biometrics/internal/face_net.h"
#include "biometrics/internal/hog_detector.h"

namespace istmo::biometrics {
namespace {

using ChipPixels = dlib::matrix<dlib::rgb_pixel>;

ChipPixels ToDlib(const Image& image) {
  ChipPixels m(image.height, image.width);
  const std::uint8_t* p = image.rgb.data();
  for (long r = 0; r < m.nr(); ++r) {
    for (long c = 0; c < m.nc(); ++c, p += 3) m(r, c) = dlib::rgb_pixel(p[0], p[1], p[2]);
  }
  return m;
}

Descriptor ToDescriptor(const dlib::matrix<float, 0, 1>& v) {
  Descriptor d{};
  std::copy(v.begin(), v.end(), d.begin());
  return d;
}

FaceBox ToBox(const dlib::rectangle& r) {
  return {static_cast<int>(r.left()), static_cast<int>(r.top()), static_cast<int>(r.width()),
          static_cast<int>(r.height())};
}

}  // namespace

float Distance(const Descriptor& a, const Descriptor& b) {
  float sum = 0;
  for (int i = 0; i < kDescriptorSize; ++i) {
    const float d = a[i] - b[i];
    sum += d * d;
  }
  return std::sqrt(sum);
}

std::string DefaultModelDir() { return ISTMO_BIOMETRICS_MODEL_DIR; }

struct FaceEncoder::Impl {
  FaceEncoderOptions options;
  std::mutex mu;
  dlib::frontal_face_detector detector = dlib::get_frontal_face_detector();
  // The same detector with its pyramid levels spread over options.detect_threads threads.
  internal::HogFaceDetector hog{detector};
  dlib::shape_predictor landmarks;
  internal::InferenceNet net;

  // Faces in `image` (its own pixel coordinates), largest first. The detector runs on a shrunk
  // copy of a large photo (only when one face is expected: a group photo's small faces would
  // be lost), then on the image as is, then on 2×, 4× … enlargements, stopping at
  // the first pass that finds a face; enlarging finds faces down to 80 / 2^max_upsample pixels.
  std::vector<dlib::rectangle> DetectLocked(const ChipPixels& image, bool allow_shrink) {
    std::vector<dlib::rectangle> faces;
    if (allow_shrink) faces = DetectShrunk(image);
    if (faces.empty()) faces = hog(image, options.detect_threads);
    if (!faces.empty() || options.max_upsample <= 0) return Sorted(std::move(faces));
    ChipPixels up = image;
    double scale = 1;
    for (int level = 1; faces.empty() && level <= options.max_upsample; ++level) {
      if (static_cast<std::int64_t>(up.size()) * 4 > options.max_upsampled_pixels) break;
      dlib::pyramid_up(up);
      scale *= 2;
      for (const dlib::rectangle& r : hog(up, options.detect_threads)) {
        faces.push_back(dlib::rectangle(std::lround(r.left() / scale), std::lround(r.top() / scale),
                                        std::lround(r.right() / scale),
                                        std::lround(r.bottom() / scale)));
      }
    }
    return Sorted(std::move(faces));
  }

  static std::vector<dlib::rectangle> Sorted(std::vector<dlib::rectangle> faces) {
    std::sort(faces.begin(), faces.end(),
              [](const dlib::rectangle& a, const dlib::rectangle& b) { return a.area() > b.area(); });
    return faces;
  }

  // Faces found on a copy shrunk to detect_max_side (bench_face_enrol, CPU time: a 1280×720
  // enrolment takes ~100 ms at full size, ~52 ms shrunk to 640, less at 480); empty when the
  // image is small enough or nothing is found.
  std::vector<dlib::rectangle> DetectShrunk(const ChipPixels& image) {
    std::vector<dlib::rectangle> faces;
    const long side = std::max(image.nr(), image.nc());
    if (options.detect_max_side <= 0 || side <= options.detect_max_side) return faces;
    const double f = static_cast<double>(options.detect_max_side) / static_cast<double>(side);
    ChipPixels small(std::max(1L, std::lround(static_cast<double>(image.nr()) * f)),
                     std::max(1L, std::lround(static_cast<double>(image.nc()) * f)));
    dlib::resize_image(image, small);
    for (const dlib::rectangle& r : hog(small, options.detect_threads)) {
      faces.push_back(dlib::rectangle(std::lround(r.left() / f), std::lround(r.top() / f),
                                      std::lround(r.right() / f), std::lround(r.bottom() / f)));
    }
    return faces;
  }

  ChipPixels AlignedChip(const ChipPixels& image, const dlib::rectangle& face) {
    const dlib::full_object_detection shape = landmarks(image, face);
    ChipPixels chip;
    dlib::extract_image_chip(image, dlib::get_face_chip_details(shape, 150, 0.25), chip);
    return chip;
  }
};

FaceEncoder::FaceEncoder(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
FaceEncoder::~FaceEncoder() = default;

core::Result<std::unique_ptr<FaceEncoder>> FaceEncoder::Open(const FaceEncoderOptions& options) {
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  if (impl->options.model_dir.empty()) impl->options.model_dir = DefaultModelDir();
  const std::filesystem::path dir(impl->options.model_dir);
  const std::filesystem::path net_file = dir / internal::kDescriptorModelFile;
  const std::filesystem::path landmark_file = dir / internal::kLandmarkModelFile;
  for (const auto& file : {net_file, landmark_file}) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(file, ec)) {
      return core::NotFound("face model " + file.string() +
                                " is missing; build the project or run scripts/fetch-face-model",
                            "biometrics.model_dir");
    }
  }
  try {
    dlib::deserialize(landmark_file.string()) >> impl->landmarks;
    dlib::deserialize(net_file.string()) >> impl->net;
  } catch (const std::exception& e) {
    return core::DataLoss("cannot load face model from " + dir.string() + ": " + e.what());
  }
  return std::unique_ptr<FaceEncoder>(new FaceEncoder(std::move(impl)));
}

std::vector<FaceBox> FaceEncoder::Detect(const Image& image) {
  const ChipPixels pixels = ToDlib(image);
  std::lock_guard lock(impl_->mu);
  std::vector<FaceBox> boxes;
  for (const dlib::rectangle& r : impl_->DetectLocked(pixels, false)) boxes.push_back(ToBox(r));
  return boxes;
}

core::Result<FaceTemplate> FaceEncoder::Encode(const Image& image) {
  const ChipPixels pixels = ToDlib(image);
  std::lock_guard lock(impl_->mu);
  const std::vector<dlib::rectangle> faces = impl_->DetectLocked(pixels, true);
  if (faces.empty()) return core::WithReason(core::InvalidArgument("no face found", "image"), "no_face");
  const int min_width = impl_->options.min_face_width;
  const auto large = std::count_if(faces.begin(), faces.end(), [&](const dlib::rectangle& r) {
    return static_cast<int>(r.width()) >= min_width;
  });
  if (large == 0) {
    const std::string width = std::to_string(faces.front().width());
    return core::WithReason(
        core::InvalidArgument("face too small: " + width + " px wide, at least " +
                                  std::to_string(min_width) + " needed",
                              "image"),
        "face_too_small", {{"width", width}, {"min", std::to_string(min_width)}});
  }
  if (large > 1) {
    return core::WithReason(
        core::InvalidArgument(std::to_string(large) + " faces found; expected exactly one",
                              "image"),
        "several_faces", {{"count", std::to_string(large)}});
  }
  const ChipPixels chip = impl_->AlignedChip(pixels, faces.front());
  return FaceTemplate{.descriptor = ToDescriptor(impl_->net(chip)), .box = ToBox(faces.front())};
}

std::vector<FaceTemplate> FaceEncoder::EncodeAll(const Image& image) {
  const ChipPixels pixels = ToDlib(image);
  std::lock_guard lock(impl_->mu);
  std::vector<ChipPixels> chips;
  std::vector<FaceBox> boxes;
  for (const dlib::rectangle& r : impl_->DetectLocked(pixels, false)) {
    if (static_cast<int>(r.width()) < impl_->options.min_face_width) continue;
    chips.push_back(impl_->AlignedChip(pixels, r));
    boxes.push_back(ToBox(r));
  }
  std::vector<FaceTemplate> out;
  if (chips.empty()) return out;
  const std::vector<dlib::matrix<float, 0, 1>> descriptors = impl_->net(chips, 16);
  for (std::size_t i = 0; i < chips.size(); ++i) {
    out.push_back({.descriptor = ToDescriptor(descriptors[i]), .box = boxes[i]});
  }
  return out;
}

core::Result<Descriptor> FaceEncoder::EncodeChip(const Image& chip) {
  ISTMO_ASSIGN_OR_RETURN(std::vector<Descriptor> d, EncodeChips(std::span(&chip, 1)));
  return d.front();
}

core::Result<std::vector<Descriptor>> FaceEncoder::EncodeChips(std::span<const Image> chips) {
  std::vector<ChipPixels> pixels;
  pixels.reserve(chips.size());
  for (std::size_t i = 0; i < chips.size(); ++i) {
    if (chips[i].width != 150 || chips[i].height != 150) {
      return core::InvalidArgument("face chip " + std::to_string(i) + " is " +
                                       std::to_string(chips[i].width) + "x" +
                                       std::to_string(chips[i].height) + "; expected 150x150",
                                   "image");
    }
    pixels.push_back(ToDlib(chips[i]));
  }
  std::vector<Descriptor> out;
  if (pixels.empty()) return out;
  std::lock_guard lock(impl_->mu);
  for (const auto& d : impl_->net(pixels, 16)) out.push_back(ToDescriptor(d));
  return out;
}

}  // namespace istmo::biometrics

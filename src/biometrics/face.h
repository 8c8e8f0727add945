// biometrics/face.h — from a photo to a 128-d face descriptor.
//
// The pipeline is dlib's: a HOG frontal face detector (run again on an enlarged image when the
// photo is small and nothing was found), the 68-point shape predictor of Debian's libdlib-data,
// a 150×150 chip aligned on those landmarks (get_face_chip_details(shape, 150, 0.25)), and
// dlib's ResNet descriptor network (dlib_face_recognition_resnet_model_v1). Two descriptors of
// the same person are usually closer than kMatchThreshold in Euclidean distance; two people are
// usually farther apart (LFW accuracy 99.38% in dlib's report).
//
// The model folder (config key biometrics.model_dir, default DefaultModelDir(): the build's
// models/ folder written by scripts/fetch-face-model) holds
//   dlib_face_recognition_resnet_model_v1.dat and shape_predictor_68_face_landmarks.dat.
//
//   ISTMO_ASSIGN_OR_RETURN(auto encoder, biometrics::FaceEncoder::Open({}));
//   ISTMO_ASSIGN_OR_RETURN(biometrics::FaceTemplate t, encoder->Encode(image));
//
// Cost: loading takes about a second (the two models are ~120 MB); one face takes tens of ms
// of CPU, of which HOG detection is the largest part; detection spreads its pyramid levels over
// FaceEncoderOptions::detect_threads threads (2 by default) for a shorter wall time, with the
// same faces found (see docs/perf.md). Thread-safety: a FaceEncoder may be shared; calls are
// serialized by an internal mutex (dlib's networks keep per-call state), so give each worker
// thread its own encoder (and detect_threads = 1 when the workers already fill the cores) for
// parallel throughput.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "biometrics/image.h"
#include "core/result.h"

namespace istmo::biometrics {

inline constexpr int kDescriptorSize = 128;
// A face descriptor (a "template" once stored): unit-scale floats, compared by Euclidean distance.
using Descriptor = std::array<float, kDescriptorSize>;

// dlib's operating point for its ResNet: same person when the distance is below it.
inline constexpr float kMatchThreshold = 0.6f;

// Euclidean distance between two descriptors.
float Distance(const Descriptor& a, const Descriptor& b);

// A face's bounding box in the pixels of the decoded image.
struct FaceBox {
  int left = 0;
  int top = 0;
  int width = 0;
  int height = 0;
};

struct FaceTemplate {
  Descriptor descriptor{};
  FaceBox box;
};

struct FaceEncoderOptions {
  // Folder with the two model files; empty means DefaultModelDir().
  std::string model_dir;
  // How many times the detector may enlarge the image 2× when it finds no face (each level
  // finds faces half as large; HOG's window is 80×80 pixels). 0 disables.
  int max_upsample = 2;
  // Images are enlarged only while the enlarged image stays within this many pixels.
  std::int64_t max_upsampled_pixels = 4'000'000;
  // Encode() first searches photos whose longer side exceeds this on a copy shrunk to it
  // (HOG's cost grows with the pixel count; enrolment photos have large faces); only when that
  // finds nothing is the full-size image searched. Detect() and EncodeAll() always search the
  // full size. 0 disables.
  int detect_max_side = 480;
  // Faces narrower than this (in image pixels) are refused: their descriptors are unreliable.
  int min_face_width = 40;
  // Threads the HOG detector spreads its image pyramid's levels over (the calling thread and
  // detect_threads - 1 helpers started per detection); the faces found are the same for any
  // value, only the wall time changes. 1 runs it on the calling thread alone.
  int detect_threads = 2;
};

// The build's models folder (a compile-time absolute path), used when no folder is configured.
std::string DefaultModelDir();

class FaceEncoder {
 public:
  // Loads both models. kNotFound naming the file when one is missing (run the build, or
  // scripts/fetch-face-model); kDataLoss when a file does not load.
  static core::Result<std::unique_ptr<FaceEncoder>> Open(const FaceEncoderOptions& options);
  ~FaceEncoder();
  FaceEncoder(const FaceEncoder&) = delete;
  FaceEncoder& operator=(const FaceEncoder&) = delete;

  // Every face found, largest first (no size filter). Never fails on a valid image.
  std::vector<FaceBox> Detect(const Image& image);

  // The template of the one face in an enrolment or probe photo. kInvalidArgument (field
  // "image") when: no face is found ("no face found"); the only faces are smaller than
  // min_face_width ("face too small: 31 px wide, at least 40 needed"); or more than one face
  // is large enough ("3 faces found; expected exactly one").
  core::Result<FaceTemplate> Encode(const Image& image);

  // Templates of every face at least min_face_width wide (a group photo), largest first;
  // empty when there is none.
  std::vector<FaceTemplate> EncodeAll(const Image& image);

  // The descriptor of an image that is already an aligned 150×150 face chip (as dlib's
  // examples/johns are): no detection. kInvalidArgument when the image is not 150×150.
  core::Result<Descriptor> EncodeChip(const Image& chip);

  // Descriptors of many chips in one network batch (faster than one by one). Each must be
  // 150×150, else kInvalidArgument naming its index.
  core::Result<std::vector<Descriptor>> EncodeChips(std::span<const Image> chips);

 private:
  struct Impl;
  explicit FaceEncoder(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace istmo::biometrics

// biometrics/evaluate.h — measures identification accuracy on labelled photo folders.
//
// A gallery folder and a probe folder each hold one subfolder per identity (the subfolder's name
// is the identity) with that person's photos. Every gallery photo is enrolled in a FaceIndex;
// every probe photo is searched 1:N. The report gives
//   rank-1 rate   probes whose nearest gallery entry is their own identity, over the probes
//                 whose identity is enrolled;
//   FNMR          genuine probe–gallery pairs (same identity) farther apart than the threshold;
//   FMR           impostor pairs (different identities) at or within the threshold;
//   FTE / FTA     photos that gave no template (no face, several faces, face too small, not an
//                 image), each listed with its reason.
//
// Thread-safety: uses the encoder it is given (serialized inside); one call per encoder at a time.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "biometrics/face.h"
#include "core/result.h"

namespace istmo::biometrics {

struct EvaluationOptions {
  // Operating threshold on the Euclidean distance.
  float threshold = kMatchThreshold;
  // The photos are already aligned 150×150 chips (dlib's examples/johns): skip detection.
  bool chips = false;
};

struct EvaluationReport {
  float threshold = 0;
  int identities = 0;          // gallery subfolders
  int gallery_images = 0;
  int gallery_enrolled = 0;    // gallery photos that gave a template
  int probe_images = 0;
  int probe_templates = 0;     // probe photos that gave a template
  int probes_with_mate = 0;    // ... whose identity is enrolled
  int rank1_hits = 0;
  double rank1_rate = 0;
  std::int64_t genuine_pairs = 0;
  std::int64_t impostor_pairs = 0;
  std::int64_t false_non_matches = 0;
  std::int64_t false_matches = 0;
  double fnmr = 0;
  double fmr = 0;
  std::vector<std::string> failures;  // "<file>: <reason>", one per photo without a template
};

// Called after each photo: (photos done, photos in all).
using ProgressFn = std::function<void(std::size_t done, std::size_t total)>;

// kNotFound when a folder is missing; kInvalidArgument when the gallery has no identity
// subfolder or no gallery photo gives a template. Photos that fail are counted and listed, not
// fatal.
core::Result<EvaluationReport> Evaluate(FaceEncoder& encoder, const std::string& gallery_dir,
                                        const std::string& probes_dir,
                                        const EvaluationOptions& options,
                                        const ProgressFn& progress = {});

// The report as an aligned text table (one metric per line), for a terminal.
std::string FormatEvaluationTable(const EvaluationReport& report);

}  // namespace istmo::biometrics

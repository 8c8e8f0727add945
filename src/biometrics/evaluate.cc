#include "biometrics/evaluate.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <utility>

#include "biometrics/image.h"
#include "biometrics/index.h"

namespace istmo::biometrics {
namespace {

namespace fs = std::filesystem;

struct Photo {
  std::string path;
  std::string identity;
};

// Photos of every identity subfolder, sorted by identity then file name (a stable order makes
// the report reproducible). Files directly in `dir` are ignored.
core::Result<std::vector<Photo>> ListPhotos(const std::string& dir, const std::string& field) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return core::NotFound("no folder " + dir, field);
  std::vector<Photo> photos;
  for (const auto& sub : fs::directory_iterator(dir, ec)) {
    if (!sub.is_directory() || sub.path().filename().string().starts_with(".")) continue;
    for (const auto& file : fs::directory_iterator(sub.path(), ec)) {
      if (!file.is_regular_file() || file.path().filename().string().starts_with(".")) continue;
      photos.push_back({file.path().string(), sub.path().filename().string()});
    }
  }
  if (ec) return core::Unavailable("cannot list " + dir + ": " + ec.message());
  std::sort(photos.begin(), photos.end(), [](const Photo& a, const Photo& b) {
    return std::tie(a.identity, a.path) < std::tie(b.identity, b.path);
  });
  return photos;
}

core::Result<Descriptor> Describe(FaceEncoder& encoder, const std::string& path, bool chips) {
  ISTMO_ASSIGN_OR_RETURN(Image image, LoadImageFile(path));
  if (chips) return encoder.EncodeChip(image);
  ISTMO_ASSIGN_OR_RETURN(FaceTemplate t, encoder.Encode(image));
  return t.descriptor;
}

}  // namespace

core::Result<EvaluationReport> Evaluate(FaceEncoder& encoder, const std::string& gallery_dir,
                                        const std::string& probes_dir,
                                        const EvaluationOptions& options,
                                        const ProgressFn& progress) {
  ISTMO_ASSIGN_OR_RETURN(std::vector<Photo> gallery, ListPhotos(gallery_dir, "gallery"));
  ISTMO_ASSIGN_OR_RETURN(std::vector<Photo> probes, ListPhotos(probes_dir, "probes"));
  if (gallery.empty()) {
    return core::InvalidArgument("gallery " + gallery_dir + " has no identity subfolder with photos",
                                 "gallery");
  }
  EvaluationReport report;
  report.threshold = options.threshold;
  report.gallery_images = static_cast<int>(gallery.size());
  report.probe_images = static_cast<int>(probes.size());
  const std::size_t total = gallery.size() + probes.size();
  std::size_t done = 0;

  auto encode_all = [&](const std::vector<Photo>& photos, std::vector<Descriptor>& descriptors,
                        std::vector<std::string>& identities) {
    for (const Photo& photo : photos) {
      auto d = Describe(encoder, photo.path, options.chips);
      if (d) {
        descriptors.push_back(*d);
        identities.push_back(photo.identity);
      } else {
        std::string message = d.error().message;
        if (message.starts_with(photo.path + ": ")) message.erase(0, photo.path.size() + 2);
        report.failures.push_back(photo.path + ": " + message);
      }
      if (progress) progress(++done, total);
    }
  };
  std::vector<Descriptor> gallery_descriptors, probe_descriptors;
  std::vector<std::string> gallery_identities, probe_identities;
  encode_all(gallery, gallery_descriptors, gallery_identities);
  encode_all(probes, probe_descriptors, probe_identities);

  report.gallery_enrolled = static_cast<int>(gallery_descriptors.size());
  report.probe_templates = static_cast<int>(probe_descriptors.size());
  std::vector<std::string> enrolled = gallery_identities;
  enrolled.erase(std::unique(enrolled.begin(), enrolled.end()), enrolled.end());
  {
    std::vector<std::string> folders;
    for (const Photo& p : gallery) folders.push_back(p.identity);
    folders.erase(std::unique(folders.begin(), folders.end()), folders.end());
    report.identities = static_cast<int>(folders.size());
  }
  if (gallery_descriptors.empty()) {
    return core::InvalidArgument("no gallery photo gave a face template", "gallery");
  }

  // 1:N: the product's index, one entry per gallery template, labelled by its position.
  IndexOptions index_options;
  index_options.initial_capacity = gallery_descriptors.size();
  ISTMO_ASSIGN_OR_RETURN(std::unique_ptr<FaceIndex> index, FaceIndex::Create(index_options));
  for (std::size_t i = 0; i < gallery_descriptors.size(); ++i) {
    ISTMO_RETURN_IF_ERROR(index->Add(i, gallery_descriptors[i]));
  }
  for (std::size_t p = 0; p < probe_descriptors.size(); ++p) {
    const std::string& identity = probe_identities[p];
    if (std::binary_search(enrolled.begin(), enrolled.end(), identity)) {
      ++report.probes_with_mate;
      const std::vector<Match> top = index->Search(probe_descriptors[p], 1);
      if (!top.empty() && gallery_identities[top.front().label] == identity) ++report.rank1_hits;
    }
    // 1:1 at the operating threshold, every probe against every gallery template.
    for (std::size_t g = 0; g < gallery_descriptors.size(); ++g) {
      const bool same = gallery_identities[g] == identity;
      const bool match = Distance(probe_descriptors[p], gallery_descriptors[g]) <= options.threshold;
      if (same) {
        ++report.genuine_pairs;
        if (!match) ++report.false_non_matches;
      } else {
        ++report.impostor_pairs;
        if (match) ++report.false_matches;
      }
    }
  }
  auto rate = [](std::int64_t n, std::int64_t d) {
    return d == 0 ? 0.0 : static_cast<double>(n) / static_cast<double>(d);
  };
  report.rank1_rate = rate(report.rank1_hits, report.probes_with_mate);
  report.fnmr = rate(report.false_non_matches, report.genuine_pairs);
  report.fmr = rate(report.false_matches, report.impostor_pairs);
  return report;
}

std::string FormatEvaluationTable(const EvaluationReport& r) {
  std::string out;
  auto row = [&](const char* name, const std::string& value, const std::string& detail = {}) {
    char line[160];
    std::snprintf(line, sizeof line, "%-28s %12s  %s\n", name, value.c_str(), detail.c_str());
    out += line;
  };
  auto pct = [](double x) {
    char s[32];
    std::snprintf(s, sizeof s, "%.2f%%", 100 * x);
    return std::string(s);
  };
  auto frac = [](std::int64_t n, std::int64_t d) {
    return std::to_string(n) + " / " + std::to_string(d);
  };
  char threshold[32];
  std::snprintf(threshold, sizeof threshold, "%.3f", r.threshold);
  row("metric", "value", "count");
  row("identities (gallery)", std::to_string(r.identities));
  row("gallery photos enrolled", std::to_string(r.gallery_enrolled),
      frac(r.gallery_enrolled, r.gallery_images));
  row("probe photos with template", std::to_string(r.probe_templates),
      frac(r.probe_templates, r.probe_images));
  row("rank-1 identification rate", pct(r.rank1_rate), frac(r.rank1_hits, r.probes_with_mate));
  row("threshold (Euclidean)", threshold);
  row("false non-match rate (FNMR)", pct(r.fnmr), frac(r.false_non_matches, r.genuine_pairs));
  row("false match rate (FMR)", pct(r.fmr), frac(r.false_matches, r.impostor_pairs));
  row("failures to enrol/acquire", std::to_string(r.failures.size()));
  return out;
}

}  // namespace istmo::biometrics

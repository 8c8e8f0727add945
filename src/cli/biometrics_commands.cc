// `istmo biometrics ...`: face descriptors and identification accuracy from the command line.
#include <unistd.h>

#include <cstdio>
#include <memory>
#include <string>

#include "biometrics/evaluate.h"
#include "biometrics/face.h"
#include "biometrics/image.h"
#include "cli/commands.h"
#include "core/config.h"

extern char** environ;

namespace istmo::cli {
namespace {

struct ModelOptions {
  std::string model_dir;  // --model-dir; else config biometrics.model_dir; else the build's
};

core::Result<std::unique_ptr<biometrics::FaceEncoder>> OpenEncoder(const ModelOptions& opts) {
  biometrics::FaceEncoderOptions options;
  options.model_dir = opts.model_dir;
  if (options.model_dir.empty()) {
    core::Config config;
    if (!Globals().config_file.empty()) {
      ISTMO_ASSIGN_OR_RETURN(config, core::Config::Load(Globals().config_file));
    }
    config.MergeEnvironment(environ);
    options.model_dir = config.GetString("biometrics.model_dir", "");
  }
  return biometrics::FaceEncoder::Open(options);
}

// A one-line bar on stderr, redrawn in place: "[##########..........]  20/40 photos".
void DrawProgress(std::size_t done, std::size_t total) {
  constexpr int kWidth = 30;
  const int filled = total == 0 ? kWidth : static_cast<int>(kWidth * done / total);
  std::string bar(static_cast<std::size_t>(filled), '#');
  bar.append(static_cast<std::size_t>(kWidth - filled), '.');
  std::fprintf(stderr, "\r[%s] %zu/%zu photos", bar.c_str(), done, total);
  if (done == total) std::fputc('\n', stderr);
  std::fflush(stderr);
}

void AddDescriptorCommand(CLI::App& group) {
  struct Args {
    ModelOptions model;
    std::string image;
    bool chip = false;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = group.add_subcommand(
      "descriptor", "Print the 128-d face descriptor of the one face in a photo, as JSON");
  cmd->add_option("IMAGE", args->image, "JPEG or PNG photo with exactly one face")->required();
  cmd->add_flag("--chip", args->chip, "The photo is an aligned 150x150 face chip: no detection");
  cmd->add_option("--model-dir", args->model.model_dir,
                  "Face models folder (default: config biometrics.model_dir, then the build's)");
  cmd->callback([args] {
    auto encoder = OrFail(OpenEncoder(args->model));
    const biometrics::Image image = OrFail(biometrics::LoadImageFile(args->image));
    biometrics::FaceTemplate t;
    if (args->chip) {
      t.descriptor = OrFail(encoder->EncodeChip(image));
      t.box = {.left = 0, .top = 0, .width = image.width, .height = image.height};
    } else {
      t = OrFail(encoder->Encode(image));
    }
    std::printf("{\"box\":{\"left\":%d,\"top\":%d,\"width\":%d,\"height\":%d},\"descriptor\":[",
                t.box.left, t.box.top, t.box.width, t.box.height);
    for (int i = 0; i < biometrics::kDescriptorSize; ++i) {
      std::printf("%s%.9g", i == 0 ? "" : ",", static_cast<double>(t.descriptor[i]));
    }
    std::printf("]}\n");
  });
}

void AddEvaluateCommand(CLI::App& group) {
  struct Args {
    ModelOptions model;
    std::string gallery;
    std::string probes;
    biometrics::EvaluationOptions options;
    bool quiet = false;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = group.add_subcommand(
      "evaluate",
      "Enrol a gallery, search every probe 1:N and print rank-1 rate, FNMR and FMR as a table");
  cmd->add_option("--gallery", args->gallery, "Folder with one subfolder of photos per identity")
      ->required();
  cmd->add_option("--probes", args->probes, "Folder with one subfolder of photos per identity")
      ->required();
  cmd->add_option("--threshold", args->options.threshold,
                  "Operating threshold on the Euclidean distance")
      ->capture_default_str()
      ->check(CLI::Range(0.0f, 4.0f));
  cmd->add_flag("--chips", args->options.chips,
                "Photos are aligned 150x150 face chips: no detection");
  cmd->add_flag("--quiet", args->quiet, "No progress bar");
  cmd->add_option("--model-dir", args->model.model_dir,
                  "Face models folder (default: config biometrics.model_dir, then the build's)");
  cmd->callback([args] {
    auto encoder = OrFail(OpenEncoder(args->model));
    biometrics::ProgressFn progress;
    if (!args->quiet) progress = DrawProgress;
    const biometrics::EvaluationReport report = OrFail(
        biometrics::Evaluate(*encoder, args->gallery, args->probes, args->options, progress));
    for (const std::string& failure : report.failures) {
      std::fprintf(stderr, "istmo: no template: %s\n", failure.c_str());
    }
    std::fputs(biometrics::FormatEvaluationTable(report).c_str(), stdout);
  });
}

}  // namespace

void AddBiometricsCommands(CLI::App& app) {
  CLI::App* group =
      app.add_subcommand("biometrics", "Face descriptors, 1:N identification and its accuracy");
  group->require_subcommand(1);
  AddDescriptorCommand(*group);
  AddEvaluateCommand(*group);
}

}  // namespace istmo::cli

// `istmo biometrics ...`: face descriptors and identification accuracy from the command line.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "biometrics/evaluate.h"
#include "biometrics/face.h"
#include "biometrics/image.h"
#include "biometrics/json.h"
#include "biometrics/people.h"
#include "cli/commands.h"
#include "cli/runtime.h"
#include "core/config.h"
#include "core/time.h"
#include "migration/people.h"
#include "store/scope.h"

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

std::vector<std::uint8_t> ReadPhoto(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) Fail(core::NotFound("cannot read photo " + path));
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

biometrics::FaceRegistry& OpenRegistry(Runtime& rt) { return *OrFail(rt.faces->Registry()); }

void PrintWatchlists(const std::vector<biometrics::Watchlist>& lists) {
  std::printf("%-36s %-8s %-24s %s\n", "ID", "ENTRIES", "RELEASABLE TO", "NAME");
  for (const auto& w : lists) {
    std::string rel;
    for (const auto& r : w.releasability) rel += (rel.empty() ? "" : ",") + r;
    std::printf("%-36s %-8lld %-24s %s\n", w.id.c_str(), static_cast<long long>(w.entries),
                rel.empty() ? "(owner only)" : rel.c_str(), w.name.c_str());
  }
}

void AddIdentifyCommand(CLI::App& group) {
  struct Args {
    std::string photo, org;
    int candidates = 5;
    bool json = false;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = group.add_subcommand(
      "identify", "Search the face of a photo against every template and watchlist (1:N)");
  AddDbOption(cmd);
  cmd->add_option("PHOTO", args->photo, "JPEG or PNG with exactly one face")->required();
  cmd->add_option("--org", args->org, "Organization searching (name or id), for the audit log");
  cmd->add_option("--candidates", args->candidates, "Nearest templates to list")
      ->capture_default_str()
      ->check(CLI::Range(1, 50));
  cmd->add_flag("--json", args->json, "Print the answer as JSON");
  cmd->callback([args] {
    const std::vector<std::uint8_t> photo = ReadPhoto(args->photo);
    Runtime rt = OrFail(OpenRuntime());
    const store::AccessScope scope = ActingFor(rt, args->org);
    const biometrics::FaceTemplate face = OrFail(rt.faces->Describe(photo, "PHOTO"));
    auto found = OrFail(OpenRegistry(rt).Identify(
        scope, face.descriptor, static_cast<std::size_t>(args->candidates),
        core::SystemClock::Get().Now()));
    if (args->json) {
      OrFail(rt.store->Read<bool>([&](store::Connection& c) -> core::Result<bool> {
        ISTMO_RETURN_IF_ERROR(biometrics::DescribePeople(
            c, scope, &migration::EncounterPeople(), found.candidates, found.hits));
        return true;
      }));
      nlohmann::json candidates = nlohmann::json::array();
      for (const auto& c : found.candidates) candidates.push_back(biometrics::CandidateJson(c));
      nlohmann::json hits = nlohmann::json::array();
      for (const auto& h : found.hits) hits.push_back(biometrics::WatchlistHitJson(h));
      std::printf("%s\n",
                  nlohmann::json{{"candidates", candidates},
                                 {"people", biometrics::PeopleJson(
                                                biometrics::GroupByPerson(found.candidates))},
                                 {"watchlist_hits", hits}}
                      .dump(2)
                      .c_str());
      return;
    }
    std::printf("%-8s %-6s %-36s %s\n", "DISTANCE", "MATCH", "PERSON", "TEMPLATE");
    for (const auto& c : found.candidates) {
      std::printf("%-8.3f %-6s %-36s %s\n", static_cast<double>(c.distance),
                  c.match ? "yes" : "no", c.person_id.c_str(), c.template_id.c_str());
    }
    if (found.candidates.empty()) std::fprintf(stderr, "istmo: no face enrolled yet\n");
    for (const auto& h : found.hits) {
      std::fprintf(stderr, "istmo: WATCHLIST HIT: %s (%s), person %s, distance %.3f, alert %s\n",
                   h.watchlist_name.c_str(), h.reason.c_str(), h.person_id.c_str(),
                   static_cast<double>(h.distance), h.alert_id.c_str());
    }
  });
}

void AddWatchlistCommands(CLI::App& group) {
  CLI::App* watchlist =
      group.add_subcommand("watchlist", "Watchlists: create, list, show, add and remove persons");
  watchlist->require_subcommand(1);
  {
    struct Args {
      std::string org, name;
      std::vector<std::string> release;
    };
    auto args = std::make_shared<Args>();
    CLI::App* cmd = watchlist->add_subcommand("create", "Create a watchlist; prints its id");
    AddDbOption(cmd);
    cmd->add_option("--org", args->org, "Owning organization (name or id), e.g. DHS")->required();
    cmd->add_option("--name", args->name, "Name, e.g. \"INTERPOL red notices\"")->required();
    cmd->add_option("--release", args->release,
                    "Releasable to: ALL, a country (PAN) or org:<id>; repeatable");
    cmd->callback([args] {
      Runtime rt = OrFail(OpenRuntime({.create_template_key = true}));
      auto w = OrFail(OpenRegistry(rt).CreateWatchlist(ActingFor(rt, args->org), args->name,
                                                       args->release,
                                                       core::SystemClock::Get().Now()));
      std::printf("%s\n", w.id.c_str());
    });
  }
  {
    CLI::App* cmd = watchlist->add_subcommand("list", "List every watchlist");
    AddDbOption(cmd);
    cmd->callback([] {
      Runtime rt = OrFail(OpenRuntime());
      PrintWatchlists(OrFail(OpenRegistry(rt).ListWatchlists(store::AccessScope::System())));
    });
  }
  {
    auto id = std::make_shared<std::string>();
    CLI::App* cmd = watchlist->add_subcommand("show", "One watchlist and its entries");
    AddDbOption(cmd);
    cmd->add_option("WATCHLIST", *id, "Watchlist id")->required();
    cmd->callback([id] {
      Runtime rt = OrFail(OpenRuntime());
      auto d = OrFail(OpenRegistry(rt).GetWatchlist(store::AccessScope::System(), *id));
      PrintWatchlists({d.watchlist});
      std::printf("\n%-36s %-36s %-5s %-24s %s\n", "ENTRY", "PERSON", "FACE", "NAME", "REASON");
      for (const auto& e : d.entries) {
        std::printf("%-36s %-36s %-5s %-24s %s\n", e.id.c_str(), e.person_id.c_str(),
                    e.template_id.empty() ? "no" : "yes", e.name.c_str(), e.reason.c_str());
      }
    });
  }
  {
    struct Args {
      std::string watchlist, person, name, reason, photo;
    };
    auto args = std::make_shared<Args>();
    CLI::App* cmd = watchlist->add_subcommand(
        "add", "List a person: by --person (an encounter's person id) or by --photo, whose face "
               "is enrolled with the entry; prints the entry id");
    AddDbOption(cmd);
    cmd->add_option("WATCHLIST", args->watchlist, "Watchlist id")->required();
    cmd->add_option("--reason", args->reason, "Why the person is listed")->required();
    cmd->add_option("--person", args->person, "Person id, from an encounter");
    cmd->add_option("--name", args->name, "The subject's name, as the listing agency knows it");
    cmd->add_option("--photo", args->photo, "JPEG or PNG of the subject's face");
    cmd->callback([args] {
      if (args->person.empty() && args->photo.empty()) {
        Fail(core::InvalidArgument("give --person or --photo"));
      }
      std::vector<std::uint8_t> photo;
      if (!args->photo.empty()) photo = ReadPhoto(args->photo);
      Runtime rt = OrFail(OpenRuntime({.create_template_key = true}));
      biometrics::NewWatchlistEntry entry{
          .person_id = args->person, .name = args->name, .reason = args->reason};
      if (!photo.empty()) {
        auto kept = OrFail(rt.faces->DescribeToKeep(photo, "--photo"));
        entry.face = kept.face.descriptor;
        entry.photo = std::move(kept.photo);
      }
      auto added = OrFail(OpenRegistry(rt).AddToWatchlist(store::AccessScope::System(),
                                                          args->watchlist, std::move(entry),
                                                          core::SystemClock::Get().Now()));
      std::printf("%s\n", added.id.c_str());
      std::fprintf(stderr, "istmo: person %s listed%s\n", added.person_id.c_str(),
                   added.template_id.empty() ? "" : " with a face");
    });
  }
  {
    struct Args {
      std::string watchlist, entry;
    };
    auto args = std::make_shared<Args>();
    CLI::App* cmd = watchlist->add_subcommand("remove", "Take an entry off a watchlist");
    AddDbOption(cmd);
    cmd->add_option("WATCHLIST", args->watchlist, "Watchlist id")->required();
    cmd->add_option("ENTRY", args->entry, "Entry id")->required();
    cmd->callback([args] {
      Runtime rt = OrFail(OpenRuntime());
      OrFail(OpenRegistry(rt).RemoveFromWatchlist(store::AccessScope::System(), args->watchlist,
                                                  args->entry, core::SystemClock::Get().Now()));
    });
  }
}

void AddPhotoCommands(CLI::App& group) {
  CLI::App* photos = group.add_subcommand("photos", "Kept face photos: retention");
  photos->require_subcommand(1);
  CLI::App* cmd = photos->add_subcommand(
      "purge", "Erase the face photos older than their organization's retention (the faces "
               "stay); prints how many were erased");
  AddDbOption(cmd);
  cmd->callback([] {
    Runtime rt = OrFail(OpenRuntime());
    const std::int64_t erased =
        OrFail(app::PurgeExpiredPhotos(*rt.store, core::SystemClock::Get().Now()));
    std::printf("%lld\n", static_cast<long long>(erased));
    std::fprintf(stderr, "istmo: %lld photo(s) erased\n", static_cast<long long>(erased));
  });
}

}  // namespace

void AddBiometricsCommands(CLI::App& app) {
  CLI::App* group =
      app.add_subcommand("biometrics", "Face descriptors, 1:N identification and its accuracy");
  group->require_subcommand(1);
  AddDescriptorCommand(*group);
  AddEvaluateCommand(*group);
  AddIdentifyCommand(*group);
  AddWatchlistCommands(*group);
  AddPhotoCommands(*group);
}

}  // namespace istmo::cli

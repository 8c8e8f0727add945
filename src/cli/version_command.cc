#include <cstdio>

#include "cli/commands.h"

#ifndef ISTMO_VERSION
#define ISTMO_VERSION "dev"
#endif

namespace istmo::cli {

void AddVersionCommand(CLI::App& app) {
  auto* cmd = app.add_subcommand("version", "Print the version");
  cmd->callback([] { std::printf("istmo %s\n", ISTMO_VERSION); });
}

}  // namespace istmo::cli

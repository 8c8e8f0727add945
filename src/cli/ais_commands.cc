#include "cli/commands.h"

namespace istmo::cli {

// `istmo ais ...` is declared by the ais work; until then the group exists but is empty.
void AddAisCommands(CLI::App& app) {
  app.add_subcommand("ais", "Decode and summarize AIS (NMEA 0183) logs")->require_subcommand(1);
}

}  // namespace istmo::cli

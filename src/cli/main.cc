// istmo — the single binary: `istmo <command> [options]`. See `istmo --help`.
#include <cstdio>
#include <exception>

#include "cli/commands.h"
#include "core/log.h"

namespace istmo::cli {

GlobalOptions& Globals() {
  static GlobalOptions options;
  return options;
}

void Fail(const core::Error& error) {
  std::fprintf(stderr, "istmo: %s\n", error.ToString().c_str());
  throw CLI::RuntimeError(core::ExitCode(error.code));
}

}  // namespace istmo::cli

int main(int argc, char** argv) {
  using namespace istmo;
  CLI::App app{"Istmo: U.S.–Panama security cooperation information system", "istmo"};
  app.require_subcommand(1);
  app.set_help_all_flag("--help-all", "Show help for every command");
  app.fallthrough();  // --config, --log-level and --log-json also after the command
  auto& g = cli::Globals();
  app.add_option("--config", g.config_file, "Config file (key = value lines)");
  app.add_option("--log-level", g.log_level, "debug, info, warn, error or off");
  app.add_flag("--log-json", g.log_json, "Write logs as JSON lines");

  cli::AddPlatformCommands(app);
  cli::AddVersionCommand(app);
  cli::AddAisCommands(app);
  cli::AddBiometricsCommands(app);
  cli::AddMigrationCommands(app);
  cli::AddMaritimeCommands(app);
  cli::AddCanalCommands(app);

  try {
    app.parse(argc, argv);
  } catch (const CLI::RuntimeError& e) {
    return e.get_exit_code();  // Fail() already printed the message
  } catch (const CLI::ParseError& e) {
    // --help prints and exits 0; a usage mistake prints CLI11's message and exits 64 (EX_USAGE).
    int code = app.exit(e);
    return code == 0 ? 0 : 64;
  } catch (const std::exception& e) {
    core::log::Error("unexpected_error", {{"what", e.what()}});
    std::fprintf(stderr, "istmo: internal error: %s\n", e.what());
    return 70;
  }
  return 0;
}

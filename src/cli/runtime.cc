#include "cli/runtime.h"

#include <unistd.h>

#include <filesystem>
#include <iostream>

#include "cli/commands.h"

namespace istmo::cli {

core::Result<core::Config> LoadConfig(
    const std::vector<std::pair<std::string, std::string>>& overrides) {
  const GlobalOptions& g = Globals();
  std::vector<std::pair<std::string, std::string>> flags;
  if (!g.db.empty()) flags.emplace_back("db", g.db);
  if (!g.log_level.empty()) flags.emplace_back("log.level", g.log_level);
  if (g.log_json) flags.emplace_back("log.json", "true");
  flags.insert(flags.end(), overrides.begin(), overrides.end());
  return app::LoadConfig(g.config_file, flags);
}

core::Result<Runtime> OpenRuntime(const app::RuntimeOptions& options) {
  ISTMO_ASSIGN_OR_RETURN(core::Config config, LoadConfig());
  return app::OpenRuntime(std::move(config), options);
}

void AddDbOption(CLI::App* cmd) {
  cmd->add_option("--db", Globals().db, "SQLite database file (default var/istmo.db)");
}

store::AccessScope ActingFor(Runtime& rt, const std::string& org) {
  store::AccessScope scope = store::AccessScope::System();
  if (org.empty()) return scope;
  auto o = OrFail(rt.auth->FindOrganization(org));
  scope.org_id = o.id;
  scope.org_name = o.name;
  scope.country = o.country;
  return scope;
}

std::string ExecutableDir() {
  std::error_code ec;
  auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return ".";
  return exe.parent_path().string();
}

core::Result<std::string> ReadSecretLine(const std::string& what) {
  if (isatty(STDIN_FILENO)) std::cerr << what << ": " << std::flush;
  std::string line;
  if (!std::getline(std::cin, line)) return core::InvalidArgument("no " + what + " on standard input");
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

}  // namespace istmo::cli

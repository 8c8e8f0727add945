#include "cli/runtime.h"

#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>

#include "api/services.h"
#include "cli/commands.h"
#include "core/id.h"
#include "core/log.h"

extern char** environ;

namespace istmo::cli {

core::Result<core::Config> LoadConfig() {
  const GlobalOptions& g = Globals();
  core::Config config;
  if (!g.config_file.empty()) {
    ISTMO_ASSIGN_OR_RETURN(config, core::Config::Load(g.config_file));
  }
  config.MergeEnvironment(environ);
  if (!g.db.empty()) config.Set("db", g.db);
  if (!g.log_level.empty()) config.Set("log.level", g.log_level);
  if (g.log_json) config.Set("log.json", "true");

  core::log::Options log;
  ISTMO_ASSIGN_OR_RETURN(log.level, core::log::ParseLevel(config.GetString("log.level", "info")));
  ISTMO_ASSIGN_OR_RETURN(log.json, config.GetBool("log.json", false));
  log.file = config.GetString("log.file", "");
  ISTMO_RETURN_IF_ERROR(core::log::Init(log));
  return config;
}

namespace {

// Face templates are sealed with biometrics.template_key. When none is configured, the key is
// kept in a file beside the database (created once, mode 0600), so that a station's photos work
// out of the box; production sets the key from its secret store instead.
core::Status EnsureTemplateKey(Runtime& rt) {
  if (!rt.config.GetString("biometrics.template_key", "").empty()) return core::Ok();
  std::string path = rt.config.GetString("biometrics.template_key_file", rt.db_path + ".key");
  std::string hex;
  if (std::ifstream in(path); in) {
    std::getline(in, hex);
  } else {
    unsigned char raw[32];
    core::RandomBytes(raw, sizeof raw);
    hex = core::HexEncode(raw, sizeof raw);
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
    if (fd < 0) return core::InvalidArgument("cannot create the template key file " + path, "biometrics.template_key_file");
    std::string line = hex + "\n";
    bool ok = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size()) && ::fsync(fd) == 0;
    ::close(fd);
    if (!ok) return core::Internal("cannot write the template key file " + path);
    core::log::Info("template_key_created", {{"file", path}});
  }
  if (hex.size() != 64) {
    return core::InvalidArgument(path + " does not hold a 64-hex-digit key", "biometrics.template_key_file");
  }
  rt.config.Set("biometrics.template_key", hex);
  return core::Ok();
}

}  // namespace

core::Result<Runtime> OpenRuntime() {
  Runtime rt;
  ISTMO_ASSIGN_OR_RETURN(rt.config, LoadConfig());
  rt.db_path = rt.config.GetString("db", "var/istmo.db");
  std::filesystem::path parent = std::filesystem::path(rt.db_path).parent_path();
  std::error_code ec;
  if (!parent.empty() && rt.db_path == "var/istmo.db") std::filesystem::create_directories(parent, ec);
  ISTMO_ASSIGN_OR_RETURN(rt.store, store::Store::Open({.path = rt.db_path}, api::AllMigrations()));
  ISTMO_RETURN_IF_ERROR(EnsureTemplateKey(rt));
  rt.faces = std::make_shared<biometrics::FaceService>(
      *rt.store, biometrics::FaceServiceOptions{
                     .model_dir = rt.config.GetString("biometrics.model_dir", ""),
                     .template_key_hex = rt.config.GetString("biometrics.template_key", "")});
  auth::Options options;
  ISTMO_ASSIGN_OR_RETURN(auto ttl_minutes, rt.config.GetInt("auth.token_ttl_minutes", 12 * 60, 1, 60 * 24 * 30));
  options.token_ttl = std::chrono::minutes(ttl_minutes);
  rt.auth = std::make_unique<auth::AuthService>(*rt.store, core::SystemClock::Get(), options);
  return rt;
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

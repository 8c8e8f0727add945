// cli/runtime.h — what a command that touches the database opens: config, store, auth.
#pragma once

#include <memory>
#include <string>

#include "auth/auth.h"
#include "biometrics/faces.h"
#include "core/config.h"
#include "core/result.h"
#include "store/store.h"

namespace istmo::cli {

struct Runtime {
  core::Config config;
  std::string db_path;
  std::unique_ptr<store::Store> store;
  std::unique_ptr<auth::AuthService> auth;
  // Face identification on this database (opened on first use), from biometrics.model_dir and
  // biometrics.template_key (or the key file beside the database).
  std::shared_ptr<biometrics::FaceService> faces;
};

// Reads --config (if given) and ISTMO_* variables, sets up logging, and opens the database
// named by --db / db (default var/istmo.db, whose folder is created), applying migrations.
core::Result<Runtime> OpenRuntime();

// Loads config and logging only (commands that need no database).
core::Result<core::Config> LoadConfig();

// The folder of the running binary (/proc/self/exe), for defaults such as web/dist and data/.
std::string ExecutableDir();

// Reads one line (a password) from standard input, without the newline.
core::Result<std::string> ReadSecretLine(const std::string& what);

}  // namespace istmo::cli

// cli/runtime.h — what a command that touches the database opens (the composition root's
// Runtime: config, store, auth, faces), from the global flags.
#pragma once

#include <string>

#include "app/app.h"
#include "cli/commands.h"
#include "core/config.h"
#include "core/result.h"

namespace istmo::cli {

// Reads --config (if given), ISTMO_* variables and the global flags, sets up logging, and opens
// the database named by --db / db (default var/istmo.db, whose folder is created), applying
// migrations. Only commands that may enrol faces pass {.create_template_key = true}.
core::Result<Runtime> OpenRuntime(const app::RuntimeOptions& options = {});

// Loads config and logging only (commands that need no database). `overrides` are the
// command's own flags as settings, on top of the global ones.
core::Result<core::Config> LoadConfig(
    const std::vector<std::pair<std::string, std::string>>& overrides = {});

// The folder of the running binary (/proc/self/exe), for defaults such as web/dist and data/.
std::string ExecutableDir();

// Reads one line (a password) from standard input, without the newline.
core::Result<std::string> ReadSecretLine(const std::string& what);

}  // namespace istmo::cli

// cli/commands.h — how each module adds its subcommands to `istmo`.
//
// main.cc builds the CLI11 app and calls every Add*Commands function below. A subcommand's
// callback reports failure with Fail(error), which prints "istmo: <message>" to stderr and ends
// the process with the error's sysexits code (core::ExitCode). Output meant for a program goes
// to stdout; progress and messages for a person go to stderr.
#pragma once

#include <CLI/CLI.hpp>

#include <string>

#include "core/result.h"
#include "store/scope.h"

namespace istmo::app {
struct Runtime;
}  // namespace istmo::app

namespace istmo::cli {

using Runtime = app::Runtime;

// Throws CLI::RuntimeError carrying core::ExitCode(error.code), after printing the message.
// Only for use inside CLI11 callbacks (main catches it).
[[noreturn]] void Fail(const core::Error& error);

// Unwraps a Result inside a callback, or Fail()s with its error.
template <class T>
T OrFail(core::Result<T> r) {
  if (!r) Fail(r.error());
  return std::move(r).value();
}
inline void OrFail(core::Status s) {
  if (!s) Fail(s.error());
}

// Shared options every command that opens the database understands.
struct GlobalOptions {
  std::string config_file;  // --config
  std::string db;           // --db (SQLite file path or postgresql:// URL)
  std::string log_level;    // --log-level
  bool log_json = false;    // --log-json
};
GlobalOptions& Globals();

// Adds --db (stored in Globals().db) to a command that opens the database.
void AddDbOption(CLI::App* cmd);

void AddVersionCommand(CLI::App& app);
void AddPlatformCommands(CLI::App& app);  // cli/platform_commands.cc
void AddAisCommands(CLI::App& app);  // cli/ais_commands.cc
void AddBiometricsCommands(CLI::App& app);  // cli/biometrics_commands.cc
void AddMigrationCommands(CLI::App& app);  // cli/migration_commands.cc
void AddMaritimeCommands(CLI::App& app);  // cli/maritime_commands.cc
void AddCanalCommands(CLI::App& app);  // cli/canal_commands.cc

// The local operator's scope (store::AccessScope::System()), owning what it writes as `org`
// (a name or id; empty: no organization). Fail()s when there is no such organization.
store::AccessScope ActingFor(Runtime& rt, const std::string& org);
// The migration part of `istmo demo` (cli/migration_commands.cc): calibrated synthetic
// encounters and the first repatriation flight, owned by the SNM demo organization.
void LoadMigrationDemo(Runtime& rt);
// The maritime part of `istmo demo` (cli/maritime_commands.cc): a handful of invented
// interdiction cases (maritime/case_demo.h), after the migration demo (their crew).
void LoadMaritimeDemo(Runtime& rt);
// The canal part of `istmo demo` (cli/canal_demo.cc): ANA's units, the shipped rules of
// `data_dir`/canal/rules.json, transits of the past 90 days and the next 7 with their manifests,
// scores and past inspections (canal/demo.h), and the demo vessels in the maritime registry.
void LoadCanalDemo(Runtime& rt, const std::string& data_dir);

}  // namespace istmo::cli

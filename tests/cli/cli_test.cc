// The istmo binary run as an operator runs it (ISTMO_BINARY_DIR/istmo, in a temp folder): a
// read-only command creates no template key; a command that enrols faces creates it mode 0600;
// the database file is mode 0600; a key file open to others is warned about; a permission
// problem is named as one, with exit status 77.
#include <sys/stat.h>
#include <sys/wait.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "testing/temp_dir.h"

namespace istmo::cli {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

struct CommandRun {
  int exit_code = -1;
  std::string output;  // stdout and stderr together
};

// Runs `istmo <args>` with the shell, stdin from /dev/null.
CommandRun Istmo(const std::string& args) {
  const char* binary_dir = std::getenv("ISTMO_BINARY_DIR");
  EXPECT_NE(binary_dir, nullptr);
  const std::string command =
      std::string(binary_dir != nullptr ? binary_dir : ".") + "/istmo " + args + " </dev/null 2>&1";
  CommandRun run;
  FILE* pipe = popen(command.c_str(), "r");
  EXPECT_NE(pipe, nullptr) << command;
  if (pipe == nullptr) return run;
  std::array<char, 512> buf;
  while (fgets(buf.data(), buf.size(), pipe) != nullptr) run.output += buf.data();
  const int status = pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

unsigned ModeOf(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 ? static_cast<unsigned>(st.st_mode & 0777) : 07777;
}

class Cli : public ::testing::Test {
 protected:
  std::string Db() const { return dir_.File("istmo.db"); }
  std::string Key() const { return Db() + ".key"; }
  testing::TempDir dir_;
};

TEST_F(Cli, AuditVerifyAndOtherReadOnlyCommandsCreateNoTemplateKey) {
  for (const std::string command :
       {"audit verify", "audit list", "init", "org list", "user list",
        "biometrics watchlist list", "biometrics photos purge"}) {
    CommandRun run = Istmo(command + " --db " + Db());
    // watchlist list needs the face registry, which has no key yet: it says which setting.
    if (command == "biometrics watchlist list") {
      EXPECT_THAT(run.output, HasSubstr("biometrics.template_key")) << command;
    } else {
      EXPECT_EQ(run.exit_code, 0) << command << "\n" << run.output;
    }
    EXPECT_FALSE(std::filesystem::exists(Key())) << command << " created " << Key();
  }
}

// The server's deadlines, caps and pools are settings (docs/operations.md): a value out of its
// range stops `serve` before it opens a port, naming the setting.
TEST_F(Cli, ServeRefusesAPoolSettingOutOfRangeNamingIt) {
  const std::string config = dir_.File("istmo.conf");
  std::ofstream(config) << "[server]\npool.reports.workers = 0\n";
  CommandRun run = Istmo("serve --port 0 --config " + config + " --db " + Db());
  EXPECT_EQ(run.exit_code, 65) << run.output;
  EXPECT_THAT(run.output, HasSubstr("server.pool.reports.workers"));
}

TEST_F(Cli, ACommandThatEnrolsCreatesTheKeyMode0600AndTheDatabaseIs0600Too) {
  ASSERT_EQ(Istmo("org add DHS --full-name 'Homeland Security' --country USA"
                  " --kind homeland_security --db " + Db()).exit_code, 0);
  CommandRun created = Istmo("biometrics watchlist create --org DHS --name Lookouts --db " + Db());
  ASSERT_EQ(created.exit_code, 0) << created.output;
  ASSERT_TRUE(std::filesystem::exists(Key()));
  EXPECT_EQ(ModeOf(Key()), 0600u);
  EXPECT_EQ(ModeOf(Db()), 0600u);
  // The key now exists: read-only commands use it and do not replace it.
  const auto before = std::filesystem::last_write_time(Key());
  CommandRun listed = Istmo("biometrics watchlist list --db " + Db());
  EXPECT_EQ(listed.exit_code, 0) << listed.output;
  EXPECT_THAT(listed.output, HasSubstr("Lookouts"));
  EXPECT_EQ(std::filesystem::last_write_time(Key()), before);
  EXPECT_THAT(listed.output, Not(HasSubstr("template_key_file_mode")));
}

TEST_F(Cli, AKeyFileOpenToOthersIsWarnedAbout) {
  ASSERT_EQ(Istmo("org add DHS --full-name 'Homeland Security' --country USA"
                  " --kind homeland_security --db " + Db()).exit_code, 0);
  ASSERT_EQ(Istmo("biometrics watchlist create --org DHS --name L --db " + Db()).exit_code, 0);
  ASSERT_EQ(::chmod(Key().c_str(), 0644), 0);
  CommandRun run = Istmo("audit verify --db " + Db());
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_THAT(run.output, HasSubstr("template_key_file_mode"));
  EXPECT_THAT(run.output, HasSubstr("0644"));
}

// Tests run as root, for whom modes do not apply: sysfs refuses new files even to root.
TEST_F(Cli, AFolderItCannotWriteIsNamedWithExitStatus77) {
  CommandRun run = Istmo("init --db /sys/istmo-cli-test.db");
  EXPECT_EQ(run.exit_code, 77) << run.output;
  EXPECT_THAT(run.output, HasSubstr("folder /sys is not writable by this user"));
  EXPECT_THAT(run.output, Not(HasSubstr("not an Istmo database")));
}

}  // namespace
}  // namespace istmo::cli

// `istmo canal import-manifest` and `import-transits`, the binary run as an operator runs it:
// counts, rejects on stderr by file and line, a second run that changes nothing, and clear
// errors for wrong arguments.
#include <cstdio>
#include <fstream>
#include <string>

#include <gtest/gtest.h>
#include <sys/wait.h>

#include "canal/canal_test_util.h"
#include "testing/temp_dir.h"

namespace istmo::canal {
namespace {

using ::istmo::testing::TempDir;

struct Outcome {
  int code = -1;
  std::string out;  // stdout and stderr, the log off
};

Outcome Istmo(const std::string& args) {
  const char* dir = std::getenv("ISTMO_BINARY_DIR");
  const std::string command = std::string(dir != nullptr ? dir : ".") + "/istmo " + args +
                              " --log-level off 2>&1 </dev/null";
  Outcome run;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return run;
  char buf[4096];
  std::size_t n;
  while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) run.out.append(buf, n);
  const int status = pclose(pipe);
  run.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

class CanalCli : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = dir_.File("c.db");
    ASSERT_EQ(Istmo("org add ACP --full-name 'Autoridad del Canal' --country PAN --kind canal "
                    "--db '" +
                    db_ + "'")
                  .code,
              0);
  }
  std::string Write(const std::string& name, const std::string& text) {
    const std::string path = dir_.File(name);
    std::ofstream(path) << text;
    return path;
  }
  TempDir dir_;
  std::string db_;
};

TEST_F(CanalCli, ImportsAManifestReportsRejectsByLineAndReimportsNothing) {
  const std::string file = Write("m.csv", testing::kManifestCsv);
  Outcome r =
      Istmo("canal import-manifest '" + file + "' --org ACP --release USA --db '" + db_ + "'");
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("5 lines; imported 3 container lines, 0 unchanged, rejected 2"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find(file + ":4: /container_number: check digit is 4"), std::string::npos)
      << r.out;
  r = Istmo("canal import-manifest '" + file + "' --org ACP --release USA --db '" + db_ + "'");
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("imported 0 container lines, 3 unchanged"), std::string::npos) << r.out;
}

TEST_F(CanalCli, ImportsTransits) {
  const std::string file = Write("t.csv", testing::kTransitsCsv);
  Outcome r = Istmo("canal import-transits '" + file + "' --org ACP --json --db '" + db_ + "'");
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("\"imported\":2"), std::string::npos) << r.out;
}

TEST_F(CanalCli, WrongArgumentsGetClearErrors) {
  const std::string file = Write("m.csv", testing::kManifestCsv);
  Outcome r = Istmo("canal import-manifest '" + file + "' --db '" + db_ + "'");
  EXPECT_EQ(r.code, 64);
  EXPECT_NE(r.out.find("--org is required"), std::string::npos) << r.out;
  r = Istmo("canal import-manifest '" + dir_.File("absent.csv") + "' --org ACP --db '" + db_ + "'");
  EXPECT_EQ(r.code, 64);
  EXPECT_NE(r.out.find("File does not exist"), std::string::npos) << r.out;
  r = Istmo("canal import-manifest '" + file + "' --org NOBODY --db '" + db_ + "'");
  EXPECT_NE(r.code, 0);
  r = Istmo("canal import-manifest '" + Write("bad.csv", "bill_of_lading,oops\n") +
            "' --org ACP --db '" + db_ + "'");
  EXPECT_EQ(r.code, 65);
  EXPECT_NE(r.out.find("bad.csv:1: unknown column 'oops'"), std::string::npos) << r.out;
  r = Istmo("canal import-manifest '" + file + "' --org ACP --release NARNIA --db '" + db_ + "'");
  EXPECT_EQ(r.code, 65);
  r = Istmo("canal");
  EXPECT_EQ(r.code, 64);
}

}  // namespace
}  // namespace istmo::canal

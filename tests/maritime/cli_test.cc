// `istmo maritime ingest` and `istmo maritime vessels search`, the binary run as an operator
// runs it: the counts it prints for a real log, idempotent replays, and the registry it leaves.
#include <cstdio>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sys/wait.h>

#include "testing/temp_dir.h"

namespace istmo::maritime {
namespace {

using ::istmo::testing::SharedData;
using ::istmo::testing::TempDir;

// Standard output of `istmo <args>` (standard error, the log, is dropped) and the exit code.
std::pair<int, std::string> Stdout(const std::string& args) {
  const char* dir = std::getenv("ISTMO_BINARY_DIR");
  const std::string command =
      std::string(dir != nullptr ? dir : ".") + "/istmo " + args + " 2>/dev/null </dev/null";
  std::string out;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return {-1, ""};
  char buf[4096];
  std::size_t n;
  while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
  const int status = pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

TEST(MaritimeCli, IngestPrintsCountsByKindAndReplaysChangeNothing) {
  const auto log = SharedData() / "ais/noaadata/test.ais";
  if (!std::filesystem::exists(log)) GTEST_SKIP() << "no " << log;
  TempDir dir;
  const std::string db = dir.File("m.db");
  auto [code, out] = Stdout("maritime ingest '" + log.string() + "' --json --db '" + db + "'");
  ASSERT_EQ(code, 0) << out;
  auto first = nlohmann::json::parse(out);
  // gpsdecode's counts for this log (test.ais.gpsd.json): 1:569 3:104 4:21 5:131 8:1 15:11 20:16.
  EXPECT_EQ(first["by_type"],
            (nlohmann::json{
                {"1", 569}, {"3", 104}, {"4", 21}, {"5", 131}, {"8", 1}, {"15", 11}, {"20", 16}}));
  EXPECT_EQ(first["messages"], 853);
  EXPECT_EQ(first["bad_total"], 0);
  EXPECT_EQ(first["other_lines"], 16);  // '#' comments
  EXPECT_GT(first["track_points"].get<int>(), 100);

  std::tie(code, out) = Stdout("maritime ingest '" + log.string() + "' --json --db '" + db + "'");
  ASSERT_EQ(code, 0) << out;
  auto second = nlohmann::json::parse(out);
  EXPECT_EQ(second["messages"], 853);
  EXPECT_EQ(second["new_stations"], 0);

  std::tie(code, out) = Stdout("maritime vessels search 366 --limit 1 --db '" + db + "'");
  ASSERT_EQ(code, 0) << out;
  auto vessel = nlohmann::json::parse(out);
  EXPECT_EQ(vessel["flag"]["iso2"], "US");
}

TEST(MaritimeCli, TextCountsAndAMissingFile) {
  TempDir dir;
  const std::string db = dir.File("m.db");
  const std::string log = dir.File("bad.nmea");
  FILE* f = std::fopen(log.c_str(), "w");
  ASSERT_NE(f, nullptr);
  std::fputs("!AIVDM,1,1,,A,15MgK45P3@G?fl0E`JbR0OwT0@MS,0*00\nnot nmea\n", f);
  std::fclose(f);
  auto [code, out] = Stdout("maritime ingest '" + log + "' --db '" + db + "'");
  EXPECT_EQ(code, 0) << out;
  EXPECT_NE(out.find("checksum 1"), std::string::npos) << out;
  EXPECT_NE(out.find("messages 0"), std::string::npos) << out;
  std::tie(code, out) =
      Stdout("maritime ingest '" + dir.File("absent.nmea") + "' --db '" + db + "'");
  EXPECT_EQ(code, 66);  // sysexits EX_NOINPUT
}

}  // namespace
}  // namespace istmo::maritime

// `istmo maritime ingest`, `simulate` and `vessels search`, the binary run as an operator
// runs it: the counts it prints for a real log, idempotent replays, the registry it leaves, a
// simulated log; and `istmo serve` with the demo traffic.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sys/wait.h>

#include "app/app.h"
#include "maritime/detection_log.h"
#include "store/alerts.h"
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
  // The detectors run on the command's ingest too (invalid MMSIs, an implied speed, an identity
  // change: docs/maritime.md "Measured"), and the replay finds the detectors' events again and
  // stores none twice. Identity changes are judged once: replayed, the static reports are older
  // than the stored identity and change nothing.
  EXPECT_GT(first["detections"].get<int>(), 0);
  {
    auto store = store::Store::Open({.url = db}, app::AllMigrations());
    ASSERT_TRUE(store) << store.error().message;
    auto count = [&](const char* sql) {
      return (*store)->Read<std::int64_t>([&](store::Connection& c) -> core::Result<std::int64_t> {
        ISTMO_ASSIGN_OR_RETURN(auto row, c.QueryOne(sql));
        return row->Int(0);
      });
    };
    auto rows = count("SELECT count(*) FROM maritime_detections");
    auto identity = count("SELECT count(*) FROM maritime_detections WHERE kind = 'identity_change'");
    ASSERT_TRUE(rows && identity);
    EXPECT_EQ(*rows, first["detections"].get<std::int64_t>());
    EXPECT_EQ(second["detections"].get<std::int64_t>(), *rows - *identity);
  }

  std::tie(code, out) = Stdout("maritime vessels search 366 --limit 1 --db '" + db + "'");
  ASSERT_EQ(code, 0) << out;
  auto vessel = nlohmann::json::parse(out);
  EXPECT_EQ(vessel["flag"]["iso2"], "US");
}

// A replayed log raises the alerts a live feed raises, owned as configured; a second replay
// raises nothing again.
TEST(MaritimeCli, IngestRaisesTheConfiguredOwnersAlertsOnce) {
  TempDir dir;
  const std::string db = dir.File("m.db");
  const std::string log = dir.File("detections.nmea");
  {
    std::ofstream out(log);
    out << testing::DetectionLog();
  }
  auto [code, out] = Stdout(
      "org add SENAN --full-name 'Servicio Nacional Aeronaval' "
      "--country PAN --kind aeronaval --db '" +
      db + "'");
  ASSERT_EQ(code, 0) << out;
  const std::string senan = out.substr(0, out.find('\n'));
  ::setenv("ISTMO_MARITIME_ALERTS_OWNER", "SENAN", 1);
  ::setenv("ISTMO_MARITIME_ALERTS_RELEASABILITY", "PAN,USA", 1);
  std::tie(code, out) = Stdout("maritime ingest '" + log + "' --db '" + db + "'");
  const int second = Stdout("maritime ingest '" + log + "' --db '" + db + "'").first;
  ::unsetenv("ISTMO_MARITIME_ALERTS_OWNER");
  ::unsetenv("ISTMO_MARITIME_ALERTS_RELEASABILITY");
  ASSERT_EQ(code, 0) << out;
  ASSERT_EQ(second, 0);
  auto store = store::Store::Open({.url = db}, app::AllMigrations());
  ASSERT_TRUE(store) << store.error().message;
  auto alerts = (*store)->Read<std::vector<store::Alert>>(
      [](store::Connection& c) { return store::ListAlerts(c, store::AccessScope::System(), {}); });
  ASSERT_TRUE(alerts) << alerts.error().message;
  ASSERT_EQ(alerts->size(), 6u);  // the log's six events (DetectionAlerts tests)
  for (const store::Alert& a : *alerts) {
    EXPECT_EQ(a.owner_org, senan);
    EXPECT_EQ(a.releasability, (std::vector<std::string>{"PAN", "USA"}));
    EXPECT_EQ(a.occurrences, 1) << a.dedupe_key;
  }
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

TEST(MaritimeCli, SimulateWritesTheSameLogForASeedAndIngestTakesIt) {
  TempDir dir;
  const std::string a = dir.File("a.nmea");
  const std::string b = dir.File("b.nmea");
  const std::string args =
      "maritime simulate --vessels 200 --hours 0.25 --seed 5 "
      "--start 2027-03-01T10:00:00Z -o ";
  ASSERT_EQ(Stdout(args + "'" + a + "'").first, 0);
  ASSERT_EQ(Stdout(args + "'" + b + "'").first, 0);
  auto [code, log] = Stdout(
      "maritime simulate --vessels 200 --hours 0.25 --seed 5 "
      "--start 2027-03-01T10:00:00Z");
  ASSERT_EQ(code, 0);
  std::ifstream in_a(a), in_b(b);
  const std::string text_a((std::istreambuf_iterator<char>(in_a)), {});
  const std::string text_b((std::istreambuf_iterator<char>(in_b)), {});
  EXPECT_EQ(text_a, text_b);
  EXPECT_EQ(text_a, log);
  EXPECT_EQ(text_a.substr(0, 28), "\\s:istmo-sim,c:1803895200*06");

  std::tie(code, log) =
      Stdout("maritime ingest '" + a + "' --json --db '" + dir.File("m.db") + "'");
  ASSERT_EQ(code, 0) << log;
  const auto counts = nlohmann::json::parse(log);
  EXPECT_EQ(counts["bad_total"], 0);
  EXPECT_EQ(counts["new_stations"], 213);  // 200 vessels and 13 fixed stations
  EXPECT_EQ(Stdout("maritime simulate --vessels 0").first, 64);  // usage: out of range
}

TEST(MaritimeCli, SimulateWithScenariosWritesTheirLabels) {
  TempDir dir;
  const std::string labels = dir.File("labels.json");
  auto [code, log] = Stdout(
      "maritime simulate --vessels 50 --hours 0.1 --scenarios --start 2027-03-01T10:00:00Z "
      "--labels '" +
      labels + "'");
  ASSERT_EQ(code, 0) << log;
  std::ifstream in(labels);
  const auto json = nlohmann::json::parse(in);
  ASSERT_TRUE(json.is_array());
  ASSERT_GT(json.size(), 10u);
  EXPECT_EQ(json[0]["scenario"], "go_fast_darien");
  EXPECT_EQ(json[0]["kind"], "go_fast");
  EXPECT_EQ(json[0]["start"], "2027-03-01T12:00:00.000Z");
  // Labels only with the scenarios.
  EXPECT_NE(Stdout("maritime simulate --vessels 50 --hours 0.1 --labels '" + labels + "'").first,
            0);
}

TEST(MaritimeServe, DemoTrafficFillsThePictureWhenServingStarts) {
  TempDir dir;
  core::Config config;
  config.Set("db", dir.File("serve.db"));
  config.Set("server.port", "0");
  config.Set("maritime.simulate_vessels", "120");
  auto rt = app::OpenRuntime(config);
  ASSERT_TRUE(rt) << rt.error().ToString();
  auto serving = app::Serving::Start(*rt, {}, "test");
  ASSERT_TRUE(serving) << serving.error().ToString();
  // The first step replays the last six minutes at once: every station is in the picture
  // within the simulator's first pass (waited for with a generous deadline, not timed).
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while ((*serving)->services().maritime->size() < 133 &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_EQ((*serving)->services().maritime->size(), 133u);
}

}  // namespace
}  // namespace istmo::maritime

// kill -9 of a writer: every write the store acknowledged (Write() returned) is there after
// reopening, and no half-written transaction is. The idea of LevelDB's fault-injection test,
// with a real signal.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cstdio>
#include <set>
#include <string>

#include "store/store.h"
#include "testing/temp_dir.h"

namespace istmo::store {
namespace {

std::vector<Migration> Schema() {
  return {{"test", 1, "pairs",
           "CREATE TABLE pairs (id INTEGER PRIMARY KEY, half TEXT NOT NULL);"
           "CREATE TABLE halves (id INTEGER PRIMARY KEY, pair_id INTEGER NOT NULL REFERENCES pairs(id))"}};
}

TEST(StoreCrash, AcknowledgedWritesSurviveKill9) {
  testing::TempDir dir;
  std::string path = dir.File("crash.db");
  ASSERT_TRUE(Store::Open({.url = path}, Schema()));  // create the schema before forking

  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    close(fds[0]);
    auto s = Store::Open({.url = path}, Schema());
    if (!s) _exit(3);
    for (std::int64_t i = 1;; ++i) {
      // Two rows per transaction: both or neither may survive.
      core::Status st = (*s)->Write([&](Connection& c) -> core::Status {
        ISTMO_RETURN_IF_ERROR(c.Exec("INSERT INTO pairs VALUES (?, 'a')", {i}));
        ISTMO_RETURN_IF_ERROR(c.Exec("INSERT INTO halves VALUES (?, ?)", {i, i}));
        return core::Ok();
      });
      if (!st) _exit(4);
      // Acknowledge only after Write() returned.
      std::string line = std::to_string(i) + "\n";
      if (write(fds[1], line.data(), line.size()) < 0) _exit(5);
    }
  }
  close(fds[1]);
  FILE* in = fdopen(fds[0], "r");
  ASSERT_NE(in, nullptr);
  std::int64_t acked = 0;
  char buf[64];
  while (acked < 300 && std::fgets(buf, sizeof buf, in) != nullptr) acked = std::stoll(buf);
  ASSERT_EQ(kill(child, SIGKILL), 0);
  int status = 0;
  waitpid(child, &status, 0);
  std::fclose(in);
  ASSERT_TRUE(WIFSIGNALED(status)) << "writer ended by itself with status " << status;
  ASSERT_GE(acked, 300);

  auto s = Store::Open({.url = path}, Schema());
  ASSERT_TRUE(s) << s.error().ToString();
  auto counts = (*s)->Read<std::pair<std::int64_t, std::int64_t>>(
      [](Connection& c) -> core::Result<std::pair<std::int64_t, std::int64_t>> {
        ISTMO_ASSIGN_OR_RETURN(auto a, c.QueryOne("SELECT count(*), coalesce(max(id), 0) FROM pairs"));
        ISTMO_ASSIGN_OR_RETURN(auto b, c.QueryOne("SELECT count(*) FROM halves"));
        if (a->Int(0) != b->Int(0)) return core::DataLoss("half-written transaction survived");
        return std::make_pair(a->Int(0), a->Int(1));
      });
  ASSERT_TRUE(counts) << counts.error().ToString();
  EXPECT_GE(counts->first, acked);                 // nothing acknowledged was lost
  EXPECT_EQ(counts->first, counts->second);        // no gaps
  auto integrity = (*s)->Read<std::string>([](Connection& c) -> core::Result<std::string> {
    ISTMO_ASSIGN_OR_RETURN(auto r, c.QueryOne("PRAGMA integrity_check"));
    return r->Text(0);
  });
  EXPECT_EQ(*integrity, "ok");
}

}  // namespace
}  // namespace istmo::store

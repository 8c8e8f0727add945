// Fuzzes the maritime ingest path the way a feed reaches it: any bytes as lines through the
// decoder, the picture, the registry, thinning and the store (a SQLite file opened once, emptied
// before each input; small batches so that several transactions commit). Checks the ingest's
// own promises: messages by type add up, no more track points than messages, what the store
// holds equals what was queued, and a picture reloaded from the store has every station.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "core/result.h"
#include "core/time.h"
#include "maritime/ingest.h"
#include "store/store.h"

namespace {

std::string& FuzzStorePath() {
  static std::string path = (std::filesystem::temp_directory_path() /
                             ("fuzz_maritime_" + std::to_string(getpid()) + ".db"))
                                .string();
  return path;
}

// The database files go when the process ends (unlinking an open SQLite file is harmless).
void RemoveFuzzStore() {
  std::error_code ec;
  for (const char* suffix : {"", "-wal", "-shm"}) {
    std::filesystem::remove(FuzzStorePath() + suffix, ec);
  }
}

istmo::store::Store& FuzzStore() {
  static istmo::store::Store* store = [] {
    const std::string& path = FuzzStorePath();
    std::atexit(RemoveFuzzStore);
    auto s = istmo::store::Store::Open({.url = path}, istmo::maritime::Migrations());
    ISTMO_CHECK(s.has_value());
    return std::move(s).value().release();
  }();
  return *store;
}

std::int64_t Count(istmo::store::Store& store, const char* table) {
  auto n = store.Read<std::int64_t>(
      [&](istmo::store::Connection& c) -> istmo::core::Result<std::int64_t> {
        ISTMO_ASSIGN_OR_RETURN(auto row, c.QueryOne(std::string("SELECT count(*) FROM ") + table));
        return row->Int(0);
      });
  ISTMO_CHECK(n.has_value());
  return *n;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace istmo;
  store::Store& store = FuzzStore();
  ISTMO_CHECK(store.Write([](store::Connection& c) -> core::Status {
    return c.ExecScript(
        "DELETE FROM maritime_track_points; DELETE FROM maritime_identity_history; "
        "DELETE FROM maritime_vessels");
  }));
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  core::FakeClock clock(core::FromUnixSeconds(1'724'162'580));
  maritime::Picture picture;
  maritime::Ingestor in(store, picture, {.clock = &clock, .batch_messages = 7});
  ISTMO_CHECK(in.AddBuffer(text));
  ISTMO_CHECK(in.Finish());
  const maritime::FeedCounters c = in.counters();
  std::uint64_t by_type = 0;
  for (auto n : c.by_type) by_type += n;
  ISTMO_CHECK(by_type == c.messages);
  ISTMO_CHECK(c.track_points <= c.messages);
  // Points queued with the same (mmsi, t) collapse into one row.
  ISTMO_CHECK(Count(store, "maritime_track_points") <= static_cast<std::int64_t>(c.track_points));
  ISTMO_CHECK(Count(store, "maritime_vessels") == static_cast<std::int64_t>(picture.size()));
  maritime::Picture reloaded;
  ISTMO_CHECK(maritime::LoadPicture(store, reloaded));
  ISTMO_CHECK(reloaded.size() == picture.size());
  return 0;
}

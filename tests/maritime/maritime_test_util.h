// tests/maritime/maritime_test_util.h — a store with the maritime schema in a temp dir, a dump
// of the module's tables (and of the alerts) for comparing two runs, and an ingest killed with
// SIGKILL midway.
#pragma once

#include <signal.h>
#include <unistd.h>

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <sys/wait.h>

#include "core/time.h"
#include "maritime/detect.h"
#include "maritime/ingest.h"
#include "store/alerts.h"
#include "store/store.h"
#include "testing/temp_dir.h"

namespace istmo::maritime::testing {

inline std::unique_ptr<store::Store> OpenStore(const std::string& path) {
  auto s = store::Store::Open({.url = path}, Migrations());
  return s ? std::move(s).value() : nullptr;
}

// Ingests `text` line by line in a forked child, on the store at `db` (its schema applied before
// forking), with a fixed clock at `clock_unix`, batches of `batch_messages` and, when `detect`,
// the behaviour detectors; the child kills itself with SIGKILL after `kill_after` lines: no
// destructor, no Finish, the batch being built lost. Returns the child's wait status.
inline int IngestThenKill9(const std::string& db, std::string_view text, std::size_t kill_after,
                           std::int64_t clock_unix, std::size_t batch_messages, bool detect) {
  const pid_t child = fork();
  if (child < 0) return -1;
  if (child == 0) {
    auto store = OpenStore(db);
    if (!store) _exit(3);
    Picture picture;
    core::FakeClock clock(core::FromUnixSeconds(clock_unix));
    Detectors detectors;
    Ingestor in(*store, picture,
                {.clock = &clock,
                 .batch_messages = batch_messages,
                 .detectors = detect ? &detectors : nullptr});
    std::size_t pos = 0, lines = 0;
    while (pos < text.size()) {
      std::size_t end = text.find('\n', pos);
      if (end == std::string_view::npos) end = text.size();
      if (!in.AddLine(text.substr(pos, end - pos))) _exit(4);
      pos = end + 1;
      if (++lines == kill_after) raise(SIGKILL);
    }
    _exit(5);
  }
  int status = 0;
  waitpid(child, &status, 0);
  return status;
}

// Every row of the registry, the history and the tracks, as text, in key order.
inline std::vector<std::string> DumpTables(store::Store& store) {
  std::vector<std::string> out;
  for (const char* sql : {"SELECT * FROM maritime_vessels ORDER BY mmsi",
                          "SELECT * FROM maritime_identity_history ORDER BY mmsi, t, field",
                          "SELECT * FROM maritime_track_points ORDER BY mmsi, t"}) {
    auto rows =
        store.Read<std::vector<store::Row>>([&](store::Connection& c) { return c.Query(sql); });
    if (!rows) return {"error: " + rows.error().message};
    for (const auto& r : *rows) {
      std::string line = sql;
      for (std::size_t i = 0; i < r.size(); ++i) line += "|" + r.Text(i);
      out.push_back(std::move(line));
    }
  }
  return out;
}

// Every detection event row, as text, in key order.
inline std::vector<std::string> DumpDetections(store::Store& store) {
  const std::string sql = "SELECT * FROM maritime_detections ORDER BY kind, mmsi, start_t, partner";
  auto rows =
      store.Read<std::vector<store::Row>>([&](store::Connection& c) { return c.Query(sql); });
  if (!rows) return {"error: " + rows.error().message};
  std::vector<std::string> out;
  for (const auto& r : *rows) {
    std::string line;
    for (std::size_t i = 0; i < r.size(); ++i) line += "|" + r.Text(i);
    out.push_back(std::move(line));
  }
  return out;
}

// Feeds `text` to `in` as a live connection's reads do: reads of `chunk` bytes end anywhere,
// mid-line included; whole lines go in, the rest waits for the next read (as FeedManager does);
// a flush after each read when `flush_each`. False at the first failed call.
inline bool AddInReads(Ingestor& in, std::string_view text, std::size_t chunk, bool flush_each) {
  std::string carry;
  for (std::size_t pos = 0; pos < text.size(); pos += chunk) {
    carry += text.substr(pos, chunk);
    const std::size_t end = carry.rfind('\n');
    if (end == std::string::npos) continue;
    if (!in.AddBuffer(std::string_view(carry).substr(0, end))) return false;
    carry.erase(0, end + 1);
    if (flush_each && !in.Flush()) return false;
  }
  return static_cast<bool>(in.AddBuffer(carry));
}

// Every alert of the store, all of it but its id (random), by dedupe key: two runs that raised
// the same alerts give equal maps.
inline std::map<std::string, std::string> DumpAlerts(store::Store& store) {
  auto all = store.Read<std::vector<store::Alert>>([](store::Connection& c) {
    return store::ListAlerts(c, store::AccessScope::System(), {.limit = 500});
  });
  if (!all) return {{"error", all.error().message}};
  std::map<std::string, std::string> out;
  for (const store::Alert& a : *all) {
    std::string rel;
    for (const auto& r : a.releasability) rel += r + ",";
    out[a.dedupe_key] = a.owner_org + "|" + rel + "|" + a.module + "|" + a.kind + "|" + a.severity +
                        "|" + a.title + "|" + a.subject + "|" + a.detail + "|" + a.status + "|" +
                        core::FormatIso8601(a.created_at) + "|" +
                        core::FormatIso8601(a.updated_at) + "|" + std::to_string(a.occurrences);
  }
  return out;
}

inline std::int64_t Count(store::Store& store, const std::string& table) {
  auto r = store.Read<std::int64_t>([&](store::Connection& c) -> core::Result<std::int64_t> {
    ISTMO_ASSIGN_OR_RETURN(auto row, c.QueryOne("SELECT count(*) FROM " + table));
    return row->Int(0);
  });
  return r ? *r : -1;
}

}  // namespace istmo::maritime::testing

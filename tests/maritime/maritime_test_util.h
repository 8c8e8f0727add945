// tests/maritime/maritime_test_util.h — a store with the maritime schema in a temp dir, and a
// dump of the module's tables for comparing two runs.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "maritime/ingest.h"
#include "store/store.h"
#include "testing/temp_dir.h"

namespace istmo::maritime::testing {

inline std::unique_ptr<store::Store> OpenStore(const std::string& path) {
  auto s = store::Store::Open({.url = path}, Migrations());
  return s ? std::move(s).value() : nullptr;
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

inline std::int64_t Count(store::Store& store, const std::string& table) {
  auto r = store.Read<std::int64_t>([&](store::Connection& c) -> core::Result<std::int64_t> {
    ISTMO_ASSIGN_OR_RETURN(auto row, c.QueryOne("SELECT count(*) FROM " + table));
    return row->Int(0);
  });
  return r ? *r : -1;
}

}  // namespace istmo::maritime::testing

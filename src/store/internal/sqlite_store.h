// store/internal/sqlite_store.h — the SQLite backend of store::Store (the embedded default).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "store/store.h"

namespace istmo::store::internal {

// Opens the SQLite file at `path` (its folder must exist) with options' timeouts and readers,
// and applies the store's migrations and then `migrations`.
core::Result<std::unique_ptr<Store>> OpenSqlite(const Options& options, const std::string& path,
                                                const std::vector<Migration>& migrations);

}  // namespace istmo::store::internal

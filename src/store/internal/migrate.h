// store/internal/migrate.h — applying numbered migrations, for every backend.
#pragma once

#include <string_view>
#include <vector>

#include "store/store.h"

namespace istmo::store::internal {

// Creates schema_migrations when allowed, refuses a database newer than `migrations` know, and
// applies each pending migration in its own transaction opened with `begin` (the backend's
// statement for a write transaction), recording it. With read_only, a pending migration is
// kUnavailable.
core::Status ApplyMigrations(Connection& c, const std::vector<Migration>& migrations,
                             bool read_only, std::string_view begin);

}  // namespace istmo::store::internal

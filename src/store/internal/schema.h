// store/internal/schema.h — the store's own tables: the site id, the audit log, the outbox and
// alerts.
#pragma once

#include <string_view>
#include <vector>

#include "core/result.h"
#include "store/store.h"

namespace istmo::store::internal {

// The store's migrations. `site_id` (Options::site_id) names the site whose chain the audit
// entries of a database created before per-origin chains continue; empty: a new UUID, generated
// once when the migration runs and kept in the database. kInvalidArgument (field "site.id")
// unless empty or 1..64 of [A-Za-z0-9._:-].
core::Result<std::vector<Migration>> StoreMigrations(std::string_view site_id);

// Makes a configured site id this database's origin from now on (Store::Open, after the
// migrations); an empty one keeps the stored id. An origin's chain, once written, stays under
// its id: a new id starts a new chain.
core::Status UseSiteId(Connection& c, std::string_view site_id);

}  // namespace istmo::store::internal

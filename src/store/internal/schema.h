// store/internal/schema.h — the store's own tables: the audit log and alerts.
#pragma once

#include <vector>

#include "store/store.h"

namespace istmo::store::internal {

std::vector<Migration> StoreMigrations();

}  // namespace istmo::store::internal

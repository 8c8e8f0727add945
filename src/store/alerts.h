// store/alerts.h — alerts raised by any module (watchlist hit, dark gap, risky container).
//
// An alert is a record like any other (owner_org, releasability); the owning organization's
// users see it in their feed; its officers, supervisors and admins acknowledge it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "core/time.h"
#include "store/scope.h"
#include "store/store.h"

namespace istmo::store {

struct Alert {
  std::string id;
  core::Timestamp created_at;
  std::string owner_org;
  std::vector<std::string> releasability;
  std::string module;    // migration, maritime, canal, cooperation, biometrics
  std::string kind;      // watchlist_hit, dark_gap, ...
  std::string severity;  // info, warning, critical
  std::string title;
  std::string detail;    // JSON object text
  std::string status;    // open, acknowledged, closed
  std::string acknowledged_by;
  std::optional<core::Timestamp> acknowledged_at;
};

// Validates and inserts inside a Write() transaction; fills id, created_at and status "open".
core::Result<Alert> InsertAlert(Connection& tx, Alert alert, core::Timestamp now);

struct AlertQuery {
  std::string status;  // empty: any
  std::string module;  // empty: any
  int limit = 50;      // 1..500
};
core::Result<std::vector<Alert>> ListAlerts(Connection& c, const AccessScope& scope,
                                            const AlertQuery& query);
// kNotFound when hidden or absent; kPermissionDenied unless an officer, supervisor or admin of
// the owning organization; kConflict when not open.
core::Result<Alert> AcknowledgeAlert(Connection& tx, const AccessScope& scope, const std::string& id,
                                     core::Timestamp now);

}  // namespace istmo::store

// store/audit.h — the append-only, hash-chained audit log.
//
// Every change, and every read of biometric data, appends an entry in the same transaction as
// the change itself. Entry n stores hash_n = SHA-256(hash_{n-1} || canonical(entry n)), with
// hash_0 = 32 zero bytes; the database refuses UPDATE and DELETE on the table (triggers), and
// Verify() recomputes the chain to detect edits made around the database's back.
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

struct AuditEntry {
  std::string actor_user_id;  // empty for the system (CLI, start-up)
  std::string actor;          // username or "system"
  std::string actor_org;      // organization id, empty for the system
  std::string action;         // "user.create", "auth.login", "encounter.create", ...
  std::string object_type;    // "user", "organization", ...
  std::string object_id;
  std::string detail;         // JSON object text, may be empty
};

struct AuditRecord {
  std::int64_t seq = 0;
  core::Timestamp at;
  AuditEntry entry;
  std::string hash;  // lowercase hex SHA-256
};

// Appends inside the caller's Write() transaction. Returns the stored record.
core::Result<AuditRecord> AppendAudit(Connection& tx, const AuditEntry& entry, core::Timestamp at);

// Newest first, at most `limit` (1..1000) entries with seq < before_seq (0: from the newest).
// A non-system scope sees only entries whose actor_org is its organization.
core::Result<std::vector<AuditRecord>> ListAudit(Connection& c, const AccessScope& scope,
                                                 int limit, std::int64_t before_seq = 0);

struct AuditVerification {
  bool ok = true;
  std::int64_t entries = 0;
  std::optional<std::int64_t> first_bad_seq;
  std::string reason;  // empty when ok
};
// Recomputes the whole chain. Never fails on a broken chain (that is the answer); fails only
// when the table cannot be read.
core::Result<AuditVerification> VerifyAudit(Connection& c);

// The SHA-256 that entry `record` should carry given the previous hash (hex). Exposed for tests.
std::string AuditHash(const std::string& prev_hash_hex, const AuditRecord& record);

}  // namespace istmo::store

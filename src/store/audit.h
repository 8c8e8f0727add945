// store/audit.h — the append-only, hash-chained audit log, one chain per origin.
//
// Every change, and every read of biometric data, appends an entry in the same transaction as
// the change itself. An origin is the site that wrote the entry (SiteId(): store::Options's
// site_id, else an id generated once per database), so that the chains of several stations can
// sit side by side in one database at headquarters and each still be verified. Within an
// origin, entry n stores hash_n = SHA-256(hash_{n-1} || canonical(entry n)), with hash_0 = 32
// zero bytes; the database refuses UPDATE and DELETE on the table (triggers), and VerifyAudit()
// recomputes every chain to detect edits made around the database's back.
//
// Entries written before chains were per origin (store migration 2) keep their hash, which did
// not cover the origin: they carry hash_version 1, may only open a chain, and the entries after
// them (version 2) link to their last hash.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
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
  std::string detail;  // JSON object text, may be empty
};

// The entry for `actor` doing `action` to an object: the one place that fills the actor fields
// from a scope (the system scope is written as "system").
AuditEntry AuditBy(const AccessScope& actor, std::string action, std::string object_type,
                   std::string object_id, std::string detail);

struct AuditRecord {
  std::string origin;    // the site that wrote the entry
  std::int64_t seq = 0;  // 1, 2, ... within the origin
  core::Timestamp at;
  AuditEntry entry;
  std::string hash;  // lowercase hex SHA-256
  // 2: the hash covers the origin. 1: carried over from the single chain of store migration 1.
  int hash_version = 2;
};

// The id of this installation: the origin of the audit entries and outbox events it writes.
core::Result<std::string> SiteId(Connection& c);

// Appends to this site's chain inside the caller's Write() transaction. Returns the stored
// record. For a change to a record use RecordChange() (store/outbox.h), which also emits it.
core::Result<AuditRecord> AppendAudit(Connection& tx, const AuditEntry& entry, core::Timestamp at);

// Newest first, at most `limit` (1..1000) entries of one origin (empty: this site) with
// seq < before_seq (0: from the newest). A non-system scope sees only entries whose actor_org
// is its organization.
core::Result<std::vector<AuditRecord>> ListAudit(Connection& c, const AccessScope& scope, int limit,
                                                 std::int64_t before_seq = 0,
                                                 std::string_view origin = {});

// The verdict on one origin's chain.
struct ChainVerification {
  std::string origin;
  bool local = false;  // the chain of this site
  bool ok = true;
  std::int64_t entries = 0;
  std::optional<std::int64_t> first_bad_seq;
  std::string reason;  // empty when ok
};

struct AuditVerification {
  bool ok = true;            // every chain verifies
  std::int64_t entries = 0;  // over every chain
  // The first broken chain's first bad entry and reason (which names the origin); empty when ok.
  std::optional<std::int64_t> first_bad_seq;
  std::string reason;
  std::vector<ChainVerification> chains;  // by origin; this site's chain even when empty
};
// Recomputes every chain. Never fails on a broken chain (that is the answer); fails only
// when the table cannot be read.
core::Result<AuditVerification> VerifyAudit(Connection& c);

// The SHA-256 that entry `record` should carry given the previous hash (hex), in the form of
// record.hash_version. Exposed for tests.
std::string AuditHash(const std::string& prev_hash_hex, const AuditRecord& record);

}  // namespace istmo::store

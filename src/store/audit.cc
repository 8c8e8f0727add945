#include "store/audit.h"

#include <sodium.h>

#include <algorithm>

#include "core/id.h"

namespace istmo::store {

namespace {

constexpr char kZeroHash[] =
    "0000000000000000000000000000000000000000000000000000000000000000";

AuditRecord FromRow(const Row& r) {
  AuditRecord rec;
  rec.seq = r.Int(0);
  rec.at = core::ParseIso8601(r.Text(1)).value_or(core::Timestamp{});
  rec.entry.actor_user_id = r.Text(2);
  rec.entry.actor = r.Text(3);
  rec.entry.actor_org = r.Text(4);
  rec.entry.action = r.Text(5);
  rec.entry.object_type = r.Text(6);
  rec.entry.object_id = r.Text(7);
  rec.entry.detail = r.Text(8);
  rec.hash = r.Text(10);
  return rec;
}

constexpr const char* kColumns =
    "seq, at, actor_user_id, actor, actor_org, action, object_type, object_id, detail, "
    "prev_hash, hash";

}  // namespace

std::string AuditHash(const std::string& prev_hash_hex, const AuditRecord& record) {
  // Canonical form: fields separated by the ASCII unit separator, which no field may contain
  // unnoticed (it would change the hash anyway). The timestamp is hashed in its stored text.
  const char sep = '\x1f';
  std::string canonical = prev_hash_hex;
  for (const std::string& part :
       {std::to_string(record.seq), core::FormatIso8601(record.at), record.entry.actor_user_id,
        record.entry.actor, record.entry.actor_org, record.entry.action, record.entry.object_type,
        record.entry.object_id, record.entry.detail}) {
    canonical += sep;
    canonical += part;
  }
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(canonical.data()),
                     canonical.size());
  return core::HexEncode(digest, sizeof digest);
}

core::Result<AuditRecord> AppendAudit(Connection& tx, const AuditEntry& entry, core::Timestamp at) {
  if (entry.action.empty() || entry.object_type.empty()) {
    return core::Internal("audit entry needs an action and an object type");
  }
  ISTMO_ASSIGN_OR_RETURN(auto last,
                         tx.QueryOne("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1"));
  AuditRecord rec;
  rec.seq = last ? last->Int(0) + 1 : 1;
  rec.at = std::chrono::floor<std::chrono::milliseconds>(at);
  rec.entry = entry;
  if (rec.entry.actor.empty()) rec.entry.actor = "system";
  std::string prev = last ? last->Text(1) : std::string(kZeroHash);
  rec.hash = AuditHash(prev, rec);
  ISTMO_RETURN_IF_ERROR(tx.Exec(
      std::string("INSERT INTO audit_log (") + kColumns + ") VALUES (?,?,?,?,?,?,?,?,?,?,?)",
      {rec.seq, core::FormatIso8601(rec.at), TextOrNull(rec.entry.actor_user_id), rec.entry.actor,
       TextOrNull(rec.entry.actor_org), rec.entry.action, rec.entry.object_type,
       TextOrNull(rec.entry.object_id), TextOrNull(rec.entry.detail), prev, rec.hash}));
  return rec;
}

core::Result<std::vector<AuditRecord>> ListAudit(Connection& c, const AccessScope& scope,
                                                 int limit, std::int64_t before_seq) {
  limit = std::clamp(limit, 1, 1000);
  std::string sql = std::string("SELECT ") + kColumns + " FROM audit_log WHERE 1=1";
  Params params;
  if (!scope.system) {
    sql += " AND actor_org = ?";
    params.emplace_back(scope.org_id);
  }
  if (before_seq > 0) {
    sql += " AND seq < ?";
    params.emplace_back(before_seq);
  }
  sql += " ORDER BY seq DESC LIMIT ?";
  params.emplace_back(static_cast<std::int64_t>(limit));
  ISTMO_ASSIGN_OR_RETURN(auto rows, c.Query(sql, params));
  std::vector<AuditRecord> out;
  out.reserve(rows.size());
  for (const Row& r : rows) out.push_back(FromRow(r));
  return out;
}

core::Result<AuditVerification> VerifyAudit(Connection& c) {
  ISTMO_ASSIGN_OR_RETURN(auto rows,
                         c.Query(std::string("SELECT ") + kColumns + " FROM audit_log ORDER BY seq"));
  AuditVerification v;
  std::string prev = kZeroHash;
  std::int64_t expected_seq = 1;
  for (const Row& r : rows) {
    AuditRecord rec = FromRow(r);
    ++v.entries;
    auto fail = [&](std::string reason) {
      v.ok = false;
      v.first_bad_seq = rec.seq;
      v.reason = std::move(reason);
    };
    if (rec.seq != expected_seq) {
      fail("entry " + std::to_string(expected_seq) + " is missing");
    } else if (r.Text(9) != prev) {
      fail("entry " + std::to_string(rec.seq) + " does not link to the previous entry");
    } else if (core::FormatIso8601(rec.at) != r.Text(1) || AuditHash(prev, rec) != rec.hash) {
      fail("entry " + std::to_string(rec.seq) + " was altered (hash mismatch)");
    }
    if (!v.ok) break;
    prev = rec.hash;
    ++expected_seq;
  }
  return v;
}

}  // namespace istmo::store

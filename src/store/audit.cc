#include "store/audit.h"

#include <sodium.h>

#include <algorithm>

#include "core/id.h"

namespace istmo::store {

namespace {

constexpr char kZeroHash[] = "0000000000000000000000000000000000000000000000000000000000000000";

constexpr const char* kColumns =
    "origin, seq, hash_version, at, actor_user_id, actor, actor_org, action, object_type, "
    "object_id, detail, prev_hash, hash";
constexpr std::size_t kPrevHash = 11;

AuditRecord FromRow(const Row& r) {
  AuditRecord rec;
  rec.origin = r.Text(0);
  rec.seq = r.Int(1);
  rec.hash_version = static_cast<int>(r.Int(2));
  rec.at = core::ParseIso8601(r.Text(3)).value_or(core::Timestamp{});
  rec.entry.actor_user_id = r.Text(4);
  rec.entry.actor = r.Text(5);
  rec.entry.actor_org = r.Text(6);
  rec.entry.action = r.Text(7);
  rec.entry.object_type = r.Text(8);
  rec.entry.object_id = r.Text(9);
  rec.entry.detail = r.Text(10);
  rec.hash = r.Text(12);
  return rec;
}

core::Result<std::string> OriginOrSite(Connection& c, std::string_view origin) {
  if (!origin.empty()) return std::string(origin);
  return SiteId(c);
}

}  // namespace

AuditEntry AuditBy(const AccessScope& actor, std::string action, std::string object_type,
                   std::string object_id, std::string detail) {
  return {.actor_user_id = actor.user_id,
          .actor = actor.system ? "system" : actor.username,
          .actor_org = actor.org_id,
          .action = std::move(action),
          .object_type = std::move(object_type),
          .object_id = std::move(object_id),
          .detail = std::move(detail)};
}

core::Result<std::string> SiteId(Connection& c) {
  ISTMO_ASSIGN_OR_RETURN(auto row, c.QueryOne("SELECT site_id FROM store_site WHERE id = 1"));
  if (!row) return core::Internal("the database has no site id (store migration 2 missing)");
  return row->Text(0);
}

std::string AuditHash(const std::string& prev_hash_hex, const AuditRecord& record) {
  // Canonical form: fields separated by the ASCII unit separator, which no field may contain
  // unnoticed (it would change the hash anyway). The timestamp is hashed in its stored text.
  // Version 2 adds the origin, so that an entry cannot be moved to another site's chain.
  const char sep = '\x1f';
  std::string canonical = prev_hash_hex;
  if (record.hash_version != 1) {
    canonical += sep;
    canonical += record.origin;
  }
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
  AuditRecord rec;
  ISTMO_ASSIGN_OR_RETURN(rec.origin, SiteId(tx));
  ISTMO_ASSIGN_OR_RETURN(auto last, tx.QueryOne("SELECT seq, hash FROM audit_log WHERE origin = ? "
                                                "ORDER BY seq DESC LIMIT 1",
                                                {rec.origin}));
  rec.seq = last ? last->Int(0) + 1 : 1;
  rec.at = std::chrono::floor<std::chrono::milliseconds>(at);
  rec.entry = entry;
  if (rec.entry.actor.empty()) rec.entry.actor = "system";
  std::string prev = last ? last->Text(1) : std::string(kZeroHash);
  rec.hash = AuditHash(prev, rec);
  ISTMO_RETURN_IF_ERROR(tx.Exec(
      std::string("INSERT INTO audit_log (") + kColumns + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
      {rec.origin, rec.seq, static_cast<std::int64_t>(rec.hash_version),
       core::FormatIso8601(rec.at), TextOrNull(rec.entry.actor_user_id), rec.entry.actor,
       TextOrNull(rec.entry.actor_org), rec.entry.action, rec.entry.object_type,
       TextOrNull(rec.entry.object_id), TextOrNull(rec.entry.detail), prev, rec.hash}));
  return rec;
}

core::Result<std::vector<AuditRecord>> ListAudit(Connection& c, const AccessScope& scope, int limit,
                                                 std::int64_t before_seq, std::string_view origin) {
  limit = std::clamp(limit, 1, 1000);
  ISTMO_ASSIGN_OR_RETURN(std::string chain, OriginOrSite(c, origin));
  std::string sql = std::string("SELECT ") + kColumns + " FROM audit_log WHERE origin = ?";
  Params params = {chain};
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
  ISTMO_ASSIGN_OR_RETURN(std::string site, SiteId(c));
  ISTMO_ASSIGN_OR_RETURN(auto rows, c.Query(std::string("SELECT ") + kColumns +
                                            " FROM audit_log ORDER BY origin, seq"));
  AuditVerification v;
  ChainVerification* chain = nullptr;
  std::string prev;
  std::int64_t expected_seq = 0;
  bool seen_version_2 = false;
  for (const Row& r : rows) {
    AuditRecord rec = FromRow(r);
    if (chain == nullptr || chain->origin != rec.origin) {
      chain = &v.chains.emplace_back(ChainVerification{.origin = rec.origin});
      prev = kZeroHash;
      expected_seq = 1;
      seen_version_2 = false;
    }
    ++chain->entries;
    ++v.entries;
    if (!chain->ok) continue;  // counted, but a chain is judged at its first bad entry
    auto fail = [&](std::string reason) {
      chain->ok = false;
      chain->first_bad_seq = rec.seq;
      chain->reason = std::move(reason);
    };
    const std::string n = std::to_string(rec.seq);
    if (rec.seq != expected_seq) {
      fail("entry " + std::to_string(expected_seq) + " is missing");
    } else if (r.Text(kPrevHash) != prev) {
      fail("entry " + n + " does not link to the previous entry");
    } else if (rec.hash_version != 1 && rec.hash_version != 2) {
      fail("entry " + n + " has an unknown hash version");
    } else if (rec.hash_version == 1 && seen_version_2) {
      // Carried-over entries only open a chain; a later one was downgraded to dodge the origin.
      fail("entry " + n + " claims the old hash form after newer entries");
    } else if (core::FormatIso8601(rec.at) != r.Text(3) || AuditHash(prev, rec) != rec.hash) {
      fail("entry " + n + " was altered (hash mismatch)");
    }
    seen_version_2 = seen_version_2 || rec.hash_version == 2;
    prev = rec.hash;
    ++expected_seq;
  }
  bool has_site = false;
  for (ChainVerification& ch : v.chains) {
    ch.local = ch.origin == site;
    has_site = has_site || ch.local;
    if (!ch.ok && v.ok) {
      v.ok = false;
      v.first_bad_seq = ch.first_bad_seq;
      v.reason = "origin " + ch.origin + ": " + ch.reason;
    }
  }
  if (!has_site) v.chains.push_back({.origin = site, .local = true});
  return v;
}

}  // namespace istmo::store

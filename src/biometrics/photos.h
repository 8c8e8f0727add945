// biometrics/photos.h — how long each organization keeps the photos of its faces, and the purge
// that erases those older than that.
//
// A face's photo is kept sealed beside its template (FaceRegistry::ReadPhoto reads it back). An
// organization's admins set a retention in days, or none (keep); PurgePhotos erases every
// photo (and its thumbnail) older than its owner's retention. The template stays: the person is
// still found by face, only the picture is gone. `istmo serve` purges periodically
// (biometrics.photo_purge_interval_minutes) and `istmo biometrics photos purge` on demand.
//
//   ISTMO_ASSIGN_OR_RETURN(auto purge, store.Write<biometrics::PhotoPurge>([&](auto& tx) {
//     return biometrics::PurgePhotos(tx, store::AccessScope::System(), clock.Now());
//   }));
//
// Thread-safety: free functions over a Connection; the Store serializes writers.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "core/result.h"
#include "core/time.h"
#include "store/scope.h"
#include "store/store.h"

namespace istmo::biometrics {

// The longest retention accepted: 100 years.
inline constexpr std::int64_t kMaxPhotoRetentionDays = 36500;

struct PhotoPolicy {
  std::string org_id;
  std::optional<std::int64_t> retention_days;  // none: photos are kept
  std::string updated_at;                      // ISO 8601, "" when never set
  std::string updated_by;                      // username, "" when never set
};

// The policy of the caller's organization (retention none when never set). kPermissionDenied
// for a scope without an organization (the system).
core::Result<PhotoPolicy> GetPhotoPolicy(store::Connection& c, const store::AccessScope& scope);

// Sets the policy of the caller's organization and records "biometrics.photo_policy" in the
// audit log and the outbox. kPermissionDenied unless admin of an organization;
// kInvalidArgument (field "/retention_days") outside 1..kMaxPhotoRetentionDays.
core::Result<PhotoPolicy> SetPhotoPolicy(store::Connection& tx, const store::AccessScope& scope,
                                         std::optional<std::int64_t> retention_days,
                                         core::Timestamp now);

struct PhotoPurge {
  std::int64_t erased = 0;                     // photos erased, with their thumbnails
  std::map<std::string, std::int64_t> by_org;  // owner org -> photos erased (erasing ones only)
};

// Erases every photo enrolled before `now` minus its owner organization's retention. One audit
// entry "biometrics.photo_purge" with the counts when something was erased (a run that erases
// nothing changes nothing and writes nothing). kPermissionDenied unless the system scope.
core::Result<PhotoPurge> PurgePhotos(store::Connection& tx, const store::AccessScope& scope,
                                     core::Timestamp now);

}  // namespace istmo::biometrics

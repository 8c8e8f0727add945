#include "biometrics/photos.h"

#include <chrono>

#include <nlohmann/json.hpp>

#include "biometrics/identify.h"
#include "biometrics/internal/registry_impl.h"
#include "biometrics/internal/template_seal.h"
#include "store/audit.h"
#include "store/outbox.h"

namespace istmo::biometrics {

using internal::JsonText;

namespace {

core::Error NoPhoto(const std::string& template_id) {
  return core::WithReason(core::NotFound("no photo of face " + template_id.substr(0, 64)),
                          "not_found", {{"object", "photo"}});
}

nlohmann::json PolicyBody(const PhotoPolicy& p) {
  return {{"org_id", p.org_id},
          {"retention_days",
           p.retention_days ? nlohmann::json(*p.retention_days) : nlohmann::json(nullptr)},
          {"updated_at", p.updated_at},
          {"updated_by", p.updated_by}};
}

}  // namespace

core::Result<StoredPhoto> FaceRegistry::ReadPhoto(const store::AccessScope& scope,
                                                  const PhotoRequest& request,
                                                  core::Timestamp now) {
  using store::Role;
  if (!scope.Has(Role::kOfficer) && !scope.Has(Role::kAnalyst) && !scope.Has(Role::kSupervisor) &&
      !scope.Has(Role::kAdmin)) {
    return core::PermissionDenied("reading a face photo needs a role");
  }
  const bool thumb = request.size == PhotoSize::kThumbnail;
  return impl_->store->Write<StoredPhoto>([&](store::Connection& tx) -> core::Result<StoredPhoto> {
    // The photo goes with its template: visible exactly when the template is.
    ISTMO_ASSIGN_OR_RETURN(auto face,
                           store::SelectVisibleOne(tx, scope,
                                                   {.columns = "t.id",
                                                    .table = "face_templates",
                                                    .alias = "t",
                                                    .where = {"t.id = ?", "t.erased_at IS NULL"},
                                                    .params = {request.template_id}}));
    if (!face) return NoPhoto(request.template_id);
    ISTMO_ASSIGN_OR_RETURN(auto row,
                           tx.QueryOne(thumb ? "SELECT content_type, thumb_nonce, thumb_ciphertext "
                                               "FROM face_photos WHERE template_id = ?"
                                             : "SELECT content_type, nonce, ciphertext "
                                               "FROM face_photos WHERE template_id = ?",
                                       {request.template_id}));
    if (!row) return NoPhoto(request.template_id);
    StoredPhoto out;
    ISTMO_ASSIGN_OR_RETURN(
        out.bytes,
        internal::UnsealBytes(
            impl_->options.key, internal::PhotoAssociatedData(request.template_id, request.size),
            row->Bytes(1), row->Bytes(2), "photo of face template " + request.template_id));
    out.content_type = thumb ? "image/jpeg" : row->Text(0);
    nlohmann::json detail = {{"size", thumb ? "thumb" : "original"}};
    if (!request.encounter_id.empty()) detail["encounter_id"] = request.encounter_id;
    ISTMO_RETURN_IF_ERROR(
        store::AppendAudit(tx,
                           store::AuditBy(scope, "biometrics.photo_read", "face_photo",
                                          request.template_id, JsonText(detail)),
                           now));
    return out;
  });
}

core::Result<PhotoPolicy> GetPhotoPolicy(store::Connection& c, const store::AccessScope& scope) {
  if (scope.org_id.empty()) {
    return core::PermissionDenied("a photo policy belongs to an organization");
  }
  PhotoPolicy p{.org_id = scope.org_id};
  ISTMO_ASSIGN_OR_RETURN(
      auto row, c.QueryOne("SELECT retention_days, updated_at, updated_by FROM photo_policies "
                           "WHERE org_id = ?",
                           {scope.org_id}));
  if (row) {
    if (!row->IsNull(0)) p.retention_days = row->Int(0);
    p.updated_at = row->Text(1);
    p.updated_by = row->Text(2);
  }
  return p;
}

core::Result<PhotoPolicy> SetPhotoPolicy(store::Connection& tx, const store::AccessScope& scope,
                                         std::optional<std::int64_t> retention_days,
                                         core::Timestamp now) {
  if (scope.system || scope.org_id.empty() || !scope.Has(store::Role::kAdmin)) {
    return core::PermissionDenied("the photo policy is set by the organization's admins");
  }
  if (retention_days && (*retention_days < 1 || *retention_days > kMaxPhotoRetentionDays)) {
    return core::WithReason(
        core::InvalidArgument("must be 1 to " + std::to_string(kMaxPhotoRetentionDays) +
                                  " days, or null to keep photos",
                              "/retention_days"),
        "invalid_value");
  }
  PhotoPolicy p{
      .org_id = scope.org_id,
      .retention_days = retention_days,
      .updated_at = core::FormatIso8601(std::chrono::floor<std::chrono::milliseconds>(now)),
      .updated_by = scope.username};
  const store::Value days = retention_days ? store::Value(*retention_days) : store::Null();
  ISTMO_RETURN_IF_ERROR(
      tx.Exec("INSERT INTO photo_policies (org_id, retention_days, updated_at, updated_by) "
              "VALUES (?,?,?,?) ON CONFLICT (org_id) DO UPDATE SET retention_days = "
              "excluded.retention_days, updated_at = excluded.updated_at, updated_by = "
              "excluded.updated_by",
              {p.org_id, days, p.updated_at, p.updated_by}));
  ISTMO_RETURN_IF_ERROR(store::RecordChange(
      tx, scope,
      {.action = "biometrics.photo_policy",
       .object_type = "photo_policy",
       .object_id = p.org_id,
       .detail = JsonText({{"retention_days", PolicyBody(p)["retention_days"]}}),
       .body = JsonText(PolicyBody(p))},
      now));
  return p;
}

core::Result<PhotoPurge> PurgePhotos(store::Connection& tx, const store::AccessScope& scope,
                                     core::Timestamp now) {
  if (!scope.system) return core::PermissionDenied("photos are purged by the system");
  PhotoPurge out;
  ISTMO_ASSIGN_OR_RETURN(auto policies,
                         tx.Query("SELECT org_id, retention_days FROM photo_policies "
                                  "WHERE retention_days IS NOT NULL ORDER BY org_id"));
  for (const store::Row& p : policies) {
    const core::Timestamp cutoff =
        std::chrono::floor<std::chrono::milliseconds>(now - std::chrono::days(p.Int(1)));
    ISTMO_ASSIGN_OR_RETURN(const std::int64_t erased,
                           tx.Exec("DELETE FROM face_photos WHERE owner_org = ? AND created_at < ?",
                                   {p.Text(0), core::FormatIso8601(cutoff)}));
    if (erased > 0) out.by_org[p.Text(0)] = erased;
    out.erased += erased;
  }
  if (out.erased > 0) {
    ISTMO_RETURN_IF_ERROR(store::AppendAudit(
        tx,
        store::AuditBy(scope, "biometrics.photo_purge", "face_photo", "",
                       JsonText({{"erased", out.erased}, {"by_org", out.by_org}})),
        now));
  }
  return out;
}

}  // namespace istmo::biometrics

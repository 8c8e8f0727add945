#include <sodium.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <mutex>
#include <utility>

#include <nlohmann/json.hpp>

#include "biometrics/identify.h"
#include "biometrics/internal/registry_impl.h"
#include "biometrics/internal/template_seal.h"
#include "core/id.h"
#include "store/alerts.h"
#include "store/audit.h"
#include "store/outbox.h"

namespace istmo::biometrics {

namespace {

constexpr char kModel[] = "dlib_face_recognition_resnet_model_v1";
// Watchlist candidates examined per identification (nearest templates of watchlisted persons).
constexpr std::size_t kWatchlistCandidates = 10;

using internal::JsonText;

}  // namespace

namespace internal {

std::string JsonText(const nlohmann::json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

core::Timestamp ParseTime(const std::string& text) {
  auto t = core::ParseIso8601(text);
  return t ? *t : core::Timestamp{};
}

core::Result<PendingEnrolment> WriteTemplate(store::Connection& tx, const TemplateKey& key,
                                             const store::AccessScope& scope, std::string owner_org,
                                             const std::vector<std::string>& releasability_in,
                                             const std::string& person_id,
                                             const Descriptor& descriptor, const FacePhoto* photo,
                                             core::Timestamp now) {
  if (person_id.empty()) return core::InvalidArgument("must not be empty", "/person_id");
  for (float x : descriptor) {
    if (!std::isfinite(x)) return core::InvalidArgument("not a finite number", "/descriptor");
  }
  PendingEnrolment p;
  ISTMO_ASSIGN_OR_RETURN(p.releasability, store::NormalizeReleasability(releasability_in));
  p.enrolled.template_id = core::NewId();
  p.enrolled.created_at = std::chrono::floor<std::chrono::milliseconds>(now);
  p.owner_org = std::move(owner_org);
  p.person_id = person_id;
  p.descriptor = descriptor;
  const internal::Sealed sealed = internal::Seal(key, p.enrolled.template_id, descriptor);
  ISTMO_ASSIGN_OR_RETURN(auto next,
                         tx.QueryOne("SELECT COALESCE(MAX(label), 0) + 1 FROM face_templates"));
  const std::int64_t label = next ? next->Int(0) : 1;
  p.label = static_cast<std::uint64_t>(label);
  ISTMO_RETURN_IF_ERROR(
      tx.Exec("INSERT INTO face_templates (id, created_at, owner_org, releasability, label, "
              "person_id, model, nonce, ciphertext) VALUES (?,?,?,?,?,?,?,?,?)",
              {p.enrolled.template_id, core::FormatIso8601(p.enrolled.created_at), p.owner_org,
               store::EncodeReleasability(p.releasability), label, person_id, std::string(kModel),
               store::Blob{sealed.nonce}, store::Blob{sealed.ciphertext}}));
  if (photo != nullptr) {
    const internal::Sealed original = internal::SealBytes(
        key, PhotoAssociatedData(p.enrolled.template_id, PhotoSize::kOriginal), photo->bytes);
    const internal::Sealed thumbnail = internal::SealBytes(
        key, PhotoAssociatedData(p.enrolled.template_id, PhotoSize::kThumbnail), photo->thumbnail);
    ISTMO_RETURN_IF_ERROR(tx.Exec(
        "INSERT INTO face_photos (template_id, created_at, owner_org, content_type, nonce, "
        "ciphertext, thumb_nonce, thumb_ciphertext) VALUES (?,?,?,?,?,?,?,?)",
        {p.enrolled.template_id, core::FormatIso8601(p.enrolled.created_at), p.owner_org,
         photo->content_type, store::Blob{original.nonce}, store::Blob{original.ciphertext},
         store::Blob{thumbnail.nonce}, store::Blob{thumbnail.ciphertext}}));
  }
  // The event carries the template's metadata only: the descriptor and the photo never leave
  // their rows.
  ISTMO_RETURN_IF_ERROR(store::RecordChange(
      tx, scope,
      {.action = "biometrics.enrol",
       .object_type = "face_template",
       .object_id = p.enrolled.template_id,
       .detail = JsonText({{"person_id", person_id}, {"photo", photo != nullptr}}),
       .body = JsonText({{"id", p.enrolled.template_id},
                         {"created_at", core::FormatIso8601(p.enrolled.created_at)},
                         {"owner_org", p.owner_org},
                         {"releasability", p.releasability},
                         {"person_id", person_id},
                         {"model", kModel}})},
      now));
  return p;
}

std::string PhotoAssociatedData(const std::string& template_id, PhotoSize size) {
  return (size == PhotoSize::kThumbnail ? "thumb:" : "photo:") + template_id;
}

}  // namespace internal

FaceRegistry::FaceRegistry(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
FaceRegistry::~FaceRegistry() = default;

core::Result<std::unique_ptr<FaceRegistry>> FaceRegistry::Open(store::Store& store,
                                                               const RegistryOptions& options) {
  if (sodium_init() < 0) return core::Internal("libsodium failed to initialize");
  auto impl = std::make_unique<Impl>();
  impl->store = &store;
  impl->options = options;
  ISTMO_ASSIGN_OR_RETURN(auto rows, store.Read<std::vector<store::Row>>([](store::Connection& c) {
    return c.Query(
        "SELECT id, label, person_id, owner_org, releasability, nonce, ciphertext "
        "FROM face_templates WHERE erased_at IS NULL ORDER BY label");
  }));
  ISTMO_ASSIGN_OR_RETURN(auto listed, store.Read<std::vector<store::Row>>([](store::Connection& c) {
    return c.Query("SELECT DISTINCT person_id FROM watchlist_entries");
  }));
  IndexOptions index_options = options.index;
  index_options.initial_capacity = std::max(index_options.initial_capacity, rows.size());
  ISTMO_ASSIGN_OR_RETURN(impl->index, FaceIndex::Create(index_options));

  std::vector<std::uint64_t> labels;
  std::vector<float> vectors;
  labels.reserve(rows.size());
  vectors.reserve(rows.size() * kDescriptorSize);
  for (const store::Row& row : rows) {
    const std::string id = row.Text(0);
    ISTMO_ASSIGN_OR_RETURN(Descriptor d,
                           internal::Unseal(options.key, id, row.Bytes(5), row.Bytes(6)));
    const auto label = static_cast<std::uint64_t>(row.Int(1));
    labels.push_back(label);
    vectors.insert(vectors.end(), d.begin(), d.end());
    impl->meta[label] = {row.Text(3), row.Text(4), row.Text(2)};
  }
  ISTMO_RETURN_IF_ERROR(impl->index->AddBatch(labels, vectors, 1));
  for (const store::Row& row : listed) impl->watchlisted.insert(row.Text(0));
  return std::unique_ptr<FaceRegistry>(new FaceRegistry(std::move(impl)));
}

core::Result<Enrolled> FaceRegistry::Enrol(const store::AccessScope& scope,
                                           const EnrolRequest& request, core::Timestamp now) {
  ISTMO_ASSIGN_OR_RETURN(PendingEnrolment pending,
                         impl_->store->Write<PendingEnrolment>([&](store::Connection& tx) {
                           return EnrolIn(tx, scope, request, now);
                         }));
  ISTMO_RETURN_IF_ERROR(Publish(pending));
  return pending.enrolled;
}

core::Result<PendingEnrolment> FaceRegistry::EnrolIn(store::Connection& tx,
                                                     const store::AccessScope& scope,
                                                     const EnrolRequest& request,
                                                     core::Timestamp now) {
  if (!scope.Has(store::Role::kOfficer)) {
    return core::PermissionDenied("enrolling a face needs the officer role");
  }
  return internal::WriteTemplate(tx, impl_->options.key, scope, scope.org_id, request.releasability,
                                 request.person_id, request.descriptor, request.photo, now);
}

core::Status FaceRegistry::Publish(const PendingEnrolment& p) {
  std::unique_lock lock(impl_->mu);
  impl_->meta[p.label] = {p.owner_org, store::EncodeReleasability(p.releasability), p.person_id};
  return impl_->index->Add(p.label, p.descriptor);
}

core::Result<Identification> FaceRegistry::Identify(const store::AccessScope& scope,
                                                    const Descriptor& probe, std::size_t k,
                                                    core::Timestamp now,
                                                    const ProbeContext& context) {
  if (!scope.Has(store::Role::kOfficer) && !scope.Has(store::Role::kAnalyst)) {
    return core::PermissionDenied("identifying a face needs the officer or analyst role");
  }
  for (float x : probe) {
    if (!std::isfinite(x)) return core::InvalidArgument("not a finite number", "/descriptor");
  }
  std::vector<Match> nearest;
  std::vector<std::pair<Match, std::string>> watch;  // watchlisted templates within threshold
  {
    std::shared_lock lock(impl_->mu);
    // The caller's releasability, applied inside the graph walk.
    nearest = impl_->index->Search(probe, k, [&](std::uint64_t label) {
      const auto it = impl_->meta.find(label);
      return it != impl_->meta.end() &&
             store::IsReleasableTo(scope, it->second.owner_org, it->second.releasability);
    });
    // Every watchlisted person's templates, whoever may see them: a hit must reach the
    // watchlist's owner even when the officer cannot see the subject.
    if (!impl_->watchlisted.empty()) {
      for (const Match& m :
           impl_->index->Search(probe, kWatchlistCandidates, [&](std::uint64_t label) {
             const auto it = impl_->meta.find(label);
             return it != impl_->meta.end() && impl_->watchlisted.contains(it->second.person_id);
           })) {
        if (m.distance <= impl_->options.threshold) {
          watch.emplace_back(m, impl_->meta.at(m.label).person_id);
        }
      }
    }
  }

  return impl_->store->Write<Identification>([&](store::Connection& tx)
                                                 -> core::Result<Identification> {
    Identification out;
    for (const Match& m : nearest) {
      ISTMO_ASSIGN_OR_RETURN(
          auto row,
          store::SelectVisibleOne(tx, scope,
                                  {.columns = "t.id, t.person_id, t.owner_org, t.created_at, "
                                              "EXISTS (SELECT 1 FROM face_photos p "
                                              "WHERE p.template_id = t.id)",
                                   .table = "face_templates",
                                   .alias = "t",
                                   .where = {"t.label = ?", "t.erased_at IS NULL"},
                                   .params = {static_cast<std::int64_t>(m.label)}}));
      if (!row) continue;  // the store's filter is the authority
      out.candidates.push_back({.template_id = row->Text(0),
                                .person_id = row->Text(1),
                                .owner_org = row->Text(2),
                                .enrolled_at = internal::ParseTime(row->Text(3)),
                                .distance = m.distance,
                                .match = m.distance <= impl_->options.threshold,
                                .has_photo = row->Int(4) != 0});
    }

    // One alert per (watchlist, person), at the nearest distance.
    std::map<std::pair<std::string, std::string>, float> best;
    for (const auto& [m, person] : watch) {
      ISTMO_ASSIGN_OR_RETURN(
          auto entries,
          tx.Query("SELECT DISTINCT watchlist_id FROM watchlist_entries WHERE person_id = ?",
                   {person}));
      for (const store::Row& e : entries) {
        auto [it, inserted] = best.try_emplace({e.Text(0), person}, m.distance);
        if (!inserted) it->second = std::min(it->second, m.distance);
      }
    }
    for (const auto& [key, distance] : best) {
      const auto& [watchlist_id, person] = key;
      ISTMO_ASSIGN_OR_RETURN(
          auto w, tx.QueryOne("SELECT w.name, w.owner_org, w.releasability, "
                              "(SELECT e.reason FROM watchlist_entries e WHERE e.watchlist_id = "
                              "w.id AND e.person_id = ? ORDER BY e.created_at LIMIT 1), "
                              "(SELECT e.name FROM watchlist_entries e WHERE e.watchlist_id = "
                              "w.id AND e.person_id = ? AND e.name <> '' ORDER BY e.created_at "
                              "LIMIT 1) "
                              "FROM watchlists w WHERE w.id = ?",
                              {person, person, watchlist_id}));
      if (!w) continue;
      const std::string person_name = w->IsNull(4) ? context.name : w->Text(4);
      store::Alert alert;
      alert.owner_org = w->Text(1);
      alert.releasability = store::DecodeReleasability(w->Text(2));
      alert.module = "biometrics";
      alert.kind = "watchlist_hit";
      alert.severity = "critical";
      // Words for a person reading a list of alerts: the list and whom it names, no ids and no
      // raw float (those are in the detail, for the web app to format in the reader's language).
      alert.title = "Watchlist hit: " + w->Text(0) + (person_name.empty() ? "" : " – " + person_name);
      const auto or_null = [](const std::string& v) {
        return v.empty() ? nlohmann::json(nullptr) : nlohmann::json(v);
      };
      alert.detail =
          nlohmann::json{
              {"code", "watchlist_hit"},
              {"params",
               {{"watchlist_id", watchlist_id},
                {"watchlist_name", w->Text(0)},
                {"person_id", person},
                {"person_name", or_null(person_name)},
                {"distance", std::round(static_cast<double>(distance) * 100) / 100},
                {"encounter_id", or_null(context.encounter_id)},
                {"reason", w->Text(3)},
                {"seen_by_org", scope.org_id},
                {"seen_by", scope.system ? "system" : scope.username}}},
              {"link", context.encounter_id.empty()
                           ? nlohmann::json(nullptr)
                           : nlohmann::json{{"type", "encounter"}, {"id", context.encounter_id}}}}
              .dump();
      ISTMO_ASSIGN_OR_RETURN(store::Alert raised, store::InsertAlert(tx, alert, now));
      // The alert is a new record (its owner may sit at another site); the identification's
      // audit entry below covers it.
      ISTMO_RETURN_IF_ERROR(
          store::Emit(tx,
                      {.type = "alert.create",
                       .object_id = raised.id,
                       .body = JsonText({{"id", raised.id},
                                         {"created_at", core::FormatIso8601(raised.created_at)},
                                         {"owner_org", raised.owner_org},
                                         {"releasability", raised.releasability},
                                         {"module", raised.module},
                                         {"kind", raised.kind},
                                         {"severity", raised.severity},
                                         {"title", raised.title},
                                         {"detail", raised.detail},
                                         {"status", raised.status}})},
                      now));
      if (store::IsReleasableTo(scope, alert.owner_org, w->Text(2))) {
        out.hits.push_back({.watchlist_id = watchlist_id,
                            .watchlist_name = w->Text(0),
                            .person_id = person,
                            .reason = w->Text(3),
                            .distance = distance,
                            .alert_id = raised.id});
      }
    }
    ISTMO_RETURN_IF_ERROR(store::AppendAudit(
        tx,
        store::AuditBy(scope, "biometrics.identify", "face_probe", "",
                       JsonText({{"candidates", out.candidates.size()}, {"alerts", best.size()}})),
        now));
    return out;
  });
}

std::size_t FaceRegistry::size() const {
  std::shared_lock lock(impl_->mu);
  return impl_->meta.size();
}

}  // namespace istmo::biometrics

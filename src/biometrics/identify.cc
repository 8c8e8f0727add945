#include "biometrics/identify.h"

#include <sodium.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <map>
#include <mutex>
#include <shared_mutex>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include <nlohmann/json.hpp>

#include "core/id.h"
#include "store/alerts.h"
#include "store/audit.h"

namespace istmo::biometrics {
namespace {

constexpr char kModel[] = "dlib_face_recognition_resnet_model_v1";
constexpr std::size_t kPlainBytes = sizeof(float) * kDescriptorSize;
// Watchlist candidates examined per identification (nearest templates of watchlisted persons).
constexpr std::size_t kWatchlistCandidates = 10;

// What the index filter needs to know about a template without touching the database.
struct TemplateMeta {
  std::string owner_org;
  std::vector<std::string> releasability;
  std::string person_id;
};

// The rule of store::ReleasableTo, for records held in memory: the owner, "ALL", the caller's
// country, or the caller's organization as "org:<id>".
bool Visible(const store::AccessScope& scope, const std::string& owner_org,
             const std::vector<std::string>& releasability) {
  if (scope.system || owner_org == scope.org_id) return true;
  for (const std::string& target : releasability) {
    if (target == "ALL" || target == scope.country || target == "org:" + scope.org_id) return true;
  }
  return false;
}

store::AuditEntry Audit(const store::AccessScope& scope, std::string action,
                        std::string object_type, std::string object_id, std::string detail) {
  return {.actor_user_id = scope.user_id,
          .actor = scope.system ? "system" : scope.username,
          .actor_org = scope.org_id,
          .action = std::move(action),
          .object_type = std::move(object_type),
          .object_id = std::move(object_id),
          .detail = std::move(detail)};
}

struct Sealed {
  std::vector<std::uint8_t> nonce;
  std::vector<std::uint8_t> ciphertext;
};

// XChaCha20-Poly1305 with a random 24-byte nonce; the template id is the associated data, so
// a ciphertext moved to another row does not open.
Sealed Seal(const TemplateKey& key, const std::string& template_id, const Descriptor& d) {
  Sealed s;
  s.nonce.resize(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
  randombytes_buf(s.nonce.data(), s.nonce.size());
  s.ciphertext.resize(kPlainBytes + crypto_aead_xchacha20poly1305_ietf_ABYTES);
  unsigned long long length = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(
      s.ciphertext.data(), &length, reinterpret_cast<const unsigned char*>(d.data()), kPlainBytes,
      reinterpret_cast<const unsigned char*>(template_id.data()), template_id.size(), nullptr,
      s.nonce.data(), key.bytes.data());
  s.ciphertext.resize(length);
  return s;
}

core::Result<Descriptor> Open(const TemplateKey& key, const std::string& template_id,
                              const std::vector<std::uint8_t>& nonce,
                              const std::vector<std::uint8_t>& ciphertext) {
  Descriptor d{};
  unsigned long long length = 0;
  if (nonce.size() != crypto_aead_xchacha20poly1305_ietf_NPUBBYTES ||
      ciphertext.size() != kPlainBytes + crypto_aead_xchacha20poly1305_ietf_ABYTES ||
      crypto_aead_xchacha20poly1305_ietf_decrypt(
          reinterpret_cast<unsigned char*>(d.data()), &length, nullptr, ciphertext.data(),
          ciphertext.size(), reinterpret_cast<const unsigned char*>(template_id.data()),
          template_id.size(), nonce.data(), key.bytes.data()) != 0 ||
      length != kPlainBytes) {
    return core::DataLoss("face template " + template_id +
                          " does not decrypt: wrong biometrics.template_key or altered row");
  }
  return d;
}

core::Timestamp ParseTime(const std::string& text) {
  auto t = core::ParseIso8601(text);
  return t ? *t : core::Timestamp{};
}

}  // namespace

std::vector<store::Migration> Migrations() {
  return {
      {"biometrics", 1, "face templates (sealed) and watchlists", R"sql(
CREATE TABLE face_templates (
  id            TEXT PRIMARY KEY,
  created_at    TEXT NOT NULL,
  owner_org     TEXT NOT NULL,
  releasability TEXT NOT NULL DEFAULT ',',
  label         INTEGER NOT NULL UNIQUE,
  person_id     TEXT NOT NULL,
  model         TEXT NOT NULL,
  nonce         BLOB NOT NULL,
  ciphertext    BLOB NOT NULL
);
CREATE INDEX face_templates_by_person ON face_templates (person_id);
CREATE TABLE watchlists (
  id            TEXT PRIMARY KEY,
  created_at    TEXT NOT NULL,
  owner_org     TEXT NOT NULL,
  releasability TEXT NOT NULL DEFAULT ',',
  name          TEXT NOT NULL CHECK (name <> '')
);
CREATE TABLE watchlist_entries (
  id            TEXT PRIMARY KEY,
  created_at    TEXT NOT NULL,
  owner_org     TEXT NOT NULL,
  releasability TEXT NOT NULL DEFAULT ',',
  watchlist_id  TEXT NOT NULL REFERENCES watchlists (id),
  person_id     TEXT NOT NULL,
  reason        TEXT NOT NULL
);
CREATE INDEX watchlist_entries_by_person ON watchlist_entries (person_id);
)sql"},
      {"biometrics", 2, "watchlist entries: the subject's name and the face enrolled with them",
       R"sql(
ALTER TABLE watchlist_entries ADD COLUMN name TEXT NOT NULL DEFAULT '';
ALTER TABLE watchlist_entries ADD COLUMN template_id TEXT NOT NULL DEFAULT '';
CREATE INDEX watchlist_entries_by_list ON watchlist_entries (watchlist_id);
)sql"},
      {"biometrics", 3, "face templates erased with their watchlist entry (kept as tombstones)",
       R"sql(
ALTER TABLE face_templates ADD COLUMN erased_at TEXT;
)sql"},
  };
}

core::Result<TemplateKey> TemplateKey::FromHex(std::string_view hex) {
  TemplateKey key;
  std::size_t length = 0;
  if (hex.size() != 64 ||
      sodium_hex2bin(key.bytes.data(), key.bytes.size(), hex.data(), hex.size(), nullptr, &length,
                     nullptr) != 0 ||
      length != key.bytes.size()) {
    return core::InvalidArgument("must be 64 hex digits (32 bytes)", "biometrics.template_key");
  }
  return key;
}

TemplateKey TemplateKey::Generate() {
  TemplateKey key;
  crypto_aead_xchacha20poly1305_ietf_keygen(key.bytes.data());
  return key;
}

struct FaceRegistry::Impl {
  store::Store* store = nullptr;
  RegistryOptions options;
  std::unique_ptr<FaceIndex> index;
  // Guards meta and watchlisted; held shared across an index search so that the filter never
  // meets a label it does not know.
  mutable std::shared_mutex mu;
  std::unordered_map<std::uint64_t, TemplateMeta> meta;
  std::unordered_set<std::string> watchlisted;  // person ids on any watchlist
};

FaceRegistry::FaceRegistry(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
FaceRegistry::~FaceRegistry() = default;

core::Result<std::unique_ptr<FaceRegistry>> FaceRegistry::Open(store::Store& store,
                                                               const RegistryOptions& options) {
  if (sodium_init() < 0) return core::Internal("libsodium failed to initialize");
  auto impl = std::make_unique<Impl>();
  impl->store = &store;
  impl->options = options;
  ISTMO_ASSIGN_OR_RETURN(
      auto rows, store.Read<std::vector<store::Row>>([](store::Connection& c) {
        return c.Query(
            "SELECT id, label, person_id, owner_org, releasability, nonce, ciphertext "
            "FROM face_templates WHERE erased_at IS NULL ORDER BY label");
      }));
  ISTMO_ASSIGN_OR_RETURN(
      auto listed, store.Read<std::vector<store::Row>>([](store::Connection& c) {
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
    ISTMO_ASSIGN_OR_RETURN(Descriptor d, biometrics::Open(options.key, id, row.Bytes(5), row.Bytes(6)));
    const auto label = static_cast<std::uint64_t>(row.Int(1));
    labels.push_back(label);
    vectors.insert(vectors.end(), d.begin(), d.end());
    impl->meta[label] = {row.Text(3), store::DecodeReleasability(row.Text(4)), row.Text(2)};
  }
  ISTMO_RETURN_IF_ERROR(impl->index->AddBatch(labels, vectors, 1));
  for (const store::Row& row : listed) impl->watchlisted.insert(row.Text(0));
  return std::unique_ptr<FaceRegistry>(new FaceRegistry(std::move(impl)));
}

core::Result<Enrolled> FaceRegistry::Enrol(const store::AccessScope& scope,
                                           const EnrolRequest& request, core::Timestamp now) {
  ISTMO_ASSIGN_OR_RETURN(
      PendingEnrolment pending,
      impl_->store->Write<PendingEnrolment>([&](store::Connection& tx) {
        return EnrolIn(tx, scope, request, now);
      }));
  ISTMO_RETURN_IF_ERROR(Publish(pending));
  return pending.enrolled;
}

namespace {

// Writes a sealed template row and its audit entry; the checks of every enrolment path.
core::Result<PendingEnrolment> WriteTemplate(store::Connection& tx, const TemplateKey& key,
                                             const store::AccessScope& scope,
                                             std::string owner_org,
                                             const std::vector<std::string>& releasability_in,
                                             const std::string& person_id,
                                             const Descriptor& descriptor, core::Timestamp now) {
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
  const Sealed sealed = Seal(key, p.enrolled.template_id, descriptor);
  ISTMO_ASSIGN_OR_RETURN(auto next,
                         tx.QueryOne("SELECT COALESCE(MAX(label), 0) + 1 FROM face_templates"));
  const std::int64_t label = next ? next->Int(0) : 1;
  p.label = static_cast<std::uint64_t>(label);
  ISTMO_RETURN_IF_ERROR(tx.Exec(
      "INSERT INTO face_templates (id, created_at, owner_org, releasability, label, "
      "person_id, model, nonce, ciphertext) VALUES (?,?,?,?,?,?,?,?,?)",
      {p.enrolled.template_id, core::FormatIso8601(p.enrolled.created_at), p.owner_org,
       store::EncodeReleasability(p.releasability), label, person_id, std::string(kModel),
       store::Blob{sealed.nonce}, store::Blob{sealed.ciphertext}}));
  ISTMO_RETURN_IF_ERROR(store::AppendAudit(
      tx,
      Audit(scope, "biometrics.enrol", "face_template", p.enrolled.template_id,
            nlohmann::json{{"person_id", person_id}}.dump()),
      now));
  return p;
}

}  // namespace

core::Result<PendingEnrolment> FaceRegistry::EnrolIn(store::Connection& tx,
                                                     const store::AccessScope& scope,
                                                     const EnrolRequest& request,
                                                     core::Timestamp now) {
  if (!scope.Has(store::Role::kOfficer)) {
    return core::PermissionDenied("enrolling a face needs the officer role");
  }
  return WriteTemplate(tx, impl_->options.key, scope, scope.org_id, request.releasability,
                       request.person_id, request.descriptor, now);
}

core::Status FaceRegistry::Publish(const PendingEnrolment& p) {
  std::unique_lock lock(impl_->mu);
  impl_->meta[p.label] = {p.owner_org, p.releasability, p.person_id};
  return impl_->index->Add(p.label, p.descriptor);
}

core::Result<Identification> FaceRegistry::Identify(const store::AccessScope& scope,
                                                    const Descriptor& probe, std::size_t k,
                                                    core::Timestamp now) {
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
      return it != impl_->meta.end() && Visible(scope, it->second.owner_org, it->second.releasability);
    });
    // Every watchlisted person's templates, whoever may see them: a hit must reach the
    // watchlist's owner even when the officer cannot see the subject.
    if (!impl_->watchlisted.empty()) {
      for (const Match& m : impl_->index->Search(probe, kWatchlistCandidates, [&](std::uint64_t label) {
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
    const store::SqlFilter visible = store::ReleasableTo(scope, "t");
    for (const Match& m : nearest) {
      store::Params params = {static_cast<std::int64_t>(m.label)};
      params.insert(params.end(), visible.params.begin(), visible.params.end());
      ISTMO_ASSIGN_OR_RETURN(
          auto row, tx.QueryOne("SELECT t.id, t.person_id, t.owner_org, t.created_at FROM "
                                "face_templates t WHERE t.label = ? AND t.erased_at IS NULL AND " + visible.sql,
                                params));
      if (!row) continue;  // the store's filter is the authority
      out.candidates.push_back({.template_id = row->Text(0),
                                .person_id = row->Text(1),
                                .owner_org = row->Text(2),
                                .enrolled_at = ParseTime(row->Text(3)),
                                .distance = m.distance,
                                .match = m.distance <= impl_->options.threshold});
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
                              "w.id AND e.person_id = ? ORDER BY e.created_at LIMIT 1) "
                              "FROM watchlists w WHERE w.id = ?",
                              {person, watchlist_id}));
      if (!w) continue;
      const std::vector<std::string> releasability = store::DecodeReleasability(w->Text(2));
      store::Alert alert;
      alert.owner_org = w->Text(1);
      alert.releasability = releasability;
      alert.module = "biometrics";
      alert.kind = "watchlist_hit";
      alert.severity = "critical";
      alert.title = "Watchlist hit: " + w->Text(0);
      alert.detail = nlohmann::json{{"watchlist_id", watchlist_id},
                                    {"person_id", person},
                                    {"reason", w->Text(3)},
                                    {"distance", distance},
                                    {"seen_by_org", scope.org_id},
                                    {"seen_by", scope.system ? "system" : scope.username}}
                         .dump();
      ISTMO_ASSIGN_OR_RETURN(store::Alert raised, store::InsertAlert(tx, alert, now));
      if (Visible(scope, alert.owner_org, releasability)) {
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
        Audit(scope, "biometrics.identify", "face_probe", "",
              nlohmann::json{{"candidates", out.candidates.size()}, {"alerts", best.size()}}
                  .dump()),
        now));
    return out;
  });
}

core::Result<Watchlist> FaceRegistry::CreateWatchlist(const store::AccessScope& scope,
                                                      std::string name,
                                                      std::vector<std::string> releasability,
                                                      core::Timestamp now) {
  if (!scope.Has(store::Role::kSupervisor) && !scope.Has(store::Role::kAdmin)) {
    return core::PermissionDenied("creating a watchlist needs the supervisor or admin role");
  }
  if (name.empty()) return core::InvalidArgument("must not be empty", "/name");
  Watchlist w;
  ISTMO_ASSIGN_OR_RETURN(w.releasability, store::NormalizeReleasability(releasability));
  w.id = core::NewId();
  w.created_at = std::chrono::floor<std::chrono::milliseconds>(now);
  w.owner_org = scope.org_id;
  w.name = std::move(name);
  ISTMO_RETURN_IF_ERROR(impl_->store->Write([&](store::Connection& tx) -> core::Status {
    ISTMO_RETURN_IF_ERROR(tx.Exec(
        "INSERT INTO watchlists (id, created_at, owner_org, releasability, name) "
        "VALUES (?,?,?,?,?)",
        {w.id, core::FormatIso8601(w.created_at), w.owner_org,
         store::EncodeReleasability(w.releasability), w.name}));
    ISTMO_RETURN_IF_ERROR(store::AppendAudit(
        tx,
        Audit(scope, "biometrics.watchlist_create", "watchlist", w.id,
              nlohmann::json{{"name", w.name}}.dump()),
        now));
    return core::Ok();
  }));
  return w;
}

namespace {

bool MayManageWatchlists(const store::AccessScope& scope) {
  return scope.Has(store::Role::kSupervisor) || scope.Has(store::Role::kAdmin);
}

// The watchlist `id` as the caller may change it: visible and owned by the caller's
// organization. Returns its owner and releasability column.
core::Result<store::Row> WatchlistForChange(store::Connection& tx, const store::AccessScope& scope,
                                            const std::string& id) {
  const store::SqlFilter visible = store::ReleasableTo(scope, "w");
  store::Params params = {id};
  params.insert(params.end(), visible.params.begin(), visible.params.end());
  ISTMO_ASSIGN_OR_RETURN(
      auto w, tx.QueryOne("SELECT w.owner_org, w.releasability FROM watchlists w WHERE w.id = ? "
                          "AND " + visible.sql,
                          params));
  if (!w) return core::NotFound("no watchlist " + id.substr(0, 64), "/watchlist_id");
  if (!scope.system && w->Text(0) != scope.org_id) {
    return core::PermissionDenied("the watchlist belongs to another organization");
  }
  return *w;
}

constexpr char kEntryColumns[] =
    "e.id, e.created_at, e.watchlist_id, e.person_id, e.name, e.reason, e.template_id";

WatchlistEntry EntryFromRow(const store::Row& r) {
  return {.id = r.Text(0),
          .created_at = ParseTime(r.Text(1)),
          .watchlist_id = r.Text(2),
          .person_id = r.Text(3),
          .name = r.Text(4),
          .reason = r.Text(5),
          .template_id = r.Text(6)};
}

constexpr char kWatchlistColumns[] =
    "w.id, w.created_at, w.owner_org, w.releasability, w.name, "
    "(SELECT COUNT(*) FROM watchlist_entries e WHERE e.watchlist_id = w.id)";

Watchlist WatchlistFromRow(const store::Row& r) {
  return {.id = r.Text(0),
          .created_at = ParseTime(r.Text(1)),
          .owner_org = r.Text(2),
          .releasability = store::DecodeReleasability(r.Text(3)),
          .name = r.Text(4),
          .entries = r.Int(5)};
}

}  // namespace

core::Result<WatchlistEntry> FaceRegistry::AddToWatchlist(const store::AccessScope& scope,
                                                          const std::string& watchlist_id,
                                                          NewWatchlistEntry in,
                                                          core::Timestamp now) {
  if (!MayManageWatchlists(scope)) {
    return core::PermissionDenied("changing a watchlist needs the supervisor or admin role");
  }
  if (in.reason.empty()) return core::InvalidArgument("must not be empty", "/reason");
  if (in.person_id.empty() && !in.face) {
    return core::InvalidArgument("give the person's id or a photo of the face", "/person_id");
  }
  if (in.person_id.empty()) in.person_id = core::NewId();
  WatchlistEntry entry{.id = core::NewId(),
                       .created_at = std::chrono::floor<std::chrono::milliseconds>(now),
                       .watchlist_id = watchlist_id,
                       .person_id = std::move(in.person_id),
                       .name = std::move(in.name),
                       .reason = std::move(in.reason)};
  std::optional<PendingEnrolment> pending;
  ISTMO_RETURN_IF_ERROR(impl_->store->Write([&](store::Connection& tx) -> core::Status {
    pending.reset();
    ISTMO_ASSIGN_OR_RETURN(store::Row w, WatchlistForChange(tx, scope, watchlist_id));
    if (!in.face) {
      // A hit comes from a face: a person listed by id needs one the caller may see.
      const store::SqlFilter visible = store::ReleasableTo(scope, "t");
      store::Params params = {entry.person_id};
      params.insert(params.end(), visible.params.begin(), visible.params.end());
      ISTMO_ASSIGN_OR_RETURN(auto face, tx.QueryOne("SELECT 1 FROM face_templates t WHERE "
                                                    "t.person_id = ? AND t.erased_at IS NULL AND " +
                                                        visible.sql + " LIMIT 1",
                                                    params));
      if (!face) {
        return core::NotFound("no enrolled face of person " + entry.person_id.substr(0, 64) +
                                  "; list the person with a photo",
                              "/person_id");
      }
    }
    if (in.face) {
      // The face belongs to the watchlist: its owner's, releasable as the watchlist is.
      ISTMO_ASSIGN_OR_RETURN(pending,
                             WriteTemplate(tx, impl_->options.key, scope, w.Text(0),
                                           store::DecodeReleasability(w.Text(1)),
                                           entry.person_id, *in.face, now));
      entry.template_id = pending->enrolled.template_id;
    }
    ISTMO_RETURN_IF_ERROR(tx.Exec(
        "INSERT INTO watchlist_entries (id, created_at, owner_org, releasability, watchlist_id, "
        "person_id, reason, name, template_id) VALUES (?,?,?,?,?,?,?,?,?)",
        {entry.id, core::FormatIso8601(entry.created_at), w.Text(0), w.Text(1), watchlist_id,
         entry.person_id, entry.reason, entry.name, entry.template_id}));
    ISTMO_RETURN_IF_ERROR(store::AppendAudit(
        tx,
        Audit(scope, "biometrics.watchlist_add", "watchlist_entry", entry.id,
              nlohmann::json{{"watchlist_id", watchlist_id},
                             {"person_id", entry.person_id},
                             {"with_face", pending.has_value()}}
                  .dump()),
        now));
    return core::Ok();
  }));
  if (pending) ISTMO_RETURN_IF_ERROR(Publish(*pending));
  std::unique_lock lock(impl_->mu);
  impl_->watchlisted.insert(entry.person_id);
  return entry;
}

core::Status FaceRegistry::RemoveFromWatchlist(const store::AccessScope& scope,
                                               const std::string& watchlist_id,
                                               const std::string& entry_id, core::Timestamp now) {
  if (!MayManageWatchlists(scope)) {
    return core::PermissionDenied("changing a watchlist needs the supervisor or admin role");
  }
  std::string person;
  bool still_listed = false;
  std::optional<std::uint64_t> erased_label;
  ISTMO_RETURN_IF_ERROR(impl_->store->Write([&](store::Connection& tx) -> core::Status {
    erased_label.reset();
    ISTMO_RETURN_IF_ERROR(WatchlistForChange(tx, scope, watchlist_id));
    ISTMO_ASSIGN_OR_RETURN(auto e, tx.QueryOne("SELECT person_id, template_id FROM "
                                               "watchlist_entries WHERE id = ? AND watchlist_id = ?",
                                               {entry_id, watchlist_id}));
    if (!e) return core::NotFound("no entry " + entry_id.substr(0, 64) + " on this watchlist");
    person = e->Text(0);
    ISTMO_RETURN_IF_ERROR(tx.Exec("DELETE FROM watchlist_entries WHERE id = ?", {entry_id}));
    if (!e->Text(1).empty()) {
      // The face enrolled with the entry belongs to it alone: erase it. The row stays as a
      // tombstone (its label is never given again) with the sealed descriptor wiped.
      ISTMO_ASSIGN_OR_RETURN(auto t, tx.QueryOne("SELECT label FROM face_templates WHERE id = ? "
                                                 "AND erased_at IS NULL",
                                                 {e->Text(1)}));
      if (t) {
        erased_label = static_cast<std::uint64_t>(t->Int(0));
        ISTMO_RETURN_IF_ERROR(tx.Exec(
            "UPDATE face_templates SET erased_at = ?, nonce = x'', ciphertext = x'' WHERE id = ?",
            {core::FormatIso8601(std::chrono::floor<std::chrono::milliseconds>(now)),
             e->Text(1)}));
      }
    }
    ISTMO_ASSIGN_OR_RETURN(auto other, tx.QueryOne("SELECT 1 FROM watchlist_entries "
                                                   "WHERE person_id = ? LIMIT 1",
                                                   {person}));
    still_listed = other.has_value();
    ISTMO_RETURN_IF_ERROR(store::AppendAudit(
        tx,
        Audit(scope, "biometrics.watchlist_remove", "watchlist_entry", entry_id,
              nlohmann::json{{"watchlist_id", watchlist_id},
                             {"person_id", person},
                             {"face_erased", erased_label.has_value()}}
                  .dump()),
        now));
    return core::Ok();
  }));
  std::unique_lock lock(impl_->mu);
  if (!still_listed) impl_->watchlisted.erase(person);
  // A label without metadata fails every search filter: the erased face is never answered.
  if (erased_label) impl_->meta.erase(*erased_label);
  return core::Ok();
}

core::Result<std::vector<Watchlist>> FaceRegistry::ListWatchlists(const store::AccessScope& scope) {
  if (!scope.Has(store::Role::kAnalyst) && !MayManageWatchlists(scope)) {
    return core::PermissionDenied("reading watchlists needs the analyst, supervisor or admin role");
  }
  return impl_->store->Read<std::vector<Watchlist>>(
      [&](store::Connection& c) -> core::Result<std::vector<Watchlist>> {
        const store::SqlFilter visible = store::ReleasableTo(scope, "w");
        ISTMO_ASSIGN_OR_RETURN(auto rows,
                               c.Query(std::string("SELECT ") + kWatchlistColumns +
                                           " FROM watchlists w WHERE " + visible.sql +
                                           " ORDER BY w.name, w.id",
                                       visible.params));
        std::vector<Watchlist> out;
        for (const store::Row& r : rows) out.push_back(WatchlistFromRow(r));
        return out;
      });
}

core::Result<WatchlistDetail> FaceRegistry::GetWatchlist(const store::AccessScope& scope,
                                                         const std::string& watchlist_id) {
  if (!scope.Has(store::Role::kAnalyst) && !MayManageWatchlists(scope)) {
    return core::PermissionDenied("reading watchlists needs the analyst, supervisor or admin role");
  }
  return impl_->store->Read<WatchlistDetail>(
      [&](store::Connection& c) -> core::Result<WatchlistDetail> {
        const store::SqlFilter visible = store::ReleasableTo(scope, "w");
        store::Params params = {watchlist_id};
        params.insert(params.end(), visible.params.begin(), visible.params.end());
        ISTMO_ASSIGN_OR_RETURN(auto w, c.QueryOne(std::string("SELECT ") + kWatchlistColumns +
                                                      " FROM watchlists w WHERE w.id = ? AND " +
                                                      visible.sql,
                                                  params));
        if (!w) return core::NotFound("no watchlist " + watchlist_id.substr(0, 64));
        WatchlistDetail out{.watchlist = WatchlistFromRow(*w)};
        ISTMO_ASSIGN_OR_RETURN(auto rows,
                               c.Query(std::string("SELECT ") + kEntryColumns +
                                           " FROM watchlist_entries e WHERE e.watchlist_id = ? "
                                           "ORDER BY e.created_at, e.id",
                                       {watchlist_id}));
        for (const store::Row& r : rows) out.entries.push_back(EntryFromRow(r));
        return out;
      });
}

std::size_t FaceRegistry::size() const {
  std::shared_lock lock(impl_->mu);
  return impl_->meta.size();
}

}  // namespace istmo::biometrics

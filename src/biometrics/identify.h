// biometrics/identify.h — enrolment, 1:N identification and watchlists over the store.
//
// A FaceRegistry keeps every face template of the store in a FaceIndex. Templates are stored
// encrypted at rest (libsodium XChaCha20-Poly1305, the template id as associated data) and are
// never returned: callers get template ids, person ids and distances. The registry is opened
// once at start (it decrypts every template and builds the index) and is updated on each Enrol.
//
// Releasability: each template carries owner_org and releasability like every record. Identify
// passes the caller's AccessScope into the index search as a filter, so the k candidates are
// the nearest templates the caller may see; the rows are then read back through the store's
// scope-filtered SQL, which stays the authority.
//
// Watchlists (name, owning organization, releasability) list persons with a reason. Every
// Identify also searches the templates of watchlisted persons, whatever the caller's scope:
// a match below the threshold raises an alert (store/alerts.h, module "biometrics", kind
// "watchlist_hit") owned by the watchlist's organization and releasable as the watchlist is.
// The caller is told only of hits on watchlists it may see.
//
// Every enrolment, identification and watchlist change appends to the audit log in the same
// transaction.
//
//   ISTMO_ASSIGN_OR_RETURN(auto registry, biometrics::FaceRegistry::Open(*store, {.key = key}));
//   ISTMO_ASSIGN_OR_RETURN(auto enrolled, registry->Enrol(scope, {...}, clock.Now()));
//   ISTMO_ASSIGN_OR_RETURN(auto result, registry->Identify(scope, probe, 5, clock.Now()));
//
// Thread-safety: all methods may be called from many threads.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "biometrics/face.h"
#include "biometrics/index.h"
#include "core/result.h"
#include "core/time.h"
#include "store/scope.h"
#include "store/store.h"

namespace istmo::biometrics {

// The biometrics tables (face_templates, face_photos, watchlists, watchlist_entries,
// photo_policies), for store::Store::Open.
std::vector<store::Migration> Migrations();

// The key that seals templates at rest (config key biometrics.template_key: 64 hex digits).
struct TemplateKey {
  std::array<std::uint8_t, 32> bytes{};
  // kInvalidArgument (field "biometrics.template_key") unless exactly 64 hex digits.
  static core::Result<TemplateKey> FromHex(std::string_view hex);
  // A fresh random key.
  static TemplateKey Generate();
};

// The longer side of a kept photo's thumbnail, in pixels.
inline constexpr int kThumbnailSide = 160;

// The photo a face was enrolled from, kept sealed with its template (FaceService::
// DescribeToKeep makes it): the bytes as received and a JPEG thumbnail made at enrolment.
struct FacePhoto {
  std::vector<std::uint8_t> bytes;
  std::string content_type;             // "image/jpeg" or "image/png"
  std::vector<std::uint8_t> thumbnail;  // JPEG, longer side at most kThumbnailSide
};

struct EnrolRequest {
  std::string person_id;  // the subject the face belongs to (required)
  std::vector<std::string> releasability;  // besides the owner; empty = owner only
  Descriptor descriptor{};
  // Kept sealed with the template, in the same transaction, when set; must outlive the call.
  const FacePhoto* photo = nullptr;
};

enum class PhotoSize : std::uint8_t { kOriginal, kThumbnail };

struct PhotoRequest {
  std::string template_id;
  PhotoSize size = PhotoSize::kOriginal;
  // For the audit entry: the encounter the photo was asked through ("" when by template).
  std::string encounter_id;
};

struct StoredPhoto {
  std::vector<std::uint8_t> bytes;
  std::string content_type;
};

struct Enrolled {
  std::string template_id;
  core::Timestamp created_at;
};

// Who a person is, as the latest record of them that a reader may see says (biometrics/
// people.h): an encounter, or else the subject's name on a watchlist entry.
struct PersonSummary {
  std::string name;
  std::string nationality;   // "" when unknown (a watchlist subject)
  std::string birth_date;    // "YYYY-MM-DD", "" when unknown
  std::string sex;           // "F", "M", "X", "" when unknown
  std::string encounter_id;  // "" when from a watchlist entry
};

struct Candidate {
  std::string template_id;
  std::string person_id;
  std::string owner_org;
  core::Timestamp enrolled_at;
  float distance = 0;
  bool match = false;  // distance <= threshold
  bool has_photo = false;  // the face's photo is kept (not purged)
  // Filled by DescribePeople (biometrics/people.h); empty when the reader sees no record.
  std::optional<PersonSummary> person;
};

struct WatchlistHit {
  std::string watchlist_id;
  std::string watchlist_name;
  std::string person_id;
  std::string reason;
  float distance = 0;
  std::string alert_id;  // the alert raised for the watchlist's owning organization
  // The face to show: the one listed with the entry (released as the watchlist is), else the
  // face that matched; "" when neither has a photo kept.
  std::string photo_template_id;
  std::string subject_name;  // the entry's name for the subject ("" when unknown)
  // Filled by DescribePeople; empty when the reader sees no record and the entry has no name.
  std::optional<PersonSummary> person;
};

// What a probe is, for the alerts it may raise: a watchlist hit links to the encounter being
// registered with the face and names the person (the watchlist entry's subject name, else the
// name just registered).
struct ProbeContext {
  std::string encounter_id;  // "" when the probe registers nothing (identify alone)
  std::string name;          // the name given with the probe; "" when none
};

struct Identification {
  std::vector<Candidate> candidates;  // nearest first, only templates the caller may see
  std::vector<WatchlistHit> hits;     // only watchlists the caller may see
};

struct Watchlist {
  std::string id;
  core::Timestamp created_at;
  std::string owner_org;
  std::vector<std::string> releasability;
  std::string name;
  std::int64_t entries = 0;  // persons listed (ListWatchlists, GetWatchlist)
};

struct WatchlistEntry {
  std::string id;
  core::Timestamp created_at;
  std::string watchlist_id;
  std::string person_id;
  std::string name;    // the subject's name as the listing agency knows it ("" when unknown)
  std::string reason;
  std::string template_id;  // the face enrolled with the entry, "" when listed by person id
};

struct NewWatchlistEntry {
  // The subject: an existing person id (from an encounter), or empty with a face to enrol a
  // new person.
  std::string person_id;
  std::string name;
  std::string reason;  // required
  // A face of the subject, enrolled in the same transaction (owned by the watchlist's
  // organization, releasable as the watchlist is).
  std::optional<Descriptor> face;
  // The photo of `face`, kept sealed with it.
  std::optional<FacePhoto> photo;
};

struct WatchlistDetail {
  Watchlist watchlist;
  std::vector<WatchlistEntry> entries;  // oldest first
};

// An enrolment written inside the caller's transaction (FaceRegistry::EnrolIn). The index learns
// of it only when the caller hands it to Publish() after that transaction committed, so a
// rolled-back transaction leaves neither a row nor an index entry.
struct PendingEnrolment {
  Enrolled enrolled;
  std::uint64_t label = 0;
  std::string owner_org;
  std::vector<std::string> releasability;
  std::string person_id;
  Descriptor descriptor{};
};

struct RegistryOptions {
  TemplateKey key;
  IndexOptions index;
  // Same person when the distance is at most this.
  float threshold = kMatchThreshold;
};

class FaceRegistry {
 public:
  // Reads and decrypts every template and builds the index. kDataLoss when a template does not
  // decrypt (wrong key, or a row altered behind the store's back), naming the template.
  static core::Result<std::unique_ptr<FaceRegistry>> Open(store::Store& store,
                                                          const RegistryOptions& options);
  ~FaceRegistry();
  FaceRegistry(const FaceRegistry&) = delete;
  FaceRegistry& operator=(const FaceRegistry&) = delete;

  // Stores the template sealed, owned by the caller's organization, and adds it to the index.
  // kPermissionDenied unless the caller is an officer (or the system); kInvalidArgument for an
  // empty person_id, a bad releasability entry or a non-finite descriptor.
  core::Result<Enrolled> Enrol(const store::AccessScope& scope, const EnrolRequest& request,
                               core::Timestamp now);
  // The same checks and rows as Enrol, written in `tx`, the caller's transaction of the store
  // this registry was opened on (so that, e.g., an encounter and its face commit together).
  // Call Publish(result) once the transaction has committed.
  core::Result<PendingEnrolment> EnrolIn(store::Connection& tx, const store::AccessScope& scope,
                                         const EnrolRequest& request, core::Timestamp now);
  // Adds a committed enrolment to the index.
  core::Status Publish(const PendingEnrolment& pending);

  // The k nearest templates the caller may see, and the watchlist hits (see above). Each hit's
  // alert carries detail {"code": "watchlist_hit", "params": {watchlist_id, watchlist_name,
  // person_id, person_name, distance (2 decimals), encounter_id, reason, seen_by, seen_by_org},
  // "link": {"type": "encounter", "id"} or null} and the title "Watchlist hit: <watchlist> –
  // <person name>" (docs/api.md, "Alerts"). kPermissionDenied unless officer, analyst or system.
  core::Result<Identification> Identify(const store::AccessScope& scope,
                                        const Descriptor& probe, std::size_t k,
                                        core::Timestamp now, const ProbeContext& context = {});

  // A watchlist owned by the caller's organization. kPermissionDenied unless supervisor or
  // admin (or system); kInvalidArgument for an empty name.
  core::Result<Watchlist> CreateWatchlist(const store::AccessScope& scope, std::string name,
                                          std::vector<std::string> releasability,
                                          core::Timestamp now);
  // Lists a person on a watchlist of the caller's organization, enrolling `entry.face` in the
  // same transaction when given. kNotFound when the watchlist is absent or hidden, or when a
  // person listed by id alone has no face the caller may see (a hit comes from a face);
  // kPermissionDenied when it belongs to another organization or the caller is neither
  // supervisor nor admin; kInvalidArgument for no reason, or neither person id nor face.
  core::Result<WatchlistEntry> AddToWatchlist(const store::AccessScope& scope,
                                              const std::string& watchlist_id,
                                              NewWatchlistEntry entry, core::Timestamp now);
  // Takes an entry off a watchlist of the caller's organization. The face enrolled with the
  // entry is erased with it (its row kept as a tombstone with the sealed descriptor wiped, so
  // that its label is never reused); faces of the person's encounters stay. Same errors as
  // AddToWatchlist.
  core::Status RemoveFromWatchlist(const store::AccessScope& scope, const std::string& watchlist_id,
                                   const std::string& entry_id, core::Timestamp now);
  // The watchlists the caller may see, by name, with their entry counts. kPermissionDenied
  // unless analyst, supervisor or admin (or system).
  core::Result<std::vector<Watchlist>> ListWatchlists(const store::AccessScope& scope);
  // One watchlist and its entries; kNotFound when absent or hidden.
  core::Result<WatchlistDetail> GetWatchlist(const store::AccessScope& scope,
                                             const std::string& watchlist_id);

  // The photo kept with a face, or its thumbnail, when the template is releasable to the
  // caller; appends "biometrics.photo_read" (who, which, size) to the audit log. kNotFound
  // (reason not_found, object photo) when the template is absent, hidden or erased, or its
  // photo was never kept or was purged; kPermissionDenied unless officer, analyst, supervisor
  // or admin (or system); kDataLoss when the sealed bytes do not open.
  core::Result<StoredPhoto> ReadPhoto(const store::AccessScope& scope, const PhotoRequest& request,
                                      core::Timestamp now);

  // Templates that can be answered (erased ones excluded).
  std::size_t size() const;

 private:
  struct Impl;
  explicit FaceRegistry(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace istmo::biometrics

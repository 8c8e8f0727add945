#include <mutex>
#include <optional>
#include <utility>

#include <nlohmann/json.hpp>

#include "biometrics/identify.h"
#include "biometrics/internal/registry_impl.h"
#include "core/id.h"
#include "store/outbox.h"

namespace istmo::biometrics {

using internal::JsonText;
using internal::ParseTime;

namespace {

nlohmann::json WatchlistBody(const Watchlist& w) {
  return {{"id", w.id},
          {"created_at", core::FormatIso8601(w.created_at)},
          {"owner_org", w.owner_org},
          {"releasability", w.releasability},
          {"name", w.name}};
}

// Absent and hidden watchlists look the same.
core::Error NoWatchlist(const std::string& id, std::string field) {
  return core::WithReason(core::NotFound("no watchlist " + id.substr(0, 64), std::move(field)),
                          "not_found", {{"object", "watchlist"}});
}

}  // namespace

core::Result<Watchlist> FaceRegistry::CreateWatchlist(const store::AccessScope& scope,
                                                      std::string name,
                                                      std::vector<std::string> releasability,
                                                      core::Timestamp now) {
  if (!scope.Has(store::Role::kSupervisor) && !scope.Has(store::Role::kAdmin)) {
    return core::PermissionDenied("creating a watchlist needs the supervisor or admin role");
  }
  if (name.empty()) {
    return core::WithReason(core::InvalidArgument("must not be empty", "/name"), "required");
  }
  Watchlist w;
  ISTMO_ASSIGN_OR_RETURN(w.releasability, store::NormalizeReleasability(releasability));
  w.id = core::NewId();
  w.created_at = std::chrono::floor<std::chrono::milliseconds>(now);
  w.owner_org = scope.org_id;
  w.name = std::move(name);
  ISTMO_RETURN_IF_ERROR(impl_->store->Write([&](store::Connection& tx) -> core::Status {
    ISTMO_RETURN_IF_ERROR(
        tx.Exec("INSERT INTO watchlists (id, created_at, owner_org, releasability, name) "
                "VALUES (?,?,?,?,?)",
                {w.id, core::FormatIso8601(w.created_at), w.owner_org,
                 store::EncodeReleasability(w.releasability), w.name}));
    ISTMO_RETURN_IF_ERROR(store::RecordChange(tx, scope,
                                              {.action = "biometrics.watchlist_create",
                                               .object_type = "watchlist",
                                               .object_id = w.id,
                                               .detail = JsonText({{"name", w.name}}),
                                               .body = JsonText(WatchlistBody(w))},
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
  ISTMO_ASSIGN_OR_RETURN(auto w, store::SelectVisibleOne(tx, scope,
                                                         {.columns = "w.owner_org, w.releasability",
                                                          .table = "watchlists",
                                                          .alias = "w",
                                                          .where = {"w.id = ?"},
                                                          .params = {id}}));
  if (!w) return NoWatchlist(id, "/watchlist_id");
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
  if (in.reason.empty()) {
    return core::WithReason(core::InvalidArgument("must not be empty", "/reason"), "required");
  }
  if (in.person_id.empty() && !in.face) {
    return core::WithReason(
        core::InvalidArgument("give the person's id or a photo of the face", "/person_id"),
        "required");
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
      ISTMO_ASSIGN_OR_RETURN(
          auto face, store::SelectVisibleOne(tx, scope,
                                             {.columns = "1",
                                              .table = "face_templates",
                                              .alias = "t",
                                              .where = {"t.person_id = ?", "t.erased_at IS NULL"},
                                              .params = {entry.person_id}}));
      if (!face) {
        return core::WithReason(
            core::NotFound("no enrolled face of person " + entry.person_id.substr(0, 64) +
                               "; list the person with a photo",
                           "/person_id"),
            "not_found", {{"object", "person"}});
      }
    }
    if (in.face) {
      // The face belongs to the watchlist: its owner's, releasable as the watchlist is.
      ISTMO_ASSIGN_OR_RETURN(
          pending, internal::WriteTemplate(tx, impl_->options.key, scope, w.Text(0),
                                           store::DecodeReleasability(w.Text(1)), entry.person_id,
                                           *in.face, in.photo ? &*in.photo : nullptr, now));
      entry.template_id = pending->enrolled.template_id;
    }
    ISTMO_RETURN_IF_ERROR(tx.Exec(
        "INSERT INTO watchlist_entries (id, created_at, owner_org, releasability, watchlist_id, "
        "person_id, reason, name, template_id) VALUES (?,?,?,?,?,?,?,?,?)",
        {entry.id, core::FormatIso8601(entry.created_at), w.Text(0), w.Text(1), watchlist_id,
         entry.person_id, entry.reason, entry.name, entry.template_id}));
    ISTMO_RETURN_IF_ERROR(store::RecordChange(
        tx, scope,
        {.action = "biometrics.watchlist_add",
         .object_type = "watchlist_entry",
         .object_id = entry.id,
         .detail = JsonText({{"watchlist_id", watchlist_id},
                             {"person_id", entry.person_id},
                             {"with_face", pending.has_value()}}),
         .body = JsonText({{"id", entry.id},
                           {"created_at", core::FormatIso8601(entry.created_at)},
                           {"owner_org", w.Text(0)},
                           {"releasability", store::DecodeReleasability(w.Text(1))},
                           {"watchlist_id", watchlist_id},
                           {"person_id", entry.person_id},
                           {"name", entry.name},
                           {"reason", entry.reason},
                           {"template_id", entry.template_id}})},
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
    ISTMO_ASSIGN_OR_RETURN(auto e,
                           tx.QueryOne("SELECT person_id, template_id FROM "
                                       "watchlist_entries WHERE id = ? AND watchlist_id = ?",
                                       {entry_id, watchlist_id}));
    if (!e) {
      return core::WithReason(
          core::NotFound("no entry " + entry_id.substr(0, 64) + " on this watchlist"),
          "not_found", {{"object", "entry"}});
    }
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
            {core::FormatIso8601(std::chrono::floor<std::chrono::milliseconds>(now)), e->Text(1)}));
        // Its photo goes with it.
        ISTMO_RETURN_IF_ERROR(
            tx.Exec("DELETE FROM face_photos WHERE template_id = ?", {e->Text(1)}));
      }
    }
    ISTMO_ASSIGN_OR_RETURN(auto other, tx.QueryOne("SELECT 1 FROM watchlist_entries "
                                                   "WHERE person_id = ? LIMIT 1",
                                                   {person}));
    still_listed = other.has_value();
    // The entry is gone; the event names it and the face erased with it.
    ISTMO_RETURN_IF_ERROR(store::RecordChange(
        tx, scope,
        {.action = "biometrics.watchlist_remove",
         .object_type = "watchlist_entry",
         .object_id = entry_id,
         .detail = JsonText({{"watchlist_id", watchlist_id},
                             {"person_id", person},
                             {"face_erased", erased_label.has_value()}}),
         .body = JsonText({{"id", entry_id},
                           {"watchlist_id", watchlist_id},
                           {"person_id", person},
                           {"erased_template_id", erased_label ? e->Text(1) : std::string()}})},
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
        ISTMO_ASSIGN_OR_RETURN(auto rows, store::SelectVisible(c, scope,
                                                               {.columns = kWatchlistColumns,
                                                                .table = "watchlists",
                                                                .alias = "w",
                                                                .order_by = "w.name, w.id"}));
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
        ISTMO_ASSIGN_OR_RETURN(auto w, store::SelectVisibleOne(c, scope,
                                                               {.columns = kWatchlistColumns,
                                                                .table = "watchlists",
                                                                .alias = "w",
                                                                .where = {"w.id = ?"},
                                                                .params = {watchlist_id}}));
        if (!w) return NoWatchlist(watchlist_id, "");
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

}  // namespace istmo::biometrics

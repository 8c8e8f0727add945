#include "maritime/watchlists.h"

#include <algorithm>
#include <unordered_map>
#include <utility>

#include <nlohmann/json.hpp>

#include "core/id.h"
#include "store/outbox.h"

namespace istmo::maritime {

std::vector<store::Migration> WatchlistMigrations() {
  // An entry carries its watchlist's owner and releasability too, as face watchlist entries do,
  // so that a future read of entries alone is scope-filtered like any record. match_key is the
  // value as matched (digits, or the normalized text): one listing per vessel and watchlist.
  return {{"maritime_watchlists", 1, "vessel watchlists and their entries", R"sql(
CREATE TABLE maritime_watchlists (
  id            TEXT PRIMARY KEY,
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL,
  created_by    TEXT NOT NULL,
  owner_org     TEXT NOT NULL,
  releasability TEXT NOT NULL,
  name          TEXT NOT NULL,
  description   TEXT NOT NULL DEFAULT ''
);
CREATE TABLE maritime_watchlist_entries (
  id            TEXT PRIMARY KEY,
  created_at    TEXT NOT NULL,
  watchlist_id  TEXT NOT NULL,
  owner_org     TEXT NOT NULL,
  releasability TEXT NOT NULL,
  match         TEXT NOT NULL,
  value         TEXT NOT NULL,
  match_key     TEXT NOT NULL,
  reason        TEXT NOT NULL,
  added_by      TEXT NOT NULL,
  UNIQUE (watchlist_id, match, match_key)
);
)sql"}};
}

std::string_view VesselMatchName(VesselMatch by) {
  switch (by) {
    case VesselMatch::kMmsi:
      return "mmsi";
    case VesselMatch::kImo:
      return "imo";
    case VesselMatch::kName:
      return "name";
    case VesselMatch::kCallSign:
      return "call_sign";
  }
  return "mmsi";
}

std::optional<VesselMatch> ParseVesselMatch(std::string_view name) {
  for (VesselMatch m :
       {VesselMatch::kMmsi, VesselMatch::kImo, VesselMatch::kName, VesselMatch::kCallSign}) {
    if (VesselMatchName(m) == name) return m;
  }
  return std::nullopt;
}

std::string NormalizeVesselText(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    if (c >= 'a' && c <= 'z') {
      out += static_cast<char>(c - 'a' + 'A');
    } else if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
      out += c;
    }
  }
  return out;
}

// Every listing, by what it is matched on. Built whole from the store; never changed after.
struct VesselWatch::Matcher {
  struct Listing {
    std::string watchlist_id, watchlist_name, owner_org;
    std::vector<std::string> releasability;
    std::string entry_id;
    VesselMatch by = VesselMatch::kMmsi;
    std::string reason;
  };
  std::vector<Listing> listings;
  std::unordered_multimap<std::uint32_t, std::uint32_t> by_mmsi, by_imo;  // -> listings index
  std::unordered_multimap<std::string, std::uint32_t> by_name, by_callsign;
};

namespace {

using nlohmann::json;

std::string Time(core::Timestamp t) { return core::FormatIso8601(t); }

core::Timestamp ParseTime(const std::string& text) {
  return core::ParseIso8601(text).value_or(core::Timestamp{});
}

core::Error NoWatchlist(const std::string& id) {
  return core::WithReason(core::NotFound("no vessel watchlist " + id.substr(0, 64)), "not_found",
                          {{"object", "watchlist"}});
}

bool MayRead(const store::AccessScope& scope) {
  return scope.Has(store::Role::kOfficer) || scope.Has(store::Role::kAnalyst) ||
         scope.Has(store::Role::kSupervisor) || scope.Has(store::Role::kAdmin);
}

// The watch officers keep their own lists; analysts read them.
bool MayWrite(const store::AccessScope& scope) {
  return scope.Has(store::Role::kOfficer) || scope.Has(store::Role::kSupervisor) ||
         scope.Has(store::Role::kAdmin);
}

core::Status CheckWriter(const store::AccessScope& scope) {
  if (MayWrite(scope)) return core::Ok();
  return core::PermissionDenied(
      "changing a vessel watchlist needs the officer, supervisor or admin role");
}

core::Status CheckName(const std::string& name) {
  if (name.empty()) {
    return core::WithReason(core::InvalidArgument("must not be empty", "/name"), "required");
  }
  if (name.size() > 200) {
    return core::WithReason(core::InvalidArgument("must be 1 to 200 bytes", "/name"), "too_long",
                            {{"max", "200"}});
  }
  return core::Ok();
}

core::Status CheckDescription(const std::string& description) {
  if (description.size() > 2000) {
    return core::WithReason(core::InvalidArgument("must be at most 2000 bytes", "/description"),
                            "too_long", {{"max", "2000"}});
  }
  return core::Ok();
}

bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// IMO numbers end with a check digit: the first six digits times 7, 6, ..., 2, summed, mod 10
// (IMO Resolution A.1117(30), annex paragraph 2).
bool ImoCheckDigitValid(std::string_view digits) {
  int sum = 0;
  for (int i = 0; i < 6; ++i) sum += (digits[i] - '0') * (7 - i);
  return sum % 10 == digits[6] - '0';
}

// The key an entry is matched on, or kInvalidArgument naming /value.
core::Result<std::string> MatchKey(VesselMatch by, std::string_view value) {
  auto invalid = [](std::string message) {
    return core::WithReason(core::InvalidArgument(std::move(message), "/value"), "invalid_value");
  };
  switch (by) {
    case VesselMatch::kMmsi:
      if (value.size() != 9 || !AllDigits(value)) return invalid("an MMSI is 9 digits");
      return std::string(value);
    case VesselMatch::kImo:
      if (value.size() != 7 || !AllDigits(value) || !ImoCheckDigitValid(value)) {
        return invalid("an IMO number is 7 digits, the last a check digit");
      }
      return std::string(value);
    case VesselMatch::kName:
    case VesselMatch::kCallSign: {
      std::string key = NormalizeVesselText(value);
      if (key.empty()) return invalid("must hold a letter or a digit");
      return key;
    }
  }
  return invalid("unknown match");
}

constexpr char kWatchlistColumns[] =
    "w.id, w.created_at, w.updated_at, w.created_by, w.owner_org, w.releasability, w.name, "
    "w.description, (SELECT COUNT(*) FROM maritime_watchlist_entries e WHERE e.watchlist_id = "
    "w.id)";

VesselWatchlist WatchlistFromRow(const store::Row& r) {
  return {.id = r.Text(0),
          .created_at = ParseTime(r.Text(1)),
          .updated_at = ParseTime(r.Text(2)),
          .created_by = r.Text(3),
          .owner_org = r.Text(4),
          .releasability = store::DecodeReleasability(r.Text(5)),
          .name = r.Text(6),
          .description = r.Text(7),
          .entry_count = r.Int(8)};
}

constexpr char kEntryColumns[] =
    "e.id, e.created_at, e.watchlist_id, e.match, e.value, e.reason, e.added_by";

VesselWatchlistEntry EntryFromRow(const store::Row& r) {
  return {.id = r.Text(0),
          .created_at = ParseTime(r.Text(1)),
          .watchlist_id = r.Text(2),
          .match = ParseVesselMatch(r.Text(3)).value_or(VesselMatch::kMmsi),
          .value = r.Text(4),
          .reason = r.Text(5),
          .added_by = r.Text(6)};
}

json WatchlistBody(const VesselWatchlist& w) {
  return {{"id", w.id},
          {"created_at", Time(w.created_at)},
          {"updated_at", Time(w.updated_at)},
          {"created_by", w.created_by},
          {"owner_org", w.owner_org},
          {"releasability", w.releasability},
          {"name", w.name},
          {"description", w.description}};
}

core::Result<std::optional<VesselWatchlist>> ReadOne(store::Connection& c,
                                                     const store::AccessScope& scope,
                                                     const std::string& id) {
  ISTMO_ASSIGN_OR_RETURN(auto row, store::SelectVisibleOne(c, scope,
                                                           {.columns = kWatchlistColumns,
                                                            .table = "maritime_watchlists",
                                                            .alias = "w",
                                                            .where = {"w.id = ?"},
                                                            .params = {id}}));
  if (!row) return std::optional<VesselWatchlist>();
  return std::optional<VesselWatchlist>(WatchlistFromRow(*row));
}

// The watchlist as the caller may change it: visible, and owned by the caller's organization.
core::Result<VesselWatchlist> ForChange(store::Connection& tx, const store::AccessScope& scope,
                                        const std::string& id) {
  ISTMO_ASSIGN_OR_RETURN(auto w, ReadOne(tx, scope, id));
  if (!w) return NoWatchlist(id);
  if (!scope.system && w->owner_org != scope.org_id) {
    return core::PermissionDenied("the vessel watchlist belongs to another organization");
  }
  return std::move(*w);
}

std::string JsonText(const json& j) { return j.dump(); }

}  // namespace

VesselWatch::VesselWatch(store::Store& store)
    : store_(store), matcher_(std::make_shared<const Matcher>()) {}

VesselWatch::~VesselWatch() = default;

namespace {

// Every entry with its watchlist, read whatever the scope: the matcher serves every owner.
core::Result<std::shared_ptr<const VesselWatch::Matcher>> BuildMatcher(store::Connection& c);

}  // namespace

core::Status VesselWatch::Load() {
  ISTMO_ASSIGN_OR_RETURN(auto m, store_.Read<std::shared_ptr<const Matcher>>(
                                     [](store::Connection& c) { return BuildMatcher(c); }));
  std::lock_guard lock(mu_);
  matcher_ = std::move(m);
  return core::Ok();
}

namespace {

core::Result<std::shared_ptr<const VesselWatch::Matcher>> BuildMatcher(store::Connection& c) {
  ISTMO_ASSIGN_OR_RETURN(
      auto rows, c.Query("SELECT w.id, w.name, w.owner_org, w.releasability, e.id, e.match, "
                         "e.match_key, e.reason FROM maritime_watchlist_entries e "
                         "JOIN maritime_watchlists w ON w.id = e.watchlist_id ORDER BY e.id"));
  auto m = std::make_shared<VesselWatch::Matcher>();
  for (const store::Row& r : rows) {
    const auto by = ParseVesselMatch(r.Text(5));
    if (!by) continue;
    const auto index = static_cast<std::uint32_t>(m->listings.size());
    m->listings.push_back({.watchlist_id = r.Text(0),
                           .watchlist_name = r.Text(1),
                           .owner_org = r.Text(2),
                           .releasability = store::DecodeReleasability(r.Text(3)),
                           .entry_id = r.Text(4),
                           .by = *by,
                           .reason = r.Text(7)});
    const std::string key = r.Text(6);
    switch (*by) {
      case VesselMatch::kMmsi:
        m->by_mmsi.emplace(static_cast<std::uint32_t>(std::stoul(key)), index);
        break;
      case VesselMatch::kImo:
        m->by_imo.emplace(static_cast<std::uint32_t>(std::stoul(key)), index);
        break;
      case VesselMatch::kName:
        m->by_name.emplace(key, index);
        break;
      case VesselMatch::kCallSign:
        m->by_callsign.emplace(key, index);
        break;
    }
  }
  return std::shared_ptr<const VesselWatch::Matcher>(std::move(m));
}

}  // namespace

core::Status VesselWatch::WriteAndRebuild(
    const std::function<core::Status(store::Connection&)>& fn) {
  std::shared_ptr<const Matcher> rebuilt;
  ISTMO_RETURN_IF_ERROR(store_.Write([&](store::Connection& tx) -> core::Status {
    ISTMO_RETURN_IF_ERROR(fn(tx));
    ISTMO_ASSIGN_OR_RETURN(rebuilt, BuildMatcher(tx));
    return core::Ok();
  }));
  std::lock_guard lock(mu_);
  matcher_ = std::move(rebuilt);
  return core::Ok();
}

core::Result<VesselWatchlist> VesselWatch::Create(const store::AccessScope& scope,
                                                  NewVesselWatchlist in, core::Timestamp now) {
  ISTMO_RETURN_IF_ERROR(CheckWriter(scope));
  // Its alerts go to its owner: a scope of no organization (the local operator) owns none.
  if (scope.org_id.empty()) {
    return core::PermissionDenied("a vessel watchlist is owned by an organization; act as one");
  }
  ISTMO_RETURN_IF_ERROR(CheckName(in.name));
  ISTMO_RETURN_IF_ERROR(CheckDescription(in.description));
  VesselWatchlist w;
  ISTMO_ASSIGN_OR_RETURN(w.releasability, store::NormalizeReleasability(in.releasability));
  w.id = core::NewId();
  w.created_at = w.updated_at = std::chrono::floor<std::chrono::milliseconds>(now);
  w.created_by = scope.username;
  w.owner_org = scope.org_id;
  w.name = std::move(in.name);
  w.description = std::move(in.description);
  ISTMO_RETURN_IF_ERROR(WriteAndRebuild([&](store::Connection& tx) -> core::Status {
    ISTMO_RETURN_IF_ERROR(tx.Exec(
        "INSERT INTO maritime_watchlists (id, created_at, updated_at, created_by, owner_org, "
        "releasability, name, description) VALUES (?,?,?,?,?,?,?,?)",
        {w.id, Time(w.created_at), Time(w.updated_at), w.created_by, w.owner_org,
         store::EncodeReleasability(w.releasability), w.name, w.description}));
    ISTMO_RETURN_IF_ERROR(store::RecordChange(tx, scope,
                               {.action = "maritime.watchlist.create",
                                .object_type = "vessel_watchlist",
                                .object_id = w.id,
                                .detail = JsonText({{"name", w.name}}),
                                .body = JsonText(WatchlistBody(w))},
                               now));
    return core::Ok();
  }));
  return w;
}

core::Result<std::vector<VesselWatchlist>> VesselWatch::List(
    const store::AccessScope& scope) const {
  if (!MayRead(scope)) {
    return core::PermissionDenied(
        "reading vessel watchlists needs the officer, analyst, supervisor or admin role");
  }
  return store_.Read<std::vector<VesselWatchlist>>(
      [&](store::Connection& c) -> core::Result<std::vector<VesselWatchlist>> {
        ISTMO_ASSIGN_OR_RETURN(auto rows, store::SelectVisible(c, scope,
                                                               {.columns = kWatchlistColumns,
                                                                .table = "maritime_watchlists",
                                                                .alias = "w",
                                                                .order_by = "w.name, w.id"}));
        std::vector<VesselWatchlist> out;
        for (const store::Row& r : rows) out.push_back(WatchlistFromRow(r));
        return out;
      });
}

core::Result<VesselWatchlist> VesselWatch::Get(const store::AccessScope& scope,
                                               const std::string& id) const {
  if (!MayRead(scope)) {
    return core::PermissionDenied(
        "reading vessel watchlists needs the officer, analyst, supervisor or admin role");
  }
  return store_.Read<VesselWatchlist>([&](store::Connection& c) -> core::Result<VesselWatchlist> {
    ISTMO_ASSIGN_OR_RETURN(auto w, ReadOne(c, scope, id));
    if (!w) return NoWatchlist(id);
    ISTMO_ASSIGN_OR_RETURN(auto rows,
                           c.Query(std::string("SELECT ") + kEntryColumns +
                                       " FROM maritime_watchlist_entries e WHERE e.watchlist_id "
                                       "= ? ORDER BY e.created_at, e.id",
                                   {id}));
    for (const store::Row& r : rows) w->entries.push_back(EntryFromRow(r));
    return std::move(*w);
  });
}

core::Result<VesselWatchlist> VesselWatch::Update(const store::AccessScope& scope,
                                                  const std::string& id, VesselWatchlistPatch patch,
                                                  core::Timestamp now) {
  ISTMO_RETURN_IF_ERROR(CheckWriter(scope));
  if (patch.name) ISTMO_RETURN_IF_ERROR(CheckName(*patch.name));
  if (patch.description) ISTMO_RETURN_IF_ERROR(CheckDescription(*patch.description));
  std::optional<std::vector<std::string>> releasability;
  if (patch.releasability) {
    ISTMO_ASSIGN_OR_RETURN(releasability, store::NormalizeReleasability(*patch.releasability));
  }
  VesselWatchlist w;
  ISTMO_RETURN_IF_ERROR(WriteAndRebuild([&](store::Connection& tx) -> core::Status {
    ISTMO_ASSIGN_OR_RETURN(w, ForChange(tx, scope, id));
    json changed = json::object();
    if (patch.name && *patch.name != w.name) {
      changed["name"] = {w.name, *patch.name};
      w.name = *patch.name;
    }
    if (patch.description && *patch.description != w.description) {
      changed["description"] = true;
      w.description = *patch.description;
    }
    if (releasability && *releasability != w.releasability) {
      changed["releasability"] = {w.releasability, *releasability};
      w.releasability = *releasability;
    }
    if (changed.empty()) return core::Ok();
    w.updated_at = std::chrono::floor<std::chrono::milliseconds>(now);
    const std::string rel = store::EncodeReleasability(w.releasability);
    ISTMO_RETURN_IF_ERROR(
        tx.Exec("UPDATE maritime_watchlists SET name = ?, description = ?, releasability = ?, "
                "updated_at = ? WHERE id = ?",
                {w.name, w.description, rel, Time(w.updated_at), id}));
    // The entries are released as their watchlist is.
    ISTMO_RETURN_IF_ERROR(tx.Exec(
        "UPDATE maritime_watchlist_entries SET releasability = ? WHERE watchlist_id = ?",
        {rel, id}));
    ISTMO_RETURN_IF_ERROR(store::RecordChange(tx, scope,
                               {.action = "maritime.watchlist.update",
                                .object_type = "vessel_watchlist",
                                .object_id = id,
                                .detail = JsonText(changed),
                                .body = JsonText(WatchlistBody(w))},
                               now));
    return core::Ok();
  }));
  return w;
}

core::Status VesselWatch::Delete(const store::AccessScope& scope, const std::string& id,
                                 core::Timestamp now) {
  ISTMO_RETURN_IF_ERROR(CheckWriter(scope));
  return WriteAndRebuild([&](store::Connection& tx) -> core::Status {
    ISTMO_ASSIGN_OR_RETURN(auto w, ForChange(tx, scope, id));
    ISTMO_RETURN_IF_ERROR(
        tx.Exec("DELETE FROM maritime_watchlist_entries WHERE watchlist_id = ?", {id}));
    ISTMO_RETURN_IF_ERROR(tx.Exec("DELETE FROM maritime_watchlists WHERE id = ?", {id}));
    ISTMO_RETURN_IF_ERROR(store::RecordChange(tx, scope,
                               {.action = "maritime.watchlist.delete",
                                .object_type = "vessel_watchlist",
                                .object_id = id,
                                .detail = JsonText({{"name", w.name}, {"entries", w.entry_count}}),
                                .body = JsonText({{"id", id}})},
                               now));
    return core::Ok();
  });
}

core::Result<VesselWatchlistEntry> VesselWatch::AddEntry(const store::AccessScope& scope,
                                                         const std::string& watchlist_id,
                                                         NewVesselWatchlistEntry in,
                                                         core::Timestamp now) {
  ISTMO_RETURN_IF_ERROR(CheckWriter(scope));
  ISTMO_ASSIGN_OR_RETURN(const std::string key, MatchKey(in.match, in.value));
  if (in.reason.empty()) {
    return core::WithReason(core::InvalidArgument("must not be empty", "/reason"), "required");
  }
  VesselWatchlistEntry e{.id = core::NewId(),
                         .created_at = std::chrono::floor<std::chrono::milliseconds>(now),
                         .watchlist_id = watchlist_id,
                         .match = in.match,
                         .value = std::move(in.value),
                         .reason = std::move(in.reason),
                         .added_by = scope.username};
  ISTMO_RETURN_IF_ERROR(WriteAndRebuild([&](store::Connection& tx) -> core::Status {
    ISTMO_ASSIGN_OR_RETURN(auto w, ForChange(tx, scope, watchlist_id));
    ISTMO_ASSIGN_OR_RETURN(auto dup, tx.QueryOne("SELECT id FROM maritime_watchlist_entries WHERE "
                                                 "watchlist_id = ? AND match = ? AND match_key = ?",
                                                 {watchlist_id,
                                                  std::string(VesselMatchName(e.match)), key}));
    if (dup) {
      return core::WithReason(
          core::Conflict("the watchlist lists this vessel so already (entry " + dup->Text(0) + ")",
                         "/value"),
          "duplicate", {{"field", "value"}, {"entry_id", dup->Text(0)}});
    }
    const std::string rel = store::EncodeReleasability(w.releasability);
    ISTMO_RETURN_IF_ERROR(tx.Exec(
        "INSERT INTO maritime_watchlist_entries (id, created_at, watchlist_id, owner_org, "
        "releasability, match, value, match_key, reason, added_by) VALUES (?,?,?,?,?,?,?,?,?,?)",
        {e.id, Time(e.created_at), watchlist_id, w.owner_org, rel,
         std::string(VesselMatchName(e.match)), e.value, key, e.reason, e.added_by}));
    ISTMO_RETURN_IF_ERROR(store::RecordChange(tx, scope,
                               {.action = "maritime.watchlist.entry_add",
                                .object_type = "vessel_watchlist_entry",
                                .object_id = e.id,
                                .detail = JsonText({{"watchlist_id", watchlist_id},
                                                    {"match", VesselMatchName(e.match)},
                                                    {"value", e.value}}),
                                .body = JsonText({{"id", e.id},
                                                  {"created_at", Time(e.created_at)},
                                                  {"watchlist_id", watchlist_id},
                                                  {"owner_org", w.owner_org},
                                                  {"releasability", w.releasability},
                                                  {"match", VesselMatchName(e.match)},
                                                  {"value", e.value},
                                                  {"reason", e.reason},
                                                  {"added_by", e.added_by}})},
                               now));
    return core::Ok();
  }));
  return e;
}

core::Status VesselWatch::RemoveEntry(const store::AccessScope& scope,
                                      const std::string& watchlist_id, const std::string& entry_id,
                                      core::Timestamp now) {
  ISTMO_RETURN_IF_ERROR(CheckWriter(scope));
  return WriteAndRebuild([&](store::Connection& tx) -> core::Status {
    ISTMO_RETURN_IF_ERROR(ForChange(tx, scope, watchlist_id));
    ISTMO_ASSIGN_OR_RETURN(auto e, tx.QueryOne("SELECT match, value FROM "
                                               "maritime_watchlist_entries WHERE id = ? AND "
                                               "watchlist_id = ?",
                                               {entry_id, watchlist_id}));
    if (!e) {
      return core::WithReason(
          core::NotFound("no entry " + entry_id.substr(0, 64) + " on this watchlist"),
          "not_found", {{"object", "entry"}});
    }
    ISTMO_RETURN_IF_ERROR(
        tx.Exec("DELETE FROM maritime_watchlist_entries WHERE id = ?", {entry_id}));
    ISTMO_RETURN_IF_ERROR(store::RecordChange(tx, scope,
                               {.action = "maritime.watchlist.entry_remove",
                                .object_type = "vessel_watchlist_entry",
                                .object_id = entry_id,
                                .detail = JsonText({{"watchlist_id", watchlist_id},
                                                    {"match", e->Text(0)},
                                                    {"value", e->Text(1)}}),
                                .body = JsonText({{"id", entry_id}, {"watchlist_id", watchlist_id}})},
                               now));
    return core::Ok();
  });
}

bool VesselWatch::empty() const {
  std::lock_guard lock(mu_);
  return matcher_->listings.empty();
}

void VesselWatch::Match(const WatchedVessel& vessel, std::vector<WatchHit>& out) const {
  std::shared_ptr<const Matcher> m;
  {
    std::lock_guard lock(mu_);
    m = matcher_;
  }
  if (m->listings.empty()) return;
  // The strongest entry per watchlist: an MMSI names the transponder, an IMO number the hull,
  // a call sign the licence; a name is the weakest.
  std::vector<std::uint32_t> found;
  auto collect = [&](auto range) {
    for (auto it = range.first; it != range.second; ++it) found.push_back(it->second);
  };
  collect(m->by_mmsi.equal_range(vessel.mmsi));
  if (vessel.imo != 0) collect(m->by_imo.equal_range(vessel.imo));
  if (!vessel.callsign.empty()) {
    collect(m->by_callsign.equal_range(NormalizeVesselText(vessel.callsign)));
  }
  if (!vessel.name.empty()) collect(m->by_name.equal_range(NormalizeVesselText(vessel.name)));
  const std::size_t first = out.size();
  for (std::uint32_t i : found) {
    const Matcher::Listing& l = m->listings[i];
    const bool seen = std::any_of(out.begin() + static_cast<std::ptrdiff_t>(first), out.end(),
                                  [&](const WatchHit& h) { return h.watchlist_id == l.watchlist_id; });
    if (seen) continue;
    out.push_back({.watchlist_id = l.watchlist_id,
                   .watchlist_name = l.watchlist_name,
                   .owner_org = l.owner_org,
                   .releasability = l.releasability,
                   .entry_id = l.entry_id,
                   .matched_by = l.by,
                   .reason = l.reason});
  }
}

}  // namespace istmo::maritime

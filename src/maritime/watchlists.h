// maritime/watchlists.h — vessel watchlists, and the matcher the ingest path asks when a vessel
// enters a zone.
//
// A vessel watchlist is a record like a face watchlist (biometrics/identify.h): a name, a
// description, an owning organization and a releasability. It lists vessels by one identifier
// each — MMSI, IMO number, name or call sign — with the reason and who added it. Names and call
// signs are compared normalized (NormalizeVesselText: letters and digits, upper case), so
// "Don Lucho-7" lists "DON LUCHO 7" as AIS spells it.
//
// Who may do what (docs/maritime.md, "Vessel watchlists"): any officer, analyst, supervisor or
// admin reads the watchlists released to them; officers, supervisors and admins of the owning
// organization create, change, delete them and add or remove entries (the watch officers keep
// their own lists; analysts read). Hidden watchlists look absent (kNotFound). Every change
// appends to the audit log and the outbox in its transaction ("maritime.watchlist.*").
//
// Matching. VesselWatch keeps every entry of every watchlist in memory, whatever the caller: the
// Ingestor asks it, on a zone entry only, whether the vessel is listed (a hash lookup by MMSI,
// IMO, normalized name and call sign). The matcher is rebuilt from the store inside the
// transaction of every change through VesselWatch and swapped in when it commits, so the next
// zone entry sees the change.
//
// Thread-safety: VesselWatch is thread-safe. The matcher is immutable once built; Match reads a
// shared pointer to it under a short lock.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/time.h"
#include "store/scope.h"
#include "store/store.h"

namespace istmo::maritime {

// The vessel watchlist tables (module "maritime_watchlists"); app::AllMigrations() lists them.
std::vector<store::Migration> WatchlistMigrations();

// How an entry names the vessel.
enum class VesselMatch : std::uint8_t { kMmsi, kImo, kName, kCallSign };
std::string_view VesselMatchName(VesselMatch by);  // "mmsi", "imo", "name", "call_sign"
std::optional<VesselMatch> ParseVesselMatch(std::string_view name);

// Letters and digits of `text`, ASCII letters upper-cased; spaces, punctuation and every other
// byte dropped. "Don Lucho-7" -> "DONLUCHO7".
std::string NormalizeVesselText(std::string_view text);

struct VesselWatchlistEntry {
  std::string id;
  core::Timestamp created_at;
  std::string watchlist_id;
  VesselMatch match = VesselMatch::kMmsi;
  std::string value;  // as given (an MMSI or IMO number in digits)
  std::string reason;
  std::string added_by;  // username
};

struct VesselWatchlist {
  std::string id;
  core::Timestamp created_at;
  core::Timestamp updated_at;
  std::string created_by;  // username
  std::string owner_org;
  std::vector<std::string> releasability;
  std::string name;
  std::string description;
  std::int64_t entry_count = 0;
  std::vector<VesselWatchlistEntry> entries;  // Get only: oldest first
};

struct NewVesselWatchlist {
  std::string name;  // 1..200 bytes
  std::string description;
  std::vector<std::string> releasability;  // store::NormalizeReleasability's targets
};

struct VesselWatchlistPatch {
  std::optional<std::string> name;
  std::optional<std::string> description;
  std::optional<std::vector<std::string>> releasability;
};

struct NewVesselWatchlistEntry {
  VesselMatch match = VesselMatch::kMmsi;
  std::string value;
  std::string reason;
};

// What the ingest path knows of a vessel entering a zone.
struct WatchedVessel {
  std::uint32_t mmsi = 0;
  std::uint32_t imo = 0;  // 0: never reported
  std::string_view name;
  std::string_view callsign;
};

// A listing that matched: one per watchlist (its strongest entry: MMSI, then IMO, call sign,
// name).
struct WatchHit {
  std::string watchlist_id;
  std::string watchlist_name;
  std::string owner_org;
  std::vector<std::string> releasability;
  std::string entry_id;
  VesselMatch matched_by = VesselMatch::kMmsi;
  std::string reason;
};

class VesselWatch {
 public:
  // Empty until Load(). `store` outlives the VesselWatch.
  explicit VesselWatch(store::Store& store);
  ~VesselWatch();
  VesselWatch(const VesselWatch&) = delete;
  VesselWatch& operator=(const VesselWatch&) = delete;

  // Builds the matcher from every stored entry (start-up).
  core::Status Load();

  // kPermissionDenied unless officer, supervisor or admin of an organization (the system scope
  // owns no watchlist: its alerts would have no owner); kInvalidArgument naming the field
  // ("/name", "/description", "/releasability/0").
  core::Result<VesselWatchlist> Create(const store::AccessScope& scope, NewVesselWatchlist in,
                                       core::Timestamp now);
  // The watchlists the scope may see, by name, with entry counts (no entries).
  // kPermissionDenied unless officer, analyst, supervisor or admin.
  core::Result<std::vector<VesselWatchlist>> List(const store::AccessScope& scope) const;
  // One watchlist with its entries; kNotFound when absent or hidden.
  core::Result<VesselWatchlist> Get(const store::AccessScope& scope, const std::string& id) const;
  // Changes name, description or releasability (the entries follow the watchlist's). kNotFound
  // when absent or hidden; kPermissionDenied when another organization owns it or the caller is
  // neither officer, supervisor nor admin.
  core::Result<VesselWatchlist> Update(const store::AccessScope& scope, const std::string& id,
                                       VesselWatchlistPatch patch, core::Timestamp now);
  // Deletes the watchlist and its entries (alerts it raised stay). Errors as Update.
  core::Status Delete(const store::AccessScope& scope, const std::string& id, core::Timestamp now);
  // Lists a vessel. kInvalidArgument for a value that is not a 9-digit MMSI, a 7-digit IMO
  // number with a valid check digit, or a name / call sign with a letter or digit ("/value"),
  // no reason ("/reason"); kConflict when the watchlist lists that vessel so already. Errors as
  // Update otherwise.
  core::Result<VesselWatchlistEntry> AddEntry(const store::AccessScope& scope,
                                              const std::string& watchlist_id,
                                              NewVesselWatchlistEntry in, core::Timestamp now);
  // kNotFound when the entry is not on that watchlist. Errors as Update otherwise.
  core::Status RemoveEntry(const store::AccessScope& scope, const std::string& watchlist_id,
                           const std::string& entry_id, core::Timestamp now);

  // Appends one hit per watchlist that lists the vessel. No store access; a few hash lookups.
  void Match(const WatchedVessel& vessel, std::vector<WatchHit>& out) const;
  // Whether any entry is listed: the ingest path skips the lookups when none is.
  bool empty() const;

  struct Matcher;  // the listings in memory (watchlists.cc)

 private:
  // Runs `fn` in a write transaction, rebuilds the matcher in it and swaps it in on commit.
  core::Status WriteAndRebuild(const std::function<core::Status(store::Connection&)>& fn);

  store::Store& store_;
  mutable std::mutex mu_;
  std::shared_ptr<const Matcher> matcher_;
};

}  // namespace istmo::maritime

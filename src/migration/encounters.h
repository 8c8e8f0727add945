// migration/encounters.h — reception stations and the encounters registered there.
//
// An encounter is one person registered at one of the Darién reception stations at one time:
// name, birth date, sex, nationality, travel document, and the person id that links every
// encounter of the same person (found by face or by document; see migration/intake.h). Like
// every record it has an owner organization and a releasability, and every read filters by the
// caller's AccessScope in SQL (store/scope.h).
//
// Trend counts are kept in two summary tables, by month and by week, maintained in the same
// transaction as each insert (migration/trends.h reads them). Buckets use Panama's civil time
// (UTC−05:00 all year; Panama keeps no daylight-saving time): an encounter at 2023-09-01T03:00Z
// counts in August 2023.
//
//   ISTMO_ASSIGN_OR_RETURN(auto e, store.Write<migration::Encounter>([&](store::Connection& tx) {
//     return migration::InsertEncounter(tx, scope, request, clock.Now());
//   }));
//
// Thread-safety: free functions over a Connection; the Store serializes writers.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/result.h"
#include "core/time.h"
#include "store/scope.h"
#include "store/store.h"

namespace istmo::migration {

// The migration module's tables (stations, encounters, summaries, repatriation), for
// store::Store::Open. The four stations are inserted by the first migration.
std::vector<store::Migration> Migrations();

struct Station {
  std::string id;    // "ERM-LAJAS-BLANCAS", as in data/geo/stations.geojson
  std::string name;  // "Lajas Blancas"
  double lon = 0;
  double lat = 0;
};
core::Result<std::vector<Station>> ListStations(store::Connection& c);

// What an officer registers. Validated by ValidateEncounter; fields are named as JSON pointers.
struct NewEncounter {
  std::string station_id;                // one of ListStations()
  core::Timestamp encountered_at;        // not after now + 5 min, not before 2000
  std::string name;                      // 1..200 characters as written in the document
  std::string birth_date;                // "YYYY-MM-DD", not after the encounter, age ≤ 120
  std::string sex;                       // "F", "M" or "X" (unknown / other)
  std::string nationality;               // ISO 3166-1 alpha-3, e.g. "VEN"
  std::string document_type;             // "passport", "national_id", "other" or "" (none)
  std::string document_number;           // 1..40 of [A-Z0-9-] when document_type is set
  std::vector<std::string> releasability;  // besides the owner; empty = owner only
  std::string person_id;                 // empty: a new person id is made
  // Empty: a new id is made. The intake sets it (core::NewId()) before identifying the face,
  // so that a watchlist alert raised then links to the encounter that is about to be written.
  std::string id;
};

struct Encounter {
  std::string id;
  core::Timestamp created_at;
  std::string owner_org;
  std::vector<std::string> releasability;
  std::string station_id;
  core::Timestamp encountered_at;
  std::string person_id;
  std::string name;
  std::string birth_date;
  std::string sex;
  std::string nationality;
  std::string document_type;
  std::string document_number;
  int age_years = 0;       // at the encounter
  bool minor = false;      // age_years < 18
  // The person has an earlier encounter that the reader may see (a repeat crosser). Computed
  // per reader on every read (MarkRepeats): an encounter hidden from a partner must not show
  // through a "yes". The stored column (counted in the trend summaries) is over all encounters.
  bool repeat = false;
  std::string template_id; // the face template enrolled with it, if a photo was given
  std::string created_by;  // username
};

// Checks and normalizes (uppercases codes, trims the name) without touching the database,
// except that the station must exist. kInvalidArgument names the field ("/birth_date").
core::Status ValidateEncounter(NewEncounter& e, core::Timestamp now);

// Validates, inserts, updates the summaries and appends "migration.encounter.create" to the
// audit log, all inside the caller's Write() transaction. kPermissionDenied unless officer.
// `template_id` may be empty.
core::Result<Encounter> InsertEncounter(store::Connection& tx, const store::AccessScope& scope,
                                        NewEncounter e, const std::string& template_id,
                                        core::Timestamp now);

// Many encounters in one transaction (imports, the demo, the benchmark): the same validation
// and summaries as InsertEncounter, summaries folded in memory and written once per batch, and
// one audit entry "migration.encounter.import" with the count. The first invalid record fails
// the whole batch (kInvalidArgument with line = its 1-based index). Returns how many were added.
core::Result<std::int64_t> InsertEncounterBatch(store::Connection& tx,
                                                const store::AccessScope& scope,
                                                std::span<NewEncounter> batch, core::Timestamp now);

// Counts of one summary bucket without encounter rows behind them: history taken from
// statistics rather than registrations (the demo's calibrated past; a future import of the
// published monthly series).
struct HistoryCount {
  std::string period;       // "YYYY-MM" (months) or the Monday "YYYY-MM-DD" (weeks)
  std::string station_id;
  std::string nationality;
  std::string sex;
  bool minor = false;
  std::int64_t encounters = 0;
  std::int64_t repeats = 0;
};
// Adds the counts to the month and week summaries, owned by the caller's organization with
// `releasability`, and appends one "migration.history.load" audit entry. kPermissionDenied
// unless officer (or system); kInvalidArgument naming the first bad entry (line = its index).
core::Status AddHistoryCounts(store::Connection& tx, const store::AccessScope& scope,
                              const std::vector<std::string>& releasability,
                              const std::vector<HistoryCount>& months,
                              const std::vector<HistoryCount>& weeks, core::Timestamp now);

// kNotFound (reason "not_found", params {object: encounter}) when absent or hidden from the caller.
core::Result<Encounter> GetEncounter(store::Connection& c, const store::AccessScope& scope,
                                     const std::string& id);

struct EncounterQuery {
  std::string station_id;   // empty: any
  std::string nationality;  // empty: any; else an assigned alpha-3 code (any case)
  std::string person_id;    // empty: any
  std::optional<core::Timestamp> from;  // encountered_at >= from
  std::optional<core::Timestamp> to;    // encountered_at < to
  // Every word must begin a word of the name, accents and case aside: "perez" and "PÉR"
  // find "Ángel Pérez". At most 200 bytes and 5 words. Empty: any.
  std::string name;
  std::string document_number;  // exact, case aside; empty: any
  std::string birth_date;       // "YYYY-MM-DD", exact; empty: any
  std::string cursor;           // EncounterPage::next_cursor of the previous page; empty: first
  int limit = 50;           // 1..1000
};
// Newest first (encountered_at, then id, descending), only what the caller may see.
core::Result<std::vector<Encounter>> ListEncounters(store::Connection& c,
                                                    const store::AccessScope& scope,
                                                    const EncounterQuery& query);

struct EncounterPage {
  std::vector<Encounter> items;
  std::int64_t total = 0;   // every encounter of the query the caller may see, on all pages
  std::string next_cursor;  // opaque; empty on the last page
};
// ListEncounters with the total and the cursor of the next page. The order is stable, so a
// page follows the previous one even when encounters are added meanwhile (they are newer, or
// land before the cursor). kInvalidArgument names the bad parameter ("?cursor", "?birth_date").
core::Result<EncounterPage> SearchEncounters(store::Connection& c, const store::AccessScope& scope,
                                             const EncounterQuery& query);

// Sets each encounter's `repeat` for the reader: whether its person has an earlier encounter
// (by encountered_at, then id) that `scope` may see.
core::Status MarkRepeats(store::Connection& c, const store::AccessScope& scope,
                         std::span<Encounter> encounters);

// A correction of an encounter's personal fields, as entered by an officer. Absent fields keep
// their value; document_type and document_number are corrected together ("" and "" removes
// the document). The reason is required (1..500 characters).
struct EncounterCorrection {
  std::optional<std::string> name;
  std::optional<std::string> birth_date;
  std::optional<std::string> sex;
  std::optional<std::string> nationality;
  std::optional<std::string> document_type;
  std::optional<std::string> document_number;
  std::string reason;
};

// One correction as kept in the history: the changed fields' values before and after.
struct EncounterRevision {
  std::string id;
  core::Timestamp changed_at;
  std::string changed_by;      // username
  std::string changed_by_org;  // organization id
  std::string reason;
  struct FieldChange {
    std::string field;      // "name", "birth_date", "sex", "nationality", "document_type", ...
    std::string old_value;  // "" for none
    std::string new_value;
  };
  std::vector<FieldChange> changes;
};

// Validates like a registration (kInvalidArgument naming the field: "/name", "/nationality",
// "/reason"), then in the caller's Write() transaction updates the encounter, its name index
// and the trend summaries (a change of nationality, sex or age group moves it between buckets),
// appends the revision to the history and records "migration.encounter.correct" in the audit
// log and the outbox. kNotFound when absent or hidden; kPermissionDenied unless an officer or
// supervisor of the owning organization; kInvalidArgument ("/", reason "no_change") when
// nothing would change. Returns the encounter as it now is.
core::Result<Encounter> CorrectEncounter(store::Connection& tx, const store::AccessScope& scope,
                                         const std::string& id,
                                         const EncounterCorrection& correction,
                                         core::Timestamp now);

// The corrections of an encounter the caller may see, oldest first; kNotFound like
// GetEncounter.
core::Result<std::vector<EncounterRevision>> EncounterHistory(store::Connection& c,
                                                              const store::AccessScope& scope,
                                                              const std::string& id);

// Earlier encounters of the same person, as far as the caller may see: those of any person in
// `person_ids`, and those with the same nationality and document number. Oldest first, at
// most 50, excluding `exclude_id`.
core::Result<std::vector<Encounter>> EarlierEncounters(store::Connection& c,
                                                       const store::AccessScope& scope,
                                                       const std::vector<std::string>& person_ids,
                                                       const std::string& nationality,
                                                       const std::string& document_number,
                                                       const std::string& exclude_id);

// Panama civil-time buckets of an instant: "2023-08" and the Monday of its ISO week
// "2023-08-28". Exposed for tests and the trend queries.
std::string MonthBucket(core::Timestamp t);
std::string WeekBucket(core::Timestamp t);

// Completed years between a "YYYY-MM-DD" birth date and the Panama civil date of `at`;
// kInvalidArgument (field "/birth_date") for a malformed or impossible date.
core::Result<int> AgeAt(const std::string& birth_date, core::Timestamp at);

}  // namespace istmo::migration

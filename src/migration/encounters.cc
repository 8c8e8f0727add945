#include "migration/encounters.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <map>
#include <set>
#include <tuple>

#include <nlohmann/json.hpp>

#include "core/id.h"
#include "migration/countries.h"
#include "migration/internal/names.h"
#include "migration/internal/util.h"
#include "store/audit.h"
#include "store/outbox.h"

namespace istmo::migration {

namespace {

using namespace std::chrono;
using internal::CheckText;
using internal::IsAlpha3;

// Panama keeps UTC−05:00 all year.
constexpr hours kPanamaOffset{-5};

sys_days PanamaDay(core::Timestamp t) { return floor<days>(t + kPanamaOffset); }

std::string TwoDigits(unsigned v) {
  return std::string(1, static_cast<char>('0' + v / 10)) + static_cast<char>('0' + v % 10);
}

std::string DayText(sys_days d) {
  year_month_day ymd(d);
  return std::to_string(static_cast<int>(ymd.year())) + "-" +
         TwoDigits(static_cast<unsigned>(ymd.month())) + "-" +
         TwoDigits(static_cast<unsigned>(ymd.day()));
}

constexpr const char* kColumns =
    "e.id, e.created_at, e.owner_org, e.releasability, e.station_id, e.encountered_at, "
    "e.person_id, e.name, e.birth_date, e.sex, e.nationality, e.document_type, "
    "e.document_number, e.age_years, e.minor, e.repeat, e.template_id, e.created_by";

Encounter FromRow(const store::Row& r) {
  Encounter e;
  e.id = r.Text(0);
  e.created_at = core::ParseIso8601(r.Text(1)).value_or(core::Timestamp{});
  e.owner_org = r.Text(2);
  e.releasability = store::DecodeReleasability(r.Text(3));
  e.station_id = r.Text(4);
  e.encountered_at = core::ParseIso8601(r.Text(5)).value_or(core::Timestamp{});
  e.person_id = r.Text(6);
  e.name = r.Text(7);
  e.birth_date = r.Text(8);
  e.sex = r.Text(9);
  e.nationality = r.Text(10);
  e.document_type = r.Text(11);
  e.document_number = r.Text(12);
  e.age_years = static_cast<int>(r.Int(13));
  e.minor = r.Int(14) != 0;
  e.repeat = r.Int(15) != 0;
  e.template_id = r.Text(16);
  e.created_by = r.Text(17);
  return e;
}

// The summary key of one encounter.
using SummaryKey = std::tuple<std::string, std::string, std::string, std::string, int,
                              std::string, std::string>;
struct SummaryCount {
  std::int64_t encounters = 0;
  std::int64_t repeats = 0;
};

core::Status UpsertSummary(store::Connection& tx, const char* table, const SummaryKey& k,
                           const SummaryCount& n) {
  const std::string sql = std::string("INSERT INTO ") + table +
                          " (period, station_id, nationality, sex, minor, owner_org, "
                          "releasability, encounters, repeats) VALUES (?,?,?,?,?,?,?,?,?) "
                          "ON CONFLICT (period, station_id, nationality, sex, minor, owner_org, "
                          "releasability) DO UPDATE SET encounters = encounters + "
                          "excluded.encounters, repeats = repeats + excluded.repeats";
  const auto& [period, station, nationality, sex, minor, owner, releasability] = k;
  ISTMO_RETURN_IF_ERROR(tx.Exec(sql, {period, station, nationality, sex,
                                      static_cast<std::int64_t>(minor), owner, releasability,
                                      n.encounters, n.repeats}));
  return core::Ok();
}

core::Result<std::set<std::string>> StationIds(store::Connection& c) {
  ISTMO_ASSIGN_OR_RETURN(auto rows, c.Query("SELECT id FROM migration_stations"));
  std::set<std::string> ids;
  for (const auto& r : rows) ids.insert(r.Text(0));
  return ids;
}

// Everything but the station check, which needs the database.
core::Status ValidateFields(NewEncounter& e, core::Timestamp now) {
  if (e.station_id.empty()) {
    return core::WithReason(core::InvalidArgument("must not be empty", "/station_id"), "required");
  }
  if (e.encountered_at > now + minutes(5)) {
    return core::WithReason(
        core::InvalidArgument("is in the future: " + core::FormatIso8601(e.encountered_at),
                              "/encountered_at"),
        "date_in_future");
  }
  if (e.encountered_at < sys_days(year(2000) / January / 1)) {
    return core::WithReason(core::InvalidArgument("is before 2000", "/encountered_at"),
                            "invalid_date");
  }
  // Names keep their spelling; only surrounding spaces go.
  const auto not_space = [](unsigned char ch) { return std::isspace(ch) == 0; };
  e.name.erase(e.name.begin(), std::find_if(e.name.begin(), e.name.end(), not_space));
  e.name.erase(std::find_if(e.name.rbegin(), e.name.rend(), not_space).base(), e.name.end());
  ISTMO_RETURN_IF_ERROR(CheckText(e.name, "/name", 200));
  ISTMO_ASSIGN_OR_RETURN(const int age, AgeAt(e.birth_date, e.encountered_at));
  (void)age;  // AgeAt validates the date; the age is recomputed on insert
  if (e.sex != "F" && e.sex != "M" && e.sex != "X") {
    return core::WithReason(
        core::InvalidArgument("must be \"F\", \"M\" or \"X\", not '" + e.sex.substr(0, 10) + "'",
                              "/sex"),
        "invalid_value");
  }
  ISTMO_ASSIGN_OR_RETURN(e.nationality, NormalizeNationality(e.nationality, "/nationality"));
  if (e.document_type.empty() != e.document_number.empty()) {
    return core::WithReason(
        core::InvalidArgument("document_type and document_number go together",
                              e.document_type.empty() ? "/document_type" : "/document_number"),
        "required");
  }
  if (!e.document_type.empty()) {
    if (e.document_type != "passport" && e.document_type != "national_id" &&
        e.document_type != "other") {
      return core::WithReason(core::InvalidArgument("must be passport, national_id or other, not '" +
                                                        e.document_type.substr(0, 20) + "'",
                                                    "/document_type"),
                              "invalid_value");
    }
    e.document_number = internal::Upper(e.document_number);
    const bool ok = e.document_number.size() <= 40 &&
                    std::all_of(e.document_number.begin(), e.document_number.end(), [](char ch) {
                      return std::isalnum(static_cast<unsigned char>(ch)) != 0 || ch == '-';
                    });
    if (!ok) {
      return core::WithReason(
          core::InvalidArgument("must be 1 to 40 letters, digits or '-'", "/document_number"),
          "invalid_value");
    }
  }
  if (!e.person_id.empty() && !core::IsUuid(e.person_id)) {
    return core::WithReason(core::InvalidArgument("must be a UUID", "/person_id"), "invalid_value");
  }
  ISTMO_ASSIGN_OR_RETURN(e.releasability, store::NormalizeReleasability(e.releasability));
  return core::Ok();
}

// The words of a name key in the name index (internal/names.h), replacing earlier ones.
core::Status WriteNameIndex(store::Connection& tx, const std::string& id,
                            const std::string& name_key) {
  std::vector<std::string> tokens = internal::NameTokens(name_key);
  std::sort(tokens.begin(), tokens.end());
  tokens.erase(std::unique(tokens.begin(), tokens.end()), tokens.end());
  for (const std::string& t : tokens) {
    ISTMO_RETURN_IF_ERROR(tx.Exec(
        "INSERT INTO migration_encounter_names (token, encounter_id) VALUES (?,?)", {t, id}));
  }
  return core::Ok();
}

// The fields a registration gives and a correction may change, and the age they imply.
void SetPersonalFields(Encounter& e, const NewEncounter& in) {
  e.name = in.name;
  e.birth_date = in.birth_date;
  e.sex = in.sex;
  e.nationality = in.nationality;
  e.document_type = in.document_type;
  e.document_number = in.document_number;
  e.age_years = AgeAt(in.birth_date, in.encountered_at).value_or(0);
  e.minor = e.age_years < 18;
}

// Inserts one validated encounter; `repeat` decided by the caller.
core::Result<Encounter> InsertRow(store::Connection& tx, const store::AccessScope& scope,
                                  const NewEncounter& in, bool repeat,
                                  const std::string& template_id, core::Timestamp now) {
  Encounter e;
  e.id = in.id.empty() ? core::NewId() : in.id;
  e.created_at = floor<milliseconds>(now);
  e.owner_org = scope.org_id;
  e.releasability = in.releasability;
  e.station_id = in.station_id;
  e.encountered_at = floor<milliseconds>(in.encountered_at);
  e.person_id = in.person_id.empty() ? core::NewId() : in.person_id;
  SetPersonalFields(e, in);
  e.repeat = repeat;
  e.template_id = template_id;
  e.created_by = scope.system ? "system" : scope.username;
  const std::string name_key = internal::NameKey(e.name);
  ISTMO_RETURN_IF_ERROR(tx.Exec(
      "INSERT INTO migration_encounters (id, created_at, owner_org, releasability, station_id, "
      "encountered_at, person_id, name, birth_date, sex, nationality, document_type, "
      "document_number, age_years, minor, repeat, template_id, created_by, name_key) "
      "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
      {e.id, core::FormatIso8601(e.created_at), e.owner_org,
       store::EncodeReleasability(e.releasability), e.station_id,
       core::FormatIso8601(e.encountered_at), e.person_id, e.name, e.birth_date, e.sex,
       e.nationality, store::TextOrNull(e.document_type), store::TextOrNull(e.document_number),
       static_cast<std::int64_t>(e.age_years), static_cast<std::int64_t>(e.minor ? 1 : 0),
       static_cast<std::int64_t>(e.repeat ? 1 : 0), store::TextOrNull(e.template_id), e.created_by,
       name_key}));
  ISTMO_RETURN_IF_ERROR(WriteNameIndex(tx, e.id, name_key));
  return e;
}

// A person id given by the caller counts as a repeat when that person has any encounter.
core::Result<bool> HasEncounters(store::Connection& tx, const std::string& person_id) {
  if (person_id.empty()) return false;
  ISTMO_ASSIGN_OR_RETURN(
      auto row, tx.QueryOne("SELECT 1 FROM migration_encounters WHERE person_id = ? LIMIT 1",
                            {person_id}));
  return row.has_value();
}

// The encounter as the outbox carries it (store/outbox.h): every column, so that a peer can
// write the same row. Never throws: text that is not UTF-8 is replaced, not refused.
std::string EncounterBody(const Encounter& e) {
  using nlohmann::json;
  return json{{"id", e.id},
              {"created_at", core::FormatIso8601(e.created_at)},
              {"owner_org", e.owner_org},
              {"releasability", e.releasability},
              {"station_id", e.station_id},
              {"encountered_at", core::FormatIso8601(e.encountered_at)},
              {"person_id", e.person_id},
              {"name", e.name},
              {"birth_date", e.birth_date},
              {"sex", e.sex},
              {"nationality", e.nationality},
              {"document_type", e.document_type},
              {"document_number", e.document_number},
              {"age_years", e.age_years},
              {"minor", e.minor},
              {"repeat", e.repeat},
              {"template_id", e.template_id},
              {"created_by", e.created_by}}
      .dump(-1, ' ', false, json::error_handler_t::replace);
}

// "time|id": the order of the list, as text.
std::string CursorKey(const Encounter& e) {
  return core::FormatIso8601(e.encountered_at) + "|" + e.id;
}

// The cursor is the last item's CursorKey in hex: opaque to clients, checked on return.
std::string MakeCursor(const Encounter& e) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (const unsigned char ch : CursorKey(e)) {
    out += kHex[ch >> 4];
    out += kHex[ch & 15];
  }
  return out;
}

core::Result<std::pair<std::string, std::string>> ParseCursor(const std::string& cursor) {
  const auto bad = [] {
    return core::WithReason(core::InvalidArgument("is not a cursor of this list", "?cursor"),
                            "stale_cursor");
  };
  if (cursor.size() % 2 != 0 || cursor.size() > 200) return bad();
  std::string text;
  for (std::size_t i = 0; i < cursor.size(); i += 2) {
    const auto nibble = [](char ch) -> int {
      if (ch >= '0' && ch <= '9') return ch - '0';
      if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
      return -1;
    };
    const int hi = nibble(cursor[i]);
    const int lo = nibble(cursor[i + 1]);
    if (hi < 0 || lo < 0) return bad();
    text += static_cast<char>(hi * 16 + lo);
  }
  const std::size_t bar = text.find('|');
  if (bar == std::string::npos) return bad();
  std::string at = text.substr(0, bar);
  std::string id = text.substr(bar + 1);
  const auto parsed = core::ParseIso8601(at);
  if (!parsed || core::FormatIso8601(*parsed) != at || !core::IsUuid(id)) return bad();
  return std::make_pair(std::move(at), std::move(id));
}

// The filters of a query (without cursor, order or limit), checked.
core::Result<store::VisibleSelect> QuerySelect(const EncounterQuery& q) {
  store::VisibleSelect select{.columns = kColumns, .table = "migration_encounters", .alias = "e"};
  if (!q.station_id.empty()) select.Where("e.station_id = ?", {q.station_id});
  if (!q.nationality.empty()) {
    ISTMO_ASSIGN_OR_RETURN(auto nationality, NormalizeNationality(q.nationality, "?nationality"));
    select.Where("e.nationality = ?", {nationality});
  }
  if (!q.person_id.empty()) select.Where("e.person_id = ?", {q.person_id});
  if (q.from) select.Where("e.encountered_at >= ?", {core::FormatIso8601(*q.from)});
  if (q.to) select.Where("e.encountered_at < ?", {core::FormatIso8601(*q.to)});
  if (!q.name.empty()) {
    if (q.name.size() > 200) {
      return core::WithReason(core::InvalidArgument("is longer than 200 bytes", "?name"),
                              "too_long", {{"max", "200"}});
    }
    const std::vector<std::string> words = internal::NameTokens(internal::NameKey(q.name));
    if (words.empty()) {
      return core::WithReason(core::InvalidArgument("must contain a letter or digit", "?name"),
                              "invalid_value");
    }
    if (words.size() > 5) {
      return core::WithReason(core::InvalidArgument("has more than 5 words", "?name"),
                              "too_many_words", {{"max", "5"}});
    }
    // Each word is a prefix of a word of the name: a range over the index's primary key. No
    // key holds U+10FFFF, so [w, w + U+10FFFF) is every word that begins with w.
    for (const std::string& w : words) {
      select.Where(
          "e.id IN (SELECT n.encounter_id FROM migration_encounter_names n "
          "WHERE n.token >= ? AND n.token < ?)",
          {w, w + "\xf4\x8f\xbf\xbf"});
    }
  }
  if (!q.document_number.empty()) {
    select.Where("e.document_number = ?", {internal::Upper(q.document_number.substr(0, 40))});
  }
  if (!q.birth_date.empty()) {
    ISTMO_RETURN_IF_ERROR(core::ParseDate(q.birth_date, "?birth_date"));
    select.Where("e.birth_date = ?", {q.birth_date});
  }
  return select;
}

// The encounter as stored (its `repeat` over all encounters), if the caller may see it.
core::Result<Encounter> GetStored(store::Connection& c, const store::AccessScope& scope,
                                  const std::string& id) {
  ISTMO_ASSIGN_OR_RETURN(auto row, store::SelectVisibleOne(c, scope,
                                                           {.columns = kColumns,
                                                            .table = "migration_encounters",
                                                            .alias = "e",
                                                            .where = {"e.id = ?"},
                                                            .params = {id}}));
  if (!row) {
    return core::WithReason(core::NotFound("no encounter " + id.substr(0, 40)), "not_found",
                            {{"object", "encounter"}});
  }
  return FromRow(*row);
}

}  // namespace

std::string MonthBucket(core::Timestamp t) { return DayText(PanamaDay(t)).substr(0, 7); }

std::string WeekBucket(core::Timestamp t) {
  const sys_days d = PanamaDay(t);
  const weekday wd(d);
  // ISO weeks start on Monday: iso_encoding() is 1 for Monday … 7 for Sunday.
  return DayText(d - days(wd.iso_encoding() - 1));
}

core::Result<int> AgeAt(const std::string& birth_date, core::Timestamp at) {
  ISTMO_ASSIGN_OR_RETURN(const year_month_day born, core::ParseDate(birth_date, "/birth_date"));
  const year_month_day today(PanamaDay(at));
  if (sys_days(born) > sys_days(today)) {
    return core::WithReason(core::InvalidArgument("is after the encounter date", "/birth_date"),
                            "date_in_future");
  }
  int age = static_cast<int>(today.year()) - static_cast<int>(born.year());
  if (today.month() < born.month() || (today.month() == born.month() && today.day() < born.day())) {
    --age;
  }
  if (age > 120) {
    return core::WithReason(core::InvalidArgument("gives an age above 120 years", "/birth_date"),
                            "invalid_date");
  }
  return age;
}

core::Result<std::vector<Station>> ListStations(store::Connection& c) {
  ISTMO_ASSIGN_OR_RETURN(auto rows,
                         c.Query("SELECT id, name, lon, lat FROM migration_stations ORDER BY name"));
  std::vector<Station> out;
  for (const auto& r : rows) out.push_back({r.Text(0), r.Text(1), r.Real(2), r.Real(3)});
  return out;
}

core::Status ValidateEncounter(NewEncounter& e, core::Timestamp now) {
  return ValidateFields(e, now);
}

core::Result<Encounter> InsertEncounter(store::Connection& tx, const store::AccessScope& scope,
                                        NewEncounter in, const std::string& template_id,
                                        core::Timestamp now) {
  if (!scope.Has(store::Role::kOfficer)) {
    return core::PermissionDenied("registering an encounter needs the officer role");
  }
  ISTMO_RETURN_IF_ERROR(ValidateFields(in, now));
  ISTMO_ASSIGN_OR_RETURN(auto station, tx.QueryOne("SELECT 1 FROM migration_stations WHERE id = ?",
                                                   {in.station_id}));
  if (!station) {
    return internal::UnknownStation(in.station_id);
  }
  ISTMO_ASSIGN_OR_RETURN(const bool repeat, HasEncounters(tx, in.person_id));
  ISTMO_ASSIGN_OR_RETURN(Encounter e, InsertRow(tx, scope, in, repeat, template_id, now));
  const std::string releasability = store::EncodeReleasability(e.releasability);
  const SummaryCount n{1, repeat ? 1 : 0};
  ISTMO_RETURN_IF_ERROR(UpsertSummary(tx, "migration_counts_month",
                                      {MonthBucket(e.encountered_at), e.station_id, e.nationality,
                                       e.sex, e.minor ? 1 : 0, e.owner_org, releasability},
                                      n));
  ISTMO_RETURN_IF_ERROR(UpsertSummary(tx, "migration_counts_week",
                                      {WeekBucket(e.encountered_at), e.station_id, e.nationality,
                                       e.sex, e.minor ? 1 : 0, e.owner_org, releasability},
                                      n));
  ISTMO_RETURN_IF_ERROR(store::RecordChange(
      tx, scope,
      {.action = "migration.encounter.create",
       .object_type = "encounter",
       .object_id = e.id,
       .detail = nlohmann::json{{"station_id", e.station_id},
                                {"person_id", e.person_id},
                                {"repeat", repeat}}
                     .dump(),
       .body = EncounterBody(e)},
      now));
  return e;
}

core::Result<std::int64_t> InsertEncounterBatch(store::Connection& tx,
                                                const store::AccessScope& scope,
                                                std::span<NewEncounter> batch,
                                                core::Timestamp now) {
  if (!scope.Has(store::Role::kOfficer)) {
    return core::PermissionDenied("registering encounters needs the officer role");
  }
  ISTMO_ASSIGN_OR_RETURN(const std::set<std::string> stations, StationIds(tx));
  std::map<SummaryKey, SummaryCount> months;
  std::map<SummaryKey, SummaryCount> weeks;
  std::int64_t line = 0;
  for (NewEncounter& in : batch) {
    ++line;
    core::Status valid = ValidateFields(in, now);
    if (valid && !stations.contains(in.station_id)) {
      valid = internal::UnknownStation(in.station_id);
    }
    if (!valid) {
      core::Error err = valid.error();
      err.line = line;
      return err;
    }
    ISTMO_ASSIGN_OR_RETURN(const bool repeat, HasEncounters(tx, in.person_id));
    ISTMO_ASSIGN_OR_RETURN(Encounter e, InsertRow(tx, scope, in, repeat, "", now));
    // One audit entry covers the import (below); each encounter is its own event.
    ISTMO_RETURN_IF_ERROR(store::Emit(
        tx, {.type = "migration.encounter.create", .object_id = e.id, .body = EncounterBody(e)},
        now));
    const std::string releasability = store::EncodeReleasability(e.releasability);
    const int minor = e.minor ? 1 : 0;
    auto& m = months[{MonthBucket(e.encountered_at), e.station_id, e.nationality, e.sex, minor,
                      e.owner_org, releasability}];
    auto& w = weeks[{WeekBucket(e.encountered_at), e.station_id, e.nationality, e.sex, minor,
                     e.owner_org, releasability}];
    ++m.encounters;
    ++w.encounters;
    if (repeat) {
      ++m.repeats;
      ++w.repeats;
    }
  }
  for (const auto& [k, n] : months) {
    ISTMO_RETURN_IF_ERROR(UpsertSummary(tx, "migration_counts_month", k, n));
  }
  for (const auto& [k, n] : weeks) {
    ISTMO_RETURN_IF_ERROR(UpsertSummary(tx, "migration_counts_week", k, n));
  }
  ISTMO_RETURN_IF_ERROR(store::AppendAudit(
      tx,
      store::AuditBy(scope, "migration.encounter.import", "encounter", "",
                     "{\"count\":" + std::to_string(line) + "}"),
      now));
  return line;
}

core::Status AddHistoryCounts(store::Connection& tx, const store::AccessScope& scope,
                              const std::vector<std::string>& releasability,
                              const std::vector<HistoryCount>& months,
                              const std::vector<HistoryCount>& weeks, core::Timestamp now) {
  if (!scope.Has(store::Role::kOfficer)) {
    return core::PermissionDenied("loading encounter history needs the officer role");
  }
  ISTMO_ASSIGN_OR_RETURN(auto normalized, store::NormalizeReleasability(releasability));
  const std::string rel = store::EncodeReleasability(normalized);
  ISTMO_ASSIGN_OR_RETURN(const std::set<std::string> stations, StationIds(tx));
  std::int64_t total = 0;
  // The counts as loaded go to the outbox in events of at most kHistoryRowsPerEvent rows (a
  // history is megabytes; a sync message should stay well under NATS's 1 MB default), each
  // self-contained: a peer adds the same rows.
  constexpr std::size_t kHistoryRowsPerEvent = 1000;
  nlohmann::json rows = nlohmann::json::array();
  const auto emit_rows = [&](bool weekly) -> core::Status {
    if (rows.empty()) return core::Ok();
    const nlohmann::json body = {{"owner_org", scope.org_id},
                                 {"releasability", normalized},
                                 {"period", weekly ? "week" : "month"},
                                 {"counts", std::move(rows)}};
    rows = nlohmann::json::array();
    ISTMO_RETURN_IF_ERROR(store::Emit(
        tx,
        {.type = "migration.history.load",
         .body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)},
        now));
    return core::Ok();
  };
  for (const bool weekly : {false, true}) {
    const auto& counts = weekly ? weeks : months;
    std::int64_t line = 0;
    for (const HistoryCount& h : counts) {
      ++line;
      const auto bad = [&](std::string message, std::string field) {
        return core::InvalidArgument(std::move(message), std::move(field), line);
      };
      if (weekly) {
        auto day = core::ParseDate(h.period);
        if (!day || weekday(sys_days(*day)) != Monday) {
          return bad("must be a Monday \"YYYY-MM-DD\"", "/period");
        }
      } else if (!core::ParseYearMonth(h.period)) {
        return bad("must be a month \"YYYY-MM\"", "/period");
      }
      if (!stations.contains(h.station_id)) return bad("no such station", "/station_id");
      if (!IsAlpha3(h.nationality)) return bad("must be an ISO 3166-1 alpha-3 code", "/nationality");
      if (h.sex != "F" && h.sex != "M" && h.sex != "X") return bad("must be F, M or X", "/sex");
      if (h.encounters < 0 || h.repeats < 0 || h.repeats > h.encounters) {
        return bad("counts must be 0 ≤ repeats ≤ encounters", "/encounters");
      }
      ISTMO_RETURN_IF_ERROR(UpsertSummary(
          tx, weekly ? "migration_counts_week" : "migration_counts_month",
          {h.period, h.station_id, h.nationality, h.sex, h.minor ? 1 : 0, scope.org_id, rel},
          {h.encounters, h.repeats}));
      rows.push_back({{"period", h.period},
                      {"station_id", h.station_id},
                      {"nationality", h.nationality},
                      {"sex", h.sex},
                      {"minor", h.minor},
                      {"encounters", h.encounters},
                      {"repeats", h.repeats}});
      if (rows.size() == kHistoryRowsPerEvent) ISTMO_RETURN_IF_ERROR(emit_rows(weekly));
      if (!weekly) total += h.encounters;
    }
    ISTMO_RETURN_IF_ERROR(emit_rows(weekly));
  }
  // One audit entry for the load; its events are above.
  ISTMO_RETURN_IF_ERROR(store::AppendAudit(
      tx,
      store::AuditBy(scope, "migration.history.load", "encounter_counts", "",
                     "{\"encounters\":" + std::to_string(total) + "}"),
      now));
  return core::Ok();
}

core::Result<Encounter> GetEncounter(store::Connection& c, const store::AccessScope& scope,
                                     const std::string& id) {
  ISTMO_ASSIGN_OR_RETURN(Encounter e, GetStored(c, scope, id));
  ISTMO_RETURN_IF_ERROR(MarkRepeats(c, scope, std::span<Encounter>(&e, 1)));
  return e;
}

core::Status MarkRepeats(store::Connection& c, const store::AccessScope& scope,
                         std::span<Encounter> encounters) {
  std::set<std::string> persons;
  for (const Encounter& e : encounters) persons.insert(e.person_id);
  // The first encounter of each person that the reader may see, as "time|id" (sorts as text:
  // timestamps are fixed-width ISO 8601).
  std::map<std::string, std::string> first;
  std::vector<std::string> chunk;
  const auto flush = [&]() -> core::Status {
    if (chunk.empty()) return core::Ok();
    std::string in = "p.person_id IN (";
    store::Params params;
    for (std::size_t i = 0; i < chunk.size(); ++i) {
      in += i == 0 ? "?" : ",?";
      params.emplace_back(chunk[i]);
    }
    in += ")";
    ISTMO_ASSIGN_OR_RETURN(auto rows, store::SelectVisible(c, scope,
                                                           {.columns = "p.person_id, "
                                                                       "p.encountered_at, p.id",
                                                            .table = "migration_encounters",
                                                            .alias = "p",
                                                            .where = {in},
                                                            .params = std::move(params)}));
    for (const auto& r : rows) {
      const std::string key = r.Text(1) + "|" + r.Text(2);
      auto [it, added] = first.emplace(r.Text(0), key);
      if (!added && key < it->second) it->second = key;
    }
    chunk.clear();
    return core::Ok();
  };
  for (const std::string& p : persons) {
    chunk.push_back(p);
    if (chunk.size() == 500) ISTMO_RETURN_IF_ERROR(flush());
  }
  ISTMO_RETURN_IF_ERROR(flush());
  for (Encounter& e : encounters) {
    const auto it = first.find(e.person_id);
    e.repeat = it != first.end() && CursorKey(e) > it->second;
  }
  return core::Ok();
}

namespace {

// Up to `limit` encounters of the query after its cursor, newest first, repeats marked.
core::Result<std::vector<Encounter>> FetchPage(store::Connection& c,
                                               const store::AccessScope& scope,
                                               const EncounterQuery& q, int limit) {
  ISTMO_ASSIGN_OR_RETURN(store::VisibleSelect select, QuerySelect(q));
  if (!q.cursor.empty()) {
    ISTMO_ASSIGN_OR_RETURN(auto after, ParseCursor(q.cursor));
    select.Where("e.encountered_at < ? OR (e.encountered_at = ? AND e.id < ?)",
                 {after.first, after.first, after.second});
  }
  select.order_by = "e.encountered_at DESC, e.id DESC";
  select.limit = limit;
  ISTMO_ASSIGN_OR_RETURN(auto rows, store::SelectVisible(c, scope, select));
  std::vector<Encounter> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back(FromRow(r));
  ISTMO_RETURN_IF_ERROR(MarkRepeats(c, scope, out));
  return out;
}

}  // namespace

core::Result<std::vector<Encounter>> ListEncounters(store::Connection& c,
                                                    const store::AccessScope& scope,
                                                    const EncounterQuery& q) {
  if (q.limit < 1 || q.limit > 1000) {
    return core::WithReason(core::InvalidArgument("must be 1..1000", "?limit"), "invalid_value");
  }
  return FetchPage(c, scope, q, q.limit);
}

core::Result<EncounterPage> SearchEncounters(store::Connection& c, const store::AccessScope& scope,
                                             const EncounterQuery& q) {
  if (q.limit < 1 || q.limit > 1000) {
    return core::WithReason(core::InvalidArgument("must be 1..1000", "?limit"), "invalid_value");
  }
  EncounterPage page;
  ISTMO_ASSIGN_OR_RETURN(store::VisibleSelect count, QuerySelect(q));
  count.columns = "count(*)";
  ISTMO_ASSIGN_OR_RETURN(auto total, store::SelectVisibleOne(c, scope, count));
  page.total = total ? total->Int(0) : 0;
  // One more than the page: whether a next page exists, without a second count.
  ISTMO_ASSIGN_OR_RETURN(page.items, FetchPage(c, scope, q, q.limit + 1));
  if (page.items.size() > static_cast<std::size_t>(q.limit)) {
    page.items.resize(static_cast<std::size_t>(q.limit));
    page.next_cursor = MakeCursor(page.items.back());
  }
  return page;
}

core::Result<std::vector<Encounter>> EarlierEncounters(store::Connection& c,
                                                       const store::AccessScope& scope,
                                                       const std::vector<std::string>& person_ids,
                                                       const std::string& nationality,
                                                       const std::string& document_number,
                                                       const std::string& exclude_id) {
  std::string who;
  store::Params params;
  for (const auto& p : person_ids) {
    who += who.empty() ? "e.person_id IN (?" : ",?";
    params.emplace_back(p);
  }
  if (!who.empty()) who += ")";
  if (!document_number.empty()) {
    who += (who.empty() ? "" : " OR ") +
           std::string("(e.document_number = ? AND e.nationality = ?)");
    params.emplace_back(internal::Upper(document_number));
    params.emplace_back(internal::Upper(nationality));
  }
  if (who.empty()) return std::vector<Encounter>{};
  store::VisibleSelect select{.columns = kColumns,
                              .table = "migration_encounters",
                              .alias = "e",
                              .where = {who},
                              .params = std::move(params),
                              .order_by = "e.encountered_at, e.id",
                              .limit = 50};
  select.Where("e.id <> ?", {exclude_id});
  ISTMO_ASSIGN_OR_RETURN(auto rows, store::SelectVisible(c, scope, select));
  std::vector<Encounter> out;
  for (const auto& r : rows) out.push_back(FromRow(r));
  return out;
}

core::Result<Encounter> CorrectEncounter(store::Connection& tx, const store::AccessScope& scope,
                                         const std::string& id, const EncounterCorrection& fix,
                                         core::Timestamp now) {
  ISTMO_ASSIGN_OR_RETURN(const Encounter old, GetStored(tx, scope, id));
  const bool may = scope.Has(store::Role::kOfficer) || scope.Has(store::Role::kSupervisor);
  if (!may || !(scope.system || scope.org_id == old.owner_org)) {
    return core::PermissionDenied(
        "only officers and supervisors of the owning organization correct an encounter");
  }
  // The corrected record is validated as a registration would be.
  NewEncounter next{.station_id = old.station_id,
                    .encountered_at = old.encountered_at,
                    .name = fix.name.value_or(old.name),
                    .birth_date = fix.birth_date.value_or(old.birth_date),
                    .sex = fix.sex.value_or(old.sex),
                    .nationality = fix.nationality.value_or(old.nationality),
                    .document_type = fix.document_type.value_or(old.document_type),
                    .document_number = fix.document_number.value_or(old.document_number),
                    .releasability = old.releasability,
                    .person_id = old.person_id};
  ISTMO_RETURN_IF_ERROR(ValidateFields(next, now));
  if (fix.reason.empty()) {
    return core::WithReason(
        core::InvalidArgument("is required: say why the record is corrected", "/reason"),
        "correction_reason_required");
  }
  ISTMO_RETURN_IF_ERROR(CheckText(fix.reason, "/reason", 500));

  const std::pair<const char*, std::pair<std::string, std::string>> fields[] = {
      {"name", {old.name, next.name}},
      {"birth_date", {old.birth_date, next.birth_date}},
      {"sex", {old.sex, next.sex}},
      {"nationality", {old.nationality, next.nationality}},
      {"document_type", {old.document_type, next.document_type}},
      {"document_number", {old.document_number, next.document_number}}};
  nlohmann::json before = nlohmann::json::object();
  nlohmann::json after = nlohmann::json::object();
  std::vector<std::string> changed;
  for (const auto& [field, values] : fields) {
    if (values.first == values.second) continue;
    before[field] = values.first;
    after[field] = values.second;
    changed.emplace_back(field);
  }
  if (changed.empty()) {
    return core::WithReason(core::InvalidArgument("the correction changes no field", "/"),
                            "no_change");
  }

  Encounter e = old;
  SetPersonalFields(e, next);  // next's birth date passed ValidateFields: its age is known
  const std::string name_key = internal::NameKey(e.name);
  ISTMO_RETURN_IF_ERROR(tx.Exec(
      "UPDATE migration_encounters SET name = ?, name_key = ?, birth_date = ?, sex = ?, "
      "nationality = ?, document_type = ?, document_number = ?, age_years = ?, minor = ? "
      "WHERE id = ?",
      {e.name, name_key, e.birth_date, e.sex, e.nationality, store::TextOrNull(e.document_type),
       store::TextOrNull(e.document_number), static_cast<std::int64_t>(e.age_years),
       static_cast<std::int64_t>(e.minor ? 1 : 0), e.id}));
  if (e.name != old.name) {
    ISTMO_RETURN_IF_ERROR(
        tx.Exec("DELETE FROM migration_encounter_names WHERE encounter_id = ?", {e.id}));
    ISTMO_RETURN_IF_ERROR(WriteNameIndex(tx, e.id, name_key));
  }
  // The trend summaries move the encounter to its new bucket.
  if (e.nationality != old.nationality || e.sex != old.sex || e.minor != old.minor) {
    const std::string rel = store::EncodeReleasability(e.releasability);
    const std::int64_t repeat = e.repeat ? 1 : 0;
    for (const char* table : {"migration_counts_month", "migration_counts_week"}) {
      const bool monthly = std::string_view(table) == "migration_counts_month";
      const std::string period =
          monthly ? MonthBucket(e.encountered_at) : WeekBucket(e.encountered_at);
      ISTMO_RETURN_IF_ERROR(UpsertSummary(
          tx, table,
          {period, e.station_id, old.nationality, old.sex, old.minor ? 1 : 0, e.owner_org, rel},
          {-1, -repeat}));
      // An emptied bucket goes, as if the encounter had been registered as corrected.
      ISTMO_RETURN_IF_ERROR(
          tx.Exec(std::string("DELETE FROM ") + table +
                      " WHERE period = ? AND station_id = ? AND nationality = ? AND sex = ? AND "
                      "minor = ? AND owner_org = ? AND releasability = ? AND encounters = 0",
                  {period, e.station_id, old.nationality, old.sex,
                   static_cast<std::int64_t>(old.minor ? 1 : 0), e.owner_org, rel}));
      ISTMO_RETURN_IF_ERROR(UpsertSummary(
          tx, table,
          {period, e.station_id, e.nationality, e.sex, e.minor ? 1 : 0, e.owner_org, rel},
          {1, repeat}));
    }
  }
  const std::string revision_id = core::NewId();
  const std::string by = scope.system ? "system" : scope.username;
  ISTMO_RETURN_IF_ERROR(
      tx.Exec("INSERT INTO migration_encounter_history (id, encounter_id, changed_at, changed_by, "
              "changed_by_org, reason, old_values, new_values) VALUES (?,?,?,?,?,?,?,?)",
              {revision_id, e.id, core::FormatIso8601(floor<milliseconds>(now)), by, scope.org_id,
               fix.reason, before.dump(), after.dump()}));
  ISTMO_RETURN_IF_ERROR(store::RecordChange(
      tx, scope,
      {.action = "migration.encounter.correct",
       .object_type = "encounter",
       .object_id = e.id,
       .detail =
           nlohmann::json{{"revision_id", revision_id}, {"fields", changed}, {"reason", fix.reason}}
               .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
       .body = EncounterBody(e)},
      now));
  ISTMO_RETURN_IF_ERROR(MarkRepeats(tx, scope, std::span<Encounter>(&e, 1)));
  return e;
}

core::Result<std::vector<EncounterRevision>> EncounterHistory(store::Connection& c,
                                                              const store::AccessScope& scope,
                                                              const std::string& id) {
  ISTMO_RETURN_IF_ERROR(GetStored(c, scope, id));
  ISTMO_ASSIGN_OR_RETURN(
      auto rows,
      c.Query("SELECT id, changed_at, changed_by, changed_by_org, reason, old_values, new_values "
              "FROM migration_encounter_history WHERE encounter_id = ? ORDER BY changed_at, id",
              {id}));
  static constexpr const char* kFields[] = {"name",        "birth_date",    "sex",
                                            "nationality", "document_type", "document_number"};
  std::vector<EncounterRevision> out;
  for (const auto& r : rows) {
    EncounterRevision v;
    v.id = r.Text(0);
    v.changed_at = core::ParseIso8601(r.Text(1)).value_or(core::Timestamp{});
    v.changed_by = r.Text(2);
    v.changed_by_org = r.Text(3);
    v.reason = r.Text(4);
    const auto before = nlohmann::json::parse(r.Text(5), nullptr, false);
    const auto after = nlohmann::json::parse(r.Text(6), nullptr, false);
    if (before.is_discarded() || after.is_discarded() || !before.is_object() ||
        !after.is_object()) {
      return core::DataLoss("history of encounter " + id + " holds a malformed revision");
    }
    for (const char* field : kFields) {
      if (!after.contains(field)) continue;
      v.changes.push_back({field, before.value(field, ""), after.value(field, "")});
    }
    out.push_back(std::move(v));
  }
  return out;
}

}  // namespace istmo::migration

#include "migration/encounters.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <map>
#include <set>
#include <tuple>

#include <nlohmann/json.hpp>

#include "core/id.h"
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
  if (e.station_id.empty()) return core::InvalidArgument("must not be empty", "/station_id");
  if (e.encountered_at > now + minutes(5)) {
    return core::InvalidArgument("is in the future: " + core::FormatIso8601(e.encountered_at),
                                 "/encountered_at");
  }
  if (e.encountered_at < sys_days(year(2000) / January / 1)) {
    return core::InvalidArgument("is before 2000", "/encountered_at");
  }
  // Names keep their spelling; only surrounding spaces go.
  const auto not_space = [](unsigned char ch) { return std::isspace(ch) == 0; };
  e.name.erase(e.name.begin(), std::find_if(e.name.begin(), e.name.end(), not_space));
  e.name.erase(std::find_if(e.name.rbegin(), e.name.rend(), not_space).base(), e.name.end());
  ISTMO_RETURN_IF_ERROR(CheckText(e.name, "/name", 200));
  ISTMO_ASSIGN_OR_RETURN(const int age, AgeAt(e.birth_date, e.encountered_at));
  (void)age;  // AgeAt validates the date; the age is recomputed on insert
  if (e.sex != "F" && e.sex != "M" && e.sex != "X") {
    return core::InvalidArgument("must be \"F\", \"M\" or \"X\", not '" + e.sex.substr(0, 10) + "'",
                                 "/sex");
  }
  e.nationality = internal::Upper(e.nationality);
  if (!IsAlpha3(e.nationality)) {
    return core::InvalidArgument(
        "must be an ISO 3166-1 alpha-3 code like \"VEN\", not '" + e.nationality.substr(0, 10) + "'",
        "/nationality");
  }
  if (e.document_type.empty() != e.document_number.empty()) {
    return core::InvalidArgument("document_type and document_number go together",
                                 e.document_type.empty() ? "/document_type" : "/document_number");
  }
  if (!e.document_type.empty()) {
    if (e.document_type != "passport" && e.document_type != "national_id" &&
        e.document_type != "other") {
      return core::InvalidArgument("must be passport, national_id or other, not '" +
                                       e.document_type.substr(0, 20) + "'",
                                   "/document_type");
    }
    e.document_number = internal::Upper(e.document_number);
    const bool ok = e.document_number.size() <= 40 &&
                    std::all_of(e.document_number.begin(), e.document_number.end(), [](char ch) {
                      return std::isalnum(static_cast<unsigned char>(ch)) != 0 || ch == '-';
                    });
    if (!ok) {
      return core::InvalidArgument("must be 1 to 40 letters, digits or '-'", "/document_number");
    }
  }
  if (!e.person_id.empty() && !core::IsUuid(e.person_id)) {
    return core::InvalidArgument("must be a UUID", "/person_id");
  }
  ISTMO_ASSIGN_OR_RETURN(e.releasability, store::NormalizeReleasability(e.releasability));
  return core::Ok();
}

// Inserts one validated encounter; `repeat` decided by the caller.
core::Result<Encounter> InsertRow(store::Connection& tx, const store::AccessScope& scope,
                                  const NewEncounter& in, bool repeat,
                                  const std::string& template_id, core::Timestamp now) {
  Encounter e;
  e.id = core::NewId();
  e.created_at = floor<milliseconds>(now);
  e.owner_org = scope.org_id;
  e.releasability = in.releasability;
  e.station_id = in.station_id;
  e.encountered_at = floor<milliseconds>(in.encountered_at);
  e.person_id = in.person_id.empty() ? core::NewId() : in.person_id;
  e.name = in.name;
  e.birth_date = in.birth_date;
  e.sex = in.sex;
  e.nationality = in.nationality;
  e.document_type = in.document_type;
  e.document_number = in.document_number;
  e.age_years = AgeAt(in.birth_date, in.encountered_at).value_or(0);
  e.minor = e.age_years < 18;
  e.repeat = repeat;
  e.template_id = template_id;
  e.created_by = scope.system ? "system" : scope.username;
  ISTMO_RETURN_IF_ERROR(tx.Exec(
      "INSERT INTO migration_encounters (id, created_at, owner_org, releasability, station_id, "
      "encountered_at, person_id, name, birth_date, sex, nationality, document_type, "
      "document_number, age_years, minor, repeat, template_id, created_by) "
      "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
      {e.id, core::FormatIso8601(e.created_at), e.owner_org,
       store::EncodeReleasability(e.releasability), e.station_id,
       core::FormatIso8601(e.encountered_at), e.person_id, e.name, e.birth_date, e.sex,
       e.nationality, store::TextOrNull(e.document_type), store::TextOrNull(e.document_number),
       static_cast<std::int64_t>(e.age_years), static_cast<std::int64_t>(e.minor ? 1 : 0),
       static_cast<std::int64_t>(e.repeat ? 1 : 0), store::TextOrNull(e.template_id),
       e.created_by}));
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
    return core::InvalidArgument("is after the encounter date", "/birth_date");
  }
  int age = static_cast<int>(today.year()) - static_cast<int>(born.year());
  if (today.month() < born.month() || (today.month() == born.month() && today.day() < born.day())) {
    --age;
  }
  if (age > 120) return core::InvalidArgument("gives an age above 120 years", "/birth_date");
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
    return core::InvalidArgument("no reception station '" + in.station_id.substr(0, 40) + "'",
                                 "/station_id");
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
      valid = core::InvalidArgument("no reception station '" + in.station_id.substr(0, 40) + "'",
                                    "/station_id");
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
  ISTMO_ASSIGN_OR_RETURN(auto row, store::SelectVisibleOne(c, scope,
                                                           {.columns = kColumns,
                                                            .table = "migration_encounters",
                                                            .alias = "e",
                                                            .where = {"e.id = ?"},
                                                            .params = {id}}));
  if (!row) return core::NotFound("no encounter " + id.substr(0, 40));
  return FromRow(*row);
}

core::Result<std::vector<Encounter>> ListEncounters(store::Connection& c,
                                                    const store::AccessScope& scope,
                                                    const EncounterQuery& q) {
  if (q.limit < 1 || q.limit > 1000) return core::InvalidArgument("must be 1..1000", "?limit");
  store::VisibleSelect select{.columns = kColumns,
                              .table = "migration_encounters",
                              .alias = "e",
                              .order_by = "e.encountered_at DESC, e.id DESC",
                              .limit = q.limit};
  if (!q.station_id.empty()) select.Where("e.station_id = ?", {q.station_id});
  if (!q.nationality.empty()) select.Where("e.nationality = ?", {internal::Upper(q.nationality)});
  if (!q.person_id.empty()) select.Where("e.person_id = ?", {q.person_id});
  if (q.from) select.Where("e.encountered_at >= ?", {core::FormatIso8601(*q.from)});
  if (q.to) select.Where("e.encountered_at < ?", {core::FormatIso8601(*q.to)});
  ISTMO_ASSIGN_OR_RETURN(auto rows, store::SelectVisible(c, scope, select));
  std::vector<Encounter> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back(FromRow(r));
  return out;
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

}  // namespace istmo::migration

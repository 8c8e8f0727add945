#include "maritime/cases.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <functional>
#include <set>

#include "core/id.h"
#include "maritime/zones.h"
#include "store/alerts.h"
#include "store/outbox.h"

namespace istmo::maritime {

std::vector<store::Migration> CaseMigrations() {
  // Times are µs since the epoch, like the rest of the module. `event_at` is the case's time
  // for statistics and the map: the outcome's time when it has one, else the opening.
  return {{"maritime_cases", 1, "interdiction cases, their children and timeline", R"sql(
CREATE TABLE maritime_cases (
  id              TEXT PRIMARY KEY,
  number          TEXT NOT NULL UNIQUE,
  title           TEXT NOT NULL,
  summary         TEXT NOT NULL DEFAULT '',
  owner_org       TEXT NOT NULL,
  owner_org_name  TEXT NOT NULL,
  releasability   TEXT NOT NULL,
  status          TEXT NOT NULL CHECK (status IN ('open', 'underway', 'interdicted', 'closed')),
  opened_at       INTEGER NOT NULL,
  opened_by       TEXT NOT NULL,
  updated_at      INTEGER NOT NULL,
  outcome         TEXT,
  event_at        INTEGER NOT NULL,
  lat             REAL,
  lon             REAL,
  area            TEXT
);
CREATE INDEX maritime_cases_by_updated ON maritime_cases (updated_at);
CREATE INDEX maritime_cases_by_event ON maritime_cases (event_at);
CREATE TABLE maritime_case_numbers (
  org_id  TEXT NOT NULL,
  year    INTEGER NOT NULL,
  last    INTEGER NOT NULL,
  PRIMARY KEY (org_id, year)
);
CREATE TABLE maritime_case_alerts (
  case_id   TEXT NOT NULL REFERENCES maritime_cases (id),
  alert_id  TEXT NOT NULL,
  PRIMARY KEY (case_id, alert_id)
);
CREATE TABLE maritime_case_vessels (
  case_id  TEXT NOT NULL REFERENCES maritime_cases (id),
  mmsi     INTEGER NOT NULL,
  PRIMARY KEY (case_id, mmsi)
);
CREATE TABLE maritime_case_positions (
  case_id  TEXT NOT NULL REFERENCES maritime_cases (id),
  seq      INTEGER NOT NULL,
  t        INTEGER NOT NULL,
  lat      REAL NOT NULL,
  lon      REAL NOT NULL,
  label    TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (case_id, seq)
);
CREATE TABLE maritime_case_crew (
  case_id       TEXT NOT NULL REFERENCES maritime_cases (id),
  encounter_id  TEXT NOT NULL,
  added_at      INTEGER NOT NULL,
  added_by      TEXT NOT NULL,
  PRIMARY KEY (case_id, encounter_id)
);
CREATE TABLE maritime_case_timeline (
  case_id  TEXT NOT NULL REFERENCES maritime_cases (id),
  seq      INTEGER NOT NULL,
  t        INTEGER NOT NULL,
  actor    TEXT NOT NULL,
  action   TEXT NOT NULL,
  note     TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (case_id, seq)
);
CREATE TRIGGER maritime_case_timeline_no_update BEFORE UPDATE ON maritime_case_timeline
BEGIN SELECT RAISE(ABORT, 'a case timeline is append-only'); END;
CREATE TRIGGER maritime_case_timeline_no_delete BEFORE DELETE ON maritime_case_timeline
BEGIN SELECT RAISE(ABORT, 'a case timeline is append-only'); END;
)sql"}};
}

namespace {

std::optional<std::uint32_t> ParseMmsi(std::string_view text) {
  std::uint32_t v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || v == 0 || v > 999'999'999) {
    return std::nullopt;
  }
  return v;
}

using nlohmann::json;

constexpr const char* kStatusNames[] = {"open", "underway", "interdicted", "closed"};
constexpr std::size_t kMaxAlerts = 50;
constexpr std::size_t kMaxMmsis = 50;
constexpr std::int64_t kMaxPositions = 500;
constexpr std::size_t kMaxOutcomeEntries = 50;
constexpr double kMaxKg = 100000;
constexpr auto kFutureSlack = std::chrono::minutes(5);
// Panama keeps UTC−05:00 all year (no daylight-saving time): its civil months and years.
constexpr auto kPanamaOffset = std::chrono::hours(-5);

constexpr const char* kColumns =
    "k.id, k.number, k.title, k.summary, k.owner_org, k.owner_org_name, k.releasability, "
    "k.status, k.opened_at, k.opened_by, k.updated_at, k.outcome";

std::int64_t Us(core::Timestamp t) { return t.time_since_epoch().count(); }
core::Timestamp FromUs(std::int64_t us) { return core::Timestamp(std::chrono::microseconds(us)); }

std::chrono::year_month_day PanamaDate(core::Timestamp t) {
  return std::chrono::year_month_day(std::chrono::floor<std::chrono::days>(t + kPanamaOffset));
}

std::string PanamaMonth(core::Timestamp t) {
  const auto ymd = PanamaDate(t);
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()));
  return text;
}

core::Error Invalid(std::string message, std::string field, std::string reason,
                    std::vector<std::pair<std::string, std::string>> params = {}) {
  return core::WithReason(core::InvalidArgument(std::move(message), std::move(field)),
                          std::move(reason), std::move(params));
}

core::Error CaseNotFound(const std::string& id) {
  return core::WithReason(core::NotFound("no case " + id.substr(0, 40)), "not_found",
                          {{"object", "case"}});
}

std::string Actor(const store::AccessScope& scope) {
  return scope.system ? "system" : scope.username;
}

bool Worker(const store::AccessScope& scope) {
  return scope.Has(store::Role::kOfficer) || scope.Has(store::Role::kSupervisor) ||
         scope.Has(store::Role::kAdmin);
}
bool Manager(const store::AccessScope& scope) {
  return scope.Has(store::Role::kSupervisor) || scope.Has(store::Role::kAdmin);
}

// The owning organization's officers, supervisors and admins work on a case.
core::Status CanWork(const store::AccessScope& scope, const Case& k) {
  if (scope.system) return core::Ok();
  if (scope.org_id != k.owner_org || !Worker(scope)) {
    return core::PermissionDenied(
        "only officers, supervisors and admins of the owning organization work on a case");
  }
  return core::Ok();
}

core::Status NotClosed(const Case& k) {
  if (k.status != CaseStatus::kClosed) return core::Ok();
  return core::WithReason(core::Conflict("case " + k.number + " is closed", "/status"),
                          "case_closed");
}

// Text the routes have already passed through api::CheckText; here only its size.
core::Status CheckLength(const std::string& text, std::size_t min, std::size_t max,
                         const std::string& field) {
  if (text.size() < min) return Invalid("is required", field, "required");
  if (text.size() > max) {
    return Invalid("must be at most " + std::to_string(max) + " bytes", field, "too_long",
                   {{"max", std::to_string(max)}});
  }
  return core::Ok();
}

core::Status CheckPosition(double lat, double lon, const std::string& prefix) {
  if (!std::isfinite(lat) || lat < -90 || lat > 90) {
    return Invalid("must be a latitude in [-90, 90]", prefix + "/lat", "invalid_value");
  }
  if (!std::isfinite(lon) || lon < -180 || lon > 180) {
    return Invalid("must be a longitude in [-180, 180]", prefix + "/lon", "invalid_value");
  }
  return core::Ok();
}

core::Status NotFuture(core::Timestamp t, core::Timestamp now, const std::string& field) {
  if (t > now + kFutureSlack) return Invalid("must not be in the future", field, "invalid_value");
  return core::Ok();
}

// ---- The outcome's stored form, which is also its JSON ----

json OutcomeJson(const CaseOutcome& o) {
  json drugs = json::array(), arrests = json::array(), other = json::array();
  for (const auto& d : o.drugs) drugs.push_back({{"type", d.type}, {"kg", d.kg}});
  for (const auto& a : o.arrests) {
    arrests.push_back({{"nationality", a.nationality}, {"count", a.count}});
  }
  for (const auto& c : o.other_contraband) {
    other.push_back({{"description", c.description},
                     {"quantity", c.quantity ? json(*c.quantity) : json(nullptr)}});
  }
  return {{"boarded", o.boarded},
          {"seized", o.seized},
          {"at", o.at ? json(core::FormatIso8601(*o.at)) : json(nullptr)},
          {"lat", o.lat ? json(*o.lat) : json(nullptr)},
          {"lon", o.lon ? json(*o.lon) : json(nullptr)},
          {"area", o.area.empty() ? json(nullptr) : json(o.area)},
          {"drugs", drugs},
          {"arrests", arrests},
          {"other_contraband", other}};
}

// The stored outcome (written by OutcomeJson); a column edited by hand into something else
// reads as no outcome rather than failing every read of the case.
std::optional<CaseOutcome> OutcomeOf(const std::string& text) {
  if (text.empty()) return std::nullopt;
  const json j = json::parse(text, nullptr, false);
  if (!j.is_object()) return std::nullopt;
  CaseOutcome o;
  auto num = [](const json& v) -> std::optional<double> {
    if (v.is_number()) return v.get<double>();
    return std::nullopt;
  };
  o.boarded = j.value("boarded", false);
  o.seized = j.value("seized", false);
  if (j.contains("at") && j["at"].is_string()) {
    if (auto t = core::ParseIso8601(j["at"].get<std::string>())) o.at = *t;
  }
  if (j.contains("lat")) o.lat = num(j["lat"]);
  if (j.contains("lon")) o.lon = num(j["lon"]);
  if (j.contains("area") && j["area"].is_string()) o.area = j["area"].get<std::string>();
  for (const auto& d : j.value("drugs", json::array())) {
    o.drugs.push_back({d.value("type", ""), d.value("kg", 0.0)});
  }
  for (const auto& a : j.value("arrests", json::array())) {
    o.arrests.push_back({a.value("nationality", ""), a.value("count", 0)});
  }
  for (const auto& c : j.value("other_contraband", json::array())) {
    Contraband x{.description = c.value("description", "")};
    if (c.contains("quantity")) x.quantity = num(c["quantity"]);
    o.other_contraband.push_back(std::move(x));
  }
  return o;
}

Case CaseOfRow(const store::Row& r) {
  Case k;
  k.id = r.Text(0);
  k.number = r.Text(1);
  k.title = r.Text(2);
  k.summary = r.Text(3);
  k.owner_org = r.Text(4);
  k.owner_org_name = r.Text(5);
  k.releasability = store::DecodeReleasability(r.Text(6));
  k.status = ParseCaseStatus(r.Text(7)).value_or(CaseStatus::kOpen);
  k.opened_at = FromUs(r.Int(8));
  k.opened_by = r.Text(9);
  k.updated_at = FromUs(r.Int(10));
  k.outcome = OutcomeOf(r.Text(11));
  return k;
}

// "?,?,?" and the ids as parameters.
std::string Placeholders(const std::vector<Case>& cases, store::Params& params) {
  std::string out;
  for (const Case& k : cases) {
    out += out.empty() ? "?" : ",?";
    params.emplace_back(k.id);
  }
  return out;
}

// Fills the children of `cases` (already filtered by visibility): one query per table for the
// whole list, whatever its length.
core::Status LoadChildren(store::Connection& c, const store::AccessScope& scope,
                          std::vector<Case>& cases, bool timeline, const CrewDirectory* crew) {
  if (cases.empty()) return core::Ok();
  std::map<std::string, Case*> by_id;
  for (Case& k : cases) by_id[k.id] = &k;
  auto each = [&](const std::string& sql,
                  const std::function<void(Case&, const store::Row&)>& take) -> core::Status {
    store::Params params;
    const std::string in = Placeholders(cases, params);
    std::string text = sql;
    text.replace(text.find("(IN)"), 4, "(" + in + ")");
    ISTMO_ASSIGN_OR_RETURN(auto rows, c.Query(text, params));
    for (const store::Row& r : rows) take(*by_id.at(r.Text(0)), r);
    return core::Ok();
  };
  ISTMO_RETURN_IF_ERROR(
      each("SELECT case_id, alert_id FROM maritime_case_alerts WHERE case_id IN (IN) "
           "ORDER BY case_id, alert_id",
           [](Case& k, const store::Row& r) { k.alert_ids.push_back(r.Text(1)); }));
  ISTMO_RETURN_IF_ERROR(
      each("SELECT case_id, mmsi FROM maritime_case_vessels WHERE case_id IN (IN) "
           "ORDER BY case_id, mmsi",
           [](Case& k, const store::Row& r) {
             k.mmsis.push_back(static_cast<std::uint32_t>(r.Int(1)));
           }));
  ISTMO_RETURN_IF_ERROR(
      each("SELECT case_id, t, lat, lon, label FROM maritime_case_positions WHERE case_id IN (IN) "
           "ORDER BY case_id, t, seq",
           [](Case& k, const store::Row& r) {
             k.positions.push_back({FromUs(r.Int(1)), r.Real(2), r.Real(3), r.Text(4)});
           }));
  ISTMO_RETURN_IF_ERROR(
      each("SELECT case_id, encounter_id FROM maritime_case_crew WHERE case_id IN (IN) "
           "ORDER BY case_id, added_at, encounter_id",
           [](Case& k, const store::Row& r) {
             k.crew.push_back({r.Text(1), std::nullopt});
           }));
  if (timeline) {
    ISTMO_RETURN_IF_ERROR(
        each("SELECT case_id, t, actor, action, note FROM maritime_case_timeline "
             "WHERE case_id IN (IN) ORDER BY case_id, seq",
             [](Case& k, const store::Row& r) {
               k.timeline.push_back({FromUs(r.Int(1)), r.Text(2), r.Text(3), r.Text(4)});
             }));
  }
  if (crew != nullptr) {
    std::vector<std::string> ids;
    for (const Case& k : cases) {
      for (const CrewLink& l : k.crew) ids.push_back(l.encounter_id);
    }
    if (!ids.empty()) {
      ISTMO_ASSIGN_OR_RETURN(auto found, crew->Describe(c, scope, ids));
      for (Case& k : cases) {
        for (CrewLink& l : k.crew) {
          if (auto it = found.find(l.encounter_id); it != found.end()) l.member = it->second;
        }
      }
    }
  }
  return core::Ok();
}

// The case header as the scope may see it (kNotFound when hidden or absent).
core::Result<Case> VisibleCase(store::Connection& c, const store::AccessScope& scope,
                               const std::string& id) {
  store::VisibleSelect select{.columns = kColumns, .table = "maritime_cases", .alias = "k"};
  select.Where("k.id = ?", {id});
  ISTMO_ASSIGN_OR_RETURN(auto row, store::SelectVisibleOne(c, scope, select));
  if (!row) return CaseNotFound(id);
  return CaseOfRow(*row);
}

// The case a worker may change: visible, owned by the caller's organization (or the system).
core::Result<Case> ForWork(store::Connection& tx, const store::AccessScope& scope,
                           const std::string& id) {
  ISTMO_ASSIGN_OR_RETURN(Case k, VisibleCase(tx, scope, id));
  ISTMO_RETURN_IF_ERROR(CanWork(scope, k));
  return k;
}

core::Status AppendTimeline(store::Connection& tx, const store::AccessScope& scope,
                            const std::string& id, core::Timestamp now, const std::string& action,
                            const std::string& note) {
  ISTMO_ASSIGN_OR_RETURN(
      auto row,
      tx.QueryOne("SELECT COALESCE(MAX(seq), 0) FROM maritime_case_timeline WHERE case_id = ?",
                  {id}));
  const std::int64_t seq = row ? row->Int(0) + 1 : 1;
  ISTMO_RETURN_IF_ERROR(
      tx.Exec("INSERT INTO maritime_case_timeline (case_id, seq, t, actor, action, note) "
              "VALUES (?, ?, ?, ?, ?, ?)",
              {id, seq, Us(now), Actor(scope), action, note}));
  ISTMO_RETURN_IF_ERROR(
      tx.Exec("UPDATE maritime_cases SET updated_at = ? WHERE id = ?", {Us(now), id}));
  return core::Ok();
}

// One change of a case: its timeline entry, then the audit entry and the outbox event with the
// case as it now is (crew as encounter ids: what a reader may see of them is per reader).
core::Status Record(store::Connection& tx, const store::AccessScope& scope, const std::string& id,
                    core::Timestamp now, const std::string& action, const std::string& note,
                    json detail) {
  ISTMO_RETURN_IF_ERROR(AppendTimeline(tx, scope, id, now, action, note));
  ISTMO_ASSIGN_OR_RETURN(Case k, GetCase(tx, store::AccessScope::System(), id, nullptr));
  json body = CaseJson(k, /*with_timeline=*/false);
  json crew = json::array();
  for (const CrewLink& l : k.crew) crew.push_back(l.encounter_id);
  body["crew"] = std::move(crew);
  detail["number"] = k.number;
  ISTMO_RETURN_IF_ERROR(store::RecordChange(tx, scope,
                                            {.action = "maritime.case." + action,
                                             .object_type = "maritime_case",
                                             .object_id = id,
                                             .detail = detail.dump(),
                                             .body = body.dump()},
                                            now));
  return core::Ok();
}

// "SENAN" from "SENAN", "SENA-FRONT" from "Sena Front": the register's prefix of a number.
std::string NumberPrefix(const std::string& org_name) {
  std::string out;
  for (char ch : org_name) {
    const auto u = static_cast<unsigned char>(ch);
    if (std::isalnum(u) && u < 0x80) {
      out += static_cast<char>(std::toupper(u));
    } else if (!out.empty() && out.back() != '-') {
      out += '-';
    }
    if (out.size() == 16) break;
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out.empty() ? "CASE" : out;
}

core::Result<std::string> NextNumber(store::Connection& tx, const CaseOrg& owner,
                                     core::Timestamp now) {
  const int year = static_cast<int>(PanamaDate(now).year());
  ISTMO_RETURN_IF_ERROR(
      tx.Exec("INSERT INTO maritime_case_numbers (org_id, year, last) VALUES (?, ?, 1) "
              "ON CONFLICT (org_id, year) DO UPDATE SET last = maritime_case_numbers.last + 1",
              {owner.id, static_cast<std::int64_t>(year)}));
  ISTMO_ASSIGN_OR_RETURN(auto row,
                         tx.QueryOne("SELECT last FROM maritime_case_numbers WHERE org_id = ? AND "
                                     "year = ?",
                                     {owner.id, static_cast<std::int64_t>(year)}));
  char text[64];
  std::snprintf(text, sizeof text, "-%04d-%04lld", year,
                static_cast<long long>(row ? row->Int(0) : 1));
  return NumberPrefix(owner.name) + text;
}

// The releasability column with "org:<id>" added (an organization that handed a case over).
core::Result<std::string> WithOrg(const std::vector<std::string>& targets,
                                  const std::string& org_id) {
  std::vector<std::string> more = targets;
  more.push_back("org:" + org_id);
  ISTMO_ASSIGN_OR_RETURN(auto normalized, store::NormalizeReleasability(more));
  return store::EncodeReleasability(normalized);
}

std::string Fixed(double v) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3f", v);
  return text;
}

// ---- Areas ----

// The divide between the Caribbean and the Pacific: a line along the isthmus, west to east
// (lon, lat), between the two coasts everywhere in Panama's waters (docs/maritime.md, "Areas").
constexpr std::array<std::pair<double, double>, 10> kDivide = {{{-83.1, 8.75},
                                                                {-82.5, 8.85},
                                                                {-81.5, 8.75},
                                                                {-80.5, 8.75},
                                                                {-79.9, 9.15},
                                                                {-79.5, 9.25},
                                                                {-79.0, 9.30},
                                                                {-78.5, 9.05},
                                                                {-78.0, 8.75},
                                                                {-77.3, 8.40}}};

double DivideLat(double lon) {
  if (lon <= kDivide.front().first) return kDivide.front().second;
  for (std::size_t i = 1; i < kDivide.size(); ++i) {
    const auto [x1, y1] = kDivide[i];
    if (lon <= x1) {
      const auto [x0, y0] = kDivide[i - 1];
      return y0 + (y1 - y0) * (lon - x0) / (x1 - x0);
    }
  }
  return kDivide.back().second;
}

bool InEez(double lat, double lon) {
  static const std::shared_ptr<const ZoneIndex> eez = [] {
    std::vector<Zone> zones;
    for (const Zone& z : BuiltinZones()) {
      if (z.kind == ZoneKind::kEez) zones.push_back(z);
    }
    return ZoneIndex::Build(std::move(zones));
  }();
  std::vector<std::uint32_t> found;
  eez->Find(lat, lon, found);
  return !found.empty();
}

}  // namespace

std::string_view CaseStatusName(CaseStatus status) {
  return kStatusNames[static_cast<std::size_t>(status)];
}

std::optional<CaseStatus> ParseCaseStatus(std::string_view name) {
  for (std::size_t i = 0; i < std::size(kStatusNames); ++i) {
    if (name == kStatusNames[i]) return static_cast<CaseStatus>(i);
  }
  return std::nullopt;
}

bool CaseMoveAllowed(CaseStatus from, CaseStatus to) {
  using S = CaseStatus;
  switch (from) {
    case S::kOpen:
      return to == S::kUnderway || to == S::kClosed;
    case S::kUnderway:
      return to == S::kInterdicted || to == S::kOpen || to == S::kClosed;
    case S::kInterdicted:
      return to == S::kClosed;
    case S::kClosed:
      return to == S::kOpen;
  }
  return false;
}

double CaseOutcome::TotalKg() const {
  double kg = 0;
  for (const auto& d : drugs) kg += d.kg;
  return kg;
}

std::string CaseArea(double lat, double lon) {
  const bool caribbean = lat > DivideLat(lon);
  if (!InEez(lat, lon)) return caribbean ? "caribbean_outside_eez" : "pacific_outside_eez";
  if (caribbean) {
    if (lon < -81.2) return "bocas_del_toro";
    if (lon < -79.0) return "colon";
    return "guna_yala";
  }
  if (lon < -81.7) return "chiriqui";
  if (lon < -80.0) return "azuero";
  // The Gulf of Panama closes at the line from Punta Mala (7.47 N, 80.00 W) to Punta Garachiné
  // (8.07 N, 78.43 W); south of it, and east of Garachiné, is the Darién's Pacific approach.
  const double mouth_lat = 7.47 + (lon + 80.0) * (8.07 - 7.47) / (80.0 - 78.43);
  if (lon < -78.4 && lat >= mouth_lat) return "gulf_of_panama";
  return "darien_pacific";
}

const std::vector<std::string>& CaseAreas() {
  static const std::vector<std::string> areas = {"bocas_del_toro",
                                                 "colon",
                                                 "guna_yala",
                                                 "chiriqui",
                                                 "azuero",
                                                 "gulf_of_panama",
                                                 "darien_pacific",
                                                 "caribbean_outside_eez",
                                                 "pacific_outside_eez"};
  return areas;
}

core::Status ValidateOutcome(CaseOutcome& o, const CrewDirectory& directory, core::Timestamp now) {
  if (o.at) ISTMO_RETURN_IF_ERROR(NotFuture(*o.at, now, "/at"));
  if (o.lat.has_value() != o.lon.has_value()) {
    return Invalid("lat and lon go together", o.lat ? "/lon" : "/lat", "required");
  }
  o.area.clear();
  if (o.lat) {
    ISTMO_RETURN_IF_ERROR(CheckPosition(*o.lat, *o.lon, ""));
    o.area = CaseArea(*o.lat, *o.lon);
  }
  if (o.drugs.size() > std::size(kDrugTypes)) {
    return Invalid("one entry per drug type", "/drugs", "too_many");
  }
  std::set<std::string> seen;
  for (std::size_t i = 0; i < o.drugs.size(); ++i) {
    const std::string at = "/drugs/" + std::to_string(i);
    DrugSeizure& d = o.drugs[i];
    if (std::find(std::begin(kDrugTypes), std::end(kDrugTypes), d.type) == std::end(kDrugTypes)) {
      return Invalid("must be cocaine, marijuana, heroin, methamphetamine, fentanyl or other",
                     at + "/type", "invalid_value");
    }
    if (!seen.insert(d.type).second) {
      return Invalid("drug type " + d.type + " is given twice", at + "/type", "duplicate",
                     {{"field", "type"}});
    }
    if (!std::isfinite(d.kg) || d.kg <= 0 || d.kg > kMaxKg) {
      return Invalid("must be a weight in kg above 0 and at most 100000", at + "/kg",
                     "invalid_value");
    }
  }
  if (o.arrests.size() > kMaxOutcomeEntries) {
    return Invalid("at most 50 nationalities", "/arrests", "too_many");
  }
  seen.clear();
  for (std::size_t i = 0; i < o.arrests.size(); ++i) {
    const std::string at = "/arrests/" + std::to_string(i);
    Arrests& a = o.arrests[i];
    ISTMO_ASSIGN_OR_RETURN(a.nationality,
                           directory.NormalizeNationality(a.nationality, at + "/nationality"));
    if (!seen.insert(a.nationality).second) {
      return Invalid("nationality " + a.nationality + " is given twice", at + "/nationality",
                     "duplicate", {{"field", "nationality"}});
    }
    if (a.count < 1 || a.count > 1000) {
      return Invalid("must be a whole number from 1 to 1000", at + "/count", "invalid_value");
    }
  }
  if (o.other_contraband.size() > kMaxOutcomeEntries) {
    return Invalid("at most 50 entries", "/other_contraband", "too_many");
  }
  for (std::size_t i = 0; i < o.other_contraband.size(); ++i) {
    const std::string at = "/other_contraband/" + std::to_string(i);
    const Contraband& x = o.other_contraband[i];
    ISTMO_RETURN_IF_ERROR(CheckLength(x.description, 1, 200, at + "/description"));
    if (x.quantity && (!std::isfinite(*x.quantity) || *x.quantity < 0)) {
      return Invalid("must be a number of at least 0", at + "/quantity", "invalid_value");
    }
  }
  if (!o.seized && (!o.drugs.empty() || !o.other_contraband.empty())) {
    return Invalid("drugs or contraband were recorded: seized must be true", "/seized",
                   "invalid_value");
  }
  return core::Ok();
}

core::Result<Case> OpenCase(store::Connection& tx, const store::AccessScope& scope, NewCase in,
                            core::Timestamp now) {
  if (!Worker(scope)) {
    return core::PermissionDenied("opening a case needs the officer, supervisor or admin role");
  }
  if (in.owner.id.empty()) in.owner = {scope.org_id, scope.org_name};
  const bool for_other = in.owner.id != scope.org_id;
  if (for_other && !scope.system && !Manager(scope)) {
    return core::PermissionDenied(
        "only supervisors and admins open a case for another organization");
  }
  ISTMO_RETURN_IF_ERROR(CheckLength(in.title, 1, 200, "/title"));
  ISTMO_RETURN_IF_ERROR(CheckLength(in.summary, 0, 4000, "/summary"));
  ISTMO_ASSIGN_OR_RETURN(auto targets, store::NormalizeReleasability(in.releasability));
  std::string releasability = store::EncodeReleasability(targets);
  // The organization that opened it for another keeps reading it.
  if (for_other && !scope.org_id.empty()) {
    ISTMO_ASSIGN_OR_RETURN(releasability, WithOrg(targets, scope.org_id));
  }
  if (in.alert_ids.size() > kMaxAlerts)
    return Invalid("at most 50 alerts", "/alert_ids", "too_many");
  if (in.mmsis.size() > kMaxMmsis) return Invalid("at most 50 vessels", "/mmsis", "too_many");
  for (std::size_t i = 0; i < in.mmsis.size(); ++i) {
    if (in.mmsis[i] == 0 || in.mmsis[i] > 999'999'999) {
      return Invalid("an MMSI is a number of up to nine digits", "/mmsis/" + std::to_string(i),
                     "invalid_value");
    }
  }
  Case k;
  k.id = core::NewId();
  ISTMO_ASSIGN_OR_RETURN(k.number, NextNumber(tx, in.owner, now));
  ISTMO_RETURN_IF_ERROR(
      tx.Exec("INSERT INTO maritime_cases (id, number, title, summary, owner_org, owner_org_name, "
              "releasability, status, opened_at, opened_by, updated_at, event_at) "
              "VALUES (?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, ?, ?)",
              {k.id, k.number, in.title, in.summary, in.owner.id, in.owner.name, releasability,
               Us(now), Actor(scope), Us(now), Us(now)}));
  std::vector<std::string> alert_ids;
  std::vector<std::uint32_t> vessels = in.mmsis;
  for (std::size_t i = 0; i < in.alert_ids.size(); ++i) {
    const std::string& alert_id = in.alert_ids[i];
    if (std::find(alert_ids.begin(), alert_ids.end(), alert_id) != alert_ids.end()) continue;
    const std::string field = "/alert_ids/" + std::to_string(i);
    auto escalated = store::EscalateAlerts(tx, scope, {alert_id}, k.id, now);
    if (!escalated) {
      core::Error e = escalated.error();
      if (e.code == core::ErrorCode::kNotFound) {
        return Invalid("no alert " + alert_id.substr(0, 40) + " that you may see", field,
                       "unknown_alert");
      }
      e.field = field;
      return e;
    }
    alert_ids.push_back(alert_id);
    ISTMO_RETURN_IF_ERROR(tx.Exec(
        "INSERT INTO maritime_case_alerts (case_id, alert_id) VALUES (?, ?)", {k.id, alert_id}));
    // The alert's vessels join the case: its subject ("mmsi:<mmsi>") and, for an encounter or
    // a rendezvous, the partner its detail names.
    const store::Alert& alert = escalated->front();
    if (alert.subject.rfind("mmsi:", 0) == 0) {
      if (auto mmsi = ParseMmsi(alert.subject.substr(5))) vessels.push_back(*mmsi);
    }
    const json detail = json::parse(alert.detail, nullptr, false);
    if (detail.is_object() && detail.contains("partner") && detail["partner"].is_number_unsigned()) {
      const auto partner = detail["partner"].get<std::uint64_t>();
      if (partner > 0 && partner <= 999'999'999) vessels.push_back(static_cast<std::uint32_t>(partner));
    }
  }
  for (std::uint32_t mmsi : vessels) {
    ISTMO_RETURN_IF_ERROR(tx.Exec(
        "INSERT INTO maritime_case_vessels (case_id, mmsi) VALUES (?, ?) ON CONFLICT DO NOTHING",
        {k.id, static_cast<std::int64_t>(mmsi)}));
  }
  json detail = {{"owner_org", in.owner.id}, {"alert_ids", alert_ids}};
  std::string note = in.title;
  if (for_other) note += " (assigned to " + in.owner.name + ")";
  ISTMO_RETURN_IF_ERROR(Record(tx, scope, k.id, now, "open", note, std::move(detail)));
  return GetCase(tx, scope, k.id, nullptr);
}

core::Result<Case> GetCase(store::Connection& c, const store::AccessScope& scope,
                           const std::string& id, const CrewDirectory* crew) {
  ISTMO_ASSIGN_OR_RETURN(Case k, VisibleCase(c, scope, id));
  std::vector<Case> one{std::move(k)};
  ISTMO_RETURN_IF_ERROR(LoadChildren(c, scope, one, /*timeline=*/true, crew));
  return std::move(one[0]);
}

core::Result<std::vector<Case>> ListCases(store::Connection& c, const store::AccessScope& scope,
                                          const CaseQuery& query, const CrewDirectory* crew) {
  store::VisibleSelect select{.columns = kColumns,
                              .table = "maritime_cases",
                              .alias = "k",
                              .order_by = "k.updated_at DESC, k.id DESC",
                              .limit = std::clamp(query.limit, 1, 500)};
  if (query.status) select.Where("k.status = ?", {std::string(CaseStatusName(*query.status))});
  if (!query.owner_org.empty()) select.Where("k.owner_org = ?", {query.owner_org});
  if (query.since) select.Where("k.updated_at >= ?", {Us(*query.since)});
  ISTMO_ASSIGN_OR_RETURN(auto rows, store::SelectVisible(c, scope, select));
  std::vector<Case> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back(CaseOfRow(r));
  ISTMO_RETURN_IF_ERROR(LoadChildren(c, scope, out, /*timeline=*/false, crew));
  return out;
}

core::Status UpdateCase(store::Connection& tx, const store::AccessScope& scope,
                        const std::string& id, const CasePatch& patch, core::Timestamp now) {
  ISTMO_ASSIGN_OR_RETURN(Case k, ForWork(tx, scope, id));
  const bool reopen =
      patch.status && k.status == CaseStatus::kClosed && *patch.status == CaseStatus::kOpen;
  if (!reopen) ISTMO_RETURN_IF_ERROR(NotClosed(k));
  bool changed = false;
  if (patch.title && *patch.title != k.title) {
    ISTMO_RETURN_IF_ERROR(CheckLength(*patch.title, 1, 200, "/title"));
    ISTMO_RETURN_IF_ERROR(
        tx.Exec("UPDATE maritime_cases SET title = ? WHERE id = ?", {*patch.title, id}));
    ISTMO_RETURN_IF_ERROR(
        Record(tx, scope, id, now, "edit", "title: " + *patch.title, {{"field", "title"}}));
    changed = true;
  }
  if (patch.summary && *patch.summary != k.summary) {
    ISTMO_RETURN_IF_ERROR(CheckLength(*patch.summary, 0, 4000, "/summary"));
    ISTMO_RETURN_IF_ERROR(
        tx.Exec("UPDATE maritime_cases SET summary = ? WHERE id = ?", {*patch.summary, id}));
    ISTMO_RETURN_IF_ERROR(Record(tx, scope, id, now, "edit", "summary", {{"field", "summary"}}));
    changed = true;
  }
  if (patch.status && *patch.status != k.status) {
    if (!CaseMoveAllowed(k.status, *patch.status)) {
      return Invalid("a case moves from " + std::string(CaseStatusName(k.status)) + " to " +
                         std::string(CaseStatusName(*patch.status)) +
                         " only through the "
                         "statuses of docs/maritime.md",
                     "/status", "invalid_transition",
                     {{"from", std::string(CaseStatusName(k.status))},
                      {"to", std::string(CaseStatusName(*patch.status))}});
    }
    if (reopen && !scope.system && !Manager(scope)) {
      return core::PermissionDenied("only supervisors and admins reopen a closed case");
    }
    const std::string from(CaseStatusName(k.status)), to(CaseStatusName(*patch.status));
    ISTMO_RETURN_IF_ERROR(tx.Exec("UPDATE maritime_cases SET status = ? WHERE id = ?", {to, id}));
    ISTMO_RETURN_IF_ERROR(
        Record(tx, scope, id, now, "status", from + " → " + to, {{"from", from}, {"to", to}}));
    k.status = *patch.status;
    changed = true;
  }
  if (patch.owner && patch.owner->id != k.owner_org) {
    if (!scope.system && !Manager(scope)) {
      return core::PermissionDenied(
          "only supervisors and admins of the owning organization reassign a case");
    }
    ISTMO_RETURN_IF_ERROR(NotClosed(k));
    ISTMO_ASSIGN_OR_RETURN(auto column, WithOrg(k.releasability, k.owner_org));
    ISTMO_RETURN_IF_ERROR(
        tx.Exec("UPDATE maritime_cases SET owner_org = ?, owner_org_name = ?, releasability = ? "
                "WHERE id = ?",
                {patch.owner->id, patch.owner->name, column, id}));
    ISTMO_RETURN_IF_ERROR(Record(tx, scope, id, now, "reassign",
                                 k.owner_org_name + " → " + patch.owner->name,
                                 {{"from", k.owner_org}, {"to", patch.owner->id}}));
    changed = true;
  }
  if (!changed) return Invalid("the patch changes nothing", "/", "no_change");
  return core::Ok();
}

core::Status AddCasePosition(store::Connection& tx, const store::AccessScope& scope,
                             const std::string& id, CasePosition p, core::Timestamp now) {
  ISTMO_ASSIGN_OR_RETURN(Case k, ForWork(tx, scope, id));
  ISTMO_RETURN_IF_ERROR(NotClosed(k));
  ISTMO_RETURN_IF_ERROR(NotFuture(p.t, now, "/t"));
  ISTMO_RETURN_IF_ERROR(CheckPosition(p.lat, p.lon, ""));
  ISTMO_RETURN_IF_ERROR(CheckLength(p.label, 0, 100, "/label"));
  ISTMO_ASSIGN_OR_RETURN(
      auto row, tx.QueryOne("SELECT COUNT(*), COALESCE(MAX(seq), 0) FROM maritime_case_positions "
                            "WHERE case_id = ?",
                            {id}));
  if (row && row->Int(0) >= kMaxPositions) {
    return Invalid("a case holds at most 500 positions", "/", "too_many", {{"max", "500"}});
  }
  ISTMO_RETURN_IF_ERROR(
      tx.Exec("INSERT INTO maritime_case_positions (case_id, seq, t, lat, lon, label) "
              "VALUES (?, ?, ?, ?, ?, ?)",
              {id, (row ? row->Int(1) : 0) + 1, Us(p.t), p.lat, p.lon, p.label}));
  std::string note = Fixed(p.lat) + ", " + Fixed(p.lon);
  if (!p.label.empty()) note = p.label + " (" + note + ")";
  return Record(tx, scope, id, now, "position", note,
                {{"t", core::FormatIso8601(p.t)}, {"lat", p.lat}, {"lon", p.lon}});
}

core::Status SetCaseOutcome(store::Connection& tx, const store::AccessScope& scope,
                            const std::string& id, CaseOutcome o, const CrewDirectory& directory,
                            core::Timestamp now) {
  ISTMO_ASSIGN_OR_RETURN(Case k, ForWork(tx, scope, id));
  ISTMO_RETURN_IF_ERROR(NotClosed(k));
  ISTMO_RETURN_IF_ERROR(ValidateOutcome(o, directory, now));
  const json stored = OutcomeJson(o);
  ISTMO_RETURN_IF_ERROR(tx.Exec(
      "UPDATE maritime_cases SET outcome = ?, event_at = ?, lat = ?, lon = ?, area = ? "
      "WHERE id = ?",
      {stored.dump(), Us(o.at.value_or(k.opened_at)), o.lat ? store::Value(*o.lat) : store::Null(),
       o.lon ? store::Value(*o.lon) : store::Null(), store::TextOrNull(o.area), id}));
  std::string note = std::string(o.boarded ? "boarded" : "not boarded") + ", " +
                     (o.seized ? "seized" : "nothing seized");
  if (o.TotalKg() > 0) note += ", " + Fixed(o.TotalKg()) + " kg";
  if (!o.area.empty()) note += ", " + o.area;
  return Record(tx, scope, id, now, "outcome", note, stored);
}

core::Status AddCaseCrew(store::Connection& tx, const store::AccessScope& scope,
                         const std::string& id, const std::string& encounter_id,
                         const CrewDirectory& directory, core::Timestamp now) {
  ISTMO_ASSIGN_OR_RETURN(Case k, ForWork(tx, scope, id));
  ISTMO_RETURN_IF_ERROR(NotClosed(k));
  ISTMO_ASSIGN_OR_RETURN(auto found, directory.Describe(tx, scope, {&encounter_id, 1}));
  if (!found.count(encounter_id)) {
    return Invalid("no encounter " + encounter_id.substr(0, 40) + " that you may see",
                   "/encounter_id", "unknown_encounter");
  }
  ISTMO_ASSIGN_OR_RETURN(auto linked,
                         tx.QueryOne("SELECT 1 FROM maritime_case_crew WHERE case_id = ? AND "
                                     "encounter_id = ?",
                                     {id, encounter_id}));
  if (linked) {
    return core::WithReason(
        core::Conflict("encounter " + encounter_id.substr(0, 40) + " is already in the crew",
                       "/encounter_id"),
        "duplicate", {{"field", "encounter_id"}});
  }
  ISTMO_RETURN_IF_ERROR(
      tx.Exec("INSERT INTO maritime_case_crew (case_id, encounter_id, added_at, added_by) "
              "VALUES (?, ?, ?, ?)",
              {id, encounter_id, Us(now), Actor(scope)}));
  // The timeline names the encounter, not the person: a reader who may not see the encounter
  // reads the timeline too.
  return Record(tx, scope, id, now, "crew_add", encounter_id, {{"encounter_id", encounter_id}});
}

core::Status RemoveCaseCrew(store::Connection& tx, const store::AccessScope& scope,
                            const std::string& id, const std::string& encounter_id,
                            core::Timestamp now) {
  ISTMO_ASSIGN_OR_RETURN(Case k, ForWork(tx, scope, id));
  ISTMO_RETURN_IF_ERROR(NotClosed(k));
  ISTMO_ASSIGN_OR_RETURN(auto removed,
                         tx.Exec("DELETE FROM maritime_case_crew WHERE case_id = ? AND "
                                 "encounter_id = ?",
                                 {id, encounter_id}));
  if (removed == 0) {
    return core::WithReason(
        core::NotFound("encounter " + encounter_id.substr(0, 40) + " is not in the crew",
                       "encounter_id"),
        "not_found", {{"object", "crew"}});
  }
  return Record(tx, scope, id, now, "crew_remove", encounter_id, {{"encounter_id", encounter_id}});
}

core::Status AddCaseNote(store::Connection& tx, const store::AccessScope& scope,
                         const std::string& id, const std::string& body, core::Timestamp now) {
  ISTMO_ASSIGN_OR_RETURN(Case k, ForWork(tx, scope, id));
  ISTMO_RETURN_IF_ERROR(CheckLength(body, 1, 2000, "/body"));
  return Record(tx, scope, id, now, "note", body, json::object());
}

namespace {

// The visible cases whose event time lies in [from, to), with their outcome.
core::Result<std::vector<std::pair<Case, std::int64_t>>> CasesInRange(
    store::Connection& c, const store::AccessScope& scope, core::Timestamp from, core::Timestamp to,
    bool positioned_only) {
  store::VisibleSelect select{.columns = std::string(kColumns) + ", k.event_at",
                              .table = "maritime_cases",
                              .alias = "k",
                              .order_by = "k.event_at, k.id"};
  select.Where("k.event_at >= ? AND k.event_at < ?", {Us(from), Us(to)});
  if (positioned_only) select.Where("k.lat IS NOT NULL AND k.lon IS NOT NULL");
  ISTMO_ASSIGN_OR_RETURN(auto rows, store::SelectVisible(c, scope, select));
  std::vector<std::pair<Case, std::int64_t>> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.emplace_back(CaseOfRow(r), r.Int(12));
  return out;
}

}  // namespace

core::Result<CaseStats> ComputeCaseStats(store::Connection& c, const store::AccessScope& scope,
                                         core::Timestamp from, core::Timestamp to) {
  ISTMO_ASSIGN_OR_RETURN(auto cases, CasesInRange(c, scope, from, to, false));
  std::map<std::string, CaseStats::Month> months;
  std::map<std::string, CaseStats::Area> areas;
  std::map<std::string, CaseStats::Drug> drugs;
  std::map<std::string, std::int64_t> arrests;
  for (const auto& [k, event_us] : cases) {
    const std::string month = PanamaMonth(FromUs(event_us));
    CaseStats::Month& m = months[month];
    m.month = month;
    ++m.cases;
    if (!k.outcome) continue;
    const CaseOutcome& o = *k.outcome;
    if (o.boarded || o.seized) ++m.interdictions;
    if (o.seized) ++m.seized;
    for (const auto& d : o.drugs) {
      m.kg[d.type] += d.kg;
      CaseStats::Drug& total = drugs[d.type];
      total.type = d.type;
      total.kg += d.kg;
      ++total.cases;
    }
    for (const auto& a : o.arrests) arrests[a.nationality] += a.count;
    if (!o.area.empty()) {
      CaseStats::Area& area = areas[o.area];
      area.area = o.area;
      ++area.cases;
      area.kg += o.TotalKg();
    }
  }
  CaseStats out;
  for (auto& [_, m] : months) out.months.push_back(std::move(m));
  for (const std::string& name : CaseAreas()) {
    if (auto it = areas.find(name); it != areas.end()) out.areas.push_back(it->second);
  }
  for (const char* type : kDrugTypes) {
    if (auto it = drugs.find(type); it != drugs.end()) out.drugs.push_back(it->second);
  }
  for (const auto& a : arrests) out.arrests.emplace_back(a.first, a.second);
  std::stable_sort(out.arrests.begin(), out.arrests.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  return out;
}

core::Result<std::vector<Case>> MappedCases(store::Connection& c, const store::AccessScope& scope,
                                            core::Timestamp from, core::Timestamp to) {
  ISTMO_ASSIGN_OR_RETURN(auto cases, CasesInRange(c, scope, from, to, true));
  std::vector<Case> out;
  out.reserve(cases.size());
  for (auto& [k, _] : cases) {
    if (k.outcome && k.outcome->lat && k.outcome->lon) out.push_back(std::move(k));
  }
  return out;
}

nlohmann::json CaseJson(const Case& k, bool with_timeline) {
  json positions = json::array(), crew = json::array();
  for (const CasePosition& p : k.positions) {
    positions.push_back(
        {{"t", core::FormatIso8601(p.t)}, {"lat", p.lat}, {"lon", p.lon}, {"label", p.label}});
  }
  for (const CrewLink& l : k.crew) {
    json m = {{"encounter_id", l.encounter_id}, {"visible", l.member.has_value()}};
    if (l.member) {
      m["name"] = l.member->name;
      m["nationality"] = l.member->nationality;
      m["station"] = l.member->station;
      m["registered_at"] = core::FormatIso8601(l.member->registered_at);
    }
    crew.push_back(std::move(m));
  }
  json j = {{"id", k.id},
            {"number", k.number},
            {"title", k.title},
            {"summary", k.summary},
            {"owner_org", k.owner_org},
            {"owner_org_name", k.owner_org_name},
            {"releasability", k.releasability},
            {"status", CaseStatusName(k.status)},
            {"opened_at", core::FormatIso8601(k.opened_at)},
            {"opened_by", k.opened_by},
            {"updated_at", core::FormatIso8601(k.updated_at)},
            {"alert_ids", k.alert_ids},
            {"mmsis", k.mmsis},
            {"positions", std::move(positions)},
            {"outcome", k.outcome ? OutcomeJson(*k.outcome) : json(nullptr)},
            {"crew", std::move(crew)}};
  if (with_timeline) {
    json timeline = json::array();
    for (const TimelineEntry& e : k.timeline) {
      json t = {{"t", core::FormatIso8601(e.t)}, {"user", e.user}, {"action", e.action}};
      if (!e.note.empty()) t["note"] = e.note;
      timeline.push_back(std::move(t));
    }
    j["timeline"] = std::move(timeline);
  }
  return j;
}

nlohmann::json CaseStatsJson(const CaseStats& s) {
  json months = json::array(), areas = json::array(), drugs = json::array(),
       arrests = json::array();
  for (const auto& m : s.months) {
    json kg = json::object();
    for (const auto& [type, v] : m.kg) kg[type] = v;
    months.push_back({{"month", m.month},
                      {"cases", m.cases},
                      {"interdictions", m.interdictions},
                      {"seized", m.seized},
                      {"kg", std::move(kg)}});
  }
  for (const auto& a : s.areas)
    areas.push_back({{"area", a.area}, {"cases", a.cases}, {"kg", a.kg}});
  for (const auto& d : s.drugs)
    drugs.push_back({{"type", d.type}, {"kg", d.kg}, {"cases", d.cases}});
  for (const auto& [nationality, count] : s.arrests) {
    arrests.push_back({{"nationality", nationality}, {"count", count}});
  }
  return {{"months", std::move(months)},
          {"areas", std::move(areas)},
          {"drugs", std::move(drugs)},
          {"arrests", std::move(arrests)}};
}

nlohmann::json CaseMapJson(const std::vector<Case>& cases) {
  json features = json::array();
  for (const Case& k : cases) {
    if (!k.outcome || !k.outcome->lat || !k.outcome->lon) continue;
    const CaseOutcome& o = *k.outcome;
    features.push_back({{"type", "Feature"},
                        {"id", k.id},
                        {"geometry", {{"type", "Point"}, {"coordinates", {*o.lon, *o.lat}}}},
                        {"properties",
                         {{"id", k.id},
                          {"number", k.number},
                          {"status", CaseStatusName(k.status)},
                          {"seized", o.seized},
                          {"kg", o.TotalKg()},
                          {"area", o.area},
                          {"at", core::FormatIso8601(o.at.value_or(k.opened_at))}}}});
  }
  return {{"type", "FeatureCollection"}, {"features", std::move(features)}};
}

}  // namespace istmo::maritime

#include "migration/repatriation.h"

#include <chrono>

#include <nlohmann/json.hpp>

#include "core/id.h"
#include "migration/encounters.h"
#include "migration/internal/util.h"
#include "store/outbox.h"

namespace istmo::migration {

namespace {

using namespace std::chrono;

constexpr const char* kCaseColumns =
    "k.id, k.created_at, k.updated_at, k.owner_org, k.releasability, k.person_id, "
    "k.encounter_id, k.name, k.nationality, k.legal_basis, k.status, k.flight_id, k.note";

RepatriationCase CaseFromRow(const store::Row& r) {
  RepatriationCase k;
  k.id = r.Text(0);
  k.created_at = core::ParseIso8601(r.Text(1)).value_or(core::Timestamp{});
  k.updated_at = core::ParseIso8601(r.Text(2)).value_or(core::Timestamp{});
  k.owner_org = r.Text(3);
  k.releasability = store::DecodeReleasability(r.Text(4));
  k.person_id = r.Text(5);
  k.encounter_id = r.Text(6);
  k.name = r.Text(7);
  k.nationality = r.Text(8);
  k.legal_basis = r.Text(9);
  k.status = r.Text(10);
  k.flight_id = r.Text(11);
  k.note = r.Text(12);
  k.eligible = k.legal_basis == "none" && k.status == "open";
  return k;
}

constexpr const char* kFlightColumns =
    "f.id, f.created_at, f.owner_org, f.releasability, f.flight_date, f.destination_country, "
    "f.capacity, f.status, (SELECT COUNT(*) FROM migration_cases m WHERE m.flight_id = f.id)";

Flight FlightFromRow(const store::Row& r) {
  Flight f;
  f.id = r.Text(0);
  f.created_at = core::ParseIso8601(r.Text(1)).value_or(core::Timestamp{});
  f.owner_org = r.Text(2);
  f.releasability = store::DecodeReleasability(r.Text(3));
  f.flight_date = r.Text(4);
  f.destination_country = r.Text(5);
  f.capacity = static_cast<int>(r.Int(6));
  f.status = r.Text(7);
  f.manifested = static_cast<int>(r.Int(8));
  return f;
}

bool CanChange(const store::AccessScope& scope) {
  return scope.Has(store::Role::kOfficer) || scope.Has(store::Role::kSupervisor);
}

core::Status CheckLegalBasis(const std::string& b) {
  if (b == "none" || b == "asylum_pending" || b == "recognized" || b == "other_status") {
    return core::Ok();
  }
  return core::WithReason(
      core::InvalidArgument(
          "must be none, asylum_pending, recognized or other_status, not '" + b.substr(0, 20) + "'",
          "/legal_basis"),
      "invalid_value");
}

// The records as the outbox carries them (store/outbox.h): every column. Never throws: text
// that is not UTF-8 is replaced, not refused.
nlohmann::json CaseBody(const RepatriationCase& k) {
  return {{"id", k.id},
          {"created_at", core::FormatIso8601(k.created_at)},
          {"updated_at", core::FormatIso8601(k.updated_at)},
          {"owner_org", k.owner_org},
          {"releasability", k.releasability},
          {"person_id", k.person_id},
          {"encounter_id", k.encounter_id},
          {"name", k.name},
          {"nationality", k.nationality},
          {"legal_basis", k.legal_basis},
          {"status", k.status},
          {"flight_id", k.flight_id},
          {"note", k.note}};
}

// The flight and the cases it now carries (a manifest or a status change moves them too).
nlohmann::json FlightBody(const Flight& f) {
  nlohmann::json cases = nlohmann::json::array();
  for (const RepatriationCase& k : f.manifest) cases.push_back(CaseBody(k));
  return {{"id", f.id},
          {"created_at", core::FormatIso8601(f.created_at)},
          {"owner_org", f.owner_org},
          {"releasability", f.releasability},
          {"flight_date", f.flight_date},
          {"destination_country", f.destination_country},
          {"capacity", f.capacity},
          {"status", f.status},
          {"cases", std::move(cases)}};
}

std::string Text(const nlohmann::json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// Records a change to flight `id` and the cases it carries, as they are once changed. The body
// is read with the system scope: a peer needs every case of the flight, not the actor's view.
core::Status RecordFlightChange(store::Connection& tx, const store::AccessScope& scope,
                                std::string action, const std::string& id, std::string detail,
                                core::Timestamp now);

// The owner may change a record it can see; others get kPermissionDenied.
core::Status CheckOwner(const store::AccessScope& scope, const std::string& owner_org,
                        const std::string& what) {
  if (scope.system || scope.org_id == owner_org) return core::Ok();
  return core::PermissionDenied("only the owning organization changes this " + what);
}

}  // namespace

core::Result<RepatriationCase> OpenCase(store::Connection& tx, const store::AccessScope& scope,
                                        NewCase in, core::Timestamp now) {
  if (!CanChange(scope)) return core::PermissionDenied("cases need the officer or supervisor role");
  if (in.encounter_id.empty()) {
    return core::WithReason(core::InvalidArgument("must not be empty", "/encounter_id"),
                            "required");
  }
  ISTMO_RETURN_IF_ERROR(CheckLegalBasis(in.legal_basis));
  ISTMO_RETURN_IF_ERROR(internal::CheckText(in.note, "/note", 2000, /*allow_empty=*/true));
  ISTMO_ASSIGN_OR_RETURN(auto releasability, store::NormalizeReleasability(in.releasability));
  auto encounter = GetEncounter(tx, scope, in.encounter_id);
  if (!encounter) {
    core::Error err = encounter.error();
    err.field = "/encounter_id";
    return err;
  }
  ISTMO_ASSIGN_OR_RETURN(auto existing, tx.QueryOne("SELECT id FROM migration_cases WHERE person_id = ?",
                                                    {encounter->person_id}));
  if (existing) {
    return core::WithReason(
        core::Conflict("this person already has case " + existing->Text(0), "/encounter_id"),
        "duplicate", {{"field", "encounter_id"}});
  }
  RepatriationCase k;
  k.id = core::NewId();
  k.created_at = k.updated_at = floor<milliseconds>(now);
  k.owner_org = scope.org_id;
  k.releasability = releasability;
  k.person_id = encounter->person_id;
  k.encounter_id = encounter->id;
  k.name = encounter->name;
  k.nationality = encounter->nationality;
  k.legal_basis = in.legal_basis;
  k.status = "open";
  k.note = in.note;
  k.eligible = k.legal_basis == "none";
  ISTMO_RETURN_IF_ERROR(tx.Exec(
      "INSERT INTO migration_cases (id, created_at, updated_at, owner_org, releasability, "
      "person_id, encounter_id, name, nationality, legal_basis, status, note) "
      "VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
      {k.id, core::FormatIso8601(k.created_at), core::FormatIso8601(k.updated_at), k.owner_org,
       store::EncodeReleasability(k.releasability), k.person_id, k.encounter_id, k.name,
       k.nationality, k.legal_basis, k.status, k.note}));
  ISTMO_RETURN_IF_ERROR(store::RecordChange(
      tx, scope,
      {.action = "migration.case.open",
       .object_type = "repatriation_case",
       .object_id = k.id,
       .detail = Text({{"legal_basis", k.legal_basis}}),
       .body = Text(CaseBody(k))},
      now));
  return k;
}

core::Result<RepatriationCase> GetCase(store::Connection& c, const store::AccessScope& scope,
                                       const std::string& id) {
  ISTMO_ASSIGN_OR_RETURN(auto row, store::SelectVisibleOne(c, scope,
                                                           {.columns = kCaseColumns,
                                                            .table = "migration_cases",
                                                            .alias = "k",
                                                            .where = {"k.id = ?"},
                                                            .params = {id}}));
  if (!row) {
    return core::WithReason(core::NotFound("no case " + id.substr(0, 40)), "not_found",
                            {{"object", "case"}});
  }
  return CaseFromRow(*row);
}

core::Result<RepatriationCase> UpdateCase(store::Connection& tx, const store::AccessScope& scope,
                                          const std::string& id, const CasePatch& patch,
                                          core::Timestamp now) {
  if (!CanChange(scope)) return core::PermissionDenied("cases need the officer or supervisor role");
  if (patch.legal_basis) ISTMO_RETURN_IF_ERROR(CheckLegalBasis(*patch.legal_basis));
  if (patch.note) ISTMO_RETURN_IF_ERROR(internal::CheckText(*patch.note, "/note", 2000, true));
  if (patch.status && *patch.status != "open" && *patch.status != "closed") {
    return core::WithReason(
        core::InvalidArgument(
            "may be set to open or closed by hand; flights set manifested and repatriated",
            "/status"),
        "invalid_value");
  }
  ISTMO_ASSIGN_OR_RETURN(RepatriationCase k, GetCase(tx, scope, id));
  ISTMO_RETURN_IF_ERROR(CheckOwner(scope, k.owner_org, "case"));
  if (k.status == "manifested" || k.status == "repatriated") {
    if (patch.status || patch.legal_basis) {
      return core::WithReason(core::Conflict("the case is " + k.status + " on flight " +
                                                 k.flight_id + "; cancel the flight first",
                                             patch.status ? "/status" : "/legal_basis"),
                              "not_open");
    }
  }
  if (patch.legal_basis) k.legal_basis = *patch.legal_basis;
  if (patch.status) k.status = *patch.status;
  if (patch.note) k.note = *patch.note;
  k.updated_at = floor<milliseconds>(now);
  k.eligible = k.legal_basis == "none" && k.status == "open";
  ISTMO_RETURN_IF_ERROR(tx.Exec(
      "UPDATE migration_cases SET legal_basis = ?, status = ?, note = ?, updated_at = ? WHERE id = ?",
      {k.legal_basis, k.status, k.note, core::FormatIso8601(k.updated_at), k.id}));
  ISTMO_RETURN_IF_ERROR(store::RecordChange(
      tx, scope,
      {.action = "migration.case.update",
       .object_type = "repatriation_case",
       .object_id = k.id,
       .detail = Text({{"legal_basis", k.legal_basis}, {"status", k.status}}),
       .body = Text(CaseBody(k))},
      now));
  return k;
}

core::Result<std::vector<RepatriationCase>> ListCases(store::Connection& c,
                                                      const store::AccessScope& scope,
                                                      const CaseQuery& q) {
  if (q.limit < 1 || q.limit > 1000) {
    return core::WithReason(core::InvalidArgument("must be 1..1000", "?limit"), "invalid_value");
  }
  store::VisibleSelect select{.columns = kCaseColumns,
                              .table = "migration_cases",
                              .alias = "k",
                              .order_by = "k.created_at, k.id",
                              .limit = q.limit};
  if (!q.status.empty()) select.Where("k.status = ?", {q.status});
  if (!q.nationality.empty()) select.Where("k.nationality = ?", {internal::Upper(q.nationality)});
  if (!q.person_id.empty()) select.Where("k.person_id = ?", {q.person_id});
  if (q.eligible_only) select.Where("k.legal_basis = 'none' AND k.status = 'open'");
  ISTMO_ASSIGN_OR_RETURN(auto rows, store::SelectVisible(c, scope, select));
  std::vector<RepatriationCase> out;
  for (const auto& r : rows) out.push_back(CaseFromRow(r));
  return out;
}

core::Result<Flight> CreateFlight(store::Connection& tx, const store::AccessScope& scope,
                                  NewFlight in, core::Timestamp now) {
  if (!CanChange(scope)) {
    return core::PermissionDenied("flights need the officer or supervisor role");
  }
  ISTMO_RETURN_IF_ERROR(internal::ParseDate(in.flight_date, "/flight_date"));
  in.destination_country = internal::Upper(in.destination_country);
  if (!internal::IsAlpha3(in.destination_country)) {
    return core::WithReason(
        core::InvalidArgument("must be an ISO 3166-1 alpha-3 code like \"COL\"",
                              "/destination_country"),
        "unknown_country", {{"value", in.destination_country.substr(0, 10)}});
  }
  if (in.capacity < 1 || in.capacity > 500) {
    return core::WithReason(core::InvalidArgument("must be 1..500 seats", "/capacity"),
                            "invalid_value");
  }
  ISTMO_ASSIGN_OR_RETURN(auto releasability, store::NormalizeReleasability(in.releasability));
  Flight f;
  f.id = core::NewId();
  f.created_at = floor<milliseconds>(now);
  f.owner_org = scope.org_id;
  f.releasability = releasability;
  f.flight_date = in.flight_date;
  f.destination_country = in.destination_country;
  f.capacity = in.capacity;
  f.status = "scheduled";
  ISTMO_RETURN_IF_ERROR(tx.Exec(
      "INSERT INTO migration_flights (id, created_at, owner_org, releasability, flight_date, "
      "destination_country, capacity, status) VALUES (?,?,?,?,?,?,?,?)",
      {f.id, core::FormatIso8601(f.created_at), f.owner_org,
       store::EncodeReleasability(f.releasability), f.flight_date, f.destination_country,
       static_cast<std::int64_t>(f.capacity), f.status}));
  ISTMO_RETURN_IF_ERROR(store::RecordChange(
      tx, scope,
      {.action = "migration.flight.create",
       .object_type = "repatriation_flight",
       .object_id = f.id,
       .detail = Text({{"date", f.flight_date},
                       {"destination", f.destination_country},
                       {"capacity", f.capacity}}),
       .body = Text(FlightBody(f))},
      now));
  return f;
}

core::Result<Flight> GetFlight(store::Connection& c, const store::AccessScope& scope,
                               const std::string& id) {
  ISTMO_ASSIGN_OR_RETURN(auto row, store::SelectVisibleOne(c, scope,
                                                           {.columns = kFlightColumns,
                                                            .table = "migration_flights",
                                                            .alias = "f",
                                                            .where = {"f.id = ?"},
                                                            .params = {id}}));
  if (!row) {
    return core::WithReason(core::NotFound("no flight " + id.substr(0, 40)), "not_found",
                            {{"object", "flight"}});
  }
  Flight f = FlightFromRow(*row);
  // The manifest lists the cases the caller may see; `manifested` counts them all (seats).
  ISTMO_ASSIGN_OR_RETURN(auto rows, store::SelectVisible(c, scope,
                                                         {.columns = kCaseColumns,
                                                          .table = "migration_cases",
                                                          .alias = "k",
                                                          .where = {"k.flight_id = ?"},
                                                          .params = {f.id},
                                                          .order_by = "k.created_at, k.id"}));
  for (const auto& r : rows) f.manifest.push_back(CaseFromRow(r));
  return f;
}

core::Result<std::vector<Flight>> ListFlights(store::Connection& c, const store::AccessScope& scope) {
  ISTMO_ASSIGN_OR_RETURN(auto rows, store::SelectVisible(c, scope,
                                                         {.columns = kFlightColumns,
                                                          .table = "migration_flights",
                                                          .alias = "f",
                                                          .order_by = "f.flight_date DESC, f.id",
                                                          .limit = 500}));
  std::vector<Flight> out;
  for (const auto& r : rows) out.push_back(FlightFromRow(r));
  return out;
}

core::Result<Flight> BuildManifest(store::Connection& tx, const store::AccessScope& scope,
                                   const std::string& flight_id, core::Timestamp now) {
  if (!CanChange(scope)) {
    return core::PermissionDenied("flights need the officer or supervisor role");
  }
  ISTMO_ASSIGN_OR_RETURN(Flight f, GetFlight(tx, scope, flight_id));
  ISTMO_RETURN_IF_ERROR(CheckOwner(scope, f.owner_org, "flight"));
  if (f.status != "scheduled") {
    return core::WithReason(
        core::Conflict("the flight is " + f.status + "; only a scheduled flight takes cases",
                       "/status"),
        "not_open");
  }
  const int seats = f.capacity - f.manifested;
  if (seats > 0) {
    ISTMO_ASSIGN_OR_RETURN(auto eligible,
                           ListCases(tx, scope, {.nationality = f.destination_country,
                                                 .eligible_only = true,
                                                 .limit = seats}));
    const std::string at = core::FormatIso8601(floor<milliseconds>(now));
    for (const RepatriationCase& k : eligible) {
      ISTMO_RETURN_IF_ERROR(tx.Exec(
          "UPDATE migration_cases SET status = 'manifested', flight_id = ?, updated_at = ? "
          "WHERE id = ? AND status = 'open' AND legal_basis = 'none'",
          {f.id, at, k.id}));
    }
    ISTMO_RETURN_IF_ERROR(RecordFlightChange(tx, scope, "migration.flight.manifest", f.id,
                                             Text({{"added", eligible.size()}}), now));
  }
  return GetFlight(tx, scope, flight_id);
}

core::Result<Flight> SetFlightStatus(store::Connection& tx, const store::AccessScope& scope,
                                     const std::string& flight_id, const std::string& status,
                                     core::Timestamp now) {
  if (!CanChange(scope)) {
    return core::PermissionDenied("flights need the officer or supervisor role");
  }
  if (status != "departed" && status != "cancelled") {
    return core::WithReason(core::InvalidArgument("must be departed or cancelled", "/status"),
                            "invalid_value");
  }
  ISTMO_ASSIGN_OR_RETURN(Flight f, GetFlight(tx, scope, flight_id));
  ISTMO_RETURN_IF_ERROR(CheckOwner(scope, f.owner_org, "flight"));
  if (f.status != "scheduled") {
    return core::WithReason(core::Conflict("the flight is already " + f.status, "/status"),
                            "not_open");
  }
  const std::string at = core::FormatIso8601(floor<milliseconds>(now));
  ISTMO_RETURN_IF_ERROR(
      tx.Exec("UPDATE migration_flights SET status = ? WHERE id = ?", {status, f.id}));
  if (status == "departed") {
    ISTMO_RETURN_IF_ERROR(tx.Exec(
        "UPDATE migration_cases SET status = 'repatriated', updated_at = ? WHERE flight_id = ?",
        {at, f.id}));
  } else {
    ISTMO_RETURN_IF_ERROR(tx.Exec(
        "UPDATE migration_cases SET status = 'open', flight_id = NULL, updated_at = ? "
        "WHERE flight_id = ?",
        {at, f.id}));
  }
  ISTMO_RETURN_IF_ERROR(RecordFlightChange(tx, scope, "migration.flight." + status, f.id,
                                           Text({{"cases", f.manifested}}), now));
  return GetFlight(tx, scope, flight_id);
}

namespace {

core::Status RecordFlightChange(store::Connection& tx, const store::AccessScope& scope,
                                std::string action, const std::string& id, std::string detail,
                                core::Timestamp now) {
  ISTMO_ASSIGN_OR_RETURN(Flight changed, GetFlight(tx, store::AccessScope::System(), id));
  ISTMO_RETURN_IF_ERROR(store::RecordChange(tx, scope,
                                            {.action = std::move(action),
                                             .object_type = "repatriation_flight",
                                             .object_id = id,
                                             .detail = std::move(detail),
                                             .body = Text(FlightBody(changed))},
                                            now));
  return core::Ok();
}

}  // namespace

}  // namespace istmo::migration

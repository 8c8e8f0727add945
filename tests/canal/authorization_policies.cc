// The canal routes' part of the authorization matrix (tests/app/authorization_matrix.h), from
// docs/canal.md: officers and analysts import, owning what they import; officers, analysts and
// supervisors read what is released to them; admins see nothing of the module. Records: one
// manifest line of every owner × releasability, each with its own container number and its own
// shipper (so that a container and a party are each visible exactly when that line is).
#include <map>
#include <string>
#include <vector>

#include "app/authorization_matrix.h"
#include "canal/codes.h"
#include "canal/inspections.h"
#include "canal/records.h"
#include "canal/risk.h"

namespace istmo::app::testing {
namespace {

constexpr const char* kContainer = "canal_container";  // canal/containers/{id}: a number
constexpr const char* kParty = "canal_party";          // canal/parties/{id}: the line's shipper
constexpr const char* kTransit = "canal_transit";      // canal/transits/{id}: a transit id
constexpr const char* kVessel = "canal_vessel";        // canal/vessels/{imo}: its vessel's IMO

// "MTXU" + a 6-digit serial + its ISO 6346 check digit.
std::string ContainerNumber(int serial) {
  char first_ten[16];
  std::snprintf(first_ten, sizeof first_ten, "MTXU%06d", serial % 1000000);
  return std::string(first_ten) + static_cast<char>('0' + *canal::Iso6346CheckDigit(first_ten));
}

// "93" + a 4-digit serial + its IMO check digit: vessels no registry knows, so that a vessel is
// visible exactly when its transit is.
std::string ImoNumber(int serial) {
  char first_six[8];
  std::snprintf(first_six, sizeof first_six, "93%04d", serial % 10000);
  int sum = 0;
  for (int i = 0; i < 6; ++i) sum += (first_six[i] - '0') * (7 - i);
  return std::string(first_six) + static_cast<char>('0' + sum % 10);
}

// One transit of every owner × releasability, each of its own vessel.
void MakeTransits(Matrix& m) {
  std::vector<Target> transits, vessels;
  int n = 0;
  for (const auto& rel : m.Releasabilities()) {
    for (const auth::Organization* owner : m.Owners()) {
      const std::vector<std::string> released = rel.second(*owner);
      const std::string imo = ImoNumber(++n);
      canal::ParsedTransits parsed;
      parsed.total = 1;
      parsed.lines.push_back({.transit_date = "2024-08-20",
                              .slot = "M" + std::to_string(n),
                              .vessel_imo = imo,
                              .vessel_name = "MATRIX " + std::to_string(n),
                              .direction = "northbound",
                              .lock_set = "panamax",
                              .last_port = "COBUN"});
      parsed.line_numbers.push_back(2);
      auto report = canal::ImportTransits(m.api().store(), Matrix::ScopeOf(*owner, Role::kAnalyst),
                                          std::move(parsed), {.releasability = released},
                                          m.api().clock().Now());
      EXPECT_TRUE(report && report->imported == 1);
      auto found = m.api().store().Read<std::vector<canal::Transit>>([&](store::Connection& c) {
        return canal::ListTransits(c, store::AccessScope::System(), {.vessel_imo = imo});
      });
      EXPECT_TRUE(found && found->size() == 1);
      const std::string label = " of " + owner->country + " " + rel.first;
      transits.push_back({.label = "transit" + label,
                          .kind = kTransit,
                          .id = found && !found->empty() ? (*found)[0].id : "",
                          .owner_org_id = owner->id,
                          .releasability = released});
      vessels.push_back({.label = "vessel" + label,
                         .kind = kVessel,
                         .id = imo,
                         .owner_org_id = owner->id,
                         .releasability = released});
    }
  }
  m.AddRecords(kTransit, std::move(transits));
  m.AddRecords(kVessel, std::move(vessels));
}

void MakeLines(Matrix& m) {
  std::vector<Target> containers, parties;
  int n = 0;
  for (const auto& rel : m.Releasabilities()) {
    for (const auth::Organization* owner : m.Owners()) {
      const std::vector<std::string> released = rel.second(*owner);
      const std::string number = ContainerNumber(++n);
      canal::ParsedManifest parsed;
      parsed.total = 1;
      parsed.lines.push_back({.bill_of_lading = "MTX" + std::to_string(n),
                              .container_number = number,
                              .shipper = {"Matrix Shipper " + std::to_string(n), ""},
                              .consignee = {"Matrix Consignee " + std::to_string(n), ""},
                              .hs_code = "0901",
                              .port_of_loading = "COBUN",
                              .port_of_discharge = "USMIA",
                              .weight_kg = 1000});
      parsed.line_numbers.push_back(2);
      auto report = canal::ImportManifest(m.api().store(), Matrix::ScopeOf(*owner, Role::kAnalyst),
                                          std::move(parsed), {.releasability = released},
                                          m.api().clock().Now());
      EXPECT_TRUE(report && report->imported == 1);
      auto lines =
          m.api().store().Read<std::vector<canal::ContainerLine>>([&](store::Connection& c) {
            return canal::ListContainerLines(c, store::AccessScope::System(),
                                             {.container_number = number});
          });
      EXPECT_TRUE(lines && lines->size() == 1);
      const std::string label = " of " + owner->country + " " + rel.first;
      containers.push_back({.label = "container" + label,
                            .kind = kContainer,
                            .id = number,
                            .owner_org_id = owner->id,
                            .releasability = released});
      parties.push_back({.label = "shipper" + label,
                         .kind = kParty,
                         .id = lines && !lines->empty() ? (*lines)[0].shipper.party_id : "",
                         .owner_org_id = owner->id,
                         .releasability = released});
    }
  }
  m.AddRecords(kContainer, std::move(containers));
  m.AddRecords(kParty, std::move(parties));
  MakeTransits(m);
}

// A record route: readers see it exactly when it is released to them, else 404.
std::function<Expect(const Caller&, const Target&)> ReadRecord(const char* id_key) {
  return [id_key](const Caller& c, const Target& t) {
    if (auto d = Denied(c, {Role::kOfficer, Role::kAnalyst, Role::kSupervisor})) return *d;
    if (!Matrix::Releasable(t, c)) return Expect{.status = 404};  // hidden looks absent
    return Expect{.status = 200, .check = [t, id_key](const Reply& r) {
                    return r.body_json.value(id_key, "") == t.id ? "" : "another record returned";
                  }};
  };
}

std::function<std::string(const Caller&, const Reply&)> OwnedImport() {
  return [](const Caller&, const Reply& r) {
    return r.body_json.value("imported", -1) + r.body_json.value("unchanged", -1) == 1
               ? ""
               : "the line was not imported";
  };
}


// ---- Inspections (docs/canal.md, "Inspections and yield") ----
// Units are their organization's own; inspections are owned and released as their line. Readers
// (officers, analysts, supervisors) see what is released to them; writes are the owner's:
// supervisors make units, queue, assign and cancel; officers record a result; another
// organization's record looks absent to a write (404) whether or not it may read it.
constexpr const char* kInspection = "canal_inspection";             // queued: read, assigned
constexpr const char* kInspectionToCancel = "canal_inspection_cancel";  // queued: cancelled
constexpr const char* kInspectionToRecord = "canal_inspection_record";  // assigned: a result
constexpr const char* kUnit = "canal_unit";                         // one unit of each owner
constexpr const char* kPort = "canal_port";                         // a port of the lines

// Per owner: the active unit that inspections are assigned to (not a PUT target, which may
// rename it).
std::map<std::string, std::string>& AssignUnits() {
  static std::map<std::string, std::string> units;
  return units;
}

int next_serial = 500000;

// A manifest line of `owner`, released as `released`; its id.
std::string MakeLine(Matrix& m, const auth::Organization& owner,
                     const std::vector<std::string>& released) {
  const int n = ++next_serial;
  const std::string number = ContainerNumber(n);
  canal::ParsedManifest parsed;
  parsed.total = 1;
  parsed.lines.push_back({.bill_of_lading = "INS" + std::to_string(n),
                          .container_number = number,
                          .shipper = {"Inspected Shipper " + std::to_string(n), ""},
                          .consignee = {"Inspected Consignee", ""},
                          .hs_code = "0803",
                          .port_of_loading = "COBUN",
                          .port_of_discharge = "USMIA",
                          .weight_kg = 1000});
  parsed.line_numbers.push_back(2);
  auto report = canal::ImportManifest(m.api().store(), Matrix::ScopeOf(owner, Role::kAnalyst),
                                      std::move(parsed), {.releasability = released},
                                      m.api().clock().Now());
  EXPECT_TRUE(report && report->imported == 1);
  auto lines = m.api().store().Read<std::vector<canal::ContainerLine>>([&](store::Connection& c) {
    return canal::ListContainerLines(c, store::AccessScope::System(),
                                     {.container_number = number});
  });
  return lines && lines->size() == 1 ? (*lines)[0].id : "";
}

std::string MakeUnit(Matrix& m, const auth::Organization& owner, const std::string& name) {
  auto u = m.api().store().Write<canal::Unit>([&](store::Connection& tx) {
    return canal::CreateUnit(tx, Matrix::ScopeOf(owner, Role::kSupervisor), name, "",
                             m.api().clock().Now());
  });
  EXPECT_TRUE(u) << u.error().ToString();
  return u ? u->id : "";
}

void MakeInspections(Matrix& m) {
  std::vector<Target> units;
  for (const auth::Organization* owner : m.Owners()) {
    AssignUnits()[owner->id] = MakeUnit(m, *owner, "Matrix assigned unit");
    units.push_back({.label = "unit of " + owner->country,
                     .kind = kUnit,
                     .id = MakeUnit(m, *owner, "Matrix unit"),
                     .owner_org_id = owner->id});
  }
  m.AddRecords(kUnit, std::move(units));
  for (const char* kind : {kInspection, kInspectionToCancel, kInspectionToRecord}) {
    std::vector<Target> targets;
    for (const auto& rel : m.Releasabilities()) {
      for (const auth::Organization* owner : m.Owners()) {
        const std::vector<std::string> released = rel.second(*owner);
        const std::string line = MakeLine(m, *owner, released);
        const store::AccessScope supervisor = Matrix::ScopeOf(*owner, Role::kSupervisor);
        auto x = m.api().store().Write<canal::Inspection>(
            [&](store::Connection& tx) -> core::Result<canal::Inspection> {
              ISTMO_ASSIGN_OR_RETURN(auto queued,
                                     canal::QueueInspection(tx, supervisor, {.line_id = line},
                                                            m.api().clock().Now()));
              if (kind != kInspectionToRecord) return queued;
              return canal::AssignInspection(tx, supervisor, queued.id, AssignUnits()[owner->id],
                                             m.api().clock().Now());
            });
        EXPECT_TRUE(x) << x.error().ToString();
        targets.push_back({.label = std::string("inspection of ") + owner->country + " " +
                                    rel.first,
                           .kind = kind,
                           .id = x ? x->id : "",
                           .owner_org_id = owner->id,
                           .releasability = released});
      }
    }
    m.AddRecords(kind, std::move(targets));
  }
  m.AddRecords(kPort, {{.label = "port COBUN", .kind = kPort, .id = "COBUN"}});
}

// A write of the owning organization: `roles` of the owner get `status`; a record of another
// organization looks absent, released to the caller or not.
std::function<Expect(const Caller&, const Target&)> OwnerWrite(std::initializer_list<Role> roles,
                                                               int status) {
  std::vector<Role> allowed(roles);
  return [allowed, status](const Caller& c, const Target& t) {
    if (!IsAuthenticated(c)) return Expect{.status = 401};
    bool has = false;
    for (Role r : allowed) has = has || c.role == r;
    if (!has) return Expect{.status = 403};
    if (t.owner_org_id != c.org_id) return Expect{.status = 404};
    return Expect{.status = status, .check = [t](const Reply& r) {
                    return r.body_json.value("id", "") == t.id ? "" : "another record returned";
                  }};
  };
}

// The list of inspections holds only records releasable to the caller.
std::string InspectionsReleasable(const Caller& c, const Reply& r) {
  Reply items = r;
  items.body_json = {{"items", r.body_json["inspections"]}};
  return AllItemsReleasable(c, items);
}

void AddInspectionPolicies(Matrix& m, Policies& p) {
  const auto kReaders = {Role::kOfficer, Role::kAnalyst, Role::kSupervisor};
  const auto kSupervisors = {Role::kSupervisor};
  p["GET /api/v1/canal/units"] = {
      .expect = Allow(kReaders, 200, [](const Caller& c, const Reply& r) -> std::string {
        for (const auto& u : r.body_json["units"]) {
          if (u.value("owner_org", "") != c.org_id) return "lists a unit of another organization";
        }
        return r.body_json["units"].empty() ? "none listed" : "";
      })};
  p["POST /api/v1/canal/units"] = {
      .expect = Allow(kSupervisors, 201,
                      [](const Caller& c, const Reply& r) {
                        return r.body_json.value("owner_org", "") == c.org_id
                                   ? ""
                                   : "made for another organization";
                      }),
      .body = [](const Caller& c, const Target&) {
        return json{{"name", "Unit of " + c.label}}.dump();
      }};
  p["PUT /api/v1/canal/units/{id}"] = {
      .targets = {kUnit},
      .expect = OwnerWrite(kSupervisors, 200),
      .body = [](const Caller& c, const Target&) {
        return json{{"name", "Renamed by " + c.label}}.dump();
      }};
  p["GET /api/v1/canal/inspections"] = {.expect = Allow(kReaders, 200, InspectionsReleasable)};
  p["POST /api/v1/canal/inspections"] = {
      .expect = Allow(kSupervisors, 201,
                      [](const Caller& c, const Reply& r) {
                        return r.body_json.value("owner_org", "") == c.org_id &&
                                       r.body_json.value("selection", "") == "manual"
                                   ? ""
                                   : "not queued by hand for the caller's organization";
                      }),
      .body = [&m](const Caller& c, const Target&) {
        // A fresh line of the caller's organization per call (a line has one inspection).
        const auth::Organization& org = c.org_id == m.usa().id ? m.usa() : m.pan();
        return json{{"line_id", MakeLine(m, org, {})}}.dump();
      }};
  p["GET /api/v1/canal/inspections/{id}"] = {.targets = {kInspection},
                                             .expect = ReadRecord("id")};
  p["POST /api/v1/canal/inspections/{id}/assign"] = {
      .targets = {kInspection},
      .expect = OwnerWrite(kSupervisors, 200),
      .body = [](const Caller&, const Target& t) {
        return json{{"unit_id", AssignUnits()[t.owner_org_id]}}.dump();
      }};
  p["POST /api/v1/canal/inspections/{id}/cancel"] = {
      .targets = {kInspectionToCancel},
      .expect = OwnerWrite(kSupervisors, 200),
      .body = [](const Caller&, const Target&) {
        return json{{"reason", "left on an earlier vessel"}}.dump();
      }};
  // The owner's officer records the result; the owner's supervisor, called after the officer
  // (callers run in store::AllRoles() order), corrects it with a reason.
  p["POST /api/v1/canal/inspections/{id}/result"] = {
      .targets = {kInspectionToRecord},
      .expect = OwnerWrite({Role::kOfficer, Role::kSupervisor}, 200),
      .body = [](const Caller& c, const Target&) {
        json r = {{"scan_result", "anomaly"},
                  {"physical_exam", "done"},
                  {"seal_check", "broken"},
                  {"result", "positive"},
                  {"drugs", {{{"type", "cocaine"}, {"kg", 100}}}}};
        if (c.role == Role::kSupervisor) {
          r["drugs"][0]["kg"] = 98.5;
          r["correction_reason"] = "weighed again";
        }
        return r.dump();
      }};
  p["GET /api/v1/canal/yield"] = {
      .expect = Allow(kReaders, 200, [](const Caller&, const Reply& r) {
        return r.body_json.contains("baseline") ? "" : "no baseline";
      })};
  p["GET /api/v1/canal/history/parties/{party_id}"] = {.targets = {kParty},
                                                       .expect = ReadRecord("party_id")};
  p["GET /api/v1/canal/history/ports/{locode}"] = {
      .targets = {kPort},
      .expect = Allow(kReaders, 200, [](const Caller&, const Reply& r) {
        // Every reader sees the lines released to ALL, which load at COBUN.
        return r.body_json.value("locode", "") == "COBUN" && r.body_json.value("lines", 0) > 0
                   ? ""
                   : "not the port's history";
      })};
  p["GET /api/v1/canal/dashboard"] = {
      .expect = Allow(kReaders, 200, [](const Caller&, const Reply& r) {
        return r.body_json.contains("queue") ? "" : "no queue";
      })};
}

void AddPolicies(Matrix& m, Policies& p) {
  const auto kReaders = {Role::kOfficer, Role::kAnalyst, Role::kSupervisor};
  const auto kWriters = {Role::kOfficer, Role::kAnalyst};
  p["POST /api/v1/canal/manifests"] = {
      .expect = Allow(kWriters, 201, OwnedImport()), .body = [](const Caller& c, const Target&) {
        return json{{"lines",
                     {{{"bill_of_lading", "MTX-" + c.label.substr(0, 3)},
                       {"container_number", ContainerNumber(999999)},
                       {"shipper", {{"name", "Matrix Import Shipper"}}},
                       {"consignee", {{"name", "Matrix Import Consignee"}}},
                       {"hs_code", "0901"},
                       {"port_of_loading", "COBUN"},
                       {"port_of_discharge", "USMIA"},
                       {"weight_kg", 10}}}}}
            .dump();
      }};
  p["POST /api/v1/canal/transits"] = {.expect = Allow(kWriters, 201, OwnedImport()),
                                      .body = [](const Caller&, const Target&) {
                                        return json{{"transits",
                                                     {{{"transit_date", "2024-08-20"},
                                                       {"slot", "N01"},
                                                       {"vessel_imo", "9074729"},
                                                       {"vessel_name", "MATRIX"},
                                                       {"direction", "northbound"},
                                                       {"lock_set", "neopanamax"}}}}}
                                            .dump();
                                      }};
  // Lists: every item releasable to the caller; the matrix's own lines as many as are.
  p["GET /api/v1/canal/containers"] = {
      .expect = Allow(kReaders, 200, [](const Caller& c, const Reply& r) -> std::string {
        const std::string leak = AllItemsReleasable(c, r);
        if (!leak.empty()) return leak;
        // Every reader sees at least the lines released to ALL.
        return r.body_json["items"].empty() ? "none listed" : "";
      })};
  p["GET /api/v1/canal/transits"] = {.expect = Allow(kReaders, 200, AllItemsReleasable)};
  p["GET /api/v1/canal/containers/{id}"] = {.targets = {kContainer},
                                            .expect = ReadRecord("container_number")};
  p["GET /api/v1/canal/parties/{id}"] = {.targets = {kParty}, .expect = ReadRecord("id")};
  AddInspectionPolicies(m, p);
  p["GET /api/v1/canal/transits/{id}"] = {.targets = {kTransit}, .expect = ReadRecord("id")};
  p["GET /api/v1/canal/vessels/{imo}"] = {.targets = {kVessel}, .expect = ReadRecord("imo")};
}

// ---- Risk selection (canal/risk.h; docs/canal.md, "Scores and lanes"): analysts of the owner
// write lists and rules (another organization's releasable record 403, a hidden one 404);
// supervisors set their organization's lanes; analysts and supervisors score; officers, analysts
// and supervisors read what is released to them. Records: one rule and one list of every owner ×
// releasability.

constexpr const char* kRule = "canal_rule";
constexpr const char* kList = "canal_list";

void MakeRiskRecords(Matrix& m) {
  std::vector<Target> rules, lists;
  int n = 0;
  for (const auto& rel : m.Releasabilities()) {
    for (const auth::Organization* owner : m.Owners()) {
      const std::vector<std::string> released = rel.second(*owner);
      const store::AccessScope scope = Matrix::ScopeOf(*owner, Role::kAnalyst);
      const std::string suffix = std::to_string(++n);
      auto rule = canal::CreateRule(m.api().store(), scope,
                                    {.name = "matrix rule " + suffix,
                                     .expression = "weight_kg > 100000",
                                     .weight = 10,
                                     .explanation_es = "matriz",
                                     .explanation_en = "matrix",
                                     .releasability = released},
                                    m.api().clock().Now());
      auto list = canal::CreateList(m.api().store(), scope,
                                    {.name = "matrix_list_" + suffix,
                                     .kind = "ports",
                                     .items = {"COBUN"},
                                     .releasability = released},
                                    m.api().clock().Now());
      EXPECT_TRUE(rule && list);
      const std::string label = " of " + owner->country + " " + rel.first;
      rules.push_back({.label = "rule" + label,
                       .kind = kRule,
                       .id = rule ? rule->id : "",
                       .owner_org_id = owner->id,
                       .releasability = released});
      lists.push_back({.label = "list" + label,
                       .kind = kList,
                       .id = list ? list->id : "",
                       .owner_org_id = owner->id,
                       .releasability = released});
    }
  }
  m.AddRecords(kRule, std::move(rules));
  m.AddRecords(kList, std::move(lists));
}

void MakeRecords(Matrix& m) {
  MakeLines(m);
  MakeInspections(m);
  MakeRiskRecords(m);
}

// Every element of the answer's array `key` is releasable to the caller.
std::function<std::string(const Caller&, const Reply&)> AllReleasable(const char* key) {
  return [key](const Caller& c, const Reply& r) -> std::string {
    for (const auto& item : r.body_json[key]) {
      Target t{.owner_org_id = item.value("owner_org", "")};
      for (const auto& x : item["releasability"]) t.releasability.push_back(x.get<std::string>());
      if (!Matrix::Releasable(t, c)) return std::string(key) + ": a record not releasable";
    }
    return "";
  };
}

void AddRiskPolicies(Policies& p) {
  const auto kReaders = {Role::kOfficer, Role::kAnalyst, Role::kSupervisor};
  const std::string base = "/api/v1/canal";
  const auto read = [](const char* kind) {
    return [kind](const Caller& c, const Target& t) {
      if (auto d = Denied(c, {Role::kOfficer, Role::kAnalyst, Role::kSupervisor})) return *d;
      if (t.kind != kind || !Matrix::Releasable(t, c)) return Expect{.status = 404};
      return Expect{.status = 200, .check = [t](const Reply& r) {
                      return r.body_json.value("id", "") == t.id ? "" : "another record returned";
                    }};
    };
  };
  // An analyst writer: hidden or absent 404, another organization's 403.
  const auto write = [](const Caller& c, const Target& t) {
    if (auto d = Denied(c, {Role::kAnalyst})) return *d;
    if (t.kind == kAbsent || !Matrix::Releasable(t, c)) return Expect{.status = 404};
    if (t.owner_org_id != c.org_id) return Expect{.status = 403};
    return Expect{.status = 200};
  };
  const auto owned = [](const Caller& c, const Reply& r) -> std::string {
    return r.body_json.value("owner_org", "") == c.org_id ? "" : "not owned by the caller's org";
  };
  const auto unique = [](const char* prefix) {
    return [prefix](const Caller&, const Target&) {
      static int n = 0;
      return std::string(prefix) + std::to_string(++n);
    };
  };
  p["GET " + base + "/fields"] = {.expect = Allow(kReaders, 200)};
  p["GET " + base + "/lists"] = {.expect = Allow(kReaders, 200, AllReleasable("lists"))};
  p["GET " + base + "/rules"] = {.expect = Allow(kReaders, 200, AllReleasable("rules"))};
  p["GET " + base + "/scores"] = {.expect = Allow(kReaders, 200, AllReleasable("containers"))};
  p["GET " + base + "/lanes"] = {.expect = Allow(kReaders, 200)};
  p["GET " + base + "/lists/{id}"] = {.targets = {kList, kAbsent}, .expect = read(kList)};
  p["GET " + base + "/rules/{id}"] = {.targets = {kRule, kAbsent}, .expect = read(kRule)};
  p["POST " + base + "/rules/check"] = {.expect = Allow(kReaders, 200),
                                        .body = [](const Caller&, const Target&) {
                                          return json{{"expression", "weight_kg > 1"}}.dump();
                                        }};
  // Weights from yield (canal/weights.h): the caller's organization's active rules, for the
  // analysts who edit them and the supervisors who answer for the lanes.
  p["GET " + base + "/rules/suggestions"] = {
      .expect = Allow({Role::kAnalyst, Role::kSupervisor}, 200,
                      [](const Caller&, const Reply& r) -> std::string {
                        if (!r.body_json.contains("baseline")) return "no baseline";
                        return r.body_json.value("min_inspected", 0) == 30 ? "" : "not the default";
                      })};
  p["POST " + base + "/lists"] = {
      .expect = Allow({Role::kAnalyst}, 201, owned),
      .body = [name = unique("matrix_new_list_")](const Caller& c, const Target& t) {
        return json{{"name", name(c, t)}, {"kind", "ports"}, {"items", {"COBUN"}}}.dump();
      }};
  p["POST " + base + "/rules"] = {
      .expect = Allow({Role::kAnalyst}, 201, owned),
      .body = [name = unique("matrix new rule ")](const Caller& c, const Target& t) {
        return json{{"name", name(c, t)},
                    {"expression", "weight_kg > 1"},
                    {"weight", 5},
                    {"explanation", {{"es", "m"}, {"en", "m"}}}}
            .dump();
      }};
  p["PUT " + base + "/lists/{id}"] = {
      .targets = {kList, kAbsent}, .expect = write, .body = [](const Caller&, const Target&) {
        return json{{"items", {"COBUN", "ECGYE"}}}.dump();
      }};
  p["PUT " + base + "/rules/{id}"] = {
      .targets = {kRule, kAbsent}, .expect = write, .body = [](const Caller&, const Target&) {
        return json{{"weight", 11}}.dump();
      }};
  p["POST " + base + "/rules/{id}/retire"] = {
      .targets = {kRule, kAbsent}, .expect = write, .body = [](const Caller&, const Target&) {
        return json{{"reason", "matrix"}}.dump();
      }};
  p["POST " + base + "/rules/{id}/reactivate"] = {.targets = {kRule, kAbsent}, .expect = write};
  p["PUT " + base + "/lanes"] = {
      .expect = Allow({Role::kSupervisor}, 200), .body = [](const Caller&, const Target&) {
        return json{{"red_rate", 0.01}, {"yellow_rate", 0.03}, {"random_rate", 0.01}}.dump();
      }};
  p["POST " + base + "/score"] = {.expect = Allow({Role::kAnalyst, Role::kSupervisor}, 200),
                                  .body = [](const Caller&, const Target&) { return "{}"; }};
}

void AddAllPolicies(Matrix& m, Policies& p) {
  AddPolicies(m, p);
  AddRiskPolicies(p);
}

[[maybe_unused]] const bool kRegistered =
    RegisterMatrixModule({.name = "canal", .populate = MakeRecords, .policies = AddAllPolicies});

}  // namespace
}  // namespace istmo::app::testing

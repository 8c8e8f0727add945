// The canal routes' part of the authorization matrix (tests/app/authorization_matrix.h), from
// docs/canal.md: officers and analysts import, owning what they import; officers, analysts and
// supervisors read what is released to them; admins see nothing of the module. Records: one
// manifest line of every owner × releasability, each with its own container number and its own
// shipper (so that a container and a party are each visible exactly when that line is).
#include <string>
#include <vector>

#include "app/authorization_matrix.h"
#include "canal/codes.h"
#include "canal/records.h"

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

void AddPolicies(Matrix&, Policies& p) {
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
  p["GET /api/v1/canal/transits/{id}"] = {.targets = {kTransit}, .expect = ReadRecord("id")};
  p["GET /api/v1/canal/vessels/{imo}"] = {.targets = {kVessel}, .expect = ReadRecord("imo")};
}

[[maybe_unused]] const bool kRegistered =
    RegisterMatrixModule({.name = "canal", .populate = MakeLines, .policies = AddPolicies});

}  // namespace
}  // namespace istmo::app::testing

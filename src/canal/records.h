// canal/records.h — manifests and transit schedules in the store: imports, container lines,
// parties and transits (tables of migration module "canal"; canal/schema.cc).
//
// Every record is owned by the importing organization and released as the import says
// (store/scope.h); every read takes the caller's scope and filters in SQL, hidden records look
// absent. An import is one transaction: its accepted lines are all written or none is.
//
// Idempotence: a manifest line is identified by (owning organization, bill of lading, container
// number), a transit by (owning organization, transit date, slot, vessel IMO). Importing the same
// line again changes nothing and counts as "unchanged"; the same key with other fields is
// rejected (the first version stands: correcting a line is a later feature, not a re-import).
//
// Parties are shared across organizations by their key (canal/parties.h), so that history
// links across spellings and importers; what a caller sees of a party is only what the lines
// released to them say.
//
// Thread-safety: functions on a store::Store or a Connection, as store.h says.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "canal/manifest.h"
#include "canal/transits.h"
#include "core/result.h"
#include "core/time.h"
#include "store/scope.h"
#include "store/store.h"

namespace istmo::canal {

// The module's schema changes (module "canal"), for store::Store::Open.
std::vector<store::Migration> Migrations();

struct ImportOptions {
  // Where the imported records may be shown besides their owner (store/scope.h targets).
  std::vector<std::string> releasability;
  // The file name or "api", kept with the import.
  std::string source = "api";
};

struct ImportReport {
  std::string import_id;
  std::int64_t lines = 0;       // data lines read
  std::int64_t imported = 0;    // new records written
  std::int64_t unchanged = 0;   // lines identical to a record imported before
  std::vector<Reject> rejects;  // the parser's and the import's, by line
};

// Writes the parsed lines owned by the caller's organization. kPermissionDenied unless the
// caller is an officer or an analyst (or the system scope acting for an organization);
// kInvalidArgument for a bad releasability (field "/releasability/<i>").
core::Result<ImportReport> ImportManifest(store::Store& store, const store::AccessScope& scope,
                                          ParsedManifest parsed, const ImportOptions& options,
                                          core::Timestamp now);
core::Result<ImportReport> ImportTransits(store::Store& store, const store::AccessScope& scope,
                                          ParsedTransits parsed, const ImportOptions& options,
                                          core::Timestamp now);

struct PartyRef {
  std::string party_id;
  std::string name;     // as written on this line
  std::string address;  // as written on this line
};

// One container on one bill of lading, as imported.
struct ContainerLine {
  std::string id;
  core::Timestamp created_at;
  std::string owner_org;
  std::vector<std::string> releasability;
  std::string import_id;
  std::int64_t line = 0;  // line (or item) of the imported file
  std::string bill_of_lading;
  std::string container_number;
  std::vector<std::string> seals;
  PartyRef shipper;
  PartyRef consignee;
  std::optional<PartyRef> notify;
  std::string hs_code;
  std::string port_of_loading;
  std::string port_of_discharge;
  std::vector<std::string> transshipment_ports;
  double weight_kg = 0;
  std::optional<double> declared_value;
  std::string currency;
  std::string vessel_imo;  // "" when the manifest did not name the vessel
  std::string voyage;
};

struct ContainerQuery {
  std::string container_number;  // exact, normalized
  std::string bill_of_lading;    // exact, normalized
  std::string party_id;          // as shipper, consignee or notify party
  std::string hs_code;           // prefix: "09" matches every code of chapter 09
  std::string port;              // UN/LOCODE as loading, discharge or transshipment port
  std::string import_id;
  std::int64_t limit = 100;  // 1..1000
  std::string after;         // a line id: continue after it (ids sort by creation)
};

// Visible lines matching every set filter, oldest first.
core::Result<std::vector<ContainerLine>> ListContainerLines(store::Connection& c,
                                                            const store::AccessScope& scope,
                                                            const ContainerQuery& query);

// A container number and every visible manifest line that carried it, oldest first.
// kNotFound when the caller sees none.
struct Container {
  std::string container_number;
  std::string owner_code;  // "CSQ"
  char category = 'U';
  std::vector<ContainerLine> lines;
};
core::Result<Container> GetContainer(store::Connection& c, const store::AccessScope& scope,
                                     const std::string& container_number);

// One visible manifest line by its id; kNotFound when hidden or absent.
core::Result<ContainerLine> GetContainerLine(store::Connection& c, const store::AccessScope& scope,
                                             const std::string& line_id);

struct PartySpelling {
  std::string name;
  std::string address;
  std::int64_t lines = 0;  // visible lines with this spelling
};
struct PartyHistory {
  std::string id;
  std::string key;                       // canal/parties.h
  std::vector<PartySpelling> spellings;  // most used first
  std::vector<std::string> containers;   // distinct container numbers of its visible lines
  std::int64_t lines = 0;                // visible lines naming the party in any role
};
// kNotFound when no line the caller may see names the party.
core::Result<PartyHistory> GetParty(store::Connection& c, const store::AccessScope& scope,
                                    const std::string& party_id);

struct Transit {
  std::string id;
  core::Timestamp created_at;
  std::string owner_org;
  std::vector<std::string> releasability;
  std::string import_id;
  TransitLine fields;
};
struct TransitQuery {
  std::string from;  // YYYY-MM-DD, inclusive; "" for no bound
  std::string to;    // YYYY-MM-DD, inclusive
  std::string direction;
  std::string vessel_imo;
  std::string id;            // one transit
  std::int64_t limit = 100;  // 1..1000
};
// Visible transits by date and slot.
core::Result<std::vector<Transit>> ListTransits(store::Connection& c,
                                                const store::AccessScope& scope,
                                                const TransitQuery& query);

}  // namespace istmo::canal

#include "canal/records.h"

#include <algorithm>
#include <map>
#include <unordered_map>
#include <unordered_set>

#include "canal/codes.h"
#include "canal/parties.h"
#include "core/id.h"

namespace istmo::canal {

namespace {

using store::Row;
using store::Value;

std::string Joined(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& s : items) out += (out.empty() ? "" : ";") + s;
  return out;
}

std::vector<std::string> Split(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find(';', start);
    if (end == std::string::npos) end = text.size();
    out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

// FNV-1a (64 bits) of the fields separated by the unit separator: recognizes a line imported
// before with the same content. Not a security measure: the key, not the digest, identifies a
// record.
class Digest {
 public:
  Digest& Add(std::string_view s) {
    for (unsigned char c : s) Mix(c);
    Mix(0x1f);
    return *this;
  }
  Digest& Add(double v) { return Add(std::to_string(v)); }
  std::string Hex() const { return core::HexEncode(&hash_, sizeof hash_); }

 private:
  void Mix(unsigned char c) {
    hash_ ^= c;
    hash_ *= 0x100000001b3ULL;
  }
  std::uint64_t hash_ = 0xcbf29ce484222325ULL;
};

std::string LineDigest(const ManifestLine& l) {
  Digest d;
  d.Add(Joined(l.seals)).Add(l.shipper.name).Add(l.shipper.address).Add(l.consignee.name);
  d.Add(l.consignee.address)
      .Add(l.notify ? l.notify->name : "")
      .Add(l.notify ? l.notify->address : "");
  d.Add(l.notify ? "1" : "0").Add(l.hs_code).Add(l.port_of_loading).Add(l.port_of_discharge);
  d.Add(Joined(l.transshipment_ports)).Add(l.weight_kg);
  d.Add(l.declared_value ? std::to_string(*l.declared_value) : "-").Add(l.currency);
  // Lines imported before the vessel columns hash as they did then.
  if (!l.vessel_imo.empty() || !l.voyage.empty()) d.Add(l.vessel_imo).Add(l.voyage);
  return d.Hex();
}

std::string TransitDigest(const TransitLine& t) {
  Digest d;
  d.Add(t.vessel_name)
      .Add(t.mmsi)
      .Add(t.direction)
      .Add(t.lock_set)
      .Add(t.last_port)
      .Add(t.next_port);
  return d.Hex();
}

// The releasability column of an import's records, once the caller may import.
core::Result<std::string> ImportReleasability(const store::AccessScope& scope,
                                              const ImportOptions& options) {
  if (!scope.Has(store::Role::kOfficer) && !scope.Has(store::Role::kAnalyst)) {
    return core::PermissionDenied("importing canal data needs the officer or analyst role");
  }
  if (scope.org_id.empty()) {
    return core::PermissionDenied("an import must be owned by an organization");
  }
  ISTMO_ASSIGN_OR_RETURN(auto normalized, store::NormalizeReleasability(options.releasability));
  return store::EncodeReleasability(normalized);
}

core::Status InsertImport(store::Connection& tx, const store::AccessScope& scope,
                          const std::string& id, const std::string& kind, const std::string& rel,
                          const ImportOptions& options, const ImportReport& report,
                          core::Timestamp now) {
  ISTMO_RETURN_IF_ERROR(
      tx.Exec("INSERT INTO canal_imports (id, created_at, owner_org, releasability, created_by, "
              "kind, source, lines, imported, unchanged, rejected) "
              "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
              {id, core::FormatIso8601(now), scope.org_id, rel,
               scope.user_id.empty() ? std::string("system") : scope.user_id, kind,
               options.source.substr(0, 200), report.lines, report.imported, report.unchanged,
               static_cast<std::int64_t>(report.rejects.size())}));
  return core::Ok();
}

core::Status UpdateImportCounts(store::Connection& tx, const ImportReport& report) {
  ISTMO_RETURN_IF_ERROR(
      tx.Exec("UPDATE canal_imports SET imported = ?, unchanged = ?, rejected = ? WHERE id = ?",
              {report.imported, report.unchanged, static_cast<std::int64_t>(report.rejects.size()),
               report.import_id}));
  return core::Ok();
}

ImportReport NewReport(std::int64_t lines, std::vector<Reject> parse_rejects) {
  ImportReport report;
  report.import_id = core::NewId();
  report.lines = lines;
  report.rejects = std::move(parse_rejects);
  return report;
}

void SortRejects(std::vector<Reject>& rejects) {
  std::stable_sort(rejects.begin(), rejects.end(),
                   [](const Reject& a, const Reject& b) { return a.line < b.line; });
}

// Party ids by key, found or created inside the import's transaction; raw spellings are cached
// so that a name seen again costs one lookup.
class PartyIds {
 public:
  PartyIds(store::Connection& tx, std::string now) : tx_(tx), now_(std::move(now)) {}

  core::Result<std::string> Of(const std::string& name) {
    auto cached = by_name_.find(name);
    if (cached != by_name_.end()) return cached->second;
    std::string key = PartyKey(name);
    // A name of no letter or digit ("***") is its own party.
    if (key.empty()) key = "=" + name;
    auto known = by_key_.find(key);
    std::string id;
    if (known != by_key_.end()) {
      id = known->second;
    } else {
      ISTMO_ASSIGN_OR_RETURN(
          auto row, tx_.QueryOne("SELECT id FROM canal_parties WHERE party_key = ?", {key}));
      if (row) {
        id = row->Text(0);
      } else {
        id = core::NewId();
        ISTMO_RETURN_IF_ERROR(
            tx_.Exec("INSERT INTO canal_parties (id, created_at, party_key) VALUES (?, ?, ?)",
                     {id, now_, key}));
      }
      by_key_.emplace(key, id);
    }
    by_name_.emplace(name, id);
    return id;
  }

 private:
  store::Connection& tx_;
  std::string now_;
  std::unordered_map<std::string, std::string> by_name_;
  std::unordered_map<std::string, std::string> by_key_;
};

// Manifest lines per INSERT statement, and the parameters of one line.
constexpr std::size_t kLinesPerInsert = 64;
constexpr std::size_t kLineParams = 28;

std::string InsertLinesSql(std::size_t rows) {
  std::string sql =
      "INSERT INTO canal_manifest_lines (id, created_at, owner_org, releasability, import_id, "
      "line, bill_of_lading, container_number, seals, shipper_party_id, shipper_name, "
      "shipper_address, consignee_party_id, consignee_name, consignee_address, notify_party_id, "
      "notify_name, notify_address, hs_code, port_of_loading, port_of_discharge, "
      "transshipment_ports, weight_kg, declared_value, currency, vessel_imo, voyage, digest) "
      "VALUES ";
  std::string row = "(";
  for (std::size_t i = 0; i < kLineParams; ++i) row += i == 0 ? "?" : ", ?";
  row += ")";
  for (std::size_t r = 0; r < rows; ++r) sql += (r == 0 ? "" : ", ") + row;
  return sql +
         " ON CONFLICT (container_number, owner_org, bill_of_lading) DO NOTHING RETURNING line";
}

constexpr const char* kLineColumns =
    "m.id, m.created_at, m.owner_org, m.releasability, m.import_id, m.line, m.bill_of_lading, "
    "m.container_number, m.seals, m.shipper_party_id, m.shipper_name, m.shipper_address, "
    "m.consignee_party_id, m.consignee_name, m.consignee_address, m.notify_party_id, "
    "m.notify_name, m.notify_address, m.hs_code, m.port_of_loading, m.port_of_discharge, "
    "m.transshipment_ports, m.weight_kg, m.declared_value, m.currency, m.vessel_imo, m.voyage";

ContainerLine LineFromRow(const Row& r) {
  ContainerLine l;
  l.id = r.Text(0);
  l.created_at = core::ParseIso8601(r.Text(1)).value_or(core::Timestamp{});
  l.owner_org = r.Text(2);
  l.releasability = store::DecodeReleasability(r.Text(3));
  l.import_id = r.Text(4);
  l.line = r.Int(5);
  l.bill_of_lading = r.Text(6);
  l.container_number = r.Text(7);
  l.seals = Split(r.Text(8));
  l.shipper = {r.Text(9), r.Text(10), r.Text(11)};
  l.consignee = {r.Text(12), r.Text(13), r.Text(14)};
  if (!r.IsNull(15)) l.notify = PartyRef{r.Text(15), r.Text(16), r.Text(17)};
  l.hs_code = r.Text(18);
  l.port_of_loading = r.Text(19);
  l.port_of_discharge = r.Text(20);
  l.transshipment_ports = Split(r.Text(21));
  l.weight_kg = r.Real(22);
  if (!r.IsNull(23)) l.declared_value = r.Real(23);
  l.currency = r.Text(24);
  l.vessel_imo = r.Text(25);
  l.voyage = r.Text(26);
  return l;
}

}  // namespace

core::Result<ImportReport> ImportManifest(store::Store& store, const store::AccessScope& scope,
                                          ParsedManifest parsed, const ImportOptions& options,
                                          core::Timestamp now) {
  ISTMO_ASSIGN_OR_RETURN(const std::string rel, ImportReleasability(scope, options));
  const std::string at = core::FormatIso8601(now);
  ImportReport report = NewReport(parsed.total, std::move(parsed.rejects));
  ISTMO_RETURN_IF_ERROR(store.Write([&](store::Connection& tx) -> core::Status {
    ISTMO_RETURN_IF_ERROR(
        InsertImport(tx, scope, report.import_id, "manifest", rel, options, report, now));
    PartyIds parties(tx, at);
    // Rows go in by kLinesPerInsert per statement; RETURNING names the lines written, so a line
    // whose key was there already (ON CONFLICT DO NOTHING) is found and compared afterwards.
    std::vector<std::size_t> conflicts;
    for (std::size_t first = 0; first < parsed.lines.size(); first += kLinesPerInsert) {
      const std::size_t count = std::min(kLinesPerInsert, parsed.lines.size() - first);
      store::Params params;
      params.reserve(count * kLineParams);
      for (std::size_t i = first; i < first + count; ++i) {
        const ManifestLine& l = parsed.lines[i];
        ISTMO_ASSIGN_OR_RETURN(auto shipper, parties.Of(l.shipper.name));
        ISTMO_ASSIGN_OR_RETURN(auto consignee, parties.Of(l.consignee.name));
        Value notify_id = store::Null(), notify_name = store::Null(),
              notify_address = store::Null();
        if (l.notify) {
          ISTMO_ASSIGN_OR_RETURN(auto id, parties.Of(l.notify->name));
          notify_id = id;
          notify_name = l.notify->name;
          notify_address = l.notify->address;
        }
        for (Value& v : store::Params{core::NewId(),
                                      at,
                                      scope.org_id,
                                      rel,
                                      report.import_id,
                                      parsed.line_numbers[i],
                                      l.bill_of_lading,
                                      l.container_number,
                                      Joined(l.seals),
                                      shipper,
                                      l.shipper.name,
                                      l.shipper.address,
                                      consignee,
                                      l.consignee.name,
                                      l.consignee.address,
                                      notify_id,
                                      notify_name,
                                      notify_address,
                                      l.hs_code,
                                      l.port_of_loading,
                                      l.port_of_discharge,
                                      Joined(l.transshipment_ports),
                                      l.weight_kg,
                                      l.declared_value ? Value(*l.declared_value) : store::Null(),
                                      store::TextOrNull(l.currency),
                                      store::TextOrNull(l.vessel_imo),
                                      store::TextOrNull(l.voyage),
                                      LineDigest(l)}) {
          params.push_back(std::move(v));
        }
      }
      ISTMO_ASSIGN_OR_RETURN(auto written, tx.Query(InsertLinesSql(count), params));
      std::unordered_set<std::int64_t> lines;
      for (const Row& r : written) lines.insert(r.Int(0));
      report.imported += static_cast<std::int64_t>(written.size());
      for (std::size_t i = first; i < first + count; ++i) {
        if (!lines.contains(parsed.line_numbers[i])) conflicts.push_back(i);
      }
    }
    for (std::size_t i : conflicts) {
      const ManifestLine& l = parsed.lines[i];
      ISTMO_ASSIGN_OR_RETURN(
          auto before,
          tx.QueryOne(
              "SELECT digest, import_id FROM canal_manifest_lines WHERE container_number = ? "
              "AND owner_org = ? AND bill_of_lading = ?",
              {l.container_number, scope.org_id, l.bill_of_lading}));
      if (before && before->Text(0) == LineDigest(l)) {
        ++report.unchanged;
      } else {
        report.rejects.push_back({.line = parsed.line_numbers[i],
                                  .field = "/container_number",
                                  .message = "container " + l.container_number +
                                             " of bill of lading " + l.bill_of_lading +
                                             " was imported before with other fields (import " +
                                             (before ? before->Text(1) : std::string("?")) +
                                             "); the first version is kept"});
      }
    }
    return UpdateImportCounts(tx, report);
  }));
  SortRejects(report.rejects);
  return report;
}

core::Result<ImportReport> ImportTransits(store::Store& store, const store::AccessScope& scope,
                                          ParsedTransits parsed, const ImportOptions& options,
                                          core::Timestamp now) {
  ISTMO_ASSIGN_OR_RETURN(const std::string rel, ImportReleasability(scope, options));
  const std::string at = core::FormatIso8601(now);
  ImportReport report = NewReport(parsed.total, std::move(parsed.rejects));
  ISTMO_RETURN_IF_ERROR(store.Write([&](store::Connection& tx) -> core::Status {
    ISTMO_RETURN_IF_ERROR(
        InsertImport(tx, scope, report.import_id, "transits", rel, options, report, now));
    for (std::size_t i = 0; i < parsed.lines.size(); ++i) {
      const TransitLine& t = parsed.lines[i];
      const std::int64_t number = parsed.line_numbers[i];
      const std::string digest = TransitDigest(t);
      ISTMO_ASSIGN_OR_RETURN(
          auto written,
          tx.Exec("INSERT INTO canal_transits (id, created_at, owner_org, releasability, "
                  "import_id, line, transit_date, slot, vessel_imo, vessel_name, mmsi, direction, "
                  "lock_set, last_port, next_port, digest) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                  "?, ?, ?, ?, ?, ?) "
                  "ON CONFLICT (owner_org, transit_date, slot, vessel_imo) DO NOTHING",
                  {core::NewId(), at, scope.org_id, rel, report.import_id, number, t.transit_date,
                   t.slot, t.vessel_imo, t.vessel_name, store::TextOrNull(t.mmsi), t.direction,
                   t.lock_set, store::TextOrNull(t.last_port), store::TextOrNull(t.next_port),
                   digest}));
      if (written == 1) {
        ++report.imported;
        continue;
      }
      ISTMO_ASSIGN_OR_RETURN(
          auto before,
          tx.QueryOne("SELECT digest, import_id FROM canal_transits WHERE owner_org = ? AND "
                      "transit_date = ? AND slot = ? AND vessel_imo = ?",
                      {scope.org_id, t.transit_date, t.slot, t.vessel_imo}));
      if (before && before->Text(0) == digest) {
        ++report.unchanged;
      } else {
        report.rejects.push_back({.line = number,
                                  .field = "/slot",
                                  .message = "vessel " + t.vessel_imo + " in slot " + t.slot +
                                             " on " + t.transit_date +
                                             " was imported before with other fields (import " +
                                             (before ? before->Text(1) : std::string("?")) +
                                             "); the first version is kept"});
      }
    }
    return UpdateImportCounts(tx, report);
  }));
  SortRejects(report.rejects);
  return report;
}

core::Result<std::vector<ContainerLine>> ListContainerLines(store::Connection& c,
                                                            const store::AccessScope& scope,
                                                            const ContainerQuery& q) {
  store::VisibleSelect s{.columns = kLineColumns, .table = "canal_manifest_lines", .alias = "m"};
  if (!q.container_number.empty()) s.Where("m.container_number = ?", {q.container_number});
  if (!q.bill_of_lading.empty()) s.Where("m.bill_of_lading = ?", {q.bill_of_lading});
  if (!q.party_id.empty()) {
    s.Where("(m.shipper_party_id = ? OR m.consignee_party_id = ? OR m.notify_party_id = ?)",
            {q.party_id, q.party_id, q.party_id});
  }
  if (!q.hs_code.empty())
    s.Where("substr(m.hs_code, 1, ?) = ?",
            {static_cast<std::int64_t>(q.hs_code.size()), q.hs_code});
  if (!q.port.empty()) {
    s.Where(
        "(m.port_of_loading = ? OR m.port_of_discharge = ? OR instr(';' || "
        "m.transshipment_ports || ';', ?) > 0)",
        {q.port, q.port, ";" + q.port + ";"});
  }
  if (!q.import_id.empty()) s.Where("m.import_id = ?", {q.import_id});
  if (!q.after.empty()) s.Where("m.id > ?", {q.after});
  s.order_by = "m.id";
  s.limit = std::clamp<std::int64_t>(q.limit, 1, 1000);
  ISTMO_ASSIGN_OR_RETURN(auto rows, store::SelectVisible(c, scope, s));
  std::vector<ContainerLine> out;
  out.reserve(rows.size());
  for (const Row& r : rows) out.push_back(LineFromRow(r));
  return out;
}

core::Result<Container> GetContainer(store::Connection& c, const store::AccessScope& scope,
                                     const std::string& container_number) {
  ISTMO_ASSIGN_OR_RETURN(auto number, ParseContainerNumber(container_number, "{id}"));
  Container out{.container_number = number.ToString(),
                .owner_code = number.owner_code,
                .category = number.category};
  ISTMO_ASSIGN_OR_RETURN(
      out.lines,
      ListContainerLines(c, scope, {.container_number = out.container_number, .limit = 1000}));
  if (out.lines.empty()) return core::NotFound("no container " + out.container_number);
  return out;
}

core::Result<ContainerLine> GetContainerLine(store::Connection& c, const store::AccessScope& scope,
                                             const std::string& line_id) {
  store::VisibleSelect s{.columns = kLineColumns, .table = "canal_manifest_lines", .alias = "m"};
  s.Where("m.id = ?", {line_id});
  ISTMO_ASSIGN_OR_RETURN(auto row, store::SelectVisibleOne(c, scope, s));
  if (!row) return core::NotFound("no manifest line " + line_id.substr(0, 40));
  return LineFromRow(*row);
}

core::Result<PartyHistory> GetParty(store::Connection& c, const store::AccessScope& scope,
                                    const std::string& party_id) {
  ISTMO_ASSIGN_OR_RETURN(
      auto party, c.QueryOne("SELECT id, party_key FROM canal_parties WHERE id = ?", {party_id}));
  if (!party) return core::NotFound("no party " + party_id.substr(0, 40));
  PartyHistory out{.id = party->Text(0), .key = party->Text(1)};
  // The spellings the caller may see: those of the visible lines naming the party in any role.
  std::map<std::pair<std::string, std::string>, std::int64_t> spellings;
  std::vector<std::string> containers;
  std::string after;
  for (;;) {
    ISTMO_ASSIGN_OR_RETURN(
        auto lines,
        ListContainerLines(c, scope, {.party_id = party_id, .limit = 1000, .after = after}));
    for (const ContainerLine& l : lines) {
      ++out.lines;
      for (const PartyRef* p : {&l.shipper, &l.consignee, l.notify ? &*l.notify : nullptr}) {
        if (p != nullptr && p->party_id == party_id) ++spellings[{p->name, p->address}];
      }
      containers.push_back(l.container_number);
    }
    if (lines.size() < 1000) break;
    after = lines.back().id;
  }
  if (out.lines == 0) return core::NotFound("no party " + party_id.substr(0, 40));
  for (const auto& [spelling, count] : spellings) {
    out.spellings.push_back({.name = spelling.first, .address = spelling.second, .lines = count});
  }
  std::stable_sort(
      out.spellings.begin(), out.spellings.end(),
      [](const PartySpelling& a, const PartySpelling& b) { return a.lines > b.lines; });
  std::sort(containers.begin(), containers.end());
  containers.erase(std::unique(containers.begin(), containers.end()), containers.end());
  out.containers = std::move(containers);
  return out;
}

core::Result<std::vector<Transit>> ListTransits(store::Connection& c,
                                                const store::AccessScope& scope,
                                                const TransitQuery& q) {
  store::VisibleSelect s{
      .columns =
          "t.id, t.created_at, t.owner_org, t.releasability, t.import_id, t.transit_date, "
          "t.slot, t.vessel_imo, t.vessel_name, t.mmsi, t.direction, t.lock_set, "
          "t.last_port, t.next_port",
      .table = "canal_transits",
      .alias = "t"};
  if (!q.from.empty()) s.Where("t.transit_date >= ?", {q.from});
  if (!q.to.empty()) s.Where("t.transit_date <= ?", {q.to});
  if (!q.direction.empty()) s.Where("t.direction = ?", {q.direction});
  if (!q.vessel_imo.empty()) s.Where("t.vessel_imo = ?", {q.vessel_imo});
  if (!q.id.empty()) s.Where("t.id = ?", {q.id});
  s.order_by = "t.transit_date, t.slot, t.id";
  s.limit = std::clamp<std::int64_t>(q.limit, 1, 1000);
  ISTMO_ASSIGN_OR_RETURN(auto rows, store::SelectVisible(c, scope, s));
  std::vector<Transit> out;
  for (const Row& r : rows) {
    out.push_back({.id = r.Text(0),
                   .created_at = core::ParseIso8601(r.Text(1)).value_or(core::Timestamp{}),
                   .owner_org = r.Text(2),
                   .releasability = store::DecodeReleasability(r.Text(3)),
                   .import_id = r.Text(4),
                   .fields = {.transit_date = r.Text(5),
                              .slot = r.Text(6),
                              .vessel_imo = r.Text(7),
                              .vessel_name = r.Text(8),
                              .mmsi = r.Text(9),
                              .direction = r.Text(10),
                              .lock_set = r.Text(11),
                              .last_port = r.Text(12),
                              .next_port = r.Text(13)}});
  }
  return out;
}

}  // namespace istmo::canal

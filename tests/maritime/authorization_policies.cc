// The maritime routes' part of the authorization matrix (tests/app/authorization_matrix.h).
// AIS is open broadcast data: every authenticated user of every organization and role sees the
// whole picture, and nobody else (docs/maritime.md). The records have no owner or
// releasability, so the targets are one station the server's picture holds and one it does not.
// Areas of interest are records: one of every owner × releasability, seen per releasability;
// only the owner's supervisors and admins delete one. Interdiction cases too: anyone they are
// released to reads them (hidden ones look absent, statistics and the map count only them);
// the owner's officers, supervisors and admins work on them (docs/maritime.md). Vessel
// watchlists are records too: one of every owner × releasability, read per releasability by
// every role; the owner's officers, supervisors and admins change them ("Vessel watchlists").
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "app/authorization_matrix.h"
#include "app/crew_directory.h"
#include "maritime/cases.h"
#include "maritime/detect.h"
#include "maritime/ingest.h"
#include "maritime/nmea_builder.h"
#include "maritime/watchlists.h"
#include "maritime/zones.h"

namespace istmo::app::testing {
namespace {

constexpr const char* kStation = "maritime_station";
constexpr const char* kSeen = "351000001";
constexpr const char* kZone = "maritime_zone";               // built-in zones and areas of interest
constexpr const char* kAoiToDelete = "maritime_aoi_delete";  // areas of interest, deleted once
constexpr const char* kCase = "maritime_case";           // cases read, each with an outcome
constexpr const char* kCaseWork = "maritime_case_work";  // cases the work routes change

constexpr const char* kWatchlist = "maritime_watchlist";        // vessel watchlists
constexpr const char* kWatchlistToDelete = "maritime_watchlist_delete";  // ... deleted once

// Vessel watchlists of every owner × releasability, made as their owner's officer would.
std::vector<Target> MakeWatchlists(Matrix& m, const std::string& prefix) {
  std::vector<Target> out;
  maritime::VesselWatch& watch = *m.api().services().vessel_watch;
  for (const auto& rel : m.Releasabilities()) {
    for (const auth::Organization* owner : m.Owners()) {
      const std::vector<std::string> released = rel.second(*owner);
      auto created = watch.Create(Matrix::ScopeOf(*owner, Role::kOfficer),
                                  {.name = prefix + " " + rel.first, .releasability = released},
                                  m.api().clock().Now());
      EXPECT_TRUE(created);
      if (!created) continue;
      out.push_back({.label = prefix + " of " + owner->country + " " + rel.first,
                     .kind = prefix,
                     .id = created->id,
                     .owner_org_id = owner->id,
                     .releasability = released});
    }
  }
  return out;
}

// Areas of interest of every owner × releasability, made as their owner's officer would.
std::vector<Target> MakeAreas(Matrix& m, const std::string& prefix) {
  std::vector<Target> out;
  auto parsed = maritime::ParseZonesGeoJson(
      R"({"type":"Polygon","coordinates":[[[-79.5,8.8],[-79.4,8.8],[-79.4,8.9],[-79.5,8.8]]]})");
  EXPECT_TRUE(parsed);
  for (const auto& rel : m.Releasabilities()) {
    for (const auth::Organization* owner : m.Owners()) {
      const std::vector<std::string> released = rel.second(*owner);
      auto created =
          maritime::CreateAreasOfInterest(m.api().store(), Matrix::ScopeOf(*owner, Role::kOfficer),
                                          *parsed, released, m.api().clock().Now());
      EXPECT_TRUE(created);
      if (!created) continue;
      out.push_back({.label = prefix + " of " + owner->country + " " + rel.first,
                     .kind = prefix,
                     .id = (*created)[0].id,
                     .owner_org_id = owner->id,
                     .releasability = released});
    }
  }
  return out;
}

// Cases of every owner × releasability, opened by their owner's officer. Those read carry an
// outcome (heroin, with a position) that the statistics and the map must count per reader.
std::vector<Target> MakeCases(Matrix& m, const std::string& kind, bool with_outcome) {
  std::vector<Target> out;
  const core::Timestamp now = m.api().clock().Now();
  for (const auto& rel : m.Releasabilities()) {
    for (const auth::Organization* owner : m.Owners()) {
      const store::AccessScope officer = Matrix::ScopeOf(*owner, Role::kOfficer);
      const std::vector<std::string> released = rel.second(*owner);
      auto opened = m.api().store().Write<maritime::Case>([&](store::Connection& tx)
                                                              -> core::Result<maritime::Case> {
        ISTMO_ASSIGN_OR_RETURN(auto k,
                               maritime::OpenCase(tx, officer,
                                                  {.title = "Matrix case",
                                                   .owner = {owner->id, owner->name},
                                                   .releasability = released},
                                                  now));
        if (with_outcome) {
          ISTMO_RETURN_IF_ERROR(maritime::SetCaseOutcome(
              tx, officer, k.id,
              {.boarded = true,
               .seized = true,
               .at = now - std::chrono::hours(24),
               .lat = 7.3,
               .lon = -78.3,
               .drugs = {{"heroin", 1}}},
              EncounterCrew(), now));
        }
        return k;
      });
      EXPECT_TRUE(opened) << opened.error().ToString();
      if (!opened) continue;
      out.push_back({.label = kind + " of " + owner->country + " " + rel.first,
                     .kind = kind,
                     .id = opened->id,
                     .owner_org_id = owner->id,
                     .releasability = released});
    }
  }
  return out;
}

void MakeRecords(Matrix& m) {
  maritime::Ingestor in(m.api().store(), *m.api().services().maritime, {.clock = &m.api().clock()});
  const std::int64_t now = core::ToUnixSeconds(m.api().clock().Now());
  EXPECT_TRUE(in.AddLine(maritime::testing::Sentence(
      maritime::testing::PositionBits({.mmsi = 351000001, .lat = 8.9, .lon = -79.5}), now - 60)));
  EXPECT_TRUE(in.Finish());
  // One detection event that ended a minute ago (the route's default window is the last 24 h).
  const maritime::DetectionEvent gap{.kind = maritime::DetectionKind::kGap,
                                     .mmsi = 351000001,
                                     .start_us = (now - 8 * 3600) * 1'000'000,
                                     .end_us = (now - 60) * 1'000'000,
                                     .measured = 8};
  EXPECT_TRUE(m.api().store().Write(
      [&](store::Connection& tx) { return maritime::StoreDetections(tx, {&gap, 1}); }));
  m.AddRecords(kStation, {{.label = "a station heard", .kind = kStation, .id = kSeen},
                          {.label = "an MMSI never heard", .kind = kStation, .id = "987654321"}});
  std::vector<Target> zones = MakeAreas(m, kZone);
  zones.push_back({.label = "the built-in EEZ", .kind = kZone, .id = "PAN-EEZ"});
  zones.push_back({.label = "a zone that does not exist", .kind = kZone, .id = "NO-SUCH-ZONE"});
  m.AddRecords(kZone, std::move(zones));
  m.AddRecords(kAoiToDelete, MakeAreas(m, kAoiToDelete));
  m.AddRecords(kCase, MakeCases(m, kCase, true));
  m.AddRecords(kCaseWork, MakeCases(m, kCaseWork, false));
  m.AddRecords(kWatchlist, MakeWatchlists(m, kWatchlist));
  m.AddRecords(kWatchlistToDelete, MakeWatchlists(m, kWatchlistToDelete));
  EXPECT_TRUE(m.api().services().zones->Reload(m.api().store()));
}

// A zone target as the caller may see it: built-in zones by everyone, areas of interest per
// releasability; hidden looks absent.
bool ZoneVisible(const Target& t, const Caller& c) {
  if (t.id == "NO-SUCH-ZONE") return false;
  if (t.owner_org_id.empty()) return true;
  return Matrix::Releasable(t, c);
}

const std::initializer_list<Role> kCaseWorkers = {Role::kOfficer, Role::kSupervisor,
                                                  Role::kAdmin};
const std::initializer_list<Role> kEveryRole = {Role::kOfficer, Role::kAnalyst, Role::kSupervisor,
                                                Role::kAdmin};

Expect AnyUser(const Caller& c, const Target& t) {
  if (auto d = Denied(c, kEveryRole)) return *d;
  if (t.kind == kStation && t.id != kSeen) return Expect{.status = 404};
  return Expect{.status = 200};
}

void AddPolicies(Matrix& m, Policies& p) {
  p["GET /api/v1/maritime/vessels"] = {.expect = [](const Caller& c, const Target& t) {
    Expect e = AnyUser(c, t);
    if (e.status == 200) {
      e.check = [](const Reply& r) {
        return r.body_json.value("count", 0) == 1 ? "" : "the station heard is missing";
      };
    }
    return e;
  }};
  // The matrix sends no ?q: a user gets 400 (the check runs after authentication).
  p["GET /api/v1/maritime/vessels/search"] = {.expect = [](const Caller& c, const Target&) {
    if (auto d = Denied(c, kEveryRole)) return *d;
    return Expect{.status = 400};
  }};
  p["GET /api/v1/maritime/vessels/{mmsi}"] = {.targets = {kStation}, .expect = AnyUser};
  p["GET /api/v1/maritime/vessels/{mmsi}/track"] = {.targets = {kStation}, .expect = AnyUser};
  p["GET /api/v1/maritime/vessels/{mmsi}/events"] = {.targets = {kStation}, .expect = AnyUser};
  // Detection events are AIS-derived, like the picture: any user sees every one.
  p["GET /api/v1/maritime/detections"] = {.expect = [](const Caller& c, const Target& t) {
    Expect e = AnyUser(c, t);
    if (e.status == 200) {
      e.check = [](const Reply& r) {
        return r.body_json.value("count", 0) == 1 ? "" : "the stored gap is missing";
      };
    }
    return e;
  }};
  // Every zone the caller may see, and none other.
  p["GET /api/v1/maritime/zones"] = {.expect = [&m](const Caller& c, const Target&) {
    if (auto d = Denied(c, kEveryRole)) return *d;
    return Expect{.status = 200, .check = [&m, c](const Reply& r) -> std::string {
                    std::set<std::string> got, want;
                    for (const auto& f : r.body_json["features"]) got.insert(f.value("id", ""));
                    for (const Target& t : m.Records(kZone)) {
                      if (ZoneVisible(t, c)) want.insert(t.id);
                    }
                    for (const Target& t : m.Records(kAoiToDelete)) {
                      if (got.count(t.id) && !Matrix::Releasable(t, c)) {
                        return "shows area " + t.id + " that is not releasable to the caller";
                      }
                    }
                    for (const auto& id : want) {
                      if (!got.count(id)) return "misses zone " + id;
                    }
                    for (const Target& t : m.Records(kZone)) {
                      if (got.count(t.id) && !ZoneVisible(t, c)) {
                        return "shows area " + t.id + " that is not releasable to the caller";
                      }
                    }
                    return "";
                  }};
  }};
  p["GET /api/v1/maritime/zones/{id}/events"] = {
      .targets = {kZone}, .expect = [](const Caller& c, const Target& t) {
        if (auto d = Denied(c, kEveryRole)) return *d;
        return Expect{.status = ZoneVisible(t, c) ? 200 : 404};
      }};
  // Any user uploads; the body is a small valid GeoJSON polygon.
  p["POST /api/v1/maritime/zones"] = {
      .expect =
          [](const Caller& c, const Target&) {
            if (auto d = Denied(c, kEveryRole)) return *d;
            return Expect{.status = 201, .check = [c](const Reply& r) -> std::string {
                            const auto& f = r.body_json["features"];
                            return f.size() == 1 &&
                                           f[0]["properties"].value("owner_org", "") == c.org_id
                                       ? ""
                                       : "not one area owned by the caller's organization";
                          }};
          },
      .body =
          [](const Caller&, const Target&) {
            return std::string(
                R"({"type":"Polygon","coordinates":[[[-79,8],[-78.9,8],[-78.9,8.1],[-79,8]]]})");
          }};
  // Each area is deleted once, by the first of its owner's supervisors and admins; later
  // callers find it gone.
  auto deleted = std::make_shared<std::set<std::string>>();
  p["DELETE /api/v1/maritime/zones/{id}"] = {
      .targets = {kAoiToDelete}, .expect = [deleted](const Caller& c, const Target& t) {
        if (auto d = Denied(c, {Role::kSupervisor, Role::kAdmin})) return *d;
        if (deleted->count(t.id) || !Matrix::Releasable(t, c)) return Expect{.status = 404};
        if (t.owner_org_id != c.org_id) return Expect{.status = 403};
        deleted->insert(t.id);
        return Expect{.status = 204};
      }};
  // Interdiction cases.
  // The visible cases of the read kind, as ids.
  const auto visible_cases = [&m](const Caller& c) {
    std::set<std::string> ids;
    for (const Target& t : m.Records(kCase)) {
      if (Matrix::Releasable(t, c)) ids.insert(t.id);
    }
    return ids;
  };
  p["POST /api/v1/maritime/cases"] = {
      .expect = Allow({Role::kOfficer, Role::kSupervisor, Role::kAdmin}, 201,
                      [](const Caller& c, const Reply& r) {
                        return r.body_json.value("owner_org", "") == c.org_id
                                   ? ""
                                   : "not a case of the caller's organization";
                      }),
      .body = [](const Caller&, const Target&) { return json{{"title", "Matrix"}}.dump(); }};
  p["GET /api/v1/maritime/cases"] = {.expect = [visible_cases](const Caller& c, const Target&) {
    if (auto d = Denied(c, kEveryRole)) return *d;
    return Expect{.status = 200, .check = [c, visible_cases](const Reply& r) -> std::string {
                    if (auto bad = AllItemsReleasable(c, r); !bad.empty()) return bad;
                    std::set<std::string> got;
                    for (const auto& item : r.body_json["items"]) got.insert(item.value("id", ""));
                    for (const auto& id : visible_cases(c)) {
                      if (!got.count(id)) return "misses case " + id;
                    }
                    return "";
                  }};
  }};
  p["GET /api/v1/maritime/cases/stats"] = {.expect = [visible_cases](const Caller& c,
                                                                     const Target&) {
    if (auto d = Denied(c, kEveryRole)) return *d;
    return Expect{.status = 200, .check = [c, visible_cases](const Reply& r) -> std::string {
                    std::int64_t heroin = 0;
                    for (const auto& d : r.body_json["drugs"]) {
                      if (d.value("type", "") == "heroin") heroin = d.value("cases", 0);
                    }
                    const auto want = static_cast<std::int64_t>(visible_cases(c).size());
                    return heroin == want ? ""
                                          : "counts " + std::to_string(heroin) +
                                                " heroin cases, not the " + std::to_string(want) +
                                                " visible";
                  }};
  }};
  p["GET /api/v1/maritime/cases/map"] = {.expect = [visible_cases](const Caller& c,
                                                                   const Target&) {
    if (auto d = Denied(c, kEveryRole)) return *d;
    return Expect{.status = 200, .check = [c, visible_cases](const Reply& r) -> std::string {
                    std::set<std::string> got;
                    for (const auto& f : r.body_json["features"]) {
                      got.insert(f["properties"].value("id", ""));
                    }
                    return got == visible_cases(c) ? "" : "maps other cases than the visible ones";
                  }};
  }};
  p["GET /api/v1/maritime/cases/{id}"] = {
      .targets = {kCase}, .expect = [](const Caller& c, const Target& t) {
        if (auto d = Denied(c, kEveryRole)) return *d;
        return Expect{.status = Matrix::Releasable(t, c) ? 200 : 404};
      }};
  // The work routes: a hidden case looks absent, a visible one of another owner is refused.
  const auto owner_worker = [](int status) {
    return [status](const Caller& c, const Target& t) {
      if (auto d = Denied(c, kCaseWorkers)) return *d;
      if (!Matrix::Releasable(t, c)) return Expect{.status = 404};
      if (t.owner_org_id != c.org_id) return Expect{.status = 403};
      return Expect{.status = status};
    };
  };
  p["PATCH /api/v1/maritime/cases/{id}"] = {
      .targets = {kCaseWork},
      .expect = owner_worker(200),
      .body = [](const Caller& c, const Target&) {
        static int n = 0;
        return json{{"summary", c.label + " " + std::to_string(++n)}}.dump();
      }};
  p["POST /api/v1/maritime/cases/{id}/positions"] = {
      .targets = {kCaseWork},
      .expect = owner_worker(200),
      .body = [](const Caller&, const Target&) {
        return json{{"t", "2024-08-20T12:00:00Z"}, {"lat", 7.3}, {"lon", -78.3}}.dump();
      }};
  p["PUT /api/v1/maritime/cases/{id}/outcome"] = {
      .targets = {kCaseWork},
      .expect = owner_worker(200),
      .body = [](const Caller&, const Target&) {
        return json{{"boarded", true},
                    {"seized", true},
                    {"drugs", {{{"type", "cocaine"}, {"kg", 5}}}},
                    {"arrests", {{{"nationality", "COL"}, {"count", 1}}}}}
            .dump();
      }};
  // No encounter of that id exists: the owner's workers get the 400 naming /encounter_id.
  p["POST /api/v1/maritime/cases/{id}/crew"] = {
      .targets = {kCaseWork},
      .expect = owner_worker(400),
      .body = [](const Caller&, const Target&) {
        return json{{"encounter_id", "no-such-encounter"}}.dump();
      }};
  // The matrix gives both parameters the case id: no such crew member, 404 for the owner.
  p["DELETE /api/v1/maritime/cases/{id}/crew/{encounter_id}"] = {
      .targets = {kCaseWork}, .expect = owner_worker(404)};
  p["POST /api/v1/maritime/cases/{id}/notes"] = {
      .targets = {kCaseWork},
      .expect = owner_worker(200),
      .body = [](const Caller&, const Target&) { return json{{"body", "Matrix note"}}.dump(); }};
  // Vessel watchlists: every role reads those released to it; the owner's officers, supervisors
  // and admins change them; hidden ones look absent.
  const std::initializer_list<Role> kWriters = {Role::kOfficer, Role::kSupervisor, Role::kAdmin};
  p["GET /api/v1/maritime/watchlists"] = {.expect = [&m](const Caller& c, const Target&) {
    if (auto d = Denied(c, kEveryRole)) return *d;
    return Expect{.status = 200, .check = [&m, c](const Reply& r) -> std::string {
                    if (auto bad = AllItemsReleasable(c, r); !bad.empty()) return bad;
                    std::set<std::string> got;
                    for (const auto& w : r.body_json["items"]) got.insert(w.value("id", ""));
                    for (const Target& t : m.Records(kWatchlist)) {
                      if (Matrix::Releasable(t, c) && !got.count(t.id)) {
                        return "misses watchlist " + t.id;
                      }
                    }
                    return "";
                  }};
  }};
  p["POST /api/v1/maritime/watchlists"] = {
      .expect = Allow(kWriters, 201,
                      [](const Caller& c, const Reply& r) -> std::string {
                        return r.body_json.value("owner_org", "") == c.org_id
                                   ? ""
                                   : "not owned by the caller's organization";
                      }),
      .body = [](const Caller&, const Target&) {
        return nlohmann::json{{"name", "matrix"}, {"releasability", {"PAN"}}}.dump();
      }};
  p["GET /api/v1/maritime/watchlists/{id}"] = {
      .targets = {kWatchlist, kAbsent}, .expect = [](const Caller& c, const Target& t) {
        if (auto d = Denied(c, kEveryRole)) return *d;
        return Expect{.status = t.kind == kWatchlist && Matrix::Releasable(t, c) ? 200 : 404};
      }};
  // A writer: hidden or absent 404, another organization's 403, else done.
  auto write = [](int status) {
    return [status](const Caller& c, const Target& t) {
      if (auto d = Denied(c, {Role::kOfficer, Role::kSupervisor, Role::kAdmin})) return *d;
      if (t.kind == kAbsent || !Matrix::Releasable(t, c)) return Expect{.status = 404};
      if (t.owner_org_id != c.org_id) return Expect{.status = 403};
      return Expect{.status = status};
    };
  };
  p["PATCH /api/v1/maritime/watchlists/{id}"] = {
      .targets = {kWatchlist, kAbsent},
      .expect = write(200),
      .body = [](const Caller&, const Target&) {
        return nlohmann::json{{"description", "checked by the matrix"}}.dump();
      }};
  p["POST /api/v1/maritime/watchlists/{id}/entries"] = {
      .targets = {kWatchlist, kAbsent},
      .expect = write(201),
      // A fresh MMSI per call: listing the same vessel twice is a conflict.
      .body = [](const Caller&, const Target&) {
        static int n = 0;
        return nlohmann::json{{"match", "mmsi"},
                              {"value", std::to_string(352100000 + ++n)},
                              {"reason", "matrix"}}
            .dump();
      }};
  // Both parameters get the watchlist's id: no entry has it, so a writer who may change the
  // watchlist gets 404 for the entry.
  p["DELETE /api/v1/maritime/watchlists/{id}/entries/{entry_id}"] = {
      .targets = {kWatchlist, kAbsent}, .expect = write(404)};
  auto deleted_lists = std::make_shared<std::set<std::string>>();
  p["DELETE /api/v1/maritime/watchlists/{id}"] = {
      .targets = {kWatchlistToDelete}, .expect = [deleted_lists](const Caller& c, const Target& t) {
        if (auto d = Denied(c, {Role::kOfficer, Role::kSupervisor, Role::kAdmin})) return *d;
        if (deleted_lists->count(t.id) || !Matrix::Releasable(t, c)) return Expect{.status = 404};
        if (t.owner_org_id != c.org_id) return Expect{.status = 403};
        deleted_lists->insert(t.id);
        return Expect{.status = 204};
      }};
  // The live stream is a WebSocket: a plain GET is asked to upgrade before any token is read
  // (the server's rule for every WebSocket route). Its upgrade checks the token like any route:
  // MaritimeFeeds.TheLiveStreamRefusesAClientWithoutAToken.
  p["GET /api/v1/maritime/live"] = {
      .expect = [](const Caller&, const Target&) { return Expect{.status = 426}; }};
  // Feeds connect the server to the network and shape what everyone sees: admins only.
  p["GET /api/v1/maritime/feeds"] = {.expect = Allow({Role::kAdmin}, 200)};
  p["POST /api/v1/maritime/feeds"] = {
      .expect = Allow({Role::kAdmin}, 201),
      // A fresh name per call; port 1 on loopback refuses, so the feed only backs off.
      .body = [](const Caller&, const Target&) {
        static int n = 0;
        return nlohmann::json{{"name", "matrix-" + std::to_string(++n)},
                              {"kind", "tcp"},
                              {"host", "127.0.0.1"},
                              {"port", 1}}
            .dump();
      }};
  p["DELETE /api/v1/maritime/feeds/{name}"] = {
      .targets = {kAbsent}, .expect = [](const Caller& c, const Target&) {
        if (auto d = Denied(c, {Role::kAdmin})) return *d;
        return Expect{.status = 404};
      }};
}

[[maybe_unused]] const bool kRegistered =
    RegisterMatrixModule({.name = "maritime", .populate = MakeRecords, .policies = AddPolicies});

}  // namespace
}  // namespace istmo::app::testing

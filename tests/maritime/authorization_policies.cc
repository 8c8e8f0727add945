// The maritime routes' part of the authorization matrix (tests/app/authorization_matrix.h).
// AIS is open broadcast data: every authenticated user of every organization and role sees the
// whole picture, and nobody else (docs/maritime.md). The records have no owner or
// releasability, so the targets are one station the server's picture holds and one it does not.
#include <string>
#include <vector>

#include "app/authorization_matrix.h"
#include "maritime/ingest.h"
#include "maritime/nmea_builder.h"

namespace istmo::app::testing {
namespace {

constexpr const char* kStation = "maritime_station";
constexpr const char* kSeen = "351000001";

void MakeRecords(Matrix& m) {
  maritime::Ingestor in(m.api().store(), *m.api().services().maritime, {.clock = &m.api().clock()});
  const std::int64_t now = core::ToUnixSeconds(m.api().clock().Now());
  EXPECT_TRUE(in.AddLine(maritime::testing::Sentence(
      maritime::testing::PositionBits({.mmsi = 351000001, .lat = 8.9, .lon = -79.5}), now - 60)));
  EXPECT_TRUE(in.Finish());
  m.AddRecords(kStation, {{.label = "a station heard", .kind = kStation, .id = kSeen},
                          {.label = "an MMSI never heard", .kind = kStation, .id = "987654321"}});
}

const std::initializer_list<Role> kEveryRole = {Role::kOfficer, Role::kAnalyst, Role::kSupervisor,
                                                Role::kAdmin};

Expect AnyUser(const Caller& c, const Target& t) {
  if (auto d = Denied(c, kEveryRole)) return *d;
  if (t.kind == kStation && t.id != kSeen) return Expect{.status = 404};
  return Expect{.status = 200};
}

void AddPolicies(Matrix&, Policies& p) {
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

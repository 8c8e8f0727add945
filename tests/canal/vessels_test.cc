// A transit's vessel and its behaviour at sea (canal/vessels.h over maritime/vessel_history.h):
// real AIS messages ingested through maritime's Ingestor with its detectors (a stop at
// Buenaventura, a gap, a stop at Guayaquil), detection events stored through StoreDetections,
// alerts raised through the platform; the link by IMO and by MMSI, the 30-day window, source port
// calls from AIS and from the schedule, alerts by releasability, a transit's containers.
#include "canal/vessels.h"

#include <gtest/gtest.h>

#include "canal/records.h"
#include "maritime/detect.h"
#include "maritime/ingest.h"
#include "maritime/nmea_builder.h"
#include "maritime/vessel_history.h"
#include "store/alerts.h"
#include "testing/temp_dir.h"

namespace istmo::canal {
namespace {

namespace mt = maritime::testing;

constexpr std::int64_t kAt = 1724112000;  // 2024-08-20T00:00:00Z, the scoring time
constexpr std::int64_t kDay = 86400;
constexpr std::uint32_t kImoVessel = 636019825;   // Liberia; sends IMO 9074729
constexpr std::uint32_t kMmsiVessel = 352001234;  // Panama; sends no IMO
constexpr std::uint32_t kPartner = 538001234;     // Marshall Islands
constexpr const char* kImo = "9074729";
constexpr const char* kImoWithoutRegistry = "9811000";  // the MMSI vessel's IMO, in transits only

const maritime::Seaport& Port(const char* locode) {
  const maritime::Seaport* p = maritime::FindSeaport(locode);
  EXPECT_NE(p, nullptr) << locode;
  return *p;
}

store::AccessScope Scope(const std::string& org, const std::string& country, store::Role role) {
  store::AccessScope s;
  s.user_id = "user-of-" + org;
  s.org_id = org;
  s.country = country;
  s.roles = static_cast<std::uint8_t>(role);
  return s;
}

std::vector<store::Migration> AllMigrations() {
  auto all = Migrations();
  for (auto& m : maritime::Migrations()) all.push_back(std::move(m));
  return all;
}

// A stop of `hours` at (lat, lon), a report every 3 minutes, speed 0.
void Stop(std::string& log, std::uint32_t mmsi, double lat, double lon, std::int64_t start,
          double hours) {
  for (std::int64_t t = start; t <= start + static_cast<std::int64_t>(hours * 3600); t += 180) {
    log += mt::Sentence(mt::PositionBits({.mmsi = mmsi, .lat = lat, .lon = lon, .sog_kn = 0}), t) +
           "\n";
  }
}
// Under way due north at 12 kn (0.2° of latitude an hour) from (lat, lon) for `hours`, a report
// a minute, starting at `start`; returns the latitude reached.
double Sail(std::string& log, std::uint32_t mmsi, double lat, double lon, std::int64_t start,
            double hours) {
  for (std::int64_t t = start; t <= start + static_cast<std::int64_t>(hours * 3600); t += 60) {
    const double at = lat + 0.2 * static_cast<double>(t - start) / 3600;
    log += mt::Sentence(
               mt::PositionBits({.mmsi = mmsi, .lat = at, .lon = lon, .sog_kn = 12, .cog_deg = 0}),
               t) +
           "\n";
  }
  return lat + 0.2 * hours;
}

class VesselsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = store::Store::Open({.url = (dir_.path() / "v.db").string()}, AllMigrations());
    ASSERT_TRUE(s) << s.error().ToString();
    store_ = std::move(s).value();
  }

  // The AIS of the two vessels, each heard by its own receiver (an ingest with its own
  // detectors, so that neither vessel's silence while the other is heard ends as an open gap):
  // the IMO vessel stops 12 h at Buenaventura 20 days before kAt, sails north, goes dark for
  // 10 h and is heard again; the MMSI vessel stops 7 h at Guayaquil 10 days before kAt, and 3 h
  // (too short for a call) at Paita 5 days before.
  void IngestAis() {
    std::string imo_log, mmsi_log;
    imo_log +=
        mt::Sentence(mt::StaticBits({.mmsi = kImoVessel, .imo = 9074729, .name = "EVER SAMPLE"}),
                     kAt - 21 * kDay) +
        "\n";
    imo_log +=
        mt::Sentence(mt::StaticBits({.mmsi = kPartner, .name = "DARK PARTNER"}), kAt - 21 * kDay) +
        "\n";
    const auto& bun = Port("COBUN");
    std::int64_t t = kAt - 20 * kDay;
    const double lon = bun.lon - 0.02;  // ~2 km off the port's point
    Stop(imo_log, kImoVessel, bun.lat, lon, t, 12);
    t += 12 * 3600 + 180;
    const double lat = Sail(imo_log, kImoVessel, bun.lat, lon, t, 3);
    t += 3 * 3600 + 10 * 3600;  // dark for 10 hours, still sailing north
    Sail(imo_log, kImoVessel, lat + 2.0, lon, t, 1);
    Ingest(imo_log);

    mmsi_log += mt::Sentence(mt::StaticBits({.mmsi = kMmsiVessel, .name = "PACIFIC STAR"}),
                             kAt - 21 * kDay) +
                "\n";
    const auto& gye = Port("ECGYE");
    Stop(mmsi_log, kMmsiVessel, gye.lat, gye.lon, kAt - 10 * kDay, 7);
    const auto& pai = Port("PEPAI");
    Stop(mmsi_log, kMmsiVessel, pai.lat, pai.lon, kAt - 5 * kDay, 3);
    Ingest(mmsi_log);
  }

  void Ingest(const std::string& log) {
    maritime::Picture picture;
    ASSERT_TRUE(maritime::LoadPicture(*store_, picture));
    core::FakeClock clock(core::FromUnixSeconds(kAt));
    // Near a port the detectors see the shore (no loitering at a berth); elsewhere open sea.
    maritime::Detectors detectors({}, [](double lat_deg, double lon_deg) {
      maritime::Place place;
      for (const auto& p : maritime::KnownSeaports()) {
        if (std::abs(p.lat - lat_deg) < 0.2 && std::abs(p.lon - lon_deg) < 0.2) {
          place.shore_distance_nm = 1;
          place.port_distance_km = 1;
        }
      }
      return place;
    });
    maritime::Ingestor in(*store_, picture, {.clock = &clock, .detectors = &detectors});
    ASSERT_TRUE(in.AddBuffer(log));
    ASSERT_TRUE(in.Finish());
  }

  // An encounter of the IMO vessel with its partner 3 days before kAt, a loitering of it 5 days
  // before, and a gap 40 days before (outside the window).
  void StoreEvents() {
    std::vector<maritime::DetectionEvent> events;
    const auto us = [](std::int64_t s) { return s * 1'000'000; };
    const std::int32_t lat = 9 * 600000, lon = -80 * 600000;
    events.push_back(
        {.kind = maritime::DetectionKind::kEncounter,
         .mmsi = kPartner,  // the lower MMSI of the pair
         .partner = kImoVessel,
         .start_us = us(kAt - 3 * kDay),
         .end_us = us(kAt - 3 * kDay + 3 * 3600),
         .evidence = {
             {.mmsi = kPartner, .t_us = us(kAt - 3 * kDay), .lat = lat, .lon = lon},
             {.mmsi = kImoVessel, .t_us = us(kAt - 3 * kDay), .lat = lat, .lon = lon + 100}}});
    events.push_back(
        {.kind = maritime::DetectionKind::kLoitering,
         .mmsi = kImoVessel,
         .start_us = us(kAt - 5 * kDay),
         .end_us = us(kAt - 5 * kDay + 4 * 3600),
         .evidence = {{.mmsi = kImoVessel, .t_us = us(kAt - 5 * kDay), .lat = lat, .lon = lon}}});
    events.push_back({.kind = maritime::DetectionKind::kGap,
                      .mmsi = kImoVessel,
                      .start_us = us(kAt - 40 * kDay),
                      .end_us = us(kAt - 39 * kDay),
                      .intentional = true,
                      .measured = 24});
    ASSERT_TRUE(store_->Write(
        [&](store::Connection& tx) { return maritime::StoreDetections(tx, events); }));
  }

  void RaiseAlert(const std::string& owner, std::vector<std::string> rel, std::uint32_t mmsi,
                  const std::string& title) {
    store::Alert a{.owner_org = owner,
                   .releasability = std::move(rel),
                   .module = "maritime",
                   .kind = "dark_gap",
                   .severity = "warning",
                   .title = title,
                   .detail = "{}",
                   .subject = "mmsi:" + std::to_string(mmsi)};
    ASSERT_TRUE(store_->Write([&](store::Connection& tx) -> core::Status {
      ISTMO_RETURN_IF_ERROR(store::InsertAlert(tx, a, core::FromUnixSeconds(kAt - 2 * kDay)));
      return core::Ok();
    }));
  }

  void ImportTransitsCsv(const std::string& csv, const store::AccessScope& scope,
                         core::Timestamp now = core::FromUnixSeconds(kAt)) {
    auto parsed = ParseTransits(csv);
    ASSERT_TRUE(parsed) << parsed.error().ToString();
    auto report = ImportTransits(*store_, scope, std::move(*parsed), {}, now);
    ASSERT_TRUE(report) << report.error().ToString();
    ASSERT_EQ(report->rejects.size(), 0u) << report->rejects[0].message;
  }

  VesselFacts Facts(const store::AccessScope& scope, const std::string& imo,
                    std::int64_t at = kAt) {
    auto r = store_->Read<VesselFacts>([&](store::Connection& c) {
      return VesselFactsFor(c, scope, imo, core::FromUnixSeconds(at));
    });
    EXPECT_TRUE(r) << r.error().ToString();
    return r ? *r : VesselFacts{};
  }

  istmo::testing::TempDir dir_;
  std::unique_ptr<store::Store> store_;
  const store::AccessScope acp_ = Scope("org-acp", "PAN", store::Role::kAnalyst);
  const store::AccessScope senan_ = Scope("org-senan", "PAN", store::Role::kOfficer);
  const store::AccessScope dhs_ = Scope("org-dhs", "USA", store::Role::kAnalyst);
};

TEST(Seaports, EveryShippedLineReadsAndSourceCountriesAreTheDocumentedFive) {
  EXPECT_EQ(maritime::KnownSeaports().size(), 80u);
  for (const auto& p : maritime::KnownSeaports()) {
    EXPECT_EQ(p.locode.size(), 5u);
    EXPECT_EQ(p.locode.substr(0, 2), p.country);
    EXPECT_TRUE(p.lat >= -90 && p.lat <= 90 && p.lon >= -180 && p.lon <= 180) << p.locode;
    EXPECT_FALSE(p.name.empty()) << p.locode;
  }
  for (const char* c : {"BO", "CO", "EC", "PE", "VE"}) EXPECT_TRUE(maritime::IsSourceCountry(c));
  for (const char* c : {"PA", "US", "CL", "NL", ""}) EXPECT_FALSE(maritime::IsSourceCountry(c));
  EXPECT_TRUE(Port("COBUN").source);
  EXPECT_TRUE(Port("CLARI").source) << "Bolivia's outlet";
  EXPECT_FALSE(Port("CLSAI").source);
  EXPECT_FALSE(Port("PABLB").source);
  EXPECT_EQ(maritime::FindSeaport("XXXXX"), nullptr);
}

TEST_F(VesselsTest, LinksByImoAndCountsBehaviourOfTheThirtyDaysBefore) {
  IngestAis();
  StoreEvents();
  RaiseAlert("org-acp", {}, kImoVessel, "owner only");
  RaiseAlert("org-acp", {"USA"}, kImoVessel, "released to USA");
  RaiseAlert("org-acp", {"ALL"}, kPartner, "the partner's");
  ImportTransitsCsv(
      "transit_date,slot,vessel_imo,vessel_name,mmsi,direction,lock_set,last_port,next_port\n"
      "2024-08-21,N07,9074729,EVER SAMPLE,,northbound,neopanamax,PEPAI,USNYC\n",
      acp_);

  const VesselFacts f = Facts(acp_, kImo);
  EXPECT_TRUE(f.known);
  EXPECT_EQ(f.linked_by, "imo");
  EXPECT_EQ(f.mmsi, "636019825");
  EXPECT_EQ(f.name, "EVER SAMPLE");
  EXPECT_EQ(f.flag, "LR");
  EXPECT_EQ(f.gaps, 1) << "the 10-hour gap; the one 40 days before is outside the window";
  EXPECT_NEAR(f.dark_hours, 10, 0.1);
  EXPECT_EQ(f.encounters, 1) << "as the partner of the pair";
  EXPECT_EQ(f.loitering, 1);
  EXPECT_EQ(f.alerts, 2);
  EXPECT_EQ(f.source_port_calls, 2) << "Buenaventura from AIS, Paita from the schedule";

  // Another organization sees the alert released to it, and not the transit.
  const VesselFacts d = Facts(dhs_, kImo);
  EXPECT_EQ(d.alerts, 1);
  EXPECT_EQ(d.source_port_calls, 1);
  const VesselFacts s = Facts(senan_, kImo);
  EXPECT_EQ(s.alerts, 0);

  // The full behaviour, through the transit.
  auto transits = store_->Read<std::vector<Transit>>(
      [&](store::Connection& c) { return ListTransits(c, acp_, {}); });
  ASSERT_TRUE(transits && transits->size() == 1);
  auto v = store_->Read<std::optional<LinkedVessel>>([&](store::Connection& c) {
    return TransitVessel(c, acp_, transits->front(), core::FromUnixSeconds(kAt));
  });
  ASSERT_TRUE(v && v->has_value()) << (v ? "" : v.error().ToString());
  const LinkedVessel& lv = **v;
  ASSERT_EQ(lv.behaviour.gaps.size(), 1u);
  EXPECT_FALSE(lv.behaviour.gaps[0].intentional);
  EXPECT_GT(lv.behaviour.gaps[0].lat, Port("COBUN").lat) << "where it went dark, north of port";
  ASSERT_EQ(lv.behaviour.encounters.size(), 1u);
  EXPECT_EQ(lv.behaviour.encounters[0].partner_mmsi, kPartner);
  EXPECT_EQ(lv.behaviour.encounters[0].partner_name, "DARK PARTNER");
  ASSERT_EQ(lv.port_calls.size(), 2u);
  EXPECT_EQ(lv.port_calls[0].call.locode, "COBUN");
  EXPECT_EQ(lv.port_calls[0].call.country, "CO");
  EXPECT_FALSE(lv.port_calls[0].from_schedule);
  EXPECT_NEAR(
      std::chrono::duration<double>(lv.port_calls[0].call.departed - lv.port_calls[0].call.arrived)
          .count(),
      12 * 3600, 200);
  EXPECT_EQ(lv.port_calls[1].call.locode, "PEPAI");
  EXPECT_TRUE(lv.port_calls[1].from_schedule);
}

TEST_F(VesselsTest, AReportUnderWayEndsAPortCallAndOnlyAWholeStopCounts) {
  // At Buenaventura: two 5-hour stops with 20 minutes under way between them, all within the
  // port's radius (neither stop is a call), then, 5 days later, an 8-hour stop (a call).
  constexpr std::uint32_t kSplit = 351000123;
  std::string log =
      mt::Sentence(mt::StaticBits({.mmsi = kSplit, .imo = 9321483, .name = "SPLIT STOP"}),
                   kAt - 21 * kDay) +
      "\n";
  const auto& bun = Port("COBUN");
  std::int64_t t = kAt - 10 * kDay;
  Stop(log, kSplit, bun.lat, bun.lon, t, 5);
  t += 5 * 3600 + 180;
  const double moved = Sail(log, kSplit, bun.lat, bun.lon, t, 1.0 / 3);  // 7 km north, in port
  Stop(log, kSplit, moved, bun.lon, t + 1200 + 180, 5);
  Sail(log, kSplit, moved, bun.lon, t + 1200 + 180 + 5 * 3600 + 180, 2);  // out to sea
  Stop(log, kSplit, bun.lat, bun.lon, kAt - 5 * kDay, 8);
  Ingest(log);

  const VesselFacts f = Facts(acp_, "9321483");
  EXPECT_TRUE(f.known);
  EXPECT_EQ(f.source_port_calls, 1) << "the 8-hour stop only";
  auto b = store_->Read<maritime::VesselBehaviour>([&](store::Connection& c) {
    return maritime::ReadVesselBehaviour(c, acp_, kSplit, core::FromUnixSeconds(kAt - 30 * kDay),
                                         core::FromUnixSeconds(kAt));
  });
  ASSERT_TRUE(b) << b.error().ToString();
  ASSERT_EQ(b->port_calls.size(), 1u);
  EXPECT_EQ(b->port_calls[0].arrived, core::FromUnixSeconds(kAt - 5 * kDay));
  EXPECT_EQ(b->port_calls[0].departed, core::FromUnixSeconds(kAt - 5 * kDay + 8 * 3600));
}

TEST_F(VesselsTest, WindowEndsAtTheScoringTime) {
  IngestAis();
  StoreEvents();
  // 25 days later the Buenaventura call and the gap (20 days before kAt) are out of the window;
  // 45 days earlier nothing had happened yet.
  const VesselFacts later = Facts(acp_, kImo, kAt + 25 * kDay);
  EXPECT_TRUE(later.known);
  EXPECT_EQ(later.gaps, 0);
  EXPECT_EQ(later.source_port_calls, 0);
  EXPECT_EQ(later.encounters, 1);
  const VesselFacts before = Facts(acp_, kImo, kAt - 45 * kDay);
  EXPECT_EQ(before.gaps, 0);
  EXPECT_EQ(before.loitering, 0);
  // 39 days before kAt the old gap is inside: counted in full when it ends inside, clipped
  // hours when it crosses the window's start.
  const VesselFacts old = Facts(acp_, kImo, kAt - 39 * kDay);
  EXPECT_EQ(old.gaps, 1);
  EXPECT_NEAR(old.dark_hours, 24, 0.01);
}

TEST_F(VesselsTest, ATransitsWindowEndsAtTheEndOfItsDayOrNow) {
  IngestAis();
  ImportTransitsCsv(
      "transit_date,slot,vessel_imo,vessel_name,mmsi,direction,lock_set,last_port,next_port\n"
      "2024-07-25,N01,9074729,EVER SAMPLE,,northbound,neopanamax,,\n"
      "2024-08-25,N02,9074729,EVER SAMPLE,,northbound,neopanamax,,\n",
      acp_);
  auto transits = store_->Read<std::vector<Transit>>(
      [&](store::Connection& c) { return ListTransits(c, acp_, {}); });
  ASSERT_TRUE(transits && transits->size() == 2);
  const auto vessel = [&](const Transit& t) {
    auto v = store_->Read<std::optional<LinkedVessel>>([&](store::Connection& c) {
      return TransitVessel(c, acp_, t, core::FromUnixSeconds(kAt));
    });
    EXPECT_TRUE(v && v->has_value());
    return v && v->has_value() ? **v : LinkedVessel{};
  };
  // A past transit: the 30 days up to the end of its day, which hold the Buenaventura call
  // (2024-07-31) only when the transit is after it.
  const LinkedVessel past = vessel((*transits)[0]);
  EXPECT_EQ(core::FormatIso8601(past.to), "2024-07-26T00:00:00.000Z");
  EXPECT_EQ(past.to - past.from, kVesselWindow);
  EXPECT_TRUE(past.port_calls.empty());
  EXPECT_TRUE(past.behaviour.gaps.empty());
  // An upcoming transit: the 30 days up to now.
  const LinkedVessel next = vessel((*transits)[1]);
  EXPECT_EQ(next.to, core::FromUnixSeconds(kAt));
  EXPECT_EQ(next.port_calls.size(), 1u);
  EXPECT_EQ(next.behaviour.gaps.size(), 1u);
}

TEST_F(VesselsTest, LinksByTheTransitsMmsiWhenTheRegistryLacksTheImo) {
  IngestAis();
  ImportTransitsCsv(
      "transit_date,slot,vessel_imo,vessel_name,mmsi,direction,lock_set,last_port,next_port\n"
      "2024-08-19,S03,9811000,PACIFIC STAR,352001234,southbound,panamax,COCTG,ECGYE\n",
      acp_);
  const VesselFacts f = Facts(acp_, kImoWithoutRegistry);
  EXPECT_TRUE(f.known);
  EXPECT_EQ(f.linked_by, "mmsi");
  EXPECT_EQ(f.mmsi, "352001234");
  EXPECT_EQ(f.flag, "PA");
  EXPECT_EQ(f.source_port_calls, 2) << "Guayaquil from AIS (Paita's 3 h is no call), Cartagena "
                                       "from the schedule";
  // Without the transit (another organization's, not released) nothing links the IMO.
  const VesselFacts other = Facts(dhs_, kImoWithoutRegistry);
  EXPECT_FALSE(other.known);
  EXPECT_EQ(other.linked_by, "");
  EXPECT_EQ(other.source_port_calls, 0);
}

TEST_F(VesselsTest, UnknownVesselAndBadImo) {
  EXPECT_FALSE(Facts(acp_, kImo).known);
  auto bad = store_->Read<VesselFacts>([&](store::Connection& c) {
    return VesselFactsFor(c, acp_, "9074728", core::FromUnixSeconds(kAt));
  });
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(bad.error().field, "imo");
  auto view = store_->Read<VesselView>(
      [&](store::Connection& c) { return VesselByImo(c, acp_, kImo, core::FromUnixSeconds(kAt)); });
  ASSERT_FALSE(view);
  EXPECT_EQ(view.error().code, core::ErrorCode::kNotFound);
}

TEST_F(VesselsTest, ATransitsContainersAreItsVesselsLinesOfTheThreeWeeksBefore) {
  ImportTransitsCsv(
      "transit_date,slot,vessel_imo,vessel_name,mmsi,direction,lock_set,last_port,next_port\n"
      "2024-08-21,N07,9074729,EVER SAMPLE,,northbound,neopanamax,PEPAI,USNYC\n",
      acp_);
  const std::string header =
      "bill_of_lading,container_number,shipper_name,consignee_name,hs_code,port_of_loading,"
      "port_of_discharge,weight_kg,vessel_imo\n";
  const auto import = [&](const std::string& lines, std::int64_t at,
                          const store::AccessScope& scope) {
    auto parsed = ParseManifest(header + lines);
    ASSERT_TRUE(parsed) << parsed.error().ToString();
    auto r = ImportManifest(*store_, scope, std::move(*parsed), {}, core::FromUnixSeconds(at));
    ASSERT_TRUE(r && r->imported > 0) << (r ? r->rejects[0].message : r.error().ToString());
  };
  import("B1,CSQU3054383,S,C,0901,COBUN,USNYC,100,9074729\n", kAt - 10 * kDay, acp_);  // in
  import("B2,MSCU1234566,S,C,0901,COBUN,USNYC,100,9074729\n", kAt - 30 * kDay, acp_);  // too early
  import("B3,CSQU3054383,S,C,0901,COBUN,USNYC,100,9811000\n", kAt - 5 * kDay, acp_);   // other ship
  import("B4,CSQU3054383,S,C,0901,COBUN,USNYC,100,9074729\n", kAt - 5 * kDay, dhs_);   // hidden
  import("B5,MSCU1234566,S,C,0901,COBUN,USNYC,100,9074729\n", kAt + 2 * kDay, acp_);   // after
  auto transits = store_->Read<std::vector<Transit>>(
      [&](store::Connection& c) { return ListTransits(c, acp_, {}); });
  ASSERT_TRUE(transits && transits->size() == 1);
  auto lines = store_->Read<std::vector<TransitContainer>>(
      [&](store::Connection& c) { return TransitContainers(c, acp_, transits->front(), 100); });
  ASSERT_TRUE(lines);
  ASSERT_EQ(lines->size(), 1u);
  EXPECT_EQ((*lines)[0].container_number, "CSQU3054383");
  EXPECT_FALSE((*lines)[0].score);

  // A score of the line shows in the risk.
  ASSERT_TRUE(store_->Write([&](store::Connection& tx) -> core::Status {
    ISTMO_RETURN_IF_ERROR(tx.Exec(
        "INSERT INTO canal_scores (line_id, owner_org, run_id, scored_at, score, lane, selection) "
        "VALUES (?, 'org-acp', 'run', '2024-08-19T00:00:00.000Z', 42, 'red', 'rules')",
        {(*lines)[0].line_id}));
    return core::Ok();
  }));
  auto risk = store_->Read<TransitRisk>(
      [&](store::Connection& c) { return RiskOfTransit(c, acp_, transits->front()); });
  ASSERT_TRUE(risk);
  EXPECT_EQ(risk->containers, 1);
  EXPECT_EQ(risk->scored, 1);
  EXPECT_EQ(risk->red, 1);
  EXPECT_EQ(risk->yellow, 0);
  EXPECT_EQ(risk->max_score, 42);
}

}  // namespace
}  // namespace istmo::canal

// Zones: the shipped data, the point-in-zone index (known points, and against GEOS on random
// points), entry and exit events through the Ingestor, zone files and areas of interest.
#include "maritime/zones.h"

#include <geos_c.h>

#include <algorithm>
#include <random>

#include <gtest/gtest.h>

#include "maritime/ingest.h"
#include "maritime/maritime_test_util.h"
#include "maritime/nmea_builder.h"

namespace istmo::maritime {
namespace {

using testing::PositionBits;
using testing::Sentence;

constexpr std::int64_t kT0 = 1'700'000'000;

std::vector<std::string> IdsAt(const ZoneIndex& index, double lat, double lon) {
  std::vector<std::uint32_t> found;
  index.Find(lat, lon, found);
  std::vector<std::string> ids;
  for (auto i : found) ids.push_back(index.zones()[i].id);
  std::sort(ids.begin(), ids.end());
  return ids;
}

bool Has(const std::vector<std::string>& ids, const std::string& id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

TEST(ZoneData, BuiltinZonesAreValidAndOfEveryKind) {
  const auto& zones = BuiltinZones();
  std::vector<ZoneKind> kinds;
  for (const Zone& z : zones) {
    EXPECT_TRUE(ValidateZone(z)) << z.id;
    EXPECT_FALSE(z.source.empty()) << z.id;
    kinds.push_back(z.kind);
  }
  for (ZoneKind k : {ZoneKind::kEez, ZoneKind::kTerritorialSea, ZoneKind::kContiguousZone,
                     ZoneKind::kCanal, ZoneKind::kAnchorage, ZoneKind::kPort}) {
    EXPECT_NE(std::find(kinds.begin(), kinds.end(), k), kinds.end()) << ZoneKindName(k);
  }
  EXPECT_NE(ZoneAttributions()[0].find("CC BY 4.0"), std::string::npos);
}

TEST(ZoneIndex, KnownPointsFallInTheirZones) {
  auto index = ZoneIndex::Build(BuiltinZones());
  // Miraflores Locks (the lock area's centroid, data/geo/SOURCES.md).
  EXPECT_TRUE(Has(IdsAt(*index, 8.99673, -79.59186), "LOCK-MIRAFLORES-AREA"));
  // The Pacific anchorage in the Bay of Panama, inside the EEZ and the territorial sea.
  auto anchorage = IdsAt(*index, 8.85, -79.45);
  EXPECT_EQ(anchorage, (std::vector<std::string>{"ANCH-PACIFIC", "PAN-EEZ", "PAN-territorial"}));
  // Gatún Lake anchorage.
  EXPECT_TRUE(Has(IdsAt(*index, 9.27, -79.92), "ANCH-GATUN"));
  // Open sea in the EEZ, beyond 24 nm.
  EXPECT_EQ(IdsAt(*index, 6.5, -80.5), (std::vector<std::string>{"PAN-EEZ"}));
  // South of the Azuero peninsula, 12 to 24 nm out: the contiguous zone.
  EXPECT_EQ(IdsAt(*index, 7.0, -80.5), (std::vector<std::string>{"PAN-CONTIGUOUS", "PAN-EEZ"}));
  // Outside the EEZ (off Ecuador's Galápagos side), and far away.
  EXPECT_TRUE(IdsAt(*index, 3.0, -85.0).empty());
  EXPECT_TRUE(IdsAt(*index, 57.7, 11.9).empty());
}

// The index answers what GEOS answers on 20,000 random points around the canal and the EEZ
// (points closer than 1e-9° to an edge could go either way; none is drawn that close).
TEST(ZoneIndex, AgreesWithGeosOnRandomPoints) {
  auto index = ZoneIndex::Build(BuiltinZones());
  GEOSContextHandle_t h = GEOS_init_r();
  GEOSGeoJSONReader* reader = GEOSGeoJSONReader_create_r(h);
  std::vector<const GEOSPreparedGeometry*> prepared;
  std::vector<GEOSGeometry*> geoms;
  for (const Zone& z : index->zones()) {
    std::string coords = "[";
    for (std::size_t p = 0; p < z.polygons.size(); ++p) {
      coords += p ? ",[" : "[";
      for (std::size_t r = 0; r < z.polygons[p].rings.size(); ++r) {
        coords += r ? ",[" : "[";
        for (std::size_t i = 0; i < z.polygons[p].rings[r].size(); ++i) {
          const auto& v = z.polygons[p].rings[r][i];
          coords += (i ? ",[" : "[") + std::to_string(v.lon) + "," + std::to_string(v.lat) + "]";
        }
        coords += "]";
      }
      coords += "]";
    }
    coords += "]";
    std::string text = R"({"type":"MultiPolygon","coordinates":)" + coords + "}";
    GEOSGeometry* g = GEOSGeoJSONReader_readGeometry_r(h, reader, text.c_str());
    ASSERT_NE(g, nullptr) << z.id;
    geoms.push_back(g);
    prepared.push_back(GEOSPrepare_r(h, g));
  }
  std::mt19937 rng(13);
  std::uniform_real_distribution<double> lat_wide(5.0, 12.5), lon_wide(-83.5, -77.0);
  std::uniform_real_distribution<double> lat_canal(8.8, 9.45), lon_canal(-80.0, -79.4);
  int mismatches = 0, inside = 0;
  for (int i = 0; i < 20000; ++i) {
    const bool canal = i % 2 == 0;
    const double lat = canal ? lat_canal(rng) : lat_wide(rng);
    const double lon = canal ? lon_canal(rng) : lon_wide(rng);
    std::vector<std::uint32_t> found;
    index->Find(lat, lon, found);
    GEOSGeometry* pt = GEOSGeom_createPointFromXY_r(h, lon, lat);
    std::vector<std::uint32_t> expected;
    for (std::uint32_t z = 0; z < prepared.size(); ++z) {
      if (GEOSPreparedContains_r(h, prepared[z], pt) == 1) expected.push_back(z);
    }
    GEOSGeom_destroy_r(h, pt);
    inside += !expected.empty();
    if (found != expected && ++mismatches < 5) {
      ADD_FAILURE() << "at " << lat << ", " << lon << ": " << found.size() << " zones, GEOS "
                    << expected.size();
    }
  }
  EXPECT_EQ(mismatches, 0);
  EXPECT_GT(inside, 5000);
  for (auto* p : prepared) GEOSPreparedGeom_destroy_r(h, p);
  for (auto* g : geoms) GEOSGeom_destroy_r(h, g);
  GEOSGeoJSONReader_destroy_r(h, reader);
  GEOS_finish_r(h);
}

class ZoneEventsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = testing::OpenStore(dir_.File("m.db"));
    ASSERT_NE(store_, nullptr);
  }
  // A ship steaming north from the open sea into the Pacific anchorage and back out:
  // 6.5°N (EEZ) -> 8.85°N (anchorage) -> 6.5°N, one report every 10 minutes.
  void Feed(Picture& picture, Zones& zones, int from_step, int to_step) {
    Ingestor in(*store_, picture, {.clock = &clock_, .zones = &zones});
    for (int s = from_step; s < to_step; ++s) {
      const double lat = s <= 24 ? 6.5 + s * 0.1 : 6.5 + (48 - s) * 0.1;
      ASSERT_TRUE(in.AddLine(
          Sentence(PositionBits({.mmsi = 351000001, .lat = lat, .lon = -79.45}), kT0 + s * 600)));
    }
    ASSERT_TRUE(in.Finish());
  }
  std::vector<std::string> Events() {
    auto e =
        ReadVesselZoneEvents(*store_, store::AccessScope::System(), 351000001, 0, INT64_MAX, 1000);
    EXPECT_TRUE(e);
    std::vector<std::string> out;
    for (const auto& ev : *e) {
      out.push_back(std::to_string(ev.t_us / 1'000'000 - kT0) + (ev.enter ? " enter " : " exit ") +
                    ev.zone_id);
    }
    return out;
  }

  ::istmo::testing::TempDir dir_;
  core::FakeClock clock_{core::FromUnixSeconds(kT0 + 86400)};
  std::unique_ptr<store::Store> store_;
};

TEST_F(ZoneEventsTest, CraftedTrackEntersAndLeavesTheAnchorage) {
  Picture picture;
  Zones zones;
  Feed(picture, zones, 0, 49);
  const auto events = Events();
  ASSERT_FALSE(events.empty());
  // The first report is inside the EEZ: an entry at once.
  EXPECT_EQ(events.front(), "0 enter PAN-EEZ");
  auto count = [&](const std::string& what) {
    return std::count_if(events.begin(), events.end(),
                         [&](const std::string& e) { return e.find(what) != std::string::npos; });
  };
  EXPECT_EQ(count("enter ANCH-PACIFIC"), 1);
  EXPECT_EQ(count("exit ANCH-PACIFIC"), 1);
  EXPECT_EQ(count("enter PAN-territorial"), 1);
  EXPECT_EQ(count("exit PAN-territorial"), 1);
  EXPECT_EQ(count("exit PAN-EEZ"), 0);
  EXPECT_EQ(zones.ZonesOf(351000001), (std::vector<std::string>{"PAN-EEZ"}));
}

TEST_F(ZoneEventsTest, ReplayAndRestartGiveTheSameEvents) {
  {
    Picture picture;
    Zones zones;
    Feed(picture, zones, 0, 49);
  }
  const auto once = Events();
  const auto rows = testing::Count(*store_, "maritime_zone_events");
  {
    // A new process replays the whole log: nothing new.
    Picture picture;
    Zones zones;
    Feed(picture, zones, 0, 49);
  }
  EXPECT_EQ(Events(), once);
  EXPECT_EQ(testing::Count(*store_, "maritime_zone_events"), rows);
  // A process that stopped halfway, restarted from the store and went on, gives the same.
  ASSERT_TRUE(store_->Write([](store::Connection& c) -> core::Status {
    ISTMO_RETURN_IF_ERROR(c.Exec("DELETE FROM maritime_zone_events"));
    ISTMO_RETURN_IF_ERROR(c.Exec("DELETE FROM maritime_track_points"));
    ISTMO_RETURN_IF_ERROR(c.Exec("DELETE FROM maritime_vessels"));
    return core::Ok();
  }));
  {
    Picture picture;
    Zones zones;
    Feed(picture, zones, 0, 20);
  }
  {
    Picture picture;
    ASSERT_TRUE(LoadPicture(*store_, picture));
    Zones zones;
    Feed(picture, zones, 0, 49);
  }
  EXPECT_EQ(Events(), once);
}

TEST(ZoneFiles, GeoJsonAndKmlGiveTheSameZone) {
  const std::string geojson = R"({"type":"FeatureCollection","features":[{"type":"Feature",
    "properties":{"name":"Punta Mala box"},"geometry":{"type":"Polygon","coordinates":
    [[[-80.2,7.2],[-79.8,7.2],[-79.8,7.6],[-80.2,7.6],[-80.2,7.2]]]}}]})";
  const std::string kml = R"(<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document><Placemark><name>Punta Mala box</name>
<Polygon><outerBoundaryIs><LinearRing><coordinates>
-80.2,7.2,0 -79.8,7.2,0 -79.8,7.6,0 -80.2,7.6,0 -80.2,7.2,0
</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark></Document></kml>)";
  auto a = ParseZoneFile(geojson);
  auto b = ParseZoneFile(kml);
  ASSERT_TRUE(a) << a.error().message;
  ASSERT_TRUE(b) << b.error().message;
  ASSERT_EQ(a->size(), 1u);
  ASSERT_EQ(b->size(), 1u);
  EXPECT_EQ((*a)[0].name, "Punta Mala box");
  EXPECT_EQ((*b)[0].name, "Punta Mala box");
  EXPECT_EQ((*a)[0].polygons, (*b)[0].polygons);
}

TEST(ZoneFiles, InvalidFilesAreRefusedWithTheReason) {
  struct Case {
    std::string text;
    std::string message;  // a part of the expected message
  };
  const Case cases[] = {
      {"hello", "not GeoJSON or KML"},
      {"{\"type\":", "not valid JSON"},
      {R"({"type":"Point","coordinates":[-79,9]})", "Polygon or MultiPolygon"},
      {R"({"type":"Polygon","coordinates":[[[-80,7],[-79,7],[-79,8]]]})", "at least 4"},
      {R"({"type":"Polygon","coordinates":[[[-80,7],[-79,7],[-79,8],[-80,8]]]})", "not closed"},
      {R"({"type":"Polygon","coordinates":[[[-80,7],[-79,8],[-79,7],[-80,8],[-80,7]]]})",
       "Self-intersection"},
      {R"({"type":"Polygon","coordinates":[[[-80,7],[-79,7],[-79,95],[-80,7]]]})", "latitude"},
      {"<kml><Placemark><name>x</name><Point><coordinates>-79,9</coordinates></Point>"
       "</Placemark></kml>",
       "must hold a <Polygon>"},
      {"<kml><Placemark><Polygon><outerBoundaryIs><LinearRing><coordinates>-79;9 -78,9"
       "</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark></kml>",
       "lon,lat"},
      {"<kml><Placemark><Polygon>", "not closed"},
  };
  for (const Case& c : cases) {
    auto r = ParseZoneFile(c.text);
    ASSERT_FALSE(r) << c.text;
    EXPECT_EQ(r.error().code, core::ErrorCode::kInvalidArgument);
    EXPECT_NE(r.error().message.find(c.message), std::string::npos)
        << c.text << " -> " << r.error().message;
  }
}

TEST(ZoneFiles, TooManyVerticesIsRefused) {
  std::string ring = "[[-80,7]";
  for (int i = 1; i < 200; ++i) ring += ",[" + std::to_string(-80 + i * 0.001) + ",7.5]";
  ring += ",[-80,7]]";
  auto r = ParseZonesGeoJson(R"({"type":"Polygon","coordinates":[)" + ring + "]}",
                             ZoneFileLimits{.max_vertices = 100});
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("too many vertices"), std::string::npos);
}

TEST_F(ZoneEventsTest, AreasOfInterestAreVisiblePerOrganization) {
  const store::AccessScope senan{.user_id = "u1",
                                 .username = "senan.sup",
                                 .org_id = "org-senan",
                                 .country = "PAN",
                                 .roles = static_cast<std::uint8_t>(store::Role::kSupervisor)};
  const store::AccessScope senan_officer{.user_id = "u2",
                                         .username = "senan.off",
                                         .org_id = "org-senan",
                                         .country = "PAN",
                                         .roles = static_cast<std::uint8_t>(store::Role::kOfficer)};
  const store::AccessScope dhs{.user_id = "u3",
                               .username = "dhs.an",
                               .org_id = "org-dhs",
                               .country = "USA",
                               .roles = static_cast<std::uint8_t>(store::Role::kAdmin)};
  auto parsed = ParseZonesGeoJson(
      R"({"type":"Polygon","coordinates":[[[-79.5,8.8],[-79.4,8.8],[-79.4,8.9],[-79.5,8.9],[-79.5,8.8]]]})");
  ASSERT_TRUE(parsed);
  auto created = CreateAreasOfInterest(*store_, senan, *parsed, {}, clock_.Now());
  ASSERT_TRUE(created) << created.error().message;
  const std::string id = (*created)[0].id;
  EXPECT_EQ(VisibleAreasOfInterest(*store_, senan)->size(), 1u);
  EXPECT_EQ(VisibleAreasOfInterest(*store_, dhs)->size(), 0u);
  EXPECT_EQ(ReadZoneEvents(*store_, dhs, id, 0, INT64_MAX, 10).error().code,
            core::ErrorCode::kNotFound);
  // Released to the United States: DHS sees the next one.
  ASSERT_TRUE(CreateAreasOfInterest(*store_, senan, *parsed, {"USA"}, clock_.Now()));
  EXPECT_EQ(VisibleAreasOfInterest(*store_, dhs)->size(), 1u);
  // The area's events reach only those who see it; a vessel's events too.
  Picture picture;
  Zones zones;
  ASSERT_TRUE(zones.Reload(*store_));
  {
    Ingestor in(*store_, picture, {.clock = &clock_, .zones = &zones});
    ASSERT_TRUE(
        in.AddLine(Sentence(PositionBits({.mmsi = 351000001, .lat = 8.85, .lon = -79.45}), kT0)));
    ASSERT_TRUE(in.Finish());
  }
  auto mine = ReadZoneEvents(*store_, senan, id, 0, INT64_MAX, 10);
  ASSERT_TRUE(mine);
  EXPECT_EQ(mine->size(), 1u);
  auto theirs = ReadVesselZoneEvents(*store_, dhs, 351000001, 0, INT64_MAX, 100);
  ASSERT_TRUE(theirs);
  for (const auto& e : *theirs) EXPECT_NE(e.zone_id, id);
  // Deleting: not by another organization, not by an officer; by the owner's supervisor.
  EXPECT_EQ(DeleteAreaOfInterest(*store_, dhs, id, clock_.Now()).error().code,
            core::ErrorCode::kNotFound);
  EXPECT_EQ(DeleteAreaOfInterest(*store_, senan_officer, id, clock_.Now()).error().code,
            core::ErrorCode::kPermissionDenied);
  EXPECT_TRUE(DeleteAreaOfInterest(*store_, senan, id, clock_.Now()));
  EXPECT_EQ(VisibleAreasOfInterest(*store_, senan)->size(), 1u);
  EXPECT_EQ(ReadZoneEvents(*store_, senan, id, 0, INT64_MAX, 10).error().code,
            core::ErrorCode::kNotFound);
}

}  // namespace
}  // namespace istmo::maritime

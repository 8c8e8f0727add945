// The synthetic canal world: calibrated to the published figures (transits a day, locks, terminal
// TEU shares), every identifier valid, deterministic per seed, and positives rare, labelled and
// drawn from every pattern.
#include "canal/synthetic.h"

#include <map>
#include <set>

#include <gtest/gtest.h>

#include "canal/codes.h"
#include "canal/parties.h"

namespace istmo::canal {
namespace {

const SyntheticWorld& World90Days() {
  static const SyntheticWorld world = [] {
    auto w = GenerateSyntheticWorld({.seed = 42, .first_day = "2024-06-01", .days = 90});
    EXPECT_TRUE(w) << w.error().ToString();
    return std::move(w).value();
  }();
  return world;
}

TEST(SyntheticWorld, TransitsADayAreNearFy2024Average) {
  const auto& w = World90Days();
  // 9,944 transits in FY2024 (366 days) = 27.2 a day; Poisson over 90 days stays within 5 %.
  const double per_day = static_cast<double>(w.transits.size()) / 90;
  EXPECT_NEAR(per_day, 9944.0 / 366, 27.2 * 0.05);
  std::set<std::string> days;
  for (const auto& t : w.transits) days.insert(t.line.transit_date);
  EXPECT_EQ(days.size(), 90u);
  EXPECT_EQ(*days.begin(), "2024-06-01");
  EXPECT_EQ(*days.rbegin(), "2024-08-29");
}

TEST(SyntheticWorld, LockSetsAndDirectionsFollowTheFleet) {
  const auto& w = World90Days();
  double neopanamax = 0, northbound = 0;
  for (const auto& t : w.transits) {
    neopanamax += t.line.lock_set == "neopanamax";
    northbound += t.line.direction == "northbound";
  }
  const double n = static_cast<double>(w.transits.size());
  // FY2024: 2,852 of 9,936 large commercial transits through the Neopanamax locks (28.7 %).
  EXPECT_NEAR(neopanamax / n, 0.287, 0.05);
  EXPECT_NEAR(northbound / n, 0.5, 0.05);
}

TEST(SyntheticWorld, SlotsAreUniquePerDayAndTransitLinesValidate) {
  const auto& w = World90Days();
  std::set<std::pair<std::string, std::string>> slots;
  for (const auto& t : w.transits) {
    EXPECT_TRUE(slots.insert({t.line.transit_date, t.line.slot}).second) << t.line.slot;
    TransitLine copy = t.line;
    auto ok = ValidateTransitLine(copy, "");
    EXPECT_TRUE(ok) << ok.error().ToString();
  }
}

TEST(SyntheticWorld, TerminalSharesFollowThe2023Teu) {
  const auto& w = World90Days();
  ASSERT_GT(w.containers.size(), 20000u);
  std::map<std::string, double> count;
  for (const auto& c : w.containers) count[c.terminal] += 1;
  double teu = 0;
  for (const auto& t : ContainerTerminals()) teu += t.teu_2023;
  for (const auto& t : ContainerTerminals()) {
    const double share = count[std::string(t.locode)] / static_cast<double>(w.containers.size());
    EXPECT_NEAR(share, t.teu_2023 / teu, 0.015) << t.name;
  }
  EXPECT_EQ(count.size(), ContainerTerminals().size());
}

TEST(SyntheticWorld, EveryManifestLinePassesTheImportChecks) {
  const auto& w = World90Days();
  for (const auto& c : w.containers) {
    ManifestLine copy = c.line;
    auto ok = ValidateManifestLine(copy, "");
    ASSERT_TRUE(ok) << c.line.container_number << ": " << ok.error().ToString();
    // The check digit is the one ISO 6346 gives, not just a digit.
    EXPECT_EQ(c.line.container_number[10] - '0',
              *Iso6346CheckDigit(std::string_view(c.line.container_number).substr(0, 10)));
    // The terminal that handles it is on its route.
    ASSERT_FALSE(c.line.transshipment_ports.empty());
    EXPECT_EQ(c.line.transshipment_ports.front(), c.terminal);
    EXPECT_EQ(c.line.vessel_imo, w.vessels[w.transits[c.transit].vessel].imo);
  }
}

TEST(SyntheticWorld, EveryPortIsAWellFormedLocodeOfAnAssignedCountry) {
  const auto& w = World90Days();
  std::set<std::string> ports;
  for (const auto& c : w.containers) {
    ports.insert(c.line.port_of_loading);
    ports.insert(c.line.port_of_discharge);
    for (const auto& p : c.line.transshipment_ports) ports.insert(p);
  }
  for (const auto& t : w.transits) {
    ports.insert(t.line.last_port);
    ports.insert(t.line.next_port);
  }
  EXPECT_GT(ports.size(), 30u);
  for (const auto& p : ports) {
    auto normalized = NormalizeLocode(p, "/port");
    ASSERT_TRUE(normalized) << p << ": " << normalized.error().ToString();
    EXPECT_EQ(*normalized, p);
    EXPECT_TRUE(IsAssignedAlpha2(p.substr(0, 2))) << p;
  }
}

TEST(SyntheticWorld, VesselsHaveValidImoAndDistinctIdentities) {
  const auto& w = World90Days();
  std::set<std::string> imos;
  for (const auto& v : w.vessels) {
    auto imo = NormalizeImo(v.imo, "/imo");
    ASSERT_TRUE(imo) << v.imo << ": " << imo.error().ToString();
    EXPECT_TRUE(imos.insert(v.imo).second) << v.imo;
    EXPECT_TRUE(NormalizeMmsi(v.mmsi, "/mmsi")) << v.mmsi;
    EXPECT_TRUE(IsAssignedAlpha2(v.flag)) << v.flag;
  }
}

TEST(SyntheticWorld, SameSeedGivesTheSameWorldAndAnotherSeedAnother) {
  const SyntheticOptions options{.seed = 7, .first_day = "2024-01-01", .days = 10};
  auto a = GenerateSyntheticWorld(options);
  auto b = GenerateSyntheticWorld(options);
  auto other = GenerateSyntheticWorld({.seed = 8, .first_day = "2024-01-01", .days = 10});
  ASSERT_TRUE(a && b && other);
  ASSERT_EQ(a->containers.size(), b->containers.size());
  ASSERT_EQ(a->transits.size(), b->transits.size());
  for (std::size_t i = 0; i < a->containers.size(); ++i) {
    const auto& x = a->containers[i];
    const auto& y = b->containers[i];
    EXPECT_EQ(x.line.container_number, y.line.container_number);
    EXPECT_EQ(x.line.shipper.name, y.line.shipper.name);
    EXPECT_EQ(x.line.declared_value, y.line.declared_value);
    EXPECT_EQ(x.label.positive, y.label.positive);
    EXPECT_EQ(x.label.kg, y.label.kg);
  }
  for (std::size_t i = 0; i < a->transits.size(); ++i) {
    EXPECT_EQ(a->transits[i].line.vessel_imo, b->transits[i].line.vessel_imo);
  }
  EXPECT_TRUE(a->containers.size() != other->containers.size() ||
              a->containers[0].line.container_number != other->containers[0].line.container_number);
}

TEST(SyntheticWorld, PositivesAreRareLabelledAndOfEveryPattern) {
  const auto& w = World90Days();
  std::map<SmugglingPattern, int> by_pattern;
  double positives = 0;
  for (const auto& c : w.containers) {
    if (!c.label.positive) {
      EXPECT_EQ(c.label.pattern, SmugglingPattern::kNone);
      EXPECT_EQ(c.label.kg, 0);
      continue;
    }
    positives += 1;
    ++by_pattern[c.label.pattern];
    EXPECT_NE(c.label.pattern, SmugglingPattern::kNone);
    EXPECT_TRUE(c.label.drug == "cocaine" || c.label.drug == "cannabis") << c.label.drug;
    EXPECT_GT(c.label.kg, 0);
  }
  const double share = positives / static_cast<double>(w.containers.size());
  EXPECT_GE(share, 0.003);
  EXPECT_LE(share, 0.01);
  for (int p = 1; p < kSmugglingPatterns; ++p) {
    EXPECT_GT(by_pattern[static_cast<SmugglingPattern>(p)], 0)
        << SmugglingPatternName(static_cast<SmugglingPattern>(p));
  }
  // Most positives leave from a source country, and most lines from there are negative.
  double from_source = 0, source_lines = 0;
  for (const auto& c : w.containers) {
    if (!IsSourceCountry(c.line.port_of_loading.substr(0, 2))) continue;
    source_lines += 1;
    from_source += c.label.positive;
  }
  EXPECT_GT(from_source / positives, 0.5);
  EXPECT_LT(from_source / source_lines, 0.05);
}

TEST(SyntheticWorld, AtSeaPositivesRideVesselsThatLoadAtSea) {
  const auto& w = World90Days();
  int at_sea = 0;
  for (const auto& c : w.containers) {
    if (c.label.pattern != SmugglingPattern::kAtSeaLoading) continue;
    ++at_sea;
    EXPECT_TRUE(w.vessels[w.transits[c.transit].vessel].loads_at_sea);
  }
  EXPECT_GT(at_sea, 0);
  // Honest vessels show gaps too: gaps alone do not name the smugglers.
  int honest_with_gaps = 0, smugglers = 0;
  for (const auto& v : w.vessels) {
    smugglers += v.loads_at_sea;
    honest_with_gaps += !v.loads_at_sea && v.behaviour.gaps >= 3;
  }
  EXPECT_GT(smugglers, 0);
  EXPECT_GT(honest_with_gaps, smugglers);
}

TEST(SyntheticWorld, PartySpellingsVaryButShareTheirKey) {
  const auto& w = World90Days();
  std::set<std::string> spellings, keys;
  for (const auto& c : w.containers) {
    spellings.insert(c.line.shipper.name);
    keys.insert(PartyKey(c.line.shipper.name));
  }
  EXPECT_GT(spellings.size(), keys.size() * 3 / 2);
}

TEST(SyntheticWorld, FrontCompaniesHaveLittleHistory) {
  const auto& w = World90Days();
  std::map<std::string, int> lines_before;
  int fronts = 0;
  for (const auto& c : w.containers) {
    const std::string key = PartyKey(c.line.shipper.name);
    if (c.label.pattern == SmugglingPattern::kFrontCompany) {
      ++fronts;
      EXPECT_LE(lines_before[key], 3) << c.line.shipper.name;
    }
    ++lines_before[key];
  }
  EXPECT_GT(fronts, 0);
}

TEST(SyntheticWorld, RefusesBadOptionsNamingThem) {
  auto bad_day = GenerateSyntheticWorld({.first_day = "2024-02-30"});
  ASSERT_FALSE(bad_day);
  EXPECT_EQ(bad_day.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(bad_day.error().field, "/first_day");
  auto bad_days = GenerateSyntheticWorld({.days = 0});
  ASSERT_FALSE(bad_days);
  EXPECT_EQ(bad_days.error().field, "/days");
  auto bad_share = GenerateSyntheticWorld({.positive_share = 0.5});
  ASSERT_FALSE(bad_share);
  EXPECT_EQ(bad_share.error().field, "/positive_share");
}

}  // namespace
}  // namespace istmo::canal

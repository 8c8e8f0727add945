// canal/synthetic.h — a seeded synthetic canal world: vessels, transits, container manifests and,
// for every container, a HIDDEN label (is it a true positive, which drug, how many kg, by which
// smuggling pattern). For `istmo demo` and the selection bench (bench/canal/selection_bench.cc),
// so that the yield of the shipped rules and of the random lane is measured, not assumed.
//
// Calibration (the figures and their sources are in docs/canal.md, "Demo and evaluation", and in
// synthetic.cc beside each constant):
//  - transits: 9,944 in FY2024 (ACP, ../shared/data/canal source C1), Poisson per day around
//    27.2; Panamax / Neopanamax locks 7,084 / 2,852 of large commercial transits (C1);
//  - container ships: 35.3 % of canal cargo (FY2017, C7) taken as their share of transits;
//  - containers handled per terminal in the 2023 TEU shares of MIT, Balboa, CCT, PSA Rodman and
//    Cristóbal (AMP via metrolibre, P1);
//  - real UN/LOCODEs of ports on the liner routes that cross the isthmus, valid ISO 6346
//    container numbers and IMO numbers, HS subheadings of the goods those routes carry.
//
// The labels are never written to a manifest line: a ManifestLine is what an importer sends,
// the label is what an inspection would find. The patterns of the positives follow published
// descriptions of cocaine in containers (docs/canal.md lists the families and their shares);
// they overlap with ordinary traffic on purpose (most bananas from Guayaquil are bananas).
//
// Deterministic: the same options give the same world, field by field (a 64-bit Mersenne
// Twister with our own distributions, so it does not depend on the standard library's).
//
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "canal/manifest.h"
#include "canal/transits.h"
#include "core/result.h"

namespace istmo::canal {

// How a true positive got into its container. kNone for a negative.
enum class SmugglingPattern : std::uint8_t {
  kNone,
  kRipOnRipOff,      // bags put into a legitimate shipper's container at the loading or
                     // transshipment port; the seal replaced by a copy
  kFrontCompany,     // a recently created shipper exporting a cover load for a new consignee
  kAtSeaLoading,     // loaded from a boat onto the carrying vessel at sea
  kRepeatConsignee,  // the same consignee again after a shipment that was not caught
  kUnstructured,     // none of the above: ordinary-looking cargo from anywhere
};
std::string_view SmugglingPatternName(SmugglingPattern pattern);  // "rip_on_rip_off", ...
inline constexpr int kSmugglingPatterns = 6;                      // including kNone

// What an inspection of the container would find.
struct HiddenLabel {
  bool positive = false;
  std::string drug;  // "cocaine", "cannabis" (inspections' drug types); "" when negative
  double kg = 0;
  SmugglingPattern pattern = SmugglingPattern::kNone;
  bool seal_tampered = false;  // the seal on the container is not the one of the manifest
};

// A vessel's behaviour at sea over the 30 days before a transit, in the terms of
// canal/vessels.h VesselFacts: AIS gaps and their hours, encounters with other vessels,
// loitering, maritime alerts, and port calls in source countries (CO, EC, PE, BO, VE).
struct VesselBehaviour {
  int gaps = 0;
  double dark_hours = 0;
  int encounters = 0;
  int loitering = 0;
  int alerts = 0;
  int source_port_calls = 0;
};

struct SyntheticVessel {
  std::string imo;   // 7 digits, valid check digit
  std::string mmsi;  // 9 digits; its MID is a maritime identification digit of `flag`
  std::string name;
  std::string flag;      // ISO 3166-1 alpha-2
  std::string segment;   // "container", "tanker", "dry_bulk", "vehicle_carrier", "general_cargo"
  std::string lock_set;  // "panamax" | "neopanamax"
  std::string service;   // the liner route of a container ship ("wcsa_usec", ...), else ""
  // The crew takes drugs aboard at sea (the at-sea-loading pattern); its behaviour shows it,
  // and so does the behaviour of some honest vessels (bunkering, coverage holes).
  bool loads_at_sea = false;
  VesselBehaviour behaviour;
};

struct SyntheticTransit {
  TransitLine line;        // as a transit schedule would carry it
  std::size_t vessel = 0;  // index into SyntheticWorld::vessels
  int day = 0;             // 0-based day from SyntheticOptions::first_day
  // The containers handled in Panama from this transit's vessel: [first, first + count) of
  // SyntheticWorld::containers. Zero for other segments than container ships.
  std::size_t first_container = 0;
  std::size_t container_count = 0;
};

struct SyntheticContainer {
  ManifestLine line;     // as the manifest declares it (vessel_imo and voyage set)
  std::string terminal;  // the Panamanian terminal that handles it (UN/LOCODE, also in the route)
  std::size_t transit = 0;  // index into SyntheticWorld::transits
  int day = 0;              // day of the transit
  HiddenLabel label;        // never part of `line`
};

struct SyntheticWorld {
  std::vector<SyntheticVessel> vessels;
  std::vector<SyntheticTransit> transits;      // by day, then slot
  std::vector<SyntheticContainer> containers;  // by transit
};

struct SyntheticOptions {
  std::uint64_t seed = 1;
  std::string first_day = "2024-01-01";  // YYYY-MM-DD of day 0
  int days = 90;                         // 1..3660
  // Mean transits a day: FY2024's 9,944 total transits (C1) over its 366 days.
  double transits_per_day = 9944.0 / 366.0;
  // Mean containers per container-ship transit that are loaded, discharged or transshipped in
  // Panama and so appear in the manifests the customs service sees (a Neopanamax ship carries
  // 1.6 times as many). An assumption sized for the demo; the bench raises it.
  double containers_per_transit = 60;
  // Share of containers that are true positives (0..0.05). Published figures put seizures at a
  // fraction of a percent of containers; 0.6 % keeps a 2 % inspection rate meaningful.
  double positive_share = 0.006;
  // Vessels in the fleet; a transit picks one (a liner revisits every few weeks).
  int fleet = 1200;
};

// The world for `options`, or kInvalidArgument naming the option ("/days", "/first_day", ...).
core::Result<SyntheticWorld> GenerateSyntheticWorld(const SyntheticOptions& options);

// The Panamanian container terminals and their 2023 TEU (AMP via P1), in the order MIT, Balboa,
// CCT, PSA Rodman, Cristóbal; the generator draws a container's terminal in these shares.
struct TerminalShare {
  std::string_view locode;
  std::string_view name;
  std::string_view short_name;  // "MIT", "Balboa", ...
  double teu_2023 = 0;
};
const std::vector<TerminalShare>& ContainerTerminals();

// ISO 3166-1 alpha-2 codes of the countries the generator treats as cocaine source countries
// (producers and the main departure countries named by UNODC and Europol): CO, EC, PE, BO, VE.
bool IsSourceCountry(std::string_view alpha2);

}  // namespace istmo::canal

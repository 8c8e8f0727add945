// The manifest and transit parsers: CSV and JSON, per-line rejects with line and field, files
// refused whole.
#include "canal/manifest.h"

#include <gtest/gtest.h>

#include "canal/canal_test_util.h"
#include "canal/transits.h"

namespace istmo::canal {
namespace {

using testing::kManifestCsv;
using testing::kTransitsCsv;

TEST(ManifestCsv, KeepsGoodLinesAndRejectsBadOnesWithLineAndField) {
  auto parsed = ParseManifestCsv(kManifestCsv);
  ASSERT_TRUE(parsed) << parsed.error().ToString();
  EXPECT_EQ(parsed->total, 5);
  ASSERT_EQ(parsed->lines.size(), 3u);
  EXPECT_EQ(parsed->line_numbers, (std::vector<std::int64_t>{2, 3, 6}));
  ASSERT_EQ(parsed->rejects.size(), 2u);
  EXPECT_EQ(parsed->rejects[0].line, 4);
  EXPECT_EQ(parsed->rejects[0].field, "/container_number");
  EXPECT_NE(parsed->rejects[0].message.find("gives 3"), std::string::npos);
  EXPECT_EQ(parsed->rejects[1].line, 5);
  EXPECT_EQ(parsed->rejects[1].field, "/port_of_discharge");

  const ManifestLine& first = parsed->lines[0];
  EXPECT_EQ(first.bill_of_lading, "MEDU1234567");
  EXPECT_EQ(first.container_number, "CSQU3054383");
  EXPECT_EQ(first.seals, (std::vector<std::string>{"SL-1", "SL-2"}));
  EXPECT_EQ(first.shipper.name, "Café Exportadora, S.A.");
  EXPECT_EQ(first.shipper.address, "Av. Balboa 12, Panamá");
  EXPECT_FALSE(first.notify);
  EXPECT_EQ(first.hs_code, "090111");
  EXPECT_EQ(first.transshipment_ports, (std::vector<std::string>{"PABLB"}));
  EXPECT_DOUBLE_EQ(first.weight_kg, 18200.5);
  ASSERT_TRUE(first.declared_value);
  EXPECT_DOUBLE_EQ(*first.declared_value, 41000);
  EXPECT_EQ(first.currency, "USD");
  ASSERT_TRUE(parsed->lines[1].notify);
  EXPECT_EQ(parsed->lines[1].notify->name, "Harbor Brokers");
  EXPECT_EQ(parsed->lines[1].transshipment_ports, (std::vector<std::string>{"PABLB", "PAMIT"}));
}

TEST(ManifestCsv, RejectsBadNumbersAndValueWithoutCurrency) {
  const std::string header =
      "bill_of_lading,container_number,shipper_name,consignee_name,hs_code,port_of_loading,"
      "port_of_discharge,weight_kg,declared_value,currency\n";
  auto parsed = ParseManifestCsv(header +
                                 "B1,CSQU3054383,S,C,0901,COBUN,USMIA,heavy,,\n"
                                 "B2,CSQU3054383,S,C,0901,COBUN,USMIA,0,,\n"
                                 "B3,CSQU3054383,S,C,0901,COBUN,USMIA,10,500,\n"
                                 "B4,CSQU3054383,S,C,0901,COBUN,USMIA,10,,USD\n"
                                 "B5,CSQU3054383,,C,0901,COBUN,USMIA,10,,\n"
                                 "B6,CSQU3054383,S,C,0901,COBUN\n"
                                 "B 7,CSQU3054383,S,C,0901,COBUN,USMIA,10,,\n");
  ASSERT_TRUE(parsed);
  EXPECT_TRUE(parsed->lines.empty());
  std::vector<std::string> fields;
  for (const auto& r : parsed->rejects) fields.push_back(r.field);
  EXPECT_EQ(fields,
            (std::vector<std::string>{"/weight_kg", "/weight_kg", "/currency", "/declared_value",
                                      "/shipper_name", "", "/bill_of_lading"}));
}

TEST(ManifestCsv, ReadsTheCarryingVesselAndVoyageWhenGiven) {
  const std::string header =
      "bill_of_lading,container_number,shipper_name,consignee_name,hs_code,port_of_loading,"
      "port_of_discharge,weight_kg,vessel_imo,voyage\n";
  auto parsed = ParseManifestCsv(header +
                                 "B1,CSQU3054383,S,C,0901,COBUN,USMIA,10,IMO 9074729,452n\n"
                                 "B2,CSQU3054383,S,C,0901,COBUN,USMIA,10,,\n"
                                 "B3,CSQU3054383,S,C,0901,COBUN,USMIA,10,9074720,\n"
                                 "B4,CSQU3054383,S,C,0901,COBUN,USMIA,10,,45 2\n");
  ASSERT_TRUE(parsed);
  ASSERT_EQ(parsed->lines.size(), 2u);
  EXPECT_EQ(parsed->lines[0].vessel_imo, "9074729");
  EXPECT_EQ(parsed->lines[0].voyage, "452N");
  EXPECT_EQ(parsed->lines[1].vessel_imo, "");
  ASSERT_EQ(parsed->rejects.size(), 2u);
  EXPECT_EQ(parsed->rejects[0].field, "/vessel_imo");
  EXPECT_EQ(parsed->rejects[1].field, "/voyage");
}

TEST(ManifestCsv, RefusesBadHeadersWhole) {
  EXPECT_EQ(ParseManifestCsv("").error().line, 1);
  auto unknown = ParseManifestCsv("bill_of_lading,container,shipper_name\n");
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().field, "container");
  auto missing = ParseManifestCsv("bill_of_lading,container_number\nB,CSQU3054383\n");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().field, "shipper_name");
  auto repeated = ParseManifestCsv(
      "bill_of_lading,bill_of_lading,container_number,shipper_name,consignee_name,hs_code,"
      "port_of_loading,port_of_discharge,weight_kg\n");
  ASSERT_FALSE(repeated);
  EXPECT_EQ(repeated.error().message, "column repeated");
}

TEST(ManifestJson, ReadsTheDocumentedFormAndNamesPointersInRejects) {
  const std::string body = R"({"lines": [
    {"bill_of_lading": "MEDU1", "container_number": "CSQU 305438 3", "seal_numbers": ["sl-9"],
     "shipper": {"name": "Café Exportadora, S.A.", "address": "Av. Balboa 12"},
     "consignee": {"name": "Global Imports LLC"}, "notify": {"name": "Harbor Brokers"},
     "hs_code": "0901.11", "port_of_loading": "COBUN", "port_of_discharge": "USMIA",
     "transshipment_ports": ["PABLB"], "weight_kg": 18200.5,
     "declared_value": {"amount": 41000, "currency": "usd"}},
    {"bill_of_lading": "MEDU2", "container_number": "CSQU3054383",
     "shipper": {"name": ""}, "consignee": {"name": "C"}, "hs_code": "0901",
     "port_of_loading": "COBUN", "port_of_discharge": "USMIA", "weight_kg": 10},
    {"bill_of_lading": "MEDU3", "container_number": "CSQU3054383",
     "shipper": {"name": "S"}, "consignee": {"name": "C"}, "hs_code": "0901",
     "port_of_loading": "COBUN", "port_of_discharge": "USMIA", "weight_kg": "10"},
    {"bill_of_lading": "MEDU4", "container_number": "CSQU3054383", "colour": "red"},
    17,
    {"bill_of_lading": "MEDU5", "container_number": "CSQU3054383",
     "shipper": {"name": "S"}, "consignee": {"name": "C"}, "hs_code": "0901",
     "port_of_loading": "COBUN", "port_of_discharge": "USMIA", "weight_kg": 10,
     "declared_value": {"amount": 5}}
  ]})";
  auto parsed = ParseManifest(body);
  ASSERT_TRUE(parsed) << parsed.error().ToString();
  EXPECT_EQ(parsed->total, 6);
  ASSERT_EQ(parsed->lines.size(), 1u);
  EXPECT_EQ(parsed->lines[0].container_number, "CSQU3054383");
  EXPECT_EQ(parsed->lines[0].seals, (std::vector<std::string>{"SL-9"}));
  EXPECT_EQ(parsed->lines[0].currency, "USD");
  ASSERT_TRUE(parsed->lines[0].notify);
  std::vector<std::pair<std::int64_t, std::string>> rejects;
  for (const auto& r : parsed->rejects) rejects.emplace_back(r.line, r.field);
  EXPECT_EQ(rejects, (std::vector<std::pair<std::int64_t, std::string>>{
                         {2, "/lines/1/shipper/name"},
                         {3, "/lines/2/weight_kg"},
                         {4, "/lines/3/colour"},
                         {5, "/lines/4"},
                         {6, "/lines/5/declared_value/currency"}}));
}

TEST(ManifestJson, RefusesBodiesThatAreNotALinesObject) {
  EXPECT_FALSE(ParseManifestJson("{"));
  EXPECT_EQ(ParseManifestJson(R"({"lines": 3})").error().field, "/lines");
  EXPECT_FALSE(ParseManifestJson(R"({"lines": [], "extra": 1})"));
  EXPECT_TRUE(ParseManifestJson(R"({"lines": []})"));
}

TEST(TransitsCsv, ReadsSlotsDirectionsAndLockSets) {
  auto parsed = ParseTransits(kTransitsCsv);
  ASSERT_TRUE(parsed) << parsed.error().ToString();
  ASSERT_EQ(parsed->lines.size(), 2u);
  const TransitLine& n = parsed->lines[0];
  EXPECT_EQ(n.transit_date, "2024-08-20");
  EXPECT_EQ(n.slot, "N07");
  EXPECT_EQ(n.vessel_imo, "9074729");
  EXPECT_EQ(n.mmsi, "352001234");
  EXPECT_EQ(n.direction, "northbound");
  EXPECT_EQ(n.lock_set, "neopanamax");
  EXPECT_EQ(n.last_port, "PEPAI");
  EXPECT_EQ(parsed->lines[1].direction, "southbound");
  EXPECT_EQ(parsed->lines[1].mmsi, "");
  ASSERT_EQ(parsed->rejects.size(), 2u);
  EXPECT_EQ(parsed->rejects[0].line, 4);
  EXPECT_EQ(parsed->rejects[0].field, "/vessel_imo");
  EXPECT_EQ(parsed->rejects[1].line, 5);
  EXPECT_EQ(parsed->rejects[1].field, "/transit_date");
}

TEST(TransitsJson, ReadsTheDocumentedForm) {
  auto parsed = ParseTransits(R"({"transits": [
    {"transit_date": "2024-08-20", "slot": "n07", "vessel_imo": "IMO 9074729",
     "vessel_name": "EVER EXAMPLE", "direction": "N", "lock_set": "Panamax"},
    {"transit_date": "2024-08-20", "slot": "N08", "vessel_imo": "9074729",
     "vessel_name": "EVER EXAMPLE", "direction": "east", "lock_set": "panamax"}]})");
  ASSERT_TRUE(parsed) << parsed.error().ToString();
  ASSERT_EQ(parsed->lines.size(), 1u);
  EXPECT_EQ(parsed->lines[0].slot, "N07");
  EXPECT_EQ(parsed->lines[0].lock_set, "panamax");
  ASSERT_EQ(parsed->rejects.size(), 1u);
  EXPECT_EQ(parsed->rejects[0].field, "/transits/1/direction");
}

}  // namespace
}  // namespace istmo::canal

// tests/canal/canal_test_util.h — manifest and transit files for the canal tests.
#pragma once

#include <string>

namespace istmo::canal::testing {

// A manifest of five lines: 2, 3 and 5 are good, 4 has a wrong check digit, 6 an unknown country
// in a port. Line 3 spells line 2's shipper another way.
inline const std::string kManifestCsv =
    "bill_of_lading,container_number,seal_numbers,shipper_name,shipper_address,consignee_name,"
    "consignee_address,notify_name,notify_address,hs_code,port_of_loading,port_of_discharge,"
    "transshipment_ports,weight_kg,declared_value,currency\n"
    "MEDU1234567,CSQU3054383,SL-1;SL-2,\"Café Exportadora, S.A.\",\"Av. Balboa 12, Panamá\","
    "Global Imports LLC,\"1 Main St, Miami\",,,0901.11,COBUN,USMIA,PABLB,18200.5,41000,USD\n"
    "MEDU1234568,CSQU3054383,SL-3,CAFE EXPORTADORA SA,AVENIDA BALBOA 12,Global Imports Inc.,,"
    "Harbor Brokers,,0901,COBUN,USMIA,PABLB;PAMIT,17000,,\n"
    "MEDU1234569,CSQU3054384,,X Co,,Y Co,,,,0901,COBUN,USMIA,,10,,\n"
    "MEDU1234570,CSQU3054383,,Z Co,,Y Co,,,,8471,CNSHA,XXMIA,,900,5000,USD\n"
    "MEDU1234571,CSQU3054383,,\"Ocean Trading Co., Ltd.\",Shanghai,Y Co,,,,8471.30,CNSHA,USLAX,"
    "PABLB,2500.25,,\n";

inline const std::string kTransitsCsv =
    "transit_date,slot,vessel_imo,vessel_name,mmsi,direction,lock_set,last_port,next_port\n"
    "2024-08-20,N07,9074729,EVER EXAMPLE,352001234,northbound,neopanamax,PEPAI,USNYC\n"
    "2024-08-20,S02,9074729,EVER EXAMPLE,,SB,panamax,,\n"
    "2024-08-21,N01,9074728,BAD IMO,,northbound,panamax,,\n"
    "2024-02-30,N01,9074729,BAD DATE,,northbound,panamax,,\n";

}  // namespace istmo::canal::testing

# fuzz_zone_geojson, fuzz_zone_kml: the zone upload parsers of POST /api/v1/maritime/zones with
# GEOS validation and the point-in-zone index (fuzz/zone_files_fuzz.cc, built twice).
istmo_fuzzer(NAME zone_geojson SRCS ${CMAKE_CURRENT_LIST_DIR}/zone_files_fuzz.cc
             DEPS istmo::maritime)
istmo_fuzzer(NAME zone_kml SRCS ${CMAKE_CURRENT_LIST_DIR}/zone_files_fuzz.cc
             DEPS istmo::maritime)
target_compile_definitions(fuzz_zone_kml PRIVATE ISTMO_ZONE_FORMAT_KML=1)

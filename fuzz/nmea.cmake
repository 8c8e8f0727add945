# fuzz_nmea: AIS decoding of untrusted NMEA lines, from tag blocks to JSON/CSV (fuzz/nmea_fuzz.cc).
istmo_fuzzer(NAME nmea SRCS ${CMAKE_CURRENT_LIST_DIR}/nmea_fuzz.cc DEPS istmo::ais)

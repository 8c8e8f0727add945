# fuzz_maritime_ingest: the maritime ingest path (decoder, picture, registry, thinning, store) on
# untrusted feed lines (fuzz/maritime_ingest_fuzz.cc).
istmo_fuzzer(NAME maritime_ingest SRCS ${CMAKE_CURRENT_LIST_DIR}/maritime_ingest_fuzz.cc
             DEPS istmo::maritime istmo::store)
# fuzz_maritime_lines: a live feed's byte stream cut into lines, in reads of any size
# (fuzz/maritime_lines_fuzz.cc; src/maritime/lines.h).
istmo_fuzzer(NAME maritime_lines SRCS ${CMAKE_CURRENT_LIST_DIR}/maritime_lines_fuzz.cc
             DEPS istmo::maritime)

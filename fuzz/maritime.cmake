# fuzz_maritime_ingest: the maritime ingest path (decoder, picture, registry, thinning, store) on
# untrusted feed lines (fuzz/maritime_ingest_fuzz.cc).
istmo_fuzzer(NAME maritime_ingest SRCS ${CMAKE_CURRENT_LIST_DIR}/maritime_ingest_fuzz.cc
             DEPS istmo::maritime istmo::store)

# fuzz_canal_manifest: the manifest parser, CSV and JSON, with every field check, and the
# transit schedule parser on the same bytes (fuzz/canal_manifest_fuzz.cc).
istmo_fuzzer(NAME canal_manifest SRCS ${CMAKE_CURRENT_LIST_DIR}/canal_manifest_fuzz.cc
             DEPS istmo::canal)

# fuzz_json_body: request bodies of the HTTP API, from raw bytes to validated requests
# (fuzz/json_body_fuzz.cc).
istmo_fuzzer(NAME json_body SRCS ${CMAKE_CURRENT_LIST_DIR}/json_body_fuzz.cc DEPS istmo::api_json)

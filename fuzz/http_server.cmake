# fuzz_http_server: the byte stream of one connection to api::Server (Boost.Beast) over loopback —
# request framing with the server's caps, targets and queries, routes and path parameters, the
# token from Authorization or the session cookie with CSRF, WebSocket frames
# (fuzz/http_server_fuzz.cc).
istmo_fuzzer(NAME http_server SRCS ${CMAKE_CURRENT_LIST_DIR}/http_server_fuzz.cc
             DEPS istmo::api Boost::headers Threads::Threads)
# Edges that every input runs through (Asio, the standard library, nlohmann/json) are left out
# of coverage: see fuzz/http_server.coverage-ignore. Neither ninja nor ccache reads that file by
# itself: its hash is part of the flags (an edit reconfigures and recompiles) and ccache is told
# to hash it (CCACHE_EXTRAFILES), so no object compiled with another list is reused.
if(ISTMO_FUZZ)
  set(ignore_file ${CMAKE_CURRENT_LIST_DIR}/http_server.coverage-ignore)
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${ignore_file})
  file(SHA1 ${ignore_file} ignore_hash)
  set(ignore -fsanitize-coverage-ignorelist=${ignore_file} -DISTMO_COVERAGE_IGNORE=${ignore_hash})
  target_compile_options(fuzz_http_server PRIVATE ${ignore})
  target_compile_options(istmo_api PRIVATE ${ignore})
  if(ISTMO_LAUNCHER)
    set_target_properties(fuzz_http_server istmo_api PROPERTIES CXX_COMPILER_LAUNCHER
                          "env;CCACHE_EXTRAFILES=${ignore_file};${ISTMO_LAUNCHER}")
  endif()
endif()

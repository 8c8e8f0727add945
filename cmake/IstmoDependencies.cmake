# Every third-party library comes from Debian 12 packages (scripts/install-deps names them).
# No FetchContent, no vendored sources.
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)
find_package(fmt REQUIRED)
find_package(spdlog REQUIRED)
find_package(nlohmann_json 3.11 REQUIRED)
find_package(OpenSSL REQUIRED)
pkg_check_modules(SQLITE3 REQUIRED IMPORTED_TARGET sqlite3)
pkg_check_modules(SODIUM REQUIRED IMPORTED_TARGET libsodium)
pkg_check_modules(ARGON2 REQUIRED IMPORTED_TARGET libargon2)
# GEOS (C API) for maritime zones: validation and the point-in-zone grid (src/maritime/internal/geos.cc).
pkg_check_modules(GEOS REQUIRED IMPORTED_TARGET geos)
# libcrack2-dev ships no pkg-config file: its library and header, found by hand.
find_library(CRACK_LIBRARY NAMES crack REQUIRED)
find_path(CRACK_INCLUDE_DIR crack.h REQUIRED)
add_library(Crack::crack UNKNOWN IMPORTED)
set_target_properties(Crack::crack PROPERTIES IMPORTED_LOCATION "${CRACK_LIBRARY}"
                                              INTERFACE_INCLUDE_DIRECTORIES "${CRACK_INCLUDE_DIR}")

# The server (src/api) is Boost.Beast on Boost.Asio, header-only; the fuzz build has it too
# (fuzz_http_server).
find_package(Boost 1.74 REQUIRED)

if(NOT ISTMO_FUZZ)
  # cpp-httplib is only the tests' HTTP client (tests/testing/http_client.cc).
  pkg_check_modules(HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib)
  find_package(CLI11 REQUIRED)
  if(ISTMO_BUILD_TESTS)
    find_package(GTest REQUIRED)
    include(GoogleTest)
  endif()
  if(ISTMO_BUILD_BENCH)
    find_package(benchmark REQUIRED)
  endif()
endif()

# istmo_library / istmo_test / istmo_bench / istmo_fuzzer: the only ways targets are declared.

# Warnings live on an INTERFACE target, not in global flags.
add_library(istmo_warnings INTERFACE)
# Designated initializers (STYLE.md) leave fields out on purpose, so that warning is off.
target_compile_options(istmo_warnings INTERFACE -Wall -Wextra -Wpedantic -Wshadow
                       -Wno-missing-field-initializers
                       $<$<BOOL:${ISTMO_WERROR}>:-Werror>)
# GCC 12 at -O3 reports std::string copies inlined from libstdc++ as out of bounds or
# overlapping where they are not (GCC bugs 105329, 105651, 107852). They stay warnings, to be
# read, but do not fail a -Werror build; every other warning does.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  target_compile_options(istmo_warnings INTERFACE
                         $<$<BOOL:${ISTMO_WERROR}>:-Wno-error=array-bounds -Wno-error=restrict
                         -Wno-error=stringop-overflow -Wno-error=maybe-uninitialized>)
endif()

if(ISTMO_FUZZ)
  set(ISTMO_SANITIZE_FLAGS -fsanitize=address,undefined -fno-sanitize-recover=undefined
                           -fno-omit-frame-pointer)
endif()

# istmo_precompile(<target> <header>...): precompiles third-party headers that most of the
# target's files include (ISTMO_PCH; not in the fuzz build). Tests share one precompiled
# GoogleTest + nlohmann/json header instead (istmo_test_pch in tests/testing).
function(istmo_precompile target)
  if(ISTMO_PCH AND NOT ISTMO_FUZZ)
    target_precompile_headers(${target} PRIVATE ${ARGN})
  endif()
endfunction()

# istmo_library(NAME <module> SRCS ... [DEPS ...] [PRIVATE_DEPS ...])
# Declares istmo_<module> (static) and its alias istmo::<module>. The include root is src/.
function(istmo_library)
  cmake_parse_arguments(ARG "" "NAME" "SRCS;DEPS;PRIVATE_DEPS" ${ARGN})
  set(target istmo_${ARG_NAME})
  add_library(${target} STATIC ${ARG_SRCS})
  add_library(istmo::${ARG_NAME} ALIAS ${target})
  target_include_directories(${target} PUBLIC ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(${target} PUBLIC ${ARG_DEPS} PRIVATE ${ARG_PRIVATE_DEPS} istmo_warnings)
  if(ISTMO_FUZZ)
    target_compile_options(${target} PRIVATE ${ISTMO_SANITIZE_FLAGS} -fsanitize=fuzzer-no-link)
    target_link_options(${target} PUBLIC -fsanitize=address,undefined)
  endif()
endfunction()

# istmo_test(NAME <module> SRCS ... [DEPS ...] [LABELS ...])
# One gtest binary per module, istmo_<module>_test; ctest sees each TEST separately.
# Tests run from the project root so ../shared/data and data/ resolve; their main()
# (tests/testing/test_main.cc) puts ISTMO_SHARED_DATA, ISTMO_BINARY_DIR and ISTMO_SOURCE_DIR in
# the environment. (ctest's ENVIRONMENT property cannot carry a list through gtest_discover_tests.)
function(istmo_test)
  cmake_parse_arguments(ARG "" "NAME" "SRCS;DEPS;LABELS" ${ARGN})
  set(target istmo_${ARG_NAME}_test)
  add_executable(${target} ${ARG_SRCS} ${PROJECT_SOURCE_DIR}/tests/testing/test_main.cc)
  target_include_directories(${target} PRIVATE ${PROJECT_SOURCE_DIR}/src ${PROJECT_SOURCE_DIR}/tests)
  target_link_libraries(${target} PRIVATE ${ARG_DEPS} GTest::gmock GTest::gtest istmo_warnings)
  target_compile_definitions(${target} PRIVATE
    ISTMO_TEST_SHARED_DATA="${ISTMO_SHARED_DATA}"
    ISTMO_TEST_BINARY_DIR="${PROJECT_BINARY_DIR}"
    ISTMO_TEST_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
  if(ISTMO_PCH AND TARGET istmo_test_pch)
    target_precompile_headers(${target} REUSE_FROM istmo_test_pch)
  endif()
  # Tests build strings with `std::string(n, c) + "..."` everywhere, where GCC 12 reports its
  # false positives (see istmo_warnings): off in tests, still on in the product's code.
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    target_compile_options(${target} PRIVATE -Wno-array-bounds -Wno-restrict -Wno-stringop-overflow)
  endif()
  set(labels ${ARG_NAME} ${ARG_LABELS})
  # A list-valued property must be one escaped argument to survive gtest_discover_tests.
  string(REPLACE ";" "\\;" labels "${labels}")
  gtest_discover_tests(${target}
    WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}
    DISCOVERY_TIMEOUT 60
    PROPERTIES LABELS "${labels}")
endfunction()

# istmo_bench(NAME <thing> SRCS ... [DEPS ...]): a Google Benchmark binary bench_<thing>.
function(istmo_bench)
  cmake_parse_arguments(ARG "" "NAME" "SRCS;DEPS" ${ARGN})
  set(target bench_${ARG_NAME})
  add_executable(${target} ${ARG_SRCS})
  target_include_directories(${target} PRIVATE ${PROJECT_SOURCE_DIR}/src ${PROJECT_SOURCE_DIR}/bench)
  target_link_libraries(${target} PRIVATE ${ARG_DEPS} benchmark::benchmark istmo_warnings)
  set_target_properties(${target} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR}/bench)
endfunction()

# istmo_fuzzer(NAME <parser> SRCS ... [DEPS ...])
# With ISTMO_FUZZ: a libFuzzer binary fuzz_<parser> with ASan + UBSan.
# Otherwise: the same source linked with fuzz/replay_main.cc, and a ctest test that replays
# fuzz/corpus/<parser>/ and fuzz/regressions/<parser>/.
function(istmo_fuzzer)
  cmake_parse_arguments(ARG "" "NAME" "SRCS;DEPS" ${ARGN})
  set(target fuzz_${ARG_NAME})
  if(ISTMO_FUZZ)
    add_executable(${target} ${ARG_SRCS})
    target_compile_options(${target} PRIVATE ${ISTMO_SANITIZE_FLAGS} -fsanitize=fuzzer)
    target_link_options(${target} PRIVATE -fsanitize=fuzzer,address,undefined)
  else()
    add_executable(${target} ${ARG_SRCS} ${PROJECT_SOURCE_DIR}/fuzz/replay_main.cc)
    add_test(NAME fuzz_replay.${ARG_NAME}
             COMMAND ${target} ${PROJECT_SOURCE_DIR}/fuzz/corpus/${ARG_NAME}
                     ${PROJECT_SOURCE_DIR}/fuzz/regressions/${ARG_NAME})
    set_tests_properties(fuzz_replay.${ARG_NAME} PROPERTIES LABELS fuzz)
  endif()
  target_include_directories(${target} PRIVATE ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(${target} PRIVATE ${ARG_DEPS} istmo_warnings)
  set_target_properties(${target} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR}/fuzz)
  set_property(GLOBAL APPEND PROPERTY ISTMO_FUZZ_TARGETS ${target})
endfunction()

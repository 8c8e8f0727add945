# fuzz_migration_csv: the encounter CSV import parser and field validation (fuzz/migration_csv_fuzz.cc).
istmo_fuzzer(NAME migration_csv SRCS ${CMAKE_CURRENT_LIST_DIR}/migration_csv_fuzz.cc
             DEPS istmo::migration)

# fuzz_canal_rules: the risk rule language (fuzz/canal_rules_fuzz.cc): CheckExpression, Compile
# and Score on any bytes, with the error position, Check/Compile agreement and not-complement
# checks.
istmo_fuzzer(NAME canal_rules SRCS ${CMAKE_CURRENT_LIST_DIR}/canal_rules_fuzz.cc
             DEPS istmo::canal)

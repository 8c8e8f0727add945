# fuzz_image: biometrics photo sniffing + JPEG/PNG decoding (fuzz/image_fuzz.cc).
istmo_fuzzer(NAME image SRCS ${CMAKE_CURRENT_LIST_DIR}/image_fuzz.cc DEPS istmo::biometrics_image)

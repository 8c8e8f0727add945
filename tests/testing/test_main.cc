// main() of every istmo_test binary: GoogleTest with the project's folders in the environment.
//
// ISTMO_SHARED_DATA, ISTMO_BINARY_DIR and ISTMO_SOURCE_DIR are set from the build (unless the
// environment already has them), so a test binary run by hand finds ../shared/data, build/istmo
// and the sources just as under ctest.
//
// A peer that closes while a test still writes (a server refusing an oversized upload with 413
// before reading it) is an EPIPE for the writer to see, as in `istmo serve`, not a signal that
// ends the whole binary.
#include <signal.h>
#include <stdlib.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

int main(int argc, char** argv) {
  signal(SIGPIPE, SIG_IGN);
  setenv("ISTMO_SHARED_DATA", ISTMO_TEST_SHARED_DATA, /*overwrite=*/0);
  setenv("ISTMO_BINARY_DIR", ISTMO_TEST_BINARY_DIR, 0);
  setenv("ISTMO_SOURCE_DIR", ISTMO_TEST_SOURCE_DIR, 0);
  ::testing::InitGoogleMock(&argc, argv);
  return RUN_ALL_TESTS();
}

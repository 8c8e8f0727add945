// The translation unit that builds the tests' precompiled header (tests/testing/CMakeLists.txt):
// an executable, so that it is compiled with the test binaries' -fPIE.
int main() { return 0; }

// Helpers shared by the AIS tests: decode sentences into one message, read test data.
#pragma once

#include <cstdlib>
#include <fstream>
#include <initializer_list>
#include <sstream>
#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "ais/decoder.h"

namespace istmo::ais::testing {

// Decodes the lines in order and returns the message the last one completes; a test failure
// when no message comes out.
inline Message DecodeOne(std::initializer_list<std::string_view> lines) {
  Decoder decoder;
  LineOutcome outcome = LineOutcome::kIgnored;
  for (std::string_view line : lines) outcome = decoder.DecodeLine(line);
  if (outcome != LineOutcome::kMessage) {
    ADD_FAILURE() << "no message from " << *(lines.end() - 1) << " (bad kind "
                  << BadInputName(decoder.last_bad()) << ")";
    return {};
  }
  return decoder.message();
}

template <class T>
T DecodeBody(std::initializer_list<std::string_view> lines) {
  const Message m = DecodeOne(lines);
  if (const T* body = std::get_if<T>(&m.body)) return *body;
  ADD_FAILURE() << "message type " << int{m.type} << " has another body";
  return T{};
}

// "!" + body + "*hh" with the NMEA checksum of body, for building sentences in tests.
inline std::string WithChecksum(std::string_view body) {
  unsigned sum = 0;
  for (char c : body) sum ^= static_cast<unsigned char>(c);
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string s = "!";
  s.append(body);
  s.push_back('*');
  s.push_back(kHex[sum >> 4]);
  s.push_back(kHex[sum & 0xF]);
  return s;
}

// a followed by b (appending, which GCC 12 does not mistake for an overlapping copy).
inline std::string Concat(std::string_view a, std::string_view b) {
  std::string s(a);
  s.append(b);
  return s;
}

// tests/ais/testdata/<name>, read from the project root (the tests' working directory).
inline std::string ReadTestData(std::string_view name) {
  const char* root = std::getenv("ISTMO_SOURCE_DIR");
  std::string path = std::string(root ? root : ".") + "/tests/ais/testdata/" + std::string(name);
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot read " << path;
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace istmo::ais::testing

// Conformance with gpsd on real logs: every message of each log in tests/ais/testdata is
// decoded to JSON and compared field by field with what `gpsdecode -j` (Debian gpsd-clients
// 3.22) printed for the same log (<log>.gpsdecode.json). The few accepted differences are the
// rules in Accepted() below; docs/ais.md gives the reason for each.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "ais/decoder.h"
#include "ais/json.h"
#include "ais_test_util.h"
#include "testing/temp_dir.h"

namespace istmo::ais {
namespace {

using nlohmann::json;

struct Record {
  json value;
  std::string input;  // the sentence(s) of the message, for failure messages
  std::int64_t line = 0;
};

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::vector<Record> DecodeLog(const std::string& log) {
  const std::vector<std::string> lines = Lines(log);
  std::vector<Record> out;
  Decoder decoder;
  std::string text;
  std::int64_t first_line = 1;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const LineOutcome outcome = decoder.DecodeLine(lines[i]);
    if (outcome == LineOutcome::kMessage) {
      text.clear();
      AppendJson(decoder.message(), JsonOptions{}, &text);
      Record r{.value = json::parse(text), .input = {}, .line = static_cast<std::int64_t>(i + 1)};
      for (std::int64_t l = first_line; l <= r.line; ++l) r.input += lines[l - 1] + "\n";
      out.push_back(std::move(r));
    }
    if (outcome != LineOutcome::kPending) first_line = static_cast<std::int64_t>(i + 2);
  }
  return out;
}

std::vector<json> ReadGolden(const std::string& name) {
  std::vector<json> out;
  for (const std::string& line : Lines(testing::ReadTestData(name))) {
    if (!line.empty()) out.push_back(json::parse(line));
  }
  return out;
}

// "<bits>:<hex>": equal when the bit counts agree and so do the bits within the count (gpsd
// leaves whatever follows the data in the last byte; we zero it).
bool SameData(const std::string& ours, const std::string& theirs) {
  const auto a = ours.find(':');
  const auto b = theirs.find(':');
  if (a == std::string::npos || b == std::string::npos) return ours == theirs;
  if (ours.substr(0, a) != theirs.substr(0, b)) return false;
  const unsigned long bits = std::stoul(ours.substr(0, a));
  const std::string x = ours.substr(a + 1);
  const std::string y = theirs.substr(b + 1);
  if (x.size() != y.size()) return false;
  const std::size_t full = bits / 4;  // whole hex digits inside the count
  if (x.compare(0, full, y, 0, full) != 0) return false;
  if (bits % 4 == 0) return true;
  const unsigned mask = (0xF0u >> (bits % 4)) & 0xFu;
  return (std::stoul(x.substr(full, 1), nullptr, 16) & mask) ==
         (std::stoul(y.substr(full, 1), nullptr, 16) & mask);
}

// True when the field may differ, for the reason documented in docs/ais.md.
bool Accepted(const json& ours, const json& theirs, const std::string& field) {
  if (field == "device") return true;  // gpsdecode names its input "stdin"
  if (field == "turn" && ours[field].is_number() && theirs[field].is_number()) {
    return std::abs(ours[field].get<int>()) == std::abs(theirs[field].get<int>());
  }
  if (field == "radio" && ours["type"] == 26 && theirs[field] == 0) return true;
  if (field == "data" && ours[field].is_string() && theirs[field].is_string()) {
    return SameData(ours[field].get<std::string>(), theirs[field].get<std::string>());
  }
  return false;
}

// A message we emit and gpsd does not: a type 24 part B without its part A.
bool AcceptedExtra(const json& ours) { return ours["type"] == 24 && !ours.contains("shipname"); }

void CheckLog(const std::string& log_name, std::size_t min_messages) {
  const std::vector<Record> ours = DecodeLog(testing::ReadTestData(log_name));
  const std::vector<json> theirs =
      ReadGolden(log_name.substr(0, log_name.rfind('.')) + ".gpsdecode.json");
  ASSERT_GE(theirs.size(), min_messages) << "golden output of " << log_name << " looks truncated";
  std::size_t i = 0;
  std::size_t j = 0;
  std::size_t compared = 0;
  while (i < ours.size() && j < theirs.size()) {
    const Record& r = ours[i];
    const json& a = r.value;
    const json& b = theirs[j];
    if (a["type"] != b["type"] || a["mmsi"] != b["mmsi"]) {
      EXPECT_TRUE(AcceptedExtra(a)) << log_name << " line " << r.line << ": we decode type "
                                    << a["type"] << " MMSI " << a["mmsi"] << " where gpsd has type "
                                    << b["type"] << " MMSI " << b["mmsi"] << "\ninput: " << r.input;
      ++i;
      continue;
    }
    std::set<std::string> fields;
    for (const auto& [k, v] : a.items()) fields.insert(k);
    for (const auto& [k, v] : b.items()) fields.insert(k);
    for (const std::string& f : fields) {
      const json got = a.contains(f) ? a[f] : json("<absent>");
      const json expected = b.contains(f) ? b[f] : json("<absent>");
      if (got == expected || Accepted(a, b, f)) continue;
      ADD_FAILURE() << log_name << " line " << r.line << " field \"" << f
                    << "\"\n  input: " << r.input << "  expected (gpsdecode): " << expected.dump()
                    << "\n  got: " << got.dump();
    }
    ++compared;
    ++i;
    ++j;
  }
  for (; i < ours.size(); ++i) {
    EXPECT_TRUE(AcceptedExtra(ours[i].value))
        << log_name << " line " << ours[i].line << ": extra message " << ours[i].value.dump();
  }
  EXPECT_EQ(j, theirs.size()) << log_name << ": gpsd decoded " << theirs.size() - j
                              << " messages more, first: "
                              << theirs[std::min(j, theirs.size() - 1)].dump();
  EXPECT_EQ(compared, theirs.size());
}

TEST(Conformance, GpsdSampleMatchesGpsdecode) { CheckLog("gpsd_sample.aivdm", 90); }

TEST(Conformance, GpsdClassBAndLongRangeLogMatchesGpsdecode) {
  CheckLog("gpsd_ais-18-27.log", 130);
}

TEST(Conformance, LibaisTypeExamplesMatchGpsdecode) { CheckLog("libais_typeexamples.nmea", 20); }

TEST(Conformance, LibaisTagBlocksMatchGpsdecode) { CheckLog("libais_tagblock.nmea", 4); }

TEST(Conformance, CountsOfOurDecodeAndLibaisAgreeOnCommonTypes) {
  // libais rejects some lengths gpsd and we accept (docs/ais.md); every message libais does
  // decode must be one we decode too, with the same type and MMSI, in order.
  // (tests/ais/testdata/*.libais.json come from bench/peers/libais_decode.py --json.)
  for (const std::string log :
       {"gpsd_sample.aivdm", "gpsd_ais-18-27.log", "libais_typeexamples.nmea"}) {
    const std::vector<Record> ours = DecodeLog(testing::ReadTestData(log));
    const std::vector<json> libais = ReadGolden(log.substr(0, log.rfind('.')) + ".libais.json");
    std::size_t i = 0;
    for (const json& m : libais) {
      // We hold a type 24 part A and emit it merged into its part B (as gpsd does).
      if (m["id"] == 24 && m.value("part_num", -1) == 0) continue;
      while (i < ours.size() &&
             (ours[i].value["type"] != m["id"] || ours[i].value["mmsi"] != m["mmsi"])) {
        ++i;
      }
      EXPECT_LT(i, ours.size()) << log << ": libais decodes " << m.dump() << " which we do not";
      if (i < ours.size()) ++i;
    }
  }
}

// <log>.gpsd.json or, gzipped, <log>.gpsd.json.gz beside a log of ../shared/data/ais.
std::vector<json> ReadSharedGolden(const std::filesystem::path& log) {
  std::string text;
  const std::filesystem::path plain = log.string() + ".gpsd.json";
  const std::filesystem::path gz = log.string() + ".gpsd.json.gz";
  if (std::filesystem::exists(plain)) {
    std::ifstream in(plain, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    text = ss.str();
  } else if (FILE* p = popen(("gzip -dc '" + gz.string() + "'").c_str(), "r"); p != nullptr) {
    char buf[65536];
    for (std::size_t n; (n = fread(buf, 1, sizeof buf, p)) > 0;) text.append(buf, n);
    pclose(p);
  }
  std::vector<json> out;
  for (const std::string& line : Lines(text)) {
    json j = json::parse(line, nullptr, false);
    if (!j.is_discarded() && j.value("class", "") == "AIS") out.push_back(std::move(j));
  }
  return out;
}

// gpsd pairs a type 24 part B only with a part A of its own radio channel, eight per channel;
// we hold sixteen for both channels (ais/decoder.cc). Every name gpsd merges in the real Class B
// logs we merge too, on the same part B, in order (docs/ais.md, "Counts on the shared logs").
TEST(Conformance, EveryType24NameGpsdMergesInTheSharedLogsWeMergeToo) {
  const std::filesystem::path dir = ::istmo::testing::SharedData() / "ais/opencpn";
  if (!std::filesystem::exists(dir)) GTEST_SKIP() << "no ../shared/data/ais";
  std::size_t checked = 0;
  for (const char* name :
       {"Go_to_Guernesey.txt", "Hakefjord.ais-only.log", "stupan.se-10112-tcp.log"}) {
    SCOPED_TRACE(name);
    std::ifstream in(dir / name, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    std::vector<Record> merged;
    for (Record& r : DecodeLog(ss.str())) {
      if (r.value["type"] == 24 && r.value.contains("shipname")) merged.push_back(std::move(r));
    }
    std::size_t i = 0;
    for (const json& m : ReadSharedGolden(dir / name)) {
      if (m["type"] != 24) continue;
      while (i < merged.size() && (merged[i].value["mmsi"] != m["mmsi"] ||
                                   merged[i].value["shipname"] != m["shipname"])) {
        ++i;
      }
      EXPECT_LT(i, merged.size()) << "gpsd merges " << m.dump() << " and we do not";
      if (i < merged.size()) ++i;
      ++checked;
    }
  }
  EXPECT_GE(checked, 110u);  // 22 + 87 + 9 merged by gpsd
}

}  // namespace
}  // namespace istmo::ais

// Fuzzes the risk rule language the way the rule editor reaches it: any bytes as an expression
// through CheckExpression, then CompiledRuleSet::Compile and Score on a few containers. Checks
// the language's promises: an error is kInvalidArgument "rule_syntax" with a 1-based line and
// column inside the input and a UTF-8 message; Check and Compile agree; a score is the sum of
// the fired weights in rule order; `not (e)` fires exactly where `e` does not.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "canal/parties.h"
#include "canal/rules.h"
#include "core/result.h"

namespace {

using namespace istmo;

const std::vector<canal::NamedList>& Lists() {
  static const std::vector<canal::NamedList> lists = {
      {.name = "source_ports", .kind = canal::ListKind::kPorts, .items = {"COBUN", "ECGYE"}},
      {.name = "source_countries", .kind = canal::ListKind::kCountries, .items = {"CO", "EC"}},
      {.name = "cover_loads", .kind = canal::ListKind::kCommodities, .items = {"03", "0803"}},
      {.name = "parties", .kind = canal::ListKind::kParties, .items = {"frutas del sur"}},
      {.name = "words", .kind = canal::ListKind::kText, .items = {"USD", "AV CENTRAL"}},
  };
  return lists;
}

const std::vector<canal::ContainerFacts>& Containers() {
  static const std::vector<canal::ContainerFacts> facts = [] {
    std::vector<canal::ContainerFacts> out(3);
    canal::ContainerFacts& risky = out[0];
    risky.bill_of_lading = "BL1";
    risky.hs_code = "080390";
    risky.port_of_loading = "ECGYE";
    risky.port_of_discharge = "BEANR";
    risky.transshipment_ports = {"PAMIT", "COCTG"};
    risky.shipper = canal::PartyKey("Frutas del Sur S.A.");
    risky.consignee = canal::PartyKey("Northern Produce LLC");
    risky.shipper_address = canal::AddressKey("Av. Central 1");
    risky.weight_kg = 20000;
    risky.declared_value = 3000;
    risky.currency = "USD";
    risky.vessel_gaps = 2;
    risky.vessel_dark_hours = 30;
    canal::ContainerFacts& plain = out[1];
    plain.hs_code = "8471";
    plain.port_of_loading = "CNSHA";
    plain.port_of_discharge = "USLAX";
    plain.shipper = "acme";
    plain.consignee = "best buy";
    plain.weight_kg = 9000;
    plain.seal_count = 1;
    plain.shipper_lines = 300;
    for (auto& f : out) canal::FillDerived(f);  // out[2]: every value missing
    return out;
  }();
  return facts;
}

bool IsUtf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    const std::size_t len = c < 0x80                 ? 1
                            : c >= 0xC2 && c <= 0xDF ? 2
                            : c >= 0xE0 && c <= 0xEF ? 3
                            : c >= 0xF0 && c <= 0xF4 ? 4
                                                     : 0;
    if (len == 0 || i + len > s.size()) return false;
    for (std::size_t k = 1; k < len; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    }
    i += len;
  }
  return true;
}

void CheckError(const core::Error& e, std::string_view input, const std::string& field) {
  ISTMO_CHECK(e.code == core::ErrorCode::kInvalidArgument);
  ISTMO_CHECK(e.reason == "rule_syntax");
  ISTMO_CHECK(e.field == field);
  ISTMO_CHECK(!e.message.empty());
  ISTMO_CHECK(IsUtf8(e.message));
  ISTMO_CHECK(e.params.size() == 2 && e.params[0].first == "line" && e.params[1].first == "column");
  const long line = std::stol(e.params[0].second);
  const long column = std::stol(e.params[1].second);
  ISTMO_CHECK(line == e.line && line >= 1 && column >= 1);
  // The position is inside the input or just after its end.
  long lines = 1;
  for (char c : input) lines += c == '\n' ? 1 : 0;
  ISTMO_CHECK(line <= lines);
  ISTMO_CHECK(static_cast<std::size_t>(column) <= input.size() + 1);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  auto checked = canal::CheckExpression(input, Lists());
  auto compiled =
      canal::CompiledRuleSet::Compile({{.id = "a", .expression = input, .weight = 7},
                                       {.id = "b", .expression = "weight_kg > 1", .weight = 2}},
                                      Lists());
  ISTMO_CHECK(checked.has_value() == compiled.has_value());
  if (!checked) {
    CheckError(checked.error(), input, "/expression");
    CheckError(compiled.error(), input, "/rules/0/expression");
    return 0;
  }
  for (const std::string& name : *checked) {
    bool known = false;
    for (const auto& l : Lists()) known = known || l.name == name;
    ISTMO_CHECK(known);
  }
  auto negated = canal::CompiledRuleSet::Compile(
      {{.id = "n", .expression = "not (" + input + "\n)", .weight = 1}}, Lists());
  canal::Score s;
  for (const canal::ContainerFacts& f : Containers()) {
    compiled->Score(f, s);
    double sum = 0;
    std::uint32_t last = 0;
    for (std::size_t i = 0; i < s.fired.size(); ++i) {
      ISTMO_CHECK(i == 0 || s.fired[i].rule > last);
      last = s.fired[i].rule;
      sum += s.fired[i].weight;
    }
    ISTMO_CHECK(sum == s.score);
    const bool fired = !s.fired.empty() && s.fired[0].rule == 0;
    if (negated) ISTMO_CHECK(negated->Score(f).fired.empty() == fired);
  }
  return 0;
}

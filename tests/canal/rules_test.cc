// The risk rule language: every operator on every field type, missing values, lists and their
// kinds, derived fields, the explanation of a score, the errors an analyst sees (message and
// position), and the shipped rules of data/canal/rules.json.
#include "canal/rules.h"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "canal/parties.h"

namespace istmo::canal {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::vector<NamedList> Lists() {
  return {
      {.name = "source_ports", .kind = ListKind::kPorts, .items = {"ECGYE", "COBUN", "COCTG"}},
      {.name = "source_countries", .kind = ListKind::kCountries, .items = {"CO", "EC", "PE"}},
      {.name = "cover_loads", .kind = ListKind::kCommodities, .items = {"0803", "03", "090111"}},
      {.name = "watch_parties",
       .kind = ListKind::kParties,
       .items = {PartyKey("Frutas del Sur S.A."), PartyKey("Global Trading Ltd")}},
      {.name = "odd_currencies", .kind = ListKind::kText, .items = {"XAU", "BTC"}},
      {.name = "addresses", .kind = ListKind::kText, .items = {"AVENIDA CENTRAL 12"}},
  };
}

ContainerFacts Facts() {
  ContainerFacts f;
  f.bill_of_lading = "MAEU123456789";
  f.container_number = "CSQU3054383";
  f.owner_code = "CSQ";
  f.hs_code = "080390";
  f.port_of_loading = "ECGYE";
  f.port_of_discharge = "USNYC";
  f.transshipment_ports = {"PAMIT", "JMKIN"};
  f.shipper = PartyKey("Frutas del Sur, S.A.");
  f.consignee = PartyKey("Northern Produce LLC");
  f.shipper_address = AddressKey("Av. Central 12");
  f.weight_kg = 20000;
  f.declared_value = 10000;
  f.currency = "USD";
  f.seal_count = 1;
  f.vessel_imo = "9321483";
  f.shipper_lines = 2;
  f.shipper_age_days = 10;
  FillDerived(f);
  return f;
}

// Whether `expression` fires on `facts` (it must compile).
bool Fires(std::string_view expression, const ContainerFacts& facts = Facts()) {
  auto set = CompiledRuleSet::Compile(
      {{.id = "r", .name = "r", .expression = std::string(expression), .weight = 1}}, Lists());
  if (!set) {
    ADD_FAILURE() << expression << ": " << set.error().ToString();
    return false;
  }
  return set->Score(facts).score == 1;
}

TEST(RuleFacts, FillDerivedGivesCountriesValuePerKgAndTheRouteInOrder) {
  const ContainerFacts f = Facts();
  EXPECT_EQ(f.loading_country, "EC");
  EXPECT_EQ(f.discharge_country, "US");
  EXPECT_DOUBLE_EQ(f.value_per_kg, 0.5);
  EXPECT_THAT(f.route_ports, ElementsAre("ECGYE", "PAMIT", "JMKIN", "USNYC"));
  EXPECT_THAT(f.route_countries, ElementsAre("EC", "PA", "JM", "US"));
  EXPECT_EQ(f.transshipments, 2);
}

TEST(RuleFacts, ValuePerKgIsMissingWithoutAValueOrAWeight) {
  ContainerFacts f = Facts();
  f.declared_value = ContainerFacts::kMissing;
  FillDerived(f);
  EXPECT_TRUE(std::isnan(f.value_per_kg));
  f.declared_value = 5;
  f.weight_kg = 0;
  FillDerived(f);
  EXPECT_TRUE(std::isnan(f.value_per_kg));
}

TEST(RuleFacts, RouteCountriesAreListedOnce) {
  ContainerFacts f = Facts();
  f.port_of_loading = "COBUN";
  f.transshipment_ports = {"COCTG", "PAMIT"};
  f.port_of_discharge = "PABLB";
  FillDerived(f);
  EXPECT_THAT(f.route_countries, ElementsAre("CO", "PA"));
}

TEST(RuleFields, EveryFieldHasATypeAndBothDescriptions) {
  ASSERT_GE(Fields().size(), 30u);
  for (const FieldInfo& f : Fields()) {
    EXPECT_FALSE(f.description_es.empty()) << f.name;
    EXPECT_FALSE(f.description_en.empty()) << f.name;
    // Every field can be written in a rule.
    std::string e = std::string(f.name);
    if (f.type == FieldType::kNumber) e += " > 0";
    if (f.type == FieldType::kText || f.type == FieldType::kTextList) e += " is missing";
    EXPECT_TRUE(CheckExpression(e, {})) << e;
  }
}

TEST(RuleOperators, NumbersCompareWithEveryOperator) {
  EXPECT_TRUE(Fires("weight_kg = 20000"));
  EXPECT_FALSE(Fires("weight_kg != 20000"));
  EXPECT_TRUE(Fires("weight_kg < 20001"));
  EXPECT_TRUE(Fires("weight_kg <= 20000"));
  EXPECT_FALSE(Fires("weight_kg > 20000"));
  EXPECT_TRUE(Fires("weight_kg >= 20000"));
  EXPECT_TRUE(Fires("value_per_kg < 0.75"));
  EXPECT_TRUE(Fires("seal_count in [0, 1]"));
  EXPECT_FALSE(Fires("seal_count not in [0, 1]"));
  EXPECT_TRUE(Fires("shipper_lines > -1.5e0"));
}

TEST(RuleOperators, ATestOnAMissingNumberIsFalseWhateverTheOperator) {
  ContainerFacts f = Facts();  // vessel_* are missing
  EXPECT_FALSE(Fires("vessel_gaps > 0", f));
  EXPECT_FALSE(Fires("vessel_gaps = 0", f));
  EXPECT_FALSE(Fires("vessel_gaps != 0", f));
  EXPECT_FALSE(Fires("vessel_gaps in [0]", f));
  EXPECT_FALSE(Fires("vessel_gaps not in [0]", f));
  EXPECT_TRUE(Fires("vessel_gaps is missing", f));
  EXPECT_FALSE(Fires("vessel_gaps is not missing", f));
  EXPECT_TRUE(Fires("not vessel_gaps > 0", f));
  f.vessel_gaps = 3;
  EXPECT_TRUE(Fires("vessel_gaps > 2", f));
  EXPECT_TRUE(Fires("vessel_gaps is not missing", f));
}

TEST(RuleOperators, TextComparesInItsStoredForm) {
  EXPECT_TRUE(Fires("port_of_loading = \"ec gye\""));
  EXPECT_TRUE(Fires("PORT_OF_LOADING = \"ECGYE\""));
  EXPECT_FALSE(Fires("port_of_loading != \"ECGYE\""));
  EXPECT_TRUE(Fires("shipper = \"FRUTAS DEL SUR SA\""));
  EXPECT_TRUE(Fires("shipper_address = \"Avenida Central 12\""));
  EXPECT_TRUE(Fires("currency = \"usd\""));
  EXPECT_TRUE(Fires("hs_code = \"0803.90\""));
  EXPECT_TRUE(Fires("loading_country = \"ec\""));
  EXPECT_TRUE(Fires("container_number starts_with \"csqu\""));
  EXPECT_TRUE(Fires("bill_of_lading contains \"1234\""));
  EXPECT_FALSE(Fires("bill_of_lading contains \"999\""));
  EXPECT_TRUE(Fires("shipper contains \"Frutas\""));
  EXPECT_TRUE(Fires("hs_code starts_with \"08\""));
}

TEST(RuleOperators, AMissingTextFailsEveryTestButIsMissing) {
  const ContainerFacts f = Facts();  // notify is ""
  EXPECT_TRUE(Fires("notify is missing", f));
  EXPECT_FALSE(Fires("notify is not missing", f));
  EXPECT_FALSE(Fires("notify != \"Someone\"", f));
  EXPECT_FALSE(Fires("notify not in @watch_parties", f));
  EXPECT_FALSE(Fires("notify contains \"a\"", f));
  EXPECT_TRUE(Fires("consignee is not missing", f));
}

TEST(RuleOperators, SetsAndListsMatchTheirItems) {
  EXPECT_TRUE(Fires("port_of_loading in @source_ports"));
  EXPECT_FALSE(Fires("port_of_loading not in @source_ports"));
  EXPECT_TRUE(Fires("port_of_loading in [\"COBUN\", \"ec gye\"]"));
  EXPECT_TRUE(Fires("loading_country in @source_countries"));
  EXPECT_TRUE(Fires("shipper in @watch_parties"));
  EXPECT_FALSE(Fires("consignee in @watch_parties"));
  EXPECT_TRUE(Fires("currency not in @odd_currencies"));
  EXPECT_TRUE(Fires("shipper_address in @addresses"));
}

TEST(RuleOperators, HsSetsMatchByPrefix) {
  ContainerFacts f = Facts();
  EXPECT_TRUE(Fires("hs_code in @cover_loads", f));  // 0803 covers 080390
  f.hs_code = "030617";
  EXPECT_TRUE(Fires("hs_code in @cover_loads", f));  // chapter 03
  f.hs_code = "090111";
  EXPECT_TRUE(Fires("hs_code in @cover_loads", f));
  f.hs_code = "0901";  // a heading does not match a subheading item below it
  EXPECT_FALSE(Fires("hs_code in @cover_loads", f));
  EXPECT_TRUE(Fires("hs_code not in @cover_loads", f));
  f.hs_code = "080390";
  EXPECT_TRUE(Fires("hs_code in [\"08\"]", f));
  EXPECT_FALSE(Fires("hs_code in [\"0804\"]", f));
}

TEST(RuleOperators, ListFieldsMatchWhenAnyElementDoes) {
  EXPECT_TRUE(Fires("transshipment_ports contains \"PAMIT\""));
  EXPECT_FALSE(Fires("transshipment_ports contains \"PABLB\""));
  EXPECT_TRUE(Fires("route_ports in @source_ports"));
  EXPECT_TRUE(Fires("route_countries in [\"JM\"]"));
  EXPECT_FALSE(Fires("route_countries not in [\"JM\", \"MX\"]"));
  EXPECT_TRUE(Fires("route_countries not in [\"MX\"]"));
  ContainerFacts direct = Facts();
  direct.transshipment_ports.clear();
  FillDerived(direct);
  EXPECT_TRUE(Fires("transshipment_ports is missing", direct));
  EXPECT_FALSE(Fires("transshipment_ports not in @source_ports", direct));
}

TEST(RuleOperators, BooleanFieldsStandAloneOrCompareWithTrueAndFalse) {
  ContainerFacts f = Facts();
  EXPECT_TRUE(Fires("transshipped", f));
  EXPECT_TRUE(Fires("transshipped = true", f));
  EXPECT_FALSE(Fires("transshipped != true", f));
  EXPECT_TRUE(Fires("has_notify = false", f));
  EXPECT_FALSE(Fires("vessel_known", f));
  f.vessel_gaps = 0;
  EXPECT_TRUE(Fires("vessel_known", f));
}

TEST(RuleOperators, AndOrNotAndParenthesesNestAsWritten) {
  EXPECT_TRUE(Fires("weight_kg > 1 and seal_count = 1 or weight_kg < 0"));
  EXPECT_TRUE(Fires("weight_kg < 0 or seal_count = 1 and weight_kg > 1"));  // and binds tighter
  EXPECT_FALSE(Fires("(weight_kg < 0 or seal_count = 1) and weight_kg > 99999"));
  EXPECT_TRUE(Fires("not not seal_count = 1"));
  EXPECT_TRUE(Fires("NOT (weight_kg < 0 OR seal_count = 2)"));
  EXPECT_TRUE(Fires("# a comment\nweight_kg > 1 # trailing\n  and seal_count = 1"));
  EXPECT_TRUE(Fires("bill_of_lading != \"quote \\\" and \\\\ backslash\""));
}

TEST(RuleCheck, ReturnsTheListsUsedOnceInOrder) {
  auto used = CheckExpression(
      "port_of_loading in @source_ports and (hs_code in @cover_loads or port_of_discharge in "
      "@Source_Ports)",
      Lists());
  ASSERT_TRUE(used) << used.error().ToString();
  EXPECT_THAT(*used, ElementsAre("source_ports", "cover_loads"));
}

TEST(RuleScore, SumsTheWeightsOfFiredRulesInRuleOrder) {
  auto set = CompiledRuleSet::Compile(
      {
          {.id = "a",
           .name = "source port",
           .expression = "port_of_loading in @source_ports",
           .weight = 30},
          {.id = "b", .name = "heavy", .expression = "weight_kg > 50000", .weight = 10},
          {.id = "c", .name = "new shipper", .expression = "shipper_lines < 3", .weight = 15},
      },
      Lists());
  ASSERT_TRUE(set) << set.error().ToString();
  ASSERT_EQ(set->rules().size(), 3u);
  EXPECT_EQ(set->rules()[2].name, "new shipper");
  Score s;
  s.fired.push_back({.rule = 9, .weight = 9});  // reused: cleared by Score
  set->Score(Facts(), s);
  EXPECT_EQ(s.score, 45);
  ASSERT_EQ(s.fired.size(), 2u);
  EXPECT_EQ(s.fired[0].rule, 0u);
  EXPECT_EQ(s.fired[0].weight, 30);
  EXPECT_EQ(s.fired[1].rule, 2u);
  EXPECT_EQ(s.fired[1].weight, 15);
  ContainerFacts clean = Facts();
  clean.port_of_loading = "NLRTM";
  clean.shipper_lines = 40;
  FillDerived(clean);
  const Score none = set->Score(clean);
  EXPECT_EQ(none.score, 0);
  EXPECT_TRUE(none.fired.empty());
}

TEST(RuleScore, CompileNamesTheRuleThatDoesNotCompile) {
  auto set = CompiledRuleSet::Compile({{.expression = "weight_kg > 1"}, {.expression = "weight >"}},
                                      Lists());
  ASSERT_FALSE(set);
  EXPECT_EQ(set.error().field, "/rules/1/expression");
  EXPECT_EQ(set.error().reason, "rule_syntax");
}

struct BadRule {
  std::string expression;
  std::string message;  // a fragment
  int line;
  int column;
};

TEST(RuleCheck, BadRulesNameTheProblemAndItsPosition) {
  const std::vector<BadRule> bad = {
      {"weigth_kg > 5", "unknown field 'weigth_kg' (did you mean 'weight_kg'?)", 1, 1},
      {"seal_count = 1 and\n  xyzzy = 2", "unknown field 'xyzzy'", 2, 3},
      {"port_of_loading in @sorce_ports",
       "unknown list '@sorce_ports' (did you mean "
       "'@source_ports'?)",
       1, 20},
      {"port_of_loading in @nothing_like_it", "unknown list", 1, 20},
      {"weight_kg > \"heavy\"", "weight_kg is a number: compare it with a number, not \"heavy\"", 1,
       13},
      {"hs_code = 0803", "hs_code is text: write the value in double quotes, \"0803\"", 1, 11},
      {"weight_kg starts_with \"1\"", "'starts_with' does not apply to weight_kg, a number", 1, 11},
      {"route_ports = \"PAMIT\"", "does not apply to route_ports", 1, 13},
      {"shipper < \"A\"", "does not apply to shipper, text", 1, 9},
      {"transshipped is missing", "does not apply to transshipped", 1, 14},
      {"weight_kg >", "missing value after '>'", 1, 12},
      {"weight_kg", "missing operator after weight_kg", 1, 10},
      {"(weight_kg > 1", "missing ')' to close the '(' at line 1, column 1", 1, 15},
      {"weight_kg > 1)", "')' has no matching '('", 1, 14},
      {"()", "expected a test before ')'", 1, 2},
      {"bill_of_lading = \"abc", "no closing double quote", 1, 18},
      {"bill_of_lading = \"a\\n\"", "unknown escape", 1, 20},
      {"weight_kg > 1 seal_count = 1", "unexpected 'seal_count' after a complete test", 1, 15},
      {"", "the expression is empty", 1, 1},
      {"  # only a comment\n", "the expression is empty", 1, 1},
      {"weight_kg > 1 and", "expected a test after 'and'", 1, 18},
      {"hs_code in @source_ports",
       "@source_ports is a list of ports (UN/LOCODEs); hs_code needs "
       "a list of HS codes",
       1, 12},
      {"weight_kg in @source_ports", "weight_kg is a number and takes a set of numbers", 1, 14},
      {"port_of_loading = \"XXGYE\"", "not an ISO 3166-1 alpha-2 country code", 1, 19},
      {"port_of_loading in []", "the set [] is empty", 1, 20},
      {"port_of_loading in [\"ECGYE\" \"COBUN\"]", "missing ']'", 1, 29},
      {"port_of_loading not [\"ECGYE\"]", "expected 'in' after 'not'", 1, 21},
      {"notify is present", "expected 'missing' after 'is'", 1, 11},
      {"weight_kg == 5", "write = to compare, not ==", 1, 11},
      {"weight_kg <> 5", "write != for \"not equal\"", 1, 11},
      {"shipper = 'x'", "double quotes", 1, 11},
      {"weight_kg > 1 & seal_count = 1", "unexpected character '&'", 1, 15},
      {"and weight_kg > 1", "expected a field name, found the word 'and'", 1, 1},
      {"5 > weight_kg", "expected a field name, found '5'", 1, 1},
      {"weight_kg > 1e999", "is not a number", 1, 13},
      {"transshipped = 1", "transshipped is true or false: compare it with true or false, not 1", 1,
       16},
  };
  for (const BadRule& b : bad) {
    auto r = CheckExpression(b.expression, Lists());
    ASSERT_FALSE(r) << b.expression;
    const core::Error& e = r.error();
    EXPECT_EQ(e.code, core::ErrorCode::kInvalidArgument);
    EXPECT_THAT(e.message, HasSubstr(b.message)) << b.expression;
    EXPECT_EQ(e.field, "/expression");
    EXPECT_EQ(e.reason, "rule_syntax");
    EXPECT_EQ(e.line, b.line) << b.expression << ": " << e.message;
    ASSERT_EQ(e.params.size(), 2u);
    EXPECT_EQ(e.params[0], (std::pair<std::string, std::string>{"line", std::to_string(b.line)}))
        << b.expression;
    EXPECT_EQ(e.params[1],
              (std::pair<std::string, std::string>{"column", std::to_string(b.column)}))
        << b.expression << ": " << e.message;
  }
}

// codes.cc shortens a quoted value to 40 bytes, which can cut "é" in two; the API writes the
// message into JSON, which must be UTF-8.
TEST(RuleCheck, MessagesStayUtf8WhenAQuotedValueIsCutMidCharacter) {
  std::string value = "a";
  for (int i = 0; i < 25; ++i) value += "\xC3\xA9";  // é
  auto r = CheckExpression("port_of_loading = \"" + value + "\"", {});
  ASSERT_FALSE(r);
  EXPECT_THAT(r.error().message, HasSubstr("\\xC3"));
  EXPECT_EQ(r.error().message.find("\xC3'"), std::string::npos);
}

TEST(RuleCheck, DeepNestingIsRefusedWithoutRecursingFurther) {
  const std::string deep(100000, '(');
  auto r = CheckExpression(deep, {});
  ASSERT_FALSE(r);
  EXPECT_THAT(r.error().message, HasSubstr("bytes; at most 4096"));
  std::string nested(40, '(');
  nested += "weight_kg > 1" + std::string(40, ')');
  r = CheckExpression(nested, {});
  ASSERT_FALSE(r);
  EXPECT_THAT(r.error().message, HasSubstr("too deeply nested"));
  EXPECT_EQ(r.error().params[1].second, "33");
  std::string nots;
  for (int i = 0; i < 40; ++i) nots += "not ";
  r = CheckExpression(nots + "weight_kg > 1", {});
  ASSERT_FALSE(r);
  EXPECT_THAT(r.error().message, HasSubstr("too deeply nested"));
  std::string ok(32, '(');
  ok += "weight_kg > 1" + std::string(32, ')');
  EXPECT_TRUE(CheckExpression(ok, {}));
}

TEST(RuleCheck, ALongExpressionIsRefusedAtTheByteOverTheCap) {
  std::string e = "weight_kg > 1";
  while (e.size() <= 4096) e += " or weight_kg > 1";
  auto r = CheckExpression(e, {}, "/x");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().field, "/x");
  EXPECT_THAT(r.error().message, HasSubstr("at most 4096"));
  EXPECT_EQ(r.error().params[1].second, "4097");
}

TEST(RuleLists, ItemsAreNormalizedByKind) {
  EXPECT_EQ(*NormalizeListItem(ListKind::kPorts, "ec gye", "/items/0"), "ECGYE");
  EXPECT_EQ(*NormalizeListItem(ListKind::kCountries, " co ", "/items/0"), "CO");
  EXPECT_EQ(*NormalizeListItem(ListKind::kParties, "Frutas del Sur, S.A.", "/items/0"),
            PartyKey("FRUTAS DEL SUR SA"));
  EXPECT_EQ(*NormalizeListItem(ListKind::kCommodities, "0803.90", "/items/0"), "080390");
  EXPECT_EQ(*NormalizeListItem(ListKind::kText, "  btc ", "/items/0"), "BTC");
  for (auto [kind, item] : std::vector<std::pair<ListKind, std::string>>{
           {ListKind::kPorts, "XXABC"},
           {ListKind::kCountries, "ZZ"},
           {ListKind::kCountries, "COL"},
           {ListKind::kParties, "..."},
           {ListKind::kCommodities, "98"},
           {ListKind::kCommodities, "080"},
           {ListKind::kText, "  "},
       }) {
    auto r = NormalizeListItem(kind, item, "/items/3");
    ASSERT_FALSE(r) << item;
    EXPECT_EQ(r.error().field, "/items/3");
    EXPECT_EQ(r.error().code, core::ErrorCode::kInvalidArgument);
  }
}

TEST(RuleLists, KindNamesRoundTrip) {
  for (ListKind k : {ListKind::kPorts, ListKind::kCountries, ListKind::kParties,
                     ListKind::kCommodities, ListKind::kText}) {
    EXPECT_EQ(*ParseListKind(ListKindName(k), "/kind"), k);
  }
  EXPECT_EQ(ListKindName(ListKind::kCommodities), "hs");
  auto bad = ParseListKind("harbours", "/kind");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "/kind");
}

// data/canal/rules.json: every list item is in its stored form and every rule compiles with a
// weight in 1..100, both explanations and a source.
TEST(ShippedRules, EveryListAndRuleCompiles) {
  const char* root = std::getenv("ISTMO_SOURCE_DIR");
  ASSERT_NE(root, nullptr);
  std::ifstream in(std::string(root) + "/data/canal/rules.json");
  ASSERT_TRUE(in) << "data/canal/rules.json";
  std::stringstream text;
  text << in.rdbuf();
  const nlohmann::json doc = nlohmann::json::parse(text.str());
  std::vector<NamedList> lists;
  for (const auto& l : doc.at("lists")) {
    NamedList list{.name = l.at("name").get<std::string>()};
    auto kind = ParseListKind(l.at("kind").get<std::string>(), "/kind");
    ASSERT_TRUE(kind) << list.name;
    list.kind = *kind;
    EXPECT_FALSE(l.at("source").get<std::string>().empty()) << list.name;
    for (const auto& item : l.at("items")) {
      auto v = NormalizeListItem(list.kind, item.get<std::string>(), list.name);
      ASSERT_TRUE(v) << v.error().ToString();
      list.items.push_back(*v);
    }
    lists.push_back(std::move(list));
  }
  std::vector<RuleSource> rules;
  for (const auto& r : doc.at("rules")) {
    RuleSource rule{.id = r.at("name").get<std::string>(),
                    .name = r.at("name").get<std::string>(),
                    .expression = r.at("expression").get<std::string>(),
                    .weight = r.at("weight").get<double>(),
                    .explanation_es = r.at("explanation").at("es").get<std::string>(),
                    .explanation_en = r.at("explanation").at("en").get<std::string>()};
    EXPECT_GE(rule.weight, 1) << rule.name;
    EXPECT_LE(rule.weight, 100) << rule.name;
    EXPECT_FALSE(rule.explanation_es.empty()) << rule.name;
    EXPECT_FALSE(rule.explanation_en.empty()) << rule.name;
    EXPECT_FALSE(r.at("source").get<std::string>().empty()) << rule.name;
    rules.push_back(std::move(rule));
  }
  EXPECT_GE(rules.size(), 15u);
  EXPECT_LE(rules.size(), 30u);
  auto set = CompiledRuleSet::Compile(rules, lists);
  ASSERT_TRUE(set) << set.error().ToString();
  // A banana container from Guayaquil by a new shipper fires some rules; one from Rotterdam
  // with an established shipper fires none.
  ContainerFacts risky = Facts();
  risky.shipper_lines = 0;
  risky.shipper_age_days = ContainerFacts::kMissing;
  EXPECT_GT(set->Score(risky).score, 0);
  ContainerFacts plain;
  plain.hs_code = "847130";
  plain.port_of_loading = "NLRTM";
  plain.port_of_discharge = "USNYC";
  plain.shipper = PartyKey("Philips Electronics");
  plain.consignee = PartyKey("Best Buy");
  plain.weight_kg = 12000;
  plain.declared_value = 900000;
  plain.currency = "USD";
  plain.seal_count = 1;
  plain.shipper_lines = 500;
  plain.consignee_lines = 400;
  plain.shipper_age_days = 2000;
  FillDerived(plain);
  EXPECT_EQ(set->Score(plain).score, 0);
}

}  // namespace
}  // namespace istmo::canal

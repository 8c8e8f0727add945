// Lists, rules and lane settings in the store: every save a new version, retire and reactivate,
// names unique per organization, releasability, roles, the audit of every write, and the rule
// file loaded idempotently.
#include <gtest/gtest.h>

#include "canal/risk_test_util.h"
#include "store/audit.h"

namespace istmo::canal {
namespace {

using testing::kRiskNow;
using testing::RiskStoreTest;

class RiskStore : public RiskStoreTest {
 protected:
  core::Result<RuleDetail> Rule(const store::AccessScope& scope, const std::string& id) {
    return store_->Read<RuleDetail>([&](store::Connection& c) { return GetRule(c, scope, id); });
  }
  std::vector<store::AuditRecord> Audit() {
    auto r = store_->Read<std::vector<store::AuditRecord>>([&](store::Connection& c) {
      return store::ListAudit(c, store::AccessScope::System(), 1000);
    });
    EXPECT_TRUE(r) << r.error().ToString();
    return r ? *r : std::vector<store::AuditRecord>{};
  }
};

TEST_F(RiskStore, EverySaveOfARuleIsANewVersionAndTheOldOneStays) {
  const RiskRule r = MakeRule(acp_, "heavy", "weight_kg > 20000", 30);
  EXPECT_EQ(r.version, 1);
  EXPECT_EQ(r.status, "active");
  auto edited = EditRule(*store_, acp_, r.id, {.weight = 45, .note = "more weight"}, kRiskNow);
  ASSERT_TRUE(edited) << edited.error().ToString();
  EXPECT_EQ(edited->version, 2);
  EXPECT_EQ(edited->weight, 45);
  EXPECT_EQ(edited->expression, "weight_kg > 20000");
  auto d = Rule(acp_, r.id);
  ASSERT_TRUE(d) << d.error().ToString();
  EXPECT_EQ(d->rule.version, 2);
  ASSERT_EQ(d->versions.size(), 2u);
  EXPECT_EQ(d->versions[0].weight, 30);
  EXPECT_EQ(d->versions[1].weight, 45);
  EXPECT_EQ(d->versions[1].note, "more weight");
  EXPECT_EQ(d->versions[1].created_by, acp_.user_id);
  EXPECT_EQ(Count("SELECT count(*) FROM canal_rule_versions"), 2);
}

TEST_F(RiskStore, ABadExpressionIsRefusedNamingItsPosition) {
  auto r = CreateRule(*store_, acp_,
                      {.name = "typo",
                       .expression = "weigth_kg > 3",
                       .weight = 10,
                       .explanation_es = "x",
                       .explanation_en = "x"},
                      kRiskNow);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(r.error().field, "/expression");
  EXPECT_EQ(r.error().reason, "rule_syntax");
  EXPECT_EQ(Count("SELECT count(*) FROM canal_rules"), 0);
}

TEST_F(RiskStore, BadFieldsOfARuleAreNamed) {
  const NewRule good{.name = "n",
                     .expression = "weight_kg > 1",
                     .weight = 10,
                     .explanation_es = "es",
                     .explanation_en = "en"};
  for (auto [edit, field] :
       std::vector<std::pair<std::function<void(NewRule&)>, std::string>>{
           {[](NewRule& r) { r.weight = 0; }, "/weight"},
           {[](NewRule& r) { r.weight = 101; }, "/weight"},
           {[](NewRule& r) { r.name = ""; }, "/name"},
           {[](NewRule& r) { r.explanation_es = ""; }, "/explanation/es"},
           {[](NewRule& r) { r.explanation_en = std::string(600, 'x'); }, "/explanation/en"},
           {[](NewRule& r) { r.releasability = {"NARNIA"}; }, "/releasability/0"}}) {
    NewRule r = good;
    edit(r);
    auto made = CreateRule(*store_, acp_, r, kRiskNow);
    ASSERT_FALSE(made) << field;
    EXPECT_EQ(made.error().field, field);
  }
}

TEST_F(RiskStore, RuleNamesAreUniqueWithinAnOrganizationOnly) {
  const RiskRule first = MakeRule(acp_, "same", "weight_kg > 1", 10);
  auto again = CreateRule(*store_, acp_,
                          {.name = "same",
                           .expression = "weight_kg > 2",
                           .weight = 10,
                           .explanation_es = "x",
                           .explanation_en = "x"},
                          kRiskNow);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, core::ErrorCode::kConflict);
  EXPECT_EQ(again.error().field, "/name");
  const RiskRule other = MakeRule(acp_, "other", "weight_kg > 1", 10);
  auto renamed = EditRule(*store_, acp_, other.id, {.name = "same"}, kRiskNow);
  ASSERT_FALSE(renamed);
  EXPECT_EQ(renamed.error().field, "/name");
  // Another organization may use the name.
  EXPECT_FALSE(MakeRule(dhs_, "same", "weight_kg > 1", 10).id.empty());
  EXPECT_FALSE(first.id.empty());
}

TEST_F(RiskStore, RetiredRulesKeepTheirReasonAndCanBeReactivated) {
  const RiskRule r = MakeRule(acp_, "r", "weight_kg > 1", 10);
  auto empty = RetireRule(*store_, acp_, r.id, "", kRiskNow);
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().field, "/reason");
  auto retired = RetireRule(*store_, acp_, r.id, "does not beat chance", kRiskNow);
  ASSERT_TRUE(retired) << retired.error().ToString();
  EXPECT_EQ(retired->status, "retired");
  EXPECT_EQ(retired->status_reason, "does not beat chance");
  EXPECT_EQ(retired->version, 1);  // retiring is not a new text
  auto active = store_->Read<std::vector<RiskRule>>(
      [&](store::Connection& c) { return ListRules(c, acp_, "active"); });
  ASSERT_TRUE(active);
  EXPECT_TRUE(active->empty());
  auto back = ReactivateRule(*store_, acp_, r.id, kRiskNow);
  ASSERT_TRUE(back) << back.error().ToString();
  EXPECT_EQ(back->status, "active");
  EXPECT_EQ(back->status_reason, "");
}

TEST_F(RiskStore, AnotherOrganizationSeesOnlyReleasedRulesAndWritesNone) {
  const RiskRule hidden = MakeRule(acp_, "hidden", "weight_kg > 1", 10);
  const RiskRule shared = MakeRule(acp_, "shared", "weight_kg > 1", 10, {"USA"});
  auto h = Rule(dhs_, hidden.id);
  ASSERT_FALSE(h);
  EXPECT_EQ(h.error().code, core::ErrorCode::kNotFound);
  auto s = Rule(dhs_, shared.id);
  ASSERT_TRUE(s) << s.error().ToString();
  EXPECT_EQ(s->rule.releasability, std::vector<std::string>{"USA"});
  EXPECT_FALSE(Rule(senan_, shared.id));  // Panamanian, not released to it
  auto edit = EditRule(*store_, dhs_, shared.id, {.weight = 99}, kRiskNow);
  ASSERT_FALSE(edit);
  EXPECT_EQ(edit.error().code, core::ErrorCode::kPermissionDenied);
  auto hidden_edit = RetireRule(*store_, dhs_, hidden.id, "no", kRiskNow);
  ASSERT_FALSE(hidden_edit);
  EXPECT_EQ(hidden_edit.error().code, core::ErrorCode::kNotFound);
  auto listed = store_->Read<std::vector<RiskRule>>(
      [&](store::Connection& c) { return ListRules(c, dhs_); });
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].id, shared.id);
}

TEST_F(RiskStore, OnlyAnalystsWriteRulesAndLists) {
  for (const auto* scope : {&officer_, &supervisor_}) {
    auto r = CreateRule(*store_, *scope,
                        {.name = "n",
                         .expression = "weight_kg > 1",
                         .weight = 1,
                         .explanation_es = "x",
                         .explanation_en = "x"},
                        kRiskNow);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, core::ErrorCode::kPermissionDenied);
    auto l = CreateList(*store_, *scope, {.name = "l", .kind = "ports", .items = {"COBUN"}},
                        kRiskNow);
    ASSERT_FALSE(l);
    EXPECT_EQ(l.error().code, core::ErrorCode::kPermissionDenied);
  }
}

TEST_F(RiskStore, EveryWriteIsAuditedWithTheVersionBeforeAndAfter) {
  const RiskRule r = MakeRule(acp_, "r", "weight_kg > 1", 10);
  ASSERT_TRUE(EditRule(*store_, acp_, r.id, {.weight = 20}, kRiskNow));
  ASSERT_TRUE(RetireRule(*store_, acp_, r.id, "why", kRiskNow));
  ASSERT_TRUE(ReactivateRule(*store_, acp_, r.id, kRiskNow));
  auto l = CreateList(*store_, acp_, {.name = "ports", .kind = "ports", .items = {"COBUN"}},
                      kRiskNow);
  ASSERT_TRUE(l);
  ASSERT_TRUE(EditList(*store_, acp_, l->id, {.items = {"COBUN", "ECGYE"}}, kRiskNow));
  ASSERT_TRUE(SetLaneSettings(*store_, supervisor_, {.red_rate = 0.02}, kRiskNow));
  std::vector<std::string> actions;
  for (const auto& a : Audit()) actions.insert(actions.begin(), a.entry.action);
  EXPECT_EQ(actions, (std::vector<std::string>{"canal.rule.create", "canal.rule.edit",
                                               "canal.rule.retire", "canal.rule.reactivate",
                                               "canal.list.create", "canal.list.edit",
                                               "canal.lanes.set"}));
  const auto audit = Audit();
  const auto edit = std::find_if(audit.begin(), audit.end(), [](const store::AuditRecord& a) {
    return a.entry.action == "canal.rule.edit";
  });
  ASSERT_NE(edit, audit.end());
  EXPECT_NE(edit->entry.detail.find("\"before_version\":1"), std::string::npos);
  EXPECT_NE(edit->entry.detail.find("\"after_version\":2"), std::string::npos);
  EXPECT_EQ(edit->entry.actor_org, "org-acp");
}

TEST_F(RiskStore, ListsAreNormalizedVersionedAndKeepTheirKindWhileARuleUsesThem) {
  auto bad = CreateList(*store_, acp_, {.name = "p", .kind = "ports", .items = {"COBUN", "X"}},
                        kRiskNow);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "/items/1");
  auto bad_name = CreateList(*store_, acp_, {.name = "Bad Name", .kind = "ports"}, kRiskNow);
  ASSERT_FALSE(bad_name);
  EXPECT_EQ(bad_name.error().field, "/name");
  auto bad_kind = CreateList(*store_, acp_, {.name = "k", .kind = "planets"}, kRiskNow);
  ASSERT_FALSE(bad_kind);
  EXPECT_EQ(bad_kind.error().field, "/kind");

  auto l = CreateList(*store_, acp_,
                      {.name = "Source_Ports", .kind = "ports", .items = {"cobun", "COBUN"}},
                      kRiskNow);
  ASSERT_TRUE(l) << l.error().ToString();
  EXPECT_EQ(l->name, "source_ports");
  EXPECT_EQ(l->items, std::vector<std::string>{"COBUN"});
  auto dup = CreateList(*store_, acp_, {.name = "source_ports", .kind = "ports"}, kRiskNow);
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().code, core::ErrorCode::kConflict);
  EXPECT_EQ(dup.error().field, "/name");

  MakeRule(acp_, "from source", "port_of_loading in @source_ports", 20);
  auto kind = EditList(*store_, acp_, l->id, {.items = {"CO"}, .kind = "countries"}, kRiskNow);
  ASSERT_FALSE(kind);
  EXPECT_EQ(kind.error().code, core::ErrorCode::kConflict);
  EXPECT_EQ(kind.error().field, "/kind");
  auto items = EditList(*store_, acp_, l->id, {.items = {"COBUN", "ECGYE"}, .note = "Guayaquil"},
                        kRiskNow);
  ASSERT_TRUE(items) << items.error().ToString();
  EXPECT_EQ(items->version, 2);
  auto d = store_->Read<ListDetail>([&](store::Connection& c) { return GetList(c, acp_, l->id); });
  ASSERT_TRUE(d);
  ASSERT_EQ(d->versions.size(), 2u);
  EXPECT_EQ(d->versions[0].items, std::vector<std::string>{"COBUN"});
  EXPECT_EQ(d->versions[1].note, "Guayaquil");
  // Hidden from another organization until released.
  auto other = store_->Read<ListDetail>([&](store::Connection& c) { return GetList(c, dhs_, l->id); });
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().code, core::ErrorCode::kNotFound);
}

TEST_F(RiskStore, RulesSeeTheListsTheirOwnerMaySee) {
  auto theirs = CreateList(*store_, dhs_,
                           {.name = "dhs_ports", .kind = "ports", .items = {"ECGYE"}},
                           kRiskNow);
  ASSERT_TRUE(theirs);
  auto check = [&](const store::AccessScope& s) {
    return store_->Read<std::vector<std::string>>([&](store::Connection& c) {
      return CheckRuleExpression(c, s, "port_of_loading in @dhs_ports");
    });
  };
  EXPECT_FALSE(check(acp_));
  auto released = CreateList(*store_, dhs_,
                             {.name = "shared_ports",
                              .kind = "ports",
                              .items = {"ECGYE"},
                              .releasability = {"PAN"}},
                             kRiskNow);
  ASSERT_TRUE(released);
  auto used = store_->Read<std::vector<std::string>>([&](store::Connection& c) {
    return CheckRuleExpression(c, acp_, "port_of_loading in @shared_ports");
  });
  ASSERT_TRUE(used) << used.error().ToString();
  EXPECT_EQ(*used, std::vector<std::string>{"shared_ports"});
}

TEST_F(RiskStore, LaneRatesHaveDefaultsBoundsAndASupervisor) {
  auto lanes = store_->Read<LaneReport>(
      [&](store::Connection& c) { return GetLanes(c, acp_, kRiskNow); });
  ASSERT_TRUE(lanes);
  EXPECT_EQ(lanes->settings.version, 0);
  EXPECT_DOUBLE_EQ(lanes->settings.rates.red_rate, 0.01);
  EXPECT_DOUBLE_EQ(lanes->settings.rates.yellow_rate, 0.03);
  EXPECT_DOUBLE_EQ(lanes->settings.rates.random_rate, 0.01);
  auto analyst = SetLaneSettings(*store_, acp_, {}, kRiskNow);
  ASSERT_FALSE(analyst);
  EXPECT_EQ(analyst.error().code, core::ErrorCode::kPermissionDenied);
  for (auto [rates, field] : std::vector<std::pair<LaneRates, std::string>>{
           {{.red_rate = -0.1}, "/red_rate"},
           {{.yellow_rate = 1.5}, "/yellow_rate"},
           {{.red_rate = 0.5, .yellow_rate = 0.4, .random_rate = 0.2}, "/random_rate"}}) {
    auto r = SetLaneSettings(*store_, supervisor_, rates, kRiskNow);
    ASSERT_FALSE(r) << field;
    EXPECT_EQ(r.error().field, field);
  }
  auto set = SetLaneSettings(*store_, supervisor_,
                             {.red_rate = 0.02, .yellow_rate = 0.05, .random_rate = 0.0}, kRiskNow);
  ASSERT_TRUE(set) << set.error().ToString();
  EXPECT_EQ(set->settings.version, 1);
  EXPECT_DOUBLE_EQ(set->settings.rates.red_rate, 0.02);
  EXPECT_EQ(set->settings.updated_by, supervisor_.user_id);
  auto again = SetLaneSettings(*store_, supervisor_, {}, kRiskNow);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->settings.version, 2);
}

TEST_F(RiskStore, ARuleFileLoadsOnceAndAChangedRuleGetsANewVersion) {
  const std::string file = R"({
    "lists": [{"name": "source_ports", "kind": "ports", "items": ["COBUN", "ECGYE"],
               "source": "UNODC"}],
    "rules": [{"name": "from a source port", "expression": "port_of_loading in @source_ports",
               "weight": 30, "explanation": {"es": "origen", "en": "source"},
               "source": "CCP"}]})";
  auto first = LoadRuleFile(*store_, acp_, file, kRiskNow);
  ASSERT_TRUE(first) << first.error().ToString();
  EXPECT_EQ(first->lists_created, 1);
  EXPECT_EQ(first->rules_created, 1);
  auto again = LoadRuleFile(*store_, acp_, file, kRiskNow);
  ASSERT_TRUE(again) << again.error().ToString();
  EXPECT_EQ(again->lists_unchanged, 1);
  EXPECT_EQ(again->rules_unchanged, 1);
  EXPECT_EQ(again->rules_created + again->rules_updated, 0);

  std::string changed = file;
  changed.replace(changed.find("\"weight\": 30"), 12, "\"weight\": 35");
  changed.replace(changed.find("\"ECGYE\""), 7, "\"PEPAI\"");
  auto third = LoadRuleFile(*store_, acp_, changed, kRiskNow);
  ASSERT_TRUE(third) << third.error().ToString();
  EXPECT_EQ(third->lists_updated, 1);
  EXPECT_EQ(third->rules_updated, 1);
  auto rules = store_->Read<std::vector<RiskRule>>(
      [&](store::Connection& c) { return ListRules(c, acp_); });
  ASSERT_TRUE(rules);
  ASSERT_EQ(rules->size(), 1u);
  EXPECT_EQ((*rules)[0].version, 2);
  EXPECT_EQ((*rules)[0].weight, 35);

  auto broken = LoadRuleFile(
      *store_, acp_,
      R"({"rules": [{"name": "x", "expression": "nope > 1", "weight": 1,
                     "explanation": {"es": "x", "en": "x"}}]})",
      kRiskNow);
  ASSERT_FALSE(broken);
  EXPECT_EQ(broken.error().field, "/rules/0/expression");
  EXPECT_EQ(Count("SELECT count(*) FROM canal_rules"), 1);
}

}  // namespace
}  // namespace istmo::canal

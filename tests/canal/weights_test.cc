// Weights from yield (canal/weights.h): the shrunk hit rate, the log odds ratio and its points
// against hand-computed values; retirement; too little evidence; and in the store, the owner's
// rules only, versions pooled by expression, roles, and applying as new versions with a note.
#include "canal/weights.h"

#include <cmath>

#include <gtest/gtest.h>

#include "core/id.h"
#include "risk_test_util.h"

namespace istmo::canal {
namespace {

using testing::Bits;
using testing::GenLine;
using testing::kRiskNow;
using testing::RiskScope;

TEST(BaselineRate, IsTheJeffreysEstimateSoACleanRandomLaneIsNotZero) {
  EXPECT_DOUBLE_EQ(*BaselineRate(WilsonInterval(2, 399)), 2.5 / 400);
  EXPECT_DOUBLE_EQ(*BaselineRate(WilsonInterval(0, 300)), 0.5 / 301);
  EXPECT_FALSE(BaselineRate(WilsonInterval(0, 0)));
}

TEST(SuggestWeight, ShrinksTheHitRateTowardTheBaselineAndWeighsItsLogOddsRatio) {
  const double b = 2.5 / 400;  // 2 positives in 399 random inspections
  // 3 hits in 5: the prior (1 positive in 160 inspections) makes it 4 / 165, not 60 %.
  const WeightSuggestion few = SuggestWeight(3, 5, b, 399, {.min_inspected = 5});
  EXPECT_EQ(few.action, WeightAction::kWeight);
  EXPECT_DOUBLE_EQ(few.hits.rate, 0.6);
  EXPECT_NEAR(*few.shrunk_rate, 4.0 / 165, 1e-12);
  EXPECT_NEAR(*few.lift, 3.878787878787879, 1e-9);
  // logit(4/165) − logit(0.00625) = 1.3737941983556592; 10 points per nat.
  EXPECT_NEAR(*few.log_odds_ratio, 1.3737941983556592, 1e-9);
  EXPECT_EQ(*few.weight, 14);

  const WeightSuggestion sharp = SuggestWeight(37, 100, b, 399);
  EXPECT_NEAR(*sharp.shrunk_rate, 38.0 / 260, 1e-12);
  EXPECT_NEAR(*sharp.log_odds_ratio, 3.303812980074338, 1e-9);
  EXPECT_EQ(*sharp.weight, 33);

  const WeightSuggestion broad = SuggestWeight(6, 300, b, 399);
  EXPECT_NEAR(*broad.log_odds_ratio, 0.8989222257925107, 1e-9);
  EXPECT_EQ(*broad.weight, 9);

  // Below the baseline but not surely so (Wilson 0 of 200 reaches 1.9 %): the store's least.
  const WeightSuggestion clean = SuggestWeight(0, 200, b, 399);
  EXPECT_EQ(clean.action, WeightAction::kWeight);
  EXPECT_NEAR(*clean.log_odds_ratio, -0.8144181862680471, 1e-9);
  EXPECT_EQ(*clean.weight, 1);

  // A strong rule saturates at 100 points rather than leaving the store's range.
  EXPECT_EQ(*SuggestWeight(900, 1000, 0.0001, 100000, {.points_per_nat = 100}).weight, 100);
}

TEST(SuggestWeight, RetiresARuleWhoseUpperBoundIsBelowTheBaseline) {
  const double b = 40.5 / 401;  // 40 positives in 400
  const WeightSuggestion s = SuggestWeight(5, 200, b, 400);
  EXPECT_EQ(s.action, WeightAction::kRetire);
  EXPECT_NEAR(s.hits.high, 0.05717834040664198, 1e-9);  // < 0.101
  EXPECT_FALSE(s.weight);
  EXPECT_NEAR(*s.log_odds_ratio, -1.3396862804929768, 1e-9);
}

TEST(WeightActionName, SpellsTheActionsAsTheRouteAnswersThem) {
  EXPECT_EQ(WeightActionName(WeightAction::kInsufficient), "insufficient");
  EXPECT_EQ(WeightActionName(WeightAction::kWeight), "weight");
  EXPECT_EQ(WeightActionName(WeightAction::kRetire), "retire");
}

TEST(SuggestWeight, SuggestsNothingOnTooFewInspectionsOrWithoutABaseline) {
  EXPECT_EQ(SuggestWeight(3, 29, 0.01, 400).action, WeightAction::kInsufficient);
  EXPECT_EQ(SuggestWeight(3, 30, 0.01, 400).action, WeightAction::kWeight);
  EXPECT_EQ(SuggestWeight(10, 100, 0.01, 29).action, WeightAction::kInsufficient);
  const WeightSuggestion none = SuggestWeight(10, 100, std::nullopt, 0);
  EXPECT_EQ(none.action, WeightAction::kInsufficient);
  EXPECT_FALSE(none.weight);
  EXPECT_FALSE(none.lift);
  EXPECT_EQ(none.hits.n, 100);  // the evidence is shown all the same
}

class WeightsStore : public testing::RiskStoreTest {
 protected:
  // `count` done inspections of fresh lines of ACP, `positives` of them positive, chosen by
  // `selection`, where `fired` (the fired list as a scoring run stores it) fired.
  void Inspected(int count, int positives, const std::string& selection, const std::string& fired) {
    std::vector<GenLine> lines(static_cast<std::size_t>(count));
    const ImportReport report = ImportLines(lines, acp_, kRiskNow, serial_);
    serial_ += count;
    auto s = store_->Write([&](store::Connection& tx) -> core::Status {
      ISTMO_ASSIGN_OR_RETURN(
          auto rows, tx.Query("SELECT id FROM canal_manifest_lines WHERE import_id = ? ORDER BY "
                              "line",
                              {report.import_id}));
      int i = 0;
      for (const auto& row : rows) {
        const bool positive = i++ < positives;
        ISTMO_RETURN_IF_ERROR(tx.Exec(
            "INSERT INTO canal_inspections (id, created_at, updated_at, owner_org, releasability, "
            "line_id, lane, selection, score, fired, status, scan_result, physical_exam, "
            "seal_check, result, drugs, completed_at, completed_by) SELECT ?, ?, ?, owner_org, "
            "releasability, id, 'red', ?, 10, ?, 'done', 'clear', 'done', 'intact', ?, ?, ?, "
            "'officer' FROM canal_manifest_lines WHERE id = ?",
            {core::NewId(), "2024-08-19T10:00:00.000Z", "2024-08-19T10:00:00.000Z", selection,
             fired, positive ? "positive" : "negative",
             positive ? R"([{"type":"cocaine","kg":10}])" : "[]", "2024-08-20T10:00:00.000Z",
             row.Text(0)}));
      }
      return core::Ok();
    });
    ASSERT_TRUE(s) << s.error().ToString();
  }

  static std::string Fired(const RiskRule& r, std::int64_t version) {
    return R"([{"rule_id":")" + r.id + R"(","version":)" + std::to_string(version) +
           R"(,"weight":10}])";
  }

  core::Result<WeightSuggestions> Suggest(const store::AccessScope& scope, std::int64_t min) {
    return store_->Read<WeightSuggestions>(
        [&](store::Connection& c) { return SuggestRuleWeights(c, scope, {.min_inspected = min}); });
  }

  const RuleSuggestion& Find(const WeightSuggestions& w, const std::string& name) {
    for (const auto& r : w.rules) {
      if (r.rule.name == name) return r;
    }
    ADD_FAILURE() << "no suggestion for " << name;
    return w.rules.front();
  }

  int serial_ = 1;
};

TEST_F(WeightsStore, SuggestsForTheOwnersActiveRulesPoolingVersionsOfTheSameExpression) {
  RiskRule sharp = MakeRule(acp_, "Sharp", "hs_code in [\"0803\"]", 10);
  const RiskRule broad = MakeRule(acp_, "Broad", "weight_kg > 100", 40);
  const RiskRule weak = MakeRule(acp_, "Weak", "seal_count = 0", 20);
  RiskRule changed = MakeRule(acp_, "Changed", "weight_kg > 5000", 20);
  const RiskRule retired = MakeRule(acp_, "Retired", "weight_kg > 9000", 20);
  ASSERT_TRUE(RetireRule(*store_, acp_, retired.id, "test", kRiskNow));
  MakeRule(dhs_, "Theirs", "weight_kg > 1", 20, {"PAN"});  // released to ACP, not ACP's

  // A weight change keeps what the rule selects; a new expression does not.
  auto edited = EditRule(*store_, acp_, sharp.id, {.weight = 12, .note = "by hand"}, kRiskNow);
  ASSERT_TRUE(edited) << edited.error().ToString();
  sharp = *edited;
  auto rewritten =
      EditRule(*store_, acp_, changed.id, {.expression = "weight_kg > 6000"}, kRiskNow);
  ASSERT_TRUE(rewritten) << rewritten.error().ToString();
  changed = *rewritten;

  Inspected(400, 40, "random", "[]");           // baseline 40 / 400
  Inspected(30, 10, "rules", Fired(sharp, 1));  // sharp: 37 / 100 over versions 1 and 2
  Inspected(70, 27, "rules", Fired(sharp, 2));
  Inspected(100, 15, "rules", Fired(broad, 1));
  Inspected(200, 5, "rules", Fired(weak, 1));
  Inspected(50, 0, "rules", Fired(changed, 1));  // the old expression's evidence
  Inspected(10, 1, "rules", Fired(changed, 2));

  auto w = Suggest(acp_, 30);
  ASSERT_TRUE(w) << w.error().ToString();
  EXPECT_EQ(w->baseline.n, 400);
  EXPECT_DOUBLE_EQ(*w->baseline_rate, 40.5 / 401);
  ASSERT_EQ(w->rules.size(), 4u);  // not the retired rule, nor another organization's

  const RuleSuggestion& s = Find(*w, "Sharp");
  EXPECT_EQ(s.versions, (std::vector<std::int64_t>{1, 2}));
  EXPECT_EQ(s.rule.weight, 12);
  EXPECT_EQ(s.suggestion.hits.n, 100);
  EXPECT_EQ(s.suggestion.hits.positives, 37);
  EXPECT_NEAR(*s.suggestion.log_odds_ratio, 1.5484827071348126, 1e-9);
  EXPECT_EQ(*s.suggestion.weight, 15);
  EXPECT_EQ(*Find(*w, "Broad").suggestion.weight, 4);
  EXPECT_EQ(Find(*w, "Weak").suggestion.action, WeightAction::kRetire);
  const RuleSuggestion& c = Find(*w, "Changed");
  EXPECT_EQ(c.versions, (std::vector<std::int64_t>{2}));
  EXPECT_EQ(c.suggestion.hits.n, 10);
  EXPECT_EQ(c.suggestion.action, WeightAction::kInsufficient);

  // Applying writes new versions with the note, leaves the retirement to the analyst, and a
  // second application changes nothing.
  auto applied = ApplyWeightSuggestions(*store_, acp_, *w, kRiskNow);
  ASSERT_TRUE(applied) << applied.error().ToString();
  ASSERT_EQ(applied->size(), 2u);
  auto detail = store_->Read<RuleDetail>(
      [&](store::Connection& conn) { return GetRule(conn, acp_, sharp.id); });
  ASSERT_TRUE(detail) << detail.error().ToString();
  EXPECT_EQ(detail->rule.weight, 15);
  EXPECT_EQ(detail->rule.version, 3);
  EXPECT_EQ(detail->versions.back().note, "weight from yield 2024-08-20");
  auto weak_now = store_->Read<RuleDetail>(
      [&](store::Connection& conn) { return GetRule(conn, acp_, weak.id); });
  EXPECT_EQ(weak_now->rule.status, "active");
  EXPECT_EQ(weak_now->rule.weight, 20);

  auto again = Suggest(acp_, 30);
  ASSERT_TRUE(again) << again.error().ToString();
  EXPECT_EQ(Find(*again, "Sharp").versions, (std::vector<std::int64_t>{1, 2, 3}));
  auto reapplied = ApplyWeightSuggestions(*store_, acp_, *again, kRiskNow);
  ASSERT_TRUE(reapplied) << reapplied.error().ToString();
  EXPECT_TRUE(reapplied->empty());
}

TEST_F(WeightsStore, AnalystsAndSupervisorsOnlyAndTheThresholdIsChecked) {
  EXPECT_TRUE(Suggest(acp_, 30));
  EXPECT_TRUE(Suggest(supervisor_, 30));
  auto officer = Suggest(officer_, 30);
  ASSERT_FALSE(officer);
  EXPECT_EQ(officer.error().code, core::ErrorCode::kPermissionDenied);
  for (std::int64_t bad : {0, 100001}) {
    auto w = Suggest(acp_, bad);
    ASSERT_FALSE(w);
    EXPECT_EQ(w.error().code, core::ErrorCode::kInvalidArgument);
    EXPECT_EQ(w.error().field, "?min_inspected");
  }
}

}  // namespace
}  // namespace istmo::canal

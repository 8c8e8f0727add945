// Scoring runs: fired rules explain the score, thresholds give the expected lane shares over the
// run and the last 30 days, random selection at its rate and deterministic per line, score 0
// stays green, history facts from earlier lines and positive inspections, and a rescore that
// replaces scores but never inspections.
#include <cmath>
#include <set>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "canal/risk_test_util.h"

namespace istmo::canal {
namespace {

using testing::GenLine;
using testing::kRiskNow;
using testing::RiskStoreTest;

class RiskScore : public RiskStoreTest {
 protected:
  ScoreSummary ScoreOf(const std::string& import_id, core::Timestamp at = kRiskNow) {
    auto s = ScoreLines(*store_, acp_, import_id, at);
    EXPECT_TRUE(s) << s.error().ToString();
    return s ? *s : ScoreSummary{};
  }
  // Lines of weights first, first + step, ...: `n` of them.
  static std::vector<GenLine> Weights(int n, double first, double step) {
    std::vector<GenLine> out;
    for (int i = 0; i < n; ++i) out.push_back({.weight_kg = first + step * i});
    return out;
  }
  std::set<std::string> RandomLines() {
    std::set<std::string> out;
    for (const auto& x : Scores(acp_, {.selection = "random", .limit = 1000})) {
      out.insert(x.line_id);
    }
    return out;
  }
};

TEST_F(RiskScore, TheFiredRulesExplainTheScore) {
  MakeRule(acp_, "coffee", "hs_code = \"0901\"", 30);
  MakeRule(acp_, "heavy", "weight_kg > 5000", 20);
  MakeRule(acp_, "never", "weight_kg > 1000000", 50);
  const auto report = ImportLines({{.weight_kg = 9000}, {.hs_code = "8471", .weight_kg = 10},
                                   {.weight_kg = 10}},
                                  acp_, kRiskNow, 1);
  const ScoreSummary s = ScoreOf(report.import_id);
  EXPECT_EQ(s.scored, 3);
  const auto scores = Scores(acp_);
  ASSERT_EQ(scores.size(), 3u);
  EXPECT_EQ(scores[0].risk.score, 50);
  ASSERT_EQ(scores[0].risk.reasons.size(), 2u);
  EXPECT_EQ(scores[0].risk.reasons[0].name, "coffee");
  EXPECT_EQ(scores[0].risk.reasons[0].weight, 30);
  EXPECT_EQ(scores[0].risk.reasons[0].explanation_en, "explanation of coffee");
  EXPECT_EQ(scores[0].risk.reasons[1].name, "heavy");
  EXPECT_EQ(scores[0].risk.reasons[1].version, 1);
  EXPECT_EQ(scores[1].risk.score, 30);
  EXPECT_EQ(scores[2].risk.score, 0);
  EXPECT_TRUE(scores[2].risk.reasons.empty());
  EXPECT_EQ(scores[2].risk.lane, "green");
}

TEST_F(RiskScore, ThresholdsGiveTheExpectedSharesOfRedAndYellow) {
  // 100 rules of weight 1: a line of w kg scores floor((w - 1) / 20), so 2000 lines of 1..2000 kg
  // make 100 score levels of 20 lines (1 % each).
  for (int k = 1; k <= 100; ++k) {
    MakeRule(acp_, "over " + std::to_string(20 * k), "weight_kg > " + std::to_string(20 * k), 1);
  }
  SetRates({.red_rate = 0.01, .yellow_rate = 0.03, .random_rate = 0});
  const auto report = ImportLines(Weights(2000, 1, 1), acp_, kRiskNow, 1);
  const ScoreSummary s = ScoreOf(report.import_id);
  EXPECT_EQ(s.scored, 2000);
  EXPECT_EQ(s.red, 20);     // 1 %
  EXPECT_EQ(s.yellow, 60);  // 3 %
  EXPECT_EQ(s.green, 1920);
  EXPECT_EQ(s.random, 0);
  EXPECT_EQ(s.red_threshold, 99);
  EXPECT_EQ(s.yellow_threshold, 96);
  EXPECT_EQ(s.queued, 80);
  EXPECT_EQ(Count("SELECT count(*) FROM canal_inspections WHERE status = 'queued' AND "
                  "selection = 'rules'"),
            80);

  // A small import later is ranked against the last 30 days: 10 lines at the top score join
  // the 20 there; 1 % of 2010 lines is 20.1, so the level is red in part (by the keyed hash) and
  // the rest yellow.
  const auto small = ImportLines(Weights(10, 2000, 0), acp_, kRiskNow + std::chrono::hours(24),
                                 5000);
  const ScoreSummary t = ScoreOf(small.import_id, kRiskNow + std::chrono::hours(24));
  EXPECT_EQ(t.red_threshold, 99);
  EXPECT_EQ(t.red + t.yellow, 10);
  // And a small import of ordinary lines has none.
  const auto plain = ImportLines(Weights(10, 500, 1), acp_, kRiskNow + std::chrono::hours(48),
                                 6000);
  const ScoreSummary u = ScoreOf(plain.import_id, kRiskNow + std::chrono::hours(48));
  EXPECT_EQ(u.red + u.yellow, 0);
}

TEST_F(RiskScore, TiedScoresAreSelectedInPartSoTheExpectedShareIsTheRate) {
  // One rule fires on half of 4000 lines: a single score level of 2000. A red rate of 5 % takes
  // a tenth of that level: 200 expected, binomial(2000, 0.1) with sd 13.4.
  MakeRule(acp_, "heavy", "weight_kg > 2000", 10);
  SetRates({.red_rate = 0.05, .yellow_rate = 0.05, .random_rate = 0});
  const auto report = ImportLines(Weights(4000, 1, 1), acp_, kRiskNow, 1);
  const ScoreSummary s = ScoreOf(report.import_id);
  EXPECT_EQ(s.red_threshold, 10);
  EXPECT_GT(s.red, 200 - 54);
  EXPECT_LT(s.red, 200 + 54);
  EXPECT_GT(s.red + s.yellow, 400 - 72);  // binomial(2000, 0.2): sd 17.9
  EXPECT_LT(s.red + s.yellow, 400 + 72);
  EXPECT_EQ(Count("SELECT count(*) FROM canal_scores WHERE lane <> 'green' AND score = 0"), 0);
}

TEST_F(RiskScore, RandomSelectionKeepsItsRateAndIsTheSameForALineOnRescore) {
  SetRates({.red_rate = 0, .yellow_rate = 0, .random_rate = 0.1});
  const auto report = ImportLines(Weights(2000, 1, 1), acp_, kRiskNow, 1);
  const ScoreSummary s = ScoreOf(report.import_id);
  // Binomial(2000, 0.1): mean 200, sd 13.4; 4 sd either side.
  EXPECT_GT(s.random, 200 - 54);
  EXPECT_LT(s.random, 200 + 54);
  EXPECT_EQ(s.red, s.random);
  EXPECT_EQ(s.queued, s.random);
  EXPECT_EQ(Count("SELECT count(*) FROM canal_inspections WHERE selection = 'random' AND lane = "
                  "'red'"),
            s.random);
  const std::set<std::string> first = RandomLines();
  EXPECT_EQ(static_cast<std::int64_t>(first.size()), s.random);
  const ScoreSummary again = ScoreOf("", kRiskNow + std::chrono::hours(1));
  EXPECT_EQ(again.scored, 2000);
  EXPECT_EQ(again.queued, 0);  // every selected line has its inspection already
  EXPECT_EQ(RandomLines(), first);
}

TEST_F(RiskScore, AScoreOfZeroStaysGreenWhateverTheRates) {
  MakeRule(acp_, "never", "weight_kg > 1000000", 50);
  SetRates({.red_rate = 0.5, .yellow_rate = 0.5, .random_rate = 0});
  const auto report = ImportLines(Weights(50, 1, 1), acp_, kRiskNow, 1);
  const ScoreSummary s = ScoreOf(report.import_id);
  EXPECT_EQ(s.green, 50);
  EXPECT_FALSE(s.red_threshold);
  EXPECT_FALSE(s.yellow_threshold);
  EXPECT_EQ(s.queued, 0);
  EXPECT_EQ(Count("SELECT count(*) FROM canal_inspections"), 0);
}

TEST_F(RiskScore, ARescoreReplacesScoresButNeverAnInspection) {
  const RiskRule heavy = MakeRule(acp_, "heavy", "weight_kg > 1500", 10);
  SetRates({.red_rate = 0.25, .yellow_rate = 0, .random_rate = 0});
  const auto report = ImportLines(Weights(100, 20, 20), acp_, kRiskNow, 1);
  const ScoreSummary first = ScoreOf(report.import_id);
  ASSERT_EQ(first.red, 25);  // 1520 .. 2000 kg
  ASSERT_EQ(first.queued, 25);
  // One inspection is done: that line is not rescored.
  Exec("UPDATE canal_inspections SET status = 'done', result = 'negative', completed_at = "
       "'2024-08-20T15:00:00.000Z' WHERE id = (SELECT min(id) FROM canal_inspections)");
  ASSERT_TRUE(RetireRule(*store_, acp_, heavy.id, "too broad", kRiskNow));
  const ScoreSummary second = ScoreOf("", kRiskNow + std::chrono::hours(1));
  EXPECT_EQ(second.scored, 99);
  EXPECT_EQ(second.red, 0);
  EXPECT_EQ(second.queued, 0);
  EXPECT_EQ(Count("SELECT count(*) FROM canal_inspections"), 25);
  EXPECT_EQ(Count("SELECT count(*) FROM canal_inspections WHERE status = 'queued'"), 24);
  EXPECT_EQ(Count("SELECT count(*) FROM canal_scores"), 100);
  EXPECT_EQ(Count("SELECT count(*) FROM canal_scores WHERE run_id = '" + second.run_id + "'"), 99);
  EXPECT_EQ(Count("SELECT count(*) FROM canal_scores WHERE score > 0"), 1);  // the done line's
}

TEST_F(RiskScore, HistoryCountsEarlierLinesAndPositiveInspectionsTheScorerMaySee) {
  const auto earlier = ImportLines({{.shipper = "Acme Trading"}, {.shipper = "ACME TRADING S.A."},
                                    {.shipper = "Acme Trading", .consignee = "Other"}},
                                   acp_, kRiskNow - std::chrono::hours(24 * 10), 1);
  // Another organization's unreleased line names the shipper too: ACP does not see it.
  ImportLines({{.shipper = "Acme Trading"}}, dhs_, kRiskNow - std::chrono::hours(24 * 20), 100);
  Exec("INSERT INTO canal_inspections (id, created_at, updated_at, owner_org, line_id, lane, "
       "selection, score, status, result, completed_at) SELECT 'insp-1', created_at, created_at, "
       "owner_org, id, 'red', 'manual', 0, 'done', 'positive', created_at FROM "
       "canal_manifest_lines WHERE import_id = '" +
       earlier.import_id + "' AND line = 2");
  MakeRule(acp_, "known shipper", "shipper_lines > 2", 40);
  const auto now = ImportLines({{.shipper = "Acme Trading"}}, acp_, kRiskNow, 200);
  ScoreOf(now.import_id);
  const auto scores = Scores(acp_, {.import_id = now.import_id});
  ASSERT_EQ(scores.size(), 1u);
  EXPECT_EQ(scores[0].risk.score, 40);
  const auto facts = nlohmann::json::parse(scores[0].risk.facts);
  EXPECT_EQ(facts["shipper_lines"], 3);
  EXPECT_EQ(facts["consignee_lines"], 2);
  EXPECT_DOUBLE_EQ(facts["shipper_age_days"].get<double>(), 10.0);
  EXPECT_EQ(facts["shipper_positives"], 1);
  EXPECT_EQ(facts["consignee_positives"], 1);
  EXPECT_EQ(facts["route_positives"], 1);
  EXPECT_TRUE(facts["vessel_gaps"].is_null());
}

TEST_F(RiskScore, RunsAreForTheOwnersImportsAndTheirRoles) {
  const auto theirs = ImportLines(Weights(3, 10, 1), dhs_, kRiskNow, 1);
  auto other = ScoreLines(*store_, acp_, theirs.import_id, kRiskNow);
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().code, core::ErrorCode::kNotFound);
  const auto mine = ImportLines(Weights(3, 10, 1), acp_, kRiskNow, 10);
  auto officer = ScoreLines(*store_, officer_, mine.import_id, kRiskNow);
  ASSERT_FALSE(officer);
  EXPECT_EQ(officer.error().code, core::ErrorCode::kPermissionDenied);
  // The scoring that follows an officer's import is allowed.
  auto imported = ScoreImport(*store_, officer_, mine.import_id, kRiskNow);
  ASSERT_TRUE(imported) << imported.error().ToString();
  EXPECT_EQ(imported->scored, 3);
  EXPECT_EQ(Count("SELECT count(*) FROM audit_log WHERE action = 'canal.score.run'"), 1);
}

}  // namespace
}  // namespace istmo::canal

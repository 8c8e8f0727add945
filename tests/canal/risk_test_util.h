// tests/canal/risk_test_util.h — a store with the canal tables, scopes of three organizations and
// generated manifests, for the risk tests (lists, rules, lanes, scoring runs).
#pragma once

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "canal/codes.h"
#include "canal/records.h"
#include "canal/risk.h"
#include "core/time.h"
#include "store/store.h"
#include "testing/temp_dir.h"

namespace istmo::canal::testing {

inline const core::Timestamp kRiskNow = core::FromUnixSeconds(1724162580);  // 2024-08-20T14:03Z

inline store::AccessScope RiskScope(const std::string& org, const std::string& country,
                                    std::uint8_t roles) {
  store::AccessScope s;
  s.user_id = "user-of-" + org;
  s.username = "user." + org;
  s.org_id = org;
  s.country = country;
  s.roles = roles;
  return s;
}

inline std::uint8_t Bits(store::Role role) { return static_cast<std::uint8_t>(role); }

// "RSKU" + a 6-digit serial + its ISO 6346 check digit.
inline std::string RiskContainer(int serial) {
  char first_ten[16];
  std::snprintf(first_ten, sizeof first_ten, "RSKU%06d", serial % 1000000);
  return std::string(first_ten) + static_cast<char>('0' + *Iso6346CheckDigit(first_ten));
}

// What one generated line says; the rest is fixed.
struct GenLine {
  std::string shipper = "Shipper A";
  std::string consignee = "Consignee A";
  std::string hs_code = "0901";
  std::string port_of_loading = "COBUN";
  double weight_kg = 1000;
};

class RiskStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = store::Store::Open({.url = (dir_.path() / "risk.db").string()}, Migrations());
    ASSERT_TRUE(s) << s.error().ToString();
    store_ = std::move(s).value();
  }

  // Imports the lines as `scope` at `at`; bills of lading and containers are numbered from
  // `first_serial` so that imports do not collide.
  ImportReport ImportLines(const std::vector<GenLine>& lines, const store::AccessScope& scope,
                           core::Timestamp at, int first_serial,
                           std::vector<std::string> rel = {}) {
    ParsedManifest parsed;
    parsed.total = static_cast<std::int64_t>(lines.size());
    for (std::size_t i = 0; i < lines.size(); ++i) {
      const GenLine& g = lines[i];
      const int serial = first_serial + static_cast<int>(i);
      parsed.lines.push_back({.bill_of_lading = "BL" + std::to_string(serial),
                              .container_number = RiskContainer(serial),
                              .shipper = {g.shipper, ""},
                              .consignee = {g.consignee, ""},
                              .hs_code = g.hs_code,
                              .port_of_loading = g.port_of_loading,
                              .port_of_discharge = "USMIA",
                              .weight_kg = g.weight_kg});
      parsed.line_numbers.push_back(static_cast<std::int64_t>(i) + 2);
    }
    auto report = ImportManifest(*store_, scope, std::move(parsed), {.releasability = rel}, at);
    EXPECT_TRUE(report) << report.error().ToString();
    return report ? *report : ImportReport{};
  }

  RiskRule MakeRule(const store::AccessScope& scope, const std::string& name,
                    const std::string& expression, double weight,
                    std::vector<std::string> rel = {}) {
    auto r = CreateRule(*store_, scope,
                        {.name = name,
                         .expression = expression,
                         .weight = weight,
                         .explanation_es = "explicación de " + name,
                         .explanation_en = "explanation of " + name,
                         .releasability = std::move(rel)},
                        kRiskNow);
    EXPECT_TRUE(r) << r.error().ToString();
    return r ? *r : RiskRule{};
  }

  std::int64_t Count(const std::string& sql) {
    auto r = store_->Read<std::int64_t>([&](store::Connection& c) -> core::Result<std::int64_t> {
      ISTMO_ASSIGN_OR_RETURN(auto row, c.QueryOne(sql));
      return row->Int(0);
    });
    EXPECT_TRUE(r) << r.error().ToString();
    return r ? *r : -1;
  }

  void Exec(const std::string& sql) {
    auto r = store_->Write([&](store::Connection& c) -> core::Status {
      ISTMO_RETURN_IF_ERROR(c.Exec(sql));
      return core::Ok();
    });
    ASSERT_TRUE(r) << r.error().ToString();
  }

  std::vector<ScoredLine> Scores(const store::AccessScope& scope, ScoreQuery q = {}) {
    auto r = store_->Read<std::vector<ScoredLine>>(
        [&](store::Connection& c) { return ListScores(c, scope, q); });
    EXPECT_TRUE(r) << r.error().ToString();
    return r ? *r : std::vector<ScoredLine>{};
  }

  void SetRates(const LaneRates& rates) {
    auto r = SetLaneSettings(*store_, supervisor_, rates, kRiskNow);
    ASSERT_TRUE(r) << r.error().ToString();
  }

  istmo::testing::TempDir dir_;
  std::unique_ptr<store::Store> store_;
  const store::AccessScope acp_ = RiskScope("org-acp", "PAN", Bits(store::Role::kAnalyst));
  const store::AccessScope supervisor_ =
      RiskScope("org-acp", "PAN", Bits(store::Role::kSupervisor));
  const store::AccessScope officer_ = RiskScope("org-acp", "PAN", Bits(store::Role::kOfficer));
  const store::AccessScope dhs_ = RiskScope("org-dhs", "USA", Bits(store::Role::kAnalyst));
  const store::AccessScope senan_ = RiskScope("org-senan", "PAN", Bits(store::Role::kAnalyst));
};

}  // namespace istmo::canal::testing

// Issue 12, the migration desk, at the store level: the name key and its backfill, the country
// list, and corrections that keep the trend summaries right.
#include <set>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "migration/countries.h"
#include "migration/encounters.h"
#include "migration/internal/names.h"
#include "migration_test_util.h"

namespace istmo::migration {
namespace {

using testing::At;
using testing::MigrationStore;

TEST(NameKey, FoldsAccentsCaseAndJoiningPunctuation) {
  EXPECT_EQ(internal::NameKey("José PÉREZ"), "jose perez");
  EXPECT_EQ(internal::NameKey("Ana García-Pérez"), "ana garcia perez");
  EXPECT_EQ(internal::NameKey("ÑANDÚ O'Brien"), "nandu o brien");
  EXPECT_EQ(internal::NameTokens("  jose  perez "), (std::vector<std::string>{"jose", "perez"}));
}

// The backfill of schema migration 3 runs in SQL; rows written before it must get the key the
// code computes for rows written after it, for every letter of the fold table.
TEST(NameKey, BackfillOfExistingEncountersMatchesTheCode) {
  istmo::testing::TempDir dir;
  std::vector<store::Migration> before;
  for (auto& m : Migrations()) {
    if (m.version <= 2) before.push_back(m);
  }
  std::string every_fold = "Zoë";
  for (const auto& [from, to] : internal::kNameFolds) every_fold += std::string(from) + "x";
  const std::vector<std::string> names = {"José Pérez", "ÁLVARO NÚÑEZ-GÓMEZ", "D'Souza Çelik",
                                          every_fold};
  const std::vector<std::string> ids = {"e0", "e1", "e2", "e3"};
  {
    auto s = store::Store::Open({.url = dir.File("old.db")}, before);
    ASSERT_TRUE(s) << s.error().ToString();
    ASSERT_TRUE((*s)->Write([&](store::Connection& tx) -> core::Status {
      for (std::size_t i = 0; i < names.size(); ++i) {
        ISTMO_RETURN_IF_ERROR(tx.Exec(
            "INSERT INTO migration_encounters (id, created_at, owner_org, station_id, "
            "encountered_at, person_id, name, birth_date, sex, nationality, age_years, minor, "
            "repeat, created_by) VALUES (?, '2024-01-01T00:00:00.000Z', 'o', "
            "'ERM-LAJAS-BLANCAS', '2024-01-01T00:00:00.000Z', 'p', ?, '1990-01-01', 'F', 'VEN', "
            "34, 0, 0, 'x')",
            {ids[i], names[i]}));
      }
      return core::Ok();
    }));
  }
  auto s = store::Store::Open({.url = dir.File("old.db")}, Migrations());
  ASSERT_TRUE(s) << s.error().ToString();
  for (std::size_t i = 0; i < names.size(); ++i) {
    const std::string& id = ids[i];
    auto got = (*s)->Read<std::pair<std::string, std::set<std::string>>>(
        [&](store::Connection& c) -> core::Result<std::pair<std::string, std::set<std::string>>> {
          ISTMO_ASSIGN_OR_RETURN(
              auto key, c.QueryOne("SELECT name_key FROM migration_encounters WHERE id = ?", {id}));
          ISTMO_ASSIGN_OR_RETURN(
              auto rows,
              c.Query("SELECT token FROM migration_encounter_names WHERE encounter_id = ?", {id}));
          std::set<std::string> tokens;
          for (const auto& r : rows) tokens.insert(r.Text(0));
          return std::make_pair(key ? key->Text(0) : "", tokens);
        });
    ASSERT_TRUE(got) << got.error().ToString();
    const std::string want = internal::NameKey(names[i]);
    EXPECT_EQ(got->first, want) << names[i];
    const auto words = internal::NameTokens(want);
    EXPECT_EQ(got->second, std::set<std::string>(words.begin(), words.end())) << names[i];
  }
}

TEST(Countries, ListEveryAssignedCodeOnceWithBothNames) {
  const auto& all = Countries();
  EXPECT_EQ(all.size(), 249u);
  std::set<std::string> alpha3, alpha2;
  for (const Country& c : all) {
    EXPECT_EQ(c.alpha3.size(), 3u) << c.alpha3;
    EXPECT_EQ(c.alpha2.size(), 2u) << c.alpha3;
    EXPECT_FALSE(c.name_en.empty()) << c.alpha3;
    EXPECT_FALSE(c.name_es.empty()) << c.alpha3;
    alpha3.insert(c.alpha3);
    alpha2.insert(c.alpha2);
  }
  EXPECT_EQ(alpha3.size(), all.size());
  EXPECT_EQ(alpha2.size(), all.size());
  ASSERT_NE(FindCountry("PAN"), nullptr);
  EXPECT_EQ(FindCountry("PAN")->name_es, "Panamá");
  EXPECT_EQ(FindCountry("HTI")->name_es, "Haití");
  EXPECT_EQ(FindCountry("XXX"), nullptr);
}

TEST(Countries, NationalityIsAnAssignedAlpha3CodeInAnyCase) {
  EXPECT_EQ(NormalizeNationality("ven", "/nationality").value(), "VEN");
  EXPECT_EQ(NormalizeNationality("Col", "/nationality").value(), "COL");
  auto alpha2 = NormalizeNationality("ve", "/nationality");
  ASSERT_FALSE(alpha2);
  EXPECT_EQ(alpha2.error().field, "/nationality");
  EXPECT_EQ(alpha2.error().reason, "country_alpha2");
  EXPECT_NE(alpha2.error().message.find("use VEN"), std::string::npos) << alpha2.error().message;
  for (const char* bad : {"XXX", "", "V3N", "VENE", "ZZ"}) {
    auto r = NormalizeNationality(bad, "?nationality");
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().field, "?nationality") << bad;
    EXPECT_EQ(r.error().reason, "unknown_country") << bad;
  }
}

TEST_F(MigrationStore, CorrectionMovesTheEncounterBetweenTrendBucketsAndKeepsHistory) {
  auto e = Insert(snm_officer_, Person("Ana Perz", "2024-08-19T12:00:00Z", "VEN", "F"));
  ASSERT_TRUE(e) << e.error().ToString();
  const auto correct = [&](const store::AccessScope& who, EncounterCorrection fix) {
    return store_->Write<Encounter>(
        [&](store::Connection& tx) { return CorrectEncounter(tx, who, e->id, fix, now_); });
  };
  auto fixed = correct(
      snm_officer_,
      {.name = "Ana Pérez", .sex = "M", .nationality = "ecu", .reason = "checked the passport"});
  ASSERT_TRUE(fixed) << fixed.error().ToString();
  EXPECT_EQ(fixed->nationality, "ECU");
  EXPECT_EQ(Count("SELECT SUM(encounters) FROM migration_counts_month"), 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM migration_counts_month WHERE nationality = 'VEN'"), 0);
  EXPECT_EQ(Count("SELECT SUM(encounters) FROM migration_counts_week WHERE nationality = 'ECU' "
                  "AND sex = 'M'"),
            1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'migration.encounter.correct'"),
            1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM outbox WHERE type = 'migration.encounter.correct'"), 1);

  // A partner analyst may read the history but not correct; nothing is written.
  EXPECT_EQ(correct(snm_analyst_, {.name = "X", .reason = "r"}).error().code,
            core::ErrorCode::kPermissionDenied);
  EXPECT_EQ(correct(dhs_analyst_, {.name = "X", .reason = "r"}).error().code,
            core::ErrorCode::kNotFound);
  auto history = store_->Read<std::vector<EncounterRevision>>(
      [&](store::Connection& c) { return EncounterHistory(c, snm_analyst_, e->id); });
  ASSERT_TRUE(history) << history.error().ToString();
  ASSERT_EQ(history->size(), 1u);
  EXPECT_EQ((*history)[0].changed_by, "snm.officer");
  ASSERT_EQ((*history)[0].changes.size(), 3u);
  EXPECT_EQ((*history)[0].changes[1].field, "sex");
  EXPECT_EQ((*history)[0].changes[1].old_value, "F");
  EXPECT_EQ((*history)[0].changes[1].new_value, "M");
}

}  // namespace
}  // namespace istmo::migration

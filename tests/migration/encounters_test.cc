#include "migration/encounters.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "migration_test_util.h"
#include "store/audit.h"

namespace istmo::migration {
namespace {

using testing::At;
using testing::MigrationStore;

TEST(Buckets, UsePanamaCivilTime) {
  // 03:00 UTC on 1 September is 22:00 on 31 August in Panama (UTC−5).
  EXPECT_EQ(MonthBucket(At("2023-09-01T03:00:00Z")), "2023-08");
  EXPECT_EQ(MonthBucket(At("2023-09-01T05:00:00Z")), "2023-09");
  // 2023-08-31 is a Thursday: its ISO week starts on Monday 2023-08-28.
  EXPECT_EQ(WeekBucket(At("2023-09-01T03:00:00Z")), "2023-08-28");
  // Sunday 2024-01-07 belongs to the week of Monday 2024-01-01.
  EXPECT_EQ(WeekBucket(At("2024-01-07T12:00:00Z")), "2024-01-01");
  EXPECT_EQ(WeekBucket(At("2024-01-08T12:00:00Z")), "2024-01-08");
}

TEST(AgeAt, CountsCompletedYearsOnTheLocalDate) {
  EXPECT_EQ(AgeAt("2006-08-20", At("2024-08-20T12:00:00Z")).value(), 18);
  EXPECT_EQ(AgeAt("2006-08-21", At("2024-08-20T12:00:00Z")).value(), 17);
  // 02:00 UTC on the 21st is still the 20th in Panama.
  EXPECT_EQ(AgeAt("2006-08-21", At("2024-08-21T02:00:00Z")).value(), 17);
  EXPECT_EQ(AgeAt("2000-02-29", At("2024-02-29T12:00:00Z")).value(), 24);
  EXPECT_EQ(AgeAt("2023-02-30", At("2024-01-01T00:00:00Z")).error().field, "/birth_date");
  EXPECT_EQ(AgeAt("1990/01/01", At("2024-01-01T00:00:00Z")).error().field, "/birth_date");
  EXPECT_FALSE(AgeAt("2025-01-01", At("2024-01-01T12:00:00Z")));
  EXPECT_FALSE(AgeAt("1890-01-01", At("2024-01-01T12:00:00Z")));
}

TEST_F(MigrationStore, ShipsTheFourReceptionStations) {
  auto stations = store_->Read<std::vector<Station>>(
      [](store::Connection& c) { return ListStations(c); });
  ASSERT_TRUE(stations) << stations.error().ToString();
  ASSERT_EQ(stations->size(), 4u);
  std::vector<std::string> ids;
  for (const auto& s : *stations) ids.push_back(s.id);
  EXPECT_THAT(ids, ::testing::UnorderedElementsAre("ERM-LAJAS-BLANCAS", "ERM-SAN-VICENTE",
                                                   "ERM-BAJO-CHIQUITO", "ERM-CANAAN-MEMBRILLO"));
}

TEST_F(MigrationStore, InsertsNormalizesAndAudits) {
  NewEncounter in = Person("  Yuleisy Rojas  ", "2023-08-14T16:20:00Z", "ven", "F", "2010-03-01");
  in.document_type = "passport";
  in.document_number = "v123-45";
  in.releasability = {"usa", "PAN"};
  auto e = Insert(snm_officer_, in);
  ASSERT_TRUE(e) << e.error().ToString();
  EXPECT_EQ(e->name, "Yuleisy Rojas");
  EXPECT_EQ(e->nationality, "VEN");
  EXPECT_EQ(e->document_number, "V123-45");
  EXPECT_EQ(e->age_years, 13);
  EXPECT_TRUE(e->minor);
  EXPECT_FALSE(e->repeat);
  EXPECT_EQ(e->owner_org, snm_);
  EXPECT_EQ(e->releasability, (std::vector<std::string>{"PAN", "USA"}));
  EXPECT_TRUE(core::IsUuid(e->person_id));
  EXPECT_EQ(Count("SELECT encounters FROM migration_counts_month WHERE period = '2023-08'"), 1);
  EXPECT_EQ(Count("SELECT encounters FROM migration_counts_week WHERE period = '2023-08-14'"), 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'migration.encounter.create' "
                  "AND object_id = '" + e->id + "'"),
            1);

  auto got = store_->Read<Encounter>(
      [&](store::Connection& c) { return GetEncounter(c, snm_analyst_, e->id); });
  ASSERT_TRUE(got) << got.error().ToString();
  EXPECT_EQ(got->encountered_at, At("2023-08-14T16:20:00Z"));
  EXPECT_EQ(got->birth_date, "2010-03-01");
}

TEST_F(MigrationStore, SecondEncounterOfAPersonIsARepeat) {
  auto first = Insert(snm_officer_, Person("Luis Pérez", "2023-08-01T10:00:00Z"));
  ASSERT_TRUE(first);
  NewEncounter again = Person("Luis Pérez", "2024-02-01T10:00:00Z");
  again.person_id = first->person_id;
  auto second = Insert(snm_officer_, again);
  ASSERT_TRUE(second) << second.error().ToString();
  EXPECT_TRUE(second->repeat);
  EXPECT_EQ(second->person_id, first->person_id);
  EXPECT_EQ(Count("SELECT SUM(repeats) FROM migration_counts_month"), 1);
}

struct BadCase {
  const char* what;
  std::function<void(NewEncounter&)> edit;
  const char* field;
};

TEST_F(MigrationStore, RefusesBadFieldsNamingThemAndWritesNothing) {
  const std::vector<BadCase> cases = {
      {"unknown station", [](NewEncounter& e) { e.station_id = "ERM-NOWHERE"; }, "/station_id"},
      {"empty name", [](NewEncounter& e) { e.name = "   "; }, "/name"},
      {"control character", [](NewEncounter& e) { e.name = "Ana\x01"; }, "/name"},
      {"bad UTF-8", [](NewEncounter& e) { e.name = "Ana \xc3"; }, "/name"},
      // U+202E RIGHT-TO-LEFT OVERRIDE: shows "Ana zaíD" as "Ana Díaz" (api::CheckText).
      {"bidirectional override", [](NewEncounter& e) { e.name = "Ana \xE2\x80\xAE" "za\xC3\xAD" "D"; },
       "/name"},
      {"bad birth date", [](NewEncounter& e) { e.birth_date = "1990-13-01"; }, "/birth_date"},
      {"born after", [](NewEncounter& e) { e.birth_date = "2024-01-01"; }, "/birth_date"},
      {"bad sex", [](NewEncounter& e) { e.sex = "female"; }, "/sex"},
      {"bad nationality", [](NewEncounter& e) { e.nationality = "VE"; }, "/nationality"},
      {"number without type", [](NewEncounter& e) { e.document_number = "123"; }, "/document_type"},
      {"bad document type", [](NewEncounter& e) {
         e.document_type = "visa";
         e.document_number = "1";
       }, "/document_type"},
      {"bad document number", [](NewEncounter& e) {
         e.document_type = "passport";
         e.document_number = "12 34";
       }, "/document_number"},
      {"future", [](NewEncounter& e) { e.encountered_at = At("2024-11-21T00:00:00Z"); },
       "/encountered_at"},
      {"bad releasability", [](NewEncounter& e) { e.releasability = {"everyone"}; },
       "/releasability/0"},
      {"bad person id", [](NewEncounter& e) { e.person_id = "me"; }, "/person_id"},
  };
  for (const BadCase& c : cases) {
    NewEncounter in = Person("Ana Díaz", "2023-05-05T12:00:00Z");
    c.edit(in);
    auto e = Insert(snm_officer_, in);
    ASSERT_FALSE(e) << c.what;
    EXPECT_EQ(e.error().code, core::ErrorCode::kInvalidArgument) << c.what;
    EXPECT_EQ(e.error().field, c.field) << c.what << ": " << e.error().ToString();
  }
  EXPECT_EQ(Count("SELECT COUNT(*) FROM migration_encounters"), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM migration_counts_month"), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log"), 0);
}

TEST_F(MigrationStore, OnlyOfficersRegister) {
  auto e = Insert(snm_analyst_, Person("Ana Díaz", "2023-05-05T12:00:00Z"));
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().code, core::ErrorCode::kPermissionDenied);
}

TEST_F(MigrationStore, ReadsRespectReleasability) {
  NewEncounter shared = Person("Shared Person", "2023-05-05T12:00:00Z");
  shared.releasability = {"USA"};
  NewEncounter own = Person("Own Person", "2023-05-06T12:00:00Z");
  auto a = Insert(snm_officer_, shared);
  auto b = Insert(snm_officer_, own);
  ASSERT_TRUE(a && b);

  const auto list = [&](const store::AccessScope& scope) {
    return store_->Read<std::vector<Encounter>>(
               [&](store::Connection& c) { return ListEncounters(c, scope, {}); })
        .value();
  };
  EXPECT_EQ(list(snm_analyst_).size(), 2u);
  ASSERT_EQ(list(dhs_analyst_).size(), 1u);
  EXPECT_EQ(list(dhs_analyst_)[0].name, "Shared Person");
  // Same country as the owner is not enough: releasability names targets, and PAN is absent.
  EXPECT_EQ(list(senafront_analyst_).size(), 0u);

  auto hidden = store_->Read<Encounter>(
      [&](store::Connection& c) { return GetEncounter(c, dhs_analyst_, b->id); });
  ASSERT_FALSE(hidden);
  EXPECT_EQ(hidden.error().code, core::ErrorCode::kNotFound);
}

TEST_F(MigrationStore, EarlierEncountersByPersonAndByDocument) {
  NewEncounter first = Person("Carlos Mendoza", "2023-03-01T12:00:00Z", "COL", "M", "1985-01-01");
  first.document_type = "passport";
  first.document_number = "AB123";
  auto a = Insert(snm_officer_, first);
  ASSERT_TRUE(a);
  NewEncounter other = Person("Other", "2023-03-02T12:00:00Z", "COL");
  auto b = Insert(snm_officer_, other);
  ASSERT_TRUE(b);

  auto by_doc = store_->Read<std::vector<Encounter>>([&](store::Connection& c) {
    return EarlierEncounters(c, snm_analyst_, {}, "col", "ab123", "");
  });
  ASSERT_TRUE(by_doc);
  ASSERT_EQ(by_doc->size(), 1u);
  EXPECT_EQ((*by_doc)[0].id, a->id);
  // Same number, other nationality: another document.
  auto other_country = store_->Read<std::vector<Encounter>>([&](store::Connection& c) {
    return EarlierEncounters(c, snm_analyst_, {}, "VEN", "AB123", "");
  });
  EXPECT_TRUE(other_country->empty());
  auto by_person = store_->Read<std::vector<Encounter>>([&](store::Connection& c) {
    return EarlierEncounters(c, snm_analyst_, {b->person_id}, "", "", "");
  });
  ASSERT_EQ(by_person->size(), 1u);
  EXPECT_EQ((*by_person)[0].id, b->id);
  // A U.S. analyst sees neither (owner only).
  auto hidden = store_->Read<std::vector<Encounter>>([&](store::Connection& c) {
    return EarlierEncounters(c, dhs_analyst_, {b->person_id}, "COL", "AB123", "");
  });
  EXPECT_TRUE(hidden->empty());
}

TEST_F(MigrationStore, BatchFailsWholeOnABadLineNamingIt) {
  std::vector<NewEncounter> batch = {Person("A", "2023-01-01T12:00:00Z"),
                                     Person("B", "2023-01-02T12:00:00Z"),
                                     Person("C", "2023-01-03T12:00:00Z")};
  batch[2].sex = "?";
  auto n = store_->Write<std::int64_t>([&](store::Connection& tx) {
    return InsertEncounterBatch(tx, store::AccessScope::System(), batch, now_);
  });
  ASSERT_FALSE(n);
  EXPECT_EQ(n.error().line, 3);
  EXPECT_EQ(n.error().field, "/sex");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM migration_encounters"), 0);

  batch[2].sex = "M";
  n = store_->Write<std::int64_t>([&](store::Connection& tx) {
    return InsertEncounterBatch(tx, store::AccessScope::System(), batch, now_);
  });
  ASSERT_TRUE(n) << n.error().ToString();
  EXPECT_EQ(*n, 3);
  EXPECT_EQ(Count("SELECT SUM(encounters) FROM migration_counts_month WHERE period = '2023-01'"), 3);
  EXPECT_EQ(Count("SELECT SUM(encounters) FROM migration_counts_week"), 3);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'migration.encounter.import'"), 1);
}

}  // namespace
}  // namespace istmo::migration

#include "migration/csv_import.h"

#include <gtest/gtest.h>

#include "migration_test_util.h"

namespace istmo::migration {
namespace {

using testing::MigrationStore;

constexpr const char* kHeader =
    "station_id,encountered_at,name,birth_date,sex,nationality,document_type,document_number\n";

TEST(EncounterCsv, ParsesQuotedFieldsAndRejectsBadLinesNamingThem) {
  const std::string csv = std::string("\xEF\xBB\xBF") + kHeader +
      "ERM-SAN-VICENTE,2023-08-14T16:20:00Z,\"Pérez, Luis \"\"Lucho\"\"\",1990-01-01,M,ven,passport,v1\r\n"
      "ERM-SAN-VICENTE,2023-08-14T16:20:00Z,Ana,1990-01-01,W,VEN,,\n"
      "\n"
      "ERM-SAN-VICENTE,yesterday,Ana,1990-01-01,F,VEN,,\n"
      "ERM-SAN-VICENTE,2023-08-14T16:20:00Z,Ana,1990-01-01,F,VEN\n"
      "ERM-SAN-VICENTE,2023-08-14T16:20:00Z,\"Two\nlines\",1990-01-01,F,VEN,,\n"
      "ERM-SAN-VICENTE,2023-08-14T16:20:00Z,\"Ana\"x,1990-01-01,F,VEN,,\n"
      "ERM-LAJAS-BLANCAS,2023-08-15T10:00:00Z,María,2012-05-05,F,HTI,,\n"
      "ERM-LAJAS-BLANCAS,2023-08-15T10:00:00Z,\"never closed,2012-05-05,F,HTI,,\n";
  auto parsed = ParseEncounterCsv(csv, testing::At("2024-01-01T00:00:00Z"));
  ASSERT_TRUE(parsed) << parsed.error().ToString();
  ASSERT_EQ(parsed->records.size(), 2u);
  EXPECT_EQ(parsed->records[0].name, "Pérez, Luis \"Lucho\"");
  EXPECT_EQ(parsed->records[0].nationality, "VEN");
  EXPECT_EQ(parsed->records[0].document_number, "V1");
  EXPECT_EQ(parsed->lines[0], 2);
  EXPECT_EQ(parsed->records[1].name, "María");
  EXPECT_EQ(parsed->lines[1], 10);
  struct Want {
    std::int64_t line;
    std::string field;
  };
  const std::vector<Want> want = {{3, "/sex"}, {5, "/encountered_at"}, {6, ""},
                                  {7, "/name"}, {9, ""}, {11, ""}};
  ASSERT_EQ(parsed->rejects.size(), want.size());
  for (std::size_t i = 0; i < want.size(); ++i) {
    EXPECT_EQ(parsed->rejects[i].line, want[i].line) << i << ": " << parsed->rejects[i].message;
    EXPECT_EQ(parsed->rejects[i].field, want[i].field) << i << ": " << parsed->rejects[i].message;
    EXPECT_FALSE(parsed->rejects[i].message.empty());
  }
}

TEST(EncounterCsv, RefusesABadHeader) {
  const core::Timestamp now = testing::At("2024-01-01T00:00:00Z");
  EXPECT_EQ(ParseEncounterCsv("", now).error().line, 1);
  auto unknown = ParseEncounterCsv("station_id,when,name,birth_date,sex,nationality\n", now);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().field, "when");
  auto missing = ParseEncounterCsv("station_id,encountered_at,name,birth_date,sex\n", now);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().field, "nationality");
  auto twice = ParseEncounterCsv("sex,station_id,encountered_at,name,birth_date,sex,nationality\n", now);
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().field, "sex");
}

TEST_F(MigrationStore, ImportLinksByDocumentAndRejectsUnknownStations) {
  NewEncounter earlier = Person("Carlos Mendoza", "2023-03-01T12:00:00Z", "COL", "M", "1985-01-01");
  earlier.document_type = "passport";
  earlier.document_number = "AB123";
  auto first = Insert(snm_officer_, earlier);
  ASSERT_TRUE(first);

  const std::string csv = std::string(kHeader) +
      "ERM-SAN-VICENTE,2024-02-01T12:00:00Z,Carlos Mendoza,1985-01-01,M,COL,passport,ab123\n"
      "ERM-NOWHERE,2024-02-01T12:00:00Z,Nadie,1985-01-01,M,COL,,\n"
      "ERM-SAN-VICENTE,2024-02-02T12:00:00Z,Rosa Díaz,1999-09-09,F,ECU,passport,E77\n"
      "ERM-BAJO-CHIQUITO,2024-02-09T12:00:00Z,Rosa Díaz,1999-09-09,F,ECU,passport,E77\n"
      "ERM-BAJO-CHIQUITO,2024-02-09T12:00:00Z,Sin Fecha,,F,ECU,,\n";
  auto parsed = ParseEncounterCsv(csv, now_);
  ASSERT_TRUE(parsed) << parsed.error().ToString();
  auto report = ImportEncounters(*store_, snm_officer_, *parsed, {"PAN"}, now_);
  ASSERT_TRUE(report) << report.error().ToString();
  EXPECT_EQ(report->imported, 3);
  EXPECT_EQ(report->linked, 2);  // Carlos to his 2023 encounter; Rosa's second line to her first
  ASSERT_EQ(report->rejects.size(), 2u);
  EXPECT_EQ(report->rejects[0].line, 3);
  EXPECT_EQ(report->rejects[0].field, "/station_id");
  EXPECT_EQ(report->rejects[1].line, 6);
  EXPECT_EQ(report->rejects[1].field, "/birth_date");

  EXPECT_EQ(Count("SELECT COUNT(*) FROM migration_encounters WHERE person_id = '" +
                  first->person_id + "'"),
            2);
  EXPECT_EQ(Count("SELECT COUNT(DISTINCT person_id) FROM migration_encounters WHERE nationality = 'ECU'"), 1);
  EXPECT_EQ(Count("SELECT SUM(repeats) FROM migration_counts_month WHERE period = '2024-02'"), 2);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM migration_encounters WHERE releasability = ',PAN,'"), 3);

  auto denied = ImportEncounters(*store_, snm_analyst_, *parsed, {}, now_);
  ASSERT_FALSE(denied);
  EXPECT_EQ(denied.error().code, core::ErrorCode::kPermissionDenied);
}

}  // namespace
}  // namespace istmo::migration

#include "migration/repatriation.h"

#include <gtest/gtest.h>

#include "migration_test_util.h"

namespace istmo::migration {
namespace {

using testing::MigrationStore;

class Repatriation : public MigrationStore {
 protected:
  std::string Encounter(const char* nationality, std::vector<std::string> rel = {"PAN", "USA"}) {
    NewEncounter e = Person("Persona " + std::to_string(++n_), "2024-08-01T12:00:00Z", nationality,
                            "M", "1990-01-01");
    e.releasability = std::move(rel);
    auto r = Insert(snm_officer_, e);
    EXPECT_TRUE(r) << r.error().ToString();
    return r ? r->id : "";
  }
  core::Result<RepatriationCase> Open(const std::string& encounter, const char* basis) {
    return store_->Write<RepatriationCase>([&](store::Connection& tx) {
      return OpenCase(tx, snm_officer_, {.encounter_id = encounter, .legal_basis = basis}, now_);
    });
  }
  template <class F>
  core::Result<Flight> Flightly(F f) {
    return store_->Write<Flight>([&](store::Connection& tx) { return f(tx); });
  }
  int n_ = 0;
};

TEST_F(Repatriation, ManifestTakesEligibleCasesOfTheDestinationUpToCapacity) {
  std::vector<std::string> col;
  for (int i = 0; i < 4; ++i) col.push_back(Encounter("COL"));
  ASSERT_TRUE(Open(col[0], "none"));
  ASSERT_TRUE(Open(col[1], "asylum_pending"));  // not eligible
  ASSERT_TRUE(Open(col[2], "none"));
  ASSERT_TRUE(Open(col[3], "none"));
  ASSERT_TRUE(Open(Encounter("VEN"), "none"));  // other nationality

  auto flight = Flightly([&](store::Connection& tx) {
    return CreateFlight(tx, snm_officer_,
                        {.flight_date = "2024-08-20", .destination_country = "col", .capacity = 2},
                        now_);
  });
  ASSERT_TRUE(flight) << flight.error().ToString();
  EXPECT_EQ(flight->destination_country, "COL");
  auto built = Flightly([&](store::Connection& tx) {
    return BuildManifest(tx, snm_officer_, flight->id, now_);
  });
  ASSERT_TRUE(built) << built.error().ToString();
  EXPECT_EQ(built->manifested, 2);
  ASSERT_EQ(built->manifest.size(), 2u);
  EXPECT_EQ(built->manifest[0].encounter_id, col[0]);  // oldest first
  EXPECT_EQ(built->manifest[1].encounter_id, col[2]);
  EXPECT_EQ(built->manifest[0].status, "manifested");

  // Full: building again adds nothing.
  built = Flightly([&](store::Connection& tx) { return BuildManifest(tx, snm_officer_, flight->id, now_); });
  EXPECT_EQ(built->manifested, 2);

  // A manifested case cannot change its legal basis until the flight is cancelled.
  auto patched = store_->Write<RepatriationCase>([&](store::Connection& tx) {
    return UpdateCase(tx, snm_officer_, built->manifest[0].id, {.legal_basis = "asylum_pending"}, now_);
  });
  ASSERT_FALSE(patched);
  EXPECT_EQ(patched.error().code, core::ErrorCode::kConflict);

  auto departed = Flightly([&](store::Connection& tx) {
    return SetFlightStatus(tx, snm_officer_, flight->id, "departed", now_);
  });
  ASSERT_TRUE(departed) << departed.error().ToString();
  EXPECT_EQ(departed->status, "departed");
  EXPECT_EQ(departed->manifest[0].status, "repatriated");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM migration_cases WHERE status = 'open'"), 3);

  auto again = Flightly([&](store::Connection& tx) {
    return SetFlightStatus(tx, snm_officer_, flight->id, "cancelled", now_);
  });
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, core::ErrorCode::kConflict);
}

TEST_F(Repatriation, CancellingReopensTheCases) {
  ASSERT_TRUE(Open(Encounter("ECU"), "none"));
  auto flight = Flightly([&](store::Connection& tx) {
    return CreateFlight(tx, snm_officer_,
                        {.flight_date = "2024-09-02", .destination_country = "ECU", .capacity = 10},
                        now_);
  });
  ASSERT_TRUE(flight);
  ASSERT_TRUE(Flightly([&](store::Connection& tx) { return BuildManifest(tx, snm_officer_, flight->id, now_); }));
  auto cancelled = Flightly([&](store::Connection& tx) {
    return SetFlightStatus(tx, snm_officer_, flight->id, "cancelled", now_);
  });
  ASSERT_TRUE(cancelled);
  EXPECT_EQ(cancelled->manifested, 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM migration_cases WHERE status = 'open' AND flight_id IS NULL"), 1);
}

TEST_F(Repatriation, OneCasePerPersonAndHiddenEncountersLookAbsent) {
  const std::string e = Encounter("VEN");
  ASSERT_TRUE(Open(e, "none"));
  auto twice = Open(e, "recognized");
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().code, core::ErrorCode::kConflict);
  EXPECT_EQ(twice.error().field, "/encounter_id");

  const std::string hidden = Encounter("VEN", {});  // SNM only
  auto k = store_->Write<RepatriationCase>([&](store::Connection& tx) {
    store::AccessScope dhs_officer = dhs_analyst_;
    dhs_officer.roles = static_cast<std::uint8_t>(store::Role::kOfficer);
    return OpenCase(tx, dhs_officer, {.encounter_id = hidden, .legal_basis = "none"}, now_);
  });
  ASSERT_FALSE(k);
  EXPECT_EQ(k.error().code, core::ErrorCode::kNotFound);

  auto bad = Open(Encounter("VEN"), "refugee");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "/legal_basis");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM migration_cases"), 1);
}

TEST_F(Repatriation, OnlyTheOwnerChangesAFlight) {
  auto flight = Flightly([&](store::Connection& tx) {
    return CreateFlight(tx, snm_officer_,
                        {.flight_date = "2024-08-20", .destination_country = "COL", .capacity = 5,
                         .releasability = {"PAN"}},
                        now_);
  });
  ASSERT_TRUE(flight);
  store::AccessScope other = senafront_analyst_;
  other.roles = static_cast<std::uint8_t>(store::Role::kSupervisor);
  auto r = Flightly([&](store::Connection& tx) { return SetFlightStatus(tx, other, flight->id, "departed", now_); });
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, core::ErrorCode::kPermissionDenied);

  auto bad = Flightly([&](store::Connection& tx) {
    return CreateFlight(tx, snm_officer_,
                        {.flight_date = "2024-02-30", .destination_country = "COL", .capacity = 5},
                        now_);
  });
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "/flight_date");
  bad = Flightly([&](store::Connection& tx) {
    return CreateFlight(tx, snm_officer_,
                        {.flight_date = "2024-08-20", .destination_country = "COL", .capacity = 0},
                        now_);
  });
  EXPECT_EQ(bad.error().field, "/capacity");
}

}  // namespace
}  // namespace istmo::migration

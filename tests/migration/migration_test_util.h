// tests/migration/migration_test_util.h — a store with the migration tables, scopes, encounters.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "core/id.h"
#include "core/time.h"
#include "migration/encounters.h"
#include "store/scope.h"
#include "store/store.h"
#include "testing/temp_dir.h"

namespace istmo::migration::testing {

inline core::Timestamp At(const char* iso) { return core::ParseIso8601(iso).value(); }

// A scope of an organization of `country` with `role`.
inline store::AccessScope Scope(const std::string& org_id, const std::string& country,
                                store::Role role, const std::string& username = "tester") {
  store::AccessScope s;
  s.user_id = core::NewId();
  s.username = username;
  s.org_id = org_id;
  s.org_name = username;
  s.country = country;
  s.roles = static_cast<std::uint8_t>(role);
  return s;
}

class MigrationStore : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = store::Store::Open({.url = dir_.File("m.db")}, Migrations());
    ASSERT_TRUE(opened) << opened.error().ToString();
    store_ = std::move(opened).value();
  }

  // (std::string parameters: GCC 12 warns falsely of -Wrestrict on assigning a char* at -O3.)
  NewEncounter Person(const std::string& name, const char* at,
                      const std::string& nationality = "VEN", const std::string& sex = "F",
                      const std::string& birth = "1990-04-02") {
    NewEncounter e;
    e.station_id = "ERM-LAJAS-BLANCAS";
    e.encountered_at = At(at);
    e.name = name;
    e.birth_date = birth;
    e.sex = sex;
    e.nationality = nationality;
    return e;
  }

  core::Result<Encounter> Insert(const store::AccessScope& scope, NewEncounter e) {
    return store_->Write<Encounter>([&](store::Connection& tx) {
      return InsertEncounter(tx, scope, e, "", now_);
    });
  }

  std::int64_t Count(const std::string& sql) {
    auto n = store_->Read<std::int64_t>([&](store::Connection& c) -> core::Result<std::int64_t> {
      ISTMO_ASSIGN_OR_RETURN(auto row, c.QueryOne(sql));
      return row ? row->Int(0) : 0;
    });
    return n.value();
  }

  istmo::testing::TempDir dir_;
  std::unique_ptr<store::Store> store_;
  core::Timestamp now_ = At("2024-11-20T15:00:00Z");
  const std::string snm_ = core::NewId();       // a Panamanian organization
  const std::string senafront_ = core::NewId(); // another Panamanian organization
  const std::string dhs_ = core::NewId();       // a U.S. organization
  const store::AccessScope snm_officer_ = Scope(snm_, "PAN", store::Role::kOfficer, "snm.officer");
  const store::AccessScope snm_analyst_ = Scope(snm_, "PAN", store::Role::kAnalyst, "snm.analyst");
  const store::AccessScope senafront_analyst_ =
      Scope(senafront_, "PAN", store::Role::kAnalyst, "senafront.analyst");
  const store::AccessScope dhs_analyst_ = Scope(dhs_, "USA", store::Role::kAnalyst, "dhs.analyst");
};

}  // namespace istmo::migration::testing

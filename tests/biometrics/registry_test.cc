#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "biometrics/face.h"
#include "biometrics/identify.h"
#include "biometrics/test_data.h"
#include "core/id.h"
#include "core/time.h"
#include "store/alerts.h"
#include "store/audit.h"
#include "store/store.h"

namespace istmo::biometrics {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

// Real descriptors of dlib's johns chips: 5 people × 11 photos, computed once.
const std::map<std::string, std::vector<Descriptor>>& Johns() {
  static const auto* johns = [] {
    auto* out = new std::map<std::string, std::vector<Descriptor>>();
    auto encoder = FaceEncoder::Open({});
    if (!encoder) return out;
    for (const auto& person : fs::directory_iterator(testing::Faces() / "dlib/examples/johns")) {
      std::vector<fs::path> files;
      for (const auto& f : fs::directory_iterator(person.path())) files.push_back(f.path());
      std::sort(files.begin(), files.end());
      std::vector<Image> chips;
      for (const auto& f : files) chips.push_back(LoadImageFile(f.string()).value());
      (*out)[person.path().filename().string()] = (*encoder)->EncodeChips(chips).value();
    }
    return out;
  }();
  return *johns;
}

store::AccessScope Scope(const std::string& org, const std::string& country,
                         std::initializer_list<store::Role> roles) {
  store::AccessScope s;
  s.user_id = core::NewId();
  s.username = "user-" + org.substr(0, 8);
  s.org_id = org;
  s.country = country;
  for (store::Role r : roles) s.roles |= static_cast<std::uint8_t>(r);
  return s;
}

class FaceRegistryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(Johns().size(), 5u);
    auto st = store::Store::Open({.url = (dir_.path() / "istmo.db").string()}, Migrations());
    ASSERT_TRUE(st.has_value()) << st.error().ToString();
    store_ = std::move(st).value();
    key_ = TemplateKey::Generate();
    auto registry = FaceRegistry::Open(*store_, {.key = key_});
    ASSERT_TRUE(registry.has_value()) << registry.error().ToString();
    registry_ = std::move(registry).value();
  }

  // Enrols photos 0..4 of `john` as person "person:<john>".
  void EnrolFive(const store::AccessScope& by, const std::string& john,
                 std::vector<std::string> releasability) {
    for (int i = 0; i < 5; ++i) {
      auto e = registry_->Enrol(by,
                                {.person_id = "person:" + john,
                                 .releasability = releasability,
                                 .descriptor = Johns().at(john)[i]},
                                now_);
      ASSERT_TRUE(e.has_value()) << e.error().ToString();
    }
  }

  void EnrolPopulation() {
    EnrolFive(senafront_officer_, "John_Salley", {});         // SENAFRONT only
    EnrolFive(senafront_officer_, "John_Savage", {"PAN"});    // every Panamanian org
    EnrolFive(dhs_officer_, "John_Simm", {"ALL"});            // everyone
    EnrolFive(dhs_officer_, "John_Schneider", {});            // DHS only
  }

  Identification Identify(const store::AccessScope& by, const std::string& john, int photo,
                          std::size_t k = 5) {
    auto r = registry_->Identify(by, Johns().at(john)[photo], k, now_);
    EXPECT_TRUE(r.has_value()) << r.error().ToString();
    return r.value_or(Identification{});
  }

  testing::TempDir dir_;
  std::unique_ptr<store::Store> store_;
  TemplateKey key_;
  std::unique_ptr<FaceRegistry> registry_;
  core::Timestamp now_ = core::ParseIso8601("2024-08-20T14:03:00.000Z").value();
  const std::string senafront_ = core::NewId();
  const std::string snm_ = core::NewId();
  const std::string dhs_ = core::NewId();
  const store::AccessScope senafront_officer_ = Scope(senafront_, "PAN", {store::Role::kOfficer});
  const store::AccessScope senafront_supervisor_ =
      Scope(senafront_, "PAN", {store::Role::kSupervisor});
  const store::AccessScope snm_officer_ = Scope(snm_, "PAN", {store::Role::kOfficer});
  const store::AccessScope dhs_officer_ = Scope(dhs_, "USA", {store::Role::kOfficer});
  const store::AccessScope dhs_supervisor_ = Scope(dhs_, "USA", {store::Role::kSupervisor});
};

TEST_F(FaceRegistryTest, IdentifiesTheEnrolledPerson) {
  EnrolPopulation();
  EXPECT_EQ(registry_->size(), 20u);
  const Identification r = Identify(senafront_officer_, "John_Salley", 10);
  ASSERT_FALSE(r.candidates.empty());
  EXPECT_EQ(r.candidates[0].person_id, "person:John_Salley");
  EXPECT_TRUE(r.candidates[0].match);
  EXPECT_EQ(r.candidates[0].owner_org, senafront_);
  EXPECT_EQ(r.candidates[0].enrolled_at, now_);
  for (std::size_t i = 1; i < r.candidates.size(); ++i) {
    EXPECT_LE(r.candidates[i - 1].distance, r.candidates[i].distance);
  }
}

TEST_F(FaceRegistryTest, CandidatesRespectReleasability) {
  EnrolPopulation();
  // SNM (Panama) may see Savage (PAN) and Simm (ALL) only: ten templates.
  const Identification snm = Identify(snm_officer_, "John_Salley", 10, 20);
  ASSERT_EQ(snm.candidates.size(), 10u);
  for (const Candidate& c : snm.candidates) {
    EXPECT_THAT(c.person_id, ::testing::AnyOf("person:John_Savage", "person:John_Simm"));
    EXPECT_FALSE(c.match) << c.person_id << " " << c.distance;
  }
  // DHS sees Simm and its own Schneider, never SENAFRONT's records.
  const Identification dhs = Identify(dhs_officer_, "John_Savage", 10, 20);
  ASSERT_EQ(dhs.candidates.size(), 10u);
  for (const Candidate& c : dhs.candidates) {
    EXPECT_THAT(c.person_id, ::testing::AnyOf("person:John_Simm", "person:John_Schneider"));
  }
  // And each finds its own people.
  EXPECT_EQ(Identify(dhs_officer_, "John_Schneider", 9).candidates.at(0).person_id,
            "person:John_Schneider");
  EXPECT_EQ(Identify(snm_officer_, "John_Savage", 9).candidates.at(0).person_id,
            "person:John_Savage");
}

TEST_F(FaceRegistryTest, WatchlistHitAlertsTheOwnerEvenWhenTheOfficerCannotSeeIt) {
  EnrolPopulation();
  // DHS watches Salley, whose templates only SENAFRONT may see, with a photo of its own that
  // only DHS may see.
  auto w = registry_->CreateWatchlist(dhs_supervisor_, "INL subjects", {}, now_);
  ASSERT_TRUE(w.has_value()) << w.error().ToString();
  ASSERT_TRUE(registry_
                  ->AddToWatchlist(dhs_supervisor_, w->id,
                                   {.person_id = "person:John_Salley",
                                    .reason = "arrest warrant",
                                    .face = Johns().at("John_Salley")[10]},
                                   now_)
                  .has_value());

  const Identification r = Identify(senafront_officer_, "John_Salley", 10);
  EXPECT_EQ(r.candidates.at(0).person_id, "person:John_Salley");
  EXPECT_TRUE(r.hits.empty());  // the watchlist is not releasable to SENAFRONT

  auto dhs_alerts = store_->Read<std::vector<store::Alert>>([&](store::Connection& c) {
    return store::ListAlerts(c, dhs_supervisor_, {.module = "biometrics"});
  });
  ASSERT_TRUE(dhs_alerts.has_value());
  ASSERT_EQ(dhs_alerts->size(), 1u);
  EXPECT_EQ((*dhs_alerts)[0].owner_org, dhs_);
  EXPECT_EQ((*dhs_alerts)[0].kind, "watchlist_hit");
  EXPECT_EQ((*dhs_alerts)[0].title, "Watchlist hit: INL subjects");
  EXPECT_THAT((*dhs_alerts)[0].detail, HasSubstr("\"person_id\":\"person:John_Salley\""));
  EXPECT_THAT((*dhs_alerts)[0].detail, HasSubstr("arrest warrant"));
  EXPECT_THAT((*dhs_alerts)[0].detail, HasSubstr(senafront_));

  auto senafront_alerts = store_->Read<std::vector<store::Alert>>([&](store::Connection& c) {
    return store::ListAlerts(c, senafront_officer_, {});
  });
  ASSERT_TRUE(senafront_alerts.has_value());
  EXPECT_TRUE(senafront_alerts->empty());

  // Someone else does not raise an alert.
  Identify(senafront_officer_, "John_Savage", 10);
  dhs_alerts = store_->Read<std::vector<store::Alert>>([&](store::Connection& c) {
    return store::ListAlerts(c, dhs_supervisor_, {});
  });
  EXPECT_EQ(dhs_alerts->size(), 1u);
}

TEST_F(FaceRegistryTest, WatchlistHitVisibleToReleasableOrganization) {
  EnrolPopulation();
  auto w = registry_->CreateWatchlist(senafront_supervisor_, "Darién smugglers", {"PAN"}, now_);
  ASSERT_TRUE(w.has_value());
  ASSERT_TRUE(registry_->AddToWatchlist(senafront_supervisor_, w->id,
                                        {.person_id = "person:John_Savage",
                                         .reason = "smuggling network"},
                                        now_)
                  .has_value());
  const Identification r = Identify(snm_officer_, "John_Savage", 8);
  ASSERT_EQ(r.hits.size(), 1u);
  EXPECT_EQ(r.hits[0].watchlist_name, "Darién smugglers");
  EXPECT_EQ(r.hits[0].reason, "smuggling network");
  EXPECT_LE(r.hits[0].distance, kMatchThreshold);
  EXPECT_FALSE(r.hits[0].alert_id.empty());
}

TEST_F(FaceRegistryTest, OfficersCannotCreateWatchlists) {
  auto denied = registry_->CreateWatchlist(senafront_officer_, "x", {}, now_);
  ASSERT_FALSE(denied.has_value());
  EXPECT_EQ(denied.error().code, core::ErrorCode::kPermissionDenied);
}

TEST_F(FaceRegistryTest, AWatchlistHiddenFromTheCallerLooksAbsent) {
  auto w = registry_->CreateWatchlist(dhs_supervisor_, "INL", {}, now_);
  ASSERT_TRUE(w.has_value());
  // Hidden from SENAFRONT: looks absent.
  auto hidden = registry_->AddToWatchlist(senafront_supervisor_, w->id,
                                          {.person_id = "p", .reason = "r"}, now_);
  ASSERT_FALSE(hidden.has_value());
  EXPECT_EQ(hidden.error().code, core::ErrorCode::kNotFound);
}

TEST_F(FaceRegistryTest, AWatchlistNeedsANameAndKnownReleasability) {
  EXPECT_EQ(registry_->CreateWatchlist(dhs_supervisor_, "", {}, now_).error().code,
            core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(registry_->CreateWatchlist(dhs_supervisor_, "x", {"nowhere!"}, now_).error().code,
            core::ErrorCode::kInvalidArgument);
}

TEST_F(FaceRegistryTest, AnAnalystMayIdentifyButNotEnrolAndAnAdminMayDoNeither) {
  const store::AccessScope analyst = Scope(snm_, "PAN", {store::Role::kAnalyst});
  auto e = registry_->Enrol(analyst, {.person_id = "p", .descriptor = Johns().at("John_Simm")[0]},
                            now_);
  ASSERT_FALSE(e.has_value());
  EXPECT_EQ(e.error().code, core::ErrorCode::kPermissionDenied);
  EXPECT_TRUE(registry_->Identify(analyst, Johns().at("John_Simm")[0], 3, now_).has_value());
  const store::AccessScope admin_only = Scope(snm_, "PAN", {store::Role::kAdmin});
  EXPECT_EQ(registry_->Identify(admin_only, Johns().at("John_Simm")[0], 3, now_).error().code,
            core::ErrorCode::kPermissionDenied);
}

TEST_F(FaceRegistryTest, EnrolRefusesAnEmptyPersonId) {
  EXPECT_EQ(registry_->Enrol(senafront_officer_, {.person_id = "", .descriptor = {}}, now_)
                .error()
                .code,
            core::ErrorCode::kInvalidArgument);
}

TEST_F(FaceRegistryTest, TemplatesAreSealedAtRestAndReloadOnOpen) {
  EnrolPopulation();
  auto rows = store_->Read<std::vector<store::Row>>([](store::Connection& c) {
    return c.Query("SELECT id, nonce, ciphertext FROM face_templates ORDER BY label");
  });
  ASSERT_TRUE(rows.has_value());
  ASSERT_EQ(rows->size(), 20u);
  // The first enrolled template is Salley's photo 0: its plain bytes appear nowhere in the row.
  const Descriptor& plain = Johns().at("John_Salley")[0];
  const std::vector<std::uint8_t> ciphertext = (*rows)[0].Bytes(2);
  EXPECT_EQ(ciphertext.size(), 512u + 16u);
  EXPECT_EQ((*rows)[0].Bytes(1).size(), 24u);
  EXPECT_EQ(std::search(ciphertext.begin(), ciphertext.end(),
                        reinterpret_cast<const std::uint8_t*>(plain.data()),
                        reinterpret_cast<const std::uint8_t*>(plain.data()) + 16),
            ciphertext.end());

  // A new registry on the same store decrypts and indexes every template.
  registry_.reset();
  auto reopened = FaceRegistry::Open(*store_, {.key = key_});
  ASSERT_TRUE(reopened.has_value()) << reopened.error().ToString();
  registry_ = std::move(reopened).value();
  EXPECT_EQ(registry_->size(), 20u);
  EXPECT_EQ(Identify(senafront_officer_, "John_Salley", 7).candidates.at(0).person_id,
            "person:John_Salley");

  // Another key does not open them.
  auto wrong = FaceRegistry::Open(*store_, {.key = TemplateKey::Generate()});
  ASSERT_FALSE(wrong.has_value());
  EXPECT_EQ(wrong.error().code, core::ErrorCode::kDataLoss);

  // Nor does a ciphertext moved to another row (the template id is bound in).
  ASSERT_TRUE(store_
                  ->Write([&](store::Connection& tx) -> core::Status {
                    ISTMO_RETURN_IF_ERROR(tx.Exec(
                        "UPDATE face_templates SET nonce = ?, ciphertext = ? WHERE id = ?",
                        {store::Blob{(*rows)[0].Bytes(1)}, store::Blob{ciphertext},
                         (*rows)[1].Text(0)}));
                    return core::Ok();
                  })
                  .has_value());
  auto moved = FaceRegistry::Open(*store_, {.key = key_});
  ASSERT_FALSE(moved.has_value());
  EXPECT_THAT(moved.error().message, HasSubstr((*rows)[1].Text(0)));
}

TEST_F(FaceRegistryTest, EveryStepIsAudited) {
  EnrolPopulation();
  auto w = registry_->CreateWatchlist(dhs_supervisor_, "INL", {}, now_);
  ASSERT_TRUE(w.has_value());
  ASSERT_TRUE(
      registry_->AddToWatchlist(dhs_supervisor_, w->id, {.person_id = "person:John_Simm", .reason = "r"}, now_).has_value());
  Identify(dhs_officer_, "John_Simm", 6);
  auto counts = store_->Read<std::vector<store::Row>>([](store::Connection& c) {
    return c.Query("SELECT action, COUNT(*) FROM audit_log GROUP BY action ORDER BY action");
  });
  ASSERT_TRUE(counts.has_value());
  std::map<std::string, std::int64_t> by_action;
  for (const store::Row& r : *counts) by_action[r.Text(0)] = r.Int(1);
  EXPECT_EQ(by_action["biometrics.enrol"], 20);
  EXPECT_EQ(by_action["biometrics.identify"], 1);
  EXPECT_EQ(by_action["biometrics.watchlist_create"], 1);
  EXPECT_EQ(by_action["biometrics.watchlist_add"], 1);
  auto verified = store_->Read<store::AuditVerification>(
      [](store::Connection& c) { return store::VerifyAudit(c); });
  ASSERT_TRUE(verified.has_value());
  EXPECT_TRUE(verified->ok) << verified->reason;
}

TEST(TemplateKey, FromHexAcceptsOnlySixtyFourHexDigits) {
  EXPECT_TRUE(TemplateKey::FromHex(std::string(64, 'a')).has_value());
  auto bad = TemplateKey::FromHex("abc");
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().field, "biometrics.template_key");
  EXPECT_FALSE(TemplateKey::FromHex(std::string(63, 'a') + "z").has_value());
}

}  // namespace
}  // namespace istmo::biometrics

namespace istmo::biometrics {
namespace {

TEST_F(FaceRegistryTest, AWatchlistEntryWithAFaceIsFoundUntilItIsRemoved) {
  EnrolPopulation();
  auto w = registry_->CreateWatchlist(dhs_supervisor_, "Red notices", {"PAN"}, now_);
  ASSERT_TRUE(w.has_value()) << w.error().ToString();
  // John_Shimkus's face was never enrolled: the entry brings it.
  ASSERT_EQ(Johns().count("John_Shimkus"), 1u);
  auto entry = registry_->AddToWatchlist(
      dhs_supervisor_, w->id,
      {.name = "J. Shimkus", .reason = "red notice", .face = Johns().at("John_Shimkus")[0]},
      now_);
  ASSERT_TRUE(entry.has_value()) << entry.error().ToString();
  EXPECT_FALSE(entry->person_id.empty());
  EXPECT_FALSE(entry->template_id.empty());
  EXPECT_EQ(registry_->size(), 21u);

  // A SENAFRONT officer's photo of the same man: the hit is answered (the list is released to
  // Panama) and DHS is alerted.
  const Identification seen = Identify(senafront_officer_, "John_Shimkus", 6);
  ASSERT_EQ(seen.hits.size(), 1u);
  EXPECT_EQ(seen.hits[0].person_id, entry->person_id);
  EXPECT_EQ(seen.hits[0].reason, "red notice");
  EXPECT_LT(seen.hits[0].distance, kMatchThreshold);

  const store::AccessScope senafront_analyst = Scope(senafront_, "PAN", {store::Role::kAnalyst});
  auto detail = registry_->GetWatchlist(senafront_analyst, w->id);
  ASSERT_TRUE(detail.has_value()) << detail.error().ToString();
  EXPECT_EQ(detail->watchlist.entries, 1);
  ASSERT_EQ(detail->entries.size(), 1u);
  EXPECT_EQ(detail->entries[0].name, "J. Shimkus");
  EXPECT_EQ(detail->entries[0].template_id, entry->template_id);

  // Only the owner's supervisors change the list.
  EXPECT_EQ(registry_->RemoveFromWatchlist(senafront_supervisor_, w->id, entry->id, now_)
                .error()
                .code,
            core::ErrorCode::kPermissionDenied);
  ASSERT_TRUE(registry_->RemoveFromWatchlist(dhs_supervisor_, w->id, entry->id, now_).has_value());
  // The face enrolled with the entry went with it: no longer a candidate, not even to its owner,
  // and its sealed descriptor is wiped from the row.
  EXPECT_EQ(registry_->size(), 20u);
  for (const Candidate& c : Identify(dhs_officer_, "John_Shimkus", 0, 30).candidates) {
    EXPECT_NE(c.person_id, entry->person_id);
  }
  auto wiped = store_->Read<std::optional<store::Row>>([&](store::Connection& c) {
    return c.QueryOne("SELECT length(ciphertext), erased_at IS NOT NULL FROM face_templates "
                      "WHERE id = ?",
                      {entry->template_id});
  });
  ASSERT_TRUE(wiped.has_value() && wiped->has_value());
  EXPECT_EQ((*wiped)->Int(0), 0);
  EXPECT_EQ((*wiped)->Int(1), 1);
  // Reopened, the registry does not load it; the next face gets a label of its own.
  auto reopened = FaceRegistry::Open(*store_, {.key = key_});
  ASSERT_TRUE(reopened.has_value()) << reopened.error().ToString();
  EXPECT_EQ((*reopened)->size(), 20u);
  ASSERT_TRUE((*reopened)->Enrol(senafront_officer_,
                                 {.person_id = "person:next", .descriptor = Johns().at("John_Shimkus")[1]},
                                 now_));
  EXPECT_EQ((*reopened)->Identify(senafront_officer_, Johns().at("John_Shimkus")[2], 1, now_)
                ->candidates.at(0)
                .person_id,
            "person:next");
  EXPECT_EQ(registry_->RemoveFromWatchlist(dhs_supervisor_, w->id, entry->id, now_).error().code,
            core::ErrorCode::kNotFound);
  EXPECT_TRUE(Identify(senafront_officer_, "John_Shimkus", 7).hits.empty());
  EXPECT_EQ(registry_->GetWatchlist(dhs_supervisor_, w->id)->entries.size(), 0u);
}

TEST_F(FaceRegistryTest, WatchlistsAreListedByReleasability) {
  auto shared = registry_->CreateWatchlist(dhs_supervisor_, "Shared with Panama", {"PAN"}, now_);
  auto own = registry_->CreateWatchlist(dhs_supervisor_, "DHS only", {}, now_);
  ASSERT_TRUE(shared && own);
  const store::AccessScope snm_analyst = Scope(snm_, "PAN", {store::Role::kAnalyst});
  auto seen = registry_->ListWatchlists(snm_analyst);
  ASSERT_TRUE(seen.has_value()) << seen.error().ToString();
  ASSERT_EQ(seen->size(), 1u);
  EXPECT_EQ(seen->at(0).name, "Shared with Panama");
  EXPECT_EQ(registry_->GetWatchlist(snm_analyst, own->id).error().code,
            core::ErrorCode::kNotFound);
  EXPECT_EQ(registry_->ListWatchlists(dhs_supervisor_)->size(), 2u);
  // Officers learn of hits at identification; they do not browse watchlists.
  EXPECT_EQ(registry_->ListWatchlists(snm_officer_).error().code,
            core::ErrorCode::kPermissionDenied);
  // An entry needs a reason, and a person id or a face.
  EXPECT_EQ(registry_->AddToWatchlist(dhs_supervisor_, own->id, {.reason = "r"}, now_)
                .error()
                .field,
            "/person_id");
  EXPECT_EQ(registry_->AddToWatchlist(dhs_supervisor_, own->id, {.person_id = "p"}, now_)
                .error()
                .field,
            "/reason");
  // A person listed by id needs a face the caller may see: a hit comes from a face.
  auto unknown = registry_->AddToWatchlist(dhs_supervisor_, own->id,
                                           {.person_id = "nobody", .reason = "r"}, now_);
  ASSERT_FALSE(unknown.has_value());
  EXPECT_EQ(unknown.error().code, core::ErrorCode::kNotFound);
  EXPECT_EQ(unknown.error().field, "/person_id");
  EnrolFive(senafront_officer_, "John_Salley", {});  // SENAFRONT only
  EXPECT_EQ(registry_->AddToWatchlist(dhs_supervisor_, own->id,
                                      {.person_id = "person:John_Salley", .reason = "r"}, now_)
                .error()
                .code,
            core::ErrorCode::kNotFound);
}

TEST_F(FaceRegistryTest, AnEnrolmentInATransactionThatRollsBackLeavesNothing) {
  EnrolPopulation();
  const std::size_t before = registry_->size();
  std::optional<PendingEnrolment> pending;
  core::Status failed = store_->Write([&](store::Connection& tx) -> core::Status {
    ISTMO_ASSIGN_OR_RETURN(pending, registry_->EnrolIn(tx, senafront_officer_,
                                                       {.person_id = "person:rolled-back",
                                                        .descriptor = Johns().at("John_Shimkus")[0]},
                                                       now_));
    return core::Internal("the caller's next write failed");
  });
  ASSERT_FALSE(failed.has_value());
  ASSERT_TRUE(pending.has_value());
  auto rows = store_->Read<std::optional<store::Row>>([](store::Connection& c) {
    return c.QueryOne("SELECT COUNT(*) FROM face_templates WHERE person_id = 'person:rolled-back'");
  });
  ASSERT_TRUE(rows.has_value() && rows->has_value());
  EXPECT_EQ((*rows)->Int(0), 0);
  EXPECT_EQ(registry_->size(), before);
  for (const Candidate& c : Identify(senafront_officer_, "John_Shimkus", 1, 20).candidates) {
    EXPECT_NE(c.person_id, "person:rolled-back");
  }

  // Committed and published, the same enrolment is found.
  auto committed = store_->Write<PendingEnrolment>([&](store::Connection& tx) {
    return registry_->EnrolIn(tx, senafront_officer_,
                              {.person_id = "person:committed",
                               .descriptor = Johns().at("John_Shimkus")[0]},
                              now_);
  });
  ASSERT_TRUE(committed.has_value()) << committed.error().ToString();
  ASSERT_TRUE(registry_->Publish(*committed).has_value());
  EXPECT_EQ(Identify(senafront_officer_, "John_Shimkus", 1).candidates.at(0).person_id,
            "person:committed");
}

}  // namespace
}  // namespace istmo::biometrics

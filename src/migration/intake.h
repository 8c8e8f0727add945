// migration/intake.h — registering an encounter with a photo: enrol the face and answer, in
// the same request, with the person's earlier encounters and any watchlist hits.
//
// Register() runs these steps, in this order, so that bad input writes nothing:
//   1. validate every field and the station (kInvalidArgument naming the field);
//   2. decode the photo and compute its face descriptor (kInvalidArgument, field "/photo":
//      not JPEG/PNG, no face, more than one face, face too small);
//   3. identify 1:N against every face template the caller may see and every watchlist
//      (biometrics/identify.h; a watchlist hit raises an alert for the watchlist's owner);
//   4. take the person id of the nearest matching template, else of an earlier encounter with
//      the same nationality and document number, else a new one;
//   5. in one transaction: enrol the face under that person id with its photo (sealed, and a
//      thumbnail), insert the encounter (with its template id) and their audit entries; the
//      index learns of the face after the commit.
// Steps 3 and 5 write (identification audit, alerts; template and encounter) only after 1–2
// passed, and step 5 writes both rows or neither.
//
// Faces come from the process's biometrics::FaceService (models and template key); an
// encounter without a photo needs neither. Without a key, a photo is answered kUnavailable
// naming the setting.
//
// Thread-safety: Register may be called from many threads.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "biometrics/faces.h"
#include "biometrics/identify.h"
#include "core/result.h"
#include "core/time.h"
#include "migration/encounters.h"
#include "store/scope.h"
#include "store/store.h"

namespace istmo::migration {

struct IntakeOptions {
  // How many nearest templates are considered.
  std::size_t candidates = 10;
};

struct EarlierMatch {
  Encounter encounter;
  std::string matched_by;  // "face" or "document"
  std::optional<float> distance;  // face distance of that encounter's template, when by face
  // The person as their latest encounter before this registration that the caller may see
  // tells it (biometrics/people.h).
  std::optional<biometrics::PersonSummary> person;
};

struct Registration {
  Encounter encounter;
  std::vector<EarlierMatch> earlier;              // oldest first
  // Only those the caller may see; each with the person as known before this registration
  // (their latest visible encounter, else the watchlist entry's name) and the face to show.
  std::vector<biometrics::WatchlistHit> watchlist_hits;
  bool face_enrolled = false;
};

class Intake {
 public:
  // `faces` must be opened on `store` and outlive the Intake.
  Intake(store::Store& store, biometrics::FaceService& faces, IntakeOptions options = {});
  ~Intake();

  // `photo` is the JPEG or PNG bytes, or empty for an encounter without photo (then only the
  // document links it to earlier encounters). See the steps above.
  core::Result<Registration> Register(const store::AccessScope& scope, NewEncounter encounter,
                                      const std::vector<std::uint8_t>& photo, core::Timestamp now);

 private:
  store::Store& store_;
  biometrics::FaceService& faces_;
  IntakeOptions options_;
};

}  // namespace istmo::migration

#include "migration/intake.h"

#include <algorithm>
#include <map>

#include "biometrics/face.h"
#include "biometrics/image.h"
#include "core/id.h"

namespace istmo::migration {

Intake::Intake(store::Store& store, IntakeOptions options)
    : store_(store), options_(std::move(options)) {}

Intake::~Intake() = default;

core::Status Intake::OpenFaces() {
  // Called with open_mu_ held. Both parts are opened once and kept.
  if (registry_ && encoder_) return core::Ok();
  if (options_.template_key_hex.empty()) {
    return core::Unavailable(
        "face identification is not configured: set biometrics.template_key (64 hex digits)");
  }
  ISTMO_ASSIGN_OR_RETURN(auto key, biometrics::TemplateKey::FromHex(options_.template_key_hex));
  if (!encoder_) {
    ISTMO_ASSIGN_OR_RETURN(encoder_, biometrics::FaceEncoder::Open({.model_dir = options_.model_dir}));
  }
  ISTMO_ASSIGN_OR_RETURN(registry_, biometrics::FaceRegistry::Open(store_, {.key = key}));
  return core::Ok();
}

core::Result<Registration> Intake::Register(const store::AccessScope& scope, NewEncounter in,
                                            const std::vector<std::uint8_t>& photo,
                                            core::Timestamp now) {
  if (!scope.Has(store::Role::kOfficer)) {
    return core::PermissionDenied("registering an encounter needs the officer role");
  }
  // 1. Fields and station, before anything is written.
  ISTMO_RETURN_IF_ERROR(ValidateEncounter(in, now));
  ISTMO_ASSIGN_OR_RETURN(auto stations, store_.Read<std::vector<Station>>(
                                            [](store::Connection& c) { return ListStations(c); }));
  bool known = false;
  for (const Station& s : stations) known = known || s.id == in.station_id;
  if (!known) {
    return core::InvalidArgument("no reception station '" + in.station_id.substr(0, 40) + "'",
                                 "/station_id");
  }

  // 2. The face.
  std::optional<biometrics::Descriptor> descriptor;
  biometrics::FaceRegistry* registry = nullptr;
  if (!photo.empty()) {
    auto image = biometrics::DecodeImage(photo);
    if (!image) {
      core::Error err = image.error();
      err.field = "/photo";  // the request's field, not the decoder's
      return err;
    }
    biometrics::FaceEncoder* encoder = nullptr;
    {
      std::lock_guard lock(open_mu_);
      ISTMO_RETURN_IF_ERROR(OpenFaces());
      encoder = encoder_.get();
      registry = registry_.get();
    }
    auto face = encoder->Encode(*image);
    if (!face) {
      core::Error err = face.error();
      if (err.field == "image") err.field = "/photo";
      return err;
    }
    descriptor = face->descriptor;
  }

  // 3. Identification.
  Registration out;
  std::map<std::string, float> face_distance;  // template id -> distance, matches only
  std::vector<std::string> matched_persons;
  if (descriptor) {
    ISTMO_ASSIGN_OR_RETURN(auto found,
                           registry->Identify(scope, *descriptor, options_.candidates, now));
    for (const auto& c : found.candidates) {
      if (!c.match) continue;
      face_distance[c.template_id] = c.distance;
      if (std::find(matched_persons.begin(), matched_persons.end(), c.person_id) ==
          matched_persons.end()) {
        matched_persons.push_back(c.person_id);
      }
    }
    out.watchlist_hits = std::move(found.hits);
  }

  // 4. Who this is: the nearest face match, else the document.
  ISTMO_ASSIGN_OR_RETURN(
      auto earlier, store_.Read<std::vector<Encounter>>([&](store::Connection& c) {
        return EarlierEncounters(c, scope, matched_persons, in.nationality, in.document_number, "");
      }));
  if (in.person_id.empty()) {
    if (!matched_persons.empty()) {
      in.person_id = matched_persons.front();
    } else if (!earlier.empty()) {
      in.person_id = earlier.front().person_id;
    }
  }

  // 5. Enrol, then the encounter.
  std::string template_id;
  if (descriptor) {
    if (in.person_id.empty()) in.person_id = core::NewId();
    ISTMO_ASSIGN_OR_RETURN(auto enrolled,
                           registry->Enrol(scope,
                                           {.person_id = in.person_id,
                                            .releasability = in.releasability,
                                            .descriptor = *descriptor},
                                           now));
    template_id = enrolled.template_id;
    out.face_enrolled = true;
  }
  ISTMO_ASSIGN_OR_RETURN(out.encounter,
                         store_.Write<Encounter>([&](store::Connection& tx) {
                           return InsertEncounter(tx, scope, in, template_id, now);
                         }));
  for (Encounter& e : earlier) {
    EarlierMatch m;
    const auto it = face_distance.find(e.template_id);
    if (it != face_distance.end()) {
      m.matched_by = "face";
      m.distance = it->second;
    } else if (std::find(matched_persons.begin(), matched_persons.end(), e.person_id) !=
               matched_persons.end()) {
      m.matched_by = "face";
    } else {
      m.matched_by = "document";
    }
    m.encounter = std::move(e);
    out.earlier.push_back(std::move(m));
  }
  return out;
}

}  // namespace istmo::migration

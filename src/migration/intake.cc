#include "migration/intake.h"

#include <algorithm>
#include <map>

#include "core/id.h"
#include "migration/internal/util.h"
#include "migration/people.h"

namespace istmo::migration {

Intake::Intake(store::Store& store, biometrics::FaceService& faces, IntakeOptions options)
    : store_(store), faces_(faces), options_(options) {}

Intake::~Intake() = default;

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
    return internal::UnknownStation(in.station_id);
  }

  // 2. The face.
  std::optional<biometrics::Descriptor> descriptor;
  biometrics::FaceRegistry* registry = nullptr;
  biometrics::FacePhoto kept_photo;
  if (!photo.empty()) {
    ISTMO_ASSIGN_OR_RETURN(auto kept, faces_.DescribeToKeep(photo, "/photo"));
    ISTMO_ASSIGN_OR_RETURN(registry, faces_.Registry());
    descriptor = kept.face.descriptor;
    kept_photo = std::move(kept.photo);
  }

  // 3. Identification.
  Registration out;
  std::map<std::string, float> face_distance;  // template id -> distance, matches only
  std::vector<std::string> matched_persons;
  if (descriptor) {
    if (in.id.empty()) in.id = core::NewId();
    ISTMO_ASSIGN_OR_RETURN(auto found,
                           registry->Identify(scope, *descriptor, options_.candidates, now,
                                              {.encounter_id = in.id, .name = in.name}));
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

  // 4. Who this is: the nearest face match, else the document. The people behind the earlier
  // encounters and the hits are described before this registration adds to them, so that what
  // the officer just entered can be compared with what was known.
  std::map<std::string, biometrics::PersonSummary> people;
  ISTMO_ASSIGN_OR_RETURN(
      auto earlier,
      store_.Read<std::vector<Encounter>>([&](store::Connection& c)
                                              -> core::Result<std::vector<Encounter>> {
        ISTMO_ASSIGN_OR_RETURN(auto found, EarlierEncounters(c, scope, matched_persons,
                                                             in.nationality, in.document_number,
                                                             ""));
        std::vector<std::string> persons;
        for (const Encounter& e : found) persons.push_back(e.person_id);
        ISTMO_ASSIGN_OR_RETURN(people, EncounterPeople().Describe(c, scope, persons));
        ISTMO_RETURN_IF_ERROR(biometrics::DescribePeople(c, scope, &EncounterPeople(), {},
                                                         out.watchlist_hits));
        return found;
      }));
  if (in.person_id.empty()) {
    if (!matched_persons.empty()) {
      in.person_id = matched_persons.front();
    } else if (!earlier.empty()) {
      in.person_id = earlier.front().person_id;
    }
  }

  // 5. The face and the encounter, in one transaction.
  if (descriptor && in.person_id.empty()) in.person_id = core::NewId();
  std::optional<biometrics::PendingEnrolment> enrolment;
  ISTMO_ASSIGN_OR_RETURN(
      out.encounter, store_.Write<Encounter>([&](store::Connection& tx) -> core::Result<Encounter> {
        enrolment.reset();
        std::string template_id;
        if (descriptor) {
          ISTMO_ASSIGN_OR_RETURN(enrolment, registry->EnrolIn(tx, scope,
                                                              {.person_id = in.person_id,
                                                               .releasability = in.releasability,
                                                               .descriptor = *descriptor,
                                                               .photo = &kept_photo},
                                                              now));
          template_id = enrolment->enrolled.template_id;
        }
        return InsertEncounter(tx, scope, in, template_id, now);
      }));
  if (enrolment) {
    ISTMO_RETURN_IF_ERROR(registry->Publish(*enrolment));
    out.face_enrolled = true;
  }
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
    if (const auto who = people.find(e.person_id); who != people.end()) m.person = who->second;
    m.encounter = std::move(e);
    out.earlier.push_back(std::move(m));
  }
  // "repeat" as this officer may know it: an earlier encounter hidden from them is no repeat.
  ISTMO_RETURN_IF_ERROR(store_.Read<bool>([&](store::Connection& c) -> core::Result<bool> {
    std::vector<Encounter> all = {out.encounter};
    for (const EarlierMatch& m : out.earlier) all.push_back(m.encounter);
    ISTMO_RETURN_IF_ERROR(MarkRepeats(c, scope, all));
    out.encounter.repeat = all[0].repeat;
    for (std::size_t i = 0; i < out.earlier.size(); ++i) {
      out.earlier[i].encounter.repeat = all[i + 1].repeat;
    }
    return true;
  }));
  return out;
}

}  // namespace istmo::migration

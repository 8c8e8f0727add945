// biometrics/routes.h — the biometrics module's HTTP routes (registered by the composition root, src/app).
//
//   POST   /api/v1/biometrics/identify                          1:N search of one photo
//   GET    /api/v1/biometrics/watchlists                        the watchlists the caller may see
//   POST   /api/v1/biometrics/watchlists                        create one (supervisor, admin)
//   GET    /api/v1/biometrics/watchlists/{id}                   one, with its entries
//   POST   /api/v1/biometrics/watchlists/{id}/entries           list a person (by id or photo)
//   DELETE /api/v1/biometrics/watchlists/{id}/entries/{entry}   take an entry off
//   GET    /api/v1/biometrics/faces/{template_id}/photo[?size=thumb]  a face's kept photo
//   GET    /api/v1/biometrics/photo-policy                      the caller's org's retention
//   PUT    /api/v1/biometrics/photo-policy                      set it (the org's admins)
//
// Photos travel as base64 in JSON ("photo"), at most 6 MiB decoded, and go through the
// process's face service (RouteDeps::faces). Templates are never returned: answers carry
// template ids, person ids and distances.
#pragma once

#include <vector>

#include "api/route.h"
#include "biometrics/faces.h"
#include "biometrics/identify.h"
#include "biometrics/people.h"
#include "core/time.h"
#include "store/store.h"

namespace istmo::biometrics {

// What the biometrics routes use. The referenced objects outlive the route table; the struct
// itself may be a temporary (handlers copy it).
struct RouteDeps {
  store::Store& store;
  const core::Clock& clock;
  FaceService& faces;  // the process's one face service
  // Names the people behind candidates (migration's encounters, wired by src/app); null:
  // watchlist names only.
  const PersonDirectory* people = nullptr;
};

void AddRoutes(std::vector<api::Route>& routes, const RouteDeps& deps);

// ?size of a photo route: absent or "original", or "thumb". kInvalidArgument (field "?size",
// reason invalid_value) otherwise.
core::Result<PhotoSize> PhotoSizeParam(const api::Request& request);
// A photo as an HTTP answer: its bytes and content type, never cached by shared caches or kept
// by the browser (biometric data).
api::Response PhotoResponse(StoredPhoto photo);

}  // namespace istmo::biometrics

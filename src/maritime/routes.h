// maritime/routes.h — the maritime module's HTTP routes (registered by the composition root).
//
//   GET /api/v1/maritime/vessels?bbox=w,s,e,n      stations in a box, from the in-memory grid;
//        &kind=class_a,class_b  &flag=PA  &min_speed=&max_speed= (kn)  &max_age= (s)  &limit=
//   GET /api/v1/maritime/vessels/search?q=&limit=  by name, call sign, MMSI or IMO
//   GET /api/v1/maritime/vessels/{mmsi}            identity, flag, last state, identity history
//   GET /api/v1/maritime/vessels/{mmsi}/track?from=&to=&limit=   stored (thinned) points
//   GET /api/v1/maritime/live?bbox=&kind=&flag=&interval_ms=   WebSocket: changes (live.h)
//   GET|POST /api/v1/maritime/feeds, DELETE /api/v1/maritime/feeds/{name}   admins: live
//        feeds and their health (feeds.h)
//
// Who sees the picture: any authenticated user of any organization and role. AIS is open
// broadcast data (any receiver hears it, aggregators publish it), so the records carry no
// owner or releasability; but the picture as Istmo assembles it (who was where, searched by
// whom) is not public, so no route is kAccess::kPublic (docs/maritime.md).
#pragma once

#include <vector>

#include "api/route.h"
#include "core/time.h"
#include "maritime/feeds.h"
#include "maritime/live.h"
#include "maritime/picture.h"
#include "store/store.h"

namespace istmo::maritime {

// What the maritime routes use. The referenced objects outlive the route table; the struct
// itself may be a temporary (handlers copy it).
struct RouteDeps {
  store::Store& store;
  const core::Clock& clock;
  Picture& picture;  // the process's one picture, loaded from the store (LoadPicture)
  FeedManager* feeds = nullptr;  // the feed routes exist when set
  LiveHub* live = nullptr;       // the live stream route exists when set
};

void AddRoutes(std::vector<api::Route>& routes, const RouteDeps& deps);

}  // namespace istmo::maritime

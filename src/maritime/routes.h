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
//   GET /api/v1/maritime/vessels/{mmsi}/events?from=&to=&limit=  zone entries and exits
//   GET /api/v1/maritime/detections?kind=&mmsi=&since=&limit=   behaviour detection events
//   GET /api/v1/maritime/zones?kind=                built-in zones + visible areas of interest
//   POST /api/v1/maritime/zones?releasability=      upload areas of interest (GeoJSON or KML)
//   DELETE /api/v1/maritime/zones/{id}              an area of interest (owner's sup./admins)
//   GET /api/v1/maritime/zones/{id}/events?from=&to=&limit=
//   /api/v1/maritime/cases...                     interdiction cases (cases.h; docs/api.md):
//        POST, GET ?status=&org_id=&since=&limit=, GET stats|map ?from=&to=, GET|PATCH {id},
//        POST {id}/positions, PUT {id}/outcome, POST {id}/crew, DELETE {id}/crew/{encounter_id},
//        POST {id}/notes
//   GET|POST /api/v1/maritime/watchlists, GET|PATCH|DELETE /api/v1/maritime/watchlists/{id},
//   POST /api/v1/maritime/watchlists/{id}/entries,
//   DELETE /api/v1/maritime/watchlists/{id}/entries/{entry_id}   vessel watchlists (records:
//        owned and releasable; watchlists.h)
// The vessel list, a track and the zones also export as files: ?format=geojson|kml|csv.
//
// Who sees the picture: any authenticated user of any organization and role. AIS is open
// broadcast data (any receiver hears it, aggregators publish it), so the records carry no
// owner or releasability; but the picture as Istmo assembles it (who was where, searched by
// whom) is not public, so no route is kAccess::kPublic (docs/maritime.md). Areas of interest
// are records: owned by an organization, seen per releasability (docs/maritime.md, "Zones").
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "api/route.h"
#include "core/time.h"
#include "maritime/cases.h"
#include "maritime/feeds.h"
#include "maritime/live.h"
#include "maritime/picture.h"
#include "maritime/watchlists.h"
#include "maritime/zones.h"
#include "store/store.h"

namespace istmo::maritime {

// What the maritime routes use. The referenced objects outlive the route table; the struct
// itself may be a temporary (handlers copy it).
struct RouteDeps {
  store::Store& store;
  const core::Clock& clock;
  Picture& picture;  // the process's one picture, loaded from the store (LoadPicture)
  Zones& zones;      // the process's zones; reloaded when an area of interest changes
  FeedManager* feeds = nullptr;  // the feed routes exist when set
  LiveHub* live = nullptr;       // the live stream route exists when set
  // The case routes exist when both are set (the composition root answers them: maritime knows
  // neither migration's encounters nor auth's organizations).
  const CrewDirectory* crew = nullptr;
  // The organization of an id (kNotFound when there is none), for assigning a case.
  std::function<core::Result<CaseOrg>(const std::string& org_id)> find_org;
  VesselWatch* watch = nullptr;  // the vessel watchlist routes exist when set
};

void AddRoutes(std::vector<api::Route>& routes, const RouteDeps& deps);
// The vessel watchlist routes (watchlist_routes.cc); AddRoutes calls it when deps.watch is set.
void AddWatchlistRoutes(std::vector<api::Route>& routes, const RouteDeps& deps);

}  // namespace istmo::maritime

// maritime/json.h — the maritime module's JSON, shared by the routes and the CLI.
//
// Units are the reader's, not the standard's: degrees, knots, metres, ISO 8601 UTC times. A value
// that was never reported (or reported "not available") is absent from the object rather than a
// sentinel, so that a map never plots 91°N.
#pragma once

#include <vector>

#include <nlohmann/json.hpp>

#include "maritime/detect.h"
#include "maritime/ingest.h"
#include "maritime/picture.h"

namespace istmo::maritime {

// {"mmsi","kind","flag":{"iso2","name"},"name","callsign","imo","ship_type","ship_type_text",
//  "dimensions":{"to_bow",...},"draught_m","destination","eta","first_seen","source",
//  "position":{"lat","lon","time","sog_kn","cog_deg","heading_deg","nav_status","flags":[...]}}
nlohmann::json VesselJson(const Vessel& vessel);
// {"time","lat","lon","sog_kn","cog_deg","heading_deg","flags":[...],"source"}
nlohmann::json TrackPointJson(const TrackPoint& point);
// {"time","field","old","new"}
nlohmann::json IdentityChangeJson(const IdentityChange& change);
// {"lines","messages","by_type":{"1":n,...},"bad":{"checksum":n,...},"stale",...}
nlohmann::json FeedCountersJson(const FeedCounters& counters);
// A stored detection as GET /api/v1/maritime/detections shows it: {"kind","mmsi","partner"?,
//  "start","end","intentional","open","measured","zone"?,"thresholds":{name: value},
//  "evidence":[{"mmsi","t","lat","lon","sog_kn"}],"note"?} (sog_kn null when not available).
nlohmann::json DetectionJson(const StoredDetection& detection);
// An event as it will show once stored (DetectionJson(StoredFrom(event))): the alerts' detail.
nlohmann::json DetectionEventJson(const DetectionEvent& event);

}  // namespace istmo::maritime

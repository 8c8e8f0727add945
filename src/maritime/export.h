// maritime/export.h — vessels, tracks and zones as GeoJSON, KML and CSV files for analysts
// (GET ...?format=geojson|kml|csv, docs/api.md).
//
// Values and units are those of maritime/json.h (degrees, knots, ISO 8601 UTC). CSV is RFC 4180
// with a header row; a text cell that a spreadsheet would run as a formula (=, +, -, @) gets a
// leading apostrophe, since names and destinations come from the air. KML 2.2 names and text
// are XML-escaped.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "maritime/ingest.h"
#include "maritime/picture.h"
#include "maritime/zones.h"

namespace istmo::maritime {

enum class ExportFormat { kGeoJson, kKml, kCsv };
// "geojson", "kml" or "csv"; std::nullopt otherwise.
std::optional<ExportFormat> ParseExportFormat(std::string_view name);
// The HTTP content type and the file extension of a format.
std::string_view ExportContentType(ExportFormat format);
std::string_view ExportExtension(ExportFormat format);

// One Point feature / Placemark / row per vessel with a position (others are left out).
std::string ExportVessels(const std::vector<Vessel>& vessels, ExportFormat format);
// One LineString (GeoJSON, KML) of the points, oldest first, or one row per point (CSV).
std::string ExportTrack(std::uint32_t mmsi, const std::vector<TrackPoint>& points,
                        ExportFormat format);
// One (Multi)Polygon feature / Placemark per zone; CSV rows carry the geometry as WKT.
// GeoJSON carries `attributions` as a top-level "attribution" array.
std::string ExportZones(const std::vector<Zone>& zones, ExportFormat format,
                        const std::vector<std::string>& attributions);

// The zone as a GeoJSON Feature: {"type":"Feature","id",properties:{id,name,kind,source,
// owner_org,releasability,created_by,created},geometry:MultiPolygon}.
nlohmann::json ZoneFeatureJson(const Zone& zone);
// {"type":"MultiPolygon","coordinates":[...]} (RFC 7946), every polygon of the zone.
nlohmann::json ZoneGeometryJson(const Zone& zone);
// {"zone","mmsi","time","event":"enter"|"exit","lat","lon"}
nlohmann::json ZoneEventJson(const ZoneEvent& event);

}  // namespace istmo::maritime

#include "maritime/export.h"

#include <cstdio>

#include <nlohmann/json.hpp>

#include "maritime/json.h"

namespace istmo::maritime {
namespace {

using nlohmann::json;

std::string Iso(std::int64_t t_us) {
  return core::FormatIso8601(core::Timestamp(std::chrono::microseconds(t_us)));
}

std::string Num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6f", v);
  return buf;
}

std::string XmlEscape(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// A text cell: quoted when it holds a separator, quote or line end; an apostrophe before a
// leading =, +, - or @ so that a spreadsheet shows it instead of running it.
std::string CsvText(std::string_view s) {
  std::string v(s);
  if (!v.empty() && (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@')) v = "'" + v;
  if (v.find_first_of(",\"\r\n") == std::string::npos) return v;
  std::string out = "\"";
  for (char c : v) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string JsonText(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end()) return "";
  return it->is_string() ? it->get<std::string>() : it->dump();
}

std::string KmlDocument(const std::string& name, const std::string& body) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<kml "
         "xmlns=\"http://www.opengis.net/kml/2.2\">"
         "<Document><name>" +
         XmlEscape(name) + "</name>\n" + body + "</Document></kml>\n";
}

std::string RingCoordinates(const ZoneRing& ring) {
  std::string out;
  for (const LonLat& v : ring) out += Num(v.lon) + "," + Num(v.lat) + " ";
  return out;
}

}  // namespace

nlohmann::json ZoneGeometryJson(const Zone& z) {
  json polys = json::array();
  for (const auto& p : z.polygons) {
    json rings = json::array();
    for (const auto& ring : p.rings) {
      json pts = json::array();
      for (const LonLat& v : ring) pts.push_back({v.lon, v.lat});
      rings.push_back(std::move(pts));
    }
    polys.push_back(std::move(rings));
  }
  return {{"type", "MultiPolygon"}, {"coordinates", std::move(polys)}};
}

namespace {

std::string Wkt(const Zone& z) {
  std::string out = "MULTIPOLYGON(";
  for (std::size_t p = 0; p < z.polygons.size(); ++p) {
    out += p ? ",(" : "(";
    for (std::size_t r = 0; r < z.polygons[p].rings.size(); ++r) {
      out += r ? ",(" : "(";
      const ZoneRing& ring = z.polygons[p].rings[r];
      for (std::size_t i = 0; i < ring.size(); ++i) {
        if (i > 0) out += ',';
        out += Num(ring[i].lon);
        out += ' ';
        out += Num(ring[i].lat);
      }
      out += ")";
    }
    out += ")";
  }
  return out + ")";
}

}  // namespace

std::optional<ExportFormat> ParseExportFormat(std::string_view name) {
  if (name == "geojson") return ExportFormat::kGeoJson;
  if (name == "kml") return ExportFormat::kKml;
  if (name == "csv") return ExportFormat::kCsv;
  return std::nullopt;
}

std::string_view ExportContentType(ExportFormat format) {
  switch (format) {
    case ExportFormat::kGeoJson:
      return "application/geo+json";
    case ExportFormat::kKml:
      return "application/vnd.google-earth.kml+xml";
    case ExportFormat::kCsv:
      return "text/csv; charset=utf-8";
  }
  return "application/octet-stream";
}

std::string_view ExportExtension(ExportFormat format) {
  switch (format) {
    case ExportFormat::kGeoJson:
      return "geojson";
    case ExportFormat::kKml:
      return "kml";
    case ExportFormat::kCsv:
      return "csv";
  }
  return "bin";
}

std::string ExportVessels(const std::vector<Vessel>& vessels, ExportFormat format) {
  std::string out;
  json features = json::array();
  if (format == ExportFormat::kCsv) {
    out =
        "mmsi,name,callsign,imo,kind,flag,ship_type,lat,lon,time,sog_kn,cog_deg,heading_deg,"
        "destination\r\n";
  }
  for (const Vessel& v : vessels) {
    if (!v.state.has_position()) continue;
    json j = VesselJson(v);
    const json pos = j.value("position", json::object());
    const double lat = v.state.lat_deg(), lon = v.state.lon_deg();
    switch (format) {
      case ExportFormat::kGeoJson: {
        json properties = j;
        properties.erase("position");
        for (auto& [k, val] : pos.items()) {
          if (k != "lat" && k != "lon") properties[k] = val;
        }
        features.push_back({{"type", "Feature"},
                            {"id", v.state.mmsi},
                            {"properties", std::move(properties)},
                            {"geometry", {{"type", "Point"}, {"coordinates", {lon, lat}}}}});
        break;
      }
      case ExportFormat::kKml: {
        const std::string name =
            v.identity->name.empty() ? std::to_string(v.state.mmsi) : v.identity->name;
        out += "<Placemark><name>" + XmlEscape(name) + "</name><description>MMSI " +
               std::to_string(v.state.mmsi) + ", " + XmlEscape(JsonText(j, "kind")) + ", " +
               XmlEscape(JsonText(pos, "time")) + "</description><Point><coordinates>" + Num(lon) +
               "," + Num(lat) + "</coordinates></Point></Placemark>\n";
        break;
      }
      case ExportFormat::kCsv: {
        const std::string flag = j.contains("flag") ? JsonText(j["flag"], "iso2") : "";
        out += std::to_string(v.state.mmsi) + "," + CsvText(v.identity->name) + "," +
               CsvText(v.identity->callsign) + "," +
               (v.identity->imo ? std::to_string(v.identity->imo) : "") + "," +
               CsvText(JsonText(j, "kind")) + "," + flag + "," +
               (v.identity->ship_type ? std::to_string(v.identity->ship_type) : "") + "," + Num(lat) +
               "," + Num(lon) + "," + JsonText(pos, "time") + "," + JsonText(pos, "sog_kn") + "," +
               JsonText(pos, "cog_deg") + "," + JsonText(pos, "heading_deg") + "," +
               CsvText(v.identity->destination) + "\r\n";
        break;
      }
    }
  }
  if (format == ExportFormat::kGeoJson) {
    return json{{"type", "FeatureCollection"}, {"features", std::move(features)}}.dump();
  }
  if (format == ExportFormat::kKml) return KmlDocument("Istmo vessels", out);
  return out;
}

std::string ExportTrack(std::uint32_t mmsi, const std::vector<TrackPoint>& points,
                        ExportFormat format) {
  switch (format) {
    case ExportFormat::kGeoJson: {
      json coords = json::array(), times = json::array();
      for (const auto& p : points) {
        coords.push_back({p.lon / 600000.0, p.lat / 600000.0});
        times.push_back(Iso(p.t_us));
      }
      // A one-point track is a Point: a LineString needs two positions (RFC 7946 §3.1.4).
      json geometry = points.size() == 1 ? json{{"type", "Point"}, {"coordinates", coords[0]}}
                                         : json{{"type", "LineString"}, {"coordinates", coords}};
      return json{{"type", "FeatureCollection"},
                  {"features",
                   {{{"type", "Feature"},
                     {"properties", {{"mmsi", mmsi}, {"times", std::move(times)}}},
                     {"geometry", std::move(geometry)}}}}}
          .dump();
    }
    case ExportFormat::kKml: {
      std::string body = "<Placemark><name>" + std::to_string(mmsi) +
                         "</name><gx:Track "
                         "xmlns:gx=\"http://www.google.com/kml/ext/2.2\">";
      for (const auto& p : points) body += "<when>" + Iso(p.t_us) + "</when>";
      for (const auto& p : points) {
        body +=
            "<gx:coord>" + Num(p.lon / 600000.0) + " " + Num(p.lat / 600000.0) + " 0</gx:coord>";
      }
      body += "</gx:Track></Placemark>\n";
      return KmlDocument("Track of " + std::to_string(mmsi), body);
    }
    case ExportFormat::kCsv: {
      std::string out = "mmsi,time,lat,lon,sog_kn,cog_deg,heading_deg,flags,source\r\n";
      for (const auto& p : points) {
        json j = TrackPointJson(p);
        std::string flags;
        for (const auto& f : j.value("flags", json::array())) {
          flags += (flags.empty() ? "" : " ") + f.get<std::string>();
        }
        out += std::to_string(mmsi) + "," + Iso(p.t_us) + "," + Num(p.lat / 600000.0) + "," +
               Num(p.lon / 600000.0) + "," + JsonText(j, "sog_kn") + "," + JsonText(j, "cog_deg") +
               "," + JsonText(j, "heading_deg") + "," + flags + "," + CsvText(p.source) + "\r\n";
      }
      return out;
    }
  }
  return "";
}

nlohmann::json ZoneFeatureJson(const Zone& z) {
  json properties = {{"id", z.id}, {"name", z.name}, {"kind", ZoneKindName(z.kind)}};
  if (!z.source.empty()) properties["source"] = z.source;
  if (!z.builtin()) {
    properties["owner_org"] = z.owner_org;
    properties["releasability"] = z.releasability;
    properties["created_by"] = z.created_by;
    properties["created"] = Iso(z.created_us);
  }
  return {{"type", "Feature"},
          {"id", z.id},
          {"properties", std::move(properties)},
          {"geometry", ZoneGeometryJson(z)}};
}

nlohmann::json ZoneEventJson(const ZoneEvent& e) {
  return {{"zone", e.zone_id},       {"mmsi", e.mmsi},
          {"time", Iso(e.t_us)},     {"event", e.enter ? "enter" : "exit"},
          {"lat", e.lat / 600000.0}, {"lon", e.lon / 600000.0}};
}

std::string ExportZones(const std::vector<Zone>& zones, ExportFormat format,
                        const std::vector<std::string>& attributions) {
  switch (format) {
    case ExportFormat::kGeoJson: {
      json features = json::array();
      for (const Zone& z : zones) features.push_back(ZoneFeatureJson(z));
      return json{{"type", "FeatureCollection"},
                  {"attribution", attributions},
                  {"features", std::move(features)}}
          .dump();
    }
    case ExportFormat::kKml: {
      std::string body;
      for (const std::string& a : attributions) body += "<!-- " + XmlEscape(a) + " -->\n";
      for (const Zone& z : zones) {
        body += "<Placemark><name>" + XmlEscape(z.name) + "</name><description>" +
                XmlEscape(std::string(ZoneKindName(z.kind))) + " " + XmlEscape(z.id) +
                "</description><MultiGeometry>";
        for (const auto& p : z.polygons) {
          body += "<Polygon><outerBoundaryIs><LinearRing><coordinates>" +
                  RingCoordinates(p.rings[0]) + "</coordinates></LinearRing></outerBoundaryIs>";
          for (std::size_t r = 1; r < p.rings.size(); ++r) {
            body += "<innerBoundaryIs><LinearRing><coordinates>" + RingCoordinates(p.rings[r]) +
                    "</coordinates></LinearRing></innerBoundaryIs>";
          }
          body += "</Polygon>";
        }
        body += "</MultiGeometry></Placemark>\n";
      }
      return KmlDocument("Istmo zones", body);
    }
    case ExportFormat::kCsv: {
      std::string out = "id,name,kind,owner_org,releasability,source,wkt\r\n";
      for (const Zone& z : zones) {
        std::string rel;
        for (const auto& t : z.releasability) rel += (rel.empty() ? "" : " ") + t;
        out += CsvText(z.id) + "," + CsvText(z.name) + "," + std::string(ZoneKindName(z.kind)) +
               "," + CsvText(z.owner_org) + "," + CsvText(rel) + "," + CsvText(z.source) + ",\"" +
               Wkt(z) + "\"\r\n";
      }
      return out;
    }
  }
  return "";
}

}  // namespace istmo::maritime

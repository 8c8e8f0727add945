// The zone file parsers: GeoJSON (nlohmann::json, whose exceptions stop here) and KML (a small
// reader of the few KML 2.2 elements a polygon needs; no XML library is linked for it).
#include "maritime/internal/zone_files.h"

#include <algorithm>
#include <cmath>
#include <string>

#include <nlohmann/json.hpp>

#include "maritime/internal/geos.h"
#include "maritime/zones.h"

namespace istmo::maritime {
namespace {

using nlohmann::json;

std::string Short(std::string_view s, std::size_t n = 60) {
  return std::string(s.substr(0, n)) + (s.size() > n ? "…" : "");
}

// Counts vertices against the limit as rings are read, so a huge file fails early.
struct Budget {
  const ZoneFileLimits& limits;
  std::size_t vertices = 0;
};

core::Result<LonLat> ParsePosition(const json& p, const std::string& pointer) {
  if (!p.is_array() || p.size() < 2 || !p[0].is_number() || !p[1].is_number()) {
    return core::InvalidArgument("a position must be [longitude, latitude]", pointer);
  }
  return LonLat{.lon = p[0].get<double>(), .lat = p[1].get<double>()};
}

core::Result<ZonePolygon> ParsePolygon(const json& rings, const std::string& pointer,
                                       Budget& budget) {
  if (!rings.is_array() || rings.empty()) {
    return core::InvalidArgument("a Polygon's coordinates must be a non-empty array of rings",
                                 pointer);
  }
  ZonePolygon polygon;
  for (std::size_t r = 0; r < rings.size(); ++r) {
    const std::string ring_pointer = pointer + "/" + std::to_string(r);
    if (!rings[r].is_array()) return core::InvalidArgument("a ring must be an array", ring_pointer);
    budget.vertices += rings[r].size();
    if (budget.vertices > budget.limits.max_vertices) {
      return core::InvalidArgument(
          "too many vertices: at most " + std::to_string(budget.limits.max_vertices) + " in a file",
          ring_pointer);
    }
    ZoneRing ring;
    ring.reserve(rings[r].size());
    for (std::size_t i = 0; i < rings[r].size(); ++i) {
      ISTMO_ASSIGN_OR_RETURN(LonLat p,
                             ParsePosition(rings[r][i], ring_pointer + "/" + std::to_string(i)));
      ring.push_back(p);
    }
    polygon.rings.push_back(std::move(ring));
  }
  return polygon;
}

core::Result<std::vector<ZonePolygon>> ParseGeometry(const json& g, const std::string& pointer,
                                                     Budget& budget) {
  if (!g.is_object() || !g.contains("type") || !g["type"].is_string()) {
    return core::InvalidArgument("a geometry object with a \"type\" is expected", pointer);
  }
  const std::string type = g["type"].get<std::string>();
  const std::string coords = pointer + "/coordinates";
  if (type != "Polygon" && type != "MultiPolygon") {
    return core::InvalidArgument(
        "a zone must be a Polygon or MultiPolygon, not a " + Short(type, 30), pointer + "/type");
  }
  if (!g.contains("coordinates") || !g["coordinates"].is_array()) {
    return core::InvalidArgument("\"coordinates\" must be an array", coords);
  }
  std::vector<ZonePolygon> out;
  if (type == "Polygon") {
    ISTMO_ASSIGN_OR_RETURN(auto p, ParsePolygon(g["coordinates"], coords, budget));
    out.push_back(std::move(p));
  } else {
    const json& polys = g["coordinates"];
    if (polys.empty()) return core::InvalidArgument("a MultiPolygon needs a polygon", coords);
    for (std::size_t i = 0; i < polys.size(); ++i) {
      ISTMO_ASSIGN_OR_RETURN(auto p,
                             ParsePolygon(polys[i], coords + "/" + std::to_string(i), budget));
      out.push_back(std::move(p));
    }
  }
  return out;
}

std::string StringProperty(const json& properties, const char* key) {
  if (!properties.is_object()) return "";
  auto it = properties.find(key);
  return it != properties.end() && it->is_string() ? it->get<std::string>() : "";
}

// The kinds of data/geo's features that are zones (data/geo/SOURCES.md); lock points and port
// points are map features, not zones.
std::optional<ZoneKind> BuiltinKind(std::string_view kind) {
  if (kind == "eez") return ZoneKind::kEez;
  if (kind == "territorial_sea") return ZoneKind::kTerritorialSea;
  if (kind == "contiguous_zone") return ZoneKind::kContiguousZone;
  if (kind == "lock_area" || kind == "channel" || kind == "mooring") return ZoneKind::kCanal;
  if (kind == "anchorage") return ZoneKind::kAnchorage;
  if (kind == "port_area") return ZoneKind::kPort;
  return std::nullopt;
}

core::Status CheckName(Zone& zone, const ZoneFileLimits& limits, std::size_t index,
                       const std::string& field) {
  if (zone.name.empty()) zone.name = "Area " + std::to_string(index + 1);
  if (zone.name.size() > limits.max_name_bytes) {
    return core::InvalidArgument(
        "a zone name has at most " + std::to_string(limits.max_name_bytes) + " bytes", field);
  }
  return core::Ok();
}

// ---- KML ----

// A cursor over the KML text that finds elements by local name (a namespace prefix such as
// "kml:" is ignored) and counts lines for messages.
class KmlReader {
 public:
  explicit KmlReader(std::string_view text) : text_(text) {}

  // The next start tag of `name` at or after `from` and before `end`: the position just after
  // its '>', or npos. Self-closing tags (<Polygon/>) count, with an empty body.
  std::size_t FindStart(std::string_view name, std::size_t from, std::size_t end) const {
    std::size_t pos = from;
    while (pos < end) {
      pos = text_.find('<', pos);
      if (pos == std::string_view::npos || pos >= end) return std::string_view::npos;
      std::size_t n = pos + 1;
      std::size_t name_end = n;
      while (name_end < end && !IsNameEnd(text_[name_end])) ++name_end;
      std::string_view tag = text_.substr(n, name_end - n);
      if (auto colon = tag.rfind(':'); colon != std::string_view::npos) tag = tag.substr(colon + 1);
      if (tag == name && n < end && text_[n] != '/') {
        std::size_t close = text_.find('>', name_end);
        if (close == std::string_view::npos || close >= end) return std::string_view::npos;
        return close + 1;
      }
      pos = n;
    }
    return std::string_view::npos;
  }
  // The matching end tag of `name` for a body starting at `body` (nesting of the same name is
  // counted): the position of its '<', or npos.
  std::size_t FindEnd(std::string_view name, std::size_t body, std::size_t end) const {
    if (body >= 2 && text_[body - 2] == '/') return body;  // <X/>: empty
    int depth = 1;
    std::size_t pos = body;
    while (pos < end) {
      pos = text_.find('<', pos);
      if (pos == std::string_view::npos || pos >= end) return std::string_view::npos;
      const bool closing = pos + 1 < end && text_[pos + 1] == '/';
      std::size_t n = pos + (closing ? 2 : 1);
      std::size_t name_end = n;
      while (name_end < end && !IsNameEnd(text_[name_end])) ++name_end;
      std::string_view tag = text_.substr(n, name_end - n);
      if (auto colon = tag.rfind(':'); colon != std::string_view::npos) tag = tag.substr(colon + 1);
      if (tag == name) {
        std::size_t close = text_.find('>', name_end);
        if (close == std::string_view::npos || close >= end) return std::string_view::npos;
        const bool self_closing = text_[close - 1] == '/';
        if (closing) {
          if (--depth == 0) return pos;
        } else if (!self_closing) {
          ++depth;
        }
      }
      pos = n;
    }
    return std::string_view::npos;
  }
  std::int64_t LineAt(std::size_t pos) const {
    return 1 + std::count(text_.begin(), text_.begin() + std::min(pos, text_.size()), '\n');
  }
  std::string_view text() const { return text_; }

 private:
  static bool IsNameEnd(char c) {
    return c == '>' || c == '/' || c == ' ' || c == '\t' || c == '\n' || c == '\r';
  }
  std::string_view text_;
};

// Decodes the five predefined XML entities and strips CDATA markers of a <name> text.
std::string XmlText(std::string_view s) {
  if (s.substr(0, 9) == "<![CDATA[" && s.size() >= 12 && s.substr(s.size() - 3) == "]]>") {
    return std::string(s.substr(9, s.size() - 12));
  }
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '&') {
      static constexpr std::pair<std::string_view, char> kEntities[] = {
          {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&apos;", '\''}};
      bool done = false;
      for (auto [entity, c] : kEntities) {
        if (s.substr(i, entity.size()) == entity) {
          out += c;
          i += entity.size() - 1;
          done = true;
          break;
        }
      }
      if (done) continue;
    }
    out += s[i];
  }
  auto first = out.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return "";
  return out.substr(first, out.find_last_not_of(" \t\r\n") - first + 1);
}

// "lon,lat[,alt] lon,lat[,alt] ..." (KML 2.2 §16.9.1: tuples separated by whitespace).
core::Result<ZoneRing> ParseKmlCoordinates(std::string_view s, const std::string& field,
                                           std::int64_t line, Budget& budget) {
  ZoneRing ring;
  std::size_t pos = 0;
  auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (true) {
    while (pos < s.size() && is_space(s[pos])) ++pos;
    if (pos >= s.size()) break;
    std::size_t end = pos;
    while (end < s.size() && !is_space(s[end])) ++end;
    std::string tuple(s.substr(pos, end - pos));
    double lon = 0, lat = 0;
    char* after = nullptr;
    lon = std::strtod(tuple.c_str(), &after);
    bool ok = after != tuple.c_str() && *after == ',';
    if (ok) {
      const char* lat_start = after + 1;
      lat = std::strtod(lat_start, &after);
      ok = after != lat_start && (*after == '\0' || *after == ',');
    }
    if (!ok) {
      core::Error e{core::ErrorCode::kInvalidArgument,
                    "a coordinate must be lon,lat[,alt], not '" + Short(tuple, 40) + "'", field};
      e.line = line;
      return e;
    }
    if (++budget.vertices > budget.limits.max_vertices) {
      core::Error e{
          core::ErrorCode::kInvalidArgument,
          "too many vertices: at most " + std::to_string(budget.limits.max_vertices) + " in a file",
          field};
      e.line = line;
      return e;
    }
    ring.push_back({lon, lat});
    pos = end;
  }
  return ring;
}

}  // namespace

core::Status ValidateZone(const Zone& zone) {
  if (zone.polygons.empty()) return core::InvalidArgument("a zone needs at least one polygon");
  for (std::size_t p = 0; p < zone.polygons.size(); ++p) {
    const ZonePolygon& polygon = zone.polygons[p];
    if (polygon.rings.empty()) return core::InvalidArgument("a polygon needs an outer ring");
    for (std::size_t r = 0; r < polygon.rings.size(); ++r) {
      const ZoneRing& ring = polygon.rings[r];
      const std::string where = "polygon " + std::to_string(p + 1) + ", ring " +
                                std::to_string(r + 1) + " of '" + Short(zone.name) + "'";
      if (ring.size() < 4) {
        return core::InvalidArgument(where + " has " + std::to_string(ring.size()) +
                                     " points; a closed ring needs at least 4");
      }
      if (!(ring.front() == ring.back())) {
        return core::InvalidArgument(where +
                                     " is not closed: its last point must repeat its "
                                     "first");
      }
      for (const LonLat& v : ring) {
        if (!std::isfinite(v.lon) || !std::isfinite(v.lat) || std::fabs(v.lon) > 180 ||
            std::fabs(v.lat) > 90) {
          return core::InvalidArgument(where +
                                       " has a point outside longitude [-180, 180] and "
                                       "latitude [-90, 90]");
        }
      }
    }
  }
  return internal::GeosValidate(zone);
}

namespace internal {

core::Result<std::vector<Zone>> ParseGeoJsonZones(std::string_view text,
                                                  const ZoneFileLimits& limits, FeatureMode mode) {
  json doc;
  try {
    doc = json::parse(text);
  } catch (const json::exception& e) {
    return core::InvalidArgument(std::string("not valid JSON: ") + e.what(), "body");
  }
  if (!doc.is_object() || !doc.contains("type") || !doc["type"].is_string()) {
    return core::InvalidArgument("a GeoJSON object with a \"type\" is expected", "/type");
  }
  // The features as (pointer, feature) pairs; a bare geometry is one feature.
  std::vector<std::pair<std::string, const json*>> features;
  json bare;
  const std::string type = doc["type"].get<std::string>();
  if (type == "FeatureCollection") {
    if (!doc.contains("features") || !doc["features"].is_array()) {
      return core::InvalidArgument("\"features\" must be an array", "/features");
    }
    for (std::size_t i = 0; i < doc["features"].size(); ++i) {
      features.emplace_back("/features/" + std::to_string(i), &doc["features"][i]);
    }
  } else if (type == "Feature") {
    features.emplace_back("", &doc);
  } else {
    bare = {{"type", "Feature"}, {"geometry", doc}};
    features.emplace_back("", &bare);
  }
  if (features.empty()) return core::InvalidArgument("the file has no zone", "/features");
  if (mode == FeatureMode::kUpload && features.size() > limits.max_zones) {
    return core::InvalidArgument(
        "too many zones: at most " + std::to_string(limits.max_zones) + " in a file", "/features");
  }
  Budget budget{limits};
  std::vector<Zone> zones;
  for (std::size_t i = 0; i < features.size(); ++i) {
    const auto& [pointer, f] = features[i];
    if (!f->is_object() || f->value("type", json()) != "Feature") {
      return core::InvalidArgument("a Feature object is expected", pointer + "/type");
    }
    const json properties = f->value("properties", json());
    Zone zone;
    zone.name = StringProperty(properties, "name");
    if (mode == FeatureMode::kBuiltin) {
      auto kind = BuiltinKind(StringProperty(properties, "kind"));
      if (!kind) continue;
      zone.kind = *kind;
      zone.id = StringProperty(properties, "id");
      zone.source = StringProperty(properties, "source");
    }
    const std::string geometry_pointer = pointer + "/geometry";
    if (!f->contains("geometry")) {
      return core::InvalidArgument("a feature needs a geometry", geometry_pointer);
    }
    ISTMO_ASSIGN_OR_RETURN(zone.polygons,
                           ParseGeometry((*f)["geometry"], geometry_pointer, budget));
    ISTMO_RETURN_IF_ERROR(CheckName(zone, limits, i, pointer + "/properties/name"));
    if (auto valid = ValidateZone(zone); !valid) {
      core::Error e = valid.error();
      e.field = geometry_pointer;
      return e;
    }
    zones.push_back(std::move(zone));
  }
  return zones;
}

}  // namespace internal

core::Result<std::vector<Zone>> ParseZonesGeoJson(std::string_view text,
                                                  const ZoneFileLimits& limits) {
  return internal::ParseGeoJsonZones(text, limits, internal::FeatureMode::kUpload);
}

core::Result<std::vector<Zone>> ParseZonesKml(std::string_view text, const ZoneFileLimits& limits) {
  KmlReader kml(text);
  Budget budget{limits};
  std::vector<Zone> zones;
  std::size_t pos = 0;
  const std::size_t end = text.size();
  while (true) {
    const std::size_t body = kml.FindStart("Placemark", pos, end);
    if (body == std::string_view::npos) break;
    const std::size_t body_end = kml.FindEnd("Placemark", body, end);
    const std::string field = "Placemark " + std::to_string(zones.size() + 1);
    auto error = [&](std::string message, std::size_t at) {
      core::Error e{core::ErrorCode::kInvalidArgument, std::move(message), field};
      e.line = kml.LineAt(at);
      return e;
    };
    if (body_end == std::string_view::npos) return error("<Placemark> is not closed", body);
    if (zones.size() >= limits.max_zones) {
      return error("too many zones: at most " + std::to_string(limits.max_zones) + " in a file",
                   body);
    }
    Zone zone;
    if (std::size_t n = kml.FindStart("name", body, body_end); n != std::string_view::npos) {
      const std::size_t n_end = kml.FindEnd("name", n, body_end);
      if (n_end == std::string_view::npos) return error("<name> is not closed", n);
      zone.name = XmlText(text.substr(n, n_end - n));
    }
    std::size_t p = body;
    while (true) {
      const std::size_t poly = kml.FindStart("Polygon", p, body_end);
      if (poly == std::string_view::npos) break;
      const std::size_t poly_end = kml.FindEnd("Polygon", poly, body_end);
      if (poly_end == std::string_view::npos) return error("<Polygon> is not closed", poly);
      ZonePolygon polygon;
      for (const char* boundary : {"outerBoundaryIs", "innerBoundaryIs"}) {
        std::size_t b = poly;
        while (true) {
          const std::size_t b_body = kml.FindStart(boundary, b, poly_end);
          if (b_body == std::string_view::npos) break;
          const std::size_t b_end = kml.FindEnd(boundary, b_body, poly_end);
          if (b_end == std::string_view::npos) {
            return error(std::string("<") + boundary + "> is not closed", b_body);
          }
          const std::size_t c = kml.FindStart("coordinates", b_body, b_end);
          const std::size_t c_end =
              c == std::string_view::npos ? c : kml.FindEnd("coordinates", c, b_end);
          if (c_end == std::string_view::npos) {
            return error(std::string("<") + boundary + "> needs a LinearRing's <coordinates>",
                         b_body);
          }
          ISTMO_ASSIGN_OR_RETURN(auto ring, ParseKmlCoordinates(text.substr(c, c_end - c), field,
                                                                kml.LineAt(c), budget));
          if (std::string_view(boundary) == "outerBoundaryIs" && !polygon.rings.empty()) {
            return error("a <Polygon> has one <outerBoundaryIs>", b_body);
          }
          polygon.rings.push_back(std::move(ring));
          b = b_end;
        }
        if (std::string_view(boundary) == "outerBoundaryIs" && polygon.rings.empty()) {
          return error("a <Polygon> needs an <outerBoundaryIs>", poly);
        }
      }
      zone.polygons.push_back(std::move(polygon));
      p = poly_end;
    }
    if (zone.polygons.empty()) {
      return error("a Placemark must hold a <Polygon> (points and lines are not zones)", body);
    }
    ISTMO_RETURN_IF_ERROR(CheckName(zone, limits, zones.size(), field));
    if (auto valid = ValidateZone(zone); !valid) return error(valid.error().message, body);
    zones.push_back(std::move(zone));
    pos = body_end;
  }
  if (zones.empty()) {
    return core::InvalidArgument("the KML has no <Placemark> with a <Polygon>", "body");
  }
  return zones;
}

core::Result<std::vector<Zone>> ParseZoneFile(std::string_view text, const ZoneFileLimits& limits) {
  std::string_view t = text;
  if (t.substr(0, 3) == "\xEF\xBB\xBF") t.remove_prefix(3);
  const std::size_t first = t.find_first_not_of(" \t\r\n");
  if (first != std::string_view::npos && t[first] == '{') return ParseZonesGeoJson(t, limits);
  if (first != std::string_view::npos && t[first] == '<') return ParseZonesKml(t, limits);
  return core::InvalidArgument(
      "not GeoJSON or KML: a zone file starts with '{' (GeoJSON) or '<' (KML)", "body");
}

}  // namespace istmo::maritime

#include "ais/csv.h"

#include <charconv>
#include <cstdio>
#include <optional>
#include <type_traits>

namespace istmo::ais {
namespace {

struct Row {
  std::optional<double> lat, lon, speed, course;
  std::optional<unsigned> heading, status, imo, shiptype, to_bow, to_stern, to_port, to_starboard;
  std::optional<double> draught;
  std::string_view shipname, callsign, destination;
};

void Cell(std::string* out, std::string_view text) {
  out->push_back(',');
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) {
    out->append(text);
    return;
  }
  out->push_back('"');
  for (char c : text) {
    if (c == '"') out->push_back('"');
    out->push_back(c);
  }
  out->push_back('"');
}

void Number(std::string* out, std::optional<double> v, int decimals) {
  out->push_back(',');
  if (!v) return;
  char buf[32];
  const int n = std::snprintf(buf, sizeof buf, "%.*f", decimals, *v);
  out->append(buf, static_cast<std::size_t>(n));
}

void Number(std::string* out, std::optional<unsigned> v) {
  out->push_back(',');
  if (!v) return;
  char buf[16];
  auto r = std::to_chars(buf, buf + sizeof buf, *v);
  out->append(buf, r.ptr);
}

template <class T>
void Position(Row& row, const T& r) {
  row.lat = LatitudeDegrees(r.lat);
  row.lon = LongitudeDegrees(r.lon);
}

template <class T>
void Dimensions(Row& row, const T& r) {
  row.to_bow = r.to_bow;
  row.to_stern = r.to_stern;
  row.to_port = r.to_port;
  row.to_starboard = r.to_starboard;
}

Row MakeRow(const Message& m) {
  Row row;
  std::visit(
      [&](const auto& r) {
        using T = std::decay_t<decltype(r)>;
        if constexpr (std::is_same_v<T, PositionReport>) {
          Position(row, r);
          row.speed = SpeedKnots(r.speed);
          row.course = CourseDegrees(r.course);
          if (r.heading != kHeadingNotAvailable) row.heading = r.heading;
          row.status = r.status;
        } else if constexpr (std::is_same_v<T, ClassBPosition> ||
                             std::is_same_v<T, ClassBExtended>) {
          Position(row, r);
          row.speed = SpeedKnots(r.speed);
          row.course = CourseDegrees(r.course);
          if (r.heading != kHeadingNotAvailable) row.heading = r.heading;
          if constexpr (std::is_same_v<T, ClassBExtended>) {
            row.shipname = r.shipname.view();
            row.shiptype = r.shiptype;
            Dimensions(row, r);
          }
        } else if constexpr (std::is_same_v<T, BaseStationReport> ||
                             std::is_same_v<T, AidToNavigation>) {
          Position(row, r);
          if constexpr (std::is_same_v<T, AidToNavigation>) {
            row.shipname = r.name.view();
            Dimensions(row, r);
          }
        } else if constexpr (std::is_same_v<T, SarAircraft>) {
          Position(row, r);
          if (r.speed != kSpeedNotAvailable) row.speed = r.speed;
          row.course = CourseDegrees(r.course);
        } else if constexpr (std::is_same_v<T, StaticVoyage>) {
          row.shipname = r.shipname.view();
          row.callsign = r.callsign.view();
          if (r.imo != 0) row.imo = r.imo;
          row.shiptype = r.shiptype;
          Dimensions(row, r);
          if (r.draught != 0) row.draught = r.draught / 10.0;
          row.destination = r.destination.view();
        } else if constexpr (std::is_same_v<T, StaticDataReport>) {
          row.shipname = r.shipname.view();
          row.callsign = r.callsign.view();
          if (r.has_part_b) {
            row.shiptype = r.shiptype;
            Dimensions(row, r);
          }
        } else if constexpr (std::is_same_v<T, LongRangePosition>) {
          if (r.lat != kLatNotAvailableTenthMin) row.lat = r.lat / 600.0;
          if (r.lon != kLonNotAvailableTenthMin) row.lon = r.lon / 600.0;
          if (r.speed != 63) row.speed = r.speed;
          if (r.course != 511) row.course = r.course;
          row.status = r.status;
        }
      },
      m.body);
  return row;
}

}  // namespace

std::string_view CsvHeader() {
  return "line,time,source,channel,type,repeat,mmsi,lat,lon,speed_kn,course_deg,heading_deg,"
         "status,shipname,callsign,imo,shiptype,to_bow,to_stern,to_port,to_starboard,"
         "draught_m,destination\n";
}

void AppendCsv(const Message& m, std::string* out) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, m.envelope.line);
  out->append(buf, r.ptr);
  out->push_back(',');
  if (m.envelope.time) out->append(core::FormatIso8601(*m.envelope.time));
  Cell(out, m.envelope.source.view());
  Cell(out, m.envelope.channel ? std::string_view(&m.envelope.channel, 1) : std::string_view{});
  Number(out, std::optional<unsigned>(m.type));
  Number(out, std::optional<unsigned>(m.repeat));
  Number(out, std::optional<unsigned>(m.mmsi));
  const Row row = MakeRow(m);
  Number(out, row.lat, 6);
  Number(out, row.lon, 6);
  Number(out, row.speed, 1);
  Number(out, row.course, 1);
  Number(out, row.heading);
  Number(out, row.status);
  Cell(out, row.shipname);
  Cell(out, row.callsign);
  Number(out, row.imo);
  Number(out, row.shiptype);
  Number(out, row.to_bow);
  Number(out, row.to_stern);
  Number(out, row.to_port);
  Number(out, row.to_starboard);
  Number(out, row.draught, 1);
  Cell(out, row.destination);
  out->push_back('\n');
}

}  // namespace istmo::ais

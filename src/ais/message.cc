#include "ais/message.h"

#include <array>

namespace istmo::ais {
namespace {

// Legends as gpsd prints them (so JSON text fields compare equal with `gpsdecode -j`).
constexpr std::array<std::string_view, 16> kNavigationStatus = {"Under way using engine",
                                                                "At anchor",
                                                                "Not under command",
                                                                "Restricted manoeuverability",
                                                                "Constrained by her draught",
                                                                "Moored",
                                                                "Aground",
                                                                "Engaged in fishing",
                                                                "Under way sailing",
                                                                "Reserved for HSC",
                                                                "Reserved for WIG",
                                                                "Reserved",
                                                                "Reserved",
                                                                "Reserved",
                                                                "Reserved",
                                                                "Not defined"};

constexpr std::array<std::string_view, 9> kEpfd = {"Undefined",
                                                   "GPS",
                                                   "GLONASS",
                                                   "Combined GPS/GLONASS",
                                                   "Loran-C",
                                                   "Chayka",
                                                   "Integrated navigation system",
                                                   "Surveyed",
                                                   "Galileo"};

constexpr std::array<std::string_view, 32> kAidType = {"Unspecified",
                                                       "Reference point",
                                                       "RACON",
                                                       "Fixed offshore structure",
                                                       "Spare, Reserved for future use.",
                                                       "Light, without sectors",
                                                       "Light, with sectors",
                                                       "Leading Light Front",
                                                       "Leading Light Rear",
                                                       "Beacon, Cardinal N",
                                                       "Beacon, Cardinal E",
                                                       "Beacon, Cardinal S",
                                                       "Beacon, Cardinal W",
                                                       "Beacon, Port hand",
                                                       "Beacon, Starboard hand",
                                                       "Beacon, Preferred Channel port hand",
                                                       "Beacon, Preferred Channel starboard hand",
                                                       "Beacon, Isolated danger",
                                                       "Beacon, Safe water",
                                                       "Beacon, Special mark",
                                                       "Cardinal Mark N",
                                                       "Cardinal Mark E",
                                                       "Cardinal Mark S",
                                                       "Cardinal Mark W",
                                                       "Port hand Mark",
                                                       "Starboard hand Mark",
                                                       "Preferred Channel Port hand",
                                                       "Preferred Channel Starboard hand",
                                                       "Isolated danger",
                                                       "Safe Water",
                                                       "Special Mark",
                                                       "Light Vessel / LANBY / Rigs"};

constexpr std::array<std::string_view, 16> kStationType = {"All types of mobiles",
                                                           "Reserved for future use",
                                                           "All types of Class B mobile stations",
                                                           "SAR airborne mobile station",
                                                           "Aid to Navigation station",
                                                           "Class B shipborne mobile station",
                                                           "Regional use and inland waterways",
                                                           "Regional use and inland waterways",
                                                           "Regional use and inland waterways",
                                                           "Regional use and inland waterways",
                                                           "Reserved for future use",
                                                           "Reserved for future use",
                                                           "Reserved for future use",
                                                           "Reserved for future use",
                                                           "Reserved for future use",
                                                           "Reserved for future use"};

}  // namespace

std::optional<double> LongitudeDegrees(std::int32_t lon) {
  if (lon == kLonNotAvailable || lon > 180 * 600000 || lon < -180 * 600000) return std::nullopt;
  return lon / 600000.0;
}

std::optional<double> LatitudeDegrees(std::int32_t lat) {
  if (lat == kLatNotAvailable || lat > 90 * 600000 || lat < -90 * 600000) return std::nullopt;
  return lat / 600000.0;
}

std::optional<double> SpeedKnots(std::uint16_t speed) {
  if (speed >= kSpeedNotAvailable) return std::nullopt;
  return speed / 10.0;
}

std::optional<double> CourseDegrees(std::uint16_t course) {
  if (course >= kCourseNotAvailable) return std::nullopt;
  return course / 10.0;
}

std::string_view NavigationStatusText(std::uint8_t status) {
  return status < kNavigationStatus.size() ? kNavigationStatus[status] : "Not defined";
}

std::string_view EpfdText(std::uint8_t epfd) {
  return epfd < kEpfd.size() ? kEpfd[epfd] : "INVALID EPFD";
}

std::string_view AidTypeText(std::uint8_t aid_type) {
  return aid_type < kAidType.size() ? kAidType[aid_type] : "INVALID NAVAID TYPE";
}

std::string_view StationTypeText(std::uint8_t station_type) {
  return station_type < kStationType.size() ? kStationType[station_type] : "INVALID STATION TYPE";
}

// ITU-R M.1371-5 Table 53: the first digit of 20–99 is the kind of ship, the second qualifies
// it (cargo category, special craft).
std::string_view ShipTypeText(std::uint8_t t) {
  if (t == 0) return "Not available";
  if (t < 20) return "Reserved for future use";
  if (t >= 100) return "INVALID SHIP TYPE";
  const unsigned second = t % 10;
  switch (t / 10) {
    case 2: {
      static constexpr std::array<std::string_view, 10> kWig = {
          "Wing in ground (WIG) - all ships of this type",
          "Wing in ground (WIG) - Hazardous category A",
          "Wing in ground (WIG) - Hazardous category B",
          "Wing in ground (WIG) - Hazardous category C",
          "Wing in ground (WIG) - Hazardous category D",
          "Wing in ground (WIG) - Reserved for future use",
          "Wing in ground (WIG) - Reserved for future use",
          "Wing in ground (WIG) - Reserved for future use",
          "Wing in ground (WIG) - Reserved for future use",
          "Wing in ground (WIG) - Reserved for future use"};
      return kWig[second];
    }
    case 3: {
      static constexpr std::array<std::string_view, 10> kSpecial = {
          "Fishing",
          "Towing",
          "Towing: length exceeds 200m or breadth exceeds 25m",
          "Dredging or underwater ops",
          "Diving ops",
          "Military ops",
          "Sailing",
          "Pleasure Craft",
          "Reserved",
          "Reserved"};
      return kSpecial[second];
    }
    case 4: {
      static constexpr std::array<std::string_view, 10> kHsc = {
          "High speed craft (HSC) - all ships of this type",
          "High speed craft (HSC) - Hazardous category A",
          "High speed craft (HSC) - Hazardous category B",
          "High speed craft (HSC) - Hazardous category C",
          "High speed craft (HSC) - Hazardous category D",
          "High speed craft (HSC) - Reserved for future use",
          "High speed craft (HSC) - Reserved for future use",
          "High speed craft (HSC) - Reserved for future use",
          "High speed craft (HSC) - Reserved for future use",
          "High speed craft (HSC) - No additional information"};
      return kHsc[second];
    }
    case 5: {
      static constexpr std::array<std::string_view, 10> kService = {
          "Pilot Vessel",
          "Search and Rescue vessel",
          "Tug",
          "Port Tender",
          "Anti-pollution equipment",
          "Law Enforcement",
          "Spare - Local Vessel",
          "Spare - Local Vessel",
          "Medical Transport",
          "Ship according to RR Resolution No. 18"};
      return kService[second];
    }
    case 6: {
      static constexpr std::array<std::string_view, 10> kPassenger = {
          "Passenger - all ships of this type",  "Passenger - Hazardous category A",
          "Passenger - Hazardous category B",    "Passenger - Hazardous category C",
          "Passenger - Hazardous category D",    "Passenger - Reserved for future use",
          "Passenger - Reserved for future use", "Passenger - Reserved for future use",
          "Passenger - Reserved for future use", "Passenger - No additional information"};
      return kPassenger[second];
    }
    case 7: {
      static constexpr std::array<std::string_view, 10> kCargo = {
          "Cargo - all ships of this type",  "Cargo - Hazardous category A",
          "Cargo - Hazardous category B",    "Cargo - Hazardous category C",
          "Cargo - Hazardous category D",    "Cargo - Reserved for future use",
          "Cargo - Reserved for future use", "Cargo - Reserved for future use",
          "Cargo - Reserved for future use", "Cargo - No additional information"};
      return kCargo[second];
    }
    case 8: {
      static constexpr std::array<std::string_view, 10> kTanker = {
          "Tanker - all ships of this type",  "Tanker - Hazardous category A",
          "Tanker - Hazardous category B",    "Tanker - Hazardous category C",
          "Tanker - Hazardous category D",    "Tanker - Reserved for future use",
          "Tanker - Reserved for future use", "Tanker - Reserved for future use",
          "Tanker - Reserved for future use", "Tanker - No additional information"};
      return kTanker[second];
    }
    default: {
      static constexpr std::array<std::string_view, 10> kOther = {
          "Other Type - all ships of this type",  "Other Type - Hazardous category A",
          "Other Type - Hazardous category B",    "Other Type - Hazardous category C",
          "Other Type - Hazardous category D",    "Other Type - Reserved for future use",
          "Other Type - Reserved for future use", "Other Type - Reserved for future use",
          "Other Type - Reserved for future use", "Other Type - no additional information"};
      return kOther[second];
    }
  }
}

}  // namespace istmo::ais

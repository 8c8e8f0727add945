// The Panama traffic model of traffic.h. Positions are degrees; distances nautical miles;
// speeds knots. Waypoints are approximate, chosen on charts and checked against Panama's land
// (data/geo/panama_land.geojson, Natural Earth 1:10m: only the canal itself, the base stations
// and the patrol aircraft are over it); the canal
// centreline is a thinned copy of ../shared/data/geo/panama_canal_centreline.geojson (derived
// from G. Fuentes' MIT-licensed canal polygons, see that folder's SOURCES.md).
#include "maritime/traffic.h"

#include <algorithm>
#include <cmath>
#include <deque>
#include <queue>
#include <span>
#include <string_view>
#include <unordered_set>

#include "ais/decoder.h"
#include "ais/encoder.h"
#include "ais/message.h"
#include "maritime/identity_changes.h"
#include "maritime/zones.h"

namespace istmo::maritime {
namespace {

constexpr double kPi = 3.14159265358979323846;

struct LatLon {
  double lat, lon;
};
using Path = std::vector<LatLon>;

double Radians(double deg) { return deg * kPi / 180; }

// Flat-earth distance and bearing: exact enough over the legs of a lane (tens of miles).
double DistanceNm(LatLon a, LatLon b) {
  const double dlat = (b.lat - a.lat) * 60;
  const double dlon = (b.lon - a.lon) * 60 * std::cos(Radians((a.lat + b.lat) / 2));
  return std::sqrt(dlat * dlat + dlon * dlon);
}

double BearingDeg(LatLon a, LatLon b) {
  const double dlat = b.lat - a.lat;
  const double dlon = (b.lon - a.lon) * std::cos(Radians((a.lat + b.lat) / 2));
  double deg = std::atan2(dlon, dlat) * 180 / kPi;
  return deg < 0 ? deg + 360 : deg;
}

LatLon Moved(LatLon p, double bearing_deg, double nm) {
  return {p.lat + nm * std::cos(Radians(bearing_deg)) / 60,
          p.lon + nm * std::sin(Radians(bearing_deg)) / (60 * std::cos(Radians(p.lat)))};
}

// Canal centreline, Pacific entrance to the Atlantic breakwater.
const Path kCentreline = {
    {8.8955, -79.5254}, {8.9109, -79.5410}, {8.9241, -79.5551}, {8.9414, -79.5656},
    {8.9620, -79.5729}, {8.9814, -79.5824}, {8.9972, -79.5980}, {9.0110, -79.6117},
    {9.0241, -79.6249}, {9.0353, -79.6398}, {9.0494, -79.6521}, {9.0626, -79.6652},
    {9.0778, -79.6756}, {9.0947, -79.6838}, {9.1093, -79.6950}, {9.1152, -79.7122},
    {9.1191, -79.7344}, {9.1198, -79.7526}, {9.1132, -79.7737}, {9.1169, -79.7920},
    {9.1260, -79.8078}, {9.1441, -79.8123}, {9.1620, -79.8168}, {9.1742, -79.8306},
    {9.1841, -79.8461}, {9.2746, -79.9227}, {9.2963, -79.9180}, {9.3147, -79.9188},
    {9.3363, -79.9189}, {9.3546, -79.9225}, {9.3762, -79.9208}, {9.3947, -79.9186},
    {9.4063, -79.9212}};

// Lock centroids (Miraflores, Pedro Miguel, Gatún; the Neopanamax locks lie beside them).
const LatLon kLocks[] = {{8.9967, -79.5919}, {9.0177, -79.6138}, {9.2746, -79.9227}};

// Anchorage boxes where waiting ships drop anchor: south, north, west, east.
struct Box {
  double south, north, west, east;
};
const Box kPacificAnchorage = {8.74, 8.88, -79.52, -79.40};
const Box kAtlanticAnchorage = {9.41, 9.48, -79.96, -79.86};

// Lanes start at a canal entrance and end at the region's edge.
const std::vector<Path> kPacificLanes = {
    {{8.86, -79.51},
     {8.30, -79.45},
     {7.60, -79.70},
     {7.15, -80.20},
     {7.00, -81.20},
     {7.20, -82.50},
     {7.80, -84.00}},                                                                  // north-west
    {{8.86, -79.51}, {8.30, -79.45}, {7.20, -79.55}, {5.50, -79.80}, {3.50, -80.30}},  // south
    {{8.86, -79.51}, {8.30, -79.40}, {7.00, -79.00}, {5.50, -78.40}, {3.90, -77.60}},  // south-east
};
const std::vector<Path> kAtlanticLanes = {
    {{9.42, -79.92}, {10.00, -80.00}, {11.50, -80.60}, {13.50, -81.20}},  // north
    {{9.42, -79.92}, {10.00, -79.60}, {11.50, -78.00}, {13.50, -76.00}},  // north-east
    {{9.42, -79.92}, {9.70, -79.50}, {10.00, -78.00}, {10.40, -76.50}, {10.50, -75.90}},  // east
    {{9.42, -79.92}, {9.50, -80.60}, {9.60, -81.80}, {10.10, -82.90}},                    // west
};
// Traffic that passes Panama without calling.
const std::vector<Path> kThroughLanes = {
    {{3.50, -80.60}, {6.00, -80.60}, {7.00, -81.20}, {7.20, -82.50}, {7.80, -84.00}},
    {{10.50, -75.90}, {11.00, -78.00}, {11.80, -80.50}, {12.80, -82.80}},
};

struct Area {
  LatLon centre;
  double radius_deg;
};
const Area kFishingGrounds[] = {
    {{7.90, -79.20}, 0.25},  // Gulf of Panama
    {{7.20, -78.60}, 0.30},  // off Darién (Jaqué)
    {{7.10, -82.10}, 0.20},  // Hannibal Bank, south of Coiba
    {{7.80, -82.40}, 0.20},  // Gulf of Chiriquí
    {{5.50, -81.50}, 1.00},  // offshore tuna grounds
    {{9.55, -82.00}, 0.15},  // Bocas del Toro
    {{9.75, -78.60}, 0.20},  // Guna Yala
    {{9.30, -81.00}, 0.20},  // Veraguas Caribbean coast
};
const Area kEntrances[] = {{{8.87, -79.52}, 0.03}, {{9.40, -79.92}, 0.03}};
const std::vector<Path> kCoastalRoutes = {
    {{8.905, -79.528}, {8.850, -79.535}, {8.800, -79.548}},  // Taboga ferry
    {{8.905, -79.528}, {8.800, -79.300}, {8.630, -79.040}},  // Contadora
    {{9.370, -79.900},
     {9.450, -79.850},
     {9.620, -79.700},
     {9.700, -79.500},  // Colón – Guna Yala
     {9.660, -79.200},
     {9.600, -78.950}},
    {{9.335, -82.235}, {9.360, -82.200}, {9.400, -82.150}},  // Bocas del Toro
};
const Path kPatrol = {
    {8.95, -79.55}, {8.30, -79.00}, {7.50, -78.30}, {8.20, -79.70}, {8.95, -79.55}};

struct FixedStation {
  LatLon at;
  const char* name;
};
const FixedStation kBaseStations[] = {{{8.950, -79.565}, "BALBOA"},
                                      {{9.350, -79.910}, "CRISTOBAL"},
                                      {{9.340, -82.240}, "BOCAS"},
                                      {{7.420, -80.150}, "PUNTA MALA"}};
const FixedStation kAids[] = {
    {{8.880, -79.519}, "PACIFIC SEA BUOY 1"}, {{8.900, -79.530}, "PACIFIC BUOY 3"},
    {{8.925, -79.552}, "PACIFIC BUOY 7"},     {{9.395, -79.917}, "WEST BREAKWATER LT"},
    {{9.390, -79.900}, "EAST BREAKWATER LT"}, {{9.420, -79.918}, "ATLANTIC SEA BUOY"},
    {{7.470, -80.000}, "PUNTA MALA LT"},      {{8.650, -79.050}, "CONTADORA LT"}};

// splitmix64: a PRNG whose output is the same everywhere, unlike std's distributions.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : s_(seed) {}
  std::uint64_t Next() {
    std::uint64_t z = (s_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  double Uniform() { return static_cast<double>(Next() >> 11) / 9007199254740992.0; }
  double Range(double lo, double hi) { return lo + (hi - lo) * Uniform(); }
  std::uint32_t Below(std::uint32_t n) { return static_cast<std::uint32_t>(Next() % n); }
  bool Chance(double p) { return Uniform() < p; }
  template <class T, std::size_t N>
  const T& Pick(const T (&items)[N]) {
    return items[Below(N)];
  }

 private:
  std::uint64_t s_;
};

// Flags of ocean-going ships with their MIDs and call sign prefixes, weighted roughly by the
// share of the world fleet (by tonnage) each registry carries.
struct Flag {
  std::array<std::uint16_t, 7> mids;
  const char* callsign_prefix;
  double weight;
};
const Flag kDeepSeaFlags[] = {{{351, 352, 353, 354, 355, 356, 357}, "H9", 18},
                              {{636, 637}, "A8", 16},
                              {{538}, "V7", 13},
                              {{477}, "VR", 8},
                              {{563, 564, 565, 566}, "9V", 7},
                              {{215, 229, 248, 249, 256}, "9H", 6},
                              {{308, 309, 311}, "C6", 4},
                              {{237, 241}, "SV", 3},
                              {{412, 413, 414}, "BQ", 4},
                              {{209, 210, 212}, "5B", 2},
                              {{257, 258}, "LA", 2},
                              {{431}, "7J", 2},
                              {{219}, "OZ", 2},
                              {{255}, "CQ", 2},
                              {{232}, "2E", 2},
                              {{366, 367, 368, 369}, "WD", 3},
                              {{305}, "V2", 1},
                              {{370, 371, 372, 373}, "3E", 5}};
const Flag kFishingFlags[] = {{{351, 352, 353, 370, 371, 372, 373}, "HO", 60},
                              {{730}, "HK", 15},
                              {{735}, "HC", 15},
                              {{321}, "TI", 5},
                              {{350}, "YN", 5}};
const Flag kCoastalFlags[] = {
    {{351, 352, 353, 354, 355, 356, 357}, "HP", 88}, {{366, 367, 368}, "WD", 8}, {{319}, "ZC", 4}};

std::uint16_t PickMid(Rng& rng, const Flag& f) {
  std::size_t n = 0;
  while (n < f.mids.size() && f.mids[n] != 0) ++n;
  return f.mids[rng.Below(static_cast<std::uint32_t>(n))];
}

// Ship segments: AIS ship type (ITU-R M.1371-5 Table 53), dimensions, speed, name words.
struct Segment {
  const char* kind;
  std::uint8_t shiptype;
  double length_lo, length_hi, beam;              // Panamax-sized
  double neo_length_lo, neo_length_hi, neo_beam;  // Neopanamax-sized; 0 = none
  double draught_lo, draught_hi;
  double speed_lo, speed_hi;
  double weight;
};
// Weights: canal transits by segment, after the FY2017 cargo split of
// ../shared/data/canal/segments.csv (containers, tankers incl. gas, dry bulk, vehicle carriers)
// shifted towards the smaller ships that make up more of the transits than of the tonnage.
const Segment kSegments[] = {
    {"container", 71, 230, 294, 32.2, 330, 366, 51.0, 10.5, 15.0, 15, 19, 26},
    {"bulk", 70, 180, 229, 32.2, 250, 292, 45.0, 9.5, 14.5, 11, 14, 22},
    {"tanker", 80, 170, 228, 32.2, 245, 250, 44.0, 9.5, 14.5, 12, 14, 18},
    {"chemical", 81, 120, 183, 27.0, 0, 0, 0, 8.0, 11.5, 12, 14, 10},
    {"gas", 84, 180, 225, 32.2, 225, 230, 36.6, 9.5, 12.0, 14, 17, 8},
    {"vehicles", 70, 180, 200, 32.2, 0, 0, 0, 8.5, 10.0, 16, 19, 8},
    {"general", 70, 100, 150, 20.0, 0, 0, 0, 6.0, 9.0, 11, 14, 5},
    {"passenger", 60, 250, 294, 32.2, 300, 333, 38.0, 7.5, 8.5, 16, 20, 3},
};

template <class T, std::size_t N>
const T& PickWeighted(Rng& rng, const T (&items)[N]) {
  double total = 0;
  for (const T& s : items) total += s.weight;
  double x = rng.Range(0, total);
  for (const T& s : items) {
    if (x < s.weight) return s;
    x -= s.weight;
  }
  return items[N - 1];
}

const char* const kShipWords[] = {
    "PACIFIC",    "ATLANTIC",  "OCEAN",   "STAR",    "GLORY",    "FORTUNE", "HARMONY",
    "SPIRIT",     "PIONEER",   "EXPRESS", "VOYAGER", "HORIZON",  "PRIDE",   "VICTORY",
    "TRADER",     "NAVIGATOR", "AURORA",  "PHOENIX", "NEPTUNE",  "POLARIS", "ORION",
    "AMBER",      "JADE",      "CORAL",   "EMERALD", "SAPPHIRE", "LIBERTY", "UNITY",
    "PROSPERITY", "DIAMOND",   "FALCON",  "EAGLE",   "CONDOR",   "DOLPHIN", "MARLIN",
    "ISTHMUS",    "AZUL",      "SOL",     "LUNA",    "ESTRELLA", "BRAVO",   "NOVA"};
const char* const kShipPrefixes[] = {"MSC",   "MAERSK", "CMA CGM", "EVER", "COSCO", "ONE",
                                     "HMM",   "YM",     "NORDIC",  "STI",  "BW",    "GOLDEN",
                                     "GREAT", "HOEGH",  "GLOVIS",  "TORM", "CAPE",  "KOTA"};
const char* const kPlaces[] = {"BALBOA",    "COLON",    "GAMBOA",   "TABOGA",    "CHAGRES",
                               "DARIEN",    "AZUERO",   "VERAGUAS", "CHIRIQUI",  "COCLE",
                               "PORTOBELO", "SHANGHAI", "HOUSTON",  "ROTTERDAM", "SANTOS",
                               "CALLAO",    "BUSAN",    "SAVANNAH", "HAMBURG",   "VALPARAISO"};
const char* const kFishingNames[] = {
    "DON LUCHO",    "MARIA JOSE", "SANTA ROSA",  "VIRGEN DEL CARMEN", "DONA ISABEL",
    "EL PESCADOR",  "LA PERLA",   "SAN JUDAS",   "MAR DEL SUR",       "NINA LINDA",
    "CAPITAN JOSE", "DON PEPE",   "LA GAVIOTA",  "SANTA MARIA",       "DOS HERMANOS",
    "SIEMPRE FIEL", "EL TIBURON", "LUZ DEL MAR", "SAN PEDRO",         "NUEVA ESPERANZA"};
const char* const kCoastalNames[] = {
    "TABOGA EXPRESS", "CALYPSO QUEEN", "ISLA DEL REY", "CONTADORA I", "BOCAS FLYER", "PORTOBELO",
    "GUNA YALA",      "PEARL ISLAND",  "BAHIA AZUL",   "MAR Y SOL",   "SEA BREEZE",  "BLUE MARLIN"};
const char* const kTugNames[] = {"CERRO ANCON",  "CERRO AZUL", "CHAGRES", "CULEBRA", "GATUN",
                                 "PEDRO MIGUEL", "MIRAFLORES", "LIMON",   "COCOLI",  "AGUA CLARA"};
const char* const kNorthbound[] = {"USNYC", "USHOU", "USSAV", "USMSY", "USCHS", "NLRTM",
                                   "DEHAM", "JMKIN", "USPHL", "BEANR", "USORF", "PACTB"};
const char* const kSouthbound[] = {"CNSHA", "KRPUS", "JPYOK", "PECLL", "CLSAI", "ECGYE",
                                   "USLAX", "USOAK", "CLVAP", "TWKHH", "PABLB", "MXZLO"};
const char* const kVendors[] = {"SRT", "TRU", "GRM", "VSP", "SMT", "CML"};

enum class Mode : std::uint8_t { kFixed, kPath, kAnchor, kWander, kScript };

// A scenario vessel's course: straight legs between keyframes in time order. Silent (no report
// at all) before the first keyframe, after the last, and on a leg whose start is `dark`: a dark
// gap, or the instant of a spoofed position jump (two keyframes seconds apart).
struct Keyframe {
  std::int64_t t;
  LatLon at;
  bool dark = false;
};
using Script = std::vector<Keyframe>;
enum Event : std::uint8_t { kPosition, kStatic, kTransitSlot };

struct SimVessel {
  // Identity.
  std::uint32_t mmsi = 0;
  std::uint32_t imo = 0;
  std::string name, callsign, destination, vendor;
  std::uint8_t shiptype = 0;
  std::uint16_t to_bow = 0, to_stern = 0;
  std::uint8_t to_port = 0, to_starboard = 0;
  std::uint8_t draught_dm = 0;
  TrafficRole role = TrafficRole::kLane;
  CanalPhase phase = CanalPhase::kNone;
  bool class_b = false;
  bool sends_type19 = false;  // class B "SO" that reports its static data in type 19
  bool sends_rot = false;     // a rate-of-turn indicator fitted
  // Scripted renames: from each time on (Unix seconds, ascending), the name it reports.
  std::vector<std::pair<std::int64_t, std::string>> renames;
  // Motion.
  Mode mode = Mode::kFixed;
  LatLon pos{};
  double sog = 0, cruise = 0, cog = 0, heading = 0;
  Path path;
  std::size_t target = 0;
  bool ping_pong = false;
  Area area{};                // kWander
  LatLon anchor{};            // kAnchor
  std::int64_t moved_at = 0;  // time of the last Move
  std::int64_t next_turn = 0;
  int side = 0;  // canal: 0 Pacific, 1 Atlantic (the ocean the ship is in now)
  bool in_queue = false;
  std::int32_t script = -1;  // kScript: index into Impl::scripts
};

struct QueuedEvent {
  std::int64_t t;
  std::uint32_t index;
  Event kind;
  bool operator>(const QueuedEvent& o) const {
    if (t != o.t) return t > o.t;
    if (index != o.index) return index > o.index;
    return kind > o.kind;
  }
};

Path Reversed(Path p) {
  std::reverse(p.begin(), p.end());
  return p;
}

double PathLength(const Path& p) {
  double d = 0;
  for (std::size_t i = 1; i < p.size(); ++i) d += DistanceNm(p[i - 1], p[i]);
  return d;
}

LatLon InBox(Rng& rng, const Box& b) {
  return {rng.Range(b.south, b.north), rng.Range(b.west, b.east)};
}

struct Ymd {
  std::int64_t year;
  std::uint8_t month, day;
};
// The civil date of a Unix time (H. Hinnant's days_from_civil, inverted), for type 4 and ETAs.
Ymd CivilDate(std::int64_t unix_seconds) {
  const std::int64_t z = unix_seconds / 86400 + 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const auto month = static_cast<std::uint8_t>(mp < 10 ? mp + 3 : mp - 9);
  return {yoe + era * 400 + (month <= 2 ? 1 : 0), month,
          static_cast<std::uint8_t>(doy - (153 * mp + 2) / 5 + 1)};
}

std::uint32_t ImoWithCheckDigit(Rng& rng) {
  // IMO numbers: six digits and a check digit, the sum of the digits weighted 7..2, mod 10.
  const std::uint32_t six = 900000 + rng.Below(100000);
  std::uint32_t sum = 0;
  std::uint32_t x = six;
  for (int w = 2; w <= 7; ++w, x /= 10) sum += (x % 10) * static_cast<std::uint32_t>(w);
  return six * 10 + sum % 10;
}

}  // namespace

struct TrafficGenerator::Impl {
  TrafficOptions options;
  Rng rng;
  ais::Encoder encoder;
  std::vector<SimVessel> vessels;
  std::priority_queue<QueuedEvent, std::vector<QueuedEvent>, std::greater<>> events;
  std::array<std::deque<std::uint32_t>, 2> queue;  // anchored canal ships per side, FIFO
  int next_side = 0;
  std::int64_t now = 0;
  std::int64_t transit_interval = 0;
  TrafficCounters counters;
  std::unordered_set<std::uint32_t> mmsis;
  std::vector<Script> scripts;
  std::vector<ScenarioLabel> labels;

  explicit Impl(TrafficOptions o) : options(std::move(o)), rng(options.seed) {}

  // Identity -----------------------------------------------------------------------------

  std::uint32_t NewMmsi(std::uint32_t prefix, std::uint32_t digits) {
    const std::uint32_t span = digits == 6 ? 1000000 : digits == 4 ? 10000 : 1000;
    for (;;) {
      const std::uint32_t m = prefix * span + rng.Below(span);
      if (m % span != 0 && mmsis.insert(m).second) return m;
    }
  }

  std::string CallSign(const Flag& f) {
    std::string s = f.callsign_prefix;
    static constexpr char kAlnum[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    while (s.size() < 6) s.push_back(kAlnum[rng.Below(36)]);
    return s;
  }

  std::string ShipName() {
    switch (rng.Below(3)) {
      case 0:
        return std::string(rng.Pick(kShipPrefixes)) + " " + rng.Pick(kShipWords);
      case 1:
        return std::string(rng.Pick(kShipWords)) + " " + rng.Pick(kPlaces);
      default:
        return std::string(rng.Pick(kPlaces)) + " " + rng.Pick(kShipWords);
    }
  }

  void SetDimensions(SimVessel& v, double length, double beam) {
    const double bow = length * rng.Range(0.75, 0.88);
    v.to_bow = static_cast<std::uint16_t>(std::min(511.0, std::round(bow)));
    v.to_stern = static_cast<std::uint16_t>(std::min(511.0, std::round(length - bow)));
    const double port = std::round(beam / 2);
    v.to_port = static_cast<std::uint8_t>(std::min(63.0, port));
    v.to_starboard = static_cast<std::uint8_t>(std::min(63.0, std::round(beam - port)));
  }

  void DeepSeaIdentity(SimVessel& v, bool neopanamax_share) {
    const Flag& flag = PickWeighted(rng, kDeepSeaFlags);
    v.mmsi = NewMmsi(PickMid(rng, flag), 6);
    v.imo = ImoWithCheckDigit(rng);
    v.callsign = CallSign(flag);
    v.name = ShipName();
    const Segment& s = PickWeighted(rng, kSegments);
    v.shiptype = s.shiptype;
    // 2,852 of 9,936 large transits in FY2024 used the Neopanamax locks
    // (transits_fiscal_year.csv): that share of canal ships, drawn among the segments that have
    // Neopanamax-sized ships.
    double eligible = 0, total = 0;
    for (const Segment& x : kSegments) {
      total += x.weight;
      if (x.neo_beam > 0) eligible += x.weight;
    }
    const bool neo =
        s.neo_beam > 0 && neopanamax_share && rng.Chance(2852.0 / 9936 * total / eligible);
    SetDimensions(
        v, neo ? rng.Range(s.neo_length_lo, s.neo_length_hi) : rng.Range(s.length_lo, s.length_hi),
        neo ? s.neo_beam : s.beam);
    v.draught_dm =
        static_cast<std::uint8_t>(std::round(rng.Range(s.draught_lo, s.draught_hi) * 10));
    v.cruise = rng.Range(s.speed_lo, s.speed_hi);
    v.sends_rot = rng.Chance(0.6);
  }

  // Construction -------------------------------------------------------------------------

  void Build() {
    const std::size_t n = options.vessels;
    const double d = options.daily_transits;
    const std::size_t canal =
        std::min<std::size_t>(static_cast<std::size_t>(std::lround(d * 3)), n / 2);
    const std::size_t rest = n - canal;
    const std::size_t lane = rest * 40 / 100;
    const std::size_t fishing = rest * 35 / 100;
    const std::size_t coastal = rest - lane - fishing;
    vessels.reserve(n + std::size(kBaseStations) + std::size(kAids) + 1);

    // Canal ships: about 9 hours in transit (the centreline at 7 kn, slower in the locks), a
    // day's transits waiting at anchor, the rest on the lanes.
    const std::size_t in_transit =
        std::min<std::size_t>(canal, static_cast<std::size_t>(std::lround(d * 9 / 24)));
    const std::size_t anchored =
        std::min<std::size_t>(canal - in_transit, static_cast<std::size_t>(std::lround(d)));
    for (std::size_t i = 0; i < canal; ++i) {
      SimVessel v;
      v.role = TrafficRole::kCanal;
      DeepSeaIdentity(v, true);
      v.side = static_cast<int>(i % 2);
      if (i < in_transit) {
        StartTransit(v);
        Advance(v, PathLength(v.path) * (static_cast<double>(i) + 0.5) /
                       static_cast<double>(in_transit));
      } else if (i < in_transit + anchored) {
        DropAnchor(v, static_cast<std::uint32_t>(vessels.size()));
      } else if (rng.Chance(0.5)) {
        StartOutbound(v);
        Advance(v, PathLength(v.path) * rng.Uniform());
      } else {
        StartInbound(v, Reversed(PickLane(v.side)));
        Advance(v, PathLength(v.path) * rng.Uniform() * 0.9);
      }
      Add(std::move(v));
    }
    for (std::size_t i = 0; i < lane; ++i) {
      SimVessel v;
      v.role = TrafficRole::kLane;
      DeepSeaIdentity(v, false);
      const double u = rng.Uniform();
      const Path& p = u < 0.35   ? kPacificLanes[rng.Below(3)]
                      : u < 0.75 ? kAtlanticLanes[rng.Below(4)]
                                 : kThroughLanes[rng.Below(2)];
      FollowPath(v, rng.Chance(0.5) ? p : Reversed(p), true);
      Advance(v, PathLength(v.path) * rng.Uniform());
      v.destination = rng.Chance(0.5) ? rng.Pick(kNorthbound) : rng.Pick(kSouthbound);
      Add(std::move(v));
    }
    for (std::size_t i = 0; i < fishing; ++i) {
      SimVessel v;
      v.role = TrafficRole::kFishing;
      const Flag& flag = PickWeighted(rng, kFishingFlags);
      const bool industrial = rng.Chance(0.3);
      v.class_b = !industrial;
      v.sends_type19 = v.class_b && rng.Chance(0.2);
      v.mmsi = NewMmsi(PickMid(rng, flag), 6);
      v.name = rng.Pick(kFishingNames);
      if (rng.Chance(0.5)) v.name += " " + std::to_string(1 + rng.Below(30));
      v.callsign = rng.Chance(0.7) ? CallSign(flag) : "";
      v.shiptype = 30;
      if (industrial) {
        v.imo = rng.Chance(0.7) ? ImoWithCheckDigit(rng) : 0;
        SetDimensions(v, rng.Range(45, 80), rng.Range(9, 14));
        v.draught_dm = static_cast<std::uint8_t>(rng.Range(40, 70));
        v.cruise = rng.Range(9, 13);
      } else {
        SetDimensions(v, rng.Range(8, 25), rng.Range(3, 7));
        v.cruise = rng.Range(6, 10);
      }
      v.vendor = rng.Pick(kVendors);
      // Industrial seiners work the offshore tuna grounds; small boats the coastal ones.
      const Area& ground = industrial && rng.Chance(0.6)
                               ? kFishingGrounds[4]
                               : kFishingGrounds[rng.Below(std::size(kFishingGrounds))];
      Wander(v, ground);
      v.destination = "FISHING GROUNDS";
      Add(std::move(v));
    }
    for (std::size_t i = 0; i < coastal; ++i) {
      SimVessel v;
      v.role = TrafficRole::kCoastal;
      const Flag& flag = PickWeighted(rng, kCoastalFlags);
      v.mmsi = NewMmsi(PickMid(rng, flag), 6);
      v.callsign = CallSign(flag);
      v.vendor = rng.Pick(kVendors);
      const double u = rng.Uniform();
      if (u < 0.25) {  // canal tugs and pilot boats at the entrances, class A
        const bool tug = rng.Chance(0.7);
        v.shiptype = tug ? 52 : 50;
        v.name = tug ? rng.Pick(kTugNames) : "PILOT " + std::to_string(1 + rng.Below(40));
        SetDimensions(v, tug ? rng.Range(27, 33) : rng.Range(14, 18), tug ? 12.0 : 5.0);
        v.cruise = rng.Range(6, 11);
        Wander(v, kEntrances[rng.Below(2)]);
      } else if (u < 0.45) {  // ferries and passenger launches, class A
        v.shiptype = 60;
        v.name = rng.Pick(kCoastalNames);
        SetDimensions(v, rng.Range(25, 50), rng.Range(7, 11));
        v.cruise = rng.Range(10, 16);
        FollowPath(v, kCoastalRoutes[rng.Below(std::size(kCoastalRoutes))], true);
        Advance(v, PathLength(v.path) * rng.Uniform());
      } else {  // yachts, sailing and pleasure craft, class B
        v.class_b = true;
        v.sends_type19 = rng.Chance(0.1);
        v.shiptype = rng.Chance(0.6) ? 37 : 36;
        v.name = std::string(rng.Pick(kShipWords)) + (rng.Chance(0.5) ? " II" : "");
        SetDimensions(v, rng.Range(9, 30), rng.Range(3, 7));
        v.cruise = rng.Range(5, 12);
        if (rng.Chance(0.5)) {
          FollowPath(v, kCoastalRoutes[rng.Below(std::size(kCoastalRoutes))], true);
          Advance(v, PathLength(v.path) * rng.Uniform());
        } else {
          Wander(v, kFishingGrounds[rng.Below(std::size(kFishingGrounds))]);
        }
      }
      if (!v.class_b) v.draught_dm = static_cast<std::uint8_t>(rng.Range(20, 55));
      v.destination = rng.Chance(0.5) ? "PANAMA" : "COLON";
      Add(std::move(v));
    }
    // Fixed stations: base stations (MMSI 00MIDxxxx), aids to navigation (99MIDxxxx) and the
    // SENAN patrol aircraft (111MIDxxx).
    for (const FixedStation& b : kBaseStations) {
      SimVessel v;
      v.role = TrafficRole::kBaseStation;
      v.mmsi = NewMmsi(352, 4);
      v.name = b.name;
      v.pos = b.at;
      Add(std::move(v));
    }
    for (const FixedStation& a : kAids) {
      SimVessel v;
      v.role = TrafficRole::kAidToNavigation;
      v.mmsi = 990000000 + NewMmsi(352, 4);
      v.name = a.name;
      v.pos = a.at;
      Add(std::move(v));
    }
    {
      SimVessel v;
      v.role = TrafficRole::kSarAircraft;
      v.mmsi = 111000000 + NewMmsi(352, 3);
      v.name = "SENAN PATROL";
      v.cruise = 140;
      FollowPath(v, kPatrol, true);
      Add(std::move(v));
    }
    transit_interval =
        options.daily_transits > 0 ? static_cast<std::int64_t>(86400 / options.daily_transits) : 0;
    if (transit_interval > 0) {
      events.push({options.start_unix + transit_interval / 2, 0, kTransitSlot});
    }
    if (options.scenarios) BuildScenarios();
  }

  // Scenarios ----------------------------------------------------------------------------

  // Builds a script from a start and legs at given speeds; keyframes are appended in order.
  class Course {
   public:
    Course(std::int64_t t, LatLon at) { keys_.push_back({t, at}); }
    // Steams straight to `to` at `kn`.
    Course& To(LatLon to, double kn) {
      const Keyframe& last = keys_.back();
      const auto seconds =
          static_cast<std::int64_t>(std::lround(DistanceNm(last.at, to) / kn * 3600));
      keys_.push_back({last.t + std::max<std::int64_t>(seconds, 1), to});
      return *this;
    }
    // Silent from here for `seconds`, reappearing at `to`.
    Course& Dark(std::int64_t seconds, LatLon to) {
      keys_.back().dark = true;
      keys_.push_back({keys_.back().t + seconds, to});
      return *this;
    }
    std::int64_t t() const { return keys_.back().t; }
    LatLon at() const { return keys_.back().at; }
    Script Done() && { return std::move(keys_); }

   private:
    Script keys_;
  };

  // Where a script has the vessel at t, and its speed and course over the leg; false when it is
  // silent then, with *next the time it speaks again (INT64_MAX: never).
  static bool ScriptAt(const Script& s, std::int64_t t, LatLon* pos, double* sog, double* cog,
                       std::int64_t* next) {
    if (t < s.front().t) {
      *next = s.front().t;
      return false;
    }
    for (std::size_t i = 0; i + 1 < s.size(); ++i) {
      const Keyframe& a = s[i];
      const Keyframe& b = s[i + 1];
      if (t >= b.t) continue;
      if (a.dark) {
        *next = b.t;
        return false;
      }
      const double f = static_cast<double>(t - a.t) / static_cast<double>(b.t - a.t);
      *pos = {a.at.lat + (b.at.lat - a.at.lat) * f, a.at.lon + (b.at.lon - a.at.lon) * f};
      *sog = DistanceNm(a.at, b.at) / (static_cast<double>(b.t - a.t) / 3600);
      if (*sog > 0) *cog = BearingDeg(a.at, b.at);
      return true;
    }
    *next = INT64_MAX;
    return false;
  }

  void AddScripted(SimVessel v, Script script) {
    v.mode = Mode::kScript;
    v.script = static_cast<std::int32_t>(scripts.size());
    v.pos = script.front().at;
    if (script.size() > 1) v.cog = v.heading = BearingDeg(script[0].at, script[1].at);
    scripts.push_back(std::move(script));
    Add(std::move(v));
  }

  // An identity for a scenario vessel: flag MID, AIS class, ship type, length and beam.
  SimVessel Scripted(TrafficRole role, std::uint16_t mid, bool class_b, std::uint8_t shiptype,
                     double length, double beam, std::string name) {
    SimVessel v;
    v.role = role;
    v.mmsi = NewMmsi(mid, 6);
    v.class_b = class_b;
    v.shiptype = shiptype;
    v.name = std::move(name);
    if (!class_b) {
      // The call sign prefix of the flag that owns the MID.
      const auto owns = [mid](const Flag& f) {
        return std::find(f.mids.begin(), f.mids.end(), mid) != f.mids.end();
      };
      for (std::span<const Flag> flags :
           {std::span<const Flag>(kDeepSeaFlags), std::span<const Flag>(kFishingFlags),
            std::span<const Flag>(kCoastalFlags)}) {
        const auto it = std::find_if(flags.begin(), flags.end(), owns);
        if (it != flags.end() && v.callsign.empty()) v.callsign = CallSign(*it);
      }
    }
    v.imo = !class_b && length > 60 ? ImoWithCheckDigit(rng) : 0;
    v.vendor = rng.Pick(kVendors);
    SetDimensions(v, length, beam);
    if (!class_b) v.draught_dm = static_cast<std::uint8_t>(std::min(250.0, length / 20 * 10));
    v.destination = role == TrafficRole::kFishing ? "FISHING GROUNDS" : "PANAMA";
    v.sends_rot = !class_b;
    return v;
  }

  void Label(std::string scenario, DetectionKind kind, bool negative, std::uint32_t mmsi,
             std::uint32_t partner, std::int64_t from, std::int64_t to, LatLon at,
             std::string place) {
    labels.push_back({.scenario = std::move(scenario),
                      .kind = kind,
                      .negative = negative,
                      .mmsi = mmsi,
                      .partner = partner,
                      .start_unix = from,
                      .end_unix = to,
                      .lat = at.lat,
                      .lon = at.lon,
                      .place = std::move(place)});
  }

  static LatLon Between(LatLon a, LatLon b, double f) {
    return {a.lat + (b.lat - a.lat) * f, a.lon + (b.lon - a.lon) * f};
  }

  // The labelled scenarios, placed after charts of the region (approximate, like the lanes).
  // Speeds: go-fasts 32-40 kn (the reference file's 35-50 kn top speed, "still maintaining 25 kn"
  // in seas); drifting 0.5-0.8 kn, under GFW's 2 kn.
  void BuildScenarios() {
    const std::int64_t t0 = options.start_unix;
    auto h = [&](double hours) {
      return t0 + static_cast<std::int64_t>(std::lround(hours * 3600));
    };
    using K = DetectionKind;

    // Go-fast runs from Colombia's Pacific coast to the Darién and Azuero coasts.
    {
      SimVessel v = Scripted(TrafficRole::kCoastal, 730, true, 37, 11, 3, "RAPIDO");
      Course c(h(2), {6.30, -77.55});  // off Bahía Solano, Colombia
      c.To({7.45, -78.22}, 36);        // 3 nm off Jaqué, Darién
      Label("go_fast_darien", K::kGoFast, false, v.mmsi, 0, h(2), c.t(), {7.22, -78.09},
            "Bahía Solano (Colombia) to Jaqué (Darién)");
      AddScripted(std::move(v), std::move(c).Done());
    }
    {
      // Class A with a type 37 (pleasure craft) transponder: small craft by its type.
      SimVessel v = Scripted(TrafficRole::kCoastal, 352, false, 37, 13, 3, "MAR ABIERTO");
      Course c(h(4), {5.55, -77.55});  // off Cabo Corrientes, Colombia
      c.To({7.30, -80.15}, 40);        // south of Punta Mala, Azuero
      Label("go_fast_azuero", K::kGoFast, false, v.mmsi, 0, h(4), c.t(), {6.4, -78.9},
            "Cabo Corrientes (Colombia) to Punta Mala (Azuero)");
      AddScripted(std::move(v), std::move(c).Done());
    }
    {
      SimVessel v = Scripted(TrafficRole::kCoastal, 730, true, 36, 10, 3, "LA CONSENTIDA");
      Course c(h(8), {6.90, -77.90});                   // off Juradó, Colombia
      c.To({7.40, -78.40}, 32).To({7.95, -78.55}, 32);  // to Punta Garachiné, Darién
      Label("go_fast_garachine", K::kGoFast, false, v.mmsi, 0, h(8), c.t(), {7.4, -78.4},
            "Juradó (Colombia) to Garachiné (Darién)");
      AddScripted(std::move(v), std::move(c).Done());
    }

    // A rendezvous at sea: a fishing vessel drifts 45 min; a go-fast comes from the south-east,
    // lies alongside (80 m) for 35 min and runs for the Darién coast.
    {
      SimVessel fishing = Scripted(TrafficRole::kFishing, 352, false, 30, 28, 7, "DON LUCHO 7");
      SimVessel boat = Scripted(TrafficRole::kCoastal, 730, true, 37, 12, 3, "EL VELOZ");
      const LatLon r = {7.10, -79.05};
      const LatLon r_end = Moved(r, 45, 0.375);  // 0.5 kn for 45 min
      Course f(h(6), Moved(r, 225, 9));
      f.To(r, 3);  // arrives at h(9)
      const std::int64_t drift = f.t();
      f.To(r_end, 0.5).To(Moved(r_end, 45, 9), 3);
      Course b(drift + 300 - 7200, {6.40, -77.95});
      const LatLon meet = Moved(Between(r, r_end, 5.0 / 45), 90, 80.0 / 1852);
      const LatLon part = Moved(Between(r, r_end, 40.0 / 45), 90, 80.0 / 1852);
      b.To(meet, DistanceNm({6.40, -77.95}, meet) / 2);  // two hours, about 38 kn
      const std::int64_t alongside = b.t();
      b.To(part, 0.5);
      const std::int64_t left = b.t();
      b.To({7.50, -78.25}, 35);
      Label("rendezvous", K::kRendezvous, false, fishing.mmsi, boat.mmsi, alongside, left, r,
            "south of the Gulf of Panama, 45 nm off Darién");
      Label("rendezvous", K::kGoFast, false, boat.mmsi, 0, alongside - 7200, alongside,
            {6.8, -78.5}, "run in to the rendezvous");
      Label("rendezvous", K::kGoFast, false, boat.mmsi, 0, left, b.t(), {7.3, -78.6},
            "run from the rendezvous to Darién");
      AddScripted(std::move(fishing), std::move(f).Done());
      AddScripted(std::move(boat), std::move(b).Done());
    }

    // A GFW-style encounter on the offshore tuna grounds: a reefer and a purse seiner 150 m
    // apart, drifting together for 3.5 h. The reefer (cargo, type 70) is loitering too.
    {
      SimVessel reefer = Scripted(TrafficRole::kLane, 636, false, 70, 135, 20, "POLAR STAR");
      SimVessel seiner = Scripted(TrafficRole::kFishing, 735, false, 30, 70, 12, "SANTA MARIA 3");
      const LatLon e = {5.80, -80.90};
      const LatLon e_end = Moved(e, 300, 2.1);  // 0.6 kn for 3.5 h
      Course r(h(12) - 3 * 3600, Moved(e, 0, 36));
      r.To(e, 12);
      const std::int64_t together = r.t();
      r.To(e_end, 0.6).To(Moved(e_end, 180, 36), 12);
      Course s(together - 2 * 3600, Moved(e, 250, 16));
      s.To(Moved(e, 90, 150.0 / 1852), 8).To(Moved(e_end, 90, 150.0 / 1852), 0.6);
      s.To(Moved(e_end, 250, 16), 8);
      const std::int64_t parted = together + 3 * 3600 + 1800;
      Label("encounter", K::kEncounter, false, reefer.mmsi, seiner.mmsi, together, parted, e,
            "offshore tuna grounds, south-west of Azuero");
      Label("encounter", K::kLoitering, false, reefer.mmsi, 0, together, parted, e,
            "the reefer of the encounter");
      AddScripted(std::move(reefer), std::move(r).Done());
      AddScripted(std::move(seiner), std::move(s).Done());
    }

    // A 14 h dark gap on the Pacific lane to the south, far offshore where the lane's own
    // traffic keeps the reception mask full; the bulk carrier comes back 21 nm on.
    {
      SimVessel v = Scripted(TrafficRole::kLane, 538, false, 70, 190, 32, "OCEAN PIONEER");
      Course c(h(1), {7.60, -79.50});
      c.To({6.20, -79.72}, 12);
      const std::int64_t dark = c.t();
      c.Dark(14 * 3600, {5.90, -79.90}).To({4.60, -80.15}, 12);
      Label("dark_gap", K::kGap, false, v.mmsi, 0, dark, dark + 14 * 3600, {6.20, -79.72},
            "Pacific lane south, 85 nm off Azuero");
      AddScripted(std::move(v), std::move(c).Done());
    }

    // MMSI spoofing: the MMSI of a container ship in the Caribbean also sent from the Pacific
    // for 1.5 h (one MMSI in two places, which also implies an impossible speed).
    {
      SimVessel v = Scripted(TrafficRole::kLane, 477, false, 71, 260, 32, "EVER AMBER");
      SimVessel ghost = v;
      Course c(h(14), {9.60, -79.70});
      c.To({10.60, -80.20}, 14);
      Course g(h(16), {7.40, -80.60});
      g.To({7.15, -80.60}, 10);
      Label("same_mmsi_two_places", K::kDuplicateMmsi, false, v.mmsi, 0, h(16), g.t(), {7.3, -80.6},
            "off Colón and south of Azuero at once");
      Label("same_mmsi_two_places", K::kImpliedSpeed, false, v.mmsi, 0, h(16), g.t(), {7.3, -80.6},
            "the first report from the other place");
      AddScripted(std::move(v), std::move(c).Done());
      AddScripted(std::move(ghost), std::move(g).Done());
    }
    // MMSI spoofing: a tanker's position jumps 45 nm south (manipulated GPS) and goes on.
    {
      SimVessel v = Scripted(TrafficRole::kLane, 636, false, 80, 180, 32, "NORDIC HARMONY");
      Course c(h(18), {7.05, -81.00});
      c.To(Moved({7.05, -81.00}, 270, 26), 13);
      const std::int64_t jump = c.t();
      c.Dark(10, Moved(c.at(), 180, 45));
      c.To(Moved(c.at(), 270, 26), 13);
      Label("position_jump", K::kImpliedSpeed, false, v.mmsi, 0, jump, jump + 10, {6.7, -81.4},
            "south of Coiba");
      AddScripted(std::move(v), std::move(c).Done());
    }
    // MMSI spoofing: an invalid MMSI (MID 200 is allocated to no one) on a fishing ground.
    {
      SimVessel v = Scripted(TrafficRole::kFishing, 352, true, 30, 15, 4, "SIN NOMBRE");
      mmsis.erase(v.mmsi);
      v.mmsi = 200'000'000 + v.mmsi % 1'000'000;
      Course c(h(3), {7.80, -79.30});
      c.To({7.90, -79.20}, 3);
      Label("invalid_mmsi", K::kInvalidMmsi, false, v.mmsi, 0, h(3), c.t(), {7.85, -79.25},
            "Gulf of Panama fishing ground");
      AddScripted(std::move(v), std::move(c).Done());
    }

    // Identity changes: a general cargo ship southbound from the Gulf of Panama at 7 kn renames
    // itself twice within a day (shedding a record), each within the 7-day window of the last.
    {
      SimVessel v = Scripted(TrafficRole::kLane, 352, false, 70, 95, 16, "SEA BREEZE");
      v.renames = {{h(6), "OCEAN BREEZE"}, {h(24), "BRISA DEL MAR"}};
      Course c(h(1), {7.50, -79.60});
      c.To({4.50, -80.30}, 7);
      // A rename shows at the vessel's next static report (every 6 minutes).
      Label("identity_change", K::kIdentityChange, false, v.mmsi, 0, h(6), h(6) + 600,
            {7.2, -79.7}, "Gulf of Panama, southbound: first rename");
      Label("identity_change", K::kIdentityChange, false, v.mmsi, 0, h(24), h(24) + 600,
            {5.1, -80.2}, "Pacific, southbound: second rename");
      AddScripted(std::move(v), std::move(c).Done());
    }

    // Loitering: a general cargo ship drifts 5 h offshore, south-west of Coiba.
    {
      SimVessel v = Scripted(TrafficRole::kLane, 312, false, 70, 120, 18, "GOLDEN TRADER");
      Course c(h(20), {6.80, -81.20});
      c.To({6.60, -81.50}, 11);
      const std::int64_t slow = c.t();
      c.To(Moved(c.at(), 240, 4), 0.8);
      const std::int64_t moving = c.t();
      c.To(Moved(c.at(), 240, 11), 11);
      Label("loitering", K::kLoitering, false, v.mmsi, 0, slow, moving, {6.58, -81.53},
            "south-west of Coiba, offshore");
      AddScripted(std::move(v), std::move(c).Done());
    }

    // Hard negatives. A canal tug idling at Balboa for 6 h (in port, and loitering is a tug's
    // job).
    {
      SimVessel v = Scripted(TrafficRole::kCoastal, 352, false, 52, 30, 12, "CERRO ANCON II");
      const LatLon a = {8.930, -79.560}, b = {8.935, -79.555};
      Course c(h(2), a);
      for (int i = 0; i < 3; ++i) c.To(b, 0.4).To(a, 0.4);
      Label("tug_in_port", K::kLoitering, true, v.mmsi, 0, h(2), c.t(), a, "Balboa, canal tugs");
      AddScripted(std::move(v), std::move(c).Done());
    }
    // A fast ferry (high-speed craft, 42 m) at 32 kn to Contadora and back: fast, not small.
    {
      SimVessel v = Scripted(TrafficRole::kCoastal, 352, false, 40, 42, 11, "CONTADORA EXPRESS");
      Course c(h(6), {8.905, -79.528});
      c.To({8.800, -79.300}, 32).To({8.630, -79.040}, 32);
      c.Dark(1800, {8.630, -79.040}).To({8.800, -79.300}, 32).To({8.905, -79.528}, 32);
      Label("fast_ferry", K::kGoFast, true, v.mmsi, 0, h(6), c.t(), {8.8, -79.3},
            "Balboa to Contadora and back");
      AddScripted(std::move(v), std::move(c).Done());
    }
    // Two ships passing 300 m apart on reciprocal courses at 14 kn: close, not slow.
    {
      SimVessel a = Scripted(TrafficRole::kLane, 538, false, 70, 200, 32, "CAPE HORIZON");
      SimVessel b = Scripted(TrafficRole::kLane, 563, false, 71, 280, 40, "KOTA NOVA");
      const LatLon mid = {6.90, -80.20};
      const LatLon mid_b = Moved(mid, 90, 300.0 / 1852);
      Course ca(h(9), Moved(mid, 0, 14));
      ca.To(Moved(mid, 180, 14), 14);
      Course cb(h(9), Moved(mid_b, 180, 14));
      cb.To(Moved(mid_b, 0, 14), 14);
      Label("passing_close", K::kRendezvous, true, a.mmsi, b.mmsi, h(9), ca.t(), mid,
            "south of Azuero, offshore");
      AddScripted(std::move(a), std::move(ca).Done());
      AddScripted(std::move(b), std::move(cb).Done());
    }
  }

  void Add(SimVessel v) {
    const auto index = static_cast<std::uint32_t>(vessels.size());
    v.moved_at = options.start_unix;
    const std::int64_t t0 = options.start_unix;
    events.push({t0 + static_cast<std::int64_t>(rng.Below(10)), index, kPosition});
    if (v.role != TrafficRole::kBaseStation && v.role != TrafficRole::kSarAircraft &&
        v.role != TrafficRole::kAidToNavigation) {
      events.push({t0 + static_cast<std::int64_t>(rng.Below(360)), index, kStatic});
    }
    if (v.phase == CanalPhase::kAnchored && !v.in_queue) {
      queue[static_cast<std::size_t>(v.side)].push_back(index);
      v.in_queue = true;
    }
    vessels.push_back(std::move(v));
  }

  // Motion -------------------------------------------------------------------------------

  const Path& PickLane(int side) {
    return side == 0 ? kPacificLanes[rng.Below(3)] : kAtlanticLanes[rng.Below(4)];
  }

  void FollowPath(SimVessel& v, Path p, bool ping_pong) {
    v.mode = Mode::kPath;
    v.path = std::move(p);
    v.pos = v.path.front();
    v.target = 1;
    v.ping_pong = ping_pong;
    v.sog = v.cruise;
    v.cog = BearingDeg(v.path[0], v.path[1]);
    v.heading = v.cog;
  }

  void Wander(SimVessel& v, const Area& a) {
    v.mode = Mode::kWander;
    v.area = a;
    const double r = a.radius_deg * std::sqrt(rng.Uniform());
    const double b = rng.Range(0, 360);
    v.pos = {a.centre.lat + r * std::cos(Radians(b)), a.centre.lon + r * std::sin(Radians(b))};
    v.cog = v.heading = rng.Range(0, 360);
    v.sog = rng.Range(0, v.cruise * 0.5);
  }

  // Canal ships: the phases of a round trip.
  void StartTransit(SimVessel& v) {
    v.phase = CanalPhase::kTransit;
    Path p = v.side == 0 ? kCentreline : Reversed(kCentreline);
    if (v.mode == Mode::kAnchor) p.insert(p.begin(), v.pos);
    FollowPath(v, std::move(p), false);
    v.destination = v.side == 0 ? rng.Pick(kNorthbound) : rng.Pick(kSouthbound);
  }
  void StartOutbound(SimVessel& v) {
    v.phase = CanalPhase::kOutbound;
    Path p = PickLane(v.side);
    if (v.mode == Mode::kPath) p.insert(p.begin(), v.pos);
    FollowPath(v, std::move(p), false);
    if (v.destination.empty()) {
      v.destination = v.side == 1 ? rng.Pick(kNorthbound) : rng.Pick(kSouthbound);
    }
  }
  void StartInbound(SimVessel& v, Path p) {
    v.phase = CanalPhase::kInbound;
    p.push_back(InBox(rng, v.side == 0 ? kPacificAnchorage : kAtlanticAnchorage));
    FollowPath(v, std::move(p), false);
    v.destination = v.side == 0 ? "PABLB" : "PACTB";
  }
  void DropAnchor(SimVessel& v, std::uint32_t index) {
    v.anchor = v.mode == Mode::kPath
                   ? v.pos
                   : InBox(rng, v.side == 0 ? kPacificAnchorage : kAtlanticAnchorage);
    v.phase = CanalPhase::kAnchored;
    v.mode = Mode::kAnchor;
    v.pos = v.anchor;
    v.sog = 0;
    v.heading = rng.Range(0, 360);
    v.destination = v.side == 0 ? "PABLB" : "PACTB";
    if (index < vessels.size()) {
      queue[static_cast<std::size_t>(v.side)].push_back(index);
      v.in_queue = true;
    }
  }

  void OnPathEnd(SimVessel& v, std::uint32_t index) {
    if (v.ping_pong) {
      v.path = Reversed(std::move(v.path));
      v.target = 1;
      return;
    }
    switch (v.phase) {
      case CanalPhase::kTransit:
        ++counters.transits_completed;
        v.side = 1 - v.side;
        StartOutbound(v);
        break;
      case CanalPhase::kOutbound:
        // At the region's edge: the ship comes back (as the next one of its line would).
        StartInbound(v, Reversed(v.path));
        break;
      case CanalPhase::kInbound:
        v.anchor = v.pos;
        v.mode = Mode::kAnchor;
        v.phase = CanalPhase::kAnchored;
        v.sog = 0;
        queue[static_cast<std::size_t>(v.side)].push_back(index);
        v.in_queue = true;
        break;
      default:
        v.path = Reversed(std::move(v.path));
        v.target = 1;
    }
  }

  // Moves a path-following vessel `nm` along its path.
  void Advance(SimVessel& v, double nm, std::uint32_t index = UINT32_MAX) {
    int guard = 0;
    while (v.mode == Mode::kPath && nm > 1e-9 && ++guard < 1000) {
      const LatLon to = v.path[v.target];
      const double d = DistanceNm(v.pos, to);
      if (d > 1e-9) v.cog = BearingDeg(v.pos, to);
      if (d > nm) {
        v.pos = Moved(v.pos, v.cog, nm);
        break;
      }
      v.pos = to;
      nm -= d;
      if (++v.target >= v.path.size()) {
        if (index == UINT32_MAX && !v.ping_pong) {
          v.target = v.path.size() - 1;
          break;
        }
        OnPathEnd(v, index);
      }
    }
  }

  double TransitSpeed(const SimVessel& v) const {
    for (const LatLon& lock : kLocks) {
      if (DistanceNm(v.pos, lock) < 0.6) return 1.5;
    }
    return 7;
  }

  void Move(SimVessel& v, std::uint32_t index, std::int64_t t) {
    const double hours = static_cast<double>(t - v.moved_at) / 3600;
    v.moved_at = t;
    switch (v.mode) {
      case Mode::kFixed:
        return;
      case Mode::kAnchor: {
        // Swinging round the anchor: a few metres of drift, heading following wind and tide.
        v.heading = std::fmod(v.heading + rng.Range(-8, 8) + 360, 360);
        v.pos = Moved(v.anchor, v.heading + 180, 0.04);
        v.sog = rng.Range(0, 0.3);
        v.cog = rng.Range(0, 360);
        return;
      }
      case Mode::kWander: {
        if (t >= v.next_turn) {
          v.next_turn = t + 300 + rng.Below(1500);
          const double from_centre = DistanceNm(v.pos, v.area.centre) / 60;
          if (from_centre > v.area.radius_deg) {
            v.cog = BearingDeg(v.pos, v.area.centre);
          } else {
            v.cog = std::fmod(v.cog + rng.Range(-70, 70) + 360, 360);
          }
          // Fishing: trawling, drifting or steaming between sets.
          const double u = rng.Uniform();
          v.sog = u < 0.3 ? rng.Range(0, 1) : u < 0.8 ? rng.Range(2, 4.5) : v.cruise;
        }
        v.pos = Moved(v.pos, v.cog, v.sog * hours);
        v.heading = v.cog;
        return;
      }
      case Mode::kScript: {
        std::int64_t next = 0;
        ScriptAt(scripts[static_cast<std::size_t>(v.script)], t, &v.pos, &v.sog, &v.cog, &next);
        v.heading = v.cog;
        return;
      }
      case Mode::kPath: {
        v.sog = v.phase == CanalPhase::kTransit ? TransitSpeed(v) : v.cruise;
        Advance(v, v.sog * hours, index);
        if (v.mode == Mode::kPath) v.heading = std::fmod(v.cog + rng.Range(-2, 2) + 360, 360);
        return;
      }
    }
  }

  // Reports ------------------------------------------------------------------------------

  std::int64_t NextPositionIn(const SimVessel& v) {
    switch (v.role) {
      case TrafficRole::kBaseStation:
      case TrafficRole::kSarAircraft:
        return 10;
      case TrafficRole::kAidToNavigation:
        return 180;
      default:
        break;
    }
    // ITU-R M.1371-5 Annex 1 Table 1 (class A) and 2 (class B "CS").
    if (v.class_b) return v.sog > 2 ? 30 : 180;
    if (v.mode == Mode::kAnchor || v.sog < 3) return v.mode == Mode::kAnchor ? 180 : 10;
    if (v.sog > 23) return 2;
    if (v.sog > 14) return 6;
    return 10;
  }

  static std::int32_t Lon(double lon) {
    return static_cast<std::int32_t>(std::lround(lon * 600000));
  }
  static std::int32_t Lat(double lat) {
    return static_cast<std::int32_t>(std::lround(lat * 600000));
  }
  static std::uint16_t Tenths(double x, double max) {
    return static_cast<std::uint16_t>(std::clamp(std::lround(x * 10), 0L, std::lround(max * 10)));
  }

  template <std::size_t N>
  static ais::FixedText<N> Text(std::string_view s) {
    ais::FixedText<N> t;
    for (char c : s.substr(0, N)) t.chars[t.size++] = c;
    return t;
  }

  void Emit(const ais::Message& m, std::int64_t t, std::string* out) {
    auto sentences = encoder.Encode(m, {.unix_seconds = t, .station = options.station}, out);
    // Every field is built within its range above; a failure here is a bug of this file.
    ISTMO_CHECK(sentences.has_value());
    counters.sentences += static_cast<std::uint64_t>(*sentences);
    ++counters.messages;
    ++counters.by_type[m.type];
  }

  void EmitPosition(const SimVessel& v, std::int64_t t, std::string* out) {
    ais::Message m;
    m.mmsi = v.mmsi;
    m.envelope.channel = (t & 1) != 0 ? 'B' : 'A';
    const auto second = static_cast<std::uint8_t>(t % 60);
    switch (v.role) {
      case TrafficRole::kBaseStation: {
        m.type = 4;
        const Ymd date = CivilDate(t);
        const std::int64_t tod = t % 86400;
        m.body = ais::BaseStationReport{.year = static_cast<std::uint16_t>(date.year),
                                        .month = date.month,
                                        .day = date.day,
                                        .hour = static_cast<std::uint8_t>(tod / 3600),
                                        .minute = static_cast<std::uint8_t>(tod / 60 % 60),
                                        .second = second,
                                        .accuracy = true,
                                        .lon = Lon(v.pos.lon),
                                        .lat = Lat(v.pos.lat),
                                        .epfd = 7};
        break;
      }
      case TrafficRole::kAidToNavigation:
        m.type = 21;
        // Table 74: 29 safe water mark (the sea buoys), 5 light without sectors.
        m.body = ais::AidToNavigation{.aid_type = static_cast<std::uint8_t>(
                                          v.name.find("BUOY") != std::string::npos ? 29 : 5),
                                      .name = Text<34>(v.name),
                                      .accuracy = true,
                                      .lon = Lon(v.pos.lon),
                                      .lat = Lat(v.pos.lat),
                                      .epfd = 7,
                                      .second = second};
        break;
      case TrafficRole::kSarAircraft:
        m.type = 9;
        m.body = ais::SarAircraft{.alt = 450,
                                  .speed = static_cast<std::uint16_t>(v.sog),
                                  .lon = Lon(v.pos.lon),
                                  .lat = Lat(v.pos.lat),
                                  .course = Tenths(v.cog, 359.9),
                                  .second = second,
                                  .dte = false,
                                  .radio = 0x60000};
        break;
      default:
        if (v.class_b) {
          m.type = 18;
          m.body = ais::ClassBPosition{.speed = Tenths(v.sog, 102.2),
                                       .lon = Lon(v.pos.lon),
                                       .lat = Lat(v.pos.lat),
                                       .course = Tenths(v.cog, 359.9),
                                       .heading = ais::kHeadingNotAvailable,
                                       .second = second,
                                       .cs = true,
                                       .display = false,
                                       .dsc = true,
                                       .band = true,
                                       .msg22 = true,
                                       .radio = 0xE0006};
        } else {
          const double u = rng.Uniform();
          m.type = u < 0.85 ? 1 : u < 0.95 ? 3 : 2;
          std::uint8_t status = 0;
          if (v.mode == Mode::kAnchor) status = 1;
          if (v.role == TrafficRole::kFishing && v.sog < 5) status = 7;
          m.body = ais::PositionReport{
              .status = status,
              .turn = v.sends_rot ? static_cast<std::int8_t>(0) : ais::kTurnNotAvailable,
              .speed = Tenths(v.sog, 102.2),
              .accuracy = false,
              .lon = Lon(v.pos.lon),
              .lat = Lat(v.pos.lat),
              .course = Tenths(v.cog, 359.9),
              .heading = static_cast<std::uint16_t>(std::lround(v.heading) % 360),
              .second = second,
              .radio = static_cast<std::uint32_t>(rng.Below(1u << 19))};
        }
    }
    Emit(m, t, out);
  }

  // The name a vessel reports at `t`: its last scripted rename by then, else its own.
  static const std::string& NameAt(const SimVessel& v, std::int64_t t) {
    const std::string* name = &v.name;
    for (const auto& [from, renamed] : v.renames) {
      if (from <= t) name = &renamed;
    }
    return *name;
  }

  void EmitStatic(const SimVessel& v, std::int64_t t, std::string* out) {
    ais::Message m;
    m.mmsi = v.mmsi;
    m.envelope.channel = (t & 1) != 0 ? 'B' : 'A';
    if (v.role == TrafficRole::kAidToNavigation) return;  // its position report names it
    if (!v.class_b) {
      m.type = 5;
      // ETA: two days ahead at noon, as masters commonly enter it.
      const Ymd eta = CivilDate(t + 2 * 86400);
      m.body = ais::StaticVoyage{.ais_version = 2,
                                 .imo = v.imo,
                                 .callsign = Text<7>(v.callsign),
                                 .shipname = Text<20>(NameAt(v, t)),
                                 .shiptype = v.shiptype,
                                 .to_bow = v.to_bow,
                                 .to_stern = v.to_stern,
                                 .to_port = v.to_port,
                                 .to_starboard = v.to_starboard,
                                 .epfd = 1,
                                 .month = eta.month,
                                 .day = eta.day,
                                 .hour = 12,
                                 .minute = 0,
                                 .draught = v.draught_dm,
                                 .destination = Text<20>(v.destination),
                                 .dte = false};
    } else if (v.sends_type19) {
      m.type = 19;
      m.body = ais::ClassBExtended{.speed = Tenths(v.sog, 102.2),
                                   .lon = Lon(v.pos.lon),
                                   .lat = Lat(v.pos.lat),
                                   .course = Tenths(v.cog, 359.9),
                                   .heading = ais::kHeadingNotAvailable,
                                   .second = static_cast<std::uint8_t>(t % 60),
                                   .shipname = Text<20>(NameAt(v, t)),
                                   .shiptype = v.shiptype,
                                   .to_bow = v.to_bow,
                                   .to_stern = v.to_stern,
                                   .to_port = v.to_port,
                                   .to_starboard = v.to_starboard,
                                   .epfd = 1,
                                   .dte = false};
    } else {
      m.type = 24;
      m.body = ais::StaticDataReport{.has_part_a = true,
                                     .has_part_b = true,
                                     .shipname = Text<20>(NameAt(v, t)),
                                     .shiptype = v.shiptype,
                                     .vendorid = Text<7>(v.vendor),
                                     .serial = v.mmsi % 1000000 & 0x3FFFF,
                                     .callsign = Text<7>(v.callsign),
                                     .to_bow = v.to_bow,
                                     .to_stern = v.to_stern,
                                     .to_port = v.to_port,
                                     .to_starboard = v.to_starboard};
      ++counters.by_type[24];  // two messages on the air: part A and part B
    }
    Emit(m, t, out);
  }

  void StartNextTransit(std::int64_t t) {
    int side = next_side;
    if (queue[static_cast<std::size_t>(side)].empty()) side = 1 - side;
    auto& q = queue[static_cast<std::size_t>(side)];
    if (!q.empty()) {
      const std::uint32_t index = q.front();
      q.pop_front();
      SimVessel& v = vessels[index];
      v.in_queue = false;
      Move(v, index, t);
      StartTransit(v);
      v.moved_at = t;
      ++counters.transits_started;
      next_side = 1 - side;
    }
    events.push({t + transit_interval, 0, kTransitSlot});
  }

  void AdvanceTo(std::int64_t until, std::string* out) {
    while (!events.empty() && events.top().t < until) {
      const QueuedEvent e = events.top();
      events.pop();
      if (e.kind == kTransitSlot) {
        StartNextTransit(e.t);
        continue;
      }
      SimVessel& v = vessels[e.index];
      if (v.mode == Mode::kScript) {
        LatLon pos;
        double sog = 0, cog = 0;
        std::int64_t next = 0;
        if (!ScriptAt(scripts[static_cast<std::size_t>(v.script)], e.t, &pos, &sog, &cog, &next)) {
          // Silent: speak again when the script does (statics just after the first position).
          if (next != INT64_MAX) events.push({next + (e.kind == kStatic ? 1 : 0), e.index, e.kind});
          continue;
        }
      }
      Move(v, e.index, e.t);
      if (e.kind == kPosition) {
        EmitPosition(v, e.t, out);
        events.push({e.t + NextPositionIn(v), e.index, kPosition});
      } else {
        EmitStatic(v, e.t, out);
        events.push({e.t + 360, e.index, kStatic});
      }
    }
    now = std::max(now, until);
  }
};

TrafficGenerator::TrafficGenerator(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
TrafficGenerator::~TrafficGenerator() = default;

core::Result<std::unique_ptr<TrafficGenerator>> TrafficGenerator::Create(TrafficOptions options) {
  if (options.vessels == 0 || options.vessels > 1'000'000) {
    return core::InvalidArgument(
        "vessels must be between 1 and 1000000, not " + std::to_string(options.vessels), "vessels");
  }
  if (!(options.daily_transits >= 0 && options.daily_transits <= 200)) {
    return core::InvalidArgument("daily transits must be between 0 and 200", "daily_transits");
  }
  if (options.station.find_first_of(",*\\!") != std::string::npos) {
    return core::InvalidArgument("the station name must not contain , * \\ or !", "station");
  }
  auto impl = std::make_unique<Impl>(std::move(options));
  impl->now = impl->options.start_unix;
  impl->Build();
  return std::unique_ptr<TrafficGenerator>(new TrafficGenerator(std::move(impl)));
}

void TrafficGenerator::AdvanceTo(std::int64_t until_unix, std::string* out) {
  impl_->AdvanceTo(until_unix, out);
}

std::int64_t TrafficGenerator::now() const { return impl_->now; }
const TrafficCounters& TrafficGenerator::counters() const { return impl_->counters; }

const std::vector<ScenarioLabel>& TrafficGenerator::Scenarios() const { return impl_->labels; }

namespace {

// Whether the event names one of the label's vessels (an encounter's pair in either order).
bool Involves(const DetectionEvent& event, const ScenarioLabel& label) {
  const auto labelled = [&](std::uint32_t mmsi) {
    return mmsi != 0 && (mmsi == label.mmsi || mmsi == label.partner);
  };
  return labelled(event.mmsi) || labelled(event.partner);
}

}  // namespace

bool MatchesLabel(const DetectionEvent& event, const ScenarioLabel& label, std::int64_t slack_s) {
  if (label.negative || event.kind != label.kind || !Involves(event, label)) return false;
  const std::int64_t from_us = (label.start_unix - slack_s) * 1'000'000;
  const std::int64_t to_us = (label.end_unix + slack_s) * 1'000'000;
  return event.start_us <= to_us && event.end_us >= from_us;
}

std::array<DetectorScore, kDetectionKinds> ScoreDetections(
    const std::vector<ScenarioLabel>& labels, const std::vector<DetectionEvent>& events) {
  std::array<DetectorScore, kDetectionKinds> scores{};
  for (const ScenarioLabel& label : labels) {
    DetectorScore& score = scores[static_cast<std::size_t>(label.kind)];
    bool found = false, fired = false;
    for (const DetectionEvent& e : events) {
      found = found || MatchesLabel(e, label);
      fired = fired || (label.negative && e.kind == label.kind && Involves(e, label));
    }
    if (label.negative) {
      if (fired) ++score.negatives_fired;
      continue;
    }
    ++score.labels;
    if (found) ++score.labels_found;
  }
  std::unordered_set<std::uint32_t> scenario_mmsis;
  for (const ScenarioLabel& label : labels) {
    scenario_mmsis.insert(label.mmsi);
    if (label.partner != 0) scenario_mmsis.insert(label.partner);
  }
  for (const DetectionEvent& e : events) {
    DetectorScore& score = scores[static_cast<std::size_t>(e.kind)];
    ++score.events;
    if (!scenario_mmsis.count(e.mmsi) && !scenario_mmsis.count(e.partner)) {
      ++score.background_events;
    }
    for (const ScenarioLabel& label : labels) {
      if (MatchesLabel(e, label)) {
        ++score.true_events;
        break;
      }
    }
  }
  return scores;
}

core::Result<ScenarioRun> EvaluateScenarios(TrafficOptions options, const DetectorConfig& config) {
  options.scenarios = true;
  const std::int64_t start = options.start_unix;
  ISTMO_ASSIGN_OR_RETURN(auto generator, TrafficGenerator::Create(std::move(options)));
  Detectors detectors(config, ZoneGeography(ZoneIndex::Build(BuiltinZones()), config));
  ais::Decoder decoder;
  ReportBuilder builder;
  IdentityTracker identity;
  ScenarioRun run;
  std::vector<DetectorReport> reports;
  std::string chunk;
  const std::int64_t end = start + static_cast<std::int64_t>(kScenarioHours * 3600) + 3600;
  for (std::int64_t t = start; t < end;) {
    t = std::min(end, t + 3600);
    chunk.clear();
    generator->AdvanceTo(t, &chunk);
    reports.clear();
    decoder.DecodeBuffer(chunk, [&](const ais::Message& m) {
      if (!m.envelope.time) return;
      const std::int64_t t_us = m.envelope.time->time_since_epoch().count();
      if (auto r = builder.Add(m, t_us)) reports.push_back(*r);
      identity.Add(m, t_us, run.events);
    });
    run.reports += reports.size();
    detectors.Add(std::span<const DetectorReport>(reports), run.events);
  }
  decoder.Finish();
  // No Detectors::Finish: a live feed never ends, so what is scored is what a live feed
  // reports (runs of silent vessels end on the stream's time, within the hour that follows).
  run.messages = decoder.stats().messages;
  run.bad_lines = decoder.stats().bad_total();
  run.labels = generator->Scenarios();
  run.scores = ScoreDetections(run.labels, run.events);
  return run;
}

std::vector<SimulatedStation> TrafficGenerator::Stations() const {
  std::vector<SimulatedStation> out;
  out.reserve(impl_->vessels.size());
  for (const SimVessel& v : impl_->vessels) {
    out.push_back({.mmsi = v.mmsi,
                   .role = v.role,
                   .phase = v.phase,
                   .class_b = v.class_b,
                   .lat = v.pos.lat,
                   .lon = v.pos.lon,
                   .sog_kn = v.sog,
                   .cog_deg = v.cog,
                   .name = v.name,
                   .shiptype = v.shiptype,
                   .length_m = static_cast<double>(v.to_bow + v.to_stern),
                   .beam_m = static_cast<double>(v.to_port + v.to_starboard)});
  }
  return out;
}

std::string_view TrafficRoleName(TrafficRole role) {
  switch (role) {
    case TrafficRole::kCanal:
      return "canal";
    case TrafficRole::kLane:
      return "lane";
    case TrafficRole::kFishing:
      return "fishing";
    case TrafficRole::kCoastal:
      return "coastal";
    case TrafficRole::kBaseStation:
      return "base_station";
    case TrafficRole::kAidToNavigation:
      return "aid_to_navigation";
    case TrafficRole::kSarAircraft:
      return "sar_aircraft";
  }
  return "unknown";
}

}  // namespace istmo::maritime

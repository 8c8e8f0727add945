// The synthetic canal world (canal/synthetic.h). Calibration figures carry their source key from
// ../shared/data/canal/SOURCES.md (C1, C7, P1, ...); every other share here is an assumption,
// named as one. The smuggling patterns follow published descriptions:
//  - rip-on/rip-off: Europol, Operation Ciconia Alba (2019): a legitimate container bound for
//    Europe is opened at the port of departure by a "rip-on" team, the seal replaced by a copy,
//    and emptied at arrival by corrupt workers; the UNODC–WCO Container Control Programme
//    (CCP) reports "contaminated" containers seized in Guayaquil, Callao and Santos;
//  - front companies and cover loads: Europol/Ecuadorian police (March 2025) on a cell that moved
//    cocaine "through different companies and frontmen"; the Spanish police's 9.5 t seizure in
//    bananas from an exporter in Machala (Operation Nano, 2023); fruit, fish, coffee and minerals
//    as the usual cover loads (EMCDDA–Europol, EU Drug Markets: Cocaine, 2022);
//  - routes: departures from Ecuador and Colombia, transshipment through Caribbean and Central
//    American hubs, destinations in Europe and the United States (same sources; GI-TOC, "The
//    cocaine pipeline to Europe", 2021);
//  - loading at sea onto the carrying vessel, seen as AIS gaps and encounters (the maritime
//    module's detectors);
//  - a consignee used again after a shipment that got through.
#include "canal/synthetic.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <numbers>
#include <random>
#include <string>
#include <unordered_set>
#include <utility>

#include "canal/codes.h"
#include "canal/parties.h"
#include "core/time.h"

namespace istmo::canal {

namespace {

// Our own distributions over mt19937_64, so a seed gives the same world with any library.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : engine_(seed) {}
  double Uniform() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }
  bool Chance(double p) { return Uniform() < p; }
  std::size_t Below(std::size_t n) { return static_cast<std::size_t>(Uniform() * n) % n; }
  double Between(double lo, double hi) { return lo + (hi - lo) * Uniform(); }
  double Normal() {
    const double u = std::max(Uniform(), 1e-300);
    return std::sqrt(-2 * std::log(u)) * std::cos(2 * std::numbers::pi * Uniform());
  }
  // exp(N(log(median), sigma)).
  double LogNormal(double median, double sigma) { return median * std::exp(sigma * Normal()); }
  double Exponential(double mean) { return -mean * std::log(std::max(1 - Uniform(), 1e-300)); }
  // Knuth's product of uniforms: exact, and fast enough for the small means used here.
  int Poisson(double mean) {
    if (mean <= 0) return 0;
    if (mean > 60)
      return std::max(0, static_cast<int>(std::lround(mean + std::sqrt(mean) * Normal())));
    const double limit = std::exp(-mean);
    int k = 0;
    for (double p = Uniform(); p > limit; p *= Uniform()) ++k;
    return k;
  }
  // An index drawn in proportion to `weights` (not all zero).
  std::size_t Weighted(const std::vector<double>& weights) {
    double total = 0;
    for (double w : weights) total += w;
    double x = Uniform() * total;
    for (std::size_t i = 0; i < weights.size(); ++i) {
      if (x < weights[i]) return i;
      x -= weights[i];
    }
    return weights.size() - 1;
  }
  template <class T>
  const T& Pick(const std::vector<T>& items) {
    return items[Below(items.size())];
  }

 private:
  std::mt19937_64 engine_;
};

// ---- Ports and goods ---------------------------------------------------------------------------

// Real UN/LOCODEs of ports on the liner services that cross the isthmus, by country.
struct CountryPorts {
  std::string_view country;
  std::vector<std::string_view> ports;
};
const std::vector<CountryPorts>& PortsByCountry() {
  static const std::vector<CountryPorts> kPorts = {
      {"EC", {"ECGYE", "ECGYE", "ECGYE", "ECPBO"}},  // Guayaquil (with Posorja) dominates
      {"CO", {"COBUN", "COCTG", "COSMR", "COBAQ", "COTRB"}},
      {"PE", {"PECLL", "PECLL", "PEPAI"}},
      {"CL", {"CLSAI", "CLVAP"}},
      {"US", {"USNYC", "USSAV", "USHOU", "USCHS", "USORF", "USPEF", "USMIA", "USPHL"}},
      {"NL", {"NLRTM"}},
      {"BE", {"BEANR"}},
      {"DE", {"DEHAM", "DEBRV"}},
      {"ES", {"ESALG", "ESVLC"}},
      {"GB", {"GBFXT"}},
      {"FR", {"FRLEH"}},
      {"SE", {"SEHEL"}},
      {"CN", {"CNSHA", "CNNGB", "CNYTN"}},
      {"KR", {"KRPUS"}},
      {"TW", {"TWKHH"}},
      {"JP", {"JPYOK"}},
      {"VN", {"VNSGN"}},
      {"MX", {"MXZLO", "MXLZC"}},
      {"JM", {"JMKIN"}},
      {"DO", {"DOCAU"}},
      {"GT", {"GTSTC"}},
      {"CR", {"CRLIO"}},
  };
  return kPorts;
}

std::string_view PortOf(Rng& rng, std::string_view country) {
  for (const auto& c : PortsByCountry()) {
    if (c.country == country) return rng.Pick(c.ports);
  }
  ISTMO_CHECK(false);
  return {};
}

// Caribbean and Central American transshipment hubs that a route may add besides Panama.
const std::vector<std::string_view> kCaribbeanHubs = {"JMKIN", "DOCAU", "COCTG", "BSFPO"};

struct Good {
  std::string_view hs;  // HS subheading
  double weight;        // share among the country's exports in these tables
  double usd_per_kg;    // typical declared value
  double kg;            // typical net weight in one container
  bool cover;           // a usual cover load (fruit, fish, coffee, minerals, cheap bulk)
};

// Goods by exporting country: order-of-magnitude shares and unit values (assumptions from the
// countries' well-known container exports; no published table was used).
const std::vector<Good>& GoodsOf(std::string_view country) {
  static const std::vector<Good> kEcuador = {
      {"080390", 0.45, 0.55, 20000, true},  // bananas
      {"030617", 0.20, 6.5, 21000, true},   // frozen shrimp
      {"180100", 0.08, 3.0, 22000, true},   // cocoa beans
      {"060311", 0.06, 5.0, 9000, true},    // roses
      {"160414", 0.08, 5.5, 20000, true},   // canned tuna
      {"440722", 0.05, 1.5, 16000, false},  // balsa wood
      {"090111", 0.03, 4.0, 19000, true},   // coffee, not roasted
      {"081090", 0.05, 1.8, 18000, true},   // other fresh fruit
  };
  static const std::vector<Good> kColombia = {
      {"090111", 0.25, 4.5, 19000, true},  {"080390", 0.20, 0.55, 20000, true},
      {"060311", 0.05, 5.0, 9000, true},   {"080440", 0.10, 2.2, 20000, true},   // avocados
      {"170199", 0.08, 0.5, 25000, true},  {"151190", 0.05, 0.9, 22000, false},  // palm oil
      {"690721", 0.06, 0.6, 24000, true},                                        // ceramic tiles
      {"392020", 0.06, 2.5, 18000, false}, {"610910", 0.05, 12, 6000, false},
      {"210111", 0.05, 9.0, 15000, true},  // coffee extracts
      {"440290", 0.05, 0.4, 14000, true},  // charcoal
  };
  static const std::vector<Good> kPeru = {
      {"260300", 0.20, 2.8, 24000, true},  // copper ores
      {"260800", 0.10, 1.2, 24000, true},  // zinc ores
      {"080440", 0.15, 2.2, 20000, true}, {"080610", 0.10, 2.2, 18000, true},
      {"081040", 0.10, 6.0, 15000, true},                                      // blueberries
      {"070920", 0.05, 3.0, 14000, true},                                      // asparagus
      {"230120", 0.10, 1.6, 22000, true},                                      // fishmeal
      {"090111", 0.10, 4.0, 19000, true}, {"080450", 0.10, 1.3, 19000, true},  // mangoes
  };
  static const std::vector<Good> kChile = {
      {"740311", 0.20, 8.5, 25000, false}, {"220421", 0.15, 3.5, 20000, false},
      {"080610", 0.10, 2.2, 18000, true},  {"080929", 0.10, 7.0, 14000, true},  // cherries
      {"030441", 0.15, 10, 20000, true},                                        // salmon fillets
      {"470321", 0.15, 0.7, 24000, false}, {"440711", 0.15, 0.35, 22000, false},
  };
  static const std::vector<Good> kAsia = {
      {"847130", 0.10, 40, 6000, false},   {"852872", 0.10, 12, 9000, false},
      {"940360", 0.15, 3.0, 9000, false},  {"610910", 0.10, 12, 7000, false},
      {"870899", 0.15, 9.0, 14000, false}, {"392690", 0.15, 5.0, 10000, false},
      {"730890", 0.10, 2.0, 20000, false}, {"950300", 0.10, 8.0, 7000, false},
      {"640299", 0.05, 15, 6000, false},
  };
  static const std::vector<Good> kUnitedStates = {
      {"020714", 0.15, 2.2, 24000, false}, {"390110", 0.20, 1.3, 24000, false},
      {"470321", 0.10, 0.7, 24000, false}, {"470710", 0.10, 0.2, 22000, false},
      {"520100", 0.10, 1.8, 22000, false}, {"847989", 0.10, 25, 8000, false},
      {"300490", 0.05, 80, 5000, false},   {"080810", 0.05, 1.3, 19000, true},
      {"481910", 0.15, 1.5, 12000, false},
  };
  static const std::vector<Good> kEurope = {
      {"847989", 0.20, 25, 8000, false},   {"300490", 0.10, 80, 5000, false},
      {"220421", 0.10, 3.5, 20000, false}, {"150910", 0.10, 5.0, 19000, false},
      {"870899", 0.15, 9.0, 14000, false}, {"382499", 0.15, 4.0, 18000, false},
      {"110710", 0.10, 0.6, 24000, false}, {"481019", 0.10, 1.1, 22000, false},
  };
  static const std::vector<Good> kCaribbean = {
      {"080390", 0.25, 0.55, 20000, true}, {"080430", 0.20, 0.7, 20000, true},  // pineapples
      {"090111", 0.15, 4.0, 19000, true},  {"170199", 0.15, 0.5, 25000, true},
      {"240210", 0.05, 30, 4000, false},   {"901839", 0.10, 60, 4000, false},
      {"220840", 0.10, 6.0, 16000, false},
  };
  static const std::vector<Good> kMexico = {
      {"080440", 0.30, 2.2, 20000, true},
      {"870899", 0.40, 9.0, 14000, false},
      {"852872", 0.30, 12, 9000, false},
  };
  if (country == "EC") return kEcuador;
  if (country == "CO") return kColombia;
  if (country == "PE") return kPeru;
  if (country == "CL") return kChile;
  if (country == "US") return kUnitedStates;
  if (country == "MX") return kMexico;
  if (country == "JM" || country == "DO" || country == "GT" || country == "CR") return kCaribbean;
  if (country == "CN" || country == "KR" || country == "TW" || country == "JP" || country == "VN") {
    return kAsia;
  }
  return kEurope;
}

bool IsPerishable(std::string_view hs) {
  return hs.substr(0, 2) == "03" || hs.substr(0, 2) == "06" || hs.substr(0, 2) == "07" ||
         hs.substr(0, 2) == "08";
}

// ---- Services -----------------------------------------------------------------------------------

// A liner service: the countries on its Pacific side and on its Atlantic side, with weights.
// Northbound transits (Pacific to Atlantic, ACP's usage) carry Pacific-side exports.
struct Side {
  std::vector<std::string_view> countries;
  std::vector<double> weights;
};
struct Service {
  std::string_view name;
  double share;  // of container ships (assumption)
  Side pacific, atlantic;
};
const std::vector<Service>& Services() {
  static const Side kWcsa{{"EC", "PE", "CL", "CO"}, {0.40, 0.25, 0.20, 0.15}};
  static const Side kUsec{{"US"}, {1}};
  static const Side kEurope{{"NL", "BE", "DE", "ES", "GB", "FR", "SE"},
                            {0.25, 0.25, 0.15, 0.15, 0.08, 0.07, 0.05}};
  static const Side kAsia{{"CN", "KR", "TW", "JP", "VN"}, {0.55, 0.15, 0.10, 0.10, 0.10}};
  static const Side kPacificNorth{{"MX", "EC", "PE", "CL"}, {0.4, 0.25, 0.2, 0.15}};
  static const Side kCaribbean{{"CO", "JM", "DO", "GT", "CR"}, {0.45, 0.15, 0.15, 0.1, 0.15}};
  static const std::vector<Service> kServices = {
      {"asia_usec", 0.40, kAsia, kUsec},
      {"wcsa_usec", 0.20, kWcsa, kUsec},
      {"wcsa_europe", 0.20, kWcsa, kEurope},
      {"pacific_caribbean", 0.20, kPacificNorth, kCaribbean},
  };
  return kServices;
}

std::string_view PickCountry(Rng& rng, const Side& side) {
  return side.countries[rng.Weighted(side.weights)];
}

// ---- Names --------------------------------------------------------------------------------------

const std::vector<std::string_view> kPlaceWords = {
    "del Pacífico", "San Lucas",   "Los Andes",    "Santa Rosa",   "El Oro",       "La Esperanza",
    "del Litoral",  "Río Verde",   "Costa Azul",   "Las Palmas",   "San Miguel",   "El Guabo",
    "Tres Ríos",    "La Victoria", "Monte Alto",   "Puerto Nuevo", "Valle Dorado", "San Rafael",
    "Sol Naciente", "Buena Vista", "Cerro Alegre", "Dos Mares",    "La Fortuna",   "Nueva Era"};
const std::vector<std::string_view> kExporterWords = {
    "Exportadora", "Agrícola",       "Comercializadora", "Frutas",        "Bananera", "Camaronera",
    "Inversiones", "Agroindustrial", "Productos",        "Distribuidora", "Minera",   "Cafetera"};
const std::vector<std::string_view> kEnglishWords = {
    "Harbor",   "Summit",     "Evergreen", "Blue Ridge", "Northstar", "Keystone", "Golden Gate",
    "Lakeside", "Pioneer",    "Atlas",     "Meridian",   "Crescent",  "Liberty",  "Redwood",
    "Bayview",  "Silverline", "Oakmont",   "Horizon",    "Westbrook", "Granite"};
const std::vector<std::string_view> kTradeWords = {"Imports",      "Produce",   "Foods", "Trading",
                                                   "Distribution", "Logistics", "Supply"};
const std::vector<std::string_view> kVesselWords = {
    "PACIFIC TRADER", "CORAL BAY",          "ATLANTIC DAWN",   "ISTHMUS STAR",  "NORDIC WAVE",
    "SILVER TIDE",    "OCEAN PEARL",        "CAPE ESPERANZA",  "SEA HARMONY",   "GULF PIONEER",
    "BLUE MERIDIAN",  "SOUTHERN CROSS",     "EASTERN PROMISE", "GOLDEN CONDOR", "ANDES BRIDGE",
    "CARIB BREEZE",   "POLAR LIGHT",        "IRON MONARCH",    "MISTRAL",       "ALBATROSS",
    "SANTA LUCIA",    "RIO NEGRO",          "PORT AURORA",     "GRAND VOYAGER", "LIBERTY SPIRIT",
    "STELLA MARIS",   "VALPARAISO EXPRESS", "GUAYAS",          "MAGDALENA",     "HUMBOLDT",
    "TIERRA FIRME",   "NUEVA GRANADA"};

// The legal form a company of `country` writes after its name.
std::string_view LegalForm(Rng& rng, std::string_view country) {
  if (country == "EC" || country == "CO" || country == "PE" || country == "CL" || country == "MX" ||
      country == "GT" || country == "CR" || country == "DO" || country == "ES") {
    static const std::vector<std::string_view> kForms = {"S.A.", "S.A.", "S.A.S.", "LTDA"};
    return rng.Pick(kForms);
  }
  if (country == "US" || country == "JM") {
    static const std::vector<std::string_view> kForms = {"LLC", "Inc.", "Corp."};
    return rng.Pick(kForms);
  }
  if (country == "NL" || country == "BE") return "B.V.";
  if (country == "DE") return "GmbH";
  if (country == "GB") return "Ltd";
  return "Co., Ltd.";
}

bool SpanishSpeaking(std::string_view country) {
  return country == "EC" || country == "CO" || country == "PE" || country == "CL" ||
         country == "MX" || country == "GT" || country == "CR" || country == "DO" ||
         country == "ES";
}

const std::vector<std::string_view> kSurnames = {
    "Mendoza",   "Ortiz",    "Quintero", "Salazar", "Vélez",    "Cedeño",   "Zambrano",
    "Andrade",   "Castillo", "Restrepo", "Paredes", "Villacís", "Hartmann", "Okafor",
    "Lindqvist", "Brennan",  "Navarro",  "Ibáñez",  "Carvajal", "Montoya"};

// A company name; `extra` words of family names make it distinct when the short form is taken.
std::string CompanyName(Rng& rng, std::string_view country, bool exporter, int extra) {
  std::string name;
  if (SpanishSpeaking(country)) {
    name = std::string(exporter ? rng.Pick(kExporterWords) : std::string_view("Importadora")) +
           " " + std::string(rng.Pick(kPlaceWords));
  } else {
    name = std::string(rng.Pick(kEnglishWords)) + " " + std::string(rng.Pick(kTradeWords));
  }
  for (int i = 0; i < extra; ++i) name.append(" ").append(rng.Pick(kSurnames));
  return name.append(" ").append(LegalForm(rng, country));
}

// A spelling of `name` as another clerk would type it: upper case, accents dropped, punctuation
// of the legal form lost. canal::PartyKey maps every variant to the name's key.
std::string Variant(Rng& rng, const std::string& name) {
  std::string out;
  const bool upper = rng.Chance(0.5);
  const bool fold = rng.Chance(0.6);
  const bool no_dots = rng.Chance(0.5);
  for (std::size_t i = 0; i < name.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(name[i]);
    if (fold && c == 0xC3 && i + 1 < name.size()) {
      static const std::string_view kFrom = "\xA1\xA9\xAD\xB3\xBA\xB1";  // á é í ó ú ñ
      static const std::string_view kTo = "aeioun";
      const std::size_t at = kFrom.find(name[i + 1]);
      if (at != std::string_view::npos) {
        out += upper ? static_cast<char>(kTo[at] - 32) : kTo[at];
        ++i;
        continue;
      }
    }
    if (no_dots && (c == '.' || c == ',')) continue;
    out += upper && c < 0x80 ? static_cast<char>(std::toupper(c)) : static_cast<char>(c);
  }
  if (upper && !fold) {
    // Upper-case the accented letters too (UTF-8 Latin-1 supplement: minus 0x20 on the 2nd byte).
    for (std::size_t i = 0; i + 1 < out.size(); ++i) {
      if (static_cast<unsigned char>(out[i]) == 0xC3) {
        const unsigned char n = static_cast<unsigned char>(out[i + 1]);
        if (n >= 0xA0 && n <= 0xBE) out[i + 1] = static_cast<char>(n - 0x20);
      }
    }
  }
  return out;
}

std::string Spelling(Rng& rng, const std::string& name) {
  return rng.Chance(0.7) ? name : Variant(rng, name);
}

// ---- Identifiers --------------------------------------------------------------------------------

std::string ImoWithCheckDigit(int first_six) {
  std::string digits = std::to_string(first_six);
  int sum = 0;
  for (int i = 0; i < 6; ++i) sum += (digits[static_cast<std::size_t>(i)] - '0') * (7 - i);
  return digits + static_cast<char>('0' + sum % 10);
}

// Flags of the fleet with maritime identification digits (ITU MID table) and an assumed share of
// the ships crossing the canal (the big open registries first).
struct Flag {
  std::string_view alpha2;
  int mid;
  double share;
};
const std::vector<Flag> kFlags = {
    {"PA", 352, 0.18}, {"PA", 370, 0.05}, {"LR", 636, 0.18}, {"MH", 538, 0.13}, {"HK", 477, 0.09},
    {"SG", 563, 0.08}, {"MT", 248, 0.06}, {"BS", 311, 0.04}, {"GR", 240, 0.04}, {"CY", 209, 0.03},
    {"PT", 255, 0.04}, {"DK", 219, 0.03}, {"GB", 232, 0.02}, {"NO", 257, 0.03}};

// Owner codes of container numbers (3 letters + U): invented, not those of real owners.
const std::vector<std::string_view> kOwnerCodes = {"IST", "PCF", "AND", "CRB", "NRT", "ATL",
                                                   "MRD", "SLV", "GLD", "TDE", "BRZ", "CND"};

std::string ContainerNumberFor(Rng& rng) {
  char serial[8];
  std::snprintf(serial, sizeof serial, "%06d", static_cast<int>(rng.Below(1000000)));
  std::string first_ten = std::string(rng.Pick(kOwnerCodes)) + "U" + serial;
  return first_ten + static_cast<char>('0' + *Iso6346CheckDigit(first_ten));
}

std::string Digits(Rng& rng, int n) {
  std::string s;
  for (int i = 0; i < n; ++i) s += static_cast<char>('0' + rng.Below(10));
  return s;
}

// ---- Parties ------------------------------------------------------------------------------------

struct Company {
  std::string name;
  std::string address;
  std::string country;
  std::vector<std::size_t> goods;  // indices into GoodsOf(country) (exporters)
  std::vector<std::size_t> usual_consignees;
};

struct Parties {
  std::vector<Company> companies;
  std::unordered_set<std::string> keys;  // PartyKey of every company's name
  // Exporters and importers per country: indices into companies, with Zipf-like weights so a
  // few large companies ship most of the containers.
  std::vector<std::pair<std::string, std::vector<std::size_t>>> exporters, importers;

  std::vector<std::size_t>& Pool(bool exporter, std::string_view country) {
    auto& pools = exporter ? exporters : importers;
    for (auto& [c, pool] : pools) {
      if (c == country) return pool;
    }
    pools.emplace_back(std::string(country), std::vector<std::size_t>{});
    return pools.back().second;
  }

  std::size_t Add(Rng& rng, std::string_view country, bool exporter) {
    Company c;
    // Every company is a different party (canal::PartyKey), or history would mix them.
    for (int attempt = 0;; ++attempt) {
      c.name = CompanyName(rng, country, exporter, attempt / 4);
      if (keys.insert(PartyKey(c.name)).second) break;
    }
    c.address = (SpanishSpeaking(country) ? "Av. " : "") + std::string(rng.Pick(kPlaceWords)) +
                " " + std::to_string(1 + rng.Below(900)) + ", " + std::string(country);
    c.country = std::string(country);
    if (exporter) {
      const auto& goods = GoodsOf(country);
      std::vector<double> weights;
      for (const auto& g : goods) weights.push_back(g.weight);
      c.goods.push_back(rng.Weighted(weights));
      if (rng.Chance(0.4)) c.goods.push_back(rng.Weighted(weights));
    }
    companies.push_back(std::move(c));
    return companies.size() - 1;
  }

  // An established company of the country: rank r of a pool of 40 drawn with weight 1/(r+1).
  std::size_t Established(Rng& rng, std::string_view country, bool exporter) {
    auto& pool = Pool(exporter, country);
    while (pool.size() < 40) {
      const std::size_t id = Add(rng, country, exporter);
      pool.push_back(id);
    }
    static const std::vector<double> kZipf = [] {
      std::vector<double> w;
      for (int r = 0; r < 40; ++r) w.push_back(1.0 / (r + 1));
      return w;
    }();
    return pool[rng.Weighted(kZipf)];
  }
};

// ---- The world ----------------------------------------------------------------------------------

constexpr double kNeopanamaxShare = 2852.0 / (7084.0 + 2852.0);  // FY2024 locks (C1)

// FY2017 shares of canal cargo by segment (C7: 143, 105, 79 and 47 of 403.8 M PC/UMS tons),
// taken as the shares of transits; the rest is general cargo and others.
struct Segment {
  std::string_view name;
  double share;
};
const std::vector<Segment> kSegments = {{"container", 143 / 403.8},
                                        {"tanker", 105 / 403.8},
                                        {"dry_bulk", 79 / 403.8},
                                        {"vehicle_carrier", 47 / 403.8},
                                        {"general_cargo", 1 - (143 + 105 + 79 + 47) / 403.8}};

// Shares of the positives by pattern (assumed; docs/canal.md gives the same table).
struct PatternShare {
  SmugglingPattern pattern;
  double share;
};
const std::vector<PatternShare> kPatternShares = {{SmugglingPattern::kRipOnRipOff, 0.40},
                                                  {SmugglingPattern::kFrontCompany, 0.22},
                                                  {SmugglingPattern::kAtSeaLoading, 0.12},
                                                  {SmugglingPattern::kRepeatConsignee, 0.08},
                                                  {SmugglingPattern::kUnstructured, 0.18}};

// Share of container ships on services that call in source countries whose crews load at sea.
constexpr double kAtSeaVesselShare = 0.05;

VesselBehaviour Behaviour(Rng& rng, const SyntheticVessel& v) {
  VesselBehaviour b;
  double gap_mean = 0.7, encounter_mean = 0.15, loiter_mean = 0.3, hours_mean = 5;
  if (v.loads_at_sea) {
    gap_mean = 3.5, encounter_mean = 1.5, loiter_mean = 1.0, hours_mean = 9;
  } else if (rng.Chance(0.05)) {
    // Honest ships that look the same: coverage holes, bunkering and waiting at anchor.
    gap_mean = 3, encounter_mean = 1.0, loiter_mean = 1.0, hours_mean = 7;
  }
  b.gaps = rng.Poisson(gap_mean);
  for (int i = 0; i < b.gaps; ++i) b.dark_hours += rng.Exponential(hours_mean);
  b.dark_hours = std::round(b.dark_hours * 10) / 10;
  b.encounters = rng.Poisson(encounter_mean);
  b.loitering = rng.Poisson(loiter_mean);
  b.alerts = rng.Poisson(0.1 + 0.3 * b.encounters + 0.1 * b.gaps);
  double calls = 0.3;
  if (v.service == "wcsa_usec" || v.service == "wcsa_europe") calls = 2.0;
  if (v.service == "pacific_caribbean") calls = 2.5;
  if (v.service == "asia_usec") calls = 0.05;
  b.source_port_calls = rng.Poisson(calls);
  return b;
}

std::vector<SyntheticVessel> MakeFleet(Rng& rng, int fleet) {
  std::vector<SyntheticVessel> vessels;
  std::vector<double> segment_weights, flag_weights, service_weights;
  for (const auto& s : kSegments) segment_weights.push_back(s.share);
  for (const auto& f : kFlags) flag_weights.push_back(f.share);
  for (const auto& s : Services()) service_weights.push_back(s.share);
  for (int i = 0; i < fleet; ++i) {
    SyntheticVessel v;
    // IMO numbers of ships built since the 1990s start with 9; distinct by construction.
    v.imo = ImoWithCheckDigit(900000 + (i * 7919) % 100000);
    const Flag& flag = kFlags[rng.Weighted(flag_weights)];
    v.flag = std::string(flag.alpha2);
    v.mmsi = std::to_string(flag.mid) + Digits(rng, 6);
    v.segment = std::string(kSegments[rng.Weighted(segment_weights)].name);
    v.name = std::string(rng.Pick(kVesselWords));
    if (rng.Chance(0.7)) v.name += " " + std::to_string(1 + rng.Below(30));
    v.lock_set = rng.Chance(kNeopanamaxShare) ? "neopanamax" : "panamax";
    if (v.segment == "container") {
      v.service = std::string(Services()[rng.Weighted(service_weights)].name);
      v.loads_at_sea = v.service != "asia_usec" && rng.Chance(kAtSeaVesselShare);
    }
    v.behaviour = Behaviour(rng, v);
    vessels.push_back(std::move(v));
  }
  return vessels;
}

const Service& ServiceNamed(std::string_view name) {
  for (const auto& s : Services()) {
    if (s.name == name) return s;
  }
  ISTMO_CHECK(false);
  return Services().front();
}

std::string CountryOf(std::string_view locode) { return std::string(locode.substr(0, 2)); }

struct Generator {
  const SyntheticOptions& options;
  Rng rng;
  Parties parties;
  SyntheticWorld world;
  std::vector<double> terminal_weights;
  std::int64_t bl_counter = 0;

  explicit Generator(const SyntheticOptions& o) : options(o), rng(o.seed) {
    for (const auto& t : ContainerTerminals()) terminal_weights.push_back(t.teu_2023);
  }

  void Declare(ManifestLine& line, const Good& good, double value_factor) {
    line.hs_code = std::string(good.hs);
    line.weight_kg = std::round(std::min(29500.0, good.kg * rng.Between(0.85, 1.15)) * 10) / 10;
    if (rng.Chance(0.12)) {
      line.declared_value.reset();
      line.currency.clear();
      return;
    }
    const double per_kg = good.usd_per_kg * rng.LogNormal(1, 0.3) * value_factor;
    line.declared_value = std::round(line.weight_kg * per_kg);
    line.currency = "USD";
  }

  // An ordinary line from `origin` to `destination` country on transit `t`.
  SyntheticContainer Ordinary(std::size_t t, std::string_view origin,
                              std::string_view destination) {
    const SyntheticTransit& transit = world.transits[t];
    SyntheticContainer c;
    c.transit = t;
    c.day = transit.day;
    c.terminal = std::string(ContainerTerminals()[rng.Weighted(terminal_weights)].locode);
    ManifestLine& l = c.line;
    l.container_number = ContainerNumberFor(rng);
    l.port_of_loading = std::string(PortOf(rng, origin));
    l.port_of_discharge = std::string(PortOf(rng, destination));
    // Transshipment: the Panamanian terminal, and for a quarter of the lines a Caribbean hub too.
    if (rng.Chance(0.25)) {
      const std::string hub(rng.Pick(kCaribbeanHubs));
      if (hub != l.port_of_loading && hub != l.port_of_discharge) {
        l.transshipment_ports.push_back(hub);
      }
    }
    l.transshipment_ports.insert(l.transshipment_ports.begin(), c.terminal);
    // Shippers: established exporters, and 2 % brand-new ones (a legitimate new business).
    std::size_t shipper = 0;
    if (rng.Chance(0.02)) {
      shipper = parties.Add(rng, origin, true);
    } else {
      shipper = parties.Established(rng, origin, true);
    }
    // Indices, not references: Established() may grow the companies.
    std::size_t consignee = 0;
    const auto& usual = parties.companies[shipper].usual_consignees;
    if (!usual.empty() && rng.Chance(0.7)) {
      consignee = rng.Pick(usual);
      if (parties.companies[consignee].country != destination) {
        consignee = parties.Established(rng, destination, false);
      }
    } else {
      consignee = parties.Established(rng, destination, false);
      auto& list = parties.companies[shipper].usual_consignees;
      if (list.size() < 6) list.push_back(consignee);
    }
    const Company& s = parties.companies[shipper];
    const Company& k = parties.companies[consignee];
    l.shipper = {Spelling(rng, s.name), rng.Chance(0.8) ? s.address : ""};
    l.consignee = {Spelling(rng, k.name), rng.Chance(0.8) ? k.address : ""};
    if (rng.Chance(0.5)) l.notify = Party{k.name, ""};
    const auto& goods = GoodsOf(origin);
    const Good& good = goods[rng.Pick(s.goods)];
    // 8 % of honest lines declare a value far off the usual (errors, undervaluation for duty).
    double factor = 1;
    if (rng.Chance(0.08)) factor = rng.Chance(0.6) ? rng.Between(0.15, 0.45) : rng.Between(2, 5);
    Declare(l, good, factor);
    const double seals = rng.Uniform();
    const std::string seal_prefix = std::string(origin) + Digits(rng, 8);
    if (seals < 0.98) l.seals.push_back(seal_prefix);
    if (seals < 0.13) l.seals.push_back(std::string(origin) + Digits(rng, 8));
    l.bill_of_lading = "ISTM" + std::to_string(1000000000 + ++bl_counter);
    l.vessel_imo = world.vessels[transit.vessel].imo;
    l.voyage = transit.line.slot.substr(0, 1) + std::to_string(100 + t % 900);
    return c;
  }

  void Transits() {
    const auto start = core::ParseDate(options.first_day);
    const std::chrono::sys_days day0 = *start;
    std::vector<std::size_t> container_ships;
    for (std::size_t i = 0; i < world.vessels.size(); ++i) {
      if (world.vessels[i].segment == "container") container_ships.push_back(i);
    }
    for (int d = 0; d < options.days; ++d) {
      const std::string date = core::FormatDate(core::Timestamp(day0 + std::chrono::days(d)));
      const int n = std::min<int>(rng.Poisson(options.transits_per_day),
                                  static_cast<int>(world.vessels.size()));
      std::vector<std::size_t> today;
      int north = 0, south = 0;
      while (static_cast<int>(today.size()) < n) {
        const std::size_t v = rng.Below(world.vessels.size());
        if (std::find(today.begin(), today.end(), v) != today.end()) continue;
        today.push_back(v);
        SyntheticTransit t;
        t.vessel = v;
        t.day = d;
        const SyntheticVessel& vessel = world.vessels[v];
        const bool northbound = rng.Chance(0.5);
        char slot[16];
        std::snprintf(slot, sizeof slot, "%c%02d", northbound ? 'N' : 'S',
                      northbound ? ++north : ++south);
        t.line = {.transit_date = date,
                  .slot = slot,
                  .vessel_imo = vessel.imo,
                  .vessel_name = vessel.name,
                  .mmsi = vessel.mmsi,
                  .direction = northbound ? "northbound" : "southbound",
                  .lock_set = vessel.lock_set};
        world.transits.push_back(std::move(t));
        Containers(world.transits.size() - 1, northbound);
      }
    }
  }

  void Containers(std::size_t t, bool northbound) {
    SyntheticTransit& transit = world.transits[t];
    const SyntheticVessel& vessel = world.vessels[transit.vessel];
    transit.first_container = world.containers.size();
    if (vessel.segment != "container") {
      static const std::vector<std::string_view> kAny = {"USHOU", "CNSHA", "KRPUS", "PECLL",
                                                         "CLSAI", "JPYOK", "USNYC", "MXLZC"};
      transit.line.last_port = std::string(rng.Pick(kAny));
      transit.line.next_port = std::string(rng.Pick(kAny));
      return;
    }
    const Service& service = ServiceNamed(vessel.service);
    const Side& from = northbound ? service.pacific : service.atlantic;
    const Side& to = northbound ? service.atlantic : service.pacific;
    transit.line.last_port = std::string(PortOf(rng, PickCountry(rng, from)));
    transit.line.next_port = std::string(PortOf(rng, PickCountry(rng, to)));
    const double mean =
        options.containers_per_transit * (vessel.lock_set == "neopanamax" ? 1.6 : 1);
    const int n = std::max(1, static_cast<int>(std::lround(mean * rng.Between(0.5, 1.5))));
    for (int i = 0; i < n; ++i) {
      world.containers.push_back(Ordinary(t, PickCountry(rng, from), PickCountry(rng, to)));
    }
    transit.container_count = world.containers.size() - transit.first_container;
  }

  // ---- Positives: chosen after the traffic exists, by pattern, among the lines that fit it.

  // Draws `count` distinct negative lines with weights `weight(line index)`.
  template <class WeightFn>
  std::vector<std::size_t> Choose(std::size_t count, WeightFn weight) {
    std::vector<double> weights(world.containers.size());
    for (std::size_t i = 0; i < weights.size(); ++i) {
      weights[i] = world.containers[i].label.positive ? 0 : weight(i);
    }
    // Cumulative sums, then binary search: count draws over many lines stay cheap.
    std::vector<double> cumulative(weights.size());
    double total = 0;
    for (std::size_t i = 0; i < weights.size(); ++i) cumulative[i] = total += weights[i];
    std::vector<std::size_t> chosen;
    for (int attempts = 0; chosen.size() < count && total > 0 && attempts < 50 * (int)count + 50;
         ++attempts) {
      const double x = rng.Uniform() * total;
      const std::size_t i = static_cast<std::size_t>(
          std::upper_bound(cumulative.begin(), cumulative.end(), x) - cumulative.begin());
      if (i >= weights.size() || weights[i] == 0) continue;
      if (std::find(chosen.begin(), chosen.end(), i) != chosen.end()) continue;
      chosen.push_back(i);
    }
    return chosen;
  }

  void Label(std::size_t i, SmugglingPattern pattern, double kg_median, double tampered) {
    HiddenLabel& label = world.containers[i].label;
    label.positive = true;
    label.pattern = pattern;
    const std::string origin = CountryOf(world.containers[i].line.port_of_loading);
    label.drug = (origin == "JM" || origin == "CO") && rng.Chance(0.08) ? "cannabis" : "cocaine";
    label.kg = std::round(std::clamp(rng.LogNormal(kg_median, 0.7), 5.0, 5000.0));
    label.seal_tampered = rng.Chance(tampered);
  }

  bool FromSource(std::size_t i) const {
    return IsSourceCountry(CountryOf(world.containers[i].line.port_of_loading));
  }
  bool ToMarket(std::size_t i) const {
    const std::string to = CountryOf(world.containers[i].line.port_of_discharge);
    return to == "US" || to == "NL" || to == "BE" || to == "DE" || to == "ES" || to == "GB" ||
           to == "FR" || to == "SE";
  }
  bool ViaCaribbeanHub(std::size_t i) const {
    for (const auto& p : world.containers[i].line.transshipment_ports) {
      for (auto hub : kCaribbeanHubs) {
        if (p == hub) return true;
      }
    }
    return false;
  }

  // A front company: a new exporter in the source country, a new importer at the destination,
  // a cover load with an odd value, and up to three small earlier "test" shipments in its name.
  void FrontCompany(std::size_t i) {
    SyntheticContainer& c = world.containers[i];
    const std::string origin = CountryOf(c.line.port_of_loading);
    const std::string destination = CountryOf(c.line.port_of_discharge);
    const Company shipper = parties.companies[parties.Add(rng, origin, true)];
    const Company consignee = parties.companies[parties.Add(rng, destination, false)];
    std::vector<Good> covers;
    for (const auto& g : GoodsOf(origin)) {
      if (g.cover) covers.push_back(g);
    }
    const Good& good = covers.empty() ? GoodsOf(origin).front() : rng.Pick(covers);
    const double u = rng.Uniform();
    const double factor = u < 0.55 ? rng.Between(0.15, 0.5) : u < 0.75 ? rng.Between(2, 4) : 1;
    Declare(c.line, good, factor);
    c.line.shipper = {Spelling(rng, shipper.name), rng.Chance(0.5) ? shipper.address : ""};
    c.line.consignee = {Spelling(rng, consignee.name), rng.Chance(0.6) ? consignee.address : ""};
    c.line.notify.reset();
    const int tests = static_cast<int>(rng.Below(4));
    for (int k = 0, attempts = 0; k < tests && attempts < 40; ++attempts) {
      // An earlier negative line from the same country takes the front's names.
      const std::size_t j = rng.Below(i + 1);
      SyntheticContainer& e = world.containers[j];
      if (j == i || e.label.positive || e.day >= c.day ||
          CountryOf(e.line.port_of_loading) != origin) {
        continue;
      }
      e.line.shipper = {Spelling(rng, shipper.name), shipper.address};
      e.line.consignee = {Spelling(rng, consignee.name), ""};
      ++k;
    }
  }

  void Positives() {
    const std::size_t n = world.containers.size();
    const double expected = static_cast<double>(n) * options.positive_share;
    std::size_t total = static_cast<std::size_t>(expected);
    if (rng.Uniform() < expected - static_cast<double>(total)) ++total;
    std::vector<std::size_t> count;
    for (const auto& p : kPatternShares) {
      count.push_back(static_cast<std::size_t>(std::lround(p.share * static_cast<double>(total))));
    }
    // Rip-on/rip-off: mostly at the loading port in a source country, into perishable cargo
    // bound for Europe or the United States; else at a Caribbean hub or in Panama itself.
    for (std::size_t i : Choose(count[0], [&](std::size_t i) {
           double w = FromSource(i) ? 1.0 : ViaCaribbeanHub(i) ? 0.25 : 0.02;
           if (IsPerishable(world.containers[i].line.hs_code)) w *= 1.8;
           if (!ToMarket(i)) w *= 0.3;
           return w;
         })) {
      Label(i, SmugglingPattern::kRipOnRipOff, 60, 0.7);
    }
    for (std::size_t i : Choose(count[1], [&](std::size_t i) {
           return (FromSource(i) ? 1.0 : 0.1) * (ToMarket(i) ? 1.0 : 0.4);
         })) {
      FrontCompany(i);
      Label(i, SmugglingPattern::kFrontCompany, 600, 0.0);
    }
    for (std::size_t i : Choose(count[2], [&](std::size_t i) {
           return world.vessels[world.transits[world.containers[i].transit].vessel].loads_at_sea
                      ? 1.0
                      : 0.0;
         })) {
      Label(i, SmugglingPattern::kAtSeaLoading, 150, 0.4);
    }
    // The same consignee again, some weeks after a positive that no inspection found.
    std::vector<std::size_t> earlier;
    for (std::size_t i = 0; i < n; ++i) {
      if (world.containers[i].label.positive &&
          world.containers[i].label.pattern != SmugglingPattern::kAtSeaLoading) {
        earlier.push_back(i);
      }
    }
    for (std::size_t k = 0; k < count[3] && !earlier.empty(); ++k) {
      const SyntheticContainer& first = world.containers[rng.Pick(earlier)];
      const std::string destination = CountryOf(first.line.port_of_discharge);
      const auto later = Choose(1, [&](std::size_t i) {
        const auto& c = world.containers[i];
        return c.day > first.day + 7 && CountryOf(c.line.port_of_discharge) == destination
                   ? (FromSource(i) ? 1.0 : 0.3)
                   : 0.0;
      });
      if (later.empty()) continue;
      SyntheticContainer& c = world.containers[later[0]];
      c.line.consignee = {Spelling(rng, first.line.consignee.name), first.line.consignee.address};
      Label(later[0], SmugglingPattern::kRepeatConsignee, 400, 0.1);
    }
    for (std::size_t i : Choose(count[4], [](std::size_t) { return 1.0; })) {
      Label(i, SmugglingPattern::kUnstructured, 200, 0.15);
    }
  }
};

}  // namespace

std::string_view SmugglingPatternName(SmugglingPattern pattern) {
  switch (pattern) {
    case SmugglingPattern::kNone:
      return "none";
    case SmugglingPattern::kRipOnRipOff:
      return "rip_on_rip_off";
    case SmugglingPattern::kFrontCompany:
      return "front_company";
    case SmugglingPattern::kAtSeaLoading:
      return "at_sea_loading";
    case SmugglingPattern::kRepeatConsignee:
      return "repeat_consignee";
    case SmugglingPattern::kUnstructured:
      return "unstructured";
  }
  return "none";
}

const std::vector<TerminalShare>& ContainerTerminals() {
  // 2023 TEU by terminal, AMP via metrolibre.com (P1; ../shared/data/canal/port_teu.csv).
  static const std::vector<TerminalShare> kTerminals = {
      {"PAMIT", "Manzanillo International Terminal (MIT)", "MIT", 2622256},
      {"PABLB", "Panama Ports Company - Balboa", "Balboa", 2312553},
      {"PAONX", "Colón Container Terminal (CCT)", "CCT", 1358197},
      {"PAROD", "PSA Panama International Terminal (Rodman)", "PSA Rodman", 1057456},
      {"PACTB", "Panama Ports Company - Cristóbal", "Cristóbal", 888306},
  };
  return kTerminals;
}

bool IsSourceCountry(std::string_view alpha2) {
  return alpha2 == "CO" || alpha2 == "EC" || alpha2 == "PE" || alpha2 == "BO" || alpha2 == "VE";
}

core::Result<SyntheticWorld> GenerateSyntheticWorld(const SyntheticOptions& options) {
  auto day0 = core::ParseDate(options.first_day, "/first_day");
  if (!day0) return day0.error();
  if (options.days < 1 || options.days > 3660) {
    return core::InvalidArgument("days must be 1..3660", "/days");
  }
  if (!(options.transits_per_day > 0 && options.transits_per_day <= 200)) {
    return core::InvalidArgument("transits_per_day must be in (0, 200]", "/transits_per_day");
  }
  if (!(options.containers_per_transit >= 1 && options.containers_per_transit <= 5000)) {
    return core::InvalidArgument("containers_per_transit must be 1..5000",
                                 "/containers_per_transit");
  }
  if (!(options.positive_share >= 0 && options.positive_share <= 0.05)) {
    return core::InvalidArgument("positive_share must be 0..0.05", "/positive_share");
  }
  if (options.fleet < 50 || options.fleet > 100000) {
    return core::InvalidArgument("fleet must be 50..100000", "/fleet");
  }
  Generator g(options);
  g.world.vessels = MakeFleet(g.rng, options.fleet);
  g.Transits();
  g.Positives();
  return std::move(g.world);
}

}  // namespace istmo::canal

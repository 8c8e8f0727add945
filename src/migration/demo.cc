#include "migration/demo.h"

#include <chrono>
#include <cmath>
#include <map>
#include <numeric>
#include <random>

#include "core/id.h"
#include "migration/encounters.h"
#include "migration/internal/util.h"
#include "migration/repatriation.h"

namespace istmo::migration {

namespace {

using namespace std::chrono;

// Published (data/migration/SOURCES.md): the 2023 total, and Jan–Oct 2024 = Jan–Oct 2023 × 0.625.
constexpr std::int64_t k2023Total = 520'085;
constexpr double k2024Ratio = 1.0 - 0.375;

// Published single-month totals (../shared/data/migration/darien_monthly.csv, source keys in
// data/migration/SOURCES.md); 0 where no monthly figure was published.
constexpr std::int64_t kPublished2023[12] = {24'634, 24'657, 38'099, 40'297, 38'962, 29'722,
                                             0,      0,      0,      49'256, 37'231, 24'626};
constexpr std::int64_t kPublished2024[10] = {36'001, 37'165, 35'903, 29'259, 0, 0, 0, 16'603, 0, 0};

// Assumed monthly shape, used only for the months without a published figure: the rest of the
// year's total is split over them in these proportions (Jul–Sep 2023 peaking in August; a
// decline through 2024). The published months' entries are ignored.
constexpr double kShape2023[12] = {4.7, 4.2, 5.8, 7.2, 7.7, 5.7, 7.5, 15.7, 14.4, 12.0, 8.6, 6.5};
constexpr double kShape2024[10] = {12.2, 13.6, 13.1, 12.0, 11.2, 9.4, 8.2, 7.4, 6.9, 6.0};

// Splits `total` by `weights` with the largest-remainder method, so the parts sum exactly.
std::vector<std::int64_t> Apportion(std::int64_t total, const double* weights, int n) {
  const double sum = std::accumulate(weights, weights + n, 0.0);
  std::vector<std::int64_t> parts(n);
  std::vector<std::pair<double, int>> remainders;
  std::int64_t used = 0;
  for (int i = 0; i < n; ++i) {
    const double exact = static_cast<double>(total) * weights[i] / sum;
    parts[i] = static_cast<std::int64_t>(std::floor(exact));
    used += parts[i];
    remainders.emplace_back(exact - std::floor(exact), i);
  }
  std::sort(remainders.begin(), remainders.end(), std::greater<>());
  for (std::int64_t k = 0; k < total - used; ++k) ++parts[remainders[k].second];
  return parts;
}

// The published months as published; the rest of `total` split over the other months by
// `shape` (largest remainder, so the months sum to `total` exactly).
std::vector<std::int64_t> WithPublished(std::int64_t total, const std::int64_t* published,
                                        const double* shape, int n) {
  std::vector<double> weights(shape, shape + n);
  std::int64_t known = 0;
  for (int i = 0; i < n; ++i) {
    if (published[i] > 0) weights[i] = 0;
    known += published[i];
  }
  ISTMO_CHECK(known <= total);
  std::vector<std::int64_t> months = Apportion(total - known, weights.data(), n);
  for (int i = 0; i < n; ++i) months[i] += published[i];
  return months;
}

template <class T>
const T& Pick(std::mt19937_64& rng, const std::vector<T>& items) {
  return items[std::uniform_int_distribution<std::size_t>(0, items.size() - 1)(rng)];
}

// Synthetic names by language area; none is a real person's record.
struct NameSet {
  std::vector<std::string> female, male, surnames;
};

const NameSet& NamesFor(const std::string& nationality) {
  static const NameSet kSpanish{
      {"María", "Ana", "Luisa", "Carmen", "Daniela", "Valentina", "Gabriela", "Rosa", "Yuleisy",
       "Andreína", "Paola", "Camila"},
      {"José", "Luis", "Carlos", "Jesús", "Miguel", "Andrés", "Jhonny", "Wilmer", "Ángel",
       "Kevin", "Juan", "Édgar"},
      {"González", "Rodríguez", "Pérez", "Hernández", "García", "Martínez", "López", "Ramírez",
       "Torres", "Díaz", "Rojas", "Mendoza", "Castillo", "Quintero", "Vargas", "Suárez"}};
  static const NameSet kHaiti{{"Marie", "Nadège", "Fabienne", "Rose", "Guerline", "Mirlande"},
                              {"Jean", "Pierre", "Wilson", "Frantz", "Jocelyn", "Ricardo"},
                              {"Joseph", "Jean-Baptiste", "Pierre", "Louis", "Charles", "Saint-Fleur",
                               "Désir", "Augustin"}};
  static const NameSet kChina{{"Li Na", "Wang Fang", "Zhang Min", "Liu Yan", "Chen Jing"},
                              {"Wang Wei", "Li Qiang", "Zhang Lei", "Liu Yang", "Chen Hao"},
                              {"Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao"}};
  static const NameSet kOther{{"Aisha", "Fatima", "Priya", "Mariam", "Grace", "Linh"},
                              {"Mohammed", "Ahmad", "Rahul", "Ibrahima", "Samuel", "Minh"},
                              {"Khan", "Singh", "Diallo", "Ahmadi", "Nguyen", "Mensah", "Sharma"}};
  if (nationality == "HTI") return kHaiti;
  if (nationality == "CHN") return kChina;
  if (nationality == "VEN" || nationality == "ECU" || nationality == "COL" ||
      nationality == "PER" || nationality == "CHL" || nationality == "BRA") {
    return kSpanish;
  }
  return kOther;
}

const std::vector<Share>& SexShares() {
  static const std::vector<Share> kShares = {{"M", 0.57}, {"F", 0.425}, {"X", 0.005}};
  return kShares;
}

const std::vector<Share>& StationShares() {
  static const std::vector<Share> kShares = {{"ERM-LAJAS-BLANCAS", 0.50},
                                             {"ERM-SAN-VICENTE", 0.42},
                                             {"ERM-BAJO-CHIQUITO", 0.05},
                                             {"ERM-CANAAN-MEMBRILLO", 0.03}};
  return kShares;
}

constexpr double kMinorShare = 0.21;

std::string DateText(sys_days d) {
  const year_month_day ymd(d);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

// A version-4 UUID from the generator: synthetic person ids are reproducible for a seed and
// cost no system call (core::NewId reads getrandom(2) for each id).
std::string SyntheticPersonId(std::mt19937_64& rng) {
  const std::uint64_t hi = (rng() & 0xffffffffffff0fffULL) | 0x0000000000004000ULL;
  const std::uint64_t lo = (rng() & 0x3fffffffffffffffULL) | 0x8000000000000000ULL;
  char buf[40];
  std::snprintf(buf, sizeof buf, "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(hi >> 32),
                static_cast<unsigned>((hi >> 16) & 0xffff), static_cast<unsigned>(hi & 0xffff),
                static_cast<unsigned>(lo >> 48),
                static_cast<unsigned long long>(lo & 0xffffffffffffULL));
  return buf;
}

}  // namespace

const std::vector<MonthTarget>& DarienMonthlyTargets() {
  static const std::vector<MonthTarget> kTargets = [] {
    std::vector<MonthTarget> out;
    const auto y2023 = WithPublished(k2023Total, kPublished2023, kShape2023, 12);
    std::int64_t jan_oct_2023 = 0;
    for (int m = 0; m < 10; ++m) jan_oct_2023 += y2023[m];
    const auto y2024 = WithPublished(
        static_cast<std::int64_t>(std::llround(static_cast<double>(jan_oct_2023) * k2024Ratio)),
        kPublished2024, kShape2024, 10);
    for (int m = 0; m < 12; ++m) out.push_back({2023, static_cast<unsigned>(m + 1), y2023[m]});
    for (int m = 0; m < 10; ++m) out.push_back({2024, static_cast<unsigned>(m + 1), y2024[m]});
    return out;
  }();
  return kTargets;
}

const std::vector<Share>& DemoNationalityShares() {
  static const std::vector<Share> kShares = {
      {"VEN", 0.63},  {"ECU", 0.11},  {"HTI", 0.09},  {"COL", 0.05},  {"CHN", 0.045},
      {"CHL", 0.02},  {"PER", 0.01},  {"IND", 0.01},  {"AFG", 0.01},  {"BRA", 0.01},
      {"CMR", 0.005}, {"VNM", 0.005}, {"SEN", 0.005}};
  return kShares;
}

core::Result<DemoResult> GenerateDemoEncounters(store::Store& store, const store::AccessScope& scope,
                                                const DemoOptions& options, core::Timestamp now) {
  ISTMO_ASSIGN_OR_RETURN(const sys_days detail_from,
                         internal::ParseDate(options.detail_from, "detail_from"));
  ISTMO_ASSIGN_OR_RETURN(const sys_days detail_to, internal::ParseDate(options.detail_to, "detail_to"));
  ISTMO_ASSIGN_OR_RETURN(auto existing, store.Read<std::optional<store::Row>>([](store::Connection& c) {
    return c.QueryOne("SELECT 1 FROM migration_counts_month LIMIT 1");
  }));
  if (existing) return core::Conflict("the database already holds encounter counts");

  // Cells: station × nationality × sex × age group, weighted by the assumed shares.
  struct Cell {
    std::string station, nationality, sex;
    bool minor = false;
  };
  std::vector<Cell> cells;
  std::vector<double> weights;
  for (const Share& st : StationShares()) {
    for (const Share& nat : DemoNationalityShares()) {
      for (const Share& sx : SexShares()) {
        for (const bool minor : {false, true}) {
          cells.push_back({st.key, nat.key, sx.key, minor});
          weights.push_back(st.share * nat.share * sx.share * (minor ? kMinorShare : 1 - kMinorShare));
        }
      }
    }
  }

  std::mt19937_64 rng(options.seed);
  std::uniform_real_distribution<double> unit(0, 1);
  std::map<std::pair<std::string, std::size_t>, std::int64_t> months, weeks;  // (period, cell)
  std::vector<NewEncounter> rows;
  std::map<std::size_t, std::vector<std::size_t>> seen;  // cell -> indexes into rows (repeats)
  DemoResult result;

  for (const MonthTarget& t : DarienMonthlyTargets()) {
    const sys_days first = sys_days(year(t.year) / month(t.month) / 1);
    const int days_in_month = static_cast<int>(
        (sys_days((year(t.year) / month(t.month) + std::chrono::months(1)) / 1) - first).count());
    const auto per_cell = Apportion(t.encounters, weights.data(), static_cast<int>(cells.size()));
    for (std::size_t c = 0; c < cells.size(); ++c) {
      std::vector<std::int64_t> per_day(days_in_month, 0);
      for (std::int64_t k = 0; k < per_cell[c]; ++k) {
        ++per_day[std::uniform_int_distribution<int>(0, days_in_month - 1)(rng)];
      }
      for (int d = 0; d < days_in_month; ++d) {
        if (per_day[d] == 0) continue;
        const sys_days day = first + days(d);
        result.encounters += per_day[d];
        if (day < detail_from || day > detail_to) {
          months[{DateText(day).substr(0, 7), c}] += per_day[d];
          weeks[{DateText(day - days(weekday(day).iso_encoding() - 1)), c}] += per_day[d];
          continue;
        }
        // A registered day: full encounter rows, persons generated.
        const Cell& cell = cells[c];
        for (std::int64_t k = 0; k < per_day[d]; ++k) {
          NewEncounter e;
          // Panama civil time of the arrival, stored in UTC (+5 h).
          e.encountered_at = core::Timestamp(day) + hours(5) +
                             seconds(std::uniform_int_distribution<int>(0, 86'399)(rng));
          e.station_id = cell.station;
          e.nationality = cell.nationality;
          e.sex = cell.sex;
          e.releasability = options.releasability;
          auto& earlier = seen[c];
          if (!earlier.empty() && unit(rng) < options.repeat_share) {
            const NewEncounter& p = rows[earlier[std::uniform_int_distribution<std::size_t>(
                0, earlier.size() - 1)(rng)]];
            e.person_id = p.person_id;
            e.name = p.name;
            e.birth_date = p.birth_date;
            e.document_type = p.document_type;
            e.document_number = p.document_number;
          } else {
            e.person_id = SyntheticPersonId(rng);
            const NameSet& names = NamesFor(e.nationality);
            e.name = Pick(rng, e.sex == "F" ? names.female : names.male) + " " +
                     Pick(rng, names.surnames) + " " + Pick(rng, names.surnames);
            // Minors 1–16 years, adults 19–64, so that the age group holds on any day of the window.
            const int age_days = cell.minor
                                     ? std::uniform_int_distribution<int>(365, 16 * 365)(rng)
                                     : std::uniform_int_distribution<int>(19 * 365, 64 * 365)(rng);
            e.birth_date = DateText(day - days(age_days));
            if (unit(rng) < 0.6) {
              e.document_type = "passport";
              e.document_number = e.nationality.substr(0, 1) +
                                  std::to_string(std::uniform_int_distribution<std::int64_t>(
                                      10'000'000, 99'999'999)(rng));
            }
            earlier.push_back(rows.size());
          }
          rows.push_back(std::move(e));
        }
      }
    }
  }

  // The history as summary counts, with the assumed share of repeat crossers.
  const auto to_counts = [&](const auto& m) {
    std::vector<HistoryCount> out;
    out.reserve(m.size());
    for (const auto& [key, n] : m) {
      const Cell& cell = cells[key.second];
      out.push_back({.period = key.first,
                     .station_id = cell.station,
                     .nationality = cell.nationality,
                     .sex = cell.sex,
                     .minor = cell.minor,
                     .encounters = n,
                     .repeats = std::llround(static_cast<double>(n) * options.repeat_share)});
    }
    return out;
  };
  ISTMO_RETURN_IF_ERROR(store.Write([&](store::Connection& tx) -> core::Status {
    return AddHistoryCounts(tx, scope, options.releasability, to_counts(months), to_counts(weeks), now);
  }));
  if (options.progress) {
    options.progress(result.encounters - static_cast<std::int64_t>(rows.size()), result.encounters);
  }
  ISTMO_ASSIGN_OR_RETURN(result.encounter_rows, store.Write<std::int64_t>([&](store::Connection& tx) {
    return InsertEncounterBatch(tx, scope, rows, now);
  }));
  if (options.progress) options.progress(result.encounters, result.encounters);
  return result;
}

core::Result<DemoResult> LoadDemoRepatriation(store::Store& store, const store::AccessScope& scope,
                                              core::Timestamp now) {
  return store.Write<DemoResult>([&](store::Connection& tx) -> core::Result<DemoResult> {
    DemoResult out;
    ISTMO_ASSIGN_OR_RETURN(auto flown, tx.QueryOne("SELECT id FROM migration_flights WHERE "
                                                   "flight_date = '2024-08-20' LIMIT 1"));
    if (flown) return core::Conflict("the 2024-08-20 flight is already loaded");
    // Colombian adults encountered in the four weeks before the flight, one case per person.
    ISTMO_ASSIGN_OR_RETURN(
        auto colombians,
        tx.Query("SELECT MIN(id) FROM migration_encounters WHERE nationality = 'COL' AND minor = 0 "
                 "AND encountered_at >= '2024-07-20' AND encountered_at < '2024-08-17' "
                 "GROUP BY person_id ORDER BY MIN(encountered_at) LIMIT 29"));
    for (const auto& row : colombians) {
      ISTMO_ASSIGN_OR_RETURN(auto k, OpenCase(tx, scope,
                                              {.encounter_id = row.Text(0),
                                               .legal_basis = "none",
                                               .releasability = {"PAN", "USA"}},
                                              now));
      (void)k;
      ++out.cases;
    }
    // The 20 August 2024 flight: the demo gives it as many seats as cases found (29 reported).
    ISTMO_ASSIGN_OR_RETURN(Flight f, CreateFlight(tx, scope,
                                                  {.flight_date = "2024-08-20",
                                                   .destination_country = "COL",
                                                   .capacity = std::max<int>(1, static_cast<int>(out.cases)),
                                                   .releasability = {"PAN", "USA"}},
                                                  now));
    ISTMO_ASSIGN_OR_RETURN(f, BuildManifest(tx, scope, f.id, now));
    ISTMO_ASSIGN_OR_RETURN(f, SetFlightStatus(tx, scope, f.id, "departed", now));
    out.flight_id = f.id;
    // A few open cases with other legal bases, as a desk sees them after the flight.
    ISTMO_ASSIGN_OR_RETURN(
        auto later,
        tx.Query("SELECT MIN(id) FROM migration_encounters WHERE encountered_at >= '2024-08-12' "
                 "AND nationality <> 'COL' AND minor = 0 GROUP BY person_id "
                 "ORDER BY MIN(encountered_at) LIMIT 8"));
    const char* bases[] = {"none", "asylum_pending", "recognized", "other_status"};
    int i = 0;
    for (const auto& row : later) {
      auto k = OpenCase(tx, scope,
                        {.encounter_id = row.Text(0),
                         .legal_basis = bases[i++ % 4],
                         .releasability = {"PAN", "USA"}},
                        now);
      if (!k && k.error().code == core::ErrorCode::kConflict) continue;  // already has a case
      if (!k) return k.error();
      ++out.cases;
    }
    return out;
  });
}

}  // namespace istmo::migration

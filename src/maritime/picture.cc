#include "maritime/picture.h"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <mutex>

#include "maritime/mid.h"

namespace istmo::maritime {

IdentityRef::IdentityRef() {
  // Every vessel starts with the one empty identity; its first write copies it.
  static const auto* empty = new std::shared_ptr<VesselIdentity>(std::make_shared<VesselIdentity>());
  p_ = *empty;
}

VesselIdentity& IdentityRef::Mutable() {
  if (p_.use_count() != 1) {
    p_ = std::make_shared<VesselIdentity>(*p_);
  } else {
    // The last reader dropped its reference on another thread (a release decrement); the fence
    // orders its last reads before the writes that follow here.
    std::atomic_thread_fence(std::memory_order_acquire);
  }
  return *p_;
}

static_assert(sizeof(VesselState) == 56, "keep the per-station state compact (docs/maritime.md)");

namespace {

constexpr int kLonCells = static_cast<int>(360 / Picture::kCellDegrees);
constexpr int kLatCells = static_cast<int>(180 / Picture::kCellDegrees);

int LonCell(double lon) {
  return std::clamp(static_cast<int>(std::floor((lon + 180) / Picture::kCellDegrees)), 0,
                    kLonCells - 1);
}
int LatCell(double lat) {
  return std::clamp(static_cast<int>(std::floor((lat + 90) / Picture::kCellDegrees)), 0,
                    kLatCells - 1);
}

bool ContainsFolded(std::string_view hay, std::string_view needle) {
  if (needle.empty() || needle.size() > hay.size()) return false;
  return std::search(hay.begin(), hay.end(), needle.begin(), needle.end(), [](char a, char b) {
           return std::toupper(static_cast<unsigned char>(a)) ==
                  std::toupper(static_cast<unsigned char>(b));
         }) != hay.end();
}

bool Passes(const Vessel& v, const BoxQuery& q) {
  const VesselState& s = v.state;
  if (s.t_us < q.min_t_us) return false;
  if (!q.kinds.empty() && std::find(q.kinds.begin(), q.kinds.end(), s.kind) == q.kinds.end()) {
    return false;
  }
  if (!q.flag.empty()) {
    const FlagState* flag = MidTable::Default().FlagOf(s.mmsi);
    if (flag == nullptr || flag->iso2 != q.flag) return false;
  }
  if (q.min_speed_kn || q.max_speed_kn) {
    auto sog = ais::SpeedKnots(s.sog);
    if (!sog) return false;
    if (q.min_speed_kn && *sog < *q.min_speed_kn) return false;
    if (q.max_speed_kn && *sog > *q.max_speed_kn) return false;
  }
  const double lat = s.lat_deg(), lon = s.lon_deg();
  if (lat < q.south || lat > q.north) return false;
  if (q.west <= q.east) return lon >= q.west && lon <= q.east;
  return lon >= q.west || lon <= q.east;
}

// Nine digits, leading zeros kept: a base station 003669987 starts with "00366".
std::string MmsiText(std::uint32_t mmsi) {
  char text[16];
  std::snprintf(text, sizeof text, "%09u", mmsi);
  return text;
}

}  // namespace

std::string_view StationKindName(StationKind kind) {
  switch (kind) {
    case StationKind::kClassA:
      return "class_a";
    case StationKind::kClassB:
      return "class_b";
    case StationKind::kBaseStation:
      return "base_station";
    case StationKind::kAidToNavigation:
      return "aid_to_navigation";
    case StationKind::kSarAircraft:
      return "sar_aircraft";
    case StationKind::kUnknown:
      break;
  }
  return "unknown";
}

std::optional<StationKind> ParseStationKind(std::string_view name) {
  for (auto k :
       {StationKind::kUnknown, StationKind::kClassA, StationKind::kClassB,
        StationKind::kBaseStation, StationKind::kAidToNavigation, StationKind::kSarAircraft}) {
    if (StationKindName(k) == name) return k;
  }
  return std::nullopt;
}

std::int32_t Picture::CellOf(const VesselState& s) {
  if (!s.has_position() || (s.flags & kPositionOutOfRange) != 0) return -1;
  return LatCell(s.lat_deg()) * kLonCells + LonCell(s.lon_deg());
}

void Picture::Reindex(std::uint32_t slot) {
  VesselState& s = vessels_[slot].state;
  const std::int32_t cell = CellOf(s);
  if (cell == s.cell) return;
  if (pos_in_cell_.size() <= slot) pos_in_cell_.resize(slot + 1, 0);
  if (s.cell >= 0) {
    auto& old = cells_[s.cell];
    const std::uint32_t at = pos_in_cell_[slot];
    old[at] = old.back();
    pos_in_cell_[old[at]] = at;
    old.pop_back();
  }
  if (cell >= 0) {
    auto& now = cells_[cell];
    pos_in_cell_[slot] = static_cast<std::uint32_t>(now.size());
    now.push_back(slot);
  }
  s.cell = cell;
}

std::size_t Picture::size() const {
  std::shared_lock lock(mutex_);
  return vessels_.size();
}

std::optional<Vessel> Picture::Get(std::uint32_t mmsi) const {
  std::shared_lock lock(mutex_);
  const std::uint32_t slot = slot_of_.Find(mmsi);
  if (slot == internal::MmsiMap::kNone) return std::nullopt;
  return vessels_[slot];
}

std::uint32_t Picture::MmsiOfImo(std::uint32_t imo) const {
  std::shared_lock lock(mutex_);
  auto it = mmsi_of_imo_.find(imo);
  return it == mmsi_of_imo_.end() ? 0 : it->second;
}

void Picture::Put(const Vessel& vessel) {
  Update(vessel.state.mmsi, [&](Vessel& v) {
    const std::int32_t cell = v.state.cell;
    const std::uint32_t zone_hint = v.zone_hint;
    v = vessel;
    v.state.cell = cell;
    v.zone_hint = zone_hint;
  });
}

std::vector<std::uint32_t> Picture::SlotsInBox(const BoxQuery& q) const {
  std::vector<std::pair<int, int>> lon_ranges;
  if (q.west <= q.east) {
    lon_ranges.emplace_back(LonCell(q.west), LonCell(q.east));
  } else {
    lon_ranges.emplace_back(LonCell(q.west), kLonCells - 1);
    lon_ranges.emplace_back(0, LonCell(q.east));
  }
  // (MMSI << 32 | slot): sorting these plain keys orders by MMSI without reading a vessel per
  // comparison (an indirect sort over 60,000 slots was a third of the whole-region query).
  std::vector<std::uint64_t> keys;
  for (int lat = LatCell(q.south); lat <= LatCell(q.north); ++lat) {
    for (auto [from, to] : lon_ranges) {
      for (int lon = from; lon <= to; ++lon) {
        auto it = cells_.find(lat * kLonCells + lon);
        if (it == cells_.end()) continue;
        for (std::uint32_t slot : it->second) {
          const Vessel& v = vessels_[slot];
          if (Passes(v, q)) keys.push_back(std::uint64_t{v.state.mmsi} << 32 | slot);
        }
      }
    }
  }
  std::sort(keys.begin(), keys.end());
  std::vector<std::uint32_t> slots(std::min(keys.size(), q.limit));
  for (std::size_t i = 0; i < slots.size(); ++i) slots[i] = static_cast<std::uint32_t>(keys[i]);
  return slots;
}

std::uint64_t Picture::sequence() const {
  std::shared_lock lock(mutex_);
  return sequence_;
}

std::vector<Vessel> Picture::ChangedSince(std::uint64_t since, const BoxQuery& q,
                                          std::uint64_t* now) const {
  std::shared_lock lock(mutex_);
  std::vector<std::uint32_t> slots;
  for (std::uint32_t slot = 0; slot < changed_.size(); ++slot) {
    // cell >= 0: a plausible, indexed position, as InBox returns.
    if (changed_[slot] > since && vessels_[slot].state.cell >= 0 && Passes(vessels_[slot], q)) {
      slots.push_back(slot);
    }
  }
  std::sort(slots.begin(), slots.end(), [this](std::uint32_t a, std::uint32_t b) {
    return vessels_[a].state.mmsi < vessels_[b].state.mmsi;
  });
  std::vector<Vessel> out;
  out.reserve(slots.size());
  for (std::uint32_t slot : slots) out.push_back(vessels_[slot]);
  *now = sequence_;
  return out;
}

std::vector<Vessel> Picture::InBox(const BoxQuery& q) const {
  std::shared_lock lock(mutex_);
  const std::vector<std::uint32_t> slots = SlotsInBox(q);
  std::vector<Vessel> out;
  out.reserve(slots.size());
  for (std::uint32_t slot : slots) out.push_back(vessels_[slot]);
  return out;
}

std::vector<VesselState> Picture::StatesInBox(const BoxQuery& q) const {
  std::shared_lock lock(mutex_);
  const std::vector<std::uint32_t> slots = SlotsInBox(q);
  std::vector<VesselState> out;
  out.reserve(slots.size());
  for (std::uint32_t slot : slots) out.push_back(vessels_[slot].state);
  return out;
}

std::vector<Vessel> Picture::Search(std::string_view text, std::size_t limit) const {
  std::vector<Vessel> by_name, by_number;
  if (text.empty() || limit == 0) return {};
  std::uint64_t number = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
  const bool numeric = ec == std::errc() && ptr == text.data() + text.size();
  std::shared_lock lock(mutex_);
  for (const Vessel& v : vessels_) {
    const VesselIdentity& id = *v.identity;
    if (ContainsFolded(id.name, text) || ContainsFolded(id.callsign, text)) {
      by_name.push_back(v);
    } else if (numeric &&
               (id.imo == number || MmsiText(v.state.mmsi).compare(0, text.size(), text) == 0)) {
      by_number.push_back(v);
    }
  }
  auto by_mmsi = [](const Vessel& a, const Vessel& b) { return a.state.mmsi < b.state.mmsi; };
  std::sort(by_name.begin(), by_name.end(), by_mmsi);
  std::sort(by_number.begin(), by_number.end(), by_mmsi);
  by_name.insert(by_name.end(), by_number.begin(), by_number.end());
  if (by_name.size() > limit) by_name.resize(limit);
  return by_name;
}

StationKind StationKindOf(std::uint8_t type, std::uint32_t mmsi) {
  switch (MmsiFormOf(mmsi)) {
    case MmsiForm::kCoastStation:
      return StationKind::kBaseStation;
    case MmsiForm::kAidToNavigation:
      return StationKind::kAidToNavigation;
    case MmsiForm::kSarAircraft:
      return StationKind::kSarAircraft;
    default:
      break;
  }
  switch (type) {
    case 1:
    case 2:
    case 3:
    case 5:
      return StationKind::kClassA;
    case 18:
    case 19:
    case 24:
      return StationKind::kClassB;
    case 4:
      return StationKind::kBaseStation;
    case 9:
      return StationKind::kSarAircraft;
    case 21:
      return StationKind::kAidToNavigation;
    default:
      return StationKind::kUnknown;
  }
}

}  // namespace istmo::maritime

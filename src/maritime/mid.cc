#include "maritime/mid.h"

#include <charconv>

namespace istmo::maritime {
namespace internal {
extern const char kMidCsv[];
}  // namespace internal

MmsiForm MmsiFormOf(std::uint32_t mmsi) {
  if (mmsi > 999'999'999) return MmsiForm::kOther;
  // Leading digits of the nine (ITU-R M.585-9 Annex 1, sections 2–5 and Annex 2).
  const int d1 = static_cast<int>(mmsi / 100'000'000);
  const int d12 = static_cast<int>(mmsi / 10'000'000);
  const int d123 = static_cast<int>(mmsi / 1'000'000);
  if (d123 == 111) return MmsiForm::kSarAircraft;
  if (d12 == 99) return MmsiForm::kAidToNavigation;
  if (d12 == 98) return MmsiForm::kAssociatedCraft;
  if (d12 == 0 && mmsi >= 2'000'000) return MmsiForm::kCoastStation;  // 00MID: MID >= 201
  if (d1 == 0 && mmsi >= 20'000'000) return MmsiForm::kGroup;
  if (d1 >= 2 && d1 <= 7) return MmsiForm::kShip;
  return MmsiForm::kOther;
}

std::optional<int> MidOf(std::uint32_t mmsi) {
  switch (MmsiFormOf(mmsi)) {
    case MmsiForm::kShip:
      return static_cast<int>(mmsi / 1'000'000);
    case MmsiForm::kGroup:
      return static_cast<int>(mmsi / 100'000);
    case MmsiForm::kCoastStation:
      return static_cast<int>(mmsi / 10'000);
    case MmsiForm::kSarAircraft:
      return static_cast<int>(mmsi / 1'000 % 1000);
    case MmsiForm::kAidToNavigation:
    case MmsiForm::kAssociatedCraft:
      return static_cast<int>(mmsi / 10'000 % 1000);
    case MmsiForm::kOther:
      return std::nullopt;
  }
  return std::nullopt;
}

const MidTable& MidTable::Default() {
  static const MidTable* table = [] {
    auto parsed = Parse(internal::kMidCsv);
    ISTMO_CHECK(parsed.has_value());  // data/mid.csv is checked by the tests that ship it
    return new MidTable(std::move(parsed).value());
  }();
  return *table;
}

core::Result<MidTable> MidTable::Parse(std::string_view csv) {
  MidTable table;
  std::int64_t line_no = 0;
  std::size_t pos = 0;
  while (pos < csv.size()) {
    std::size_t end = csv.find('\n', pos);
    if (end == std::string_view::npos) end = csv.size();
    std::string_view line = csv.substr(pos, end - pos);
    pos = end + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line_no == 1 || line.empty()) continue;  // header
    std::size_t c1 = line.find(',');
    std::size_t c2 = c1 == std::string_view::npos ? c1 : line.find(',', c1 + 1);
    if (c2 == std::string_view::npos) {
      return core::InvalidArgument("expected 'mid,iso2,name'", "mid.csv", line_no);
    }
    int mid = 0;
    auto [ptr, ec] = std::from_chars(line.data(), line.data() + c1, mid);
    if (ec != std::errc() || ptr != line.data() + c1 || mid < 201 || mid > 775) {
      return core::InvalidArgument(
          "MID must be a number 201-775, not '" + std::string(line.substr(0, c1)) + "'", "mid",
          line_no);
    }
    std::string_view iso = line.substr(c1 + 1, c2 - c1 - 1);
    if (iso.size() != 2 || iso[0] < 'A' || iso[0] > 'Z' || iso[1] < 'A' || iso[1] > 'Z') {
      return core::InvalidArgument(
          "iso2 must be two capital letters, not '" + std::string(iso) + "'", "iso2", line_no);
    }
    std::string_view name = line.substr(c2 + 1);
    if (name.size() >= 2 && name.front() == '"' && name.back() == '"') {
      name = name.substr(1, name.size() - 2);
    }
    if (table.index_[mid] != 0) {
      return core::InvalidArgument("MID " + std::to_string(mid) + " is listed twice", "mid",
                                   line_no);
    }
    table.flags_.push_back({std::string(iso), std::string(name)});
    table.index_[mid] = static_cast<std::int16_t>(table.flags_.size());
  }
  return table;
}

const FlagState* MidTable::ForMid(int mid) const {
  if (mid < 0 || mid >= static_cast<int>(index_.size()) || index_[mid] == 0) return nullptr;
  return &flags_[index_[mid] - 1];
}

const FlagState* MidTable::FlagOf(std::uint32_t mmsi) const {
  auto mid = MidOf(mmsi);
  return mid ? ForMid(*mid) : nullptr;
}

}  // namespace istmo::maritime

#include "ais/internal/sentence.h"

#include <cstring>

namespace istmo::ais::internal {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Checks "*hh" at text[star] against the XOR of text[begin, star).
bool ChecksumMatches(std::string_view text, std::size_t begin, std::size_t star) {
  if (star + 2 >= text.size()) return false;
  const int hi = HexValue(text[star + 1]);
  const int lo = HexValue(text[star + 2]);
  if (hi < 0 || lo < 0) return false;
  unsigned sum = 0;
  for (std::size_t i = begin; i < star; ++i) sum ^= static_cast<unsigned char>(text[i]);
  return sum == static_cast<unsigned>(hi * 16 + lo);
}

// A Unix time in seconds or milliseconds, with an optional fraction, as microseconds.
std::optional<std::int64_t> ParseUnixTime(std::string_view s) {
  if (s.empty() || s.size() > 24) return std::nullopt;
  std::int64_t whole = 0;
  std::size_t i = 0;
  for (; i < s.size() && IsDigit(s[i]); ++i) {
    // 10^15 ms is year 33658: anything longer is no time, and would overflow (fuzz_nmea found
    // a 20-digit "c:" field; fuzz/regressions/nmea/tag_block_time_overflow).
    if (i == 15) return std::nullopt;
    whole = whole * 10 + (s[i] - '0');
  }
  if (i == 0) return std::nullopt;
  std::int64_t frac_us = 0;
  if (i < s.size() && s[i] == '.') {
    ++i;
    std::int64_t scale = 100000;
    for (; i < s.size() && IsDigit(s[i]); ++i) {
      frac_us += (s[i] - '0') * scale;
      scale /= 10;
    }
  }
  if (i != s.size()) return std::nullopt;
  // Seconds beyond year 5000 are taken as milliseconds (some receivers write ms in c:).
  if (whole > 95'617'584'000LL) return whole * 1000 + frac_us / 1000;
  return whole * 1'000'000 + frac_us;
}

// NMEA 4 tag block "\key:value,key:value*hh\": c (Unix time) and s (source).
ParseStatus ParseTagBlock(std::string_view block, Sentence* out) {
  const std::size_t star = block.rfind('*');
  std::string_view fields = block;
  if (star != std::string_view::npos) {
    if (!ChecksumMatches(block, 0, star)) return ParseStatus::kChecksum;
    fields = block.substr(0, star);
  }
  while (!fields.empty()) {
    std::size_t comma = fields.find(',');
    std::string_view field = fields.substr(0, comma);
    fields = comma == std::string_view::npos ? std::string_view{} : fields.substr(comma + 1);
    if (field.size() < 2 || field[1] != ':') continue;
    const std::string_view value = field.substr(2);
    if (field[0] == 'c') {
      out->time_us = ParseUnixTime(value);
    } else if (field[0] == 's') {
      out->source = value;
    }
  }
  return ParseStatus::kOk;
}

// Parses an unsigned decimal field of at most 1 digit; -1 when empty, -2 when malformed.
int SingleDigit(std::string_view f) {
  if (f.empty()) return -1;
  if (f.size() != 1 || !IsDigit(f[0])) return -2;
  return f[0] - '0';
}

}  // namespace

std::optional<std::int64_t> ParseTimePrefix(std::string_view text) {
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == ',' ||
                           text.back() == ';' || text.back() == ':' || text.back() == ']')) {
    if (text.back() == ']') {
      const std::size_t open = text.find('[');
      if (open == std::string_view::npos) return std::nullopt;
      text = text.substr(open + 1, text.size() - open - 2);
      continue;
    }
    text.remove_suffix(1);
  }
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  if (text.empty()) return std::nullopt;
  if (auto unix_time = ParseUnixTime(text)) return unix_time;
  // ISO 8601 with a space instead of 'T' ("2024-08-20 14:03:00.123").
  char buf[40];
  if (text.size() >= sizeof buf || text.size() < 10 || !IsDigit(text[0])) return std::nullopt;
  std::memcpy(buf, text.data(), text.size());
  if (text.size() > 10 && buf[10] == ' ') buf[10] = 'T';
  auto parsed = core::ParseIso8601(std::string_view(buf, text.size()));
  if (!parsed) return std::nullopt;
  return parsed->time_since_epoch().count();
}

ParseStatus ParseSentence(std::string_view line, Sentence* out) {
  *out = Sentence{};
  while (!line.empty() && (line.back() == '\r' || line.back() == '\n' || line.back() == ' ' ||
                           line.back() == '\t' || line.back() == '\0')) {
    line.remove_suffix(1);
  }
  // Find the sentence start: a tag block '\' or '!', or '$' followed by a VDM/VDO address.
  std::size_t start = std::string_view::npos;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (c == '!' || c == '\\') {
      start = i;
      break;
    }
    if (c == '$' && i + 5 < line.size() && line[i + 3] == 'V' && line[i + 4] == 'D') {
      start = i;
      break;
    }
  }
  if (start == std::string_view::npos) return ParseStatus::kNotSentence;
  const std::string_view prefix = line.substr(0, start);
  std::size_t pos = start;
  while (pos < line.size() && line[pos] == '\\') {
    const std::size_t close = line.find('\\', pos + 1);
    if (close == std::string_view::npos) return ParseStatus::kNotSentence;
    const ParseStatus tag = ParseTagBlock(line.substr(pos + 1, close - pos - 1), out);
    if (tag != ParseStatus::kOk) return tag;
    pos = close + 1;
  }
  if (pos + 6 > line.size() || (line[pos] != '!' && line[pos] != '$')) {
    return ParseStatus::kNotSentence;
  }
  const std::string_view s = line.substr(pos);
  if (s[3] != 'V' || s[4] != 'D' || (s[5] != 'M' && s[5] != 'O')) {
    return ParseStatus::kNotSentence;
  }
  out->talker = {s[1], s[2]};
  out->own_ship = s[5] == 'O';

  // One pass to the '*': the checksum (XOR of everything between '!' and '*') and the commas
  // that split count, number, sequence, channel, payload and fill bits (IEC 61162-1 VDM).
  // bench_ais: a find() per field cost more than the rest of the decoding.
  std::array<std::size_t, 8> commas{};
  std::size_t n = 0;
  unsigned sum = 0;
  std::size_t star = 1;
  for (; star < s.size(); ++star) {
    const char c = s[star];
    if (c == '*') break;
    sum ^= static_cast<unsigned char>(c);
    if (c == ',') {
      if (n == commas.size()) return ParseStatus::kFormat;
      commas[n++] = star;
    }
  }
  if (star + 2 >= s.size()) return ParseStatus::kChecksum;
  const int hi = HexValue(s[star + 1]);
  const int lo = HexValue(s[star + 2]);
  if (hi < 0 || lo < 0 || sum != static_cast<unsigned>(hi * 16 + lo)) {
    return ParseStatus::kChecksum;
  }
  if (n != 6 || commas[0] != 6) return ParseStatus::kFormat;
  commas[6] = star;
  auto field = [&](std::size_t i) {
    return s.substr(commas[i] + 1, commas[i + 1] - commas[i] - 1);
  };
  const int count = SingleDigit(field(0));
  const int number = SingleDigit(field(1));
  const int sequence = SingleDigit(field(2));
  const std::string_view channel = field(3);
  const int fill = SingleDigit(field(5));
  if (count < 1 || number < 1 || number > count || sequence == -2 || fill < 0 || fill > 5 ||
      channel.size() > 1) {
    return ParseStatus::kFormat;
  }
  out->count = static_cast<std::uint8_t>(count);
  out->number = static_cast<std::uint8_t>(number);
  out->sequence = static_cast<std::int8_t>(sequence);
  out->channel = channel.empty() ? 0 : channel[0];
  out->payload = field(4);
  out->fill_bits = static_cast<std::uint8_t>(fill);

  if (!out->time_us && !prefix.empty()) out->time_us = ParseTimePrefix(prefix);
  // USCG logs end a sentence with ",s…,d…,T…,<unix time>" (or ",<station>,<unix time>").
  if (!out->time_us && star + 3 < s.size() && s[star + 3] == ',') {
    const std::string_view suffix = s.substr(star + 4);
    const std::size_t last = suffix.rfind(',');
    const std::string_view tail = last == std::string_view::npos ? suffix : suffix.substr(last + 1);
    if (tail.size() == 10) out->time_us = ParseUnixTime(tail);
  }
  return ParseStatus::kOk;
}

}  // namespace istmo::ais::internal

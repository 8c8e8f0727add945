#include "ais/decoder.h"

#include <algorithm>
#include <limits>

#include "ais/internal/bit_reader.h"
#include "ais/internal/decode.h"
#include "ais/internal/sentence.h"

namespace istmo::ais {
namespace {

constexpr std::int64_t kNoTime = std::numeric_limits<std::int64_t>::min();

// A multi-sentence message being reassembled, keyed by (channel, sequence id).
struct Slot {
  bool used = false;
  char channel = 0;
  std::int8_t sequence = -1;
  std::uint8_t count = 0;
  std::uint8_t next = 0;  // number of the fragment expected next
  std::int64_t started_us = kNoTime;
  bool started_on_log_time = false;  // started_us from the log, not from the clock
  std::int64_t started_line = 0;
  std::int64_t message_time_us = kNoTime;  // the first time seen among the fragments
  FixedText<15> source;
  std::uint16_t length = 0;
  std::array<char, internal::kMaxPayloadChars> payload{};
};

// A type 24 part A waiting for its part B.
struct PartA {
  bool used = false;
  std::uint32_t mmsi = 0;
  FixedText<20> shipname;
};

template <std::size_t N>
void CopyText(std::string_view from, FixedText<N>* to) {
  const std::size_t n = std::min(from.size(), N);
  std::copy_n(from.data(), n, to->chars.data());
  to->size = static_cast<std::uint8_t>(n);
}

}  // namespace

// Eight slots cover both channels of a receiver with several sequence ids in flight; more
// only ever fill with fragments that will never complete.
// Part A waits in one queue for both channels, since a Class B unit may send its part B on the
// other channel. gpsd 3.22 holds eight per channel (its type24_queue lives in the per-channel
// aivdm context), so we hold sixteen and fill a free slot before pushing one out: eight shared,
// taken in turn, lost part As that gpsd still merged (opencpn/Hakefjord.ais-only.log: part A
// line 3413, part B line 5335, eight other stations' part As in between, five on channel A).
struct Decoder::State {
  std::array<Slot, 8> slots;
  std::array<PartA, 16> parts_a;
  std::size_t next_part_a = 0;
  std::int64_t line = 0;
  internal::BitReader reader;
};

std::string_view BadInputName(BadInput kind) {
  switch (kind) {
    case BadInput::kChecksum:
      return "checksum";
    case BadInput::kFormat:
      return "format";
    case BadInput::kArmor:
      return "armor";
    case BadInput::kLength:
      return "length";
    case BadInput::kOrphanFragment:
      return "orphan_fragment";
    case BadInput::kUnknownType:
      return "unknown_type";
  }
  return "unknown";
}

std::uint64_t DecodeStats::bad_total() const {
  std::uint64_t total = 0;
  for (std::uint64_t n : bad) total += n;
  return total;
}

Decoder::Decoder(DecoderOptions options) : options_(options), state_(std::make_unique<State>()) {}

Decoder::~Decoder() = default;

LineOutcome Decoder::Bad(BadInput kind) {
  ++stats_.bad[static_cast<std::size_t>(kind)];
  last_bad_ = kind;
  return LineOutcome::kBad;
}

void Decoder::Finish() {
  for (Slot& slot : state_->slots) {
    if (slot.used) stats_.bad[static_cast<std::size_t>(BadInput::kOrphanFragment)] += slot.next - 1;
    slot.used = false;
  }
}

LineOutcome Decoder::DecodeLine(std::string_view line) {
  State& st = *state_;
  ++stats_.lines;
  const std::int64_t line_no = ++st.line;
  internal::Sentence s;
  switch (internal::ParseSentence(line, &s)) {
    case internal::ParseStatus::kOk:
      break;
    case internal::ParseStatus::kNotSentence:
      ++stats_.other_lines;
      return LineOutcome::kIgnored;
    case internal::ParseStatus::kChecksum:
      return Bad(BadInput::kChecksum);
    case internal::ParseStatus::kFormat:
      return Bad(BadInput::kFormat);
  }
  ++stats_.sentences;
  std::int64_t now_us = kNoTime;
  if (s.time_us) {
    now_us = *s.time_us;
  } else if (options_.clock != nullptr) {
    now_us = options_.clock->Now().time_since_epoch().count();
  }

  std::string_view payload = s.payload;
  std::int64_t message_time_us = s.time_us ? *s.time_us : kNoTime;
  FixedText<15> source;
  CopyText(s.source, &source);

  if (s.count > 1) {
    auto same_key = [&](const Slot& slot) {
      return slot.used && slot.channel == s.channel && slot.sequence == s.sequence;
    };
    Slot* slot = nullptr;
    for (Slot& candidate : st.slots) {
      if (same_key(candidate)) slot = &candidate;
    }
    auto drop = [&](Slot* victim) {
      stats_.bad[static_cast<std::size_t>(BadInput::kOrphanFragment)] += victim->next - 1;
      victim->used = false;
    };
    // A partial message ages out on the log's time when both fragments carry one, on the clock
    // when neither does, else on lines: a log's time and the clock's are not comparable (NMEA 4
    // senders often put the tag block time on the first fragment only).
    auto expired = [&](const Slot& partial) {
      if (now_us != kNoTime && partial.started_us != kNoTime &&
          partial.started_on_log_time == s.time_us.has_value()) {
        return now_us - partial.started_us > options_.fragment_timeout.count();
      }
      return line_no - partial.started_line >
             static_cast<std::int64_t>(options_.fragment_max_lines);
    };
    if (s.number == 1) {
      if (slot != nullptr) drop(slot);  // its message never completed
      if (slot == nullptr) {
        for (Slot& candidate : st.slots) {
          if (!candidate.used) {
            slot = &candidate;
            break;
          }
        }
      }
      if (slot == nullptr) {  // all busy: the oldest partial is the least likely to complete
        slot = &*std::min_element(
            st.slots.begin(), st.slots.end(),
            [](const Slot& a, const Slot& b) { return a.started_line < b.started_line; });
        drop(slot);
      }
      if (s.payload.size() > slot->payload.size()) return Bad(BadInput::kLength);
      slot->used = true;
      slot->channel = s.channel;
      slot->sequence = s.sequence;
      slot->count = s.count;
      slot->next = 2;
      slot->started_us = now_us;
      slot->started_on_log_time = s.time_us.has_value();
      slot->started_line = line_no;
      slot->message_time_us = message_time_us;
      slot->source = source;
      slot->length = static_cast<std::uint16_t>(s.payload.size());
      std::copy(s.payload.begin(), s.payload.end(), slot->payload.begin());
      return LineOutcome::kPending;
    }
    if (slot == nullptr) return Bad(BadInput::kOrphanFragment);
    if (expired(*slot) || s.number != slot->next || s.count != slot->count) {
      drop(slot);
      return Bad(BadInput::kOrphanFragment);
    }
    if (slot->length + s.payload.size() > slot->payload.size()) {
      slot->used = false;
      return Bad(BadInput::kLength);
    }
    std::copy(s.payload.begin(), s.payload.end(), slot->payload.begin() + slot->length);
    slot->length = static_cast<std::uint16_t>(slot->length + s.payload.size());
    if (slot->message_time_us == kNoTime) slot->message_time_us = message_time_us;
    if (source.empty()) source = slot->source;
    ++slot->next;
    if (s.number < s.count) return LineOutcome::kPending;
    slot->used = false;
    payload = std::string_view(slot->payload.data(), slot->length);
    message_time_us = slot->message_time_us;
  }

  if (payload.empty()) return Bad(BadInput::kLength);
  if (payload.size() > internal::kMaxPayloadChars) return Bad(BadInput::kLength);
  internal::BitReader& b = st.reader;
  if (!b.Load(payload, s.fill_bits)) return Bad(BadInput::kArmor);
  if (b.size() < 38) return Bad(BadInput::kLength);
  const std::uint8_t type = static_cast<std::uint8_t>(b.U(0, 6));
  if (type == 0 || type > 27) return Bad(BadInput::kUnknownType);

  Message& m = message_;
  m.type = type;
  m.repeat = static_cast<std::uint8_t>(b.U(6, 2));
  m.mmsi = b.U(8, 30);
  m.bit_count = static_cast<std::uint16_t>(b.size());
  m.envelope.talker = s.talker;
  m.envelope.own_ship = s.own_ship;
  m.envelope.channel = s.channel;
  m.envelope.line = line_no;
  m.envelope.source = source;
  if (message_time_us != kNoTime) {
    m.envelope.time = core::Timestamp(std::chrono::microseconds(message_time_us));
  } else {
    m.envelope.time.reset();
  }
  if (!internal::DecodeBody(b, &m)) return Bad(BadInput::kLength);
  ++stats_.by_type[type];

  if (type == 24 && options_.merge_type24) {
    auto& r = std::get<StaticDataReport>(m.body);
    if (r.has_part_a) {
      PartA* held = nullptr;
      PartA* vacant = nullptr;
      for (PartA& p : st.parts_a) {
        if (p.used && p.mmsi == m.mmsi) held = &p;
        if (!p.used && vacant == nullptr) vacant = &p;
      }
      if (held == nullptr) held = vacant;
      if (held == nullptr) {
        held = &st.parts_a[st.next_part_a];
        st.next_part_a = (st.next_part_a + 1) % st.parts_a.size();
      }
      held->used = true;
      held->mmsi = m.mmsi;
      held->shipname = r.shipname;
      ++stats_.type24_part_a_held;
      return LineOutcome::kPending;
    }
    for (PartA& p : st.parts_a) {
      if (p.used && p.mmsi == m.mmsi) {
        r.has_part_a = true;
        r.shipname = p.shipname;
        p.used = false;
        break;
      }
    }
  }
  ++stats_.messages;
  return LineOutcome::kMessage;
}

}  // namespace istmo::ais

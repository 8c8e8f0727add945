// Safety related text: types 12 (addressed, Table 65) and 14 (broadcast, Table 67).
#include "ais/internal/decode.h"

namespace istmo::ais::internal {

void DecodeSafetyText(const BitReader& b, Message* m) {
  SafetyText& r = m->body.emplace<SafetyText>();
  std::size_t start = 40;
  if (m->type == 12) {
    r.seqno = static_cast<std::uint8_t>(b.U(38, 2));
    r.dest_mmsi = b.U(40, 30);
    r.retransmit = b.B(70);
    // 71 spare
    start = 72;
  }
  b.Text(start, (b.size() - start) / 6, &r.text);
}

}  // namespace istmo::ais::internal

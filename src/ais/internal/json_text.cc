// JSON fields of the safety related text (decode_text.cc): types 12 and 14.
#include "ais/internal/json_writer.h"

namespace istmo::ais::internal {

void Fields(Writer& w, const Message& m, const SafetyText& r) {
  // Only type 12 is addressed (Table 65); type 14 has the text alone (Table 67).
  if (m.type == 12) {
    w.Uint("seqno", r.seqno);
    w.Uint("dest_mmsi", r.dest_mmsi);
    w.Bool("retransmit", r.retransmit);
  }
  w.Str("text", r.text.view());
}

}  // namespace istmo::ais::internal

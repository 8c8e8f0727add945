// maritime/live.h — the live stream of the picture to browsers (GET /api/v1/maritime/live, a
// WebSocket): every interval, the stations that changed since the client's last push, in its
// box, as one compact JSON message.
//
// Messages to the client:
//   {"type":"hello","interval_ms":N}
//   {"type":"vessels","seq":S,"fields":["mmsi","lat","lon","sog_kn","cog_deg","heading_deg",
//     "kind","time_ms","name","flags","ship_type","flag"],"items":[[...], ...]}
//     (absent values are null; the map's layer view of GET /api/v1/maritime/vessels answers
//     the same document, VesselsMessage, for the whole box)
//   {"type":"error","message":"...","field":"..."}
// Messages from the client: {"bbox":[w,s,e,n]} or {"bbox":null} (the whole world) resends the
// box's stations in full, then changes; with "since":S beside it (the seq of a layer answer
// for that box the client already holds) only the changes after S; {"interval_ms":N} changes
// the pace. The connection's query takes the same ?bbox= filters and ?since=.
//
// Memory per client is bounded: a client keeps only the picture's sequence number it was sent
// up to, so any number of reports of a station between two pushes coalesce into its latest
// state. No push is queued while the previous one is still unsent (WebSocket::queued); a client
// that stays behind for max_behind is closed.
//
// Thread-safety: one thread of the hub pushes to every client; Attach and the clients'
// messages may come from any thread.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "api/route.h"
#include "maritime/picture.h"

namespace istmo::maritime {

// The stations in the stream's compact form above, stamped with the picture's sequence `seq`.
// About 80 bytes a station against 285 in the vessels route's JSON: what a map draws and its
// list sorts on (name, flag, speed, age), no other identity.
std::string VesselsMessage(const std::vector<Vessel>& vessels, std::uint64_t seq);

struct LiveOptions {
  std::chrono::milliseconds tick{100};  // how often the hub looks for due clients
  std::chrono::milliseconds default_interval{1000};
  std::chrono::milliseconds min_interval{250};
  std::chrono::milliseconds max_interval{60000};
  std::chrono::milliseconds max_behind{30000};
};

class LiveHub {
 public:
  explicit LiveHub(Picture& picture, LiveOptions options = {});
  ~LiveHub();  // closes every client
  LiveHub(const LiveHub&) = delete;
  LiveHub& operator=(const LiveHub&) = delete;

  // Takes a new client with its first box (limit ignored) and pace (clamped to the options').
  // Its first push holds the box's stations changed after `since` (0: all of them).
  void Attach(std::shared_ptr<api::WebSocket> ws, BoxQuery box, std::chrono::milliseconds interval,
              std::uint64_t since = 0);
  std::size_t clients() const;
  const LiveOptions& options() const { return options_; }

  struct Client;

 private:
  void Run();
  void Push(Client& client, std::chrono::steady_clock::time_point now);

  Picture& picture_;
  const LiveOptions options_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::list<std::shared_ptr<Client>> clients_;
  std::thread thread_;
};

}  // namespace istmo::maritime

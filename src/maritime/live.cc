#include "maritime/live.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/log.h"
#include "maritime/mid.h"

namespace istmo::maritime {

using nlohmann::json;
using SteadyClock = std::chrono::steady_clock;

struct LiveHub::Client {
  std::shared_ptr<api::WebSocket> ws;
  std::mutex mu;  // box, interval and sent_seq: the hub's thread and the client's messages
  BoxQuery box;
  std::chrono::milliseconds interval{1000};
  std::uint64_t sent_seq = 0;
  SteadyClock::time_point next_due{};
  SteadyClock::time_point behind_since{};
  bool behind = false;
};

namespace {

// Appends v rounded to 1/scale, or null. Written by hand rather than through nlohmann::json:
// the map's layer view writes 60,000 rows of twelve values, and a json tree of them costs more
// than the query (docs/perf.md, "Maritime map").
void AppendNumber(std::string& out, std::optional<double> v, double scale) {
  if (!v) {
    out += "null";
    return;
  }
  char buf[32];
  auto r = std::to_chars(buf, buf + sizeof buf, std::round(*v * scale) / scale);
  out.append(buf, r.ptr);
}

template <class Int>
void AppendInt(std::string& out, Int v) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}

void AppendString(std::string& out, std::string_view text) {
  out += json(text).dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace

std::string VesselsMessage(const std::vector<Vessel>& vessels, std::uint64_t seq) {
  std::string out = R"({"type":"vessels","seq":)";
  AppendInt(out, seq);
  out += R"(,"fields":["mmsi","lat","lon","sog_kn","cog_deg","heading_deg","kind","time_ms",)"
         R"("name","flags","ship_type","flag"],"items":[)";
  out.reserve(out.size() + vessels.size() * 96);
  const MidTable& mids = MidTable::Default();
  bool first = true;
  for (const Vessel& v : vessels) {
    const VesselState& s = v.state;
    out += first ? "[" : ",[";
    first = false;
    AppendInt(out, s.mmsi);
    out += ',';
    AppendNumber(out, s.lat_deg(), 1e5);
    out += ',';
    AppendNumber(out, s.lon_deg(), 1e5);
    out += ',';
    AppendNumber(out, ais::SpeedKnots(s.sog), 10);
    out += ',';
    AppendNumber(out, ais::CourseDegrees(s.cog), 10);
    out += ',';
    if (s.heading == ais::kHeadingNotAvailable) {
      out += "null";
    } else {
      AppendInt(out, s.heading);
    }
    out += ",\"";
    out += StationKindName(s.kind);
    out += "\",";
    AppendInt(out, s.t_us / 1000);
    out += ',';
    if (v.identity->name.empty()) {
      out += "null";
    } else {
      AppendString(out, v.identity->name);
    }
    out += ',';
    if (s.flags == 0) {
      out += "null";
    } else {
      AppendInt(out, s.flags);
    }
    out += ',';
    if (v.identity->ship_type == 0) {
      out += "null";
    } else {
      AppendInt(out, v.identity->ship_type);
    }
    out += ',';
    if (const FlagState* flag = mids.FlagOf(s.mmsi)) {
      AppendString(out, flag->iso2);
    } else {
      out += "null";
    }
    out += ']';
  }
  out += "]}";
  return out;
}

namespace {

std::string ErrorMessage(const std::string& message, const std::string& field) {
  return json{{"type", "error"}, {"message", message}, {"field", field}}.dump();
}

std::chrono::milliseconds Clamp(std::chrono::milliseconds v, const LiveOptions& o) {
  return std::clamp(v, o.min_interval, o.max_interval);
}

// {"bbox":[w,s,e,n]} / {"bbox":null} and {"interval_ms":N}: the client's changes, or an error
// text naming the field.
std::string ApplyClientMessage(const std::string& text, LiveHub::Client& c,
                               const LiveOptions& options);

}  // namespace

LiveHub::LiveHub(Picture& picture, LiveOptions options)
    : picture_(picture), options_(options), thread_([this] { Run(); }) {}

LiveHub::~LiveHub() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  thread_.join();
  for (auto& c : clients_) c->ws->Close();
}

void LiveHub::Attach(std::shared_ptr<api::WebSocket> ws, BoxQuery box,
                     std::chrono::milliseconds interval, std::uint64_t since) {
  auto client = std::make_shared<Client>();
  client->ws = ws;
  box.limit = SIZE_MAX;
  client->box = std::move(box);
  client->interval = Clamp(interval, options_);
  client->sent_seq = since;
  std::weak_ptr<Client> weak = client;
  ws->on_message = [weak, this](const std::string& text) {
    auto c = weak.lock();
    if (c == nullptr) return;
    std::string error = ApplyClientMessage(text, *c, options_);
    if (!error.empty()) c->ws->Send(error);
  };
  ws->Send(json{{"type", "hello"}, {"interval_ms", client->interval.count()}}.dump());
  std::lock_guard lock(mu_);
  clients_.push_back(std::move(client));
}

std::size_t LiveHub::clients() const {
  std::lock_guard lock(mu_);
  return clients_.size();
}

void LiveHub::Run() {
  std::unique_lock lock(mu_);
  while (!cv_.wait_for(lock, options_.tick, [this] { return stopping_; })) {
    // A copy, so that a slow client's push does not hold Attach up.
    std::vector<std::shared_ptr<Client>> due(clients_.begin(), clients_.end());
    lock.unlock();
    const auto now = SteadyClock::now();
    for (auto& c : due) Push(*c, now);
    lock.lock();
    clients_.remove_if([](const std::shared_ptr<Client>& c) { return c->ws->closed(); });
  }
}

void LiveHub::Push(Client& c, SteadyClock::time_point now) {
  std::lock_guard lock(c.mu);
  if (c.ws->closed() || now < c.next_due) return;
  if (c.ws->queued() > 0) {
    // The last push is still unsent: its changes wait in the picture, coalesced per station.
    if (!c.behind) {
      c.behind = true;
      c.behind_since = now;
    } else if (now - c.behind_since > options_.max_behind) {
      core::log::Warn("maritime_live_client_behind",
                      {{"user", c.ws->request().Scope().username}});
      c.ws->Close();
    }
    return;
  }
  c.behind = false;
  c.next_due = now + c.interval;
  std::uint64_t seq = 0;
  auto changed = picture_.ChangedSince(c.sent_seq, c.box, &seq);
  if (!changed.empty() && !c.ws->Send(VesselsMessage(changed, seq))) return;
  c.sent_seq = seq;
}

namespace {

std::string ApplyClientMessage(const std::string& text, LiveHub::Client& c,
                               const LiveOptions& options) {
  json m = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!m.is_object()) return ErrorMessage("expected a JSON object", "");
  std::lock_guard lock(c.mu);
  if (m.contains("bbox")) {
    const json& b = m["bbox"];
    BoxQuery box = c.box;
    if (b.is_null()) {
      box.west = -180, box.south = -90, box.east = 180, box.north = 90;
    } else {
      if (!b.is_array() || b.size() != 4 ||
          !std::all_of(b.begin(), b.end(), [](const json& v) { return v.is_number(); })) {
        return ErrorMessage("must be [west, south, east, north] in degrees", "bbox");
      }
      box.west = b[0], box.south = b[1], box.east = b[2], box.north = b[3];
      if (std::fabs(box.west) > 180 || std::fabs(box.east) > 180 || box.south < -90 ||
          box.north > 90 || box.south > box.north) {
        return ErrorMessage("longitudes in [-180, 180], latitudes in [-90, 90], south <= north",
                            "bbox");
      }
    }
    std::uint64_t since = 0;  // the new box's stations in full, unless the client has them
    if (m.contains("since")) {
      if (!m["since"].is_number_unsigned()) {
        return ErrorMessage("must be the seq of a layer answer for this box", "since");
      }
      since = m["since"].get<std::uint64_t>();
    }
    c.box = box;
    c.sent_seq = since;
    c.next_due = {};
  }
  if (m.contains("interval_ms")) {
    if (!m["interval_ms"].is_number_integer()) {
      return ErrorMessage("must be a whole number of milliseconds", "interval_ms");
    }
    c.interval = Clamp(std::chrono::milliseconds(m["interval_ms"].get<std::int64_t>()), options);
  }
  return {};
}

}  // namespace

}  // namespace istmo::maritime

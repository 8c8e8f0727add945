// `istmo ais decode` and `istmo ais stats`: AIS logs (NMEA 0183 VDM/VDO) to JSON or CSV, and a
// summary of what a log holds.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "ais/csv.h"
#include "ais/decoder.h"
#include "ais/json.h"
#include "ais/summary.h"
#include "cli/commands.h"
#include "cli/line_input.h"

namespace istmo::cli {
namespace {

void Flush(std::string* out) {
  std::fwrite(out->data(), 1, out->size(), stdout);
  out->clear();
}

void PrintBadSummary(const ais::DecodeStats& stats) {
  if (stats.bad_total() == 0) return;
  std::string text;
  for (std::size_t k = 0; k < ais::kBadInputKinds; ++k) {
    if (stats.bad[k] == 0) continue;
    if (!text.empty()) text += ", ";
    text += std::string(ais::BadInputName(static_cast<ais::BadInput>(k))) + " " +
            std::to_string(stats.bad[k]);
  }
  std::fprintf(stderr, "istmo ais: %llu messages; bad input: %s\n",
               static_cast<unsigned long long>(stats.messages), text.c_str());
}

}  // namespace

void AddAisCommands(CLI::App& app) {
  auto* ais = app.add_subcommand("ais", "Decode and summarize AIS (NMEA 0183) logs");
  ais->require_subcommand(1);

  struct DecodeArgs {
    std::string format = "json";
    std::string file = "-";
    std::string device;
    bool envelope = false;
    bool rejects = false;
  };
  auto args = std::make_shared<DecodeArgs>();
  auto* decode = ais->add_subcommand(
      "decode", "Decode VDM/VDO sentences to JSON lines (gpsd's field names) or CSV");
  decode->add_option("--format", args->format, "json (default) or csv")
      ->check(CLI::IsMember({"json", "csv"}));
  decode->add_option("--device", args->device, "value of the JSON \"device\" field");
  decode->add_flag("--envelope", args->envelope,
                   "add \"line\", and \"time\"/\"source\" when the log has them, to JSON");
  decode->add_flag("--rejects", args->rejects,
                   "name each bad line on stderr: line number, kind, the line (shortened)");
  decode->add_option("FILE", args->file, "log file, or - for standard input");
  decode->callback([args] {
    File in = OrFail(OpenInput(args->file));
    ais::Decoder decoder;
    ais::JsonOptions json{.device = args->device, .envelope = args->envelope};
    const bool csv = args->format == "csv";
    std::string out;
    out.reserve(1 << 17);
    if (csv) out.append(ais::CsvHeader());
    std::int64_t line_no = 0;
    OrFail(ForEachLine(in.get(), args->file, [&](std::string_view line) {
      ++line_no;
      const ais::LineOutcome outcome = decoder.DecodeLine(line);
      if (outcome == ais::LineOutcome::kBad && args->rejects) {
        const std::string_view shown = line.substr(0, 100);
        std::fprintf(stderr, "istmo ais: line %lld: %.*s: %.*s%s\n",
                     static_cast<long long>(line_no),
                     static_cast<int>(ais::BadInputName(decoder.last_bad()).size()),
                     ais::BadInputName(decoder.last_bad()).data(), static_cast<int>(shown.size()),
                     shown.data(), line.size() > shown.size() ? "..." : "");
      }
      if (outcome != ais::LineOutcome::kMessage) return;
      if (csv) {
        ais::AppendCsv(decoder.message(), &out);
      } else {
        ais::AppendJson(decoder.message(), json, &out);
      }
      if (out.size() > (1 << 16)) Flush(&out);
    }));
    decoder.Finish();
    Flush(&out);
    std::fflush(stdout);
    PrintBadSummary(decoder.stats());
  });

  auto stats_file = std::make_shared<std::string>();
  auto* stats = ais->add_subcommand(
      "stats", "Count messages per type, talker and channel, distinct MMSIs and bad input");
  stats->add_option("FILE", *stats_file, "log file, or - for standard input")->required();
  stats->callback([stats_file] {
    File in = OrFail(OpenInput(*stats_file));
    ais::Decoder decoder;
    ais::Summary summary;
    OrFail(ForEachLine(in.get(), *stats_file, [&](std::string_view line) {
      if (decoder.DecodeLine(line) == ais::LineOutcome::kMessage) summary.Add(decoder.message());
    }));
    decoder.Finish();
    const std::string report = summary.Format(decoder.stats());
    std::fwrite(report.data(), 1, report.size(), stdout);
  });
}

}  // namespace istmo::cli

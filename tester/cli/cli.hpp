#pragma once
// The command line: one options struct and one run function per subcommand, testable without argv.
#include <atomic>
#include <csignal>
#include <cstdint>
#include <optional>
#include <ostream>
#include <string>

namespace midiloop {

struct ListOptions {
  std::string api = "auto";
};

struct RunOptions {
  std::string out, in;        // real ports
  std::string api = "auto";
  std::string emulate;        // a model spec instead of real ports
  std::string host;           // with emulate: a host model between midiloop and the model ("" for none)
  std::string suite = "standard";
  std::string report = "midiloop-report.json";
  bool no_report = false;
  uint64_t seed = 1;
  double wire_speed = 1.0;
  std::string label;
  bool strict = false;
  bool progress = false;      // draw a progress line on stderr
  std::string html;           // also write the report as an HTML page here, at the end
};

struct EmulateOptions {
  std::string model;             // MODEL[:key=value,...]
  std::string name;              // port client name; default "emulated-MODEL"
  std::string api = "auto";
  std::optional<double> speed;   // overrides the model's speed
  uint64_t seed = 1;
};

struct CheckFileOptions {
  std::string path;
  uint32_t chunk_bytes = 0;  // with rate_bps: also the time at that pacing
  double rate_bps = 0;
};

struct TransferOptions {
  std::string file;
  std::string out, in, api = "auto";  // rehearse needs both ports (or emulate); send only out
  std::string emulate;                 // rehearse on an emulated interface
  std::string host;                    // with emulate: a host model ("" for none)
  std::optional<std::string> report;
  std::optional<double> rate_bps;
  std::optional<uint32_t> chunk_bytes;
  bool force = false;
  bool dry_run = false;                // send: say what would be sent, open nothing
  bool progress = false;
  uint64_t seed = 1;
};

struct ReportOptions {
  std::string file;  // a JSON report of 'midiloop run'
  std::string html;  // where to write it as an HTML page
};

struct Console {
  std::ostream& out;
  std::ostream& err;
  const volatile std::sig_atomic_t* interrupted = nullptr;  // set by a signal handler
};

int run_list(const ListOptions& options, Console& console);
int run_models(Console& console);
int run_run(const RunOptions& options, Console& console);
int run_emulate(const EmulateOptions& options, Console& console);
int run_check_file(const CheckFileOptions& options, Console& console);
int run_rehearse(const TransferOptions& options, Console& console);
int run_send(const TransferOptions& options, Console& console);
int run_report(const ReportOptions& options, Console& console);

// Parses argv and dispatches. Returns the process exit code.
int cli_main(int argc, const char* const* argv, Console& console);

}  // namespace midiloop

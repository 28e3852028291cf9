#include "runtime/driver/Options.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <limits>

namespace tfcc::driver {

const char kUsage[] =
    "usage: %s [--list] [--signature NAME] [--input NAME=FILE.npy]...\n"
    "          [--output-dir DIR] [--threads N] [--repeat N]\n"
    "\n"
    "Runs the compiled model linked into this executable.\n"
    "  --list               print the signatures with their inputs and outputs\n"
    "  --signature NAME     the signature to run (default: the first)\n"
    "  --input NAME=FILE    feed input NAME from a .npy file (one per input)\n"
    "  --output-dir DIR     where to write one .npy per output (default: .);\n"
    "                       the file name is the output name, ':' and '/' as '_'\n"
    "  --threads N          kernel threads (default: one per online CPU)\n"
    "  --repeat N           run N times and print the median latency\n";

namespace {

bool ParseCount(const std::string &flag, const std::string &text, int min,
                int *out, std::string *error) {
  errno = 0;
  char *end = nullptr;
  long v = std::strtol(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || errno != 0 || v < min ||
      v > std::numeric_limits<int>::max()) {
    *error = flag + " wants an integer >= " + std::to_string(min) + ", not '" +
             text + "'";
    return false;
  }
  *out = int(v);
  return true;
}

} // namespace

bool ParseOptions(int argc, char **argv, Options *o, std::string *error) {
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      o->help = true;
      continue;
    }
    if (arg == "--list") {
      o->list = true;
      continue;
    }
    std::string flag = arg, value;
    bool has_value = false;
    if (size_t eq = arg.find('='); arg.rfind("--", 0) == 0 && eq != std::string::npos) {
      flag = arg.substr(0, eq);
      value = arg.substr(eq + 1);
      has_value = true;
    }
    const bool takes_value = flag == "--signature" || flag == "--input" ||
                             flag == "--output-dir" || flag == "--threads" ||
                             flag == "--repeat";
    if (!takes_value) {
      *error = arg.rfind("-", 0) == 0 ? "unknown flag '" + arg + "' (see --help)"
                                       : "unexpected argument '" + arg + "' (see --help)";
      return false;
    }
    if (!has_value) {
      if (i + 1 >= argc) {
        *error = flag + " needs a value";
        return false;
      }
      value = argv[++i];
    }
    if (flag == "--signature") {
      o->signature = value;
    } else if (flag == "--input") {
      size_t eq = value.find('=');
      if (eq == std::string::npos || eq == 0 || eq + 1 == value.size()) {
        *error = "--input wants NAME=FILE.npy, not '" + value + "'";
        return false;
      }
      o->inputs.emplace_back(value.substr(0, eq), value.substr(eq + 1));
    } else if (flag == "--output-dir") {
      if (value.empty()) {
        *error = "--output-dir needs a directory";
        return false;
      }
      o->output_dir = value;
    } else if (flag == "--threads") {
      if (!ParseCount(flag, value, 0, &o->threads, error))
        return false;
    } else if (!ParseCount(flag, value, 1, &o->repeat, error)) {
      return false;
    }
  }
  return true;
}

} // namespace tfcc::driver

// Command line of the standalone model executables (see Main.cpp).
#ifndef TFCC_RUNTIME_DRIVER_OPTIONS_H
#define TFCC_RUNTIME_DRIVER_OPTIONS_H

#include <string>
#include <utility>
#include <vector>

namespace tfcc::driver {

struct Options {
  bool help = false;
  bool list = false;
  std::string signature;                                   // "" = the first
  std::vector<std::pair<std::string, std::string>> inputs; // name, file
  std::string output_dir = ".";
  int threads = 0; // 0 = one per online CPU
  int repeat = 1;
};

extern const char kUsage[];

// Parses argv; flags take their value as the next argument or after '='.
// Returns false with a one-line `error` on a bad command line.
bool ParseOptions(int argc, char **argv, Options *options, std::string *error);

} // namespace tfcc::driver

#endif // TFCC_RUNTIME_DRIVER_OPTIONS_H

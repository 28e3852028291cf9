// `tfcc inspect-checkpoint <prefix>`: what a checkpoint holds.
#ifndef TFCC_RUNTIME_CHECKPOINT_INSPECT_H
#define TFCC_RUNTIME_CHECKPOINT_INSPECT_H

#include <ostream>
#include <string>

namespace tfcc::checkpoint {

// Prints one line per tensor (name, dtype, shape, bytes in the data file),
// sorted by name, then a total, and checks that the data files hold every
// tensor (by size; checksums are not read). Returns 0, or 1 after printing
// one error line to `err`.
int inspectCheckpoint(const std::string &prefix, std::ostream &out,
                      std::ostream &err);

} // namespace tfcc::checkpoint

#endif // TFCC_RUNTIME_CHECKPOINT_INSPECT_H

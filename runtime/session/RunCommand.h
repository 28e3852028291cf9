// `tfcc run`: runs a compiled model library on .npy inputs.
#ifndef TFCC_RUNTIME_SESSION_RUNCOMMAND_H
#define TFCC_RUNTIME_SESSION_RUNCOMMAND_H

namespace tfcc {

// tfcc run MODEL.so [--input NAME=FILE.npy]... [--output NAME]...
//          [--output-dir DIR] [--restore PREFIX] [--signature NAME]
//          [--threads N]
//
// Opens the library in a Session (running its "init" signature), restores
// the checkpoint when asked, runs the signature the inputs and outputs
// select (or the one named) and writes each output as DIR/<name>.npy, with
// ':' and '/' in the name as '_'; without --output, every output of the
// signature. Prints one summary line per output. Outputs are written to
// temporary files and renamed into place only when all are written.
//
// argv[0] names the command in messages ("tfcc run"); the arguments follow.
// Returns 0, or 1 after printing one error line to stderr.
int RunModelCommand(int argc, char **argv);

} // namespace tfcc

#endif // TFCC_RUNTIME_SESSION_RUNCOMMAND_H

// `tfcc run` as a program of its own, for run_command_test.py, which also
// needs a checkpoint of the toy model: `PROGRAM --make-checkpoint MODEL.so
// PREFIX` writes one with w = [2, 2, 2, 2], b = 1.
#include "runtime/session/RunCommand.h"
#include "tfcc/session.h"

#include <cstdio>
#include <cstring>

static int MakeCheckpoint(const char *model, const char *prefix) {
  std::unique_ptr<tfcc::Session> session;
  tfcc::Status s = tfcc::Session::OpenLibrary(model, &session);
  if (s.ok())
    s = session->AssignVariable("w", tfcc::Tensor::FromVector<float>({4}, {2, 2, 2, 2}));
  if (s.ok())
    s = session->AssignVariable("b", tfcc::Tensor::FromVector<float>({}, {1}));
  if (s.ok())
    s = session->Save(prefix);
  if (!s.ok())
    std::fprintf(stderr, "%s\n", s.message().c_str());
  return s.ok() ? 0 : 1;
}

int main(int argc, char **argv) {
  if (argc == 4 && std::strcmp(argv[1], "--make-checkpoint") == 0)
    return MakeCheckpoint(argv[2], argv[3]);
  return tfcc::RunModelCommand(argc, argv);
}

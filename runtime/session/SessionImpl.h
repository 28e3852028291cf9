// What a tfcc::Session holds, shared by the files of runtime/session.
#ifndef TFCC_RUNTIME_SESSION_SESSIONIMPL_H
#define TFCC_RUNTIME_SESSION_SESSIONIMPL_H

#include "runtime/session/ContextPool.h"
#include "tfcc/session.h"

#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

namespace tfcc {

namespace session {

struct FreeDeleter {
  void operator()(void *p) const { std::free(p); }
};
using AlignedMemory = std::unique_ptr<void, FreeDeleter>;

// Allocates `bytes` (a multiple of 64, may be 0) zeroed and 64-byte
// aligned; false when memory runs out.
bool AllocateAligned(size_t bytes, AlignedMemory *memory);

// Bytes a buffer for `t` takes: at least one 64-byte block, so that even an
// empty tensor has its own valid pointer.
size_t PaddedSize(const tfcc_tensor_info &t);

// Checks what the session relies on in a model's tables (ABI version, entry
// functions, dtypes, shapes and sizes consistent, unique variable names),
// so that a damaged library gets an error instead of a crash.
Status ValidateModel(const tfcc_model_info &model);

// "float32[2, 3]" and "[2, 3]"
std::string TypeText(int32_t dtype, const int64_t *dims, int rank);
std::string ShapeOf(const tfcc_tensor_info &t);

} // namespace session

struct Session::Impl {
  // Declared first so it is destroyed last: the tables and entry functions
  // live in the library.
  std::shared_ptr<void> library;
  const tfcc_model_info *model = nullptr;

  // One buffer per model variable, in one allocation (variable_bytes).
  session::AlignedMemory variable_memory;
  size_t variable_bytes = 0;
  std::vector<void *> variables;

  // Where each signature's unaligned feeds and unfetched results go in a
  // context's scratch.
  struct Layout {
    std::vector<size_t> arg_offsets, result_offsets;
  };
  std::vector<Layout> layouts;
  std::unique_ptr<session::ContextPool> pool;

  int VariableIndex(const std::string &name) const;
  // Copies what restore read into the variables, alone (exclusive lock).
  void ReplaceVariables(const void *values);
  // Runs a checkpoint signature (SaveV2/RestoreV2 as TF's Saver builds
  // them) with the given prefix: saves hold the writer mutex, restores
  // check everything, then swap the values in under the exclusive lock.
  Status RunCheckpoint(const tfcc_signature_info &sig, const std::string &prefix);
};

} // namespace tfcc

#endif // TFCC_RUNTIME_SESSION_SESSIONIMPL_H

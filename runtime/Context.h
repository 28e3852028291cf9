// What a tfcc_runtime (include/tfcc/runtime.h) is: a thread pool and one
// set of preallocated buffers per pool thread, indexed by the thread number
// ThreadPool hands to each task.
#ifndef TFCC_RUNTIME_CONTEXT_H
#define TFCC_RUNTIME_CONTEXT_H

#include "runtime/ThreadPool.h"
#include "runtime/kernels/Gemm.h"

#include <cstdlib>
#include <memory>
#include <vector>

struct tfcc_runtime {
  explicit tfcc_runtime(int num_threads);
  ~tfcc_runtime();

  tfcc::rt::ThreadPool pool;
  std::vector<tfcc::rt::Scratch> scratch; // one per pool thread
  // The packed panel all threads share in SharedPanelMatMul; null for a
  // single thread.
  float *shared_pack = nullptr;
  int64_t shared_pack_size = 0; // floats: kSharedPanelRows columns of the deepest block

private:
  // One allocation holding every thread's buffers.
  void *memory_ = nullptr;
};

namespace tfcc::rt {

// Rows of the shared panel (columns of c) SharedPanelMatMul packs at once.
constexpr int64_t kSharedPanelRows = 4096;

// Floats of im2col scratch per thread (2 MiB): Conv2D processes the patch
// matrix in blocks of rows (and, for very deep patches, of columns) that fit.
constexpr int64_t kIm2colScratchFloats = int64_t(1) << 19;

// The context kernels run on: `runtime` itself, or for NULL the calling
// thread's own single-threaded context, created on that thread's first
// NULL-runtime kernel call and freed when the thread exits. Later calls on
// the thread allocate nothing. Never returns NULL (aborts when even that
// first allocation fails, as kernels have no way to report it).
tfcc_runtime &ResolveRuntime(void *runtime);

} // namespace tfcc::rt

#endif // TFCC_RUNTIME_CONTEXT_H

// The C API of include/tfcc/runtime.h.
#include "tfcc/runtime.h"

#include "runtime/Context.h"
#include "runtime/kernels/KernelIsa.h"
#include "tfcc/kernels.h"

#include <cstdio>
#include <cstring>
#include <new>
#include <thread>

namespace {

constexpr int64_t kAlign = 64;

int64_t RoundUp(int64_t bytes) { return (bytes + kAlign - 1) / kAlign * kAlign; }

} // namespace

tfcc_runtime::tfcc_runtime(int num_threads) : pool(num_threads) {
  tfcc::rt::GemmPackSizes pack = tfcc::rt::PreferredGemmPackSizes();
  const int64_t pack_a = RoundUp(pack.a * int64_t(sizeof(float)));
  const int64_t pack_b = RoundUp(pack.b * int64_t(sizeof(float)));
  const int64_t im2col =
      RoundUp(tfcc::rt::kIm2colScratchFloats * int64_t(sizeof(float)));
  const int64_t pool_rows = RoundUp(TFCC_CONV_MAX_POOL_ROW_FLOATS * int64_t(sizeof(float)));
  const int64_t per_thread = pack_a + pack_b + im2col + pool_rows;
  const int64_t shared_floats =
      pool.num_threads() > 1 ? pack.max_depth * tfcc::rt::kSharedPanelRows : 0;
  const int64_t shared = RoundUp(shared_floats * int64_t(sizeof(float)));
  const int64_t total = per_thread * pool.num_threads() + shared;
  memory_ = std::aligned_alloc(kAlign, size_t(total));
  if (!memory_)
    throw std::bad_alloc();
  // Touch every page now so that the first model run takes no page faults.
  std::memset(memory_, 0, size_t(total));
  char *base = static_cast<char *>(memory_);
  if (shared_floats > 0) {
    shared_pack = reinterpret_cast<float *>(base);
    shared_pack_size = shared_floats;
    base += shared;
  }
  scratch.resize(pool.num_threads());
  for (tfcc::rt::Scratch &s : scratch) {
    s.pack_a = reinterpret_cast<float *>(base);
    s.pack_a_size = pack.a;
    s.pack_b = reinterpret_cast<float *>(base + pack_a);
    s.pack_b_size = pack.b;
    s.im2col = reinterpret_cast<float *>(base + pack_a + pack_b);
    s.im2col_size = tfcc::rt::kIm2colScratchFloats;
    s.pool_rows = reinterpret_cast<float *>(base + pack_a + pack_b + im2col);
    base += per_thread;
  }
}

tfcc_runtime::~tfcc_runtime() { std::free(memory_); }

namespace tfcc::rt {

tfcc_runtime &ResolveRuntime(void *runtime) {
  if (runtime)
    return *static_cast<tfcc_runtime *>(runtime);
  // A thread_local context rather than a process-wide one: callers on
  // different threads need no lock between them.
  thread_local std::unique_ptr<tfcc_runtime> local;
  if (!local) {
    try {
      local = std::make_unique<tfcc_runtime>(1);
    } catch (...) {
      std::fputs("tfcc runtime: cannot allocate the kernel scratch buffers "
                 "for a NULL runtime\n",
                 stderr);
      std::abort();
    }
  }
  return *local;
}

} // namespace tfcc::rt

extern "C" {

tfcc_runtime *tfcc_runtime_create(int32_t num_threads) {
  if (num_threads <= 0) {
    unsigned cpus = std::thread::hardware_concurrency();
    num_threads = cpus ? int32_t(cpus) : 1;
  }
  // The kernels' ISA is chosen (and TFCC_KERNEL_ISA read) here rather
  // than in the first kernel that a Run() calls.
  (void)tfcc::rt::ActiveKernelIsa();
  try {
    return new tfcc_runtime(num_threads);
  } catch (...) {
    return nullptr;
  }
}

void tfcc_runtime_destroy(tfcc_runtime *runtime) { delete runtime; }

int32_t tfcc_runtime_num_threads(const tfcc_runtime *runtime) {
  return runtime ? runtime->pool.num_threads() : 1;
}

} // extern "C"

// tfcc_rt_parallel_range: the pool behind generated loop nests that
// tfcc-parallelize-loop-nests outlined.
#include "runtime/Context.h"
#include "tfcc/kernels.h"

#include <algorithm>

namespace {

// Ranges per pool thread, claimed dynamically: a thread that starts late or
// shares its core takes fewer. A range costs one indirect call to start.
constexpr int64_t kRangesPerThread = 4;

struct RangeJob {
  tfcc_range_fn body;
  void *ctx;
  int64_t extent, ranges;
};

void RunRange(void *p, int64_t task, int) {
  const auto &job = *static_cast<const RangeJob *>(p);
  // Balanced split: range sizes differ by at most one.
  const int64_t begin = task * job.extent / job.ranges;
  const int64_t end = (task + 1) * job.extent / job.ranges;
  job.body(job.ctx, begin, end);
}

} // namespace

extern "C" void tfcc_rt_parallel_range(void *runtime, int64_t extent, tfcc_range_fn body,
                                       void *ctx) {
  if (extent <= 0)
    return;
  // NULL is the calling thread alone: no context to create for that.
  auto *rt = static_cast<tfcc_runtime *>(runtime);
  const int64_t threads = rt ? rt->pool.num_threads() : 1;
  if (threads == 1 || extent == 1) {
    body(ctx, 0, extent);
    return;
  }
  RangeJob job{body, ctx, extent, std::min(extent, threads * kRangesPerThread)};
  rt->pool.ParallelFor(job.ranges, RunRange, &job);
}

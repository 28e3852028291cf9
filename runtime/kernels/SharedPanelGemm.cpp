// Goto's GEMM across threads with one shared packed panel: for each block
// of depth (and of up to kSharedPanelRows columns of c), the threads first
// pack op(b)'s panel together, then each task packs its own rows of op(a)
// and runs the micro-kernel (GemmKernel.h) against the shared panel.
// Splitting into blocks of rows independently would make every task pack
// all of op(b). A constant op(b) packed once (MatMulArgs::packed_b) is the
// panel itself: the packing step goes and the tasks read depth blocks of it
// in place.
#include "runtime/Context.h"
#include "runtime/kernels/GemmKernel.h"
#include "runtime/kernels/MatMul.h"

#include <algorithm>

namespace tfcc::rt {
namespace {

// Rows of c per compute task, at least: fewer would reread the shared panel
// from L3 too often for the work they do.
constexpr int64_t kMinTaskRows = 64;
// Compute tasks per thread. They duplicate no packing, so several per
// thread cost little and let a thread that another process slows take fewer.
constexpr int64_t kComputeTasksPerThread = 4;

struct SharedPanel {
  const MatMulArgs &x;
  tfcc_runtime &rt;
  int64_t kc = 0;
  int64_t panel_cols = 0; // columns of c per shared panel
  int64_t pack_cols = 0;  // of the panel per packing task
  int64_t task_rows = 0;  // rows of c per compute task
  // The block in flight: columns [c0, c0 + cols), depth [k0, k0 + depth).
  int64_t c0 = 0, cols = 0, k0 = 0, depth = 0;

  SharedPanel(const MatMulArgs &args, tfcc_runtime &runtime) : x(args), rt(runtime) {}

  // The block's packed panel and the distance between its 16-column
  // panels: a depth block of the whole-depth constant, or the shared copy.
  const float *Panel() const {
    return x.packed_b ? PackedBColumns(x.packed_b, c0, x.k) + k0 * kNr : rt.shared_pack;
  }
  int64_t PanelStride() const { return (x.packed_b ? x.k : depth) * kNr; }

  static void Pack(void *ctx, int64_t task, int) {
    auto &p = *static_cast<SharedPanel *>(ctx);
    const int64_t j0 = task * p.pack_cols;
    PackBPanels(p.x.b, p.k0, p.depth, p.c0 + j0, std::min(p.pack_cols, p.cols - j0),
                p.depth * kNr, p.rt.shared_pack + j0 * p.depth);
  }

  static void Compute(void *ctx, int64_t task, int thread) {
    auto &p = *static_cast<SharedPanel *>(ctx);
    const MatMulArgs &x = p.x;
    const Scratch &s = p.rt.scratch[thread];
    const int64_t r0 = task * p.task_rows;
    const int64_t rows = std::min(p.task_rows, x.m - r0);
    const GemmEpilogue e{p.k0 == 0, x.bias ? x.bias + p.c0 : nullptr, p.k0 + p.depth == x.k,
                         x.activation};
    GemmRows(x.a, r0, rows, p.k0, p.depth, p.Panel(), p.PanelStride(), p.cols,
             x.c + r0 * x.ldc + p.c0, x.ldc, s.pack_a, e);
  }

  void Run() {
    const int64_t threads = rt.pool.num_threads();
    kc = GemmDepthBlock(x.k);
    // Whole panels of kNr columns, the last one padded, within the buffer.
    panel_cols = x.packed_b ? x.n : std::min(x.n, rt.shared_pack_size / kc / kNr * kNr);
    // Packing tasks start on whole panels, so their pieces of the shared
    // panel line up as one packing call would lay them out.
    pack_cols = CeilDiv(CeilDiv(panel_cols, threads), kNr) * kNr;
    task_rows = std::max(kMinTaskRows, CeilDiv(x.m, threads * kComputeTasksPerThread));
    task_rows = CeilDiv(task_rows, kMr) * kMr;

    for (c0 = 0; c0 < x.n; c0 += panel_cols) {
      cols = std::min(panel_cols, x.n - c0);
      for (k0 = 0; k0 < x.k; k0 += kc) {
        depth = std::min(kc, x.k - k0);
        if (!x.packed_b)
          rt.pool.ParallelFor(CeilDiv(cols, pack_cols), Pack, this);
        rt.pool.ParallelFor(CeilDiv(x.m, task_rows), Compute, this);
      }
    }
  }
};

} // namespace

void SharedPanelMatMul(tfcc_runtime &rt, const MatMulArgs &x) { SharedPanel(x, rt).Run(); }

} // namespace tfcc::rt

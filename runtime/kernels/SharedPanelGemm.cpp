// Goto's GEMM across threads with one shared packed panel: for each block
// of kc depth (and of up to kSharedRows columns of c), the threads first
// pack op(b)'s panel together, then each task packs its own rows of op(a)
// and runs Eigen's gebp kernel against the shared panel. Splitting into
// blocks of rows independently would make every task pack all of op(b).
// A constant op(b) packed once (MatMulArgs::packed_b) is the panel itself:
// the packing step goes and the tasks read depth blocks of it in place.
#include "runtime/kernels/EigenGemm.h"

#include "runtime/Context.h"
#include "runtime/kernels/MatMul.h"

#include <algorithm>

namespace tfcc::rt {
namespace {

using namespace eigen;

// Rows of c per compute task, at least: fewer would reread the shared panel
// from L3 too often for the work they do.
constexpr Index kMinTaskRows = 64;
// Compute tasks per thread. They duplicate no packing, so several per
// thread cost little and let a thread that another process slows take fewer.
constexpr Index kComputeTasksPerThread = 4;

// In Eigen's column-major view (EigenGemm.h), c^T[n x m] += lhs[n x k] *
// rhs[k x m]; the shared panel is lhs, the tasks split m.
template <int LOrder, int ROrder> struct SharedPanel {
  const MatMulArgs &x;
  tfcc_runtime &rt;
  ConstMapper<LOrder> lhs;
  ConstMapper<ROrder> rhs;
  ResultMapper res;
  Index kc = 0, nc = 0;
  Index panel_rows = 0; // of lhs (columns of c) per shared panel
  Index pack_rows = 0;  // of the panel per packing task
  Index task_cols = 0;  // of res (rows of c) per compute task
  // The block in flight: lhs rows [i0, i0+rows), depth [k0, k0+depth).
  Index i0 = 0, rows = 0, k0 = 0, depth = 0;

  // Where gebp reads the block's packed panel, as its blockA, strideA and
  // offsetA arguments.
  const float *Panel() const {
    return x.packed_b ? PackedBColumns(x.packed_b, i0, x.k) : rt.shared_pack;
  }
  Index PanelStride() const { return x.packed_b ? x.k : depth; }
  Index PanelOffset() const { return x.packed_b ? k0 : 0; }

  SharedPanel(const MatMulArgs &args, tfcc_runtime &runtime)
      : x(args), rt(runtime), lhs(args.b.data, args.b.ld),
        rhs(args.a.data, args.a.ld), res(args.c, args.ldc) {}

  static void Pack(void *ctx, int64_t task, int) {
    auto &p = *static_cast<SharedPanel *>(ctx);
    const Index r0 = task * p.pack_rows;
    PackLhs<LOrder>()(p.rt.shared_pack + r0 * p.depth,
                      p.lhs.getSubMapper(p.i0 + r0, p.k0), p.depth,
                      std::min(p.pack_rows, p.rows - r0));
  }

  static void Compute(void *ctx, int64_t task, int thread) {
    auto &p = *static_cast<SharedPanel *>(ctx);
    const MatMulArgs &x = p.x;
    const Scratch &s = p.rt.scratch[thread];
    const Index j0 = task * p.task_cols;
    const Index cols = std::min(p.task_cols, x.m - j0);
    float *c = x.c + j0 * x.ldc + p.i0; // c rows [j0, j0+cols)
    if (p.k0 == 0)
      InitWithBias(c, x.ldc, cols, p.rows, x.bias ? x.bias + p.i0 : nullptr);
    for (Index j = j0; j < j0 + cols; j += p.nc) {
      const Index width = std::min(p.nc, j0 + cols - j);
      PackRhs<ROrder>()(s.pack_rhs, p.rhs.getSubMapper(p.k0, j), p.depth,
                        width);
      Gebp()(p.res.getSubMapper(p.i0, j), p.Panel(), s.pack_rhs, p.rows,
             p.depth, width, 1.0f, p.PanelStride(), p.depth, p.PanelOffset());
    }
    if (p.k0 + p.depth == x.k)
      ApplyActivation(c, x.ldc, cols, p.rows, x.activation);
  }

  void Run() {
    const Index threads = rt.pool.num_threads();
    // Eigen's blocking for the whole problem, within our buffers.
    kc = x.k;
    Index mc = x.n;
    nc = x.m;
    ei::computeProductBlockingSizes<float, float, 1>(kc, mc, nc, Index(1));
    kc = std::min<Index>(kc, rt.shared_pack_depth);
    nc = std::max<Index>(Traits::nr, std::min<Index>(nc, rt.scratch[0].pack_rhs_size / kc));
    nc -= nc % Traits::nr;
    panel_rows = x.packed_b ? x.n : std::min<Index>(x.n, rt.shared_pack_size / kc);
    if (panel_rows < x.n)
      panel_rows -= panel_rows % Traits::mr;
    // Packing tasks start on whole mr-row panels, so their pieces of the
    // packed panel line up as one packing call would lay them out.
    pack_rows = CeilDiv(CeilDiv(panel_rows, threads), Traits::mr) * Traits::mr;
    task_cols = std::max<Index>(
        kMinTaskRows, CeilDiv(x.m, threads * kComputeTasksPerThread));
    task_cols = CeilDiv(task_cols, Traits::nr) * Traits::nr;

    for (i0 = 0; i0 < x.n; i0 += panel_rows) {
      rows = std::min(panel_rows, x.n - i0);
      for (k0 = 0; k0 < x.k; k0 += kc) {
        depth = std::min(kc, x.k - k0);
        if (!x.packed_b)
          rt.pool.ParallelFor(CeilDiv(rows, pack_rows), Pack, this);
        rt.pool.ParallelFor(CeilDiv(x.m, task_cols), Compute, this);
      }
    }
  }
};

} // namespace

void SharedPanelMatMul(tfcc_runtime &rt, const MatMulArgs &x) {
  if (x.b.transposed) {
    if (x.a.transposed)
      SharedPanel<LhsOrder(true), RhsOrder(true)>(x, rt).Run();
    else
      SharedPanel<LhsOrder(true), RhsOrder(false)>(x, rt).Run();
  } else {
    if (x.a.transposed)
      SharedPanel<LhsOrder(false), RhsOrder(true)>(x, rt).Run();
    else
      SharedPanel<LhsOrder(false), RhsOrder(false)>(x, rt).Run();
  }
}

} // namespace tfcc::rt

// The matmul kernel behind tfcc_rt_matmul_f32, with leading dimensions so
// that Conv2D can hand it a 1x1 convolution directly.
#ifndef TFCC_RUNTIME_KERNELS_MATMUL_H
#define TFCC_RUNTIME_KERNELS_MATMUL_H

#include "runtime/kernels/Gemm.h"

#include <cstddef>
#include <cstdint>

struct tfcc_runtime;

namespace tfcc::rt {

// How MatMul and Conv2D split work over a pool.
// Below this many multiply-adds per task, waking another thread costs more
// than it saves.
constexpr int64_t kMinTaskWork = int64_t(1) << 17;
// The same for a product of a few rows that streams b unpacked (a GEMV): it
// packs nothing, so a task of 2^15 multiply-adds (at batch 1, 128 KB of
// weights, about 2 µs from L3) is still worth a hand-off, which costs well
// under 1 µs to a polling worker (tfcc_threadpool_bench).
constexpr int64_t kMinStreamTaskWork = int64_t(1) << 15;
// Tasks per pool thread, claimed dynamically. Each task packs the operand it
// does not split once more, which costs about as much as 20-30 rows of its
// block, so few large tasks beat many small ones on an idle machine.
constexpr int64_t kTasksPerThread = 1;

// c[m,n] = act(op(a) * op(b) + bias), c row-major with leading dimension ldc.
struct MatMulArgs {
  int64_t m, n, k;
  GemmOperand a, b;
  const float *bias; // n entries, or null
  int32_t activation; // tfcc_activation
  float *c;
  int64_t ldc;
  // op(b) packed once (PackB), or null: then kernels pack it as they go.
  const float *packed_b = nullptr;
  // For a product of a few rows (the GEMV path), op(b) packed once in
  // column panels (PackedPanels), or null.
  const float *panel_b = nullptr;
  // One row of a, a third or more of it zeros, times a constant b that is
  // not transposed and all finite: only the rows of b that meet a nonzero
  // are read, from b as it is (NonzeroRowsAccumulate in MatMul.cpp).
  bool sparse_a = false;
};

// Writes a packed copy of a constant operand described by ctx to dst.
using PackFn = void (*)(const void *ctx, float *dst);

// The process-lifetime copy of `floats` floats behind the packing slot of a
// constant operand, written by `pack` in the first call that gets here
// (64-byte aligned); null when it could not be allocated.
const float *PackOnce(void **slot, size_t floats, PackFn pack, const void *ctx);

// The packed op(b) (k x n) behind `slot` of a constant b, packed by the
// first call that gets here (tfcc_rt_matmul_const_b_f32 and the convolution
// with a constant filter); null when it could not be packed.
const float *PackedB(void **slot, int64_t n, int64_t k, GemmOperand b);

// Columns per panel of PackedPanels (a task's columns are whole panels),
// and per half of one.
constexpr int64_t kPanelCols = 64;
constexpr int64_t kPanelHalfCols = kPanelCols / 2;

// The copy behind `slot` of a constant op(b) (k x n) in panels of kPanelCols
// columns, the last one narrower. A panel is two halves of kPanelHalfCols
// columns (the last half narrower or absent), each half's k rows stored one
// after the other: column block c0 (a multiple of kPanelHalfCols) starts at
// c0 * k. The columns a thread takes are then one contiguous range, which
// one row of a reads as two streams. Null when it could not be allocated.
// The panels are followed by one float, nonzero where every element of b is
// finite (PanelsOfFiniteB).
const float *PackedPanels(void **slot, int64_t n, int64_t k, GemmOperand b);

// Whether every element of the b behind PackedPanels' copy is finite, so
// that a term 0 * b is an exact zero and may be skipped.
bool PanelsOfFiniteB(const float *panels, int64_t n, int64_t k);

// Runs the product on the pool: blocks of rows or columns per thread, or
// SharedPanelMatMul. k may be 0 (c = act(bias)).
void ParallelMatMul(tfcc_runtime &rt, const MatMulArgs &args);

// The multi-threaded GEMM for m >= n (SharedPanelGemm.cpp): the packed
// op(b) panel of each depth block is shared by all threads, which split the
// rows of c in tasks as fine as load balance wants. Needs rt.shared_pack
// (a pool of more than one thread) and k >= 1.
void SharedPanelMatMul(tfcc_runtime &rt, const MatMulArgs &args);

} // namespace tfcc::rt

#endif // TFCC_RUNTIME_KERNELS_MATMUL_H

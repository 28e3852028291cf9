// What a micro-kernel of GemmKernel.cpp is handed for one tile: where the
// rows of op(a) lie and how the tile meets c. Plain structs only: the
// AVX-512 kernel's file (GemmKernelAvx512.cpp) includes this, and an inline
// function compiled there could be the copy every other file links to.
#ifndef TFCC_RUNTIME_KERNELS_GEMMTILE_H
#define TFCC_RUNTIME_KERNELS_GEMMTILE_H

#include <cstdint>

namespace tfcc::rt {

// Rows of op(a) as the kernels read them: row r's element at depth p at
// data[r*row_stride + p*depth_stride], each panel of kMr rows panel_stride
// floats after the one before.
struct APanels {
  const float *data;
  int64_t row_stride, depth_stride, panel_stride;
};

// How a tile meets c as a kernel stores it (GemmEpilogue, for one depth
// block): c = clamp(init + sums, bounds[0], bounds[1]). init's rows are
// init_ld floats apart: c's own rows (ldc), or one row for all (0), the
// bias or zeros. Bounds of -inf and +inf clamp nothing, NaN included.
struct TileStore {
  const float *init;
  int64_t init_ld;
  const float *bounds;
};

// c[6 × 32] = store(a's six rows × two panels of b, b0's 16 columns then
// b1's, over `depth`) with AVX-512F: the work of two calls of the AVX2
// kernel, the same multiply-adds in the same order, so the same bits.
// Only for a CPU with AVX-512F (KernelIsa.h).
void KernelAvx512(int64_t depth, const APanels &a, const float *b0, const float *b1, float *c,
                  int64_t ldc, const TileStore &store);

} // namespace tfcc::rt

#endif // TFCC_RUNTIME_KERNELS_GEMMTILE_H

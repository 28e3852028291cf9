// The GEMM's micro-kernel and the packed layouts it reads (Goto's
// algorithm): op(b) in panels of kNr columns, depth-major, so that each
// step of the kernel loads one contiguous row of a panel; op(a) in panels
// of kMr rows, packed the same way or, against narrow blocks of b, read
// where it is. Gemm.cpp and SharedPanelGemm.cpp block the product and
// pack into these layouts.
#ifndef TFCC_RUNTIME_KERNELS_GEMMKERNEL_H
#define TFCC_RUNTIME_KERNELS_GEMMKERNEL_H

#include "runtime/kernels/Gemm.h"

#include <algorithm>
#include <cstdint>

namespace tfcc::rt {

// The register block: 6 rows × 16 columns of c, 12 of the 16 AVX2
// registers, leaving two for the row of b and two for broadcasts. (The
// AVX-512 kernel takes 6 × 32, two of these panels of b, in 12 of its 32.)
constexpr int64_t kMr = 6;
constexpr int64_t kNr = 16;
// Block sizes for a 32 KB L1 and 512 KB L2 (Zen 3; Intel's cores of the
// same AVX2 generation have as much or more). A 16-column panel of b over
// kKc depth (16 KB) stays in L1 while the row panels of a block of a
// (kMc × kKc, 144 KB) stream past it from L2; a block of b (kKc × kNc,
// 2 MB) is reused from L3 by every block of a.
constexpr int64_t kKc = 256;
constexpr int64_t kMc = 144;
constexpr int64_t kNc = 2048;

// A block size for `extent` of at most `limit` (a multiple of `grain`
// unless it is the whole extent), splitting evenly rather than leaving a
// sliver of a last block.
inline int64_t EvenBlock(int64_t extent, int64_t limit, int64_t grain) {
  if (extent <= limit)
    return extent;
  const int64_t blocks = CeilDiv(extent, limit);
  return std::min(limit, CeilDiv(CeilDiv(extent, blocks), grain) * grain);
}

// The depth blocks of a product of depth k (at most kKc, even, in whole
// unrolled steps of the kernel). Every driver blocks the same way, so a
// product sums its depth in the same order whichever driver runs it.
inline int64_t GemmDepthBlock(int64_t k) { return EvenBlock(k, kKc, 4); }

// The columns a packed op(b) block of `cols` takes: whole panels.
inline int64_t PackedBCols(int64_t cols) { return CeilDiv(cols, kNr) * kNr; }

// Packs op(b) columns [c0, c0 + cols), depth [k0, k0 + depth): panel j
// (columns c0 + j*kNr on) at dst + j*stride, its element (p, q) at p*kNr + q.
// The last panel's missing columns are zeros. dst and stride keep each
// panel 32-byte aligned.
void PackBPanels(GemmOperand b, int64_t k0, int64_t depth, int64_t c0, int64_t cols,
                 int64_t stride, float *dst);

// c[rows × cols] = epilogue(op(a) rows [r0, r0 + rows) × (packed b) over
// depth [k0, k0 + depth)); c points at row r0's first column and the
// epilogue's bias at the entry for c's first column, b's panels are
// `b_stride` floats apart. Rows are taken in blocks of at most kMc, each
// packed into `pack_a` (kMc × kKc floats) or, against b of at most
// kInPlaceCols columns, read where they are. Where the CPU has AVX-512F
// (KernelIsa.h), whole pairs of panels go to a 6 × 32 kernel (GemmTile.h):
// twice the multiply-adds per instruction, the same bits.
void GemmRows(GemmOperand a, int64_t r0, int64_t rows, int64_t k0, int64_t depth,
              const float *b, int64_t b_stride, int64_t cols, float *c, int64_t ldc,
              float *pack_a, const GemmEpilogue &epilogue);

// Against a block of b this narrow, packing rows of op(a) costs more than
// the few passes over them save.
constexpr int64_t kInPlaceCols = 64;

} // namespace tfcc::rt

#endif // TFCC_RUNTIME_KERNELS_GEMMKERNEL_H

// The 6 × 16 AVX2 micro-kernel, the choice between it and the AVX-512 one
// (GemmKernelAvx512.cpp), and the packing routines (GemmKernel.h).
#include "runtime/kernels/GemmKernel.h"

#include "runtime/kernels/GemmTile.h"
#include "runtime/kernels/KernelIsa.h"
#include "runtime/kernels/Lanes.h"
#include "tfcc/kernels.h"

#include <immintrin.h>

#include <cstring>
#include <limits>

namespace tfcc::rt {
namespace {

static_assert(kMr == 6 && kNr == 16, "Kernel's registers assume 6 × 16");

// The init of a first depth block without a bias: one row, as wide as the
// widest kernel.
alignas(64) constexpr float kZeros[2 * kNr] = {};

// One step of depth: a row of the b-panel in ymm12-13, a's six values
// broadcast in turn into ymm14-15, twelve accumulators in ymm0-11. Rows
// 0-2 of a are at %[a] + {0, 1, 2} × %[rs], rows 3-5 at %[a3] + the same;
// both move on by %[ds] per step. `bo` is the step's offset into b.
#define TFCC_GEMM_STEP(bo)                                                                     \
  "vmovaps " #bo "(%[b]), %%ymm12\n\t"                                                         \
  "vmovaps " #bo "+32(%[b]), %%ymm13\n\t"                                                      \
  "vbroadcastss (%[a]), %%ymm14\n\t"                                                           \
  "vbroadcastss (%[a],%[rs],1), %%ymm15\n\t"                                                   \
  "vfmadd231ps %%ymm12, %%ymm14, %%ymm0\n\t"                                                   \
  "vfmadd231ps %%ymm13, %%ymm14, %%ymm1\n\t"                                                   \
  "vbroadcastss (%[a],%[rs],2), %%ymm14\n\t"                                                   \
  "vfmadd231ps %%ymm12, %%ymm15, %%ymm2\n\t"                                                   \
  "vfmadd231ps %%ymm13, %%ymm15, %%ymm3\n\t"                                                   \
  "vbroadcastss (%[a3]), %%ymm15\n\t"                                                          \
  "vfmadd231ps %%ymm12, %%ymm14, %%ymm4\n\t"                                                   \
  "vfmadd231ps %%ymm13, %%ymm14, %%ymm5\n\t"                                                   \
  "vbroadcastss (%[a3],%[rs],1), %%ymm14\n\t"                                                  \
  "vfmadd231ps %%ymm12, %%ymm15, %%ymm6\n\t"                                                   \
  "vfmadd231ps %%ymm13, %%ymm15, %%ymm7\n\t"                                                   \
  "vbroadcastss (%[a3],%[rs],2), %%ymm15\n\t"                                                  \
  "vfmadd231ps %%ymm12, %%ymm14, %%ymm8\n\t"                                                   \
  "vfmadd231ps %%ymm13, %%ymm14, %%ymm9\n\t"                                                   \
  "vfmadd231ps %%ymm12, %%ymm15, %%ymm10\n\t"                                                  \
  "vfmadd231ps %%ymm13, %%ymm15, %%ymm11\n\t"                                                  \
  "add %[ds], %[a]\n\t"                                                                        \
  "add %[ds], %[a3]\n\t"
// Adds the row at %[init] to accumulators ymm(lo), ymm(hi), clamps them to
// [ymm12, ymm13] and stores them to the row of c at %[c], then moves both
// rows on. The clamp's operand order lets NaN through (MAXPS and MINPS
// return their second source when either is NaN).
#define TFCC_GEMM_STORE(lo, hi)                                                                \
  "vaddps (%[init]), %%ymm" #lo ", %%ymm" #lo "\n\t"                                         \
  "vaddps 32(%[init]), %%ymm" #hi ", %%ymm" #hi "\n\t"                                       \
  "vmaxps %%ymm" #lo ", %%ymm12, %%ymm" #lo "\n\t"                                            \
  "vmaxps %%ymm" #hi ", %%ymm12, %%ymm" #hi "\n\t"                                            \
  "vminps %%ymm" #lo ", %%ymm13, %%ymm" #lo "\n\t"                                            \
  "vminps %%ymm" #hi ", %%ymm13, %%ymm" #hi "\n\t"                                            \
  "vmovups %%ymm" #lo ", (%[c])\n\t"                                                          \
  "vmovups %%ymm" #hi ", 32(%[c])\n\t"                                                        \
  "add %[ldc], %[c]\n\t"                                                                     \
  "add %[ild], %[init]\n\t"

// c[6 × 16] = store(a's six rows × b-panel over `depth`). Written in assembly:
// GCC's register allocation of the same loop in intrinsics kept two of the
// twelve accumulators on the stack, a load and a store per step.
void Kernel(int64_t depth, const APanels &a, const float *b, float *c, int64_t ldc,
            const TileStore &store) {
  // The tile's rows are read at the end; fetching them now hides the
  // misses (c's rows are often a page apart) behind the loop.
  for (int r = 0; r < kMr; ++r) {
    _mm_prefetch(reinterpret_cast<const char *>(c + r * ldc), _MM_HINT_T0);
    _mm_prefetch(reinterpret_cast<const char *>(c + r * ldc + kNr - 1), _MM_HINT_T0);
  }
  int64_t quads = depth / 4, rest = depth % 4;
  const float *a0 = a.data, *a3 = a.data + 3 * a.row_stride;
  const int64_t rs = a.row_stride * int64_t(sizeof(float));
  const int64_t ds = a.depth_stride * int64_t(sizeof(float));
  const int64_t ldc_bytes = ldc * int64_t(sizeof(float));
  const float *init = store.init;
  const int64_t init_ld_bytes = store.init_ld * int64_t(sizeof(float));
  asm volatile(
      "vxorps %%ymm0, %%ymm0, %%ymm0\n\t"
      "vxorps %%ymm1, %%ymm1, %%ymm1\n\t"
      "vxorps %%ymm2, %%ymm2, %%ymm2\n\t"
      "vxorps %%ymm3, %%ymm3, %%ymm3\n\t"
      "vxorps %%ymm4, %%ymm4, %%ymm4\n\t"
      "vxorps %%ymm5, %%ymm5, %%ymm5\n\t"
      "vxorps %%ymm6, %%ymm6, %%ymm6\n\t"
      "vxorps %%ymm7, %%ymm7, %%ymm7\n\t"
      "vxorps %%ymm8, %%ymm8, %%ymm8\n\t"
      "vxorps %%ymm9, %%ymm9, %%ymm9\n\t"
      "vxorps %%ymm10, %%ymm10, %%ymm10\n\t"
      "vxorps %%ymm11, %%ymm11, %%ymm11\n\t"
      "test %[quads], %[quads]\n\t"
      "jz 2f\n\t"
      "1:\n\t"
      // A packed panel of a comes from L2 (b's is in L1 already): 16
      // steps ahead. Rows of a read in place stream on their own.
      "prefetcht0 384(%[a])\n\t"
      TFCC_GEMM_STEP(0) TFCC_GEMM_STEP(64) TFCC_GEMM_STEP(128) TFCC_GEMM_STEP(192)
      "add $256, %[b]\n\t"
      "dec %[quads]\n\t"
      "jnz 1b\n\t"
      "2:\n\t"
      "test %[rest], %[rest]\n\t"
      "jz 4f\n\t"
      "3:\n\t"
      TFCC_GEMM_STEP(0)
      "add $64, %[b]\n\t"
      "dec %[rest]\n\t"
      "jnz 3b\n\t"
      "4:\n\t"
      "vbroadcastss (%[bounds]), %%ymm12\n\t"
      "vbroadcastss 4(%[bounds]), %%ymm13\n\t"
      TFCC_GEMM_STORE(0, 1) TFCC_GEMM_STORE(2, 3) TFCC_GEMM_STORE(4, 5)
      TFCC_GEMM_STORE(6, 7) TFCC_GEMM_STORE(8, 9) TFCC_GEMM_STORE(10, 11)
      "vzeroupper\n\t"
      : [a] "+r"(a0), [a3] "+r"(a3), [b] "+r"(b), [c] "+r"(c), [quads] "+r"(quads),
        [rest] "+r"(rest), [init] "+r"(init)
      : [rs] "r"(rs), [ds] "r"(ds), [ldc] "r"(ldc_bytes), [ild] "r"(init_ld_bytes),
        [bounds] "r"(store.bounds)
      : "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", "xmm8", "xmm9",
        "xmm10", "xmm11", "xmm12", "xmm13", "xmm14", "xmm15", "memory", "cc");
}
#undef TFCC_GEMM_STORE
#undef TFCC_GEMM_STEP

// A tile at c's bottom or right edge: `ROWS` rows (of the panel's kMr)
// and `cols` columns of c, in NV vectors (the last one masked where cols
// ends inside it). Few enough accumulators that intrinsics stay in
// registers; the edge tiles of a block are a small part of its work.
// ROWS may be 2 * kMr for one vector (GemmPanels takes two panels of a at
// once there): rows 6-11 come from the next panel. NV may be 4 for whole
// panels: vectors 2-3 are the next panel of b's, `b_stride` floats on.
template <int ROWS, int NV>
void EdgeKernel(int64_t depth, const APanels &ap, const float *b, int64_t b_stride, float *c,
                int64_t ldc, const TileStore &store, int64_t cols) {
  static_assert(ROWS <= kMr || NV == 1, "two panels of a only for one vector");
  static_assert(NV <= 2 || ROWS <= 3, "four vectors' sums fit 16 registers up to 3 rows");
  const float *a = ap.data;
  const int64_t rs = ap.row_stride, ds = ap.depth_stride, ps = ap.panel_stride;
  __m256 acc[ROWS][NV];
#pragma GCC unroll 12
  for (int r = 0; r < ROWS; ++r)
#pragma GCC unroll 4
    for (int v = 0; v < NV; ++v)
      acc[r][v] = _mm256_setzero_ps();
  for (int64_t p = 0; p < depth; ++p, a += ds, b += kNr) {
    // A panel of b at a time (its one or two vectors), each row's value
    // broadcast against it: at 3 rows × 4 vectors, 12 sums, 2 vectors of b
    // and a broadcast fill 15 of the 16 registers.
#pragma GCC unroll 2
    for (int t = 0; t < (NV + 1) / 2; ++t) {
      constexpr int kPanelVectors = NV < 2 ? NV : 2;
      __m256 row[kPanelVectors];
#pragma GCC unroll 2
      for (int v = 0; v < kPanelVectors; ++v)
        row[v] = _mm256_load_ps(b + t * b_stride + v * kLanes);
#pragma GCC unroll 12
      for (int r = 0; r < ROWS; ++r) {
        const __m256 x = _mm256_broadcast_ss(a + (r / kMr) * ps + (r % kMr) * rs);
#pragma GCC unroll 2
        for (int v = 0; v < kPanelVectors; ++v)
          acc[r][2 * t + v] = _mm256_fmadd_ps(x, row[v], acc[r][2 * t + v]);
      }
    }
  }
  const __m256 lo = _mm256_broadcast_ss(store.bounds), hi = _mm256_broadcast_ss(store.bounds + 1);
  // Operand order as the kernel's: NaN passes the clamp.
  auto finish = [&](__m256 init, __m256 sums) {
    return _mm256_min_ps(hi, _mm256_max_ps(lo, _mm256_add_ps(init, sums)));
  };
  const int64_t last = cols - (NV - 1) * kLanes; // columns in the last vector
  const __m256i mask = LaneMask(last);
#pragma GCC unroll 12
  for (int r = 0; r < ROWS; ++r) {
    float *cr = c + r * ldc;
    const float *ir = store.init + r * store.init_ld;
    for (int v = 0; v + 1 < NV; ++v)
      _mm256_storeu_ps(cr + v * kLanes, finish(_mm256_loadu_ps(ir + v * kLanes), acc[r][v]));
    float *cl = cr + (NV - 1) * kLanes;
    const float *il = ir + (NV - 1) * kLanes;
    if (last == kLanes)
      _mm256_storeu_ps(cl, finish(_mm256_loadu_ps(il), acc[r][NV - 1]));
    else
      _mm256_maskstore_ps(cl, mask, finish(_mm256_maskload_ps(il, mask), acc[r][NV - 1]));
  }
}

using EdgeFn = void (*)(int64_t, const APanels &, const float *, int64_t, float *, int64_t,
                        const TileStore &, int64_t);
// By rows - 1, then by vectors - 1.
constexpr EdgeFn kEdgeKernels[kMr][2] = {
    {EdgeKernel<1, 1>, EdgeKernel<1, 2>}, {EdgeKernel<2, 1>, EdgeKernel<2, 2>},
    {EdgeKernel<3, 1>, EdgeKernel<3, 2>}, {EdgeKernel<4, 1>, EdgeKernel<4, 2>},
    {EdgeKernel<5, 1>, EdgeKernel<5, 2>}, {EdgeKernel<6, 1>, EdgeKernel<6, 2>}};

// The last `rows` (< kMr) rows of a block against two whole panels of b,
// 32 columns. A panel at a time, a 1-3-row edge keeps only 2-6 sums in
// flight, too few to hide the multiply-adds' latency; against both it
// keeps 4-12. BM_TfccBatchTimesWeights (m = 7-9 less m = 6, b 784 × 512,
// nine runs): such an edge took 26-51 µs a panel at a time (median 36)
// and 11-40 against both (median 25); a whole 6-row tile takes 51-63.
// Four and five rows already keep 8 and 10 sums a panel, and stay a panel
// at a time: as 2 + 2 and 3 + 2 against both they were no faster.
void EdgeRowsOfTwoPanels(int64_t rows, int64_t depth, const APanels &a, const float *b,
                         int64_t b_stride, float *c, int64_t ldc, const TileStore &store) {
  switch (rows) {
  case 1:
    return EdgeKernel<1, 4>(depth, a, b, b_stride, c, ldc, store, 2 * kNr);
  case 2:
    return EdgeKernel<2, 4>(depth, a, b, b_stride, c, ldc, store, 2 * kNr);
  case 3:
    return EdgeKernel<3, 4>(depth, a, b, b_stride, c, ldc, store, 2 * kNr);
  default: {
    const TileStore right{store.init + kNr, store.init_ld, store.bounds};
    kEdgeKernels[rows - 1][1](depth, a, b, b_stride, c, ldc, store, kNr);
    kEdgeKernels[rows - 1][1](depth, a, b + b_stride, b_stride, c + kNr, ldc, right, kNr);
  }
  }
}

// Depth p..p+7 of six rows of a into the 48 floats of a panel at d: an
// 8 × 8 transpose with two rows of zeros. Each output vector holds one
// depth's six values (then two zeros, overwritten by the next store).
void TransposeSixRows(const float *const *row, int64_t p, float *d) {
  const __m256 zero = _mm256_setzero_ps();
  const __m256 r0 = _mm256_loadu_ps(row[0] + p), r1 = _mm256_loadu_ps(row[1] + p),
               r2 = _mm256_loadu_ps(row[2] + p), r3 = _mm256_loadu_ps(row[3] + p),
               r4 = _mm256_loadu_ps(row[4] + p), r5 = _mm256_loadu_ps(row[5] + p);
  // Per 128-bit lane: pairs of rows interleaved, then groups of four.
  const __m256 t0 = _mm256_unpacklo_ps(r0, r1), t1 = _mm256_unpackhi_ps(r0, r1),
               t2 = _mm256_unpacklo_ps(r2, r3), t3 = _mm256_unpackhi_ps(r2, r3),
               t4 = _mm256_unpacklo_ps(r4, r5), t5 = _mm256_unpackhi_ps(r4, r5);
  const __m256 s0 = _mm256_shuffle_ps(t0, t2, 0x44), s1 = _mm256_shuffle_ps(t0, t2, 0xEE),
               s2 = _mm256_shuffle_ps(t1, t3, 0x44), s3 = _mm256_shuffle_ps(t1, t3, 0xEE),
               s4 = _mm256_shuffle_ps(t4, zero, 0x44), s5 = _mm256_shuffle_ps(t4, zero, 0xEE),
               s6 = _mm256_shuffle_ps(t5, zero, 0x44), s7 = _mm256_shuffle_ps(t5, zero, 0xEE);
  _mm256_storeu_ps(d + 0 * kMr, _mm256_permute2f128_ps(s0, s4, 0x20));
  _mm256_storeu_ps(d + 1 * kMr, _mm256_permute2f128_ps(s1, s5, 0x20));
  _mm256_storeu_ps(d + 2 * kMr, _mm256_permute2f128_ps(s2, s6, 0x20));
  _mm256_storeu_ps(d + 3 * kMr, _mm256_permute2f128_ps(s3, s7, 0x20));
  _mm256_storeu_ps(d + 4 * kMr, _mm256_permute2f128_ps(s0, s4, 0x31));
  _mm256_storeu_ps(d + 5 * kMr, _mm256_permute2f128_ps(s1, s5, 0x31));
  _mm256_storeu_ps(d + 6 * kMr, _mm256_permute2f128_ps(s2, s6, 0x31));
  // The last depth's six floats only: the block may end here.
  const __m256 last = _mm256_permute2f128_ps(s3, s7, 0x31);
  _mm_storeu_ps(d + 7 * kMr, _mm256_castps256_ps128(last));
  _mm_storel_pi(reinterpret_cast<__m64 *>(d + 7 * kMr + 4), _mm256_extractf128_ps(last, 1));
}

// Packs op(a) rows [r0, r0 + rows), depth [k0, k0 + depth): panel i (rows
// r0 + i*kMr on) at dst + i*kMr*depth, its element (r, p) at p*kMr + r. The
// last panel's missing rows are zeros.
void PackAPanels(GemmOperand a, int64_t r0, int64_t rows, int64_t k0, int64_t depth,
                 float *dst) {
  for (int64_t i = 0; i < rows; i += kMr, dst += kMr * depth) {
    const int64_t h = std::min(kMr, rows - i);
    if (a.transposed) {
      // op(a)(r, p) = data[p*ld + r]: a panel's row at depth p is contiguous.
      const float *src = a.data + k0 * a.ld + r0 + i;
      for (int64_t p = 0; p < depth; ++p, src += a.ld) {
        float *d = dst + p * kMr;
        std::memcpy(d, src, size_t(h) * sizeof(float));
        std::fill(d + h, d + kMr, 0.0f);
      }
      continue;
    }
    const float *row[kMr];
    for (int64_t r = 0; r < kMr; ++r)
      row[r] = r < h ? a.data + (r0 + i + r) * a.ld + k0 : nullptr;
    if (h == kMr) {
      float *d = dst;
      int64_t p = 0;
      for (; p + 8 <= depth; p += 8, d += 8 * kMr)
        TransposeSixRows(row, p, d);
      for (; p < depth; ++p, d += kMr)
        for (int64_t r = 0; r < kMr; ++r)
          d[r] = row[r][p];
    } else {
      float *d = dst;
      for (int64_t p = 0; p < depth; ++p, d += kMr)
        for (int64_t r = 0; r < kMr; ++r)
          d[r] = r < h ? row[r][p] : 0.0f;
    }
  }
}

// op(a) rows [r0, r0 + rows), depth [k0, k0 + depth) for a block of b of
// `cols` columns: read in place, or packed into `buffer`.
APanels PrepareA(GemmOperand a, int64_t r0, int64_t rows, int64_t k0, int64_t depth,
                 int64_t cols, float *buffer) {
  if (cols <= kInPlaceCols) {
    if (a.transposed) // a panel's row at depth p: data[p*ld + r0 ..]
      return {a.data + k0 * a.ld + r0, 1, a.ld, kMr};
    return {a.data + r0 * a.ld + k0, a.ld, 1, kMr * a.ld};
  }
  PackAPanels(a, r0, rows, k0, depth, buffer);
  return {buffer, 1, kMr, kMr * depth};
}

// c[rows × cols] = epilogue(a × (packed b) over `depth`), b's panels
// `b_stride` floats apart; `bounds` the clamp for the epilogue. With
// `avx512`, whole pairs of panels go to the AVX-512 kernel.
void GemmPanels(int64_t rows, int64_t cols, int64_t depth, const APanels &a, const float *b,
                int64_t b_stride, float *c, int64_t ldc, const GemmEpilogue &e,
                const float *bounds, bool avx512) {
  auto store_at = [&](int64_t i, int64_t j) {
    return e.first ? TileStore{e.bias ? e.bias + j : kZeros, 0, bounds}
                   : TileStore{c + i * ldc + j, ldc, bounds};
  };
  auto rows_at = [&](int64_t i) {
    APanels p = a;
    p.data += i / kMr * a.panel_stride;
    return p;
  };
  const int64_t whole = rows / kMr * kMr; // rows in whole tiles
  // Each panel of b (16 KB at kKc; a pair, 32 KB, for AVX-512) stays in L1
  // while every panel of a passes it.
  for (int64_t j = 0; j < cols;) {
    const int64_t w = std::min(kNr, cols - j);
    if (cols - j >= 2 * kNr) {
      // Two whole panels: their whole tiles, a panel at a time (or both
      // at once with AVX-512), then the edge rows against both.
      if (avx512) {
        for (int64_t i = 0; i < whole; i += kMr)
          KernelAvx512(depth, rows_at(i), b, b + b_stride, c + i * ldc + j, ldc, store_at(i, j));
      } else {
        for (int64_t t = 0; t < 2; ++t)
          for (int64_t i = 0; i < whole; i += kMr)
            Kernel(depth, rows_at(i), b + t * b_stride, c + i * ldc + j + t * kNr, ldc,
                   store_at(i, j + t * kNr));
      }
      if (whole < rows)
        EdgeRowsOfTwoPanels(rows - whole, depth, rows_at(whole), b, b_stride,
                            c + whole * ldc + j, ldc, store_at(whole, j));
      j += 2 * kNr;
      b += 2 * b_stride;
      continue;
    }
    // The last panel, whole or narrower.
    for (int64_t i = 0; i < rows;) {
      const int64_t h = std::min(kMr, rows - i);
      float *ct = c + i * ldc + j;
      const TileStore store = store_at(i, j);
      // Panels of a taken in this step: a one-vector edge takes two when
      // it can, so that 12 sums hide the multiply-adds' latency (6 leave
      // the core waiting on them).
      int64_t panels = 1;
      if (h == kMr && w == kNr) {
        Kernel(depth, rows_at(i), b, ct, ldc, store);
      } else if (w <= kLanes && rows - i >= 2 * kMr) {
        EdgeKernel<2 * kMr, 1>(depth, rows_at(i), b, b_stride, ct, ldc, store, w);
        panels = 2;
      } else {
        kEdgeKernels[h - 1][w > kLanes](depth, rows_at(i), b, b_stride, ct, ldc, store, w);
      }
      i += panels * kMr;
    }
    j += kNr;
    b += b_stride;
  }
}

} // namespace

void PackBPanels(GemmOperand b, int64_t k0, int64_t depth, int64_t c0, int64_t cols,
                 int64_t stride, float *dst) {
  for (int64_t j = 0; j < cols; j += kNr, dst += stride) {
    const int64_t w = std::min(kNr, cols - j);
    if (!b.transposed) {
      // op(b)(p, q) = data[p*ld + q]: a panel's row is contiguous.
      const float *src = b.data + k0 * b.ld + c0 + j;
      float *d = dst;
      if (w == kNr) {
        for (int64_t p = 0; p < depth; ++p, src += b.ld, d += kNr) {
          _mm256_store_ps(d, _mm256_loadu_ps(src));
          _mm256_store_ps(d + 8, _mm256_loadu_ps(src + 8));
        }
      } else {
        // The last, narrower panel: masked loads read only its columns and
        // leave zeros in the rest.
        const __m256i lo = LaneMask(std::min(w, kLanes)), hi = LaneMask(w - kLanes);
        for (int64_t p = 0; p < depth; ++p, src += b.ld, d += kNr) {
          _mm256_store_ps(d, _mm256_maskload_ps(src, lo));
          _mm256_store_ps(d + 8, _mm256_maskload_ps(src + 8, hi));
        }
      }
      continue;
    }
    // Transposed, each of the panel's columns is a contiguous row of data:
    // read them in turn, writing down the panel.
    for (int64_t q = 0; q < kNr; ++q) {
      float *d = dst + q;
      if (q < w) {
        const float *src = b.data + (c0 + j + q) * b.ld + k0;
        for (int64_t p = 0; p < depth; ++p)
          d[p * kNr] = src[p];
      } else {
        for (int64_t p = 0; p < depth; ++p)
          d[p * kNr] = 0.0f;
      }
    }
  }
}

void GemmRows(GemmOperand a, int64_t r0, int64_t rows, int64_t k0, int64_t depth,
              const float *b, int64_t b_stride, int64_t cols, float *c, int64_t ldc,
              float *pack_a, const GemmEpilogue &e) {
  constexpr float kInf = std::numeric_limits<float>::infinity();
  float bounds[2] = {-kInf, kInf};
  if (e.last && (e.activation == TFCC_ACT_RELU || e.activation == TFCC_ACT_RELU6))
    bounds[0] = 0.0f;
  if (e.last && e.activation == TFCC_ACT_RELU6)
    bounds[1] = 6.0f;
  const bool avx512 = ActiveKernelIsa() == KernelIsa::kAvx512;
  const int64_t mc = EvenBlock(rows, kMc, kMr);
  for (int64_t i = 0; i < rows; i += mc) {
    const int64_t h = std::min(mc, rows - i);
    GemmPanels(h, cols, depth, PrepareA(a, r0 + i, h, k0, depth, cols, pack_a), b, b_stride,
               c + i * ldc, ldc, e, bounds, avx512);
  }
}

} // namespace tfcc::rt

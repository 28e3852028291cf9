// The 6 × 32 AVX-512 micro-kernel (GemmTile.h). Built with AVX-512 enabled
// and run only where the CPU has it; it includes
// nothing with inline functions (see GemmTile.h), so no code built here is
// shared with the rest of the runtime.
#include "runtime/kernels/Avx512Intrinsics.h"
#include "runtime/kernels/GemmTile.h"

namespace tfcc::rt {
namespace {
// With a unit row stride (a packed), the six values of a step are at fixed
// offsets from one pointer; otherwise (a read in place) each row needs its own.
template <bool kUnitRowStride>
void Kernel(int64_t depth, const APanels &a, const float *b0, const float *b1, float *c,
            int64_t ldc, const TileStore &store) {
  constexpr int kRows = 6;
  // As in the AVX2 kernel: fetch the tile's rows of c (two lines each)
  // now, so that the misses hide behind the loop.
  for (int r = 0; r < kRows; ++r) {
    _mm_prefetch(reinterpret_cast<const char *>(c + r * ldc), _MM_HINT_T0);
    _mm_prefetch(reinterpret_cast<const char *>(c + r * ldc + 31), _MM_HINT_T0);
  }
  const float *ap = a.data;
  const int64_t rs = kUnitRowStride ? 1 : a.row_stride, ds = a.depth_stride;
  // Twelve sums, two per row: with 32 registers the compiler keeps them
  // and the two rows of b in registers (the AVX2 kernel's 16 did not).
  __m512 acc[kRows][2];
#pragma GCC unroll 6
  for (int r = 0; r < kRows; ++r)
    acc[r][0] = acc[r][1] = _mm512_setzero_ps();
#pragma GCC unroll 4
  for (int64_t p = 0; p < depth; ++p, ap += ds, b0 += 16, b1 += 16) {
    const __m512 lo = _mm512_loadu_ps(b0), hi = _mm512_loadu_ps(b1);
#pragma GCC unroll 6
    for (int r = 0; r < kRows; ++r) {
      const __m512 x = _mm512_set1_ps(ap[r * rs]);
      acc[r][0] = _mm512_fmadd_ps(x, lo, acc[r][0]);
      acc[r][1] = _mm512_fmadd_ps(x, hi, acc[r][1]);
    }
  }
  const __m512 lower = _mm512_set1_ps(store.bounds[0]), upper = _mm512_set1_ps(store.bounds[1]);
  // The AVX2 kernel's operand order: MAXPS and MINPS return their second
  // operand when either is NaN, so NaN passes the clamp.
  auto finish = [&](const float *init, __m512 sums) {
    return _mm512_min_ps(upper, _mm512_max_ps(lower, _mm512_add_ps(_mm512_loadu_ps(init), sums)));
  };
  const float *init = store.init;
#pragma GCC unroll 6
  for (int r = 0; r < kRows; ++r, c += ldc, init += store.init_ld) {
    _mm512_storeu_ps(c, finish(init, acc[r][0]));
    _mm512_storeu_ps(c + 16, finish(init + 16, acc[r][1]));
  }
}
} // namespace

void KernelAvx512(int64_t depth, const APanels &a, const float *b0, const float *b1, float *c,
                  int64_t ldc, const TileStore &store) {
  if (a.row_stride == 1)
    Kernel<true>(depth, a, b0, b1, c, ldc, store);
  else
    Kernel<false>(depth, a, b0, b1, c, ldc, store);
}

} // namespace tfcc::rt

// The direct convolution's register blocks in AVX-512F (DirectBlock.h):
// DirectConv.cpp's DirectBlock on 16-channel vectors. Built with AVX-512
// enabled and run only where the CPU has it; it includes nothing with
// inline functions (see GemmTile.h), which is also why the loop over taps
// is written here again rather than shared with DirectBlock: a template
// both files instantiate could link the AVX-512 copy into the AVX2 path.
#include "runtime/kernels/Avx512Intrinsics.h"
#include "runtime/kernels/DirectBlock.h"
#include "tfcc/kernels.h"

namespace tfcc::rt {
namespace {

constexpr int kWide = 16; // floats per vector

// Output block b: NP pixels x NV channel vectors over every tap of t; RUN:
// t.depth when it is known here (the loop over a run unrolls), else 0. The
// order of the multiply-adds, the bias first and the activation's operand
// order are DirectConv.cpp's DirectBlock's.
template <int NP, int NV, int RUN> void Block512(const Block &b, const Taps &t) {
  // The last vector's channels past `valid` are neither read (the filter's
  // rows are padded only to 8) nor written.
  const __mmask16 tail = __mmask16((1u << b.valid) - 1);
  __m512 acc[NP][NV];
#pragma GCC unroll 2
  for (int v = 0; v < NV; ++v) {
    const __mmask16 lanes = v == NV - 1 ? tail : __mmask16(0xFFFF);
    const __m512 init =
        b.bias ? _mm512_maskz_loadu_ps(lanes, b.bias + v * kWide) : _mm512_setzero_ps();
#pragma GCC unroll 6
    for (int p = 0; p < NP; ++p)
      acc[p][v] = init;
  }
  const float *f = b.filter;
  for (int64_t ky = 0; ky < t.rows; ++ky)
    for (int64_t run = 0; run < t.runs; ++run) {
      const float *x[NP];
#pragma GCC unroll 6
      for (int p = 0; p < NP; ++p)
        x[p] = b.in + ky * t.row_step + run * t.run_step + p * b.pixel_step;
      const int64_t depth = RUN ? RUN : t.depth;
      for (int64_t d = 0; d < depth; ++d, f += b.ldf) {
        __m512 w[NV];
#pragma GCC unroll 2
        for (int v = 0; v < NV; ++v)
          w[v] = v == NV - 1 ? _mm512_maskz_loadu_ps(tail, f + v * kWide)
                             : _mm512_loadu_ps(f + v * kWide);
#pragma GCC unroll 6
        for (int p = 0; p < NP; ++p) {
          const __m512 xp = _mm512_set1_ps(x[p][d]);
#pragma GCC unroll 2
          for (int v = 0; v < NV; ++v)
            acc[p][v] = _mm512_fmadd_ps(xp, w[v], acc[p][v]);
        }
      }
    }
  const int32_t activation = b.activation;
  float *const out = b.out;
  const int64_t out_step = b.out_step;
  if (activation == TFCC_ACT_RELU || activation == TFCC_ACT_RELU6) {
    const __m512 zero = _mm512_setzero_ps(), six = _mm512_set1_ps(6.0f);
#pragma GCC unroll 6
    for (int p = 0; p < NP; ++p)
#pragma GCC unroll 2
      for (int v = 0; v < NV; ++v) {
        acc[p][v] = _mm512_max_ps(zero, acc[p][v]);
        if (activation == TFCC_ACT_RELU6)
          acc[p][v] = _mm512_min_ps(six, acc[p][v]);
      }
  }
#pragma GCC unroll 6
  for (int p = 0; p < NP; ++p)
#pragma GCC unroll 2
    for (int v = 0; v < NV; ++v) {
      float *dst = out + p * out_step + v * kWide;
      if (v == NV - 1)
        _mm512_mask_storeu_ps(dst, tail, acc[p][v]);
      else
        _mm512_storeu_ps(dst, acc[p][v]);
    }
}

template <int RUN>
constexpr BlockFn kBlocks[2][6] = {
    {Block512<1, 1, RUN>, Block512<2, 1, RUN>, Block512<3, 1, RUN>, Block512<4, 1, RUN>,
     Block512<5, 1, RUN>, Block512<6, 1, RUN>},
    {Block512<1, 2, RUN>, Block512<2, 2, RUN>, Block512<3, 2, RUN>, Block512<4, 2, RUN>,
     Block512<5, 2, RUN>, Block512<6, 2, RUN>}};

} // namespace

const BlockFn *DirectBlocksAvx512(int vectors, bool runs_of_three) {
  return runs_of_three ? kBlocks<3>[vectors - 1] : kBlocks<0>[vectors - 1];
}

} // namespace tfcc::rt

// The direct convolution's register block, written once for both vector
// widths: DirectConv.cpp instantiates it on AVX2 vectors, and
// DirectConvAvx512.cpp (built with AVX-512) on AVX-512 ones. Everything
// here has internal linkage, so each file compiles its own copy with its
// own instruction set; a shared inline definition could otherwise link the
// AVX-512 copy into the AVX2 path (see GemmTile.h).
//
// LANES supplies the vector type and operations: V, kWidth, and, for the
// block's last vector, whose channels past `valid` are neither read from
// the bias nor written (LoadTail, StoreTail; LoadFilter(p, last) reads a
// filter row, padded only to 8 channels).
#ifndef TFCC_RUNTIME_KERNELS_DIRECTBLOCKBODY_H
#define TFCC_RUNTIME_KERNELS_DIRECTBLOCKBODY_H

#include "runtime/kernels/DirectBlock.h"
#include "tfcc/kernels.h"

#include <cstdint>

namespace tfcc::rt {
namespace {

// Output block b: NP pixels x NV channel vectors over every tap of t; RUN:
// t.depth when it is known here (the loop over a run unrolls), else 0.
// Each channel starts from its bias and adds the taps in order; ReLU and
// ReLU6 take max and min in an operand order that passes NaN through, as
// ApplyActivation does.
template <class LANES, int NP, int NV, int RUN> void DirectBlock(const Block &b, const Taps &t) {
  using V = typename LANES::V;
  constexpr int64_t kWidth = LANES::kWidth;
  const LANES lanes(b.valid);
  V acc[NP][NV];
#pragma GCC unroll 2
  for (int v = 0; v < NV; ++v) {
    V init = lanes.Zero();
    if (b.bias)
      init = v == NV - 1 ? lanes.LoadTail(b.bias + v * kWidth) : lanes.Load(b.bias + v * kWidth);
#pragma GCC unroll 6
    for (int p = 0; p < NP; ++p)
      acc[p][v] = init;
  }
  const float *f = b.filter;
  for (int64_t ky = 0; ky < t.rows; ++ky)
    for (int64_t run = 0; run < t.runs; ++run) {
      // One pointer per pixel: the loads below then need no address
      // arithmetic beyond base + index.
      const float *x[NP];
#pragma GCC unroll 6
      for (int p = 0; p < NP; ++p)
        x[p] = b.in + ky * t.row_step + run * t.run_step + p * b.pixel_step;
      const int64_t depth = RUN ? RUN : t.depth;
      for (int64_t d = 0; d < depth; ++d, f += b.ldf) {
        V w[NV];
#pragma GCC unroll 2
        for (int v = 0; v < NV; ++v)
          w[v] = lanes.LoadFilter(f + v * kWidth, v == NV - 1);
#pragma GCC unroll 6
        for (int p = 0; p < NP; ++p) {
          const V xp = lanes.Broadcast(x[p] + d);
#pragma GCC unroll 2
          for (int v = 0; v < NV; ++v)
            acc[p][v] = lanes.Fmadd(xp, w[v], acc[p][v]);
        }
      }
    }
  // Fields read once: the stores below could alias `b` for the compiler.
  const int32_t activation = b.activation;
  float *const out = b.out;
  const int64_t out_step = b.out_step;
  if (activation == TFCC_ACT_RELU || activation == TFCC_ACT_RELU6) {
    const V zero = lanes.Zero(), six = lanes.Splat(6.0f);
#pragma GCC unroll 6
    for (int p = 0; p < NP; ++p)
#pragma GCC unroll 2
      for (int v = 0; v < NV; ++v) {
        acc[p][v] = lanes.Max(zero, acc[p][v]);
        if (activation == TFCC_ACT_RELU6)
          acc[p][v] = lanes.Min(six, acc[p][v]);
      }
  }
#pragma GCC unroll 6
  for (int p = 0; p < NP; ++p)
#pragma GCC unroll 2
    for (int v = 0; v < NV; ++v) {
      float *dst = out + p * out_step + v * kWidth;
      if (v == NV - 1)
        lanes.StoreTail(dst, acc[p][v]);
      else
        lanes.Store(dst, acc[p][v]);
    }
}

// The blocks by vectors - 1 and pixels - 1 (1..2 vectors, 1..6 pixels),
// for runs of any length (RUN = 0) or of exactly RUN floats, a loop the
// compiler unrolls.
template <class LANES, int RUN>
constexpr BlockFn kDirectBlocks[2][6] = {
    {DirectBlock<LANES, 1, 1, RUN>, DirectBlock<LANES, 2, 1, RUN>,
     DirectBlock<LANES, 3, 1, RUN>, DirectBlock<LANES, 4, 1, RUN>,
     DirectBlock<LANES, 5, 1, RUN>, DirectBlock<LANES, 6, 1, RUN>},
    {DirectBlock<LANES, 1, 2, RUN>, DirectBlock<LANES, 2, 2, RUN>,
     DirectBlock<LANES, 3, 2, RUN>, DirectBlock<LANES, 4, 2, RUN>,
     DirectBlock<LANES, 5, 2, RUN>, DirectBlock<LANES, 6, 2, RUN>}};

} // namespace
} // namespace tfcc::rt

#endif // TFCC_RUNTIME_KERNELS_DIRECTBLOCKBODY_H

// The direct convolution's register blocks on AVX-512F vectors of 16
// channels (DirectBlock.h): DirectBlockBody.h's block, instantiated in this
// file, which alone is built with AVX-512 and runs only where the CPU has
// it. It includes nothing with external inline functions (see GemmTile.h).
#include "runtime/kernels/Avx512Intrinsics.h"
#include "runtime/kernels/DirectBlock.h"
#include "runtime/kernels/DirectBlockBody.h"

namespace tfcc::rt {
namespace {

// AVX-512 vectors for DirectBlockBody.h. The filter's rows are padded only
// to 8 channels, so the last vector's filter loads are masked as well.
struct Avx512Lanes {
  using V = __m512;
  static constexpr int64_t kWidth = 16;
  explicit Avx512Lanes(int valid) : tail(__mmask16((1u << valid) - 1)) {}
  V Zero() const { return _mm512_setzero_ps(); }
  V Splat(float x) const { return _mm512_set1_ps(x); }
  V Broadcast(const float *p) const { return _mm512_set1_ps(*p); }
  V Load(const float *p) const { return _mm512_loadu_ps(p); }
  V LoadTail(const float *p) const { return _mm512_maskz_loadu_ps(tail, p); }
  V LoadFilter(const float *p, bool last) const {
    return last ? _mm512_maskz_loadu_ps(tail, p) : _mm512_loadu_ps(p);
  }
  void Store(float *p, V v) const { _mm512_storeu_ps(p, v); }
  void StoreTail(float *p, V v) const { _mm512_mask_storeu_ps(p, tail, v); }
  static V Fmadd(V a, V b, V c) { return _mm512_fmadd_ps(a, b, c); }
  static V Max(V a, V b) { return _mm512_max_ps(a, b); }
  static V Min(V a, V b) { return _mm512_min_ps(a, b); }
  __mmask16 tail;
};

} // namespace

const BlockFn *DirectBlocksAvx512(int vectors, bool runs_of_three) {
  return runs_of_three ? kDirectBlocks<Avx512Lanes, 3>[vectors - 1]
                       : kDirectBlocks<Avx512Lanes, 0>[vectors - 1];
}

} // namespace tfcc::rt

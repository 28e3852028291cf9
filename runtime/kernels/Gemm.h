// The single-threaded GEMM building block of the runtime kernels: Eigen's
// blocked GEMM run on packing buffers that the caller owns, so it never
// allocates. MatMul.cpp and Conv2D.cpp split work into such blocks.
#ifndef TFCC_RUNTIME_KERNELS_GEMM_H
#define TFCC_RUNTIME_KERNELS_GEMM_H

#include <cstdint>

namespace tfcc::rt {

// One thread's preallocated buffers (see Context.h).
struct Scratch {
  float *pack_lhs = nullptr;
  int64_t pack_lhs_size = 0; // floats
  float *pack_rhs = nullptr;
  int64_t pack_rhs_size = 0;
  float *im2col = nullptr;
  int64_t im2col_size = 0;
  // The convolution rows of one max-pool window (ConvMaxPool.cpp):
  // TFCC_CONV_MAX_POOL_ROW_FLOATS.
  float *pool_rows = nullptr;
};

// Packing buffer sizes (in floats) for full-speed blocking on this CPU;
// smaller buffers still work, with smaller blocks.
struct GemmPackSizes {
  int64_t max_depth; // the deepest block Eigen picks (kc)
  int64_t lhs;       // per thread
  int64_t rhs;       // per thread
};
GemmPackSizes PreferredGemmPackSizes();

// A row-major matrix operand: element (i, j) of op(X) is data[i*ld + j], or
// data[j*ld + i] when transposed.
struct GemmOperand {
  const float *data;
  int64_t ld;
  bool transposed;
};

// c[m,n] += op(a)[m,k] * op(b)[k,n], c row-major with leading dimension ldc.
// Uses only scratch's pack buffers. m, n, k >= 1.
void GemmAccumulate(const Scratch &scratch, int64_t m, int64_t n, int64_t k,
                    GemmOperand a, GemmOperand b, float *c, int64_t ldc);

// A constant op(b) packed once (tfcc_rt_matmul_const_b_f32): Eigen's packed
// layout of its gebp micro-kernel's lhs over the whole depth, k*n floats.
// That layout follows from the flags the kernels are built with
// (x86-64-v3), not from the CPU that runs them, so memory packed by this
// library in this process is always right for it; the compiler never sees
// it. Packing needs 32-byte aligned memory.
void PackB(int64_t n, int64_t k, GemmOperand b, float *packed);

// The columns of op(b) a packed block may start at: multiples of this.
int64_t PackedBGrain();

// The columns of packed op(b) from c0 (a multiple of PackedBGrain()) on.
inline const float *PackedBColumns(const float *packed, int64_t c0,
                                   int64_t k) {
  return packed + c0 * k;
}

// As GemmAccumulate, with op(b) given by PackedBColumns instead: only op(a)
// is packed, into scratch's rhs buffer.
void GemmAccumulatePacked(const Scratch &scratch, int64_t m, int64_t n,
                          int64_t k, GemmOperand a, const float *packed_b,
                          float *c, int64_t ldc);

} // namespace tfcc::rt

#endif // TFCC_RUNTIME_KERNELS_GEMM_H

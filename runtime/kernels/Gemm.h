// The single-threaded GEMM building block of the runtime kernels: the
// packed micro-kernel of GemmKernel.h run on packing buffers that the
// caller owns, so it never allocates. MatMul.cpp and Conv2D.cpp split work
// into such blocks.
#ifndef TFCC_RUNTIME_KERNELS_GEMM_H
#define TFCC_RUNTIME_KERNELS_GEMM_H

#include <cstdint>

namespace tfcc::rt {

inline int64_t CeilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }

// One thread's preallocated buffers (see Context.h).
struct Scratch {
  float *pack_a = nullptr; // a block of op(a) rows (GemmKernel.h)
  int64_t pack_a_size = 0; // floats
  float *pack_b = nullptr; // a block of op(b) columns
  int64_t pack_b_size = 0;
  float *im2col = nullptr;
  int64_t im2col_size = 0;
  // The convolution rows of one max-pool window (ConvMaxPool.cpp):
  // TFCC_CONV_MAX_POOL_ROW_FLOATS.
  float *pool_rows = nullptr;
};

// Packing buffer sizes (in floats) for full-speed blocking; Gemm expects at
// least these.
struct GemmPackSizes {
  int64_t max_depth; // the deepest depth block (kc)
  int64_t a;         // per thread
  int64_t b;         // per thread
};
GemmPackSizes PreferredGemmPackSizes();

// A row-major matrix operand: element (i, j) of op(X) is data[i*ld + j], or
// data[j*ld + i] when transposed.
struct GemmOperand {
  const float *data;
  int64_t ld;
  bool transposed;
};

// What a product does with the c it stores: c = act(init + op(a) op(b)).
// init is c's value, or, for `first`, the bias (n entries, broadcast along
// rows; zeros when null) and c is not read; act (tfcc_activation: ReLU,
// ReLU6 or none) only for `last`. A product whose depth is split over
// several calls makes the first call `first` and the last one `last`; the
// defaults accumulate. The kernels apply both as they store each tile, so c
// is not passed over before and after.
struct GemmEpilogue {
  bool first = false;
  const float *bias = nullptr;
  bool last = false;
  int32_t activation = 0;
};

// c[m,n] = epilogue(op(a)[m,k] * op(b)[k,n]), c row-major with leading
// dimension ldc. Uses only scratch's pack buffers. m, n, k >= 1.
void Gemm(const Scratch &scratch, int64_t m, int64_t n, int64_t k, GemmOperand a,
          GemmOperand b, float *c, int64_t ldc, const GemmEpilogue &epilogue = {});

// A constant op(b) packed once (tfcc_rt_matmul_const_b_f32): the
// micro-kernel's column panels over the whole depth, PackedBSize(n, k)
// floats, 32-byte aligned. The compiler never sees this layout.
void PackB(int64_t n, int64_t k, GemmOperand b, float *packed);
int64_t PackedBSize(int64_t n, int64_t k);

// The columns of op(b) a packed block may start at: multiples of this.
int64_t PackedBGrain();

// The columns of packed op(b) from c0 (a multiple of PackedBGrain()) on.
inline const float *PackedBColumns(const float *packed, int64_t c0,
                                   int64_t k) {
  return packed + c0 * k;
}

// As Gemm, with op(b) given by PackedBColumns instead: only op(a) is
// packed, into scratch's pack_a.
void GemmPacked(const Scratch &scratch, int64_t m, int64_t n, int64_t k, GemmOperand a,
                const float *packed_b, float *c, int64_t ldc,
                const GemmEpilogue &epilogue = {});

// The epilogue on its own, for the products that do not run the kernels:
// c = act(c) for rows x cols of c (NaN passes through, as TensorFlow's Relu
// lets it), and rows x cols of c set to bias (broadcast along rows) or 0.
void ApplyActivation(float *c, int64_t ldc, int64_t rows, int64_t cols,
                     int32_t activation);
void InitWithBias(float *c, int64_t ldc, int64_t rows, int64_t cols,
                  const float *bias);

} // namespace tfcc::rt

#endif // TFCC_RUNTIME_KERNELS_GEMM_H

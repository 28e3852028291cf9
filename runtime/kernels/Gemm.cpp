// The GEMM drivers over GemmKernel.h's micro-kernel (Goto's loop order:
// depth blocks of op(b) packed once per call, blocks of op(a) rows packed
// against each), and Eigen's GEMV (GeneralMatrixVector.h) for
// matrix-vector shapes, called below the level of Eigen's expression
// templates so that the call allocates nothing.
#include "runtime/kernels/EigenGemm.h"

#include "runtime/kernels/Gemm.h"
#include "runtime/kernels/GemmKernel.h"
#include "tfcc/kernels.h"

#include <algorithm>

namespace tfcc::rt {
namespace {

using namespace eigen;

// res[i*res_incr] += sum_j M(i,j) * vec[j*vec_incr] for M rows x cols, M(i,j)
// = data[i*ld + j] (row_major) or data[j*ld + i]. Returns false where Eigen's
// GEMV cannot take these strides (the caller then uses the GEMM).
bool TryGemv(Index rows, Index cols, const float *data, Index ld,
             bool row_major, const float *vec, Index vec_incr, float *res,
             Index res_incr) {
  // Eigen's row-major GEMV wants a contiguous vector, its column-major one
  // a contiguous result.
  if (row_major) {
    if (vec_incr != 1)
      return false;
    ei::general_matrix_vector_product<
        Index, float, ConstMapper<kRowMajor>, kRowMajor, false, float,
        ConstMapper<kColMajor>, false>::run(rows, cols,
                                            ConstMapper<kRowMajor>(data, ld),
                                            ConstMapper<kColMajor>(vec, 1),
                                            res, res_incr, 1.0f);
    return true;
  }
  if (res_incr != 1)
    return false;
  ei::general_matrix_vector_product<
      Index, float, ConstMapper<kColMajor>, kColMajor, false, float,
      ConstMapper<kRowMajor>, false>::run(rows, cols,
                                          ConstMapper<kColMajor>(data, ld),
                                          ConstMapper<kRowMajor>(vec, vec_incr),
                                          res, 1, 1.0f);
  return true;
}

// Matrix-vector shapes go to Eigen's GEMV: the GEMM would pack the whole
// matrix only to use it once.
bool TryVectorProduct(Index m, Index n, Index k, GemmOperand a, GemmOperand b,
                      float *c, Index ldc) {
  if (n == 1) // c[:,0] = op(a) * op(b)[:,0]
    return TryGemv(m, k, a.data, a.ld, !a.transposed, b.data,
                   b.transposed ? 1 : b.ld, c, ldc);
  if (m == 1) // c[0,:]^T = op(b)^T * op(a)[0,:]^T
    return TryGemv(n, k, b.data, b.ld, b.transposed, a.data,
                   a.transposed ? a.ld : 1, c, 1);
  return false;
}

// The epilogue for depth block [k0, k0 + depth) of k.
GemmEpilogue BlockEpilogue(const GemmEpilogue &e, int64_t k0, int64_t depth, int64_t k) {
  return {e.first && k0 == 0, e.bias, e.last && k0 + depth == k, e.activation};
}

} // namespace

GemmPackSizes PreferredGemmPackSizes() {
  return {kKc, kMc * kKc, kKc * kNc};
}

void Gemm(const Scratch &s, int64_t m, int64_t n, int64_t k, GemmOperand a, GemmOperand b,
          float *c, int64_t ldc, const GemmEpilogue &epilogue) {
  GemmEpilogue e = epilogue;
  if (m == 1 || n == 1) {
    // Eigen's GEMV accumulates into c.
    if (e.first)
      InitWithBias(c, ldc, m, n, e.bias);
    if (TryVectorProduct(m, n, k, a, b, c, ldc)) {
      if (e.last)
        ApplyActivation(c, ldc, m, n, e.activation);
      return;
    }
    e.first = false; // the kernels then, onto the bias in c
  }
  const int64_t kc = GemmDepthBlock(k);
  const int64_t nc = EvenBlock(n, kNc, kNr);
  for (int64_t j0 = 0; j0 < n; j0 += nc) {
    const int64_t cols = std::min(nc, n - j0);
    GemmEpilogue block = e;
    block.bias = e.bias ? e.bias + j0 : nullptr;
    for (int64_t k0 = 0; k0 < k; k0 += kc) {
      const int64_t depth = std::min(kc, k - k0);
      PackBPanels(b, k0, depth, j0, cols, depth * kNr, s.pack_b);
      GemmRows(a, 0, m, k0, depth, s.pack_b, depth * kNr, cols, c + j0, ldc, s.pack_a,
               BlockEpilogue(block, k0, depth, k));
    }
  }
}

void PackB(int64_t n, int64_t k, GemmOperand b, float *packed) {
  PackBPanels(b, 0, k, 0, n, k * kNr, packed);
}

int64_t PackedBSize(int64_t n, int64_t k) { return PackedBCols(n) * k; }

int64_t PackedBGrain() { return kNr; }

void GemmPacked(const Scratch &s, int64_t m, int64_t n, int64_t k, GemmOperand a,
                const float *packed_b, float *c, int64_t ldc, const GemmEpilogue &e) {
  // The packed panels cover the whole depth: a depth block of them is read
  // in place, k*kNr floats from one panel to the next.
  const int64_t kc = GemmDepthBlock(k);
  for (int64_t k0 = 0; k0 < k; k0 += kc) {
    const int64_t depth = std::min(kc, k - k0);
    GemmRows(a, 0, m, k0, depth, packed_b + k0 * kNr, k * kNr, n, c, ldc, s.pack_a,
             BlockEpilogue(e, k0, depth, k));
  }
}

void InitWithBias(float *c, int64_t ldc, int64_t rows, int64_t cols,
                  const float *bias) {
  for (int64_t i = 0; i < rows; ++i) {
    float *row = c + i * ldc;
    if (bias)
      std::copy(bias, bias + cols, row);
    else
      std::fill(row, row + cols, 0.0f);
  }
}

void ApplyActivation(float *c, int64_t ldc, int64_t rows, int64_t cols,
                     int32_t activation) {
  if (activation != TFCC_ACT_RELU && activation != TFCC_ACT_RELU6)
    return;
  // Written so that NaN passes through, as TensorFlow's Relu does.
  const float hi = activation == TFCC_ACT_RELU6 ? 6.0f : 0.0f;
  for (int64_t i = 0; i < rows; ++i) {
    float *row = c + i * ldc;
    if (activation == TFCC_ACT_RELU) {
      for (int64_t j = 0; j < cols; ++j)
        row[j] = row[j] < 0.0f ? 0.0f : row[j];
    } else {
      for (int64_t j = 0; j < cols; ++j)
        row[j] = row[j] < 0.0f ? 0.0f : (row[j] > hi ? hi : row[j]);
    }
  }
}

} // namespace tfcc::rt

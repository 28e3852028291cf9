// Eigen's GEMM and GEMV kernels (GeneralMatrixMatrix.h, GeneralMatrixVector.h)
// called below the level of Eigen's expression templates, so that the
// packing buffers are ours and the call allocates nothing.
#include "runtime/kernels/EigenGemm.h"

#include "runtime/kernels/Gemm.h"

#include <algorithm>

namespace tfcc::rt {
namespace {

using namespace eigen;

// Eigen keeps the whole row panel of the lhs packed (mc = rows); cap it so
// the buffer has a fixed size. 2048 rows of a kc-deep panel stay in L3.
constexpr Index kMaxPackedRows = 2048;

Index RoundDown(Index x, Index multiple) {
  return std::max(multiple, x - x % multiple);
}

// A block size for `extent` of at most `limit` (a multiple of `grain`
// unless it is the whole extent), splitting evenly rather than leaving a
// sliver of a last block.
Index Fit(Index extent, Index limit, Index grain) {
  if (extent <= limit)
    return extent;
  limit = RoundDown(limit, grain);
  const Index blocks = (extent + limit - 1) / limit;
  const Index even = (extent + blocks - 1) / blocks;
  return std::min(limit, (even + grain - 1) / grain * grain);
}

// Eigen's blocking heuristic, with blockA/blockB pointing at our buffers and
// the block sizes shrunk where the buffers are smaller than Eigen would like.
// rows/cols/depth are those of Eigen's column-major formulation.
class PreallocatedBlocking : public ei::level3_blocking<float, float> {
public:
  PreallocatedBlocking(const Scratch &s, Index rows, Index cols,
                       Index depth) {
    m_mc = rows;
    m_nc = cols;
    m_kc = depth;
    ei::computeProductBlockingSizes<float, float, 1>(m_kc, m_mc, m_nc,
                                                     Index(1));
    const Index min_panel = std::max<Index>(Traits::mr, Traits::nr);
    Index max_kc = std::min(s.pack_lhs_size, s.pack_rhs_size) / min_panel;
    if (m_kc > max_kc)
      m_kc = RoundDown(max_kc, 8);
    m_mc = Fit(std::min(m_mc, rows), s.pack_lhs_size / m_kc, Traits::mr);
    m_nc = Fit(std::min(m_nc, cols), s.pack_rhs_size / m_kc, Traits::nr);
    m_blockA = s.pack_lhs;
    m_blockB = s.pack_rhs;
  }
};

template <int AOrder, int BOrder>
void RunGemm(const Scratch &s, Index m, Index n, Index k, const float *a,
             Index lda, const float *b, Index ldb, float *c, Index ldc) {
  // The row-major-result product forwards to the column-major one for
  // c^T = op(b)^T op(a)^T, so the blocking is that of an n x m x k problem.
  PreallocatedBlocking blocking(s, n, m, k);
  ei::general_matrix_matrix_product<Index, float, AOrder, false, float,
                                    BOrder, false, kRowMajor,
                                    1>::run(m, n, k, a, lda, b, ldb, c, 1,
                                            ldc, 1.0f, blocking);
}

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

// c^T[n x m] += lhs[n x k] * op(a)^T in Eigen's view (EigenGemm.h), the
// lhs packed over its whole depth: gebp reads a depth block of it through
// its stride and offset arguments, as Eigen's triangular products do.
// Goto's loop order with the lhs packing gone: each packed block of op(a)
// serves every lhs block of mc rows.
template <bool ATransposed>
void RunPackedGemm(const Scratch &s, Index m, Index n, Index k, const float *a,
                   Index lda, const float *packed_b, float *c, Index ldc) {
  PreallocatedBlocking blocking(s, n, m, k);
  const Index mc = blocking.mc(), nc = blocking.nc(), kc = blocking.kc();
  ConstMapper<RhsOrder(ATransposed)> rhs(a, lda);
  ResultMapper res(c, ldc);
  for (Index j = 0; j < m; j += nc) {
    const Index width = std::min(nc, m - j);
    for (Index k0 = 0; k0 < k; k0 += kc) {
      const Index depth = std::min(kc, k - k0);
      PackRhs<RhsOrder(ATransposed)>()(
          s.pack_rhs, rhs.getSubMapper(k0, j), depth, width);
      for (Index i = 0; i < n; i += mc)
        Gebp()(res.getSubMapper(i, j), PackedBColumns(packed_b, i, k),
               s.pack_rhs, std::min(mc, n - i), depth, width, 1.0f,
               /*strideA=*/k, /*strideB=*/depth, /*offsetA=*/k0);
    }
  }
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

} // namespace

GemmPackSizes PreferredGemmPackSizes() {
  // The largest blocks Eigen's heuristic picks on this CPU, over every depth
  // up to twice the deepest block (deeper problems are split into blocks of
  // at most that depth).
  Index max_kc = 8, max_rhs = 0;
  Index deepest = 1 << 16, m = 1 << 16, n = 1 << 16;
  ei::computeProductBlockingSizes<float, float, 1>(deepest, m, n, Index(1));
  for (Index depth = 1; depth <= 2 * deepest; ++depth) {
    Index kc = depth, mc = 1 << 16, nc = 1 << 16;
    ei::computeProductBlockingSizes<float, float, 1>(kc, mc, nc, Index(1));
    max_kc = std::max(max_kc, kc);
    max_rhs = std::max(max_rhs, kc * std::min<Index>(nc, 1 << 16));
  }
  Index rows = kMaxPackedRows - kMaxPackedRows % Traits::mr;
  return {int64_t(max_kc), int64_t(max_kc * rows), int64_t(max_rhs)};
}

void GemmAccumulate(const Scratch &s, int64_t m, int64_t n, int64_t k,
                    GemmOperand a, GemmOperand b, float *c, int64_t ldc) {
  if (TryVectorProduct(m, n, k, a, b, c, ldc))
    return;
  // A row-major operand read transposed is a column-major one.
  auto run = a.transposed
                 ? (b.transposed ? RunGemm<kColMajor, kColMajor>
                                 : RunGemm<kColMajor, kRowMajor>)
                 : (b.transposed ? RunGemm<kRowMajor, kColMajor>
                                 : RunGemm<kRowMajor, kRowMajor>);
  run(s, m, n, k, a.data, a.ld, b.data, b.ld, c, ldc);
}

void PackB(int64_t n, int64_t k, GemmOperand b, float *packed) {
  if (b.transposed)
    PackLhs<LhsOrder(true)>()(packed, ConstMapper<LhsOrder(true)>(b.data, b.ld),
                              k, n);
  else
    PackLhs<LhsOrder(false)>()(
        packed, ConstMapper<LhsOrder(false)>(b.data, b.ld), k, n);
}

// Packed panels are mr rows of the lhs (columns of op(b)) each; the
// narrower ones only come at the end.
int64_t PackedBGrain() { return Traits::mr; }

void GemmAccumulatePacked(const Scratch &s, int64_t m, int64_t n, int64_t k,
                          GemmOperand a, const float *packed_b, float *c,
                          int64_t ldc) {
  if (a.transposed)
    RunPackedGemm<true>(s, m, n, k, a.data, a.ld, packed_b, c, ldc);
  else
    RunPackedGemm<false>(s, m, n, k, a.data, a.ld, packed_b, c, ldc);
}

} // namespace tfcc::rt

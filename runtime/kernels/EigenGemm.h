// Eigen's GEMM building blocks (GeneralBlockPanelKernel.h: packing routines
// and the gebp micro-kernel driver), for the kernel sources only: include
// it first, before anything else that might include Eigen.
#ifndef TFCC_RUNTIME_KERNELS_EIGENGEMM_H
#define TFCC_RUNTIME_KERNELS_EIGENGEMM_H

// Our Eigen instantiations are built for x86-64-v3; a program that links the
// runtime may instantiate the same Eigen templates with other flags. Renaming
// the namespace keeps the two apart instead of letting the linker pick one.
#define Eigen tfcc_eigen
#include <Eigen/Core>

namespace tfcc::rt::eigen {

namespace ei = tfcc_eigen::internal;
using Index = tfcc_eigen::Index;
using Traits = ei::gebp_traits<float, float>;
constexpr int kRowMajor = tfcc_eigen::RowMajor;
constexpr int kColMajor = tfcc_eigen::ColMajor;

// Eigen computes a row-major c = op(a) * op(b) as the column-major product
// c^T = op(b)^T * op(a)^T: its "lhs" is op(b)^T (n x k), its "rhs" op(a)^T
// (k x m), its result c^T (n x m). These are the storage orders of that
// lhs and rhs for our row-major operands.
constexpr int LhsOrder(bool b_transposed) {
  return b_transposed ? kRowMajor : kColMajor;
}
constexpr int RhsOrder(bool a_transposed) {
  return a_transposed ? kRowMajor : kColMajor;
}

template <int Order>
using ConstMapper = ei::const_blas_data_mapper<float, Index, Order>;
using ResultMapper =
    ei::blas_data_mapper<float, Index, kColMajor, tfcc_eigen::Unaligned, 1>;

template <int Order>
using PackLhs = ei::gemm_pack_lhs<float, Index, ConstMapper<Order>, Traits::mr,
                                  Traits::LhsProgress,
                                  typename Traits::LhsPacket4Packing, Order>;
template <int Order>
using PackRhs = ei::gemm_pack_rhs<float, Index, ConstMapper<Order>, Traits::nr,
                                  Order>;
using Gebp = ei::gebp_kernel<float, float, Index, ResultMapper, Traits::mr,
                             Traits::nr, false, false>;

} // namespace tfcc::rt::eigen

#endif // TFCC_RUNTIME_KERNELS_EIGENGEMM_H

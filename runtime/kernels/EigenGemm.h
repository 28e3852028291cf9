// Eigen's GEMV kernel (GeneralMatrixVector.h) below the level of its
// expression templates, for the kernel sources only: include it first,
// before anything else that might include Eigen.
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
constexpr int kRowMajor = tfcc_eigen::RowMajor;
constexpr int kColMajor = tfcc_eigen::ColMajor;

template <int Order>
using ConstMapper = ei::const_blas_data_mapper<float, Index, Order>;

} // namespace tfcc::rt::eigen

#endif // TFCC_RUNTIME_KERNELS_EIGENGEMM_H

//===- MatMulPatterns.h - products with constant weights merged -*- C++ -*-===//
#ifndef TFCC_PASSES_MATMULPATTERNS_H
#define TFCC_PASSES_MATMULPATTERNS_H

namespace mlir {
class RewritePatternSet;
namespace tfcc {

/// a1·W1 + a2·W2 with constant W1, W2 becomes [a1 a2]·[W1; W2]: one product
/// over the joined depth (MatMulPatterns.cpp).
void populateMergeMatMulsPatterns(RewritePatternSet &patterns);

} // namespace tfcc
} // namespace mlir

#endif // TFCC_PASSES_MATMULPATTERNS_H

//===- FusionPatterns.h - when elementwise fusion pays ---------*- C++ -*-===//
#ifndef TFCC_CODEGEN_FUSIONPATTERNS_H
#define TFCC_CODEGEN_FUSIONPATTERNS_H

namespace mlir {
class OpOperand;
class RewritePatternSet;
namespace tfcc {

/// The control function of tfcc-fuse-elementwise: true where fusing the
/// producer of `fused` into its elementwise consumer costs less than storing
/// the producer's result: it is cheap to recompute, or it still runs once
/// per element (FusionPatterns.cpp says which cases are which).
bool fusionPays(OpOperand *fused);

/// Rank-0 tensor inputs of linalg.generic ops become scalar operands, so the
/// value is read once before the loops.
void populateScalarizeRankZeroInputsPatterns(RewritePatternSet &patterns);

} // namespace tfcc
} // namespace mlir

#endif // TFCC_CODEGEN_FUSIONPATTERNS_H

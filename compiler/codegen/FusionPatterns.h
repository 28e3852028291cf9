//===- FusionPatterns.h - when elementwise fusion pays ---------*- C++ -*-===//
#ifndef TFCC_CODEGEN_FUSIONPATTERNS_H
#define TFCC_CODEGEN_FUSIONPATTERNS_H

namespace mlir {
class OpOperand;
class RewritePatternSet;
namespace tfcc {

/// The control function of tfcc-fuse-elementwise: true where fusing the
/// producer of `fused` into its elementwise consumer repeats none of the
/// producer's arithmetic (FusionPatterns.cpp says which cases do).
bool fusesWithoutRecomputing(OpOperand *fused);

/// Rank-0 tensor inputs of linalg.generic ops become scalar operands, so the
/// value is read once before the loops.
void populateScalarizeRankZeroInputsPatterns(RewritePatternSet &patterns);

} // namespace tfcc
} // namespace mlir

#endif // TFCC_CODEGEN_FUSIONPATTERNS_H

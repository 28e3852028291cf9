//===- FuseElementwise.cpp - the tfcc-fuse-elementwise pass ---------------===//
#include "compiler/codegen/FusionPatterns.h"
#include "compiler/codegen/Passes.h"

#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::tfcc {
#define GEN_PASS_DEF_FUSEELEMENTWISE
#include "compiler/codegen/Passes.h.inc"
} // namespace mlir::tfcc

using namespace mlir;

namespace {
struct FuseElementwisePass : public tfcc::impl::FuseElementwiseBase<FuseElementwisePass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    linalg::populateElementwiseOpsFusionPatterns(patterns, tfcc::fusionPays);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
    // After fusion, so that a scalar operand never stands between two ops
    // that would fuse.
    RewritePatternSet scalars(&getContext());
    tfcc::populateScalarizeRankZeroInputsPatterns(scalars);
    if (failed(applyPatternsGreedily(getOperation(), std::move(scalars))))
      signalPassFailure();
  }
};
} // namespace

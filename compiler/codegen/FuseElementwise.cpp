//===- FuseElementwise.cpp - the tfcc-fuse-elementwise pass ---------------===//
#include "compiler/codegen/Passes.h"

#include "mlir/Dialect/Linalg/Transforms/Transforms.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::tfcc {
#define GEN_PASS_DEF_FUSEELEMENTWISE
#include "compiler/codegen/Passes.h.inc"
} // namespace mlir::tfcc

using namespace mlir;

namespace {
/// Fuse only into consumers whose loops are all parallel.
bool intoElementwiseOnly(OpOperand *fused) {
  auto consumer = dyn_cast<linalg::LinalgOp>(fused->getOwner());
  return consumer && consumer.getNumLoops() == consumer.getNumParallelLoops();
}

struct FuseElementwisePass : public tfcc::impl::FuseElementwiseBase<FuseElementwisePass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    linalg::populateElementwiseOpsFusionPatterns(patterns, intoElementwiseOnly);
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace

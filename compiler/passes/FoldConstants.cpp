//===- FoldConstants.cpp - the tfcc-fold-constants pass -------------------===//
#include "compiler/passes/Passes.h"

#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::tfcc {
#define GEN_PASS_DEF_FOLDCONSTANTS
#include "compiler/passes/Passes.h.inc"
} // namespace mlir::tfcc

using namespace mlir;

namespace {
/// The greedy driver folds every op through its folder and removes dead
/// pure ops; tfcc's folders do the work, so no patterns are needed.
struct FoldConstantsPass : public tfcc::impl::FoldConstantsBase<FoldConstantsPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    for (RegisteredOperationName op : getContext().getRegisteredOperations())
      if (op.getDialectNamespace() == "tfcc")
        op.getCanonicalizationPatterns(patterns, &getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      return signalPassFailure();
  }
};
} // namespace

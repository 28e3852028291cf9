//===- MergeMatMuls.cpp - the tfcc-merge-matmuls pass ---------------------===//
#include "compiler/passes/MatMulPatterns.h"
#include "compiler/passes/Passes.h"

#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::tfcc {
#define GEN_PASS_DEF_MERGEMATMULS
#include "compiler/passes/Passes.h.inc"
} // namespace mlir::tfcc

using namespace mlir;

namespace {
struct MergeMatMulsPass : public tfcc::impl::MergeMatMulsBase<MergeMatMulsPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    tfcc::populateMergeMatMulsPatterns(patterns);
    // The greedy driver also erases the products and constants left unused.
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};
} // namespace

//===- ApproximateMath.cpp - the tfcc-approximate-math pass ---------------===//
#include "compiler/codegen/Passes.h"

#include "mlir/Dialect/Math/Transforms/Passes.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

namespace mlir::tfcc {
#define GEN_PASS_DEF_APPROXIMATEMATH
#include "compiler/codegen/Passes.h.inc"
} // namespace mlir::tfcc

using namespace mlir;

namespace {
/// The math ops whose f32 polynomial approximations replace libm calls, by
/// name with or without the `math.` prefix. sin and cos stay libm calls:
/// their approximations were not measured against TF's tolerances.
bool approximated(StringRef name) {
  name.consume_front("math.");
  return llvm::is_contained({"exp", "expm1", "log", "log1p", "log2", "tanh", "erf"}, name);
}

struct ApproximateMathPass : public tfcc::impl::ApproximateMathBase<ApproximateMathPass> {
  void runOnOperation() override {
    // The patterns build scalar or vector code: ops on tensors (math applies
    // elementwise to them too) are left alone rather than rewritten wrongly.
    SmallVector<Operation *> ops;
    getOperation().walk([&](Operation *op) {
      if (isa_and_nonnull<math::MathDialect>(op->getDialect()) &&
          approximated(op->getName().getStringRef()) && op->getNumResults() == 1 &&
          isa<FloatType, VectorType>(op->getResult(0).getType()))
        ops.push_back(op);
    });
    RewritePatternSet patterns(&getContext());
    populateMathPolynomialApproximationPatterns(patterns, approximated);
    // Ops the approximations create (expm1 builds exp and log) are rewritten
    // too. Not converging only leaves some ops to libm, so it is no error.
    (void)applyOpPatternsGreedily(
        ops, std::move(patterns),
        GreedyRewriteConfig().setStrictness(GreedyRewriteStrictness::ExistingAndNewOps));
  }
};
} // namespace

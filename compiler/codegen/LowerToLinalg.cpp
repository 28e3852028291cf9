//===- LowerToLinalg.cpp - the tfcc-lower-to-linalg pass ------------------===//
#include "compiler/codegen/Passes.h"
#include "compiler/codegen/lowering/Lowering.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Transforms/DialectConversion.h"

namespace mlir::tfcc {
#define GEN_PASS_DEF_LOWERTOLINALG
#include "compiler/codegen/Passes.h.inc"
} // namespace mlir::tfcc

using namespace mlir;
using namespace mlir::tfcc;

namespace {
struct LowerToLinalgPass : public tfcc::impl::LowerToLinalgBase<LowerToLinalgPass> {
  using LowerToLinalgBase::LowerToLinalgBase;
  void runOnOperation() override {
    MLIRContext *ctx = &getContext();
    RewritePatternSet patterns(ctx);
    populateTfccToLinalgPatterns(patterns, minKernelMacs);

    // Ops with no lowering at all get one clear error each, before the
    // conversion framework's generic "failed to legalize".
    llvm::DenseSet<OperationName> lowered;
    for (const auto &p : patterns.getNativePatterns())
      if (std::optional<OperationName> root = p->getRootKind())
        lowered.insert(*root);
    bool missing = false;
    getOperation().walk([&](Operation *op) {
      if (!isa<TFCCDialect>(op->getDialect()) || lowered.contains(op->getName()))
        return;
      if (auto opaque = dyn_cast<OpaqueOp>(op))
        op->emitError() << "op '" << opaque.getTfOp() << "' is not supported by tfcc";
      else
        op->emitError() << "op '" << op->getName().stripDialect()
                        << "' has no CPU code generation yet";
      missing = true;
    });
    if (missing)
      return signalPassFailure();

    ConversionTarget target(*ctx);
    target.addIllegalDialect<TFCCDialect>();
    target.addLegalDialect<arith::ArithDialect, linalg::LinalgDialect, math::MathDialect,
                           tensor::TensorDialect, scf::SCFDialect, func::FuncDialect>();
    // A pattern that cannot lower its op says why; the framework's own
    // "failed to legalize" for that op would only repeat it.
    bool explained = false;
    ScopedDiagnosticHandler handler(ctx, [&](Diagnostic &diag) {
      if (diag.getSeverity() != DiagnosticSeverity::Error)
        return failure();
      if (explained && StringRef(diag.str()).starts_with("failed to legalize"))
        return success();
      explained = true;
      return failure();
    });
    if (failed(applyPartialConversion(getOperation(), target, std::move(patterns))))
      return signalPassFailure();

    // A tensor fetched under two names is returned twice; each result needs
    // its own buffer (buffer-results-to-out-params cannot share one), so
    // repeats return a copy.
    getOperation().walk([](func::ReturnOp ret) {
      DenseSet<Value> seen;
      OpBuilder b(ret);
      for (OpOperand &operand : ret->getOpOperands())
        if (!seen.insert(operand.get()).second)
          operand.set(bufferization::AllocTensorOp::create(
              b, ret.getLoc(), cast<RankedTensorType>(operand.get().getType()), ValueRange{},
              operand.get()));
    });
  }
};
} // namespace

//===- CheckSupported.cpp - the tfcc-check-supported pass -----------------===//
#include "compiler/passes/Passes.h"

namespace mlir::tfcc {
#define GEN_PASS_DEF_CHECKSUPPORTED
#include "compiler/passes/Passes.h.inc"
} // namespace mlir::tfcc

using namespace mlir;
using namespace mlir::tfcc;

namespace {
struct CheckSupportedPass : public tfcc::impl::CheckSupportedBase<CheckSupportedPass> {
  void runOnOperation() override {
    bool found = false;
    getOperation().walk([&](OpaqueOp op) {
      if (op.getReason())
        op.emitError() << "op '" << op.getTfOp() << "' cannot be compiled: " << *op.getReason();
      else
        op.emitError() << "op '" << op.getTfOp() << "' is not supported by tfcc";
      found = true;
    });
    if (found)
      signalPassFailure();
  }
};
} // namespace

//===- OutlineLoopNests.cpp - the tfcc-outline-loop-nests pass ------------===//
//
// A signature of a large graph (ResNet-50's training step: ~1300 loop nests)
// is one function, and LLVM's loop analyses (ScalarEvolution, LoopAccessInfo)
// cost more than linearly in the size of the function they run on. Moving
// each linalg op of such a function into a small function of its own keeps
// every function LLVM optimizes small; a call per op costs nothing next to
// the loops of a model that large.
//
//===----------------------------------------------------------------------===//
#include "compiler/codegen/NestOutlining.h"
#include "compiler/codegen/Passes.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"

namespace mlir::tfcc {
#define GEN_PASS_DEF_OUTLINELOOPNESTS
#include "compiler/codegen/Passes.h.inc"
} // namespace mlir::tfcc

using namespace mlir;

namespace {

struct OutlineLoopNestsPass : public mlir::tfcc::impl::OutlineLoopNestsBase<OutlineLoopNestsPass> {
  using OutlineLoopNestsBase::OutlineLoopNestsBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<func::FuncOp> fns(module.getOps<func::FuncOp>());
    for (func::FuncOp fn : fns) {
      if (fn.isExternal())
        continue;
      SmallVector<linalg::LinalgOp> nests;
      fn.walk([&](linalg::LinalgOp op) { nests.push_back(op); });
      if ((int64_t)nests.size() < minOps)
        continue;
      int64_t count = 0;
      for (linalg::LinalgOp nest : nests) {
        Operation *op = nest.getOperation();
        OpBuilder b(module.getContext());
        std::string name = (fn.getName() + "__nest" + Twine(count)).str();
        FailureOr<::tfcc::codegen::OutlinedNest> outlined =
            ::tfcc::codegen::startOutlinedNest(b, fn, op, name);
        if (failed(outlined))
          continue;
        ++count;
        b.clone(*op, outlined->map);
        func::ReturnOp::create(b, op->getLoc());
        b.setInsertionPoint(op);
        func::CallOp::create(b, op->getLoc(), outlined->fn, outlined->captured);
        op->erase();
      }
    }
  }
};

} // namespace

//===- ShapeInference.cpp - the tfcc-shape-inference pass -----------------===//
#include "compiler/passes/Passes.h"

#include "mlir/Analysis/CallGraph.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/TypeUtilities.h"
#include "mlir/Transforms/FoldUtils.h"
#include "llvm/ADT/SCCIterator.h"

namespace mlir::tfcc {
#define GEN_PASS_DEF_SHAPEINFERENCE
#include "compiler/passes/Passes.h.inc"
} // namespace mlir::tfcc

using namespace mlir;
using namespace mlir::tfcc;

namespace {

/// Whether `refined` says more than `current` and agrees with it.
bool isRefinement(Type current, Type refined) {
  if (current == refined || elementTypeOf(current) != elementTypeOf(refined))
    return false;
  if (failed(verifyCompatibleShape(current, refined)))
    return false;
  auto cur = dyn_cast<RankedTensorType>(current);
  auto ref = dyn_cast<RankedTensorType>(refined);
  if (!ref)
    return false;
  if (!cur)
    return true;
  for (auto [c, r] : llvm::zip(cur.getShape(), ref.getShape()))
    if (!ShapedType::isDynamic(c) && ShapedType::isDynamic(r))
      return false;
  return true;
}

/// Refines the result types of every op in `fn`, in order, and folds ops
/// whose results become constant, so later shape operands are known.
LogicalResult refineFunction(func::FuncOp fn, OperationFolder &folder) {
  SmallVector<Operation *> ops;
  fn.walk([&](Operation *op) { ops.push_back(op); });
  bool failedAny = false;
  for (Operation *op : ops) {
    auto rule = dyn_cast<ShapeInference>(op);
    if (!rule)
      continue;
    SmallVector<Type> types;
    if (failed(rule.refineResultTypes(types))) {
      failedAny = true;
      continue;
    }
    if (types.size() != op->getNumResults())
      continue;
    for (auto [result, type] : llvm::zip(op->getResults(), types))
      if (isRefinement(result.getType(), type))
        result.setType(type);
    if (!isa<ConstOp>(op))
      (void)folder.tryToFold(op);
  }
  if (failedAny)
    return failure();
  // Results flow into the function's signature.
  auto ret = cast<func::ReturnOp>(fn.getBody().back().getTerminator());
  SmallVector<Type> results(ret.getOperandTypes());
  if (results != SmallVector<Type>(fn.getResultTypes()))
    fn.setType(FunctionType::get(fn.getContext(), fn.getArgumentTypes(), results));
  return success();
}

struct ShapeInferencePass : public tfcc::impl::ShapeInferenceBase<ShapeInferencePass> {
  void runOnOperation() override {
    OperationFolder folder(&getContext());
    // Callees before callers: the call graph's SCCs come bottom-up.
    CallGraph &cg = getAnalysis<CallGraph>();
    for (auto scc = llvm::scc_begin(&static_cast<const CallGraph &>(cg)); !scc.isAtEnd(); ++scc) {
      for (CallGraphNode *node : *scc) {
        if (node->isExternal())
          continue;
        auto fn = dyn_cast<func::FuncOp>(node->getCallableRegion()->getParentOp());
        if (fn && !fn.isExternal() && failed(refineFunction(fn, folder)))
          return signalPassFailure();
      }
    }
  }
};

} // namespace

//===- ShapeInference.cpp - the tfcc-shape-inference pass -----------------===//
#include "compiler/passes/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/TypeUtilities.h"
#include "mlir/Transforms/FoldUtils.h"
#include "llvm/ADT/DenseSet.h"

namespace mlir::tfcc {
#define GEN_PASS_DEF_SHAPEINFERENCE
#include "compiler/passes/Passes.h.inc"
} // namespace mlir::tfcc

using namespace mlir;
using namespace mlir::tfcc;

namespace {

/// Whether `refined` says more than `current` and agrees with it. An unknown
/// element type (`!tfcc.variant`) refines to a known one.
bool isRefinement(Type current, Type refined) {
  Type ce = elementTypeOf(current), re = elementTypeOf(refined);
  if (current == refined || (ce != re && !(isa<VariantType>(ce) && !isa<VariantType>(re))))
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

/// The functions of `module`, each after every function its ops refer to
/// (calls, If/Case branches, While bodies), so callers see refined results.
SmallVector<func::FuncOp> calleesFirst(ModuleOp module) {
  SymbolTable symbols(module);
  SmallVector<func::FuncOp> order;
  llvm::DenseSet<Operation *> visited;
  std::function<void(func::FuncOp)> visit = [&](func::FuncOp fn) {
    if (!visited.insert(fn).second)
      return;
    fn.walk([&](Operation *op) {
      for (NamedAttribute attr : op->getAttrs())
        attr.getValue().walk([&](FlatSymbolRefAttr ref) {
          if (auto callee = symbols.lookup<func::FuncOp>(ref.getValue()))
            visit(callee);
        });
    });
    order.push_back(fn);
  };
  for (auto fn : module.getOps<func::FuncOp>())
    visit(fn);
  return order;
}

struct ShapeInferencePass : public tfcc::impl::ShapeInferenceBase<ShapeInferencePass> {
  void runOnOperation() override {
    OperationFolder folder(&getContext());
    for (func::FuncOp fn : calleesFirst(getOperation()))
      if (!fn.isExternal() && failed(refineFunction(fn, folder)))
        return signalPassFailure();
  }
};

} // namespace

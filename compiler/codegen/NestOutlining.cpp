//===- NestOutlining.cpp - move one linalg op into a function of its own --===//
#include "compiler/codegen/NestOutlining.h"

#include "mlir/Conversion/LLVMCommon/TypeConverter.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/Matchers.h"
#include "mlir/Transforms/RegionUtils.h"

using namespace mlir;

namespace tfcc::codegen {

/// Whether `v` can be an argument of an outlined function under the
/// bare-pointer calling convention (the pipeline's convert-func-to-llvm):
/// a scalar, or a memref whose shape, strides and offset are static, which
/// crosses as its aligned pointer alone.
static bool passable(Value v) {
  if (auto m = dyn_cast<MemRefType>(v.getType()))
    return LLVMTypeConverter::canConvertToBarePtr(m);
  return v.getType().isIntOrIndexOrFloat();
}

FailureOr<OutlinedNest> startOutlinedNest(OpBuilder &b, func::FuncOp caller, Operation *op,
                                          StringRef name, TypeRange extraArgs) {
  if (op->getNumResults() != 0)
    return failure();
  SetVector<Value> used(op->getOperands().begin(), op->getOperands().end());
  getUsedValuesDefinedAbove(op->getRegions(), used);
  OutlinedNest nest;
  SmallVector<Operation *> constants;
  for (Value v : used) {
    if (Operation *def = v.getDefiningOp(); def && matchPattern(v, m_Constant()))
      constants.push_back(def);
    else
      nest.captured.push_back(v);
  }
  if (!llvm::all_of(nest.captured, passable))
    return failure();

  SmallVector<Type> types;
  for (Value v : nest.captured)
    types.push_back(v.getType());
  llvm::append_range(types, extraArgs);
  b.setInsertionPoint(caller);
  nest.fn = func::FuncOp::create(b, op->getLoc(), name, b.getFunctionType(types, {}));
  nest.fn.setPrivate();
  // Kept apart from the caller (that is the point), and not exported.
  // (passthrough survives convert-func-to-llvm; no_inline does not)
  nest.fn->setAttr("passthrough", b.getArrayAttr({b.getStringAttr("noinline")}));
  nest.fn->setAttr("llvm.linkage", LLVM::LinkageAttr::get(b.getContext(), LLVM::Linkage::Internal));
  Block *body = nest.fn.addEntryBlock();
  b.setInsertionPointToStart(body);
  for (auto [from, to] : llvm::zip(nest.captured, body->getArguments()))
    nest.map.map(from, to);
  for (Operation *c : constants)
    b.clone(*c, nest.map);
  return nest;
}

Value runtimeArgument(FunctionOpInterface fn) {
  for (unsigned i = 0; i < fn.getNumArguments(); ++i)
    if (fn.getArgAttr(i, "tfcc.runtime"))
      return fn.getArgument(i);
  return {};
}

} // namespace tfcc::codegen

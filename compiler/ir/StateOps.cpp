//===- StateOps.cpp - shape rules of variable, update and random ops ------===//
#include "compiler/ir/TfccDialect.h"

#include "mlir/IR/Builders.h"

using namespace mlir;
using namespace mlir::tfcc;

#define GET_OP_CLASSES
#include "compiler/ir/StateOps.cpp.inc"

void TFCCDialect::registerStateOps() {
  addOperations<
#define GET_OP_LIST
#include "compiler/ir/StateOps.cpp.inc"
      >();
}

LogicalResult VariableOp::verify() {
  if (!isa<TensorType>(getType()))
    return emitOpError() << "type must be a tensor type, got " << getType();
  return success();
}

/// The tfcc.variable a handle operand refers to, when it is a VarHandleOp or
/// VariableV2 in the same function.
static VariableOp variableOf(Value handle) {
  Operation *def = handle.getDefiningOp();
  FlatSymbolRefAttr name;
  if (auto h = dyn_cast_or_null<VarHandleOp>(def))
    name = h.getVariableAttr();
  else if (auto v = dyn_cast_or_null<VariableV2Op>(def))
    name = v.getVariableAttr();
  if (!name)
    return nullptr;
  return SymbolTable::lookupNearestSymbolFrom<VariableOp>(def, name);
}

/// The value type of the variable behind `handle`, if known.
static Type variableValueType(Value handle, Type fallbackElt) {
  if (VariableOp var = variableOf(handle))
    return var.getType();
  return UnrankedTensorType::get(fallbackElt);
}

/// Checks `value` against the variable behind `handle`.
static LogicalResult checkAssignedValue(Operation *op, Value handle, Value value) {
  VariableOp var = variableOf(handle);
  if (!var)
    return success();
  Type vt = var.getType();
  if (!dtypesAgree(vt, value.getType()))
    return op->emitOpError() << "assigns a " << elementTypeOf(value.getType())
                             << " value to variable @" << var.getSymName() << " of dtype "
                             << elementTypeOf(vt);
  return success();
}

LogicalResult ReadVariableOp::refineResultTypes(SmallVectorImpl<Type> &types) {
  Type elt = getDtype() ? *getDtype() : elementTypeOf(getValue().getType());
  Type t = variableValueType(getResource(), elt);
  if (!shapeOf(t) && shapeOf(getValue().getType()))
    t = getValue().getType();
  types.assign(1, t);
  return success();
}

#define TFCC_RESOURCE_WRITE_RULE(OP)                                                        \
  LogicalResult OP::refineResultTypes(SmallVectorImpl<Type> &types) {                     \
    types.clear();                                                                         \
    return checkAssignedValue(getOperation(), getResource(), getValue());                 \
  }
TFCC_RESOURCE_WRITE_RULE(AssignVariableOp)
TFCC_RESOURCE_WRITE_RULE(AssignAddVariableOp)
TFCC_RESOURCE_WRITE_RULE(AssignSubVariableOp)

LogicalResult VarIsInitializedOp::refineResultTypes(SmallVectorImpl<Type> &types) {
  types.assign(1, RankedTensorType::get({}, IntegerType::get(getContext(), 1)));
  return success();
}
LogicalResult DisableCopyOnReadOp::refineResultTypes(SmallVectorImpl<Type> &types) {
  types.clear();
  return success();
}
LogicalResult IsVariableInitializedOp::refineResultTypes(SmallVectorImpl<Type> &types) {
  types.assign(1, RankedTensorType::get({}, IntegerType::get(getContext(), 1)));
  return success();
}

/// Ref updates yield the variable's new value: the variable's type, or the
/// update's when the variable's shape is unknown.
static LogicalResult inferRefUpdate(Operation *op, Value handle, Value value,
                                    SmallVectorImpl<Type> &types) {
  if (failed(checkAssignedValue(op, handle, value)))
    return failure();
  Type t = variableValueType(handle, elementTypeOf(value.getType()));
  types.assign(1, shapeOf(t) ? t : value.getType());
  return success();
}

LogicalResult AssignOp::refineResultTypes(SmallVectorImpl<Type> &types) {
  // Assign with validate_shape=false may change the variable's shape.
  if (!getValidateShape()) {
    types.assign(1, getValue().getType());
    return checkAssignedValue(getOperation(), getRef(), getValue());
  }
  return inferRefUpdate(getOperation(), getRef(), getValue(), types);
}
LogicalResult AssignAddOp::refineResultTypes(SmallVectorImpl<Type> &types) {
  return inferRefUpdate(getOperation(), getRef(), getValue(), types);
}
LogicalResult AssignSubOp::refineResultTypes(SmallVectorImpl<Type> &types) {
  return inferRefUpdate(getOperation(), getRef(), getValue(), types);
}
LogicalResult ScatterAddOp::refineResultTypes(SmallVectorImpl<Type> &types) {
  return inferRefUpdate(getOperation(), getRef(), getUpdates(), types);
}
LogicalResult ApplyGradientDescentOp::refineResultTypes(SmallVectorImpl<Type> &types) {
  return inferRefUpdate(getOperation(), getVar(), getDelta(), types);
}
LogicalResult ApplyAdamOp::refineResultTypes(SmallVectorImpl<Type> &types) {
  return inferRefUpdate(getOperation(), getVar(), getGrad(), types);
}

/// Random ops: the shape operand gives the result shape.
static LogicalResult inferRandom(Operation *op, Value shape, Type elt,
                                 SmallVectorImpl<Type> &types) {
  if (auto dims = constantInts(shape)) {
    for (int64_t d : *dims)
      if (d < 0)
        return op->emitOpError() << "shape " << shapeString(*dims) << " has a negative dim";
    types.assign(1, RankedTensorType::get(*dims, elt));
    return success();
  }
  if (auto s = shapeOf(shape.getType()); s && s->size() == 1 && !ShapedType::isDynamic((*s)[0]))
    types.assign(1, RankedTensorType::get(SmallVector<int64_t>((*s)[0], ShapedType::kDynamic), elt));
  else
    types.assign(1, UnrankedTensorType::get(elt));
  return success();
}
LogicalResult RandomUniformOp::refineResultTypes(SmallVectorImpl<Type> &types) {
  return inferRandom(getOperation(), getShape(), getDtype(), types);
}
LogicalResult RandomStandardNormalOp::refineResultTypes(SmallVectorImpl<Type> &types) {
  return inferRandom(getOperation(), getShape(), getDtype(), types);
}
LogicalResult TruncatedNormalOp::refineResultTypes(SmallVectorImpl<Type> &types) {
  return inferRandom(getOperation(), getShape(), getDtype(), types);
}

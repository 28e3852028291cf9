//===- ShapeRules.h - shape rules shared by op families --------*- C++ -*-===//
//
// Each function fills `types` with an op's refined result types from its
// operands and attributes, or emits an error at the op and fails.
//
//===----------------------------------------------------------------------===//
#ifndef TFCC_IR_SHAPERULES_H
#define TFCC_IR_SHAPERULES_H

#include <optional>

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Operation.h"

namespace mlir::tfcc {

// Shared rules named by TFCC_RuleOp.
LogicalResult inferSameAsFirstOperand(Operation *op, SmallVectorImpl<Type> &types);
LogicalResult inferBroadcastSameType(Operation *op, SmallVectorImpl<Type> &types);
LogicalResult inferBroadcastBool(Operation *op, SmallVectorImpl<Type> &types);
LogicalResult inferEquality(Operation *op, SmallVectorImpl<Type> &types);
LogicalResult inferReduction(Operation *op, SmallVectorImpl<Type> &types);
LogicalResult inferArgReduction(Operation *op, SmallVectorImpl<Type> &types);
LogicalResult inferSquareMatrices(Operation *op, SmallVectorImpl<Type> &types);
LogicalResult inferPool(Operation *op, SmallVectorImpl<Type> &types);
/// Results of a call, If or Case: what all of `callees` may return.
LogicalResult inferCallResults(Operation *op, ArrayRef<FlatSymbolRefAttr> callees,
                               SmallVectorImpl<Type> &types);
LogicalResult inferLoopCarried(Operation *op, SmallVectorImpl<Type> &types);
/// TF1 ref updates (Assign*, Apply*): the new value of the variable behind
/// `handle`, checked against the assigned `value`'s dtype.
LogicalResult inferRefUpdate(Operation *op, Value handle, Value value,
                             SmallVectorImpl<Type> &types);

// Helpers for writing rules.

/// A ranked tensor type when `shape` is known, else unranked.
TensorType tensorType(std::optional<ArrayRef<int64_t>> shape, Type elementType);
/// The element type of a tensor type (the type itself otherwise).
Type elementTypeOf(Type type);
/// Whether two types have the same dtype. An unknown dtype (the variant
/// element of an opaque op's result) agrees with any.
bool dtypesAgree(Type a, Type b);
/// The shape of `type` when it is ranked.
std::optional<ArrayRef<int64_t>> shapeOf(Type type);
/// The integer values of `value` when it is a constant (of any int type).
std::optional<SmallVector<int64_t>> constantInts(Value value);
/// Normalizes a possibly negative axis for rank `rank`; fails with an error
/// naming `what` when out of range.
FailureOr<int64_t> normalizeAxis(Operation *op, int64_t axis, int64_t rank, StringRef what);
/// Broadcasts two shapes numpy-style; fails with an error at `op`.
FailureOr<SmallVector<int64_t>> broadcastShapes(Operation *op, ArrayRef<int64_t> a,
                                                ArrayRef<int64_t> b);
/// Formats a shape as [2,?,3].
std::string shapeString(ArrayRef<int64_t> shape);

/// Output spatial size of a window op as TF computes it (padding
/// VALID/SAME/EXPLICIT); -1 when the window does not fit.
int64_t windowedOutputSize(int64_t in, int64_t window, int64_t stride, int64_t dilation,
                           StringRef padding, int64_t padBefore = 0, int64_t padAfter = 0);

} // namespace mlir::tfcc

#endif // TFCC_IR_SHAPERULES_H

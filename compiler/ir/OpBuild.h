//===- OpBuild.h - building tfcc ops whose types the shape rule gives -*- C++ -*-===//
//
// Gradient and optimizer rules build tfcc ops on values of known static
// types; the result types come from each op's own shape rule, so a rule
// never restates what the op already knows.
//
//===----------------------------------------------------------------------===//
#ifndef TFCC_IR_OPBUILD_H
#define TFCC_IR_OPBUILD_H

#include "compiler/ir/TfccDialect.h"

#include "mlir/IR/Builders.h"

namespace mlir::tfcc {

/// Sets the result types of `op` from its shape rule. Fails (the rule has
/// emitted an error at the op) when the operands are inconsistent.
LogicalResult refineInPlace(Operation *op);

/// Creates an OpT with `operands` and `attrs`, typed by its shape rule. The
/// rules that call this pass consistent operands; an inconsistency is a bug
/// that the rule's error and the verifier report at the op.
template <typename OpT>
Value createInferred(OpBuilder &b, Location loc, ValueRange operands,
                     ArrayRef<NamedAttribute> attrs = {}) {
  static_assert(fixedResultCount<OpT>() == 1, "createInferred builds single-result ops");
  Type placeholder = UnrankedTensorType::get(elementTypeOf(operands[0].getType()));
  auto op = OpT::create(b, loc, TypeRange{placeholder}, operands, attrs);
  (void)refineInPlace(op.getOperation());
  return op->getResult(0);
}

/// A rank-0 constant of element type `elt` holding `value`.
Value scalarConst(OpBuilder &b, Location loc, Type elt, double value);
/// A 1-D i32 constant (shapes, axes, permutations, paddings when 2-D).
Value intsConst(OpBuilder &b, Location loc, ArrayRef<int64_t> values,
                ArrayRef<int64_t> shape = {});
/// A constant of `type` (static) filled with `value`.
Value splatConst(OpBuilder &b, Location loc, RankedTensorType type, double value);

/// `x` reshaped to `shape`.
Value reshape(OpBuilder &b, Location loc, Value x, ArrayRef<int64_t> shape);
/// Sums `x` over `axes` (keep_dims false).
Value sumOver(OpBuilder &b, Location loc, Value x, ArrayRef<int64_t> axes, bool keepDims = false);
/// Undoes numpy broadcasting: sums `grad` over the dims that broadcasting
/// added or stretched to reach it from `type`, then reshapes to `type`.
Value unbroadcast(OpBuilder &b, Location loc, Value grad, RankedTensorType type);
/// `x` broadcast to `shape` (BroadcastTo), or `x` when it already has it.
Value broadcastTo(OpBuilder &b, Location loc, Value x, ArrayRef<int64_t> shape);

/// Short names for the elementwise tfcc ops that rules compose; operands
/// broadcast as TF's do.
struct OpsAt {
  OpBuilder &b;
  Location loc;
  Value add(Value x, Value y) { return createInferred<AddV2Op>(b, loc, {x, y}); }
  Value sub(Value x, Value y) { return createInferred<SubOp>(b, loc, {x, y}); }
  Value mul(Value x, Value y) { return createInferred<MulOp>(b, loc, {x, y}); }
  Value div(Value x, Value y) { return createInferred<RealDivOp>(b, loc, {x, y}); }
  Value neg(Value x) { return createInferred<NegOp>(b, loc, {x}); }
  Value sqrt(Value x) { return createInferred<SqrtOp>(b, loc, {x}); }
  Value rsqrt(Value x) { return createInferred<RsqrtOp>(b, loc, {x}); }
  Value square(Value x) { return createInferred<SquareOp>(b, loc, {x}); }
  Value exp(Value x) { return createInferred<ExpOp>(b, loc, {x}); }
  Value log(Value x) { return createInferred<LogOp>(b, loc, {x}); }
  /// A scalar of `like`'s element type.
  Value scalar(Value like, double v) { return scalarConst(b, loc, elementTypeOf(like.getType()), v); }
  /// `x` cast to `like`'s element type (no-op when equal).
  Value castLike(Value x, Value like) {
    Type want = elementTypeOf(like.getType());
    if (elementTypeOf(x.getType()) == want)
      return x;
    return createInferred<CastOp>(b, loc, {x}, {b.getNamedAttr("DstT", TypeAttr::get(want))});
  }
  Value zerosLike(Value x) { return splatConst(b, loc, cast<RankedTensorType>(x.getType()), 0); }
};

} // namespace mlir::tfcc

#endif // TFCC_IR_OPBUILD_H

//===- OpBuild.cpp - building tfcc ops whose types the shape rule gives ---===//
#include "compiler/ir/OpBuild.h"

namespace mlir::tfcc {

LogicalResult refineInPlace(Operation *op) {
  SmallVector<Type> types;
  if (failed(cast<ShapeInference>(op).refineResultTypes(types)))
    return failure();
  for (auto [result, type] : llvm::zip(op->getResults(), types))
    result.setType(type);
  return success();
}

Value scalarConst(OpBuilder &b, Location loc, Type elt, double value) {
  return splatConst(b, loc, RankedTensorType::get({}, elt), value);
}

Value splatConst(OpBuilder &b, Location loc, RankedTensorType type, double value) {
  Type elt = type.getElementType();
  TypedAttr scalar = isa<FloatType>(elt) ? TypedAttr(b.getFloatAttr(elt, value))
                                         : TypedAttr(b.getIntegerAttr(elt, int64_t(value)));
  return ConstOp::create(b, loc, type, DenseElementsAttr::get(type, scalar));
}

Value intsConst(OpBuilder &b, Location loc, ArrayRef<int64_t> values, ArrayRef<int64_t> shape) {
  SmallVector<int32_t> v(values.begin(), values.end());
  SmallVector<int64_t> s(shape.begin(), shape.end());
  if (s.empty())
    s.push_back(int64_t(v.size()));
  auto type = RankedTensorType::get(s, b.getI32Type());
  return ConstOp::create(b, loc, type, DenseElementsAttr::get(type, ArrayRef<int32_t>(v)));
}

Value reshape(OpBuilder &b, Location loc, Value x, ArrayRef<int64_t> shape) {
  if (auto t = dyn_cast<RankedTensorType>(x.getType()); t && t.getShape() == shape)
    return x;
  return createInferred<ReshapeOp>(b, loc, {x, intsConst(b, loc, shape)});
}

Value sumOver(OpBuilder &b, Location loc, Value x, ArrayRef<int64_t> axes, bool keepDims) {
  if (axes.empty())
    return x;
  return createInferred<SumOp>(b, loc, {x, intsConst(b, loc, axes)},
                               {b.getNamedAttr("keep_dims", b.getBoolAttr(keepDims))});
}

Value unbroadcast(OpBuilder &b, Location loc, Value grad, RankedTensorType type) {
  auto gt = cast<RankedTensorType>(grad.getType());
  if (gt.getShape() == type.getShape())
    return grad;
  int64_t lead = gt.getRank() - type.getRank();
  SmallVector<int64_t> axes;
  for (int64_t i = 0; i < gt.getRank(); ++i)
    if (i < lead || (type.getDimSize(i - lead) == 1 && gt.getDimSize(i) != 1))
      axes.push_back(i);
  return reshape(b, loc, sumOver(b, loc, grad, axes), type.getShape());
}

Value broadcastTo(OpBuilder &b, Location loc, Value x, ArrayRef<int64_t> shape) {
  if (cast<RankedTensorType>(x.getType()).getShape() == shape)
    return x;
  return createInferred<BroadcastToOp>(b, loc, {x, intsConst(b, loc, shape)});
}

} // namespace mlir::tfcc

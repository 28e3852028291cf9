//===- ShapeRules.cpp - shape rules shared by op families -----------------===//
#include "compiler/ir/TfccDialect.h"

#include "mlir/Dialect/Traits.h"
#include "mlir/IR/TypeUtilities.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/FunctionInterfaces.h"

using namespace mlir;
using namespace mlir::tfcc;

TensorType tfcc::tensorType(std::optional<ArrayRef<int64_t>> shape, Type elementType) {
  if (shape)
    return RankedTensorType::get(*shape, elementType);
  return UnrankedTensorType::get(elementType);
}

bool tfcc::dtypesAgree(Type a, Type b) {
  Type x = elementTypeOf(a), y = elementTypeOf(b);
  return x == y || isa<VariantType>(x) || isa<VariantType>(y);
}

Type tfcc::elementTypeOf(Type type) {
  if (auto shaped = dyn_cast<ShapedType>(type))
    return shaped.getElementType();
  return type;
}

std::optional<ArrayRef<int64_t>> tfcc::shapeOf(Type type) {
  if (auto ranked = dyn_cast<RankedTensorType>(type))
    return ranked.getShape();
  return std::nullopt;
}

std::optional<SmallVector<int64_t>> tfcc::constantInts(Value value) {
  if (!value)
    return std::nullopt;
  DenseIntElementsAttr attr;
  if (!matchPattern(value, m_Constant(&attr)))
    return std::nullopt;
  SmallVector<int64_t> out;
  for (const APInt &v : attr.getValues<APInt>())
    out.push_back(v.getSExtValue());
  return out;
}

std::string tfcc::shapeString(ArrayRef<int64_t> shape) {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); ++i) {
    if (i)
      s += ",";
    s += ShapedType::isDynamic(shape[i]) ? "?" : std::to_string(shape[i]);
  }
  return s + "]";
}

FailureOr<int64_t> tfcc::normalizeAxis(Operation *op, int64_t axis, int64_t rank,
                                      StringRef what) {
  if (axis < -rank || axis >= rank)
    return op->emitOpError() << what << " " << axis << " is out of range for rank " << rank;
  return axis < 0 ? axis + rank : axis;
}

FailureOr<SmallVector<int64_t>> tfcc::broadcastShapes(Operation *op, ArrayRef<int64_t> a,
                                                     ArrayRef<int64_t> b) {
  SmallVector<int64_t> out;
  if (!OpTrait::util::getBroadcastedShape(a, b, out))
    return op->emitOpError() << "operands have incompatible shapes " << shapeString(a)
                             << " and " << shapeString(b);
  return out;
}

int64_t tfcc::windowedOutputSize(int64_t in, int64_t window, int64_t stride, int64_t dilation,
                                 StringRef padding, int64_t padBefore, int64_t padAfter) {
  if (ShapedType::isDynamic(in) || stride <= 0)
    return ShapedType::kDynamic;
  int64_t effective = (window - 1) * dilation + 1;
  if (padding == "SAME")
    return (in + stride - 1) / stride;
  if (padding == "EXPLICIT")
    in += padBefore + padAfter;
  if (in < effective)
    return -1;
  return (in - effective) / stride + 1;
}

//===----------------------------------------------------------------------===//
// Shared rules.
//===----------------------------------------------------------------------===//

LogicalResult tfcc::inferSameAsFirstOperand(Operation *op, SmallVectorImpl<Type> &types) {
  types.assign(op->getNumResults(), op->getOperand(0).getType());
  return success();
}

static LogicalResult inferBroadcast(Operation *op, Type elementType,
                                    SmallVectorImpl<Type> &types) {
  Type lhs = op->getOperand(0).getType(), rhs = op->getOperand(1).getType();
  if (!dtypesAgree(lhs, rhs))
    return op->emitOpError() << "operands have different dtypes " << elementTypeOf(lhs)
                             << " and " << elementTypeOf(rhs);
  auto a = shapeOf(lhs), b = shapeOf(rhs);
  if (!a || !b) {
    types.assign(1, tensorType(std::nullopt, elementType));
    return success();
  }
  auto shape = broadcastShapes(op, *a, *b);
  if (failed(shape))
    return failure();
  types.assign(1, tensorType(ArrayRef<int64_t>(*shape), elementType));
  return success();
}

LogicalResult tfcc::inferBroadcastSameType(Operation *op, SmallVectorImpl<Type> &types) {
  return inferBroadcast(op, elementTypeOf(op->getOperand(0).getType()), types);
}

LogicalResult tfcc::inferBroadcastBool(Operation *op, SmallVectorImpl<Type> &types) {
  return inferBroadcast(op, IntegerType::get(op->getContext(), 1), types);
}

LogicalResult tfcc::inferEquality(Operation *op, SmallVectorImpl<Type> &types) {
  // With incompatible_shape_error = false, shapes that do not broadcast
  // compare unequal as a whole: a scalar result.
  auto strict = op->getAttrOfType<BoolAttr>("incompatible_shape_error");
  auto a = shapeOf(op->getOperand(0).getType()), b = shapeOf(op->getOperand(1).getType());
  SmallVector<int64_t> unused;
  if (strict && !strict.getValue() && a && b &&
      !OpTrait::util::getBroadcastedShape(*a, *b, unused)) {
    types.assign(1, RankedTensorType::get({}, IntegerType::get(op->getContext(), 1)));
    return success();
  }
  return inferBroadcastBool(op, types);
}

/// Reduces `shape` over `axes`; keepDims keeps reduced dims as 1.
static FailureOr<SmallVector<int64_t>> reduceShape(Operation *op, ArrayRef<int64_t> shape,
                                                   ArrayRef<int64_t> axes, bool keepDims) {
  int64_t rank = shape.size();
  SmallVector<bool> reduced(rank, false);
  for (int64_t axis : axes) {
    auto a = normalizeAxis(op, axis, rank, "reduction axis");
    if (failed(a))
      return failure();
    reduced[*a] = true;
  }
  SmallVector<int64_t> out;
  for (int64_t i = 0; i < rank; ++i) {
    if (!reduced[i])
      out.push_back(shape[i]);
    else if (keepDims)
      out.push_back(1);
  }
  return out;
}

LogicalResult tfcc::inferReduction(Operation *op, SmallVectorImpl<Type> &types) {
  Type in = op->getOperand(0).getType();
  bool keepDims = false;
  if (auto attr = op->getAttrOfType<BoolAttr>("keep_dims"))
    keepDims = attr.getValue();
  auto shape = shapeOf(in);
  auto axes = constantInts(op->getOperand(1));
  Type elt = elementTypeOf(in);
  if (!shape || !axes) {
    // With keep_dims the rank is known even when the axes are not.
    if (shape && keepDims)
      types.assign(1, RankedTensorType::get(
                          SmallVector<int64_t>(shape->size(), ShapedType::kDynamic), elt));
    else
      types.assign(1, tensorType(std::nullopt, elt));
    return success();
  }
  auto out = reduceShape(op, *shape, *axes, keepDims);
  if (failed(out))
    return failure();
  types.assign(1, tensorType(ArrayRef<int64_t>(*out), elt));
  return success();
}

LogicalResult tfcc::inferArgReduction(Operation *op, SmallVectorImpl<Type> &types) {
  Type elt = IntegerType::get(op->getContext(), 64);
  if (auto attr = op->getAttrOfType<TypeAttr>("output_type"))
    elt = attr.getValue();
  auto shape = shapeOf(op->getOperand(0).getType());
  auto axis = constantInts(op->getOperand(1));
  if (!shape || !axis || axis->size() != 1) {
    types.assign(1, tensorType(std::nullopt, elt));
    return success();
  }
  auto out = reduceShape(op, *shape, *axis, false);
  if (failed(out))
    return failure();
  types.assign(1, tensorType(ArrayRef<int64_t>(*out), elt));
  return success();
}

LogicalResult tfcc::inferSquareMatrices(Operation *op, SmallVectorImpl<Type> &types) {
  Type in = op->getOperand(0).getType();
  if (auto shape = shapeOf(in)) {
    if (shape->size() < 2)
      return op->emitOpError() << "input must be at least a matrix, got shape "
                               << shapeString(*shape);
    int64_t r = (*shape)[shape->size() - 2], c = shape->back();
    if (!ShapedType::isDynamic(r) && !ShapedType::isDynamic(c) && r != c)
      return op->emitOpError() << "input must be square matrices, got shape "
                               << shapeString(*shape);
  }
  types.assign(1, in);
  return success();
}

LogicalResult tfcc::inferPool(Operation *op, SmallVectorImpl<Type> &types) {
  Type in = op->getOperand(0).getType();
  Type elt = elementTypeOf(in);
  auto shape = shapeOf(in);
  auto ksize = op->getAttrOfType<ArrayAttr>("ksize");
  auto strides = op->getAttrOfType<ArrayAttr>("strides");
  auto padding = op->getAttrOfType<StringAttr>("padding");
  auto format = op->getAttrOfType<StringAttr>("data_format");
  if (!ksize || !strides || ksize.size() != 4 || strides.size() != 4)
    return op->emitOpError() << "ksize and strides must have 4 elements";
  if (!padding || (padding.getValue() != "SAME" && padding.getValue() != "VALID"))
    return op->emitOpError() << "padding must be SAME or VALID";
  if (!shape) {
    types.assign(1, tensorType(std::nullopt, elt));
    return success();
  }
  if (shape->size() != 4)
    return op->emitOpError() << "input must be 4-D, got shape " << shapeString(*shape);
  bool nchw = format && format.getValue() == "NCHW";
  SmallVector<int64_t> out(*shape);
  int spatial[2] = {nchw ? 2 : 1, nchw ? 3 : 2};
  for (int d : spatial) {
    int64_t k = cast<IntegerAttr>(ksize[d]).getInt();
    int64_t s = cast<IntegerAttr>(strides[d]).getInt();
    out[d] = windowedOutputSize((*shape)[d], k, s, 1, padding.getValue());
    if (out[d] == -1)
      return op->emitOpError() << "window " << k << " is larger than input dim " << d
                               << " of size " << (*shape)[d] << " (output size would be negative)";
  }
  types.assign(1, RankedTensorType::get(out, elt));
  return success();
}

/// The function a call names, if the module has it.
static FunctionOpInterface lookupFunction(Operation *op, FlatSymbolRefAttr callee) {
  if (!callee)
    return nullptr;
  return dyn_cast_or_null<FunctionOpInterface>(
      SymbolTable::lookupNearestSymbolFrom(op, callee));
}

/// The most specific type that both `a` and `b` are instances of.
static Type joinTypes(Type a, Type b) {
  if (a == b)
    return a;
  auto sa = shapeOf(a), sb = shapeOf(b);
  if (!sa || !sb || sa->size() != sb->size())
    return UnrankedTensorType::get(elementTypeOf(a));
  SmallVector<int64_t> dims;
  for (auto [x, y] : llvm::zip(*sa, *sb))
    dims.push_back(x == y ? x : ShapedType::kDynamic);
  return RankedTensorType::get(dims, elementTypeOf(a));
}

LogicalResult tfcc::inferCallResults(Operation *op, ArrayRef<FlatSymbolRefAttr> callees,
                                     SmallVectorImpl<Type> &types) {
  types.assign(op->result_type_begin(), op->result_type_end());
  // What every callee may return: the join of their result types.
  std::optional<SmallVector<Type>> joined;
  for (FlatSymbolRefAttr callee : callees) {
    FunctionOpInterface fn = lookupFunction(op, callee);
    if (!fn)
      return success();
    ArrayRef<Type> results = fn.getResultTypes();
    if (results.size() != types.size())
      return op->emitOpError() << "has " << types.size() << " results but @"
                               << callee.getValue() << " returns " << results.size();
    if (!joined) {
      joined = SmallVector<Type>(results);
      continue;
    }
    for (auto [j, t] : llvm::zip(*joined, results))
      j = joinTypes(j, t);
  }
  if (!joined)
    return success();
  // The callees' result types are only better when they are more specific.
  for (auto [i, t] : llvm::enumerate(*joined))
    if (shapeOf(t) && !shapeOf(types[i]) && elementTypeOf(t) == elementTypeOf(types[i]))
      types[i] = t;
  return success();
}

LogicalResult tfcc::inferLoopCarried(Operation *op, SmallVectorImpl<Type> &types) {
  if (op->getNumResults() != op->getNumOperands())
    return op->emitOpError() << "has " << op->getNumOperands() << " loop-carried inputs but "
                             << op->getNumResults() << " results";
  // A loop may change shapes between iterations; only dtypes carry over.
  types.assign(op->result_type_begin(), op->result_type_end());
  return success();
}

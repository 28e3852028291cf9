//===- ArrayOps.cpp - shape rules and folders of array and shape ops ------===//
#include "compiler/ir/ConstFold.h"
#include "compiler/ir/TfccDialect.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/TypeUtilities.h"
#include "mlir/Dialect/Traits.h"
#include "mlir/IR/Matchers.h"

using namespace mlir;
using namespace mlir::tfcc;

#define GET_OP_CLASSES
#include "compiler/ir/ArrayOps.cpp.inc"

void TFCCDialect::registerArrayOps() {
  addOperations<
#define GET_OP_LIST
#include "compiler/ir/ArrayOps.cpp.inc"
      >();
}

static constexpr int64_t kDyn = ShapedType::kDynamic;

/// TF's out_type attributes default to int32.
static Type outTypeOr(MLIRContext *ctx, std::optional<Type> given) {
  return given ? *given : IntegerType::get(ctx, 32);
}

/// A ranked tensor of `rank` unknown dims, or unranked when rank is unknown.
static TensorType unknownDims(std::optional<int64_t> rank, Type elt) {
  if (!rank)
    return UnrankedTensorType::get(elt);
  return RankedTensorType::get(SmallVector<int64_t>(*rank, kDyn), elt);
}

/// The static result type of `v` when it may hold a folded constant.
static RankedTensorType foldable(Value v) {
  auto t = dyn_cast<RankedTensorType>(v.getType());
  if (!t || !t.hasStaticShape() || t.getNumElements() > kMaxFoldElements)
    return nullptr;
  return t;
}

/// Builds a constant of `type` by picking, for each result element (in
/// row-major order), the flat index of the input element it copies.
static DenseElementsAttr gatherElements(DenseElementsAttr input, ShapedType type,
                                        ArrayRef<int64_t> flatIndices) {
  SmallVector<Attribute> all(input.getValues<Attribute>());
  SmallVector<Attribute> out;
  out.reserve(flatIndices.size());
  for (int64_t i : flatIndices)
    out.push_back(all[i]);
  return DenseElementsAttr::get(type, out);
}

/// Row-major strides of a static shape.
static SmallVector<int64_t> stridesOf(ArrayRef<int64_t> shape) {
  SmallVector<int64_t> s(shape.size(), 1);
  for (int64_t i = (int64_t)shape.size() - 2; i >= 0; --i)
    s[i] = s[i + 1] * shape[i + 1];
  return s;
}

/// Calls fn(index) for every index of `shape` in row-major order.
static void forEachIndex(ArrayRef<int64_t> shape, llvm::function_ref<void(ArrayRef<int64_t>)> fn) {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  SmallVector<int64_t> idx(shape.size(), 0);
  for (int64_t k = 0; k < n; ++k) {
    fn(idx);
    for (int64_t d = (int64_t)shape.size() - 1; d >= 0; --d) {
      if (++idx[d] < shape[d])
        break;
      idx[d] = 0;
    }
  }
}

//===----------------------------------------------------------------------===//
// Const, Identity, IdentityN, ZerosLike, OnesLike.
//===----------------------------------------------------------------------===//

LogicalResult ConstOp::refineResultTypes(SmallVectorImpl<Type> &types) {
  types.assign(1, getValue().getType());
  return success();
}
OpFoldResult ConstOp::fold(FoldAdaptor) { return getValue(); }

OpFoldResult IdentityOp::fold(FoldAdaptor) {
  if (getInput().getType() == getType())
    return getInput();
  return {};
}

LogicalResult IdentityNOp::refineResultTypes(SmallVectorImpl<Type> &types) {
  types.assign(getInput().getTypes().begin(), getInput().getTypes().end());
  return success();
}

LogicalResult IdentityNOp::fold(FoldAdaptor, SmallVectorImpl<OpFoldResult> &results) {
  if (getInput().getTypes() != getOutput().getTypes())
    return failure();
  for (Value v : getInput())
    results.push_back(v);
  return success();
}

static OpFoldResult filled(Value result, double value) {
  auto type = foldable(result);
  if (!type)
    return {};
  Type elt = type.getElementType();
  if (auto ft = dyn_cast<FloatType>(elt)) {
    APFloat v(value);
    bool lost;
    v.convert(ft.getFloatSemantics(), APFloat::rmNearestTiesToEven, &lost);
    return DenseElementsAttr::get(type, v);
  }
  if (auto it = dyn_cast<IntegerType>(elt))
    return DenseElementsAttr::get(type, APInt(it.getWidth(), (int64_t)value));
  return {};
}
OpFoldResult ZerosLikeOp::fold(FoldAdaptor) { return filled(getY(), 0); }
OpFoldResult OnesLikeOp::fold(FoldAdaptor) { return filled(getY(), 1); }

//===----------------------------------------------------------------------===//
// Shape, ShapeN, Size, Rank.
//===----------------------------------------------------------------------===//

LogicalResult ShapeOp::refineResultTypes(SmallVectorImpl<Type> &types) {
  auto s = shapeOf(getInput().getType());
  types.assign(1, RankedTensorType::get({s ? (int64_t)s->size() : kDyn}, outTypeOr(getContext(), getOutType())));
  return success();
}
OpFoldResult ShapeOp::fold(FoldAdaptor) {
  auto in = dyn_cast<RankedTensorType>(getInput().getType());
  auto type = foldable(getOutput());
  if (!in || !in.hasStaticShape() || !type)
    return {};
  return intConstant(type, in.getShape());
}

LogicalResult ShapeNOp::refineResultTypes(SmallVectorImpl<Type> &types) {
  types.clear();
  for (Value v : getInput()) {
    auto s = shapeOf(v.getType());
    types.push_back(RankedTensorType::get({s ? (int64_t)s->size() : kDyn}, outTypeOr(getContext(), getOutType())));
  }
  return success();
}
LogicalResult ShapeNOp::fold(FoldAdaptor, SmallVectorImpl<OpFoldResult> &results) {
  for (auto [in, out] : llvm::zip(getInput(), getOutput())) {
    auto t = dyn_cast<RankedTensorType>(in.getType());
    auto type = foldable(out);
    if (!t || !t.hasStaticShape() || !type)
      return failure();
    results.push_back(intConstant(type, t.getShape()));
  }
  return success();
}

LogicalResult SizeOp::refineResultTypes(SmallVectorImpl<Type> &types) {
  types.assign(1, RankedTensorType::get({}, outTypeOr(getContext(), getOutType())));
  return success();
}
OpFoldResult SizeOp::fold(FoldAdaptor) {
  auto in = dyn_cast<RankedTensorType>(getInput().getType());
  auto type = foldable(getOutput());
  if (!in || !in.hasStaticShape() || !type)
    return {};
  return intConstant(type, {in.getNumElements()});
}

LogicalResult RankOp::refineResultTypes(SmallVectorImpl<Type> &types) {
  types.assign(1, RankedTensorType::get({}, IntegerType::get(getContext(), 32)));
  return success();
}
OpFoldResult RankOp::fold(FoldAdaptor) {
  auto s = shapeOf(getInput().getType());
  if (!s)
    return {};
  return intConstant(getType(), {(int64_t)s->size()});
}

//===----------------------------------------------------------------------===//
// BroadcastGradientArgs, ConcatOffset: the shape arithmetic of TF gradients.
//===----------------------------------------------------------------------===//

/// TF's rule (BCast): for each operand, the output axes where it has size 1
/// or is missing, which the gradient sums over; identical shapes need none.
static std::optional<std::pair<SmallVector<int64_t>, SmallVector<int64_t>>>
broadcastReductionAxes(ArrayRef<int64_t> s0, ArrayRef<int64_t> s1) {
  SmallVector<int64_t> b;
  if (!OpTrait::util::getBroadcastedShape(s0, s1, b))
    return std::nullopt;
  std::pair<SmallVector<int64_t>, SmallVector<int64_t>> axes;
  if (s0 == s1)
    return axes;
  auto collect = [&](ArrayRef<int64_t> s, SmallVector<int64_t> &out) {
    int64_t off = b.size() - s.size();
    for (int64_t i = 0; i < (int64_t)b.size(); ++i)
      if (i < off || s[i - off] == 1)
        out.push_back(i);
  };
  collect(s0, axes.first);
  collect(s1, axes.second);
  return axes;
}

LogicalResult BroadcastGradientArgsOp::refineResultTypes(SmallVectorImpl<Type> &types) {
  Type elt = elementTypeOf(getS0().getType());
  auto s0 = constantInts(getS0()), s1 = constantInts(getS1());
  if (!s0 || !s1) {
    types.assign(2, RankedTensorType::get({kDyn}, elt));
    return success();
  }
  if (failed(broadcastShapes(getOperation(), *s0, *s1)))
    return failure();
  auto axes = broadcastReductionAxes(*s0, *s1);
  types.assign({RankedTensorType::get({(int64_t)axes->first.size()}, elt),
                RankedTensorType::get({(int64_t)axes->second.size()}, elt)});
  return success();
}

LogicalResult BroadcastGradientArgsOp::fold(FoldAdaptor,
                                            SmallVectorImpl<OpFoldResult> &results) {
  auto s0 = constantInts(getS0()), s1 = constantInts(getS1());
  if (!s0 || !s1 || !foldable(getR0()) || !foldable(getR1()))
    return failure();
  auto axes = broadcastReductionAxes(*s0, *s1);
  if (!axes)
    return failure();
  for (auto [r, a] : {std::make_pair(getR0(), &axes->first), std::make_pair(getR1(), &axes->second)}) {
    if ((int64_t)a->size() != cast<ShapedType>(r.getType()).getNumElements())
      return failure();
    results.push_back(intConstant(r.getType(), *a));
  }
  return success();
}

LogicalResult ConcatOffsetOp::refineResultTypes(SmallVectorImpl<Type> &types) {
  types.assign(getShape().getTypes().begin(), getShape().getTypes().end());
  return success();
}
LogicalResult ConcatOffsetOp::fold(FoldAdaptor, SmallVectorImpl<OpFoldResult> &results) {
  auto dim = constantInts(getConcatDim());
  if (!dim || dim->size() != 1)
    return failure();
  int64_t offset = 0;
  for (auto [shape, out] : llvm::zip(getShape(), getOffset())) {
    auto s = constantInts(shape);
    if (!s || !foldable(out))
      return failure();
    int64_t axis = (*dim)[0] < 0 ? (*dim)[0] + s->size() : (*dim)[0];
    if (axis < 0 || axis >= (int64_t)s->size())
      return failure();
    SmallVector<int64_t> off(s->size(), 0);
    off[axis] = offset;
    offset += (*s)[axis];
    results.push_back(intConstant(out.getType(), off));
  }
  return success();
}

//===----------------------------------------------------------------------===//
// Fill, BroadcastTo.
//===----------------------------------------------------------------------===//

/// A result shape given as a 1-D shape operand: known values where constant.
static std::optional<int64_t> shapeOperandRank(Value shape) {
  if (auto s = shapeOf(shape.getType()))
    if (s->size() == 1 && !ShapedType::isDynamic((*s)[0]))
      return (*s)[0];
  return std::nullopt;
}

LogicalResult FillOp::refineResultTypes(SmallVectorImpl<Type> &types) {
  Type elt = elementTypeOf(getValue().getType());
  if (auto vs = shapeOf(getValue().getType()); vs && !vs->empty())
    return emitOpError() << "value must be a scalar, got shape " << shapeString(*vs);
  if (auto dims = constantInts(getDims())) {
    for (int64_t d : *dims)
      if (d < 0)
        return emitOpError() << "dims must be non-negative, got " << shapeString(*dims);
    types.assign(1, RankedTensorType::get(*dims, elt));
  } else {
    types.assign(1, unknownDims(shapeOperandRank(getDims()), elt));
  }
  return success();
}
OpFoldResult FillOp::fold(FoldAdaptor adaptor) {
  auto type = foldable(getOutput());
  auto value = dyn_cast_or_null<DenseElementsAttr>(adaptor.getValue());
  if (!type || !value || !value.isSplat())
    return {};
  return DenseElementsAttr::get(type, value.getSplatValue<Attribute>());
}

LogicalResult BroadcastToOp::refineResultTypes(SmallVectorImpl<Type> &types) {
  Type elt = elementTypeOf(getInput().getType());
  auto target = constantInts(getShape());
  if (!target) {
    types.assign(1, unknownDims(shapeOperandRank(getShape()), elt));
    return success();
  }
  if (auto in = shapeOf(getInput().getType())) {
    auto b = broadcastShapes(getOperation(), *in, *target);
    if (failed(b))
      return failure();
    if (*b != ArrayRef<int64_t>(*target))
      return emitOpError() << "cannot broadcast " << shapeString(*in) << " to "
                           << shapeString(*target);
  }
  types.assign(1, RankedTensorType::get(*target, elt));
  return success();
}

//===----------------------------------------------------------------------===//
// Reshape, Squeeze, ExpandDims, Transpose, InvertPermutation.
//===----------------------------------------------------------------------===//

LogicalResult ReshapeOp::refineResultTypes(SmallVectorImpl<Type> &types) {
  Type in = getTensor().getType();
  Type elt = elementTypeOf(in);
  auto target = constantInts(getShape());
  if (!target) {
    types.assign(1, unknownDims(shapeOperandRank(getShape()), elt));
    return success();
  }
  SmallVector<int64_t> out(*target);
  int64_t known = 1, inferred = -1;
  for (auto [i, d] : llvm::enumerate(out)) {
    if (d == -1) {
      if (inferred >= 0)
        return emitOpError() << "shape " << shapeString(*target) << " has more than one -1";
      inferred = i;
      d = kDyn;
    } else if (d < 0) {
      return emitOpError() << "shape " << shapeString(*target) << " has a negative dim";
    } else {
      known *= d;
    }
  }
  auto ranked = dyn_cast<RankedTensorType>(in);
  if (ranked && ranked.hasStaticShape()) {
    int64_t n = ranked.getNumElements();
    if (inferred >= 0) {
      if (known == 0 || n % known != 0)
        return emitOpError() << "cannot reshape " << shapeString(ranked.getShape()) << " ("
                             << n << " elements) to " << shapeString(*target);
      out[inferred] = n / known;
    } else if (known != n) {
      return emitOpError() << "cannot reshape " << shapeString(ranked.getShape()) << " ("
                           << n << " elements) to " << shapeString(*target) << " (" << known
                           << " elements)";
    }
  }
  types.assign(1, RankedTensorType::get(out, elt));
  return success();
}
OpFoldResult ReshapeOp::fold(FoldAdaptor adaptor) {
  if (getTensor().getType() == getType() && cast<ShapedType>(getType()).hasStaticShape())
    return getTensor();
  auto in = dyn_cast_or_null<DenseElementsAttr>(adaptor.getTensor());
  auto type = foldable(getOutput());
  if (!in || !type)
    return {};
  return in.reshape(type);
}

LogicalResult SqueezeOp::refineResultTypes(SmallVectorImpl<Type> &types) {
  Type in = getInput().getType();
  auto s = shapeOf(in);
  if (!s) {
    types.assign(1, tensorType(std::nullopt, elementTypeOf(in)));
    return success();
  }
  int64_t rank = s->size();
  SmallVector<bool> drop(rank, false);
  if (getSqueezeDims().empty()) {
    // An unknown dim may be 1 at run time: then the rank is unknown too.
    if (llvm::any_of(*s, ShapedType::isDynamic)) {
      types.assign(1, UnrankedTensorType::get(elementTypeOf(in)));
      return success();
    }
    for (int64_t i = 0; i < rank; ++i)
      drop[i] = (*s)[i] == 1;
  } else {
    for (Attribute a : getSqueezeDims()) {
      auto axis = normalizeAxis(getOperation(), cast<IntegerAttr>(a).getInt(), rank,
                                "squeeze dim");
      if (failed(axis))
        return failure();
      if ((*s)[*axis] != 1 && !ShapedType::isDynamic((*s)[*axis]))
        return emitOpError() << "cannot squeeze dim " << *axis << " of size " << (*s)[*axis];
      drop[*axis] = true;
    }
  }
  SmallVector<int64_t> out;
  for (int64_t i = 0; i < rank; ++i)
    if (!drop[i])
      out.push_back((*s)[i]);
  types.assign(1, RankedTensorType::get(out, elementTypeOf(in)));
  return success();
}
OpFoldResult SqueezeOp::fold(FoldAdaptor adaptor) {
  if (getInput().getType() == getType())
    return getInput();
  auto in = dyn_cast_or_null<DenseElementsAttr>(adaptor.getInput());
  auto type = foldable(getOutput());
  return in && type ? in.reshape(type) : nullptr;
}

LogicalResult ExpandDimsOp::refineResultTypes(SmallVectorImpl<Type> &types) {
  Type in = getInput().getType();
  auto s = shapeOf(in);
  auto dim = constantInts(getDim());
  if (!s || !dim || dim->size() != 1) {
    types.assign(1, unknownDims(s ? std::optional<int64_t>(s->size() + 1) : std::nullopt,
                                elementTypeOf(in)));
    return success();
  }
  auto axis = normalizeAxis(getOperation(), (*dim)[0], s->size() + 1, "dim");
  if (failed(axis))
    return failure();
  SmallVector<int64_t> out(*s);
  out.insert(out.begin() + *axis, 1);
  types.assign(1, RankedTensorType::get(out, elementTypeOf(in)));
  return success();
}
OpFoldResult ExpandDimsOp::fold(FoldAdaptor adaptor) {
  auto in = dyn_cast_or_null<DenseElementsAttr>(adaptor.getInput());
  auto type = foldable(getOutput());
  return in && type ? in.reshape(type) : nullptr;
}

LogicalResult TransposeOp::refineResultTypes(SmallVectorImpl<Type> &types) {
  Type in = getX().getType();
  auto s = shapeOf(in);
  auto perm = constantInts(getPerm());
  if (!s || !perm) {
    types.assign(1, unknownDims(s ? std::optional<int64_t>(s->size()) : shapeOperandRank(getPerm()),
                                elementTypeOf(in)));
    return success();
  }
  if (perm->size() != s->size())
    return emitOpError() << "perm " << shapeString(*perm) << " does not match rank "
                         << s->size();
  SmallVector<int64_t> out;
  SmallVector<bool> seen(s->size(), false);
  for (int64_t p : *perm) {
    if (p < 0 || p >= (int64_t)s->size() || seen[p])
      return emitOpError() << "perm " << shapeString(*perm) << " is not a permutation";
    seen[p] = true;
    out.push_back((*s)[p]);
  }
  types.assign(1, RankedTensorType::get(out, elementTypeOf(in)));
  return success();
}
OpFoldResult TransposeOp::fold(FoldAdaptor adaptor) {
  auto perm = constantInts(getPerm());
  if (!perm)
    return {};
  if (llvm::equal(*perm, llvm::seq<int64_t>(0, perm->size())) && getX().getType() == getType())
    return getX();
  auto in = dyn_cast_or_null<DenseElementsAttr>(adaptor.getX());
  auto type = foldable(getY());
  if (!in || !type)
    return {};
  SmallVector<int64_t> inStrides = stridesOf(in.getType().getShape());
  SmallVector<int64_t> flat;
  forEachIndex(type.getShape(), [&](ArrayRef<int64_t> idx) {
    int64_t f = 0;
    for (size_t d = 0; d < idx.size(); ++d)
      f += idx[d] * inStrides[(*perm)[d]];
    flat.push_back(f);
  });
  return gatherElements(in, type, flat);
}

OpFoldResult InvertPermutationOp::fold(FoldAdaptor) {
  auto p = constantInts(getX());
  auto type = foldable(getY());
  if (!p || !type)
    return {};
  SmallVector<int64_t> inv(p->size(), -1);
  for (auto [i, v] : llvm::enumerate(*p)) {
    if (v < 0 || v >= (int64_t)p->size() || inv[v] != -1)
      return {};
    inv[v] = i;
  }
  return intConstant(type, inv);
}

//===----------------------------------------------------------------------===//
// Pack, Unpack, ConcatV2, Concat, Split, SplitV.
//===----------------------------------------------------------------------===//

/// The common shape of `values`, merging known dims; fails on a mismatch.
static FailureOr<std::optional<SmallVector<int64_t>>> commonShape(Operation *op, ValueRange values) {
  std::optional<SmallVector<int64_t>> common;
  for (Value v : values) {
    auto s = shapeOf(v.getType());
    if (!s)
      continue;
    if (!common) {
      common = SmallVector<int64_t>(*s);
      continue;
    }
    if (failed(verifyCompatibleShape(*common, *s)))
      return op->emitOpError() << "inputs have different shapes " << shapeString(*common)
                               << " and " << shapeString(*s);
    for (auto [c, d] : llvm::zip(*common, *s))
      if (ShapedType::isDynamic(c))
        c = d;
  }
  return common;
}

LogicalResult PackOp::refineResultTypes(SmallVectorImpl<Type> &types) {
  if (getValues().empty())
    return emitOpError() << "needs at least one input";
  Type elt = elementTypeOf(getValues()[0].getType());
  for (Value v : getValues())
    if (!dtypesAgree(v.getType(), elt))
      return emitOpError() << "inputs have different dtypes " << elt << " and "
                           << elementTypeOf(v.getType());
  auto common = commonShape(getOperation(), getValues());
  if (failed(common))
    return failure();
  if (!*common) {
    types.assign(1, UnrankedTensorType::get(elt));
    return success();
  }
  SmallVector<int64_t> out(**common);
  auto axis = normalizeAxis(getOperation(), getAxis(), out.size() + 1, "axis");
  if (failed(axis))
    return failure();
  out.insert(out.begin() + *axis, getValues().size());
  types.assign(1, RankedTensorType::get(out, elt));
  return success();
}

/// Concatenates constant operands along `axis` of the result type.
static OpFoldResult foldConcat(ArrayRef<Attribute> operands, ValueRange values, Value result,
                               int64_t axis) {
  auto type = foldable(result);
  if (!type)
    return {};
  ArrayRef<int64_t> shape = type.getShape();
  int64_t outer = 1;
  for (int64_t i = 0; i < axis; ++i)
    outer *= shape[i];
  SmallVector<SmallVector<Attribute>> parts;
  SmallVector<int64_t> widths;
  for (auto [attr, v] : llvm::zip(operands, values)) {
    auto c = dyn_cast_or_null<DenseElementsAttr>(attr);
    if (!c)
      return {};
    parts.emplace_back(c.getValues<Attribute>());
    widths.push_back(c.getNumElements() / std::max<int64_t>(outer, 1));
  }
  SmallVector<Attribute> out;
  for (int64_t o = 0; o < outer; ++o)
    for (auto [part, w] : llvm::zip(parts, widths))
      for (int64_t k = 0; k < w; ++k)
        out.push_back(part[o * w + k]);
  if ((int64_t)out.size() != type.getNumElements())
    return {};
  return DenseElementsAttr::get(type, out);
}

OpFoldResult PackOp::fold(FoldAdaptor adaptor) {
  auto type = foldable(getOutput());
  if (!type)
    return {};
  int64_t axis = getAxis() < 0 ? getAxis() + type.getRank() : getAxis();
  return foldConcat(adaptor.getValues(), getValues(), getOutput(), axis);
}

LogicalResult UnpackOp::refineResultTypes(SmallVectorImpl<Type> &types) {
  Type in = getValue().getType();
  Type elt = elementTypeOf(in);
  auto s = shapeOf(in);
  if (!s) {
    types.assign(getNum(), UnrankedTensorType::get(elt));
    return success();
  }
  auto axis = normalizeAxis(getOperation(), getAxis(), s->size(), "axis");
  if (failed(axis))
    return failure();
  if (!ShapedType::isDynamic((*s)[*axis]) && (*s)[*axis] != (int64_t)getNum())
    return emitOpError() << "num = " << getNum() << " but dim " << *axis << " has size "
                         << (*s)[*axis];
  SmallVector<int64_t> out(*s);
  out.erase(out.begin() + *axis);
  types.assign(getNum(), RankedTensorType::get(out, elt));
  return success();
}

/// Concatenation of `values` along a constant `axisValue`.
static LogicalResult inferConcat(Operation *op, ValueRange values, Value axisValue,
                                 SmallVectorImpl<Type> &types) {
  if (values.empty())
    return op->emitOpError() << "needs at least one input";
  Type elt = elementTypeOf(values[0].getType());
  std::optional<int64_t> rank;
  for (Value v : values) {
    if (!dtypesAgree(v.getType(), elt))
      return op->emitOpError() << "inputs have different dtypes " << elt << " and "
                               << elementTypeOf(v.getType());
    if (auto s = shapeOf(v.getType())) {
      if (rank && *rank != (int64_t)s->size())
        return op->emitOpError() << "inputs have different ranks " << *rank << " and "
                                 << s->size();
      rank = s->size();
    }
  }
  auto axisVals = constantInts(axisValue);
  if (!rank || !axisVals || axisVals->size() != 1) {
    types.assign(1, unknownDims(rank, elt));
    return success();
  }
  auto axis = normalizeAxis(op, (*axisVals)[0], *rank, "axis");
  if (failed(axis))
    return failure();
  SmallVector<int64_t> out(*rank, kDyn);
  int64_t total = 0;
  for (Value v : values) {
    auto s = shapeOf(v.getType());
    if (!s) {
      total = kDyn;
      continue;
    }
    for (int64_t d = 0; d < *rank; ++d) {
      if (d == *axis)
        continue;
      if (ShapedType::isDynamic(out[d]))
        out[d] = (*s)[d];
      else if (!ShapedType::isDynamic((*s)[d]) && (*s)[d] != out[d])
        return op->emitOpError() << "inputs differ in dim " << d << ": " << out[d] << " vs "
                                 << (*s)[d];
    }
    if (!ShapedType::isDynamic(total))
      total = ShapedType::isDynamic((*s)[*axis]) ? kDyn : total + (*s)[*axis];
  }
  out[*axis] = total;
  types.assign(1, RankedTensorType::get(out, elt));
  return success();
}

LogicalResult ConcatV2Op::refineResultTypes(SmallVectorImpl<Type> &types) {
  return inferConcat(getOperation(), getValues(), getAxis(), types);
}
OpFoldResult ConcatV2Op::fold(FoldAdaptor adaptor) {
  if (getValues().size() == 1 && getValues()[0].getType() == getType())
    return getValues()[0];
  auto type = foldable(getOutput());
  auto axis = constantInts(getAxis());
  if (!type || !axis || axis->size() != 1)
    return {};
  int64_t a = (*axis)[0] < 0 ? (*axis)[0] + type.getRank() : (*axis)[0];
  return foldConcat(adaptor.getValues(), getValues(), getOutput(), a);
}

LogicalResult ConcatOp::refineResultTypes(SmallVectorImpl<Type> &types) {
  return inferConcat(getOperation(), getValues(), getConcatDim(), types);
}

/// Splits dim `axisValue` of `value` into pieces of the given sizes (-1: unknown).
static LogicalResult inferSplit(Operation *op, Value value, Value axisValue,
                                ArrayRef<int64_t> sizes, SmallVectorImpl<Type> &types) {
  Type elt = elementTypeOf(value.getType());
  auto s = shapeOf(value.getType());
  auto axisVals = constantInts(axisValue);
  if (!s || !axisVals || axisVals->size() != 1) {
    types.assign(sizes.size(), unknownDims(s ? std::optional<int64_t>(s->size()) : std::nullopt, elt));
    return success();
  }
  auto axis = normalizeAxis(op, (*axisVals)[0], s->size(), "split_dim");
  if (failed(axis))
    return failure();
  types.clear();
  for (int64_t size : sizes) {
    SmallVector<int64_t> out(*s);
    out[*axis] = size < 0 ? kDyn : size;
    types.push_back(RankedTensorType::get(out, elt));
  }
  return success();
}

LogicalResult SplitOp::refineResultTypes(SmallVectorImpl<Type> &types) {
  int64_t n = getNumSplit();
  if (n <= 0)
    return emitOpError() << "num_split must be positive, got " << n;
  SmallVector<int64_t> sizes(n, -1);
  auto s = shapeOf(getValue().getType());
  auto axisVals = constantInts(getSplitDim());
  if (s && axisVals && axisVals->size() == 1) {
    auto axis = normalizeAxis(getOperation(), (*axisVals)[0], s->size(), "split_dim");
    if (failed(axis))
      return failure();
    int64_t dim = (*s)[*axis];
    if (!ShapedType::isDynamic(dim)) {
      if (dim % n != 0)
        return emitOpError() << "dim " << *axis << " of size " << dim
                             << " does not split evenly into " << n;
      sizes.assign(n, dim / n);
    }
  }
  return inferSplit(getOperation(), getValue(), getSplitDim(), sizes, types);
}

LogicalResult SplitVOp::refineResultTypes(SmallVectorImpl<Type> &types) {
  int64_t n = getNumSplit();
  SmallVector<int64_t> sizes(n, -1);
  if (auto given = constantInts(getSizeSplits())) {
    if ((int64_t)given->size() != n)
      return emitOpError() << "size_splits has " << given->size() << " entries for num_split "
                           << n;
    sizes = *given;
    auto s = shapeOf(getValue().getType());
    auto axisVals = constantInts(getSplitDim());
    int64_t unknown = llvm::count(sizes, -1);
    if (unknown == 1 && s && axisVals && axisVals->size() == 1) {
      auto axis = normalizeAxis(getOperation(), (*axisVals)[0], s->size(), "split_dim");
      if (failed(axis))
        return failure();
      int64_t dim = (*s)[*axis], known = 0;
      for (int64_t v : sizes)
        known += v < 0 ? 0 : v;
      if (!ShapedType::isDynamic(dim))
        *llvm::find(sizes, -1) = dim - known;
    }
  }
  return inferSplit(getOperation(), getValue(), getSplitDim(), sizes, types);
}

//===----------------------------------------------------------------------===//
// Slice, StridedSlice.
//===----------------------------------------------------------------------===//

LogicalResult SliceOp::refineResultTypes(SmallVectorImpl<Type> &types) {
  Type in = getInput().getType();
  Type elt = elementTypeOf(in);
  auto s = shapeOf(in);
  auto begin = constantInts(getBegin()), size = constantInts(getSize());
  if (!s || !size) {
    types.assign(1, unknownDims(s ? std::optional<int64_t>(s->size()) : shapeOperandRank(getSize()), elt));
    return success();
  }
  if (size->size() != s->size())
    return emitOpError() << "size " << shapeString(*size) << " does not match rank " << s->size();
  SmallVector<int64_t> out;
  for (auto [i, n] : llvm::enumerate(*size)) {
    int64_t dim = (*s)[i];
    int64_t b = begin ? (*begin)[i] : kDyn;
    if (n == -1)
      out.push_back(ShapedType::isDynamic(dim) || ShapedType::isDynamic(b) ? kDyn : dim - b);
    else
      out.push_back(n);
    if (begin && !ShapedType::isDynamic(dim) && n != -1 && (b < 0 || b + n > dim))
      return emitOpError() << "slice [" << b << ", " << b + n << ") is out of bounds for dim "
                           << i << " of size " << dim;
  }
  types.assign(1, RankedTensorType::get(out, elt));
  return success();
}

OpFoldResult SliceOp::fold(FoldAdaptor adaptor) {
  if (getInput().getType() == getType() && cast<ShapedType>(getType()).hasStaticShape())
    return getInput();
  auto in = dyn_cast_or_null<DenseElementsAttr>(adaptor.getInput());
  auto begin = constantInts(getBegin());
  auto type = foldable(getOutput());
  if (!in || !begin || !type)
    return {};
  SmallVector<int64_t> inStrides = stridesOf(in.getType().getShape());
  SmallVector<int64_t> flat;
  forEachIndex(type.getShape(), [&](ArrayRef<int64_t> idx) {
    int64_t f = 0;
    for (size_t d = 0; d < idx.size(); ++d)
      f += ((*begin)[d] + idx[d]) * inStrides[d];
    flat.push_back(f);
  });
  return gatherElements(in, type, flat);
}

namespace {
/// StridedSlice's sparse spec resolved against the input rank, as TF does:
/// per input dim a begin, stride and size, and the final shape.
struct DenseSlice {
  SmallVector<int64_t> begin, stride, size; // per input dim; size kDyn if unknown
  SmallVector<int64_t> finalShape;
};
} // namespace

static FailureOr<DenseSlice> resolveStridedSlice(StridedSliceOp op, ArrayRef<int64_t> shape,
                                                 ArrayRef<int64_t> begin, ArrayRef<int64_t> end,
                                                 ArrayRef<int64_t> strides) {
  int64_t rank = shape.size();
  int64_t sparse = begin.size();
  uint64_t beginMask = op.getBeginMask(), endMask = op.getEndMask();
  uint64_t ellipsisMask = op.getEllipsisMask(), newAxisMask = op.getNewAxisMask();
  uint64_t shrinkMask = op.getShrinkAxisMask();
  if (end.size() != (size_t)sparse || strides.size() != (size_t)sparse)
    return op.emitOpError() << "begin, end and strides must have the same length";
  if (llvm::popcount(ellipsisMask) > 1)
    return op.emitOpError() << "has more than one ellipsis";
  // No ellipsis: one stands implicitly after the last sparse entry.
  bool implicitEllipsis = ellipsisMask == 0;
  if (implicitEllipsis)
    ellipsisMask = 1ull << sparse;
  int64_t sparseDims = sparse + (implicitEllipsis ? 1 : 0);
  int64_t newAxesAfterEllipsis = 0;
  for (int64_t i = 0; i < sparseDims; ++i)
    if ((ellipsisMask >> i) & 1) {
      for (int64_t j = i + 1; j < sparseDims; ++j)
        if ((newAxisMask >> j) & 1)
          ++newAxesAfterEllipsis;
      break;
    }
  constexpr int64_t kNewAxis = -1, kShrink = -2;
  DenseSlice out;
  SmallVector<int64_t> gather; // per final dim: input dim, kNewAxis
  SmallVector<int64_t> db(rank, 0), de(rank, 0), ds(rank, 1);
  SmallVector<bool> bm(rank, true), em(rank, true), sm(rank, false);
  int64_t full = 0;
  for (int64_t i = 0; i < sparseDims; ++i) {
    if ((ellipsisMask >> i) & 1) {
      int64_t next = std::min(rank - (sparseDims - i) + 1 + newAxesAfterEllipsis, rank);
      for (; full < next; ++full)
        gather.push_back(full);
    } else if ((newAxisMask >> i) & 1) {
      gather.push_back(kNewAxis);
    } else {
      if (full >= rank)
        return op.emitOpError() << "index " << i << " is out of range for rank " << rank;
      db[full] = begin[i];
      de[full] = end[i];
      ds[full] = strides[i];
      bm[full] = (beginMask >> i) & 1;
      em[full] = (endMask >> i) & 1;
      sm[full] = (shrinkMask >> i) & 1;
      if (ds[full] == 0)
        return op.emitOpError() << "stride " << i << " is zero";
      gather.push_back(sm[full] ? kShrink : full);
      ++full;
    }
  }
  for (int64_t d = 0; d < rank; ++d) {
    int64_t dim = shape[d], s = ds[d];
    if (sm[d]) {
      int64_t b = db[d];
      if (!ShapedType::isDynamic(dim)) {
        if (b < -dim || b >= dim)
          return op.emitOpError() << "index " << b << " is out of bounds for dim " << d
                                  << " of size " << dim;
        b = b < 0 ? b + dim : b;
      }
      out.begin.push_back(b);
      out.stride.push_back(1);
      out.size.push_back(1);
      continue;
    }
    if (ShapedType::isDynamic(dim)) {
      out.begin.push_back(kDyn);
      out.stride.push_back(s);
      out.size.push_back(kDyn);
      continue;
    }
    int64_t lo = s > 0 ? 0 : -1, hi = s > 0 ? dim : dim - 1;
    auto canonical = [&](int64_t x, bool masked, int which) {
      if (masked)
        return s > 0 ? (which == 0 ? lo : hi) : (which == 0 ? hi : lo);
      int64_t fwd = x < 0 ? dim + x : x;
      return std::clamp(fwd, lo, hi);
    };
    int64_t b = canonical(db[d], bm[d], 0), e = canonical(de[d], em[d], 1);
    int64_t len = e - b, n;
    if (len == 0 || ((len < 0) != (s < 0)))
      n = 0;
    else
      n = len / s + (len % s != 0 ? 1 : 0);
    out.begin.push_back(b);
    out.stride.push_back(s);
    out.size.push_back(n);
  }
  for (int64_t g : gather) {
    if (g == kNewAxis)
      out.finalShape.push_back(1);
    else if (g != kShrink)
      out.finalShape.push_back(out.size[g]);
  }
  return out;
}

LogicalResult StridedSliceOp::refineResultTypes(SmallVectorImpl<Type> &types) {
  Type in = getInput().getType();
  Type elt = elementTypeOf(in);
  auto s = shapeOf(in);
  auto b = constantInts(getBegin()), e = constantInts(getEnd()), st = constantInts(getStrides());
  if (!s || !b || !e || !st) {
    types.assign(1, UnrankedTensorType::get(elt));
    return success();
  }
  auto dense = resolveStridedSlice(*this, *s, *b, *e, *st);
  if (failed(dense))
    return failure();
  types.assign(1, RankedTensorType::get(dense->finalShape, elt));
  return success();
}

OpFoldResult StridedSliceOp::fold(FoldAdaptor adaptor) {
  auto in = dyn_cast_or_null<DenseElementsAttr>(adaptor.getInput());
  auto type = foldable(getOutput());
  auto b = constantInts(getBegin()), e = constantInts(getEnd()), st = constantInts(getStrides());
  if (!in || !type || !b || !e || !st)
    return {};
  auto dense = resolveStridedSlice(*this, in.getType().getShape(), *b, *e, *st);
  if (failed(dense))
    return {};
  SmallVector<int64_t> inStrides = stridesOf(in.getType().getShape());
  SmallVector<int64_t> flat;
  forEachIndex(dense->size, [&](ArrayRef<int64_t> idx) {
    int64_t f = 0;
    for (size_t d = 0; d < idx.size(); ++d)
      f += (dense->begin[d] + idx[d] * dense->stride[d]) * inStrides[d];
    flat.push_back(f);
  });
  if ((int64_t)flat.size() != type.getNumElements())
    return {};
  return gatherElements(in, type, flat);
}

//===----------------------------------------------------------------------===//
// Gather, OneHot, Tile, Pad, Unique, UnsortedSegmentSum.
//===----------------------------------------------------------------------===//

static LogicalResult inferGather(Operation *op, Value params, Value indices, int64_t axisVal,
                                 bool axisKnown, int64_t batchDims, SmallVectorImpl<Type> &types) {
  Type elt = elementTypeOf(params.getType());
  auto ps = shapeOf(params.getType()), is = shapeOf(indices.getType());
  if (!ps || !is || !axisKnown) {
    types.assign(1, UnrankedTensorType::get(elt));
    return success();
  }
  auto axis = normalizeAxis(op, axisVal, ps->size(), "axis");
  if (failed(axis))
    return failure();
  if (batchDims < 0)
    batchDims += is->size();
  if (batchDims < 0 || batchDims > *axis || batchDims > (int64_t)is->size())
    return op->emitOpError() << "batch_dims " << batchDims << " is out of range";
  SmallVector<int64_t> out(ps->begin(), ps->begin() + *axis);
  out.append(is->begin() + batchDims, is->end());
  out.append(ps->begin() + *axis + 1, ps->end());
  types.assign(1, RankedTensorType::get(out, elt));
  return success();
}

LogicalResult GatherV2Op::refineResultTypes(SmallVectorImpl<Type> &types) {
  auto axis = constantInts(getAxis());
  return inferGather(getOperation(), getParams(), getIndices(), axis ? (*axis)[0] : 0,
                     axis && axis->size() == 1, getBatchDims(), types);
}

LogicalResult GatherOp::refineResultTypes(SmallVectorImpl<Type> &types) {
  return inferGather(getOperation(), getParams(), getIndices(), 0, true, 0, types);
}

LogicalResult OneHotOp::refineResultTypes(SmallVectorImpl<Type> &types) {
  Type elt = elementTypeOf(getOnValue().getType());
  if (!dtypesAgree(elt, getOffValue().getType()))
    return emitOpError() << "on_value and off_value have different dtypes";
  auto is = shapeOf(getIndices().getType());
  auto depth = constantInts(getDepth());
  if (!is) {
    types.assign(1, UnrankedTensorType::get(elt));
    return success();
  }
  int64_t d = depth && depth->size() == 1 ? (*depth)[0] : kDyn;
  if (!ShapedType::isDynamic(d) && d < 0)
    return emitOpError() << "depth must be non-negative, got " << d;
  int64_t axis = getAxis();
  if (axis < -1 || axis > (int64_t)is->size())
    return emitOpError() << "axis " << axis << " is out of range";
  SmallVector<int64_t> out(*is);
  out.insert(axis == -1 ? out.end() : out.begin() + axis, d);
  types.assign(1, RankedTensorType::get(out, elt));
  return success();
}

LogicalResult TileOp::refineResultTypes(SmallVectorImpl<Type> &types) {
  Type in = getInput().getType();
  auto s = shapeOf(in);
  auto m = constantInts(getMultiples());
  if (!s || !m) {
    types.assign(1, unknownDims(s ? std::optional<int64_t>(s->size()) : std::nullopt, elementTypeOf(in)));
    return success();
  }
  if (m->size() != s->size())
    return emitOpError() << "multiples " << shapeString(*m) << " does not match rank "
                         << s->size();
  SmallVector<int64_t> out;
  for (auto [d, k] : llvm::zip(*s, *m)) {
    if (k < 0)
      return emitOpError() << "multiples must be non-negative";
    out.push_back(ShapedType::isDynamic(d) ? kDyn : d * k);
  }
  types.assign(1, RankedTensorType::get(out, elementTypeOf(in)));
  return success();
}
OpFoldResult TileOp::fold(FoldAdaptor) {
  auto m = constantInts(getMultiples());
  if (m && llvm::all_of(*m, [](int64_t k) { return k == 1; }) && getInput().getType() == getType())
    return getInput();
  return {};
}

static LogicalResult inferPad(Operation *op, Value input, Value paddings,
                              SmallVectorImpl<Type> &types) {
  Type in = input.getType();
  auto s = shapeOf(in);
  auto p = constantInts(paddings);
  if (!s || !p) {
    types.assign(1, unknownDims(s ? std::optional<int64_t>(s->size()) : std::nullopt, elementTypeOf(in)));
    return success();
  }
  if (p->size() != 2 * s->size())
    return op->emitOpError() << "paddings must be [" << s->size() << ", 2]";
  SmallVector<int64_t> out;
  for (auto [i, d] : llvm::enumerate(*s)) {
    int64_t lo = (*p)[2 * i], hi = (*p)[2 * i + 1];
    if (lo < 0 || hi < 0)
      return op->emitOpError() << "paddings must be non-negative";
    out.push_back(ShapedType::isDynamic(d) ? kDyn : d + lo + hi);
  }
  types.assign(1, RankedTensorType::get(out, elementTypeOf(in)));
  return success();
}
LogicalResult PadOp::refineResultTypes(SmallVectorImpl<Type> &types) {
  return inferPad(getOperation(), getInput(), getPaddings(), types);
}
LogicalResult PadV2Op::refineResultTypes(SmallVectorImpl<Type> &types) {
  return inferPad(getOperation(), getInput(), getPaddings(), types);
}
LogicalResult MirrorPadOp::refineResultTypes(SmallVectorImpl<Type> &types) {
  if (getMode() != "REFLECT" && getMode() != "SYMMETRIC")
    return emitOpError() << "mode must be REFLECT or SYMMETRIC, got '" << getMode() << "'";
  return inferPad(getOperation(), getInput(), getPaddings(), types);
}

LogicalResult UniqueOp::refineResultTypes(SmallVectorImpl<Type> &types) {
  Type in = getX().getType();
  auto s = shapeOf(in);
  if (s && s->size() != 1)
    return emitOpError() << "x must be a vector, got shape " << shapeString(*s);
  int64_t n = s ? (*s)[0] : kDyn;
  types.assign({RankedTensorType::get({kDyn}, elementTypeOf(in)),
                RankedTensorType::get({n}, outTypeOr(getContext(), getOutIdx()))});
  return success();
}

LogicalResult UnsortedSegmentSumOp::refineResultTypes(SmallVectorImpl<Type> &types) {
  Type data = getData().getType();
  auto ds = shapeOf(data), is = shapeOf(getSegmentIds().getType());
  auto n = constantInts(getNumSegments());
  if (!ds || !is) {
    types.assign(1, UnrankedTensorType::get(elementTypeOf(data)));
    return success();
  }
  if (is->size() > ds->size())
    return emitOpError() << "segment_ids rank exceeds data rank";
  SmallVector<int64_t> out{n && n->size() == 1 ? (*n)[0] : kDyn};
  out.append(ds->begin() + is->size(), ds->end());
  types.assign(1, RankedTensorType::get(out, elementTypeOf(data)));
  return success();
}

LogicalResult StridedSliceGradOp::refineResultTypes(SmallVectorImpl<Type> &types) {
  Type elt = elementTypeOf(getDy().getType());
  auto shape = constantInts(getShape());
  if (shape) {
    for (int64_t d : *shape)
      if (d < 0)
        return emitOpError() << "shape " << shapeString(*shape) << " has a negative dim";
    types.assign(1, RankedTensorType::get(*shape, elt));
  } else {
    types.assign(1, UnrankedTensorType::get(elt));
  }
  return success();
}

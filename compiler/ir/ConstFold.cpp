//===- ConstFold.cpp - folding elementwise ops on constants ---------------===//
#include "compiler/ir/ConstFold.h"

#include "compiler/ir/TfccDialect.h"

using namespace mlir;
using namespace mlir::tfcc;

/// The static result type of `op`'s only result, if it may hold a fold.
static RankedTensorType foldableResultType(Operation *op) {
  auto type = dyn_cast<RankedTensorType>(op->getResult(0).getType());
  if (!type || !type.hasStaticShape() || type.getNumElements() > kMaxFoldElements)
    return nullptr;
  return type;
}

static double toDouble(const APFloat &v) {
  APFloat copy = v;
  bool lost;
  copy.convert(APFloat::IEEEdouble(), APFloat::rmNearestTiesToEven, &lost);
  return copy.convertToDouble();
}

static APFloat fromDouble(double v, FloatType type) {
  APFloat out(v);
  bool lost;
  out.convert(type.getFloatSemantics(), APFloat::rmNearestTiesToEven, &lost);
  return out;
}

static int64_t toInt(const APInt &v, IntegerType type) {
  if (type.getWidth() == 1 || type.isUnsigned())
    return static_cast<int64_t>(v.getZExtValue());
  return v.getSExtValue();
}

DenseElementsAttr tfcc::intConstant(Type type, ArrayRef<int64_t> values) {
  auto shaped = cast<ShapedType>(type);
  auto elt = cast<IntegerType>(shaped.getElementType());
  SmallVector<APInt> ints;
  for (int64_t v : values)
    ints.push_back(APInt(elt.getWidth(), v, /*isSigned=*/!elt.isUnsigned(), /*implicitTrunc=*/true));
  return DenseElementsAttr::get(shaped, ints);
}

OpFoldResult tfcc::foldUnary(Operation *op, Attribute operand, FloatFn1 onFloat, IntFn1 onInt) {
  auto input = dyn_cast_or_null<DenseElementsAttr>(operand);
  RankedTensorType type = foldableResultType(op);
  if (!input || !type || input.getType().getShape() != type.getShape())
    return {};
  Type elt = input.getElementType();
  if (auto floatType = dyn_cast<FloatType>(elt)) {
    if (!onFloat || type.getElementType() != elt)
      return {};
    SmallVector<APFloat> out;
    for (const APFloat &v : input.getValues<APFloat>()) {
      std::optional<double> r = onFloat(toDouble(v));
      if (!r)
        return {};
      out.push_back(fromDouble(*r, floatType));
    }
    return DenseElementsAttr::get(type, out);
  }
  if (auto intType = dyn_cast<IntegerType>(elt)) {
    if (!onInt || type.getElementType() != elt)
      return {};
    SmallVector<int64_t> out;
    for (const APInt &v : input.getValues<APInt>()) {
      std::optional<int64_t> r = onInt(toInt(v, intType));
      if (!r)
        return {};
      out.push_back(*r);
    }
    return intConstant(type, out);
  }
  return {};
}

OpFoldResult tfcc::foldBinary(Operation *op, Attribute lhsAttr, Attribute rhsAttr,
                              FloatFn2 onFloat, IntFn2 onInt) {
  auto lhs = dyn_cast_or_null<DenseElementsAttr>(lhsAttr);
  auto rhs = dyn_cast_or_null<DenseElementsAttr>(rhsAttr);
  RankedTensorType type = foldableResultType(op);
  if (!lhs || !rhs || !type || lhs.getElementType() != rhs.getElementType())
    return {};
  ArrayRef<int64_t> shape = type.getShape();
  int64_t rank = shape.size();
  // Per-operand strides over the result index space; 0 on broadcast dims.
  auto stridesOf = [&](ShapedType t) -> std::optional<SmallVector<int64_t>> {
    ArrayRef<int64_t> s = t.getShape();
    if ((int64_t)s.size() > rank)
      return std::nullopt;
    SmallVector<int64_t> strides(rank, 0);
    int64_t stride = 1;
    for (int64_t i = s.size() - 1, r = rank - 1; i >= 0; --i, --r) {
      if (s[i] != 1 && s[i] != shape[r])
        return std::nullopt;
      strides[r] = s[i] == 1 ? 0 : stride;
      stride *= s[i];
    }
    return strides;
  };
  auto ls = stridesOf(lhs.getType()), rs = stridesOf(rhs.getType());
  if (!ls || !rs)
    return {};
  int64_t n = type.getNumElements();
  SmallVector<int64_t> li(n), ri(n);
  SmallVector<int64_t> index(rank, 0);
  for (int64_t k = 0; k < n; ++k) {
    int64_t a = 0, b = 0;
    for (int64_t d = 0; d < rank; ++d) {
      a += index[d] * (*ls)[d];
      b += index[d] * (*rs)[d];
    }
    li[k] = a;
    ri[k] = b;
    for (int64_t d = rank - 1; d >= 0; --d) {
      if (++index[d] < shape[d])
        break;
      index[d] = 0;
    }
  }
  Type inElt = lhs.getElementType(), outElt = type.getElementType();
  bool boolResult = outElt.isInteger(1) && !inElt.isInteger(1);
  if (isa<FloatType>(inElt)) {
    if (!onFloat)
      return {};
    SmallVector<double> a, b;
    for (const APFloat &v : lhs.getValues<APFloat>())
      a.push_back(toDouble(v));
    for (const APFloat &v : rhs.getValues<APFloat>())
      b.push_back(toDouble(v));
    SmallVector<double> out;
    for (int64_t k = 0; k < n; ++k) {
      std::optional<double> r = onFloat(a[li[k]], b[ri[k]]);
      if (!r)
        return {};
      out.push_back(*r);
    }
    if (boolResult) {
      SmallVector<bool> bits;
      for (double v : out)
        bits.push_back(v != 0);
      return DenseElementsAttr::get(type, bits);
    }
    if (outElt != inElt)
      return {};
    SmallVector<APFloat> vals;
    for (double v : out)
      vals.push_back(fromDouble(v, cast<FloatType>(outElt)));
    return DenseElementsAttr::get(type, vals);
  }
  auto intType = dyn_cast<IntegerType>(inElt);
  if (!intType || !onInt || (!boolResult && outElt != inElt))
    return {};
  SmallVector<int64_t> a, b;
  for (const APInt &v : lhs.getValues<APInt>())
    a.push_back(toInt(v, intType));
  for (const APInt &v : rhs.getValues<APInt>())
    b.push_back(toInt(v, intType));
  SmallVector<int64_t> out;
  for (int64_t k = 0; k < n; ++k) {
    std::optional<int64_t> r = onInt(a[li[k]], b[ri[k]]);
    if (!r)
      return {};
    out.push_back(*r);
  }
  if (boolResult) {
    SmallVector<bool> bits;
    for (int64_t v : out)
      bits.push_back(v != 0);
    return DenseElementsAttr::get(type, bits);
  }
  return intConstant(type, out);
}

//===- MathOps.cpp - shape rules and folders of elementwise and matrix ops ===//
#include "compiler/ir/ConstFold.h"
#include "compiler/ir/TfccDialect.h"

#include <cmath>

#include "mlir/IR/Builders.h"
#include "mlir/IR/TypeUtilities.h"
#include "mlir/IR/Matchers.h"

using namespace mlir;
using namespace mlir::tfcc;

#define GET_OP_CLASSES
#include "compiler/ir/MathOps.cpp.inc"

void TFCCDialect::registerMathOps() {
  addOperations<
#define GET_OP_LIST
#include "compiler/ir/MathOps.cpp.inc"
      >();
}

//===----------------------------------------------------------------------===//
// Elementwise folders: each op's scalar semantics, as TF computes them.
//===----------------------------------------------------------------------===//



TFCC_UNARY_FOLD(NegOp, [](double x) -> OptD { return -x; }, [](int64_t x) -> OptI { return -x; })
TFCC_UNARY_FOLD(AbsOp, [](double x) -> OptD { return std::fabs(x); },
           [](int64_t x) -> OptI { return x < 0 ? -x : x; })
TFCC_UNARY_FOLD(SignOp, [](double x) -> OptD { return std::isnan(x) ? x : (x > 0) - (x < 0); },
           [](int64_t x) -> OptI { return (x > 0) - (x < 0); })
TFCC_UNARY_FOLD(ExpOp, [](double x) -> OptD { return std::exp(x); }, nullptr)
TFCC_UNARY_FOLD(LogOp, [](double x) -> OptD { return std::log(x); }, nullptr)
TFCC_UNARY_FOLD(Log1pOp, [](double x) -> OptD { return std::log1p(x); }, nullptr)
TFCC_UNARY_FOLD(SqrtOp, [](double x) -> OptD { return std::sqrt(x); }, nullptr)
TFCC_UNARY_FOLD(RsqrtOp, [](double x) -> OptD { return 1.0 / std::sqrt(x); }, nullptr)
TFCC_UNARY_FOLD(SquareOp, [](double x) -> OptD { return x * x; },
           [](int64_t x) -> OptI { return x * x; })
TFCC_UNARY_FOLD(ReciprocalOp, [](double x) -> OptD { return 1.0 / x; }, nullptr)
TFCC_UNARY_FOLD(InvOp, [](double x) -> OptD { return 1.0 / x; }, nullptr)
TFCC_UNARY_FOLD(FloorOp, [](double x) -> OptD { return std::floor(x); }, nullptr)
TFCC_UNARY_FOLD(CeilOp, [](double x) -> OptD { return std::ceil(x); }, nullptr)
// TF rounds half to even.
TFCC_UNARY_FOLD(RoundOp, [](double x) -> OptD { return std::nearbyint(x); },
           [](int64_t x) -> OptI { return x; })
TFCC_UNARY_FOLD(SigmoidOp, [](double x) -> OptD { return 1.0 / (1.0 + std::exp(-x)); }, nullptr)
TFCC_UNARY_FOLD(TanhOp, [](double x) -> OptD { return std::tanh(x); }, nullptr)
TFCC_UNARY_FOLD(SinOp, [](double x) -> OptD { return std::sin(x); }, nullptr)
TFCC_UNARY_FOLD(CosOp, [](double x) -> OptD { return std::cos(x); }, nullptr)
TFCC_UNARY_FOLD(ErfOp, [](double x) -> OptD { return std::erf(x); }, nullptr)
TFCC_UNARY_FOLD(LogicalNotOp, nullptr, [](int64_t x) -> OptI { return !x; })


static OptI floorDiv(int64_t x, int64_t y) {
  if (y == 0)
    return std::nullopt;
  int64_t q = x / y;
  return (x % y != 0 && ((x < 0) != (y < 0))) ? q - 1 : q;
}
static OptI floorMod(int64_t x, int64_t y) {
  if (y == 0)
    return std::nullopt;
  int64_t r = x % y;
  return (r != 0 && ((r < 0) != (y < 0))) ? r + y : r;
}
static OptD floorModF(double x, double y) {
  double r = std::fmod(x, y);
  return (r != 0 && ((r < 0) != (y < 0))) ? r + y : r;
}
static OptI intPow(int64_t x, int64_t y) {
  if (y < 0)
    return std::nullopt;
  int64_t r = 1;
  while (y--)
    r *= x;
  return r;
}

TFCC_BINARY_FOLD(AddOp, [](double x, double y) -> OptD { return x + y; },
            [](int64_t x, int64_t y) -> OptI { return x + y; })
TFCC_BINARY_FOLD(AddV2Op, [](double x, double y) -> OptD { return x + y; },
            [](int64_t x, int64_t y) -> OptI { return x + y; })
TFCC_BINARY_FOLD(SubOp, [](double x, double y) -> OptD { return x - y; },
            [](int64_t x, int64_t y) -> OptI { return x - y; })
TFCC_BINARY_FOLD(MulOp, [](double x, double y) -> OptD { return x * y; },
            [](int64_t x, int64_t y) -> OptI { return x * y; })
// Integer Div truncates, as C++ does.
TFCC_BINARY_FOLD(DivOp, [](double x, double y) -> OptD { return x / y; },
            [](int64_t x, int64_t y) -> OptI { return y ? OptI(x / y) : std::nullopt; })
TFCC_BINARY_FOLD(RealDivOp, [](double x, double y) -> OptD { return x / y; }, nullptr)
TFCC_BINARY_FOLD(DivNoNanOp, [](double x, double y) -> OptD { return y == 0 ? 0 : x / y; }, nullptr)
TFCC_BINARY_FOLD(FloorDivOp, [](double x, double y) -> OptD { return std::floor(x / y); }, floorDiv)
TFCC_BINARY_FOLD(FloorModOp, floorModF, floorMod)
TFCC_BINARY_FOLD(MaximumOp, [](double x, double y) -> OptD { return std::isnan(x) || std::isnan(y) ? NAN : std::max(x, y); },
            [](int64_t x, int64_t y) -> OptI { return std::max(x, y); })
TFCC_BINARY_FOLD(MinimumOp, [](double x, double y) -> OptD { return std::isnan(x) || std::isnan(y) ? NAN : std::min(x, y); },
            [](int64_t x, int64_t y) -> OptI { return std::min(x, y); })
TFCC_BINARY_FOLD(PowOp, [](double x, double y) -> OptD { return std::pow(x, y); }, intPow)
TFCC_BINARY_FOLD(SquaredDifferenceOp, [](double x, double y) -> OptD { return (x - y) * (x - y); },
            [](int64_t x, int64_t y) -> OptI { return (x - y) * (x - y); })
TFCC_BINARY_FOLD(LogicalAndOp, nullptr, [](int64_t x, int64_t y) -> OptI { return x && y; })
TFCC_BINARY_FOLD(LogicalOrOp, nullptr, [](int64_t x, int64_t y) -> OptI { return x || y; })

#define COMPARE_FOLD(OP, CMP)                                                               \
  TFCC_BINARY_FOLD(OP, [](double x, double y) -> OptD { return x CMP y; },                      \
              [](int64_t x, int64_t y) -> OptI { return x CMP y; })
COMPARE_FOLD(LessOp, <)
COMPARE_FOLD(LessEqualOp, <=)
COMPARE_FOLD(GreaterOp, >)
COMPARE_FOLD(GreaterEqualOp, >=)
COMPARE_FOLD(EqualOp, ==)
COMPARE_FOLD(NotEqualOp, !=)

//===----------------------------------------------------------------------===//
// AddN, Cast, Select.
//===----------------------------------------------------------------------===//

LogicalResult AddNOp::refineResultTypes(SmallVectorImpl<Type> &types) {
  if (getInputs().empty())
    return emitOpError() << "needs at least one input";
  Type result = getInputs()[0].getType();
  for (Value v : getInputs()) {
    if (!dtypesAgree(v.getType(), result))
      return emitOpError() << "inputs have different dtypes " << elementTypeOf(result)
                           << " and " << elementTypeOf(v.getType());
    if (failed(verifyCompatibleShape(v.getType(), result)))
      return emitOpError() << "inputs have different shapes " << result << " and "
                           << v.getType();
    if (shapeOf(v.getType()) && !shapeOf(result))
      result = v.getType();
  }
  types.assign(1, result);
  return success();
}

OpFoldResult AddNOp::fold(FoldAdaptor) {
  if (getInputs().size() == 1 && getInputs()[0].getType() == getType())
    return getInputs()[0];
  return {};
}

LogicalResult CastOp::refineResultTypes(SmallVectorImpl<Type> &types) {
  types.assign(1, tensorType(shapeOf(getX().getType()), getDstT()));
  return success();
}

OpFoldResult CastOp::fold(FoldAdaptor adaptor) {
  if (getX().getType() == getType())
    return getX();
  auto input = dyn_cast_or_null<DenseElementsAttr>(adaptor.getX());
  auto type = dyn_cast<RankedTensorType>(getType());
  if (!input || !type || !type.hasStaticShape() || type.getNumElements() > kMaxFoldElements)
    return {};
  Type from = input.getElementType(), to = type.getElementType();
  auto fromInt = dyn_cast<IntegerType>(from);
  auto toInt = dyn_cast<IntegerType>(to);
  if (fromInt && toInt) {
    SmallVector<int64_t> vals;
    for (const APInt &v : input.getValues<APInt>())
      vals.push_back(fromInt.getWidth() == 1 || fromInt.isUnsigned() ? (int64_t)v.getZExtValue()
                                                                      : v.getSExtValue());
    if (toInt.getWidth() == 1)
      for (int64_t &v : vals)
        v = v != 0;
    return intConstant(type, vals);
  }
  if (fromInt && isa<FloatType>(to)) {
    SmallVector<APFloat> vals;
    for (const APInt &v : input.getValues<APInt>()) {
      APFloat f(cast<FloatType>(to).getFloatSemantics());
      f.convertFromAPInt(v, !(fromInt.getWidth() == 1 || fromInt.isUnsigned()),
                         APFloat::rmNearestTiesToEven);
      vals.push_back(f);
    }
    return DenseElementsAttr::get(type, vals);
  }
  if (isa<FloatType>(from) && isa<FloatType>(to)) {
    SmallVector<APFloat> vals;
    for (APFloat v : input.getValues<APFloat>()) {
      bool lost;
      v.convert(cast<FloatType>(to).getFloatSemantics(), APFloat::rmNearestTiesToEven, &lost);
      vals.push_back(v);
    }
    return DenseElementsAttr::get(type, vals);
  }
  return {};
}

LogicalResult SelectOp::refineResultTypes(SmallVectorImpl<Type> &types) {
  Type t = getT().getType(), e = getE().getType();
  if (!dtypesAgree(t, e))
    return emitOpError() << "t and e have different dtypes " << elementTypeOf(t) << " and "
                         << elementTypeOf(e);
  if (failed(verifyCompatibleShape(t, e)))
    return emitOpError() << "t and e have different shapes " << t << " and " << e;
  auto c = shapeOf(getCondition().getType()), ts = shapeOf(t);
  bool vectorOverRows = c && ts && c->size() == 1 && ts->size() > 1;
  if (c && ts && !c->empty() && !vectorOverRows && failed(verifyCompatibleShape(*c, *ts)))
    return emitOpError() << "condition of shape " << shapeString(*c)
                         << " must be a scalar, a vector over the first dim, or match "
                         << shapeString(*ts);
  if (vectorOverRows && !ShapedType::isDynamic((*c)[0]) && !ShapedType::isDynamic((*ts)[0]) &&
      (*c)[0] != (*ts)[0])
    return emitOpError() << "condition has " << (*c)[0] << " entries but t has " << (*ts)[0]
                         << " rows";
  types.assign(1, shapeOf(t) ? t : e);
  return success();
}

LogicalResult SelectV2Op::refineResultTypes(SmallVectorImpl<Type> &types) {
  Type t = getT().getType(), e = getE().getType();
  if (!dtypesAgree(t, e))
    return emitOpError() << "t and e have different dtypes " << elementTypeOf(t) << " and "
                         << elementTypeOf(e);
  auto c = shapeOf(getCondition().getType()), ts = shapeOf(t), es = shapeOf(e);
  if (!c || !ts || !es) {
    types.assign(1, tensorType(std::nullopt, elementTypeOf(t)));
    return success();
  }
  auto te = broadcastShapes(getOperation(), *ts, *es);
  if (failed(te))
    return failure();
  auto all = broadcastShapes(getOperation(), *c, *te);
  if (failed(all))
    return failure();
  types.assign(1, tensorType(ArrayRef<int64_t>(*all), elementTypeOf(t)));
  return success();
}

//===----------------------------------------------------------------------===//
// Matrix ops.
//===----------------------------------------------------------------------===//

/// Checks that contraction sizes agree when both are known.
static LogicalResult checkContraction(Operation *op, int64_t k1, int64_t k2) {
  if (!ShapedType::isDynamic(k1) && !ShapedType::isDynamic(k2) && k1 != k2)
    return op->emitOpError() << "contraction dimensions differ: " << k1 << " vs " << k2;
  return success();
}

LogicalResult MatMulOp::refineResultTypes(SmallVectorImpl<Type> &types) {
  Type a = getA().getType(), b = getB().getType();
  if (!dtypesAgree(a, b))
    return emitOpError() << "operands have different dtypes " << elementTypeOf(a) << " and "
                         << elementTypeOf(b);
  auto as = shapeOf(a), bs = shapeOf(b);
  for (auto s : {as, bs})
    if (s && s->size() != 2)
      return emitOpError() << "operands must be matrices, got shape " << shapeString(*s);
  int64_t m = ShapedType::kDynamic, n = ShapedType::kDynamic;
  int64_t k1 = ShapedType::kDynamic, k2 = ShapedType::kDynamic;
  if (as) {
    m = (*as)[getTransposeA() ? 1 : 0];
    k1 = (*as)[getTransposeA() ? 0 : 1];
  }
  if (bs) {
    k2 = (*bs)[getTransposeB() ? 1 : 0];
    n = (*bs)[getTransposeB() ? 0 : 1];
  }
  if (failed(checkContraction(getOperation(), k1, k2)))
    return failure();
  types.assign(1, RankedTensorType::get({m, n}, elementTypeOf(a)));
  return success();
}

LogicalResult BatchMatMulV2Op::refineResultTypes(SmallVectorImpl<Type> &types) {
  Type x = getX().getType(), y = getY().getType();
  Type elt = elementTypeOf(x);
  if (!dtypesAgree(elt, y))
    return emitOpError() << "operands have different dtypes " << elt << " and "
                         << elementTypeOf(y);
  auto xs = shapeOf(x), ys = shapeOf(y);
  if (!xs || !ys) {
    types.assign(1, tensorType(std::nullopt, elt));
    return success();
  }
  if (xs->size() < 2 || ys->size() < 2)
    return emitOpError() << "operands must have rank >= 2, got " << shapeString(*xs) << " and "
                         << shapeString(*ys);
  size_t xr = xs->size(), yr = ys->size();
  int64_t m = (*xs)[getAdjX() ? xr - 1 : xr - 2], k1 = (*xs)[getAdjX() ? xr - 2 : xr - 1];
  int64_t k2 = (*ys)[getAdjY() ? yr - 1 : yr - 2], n = (*ys)[getAdjY() ? yr - 2 : yr - 1];
  if (failed(checkContraction(getOperation(), k1, k2)))
    return failure();
  auto batch = broadcastShapes(getOperation(), xs->drop_back(2), ys->drop_back(2));
  if (failed(batch))
    return failure();
  batch->push_back(m);
  batch->push_back(n);
  types.assign(1, RankedTensorType::get(*batch, elt));
  return success();
}

LogicalResult EinsumOp::refineResultTypes(SmallVectorImpl<Type> &types) {
  StringRef eq = getEquation();
  auto arrow = eq.find("->");
  if (arrow == StringRef::npos || eq.contains("..."))
    return emitOpError() << "equation '" << eq
                         << "' must name its output (`->`) and use no ellipsis";
  SmallVector<StringRef> ins;
  eq.substr(0, arrow).split(ins, ',');
  StringRef out = eq.substr(arrow + 2);
  if (ins.size() != getInputs().size() || ins.empty() || ins.size() > 2)
    return emitOpError() << "equation '" << eq << "' has " << ins.size()
                         << " operand terms for " << getInputs().size() << " inputs";
  Type elt = elementTypeOf(getInputs()[0].getType());
  llvm::DenseMap<char, int64_t> sizes;
  for (auto [term, v] : llvm::zip(ins, getInputs())) {
    auto s = shapeOf(v.getType());
    if (!s)
      continue;
    if (s->size() != term.size())
      return emitOpError() << "term '" << term << "' does not match operand shape "
                           << shapeString(*s);
    for (auto [c, d] : llvm::zip(term, *s)) {
      auto [it, inserted] = sizes.try_emplace(c, d);
      if (!inserted && !ShapedType::isDynamic(d) && !ShapedType::isDynamic(it->second) &&
          it->second != d)
        return emitOpError() << "label '" << c << "' has sizes " << it->second << " and " << d;
      if (ShapedType::isDynamic(it->second))
        it->second = d;
    }
  }
  SmallVector<int64_t> shape;
  for (char c : out) {
    if (!llvm::any_of(ins, [&](StringRef term) { return term.contains(c); }))
      return emitOpError() << "output label '" << c << "' appears in no input of '" << eq << "'";
    auto it = sizes.find(c);
    shape.push_back(it == sizes.end() ? ShapedType::kDynamic : it->second);
  }
  types.assign(1, RankedTensorType::get(shape, elt));
  return success();
}

LogicalResult MatrixDeterminantOp::refineResultTypes(SmallVectorImpl<Type> &types) {
  if (failed(inferSquareMatrices(getOperation(), types)))
    return failure();
  Type in = getInput().getType();
  auto s = shapeOf(in);
  types.assign(1, tensorType(s ? std::optional<ArrayRef<int64_t>>(s->drop_back(2)) : std::nullopt,
                             elementTypeOf(in)));
  return success();
}

//===----------------------------------------------------------------------===//
// Range.
//===----------------------------------------------------------------------===//

/// The number of elements Range(start, limit, delta) has, as TF computes it.
static std::optional<int64_t> rangeSize(double start, double limit, double delta) {
  if (delta == 0 || (delta > 0 && start > limit) || (delta < 0 && start < limit))
    return std::nullopt;
  return static_cast<int64_t>(std::ceil(std::fabs((limit - start) / delta)));
}

static std::optional<double> scalarOf(Value v) {
  DenseElementsAttr attr;
  if (!matchPattern(v, m_Constant(&attr)) || attr.getNumElements() != 1)
    return std::nullopt;
  if (isa<FloatType>(attr.getElementType()))
    return (*attr.getValues<APFloat>().begin()).convertToDouble();
  return (double)(*attr.getValues<APInt>().begin()).getSExtValue();
}

LogicalResult RangeOp::refineResultTypes(SmallVectorImpl<Type> &types) {
  Type elt = elementTypeOf(getStart().getType());
  auto start = scalarOf(getStart()), limit = scalarOf(getLimit()), delta = scalarOf(getDelta());
  int64_t n = ShapedType::kDynamic;
  if (start && limit && delta) {
    auto size = rangeSize(*start, *limit, *delta);
    if (!size)
      return emitOpError() << "cannot make a range from " << *start << " to " << *limit
                           << " by " << *delta;
    n = *size;
  }
  types.assign(1, RankedTensorType::get({n}, elt));
  return success();
}

OpFoldResult RangeOp::fold(FoldAdaptor) {
  auto type = dyn_cast<RankedTensorType>(getType());
  auto start = scalarOf(getStart()), delta = scalarOf(getDelta());
  if (!type || !type.hasStaticShape() || !start || !delta ||
      type.getNumElements() > kMaxFoldElements)
    return {};
  int64_t n = type.getNumElements();
  if (auto ft = dyn_cast<FloatType>(type.getElementType())) {
    SmallVector<APFloat> vals;
    for (int64_t i = 0; i < n; ++i) {
      APFloat v(*start + i * *delta);
      bool lost;
      v.convert(ft.getFloatSemantics(), APFloat::rmNearestTiesToEven, &lost);
      vals.push_back(v);
    }
    return DenseElementsAttr::get(type, vals);
  }
  SmallVector<int64_t> vals;
  for (int64_t i = 0; i < n; ++i)
    vals.push_back((int64_t)*start + i * (int64_t)*delta);
  return intConstant(type, vals);
}

//===- MathGradients.cpp - gradient rules of the MathOps.td ops -----------===//
//
// Each rule gets the gradient flowing into each result (null where none
// does) and returns one gradient per operand, with the operand's type (null
// for none). The math is TF's (tensorflow/python/ops/math_grad.py defines
// the same derivatives); tfcc-autodiff calls these once shapes are static.
//
//===----------------------------------------------------------------------===//
#include "compiler/ir/OpBuild.h"
#include "compiler/ir/TfccDialect.h"

#include <cmath>

using namespace mlir;
using namespace mlir::tfcc;

namespace {

RankedTensorType typeOf(Value v) { return cast<RankedTensorType>(v.getType()); }

/// Gradients of a binary broadcasting op from the full-shape gradients of
/// its two operands.
void binaryGrads(OpsAt &o, Operation *op, Value gx, Value gy, SmallVectorImpl<Value> &out) {
  out.push_back(gx ? unbroadcast(o.b, o.loc, gx, typeOf(op->getOperand(0))) : Value());
  out.push_back(gy ? unbroadcast(o.b, o.loc, gy, typeOf(op->getOperand(1))) : Value());
}

/// The reduction axes of a Sum/Mean/Max/Min, normalized; the op's shape rule
/// has already checked them.
SmallVector<int64_t> reductionAxes(Operation *op) {
  int64_t rank = typeOf(op->getOperand(0)).getRank();
  SmallVector<int64_t> axes;
  for (int64_t a : *constantInts(op->getOperand(1)))
    axes.push_back(a < 0 ? a + rank : a);
  return axes;
}

/// The reduction result's shape with the reduced dims kept as 1.
SmallVector<int64_t> keptShape(Operation *op) {
  SmallVector<int64_t> shape(typeOf(op->getOperand(0)).getShape());
  for (int64_t a : reductionAxes(op))
    shape[a] = 1;
  return shape;
}

} // namespace

#define GRADIENT(Op)                                                                       \
  LogicalResult Op::buildGradients(OpBuilder &b, ArrayRef<Value> g,                        \
                                   SmallVectorImpl<Value> &out)
#define OPS OpsAt o{b, getLoc()}

//===- unary --------------------------------------------------------------===//

GRADIENT(NegOp) { OPS; out.push_back(o.neg(g[0])); return success(); }
GRADIENT(AbsOp) {
  OPS;
  out.push_back(o.mul(g[0], createInferred<SignOp>(b, getLoc(), {getX()})));
  return success();
}
// Piecewise constant: TF gives no gradient (Sign: zeros).
GRADIENT(SignOp) { out.push_back(Value()); return success(); }
GRADIENT(FloorOp) { out.push_back(Value()); return success(); }
GRADIENT(CeilOp) { out.push_back(Value()); return success(); }
GRADIENT(RoundOp) { out.push_back(Value()); return success(); }
GRADIENT(ExpOp) { OPS; out.push_back(o.mul(g[0], getY())); return success(); }
GRADIENT(LogOp) { OPS; out.push_back(o.div(g[0], getX())); return success(); }
GRADIENT(Log1pOp) {
  OPS;
  out.push_back(o.div(g[0], o.add(o.scalar(getX(), 1), getX())));
  return success();
}
GRADIENT(SqrtOp) { out.push_back(createInferred<SqrtGradOp>(b, getLoc(), {getY(), g[0]})); return success(); }
GRADIENT(RsqrtOp) { out.push_back(createInferred<RsqrtGradOp>(b, getLoc(), {getY(), g[0]})); return success(); }
GRADIENT(SquareOp) {
  OPS;
  out.push_back(o.mul(g[0], o.mul(o.scalar(getX(), 2), getX())));
  return success();
}
GRADIENT(ReciprocalOp) {
  out.push_back(createInferred<ReciprocalGradOp>(b, getLoc(), {getY(), g[0]}));
  return success();
}
GRADIENT(InvOp) { out.push_back(createInferred<ReciprocalGradOp>(b, getLoc(), {getY(), g[0]})); return success(); }
GRADIENT(SigmoidOp) { out.push_back(createInferred<SigmoidGradOp>(b, getLoc(), {getY(), g[0]})); return success(); }
GRADIENT(TanhOp) { out.push_back(createInferred<TanhGradOp>(b, getLoc(), {getY(), g[0]})); return success(); }
GRADIENT(SinOp) {
  OPS;
  out.push_back(o.mul(g[0], createInferred<CosOp>(b, getLoc(), {getX()})));
  return success();
}
GRADIENT(CosOp) {
  OPS;
  out.push_back(o.neg(o.mul(g[0], createInferred<SinOp>(b, getLoc(), {getX()}))));
  return success();
}
// d/dx erf(x) = 2/sqrt(pi) * exp(-x^2)
GRADIENT(ErfOp) {
  OPS;
  Value x = getX();
  Value d = o.mul(o.scalar(x, 2.0 / std::sqrt(M_PI)), o.exp(o.neg(o.square(x))));
  out.push_back(o.mul(g[0], d));
  return success();
}

//===- binary -------------------------------------------------------------===//

GRADIENT(AddOp) { OPS; binaryGrads(o, *this, g[0], g[0], out); return success(); }
GRADIENT(AddV2Op) { OPS; binaryGrads(o, *this, g[0], g[0], out); return success(); }
GRADIENT(SubOp) { OPS; binaryGrads(o, *this, g[0], o.neg(g[0]), out); return success(); }
GRADIENT(MulOp) {
  OPS;
  binaryGrads(o, *this, o.mul(g[0], getY()), o.mul(getX(), g[0]), out);
  return success();
}
// x / y: dx = g / y, dy = -g * x / y^2 (float Div is RealDiv).
static void quotientGrads(OpsAt &o, Operation *op, Value g, SmallVectorImpl<Value> &out) {
  Value x = op->getOperand(0), y = op->getOperand(1);
  binaryGrads(o, op, o.div(g, y), o.mul(g, o.div(o.neg(x), o.square(y))), out);
}
GRADIENT(RealDivOp) { OPS; quotientGrads(o, *this, g[0], out); return success(); }
GRADIENT(DivOp) {
  if (!isa<FloatType>(elementTypeOf(getZ().getType()))) {
    out.append({Value(), Value()});
    return success();
  }
  OPS;
  quotientGrads(o, *this, g[0], out);
  return success();
}
// x / y, or 0 where y is 0: the same quotients, also 0 where y is 0.
GRADIENT(DivNoNanOp) {
  OPS;
  Value x = getX(), y = getY();
  Value gx = createInferred<DivNoNanOp>(b, getLoc(), {g[0], y});
  Value gy = createInferred<DivNoNanOp>(b, getLoc(), {o.mul(g[0], o.neg(x)), o.square(y)});
  binaryGrads(o, *this, gx, gy, out);
  return success();
}
// The gradient goes to x where x >= y (Maximum) or x <= y (Minimum), else to
// y, so ties favour x as in TF.
template <typename CmpOp>
static void selectGrads(OpsAt &o, Operation *op, Value g, SmallVectorImpl<Value> &out) {
  Value x = op->getOperand(0), y = op->getOperand(1);
  Value xWins = createInferred<CmpOp>(o.b, o.loc, {x, y});
  Value zeros = o.zerosLike(g);
  binaryGrads(o, op, createInferred<SelectV2Op>(o.b, o.loc, {xWins, g, zeros}),
              createInferred<SelectV2Op>(o.b, o.loc, {xWins, zeros, g}), out);
}
GRADIENT(MaximumOp) { OPS; selectGrads<GreaterEqualOp>(o, *this, g[0], out); return success(); }
GRADIENT(MinimumOp) { OPS; selectGrads<LessEqualOp>(o, *this, g[0], out); return success(); }
// z = x^y: dx = g * y * x^(y-1); dy = g * z * log(x) where x > 0, else 0.
GRADIENT(PowOp) {
  OPS;
  Value x = getX(), y = getY(), z = getZ();
  Value dx = o.mul(g[0], o.mul(y, createInferred<PowOp>(b, getLoc(), {x, o.sub(y, o.scalar(y, 1))})));
  Value positive = createInferred<GreaterOp>(b, getLoc(), {x, o.scalar(x, 0)});
  Value safeX = createInferred<SelectV2Op>(b, getLoc(), {positive, x, o.scalar(x, 1)});
  Value logX = createInferred<SelectV2Op>(b, getLoc(), {positive, o.log(safeX), o.scalar(x, 0)});
  binaryGrads(o, *this, dx, o.mul(g[0], o.mul(z, logX)), out);
  return success();
}
GRADIENT(SquaredDifferenceOp) {
  OPS;
  Value d = o.mul(o.mul(o.scalar(getX(), 2), g[0]), o.sub(getX(), getY()));
  binaryGrads(o, *this, d, o.neg(d), out);
  return success();
}

//===- reductions ---------------------------------------------------------===//

// Each input element receives the gradient of the sum it went into.
GRADIENT(SumOp) {
  Location loc = getLoc();
  Value kept = reshape(b, loc, g[0], keptShape(*this));
  out.append({broadcastTo(b, loc, kept, typeOf(getInput()).getShape()), Value()});
  return success();
}
GRADIENT(MeanOp) {
  OPS;
  RankedTensorType in = typeOf(getInput());
  int64_t n = 1;
  for (int64_t a : reductionAxes(*this))
    n *= in.getDimSize(a);
  Value kept = reshape(b, getLoc(), g[0], keptShape(*this));
  out.append({o.div(broadcastTo(b, getLoc(), kept, in.getShape()), o.scalar(kept, double(n))),
              Value()});
  return success();
}
// The gradient is split evenly among the elements equal to the extremum.
template <typename OpT>
static void extremumGrads(OpsAt &o, OpT op, Value g, SmallVectorImpl<Value> &out) {
  RankedTensorType in = typeOf(op.getInput());
  SmallVector<int64_t> kept = keptShape(op);
  Value y = broadcastTo(o.b, o.loc, reshape(o.b, o.loc, op.getOutput(), kept), in.getShape());
  Value hits = o.castLike(createInferred<EqualOp>(o.b, o.loc, {op.getInput(), y}), g);
  Value count = sumOver(o.b, o.loc, hits, reductionAxes(op), /*keepDims=*/true);
  Value share = o.div(reshape(o.b, o.loc, g, kept), count);
  out.append({o.mul(hits, broadcastTo(o.b, o.loc, share, in.getShape())), Value()});
}
GRADIENT(MaxOp) { OPS; extremumGrads(o, *this, g[0], out); return success(); }
GRADIENT(MinOp) { OPS; extremumGrads(o, *this, g[0], out); return success(); }

//===- others -------------------------------------------------------------===//

// The gradient passes where clip_value_min <= t <= clip_value_max; the bounds
// get theirs where t is clipped to them.
GRADIENT(ClipByValueOp) {
  OPS;
  Value t = getT(), lo = getClipValueMin(), hi = getClipValueMax();
  Value zeros = o.zerosLike(g[0]);
  Value below = createInferred<LessOp>(b, getLoc(), {t, lo});
  Value above = createInferred<GreaterOp>(b, getLoc(), {t, hi});
  Value gLo = createInferred<SelectV2Op>(b, getLoc(), {below, g[0], zeros});
  Value gHi = createInferred<SelectV2Op>(b, getLoc(), {above, g[0], zeros});
  Value inside = createInferred<LogicalOrOp>(b, getLoc(), {below, above});
  out.push_back(createInferred<SelectV2Op>(b, getLoc(), {inside, zeros, g[0]}));
  out.push_back(unbroadcast(b, getLoc(), gLo, typeOf(lo)));
  out.push_back(unbroadcast(b, getLoc(), gHi, typeOf(hi)));
  return success();
}
GRADIENT(AddNOp) {
  out.assign(getNumOperands(), g[0]);
  return success();
}
// Only float-to-float casts carry a gradient, cast back.
GRADIENT(CastOp) {
  OPS;
  bool floats = isa<FloatType>(elementTypeOf(getX().getType())) &&
                isa<FloatType>(elementTypeOf(getY().getType()));
  out.push_back(floats ? o.castLike(g[0], getX()) : Value());
  return success();
}
static void selectOpGrads(OpsAt &o, Operation *op, Value g, SmallVectorImpl<Value> &out) {
  Value cond = op->getOperand(0);
  Value zeros = o.zerosLike(g);
  // Select's row condition (a vector over dim 0) broadcasts once given unit dims.
  if (isa<SelectOp>(op) && typeOf(cond).getRank() == 1 && typeOf(g).getRank() > 1) {
    SmallVector<int64_t> shape(typeOf(g).getRank(), 1);
    shape[0] = typeOf(cond).getDimSize(0);
    cond = reshape(o.b, o.loc, cond, shape);
  }
  out.push_back(Value());
  out.push_back(unbroadcast(o.b, o.loc, createInferred<SelectV2Op>(o.b, o.loc, {cond, g, zeros}),
                            typeOf(op->getOperand(1))));
  out.push_back(unbroadcast(o.b, o.loc, createInferred<SelectV2Op>(o.b, o.loc, {cond, zeros, g}),
                            typeOf(op->getOperand(2))));
}
GRADIENT(SelectOp) { OPS; selectOpGrads(o, *this, g[0], out); return success(); }
GRADIENT(SelectV2Op) { OPS; selectOpGrads(o, *this, g[0], out); return success(); }

//===- matrix products ----------------------------------------------------===//

namespace {
/// A MatMul of x and y with the given transposes.
Value matmul(OpBuilder &b, Location loc, Value x, Value y, bool tx, bool ty) {
  return createInferred<MatMulOp>(b, loc, {x, y},
                                  {b.getNamedAttr("transpose_a", b.getBoolAttr(tx)),
                                   b.getNamedAttr("transpose_b", b.getBoolAttr(ty))});
}
Value batchMatmul(OpBuilder &b, Location loc, Value x, Value y, bool tx, bool ty) {
  return createInferred<BatchMatMulV2Op>(b, loc, {x, y},
                                         {b.getNamedAttr("adj_x", b.getBoolAttr(tx)),
                                          b.getNamedAttr("adj_y", b.getBoolAttr(ty))});
}
} // namespace

// C = op(A) op(B): the four transpose cases as TF's MatMul gradient.
template <typename Build>
static void productGrads(Build mm, Value a, Value b, Value g, bool ta, bool tb, Value &ga,
                         Value &gb) {
  if (!ta && !tb) {
    ga = mm(g, b, false, true);
    gb = mm(a, g, true, false);
  } else if (!ta && tb) {
    ga = mm(g, b, false, false);
    gb = mm(g, a, true, false);
  } else if (ta && !tb) {
    ga = mm(b, g, false, true);
    gb = mm(a, g, false, false);
  } else {
    ga = mm(b, g, true, true);
    gb = mm(g, a, true, true);
  }
}

GRADIENT(MatMulOp) {
  Location loc = getLoc();
  Value ga, gb;
  productGrads([&](Value x, Value y, bool tx, bool ty) { return matmul(b, loc, x, y, tx, ty); },
               getA(), getB(), g[0], getTransposeA(), getTransposeB(), ga, gb);
  out.append({ga, gb});
  return success();
}
// Batch dims broadcast, so each gradient is summed back to its operand's.
GRADIENT(BatchMatMulV2Op) {
  Location loc = getLoc();
  Value gx, gy;
  productGrads(
      [&](Value x, Value y, bool tx, bool ty) { return batchMatmul(b, loc, x, y, tx, ty); },
      getX(), getY(), g[0], getAdjX(), getAdjY(), gx, gy);
  out.push_back(unbroadcast(b, loc, gx, typeOf(getX())));
  out.push_back(unbroadcast(b, loc, gy, typeOf(getY())));
  return success();
}

// The sums run the other way: each input feeds the outputs at or after it
// (before it, reversed), so its gradient is the reversed cumulative sum.
GRADIENT(CumsumOp) {
  out.push_back(createInferred<CumsumOp>(
      b, getLoc(), {g[0], getAxis()},
      {b.getNamedAttr("exclusive", b.getBoolAttr(getExclusive())),
       b.getNamedAttr("reverse", b.getBoolAttr(!getReverse()))}));
  out.push_back(Value());
  return success();
}

// An operand's gradient is the einsum of the output gradient with the other
// operand, written back to the operand's labels ("ij,jk->ik": a gets
// "ik,jk->ij"). That covers every label the operand shares with the output
// or the other operand; a label summed within one operand alone would need
// a broadcast back and is reported.
GRADIENT(EinsumOp) {
  StringRef eq = getEquation();
  size_t arrow = eq.find("->");
  SmallVector<StringRef> terms;
  eq.substr(0, arrow).split(terms, ',');
  StringRef outTerm = eq.substr(arrow + 2);
  auto inputs = getInputs();
  for (unsigned i = 0; i < inputs.size(); ++i) {
    StringRef mine = terms[i];
    StringRef other = inputs.size() == 2 ? terms[1 - i] : StringRef();
    for (char c : mine)
      if (!outTerm.contains(c) && !other.contains(c))
        return emitError() << "tfcc-autodiff: Einsum label '" << c << "' of '" << eq
                           << "' is summed within one operand; its gradient is not supported yet";
    if (llvm::any_of(mine, [&](char c) { return llvm::count(mine, c) > 1; }))
      return emitError() << "tfcc-autodiff: Einsum term '" << mine
                         << "' repeats a label (a diagonal); its gradient is not supported yet";
    std::string gradEq = outTerm.str();
    SmallVector<Value> operands = {g[0]};
    if (inputs.size() == 2) {
      gradEq += "," + other.str();
      operands.push_back(inputs[1 - i]);
    }
    gradEq += "->" + mine.str();
    out.push_back(createInferred<EinsumOp>(b, getLoc(), operands,
                                           {b.getNamedAttr("equation", b.getStringAttr(gradEq))}));
  }
  return success();
}

//===- ReductionLowering.cpp - reductions, arg-reductions, softmax --------===//
#include "compiler/codegen/lowering/Lowering.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include <limits>

namespace mlir::tfcc {
namespace {

enum class Combine { Sum, Prod, Max, Min, And, Or };

/// The identity of `kind` for element type `t`.
TypedAttr identityOf(OpBuilder &b, Combine kind, Type t) {
  if (auto ft = dyn_cast<FloatType>(t)) {
    double inf = std::numeric_limits<double>::infinity();
    switch (kind) {
    case Combine::Max: return b.getFloatAttr(ft, -inf);
    case Combine::Min: return b.getFloatAttr(ft, inf);
    case Combine::Prod: return b.getFloatAttr(ft, 1.0);
    default: return b.getFloatAttr(ft, 0.0);
    }
  }
  unsigned w = t.getIntOrFloatBitWidth();
  switch (kind) {
  case Combine::Max: return b.getIntegerAttr(t, APInt::getSignedMinValue(w));
  case Combine::Min: return b.getIntegerAttr(t, APInt::getSignedMaxValue(w));
  case Combine::Prod: case Combine::And: return b.getIntegerAttr(t, APInt(w, 1));
  default: return b.getIntegerAttr(t, APInt(w, 0));
  }
}

Value combine(OpBuilder &b, Location l, Combine kind, Value acc, Value x) {
  bool f = isFloat(x.getType());
  switch (kind) {
  case Combine::Sum: return f ? Value(arith::AddFOp::create(b, l, acc, x)) : Value(arith::AddIOp::create(b, l, acc, x));
  case Combine::Prod: return f ? Value(arith::MulFOp::create(b, l, acc, x)) : Value(arith::MulIOp::create(b, l, acc, x));
  case Combine::Max: return f ? Value(arith::MaximumFOp::create(b, l, acc, x)) : Value(arith::MaxSIOp::create(b, l, acc, x));
  case Combine::Min: return f ? Value(arith::MinimumFOp::create(b, l, acc, x)) : Value(arith::MinSIOp::create(b, l, acc, x));
  case Combine::And: return arith::AndIOp::create(b, l, acc, x);
  case Combine::Or: return arith::OrIOp::create(b, l, acc, x);
  }
  llvm_unreachable("unknown combine");
}

/// Reduces `input` over `axes` (sorted, non-negative) into a tensor of the
/// remaining dims.
Value reduce(OpBuilder &b, Location loc, Value input, ArrayRef<int64_t> axes, Combine kind) {
  auto t = cast<RankedTensorType>(input.getType());
  int64_t rank = t.getRank();
  SmallVector<int64_t> keptShape;
  SmallVector<AffineExpr> outExprs;
  SmallVector<utils::IteratorType> iterators;
  for (int64_t d = 0; d < rank; ++d) {
    bool reduced = llvm::is_contained(axes, d);
    iterators.push_back(reduced ? utils::IteratorType::reduction : utils::IteratorType::parallel);
    if (!reduced) {
      keptShape.push_back(t.getDimSize(d));
      outExprs.push_back(b.getAffineDimExpr(d));
    }
  }
  auto outType = RankedTensorType::get(keptShape, t.getElementType());
  Value init = filledTensor(b, loc, outType, identityOf(b, kind, t.getElementType()));
  SmallVector<AffineMap> maps = {b.getMultiDimIdentityMap(rank),
                                 AffineMap::get(rank, 0, outExprs, b.getContext())};
  return linalg::GenericOp::create(b, loc, TypeRange{outType}, ValueRange{input}, ValueRange{init},
                                   maps, iterators,
                                   [&](OpBuilder &nb, Location l, ValueRange args) {
                                     linalg::YieldOp::create(nb, l,
                                                             combine(nb, l, kind, args[1], args[0]));
                                   })
      .getResult(0);
}

/// Normalizes TF axes: negative ones count from the end; sorted, unique.
FailureOr<SmallVector<int64_t>> normalizedAxes(Operation *op, Value axesValue, int64_t rank) {
  std::optional<SmallVector<int64_t>> axes = constantInts(axesValue);
  if (!axes)
    return op->emitError() << "the reduction axes must be constant for the CPU backend";
  SmallVector<int64_t> out;
  for (int64_t a : *axes) {
    int64_t n = a < 0 ? a + rank : a;
    if (n < 0 || n >= rank)
      return op->emitError() << "reduction axis " << a << " is out of range for rank " << rank;
    if (!llvm::is_contained(out, n))
      out.push_back(n);
  }
  llvm::sort(out);
  return out;
}

template <typename OpT, Combine Kind, bool IsMean = false>
struct ReductionLowering : OpConversionPattern<OpT> {
  using OpConversionPattern<OpT>::OpConversionPattern;
  LogicalResult matchAndRewrite(OpT op, typename OpT::Adaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    if (failed(checkStaticOperands(op, rewriter)))
      return failure();
    auto inType = cast<RankedTensorType>(op.getInput().getType());
    auto axes = normalizedAxes(op, op.getReductionIndices(), inType.getRank());
    if (failed(axes))
      return failure();
    Location loc = op.getLoc();
    auto resultType = cast<RankedTensorType>(op.getType());
    Value r = reduce(rewriter, loc, adaptor.getInput(), *axes, Kind);
    if constexpr (IsMean) {
      int64_t count = 1;
      for (int64_t a : *axes)
        count *= inType.getDimSize(a);
      auto rt = cast<RankedTensorType>(r.getType());
      Type elt = rt.getElementType();
      Value n = scalarConstant(rewriter, loc, elt, double(count));
      // TF's integer Mean truncates the quotient.
      r = buildElementwise(rewriter, loc, rt, r, [&](OpBuilder &b, Location l, ValueRange args) {
        return isFloat(elt) ? Value(arith::DivFOp::create(b, l, args[0], n))
                            : Value(arith::DivSIOp::create(b, l, args[0], n));
      });
    }
    rewriter.replaceOp(op, reshapeTo(rewriter, loc, r, resultType));
    return success();
  }
};

/// ArgMax/ArgMin: the first index of the extreme value along one axis.
template <typename OpT, bool IsMax> struct ArgReductionLowering : OpConversionPattern<OpT> {
  using OpConversionPattern<OpT>::OpConversionPattern;
  LogicalResult matchAndRewrite(OpT op, typename OpT::Adaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    if (failed(checkStaticOperands(op, rewriter)))
      return failure();
    auto inType = cast<RankedTensorType>(op.getInput().getType());
    auto axes = normalizedAxes(op, op.getDimension(), inType.getRank());
    if (failed(axes))
      return failure();
    int64_t axis = (*axes)[0];
    Location loc = op.getLoc();
    auto resultType = cast<RankedTensorType>(op.getType());
    Type elt = inType.getElementType();
    auto valueType = RankedTensorType::get(resultType.getShape(), elt);
    Value values = filledTensor(rewriter, loc, valueType,
                                identityOf(rewriter, IsMax ? Combine::Max : Combine::Min, elt));
    Value indices =
        filledTensor(rewriter, loc, resultType, rewriter.getZeroAttr(resultType.getElementType()));
    int64_t rank = inType.getRank();
    SmallVector<AffineExpr> outExprs;
    SmallVector<utils::IteratorType> iterators;
    for (int64_t d = 0; d < rank; ++d) {
      iterators.push_back(d == axis ? utils::IteratorType::reduction
                                    : utils::IteratorType::parallel);
      if (d != axis)
        outExprs.push_back(rewriter.getAffineDimExpr(d));
    }
    AffineMap outMap = AffineMap::get(rank, 0, outExprs, rewriter.getContext());
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{valueType, resultType}, ValueRange{adaptor.getInput()},
        ValueRange{values, indices},
        SmallVector<AffineMap>{rewriter.getMultiDimIdentityMap(rank), outMap, outMap}, iterators,
        [&](OpBuilder &b, Location l, ValueRange args) {
          Value x = args[0], best = args[1], bestIndex = args[2];
          Value idx = linalg::IndexOp::create(b, l, axis);
          Value i = arith::IndexCastOp::create(b, l, bestIndex.getType(), idx);
          // Strictly better only, so ties keep the first index.
          Value better =
              isFloat(elt)
                  ? Value(arith::CmpFOp::create(b, l, IsMax ? arith::CmpFPredicate::OGT
                                                            : arith::CmpFPredicate::OLT,
                                                x, best))
                  : Value(arith::CmpIOp::create(b, l, IsMax ? arith::CmpIPredicate::sgt
                                                            : arith::CmpIPredicate::slt,
                                                x, best));
          // The first element always wins, even against an identity such as -inf.
          Value first = arith::CmpIOp::create(b, l, arith::CmpIPredicate::eq, idx,
                                              arith::ConstantIndexOp::create(b, l, 0));
          better = arith::OrIOp::create(b, l, better, first);
          linalg::YieldOp::create(b, l,
                                  ValueRange{arith::SelectOp::create(b, l, better, x, best),
                                             arith::SelectOp::create(b, l, better, i, bestIndex)});
        });
    rewriter.replaceOp(op, generic.getResult(1));
    return success();
  }
};

/// The pieces of a softmax over the last dim, stabilized by the row maximum:
/// shifted = x - max, e = exp(shifted), and sum = the row sums of e with a
/// trailing unit dim, so that it broadcasts back.
struct SoftmaxParts {
  Value shifted, e, sum;
};
SoftmaxParts softmaxParts(OpBuilder &b, Location loc, Value x) {
  auto type = cast<RankedTensorType>(x.getType());
  int64_t last = type.getRank() - 1;
  SmallVector<int64_t> keptShape(type.getShape());
  keptShape[last] = 1;
  auto keptType = RankedTensorType::get(keptShape, type.getElementType());
  Value rowMax = reshapeTo(b, loc, reduce(b, loc, x, {last}, Combine::Max), keptType);
  Value shifted = buildElementwise(b, loc, type, {x, rowMax},
                                   [](OpBuilder &nb, Location l, ValueRange a) {
                                     return arith::SubFOp::create(nb, l, a[0], a[1]);
                                   });
  Value e = buildElementwise(b, loc, type, shifted, [](OpBuilder &nb, Location l, ValueRange a) {
    return math::ExpOp::create(nb, l, a[0]);
  });
  Value sum = reshapeTo(b, loc, reduce(b, loc, e, {last}, Combine::Sum), keptType);
  return {shifted, e, sum};
}

/// Softmax and LogSoftmax over the last dim.
template <typename OpT, bool IsLog> struct SoftmaxLowering : OpConversionPattern<OpT> {
  using OpConversionPattern<OpT>::OpConversionPattern;
  LogicalResult matchAndRewrite(OpT op, typename OpT::Adaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    if (failed(checkStaticOperands(op, rewriter)))
      return failure();
    Location loc = op.getLoc();
    auto type = cast<RankedTensorType>(op.getType());
    auto [shifted, e, sum] = softmaxParts(rewriter, loc, adaptor.getLogits());
    Value out;
    if constexpr (IsLog)
      out = buildElementwise(rewriter, loc, type, {shifted, sum},
                             [](OpBuilder &b, Location l, ValueRange a) {
                               return arith::SubFOp::create(b, l, a[0],
                                                            math::LogOp::create(b, l, a[1]));
                             });
    else
      out = buildElementwise(rewriter, loc, type, {e, sum},
                             [](OpBuilder &b, Location l, ValueRange a) {
                               return arith::DivFOp::create(b, l, a[0], a[1]);
                             });
    rewriter.replaceOp(op, out);
    return success();
  }
};

/// Cumsum as a masked reduction: out[.., i, ..] sums x[.., j, ..] over the j
/// that precede i (or follow it, when reversed). Quadratic in the axis
/// length, which is fine for the short axes models cumulate over.
struct CumsumLowering : OpConversionPattern<CumsumOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(CumsumOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    if (failed(checkStaticOperands(op, rewriter)))
      return failure();
    auto type = cast<RankedTensorType>(op.getType());
    auto axes = normalizedAxes(op, op.getAxis(), type.getRank());
    if (failed(axes))
      return failure();
    int64_t axis = (*axes)[0], rank = type.getRank();
    MLIRContext *ctx = rewriter.getContext();
    // Loops: the rank output dims, then j (the summed position) last.
    SmallVector<AffineExpr> inExprs;
    for (int64_t d = 0; d < rank; ++d)
      inExprs.push_back(getAffineDimExpr(d == axis ? rank : d, ctx));
    SmallVector<utils::IteratorType> iterators(rank, utils::IteratorType::parallel);
    iterators.push_back(utils::IteratorType::reduction);
    Location loc = op.getLoc();
    Type elt = type.getElementType();
    Value init = filledTensor(rewriter, loc, type, rewriter.getZeroAttr(elt));
    bool exclusive = op.getExclusive(), reverse = op.getReverse();
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{type}, ValueRange{adaptor.getX()}, ValueRange{init},
        SmallVector<AffineMap>{AffineMap::get(rank + 1, 0, inExprs, ctx),
                               AffineMap::getMultiDimIdentityMap(rank + 1, ctx).getMajorSubMap(rank)},
        iterators, [&](OpBuilder &b, Location l, ValueRange args) {
          Value i = linalg::IndexOp::create(b, l, axis);
          Value j = linalg::IndexOp::create(b, l, rank);
          arith::CmpIPredicate pred = reverse ? (exclusive ? arith::CmpIPredicate::sgt
                                                           : arith::CmpIPredicate::sge)
                                              : (exclusive ? arith::CmpIPredicate::slt
                                                           : arith::CmpIPredicate::sle);
          Value take = arith::CmpIOp::create(b, l, pred, j, i);
          Value sum = combine(b, l, Combine::Sum, args[1], args[0]);
          linalg::YieldOp::create(b, l, Value(arith::SelectOp::create(b, l, take, sum, args[1])));
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

/// L2Loss: sum(t * t) / 2 as a scalar.
struct L2LossLowering : OpConversionPattern<L2LossOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(L2LossOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    if (failed(checkStaticOperands(op, rewriter)))
      return failure();
    Location loc = op.getLoc();
    auto t = cast<RankedTensorType>(op.getT().getType());
    Value sq = buildElementwise(rewriter, loc, t, adaptor.getT(),
                                [](OpBuilder &b, Location l, ValueRange a) {
                                  return arith::MulFOp::create(b, l, a[0], a[0]);
                                });
    SmallVector<int64_t> all = llvm::to_vector(llvm::seq<int64_t>(0, t.getRank()));
    Value sum = reduce(rewriter, loc, sq, all, Combine::Sum);
    auto st = cast<RankedTensorType>(sum.getType());
    Value half = scalarConstant(rewriter, loc, st.getElementType(), 0.5);
    rewriter.replaceOp(op, buildElementwise(rewriter, loc, st, sum,
                                            [&](OpBuilder &b, Location l, ValueRange a) {
                                              return arith::MulFOp::create(b, l, a[0], half);
                                            }));
    return success();
  }
};

/// BiasAddGrad: the sum over every dim but the channel dim.
struct BiasAddGradLowering : OpConversionPattern<BiasAddGradOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(BiasAddGradOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    if (failed(checkStaticOperands(op, rewriter)))
      return failure();
    auto in = cast<RankedTensorType>(op.getOutBackprop().getType());
    int64_t rank = in.getRank();
    int64_t channel = op.getDataFormat() == "NCHW" && rank >= 3 ? 1 : rank - 1;
    SmallVector<int64_t> axes;
    for (int64_t d = 0; d < rank; ++d)
      if (d != channel)
        axes.push_back(d);
    rewriter.replaceOp(op, reduce(rewriter, op.getLoc(), adaptor.getOutBackprop(), axes,
                                  Combine::Sum));
    return success();
  }
};

/// SoftmaxCrossEntropyWithLogits and its sparse form, as TF's kernel:
/// loss = -sum(labels * log_softmax(features)) per row,
/// backprop = softmax(features) - labels. Sparse labels are class indices;
/// one out of [0, C) matches no class (TF reports it at run time; here the
/// row's loss is log(sum(exp)) - max alone).
template <typename OpT, bool Sparse> struct CrossEntropyLowering : OpConversionPattern<OpT> {
  using OpConversionPattern<OpT>::OpConversionPattern;
  LogicalResult matchAndRewrite(OpT op, typename OpT::Adaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    if (failed(checkStaticOperands(op, rewriter)))
      return failure();
    Location loc = op.getLoc();
    auto type = cast<RankedTensorType>(op.getBackprop().getType());
    auto lossType = cast<RankedTensorType>(op.getLoss().getType());
    Value features = adaptor.getFeatures();
    if (cast<RankedTensorType>(features.getType()).getShape() != type.getShape())
      features = buildElementwise(rewriter, loc, type, features,
                                  [](OpBuilder &, Location, ValueRange a) { return a[0]; });
    SoftmaxParts parts = softmaxParts(rewriter, loc, features);
    Value logSum = buildElementwise(rewriter, loc, cast<RankedTensorType>(parts.sum.getType()),
                                    parts.sum, [](OpBuilder &b, Location l, ValueRange a) {
                                      return math::LogOp::create(b, l, a[0]);
                                    });
    // The labels as a [B, C] tensor (broadcast, or one-hot from indices).
    Value labels;
    if constexpr (Sparse) {
      MLIRContext *ctx = rewriter.getContext();
      SmallVector<AffineMap> maps = {AffineMap::get(2, 0, {getAffineDimExpr(0, ctx)}, ctx),
                                     AffineMap::getMultiDimIdentityMap(2, ctx)};
      labels = linalg::GenericOp::create(
                   rewriter, loc, TypeRange{type}, ValueRange{adaptor.getLabels()},
                   ValueRange{emptyTensor(rewriter, loc, type)}, maps,
                   SmallVector<utils::IteratorType>(2, utils::IteratorType::parallel),
                   [&](OpBuilder &b, Location l, ValueRange a) {
                     Value c = arith::IndexCastOp::create(b, l, a[0].getType(),
                                                          linalg::IndexOp::create(b, l, 1));
                     Value hit = arith::CmpIOp::create(b, l, arith::CmpIPredicate::eq, a[0], c);
                     Type t = type.getElementType();
                     linalg::YieldOp::create(
                         b, l, arith::SelectOp::create(b, l, hit, scalarConstant(b, l, t, 1),
                                                       scalarConstant(b, l, t, 0)).getResult());
                   })
                   .getResult(0);
    } else {
      labels = buildElementwise(rewriter, loc, type, adaptor.getLabels(),
                                [](OpBuilder &, Location, ValueRange a) { return a[0]; });
    }
    // -labels * (shifted - logSum), summed per row.
    Value terms = buildElementwise(rewriter, loc, type, {labels, parts.shifted, logSum},
                                   [](OpBuilder &b, Location l, ValueRange a) {
                                     Value logp = arith::SubFOp::create(b, l, a[1], a[2]);
                                     return arith::NegFOp::create(
                                         b, l, arith::MulFOp::create(b, l, a[0], logp));
                                   });
    Value loss = reshapeTo(rewriter, loc, reduce(rewriter, loc, terms, {1}, Combine::Sum), lossType);
    Value backprop = buildElementwise(rewriter, loc, type, {parts.shifted, logSum, labels},
                                      [](OpBuilder &b, Location l, ValueRange a) {
                                        Value logp = arith::SubFOp::create(b, l, a[0], a[1]);
                                        return arith::SubFOp::create(
                                            b, l, math::ExpOp::create(b, l, logp), a[2]);
                                      });
    rewriter.replaceOp(op, {loss, backprop});
    return success();
  }
};

} // namespace

void populateReductionLowering(RewritePatternSet &patterns) {
  patterns.add<ReductionLowering<SumOp, Combine::Sum>, ReductionLowering<MeanOp, Combine::Sum, true>,
               ReductionLowering<ProdOp, Combine::Prod>, ReductionLowering<MaxOp, Combine::Max>,
               ReductionLowering<MinOp, Combine::Min>, ReductionLowering<AllOp, Combine::And>,
               ReductionLowering<AnyOp, Combine::Or>, ArgReductionLowering<ArgMaxOp, true>,
               ArgReductionLowering<ArgMinOp, false>, SoftmaxLowering<SoftmaxOp, false>,
               SoftmaxLowering<LogSoftmaxOp, true>, L2LossLowering, CumsumLowering,
               BiasAddGradLowering, CrossEntropyLowering<SoftmaxCrossEntropyWithLogitsOp, false>,
               CrossEntropyLowering<SparseSoftmaxCrossEntropyWithLogitsOp, true>>(
      patterns.getContext());
}

} // namespace mlir::tfcc

//===- MatMulLowering.cpp - MatMul and BatchMatMulV2 to linalg ------------===//
//
// A product becomes a linalg.generic whose loops run (batch..., i, k, j): the
// innermost loop walks a row of the result and a row of the right operand,
// both contiguous, so LLVM vectorizes it without reassociating the sum.
// Transposed operands only change the indexing maps.
//
//===----------------------------------------------------------------------===//
#include "compiler/codegen/lowering/Lowering.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"

namespace mlir::tfcc {
namespace {

/// out[batch.., i, j] += a[.., i, k] * b[.., k, j] with `batch` leading loops;
/// `aBatch`/`bBatch` say, per batch loop, whether the operand has that dim
/// (size > 1) or repeats (broadcast), and `aRankBatch`/`bRankBatch` how many
/// batch dims each operand has (aligned at the right).
Value buildProduct(OpBuilder &b, Location loc, RankedTensorType resultType, Value lhs, Value rhs,
                   bool transposeA, bool transposeB) {
  MLIRContext *ctx = b.getContext();
  auto lt = cast<RankedTensorType>(lhs.getType());
  auto rt = cast<RankedTensorType>(rhs.getType());
  int64_t batch = resultType.getRank() - 2;
  int64_t nLoops = batch + 3;
  AffineExpr i = getAffineDimExpr(batch, ctx), k = getAffineDimExpr(batch + 1, ctx),
             j = getAffineDimExpr(batch + 2, ctx);
  auto operandMap = [&](RankedTensorType t, AffineExpr row, AffineExpr col) {
    SmallVector<AffineExpr> exprs;
    int64_t tBatch = t.getRank() - 2;
    for (int64_t d = 0; d < tBatch; ++d) {
      int64_t loop = batch - tBatch + d;
      bool broadcast = t.getDimSize(d) == 1 && resultType.getDimSize(loop) != 1;
      exprs.push_back(broadcast ? getAffineConstantExpr(0, ctx) : getAffineDimExpr(loop, ctx));
    }
    exprs.push_back(row);
    exprs.push_back(col);
    return AffineMap::get(nLoops, 0, exprs, ctx);
  };
  SmallVector<AffineExpr> outExprs;
  for (int64_t d = 0; d < batch; ++d)
    outExprs.push_back(getAffineDimExpr(d, ctx));
  outExprs.push_back(i);
  outExprs.push_back(j);
  SmallVector<AffineMap> maps = {
      transposeA ? operandMap(lt, k, i) : operandMap(lt, i, k),
      transposeB ? operandMap(rt, j, k) : operandMap(rt, k, j),
      AffineMap::get(nLoops, 0, outExprs, ctx)};
  SmallVector<utils::IteratorType> iterators(nLoops, utils::IteratorType::parallel);
  iterators[batch + 1] = utils::IteratorType::reduction;
  Type elt = resultType.getElementType();
  Value init = filledTensor(b, loc, resultType, b.getZeroAttr(elt));
  auto generic = linalg::GenericOp::create(
      b, loc, TypeRange{resultType}, ValueRange{lhs, rhs}, ValueRange{init}, maps, iterators,
      [&](OpBuilder &nb, Location l, ValueRange args) {
        Value prod, sum;
        if (isFloat(elt)) {
          prod = arith::MulFOp::create(nb, l, args[0], args[1]);
          sum = arith::AddFOp::create(nb, l, args[2], prod);
        } else {
          prod = arith::MulIOp::create(nb, l, args[0], args[1]);
          sum = arith::AddIOp::create(nb, l, args[2], prod);
        }
        linalg::YieldOp::create(nb, l, sum);
      });
  return generic.getResult(0);
}

struct MatMulLowering : OpConversionPattern<MatMulOp> {
  MatMulLowering(MLIRContext *ctx, int64_t minKernelMacs)
      : OpConversionPattern(ctx), minKernelMacs(minKernelMacs) {}
  int64_t minKernelMacs;
  LogicalResult matchAndRewrite(MatMulOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    if (failed(checkStaticOperands(op, rewriter)))
      return failure();
    auto type = cast<RankedTensorType>(op.getType());
    int64_t k = cast<RankedTensorType>(op.getA().getType()).getDimSize(op.getTransposeA() ? 0 : 1);
    // A few rows: the kernel streams the weights once, which pays when there
    // are many of them; small ones stay in cache for generated loops, which
    // need no call. A transposed b goes to the kernel too: the generated
    // loops would read it with a stride of a whole row.
    bool fewRows = type.getDimSize(0) < kKernelMinRows;
    bool gemvKernel = k * type.getDimSize(1) >= kKernelMinGemvWeights;
    bool kernel = (!fewRows || gemvKernel) &&
                  onKernel(type.getElementType(), type.getNumElements() * k, minKernelMacs);
    // The kernel computes in f32: 16-bit floats are widened around it.
    Type compute = kernel ? rewriter.getF32Type() : type.getElementType();
    Location loc = op.getLoc();
    Value product = buildProduct(rewriter, loc, type.clone(compute),
                                 convertFloats(rewriter, loc, adaptor.getA(), compute),
                                 convertFloats(rewriter, loc, adaptor.getB(), compute),
                                 op.getTransposeA(), op.getTransposeB());
    if (kernel)
      product.getDefiningOp()->setAttr("tfcc.kernel", rewriter.getStringAttr("matmul"));
    rewriter.replaceOp(op, convertFloats(rewriter, loc, product, type.getElementType()));
    return success();
  }
};

struct BatchMatMulV2Lowering : OpConversionPattern<BatchMatMulV2Op> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(BatchMatMulV2Op op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    if (failed(checkStaticOperands(op, rewriter)))
      return failure();
    // adj_x/adj_y conjugate-transpose; for real types that is a transpose.
    rewriter.replaceOp(op, buildProduct(rewriter, op.getLoc(), cast<RankedTensorType>(op.getType()),
                                        adaptor.getX(), adaptor.getY(), op.getAdjX(),
                                        op.getAdjY()));
    return success();
  }
};

/// Einsum without ellipsis, one or two operands: one linalg.generic whose
/// loops are the distinct labels; labels missing from the output are summed.
struct EinsumLowering : OpConversionPattern<EinsumOp> {
  using OpConversionPattern::OpConversionPattern;
  LogicalResult matchAndRewrite(EinsumOp op, OpAdaptor adaptor,
                                ConversionPatternRewriter &rewriter) const override {
    if (failed(checkStaticOperands(op, rewriter)))
      return failure();
    StringRef eq = op.getEquation();
    std::string compact;
    for (char c : eq)
      if (c != ' ')
        compact += c;
    StringRef lhs, out;
    std::tie(lhs, out) = StringRef(compact).split("->");
    SmallVector<StringRef> ins;
    lhs.split(ins, ',');
    // The verifier guarantees an explicit '->', no ellipsis, one term per input.
    std::string labels;
    auto addLabels = [&](StringRef s) {
      for (char c : s)
        if (labels.find(c) == std::string::npos)
          labels += c;
    };
    addLabels(out);
    for (StringRef in : ins)
      addLabels(in);
    MLIRContext *ctx = rewriter.getContext();
    int64_t loops = labels.size();
    auto mapOf = [&](StringRef s) {
      SmallVector<AffineExpr> exprs;
      for (char c : s)
        exprs.push_back(getAffineDimExpr(labels.find(c), ctx));
      return AffineMap::get(loops, 0, exprs, ctx);
    };
    SmallVector<AffineMap> maps;
    for (StringRef in : ins)
      maps.push_back(mapOf(in));
    maps.push_back(mapOf(out));
    SmallVector<utils::IteratorType> iterators;
    for (int64_t i = 0; i < loops; ++i)
      iterators.push_back(i < (int64_t)out.size() ? utils::IteratorType::parallel
                                                  : utils::IteratorType::reduction);
    auto type = cast<RankedTensorType>(op.getType());
    Type elt = type.getElementType();
    Location loc = op.getLoc();
    Value init = filledTensor(rewriter, loc, type, rewriter.getZeroAttr(elt));
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{type}, adaptor.getInputs(), ValueRange{init}, maps, iterators,
        [&](OpBuilder &b, Location l, ValueRange args) {
          Value prod = args[0];
          bool f = isFloat(elt);
          for (Value v : args.drop_front().drop_back())
            prod = f ? Value(arith::MulFOp::create(b, l, prod, v))
                     : Value(arith::MulIOp::create(b, l, prod, v));
          Value acc = args.back();
          linalg::YieldOp::create(b, l, f ? Value(arith::AddFOp::create(b, l, acc, prod))
                                          : Value(arith::AddIOp::create(b, l, acc, prod)));
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

} // namespace

void populateMatMulLowering(RewritePatternSet &patterns, int64_t minKernelMacs) {
  patterns.add<MatMulLowering>(patterns.getContext(), minKernelMacs);
  patterns.add<BatchMatMulV2Lowering, EinsumLowering>(patterns.getContext());
}

} // namespace mlir::tfcc

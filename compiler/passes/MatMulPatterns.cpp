//===- MatMulPatterns.cpp - sums of products as one product ---------------===//
//
// An LSTM or GRU cell adds the input's product with its kernel to the state's
// product with the recurrent kernel: z = x·Wx + h·Wh. Two products cost two
// kernel calls, two hand-offs to the pool and two passes over c, and at
// batch 1 each is a GEMV that streams its weights. One product of [x h]
// with the weights stacked at compile time, [Wx; Wh], streams the same
// bytes once, splits across threads as one block, and leaves z for the
// bias-and-activation epilogue of the matmul kernel.
//
// The merged product sums the depth in one order rather than adding two
// partial sums, so results differ from TF's in the last bits only.
//
//===----------------------------------------------------------------------===//
#include "compiler/passes/MatMulPatterns.h"

#include "compiler/ir/OpBuild.h"

#include "mlir/IR/PatternMatch.h"

#include <optional>

using namespace mlir;
using namespace mlir::tfcc;

namespace {

/// The two operands of an AddV2 or Add, or none.
std::optional<std::pair<Value, Value>> summands(Operation *op) {
  if (auto add = dyn_cast<AddV2Op>(op))
    return std::make_pair(add.getX(), add.getY());
  if (auto add = dyn_cast<AddOp>(op))
    return std::make_pair(add.getX(), add.getY());
  return std::nullopt;
}

/// The dense float matrix that `product` multiplies by, when `product` has
/// static matrix operands and its only user is a sum.
ConstOp constantWeights(MatMulOp product) {
  if (!product || !product->hasOneUse() || !summands(*product->user_begin()))
    return {};
  auto weights = product.getB().getDefiningOp<ConstOp>();
  if (!weights)
    return {};
  auto a = dyn_cast<RankedTensorType>(product.getA().getType());
  auto w = dyn_cast<RankedTensorType>(weights.getType());
  if (!a || !w || !a.hasStaticShape() || !w.hasStaticShape() || a.getRank() != 2 ||
      w.getRank() != 2 || !isa<FloatType>(w.getElementType()) ||
      w.getElementTypeBitWidth() % 8 != 0 || !isa<DenseElementsAttr>(weights.getValue()))
    return {};
  return weights;
}

/// A sum of two products, the first by W1 and the second by W2.
struct SummedPair {
  Operation *sum;
  MatMulOp first, second;
};

/// When `first` and `second` are the two products that `sum` adds, whether
/// they can be one product: same transposes, same types, no broadcasting.
bool mergeable(Operation *sum, MatMulOp first, MatMulOp second) {
  auto eltOf = [](Value v) { return elementTypeOf(v.getType()); };
  return first.getTransposeA() == second.getTransposeA() &&
         first.getTransposeB() == second.getTransposeB() && first.getType() == second.getType() &&
         first.getType() == sum->getResult(0).getType() &&
         eltOf(first.getA()) == eltOf(second.getA()) && eltOf(first.getB()) == eltOf(second.getB());
}

/// Every sum in which W1's products meet W2's, W1's product first; empty
/// unless each use of W1 and of W2 is in such a sum. Then stacking W1 and
/// W2 leaves neither used, so the model holds no weight twice (a Keras
/// LSTM unrolled over steps reads both kernels once per step).
SmallVector<SummedPair> pairsOf(ConstOp w1, ConstOp w2) {
  SmallVector<SummedPair> pairs;
  for (OpOperand &use : w1->getUses()) {
    // W1 as b (operand 1) of a product that only a sum reads.
    auto p1 = dyn_cast<MatMulOp>(use.getOwner());
    if (!p1 || use.getOperandNumber() != 1 || constantWeights(p1) != w1)
      return {};
    Operation *sum = *p1->user_begin();
    auto [x, y] = *summands(sum);
    auto p2 = (x == p1.getResult() ? y : x).getDefiningOp<MatMulOp>();
    if (!p2 || constantWeights(p2) != w2 || !mergeable(sum, p1, p2))
      return {};
    pairs.push_back({sum, p1, p2});
  }
  // Each pair holds one use of W2; any other use (W2 as some product's a
  // included) leaves the counts apart.
  if (pairs.size() != size_t(std::distance(w2->getUses().begin(), w2->getUses().end())))
    return {};
  return pairs;
}

/// The bytes of `attr` in row-major order (a splat expanded).
SmallVector<char> rawBytes(DenseElementsAttr attr) {
  ArrayRef<char> raw = attr.getRawData();
  if (!attr.isSplat())
    return SmallVector<char>(raw.begin(), raw.end());
  SmallVector<char> out;
  out.reserve(raw.size() * attr.getNumElements());
  for (int64_t i = 0, e = attr.getNumElements(); i < e; ++i)
    out.append(raw.begin(), raw.end());
  return out;
}

/// W1 and W2 joined along `axis`: 0 stacks rows, 1 puts rows side by side.
DenseElementsAttr joinMatrices(ConstOp w1, ConstOp w2, int64_t axis) {
  auto t1 = cast<RankedTensorType>(w1.getType()), t2 = cast<RankedTensorType>(w2.getType());
  SmallVector<char> first = rawBytes(cast<DenseElementsAttr>(w1.getValue()));
  SmallVector<char> second = rawBytes(cast<DenseElementsAttr>(w2.getValue()));
  SmallVector<int64_t> shape(t1.getShape());
  shape[axis] += t2.getDimSize(axis);
  auto type = RankedTensorType::get(shape, t1.getElementType());
  if (axis == 0) {
    first.append(second.begin(), second.end());
    return DenseElementsAttr::getFromRawBuffer(type, first);
  }
  const int64_t eltBytes = t1.getElementTypeBitWidth() / 8;
  const int64_t rowA = t1.getDimSize(1) * eltBytes, rowB = t2.getDimSize(1) * eltBytes;
  SmallVector<char> out;
  out.reserve(first.size() + second.size());
  for (int64_t r = 0; r < t1.getDimSize(0); ++r) {
    out.append(first.begin() + r * rowA, first.begin() + (r + 1) * rowA);
    out.append(second.begin() + r * rowB, second.begin() + (r + 1) * rowB);
  }
  return DenseElementsAttr::getFromRawBuffer(type, out);
}

template <typename AddT> struct MergeSummedProducts : OpRewritePattern<AddT> {
  using OpRewritePattern<AddT>::OpRewritePattern;

  LogicalResult matchAndRewrite(AddT add, PatternRewriter &rewriter) const override {
    ConstOp w1 = constantWeights(add.getX().template getDefiningOp<MatMulOp>());
    ConstOp w2 = constantWeights(add.getY().template getDefiningOp<MatMulOp>());
    if (!w1 || !w2 || w1 == w2 || w1->getBlock() != w2->getBlock())
      return rewriter.notifyMatchFailure(add, "not a sum of products by two constants");
    // The earlier constant's rows come first, whichever sum is seen first.
    if (w2->isBeforeInBlock(w1))
      std::swap(w1, w2);
    SmallVector<SummedPair> pairs = pairsOf(w1, w2);
    if (pairs.empty())
      return rewriter.notifyMatchFailure(add, "the constants have uses outside such sums");

    // The depth is a's columns (rows when transposed) and b's rows (columns
    // when transposed); the other dims match because the results do.
    MatMulOp model = pairs.front().first;
    const int64_t aAxis = model.getTransposeA() ? 0 : 1;
    const int64_t bAxis = model.getTransposeB() ? 1 : 0;
    DenseElementsAttr joined = joinMatrices(w1, w2, bAxis);
    // Before the earlier constant: it dominates every use of both.
    rewriter.setInsertionPoint(w1);
    Location wloc = rewriter.getFusedLoc({w1.getLoc(), w2.getLoc()});
    Value weights = ConstOp::create(rewriter, wloc, joined.getType(), joined);
    Value axis = scalarConst(rewriter, wloc, rewriter.getI32Type(), double(aAxis));
    for (SummedPair p : pairs) {
      rewriter.setInsertionPoint(p.sum);
      Location loc = rewriter.getFusedLoc({p.first.getLoc(), p.second.getLoc(), p.sum->getLoc()});
      Value lhs = createInferred<ConcatV2Op>(rewriter, loc, {p.first.getA(), p.second.getA(), axis});
      auto merged = MatMulOp::create(rewriter, loc, p.sum->getResult(0).getType(), lhs, weights,
                                     model.getTransposeAAttr(), model.getTransposeBAttr());
      rewriter.replaceOp(p.sum, merged.getResult());
    }
    return success();
  }
};

} // namespace

void mlir::tfcc::populateMergeMatMulsPatterns(RewritePatternSet &patterns) {
  patterns.add<MergeSummedProducts<AddV2Op>, MergeSummedProducts<AddOp>>(patterns.getContext());
}

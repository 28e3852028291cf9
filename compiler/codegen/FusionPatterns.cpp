//===- FusionPatterns.cpp - when elementwise fusion pays ------------------===//
#include "compiler/codegen/FusionPatterns.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/PatternMatch.h"

using namespace mlir;

namespace {
/// Arithmetic ops a producer may hold and still be recomputed where it is
/// fused (a cast, a bias add, a scale): a few vector instructions per
/// element, cheaper than storing the result and loading it back.
constexpr int kMaxRecomputedOps = 4;

/// True when `op` is cheap to recompute: at most kMaxRecomputedOps ops and
/// no division, square root or transcendental function.
bool cheapToRecompute(linalg::LinalgOp op) {
  int count = 0;
  for (Operation &inner : op.getBlock()->without_terminator()) {
    if (isa<arith::DivFOp, arith::RemFOp, arith::DivSIOp, arith::DivUIOp, arith::RemSIOp,
            arith::RemUIOp, arith::FloorDivSIOp, arith::CeilDivSIOp, arith::CeilDivUIOp>(inner))
      return false;
    if (isa<math::MathDialect>(inner.getDialect()) &&
        !isa<math::AbsFOp, math::AbsIOp, math::CopySignOp, math::FmaOp>(inner))
      return false;
    if (++count > kMaxRecomputedOps)
      return false;
  }
  return true;
}

/// True when every loop of `op` is parallel: it can take a producer into
/// its loops.
bool allParallel(linalg::LinalgOp op) { return op.getNumLoops() == op.getNumParallelLoops(); }

/// Number of iterations of `op`'s loop nest, or nullopt if one is dynamic.
std::optional<int64_t> tripCount(linalg::LinalgOp op) {
  int64_t n = 1;
  for (int64_t r : op.getStaticLoopRanges()) {
    if (ShapedType::isDynamic(r))
      return std::nullopt;
    n *= r;
  }
  return n;
}
} // namespace

/// Never into a product or reduction: that would run the producer once per
/// reduction step. Otherwise an expensive producer (a division, a sqrt, an
/// exp) is fused only where it runs once per element as before: not through
/// a broadcast into a larger nest (Adam's bias-corrected learning rate, a
/// sqrt and a division on two scalars, ran once per weight), and not when
/// another user stores it anyway (an LSTM's new cell state, three
/// activations, was computed again for its output). A producer whose users
/// all fuse it is still fused into each: storing it would cost memory, which
/// a training step's large activations cannot spare.
bool tfcc::fusionPays(OpOperand *fused) {
  auto consumer = dyn_cast<linalg::LinalgOp>(fused->getOwner());
  if (!consumer || !allParallel(consumer))
    return false;
  auto result = cast<OpResult>(fused->get());
  auto producer = dyn_cast<linalg::LinalgOp>(result.getOwner());
  if (!producer || cheapToRecompute(producer))
    return true;
  std::optional<int64_t> producerTrips = tripCount(producer);
  std::optional<int64_t> consumerTrips = tripCount(consumer);
  if (!producerTrips || !consumerTrips || *producerTrips < *consumerTrips)
    return false;
  // Stored anyway: some other user cannot take the producer into its loops
  // (a reduction, a return, a write to a variable).
  for (Operation *user : result.getUsers()) {
    if (user == consumer.getOperation())
      continue;
    auto other = dyn_cast<linalg::LinalgOp>(user);
    if (!other || !allParallel(other))
      return false;
  }
  return true;
}

namespace {
/// A rank-0 tensor read by an elementwise op becomes a scalar operand: the
/// value is then loaded once before the loops instead of once per element,
/// where LLVM cannot always prove that the loop's stores leave it unchanged.
struct ScalarizeRankZeroInputs : OpRewritePattern<linalg::GenericOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(linalg::GenericOp op, PatternRewriter &rewriter) const override {
    if (op.getNumLoops() == 0 || !op.hasPureTensorSemantics())
      return failure();
    SmallVector<Value> inputs;
    bool changed = false;
    for (OpOperand *in : op.getDpsInputOperands()) {
      auto type = dyn_cast<RankedTensorType>(in->get().getType());
      if (type && type.getRank() == 0) {
        inputs.push_back(tensor::ExtractOp::create(rewriter, op.getLoc(), in->get(), ValueRange{}));
        changed = true;
      } else {
        inputs.push_back(in->get());
      }
    }
    if (!changed)
      return failure();
    // The indexing maps stay: a scalar operand's map has no results, as a
    // rank-0 tensor's does.
    rewriter.modifyOpInPlace(op, [&] { op.getInputsMutable().assign(inputs); });
    return success();
  }
};

} // namespace

void tfcc::populateScalarizeRankZeroInputsPatterns(RewritePatternSet &patterns) {
  patterns.add<ScalarizeRankZeroInputs>(patterns.getContext());
}

//===- FusionPatterns.cpp - when elementwise fusion pays ------------------===//
#include "compiler/codegen/FusionPatterns.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/PatternMatch.h"

using namespace mlir;

namespace {
/// A producer whose body only forwards an input (a broadcast, a transpose, a
/// copy) costs a load wherever it is recomputed.
bool onlyMovesData(linalg::LinalgOp op) {
  return op.getBlock()->getOperations().size() == 1;
}

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

/// Fuse a producer into an elementwise consumer only where that does not
/// repeat the producer's arithmetic: fusing into a product or reduction would
/// run it once per reduction step, fusing through a broadcast once per
/// broadcast element (Adam's bias-corrected learning rate, a sqrt and a
/// division on two scalars, ran once per weight), and fusing a producer that
/// has other users computes it twice, since it is stored for them anyway.
} // namespace

bool tfcc::fusesWithoutRecomputing(OpOperand *fused) {
  auto consumer = dyn_cast<linalg::LinalgOp>(fused->getOwner());
  if (!consumer || consumer.getNumLoops() != consumer.getNumParallelLoops())
    return false;
  auto result = cast<OpResult>(fused->get());
  auto producer = dyn_cast<linalg::LinalgOp>(result.getOwner());
  if (!producer || onlyMovesData(producer))
    return true;
  std::optional<int64_t> producerTrips = tripCount(producer);
  std::optional<int64_t> consumerTrips = tripCount(consumer);
  if (!producerTrips || !consumerTrips || *producerTrips < *consumerTrips)
    return false;
  for (Operation *user : result.getUsers())
    if (user != consumer.getOperation())
      return false;
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

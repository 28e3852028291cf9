//===- ParallelizeLoopNests.cpp - the tfcc-parallelize-loop-nests pass ----===//
//
// Kernels split their work over the runtime's pool; generated loop nests
// (pads, pools, batch norms, elementwise chains) ran on the calling thread
// alone, so with two threads a model's generated part did not get faster.
// Each large nest whose outer parallel loop can be cut into disjoint pieces
// moves into a function over a range of that loop, which
// tfcc-dispatch-parallel-nests later hands to tfcc_rt_parallel_range.
//
//===----------------------------------------------------------------------===//
#include "compiler/codegen/NestOutlining.h"
#include "compiler/codegen/Passes.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Linalg/Utils/Utils.h"
#include "mlir/Dialect/SCF/IR/SCF.h"

namespace mlir::tfcc {
#define GEN_PASS_DEF_PARALLELIZELOOPNESTS
#include "compiler/codegen/Passes.h.inc"
} // namespace mlir::tfcc

using namespace mlir;

namespace {

/// The outermost loop of `op` that can be cut into pieces run at once: a
/// parallel loop of at least 2 iterations that every output indexes with
/// exactly that loop in one of its dimensions (and nowhere else), so
/// different iterations write disjoint elements.
std::optional<unsigned> splittableLoop(linalg::LinalgOp op, ArrayRef<int64_t> ranges) {
  SmallVector<utils::IteratorType> iterators = op.getIteratorTypesArray();
  for (unsigned d = 0; d < op.getNumLoops(); ++d) {
    if (!linalg::isParallelIterator(iterators[d]) || ranges[d] < 2)
      continue;
    auto writesDisjoint = [&](OpOperand &out) {
      AffineMap map = op.getMatchingIndexingMap(&out);
      bool pure = false;
      for (AffineExpr e : map.getResults()) {
        if (e == getAffineDimExpr(d, op.getContext()))
          pure = true;
        else if (e.isFunctionOfDim(d))
          return false;
      }
      return pure;
    };
    if (llvm::all_of(op.getDpsInitsMutable(), writesDisjoint))
      return d;
  }
  return std::nullopt;
}

struct ParallelizeLoopNestsPass
    : public mlir::tfcc::impl::ParallelizeLoopNestsBase<ParallelizeLoopNestsPass> {
  using ParallelizeLoopNestsBase::ParallelizeLoopNestsBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    for (func::FuncOp fn : llvm::to_vector(module.getOps<func::FuncOp>())) {
      if (fn.isExternal() || !::tfcc::codegen::runtimeArgument(fn))
        continue;
      SmallVector<linalg::LinalgOp> nests;
      fn.walk([&](linalg::LinalgOp op) { nests.push_back(op); });
      int64_t count = 0;
      for (linalg::LinalgOp nest : nests)
        if (succeeded(parallelize(fn, nest, count)))
          ++count;
    }
  }

  LogicalResult parallelize(func::FuncOp fn, linalg::LinalgOp op, int64_t count) {
    if (!op.hasPureBufferSemantics())
      return failure();
    SmallVector<int64_t> ranges = op.getStaticLoopRanges();
    int64_t iterations = 1;
    for (int64_t r : ranges) {
      if (ShapedType::isDynamic(r))
        return failure();
      iterations *= r;
    }
    if (iterations < minIterations)
      return failure();
    std::optional<unsigned> loop = splittableLoop(op, ranges);
    if (!loop)
      return failure();

    Location loc = op.getLoc();
    OpBuilder b(op.getContext());
    Type index = b.getIndexType();
    std::string name = (fn.getName() + "__par" + Twine(count)).str();
    FailureOr<::tfcc::codegen::OutlinedNest> outlined =
        ::tfcc::codegen::startOutlinedNest(b, fn, op, name, {index, index});
    if (failed(outlined))
      return failure();
    // Its last two arguments are [begin, end) of loop `*loop`.
    outlined->fn->setAttr("tfcc.parallel_range", b.getUnitAttr());
    auto args = outlined->fn.getArguments();
    Value begin = args[args.size() - 2], end = args.back();
    Value one = arith::ConstantIndexOp::create(b, loc, 1);
    auto forOp = scf::ForOp::create(b, loc, begin, end, one);
    b.setInsertionPointToStart(forOp.getBody());
    // One iteration of the split loop per step: every slice keeps its
    // static sizes, so the nest inside vectorizes as the whole one did.
    SmallVector<OpFoldResult> tileSizes(ranges.size(), b.getIndexAttr(0));
    tileSizes[*loop] = b.getIndexAttr(1);
    SmallVector<OpFoldResult> bounds;
    for (int64_t r : ranges)
      bounds.push_back(b.getIndexAttr(r));
    SmallVector<Value> operands;
    for (Value v : op->getOperands())
      operands.push_back(outlined->map.lookup(v));
    Value iv = forOp.getInductionVar();
    SmallVector<Value> tiled = linalg::makeTiledShapes(
        b, loc, op, operands, {OpFoldResult(iv)}, tileSizes, bounds, /*omitPartialTileCheck=*/true);
    auto piece = cast<linalg::LinalgOp>(b.clone(*op, outlined->map));
    piece->setOperands(tiled);
    // linalg.index in the body counts from the slice: add its offset back.
    SmallVector<OpFoldResult> offsets(ranges.size(), b.getIndexAttr(0));
    offsets[*loop] = iv;
    linalg::offsetIndices(b, piece, offsets);
    b.setInsertionPointAfter(forOp);
    func::ReturnOp::create(b, loc);

    // The call runs the whole range; dispatched to the pool later, it still
    // is the sequential program until then.
    b.setInsertionPoint(op);
    SmallVector<Value> callArgs = outlined->captured;
    callArgs.push_back(arith::ConstantIndexOp::create(b, loc, 0));
    callArgs.push_back(arith::ConstantIndexOp::create(b, loc, ranges[*loop]));
    func::CallOp::create(b, loc, outlined->fn, callArgs);
    op->erase();
    return success();
  }
};

} // namespace

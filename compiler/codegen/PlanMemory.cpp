//===- PlanMemory.cpp - the tfcc-plan-memory pass -------------------------===//
//
// Static buffer assignment, as tfcompile does it: after bufferization each
// function is one straight-line block, so a buffer lives from its alloc to
// the last op that touches it (or a view of it). Buffers are placed largest
// first at the lowest offset that no overlapping-lifetime buffer occupies.
//
//===----------------------------------------------------------------------===//
#include "compiler/codegen/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Interfaces/ViewLikeInterface.h"

namespace mlir::tfcc {
#define GEN_PASS_DEF_PLANMEMORY
#include "compiler/codegen/Passes.h.inc"
} // namespace mlir::tfcc

using namespace mlir;
using namespace mlir::tfcc;

namespace {
constexpr int64_t kAlignment = 64; // TFCC_BUFFER_ALIGNMENT

struct Buffer {
  memref::AllocOp alloc;
  int64_t size = 0;
  int64_t first = 0, last = 0; // positions in the block
  int64_t offset = -1;
};

int64_t byteSize(MemRefType t) {
  // index has no fixed width in the type; it lowers to 64 bits on x86-64.
  int64_t bits = t.getElementType().isIndex() ? 64 : t.getElementTypeBitWidth();
  int64_t bytes = t.getNumElements() * ((bits + 7) / 8);
  return (bytes + kAlignment - 1) / kAlignment * kAlignment;
}

/// The last position in `block` of an op using `value` or a view of it.
int64_t lastUse(Value value, Block &block, const DenseMap<Operation *, int64_t> &position) {
  int64_t last = 0;
  SmallVector<Value> worklist = {value};
  while (!worklist.empty()) {
    Value v = worklist.pop_back_val();
    for (Operation *user : v.getUsers()) {
      if (Operation *top = block.findAncestorOpInBlock(*user))
        last = std::max(last, position.lookup(top));
      if (auto view = dyn_cast<ViewLikeOpInterface>(user))
        if (view.getViewSource() == v)
          for (Value r : user->getResults())
            worklist.push_back(r);
      // A raw pointer to the buffer (for a kernel call) keeps it alive too.
      if (isa<memref::ExtractAlignedPointerAsIndexOp, arith::IndexCastOp, LLVM::IntToPtrOp>(user))
        for (Value r : user->getResults())
          worklist.push_back(r);
    }
  }
  return last;
}

struct PlanMemoryPass : public tfcc::impl::PlanMemoryBase<PlanMemoryPass> {
  void runOnOperation() override {
    for (auto fn : getOperation().getOps<func::FuncOp>())
      if (!fn.isExternal() && failed(plan(fn)))
        return signalPassFailure();
  }

  LogicalResult plan(func::FuncOp fn) {
    Block &block = fn.getBody().front();
    DenseMap<Operation *, int64_t> position;
    int64_t pos = 0;
    for (Operation &op : block)
      position[&op] = pos++;

    // Buffers nobody uses any more (a kernel call took over) need no space.
    fn.walk([](memref::AllocOp alloc) {
      if (alloc->use_empty())
        alloc.erase();
    });
    SmallVector<Buffer> buffers;
    WalkResult walk = fn.walk([&](memref::AllocOp alloc) {
      if (alloc->getBlock() != &block)
        return alloc.emitError() << "buffer allocated inside a loop or region cannot be "
                                    "planned statically",
               WalkResult::interrupt();
      if (!alloc.getType().hasStaticShape() || !alloc.getType().getLayout().isIdentity())
        return alloc.emitError() << "buffer " << alloc.getType() << " has no static size",
               WalkResult::interrupt();
      Buffer b;
      b.alloc = alloc;
      b.size = byteSize(alloc.getType());
      b.first = position[alloc];
      b.last = std::max(b.first, lastUse(alloc.getResult(), block, position));
      buffers.push_back(b);
      return WalkResult::advance();
    });
    if (walk.wasInterrupted())
      return failure();

    // Largest first; ties by program order, so plans are deterministic.
    SmallVector<Buffer *> order;
    for (Buffer &b : buffers)
      order.push_back(&b);
    llvm::stable_sort(order, [](Buffer *a, Buffer *b) { return a->size > b->size; });
    int64_t arenaSize = 0;
    SmallVector<Buffer *> placed;
    for (Buffer *b : order) {
      SmallVector<std::pair<int64_t, int64_t>> taken;
      for (Buffer *p : placed)
        if (p->first <= b->last && b->first <= p->last)
          taken.push_back({p->offset, p->offset + p->size});
      llvm::sort(taken);
      int64_t offset = 0;
      for (auto [lo, hi] : taken) {
        if (offset + b->size <= lo)
          break;
        offset = std::max(offset, hi);
      }
      b->offset = offset;
      arenaSize = std::max(arenaSize, offset + b->size);
      placed.push_back(b);
    }

    // The arena is the last argument; views of it replace the allocs.
    OpBuilder builder(fn.getContext());
    auto arenaType = MemRefType::get({std::max<int64_t>(arenaSize, kAlignment)},
                                     builder.getI8Type());
    unsigned index = fn.getNumArguments();
    if (failed(fn.insertArgument(index, arenaType, builder.getDictionaryAttr(builder.getNamedAttr(
                                                       "tfcc.arena", builder.getUnitAttr())),
                                 fn.getLoc())))
      return fn.emitError() << "cannot add the arena argument";
    Value arena = fn.getArgument(index);
    for (Buffer &b : buffers) {
      builder.setInsertionPoint(b.alloc);
      Value offset = arith::ConstantIndexOp::create(builder, b.alloc.getLoc(), b.offset);
      Value view = memref::ViewOp::create(builder, b.alloc.getLoc(), b.alloc.getType(), arena,
                                          offset, ValueRange{});
      b.alloc.replaceAllUsesWith(view);
      b.alloc.erase();
    }
    // Deallocations of planned buffers no longer mean anything.
    fn.walk([](memref::DeallocOp d) { d.erase(); });
    fn->setAttr("tfcc.arena_size", builder.getI64IntegerAttr(arenaSize));
    return success();
  }
};
} // namespace

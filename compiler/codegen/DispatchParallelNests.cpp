//===- DispatchParallelNests.cpp - the tfcc-dispatch-parallel-nests pass --===//
//
// The second half of tfcc-parallelize-loop-nests, in the LLVM dialect: the
// runtime's pool calls a plain C function pointer with one context pointer,
// and only once memrefs are bare pointers (convert-func-to-llvm with the
// bare-pointer convention) can a range function's arguments be stored into
// such a context and read back.
//
//===----------------------------------------------------------------------===//
#include "compiler/codegen/NestOutlining.h"
#include "compiler/codegen/Passes.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/Matchers.h"
#include "llvm/ADT/MapVector.h"

namespace mlir::tfcc {
#define GEN_PASS_DEF_DISPATCHPARALLELNESTS
#include "compiler/codegen/Passes.h.inc"
} // namespace mlir::tfcc

using namespace mlir;

namespace {

constexpr llvm::StringLiteral kRangeEntry = "tfcc_rt_parallel_range";

/// A value that fits one 8-byte context slot.
bool fitsSlot(Type t) {
  if (isa<LLVM::LLVMPointerType>(t))
    return true;
  if (t.isIntOrFloat())
    return t.getIntOrFloatBitWidth() <= 64;
  return false;
}

struct DispatchParallelNestsPass
    : public mlir::tfcc::impl::DispatchParallelNestsBase<DispatchParallelNestsPass> {
  /// A call to dispatch: its callee, the runtime context of its caller and
  /// the extent of its range [0, extent).
  struct Site {
    LLVM::CallOp call;
    LLVM::LLVMFuncOp callee;
    Value runtime;
    int64_t extent;
  };

  void runOnOperation() override {
    ModuleOp module = getOperation();
    SymbolTable symbols(module);
    // Sites grouped by caller, in order.
    llvm::MapVector<Operation *, SmallVector<Site>> byCaller;
    module.walk([&](LLVM::CallOp call) {
      if (std::optional<Site> site = dispatchable(symbols, call))
        byCaller[call->getParentOp()].push_back(*site);
    });
    llvm::DenseMap<Operation *, LLVM::LLVMFuncOp> rangeFns;
    for (auto &[caller, sites] : byCaller) {
      // One context block per caller, at its entry, sized for its largest
      // call: the calls run one after another, so they can share it.
      size_t most = 1;
      for (Site site : sites)
        most = std::max<size_t>(most, site.call.getArgOperands().size() - 2);
      OpBuilder b(&getContext());
      Location loc = caller->getLoc();
      b.setInsertionPointToStart(&cast<LLVM::LLVMFuncOp>(caller).getBody().front());
      Value one = LLVM::ConstantOp::create(b, loc, b.getI64Type(), 1);
      Value block = LLVM::AllocaOp::create(b, loc, LLVM::LLVMPointerType::get(&getContext()),
                                           slotsType(most), one, /*alignment=*/8);
      for (Site site : sites)
        dispatch(module, site, block, rangeFns);
    }
  }

  Type slotsType(size_t count) {
    return LLVM::LLVMArrayType::get(IntegerType::get(&getContext(), 64), count);
  }

  /// The call's site when it is a call to a range function over the
  /// constant [0, N) from a function with a runtime context, with arguments
  /// that each fit a slot; anything else stays the sequential call it is.
  std::optional<Site> dispatchable(SymbolTable &symbols, LLVM::CallOp call) {
    std::optional<StringRef> name = call.getCallee();
    auto callee = name ? symbols.lookup<LLVM::LLVMFuncOp>(*name) : nullptr;
    if (!callee || !callee->hasAttr("tfcc.parallel_range"))
      return std::nullopt;
    auto caller = dyn_cast<LLVM::LLVMFuncOp>(call->getParentOp());
    Value runtime = caller ? ::tfcc::codegen::runtimeArgument(caller) : Value();
    auto operands = call.getArgOperands();
    APInt begin, end;
    if (!runtime || operands.size() < 2 ||
        !matchPattern(operands[operands.size() - 2], m_ConstantInt(&begin)) ||
        !matchPattern(operands.back(), m_ConstantInt(&end)) || !begin.isZero() ||
        end.getSExtValue() < 1 || !llvm::all_of(operands.drop_back(2).getTypes(), fitsSlot))
      return std::nullopt;
    return Site{call, callee, runtime, end.getSExtValue()};
  }

  void dispatch(ModuleOp module, Site site, Value block,
                llvm::DenseMap<Operation *, LLVM::LLVMFuncOp> &rangeFns) {
    Location loc = site.call.getLoc();
    auto captured = site.call.getArgOperands().drop_back(2);
    Type ptr = LLVM::LLVMPointerType::get(&getContext());
    Type slots = slotsType(std::max<size_t>(captured.size(), 1));
    OpBuilder b(&getContext());
    LLVM::LLVMFuncOp &range = rangeFns[site.callee];
    if (!range)
      range = buildRangeFunction(b, site.callee, captured.getTypes(), slots);
    LLVM::LLVMFuncOp entry = declareRangeEntry(b, module);

    b.setInsertionPoint(site.call);
    for (auto [i, v] : llvm::enumerate(captured)) {
      Value slot = LLVM::GEPOp::create(b, loc, ptr, slots, block,
                                       ArrayRef<LLVM::GEPArg>{0, int32_t(i)});
      LLVM::StoreOp::create(b, loc, v, slot);
    }
    Value extent = LLVM::ConstantOp::create(b, loc, b.getI64Type(), site.extent);
    Value fnAddr = LLVM::AddressOfOp::create(b, loc, range);
    LLVM::CallOp::create(b, loc, entry, ValueRange{site.runtime, extent, fnAddr, block});
    site.call.erase();
  }

  /// void <callee>__range(ptr ctx, i64 begin, i64 end): loads the captured
  /// arguments from ctx and calls the callee on [begin, end).
  LLVM::LLVMFuncOp buildRangeFunction(OpBuilder &b, LLVM::LLVMFuncOp callee, TypeRange captured,
                                      Type slots) {
    MLIRContext *ctx = &getContext();
    Location loc = callee.getLoc();
    Type ptr = LLVM::LLVMPointerType::get(ctx);
    Type i64 = IntegerType::get(ctx, 64);
    b.setInsertionPointAfter(callee);
    auto type = LLVM::LLVMFunctionType::get(LLVM::LLVMVoidType::get(ctx), {ptr, i64, i64});
    auto range = LLVM::LLVMFuncOp::create(b, loc, (callee.getName() + "__range").str(), type,
                                          LLVM::Linkage::Internal);
    Block *body = range.addEntryBlock(b);
    b.setInsertionPointToStart(body);
    SmallVector<Value> args;
    for (auto [i, t] : llvm::enumerate(captured)) {
      Value slot = LLVM::GEPOp::create(b, loc, ptr, slots, body->getArgument(0),
                                       ArrayRef<LLVM::GEPArg>{0, int32_t(i)});
      args.push_back(LLVM::LoadOp::create(b, loc, t, slot));
    }
    args.push_back(body->getArgument(1));
    args.push_back(body->getArgument(2));
    LLVM::CallOp::create(b, loc, callee, args);
    LLVM::ReturnOp::create(b, loc, ValueRange{});
    return range;
  }

  LLVM::LLVMFuncOp declareRangeEntry(OpBuilder &b, ModuleOp module) {
    if (auto fn = module.lookupSymbol<LLVM::LLVMFuncOp>(kRangeEntry))
      return fn;
    MLIRContext *ctx = &getContext();
    Type ptr = LLVM::LLVMPointerType::get(ctx);
    Type i64 = IntegerType::get(ctx, 64);
    b.setInsertionPointToStart(module.getBody());
    auto type = LLVM::LLVMFunctionType::get(LLVM::LLVMVoidType::get(ctx), {ptr, i64, ptr, ptr});
    return LLVM::LLVMFuncOp::create(b, module.getLoc(), kRangeEntry, type);
  }
};

} // namespace

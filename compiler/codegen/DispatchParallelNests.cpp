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
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SymbolTable symbols(module);
    SmallVector<LLVM::CallOp> calls;
    module.walk([&](LLVM::CallOp call) {
      auto callee = call.getCallee();
      if (!callee)
        return;
      auto fn = symbols.lookup<LLVM::LLVMFuncOp>(*callee);
      if (fn && fn->hasAttr("tfcc.parallel_range"))
        calls.push_back(call);
    });
    llvm::DenseMap<Operation *, LLVM::LLVMFuncOp> rangeFns;
    for (LLVM::CallOp call : calls)
      dispatch(module, symbols, call, rangeFns);
  }

  void dispatch(ModuleOp module, SymbolTable &symbols, LLVM::CallOp call,
                llvm::DenseMap<Operation *, LLVM::LLVMFuncOp> &rangeFns) {
    auto caller = call->getParentOfType<LLVM::LLVMFuncOp>();
    Value runtime = caller ? ::tfcc::codegen::runtimeArgument(caller) : Value();
    auto operands = call.getArgOperands();
    APInt begin, end;
    // Anything else stays the sequential call it already is.
    if (!runtime || operands.size() < 2 ||
        !matchPattern(operands[operands.size() - 2], m_ConstantInt(&begin)) ||
        !matchPattern(operands.back(), m_ConstantInt(&end)) || !begin.isZero() ||
        end.getSExtValue() < 1)
      return;
    auto captured = operands.drop_back(2);
    if (!llvm::all_of(captured.getTypes(), fitsSlot))
      return;

    MLIRContext *ctx = &getContext();
    Location loc = call.getLoc();
    auto callee = symbols.lookup<LLVM::LLVMFuncOp>(*call.getCallee());
    Type ptr = LLVM::LLVMPointerType::get(ctx);
    Type i64 = IntegerType::get(ctx, 64);
    Type slots = LLVM::LLVMArrayType::get(i64, std::max<size_t>(captured.size(), 1));
    OpBuilder b(ctx);

    LLVM::LLVMFuncOp &range = rangeFns[callee];
    if (!range)
      range = buildRangeFunction(b, callee, captured.getTypes(), slots);
    LLVM::LLVMFuncOp entry = declareRangeEntry(b, module);

    // The context block lives in the caller's frame: allocated once at its
    // entry, not on every pass through a loop.
    b.setInsertionPointToStart(&caller.getBody().front());
    Value one = LLVM::ConstantOp::create(b, loc, i64, 1);
    Value block = LLVM::AllocaOp::create(b, loc, ptr, slots, one, /*alignment=*/8);
    b.setInsertionPoint(call);
    for (auto [i, v] : llvm::enumerate(captured)) {
      Value slot = LLVM::GEPOp::create(b, loc, ptr, slots, block,
                                       ArrayRef<LLVM::GEPArg>{0, int32_t(i)});
      LLVM::StoreOp::create(b, loc, v, slot);
    }
    Value extent = LLVM::ConstantOp::create(b, loc, i64, end.getSExtValue());
    Value fnAddr = LLVM::AddressOfOp::create(b, loc, range);
    LLVM::CallOp::create(b, loc, entry, ValueRange{runtime, extent, fnAddr, block});
    call.erase();
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

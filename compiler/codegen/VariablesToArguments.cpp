//===- VariablesToArguments.cpp - the tfcc-variables-to-arguments pass ----===//
#include "compiler/codegen/Passes.h"

namespace mlir::tfcc {
#define GEN_PASS_DEF_VARIABLESTOARGUMENTS
#include "compiler/codegen/Passes.h.inc"
} // namespace mlir::tfcc

using namespace mlir;
using namespace mlir::tfcc;

namespace {


struct VariablesToArgumentsPass
    : public tfcc::impl::VariablesToArgumentsBase<VariablesToArgumentsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<VariableOp> variables(module.getOps<VariableOp>());
    DenseMap<StringAttr, unsigned> indexOf;
    SmallVector<MemRefType> types;
    for (auto [i, v] : llvm::enumerate(variables)) {
      auto t = dyn_cast<RankedTensorType>(v.getType());
      if (!t || !t.hasStaticShape()) {
        v.emitError() << "variable '" << v.getSymName() << "' has type " << v.getType()
                      << "; compiling needs its static shape";
        return signalPassFailure();
      }
      indexOf[v.getSymNameAttr()] = i;
      types.push_back(MemRefType::get(t.getShape(), t.getElementType()));
    }
    for (auto fn : llvm::to_vector(module.getOps<func::FuncOp>()))
      if (!fn.isPrivate() && !fn.isExternal() && failed(rewrite(fn, variables, indexOf, types)))
        return signalPassFailure();
    // The table now lives in the arguments (and in the model's metadata).
    for (VariableOp v : variables)
      v.erase();
  }

  LogicalResult rewrite(func::FuncOp fn, SmallVectorImpl<VariableOp> &variables,
                        DenseMap<StringAttr, unsigned> &indexOf, ArrayRef<MemRefType> types) {
    OpBuilder b(fn.getContext());
    unsigned first = fn.getNumArguments();
    for (auto [i, v] : llvm::enumerate(variables))
      if (failed(fn.insertArgument(first + i, types[i],
                                   b.getDictionaryAttr(b.getNamedAttr(
                                       "tfcc.variable", b.getStringAttr(v.getSymName()))),
                                   fn.getLoc())))
        return fn.emitError() << "cannot add variable arguments";
    auto bufferOf = [&](Operation *op, Value handle) -> FailureOr<Value> {
      FlatSymbolRefAttr sym = variableNameOf(handle);
      if (!sym || !indexOf.count(sym.getAttr()))
        return op->emitError() << "reads or writes a variable through a handle the compiler "
                                  "cannot trace to its tfcc.variable";
      return fn.getArgument(first + indexOf[sym.getAttr()]);
    };

    // Which variables this function writes: their reads must be snapshots.
    DenseSet<Value> written;
    WalkResult scan = fn.walk([&](Operation *op) {
      if (isa<AssignVariableOp, AssignAddVariableOp, AssignSubVariableOp, AssignOp, AssignAddOp,
              AssignSubOp>(op)) {
        auto buf = bufferOf(op, op->getOperand(0));
        if (failed(buf))
          return WalkResult::interrupt();
        written.insert(*buf);
      }
      if (auto update = dyn_cast<OptimizerUpdate>(op))
        for (unsigned i = 0, e = update.numStateOperands(); i < e; ++i) {
          auto buf = bufferOf(op, op->getOperand(i));
          if (failed(buf))
            return WalkResult::interrupt();
          written.insert(*buf);
        }
      return WalkResult::advance();
    });
    if (scan.wasInterrupted())
      return failure();

    // One `to_tensor restrict` per buffer (the attribute promises there is no
    // other), at the entry; each read of a written variable copies it where
    // the read happens.
    DenseMap<Value, Value> tensorOf;
    auto read = [&](OpBuilder &rb, Location loc, Value buffer, Type resultType) -> Value {
      auto tensorType = RankedTensorType::get(cast<MemRefType>(buffer.getType()).getShape(),
                                              cast<MemRefType>(buffer.getType()).getElementType());
      Value &t0 = tensorOf[buffer];
      if (!t0) {
        OpBuilder eb = OpBuilder::atBlockBegin(&fn.getBody().front());
        t0 = bufferization::ToTensorOp::create(eb, fn.getLoc(), tensorType, buffer,
                                               /*restrict=*/true, /*writable=*/false);
      }
      Value t = t0;
      if (written.contains(buffer))
        t = bufferization::AllocTensorOp::create(rb, loc, tensorType, ValueRange{}, t);
      if (t.getType() != resultType)
        t = tensor::CastOp::create(rb, loc, resultType, t);
      return t;
    };
    auto write = [&](OpBuilder &wb, Location loc, Value buffer, Value value) {
      auto mt = cast<MemRefType>(buffer.getType());
      auto tt = RankedTensorType::get(mt.getShape(), mt.getElementType());
      if (value.getType() != tt)
        value = tensor::CastOp::create(wb, loc, tt, value);
      bufferization::MaterializeInDestinationOp::create(wb, loc, TypeRange{}, value, buffer,
                                                        /*restrict=*/false, /*writable=*/true);
    };

    SmallVector<Operation *> ops, handles;
    fn.walk([&](Operation *op) {
      ops.push_back(op);
      if (isa<VarHandleOp, VariableV2Op>(op))
        handles.push_back(op);
    });
    for (Operation *op : ops) {
      OpBuilder ob(op);
      Location loc = op->getLoc();
      if (auto r = dyn_cast<ReadVariableOp>(op)) {
        auto buf = bufferOf(op, r.getResource());
        if (failed(buf))
          return failure();
        r.replaceAllUsesWith(read(ob, loc, *buf, r.getType()));
        r.erase();
      } else if (isa<AssignVariableOp, AssignOp>(op)) {
        auto buf = bufferOf(op, op->getOperand(0));
        if (failed(buf))
          return failure();
        write(ob, loc, *buf, op->getOperand(1));
        if (op->getNumResults())
          op->getResult(0).replaceAllUsesWith(op->getOperand(1));
        op->erase();
      } else if (isa<AssignAddVariableOp, AssignSubVariableOp, AssignAddOp, AssignSubOp>(op)) {
        // x += v: read, the elementwise op, write; later lowered like any op.
        auto buf = bufferOf(op, op->getOperand(0));
        if (failed(buf))
          return failure();
        Value value = op->getOperand(1);
        Value old = read(ob, loc, *buf, value.getType());
        Value updated = isa<AssignAddVariableOp, AssignAddOp>(op)
                            ? AddV2Op::create(ob, loc, value.getType(), old, value).getResult()
                            : SubOp::create(ob, loc, value.getType(), old, value).getResult();
        write(ob, loc, *buf, updated);
        if (op->getNumResults())
          op->getResult(0).replaceAllUsesWith(updated);
        op->erase();
      } else if (auto update = dyn_cast<OptimizerUpdate>(op)) {
        // Apply*: read the variable and its slots, the update rule in tfcc
        // ops, write them all back.
        SmallVector<Value> buffers, state, updated;
        for (unsigned i = 0, e = update.numStateOperands(); i < e; ++i) {
          auto buf = bufferOf(op, op->getOperand(i));
          if (failed(buf))
            return failure();
          auto mt = cast<MemRefType>(buf->getType());
          buffers.push_back(*buf);
          state.push_back(
              read(ob, loc, *buf, RankedTensorType::get(mt.getShape(), mt.getElementType())));
        }
        if (failed(update.buildUpdate(ob, state, updated)))
          return failure();
        for (auto [buf, value] : llvm::zip(buffers, updated))
          write(ob, loc, buf, value);
        if (op->getNumResults())
          op->getResult(0).replaceAllUsesWith(updated[0]);
        op->erase();
      } else if (isa<VarIsInitializedOp, IsVariableInitializedOp>(op)) {
        // The variable table always holds values (the init signature sets them).
        auto t = cast<RankedTensorType>(op->getResult(0).getType());
        op->getResult(0).replaceAllUsesWith(ConstOp::create(
            ob, loc, t, DenseElementsAttr::get(t, ob.getBoolAttr(true))));
        op->erase();
      } else if (isa<DisableCopyOnReadOp>(op)) {
        op->erase();
      }
    }
    // Handles are dead now, unless something else still uses them.
    for (Operation *op : handles) {
      if (!op->use_empty())
        return op->emitError() << "variable handle is used by '"
                               << (*op->getUsers().begin())->getName()
                               << "', which the CPU backend does not handle";
      op->erase();
    }
    return success();
  }
};
} // namespace

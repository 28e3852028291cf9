//===- ApplyOptimizer.cpp - the tfcc-apply-optimizer pass -----------------===//
//
// Gradients in, TF optimizer updates out. The update math lives with the
// ResourceApply* ops (StateOps.cpp); this pass only creates the slots, wires
// the ops as tf.compat.v1 optimizers do, and initializes the slots.
//
//===----------------------------------------------------------------------===//
#include "compiler/ir/OpBuild.h"
#include "compiler/passes/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/StringSet.h"

namespace mlir::tfcc {
#define GEN_PASS_DEF_APPLYOPTIMIZER
#include "compiler/passes/Passes.h.inc"
} // namespace mlir::tfcc

using namespace mlir;
using namespace mlir::tfcc;

namespace {

struct ApplyOptimizerPass : public tfcc::impl::ApplyOptimizerBase<ApplyOptimizerPass> {
  using ApplyOptimizerBase::ApplyOptimizerBase;

  /// A slot or non-slot variable the optimizer needs and its initial value.
  struct Slot {
    std::string name;
    RankedTensorType type;
    double init;
  };

  void runOnOperation() override {
    ModuleOp module = getOperation();
    static const llvm::StringSet<> known = {"sgd", "momentum", "adagrad", "rmsprop", "adam"};
    if (!known.contains(optimizer)) {
      module.emitError() << "tfcc-apply-optimizer: unknown optimizer '" << optimizer
                         << "' (sgd, momentum, adagrad, rmsprop, adam)";
      return signalPassFailure();
    }
    auto fn = module.lookupSymbol<func::FuncOp>(function);
    if (!fn || fn.isExternal()) {
      module.emitError() << "tfcc-apply-optimizer: no function '" << function << "'";
      return signalPassFailure();
    }
    if (failed(apply(module, fn)))
      signalPassFailure();
  }

  /// The slots of `var` for this optimizer, with TF's names and initial values.
  SmallVector<Slot> slotsOf(StringRef var, RankedTensorType type) {
    std::string v = var.str();
    if (optimizer == "momentum")
      return {{v + "/Momentum", type, 0.0}};
    if (optimizer == "adagrad")
      return {{v + "/Adagrad", type, initialAccumulator}};
    if (optimizer == "rmsprop")
      return {{v + "/RMSProp", type, 1.0}, {v + "/RMSProp_1", type, 0.0}};
    if (optimizer == "adam")
      return {{v + "/Adam", type, 0.0}, {v + "/Adam_1", type, 0.0}};
    return {};
  }

  LogicalResult apply(ModuleOp module, func::FuncOp fn) {
    auto ret = cast<func::ReturnOp>(fn.getBody().front().getTerminator());
    // The gradients tfcc-autodiff left, by variable.
    SmallVector<std::pair<VariableOp, Value>> updates;
    llvm::BitVector drop(fn.getNumResults());
    for (unsigned i = 0; i < fn.getNumResults(); ++i) {
      if (!fn.getResultAttr(i, "tfcc.gradient_of_variable"))
        continue;
      StringRef name = fn.getResultAttrOfType<StringAttr>(i, "tfcc.gradient_of").getValue();
      auto var = module.lookupSymbol<VariableOp>(name);
      if (!var)
        return fn.emitError() << "tfcc-apply-optimizer: gradient of unknown variable '" << name
                              << "'";
      updates.push_back({var, ret.getOperand(i)});
      drop.set(i);
    }
    if (updates.empty())
      return fn.emitError() << "tfcc-apply-optimizer: '" << function
                            << "' has no variable gradients (run tfcc-autodiff first; does the "
                               "loss depend on any float variable?)";

    OpBuilder mb = OpBuilder::atBlockEnd(module.getBody());
    SmallVector<Slot> created;
    auto declare = [&](const Slot &s) -> LogicalResult {
      if (module.lookupSymbol(s.name))
        return module.emitError() << "tfcc-apply-optimizer: the model already has a variable '"
                                  << s.name << "', the name of an optimizer slot";
      // Variables come before functions in the module.
      mb.setInsertionPoint(&module.getBody()->front());
      VariableOp::create(mb, module.getLoc(), StringRef(s.name), Type(s.type));
      created.push_back(s);
      return success();
    };

    OpBuilder b(ret);
    Location loc = fn.getLoc();
    auto handle = [&](StringRef name, RankedTensorType type) -> Value {
      return VarHandleOp::create(
          b, loc, RankedTensorType::get({}, ResourceType::get(b.getContext())),
          FlatSymbolRefAttr::get(b.getContext(), name), TypeAttr::get(type.getElementType()),
          ShapeAttr::get(b.getContext(), type.getShape(), false), b.getStringAttr(""),
          b.getStringAttr(name));
    };
    auto read = [&](StringRef name, RankedTensorType type) -> Value {
      return ReadVariableOp::create(b, loc, type, handle(name, type),
                                    TypeAttr::get(type.getElementType()));
    };

    // The learning rate: a constant, or a scalar feed.
    Type elt = cast<RankedTensorType>(updates.front().first.getType()).getElementType();
    Value lr;
    if (!learningRateFeed.empty()) {
      unsigned index = fn.getNumArguments();
      auto type = RankedTensorType::get({}, elt);
      if (failed(fn.insertArgument(index, type,
                                   b.getDictionaryAttr(b.getNamedAttr(
                                       "tfcc.feed", b.getStringAttr(learningRateFeed))),
                                   loc)))
        return fn.emitError() << "tfcc-apply-optimizer: cannot add the learning-rate feed";
      lr = fn.getArgument(index);
    } else {
      lr = scalarConst(b, loc, elt, learningRate);
    }
    auto hyper = [&](double v) { return scalarConst(b, loc, elt, v); };

    // Adam's non-slot variables, read before any update as TF's ops do.
    Value beta1Power, beta2Power;
    auto scalarType = RankedTensorType::get({}, elt);
    if (optimizer == "adam") {
      for (auto [name, init] : {std::pair<const char *, double>{"beta1_power", beta1},
                                {"beta2_power", beta2}})
        if (failed(declare({name, scalarType, init})))
          return failure();
      beta1Power = read("beta1_power", scalarType);
      beta2Power = read("beta2_power", scalarType);
    }

    for (auto [var, grad] : updates) {
      auto type = cast<RankedTensorType>(var.getType());
      SmallVector<Slot> slots = slotsOf(var.getSymName(), type);
      for (const Slot &s : slots)
        if (failed(declare(s)))
          return failure();
      Value v = handle(var.getSymName(), type);
      SmallVector<Value> s;
      for (const Slot &slot : slots)
        s.push_back(handle(slot.name, slot.type));
      auto boolAttr = [&](StringRef n, bool x) { return b.getNamedAttr(n, b.getBoolAttr(x)); };
      if (optimizer == "sgd")
        ResourceApplyGradientDescentOp::create(b, loc, TypeRange{}, ValueRange{v, lr, grad});
      else if (optimizer == "momentum")
        ResourceApplyMomentumOp::create(b, loc, TypeRange{},
                                        ValueRange{v, s[0], lr, grad, hyper(momentum)},
                                        {boolAttr("use_nesterov", nesterov)});
      else if (optimizer == "adagrad")
        ResourceApplyAdagradOp::create(b, loc, TypeRange{}, ValueRange{v, s[0], lr, grad});
      else if (optimizer == "rmsprop")
        ResourceApplyRMSPropOp::create(
            b, loc, TypeRange{},
            ValueRange{v, s[0], s[1], lr, hyper(rho), hyper(momentum), hyper(epsilon), grad});
      else
        ResourceApplyAdamOp::create(b, loc, TypeRange{},
                                    ValueRange{v, s[0], s[1], beta1Power, beta2Power, lr,
                                               hyper(beta1), hyper(beta2), hyper(epsilon), grad},
                                    {boolAttr("use_nesterov", nesterov)});
    }

    // After the updates, as AdamOptimizer's _finish does.
    if (optimizer == "adam") {
      AssignVariableOp::create(b, loc, handle("beta1_power", scalarType),
                               createInferred<MulOp>(b, loc, {beta1Power, hyper(beta1)}));
      AssignVariableOp::create(b, loc, handle("beta2_power", scalarType),
                               createInferred<MulOp>(b, loc, {beta2Power, hyper(beta2)}));
    }
    if (globalStep) {
      auto stepType = RankedTensorType::get({}, b.getI64Type());
      auto existing = module.lookupSymbol<VariableOp>("global_step");
      if (existing && existing.getType() != Type(stepType))
        return existing.emitError() << "tfcc-apply-optimizer: global_step has type "
                                    << existing.getType() << "; expected " << stepType;
      if (!existing && failed(declare({"global_step", stepType, 0.0})))
        return failure();
      AssignAddVariableOp::create(b, loc, handle("global_step", stepType),
                                  scalarConst(b, loc, b.getI64Type(), 1.0));
    }
    // Fewer results always make a valid func.func type: the interface's
    // failure cannot happen here.
    [[maybe_unused]] LogicalResult erased = fn.eraseResults(drop);
    assert(succeeded(erased) && "func.func takes any result list");
    SmallVector<Value> kept;
    for (auto [i, v] : llvm::enumerate(ret.getOperands()))
      if (!drop.test(i))
        kept.push_back(v);
    ret->setOperands(kept);
    return initialize(module, created);
  }

  /// Sets the new variables' initial values at the end of the init function.
  LogicalResult initialize(ModuleOp module, ArrayRef<Slot> created) {
    auto init = module.lookupSymbol<func::FuncOp>(initFunction);
    OpBuilder mb = OpBuilder::atBlockEnd(module.getBody());
    if (!init) {
      init = func::FuncOp::create(mb, module.getLoc(), initFunction,
                                  mb.getFunctionType({}, {}));
      OpBuilder eb = OpBuilder::atBlockBegin(init.addEntryBlock());
      func::ReturnOp::create(eb, module.getLoc());
    }
    if (init.isExternal() || !init.getBody().hasOneBlock())
      return init.emitError() << "tfcc-apply-optimizer: cannot add slot initializers to '"
                              << initFunction << "'";
    OpBuilder b(init.getBody().front().getTerminator());
    Location loc = init.getLoc();
    for (const Slot &s : created) {
      Value h = VarHandleOp::create(
          b, loc, RankedTensorType::get({}, ResourceType::get(b.getContext())),
          FlatSymbolRefAttr::get(b.getContext(), s.name), TypeAttr::get(s.type.getElementType()),
          ShapeAttr::get(b.getContext(), s.type.getShape(), false), b.getStringAttr(""),
          b.getStringAttr(s.name));
      AssignVariableOp::create(b, loc, h, splatConst(b, loc, s.type, s.init));
    }
    return success();
  }
};

} // namespace

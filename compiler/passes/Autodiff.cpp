//===- Autodiff.cpp - the tfcc-autodiff pass ------------------------------===//
//
// Reverse mode over one function body: sources are variable reads and feed
// arguments; values on a path from a source to the loss get gradients, in
// reverse op order, from each op's Differentiable rule.
//
//===----------------------------------------------------------------------===//
#include "compiler/ir/OpBuild.h"
#include "compiler/passes/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/StringSet.h"

namespace mlir::tfcc {
#define GEN_PASS_DEF_AUTODIFF
#include "compiler/passes/Passes.h.inc"
} // namespace mlir::tfcc

using namespace mlir;
using namespace mlir::tfcc;

namespace {

bool isFloatTensor(Value v) {
  auto t = dyn_cast<RankedTensorType>(v.getType());
  return t && isa<FloatType>(t.getElementType());
}


/// One thing gradients are taken with respect to: the values that carry it
/// into the function (every read of a variable, or a feed argument).
struct Source {
  std::string name;
  bool isVariable = false;
  RankedTensorType type;
  SmallVector<Value> values;
};

struct AutodiffPass : public tfcc::impl::AutodiffBase<AutodiffPass> {
  using AutodiffBase::AutodiffBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    auto fn = module.lookupSymbol<func::FuncOp>(function);
    if (!fn || fn.isExternal()) {
      module.emitError() << "tfcc-autodiff: no function '" << function << "' to differentiate";
      return signalPassFailure();
    }
    if (failed(differentiate(module, fn)))
      signalPassFailure();
  }

  LogicalResult differentiate(ModuleOp module, func::FuncOp fn) {
    if (!fn.getBody().hasOneBlock())
      return fn.emitError() << "tfcc-autodiff: control flow in '" << function
                            << "' is not differentiable yet";
    Block &body = fn.getBody().front();
    auto ret = cast<func::ReturnOp>(body.getTerminator());

    // The loss.
    int lossIndex = -1;
    for (unsigned i = 0; i < fn.getNumResults(); ++i)
      if (auto name = fn.getResultAttrOfType<StringAttr>(i, "tfcc.fetch"))
        if (name.getValue() == loss)
          lossIndex = int(i);
    if (lossIndex < 0)
      return fn.emitError() << "tfcc-autodiff: '" << function << "' fetches no '" << loss
                            << "' to differentiate";
    Value lossValue = ret.getOperand(lossIndex);
    auto lossType = dyn_cast<RankedTensorType>(lossValue.getType());
    if (!isFloatTensor(lossValue) || !lossType.hasStaticShape())
      return fn.emitError() << "tfcc-autodiff: the loss '" << loss << "' has type "
                            << lossValue.getType() << "; it must be a float tensor of static shape";

    FailureOr<SmallVector<Source>> sources = collectSources(module, fn);
    if (failed(sources))
      return failure();

    // Values that depend on a source: only these carry gradients.
    DenseSet<Value> reached;
    for (Source &s : *sources)
      reached.insert(s.values.begin(), s.values.end());
    for (Operation &op : body.without_terminator())
      if (llvm::any_of(op.getOperands(), [&](Value v) { return reached.contains(v); }))
        for (Value r : op.getResults())
          if (isFloatTensor(r))
            reached.insert(r);

    OpBuilder b(ret);
    DenseMap<Value, Value> grads;
    auto accumulate = [&](Value v, Value g) {
      Value &slot = grads[v];
      slot = slot ? createInferred<AddV2Op>(b, g.getLoc(), {slot, g}) : g;
    };
    if (reached.contains(lossValue))
      accumulate(lossValue, splatConst(b, fn.getLoc(), lossType, 1.0));

    SmallVector<Operation *> order;
    for (Operation &op : body.without_terminator())
      order.push_back(&op);
    for (Operation *op : llvm::reverse(order)) {
      SmallVector<Value> resultGrads;
      bool any = false;
      for (Value r : op->getResults()) {
        resultGrads.push_back(grads.lookup(r));
        any |= bool(resultGrads.back());
      }
      // Sources (variable reads) and ops fed only by constants end the walk.
      if (!any || llvm::none_of(op->getOperands(), [&](Value v) { return reached.contains(v); }))
        continue;
      auto rule = dyn_cast<Differentiable>(op);
      if (!rule)
        return op->emitError() << "tfcc-autodiff: op '" << op->getName().stripDialect()
                               << "' is on the path to the loss and has no gradient rule";
      SmallVector<Value> operandGrads;
      b.setInsertionPoint(ret);
      if (failed(rule.buildGradients(b, resultGrads, operandGrads)))
        return failure();
      if (operandGrads.size() != op->getNumOperands())
        return op->emitError() << "tfcc-autodiff: the gradient rule of '"
                               << op->getName().stripDialect() << "' returned "
                               << operandGrads.size() << " gradients for "
                               << op->getNumOperands() << " operands";
      for (auto [operand, g] : llvm::zip(op->getOperands(), operandGrads))
        if (g && reached.contains(operand))
          accumulate(operand, g);
    }

    // One result per source: the sum over the values that carry it, zeros
    // when the loss does not depend on it.
    b.setInsertionPoint(ret);
    SmallVector<Value> newResults(ret.getOperands());
    for (Source &s : *sources) {
      Value total;
      for (Value v : s.values)
        if (Value g = grads.lookup(v))
          total = total ? createInferred<AddV2Op>(b, fn.getLoc(), {total, g}) : g;
      if (!total) {
        if (!s.isVariable || !wrt.empty())
          total = splatConst(b, fn.getLoc(), s.type, 0.0);
        else
          continue; // a variable the loss does not use: no update, as in TF
      }
      unsigned index = fn.getNumResults();
      SmallVector<NamedAttribute> attrs = {
          b.getNamedAttr("tfcc.fetch", b.getStringAttr("grad_" + s.name)),
          b.getNamedAttr("tfcc.gradient_of", b.getStringAttr(s.name))};
      if (s.isVariable)
        attrs.push_back(b.getNamedAttr("tfcc.gradient_of_variable", b.getUnitAttr()));
      if (failed(fn.insertResult(index, total.getType(), b.getDictionaryAttr(attrs))))
        return fn.emitError() << "tfcc-autodiff: cannot add a result";
      newResults.push_back(total);
    }
    ret->setOperands(newResults);

    // Gradient ops nobody used (e.g. gradients of constants' inputs).
    SmallVector<Operation *> all;
    for (Operation &op : body.without_terminator())
      all.push_back(&op);
    for (Operation *op : llvm::reverse(all))
      if (isOpTriviallyDead(op))
        op->erase();
    return success();
  }

  FailureOr<SmallVector<Source>> collectSources(ModuleOp module, func::FuncOp fn) {
    SmallVector<Source> sources;
    llvm::StringSet<> wanted;
    for (const std::string &w : wrt)
      wanted.insert(w);
    llvm::StringSet<> found;

    // Feeds named in wrt.
    for (BlockArgument arg : fn.getArguments())
      if (auto name = fn.getArgAttrOfType<StringAttr>(arg.getArgNumber(), "tfcc.feed"))
        if (wanted.contains(name.getValue())) {
          if (!isFloatTensor(arg))
            return fn.emitError() << "tfcc-autodiff: feed '" << name.getValue()
                                  << "' is not a float tensor";
          sources.push_back({name.str(), false, cast<RankedTensorType>(arg.getType()), {arg}});
          found.insert(name.getValue());
        }

    // Variables: every float variable, or those named in wrt; trainable
    // ones only when the model marks any.
    bool anyMarked = llvm::any_of(module.getOps<VariableOp>(),
                                  [](VariableOp v) { return v.getTrainable(); });
    llvm::StringMap<unsigned> indexOf;
    for (VariableOp v : module.getOps<VariableOp>()) {
      auto t = dyn_cast<RankedTensorType>(v.getType());
      bool selected = wanted.empty() ? (!anyMarked || v.getTrainable())
                                     : wanted.contains(v.getSymName());
      if (!selected || !t || !isa<FloatType>(t.getElementType()))
        continue;
      indexOf[v.getSymName()] = sources.size();
      sources.push_back({v.getSymName().str(), true, t, {}});
      found.insert(v.getSymName());
    }
    fn.walk([&](ReadVariableOp read) {
      if (FlatSymbolRefAttr var = variableNameOf(read.getResource()))
        if (auto it = indexOf.find(var.getValue()); it != indexOf.end())
          sources[it->second].values.push_back(read.getValue());
    });
    for (const std::string &w : wrt)
      if (!found.contains(w))
        return fn.emitError() << "tfcc-autodiff: '" << w
                              << "' is neither a float variable nor a feed of '" << function
                              << "'";
    return sources;
  }
};

} // namespace

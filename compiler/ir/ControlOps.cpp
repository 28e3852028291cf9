//===- ControlOps.cpp - calls and functional control flow -----------------===//
#include "compiler/ir/TfccDialect.h"

#include "mlir/IR/Builders.h"
#include "mlir/Interfaces/FunctionInterfaces.h"

using namespace mlir;
using namespace mlir::tfcc;

#define GET_OP_CLASSES
#include "compiler/ir/ControlOps.cpp.inc"

void TFCCDialect::registerControlOps() {
  addOperations<
#define GET_OP_LIST
#include "compiler/ir/ControlOps.cpp.inc"
      >();
}

/// Checks that `name` is a function of the module taking `numArgs` arguments.
static LogicalResult verifyCallee(Operation *op, FlatSymbolRefAttr name, StringRef role,
                                  size_t numArgs, SymbolTableCollection &tables) {
  auto fn = tables.lookupNearestSymbolFrom<FunctionOpInterface>(op, name);
  if (!fn)
    return op->emitOpError() << role << " @" << name.getValue() << " is not a function";
  if (fn.getNumArguments() != numArgs)
    return op->emitOpError() << role << " @" << name.getValue() << " takes "
                             << fn.getNumArguments() << " arguments, given " << numArgs;
  return success();
}

#define TFCC_CALL_SYMBOLS(OP)                                                               \
  LogicalResult OP::verifySymbolUses(SymbolTableCollection &tables) {                     \
    return verifyCallee(getOperation(), getFAttr(), "callee", getArgs().size(), tables);   \
  }
TFCC_CALL_SYMBOLS(PartitionedCallOp)
TFCC_CALL_SYMBOLS(StatefulPartitionedCallOp)

#define TFCC_IF_SYMBOLS(OP)                                                                 \
  LogicalResult OP::verifySymbolUses(SymbolTableCollection &tables) {                     \
    size_t n = getInput().size();                                                          \
    if (failed(verifyCallee(getOperation(), getThenBranchAttr(), "then_branch", n, tables))) \
      return failure();                                                                    \
    return verifyCallee(getOperation(), getElseBranchAttr(), "else_branch", n, tables);    \
  }
TFCC_IF_SYMBOLS(IfOp)
TFCC_IF_SYMBOLS(StatelessIfOp)

LogicalResult CaseOp::verifySymbolUses(SymbolTableCollection &tables) {
  for (Attribute b : getBranches()) {
    auto name = dyn_cast<FlatSymbolRefAttr>(b);
    if (!name)
      return emitOpError() << "branches must be flat symbol references";
    if (failed(verifyCallee(getOperation(), name, "branch", getInput().size(), tables)))
      return failure();
  }
  return success();
}

#define TFCC_WHILE_SYMBOLS(OP)                                                              \
  LogicalResult OP::verifySymbolUses(SymbolTableCollection &tables) {                     \
    size_t n = getInput().size();                                                          \
    if (failed(verifyCallee(getOperation(), getCondAttr(), "cond", n, tables)))            \
      return failure();                                                                    \
    return verifyCallee(getOperation(), getBodyAttr(), "body", n, tables);                 \
  }
TFCC_WHILE_SYMBOLS(WhileOp)
TFCC_WHILE_SYMBOLS(StatelessWhileOp)

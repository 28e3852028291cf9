//===- ControlOps.td - tfcc calls, functional control flow, opaque ops -*- tablegen -*-===//
#ifndef TFCC_CONTROL_OPS_TD
#define TFCC_CONTROL_OPS_TD

include "compiler/ir/TfccBase.td"
include "mlir/Interfaces/CallInterfaces.td"
include "mlir/IR/SymbolInterfaces.td"

def TFCC_NoOpOp : TFCC_Op<"NoOp", [Pure]> {
  let summary = "does nothing; a target that only orders effects";
  let shapeRule = "return ::mlir::success();";
}

def TFCC_AssertOp : TFCC_Op<"Assert", [MemoryEffects<[MemWrite]>]> {
  let summary = "fails the run when condition is false";
  let arguments = (ins TensorOf<[I1]>:$condition, Variadic<TFCC_Tensor>:$data,
                       DefaultValuedAttr<TFCC_I64Attr, "3">:$summarize);
  let shapeRule = "return ::mlir::success();";
}

// Calls of library functions. Direct calls (a node whose op is a function
// name) import as PartitionedCall too.
class TFCC_CallOp<string mnemonic, list<Trait> traits = []>
    : TFCC_Op<mnemonic, !listconcat(traits, [CallOpInterface,
                                             DeclareOpInterfaceMethods<SymbolUserOpInterface>])> {
  let arguments = (ins Variadic<TFCC_Tensor>:$args, FlatSymbolRefAttr:$f,
                       OptionalAttr<DictArrayAttr>:$arg_attrs,
                       OptionalAttr<DictArrayAttr>:$res_attrs,
                       DefaultValuedAttr<StrAttr, "\"\"">:$config,
                       DefaultValuedAttr<StrAttr, "\"\"">:$config_proto,
                       DefaultValuedAttr<StrAttr, "\"\"">:$executor_type);
  let results = (outs Variadic<TFCC_Tensor>:$output);
  let numOutputsBody = "return ::mlir::tfcc::typeListSize(attrs, \"Tout\");";
  let shapeRule = "return ::mlir::tfcc::inferCallResults(getOperation(), {getFAttr()}, types);";
  let extraClassDeclaration = [{
    ::mlir::CallInterfaceCallable getCallableForCallee() { return getFAttr(); }
    void setCalleeFromCallable(::mlir::CallInterfaceCallable callee) {
      setFAttr(::llvm::cast<::mlir::FlatSymbolRefAttr>(::llvm::cast<::mlir::SymbolRefAttr>(callee)));
    }
    ::mlir::Operation::operand_range getArgOperands() { return getArgs(); }
    ::mlir::MutableOperandRange getArgOperandsMutable() { return getArgsMutable(); }
  }];
}
def TFCC_PartitionedCallOp : TFCC_CallOp<"PartitionedCall">;
def TFCC_StatefulPartitionedCallOp : TFCC_CallOp<"StatefulPartitionedCall">;

// Functional control flow keeps references to its branch and body functions.
def TFCC_IfOp : TFCC_Op<"If", [DeclareOpInterfaceMethods<SymbolUserOpInterface>]> {
  let arguments = (ins TFCC_Tensor:$cond, Variadic<TFCC_Tensor>:$input,
                       FlatSymbolRefAttr:$then_branch, FlatSymbolRefAttr:$else_branch);
  let results = (outs Variadic<TFCC_Tensor>:$output);
  let numOutputsBody = "return ::mlir::tfcc::typeListSize(attrs, \"Tout\");";
  let shapeRule = "return ::mlir::tfcc::inferCallResults(getOperation(), {getThenBranchAttr(), getElseBranchAttr()}, types);";
}
def TFCC_StatelessIfOp : TFCC_Op<"StatelessIf", [DeclareOpInterfaceMethods<SymbolUserOpInterface>]> {
  let arguments = (ins TFCC_Tensor:$cond, Variadic<TFCC_Tensor>:$input,
                       FlatSymbolRefAttr:$then_branch, FlatSymbolRefAttr:$else_branch);
  let results = (outs Variadic<TFCC_Tensor>:$output);
  let numOutputsBody = "return ::mlir::tfcc::typeListSize(attrs, \"Tout\");";
  let shapeRule = "return ::mlir::tfcc::inferCallResults(getOperation(), {getThenBranchAttr(), getElseBranchAttr()}, types);";
}
def TFCC_CaseOp : TFCC_Op<"Case", [DeclareOpInterfaceMethods<SymbolUserOpInterface>]> {
  let arguments = (ins TensorOf<[I32]>:$branch_index, Variadic<TFCC_Tensor>:$input,
                       SymbolRefArrayAttr:$branches);
  let results = (outs Variadic<TFCC_Tensor>:$output);
  let numOutputsBody = "return ::mlir::tfcc::typeListSize(attrs, \"Tout\");";
  let shapeRule = [{
    ::llvm::SmallVector<::mlir::FlatSymbolRefAttr> branches;
    for (::mlir::Attribute b : getBranches())
      if (auto ref = ::llvm::dyn_cast<::mlir::FlatSymbolRefAttr>(b))
        branches.push_back(ref);
    return ::mlir::tfcc::inferCallResults(getOperation(), branches, types);
  }];
}
def TFCC_WhileOp : TFCC_Op<"While", [DeclareOpInterfaceMethods<SymbolUserOpInterface>]> {
  let arguments = (ins Variadic<TFCC_Tensor>:$input, FlatSymbolRefAttr:$cond, FlatSymbolRefAttr:$body,
                       DefaultValuedAttr<TFCC_I64Attr, "10">:$parallel_iterations);
  let results = (outs Variadic<TFCC_Tensor>:$output);
  let numOutputsBody = "return numInputs;";
  let shapeRule = "return ::mlir::tfcc::inferLoopCarried(getOperation(), types);";
}
def TFCC_StatelessWhileOp : TFCC_Op<"StatelessWhile", [DeclareOpInterfaceMethods<SymbolUserOpInterface>]> {
  let arguments = (ins Variadic<TFCC_Tensor>:$input, FlatSymbolRefAttr:$cond, FlatSymbolRefAttr:$body,
                       DefaultValuedAttr<TFCC_I64Attr, "10">:$parallel_iterations);
  let results = (outs Variadic<TFCC_Tensor>:$output);
  let numOutputsBody = "return numInputs;";
  let shapeRule = "return ::mlir::tfcc::inferLoopCarried(getOperation(), types);";
}

// A node whose op the dialect does not know, or that cannot be compiled for
// a `reason` found at import (a call of a function that is missing or does
// not import). It keeps the NodeDef's op type, attributes and device, so
// import never fails for coverage; compiling a function that still holds one
// is an error naming the node, the op and the reason.
def TFCC_OpaqueOp : TFCC_Op<"opaque"> {
  let arguments = (ins Variadic<AnyType>:$inputs, StrAttr:$tf_op,
                       DefaultValuedAttr<DictionaryAttr, "{}">:$tf_attrs,
                       OptionalAttr<StrAttr>:$reason);
  let results = (outs Variadic<AnyType>:$outputs);
  let numOutputsBody = "return -1;";
  let shapeRule = [{
    types.assign(getOperation()->result_type_begin(), getOperation()->result_type_end());
    return ::mlir::success();
  }];
}

#endif // TFCC_CONTROL_OPS_TD

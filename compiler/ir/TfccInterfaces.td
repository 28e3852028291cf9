//===- TfccInterfaces.td - interfaces every tfcc op implements -*- tablegen -*-===//
#ifndef TFCC_INTERFACES_TD
#define TFCC_INTERFACES_TD

include "mlir/IR/OpBase.td"

def TFCC_ShapeInferenceOpInterface : OpInterface<"ShapeInference"> {
  let cppNamespace = "::mlir::tfcc";
  let description = [{
    The op's shape rule. From the current operand types and attributes it
    computes result types at least as refined as the current ones (unknown
    dims stay unknown when they cannot be told). It fails, after emitting an
    error at the op, when operands or attributes are inconsistent; the
    verifier and tfcc-shape-inference both call it.
  }];
  let methods = [
    InterfaceMethod<"Computes the result types into `types`.",
      "::mlir::LogicalResult", "refineResultTypes",
      (ins "::llvm::SmallVectorImpl<::mlir::Type> &":$types)>,
  ];
}

def TFCC_TFOpInterface : OpInterface<"TFOp"> {
  let cppNamespace = "::mlir::tfcc";
  let description = [{
    What the GraphDef importer needs to know of an op before creating it.
  }];
  let methods = [
    StaticInterfaceMethod<[{
        How many outputs a node of this op has, given its attributes and
        number of data inputs. -1 when it cannot be told.
      }], "int64_t", "numTFOutputs",
      (ins "::mlir::DictionaryAttr":$attrs, "unsigned":$numInputs)>,
    StaticInterfaceMethod<[{
        Whether data input `index` takes a TF1 ref (a variable itself rather
        than its value). Ref inputs receive the variable's handle; other
        inputs read the variable explicitly.
      }], "bool", "isRefInput", (ins "unsigned":$index)>,
    StaticInterfaceMethod<[{
        The position of output argument `name` among the op's results, as
        function bodies name outputs ("node:name:index"); -1 if none.
      }], "int64_t", "outputArgIndex", (ins "::llvm::StringRef":$name)>,
  ];
}

def TFCC_DifferentiableOpInterface : OpInterface<"Differentiable"> {
  let cppNamespace = "::mlir::tfcc";
  let description = [{
    The op's gradient rule, as reverse-mode autodiff (tfcc-autodiff) calls
    it once shapes are static. Given the gradient of the loss with respect to
    each result (null where none flows), it builds tfcc ops at the builder's
    insertion point computing the gradient with respect to each operand (null
    where the operand has none: integer operands, or a zero gradient).
    Broadcasting is undone here, so each operand gradient has its operand's
    type. Rules live in <Family>Gradients.cpp beside the family's ops.
  }];
  let methods = [
    InterfaceMethod<"Builds the operand gradients into `operandGrads`.",
      "::mlir::LogicalResult", "buildGradients",
      (ins "::mlir::OpBuilder &":$b, "::mlir::ArrayRef<::mlir::Value>":$resultGrads,
           "::llvm::SmallVectorImpl<::mlir::Value> &":$operandGrads)>,
  ];
}

def TFCC_OptimizerUpdateOpInterface : OpInterface<"OptimizerUpdate"> {
  let cppNamespace = "::mlir::tfcc";
  let description = [{
    An Apply*/ResourceApply* op: its first numStateOperands() operands are
    variables (ref or resource handles) that the op reads and updates; the
    update rule is TF's kernel's, written with tfcc ops so that it lowers
    like any other computation.
  }];
  let methods = [
    InterfaceMethod<"How many leading operands are updated variables.",
      "unsigned", "numStateOperands", (ins), "", "return ConcreteOp::kNumState;">,
    InterfaceMethod<[{
        Given the current values of the state operands, builds their new
        values (same order, same types) into `newState`.
      }], "::mlir::LogicalResult", "buildUpdate",
      (ins "::mlir::OpBuilder &":$b, "::mlir::ArrayRef<::mlir::Value>":$state,
           "::llvm::SmallVectorImpl<::mlir::Value> &":$newState)>,
  ];
}

#endif // TFCC_INTERFACES_TD

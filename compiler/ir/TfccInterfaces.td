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

#endif // TFCC_INTERFACES_TD

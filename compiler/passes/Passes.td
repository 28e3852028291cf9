//===- Passes.td - passes on the tfcc dialect ------------------*- tablegen -*-===//
#ifndef TFCC_PASSES_TD
#define TFCC_PASSES_TD

include "mlir/Pass/PassBase.td"

def ShapeInference : Pass<"tfcc-shape-inference", "::mlir::ModuleOp"> {
  let summary = "Refines tensor types from feed shapes and constants";
  let description = [{
    Runs every op's shape rule in order, replacing result types with the
    more refined ones it computes, and updates function result types.
    Ops whose results become constant (Shape of a now-static tensor,
    arithmetic on constants) are folded as it goes, so shape arithmetic
    resolves in one sweep. Functions are visited callees
    first (callees of calls, If/Case branches, While bodies), so callers see
    their callees' refined results.
  }];
  let dependentDialects = ["::mlir::tfcc::TFCCDialect"];
}

def FoldConstants : Pass<"tfcc-fold-constants", "::mlir::ModuleOp"> {
  let summary = "Folds shape arithmetic and elementwise ops on constants";
  let description = [{
    Shape, ShapeN, Size, Rank, BroadcastGradientArgs, ConcatOffset, Range,
    Fill and the elementwise ops become constants when their operands are
    constant (and shapes static); identities disappear. Results larger than
    65536 elements are not folded.
  }];
  let dependentDialects = ["::mlir::tfcc::TFCCDialect"];
}

def CheckSupported : Pass<"tfcc-check-supported", "::mlir::ModuleOp"> {
  let summary = "Fails on ops that cannot be compiled, naming node and op";
  let description = [{
    A graph that still holds an op the dialect does not know (tfcc.opaque)
    cannot be compiled; this pass reports each such node by its TF name.
  }];
}

#endif // TFCC_PASSES_TD

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

def MergeMatMuls : Pass<"tfcc-merge-matmuls", "::mlir::ModuleOp"> {
  let summary = "Merges sums of products with constant weights into one product";
  let description = [{
    a1·W1 + a2·W2 (AddV2 or Add of two MatMuls with the same transposes,
    no operand broadcasting), where W1 and W2 are constants, becomes
    ConcatV2(a1, a2)·W with W the two constants stacked along the depth, as
    an LSTM or GRU cell's input and recurrent products are. It applies when
    every use of W1 and W2 is such a sum, so that no weight is kept twice;
    the steps of an unrolled cell all merge onto one W. One product streams
    the weights once, in one kernel call. Needs static shapes.
  }];
  let dependentDialects = ["::mlir::tfcc::TFCCDialect"];
}

def LayoutNhwc : Pass<"tfcc-layout-nhwc", "::mlir::ModuleOp"> {
  let summary = "Runs NCHW convolutions, pools and batch norms in NHWC";
  let description = [{
    Every op with data_format NCHW whose images are ranked 4-D tensors
    (Conv2D, DepthwiseConv2dNative, Conv2DBackpropInput/Filter, MaxPool,
    AvgPool, their gradients, BiasAdd, BiasAddGrad, FusedBatchNorm* and
    their gradients) becomes the same op in NHWC between a Transpose of each
    image operand and a Transpose of each image result; shape operands
    (input_sizes, orig_input_shape) must be constants and are permuted.
    Transposes then move through elementwise ops, pads, slices, tiles and
    reductions that drop the moved dims, and pairs that cancel disappear,
    so runs of NCHW layers keep a transpose only where the layout is seen
    (feeds, fetches, reshapes). The CPU kernels and lowerings are NHWC.
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

def Autodiff : Pass<"tfcc-autodiff", "::mlir::ModuleOp"> {
  let summary = "Adds the gradients of a loss to a function's results";
  let description = [{
    Reverse-mode differentiation on the tfcc dialect, once shapes are static.
    The loss is the result of `function` fetched as `loss` (a non-scalar
    loss is summed, as tf.gradients does). Gradients are taken with respect
    to `wrt`: variables (by name) and feeds (by feed name); by default every
    float variable the function reads that is marked trainable, or every
    float variable when none is marked.

    Each op's gradient comes from its Differentiable rule; gradients add up
    over fan-out; StopGradient cuts them and PreventGradient is an error, as
    in TF. An op on the path from a source to the loss without a rule is an
    error naming it. Each gradient becomes a new result fetched as
    `grad_<name>` and tagged `tfcc.gradient_of = "<name>"` (and
    `tfcc.gradient_of_variable` for variables), which tfcc-apply-optimizer
    consumes.
  }];
  let options = [
    Option<"function", "function", "std::string", "\"main\"", "the function to differentiate">,
    Option<"loss", "loss", "std::string", "\"\"", "the fetch name of the loss">,
    ListOption<"wrt", "wrt", "std::string", "variables and feeds to differentiate with respect to">,
  ];
  let dependentDialects = ["::mlir::tfcc::TFCCDialect"];
}

def ApplyOptimizer : Pass<"tfcc-apply-optimizer", "::mlir::ModuleOp"> {
  let summary = "Turns variable gradients into TF optimizer updates";
  let description = [{
    Consumes the `tfcc.gradient_of_variable` results that tfcc-autodiff
    added to `function` and, in their place, updates each variable with
    TF's ResourceApply<Optimizer> op. Slot variables are created with TF's
    names (`<var>/Momentum`, `<var>/Adagrad`, `<var>/RMSProp[_1]`,
    `<var>/Adam[_1]`, `beta1_power`, `beta2_power`) so checkpoints match
    TF's, and are initialized as TF does at the end of `init-function`
    (created when missing). `global_step` (int64) is incremented once per
    call, created when the model has none. A `learning-rate-feed` name makes
    the rate a scalar feed of the function instead of a constant.
  }];
  let options = [
    Option<"function", "function", "std::string", "\"train\"", "the training function">,
    Option<"initFunction", "init-function", "std::string", "\"init\"",
           "the function that initializes variables">,
    Option<"optimizer", "optimizer", "std::string", "\"sgd\"",
           "sgd, momentum, adagrad, rmsprop or adam">,
    Option<"learningRate", "learning-rate", "double", "0.01", "constant learning rate">,
    Option<"learningRateFeed", "learning-rate-feed", "std::string", "\"\"",
           "feed the learning rate under this name instead">,
    Option<"momentum", "momentum", "double", "0.0", "momentum (momentum, rmsprop)">,
    Option<"nesterov", "nesterov", "bool", "false", "Nesterov momentum (momentum, adam)">,
    Option<"beta1", "beta1", "double", "0.9", "Adam beta1">,
    Option<"beta2", "beta2", "double", "0.999", "Adam beta2">,
    Option<"epsilon", "epsilon", "double", "1e-8", "Adam/RMSProp epsilon">,
    Option<"rho", "rho", "double", "0.9", "RMSProp decay">,
    Option<"initialAccumulator", "initial-accumulator", "double", "0.1",
           "Adagrad initial accumulator value">,
    Option<"globalStep", "global-step", "bool", "true", "increment global_step">,
  ];
  let dependentDialects = ["::mlir::tfcc::TFCCDialect"];
}

#endif // TFCC_PASSES_TD

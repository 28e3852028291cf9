//===- Passes.td - code generation passes ----------------------*- tablegen -*-===//
#ifndef TFCC_CODEGEN_PASSES_TD
#define TFCC_CODEGEN_PASSES_TD

include "mlir/Pass/PassBase.td"

def LowerToLinalg : Pass<"tfcc-lower-to-linalg", "::mlir::ModuleOp"> {
  let summary = "Lowers tfcc ops on static shapes to linalg, tensor, arith and math";
  let description = [{
    Every tfcc op becomes linalg/tensor/arith/math ops on tensors (see
    compiler/codegen/lowering). An op with no CPU lowering, or one whose
    attributes the lowering does not handle, is reported by node name and op.
  }];
  let options = [
    Option<"minKernelMacs", "min-kernel-macs", "int64_t", "::mlir::tfcc::kKernelMinMacs",
           "products and convolutions with at least this many multiply-adds call runtime "
           "kernels; -1 never">
  ];
  let dependentDialects = [
    "::mlir::arith::ArithDialect", "::mlir::linalg::LinalgDialect",
    "::mlir::math::MathDialect", "::mlir::tensor::TensorDialect", "::mlir::scf::SCFDialect",
    "::mlir::bufferization::BufferizationDialect"
  ];
}

def VariablesToArguments : Pass<"tfcc-variables-to-arguments", "::mlir::ModuleOp"> {
  let summary = "Passes the model's variables to each signature as buffers";
  let description = [{
    Every public function gets one memref argument per `tfcc.variable` of
    the module, in module order, after its feeds: the buffers of the model's
    variable table (tfcc_call_frame.variables). Variable reads become
    `bufferization.to_tensor` of the buffer (copied first when the function
    also writes that variable, so a read keeps the value it had); Assign,
    AssignAdd and AssignSub (resource and ref forms) write the buffer with
    `bufferization.materialize_in_destination`. Runs before lowering.
  }];
  let dependentDialects = ["::mlir::bufferization::BufferizationDialect",
                           "::mlir::memref::MemRefDialect", "::mlir::tfcc::TFCCDialect"];
}

def FuseElementwise : Pass<"tfcc-fuse-elementwise", "::mlir::ModuleOp"> {
  let summary = "Fuses chains of elementwise linalg ops into one loop nest";
  let description = [{
    An elementwise producer is fused into an elementwise consumer, so a chain
    such as BiasAdd, Relu, Mul makes one pass over memory. Never into ops with
    reduction loops (products, convolutions, reductions). A cheap producer
    (at most 4 ops, no division or transcendental; broadcasts and transposes
    have none) is always fused, since recomputing it costs less than a store
    and a load. An expensive one is fused only where it still runs once per
    element: not through a broadcast into a larger loop nest, not when
    another user stores it anyway, but into each user when all users fuse
    it. Then rank-0 tensor inputs become scalar operands, read once before
    the loops.
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect",
                           "::mlir::tensor::TensorDialect"];
}

def CallKernels : Pass<"tfcc-call-kernels", "::mlir::ModuleOp"> {
  let summary = "Replaces large products and convolutions with runtime kernel calls";
  let description = [{
    Runs on buffers. A linalg op that the lowering marked `tfcc.kernel`
    (a product or convolution above the size threshold, see
    docs/PERFORMANCE.md) becomes a call to tfcc_rt_matmul_f32 or
    tfcc_rt_conv2d_f32 (include/tfcc/kernels.h). A following elementwise op
    that adds a bias along the last dim and applies Relu or Relu6 is folded
    into the call. A max-pool that alone reads a convolution's result (after
    that epilogue) folds into tfcc_rt_conv2d_max_pool_f32, which never
    stores the convolution's output, where its windows do not overlap in
    height and a window's rows fit the kernel's scratch. A convolution whose
    input the lowering padded with zeros reads the unpadded input, with the
    padding as arguments: the kernels pad rows in scratch or as they build
    patches, so the padded copy is never made. Every public function gets
    the runtime context as an `!llvm.ptr` argument after its results, which
    the entry point passes from the call frame.
  }];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect", "::mlir::memref::MemRefDialect",
                           "::mlir::func::FuncDialect", "::mlir::arith::ArithDialect"];
}

def ExpandStridedCopies : Pass<"tfcc-expand-strided-copies", "::mlir::ModuleOp"> {
  let summary = "Turns copies between strided views into linalg.copy loops";
  let description = [{
    MLIR lowers a memref.copy between non-contiguous views to a call to the
    `memrefCopy` function of its C runner library, which compiled models do
    not link. Such copies become linalg.copy, which lowers to loops;
    contiguous copies stay memref.copy (a memcpy).
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect"];
}

def PlanMemory : Pass<"tfcc-plan-memory", "::mlir::ModuleOp"> {
  let summary = "Places every temporary buffer in one arena, by liveness";
  let description = [{
    After bufferization, each memref.alloc of a function becomes a view at a
    fixed offset of an arena passed as the function's last argument. Buffers
    whose lifetimes overlap get disjoint ranges; the others share memory.
    The arena size is stored on the function as `tfcc.arena_size`, so the
    generated code allocates nothing.
  }];
  let dependentDialects = ["::mlir::memref::MemRefDialect", "::mlir::arith::ArithDialect"];
}

def ApproximateMath : Pass<"tfcc-approximate-math", "::mlir::ModuleOp"> {
  let summary = "Replaces f32 exp, expm1, log, log1p, log2, tanh and erf with polynomials";
  let description = [{
    MLIR's polynomial approximations (a few ulp, the kind TF's Eigen kernels
    use) replace these math ops on f32 scalars and vectors, so the loops that
    contain them are made of arithmetic, selects and bit casts that LLVM's
    loop vectorizer vectorizes, instead of one scalar libm call per element.
    Other types (f64, f16, tensors) and other math ops (sin, cos, pow, ...)
    are left as they are and still lower to libm calls or LLVM intrinsics.
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect", "::mlir::math::MathDialect",
                           "::mlir::vector::VectorDialect"];
}

def ParallelizeLoopNests : Pass<"tfcc-parallelize-loop-nests", "::mlir::ModuleOp"> {
  let summary = "Moves large linalg ops with a splittable parallel loop into range functions";
  let description = [{
    In each function that has a runtime context (a `tfcc.runtime` argument),
    a linalg op on buffers with at least `min-iterations` iterations and a
    parallel loop that every output indexes directly (so that its iterations
    write disjoint elements) becomes a call to a private function
    `<fn>__par<N>(captured..., %begin: index, %end: index)`, marked
    `tfcc.parallel_range`, that runs that loop from %begin to %end, one
    slice of the op per iteration. The call passes the whole range, so the
    program is unchanged until tfcc-dispatch-parallel-nests splits it over
    the runtime's threads.
  }];
  let options = [
    Option<"minIterations", "min-iterations", "int64_t", "65536",
           "only ops with at least this many loop iterations in all">
  ];
  let dependentDialects = ["::mlir::func::FuncDialect", "::mlir::LLVM::LLVMDialect",
                           "::mlir::scf::SCFDialect", "::mlir::arith::ArithDialect",
                           "::mlir::memref::MemRefDialect", "::mlir::affine::AffineDialect"];
}

def DispatchParallelNests : Pass<"tfcc-dispatch-parallel-nests", "::mlir::ModuleOp"> {
  let summary = "Calls range functions through tfcc_rt_parallel_range (LLVM dialect)";
  let description = [{
    Runs after convert-func-to-llvm. A call from a function with a runtime
    context to an `llvm.func` marked `tfcc.parallel_range`, whose range
    is the constant [0, N), becomes a call to `tfcc_rt_parallel_range` with
    N, the address of a new `<callee>__range(ctx, begin, end)` function and
    a stack block holding the call's other arguments, one 8-byte slot each
    (one block per caller, allocated at its entry and shared by its calls);
    `__range` reads them back and calls the callee on its range.
  }];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect"];
}

def OutlineLoopNests : Pass<"tfcc-outline-loop-nests", "::mlir::ModuleOp"> {
  let summary = "Moves each linalg op of a very large function into a function of its own";
  let description = [{
    In a function with at least `min-ops` linalg ops (on buffers), each op
    whose operands and captured values are scalars or static identity-layout
    memrefs becomes a call to a private, internal, no_inline function holding
    it; captured constants are cloned into it. LLVM then optimizes many small
    functions instead of one huge one, whose loop analyses cost more than
    linearly in its size. Smaller functions are left as they are.
  }];
  let options = [
    Option<"minOps", "min-ops", "int64_t", "256",
           "outline only in functions with at least this many linalg ops">
  ];
  let dependentDialects = ["::mlir::func::FuncDialect", "::mlir::LLVM::LLVMDialect"];
}

#endif // TFCC_CODEGEN_PASSES_TD

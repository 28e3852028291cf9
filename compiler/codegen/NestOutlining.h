//===- NestOutlining.h - move one linalg op into a function of its own ----===//
//
// Shared by tfcc-outline-loop-nests (small functions for LLVM) and
// tfcc-parallelize-loop-nests (a function the runtime's pool can split).
//
//===----------------------------------------------------------------------===//
#ifndef TFCC_CODEGEN_NESTOUTLINING_H
#define TFCC_CODEGEN_NESTOUTLINING_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/Interfaces/FunctionInterfaces.h"

namespace tfcc::codegen {

/// A new private function that will hold one op, its entry block started.
struct OutlinedNest {
  mlir::func::FuncOp fn;
  /// The values the op used from its function, in the order of the new
  /// function's leading arguments (the call passes them).
  llvm::SmallVector<mlir::Value> captured;
  /// Captured values to the new function's arguments; constants to clones.
  mlir::IRMapping map;
};

/// Starts a private, internal, never-inlined function `name`, placed before
/// `caller`, for `op` (which must have no results): its arguments are the
/// values `op` uses from outside, then `extraArgs`; constants are cloned in
/// instead, so LLVM still sees them. The builder is left at the end of the
/// new entry block. Fails (creating nothing) when a captured value cannot
/// cross a call under the bare-pointer convention: a memref with a dynamic
/// shape, stride or offset, or a non-scalar value.
mlir::FailureOr<OutlinedNest> startOutlinedNest(mlir::OpBuilder &b, mlir::func::FuncOp caller,
                                                mlir::Operation *op, llvm::StringRef name,
                                                mlir::TypeRange extraArgs = {});

/// The runtime-context argument (`tfcc.runtime`) tfcc-call-kernels gave a
/// public function, or null; a func.func or, after conversion, an llvm.func.
mlir::Value runtimeArgument(mlir::FunctionOpInterface fn);

} // namespace tfcc::codegen

#endif // TFCC_CODEGEN_NESTOUTLINING_H

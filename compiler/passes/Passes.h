//===- Passes.h - passes on the tfcc dialect -------------------*- C++ -*-===//
#ifndef TFCC_PASSES_PASSES_H
#define TFCC_PASSES_PASSES_H

#include "compiler/ir/TfccDialect.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

namespace mlir::tfcc {

#define GEN_PASS_DECL
#include "compiler/passes/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "compiler/passes/Passes.h.inc"

} // namespace mlir::tfcc

#endif // TFCC_PASSES_PASSES_H

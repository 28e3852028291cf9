//===- tfcc-opt.cpp - runs tfcc and upstream passes on MLIR files ---------===//
#include "compiler/codegen/Codegen.h"
#include "compiler/codegen/Passes.h"
#include "compiler/ir/TfccDialect.h"
#include "compiler/passes/Passes.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  mlir::registerAllPasses();
  mlir::tfcc::registerTFCCPasses();
  mlir::tfcc::registerTFCCCodegenPasses();
  mlir::DialectRegistry registry;
  tfcc::codegen::registerCodegenDialects(registry);
  return mlir::asMainReturnCode(mlir::MlirOptMain(argc, argv, "tfcc optimizer driver\n", registry));
}

//===- tfcc-opt.cpp - runs tfcc and upstream passes on MLIR files ---------===//
#include "compiler/ir/TfccDialect.h"
#include "compiler/passes/Passes.h"

#include "mlir/Dialect/Func/Extensions/InlinerExtension.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "mlir/Transforms/Passes.h"

int main(int argc, char **argv) {
  mlir::registerTransformsPasses();
  mlir::tfcc::registerTFCCPasses();
  mlir::DialectRegistry registry;
  registry.insert<mlir::tfcc::TFCCDialect, mlir::func::FuncDialect>();
  mlir::func::registerInlinerExtension(registry);
  return mlir::asMainReturnCode(mlir::MlirOptMain(argc, argv, "tfcc optimizer driver\n", registry));
}

//===- GraphImporter.h - GraphDef to the tfcc dialect ----------*- C++ -*-===//
#ifndef TFCC_FRONTEND_IMPORT_GRAPHIMPORTER_H
#define TFCC_FRONTEND_IMPORT_GRAPHIMPORTER_H

#include <string>
#include <vector>

#include "compiler/frontend/GraphLoader.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"

namespace tfcc {

struct ImportOptions {
  /// The file the graph came from; every location names it.
  std::string file;
  /// One function per signature. Empty: one signature "main" that feeds
  /// every Placeholder/_Arg and fetches every _Retval, or every output
  /// nobody consumes.
  std::vector<frontend::Signature> signatures;
  /// Feeds of explicit signatures must have fully known shapes (tfcc
  /// specializes shapes at compile time); off keeps unknown dims dynamic.
  bool requireStaticFeeds = true;
  /// Variables to declare even when no signature reads them: those that
  /// checkpoint signatures (frontend::CheckpointPlan) save or restore.
  std::vector<const tensorflow::NodeDef *> variables;
};

/// Imports `graph` into a new module. On failure, diagnostics have been
/// emitted (each located at the node at fault) and null is returned.
mlir::OwningOpRef<mlir::ModuleOp> importGraphDef(mlir::MLIRContext *context,
                                                 const tensorflow::GraphDef &graph,
                                                 const ImportOptions &options);

/// The MLIR element type of a TF dtype (refs stripped); null if unsupported.
mlir::Type convertDataType(mlir::MLIRContext *context, tensorflow::DataType dtype);

/// Converts a TensorProto; emits an error at `loc` naming `what` on failure.
mlir::FailureOr<mlir::ElementsAttr> convertTensor(mlir::Location loc,
                                                  const tensorflow::TensorProto &tensor,
                                                  llvm::StringRef what);

/// Converts a NodeDef attribute value.
mlir::FailureOr<mlir::Attribute> convertAttr(mlir::Location loc, llvm::StringRef name,
                                             const tensorflow::AttrValue &value);

/// "file: node 'x': message" for a diagnostic located by the importer.
std::string formatDiagnostic(mlir::Diagnostic &diag);

} // namespace tfcc

#endif // TFCC_FRONTEND_IMPORT_GRAPHIMPORTER_H

//===- Codegen.h - from tfcc IR to native artifacts -------------*- C++ -*-===//
//
// The CPU back end in four steps, each usable alone (tests drive them one by
// one): describe the model's signatures while the IR still has TF names,
// lower to the LLVM dialect, emit an object with entry points and metadata
// (include/tfcc/abi.h), and emit the C++ header that wraps it.
//
//===----------------------------------------------------------------------===//
#ifndef TFCC_CODEGEN_CODEGEN_H
#define TFCC_CODEGEN_CODEGEN_H

#include "mlir/IR/BuiltinOps.h"
#include "llvm/Support/Error.h"

#include <string>
#include <vector>

namespace tfcc::codegen {

struct TensorDesc {
  std::string name;  // the feed or fetch name
  int dtype = 0;     // TF DataType number
  std::vector<int64_t> dims;
  int64_t numElements = 0;
  int64_t byteSize = 0;
};

/// A variable a checkpoint signature saves or restores, and its key.
struct CheckpointEntryDesc {
  std::string key;
  int variable = 0;     // index into ModelDesc::variables; -1: `constant`
  std::string constant; // a string scalar saved as it is
};

struct SignatureDesc {
  std::string name;   // the signature (func) name
  std::string symbol; // the exported entry function; empty for checkpoint signatures
  std::vector<TensorDesc> args, results;
  std::vector<std::string> targets;
  int64_t arenaSize = 0;
  bool writesVariables = false;
  /// Non-zero (tfcc_checkpoint_kind): a SaveV2/RestoreV2 subgraph the
  /// runtime runs; it has no entry function.
  int checkpointKind = 0;
  std::vector<CheckpointEntryDesc> checkpointEntries;
};

struct ModelDesc {
  std::string name;   // model name, e.g. the C++ class
  std::string prefix; // C symbol prefix of everything the object exports
  std::vector<SignatureDesc> signatures;
  std::vector<TensorDesc> variables; // the model's variable table, in module order
};

/// Registers every dialect, interface and translation the back end uses.
void registerCodegenDialects(mlir::DialectRegistry &registry);

/// Reads signature names, dtypes and shapes from a specialized tfcc module.
/// Fails (with an error on the function) on dynamic shapes or types that have
/// no C ABI dtype.
mlir::FailureOr<ModelDesc> describeModel(mlir::ModuleOp module, llvm::StringRef name,
                                         llvm::StringRef prefix);

/// How far lowerToLLVMDialect goes; the earlier stages serve --emit=mlir-*.
enum class Stage { Linalg, Buffers, LLVMDialect };

/// Lowers a specialized tfcc module to the LLVM dialect (or an earlier stage)
/// and records each signature's arena size in `desc`.
/// `minKernelMacs` overrides the size from which products and convolutions
/// call runtime kernels (-1: never); kDefaultKernelMacs keeps the default.
/// `minParallelIterations` likewise overrides the size from which generated
/// loop nests are split over the runtime's threads (-1: never).
constexpr int64_t kDefaultKernelMacs = -2;
constexpr int64_t kDefaultParallelIterations = -2;
mlir::LogicalResult lowerModule(mlir::ModuleOp module, ModelDesc &desc,
                                Stage stopAfter = Stage::LLVMDialect,
                                int64_t minKernelMacs = kDefaultKernelMacs,
                                int64_t minParallelIterations = kDefaultParallelIterations);

struct TargetOptions {
  std::string cpu = "x86-64-v3"; // or "native", or any LLVM CPU name
  std::string features;           // extra "+avx512f,..." features
  int optLevel = 3;
  /// Also export the metadata as TFCC_MODEL_INFO_SYMBOL (shared libraries
  /// and executables, where one model is the whole artifact).
  bool exportFixedSymbol = false;
};

/// Emits an x86-64 ELF object for an LLVM-dialect module, adding the entry
/// points and the metadata table. `llvmIR`, when given, receives the
/// optimized LLVM IR.
llvm::Expected<std::string> emitObject(mlir::ModuleOp module, const ModelDesc &desc,
                                       const TargetOptions &target,
                                       std::string *llvmIR = nullptr);

/// The C++ header: `cppClass` (may be namespace-qualified, a::b::Model)
/// deriving from tfcc::CompiledModel with typed accessors.
std::string emitHeader(const ModelDesc &desc, llvm::StringRef cppClass);

/// Turns a feed or fetch name into a C identifier fragment ("x:1" -> "x_1").
std::string identifierFor(llvm::StringRef name);

} // namespace tfcc::codegen

#endif // TFCC_CODEGEN_CODEGEN_H

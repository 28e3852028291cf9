//===- Pipeline.cpp - describe a model, lower it to the LLVM dialect ------===//
#include "compiler/codegen/Codegen.h"
#include "compiler/codegen/Passes.h"
#include "compiler/passes/Passes.h"
#include "compiler/ir/TfccDialect.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/InitAllDialects.h"
#include "mlir/InitAllExtensions.h"
#include "mlir/InitAllPasses.h"
#include "mlir/Target/LLVMIR/Dialect/All.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"

using namespace mlir;

namespace tfcc::codegen {

/// TF DataType numbers (types.proto) of the element types the ABI carries.
static int dtypeOf(Type t) {
  if (t.isF32()) return 1;
  if (t.isF64()) return 2;
  if (t.isInteger(32)) return 3;
  if (t.isUnsignedInteger(8)) return 4;
  if (t.isInteger(16)) return 5;
  if (t.isInteger(8)) return 6;
  if (t.isInteger(64)) return 9;
  if (t.isInteger(1)) return 10;
  if (t.isBF16()) return 14;
  if (t.isF16()) return 19;
  return 0;
}

std::string identifierFor(StringRef name) {
  std::string out;
  for (char c : name)
    out += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  if (out.empty() || std::isdigit(static_cast<unsigned char>(out[0])))
    out = "_" + out;
  return out;
}

static FailureOr<TensorDesc> describeTensor(func::FuncOp fn, StringRef what, StringRef name,
                                            Type type) {
  auto t = dyn_cast<RankedTensorType>(type);
  if (!t || !t.hasStaticShape())
    return fn.emitError() << what << " '" << name << "' has shape " << type
                          << "; compiling needs static shapes (give it a shape in the config or "
                             "with --feed name[d0,d1])";
  TensorDesc d;
  d.name = name.str();
  d.dtype = dtypeOf(t.getElementType());
  if (!d.dtype)
    return fn.emitError() << what << " '" << name << "' has element type " << t.getElementType()
                          << ", which compiled models cannot pass yet";
  d.dims.assign(t.getShape().begin(), t.getShape().end());
  d.numElements = t.getNumElements();
  int64_t bits = t.getElementType().isInteger(1) ? 8 : t.getElementTypeBitWidth();
  d.byteSize = d.numElements * bits / 8;
  return d;
}

FailureOr<ModelDesc> describeModel(ModuleOp module, StringRef name, StringRef prefix) {
  ModelDesc model;
  model.name = name.str();
  model.prefix = prefix.str();
  for (auto fn : module.getOps<func::FuncOp>()) {
    if (fn.isPrivate() || fn.isExternal())
      continue;
    SignatureDesc sig;
    sig.name = fn.getName().str();
    sig.symbol = model.prefix + "_" + identifierFor(sig.name);
    for (unsigned i = 0; i < fn.getNumArguments(); ++i) {
      auto feed = fn.getArgAttrOfType<StringAttr>(i, "tfcc.feed");
      std::string argName = feed ? feed.str() : "arg" + std::to_string(i);
      auto d = describeTensor(fn, "feed", argName, fn.getArgument(i).getType());
      if (failed(d))
        return failure();
      sig.args.push_back(*d);
    }
    for (unsigned i = 0; i < fn.getNumResults(); ++i) {
      auto fetch = fn.getResultAttrOfType<StringAttr>(i, "tfcc.fetch");
      std::string resName = fetch ? fetch.str() : "result" + std::to_string(i);
      auto d = describeTensor(fn, "fetch", resName, fn.getResultTypes()[i]);
      if (failed(d))
        return failure();
      sig.results.push_back(*d);
    }
    fn.walk([&](Operation *op) {
      if (isa<mlir::tfcc::AssignVariableOp, mlir::tfcc::AssignAddVariableOp,
              mlir::tfcc::AssignSubVariableOp, mlir::tfcc::AssignOp, mlir::tfcc::AssignAddOp,
              mlir::tfcc::AssignSubOp>(op))
        sig.writesVariables = true;
    });
    if (auto targets = fn->getAttrOfType<ArrayAttr>("tfcc.targets"))
      for (Attribute t : targets)
        if (auto s = dyn_cast<StringAttr>(t))
          sig.targets.push_back(s.str());
    model.signatures.push_back(std::move(sig));
  }
  if (model.signatures.empty())
    return module.emitError() << "the module has no signature to compile";
  for (auto v : module.getOps<mlir::tfcc::VariableOp>()) {
    auto t = dyn_cast<RankedTensorType>(v.getType());
    if (!t || !t.hasStaticShape())
      return v.emitError() << "variable '" << v.getSymName() << "' has type " << v.getType()
                           << "; compiling needs its static shape";
    TensorDesc d;
    d.name = v.getSymName().str();
    d.dtype = dtypeOf(t.getElementType());
    if (!d.dtype)
      return v.emitError() << "variable '" << v.getSymName() << "' has element type "
                           << t.getElementType() << ", which compiled models cannot hold yet";
    d.dims.assign(t.getShape().begin(), t.getShape().end());
    d.numElements = t.getNumElements();
    d.byteSize = d.numElements * (t.getElementType().isInteger(1) ? 8 : t.getElementTypeBitWidth()) / 8;
    model.variables.push_back(d);
  }
  return model;
}

void registerCodegenDialects(DialectRegistry &registry) {
  registry.insert<mlir::tfcc::TFCCDialect>();
  registerAllDialects(registry);
  registerAllExtensions(registry);
  registerAllToLLVMIRTranslations(registry);
}

static LogicalResult runPipeline(ModuleOp module, StringRef pipeline) {
  static bool registered = [] {
    mlir::registerAllPasses();
    mlir::tfcc::registerTFCCPasses();
    mlir::tfcc::registerTFCCCodegenPasses();
    return true;
  }();
  (void)registered;
  // `pipeline` lists passes on the module itself (no builtin.module(...) wrapper).
  PassManager pm(module.getContext());
  std::string errors;
  llvm::raw_string_ostream os(errors);
  if (failed(parsePassPipeline(pipeline, pm, os)))
    return module.emitError() << "internal error: bad pass pipeline: " << errors;
  return pm.run(module);
}

LogicalResult lowerModule(ModuleOp module, ModelDesc &desc, Stage stopAfter,
                          int64_t minKernelMacs, int64_t minParallelIterations) {
  // Signatures become internal implementations behind the C entry points
  // that emitObject adds; library functions are inlined away first.
  SymbolTable symbols(module);
  for (SignatureDesc &sig : desc.signatures) {
    auto fn = symbols.lookup<func::FuncOp>(sig.name);
    if (failed(symbols.rename(fn, sig.symbol + "_impl")))
      return module.emitError() << "cannot rename signature " << sig.name;
  }
  // No CSE before bufferization: merging the identical zero-filled inits of
  // two products would make bufferization copy the shared one for each.
  std::string lower = "tfcc-lower-to-linalg";
  if (minKernelMacs != kDefaultKernelMacs)
    lower += "{min-kernel-macs=" + std::to_string(minKernelMacs) + "}";
  if (failed(runPipeline(module, "inline,symbol-dce,tfcc-shape-inference,tfcc-fold-constants,"
                                 "tfcc-merge-matmuls,tfcc-layout-nhwc,"
                                 "tfcc-variables-to-arguments," +
                                     lower + ",canonicalize,tfcc-fuse-elementwise,canonicalize")))
    return failure();
  if (stopAfter == Stage::Linalg)
    return success();
  std::string parallelize = "tfcc-parallelize-loop-nests,";
  if (minParallelIterations == -1)
    parallelize.clear();
  else if (minParallelIterations != kDefaultParallelIterations)
    parallelize = "tfcc-parallelize-loop-nests{min-iterations=" +
                  std::to_string(minParallelIterations) + "},";
  if (failed(runPipeline(module,
                         "one-shot-bufferize{bufferize-function-boundaries=1 "
                         "function-boundary-type-conversion=identity-layout-map},"
                         "buffer-results-to-out-params{hoist-static-allocs=1 "
                         "modify-public-functions=1},canonicalize,tfcc-call-kernels,tfcc-expand-strided-copies,tfcc-plan-memory," +
                             parallelize + "tfcc-outline-loop-nests")))
    return failure();
  for (SignatureDesc &sig : desc.signatures)
    if (auto fn = symbols.lookup<func::FuncOp>(sig.symbol + "_impl"))
      if (auto size = fn->getAttrOfType<IntegerAttr>("tfcc.arena_size"))
        sig.arenaSize = size.getInt();
  if (stopAfter == Stage::Buffers)
    return success();
  // f32 exp, tanh, log, erf... become polynomials first, so the loops around
  // them vectorize instead of calling libm once per element.
  return runPipeline(
      module, "tfcc-approximate-math,convert-linalg-to-loops,lower-affine,convert-scf-to-cf,"
              "expand-strided-metadata,lower-affine,finalize-memref-to-llvm,"
              "convert-math-to-funcs,convert-math-to-llvm,convert-math-to-libm,convert-arith-to-llvm,"
              "convert-index-to-llvm,convert-cf-to-llvm,"
              "convert-func-to-llvm{use-bare-ptr-memref-call-conv=1},"
              "tfcc-dispatch-parallel-nests,reconcile-unrealized-casts");
}

} // namespace tfcc::codegen

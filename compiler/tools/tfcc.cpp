//===- tfcc.cpp - the tfcc driver -----------------------------------------===//
//
//   tfcc import  <graph> [--config c.pbtxt] [--feed ...] [--fetch ...] [-o out.mlir]
//   tfcc compile <graph> --config c.pbtxt --cpp-class ns::Model -o out/model
//                [--emit object|static-lib|shared-lib|executable|mlir|linalg|llvm-ir]
//
// Errors print one line naming the file, node and field, and exit 1; no
// output file is left behind (outputs are written to temporaries and renamed
// into place only when everything succeeded).
//
//===----------------------------------------------------------------------===//
#include "compiler/codegen/Codegen.h"
#include "compiler/codegen/Linker.h"
#include "compiler/frontend/GraphLoader.h"
#include "compiler/frontend/import/GraphImporter.h"
#include "compiler/ir/TfccDialect.h"
#include "compiler/passes/Passes.h"
#include "runtime/checkpoint/Inspect.h"
#include "runtime/session/RunCommand.h"
#include "tfcc/abi.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/FileUtilities.h"
#include "mlir/Transforms/Passes.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/raw_ostream.h"

#include <iostream>

namespace cl = llvm::cl;
using namespace tfcc;

static cl::OptionCategory category("tfcc options");
static cl::opt<std::string> inputPath(cl::Positional, cl::desc("<graph.pb|graph.pbtxt|saved_model dir>"),
                                      cl::Required, cl::cat(category));
static cl::opt<std::string> outputPath("o", cl::desc("output file, or output prefix for compile"),
                                       cl::init("-"), cl::cat(category));
static cl::opt<std::string> configPath("config", cl::desc("tfcompile Config text proto"),
                                       cl::cat(category));
static cl::list<std::string> feeds("feed", cl::desc("name[:index][=dtype][[d0,d1,...]]"),
                                   cl::cat(category));
static cl::list<std::string> fetches("fetch", cl::desc("name[:index]"), cl::cat(category));
static cl::list<std::string> targets("target", cl::desc("node run for its effects"),
                                     cl::cat(category));
static cl::opt<std::string> signatureName("signature", cl::desc("function name"),
                                          cl::init("main"), cl::cat(category));
static cl::list<std::string> extraSignatures(
    "add-signature",
    cl::desc("another signature in the same artifact: NAME=config.pbtxt or NAME=target:NODE[,NODE]"),
    cl::cat(category));
static cl::opt<std::string> tag("tag", cl::desc("SavedModel MetaGraphDef tag"), cl::init("serve"),
                                cl::cat(category));
static cl::opt<bool> dynamicShapes("dynamic-shapes",
                                   cl::desc("allow feeds with unknown dims (import only)"),
                                   cl::cat(category));
static cl::opt<bool> specialize("specialize",
                                cl::desc("run tfcc-shape-inference and tfcc-fold-constants"),
                                cl::cat(category));
// compile only
static cl::opt<std::string> cppClass("cpp-class",
                                     cl::desc("C++ class of the generated header (ns::Model)"),
                                     cl::init("Model"), cl::cat(category));
static cl::opt<std::string> emitKind(
    "emit", cl::desc("object (default), static-lib, shared-lib, executable; or an "
                     "intermediate form: mlir-linalg, mlir-buffers, mlir-llvm, llvm-ir"),
    cl::init("object"), cl::cat(category));
static cl::opt<std::string> targetCpu("target-cpu",
                                      cl::desc("x86-64-v3 (default), native, or an LLVM CPU name"),
                                      cl::init("x86-64-v3"), cl::cat(category));
static cl::opt<int64_t> minKernelMacs(
    "min-kernel-macs",
    cl::desc("products/convolutions with at least this many multiply-adds call runtime kernels "
             "(-1: never; default: the benchmarked threshold)"),
    cl::init(codegen::kDefaultKernelMacs), cl::cat(category));
static cl::opt<int64_t> minParallelIterations(
    "min-parallel-iterations",
    cl::desc("generated loop nests with at least this many iterations are split over the "
             "runtime's threads (-1: never; default: 65536)"),
    cl::init(codegen::kDefaultParallelIterations), cl::cat(category));
// training and gradients (compile only)
static cl::opt<std::string> trainFlag(
    "train",
    cl::desc("add a `train` signature: loss=NODE[,config=FILE][,name=SIG]; its feeds are the "
             "config's, or every Placeholder the loss needs; an `init` signature is added too"),
    cl::cat(category));
static cl::opt<std::string> optimizerFlag(
    "optimizer",
    cl::desc("sgd|momentum|adagrad|rmsprop|adam[:lr=X|lr=feed:NAME,momentum=X,nesterov,beta1=X,"
             "beta2=X,epsilon=X,rho=X,initial_accumulator=X]"),
    cl::init("sgd"), cl::cat(category));
static cl::list<std::string> trainVars("vars", cl::desc("variables to train (default: all float)"),
                                       cl::CommaSeparated, cl::cat(category));
static cl::opt<std::string> gradientsOf(
    "gradients-of",
    cl::desc("also fetch, from the main signature, the gradients of this fetch with respect to "
             "--wrt (as grad_<name>)"),
    cl::cat(category));
static cl::list<std::string> wrtFlag("wrt", cl::desc("feeds or variables for --gradients-of"),
                                     cl::CommaSeparated, cl::cat(category));
static cl::opt<std::string> modelName("name", cl::desc("model name (default: the output's file name)"),
                                      cl::cat(category));

static int fail(const std::string &message) {
  llvm::errs() << "error: " << message << "\n";
  return 1;
}

/// Parses each flag value with `parse` and appends the results to `out`.
template <typename T>
static frontend::Status appendParsed(const cl::list<std::string> &flags,
                                     frontend::Status (*parse)(const std::string &, T *),
                                     std::vector<T> &out) {
  for (const std::string &text : flags) {
    T item;
    frontend::Status st = parse(text, &item);
    if (!st.ok())
      return st;
    out.push_back(item);
  }
  return {};
}

/// --train=loss=NODE[,config=FILE][,name=SIG], parsed.
struct TrainFlag {
  std::string loss, config, signature = "train";
};
static std::optional<std::string> parseTrainFlag(TrainFlag &out) {
  llvm::SmallVector<llvm::StringRef> parts;
  llvm::StringRef(trainFlag).split(parts, ',', -1, false);
  for (llvm::StringRef part : parts) {
    auto [key, value] = part.split('=');
    if (key == "loss")
      out.loss = value.str();
    else if (key == "config")
      out.config = value.str();
    else if (key == "name")
      out.signature = value.str();
    else
      return "--train=" + trainFlag + ": unknown key '" + key.str() + "' (loss, config, name)";
  }
  if (out.loss.empty())
    return "--train=" + trainFlag + ": give the loss node (loss=NODE)";
  return std::nullopt;
}

/// Loads the graph and imports it with the signature the flags describe;
/// null after printing the error.
static mlir::OwningOpRef<mlir::ModuleOp>
loadAndImport(mlir::MLIRContext &context, bool requireStatic,
              std::vector<frontend::CheckpointPlan> *checkpoints = nullptr) {
  tensorflow::GraphDef graph;
  frontend::Status st = frontend::loadGraphDef(inputPath, tag, &graph);
  if (st.ok())
    st = frontend::resourceArgsToVariables(&graph, inputPath);
  if (!st.ok())
    return fail(st.message), nullptr;

  ImportOptions options;
  options.file = inputPath;
  options.requireStaticFeeds = requireStatic;
  bool explicitSig = !configPath.empty() || !feeds.empty() || !fetches.empty() || !targets.empty();
  if (explicitSig) {
    frontend::Signature sig;
    sig.name = signatureName;
    if (!configPath.empty()) {
      st = frontend::loadTfcompileConfig(configPath, &sig);
      if (!st.ok())
        return fail(st.message), nullptr;
    }
    st = appendParsed(feeds, frontend::parseFeedFlag, sig.feeds);
    if (st.ok())
      st = appendParsed(fetches, frontend::parseFetchFlag, sig.fetches);
    if (!st.ok())
      return fail(st.message), nullptr;
    sig.targets.insert(sig.targets.end(), targets.begin(), targets.end());
    if (sig.fetches.empty() && sig.targets.empty())
      return fail("the signature has no fetch and no target: give --fetch or --target"), nullptr;
    options.signatures.push_back(sig);
  }
  for (const std::string &flag : extraSignatures) {
    size_t eq = flag.find('=');
    if (eq == std::string::npos || eq == 0)
      return fail("--add-signature=" + flag + ": expected NAME=config.pbtxt or NAME=target:NODE"),
             nullptr;
    if (!explicitSig)
      return fail("--add-signature needs the main signature too (--config, --feed, --fetch or "
                  "--target)"),
             nullptr;
    frontend::Signature extra;
    extra.name = flag.substr(0, eq);
    std::string spec = flag.substr(eq + 1);
    if (llvm::StringRef(spec).starts_with("target:")) {
      llvm::SmallVector<llvm::StringRef> nodes;
      llvm::StringRef(spec).drop_front(7).split(nodes, ',', -1, false);
      for (llvm::StringRef n : nodes)
        extra.targets.push_back(n.str());
    } else {
      st = frontend::loadTfcompileConfig(spec, &extra);
      if (!st.ok())
        return fail(st.message), nullptr;
    }
    if (extra.fetches.empty() && extra.targets.empty())
      return fail("signature '" + extra.name + "' has no fetch and no target"), nullptr;
    options.signatures.push_back(extra);
  }
  if (!trainFlag.empty()) {
    if (!explicitSig)
      return fail("--train needs the main signature too (--config, --feed, --fetch or --target)"),
             nullptr;
    TrainFlag spec;
    if (auto err = parseTrainFlag(spec))
      return fail(*err), nullptr;
    frontend::Signature train;
    train.name = spec.signature;
    const std::string &loss = spec.loss, &config = spec.config;
    if (!config.empty()) {
      st = frontend::loadTfcompileConfig(config, &train);
      if (!st.ok())
        return fail(st.message), nullptr;
      train.fetches.clear();
    }
    frontend::Fetch fetch;
    if (!(st = frontend::parseFetchFlag(loss, &fetch)).ok())
      return fail(st.message), nullptr;
    fetch.name = "loss";
    train.fetches.push_back(fetch);
    if (config.empty() && !(st = frontend::feedNeededPlaceholders(graph, inputPath, &train)).ok())
      return fail(st.message), nullptr;
    options.signatures.push_back(train);
    // The graph's own initializer, as tf.compat.v1 names it, unless given.
    bool haveInit = llvm::any_of(options.signatures,
                                 [](const frontend::Signature &s) { return s.name == "init"; });
    bool graphHasInit = llvm::any_of(graph.node(), [](const tensorflow::NodeDef &n) {
      return n.name() == "init";
    });
    if (!haveInit && graphHasInit) {
      frontend::Signature init;
      init.name = "init";
      init.targets.push_back("init");
      options.signatures.push_back(init);
    }
  }
  // Conds on a predicate no signature feeds (Keras' learning phase) fold
  // away before anything reads the graph's nodes.
  if (!(st = frontend::foldConstantConds(&graph, options.signatures, inputPath)).ok())
    return fail(st.message), nullptr;
  // Signatures that run TF's Saver subgraph become plans for the runtime;
  // the variables they name are declared even if nothing else reads them.
  std::vector<frontend::Signature> compiled;
  for (const frontend::Signature &sig : options.signatures) {
    std::optional<frontend::CheckpointPlan> plan;
    if (!(st = frontend::planCheckpointSignature(graph, sig, inputPath, &plan)).ok())
      return fail(st.message), nullptr;
    if (!plan) {
      compiled.push_back(sig);
      continue;
    }
    for (const frontend::CheckpointEntry &e : plan->entries)
      if (e.node)
        options.variables.push_back(e.node);
    if (checkpoints)
      checkpoints->push_back(std::move(*plan));
  }
  if (compiled.empty() && !options.signatures.empty())
    return fail("every signature saves or restores a checkpoint; a model needs one that runs "
                "the graph too"),
           nullptr;
  options.signatures = std::move(compiled);
  return importGraphDef(&context, graph, options);
}

/// Adds the checkpoint signatures to the model's description: the runtime
/// runs them (tfcc_checkpoint_plan in include/tfcc/abi.h). False after
/// printing an error.
static bool addCheckpointSignatures(const std::vector<frontend::CheckpointPlan> &plans,
                                    codegen::ModelDesc &desc) {
  auto prefixTensor = [](const std::string &name) {
    codegen::TensorDesc t;
    t.name = name;
    t.dtype = TFCC_STRING;
    t.numElements = 1;
    t.byteSize = sizeof(tfcc_string);
    return t;
  };
  for (const frontend::CheckpointPlan &plan : plans) {
    codegen::SignatureDesc sig;
    sig.name = plan.signature;
    sig.checkpointKind = plan.kind;
    sig.writesVariables = plan.kind == frontend::CheckpointPlan::Restore;
    sig.args.push_back(prefixTensor(plan.prefix.name));
    sig.targets = plan.targets;
    for (const frontend::Fetch &f : plan.fetches)
      sig.results.push_back(prefixTensor(f.name));
    for (const frontend::CheckpointEntry &e : plan.entries) {
      if (!e.node) {
        sig.checkpointEntries.push_back({e.key, -1, e.constant});
        continue;
      }
      auto it = llvm::find_if(desc.variables,
                              [&](const codegen::TensorDesc &v) { return v.name == e.variable; });
      if (it == desc.variables.end()) // the importer declares them all
        return fail("internal error: variable '" + e.variable + "' of checkpoint signature '" +
                    plan.signature + "' is not in the model"),
               false;
      sig.checkpointEntries.push_back({e.key, int(it - desc.variables.begin()), ""});
    }
    desc.signatures.push_back(std::move(sig));
  }
  return true;
}

/// The pass options of --optimizer=NAME[:key=value,...]; an error message on
/// bad text.
static std::optional<std::string> parseOptimizer(const std::string &text,
                                                 mlir::tfcc::ApplyOptimizerOptions &o) {
  auto [name, rest] = llvm::StringRef(text).split(':');
  o.optimizer = name.str();
  // TF's defaults, per optimizer.
  o.learningRate = name == "adam" || name == "rmsprop" ? 0.001 : 0.01;
  o.momentum = name == "momentum" ? 0.9 : 0.0;
  o.epsilon = name == "rmsprop" ? 1e-10 : 1e-8;
  llvm::SmallVector<llvm::StringRef> parts;
  rest.split(parts, ',', -1, false);
  for (llvm::StringRef part : parts) {
    auto [key, value] = part.split('=');
    double *target = key == "lr"        ? &o.learningRate
                     : key == "momentum" ? &o.momentum
                     : key == "beta1"    ? &o.beta1
                     : key == "beta2"    ? &o.beta2
                     : key == "epsilon"  ? &o.epsilon
                     : key == "rho"      ? &o.rho
                     : key == "initial_accumulator" ? &o.initialAccumulator
                                                     : nullptr;
    if (key == "nesterov") {
      o.nesterov = value.empty() || value == "true" || value == "1";
      continue;
    }
    if (key == "lr" && value.starts_with("feed:")) {
      o.learningRateFeed = value.drop_front(5).str();
      continue;
    }
    if (!target)
      return "--optimizer=" + text + ": unknown key '" + key.str() + "'";
    if (value.getAsDouble(*target))
      return "--optimizer=" + text + ": '" + value.str() + "' is not a number for " + key.str();
  }
  return std::nullopt;
}

/// --gradients-of and --train: tfcc-autodiff, then the optimizer. Runs on
/// the specialized module, before it is described.
static mlir::LogicalResult addGradients(mlir::ModuleOp module) {
  mlir::PassManager pm(module.getContext());
  if (!gradientsOf.empty()) {
    mlir::tfcc::AutodiffOptions o;
    o.function = signatureName;
    o.loss = gradientsOf;
    o.wrt.assign(wrtFlag.begin(), wrtFlag.end());
    if (wrtFlag.empty())
      return fail("--gradients-of needs --wrt (feeds or variables)"), mlir::failure();
    pm.addPass(mlir::tfcc::createAutodiff(o));
  } else if (!wrtFlag.empty()) {
    return fail("--wrt needs --gradients-of"), mlir::failure();
  }
  if (!trainFlag.empty()) {
    TrainFlag spec;
    if (auto err = parseTrainFlag(spec)) // checked on import already
      return fail(*err), mlir::failure();
    mlir::tfcc::AutodiffOptions a;
    a.function = spec.signature;
    a.loss = "loss";
    a.wrt.assign(trainVars.begin(), trainVars.end());
    mlir::tfcc::ApplyOptimizerOptions o;
    if (auto err = parseOptimizer(optimizerFlag, o))
      return fail(*err), mlir::failure();
    o.function = a.function;
    pm.addPass(mlir::tfcc::createAutodiff(a));
    pm.addPass(mlir::tfcc::createApplyOptimizer(o));
  } else if (optimizerFlag.getNumOccurrences() || !trainVars.empty()) {
    return fail("--optimizer and --vars need --train"), mlir::failure();
  }
  pm.addPass(mlir::tfcc::createFoldConstants());
  return pm.run(module);
}

/// Prints the first error of a run as one line: "file: node 'x': message".
struct OneLineDiagnostics {
  int errors = 0;
  mlir::ScopedDiagnosticHandler handler;
  explicit OneLineDiagnostics(mlir::MLIRContext &context)
      : handler(&context, [this](mlir::Diagnostic &diag) {
          if (diag.getSeverity() != mlir::DiagnosticSeverity::Error)
            return mlir::success();
          if (errors++ == 0)
            llvm::errs() << "error: " << formatDiagnostic(diag) << "\n";
          return mlir::success();
        }) {}
};

static mlir::LogicalResult specializeShapes(mlir::ModuleOp module, bool forCompile = false) {
  mlir::PassManager pm(module.getContext());
  pm.addPass(mlir::tfcc::createShapeInference());
  pm.addPass(mlir::tfcc::createFoldConstants());
  if (forCompile) {
    // Calls inline before the signature is described, so results computed
    // by library functions get their types; then unknown ops are reported
    // by node and op before anything complains about the types they leave
    // unknown.
    pm.addPass(mlir::createInlinerPass());
    pm.addPass(mlir::createSymbolDCEPass());
    pm.addPass(mlir::tfcc::createShapeInference());
    pm.addPass(mlir::tfcc::createFoldConstants());
    pm.addPass(mlir::tfcc::createCheckSupported());
  }
  return pm.run(module);
}

static int runImport() {
  mlir::MLIRContext context;
  context.loadDialect<mlir::tfcc::TFCCDialect, mlir::func::FuncDialect>();
  OneLineDiagnostics diagnostics(context);
  mlir::OwningOpRef<mlir::ModuleOp> module = loadAndImport(context, !dynamicShapes);
  if (!module)
    return 1;
  if (specialize && failed(specializeShapes(*module)))
    return 1;

  std::string err;
  auto out = mlir::openOutputFile(outputPath, &err);
  if (!out)
    return fail(err);
  module->print(out->os());
  out->os() << "\n";
  out->keep();
  return 0;
}

/// Files written under temporary names and renamed into place together, so a
/// failure leaves nothing behind.
class PendingOutputs {
public:
  ~PendingOutputs() {
    for (auto &[tmp, final] : files)
      llvm::sys::fs::remove(tmp);
  }
  /// A temporary path that becomes `final` on commit().
  std::string add(const std::string &final) {
    std::string tmp = final + ".tmp" + std::to_string(llvm::sys::Process::getProcessId());
    files.push_back({tmp, final});
    return tmp;
  }
  llvm::Error write(const std::string &final, llvm::StringRef data) {
    std::string tmp = add(final);
    std::error_code ec;
    llvm::raw_fd_ostream os(tmp, ec);
    if (ec)
      return llvm::createStringError(ec, "cannot write " + final + ": " + ec.message());
    os << data;
    os.close();
    if (os.has_error())
      return llvm::createStringError(os.error(), "cannot write " + final);
    return llvm::Error::success();
  }
  llvm::Error commit() {
    for (auto &[tmp, final] : files)
      if (std::error_code ec = llvm::sys::fs::rename(tmp, final))
        return llvm::createStringError(ec, "cannot create " + final + ": " + ec.message());
    files.clear();
    return llvm::Error::success();
  }

private:
  std::vector<std::pair<std::string, std::string>> files;
};

static std::string runtimeLibDir(const char *argv0) {
  std::string exe = llvm::sys::fs::getMainExecutable(argv0, (void *)&runtimeLibDir);
  return (llvm::sys::path::parent_path(llvm::sys::path::parent_path(exe)) + "/lib").str();
}

static int runCompile(const char *argv0) {
  static const llvm::StringSet<> kinds = {"object",      "static-lib",   "shared-lib",
                                          "executable",  "mlir-linalg",  "mlir-buffers",
                                          "mlir-llvm",   "llvm-ir"};
  if (!kinds.contains(emitKind))
    return fail("--emit=" + emitKind +
                " is not one of object, static-lib, shared-lib, executable, mlir-linalg, "
                "mlir-buffers, mlir-llvm, llvm-ir");
  // Given thresholds are -1 (never) or sizes; the defaults are sentinels.
  if (minKernelMacs.getNumOccurrences() && minKernelMacs < -1)
    return fail("--min-kernel-macs=" + std::to_string(minKernelMacs) +
                " must be -1 (never) or a count of multiply-adds");
  if (minParallelIterations.getNumOccurrences() && minParallelIterations < -1)
    return fail("--min-parallel-iterations=" + std::to_string(minParallelIterations) +
                " must be -1 (never) or a count of loop iterations");
  bool intermediate = llvm::StringRef(emitKind).starts_with("mlir") || emitKind == "llvm-ir";
  if (outputPath == "-" && !intermediate)
    return fail("give the output prefix with -o (e.g. -o out/model)");

  mlir::DialectRegistry registry;
  codegen::registerCodegenDialects(registry);
  mlir::MLIRContext context(registry);
  context.loadDialect<mlir::tfcc::TFCCDialect, mlir::func::FuncDialect>();
  OneLineDiagnostics diagnostics(context);
  std::vector<frontend::CheckpointPlan> checkpoints;
  mlir::OwningOpRef<mlir::ModuleOp> module =
      loadAndImport(context, /*requireStatic=*/true, &checkpoints);
  if (!module || failed(specializeShapes(*module, /*forCompile=*/true)) ||
      failed(addGradients(*module)))
    return 1;

  std::string name = modelName.empty()
                         ? (outputPath == "-" ? "model" : llvm::sys::path::filename(outputPath).str())
                         : modelName.getValue();
  auto desc = codegen::describeModel(*module, name, "tfcc_model_" + codegen::identifierFor(name));
  if (failed(desc))
    return 1;
  codegen::Stage stage = emitKind == "mlir-linalg"    ? codegen::Stage::Linalg
                         : emitKind == "mlir-buffers" ? codegen::Stage::Buffers
                                                      : codegen::Stage::LLVMDialect;
  if (failed(codegen::lowerModule(*module, *desc, stage, minKernelMacs, minParallelIterations)))
    return 1;
  if (!addCheckpointSignatures(checkpoints, *desc))
    return 1;
  if (llvm::StringRef(emitKind).starts_with("mlir")) {
    std::string err;
    auto out = mlir::openOutputFile(outputPath, &err);
    if (!out)
      return fail(err);
    module->print(out->os());
    out->keep();
    return 0;
  }

  codegen::TargetOptions target;
  target.cpu = targetCpu;
  target.exportFixedSymbol = emitKind == "shared-lib" || emitKind == "executable";
  std::string ir;
  auto object = codegen::emitObject(*module, *desc, target, emitKind == "llvm-ir" ? &ir : nullptr);
  if (!object)
    return fail(llvm::toString(object.takeError()));
  if (emitKind == "llvm-ir") {
    std::string err;
    auto out = mlir::openOutputFile(outputPath, &err);
    if (!out)
      return fail(err);
    out->os() << ir;
    out->keep();
    return 0;
  }

  PendingOutputs outputs;
  std::string prefix = outputPath;
  std::string base = llvm::sys::path::filename(prefix).str();
  llvm::Error err = llvm::Error::success();
  if (emitKind == "object") {
    err = outputs.write(prefix + ".o", *object);
    if (!err)
      err = outputs.write(prefix + ".h", codegen::emitHeader(*desc, cppClass));
  } else if (emitKind == "static-lib") {
    std::string tmp = outputs.add(prefix + ".a");
    err = codegen::writeStaticLibrary(tmp, *object, base + ".o");
    if (!err)
      err = outputs.write(prefix + ".h", codegen::emitHeader(*desc, cppClass));
  } else {
    // Link from a temporary object next to the output.
    std::string objTmp = prefix + ".link" + std::to_string(llvm::sys::Process::getProcessId()) + ".o";
    PendingOutputs scratch;
    err = scratch.write(objTmp, *object);
    if (!err) {
      std::string objPath = objTmp + ".tmp" + std::to_string(llvm::sys::Process::getProcessId());
      std::string dir = runtimeLibDir(argv0);
      if (emitKind == "shared-lib")
        err = codegen::linkSharedLibrary(objPath, outputs.add(prefix + ".so"), dir, prefix + ".so");
      else
        err = codegen::linkExecutable(objPath, outputs.add(prefix), dir, prefix);
    }
  }
  if (!err)
    err = outputs.commit();
  if (err)
    return fail(llvm::toString(std::move(err)));
  return 0;
}

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  std::string sub = argc >= 2 ? argv[1] : "";
  if (sub == "inspect-checkpoint") {
    if (argc != 3) {
      llvm::errs() << "usage: tfcc inspect-checkpoint <prefix>\n";
      return 2;
    }
    return tfcc::checkpoint::inspectCheckpoint(argv[2], std::cout, std::cerr);
  }
  if (sub == "run") {
    // tfcc run model.so --input x=x.npy ...: the runtime's command, with
    // "tfcc run" as its program name.
    std::string progName = std::string(argv[0]) + " run";
    argv[1] = const_cast<char *>(progName.c_str());
    return tfcc::RunModelCommand(argc - 1, argv + 1);
  }
  if (sub != "import" && sub != "compile") {
    llvm::errs() << "usage: tfcc import <graph> [options]    (tfcc import --help)\n"
                    "       tfcc compile <graph> [options]   (tfcc compile --help)\n"
                    "       tfcc run <model.so> --input x=x.npy [--output y] [--restore ckpt]\n"
                    "       tfcc inspect-checkpoint <prefix>\n";
    return 2;
  }
  // Shift the subcommand away so cl sees "tfcc-<sub> <args>".
  std::string progName = std::string(argv[0]) + " " + sub;
  argv[1] = const_cast<char *>(progName.c_str());
  cl::HideUnrelatedOptions(category);
  cl::ParseCommandLineOptions(argc - 1, argv + 1, "tfcc: TensorFlow graphs to native code\n");
  return sub == "import" ? runImport() : runCompile(argv[0]);
}

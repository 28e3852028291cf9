//===- tfcc.cpp - the tfcc driver -----------------------------------------===//
//
//   tfcc import <graph> [--config c.pbtxt] [--feed ...] [--fetch ...] [-o out.mlir]
//
// Errors print one line naming the file, node and field, and exit 1; no
// output file is left behind.
//
//===----------------------------------------------------------------------===//
#include "compiler/frontend/GraphLoader.h"
#include "compiler/frontend/import/GraphImporter.h"
#include "compiler/ir/TfccDialect.h"
#include "compiler/passes/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/raw_ostream.h"

namespace cl = llvm::cl;
using namespace tfcc;

static cl::OptionCategory category("tfcc import options");
static cl::opt<std::string> inputPath(cl::Positional, cl::desc("<graph.pb|graph.pbtxt|saved_model dir>"),
                                      cl::Required, cl::cat(category));
static cl::opt<std::string> outputPath("o", cl::desc("output file (default: stdout)"),
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
static cl::opt<std::string> tag("tag", cl::desc("SavedModel MetaGraphDef tag"), cl::init("serve"),
                                cl::cat(category));
static cl::opt<bool> dynamicShapes("dynamic-shapes",
                                   cl::desc("allow feeds with unknown dims"), cl::cat(category));
static cl::opt<bool> specialize("specialize",
                                cl::desc("run tfcc-shape-inference and tfcc-fold-constants"),
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

static int runImport() {
  tensorflow::GraphDef graph;
  frontend::Status st = frontend::loadGraphDef(inputPath, tag, &graph);
  if (!st.ok())
    return fail(st.message);

  ImportOptions options;
  options.file = inputPath;
  options.requireStaticFeeds = !dynamicShapes;
  bool explicitSig = !configPath.empty() || !feeds.empty() || !fetches.empty() || !targets.empty();
  if (explicitSig) {
    frontend::Signature sig;
    sig.name = signatureName;
    if (!configPath.empty()) {
      st = frontend::loadTfcompileConfig(configPath, &sig);
      if (!st.ok())
        return fail(st.message);
    }
    st = appendParsed(feeds, frontend::parseFeedFlag, sig.feeds);
    if (st.ok())
      st = appendParsed(fetches, frontend::parseFetchFlag, sig.fetches);
    if (!st.ok())
      return fail(st.message);
    sig.targets.insert(sig.targets.end(), targets.begin(), targets.end());
    if (sig.fetches.empty() && sig.targets.empty())
      return fail("the signature has no fetch and no target: give --fetch or --target");
    options.signatures.push_back(sig);
  }

  mlir::MLIRContext context;
  context.loadDialect<mlir::tfcc::TFCCDialect, mlir::func::FuncDialect>();
  // One line per error: "file: node 'x': message".
  int errors = 0;
  mlir::ScopedDiagnosticHandler handler(&context, [&](mlir::Diagnostic &diag) {
    if (diag.getSeverity() != mlir::DiagnosticSeverity::Error)
      return mlir::success();
    if (errors++ == 0)
      llvm::errs() << "error: " << formatDiagnostic(diag) << "\n";
    return mlir::success();
  });
  mlir::OwningOpRef<mlir::ModuleOp> module = importGraphDef(&context, graph, options);
  if (!module)
    return 1;
  if (specialize) {
    mlir::PassManager pm(&context);
    pm.addPass(mlir::tfcc::createShapeInference());
    pm.addPass(mlir::tfcc::createFoldConstants());
    if (failed(pm.run(*module)))
      return 1;
  }

  std::string err;
  auto out = mlir::openOutputFile(outputPath, &err);
  if (!out)
    return fail(err);
  module->print(out->os());
  out->os() << "\n";
  out->keep();
  return 0;
}

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  if (argc < 2 || (std::string(argv[1]) != "import")) {
    llvm::errs() << "usage: tfcc import <graph> [options]   (tfcc import --help)\n";
    return 2;
  }
  // Shift the subcommand away so cl sees "tfcc-import <args>".
  std::string progName = std::string(argv[0]) + " import";
  argv[1] = const_cast<char *>(progName.c_str());
  cl::HideUnrelatedOptions(category);
  cl::ParseCommandLineOptions(argc - 1, argv + 1, "tfcc: TensorFlow graphs to native code\n");
  return runImport();
}

//===- GraphImporter.cpp - GraphDef nodes to tfcc ops ---------------------===//
//
// Nodes arrive in an order where inputs come first (frontend::pruneAndSort);
// each becomes one op located at its node name. Placeholders (and other fed
// tensors) become function arguments, fetches the returned values. Control
// edges are not values: the order of ops already honours them.
//
//===----------------------------------------------------------------------===//
#include "compiler/frontend/import/GraphImporter.h"

#include "compiler/ir/TfccDialect.h"

#include <map>

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/IR/Verifier.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"

using namespace mlir;
using tensorflow::NodeDef;

namespace tfcc {
namespace {

/// Output args of the TF1 control-flow ops, which have no tfcc ops yet (the
/// dialect's ops answer TFOp::outputArgIndex). Function bodies name outputs
/// as "node:arg:index".
const llvm::StringMap<std::vector<std::string>> &v1OutputArgs() {
  static const llvm::StringMap<std::vector<std::string>> table = {
      {"Switch", {"output_false", "output_true"}},
      {"Merge", {"output", "value_index"}},
  };
  return table;
}

/// Attributes the importer does not carry: TF-internal ones start with '_'.
bool isInternalAttr(StringRef name) { return name.starts_with("_"); }

/// Whether constants of `dtype` become MLIR elements attributes.
bool isElementsDtype(tensorflow::DataType dtype) {
  switch (dtype % 100) {
  case tensorflow::DT_RESOURCE: case tensorflow::DT_VARIANT: case tensorflow::DT_QINT8:
  case tensorflow::DT_QUINT8: case tensorflow::DT_QINT16: case tensorflow::DT_QUINT16:
  case tensorflow::DT_QINT32: case tensorflow::DT_COMPLEX64: case tensorflow::DT_COMPLEX128:
    return false;
  default:
    return true;
  }
}

/// TF1 variable ops and the op tfcc mirrors them with.
bool isRefVariableOp(StringRef op) { return op == "VariableV2" || op == "Variable"; }

class Importer {
public:
  Importer(MLIRContext *ctx, const tensorflow::GraphDef &graph, const ImportOptions &options)
      : ctx(ctx), graph(graph), options(options), builder(ctx) {
    fileLoc = FileLineColLoc::get(ctx, options.file.empty() ? "<graph>" : options.file, 0, 0);
    for (const auto &fn : graph.library().function())
      library[fn.signature().name()] = &fn;
    // How many outputs of each node the graph uses (control uses count 0).
    for (const NodeDef &n : graph.node())
      for (const std::string &in : n.input()) {
        frontend::TensorId id;
        if (!frontend::parseTensorId(in, &id))
          continue;
        int64_t &used = usedOutputs[id.node];
        if (!id.control)
          used = std::max<int64_t>(used, id.index + 1);
      }
    // Fetched outputs are used too (an op whose output count is not known
    // otherwise, such as v1 Exit, must still have them).
    for (const frontend::Signature &sig : options.signatures)
      for (const auto &fetch : sig.fetches) {
        int64_t &used = usedOutputs[fetch.id.node];
        used = std::max<int64_t>(used, fetch.id.index + 1);
      }
  }

  OwningOpRef<ModuleOp> run();

private:
  /// The values of one function being built: node name -> outputs.
  struct Scope {
    llvm::StringMap<SmallVector<Value>> outputs;
    llvm::StringMap<const NodeDef *> nodes;
    Location parent;
    bool inFunction = false;
  };

  Location nodeLoc(StringRef node, const Scope &scope) {
    return NameLoc::get(StringAttr::get(ctx, node), scope.parent);
  }

  LogicalResult importSignature(const frontend::Signature &sig);
  LogicalResult importFunction(const tensorflow::FunctionDef &fn);
  /// Imports the library functions that `node` refers to (f, then_branch,
  /// body, branches, ...), once each: the library is pruned like the graph.
  /// Returns why the node cannot be compiled when one of them cannot be
  /// had (not in the library, or its body does not import), else "".
  std::string importReferencedFunctions(const NodeDef &node);
  LogicalResult importNode(const NodeDef &node, Scope &scope);
  FailureOr<Value> resolveInput(const NodeDef &node, int index, StringRef input, Scope &scope,
                                bool wantRef);
  SmallVector<Type> initialResultTypes(const NodeDef &node, int64_t count);
  FailureOr<FlatSymbolRefAttr> declareVariable(const NodeDef &node, Location loc);
  frontend::Signature defaultSignature();
  /// How many outputs `node` has, as its op, callee or recorded shapes
  /// tell; -1 when nothing does.
  int64_t outputCount(const NodeDef &node, unsigned numDataInputs);

  MLIRContext *ctx;
  const tensorflow::GraphDef &graph;
  const ImportOptions &options;
  OpBuilder builder;
  Location fileLoc = UnknownLoc::get(ctx);
  ModuleOp module;
  llvm::StringMap<const tensorflow::FunctionDef *> library;
  llvm::StringMap<::mlir::tfcc::VariableOp> variables;
  /// Library functions whose bodies failed to import, and why.
  llvm::StringMap<std::string> brokenFunctions;
  /// Node name -> 1 + the highest output index the graph consumes; nodes
  /// consumed only through control edges map to 0.
  llvm::StringMap<int64_t> usedOutputs;
  /// Values that are TF1 ref variables (handles); reading them is explicit.
  llvm::DenseSet<Value> refValues;
};

} // namespace

//===----------------------------------------------------------------------===//
// Module and signatures.
//===----------------------------------------------------------------------===//

OwningOpRef<ModuleOp> Importer::run() {
  OwningOpRef<ModuleOp> owned = ModuleOp::create(fileLoc);
  module = *owned;
  builder.setInsertionPointToEnd(module.getBody());
  if (graph.has_versions())
    module->setAttr("tfcc.producer", builder.getI64IntegerAttr(graph.versions().producer()));

  std::vector<frontend::Signature> sigs = options.signatures;
  if (sigs.empty()) {
    // The default signature imports what nobody consumes, which a cycle
    // never is: check the whole graph first.
    frontend::Signature whole;
    for (const NodeDef &n : graph.node())
      whole.targets.push_back(n.name());
    std::vector<const NodeDef *> order;
    frontend::Status st = frontend::pruneAndSort(graph, whole, options.file, &order);
    if (!st.ok()) {
      // The loader's messages name the file already.
      emitError(UnknownLoc::get(ctx)) << st.message;
      return nullptr;
    }
    sigs.push_back(defaultSignature());
  }
  for (const frontend::Signature &sig : sigs)
    if (failed(importSignature(sig)))
      return nullptr;
  for (const NodeDef *v : options.variables)
    if (failed(declareVariable(*v, NameLoc::get(StringAttr::get(ctx, v->name()), fileLoc))))
      return nullptr;
  if (failed(verify(module)))
    return nullptr;
  return owned;
}

int64_t Importer::outputCount(const NodeDef &node, unsigned numDataInputs) {
  if (auto fn = library.find(node.op()); fn != library.end())
    return fn->second->signature().output_arg_size();
  StringRef op = node.op();
  auto info = RegisteredOperationName::lookup(
      isRefVariableOp(op) ? std::string("tfcc.VariableV2") : ("tfcc." + op).str(), ctx);
  if (info)
    if (auto *iface = info->getInterface<::mlir::tfcc::TFOp>()) {
      // Arity depends only on int attrs (num, num_split) and type lists (Tout).
      NamedAttrList attrs;
      for (const auto &[name, value] : node.attr()) {
        if (value.value_case() == tensorflow::AttrValue::kI)
          attrs.set(name, builder.getI64IntegerAttr(value.i()));
        else if (value.value_case() == tensorflow::AttrValue::kList)
          attrs.set(name, builder.getArrayAttr(SmallVector<Attribute>(
                              value.list().type_size(), builder.getUnitAttr())));
      }
      int64_t n = iface->numTFOutputs(attrs.getDictionary(ctx), numDataInputs);
      if (n >= 0)
        return n;
    }
  auto shapes = node.attr().find("_output_shapes");
  if (shapes != node.attr().end())
    return shapes->second.list().shape_size();
  if (auto v1 = v1OutputArgs().find(op); v1 != v1OutputArgs().end())
    return v1->second.size();
  return -1;
}

frontend::Signature Importer::defaultSignature() {
  frontend::Signature sig;
  sig.name = "main";
  std::vector<std::pair<int64_t, const NodeDef *>> args, rets;
  for (const NodeDef &n : graph.node()) {
    auto index = [&]() {
      auto it = n.attr().find("index");
      return it == n.attr().end() ? 0 : it->second.i();
    };
    if (n.op() == "_Arg")
      args.push_back({index(), &n});
    else if (n.op() == "_Retval")
      rets.push_back({index(), &n});
  }
  llvm::sort(args, [](auto &a, auto &b) { return a.first < b.first; });
  llvm::sort(rets, [](auto &a, auto &b) { return a.first < b.first; });
  for (const NodeDef &n : graph.node())
    if (n.op() == "Placeholder") {
      frontend::Feed f;
      f.id.node = n.name();
      f.name = n.name();
      sig.feeds.push_back(f);
    }
  for (auto &[i, n] : args) {
    frontend::Feed f;
    f.id.node = n->name();
    f.name = n->name();
    sig.feeds.push_back(f);
  }
  if (!rets.empty()) {
    for (auto &[i, n] : rets)
      sig.targets.push_back(n->name());
    return sig;
  }
  for (const NodeDef &n : graph.node()) {
    if (usedOutputs.count(n.name()) || n.op() == "Placeholder" || n.op() == "_Arg")
      continue;
    unsigned dataInputs = llvm::count_if(
        n.input(), [](const std::string &in) { return !StringRef(in).starts_with("^"); });
    int64_t outputs = outputCount(n, dataInputs);
    if (outputs <= 0)
      sig.targets.push_back(n.name());
    for (int64_t i = 0; i < outputs; ++i) {
      frontend::Fetch f;
      f.id.node = n.name();
      f.id.index = i;
      f.name = f.id.str();
      sig.fetches.push_back(f);
    }
  }
  return sig;
}

/// A TF shape (-1 = unknown dim) as [2,?,3].
static std::string tfShapeString(const std::vector<int64_t> &dims) {
  SmallVector<int64_t> shape;
  for (int64_t d : dims)
    shape.push_back(d < 0 ? ShapedType::kDynamic : d);
  return ::mlir::tfcc::shapeString(shape);
}

/// The declared dtype and shape of a Placeholder-like node, from its attrs.
static void nodeTypeHints(const NodeDef &node, int producer, tensorflow::DataType *dtype,
                          std::optional<std::vector<int64_t>> *shape) {
  for (const char *name : {"dtype", "T"}) {
    auto it = node.attr().find(name);
    if (it != node.attr().end() && it->second.value_case() == tensorflow::AttrValue::kType) {
      *dtype = it->second.type();
      break;
    }
  }
  auto readShape = [&](const tensorflow::TensorShapeProto &s) {
    if (s.unknown_rank())
      return;
    std::vector<int64_t> dims;
    for (const auto &d : s.dim())
      dims.push_back(d.size());
    *shape = dims;
  };
  auto it = node.attr().find("shape");
  if (it != node.attr().end() && it->second.value_case() == tensorflow::AttrValue::kShape) {
    // Before GraphDef version 21 an empty Placeholder shape meant unknown.
    if (producer < 21 && it->second.shape().dim_size() == 0)
      return;
    readShape(it->second.shape());
    return;
  }
  it = node.attr().find("_output_shapes");
  if (it != node.attr().end() && it->second.list().shape_size() > 0)
    readShape(it->second.list().shape(0));
}

LogicalResult Importer::importSignature(const frontend::Signature &sig) {
  std::vector<const NodeDef *> order;
  frontend::Status st = frontend::pruneAndSort(graph, sig, options.file, &order);
  if (!st.ok()) {
    emitError(UnknownLoc::get(ctx)) << st.message;
    return failure();
  }
  bool explicitSig = !options.signatures.empty();
  Scope scope{{}, {}, fileLoc, false};
  for (const NodeDef &n : graph.node())
    scope.nodes[n.name()] = &n;

  // Feeds: one argument each, typed from the feed or the node's attributes.
  SmallVector<Type> argTypes;
  SmallVector<Attribute> argAttrs;
  for (const frontend::Feed &feed : sig.feeds) {
    Location loc = nodeLoc(feed.id.node, scope);
    auto it = scope.nodes.find(feed.id.node);
    if (it == scope.nodes.end())
      return emitError(fileLoc) << "feed '" << feed.name << "' names no node in the graph";
    tensorflow::DataType graphType = tensorflow::DT_INVALID;
    std::optional<std::vector<int64_t>> graphShape;
    if (feed.id.index == 0)
      nodeTypeHints(*it->second, graph.versions().producer(), &graphType, &graphShape);
    tensorflow::DataType dtype = feed.dtype != tensorflow::DT_INVALID ? feed.dtype : graphType;
    if (feed.dtype != tensorflow::DT_INVALID && graphType != tensorflow::DT_INVALID &&
        (feed.dtype % 100) != (graphType % 100))
      return emitError(loc) << "feed '" << feed.name << "' has dtype "
                            << frontend::dataTypeName(feed.dtype) << " but the node is "
                            << frontend::dataTypeName(graphType);
    if (dtype == tensorflow::DT_INVALID)
      return emitError(loc) << "feed '" << feed.name
                            << "': no dtype given and the node does not declare one";
    std::optional<std::vector<int64_t>> shape = feed.shape ? feed.shape : graphShape;
    if (feed.shape && graphShape) {
      bool ok = feed.shape->size() == graphShape->size();
      for (size_t i = 0; ok && i < graphShape->size(); ++i)
        ok = (*graphShape)[i] < 0 || (*feed.shape)[i] < 0 || (*graphShape)[i] == (*feed.shape)[i];
      if (!ok)
        return emitError(loc) << "feed '" << feed.name << "' has shape "
                              << tfShapeString(*feed.shape) << " but the node declares "
                              << tfShapeString(*graphShape);
    }
    if (explicitSig && options.requireStaticFeeds &&
        (!shape || llvm::any_of(*shape, [](int64_t d) { return d < 0; })))
      return emitError(loc) << "feed '" << feed.name << "' needs a fully known shape"
                            << (shape ? ", got " + tfShapeString(*shape) : std::string())
                            << "; give one, e.g. --feed " << feed.id.str() << "[1,...]";
    Type elt = convertDataType(ctx, dtype);
    if (!elt)
      return emitError(loc) << "feed '" << feed.name << "': unsupported dtype "
                            << frontend::dataTypeName(dtype);
    SmallVector<int64_t> dims;
    if (shape)
      for (int64_t d : *shape)
        dims.push_back(d < 0 ? ShapedType::kDynamic : d);
    argTypes.push_back(shape ? Type(RankedTensorType::get(dims, elt))
                             : Type(UnrankedTensorType::get(elt)));
    argAttrs.push_back(builder.getDictionaryAttr(
        builder.getNamedAttr("tfcc.feed", builder.getStringAttr(feed.name))));
  }

  if (SymbolTable::lookupSymbolIn(module, sig.name))
    return emitError(fileLoc) << "signature '" << sig.name
                              << "' is named like another signature or a library function";
  builder.setInsertionPointToEnd(module.getBody());
  auto fn = func::FuncOp::create(builder, fileLoc, sig.name,
                                 FunctionType::get(ctx, argTypes, {}));
  fn.setAllArgAttrs(argAttrs);
  Block *entry = fn.addEntryBlock();
  builder.setInsertionPointToStart(entry);
  for (auto [i, feed] : llvm::enumerate(sig.feeds)) {
    auto &outs = scope.outputs[feed.id.node];
    if ((int)outs.size() <= feed.id.index)
      outs.resize(feed.id.index + 1);
    outs[feed.id.index] = entry->getArgument(i);
  }

  for (const NodeDef *node : order) {
    if (failed(importNode(*node, scope)))
      return failure();
  }

  SmallVector<Value> results;
  SmallVector<Attribute> resultAttrs;
  for (const frontend::Fetch &fetch : sig.fetches) {
    auto v = resolveInput(*scope.nodes[fetch.id.node], -1, fetch.id.str(), scope, false);
    if (failed(v))
      return failure();
    results.push_back(*v);
    resultAttrs.push_back(builder.getDictionaryAttr(
        builder.getNamedAttr("tfcc.fetch", builder.getStringAttr(fetch.name))));
  }
  // _Retval nodes are fetches by index.
  for (const std::string &target : sig.targets) {
    const NodeDef *n = scope.nodes[target];
    if (n && n->op() == "_Retval" && n->input_size() > 0) {
      auto v = resolveInput(*n, 0, n->input(0), scope, false);
      if (failed(v))
        return failure();
      results.push_back(*v);
      resultAttrs.push_back(builder.getDictionaryAttr(
          builder.getNamedAttr("tfcc.fetch", builder.getStringAttr(n->name()))));
    }
  }
  func::ReturnOp::create(builder, fileLoc, results);
  fn.setType(FunctionType::get(ctx, argTypes, ValueRange(results).getTypes()));
  fn.setAllResultAttrs(resultAttrs);
  SmallVector<Attribute> targets;
  for (const std::string &t : sig.targets)
    targets.push_back(builder.getStringAttr(t));
  if (!targets.empty())
    fn->setAttr("tfcc.targets", builder.getArrayAttr(targets));
  return success();
}

//===----------------------------------------------------------------------===//
// Library functions.
//===----------------------------------------------------------------------===//

std::string Importer::importReferencedFunctions(const NodeDef &node) {
  SmallVector<StringRef> names;
  if (library.count(node.op()))
    names.push_back(node.op());
  // Attribute maps iterate in no fixed order; sort by attribute name so
  // functions import in the same order every run.
  std::map<std::string, const tensorflow::AttrValue *> sorted;
  for (const auto &kv : node.attr())
    sorted[kv.first] = &kv.second;
  for (const auto &[key, value] : sorted) {
    if (value->value_case() == tensorflow::AttrValue::kFunc)
      names.push_back(value->func().name());
    for (const auto &f : value->list().func())
      names.push_back(f.name());
  }
  for (StringRef name : names) {
    auto it = library.find(name);
    if (it == library.end())
      return ("calls @" + name + ", which is not in the function library").str();
    if (auto broken = brokenFunctions.find(name); broken != brokenFunctions.end())
      return broken->second;
    if (SymbolTable::lookupSymbolIn(module, name))
      continue;
    // A body that does not import makes its callers opaque, with the reason.
    std::string why;
    LogicalResult imported = success();
    {
      ScopedDiagnosticHandler capture(ctx, [&](Diagnostic &d) {
        if (why.empty() && d.getSeverity() == DiagnosticSeverity::Error)
          why = formatDiagnostic(d);
        return success();
      });
      imported = importFunction(*it->second);
    }
    if (failed(imported)) {
      if (Operation *partial = SymbolTable::lookupSymbolIn(module, name))
        partial->erase();
      why = ("@" + name + " does not import: " + why).str();
      brokenFunctions[name] = why;
      return why;
    }
  }
  return "";
}

LogicalResult Importer::importFunction(const tensorflow::FunctionDef &fdef) {
  const auto &sig = fdef.signature();
  Location fnLoc = NameLoc::get(StringAttr::get(ctx, sig.name()), fileLoc);
  Scope scope{{}, {}, fnLoc, true};
  SmallVector<Type> argTypes;
  for (auto [i, arg] : llvm::enumerate(sig.input_arg())) {
    Type elt = arg.type() != tensorflow::DT_INVALID ? convertDataType(ctx, arg.type()) : nullptr;
    if (!elt) // polymorphic (type_attr) or unsupported: element type unknown
      elt = ::mlir::tfcc::VariantType::get(ctx);
    Type t = UnrankedTensorType::get(elt);
    auto attrs = fdef.arg_attr().find(i);
    if (attrs != fdef.arg_attr().end()) {
      auto shapes = attrs->second.attr().find("_output_shapes");
      if (shapes != attrs->second.attr().end() && shapes->second.list().shape_size() == 1 &&
          !shapes->second.list().shape(0).unknown_rank()) {
        SmallVector<int64_t> dims;
        for (const auto &d : shapes->second.list().shape(0).dim())
          dims.push_back(d.size() < 0 ? ShapedType::kDynamic : d.size());
        t = RankedTensorType::get(dims, elt);
      }
    }
    argTypes.push_back(t);
  }
  // Imports nest (a body calls another function): keep the caller's place.
  OpBuilder::InsertionGuard guard(builder);
  builder.setInsertionPointToEnd(module.getBody());
  auto fn = func::FuncOp::create(builder, fnLoc, sig.name(), FunctionType::get(ctx, argTypes, {}));
  fn.setPrivate();
  Block *entry = fn.addEntryBlock();
  builder.setInsertionPointToStart(entry);
  for (auto [i, arg] : llvm::enumerate(sig.input_arg()))
    scope.outputs[arg.name()] = {entry->getArgument(i)};
  for (const NodeDef &n : fdef.node_def())
    scope.nodes[n.name()] = &n;

  // Function bodies come unordered: visit inputs first (cycles are errors).
  llvm::StringMap<int> state; // 1 visiting, 2 done
  std::function<LogicalResult(const NodeDef &)> visit = [&](const NodeDef &n) -> LogicalResult {
    int &s = state[n.name()];
    if (s == 2)
      return success();
    if (s == 1)
      return emitError(nodeLoc(n.name(), scope)) << "cycle through this node";
    s = 1;
    for (const std::string &in : n.input()) {
      StringRef name = StringRef(in).ltrim('^').split(':').first;
      auto it = scope.nodes.find(name);
      if (it != scope.nodes.end() && failed(visit(*it->second)))
        return failure();
    }
    s = 2;
    return importNode(n, scope);
  };
  for (const NodeDef &n : fdef.node_def())
    if (failed(visit(n)))
      return failure();

  SmallVector<Value> results;
  for (const auto &out : sig.output_arg()) {
    auto it = fdef.ret().find(out.name());
    if (it == fdef.ret().end())
      return emitError(fnLoc) << "output '" << out.name() << "' has no ret entry";
    auto v = resolveInput(tensorflow::NodeDef(), -1, it->second, scope, false);
    if (failed(v))
      return failure();
    results.push_back(*v);
  }
  func::ReturnOp::create(builder, fnLoc, results);
  fn.setType(FunctionType::get(ctx, argTypes, ValueRange(results).getTypes()));
  return success();
}

//===----------------------------------------------------------------------===//
// Nodes.
//===----------------------------------------------------------------------===//

FailureOr<Value> Importer::resolveInput(const NodeDef &node, int index, StringRef input,
                                        Scope &scope, bool wantRef) {
  Location loc = node.name().empty() ? scope.parent : nodeLoc(node.name(), scope);
  std::string producer;
  int64_t outIndex = 0;
  if (scope.inFunction) {
    // "arg", "node:out_arg:index" or "node:index".
    SmallVector<StringRef> parts;
    input.split(parts, ':');
    producer = parts[0].str();
    if (parts.size() == 3) {
      parts[2].getAsInteger(10, outIndex);
      auto it = scope.nodes.find(producer);
      if (it != scope.nodes.end()) {
        StringRef op = it->second->op();
        auto lib = library.find(op);
        if (lib != library.end()) {
          int64_t base = 0;
          for (const auto &a : lib->second->signature().output_arg()) {
            if (a.name() == parts[1])
              break;
            ++base;
          }
          outIndex += base;
        } else if (auto info = RegisteredOperationName::lookup(("tfcc." + op).str(), ctx);
                   info && info->getInterface<::mlir::tfcc::TFOp>()) {
          int64_t pos = info->getInterface<::mlir::tfcc::TFOp>()->outputArgIndex(parts[1]);
          if (pos < 0)
            return emitError(loc) << "input " << index << " '" << input << "': " << op
                                  << " has no output '" << parts[1] << "'";
          outIndex += pos;
        } else if (auto m = v1OutputArgs().find(op); m != v1OutputArgs().end()) {
          auto pos = llvm::find(m->second, parts[1].str());
          outIndex += pos - m->second.begin();
        }
      }
    } else if (parts.size() == 2) {
      parts[1].getAsInteger(10, outIndex);
    }
  } else {
    frontend::TensorId id;
    if (!frontend::parseTensorId(input.str(), &id))
      return emitError(loc) << "input " << index << " '" << input << "' is malformed";
    producer = id.node;
    outIndex = id.index;
  }
  auto it = scope.outputs.find(producer);
  if (it == scope.outputs.end())
    return emitError(loc) << "input " << index << " '" << input
                          << "' names no node that was imported before it";
  if (outIndex >= (int64_t)it->second.size() || !it->second[outIndex])
    return emitError(loc) << "input " << index << " '" << input << "' but node '" << producer
                          << "' has " << it->second.size() << " outputs";
  Value v = it->second[outIndex];
  if (!wantRef && refValues.contains(v)) {
    // A TF1 ref consumed as a value: read the variable here.
    auto handle = v.getDefiningOp<::mlir::tfcc::VariableV2Op>();
    auto var = variables.lookup(handle.getVariable());
    v = ::mlir::tfcc::ReadVariableOp::create(builder, loc, var.getType(), v, TypeAttr());
  }
  return v;
}

FailureOr<FlatSymbolRefAttr> Importer::declareVariable(const NodeDef &node, Location loc) {
  auto attr = [&](const char *name) -> const tensorflow::AttrValue * {
    auto it = node.attr().find(name);
    return it == node.attr().end() ? nullptr : &it->second;
  };
  std::string name = frontend::variableNameOf(node);
  if (auto it = variables.find(name); it != variables.end())
    return FlatSymbolRefAttr::get(it->second.getSymNameAttr());
  auto *dtype = attr("dtype");
  Type elt = dtype ? convertDataType(ctx, dtype->type()) : nullptr;
  if (!elt)
    return emitError(loc) << "variable needs a supported 'dtype' attribute";
  Type type = UnrankedTensorType::get(elt);
  if (auto *shape = attr("shape"); shape && !shape->shape().unknown_rank()) {
    SmallVector<int64_t> dims;
    for (const auto &d : shape->shape().dim())
      dims.push_back(d.size() < 0 ? ShapedType::kDynamic : d.size());
    type = RankedTensorType::get(dims, elt);
  }
  OpBuilder::InsertionGuard guard(builder);
  builder.setInsertionPointToStart(module.getBody());
  auto var = ::mlir::tfcc::VariableOp::create(builder, loc, builder.getStringAttr(name),
                                      TypeAttr::get(type), builder.getStringAttr(""),
                                      /*trainable=*/nullptr);
  variables[name] = var;
  return FlatSymbolRefAttr::get(var.getSymNameAttr());
}

SmallVector<Type> Importer::initialResultTypes(const NodeDef &node, int64_t count) {
  // Dtypes from TF's own attributes where the node declares them; shape
  // rules refine them once the op exists.
  SmallVector<Type> elts;
  auto typeList = [&](const char *name) {
    auto it = node.attr().find(name);
    if (it == node.attr().end() || it->second.value_case() != tensorflow::AttrValue::kList)
      return false;
    for (int t : it->second.list().type())
      elts.push_back(convertDataType(ctx, static_cast<tensorflow::DataType>(t)));
    return true;
  };
  if (node.op() == "VarHandleOp" || isRefVariableOp(node.op())) {
    elts.assign(count, ::mlir::tfcc::ResourceType::get(ctx));
  } else if (!typeList("Tout") && !typeList("output_types") && !typeList("dtypes") &&
             !typeList("component_types") && !typeList("T")) {
    // `T` names the input dtype of most ops; it is the output dtype only of
    // ops that pass their input through, as TF1 control flow does (opaque
    // until it gets ops of its own).
    static const llvm::StringSet<> passThrough = {
        "Switch", "RefSwitch", "Merge", "RefMerge", "Enter", "RefEnter", "Exit",
        "RefExit", "NextIteration", "RefNextIteration", "Identity", "Snapshot"};
    bool known = RegisteredOperationName::lookup(("tfcc." + node.op()), ctx).has_value();
    Type single;
    if (node.op() == "LoopCond")
      single = IntegerType::get(ctx, 1);
    for (const char *name : {"dtype", "DstT", "out_type", "output_type", "T"}) {
      if (single || (StringRef(name) == "T" && !known && !passThrough.contains(node.op())))
        break;
      auto it = node.attr().find(name);
      if (it != node.attr().end() && it->second.value_case() == tensorflow::AttrValue::kType) {
        single = convertDataType(ctx, it->second.type());
        break;
      }
    }
    // Otherwise the dtype is unknown, which every shape rule accepts.
    if (!single)
      single = ::mlir::tfcc::VariantType::get(ctx);
    elts.assign(count, single);
    // Merge's second output is the index of the input it took.
    if ((node.op() == "Merge" || node.op() == "RefMerge") && count == 2)
      elts[1] = IntegerType::get(ctx, 32);
  }
  if ((int64_t)elts.size() != count)
    elts.resize(count, ::mlir::tfcc::VariantType::get(ctx));
  SmallVector<Type> types;
  // Shapes the graph recorded: TF's own, or those of functional control flow.
  auto shapes = node.attr().find("_output_shapes");
  if (shapes == node.attr().end())
    shapes = node.attr().find("output_shapes");
  bool isHandle = node.op() == "VarHandleOp" || isRefVariableOp(node.op());
  for (int64_t i = 0; i < count; ++i) {
    Type elt = elts[i] ? elts[i] : ::mlir::tfcc::VariantType::get(ctx);
    Type t = isHandle ? Type(RankedTensorType::get({}, elt)) : Type(UnrankedTensorType::get(elt));
    if (shapes != node.attr().end() && i < shapes->second.list().shape_size() &&
        !shapes->second.list().shape(i).unknown_rank()) {
      SmallVector<int64_t> dims;
      for (const auto &d : shapes->second.list().shape(i).dim())
        dims.push_back(d.size() < 0 ? ShapedType::kDynamic : d.size());
      t = RankedTensorType::get(dims, elt);
    }
    types.push_back(t);
  }
  return types;
}

LogicalResult Importer::importNode(const NodeDef &node, Scope &scope) {
  Location loc = nodeLoc(node.name(), scope);
  StringRef opType = node.op();
  // Fed outputs are arguments already; a fully fed node needs no op.
  if (!scope.inFunction) {
    auto fed = scope.outputs.find(node.name());
    if (fed != scope.outputs.end() && !fed->second.empty() && fed->second[0])
      if (opType == "Placeholder" || opType == "PlaceholderWithDefault" || opType == "_Arg")
        return success();
    if (opType == "Placeholder" || opType == "_Arg")
      return emitError(loc) << opType << " is needed by the fetches but not fed";
    if (opType == "_Retval")
      return success();
  }

  bool isCall = library.count(opType) > 0;
  std::string mlirName = ("tfcc." + opType).str();
  if (isRefVariableOp(opType))
    mlirName = "tfcc.VariableV2";
  if (isCall)
    mlirName = "tfcc.PartitionedCall";
  std::optional<RegisteredOperationName> info = RegisteredOperationName::lookup(mlirName, ctx);
  ::mlir::tfcc::TFOp::Concept *tfop = info ? info->getInterface<::mlir::tfcc::TFOp>() : nullptr;
  // Polymorphic function bodies (attr placeholders) and constants of dtypes
  // with no MLIR elements stay opaque: they keep the node, not its meaning.
  for (const auto &kv : node.attr()) {
    const tensorflow::AttrValue &v = kv.second;
    if (v.value_case() == tensorflow::AttrValue::kPlaceholder ||
        (v.value_case() == tensorflow::AttrValue::kTensor && !isElementsDtype(v.tensor().dtype())))
      tfop = nullptr;
  }

  // Data inputs (control inputs only order nodes, which the caller did).
  SmallVector<Value> operands;
  SmallVector<Attribute> backEdges;
  int dataIndex = 0;
  for (const std::string &in : node.input()) {
    if (StringRef(in).starts_with("^"))
      continue;
    // Back edges of TF1 loops (NextIteration -> Merge) are not defined yet
    // here: they are kept as names until v1 control flow gets ops.
    StringRef producer = StringRef(in).split(':').first;
    if (opType == "Merge" && !scope.outputs.count(producer)) {
      backEdges.push_back(builder.getStringAttr(in));
      ++dataIndex;
      continue;
    }
    bool wantRef = tfop && tfop->isRefInput(dataIndex);
    auto v = resolveInput(node, dataIndex, in, scope, wantRef);
    if (failed(v))
      return failure();
    // A ref that reached here through TF1 control flow is no handle: the
    // node stays opaque until v1 control flow is lowered.
    if (wantRef && !isa<::mlir::tfcc::ResourceType, ::mlir::tfcc::VariantType>(
                       ::mlir::tfcc::elementTypeOf(v->getType())))
      tfop = nullptr;
    operands.push_back(*v);
    ++dataIndex;
  }

  bool opaque = !tfop;

  // Attributes: TF's, less TF-internal ones; variables become symbols.
  NamedAttrList attrs;
  SmallVector<std::pair<std::string, const tensorflow::AttrValue *>> sorted;
  for (const auto &kv : node.attr())
    sorted.push_back({kv.first, &kv.second});
  llvm::sort(sorted, [](auto &a, auto &b) { return a.first < b.first; });
  for (auto &[name, value] : sorted) {
    if (isInternalAttr(name))
      continue;
    auto a = convertAttr(loc, name, *value);
    if (failed(a))
      return failure();
    attrs.set(name, *a);
  }
  if (!node.device().empty())
    attrs.set("device", builder.getStringAttr(node.device()));
  if (opType == "VarHandleOp" || isRefVariableOp(opType)) {
    auto sym = declareVariable(node, loc);
    if (failed(sym))
      return failure();
    attrs.set("variable", *sym);
  }
  if (isCall)
    attrs.set("f", FlatSymbolRefAttr::get(ctx, opType));
  // A node whose functions cannot be had imports, but cannot be compiled:
  // it stays opaque and says why.
  std::string opaqueReason = importReferencedFunctions(node);
  if (!opaqueReason.empty())
    opaque = true;
  if (!opaque && (opType == "PartitionedCall" || opType == "StatefulPartitionedCall")) {
    auto f = node.attr().find("f");
    auto tout = node.attr().find("Tout");
    if (f != node.attr().end() && tout != node.attr().end() &&
        library.count(f->second.func().name()) &&
        library[f->second.func().name()]->signature().output_arg_size() !=
            tout->second.list().type_size()) {
      opaque = true;
      opaqueReason = "Tout lists " + std::to_string(tout->second.list().type_size()) +
                     " outputs but @" + f->second.func().name() + " returns " +
                     std::to_string(library[f->second.func().name()]->signature().output_arg_size());
    }
  }

  // How many outputs: the op knows, else the graph's uses tell.
  int64_t count = outputCount(node, operands.size());
  if (count < 0)
    count = scope.inFunction ? 1 : 0;
  // Uses in the graph may need more outputs than could be told.
  if (!scope.inFunction)
    count = std::max(count, usedOutputs.lookup(node.name()));
  SmallVector<Type> types = initialResultTypes(node, count);

  OperationState state(loc, opaque ? "tfcc.opaque" : mlirName);
  state.addOperands(operands);
  state.addTypes(types);
  if (opaque) {
    state.addAttribute("tf_op", builder.getStringAttr(opType));
    state.addAttribute("tf_attrs", attrs.getDictionary(ctx));
    if (!opaqueReason.empty())
      state.addAttribute("reason", builder.getStringAttr(opaqueReason));
    if (!backEdges.empty())
      state.addAttribute("tfcc.back_edges", builder.getArrayAttr(backEdges));
  } else {
    // Attributes the op declares must have the kinds it declares.
    if (failed(info->verifyInherentAttrs(attrs, [&]() { return emitError(loc); })))
      return failure();
    state.addAttributes(attrs);
  }
  Operation *op = builder.create(state);
  if (!opaque) {
    // A missing required attribute must fail before the shape rule reads
    // it. The op's invariants may also fail on the provisional result
    // types; only attribute complaints count here.
    std::string missing;
    {
      ScopedDiagnosticHandler capture(ctx, [&](Diagnostic &d) {
        std::string msg = d.str();
        if (missing.empty() && StringRef(msg).contains("requires attribute"))
          missing = msg;
        return success();
      });
      (void)info->verifyInvariants(op);
    }
    if (!missing.empty()) {
      op->erase();
      return emitError(loc) << missing;
    }
    if (auto rule = dyn_cast<::mlir::tfcc::ShapeInference>(op)) {
      SmallVector<Type> refined;
      if (failed(rule.refineResultTypes(refined)))
        return failure();
      if (refined.size() != op->getNumResults())
        return emitError(loc) << "has " << op->getNumResults() << " outputs but " << opType
                              << " gives " << refined.size();
      for (auto [r, t] : llvm::zip(op->getResults(), refined)) {
        // A shape the graph recorded is kept when the rule cannot tell one.
        if (!::mlir::tfcc::shapeOf(t) && ::mlir::tfcc::shapeOf(r.getType()) &&
            ::mlir::tfcc::elementTypeOf(r.getType()) == ::mlir::tfcc::elementTypeOf(t))
          continue;
        r.setType(t);
      }
    }
  }
  auto &outs = scope.outputs[node.name()];
  outs.assign(op->result_begin(), op->result_end());
  if (isRefVariableOp(opType))
    refValues.insert(op->getResult(0));
  return success();
}

OwningOpRef<ModuleOp> importGraphDef(MLIRContext *context, const tensorflow::GraphDef &graph,
                                     const ImportOptions &options) {
  context->loadDialect<::mlir::tfcc::TFCCDialect, func::FuncDialect>();
  Importer importer(context, graph, options);
  return importer.run();
}

} // namespace tfcc

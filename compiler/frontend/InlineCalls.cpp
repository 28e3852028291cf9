// inlineCalls: function calls spelled out as nodes of the graph, for code
// that reads GraphDefs without MLIR (the checkpoint planner: TF2 puts its
// Saver ops in __inference__traced_save/restore functions).
#include <set>
#include <unordered_map>

#include "compiler/frontend/GraphLoader.h"

namespace tfcc::frontend {

namespace {

using tensorflow::FunctionDef;
using tensorflow::NodeDef;

/// "node:out:idx" (a function body's input) as a graph input "prefix/node:idx".
std::string rename(const std::string &input, const std::string &prefix,
                   const std::set<std::string> &bodyNodes,
                   const std::unordered_map<std::string, std::string> &args) {
  bool control = !input.empty() && input[0] == '^';
  std::string ref = control ? input.substr(1) : input;
  size_t colon = ref.find(':');
  std::string node = ref.substr(0, colon);
  if (!bodyNodes.count(node)) { // a function argument
    auto it = args.find(node);
    std::string outer = it == args.end() ? node : it->second;
    if (control) {
      TensorId id;
      return parseTensorId(outer, &id) ? "^" + id.node : "^" + outer;
    }
    return outer;
  }
  std::string index;
  if (colon != std::string::npos) {
    size_t last = ref.rfind(':');
    index = ref.substr(last + 1);
  }
  std::string out = prefix + node + (index.empty() || index == "0" ? "" : ":" + index);
  return control ? "^" + out : out;
}

} // namespace

const FunctionDef *calledFunction(const tensorflow::GraphDef &graph, const NodeDef &node) {
  if (node.op() != "StatefulPartitionedCall" && node.op() != "PartitionedCall")
    return nullptr;
  auto f = node.attr().find("f");
  if (f == node.attr().end())
    return nullptr;
  for (const FunctionDef &fn : graph.library().function())
    if (fn.signature().name() == f->second.func().name())
      return &fn;
  return nullptr;
}

Status inlineCalls(tensorflow::GraphDef *graph, const std::string &file,
                   const std::function<bool(const NodeDef &, const FunctionDef &)> &which) {
  const int count = graph->node_size();
  for (int i = 0; i < count; ++i) {
    NodeDef call = graph->node(i);
    const FunctionDef *fn = calledFunction(*graph, call);
    if (!fn || !which(call, *fn))
      continue;
    const FunctionDef &body = *fn; // the library does not change below
    // Output indices are the last field of "node:out:idx"; that holds for
    // the ops with one output list this is used for.
    std::unordered_map<std::string, std::string> args;
    std::vector<std::string> controls;
    int data = 0;
    for (const std::string &in : call.input()) {
      if (!in.empty() && in[0] == '^') {
        controls.push_back(in);
        continue;
      }
      if (data >= body.signature().input_arg_size())
        return Status::error(file + ": node '" + call.name() + "': more inputs than function '" +
                             body.signature().name() + "' has arguments");
      args[body.signature().input_arg(data++).name()] = in;
    }
    std::set<std::string> bodyNodes;
    for (const NodeDef &n : body.node_def())
      bodyNodes.insert(n.name());
    const std::string prefix = call.name() + "/";
    NodeDef *replaced = graph->mutable_node(i);
    replaced->clear_input();
    replaced->clear_attr();
    for (const NodeDef &n : body.node_def()) {
      NodeDef *copy = graph->add_node();
      *copy = n;
      copy->set_name(prefix + n.name());
      copy->clear_input();
      for (const std::string &in : n.input())
        copy->add_input(rename(in, prefix, bodyNodes, args));
      for (const std::string &c : controls)
        copy->add_input(c);
    }
    // The call becomes its first result, depending on every body node: a
    // call runs all of its body's side effects.
    const auto &outputs = body.signature().output_arg();
    if (outputs.empty()) {
      replaced->set_op("NoOp");
    } else {
      auto ret = body.ret().find(outputs[0].name());
      if (ret == body.ret().end())
        return Status::error(file + ": node '" + call.name() + "': function '" +
                             body.signature().name() + "' does not return '" +
                             outputs[0].name() + "'");
      replaced->set_op("Identity");
      replaced->add_input(rename(ret->second, prefix, bodyNodes, args));
    }
    for (const NodeDef &n : body.node_def())
      replaced->add_input("^" + prefix + n.name());
  }
  return Status{};
}

} // namespace tfcc::frontend
